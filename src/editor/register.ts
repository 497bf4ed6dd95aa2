// Wires the editor features (hints, summary lenses, hover, diagnostics, quick fixes, status bar, workspace
// index) to VS Code events.

import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { DiagnosticsController, DirectiveFixes } from './diagnostics';
import { DerivationHover } from './hover';
import { COMMANDS } from '../host/commandIds';
import { fetchModelConfig, HubFetchFix } from './hubFix';
import { HintsProvider } from './inlayHints';
import { CONFIG_SELECTOR } from '../host/selector';
import { StatusBar } from './statusBar';
import { SummaryLensProvider } from './summaryLens';
import { ConfigIndex } from '../host/workspaceIndex';

/** Delay before the workspace index starts, so it never competes with startup. */
const INDEX_DELAY_MS = 1500;

export interface EditorFeatures {
  readonly hints: HintsProvider;
  readonly lenses: SummaryLensProvider;
  readonly diagnostics: DiagnosticsController;
  readonly status: StatusBar;
  readonly index: ConfigIndex;
}

export function registerEditorFeatures(ctx: Ctx): EditorFeatures {
  const settings = () => ctx.settings;
  const hints = new HintsProvider(ctx.analyses, settings);
  const lenses = new SummaryLensProvider(ctx.analyses, settings);
  const diagnostics = new DiagnosticsController(ctx.analyses, settings);
  const status = new StatusBar(ctx.analyses, settings);
  const index = new ConfigIndex(ctx.analyses, ctx.service, settings, ctx.log);
  const indexTimer = setTimeout(() => void index.rebuild(), INDEX_DELAY_MS);

  ctx.push(
    hints,
    lenses,
    diagnostics,
    status,
    index,
    { dispose: () => clearTimeout(indexTimer) },
    vscode.languages.registerInlayHintsProvider(CONFIG_SELECTOR, hints),
    vscode.languages.registerCodeLensProvider(CONFIG_SELECTOR, lenses),
    vscode.languages.registerHoverProvider(CONFIG_SELECTOR, new DerivationHover(ctx.analyses)),
    vscode.languages.registerCodeActionsProvider(CONFIG_SELECTOR, new DirectiveFixes(ctx.analyses), { providedCodeActionKinds: DirectiveFixes.kinds }),
    vscode.languages.registerCodeActionsProvider(CONFIG_SELECTOR, new HubFetchFix(ctx.analyses), { providedCodeActionKinds: HubFetchFix.kinds }),
    vscode.commands.registerCommand(COMMANDS.fetchModelConfig, (uri?: vscode.Uri, id?: string) => fetchModelConfig(ctx.models, uri, id)),
    // A model lookup ended (local path, HF cache, Hub): the document reads differently now.
    ctx.models.onDidResolve(() => {
      hints.refresh();
      lenses.refresh();
      diagnostics.refreshAll();
      void status.update();
    }),
    vscode.window.onDidChangeActiveTextEditor(() => void status.update()),
    ctx.laws.onDidChange(() => {
      ctx.analyses.invalidate();
      hints.refresh();
      lenses.refresh();
      diagnostics.refreshAll();
      void status.update();
    }),
    diagnostics.onDidAnalyse((doc) => {
      if (doc === vscode.window.activeTextEditor?.document) void status.update();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('scalingLens.customLaws')) void ctx.loadLaws();
      if (!ctx.reloadSettings(e)) return;
      hints.refresh();
      lenses.refresh();
      diagnostics.refreshAll();
      void status.update();
      if (e.affectsConfiguration('scalingLens.index') || e.affectsConfiguration('scalingLens.law') || e.affectsConfiguration('scalingLens.gpu'))
        void index.rebuild();
    }),
  );
  diagnostics.refreshAll();
  void status.update();
  void ctx.loadLaws().catch((e: unknown) => ctx.log.errorOnce('laws', `Loading custom and fitted laws failed: ${e instanceof Error ? e.message : String(e)}`));
  return { hints, lenses, diagnostics, status, index };
}
