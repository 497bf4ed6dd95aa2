// node:fs and the process environment for resolve/modelResolver.ts (the CLI; the extension host
// can use it too for local files). Reads are size-limited: a config.json is a few KB.

import { readdirSync, statSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { MAX_MODEL_CONFIG_BYTES, type ModelEnvironment, type ModelFileSource } from '../../configs/resolve/modelResolver';

export const nodeModelFiles: ModelFileSource = {
  readText(path) {
    try {
      const s = statSync(path);
      if (!s.isFile()) return Promise.resolve(null);
      if (s.size > MAX_MODEL_CONFIG_BYTES) return Promise.reject(new Error(`${s.size} bytes, more than a model config.json`));
      return Promise.resolve(readFileSync(path, 'utf8'));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return Promise.resolve(null);
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  },
  list(path) {
    try {
      return Promise.resolve(readdirSync(path));
    } catch {
      return Promise.resolve(null);
    }
  },
};

/** The Hugging Face cache locations as huggingface_hub reads them from the environment. */
export function nodeModelEnvironment(configDir: string, roots: readonly string[], env: NodeJS.ProcessEnv = process.env): ModelEnvironment {
  return {
    configDir,
    roots,
    ...(env.HF_HUB_CACHE ? { hfHubCache: env.HF_HUB_CACHE } : {}),
    ...(env.HF_HOME ? { hfHome: env.HF_HOME } : {}),
    ...(env.XDG_CACHE_HOME ? { xdgCacheHome: env.XDG_CACHE_HOME } : {}),
    home: homedir(),
  };
}
