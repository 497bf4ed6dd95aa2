// The reported formatting bugs, checked where users saw them: the CLI tables and the editor's
// hints and hovers, at the two extremes (a seconds-long toy run, an absurdly large one). The
// expected values are derived by hand in the comments from FLOPs / (dense peak × MFU).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../src/cli/main';
import { analyze } from '../../src/configs/analyze';
import { lensText, statusText, summaryMarkdown, tokensMarkdown } from '../../src/editor/present';

const cli = (argv: string[]) => {
  const r = run(argv);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
};
const row = (out: string, key: string) => out.split('\n').find((l) => l.trimStart().startsWith(key))?.trim().slice(key.length).trim();

test('CLI predict, a toy run: no "0.0 GPU-h", seconds of wall clock', () => {
  // A run small enough to finish in milliseconds but inside what a law can answer (predict
  // refuses losses above ln V): its figures must not print as 0.
  const out = cli(['predict', '--params', '1e7', '--tokens', '1e8', '--gpu', 'h100', '--json']);
  const j = JSON.parse(out) as { gpuHours: number; wallClockHours: number; costUsd: number };
  const text = cli(['predict', '--params', '1e7', '--tokens', '1e8', '--gpu', 'h100']);
  assert.ok(j.gpuHours > 0 && j.gpuHours < 0.01, String(j.gpuHours));
  assert.doesNotMatch(row(text, 'GPU-hours')!, /^0(\.0+)? GPU-h/);
  assert.match(row(text, 'wall clock')!, /seconds on 8 GPUs$/);
  assert.doesNotMatch(row(text, 'cost')!, /^\$0(\.0+)? /);
});

test('CLI predict, an absurd run: GPU-days labelled, years of wall clock, no 40-digit figure', () => {
  // predict prices the PaLM convention (6N + 12·L·H·Q·T on an assumed shape): FLOPs from --json,
  // then FLOPs / (989.4e12 × 0.40) s → GPU-h; / 24 → GPU-days; / 8 GPUs / 8766 h → years; × $3.50.
  const out = cli(['predict', '--params', '1e13', '--tokens', '1e15', '--gpu', 'h100']);
  const { flops } = JSON.parse(cli(['predict', '--params', '1e13', '--tokens', '1e15', '--gpu', 'h100', '--json'])) as { flops: number };
  const gpuHours = flops / (989.4e12 * 0.4) / 3600;
  assert.ok(gpuHours > 4.2e10 && gpuHours < 4.3e10, String(gpuHours));
  assert.equal(row(out, 'GPU-hours'), `${(gpuHours / 1e9).toPrecision(3)}B GPU-h (${(gpuHours / 24 / 1e9).toPrecision(3)}B GPU-days)`);
  assert.equal(row(out, 'wall clock'), `${Math.round(gpuHours / 8 / 8766 / 1000)},000 years on 8 GPUs`);
  assert.equal(row(out, 'cost'), `$${Math.round((gpuHours * 3.5) / 1e9)}B at $3.50/GPU-h`);
  assert.doesNotMatch(out, /NaN|Infinity|e\+|\d{16}/);
});

test('CLI estimate of nanoGPT Shakespeare: tokens per parameter and GPU-hours in significant figures', () => {
  // 5.81e15 FLOPs / (312e12 × 0.42) = 44.3 s = 0.0123 GPU-h; 5.5 s on 8 GPUs; × $1.75 = $0.0216.
  const out = cli(['estimate', join(__dirname, '../../examples/nanogpt/train_shakespeare_char.py')]);
  assert.equal(row(out, 'GPU-hours'), '0.0123 GPU-h');
  assert.equal(row(out, 'wall clock'), '5.5 seconds on 8 GPUs');
  assert.equal(row(out, 'cost'), '$0.02 at $1.75/GPU-h');
  // 81,920,000 tokens / 10,745,088 parameters = 7.624
  assert.equal(row(out, 'tokens/param'), '7.62');
});

test('CLI optimal from GPU time: exact GPU-hours, days as typed', () => {
  // 8 GPUs × 3 days × 24 h = 576 GPU-h exactly.
  const out = cli(['optimal', '--gpu', 'h100', '--gpus', '8', '--days', '3']);
  assert.match(row(out, 'budget')!, /= 8 × H100-SXM × 3 days = 576 GPU-h × 989\.4 TFLOPS \(bf16\) × 40% MFU$/);
});

test('editor: a toy run reads 0.0123 GPU-h, not 0.0 GPU-h; wall clock in seconds', () => {
  const text = readFileSync(join(__dirname, '../../examples/nanogpt/train_shakespeare_char.py'), 'utf8');
  const a = analyze(text, 'train_shakespeare_char.py');
  assert.ok(a.ok);
  assert.equal(statusText(a.estimate), '10.7M · 81.9M tok · 0.0123 GPU-h');
  // Vocabulary 65 (characters): no subword law's loss, so the summary starts at the hours.
  assert.equal(lensText(a.result, a.estimate), '10.7M params* · 81.9M tokens · 0.0123 GPU-h* · $0.02');
  const md = summaryMarkdown(a.result, a.estimate);
  assert.match(md, /\*\*0\.0123 GPU-hours\*\* = FLOPs \/ \(312 TFLOPS dense BF16 × 42% MFU\) on .*; 5\.5 seconds on 8 GPUs; ≈ \$0\.02 at \$1\.75\/GPU-h\./);
  assert.match(tokensMarkdown(a.result, a.estimate), /^7\.62 tokens per parameter/m);
});
