// Inlay hints at the end of the lines behind each number: parameters on the architecture line,
// tokens and FLOPs on the duration line. The file's summary is a CodeLens (summaryLens.ts).

import * as vscode from 'vscode';
// Text from the file is in these tooltips: never a link, an image or HTML (src/format/markdown.ts).
import { inertMarkdown } from '../format/markdown';
import type { DocumentAnalyses } from '../host/analyses';
import type { HintSpec } from './present';
import type { Settings } from '../host/settings';
import { isAnalysable } from '../host/selector';

export class HintsProvider implements vscode.InlayHintsProvider {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.emitter.event;

  constructor(
    private readonly analyses: DocumentAnalyses,
    private readonly settings: () => Settings,
  ) {}

  /** Settings or data changed: ask VS Code to pull hints again (edits re-pull by themselves). */
  refresh(): void {
    this.emitter.fire();
  }

  async provideInlayHints(doc: vscode.TextDocument, range: vscode.Range, token: vscode.CancellationToken): Promise<vscode.InlayHint[]> {
    if (!this.settings().hints.enabled || !isAnalysable(doc)) return [];
    const a = await this.analyses.get(doc);
    if (token.isCancellationRequested || a.version !== doc.version) return [];
    return a.hints.filter((h) => h.line >= range.start.line && h.line <= range.end.line && h.line < doc.lineCount).map((h) => toHint(doc, h));
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

function toHint(doc: vscode.TextDocument, h: HintSpec): vscode.InlayHint {
  const hint = new vscode.InlayHint(doc.lineAt(h.line).range.end, h.text);
  hint.paddingLeft = true;
  hint.tooltip = new vscode.MarkdownString(inertMarkdown(h.tooltip));
  return hint;
}
