// Resolving a model the table lacks (issue 11 §3), without guessing: the config names a model
// (`model_name_or_path: ./my-model`, `base_model: org/name`) whose config.json is found, in
// order, (a) at a local path, (b) in the local Hugging Face cache, (c) on the Hub, only when the
// user allows it. Pure: the host passes a file source (vscode.workspace.fs in the editor, node:fs
// in the CLI) and, when allowed, a Hub fetcher (src/host/node/hub.ts, the only network code).
// The result goes into ReadContext.models; the readers count it and say where it came from.

import type { HfConfigDict } from '../registry/hf';

export type ModelSourceKind = 'local' | 'cache' | 'hub';

export interface ResolvedModel {
  /** The model as the file writes it (`./my-model`, `org/name`). */
  readonly id: string;
  readonly config: HfConfigDict;
  readonly kind: ModelSourceKind;
  /** The config.json that was read: a path, or the Hub URL. */
  readonly location: string;
  /** What every surface shows: `resolved from /abs/my-model/config.json`. */
  readonly origin: string;
}

export interface UnresolvedModel {
  readonly id: string;
  /** Where Scaling Lens looked, in order. */
  readonly tried: readonly string[];
  /** One sentence: why it is still unknown and how to fix it. */
  readonly reason: string;
}

export type ModelResolution = ResolvedModel | UnresolvedModel;

export const isResolved = (r: ModelResolution): r is ResolvedModel => 'config' in r;

/** What the host lets the resolver read. Paths use `/` (node and vscode accept it everywhere). */
export interface ModelFileSource {
  /** The file's text, or null when it does not exist or is not a file. */
  readText(path: string): Promise<string | null>;
  /** Names in a directory, or null when it does not exist. */
  list(path: string): Promise<readonly string[] | null>;
}

export interface ModelEnvironment {
  /** Directory of the config file being read. */
  readonly configDir: string;
  /** Where the run is launched from (workspace folders; the CLI's working directory). */
  readonly roots?: readonly string[];
  /** HF_HUB_CACHE, HF_HOME, XDG_CACHE_HOME and the home directory, as the host's environment has them. */
  readonly hfHubCache?: string;
  readonly hfHome?: string;
  readonly xdgCacheHome?: string;
  readonly home?: string;
}

/** The Hub, when the user allows it: config.json text of a repo, or why not. */
export type HubFetch = (repoId: string) => Promise<{ readonly text: string; readonly url: string } | { readonly error: string }>;

/** A config.json larger than this is not a model config (the largest real ones are a few KB). */
export const MAX_MODEL_CONFIG_BYTES = 1_000_000;

/** `org/name` or a legacy single name (`gpt2`): what the Hub and its cache know. */
export function isHubId(id: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)?$/.test(id) && !id.includes('..') && id.length <= 200;
}

/** `./x`, `../x`, `/x`, `~/x`, `C:\x`, `x\y`: a directory, never a Hub id. */
export function isLocalPath(id: string): boolean {
  return /^(\.{1,2}[\\/]|[\\/]|~[\\/]|[A-Za-z]:[\\/])/.test(id) || id.includes('\\') || id === '.' || id === '..';
}

/** Joins and normalises `/`-separated paths; an absolute `b` (or drive path) replaces `a`. */
export function joinPath(a: string, b: string): string {
  const bb = b.replace(/\\/g, '/');
  const base = /^(\/|[A-Za-z]:\/)/.test(bb) ? bb : `${a.replace(/\\/g, '/').replace(/\/+$/, '')}/${bb}`;
  const drive = /^[A-Za-z]:/.exec(base)?.[0] ?? '';
  const rest = base.slice(drive.length);
  const absolute = rest.startsWith('/');
  const out: string[] = [];
  for (const part of rest.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
      continue;
    }
    out.push(part);
  }
  return `${drive}${absolute ? '/' : ''}${out.join('/')}`;
}

/** huggingface_hub's cache directory: HF_HUB_CACHE, else $HF_HOME/hub, else $XDG_CACHE_HOME/huggingface/hub, else ~/.cache/huggingface/hub. */
export function hubCacheDir(env: ModelEnvironment): string | null {
  if (env.hfHubCache) return joinPath(env.hfHubCache, '.');
  if (env.hfHome) return joinPath(env.hfHome, 'hub');
  if (env.xdgCacheHome) return joinPath(env.xdgCacheHome, 'huggingface/hub');
  if (env.home) return joinPath(env.home, '.cache/huggingface/hub');
  return null;
}

/** A parsed config.json, or why it is not one. */
export function parseModelConfig(text: string, where: string): { config: HfConfigDict } | { error: string } {
  if (text.length > MAX_MODEL_CONFIG_BYTES)
    return { error: `${where} is ${text.length} bytes, more than a model config.json (limit ${MAX_MODEL_CONFIG_BYTES})` };
  let v: unknown;
  try {
    v = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { error: `${where} is not JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { error: `${where} is not a JSON object` };
  const o = v as Record<string, unknown>;
  const shaped = ['model_type', 'architectures', 'hidden_size', 'n_embd', 'd_model', 'text_config'].some((k) => k in o);
  if (!shaped) return { error: `${where} has none of the keys of a model config.json (model_type, architectures, hidden_size, …)` };
  return { config: o as HfConfigDict };
}

/** Directories the local path (or a Hub id that is also a local folder, as transformers checks first) may name. */
function localCandidates(id: string, env: ModelEnvironment): string[] {
  const expanded = /^~[\\/]/.test(id) && env.home ? joinPath(env.home, id.slice(2)) : id;
  if (/^(\/|[A-Za-z]:[\\/])/.test(expanded.replace(/\\/g, '/')) || /^[A-Za-z]:/.test(expanded)) return [joinPath(expanded, 'config.json')];
  const dirs = [env.configDir, ...(env.roots ?? [])];
  return [...new Set(dirs.map((d) => joinPath(joinPath(d, expanded), 'config.json')))];
}

/**
 * The model's config.json from a local path, the Hugging Face cache, or (when `hub` is given) the
 * Hub. Never throws: an unreadable file is reported as the reason.
 */
export async function resolveModel(id: string, files: ModelFileSource, env: ModelEnvironment, hub?: HubFetch): Promise<ModelResolution> {
  const name = id.trim();
  const tried: string[] = [];
  const problems: string[] = [];
  const read = async (path: string): Promise<string | null> => {
    tried.push(path);
    try {
      return await files.readText(path);
    } catch (e) {
      problems.push(`${path}: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    }
  };
  const accept = (text: string, kind: ModelSourceKind, location: string, origin: string): ResolvedModel | null => {
    const parsed = parseModelConfig(text, location);
    if ('error' in parsed) {
      problems.push(parsed.error);
      return null;
    }
    return { id: name, config: parsed.config, kind, location, origin };
  };

  const local = isLocalPath(name);
  if (local || isHubId(name)) {
    for (const path of localCandidates(name, env)) {
      const text = await read(path);
      if (text === null) continue;
      const hit = accept(text, 'local', path, `resolved from ${path}`);
      if (hit) return hit;
    }
  }
  if (local) {
    return { id: name, tried, reason: problems[0] ?? `no config.json at ${tried.join(' or ')}` };
  }
  if (!isHubId(name)) return { id: name, tried, reason: `"${name}" is neither a local directory nor a Hugging Face model id` };

  const cache = hubCacheDir(env);
  if (cache) {
    const repo = joinPath(cache, `models--${name.replace(/\//g, '--')}`);
    const revisions: string[] = [];
    try {
      const main = await files.readText(joinPath(repo, 'refs/main'));
      if (main && /^[0-9a-f]{7,64}\s*$/i.test(main)) revisions.push(main.trim());
    } catch {
      // No refs/main: fall back to the snapshots present.
    }
    const snapshots = await files.list(joinPath(repo, 'snapshots')).catch(() => null);
    for (const s of [...(snapshots ?? [])].sort()) if (!revisions.includes(s)) revisions.push(s);
    if (revisions.length === 0) tried.push(joinPath(repo, 'snapshots/*/config.json'));
    for (const rev of revisions) {
      const path = joinPath(repo, `snapshots/${rev}/config.json`);
      const text = await read(path);
      if (text === null) continue;
      const hit = accept(text, 'cache', path, `resolved from the Hugging Face cache (${path})`);
      if (hit) return hit;
    }
  }

  if (hub) {
    const got = await hub(name);
    if ('error' in got) {
      tried.push('the Hugging Face Hub');
      return { id: name, tried, reason: got.error };
    }
    tried.push(got.url);
    const hit = accept(got.text, 'hub', got.url, `resolved from the Hugging Face Hub (${got.url})`);
    if (hit) return hit;
    return { id: name, tried, reason: problems[problems.length - 1] ?? `${got.url} is not a model config.json` };
  }
  const why = problems[0] ? `${problems[0]}; ` : '';
  return {
    id: name,
    tried,
    reason: `${why}not in the local Hugging Face cache${cache ? ` (${cache})` : ''}; fetching its config.json from the Hub is off (setting scalingLens.hub.fetch, CLI --hub)`,
  };
}
