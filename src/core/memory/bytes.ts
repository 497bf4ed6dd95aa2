// Bytes per parameter of weights, gradients and optimizer states, by how the run keeps its
// weights and by optimizer. Tables, not code: each row says where its numbers come from.

import type { OptimizerKind } from '../runSetup';

/**
 * How the trained weights are kept:
 * - `mixed`: half-precision working weights and gradients plus an fp32 master copy in the
 *   optimizer (Rajbhandari et al. 2019, ZeRO, arXiv 1910.02054 §3.1: 2 + 2 + 12 bytes per
 *   parameter with Adam). FSDP2's fp32 sharded parameters with bf16 compute cost the same.
 * - `half`: weights, gradients and optimizer states all in bf16/fp16, no master copy
 *   (litgpt `bf16-true`, torchtune `dtype: bf16`).
 * - `fp32`: everything in fp32 (no mixed precision).
 */
export type WeightsMode = 'mixed' | 'half' | 'fp32';

export const WEIGHT_BYTES: Readonly<Record<WeightsMode, number>> = { mixed: 2, half: 2, fp32: 4 };
export const GRAD_BYTES: Readonly<Record<WeightsMode, number>> = { mixed: 2, half: 2, fp32: 4 };
/** The fp32 master copy kept by the optimizer in mixed precision (ZeRO §3.1: part of K = 12). */
export const MASTER_BYTES: Readonly<Record<WeightsMode, number>> = { mixed: 4, half: 0, fp32: 0 };

export interface OptimizerStateSpec {
  /** Full-precision state tensors of the parameter's size (Adam: m and v = 2). */
  readonly states: number;
  /** Fixed bytes per parameter instead of `states` × the state dtype (8-bit optimizers). */
  readonly fixedBytes?: number;
  readonly note: string;
}

/**
 * States per trainable parameter. A state is fp32 (4 bytes) in `mixed` and `fp32` mode and
 * in the weights' dtype (2 bytes) in `half` mode, as torch optimizers allocate states like
 * their parameters.
 */
export const OPTIMIZER_STATES: Readonly<Record<OptimizerKind, OptimizerStateSpec>> = {
  adamw: { states: 2, note: 'AdamW: first and second moments (Loshchilov & Hutter 2019)' },
  // bitsandbytes blockwise 8-bit Adam (Dettmers et al. 2022, arXiv 2110.02861 §2): two uint8
  // states plus one fp32 absmax per 2048-value block for each state.
  'adamw-8bit': {
    states: 2,
    fixedBytes: 2 + (2 * 4) / 2048,
    note: '8-bit AdamW: two uint8 moments + fp32 absmax per 2048-value block (Dettmers et al. 2022 §2)',
  },
  'paged-adamw-8bit': {
    states: 2,
    fixedBytes: 2 + (2 * 4) / 2048,
    note: 'paged 8-bit AdamW: as 8-bit AdamW; paging only moves states to host under memory pressure, so the peak is counted on the GPU',
  },
  sgd: { states: 0, note: 'SGD without momentum keeps no state' },
  'sgd-momentum': { states: 1, note: 'SGD with momentum: one momentum buffer' },
  // Shazeer & Stern 2018 (arXiv 1804.04235) §3: a factored second moment of rows + columns per
  // matrix (under 0.1% of the parameters for d ≥ 1024) and no first moment by default.
  adafactor: {
    states: 0,
    note: 'Adafactor: factored second moment (rows + columns per matrix, < 0.1% of the parameters), no momentum (Shazeer & Stern 2018 §3)',
  },
  lion: { states: 1, note: 'Lion: one momentum buffer (Chen et al. 2023, arXiv 2302.06675 Alg. 2)' },
  // Muon (Jordan et al. 2024) keeps one momentum for the hidden matrices; embeddings and the
  // output head are trained with AdamW (two moments). Weighted by those parameters in modelStates.
  muon: { states: 1, note: 'Muon: one momentum buffer on hidden matrices; embeddings and head use AdamW (two moments)' },
};

/** Bytes of optimizer state (not the master copy) per trainable parameter. */
export function optimizerStateBytes(kind: OptimizerKind, mode: WeightsMode): number {
  const spec = OPTIMIZER_STATES[kind];
  if (spec.fixedBytes !== undefined) return spec.fixedBytes;
  return spec.states * (mode === 'half' ? 2 : 4);
}

/**
 * QLoRA NF4 storage per quantized weight (Dettmers et al. 2023, arXiv 2305.14314 §3 "Double
 * Quantization"): 4 bits, plus one fp32 absmax per 64 weights (32/64 = 0.5 bits), or with
 * double quantization an 8-bit absmax per 64 weights and one fp32 constant per 256 absmaxes
 * (8/64 + 32/(64·256) = 0.127 bits).
 */
export const NF4_BLOCK = 64;
export const NF4_DQ_BLOCK = 256;
export function nf4BytesPerParam(doubleQuant: boolean): number {
  const bits = 4 + (doubleQuant ? 8 / NF4_BLOCK + 32 / (NF4_BLOCK * NF4_DQ_BLOCK) : 32 / NF4_BLOCK);
  return bits / 8;
}
/** LLM.int8 base (bitsandbytes Linear8bitLt): one byte per weight plus an fp32 scale per output row (negligible). */
export const INT8_BYTES_PER_PARAM = 1;
