// The curve views' host-side logic without VS Code: the chart data built from the core
// (src/panels/model.ts), the validation of webview messages (messages.ts) and the exports
// (export.ts). The numbers on the charts must be the estimate's, to the last bit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/configs/analyze';
import { BUILT_IN_LAWS, findLaw } from '../../src/core/index';
import { buildCurveState, resolveLaws, type Focus, type ModelInput, type PlanSource } from '../../src/panels/model';
import { messageKind, parseBudgetArgs, parsePersistedState, parseWebviewMessage } from '../../src/panels/messages';
import { chartCsv, exportBaseName, pngBytes } from '../../src/panels/export';
import { DEFAULT_OPTIONS } from '../../src/panels/defaults';
import type { ChartId, ChartSpec, CurveState, SeriesRole, ViewOptions } from '../../src/protocol';

const WS = join(__dirname, '..', 'fixtures', 'workspace');

function source(rel: string): PlanSource {
  const file = join(WS, rel);
  const a = analyze(readFileSync(file, 'utf8'), file);
  assert.ok(a.ok, `${rel} is a config`);
  return { uri: `file://${file}`, name: rel, format: a.result.formatName, plan: a.result.plan };
}

const tiny = source('mpt-tiny.yaml');
const hf = source('config.json');
const sweepDir = 'configs/iso-1.9e18';
const sweep = readdirSync(join(WS, sweepDir))
  .sort()
  .map((f) => source(`${sweepDir}/${f}`));

function state(focus: Focus, options: Partial<ViewOptions> = {}, workspace: PlanSource[] = [tiny, hf, ...sweep]): CurveState {
  const input: ModelInput = {
    mode: 'panel',
    target: focus.kind === 'config' ? focus.config.uri : null,
    options: { compare: [], scope: 'workspace', ...options },
    laws: BUILT_IN_LAWS,
    settingsLaw: 'epoch-2024',
    convention: 'palm',
    focus,
    workspace,
  };
  return buildCurveState(input);
}

const chart = (s: CurveState, id: ChartId): ChartSpec => s.charts.find((c) => c.id === id)!;
const series = (c: ChartSpec, role: SeriesRole) => c.series.filter((s) => s.role === role);
const onlyPoint = (c: ChartSpec, role: SeriesRole) => {
  const [s] = series(c, role);
  assert.ok(s, `${c.id} has a ${role} series`);
  assert.equal(s.points.length, 1);
  return s.points[0]!;
};

/** The estimate the editor shows for mpt-tiny.yaml (default settings: epoch-2024, palm). */
const est = (() => {
  const file = join(WS, 'mpt-tiny.yaml');
  const a = analyze(readFileSync(file, 'utf8'), file, { law: findLaw('epoch-2024')! });
  assert.ok(a.ok);
  return a.estimate;
})();

test('the config is on every chart at the estimate’s own numbers', () => {
  const s = state({ kind: 'config', config: tiny });
  assert.deepEqual(
    s.charts.map((c) => c.id),
    ['lossCompute', 'isoFlop', 'lossTokens', 'tokensPerParam', 'memory'],
  );
  const N = est.loss.params!;
  const D = est.tokens!;
  const L = est.loss.value!;
  assert.equal(N, 125_311_488);
  assert.equal(D, 2_516_582_400);
  assert.deepEqual([onlyPoint(chart(s, 'lossCompute'), 'config').x, onlyPoint(chart(s, 'lossCompute'), 'config').y], [6 * N * D, L]);
  assert.deepEqual([onlyPoint(chart(s, 'isoFlop'), 'config').x, onlyPoint(chart(s, 'isoFlop'), 'config').y], [N, L]);
  assert.deepEqual([onlyPoint(chart(s, 'lossTokens'), 'config').x, onlyPoint(chart(s, 'lossTokens'), 'config').y], [D, L]);
  assert.deepEqual([onlyPoint(chart(s, 'tokensPerParam'), 'config').x, onlyPoint(chart(s, 'tokensPerParam'), 'config').y], [6 * N * D, D / N]);
  // The optimum at the config's budget is the estimate's.
  const o = onlyPoint(chart(s, 'lossCompute'), 'optimum');
  assert.deepEqual([o.x, o.y], [est.optimal!.flops, est.optimal!.loss]);
  // Labels: the config's name on its point, exact values in its tooltip.
  const p = onlyPoint(chart(s, 'lossCompute'), 'config');
  assert.equal(p.label, 'mpt-tiny.yaml');
  assert.equal(p.uri, tiny.uri);
  assert.ok(p.detail?.includes('N = 125,311,488 parameters'), String(p.detail));
  assert.ok(p.detail?.includes('D = 2,516,582,400 tokens'), String(p.detail));
  assert.match(chart(s, 'lossCompute').summary, /mpt-tiny\.yaml: 1\.89e18 FLOPs, loss 3\.312/);
  // Header facts.
  assert.deepEqual(
    s.config?.facts.map((f) => f.label),
    ['parameters', 'tokens', 'compute (6ND)', 'loss', 'tokens/param', 'optimum', 'GPU-hours', 'time', 'cost'],
  );
  assert.equal(s.config?.facts.find((f) => f.label === 'loss')?.value, L.toFixed(3));
  assert.equal(s.notice, null);
});

test('loss vs tokens: where training stops, what 2× and 10× buy, the optimal length for the size', () => {
  const c = chart(state({ kind: 'config', config: tiny }), 'lossTokens');
  const law = findLaw('epoch-2024')!;
  const N = est.loss.params!;
  const D = est.tokens!;
  const more = series(c, 'more')[0]!.points;
  assert.deepEqual(
    more.map((p) => p.x),
    [2 * D, 10 * D],
  );
  assert.deepEqual(
    more.map((p) => p.y),
    [law.predict(N, 2 * D), law.predict(N, 10 * D)],
  );
  const floor = series(c, 'floor')[0]!;
  assert.equal(floor.points[0]!.y, law.predict(N, 1e30));
  const opt = onlyPoint(c, 'optimum');
  assert.ok(Math.abs(law.optimal(6 * N * opt.x).params / N - 1) < 1e-9, 'N is compute-optimal at that length');
  // The curve is the law at this N.
  for (const p of series(c, 'frontier')[0]!.points) assert.equal(p.y, law.predict(N, p.x));
});

test('iso-FLOP: the config’s budget highlighted with its optimum; the sweep sits on that curve', () => {
  const s = state({ kind: 'config', config: tiny });
  const c = chart(s, 'isoFlop');
  const law = findLaw('epoch-2024')!;
  const C = 6 * est.loss.params! * est.tokens!;
  const [h] = series(c, 'highlight');
  for (const p of h!.points) assert.ok(Math.abs(p.y - law.predict(p.x, C / (6 * p.x))) < 1e-12);
  const optima = series(c, 'optimum')[0]!.points;
  assert.ok(
    optima.some((p) => Math.abs(p.x / law.optimal(C).params - 1) < 1e-12),
    'the config budget’s optimum is marked',
  );
  assert.ok(series(c, 'context').length >= 3, 'other budgets for context');
  // The five sweep configs (same 6ND within 0.1%) are points; the focus is not among them.
  const ws = series(c, 'workspace')[0]!.points;
  const sweepPoints = ws.filter((p) => p.uri?.includes('iso-1.9e18'));
  assert.equal(sweepPoints.length, 5);
  assert.ok(!ws.some((p) => p.uri === tiny.uri));
  for (const p of sweepPoints) assert.ok(Math.abs(p.y - law.predict(p.x, C / (6 * p.x))) < 2e-3, `${p.label} near the highlighted curve`);
  assert.equal(s.workspace.count, 7);
  assert.equal(s.workspace.plotted, 6, 'the sweep and the focus; config.json has no tokens');
  // The table lists the plotted configs, smallest first, the focus marked.
  assert.deepEqual(
    s.table.map((r) => r.name),
    [
      'configs/iso-1.9e18/mpt-31m.yaml',
      'configs/iso-1.9e18/mpt-52m.yaml',
      'configs/iso-1.9e18/mpt-83m.yaml',
      'mpt-tiny.yaml',
      'configs/iso-1.9e18/mpt-230m.yaml',
      'configs/iso-1.9e18/mpt-382m.yaml',
    ],
  );
  assert.deepEqual(
    s.table.filter((r) => r.current).map((r) => r.name),
    ['mpt-tiny.yaml'],
  );
});

test('scope "config" plots the config alone', () => {
  const s = state({ kind: 'config', config: tiny }, { scope: 'config' });
  for (const c of s.charts) assert.equal(series(c, 'workspace').length, 0, c.id);
  assert.equal(s.table.length, 1);
  assert.equal(s.workspace.count, 7);
});

test('law switch and comparison: every shown law drawn, the spread filled between, N as each law counts it', () => {
  const s = state({ kind: 'config', config: tiny }, { law: 'kaplan-2020', compare: ['epoch-2024', 'muennighoff-2023', 'kaplan-2020', 'nope'] });
  assert.deepEqual(
    s.shownLaws.map((l) => l.id),
    ['kaplan-2020', 'epoch-2024', 'muennighoff-2023'],
  );
  assert.deepEqual(s.options, { law: 'kaplan-2020', compare: ['epoch-2024', 'muennighoff-2023'], scope: 'workspace' });
  const lc = chart(s, 'lossCompute');
  assert.equal(series(lc, 'frontier').length, 3);
  assert.deepEqual(
    series(lc, 'configAlt').map((x) => x.law),
    [1, 2],
  );
  for (const c of [lc, chart(s, 'isoFlop'), chart(s, 'lossTokens')]) {
    const i = c.series.findIndex((x) => x.role === 'bandLow');
    assert.ok(i >= 0, `${c.id} has a spread band`);
    assert.equal(c.series[i + 1]?.role, 'bandHigh', 'the high edge right after the low one (fill: -1)');
    c.series[i]!.points.forEach((p, k) => assert.ok(p.y <= c.series[i + 1]!.points[k]!.y));
  }
  // Kaplan counts non-embedding parameters: the config's N and the axis say so.
  assert.equal(onlyPoint(chart(s, 'isoFlop'), 'config').x, est.params.nonEmbedding);
  assert.match(chart(s, 'isoFlop').x.title, /non-embedding/);
});

test('unknown law ids fall back to the setting, then the first law; at most five laws', () => {
  const laws = BUILT_IN_LAWS;
  assert.equal(resolveLaws(laws, { law: 'gone', compare: [], scope: 'config' }, 'chinchilla-2022')[0]!.id, 'chinchilla-2022');
  assert.equal(resolveLaws(laws, { compare: [], scope: 'config' }, 'gone')[0]!.id, laws[0]!.id);
  assert.equal(resolveLaws(laws, { compare: laws.map((l) => l.id), scope: 'config' }, 'epoch-2024').length, 5);
});

test('empty states: tokens unknown, not a config, nothing open', () => {
  const u = state({ kind: 'config', config: hf });
  assert.equal(u.notice?.title, 'Training tokens unknown');
  assert.match(u.notice.detail, /config\.json describes the model/);
  const lt = chart(u, 'lossTokens');
  assert.equal(lt.empty, undefined);
  assert.equal(lt.title, 'Loss vs tokens at 124M parameters');
  assert.ok(series(lt, 'frontier')[0]!.points.length > 10);
  assert.equal(series(lt, 'config').length, 0, 'no point without tokens');
  assert.equal(series(chart(u, 'lossCompute'), 'config').length, 0);
  assert.equal(u.config?.facts.find((f) => f.label === 'tokens')?.value, 'unknown');

  const n = state({ kind: 'not-config', name: 'README.md' });
  assert.equal(n.notice?.title, 'README.md is not a training config');
  assert.equal(n.config, null);
  assert.ok(chart(n, 'lossTokens').empty);
  assert.ok(series(chart(n, 'lossCompute'), 'frontier')[0]!.points.length > 10, 'the law alone is still drawn');
  assert.ok(series(chart(n, 'isoFlop'), 'context').length >= 4);

  assert.equal(state({ kind: 'none' }).notice?.title, 'No training config open');
  assert.equal(state({ kind: 'unreadable', name: 'x.yaml', message: 'boom' }).notice?.detail, 'boom');
});

test('a budget from the calculator: its point under its law, on the optimum; other laws read the same N and D', () => {
  const law = findLaw('epoch-2024')!;
  const o = law.optimal(3.064e22);
  const budget = { flops: 3.064e22, params: o.params, tokens: o.tokens, law: 'epoch-2024' };
  const s = state({ kind: 'budget', budget }, { law: 'epoch-2024', compare: ['chinchilla-2022'] });
  assert.equal(s.budget, budget);
  assert.equal(s.config?.name, 'budget of 3.06e22 FLOPs');
  assert.equal(s.notice, null);
  const p = onlyPoint(chart(s, 'lossCompute'), 'config');
  assert.ok(Math.abs(p.x / 3.064e22 - 1) < 1e-12);
  assert.equal(p.y, law.predict(o.params, o.tokens));
  assert.equal(p.uri, undefined, 'nothing to open');
  const opt = onlyPoint(chart(s, 'lossCompute'), 'optimum');
  assert.ok(Math.abs(opt.y - p.y) < 1e-12, 'the budget point is the optimum');
  assert.equal(onlyPoint(chart(s, 'lossCompute'), 'configAlt').y, findLaw('chinchilla-2022')!.predict(o.params, o.tokens));
  assert.equal(onlyPoint(chart(s, 'lossTokens'), 'config').x, o.tokens);
  assert.ok(!s.table.some((r) => r.current), 'a budget is not a file in the table');
  // The header adds the drawn law itself: the calculator's law is named only where it differs.
  assert.equal(s.config?.format, 'budget calculator');
  const other = state({ kind: 'budget', budget }, { law: 'chinchilla-2022', compare: [] });
  assert.equal(other.config?.format, 'budget calculator (split under epoch-2024)');
});

/** Configs far from mpt-tiny: a 0.3M-parameter char model, a fine-tune of a few thousand tokens, a test MoE, an SFT run. */
const outliers = [
  'nanogpt/train_shakespeare_char.py',
  'nanogpt/finetune_shakespeare.py',
  'llm-foundry/testing-moe.yaml',
  'hf-trainer/llama3_full_sft.yaml',
].map((rel) => {
  const file = join(__dirname, '..', 'fixtures', rel);
  const a = analyze(readFileSync(file, 'utf8'), file);
  assert.ok(a.ok);
  return { uri: `file://${file}`, name: rel, format: a.result.formatName, plan: a.result.plan } satisfies PlanSource;
});

test('a new view shows the config itself: workspace configs off, axes around the config and the law, whatever the outliers', () => {
  assert.deepEqual(DEFAULT_OPTIONS, { compare: [], scope: 'config' });
  const s = state({ kind: 'config', config: tiny }, DEFAULT_OPTIONS, [tiny, ...sweep, ...outliers]);
  for (const c of s.charts) assert.ok(!c.series.some((x) => x.role === 'workspace'), `${c.id}: no workspace points`);
  const lc = chart(s, 'lossCompute');
  // C = 6·N·D = 1.89e18: two decades either side, on decade ticks.
  assert.deepEqual([lc.x.min, lc.x.max], [1e16, 1e21]);
  assert.deepEqual([lc.y.min, lc.y.max], [2, 6]);
  const iso = chart(s, 'isoFlop');
  assert.deepEqual([iso.y.min, iso.y.max], [2, 5.5]);
  for (const c of [lc, iso]) assert.ok(c.y.min! <= est.loss.value! && est.loss.value! <= c.y.max!, `${c.id}: the config's loss is on the axis`);
  // Ticked, the outliers stretch the axes: the reason it is not the default.
  const all = state({ kind: 'config', config: tiny }, { scope: 'workspace' }, [tiny, ...sweep, ...outliers]);
  assert.ok(chart(all, 'lossCompute').x.min! < 1e16 && chart(all, 'lossCompute').y.max! > 6);
});

test('the highlighted iso-FLOP profile is the config’s compute and passes through its point, even far from the optimum', () => {
  const titan = source('../torchtitan/llama3_8b.toml');
  for (const src of [tiny, titan]) {
    for (const law of ['epoch-2024', 'chinchilla-2022', 'kaplan-2020']) {
      const s = state({ kind: 'config', config: src }, { law, compare: [], scope: 'config' });
      const iso = chart(s, 'isoFlop');
      const [h] = series(iso, 'highlight');
      assert.ok(h, `${src.name}, ${law}: a highlighted profile`);
      const cfg = onlyPoint(iso, 'config');
      const C = onlyPoint(chart(s, 'lossCompute'), 'config').x;
      assert.match(h.label, new RegExp(`at ${C.toExponential(2).replace('e+', 'e')} FLOPs$`), `${src.name}, ${law}: the profile of the config's compute`);
      const through = h.points.find((p) => p.x === cfg.x);
      assert.ok(through, `${src.name}, ${law}: the profile has the config's N = ${cfg.x}`);
      assert.ok(Math.abs(through.y - cfg.y) < 1e-9, `${src.name}, ${law}: ${through.y} vs ${cfg.y}`);
    }
  }
  // The torchtitan run is 0.01 tokens per parameter: its N is far beyond ten times the optimum.
  const s = state({ kind: 'config', config: titan }, { law: 'epoch-2024', compare: [], scope: 'config' });
  const N = onlyPoint(chart(s, 'isoFlop'), 'config').x;
  const C = onlyPoint(chart(s, 'lossCompute'), 'config').x;
  assert.ok(N > 10 * findLaw('epoch-2024')!.optimal(C).params);
});

test('a directive that ignores under-trained keeps the warning out of the panel header', () => {
  const titan = source('../torchtitan/llama3_8b.toml');
  const warned = state({ kind: 'config', config: titan }, { scope: 'config' });
  assert.ok(warned.config!.warnings.some((w) => w.startsWith('Under-trained')));
  const quiet = state({ kind: 'config', config: { ...titan, ignoredWarnings: ['under-trained'] } }, { scope: 'config' });
  assert.deepEqual(
    quiet.config!.warnings,
    warned.config!.warnings.filter((w) => !w.startsWith('Under-trained')),
  );
});

test('every plotted number is finite, and positive on log axes', () => {
  for (const s of [
    state({ kind: 'config', config: tiny }, { compare: BUILT_IN_LAWS.map((l) => l.id) }),
    state({ kind: 'config', config: hf }),
    state({ kind: 'none' }),
  ]) {
    for (const c of s.charts) {
      for (const x of c.series) {
        for (const p of x.points) {
          assert.ok(Number.isFinite(p.x) && Number.isFinite(p.y), `${c.id}/${x.id}`);
          if (c.x.log) assert.ok(p.x > 0, `${c.id}/${x.id} x`);
          if (c.y.log) assert.ok(p.y > 0, `${c.id}/${x.id} y`);
        }
      }
    }
  }
});

// How long building it takes is measured by `npm run bench` ("curve panel state"), not timed here.
test('the state with every law compared is small enough to post', () => {
  const s = state({ kind: 'config', config: tiny }, { compare: BUILT_IN_LAWS.map((l) => l.id) });
  assert.ok(JSON.stringify(s).length < 400_000, 'small enough to post');
});

test('webview messages: each known shape passes, anything else is rejected', () => {
  const ok = [
    { type: 'ready' },
    { type: 'setOptions', options: { law: 'epoch-2024', compare: ['kaplan-2020'], scope: 'config' } },
    { type: 'setOptions', options: { compare: [], scope: 'workspace' } },
    { type: 'setOptions', options: { law: 'fit:my runs (2026)', compare: ['custom:tiny law'], scope: 'workspace' } },
    { type: 'openConfig', uri: 'file:///w/a.yaml' },
    { type: 'exportCsv', chart: 'isoFlop' },
    { type: 'exportPng', chart: 'lossCompute', dataUrl: 'data:image/png;base64,iVBORw0KGgo=' },
    {
      type: 'rendered',
      report: {
        seq: 3,
        header: 'a.yaml',
        notice: null,
        charts: [{ id: 'lossCompute', canvas: true, width: 400, height: 300, datasets: [{ label: 'x', role: 'config', points: 1 }], ariaLabel: 'Loss' }],
        controls: { law: 'epoch-2024', lawOptions: ['epoch-2024'], compare: [], scope: 'workspace' },
        firstRenderMs: 120,
        renderMs: 8,
      },
    },
  ];
  for (const m of ok) assert.ok(parseWebviewMessage(m).ok, JSON.stringify(m));
  const bad: unknown[] = [
    null,
    'ready',
    {},
    { type: 'nope' },
    { type: 'ready', extra: 1 },
    { type: 'setOptions', options: { compare: [], scope: 'everything' } },
    { type: 'setOptions', options: { law: 'a\u0000b', compare: [], scope: 'config' } },
    { type: 'setOptions', options: { law: '', compare: [], scope: 'config' } },
    { type: 'setOptions', options: { compare: Array(11).fill('epoch-2024'), scope: 'config' } },
    { type: 'openConfig', uri: '' },
    { type: 'openConfig', uri: 42 },
    { type: 'exportCsv', chart: 'pie' },
    { type: 'exportPng', chart: 'lossCompute', dataUrl: 'data:image/svg+xml;base64,PHN2Zz4=' },
    { type: 'exportPng', chart: 'lossCompute', dataUrl: 'javascript:alert(1)' },
    { type: 'rendered', report: { seq: 1 } },
  ];
  for (const m of bad) {
    const r = parseWebviewMessage(m);
    assert.ok(!r.ok, JSON.stringify(m));
    assert.ok(r.reason.length > 0);
  }
  assert.equal(messageKind({ type: 'x'.repeat(100) }), JSON.stringify('x'.repeat(40)));
  assert.equal(messageKind(null), 'null');
  assert.equal(messageKind(3), 'number');
});

test('budget arguments of openCurvePanel are validated', () => {
  assert.deepEqual(parseBudgetArgs({ budget: { flops: 3e22, params: 1.6e10, tokens: 3.2e11, law: 'epoch-2024' } }), {
    flops: 3e22,
    params: 1.6e10,
    tokens: 3.2e11,
    law: 'epoch-2024',
  });
  for (const bad of [
    undefined,
    'file:///a.yaml',
    {},
    { budget: { flops: 3e22, params: -1, tokens: 3e11, law: 'x' } },
    { budget: { flops: Infinity, params: 1, tokens: 1, law: 'x' } },
    { budget: { flops: 1, params: 1, tokens: 1 } },
  ]) {
    assert.equal(parseBudgetArgs(bad), undefined, JSON.stringify(bad));
  }
  const restored = parsePersistedState({
    v: 1,
    budget: { flops: 3e22, params: 1.6e10, tokens: 3.2e11, law: 'epoch-2024' },
    options: { compare: [], scope: 'config' },
  });
  assert.deepEqual(restored?.budget, { flops: 3e22, params: 1.6e10, tokens: 3.2e11, law: 'epoch-2024' });
});

test('persisted state: options and target come back; anything malformed is dropped', () => {
  assert.deepEqual(
    parsePersistedState({ v: 1, uri: 'file:///w/a.yaml', options: { law: 'kaplan-2020', compare: [], scope: 'config' }, state: { whatever: true } }),
    {
      uri: 'file:///w/a.yaml',
      options: { law: 'kaplan-2020', compare: [], scope: 'config' },
    },
  );
  assert.deepEqual(parsePersistedState({ v: 1, options: { compare: [], scope: 'workspace' } }), { options: { compare: [], scope: 'workspace' } });
  for (const bad of [undefined, null, {}, { v: 2, options: { compare: [], scope: 'config' } }, { v: 1, options: { scope: 'config' } }])
    assert.equal(parsePersistedState(bad), undefined);
});

test('CSV: one row per point, numbers exact', () => {
  const s = state({ kind: 'config', config: tiny });
  const c = chart(s, 'lossCompute');
  const csv = chartCsv(c);
  const lines = csv.trimEnd().split('\n');
  assert.equal(lines[0], 'series,role,compute_flops,loss_nats,point,file');
  assert.equal(
    lines.length - 1,
    c.series.reduce((n, x) => n + x.points.length, 0),
  );
  const row = lines.find((l) => l.startsWith('mpt-tiny.yaml,config,'))!;
  const [, , x, y] = row.split(',');
  assert.equal(Number(x), 6 * est.loss.params! * est.tokens!);
  assert.equal(Number(y), est.loss.value);
  // Fields with commas or quotes are quoted.
  const quoted = chartCsv({ ...c, series: [{ id: 'q', label: 'a, "b"', role: 'curve', points: [{ x: 1, y: 2 }] }] });
  assert.equal(quoted.split('\n')[1], '"a, ""b""",curve,1,2,,');
  // Text that a spreadsheet would run as a formula is defused; negative numbers stay numbers.
  const formulas = chartCsv({
    ...c,
    series: [{ id: 'f', label: '=HYPERLINK("http://x")', role: 'curve', points: [{ x: -1, y: 2, label: '@SUM(A1)', uri: '+cmd' }] }],
  });
  assert.equal(formulas.split('\n')[1], `"'=HYPERLINK(""http://x"")",curve,-1,2,'@SUM(A1),'+cmd`);
});

test('PNG: only real PNG data URLs become bytes; file names from the config and the chart', () => {
  const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==';
  const bytes = pngBytes(png);
  assert.deepEqual([...bytes!.slice(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(pngBytes('data:image/png;base64,AAAA'), null, 'no PNG signature');
  assert.equal(pngBytes('data:image/jpeg;base64,iVBORw0KGgo='), null);
  assert.equal(pngBytes('data:image/png;base64,***'), null);
  const c = chart(state({ kind: 'config', config: tiny }), 'lossTokens');
  assert.equal(exportBaseName('configs/iso-1.9e18/mpt-31m.yaml', c), 'mpt-31m-loss-vs-tokens-at-125m-parameters');
  assert.equal(exportBaseName(undefined, c), 'scaling-curves-loss-vs-tokens-at-125m-parameters');
});
