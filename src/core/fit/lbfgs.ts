// Limited-memory BFGS (Nocedal & Wright, "Numerical Optimization", 2nd ed., Alg. 7.4 and 7.5)
// with a strong-Wolfe line search (Alg. 3.5 and 3.6, safeguarded cubic interpolation).
//
// Why our own: npm has no well-kept, typed L-BFGS. `fmin` (Nelder–Mead, CG; untyped, unmaintained
// since 2016) and `optimization-js` (untyped) were the candidates; numeric's L-BFGS is long
// abandoned. The fit calls this thousands of times on a 5-dimensional problem, so it also pays
// to keep it allocation-free in the inner loop: plain Float64Arrays, one objective call per trial
// step that fills the gradient in place.
//
// Stopping rules follow scipy's L-BFGS-B defaults: ‖g‖∞ ≤ gradientTolerance (pgtol 1e-5), or a
// relative decrease (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) ≤ functionTolerance (factr 1e7 ×
// machine epsilon ≈ 2.2e-9), or maxIterations (15000).

/** f(x), writing ∇f(x) into grad. Return a non-finite number where f is undefined. */
export type ObjectiveWithGradient = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  /** Correction pairs kept (m). Default 10, as scipy. */
  readonly memory?: number;
  readonly maxIterations?: number;
  /** Stop when max |∂f/∂x_i| ≤ this. Default 1e-5. */
  readonly gradientTolerance?: number;
  /** Stop when the relative decrease of f in one iteration is ≤ this. Default 2.2e-9; 0 disables. */
  readonly functionTolerance?: number;
  /** Objective evaluations allowed per line search. Default 25. */
  readonly maxLineSearch?: number;
}

export type LbfgsStop = 'gradient' | 'function' | 'max-iterations' | 'line-search' | 'non-finite';

export interface LbfgsResult {
  readonly x: Float64Array;
  readonly f: number;
  readonly gradient: Float64Array;
  /** max |∂f/∂x_i| at x. */
  readonly gradientNorm: number;
  readonly iterations: number;
  readonly evaluations: number;
  /** Stopped by the gradient or function tolerance (not by a limit or a failure). */
  readonly converged: boolean;
  readonly stop: LbfgsStop;
}

const C1 = 1e-4; // sufficient decrease
const C2 = 0.9; // curvature (quasi-Newton value)

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function infNorm(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

/** Minimiser of the cubic through (a, fa, da), (b, fb, db); NaN when it does not exist. */
function cubicMin(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  const d1 = da + db - (3 * (fa - fb)) / (a - b);
  const disc = d1 * d1 - da * db;
  if (!(disc >= 0)) return NaN;
  const d2 = Math.sign(b - a) * Math.sqrt(disc);
  const denom = db - da + 2 * d2;
  if (denom === 0) return NaN;
  return b - ((b - a) * (db + d2 - d1)) / denom;
}

/**
 * Minimises fg from x0. Never throws on a bad objective: a non-finite f at x0 returns at once
 * with stop 'non-finite'; non-finite trial points make the line search step back.
 */
export function lbfgs(fg: ObjectiveWithGradient, x0: ArrayLike<number>, options: LbfgsOptions = {}): LbfgsResult {
  const n = x0.length;
  const m = options.memory ?? 10;
  const maxIter = options.maxIterations ?? 15000;
  const gtol = options.gradientTolerance ?? 1e-5;
  const ftol = options.functionTolerance ?? 2.220446049250313e-9;
  const maxLs = options.maxLineSearch ?? 25;

  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  const d = new Float64Array(n);
  const xt = new Float64Array(n);
  const gt = new Float64Array(n);
  const xLo = new Float64Array(n);
  const gLo = new Float64Array(n);
  const S = new Float64Array(m * n);
  const Y = new Float64Array(m * n);
  const rho = new Float64Array(m);
  const alphas = new Float64Array(m);
  let stored = 0;
  let head = 0; // next slot to write

  let evaluations = 1;
  let f = fg(x, g);
  if (!Number.isFinite(f)) return { x, f, gradient: g, gradientNorm: NaN, iterations: 0, evaluations, converged: false, stop: 'non-finite' };

  let iterations = 0;
  let stop: LbfgsStop = 'max-iterations';

  // φ(α) = f(x + α d) evaluated into xt/gt; returns [φ, φ'].
  const phi = (alpha: number): [number, number] => {
    for (let i = 0; i < n; i++) xt[i] = x[i]! + alpha * d[i]!;
    evaluations++;
    const v = fg(xt, gt);
    return [v, Number.isFinite(v) ? dot(gt, d) : NaN];
  };

  while (iterations < maxIter) {
    if (infNorm(g) <= gtol) {
      stop = 'gradient';
      break;
    }
    // Two-loop recursion: d = −H g.
    for (let i = 0; i < n; i++) d[i] = -g[i]!;
    for (let k = 0; k < stored; k++) {
      const j = (head - 1 - k + m) % m;
      let sd = 0;
      for (let i = 0; i < n; i++) sd += S[j * n + i]! * d[i]!;
      const a = rho[j]! * sd;
      alphas[j] = a;
      for (let i = 0; i < n; i++) d[i] = d[i]! - a * Y[j * n + i]!;
    }
    if (stored > 0) {
      const j = (head - 1 + m) % m;
      let sy = 0;
      let yy = 0;
      for (let i = 0; i < n; i++) {
        sy += S[j * n + i]! * Y[j * n + i]!;
        yy += Y[j * n + i]! * Y[j * n + i]!;
      }
      const gamma = sy / yy;
      for (let i = 0; i < n; i++) d[i] = d[i]! * gamma;
    }
    for (let k = stored - 1; k >= 0; k--) {
      const j = (head - 1 - k + m) % m;
      let yd = 0;
      for (let i = 0; i < n; i++) yd += Y[j * n + i]! * d[i]!;
      const b = rho[j]! * yd;
      const a = alphas[j]!;
      for (let i = 0; i < n; i++) d[i] = d[i]! + (a - b) * S[j * n + i]!;
    }
    let dphi0 = dot(g, d);
    if (!(dphi0 < 0)) {
      // Not a descent direction (curvature information gone bad): restart from steepest descent.
      stored = 0;
      for (let i = 0; i < n; i++) d[i] = -g[i]!;
      dphi0 = dot(g, d);
    }
    const alpha0 = stored === 0 ? Math.min(1, 1 / Math.sqrt(dot(g, g))) : 1;

    // Strong-Wolfe line search (N&W Alg. 3.5), the accepted point left in xLo/gLo.
    const phi0 = f;
    let found = false;
    let fNew = NaN;
    let aPrev = 0;
    let fPrev = phi0;
    let dPrev = dphi0;
    let a = alpha0;
    let aMax = Infinity;
    let budget = maxLs;
    // zoom(lo, hi) (N&W Alg. 3.6): lo satisfies sufficient decrease and has the lowest φ so far.
    const zoom = (aLo: number, fLo: number, dLo: number, aHi: number, fHi: number, dHi: number, loIsPoint: boolean): boolean => {
      let haveLo = loIsPoint;
      while (budget-- > 0) {
        const width = aHi - aLo;
        let aj = Number.isFinite(fHi) && Number.isFinite(dHi) ? cubicMin(aLo, fLo, dLo, aHi, fHi, dHi) : NaN;
        const lo = Math.min(aLo, aHi);
        const hi = Math.max(aLo, aHi);
        const margin = 0.1 * Math.abs(width);
        if (!Number.isFinite(aj) || aj < lo + margin || aj > hi - margin) aj = aLo + 0.5 * width;
        const [fj, dj] = phi(aj);
        if (!Number.isFinite(fj) || fj > phi0 + C1 * aj * dphi0 || fj >= fLo) {
          aHi = aj;
          fHi = fj;
          dHi = dj;
        } else {
          xLo.set(xt);
          gLo.set(gt);
          haveLo = true;
          if (Math.abs(dj) <= -C2 * dphi0) {
            fNew = fj;
            return true;
          }
          if (dj * (aHi - aLo) >= 0) {
            aHi = aLo;
            fHi = fLo;
            dHi = dLo;
          }
          aLo = aj;
          fLo = fj;
          dLo = dj;
        }
        if (Math.abs(aHi - aLo) <= 1e-16 * Math.max(1, Math.abs(aLo))) break;
      }
      // Out of budget: accept the best point with sufficient decrease, if any.
      if (haveLo && aLo > 0) {
        fNew = fLo;
        return true;
      }
      return false;
    };

    for (let i = 0; budget > 0; i++) {
      budget--;
      const [fa, da] = phi(a);
      if (!Number.isFinite(fa)) {
        // Overflow or a domain error: step back towards the last good point.
        aMax = a;
        a = aPrev + 0.25 * (a - aPrev);
        if (a - aPrev <= 1e-20) break;
        continue;
      }
      if (fa > phi0 + C1 * a * dphi0 || (i > 0 && fa >= fPrev)) {
        found = zoom(aPrev, fPrev, dPrev, a, fa, da, aPrev > 0);
        break;
      }
      if (Math.abs(da) <= -C2 * dphi0) {
        xLo.set(xt);
        gLo.set(gt);
        fNew = fa;
        found = true;
        break;
      }
      if (da >= 0) {
        xLo.set(xt);
        gLo.set(gt);
        found = zoom(a, fa, da, aPrev, fPrev, dPrev, true);
        break;
      }
      xLo.set(xt);
      gLo.set(gt);
      aPrev = a;
      fPrev = fa;
      dPrev = da;
      a = Math.min(2 * a, aMax === Infinity ? 2 * a : 0.5 * (a + aMax));
    }
    if (!found) {
      stop = 'line-search';
      break;
    }
    iterations++;

    // Curvature pair; skipped when s·y is not safely positive (keeps H positive definite).
    let sy = 0;
    let yy = 0;
    for (let i = 0; i < n; i++) {
      const s = xLo[i]! - x[i]!;
      const y = gLo[i]! - g[i]!;
      S[head * n + i] = s;
      Y[head * n + i] = y;
      sy += s * y;
      yy += y * y;
    }
    if (sy > 2.220446049250313e-16 * yy && sy > 0) {
      rho[head] = 1 / sy;
      head = (head + 1) % m;
      stored = Math.min(stored + 1, m);
    }
    const fOld = f;
    x.set(xLo);
    g.set(gLo);
    f = fNew;
    if (ftol > 0 && fOld - f <= ftol * Math.max(Math.abs(fOld), Math.abs(f), 1)) {
      stop = 'function';
      break;
    }
  }
  const gradientNorm = infNorm(g);
  if (stop !== 'gradient' && gradientNorm <= gtol) stop = 'gradient';
  return { x, f, gradient: g, gradientNorm, iterations, evaluations, converged: stop === 'gradient' || stop === 'function', stop };
}
