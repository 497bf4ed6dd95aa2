// The budget calculator's quick input: the budget (GPU time, dollars or FLOPs), the MFU, the
// law and an optional unique-token limit, then the answer as a quick pick from which a model
// can be inserted as a config or shown on the curve panel.

import * as vscode from 'vscode';
import type { ConfigProposal, FrameworkId } from '../../configs/writers/index';
import type { BudgetDraft, BudgetField, BudgetInput, BudgetKind, BudgetOption, BudgetReport } from '../../core/index';
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
import { Defaults, defaultMfu, loadRemembered, numberText, remember, rememberedOf } from './state';

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
}

/** The argument `scalingLens.openCurvePanel` receives from "Show on curves". */
export interface CurvePanelBudgetArgs {
  readonly budget: { readonly flops: number; readonly params: number; readonly tokens: number; readonly law: string };
}

const KINDS: readonly KindItem[] = [
  { budget: 'gpu-time', label: '$(server) GPUs × days', description: 'e.g. 64 H100s for two weeks' },
  { budget: 'dollars', label: '$(credit-card) Dollars', description: 'at a price per GPU-hour' },
  { budget: 'flops', label: '$(symbol-operator) FLOPs', description: 'training compute, C = 6ND' },
];

const TITLE = 'Scaling Lens: Budget Calculator';

interface KindItem extends vscode.QuickPickItem {
  readonly budget: BudgetKind;
}
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
      placeholder: this.answers.kind === 'flops' ? 'Which GPU will run it (for the wall clock and cost)?' : 'Which GPU?',
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
    const why = this.answers.kind === 'gpu-time' ? 'How many GPUs?' : 'How many GPUs run it? (for the wall clock)';
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
    const acc = this.engine.findAccelerator(gpu);
    const basis = acc ? `default for ${gpu}: ${defaultMfu(this.engine, gpu)}, the ${this.engine.DEFAULT_MFU[acc.generation].basis}` : '';
    await this.number(ui, 'mfu', step, `Model FLOPs utilization, 0–1 or a percentage (${basis}).`, this.d.mfu(gpu));
    return (u) => this.pickLaw(u, step + 1);
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
      kind: a.kind,
      gpu: a.gpu,
      gpus: a.gpus,
      ...(a.kind === 'gpu-time' ? { days: a.days } : {}),
      ...(a.kind === 'dollars' ? { usd: a.usd, price: a.price } : {}),
      ...(a.kind === 'flops' ? { flops: a.flops } : {}),
      ...(a.kind !== 'dollars' && this.ctx.settings.hardware.price !== undefined ? { price: this.ctx.settings.hardware.price } : {}),
      mfu: a.mfu,
      law: a.law,
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
        mfu: defaultMfu(this.engine, gpu),
        price: this.ctx.settings.hardware.price ?? this.engine.findAccelerator(gpu)?.pricePerHour ?? null,
      }),
    );
  }

  private async showResult(ui: MultiStepInput, r: BudgetReport): Promise<Step | void> {
    const nKind = r.law.paramsKind === 'nonEmbedding' ? ' non-embedding' : '';
    const time = `${formatWallClock(r.wallClockHours, r.hardware.count)} · ${formatGpuHours(r.gpuHours, r.input.kind !== 'flops')} · ${r.costUsd !== null ? formatDollars(r.costUsd) : 'cost unknown (no price)'} · ${formatPercent(r.hardware.mfu)} MFU`;
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
        ...(i === 0 ? { detail: 'cheaper to serve: Sardana & Frankle 2024' } : {}),
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
      if (!out.ok) return { label: `$(error) ${w.name}`, description: extensionOf(w.language), detail: out.message, framework: w.id, error: out.message };
      const p = out.proposal;
      const a = p.architecture;
      const flavor =
        p.flavor !== undefined
          ? `flavor ${p.flavor}${Math.abs(p.paramsError) > 0.05 ? ` (the nearest, ${(1 + p.paramsError).toFixed(2)}×; the exact shape is in the header)` : ''} · `
          : '';
      const tokens = p.tokens !== null ? `${formatQuantity(p.tokens)} tokens in ${formatInteger(p.steps)} steps` : 'no training length in config.json';
      return {
        label: w.name,
        description: extensionOf(w.language),
        detail: `${flavor}${a.layers} × ${a.dModel} · ${fourDigits(p.params)}${r.law.paramsKind === 'nonEmbedding' && point.id !== 'data-constrained' ? ' non-embedding' : ''} params (${signed(p.paramsError)}) · ${tokens}`,
        framework: w.id,
        proposal: p,
      };
    });
    const current = this.d.framework;
    const picked = await ui.showQuickPick<FrameworkItem>({
      id: 'framework',
      title: `Insert the ${point.label} model (${formatQuantity(point.params)} × ${formatQuantity(point.tokens)} tokens) as a config`,
      placeholder: 'Which framework?',
      items,
      activeItem: items.find((i) => i.framework === current),
      accept: (item) => {
        if (item.error) void vscode.window.showWarningMessage(`Scaling Lens: ${item.error}`);
        return !item.error;
      },
    });
    await remember(this.ctx.extension.globalState, this.knownFramework, { framework: picked.framework! });
    await this.insert(r, picked.proposal!);
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
    const message = `Scaling Lens: ${p.frameworkName} config for ${formatQuantity(p.params)} parameters × ${formatQuantity(p.tokens ?? p.point.tokens)} tokens (save it as ${p.fileName}). ${p.notes.join(' ')}`;
    void vscode.window.showInformationMessage(message);
  }
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
