// The Approach 3 objective of Hoffmann et al. 2022 (App. D.2) as Besiroglu et al. 2024 compute
// it (epoch-research/analyzing-chinchilla): with x = (a, b, e, α, β),
//
//   f(x) = Σ_i w_i · Huber_δ( LSE(a − α·log N_i, b − β·log D_i, e) − log L_i ),
//
// A = exp(a), B = exp(b), E = exp(e), Huber_δ(r) = r²/2 for |r| ≤ δ, else δ(|r| − δ/2)
// (scipy.special.huber), δ = 1e-3, summed, not averaged (docs/laws.md#fitting-procedure, docs/laws.md#epoch-2024-replication). The gradient is
// analytic; the inner loop is plain typed arrays, as it runs millions of times per fit.

/** Huber δ of Hoffmann et al. (App. D.2) and Besiroglu et al. */
export const HUBER_DELTA = 1e-3;

/** scipy.special.huber(δ, r). */
export function huber(r: number, delta: number = HUBER_DELTA): number {
  const a = Math.abs(r);
  return a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
}

/** Runs in log space. weight[i] multiplies run i's term (bootstrap counts); absent = 1. */
export interface LogRuns {
  readonly logN: Float64Array;
  readonly logD: Float64Array;
  readonly logL: Float64Array;
  readonly weight?: Float64Array;
}

/** Index of each parameter in x. */
export const X_A = 0;
export const X_B = 1;
export const X_E = 2;
export const X_ALPHA = 3;
export const X_BETA = 4;

export function toLogRuns(runs: ReadonlyArray<{ readonly params: number; readonly tokens: number; readonly loss: number }>): LogRuns {
  const n = runs.length;
  const logN = new Float64Array(n);
  const logD = new Float64Array(n);
  const logL = new Float64Array(n);
  runs.forEach((r, i) => {
    logN[i] = Math.log(r.params);
    logD[i] = Math.log(r.tokens);
    logL[i] = Math.log(r.loss);
  });
  return { logN, logD, logL };
}

/** log L̂ for x at (log N, log D), by log-sum-exp. */
export function logPrediction(x: ArrayLike<number>, logN: number, logD: number): number {
  const t1 = x[X_A]! - x[X_ALPHA]! * logN;
  const t2 = x[X_B]! - x[X_BETA]! * logD;
  const t3 = x[X_E]!;
  const m = Math.max(t1, t2, t3);
  return m + Math.log(Math.exp(t1 - m) + Math.exp(t2 - m) + Math.exp(t3 - m));
}

/** f(x) and ∇f(x) (into grad) for the runs. */
export function lawObjective(data: LogRuns, delta: number = HUBER_DELTA): (x: Float64Array, grad: Float64Array) => number {
  const { logN, logD, logL, weight } = data;
  const n = logN.length;
  const halfDelta = 0.5 * delta;
  return (x, grad) => {
    const a = x[0]!;
    const b = x[1]!;
    const e = x[2]!;
    const alpha = x[3]!;
    const beta = x[4]!;
    let f = 0;
    let ga = 0;
    let gb = 0;
    let ge = 0;
    let gAlpha = 0;
    let gBeta = 0;
    for (let i = 0; i < n; i++) {
      const ln = logN[i]!;
      const ld = logD[i]!;
      const t1 = a - alpha * ln;
      const t2 = b - beta * ld;
      // Log-sum-exp of (t1, t2, e), shifted by the largest term (whose exp is 1: two exps, not three).
      let m: number;
      let e1: number;
      let e2: number;
      let e3: number;
      if (t1 >= t2 && t1 >= e) {
        m = t1;
        e1 = 1;
        e2 = Math.exp(t2 - m);
        e3 = Math.exp(e - m);
      } else if (t2 >= e) {
        m = t2;
        e1 = Math.exp(t1 - m);
        e2 = 1;
        e3 = Math.exp(e - m);
      } else {
        m = e;
        e1 = Math.exp(t1 - m);
        e2 = Math.exp(t2 - m);
        e3 = 1;
      }
      const s = e1 + e2 + e3;
      const r = m + Math.log(s) - logL[i]!;
      const w = weight === undefined ? 1 : weight[i]!;
      let h: number;
      if (r > delta) {
        f += w * delta * (r - halfDelta);
        h = w * delta;
      } else if (r < -delta) {
        f += w * delta * (-r - halfDelta);
        h = -w * delta;
      } else {
        f += w * 0.5 * r * r;
        h = w * r;
      }
      const hs = h / s;
      const w1 = hs * e1;
      const w2 = hs * e2;
      ga += w1;
      gb += w2;
      ge += hs * e3;
      gAlpha -= w1 * ln;
      gBeta -= w2 * ld;
    }
    grad[0] = ga;
    grad[1] = gb;
    grad[2] = ge;
    grad[3] = gAlpha;
    grad[4] = gBeta;
    return f;
  };
}

/** The objective alone (no gradient), for checks. */
export function objectiveValue(data: LogRuns, x: ArrayLike<number>, delta: number = HUBER_DELTA): number {
  let f = 0;
  for (let i = 0; i < data.logN.length; i++) {
    const w = data.weight === undefined ? 1 : data.weight[i]!;
    f += w * huber(logPrediction(x, data.logN[i]!, data.logD[i]!) - data.logL[i]!, delta);
  }
  return f;
}
