// The memory model's inputs with every gap filled: what the plan's RunSetup states, else a
// framework-neutral default that is listed as an assumption (field, value, origin, why).

import type { Assumption } from '../estimate';
import type { Precision, Traced, TrainingPlan } from '../plan';
import type { Adapter, CheckpointingMode, FineTuneMethod, LowPrecisionRecipe, OffloadKind, OptimizerKind, PipelineSchedule, ShardingKind } from '../runSetup';
import type { WeightsMode } from './bytes';

export interface MemorySetup {
  readonly microBatch: number;
  /** Micro-batches per optimizer step (gradient accumulation); null when unknown. */
  readonly gradAccum: number | null;
  readonly dp: number;
  /** Size of the group that shards weights/grads/states; = dp unless hybrid sharding says otherwise. */
  readonly shardGroup: number;
  readonly tp: number;
  readonly pp: number;
  readonly vp: number;
  readonly cp: number;
  readonly ep: number;
  readonly sequenceParallel: boolean;
  readonly schedule: PipelineSchedule;
  readonly sharding: ShardingKind;
  readonly offload: OffloadKind;
  readonly checkpointing: CheckpointingMode;
  readonly everyN: number;
  readonly optimizer: OptimizerKind;
  readonly lowPrecision: LowPrecisionRecipe | null;
  readonly compile: boolean;
  readonly flashAttention: boolean;
  readonly chunkedLoss: boolean;
  readonly weightsMode: WeightsMode;
  readonly method: FineTuneMethod;
  readonly adapter: Adapter | null;
  /** QLoRA double quantization of the NF4 constants (bnb_4bit_use_double_quant). */
  readonly doubleQuant: boolean;
}

export interface ResolvedMemorySetup {
  readonly setup: MemorySetup;
  readonly assumptions: readonly Assumption[];
  /** True when the micro-batch was not stated: the estimate is then a lower bound (1 sequence). */
  readonly microBatchAssumed: boolean;
}

/** Hybrid sharding with no stated group shards within one 8-GPU node (FSDP HYBRID_SHARD's usual layout). */
export const DEFAULT_HYBRID_GROUP = 8;

/**
 * Resolve a plan's setup. `gpus` is the world size the estimate uses (stated or assumed);
 * data parallelism, when not stated, is what the world size leaves after tp·pp·cp.
 */
export function resolveMemorySetup(plan: TrainingPlan, gpus: number, precision: Precision): ResolvedMemorySetup {
  const s = plan.setup ?? {};
  const p = s.parallel ?? {};
  const assumptions: Assumption[] = [];
  const assume = (field: string, value: number | string | boolean, note: string) =>
    assumptions.push({ field: `memory.${field}`, value, origin: 'assumed', note });
  const listed = <T extends number | string | boolean>(field: string, t: Traced<T> | undefined): void => {
    if (t && (t.origin === 'assumed' || t.origin === 'default') && !t.inherited)
      assumptions.push({ field: `memory.${field}`, value: t.value, origin: t.origin, note: t.note ?? t.source });
  };
  const num = (field: string, t: Traced<number> | undefined, fallback: number, note: string): number => {
    if (t && Number.isFinite(t.value) && t.value >= 1) {
      listed(field, t);
      return t.value;
    }
    // On one GPU there is no parallelism to assume.
    if (gpus === 1 && field !== 'microBatch') return 1;
    assume(field, fallback, note);
    return fallback;
  };

  const microBatchAssumed = !s.microBatch;
  const microBatch = num('microBatch', s.microBatch, 1, 'micro-batch not stated: 1 sequence per GPU assumed, so the memory shown is a lower bound');
  const gradAccum = s.gradAccum && s.gradAccum.value >= 1 ? s.gradAccum.value : null;
  const tp = num('tp', p.tp, 1, 'tensor parallelism not stated: none (1) assumed');
  const pp = num('pp', p.pp, 1, 'pipeline parallelism not stated: none (1) assumed');
  const cp = num('cp', p.cp, 1, 'context parallelism not stated: none (1) assumed');
  const ep = num('ep', p.ep, 1, 'expert parallelism not stated: none (1) assumed');
  const vp = p.vp && p.vp.value >= 1 ? p.vp.value : 1;
  let dp: number;
  if (p.dp && p.dp.value >= 1) {
    listed('dp', p.dp);
    dp = p.dp.value;
  } else {
    dp = Math.max(1, Math.floor(gpus / (tp * pp * cp)));
    assumptions.push({
      field: 'memory.dp',
      value: dp,
      origin: 'derived',
      note: `data parallelism not stated: ${gpus} GPUs ÷ (tp ${tp} × pp ${pp} × cp ${cp})`,
    });
  }
  let sharding: ShardingKind = 'none';
  if (s.sharding) {
    listed('sharding', s.sharding);
    sharding = s.sharding.value;
  } else if (dp > 1) {
    assume('sharding', 'none', 'no sharding stated: every data-parallel GPU holds full weights, gradients and optimizer states (DDP)');
  }
  let shardGroup = sharding === 'none' ? 1 : dp;
  if (sharding === 'fsdp-hybrid') {
    if (p.shardGroup && p.shardGroup.value >= 1) shardGroup = Math.min(dp, p.shardGroup.value);
    else {
      shardGroup = Math.min(dp, DEFAULT_HYBRID_GROUP);
      assume('shardGroup', shardGroup, `hybrid sharding group not stated: shards within one ${DEFAULT_HYBRID_GROUP}-GPU node`);
    }
  }
  const offload = s.offload?.value ?? 'none';
  listed('offload', s.offload);
  let checkpointing: CheckpointingMode = 'none';
  let everyN = 1;
  if (s.checkpointing) {
    const c = s.checkpointing;
    if ((c.origin === 'assumed' || c.origin === 'default') && !c.inherited)
      assumptions.push({ field: 'memory.checkpointing', value: c.value.mode, origin: c.origin, note: c.note ?? c.source });
    checkpointing = c.value.mode;
    everyN = Math.max(1, s.checkpointing.value.everyN ?? 1);
  } else assume('checkpointing', 'none', 'activation checkpointing not stated: none assumed (every activation kept)');
  let optimizer: OptimizerKind = 'adamw';
  if (s.optimizer) {
    listed('optimizer', s.optimizer);
    optimizer = s.optimizer.value;
  } else assume('optimizer', 'adamw', 'optimizer not stated: AdamW assumed (two fp32 moments)');
  let flashAttention = true;
  if (s.flashAttention) {
    listed('flashAttention', s.flashAttention);
    flashAttention = s.flashAttention.value;
  } else assume('flashAttention', true, 'fused/flash attention assumed (PyTorch SDPA, the default of current frameworks): no seq² score matrix kept');
  const chunkedLoss = s.chunkedLoss?.value ?? false;
  listed('chunkedLoss', s.chunkedLoss);
  const schedule = s.pipelineSchedule?.value ?? (vp > 1 ? 'interleaved-1f1b' : '1f1b');
  if (pp > 1 && !s.pipelineSchedule) assume('pipelineSchedule', schedule, `pipeline schedule not stated: ${schedule} assumed`);
  const weightsMode: WeightsMode = precision === 'fp32' || precision === 'tf32' ? 'fp32' : 'mixed';
  if (weightsMode === 'mixed')
    assume(
      'weightsMode',
      'mixed',
      'mixed precision assumed: half-precision weights and gradients with fp32 master weights in the optimizer (ZeRO §3.1: 2 + 2 + 12 bytes per parameter with Adam)',
    );
  const method = plan.kind?.method?.value ?? 'full';
  const adapter = plan.kind?.adapter?.value ?? null;
  return {
    setup: {
      microBatch,
      gradAccum,
      dp,
      shardGroup,
      tp,
      pp,
      vp,
      cp,
      ep,
      sequenceParallel: p.sequenceParallel?.value ?? false,
      schedule,
      sharding,
      offload,
      checkpointing,
      everyN,
      optimizer,
      lowPrecision: s.lowPrecision?.value ?? null,
      compile: s.compile?.value ?? false,
      flashAttention,
      chunkedLoss,
      weightsMode,
      method,
      adapter,
      doubleQuant: true,
    },
    assumptions,
    microBatchAssumed,
  };
}
