// Series for the scaling charts: the compute-optimal frontier, iso-FLOP profiles, loss against
// tokens at a fixed model size, and the optimal tokens per parameter. Every loss and every
// allocation comes from a law's own predict() / optimal(): nothing here re-derives a law, it
// only evaluates one on grids and solves for the points the charts mark.

import type { OptimalPoint, PredictOptions, ScalingLaw } from './laws/types';

/** One evaluation of a law: N (the N the law expects), D, C = 6·N·D and the predicted loss. */
export interface LawPoint {
  readonly flops: number;
  readonly params: number;
  readonly tokens: number;
  readonly loss: number;
}

/** `n` values from `lo` to `hi` (both included), evenly spaced in log. */
export function logspace(lo: number, hi: number, n: number): number[] {
  if (!(lo > 0) || !(hi > 0) || !Number.isFinite(lo) || !Number.isFinite(hi)) throw new RangeError(`logspace needs finite positive bounds (got ${lo}, ${hi})`);
  if (n < 2) return [lo];
  const a = Math.log(lo);
  const step = (Math.log(hi) - a) / (n - 1);
  const out = Array.from({ length: n }, (_, i) => Math.exp(a + step * i));
  // Exact ends: exp(log(x)) is not always x.
  out[0] = lo;
  out[n - 1] = hi;
  return out;
}

/**
 * Whole decades that hold every value with `pad` decades to spare on each side:
 * [1.9e18] with pad 2 -> [1e16, 1e21]. `fallback` when there is no positive finite value.
 */
export function decadeSpan(values: readonly number[], pad: number, fallback: readonly [number, number]): [number, number] {
  const ok = values.filter((v) => Number.isFinite(v) && v > 0);
  if (ok.length === 0) return [fallback[0], fallback[1]];
  // The small epsilon keeps an exact power of ten (1e20) in its own decade despite rounding.
  const lo = Math.floor(Math.log10(Math.min(...ok)) + 1e-9) - pad;
  const hi = Math.ceil(Math.log10(Math.max(...ok)) - 1e-9) + pad;
  return [10 ** lo, 10 ** Math.max(hi, lo + 1)];
}

const finite = (p: { readonly params: number; readonly tokens: number; readonly loss: number }) =>
  Number.isFinite(p.params) && Number.isFinite(p.tokens) && Number.isFinite(p.loss);

/** Unique tokens as the estimate passes them: never more than the tokens trained on. */
function optionsFor(tokens: number, options: PredictOptions | undefined): PredictOptions | undefined {
  return options?.uniqueTokens === undefined ? options : { uniqueTokens: Math.min(options.uniqueTokens, tokens) };
}

/** The law's compute-optimal allocation at each budget (points where it has no finite answer are left out). */
export function frontier(law: ScalingLaw, flops: readonly number[], options?: PredictOptions): OptimalPoint[] {
  return flops.map((c) => law.optimal(c, options)).filter(finite);
}

/** Loss against model size at a fixed budget C: D = C / (6N) for each N. */
export function isoFlopProfile(law: ScalingLaw, flops: number, params: readonly number[], options?: PredictOptions): LawPoint[] {
  return params
    .map((N) => {
      const D = flops / (6 * N);
      return { flops, params: N, tokens: D, loss: law.predict(N, D, optionsFor(D, options)) };
    })
    .filter(finite);
}

/** Loss against training tokens for one model size N; C = 6·N·D. */
export function tokenProfile(law: ScalingLaw, params: number, tokens: readonly number[], options?: PredictOptions): LawPoint[] {
  return tokens.map((D) => ({ flops: 6 * params * D, params, tokens: D, loss: law.predict(params, D, optionsFor(D, options)) })).filter(finite);
}

/** Where a model of this size stops improving however long it trains: L(N, D → ∞). */
export function lossFloor(law: ScalingLaw, params: number, options?: PredictOptions): number {
  return law.predict(params, 1e30, options);
}

const FLOPS_SEARCH: readonly [number, number] = [1e6, 1e40];

/**
 * The budget at which `params` is the law's compute-optimal size, and the allocation there:
 * solves law.optimal(C).params = N for C by bisection on log C (the optimal N grows with C for
 * every law here). null when no budget in [1e6, 1e40] FLOPs gets there.
 */
export function optimalPointForParams(law: ScalingLaw, params: number, options?: PredictOptions): OptimalPoint | null {
  if (!(params > 0) || !Number.isFinite(params)) return null;
  const nAt = (logC: number) => law.optimal(Math.exp(logC), options).params;
  let lo = Math.log(FLOPS_SEARCH[0]);
  let hi = Math.log(FLOPS_SEARCH[1]);
  if (!(nAt(lo) <= params && nAt(hi) >= params)) return null;
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (nAt(mid) < params) lo = mid;
    else hi = mid;
  }
  const p = law.optimal(Math.exp((lo + hi) / 2), options);
  return finite(p) ? p : null;
}

/** Pointwise minimum and maximum of several series evaluated on one grid (the spread between laws). */
export function envelope(series: readonly (readonly number[])[]): { lo: number[]; hi: number[] } {
  const n = Math.min(...series.map((s) => s.length));
  if (series.length === 0 || !Number.isFinite(n)) return { lo: [], hi: [] };
  const lo: number[] = [];
  const hi: number[] = [];
  for (let i = 0; i < n; i++) {
    const col = series.map((s) => s[i]!);
    lo.push(Math.min(...col));
    hi.push(Math.max(...col));
  }
  return { lo, hi };
}
