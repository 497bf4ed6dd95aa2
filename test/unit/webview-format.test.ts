// The curve webview's pure helpers: log-axis tick labels (1e20, 100M, 1T), tooltip values and
// the colour arithmetic on theme colours. (The webview's DOM is tested in a real VS Code.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decade, linearTick, logTick, powersOfTwo, valueText } from '../../webview/format';
import { opaque, parseColor, withAlpha } from '../../webview/color';

test('log ticks: whole decades only, in the notation of the field', () => {
  assert.equal(logTick('flops', 1e20), '1e20');
  assert.equal(logTick('flops', 1e16), '1e16');
  assert.equal(logTick('params', 1e8), '100M');
  assert.equal(logTick('params', 1e9), '1B');
  assert.equal(logTick('tokens', 1e12), '1T');
  assert.equal(logTick('tokens', 1e4), '10K');
  assert.equal(logTick('tokens', 1e15), '1e15');
  assert.equal(logTick('ratio', 0.1), '0.1');
  assert.equal(logTick('ratio', 1), '1');
  assert.equal(logTick('ratio', 1000), '1K');
  for (const v of [2e20, 5e8, 3e12, 0.2]) assert.equal(logTick('flops', v), '', `${v} is between decades`);
  // Values a log scale computes (10 ** k with rounding) still count as decades.
  assert.equal(decade(10 ** 23), 23);
  assert.equal(decade(1e21 * (1 + 1e-12)), 21);
  assert.equal(decade(0), null);
});

test('linear ticks and tooltip values', () => {
  assert.equal(linearTick('loss', 3, 1), '3.0');
  assert.equal(linearTick('loss', 3.25, 0.25), '3.25');
  assert.equal(valueText('flops', 1.8921401e18), '1.892e18 FLOPs');
  assert.equal(valueText('params', 125_311_488), '125.3M params');
  assert.equal(valueText('tokens', 2_516_582_400), '2.517B tokens');
  assert.equal(valueText('loss', 3.31192636), 'loss 3.3119');
  assert.equal(valueText('ratio', 20.083), '20.1 tokens/param');
  assert.equal(valueText('ratio', 0.5), '0.50 tokens/param');
});

test('theme colours: parsed, made opaque, given an alpha', () => {
  assert.deepEqual(parseColor('#3794ff'), [0x37, 0x94, 0xff, 1]);
  assert.deepEqual(parseColor('#fff'), [255, 255, 255, 1]);
  assert.deepEqual(parseColor('#00000080'), [0, 0, 0, 128 / 255]);
  assert.deepEqual(parseColor('rgba(234, 92, 0, 0.33)'), [234, 92, 0, 0.33]);
  assert.equal(parseColor('var(--x)'), null);
  // Dark Modern's charts.orange is a translucent tint: the charts draw it opaque.
  assert.equal(opaque('rgba(234, 92, 0, 0.33)'), 'rgb(234, 92, 0)');
  assert.equal(withAlpha('#cccccc', 0.5), 'rgba(204, 204, 204, 0.5)');
  assert.equal(withAlpha('rgba(204, 204, 204, 0.5)', 0.5), 'rgba(204, 204, 204, 0.25)');
  assert.equal(withAlpha('transparent', 0.5), 'transparent');
});

test('the memory chart: micro-batch ticks at powers of two, GiB ticks and values', () => {
  assert.deepEqual(powersOfTwo(0.8, 10), [1, 2, 4, 8]);
  assert.deepEqual(powersOfTwo(3, 20), [4, 8, 16]);
  assert.equal(valueText('microBatch', 16), 'micro-batch 16');
  assert.equal(valueText('memory', 74.505805969238), '74.5 GiB');
  assert.equal(valueText('memory', 3.14159), '3.14 GiB');
  assert.equal(linearTick('memory', 20, 10), '20');
  assert.equal(linearTick('memory', 0.5, 0.5), '0.5');
});
