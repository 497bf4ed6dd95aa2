// Bootstrap confidence intervals for a fitted law, as Hoffmann et al. (App. D.2: 100 resamples
// of 80% of the data) and Besiroglu et al. (4,000 resamples with replacement) report them.
//
// Each resample draws the runs with replacement (a multinomial count per run, used as a weight
// in the summed Huber objective, which is the same as repeating the run) and refits. Besiroglu
// et al.'s notebook starts each resample's optimiser from one point plus a few random grid
// points ("best of 5"); here: the full-data optimum plus `extraStarts` random points of the
// start grid (default 4), kept reproducible by a seeded generator, the best polished to
// machine precision. Intervals are percentile
// intervals at `level` (default 95%), as their notebook reports.

import { lbfgs, type LbfgsOptions } from './lbfgs';
import { HUBER_DELTA, lawObjective, type LogRuns } from './objective';
import { createRng, quantile, resampleCounts, type Rng } from './random';
import type { Interval } from './types';

export interface BootstrapOptions {
  /** Resamples; 0 turns the bootstrap off. Default 200. */
  readonly resamples?: number;
  /** Seed of the resampling generator. Default 1. */
  readonly seed?: number;
  /** Random start-grid points tried per resample besides the full-data optimum. Default 4. */
  readonly extraStarts?: number;
  /** Two-sided level of the intervals. Default 0.95. */
  readonly level?: number;
}

/** Stopping rules of the final polish: until the gradient vanishes or no step decreases f. */
export const POLISH: LbfgsOptions = { gradientTolerance: 1e-12, functionTolerance: 0, maxIterations: 5000 };

export const DEFAULT_BOOTSTRAP = { resamples: 200, seed: 1, extraStarts: 4, level: 0.95 } as const;

/** Runs with weight = how often each was drawn; runs never drawn are left out. */
export function weightedResample(data: LogRuns, rng: Rng): LogRuns {
  const counts = resampleCounts(data.logN.length, rng);
  let k = 0;
  for (let i = 0; i < counts.length; i++) if (counts[i]! > 0) k++;
  const logN = new Float64Array(k);
  const logD = new Float64Array(k);
  const logL = new Float64Array(k);
  const weight = new Float64Array(k);
  let j = 0;
  for (let i = 0; i < counts.length; i++) {
    if (counts[i]! === 0) continue;
    logN[j] = data.logN[i]!;
    logD[j] = data.logD[i]!;
    logL[j] = data.logL[i]!;
    weight[j] = counts[i]!;
    j++;
  }
  return { logN, logD, logL, weight };
}

export interface LawBootstrapSettings {
  readonly resamples: number;
  readonly seed: number;
  readonly extraStarts: number;
  readonly delta?: number;
  readonly lbfgs?: LbfgsOptions;
}

/** x of each resample's best fit (log-space parameters, same order as the full fit). */
export function bootstrapLawParameters(
  data: LogRuns,
  best: ArrayLike<number>,
  grid: ReadonlyArray<ArrayLike<number>>,
  options: LawBootstrapSettings,
): { samples: Float64Array[]; failed: number } {
  const steps = bootstrapLawSteps(data, best, grid, options);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** The same, yielding after each resample (how many are done), so a caller can report progress or stop. */
export function* bootstrapLawSteps(
  data: LogRuns,
  best: ArrayLike<number>,
  grid: ReadonlyArray<ArrayLike<number>>,
  options: LawBootstrapSettings,
): Generator<number, { samples: Float64Array[]; failed: number }> {
  const rng = createRng(options.seed);
  const samples: Float64Array[] = [];
  let failed = 0;
  for (let r = 0; r < options.resamples; r++) {
    const resample = weightedResample(data, rng);
    const fg = lawObjective(resample, options.delta ?? HUBER_DELTA);
    let bestX: Float64Array | null = null;
    let bestF = Infinity;
    const starts = [best, ...Array.from({ length: options.extraStarts }, () => grid[rng.int(grid.length)]!)];
    for (const x0 of starts) {
      const res = lbfgs(fg, x0, options.lbfgs);
      if (Number.isFinite(res.f) && res.f < bestF) {
        bestF = res.f;
        bestX = res.x;
      }
    }
    // Polish to machine precision. scipy's stopping rule (decrease ≤ 2.2e-9 · max(|f|, 1)) is
    // absolute for an objective of ~1e-3 and stops a resample started at the full-data optimum
    // almost where it began: the intervals would come out several times too narrow.
    if (bestX) {
      const res = lbfgs(fg, bestX, POLISH);
      if (res.f <= bestF) bestX = res.x;
    }
    if (bestX && bestX.every(Number.isFinite)) samples.push(bestX);
    else failed++;
    yield r + 1;
  }
  return { samples, failed };
}

/** Percentile interval of values at a two-sided level. */
export function percentileInterval(values: readonly number[] | Float64Array, level: number): Interval {
  const tail = (1 - level) / 2;
  return [quantile(values, tail), quantile(values, 1 - tail)];
}

/** Sample standard deviation (n − 1). */
export function standardDeviation(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return NaN;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
}
