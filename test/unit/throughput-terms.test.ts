// The throughput model's terms on hand-computed cases, and its monotonicity: throughput never
// rises with more pipeline bubble or more recompute; GPU-hours scale linearly with tokens.
import { test } from 'node:test';
import { analyze } from '../../src/configs/analyze';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { countParams, emptyPlan, estimate, findAccelerator, type Architecture, type TrainingPlan } from '../../src/core/index';
import type { RunSetup, ShardingKind } from '../../src/core/runSetup';
import { readDirectives } from '../../src/configs/shared/directive';
import {
  attentionCoreFlops,
  bubbleRatio,
  communication,
  exposedOf,
  FITTED,
  linkFor,
  predictThroughput,
  recomputeShare,
  resolveLayout,
  tokenWork,
} from '../../src/core/throughput/index';

// A small dense model whose FLOPs are easy to write out: L 2, d 64, 4 heads × 16, FFN 256 (GELU MLP), vocab 1,000.
const toy: Architecture = {
  layers: 2,
  dModel: 64,
  heads: 4,
  kvHeads: 4,
  headDim: 16,
  ffn: 256,
  mlp: 'mlp',
  vocab: 1000,
  seqLen: 128,
  positions: 'rotary',
  norm: 'rmsnorm',
  linearBias: false,
  tiedEmbeddings: false,
};
const s = <T>(value: T) => ({ value, origin: 'stated' as const, source: 'test' });

test('pipeline bubble: (pp − 1) / (m × vp), interleaving divides it, zero-bubble removes it', () => {
  assert.equal(bubbleRatio(4, 8, 1, '1f1b'), 3 / 8);
  assert.equal(bubbleRatio(4, 8, 2, 'interleaved-1f1b'), 3 / 16);
  // vp only counts with an interleaved schedule (Narayanan et al. 2021 §2.2.2).
  assert.equal(bubbleRatio(4, 8, 2, '1f1b'), 3 / 8);
  assert.equal(bubbleRatio(4, 8, 1, 'gpipe'), 3 / 8);
  assert.equal(bubbleRatio(4, 8, 1, 'zero-bubble'), 0);
  assert.equal(bubbleRatio(1, 1, 1, '1f1b'), 0);
});

test('attention core FLOPs: 3 × L × 2·(h·d_h)·T per token, causal', () => {
  assert.equal(attentionCoreFlops(toy, 128), 3 * 2 * 2 * 64 * 128);
});

test('GEMM FLOPs and recompute by hand: QKV 2·d·3d, out 2·d·d, MLP 2·2·d·F per layer, head 2·d·V', () => {
  const perLayer = 2 * 64 * 192 + 2 * 64 * 64 + 2 * 2 * 64 * 256; // 98,304
  const forward = 2 * perLayer + 2 * 64 * 1000; // 324,608
  const full = tokenWork(toy, countParams(toy), 128, { mode: 'full' }, false);
  assert.equal(full.gemmFlops, 3 * forward);
  assert.equal(full.attentionFlops, 98_304);
  // Full recompute repeats the blocks' forward, not the output head.
  assert.equal(full.recomputeGemmFlops, 2 * perLayer);
  assert.equal(full.recomputeAttentionFlops, 98_304 / 3);
  // LoRA: no weight gradients, two forward-equivalents.
  assert.equal(tokenWork(toy, countParams(toy), 128, { mode: 'none' }, true).gemmFlops, 2 * forward);
  assert.deepEqual(recomputeShare({ mode: 'selective' }, toy), { gemm: 0, attention: 1 });
  assert.deepEqual(recomputeShare({ mode: 'every-n', everyN: 4 }, toy), { gemm: 0.25, attention: 0.25 });
  assert.deepEqual(recomputeShare({ mode: 'none' }, toy), { gemm: 0, attention: 0 });
  // Per-operator selective: q, v and fc1 saved; k (64·64), the output projection (64·64) and fc2
  // (256·64) recomputed, of 64·192 + 64·64 + 2·64·256 per layer: 24,576 / 49,152.
  assert.deepEqual(recomputeShare({ mode: 'selective-op' }, toy), { gemm: 0.5, attention: 0 });
  // Llama 3 8B: k (4096·1024), o (4096·4096) and up (4096·14336) of 4096·6144 + 4096·4096 + 3·4096·14336.
  const llama8b: Architecture = { ...toy, layers: 32, dModel: 4096, heads: 32, kvHeads: 8, headDim: 128, ffn: 14336, mlp: 'glu', vocab: 128256 };
  assert.equal(recomputeShare({ mode: 'selective-op' }, llama8b).gemm, 79_691_776 / 218_103_808);
});

test('exposed communication: a fitted share always, the rest only past the compute it hides under', () => {
  assert.equal(exposedOf(10, 4, 0.1), 1 + 5);
  assert.equal(exposedOf(10, 20, 0.1), 1);
  assert.equal(exposedOf(0, 20, 0.1), 0);
});

test('links: NVLink inside a node (one direction, 80%), the node network across nodes', () => {
  const a100 = findAccelerator('A100-80GB')!;
  assert.equal(linkFor(a100, 8, 1).bytesPerSec, 300e9 * 0.8);
  assert.equal(linkFor(a100, 8, 1).crossesNodes, false);
  // 16 data-parallel ranks span 2 nodes: 8 × 200 Gb/s HDR = 200 GB/s per direction, at 80%.
  assert.equal(linkFor(a100, 16, 1).bytesPerSec, 200e9 * 0.8);
  assert.equal(linkFor(a100, 2, 8).crossesNodes, true);
  // A stated network (AWS p4d: 400 Gbit/s per node = 50 GB/s) replaces the generation's node; NVLink stays.
  assert.equal(linkFor(a100, 16, 1, 50e9).bytesPerSec, 50e9 * 0.8);
  assert.match(linkFor(a100, 16, 1, 50e9).label, /\(stated\)$/);
  assert.equal(linkFor(a100, 8, 1, 50e9).bytesPerSec, 300e9 * 0.8);
});

test("links: groups strided across nodes share the node's network with the node's other groups", () => {
  const a100 = findAccelerator('A100-80GB')!;
  // tp 4: the data-parallel ring of each tensor-parallel rank has 2 members per node, and the 4
  // rings of the node's 4 tensor-parallel ranks run at once on its 8 NICs: 200 GB/s ÷ 4 each.
  assert.equal(linkFor(a100, 64, 4).bytesPerSec, (200e9 * 0.8) / 4);
  assert.match(linkFor(a100, 64, 4).label, /shared by 4 groups$/);
  // Stride 8 or more (tp 8, pipeline sends): one member per node, one NIC's worth, 25 GB/s.
  assert.equal(linkFor(a100, 256, 8).bytesPerSec, (200e9 * 0.8) / 8);
  assert.equal(linkFor(a100, 12, 64).bytesPerSec, (200e9 * 0.8) / 8);
  // A stated network is shared the same way; inside a node NVLink is per GPU and not shared.
  assert.equal(linkFor(a100, 64, 2, 50e9).bytesPerSec, (50e9 * 0.8) / 2);
  assert.equal(linkFor(a100, 4, 2).bytesPerSec, 300e9 * 0.8);
});

test('a stated network between nodes: the data-parallel ring runs at it, and it replaces the assumed node', () => {
  // 64 H100 in 8 nodes with the gradient all-reduce not overlapped: exposed in full, at the network's rate.
  const h100 = findAccelerator('H100-SXM')!;
  const at = (gbps?: number) =>
    predictThroughput({
      arch: toy,
      counts: countParams(toy),
      acc: h100,
      precision: 'bf16',
      gpuCount: 64,
      seqLen: 2048,
      batchTokens: 2048 * 64,
      setup: { gradReduceOverlap: s(false), ...(gbps !== undefined ? { interNodeGbps: s(gbps) } : {}) },
      convention: 'palm',
    });
  const assumed = at();
  const slow = at(400);
  assert.ok(assumed.ok && slow.ok);
  const dp = (t: typeof slow) => (t.ok ? t.throughput.terms.find((x) => x.id === 'data-parallel')! : null)!;
  // Ring over 64 ranks: bytes × 63/64 / (rate × 80%) + 63 × 10 µs, twice (all-reduce).
  const bytes = countParams(toy).total * 2;
  const ring = (rate: number) => 2 * ((bytes * 63) / 64 / (rate * 0.8) + 63 * 10e-6);
  assert.ok(Math.abs(dp(slow).seconds - ring(50e9)) < 1e-12);
  assert.ok(Math.abs(dp(assumed).seconds - ring(400e9)) < 1e-12);
  assert.ok(slow.throughput.tokensPerSecPerGpu < assumed.throughput.tokensPerSecPerGpu);
  assert.ok(assumed.throughput.assumptions.some((a) => a.field === 'interNodeBandwidth'));
  assert.ok(!slow.throughput.assumptions.some((a) => a.field === 'interNodeBandwidth'));
  // The directive key parses into the run hints; a bad value is a problem on its range.
  const d = readDirectives('# scaling-lens: inter-node-gbps=400 gpus=64\n');
  assert.equal(d.directive.run?.interNodeGbps?.value, 400);
  const bad = readDirectives('# scaling-lens: inter-node-gbps=-3\n');
  assert.match(bad.problems[0]!.message, /inter-node-gbps must be Gbit\/s per node/);
});

test('the scalingLens.interNodeGbps setting: used when the file and its directive are silent, and the directive wins over it', () => {
  const script = (directive: string) =>
    `#!/bin/bash\n${directive}torchrun --nnodes 4 --nproc_per_node 8 pretrain_gpt.py --num-layers 4 --hidden-size 1024 --num-attention-heads 16 --seq-length 2048 --max-position-embeddings 2048 --micro-batch-size 2 --global-batch-size 256 --train-iters 100 --vocab-size 50257 --bf16\n`;
  const net = (text: string, settingGbps?: number) => {
    const a = analyze(text, 'train.sh', {
      ctx: { defaults: { gpu: 'H100-SXM', ...(settingGbps !== undefined ? { run: { interNodeGbps: settingGbps } } : {}) } },
    });
    assert.ok(a.ok);
    return { traced: a.result.plan.setup?.interNodeGbps, throughput: a.estimate.throughput };
  };
  assert.equal(net(script('')).traced, undefined);
  const fromSetting = net(script(''), 400);
  assert.deepEqual([fromSetting.traced?.value, fromSetting.traced?.origin, fromSetting.traced?.source], [400, 'assumed', 'setting scalingLens.interNodeGbps']);
  // The slower network reaches the throughput model: the data-parallel ring runs at 400 Gbit/s.
  assert.ok(fromSetting.throughput!.tokensPerSecPerGpu < net(script('')).throughput!.tokensPerSecPerGpu);
  assert.equal(net(script('# scaling-lens: inter-node-gbps=800\n'), 400).traced?.value, 800);
});

test('layout: stated values win, the rest are defaults listed as assumptions', () => {
  const setup: RunSetup = { microBatch: s(4), parallel: { tp: s(2), pp: s(4) }, checkpointing: s({ mode: 'full' as const }) };
  const { layout, assumptions } = resolveLayout({ gpuCount: 64, seqLen: 2048, batchTokens: 2048 * 512, fp8: false, setup });
  assert.equal(layout.dp, 8);
  assert.equal(layout.microBatches, 512 / 8 / 4);
  assert.equal(layout.checkpointing.mode, 'full');
  assert.deepEqual(assumptions.map((a) => a.field).sort(), ['cp', 'dp', 'flashAttention', 'pipelineSchedule', 'sharding']);
  assert.equal(assumptions.find((a) => a.field === 'dp')?.origin, 'derived');
});

const base = (setup: RunSetup, gpus = 64) =>
  predictThroughput({
    arch: { ...toy, layers: 32, dModel: 4096, heads: 32, kvHeads: 32, headDim: 128, ffn: 16384, vocab: 50304, seqLen: 2048 },
    counts: countParams({ ...toy, layers: 32, dModel: 4096, heads: 32, kvHeads: 32, headDim: 128, ffn: 16384, vocab: 50304, seqLen: 2048 }),
    acc: findAccelerator('H100-SXM')!,
    precision: 'bf16',
    gpuCount: gpus,
    seqLen: 2048,
    batchTokens: 2048 * 1024,
    setup,
    convention: 'palm',
  });

test('the breakdown adds up; MFU and HFU follow from tokens/s; full recompute adds a forward to HFU', () => {
  const out = base({ microBatch: s(2), parallel: { tp: s(2), pp: s(4) }, checkpointing: s({ mode: 'full' as const }) });
  assert.ok(out.ok);
  const t = out.throughput;
  const b = t.breakdown;
  assert.ok(Math.abs(b.compute + b.recompute + b.bubble + b.exposedComm - t.stepSeconds) < 1e-12 * t.stepSeconds);
  assert.ok(Math.abs(t.tokensPerSecPerGpu - (2048 * 1024) / 64 / t.stepSeconds) < 1e-9 * t.tokensPerSecPerGpu);
  // dp = 64 / (2 × 4) = 8; 1024 sequences / 8 / 2 per micro-batch = 64 micro-batches: bubble 3/64 of busy time.
  assert.ok(Math.abs(b.bubble - (b.compute + b.recompute) * (3 / 64)) < 1e-12);
  assert.ok(t.hfu > t.mfu * 1.25 && t.hfu < (t.mfu * 4) / 3, `${t.hfu / t.mfu}`);
  assert.ok(t.terms.some((x) => x.id === 'tensor-parallel') && t.terms.some((x) => x.id === 'bubble') && t.terms.some((x) => x.id === 'recompute'));
});

test('property: fewer micro-batches mean a larger bubble share; throughput never rises with more recompute', () => {
  fc.assert(
    fc.property(fc.integer({ min: 2, max: 16 }), fc.integer({ min: 1, max: 8 }), fc.constantFrom(1, 2, 4, 8), (pp, mbLog, tp) => {
      const micro = 2 ** (mbLog % 6);
      const a = base({ microBatch: s(micro), parallel: { tp: s(tp), pp: s(pp) } }, 8 * pp * tp);
      const b = base({ microBatch: s(micro * 2), parallel: { tp: s(tp), pp: s(pp) } }, 8 * pp * tp);
      assert.ok(a.ok && b.ok);
      // Twice the micro-batch = half the micro-batches = twice the bubble (as a share of busy time).
      const share = (o: typeof a) => (o.ok ? o.throughput.breakdown.bubble / (o.throughput.breakdown.compute + o.throughput.breakdown.recompute) : NaN);
      assert.ok(share(b) >= share(a) - 1e-12);
      const order = ['none', 'selective', 'full'] as const;
      const rates = order.map((mode) => {
        const o = base({ microBatch: s(micro), parallel: { tp: s(tp), pp: s(pp) }, checkpointing: s({ mode }) }, 8 * pp * tp);
        assert.ok(o.ok);
        return o.throughput.tokensPerSecPerGpu;
      });
      assert.ok(rates[1]! <= rates[0]! * (1 + 1e-12) && rates[2]! <= rates[1]! * (1 + 1e-12), rates.join(' '));
    }),
    { numRuns: 60 },
  );
});

test('property: with everything else fixed, a larger bubble never raises throughput (schedules and virtual stages)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 2, max: 16 }), fc.integer({ min: 2, max: 8 }), (pp, vp) => {
      const rate = (schedule: '1f1b' | 'interleaved-1f1b' | 'zero-bubble', v: number) => {
        const o = base({ microBatch: s(1), parallel: { tp: s(1), pp: s(pp), vp: s(v) }, pipelineSchedule: s(schedule) }, 8 * pp);
        assert.ok(o.ok);
        return o.throughput;
      };
      const plain = rate('1f1b', 1);
      const interleaved = rate('interleaved-1f1b', vp);
      const none = rate('zero-bubble', 1);
      // bubble: 1F1B ≥ interleaved (÷ vp) ≥ zero-bubble (0); throughput the other way round.
      assert.ok(plain.breakdown.bubble >= interleaved.breakdown.bubble && interleaved.breakdown.bubble >= none.breakdown.bubble);
      assert.ok(
        plain.tokensPerSecPerGpu <= interleaved.tokensPerSecPerGpu * (1 + 1e-12) && interleaved.tokensPerSecPerGpu <= none.tokensPerSecPerGpu * (1 + 1e-12),
      );
    }),
    { numRuns: 40 },
  );
});

const plan7b = (tokens: number, extra: Partial<TrainingPlan> = {}): TrainingPlan => ({
  ...emptyPlan,
  architecture: {
    value: { ...toy, layers: 32, dModel: 4096, heads: 32, kvHeads: 32, headDim: 128, ffn: 11008, mlp: 'glu', vocab: 32000, seqLen: 4096 },
    origin: 'stated',
    source: 't',
  },
  tokens: { value: tokens, origin: 'stated', source: 't' },
  ...extra,
});

test('property: GPU-hours are linear in tokens (model, measured tokens/s and stated MFU alike)', () => {
  fc.assert(
    fc.property(fc.double({ min: 6, max: 13, noNaN: true }), fc.double({ min: 1.01, max: 100, noNaN: true }), (e, k) => {
      const d = 10 ** e;
      for (const extra of [{}, { tokensPerSecPerGpu: s(3000) }, { mfu: s(0.4) }] as Partial<TrainingPlan>[]) {
        const a = estimate(plan7b(d, extra)).gpuHours!;
        const b = estimate(plan7b(d * k, extra)).gpuHours!;
        assert.ok(Math.abs(b / a - k) < 1e-9 * k, `${b / a} vs ${k}`);
      }
    }),
    { numRuns: 50 },
  );
});

test("the user's measurement wins and says so: tokens-per-sec= and mfu=", () => {
  const model = estimate(plan7b(1e12));
  const measured = estimate(plan7b(1e12, { tokensPerSecPerGpu: { value: 3100, origin: 'assumed', source: 'directive tokens-per-sec=3100' } }));
  assert.equal(measured.throughput!.source, 'tokens-per-sec');
  assert.equal(measured.throughput!.tokensPerSecPerGpu, 3100);
  // No cluster-efficiency factor on a measured rate: 1e12 / 3100 / 3600.
  assert.ok(Math.abs(measured.gpuHours! - 1e12 / 3100 / 3600) < 1e-6);
  assert.equal(measured.throughput!.modelTokensPerSecPerGpu, model.throughput!.tokensPerSecPerGpu);
  assert.match(measured.throughput!.note, /3,?100 tokens\/s\/GPU from directive tokens-per-sec=3100, replacing the model's prediction/);
  const mfu = estimate(plan7b(1e12, { mfu: { value: 0.38, origin: 'assumed', source: 'directive mfu=0.38' } }));
  assert.equal(mfu.throughput!.source, 'mfu');
  assert.equal(mfu.hardware.mfu, 0.38);
  assert.ok(Math.abs(mfu.gpuHours! - mfu.flops.total! / (312e12 * 0.38) / 3600) < 1e-6 * mfu.gpuHours!);
  assert.match(mfu.throughput!.note, /MFU 38(\.0)?% from directive mfu=0\.38/);
});

test('directive tokens-per-sec= parses; a bad value is a problem on its range', () => {
  const ok = readDirectives('# scaling-lens: tokens-per-sec=3.1K gpus=64\n');
  assert.equal(ok.directive.tokensPerSec?.value, 3100);
  assert.deepEqual(ok.problems, []);
  const bad = readDirectives('# scaling-lens: tokens-per-sec=-5\n');
  assert.equal(bad.problems.length, 1);
  assert.match(bad.problems[0]!.message, /tokens-per-sec must be measured tokens per second per GPU/);
  assert.equal(bad.problems[0]!.range!.startCol, 16);
});

test('a dominant pipeline bubble is flagged with what would shrink it', () => {
  const e = estimate(plan7b(1e12, { gpuCount: s(64), batchTokens: s(4096 * 64), setup: { microBatch: s(1), parallel: { tp: s(1), pp: s(8) } } }));
  const w = e.warnings.find((x) => x.code === 'throughput-bottleneck');
  assert.ok(w, JSON.stringify(e.throughput?.breakdown));
  assert.match(w.message, /pipeline bubble takes \d+% of each step .*more micro-batches per step .* interleaved schedule/);
});

test('data-parallel overlap: unoverlapped reductions and gathers are exposed in full, overlapped ones past the compute', () => {
  // 64 H100 in 8 nodes, no tp/pp; 1B parameters: 2 GB of BF16 gradients, ring over 64 ranks at
  // 400 GB/s × 80% between nodes plus 10 µs per ring step; 1 s of compute per micro-batch.
  const h100 = findAccelerator('H100-SXM')!;
  const half = (2e9 * 63) / 64 / 320e9 + 63 * 10e-6;
  const dp = (sharding: 'none' | 'distributed-optimizer', overlap: { grad: boolean; param: boolean }) => {
    const { layout } = resolveLayout({
      gpuCount: 64,
      seqLen: 2048,
      batchTokens: 2048 * 64,
      fp8: false,
      setup: { sharding: s(sharding), gradReduceOverlap: s(overlap.grad), paramGatherOverlap: s(overlap.param) },
    });
    const terms = communication({
      arch: toy,
      denseParamsPerShard: 1e9,
      expertParamsPerShard: 0,
      layout,
      acc: h100,
      microSeconds: 1,
      microAttentionSeconds: 0.1,
      exposedShare: 0.1,
    });
    return terms.find((x) => x.kind === 'data-parallel')!;
  };
  const ddp = dp('none', { grad: true, param: true });
  assert.ok(Math.abs(ddp.seconds - 2 * half) < 1e-15);
  assert.ok(Math.abs(ddp.exposedSeconds - 0.1 * 2 * half) < 1e-15, 'hidden under 2/3 s of backward but the fitted share');
  const late = dp('none', { grad: false, param: true });
  assert.equal(late.exposedSeconds, late.seconds);
  assert.match(late.formula, /gradient reduction not overlapped with compute/);
  // Distributed optimizer: the gradient reduce-scatter overlaps, the weight all-gather after the step does not.
  const gatherLate = dp('distributed-optimizer', { grad: true, param: false });
  assert.ok(Math.abs(gatherLate.exposedSeconds - (0.1 * half + half)) < 1e-15);
  assert.match(gatherLate.formula, /parameter gathering not overlapped/);
});

test('FSDP under a pipeline: gradients reduce-scattered once per step; grad-op gathers once, full sharding once per micro-batch', () => {
  // 64 H100 as tp 1 × pp 4 × dp 16 (two nodes per data-parallel ring), 8 micro-batches per step,
  // 1B parameters per stage: one ring pass moves 2 GB over 16 ranks across nodes.
  const h100 = findAccelerator('H100-SXM')!;
  const pass = (2e9 * 15) / 16 / 320e9 + (1 + 2) * 15 * 10e-6; // the ring's 15 steps, and again for each of the stage's 2 layers
  const dp = (sharding: ShardingKind) => {
    const { layout } = resolveLayout({
      gpuCount: 64,
      seqLen: 2048,
      batchTokens: 2048 * 16 * 8,
      fp8: false,
      setup: { sharding: s(sharding), microBatch: s(1), parallel: { pp: s(4) }, gradReduceOverlap: s(false), paramGatherOverlap: s(false) },
    });
    assert.equal(layout.microBatches, 8);
    return communication({
      arch: { ...toy, layers: 8 },
      denseParamsPerShard: 1e9,
      expertParamsPerShard: 0,
      layout,
      acc: h100,
      microSeconds: 1,
      microAttentionSeconds: 0.1,
      exposedShare: 0.1,
    }).find((x) => x.kind === 'data-parallel')!;
  };
  const op = dp('fsdp-grad-op');
  assert.ok(Math.abs(op.seconds - 2 * pass) < 1e-12, `${op.seconds} vs ${2 * pass}`);
  assert.match(op.formula, /^2 × once per step/);
  const full = dp('fsdp-full');
  assert.ok(Math.abs(full.seconds - 9 * pass) < 1e-12, `${full.seconds} vs ${9 * pass}`);
  assert.match(full.formula, /^8 gathers \+ 1 reduce-scatter per step/);
  // Not overlapped: all of it exposed.
  assert.equal(full.exposedSeconds, full.seconds);
});

test('expert parallelism: routed experts are synchronized over the expert replicas only (dp / ep ranks)', () => {
  // 64 H100 in 8 nodes, ep 8: 1B dense parameters all-reduced over 64 ranks, and the 0.5B of
  // experts this GPU holds over the 64 / 8 = 8 ranks that hold the same experts.
  const h100 = findAccelerator('H100-SXM')!;
  const { layout } = resolveLayout({
    gpuCount: 64,
    seqLen: 2048,
    batchTokens: 2048 * 64,
    fp8: false,
    moe: true,
    setup: { parallel: { ep: s(8) }, sharding: s('none' as const) },
  });
  assert.equal(layout.ep, 8);
  const dp = (expertParamsPerShard: number) =>
    communication({
      arch: toy,
      denseParamsPerShard: 1e9,
      expertParamsPerShard,
      layout,
      acc: h100,
      microSeconds: 1,
      microAttentionSeconds: 0.1,
      exposedShare: 0.1,
    }).find((x) => x.kind === 'data-parallel')!;
  const dense = (2e9 * 63) / 64 / 320e9 + 63 * 10e-6;
  const experts = (1e9 * 7) / 8 / 320e9 + 7 * 10e-6;
  assert.ok(Math.abs(dp(0.5e9).seconds - 2 * (dense + experts)) < 1e-15);
  assert.match(dp(0.5e9).formula, /of 2\.00 GB \(BF16 gradients per shard\) \+ 1\.00 GB of experts over 8 ranks \(ep 8\)/);
  // Before, every GPU was priced as holding and reducing all experts over all 64 ranks.
  assert.ok(dp(0.5e9).seconds < (2 * ((2e9 + 8e9) * 63)) / 64 / 320e9);
});

test('tensor-parallel overlap (--tp-comm-overlap) hides the all-reduces under the GEMMs', () => {
  const tp = (overlap: boolean) => {
    const out = base({ microBatch: s(2), parallel: { tp: s(8) }, tpCommOverlap: s(overlap) });
    assert.ok(out.ok);
    return out.throughput.terms.find((x) => x.id === 'tensor-parallel')!;
  };
  // The GEMMs cover the all-reduces here, so what stays exposed is the fitted share of overlapped
  // traffic that still lengthens the step (the same constant as for data-parallel overlap).
  assert.ok(Math.abs(tp(true).seconds - FITTED.exposedShare * tp(false).seconds) < 1e-9 * tp(false).seconds, `${tp(true).seconds} ${tp(false).seconds}`);
  assert.ok(tp(true).seconds < tp(false).seconds);
  assert.match(tp(true).formula, /overlapped with the GEMMs/);
});

test('property: turning any communication overlap off never raises throughput', () => {
  fc.assert(
    fc.property(
      fc.constantFrom<ShardingKind[]>('none', 'zero1', 'zero3', 'distributed-optimizer', 'fsdp-hybrid'),
      fc.constantFrom(1, 2, 8),
      fc.constantFrom(8, 64, 512),
      fc.boolean(),
      fc.boolean(),
      (sharding, tpDegree, gpus, grad, param) => {
        const tps = (g: boolean, p: boolean, t: boolean) => {
          const out = base(
            { microBatch: s(1), sharding: s(sharding), parallel: { tp: s(tpDegree) }, gradReduceOverlap: s(g), paramGatherOverlap: s(p), tpCommOverlap: s(t) },
            gpus,
          );
          assert.ok(out.ok);
          return out.throughput.tokensPerSecPerGpu;
        };
        const now = tps(grad, param, true);
        assert.ok(tps(false, param, true) <= now * (1 + 1e-12));
        assert.ok(tps(grad, false, true) <= now * (1 + 1e-12));
        assert.ok(tps(grad, param, false) <= now * (1 + 1e-12));
      },
    ),
    { numRuns: 60 },
  );
});

test('exposed data-parallel traffic that the run does not overlap is flagged with the flags that overlap it', () => {
  // 7B on 512 A100, one 2k sequence each per step: 13 GB of gradients reduce-scattered and weights
  // gathered between nodes (~0.17 s) against ~0.45 s of compute.
  const setup = { microBatch: s(1), sharding: s('distributed-optimizer' as const), gradReduceOverlap: s(false), paramGatherOverlap: s(false) };
  const e = estimate(plan7b(1e12, { gpuCount: s(512), seqLen: s(2048), batchTokens: s(2048 * 512), setup }));
  const w = e.warnings.find((x) => x.code === 'throughput-bottleneck');
  assert.ok(w, JSON.stringify(e.throughput?.breakdown));
  assert.match(w.message, /most of it data-parallel: overlapping the data-parallel communication .*--overlap-grad-reduce --overlap-param-gather/);
  // Overlapped, the same run hides most of it and the advice (if any) is not about overlap.
  const o = estimate(
    plan7b(1e12, { gpuCount: s(512), seqLen: s(2048), batchTokens: s(2048 * 512), setup: { microBatch: s(1), sharding: s('distributed-optimizer' as const) } }),
  );
  assert.ok(o.throughput!.tokensPerSecPerGpu > e.throughput!.tokensPerSecPerGpu);
  assert.doesNotMatch(o.warnings.find((x) => x.code === 'throughput-bottleneck')?.message ?? '', /overlap-grad-reduce/);
});
