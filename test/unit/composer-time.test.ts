// Composer time strings (llm-foundry max_duration) and OLMo max_duration forms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseComposerTime, parseOlmoDuration } from '../../src/configs/shared/composerTime';

const ok = (input: unknown, unit: string, value: number) => {
  const r = parseComposerTime(input);
  assert.ok(r.ok, `${String(input)}: ${r.ok ? '' : r.error}`);
  assert.deepEqual(r.time, { unit, value });
};
const bad = (input: unknown, pattern?: RegExp) => {
  const r = parseComposerTime(input);
  assert.equal(r.ok, false, `${String(input)} should not parse`);
  if (!r.ok && pattern) assert.match(r.error, pattern);
};

test('Composer: <number><unit> for every unit', () => {
  ok('4800ba', 'ba', 4800);
  ok('63900ba', 'ba', 63900);
  ok('1ep', 'ep', 1);
  ok('2000000tok', 'tok', 2_000_000);
  ok('1000sp', 'sp', 1000);
  ok('10iter', 'iter', 10);
  ok('0.5dur', 'dur', 0.5);
  ok('100sec', 'sec', 100);
});

test('Composer: scientific numbers, underscores, case and spaces', () => {
  ok('3e4tok', 'tok', 30_000);
  ok('2.5e9tok', 'tok', 2_500_000_000);
  ok('1_000ba', 'ba', 1000);
  ok('2EP', 'ep', 2);
  ok('  4800ba  ', 'ba', 4800);
});

test('Composer: XhYmZs wall-clock times are seconds', () => {
  ok('1h30m', 'sec', 5400);
  ok('45m', 'sec', 2700);
  ok('20s', 'sec', 20);
  ok('2h0m10s', 'sec', 7210);
  bad('90m', /minutes below 60/);
  bad('25h', /hours/);
});

test('Composer: a bare number is epochs (Trainer ensure_time default)', () => {
  ok(3, 'ep', 3);
  assert.deepEqual(parseComposerTime(5, 'ba'), { ok: true, time: { unit: 'ba', value: 5 } });
  bad(1.5, /whole/);
});

test('Composer: non-dur units must be whole; nonsense and hostile input are errors, not throws', () => {
  bad('1.5ba', /whole number/);
  bad('0.5ep', /whole number/);
  bad('-3ba', /negative/);
  bad('abc', /not a Composer time/);
  bad('ba', /not a Composer time/);
  bad('xba', /not a number/);
  bad('', /not a Composer time/);
  bad(null);
  bad(undefined);
  bad({ a: 1 });
  bad('1e308tok', /implausibly large/);
  bad('infdur');
  bad('nanba');
});

const olmo = (input: unknown, kind: string, value: number) => {
  const r = parseOlmoDuration(input);
  assert.ok(r.ok, `${String(input)}: ${r.ok ? '' : r.error}`);
  assert.deepEqual(r.time, { kind, value });
};

test('OLMo: int steps, "<x>T" tokens, "<n>ep" epochs, numeric strings are steps', () => {
  olmo(739328, 'steps', 739_328);
  olmo('739_328', 'steps', 739_328); // YAML 1.2 reads 739_328 as a string
  olmo('1e6', 'steps', 1_000_000);
  olmo('2e12T', 'tokens', 2e12);
  olmo('4e12T', 'tokens', 4e12);
  olmo('5_000_000T', 'tokens', 5_000_000);
  olmo('1ep', 'epochs', 1);
  olmo('2 ep', 'epochs', 2);
});

test('OLMo: bad durations are errors', () => {
  for (const v of [1.5, '1.5ep', 'abcT', 'abc', '-5', '2e12t', null, [1], true]) {
    const r = parseOlmoDuration(v);
    assert.equal(r.ok, false, `${JSON.stringify(v)} should not parse`);
  }
  const neg = parseOlmoDuration('-5');
  assert.ok(!neg.ok && /negative/.test(neg.error));
});
