// The run's resolved layout: the plan's RunSetup with every gap filled by one set of defaults,
// and one list saying which values were stated, framework defaults, assumed or derived. The
// memory model and the throughput model both read it (each takes the view it needs), so a
// run's micro-batch, data-parallel size, sharding or checkpointing can never differ between
// its memory and its speed.
//
// The one rule for an unstated micro-batch: 1 sequence per GPU, unless the global batch and
// the gradient accumulation are both stated (then batch ÷ (dp × accumulation)). One sequence is
// the smallest micro-batch a run can use, so the memory shown for it is a lower bound; the
// throughput model reaches the global batch by accumulation, which only changes how often the
// per-micro-batch collectives run and the pipeline bubble's divisor.

import type { Assumption } from './estimate';
import type { Traced } from './plan';
import type {
  Adapter,
  Checkpointing,
  FineTuneMethod,
  LowPrecisionRecipe,
  OffloadKind,
  OptimizerKind,
  PipelineSchedule,
  RunKind,
  RunSetup,
  ShardingKind,
} from './runSetup';
import { CHECKPOINTING_NAMES, SHARDING_NAMES } from './runSetup';

/** One resolved value that the config did not state as such (field, value, origin, why). */
export type LayoutAssumption = Assumption;

export interface RunLayout {
  readonly gpuCount: number;
  readonly seqLen: number;
  /** Tokens per optimizer step: stated, or the default of DEFAULT_STEP_TOKENS_PER_RANK per data-parallel rank. */
  readonly batchTokens: number;
  /** Sequences per GPU per forward/backward. */
  readonly microBatch: number;
  /** True when the micro-batch is the unstated default (1 sequence): memory is then a lower bound. */
  readonly microBatchAssumed: boolean;
  /** Gradient-accumulation steps as stated; null when the config does not say. */
  readonly gradAccum: number | null;
  /** Micro-batches per optimizer step on each data-parallel replica (accumulation × pipeline micro-batches). */
  readonly microBatches: number;
  readonly dp: number;
  /** Size of the group that shards weights/grads/states; = dp unless hybrid sharding says otherwise, 1 without sharding. */
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
  readonly checkpointing: Checkpointing;
  readonly optimizer: OptimizerKind;
  readonly lowPrecision: LowPrecisionRecipe | null;
  readonly compile: boolean;
  /** Data-parallel gradient reduction overlapped with the backward (default: yes, as PyTorch DDP/FSDP do). */
  readonly gradReduceOverlap: boolean;
  /** Sharded parameters gathered under compute (default: yes, as FSDP prefetches). */
  readonly paramGatherOverlap: boolean;
  /** Tensor-parallel collectives overlapped with the GEMMs (default: no). */
  readonly tpCommOverlap: boolean;
  /** The node's network between nodes, bytes/s one direction, when stated; null: the generation's usual node. */
  readonly interNodeBytesPerSec: number | null;
  readonly flashAttention: boolean;
  readonly chunkedLoss: boolean;
  readonly method: FineTuneMethod;
  readonly adapter: Adapter | null;
  /** LoRA-style methods: frozen base weights, no weight gradients. */
  readonly frozenBase: boolean;
  /**
   * A frozen copy of the model is resident as the reference: DPO and KTO without adapters (the
   * adapters' base, with them switched off, is the reference otherwise) unless the reference
   * log-probabilities were computed before training (trl/trainer/dpo_trainer.py
   * create_reference_model; LLaMA-Factory create_ref_model).
   */
  readonly referenceCopy: boolean;
}

export interface RunLayoutInput {
  /** The world size the estimate uses (stated or assumed by the caller, which lists it). */
  readonly gpuCount: number;
  readonly seqLen: number;
  /** Tokens per optimizer step when the plan states them. */
  readonly batchTokens: number | null;
  readonly setup?: RunSetup;
  readonly kind?: RunKind;
  /** The model has routed experts (expert parallelism is then a choice worth listing). */
  readonly moe?: boolean;
  /**
   * Whether one training step fits in the GPU's memory with this layout (the memory model, given
   * by callers that know the GPU). Decides the unstated activation checkpointing.
   */
  readonly fits?: (layout: RunLayout) => boolean;
}

export interface ResolvedRunLayout {
  readonly layout: RunLayout;
  readonly assumptions: readonly LayoutAssumption[];
}

/** GPUs per node the defaults assume (8-GPU HGX/DGX nodes). */
export const GPUS_PER_NODE = 8;

/**
 * Tokens each data-parallel rank processes per optimizer step when the config states no global
 * batch: about one 8k-token micro-batch's worth (4 × 2048, 2 × 4096), whole sequences.
 */
export const DEFAULT_STEP_TOKENS_PER_RANK = 8192;

/** Micro-batches per pipeline stage in a step when the global batch is not stated (GPipe's M ≥ 4K). */
export const PIPELINE_MICRO_BATCHES_PER_STAGE = 4;

const FROZEN_BASE: ReadonlySet<FineTuneMethod> = new Set(['lora', 'qlora', 'dora', 'prefix-tuning', 'prompt-tuning']);
/** Preference stages that compare against a frozen reference model held beside the policy. */
const REFERENCE_STAGES: ReadonlySet<string> = new Set(['dpo', 'kto']);

const positive = (v: number | undefined): number | undefined => (v !== undefined && Number.isFinite(v) && v >= 1 ? Math.floor(v) : undefined);

/** Whether the config says anything about how the model is spread over its GPUs. */
export function statesLayout(s: RunSetup | undefined): boolean {
  const p = s?.parallel;
  return !!(s?.sharding || s?.offload || p?.tp || p?.pp || p?.cp || p?.dp || p?.ep || p?.shardGroup);
}

export function resolveRunLayout(input: RunLayoutInput): ResolvedRunLayout {
  const s = input.setup ?? {};
  const p = s.parallel ?? {};
  const assumptions: LayoutAssumption[] = [];
  const gpuCount = positive(input.gpuCount) ?? 1;
  const seqLen = positive(input.seqLen) ?? 1;
  const single = gpuCount === 1;

  /** A framework default or an assumption carried by the reader is listed; stated, derived and inherited values are not. */
  const carried = <T>(field: string, t: Traced<T>, shown: number | string | boolean): void => {
    if ((t.origin === 'assumed' || t.origin === 'default') && !t.inherited)
      assumptions.push({ field, value: shown, origin: t.origin, note: t.note ?? t.source });
  };
  const assume = (field: string, value: number | string | boolean, note: string): void => {
    assumptions.push({ field, value, origin: 'assumed', note });
  };
  /** A parallel degree: stated, else 1 (listed unless there is only one GPU, where nothing else is possible). */
  const degree = (field: string, t: Traced<number> | undefined, what: string, listed = true): number => {
    const v = positive(t?.value);
    if (t && v !== undefined) {
      carried(field, t, v);
      return v;
    }
    if (!single && listed) assume(field, 1, `${what} not stated: none (1) assumed`);
    return 1;
  };

  const tp = degree('tp', p.tp, 'tensor parallelism');
  const pp = degree('pp', p.pp, 'pipeline parallelism');
  const cp = degree('cp', p.cp, 'context parallelism');
  const ep = degree('ep', p.ep, 'expert parallelism', input.moe === true);
  const vp = positive(p.vp?.value) ?? 1;
  let dp: number;
  const statedDp = positive(p.dp?.value);
  if (p.dp && statedDp !== undefined) {
    carried('dp', p.dp, statedDp);
    dp = statedDp;
  } else {
    dp = Math.max(1, Math.floor(gpuCount / (tp * pp * cp)));
    if (!single)
      assumptions.push({ field: 'dp', value: dp, origin: 'derived', note: `data parallelism not stated: ${gpuCount} GPUs ÷ (tp ${tp} × pp ${pp} × cp ${cp})` });
  }

  // Micro-batch, accumulation and the global batch.
  const gradAccum = positive(s.gradAccum?.value) ?? null;
  const statedBatch = input.batchTokens !== null && Number.isFinite(input.batchTokens) && input.batchTokens > 0 ? input.batchTokens : null;
  let microBatch: number;
  let microBatchAssumed = false;
  const statedMicro = positive(s.microBatch?.value);
  if (s.microBatch && statedMicro !== undefined) {
    carried('microBatch', s.microBatch, statedMicro);
    microBatch = statedMicro;
  } else if (statedBatch !== null && gradAccum !== null) {
    microBatch = Math.max(1, Math.floor(statedBatch / seqLen / dp / gradAccum));
    assumptions.push({
      field: 'microBatch',
      value: microBatch,
      origin: 'derived',
      note: `micro-batch not stated: global batch ÷ (${dp} data-parallel ranks × ${gradAccum} accumulation steps × ${seqLen} tokens)`,
    });
  } else {
    microBatch = 1;
    microBatchAssumed = true;
    assume('microBatch', 1, 'micro-batch not stated: 1 sequence per GPU assumed (the smallest), so the memory shown is a lower bound');
  }
  let batchTokens: number;
  if (statedBatch !== null) batchTokens = statedBatch;
  else {
    // A pipeline needs several micro-batches per step or its stages idle: GPipe ran M ≥ 4 × K
    // micro-batches on K stages (Huang et al. 2019, arXiv 1811.06965, §2.3), a 1F1B bubble of
    // (pp − 1)/(4·pp) < 25%.
    const pipelined = pp > 1 && gradAccum === null ? PIPELINE_MICRO_BATCHES_PER_STAGE * pp * microBatch : 0;
    const perRank = Math.max(microBatch * (gradAccum ?? 1), Math.floor(DEFAULT_STEP_TOKENS_PER_RANK / seqLen), pipelined);
    batchTokens = perRank * seqLen * dp;
    assume(
      'batchTokens',
      batchTokens,
      `global batch not stated: ${perRank} sequence(s) of ${seqLen} tokens per data-parallel rank per step assumed${perRank === pipelined ? ` (${PIPELINE_MICRO_BATCHES_PER_STAGE} micro-batches per pipeline stage, as GPipe runs)` : ''}`,
    );
  }
  const seqsPerReplica = Math.max(1, batchTokens / seqLen / dp);
  const microBatches = Math.max(1, Math.round(seqsPerReplica / microBatch));

  let sharding: ShardingKind = 'none';
  if (s.sharding) {
    carried('sharding', s.sharding, s.sharding.value);
    sharding = s.sharding.value;
  } else if (dp > 1)
    assume(
      'sharding',
      'none',
      'no sharding stated: every data-parallel GPU holds full weights, gradients and optimizer states (DDP), gradients all-reduced once per step',
    );
  // Context-parallel ranks hold the same weights as their data-parallel peers: sharding spans
  // both (torchtitan's FSDP mesh dp_shard × cp, Megatron's data-parallel group with context
  // parallelism, DeepSpeed's sequence-data-parallel group).
  const replicaGroup = dp * cp;
  let shardGroup = sharding === 'none' ? 1 : replicaGroup;
  if (sharding === 'fsdp-hybrid') {
    const statedGroup = positive(p.shardGroup?.value);
    if (statedGroup !== undefined) shardGroup = Math.min(replicaGroup, statedGroup);
    else {
      shardGroup = Math.max(1, Math.min(replicaGroup, Math.floor(GPUS_PER_NODE / tp)));
      assume('shardGroup', shardGroup, `hybrid sharding group not stated: shards within one ${GPUS_PER_NODE}-GPU node (the GPUs tp leaves)`);
    }
  }
  const offload = s.offload?.value ?? 'none';
  if (s.offload) carried('offload', s.offload, offload);

  let checkpointing: Checkpointing = { mode: 'none' };
  if (s.checkpointing) {
    carried('checkpointing', s.checkpointing, s.checkpointing.value.mode);
    checkpointing = { mode: s.checkpointing.value.mode, everyN: Math.max(1, s.checkpointing.value.everyN ?? 1) };
  }

  let optimizer: OptimizerKind = 'adamw';
  if (s.optimizer) {
    carried('optimizer', s.optimizer, s.optimizer.value);
    optimizer = s.optimizer.value;
  } else assume('optimizer', 'adamw', 'optimizer not stated: AdamW assumed (two fp32 moments)');

  let flashAttention = true;
  if (s.flashAttention) {
    carried('flashAttention', s.flashAttention, s.flashAttention.value);
    flashAttention = s.flashAttention.value;
  } else assume('flashAttention', true, 'fused/flash attention assumed (PyTorch SDPA, the default of current frameworks): no seq² score matrix kept');

  const chunkedLoss = s.chunkedLoss?.value ?? false;
  if (s.chunkedLoss) carried('chunkedLoss', s.chunkedLoss, chunkedLoss);
  const compile = s.compile?.value ?? false;
  if (s.compile) carried('compile', s.compile, compile);
  // Overlap defaults are PyTorch's (DDP buckets, FSDP prefetch) and Megatron's (no TP overlap):
  // not listed when unstated, as before they existed; a reader's framework default is listed.
  const overlap = (field: string, t: Traced<boolean> | undefined, unstated: boolean): boolean => {
    if (t) carried(field, t, t.value);
    return t?.value ?? unstated;
  };
  const gradReduceOverlap = overlap('gradReduceOverlap', s.gradReduceOverlap, true);
  const paramGatherOverlap = overlap('paramGatherOverlap', s.paramGatherOverlap, true);
  const tpCommOverlap = overlap('tpCommOverlap', s.tpCommOverlap, false);
  if (s.interNodeGbps) carried('interNodeGbps', s.interNodeGbps, s.interNodeGbps.value);
  const interNodeBytesPerSec = s.interNodeGbps && s.interNodeGbps.value > 0 ? (s.interNodeGbps.value * 1e9) / 8 : null;

  let schedule: PipelineSchedule = vp > 1 ? 'interleaved-1f1b' : '1f1b';
  if (s.pipelineSchedule) {
    carried('pipelineSchedule', s.pipelineSchedule, s.pipelineSchedule.value);
    schedule = s.pipelineSchedule.value;
  } else if (pp > 1) assume('pipelineSchedule', schedule, `pipeline schedule not stated: ${schedule} assumed`);

  // Sequence parallelism only changes anything with tensor parallelism.
  if (p.sequenceParallel && tp > 1) carried('sequenceParallel', p.sequenceParallel, p.sequenceParallel.value);

  const method = input.kind?.method?.value ?? 'full';
  const layout: RunLayout = {
    gpuCount,
    seqLen,
    batchTokens,
    microBatch,
    microBatchAssumed,
    gradAccum,
    microBatches,
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
    optimizer,
    lowPrecision: s.lowPrecision?.value ?? null,
    compile,
    gradReduceOverlap,
    paramGatherOverlap,
    tpCommOverlap,
    interNodeBytesPerSec,
    flashAttention,
    chunkedLoss,
    method,
    adapter: input.kind?.adapter?.value ?? null,
    frozenBase: FROZEN_BASE.has(method),
    referenceCopy: REFERENCE_STAGES.has(input.kind?.stage?.value ?? 'pretrain') && !FROZEN_BASE.has(method) && input.kind?.referencePrecomputed?.value !== true,
  };
  if (s.checkpointing) return { layout, assumptions };
  // Unstated checkpointing: none when the step fits without it, else full recompute. Configs
  // turn checkpointing on when activations do not fit (MPT's benchmark configs run the large
  // models with full recompute and the small ones without), so assuming none everywhere made
  // the throughput of a bare config ~26% optimistic on the calibration rows that ran full
  // recompute (test/unit/run-layout.test.ts).
  if (input.fits && !input.fits(layout)) {
    assume('checkpointing', 'full', 'activation checkpointing not stated: the step does not fit in GPU memory without it, so full recompute assumed');
    return { layout: { ...layout, checkpointing: { mode: 'full', everyN: 1 } }, assumptions };
  }
  assume(
    'checkpointing',
    'none',
    input.fits
      ? 'activation checkpointing not stated: the step fits in GPU memory without it, so none assumed (no recompute)'
      : 'activation checkpointing not stated: none assumed (every activation kept, no recompute)',
  );
  return { layout, assumptions };
}

/** "tp 8 × pp 16 × dp 128, distributed optimizer, full recompute, micro-batch 1, 64 per step": a resolved layout in words. */
export function runLayoutText(l: RunLayout): string {
  const degrees = [
    l.tp > 1 ? `tp ${l.tp}` : null,
    l.pp > 1 ? `pp ${l.pp}${l.vp > 1 ? ` (vp ${l.vp})` : ''}` : null,
    l.cp > 1 ? `cp ${l.cp}` : null,
    `dp ${l.dp}`,
  ]
    .filter((x) => x !== null)
    .join(' × ');
  const recompute = `${CHECKPOINTING_NAMES[l.checkpointing.mode]} recompute`;
  const micro = `micro-batch ${l.microBatch}${l.microBatches > 1 ? `, ${l.microBatches} per step` : ''}`;
  return `${degrees}, ${SHARDING_NAMES[l.sharding]}, ${recompute}, ${micro}`;
}
