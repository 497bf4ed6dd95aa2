// Activation only: build the context, register features and commands, nothing else.

import * as vscode from 'vscode';
import { registerBudgetCalculator } from './commands/budget/index';
import { registerCommands } from './commands/index';
import { Ctx } from './ctx';
import { registerEditorFeatures, type EditorFeatures } from './editor/register';
import { registerPanels, type CurvePanels } from './panels/index';

/** What activate() returns: used by the integration tests and the benchmark. */
export interface ScalingLensApi {
  readonly ctx: Ctx;
  readonly features: EditorFeatures;
  /** The curve panel and sidebar view. */
  readonly panels: CurvePanels;
  /** How long activate() took, for the integration suite and the benchmark. */
  readonly activationMs: number;
}

export function activate(context: vscode.ExtensionContext): ScalingLensApi {
  const started = performance.now();
  try {
    const ctx = new Ctx(context);
    const features = registerEditorFeatures(ctx);
    registerCommands(ctx);
    const panels = registerPanels(ctx, features.index);
    registerBudgetCalculator(ctx);
    return { ctx, features, panels, activationMs: performance.now() - started };
  } catch (e) {
    // VS Code does not tell the user when activation fails; we do.
    void vscode.window.showErrorMessage(`Scaling Lens failed to start: ${e instanceof Error ? e.message : String(e)}`);
    throw e;
  }
}

export function deactivate(): void {}
