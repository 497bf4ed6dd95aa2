// The summary of a training config as a CodeLens above it: always in view, however long the
// line or narrow the editor (an end-of-line hint on line 1 was off-screen beside the curve
// panel). A file gets one lens per config it holds (DocumentAnalysis.lenses: (line, summary)
// pairs); an ordinary file has one, above its first line. Each summary lens opens the curve
// panel on the file, and a "derivation" lens next to it shows how the numbers were derived.

import * as vscode from 'vscode';
import type { DocumentAnalyses } from '../host/analyses';
import type { LensSpec } from './present';
import type { Settings } from '../host/settings';
import { isAnalysable } from '../host/selector';
import { COMMANDS } from '../host/commandIds';

export class SummaryLensProvider implements vscode.CodeLensProvider {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;

  constructor(
    private readonly analyses: DocumentAnalyses,
    private readonly settings: () => Settings,
  ) {}

  /** Settings or data changed: ask VS Code to pull the lenses again (edits re-pull by themselves). */
  refresh(): void {
    this.emitter.fire();
  }

  async provideCodeLenses(doc: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    const s = this.settings().hints;
    // The summary is one of the hints: the hints toggle and the summary switch govern it.
    if (!s.enabled || !s.summary || !isAnalysable(doc)) return [];
    const a = await this.analyses.get(doc);
    if (token.isCancellationRequested || a.version !== doc.version) return [];
    return a.lenses.filter((l) => l.line < doc.lineCount).flatMap((l) => toLenses(doc, l));
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

export function toLenses(doc: vscode.TextDocument, l: LensSpec): vscode.CodeLens[] {
  const range = doc.lineAt(l.line).range;
  const uri = doc.uri.toString();
  return [
    new vscode.CodeLens(range, { title: l.text, tooltip: l.detail, command: COMMANDS.openCurvePanel, arguments: [uri] }),
    new vscode.CodeLens(range, {
      title: 'derivation',
      tooltip: 'How these numbers were derived: law, hardware, assumptions',
      command: COMMANDS.showDerivation,
      arguments: [uri, l.line],
    }),
  ];
}
