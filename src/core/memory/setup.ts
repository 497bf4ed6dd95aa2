// The memory model's view of the run's resolved layout (core/runLayout.ts, shared with the
// throughput model): the same values, plus how the weights are stored at the run's precision,
// with the assumptions under the `memory.` prefix the editor and CLI group them by.

import type { Assumption } from '../estimate';
import type { Precision, TrainingPlan } from '../plan';
import { resolveRunLayout, type RunLayout } from '../runLayout';
import type { CheckpointingMode } from '../runSetup';
import type { WeightsMode } from './bytes';

/** The run layout as the memory model reads it: checkpointing split into mode and interval, plus weight storage. */
export interface MemorySetup extends Omit<
  RunLayout,
  'gpuCount' | 'seqLen' | 'batchTokens' | 'microBatchAssumed' | 'microBatches' | 'frozenBase' | 'checkpointing'
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
const THROUGHPUT_ONLY: ReadonlySet<string> = new Set(['batchTokens', 'compile']);

/**
 * Resolve a plan's setup for the memory model. `gpus` is the world size the estimate uses
 * (stated or assumed); everything else comes from the shared run layout.
 */
export function resolveMemorySetup(plan: TrainingPlan, gpus: number, precision: Precision): ResolvedMemorySetup {
  const arch = plan.architecture?.value;
  const { layout: l, assumptions: shared } = resolveRunLayout({
    gpuCount: gpus,
    seqLen: plan.seqLen?.value ?? arch?.seqLen ?? 1,
    batchTokens: plan.batchTokens?.value ?? null,
    ...(plan.setup ? { setup: plan.setup } : {}),
    ...(plan.kind ? { kind: plan.kind } : {}),
    moe: arch?.moe !== undefined,
  });
  const assumptions: Assumption[] = shared.filter((a) => !THROUGHPUT_ONLY.has(a.field)).map((a) => ({ ...a, field: `memory.${a.field}` }));
  const weightsMode: WeightsMode = precision === 'fp32' || precision === 'tf32' ? 'fp32' : 'mixed';
  if (weightsMode === 'mixed')
    assumptions.push({
      field: 'memory.weightsMode',
      value: 'mixed',
      origin: 'assumed',
      note: 'mixed precision assumed: half-precision weights and gradients with fp32 master weights in the optimizer (ZeRO §3.1: 2 + 2 + 12 bytes per parameter with Adam)',
    });
  const { gpuCount: _g, seqLen: _s, batchTokens: _b, microBatchAssumed, microBatches: _m, frozenBase: _f, checkpointing, ...rest } = l;
  return {
    setup: { ...rest, checkpointing: checkpointing.mode, everyN: checkpointing.everyN ?? 1, weightsMode, doubleQuant: true },
    assumptions,
    microBatchAssumed,
  };
}
