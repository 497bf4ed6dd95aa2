// The budget calculator's quick input: the budget (GPU time, dollars or FLOPs), the MFU, the
// law and an optional unique-token limit, then the answer as a quick pick from which a model
// can be inserted as a config or shown on the curve panel.

import * as vscode from 'vscode';
import type { ConfigProposal, FrameworkId } from '../../configs/writers/index';
import type { BudgetDraft, BudgetField, BudgetInput, BudgetKind, BudgetOption, BudgetReport } from '../../core/index';
import { layoutText } from '../../core/layoutText';
import type { Engine } from '../../host/engine';
import type { Ctx } from '../../ctx';
import {
  formatDecimals,
  formatDollars,
  formatExponent,
  formatGpuHours,
  formatInteger,
  formatPercent,
  formatQuantity,
  formatRough,
  formatWallClock,
} from '../../format/index';
import { COMMANDS } from '../../host/commandIds';
import { MultiStepInput, type Step, type StepProbe } from './multiStepInput';
import { Defaults, loadRemembered, numberText, remember, rememberedOf } from './state';
import type { FineTunePlan, ModelPlan, PlannedMethod } from '../../core/fineTunePlanner';

/** What the command returns (its test seam): the answer, and what was done with it. */
export interface BudgetCalculatorResult {
  readonly ok: boolean;
  /** Why there is no answer (`ok: false`). */
  readonly message?: string;
  readonly input?: BudgetInput;
  readonly report?: BudgetReport;
  /** `insert`: a config was opened; `curves`: the curve panel was asked to show the budget. */
  readonly action?: 'insert' | 'curves';
  readonly document?: { readonly uri: string; readonly language: string; readonly fileName: string };
  readonly proposal?: Omit<ConfigProposal, 'text'>;
  /** What "Show on curves" passed to the curve panel. */
  readonly curves?: CurvePanelBudgetArgs;
  /** Fine-tuning mode: the plan's summary, and what was inserted. */
  readonly fineTune?: {
    readonly gpu: string;
    readonly gpus: number;
    readonly seqLen: number;
    readonly microBatch: number;
    readonly largest: Readonly<Record<PlannedMethod, string | null>>;
    readonly model?: string;
    readonly method?: PlannedMethod;
    readonly trainableParams?: number | null;
    readonly perGpuBytes?: number | null;
    readonly tokensPerSecPerGpu?: number | null;
  };
}

/** The argument `scalingLens.openCurvePanel` receives from "Show on curves". */
export interface CurvePanelBudgetArgs {
  readonly budget: { readonly flops: number; readonly params: number; readonly tokens: number; readonly law: string };
}

const KINDS: readonly KindItem[] = [
  { budget: 'gpu-time', label: '$(server) GPUs × days', description: 'e.g. 64 H100s for two weeks' },
  { budget: 'dollars', label: '$(credit-card) Dollars', description: 'at a price per GPU-hour' },
  { budget: 'flops', label: '$(symbol-operator) FLOPs', description: 'training compute, C = 6ND' },
  { budget: 'finetune', label: '$(tools) Fine-tune a released model', description: 'what fits on my GPUs: full, LoRA or QLoRA?' },
];

const METHOD_NAMES: Readonly<Record<PlannedMethod, string>> = { full: 'full', lora: 'LoRA', qlora: 'QLoRA' };

const TITLE = 'Scaling Lens: Budget Calculator';

interface KindItem extends vscode.QuickPickItem {
  readonly budget: BudgetKind | 'finetune';
}
type ModelItem = vscode.QuickPickItem & { readonly model?: ModelPlan };
type MethodItem = vscode.QuickPickItem & { readonly method?: PlannedMethod; readonly fits?: boolean };
interface IdItem extends vscode.QuickPickItem {
  readonly id: string;
}
type ResultItem = vscode.QuickPickItem & { readonly run?: 'point' | 'insert' | 'curves' | 'copy' | 'note'; readonly point?: BudgetOption };
type FrameworkItem = vscode.QuickPickItem & { readonly framework?: FrameworkId; readonly proposal?: ConfigProposal; readonly error?: string };

function separator(label: string): vscode.QuickPickItem {
  return { label, kind: vscode.QuickPickItemKind.Separator };
}

function loss(v: number): string {
  return formatDecimals(v, 3);
}

function penalty(v: number): string {
  return `${v >= 0 ? '+' : '−'}${formatDecimals(Math.abs(v), 4)}${v < 0 ? ' (lower)' : ''}`;
}

export class BudgetCalculator {
  private readonly d: Defaults;
  private readonly answers: BudgetDraft = {};
  private result: BudgetCalculatorResult | undefined;
  private uniqueAsked = false;
  /** Fine-tuning mode's answers: sequence length and micro-batch (undefined: the planner's stated defaults). */
  private readonly tune: { seqLen?: number; microBatch?: number } = {};
  private fineTuneMode = false;

  constructor(
    private readonly ctx: Ctx,
    /** Budget report, hardware catalog, laws and config writers (loaded when the command first runs). */
    private readonly engine: Engine,
    private readonly probe: StepProbe | undefined,
    prefill: BudgetDraft = {},
  ) {
    const remembered = loadRemembered(ctx.extension.globalState, this.knownFramework);
    this.d = new Defaults(
      engine,
      ctx.laws.extra(),
      {
        ...remembered,
        ...prefill,
        ...(prefill.mfu !== undefined ? { mfuGpu: prefill.gpu ?? remembered.gpu } : {}),
        ...(prefill.price !== undefined ? { priceGpu: prefill.gpu ?? remembered.gpu } : {}),
      },
      ctx.settings,
    );
  }

  private readonly knownFramework = (id: string): boolean => this.engine.findWriter(id) !== undefined;

  /** The answer so far and what was done with it. */
  get lastResult(): BudgetCalculatorResult | undefined {
    return this.result;
  }

  /** Asks every question, then shows the answer. Undefined when the person stops at a question. */
  async ask(): Promise<BudgetCalculatorResult | undefined> {
    await MultiStepInput.run((input) => this.pickKind(input), this.probe);
    return this.result;
  }

  /** Shows the answer to a budget given as arguments. */
  async show(input: BudgetInput): Promise<BudgetCalculatorResult> {
    const outcome = this.engine.budgetReport(input, this.ctx.laws.extra());
    if (!outcome.ok) return { ok: false, message: outcome.message, input };
    await this.rememberInput(input, outcome.report);
    this.result = { ok: true, input, report: outcome.report };
    await MultiStepInput.run((ui) => this.showResult(ui, outcome.report), this.probe);
    return this.result;
  }

  /** Dollars budgets ask for the price too. */
  private totalSteps(): number {
    if (this.fineTuneMode) return 7;
    return (this.answers.kind ?? this.d.kind) === 'dollars' ? 8 : 7;
  }

  private async pickKind(ui: MultiStepInput): Promise<Step> {
    const items: KindItem[] = KINDS.map((k) => ({ ...k }));
    const picked = await ui.showQuickPick({
      id: 'kind',
      title: TITLE,
      step: 1,
      totalSteps: this.totalSteps(),
      placeholder: 'What is the budget?',
      items,
      activeItem: items.find((i) => i.budget === (this.answers.kind ?? this.d.kind)),
    });
    this.fineTuneMode = picked.budget === 'finetune';
    if (picked.budget === 'finetune') return (u) => this.pickGpu(u, 2, (v) => this.inputGpus(v, 3, (w) => this.inputTune(w, 4, 'seqLen')));
    this.answers.kind = picked.budget;
    switch (picked.budget) {
      case 'gpu-time':
        return (u) => this.pickGpu(u, 2, (v) => this.inputGpus(v, 3, (w) => this.inputDays(w, 4)));
      case 'dollars':
        return (u) => this.pickGpu(u, 2, (v) => this.inputUsd(v, 3));
      case 'flops':
        return (u) => this.inputFlops(u, 2);
    }
  }

  private async pickGpu(ui: MultiStepInput, step: number, next: Step): Promise<Step> {
    const items: IdItem[] = this.engine.ACCELERATORS.map((a) => {
      const peak = this.engine.peakFor(a, 'bf16');
      return {
        id: a.id,
        label: a.id,
        description: `${a.name} · ${peak ? `${peak.tflops} TFLOPS ${peak.dtype.toUpperCase()}` : 'no BF16/FP16 peak'}${a.pricePerHour !== null ? ` · ${formatDollars(a.pricePerHour)}/GPU-h` : ''}`,
      };
    });
    const current = this.answers.gpu ?? this.d.gpu;
    const picked = await ui.showQuickPick({
      id: 'gpu',
      title: TITLE,
      step,
      totalSteps: this.totalSteps(),
      placeholder: this.fineTuneMode
        ? 'Which GPU will fine-tune (its memory decides what fits)?'
        : this.answers.kind === 'flops'
          ? 'Which GPU will run it (for the wall clock and cost)?'
          : 'Which GPU?',
      items,
      activeItem: items.find((i) => i.id === current),
      matchOnDescription: true,
    });
    if (picked.id !== this.answers.gpu) {
      // A new GPU brings its own default MFU and price.
      delete this.answers.mfu;
      delete this.answers.price;
    }
    this.answers.gpu = picked.id;
    return next;
  }

  private async number(
    ui: MultiStepInput,
    field: BudgetField,
    step: number,
    prompt: string,
    fallback: number | null | undefined,
    optional = false,
  ): Promise<number | undefined> {
    const current = this.answers[field];
    const text = await ui.showInputBox({
      id: field,
      title: TITLE,
      step,
      totalSteps: this.totalSteps(),
      value: current !== undefined && current !== null ? numberText(current) : numberText(fallback ?? undefined),
      prompt,
      validate: (v) => this.engine.parseBudgetField(field, v, optional).error,
    });
    const value = this.engine.parseBudgetField(field, text, optional).value;
    if (value === undefined) delete this.answers[field];
    else (this.answers as Record<string, unknown>)[field] = value;
    return value;
  }

  private async inputGpus(ui: MultiStepInput, step: number, next: Step): Promise<Step> {
    const why = this.fineTuneMode
      ? 'How many GPUs (each holds the whole model: data parallel)?'
      : this.answers.kind === 'gpu-time'
        ? 'How many GPUs?'
        : 'How many GPUs run it? (for the wall clock)';
    await this.number(ui, 'gpus', step, `${why} A whole number, e.g. 64.`, this.d.gpus);
    return next;
  }

  private async inputDays(ui: MultiStepInput, step: number): Promise<Step> {
    await this.number(ui, 'days', step, `For how many days, on all ${formatInteger(this.answers.gpus ?? 0)} ${this.answers.gpu}? e.g. 14 or 2.5.`, this.d.days);
    return (u) => this.inputMfu(u, step + 1);
  }

  private async inputUsd(ui: MultiStepInput, step: number): Promise<Step> {
    await this.number(ui, 'usd', step, 'How many dollars? e.g. 50000, 50k or $50k.', this.d.usd);
    return (u) => this.inputPrice(u, step + 1);
  }

  private async inputPrice(ui: MultiStepInput, step: number): Promise<Step> {
    const gpu = this.answers.gpu!;
    const acc = this.engine.findAccelerator(gpu);
    const source =
      this.ctx.settings.hardware.price !== undefined
        ? 'the scalingLens.pricePerGpuHour setting'
        : acc?.pricePerHour !== null && acc?.pricePerHour !== undefined
          ? `catalog: ${acc.priceSource}`
          : `no public price for ${gpu} in the catalog: give one`;
    await this.number(ui, 'price', step, `Dollars per ${gpu}-hour (${source}).`, this.d.price(gpu));
    return (u) => this.inputGpus(u, step + 1, (v) => this.inputMfu(v, step + 2));
  }

  private async inputFlops(ui: MultiStepInput, step: number): Promise<Step> {
    await this.number(ui, 'flops', step, "Training compute in FLOPs (the law's C = 6ND), e.g. 1e23.", this.d.flops);
    return (u) => this.pickGpu(u, step + 1, (v) => this.inputGpus(v, step + 2, (w) => this.inputMfu(w, step + 3)));
  }

  private async inputMfu(ui: MultiStepInput, step: number): Promise<Step> {
    const gpu = this.answers.gpu!;
    const model = this.modelMfu();
    const hint =
      model !== null
        ? `model: ≈ ${formatPercent(model)} MFU for this shape (throughput model); type a value to override, or leave it empty`
        : `the throughput model cannot predict this budget: leave it empty for the ${gpu} generation's default, or type a value`;
    await this.number(ui, 'mfu', step, `Model FLOPs utilization, optional (0–1 or a percentage): ${hint}.`, this.d.mfu(gpu), true);
    return (u) => this.pickLaw(u, step + 1);
  }

  /** The throughput model's MFU for the answers so far (the law not yet chosen: the remembered or default one). */
  private modelMfu(): number | null {
    const a = this.answers;
    const parsed = this.engine.parseBudgetInput({
      ...(a.kind !== undefined ? { kind: a.kind } : {}),
      ...(a.gpu !== undefined ? { gpu: a.gpu } : {}),
      ...(a.gpus !== undefined ? { gpus: a.gpus } : {}),
      ...(a.kind === 'gpu-time' ? { days: a.days } : {}),
      ...(a.kind === 'dollars' ? { usd: a.usd, price: a.price } : {}),
      ...(a.kind === 'flops' ? { flops: a.flops } : {}),
      law: a.law ?? this.d.law,
    } satisfies BudgetDraft);
    if (!parsed.ok) return null;
    const out = this.engine.budgetReport(parsed.input, this.ctx.laws.extra());
    return out.ok ? out.report.hardware.modelMfu : null;
  }

  private async pickLaw(ui: MultiStepInput, step: number): Promise<Step> {
    const items: IdItem[] = [...this.engine.BUILT_IN_LAWS, ...this.ctx.laws.extra()].map((l) => ({
      id: l.id,
      label: l.id,
      description: l.name,
      detail: l.citation,
    }));
    const current = this.answers.law ?? this.d.law;
    const picked = await ui.showQuickPick({
      id: 'law',
      title: TITLE,
      step,
      totalSteps: this.totalSteps(),
      placeholder: 'Which scaling law?',
      items,
      activeItem: items.find((i) => i.id === current),
    });
    this.answers.law = picked.id;
    return (u) => this.inputUniqueTokens(u, step + 1);
  }

  private async inputUniqueTokens(ui: MultiStepInput, step: number): Promise<Step> {
    if (!this.uniqueAsked && this.d.uniqueTokens !== undefined) this.answers.uniqueTokens = this.d.uniqueTokens;
    this.uniqueAsked = true;
    await this.number(
      ui,
      'uniqueTokens',
      step,
      'Unique tokens in your data, for the data-constrained answer (Muennighoff et al. 2023), e.g. 25B. Leave it empty for no limit.',
      undefined,
      true,
    );
    return (u) => this.answer(u);
  }

  /** All questions answered: the report, or a message with Back to fix the input. */
  private async answer(ui: MultiStepInput): Promise<Step | void> {
    const a = this.answers;
    // The questions answered every field the kind needs; the parse says which one if not.
    const parsed = this.engine.parseBudgetInput({
      ...(a.kind !== undefined ? { kind: a.kind } : {}),
      ...(a.gpu !== undefined ? { gpu: a.gpu } : {}),
      ...(a.gpus !== undefined ? { gpus: a.gpus } : {}),
      ...(a.kind === 'gpu-time' ? { days: a.days } : {}),
      ...(a.kind === 'dollars' ? { usd: a.usd, price: a.price } : {}),
      ...(a.kind === 'flops' ? { flops: a.flops } : {}),
      ...(a.kind !== 'dollars' && this.ctx.settings.hardware.price !== undefined ? { price: this.ctx.settings.hardware.price } : {}),
      ...(a.mfu !== undefined ? { mfu: a.mfu } : {}),
      ...(a.law !== undefined ? { law: a.law } : {}),
      ...(a.uniqueTokens !== undefined ? { uniqueTokens: a.uniqueTokens } : {}),
    } satisfies BudgetDraft);
    if (!parsed.ok) return this.noAnswer(ui, parsed.message);
    const input = parsed.input;
    const outcome = this.engine.budgetReport(input, this.ctx.laws.extra());
    if (!outcome.ok) return this.noAnswer(ui, outcome.message, input);
    await this.rememberInput(input, outcome.report);
    this.result = { ok: true, input, report: outcome.report };
    return (u) => this.showResult(u, outcome.report);
  }

  /** Why there is no answer, with Back to fix the input. */
  private async noAnswer(ui: MultiStepInput, message: string, input?: BudgetInput): Promise<void> {
    this.result = { ok: false, message, ...(input ? { input } : {}) };
    await ui.showQuickPick({
      id: 'result',
      title: `${TITLE}: no answer`,
      placeholder: 'Go back (←) to change the budget',
      items: [{ label: `$(error) ${message}` }],
      accept: () => false,
    });
  }

  async rememberInput(input: BudgetInput, report: BudgetReport): Promise<void> {
    const gpu = report.hardware.gpu;
    await remember(
      this.ctx.extension.globalState,
      this.knownFramework,
      rememberedOf(this.engine, input, {
        // Any typed MFU is an override worth remembering: the default is the model's prediction.
        mfu: null,
        price: this.ctx.settings.hardware.price ?? this.engine.findAccelerator(gpu)?.pricePerHour ?? null,
      }),
    );
  }

  private async showResult(ui: MultiStepInput, r: BudgetReport): Promise<Step | void> {
    const nKind = r.law.paramsKind === 'nonEmbedding' ? ' non-embedding' : '';
    const mfuText = `${formatPercent(r.hardware.mfu)} MFU ${r.hardware.mfuSource === 'model' ? '(throughput model)' : r.hardware.mfuSource === 'given' ? `(given; model ${r.hardware.modelMfu !== null ? formatPercent(r.hardware.modelMfu) : 'unknown'})` : '(generation default)'}`;
    // A budget inside a shape step is met by the nearest shape, whose own hours differ (the derivation explains).
    const own = r.hardware.mfuSource === 'model' ? r.optimal.run?.gpuHours : null;
    const ownText =
      own != null && Math.abs(own / r.gpuHours - 1) > 1e-6 ? ` (this model: ${formatGpuHours(own, true)}, ${formatPercent(own / r.gpuHours)})` : '';
    const time = `${formatWallClock(r.wallClockHours, r.hardware.count)} · ${formatGpuHours(r.gpuHours, r.input.kind !== 'flops')}${ownText} · ${r.costUsd !== null ? formatDollars(r.costUsd) : 'cost unknown (no price)'} · ${mfuText}${runText(r.optimal)}`;
    const o = r.optimal;
    const items: ResultItem[] = [
      separator(r.law.id),
      {
        label: `$(star-full) ${formatQuantity(o.params)}${nKind} parameters × ${formatQuantity(o.tokens)} tokens`,
        description: `loss ${loss(o.loss)} · ${formatRough(o.tokensPerParam)} tokens/param`,
        detail: time,
        run: 'point',
        point: o,
      },
      separator('smaller, same compute'),
      ...r.alternatives.map((a, i): ResultItem => ({
        label: `${a.label}: ${formatQuantity(a.params)} × ${formatQuantity(a.tokens)} tokens`,
        description: `loss ${loss(a.loss)} (${penalty(a.penalty!)}) · ${formatRough(a.tokensPerParam)} tokens/param`,
        detail: `${i === 0 ? 'cheaper to serve: Sardana & Frankle 2024 · ' : ''}${a.run?.wallClockHours != null ? `${formatWallClock(a.run.wallClockHours, r.hardware.count)} at its own MFU` : ''}${runText(a)}`,
        run: 'point',
        point: a,
      })),
    ];
    const dc = r.dataConstrained;
    if (dc) {
      items.push(separator('data-constrained'), {
        label: `${formatQuantity(dc.params)} × ${formatQuantity(dc.tokens)} tokens = ${formatDecimals(dc.epochs, 2)} epochs of ${formatQuantity(dc.uniqueTokens)}`,
        description: `loss ${loss(dc.loss)} · repetition costs ${penalty(dc.repetitionCost)}`,
        detail: 'Muennighoff et al. 2023 (muennighoff-2023, losses on C4)',
        run: 'point',
        point: dc,
      });
    }
    items.push(
      separator('batch, learning rate'),
      { label: `$(info) critical batch ${formatQuantity(r.criticalBatchTokens)} tokens`, description: 'Kaplan et al. 2020, Eq. 1.4' },
      {
        label: `$(info) DeepSeek LLM: batch ${formatQuantity(r.deepseek.batchTokens)} tokens, learning rate ${formatExponent(r.deepseek.learningRate, 2)}`,
        description: 'arXiv 2401.02954',
      },
      separator('actions'),
      { label: '$(file-code) Insert as config…', description: 'the compute-optimal model', run: 'insert', point: o },
      { label: '$(graph-line) Show on curves', description: 'the curve panel on this budget', run: 'curves' },
      { label: '$(copy) Copy as JSON', run: 'copy' },
    );
    if (r.notes.length > 0) items.push(separator('notes'), ...r.notes.map((n): ResultItem => ({ label: `$(note) ${n}`, run: 'note' })));
    let chosen: ResultItem | undefined;
    await ui.showQuickPick<ResultItem>({
      id: 'result',
      title: `${r.budgetText} = ${formatExponent(r.flops)} FLOPs`,
      placeholder: 'Pick a model to insert it as a config',
      items,
      activeItem: items.find((i) => i.point === o),
      accept: async (item) => {
        if (item.run === 'note') {
          // A note is longer than a row: show it whole.
          void vscode.window.showInformationMessage(item.label.replace(/^\$\(note\) /, ''));
          return false;
        }
        if (item.run === 'copy') {
          await vscode.env.clipboard.writeText(JSON.stringify(r, null, 2));
          void vscode.window.setStatusBarMessage('Scaling Lens: budget copied as JSON', 3000);
          return false;
        }
        chosen = item;
        return item.run !== undefined;
      },
    });
    if (!chosen) return;
    if (chosen.run === 'curves') {
      await this.showOnCurves(r);
      return;
    }
    const point = chosen.point!;
    return (u) => this.pickFramework(u, r, point);
  }

  async showOnCurves(r: BudgetReport): Promise<void> {
    const args: CurvePanelBudgetArgs = { budget: { flops: r.flops, params: r.optimal.params, tokens: r.optimal.tokens, law: r.law.id } };
    this.result = { ...this.result, ok: true, report: r, action: 'curves', curves: args };
    try {
      await vscode.commands.executeCommand(COMMANDS.openCurvePanel, args);
    } catch (e) {
      void vscode.window.showWarningMessage(`Scaling Lens: the curve panel could not open on this budget: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private async pickFramework(ui: MultiStepInput, r: BudgetReport, point: BudgetOption): Promise<Step | void> {
    const items: FrameworkItem[] = this.engine.WRITERS.map((w) => {
      const out = this.engine.proposeConfig(r, point.id, w.id);
      if (!out.ok) {
        const label = out.doesNotFit ? `$(error) ${w.name}: does not fit on ${r.hardware.count} × ${r.hardware.gpu}` : `$(error) ${w.name}`;
        return { label, description: extensionOf(w.language), detail: out.message, framework: w.id, error: out.message };
      }
      const p = out.proposal;
      const a = p.architecture;
      const flavor =
        p.flavor !== undefined
          ? `flavor ${p.flavor}${Math.abs(p.paramsError) > 0.05 ? ` (the nearest, ${(1 + p.paramsError).toFixed(2)}×; the exact shape is in the header)` : ''} · `
          : '';
      const tokens = p.tokens !== null ? `${formatQuantity(p.tokens)} tokens in ${formatInteger(p.steps)} steps` : 'no training length in config.json';
      const memory = p.memory ? ` · ${memoryText(p.memory.perGpuBytes, p.memory.capacityBytes)}` : '';
      return {
        label: w.name,
        description: extensionOf(w.language),
        detail: `${flavor}${a.layers} × ${a.dModel} · ${fourDigits(p.params)}${r.law.paramsKind === 'nonEmbedding' && point.id !== 'data-constrained' ? ' non-embedding' : ''} params (${signed(p.paramsError)}) · ${tokens}${memory}`,
        framework: w.id,
        proposal: p,
      };
    });
    // What can run first; a framework that cannot fit the model says so below, with the ones that can.
    items.sort((x, y) => Number(x.error !== undefined) - Number(y.error !== undefined));
    const current = this.d.framework;
    const picked = await ui.showQuickPick<FrameworkItem>({
      id: 'framework',
      title: `Insert the ${point.label} model (${formatQuantity(point.params)} × ${formatQuantity(point.tokens)} tokens) as a config`,
      placeholder: 'Which framework? (only configs that fit in memory are inserted)',
      items,
      activeItem: items.find((i) => i.framework === current && !i.error) ?? items.find((i) => !i.error),
      accept: (item) => {
        if (item.error) void vscode.window.showWarningMessage(`Scaling Lens: ${item.error}`);
        return !item.error;
      },
    });
    await remember(this.ctx.extension.globalState, this.knownFramework, { framework: picked.framework! });
    await this.insert(r, picked.proposal!);
  }

  private async inputTune(ui: MultiStepInput, step: number, field: 'seqLen' | 'microBatch'): Promise<Step> {
    const d = this.engine.PLANNER_DEFAULTS;
    const prompt =
      field === 'seqLen'
        ? `Sequence length (tokens per sample, LLaMA-Factory cutoff_len); empty for ${d.seqLen}, its default.`
        : `Micro-batch (sequences per GPU per step); empty for ${d.microBatch}, assumed and stated.`;
    const text = await ui.showInputBox({
      id: field,
      title: TITLE,
      step,
      totalSteps: this.totalSteps(),
      value: numberText(this.tune[field]),
      prompt,
      validate: (v) => wholeNumber(field === 'seqLen' ? 'The sequence length' : 'The micro-batch', v, field === 'seqLen' ? 1 << 20 : 4096).error,
    });
    const value = wholeNumber('', text, Infinity).value;
    if (value === undefined) delete this.tune[field];
    else this.tune[field] = value;
    return field === 'seqLen' ? (u) => this.inputTune(u, step + 1, 'microBatch') : (u) => this.showFineTunes(u, step + 1);
  }

  /** The plan of every released model on the chosen GPUs. */
  planFineTunes(gpu: string, gpus: number, seqLen?: number, microBatch?: number): { ok: true; plan: FineTunePlan } | { ok: false; message: string } {
    const acc = this.engine.findAccelerator(gpu);
    if (!acc) return { ok: false, message: `unknown GPU "${gpu}"` };
    const request = { acc, gpus, ...(seqLen !== undefined ? { seqLen } : {}), ...(microBatch !== undefined ? { microBatch } : {}) };
    const problem = this.engine.checkFineTuneRequest(request);
    if (problem) return { ok: false, message: problem };
    const plan = this.engine.planFineTunes(this.engine.releasedModels(), request);
    this.result = { ok: true, fineTune: { gpu: plan.gpu, gpus: plan.gpus, seqLen: plan.seqLen, microBatch: plan.microBatch, largest: plan.largest } };
    return { ok: true, plan };
  }

  /** Fine-tuning mode without asking: the plan for these GPUs, shown as the pick of models. */
  async showFineTunePlan(gpu: string, gpus: number, seqLen?: number, microBatch?: number): Promise<BudgetCalculatorResult | undefined> {
    this.fineTuneMode = true;
    this.answers.gpu = gpu;
    this.answers.gpus = gpus;
    if (seqLen !== undefined) this.tune.seqLen = seqLen;
    if (microBatch !== undefined) this.tune.microBatch = microBatch;
    await MultiStepInput.run((ui) => this.showFineTunes(ui, 6), this.probe);
    return this.result;
  }

  private async showFineTunes(ui: MultiStepInput, step: number): Promise<Step | void> {
    const out = this.planFineTunes(this.answers.gpu!, this.answers.gpus!, this.tune.seqLen, this.tune.microBatch);
    if (!out.ok) return this.noAnswer(ui, out.message);
    const plan = out.plan;
    const cap = plan.capacityBytes;
    const items: ModelItem[] = [
      separator('largest that fits'),
      ...this.engine.PLANNED_METHODS.map((k): ModelItem => {
        const m = plan.largest[k] ? plan.models.find((x) => x.id === plan.largest[k])! : undefined;
        return m
          ? {
              label: `$(pass) ${METHOD_NAMES[k]}: ${m.id}`,
              description: `${formatQuantity(m.counts.total)} · ${memoryText(m.methods[k].perGpuBytes!, cap)}`,
              model: m,
            }
          : { label: `$(error) ${METHOD_NAMES[k]}: no released model fits`, description: `on ${plan.gpus} × ${plan.gpu}` };
      }),
      separator('every released model, per GPU'),
      ...[...plan.models].reverse().map((m): ModelItem => ({
        label: m.id,
        description: `${formatQuantity(m.counts.total)} · ${this.engine.PLANNED_METHODS.map((k) => `${METHOD_NAMES[k]} ${cellText(m.methods[k].perGpuBytes, m.methods[k].fits)}`).join(' · ')}`,
        model: m,
      })),
      separator('assumptions'),
      ...plan.assumptions.map((a): ModelItem => ({ label: `$(note) ${a}` })),
    ];
    let chosen: ModelPlan | undefined;
    await ui.showQuickPick<ModelItem>({
      id: 'finetune-models',
      title: `Fine-tune on ${plan.gpus} × ${plan.gpu} (${formatDecimals(cap / 1e9, 0)} GB): sequence ${plan.seqLen}, micro-batch ${plan.microBatch}`,
      step,
      totalSteps: this.totalSteps(),
      placeholder: 'Pick a model to see its methods and insert a LLaMA-Factory config',
      items,
      matchOnDescription: false,
      activeItem: items.find((i) => i.model && i.model.id === plan.largest.lora),
      accept: (item) => {
        if (!item.model) {
          if (item.label.startsWith('$(note) ')) void vscode.window.showInformationMessage(item.label.replace(/^\$\(note\) /, ''));
          return false;
        }
        chosen = item.model;
        return true;
      },
    });
    if (!chosen) return;
    const model = chosen;
    return (u) => this.pickMethod(u, plan, model, step + 1);
  }

  private async pickMethod(ui: MultiStepInput, plan: FineTunePlan, m: ModelPlan, step: number): Promise<void> {
    const cap = plan.capacityBytes;
    const items: MethodItem[] = this.engine.PLANNED_METHODS.map((k) => {
      const p = m.methods[k];
      const b = p.memory?.breakdown;
      const parts = b
        ? `weights ${gibText(b.weights)}, gradients ${gibText(b.gradients)}, optimizer ${gibText(b.optimizer)}, activations ${gibText(b.activations)}, logits ${gibText(b.logits)}, overhead ${gibText(b.overhead)} GiB`
        : (p.reason ?? '');
      return {
        label: `${p.fits ? '$(pass)' : '$(error)'} ${METHOD_NAMES[k]}: ${p.perGpuBytes !== null ? memoryText(p.perGpuBytes, cap) : 'memory unknown'}`,
        description: `${p.trainableParams !== null ? `${formatInteger(p.trainableParams)} trainable` : ''}${p.tokensPerSecPerGpu !== null ? ` · ${formatRough(p.tokensPerSecPerGpu)} tokens/s/GPU (throughput model)` : ''}`,
        detail: parts,
        method: k,
        fits: p.fits,
      };
    });
    const picked = await ui.showQuickPick<MethodItem>({
      id: 'finetune-method',
      title: `${m.id} (${formatInteger(m.counts.total)} parameters) on ${plan.gpus} × ${plan.gpu}`,
      step,
      totalSteps: this.totalSteps(),
      placeholder: 'Insert a LLaMA-Factory config for a method that fits',
      items,
      activeItem: items.find((i) => i.fits && i.method === 'lora') ?? items.find((i) => i.fits),
      accept: (item) => {
        if (!item.fits)
          void vscode.window.showWarningMessage(
            `Scaling Lens: ${m.id} with ${METHOD_NAMES[item.method!]} does not fit on ${plan.gpus} × ${plan.gpu}: pick a method marked as fitting, or more memory.`,
          );
        return item.fits === true;
      },
    });
    await this.insertFineTune(plan, m, picked.method!);
  }

  /** Opens the LLaMA-Factory config of a planned fine-tune as a new untitled document. */
  async insertFineTune(plan: FineTunePlan, m: ModelPlan, method: PlannedMethod): Promise<void> {
    const out = this.engine.writeLlamaFactory(plan, m, method);
    const doc = await vscode.workspace.openTextDocument({ language: out.language, content: out.text });
    await vscode.window.showTextDocument(doc, { preview: false });
    const p = m.methods[method];
    this.result = {
      ok: true,
      action: 'insert',
      document: { uri: doc.uri.toString(), language: doc.languageId, fileName: out.fileName },
      fineTune: {
        gpu: plan.gpu,
        gpus: plan.gpus,
        seqLen: plan.seqLen,
        microBatch: plan.microBatch,
        largest: plan.largest,
        model: m.id,
        method,
        trainableParams: p.trainableParams,
        perGpuBytes: p.perGpuBytes,
        tokensPerSecPerGpu: p.tokensPerSecPerGpu,
      },
    };
    void vscode.window.showInformationMessage(
      `Scaling Lens: LLaMA-Factory ${METHOD_NAMES[method]} config for ${m.id} (save it as ${out.fileName}): ${p.perGpuBytes !== null ? memoryText(p.perGpuBytes, plan.capacityBytes) : ''}. Set dataset and template before training.`,
    );
  }

  /** Opens the proposal as a new untitled document and says what it holds. */
  async insert(r: BudgetReport, p: ConfigProposal): Promise<void> {
    const doc = await vscode.workspace.openTextDocument({ language: p.language, content: p.text });
    await vscode.window.showTextDocument(doc, { preview: false });
    const { text: _text, ...proposal } = p;
    this.result = {
      ...this.result,
      ok: true,
      report: r,
      action: 'insert',
      document: { uri: doc.uri.toString(), language: doc.languageId, fileName: p.fileName },
      proposal,
    };
    const memory = p.memory ? ` ${memoryText(p.memory.perGpuBytes, p.memory.capacityBytes)} with ${p.layout ? layoutText(p.layout) : 'its layout'}.` : '';
    const message = `Scaling Lens: ${p.frameworkName} config for ${formatQuantity(p.params)} parameters × ${formatQuantity(p.tokens ?? p.point.tokens)} tokens (save it as ${p.fileName}).${memory} ${p.notes.join(' ')}`;
    void vscode.window.showInformationMessage(message);
  }
}

/** `≈ 61 GiB/GPU of 80 ✓`: a peak against the GPU's memory (GiB = 2^30 B; the GPU in its catalog GB), ✓ within 90%. */
function memoryText(bytes: number, capacityBytes: number): string {
  return `≈ ${gibText(bytes)} GiB/GPU of ${formatDecimals(capacityBytes / 1e9, 0)} ${bytes <= 0.9 * capacityBytes ? '✓' : '✗'}`;
}

function gibText(bytes: number): string {
  return formatDecimals(bytes / 2 ** 30, bytes < 10 * 2 ** 30 ? 1 : 0);
}

function cellText(bytes: number | null, fits: boolean): string {
  return bytes === null ? 'cannot run ✗' : `${gibText(bytes)} GiB ${fits ? '✓' : '✗'}`;
}

/** ` · 39 × 6144 · ≈ 38 GiB/GPU of 80 ✓`: the shape the point is priced with and its memory, for a result row. */
function runText(o: BudgetOption): string {
  const run = o.run;
  if (!run) return '';
  const memory = run.perGpuBytes !== null ? ` · ${memoryText(run.perGpuBytes, run.capacityBytes)}` : '';
  return ` · ${run.architecture.layers} × ${run.architecture.dModel}, ${run.layoutText}${memory}`;
}

/** A whole number typed in a step: empty is allowed (the default). */
function wholeNumber(name: string, text: string, max: number): { value?: number; error?: string } {
  const raw = text.trim().replace(/,/g, '');
  if (raw === '') return {};
  const v = /^\d+(\.\d+)?(e\d+)?[kK]?$/.test(raw) ? Number(raw.replace(/[kK]$/, '')) * (/[kK]$/.test(raw) ? 1000 : 1) : Number.NaN;
  if (!Number.isInteger(v) || v < 1 || v > max) return { error: `${name} must be a whole number from 1 to ${formatInteger(max)} (got ${text.trim()})` };
  return { value: v };
}

function extensionOf(language: string): string {
  return { python: '.py', yaml: '.yaml', toml: '.toml', json: 'config.json' }[language] ?? language;
}

/** 15,996,524,544 -> "16.00B": four significant digits, zeros kept. */
function fourDigits(v: number): string {
  return formatQuantity(v, 4, { keepZeros: true });
}

function signed(x: number): string {
  const text = (Math.abs(x) * 100).toFixed(1);
  return `${Number(text) === 0 ? '±' : x > 0 ? '+' : '−'}${text}%`;
}
