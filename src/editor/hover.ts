// Hover on a hinted line: the derivation behind its numbers.

import * as vscode from 'vscode';
// Text from the file is in these tooltips: never a link, an image or HTML (src/format/markdown.ts).
import { inertMarkdown } from '../format/markdown';
import type { DocumentAnalyses } from '../host/analyses';
import { isAnalysable } from '../host/selector';

export class DerivationHover implements vscode.HoverProvider {
  constructor(private readonly analyses: DocumentAnalyses) {}

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    if (!isAnalysable(doc)) return undefined;
    const a = await this.analyses.get(doc);
    if (token.isCancellationRequested || a.version !== doc.version || !a.analysis?.ok) return undefined;
    const engine = await this.analyses.load();
    const md = engine.hoverMarkdown(pos.line, a.hints, a.lenses);
    if (!md) return undefined;
    const markdown = new vscode.MarkdownString(inertMarkdown(md));
    markdown.supportHtml = false;
    return new vscode.Hover(markdown, doc.lineAt(pos.line).range);
  }
}
