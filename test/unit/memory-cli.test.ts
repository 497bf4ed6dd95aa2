// scaling-lens estimate: the memory and serving sections of the JSON contract and the text
// summary, checked against figures computed here from TinyLlama's config.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../../src/cli/main';
import { OVERHEAD_FIXED_BYTES } from '../../src/core/index';

const FILE = 'test/fixtures/hf-config/tinyllama/config.json';
// TinyLlama-1.1B: 22 layers, d 2048, 32 heads, 4 KV heads, head-dim 64, SwiGLU 5632, vocab 32000, untied.
const N = 1_100_048_384;
const GIB = 2 ** 30;
const gib = (b: number) => Math.round((b / GIB) * 1000) / 1000;

test('estimate --json: memory {perGpuGiB, capacityGiB, fits, breakdown} and inference figures', () => {
  const r = run(['estimate', FILE, '--gpu', 'H100', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.params.total, N);
  const m = j.memory;
  assert.equal(m.capacityGiB, gib(80e9));
  assert.equal(m.breakdown.weights, gib(2 * N));
  assert.equal(m.breakdown.gradients, gib(2 * N));
  assert.equal(m.breakdown.optimizer, gib(12 * N));
  assert.equal(m.breakdown.logits, gib(1 * 2048 * 32000 * 8));
  assert.equal(m.fits, true);
  assert.equal(m.lowerBound, true, 'micro-batch not stated: a lower bound');
  assert.ok(m.assumptions.some((a: { field: string }) => a.field === 'memory.microBatch'));
  const sum = Object.values(m.breakdown as Record<string, number>).reduce((x, y) => x + y, 0);
  assert.ok(Math.abs(sum - m.perGpuGiB) < 0.01);
  const kv = 22 * 4 * 64 * 2 * 2;
  assert.equal(j.inference.kvCacheBytesPerToken, kv);
  assert.equal(j.inference.decodeTokensPerSecUpperBound, 3350e9 / (2 * N + kv * 2048));
  assert.equal(j.inference.maxTokensInCache, Math.floor((80e9 - 2 * N - OVERHEAD_FIXED_BYTES) / kv));
});

test('estimate text: a memory/GPU row with the hint, the breakdown with formulas, and a serving row', () => {
  const r = run(['estimate', FILE, '--gpu', 'H100']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /memory\/GPU\s+≥ \d+(\.\d+)? GiB\/GPU of 74\.5 ✓/);
  assert.match(r.stdout, /optimizer\s+12\.3 GiB {2}trainable × \(master 4 B \+ adamw states 8 B\) ÷ shard/);
  assert.match(r.stdout, /serving\s+KV cache 22 KiB\/token \(L 22 × kv-heads 4 × head-dim 64 × 2 × 2 B\)/);
});

test('serving a model whose weights alone exceed one GPU: no cache count (null, not 0), said in words', () => {
  // Mixtral 8x7B: 46,702,792,704 parameters × 2 B = 93.4 GB of weights against an H100's 80 GB.
  const file = 'test/fixtures/hf-config/mixtral/config.json';
  const j = JSON.parse(run(['estimate', file, '--gpu', 'H100', '--json']).stdout);
  assert.equal(j.params.total, 46_702_792_704);
  assert.equal(j.inference.maxTokensInCache, null);
  assert.equal(j.inference.weightsFitOneGpu, false);
  // The batch-1 decode bound reads the active weights (12,879,925,248) and the cache once per token.
  assert.equal(j.inference.decodeTokensPerSecUpperBound, 3350e9 / (2 * 12_879_925_248 + 131_072 * 32_768));
  assert.match(run(['estimate', file, '--gpu', 'H100']).stdout, /the 87 GiB of weights alone do not fit one GPU/);
  // TinyLlama fits: a count, and the flag says so.
  assert.equal(JSON.parse(run(['estimate', FILE, '--gpu', 'H100', '--json']).stdout).inference.weightsFitOneGpu, true);
});
