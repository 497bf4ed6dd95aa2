// "Scaling Lens: Budget Calculator": what to train with 64 H100s for two weeks, $50k or 1e23
// FLOPs, from the command palette in a few keystrokes.
//
// Without arguments the command asks (a multi-step quick input with remembered answers) and
// shows the answer. With a `BudgetCalculatorArgs` argument (keybindings, other commands,
// tests) it answers the given budget without asking, and can insert a config or open the
// curve panel directly; it always resolves to a `BudgetCalculatorResult` (undefined when the
// person stops at a question).

import * as vscode from 'vscode';
import { findWriter, proposeConfig, type FrameworkId } from '../../configs/writers/index';
import { budgetReport, type BudgetInput } from '../../core/index';
import type { Ctx } from '../../ctx';
import { COMMANDS } from '../../host/commandIds';
import { BudgetCalculator, type BudgetCalculatorResult } from './calculator';
import type { StepProbe } from './multiStepInput';

export type { BudgetCalculatorResult, CurvePanelBudgetArgs } from './calculator';
export type { StepProbe, StepProbeEvent } from './multiStepInput';

export interface BudgetCalculatorArgs {
  /** The answers: with them nothing is asked. */
  readonly input?: BudgetInput;
  /** Insert a config for a point of the answer (`optimal` by default) without showing it. */
  readonly insert?: { readonly framework: FrameworkId; readonly point?: string };
  /** Open the curve panel on the answer without showing it. */
  readonly showOnCurves?: boolean;
  /** Show the answer as a quick pick; default true unless `insert` or `showOnCurves` is given. */
  readonly show?: boolean;
  /** Starting values of the questions when `input` is not given (like remembered answers). */
  readonly defaults?: Partial<BudgetInput>;
  /** Sees every step of the quick input as it is shown (tests). */
  readonly probe?: StepProbe;
}

export function registerBudgetCalculator(ctx: Ctx): void {
  ctx.push(
    vscode.commands.registerCommand(COMMANDS.budgetCalculator, async (args?: BudgetCalculatorArgs): Promise<BudgetCalculatorResult | undefined> => {
      try {
        return await run(ctx, args && typeof args === 'object' ? args : {});
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        ctx.log.info(`budget calculator failed: ${message}`);
        void vscode.window.showErrorMessage(`Scaling Lens: the budget calculator failed: ${message}`);
        return { ok: false, message };
      }
    }),
  );
}

async function run(ctx: Ctx, args: BudgetCalculatorArgs): Promise<BudgetCalculatorResult | undefined> {
  const calculator = new BudgetCalculator(ctx, args.probe, args.defaults);
  if (!args.input) return calculator.ask();

  const outcome = budgetReport(args.input, ctx.laws.extra());
  if (!outcome.ok) {
    if (args.show !== false) void vscode.window.showErrorMessage(`Scaling Lens: ${outcome.message}`);
    return { ok: false, message: outcome.message, input: args.input };
  }
  const report = outcome.report;
  await calculator.rememberInput(args.input, report);
  if (args.insert) {
    if (!findWriter(args.insert.framework)) return { ok: false, message: `unknown framework "${args.insert.framework}"`, input: args.input, report };
    const proposal = proposeConfig(report, args.insert.point ?? 'optimal', args.insert.framework);
    if (!proposal.ok) return { ok: false, message: proposal.message, input: args.input, report };
    await calculator.insert(report, proposal.proposal);
    return { ...calculator.lastResult, ok: true, input: args.input };
  }
  if (args.showOnCurves) {
    await calculator.showOnCurves(report);
    return { ...calculator.lastResult, ok: true, input: args.input };
  }
  if (args.show === false) return { ok: true, input: args.input, report };
  return calculator.show(args.input);
}
