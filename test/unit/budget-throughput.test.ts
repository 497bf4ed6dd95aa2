// The budget calculator prices GPU time with the throughput model (issue 16) on a layout the
// memory model fits (issue 15). Expected values are re-derived here from the models' entry
// points (predictThroughput, estimateMemory) and the definitions: the compute-optimal model's
// tokens at the predicted tokens/s/GPU ÷ the 0.9 cluster efficiency spend exactly the budget.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { budgetReport, findAccelerator, findLaw, type BudgetReport } from '../../src/core/index';
import { fitRun, pointRun, REFERENCE_LAYOUT, runPlan, FIT_HEADROOM } from '../../src/core/budgetRun';
import { estimateMemory } from '../../src/core/memory/index';
import { predictThroughput } from '../../src/core/throughput/index';
import { countParams } from '../../src/core/model';
import { run as cli } from '../../src/cli/main';

const ok = (input: Parameters<typeof budgetReport>[0]): BudgetReport => {
  const r = budgetReport(input);
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.report;
};

test('64 H100 × 14 days without an MFU: the compute-optimal model at the predicted rate spends exactly the 21,504 GPU-hours', () => {
  const r = ok({ kind: 'gpu-time', gpu: 'H100-SXM', gpus: 64, days: 14 });
  assert.equal(r.hardware.mfuSource, 'model');
  assert.equal(r.gpuHours, 21504);
  const run = r.optimal.run!;
  assert.ok(run);
  // tokens = GPU-h × 3600 × tokens/s/GPU × 0.9 (Llama 3's effective training time), to the iteration's tolerance.
  const tokens = 21504 * 3600 * run.tokensPerSecPerGpu! * 0.9;
  assert.ok(Math.abs(tokens / r.optimal.tokens - 1) < 1e-6, `${tokens} vs ${r.optimal.tokens}`);
  assert.ok(Math.abs(run.gpuHours! / 21504 - 1) < 1e-6);
  // C is the law's 6ND of that optimum, and the optimum is the law's for C.
  assert.ok(Math.abs((6 * r.optimal.params * r.optimal.tokens) / r.flops - 1) < 1e-12);
  assert.equal(findLaw('epoch-2024')!.optimal(r.flops).params, r.optimal.params);
  // The MFU shown is the throughput model's on that shape and layout, recomputed from its entry point.
  const acc = findAccelerator('H100-SXM')!;
  const plan = runPlan({ arch: run.architecture, acc, gpus: 64, sequencesPerGpu: run.layout.sequencesPerGpu, options: REFERENCE_LAYOUT }, run.layout);
  const t = predictThroughput({
    arch: run.architecture,
    counts: countParams(run.architecture),
    acc,
    precision: 'bf16',
    gpuCount: 64,
    seqLen: run.architecture.seqLen,
    batchTokens: plan.batchTokens!.value,
    setup: plan.setup!,
    convention: 'palm',
  });
  assert.ok(t.ok);
  assert.equal(r.hardware.mfu, t.throughput.mfu);
  assert.equal(r.throughput!.tokensPerSecPerGpu, t.throughput.tokensPerSecPerGpu);
  assert.equal(r.throughput!.clusterEfficiency, 0.9);
  assert.match(
    r.derivation,
    /^64 GPUs × 14 days = 21,504 GPU-h × [\d,]+ tokens\/s\/GPU \(throughput model, \d+% MFU\) × 0\.9 cluster efficiency = [\d.]+B tokens/,
  );
  assert.ok(r.notes.some((n) => /priced with the throughput model/.test(n) && /Type an MFU to override/.test(n)));
  // Smaller models run at their own rate: each option has its own hours for the same C.
  for (const a of r.alternatives) {
    assert.ok(a.run && a.run.gpuHours !== null && a.run.fits);
    assert.ok(Math.abs(a.run.gpuHours - a.tokens / a.run.tokensPerSecPerGpu! / 3600 / 0.9) < 1e-6);
  }
});

test('64 H100 × 13 days falls where the shape gains a layer: the nearest compute-optimal model says its own hours instead of claiming the budget', () => {
  const r = ok({ kind: 'gpu-time', gpu: 'H100-SXM', gpus: 64, days: 13 });
  const run = r.optimal.run!;
  const share = run.gpuHours! / 19968;
  // Within one layer's step of the budget, and said so with the run's own hours.
  assert.ok(Math.abs(share - 1) > 1e-6 && Math.abs(share - 1) < 0.05, `${share}`);
  assert.ok(Math.abs(run.gpuHours! - r.optimal.tokens / run.tokensPerSecPerGpu! / 3600 / 0.9) < 1e-6);
  assert.match(
    r.derivation,
    /^64 GPUs × 13 days = 19,968 GPU-h × [\d,]+ tokens\/s\/GPU .*: the compute-optimal model nearest it \(the budget falls where the shape gains a layer\) trains on [\d.]+B tokens, C = 6ND = [\d.e]+, in ([\d,]+) GPU-h \((\d+)% of the budget\)$/,
  );
  const said = Number(r.derivation.match(/in ([\d,]+) GPU-h/)![1]!.replace(/,/g, ''));
  assert.equal(said, Math.round(run.gpuHours!));
  // The CLI's JSON gives both: the budget's hours and the model's own.
  const j = JSON.parse(cli(['optimal', '--gpu', 'H100-SXM', '--gpus', '64', '--days', '13', '--json']).stdout);
  assert.equal(j.gpuHours, 19968);
  assert.equal(j.optimalGpuHours, run.gpuHours);
});

test('the layout chosen is the largest power-of-two micro-batch within 90% of the GPU, recomputing only when nothing fits without', () => {
  const acc = findAccelerator('H100-SXM')!;
  const p = pointRun(7e9, 1.4e11, 'total', acc, 8)!;
  const f = p.fit;
  assert.ok(f.fits && f.memory!.fraction <= FIT_HEADROOM);
  const req = { arch: p.architecture, acc, gpus: 8, sequencesPerGpu: f.layout.sequencesPerGpu, options: REFERENCE_LAYOUT };
  const frac = (mb: number, sharding: typeof f.layout.sharding, ac: typeof f.layout.checkpointing) =>
    estimateMemory(runPlan(req, { ...f.layout, microBatch: mb, sharding, checkpointing: ac, gradAccum: f.layout.sequencesPerGpu / mb }), acc, 8, 'bf16').memory!
      .fraction;
  if (f.layout.microBatch * 2 <= f.layout.sequencesPerGpu)
    assert.ok(frac(f.layout.microBatch * 2, f.layout.sharding, f.layout.checkpointing) > FIT_HEADROOM, 'twice the micro-batch does not fit');
  if (f.layout.checkpointing !== 'none') assert.ok(frac(1, 'fsdp-hybrid', 'none') > FIT_HEADROOM, 'recompute only when needed');
  // 7B on 8 GPUs: DDP needs 16 bytes per parameter of states alone (112 GB) and ZeRO-1 still
  // 4 B/parameter of weights and gradients plus the activations, so the layout shards everything
  // over the node (hybrid sharding on one node is full sharding).
  assert.equal(f.layout.sharding, 'fsdp-hybrid');
  assert.ok(frac(f.layout.microBatch, 'distributed-optimizer', f.layout.checkpointing) > FIT_HEADROOM, 'ZeRO-1 does not fit');
  // A model that cannot fit even sharded and recomputed says so, with its smallest peak.
  const huge = fitRun({ arch: pointRun(4e11, 8e12, 'total', acc, 1)!.architecture, acc, gpus: 1, sequencesPerGpu: 4, options: REFERENCE_LAYOUT });
  assert.equal(huge.fits, false);
  assert.ok(huge.memory!.perGpuBytes > 400e9 * 16);
});

test('a given MFU overrides the model and says so; a FLOPs budget takes its hours from the model', () => {
  const given = ok({ kind: 'gpu-time', gpu: 'H100-SXM', gpus: 64, days: 14, mfu: 0.3 });
  assert.equal(given.hardware.mfu, 0.3);
  assert.equal(given.hardware.mfuSource, 'given');
  assert.ok(given.hardware.modelMfu! > 0.3);
  const f = ok({ kind: 'flops', gpu: 'A100-80GB', gpus: 16, flops: 1e21 });
  assert.equal(f.flops, 1e21);
  assert.equal(f.hardware.mfuSource, 'model');
  assert.ok(Math.abs(f.gpuHours - f.optimal.tokens / f.throughput!.tokensPerSecPerGpu / 3600 / 0.9) < 1e-6);
  assert.equal(f.wallClockHours, f.gpuHours / 16);
});
