// The quick fix on an unknown model that is a Hugging Face id: "Fetch config.json for org/name
// from the Hugging Face Hub", and the command behind it. A user's explicit request, so it works
// with scalingLens.hub.fetch off; never in an untrusted workspace.

import * as vscode from 'vscode';
import { isHubId, isLocalPath, isResolved } from '../configs/resolve/modelResolver';
import type { DocumentAnalyses } from '../host/analyses';
import { COMMANDS } from '../host/commandIds';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import type { ModelLookups } from '../host/modelLookups';

export class HubFetchFix implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly analyses: DocumentAnalyses) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const a = this.analyses.peek(doc);
    const unresolved = a?.analysis?.ok ? (a.analysis.result.unresolvedModels ?? []) : [];
    const actions: vscode.CodeAction[] = [];
    for (const diag of context.diagnostics) {
      if (diag.source !== DIAGNOSTIC_SOURCE || diag.code !== 'unknown-model') continue;
      const model = unresolved.find((u) => u.range && u.range.startLine === diag.range.start.line && isHubId(u.id) && !isLocalPath(u.id));
      if (!model) continue;
      const action = new vscode.CodeAction(`Fetch config.json for ${model.id} from the Hugging Face Hub`, vscode.CodeActionKind.QuickFix);
      action.command = { command: COMMANDS.fetchModelConfig, title: action.title, arguments: [doc.uri, model.id] };
      action.diagnostics = [diag];
      actions.push(action);
    }
    return actions;
  }
}

/** The command: fetch, then say what happened (the file is read again by the lookup). */
export async function fetchModelConfig(lookups: ModelLookups, uri?: vscode.Uri, id?: string): Promise<void> {
  const doc = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!doc || !id) {
    void vscode.window.showWarningMessage('Scaling Lens: run this from the quick fix on an unknown model.');
    return;
  }
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(
      'Scaling Lens fetches nothing from the network in an untrusted workspace. Trust the workspace to fetch config.json from the Hugging Face Hub.',
    );
    return;
  }
  const r = await lookups.fetchFromHub(doc, id);
  if (r && isResolved(r)) void vscode.window.showInformationMessage(`Scaling Lens: the architecture of ${id} is ${r.origin}.`);
  else void vscode.window.showWarningMessage(`Scaling Lens: ${id}: ${r ? r.reason : 'the lookup failed (see the Scaling Lens log)'}`);
}
