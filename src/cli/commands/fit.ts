// scaling-lens fit RUNS.csv [--json] [--drop-highest-loss K] [--bootstrap N] [--seed S]
//   [--params-column C] [--tokens-column C] [--flops-column C] [--loss-column C] [--loss-unit TEXT]
//   [--params N --tokens D] [--flops C]
//
// --json prints the FitResult of src/core/fit/fitLaw.ts, `law`, `objective`, `points` and
// `intervals` first: the same object the editor keeps in workspace state (readFitResult reads it).

import { FitInputError, fitRunsText, lawFromFit, MAX_TABLE_CHARS, optimalWithInterval, predictWithInterval, type ValueWithInterval } from '../../core/index';
import * as args from '../args';
import { FIT } from '../spec';
import { CliError } from '../errors';
import { readInputFile } from '../files';
import { formatExponent, formatSignificant } from '../../format/index';
import * as fmt from '../format';

/** A runs file or training log, with one-line errors. */
export function readTextFile(file: string): string {
  return readInputFile(file, MAX_TABLE_CHARS, 'a runs file or training log');
}

/** Core input errors become one-line CLI errors prefixed with the file. */
export function inFile<T>(file: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof FitInputError) throw new CliError(`${file}: ${e.message}`);
    throw e;
  }
}

const band = (v: ValueWithInterval, show: (x: number) => string) =>
  v.low === null || v.high === null ? show(v.value) : `${show(v.value)} (${show(v.low)} – ${show(v.high)})`;
const num = (v: number) => (Math.abs(v) >= 1e4 ? formatExponent(v, 3) : formatSignificant(v, 4, { plain: true }));

export function fit(argv: string[]): string {
  const { values, positionals } = args.parseCommand(argv, FIT);
  if (positionals.length !== 1)
    throw new CliError(
      positionals.length === 0
        ? 'fit needs a runs file (CSV or JSONL with parameters, tokens or FLOPs, and final loss)'
        : `fit takes one runs file, got ${positionals.length}`,
    );
  const file = positionals[0]!;
  const drop = args.quantity(values, 'drop-highest-loss', { integer: true, min: 0 }) ?? 0;
  const resamples = args.quantity(values, 'bootstrap', { integer: true, min: 0, max: 100000 }) ?? 200;
  const seed = args.quantity(values, 'seed', { integer: true, min: 0, max: 2 ** 32 - 1 }) ?? 1;
  const atParams = args.quantity(values, 'params', { min: 0, exclusiveMin: true });
  const atTokens = args.quantity(values, 'tokens', { min: 0, exclusiveMin: true });
  const atFlops = args.quantity(values, 'flops', { min: 0, exclusiveMin: true });
  if ((atParams === undefined) !== (atTokens === undefined)) throw new CliError('--params and --tokens go together (the loss at N parameters and D tokens)');
  const str = (k: string) => (typeof values[k] === 'string' ? values[k] : undefined);
  if (str('tokens-column') !== undefined && str('flops-column') !== undefined) throw new CliError('give --tokens-column or --flops-column, not both');

  const text = readTextFile(file);
  const started = performance.now();
  const {
    file: parsed,
    runs,
    fit: result,
  } = inFile(file, () =>
    fitRunsText(text, file, {
      ...(str('params-column') !== undefined ? { paramsColumn: str('params-column')! } : {}),
      ...(str('tokens-column') !== undefined ? { tokensColumn: str('tokens-column')! } : {}),
      ...(str('flops-column') !== undefined ? { flopsColumn: str('flops-column')! } : {}),
      ...(str('loss-column') !== undefined ? { lossColumn: str('loss-column')! } : {}),
      ...(str('loss-unit') !== undefined ? { lossUnit: str('loss-unit')! } : {}),
      dropHighestLoss: drop,
      bootstrap: { resamples, seed },
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const law = lawFromFit(result);
  const prediction = atParams !== undefined && atTokens !== undefined ? predictWithInterval(result, atParams, atTokens) : undefined;
  const optimal = atFlops !== undefined ? optimalWithInterval(result, atFlops) : undefined;
  const warnings = result.warnings;

  if (values.json) {
    const { law: constants, objective, points, intervals, ...rest } = result;
    const out: Record<string, unknown> = {
      law: constants,
      objective,
      points,
      intervals,
      ...rest,
      source: { file, format: parsed.format, columns: parsed.columns, skipped: parsed.skipped, droppedHighestLoss: drop, notes: parsed.notes },
    };
    if (prediction) out.prediction = { params: atParams, tokens: atTokens, ...prediction };
    if (optimal) out.optimal = optimal;
    return fmt.json(out);
  }

  const c = result.law;
  const iv = result.intervals;
  const withCi = (k: 'E' | 'A' | 'B' | 'alpha' | 'beta') => `${num(c[k])}${iv ? `  (${num(iv[k][0])} – ${num(iv[k][1])})` : ''}`;
  const rows: Array<[string, string]> = [
    ['law', `${law.id}: ${law.formula}`],
    [
      'runs',
      `${runs.length} from ${file}${drop ? ` (${drop} highest-loss dropped)` : ''}; N = ${parsed.columns.params}, D = ${parsed.columns.tokens ?? `${parsed.columns.flops} / 6N`}, L = ${parsed.columns.loss}`,
    ],
    ['loss unit', result.lossUnit],
    [`E${iv ? ` (${Math.round(iv.level * 100)}% CI)` : ''}`, withCi('E')],
    ['A', withCi('A')],
    ['B', withCi('B')],
    ['α', withCi('alpha')],
    ['β', withCi('beta')],
    ['objective', `${formatExponent(result.objective, 6)} (Σ Huber δ=${result.delta} on log loss; gradient norm ${formatExponent(result.gradientNorm, 1)})`],
    [
      'optimiser',
      `L-BFGS from ${result.starts} starts (${result.convergedStarts} converged)${iv ? `; ${iv.resamples} bootstrap resamples` : ''}; ${fmt.decimals(seconds, 1)} s`,
    ],
    ['compute-optimal', `N_opt ∝ C^${fmt.decimals(result.optimalExponents.params, 3)}, D_opt ∝ C^${fmt.decimals(result.optimalExponents.tokens, 3)}`],
    [
      'fitted range',
      `N ${fmt.qty(result.range.params[0])}–${fmt.qty(result.range.params[1])}, D ${fmt.qty(result.range.tokens[0])}–${fmt.qty(result.range.tokens[1])}, C ${fmt.flops(result.range.flops[0])} – ${fmt.flops(result.range.flops[1])} (C = 6ND)`,
    ],
  ];
  if (prediction)
    rows.push([
      `loss at N ${fmt.qty(atParams!)}, D ${fmt.qty(atTokens!)}`,
      `${band(prediction, fmt.loss)}${prediction.extrapolation ? ' (extrapolated beyond the fitted compute)' : ''}`,
    ]);
  if (optimal) {
    rows.push([
      `optimal at ${fmt.flops(atFlops!)} (6ND)`,
      `${band(optimal.params, fmt.qty)} params on ${band(optimal.tokens, fmt.qty)} tokens, loss ${band(optimal.loss, fmt.loss)}${optimal.extrapolation ? ' (extrapolated beyond the fitted compute)' : ''}`,
    ]);
  }
  const lines = [fmt.table(rows)];
  if (parsed.notes.length) lines.push('notes:', ...parsed.notes.map((n) => `  ${n}`));
  if (warnings.length) lines.push('warnings:', ...warnings.map((w) => `  ${w}`));
  return lines.join('\n');
}
