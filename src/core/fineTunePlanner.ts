// "What can I fine-tune on these GPUs, and with which method?" (issue 17). For each released
// model and each method (full, LoRA, QLoRA) the memory model's peak per GPU with the stated
// assumptions, whether it fits, the trainable parameters, and the throughput model's tokens/s.
// The models come from the caller (the configs layer owns the registry); this module is pure.

import type { Architecture } from './architecture';
import type { Accelerator } from './hardware';
import { countParams, type ParamCounts } from './model';
import { estimateMemory, MEMORY_WARNING_FRACTION, type MemoryEstimate } from './memory/index';
import { predictThroughput } from './throughput/index';
import { emptyPlan, type Precision, type Traced, type TrainingPlan } from './plan';
import type { Adapter, AdapterTarget, FineTuneMethod, RunKind, RunSetup } from './runSetup';
import { memoryBytes } from './hardware';

export type PlannedMethod = 'full' | 'lora' | 'qlora';
export const PLANNED_METHODS: readonly PlannedMethod[] = ['full', 'lora', 'qlora'];

/** LoRA on every linear layer of the blocks (LLaMA-Factory `lora_target: all`), rank 16, alpha 32. */
export const PLANNER_LORA = { rank: 16, alpha: 32, targets: ['q', 'k', 'v', 'o', 'gate', 'up', 'down'] as readonly AdapterTarget[] };

/**
 * Defaults stated as assumptions: cutoff_len 2048 (LLaMA-Factory's default), micro-batch 1 and
 * gradient accumulation 8 (its examples/train_lora/*.yaml), gradient checkpointing on (LLaMA-Factory
 * enables it unless disable_gradient_checkpointing), bf16 with AdamW.
 */
export const PLANNER_DEFAULTS = { seqLen: 2048, microBatch: 1, gradAccum: 8 } as const;

export interface FineTuneRequest {
  readonly acc: Accelerator;
  readonly gpus: number;
  readonly seqLen?: number;
  readonly microBatch?: number;
  readonly gradAccum?: number;
}

export interface PlannerModel {
  readonly id: string;
  readonly architecture: Architecture;
}

export interface MethodPlan {
  readonly method: PlannedMethod;
  readonly perGpuBytes: number | null;
  /** Peak at most 90% of the GPU's memory. */
  readonly fits: boolean;
  readonly trainableParams: number | null;
  readonly memory: MemoryEstimate | null;
  /** Why the memory is unknown. */
  readonly reason: string | null;
  /** The throughput model's tokens/s per GPU; null when it does not fit (not predicted) or cannot predict. */
  readonly tokensPerSecPerGpu: number | null;
  readonly mfu: number | null;
}

export interface ModelPlan {
  readonly id: string;
  readonly architecture: Architecture;
  readonly counts: ParamCounts;
  readonly methods: Readonly<Record<PlannedMethod, MethodPlan>>;
}

export interface FineTunePlan {
  readonly gpu: string;
  readonly gpus: number;
  readonly capacityBytes: number;
  readonly seqLen: number;
  readonly microBatch: number;
  readonly gradAccum: number;
  /** Every model, smallest first. */
  readonly models: readonly ModelPlan[];
  /** The largest model (by total parameters) that fits, per method; null when none does. */
  readonly largest: Readonly<Record<PlannedMethod, string | null>>;
  /** The assumptions behind every figure, in sentences. */
  readonly assumptions: readonly string[];
}

const T = <V>(value: V, source = 'fine-tuning planner'): Traced<V> => ({ value, origin: 'stated', source });

/** The run kind of a method: what a LLaMA-Factory file with these keys reads as. */
export function plannedKind(method: PlannedMethod): RunKind {
  const m: FineTuneMethod = method;
  if (method === 'full') return { stage: T('sft'), method: T(m) };
  const adapter: Adapter = {
    rank: PLANNER_LORA.rank,
    alpha: PLANNER_LORA.alpha,
    targets: PLANNER_LORA.targets,
    ...(method === 'qlora' ? { baseBits: 4 as const } : {}),
  };
  return { stage: T('sft'), method: T(m), adapter: T(adapter) };
}

/** The plan the memory and throughput models see for one model and method. */
export function plannedRun(arch: Architecture, method: PlannedMethod, r: Required<Omit<FineTuneRequest, 'acc'>> & { acc: Accelerator }): TrainingPlan {
  const setup: RunSetup = {
    microBatch: T(r.microBatch),
    gradAccum: T(r.gradAccum),
    parallel: { dp: T(r.gpus), tp: T(1), pp: T(1), cp: T(1), ep: T(1) },
    sharding: T('none'),
    checkpointing: T({ mode: 'full' }),
    optimizer: T('adamw'),
    flashAttention: T(true),
    compile: T(false),
    chunkedLoss: T(false),
  };
  const precision: Precision = 'bf16';
  return {
    ...emptyPlan,
    architecture: T({ ...arch, seqLen: r.seqLen }),
    seqLen: T(r.seqLen),
    batchTokens: T(r.microBatch * r.gradAccum * r.gpus * r.seqLen),
    gpu: T(r.acc.id),
    gpuCount: T(r.gpus),
    precision: T(precision),
    setup,
    kind: plannedKind(method),
  };
}

function planMethod(
  arch: Architecture,
  counts: ParamCounts,
  method: PlannedMethod,
  r: Required<Omit<FineTuneRequest, 'acc'>> & { acc: Accelerator },
): MethodPlan {
  // A learned position table has no rows past its length: such a model cannot take longer sequences.
  const rows = arch.maxPositions ?? arch.seqLen;
  if (arch.positions === 'learned' && r.seqLen > rows) {
    const reason = `its learned position table has ${rows} rows: sequences of ${r.seqLen} tokens do not fit it`;
    return { method, perGpuBytes: null, fits: false, trainableParams: null, memory: null, reason, tokensPerSecPerGpu: null, mfu: null };
  }
  const plan = plannedRun(arch, method, r);
  const m = estimateMemory(plan, r.acc, r.gpus, 'bf16');
  const memory = m.memory;
  const fits = memory !== null && memory.fraction <= MEMORY_WARNING_FRACTION;
  // Throughput only for what can run (it is what the pick shows; it halves the work for the rest).
  const t = !fits
    ? null
    : predictThroughput({
        arch: plan.architecture!.value,
        counts,
        acc: r.acc,
        precision: 'bf16',
        gpuCount: r.gpus,
        seqLen: r.seqLen,
        batchTokens: plan.batchTokens!.value,
        setup: plan.setup!,
        kind: plan.kind!,
        convention: 'palm',
      });
  return {
    method,
    perGpuBytes: memory?.perGpuBytes ?? null,
    fits,
    trainableParams: memory?.trainableParams ?? null,
    memory,
    reason: m.reason,
    tokensPerSecPerGpu: t?.ok ? t.throughput.tokensPerSecPerGpu : null,
    mfu: t?.ok ? t.throughput.mfu : null,
  };
}

/** Why a request cannot be planned, or null. */
export function checkFineTuneRequest(r: FineTuneRequest): string | null {
  if (!Number.isInteger(r.gpus) || r.gpus < 1) return `the GPU count must be a whole number ≥ 1 (got ${r.gpus})`;
  if (r.seqLen !== undefined && (!Number.isInteger(r.seqLen) || r.seqLen < 1 || r.seqLen > 1 << 20))
    return `the sequence length must be a whole number from 1 to 1,048,576 (got ${r.seqLen})`;
  if (r.microBatch !== undefined && (!Number.isInteger(r.microBatch) || r.microBatch < 1 || r.microBatch > 4096))
    return `the micro-batch must be a whole number from 1 to 4,096 (got ${r.microBatch})`;
  return null;
}

/** Every model under every method on the request's GPUs; the largest that fits per method. */
export function planFineTunes(models: readonly PlannerModel[], req: FineTuneRequest): FineTunePlan {
  const r = {
    acc: req.acc,
    gpus: req.gpus,
    seqLen: req.seqLen ?? PLANNER_DEFAULTS.seqLen,
    microBatch: req.microBatch ?? PLANNER_DEFAULTS.microBatch,
    gradAccum: req.gradAccum ?? PLANNER_DEFAULTS.gradAccum,
  };
  const planned: ModelPlan[] = models.map((m) => {
    const counts = countParams(m.architecture);
    const methods = Object.fromEntries(PLANNED_METHODS.map((method) => [method, planMethod(m.architecture, counts, method, r)])) as Record<
      PlannedMethod,
      MethodPlan
    >;
    return { id: m.id, architecture: m.architecture, counts, methods };
  });
  planned.sort((a, b) => a.counts.total - b.counts.total || a.id.localeCompare(b.id));
  const largest = Object.fromEntries(
    PLANNED_METHODS.map((method) => {
      const fitting = planned.filter((p) => p.methods[method].fits);
      return [method, fitting.length ? fitting[fitting.length - 1]!.id : null];
    }),
  ) as Record<PlannedMethod, string | null>;
  const assumptions = [
    `sequence length ${r.seqLen}${req.seqLen === undefined ? " (LLaMA-Factory's cutoff_len default)" : ''}, micro-batch ${r.microBatch}${req.microBatch === undefined ? ' (assumed)' : ''} × gradient accumulation ${r.gradAccum} per GPU`,
    'gradient checkpointing on every layer (LLaMA-Factory turns it on unless disable_gradient_checkpointing), flash attention, bf16',
    'full: every weight trained with AdamW, bf16 weights and gradients with fp32 master weights and moments (16 bytes per parameter)',
    `LoRA: rank ${PLANNER_LORA.rank}, alpha ${PLANNER_LORA.alpha} on every linear layer of the blocks (q, k, v, o, gate, up, down; LLaMA-Factory lora_target: all), bf16 frozen base`,
    'QLoRA: the same adapters on an NF4 base (bitsandbytes 4-bit with double quantisation, 4.127 bits per weight); the model under-predicts QLoRA peaks by 7–22% (bitsandbytes workspaces), and its tokens/s leave out the NF4 dequantisation (as fast as LoRA: optimistic)',
    r.gpus > 1
      ? `${r.gpus} GPUs in plain data parallelism (LLaMA-Factory without a DeepSpeed config): each GPU holds the whole model; fits means at most 90% of one GPU's ${r.acc.memoryGB} GB`
      : `fits means at most 90% of the ${r.acc.memoryGB} GB`,
  ];
  return {
    gpu: r.acc.id,
    gpus: r.gpus,
    capacityBytes: memoryBytes(r.acc),
    seqLen: r.seqLen,
    microBatch: r.microBatch,
    gradAccum: r.gradAccum,
    models: planned,
    largest,
    assumptions,
  };
}
