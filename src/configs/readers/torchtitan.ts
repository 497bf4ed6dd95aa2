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
import { formatInteger } from '../../core/units';
import { PlanBuilder, parsePrecision, type ArchParts } from '../shared/builder';
import { notAConfig } from '../shared/notAConfig';
import { scanTomlPositions, type TomlKeyPosition } from '../shared/tomlPositions';
import { coerceNumber } from '../shared/values';
import { flavorParts, parallelism } from './torchtitanModel';
import { invalidCount } from '../shared/yamlFields';
import type { FieldRole, ReadContext, ReadResult, Reader } from '../types';

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
      doc = parse(text, { integersAsBigInt: 'asNeeded', maxDepth: 64 }) as Record<string, unknown>;
    } catch (e) {
      const line = e instanceof TomlError ? Math.max(0, e.line - 1) : 0;
      const col = e instanceof TomlError ? Math.max(0, e.column - 1) : 0;
      const message = e instanceof Error ? e.message.split('\n')[0]! : String(e);
      b.problem('error', 'parse-error', `TOML: ${message.replace(/^Invalid TOML document: /, '')}`, { startLine: line, startCol: col, endLine: line, endCol: col + 1 });
      return notAConfig(b);
    }
    const positions = scanTomlPositions(text);
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
      parts = flavorParts(b, name, flavorName, { nameRange: nameEntry?.valueRange ?? null, flavorRange: flavorEntry?.valueRange ?? null, range: flavorEntry?.range ?? null });
      if (parts && seqLen) parts.seqLen = seqLen;
    }
    const architecture = parts && invalidCount(b) === invalidBefore ? b.architecture(parts) : null;

    // Batch: sequences per optimizer step.
    const steps = t.numOr('training.steps', 'duration', 10000, `${JOB}: steps 10000`, { integer: true, min: 0 });
    const sequences = globalSequences(b, t);
    const batchTokens = sequences && seqLen
      ? b.derived('tokens per step', sequences.batch.value * seqLen.value, 'batch', `${formatInteger(sequences.batch.value)} sequences × seq_len ${formatInteger(seqLen.value)}`, sequences.batch.range, sequences.batch.origin === 'assumed' ? 'assumed' : 'derived')
      : null;
    const tokens = steps && batchTokens
      ? b.derived('training tokens', steps.value * batchTokens.value, 'duration', `steps ${formatInteger(steps.value)} × ${formatInteger(batchTokens.value)} tokens per step`, steps.range, batchTokens.origin === 'assumed' ? 'assumed' : 'derived')
      : b.trace(null, 'derived', 'training.steps', steps?.range, steps ? 'the batch is not known' : 'training.steps could not be read');

    // Precision: bf16 mixed precision by default; float8 through the model converters.
    const converters = t.entry('model.converters');
    const float8 = converters && (Array.isArray(converters.value) ? converters.value : [converters.value]).some((c) => typeof c === 'string' && /float8/i.test(c));
    const mp = t.str('training.mixed_precision_param');
    const precision = float8
      ? b.trace('fp8' as const, 'stated', 'model.converters', converters.pos?.range, 'float8 linear layers (torchao)')
      : mp && parsePrecision(mp.value)
        ? b.trace(parsePrecision(mp.value)!, 'stated', 'training.mixed_precision_param', mp.range)
        : mp
          ? null
          : b.trace('bf16' as const, 'default', `${JOB}: mixed_precision_param bfloat16`);
    const lr = t.num('optimizer.lr', 'optimizer', { min: 0 });
    // Warmup is recorded for the hover; [training] held it in 2024 versions.
    if (!t.num('lr_scheduler.warmup_steps', 'optimizer', { integer: true, min: 0 })) t.num('training.warmup_steps', 'optimizer', { integer: true, min: 0 });

    return b.finish({
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

interface TomlFields {
  entry(path: string): TomlEntry | undefined;
  num(path: string, role: FieldRole, rule?: { integer?: boolean; min?: number; max?: number }): Traced<number> | undefined;
  numOr(path: string, role: FieldRole, fallback: number, note: string, rule?: { integer?: boolean; min?: number; max?: number }): Traced<number> | undefined;
  str(path: string): { value: string; range: TomlKeyPosition['range'] | undefined; valueRange: TomlKeyPosition['range'] | null } | undefined;
}

function tomlFields(b: PlanBuilder, doc: Record<string, unknown>, positions: Map<string, TomlKeyPosition>): TomlFields {
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
    if (rule.min !== undefined && v < rule.min) return bad(`must be at least ${rule.min}, got ${v}`);
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
        b.invalid(path, `expected a string, got ${typeof e.value === 'object' ? 'a table or array' : JSON.stringify(String(e.value))}`, e.pos?.valueRange ?? null);
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
function globalSequences(b: PlanBuilder, t: TomlFields): { batch: Traced<number>; world?: Traced<number> } | null {
  const globalBatch = t.num('training.global_batch_size', 'batch', { integer: true, min: -1 });
  if (globalBatch && globalBatch.value === 0) {
    b.invalid('training.global_batch_size', 'must be positive, or -1 for local_batch_size × data-parallel degree', globalBatch.range ?? null);
    return null;
  }
  const section = t.entry('parallelism') ? 'parallelism' : 'training';
  const degree = (key: string, fallback: number): Traced<number> | undefined => {
    const path = `${section}.${key}`;
    return t.entry(path) ? t.num(path, 'hardware', { integer: true, min: -1, max: 1e6 }) : b.frameworkDefault(path, fallback, 'hardware', `${JOB}: ${key} ${fallback}`);
  };
  const shardKey = t.entry(`${section}.data_parallel_shard_degree`) || !t.entry(`${section}.data_parallel_degree`) ? 'data_parallel_shard_degree' : 'data_parallel_degree';
  const shard = degree(shardKey, -1);
  const replicate = degree('data_parallel_replicate_degree', 1);
  const others = ['tensor_parallel_degree', 'pipeline_parallel_degree', 'context_parallel_degree'].map((k) => degree(k, 1));
  if (!shard || !replicate || others.some((o) => !o)) return null;
  const [tensor, pipeline, context] = others as [Traced<number>, Traced<number>, Traced<number>];
  if (globalBatch && globalBatch.value > 0) {
    // The batch is stated; the world size is known only when every degree is explicit.
    const p = shard.value > 0 ? parallelism(b, { shard, replicate, tensor, pipeline, context }) : null;
    return p ? { batch: globalBatch, world: p.world } : { batch: globalBatch };
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
  return { batch, world: p.world };
}
