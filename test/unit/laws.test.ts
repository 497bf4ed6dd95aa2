// The test vectors of docs/laws.md (Kaplan, Chinchilla family, DeepSeek, Muennighoff) through the public core API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BUILT_IN_LAWS,
  checkLawInputs,
  dataConstrainedLoss,
  deepseekSuggestion,
  findLaw,
  kaplanComputeEfficient,
  kaplanCriticalBatch,
  kaplanLoss,
  kaplanLossOfParams,
  kaplanLossOfParamsAndSteps,
  kaplanLossOfTokens,
  kaplanOverfittingMinTokens,
  type ScalingLaw,
} from '../../src/core/index';

/** |actual − expected| within `rel` of expected. */
function near(actual: number, expected: number, rel: number, what: string) {
  assert.ok(Math.abs(actual - expected) <= Math.abs(expected) * rel, `${what}: ${actual} vs ${expected}`);
}
/** actual, rounded to the significant digits printed in docs/laws.md, equals the printed value. */
function printed(actual: number, expected: string, what: string) {
  const digits = expected
    .replace(/e.*$/i, '')
    .replace(/[^0-9]/g, '')
    .replace(/^0+/, '').length;
  assert.equal(Number(actual.toPrecision(digits)), Number(expected), `${what}: ${actual} vs ${expected}`);
}
const law = (id: string): ScalingLaw => findLaw(id)!;

test('Kaplan 2020 test vectors (docs/laws.md#kaplan-test-vectors)', () => {
  printed(kaplanLossOfParams(1.5e9), '2.3036', 'L(N=1.5e9)');
  printed(kaplanLossOfTokens(1e10), '2.2624', 'L(D=1e10)');
  printed(kaplanLoss(1e9, 1e10), '2.4197', 'L(N=1e9, D=1e10)');
  printed(law('kaplan-2020').predict(1e9, 1e10), '2.4197', 'law.predict');
  const a = kaplanComputeEfficient(1e21);
  printed(a.loss, '2.3518', 'L(C=1e21)');
  printed(a.params, '7.77e9', 'N_opt(1e21)');
  printed(a.tokens, '3.87e10', 'D_opt(1e21)');
  const g = kaplanComputeEfficient(5.76e23);
  printed(g.loss, '1.7115', 'L(Gopher budget)');
  printed(g.params, '8.04e11', 'N_opt(Gopher budget)');
  printed(g.tokens, '2.16e11', 'D_opt(Gopher budget)');
  printed(kaplanCriticalBatch(3.0), '1.07e6', 'B_crit(3.0)');
  printed(kaplanCriticalBatch(2.5), '2.55e6', 'B_crit(2.5)');
  printed(kaplanCriticalBatch(2.0), '7.37e6', 'B_crit(2.0)');
  // Overfitting rule: 8× model needs ~5× data (§1.2).
  near(kaplanOverfittingMinTokens(8e9) / kaplanOverfittingMinTokens(1e9), 8 ** 0.74, 1e-12, '8x model -> 4.66x data');
});

test('Kaplan L(N, S) approaches L(N) as steps grow and exceeds it for few steps', () => {
  const N = 1e8;
  assert.ok(kaplanLossOfParamsAndSteps(N, 1e3, 5e5) > kaplanLossOfParamsAndSteps(N, 1e5, 5e5));
  assert.ok(kaplanLossOfParamsAndSteps(N, 1e9, 5e5) - (6.5e13 / N) ** 0.077 < 1e-3);
});

test('Chinchilla-family test vectors (docs/laws.md#chinchilla-test-vectors)', () => {
  const rows: Array<[string, number, number, number, [number, number, number], [number, number, number]]> = [
    ['chinchilla-2022', 1.9366, 1.9933, 3.0607, [3.25e10, 3.02e12, 92.8], [2.14e11, 2.97e13, 139]],
    ['chinchilla-2022-tex', 1.9208, 1.9672, 3.0057, [4.07e10, 2.41e12, 59.0], [2.73e11, 2.32e13, 84.8]],
    ['epoch-2024', 1.9739, 1.9996, 3.0137, [7.3e10, 1.34e12, 18.4], [6.19e11, 1.02e13, 16.6]],
  ];
  for (const [id, l70, l280, l124, opt1, opt2] of rows) {
    const l = law(id);
    printed(l.predict(70e9, 1.4e12), l70.toFixed(4), `${id} L(70B, 1.4T)`);
    printed(l.predict(280e9, 300e9), l280.toFixed(4), `${id} L(280B, 300B)`);
    printed(l.predict(124e6, 10e9), l124.toFixed(4), `${id} L(124M, 10B)`);
    for (const [C, [N, D, ratio]] of [
      [5.88e23, opt1],
      [3.8e25, opt2],
    ] as const) {
      const o = l.optimal(C);
      near(o.params, N, 6e-3, `${id} N_opt(${C})`);
      near(o.tokens, D, 6e-3, `${id} D_opt(${C})`);
      near(o.tokens / o.params, ratio, 1e-2, `${id} D:N(${C})`);
      near(6 * o.params * o.tokens, C, 1e-12, `${id} 6ND = C`);
    }
  }
});

test('Chinchilla frontier exponents a = β/(α+β) (docs/laws.md#efficient-frontier): 0.4516 rounded, 0.4565 unrounded, 0.5126 Epoch', () => {
  for (const [id, a] of [
    ['chinchilla-2022', 0.4516],
    ['chinchilla-2022-tex', 0.4565],
    ['epoch-2024', 0.5126],
  ] as const) {
    const l = law(id);
    const slope = Math.log(l.optimal(1e24).params / l.optimal(1e20).params) / Math.log(1e4);
    near(slope, a, 5e-4, `${id} a`);
  }
});

test('Muennighoff 2023 README vectors (docs/laws.md#data-constrained-law-muennighoff-2023)', () => {
  assert.equal(dataConstrainedLoss(6.34e9, 242e9, 25e9).toFixed(12), (2.2256440889984477).toFixed(12));
  assert.equal(dataConstrainedLoss(8.67e9, 178e9, 25e9).toFixed(12), (2.2269634075087867).toFixed(12));
  const l = law('muennighoff-2023');
  near(l.predict(6.34e9, 242e9, { uniqueTokens: 25e9 }), 2.2256440889984477, 1e-12, 'via law.predict');
  const o = l.optimal(1e22, { uniqueTokens: 25e9 });
  // README grid search: 2.373e11 tokens, 9.49 epochs, 7.02e9 params (our continuous search lands within 0.2%).
  near(o.tokens, 2.373e11, 2e-3, 'tokens');
  near(o.epochs!, 9.49, 2e-3, 'epochs');
  near(o.params, 7.02e9, 2e-3, 'params');
  // Without repetition the law is the plain parametric form.
  near(l.predict(1e9, 2e10), dataConstrainedLoss(1e9, 2e10, 2e10), 1e-15, 'U = D');
});

test('DeepSeek LLM suggestions (docs/laws.md#deepseek-llm-2024)', () => {
  const a = deepseekSuggestion(1e20);
  printed(a.flopsPerToken, '5.25e9', 'M_opt(1e20)');
  // docs/laws.md#deepseek-llm-2024 prints 1.91e10, but its own constants give 5.8316·1e20^0.4757 = 1.905e10; within 0.3%.
  near(a.tokens, 1.91e10, 3e-3, 'D_opt(1e20)');
  printed(a.learningRate, '9.86e-4', 'lr(1e20)');
  printed(a.batchTokens, '1.02e6', 'B(1e20)');
  const b = deepseekSuggestion(3e23);
  printed(b.flopsPerToken, '3.49e11', 'M_opt(3e23)');
  printed(b.tokens, '8.59e11', 'D_opt(3e23)');
  printed(b.learningRate, '3.62e-4', 'lr(3e23)');
  printed(b.batchTokens, '1.40e7', 'B(3e23)');
});

test('every law names its citation, dataset, units and which N it expects', () => {
  for (const l of BUILT_IN_LAWS) {
    assert.ok(l.citation.length > 10 && l.dataset && l.lossUnit.includes('nats'), l.id);
    assert.ok(l.paramsKind === 'total' || l.paramsKind === 'nonEmbedding');
  }
  assert.equal(law('kaplan-2020').paramsKind, 'nonEmbedding');
  assert.equal(law('epoch-2024').paramsKind, 'total');
});

test('checkLawInputs rejects what a law cannot take', () => {
  assert.match(checkLawInputs({ params: 1e9, tokens: 0 })!, /tokens must be greater than 0/);
  assert.match(checkLawInputs({ params: Number.NaN })!, /finite/);
  assert.match(checkLawInputs({ tokens: 1e9, uniqueTokens: 2e9 })!, /cannot exceed/);
  assert.equal(checkLawInputs({ params: 1e9, tokens: 1e10 }), null);
});
