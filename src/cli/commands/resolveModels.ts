// Before `estimate` reads its files: the models they name that Scaling Lens's table lacks, looked
// up as resolve/modelResolver.ts says (a local path, the Hugging Face cache, then the Hub only
// with --hub). Asynchronous because the Hub is; the estimate itself stays synchronous.

import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { analyze } from '../../configs/analyze';
import { MAX_CONFIG_BYTES } from '../../configs/index';
import { resolveModel, type ModelResolution } from '../../configs/resolve/modelResolver';
import { hubFetcher } from '../../host/node/hub';
import { nodeModelEnvironment, nodeModelFiles } from '../../host/node/modelFiles';
import * as args from '../args';
import { readInputFile } from '../files';
import { ESTIMATE } from '../spec';

/** Where `--hub` keeps fetched config.json files: $XDG_CACHE_HOME/scaling-lens/hub or ~/.cache/scaling-lens/hub. */
export function cliHubCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'scaling-lens', 'hub');
}

/** Per file, the resolution of each model it names that the table lacks. Files that cannot be read are left to estimateFiles to report. */
export async function resolveModels(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<Map<string, Map<string, ModelResolution>>> {
  const { values, positionals } = args.parseCommand(argv, ESTIMATE);
  const endpoint = typeof values['hub-endpoint'] === 'string' ? values['hub-endpoint'] : env.HF_ENDPOINT;
  const hub = values.hub ? hubFetcher({ ...(endpoint ? { endpoint } : {}), cacheDir: cliHubCacheDir(env) }) : undefined;
  const out = new Map<string, Map<string, ModelResolution>>();
  for (const file of positionals) {
    let text: string;
    try {
      text = readInputFile(file, MAX_CONFIG_BYTES, 'a training config');
    } catch {
      continue;
    }
    const a = analyze(text, file, {});
    if (!a.ok) continue;
    const ids = new Set<string>();
    for (const u of a.result.unresolvedModels ?? []) ids.add(u.id);
    if (ids.size === 0) continue;
    const found = new Map<string, ModelResolution>();
    const environment = nodeModelEnvironment(dirname(resolve(file)), [process.cwd()], env);
    for (const id of ids) found.set(id, await resolveModel(id, nodeModelFiles, environment, hub));
    out.set(file, found);
  }
  return out;
}
