// Training logs: loss against step or tokens, from
//   - CSV or JSON Lines with columns like step/iter/global_step, tokens/num_input_tokens_seen,
//     loss/train_loss/train/loss/val_loss (also Hugging Face trainer_state.json: its log_history);
//   - a TensorBoard scalar CSV export: Wall time, Step, Value;
//   - a Weights & Biases chart CSV export: Step, "<run> - train/loss", with "__MIN"/"__MAX"
//     companions (ignored) and empty cells where a metric was not logged at that step.
// Rows without the loss (other metrics logged on their own lines, sparse W&B cells) are left
// out quietly; NaN or infinite losses are left out with a warning (a diverged run says so).

import { lossUnitOf } from './runs';
import { cellNumber, findColumn, lineList, normalizeColumn, readTable, requireColumn, type TableFormat } from './table';
import { FitInputError } from './types';

export interface LogPoint {
  readonly step: number | null;
  readonly tokens: number | null;
  readonly loss: number;
  readonly line: number;
}

export interface TrainingLog {
  readonly format: TableFormat | 'tensorboard' | 'wandb';
  /** In file order. */
  readonly points: readonly LogPoint[];
  readonly columns: { readonly step: string | null; readonly tokens: string | null; readonly loss: string };
  readonly lossUnit: string;
  /** Rows left out: no loss in them, or a non-finite one. */
  readonly skipped: number;
  readonly notes: readonly string[];
  readonly warnings: readonly string[];
}

export interface LogOptions {
  readonly stepColumn?: string;
  readonly tokensColumn?: string;
  readonly lossColumn?: string;
}

export const STEP_ALIASES = [
  'step',
  'steps',
  'global_step',
  'trainer_global_step',
  'train_global_step',
  'iter',
  'iteration',
  'iterations',
  'it',
  'num_steps',
] as const;
export const LOG_TOKENS_ALIASES = [
  'tokens',
  'tokens_seen',
  'num_tokens',
  'num_input_tokens_seen',
  'consumed_tokens',
  'train_tokens',
  'total_tokens',
  'tokens_trained',
  'seen_tokens',
  'train_tokens_seen',
  'trainer_tokens_seen',
  'throughput_tokens',
] as const;
export const LOG_LOSS_ALIASES = [
  'loss',
  'train_loss',
  'training_loss',
  'train_lm_loss',
  'lm_loss',
  'loss_train',
  'train_ce_loss',
  'ce_loss',
  'train_loss_avg',
  'train_loss_step',
  'value',
  'val_loss',
  'validation_loss',
  'eval_loss',
  'valid_loss',
  'val_bpb',
  'bpb',
  'train_bpb',
] as const;

/** Columns that contain "loss" but are not one: fp16 loss scale, MoE auxiliary terms. */
const NOT_A_LOSS = /scale|aux|z_loss|router|balanc|_min$|_max$|_std$|grad/;

const WANDB_SUFFIX = /__(MIN|MAX)$/;

function pickLoss(cols: readonly string[], metricOf: (c: string) => string): string | undefined {
  const byMetric = new Map<string, string>();
  for (const c of cols) {
    const m = normalizeColumn(metricOf(c));
    if (!byMetric.has(m)) byMetric.set(m, c);
  }
  for (const a of LOG_LOSS_ALIASES) {
    const hit = byMetric.get(a);
    if (hit !== undefined) return hit;
  }
  return cols.find((c) => {
    const m = normalizeColumn(metricOf(c));
    return /loss|bpb/.test(m) && !NOT_A_LOSS.test(m);
  });
}

export function parseTrainingLog(text: string, options: LogOptions = {}): TrainingLog {
  const table = readTable(text);
  const cols = table.columns;
  if (table.records.length === 0) throw new FitInputError('the log has a header but no rows');
  const notes: string[] = [];
  const warnings: string[] = [];
  const norm = cols.map(normalizeColumn);
  let format: TrainingLog['format'] = table.format;
  if (table.format === 'csv' && norm.length === 3 && norm[0] === 'wall_time' && norm[1] === 'step' && norm[2] === 'value') format = 'tensorboard';
  const wandb = table.format === 'csv' && cols.some((c) => / - .+/.test(c)) && (cols.some((c) => WANDB_SUFFIX.test(c)) || norm.includes('step'));
  if (wandb) format = 'wandb';

  // W&B: "<run> - <metric>" columns; the metric is what names the quantity.
  const metricOf = (c: string) => (wandb && c.includes(' - ') ? c.slice(c.lastIndexOf(' - ') + 3) : c);
  const dataCols = wandb ? cols.filter((c) => !WANDB_SUFFIX.test(c) && !/__step$/i.test(c)) : cols;

  const findBy = (aliases: readonly string[]) => {
    const direct = findColumn(dataCols, aliases);
    if (direct !== undefined || !wandb) return direct;
    const byMetric = dataCols.find((c) => aliases.includes(normalizeColumn(metricOf(c))));
    return byMetric;
  };
  const stepCol = options.stepColumn !== undefined ? requireColumn(cols, options.stepColumn, 'step') : findBy(STEP_ALIASES);
  const tokensCol = options.tokensColumn !== undefined ? requireColumn(cols, options.tokensColumn, 'tokens') : findBy(LOG_TOKENS_ALIASES);
  const lossCandidates = dataCols.filter((c) => c !== stepCol && c !== tokensCol);
  const lossCol = options.lossColumn !== undefined ? requireColumn(cols, options.lossColumn, 'loss') : pickLoss(lossCandidates, metricOf);
  if (lossCol === undefined)
    throw new FitInputError(
      `no loss column in the log (looked for loss, train_loss, train/loss, val_loss, Value, …; columns: ${cols.join(', ')}); name one with --loss-column`,
    );
  if (stepCol === undefined && tokensCol === undefined)
    throw new FitInputError(
      `no step or tokens column in the log (looked for step, iter, global_step, tokens, num_input_tokens_seen, …; columns: ${cols.join(', ')})`,
    );
  if (wandb && options.lossColumn === undefined) {
    const others = lossCandidates.filter((c) => c !== lossCol && normalizeColumn(metricOf(c)) === normalizeColumn(metricOf(lossCol)));
    if (others.length > 0)
      warnings.push(`the export has ${others.length + 1} runs with ${metricOf(lossCol)}; using "${lossCol}" (choose another with --loss-column)`);
  }
  if (format === 'tensorboard') notes.push('TensorBoard scalar export: Step and Value');
  if (format === 'wandb') notes.push(`W&B export: loss from "${lossCol}"`);

  const points: LogPoint[] = [];
  const nonFinite: number[] = [];
  let missing = 0;
  for (const rec of table.records) {
    const l = cellNumber(rec.values[lossCol]);
    if (l.kind === 'missing') {
      missing++;
      continue;
    }
    if (l.kind === 'non-finite') {
      nonFinite.push(rec.line);
      continue;
    }
    if (l.kind === 'text') throw new FitInputError(`line ${rec.line}: loss "${l.text}" in column "${lossCol}" is not a number`);
    const num = (col: string | undefined, what: string): number | null => {
      if (col === undefined) return null;
      const c = cellNumber(rec.values[col]);
      if (c.kind === 'text') throw new FitInputError(`line ${rec.line}: ${what} "${c.text}" in column "${col}" is not a number`);
      return c.kind === 'number' ? c.value : null;
    };
    const step = num(stepCol, 'step');
    const tokens = num(tokensCol, 'tokens');
    if (step === null && tokens === null) {
      missing++;
      continue;
    }
    points.push({ step, tokens, loss: l.value, line: rec.line });
  }
  if (nonFinite.length > 0)
    warnings.push(
      `${nonFinite.length} row${nonFinite.length === 1 ? ' has' : 's have'} a non-finite loss (nan, inf) (line${nonFinite.length === 1 ? '' : 's'} ${lineList(nonFinite)}): left out; the run may have diverged`,
    );
  if (points.length === 0)
    throw new FitInputError(`no usable rows: none of the ${table.records.length} rows has a finite "${lossCol}" with a step or token count`);
  return {
    format,
    points,
    columns: { step: stepCol ?? null, tokens: tokensCol ?? null, loss: lossCol },
    lossUnit: lossUnitOf(metricOf(lossCol) === 'Value' ? 'loss' : metricOf(lossCol)),
    skipped: missing + nonFinite.length,
    notes,
    warnings,
  };
}

export type CurveUnit = 'tokens' | 'steps';

/**
 * The log as (x, loss) on tokens where it can be: its tokens column, else steps × tokensPerStep;
 * else on steps. Points at x ≤ 0 (the loss before training) are left out.
 */
export function curveOf(log: TrainingLog, tokensPerStep?: number): { unit: CurveUnit; points: Array<{ x: number; loss: number }> } {
  if (tokensPerStep !== undefined && !(tokensPerStep > 0 && Number.isFinite(tokensPerStep)))
    throw new FitInputError(`tokens per step must be greater than 0 (got ${tokensPerStep})`);
  const hasTokens = log.columns.tokens !== null && log.points.some((p) => p.tokens !== null);
  const unit: CurveUnit = hasTokens || tokensPerStep !== undefined ? 'tokens' : 'steps';
  const points: Array<{ x: number; loss: number }> = [];
  for (const p of log.points) {
    const x = hasTokens ? p.tokens : p.step === null ? null : tokensPerStep !== undefined ? p.step * tokensPerStep : p.step;
    if (x !== null && x > 0) points.push({ x, loss: p.loss });
  }
  return { unit, points };
}

/** Tokens per step of a log with both columns (the median ratio), else null. */
export function tokensPerStepOf(log: TrainingLog): number | null {
  const ratios = log.points.filter((p) => p.step !== null && p.tokens !== null && p.step > 0 && p.tokens > 0).map((p) => p.tokens! / p.step!);
  if (ratios.length === 0) return null;
  ratios.sort((a, b) => a - b);
  return ratios[Math.floor(ratios.length / 2)]!;
}
