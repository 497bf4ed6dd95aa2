// scaling-lens forecast LOG.csv [--until TOKENS | --until-step S] [--tokens-per-step N]
//   [--skip-fraction F] [--step-column C] [--tokens-column C] [--loss-column C]
//   [--bootstrap N] [--seed S] [--json]
//
// Fits L(t) = E + A·t^(−α) to the log (src/core/fit/learningCurve.ts) and forecasts the loss at
// --until (tokens) or --until-step; without either, at 2×, 4× and 10× what has been logged.

import { basename } from 'node:path';
import { fitLogText, forecastLoss, forecastWarnings, type Forecast, type LearningCurveFit } from '../../core/index';
import * as args from '../args';
import { FORECAST } from '../spec';
import { CliError } from '../errors';
import { formatExponent, formatSignificant } from '../../format/index';
import * as fmt from '../format';
import { inFile, readTextFile } from './fit';

export function forecast(argv: string[]): string {
  const { values, positionals } = args.parseCommand(argv, FORECAST);
  if (positionals.length !== 1)
    throw new CliError(
      positionals.length === 0
        ? 'forecast needs a training log (CSV or JSONL with step or tokens, and loss)'
        : `forecast takes one log file, got ${positionals.length}`,
    );
  const file = positionals[0]!;
  const until = args.quantity(values, 'until', { min: 0, exclusiveMin: true });
  const untilStep = args.quantity(values, 'until-step', { min: 0, exclusiveMin: true });
  if (until !== undefined && untilStep !== undefined) throw new CliError('give --until (tokens) or --until-step, not both');
  const tokensPerStepFlag = args.quantity(values, 'tokens-per-step', { min: 0, exclusiveMin: true });
  const skipFraction = args.quantity(values, 'skip-fraction', { min: 0 });
  if (skipFraction !== undefined && skipFraction >= 1) throw new CliError(`--skip-fraction must be below 1, got ${String(values['skip-fraction'])}`);
  const resamples = args.quantity(values, 'bootstrap', { integer: true, min: 0, max: 100000 }) ?? 200;
  const seed = args.quantity(values, 'seed', { integer: true, min: 0, max: 2 ** 32 - 1 }) ?? 1;
  const str = (k: string) => (typeof values[k] === 'string' ? values[k] : undefined);

  const text = readTextFile(file);
  const started = performance.now();
  const { log, fit, tokensPerStep, notes } = inFile(file, () =>
    fitLogText(text, {
      ...(str('step-column') !== undefined ? { stepColumn: str('step-column')! } : {}),
      ...(str('tokens-column') !== undefined ? { tokensColumn: str('tokens-column')! } : {}),
      ...(str('loss-column') !== undefined ? { lossColumn: str('loss-column')! } : {}),
      ...(tokensPerStepFlag !== undefined ? { tokensPerStep: tokensPerStepFlag } : {}),
      ...(skipFraction !== undefined ? { skipFraction } : {}),
      bootstrap: { resamples, seed },
    }),
  );
  const seconds = (performance.now() - started) / 1000;

  // Where to forecast, in the curve's unit.
  let targets: number[];
  if (until !== undefined) {
    if (fit.unit === 'steps') throw new CliError(`${file}: the log counts steps only, so --until (tokens) needs --tokens-per-step N; or give --until-step`);
    targets = [until];
  } else if (untilStep !== undefined) {
    if (fit.unit === 'steps') targets = [untilStep];
    else if (tokensPerStep !== null) targets = [untilStep * tokensPerStep];
    else throw new CliError(`${file}: the log has tokens but no steps to convert --until-step with; give --until in tokens`);
  } else targets = [2, 4, 10].map((k) => k * fit.seen.to);

  const forecasts = targets.map((x) => forecastLoss(fit, x));
  const warnings = [...fit.warnings, ...new Set(targets.flatMap((x) => forecastWarnings(fit, x)))];

  if (values.json) {
    const { unit, law, objective, points, ...rest }: LearningCurveFit = fit;
    const one = (f: Forecast) => ({ ...f, level: fit.level, ...(unit === 'tokens' && tokensPerStep !== null ? { step: f.x / tokensPerStep } : {}) });
    return fmt.json({
      unit,
      law,
      objective,
      points,
      ...(targets.length === 1 ? { forecast: one(forecasts[0]!) } : { forecasts: forecasts.map(one) }),
      ...rest,
      warnings,
      source: { file, format: log.format, columns: log.columns, lossUnit: log.lossUnit, skipped: log.skipped, tokensPerStep, notes },
    });
  }

  const x = (v: number) => (fit.unit === 'tokens' ? `${fmt.qty(v)} tokens` : `step ${fmt.qty(v)}`);
  const l = (v: number | null) => (v === null ? '?' : fmt.loss(v));
  const rows: Array<[string, string]> = [
    [
      'log',
      `${basename(file)} (${log.format}): loss "${log.columns.loss}" vs ${fit.unit === 'tokens' ? (log.columns.tokens !== null ? `"${log.columns.tokens}"` : `"${log.columns.step}" × ${fmt.qty(tokensPerStep)} tokens per step`) : `"${log.columns.step}"`}`,
    ],
    ['loss unit', log.lossUnit],
    [
      'fitted',
      `L(t) = ${fmt.loss(fit.law.E)} + ${formatSignificant(fit.law.A, 4, { plain: true })}·t^−${fmt.decimals(fit.law.alpha, 4)}, t in ${fit.unit}; ${fit.points} points from ${x(fit.seen.from)} to ${x(fit.seen.to)} in ${fit.bins.length} bins (first ${x(fit.skippedBefore)} skipped)`,
    ],
    [
      'fit quality',
      `objective ${formatExponent(fit.objective, 3)}, robust scatter ${fmt.percent(fit.residualScale)} in log loss; ${fmt.decimals(seconds, 2)} s`,
    ],
    ['now', `${l(fit.seen.loss)} at ${x(fit.seen.to)} (fitted)`],
    ...forecasts.map((f): [string, string] => [
      `at ${x(f.x)}`,
      `${l(f.loss)}${f.low !== null ? `  (${Math.round(fit.level * 100)}%: ${l(f.low)} – ${l(f.high)})` : ''}  ${fmt.decimals(f.extrapolation, 1)}× the log`,
    ]),
    ['asymptote E', fmt.loss(fit.law.E)],
  ];
  const lines = [fmt.table(rows)];
  if (notes.length) lines.push('notes:', ...notes.map((n) => `  ${n}`));
  if (warnings.length) lines.push('warnings:', ...warnings.map((w) => `  ${w}`));
  return lines.join('\n');
}
