// scaling-lens estimate FILE... [--entry NAME] [--hub [--hub-endpoint URL]] [--json] [--gpu ID] [--gpus N] [--mfu X] [--price USD] [--law ID] [--flops-convention C]

import { analysedRuns, analyze } from '../../configs/analyze';
import { MAX_CONFIG_BYTES, type HardwareHints, type Problem, type ReadResult } from '../../configs/index';
import {
  costUnknownReason,
  FLOP_CONVENTIONS,
  formatInteger,
  MEMORY_TERM_KEYS,
  type Estimate,
  type FlopConvention,
  type MemoryTermKey,
  type ScalingLaw,
} from '../../core/index';
import { formatBytes, formatGiB, formatMemoryHint, formatShare } from '../../format/index';
import type { FileResolution } from '../../configs/resolve/referencedFiles';
import type { ModelResolution } from '../../configs/resolve/modelResolver';
import * as args from '../args';
import { ESTIMATE } from '../spec';
import { CliError } from '../errors';
import { readInputFile } from '../files';
import * as fmt from '../format';
import { runJson, runLine, type RunValueJson } from '../runSetup';

export interface EstimateJson {
  file: string;
  /** The function of a multi-run file (torchtitan config_registry.py) this estimate is for. */
  entry?: string;
  format: string;
  params: { total: number | null; nonEmbedding: number | null; active: number | null };
  tokens: number | null;
  /** Whether `tokens` is the run's count or an upper bound; null when the tokens are unknown. */
  tokensBound: 'exact' | 'upper' | null;
  /** Why the tokens are unknown (the same words as the text summary); present only then. */
  tokensReason?: string;
  tokensPerParam: number | null;
  flops: number | null;
  flopsPerToken: number | null;
  flopsConvention: FlopConvention;
  loss: { law: string; value: number | null; unit: string; reason?: string };
  optimal: { params: number; tokens: number; loss: number } | null;
  /** A run from trained weights or with a fine-tuning method: its stage, method and exact trainable parameters. */
  fineTune?: {
    stage: string | null;
    method: string | null;
    trainable: number | null;
    trainableNote: string;
    flopsNote: string | null;
    flopsTerms: ReadonlyArray<{ key: string; flopsPerToken: number; effect: string; formula: string; origin: string; source: string }>;
  };
  hardware: { gpu: string; count: number; mfu: number };
  gpuHours: number | null;
  wallClockHours: number | null;
  costUsd: number | null;
  /** The run setup and kind (parallel degrees, micro-batch, sharding …), each with its origin. */
  run: Record<string, RunValueJson>;
  assumptions: Array<{ field: string; value: number | string | boolean | null; origin: string; note: string }>;
  warnings: string[];
  /** Peak per GPU of a training step (GiB = 2^30 bytes); null with memoryReason when unknown. */
  memory: MemoryJson | null;
  memoryReason?: string;
  inference: {
    kvCacheBytesPerToken: number;
    /** Null when the weights alone do not fit one GPU (weightsFitOneGpu false). */
    maxTokensInCache: number | null;
    weightsFitOneGpu: boolean;
    decodeTokensPerSecUpperBound: number;
    contextTokens: number;
    servingBytesPerElement: number;
  } | null;
  /** Null when no FLOPs are known. */
  throughput: {
    source: 'model' | 'tokens-per-sec' | 'mfu';
    tokensPerSecPerGpu: number;
    mfu: number;
    hfu: number | null;
    stepSeconds: number | null;
    clusterEfficiency: number;
    /** Seconds per step on one GPU (model only). */
    breakdown: {
      compute: number;
      recompute: number;
      bubble: number;
      exposedComm: number;
      terms: Array<{ id: string; seconds: number; formula: string }>;
    } | null;
    note: string;
  } | null;
}

export interface MemoryJson {
  perGpuGiB: number;
  capacityGiB: number;
  fits: boolean;
  /** The micro-batch was not stated (1 assumed): the peak is at least perGpuGiB. */
  lowerBound: boolean;
  breakdown: Record<MemoryTermKey, number>;
  assumptions: Array<{ field: string; value: number | string | boolean | null; origin: string; note: string }>;
  remedies: Array<{ change: string; perGpuGiB: number; fits: boolean }>;
}

const GIB = 2 ** 30;
const gib = (bytes: number) => Math.round((bytes / GIB) * 1000) / 1000;

function memoryJson(e: Estimate): MemoryJson | null {
  const m = e.memory;
  if (!m) return null;
  const breakdown = Object.fromEntries(MEMORY_TERM_KEYS.map((k) => [k, gib(m.breakdown[k])])) as Record<MemoryTermKey, number>;
  return {
    perGpuGiB: gib(m.perGpuBytes),
    capacityGiB: gib(m.capacityBytes),
    fits: m.fits,
    lowerBound: m.lowerBound,
    breakdown,
    assumptions: m.assumptions.map((a) => ({ field: a.field, value: a.value, origin: a.origin, note: a.note })),
    remedies: m.remedies.map((r) => ({ change: r.label, perGpuGiB: gib(r.perGpuBytes), fits: r.fits })),
  };
}

const at = (p: Problem) => (p.range ? `line ${p.range.startLine + 1}: ` : '');

export function toJson(file: string, r: ReadResult, e: Estimate, entry?: string): EstimateJson {
  return {
    file,
    ...(entry !== undefined ? { entry } : {}),
    format: r.format,
    params: { total: e.params.total, nonEmbedding: e.params.nonEmbedding, active: e.params.active },
    tokens: e.tokens,
    tokensBound: e.tokens === null ? null : e.tokensBound,
    ...(e.tokens === null ? { tokensReason: r.plan.tokens.note ?? 'not derivable from the config' } : {}),
    tokensPerParam: e.tokensPerParam,
    flops: e.flops.total,
    flopsPerToken: e.flops.perToken,
    flopsConvention: e.flops.convention,
    loss: { law: e.loss.law, value: e.loss.value, unit: e.loss.unit, ...(e.loss.reason !== null ? { reason: e.loss.reason } : {}) },
    optimal: e.optimal && { params: e.optimal.params, tokens: e.optimal.tokens, loss: e.optimal.loss },
    ...(e.fineTune
      ? {
          fineTune: {
            stage: e.fineTune.stage,
            method: e.fineTune.method,
            trainable: e.fineTune.trainable,
            trainableNote: e.fineTune.trainableNote,
            flopsNote: e.fineTune.flopsNote,
            flopsTerms: e.fineTune.flopsTerms,
          },
        }
      : {}),
    hardware: { gpu: e.hardware.gpu, count: e.hardware.count, mfu: e.hardware.mfu },
    throughput: e.throughput && {
      source: e.throughput.source,
      tokensPerSecPerGpu: e.throughput.tokensPerSecPerGpu,
      mfu: e.throughput.mfu,
      hfu: e.throughput.hfu,
      stepSeconds: e.throughput.stepSeconds,
      clusterEfficiency: e.throughput.clusterEfficiency,
      breakdown: e.throughput.breakdown && {
        ...e.throughput.breakdown,
        terms: e.throughput.terms.map((t) => ({ id: t.id, seconds: t.seconds, formula: t.formula })),
      },
      note: e.throughput.note,
    },
    gpuHours: e.gpuHours,
    wallClockHours: e.wallClockHours,
    costUsd: e.costUsd,
    run: runJson(r.plan),
    assumptions: e.assumptions.map((a) => ({ field: a.field, value: a.value, origin: a.origin, note: a.note })),
    warnings: [...r.problems.filter((p) => p.severity !== 'error').map((p) => `${at(p)}${p.message}`), ...e.warnings.map((w) => w.message)],
    memory: memoryJson(e),
    ...(e.memoryReason ? { memoryReason: e.memoryReason } : {}),
    inference: e.inference
      ? {
          kvCacheBytesPerToken: e.inference.kvCacheBytesPerToken,
          maxTokensInCache: e.inference.maxTokensInCache,
          weightsFitOneGpu: e.inference.maxTokensInCache !== null,
          decodeTokensPerSecUpperBound: e.inference.decodeTokensPerSecUpperBound,
          contextTokens: e.inference.contextTokens,
          servingBytesPerElement: e.inference.bytesPerElement,
        }
      : null,
  };
}

/** `kind  sft, lora` and `trainable  41.9M (41,943,040) of 8.03B, 0.52%: rank 16 on …` for a fine-tune. */
function fineTuneRows(e: Estimate): Array<[string, string]> {
  const ft = e.fineTune;
  if (!ft) return [];
  // Two significant figures: a LoRA share is 0.52%, not 1%; a full fine-tune 100%, not 1.0e+2%.
  const share = ft.trainable !== null && e.params.total ? ` of ${fmt.qty(e.params.total)}, ${formatShare(ft.trainable, e.params.total)}` : '';
  return [
    ['kind', [ft.stage ?? (ft.fromTrainedWeights ? 'from trained weights' : null), ft.method].filter(Boolean).join(', ')],
    ['trainable', ft.trainable === null ? `unknown: ${ft.trainableNote}` : `${fmt.count(ft.trainable)}${share}: ${ft.trainableNote}`],
  ];
}

/** The memory and serving rows of the text summary, and the memory detail printed under the table. */
function memorySection(e: Estimate): { rows: Array<[string, string]>; detail: string[] } {
  const m = e.memory;
  const rows: Array<[string, string]> = [];
  const detail: string[] = [];
  if (!m) rows.push(['memory/GPU', `unknown${e.memoryReason ? `: ${e.memoryReason}` : ''}`]);
  else {
    rows.push([
      'memory/GPU',
      `${formatMemoryHint(m)} (${fmt.percent(m.fraction)} of ${m.gpu}; peak of a training step${m.stage !== 'only' ? `, ${m.stage} pipeline stage` : ''})`,
    ]);
    detail.push('  memory per GPU:');
    const width = Math.max(...m.terms.map((t) => t.key.length));
    for (const t of m.terms) detail.push(`    ${t.key.padEnd(width)}  ${formatGiB(t.bytes).padStart(9)}  ${t.formula}`);
    if (m.remedies.length) detail.push('  to fit:', ...m.remedies.map((r) => `    ${r.label} → ${formatGiB(r.perGpuBytes)}${r.fits ? ' ✓' : ''}`));
    if (m.assumptions.length)
      detail.push('  memory assumptions:', ...m.assumptions.map((a) => `    ${a.field.replace(/^memory\./, '')} = ${String(a.value)}: ${a.note}`));
  }
  const inf = e.inference;
  if (inf) {
    const fit =
      inf.maxTokensInCache !== null
        ? `${formatInteger(inf.maxTokensInCache)} tokens of cache fit beside ${formatGiB(inf.weightsBytes)} of weights`
        : `the ${formatGiB(inf.weightsBytes)} of weights alone do not fit one GPU`;
    rows.push([
      'serving',
      `KV cache ${formatBytes(inf.kvCacheBytesPerToken)}/token (${inf.kvFormula}); ${fit}; decode ≤ ${formatInteger(Math.floor(inf.decodeTokensPerSecUpperBound))} tokens/s at batch 1 with ${formatInteger(inf.contextTokens)} tokens of context (${inf.bandwidthGBs} GB/s ÷ bytes read per token)`,
    ]);
  }
  return { rows, detail };
}

function throughputRows(e: Estimate): Array<[string, string]> {
  const t = e.throughput;
  if (!t) return [];
  const rate = `${fmt.qty(t.tokensPerSecPerGpu)} tokens/s/GPU · MFU ${fmt.percent(t.mfu)}${t.hfu !== null && Math.abs(t.hfu - t.mfu) > 1e-9 ? ` · HFU ${fmt.percent(t.hfu)}` : ''}`;
  if (t.source !== 'model') return [['throughput', `${rate} (${t.note})`]];
  const b = t.breakdown!;
  const step = t.stepSeconds!;
  const pct = (x: number) => `${Math.round((100 * x) / step)}%`;
  return [
    ['throughput', `${rate} (predicted; GPU-hours ÷ ${t.clusterEfficiency} cluster efficiency)`],
    [
      'step',
      `${fmt.qty(step)} s: compute ${pct(b.compute)}, recompute ${pct(b.recompute)}, bubble ${pct(b.bubble)}, exposed communication ${pct(b.exposedComm)}`,
    ],
  ];
}

function summary(file: string, r: ReadResult, e: Estimate, entry?: string): string {
  const tokenNote = r.plan.tokens.value === null ? ` (${r.plan.tokens.note ?? 'not derivable'})` : r.plan.tokens.note ? ` = ${r.plan.tokens.note}` : '';
  const rows: Array<[string, string]> = [
    [
      'parameters',
      e.params.total === null
        ? 'unknown'
        : `${fmt.count(e.params.total)} total · ${fmt.qty(e.params.nonEmbedding)} non-embedding${e.params.active !== e.params.total ? ` · ${fmt.qty(e.params.active)} active` : ''}`,
    ],
    ...fineTuneRows(e),
    ['tokens', `${e.tokens === null ? 'unknown' : `${e.tokensBound === 'upper' ? '≤ ' : ''}${fmt.qty(e.tokens)} (${formatInteger(e.tokens)})`}${tokenNote}`],
    ['tokens/param', fmt.ratio(e.tokensPerParam)],
    ['FLOPs', `${fmt.flops(e.flops.total)} (${FLOP_CONVENTIONS[e.flops.convention].name}); 6ND ${fmt.flops(e.flops.sixND)}`],
    [
      'loss',
      e.loss.value === null
        ? e.loss.reason !== null
          ? `none (${e.loss.law}): ${e.loss.reason}`
          : 'unknown'
        : `${fmt.loss(e.loss.value)} ${e.loss.unit} (${e.loss.law})`,
    ],
    [
      'compute-optimal',
      e.optimal
        ? `${fmt.qty(e.optimal.params)} params on ${fmt.qty(e.optimal.tokens)} tokens: loss ${fmt.loss(e.optimal.loss)} (same 6ND budget)`
        : e.fineTune?.fromTrainedWeights
          ? 'not applicable: the run starts from trained weights'
          : 'unknown',
    ],
    ['hardware', `${e.hardware.count} × ${e.hardware.gpu} @ ${fmt.percent(e.hardware.mfu)} MFU, ${e.hardware.precision.toUpperCase()}`],
    ...throughputRows(e),
    ['GPU-hours', fmt.gpuHours(e.gpuHours)],
    ['wall clock', fmt.wallClock(e.wallClockHours, e.hardware.count)],
    ['cost', e.costUsd === null ? `unknown: ${costUnknownReason(e)}` : `${fmt.dollars(e.costUsd)} at ${fmt.dollars(e.hardware.pricePerHour)}/GPU-h`],
  ];
  const run = runLine(r.plan);
  if (run) rows.push(['run', run]);
  const mem = memorySection(e);
  const lines = [`${file}${entry !== undefined ? ` ${entry}()` : ''}  (${r.formatName})`, fmt.table([...rows, ...mem.rows], '  '), ...mem.detail];
  const assumptions = e.assumptions;
  if (assumptions.length)
    lines.push('  assumptions:', ...assumptions.map((a) => `    ${a.field} = ${a.value === null ? 'unknown' : String(a.value)}: ${a.note}`));
  const warnings = toJson(file, r, e).warnings;
  if (warnings.length) lines.push('  warnings:', ...warnings.map((w) => `    ${w}`));
  return lines.join('\n');
}

/**
 * `models`: per file, what resolveModels() found for the models it names that Scaling Lens's
 * table lacks (local path, Hugging Face cache, Hub); absent, such models stay unknown.
 */
export function estimateFiles(
  argv: string[],
  law: (values: args.Options) => ScalingLaw | undefined = args.law,
  models?: ReadonlyMap<string, ReadonlyMap<string, ModelResolution>>,
  files?: ReadonlyMap<string, ReadonlyMap<string, FileResolution>>,
): { output: string; errors: string[]; unresolved: Map<string, string[]>; unresolvedFiles: Map<string, string[]> } {
  const { values, positionals } = args.parseCommand(argv, ESTIMATE);
  const entryName = typeof values.entry === 'string' ? values.entry : undefined;
  if (positionals.length === 0) throw new CliError('estimate needs at least one FILE');
  const conventionRaw = values['flops-convention'];
  if (conventionRaw !== undefined && !(typeof conventionRaw === 'string' && Object.hasOwn(FLOP_CONVENTIONS, conventionRaw))) {
    throw new CliError(`--flops-convention must be one of ${Object.keys(FLOP_CONVENTIONS).join(', ')}`);
  }
  const convention = conventionRaw as FlopConvention | undefined;
  const gpu = args.gpu(values);
  const gpus = args.quantity(values, 'gpus', { integer: true, min: 1, max: 10_000_000 });
  const mfu = args.mfu(values);
  const clusterEfficiency = args.clusterEfficiency(values);
  const price = args.quantity(values, 'price', { min: 0 });
  const chosenLaw = law(values);
  const run = args.runHints(values);
  const overrides: HardwareHints = {
    ...(run ? { run } : {}),
    ...(gpu ? { gpu: gpu.id } : {}),
    ...(gpus !== undefined ? { gpus } : {}),
    ...(mfu !== undefined ? { mfu } : {}),
    ...(clusterEfficiency !== undefined ? { clusterEfficiency } : {}),
    ...(price !== undefined ? { price } : {}),
  };

  const results: Array<{ file: string; r: ReadResult; e: Estimate; entry?: string }> = [];
  /** Per file, the models it names that neither the table nor `models` knows (what runAsync looks up). */
  const unresolved = new Map<string, string[]>();
  /** Per file, the files it points at (a DeepSpeed JSON) that `files` does not carry. */
  const unresolvedFiles = new Map<string, string[]>();
  const errors: string[] = [];
  for (const file of positionals) {
    try {
      const text = readInputFile(file, MAX_CONFIG_BYTES, 'a training config');
      const fileModels = models?.get(file);
      const referenced = files?.get(file);
      const a = analyze(text, file, {
        ctx: { overrides, ...(fileModels ? { models: fileModels } : {}), ...(referenced ? { files: referenced } : {}) },
        ...(chosenLaw ? { law: chosenLaw } : {}),
        ...(convention ? { convention } : {}),
      });
      if (!a.ok) {
        errors.push(`${file}: ${a.problem.message}`);
        continue;
      }
      const ids = a.result.unresolvedModels?.map((u) => u.id) ?? [];
      if (ids.length) unresolved.set(file, ids);
      const paths = a.result.unresolvedFiles?.map((u) => u.path) ?? [];
      if (paths.length) unresolvedFiles.set(file, paths);
      // A file of several runs (one function each): every entry, or the one --entry names.
      const all = analysedRuns(a, { ...(chosenLaw ? { law: chosenLaw } : {}), ...(convention ? { convention } : {}) });
      if (entryName !== undefined && !all.some((x) => x.entry !== undefined)) {
        errors.push(`${file}: --entry applies to files of several runs (torchtitan config_registry.py); this ${a.result.formatName} config has one`);
        continue;
      }
      const chosen = entryName === undefined ? all : all.filter((x) => x.entry === entryName);
      if (chosen.length === 0) {
        errors.push(`${file}: no entry "${entryName}" (entries: ${all.map((x) => x.entry).join(', ')})`);
        continue;
      }
      const runs = chosen.map((x) => ({ r: x.result, e: x.estimate, ...(x.entry !== undefined ? { entry: x.entry } : {}) }));
      for (const run of runs) {
        // Impossible values are refused, not estimated around: a CI check must not pass on them.
        const firstError = run.r.problems.find((p) => p.severity === 'error');
        if (firstError) {
          const where = firstError.range ? `${file}:${firstError.range.startLine + 1}:${firstError.range.startCol + 1}` : file;
          errors.push(`${where}${run.entry !== undefined ? ` (${run.entry})` : ''}: ${firstError.message}`);
          continue;
        }
        results.push({ file, ...run });
      }
    } catch (e) {
      if (e instanceof CliError) errors.push(e.message);
      else throw e;
    }
  }
  let output: string;
  if (values.json) {
    const objs = results.map(({ file, r, e, entry }) => toJson(file, r, e, entry));
    output = results.length === 0 ? '' : fmt.json(results.length === 1 && positionals.length === 1 ? objs[0] : objs);
  } else {
    output = results.map(({ file, r, e, entry }) => summary(file, r, e, entry)).join('\n\n');
  }
  return { output, errors, unresolved, unresolvedFiles };
}
