// The optimiser and the objective under the law fit: L-BFGS on textbook problems, the Huber
// loss against scipy.special.huber, and the analytic gradient against finite differences.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng, huber, HUBER_DELTA, lawObjective, lbfgs, objectiveValue, quantile, toLogRuns } from '../../src/core/index';

test('L-BFGS minimises the Rosenbrock function from the textbook start', () => {
  const rosen = (x: Float64Array, g: Float64Array) => {
    const [a, b] = [x[0]!, x[1]!];
    g[0] = -400 * a * (b - a * a) - 2 * (1 - a);
    g[1] = 200 * (b - a * a);
    return 100 * (b - a * a) ** 2 + (1 - a) ** 2;
  };
  const r = lbfgs(rosen, [-1.2, 1], { gradientTolerance: 1e-10, functionTolerance: 0 });
  assert.ok(r.converged, r.stop);
  assert.ok(Math.abs(r.x[0]! - 1) < 1e-8 && Math.abs(r.x[1]! - 1) < 1e-8, `${r.x}`);
  assert.ok(r.iterations < 100, `${r.iterations} iterations`);
});

test('L-BFGS solves an ill-conditioned quadratic in 10 dimensions', () => {
  const n = 10;
  const scale = Array.from({ length: n }, (_, i) => 10 ** (i / 3)); // condition number 1e3
  const quad = (x: Float64Array, g: Float64Array) => {
    let f = 0;
    for (let i = 0; i < n; i++) {
      const d = x[i]! - i;
      f += 0.5 * scale[i]! * d * d;
      g[i] = scale[i]! * d;
    }
    return f;
  };
  const r = lbfgs(quad, new Array(n).fill(5), { gradientTolerance: 1e-9, functionTolerance: 0 });
  assert.equal(r.stop, 'gradient');
  for (let i = 0; i < n; i++) assert.ok(Math.abs(r.x[i]! - i) < 1e-8);
});

test('L-BFGS steps back from non-finite trial points and reports a non-finite start', () => {
  // f = x − log(x) for x > 0 (minimum at 1), NaN elsewhere: a first step overshoots into x < 0.
  const f = (x: Float64Array, g: Float64Array) => {
    const v = x[0]!;
    g[0] = 1 - 1 / v;
    return v > 0 ? v - Math.log(v) : NaN;
  };
  const r = lbfgs(f, [0.05]);
  assert.ok(Math.abs(r.x[0]! - 1) < 1e-4, `${r.x[0]}`);
  const bad = lbfgs(() => NaN, [0]);
  assert.equal(bad.stop, 'non-finite');
  assert.equal(bad.converged, false);
});

test('Huber loss is scipy.special.huber(δ, r)', () => {
  assert.equal(huber(0.0005, 1e-3), 0.5 * 0.0005 ** 2);
  assert.equal(huber(-0.02, 1e-3), 1e-3 * (0.02 - 0.5e-3));
  assert.equal(huber(1e-3, 1e-3), 0.5e-6); // continuous at ±δ
  assert.equal(HUBER_DELTA, 1e-3);
});

test('the analytic gradient of the Huber-LSE objective matches central differences', () => {
  const rng = createRng(5);
  const runs = Array.from({ length: 40 }, () => {
    const params = 10 ** (7 + 3 * rng.next());
    const tokens = 10 ** (9 + 3 * rng.next());
    return { params, tokens, loss: (1.8 + 480 / params ** 0.35 + 2000 / tokens ** 0.37) * Math.exp(0.02 * rng.normal()) };
  });
  const data = { ...toLogRuns(runs), weight: Float64Array.from(runs, (_, i) => 1 + (i % 3)) };
  const fg = lawObjective(data);
  for (const x0 of [
    [6.2, 7.6, 0.6, 0.35, 0.37],
    [0, 5, -1, 0.5, 1],
    [20, 2, 1, 1.5, 0.1],
  ]) {
    const x = Float64Array.from(x0);
    const g = new Float64Array(5);
    const f = fg(x, g);
    assert.ok(Math.abs(f - objectiveValue(data, x)) <= 1e-15 * Math.max(1, f));
    for (let i = 0; i < 5; i++) {
      const h = 1e-6;
      const xp = Float64Array.from(x);
      const xm = Float64Array.from(x);
      xp[i] = xp[i]! + h;
      xm[i] = xm[i]! - h;
      const fd = (objectiveValue(data, xp) - objectiveValue(data, xm)) / (2 * h);
      assert.ok(Math.abs(fd - g[i]!) <= 1e-6 * Math.max(1e-3, Math.abs(g[i]!)), `∂f/∂x${i} at ${x0}: ${g[i]} vs ${fd}`);
    }
  }
});

test('the seeded generator is reproducible and roughly uniform and normal', () => {
  const a = createRng(42);
  const b = createRng(42);
  const xs = Array.from({ length: 10000 }, () => a.next());
  assert.deepEqual(
    xs.slice(0, 5),
    Array.from({ length: 5 }, () => b.next()),
  );
  assert.ok(Math.abs(quantile(xs, 0.5) - 0.5) < 0.02);
  const z = Array.from({ length: 10000 }, () => a.normal());
  assert.ok(Math.abs(quantile(z, 0.975) - 1.96) < 0.08);
});
