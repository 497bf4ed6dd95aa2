// The memory model's view of the run's resolved layout (core/runLayout.ts, shared with the
// throughput model): the same values, plus how the weights are stored at the run's precision,
// with the assumptions under the `memory.` prefix the editor and CLI group them by.

import type { Assumption } from '../estimate';
import type { Architecture } from '../architecture';
import type { Precision, TrainingPlan } from '../plan';
import { trainingMemory } from './memoryModel';
import { resolveRunLayout, type RunLayout } from '../runLayout';
import type { CheckpointingMode } from '../runSetup';
import type { WeightsMode } from './bytes';

/** The run layout as the memory model reads it: checkpointing split into mode and interval, plus weight storage. */
export interface MemorySetup extends Omit<
  RunLayout,
  | 'gpuCount'
  | 'seqLen'
  | 'batchTokens'
  | 'microBatchAssumed'
  | 'microBatches'
  | 'frozenBase'
  | 'checkpointing'
  | 'gradReduceOverlap'
  | 'paramGatherOverlap'
  | 'tpCommOverlap'
  | 'interNodeBytesPerSec'
> {
  readonly checkpointing: CheckpointingMode;
  /** For `every-n` checkpointing: one checkpointed layer every N layers. */
  readonly everyN: number;
  readonly weightsMode: WeightsMode;
  /** QLoRA double quantization of the NF4 constants (bnb_4bit_use_double_quant). */
  readonly doubleQuant: boolean;
}

export interface ResolvedMemorySetup {
  readonly setup: MemorySetup;
  readonly assumptions: readonly Assumption[];
  /** True when the micro-batch was not stated: the estimate is then a lower bound (1 sequence). */
  readonly microBatchAssumed: boolean;
}

/** Resolved values the memory peak does not depend on: left out of the memory assumptions. */
const THROUGHPUT_ONLY: ReadonlySet<string> = new Set(['batchTokens', 'compile', 'gradReduceOverlap', 'paramGatherOverlap', 'tpCommOverlap', 'interNodeGbps']);

/** The memory model's view of a resolved layout at the run's precision. */
export function memorySetupOf(l: RunLayout, precision: Precision): MemorySetup {
  const {
    gpuCount: _g,
    seqLen: _s,
    batchTokens: _b,
    microBatchAssumed: _a,
    microBatches: _m,
    frozenBase: _f,
    gradReduceOverlap: _gr,
    paramGatherOverlap: _pg,
    tpCommOverlap: _tc,
    interNodeBytesPerSec: _n,
    checkpointing,
    ...rest
  } = l;
  return { ...rest, checkpointing: checkpointing.mode, everyN: checkpointing.everyN ?? 1, weightsMode: weightsModeOf(precision), doubleQuant: true };
}

function weightsModeOf(precision: Precision): WeightsMode {
  return precision === 'fp32' || precision === 'tf32' ? 'fp32' : 'mixed';
}

/**
 * Whether a layout's training step fits in `capacityBytes` per GPU, by the memory model: what the
 * shared run layout asks to decide the unstated activation checkpointing.
 */
export function layoutFits(arch: Architecture, seqLen: number, precision: Precision, capacityBytes: number): (l: RunLayout) => boolean {
  return (l) => {
    const m = trainingMemory(arch, seqLen, precision, memorySetupOf(l, precision));
    return !m.ok || m.value.perGpuBytes <= capacityBytes;
  };
}

/**
 * Resolve a plan's setup for the memory model. `gpus` is the world size the estimate uses
 * (stated or assumed); `capacityBytes`, when given, is the GPU's memory, which decides the
 * unstated activation checkpointing; everything else comes from the shared run layout.
 */
export function resolveMemorySetup(plan: TrainingPlan, gpus: number, precision: Precision, capacityBytes?: number): ResolvedMemorySetup {
  const arch = plan.architecture?.value;
  const seqLen = plan.seqLen?.value ?? arch?.seqLen ?? 1;
  const { layout: l, assumptions: shared } = resolveRunLayout({
    gpuCount: gpus,
    seqLen,
    batchTokens: plan.batchTokens?.value ?? null,
    ...(plan.setup ? { setup: plan.setup } : {}),
    ...(plan.kind ? { kind: plan.kind } : {}),
    moe: arch?.moe !== undefined,
    ...(arch && capacityBytes !== undefined ? { fits: layoutFits(arch, seqLen, precision, capacityBytes) } : {}),
  });
  const assumptions: Assumption[] = shared.filter((a) => !THROUGHPUT_ONLY.has(a.field)).map((a) => ({ ...a, field: `memory.${a.field}` }));
  if (weightsModeOf(precision) === 'mixed')
    assumptions.push({
      field: 'memory.weightsMode',
      value: 'mixed',
      origin: 'assumed',
      note: 'mixed precision assumed: half-precision weights and gradients with fp32 master weights in the optimizer (ZeRO §3.1: 2 + 2 + 12 bytes per parameter with Adam)',
    });
  if (l.referenceCopy)
    assumptions.push({
      field: 'memory.referenceModel',
      value: 'frozen copy',
      origin: 'default',
      note: "DPO and KTO without adapters hold a frozen copy of the policy as the reference model (huggingface/trl trl/trainer/dpo_trainer.py create_reference_model; LLaMA-Factory create_ref_model); TRL's precompute_ref_log_probs: true computes its log-probabilities before training and keeps no copy",
    });
  return { setup: memorySetupOf(l, precision), assumptions, microBatchAssumed: l.microBatchAssumed };
}
