// The throughput model's few free constants, and the stated assumptions it does not fit.
// Fitted constants were obtained by scripts/fit-throughput.ts (least squares on log tokens/s/GPU)
// on the calibration measurements in test/fixtures/measurements/throughput-measured.tsv only
// (llm-foundry MPT benchmark tables, torchtune and OLMo-core READMEs); the published whole runs
// of publishedRuns.ts were never used to choose them. Re-run the script to refit.

import type { Generation } from '../hardware';

/** Which fitted efficiency a generation uses. Only Ampere and Hopper have measurements. */
export type EfficiencyClass = 'ampere' | 'hopper';

export interface KernelEfficiency {
  /** Share of the dense peak a large BF16 GEMM reaches in training (cuBLAS, fused epilogues). */
  readonly gemm: number;
  /** Share of the dense BF16 peak the fused attention kernel reaches, forward + backward. */
  readonly attention: number;
}

/**
 * Fitted on the A100-40GB/80GB (ampere) and H100 (hopper) rows of the calibration table (see
 * header; fit of 2026-12-07: rms log error 0.081 over 236 rows, median |error| 3.1%). Hopper's
 * far higher peak is harder to reach: its GEMMs and attention run at a lower share of it, as the
 * MPT tables show (MFU ~40% on H100 against ~55% on A100 for the same models).
 */
export const KERNEL_EFFICIENCY: Readonly<Record<EfficiencyClass, KernelEfficiency>> = {
  ampere: { gemm: 0.866, attention: 0.277 },
  hopper: { gemm: 0.731, attention: 0.155 },
};

/**
 * Generations without measurements borrow a class: an assumption, listed with every estimate
 * that uses it. Pre-Hopper parts (Volta, Turing, Ada) take Ampere's; Hopper-class and newer
 * parts (Blackwell, CDNA 3, TPU v5/v6), whose peak is far above their memory bandwidth, Hopper's.
 */
export const EFFICIENCY_CLASS: Readonly<Record<Generation, { readonly cls: EfficiencyClass; readonly measured: boolean }>> = {
  volta: { cls: 'ampere', measured: false },
  turing: { cls: 'ampere', measured: false },
  ampere: { cls: 'ampere', measured: true },
  ada: { cls: 'ampere', measured: false },
  hopper: { cls: 'hopper', measured: true },
  blackwell: { cls: 'hopper', measured: false },
  'blackwell-ultra': { cls: 'hopper', measured: false },
  cdna2: { cls: 'ampere', measured: false },
  cdna3: { cls: 'hopper', measured: false },
  'tpu-v3': { cls: 'ampere', measured: false },
  'tpu-v4': { cls: 'ampere', measured: false },
  'tpu-v5': { cls: 'hopper', measured: false },
  'tpu-v6': { cls: 'hopper', measured: false },
};

export interface FittedConstants {
  /** GEMM efficiency falls with the per-GPU width w as w / (w + widthHalf): small widths run far below peak. */
  readonly widthHalf: number;
  /** Memory-bound traffic per layer per token, in d-wide BF16 activation passes (forward + backward). */
  readonly memoryPasses: number;
  /** torch.compile fuses elementwise kernels: memory-bound traffic × this factor. */
  readonly compileMemoryFactor: number;
  /** FP8 GEMMs reach this share of the BF16 GEMM efficiency, measured against the FP8 peak (casts, scaling, smaller tiles). */
  readonly fp8GemmFactor: number;
  /** Share of overlappable data-parallel communication that stays exposed even when compute could hide it. */
  readonly exposedShare: number;
}

/**
 * Same fit. compileMemoryFactor is weakly determined (only the OLMo-core and torchtune rows use
 * torch.compile) and sits at the lower bound the fit allows, 0.3: read it as "compile removes
 * most memory-bound traffic", not as a measured figure. fp8GemmFactor rests on the 7 llm-foundry
 * FP8 rows and 2 OLMo-core rows. widthHalf lies along a shallow valley (255 to 270 fit equally).
 * exposedShare is determined: refitting the others with it held gives rms 0.097 at 0.05, 0.085 at
 * 0.4, 0.081 at 0.75 and 0.083 at 1. Three quarters of the data-parallel traffic that could hide
 * under compute still lengthens the step: FSDP's gathers wait on the CPU and on each other, and
 * NCCL kernels running beside the GEMMs take SMs and memory bandwidth from them.
 */
export const FITTED: FittedConstants = {
  widthHalf: 259,
  memoryPasses: 156,
  compileMemoryFactor: 0.3,
  fp8GemmFactor: 0.736,
  exposedShare: 0.747,
};

/** Everything the fit may change, passed to the model (the fit script passes trial values). */
export interface ModelConstants {
  readonly kernel: Readonly<Record<EfficiencyClass, KernelEfficiency>>;
  readonly fitted: FittedConstants;
}

export const MODEL_CONSTANTS: ModelConstants = { kernel: KERNEL_EFFICIENCY, fitted: FITTED };

/**
 * Stated assumptions (not fitted). Logits: written in FP32, read by the softmax/loss, its
 * gradient written and read by the head's backward: 4 passes of vocab × 4 bytes per token.
 * Without fused attention the T×T scores are written and read in BF16 about 6 times per layer
 * (scores, softmax, its backward). TP without sequence parallelism repeats about half of a
 * layer's memory-bound work (norms, dropout, residuals) on every TP rank (Korthikanti et al.
 * 2022 §4.2.2). NCCL ring collectives reach about 80% of the link rate (bus bandwidth) and
 * pay about 10 µs per ring step.
 */
export const ASSUMED = {
  logitBytesPerToken: (vocab: number) => 4 * 4 * vocab,
  scorePassesWithoutFusedAttention: 6,
  tpReplicatedShare: 0.5,
  linkEfficiency: 0.8,
  ringStepLatencySec: 10e-6,
  gpusPerNode: 8,
} as const;
