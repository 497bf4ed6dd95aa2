// The run's layout as the throughput model needs it: every value from the plan's RunSetup when
// the config says, otherwise a default listed as an assumption with where it came from.

import type { Origin, Traced } from '../plan';
import type { Checkpointing, PipelineSchedule, RunKind, RunSetup, ShardingKind } from '../runSetup';

export interface ThroughputAssumption {
  readonly field: string;
  readonly value: number | string | boolean | null;
  readonly origin: Origin;
  readonly note: string;
}

export interface Layout {
  readonly gpuCount: number;
  readonly seqLen: number;
  /** Tokens per optimizer step. */
  readonly batchTokens: number;
  readonly dp: number;
  readonly tp: number;
  readonly pp: number;
  readonly vp: number;
  readonly cp: number;
  readonly ep: number;
  readonly sequenceParallel: boolean;
  /** Sequences per GPU per forward/backward. */
  readonly microBatch: number;
  /** Micro-batches per optimizer step on each pipeline (gradient accumulation × pipeline micro-batches). */
  readonly microBatches: number;
  readonly schedule: PipelineSchedule;
  readonly sharding: ShardingKind;
  readonly shardGroup: number;
  readonly checkpointing: Checkpointing;
  readonly compile: boolean;
  readonly flashAttention: boolean;
  readonly fp8: boolean;
  /** LoRA-style: frozen base weights, no weight gradients. */
  readonly frozenBase: boolean;
}

export interface LayoutInput {
  readonly gpuCount: number;
  readonly seqLen: number;
  readonly batchTokens: number | null;
  readonly fp8: boolean;
  readonly setup?: RunSetup;
  readonly kind?: RunKind;
}

/** Tokens per micro-batch the model assumes when the config says neither micro-batch nor accumulation. */
export const DEFAULT_MICRO_BATCH_TOKENS = 8192;

export function resolveLayout(input: LayoutInput): { readonly layout: Layout; readonly assumptions: readonly ThroughputAssumption[] } {
  const s = input.setup ?? {};
  const par = s.parallel ?? {};
  const assumptions: ThroughputAssumption[] = [];
  const take = <T extends number | string | boolean>(field: string, t: Traced<T> | undefined, fallback: T, note: string): T => {
    if (t !== undefined) {
      if (t.origin === 'assumed' || t.origin === 'default') assumptions.push({ field, value: t.value, origin: t.origin, note: t.note ?? t.source });
      return t.value;
    }
    assumptions.push({ field, value: fallback, origin: 'assumed', note });
    return fallback;
  };
  const positive = (v: number) => (Number.isFinite(v) && v >= 1 ? Math.floor(v) : 1);

  const gpuCount = positive(input.gpuCount);
  const seqLen = positive(input.seqLen);
  const tp = positive(take('tp', par.tp, 1, 'tensor parallelism not stated: 1 assumed'));
  const pp = positive(take('pp', par.pp, 1, 'pipeline parallelism not stated: 1 assumed'));
  const cp = positive(par.cp?.value ?? 1);
  const ep = positive(par.ep?.value ?? 1);
  const vp = positive(par.vp?.value ?? 1);
  const modelParallel = tp * pp * cp;
  const dp = positive(par.dp?.value ?? gpuCount / modelParallel);
  const sequenceParallel = par.sequenceParallel?.value ?? false;

  let batchTokens = input.batchTokens !== null && Number.isFinite(input.batchTokens) && input.batchTokens > 0 ? input.batchTokens : null;
  const statedMicro = s.microBatch?.value;
  const statedAccum = s.gradAccum?.value;
  if (batchTokens === null) {
    const mb = statedMicro ?? Math.max(1, Math.floor(DEFAULT_MICRO_BATCH_TOKENS / seqLen));
    batchTokens = mb * seqLen * dp * (statedAccum ?? 1);
    assumptions.push({
      field: 'batchTokens',
      value: batchTokens,
      origin: 'assumed',
      note: `global batch not stated: one micro-batch per data-parallel rank (${Math.round(batchTokens)} tokens) assumed for the step`,
    });
  }
  const seqsPerReplica = Math.max(1, batchTokens / seqLen / dp);
  let microBatch: number;
  if (statedMicro !== undefined) {
    microBatch = positive(statedMicro);
    if (s.microBatch && s.microBatch.origin !== 'stated' && s.microBatch.origin !== 'derived')
      assumptions.push({ field: 'microBatch', value: microBatch, origin: s.microBatch.origin, note: s.microBatch.note ?? s.microBatch.source });
  } else if (statedAccum !== undefined) {
    microBatch = Math.max(1, seqsPerReplica / positive(statedAccum));
  } else {
    microBatch = Math.max(1, Math.min(seqsPerReplica, Math.floor(DEFAULT_MICRO_BATCH_TOKENS / seqLen)));
    assumptions.push({
      field: 'microBatch',
      value: microBatch,
      origin: 'assumed',
      note: `micro-batch not stated: ${microBatch} sequence(s) (~${DEFAULT_MICRO_BATCH_TOKENS} tokens) per GPU assumed`,
    });
  }
  const microBatches = Math.max(1, Math.round(seqsPerReplica / microBatch));

  const schedule = take<PipelineSchedule>(
    'pipelineSchedule',
    s.pipelineSchedule,
    vp > 1 ? 'interleaved-1f1b' : '1f1b',
    `pipeline schedule not stated: ${vp > 1 ? 'interleaved 1F1B' : '1F1B'} assumed`,
  );
  const sharding = take<ShardingKind>(
    'sharding',
    s.sharding,
    'none',
    'sharding not stated: plain data parallelism (gradients all-reduced once per step) assumed',
  );
  const shardGroup = positive(par.shardGroup?.value ?? (sharding === 'fsdp-hybrid' ? Math.max(1, Math.min(dp, Math.floor(8 / (tp * cp)))) : dp));
  const checkpointing = s.checkpointing?.value ?? { mode: 'none' as const };
  if (!s.checkpointing)
    assumptions.push({ field: 'checkpointing', value: 'none', origin: 'assumed', note: 'activation checkpointing not stated: none assumed (no recompute)' });
  const compile = s.compile?.value ?? false;
  const flashAttention = s.flashAttention?.value ?? true;
  if (!s.flashAttention)
    assumptions.push({
      field: 'flashAttention',
      value: true,
      origin: 'assumed',
      note: 'fused (flash) attention assumed: the default of PyTorch SDPA and current frameworks',
    });
  const method = input.kind?.method?.value;
  const frozenBase = method === 'lora' || method === 'qlora' || method === 'dora' || method === 'prefix-tuning' || method === 'prompt-tuning';
  const fp8 = input.fp8 || (s.lowPrecision !== undefined && s.lowPrecision.value !== 'nvfp4');

  return {
    layout: {
      gpuCount,
      seqLen,
      batchTokens,
      dp,
      tp,
      pp,
      vp,
      cp,
      ep,
      sequenceParallel,
      microBatch,
      microBatches,
      schedule,
      sharding,
      shardGroup,
      checkpointing,
      compile,
      flashAttention,
      fp8,
      frozenBase,
    },
    assumptions,
  };
}
