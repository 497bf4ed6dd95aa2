// One call from file text to a result, for the editor and the CLI: read runs and fit the law,
// or read a training log and fit its learning curve. Errors are FitInputError (one line).

import { fitLaw, fitLawAsync, type FitLawAsyncOptions, type FitLawOptions, type FitResult } from './fitLaw';
import { fitLearningCurve, type LearningCurveFit, type LearningCurveOptions } from './learningCurve';
import { curveOf, parseTrainingLog, tokensPerStepOf, type LogOptions, type TrainingLog } from './logs';
import { dropHighestLoss, parseRuns, type RunsFile, type RunsOptions } from './runs';
import { FitInputError, type Run } from './types';

export interface FitRunsTextOptions extends RunsOptions, FitLawOptions {
  /** Leave out the k runs with the highest loss (Besiroglu et al. drop 5 of Chinchilla's 245). */
  readonly dropHighestLoss?: number;
}

export interface RunsFit {
  readonly file: RunsFile;
  /** The runs fitted (after dropHighestLoss). */
  readonly runs: readonly Run[];
  /** The fit, named after the file, with the file's warnings (skipped rows) first. */
  readonly fit: FitResult;
}

/** "runs/sweep.csv" or "C:\\runs\\sweep.csv" → "sweep.csv". */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

function prepare(text: string, fileName: string, options: FitRunsTextOptions): { file: RunsFile; runs: Run[]; fitOptions: FitLawOptions } {
  const file = parseRuns(text, options);
  const drop = options.dropHighestLoss ?? 0;
  if (!(Number.isInteger(drop) && drop >= 0)) throw new FitInputError(`the number of highest-loss runs to drop must be a whole number ≥ 0 (got ${drop})`);
  if (drop >= file.runs.length) throw new FitInputError(`dropping the ${drop} highest-loss runs would leave none of the ${file.runs.length}`);
  const runs = dropHighestLoss(file.runs, drop);
  return { file, runs, fitOptions: { ...options, name: options.name ?? baseName(fileName), lossUnit: options.lossUnit ?? file.lossUnit } };
}

const withFileWarnings = (fit: FitResult, file: RunsFile): FitResult => ({ ...fit, warnings: [...file.warnings, ...fit.warnings] });

/** Reads a runs file (CSV/JSONL text) and fits the law. */
export function fitRunsText(text: string, fileName: string, options: FitRunsTextOptions = {}): RunsFit {
  const { file, runs, fitOptions } = prepare(text, fileName, options);
  return { file, runs, fit: withFileWarnings(fitLaw(runs, fitOptions), file) };
}

/** fitRunsText with progress and cancellation, yielding to the event loop (see fitLawAsync). */
export async function fitRunsTextAsync(text: string, fileName: string, options: FitRunsTextOptions & FitLawAsyncOptions = {}): Promise<RunsFit> {
  const { file, runs, fitOptions } = prepare(text, fileName, options);
  return { file, runs, fit: withFileWarnings(await fitLawAsync(runs, { ...options, ...fitOptions }), file) };
}

export interface FitLogTextOptions extends LogOptions, Omit<LearningCurveOptions, 'unit'> {
  /** For logs with steps only: tokens per step, so the curve is in tokens. */
  readonly tokensPerStep?: number;
}

export interface LogFit {
  readonly log: TrainingLog;
  readonly fit: LearningCurveFit;
  /** Known tokens per step: from the log's own columns, else the option; null if neither. */
  readonly tokensPerStep: number | null;
  /** How the log was read, including when tokensPerStep was not needed. */
  readonly notes: readonly string[];
}

/** Reads a training log (CSV/JSONL text, TensorBoard or W&B export) and fits its learning curve. */
export function fitLogText(text: string, options: FitLogTextOptions = {}): LogFit {
  const log = parseTrainingLog(text, options);
  const fromLog = tokensPerStepOf(log);
  const hasTokens = log.columns.tokens !== null && log.points.some((p) => p.tokens !== null);
  const curve = curveOf(log, hasTokens ? undefined : options.tokensPerStep);
  const fit = fitLearningCurve(curve.points, { ...options, unit: curve.unit });
  const notes = [...log.notes];
  if (hasTokens && options.tokensPerStep !== undefined) notes.push(`the log has tokens ("${log.columns.tokens}"): the given tokens per step are not used`);
  return { log, fit: { ...fit, warnings: [...log.warnings, ...fit.warnings] }, tokensPerStep: hasTokens ? fromLog : (options.tokensPerStep ?? null), notes };
}
