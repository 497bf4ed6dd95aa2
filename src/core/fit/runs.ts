// Finished runs from a CSV or JSON Lines file: parameters N, tokens D (or FLOPs C, D = C/6N)
// and final loss L. Column names are matched case- and punctuation-insensitively:
//
//   N: params, N, parameters, model_size ("Model Size"), n_params, num_params, …
//   D: tokens, D, training_tokens, tokens_trained, num_tokens, …
//   C: flops, C, compute, training_flop ("Training FLOP"), training_flops, …
//   L: loss, L, final_loss, val_loss, eval_loss, train_loss, val_bpb, bpb, …
//
// nanochat's scaling-law results.csv (flops_budget, depth, model_dim, params_*, num_iterations,
// tokens_trained, val_bpb, core_score, train_time_sec) is recognised: N = params_transformer +
// params_lm_head, the "scaling parameters" nanochat itself uses (base_train.py; its dev/LOG.md,
// Jan 27 2026: the cleanest scaling laws), or num_scaling_params in its older files; D =
// tokens_trained (what was trained, not the flops_budget aimed at); L = val_bpb, in bits per
// byte. core_score is an accuracy, not a loss, and is not fitted.
//
// Rows with an empty, NaN or infinite value are skipped and counted in the warnings; text that
// is not a number, and non-positive values, are errors naming the line.

import { cellNumber, findColumn, lineList, normalizeColumn, readTable, requireColumn, type TableFormat } from './table';
import { FitInputError, type Run } from './types';

export const PARAMS_ALIASES = [
  'params',
  'n',
  'parameters',
  'model_size',
  'n_params',
  'nparams',
  'num_parameters',
  'param_count',
  'model_params',
  'num_scaling_params',
  'num_params',
  'params_total',
  'total_params',
] as const;
export const TOKENS_ALIASES = [
  'tokens',
  'd',
  'training_tokens',
  'train_tokens',
  'tokens_trained',
  'num_tokens',
  'n_tokens',
  'tokens_seen',
  'dataset_size',
] as const;
export const FLOPS_ALIASES = ['flops', 'c', 'compute', 'training_flop', 'training_flops', 'train_flops', 'total_flops', 'flop'] as const;
export const LOSS_ALIASES = [
  'loss',
  'l',
  'final_loss',
  'val_loss',
  'validation_loss',
  'eval_loss',
  'valid_loss',
  'test_loss',
  'train_loss',
  'val_bpb',
  'bpb',
  'eval_bpb',
] as const;

export interface RunsOptions {
  /** Column names that override the automatic choice. */
  readonly paramsColumn?: string;
  readonly tokensColumn?: string;
  readonly flopsColumn?: string;
  readonly lossColumn?: string;
  /** Unit of the loss, overriding the one told from the column name. */
  readonly lossUnit?: string;
}

export interface RunsFile {
  readonly format: TableFormat;
  readonly runs: readonly Run[];
  /** Which columns became N, D (or C) and L, as written in the file ("a + b" for a sum). */
  readonly columns: { readonly params: string; readonly tokens: string | null; readonly flops: string | null; readonly loss: string };
  /** What the loss is, told from its column (val_bpb: bits per byte). */
  readonly lossUnit: string;
  /** Rows skipped (empty, NaN or infinite values). */
  readonly skipped: number;
  /** How the file was read (e.g. "nanochat results: N = params_transformer + params_lm_head"). */
  readonly notes: readonly string[];
  readonly warnings: readonly string[];
}

/** Unit of a loss column, by its name. */
export function lossUnitOf(column: string): string {
  const n = normalizeColumn(column);
  if (/(^|_)bpb($|_)|bits_per_byte/.test(n)) return `bits per byte ("${column}"; tokenizer-independent; × ln 2 for nats per byte)`;
  if (/(^|_)bits?($|_)/.test(n)) return `bits ("${column}")`;
  return `"${column}" as logged (cross-entropy: nats per token unless your trainer logs bits)`;
}

/** Reads runs from CSV/JSONL text. Throws FitInputError (with a line number where there is one). */
export function parseRuns(text: string, options: RunsOptions = {}): RunsFile {
  const table = readTable(text);
  const cols = table.columns;
  if (table.records.length === 0) throw new FitInputError('no runs: the file has a header but no rows');
  const notes: string[] = [];
  const norm = new Set(cols.map(normalizeColumn));
  const nanochat = norm.has('tokens_trained') && norm.has('val_bpb') && (norm.has('flops_budget') || norm.has('num_iterations'));

  // N: one column, or nanochat's transformer + lm_head sum.
  let paramsCols: string[];
  if (options.paramsColumn !== undefined) paramsCols = options.paramsColumn.split('+').map((c) => requireColumn(cols, c.trim(), 'parameters'));
  else {
    const generic = findColumn(cols, PARAMS_ALIASES.slice(0, PARAMS_ALIASES.indexOf('num_scaling_params')));
    const transformer = findColumn(cols, ['params_transformer']);
    const head = findColumn(cols, ['params_lm_head']);
    if (generic !== undefined) paramsCols = [generic];
    else if (transformer !== undefined && head !== undefined) {
      paramsCols = [transformer, head];
      notes.push(`N = ${transformer} + ${head} (nanochat's scaling parameters: transformer matrices and the output head, without the embeddings)`);
    } else {
      const other = findColumn(cols, PARAMS_ALIASES);
      if (other === undefined)
        throw new FitInputError(
          `no parameter-count column (looked for ${PARAMS_ALIASES.slice(0, 6).join(', ')}, …; columns: ${cols.join(', ')}); name one with --params-column`,
        );
      paramsCols = [other];
    }
  }

  const tokensCol =
    options.tokensColumn !== undefined
      ? requireColumn(cols, options.tokensColumn, 'tokens')
      : options.flopsColumn !== undefined
        ? undefined
        : findColumn(cols, TOKENS_ALIASES);
  const flopsCol =
    options.flopsColumn !== undefined
      ? requireColumn(cols, options.flopsColumn, 'FLOPs')
      : tokensCol === undefined
        ? findColumn(cols, FLOPS_ALIASES)
        : undefined;
  if (tokensCol === undefined && flopsCol === undefined) {
    throw new FitInputError(
      `no tokens or FLOPs column (looked for tokens, D, training_tokens, tokens_trained, flops, C, training_flop, …; columns: ${cols.join(', ')}); name one with --tokens-column or --flops-column`,
    );
  }
  if (flopsCol !== undefined) notes.push(`D = ${flopsCol} / (6 · N)`);

  const lossCol = options.lossColumn !== undefined ? requireColumn(cols, options.lossColumn, 'loss') : findColumn(cols, LOSS_ALIASES);
  if (lossCol === undefined)
    throw new FitInputError(`no loss column (looked for loss, L, final_loss, val_loss, val_bpb, …; columns: ${cols.join(', ')}); name one with --loss-column`);
  const lossUnit = options.lossUnit ?? lossUnitOf(lossCol);
  if (nanochat)
    notes.unshift(
      `nanochat results: D = ${tokensCol ?? flopsCol}, L = ${lossCol} (${normalizeColumn(lossCol) === 'val_bpb' ? 'bits per byte' : 'as logged'}); flops_budget and core_score are not fitted`,
    );

  const runs: Run[] = [];
  const skippedLines: number[] = [];
  for (const rec of table.records) {
    const read = (col: string, what: string): number | null => {
      const c = cellNumber(rec.values[col]);
      if (c.kind === 'number') return c.value;
      if (c.kind === 'text') throw new FitInputError(`line ${rec.line}: ${what} "${c.text}" in column "${col}" is not a number`);
      return null;
    };
    const ps = paramsCols.map((c) => read(c, 'parameters'));
    const tokensRaw = tokensCol !== undefined ? read(tokensCol, 'tokens') : null;
    const flopsRaw = flopsCol !== undefined ? read(flopsCol, 'FLOPs') : null;
    const loss = read(lossCol, 'loss');
    if (ps.some((p) => p === null) || loss === null || (tokensCol !== undefined ? tokensRaw === null : flopsRaw === null)) {
      skippedLines.push(rec.line);
      continue;
    }
    const params = ps.reduce((s: number, p) => s + p!, 0);
    const check = (v: number, what: string) => {
      if (v <= 0) throw new FitInputError(`line ${rec.line}: ${what} must be greater than 0 (got ${v})`);
    };
    check(params, `parameters (${paramsCols.join(' + ')})`);
    check(loss, `loss (${lossCol})`);
    let tokens: number;
    let flops: number;
    if (tokensRaw !== null) {
      check(tokensRaw, `tokens (${tokensCol})`);
      tokens = tokensRaw;
      flops = 6 * params * tokens;
    } else {
      check(flopsRaw!, `FLOPs (${flopsCol})`);
      flops = flopsRaw!;
      tokens = flops / (6 * params);
    }
    runs.push({ params, tokens, loss, flops, line: rec.line });
  }
  const warnings: string[] = [];
  if (skippedLines.length > 0)
    warnings.push(
      `skipped ${skippedLines.length} row${skippedLines.length === 1 ? '' : 's'} with an empty or non-finite (nan, inf) value (line${skippedLines.length === 1 ? '' : 's'} ${lineList(skippedLines)})`,
    );
  if (runs.length === 0) throw new FitInputError(`no usable runs: all ${table.records.length} rows have an empty or non-finite (nan, inf) value`);
  return {
    format: table.format,
    runs,
    columns: { params: paramsCols.join(' + '), tokens: tokensCol ?? null, flops: flopsCol ?? null, loss: lossCol },
    lossUnit,
    skipped: skippedLines.length,
    notes,
    warnings,
  };
}

/** The runs without the k highest losses (Besiroglu et al. drop 5 of the 245 Chinchilla points). */
export function dropHighestLoss(runs: readonly Run[], k: number): Run[] {
  if (k <= 0) return [...runs];
  const cutoff = [...runs].sort((a, b) => b.loss - a.loss).slice(0, k);
  const drop = new Set(cutoff);
  return runs.filter((r) => !drop.has(r));
}
