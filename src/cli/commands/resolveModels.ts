// Before `estimate` prints: the models its files name that Scaling Lens's table lacks (as the
// first reading listed them), looked up as resolve/modelResolver.ts says (a local path, the
// Hugging Face cache, then the Hub only with --hub). Asynchronous because the Hub is; the
// estimate itself stays synchronous and reads the files again only when there was something to
// look up.

import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { resolveModel, type ModelResolution } from '../../configs/resolve/modelResolver';
import { resolveReferencedFile, type FileResolution } from '../../configs/resolve/referencedFiles';
import { hubFetcher } from '../../host/node/hub';
import { nodeModelEnvironment, nodeModelFiles } from '../../host/node/modelFiles';
import * as args from '../args';
import { ESTIMATE } from '../spec';

/** Where `--hub` keeps fetched config.json files: $XDG_CACHE_HOME/scaling-lens/hub or ~/.cache/scaling-lens/hub. */
export function cliHubCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'scaling-lens', 'hub');
}

/** Per file, the resolution of each model in `unresolved` (file -> ids). */
export async function resolveModels(
  argv: string[],
  unresolved: ReadonlyMap<string, readonly string[]>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Map<string, Map<string, ModelResolution>>> {
  const { values } = args.parseCommand(argv, ESTIMATE);
  const endpoint = typeof values['hub-endpoint'] === 'string' ? values['hub-endpoint'] : env.HF_ENDPOINT;
  const hub = values.hub ? hubFetcher({ ...(endpoint ? { endpoint } : {}), cacheDir: cliHubCacheDir(env) }) : undefined;
  const out = new Map<string, Map<string, ModelResolution>>();
  for (const [file, ids] of unresolved) {
    const found = new Map<string, ModelResolution>();
    const environment = nodeModelEnvironment(dirname(resolve(file)), [process.cwd()], env);
    for (const id of ids) found.set(id, await resolveModel(id, nodeModelFiles, environment, hub));
    out.set(file, found);
  }
  return out;
}

/**
 * Per file, what each file it points at (a DeepSpeed JSON) holds: read with the same bounded,
 * regular-file-only reader as a model's config.json, relative to the config's folder, then the
 * working directory.
 */
export async function resolveFiles(
  unresolved: ReadonlyMap<string, readonly string[]>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Map<string, Map<string, FileResolution>>> {
  const out = new Map<string, Map<string, FileResolution>>();
  for (const [file, paths] of unresolved) {
    const found = new Map<string, FileResolution>();
    const environment = nodeModelEnvironment(dirname(resolve(file)), [process.cwd()], env);
    for (const p of paths) found.set(p, await resolveReferencedFile(p, nodeModelFiles, environment));
    out.set(file, found);
  }
  return out;
}
