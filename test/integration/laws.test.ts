// Custom and fitted laws in a real VS Code: a formula from settings becomes a law the hints use,
// a bad formula is skipped with a message, a fit of the Chinchilla runs becomes selectable, and
// a training log is forecast.
import * as assert from 'node:assert/strict';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import pkg from '../../package.json';
import type { ScalingLensApi } from '../../src/extension';

let api: ScalingLensApi;
let root: vscode.Uri;
const fixture = (path: string) => vscode.Uri.joinPath(root, 'test', 'fixtures', ...path.split('/'));
const config = () => vscode.workspace.getConfiguration('scalingLens');

/** The summary CodeLens above the first line. */
async function summary(doc: vscode.TextDocument): Promise<string | undefined> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri)) ?? [];
  return lenses.find((l) => l.range.start.line === 0 && l.command?.command === 'scalingLens.openCurvePanel')?.command?.title;
}

async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

suite('laws: custom formulas, fitted laws, forecasts', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<ScalingLensApi>(`${pkg.publisher}.${pkg.name}`)!;
    api = await ext.activate();
    root = ext.extensionUri;
  });

  suiteTeardown(async () => {
    await config().update('law', undefined, vscode.ConfigurationTarget.Global);
    await config().update('law', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('customLaws', undefined, vscode.ConfigurationTarget.Global);
  });

  test('a custom formula from settings drives the hints; a bad one is skipped', async () => {
    const doc = await vscode.workspace.openTextDocument(fixture('litgpt/tinyllama.yaml'));
    await vscode.window.showTextDocument(doc);
    await config().update(
      'customLaws',
      { mine: '1.9 + 500 / N^0.35 + 2000 / D^0.36', broken: 'import({}, {override: true})' },
      vscode.ConfigurationTarget.Global,
    );
    await config().update('law', 'custom:mine', vscode.ConfigurationTarget.Global);
    const N = 1_100_048_384;
    const D = 3e12;
    const expected = 1.9 + 500 / N ** 0.35 + 2000 / D ** 0.36;
    const text = await until(
      () => summary(doc),
      (t) => !!t && t.includes(`loss ≈ ${expected.toFixed(2)} ·`),
    );
    assert.ok(text?.startsWith(`1.1B params · 3T tokens · loss ≈ ${expected.toFixed(2)} ·`), text);
    assert.deepEqual(
      api.ctx.laws.extra().map((l) => l.id),
      ['custom:mine'],
      'the bad formula is skipped',
    );
    const hover = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 0));
    const md = hover.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(md, /law `custom:mine`/);
  });

  test('an unknown law id falls back to the default with a diagnostic', async () => {
    const doc = await vscode.workspace.openTextDocument(fixture('litgpt/tinyllama.yaml'));
    await vscode.window.showTextDocument(doc);
    await config().update('law', 'custom:nope', vscode.ConfigurationTarget.Global);
    const d = await until(
      async () => vscode.languages.getDiagnostics(doc.uri),
      (x) => x.some((y) => y.code === 'unknown-law'),
    );
    const diag = d.find((y) => y.code === 'unknown-law');
    assert.ok(diag, JSON.stringify(d));
    assert.match(diag.message, /Unknown law "custom:nope" in scalingLens\.law; epoch-2024 used/);
    assert.ok((await summary(doc))?.includes('loss ≈ 2.22 ·'));
  });

  test('fitting the Chinchilla runs gives a selectable law fit:<file> with the published constants', async () => {
    const result = await vscode.commands.executeCommand<{ lawId: string; fit: { law: { E: number; alpha: number; beta: number }; points: number } }>(
      'scalingLens.fitLaw',
      fixture('fit/chinchilla-fig4-runs.csv'),
    );
    assert.ok(result, 'the fit ran');
    assert.equal(result.lawId, 'fit:chinchilla-fig4-runs.csv');
    assert.equal(result.fit.points, 245);
    assert.ok(result.fit.law.E > 1 && result.fit.law.E < 3 && result.fit.law.alpha > 0.1 && result.fit.law.beta > 0.1, JSON.stringify(result.fit.law));
    assert.ok(api.ctx.laws.extra().some((l) => l.id === result.lawId));
    const chosen = await vscode.commands.executeCommand<string>('scalingLens.selectLaw', result.lawId, 'workspace');
    assert.equal(chosen, result.lawId);
    const doc = await vscode.workspace.openTextDocument(fixture('litgpt/tinyllama.yaml'));
    await vscode.window.showTextDocument(doc);
    const md = await until(
      async () =>
        (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 0)))
          .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
          .join('\n'),
      (t) => t.includes(result.lawId),
    );
    assert.match(md, /law `fit:chinchilla-fig4-runs\.csv`/);
    // The fitted law answers budgets too.
    const budget = await vscode.commands.executeCommand<{ ok: boolean; report?: { law: { id: string }; optimal: { params: number; tokens: number } } }>(
      'scalingLens.budgetCalculator',
      {
        input: { kind: 'flops', flops: 1e21, gpu: 'H100-SXM', gpus: 8, law: result.lawId },
        show: false,
      },
    );
    assert.equal(budget?.ok, true, JSON.stringify(budget));
    assert.equal(budget?.report?.law.id, result.lawId);
    assert.ok(Math.abs(6 * budget.report.optimal.params * budget.report.optimal.tokens - 1e21) / 1e21 < 1e-9);
    await api.ctx.laws.forgetFit('chinchilla-fig4-runs.csv');
  });

  test("Select Scaling Law saves where the person chose: User settings or the workspace's", async () => {
    await config().update('law', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('law', undefined, vscode.ConfigurationTarget.Global);
    assert.equal(await vscode.commands.executeCommand<string>('scalingLens.selectLaw', 'kaplan-2020', 'user'), 'kaplan-2020');
    let law = config().inspect<string>('law');
    assert.deepEqual([law?.globalValue, law?.workspaceValue], ['kaplan-2020', undefined], 'User: nothing written into the folder');
    assert.equal(config().get('law'), 'kaplan-2020');
    assert.equal(await vscode.commands.executeCommand<string>('scalingLens.selectLaw', 'chinchilla-2022', 'workspace'), 'chinchilla-2022');
    law = config().inspect<string>('law');
    assert.deepEqual([law?.globalValue, law?.workspaceValue], ['kaplan-2020', 'chinchilla-2022']);
    await config().update('law', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('law', undefined, vscode.ConfigurationTarget.Global);
  });

  test('a training log is forecast at the planned end, with a band that holds the true loss', async () => {
    const r = await vscode.commands.executeCommand<{ forecast: { loss: number; low: number; high: number }; until: number }>(
      'scalingLens.forecastLog',
      fixture('fit/train-log.csv'),
      5e9,
    );
    assert.ok(r);
    assert.equal(r.until, 5e9);
    const truth = 2.1 + 38 * 5e9 ** -0.2;
    assert.ok(r.forecast.low <= truth && truth <= r.forecast.high, `${truth} in [${r.forecast.low}, ${r.forecast.high}]`);
    assert.ok(Math.abs(r.forecast.loss - truth) / truth < 0.03);
  });
});
