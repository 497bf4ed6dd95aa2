// What the library that runs a step keeps on the GPU beyond the framework-neutral count:
// bitsandbytes' 4-bit matmul (QLoRA) and the FP8 linear layers of Transformer Engine and
// torchao. Each term is read from the library's source, cited where it is computed.

import type { Architecture } from '../architecture';
import type { LowPrecisionLibrary } from '../runSetup';

export type { LowPrecisionLibrary } from '../runSetup';

/** Library behaviour a config does not state; the defaults are the current releases. */
export interface MemoryLibraries {
  /**
   * bitsandbytes before 0.43.2 saved every 4-bit matmul's input for backward although no weight
   * gradient is computed (`MatMul4Bit.forward`: `ctx.tensors = (A, B)`); 0.43.2 saves only the
   * quantized weight (bitsandbytes-foundation/bitsandbytes@9e75374 "fix QLoRA mem bug: delete
   * useless buffered activation", #1270). Default: current (false).
   */
  readonly bitsandbytesSavesInput?: boolean;
  /** Which library runs the FP8 linear layers (Megatron: Transformer Engine; torchtitan: torchao). */
  readonly lowPrecisionLibrary?: LowPrecisionLibrary | null;
  /** Megatron `--grad-reduce-in-bf16`: bf16 main gradients (2 B), not fp32. */
  readonly gradReduceInBf16?: boolean;
  /** Megatron `--fp8-param-gather`: FP8 parameters, so Transformer Engine keeps no separate FP8 weight cache. */
  readonly fp8ParamGather?: boolean;
}

/**
 * Elements per token of the distinct inputs of one layer's linear layers: the attention input
 * (shared by q, k, v), the output projection's input, the MLP input (shared by gate and up, or
 * fc1) and the down projection's (fc2) input. Under tensor parallelism the o and down inputs are
 * split, the other two replicated.
 */
export function linearInputElements(a: Architecture, mlpWidth: number): { replicated: number; split: number } {
  const o = a.mla ? a.heads * a.mla.vHeadDim : a.heads * a.headDim;
  return { replicated: 2 * a.dModel, split: o + mlpWidth };
}

/**
 * Bytes bitsandbytes < 0.43.2 adds per layer and micro-batch: its copy of each 4-bit linear's
 * input. PyTorch itself does not keep a frozen linear's input (autograd saves mm's input only
 * when the weight needs a gradient: pytorch/pytorch tools/autograd/gen_variable_type.py, the
 * `should_compute_output` guard on saved variables), so the LoRA count has no such copy.
 */
export function bnbSavedInputBytes(a: Architecture, mlpWidth: number, seq: number, microBatch: number, tp: number, bytes: number): number {
  const e = linearInputElements(a, mlpWidth);
  return seq * microBatch * (e.replicated + e.split / tp) * bytes;
}

/**
 * The dequantised weight bitsandbytes materialises per 4-bit matmul: backward computes
 * `grad_A = grad_output @ dequantize_4bit(B).to(dtype)` (bitsandbytes@95f9af3
 * bitsandbytes/autograd/_functions.py `MatMul4Bit.backward`; forward did the same before the
 * fused 4-bit GEMM), one weight at a time in the compute dtype: the largest linear of a layer.
 */
export function dequantBufferBytes(a: Architecture, tp: number, bytes: number): number {
  const q = a.heads * a.headDim;
  const kv = a.kvHeads * a.headDim;
  const ffn = a.moe ? Math.max(a.ffn, a.moe.expertFfn) : a.ffn;
  // Fused qkv (litgpt, GPT-NeoX) is one matrix; separate q/k/v are smaller, so the fused one bounds them.
  const largest = Math.max(a.dModel * (q + 2 * kv), q * a.dModel, a.dModel * ffn);
  return (largest / tp) * bytes;
}

/**
 * Transformer Engine keeps the FP8 copy of each linear's input for backward (1 byte per element;
 * NVIDIA/TransformerEngine@d0067d0 transformer_engine/pytorch/module/linear.py: `saved_inputmat =
 * inputmat`, the quantized tensor, unless `save_original_input`), where the bf16 count keeps 2.
 * torchao's Float8Linear saves the high-precision input (pytorch/ao@36027d8
 * torchao/float8/float8_linear.py `matmul_with_hp_or_float8_args.forward`:
 * `ctx.save_for_backward(input_hp, weight_hp_t)`), so nothing changes there. Returns the bytes
 * saved per layer and micro-batch against the bf16 count.
 */
export function fp8SavedInputSaving(a: Architecture, mlpWidth: number, seq: number, microBatch: number, tp: number, sequenceParallel: boolean): number {
  const e = linearInputElements(a, mlpWidth);
  // One byte saved per element (2 → 1).
  return seq * microBatch * (e.replicated / (sequenceParallel ? tp : 1) + e.split / tp);
}

/**
 * Transformer Engine caches each linear weight's FP8 copy and its transpose between
 * micro-batches (transformer_engine/pytorch/module/linear.py: the "weight" workspace is kept when
 * `is_first_microbatch` is passed, which Megatron does unless `--disable-parameter-transpose-cache`:
 * NVIDIA/Megatron-LM@d98e8a6 megatron/core/extensions/transformer_engine.py). Rowwise and
 * columnwise FP8 data: 2 bytes per linear weight held (block scales of MXFP8: 2/32 more).
 */
export function fp8WeightCacheBytesPerParam(recipe: string): number {
  return recipe === 'mxfp8' ? 2 + 2 / 32 : 2;
}
