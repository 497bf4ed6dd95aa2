// "Scaling Lens: Budget Calculator": what to train with 64 H100s for two weeks, $50k or 1e23
// FLOPs, from the command palette in a few keystrokes.
//
// Without arguments the command asks (a multi-step quick input with remembered answers) and
// shows the answer. With a `BudgetCalculatorArgs` argument (keybindings, other commands,
// tests) it answers the given budget without asking, and can insert a config or open the
// curve panel directly; it always resolves to a `BudgetCalculatorResult` (undefined when the
// person stops at a question).

import * as vscode from 'vscode';
import type { FrameworkId } from '../../configs/writers/index';
import type { BudgetDraft, BudgetInput } from '../../core/index';
import { loadEngine } from '../../host/engine';
import type { Ctx } from '../../ctx';
import { COMMANDS } from '../../host/commandIds';
import { BudgetCalculator, type BudgetCalculatorResult } from './calculator';
import type { StepProbe } from './multiStepInput';

export type { BudgetCalculatorResult, CurvePanelBudgetArgs } from './calculator';
export type { StepProbe, StepProbeEvent } from './multiStepInput';

export interface BudgetCalculatorArgs {
  /** The answers: with them nothing is asked. Parsed on arrival (`parseBudgetInput`): callers send JSON. */
  readonly input?: BudgetInput;
  /** Insert a config for a point of the answer (`optimal` by default) without showing it. */
  readonly insert?: { readonly framework: FrameworkId; readonly point?: string };
  /** Open the curve panel on the answer without showing it. */
  readonly showOnCurves?: boolean;
  /** Show the answer as a quick pick; default true unless `insert` or `showOnCurves` is given. */
  readonly show?: boolean;
  /** Starting values of the questions when `input` is not given (like remembered answers). */
  readonly defaults?: BudgetDraft;
  /** Sees every step of the quick input as it is shown (tests). */
  readonly probe?: StepProbe;
  /** Fine-tuning mode: plan every released model on these GPUs; with `insert`, open the LLaMA-Factory config of one model and method. */
  readonly fineTune?: {
    readonly gpu: string;
    readonly gpus?: number;
    readonly seqLen?: number;
    readonly microBatch?: number;
    readonly insert?: { readonly model: string; readonly method: 'full' | 'lora' | 'qlora' };
  };
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
  const engine = await loadEngine();
  const calculator = new BudgetCalculator(ctx, engine, args.probe, args.defaults);
  if (args.fineTune) return fineTune(calculator, engine, args);
  if (!args.input) return calculator.ask();

  const parsed = engine.parseBudgetInput(args.input);
  if (!parsed.ok) {
    if (args.show !== false) void vscode.window.showErrorMessage(`Scaling Lens: ${parsed.message}`);
    return { ok: false, message: parsed.message };
  }
  const input = parsed.input;
  const outcome = engine.budgetReport(input, ctx.laws.extra());
  if (!outcome.ok) {
    if (args.show !== false) void vscode.window.showErrorMessage(`Scaling Lens: ${outcome.message}`);
    return { ok: false, message: outcome.message, input };
  }
  const report = outcome.report;
  await calculator.rememberInput(input, report);
  if (args.insert) {
    if (!engine.findWriter(args.insert.framework)) return { ok: false, message: `unknown framework "${args.insert.framework}"`, input: input, report };
    const proposal = engine.proposeConfig(report, args.insert.point ?? 'optimal', args.insert.framework);
    if (!proposal.ok) return { ok: false, message: proposal.message, input: input, report };
    await calculator.insert(report, proposal.proposal);
    return { ...calculator.lastResult, ok: true, input: input };
  }
  if (args.showOnCurves) {
    await calculator.showOnCurves(report);
    return { ...calculator.lastResult, ok: true, input: input };
  }
  if (args.show === false) return { ok: true, input: input, report };
  return calculator.show(input);
}

async function fineTune(
  calculator: BudgetCalculator,
  engine: Awaited<ReturnType<typeof loadEngine>>,
  args: BudgetCalculatorArgs,
): Promise<BudgetCalculatorResult | undefined> {
  const f = args.fineTune!;
  const fail = (message: string): BudgetCalculatorResult => {
    if (args.show !== false) void vscode.window.showErrorMessage(`Scaling Lens: ${message}`);
    return { ok: false, message };
  };
  if (typeof f.gpu !== 'string' || !engine.findAccelerator(f.gpu)) return fail(`unknown GPU "${String(f.gpu)}" (the catalog: \`scaling-lens gpus\`)`);
  const gpu = engine.findAccelerator(f.gpu)!.id;
  if (!f.insert) {
    if (args.show === false) {
      const out = calculator.planFineTunes(gpu, f.gpus ?? 1, f.seqLen, f.microBatch);
      return out.ok ? calculator.lastResult : fail(out.message);
    }
    return calculator.showFineTunePlan(gpu, f.gpus ?? 1, f.seqLen, f.microBatch);
  }
  const out = calculator.planFineTunes(gpu, f.gpus ?? 1, f.seqLen, f.microBatch);
  if (!out.ok) return fail(out.message);
  const model = out.plan.models.find((m) => m.id.toLowerCase() === f.insert!.model.toLowerCase());
  if (!model) return fail(`unknown model "${f.insert.model}" (a Hugging Face id in Scaling Lens's table)`);
  if (!engine.PLANNED_METHODS.includes(f.insert.method)) return fail(`unknown method "${String(f.insert.method)}" (full, lora or qlora)`);
  if (!model.methods[f.insert.method].fits) return fail(`${model.id} with ${f.insert.method} does not fit on ${out.plan.gpus} × ${gpu}`);
  await calculator.insertFineTune(out.plan, model, f.insert.method);
  return calculator.lastResult;
}
