// The curve panel and the sidebar curve viewer in a real VS Code: the host pushes the estimate,
// the webview draws it and reports back what its DOM holds (canvases, datasets, labels,
// controls), and these tests assert on that report. Control changes go through the same
// validated message path the webview uses.
import * as assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import pkg from '../../package.json';
import { COMMANDS } from '../../src/host/commandIds';
import { analyze } from '../../src/configs/analyze';
import { BUILT_IN_LAWS, findLaw } from '../../src/core/index';
import type { ScalingLensApi } from '../../src/extension';
import type { CurveHost } from '../../src/panels/curveHost';
import type { RenderReport, ViewOptions } from '../../src/protocol';

const extensionId = `${pkg.publisher}.${pkg.name}`;
let api: ScalingLensApi;
let folder: vscode.Uri;
const file = (rel: string) => vscode.Uri.joinPath(folder, ...rel.split('/'));

/** The next report (seq > 0: drawn from a pushed state, not the webview's cache) that passes `ok`. */
function rendered(host: CurveHost, ok: (r: RenderReport) => boolean = () => true, timeoutMs = 15_000): Promise<RenderReport> {
  const last = host.lastReport;
  if (last && last.seq > 0 && ok(last)) return Promise.resolve(last);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`no matching render within ${timeoutMs} ms; last report: ${JSON.stringify(host.lastReport)?.slice(0, 800)}`));
    }, timeoutMs);
    const sub = host.onDidRender((r) => {
      if (r.seq > 0 && ok(r)) {
        clearTimeout(timer);
        sub.dispose();
        resolve(r);
      }
    });
  });
}

const chart = (r: RenderReport, id: string) => {
  const c = r.charts.find((x) => x.id === id);
  assert.ok(c, `chart ${id} in the report`);
  return c;
};

async function setOptions(host: CurveHost, options: ViewOptions): Promise<RenderReport> {
  await host.receive({ type: 'setOptions', options });
  return rendered(
    host,
    (r) => r.controls.law === (options.law ?? 'epoch-2024') && r.controls.compare.join() === options.compare.join() && r.controls.scope === options.scope,
  );
}

/** The estimate the editor shows for a workspace file under epoch-2024. */
async function estimateOf(rel: string) {
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file(rel)));
  const a = analyze(text, file(rel).path, { law: findLaw('epoch-2024')! });
  assert.ok(a.ok);
  return a.estimate;
}

suite('curves: panel and sidebar', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<ScalingLensApi>(extensionId);
    assert.ok(ext);
    api = await ext.activate();
    folder = vscode.workspace.workspaceFolders![0]!.uri;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await api.features.index.ready();
  });

  suiteTeardown(async () => {
    api.panels.panel?.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the panel opens on a config and draws it on the scaling charts and the memory chart', async () => {
    const uri = file('mpt-tiny.yaml');
    await vscode.window.showTextDocument(uri);
    const started = performance.now();
    await vscode.commands.executeCommand(COMMANDS.openCurvePanel, uri.toString());
    const panel = api.panels.panel;
    assert.ok(panel, 'the command opened the panel');
    assert.equal(panel.panel.title, 'Curves: mpt-tiny.yaml');
    const r = await rendered(panel.host, (x) => x.header === 'mpt-tiny.yaml' && chart(x, 'isoFlop').datasets.some((d) => d.role === 'highlight'));
    const ms = performance.now() - started;

    assert.deepEqual(
      r.charts.map((c) => c.id),
      ['lossCompute', 'isoFlop', 'lossTokens', 'tokensPerParam', 'memory'],
    );
    for (const c of r.charts) {
      assert.ok(c.canvas && c.width > 100 && c.height > 100, `${c.id} canvas drawn at ${c.width}×${c.height}`);
      assert.equal(c.empty, undefined);
    }
    // The config's point and its label are in every chart's data.
    for (const c of r.charts)
      assert.ok(
        c.datasets.some((d) => d.role === 'config' && d.label === 'mpt-tiny.yaml' && d.points === 1),
        `${c.id}: config point`,
      );
    assert.ok(chart(r, 'lossCompute').datasets.some((d) => d.role === 'frontier' && d.label === 'epoch-2024: compute-optimal' && d.points > 30));
    assert.ok(chart(r, 'isoFlop').datasets.some((d) => d.role === 'highlight'));
    assert.ok(chart(r, 'lossTokens').datasets.some((d) => d.role === 'more' && d.points === 2));
    assert.ok(chart(r, 'tokensPerParam').datasets.filter((d) => d.role === 'threshold').length === 2);
    // Memory per GPU by term against the micro-batch, the A100-80GB's 74.5 GiB as a line, the config at its (assumed) micro-batch 1.
    const mem = chart(r, 'memory');
    assert.deepEqual(
      mem.datasets.filter((d) => d.role === 'stack').map((d) => d.label),
      ['weights', 'gradients', 'optimizer states', 'activations', 'logits', 'overhead'],
    );
    assert.ok(mem.datasets.some((d) => d.role === 'threshold' && d.label === 'A100-80GB: 74.5 GiB'));
    assert.match(mem.ariaLabel, /^Memory per GPU of mpt-tiny\.yaml on 8 × A100-80GB: [\d.]+ GiB of 74\.5 GiB at micro-batch 1 \(fits\)/);
    const facts = panel.host.lastState!.config!.facts.map((f) => f.label);
    assert.deepEqual(facts.slice(-3), ['GPU-hours', 'time', 'cost']);
    // It opens on the config alone: the workspace's configs (an iso-FLOP sweep here) are one tick away.
    for (const c of r.charts) assert.ok(!c.datasets.some((d) => d.role === 'workspace'), `${c.id}: no workspace points by default`);
    // The highlighted iso-FLOP profile is the config's compute and passes through its point.
    const iso = panel.host.lastState!.charts.find((c) => c.id === 'isoFlop')!;
    const own = iso.series.find((s) => s.role === 'config')!.points[0]!;
    const through = iso.series.find((s) => s.role === 'highlight')!.points.find((p) => p.x === own.x);
    assert.ok(through && Math.abs(through.y - own.y) < 1e-9, `the highlighted profile passes through (${own.x}, ${own.y})`);
    assert.match(chart(r, 'lossCompute').ariaLabel, /mpt-tiny\.yaml: 1\.89e18 FLOPs, loss 3\.312/);
    assert.match(chart(r, 'lossTokens').ariaLabel, /Training stops at 2\.52B tokens, loss 3\.312\. 2× the tokens: 3\.142/);
    // The controls: every law the core has, the setting's law chosen, nothing compared.
    assert.deepEqual(r.controls, { law: 'epoch-2024', lawOptions: BUILT_IN_LAWS.map((l) => l.id), compare: [], scope: 'config' });
    assert.equal(r.notice, null);

    // The numbers pushed are the estimate's, exactly.
    const e = await estimateOf('mpt-tiny.yaml');
    const lc = panel.host.lastState!.charts.find((c) => c.id === 'lossCompute')!;
    const point = lc.series.find((s) => s.role === 'config')!.points[0]!;
    assert.equal(point.x, 6 * e.loss.params! * e.tokens!);
    assert.equal(point.y, e.loss.value);
    console.log(
      `    panel: first render ${ms.toFixed(0)} ms after the command (webview drew ${r.firstRenderMs?.toFixed(0)} ms after it started loading; state computed in ${panel.host.lastState!.computeMs.toFixed(1)} ms, drawn in ${r.renderMs.toFixed(1)} ms)`,
    );
  });

  test('controls: law switch, law comparison and the workspace toggle redraw the charts', async () => {
    const host = api.panels.panel!.host;
    let r = await setOptions(host, { law: 'chinchilla-2022', compare: ['kaplan-2020', 'muennighoff-2023'], scope: 'config' });
    assert.match(chart(r, 'lossCompute').ariaLabel, /^Loss vs compute under chinchilla-2022, kaplan-2020, muennighoff-2023,/);
    const lc = chart(r, 'lossCompute');
    assert.deepEqual(
      lc.datasets.filter((d) => d.role === 'frontier').map((d) => d.label),
      ['chinchilla-2022: compute-optimal', 'kaplan-2020: compute-optimal', 'muennighoff-2023: compute-optimal'],
    );
    assert.ok(lc.datasets.some((d) => d.role === 'bandHigh') && lc.datasets.some((d) => d.role === 'bandLow'), 'the spread between the laws');
    assert.equal(lc.datasets.filter((d) => d.role === 'configAlt').length, 2, 'the config under each compared law');
    for (const c of r.charts) assert.ok(!c.datasets.some((d) => d.role === 'workspace'), `${c.id}: no workspace points in scope "config"`);
    assert.equal(r.header, 'mpt-tiny.yaml');

    r = await setOptions(host, { compare: [], scope: 'workspace' });
    assert.equal(r.controls.law, 'epoch-2024');
    assert.ok(chart(r, 'lossCompute').datasets.some((d) => d.role === 'workspace'));
  });

  test('messages from the webview are validated: invalid ones are dropped and logged once', async () => {
    const host = api.panels.panel!.host;
    const log = api.ctx.log;
    const original = log.errorOnce.bind(log);
    const logged: string[] = [];
    log.errorOnce = (key, message) => {
      logged.push(message);
      original(key, message);
    };
    try {
      const before = host.options;
      await host.receive({ type: 'setOptions', options: { law: 'kaplan-2020', compare: [], scope: 'everything' } });
      await host.receive({ type: 'setOptions', options: { law: 'kaplan-2020', compare: [], scope: 'everything' } });
      await host.receive({ type: 'exec', command: 'rm -rf /' });
      await host.receive('ready');
      // A file that is not on the charts is not opened.
      await host.receive({ type: 'openConfig', uri: file('README.md').toString() });
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(host.options, before, 'the options did not change');
      assert.equal(host.options.scope, 'workspace');
      assert.notEqual(vscode.window.activeTextEditor?.document.uri.path, file('README.md').path);
      // errorOnce dedups the repeated message itself; each distinct problem was reported.
      assert.equal(logged.filter((m) => m.includes('(type "setOptions")')).length, 2, logged.join('\n'));
      assert.ok(logged.some((m) => m.includes('(type "exec")')));
      assert.ok(logged.some((m) => m.includes('refused to open') && m.includes('README.md')));
    } finally {
      log.errorOnce = original;
    }
  });

  test('clicking a point opens its config', async () => {
    const host = api.panels.panel!.host;
    const row = host.lastState!.table.find((t) => t.name.endsWith('mpt-83m.yaml'));
    assert.ok(row, 'the sweep config is plotted');
    await host.receive({ type: 'openConfig', uri: row.uri });
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), row.uri);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('exports: the chart data as CSV with exact numbers, the image as PNG', async () => {
    const host = api.panels.panel!.host;
    const csvFile = vscode.Uri.file(join(tmpdir(), `scaling-lens-${process.pid}.csv`));
    const pngFile = vscode.Uri.file(join(tmpdir(), `scaling-lens-${process.pid}.png`));
    const asked: vscode.SaveDialogOptions[] = [];
    const previous = api.panels.saveTarget;
    try {
      api.panels.saveTarget = async (options) => {
        asked.push(options);
        return options.filters?.CSV ? csvFile : pngFile;
      };
      await host.receive({ type: 'exportCsv', chart: 'lossCompute' });
      const csv = new TextDecoder().decode(await vscode.workspace.fs.readFile(csvFile));
      const e = await estimateOf('mpt-tiny.yaml');
      assert.equal(csv.split('\n')[0], 'series,role,compute_flops,loss_nats,point,file');
      assert.ok(csv.includes(`mpt-tiny.yaml,config,${6 * e.loss.params! * e.tokens!},${e.loss.value},mpt-tiny.yaml,`), csv.slice(0, 400));
      assert.match(asked[0]!.defaultUri!.path, /mpt-tiny-loss-vs-compute\.csv$/);

      const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
      await host.receive({ type: 'exportPng', chart: 'isoFlop', dataUrl: png });
      const bytes = await vscode.workspace.fs.readFile(pngFile);
      assert.deepEqual([...bytes.slice(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
      assert.match(asked[1]!.defaultUri!.path, /mpt-tiny-iso-flop-profiles\.png$/);
    } finally {
      api.panels.saveTarget = previous;
      for (const f of [csvFile, pngFile]) await vscode.workspace.fs.delete(f).then(undefined, () => undefined);
    }
  });

  test('state survives hiding the panel and restoring it after a reload', async () => {
    const panel = api.panels.panel!;
    await setOptions(panel.host, { law: 'kaplan-2020', compare: [], scope: 'config' });
    // Hidden: another editor over it in its group; VS Code drops the webview's document.
    const doc = await vscode.workspace.openTextDocument(file('README.md'));
    const column = panel.panel.viewColumn;
    await vscode.window.showTextDocument(doc, column !== undefined ? { viewColumn: column } : {});
    assert.equal(panel.panel.visible, false);
    const seq = panel.host.lastReport!.seq;
    panel.panel.reveal(undefined, false);
    const back = await rendered(panel.host, (r) => r.seq > seq);
    assert.equal(back.controls.law, 'kaplan-2020');
    assert.equal(back.header, 'mpt-tiny.yaml');

    // A reload: VS Code hands the serializer a new panel and the state the webview saved.
    panel.dispose();
    assert.equal(api.panels.panel, undefined);
    const raw = vscode.window.createWebviewPanel('scalingLens.curves', 'Scaling Curves', vscode.ViewColumn.Beside);
    const revived = await api.panels.revive(raw, {
      v: 1,
      uri: file('mpt-tiny.yaml').toString(),
      options: { law: 'muennighoff-2023', compare: ['epoch-2024'], scope: 'config' },
    });
    const r = await rendered(revived.host);
    assert.equal(r.header, 'mpt-tiny.yaml');
    assert.deepEqual([r.controls.law, r.controls.compare, r.controls.scope], ['muennighoff-2023', ['epoch-2024'], 'config']);
    assert.equal(revived.panel.title, 'Curves: mpt-tiny.yaml');
    // A state that does not validate restores the defaults, on no file.
    revived.dispose();
    const raw2 = vscode.window.createWebviewPanel('scalingLens.curves', 'Scaling Curves', vscode.ViewColumn.Beside);
    const fresh = await api.panels.revive(raw2, { v: 1, uri: 42, options: { law: '<script>' } });
    const r2 = await rendered(fresh.host);
    assert.equal(r2.controls.law, 'epoch-2024');
    assert.match(r2.notice ?? '', /No training config open/);
    fresh.dispose();
  });

  test('the summary CodeLens and the status bar open the panel on their config', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const uri = file('mpt-tiny.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
    const summary = lenses.find((l) => l.command?.command === COMMANDS.openCurvePanel);
    assert.ok(summary, `the summary lens opens the curves: ${JSON.stringify(lenses.map((l) => l.command))}`);
    assert.equal(summary.range.start.line, 0, 'above the first line');
    assert.deepEqual(summary.command!.arguments, [uri.toString()]);
    await vscode.commands.executeCommand(summary.command!.command, ...(summary.command!.arguments ?? []));
    const panel = api.panels.panel;
    assert.ok(panel);
    assert.equal(panel.host.uri?.toString(), uri.toString());
    await rendered(panel.host, (r) => r.header === 'mpt-tiny.yaml');

    await api.features.status.update();
    const item = (api.features.status as unknown as { item: vscode.StatusBarItem }).item;
    const command = item.command as vscode.Command;
    assert.deepEqual([command.command, command.arguments], [COMMANDS.openCurvePanel, [uri.toString()]]);
    panel.dispose();
  });

  test('the budget calculator\'s "Show on curves" argument puts the budget on the charts', async () => {
    await vscode.window.showTextDocument(file('mpt-tiny.yaml'));
    const law = findLaw('epoch-2024')!;
    const o = law.optimal(3.064e22);
    await vscode.commands.executeCommand(COMMANDS.openCurvePanel, { budget: { flops: 3.064e22, params: o.params, tokens: o.tokens, law: 'chinchilla-2022' } });
    const panel = api.panels.panel;
    assert.ok(panel);
    const r = await rendered(panel.host, (x) => x.header === 'budget of 3.06e22 FLOPs');
    assert.equal(r.controls.law, 'chinchilla-2022', "drawn under the budget's law");
    assert.ok(chart(r, 'lossCompute').datasets.some((d) => d.role === 'config' && d.label === 'budget of 3.06e22 FLOPs'));
    assert.equal(panel.panel.title, 'Curves: 3.1e22 FLOPs');
    // An argument that is neither a file nor a valid budget is ignored: the active editor's file.
    await vscode.commands.executeCommand(COMMANDS.openCurvePanel, { budget: { flops: 'lots' } });
    assert.equal(panel.host.budget, undefined);
    assert.equal(panel.host.uri?.toString(), file('mpt-tiny.yaml').toString());
    panel.dispose();
  });

  test('a fitted law adds the fit-quality chart, the fitted range and the extrapolation notice', async function () {
    // A real fit of 245 runs (4,500 starts): ~4 s alone, several times that on a loaded 2-core machine.
    this.timeout(90_000);
    const fitted = await vscode.commands.executeCommand<{ lawId: string }>(
      COMMANDS.fitLaw,
      vscode.Uri.joinPath(folder, '..', 'fit', 'chinchilla-fig4-runs.csv'),
    );
    assert.ok(fitted, 'the fit ran');
    try {
      await vscode.window.showTextDocument(file('tinyllama.yaml'));
      await vscode.commands.executeCommand(COMMANDS.openCurvePanel, file('tinyllama.yaml').toString());
      const panel = api.panels.panel;
      assert.ok(panel);
      await rendered(panel.host, (x) => x.header === 'tinyllama.yaml');
      let r = await setOptions(panel.host, { law: fitted.lawId, compare: [], scope: 'config' });
      r = await rendered(panel.host, (x) => x.controls.law === fitted.lawId && x.charts.some((c) => c.id === 'fitQuality'));
      assert.deepEqual(
        r.charts.map((c) => c.id),
        ['lossCompute', 'isoFlop', 'lossTokens', 'tokensPerParam', 'fitQuality', 'memory'],
      );
      const q = chart(r, 'fitQuality');
      assert.ok(q.canvas && q.width > 100 && q.height > 100, `fit quality drawn at ${q.width}×${q.height}`);
      assert.ok(
        q.datasets.some((d) => d.points === 245),
        JSON.stringify(q.datasets),
      );
      const lc = chart(r, 'lossCompute');
      assert.ok(
        lc.datasets.some((d) => d.role === 'workspace' && d.points === 245),
        'the fitted runs on loss vs compute',
      );
      assert.ok(lc.datasets.some((d) => d.role === 'threshold' && /fitted compute range/.test(d.label)));
      // TinyLlama's 3T tokens put it beyond the runs' 1.4e18 to 1.3e22 FLOPs.
      assert.match(r.notice ?? '', /beyond the fitted compute range/);

      // Inside the range: no notice; back on a built-in law: no fit-quality chart.
      await vscode.window.showTextDocument(file('mpt-tiny.yaml'));
      await vscode.commands.executeCommand(COMMANDS.openCurvePanel, file('mpt-tiny.yaml').toString());
      r = await rendered(panel.host, (x) => x.header === 'mpt-tiny.yaml' && x.controls.law === fitted.lawId);
      assert.equal(r.notice, null);
      r = await setOptions(panel.host, { compare: [], scope: 'config' });
      assert.deepEqual(
        r.charts.map((c) => c.id),
        ['lossCompute', 'isoFlop', 'lossTokens', 'tokensPerParam', 'memory'],
      );
      panel.dispose();
    } finally {
      await api.ctx.laws.forgetFit('chinchilla-fig4-runs.csv');
    }
  });

  test('the forecast command\'s "Show on curves" draws the log\'s forecast on loss vs tokens', async () => {
    await vscode.window.showTextDocument(file('mpt-tiny.yaml'));
    const r0 = await vscode.commands.executeCommand<{ forecast: { loss: number }; curves: unknown }>(
      COMMANDS.forecastLog,
      vscode.Uri.joinPath(folder, '..', 'fit', 'train-log.csv'),
      5e9,
    );
    assert.ok(r0?.curves, 'the forecast offers "Show on curves"');
    await vscode.commands.executeCommand(COMMANDS.openCurvePanel, r0.curves);
    const panel = api.panels.panel;
    assert.ok(panel);
    assert.equal(panel.host.uri?.toString(), file('mpt-tiny.yaml').toString());
    const r = await rendered(
      panel.host,
      (x) => x.header === 'mpt-tiny.yaml' && chart(x, 'lossTokens').datasets.some((d) => /fitted learning curve/.test(d.label)),
    );
    const lt = chart(r, 'lossTokens');
    assert.ok(
      lt.datasets.some((d) => d.role === 'frontier'),
      "the law's prediction for the config",
    );
    assert.ok(lt.datasets.some((d) => d.role === 'config' && d.label === 'mpt-tiny.yaml'));
    assert.ok(
      lt.datasets.some((d) => d.role === 'workspace' && /logged loss/.test(d.label) && d.points > 5),
      'the observed bins',
    );
    assert.ok(
      lt.datasets.some((d) => d.role === 'bandHigh'),
      'the forecast band',
    );
    assert.ok(
      lt.datasets.some((d) => d.role === 'more' && /forecast at/.test(d.label) && d.points === 1),
      'the forecast at the planned end',
    );
    assert.match(lt.ariaLabel, /Forecast of .*train-log\.csv: loss /);
    // An invalid forecast argument is ignored.
    await vscode.commands.executeCommand(COMMANDS.openCurvePanel, { forecast: { name: 'x', bins: [], curve: [], at: { x: -1 } } });
    assert.ok(panel.host.forecast, 'the valid forecast is still shown');
    panel.dispose();
  });

  test('the sidebar follows the active editor, with empty states for unknown tokens and other files', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.window.showTextDocument(file('mpt-tiny.yaml'));
    await vscode.commands.executeCommand('scalingLens.curvesView.focus');
    const view = api.panels.view;
    const host = view.host ?? (await new Promise<CurveHost>((resolve) => view.onDidResolve(resolve)));
    let r = await rendered(host, (x) => x.header === 'mpt-tiny.yaml');
    assert.equal(r.charts.filter((c) => c.canvas).length, 5);
    assert.ok(chart(r, 'lossCompute').datasets.some((d) => d.role === 'config' && d.label === 'mpt-tiny.yaml'));
    assert.ok(chart(r, 'memory').datasets.some((d) => d.role === 'config' && d.label === 'mpt-tiny.yaml'));

    await vscode.window.showTextDocument(file('config.json'));
    r = await rendered(host, (x) => x.header === 'config.json');
    assert.match(r.notice ?? '', /^Training tokens unknown/);
    const lt = chart(r, 'lossTokens');
    assert.ok(lt.canvas, 'loss vs tokens is drawn for the known model size');
    assert.ok(lt.datasets.some((d) => d.role === 'frontier') && !lt.datasets.some((d) => d.role === 'config'));
    assert.ok(!chart(r, 'lossCompute').datasets.some((d) => d.role === 'config'));

    await vscode.window.showTextDocument(file('README.md'));
    r = await rendered(host, (x) => x.header === 'README.md');
    assert.match(r.notice ?? '', /^README\.md is not a training config/);
    assert.ok(!chart(r, 'lossTokens').canvas);
    assert.match(chart(r, 'lossTokens').empty ?? '', /Needs a training config/);
    assert.ok(chart(r, 'lossCompute').canvas, 'the law alone is still drawn');
    assert.ok(!chart(r, 'memory').canvas);
    assert.match(chart(r, 'memory').empty ?? '', /^Needs a training config/);
  });

  test('chart update with 20 configs plotted (printed, not asserted)', async function () {
    // Writes 20 configs and waits for the index and the panel: a measurement, not a deadline.
    this.timeout(90_000);
    const base = new TextDecoder().decode(await vscode.workspace.fs.readFile(file('mpt-tiny.yaml')));
    const dir = file('.bench-sweep');
    const host = () => api.panels.panel!.host;
    try {
      // Enough generated configs (different widths) for 20 points besides the focused config
      // (config.json has no tokens, so it is not plotted on loss vs compute).
      const want = 22;
      const have = api.features.index.configs().length;
      const add = Math.max(0, want - have);
      // Indexed directly rather than through the file watcher: this measures the chart update,
      // and a watcher that is slow to see a new folder (code-server under load) is not that.
      for (let i = 0; i < add; i++) {
        const uri = vscode.Uri.joinPath(dir, `sweep-${i}.yaml`);
        await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(base.replace('d_model: 768', `d_model: ${384 + 96 * i}`)));
        await api.features.index.indexFile(uri);
      }
      assert.ok(api.features.index.configs().length >= want, `${api.features.index.configs().length} configs indexed`);
      await vscode.commands.executeCommand(COMMANDS.openCurvePanel, file('mpt-tiny.yaml').toString());
      await setOptions(host(), { compare: [], scope: 'config' });
      const started = performance.now();
      const r = await setOptions(host(), { compare: [], scope: 'workspace' });
      const ms = performance.now() - started;
      const points = chart(r, 'lossCompute')
        .datasets.filter((d) => d.role === 'workspace')
        .reduce((n, d) => n + d.points, 0);
      assert.ok(points >= 20, `${points} workspace points`);
      console.log(
        `    chart update with ${points + 1} configs plotted: ${ms.toFixed(0)} ms from the control to the drawn charts (state ${host().lastState!.computeMs.toFixed(1)} ms, draw ${r.renderMs.toFixed(1)} ms)`,
      );
    } finally {
      await vscode.workspace.fs.delete(dir, { recursive: true, useTrash: false });
    }
  });
});
