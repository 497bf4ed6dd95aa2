// Palette commands for your own laws: fit a law to a runs file, forecast a training log, and
// pick the law every estimate uses. The math is the core's (src/core/fit); this wires it to
// files, progress, workspace state and settings.

import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import type { FitResult } from '../core/fit/fitLaw';
import { formatExponent, formatQuantity, formatSignificant } from '../format/index';
import { loadEngine } from '../host/engine';
import { forecastOverlay } from '../core/fit/forecastOverlay';
import { COMMANDS } from '../host/commandIds';
import { overriddenBy, scopeItems, type LawScope } from './lawScope';

const RUNS_GLOB = '**/*{runs,results,sweep,scaling}*.{csv,jsonl}';
const LOG_GLOB = '**/*{log,loss,metrics,train}*.{csv,jsonl}';
/** Above this a runs file or log is not read: both are tables of numbers, never this large. */
const MAX_TABLE_BYTES = 64 * 1024 * 1024;

export interface FitCommandResult {
  readonly fit: FitResult;
  readonly lawId: string;
}

/** Picks a file: the `uri` argument (tests, links), else a quick pick of matches, else a dialog. */
async function pickFile(uri: unknown, glob: string, title: string): Promise<vscode.Uri | undefined> {
  if (uri instanceof vscode.Uri) return uri;
  if (typeof uri === 'string' && uri) return vscode.Uri.parse(uri);
  const found = await vscode.workspace.findFiles(glob, '**/node_modules/**', 200);
  const browse = { label: '$(folder-opened) Browse…', uri: undefined as vscode.Uri | undefined };
  const items = [...found.map((u) => ({ label: vscode.workspace.asRelativePath(u), uri: u })), browse];
  const picked = found.length ? await vscode.window.showQuickPick(items, { title, placeHolder: 'CSV or JSONL' }) : browse;
  if (!picked) return undefined;
  if (picked.uri) return picked.uri;
  const chosen = await vscode.window.showOpenDialog({ title, canSelectMany: false, filters: { 'Runs or logs': ['csv', 'jsonl', 'json'] } });
  return chosen?.[0];
}

async function readText(uri: vscode.Uri): Promise<string> {
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.size > MAX_TABLE_BYTES) throw new Error(`${vscode.workspace.asRelativePath(uri)} is ${(stat.size / 2 ** 20).toFixed(0)} MB: too large to read`);
  return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
}

const fmt = (v: number, digits = 4) => formatSignificant(v, digits, { plain: true });

function fitReport(fit: FitResult): string[] {
  const c = fit.law;
  const i = fit.intervals;
  const ci = (k: 'E' | 'A' | 'B' | 'alpha' | 'beta') => (i ? ` [${fmt(i[k][0])}, ${fmt(i[k][1])}]` : '');
  return [
    `Fit of ${fit.name}: ${fit.points} runs, objective ${formatExponent(fit.objective, 4)} (Huber δ ${fit.delta} on log loss, summed; ${fit.starts} starts)`,
    `  L(N, D) = E + A/N^α + B/D^β, ${i ? `${Math.round(i.level * 100)}% bootstrap intervals over ${i.resamples} resamples` : 'no bootstrap'}:`,
    `  E ${fmt(c.E)}${ci('E')}, A ${fmt(c.A)}${ci('A')}, B ${fmt(c.B)}${ci('B')}, α ${fmt(c.alpha)}${ci('alpha')}, β ${fmt(c.beta)}${ci('beta')}`,
    `  compute-optimal N ∝ C^${fmt(fit.optimalExponents.params, 3)}, D ∝ C^${fmt(fit.optimalExponents.tokens, 3)}; fitted range N ${formatQuantity(fit.range.params[0])}–${formatQuantity(fit.range.params[1])}, C ${formatExponent(fit.range.flops[0], 1)}–${formatExponent(fit.range.flops[1], 1)} FLOPs`,
    `  loss unit: ${fit.lossUnit}`,
    ...fit.warnings.map((w) => `  warning: ${w}`),
  ];
}

/**
 * A fit is saved, and its law named, by the runs file's workspace-relative path: `a/runs.csv` and
 * `b/runs.csv` are two fits, not one overwriting the other. A file outside the workspace keeps
 * its base name.
 */
function fitName(uri: vscode.Uri): string {
  const relative = vscode.workspace.asRelativePath(uri, true);
  return relative === uri.fsPath || relative === uri.path ? uri.path.slice(uri.path.lastIndexOf('/') + 1) : relative;
}

export function registerFitCommands(ctx: Ctx): void {
  ctx.push(
    vscode.commands.registerCommand(COMMANDS.fitLaw, async (arg?: unknown): Promise<FitCommandResult | undefined> => {
      const uri = await pickFile(arg, RUNS_GLOB, 'Fit a scaling law to runs (params, tokens or FLOPs, loss)');
      if (!uri) return undefined;
      const engine = await loadEngine();
      try {
        const text = await readText(uri);
        const { fit } = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: `Fitting a law to ${vscode.workspace.asRelativePath(uri)}`, cancellable: true },
          (progress, token) => {
            let last = 0;
            return engine.fitRunsTextAsync(text, uri.path, {
              name: fitName(uri),
              isCancelled: () => token.isCancellationRequested,
              onProgress: (fraction: number) => {
                const pct = 100 * fraction;
                progress.report({ increment: pct - last, message: `${Math.round(pct)}%` });
                last = pct;
              },
            });
          },
        );
        await ctx.laws.saveFit(fit);
        const lawId = engine.lawFromFit(fit).id;
        for (const line of fitReport(fit)) ctx.log.info(line);
        const use = 'Use this law';
        const show = 'Show the fit';
        void vscode.window
          .showInformationMessage(
            `Fitted ${lawId} on ${fit.points} runs: E ${fmt(fit.law.E, 3)}, α ${fmt(fit.law.alpha, 3)}, β ${fmt(fit.law.beta, 3)}. It is now selectable as a law.`,
            use,
            show,
          )
          .then(async (choice) => {
            if (choice === use) await vscode.commands.executeCommand(COMMANDS.selectLaw, lawId);
            if (choice === show) ctx.log.show();
          });
        return { fit, lawId };
      } catch (e) {
        if (e instanceof engine.FitCancelledError) return undefined;
        const message = e instanceof Error ? e.message : String(e);
        ctx.log.info(`fit ${uri.fsPath}: ${message}`);
        void vscode.window.showErrorMessage(`Scaling Lens: cannot fit ${vscode.workspace.asRelativePath(uri)}: ${message}`);
        return undefined;
      }
    }),

    vscode.commands.registerCommand(COMMANDS.forecastLog, async (arg?: unknown, untilArg?: number) => {
      const uri = await pickFile(arg, LOG_GLOB, 'Forecast the final loss of a training log');
      if (!uri) return undefined;
      const engine = await loadEngine();
      // The planned end: the active config's tokens (the config this log belongs to), if known.
      const editor = vscode.window.activeTextEditor;
      const config = editor ? (await ctx.analyses.get(editor.document)).analysis : null;
      const planned = config?.ok ? config.estimate.tokens : null;
      const until = typeof untilArg === 'number' ? untilArg : planned;
      try {
        const { fit, notes } = engine.fitLogText(await readText(uri), {});
        const x = until ?? fit.seen.to * 2;
        const f = engine.forecastLoss(fit, x);
        const unit = fit.unit === 'tokens' ? 'tokens' : 'steps';
        const band = f.low !== null && f.high !== null ? ` (band ${fmt(f.low)}–${fmt(f.high)})` : '';
        const lawPrediction = config?.ok && until === planned ? config.estimate.loss : null;
        const lines = [
          `Forecast of ${vscode.workspace.asRelativePath(uri)}: loss ${fmt(f.loss)}${band} at ${formatQuantity(x)} ${unit}${until === null ? " (2× the logged length: open the run's config to forecast its planned end)" : ''}`,
          `  learning curve L(t) = E + A·t^-α: E ${fmt(fit.law.E)}, A ${fmt(fit.law.A)}, α ${fmt(fit.law.alpha)}, from ${fit.points} points, ${formatQuantity(fit.seen.from)} to ${formatQuantity(fit.seen.to)} ${unit}`,
          ...(lawPrediction?.value != null
            ? [
                `  ${lawPrediction.law} predicts ${fmt(lawPrediction.value)} ${lawPrediction.unit} for the config (a different dataset: compare trends, not values)`,
              ]
            : []),
          ...notes.map((n) => `  note: ${n}`),
          ...[...fit.warnings, ...engine.forecastWarnings(fit, x)].map((w) => `  warning: ${w}`),
        ];
        for (const line of lines) ctx.log.info(line);
        // "Show on curves": the forecast next to the law's prediction on the config's loss-vs-tokens chart.
        const overlay = forecastOverlay(fit, vscode.workspace.asRelativePath(uri), x, engine.forecastLoss);
        const curves = overlay ? { forecast: overlay, ...(config?.ok && editor ? { uri: editor.document.uri.toString() } : {}) } : null;
        const details = 'Details';
        const show = 'Show on curves';
        void vscode.window.showInformationMessage(lines[0]!, ...(curves ? [show] : []), details).then(async (c) => {
          if (c === details) ctx.log.show();
          if (c === show && curves) await vscode.commands.executeCommand(COMMANDS.openCurvePanel, curves);
        });
        return { forecast: f, fit, until: x, curves };
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        void vscode.window.showErrorMessage(`Scaling Lens: cannot forecast ${vscode.workspace.asRelativePath(uri)}: ${message}`);
        return undefined;
      }
    }),

    // Arguments (tests, keybindings): a law id, and where to save it ('workspace' | 'user'); each is asked when absent.
    vscode.commands.registerCommand(COMMANDS.selectLaw, async (id?: string, scopeArg?: string) => {
      const engine = await loadEngine();
      const all = [...engine.BUILT_IN_LAWS, ...ctx.laws.extra()];
      let chosen = typeof id === 'string' ? id : undefined;
      if (!chosen) {
        const current = ctx.settings.law;
        const pick = await vscode.window.showQuickPick(
          all.map((l) => ({ label: l.id, description: `${l.name}${l.id === current ? ' (current)' : ''}`, detail: `${l.citation} · loss in ${l.lossUnit}` })),
          { title: 'Scaling law for estimates, hints and curves', matchOnDescription: true },
        );
        chosen = pick?.label;
      }
      if (!chosen) return undefined;
      if (!all.some((l) => l.id === chosen)) {
        void vscode.window.showErrorMessage(`Scaling Lens: no law "${chosen}"`);
        return undefined;
      }
      const scope = await pickScope(scopeArg === 'workspace' || scopeArg === 'user' ? scopeArg : undefined);
      if (!scope) return undefined;
      await setLaw(chosen, scope);
      return chosen;
    }),
  );
}

/** Where to save: asked when a folder is open (Workspace or User); without one, only User exists. */
async function pickScope(given: LawScope | undefined): Promise<LawScope | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) return 'user';
  if (given) return given;
  const values = vscode.workspace.getConfiguration('scalingLens').inspect<string>('law') ?? {};
  const file = vscode.workspace.workspaceFile;
  const items = scopeItems(values, vscode.workspace.name ?? 'this workspace', file && file.scheme === 'file' ? vscode.workspace.asRelativePath(file) : null);
  const pick = await vscode.window.showQuickPick(items, { title: 'Save the scaling law for', placeHolder: 'Workspace or User settings' });
  return pick?.scope;
}

async function setLaw(id: string, scope: LawScope): Promise<void> {
  const config = vscode.workspace.getConfiguration('scalingLens');
  const values = config.inspect<string>('law') ?? {};
  await config.update('law', id, scope === 'user' ? vscode.ConfigurationTarget.Global : vscode.ConfigurationTarget.Workspace);
  const warning = overriddenBy(values, scope, id);
  if (warning) void vscode.window.showWarningMessage(`Scaling Lens: ${warning}`);
  else void vscode.window.setStatusBarMessage(`Scaling Lens: law ${id} (${scope === 'user' ? 'User' : 'Workspace'} settings)`, 4000);
}
