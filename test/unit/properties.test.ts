// Property tests: the laws are monotone where they must be and finite for every valid input;
// the counter gives exact positive integers; numbers parse back from how they print.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  BUILT_IN_LAWS,
  countParams,
  flopsPerToken,
  estimate,
  emptyPlan,
  parseFraction,
  parseQuantity,
  formatQuantity,
  validateArchitecture,
  type Architecture,
  type FlopConvention,
} from '../../src/core/index';

// Log-uniform positive reals over the scales people use: 1e3 .. 1e16.
const logUniform = (lo: number, hi: number) => fc.double({ min: Math.log10(lo), max: Math.log10(hi), noNaN: true }).map((e) => 10 ** e);
const N = logUniform(1e3, 1e14);
const D = logUniform(1e3, 1e16);
const C = logUniform(1e12, 1e30);
const factor = fc.double({ min: 1.001, max: 100, noNaN: true });

for (const law of BUILT_IN_LAWS) {
  test(`${law.id}: more N or D never raises the predicted loss, and it is finite`, () => {
    fc.assert(
      fc.property(N, D, factor, (n, d, k) => {
        const l = law.predict(n, d);
        assert.ok(Number.isFinite(l) && l > 0);
        assert.ok(law.predict(n * k, d) <= l + 1e-12);
        assert.ok(law.predict(n, d * k) <= l + 1e-12);
      }),
      { numRuns: 300 },
    );
  });

  test(`${law.id}: optimal N and D grow with compute and stay finite`, () => {
    fc.assert(
      fc.property(C, factor, (c, k) => {
        const a = law.optimal(c);
        const b = law.optimal(c * k);
        for (const v of [a.params, a.tokens, a.loss, b.params, b.tokens, b.loss]) assert.ok(Number.isFinite(v) && v > 0);
        assert.ok(b.params >= a.params && b.tokens >= a.tokens);
        assert.ok(b.loss <= a.loss + 1e-12);
      }),
      { numRuns: 200 },
    );
  });
}

test('muennighoff-2023: fewer unique tokens never lowers the loss; finite for any repetition', () => {
  const law = BUILT_IN_LAWS.find((l) => l.id === 'muennighoff-2023')!;
  fc.assert(
    fc.property(N, D, fc.double({ min: 1e-6, max: 1, noNaN: true }), (n, d, share) => {
      const u = Math.max(1, d * share);
      const l = law.predict(n, d, { uniqueTokens: u });
      assert.ok(Number.isFinite(l));
      assert.ok(l >= law.predict(n, d, { uniqueTokens: d }) - 1e-12);
    }),
    { numRuns: 300 },
  );
});

const archArb: fc.Arbitrary<Architecture> = fc
  .record({
    layers: fc.integer({ min: 1, max: 200 }),
    heads: fc.integer({ min: 1, max: 128 }),
    groups: fc.integer({ min: 1, max: 8 }),
    headDim: fc.constantFrom(32, 64, 80, 96, 128, 256),
    ffn: fc.integer({ min: 1, max: 100_000 }),
    mlp: fc.constantFrom('mlp' as const, 'glu' as const),
    vocab: fc.integer({ min: 1, max: 300_000 }),
    seqLen: fc.integer({ min: 1, max: 131_072 }),
    positions: fc.constantFrom('learned' as const, 'rotary' as const, 'alibi' as const),
    norm: fc.constantFrom('layernorm' as const, 'rmsnorm' as const, 'nonparametric' as const),
    linearBias: fc.boolean(),
    tied: fc.boolean(),
    moe: fc.option(fc.record({ experts: fc.integer({ min: 1, max: 64 }), topK: fc.integer({ min: 1, max: 8 }), dense: fc.integer({ min: 0, max: 3 }) })),
  })
  .map((r) => {
    const kvHeads = r.heads % r.groups === 0 ? r.heads / r.groups : r.heads;
    const experts = r.moe ? Math.max(r.moe.experts, r.moe.topK) : 0;
    return {
      layers: r.layers,
      dModel: r.heads * r.headDim,
      heads: r.heads,
      kvHeads,
      headDim: r.headDim,
      ffn: r.ffn,
      mlp: r.mlp,
      vocab: r.vocab,
      seqLen: r.seqLen,
      positions: r.positions,
      norm: r.norm,
      linearBias: r.linearBias,
      tiedEmbeddings: r.tied,
      ...(r.moe ? { moe: { experts, topK: r.moe.topK, expertFfn: r.ffn, sharedExperts: 0, denseLayers: Math.min(r.moe.dense, r.layers) } } : {}),
    };
  });

test('parameter counts are exact positive integers, active ≤ total, and more layers means more parameters', () => {
  fc.assert(
    fc.property(archArb, (a) => {
      assert.deepEqual(validateArchitecture(a), []);
      const c = countParams(a);
      assert.ok(Number.isSafeInteger(c.total) && c.total > 0);
      assert.ok(c.active <= c.total && c.active > 0 && c.nonEmbedding > 0 && c.nonEmbedding < c.total);
      assert.ok(countParams({ ...a, layers: a.layers + 1 }).total > c.total);
      for (const conv of ['6N', 'palm', 'kaplan', 'chinchilla'] as FlopConvention[]) {
        const f = flopsPerToken(a, c, conv);
        assert.ok(Number.isFinite(f) && f > 0, conv);
      }
    }),
    { numRuns: 300 },
  );
});

test('estimate never returns a non-finite number for a countable architecture and positive tokens', () => {
  fc.assert(
    fc.property(archArb, D, (a, d) => {
      const e = estimate({ ...emptyPlan, architecture: { value: a, origin: 'stated', source: 't' }, tokens: { value: d, origin: 'stated', source: 't' } });
      const numbers = JSON.stringify(e, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? 'NON-FINITE' : v));
      assert.doesNotMatch(numbers, /NON-FINITE/);
    }),
    { numRuns: 200 },
  );
});

test('formatQuantity output parses back within its rounding', () => {
  fc.assert(
    fc.property(logUniform(1, 1e14), (v) => {
      const back = parseQuantity(formatQuantity(v));
      assert.ok(back !== null && Math.abs(back - v) / v < 5e-3, `${v} -> ${formatQuantity(v)} -> ${back}`);
    }),
  );
  assert.equal(parseQuantity('1.4T'), 1.4e12);
  assert.equal(parseQuantity('70B'), 7e10);
  assert.equal(parseQuantity('7M'), 7e6);
  assert.equal(parseQuantity('150_001'), 150001);
  assert.equal(parseQuantity('1e999'), null);
  assert.equal(parseQuantity(''), null);
});

test('parseFraction: 0.45 and 45% are 0.45; a bare 45 only where percent is the reading; nothing outside (0, 1]', () => {
  assert.equal(parseFraction('0.45', 'reject'), 0.45);
  assert.equal(parseFraction(' 45% ', 'reject'), 0.45);
  assert.equal(parseFraction('45', 'percent'), 0.45);
  assert.equal(parseFraction('45', 'reject'), null);
  for (const bad of ['0', '-0.2', '250%', 'abc', '', '1e400']) assert.equal(parseFraction(bad, 'percent'), null, bad);
  fc.assert(
    fc.property(fc.string(), (s) => {
      const v = parseFraction(s, 'percent');
      assert.ok(v === null || (v > 0 && v <= 1));
    }),
  );
});
