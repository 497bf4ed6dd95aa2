// Custom laws from settings: formulas in N, D, C compiled by a restricted mathjs, known mathjs
// escape expressions refused, a numeric compute-optimal point that matches the closed form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCustomLaw, compileCustomLaws, numericOptimal, restrictedMath, type CustomLawResult } from '../../src/core/laws/custom';
import { parametricLoss, parametricOptimal, type ScalingLaw } from '../../src/core/index';

const ok = (formula: string, extra: Record<string, unknown> = {}): ScalingLaw => {
  const r = compileCustomLaw({ name: 'mine', formula, ...extra });
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.law;
};
const refused = (formula: string, re: RegExp) => {
  const r: CustomLawResult = compileCustomLaw({ name: 'mine', formula });
  assert.equal(r.ok, false, `${formula} should be refused`);
  if (!r.ok) {
    assert.match(r.error, re, formula);
    assert.ok(!r.error.includes('\n'), 'one line');
    assert.match(r.error, /^custom law "mine": /);
  }
};

test('a Chinchilla-form formula predicts like the parametric law and finds the same optimum numerically', () => {
  const law = ok('1.9 + 500 / N^0.35 + 2000 / D^0.36');
  const c = { E: 1.9, A: 500, B: 2000, alpha: 0.35, beta: 0.36 };
  assert.equal(law.id, 'custom:mine');
  assert.equal(law.formula, 'L = 1.9 + 500 / N^0.35 + 2000 / D^0.36');
  assert.equal(law.paramsKind, 'total');
  assert.deepEqual(law.range.params, [null, null]);
  for (const [N, D] of [
    [1e8, 2e9],
    [7e10, 1.4e12],
  ] as const)
    assert.ok(Math.abs(law.predict(N, D) - parametricLoss(c, N, D)) < 1e-12);
  for (const C of [1e19, 5.88e23, 1e26]) {
    const numeric = law.optimal(C);
    const exact = parametricOptimal(c, C);
    assert.ok(Math.abs(numeric.params - exact.params) / exact.params < 1e-6, `N_opt(${C}): ${numeric.params} vs ${exact.params}`);
    assert.ok(Math.abs(numeric.loss - exact.loss) < 1e-12);
    assert.ok(Math.abs(6 * numeric.params * numeric.tokens - C) / C < 1e-12);
  }
});

test('formulas may use C, e, pi, implicit multiplication and the allowed functions', () => {
  assert.ok(Math.abs(ok('1.7 + 2e3 * C^-0.05 + 10/N^0.1').predict(1e9, 1e10) - (1.7 + 2e3 * 6e19 ** -0.05 + 10 / 1e9 ** 0.1)) < 1e-12);
  assert.ok(Number.isFinite(ok('2 N^-0.1 + 3 D^-0.2 + 1').predict(1e9, 1e10)));
  assert.ok(Number.isFinite(ok('exp(1) + log(N)/N + sqrt(1e6/D) + max(0.1, 50/N^0.3) + pi/10').predict(1e9, 1e10)));
  assert.equal(ok('2 + 1e3/D^0.3', { paramsKind: 'nonEmbedding', lossUnit: 'bits per byte' }).lossUnit, 'bits per byte');
});

test('known mathjs escapes and everything that is not arithmetic are refused before evaluation', () => {
  refused('import({}, {override: true})', /function "import" is not allowed/);
  refused('createUnit("x")', /function "createUnit" is not allowed/);
  refused('evaluate("1")', /function "evaluate" is not allowed/);
  refused('parse("1")', /function "parse" is not allowed/);
  refused('simplify("N^2")', /function "simplify" is not allowed/);
  refused('derivative("N^2", "N")', /function "derivative" is not allowed/);
  refused('cos.constructor("return process")()', /does not parse|property access|only named functions/);
  refused('cos.constructor("return process")(1)', /only named functions can be called/);
  refused('[].map.constructor("return process")(1)', /only named functions can be called/);
  refused('[].map', /property access/);
  refused('N.constructor', /property access \(a\.b or a\[b\]\) is not allowed/);
  refused('cos["constructor"]', /property access/);
  refused('f(x) = x^2', /function definitions \(f\(x\) = …\) are not allowed/);
  refused('x = 1', /assignments \(x = …\) are not allowed/);
  refused('"abc"', /strings are not allowed/);
  refused('1 + "2"', /strings are not allowed/);
  refused('[1, 2]', /arrays are not allowed/);
  refused('{a: 1}', /objects are not allowed/);
  refused('1:3', /ranges/);
  refused('N; D', /one expression only/);
  refused('N > 1 ? 1 : 2', /conditionals/);
  refused('N > 1', /operator ">" is not allowed/);
  refused('N!', /operator "!" is not allowed/);
  refused('5 cm + N', /unknown symbol "cm"/);
  refused('1.9 + 500/N^0.35 + x', /unknown symbol "x" \(use N, D, C/);
  refused('cos(N)', /function "cos" is not allowed/);
  refused('exp + N', /exp is a function: call it/);
  refused('1.9 + ', /does not parse/);
  refused(`${'('.repeat(1500)}N${')'.repeat(1500)}`, /longer than 2000 characters|nested too deeply/);
  refused(`${'('.repeat(900)}N${')'.repeat(900)}`, /nested too deeply/);
});

test('the restricted instance itself throws on the dangerous functions (defence in depth)', () => {
  const { parse } = restrictedMath();
  for (const expr of [
    'import({}, {override: true})',
    'createUnit("x")',
    'evaluate("1")',
    'parse("1")',
    'simplify("x")',
    'derivative("x", "x")',
    'compile("1")',
    'resolve("x", {})',
  ]) {
    assert.throws(() => parse(expr).compile().evaluate({}), /is disabled in custom laws/, expr);
  }
});

test('formulas without N, D or C, or with values that are not finite positive losses, get a clear message', () => {
  refused('2', /uses none of N, D, C/);
  refused('pi', /uses none of N, D, C/);
  refused('log(-N)', /gives no real number at N = 1e7, D = 1e9/);
  refused('sqrt(-N)', /gives no real number/);
  refused('1/0 * N', /gives Infinity at N = 1e7/);
  refused('1 - N/1e8', /gives 0\.9 at N = 1e7|gives -9 at N = 1e9|a loss must be a finite number greater than 0/);
  const r = compileCustomLaw({ name: ' ', formula: 'N' });
  assert.equal(r.ok, false);
  assert.equal(compileCustomLaw({ name: 'x', formula: '' }).ok, false);
});

test('a law with no interior optimum has none: NaN, which the callers report', () => {
  assert.ok(Number.isNaN(ok('1.9 + 500/N^0.35').optimal(1e21).params)); // falls forever with N
  assert.ok(Number.isNaN(ok('1.8 + 3e3/C^0.1').optimal(1e21).params)); // flat in the split
  assert.ok(Number.isNaN(numericOptimal(() => NaN, 1e21).params));
  assert.ok(Number.isNaN(numericOptimal(() => 1, 1).params));
});

test('the setting: an object of name → formula or a list; bad entries are skipped with a message', () => {
  const { laws, errors } = compileCustomLaws({ good: '1.9 + 500 / N^0.35 + 2000 / D^0.36', bad: '1.9 + ', evil: 'import({}, {override:true})', weird: 42 });
  assert.deepEqual(
    laws.map((l) => l.id),
    ['custom:good'],
  );
  assert.deepEqual(errors.map((e) => e.name).sort(), ['bad', 'evil', 'weird']);
  const list = compileCustomLaws([{ name: 'a', formula: '2 + 100/N^0.3 + 100/D^0.3', lossUnit: 'bits per byte' }, { name: 'a', formula: 'N' }, 'x']);
  assert.deepEqual(
    list.laws.map((l) => [l.id, l.lossUnit]),
    [['custom:a', 'bits per byte']],
  );
  assert.equal(list.errors.length, 2);
  assert.match(list.errors.find((e) => e.name === 'a')!.error, /defined twice/);
  assert.deepEqual(compileCustomLaws(undefined), { laws: [], errors: [] });
  assert.equal(compileCustomLaws('nope').errors.length, 1);
});
