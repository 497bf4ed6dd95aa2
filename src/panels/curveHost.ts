// The host side of one curve webview (the panel or the sidebar view): it owns what the view
// shows (a target file and the user's options), computes the charts from the core when either
// or the data change, pushes them after the webview's `ready`, and acts on what the webview
// asks once the message passed validation.

import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { loadEngine, type Engine } from '../host/engine';
import type { ConfigIndex } from '../host/workspaceIndex';
import { isAnalysable } from '../host/selector';
import type { BudgetPoint, CurveState, ForecastOverlay, HostMessage, RenderReport, ViewMode, ViewOptions, WebviewMessage } from '../protocol';
import { curveHtml, webviewOptions } from './html';
import type { Focus } from './model';
import { DEFAULT_OPTIONS as DEFAULT_VIEW } from './defaults';

export { DEFAULT_OPTIONS } from './defaults';

/** Picks where an export goes (the save dialog; tests put a file of their own). */
export type SaveTarget = (options: vscode.SaveDialogOptions) => Thenable<vscode.Uri | undefined>;

export interface HostDeps {
  readonly ctx: Ctx;
  readonly index: ConfigIndex;
  readonly saveTarget: () => SaveTarget;
}

/** Edits settle before the charts are recomputed. */
const EDIT_DEBOUNCE_MS = 250;

/**
 * What the view is on: a file (a config or not, `focus()` finds out), the calculator's budget,
 * or nothing. The budget and nothing are the Focus variants themselves; a file becomes one of the
 * others once read.
 */
type Subject = { readonly kind: 'file'; readonly uri: vscode.Uri } | Extract<Focus, { kind: 'budget' } | { kind: 'none' }>;

export class CurveHost implements vscode.Disposable {
  private subject: Subject;
  /** A training log's forecast drawn on loss vs tokens, until the view changes config. */
  private forecastOverlay: ForecastOverlay | undefined;
  private opts: ViewOptions;
  private ready = false;
  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pushing: Promise<void> = Promise.resolve();
  private state: CurveState | undefined;
  /** URIs the last state plotted: the only files `openConfig` may open. */
  private allowed = new Set<string>();
  private readonly created = performance.now();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly rendered = new vscode.EventEmitter<RenderReport>();
  private readonly changedTarget = new vscode.EventEmitter<vscode.Uri | undefined>();
  /** Fires with each report of what the webview drew. */
  readonly onDidRender = this.rendered.event;
  readonly onDidChangeTarget = this.changedTarget.event;
  lastReport: RenderReport | undefined;
  /** Milliseconds from creating this host to the webview's first drawn state. */
  firstRenderMs: number | undefined;
  private disposed = false;

  constructor(
    readonly webview: vscode.Webview,
    readonly mode: ViewMode,
    private readonly deps: HostDeps,
    initial: { readonly target?: vscode.Uri; readonly budget?: BudgetPoint; readonly options?: ViewOptions } = {},
  ) {
    this.subject = initial.target ? { kind: 'file', uri: initial.target } : initial.budget ? { kind: 'budget', budget: initial.budget } : { kind: 'none' };
    this.opts = initial.options ?? DEFAULT_VIEW;
    const extensionUri = deps.ctx.extension.extensionUri;
    webview.options = webviewOptions(extensionUri);
    this.disposables.push(
      webview.onDidReceiveMessage((m: unknown) => void this.receive(m)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.subject.kind === 'file' && e.document.uri.toString() === this.subject.uri.toString() && e.contentChanges.length > 0)
          this.schedule(EDIT_DEBOUNCE_MS);
      }),
      deps.ctx.analyses.onDidInvalidate(() => this.schedule()),
      deps.ctx.laws.onDidChange(() => this.schedule()),
      deps.index.onDidChange(() => this.schedule(EDIT_DEBOUNCE_MS)),
      this.rendered,
      this.changedTarget,
    );
    webview.html = curveHtml(webview, extensionUri, mode);
  }

  get uri(): vscode.Uri | undefined {
    return this.subject.kind === 'file' ? this.subject.uri : undefined;
  }

  /** The budget the view is on instead of a file (the calculator's "Show on curves"). */
  get budget(): BudgetPoint | undefined {
    return this.subject.kind === 'budget' ? this.subject.budget : undefined;
  }

  get options(): ViewOptions {
    return this.opts;
  }

  /** The state last pushed to the webview. */
  get lastState(): CurveState | undefined {
    return this.state;
  }

  /** The forecast on the curves (the forecast command's "Show on curves"). */
  get forecast(): ForecastOverlay | undefined {
    return this.forecastOverlay;
  }

  setForecast(forecast: ForecastOverlay | undefined): void {
    this.forecastOverlay = forecast;
    this.schedule(0);
  }

  setTarget(uri: vscode.Uri | undefined): void {
    if (uri?.toString() === this.uri?.toString() && this.subject.kind !== 'budget') return;
    this.subject = uri ? { kind: 'file', uri } : { kind: 'none' };
    this.forecastOverlay = undefined;
    this.changedTarget.fire(uri);
    this.schedule(0);
  }

  setBudget(budget: BudgetPoint): void {
    this.subject = { kind: 'budget', budget };
    this.forecastOverlay = undefined;
    this.changedTarget.fire(undefined);
    this.schedule(0);
  }

  setOptions(options: ViewOptions): void {
    this.opts = options;
    this.schedule(0);
  }

  /** Recomputes and pushes soon; several calls within the delay push once. */
  schedule(delay = 0): void {
    if (this.disposed) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.push();
    }, delay);
  }

  /** Resolves with the first report for a state pushed after now (tests, the benchmark). */
  nextRender(timeoutMs = 15_000): Promise<RenderReport> {
    const after = this.seq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        sub.dispose();
        reject(new Error(`no render report within ${timeoutMs} ms (last state ${this.seq}, last report ${this.lastReport?.seq ?? 'none'})`));
      }, timeoutMs);
      const sub = this.onDidRender((r) => {
        if (r.seq > after) {
          clearTimeout(timer);
          sub.dispose();
          resolve(r);
        }
      });
    });
  }

  /** Handles one message from the webview: validated first, dropped (and logged once) if invalid. */
  async receive(raw: unknown): Promise<void> {
    const engine = await loadEngine();
    const parsed = engine.parseWebviewMessage(raw);
    if (!parsed.ok) {
      const kind = engine.messageKind(raw);
      this.deps.ctx.log.errorOnce(
        `curves:message:${kind}:${parsed.reason}`,
        `Curve view: ignored an invalid message from the webview (type ${kind}): ${parsed.reason}`,
      );
      return;
    }
    await this.handle(parsed.value, engine);
  }

  private async handle(m: WebviewMessage, engine: Engine): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.schedule(0);
        return;
      case 'setOptions':
        this.setOptions(m.options);
        return;
      case 'openConfig':
        await this.openConfig(m.uri);
        return;
      case 'exportCsv': {
        const chart = this.state?.charts.find((c) => c.id === m.chart);
        if (!chart) return;
        const name = engine.exportBaseName(this.state?.config?.name, chart);
        await this.save(`${name}.csv`, 'CSV', new TextEncoder().encode(engine.chartCsv(chart)));
        return;
      }
      case 'exportPng': {
        const chart = this.state?.charts.find((c) => c.id === m.chart);
        const bytes = engine.pngBytes(m.dataUrl);
        if (!chart || !bytes) {
          this.deps.ctx.log.errorOnce('curves:png', 'Curve view: the chart image from the webview is not a PNG; not saved.');
          return;
        }
        await this.save(`${engine.exportBaseName(this.state?.config?.name, chart)}.png`, 'PNG', bytes);
        return;
      }
      case 'rendered':
        this.lastReport = m.report;
        if (this.firstRenderMs === undefined) this.firstRenderMs = performance.now() - this.created;
        this.rendered.fire(m.report);
        return;
    }
  }

  private async openConfig(uri: string): Promise<void> {
    if (!this.allowed.has(uri)) {
      this.deps.ctx.log.errorOnce(`curves:open:${uri}`, `Curve view: refused to open ${uri}, which is not a plotted config.`);
      return;
    }
    await vscode.window.showTextDocument(vscode.Uri.parse(uri), { preview: true, ...(this.mode === 'panel' ? { viewColumn: vscode.ViewColumn.One } : {}) });
  }

  private async save(fileName: string, kind: 'CSV' | 'PNG', bytes: Uint8Array): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await this.deps.saveTarget()({
      title: `Export the chart as ${kind}`,
      saveLabel: 'Export',
      filters: { [kind]: [kind.toLowerCase()] },
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, fileName) } : {}),
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, bytes);
    void vscode.window.setStatusBarMessage(`Scaling Lens: saved ${vscode.workspace.asRelativePath(target)}`, 4000);
  }

  /** Computes the state and posts it, one push at a time. */
  private push(): Promise<void> {
    this.pushing = this.pushing.then(async () => {
      if (this.disposed) return;
      try {
        const state = await this.compute();
        if (this.disposed) return;
        this.state = state;
        this.allowed = new Set([
          ...state.table.map((r) => r.uri),
          ...state.charts.flatMap((c) => c.series.flatMap((s) => s.points.flatMap((p) => (p.uri ? [p.uri] : [])))),
        ]);
        if (!this.ready) return;
        const message: HostMessage = { type: 'state', seq: ++this.seq, state };
        await this.webview.postMessage(message);
      } catch (e) {
        this.deps.ctx.log.errorOnce(
          `curves:compute:${String(e)}`,
          `Curve view: could not compute the curves: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
        );
      }
    });
    return this.pushing;
  }

  private async compute(): Promise<CurveState> {
    const engine = await loadEngine();
    const settings = this.deps.ctx.settings;
    const workspace = this.deps.index.configs().flatMap((c) =>
      c.config
        ? [
            {
              uri: c.uri.toString(),
              name: vscode.workspace.asRelativePath(c.uri, false),
              format: c.config.formatName,
              plan: c.config.plan,
              ...(c.config.init ? { init: c.config.init } : {}),
            },
          ]
        : [],
    );
    const input = {
      mode: this.mode,
      target: this.uri?.toString() ?? null,
      options: this.opts,
      // Custom and fitted laws join the switcher next to the built-in ones.
      laws: [...engine.BUILT_IN_LAWS, ...this.deps.ctx.laws.extra()],
      settingsLaw: settings.law,
      convention: settings.flopsConvention,
      focus: await this.focus(),
      workspace,
      fits: this.deps.ctx.laws.fits(),
      forecast: this.forecastOverlay ?? null,
    };
    try {
      return engine.buildCurveState(input);
    } catch (e) {
      // A custom law that throws must not blank the view: fall back to the setting's law alone.
      if (this.opts.law === undefined && this.opts.compare.length === 0) throw e;
      this.deps.ctx.log.errorOnce(
        `curves:law:${String(e)}`,
        `Curve view: the chosen laws could not be drawn (${e instanceof Error ? e.message : String(e)}); showing ${settings.law} alone.`,
      );
      this.opts = { compare: [], scope: this.opts.scope };
      return engine.buildCurveState({ ...input, options: this.opts });
    }
  }

  private async focus(): Promise<Focus> {
    if (this.subject.kind !== 'file') return this.subject;
    const uri = this.subject.uri;
    const name = vscode.workspace.asRelativePath(uri, false);
    let doc: vscode.TextDocument;
    try {
      doc = await vscode.workspace.openTextDocument(uri);
    } catch (e) {
      return { kind: 'unreadable', name, message: e instanceof Error ? e.message : String(e) };
    }
    if (!isAnalysable(doc)) return { kind: 'not-config', name };
    const a = (await this.deps.ctx.analyses.get(doc)).analysis;
    if (!a) return { kind: 'not-config', name };
    if (!a.ok) return { kind: 'unreadable', name, message: a.problem.message };
    const ignored = a.result.ignoredWarnings;
    return {
      kind: 'config',
      config: {
        uri: uri.toString(),
        name,
        format: a.result.formatName,
        plan: a.result.plan,
        ...(ignored ? { ignoredWarnings: ignored } : {}),
        ...(a.result.init ? { init: a.result.init.value } : {}),
      },
    };
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
