// Forecast a running job: fit L(t) = E + A·t^(−α) to the loss curve seen so far (t = tokens,
// or steps) and extrapolate to the planned end, with a bootstrap band.
//
// Robust to noise and warmup by construction:
//   - the first `skipFraction` (10%) of what has been seen is left out: warmup and the early
//     transient are not power laws (an explicit `skipUntil`, e.g. a few × the warmup, wins);
//   - the rest is cut into log-spaced bins and each bin is its median loss, so spikes and
//     per-step noise do not pull the fit, and a 100k-step log is ~100 points;
//   - the fit is the same Huber-on-log-loss objective as the law fit (δ = 1e-3), by L-BFGS from a
//     small grid of starts; log L̂ = LSE(e, a − α·log t), E = exp(e), A = exp(a).
// The band is a moving-block bootstrap over the bins (blocks keep neighbouring, correlated
// bins together), each resample refitted from the best fit; percentiles of the forecasts.
//
// What it cannot know: the learning-rate schedule. A cosine or linear decay to the end usually
// brings the last stretch below a power law fitted mid-run, so a forecast from early in a
// decaying schedule tends to be pessimistic; the warnings say so when the forecast reaches far.

import { formatDecimals, formatQuantity, formatRough } from '../units';
import { percentileInterval } from './bootstrap';
import { lbfgs } from './lbfgs';
import { HUBER_DELTA } from './objective';
import { createRng, quantile } from './random';
import { FitInputError, type Interval } from './types';
import type { CurveUnit } from './logs';

export interface CurvePoint {
  readonly x: number;
  readonly loss: number;
}

export interface LearningCurveOptions {
  /** What x counts. Default 'tokens'. */
  readonly unit?: CurveUnit;
  /** Leave out x < skipFraction × (last x). Default 0.1. */
  readonly skipFraction?: number;
  /** Leave out x < skipUntil (wins over skipFraction). */
  readonly skipUntil?: number;
  /** Log-spaced bins. Default 100. */
  readonly bins?: number;
  readonly delta?: number;
  /** Default 200 resamples, seed 1, level 0.95, blocks of 5 bins; resamples 0 turns it off. */
  readonly bootstrap?: { readonly resamples?: number; readonly seed?: number; readonly level?: number; readonly blockLength?: number };
}

export interface CurveConstants {
  readonly E: number;
  readonly A: number;
  readonly alpha: number;
}

export interface LearningCurveFit {
  readonly kind: 'scaling-lens/learning-curve';
  readonly version: 1;
  readonly unit: CurveUnit;
  readonly law: CurveConstants;
  /** Σ Huber_δ over the bins at the fit. */
  readonly objective: number;
  /** Logged points that went into the bins. */
  readonly points: number;
  /** Bin medians that were fitted: the curve to plot against the fit. */
  readonly bins: ReadonlyArray<{ readonly x: number; readonly loss: number; readonly count: number }>;
  /** Points before this x were left out. */
  readonly skippedBefore: number;
  /** x range fitted and the fitted loss at its end. */
  readonly seen: { readonly from: number; readonly to: number; readonly loss: number };
  /** Robust spread of the bins around the fit (1.4826 × median |log residual|). */
  readonly residualScale: number;
  readonly level: number;
  readonly bootstrap: { readonly resamples: number; readonly seed: number; readonly blockLength: number; readonly samples: readonly CurveConstants[] } | null;
  readonly warnings: readonly string[];
}

export interface Forecast {
  readonly x: number;
  readonly loss: number;
  /** Bootstrap band; null without a bootstrap. */
  readonly low: number | null;
  readonly high: number | null;
  /** x / last x seen. */
  readonly extrapolation: number;
}

const curveLoss = (c: CurveConstants, x: number) => c.E + c.A * x ** -c.alpha;

/** Σ w·Huber(LSE(e, a − α·log t) − log L) and its gradient; x = (e, a, α). */
function curveObjective(logT: Float64Array, logL: Float64Array, weight: Float64Array | null, delta: number) {
  const n = logT.length;
  return (x: Float64Array, g: Float64Array): number => {
    const e = x[0]!;
    const a = x[1]!;
    const alpha = x[2]!;
    let f = 0;
    let ge = 0;
    let ga = 0;
    let gAlpha = 0;
    for (let i = 0; i < n; i++) {
      const w = weight === null ? 1 : weight[i]!;
      if (w === 0) continue;
      const lt = logT[i]!;
      const t = a - alpha * lt;
      const m = t > e ? t : e;
      const p1 = Math.exp(e - m);
      const p2 = Math.exp(t - m);
      const s = p1 + p2;
      const r = m + Math.log(s) - logL[i]!;
      let h: number;
      if (r > delta) {
        f += w * delta * (r - 0.5 * delta);
        h = w * delta;
      } else if (r < -delta) {
        f += w * delta * (-r - 0.5 * delta);
        h = -w * delta;
      } else {
        f += w * 0.5 * r * r;
        h = w * r;
      }
      ge += (h * p1) / s;
      const q = (h * p2) / s;
      ga += q;
      gAlpha -= q * lt;
    }
    g[0] = ge;
    g[1] = ga;
    g[2] = gAlpha;
    return f;
  };
}

const POLISH = { gradientTolerance: 1e-12, functionTolerance: 0, maxIterations: 2000 } as const;

export function fitLearningCurve(points: readonly CurvePoint[], options: LearningCurveOptions = {}): LearningCurveFit {
  const unit = options.unit ?? 'tokens';
  const delta = options.delta ?? HUBER_DELTA;
  const clean = points.filter((p) => Number.isFinite(p.x) && p.x > 0 && Number.isFinite(p.loss) && p.loss > 0);
  if (clean.length === 0) throw new FitInputError('no logged points with a positive step or token count and a positive, finite loss');
  const sorted = [...clean].sort((a, b) => a.x - b.x);
  const last = sorted[sorted.length - 1]!.x;
  const skipFraction = options.skipFraction ?? 0.1;
  if (!(skipFraction >= 0 && skipFraction < 1)) throw new FitInputError(`the skipped fraction must be in [0, 1) (got ${skipFraction})`);
  const skip = options.skipUntil ?? skipFraction * last;
  const used = sorted.filter((p) => p.x >= skip);
  if (used.length < 10)
    throw new FitInputError(
      `only ${used.length} logged point${used.length === 1 ? '' : 's'} after the first ${fmtX(skip, unit)}: a learning curve needs at least 10`,
    );
  const first = used[0]!.x;
  if (last / first < 1.5)
    throw new FitInputError(
      `the fitted part of the log spans only ${fmtX(first, unit)} to ${fmtX(last, unit)}: log longer (at least 1.5× from its start) before forecasting`,
    );

  // Log-spaced bins, each its median loss and median x.
  const nBins = Math.max(5, Math.min(options.bins ?? 100, used.length));
  const lo = Math.log(first);
  const width = (Math.log(last) - lo) / nBins;
  const groups: Array<Array<CurvePoint>> = Array.from({ length: nBins }, () => []);
  for (const p of used) groups[Math.min(nBins - 1, Math.floor((Math.log(p.x) - lo) / width))]!.push(p);
  const bins = groups
    .filter((g) => g.length > 0)
    .map((g) => ({
      x: quantile(
        g.map((p) => p.x),
        0.5,
      ),
      loss: quantile(
        g.map((p) => p.loss),
        0.5,
      ),
      count: g.length,
    }));
  if (bins.length < 5) throw new FitInputError(`the log fills only ${bins.length} of ${nBins} bins: too few distinct steps to fit a curve`);
  const logT = Float64Array.from(bins, (b) => Math.log(b.x));
  const logL = Float64Array.from(bins, (b) => Math.log(b.loss));
  const fg = curveObjective(logT, logL, null, delta);

  // Starts: α over a range, E as a fraction of the lowest loss, A matching the middle bin.
  const minLoss = Math.min(...bins.map((b) => b.loss));
  const mid = bins[Math.floor(bins.length / 2)]!;
  let best: ReturnType<typeof lbfgs> | null = null;
  for (const alpha of [0.05, 0.1, 0.2, 0.35, 0.5, 0.8, 1.2]) {
    for (const frac of [0.01, 0.3, 0.6, 0.8, 0.9, 0.97]) {
      const E = frac * minLoss;
      const a = Math.log(Math.max(mid.loss - E, 1e-6 * mid.loss)) + alpha * Math.log(mid.x);
      const r = lbfgs(fg, [Math.log(E), a, alpha]);
      if (Number.isFinite(r.f) && (best === null || r.f < best.f)) best = r;
    }
  }
  if (best === null) throw new FitInputError('no start of the optimiser gave a finite objective for this log');
  const polished = lbfgs(fg, best.x, POLISH);
  if (polished.f <= best.f) best = polished;
  const x = best.x;
  const law: CurveConstants = { E: Math.exp(x[0]!), A: Math.exp(x[1]!), alpha: x[2]! };

  const residuals = bins.map((b) => Math.log(b.loss) - Math.log(curveLoss(law, b.x)));
  const residualScale = 1.4826 * quantile(residuals.map(Math.abs), 0.5);

  const warnings: string[] = [];
  if (!(law.alpha > 0)) warnings.push(`the loss is not falling over the fitted part (α = ${formatDecimals(law.alpha, 3)}): no meaningful forecast`);
  if (law.alpha > 2) warnings.push(`α = ${formatDecimals(law.alpha, 2)} is unusually steep: the curve may still be in warmup; skip more of its start`);
  const tail = residuals.slice(-Math.max(3, Math.floor(residuals.length / 10)));
  const tailMean = tail.reduce((s, r) => s + r, 0) / tail.length;
  if (Math.abs(tailMean) > 3 * residualScale && Math.abs(tailMean) > 0.005) {
    warnings.push(
      `the latest ${tail.length} bins lie ${tailMean < 0 ? 'below' : 'above'} the fitted curve (mean ${formatDecimals(tailMean * 100, 1)}% in log loss): a schedule change (learning-rate decay) or a loss spike bends the curve; forecasts are less reliable`,
    );
  }

  const boot = { resamples: 200, seed: 1, level: 0.95, blockLength: 5, ...options.bootstrap };
  let bootstrap: LearningCurveFit['bootstrap'] = null;
  if (boot.resamples > 0) {
    const rng = createRng(boot.seed);
    const nb = bins.length;
    const block = Math.max(1, Math.min(boot.blockLength, nb));
    const samples: CurveConstants[] = [];
    const weight = new Float64Array(nb);
    for (let r = 0; r < boot.resamples; r++) {
      weight.fill(0);
      for (let filled = 0; filled < nb;) {
        const start = rng.int(nb - block + 1);
        for (let j = 0; j < block && filled < nb; j++, filled++) weight[start + j]!++;
      }
      const res = lbfgs(curveObjective(logT, logL, weight, delta), x, POLISH);
      if (Number.isFinite(res.f) && res.x.every(Number.isFinite)) samples.push({ E: Math.exp(res.x[0]!), A: Math.exp(res.x[1]!), alpha: res.x[2]! });
    }
    bootstrap = { resamples: samples.length, seed: boot.seed, blockLength: block, samples };
  }

  return {
    kind: 'scaling-lens/learning-curve',
    version: 1,
    unit,
    law,
    objective: best.f,
    points: used.length,
    bins,
    skippedBefore: skip,
    seen: { from: first, to: last, loss: curveLoss(law, last) },
    residualScale,
    level: boot.level,
    bootstrap,
    warnings,
  };
}

function fmtX(x: number, unit: CurveUnit): string {
  return `${formatQuantity(x)} ${unit}`;
}

/** The fitted curve at x, with the bootstrap band at the fit's level. */
export function forecastLoss(fit: LearningCurveFit, x: number, level = fit.level): Forecast {
  const loss = curveLoss(fit.law, x);
  const samples = fit.bootstrap?.samples ?? [];
  const vs = samples.map((c) => curveLoss(c, x)).filter(Number.isFinite);
  let band: Interval | null = null;
  if (vs.length >= 2) band = percentileInterval(vs, level);
  return { x, loss, low: band ? band[0] : null, high: band ? band[1] : null, extrapolation: x / fit.seen.to };
}

/** forecastLoss at each x (for plotting the band). */
export function forecastCurve(fit: LearningCurveFit, xs: readonly number[], level = fit.level): Forecast[] {
  return xs.map((x) => forecastLoss(fit, x, level));
}

/** Caveats of a forecast at x, for display next to it. */
export function forecastWarnings(fit: LearningCurveFit, x: number): string[] {
  const out: string[] = [];
  const k = x / fit.seen.to;
  if (k < 1) out.push(`${fmtX(x, fit.unit)} is inside the log: this is the fitted curve, not a forecast`);
  if (k > 10) out.push(`the forecast reaches ${formatRough(k, 2)}× beyond the last logged ${fit.unit}: treat it as a rough guide`);
  if (k > 1.5) out.push('the fit does not know the learning-rate schedule: a decay to the end usually lands below this forecast');
  return out;
}
