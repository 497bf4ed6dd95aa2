// What the torchtitan TOML and Python readers share (docs/configs.md#torchtitan-toml): a flavor's architecture and the
// world size from the parallelism degrees (torchtitan ParallelDims: world = dp_replicate ×
// dp_shard × cp × tp × pp, where dp_shard -1 takes the rest of the world).

import type { SourceRange, Traced } from '../../core/plan';
import type { PipelineSchedule, ShardingKind } from '../../core/runSetup';
import { formatInteger } from '../../core/units';
import { findTorchtitanFlavor, TORCHTITAN_DEFAULT_VOCAB, TORCHTITAN_MODELS, TORCHTITAN_NOT_COUNTED, torchtitanFlavorFfn } from '../registry/torchtitan';
import type { ArchParts, PlanBuilder } from '../shared/builder';
import { hfArchitectureParts, registryLookup } from '../shared/hfArchitecture';

/** The architecture parts of `name`/`flavor`, or null with a warning at `at` when the flavor is not in the table. */
export function flavorParts(
  b: PlanBuilder,
  name: string,
  flavorName: string,
  at: { nameRange: SourceRange | null; flavorRange: SourceRange | null; range: SourceRange | null },
): ArchParts | null {
  const notCounted = Object.hasOwn(TORCHTITAN_NOT_COUNTED, name) ? TORCHTITAN_NOT_COUNTED[name] : undefined;
  const flavorWhy = notCounted?.flavors && Object.hasOwn(notCounted.flavors, flavorName) ? notCounted.flavors[flavorName] : undefined;
  if (notCounted?.why || flavorWhy) {
    b.problem(
      'warning',
      'unsupported-model',
      `torchtitan ${name}${flavorWhy ? ` flavor "${flavorName}"` : ''} is not counted: ${flavorWhy ?? notCounted!.why}.`,
      flavorWhy ? at.flavorRange : at.nameRange,
    );
    return null;
  }
  if (!Object.prototype.hasOwnProperty.call(TORCHTITAN_MODELS, name)) {
    b.problem(
      'warning',
      'unknown-model',
      `torchtitan model "${name}" is not in Scaling Lens's flavor table (known: ${Object.keys(TORCHTITAN_MODELS).join(', ')}), so its parameters cannot be counted.`,
      at.nameRange,
    );
    return null;
  }
  const found = findTorchtitanFlavor(name, flavorName);
  if (!found) {
    b.problem(
      'warning',
      'unknown-model',
      `torchtitan ${name} flavor "${flavorName}" is not in Scaling Lens's flavor table (known: ${Object.keys(TORCHTITAN_MODELS[name]!).join(', ')}).`,
      at.flavorRange,
    );
    return null;
  }
  const fl = found.flavor;
  const src = `torchtitan ${name} flavor ${found.base}`;
  if ('hf' in fl) {
    const parts = hfArchitectureParts(b, registryLookup(fl.hf), 'default', src, 'torchtitan flavor table');
    const moe = parts.moe;
    if (fl.expertBiasIsBuffer && moe?.value?.routerBias)
      parts.moe = {
        ...moe,
        value: { ...moe.value, routerBias: false },
        note: `${moe.note ? `${moe.note}; ` : ''}the load-balancing expert bias is a buffer in torchtitan (expert_bias_E), not a parameter`,
      };
    return Object.keys(parts).length > 0 ? parts : null;
  }
  const def = <T>(value: T, note?: string) => b.trace(value, 'default', src, at.range, note);
  const ffn = torchtitanFlavorFfn(fl);
  const ffnNote =
    fl.hiddenDim !== undefined
      ? `hidden_dim ${fl.hiddenDim}`
      : `int(2·4·${fl.dim}/3)${fl.ffnDimMultiplier !== undefined ? ` × ffn_dim_multiplier ${fl.ffnDimMultiplier}` : ''}, rounded up to multiple_of ${fl.multipleOf}`;
  return {
    layers: def(fl.nLayers),
    dModel: def(fl.dim),
    heads: def(fl.nHeads),
    kvHeads: def(fl.nKvHeads ?? fl.nHeads),
    ...(fl.headDim !== undefined ? { headDim: def(fl.headDim) } : {}),
    ffn: def(ffn, ffnNote),
    mlp: def('glu' as const),
    vocab: def(
      fl.vocabSize ?? TORCHTITAN_DEFAULT_VOCAB,
      fl.vocabSize === undefined ? `TransformerModelArgs default vocab_size ${TORCHTITAN_DEFAULT_VOCAB} (the Llama 3 tokenizer)` : undefined,
    ),
    positions: def('rotary' as const),
    norm: def('rmsnorm' as const),
    linearBias: def(false),
    ...(fl.qkNorm ? { qkNorm: def(fl.qkNorm) } : {}),
    tiedEmbeddings: def(fl.tied ?? false, fl.tied ? 'enable_weight_tying=True' : undefined),
    ...(fl.moe
      ? {
          moe: def(
            { experts: fl.moe.experts, topK: fl.moe.topK, expertFfn: ffn, sharedExperts: 0, denseLayers: 0 },
            `${fl.moe.experts} routed experts of width ${ffn}, top-${fl.moe.topK}, in every layer`,
          ),
        }
      : {}),
  };
}

export interface Degrees {
  readonly shard: Traced<number>;
  readonly replicate: Traced<number>;
  readonly tensor: Traced<number>;
  readonly pipeline: Traced<number>;
  readonly context: Traced<number>;
}

/**
 * The data-parallel degree and the world size. With every degree explicit the world is their
 * product (dp_shard 32 × tp 8 = 256 GPUs); with dp_shard -1 the world must come from
 * elsewhere (directive, setting, flag, or the assumed node) and dp_shard is what is left.
 */
export function parallelism(b: PlanBuilder, d: Degrees): { dp: number; world: Traced<number>; origin: 'derived' | 'assumed'; nonDp: number } | null {
  for (const t of [d.replicate, d.tensor, d.pipeline, d.context]) {
    if (t.value < 1) {
      b.invalid(t.source, 'only data_parallel_shard_degree may be -1 (the rest of the world); the other degrees must be at least 1', t.range ?? null);
      return null;
    }
  }
  if (d.shard.value === 0 || d.shard.value < -1) {
    b.invalid(d.shard.source, 'must be at least 1, or -1 for the rest of the world size', d.shard.range ?? null);
    return null;
  }
  const nonDp = d.tensor.value * d.pipeline.value * d.context.value;
  const rest = d.replicate.value * nonDp;
  if (d.shard.value === -1) {
    const world = b.requireGpuCount(
      'With data_parallel_shard_degree -1 the data-parallel degree, and so the batch, is the world size over the other degrees.',
      undefined,
      rest,
    );
    if (world.value % rest !== 0 || world.value < rest) {
      b.problem(
        'error',
        'inconsistent-value',
        `${formatInteger(world.value)} GPUs cannot be split into data_parallel_replicate × tensor × pipeline × context = ${rest}; torchtitan requires the world size to be a multiple of it.`,
        d.shard.range ?? null,
      );
      return null;
    }
    return { dp: d.replicate.value * (world.value / rest), world, origin: world.origin === 'assumed' ? 'assumed' : 'derived', nonDp };
  }
  const product = rest * d.shard.value;
  const explicit = [d.replicate, d.shard, d.tensor, d.pipeline, d.context].filter((t) => t.value > 1);
  const how = explicit.length > 0 ? explicit.map((t) => `${t.source.split('.').pop()} ${t.value}`).join(' × ') : 'every parallelism degree 1';
  const inFile = b.derived(
    'gpus',
    product,
    'hardware',
    `${how} (torchtitan: the world size is the product of the degrees)`,
    d.shard.range ?? null,
    d.shard.origin === 'stated' ? 'derived' : 'default',
  );
  const world = b.gpuCount(inFile) ?? inFile;
  if (world.value !== product) {
    b.problem(
      'warning',
      'inconsistent-value',
      `${formatInteger(world.value)} GPUs (${world.source}) but the parallelism degrees multiply to ${formatInteger(product)}; torchtitan requires them to match. The batch uses the degrees.`,
      d.shard.range ?? null,
    );
  }
  return { dp: d.replicate.value * d.shard.value, world, origin: 'derived', nonDp };
}

/**
 * How FSDP2 shards a torchtitan run: over dp_shard × cp together (`ParallelDims.fsdp_enabled`:
 * dp_shard or cp; the mesh `dp_shard_cp`), as HSDP when also replicated, and keeping the gathered
 * weights (grad-op) when `fsdp_reshard_after_forward` is "never" or, by default, under a
 * pipeline, whose micro-batches would otherwise gather every stage's weights again (apply_fsdp).
 * `shard`: the resolved shard degree (-1 when the world size is not known).
 */
export function titanSharding(
  shard: number,
  d: { replicate: number; cp: number; pp: number; reshard: string | undefined },
): { kind: ShardingKind; shardGroup: number | null; note: string } {
  if (shard === 1 && d.cp === 1) return { kind: 'none', shardGroup: null, note: 'data_parallel_shard_degree 1: replicated (DDP), nothing sharded' };
  const keepsWeights = d.reshard === 'never' || (d.reshard !== 'always' && d.pp > 1);
  const hybrid = d.replicate > 1;
  const kind: ShardingKind = hybrid ? 'fsdp-hybrid' : keepsWeights ? 'fsdp-grad-op' : 'fsdp-full';
  const keeps =
    keepsWeights && !hybrid
      ? `; ${d.reshard === 'never' ? 'fsdp_reshard_after_forward never' : 'with pipeline parallelism it'} keeps the gathered weights`
      : '';
  // torch.distributed.pipelining keeps every FSDP2 kind gathered, gradients unsharded, until the last micro-batch (core/memory/modelStates.ts).
  const pipelined = d.pp > 1 ? '; under the pipeline its gradients stay unsharded (fp32) until the last micro-batch' : '';
  const note = `FSDP2 over the shard degree${d.cp > 1 ? ` × context_parallel_degree ${d.cp}` : ''}${hybrid ? `, replicated ${d.replicate}×` : ''}${keeps}${pipelined}`;
  return { kind, shardGroup: hybrid && shard > 0 && shard * d.cp > 1 ? shard * d.cp : null, note };
}

/** How sure the sharding is: with shard -1 the shard group is what the world size leaves, as sure as the world size. */
export function shardingOrigin(shard: Traced<number>, replicate: Traced<number>, dp: Traced<number> | null | undefined): 'assumed' | 'default' | 'derived' {
  if (shard.value === -1 && dp?.origin === 'assumed') return 'assumed';
  return shard.origin === 'default' && replicate.origin === 'default' ? 'default' : 'derived';
}

/** Schedules that run several stages per pipeline rank (torch.distributed.pipelining PipelineScheduleMulti). */
export function isMultiStage(schedule: PipelineSchedule): boolean {
  return schedule !== '1f1b' && schedule !== 'gpipe';
}

/** torchtitan's schedule names (torch.distributed.pipelining) → the schedules the models know. */
export const PIPELINE_SCHEDULES: Readonly<Record<string, PipelineSchedule>> = {
  '1f1b': '1f1b',
  gpipe: 'gpipe',
  interleaved1f1b: 'interleaved-1f1b',
  loopedbfs: 'interleaved-1f1b',
  interleavedzerobubble: 'zero-bubble',
  zbvzerobubble: 'zero-bubble',
  dualpipev: 'zero-bubble',
};

/**
 * Pipeline stages from `pipeline_parallel_layers_per_stage`: ⌈(layers + first- and last-stage
 * weights) / per stage⌉ (torchtitan/distributed/pipeline_parallel.py); torchtitan's default for a
 * multi-stage schedule without it, split points or module lists is 2 stages per rank.
 */
export function stagesFromLayersPerStage(layers: number, perStage: number, firstLess: number, lastLess: number): number {
  return Math.ceil((layers + firstLess + lastLess) / perStage);
}
export const DEFAULT_STAGES_PER_RANK = 2;

/** Stages per rank from a stage count, or an `invalid-value` problem where torchtitan refuses the split (uneven, or under 2 per rank). */
export function stagesPerRankOf(b: PlanBuilder, n: number, pp: number, path: string, range: SourceRange | null): Traced<number> | undefined {
  if (n % pp !== 0 || n < 2 * pp) {
    b.invalid(
      path,
      n % pp !== 0
        ? `${n} pipeline stages do not divide evenly over pipeline_parallel_degree ${pp}`
        : `${n} pipeline stages over ${pp} ranks: a multi-stage schedule needs at least 2 per rank`,
      range,
    );
    return undefined;
  }
  return b.trace(n / pp, 'derived', path, range, `${n} stages over ${pp} pipeline ranks`);
}
