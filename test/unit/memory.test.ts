// Closed forms of the memory model recomputed on small hand cases: ZeRO's 2 + 2 + 12 bytes per
// parameter and its Figure 1, Korthikanti et al.'s Table 2 activation terms, exact LoRA counts
// (the litgpt tables state them), NF4 bits, KV-cache sizes; and properties of the whole model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adapterParams } from '../../src/core/adapters';
import type { AdapterTarget } from '../../src/core/runSetup';
import fc from 'fast-check';
import { BASE_MEMORY_SETUP } from './memory-setup';
import {
  countParams,
  emptyPlan,
  estimate,
  findAccelerator,
  inferenceEstimate,
  kvCacheBytesAt,
  kvCacheBytesPerToken,
  layerActivations,
  layerBytes,
  opSacActivations,
  modelStates,
  nf4BytesPerParam,
  trainingMemory,
  type Architecture,
  type MemorySetup,
  type ShardingKind,
  type TrainingPlan,
} from '../../src/core/index';

const llama2_7b: Architecture = {
  layers: 32,
  dModel: 4096,
  heads: 32,
  kvHeads: 32,
  headDim: 128,
  ffn: 11008,
  mlp: 'glu',
  vocab: 32000,
  seqLen: 4096,
  positions: 'rotary',
  norm: 'rmsnorm',
  linearBias: false,
  tiedEmbeddings: false,
};
const llama3_8b: Architecture = { ...llama2_7b, kvHeads: 8, ffn: 14336, vocab: 128256, seqLen: 8192 };
const gpt3: Architecture = {
  layers: 96,
  dModel: 12288,
  heads: 96,
  kvHeads: 96,
  headDim: 128,
  ffn: 4 * 12288,
  mlp: 'mlp',
  vocab: 51200,
  seqLen: 2048,
  positions: 'learned',
  norm: 'layernorm',
  linearBias: true,
  tiedEmbeddings: true,
};

const base: MemorySetup = BASE_MEMORY_SETUP;

test('ZeRO §3 / Figure 1: Ψ = 7.5B, N_d = 64, mixed-precision Adam (K = 12): 120, 31.4, 16.6, 1.9 GB', () => {
  const psi = 7.5e9;
  const p = { held: psi, linear: psi, embedding: 0, largestLayer: 0, layers: 1, firstLayer: 0 };
  const states = (sharding: ShardingKind) => {
    const r = modelStates(llama2_7b, { ...base, sharding, dp: 64, shardGroup: 64 }, p);
    assert.ok(r.ok);
    return r.value.weights + r.value.gradients + r.value.optimizer;
  };
  assert.equal(states('none'), (2 + 2 + 12) * psi); // 120 GB
  assert.equal(states('zero1'), 2 * psi + 2 * psi + (12 * psi) / 64); // 31.4 GB
  assert.equal(states('zero2'), 2 * psi + ((2 + 12) * psi) / 64); // 16.6 GB
  assert.equal(states('zero3'), ((2 + 2 + 12) * psi) / 64); // 1.9 GB
  assert.equal(Math.round(states('zero1') / 1e8) / 10, 31.4);
  assert.equal(Math.round(states('zero2') / 1e8) / 10, 16.6);
  assert.equal(Math.round(states('zero3') / 1e8) / 10, 1.9);
});

test('Korthikanti et al. 2022 Table 2: 34sbh + 5as²b per layer, and its tensor/sequence-parallel and recompute rows', () => {
  const s = 2048,
    b = 1,
    h = 12288,
    a = 96,
    t = 8;
  const x = { seq: s, keys: s, microBatch: b, tp: 1, sequenceParallel: false, flashAttention: false, dropout: true, bytes: 2 };
  const parts = layerActivations(gpt3, x);
  assert.equal(layerBytes(parts, gpt3, x, 'none'), s * b * h * (34 + (5 * a * s) / h));
  const tp = { ...x, tp: t };
  assert.equal(layerBytes(parts, gpt3, tp, 'none'), s * b * h * (10 + 24 / t + (5 * a * s) / (h * t)));
  const sp = { ...tp, sequenceParallel: true };
  assert.equal(layerBytes(parts, gpt3, sp, 'none'), s * b * h * (34 / t + (5 * a * s) / (h * t)));
  assert.equal(layerBytes(parts, gpt3, sp, 'selective'), (s * b * h * 34) / t);
  assert.equal(layerBytes(parts, gpt3, x, 'input'), 2 * s * b * h);
  // Flash attention keeps no score matrix: the selective figure without recomputing anything.
  const flash = layerActivations(gpt3, { ...x, flashAttention: true });
  assert.equal(layerBytes(flash, gpt3, x, 'none'), 34 * s * b * h);
});

test('per-op selective checkpointing keeps the block input, the attention output and every other matmul; row-parallel partial sums whole under TP', () => {
  // A small GQA block: h 64, 4 heads × 16 (q 64), 2 KV heads (k, v 32), gated MLP of 128. In call
  // order q, k, v, o, gate, up, down the policy saves q, v, gate and down.
  const a: Architecture = { ...llama2_7b, layers: 2, dModel: 64, heads: 4, kvHeads: 2, headDim: 16, ffn: 128, vocab: 1000 };
  const x = { seq: 1, keys: 1, microBatch: 1, tp: 1, sequenceParallel: false, flashAttention: true, dropout: false, bytes: 2 };
  // Per token, bytes: split q 64 + v 32 + gate 128 (×2 B) + attention output 64 × 2 + fp32 log-sum-exp 4 × 4 = 592;
  // block input 128; down 128.
  assert.equal(layerBytes(opSacActivations(a, x), a, x, 'selective'), 128 + 128 + 592);
  // tp 2 with sequence parallelism: the input and two saved reduce-scatters split over the ranks,
  // the down projection's partial sums whole on each: 3 × 128 / 2 + 592 / 2 + 128.
  const sp = { ...x, tp: 2, sequenceParallel: true };
  assert.equal(layerBytes(opSacActivations(a, sp), a, sp, 'selective'), 192 + 296 + 128);
  // Without sequence parallelism no reduce-scatter, and the input is whole.
  const tp = { ...x, tp: 2 };
  assert.equal(layerBytes(opSacActivations(a, tp), a, tp, 'selective'), 128 + 296 + 128);
});

test('LoRA adapters in the memory model: the exact counts the litgpt resource tables state', () => {
  const lora = (a: Architecture, targets: AdapterTarget[]) => {
    const r = adapterParams(a, { rank: 8, targets });
    assert.ok(r.ok);
    return r.count.trainable;
  };
  const phi15: Architecture = { ...llama2_7b, layers: 24, dModel: 2048, heads: 32, kvHeads: 32, headDim: 64, ffn: 8192, mlp: 'mlp', vocab: 51200 };
  assert.equal(lora(phi15, ['q', 'v']), 1_572_864);
  const llama2_13b: Architecture = { ...llama2_7b, layers: 40, dModel: 5120, heads: 40, kvHeads: 40, ffn: 13824 };
  assert.equal(lora(llama2_13b, ['q', 'v']), 6_553_600);
  const falcon40b: Architecture = { ...llama2_7b, layers: 60, dModel: 8192, heads: 128, kvHeads: 8, headDim: 64, ffn: 32768, mlp: 'mlp', vocab: 65024 };
  assert.equal(lora(falcon40b, ['q', 'v']), 12_042_240);
  // PEFT on Llama-2-7b, r=8, q_proj+v_proj: "trainable params: 4,194,304".
  assert.equal(lora(llama2_7b, ['q', 'v']), 4_194_304);
  // A plain MLP has no gate: "every MLP matrix" (litgpt lora_mlp, all-linear) wraps up and down only.
  assert.equal(lora(phi15, ['gate', 'up', 'down']), lora(phi15, ['up', 'down']));
});

test('QLoRA NF4: 4 bits + 32/64 (0.5 bits), or 4 + 8/64 + 32/(64·256) = 4.127 bits with double quantization', () => {
  assert.equal(nf4BytesPerParam(false), 4.5 / 8);
  assert.equal(nf4BytesPerParam(true), (4 + 0.125 + 32 / 16384) / 8);
});

test('KV cache per token: Llama 2 7B 512 KiB, Llama 3 8B (GQA) 128 KiB, DeepSeek-V3 MLA (512 + 64) × 61 × 2 B', () => {
  assert.equal(kvCacheBytesPerToken(llama2_7b, 2).bytes, 32 * 32 * 128 * 2 * 2);
  assert.equal(kvCacheBytesPerToken(llama2_7b, 2).bytes, 512 * 1024);
  assert.equal(kvCacheBytesPerToken(llama3_8b, 2).bytes, 128 * 1024);
  const dsv3: Architecture = {
    ...llama2_7b,
    layers: 61,
    dModel: 7168,
    heads: 128,
    kvHeads: 128,
    mla: { qLoraRank: 1536, kvLoraRank: 512, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128 },
  };
  assert.equal(kvCacheBytesPerToken(dsv3, 2).bytes, 61 * 576 * 2);
});

test('KV cache with sliding windows: a sequence holds at most the window on local layers; the decode bound reads that', () => {
  // Mistral-7B-v0.1: every one of 32 layers windowed at 4,096 tokens; 8 KV heads × 128.
  const mistral: Architecture = { ...llama3_8b, vocab: 32000, slidingWindow: { window: 4096, layers: 32 } };
  const perToken = 32 * 8 * 128 * 2 * 2;
  assert.equal(kvCacheBytesAt(mistral, 2, 1000), perToken * 1000);
  assert.equal(kvCacheBytesAt(mistral, 2, 32_768), perToken * 4096);
  // Half the layers local (Gemma 2 style): the full half grows, the local half stops at the window.
  const half: Architecture = { ...llama3_8b, slidingWindow: { window: 4096, layers: 16 } };
  assert.equal(kvCacheBytesAt(half, 2, 32_768), perToken * (16_384 + 2048));
  assert.match(kvCacheBytesPerToken(half, 2).formula, /16 sliding-window layers counted in full: an upper bound/);
  const h100 = findAccelerator('H100-SXM')!;
  const at = (a: Architecture) => inferenceEstimate(a, 2, 80e9, h100.memoryBandwidthGBs, 0, 32_768).decodeTokensPerSecUpperBound;
  assert.ok(at(mistral) > at({ ...mistral, slidingWindow: { window: 32_768, layers: 32 } }));
});

test('inference: cache tokens beside the weights, and decode bound = bandwidth ÷ bytes read per token', () => {
  const h100 = findAccelerator('H100-SXM')!;
  const n = countParams(llama2_7b).total;
  const inf = inferenceEstimate(llama2_7b, 2, 80e9, h100.memoryBandwidthGBs, 0, 0);
  assert.equal(inf.weightsBytes, 2 * n);
  assert.equal(inf.maxTokensInCache, Math.floor((80e9 - 2 * n) / (512 * 1024)));
  assert.equal(inf.decodeTokensPerSecUpperBound, 3350e9 / (2 * n));
});

test('FSDP2 under a pipeline holds the stage gathered and its fp32 gradients unsharded: 2 + 4 + 12/g bytes per parameter', () => {
  const psi = 1e9;
  const p = { held: psi, linear: psi, embedding: 0, largestLayer: psi / 10, layers: 10, firstLayer: 0 };
  const states = (sharding: ShardingKind, pp: number) => {
    const r = modelStates(llama2_7b, { ...base, sharding, dp: 8, shardGroup: 8, pp }, p);
    assert.ok(r.ok);
    return r.value;
  };
  for (const kind of ['fsdp-full', 'fsdp-grad-op', 'fsdp-hybrid'] as const) {
    const v = states(kind, 4);
    assert.equal(v.weights, 2 * psi, kind); // torch.distributed.pipelining: set_reshard_after_backward(False)
    assert.equal(v.gathered, 0, kind);
    assert.equal(v.gradients, 4 * psi, kind); // set_requires_gradient_sync(False), accumulated in the fp32 reduce dtype
    assert.equal(v.optimizer, (12 * psi) / 8, kind);
  }
  // Without a pipeline FSDP shards as before; ZeRO-1 under a pipeline (Megatron, DeepSpeed) is untouched.
  assert.equal(states('fsdp-full', 1).gradients, (2 * psi) / 8);
  assert.equal(states('fsdp-grad-op', 1).weights, 2 * psi);
  assert.equal(states('zero1', 4).gradients, 2 * psi);
  // All-bf16 training keeps bf16 gradients.
  const half = modelStates(llama2_7b, { ...base, sharding: 'fsdp-full', dp: 8, shardGroup: 8, pp: 4, weightsMode: 'half' }, p);
  assert.ok(half.ok);
  assert.equal(half.value.gradients, 2 * psi);
});

test('torch.compile under full checkpointing shrinks the recomputed layer, not the saved block inputs', () => {
  const full = { ...base, checkpointing: 'full' as const, microBatch: 2 };
  const plain = trainingMemory(llama3_8b, 8192, 'bf16', full);
  const compiled = trainingMemory(llama3_8b, 8192, 'bf16', { ...full, compile: true });
  assert.ok(plain.ok && compiled.ok);
  // The saved inputs: 32 layers × b 2 × s 8192 × d 4096 × 2 B.
  const inputs = 32 * 2 * 8192 * 4096 * 2;
  const recomputed = plain.value.breakdown.activations - inputs;
  assert.ok(recomputed > 0);
  assert.ok(Math.abs(compiled.value.breakdown.activations - (inputs + 0.7 * recomputed)) < 1);
});

test('training memory of full-model Adam without sharding is (2 + 2 + 12)·N plus activations, logits and overhead', () => {
  const m = trainingMemory(llama2_7b, 4096, 'bf16', base);
  assert.ok(m.ok);
  const n = countParams(llama2_7b).total;
  assert.equal(m.value.breakdown.weights, 2 * n);
  assert.equal(m.value.breakdown.gradients, 2 * n);
  assert.equal(m.value.breakdown.optimizer, 12 * n);
  assert.equal(m.value.breakdown.logits, 1 * 4096 * 32000 * 8);
  assert.equal(m.value.terms.length, 6);
});

test('estimate(): memory with the unstated inputs listed as assumptions, and unknown without an architecture', () => {
  const plan: TrainingPlan = {
    ...emptyPlan,
    architecture: { value: llama2_7b, origin: 'stated', source: 'config' },
    gpu: { value: 'H100-SXM', origin: 'stated', source: 'gpu' },
    gpuCount: { value: 8, origin: 'stated', source: 'gpus' },
  };
  // No layout stated, and plain DDP cannot hold 16 bytes × 6.7B = 108 GB of model states on an
  // 80 GB GPU: the estimate shows the split it assumes instead (ZeRO-1), listed as assumed.
  const e = estimate(plan);
  assert.ok(e.memory);
  assert.equal(e.memory.lowerBound, true);
  assert.equal(e.memory.fits, true);
  assert.equal(e.assumedSplit?.sharding?.value, 'distributed-optimizer');
  assert.ok(e.memory.assumptions.some((a) => a.field === 'memory.microBatch' && a.value === 1));
  assert.ok(
    e.memory.assumptions.some((a) => a.field === 'memory.sharding' && a.origin === 'assumed' && /does not fit: the smallest standard split/.test(a.note)),
  );
  assert.ok(e.inference && e.inference.kvCacheBytesPerToken === 512 * 1024);
  // Stated as plain DDP, it does not fit, and the first remedy is sharding.
  const ddp = estimate({ ...plan, setup: { sharding: { value: 'none', origin: 'stated', source: 'config' } } });
  assert.equal(ddp.assumedSplit, null);
  assert.equal(ddp.memory!.fits, false);
  assert.equal(ddp.memory!.remedies[0]!.key, 'sharding');
  assert.equal(ddp.memory!.remedies[0]!.fits, true);
  const none = estimate(emptyPlan);
  assert.equal(none.memory, null);
  assert.match(none.memoryReason!, /no architecture/);
});

const archArb = fc
  .record({
    layers: fc.integer({ min: 1, max: 48 }),
    d: fc.constantFrom(256, 512, 1024, 2048),
    ffnMul: fc.constantFrom(2, 3, 4),
    vocab: fc.integer({ min: 1000, max: 200_000 }),
    glu: fc.boolean(),
  })
  .map(({ layers, d, ffnMul, vocab, glu }): Architecture => ({
    ...llama2_7b,
    layers,
    dModel: d,
    heads: d / 64,
    kvHeads: d / 64,
    headDim: 64,
    ffn: ffnMul * d,
    vocab,
    mlp: glu ? 'glu' : 'mlp',
  }));
const setupArb = fc
  .record({
    microBatch: fc.integer({ min: 1, max: 16 }),
    tp: fc.constantFrom(1, 2, 4),
    pp: fc.constantFrom(1, 2, 4),
    dp: fc.constantFrom(1, 2, 8, 64),
    checkpointing: fc.constantFrom('none' as const, 'selective' as const, 'full' as const),
    flashAttention: fc.boolean(),
    method: fc.constantFrom('full' as const, 'lora' as const, 'qlora' as const),
    sharding: fc.constantFrom<ShardingKind>('none', 'zero1', 'zero2', 'zero3'),
  })
  .map((r): MemorySetup => ({
    ...base,
    ...r,
    shardGroup: r.sharding === 'none' ? 1 : r.dp,
    adapter: r.method === 'full' ? null : { rank: 8, targets: ['q', 'v'] },
  }));
const bytesOf = (a: Architecture, seq: number, s: MemorySetup) => {
  const m = trainingMemory(a, seq, 'bf16', s);
  assert.ok(m.ok);
  return m.value.perGpuBytes;
};

test('property: memory never decreases with micro-batch, sequence length or layers', () => {
  fc.assert(
    fc.property(archArb, setupArb, fc.integer({ min: 16, max: 8192 }), (a, s, seq) => {
      fc.pre(s.pp <= a.layers);
      // Equal up to float rounding counts as not decreasing (29 → 30 layers over pp 2 keeps the
      // first stage's 15 layers: the same bytes, summed in another order).
      const here = bytesOf(a, seq, s) * (1 - 1e-12);
      assert.ok(bytesOf(a, seq, { ...s, microBatch: s.microBatch + 1 }) >= here);
      assert.ok(bytesOf(a, seq * 2, s) >= here);
      assert.ok(bytesOf({ ...a, layers: a.layers + 1 }, seq, s) >= here);
    }),
    { numRuns: 200 },
  );
});

test('property: memory never increases with more sharding (stage or group size)', () => {
  const order: ShardingKind[] = ['none', 'zero1', 'zero2', 'zero3'];
  fc.assert(
    fc.property(archArb, setupArb, (a, s) => {
      fc.pre(s.pp <= a.layers);
      let prev = Infinity;
      for (const sharding of order) {
        const v = bytesOf(a, 2048, { ...s, sharding, shardGroup: sharding === 'none' ? 1 : s.dp });
        assert.ok(v <= prev * (1 + 1e-12), `${sharding}: ${v} > ${prev}`);
        prev = v;
      }
      if (s.sharding !== 'none') assert.ok(bytesOf(a, 2048, { ...s, dp: s.dp * 2, shardGroup: s.dp * 2 }) <= bytesOf(a, 2048, s) * (1 + 1e-12));
    }),
    { numRuns: 200 },
  );
});

test('a plan stating its layout: stated values are used and not listed, framework defaults are listed with their origin; LoRA from plan.kind', () => {
  const s = (v: number) => ({ value: v, origin: 'stated' as const, source: 'flag' });
  const plan: TrainingPlan = {
    ...emptyPlan,
    architecture: { value: llama3_8b, origin: 'stated', source: 'config' },
    gpu: { value: 'H100-SXM', origin: 'stated', source: 'gpu' },
    gpuCount: s(64),
    seqLen: s(8192),
    setup: {
      microBatch: s(2),
      parallel: { tp: s(8), pp: s(4), dp: s(2), cp: s(1), ep: s(1), sequenceParallel: { value: true, origin: 'stated', source: '--sequence-parallel' } },
      sharding: { value: 'distributed-optimizer', origin: 'stated', source: '--use-distributed-optimizer' },
      checkpointing: { value: { mode: 'selective' }, origin: 'default', source: 'Megatron', note: 'Megatron default recompute: selective' },
      optimizer: { value: 'adamw', origin: 'default', source: 'Megatron --optimizer adam' },
      flashAttention: { value: true, origin: 'stated', source: '--use-flash-attn' },
    },
    kind: {
      method: { value: 'lora', origin: 'stated', source: 'peft' },
      adapter: { value: { rank: 16, targets: ['q', 'k', 'v', 'o'] }, origin: 'stated', source: 'lora_r' },
    },
  };
  const m = estimate(plan).memory!;
  const fields = m.assumptions.map((a) => a.field);
  for (const f of ['memory.microBatch', 'memory.tp', 'memory.pp', 'memory.dp', 'memory.sharding']) assert.ok(!fields.includes(f), f);
  assert.deepEqual(
    m.assumptions.find((a) => a.field === 'memory.checkpointing'),
    { field: 'memory.checkpointing', value: 'selective', origin: 'default', note: 'Megatron default recompute: selective' },
  );
  assert.equal(m.lowerBound, false);
  assert.equal(m.setup.tp, 8);
  assert.equal(m.setup.shardGroup, 2);
  // r·(in + out) per wrapped matrix: q and o 4096↔4096, k and v 4096→1024; 32 layers.
  assert.equal(m.adapterParams, 32 * 16 * (2 * (4096 + 4096) + 2 * (4096 + 1024)));
  // Megatron's distributed optimizer keeps an unsharded fp32 main-gradient buffer for bf16 runs
  // (NVIDIA/Megatron-LM docs/user-guide/features/dist_optimizer.md: 6 + 12/d bytes per parameter).
  assert.equal(m.breakdown.gradients, (m.trainableParams * 4) / 1);
});

test('a fine-tune that does not state its sequence length gets no memory verdict; a model file is priced at its context, said', () => {
  const plan: TrainingPlan = {
    ...emptyPlan,
    architecture: { value: { ...llama3_8b, seqLen: 131072 }, origin: 'stated', source: 'config' },
    gpu: { value: 'A100-80GB', origin: 'stated', source: 'gpu' },
    kind: {
      method: { value: 'lora', origin: 'stated', source: 'peft' },
      adapter: { value: { rank: 8, targets: ['q', 'v'] }, origin: 'stated', source: 'lora_r' },
    },
  };
  const e = estimate(plan);
  assert.equal(e.memory, null);
  assert.match(e.memoryReason ?? '', /sequence length is not stated.*131,072.*seq-len=N/);
  const { kind: _kind, ...modelPlan } = plan;
  const model = estimate(modelPlan);
  assert.ok(model.memory);
  assert.ok(model.memory.assumptions.some((a) => a.field === 'memory.seqLen' && a.value === 131072));
});
