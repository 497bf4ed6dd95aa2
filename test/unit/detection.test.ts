// Detection picks the right reader for every fixture and leaves unrelated files alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { detectFormat, READERS } from '../../src/configs/index';
import { run } from '../../src/cli/main';
import { fixture } from './reader-helpers';

const dir = join(__dirname, '../fixtures');
/** Fixtures that are not training configs on purpose. */
// nanogpt/eval_gpt2.py is nanoGPT's evaluation config (`python train.py config/eval_gpt2.py`): it is
// read as nanoGPT, naming GPT-2 124M with no training (readers-nanogpt.test.ts), not refused.
const NOT_CONFIGS = new Set(['megatron/build.sh', 'nanogpt/model_like.py', 'workspace/README.md', 'levanter/dolma_llama.yaml']);
/** Each fixture folder's README (where its files come from) is not a config either. */
for (const e of readdirSync(dir, { recursive: true, withFileTypes: true }))
  if (e.isFile() && e.name === 'README.md') NOT_CONFIGS.add(relative(dir, join(e.parentPath, e.name)));
const formatIds = new Set(READERS.map((r) => r.id));

const all = readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile())
  .map((e) => relative(dir, join(e.parentPath, e.name)));

test('every framework fixture is detected as its own format', () => {
  let checked = 0;
  for (const file of all) {
    const folder = file.split('/')[0]!;
    if (!formatIds.has(folder as never) || NOT_CONFIGS.has(file)) continue;
    const found = detectFormat(readFileSync(join(dir, file), 'utf8'), file);
    assert.equal(found?.reader.id, folder, file);
    checked++;
  }
  assert.ok(checked >= 40, `only ${checked} fixtures checked`);
  // Every reader has fixtures.
  for (const id of formatIds)
    assert.ok(
      all.some((f) => f.startsWith(`${id}/`)),
      `no fixtures for ${id}`,
    );
});

test('unrelated YAML, JSON, TOML, Python and shell files are not taken for configs', () => {
  const unrelated = [...all.filter((f) => f.startsWith('unrelated/')), ...NOT_CONFIGS];
  assert.ok(unrelated.length >= 10);
  for (const file of unrelated) {
    assert.equal(detectFormat(readFileSync(join(dir, file), 'utf8'), file), null, file);
  }
});

test('the CLI refuses a non-config with one line naming the file, exit 2', () => {
  const file = join(dir, 'unrelated/ci-workflow.yml');
  const r = run(['estimate', file]);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, `scaling-lens: ${file}: not a training config Scaling Lens can read (no known framework keys found)`);
  const bad = run(['estimate', join(dir, 'megatron/hostile.sh')]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^scaling-lens: .*hostile\.sh:\d+:\d+: /);
  assert.equal(bad.stderr.split('\n').length, 1);
});

test('a detector that throws has not recognised the file, and what it threw is reported (the editor logs it once)', () => {
  const nanogpt = READERS.find((r) => r.id === 'nanogpt')!;
  const broken = {
    ...nanogpt,
    name: 'Broken',
    detect: (): number => {
      throw new Error('boom');
    },
  };
  const failures: string[] = [];
  const text = fixture('nanogpt/train_gpt2.py');
  const found = detectFormat(text, 'train_gpt2.py', failures, [broken, nanogpt]);
  assert.equal(found?.reader, nanogpt, 'the other readers still detect the file');
  assert.deepEqual(failures, ['Broken detector failed: boom']);
  assert.deepEqual(detectFormat(text, 'train_gpt2.py', [], [broken]), null);
});
