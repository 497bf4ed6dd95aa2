// Palette commands. Every command is real: none is a placeholder.

import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { registerFitCommands } from './fitLaws';
import { COMMANDS } from '../host/commandIds';

export function registerCommands(ctx: Ctx): void {
  registerFitCommands(ctx);
  ctx.push(
    vscode.commands.registerCommand(COMMANDS.toggleInlayHints, async () => {
      const config = vscode.workspace.getConfiguration('scalingLens');
      const next = !ctx.settings.hints.enabled;
      await config.update('inlayHints.enabled', next, vscode.ConfigurationTarget.Global);
      void vscode.window.setStatusBarMessage(`Scaling Lens inlay hints ${next ? 'on' : 'off'}`, 2000);
    }),
    // Opens the derivation (the hover) of `line`: the summary lens's "derivation" link.
    vscode.commands.registerCommand(COMMANDS.showDerivation, async (uri?: string, line = 0) => {
      const target = uri ? vscode.Uri.parse(uri) : vscode.window.activeTextEditor?.document.uri;
      if (!target) return;
      const editor = await vscode.window.showTextDocument(target, { preserveFocus: false });
      const end = editor.document.lineAt(Math.min(line, editor.document.lineCount - 1)).range.end;
      editor.selection = new vscode.Selection(end, end);
      editor.revealRange(new vscode.Range(end, end));
      await vscode.commands.executeCommand('editor.action.showHover');
    }),
  );
}
