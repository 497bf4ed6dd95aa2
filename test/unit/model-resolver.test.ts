// Resolving a model the table lacks (issue 11 §3): a local path's config.json, the Hugging Face
// cache layout (models--org--name/refs/main, snapshots/<rev>/config.json), and nothing else
// unless the Hub is allowed. Real files in temporary directories, read through node:fs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../src/configs/analyze';
import { hubCacheDir, isResolved, joinPath, resolveModel, type ModelResolution } from '../../src/configs/resolve/modelResolver';
import { nodeModelEnvironment, nodeModelFiles } from '../../src/host/node/modelFiles';
import { runAsync } from '../../src/cli/main';
import { fixture } from './reader-helpers';

// The Hub config.json of ibm-granite/granite-3.1-1b-a400m-instruct (Apache-2.0), unchanged, as
// vendored in leok7v/nano-lamma@c16de35338caf09b95babaf32b082f44aaad1883 (see readers-hf.test.ts).
const GRANITE = fixture('hf-config/granite-moe/config.json');
// GraniteMoe: q/o 1024², k/v 1024×512, 32 experts of 3·1024·512, router 1024×32, two RMSNorms a layer,
// 24 layers, final norm, tied 49,155 × 1024 embedding.
const d = 1024;
const GRANITE_PARAMS = 24 * (2 * d * d + 2 * d * 512 + 32 * 3 * d * 512 + 32 * d + 2 * d) + d + 49155 * d;

const recipe = (model: string) =>
  `### model\nmodel_name_or_path: ${model}\n\n### method\nstage: pt\ndo_train: true\nfinetuning_type: full\n\n### dataset\ndataset: c4_demo\ncutoff_len: 1024\nmax_samples: 1000\n\n### train\nper_device_train_batch_size: 1\ngradient_accumulation_steps: 2\nnum_train_epochs: 1.0\n`;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'scaling-lens-models-'));
}

function writeFile(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

const total = (text: string, file: string, models?: ReadonlyMap<string, ModelResolution>) => {
  const a = analyze(text, file, { ctx: models ? { models } : {} });
  assert.ok(a.ok);
  return a;
};

test('paths: joinPath normalises, the cache dir follows HF_HUB_CACHE > HF_HOME > XDG_CACHE_HOME > ~/.cache', () => {
  assert.equal(joinPath('/a/b/', './c/../d/config.json'), '/a/b/d/config.json');
  assert.equal(joinPath('/a/b', '/abs/x'), '/abs/x');
  assert.equal(joinPath('C:\\proj\\cfg', '..\\models\\m'), 'C:/proj/models/m');
  assert.equal(hubCacheDir({ configDir: '/', hfHubCache: '/c/hub', hfHome: '/h', home: '/u' }), '/c/hub');
  assert.equal(hubCacheDir({ configDir: '/', hfHome: '/h', home: '/u' }), '/h/hub');
  assert.equal(hubCacheDir({ configDir: '/', xdgCacheHome: '/x', home: '/u' }), '/x/huggingface/hub');
  assert.equal(hubCacheDir({ configDir: '/', home: '/u' }), '/u/.cache/huggingface/hub');
});

test('(a) a local path: model_name_or_path ./my-model reads ./my-model/config.json next to the config', async () => {
  const dir = tempDir();
  try {
    writeFile(join(dir, 'my-model', 'config.json'), GRANITE);
    const file = join(dir, 'train.yaml');
    const text = recipe('./my-model');
    // Without a lookup: unknown, and listed for the host to resolve.
    const before = total(text, file);
    assert.equal(before.estimate.params.total, null);
    assert.deepEqual(
      before.result.unresolvedModels?.map((u) => u.id),
      ['./my-model'],
    );
    const env = nodeModelEnvironment(dir, [], { HF_HOME: join(dir, 'no-cache') });
    const r = await resolveModel('./my-model', nodeModelFiles, env);
    assert.ok(isResolved(r), JSON.stringify(r));
    assert.equal(r.kind, 'local');
    assert.equal(r.location, joinPath(dir, 'my-model/config.json'));
    const after = total(text, file, new Map([['./my-model', r]]));
    assert.equal(after.estimate.params.total, GRANITE_PARAMS);
    assert.equal(after.result.unresolvedModels, undefined);
    // Every surface says where it came from: the diagnostic at the id and the fields' notes.
    const info = after.result.problems.find((p) => p.code === 'model-resolved');
    assert.equal(info?.message, `The architecture of ./my-model is resolved from ${r.location}.`);
    assert.equal(info?.range?.startLine, 1);
    assert.ok(after.result.fields.some((f) => f.note?.includes(`(resolved from ${r.location})`)));
    // An absolute path reads the same file.
    const abs = await resolveModel(join(dir, 'my-model'), nodeModelFiles, env);
    assert.ok(isResolved(abs) && abs.location === r.location);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('(b) the Hugging Face cache: refs/main names the snapshot; HF_HUB_CACHE wins over HF_HOME', async () => {
  const dir = tempDir();
  try {
    const hub = join(dir, 'hf', 'hub', 'models--my-org--granite-copy');
    writeFile(join(hub, 'refs', 'main'), '0123456789abcdef0123456789abcdef01234567');
    // An older snapshot with a broken config.json: refs/main is read first, so it is never used.
    writeFile(join(hub, 'snapshots', '0000000000000000000000000000000000000000', 'config.json'), '{ not json');
    writeFile(join(hub, 'snapshots', '0123456789abcdef0123456789abcdef01234567', 'config.json'), GRANITE);
    const env = nodeModelEnvironment(join(dir, 'project'), [], { HF_HOME: join(dir, 'hf') });
    const r = await resolveModel('my-org/granite-copy', nodeModelFiles, env);
    assert.ok(isResolved(r), JSON.stringify(r));
    assert.equal(r.kind, 'cache');
    assert.equal(r.origin, `resolved from the Hugging Face cache (${joinPath(hub, 'snapshots/0123456789abcdef0123456789abcdef01234567/config.json')})`);
    const a = total(recipe('my-org/granite-copy'), join(dir, 'project', 'train.yaml'), new Map([['my-org/granite-copy', r]]));
    assert.equal(a.estimate.params.total, GRANITE_PARAMS);
    // Without refs/main: the snapshots present, in order; a broken one is skipped and said.
    rmSync(join(hub, 'refs'), { recursive: true });
    const r2 = await resolveModel('my-org/granite-copy', nodeModelFiles, env);
    assert.ok(isResolved(r2) && r2.location.includes('0123456789abcdef'));
    // HF_HUB_CACHE pointing elsewhere (empty) wins: not found there, and the Hub is off.
    const r3 = await resolveModel(
      'my-org/granite-copy',
      nodeModelFiles,
      nodeModelEnvironment(dir, [], { HF_HOME: join(dir, 'hf'), HF_HUB_CACHE: join(dir, 'empty') }),
    );
    assert.ok(!isResolved(r3));
    assert.match(r3.reason, /not in the local Hugging Face cache .*empty.*scalingLens\.hub\.fetch, CLI --hub/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('unknown stays null with what was tried and the fix; bad files are reasons, never guesses', async () => {
  const dir = tempDir();
  try {
    const env = nodeModelEnvironment(dir, [], { HF_HOME: join(dir, 'hf') });
    const missing = await resolveModel('./nowhere', nodeModelFiles, env);
    assert.ok(!isResolved(missing));
    assert.deepEqual(missing.tried, [joinPath(dir, 'nowhere/config.json')]);
    const a = total(recipe('./nowhere'), join(dir, 'train.yaml'), new Map([['./nowhere', missing]]));
    assert.equal(a.estimate.params.total, null);
    const warning = a.result.problems.find((p) => p.code === 'unknown-model');
    assert.match(warning?.message ?? '', /Looked for its config\.json in .*nowhere\/config\.json: no config\.json at/);
    writeFile(join(dir, 'html-model', 'config.json'), '<html>Not found</html>');
    const html = await resolveModel('./html-model', nodeModelFiles, env);
    assert.ok(!isResolved(html));
    assert.match(html.reason, /is not JSON/);
    writeFile(join(dir, 'tokenizer-only', 'config.json'), '{"bos_token": "<s>"}');
    const other = await resolveModel('./tokenizer-only', nodeModelFiles, env);
    assert.ok(!isResolved(other));
    assert.match(other.reason, /none of the keys of a model config\.json/);
    const weird = await resolveModel('not a model id!', nodeModelFiles, env);
    assert.ok(!isResolved(weird));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('CLI: estimate resolves a local model path and says where its architecture came from', async () => {
  const dir = tempDir();
  try {
    writeFile(join(dir, 'my-model', 'config.json'), GRANITE);
    const file = join(dir, 'train.yaml');
    writeFileSync(file, recipe('./my-model'));
    const r = await runAsync(['estimate', file, '--json'], { HF_HOME: join(dir, 'hf') });
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as { params: { total: number }; warnings: string[] };
    assert.equal(json.params.total, GRANITE_PARAMS);
    assert.ok(
      json.warnings.includes(`line 2: The architecture of ./my-model is resolved from ${joinPath(dir, 'my-model/config.json')}.`),
      json.warnings.join('\n'),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
