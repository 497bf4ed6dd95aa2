// The curve series of src/core/curves.ts: every point is the law's own predict()/optimal(), and
// the points the charts mark (optima, the optimal length for a size, the spread) are where the
// laws put them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  BUILT_IN_LAWS,
  decadeSpan,
  envelope,
  findLaw,
  frontier,
  isoFlopProfile,
  logspace,
  lossFloor,
  optimalPointForParams,
  tokenProfile,
  type ScalingLaw,
} from '../../src/core/index';

const law = (id: string): ScalingLaw => findLaw(id)!;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

test('logspace: exact ends, even steps in log, increasing', () => {
  const xs = logspace(1e17, 1e23, 7);
  assert.equal(xs[0], 1e17);
  assert.equal(xs[6], 1e23);
  xs.forEach((x, i) => assert.ok(rel(x, 10 ** (17 + i)) < 1e-12, `${x} vs 1e${17 + i}`));
  assert.deepEqual(logspace(5, 50, 1), [5]);
  assert.throws(() => logspace(0, 10, 5), RangeError);
  assert.throws(() => logspace(1, Infinity, 5), RangeError);
});

test('decadeSpan: whole decades around the values, padded; fallback without values', () => {
  assert.deepEqual(decadeSpan([1.9e18], 2, [1, 10]), [1e16, 1e21]);
  assert.deepEqual(decadeSpan([1e20], 0, [1, 10]), [1e20, 1e21]);
  assert.deepEqual(decadeSpan([3e9, 2.5e10], 1, [1, 10]), [1e8, 1e12]);
  assert.deepEqual(decadeSpan([NaN, -1, 0], 1, [1e17, 1e24]), [1e17, 1e24]);
});

test('frontier: law.optimal at each budget, bit for bit', () => {
  const grid = logspace(1e18, 1e24, 13);
  for (const l of BUILT_IN_LAWS) {
    const f = frontier(l, grid);
    assert.equal(f.length, grid.length, l.id);
    f.forEach((p, i) => assert.deepEqual(p, l.optimal(grid[i]!), `${l.id} at ${grid[i]}`));
  }
  // With unique tokens the data-constrained law answers the constrained question.
  const m = law('muennighoff-2023');
  assert.deepEqual(frontier(m, [1e22], { uniqueTokens: 2.5e10 })[0], m.optimal(1e22, { uniqueTokens: 2.5e10 }));
});

test('iso-FLOP profile: C = 6ND on every point, losses from predict, minimum at the law optimum (parametric laws)', () => {
  for (const id of ['epoch-2024', 'chinchilla-2022', 'chinchilla-2022-tex', 'muennighoff-2023']) {
    const l = law(id);
    const C = 3e21;
    const opt = l.optimal(C);
    const grid = logspace(opt.params / 10, opt.params * 10, 201);
    const prof = isoFlopProfile(l, C, grid);
    assert.equal(prof.length, grid.length);
    for (const p of prof) {
      assert.ok(rel(6 * p.params * p.tokens, C) < 1e-12, `${id}: 6ND = ${6 * p.params * p.tokens}`);
      assert.equal(p.loss, l.predict(p.params, p.tokens));
    }
    // The grid's lowest point is the grid point next to the closed-form optimum.
    const best = prof.reduce((a, b) => (b.loss < a.loss ? b : a));
    assert.ok(Math.abs(Math.log(best.params / opt.params)) <= Math.log(100) / 200 + 1e-12, `${id}: grid minimum ${best.params} vs optimum ${opt.params}`);
    assert.ok(best.loss >= opt.loss - 1e-12, `${id}: nothing on the profile beats the optimum`);
  }
});

test('iso-FLOP profile with unique tokens: the data-constrained loss, unique tokens capped at D', () => {
  const l = law('muennighoff-2023');
  const [p] = isoFlopProfile(l, 1e21, [1e9], { uniqueTokens: 1e13 });
  assert.equal(p!.loss, l.predict(1e9, 1e21 / 6e9, { uniqueTokens: 1e21 / 6e9 }));
  const [q] = isoFlopProfile(l, 1e21, [1e9], { uniqueTokens: 1e10 });
  assert.equal(q!.loss, l.predict(1e9, 1e21 / 6e9, { uniqueTokens: 1e10 }));
  assert.ok(q!.loss > p!.loss, 'repeating 1e10 unique tokens costs loss');
});

test('token profile: decreasing in D towards the floor L(N, ∞)', () => {
  for (const l of BUILT_IN_LAWS) {
    const N = 1.25e8;
    const prof = tokenProfile(l, N, logspace(1e8, 1e13, 40));
    const floor = lossFloor(l, N);
    prof.forEach((p, i) => {
      assert.equal(p.flops, 6 * N * p.tokens);
      assert.equal(p.loss, l.predict(N, p.tokens));
      assert.ok(p.loss > floor, `${l.id}: ${p.loss} above the floor ${floor}`);
      if (i > 0) assert.ok(p.loss < prof[i - 1]!.loss, `${l.id}: decreasing at ${p.tokens}`);
    });
  }
  // Epoch 2024's floor is E + A/N^α (B/D^β at D = 1e30 adds 2e-8).
  const N = 1.25e8;
  assert.ok(rel(lossFloor(law('epoch-2024'), N), 1.8172 + 482.01 / N ** 0.3478) < 1e-7);
});

test('optimalPointForParams: the budget where N is compute-optimal, for every law', () => {
  for (const l of BUILT_IN_LAWS) {
    for (const N of [3e7, 1.25e8, 7e9, 7e10]) {
      const p = optimalPointForParams(l, N);
      assert.ok(p, `${l.id}: ${N}`);
      assert.ok(rel(p.params, N) < 1e-9, `${l.id}: optimal N ${p.params} vs ${N}`);
      assert.deepEqual(p, l.optimal(p.flops), `${l.id}: the law's own allocation at that budget`);
    }
  }
  // Chinchilla-style laws: about 20–30 tokens per parameter at 125M parameters.
  const p = optimalPointForParams(law('epoch-2024'), 1.25e8)!;
  assert.ok(p.tokens / p.params > 20 && p.tokens / p.params < 30, `${p.tokens / p.params}`);
  assert.equal(optimalPointForParams(law('epoch-2024'), 0), null);
  assert.equal(optimalPointForParams(law('epoch-2024'), NaN), null);
  assert.equal(optimalPointForParams(law('epoch-2024'), 1e40), null, 'beyond any budget searched');
});

test('optimalPointForParams inverts the frontier (property)', () => {
  fc.assert(
    fc.property(fc.constantFrom(...BUILT_IN_LAWS), fc.double({ min: 17, max: 26, noNaN: true }), (l, logC) => {
      const C = 10 ** logC;
      const o = l.optimal(C);
      const back = optimalPointForParams(l, o.params)!;
      return rel(back.flops, C) < 1e-6;
    }),
    { numRuns: 200 },
  );
});

test('envelope: pointwise min and max', () => {
  assert.deepEqual(
    envelope([
      [3, 1, 2],
      [2, 2, 2],
      [1, 3, 5],
    ]),
    { lo: [1, 1, 2], hi: [3, 3, 5] },
  );
  assert.deepEqual(envelope([]), { lo: [], hi: [] });
  assert.deepEqual(envelope([[1, 2], [4]]), { lo: [1], hi: [4] });
});
