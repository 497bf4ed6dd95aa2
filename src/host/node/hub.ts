// The only network code in Scaling Lens (issue 11 §3c): fetch one model's config.json from the
// Hugging Face Hub, when the user asked for it (CLI --hub; setting scalingLens.hub.fetch, off by
// default). GET <endpoint>/<org>/<name>/resolve/main/config.json, no credentials sent, a time
// limit for the whole request, a size limit while reading, at most 3 redirects, and an on-disk
// cache so a model is fetched once. node:https goes through VS Code's proxy support when it runs
// in the extension host (http.proxy / http.proxySupport patch the Node agents).

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { join } from 'node:path';
import { isHubId, MAX_MODEL_CONFIG_BYTES, parseModelConfig, type HubFetch } from '../../configs/resolve/modelResolver';

export const DEFAULT_HUB_ENDPOINT = 'https://huggingface.co';

export interface HubOptions {
  /** Base URL, like huggingface_hub's HF_ENDPOINT (setting scalingLens.hub.endpoint). */
  readonly endpoint?: string;
  /** Whole request, connection to last byte. */
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
  /** Directory of fetched config.json files (the extension's global storage; the CLI's user cache). */
  readonly cacheDir?: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_REDIRECTS = 3;

/** The URL of a repo's config.json on the main revision. */
export function hubConfigUrl(repoId: string, endpoint = DEFAULT_HUB_ENDPOINT): string {
  const base = endpoint.replace(/\/+$/, '');
  return `${base}/${repoId.split('/').map(encodeURIComponent).join('/')}/resolve/main/config.json`;
}

/** Cache file of a repo: `org--name.config.json` (the id is checked first, so no path escapes). */
function cacheFile(dir: string, repoId: string): string {
  return join(dir, `${repoId.replace(/\//g, '--')}.config.json`);
}

type Got = { readonly text: string; readonly url: string } | { readonly error: string };

function get(url: string, timeoutMs: number, maxBytes: number, redirects: number, deadline: number): Promise<Got> {
  return new Promise((resolve) => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      resolve({ error: `${url} is not a URL` });
      return;
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:') {
      resolve({ error: `${url}: only http(s) endpoints are fetched` });
      return;
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      resolve({ error: `no answer from ${u.host} within ${timeoutMs / 1000} s` });
      return;
    }
    let settled = false;
    const done = (g: Got) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(g);
    };
    const lib = u.protocol === 'https:' ? https : http;
    const req = lib.get(u, { headers: { accept: 'application/json', 'user-agent': 'scaling-lens' } }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        if (redirects >= MAX_REDIRECTS) return done({ error: `${url}: more than ${MAX_REDIRECTS} redirects` });
        const next = new URL(res.headers.location, u).toString();
        void get(next, timeoutMs, maxBytes, redirects + 1, deadline).then(done);
        return;
      }
      if (status !== 200) {
        res.resume();
        const why =
          status === 404
            ? 'no such model (or no config.json)'
            : status === 401 || status === 403
              ? 'gated or private: the Hub wants a token, and Scaling Lens sends none'
              : `HTTP ${status}`;
        return done({ error: `${url}: ${why}` });
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        res.destroy();
        return done({ error: `${url}: ${declared} bytes, more than a model config.json (limit ${maxBytes})` });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) {
          res.destroy();
          done({ error: `${url}: more than ${maxBytes} bytes, not a model config.json` });
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => done({ text: Buffer.concat(chunks).toString('utf8'), url }));
      res.on('error', (e) => done({ error: `${url}: ${e.message}` }));
    });
    const timer = setTimeout(() => {
      req.destroy();
      done({ error: `no answer from ${u.host} within ${timeoutMs / 1000} s` });
    }, left);
    req.on('error', (e) => done({ error: `${url}: ${e.message}` }));
  });
}

/**
 * A Hub fetcher for resolveModel: the cached copy if there is one, else one GET. Only a body that
 * parses as a model config.json is returned and cached.
 */
export function hubFetcher(options: HubOptions = {}): HubFetch {
  const endpoint = options.endpoint || DEFAULT_HUB_ENDPOINT;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? MAX_MODEL_CONFIG_BYTES;
  return async (repoId) => {
    if (!isHubId(repoId)) return { error: `"${repoId}" is not a Hugging Face model id` };
    const url = hubConfigUrl(repoId, endpoint);
    if (options.cacheDir) {
      try {
        const text = readFileSync(cacheFile(options.cacheDir, repoId), 'utf8');
        if (!('error' in parseModelConfig(text, url))) return { text, url: `${url} (cached)` };
      } catch {
        // Not cached yet.
      }
    }
    const got = await get(url, timeoutMs, maxBytes, 0, Date.now() + timeoutMs);
    if ('error' in got) return got;
    const parsed = parseModelConfig(got.text, got.url);
    if ('error' in parsed) return parsed;
    if (options.cacheDir) {
      try {
        mkdirSync(options.cacheDir, { recursive: true });
        const file = cacheFile(options.cacheDir, repoId);
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, got.text);
        renameSync(tmp, file);
      } catch {
        // A cache that cannot be written costs a second fetch next time, nothing else.
      }
    }
    return got;
  };
}
