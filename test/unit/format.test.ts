// The one formatting module (src/format): exact outputs for the values users reported, and
// properties on random inputs: never NaN/Infinity/e+ raw, never 0.0 for a positive value, never
// a 40-digit figure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as f from '../../src/format/index';

test('the reported values now read correctly', () => {
  // "0.0 GPU-h" for a tiny run: significant figures instead.
  assert.equal(f.formatGpuHours(0.0042), '0.0042 GPU-h');
  // "0.0 tokens per parameter"
  assert.equal(f.formatRough(0.0213), '0.0213');
  // "10231.1 days on 8 GPUs": years past one year.
  assert.equal(f.formatWallClock(10231.1 * 24, 8), '28 years on 8 GPUs');
  // "GPU-hours 26.8K h (1114.7 days)": GPU-days are labelled as such.
  assert.equal(f.formatGpuTime(26_753), '26,800 GPU-h (1,110 GPU-days)');
  // "1.7547110482222675e+41 days"
  assert.equal(f.formatDuration(1.7547110482222675e41 * 24), '4.8e38 years');
  // A 40-digit dollar figure
  assert.equal(f.formatDollars(1.2345e39), '$1.23e39');
  assert.equal(f.formatInteger(1.2346e39), '1.235e39');
  // "= 0 GPU-h"
  assert.equal(f.formatGpuHours(0.3), '0.3 GPU-h');
});

test('quantities: K/M/B/T, scientific from 1e15, rounding never overflows a suffix', () => {
  assert.equal(f.formatQuantity(124_439_808), '124M');
  assert.equal(f.formatQuantity(124_439_808, 4), '124.4M');
  assert.equal(f.formatQuantity(6_738_415_616), '6.74B');
  assert.equal(f.formatQuantity(1.4e12), '1.4T');
  assert.equal(f.formatQuantity(999_960), '1M');
  assert.equal(f.formatQuantity(999.6), '1K');
  assert.equal(f.formatQuantity(2e15), '2.00e15');
  assert.equal(f.formatQuantity(0.5), '0.5');
  assert.equal(f.formatQuantity(15_996_524_544, 4, { keepZeros: true }), '16.00B');
  assert.equal(f.formatQuantity(null), 'unknown');
  assert.equal(f.formatQuantity(Number.NaN), 'unknown');
  assert.equal(f.formatExponent(7.29e20), '7.3e20');
  assert.equal(f.formatExponent(9.99e20, 1), '1.0e21');
  assert.equal(f.formatInteger(1_234_567), '1,234,567');
  assert.equal(f.formatSignificant(0.000042), '4.2e-5');
  assert.equal(f.formatSignificant(92_150), '92,200');
});

test('durations: seconds, minutes, hours below 48, days below a year, then years', () => {
  assert.equal(f.formatDuration(0.484 / 3600), '0.48 seconds');
  assert.equal(f.formatDuration(1 / 3600), '1 second');
  assert.equal(f.formatDuration(12.4 / 60), '12 minutes');
  assert.equal(f.formatDuration(59.999 / 60), '1 hour');
  assert.equal(f.formatDuration(3.5), '3.5 hours');
  assert.equal(f.formatDuration(47.4), '47 hours');
  assert.equal(f.formatDuration(47.9), '2 days');
  assert.equal(f.formatDuration(100), '4.2 days');
  assert.equal(f.formatDuration(364 * 24), '364 days');
  assert.equal(f.formatDuration(2 * 8766), '2 years');
  assert.equal(f.formatDays(14), '14 days');
  assert.equal(f.formatDays(1), '1 day');
  assert.equal(f.formatDays(2.25), '2.25 days');
  assert.equal(f.formatDays(0.5), '12 hours');
  assert.equal(f.formatWallClock(3.5, 1), '3.5 hours on 1 GPU');
  assert.equal(f.formatGpuTime(41.2), '41.2 GPU-h');
});

test('dollars, percentages and fixed decimals', () => {
  assert.equal(f.formatDollars(0.0042), '$0.0042');
  assert.equal(f.formatDollars(3.5), '$3.50');
  assert.equal(f.formatDollars(72.349), '$72.35');
  assert.equal(f.formatDollars(92_150.4), '$92,150');
  assert.equal(f.formatDollars(1_234_000), '$1.23M');
  assert.equal(f.formatDollars(4.5e9), '$4.5B');
  assert.equal(f.formatDollarsShort(3.471), '$3.47');
  assert.equal(f.formatDollarsShort(72.4), '$72');
  assert.equal(f.formatDollarsShort(3470), '$3.47K');
  assert.equal(f.formatPercent(0.4), '40%');
  assert.equal(f.formatPercent(0.045), '4.5%');
  assert.equal(f.formatPercent(0.0012), '0.12%');
  // A share of a whole: never an exponent (the CLI printed a full fine-tune as "1.0e+2%").
  assert.equal(f.formatShare(6_738_415_616, 6_738_415_616), '100%');
  assert.equal(f.formatShare(41_943_040, 8_030_261_248), '0.52%');
  assert.equal(f.formatShare(1, 16_000), '0.0063%');
  assert.equal(f.formatDecimals(2.44131, 4), '2.4413');
  assert.equal(f.formatDecimals(0.00003, 4), '3e-5');
  assert.equal(f.formatDecimals(0, 2), '0.00');
});

// Every formatter on one value, as the properties below see them.
const formatters: ReadonlyArray<readonly [string, (v: number) => string]> = [
  ['significant', (v) => f.formatSignificant(v)],
  ['quantity', (v) => f.formatQuantity(v)],
  ['quantity4', (v) => f.formatQuantity(v, 4)],
  ['exponent', (v) => f.formatExponent(v)],
  ['scientific', (v) => f.formatScientific(v)],
  ['rough', (v) => f.formatRough(v)],
  ['decimals1', (v) => f.formatDecimals(v, 1)],
  ['decimals4', (v) => f.formatDecimals(v, 4)],
  ['percent', (v) => f.formatPercent(v)],
  ['dollars', (v) => f.formatDollars(v)],
  ['dollarsShort', (v) => f.formatDollarsShort(v)],
  ['duration', (v) => f.formatDuration(v)],
  ['days', (v) => f.formatDays(v)],
  ['gpuHours', (v) => f.formatGpuHours(v)],
  ['gpuTime', (v) => f.formatGpuTime(v)],
  ['wallClock', (v) => f.formatWallClock(v, 8)],
];
const anyDouble = fc.oneof(
  fc.double(),
  fc.double({ min: -50, max: 50, noNaN: true }).map((e) => 10 ** e),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, 0, 1e300, 5e-324, Number.MAX_VALUE),
);
const positive = fc
  .double({ min: -300, max: 300, noNaN: true })
  .map((e) => 10 ** e)
  .filter((v) => v > 0 && Number.isFinite(v));

test('property: no NaN, Infinity or raw "e+" exponent, and bounded length, for any double', () => {
  fc.assert(
    fc.property(anyDouble, (v) => {
      for (const [name, fn] of formatters.concat([['integer', (x) => f.formatInteger(x)]])) {
        const s = fn(v);
        assert.ok(!/NaN|Infinity|e\+/.test(s), `${name}(${v}) = ${s}`);
        assert.ok(s.length <= 48, `${name}(${v}) = ${s} is ${s.length} characters`);
        if (!Number.isFinite(v)) assert.ok(s.includes('unknown'), `${name}(${v}) = ${s}`);
      }
    }),
    { numRuns: 2000 },
  );
});

test('property: a positive value never prints as zero', () => {
  fc.assert(
    fc.property(positive, (v) => {
      for (const [name, fn] of formatters) {
        const s = fn(v);
        // The first number in the text must not be all zeros (0, 0.0, $0.00, 0.0000).
        const first = /[\d.,]+(?:e-?\d+)?/.exec(s)?.[0] ?? '';
        assert.ok(/[1-9]/.test(first.replace(/e-?\d+$/, '')), `${name}(${v}) = ${s}`);
      }
    }),
    { numRuns: 2000 },
  );
});

test('property: quantities read back within their rounding', () => {
  const suffix: Record<string, number> = { K: 1e3, M: 1e6, B: 1e9, T: 1e12 };
  fc.assert(
    fc.property(
      fc.double({ min: -3, max: 30, noNaN: true }).map((e) => 10 ** e),
      (v) => {
        const s = f.formatQuantity(v);
        const m = /^([\d.]+(?:e-?\d+)?)([KMBT]?)$/.exec(s.replace(/,/g, ''));
        assert.ok(m, s);
        const back = Number(m[1]) * (m[2] ? suffix[m[2]]! : 1);
        assert.ok(Math.abs(back / v - 1) < 0.006, `${v} -> ${s}`);
      },
    ),
    { numRuns: 1000 },
  );
});
