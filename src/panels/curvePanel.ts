// The curve panel: an editor tab with the four charts of one config. One panel at a time: opening
// it on another config retargets and reveals it. VS Code restores it after a reload through the
// serializer (onWebviewPanel activation), from the options the webview saved with setState.

import * as vscode from 'vscode';
import type { BudgetPoint, ViewOptions } from '../protocol';
import { CurveHost, type HostDeps } from './curveHost';
import { formatExponent } from '../format/index';

export const PANEL_VIEW_TYPE = 'scalingLens.curves';

export class CurvePanel implements vscode.Disposable {
  readonly host: CurveHost;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    deps: HostDeps,
    initial: { readonly target?: vscode.Uri; readonly budget?: BudgetPoint; readonly options?: ViewOptions },
  ) {
    const media = (name: string) => vscode.Uri.joinPath(deps.ctx.extension.extensionUri, 'media', name);
    panel.iconPath = { light: media('curves-light.svg'), dark: media('curves.svg') };
    this.host = new CurveHost(panel.webview, 'panel', deps, initial);
    this.title();
    this.disposables.push(
      this.host,
      this.host.onDidChangeTarget(() => this.title()),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  static create(deps: HostDeps, target: vscode.Uri | undefined, options: ViewOptions | undefined, budget?: BudgetPoint): CurvePanel {
    // Beside the config, as a preview is: the file stays in view while the charts follow its edits.
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    const panel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      'Scaling Curves',
      { viewColumn: column, preserveFocus: true },
      { enableScripts: true, enableFindWidget: false },
    );
    return new CurvePanel(panel, deps, { ...(target ? { target } : {}), ...(budget ? { budget } : {}), ...(options ? { options } : {}) });
  }

  private title(): void {
    const name = this.host.uri?.path.split('/').pop();
    const budget = this.host.budget;
    this.panel.title = name ? `Curves: ${name}` : budget ? `Curves: ${formatExponent(budget.flops, 1)} FLOPs` : 'Scaling Curves';
  }

  reveal(target: vscode.Uri | undefined): void {
    if (target) this.host.setTarget(target);
    this.panel.reveal(undefined, true);
  }

  private isDisposed = false;

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    this.disposed.fire();
    this.disposed.dispose();
  }
}
