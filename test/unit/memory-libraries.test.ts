// The library terms of the memory model recomputed by hand on a small model: bitsandbytes'
// saved 4-bit matmul inputs (before 0.43.2) and its dequantised weight, Transformer Engine's FP8
// saved inputs and weight cache (torchao: none), and Megatron's distributed optimizer
// (6 + 12/d bytes per parameter for bf16, 4 + 16/d for fp16).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countParams, nf4BytesPerParam, trainingMemory, type Architecture, type MemorySetup } from '../../src/core/index';
import { BASE_MEMORY_SETUP } from './memory-setup';

// A small Llama-shaped model: 4 layers, d 256, 4 heads of 64, 2 KV heads, SwiGLU 688, vocab 1000.
const tiny: Architecture = {
  layers: 4,
  dModel: 256,
  heads: 4,
  kvHeads: 2,
  headDim: 64,
  ffn: 688,
  mlp: 'glu',
  vocab: 1000,
  seqLen: 512,
  positions: 'rotary',
  norm: 'rmsnorm',
  linearBias: false,
  tiedEmbeddings: false,
};
const s = 512,
  b = 2,
  h = 256,
  F = 688,
  L = 4;

const base: MemorySetup = { ...BASE_MEMORY_SETUP, microBatch: b };
const qlora: MemorySetup = { ...base, method: 'qlora', adapter: { rank: 8, targets: ['q', 'v'], baseBits: 4 } };

const mem = (setup: MemorySetup, libs = {}) => {
  const m = trainingMemory(tiny, s, 'bf16', setup, libs);
  assert.ok(m.ok);
  return m.value;
};

// Distinct linear inputs per token and layer: attention input h, o-projection input 4·64 = 256,
// MLP input h, down-projection input F: 256 + 256 + 256 + 688 = 1456 elements.
const linearInputs = h + 4 * 64 + h + F;

test('bitsandbytes < 0.43.2 keeps a bf16 copy of every 4-bit linear input: L × s × b × 1456 × 2 B more', () => {
  assert.equal(linearInputs, 1456);
  const current = mem(qlora);
  const legacy = mem(qlora, { bitsandbytesSavesInput: true });
  assert.equal(legacy.breakdown.activations - current.breakdown.activations, L * s * b * 1456 * 2);
  // Full checkpointing: only the layer rebuilt in backward holds them.
  const ckpt = { ...qlora, checkpointing: 'full' as const };
  assert.equal(mem(ckpt, { bitsandbytesSavesInput: true }).breakdown.activations - mem(ckpt).breakdown.activations, s * b * 1456 * 2);
  // Plain LoRA is untouched by the flag.
  const lora = { ...qlora, method: 'lora' as const };
  assert.equal(mem(lora, { bitsandbytesSavesInput: true }).perGpuBytes, mem(lora).perGpuBytes);
});

test('QLoRA weights: NF4 linear weights, bf16 rest and adapters, plus one dequantised weight (the largest linear, 256 × 688 × 2 B)', () => {
  const c = countParams(tiny);
  const linear = c.breakdown.attention + c.breakdown.mlp;
  const rest = c.total - linear;
  // LoRA r=8 on q (256→256) and v (256→128): 8·(512) + 8·(384) per layer.
  const adapters = L * 8 * (256 + 256 + 256 + 128);
  // Largest linear: fused qkv 256 × (256 + 2·128) = 131,072 < MLP 256 × 688 = 176,128.
  const dequant = 256 * 688 * 2;
  const m = mem(qlora);
  assert.equal(m.adapterParams, adapters);
  assert.ok(Math.abs(m.breakdown.weights - (linear * nf4BytesPerParam(true) + rest * 2 + adapters * 2 + dequant)) < 1e-6);
});

test('Megatron distributed optimizer, bf16: 6 + 12/d bytes per parameter (fp32 main grads unsharded); fp16: 4 + 16/d', () => {
  const P = countParams(tiny).total;
  const d = 8;
  const dist = { ...base, dp: d, shardGroup: d, sharding: 'distributed-optimizer' as const };
  const bf16 = mem(dist);
  assert.equal(bf16.breakdown.weights, P * 2);
  assert.equal(bf16.breakdown.gradients, P * 4);
  assert.ok(Math.abs(bf16.breakdown.optimizer - (P * 12) / d) < 1e-6);
  const f16 = trainingMemory(tiny, s, 'fp16', dist);
  assert.ok(f16.ok);
  assert.equal(f16.value.breakdown.weights + f16.value.breakdown.gradients, P * 4);
  assert.ok(Math.abs(f16.value.breakdown.optimizer - (P * 16) / d) < 1e-6);
  // --grad-reduce-in-bf16 turns the fp32 main grads off: bf16, 2 B.
  assert.equal(mem(dist, { gradReduceInBf16: true }).breakdown.gradients, P * 2);
  // ZeRO-1 (DeepSpeed) keeps bf16 gradients: 4 + 12/d.
  const z1 = mem({ ...dist, sharding: 'zero1' });
  assert.equal(z1.breakdown.gradients, P * 2);
});

test('FP8 with Transformer Engine: linear inputs saved in 1 byte (L × s × b × 1456 B less) and an FP8 weight + transpose cache of 2 B per linear weight; torchao changes nothing', () => {
  const fp8 = { ...base, lowPrecision: 'fp8-tensorwise' as const };
  const bf16 = mem(base);
  const te = mem(fp8, { lowPrecisionLibrary: 'transformer-engine' });
  const ao = mem(fp8, { lowPrecisionLibrary: 'torchao' });
  assert.equal(bf16.breakdown.activations - te.breakdown.activations, L * s * b * 1456);
  const c = countParams(tiny);
  assert.equal(te.breakdown.weights - bf16.breakdown.weights, (c.breakdown.attention + c.breakdown.mlp) * 2);
  assert.equal(ao.perGpuBytes, bf16.perGpuBytes);
  // Megatron --fp8-param-gather: the parameters are the FP8 tensors, no separate cache.
  assert.equal(mem(fp8, { lowPrecisionLibrary: 'transformer-engine', fp8ParamGather: true }).breakdown.weights, bf16.breakdown.weights);
  // Under FSDP Transformer Engine keeps no weight cache.
  const fsdp = { ...fp8, dp: 4, shardGroup: 4, sharding: 'fsdp-full' as const };
  assert.equal(
    mem(fsdp, { lowPrecisionLibrary: 'transformer-engine' }).breakdown.weights,
    mem({ ...fsdp, lowPrecision: null }, { lowPrecisionLibrary: 'transformer-engine' }).breakdown.weights,
  );
});
