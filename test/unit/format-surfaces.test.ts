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
const row = (out: string, key: string) =>
  out
    .split('\n')
    .find((l) => l.trimStart().startsWith(key))
    ?.trim()
    .slice(key.length)
    .trim();

test('CLI predict, a toy run: no "0.0 GPU-h", seconds of wall clock', () => {
  // A run small enough to finish in milliseconds but inside what a law can answer (predict
  // refuses losses above ln V): its figures must not print as 0.
  const out = cli(['predict', '--params', '1e7', '--tokens', '1e8', '--gpu', 'h100', '--json']);
  const j = JSON.parse(out) as { gpuHours: number; wallClockHours: number; costUsd: number };
  const text = cli(['predict', '--params', '1e7', '--tokens', '1e8', '--gpu', 'h100']);
  // The throughput model runs a d_model-128 shape far below peak (memory-bound): ~0.016 GPU-h.
  assert.ok(j.gpuHours > 0 && j.gpuHours < 0.05, String(j.gpuHours));
  assert.doesNotMatch(row(text, 'GPU-hours')!, /^0(\.0+)? GPU-h/);
  assert.match(row(text, 'wall clock')!, /seconds on 8 GPUs$/);
  assert.doesNotMatch(row(text, 'cost')!, /^\$0(\.0+)? /);
});

test('CLI predict, an absurd run: GPU-days labelled, years of wall clock, no 40-digit figure', () => {
  // predict prices the run at the throughput model's tokens/s/GPU (from --json): 1e15 tokens /
  // (tokens/s × 3600) / 0.9 cluster efficiency → GPU-h; / 24 → GPU-days; / 8 GPUs / 8766 h → years; × $3.50.
  const out = cli(['predict', '--params', '1e13', '--tokens', '1e15', '--gpu', 'h100']);
  const { flops, throughput } = JSON.parse(cli(['predict', '--params', '1e13', '--tokens', '1e15', '--gpu', 'h100', '--json'])) as {
    flops: number;
    throughput: { tokensPerSecPerGpu: number; mfu: number };
  };
  const gpuHours = 1e15 / throughput.tokensPerSecPerGpu / 3600 / 0.9;
  // The same hours as FLOPs at the model's MFU: the two routes agree.
  assert.ok(Math.abs(gpuHours - flops / (989.4e12 * throughput.mfu) / 3600 / 0.9) < 1e-9 * gpuHours);
  // 10T parameters cannot fit on 8 GPUs without checkpointing, so full recompute is assumed (a
  // forward more per step than the 2.9e10–3.0e10 GPU-h without it).
  assert.ok(gpuHours > 3.7e10 && gpuHours < 4.0e10, String(gpuHours));
  // Three significant figures, trailing zeros dropped (42.0 → 42).
  const sig3 = (x: number) => String(Number(x.toPrecision(3)));
  assert.equal(row(out, 'GPU-hours'), `${sig3(gpuHours / 1e9)}B GPU-h (${sig3(gpuHours / 24 / 1e9)}B GPU-days)`);
  assert.equal(row(out, 'wall clock'), `${Math.round(gpuHours / 8 / 8766 / 1000)},000 years on 8 GPUs`);
  assert.equal(row(out, 'cost'), `$${Math.round((gpuHours * 3.5) / 1e9)}B at $3.50/GPU-h`);
  assert.doesNotMatch(out, /NaN|Infinity|e\+|\d{16}/);
});

test('CLI estimate of nanoGPT Shakespeare: tokens per parameter and GPU-hours in significant figures', () => {
  // 81,920,000 tokens / (tokens/s/GPU from --json × 3600) / 0.9 cluster efficiency = 0.0165 GPU-h;
  // / 8 GPUs × 3600 = 7.4 s; × $1.75 = $0.0289.
  const file = join(__dirname, '../../examples/nanogpt/train_shakespeare_char.py');
  const out = cli(['estimate', file]);
  const j = JSON.parse(cli(['estimate', file, '--json'])) as { throughput: { tokensPerSecPerGpu: number } };
  const gpuHours = 81_920_000 / j.throughput.tokensPerSecPerGpu / 3600 / 0.9;
  assert.equal(row(out, 'GPU-hours'), `${gpuHours.toPrecision(3)} GPU-h`);
  assert.equal(gpuHours.toPrecision(3), '0.0165');
  // Two significant figures, a trailing zero dropped (7.0 s prints as 7).
  assert.equal(row(out, 'wall clock'), `${Number(((gpuHours / 8) * 3600).toPrecision(2))} seconds on 8 GPUs`);
  assert.equal(row(out, 'cost'), `$${(gpuHours * 1.75).toFixed(2)} at $1.75/GPU-h`);
  // 81,920,000 tokens / 10,745,088 parameters = 7.624
  assert.equal(row(out, 'tokens/param'), '7.62');
});

test('CLI optimal from GPU time: exact GPU-hours, days as typed', () => {
  // 8 GPUs × 3 days × 24 h = 576 GPU-h exactly.
  const out = cli(['optimal', '--gpu', 'h100', '--gpus', '8', '--days', '3', '--mfu', '0.4']);
  assert.match(row(out, 'budget')!, /= 8 × H100-SXM × 3 days = 576 GPU-h × 989\.4 TFLOPS \(bf16\) × 40% MFU$/);
  // Without --mfu the throughput model prices the same 576 GPU-h.
  const model = cli(['optimal', '--gpu', 'h100', '--gpus', '8', '--days', '3']);
  assert.match(row(model, 'budget')!, /= 8 GPUs × 3 days = 576 GPU-h × [\d,]+ tokens\/s\/GPU \(throughput model, \d+% MFU\) × 0\.9 cluster efficiency = /);
});

test('editor: a toy run reads 0.0165 GPU-h, not 0.0 GPU-h; wall clock in seconds', () => {
  const text = readFileSync(join(__dirname, '../../examples/nanogpt/train_shakespeare_char.py'), 'utf8');
  const a = analyze(text, 'train_shakespeare_char.py');
  assert.ok(a.ok);
  // Figures as the CLI test above derives them: 0.0165 GPU-h at 1.54M tokens/s/GPU, 7.4 s, $0.03.
  assert.equal(statusText(a.estimate), '10.7M · 81.9M tok · 0.0165 GPU-h');
  // Vocabulary 65 (characters): no subword law's loss, so the summary starts at the hours.
  assert.equal(lensText(a.result, a.estimate), '10.7M params* · 81.9M tokens · 0.0165 GPU-h* · $0.03');
  const md = summaryMarkdown(a.result, a.estimate);
  assert.match(
    md,
    /\*\*0\.0165 GPU-hours\*\* = tokens \/ 1\.54M tok\/s\/GPU ÷ 0\.9 cluster efficiency on NVIDIA A100 80GB \(MFU 35% of 312 TFLOPS dense BF16\); 7\.4 seconds on 8 GPUs; ≈ \$0\.03 at \$1\.75\/GPU-h\./,
  );
  // Where the time goes: one line per term, with its formula.
  assert.match(md, /\*\*Where a 1\.33 ms step goes\*\* \(predicted; compute 83%, recompute 0%, pipeline bubble 0%, exposed communication 17%\)/);
  assert.match(md, /- matrix multiplies: .* 63\.9 MFLOP\/token at 312 TFLOPS BF16 × η 52%/);
  assert.match(tokensMarkdown(a.result, a.estimate), /^7\.62 tokens per parameter/m);
});
