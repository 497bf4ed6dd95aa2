// Fit L(N, D) = E + A/N^α + B/D^β to finished runs the way Hoffmann et al. 2022 (Approach 3,
// App. D.2) and Besiroglu et al. 2024 did: the Huber (δ = 1e-3) loss on log L, summed over
// runs, minimised by L-BFGS from every point of a grid of starts (their grid: 4,500), the best
// fit kept (docs/laws.md#fitting-procedure, docs/laws.md#epoch-2024-replication). Then bootstrap intervals for the constants and predictions.
//
// The result is plain JSON (FitResult): the editor keeps it in workspace state and rebuilds
// the law with lawFromFit(readFitResult(json)); `scaling-lens fit --json` prints the same object.

import { parametricLaw, parametricLoss, parametricOptimal, type ParametricConstants } from '../laws/parametric';
import type { ParamsKind, ScalingLaw } from '../laws/types';
import { bootstrapLawSteps, DEFAULT_BOOTSTRAP, percentileInterval, POLISH, standardDeviation, type BootstrapOptions } from './bootstrap';
import { lbfgs, type LbfgsOptions, type LbfgsResult } from './lbfgs';
import { HUBER_DELTA, lawObjective, logPrediction, objectiveValue, toLogRuns, X_A, X_ALPHA, X_B, X_BETA, X_E, type LogRuns } from './objective';
import * as v from 'valibot';
import { FitInputError, type Interval, type Run } from './types';
import { formatDecimals, formatExponent, formatSignificant } from '../../format/index';

/** Starting values of the optimiser: every combination is one start. */
export interface InitGrid {
  readonly a: readonly number[];
  readonly b: readonly number[];
  readonly e: readonly number[];
  readonly alpha: readonly number[];
  readonly beta: readonly number[];
}

/** Hoffmann et al. App. D.2 / Besiroglu et al.: 5 × 5 × 5 × 6 × 6 = 4,500 starts. */
export const CHINCHILLA_GRID: InitGrid = {
  alpha: [0, 0.5, 1, 1.5, 2],
  beta: [0, 0.5, 1, 1.5, 2],
  e: [-1, -0.5, 0, 0.5, 1],
  a: [0, 5, 10, 15, 20, 25],
  b: [0, 5, 10, 15, 20, 25],
};

/** Grid points as x = (a, b, e, α, β), in the notebook's order (α outermost, b innermost). */
export function gridStarts(grid: InitGrid): Float64Array[] {
  const out: Float64Array[] = [];
  for (const alpha of grid.alpha)
    for (const beta of grid.beta) for (const e of grid.e) for (const a of grid.a) for (const b of grid.b) out.push(Float64Array.of(a, b, e, alpha, beta));
  return out;
}

export interface FitLawOptions {
  /** Name of the runs (the file's base name): the law id is `fit:<name>`. Default "runs". */
  readonly name?: string;
  /** What the losses are, e.g. "bits per byte (val_bpb)". */
  readonly lossUnit?: string;
  /** Which N the runs count. Default 'total'. */
  readonly paramsKind?: ParamsKind;
  /** Huber δ on log loss. Default 1e-3. */
  readonly delta?: number;
  /** Start grid. Default CHINCHILLA_GRID (4,500 starts). */
  readonly grid?: InitGrid;
  /** Stopping rules of each start (defaults: scipy's L-BFGS-B). The best start is then polished. */
  readonly lbfgs?: LbfgsOptions;
  /** Bootstrap settings; `{ resamples: 0 }` skips it. Default 200 resamples, seed 1. */
  readonly bootstrap?: BootstrapOptions;
}

/** One run with the fit's prediction: the residual plot's data. */
export interface FitResidual {
  readonly line: number | null;
  readonly params: number;
  readonly tokens: number;
  readonly flops: number;
  readonly loss: number;
  readonly predicted: number;
  /** log L − log L̂ (what the Huber loss sees). */
  readonly residual: number;
}

export interface FitIntervals {
  readonly level: number;
  readonly resamples: number;
  readonly E: Interval;
  readonly A: Interval;
  readonly B: Interval;
  readonly alpha: Interval;
  readonly beta: Interval;
  /** Bootstrap standard deviations, as Besiroglu et al. report "SE". */
  readonly standardErrors: ParametricConstants;
}

export interface FitResult {
  readonly kind: 'scaling-lens/fit';
  readonly version: 1;
  /** Source name (file base name); the law id is `fit:<name>`. */
  readonly name: string;
  readonly law: ParametricConstants;
  /** Σ Huber_δ(log L̂ − log L) at the fit. */
  readonly objective: number;
  /** Runs fitted. */
  readonly points: number;
  readonly intervals: FitIntervals | null;
  /** The optimiser's variables: a = log A, b = log B, e = log E. */
  readonly logParams: { readonly a: number; readonly b: number; readonly e: number; readonly alpha: number; readonly beta: number };
  /** max |∂f/∂x| at the fit: ≈ 0 at a true minimum. */
  readonly gradientNorm: number;
  readonly delta: number;
  readonly starts: number;
  /** Starts whose L-BFGS run met its tolerance. */
  readonly convergedStarts: number;
  readonly lossUnit: string;
  readonly paramsKind: ParamsKind;
  /** Extent of the runs: predictions outside it are extrapolations. */
  readonly range: { readonly params: Interval; readonly tokens: Interval; readonly flops: Interval };
  /** N_opt ∝ C^params, D_opt ∝ C^tokens under C = 6ND: β/(α+β), α/(α+β). */
  readonly optimalExponents: { readonly params: number; readonly tokens: number };
  readonly residuals: readonly FitResidual[];
  /** Constants of every bootstrap fit, for prediction bands. */
  readonly bootstrap: { readonly seed: number; readonly extraStarts: number; readonly failed: number; readonly samples: readonly ParametricConstants[] } | null;
  readonly warnings: readonly string[];
}

const fmt = (v: number) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? formatExponent(v, 3) : formatSignificant(v, 4, { plain: true }));

function distinctCount(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  let n = 0;
  let last = NaN;
  for (const v of sorted) {
    if (!(Math.abs(v - last) <= 1e-9 * Math.abs(v))) n++;
    last = v;
  }
  return n;
}

const where = (r: Run, i: number) => (r.line !== undefined ? `line ${r.line}` : `run ${i + 1}`);

/** Throws FitInputError when the runs cannot determine the five constants. */
export function checkRuns(runs: readonly Run[]): void {
  if (runs.length === 0) throw new FitInputError('no runs to fit');
  runs.forEach((r, i) => {
    for (const [k, v] of [
      ['parameters', r.params],
      ['tokens', r.tokens],
      ['loss', r.loss],
    ] as const) {
      if (!Number.isFinite(v)) throw new FitInputError(`${where(r, i)}: ${k} is not a finite number`);
      if (v <= 0)
        throw new FitInputError(
          `${where(r, i)}: ${k} must be greater than 0 (got ${v}); the fit works on log ${k === 'loss' ? 'L' : k === 'tokens' ? 'D' : 'N'}`,
        );
    }
  });
  if (runs.length < 5)
    throw new FitInputError(
      `${runs.length} run${runs.length === 1 ? '' : 's'} cannot determine the 5 constants E, A, B, α, β: give at least 5 (20 or more for useful intervals)`,
    );
  const nN = distinctCount(runs.map((r) => r.params));
  const nD = distinctCount(runs.map((r) => r.tokens));
  if (nN === 1)
    throw new FitInputError(
      `all ${runs.length} runs have the same parameter count (${fmt(runs[0]!.params)}): A and α cannot be told from E; vary the model size (at least 3 sizes)`,
    );
  if (nN < 3) throw new FitInputError(`only ${nN} distinct parameter counts: E, A and α need at least 3 model sizes`);
  if (nD === 1)
    throw new FitInputError(
      `all ${runs.length} runs have the same token count (${fmt(runs[0]!.tokens)}): B and β cannot be told from E; vary the training tokens (at least 3 values)`,
    );
  if (nD < 3) throw new FitInputError(`only ${nD} distinct token counts: E, B and β need at least 3`);
}

function correlation(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

export function constantsOf(x: ArrayLike<number>): ParametricConstants {
  return { E: Math.exp(x[X_E]!), A: Math.exp(x[X_A]!), B: Math.exp(x[X_B]!), alpha: x[X_ALPHA]!, beta: x[X_BETA]! };
}

function logParamsOf(c: ParametricConstants): Float64Array {
  return Float64Array.of(Math.log(c.A), Math.log(c.B), Math.log(c.E), c.alpha, c.beta);
}

/** The summed Huber objective of constants on runs (e.g. published constants, to compare). */
export function objectiveAt(runs: readonly Run[], c: ParametricConstants, delta: number = HUBER_DELTA): number {
  return objectiveValue(toLogRuns(runs), logParamsOf(c), delta);
}

/**
 * Fits the law. Throws FitInputError for runs that cannot determine it (see checkRuns).
 * Deterministic: the same runs and options give the same result. Takes seconds on 240 runs
 * with the full grid: in an editor, prefer fitLawAsync.
 */
export function fitLaw(runs: readonly Run[], options: FitLawOptions = {}): FitResult {
  const steps = fitLawSteps(runs, options);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Thrown by fitLawAsync when its cancellation check says stop. */
export class FitCancelledError extends Error {
  constructor() {
    super('the fit was cancelled');
    this.name = 'FitCancelledError';
  }
}

export interface FitLawAsyncOptions extends FitLawOptions {
  /** Fraction done, 0–1, called a few dozen times. */
  readonly onProgress?: (fraction: number) => void;
  /** Checked between chunks of work; true stops the fit with FitCancelledError (a VS Code CancellationToken's isCancellationRequested). */
  readonly isCancelled?: () => boolean;
}

/**
 * fitLaw that gives the event loop back every few dozen milliseconds of work (so an extension
 * host stays responsive), reports progress and can be cancelled. Same result as fitLaw.
 */
export async function fitLawAsync(runs: readonly Run[], options: FitLawAsyncOptions = {}): Promise<FitResult> {
  const steps = fitLawSteps(runs, options);
  for (;;) {
    if (options.isCancelled?.()) throw new FitCancelledError();
    const r = steps.next();
    if (r.done) {
      options.onProgress?.(1);
      return r.value;
    }
    options.onProgress?.(r.value);
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
}

/**
 * Above this many runs the start grid is searched on a subsample: every L-BFGS step costs one
 * pass over the runs, and 4,500 starts over 20,000 runs took minutes. The grid search only has
 * to find the basin; the best few starts are then refined, and polished, on every run.
 */
export const SCREEN_ABOVE_RUNS = 1000;
const SCREEN_RUNS = 128;
const FINALISTS = 5;
/** Large fits: the bootstrap is warm-started at the optimum only and uses this many resamples. */
const LARGE_FIT_RESAMPLES = 20;
/** Largest |log L − log L̂| below which the law passes through every run: no error left to resample. */
const EXACT_FIT_RESIDUAL = 1e-6;

/** SCREEN_RUNS runs spread evenly over the compute range (sorted by log N + log D), deterministic. */
function screeningSubsample(data: LogRuns): LogRuns {
  const n = data.logN.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => data.logN[i]! + data.logD[i]! - (data.logN[j]! + data.logD[j]!));
  const pick = Array.from({ length: SCREEN_RUNS }, (_, k) => order[Math.floor(((k + 0.5) * n) / SCREEN_RUNS)]!);
  const take = (a: Float64Array) => Float64Array.from(pick, (i) => a[i]!);
  return { logN: take(data.logN), logD: take(data.logD), logL: take(data.logL) };
}

/** The fit as a generator that yields its progress (0–1) between chunks of work. */
export function* fitLawSteps(runs: readonly Run[], options: FitLawOptions = {}): Generator<number, FitResult> {
  checkRuns(runs);
  const delta = options.delta ?? HUBER_DELTA;
  if (!(delta > 0)) throw new FitInputError(`the Huber delta must be greater than 0 (got ${delta})`);
  const data = toLogRuns(runs);
  const fg = lawObjective(data, delta);
  const starts = gridStarts(options.grid ?? CHINCHILLA_GRID);
  if (starts.length === 0) throw new FitInputError('the start grid is empty');

  const screened = runs.length > SCREEN_ABOVE_RUNS;
  const requested = { ...DEFAULT_BOOTSTRAP, ...options.bootstrap };
  const boot = screened ? { ...requested, resamples: Math.min(requested.resamples, LARGE_FIT_RESAMPLES), extraStarts: 0 } : requested;
  // Progress in units of one L-BFGS start; a resample costs about its starts plus a polish.
  const total = starts.length + Math.max(0, boot.resamples) * (boot.extraStarts + 2);
  const CHUNK = 150;

  const searchFg = screened ? lawObjective(screeningSubsample(data), delta) : fg;
  // The best results of the grid search, lowest objective first (one, unless screening).
  const keep = screened ? FINALISTS : 1;
  const leaders: LbfgsResult[] = [];
  let converged = 0;
  for (let i = 0; i < starts.length; i++) {
    const r = lbfgs(searchFg, starts[i]!, options.lbfgs);
    if (r.converged) converged++;
    if (Number.isFinite(r.f) && (leaders.length < keep || r.f < leaders[leaders.length - 1]!.f)) {
      leaders.push(r);
      leaders.sort((a, b) => a.f - b.f);
      if (leaders.length > keep) leaders.pop();
    }
    if ((i + 1) % CHUNK === 0) yield (i + 1) / total;
  }
  let best: LbfgsResult | null = null;
  for (const leader of leaders) {
    const r = screened ? lbfgs(fg, leader.x, options.lbfgs) : leader;
    if (Number.isFinite(r.f) && (best === null || r.f < best.f)) best = r;
  }
  if (best === null) throw new FitInputError('no start of the optimiser gave a finite objective');
  // Polish the best start well past scipy's stopping rule, so the reported optimum is a
  // minimum to machine precision (gradient ≈ 0), not where a loose tolerance happened to stop.
  const polished = lbfgs(fg, best.x, POLISH);
  if (polished.f <= best.f) best = polished;
  const x = best.x;
  const law = constantsOf(x);

  const warnings: string[] = [];
  const n = runs.length;
  if (n < 20) warnings.push(`only ${n} runs for 5 constants: expect wide intervals and an unstable fit`);
  const r = correlation(data.logN, data.logD);
  if (Math.abs(r) > 0.98)
    warnings.push(
      `log N and log D are almost collinear (r = ${formatDecimals(r, 3)}): the fit can hardly separate the N and D terms; vary model size and tokens independently`,
    );
  if (!(law.alpha > 0)) warnings.push(`α = ${fmt(law.alpha)}: the loss does not fall with model size in these runs`);
  if (!(law.beta > 0)) warnings.push(`β = ${fmt(law.beta)}: the loss does not fall with training tokens in these runs`);
  if (best.gradientNorm > 1e-6)
    warnings.push(`the optimiser stopped with gradient norm ${formatExponent(best.gradientNorm, 2)} (${best.stop}): the fit may not be a minimum`);

  const residuals: FitResidual[] = runs.map((run, i) => {
    const lp = logPrediction(x, data.logN[i]!, data.logD[i]!);
    return {
      line: run.line ?? null,
      params: run.params,
      tokens: run.tokens,
      flops: run.flops,
      loss: run.loss,
      predicted: Math.exp(lp),
      residual: data.logL[i]! - lp,
    };
  });
  const extent = (vs: number[]): Interval => vs.reduce<[number, number]>((m, v) => [Math.min(m[0], v), Math.max(m[1], v)], [Infinity, -Infinity]);
  if (screened)
    warnings.push(
      `${n.toLocaleString('en-US')} runs: the ${starts.length.toLocaleString('en-US')} starts were searched on ${SCREEN_RUNS} runs spread over the compute range, the best ${FINALISTS} refined on all runs; the bootstrap uses ${boot.resamples} resamples started at the optimum`,
    );
  const largestResidual = residuals.reduce((m, q) => Math.max(m, Math.abs(q.residual)), 0);
  // Resampling runs the law already passes through gives the same constants every time: the
  // intervals would have zero width, which says "certain" when the truth is "undetermined".
  const exact = largestResidual < EXACT_FIT_RESIDUAL;
  if (exact)
    warnings.push(
      `the law passes through every run (largest log-loss residual ${largestResidual.toExponential(1)}): no error is left to resample, so no intervals are given${n <= 5 ? `; ${n} runs determine the 5 constants exactly, with no check of the law's form` : ''}`,
    );

  let intervals: FitIntervals | null = null;
  let bootstrap: FitResult['bootstrap'] = null;
  if (boot.resamples > 0 && !exact) {
    const resampling = bootstrapLawSteps(data, x, starts, {
      resamples: boot.resamples,
      seed: boot.seed,
      extraStarts: boot.extraStarts,
      delta,
      ...(options.lbfgs ? { lbfgs: options.lbfgs } : {}),
    });
    let step = resampling.next();
    while (!step.done) {
      if (step.value % 25 === 0) yield (starts.length + step.value * (boot.extraStarts + 2)) / total;
      step = resampling.next();
    }
    const { samples, failed } = step.value;
    const consts = samples.map(constantsOf);
    if (failed > 0) warnings.push(`${failed} of ${boot.resamples} bootstrap resamples gave no finite fit`);
    if (consts.length >= 2) {
      const col = (k: keyof ParametricConstants) => consts.map((c) => c[k]);
      intervals = {
        level: boot.level,
        resamples: consts.length,
        E: percentileInterval(col('E'), boot.level),
        A: percentileInterval(col('A'), boot.level),
        B: percentileInterval(col('B'), boot.level),
        alpha: percentileInterval(col('alpha'), boot.level),
        beta: percentileInterval(col('beta'), boot.level),
        standardErrors: {
          E: standardDeviation(col('E')),
          A: standardDeviation(col('A')),
          B: standardDeviation(col('B')),
          alpha: standardDeviation(col('alpha')),
          beta: standardDeviation(col('beta')),
        },
      };
    }
    bootstrap = { seed: boot.seed, extraStarts: boot.extraStarts, failed, samples: consts };
  }

  return {
    kind: 'scaling-lens/fit',
    version: 1,
    name: options.name ?? 'runs',
    law,
    objective: best.f,
    points: n,
    intervals,
    logParams: { a: x[X_A]!, b: x[X_B]!, e: x[X_E]!, alpha: x[X_ALPHA]!, beta: x[X_BETA]! },
    gradientNorm: best.gradientNorm,
    delta,
    starts: starts.length,
    convergedStarts: converged,
    lossUnit: options.lossUnit ?? 'loss as given in the runs file',
    paramsKind: options.paramsKind ?? 'total',
    range: { params: extent(runs.map((q) => q.params)), tokens: extent(runs.map((q) => q.tokens)), flops: extent(runs.map((q) => q.flops)) },
    optimalExponents: { params: law.beta / (law.alpha + law.beta), tokens: law.alpha / (law.alpha + law.beta) },
    residuals,
    bootstrap,
    warnings,
  };
}

/** Law id of a fit: `fit:<name>`. */
export const fitLawId = (fit: Pick<FitResult, 'name'>) => `fit:${fit.name}`;

/**
 * The fit as a ScalingLaw, usable wherever a built-in law is: id `fit:<name>`, range = the
 * runs' extent, closed-form compute-optimal frontier (Hoffmann Eq. 4).
 */
export function lawFromFit(fit: FitResult): ScalingLaw & { readonly constants: ParametricConstants } {
  const c = fit.law;
  const base = parametricLaw(
    {
      id: fitLawId(fit),
      name: `Fitted on ${fit.name}`,
      citation: `fitted on ${fit.points} runs from ${fit.name} (Huber δ ${fit.delta} on log loss, L-BFGS from ${fit.starts} starts; objective ${formatExponent(fit.objective, 4)})`,
      paramsKind: fit.paramsKind,
      dataset: `your runs (${fit.name})`,
      lossUnit: fit.lossUnit,
      range: {
        params: [fit.range.params[0], fit.range.params[1]],
        tokens: [fit.range.tokens[0], fit.range.tokens[1]],
        source: `extent of the ${fit.points} runs in ${fit.name}`,
      },
    },
    c,
  );
  return { ...base, formula: `L = ${fmt(c.E)} + ${fmt(c.A)}/N^${fmt(c.alpha)} + ${fmt(c.B)}/D^${fmt(c.beta)}` };
}

export interface ValueWithInterval {
  readonly value: number;
  /** null without a bootstrap. */
  readonly low: number | null;
  readonly high: number | null;
}

function band(fit: FitResult, value: number, f: (c: ParametricConstants) => number, level: number): ValueWithInterval {
  const samples = fit.bootstrap?.samples ?? [];
  const vs = samples.map(f).filter(Number.isFinite);
  if (vs.length < 2) return { value, low: null, high: null };
  const [low, high] = percentileInterval(vs, level);
  return { value, low, high };
}

/** Predicted loss at (N, D) with the bootstrap band (percentiles of the resampled fits' predictions). */
export function predictWithInterval(
  fit: FitResult,
  params: number,
  tokens: number,
  level = fit.intervals?.level ?? 0.95,
): ValueWithInterval & { readonly extrapolation: boolean } {
  const v = band(fit, parametricLoss(fit.law, params, tokens), (c) => parametricLoss(c, params, tokens), level);
  const flops = 6 * params * tokens;
  return { ...v, extrapolation: flops < fit.range.flops[0] || flops > fit.range.flops[1] };
}

/** Compute-optimal N, D and loss for a budget C (6ND), each with its bootstrap band. */
export function optimalWithInterval(
  fit: FitResult,
  flops: number,
  level = fit.intervals?.level ?? 0.95,
): {
  readonly flops: number;
  readonly params: ValueWithInterval;
  readonly tokens: ValueWithInterval;
  readonly loss: ValueWithInterval;
  readonly extrapolation: boolean;
} {
  const o = parametricOptimal(fit.law, flops);
  return {
    flops,
    params: band(fit, o.params, (c) => parametricOptimal(c, flops).params, level),
    tokens: band(fit, o.tokens, (c) => parametricOptimal(c, flops).tokens, level),
    loss: band(fit, o.loss, (c) => parametricOptimal(c, flops).loss, level),
    extrapolation: flops < fit.range.flops[0] || flops > fit.range.flops[1],
  };
}

/**
 * What `fitLaw` returns, as JSON keeps it (workspace state, `scaling-lens fit --json`). Built on
 * first use: a module-level schema is code that runs on import, so the small activation bundle,
 * which imports other parts of this module, would keep it and valibot.
 */
function buildFitResultSchema() {
  /** A finite number; `message` says what the field needs. */
  const finite = (message: string) => v.pipe(v.number(message), v.finite(message));
  /** A number JSON may have turned into null (JSON has no NaN or Infinity): null reads back as NaN. */
  const numberOrNaN = v.pipe(
    v.nullable(v.number()),
    v.transform((x) => x ?? Number.NaN),
  );
  const constants = (message: string) =>
    v.object({ E: finite(message), A: finite(message), B: finite(message), alpha: finite(message), beta: finite(message) }, message);
  const RANGE = 'range needs [min, max] of params, tokens and flops';
  const pair = (message: string) => v.tuple([finite(message), finite(message)], message);
  const LAW = 'law needs finite E, A, B, alpha, beta';

  return v.object({
    kind: v.literal('scaling-lens/fit'),
    version: v.literal(1),
    name: v.pipe(v.string('name is missing'), v.minLength(1, 'name is missing')),
    law: constants(LAW),
    objective: finite('objective must be a finite number'),
    points: finite('points must be a finite number'),
    delta: finite('delta must be a finite number'),
    starts: finite('starts must be a finite number'),
    intervals: v.optional(
      v.nullable(
        v.object(
          {
            level: v.number(),
            resamples: v.number(),
            E: pair('intervals need [low, high] pairs'),
            A: pair('intervals need [low, high] pairs'),
            B: pair('intervals need [low, high] pairs'),
            alpha: pair('intervals need [low, high] pairs'),
            beta: pair('intervals need [low, high] pairs'),
            standardErrors: v.object({ E: numberOrNaN, A: numberOrNaN, B: numberOrNaN, alpha: numberOrNaN, beta: numberOrNaN }),
          },
          'intervals must be an object or null',
        ),
      ),
      null,
    ),
    logParams: v.object({ a: numberOrNaN, b: numberOrNaN, e: numberOrNaN, alpha: numberOrNaN, beta: numberOrNaN }, 'logParams is missing'),
    gradientNorm: numberOrNaN,
    convergedStarts: v.number('convergedStarts must be a number'),
    lossUnit: v.string('lossUnit is missing'),
    paramsKind: v.picklist(['total', 'nonEmbedding'], 'paramsKind must be "total" or "nonEmbedding"'),
    range: v.object({ params: pair(RANGE), tokens: pair(RANGE), flops: pair(RANGE) }, RANGE),
    optimalExponents: v.object({ params: numberOrNaN, tokens: numberOrNaN }, 'optimalExponents is missing'),
    // Older files may leave these out: no residuals, no warnings, no bootstrap.
    residuals: v.optional(
      v.array(
        v.object(
          {
            line: v.nullable(v.number()),
            params: v.number(),
            tokens: v.number(),
            flops: v.number(),
            loss: v.number(),
            predicted: numberOrNaN,
            residual: numberOrNaN,
          },
          'residuals must be runs with their predictions',
        ),
        'residuals must be a list',
      ),
      [],
    ),
    bootstrap: v.optional(
      v.nullable(
        v.object(
          {
            seed: v.number(),
            extraStarts: v.number(),
            failed: v.number(),
            samples: v.array(constants('bootstrap samples must be constant sets'), 'bootstrap samples must be constant sets'),
          },
          'bootstrap samples must be constant sets',
        ),
      ),
      null,
    ),
    warnings: v.optional(v.array(v.string(), 'warnings must be a list of strings'), []),
  });
}
let fitResultSchema: ReturnType<typeof buildFitResultSchema> | undefined;

/**
 * A FitResult read back from JSON (workspace state, a `fit --json` file), validated by a schema
 * (as the webview's messages are, panels/messages.ts). Throws FitInputError naming the first
 * thing that is wrong.
 */
export function readFitResult(value: unknown): FitResult {
  if (typeof value !== 'object' || value === null) throw new FitInputError('a saved fit must be a JSON object');
  const head = value as Record<string, unknown>;
  if (head['kind'] !== 'scaling-lens/fit') throw new FitInputError('not a saved fit (kind is not "scaling-lens/fit")');
  if (head['version'] !== 1) throw new FitInputError(`saved fit version ${String(head['version'])} is not supported (expected 1)`);
  const parsed = v.safeParse((fitResultSchema ??= buildFitResultSchema()), value);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = v.getDotPath(issue);
    // A key left out reads better by name than as the schema's type message; a short [min, max] pair keeps its message.
    if (path && issue.input === undefined && typeof issue.path?.at(-1)?.key === 'string') throw new FitInputError(`saved fit: ${path} is missing`);
    throw new FitInputError(`saved fit: ${issue.message}${path ? ` (at ${path})` : ''}`);
  }
  return parsed.output satisfies FitResult;
}
