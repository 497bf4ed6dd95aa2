// Curve panel and sidebar curve viewer: the command that opens the panel, the serializer that
// restores it after a reload, and the sidebar view provider. Registration is light; the laws,
// curves and schemas load when a curve view first opens.

import * as vscode from 'vscode';
import { COMMANDS } from '../host/commandIds';
import type { Ctx } from '../ctx';
import type { ConfigIndex } from '../host/workspaceIndex';
import type { BudgetPoint, ViewOptions } from '../protocol';
import { loadEngine, type Engine } from '../host/engine';
import { DEFAULT_OPTIONS, type HostDeps, type SaveTarget } from './curveHost';
import { CurvePanel, PANEL_VIEW_TYPE } from './curvePanel';
import { CurveViewProvider, VIEW_ID } from './curveView';
import { webviewOptions } from './html';

export { PANEL_VIEW_TYPE } from './curvePanel';
export { VIEW_ID, CONTAINER_ID } from './curveView';

/** The curve views, as the extension API exposes them (integration tests, benchmark). */
export class CurvePanels implements vscode.Disposable {
  private current: CurvePanel | undefined;
  /** Where exports go; the save dialog unless replaced (tests). */
  saveTarget: SaveTarget = (options) => vscode.window.showSaveDialog(options);
  readonly view: CurveViewProvider;
  private readonly deps: HostDeps;

  constructor(ctx: Ctx, index: ConfigIndex) {
    this.deps = {
      ctx,
      index,
      saveTarget: () => this.saveTarget,
    };
    this.view = new CurveViewProvider(this.deps);
  }

  /** The open panel, if any. */
  get panel(): CurvePanel | undefined {
    return this.current;
  }

  /** The engine (laws, curves, schemas), loaded on first use. */
  engine(): Promise<Engine> {
    return loadEngine();
  }

  /** Opens the panel on a budget's compute-optimal point, drawn under the budget's law. */
  openBudget(budget: BudgetPoint): CurvePanel {
    const options: ViewOptions = { ...(this.current?.host.options ?? DEFAULT_OPTIONS), law: budget.law };
    if (this.current) {
      this.current.host.setOptions(options);
      this.current.host.setBudget(budget);
      this.current.panel.reveal(undefined, true);
      return this.current;
    }
    return this.adopt(CurvePanel.create(this.deps, undefined, options, budget));
  }

  /** Opens the panel on `target` (default: the active editor's file), or retargets and reveals it. */
  open(target?: vscode.Uri, options?: ViewOptions): CurvePanel {
    const uri = target ?? vscode.window.activeTextEditor?.document.uri;
    if (this.current) {
      if (options) this.current.host.setOptions(options);
      this.current.reveal(uri);
      return this.current;
    }
    return this.adopt(CurvePanel.create(this.deps, uri, options ?? DEFAULT_OPTIONS));
  }

  /** Restores a panel VS Code kept across a reload, from the state its webview saved. */
  async revive(panel: vscode.WebviewPanel, state: unknown): Promise<CurvePanel> {
    const engine = await loadEngine();
    const saved = engine.parsePersistedState(state);
    panel.webview.options = webviewOptions(this.deps.ctx.extension.extensionUri);
    this.current?.dispose();
    const target = saved?.uri ? vscode.Uri.parse(saved.uri) : undefined;
    return this.adopt(
      new CurvePanel(panel, this.deps, {
        ...(target ? { target } : {}),
        ...(saved?.budget ? { budget: saved.budget } : {}),
        options: saved?.options ?? DEFAULT_OPTIONS,
      }),
    );
  }

  private adopt(p: CurvePanel): CurvePanel {
    this.current = p;
    p.onDidDispose(() => {
      if (this.current === p) this.current = undefined;
    });
    return p;
  }

  dispose(): void {
    this.current?.dispose();
    this.view.dispose();
  }
}

/**
 * `openCurvePanel` arguments: a URI string (inlay hint, status bar), a Uri (menus), nothing (the
 * active editor), `{ budget: { flops, params, tokens, law } }` (the budget calculator), or
 * `{ forecast, uri? }` (the forecast command: a training log's forecast on the config's curves).
 */
function targetOf(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg.length > 0) {
    try {
      return vscode.Uri.parse(arg, true);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** `index`: the workspace's configs (the editor features build it), listed by the sidebar view. */
export function registerPanels(ctx: Ctx, index: ConfigIndex): CurvePanels {
  const panels = new CurvePanels(ctx, index);
  ctx.push(
    panels,
    vscode.commands.registerCommand(COMMANDS.openCurvePanel, async (arg?: unknown) => {
      const object = arg !== null && typeof arg === 'object' && !(arg instanceof vscode.Uri);
      const budget = object ? (await panels.engine()).parseBudgetArgs(arg) : undefined;
      const forecast = object && !budget ? (await panels.engine()).parseForecastArgs(arg) : undefined;
      if (budget) panels.openBudget(budget);
      else if (forecast) panels.open(targetOf(forecast.uri)).host.setForecast(forecast.forecast);
      else panels.open(targetOf(arg));
    }),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => {
        await panels.revive(panel, state);
      },
    }),
    vscode.window.registerWebviewViewProvider(VIEW_ID, panels.view),
  );
  return panels;
}
