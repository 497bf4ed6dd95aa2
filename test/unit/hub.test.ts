// The opt-in Hub fetch (src/host/node/hub.ts) against a real HTTP server on 127.0.0.1 (node:http,
// no mock): a real model's config.json, a redirect, 404, a gated 401, a server that never
// answers, an oversized body, HTML instead of JSON, and the on-disk cache.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hubConfigUrl, hubFetcher } from '../../src/host/node/hub';
import { isResolved, resolveModel } from '../../src/configs/resolve/modelResolver';
import { nodeModelEnvironment, nodeModelFiles } from '../../src/host/node/modelFiles';
import { runAsync } from '../../src/cli/main';
import { fixture } from './reader-helpers';

// The Hub config.json of ibm-granite/granite-3.1-1b-a400m-instruct (Apache-2.0), unchanged, as
// vendored in leok7v/nano-lamma@c16de35338caf09b95babaf32b082f44aaad1883.
const GRANITE = fixture('hf-config/granite-moe/config.json');
const d = 1024;
const GRANITE_PARAMS = 24 * (2 * d * d + 2 * d * 512 + 32 * 3 * d * 512 + 32 * d + 2 * d) + d + 49155 * d;

let server: Server;
let endpoint: string;
const hits: string[] = [];

before(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? '';
    hits.push(url);
    if (url === '/my-org/granite-copy/resolve/main/config.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(GRANITE);
    } else if (url === '/old-org/granite-copy/resolve/main/config.json') {
      res.writeHead(307, { location: '/my-org/granite-copy/resolve/main/config.json' });
      res.end();
    } else if (url === '/gated/model/resolve/main/config.json') {
      res.writeHead(401);
      res.end('{"error":"Access to model gated/model is restricted."}');
    } else if (url === '/slow/model/resolve/main/config.json') {
      // Never answers: the client's time limit ends it.
    } else if (url === '/big/model/resolve/main/config.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(`{"model_type": "llama", "pad": "`);
      res.end(`${'x'.repeat(2_000_000)}"}`);
    } else if (url === '/html/model/resolve/main/config.json') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><html><body>Sign in</body></html>');
    } else {
      res.writeHead(404);
      res.end('Entry not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

test('hubConfigUrl: <endpoint>/<org>/<name>/resolve/main/config.json', () => {
  assert.equal(hubConfigUrl('Qwen/Qwen3-8B'), 'https://huggingface.co/Qwen/Qwen3-8B/resolve/main/config.json');
  assert.equal(hubConfigUrl('gpt2', 'http://127.0.0.1:9/'), 'http://127.0.0.1:9/gpt2/resolve/main/config.json');
});

test('a real config.json is fetched, followed through a redirect, and counted exactly', async () => {
  const fetch = hubFetcher({ endpoint, timeoutMs: 2000 });
  const got = await fetch('my-org/granite-copy');
  assert.ok(!('error' in got), JSON.stringify(got));
  assert.equal(got.text, GRANITE);
  const moved = await fetch('old-org/granite-copy');
  assert.ok(!('error' in moved), JSON.stringify(moved));
  assert.equal(moved.url, `${endpoint}/my-org/granite-copy/resolve/main/config.json`);
});

test('404, gated, timeout, oversize and non-JSON are one-line reasons, not configs', async () => {
  const fetch = hubFetcher({ endpoint, timeoutMs: 300, maxBytes: 100_000 });
  const reason = async (id: string) => {
    const g = await fetch(id);
    assert.ok('error' in g, `${id} fetched`);
    return g.error;
  };
  assert.match(await reason('missing/model'), /missing\/model\/resolve\/main\/config\.json: no such model/);
  assert.match(await reason('gated/model'), /gated or private/);
  const started = Date.now();
  assert.match(await reason('slow/model'), /no answer from 127\.0\.0\.1:\d+ within 0\.3 s/);
  assert.ok(Date.now() - started < 2000);
  assert.match(await reason('big/model'), /more than 100000 bytes/);
  assert.match(await reason('html/model'), /is not JSON/);
  assert.match(await reason('../../etc/passwd'), /not a Hugging Face model id/);
  // Nothing listens on this port (the server's, closed): a connection error, not a crash.
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const refused = await hubFetcher({ endpoint: `http://127.0.0.1:${port}`, timeoutMs: 1000 })('my-org/granite-copy');
  assert.ok('error' in refused && /ECONNREFUSED/.test(refused.error), JSON.stringify(refused));
});

test('the cache: a fetched config.json is read from disk the next time, without a request', async () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'scaling-lens-hub-'));
  try {
    const fetch = hubFetcher({ endpoint, timeoutMs: 2000, cacheDir });
    const first = await fetch('my-org/granite-copy');
    assert.ok(!('error' in first));
    assert.ok(existsSync(join(cacheDir, 'my-org--granite-copy.config.json')));
    const count = hits.length;
    const second = await fetch('my-org/granite-copy');
    assert.ok(!('error' in second) && second.url.endsWith('(cached)'));
    assert.equal(hits.length, count);
    // A failure is not cached.
    await fetch('html/model');
    assert.ok(!existsSync(join(cacheDir, 'html--model.config.json')));
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
});

test('(c) the Hub comes last and only when given: resolveModel and CLI --hub --hub-endpoint', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'scaling-lens-hubcli-'));
  try {
    const env = nodeModelEnvironment(dir, [], { HF_HOME: join(dir, 'hf') });
    const count = hits.length;
    const off = await resolveModel('my-org/granite-copy', nodeModelFiles, env);
    assert.ok(!isResolved(off));
    assert.equal(hits.length, count, 'no request without the Hub');
    const on = await resolveModel('my-org/granite-copy', nodeModelFiles, env, hubFetcher({ endpoint, timeoutMs: 2000 }));
    assert.ok(isResolved(on), JSON.stringify(on));
    assert.equal(on.origin, `resolved from the Hugging Face Hub (${endpoint}/my-org/granite-copy/resolve/main/config.json)`);

    const file = join(dir, 'train.yaml');
    writeFileSync(
      file,
      'model_name_or_path: my-org/granite-copy\nstage: pt\ndo_train: true\nfinetuning_type: full\ndataset: c4_demo\ncutoff_len: 1024\nper_device_train_batch_size: 1\nnum_train_epochs: 1.0\n',
    );
    const cliEnv = { HF_HOME: join(dir, 'hf'), XDG_CACHE_HOME: join(dir, 'cache') };
    const without = await runAsync(['estimate', file, '--json'], cliEnv);
    assert.equal((JSON.parse(without.stdout) as { params: { total: number | null } }).params.total, null);
    const withHub = await runAsync(['estimate', file, '--json', '--hub', '--hub-endpoint', endpoint], cliEnv);
    assert.equal(withHub.code, 0, withHub.stderr);
    const json = JSON.parse(withHub.stdout) as { params: { total: number }; warnings: string[] };
    assert.equal(json.params.total, GRANITE_PARAMS);
    assert.ok(
      json.warnings.some((w) => w.includes(`resolved from the Hugging Face Hub (${endpoint}/my-org/granite-copy/resolve/main/config.json)`)),
      json.warnings.join('\n'),
    );
    // Cached under $XDG_CACHE_HOME/scaling-lens/hub.
    assert.ok(existsSync(join(dir, 'cache', 'scaling-lens', 'hub', 'my-org--granite-copy.config.json')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
