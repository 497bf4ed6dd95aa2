// The sidebar curve viewer: a webview view in the Scaling Lens activity-bar container that
// follows the active editor. Focus moving to a panel, the terminal or an output pane leaves it
// on the last file; a file that is not a training config gets an empty state.

import * as vscode from 'vscode';
import { loadEngine } from '../host/engine';
import { isAnalysable } from '../host/selector';
import { CurveHost, type HostDeps } from './curveHost';

export const VIEW_ID = 'scalingLens.curvesView';
export const CONTAINER_ID = 'scalingLens';

export class CurveViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private current: CurveHost | undefined;
  private view: vscode.WebviewView | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly resolved = new vscode.EventEmitter<CurveHost>();
  /** Fires when VS Code (re)creates the view's webview. */
  readonly onDidResolve = this.resolved.event;

  /** The last file in a text editor, kept from activation on so the view opens on it. */
  private last: vscode.Uri | undefined;

  constructor(private readonly deps: HostDeps) {
    this.remember(vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0]);
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor((e) => this.follow(e)),
      this.resolved,
    );
  }

  private remember(editor: vscode.TextEditor | undefined): boolean {
    if (!editor || !isAnalysable(editor.document)) return false;
    this.last = editor.document.uri;
    return true;
  }

  /** The host of the view while it is resolved (open at least once since activation). */
  get host(): CurveHost | undefined {
    return this.current;
  }

  async resolveWebviewView(view: vscode.WebviewView, context: vscode.WebviewViewResolveContext): Promise<void> {
    const engine = await loadEngine();
    const saved = engine.parsePersistedState(context.state);
    this.remember(vscode.window.activeTextEditor);
    const target = this.last ?? (saved?.uri ? vscode.Uri.parse(saved.uri) : undefined);
    this.current?.dispose();
    const host = new CurveHost(view.webview, 'view', this.deps, { ...(target ? { target } : {}), ...(saved ? { options: saved.options } : {}) });
    this.current = host;
    this.view = view;
    this.describe(target);
    const sub = host.onDidChangeTarget((uri) => this.describe(uri));
    view.onDidDispose(() => {
      sub.dispose();
      host.dispose();
      if (this.current === host) {
        this.current = undefined;
        this.view = undefined;
      }
    });
    this.resolved.fire(host);
  }

  private follow(editor: vscode.TextEditor | undefined): void {
    // No editor (focus in a webview, the panel area…): keep showing the last file.
    if (this.remember(editor)) this.current?.setTarget(this.last);
  }

  /** The file name next to the view's title; none is '' (VS Code draws `description ?? ''`). */
  private describe(uri: vscode.Uri | undefined): void {
    if (this.view) this.view.description = uri?.path.split('/').pop() ?? '';
  }

  dispose(): void {
    this.current?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
