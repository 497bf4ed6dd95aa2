// A config that states no layout and cannot run as plain data parallelism is priced, and its
// memory shown, on the smallest standard split that fits (core/assumedSplit.ts), listed as
// assumed; the budget calculator's reference layout may split too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assumeSplit,
  countParams,
  emptyPlan,
  estimate,
  findAccelerator,
  pointRun,
  resolveRunLayout,
  splitCandidates,
  type Architecture,
  type TrainingPlan,
} from '../../src/core/index';
import { predictThroughput } from '../../src/core/throughput/model';
import { PUBLISHED_RUNS } from '../../src/core/throughput/publishedRuns';
import { run } from '../../src/cli/main';
import { memorySweep } from '../../src/panels/memoryChart';

// BLOOM-176B's and LLaMA-7B's shapes as the published-runs table records them.
const bloom: Architecture = PUBLISHED_RUNS.find((r) => r.id === 'bloom-176b')!.arch;
const llama7b: Architecture = PUBLISHED_RUNS.find((r) => r.id === 'llama-7b')!.arch;
const a100 = findAccelerator('A100-80GB')!;
const h100 = findAccelerator('H100-SXM')!;
const stated = <T>(value: T) => ({ value, origin: 'stated' as const, source: 'test' });

test('candidates: ZeRO-1, sharding inside a node, tensor parallelism up to a node, then pipeline stages, every degree dividing the GPUs and heads', () => {
  const c = splitCandidates(384, bloom).map((s) => `${s.sharding}/tp${s.tp}/pp${s.pp}${s.shardGroup ? `/g${s.shardGroup}` : ''}`);
  assert.deepEqual(c, [
    'distributed-optimizer/tp1/pp1',
    'fsdp-hybrid/tp1/pp1/g8',
    'distributed-optimizer/tp2/pp1',
    'distributed-optimizer/tp4/pp1',
    'distributed-optimizer/tp8/pp1',
    // 384 / 8 = 48 ranks left: 2, 4, 8 and 16 stages divide them, 32 does not.
    'distributed-optimizer/tp8/pp2',
    'distributed-optimizer/tp8/pp4',
    'distributed-optimizer/tp8/pp8',
    'distributed-optimizer/tp8/pp16',
  ]);
  // 12 heads (GPT-2 small) split 2 and 4 ways, not 8, and the pipeline starts at 4; one
  // key/value head (multi-query) is copied to every tensor-parallel rank.
  assert.deepEqual(
    splitCandidates(8, { heads: 12, kvHeads: 12, layers: 12 }).map((s) => [s.tp, s.pp]),
    [
      [1, 1],
      [1, 1],
      [2, 1],
      [4, 1],
      [4, 2],
    ],
  );
  assert.deepEqual(
    splitCandidates(16, { heads: 48, kvHeads: 1, layers: 40 }).map((s) => [s.tp, s.pp]),
    [
      [1, 1],
      [1, 1],
      [2, 1],
      [4, 1],
      [8, 1],
      [8, 2],
    ],
  );
  // On 4 GPUs the node-local group is the 4 there are.
  assert.equal(splitCandidates(4, llama7b)[1]!.shardGroup, 4);
});

test('BLOOM-176B on 384 A100-80GB with no layout: tensor parallelism 8 and 2 pipeline stages with full recompute (the least that fits there), each listed as assumed', () => {
  const req = { arch: bloom, acc: a100, precision: 'bf16' as const, gpuCount: 384, seqLen: 2048, batchTokens: null };
  const split = assumeSplit(req)!;
  assert.ok(split);
  assert.equal(split.parallel?.tp?.value, 8);
  assert.equal(split.parallel?.pp?.value, 2);
  assert.equal(split.parallel?.sequenceParallel?.value, true);
  assert.equal(split.sharding?.value, 'distributed-optimizer');
  // The smallest split first, then the least recompute that fits it: selective does not fit at 2 stages.
  assert.equal(split.checkpointing?.value.mode, 'full');
  for (const t of [split.parallel.tp, split.parallel.pp, split.sharding, split.checkpointing]) {
    assert.equal(t.origin, 'assumed');
    assert.match(t.note!, /^no parallel layout stated and plain data parallelism does not fit: the smallest standard split that fits: /);
  }
  // The throughput model prices that layout, with 4 micro-batches per stage when no batch is stated.
  const t = predictThroughput({ ...req, counts: countParams(bloom), setup: split, convention: 'palm' });
  assert.ok(t.ok);
  assert.equal(t.throughput.layout.microBatches, 8);
  assert.ok(t.throughput.assumptions.some((a) => a.field === 'batchTokens' && /4 micro-batches per pipeline stage, as GPipe runs/.test(a.note)));
  // BLOOM reached ~36% (1,082,990 A100-hours for 366B tokens); DDP priced as if it could run gave 56%.
  assert.ok(t.throughput.mfu > 0.3 && t.throughput.mfu < 0.45, `${t.throughput.mfu}`);
});

test('nothing is assumed for one GPU, a stated layout, a run that fits, or a model no split fits', () => {
  const base = { acc: h100, precision: 'bf16' as const, seqLen: 2048, batchTokens: null };
  assert.equal(assumeSplit({ ...base, arch: llama7b, gpuCount: 1 }), null);
  assert.equal(assumeSplit({ ...base, arch: llama7b, gpuCount: 8, setup: { parallel: { tp: stated(1) } } }), null);
  assert.equal(assumeSplit({ ...base, arch: llama7b, gpuCount: 8, setup: { sharding: stated('none' as const) } }), null);
  const gpt2: Architecture = { ...llama7b, layers: 12, dModel: 768, heads: 12, kvHeads: 12, headDim: 64, ffn: 3072, mlp: 'mlp', vocab: 50304 };
  assert.equal(assumeSplit({ ...base, arch: gpt2, gpuCount: 8 }), null);
  // 1T parameters on 8 GPUs: 2 TB of weights and gradients alone.
  assert.equal(assumeSplit({ ...base, arch: { ...bloom, layers: 400 }, gpuCount: 8 }), null);
  // LLaMA-7B on 8 H100: ZeRO-1 is enough; a stated recompute is kept, not replaced.
  const z = assumeSplit({ ...base, arch: llama7b, gpuCount: 8 })!;
  assert.equal(z.sharding?.value, 'distributed-optimizer');
  assert.equal(z.parallel?.tp, undefined);
  const kept = assumeSplit({ ...base, arch: llama7b, gpuCount: 8, setup: { checkpointing: stated({ mode: 'full' as const }) } })!;
  assert.equal(kept.checkpointing?.origin, 'stated');
});

test('estimate(): memory and throughput read the same assumed split, and the memory chart keeps it', () => {
  const plan: TrainingPlan = {
    ...emptyPlan,
    architecture: stated(bloom),
    tokens: stated(366e9),
    gpu: stated('A100-80GB'),
    gpuCount: stated(384),
  };
  const e = estimate(plan);
  assert.ok(e.assumedSplit && e.memory && e.throughput?.source === 'model');
  assert.equal(e.memory.fits, true);
  assert.equal(e.memory.setup.tp, 8);
  assert.equal(e.memory.setup.pp, 2);
  assert.equal(e.memory.setup.sharding, 'distributed-optimizer');
  assert.ok(e.memory.assumptions.some((a) => a.field === 'memory.tp' && a.origin === 'assumed'));
  // The split is fixed for the run: resolving the split setup gives the same degrees.
  const l = resolveRunLayout({ gpuCount: 384, seqLen: 2048, batchTokens: null, setup: e.assumedSplit }).layout;
  assert.deepEqual([l.tp, l.pp, l.dp], [8, 2, 24]);
  // Every micro-batch of the memory chart is on that split, not on plain DDP.
  const sweep = memorySweep(plan, e);
  assert.ok(sweep.length >= 2);
  for (const p of sweep)
    assert.deepEqual([p.memory.setup.tp, p.memory.setup.pp, p.memory.setup.sharding], [8, 2, 'distributed-optimizer'], `micro-batch ${p.microBatch}`);
});

test('predict prices a size that cannot run as DDP on its assumed split and says which', () => {
  const r = run(['predict', '--params', '176B', '--tokens', '366B', '--gpu', 'A100-80GB', '--gpus', '384', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.throughput.layout.tp, 8);
  assert.ok(j.throughput.layout.pp >= 2);
  assert.match(j.throughput.layout.text, /^tp 8 × pp \d+ × dp \d+, distributed optimizer, (selective|full) recompute, micro-batch 1, \d+ per step$/);
  assert.ok(j.throughput.layoutAssumptions.some((a: { field: string; origin: string }) => a.field === 'tp' && a.origin === 'assumed'));
  // A slower network between nodes (AWS p4d: 400 Gbit/s per node) costs throughput; without --gpu it is refused.
  const slow = JSON.parse(
    run(['predict', '--params', '176B', '--tokens', '366B', '--gpu', 'A100-80GB', '--gpus', '384', '--inter-node-gbps', '400', '--json']).stdout,
  );
  assert.ok(slow.throughput.tokensPerSecPerGpu < j.throughput.tokensPerSecPerGpu);
  assert.equal(run(['predict', '--params', '176B', '--tokens', '366B', '--inter-node-gbps', '400']).stderr, 'scaling-lens: --inter-node-gbps needs --gpu');
  assert.equal(run(['predict', '--params', '176B', '--tokens', '366B', '--gpu', 'A100-80GB', '--mfu', '0.4', '--inter-node-gbps', 'fast']).code, 2);
  const text = run(['predict', '--params', '176B', '--tokens', '366B', '--gpu', 'A100-80GB', '--gpus', '384']);
  assert.match(
    text.stdout,
    /^throughput {2}[\d.]+ tokens\/s\/GPU, predicted by the throughput model for the assumed shape with no layout given, so its defaults: tp 8 × pp \d+ × dp \d+, /m,
  );
});

test('the budget calculator splits large models on large clusters instead of sharding over every GPU', () => {
  // 70B on 16,384 H100: sharded over all of them, each layer's gathers crossed 16,383-step rings
  // (MFU 0.05); tensor parallelism inside the node runs near Llama 3's reported 38–43%.
  const big = pointRun(70.55e9, 15e12, 'total', h100, 16384)!;
  assert.equal(big.fit.fits, true);
  assert.equal(big.fit.layout.tp, 8);
  assert.ok(big.fit.throughput!.mfu > 0.25, `${big.fit.throughput!.mfu}`);
  const small = pointRun(8e9, 15e12, 'total', h100, 16384)!;
  assert.notEqual(small.fit.layout.sharding, 'fsdp-full');
  assert.ok(small.fit.throughput!.mfu > 0.25, `${small.fit.throughput!.mfu}`);
});
