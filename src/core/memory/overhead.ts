// Fixed and proportional overheads beyond the tensors the model counts: CUDA/NCCL workspaces,
// communication buckets, allocator fragmentation and temporaries. Not guessed: fitted on the
// published measurements in test/fixtures/measurements/memory-measured.tsv by
// scripts/fit-memory-overhead.ts (least median absolute relative error over a grid; the
// unit test test/unit/memory-calibration.test.ts re-runs the fit and fails if these drift).
// Each measurement counts peak allocated or reserved PyTorch memory, which excludes the CUDA
// context itself, so the context (~0.5 GiB, visible only to nvidia-smi) is not included.

// Fit result (33 measured rows, 6 out-of-memory rows): c0 = 0 GiB, f = 2%, compile factor
// 0.7; median |error| 6.5% (9.6% before the bitsandbytes, dequantisation and Megatron terms of
// libraries.ts and modelStates.ts). Rows, exclusions and residuals: the calibration test's output.
import type { CheckpointingMode } from '../runSetup';

export const OVERHEAD_FIXED_BYTES = 0;
export const OVERHEAD_FRACTION = 0.02;

/**
 * Bytes per logit element at the peak of the loss without chunking: the fp32 logits and their
 * fp32 gradient are alive together (cross-entropy's backward). Matches the one controlled
 * measurement: torchtune's "+ Chunked Cross Entropy" row saves 8.1 GiB at micro-batch 2 ×
 * 4096 tokens × 128,256 vocabulary = 8.1 bytes per element (pytorch/torchtune@bd2a0fc README,
 * optimization-flags table). Chunked: only the bf16 logits stay whole (2 bytes), the fp32 upcast
 * lives one chunk at a time (torchtune CEWithChunkedOutputLoss).
 */
export const LOGITS_BYTES_PER_ELEMENT = 8;
export const CHUNKED_LOGITS_BYTES_PER_ELEMENT = 2;

/**
 * torch.compile fuses elementwise chains and its partitioner recomputes cheap ops in backward:
 * the fraction of activations it keeps. Fitted with the overheads above; the controlled pair is
 * torchtune's "+ Compile" row (60.0 → 51.0 GiB, Llama 3.2 3B, micro-batch 2 × 4096).
 */
export const COMPILE_ACTIVATION_FACTOR = 0.7;

/**
 * Whether the fitted torch.compile factor applies to a checkpointing mode's activations. Fusion
 * removes the elementwise intermediates a block would keep; per-operator selective checkpointing
 * keeps only matmul and attention-kernel outputs (its policy decides what is saved, compiled or
 * not), which fusion does not remove. What compile does save in such runs (the loss, recomputed
 * temporaries) is not modelled: the calibration rows with this policy are over-predicted (+30%).
 */
export function compileShrinksActivations(mode: CheckpointingMode): boolean {
  return mode !== 'selective-op';
}
