// The curve panel's memory chart and compute facts (src/panels/memoryChart.ts, model.ts): the
// stacked terms add up to the core's per-GPU peak at every micro-batch, the capacity line is the
// GPU's memory in GiB (2^30 bytes), the config's micro-batch is marked where the editor's hint
// puts it, unknown memory says why; GPU-hours come from the throughput model unless an MFU is stated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyze } from '../../src/configs/analyze';
import { BUILT_IN_LAWS, findLaw } from '../../src/core/index';
import { buildCurveState, type PlanSource } from '../../src/panels/model';
import { memorySweep } from '../../src/panels/memoryChart';
import { formatDollars, formatRough, formatTokensPerSec, formatWallClock } from '../../src/format/index';
import type { ChartSpec, CurveState } from '../../src/protocol';
import { fixture, FIXTURES } from './reader-helpers';

const GIB = 2 ** 30;

function read(rel: string, text = fixture(rel)) {
  const a = analyze(text, join(FIXTURES, rel), { law: findLaw('epoch-2024')! });
  assert.ok(a.ok, `${rel} is a config`);
  return a;
}

function stateOf(rel: string, text?: string): CurveState {
  const a = read(rel, text);
  const src: PlanSource = { uri: `file:///${rel}`, name: rel, format: a.result.formatName, plan: a.result.plan };
  return buildCurveState({
    mode: 'panel',
    target: src.uri,
    options: { compare: [], scope: 'config' },
    laws: BUILT_IN_LAWS,
    settingsLaw: 'epoch-2024',
    convention: 'palm',
    focus: { kind: 'config', config: src },
    workspace: [],
  });
}

const memory = (s: CurveState): ChartSpec => s.charts.find((c) => c.id === 'memory')!;

test('memory chart: llm-foundry MPT-7B (micro-batch 8 on the assumed A100-80GB) swept 1, 2, 4, 8; terms stack to the core’s peak', () => {
  const rel = 'llm-foundry/mpt-7b.yaml';
  const a = read(rel);
  const m = a.estimate.memory!;
  assert.ok(m, 'the core sizes MPT-7B');
  // device_train_microbatch_size: 8 in the file (line 75).
  assert.equal(m.setup.microBatch, 8);
  const c = memory(stateOf(rel));
  assert.equal(c.empty, undefined);
  const stacks = c.series.filter((s) => s.role === 'stack');
  assert.deepEqual(
    stacks.map((s) => s.label),
    ['weights', 'gradients', 'optimizer states', 'activations', 'logits', 'overhead'],
  );
  const sweep = memorySweep(a.result.plan, a.estimate);
  const xs = sweep.map((p) => p.microBatch);
  // The sweep doubles from 1 and stops at the first micro-batch past the GPU at or after the config's.
  assert.deepEqual(
    xs,
    xs.map((_, i) => 2 ** i),
  );
  assert.ok(xs.includes(8));
  const firstOver = sweep.findIndex((p) => !p.memory.fits && p.microBatch >= 8);
  assert.equal(firstOver, sweep.length - 1);
  for (const s of stacks)
    assert.deepEqual(
      s.points.map((p) => p.x),
      xs,
    );
  // The top of the stack is the per-GPU peak at each micro-batch; the peak grows with it.
  const top = stacks[stacks.length - 1]!.points;
  sweep.forEach((p, i) => assert.ok(Math.abs(top[i]!.y - p.memory.perGpuBytes / GIB) < 1e-9));
  for (let i = 1; i < top.length; i++) assert.ok(top[i]!.y > top[i - 1]!.y);
  // Every stacked layer sits on the one below.
  for (let k = 1; k < stacks.length; k++) stacks[k]!.points.forEach((p, i) => assert.ok(p.y >= stacks[k - 1]!.points[i]!.y));
  // Capacity: the A100-80GB's 80 GB (NVIDIA A100 datasheet) = 80e9 / 2^30 = 74.505… GiB.
  const cap = c.series.find((s) => s.id === 'capacity')!;
  assert.equal(cap.role, 'threshold');
  for (const p of cap.points) assert.ok(Math.abs(p.y - 80e9 / GIB) < 1e-9);
  assert.match(cap.label, /^A100-80GB: 74\.5 GiB$/);
  // The config's own micro-batch: at x = 8, y = the peak the editor's memory hint shows.
  const cfg = c.series.find((s) => s.role === 'config')!;
  assert.equal(cfg.points.length, 1);
  assert.equal(cfg.points[0]!.x, 8);
  assert.ok(Math.abs(cfg.points[0]!.y - m.perGpuBytes / GIB) < 1e-9);
  assert.equal(cfg.label, rel);
  assert.equal(cfg.legend, `${rel}: micro-batch 8`);
  // Axes: micro-batch on a log axis around the sweep; memory from zero above the capacity and the peak.
  assert.equal(c.x.kind, 'microBatch');
  assert.ok(c.x.log && c.x.min! < 1 && c.x.max! > xs[xs.length - 1]!);
  assert.equal(c.y.kind, 'memory');
  assert.equal(c.y.min, 0);
  assert.ok(c.y.max! >= Math.max(80e9, ...sweep.map((p) => p.memory.perGpuBytes)) / GIB);
  assert.match(c.summary, /at micro-batch 8 \((fits|out of memory)\); the largest micro-batch swept that fits is \d+\.$/);
});

test('memory chart: a micro-batch that is not a power of two is swept too, and an unstated one is marked as assumed', () => {
  const rel = 'llm-foundry/mpt-7b.yaml';
  const text = fixture(rel);
  const six = memory(stateOf(rel, text.replace('device_train_microbatch_size: 8', 'device_train_microbatch_size: 6')));
  const xs = six.series.find((s) => s.role === 'stack')!.points.map((p) => p.x);
  assert.ok(xs.includes(6) && xs.includes(4));
  assert.deepEqual(
    xs,
    [...xs].sort((x, y) => x - y),
  );
  assert.equal(six.series.find((s) => s.role === 'config')!.points[0]!.x, 6);
  const unstated = memory(stateOf(rel, text.replace(/^device_train_microbatch_size: 8\n/m, '')));
  const cfg = unstated.series.find((s) => s.role === 'config')!;
  assert.equal(cfg.points[0]!.x, 1);
  assert.match(cfg.legend ?? '', /micro-batch 1 \(assumed\)$/);
  assert.match(cfg.points[0]!.detail!.join('\n'), /not stated: 1 assumed, so the peak is a lower bound/);
});

test('memory chart: unknown memory and no config say why instead of an empty chart', () => {
  // A DeepSpeed ZeRO-3 config (no model in it): no architecture, so no memory.
  const noArch = memory(stateOf('deepspeed/ds_config_zero3.json'));
  assert.equal(noArch.series.length, 0);
  assert.equal(noArch.empty, 'The memory per GPU is unknown: no architecture: the model size is unknown.');
  const none = buildCurveState({
    mode: 'panel',
    target: null,
    options: { compare: [], scope: 'config' },
    laws: BUILT_IN_LAWS,
    settingsLaw: 'epoch-2024',
    convention: 'palm',
    focus: { kind: 'none' },
    workspace: [],
  });
  assert.match(memory(none).empty ?? '', /^Needs a training config/);
});

test('compute facts: GPU-hours, time and cost are the estimate’s, from the throughput model; a stated MFU wins', () => {
  const rel = 'llm-foundry/mpt-7b.yaml';
  const a = read(rel);
  assert.equal(a.estimate.throughput?.source, 'model');
  const facts = stateOf(rel).config!.facts;
  const gh = facts.find((f) => f.label === 'GPU-hours')!;
  assert.ok(gh, JSON.stringify(facts));
  assert.equal(gh.value, `${formatRough(a.estimate.gpuHours)}*`);
  assert.match(gh.title ?? '', new RegExp(`tokens ÷ ${formatTokensPerSec(a.estimate.throughput.tokensPerSecPerGpu).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
  assert.match(gh.title ?? '', /throughput model/);
  assert.equal(facts.find((f) => f.label === 'time')!.value, formatWallClock(a.estimate.wallClockHours, a.estimate.hardware.count));
  assert.equal(facts.find((f) => f.label === 'cost')!.value, `≈ ${formatDollars(a.estimate.costUsd, 3)}`);
  // The config point's tooltip names the same speed.
  const point = stateOf(rel)
    .charts.find((c) => c.id === 'lossCompute')!
    .series.find((s) => s.role === 'config')?.points[0];
  assert.ok(point, 'MPT-7B is on loss vs compute');
  assert.ok(point.detail!.some((l) => l.includes(formatTokensPerSec(a.estimate.throughput!.tokensPerSecPerGpu))));

  // A directive MFU replaces the model: GPU-hours = FLOPs ÷ (peak × MFU) through tokens/s = MFU·peak / FLOPs per token.
  const text = `# scaling-lens: mfu=0.5\n${fixture(rel)}`;
  const b = read(rel, text);
  assert.equal(b.estimate.throughput?.source, 'mfu');
  const tps = (0.5 * b.estimate.hardware.peakTflops! * 1e12) / b.estimate.flops.perToken!;
  const hours = b.estimate.tokens! / tps / 3600;
  assert.ok(Math.abs(b.estimate.gpuHours! / hours - 1) < 1e-9);
  const ghB = stateOf(rel, text).config!.facts.find((f) => f.label === 'GPU-hours')!;
  assert.equal(ghB.value.replace('*', ''), formatRough(b.estimate.gpuHours));
  assert.match(ghB.title ?? '', /MFU 50%/);
  assert.notEqual(ghB.value, gh.value);
});

test('memory chart: only the micro-batch changes along the sweep; an unstated checkpointing stays the config’s own, so activations never drop', () => {
  // mpt-tiny states no activation checkpointing: the run layout resolves it to none at the
  // config's micro-batch (it fits), and would pick full recompute at a micro-batch that does not fit.
  const a = read('workspace/mpt-tiny.yaml');
  const s = stateOf('workspace/mpt-tiny.yaml');
  const sweep = memorySweep(a.result.plan, a.estimate);
  assert.ok(sweep.length >= 4);
  assert.ok(
    sweep.some((p) => !p.memory.fits),
    'the sweep reaches a micro-batch that does not fit',
  );
  for (const p of sweep) assert.equal(p.memory.setup.checkpointing, a.estimate.memory!.setup.checkpointing, `micro-batch ${p.microBatch}`);
  const activations = sweep.map((p) => p.memory.breakdown.activations);
  for (let i = 1; i < activations.length; i++) assert.ok(activations[i]! >= activations[i - 1]!, `activations at micro-batch ${sweep[i]!.microBatch}`);
  assert.ok(memory(s).series.length > 0);
});
