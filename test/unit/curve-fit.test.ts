// The fitted-law parts of the curve views (src/panels/model.ts): the fit-quality chart, the fitted
// runs and compute range on loss vs compute, and the extrapolation notice, all from a FitResult.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/configs/analyze';
import { BUILT_IN_LAWS, fitLogText, fitRunsText, forecastLoss, lawFromFit } from '../../src/core/index';
import {
  buildCurveState,
  extrapolationNotice,
  fitOf,
  fitQuality,
  forecastOverlay,
  outsideFittedRange,
  type Focus,
  type PlanSource,
} from '../../src/panels/model';
import { parseForecastArgs, parseWebviewMessage } from '../../src/panels/messages';
import type { ChartSpec, CurveState, ForecastOverlay } from '../../src/protocol';
import { fixture } from './reader-helpers';

const csv = fixture('fit/chinchilla-fig4-runs.csv');
const { fit } = fitRunsText(csv, 'chinchilla-fig4-runs.csv', { bootstrap: { resamples: 0 } });
const law = lawFromFit(fit);
const fits = { [fit.name]: fit };

const WS = join(__dirname, '..', 'fixtures', 'workspace');
function source(rel: string): PlanSource {
  const file = join(WS, rel);
  const a = analyze(readFileSync(file, 'utf8'), file);
  assert.ok(a.ok, `${rel} is a config`);
  return { uri: `file://${file}`, name: rel, format: a.result.formatName, plan: a.result.plan };
}
const tiny = source('mpt-tiny.yaml');

function state(focus: Focus, lawId: string, withFits = true, forecast: ForecastOverlay | null = null): CurveState {
  return buildCurveState({
    mode: 'panel',
    target: focus.kind === 'config' ? focus.config.uri : null,
    options: { law: lawId, compare: [], scope: 'config' },
    laws: [...BUILT_IN_LAWS, law],
    settingsLaw: 'epoch-2024',
    convention: 'palm',
    focus,
    workspace: [],
    ...(withFits ? { fits } : {}),
    forecast,
  });
}
const chart = (s: CurveState, id: string): ChartSpec => {
  const c = s.charts.find((x) => x.id === id);
  assert.ok(c, `chart ${id}`);
  return c;
};

test('fitOf finds the fit behind a fit:<name> law only', () => {
  assert.equal(law.id, 'fit:chinchilla-fig4-runs.csv');
  assert.equal(fitOf(law, fits), fit);
  assert.equal(fitOf(law, undefined), null);
  assert.equal(fitOf(law, {}), null);
  assert.equal(fitOf(BUILT_IN_LAWS[0]!, fits), null);
  assert.equal(fitOf({ ...law, id: 'fit:toString' }, fits), null, 'no prototype keys');
});

test('a fitted law adds the fit-quality chart: observed against fitted loss for every run', () => {
  assert.equal(fit.residuals.length, 245);
  const s = state({ kind: 'none' }, law.id);
  assert.deepEqual(
    s.charts.map((c) => c.id),
    ['lossCompute', 'isoFlop', 'lossTokens', 'tokensPerParam', 'fitQuality', 'memory'],
  );
  const q = chart(s, 'fitQuality');
  const runs = q.series.find((x) => x.id === 'fit-residuals')!;
  assert.equal(runs.points.length, 245);
  fit.residuals.forEach((r, i) => {
    assert.equal(runs.points[i]!.x, r.predicted);
    assert.equal(runs.points[i]!.y, r.loss);
  });
  for (const p of runs.points) {
    assert.ok(p.x >= q.x.min! && p.x <= q.x.max! && p.y >= q.y.min! && p.y <= q.y.max!, 'every run within the axes');
  }
  assert.match(q.summary, /245 runs/);
  assert.equal(q.empty, undefined);
  // The same as the exported helper.
  assert.deepEqual(fitQuality(fit), q);
});

test('loss vs compute marks the fitted runs and the fitted compute range', () => {
  const s = state({ kind: 'none' }, law.id);
  const c = chart(s, 'lossCompute');
  const runs = c.series.find((x) => x.id === 'fit-runs')!;
  assert.equal(runs.points.length, 245);
  const [lo, hi] = fit.range.flops;
  assert.deepEqual(
    c.series.find((x) => x.id === 'fit-range-lo')!.points.map((p) => p.x),
    [lo, lo],
  );
  assert.deepEqual(
    c.series.find((x) => x.id === 'fit-range-hi')!.points.map((p) => p.x),
    [hi, hi],
  );
  assert.ok(c.x.min! <= lo && c.x.max! >= hi, 'the axis spans the fitted range');
});

test('built-in laws, and a fitted law without its fit, have the four scaling charts and the memory chart, and no fit marks', () => {
  for (const s of [state({ kind: 'none' }, 'epoch-2024'), state({ kind: 'none' }, law.id, false)]) {
    assert.deepEqual(
      s.charts.map((c) => c.id),
      ['lossCompute', 'isoFlop', 'lossTokens', 'tokensPerParam', 'memory'],
    );
    assert.ok(!chart(s, 'lossCompute').series.some((x) => x.id.startsWith('fit-')));
  }
});

test('the extrapolation notice: a config outside the fitted compute range, and only then', () => {
  const [lo, hi] = fit.range.flops;
  assert.equal(outsideFittedRange(fit, lo), false);
  assert.equal(outsideFittedRange(fit, hi), false);
  assert.equal(outsideFittedRange(fit, Math.sqrt(lo * hi)), false);
  assert.equal(outsideFittedRange(fit, hi * 10), true);
  assert.equal(outsideFittedRange(fit, lo / 10), true);
  assert.equal(extrapolationNotice(fit, { C: Math.sqrt(lo * hi) }), null);
  assert.equal(extrapolationNotice(null, { C: hi * 10 }), null);
  assert.equal(extrapolationNotice(fit, { C: null }), null);
  assert.match(extrapolationNotice(fit, { C: hi * 10 })!.detail, /beyond the fitted compute range/);

  const s = state({ kind: 'config', config: tiny }, law.id);
  const C = Number(chart(s, 'lossCompute').series.find((x) => x.id === 'config')!.points[0]!.x);
  assert.equal(s.notice !== null && /beyond the fitted compute range/.test(s.notice.detail), outsideFittedRange(fit, C));
  // Under a built-in law there is no such notice.
  assert.equal(state({ kind: 'config', config: tiny }, 'epoch-2024').notice, null);
});

test('the webview may export the fit-quality chart', () => {
  assert.ok(parseWebviewMessage({ type: 'exportCsv', chart: 'fitQuality' }).ok);
  assert.ok(!parseWebviewMessage({ type: 'exportCsv', chart: 'fitQualityX' }).ok);
});

const log = fitLogText(fixture('fit/train-log.csv'), { bootstrap: { resamples: 40 } });

test('forecastOverlay: the bins, the learning curve with its band to the planned end, the forecast there', () => {
  const until = 5e9;
  const o = forecastOverlay(log.fit, 'train-log.csv', until, forecastLoss);
  assert.ok(o);
  assert.equal(o.bins.length, log.fit.bins.length);
  assert.equal(o.curve[0]!.x, log.fit.bins[0]!.x);
  assert.ok(Math.abs(o.curve[o.curve.length - 1]!.x - until) / until < 1e-9);
  const f = forecastLoss(log.fit, until);
  assert.deepEqual(o.at, { x: f.x, loss: f.loss, low: f.low, high: f.high });
  assert.ok(o.at.low !== null && o.at.high !== null && o.at.low <= o.at.loss && o.at.loss <= o.at.high);
  assert.equal(forecastOverlay(log.fit, 'x', 0, forecastLoss), null);
  assert.equal(forecastOverlay({ ...log.fit, unit: 'steps' }, 'x', until, forecastLoss), null, 'a log in steps has no tokens axis');
});

test("the forecast on loss vs tokens next to the law's curve, validated as an openCurvePanel argument", () => {
  const o = forecastOverlay(log.fit, 'train-log.csv', 5e9, forecastLoss)!;
  const s = state({ kind: 'config', config: tiny }, 'epoch-2024', false, o);
  const lt = chart(s, 'lossTokens');
  const ids = lt.series.map((x) => x.id);
  for (const id of ['tokens-epoch-2024', 'forecast-observed', 'forecast-curve', 'forecast-band-lo', 'forecast-band-hi', 'forecast-at', 'config'])
    assert.ok(ids.includes(id), id);
  assert.equal(lt.series.find((x) => x.id === 'forecast-at')!.points[0]!.y, o.at.loss);
  assert.ok(lt.x.max! >= 5e9 && lt.x.min! <= o.curve[0]!.x, 'the axis spans the log and its forecast');
  assert.match(lt.summary, /Forecast of train-log\.csv/);
  assert.ok(!chart(state({ kind: 'config', config: tiny }, 'epoch-2024', false), 'lossTokens').series.some((x) => x.id.startsWith('forecast')));

  const parsed = parseForecastArgs(JSON.parse(JSON.stringify({ forecast: o, uri: tiny.uri })));
  assert.deepEqual(parsed, { forecast: o, uri: tiny.uri });
  assert.equal(parseForecastArgs({ forecast: { ...o, at: { ...o.at, loss: 'low' } } }), undefined);
  assert.equal(parseForecastArgs({ forecast: { ...o, curve: o.curve.slice(0, 1) } }), undefined);
  assert.equal(parseForecastArgs({ forecast: { ...o, bins: [{ x: -1, loss: 2 }] } }), undefined);
  assert.equal(parseForecastArgs({ budget: { flops: 1 } }), undefined);
});
