// torchtitan TOML train configs (config-formats.md §2.4; the format until the 2026-02 move to
// Python registries). The architecture is a flavor (`[model] name` + `flavor`) looked up in
// registry/torchtitan.ts; the batch is `local_batch_size` per data-parallel rank unless
// `global_batch_size` is set, and the data-parallel degree depends on the world size, which
// the file does not state (`data_parallel_shard_degree = -1` takes the rest of it).
//
// Defaults: torchtitan JobConfig (torchtitan/config/job_config.py `Training`, `Parallelism`,
// `Model`): local_batch_size 8, global_batch_size -1, seq_len 2048, steps 10000,
// mixed_precision_param bfloat16, data_parallel_shard_degree -1, other degrees 1,
// model name "llama3", flavor "debugmodel".

import { parse, TomlError } from 'smol-toml';
import type { Traced } from '../../core/plan';
import { formatInteger } from '../../core/units';
import { findTorchtitanFlavor, TORCHTITAN_DEFAULT_VOCAB, TORCHTITAN_MODELS, torchtitanFfnDim } from '../registry/torchtitan';
import { PlanBuilder, parsePrecision, type ArchParts } from '../shared/builder';
import { notAConfig } from '../shared/notAConfig';
import { scanTomlPositions, type TomlKeyPosition } from '../shared/tomlPositions';
import { coerceNumber } from '../shared/values';
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

    const found = findTorchtitanFlavor(name, flavorName);
    let parts: ArchParts | null = null;
    if (invalidCount(b) !== invalidBefore) {
      // Something stated was unreadable (reported at its line): count nothing rather than guess.
    } else if (!Object.prototype.hasOwnProperty.call(TORCHTITAN_MODELS, name)) {
      b.problem('warning', 'unknown-model', `torchtitan model "${name}" is not in Scaling Lens's flavor table (known: ${Object.keys(TORCHTITAN_MODELS).join(', ')}), so its parameters cannot be counted.`, nameEntry?.valueRange ?? null);
    } else if (!found) {
      b.problem('warning', 'unknown-model', `torchtitan ${name} flavor "${flavorName}" is not in Scaling Lens's flavor table (known: ${Object.keys(TORCHTITAN_MODELS[name]!).join(', ')}).`, flavorEntry?.valueRange ?? null);
    } else {
      const fl = found.flavor;
      const src = `torchtitan ${name} flavor ${found.base}`;
      const range = flavorEntry?.range ?? null;
      const def = <T>(value: T, note?: string) => b.trace(value, 'default', src, range, note);
      const ffn = torchtitanFfnDim(fl.dim, fl.multipleOf, fl.ffnDimMultiplier);
      parts = {
        layers: def(fl.nLayers),
        dModel: def(fl.dim),
        heads: def(fl.nHeads),
        kvHeads: def(fl.nKvHeads ?? fl.nHeads),
        ffn: def(ffn, `int(2·4·${fl.dim}/3)${fl.ffnDimMultiplier !== undefined ? ` × ffn_dim_multiplier ${fl.ffnDimMultiplier}` : ''}, rounded up to multiple_of ${fl.multipleOf}`),
        mlp: def('glu' as const),
        vocab: def(fl.vocabSize ?? TORCHTITAN_DEFAULT_VOCAB, fl.vocabSize === undefined ? `TransformerModelArgs default vocab_size ${TORCHTITAN_DEFAULT_VOCAB} (the Llama 3 tokenizer)` : undefined),
        positions: def('rotary' as const),
        norm: def('rmsnorm' as const),
        linearBias: def(false),
        tiedEmbeddings: def(false),
        ...(seqLen ? { seqLen } : {}),
      };
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
  if (globalBatch && globalBatch.value > 0) return { batch: globalBatch };
  if (globalBatch && globalBatch.value === 0) {
    b.invalid('training.global_batch_size', 'must be positive, or -1 for local_batch_size × data-parallel degree', globalBatch.range ?? null);
    return null;
  }
  const local = t.entry('training.local_batch_size')
    ? t.num('training.local_batch_size', 'batch', { integer: true, min: 1 })
    : t.entry('training.batch_size')
      ? t.num('training.batch_size', 'batch', { integer: true, min: 1 })
      : b.frameworkDefault('training.local_batch_size', 8, 'batch', `${JOB}: local_batch_size 8`);
  if (!local) return null;

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
  for (const d of [replicate, ...others] as Traced<number>[]) {
    if (d.value < 1) {
      b.invalid(d.source, 'only data_parallel_shard_degree may be -1 (the rest of the world); the other degrees must be at least 1', d.range ?? null);
      return null;
    }
  }
  if (shard.value === 0) {
    b.invalid(shard.source, 'must be at least 1, or -1 for the rest of the world size', shard.range ?? null);
    return null;
  }
  const nonDp = (others as Traced<number>[]).reduce((p, d) => p * d.value, 1);
  let shardValue = shard.value;
  let world: Traced<number> | undefined;
  let origin: 'derived' | 'assumed' = 'derived';
  if (shardValue === -1) {
    world = b.requireGpuCount('With data_parallel_shard_degree -1 the data-parallel degree, and so the batch, is the world size over the other degrees.');
    const rest = replicate.value * nonDp;
    if (world.value % rest !== 0 || world.value < rest) {
      b.problem('error', 'inconsistent-value', `${formatInteger(world.value)} GPUs cannot be split into data_parallel_replicate × tensor × pipeline × context = ${rest}; torchtitan requires the world size to be a multiple of it.`, shard.range ?? null);
      return null;
    }
    shardValue = world.value / rest;
    if (world.origin === 'assumed') origin = 'assumed';
  }
  const dp = replicate.value * shardValue;
  const how = `${local.source} ${local.value} × data-parallel ${dp}${world ? ` (${formatInteger(world.value)} GPUs / tensor·pipeline·context ${nonDp})` : ` (replicate ${replicate.value} × shard ${shardValue})`}`;
  const batch = b.derived('global batch (sequences)', local.value * dp, 'batch', how, local.range, origin);
  return world ? { batch, world } : { batch };
}
