// A plan's memory: resolve its setup (listing every default), run the training model, size the
// GPU's capacity, and the serving figures. Unknown (null with the reason) when the plan has no
// architecture or a method the model cannot size.

import { validateArchitecture } from '../architecture';
import type { Accelerator } from '../hardware';
import type { Assumption } from '../estimate';
import type { Precision, TrainingPlan } from '../plan';
import { inferenceEstimate, type InferenceEstimate } from './inference';
import { trainingMemory, type MemoryTerm, type MemoryTermKey } from './memoryModel';
import { OVERHEAD_FIXED_BYTES } from './overhead';
import { memoryRemedies, type Remedy } from './remedies';
import { resolveMemorySetup, type MemorySetup } from './setup';
import type { Stage } from './modelStates';
import { memoryBytes } from '../hardware';

/** Above this share of the GPU's memory a run is flagged as close to the limit. */
export const MEMORY_WARNING_FRACTION = 0.9;

export interface MemoryEstimate {
  /** Peak bytes per GPU (allocated by the framework; GiB = 2^30 bytes). */
  readonly perGpuBytes: number;
  readonly capacityBytes: number;
  readonly fits: boolean;
  /** perGpuBytes / capacityBytes. */
  readonly fraction: number;
  /** The micro-batch was not stated and 1 was assumed: the real peak is at least this. */
  readonly lowerBound: boolean;
  readonly breakdown: Readonly<Record<MemoryTermKey, number>>;
  readonly terms: readonly MemoryTerm[];
  readonly assumptions: readonly Assumption[];
  readonly stage: Stage;
  readonly gpu: string;
  readonly trainableParams: number;
  readonly adapterParams: number | null;
  /** The resolved inputs (stated values and listed defaults). */
  readonly setup: MemorySetup;
  /** Ranked changes that lower the peak, when it does not fit or is above 90%. */
  readonly remedies: readonly Remedy[];
}

export interface MemoryResult {
  readonly memory: MemoryEstimate | null;
  /** Why `memory` is null. */
  readonly reason: string | null;
  readonly inference: InferenceEstimate | null;
}

/** Bytes per element when serving at the run's precision. */
export function servingBytes(precision: Precision): number {
  return precision === 'fp8' ? 1 : precision === 'fp32' || precision === 'tf32' ? 4 : 2;
}

export function estimateMemory(plan: TrainingPlan, acc: Accelerator, gpus: number, precision: Precision): MemoryResult {
  const arch = plan.architecture?.value ?? null;
  if (!arch) return { memory: null, reason: 'no architecture: the model size is unknown', inference: null };
  const problems = validateArchitecture(arch);
  if (problems.length > 0) return { memory: null, reason: problems[0]!.message, inference: null };
  const seqLen = plan.seqLen?.value ?? arch.seqLen;
  const capacityBytes = memoryBytes(acc);
  const inference = inferenceEstimate(arch, servingBytes(precision), capacityBytes, acc.memoryBandwidthGBs, OVERHEAD_FIXED_BYTES, seqLen);
  // Activations grow with the sequence: a fine-tune that does not state its length (torchtune's
  // tokenizer.max_seq_len null trains on each batch's longest sample) is not priced at the
  // model's whole context, which would say 1.6 TiB for a Llama 3.1 8B LoRA. A model file or a
  // pretraining config without a length is priced at the model's context, said as an assumption.
  const stage = plan.kind?.stage?.value;
  const fineTune = (stage !== undefined && stage !== 'pretrain') || plan.kind?.method !== undefined;
  if (!plan.seqLen && fineTune)
    return {
      memory: null,
      reason: `the training sequence length is not stated, so the activations are not known (the model's context of ${seqLen.toLocaleString('en-US')} tokens would be far above most runs); add \`# scaling-lens: seq-len=N\``,
      inference,
    };
  const resolved = resolveMemorySetup(plan, gpus, precision, capacityBytes);
  const s = resolved.setup;
  const assumptions = [...resolved.assumptions];
  if (!plan.seqLen)
    assumptions.push({
      field: 'memory.seqLen',
      value: seqLen,
      origin: 'assumed',
      note: `sequence length not stated: the model's context of ${seqLen.toLocaleString('en-US')} tokens is used`,
    });
  if (s.method === 'qlora')
    assumptions.push({
      field: 'memory.doubleQuant',
      value: true,
      origin: 'assumed',
      note: 'QLoRA double quantization assumed (NF4 constants in 8 bits: 4.127 bits per weight)',
    });
  const library = plan.setup?.lowPrecisionLibrary?.value ?? null;
  if (s.lowPrecision === 'nvfp4' || s.lowPrecision === 'mxfp8' || s.lowPrecision?.startsWith('fp8')) {
    assumptions.push({
      field: 'memory.lowPrecision',
      value: s.lowPrecision,
      origin: 'assumed',
      note:
        library === 'transformer-engine' && s.lowPrecision !== 'nvfp4'
          ? `${s.lowPrecision} with Transformer Engine: linear-layer inputs saved for backward in FP8 (1 byte), other activations in bf16; bf16 weights and fp32 master copy kept, plus a cached FP8 weight and transpose per linear weight`
          : library === 'torchao'
            ? `${s.lowPrecision} with torchao: weights, master copy and saved activations stay in bf16/fp32 (Float8Linear saves its high-precision input and casts per matmul)`
            : `${s.lowPrecision}: the library is not known, so weights, master copy and saved activations are counted in bf16/fp32 as torchao keeps them (Transformer Engine would save linear inputs in FP8); an upper bound${s.lowPrecision === 'nvfp4' ? ' for NVFP4' : ''}`,
    });
  }
  const libs = {
    lowPrecisionLibrary: library,
    gradReduceInBf16: plan.setup?.gradReduceInBf16?.value ?? false,
    fp8ParamGather: plan.setup?.fp8ParamGather?.value ?? false,
  };
  const m = trainingMemory(arch, seqLen, precision, s, libs);
  if (!m.ok) return { memory: null, reason: m.reason, inference };
  const v = m.value;
  const fraction = v.perGpuBytes / capacityBytes;
  const remedies = fraction > MEMORY_WARNING_FRACTION ? memoryRemedies(arch, seqLen, precision, s, capacityBytes, libs) : [];
  return {
    memory: {
      perGpuBytes: v.perGpuBytes,
      capacityBytes,
      fits: v.perGpuBytes <= capacityBytes,
      fraction,
      lowerBound: resolved.microBatchAssumed,
      breakdown: v.breakdown,
      terms: v.terms,
      assumptions,
      stage: v.stage,
      gpu: acc.id,
      trainableParams: v.trainableParams,
      adapterParams: v.adapterParams,
      setup: s,
      remedies,
    },
    reason: null,
    inference,
  };
}
