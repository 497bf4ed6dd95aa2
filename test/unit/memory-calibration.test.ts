// The memory model against published measurements (test/fixtures/measurements): refits the
// overhead constants, checks the code carries the fitted values, prints every residual and the
// out-of-memory rows, and fails when the median |error| exceeds the ratchet or an out-of-memory run is
// predicted to fit. The ratchet: 9.6% before the QLoRA library terms, 6.5% after; it fails above 7%.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMPILE_ACTIVATION_FACTOR, OVERHEAD_FIXED_BYTES, OVERHEAD_FRACTION } from '../../src/core/index';
import { caseParts, fitOverhead, mapRow, median, predict, readRows } from './memory-rows';

const GIB = 2 ** 30;
const mapped = readRows().map(mapRow);
const cases = mapped.flatMap((m) => (m.ok ? [m.value] : []));

test('every row of the measurement table is either modelled or excluded with a reason', () => {
  assert.equal(mapped.length, 101);
  for (const m of mapped) if (!m.ok) assert.ok(m.reason.length > 10, `row ${m.index} excluded without a reason`);
  assert.equal(cases.filter((c) => c.measuredBytes !== null).length, 33);
  assert.equal(cases.filter((c) => c.oom).length, 6);
});

test('the overhead constants in code are the ones the fit finds', () => {
  const fit = fitOverhead(cases.map(caseParts));
  assert.equal(OVERHEAD_FIXED_BYTES, fit.fixedBytes);
  assert.equal(OVERHEAD_FRACTION, fit.fraction);
  assert.equal(COMPILE_ACTIVATION_FACTOR, fit.compileFactor);
});

test('median |error| ≤ 7% on the measured rows, and every out-of-memory row predicted not to fit', () => {
  const errors: number[] = [];
  const lines: string[] = [];
  for (const c of cases) {
    const p = predict(c).perGpuBytes;
    if (c.measuredBytes !== null) {
      const e = p / c.measuredBytes - 1;
      errors.push(Math.abs(e));
      lines.push(`  ${c.label}: predicted ${(p / GIB).toFixed(2)} GiB, measured ${(c.measuredBytes / GIB).toFixed(2)} GiB, ${(e * 100).toFixed(1)}%`);
    } else {
      lines.push(
        `  OOM ${c.label}: predicted ${(p / GIB).toFixed(2)} GiB on ${(c.capacityBytes! / 1e9).toFixed(0)} GB → ${p > c.capacityBytes! ? 'does not fit ✓' : 'FITS ✗'}`,
      );
      assert.ok(p > c.capacityBytes!, `${c.label} ran out of memory but is predicted to fit (${(p / GIB).toFixed(2)} GiB)`);
    }
  }
  const med = median(errors);
  console.log(`memory model: median |error| ${(med * 100).toFixed(1)}% over ${errors.length} measured rows\n${lines.join('\n')}`);
  assert.ok(med <= 0.07, `median |error| ${(med * 100).toFixed(1)}% > 7%`);
});
