// torchtitan TOML train configs (docs/configs.md#torchtitan-toml; the format until the 2026-02 move to
// Python registries). The architecture is a flavor (`[model] name` + `flavor`) looked up in
// registry/torchtitan.ts; the batch is `local_batch_size` per data-parallel rank unless
// `global_batch_size` is set. The world size is the product of the parallelism degrees when
// all are explicit; `data_parallel_shard_degree = -1` (the default) takes the rest of a world
// the file does not state.
//
// Defaults: torchtitan JobConfig (torchtitan/config/job_config.py `Training`, `Parallelism`,
// `Model`): local_batch_size 8, global_batch_size -1, seq_len 2048, steps 10000,
// mixed_precision_param bfloat16, data_parallel_shard_degree -1, other degrees 1,
// model name "llama3", flavor "debugmodel".

import { parse, TomlError } from 'smol-toml';
import type { Traced } from '../../core/plan';
import type { Checkpointing, LowPrecisionRecipe, OptimizerKind, ParallelDegrees, PipelineSchedule, RunSetup, ShardingKind } from '../../core/runSetup';
import { formatInteger } from '../../core/units';
import { PlanBuilder, parsePrecision, type ArchParts } from '../shared/builder';
import { notAConfig } from '../shared/notAConfig';
import { TomlPositions, type TomlKeyPosition } from '../shared/tomlPositions';
import { coerceNumber } from '../shared/values';
import {
  DEFAULT_STAGES_PER_RANK,
  flavorParts,
  shardingOrigin,
  stagesPerRankOf,
  isMultiStage,
  parallelism,
  PIPELINE_SCHEDULES,
  stagesFromLayersPerStage,
  titanSharding,
} from './torchtitanModel';
import { invalidCount } from '../shared/yamlFields';
import type { FieldRole, ReadContext, ReadResult, Reader } from '../types';
import { belowMin } from '../shared/numbers';

const NAME = 'torchtitan';
const JOB = 'torchtitan JobConfig default';

interface TomlEntry {
  readonly value: unknown;
  readonly pos: TomlKeyPosition | undefined;
}

/** pyproject.toml, Cargo.toml and friends. */
const FOREIGN_TABLES = /^[ \t]*\[\[?[ \t]*(project|package|tool(\.[^\]\n]*)?|build-system|dependencies|dev-dependencies|workspace|bin|lib)[ \t]*\]\]?/m;

export const torchtitanReader: Reader = {
  id: 'torchtitan',
  name: NAME,
  detect(text, fileName) {
    const hasModel = /^[ \t]*\[model\][ \t]*(#[^\n]*)?\r?$/m.test(text);
    const hasTraining = /^[ \t]*\[training\][ \t]*(#[^\n]*)?\r?$/m.test(text);
    if (!hasModel || !hasTraining) return 0;
    if (FOREIGN_TABLES.test(text)) return 0.1;
    const flavor = /^[ \t]*flavor[ \t]*=/m.test(text);
    const toml = /\.toml$/i.test(fileName);
    return flavor ? (toml ? 0.95 : 0.85) : 0.55;
  },
  read(text, _fileName, ctx: ReadContext): ReadResult {
    const b = new PlanBuilder('torchtitan', NAME, text, ctx);
    let doc: Record<string, unknown>;
    try {
      doc = parse(text, { integersAsBigInt: 'asNeeded', maxDepth: 64 });
    } catch (e) {
      const line = e instanceof TomlError ? Math.max(0, e.line - 1) : 0;
      const col = e instanceof TomlError ? Math.max(0, e.column - 1) : 0;
      const message = e instanceof Error ? e.message.split('\n')[0]! : String(e);
      b.problem('error', 'parse-error', `TOML: ${message.replace(/^Invalid TOML document: /, '')}`, {
        startLine: line,
        startCol: col,
        endLine: line,
        endCol: col + 1,
      });
      return notAConfig(b);
    }
    const positions = new TomlPositions(text);
    const t = tomlFields(b, doc, positions);

    // Architecture from the flavor table.
    const invalidBefore = invalidCount(b);
    const nameEntry = t.str('model.name');
    const flavorEntry = t.str('model.flavor');
    const name = nameEntry?.value ?? 'llama3';
    const flavorName = flavorEntry?.value ?? 'debugmodel';
    if (nameEntry) b.stated('model.name', name, nameEntry.range ?? null, 'architecture');
    else if (!t.entry('model.name')) b.frameworkDefault('model.name', name, 'architecture', `${JOB}: model name "llama3"`);
    if (flavorEntry) b.stated('model.flavor', flavorName, flavorEntry.range ?? null, 'architecture');
    else if (!t.entry('model.flavor')) b.frameworkDefault('model.flavor', flavorName, 'architecture', `${JOB}: flavor "debugmodel"`);
    const seqLen = t.numOr('training.seq_len', 'batch', 2048, `${JOB}: seq_len 2048`, { integer: true, min: 1, max: 1e8 });

    let parts: ArchParts | null = null;
    if (invalidCount(b) === invalidBefore) {
      // (Something stated but unreadable was reported at its line: count nothing rather than guess.)
      parts = flavorParts(b, name, flavorName, {
        nameRange: nameEntry?.valueRange ?? null,
        flavorRange: flavorEntry?.valueRange ?? null,
        range: flavorEntry?.range ?? null,
      });
      if (parts && seqLen) parts.seqLen = seqLen;
    }
    const architecture = parts && invalidCount(b) === invalidBefore ? b.architecture(parts) : null;

    // Batch: sequences per optimizer step.
    const steps = t.numOr('training.steps', 'duration', 10000, `${JOB}: steps 10000`, { integer: true, min: 0 });
    const sequences = globalSequences(b, t);
    const batchTokens =
      sequences && seqLen
        ? b.derived(
            'tokens per step',
            sequences.batch.value * seqLen.value,
            'batch',
            `${formatInteger(sequences.batch.value)} sequences × seq_len ${formatInteger(seqLen.value)}`,
            sequences.batch.range,
            sequences.batch.origin === 'assumed' ? 'assumed' : 'derived',
          )
        : null;
    const tokens =
      steps && batchTokens
        ? b.derived(
            'training tokens',
            steps.value * batchTokens.value,
            'duration',
            `steps ${formatInteger(steps.value)} × ${formatInteger(batchTokens.value)} tokens per step`,
            steps.range,
            batchTokens.origin === 'assumed' ? 'assumed' : 'derived',
          )
        : b.trace(null, 'derived', 'training.steps', steps?.range, steps ? 'the batch is not known' : 'training.steps could not be read');

    // Precision: bf16 mixed precision by default; float8 through the model converters.
    const float8 = float8Linear(t);
    const mp = t.str('training.mixed_precision_param');
    const precision = float8
      ? b.trace('fp8' as const, 'stated', float8.path, float8.range, 'float8 linear layers (torchao)')
      : mp && parsePrecision(mp.value)
        ? b.trace(parsePrecision(mp.value)!, 'stated', 'training.mixed_precision_param', mp.range)
        : mp
          ? null
          : b.trace('bf16' as const, 'default', `${JOB}: mixed_precision_param bfloat16`);
    const lr = t.num('optimizer.lr', 'optimizer', { min: 0 });
    // Warmup is recorded for the hover; [training] held it in 2024 versions.
    if (!t.num('lr_scheduler.warmup_steps', 'optimizer', { integer: true, min: 0 })) t.num('training.warmup_steps', 'optimizer', { integer: true, min: 0 });

    const setup = titanSetup(b, t, sequences?.layout ?? null, parts?.layers?.value ?? null);

    return b.finish({
      setup,
      architecture,
      tokens,
      batchTokens,
      steps: steps ?? null,
      seqLen: seqLen ?? null,
      ...(sequences?.world ? { gpuCount: sequences.world } : {}),
      precision,
      learningRate: lr ?? null,
    });
  },
};

/** torchtitan's JobConfig at the commit the TOML fixtures come from. */
const JOB_SRC = 'pytorch/torchtitan@238fa9953e4aec2a62582121564273d7cbb1e9f1:torchtitan/config/job_config.py';
/** The same defaults as the 2024 release wrote them (the Llama 3.1 benchmark tables' commit). */
const JOB_SRC_2024 = 'pytorch/torchtitan@9dec370ad26b5f8e9a7333a0e36165018262644b:torchtitan/config_manager.py';
/** Where the 2024 release chose two stages per rank for a multi-stage schedule. */
const STAGES_SRC_2024 = 'pytorch/torchtitan@9dec370ad26b5f8e9a7333a0e36165018262644b:torchtitan/parallelisms/pipelining_utils.py generate_split_points';

/** A file in the 2024 layout (no `[parallelism]` table; degrees under `[training]`/`[experimental]`, or `[float8]`) cites the 2024 JobConfig. */
function jobSource(t: TomlFields): string {
  if (t.entry('parallelism')) return JOB_SRC;
  const legacy = t.entry('experimental') || t.entry('float8') || t.entry('training.data_parallel_shard_degree') || t.entry('training.tensor_parallel_degree');
  return legacy ? JOB_SRC_2024 : JOB_SRC;
}
const OPTIMIZERS: Readonly<Record<string, OptimizerKind>> = { adamw: 'adamw', adam: 'adamw', sgd: 'sgd' };

/**
 * The run setup from torchtitan's keys. Defaults (JOB_SRC): [activation_checkpoint] mode
 * "selective" with selective_ac_option "2" (every 2nd layer), [compile] enable false,
 * optimizer "AdamW", pipeline_parallel_schedule "1F1B", expert_parallel_degree 1. Sharding is
 * FSDP2 over data_parallel_shard_degree (HSDP when replicated too; plain DDP when shard is 1);
 * attention is SDPA restricted to cuDNN/flash kernels (torchtitan/models/attention.py
 * ScaledDotProductAttentionWrapper); the loss is one cross_entropy over the whole flattened
 * logits (torchtitan/components/loss.py), not chunked.
 */
function titanSetup(b: PlanBuilder, t: TomlFields, layout: Layout | null, layers: number | null): RunSetup {
  const src = jobSource(t);
  const def = <T>(value: T, note: string) => b.setupDefault(value, `${note} (${src})`);
  const str = (path: string) => {
    const e = t.entry(path);
    return e && (typeof e.value === 'string' || typeof e.value === 'number') ? { value: String(e.value), range: e.pos?.range } : undefined;
  };
  const bool = (path: string) => {
    const e = t.entry(path);
    if (!e) return undefined;
    if (typeof e.value === 'boolean') return { value: e.value, range: e.pos?.range };
    b.invalid(path, `expected true or false, got ${typeof e.value === 'object' ? 'a table or array' : JSON.stringify(e.value)}`, e.pos?.valueRange ?? null);
    return undefined;
  };
  const stated = <T>(path: string, value: T, range: TomlKeyPosition['range'] | undefined, note?: string) => b.trace(value, 'stated', path, range, note);

  // Activation checkpointing: mode full|selective|none; selective is every N layers or per-op.
  const mode = str('activation_checkpoint.mode');
  const option = str('activation_checkpoint.selective_ac_option');
  const selective = (opt: string): Checkpointing | null =>
    opt === 'op'
      ? { mode: 'selective-op' }
      : /^\d+$/.test(opt) && Number(opt) >= 1
        ? Number(opt) === 1
          ? { mode: 'full' }
          : { mode: 'every-n', everyN: Number(opt) }
        : null;
  let checkpointing: Traced<Checkpointing> | undefined;
  if (!mode || mode.value === 'selective') {
    const c = selective(option?.value ?? '2');
    if (c) {
      checkpointing = option
        ? stated(
            'activation_checkpoint.selective_ac_option',
            c,
            option.range,
            `selective_ac_option ${option.value}${c.mode === 'every-n' ? `: every ${c.everyN}th layer recomputed` : ''}`,
          )
        : mode
          ? b.trace(c, 'default', 'activation_checkpoint.mode', mode.range, `selective with the default selective_ac_option "2": every 2nd layer (${src})`)
          : def(c, 'activation checkpointing "selective", selective_ac_option "2": every 2nd layer');
    } else if (option)
      b.invalid('activation_checkpoint.selective_ac_option', `expected a whole number or "op", got ${JSON.stringify(option.value)}`, option.range ?? null);
  } else if (mode.value === 'full' || mode.value === 'none') checkpointing = stated('activation_checkpoint.mode', { mode: mode.value }, mode.range);
  else
    b.problem(
      'info',
      'unmodelled-option',
      `activation_checkpoint.mode "${mode.value}" is not modelled: the memory and time take the checkpointing the memory rule chooses.`,
      t.entry('activation_checkpoint.mode')?.pos?.valueRange ?? null,
    );

  // [compile] enable since 2025-08 (the model is compiled only with "model" in components); a
  // [training] compile flag before.
  const compilePath = t.entry('compile.enable') ? 'compile.enable' : 'training.compile';
  const compileOn = bool(compilePath);
  const components = t.entry('compile.components');
  const modelLeftOut = compilePath === 'compile.enable' && Array.isArray(components?.value) && !components.value.some((c) => c === 'model');
  const compile = compileOn
    ? compileOn.value && modelLeftOut
      ? b.trace(false, 'stated', 'compile.components', components?.pos?.range, 'compile.components has no "model": only the loss is compiled')
      : stated(compilePath, compileOn.value, compileOn.range)
    : def(false, 'compile.enable false');

  const opt = str('optimizer.name');
  const optKind = opt ? OPTIMIZERS[opt.value.toLowerCase()] : undefined;
  const optimizer = opt ? (optKind ? stated('optimizer.name', optKind, opt.range) : undefined) : def<OptimizerKind>('adamw', 'optimizer.name "AdamW"');

  // Low precision: float8 or MX converters on the model ([model] converters), with their recipe.
  const conv = t.entry('model.converters');
  const names = conv ? (Array.isArray(conv.value) ? conv.value : [conv.value]).filter((c): c is string => typeof c === 'string') : [];
  const float8 = float8Linear(t);
  let lowPrecision: Traced<LowPrecisionRecipe> | undefined;
  if (names.some((c) => /(^|\.)mx$|mxfp8/i.test(c))) lowPrecision = stated('model.converters', 'mxfp8' as const, conv?.pos?.range);
  else if (float8) {
    const recipe = str('quantize.linear.float8.recipe_name') ?? str('float8.recipe_name');
    const r = recipe?.value;
    lowPrecision =
      recipe && r?.startsWith('rowwise')
        ? stated(
            t.entry('quantize.linear.float8.recipe_name') ? 'quantize.linear.float8.recipe_name' : 'float8.recipe_name',
            'fp8-rowwise' as const,
            recipe.range,
          )
        : b.trace('fp8-tensorwise' as const, 'stated', float8.path, float8.range, "float8 linear layers; no recipe_name: torchao's tensorwise dynamic scaling");
  }

  const parallel: { -readonly [K in keyof ParallelDegrees]: ParallelDegrees[K] } = {};
  let sharding: Traced<ShardingKind> | undefined;
  let schedule: Traced<PipelineSchedule> | undefined;
  let microBatch = layout?.local;
  let tpCommOverlap: Traced<boolean> | undefined;
  if (layout) {
    if (layout.dp) parallel.dp = layout.dp;
    parallel.tp = layout.tensor;
    parallel.pp = layout.pipeline;
    parallel.cp = layout.context;
    // Tensor parallelism shards the norms over the sequence (SequenceParallel in the TP plan,
    // torchtitan/models/llama3/infra/parallelize.py; parallelisms/parallelize_llama.py in 2024).
    if (layout.tensor.value > 1) parallel.sequenceParallel = def(true, 'tensor parallelism with SequenceParallel norms');
    const epPath = parallelPath(t, 'expert_parallel_degree');
    const ep = t.entry(epPath) ? t.num(epPath, 'hardware', { integer: true, min: 1, max: 1e6 }) : def(1, 'expert_parallel_degree 1');
    if (ep) parallel.ep = ep;
    // FSDP2 over the shard degree (-1: the rest of the world); HSDP when also replicated.
    const shardN = layout.shard.value === -1 && layout.dp ? layout.dp.value / layout.replicate.value : layout.shard.value;
    const reshard = str(parallelPath(t, 'fsdp_reshard_after_forward'));
    const origin = shardingOrigin(layout.shard, layout.replicate, layout.dp);
    const src = `${layout.shard.source}${layout.replicate.value > 1 ? ` × ${layout.replicate.source}` : ''}`;
    if (shardN >= 1 || layout.shard.value === -1) {
      const fsdp = titanSharding(shardN, { replicate: layout.replicate.value, cp: layout.context.value, pp: layout.pipeline.value, reshard: reshard?.value });
      sharding = b.trace(fsdp.kind, origin, src, layout.shard.range, fsdp.note);
      if (fsdp.shardGroup !== null) parallel.shardGroup = b.trace(fsdp.shardGroup, 'derived', layout.shard.source, layout.shard.range);
    }
    if (layout.pipeline.value > 1) {
      const schedPath = parallelPath(t, 'pipeline_parallel_schedule');
      const sched = str(schedPath);
      const known = sched ? PIPELINE_SCHEDULES[sched.value.toLowerCase()] : undefined;
      schedule = sched ? (known ? stated(schedPath, known, sched.range) : undefined) : def('1f1b' as const, 'pipeline_parallel_schedule "1F1B"');
      if (sched && !known)
        b.problem(
          'warning',
          'unknown-value',
          `pipeline_parallel_schedule "${sched.value}" is not a schedule Scaling Lens knows; 1F1B's bubble is assumed.`,
          t.entry(schedPath)?.pos?.valueRange ?? null,
        );
      if (schedule && isMultiStage(schedule.value)) {
        const vp = stagesPerRank(b, t, layout.pipeline.value, layers);
        if (vp) parallel.vp = vp;
      }
      if (layout.local) microBatch = pipelineMicroBatch(b, t, layout.local, layout.pipeline.value) ?? undefined;
    }
    // Async TP overlaps the tensor-parallel collectives with the matmuls, only under torch.compile (JobConfig help).
    const asyncPath = parallelPath(t, 'enable_async_tensor_parallel');
    const asyncTp = bool(asyncPath);
    if (asyncTp?.value && !compile.value)
      b.invalid(asyncPath, 'torchtitan refuses async tensor parallelism unless the model is compiled (maybe_enable_async_tp)', asyncTp.range ?? null);
    else if (asyncTp?.value && layout.tensor.value > 1)
      tpCommOverlap = stated(asyncPath, true, asyncTp.range, 'async tensor parallel: collectives overlap the matmuls');
  }
  return {
    ...(microBatch ? { microBatch } : {}),
    ...(Object.keys(parallel).length ? { parallel } : {}),
    ...(schedule ? { pipelineSchedule: schedule } : {}),
    ...(sharding ? { sharding } : {}),
    ...(checkpointing ? { checkpointing } : {}),
    ...(optimizer ? { optimizer } : {}),
    ...(lowPrecision
      ? { lowPrecision, lowPrecisionLibrary: def('torchao' as const, 'float8 and MX converters wrap torchao (torchtitan/components/quantization)') }
      : {}),
    compile,
    ...(tpCommOverlap ? { tpCommOverlap } : {}),
    flashAttention: def(true, 'SDPA with the cuDNN and flash kernels (torchtitan/models/attention.py)'),
    chunkedLoss: def(false, 'one cross_entropy over the flattened logits (torchtitan/components/loss.py)'),
  };
}

/** torchtitan before 2025 (e.g. @9dec370): the pipeline, context and async-TP keys sat under [experimental]. */
const EXPERIMENTAL_2024: ReadonlySet<string> = new Set([
  'pipeline_parallel_degree',
  'pipeline_parallel_schedule',
  'pipeline_parallel_split_points',
  'pipeline_parallel_microbatches',
  'context_parallel_degree',
  'enable_async_tensor_parallel',
]);

/**
 * Where a parallelism key sits: [parallelism] since 2025; before, the data- and tensor-parallel
 * degrees under [training] and the rest under [experimental]. A key the file states wins;
 * otherwise the place its era would hold it (for the default's message).
 */
function parallelPath(t: TomlFields, key: string): string {
  for (const section of ['parallelism', 'training', 'experimental']) if (t.entry(`${section}.${key}`) !== undefined) return `${section}.${key}`;
  return `${t.entry('parallelism') ? 'parallelism' : EXPERIMENTAL_2024.has(key) ? 'experimental' : 'training'}.${key}`;
}

/** Float8 linear layers: a float8 `[model] converters` entry (2025 on) or `[float8] enable_float8_linear = true` (2024). */
function float8Linear(t: TomlFields): { path: string; range: TomlKeyPosition['range'] | undefined } | null {
  const conv = t.entry('model.converters');
  if (conv && (Array.isArray(conv.value) ? conv.value : [conv.value]).some((c) => typeof c === 'string' && /float8/i.test(c)))
    return { path: 'model.converters', range: conv.pos?.range };
  const legacy = t.entry('float8.enable_float8_linear');
  return legacy?.value === true ? { path: 'float8.enable_float8_linear', range: legacy.pos?.range } : null;
}

/**
 * Pipeline stages per rank of a multi-stage schedule (Interleaved1F1B, LoopedBFS, the zero-bubble
 * ones): stated by `pipeline_parallel_layers_per_stage` (stages = ⌈(layers + first- and
 * last-stage weights, 1 each by default) / per stage⌉), by the split points or by
 * `module_fqns_per_model_part`; otherwise torchtitan's 2 (torchtitan/distributed/pipeline_parallel.py;
 * generate_split_points in 2024).
 */
function stagesPerRank(b: PlanBuilder, t: TomlFields, pp: number, layers: number | null): Traced<number> | undefined {
  const perStagePath = parallelPath(t, 'pipeline_parallel_layers_per_stage');
  const perStage = t.entry(perStagePath) ? t.num(perStagePath, 'hardware', { integer: true, min: 1, max: 1e6 }) : undefined;
  let stages: { n: number; path: string; range: TomlKeyPosition['range'] | undefined } | null = null;
  if (perStage && layers !== null) {
    const weight = (key: string) => {
      const v = coerceNumber(t.entry(parallelPath(t, key))?.value);
      return v !== null && Number.isInteger(v) && v >= 0 ? v : 1;
    };
    const n = stagesFromLayersPerStage(
      layers,
      perStage.value,
      weight('pipeline_parallel_first_stage_less_layers'),
      weight('pipeline_parallel_last_stage_less_layers'),
    );
    stages = { n, path: perStagePath, range: perStage.range ?? undefined };
  } else
    for (const [key, extra] of [
      ['pipeline_parallel_split_points', 1],
      ['module_fqns_per_model_part', 0],
    ] as const) {
      const e = t.entry(parallelPath(t, key));
      if (e && Array.isArray(e.value) && e.value.length > 0) {
        stages = { n: e.value.length + extra, path: parallelPath(t, key), range: e.pos?.range };
        break;
      }
    }
  if (!stages)
    return b.setupDefault(
      DEFAULT_STAGES_PER_RANK,
      `${DEFAULT_STAGES_PER_RANK} stages per rank for a multi-stage schedule (${jobSource(t) === JOB_SRC ? JOB_SRC : STAGES_SRC_2024})`,
    );
  return stagesPerRankOf(b, stages.n, pp, stages.path, stages.range ?? null);
}

/**
 * Sequences per pipeline micro-batch: the local batch is split into micro-batches of
 * `pipeline_parallel_microbatch_size` (default 1, since 2025-04) or into
 * `pipeline_parallel_microbatches` of them (before; default: the pipeline degree,
 * torchtitan@9dec370 pipeline_llama.py).
 */
function pipelineMicroBatch(b: PlanBuilder, t: TomlFields, local: Traced<number>, pp: number): Traced<number> | null {
  const sizePath = parallelPath(t, 'pipeline_parallel_microbatch_size');
  const countPath = parallelPath(t, 'pipeline_parallel_microbatches');
  const modern = t.entry(sizePath) !== undefined || (t.entry('parallelism') !== undefined && t.entry(countPath) === undefined);
  if (modern) {
    const size = t.numOr(sizePath, 'batch', 1, `${JOB}: pipeline_parallel_microbatch_size 1`, { integer: true, min: 1, max: 1e6 });
    if (!size) return null;
    if (local.value % size.value !== 0) {
      b.invalid(sizePath, `local batch ${local.value} is not a multiple of the micro-batch size ${size.value}`, t.entry(sizePath)?.pos?.valueRange ?? null);
      return null;
    }
    return b.trace(size.value, size.origin, sizePath, null, `${local.value / size.value} pipeline micro-batches of ${size.value} per step`);
  }
  const count = t.entry(countPath)
    ? t.num(countPath, 'batch', { integer: true, min: 1, max: 1e6 })
    : b.trace(pp, 'default', countPath, null, `the pipeline degree (torchtitan@9dec370 pipeline_llama.py)`);
  if (!count) return null;
  if (local.value % count.value !== 0) {
    b.invalid(countPath, `local batch ${local.value} does not split into ${count.value} pipeline micro-batches`, t.entry(countPath)?.pos?.valueRange ?? null);
    return null;
  }
  return b.trace(local.value / count.value, 'derived', countPath, null, `local batch ${local.value} in ${count.value} pipeline micro-batches`);
}

interface TomlFields {
  entry(path: string): TomlEntry | undefined;
  num(path: string, role: FieldRole, rule?: { integer?: boolean; min?: number; max?: number }): Traced<number> | undefined;
  numOr(path: string, role: FieldRole, fallback: number, note: string, rule?: { integer?: boolean; min?: number; max?: number }): Traced<number> | undefined;
  str(path: string): { value: string; range: TomlKeyPosition['range'] | undefined; valueRange: TomlKeyPosition['range'] | null } | undefined;
}

function tomlFields(b: PlanBuilder, doc: Record<string, unknown>, positions: TomlPositions): TomlFields {
  const entry = (path: string): TomlEntry | undefined => {
    let node: unknown = doc;
    for (const part of path.split('.')) {
      if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.prototype.hasOwnProperty.call(node, part)) return undefined;
      node = (node as Record<string, unknown>)[part];
    }
    return { value: node, pos: positions.get(path) };
  };
  const num: TomlFields['num'] = (path, role, rule = {}) => {
    const e = entry(path);
    if (!e) return undefined;
    const v = coerceNumber(e.value);
    const bad = (why: string) => {
      b.invalid(path, why, e.pos?.valueRange ?? null);
      return undefined;
    };
    if (v === null) return bad(`expected a number, got ${typeof e.value === 'object' ? 'a table or array' : JSON.stringify(e.value)}`);
    if (rule.integer && !Number.isInteger(v)) return bad(`expected a whole number, got ${v}`);
    if (rule.min !== undefined && v < rule.min) return bad(belowMin(rule.min, v));
    if (v > (rule.max ?? 1e15)) return bad(`${v} is implausibly large`);
    return b.stated(path, v, e.pos?.range ?? null, role);
  };
  return {
    entry,
    num,
    numOr(path, role, fallback, note, rule) {
      return entry(path) ? num(path, role, rule) : b.frameworkDefault(path, fallback, role, note);
    },
    str(path) {
      const e = entry(path);
      if (!e) return undefined;
      if (typeof e.value !== 'string') {
        b.invalid(
          path,
          `expected a string, got ${typeof e.value === 'object' ? 'a table or array' : JSON.stringify(String(e.value))}`,
          e.pos?.valueRange ?? null,
        );
        return undefined;
      }
      return { value: e.value, range: e.pos?.range, valueRange: e.pos?.valueRange ?? null };
    },
  };
}

/**
 * Sequences per optimizer step: `global_batch_size` when positive, else local batch × the
 * data-parallel degree (replicate × shard), where a shard degree of -1 is the world size over
 * the other degrees (ParallelDims). Degrees sat under [training] in 2024 versions.
 */
interface Layout {
  readonly shard: Traced<number>;
  readonly replicate: Traced<number>;
  readonly tensor: Traced<number>;
  readonly pipeline: Traced<number>;
  readonly context: Traced<number>;
  /** The data-parallel degree (replicate × shard), when the world size makes it known. */
  readonly dp?: Traced<number>;
  readonly local?: Traced<number>;
}

function globalSequences(b: PlanBuilder, t: TomlFields): { batch: Traced<number>; world?: Traced<number>; layout: Layout } | null {
  const globalBatch = t.num('training.global_batch_size', 'batch', { integer: true, min: -1 });
  if (globalBatch && globalBatch.value === 0) {
    b.invalid('training.global_batch_size', 'must be positive, or -1 for local_batch_size × data-parallel degree', globalBatch.range ?? null);
    return null;
  }
  const degree = (key: string, fallback: number): Traced<number> | undefined => {
    const path = parallelPath(t, key);
    return t.entry(path)
      ? t.num(path, 'hardware', { integer: true, min: -1, max: 1e6 })
      : b.frameworkDefault(path, fallback, 'hardware', `${JOB}: ${key} ${fallback}`);
  };
  const shardKey =
    t.entry(parallelPath(t, 'data_parallel_shard_degree')) || !t.entry(parallelPath(t, 'data_parallel_degree'))
      ? 'data_parallel_shard_degree'
      : 'data_parallel_degree';
  const shard = degree(shardKey, -1);
  const replicate = degree('data_parallel_replicate_degree', 1);
  const others = ['tensor_parallel_degree', 'pipeline_parallel_degree', 'context_parallel_degree'].map((k) => degree(k, 1));
  if (!shard || !replicate || others.some((o) => !o)) return null;
  const [tensor, pipeline, context] = others as [Traced<number>, Traced<number>, Traced<number>];
  if (globalBatch && globalBatch.value > 0) {
    // The batch is stated; the world size is known only when every degree is explicit.
    const p = shard.value > 0 ? parallelism(b, { shard, replicate, tensor, pipeline, context }) : null;
    // local_batch_size stays the micro-batch of each rank: global_batch_size only sets gradient accumulation (torchtitan train.py).
    const local = t.entry('training.local_batch_size') ? t.num('training.local_batch_size', 'batch', { integer: true, min: 1 }) : undefined;
    const layout: Layout = {
      shard,
      replicate,
      tensor,
      pipeline,
      context,
      ...(p ? { dp: b.trace(p.dp, 'derived', 'replicate × shard degree') } : {}),
      ...(local ? { local } : {}),
    };
    return p ? { batch: globalBatch, world: p.world, layout } : { batch: globalBatch, layout };
  }
  const local = t.entry('training.local_batch_size')
    ? t.num('training.local_batch_size', 'batch', { integer: true, min: 1 })
    : t.entry('training.batch_size')
      ? t.num('training.batch_size', 'batch', { integer: true, min: 1 })
      : b.frameworkDefault('training.local_batch_size', 8, 'batch', `${JOB}: local_batch_size 8`);
  if (!local) return null;
  const p = parallelism(b, { shard, replicate, tensor, pipeline, context });
  if (!p) return null;
  const how = `${local.source} ${local.value} × data-parallel ${p.dp}${shard.value === -1 ? ` (${formatInteger(p.world.value)} GPUs / tensor·pipeline·context ${p.nonDp})` : ` (replicate ${replicate.value} × shard ${shard.value})`}`;
  const batch = b.derived('global batch (sequences)', local.value * p.dp, 'batch', how, local.range, p.origin);
  const dp = b.trace(
    p.dp,
    p.origin,
    'replicate × shard degree',
    null,
    shard.value === -1 ? `${formatInteger(p.world.value)} GPUs / tensor·pipeline·context ${p.nonDp}` : `replicate ${replicate.value} × shard ${shard.value}`,
  );
  return { batch, world: p.world, layout: { shard, replicate, tensor, pipeline, context, dp, local } };
}
