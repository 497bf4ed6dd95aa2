// One status bar item for the active config: params · tokens · GPU-hours. Hidden elsewhere.

import * as vscode from 'vscode';
// Text from the file is in these tooltips: never a link, an image or HTML (src/format/markdown.ts).
import { inertMarkdown } from '../format/markdown';
import type { DocumentAnalyses } from '../host/analyses';
import { COMMANDS } from '../host/commandIds';
import type { Settings } from '../host/settings';
import { CONFIG_SELECTOR, isAnalysable } from '../host/selector';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('scalingLens.status', vscode.StatusBarAlignment.Right, 100);

  constructor(
    private readonly analyses: DocumentAnalyses,
    private readonly settings: () => Settings,
  ) {
    this.item.name = 'Scaling Lens';
  }

  async update(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const doc = editor?.document;
    if (!doc || !this.settings().statusBar || !isAnalysable(doc) || !vscode.languages.match(CONFIG_SELECTOR, doc)) {
      this.item.hide();
      return;
    }
    const a = await this.analyses.get(doc);
    if (vscode.window.activeTextEditor?.document !== doc || a.version !== doc.version) return;
    if (a.skipped) {
      this.item.text = '$(warning) Scaling Lens: not read';
      this.item.tooltip = `Scaling Lens: ${a.skipped}.`;
      this.item.command = undefined;
      this.item.show();
      return;
    }
    if (!a.analysis?.ok) {
      this.item.hide();
      return;
    }
    const engine = await this.analyses.load();
    this.item.text = `$(graph-line) ${engine.statusText(a.analysis.estimate)}`;
    const tooltip = new vscode.MarkdownString(inertMarkdown(engine.summaryMarkdown(a.analysis.result, a.analysis.estimate)));
    this.item.tooltip = tooltip;
    this.item.command = { title: 'Open the scaling curves of this config', command: COMMANDS.openCurvePanel, arguments: [doc.uri.toString()] };
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
