// The data of the curve views: configs and laws in, charts out (src/protocol.ts CurveState).
// Pure (no vscode), so unit tests pin it. Every number comes from the core: estimate() for the
// configs, the law's predict()/optimal() through core/curves for the lines; the webview only
// draws what this returns.

import {
  costUnknownReason,
  decadeSpan,
  envelope,
  estimate,
  formatDecimals,
  formatExponent,
  formatInteger,
  formatQuantity,
  formatRough,
  frontier,
  isoFlopProfile,
  logspace,
  lossFloor,
  optimalPointForParams,
  OVER_TRAINED_RATIO,
  tokenProfile,
  UNDER_TRAINED_RATIO,
  type Estimate,
  type FitResult,
  type FlopConvention,
  type PredictOptions,
  type ScalingLaw,
  type TrainingPlan,
} from '../core/index';
import { formatDollars, formatPercent, formatTokensPerSec, formatWallClock } from '../format/index';
import type {
  AxisSpec,
  BudgetPoint,
  ForecastOverlay,
  ChartSpec,
  ConfigRow,
  ConfigSummary,
  CurveState,
  Fact,
  LawInfo,
  Notice,
  PlotPoint,
  SeriesSpec,
  ViewMode,
  ViewOptions,
} from '../protocol';
import { memoryChart } from './memoryChart';

/** A training config as the views need it: where it is and what it plans. */
export interface PlanSource {
  readonly uri: string;
  /** Workspace-relative path, for labels. */
  readonly name: string;
  readonly format: string;
  readonly plan: TrainingPlan;
  /** Warning codes the file's directive switches off (`ignore=under-trained`). */
  readonly ignoredWarnings?: readonly string[];
  /** Where the weights come from, when the reader knows (ReadResult.init). */
  readonly init?: 'pretrained' | 'scratch';
}

/** What the view is looking at. */
export type Focus =
  | { readonly kind: 'config'; readonly config: PlanSource }
  /** A compute-optimal point from the budget calculator ("Show on curves"). */
  | { readonly kind: 'budget'; readonly budget: BudgetPoint }
  | { readonly kind: 'none' }
  | { readonly kind: 'not-config'; readonly name: string }
  | { readonly kind: 'unreadable'; readonly name: string; readonly message: string };

export interface ModelInput {
  readonly mode: ViewMode;
  /** The file the view is on, config or not. */
  readonly target: string | null;
  readonly options: ViewOptions;
  /** Every law the switcher offers (built-in, later fitted). */
  readonly laws: readonly ScalingLaw[];
  /** `scalingLens.law`: the law when the view has not chosen one. */
  readonly settingsLaw: string;
  readonly convention: FlopConvention;
  readonly focus: Focus;
  /** Every training config of the workspace index (the focus may be among them). */
  readonly workspace: readonly PlanSource[];
  /** Saved fits by name (`ctx.laws.fits()`): a `fit:<name>` law gets its fit-quality chart from these. */
  readonly fits?: Readonly<Record<string, FitResult>>;
  /** A training log's forecast to draw on loss vs tokens (the forecast command's "Show on curves"). */
  readonly forecast?: ForecastOverlay | null;
}

/** Points per line: smooth on a log axis, small to send. */
const GRID = 64;
/** Iso-FLOP profiles span the optimum ÷ and × this. */
const ISO_SPAN = 10;
/** At most this many laws on one chart (the chosen one and four compared). */
export const MAX_SHOWN_LAWS = 5;
/** Two configs are the same model size when their N differ by less than this fraction. */
const SAME_SIZE = 0.005;

export function lawInfo(l: ScalingLaw): LawInfo {
  return { id: l.id, name: l.name, paramsKind: l.paramsKind, dataset: l.dataset, citation: l.citation };
}

/** The chosen law, then the compared ones (known, distinct, at most MAX_SHOWN_LAWS in all). */
export function resolveLaws(laws: readonly ScalingLaw[], options: ViewOptions, settingsLaw: string): ScalingLaw[] {
  const byId = (id: string | undefined) => (id === undefined ? undefined : laws.find((l) => l.id === id));
  const primary = byId(options.law) ?? byId(settingsLaw) ?? laws[0];
  if (!primary) throw new Error('no scaling law to draw');
  const shown = [primary];
  for (const id of options.compare) {
    const l = byId(id);
    if (l && !shown.includes(l) && shown.length < MAX_SHOWN_LAWS) shown.push(l);
  }
  return shown;
}

/** A config (or a budget's point) under one law: its N (the N the law expects), D, C = 6·N·D and predicted loss. */
interface Evaluated {
  readonly name: string;
  /** The config file; none for a budget. */
  readonly uri?: string;
  readonly N: number | null;
  readonly D: number | null;
  readonly C: number | null;
  readonly loss: number | null;
  /** Parameters as counted for people (total), for labels. */
  readonly total: number | null;
  readonly tokensBound: 'exact' | 'upper';
  /** The law's compute-optimal point for the same C. */
  readonly optimal: Estimate['optimal'];
  /** The full estimate (configs only). */
  readonly est?: Estimate;
}

function evaluate(src: PlanSource, law: ScalingLaw, convention: FlopConvention): Evaluated {
  const est = estimate(src.plan, { law, convention, ...(src.init ? { init: src.init } : {}) });
  // A run from trained weights is not a point of a pretraining law: no N, so no chart places it.
  const N = est.loss.params !== null && est.loss.params > 0 && !est.fineTune?.fromTrainedWeights ? est.loss.params : null;
  const D = est.tokens !== null && est.tokens > 0 ? est.tokens : null;
  return {
    name: src.name,
    uri: src.uri,
    N,
    D,
    C: N !== null && D !== null ? 6 * N * D : null,
    loss: est.loss.value,
    total: est.params.total,
    tokensBound: est.tokensBound,
    optimal: est.optimal,
    est,
  };
}

/**
 * A budget's point under a law: the calculator's N and D (the N of the law it used; another law
 * reads the same number as its own N), the law's loss there and its optimum for the same C.
 */
function evaluateBudget(b: BudgetPoint, law: ScalingLaw): Evaluated {
  const C = 6 * b.params * b.tokens;
  const loss = law.predict(b.params, b.tokens);
  const o = law.optimal(C);
  const optimal = [o.params, o.tokens, o.loss].every(Number.isFinite)
    ? { flops: C, params: o.params, tokens: o.tokens, loss: o.loss, tokensPerParam: o.tokens / o.params }
    : null;
  return { name: budgetName(b), N: b.params, D: b.tokens, C, loss: Number.isFinite(loss) ? loss : null, total: b.params, tokensBound: 'exact', optimal };
}

export function budgetName(b: BudgetPoint): string {
  return `budget of ${formatExponent(b.flops, 2)} FLOPs`;
}

const q = (v: number, digits = 4) => formatQuantity(v, digits);
const e3 = (v: number) => formatExponent(v, 2);
const lossText = (v: number) => formatDecimals(v, 4);
const loss3 = (v: number) => formatDecimals(v, 3);
const nKind = (law: ScalingLaw) => (law.paramsKind === 'nonEmbedding' ? 'non-embedding parameters' : 'parameters');

/** Tooltip lines of a config point: exact values under the law. */
function configDetail(ev: Evaluated, law: ScalingLaw): string[] {
  const lines: string[] = [];
  if (ev.N !== null) lines.push(`N = ${formatInteger(ev.N)} ${nKind(law)}`);
  if (ev.D !== null) lines.push(`D = ${formatInteger(ev.D)} tokens${ev.tokensBound === 'upper' ? ' (upper bound)' : ''}`);
  if (ev.C !== null) lines.push(`C = 6·N·D = ${e3(ev.C)} FLOPs`);
  if (ev.N !== null && ev.D !== null) lines.push(`D/N = ${formatRough(ev.D / ev.N)} tokens per parameter`);
  if (ev.loss !== null) lines.push(`loss = ${lossText(ev.loss)} (${law.id})`);
  const o = ev.optimal;
  if (o) lines.push(`optimum: ${q(o.params)} params, ${q(o.tokens)} tokens, loss ${lossText(o.loss)}`);
  const e = ev.est;
  if (e && e.gpuHours !== null) lines.push(`${formatRough(e.gpuHours)} GPU-hours on ${e.hardware.count}×${e.hardware.gpu} at ${speedText(e)}`);
  return lines;
}

/** `157K tok/s/GPU (throughput model)`, `52.1K tok/s/GPU (MFU 45% from directive mfu=0.45)`: the speed behind the GPU-hours. */
function speedText(e: Estimate): string {
  const t = e.throughput;
  if (!t) return `${formatPercent(e.hardware.mfu)} MFU`;
  const why = t.source === 'model' ? 'throughput model' : t.source === 'mfu' ? `MFU ${formatPercent(t.mfu)} as stated` : 'tokens/s as stated';
  return `${formatTokensPerSec(t.tokensPerSecPerGpu)} (${why})`;
}

/**
 * GPU-hours, wall-clock time and cost of the config: the estimate's, so the throughput model's
 * tokens/s/GPU (as the editor's summary shows them) unless the file or a directive states an MFU
 * or tokens/s, which then wins. Assumed hardware is marked with `*` as in the editor.
 */
function computeFacts(e: Estimate): Fact[] {
  if (e.gpuHours === null) return [];
  const assumed = e.assumptions.some((a) => ['gpu', 'gpus', 'mfu', 'throughput'].includes(a.field)) ? '*' : '';
  const t = e.throughput;
  const how = t
    ? `tokens ÷ ${formatTokensPerSec(t.tokensPerSecPerGpu)}${t.source === 'model' && t.clusterEfficiency < 1 ? ` ÷ ${t.clusterEfficiency} cluster efficiency` : ''} (MFU ${formatPercent(t.mfu)}): ${t.note}`
    : `FLOPs ÷ (${e.hardware.peakTflops} TFLOPS × ${formatPercent(e.hardware.mfu)} MFU)`;
  const assumptions = e.assumptions.filter((a) => ['gpu', 'gpus', 'mfu', 'throughput', 'clusterEfficiency'].includes(a.field)).map((a) => a.note);
  const facts: Fact[] = [
    {
      label: 'GPU-hours',
      value: `${formatRough(e.gpuHours)}${assumed}`,
      title: [`${formatRough(e.gpuHours)} GPU-hours on ${e.hardware.count}×${e.hardware.gpuName} = ${how}`, ...assumptions].join('\n'),
    },
  ];
  if (e.wallClockHours !== null) facts.push({ label: 'time', value: formatWallClock(e.wallClockHours, e.hardware.count) });
  facts.push(
    e.costUsd !== null
      ? { label: 'cost', value: `≈ ${formatDollars(e.costUsd, 3)}`, title: `at ${formatDollars(e.hardware.pricePerHour)} per GPU-hour` }
      : { label: 'cost', value: 'unknown', title: costUnknownReason(e) ?? '' },
  );
  return facts;
}

function point(x: number, y: number, extra: Omit<PlotPoint, 'x' | 'y'> = {}): PlotPoint {
  return { x, y, ...extra };
}

function axis(kind: AxisSpec['kind'], title: string, log: boolean, range?: { min?: number; max?: number }): AxisSpec {
  return { kind, title, log, ...(range?.min !== undefined ? { min: range.min } : {}), ...(range?.max !== undefined ? { max: range.max } : {}) };
}

/** Losses are in each law's own units and dataset (the law list says which). */
function lossAxis(range?: { min?: number; max?: number }): AxisSpec {
  return axis('loss', 'loss (nats/token)', false, range);
}

function paramsAxisTitle(primary: ScalingLaw): string {
  return primary.paramsKind === 'nonEmbedding' ? `parameters N (non-embedding, as ${primary.id} counts)` : 'parameters N';
}

/** Two series whose area between is the spread of the laws, when more than one law is shown. */
function band(id: string, xs: readonly number[], ys: readonly (readonly number[])[]): SeriesSpec[] {
  if (ys.length < 2 || ys.some((s) => s.length !== xs.length)) return [];
  const { lo, hi } = envelope(ys);
  return [
    { id: `${id}-lo`, label: 'lowest of the laws', legend: null, role: 'bandLow', points: xs.map((x, i) => point(x, lo[i]!)) },
    { id: `${id}-hi`, label: 'highest of the laws', legend: 'spread between the laws', role: 'bandHigh', points: xs.map((x, i) => point(x, hi[i]!)) },
  ];
}

/** The 1, 2 or 5 × 10^k nearest to `raw` (in log). */
function niceStep(raw: number): number {
  const k = 10 ** Math.floor(Math.log10(raw));
  const steps = [1, 2, 5, 10].map((m) => m * k);
  return steps.reduce((best, s) => (Math.abs(Math.log(s / raw)) < Math.abs(Math.log(best / raw)) ? s : best));
}

/** A loss axis holding every value with a little room, its ends on round ticks. */
function lossRange(values: readonly number[], extraTop = 0): { min?: number; max?: number } {
  const ok = values.filter(Number.isFinite);
  if (!ok.length) return {};
  const lo = Math.min(...ok);
  const hi = Math.max(...ok) + extraTop;
  const pad = Math.max((hi - lo) * 0.04, 0.01);
  const step = niceStep(Math.max(hi - lo + 2 * pad, 0.05) / 8);
  return { min: Math.max(0, Math.floor((lo - pad) / step) * step), max: Math.ceil((hi + pad) / step) * step };
}

export function buildCurveState(input: ModelInput): CurveState {
  const started = performance.now();
  const shown = resolveLaws(input.laws, input.options, input.settingsLaw);
  const primary = shown[0]!;
  const focusConfig = input.focus.kind === 'config' ? input.focus.config : null;
  const budget = input.focus.kind === 'budget' ? input.focus.budget : null;
  const evals = shown.map((law) => (focusConfig ? evaluate(focusConfig, law, input.convention) : budget ? evaluateBudget(budget, law) : null));
  const f = evals[0] ?? null;
  const focus = f ? { name: f.name, ...(f.uri !== undefined ? { uri: f.uri } : {}) } : null;
  const uniqueTokens = focusConfig?.plan.uniqueTokens?.value;
  const opts: PredictOptions | undefined = uniqueTokens !== undefined ? { uniqueTokens } : undefined;
  const others =
    input.options.scope === 'workspace' ? input.workspace.filter((w) => w.uri !== focus?.uri).map((w) => evaluate(w, primary, input.convention)) : [];
  const plotted = others.filter((o) => o.C !== null && o.loss !== null);

  const fit = fitOf(primary, input.fits);
  const ctx: ChartContext = { shown, primary, focus, evals, f, opts, others: plotted, fit, forecast: input.forecast ?? null };
  const memory = memoryChart({ name: focusConfig?.name ?? null, plan: focusConfig?.plan ?? null, est: f?.est ?? null });
  const charts = [lossVsCompute(ctx), isoFlop(ctx), lossVsTokens(ctx), tokensPerParam(ctx), ...(fit ? [fitQuality(fit)] : []), memory];
  return {
    mode: input.mode,
    target: input.target,
    budget,
    options: { ...(input.options.law !== undefined ? { law: primary.id } : {}), compare: shown.slice(1).map((l) => l.id), scope: input.options.scope },
    shownLaws: shown.map(lawInfo),
    laws: input.laws.map(lawInfo),
    config: focusConfig && f ? summary(focusConfig, f, primary) : budget && f ? budgetSummary(budget, f, primary) : null,
    notice: notice(input.focus, f) ?? extrapolationNotice(fit, f),
    workspace: { count: input.workspace.length, plotted: plotted.length + (f?.C != null && f.loss !== null ? 1 : 0) },
    charts,
    table: table(f, plotted),
    computeMs: performance.now() - started,
  };
}

function table(f: Evaluated | null, others: readonly Evaluated[]): ConfigRow[] {
  const rows = [...(f && f.C !== null && f.loss !== null ? [f] : []), ...others];
  return rows
    .filter((r): r is Evaluated & { uri: string } => r.uri !== undefined)
    .sort((a, b) => (a.N ?? 0) - (b.N ?? 0) || a.name.localeCompare(b.name))
    .map((r) => ({
      uri: r.uri,
      name: r.name,
      current: r === f,
      params: r.total !== null ? q(r.total) : 'unknown',
      tokens: r.D !== null ? q(r.D, 3) : 'unknown',
      flops: r.C !== null ? e3(r.C) : 'unknown',
      ratio: r.N !== null && r.D !== null ? formatRough(r.D / r.N) : 'unknown',
      loss: r.loss !== null ? loss3(r.loss) : 'unknown',
    }));
}

interface ChartContext {
  readonly shown: readonly ScalingLaw[];
  readonly primary: ScalingLaw;
  /** The config (or budget) the view is on. */
  readonly focus: { readonly name: string; readonly uri?: string } | null;
  /** The focus under each shown law (null without one). */
  readonly evals: readonly (Evaluated | null)[];
  readonly f: Evaluated | null;
  readonly opts: PredictOptions | undefined;
  /** Other workspace configs under the chosen law, with a loss and a budget. */
  readonly others: readonly Evaluated[];
  /** The fit behind the chosen law, when it is a fitted law (`fit:<name>`). */
  readonly fit: FitResult | null;
  readonly forecast: ForecastOverlay | null;
}

function budgetSummary(b: BudgetPoint, f: Evaluated, law: ScalingLaw): ConfigSummary {
  const facts: Fact[] = [
    { label: 'budget', value: `${e3(b.flops)} FLOPs`, title: `C = 6·N·D = ${e3(6 * b.params * b.tokens)} FLOPs` },
    { label: 'parameters', value: q(b.params), title: `${formatInteger(b.params)} parameters (${b.law}'s N)` },
    { label: 'tokens', value: q(b.tokens, 3), title: `${formatInteger(b.tokens)} training tokens` },
    { label: 'tokens/param', value: formatRough(b.tokens / b.params) },
  ];
  if (f.loss !== null) facts.push({ label: 'loss', value: loss3(f.loss), title: `${lossText(f.loss)} ${law.lossUnit} (${law.id})` });
  const other =
    law.id !== b.law && f.optimal
      ? [
          `The calculator chose this split under ${b.law}; ${law.id}'s optimum for the same compute is ${q(f.optimal.params, 3)} parameters on ${q(f.optimal.tokens, 3)} tokens.`,
        ]
      : [];
  // The header adds the law drawn (` · epoch-2024`): name the calculator's law only when it differs.
  return { uri: '', name: budgetName(b), format: law.id === b.law ? 'budget calculator' : `budget calculator (split under ${b.law})`, facts, warnings: other };
}

function summary(src: PlanSource, f: Evaluated, law: ScalingLaw): ConfigSummary {
  const e = f.est!;
  const facts: Fact[] = [];
  if (e.params.total !== null) {
    const lawN = f.N !== null && f.N !== e.params.total ? `; ${law.id} uses ${formatInteger(f.N)} ${nKind(law)}` : '';
    facts.push({ label: 'parameters', value: q(e.params.total), title: `${formatInteger(e.params.total)} parameters${lawN}` });
  }
  const ft = e.fineTune;
  if (ft?.trainable != null && e.params.total !== null && ft.trainable < e.params.total)
    facts.push({ label: 'trainable', value: q(ft.trainable), title: `${formatInteger(ft.trainable)} trainable parameters: ${ft.trainableNote}` });
  facts.push(
    f.D !== null
      ? { label: 'tokens', value: `${e.tokensBound === 'upper' ? '≤ ' : ''}${q(f.D, 3)}`, title: `${formatInteger(f.D)} training tokens` }
      : { label: 'tokens', value: 'unknown', title: src.plan.tokens.note ?? 'not derivable from the file' },
  );
  if (f.C !== null)
    facts.push({
      label: 'compute (6ND)',
      value: `${e3(f.C)} FLOPs`,
      title: `6·N·D with ${law.id}'s N${e.flops.total !== null ? `; ${e3(e.flops.total)} FLOPs in the ${e.flops.convention} convention` : ''}`,
    });
  if (f.loss !== null) facts.push({ label: 'loss', value: loss3(f.loss), title: `${lossText(f.loss)} ${law.lossUnit} (${law.id})` });
  if (f.N !== null && f.D !== null) {
    const ratio = f.D / f.N;
    facts.push({
      label: 'tokens/param',
      value: `${formatRough(ratio)}${e.optimal ? ` (optimum ${formatRough(e.optimal.tokensPerParam)})` : ''}`,
      title: `D/N = ${formatRough(ratio, 4)} with ${law.id}'s N`,
    });
  }
  if (e.optimal) {
    facts.push({
      label: 'optimum',
      value: `${q(e.optimal.params, 3)} × ${q(e.optimal.tokens, 3)} → ${loss3(e.optimal.loss)}`,
      title: `${law.id}'s compute-optimal split of ${e3(e.optimal.flops)} FLOPs: ${formatInteger(e.optimal.params)} ${nKind(law)} on ${formatInteger(e.optimal.tokens)} tokens, loss ${lossText(e.optimal.loss)}`,
    });
  }
  facts.push(...computeFacts(e));
  const relevant = new Set(['under-trained', 'over-trained', 'outside-fitted-range', 'repeated-data', 'moe-law', 'tokens-upper-bound']);
  const ignored = new Set(src.ignoredWarnings ?? []);
  return {
    uri: src.uri,
    name: src.name,
    format: src.format,
    facts,
    warnings: e.warnings.filter((w) => relevant.has(w.code) && !ignored.has(w.code)).map((w) => w.message),
  };
}

function notice(focus: Focus, f: Evaluated | null): Notice | null {
  const open = 'Open a training config to place it on these curves.';
  const sentence = (t: string | undefined, fallback: string) => {
    const x = (t ?? fallback).trim();
    return /[.!?]$/.test(x) ? x : `${x}.`;
  };
  switch (focus.kind) {
    case 'none':
      return { kind: 'info', title: 'No training config open', detail: `${open} Until then the charts show the law alone.` };
    case 'not-config':
      return { kind: 'info', title: `${focus.name} is not a training config`, detail: `${open} Until then the charts show the law alone.` };
    case 'unreadable':
      return { kind: 'warning', title: `${focus.name} could not be estimated`, detail: focus.message };
    case 'budget':
      return null;
    case 'config': {
      if (!f) return null;
      if (f.est?.fineTune?.fromTrainedWeights) {
        return {
          kind: 'info',
          title: 'A fine-tune is not on pretraining curves',
          detail: `${focus.config.name} starts from trained weights: ${f.est.loss.reason ?? 'the laws predict pretraining from scratch'}. It has no point on these charts, which show the law alone.`,
        };
      }
      if (f.N === null && f.D === null)
        return {
          kind: 'warning',
          title: 'Model size and training tokens unknown',
          detail: `${sentence(focus.config.plan.tokens.note, 'The config says neither.')} The charts show the law alone.`,
        };
      if (f.N === null)
        return {
          kind: 'warning',
          title: 'Model size unknown',
          detail: 'The config does not say enough to count parameters, so it has no point on the curves.',
        };
      if (f.D === null) {
        return {
          kind: 'warning',
          title: 'Training tokens unknown',
          detail: `${sentence(focus.config.plan.tokens.note, 'The config does not say how long it trains')} Loss vs tokens is drawn for its ${q(f.N, 3)} parameters; the other charts have no point for it.`,
        };
      }
      return null;
    }
  }
}

// ---- charts ----------------------------------------------------------------------------

/** Budgets the compute charts span: the focus and every plotted config, two decades to spare. */
function computeSpan(c: ChartContext): [number, number] {
  const fitted = c.fit ? [...c.fit.range.flops] : [];
  return decadeSpan([c.f?.C ?? NaN, ...c.others.map((o) => o.C!), ...fitted], 2, [1e17, 1e24]);
}

function workspaceSeries(c: ChartContext, xy: (o: Evaluated) => [number, number] | null, label = 'other workspace configs'): SeriesSpec[] {
  const points = c.others.flatMap((o) => {
    const p = xy(o);
    return p ? [point(p[0], p[1], { label: o.name, detail: configDetail(o, c.primary), ...(o.uri !== undefined ? { uri: o.uri } : {}) })] : [];
  });
  return points.length ? [{ id: 'workspace', label, role: 'workspace', points }] : [];
}

function configSeries(c: ChartContext, xy: (ev: Evaluated) => [number, number] | null): SeriesSpec[] {
  const out: SeriesSpec[] = [];
  c.evals.forEach((ev, i) => {
    if (!ev || !c.focus) return;
    const p = xy(ev);
    if (!p) return;
    const law = c.shown[i]!;
    const pt = point(p[0], p[1], { label: c.focus.name, detail: configDetail(ev, law), ...(c.focus.uri !== undefined ? { uri: c.focus.uri } : {}) });
    if (i === 0) out.push({ id: 'config', label: c.focus.name, role: 'config', points: [pt] });
    else out.push({ id: `config-${law.id}`, label: `${c.focus.name} (${law.id})`, legend: null, role: 'configAlt', law: i, points: [pt] });
  });
  return out;
}

function lossVsCompute(c: ChartContext): ChartSpec {
  const [lo, hi] = computeSpan(c);
  const grid = logspace(lo, hi, GRID);
  const fronts = c.shown.map((law) => frontier(law, grid, c.opts));
  const series: SeriesSpec[] = fronts.map((fr, i) => ({
    id: `frontier-${c.shown[i]!.id}`,
    label: `${c.shown[i]!.id}: compute-optimal`,
    role: 'frontier',
    law: i,
    line: true,
    points: fr.map((p) => point(p.flops, p.loss, { detail: [`N = ${q(p.params)}, D = ${q(p.tokens)}`] })),
  }));
  series.push(...band('frontier-band', grid, fronts.every((fr) => fr.length === grid.length) ? fronts.map((fr) => fr.map((p) => p.loss)) : []));

  const f = c.f;
  const yValues = [
    ...fronts.flatMap((fr) => fr.map((p) => p.loss)),
    ...c.evals.map((ev) => ev?.loss ?? NaN),
    ...c.others.map((o) => o.loss!),
    ...(c.fit ? c.fit.residuals.map((r) => r.loss) : []),
  ];
  const range = lossRange(yValues);
  if (f?.N != null) {
    // The same model trained for more or fewer tokens: it touches the frontier where it is optimal.
    const N = f.N;
    const tokens = logspace(Math.max(lo / (6 * N), N / 2), hi / (6 * N), GRID).filter((d) => d < (hi / (6 * N)) * 1.0001);
    const curve = tokens.length > 1 ? tokenProfile(c.primary, N, tokens, c.opts).filter((p) => range.max === undefined || p.loss <= range.max) : [];
    if (curve.length > 1) {
      series.push({
        id: 'model-size',
        label: `${q(N, 3)} params, any number of tokens`,
        role: 'curve',
        law: 0,
        line: true,
        points: curve.map((p) => point(p.flops, p.loss, { detail: [`D = ${q(p.tokens)} tokens`] })),
      });
    }
  }
  series.push(...workspaceSeries(c, (o) => [o.C!, o.loss!]));
  if (c.fit) series.push(...fittedRangeSeries(c.fit, range));
  if (f?.optimal && f.C !== null) {
    const o = f.optimal;
    series.push({
      id: 'optimum',
      label: 'compute-optimal at this budget',
      role: 'optimum',
      points: [
        point(o.flops, o.loss, {
          label: 'compute-optimal at this budget',
          detail: [`N = ${formatInteger(o.params)}`, `D = ${formatInteger(o.tokens)}`, `loss = ${lossText(o.loss)}`],
        }),
      ],
    });
  }
  series.push(...configSeries(c, (ev) => (ev.C !== null && ev.loss !== null ? [ev.C, ev.loss] : null)));

  const where =
    f?.C != null && f.loss !== null && c.focus
      ? ` ${c.focus.name}: ${e3(f.C)} FLOPs, loss ${loss3(f.loss)}${f.optimal ? `; the optimum at that budget reaches ${loss3(f.optimal.loss)}` : ''}.`
      : '';
  return {
    id: 'lossCompute',
    title: 'Loss vs compute',
    caption: `The best loss each budget buys under ${c.primary.id} (the compute-optimal frontier)${f?.C != null ? ', this config at C = 6·N·D, and its model size trained shorter or longer (dashed)' : ''}.`,
    x: axis('flops', 'compute C = 6·N·D (FLOPs)', true, { min: lo, max: hi }),
    y: lossAxis(range),
    series,
    summary: `Loss vs compute under ${c.shown.map((l) => l.id).join(', ')}, from ${e3(lo)} to ${e3(hi)} FLOPs.${where}${c.fit ? ` Fitted on ${c.fit.residuals.length} runs from ${e3(c.fit.range.flops[0])} to ${e3(c.fit.range.flops[1])} FLOPs.` : ''}`,
  };
}

function isoFlop(c: ChartContext): ChartSpec {
  const f = c.f;
  const series: SeriesSpec[] = [];
  const C = f?.C ?? null;
  // Round budgets around the config's (a decade below to two above), as in Chinchilla's Figure 3.
  const k0 = C !== null ? Math.floor(Math.log10(C)) : 18;
  const budgets = [k0 - 1, k0, k0 + 1, k0 + 2].map((k) => 10 ** k).filter((B) => C === null || Math.abs(Math.log10(B / C)) > Math.log10(1.5));
  const optima: PlotPoint[] = [];
  const xs: number[] = [];
  const law = c.primary;
  const onCurve = (B: number, N: number) =>
    law.predict(N, B / (6 * N), c.opts?.uniqueTokens !== undefined ? { uniqueTokens: Math.min(c.opts.uniqueTokens, B / (6 * N)) } : undefined);

  budgets.forEach((B, i) => {
    const opt = law.optimal(B, c.opts);
    if (!Number.isFinite(opt.params)) return;
    const prof = isoFlopProfile(law, B, logspace(opt.params / ISO_SPAN, opt.params * ISO_SPAN, 48), c.opts);
    xs.push(opt.params / ISO_SPAN, opt.params * ISO_SPAN);
    const first = i === 0;
    series.push({
      id: `iso-${B}`,
      label: `${e3(B)} FLOPs`,
      legend: first ? `other budgets (${formatExponent(budgets[0], 0)} … ${formatExponent(budgets[budgets.length - 1], 0)} FLOPs)` : null,
      role: 'context',
      line: true,
      points: prof.map((p) => point(p.params, p.loss, { detail: [`D = ${q(p.tokens)} tokens`] })),
    });
    optima.push(
      point(opt.params, onCurve(B, opt.params), {
        label: `optimum at ${e3(B)} FLOPs`,
        detail: [`N = ${formatInteger(opt.params)}`, `D = ${formatInteger(opt.tokens)}`],
      }),
    );
  });

  if (C !== null && f) {
    // The config's budget under every shown law, on one grid so their spread can be filled.
    const opts = c.shown.map((l) => l.optimal(C, c.opts));
    // The profile of the config's own compute passes through its point: its N is on the grid,
    // and the grid reaches it however far from the optimum it is.
    const Ns = c.evals.flatMap((ev) => (ev?.N != null ? [ev.N] : []));
    const lo = Math.min(...opts.map((o) => o.params / ISO_SPAN), ...Ns.map((n) => n / 2));
    const hi = Math.max(...opts.map((o) => o.params * ISO_SPAN), ...Ns.map((n) => n * 2));
    const grid = [...new Set([...logspace(lo, hi, GRID), ...Ns])].sort((a, b) => a - b);
    xs.push(lo, hi);
    const profiles = c.shown.map((l) => isoFlopProfile(l, C, grid, c.opts));
    profiles.forEach((prof, i) => {
      series.push({
        id: `iso-config-${c.shown[i]!.id}`,
        label: `${c.shown[i]!.id} at ${e3(C)} FLOPs`,
        legend: i === 0 ? `this budget, ${e3(C)} FLOPs${c.shown.length > 1 ? ` (${c.shown[0]!.id})` : ''}` : `${c.shown[i]!.id} at this budget`,
        role: i === 0 ? 'highlight' : 'curve',
        law: i,
        line: true,
        points: prof.map((p) => point(p.params, p.loss, { detail: [`D = ${q(p.tokens)} tokens`] })),
      });
    });
    series.push(...band('iso-band', grid, profiles.every((p) => p.length === grid.length) ? profiles.map((p) => p.map((x) => x.loss)) : []));
    const o = opts[0]!;
    optima.push(
      point(o.params, onCurve(C, o.params), {
        label: 'optimum at this budget',
        detail: [`N = ${formatInteger(o.params)}`, `D = ${formatInteger(o.tokens)}`, `loss = ${lossText(onCurve(C, o.params))}`],
      }),
    );
  }
  optima.sort((a, b) => a.x - b.x);
  if (optima.length) series.push({ id: 'optima', label: 'compute-optimal size of each budget', role: 'optimum', line: true, points: optima });
  series.push(...workspaceSeries(c, (o) => (o.N !== null && o.loss !== null ? [o.N, o.loss] : null)));
  series.push(...configSeries(c, (ev) => (ev.N !== null && ev.loss !== null ? [ev.N, ev.loss] : null)));

  const [xlo, xhi] = decadeSpan(xs, 0, [1e7, 1e11]);
  // The profiles rise steeply away from their optima: show the part around the minima.
  const ys = [...optima.map((p) => p.y), ...c.evals.map((ev) => ev?.loss ?? NaN), ...c.others.map((o) => o.loss!)];
  const finiteYs = ys.filter(Number.isFinite);
  const y = lossAxis(lossRange(ys, finiteYs.length ? Math.max((Math.max(...finiteYs) - Math.min(...finiteYs)) * 0.35, 0.15) : 0));
  return {
    id: 'isoFlop',
    title: 'Iso-FLOP profiles',
    caption:
      C !== null
        ? `Loss against model size at fixed compute (D = C / 6N): this config's budget highlighted, ◆ the optimum of each budget.`
        : `Loss against model size at fixed compute (D = C / 6N), ◆ the optimum of each budget.`,
    x: axis('params', paramsAxisTitle(law), true, { min: xlo, max: xhi }),
    y,
    series,
    summary: `Iso-FLOP profiles of ${law.id} at ${budgets.map((b) => formatExponent(b, 0)).join(', ')} FLOPs${C !== null && f && c.focus ? `, and at this config's ${e3(C)} FLOPs, where the optimum is ${q(law.optimal(C, c.opts).params, 3)} parameters; ${c.focus.name} has ${q(f.N!, 3)}` : ''}.`,
  };
}

function lossVsTokens(c: ChartContext): ChartSpec {
  const f = c.f;
  const law = c.primary;
  const title = f?.N != null ? `Loss vs tokens at ${q(f.N, 3)} parameters` : 'Loss vs tokens';
  if (!f || f.N === null || !c.focus) {
    return {
      id: 'lossTokens',
      title,
      caption: 'Predicted loss of the config’s model size as training goes on.',
      x: axis('tokens', 'training tokens D', true),
      y: lossAxis(),
      series: [],
      empty: f ? 'The model size is unknown, so there is no curve to draw.' : 'Needs a training config with a model size.',
      summary: 'No loss-vs-tokens curve: no model size.',
    };
  }
  const N = f.N;
  const D = f.D;
  const optN = optimalPointForParams(law, N, c.opts);
  const fc = c.forecast;
  const fcX = fc ? [fc.curve[0]!.x, fc.at.x] : [];
  const [lo, hi] = decadeSpan(D !== null ? [D, 10 * D, optN?.tokens ?? D, ...fcX] : [optN?.tokens ?? 1e10, ...fcX], D !== null ? 1 : 2, [1e8, 1e12]);
  const grid = logspace(lo, hi, GRID);
  const profiles = c.evals.map((ev, i) => (ev?.N != null ? tokenProfile(c.shown[i]!, ev.N, grid, c.opts) : []));
  const series: SeriesSpec[] = profiles.map((prof, i) => ({
    id: `tokens-${c.shown[i]!.id}`,
    label: `${c.shown[i]!.id}: N = ${q(c.evals[i]!.N ?? N, 3)}`,
    legend: i === 0 ? `${c.shown[i]!.id}, ${q(N, 3)} params` : `${c.shown[i]!.id}${c.evals[i]!.N !== N ? ` (N = ${q(c.evals[i]!.N!, 3)})` : ''}`,
    role: 'frontier',
    law: i,
    line: true,
    points: prof.map((p) => point(p.tokens, p.loss, { detail: [`C = ${e3(p.flops)} FLOPs`] })),
  }));
  series.push(...band('tokens-band', grid, profiles.every((p) => p.length === grid.length) ? profiles.map((p) => p.map((x) => x.loss)) : []));
  const floor = lossFloor(law, N, c.opts);
  if (Number.isFinite(floor))
    series.push({ id: 'floor', label: `limit with unlimited data: ${loss3(floor)}`, role: 'floor', line: true, points: [point(lo, floor), point(hi, floor)] });
  const ys = [...profiles.flatMap((p) => p.map((x) => x.loss)), floor];

  if (optN) {
    const L = law.predict(N, optN.tokens, c.opts?.uniqueTokens !== undefined ? { uniqueTokens: Math.min(c.opts.uniqueTokens, optN.tokens) } : undefined);
    series.push({
      id: 'optimum',
      label: 'compute-optimal length for this size',
      role: 'optimum',
      points: [
        point(optN.tokens, L, {
          label: 'compute-optimal length for this size',
          detail: [
            `D = ${formatInteger(optN.tokens)} tokens (${formatRough(optN.tokens / N)} per parameter)`,
            `C = ${e3(optN.flops)} FLOPs`,
            `loss = ${lossText(L)}`,
          ],
        }),
      ],
    });
  }
  series.push(
    ...workspaceSeries(
      c,
      (o) => (o.N !== null && Math.abs(o.N - N) <= SAME_SIZE * N && o.D !== null && o.loss !== null ? [o.D, o.loss] : null),
      'workspace configs of this size',
    ),
  );
  let more = '';
  if (D !== null && f.loss !== null) {
    const pts = tokenProfile(law, N, [2 * D, 10 * D], c.opts).map((p, i) => {
      const k = i === 0 ? 2 : 10;
      return point(p.tokens, p.loss, {
        label: `${k}× the tokens`,
        detail: [
          `D = ${formatInteger(p.tokens)} tokens`,
          `loss = ${lossText(p.loss)} (${formatDecimals(p.loss - f.loss!, 4)})`,
          `C = ${e3(p.flops)} FLOPs (${k}× the compute)`,
        ],
      });
    });
    series.push({ id: 'more', label: 'with 2× and 10× the tokens', role: 'more', points: pts });
    if (pts.length === 2)
      more = ` 2× the tokens: ${loss3(pts[0]!.y)} (${formatDecimals(pts[0]!.y - f.loss, 3)}); 10×: ${loss3(pts[1]!.y)} (${formatDecimals(pts[1]!.y - f.loss, 3)}).`;
  }
  if (fc) {
    series.push(...forecastSeries(fc));
    ys.push(...fc.bins.map((b) => b.loss), fc.at.loss);
  }
  series.push(...configSeries(c, (ev) => (ev.D !== null && ev.loss !== null && ev.N !== null ? [ev.D, ev.loss] : null)));
  ys.push(...c.evals.map((ev) => ev?.loss ?? NaN));
  return {
    id: 'lossTokens',
    title,
    caption:
      D !== null
        ? `Where training stops (●), what more tokens buy (▲), the compute-optimal length for this size (◆) and the limit with unlimited data (dashed).`
        : `The loss this model size reaches with more tokens; the config does not say how long it trains.`,
    x: axis('tokens', 'training tokens D', true, { min: lo, max: hi }),
    y: lossAxis(lossRange(ys)),
    series,
    summary: `Loss of ${q(N, 3)} ${nKind(law)} against training tokens under ${law.id}.${D !== null && f.loss !== null ? ` Training stops at ${q(D, 3)} tokens, loss ${loss3(f.loss)}.${more}` : ''} Limit with unlimited data: ${loss3(floor)}.${fc ? ` Forecast of ${fc.name}: loss ${loss3(fc.at.loss)} at ${q(fc.at.x, 3)} tokens.` : ''}`,
  };
}

function tokensPerParam(c: ChartContext): ChartSpec {
  const [lo, hi] = computeSpan(c);
  const grid = logspace(lo, hi, GRID);
  const series: SeriesSpec[] = [];
  let primaryRatio: { x: number; y: number }[] = [];
  c.shown.forEach((law, i) => {
    const ratio = frontier(law, grid, c.opts).map((p) => ({ x: p.flops, y: p.tokens / p.params }));
    if (i === 0) primaryRatio = ratio;
    series.push({
      id: `ratio-${law.id}`,
      label: `${law.id}: compute-optimal D/N`,
      role: 'frontier',
      law: i,
      line: true,
      points: ratio.map((p) => point(p.x, p.y)),
    });
  });
  series.push({
    id: 'under',
    label: `under-trained below ${UNDER_TRAINED_RATIO}× the optimum`,
    role: 'threshold',
    line: true,
    points: primaryRatio.map((p) => point(p.x, p.y * UNDER_TRAINED_RATIO)),
  });
  series.push({
    id: 'over',
    label: `over-trained above ${OVER_TRAINED_RATIO}× the optimum`,
    role: 'threshold',
    line: true,
    points: primaryRatio.map((p) => point(p.x, p.y * OVER_TRAINED_RATIO)),
  });
  series.push(...workspaceSeries(c, (o) => (o.N !== null && o.D !== null ? [o.C!, o.D / o.N] : null)));
  series.push(...configSeries(c, (ev) => (ev.C !== null && ev.N !== null && ev.D !== null ? [ev.C, ev.D / ev.N] : null)));
  const f = c.f;
  const opt = f?.optimal;
  return {
    id: 'tokensPerParam',
    title: 'Tokens per parameter',
    caption: `${c.primary.id}'s compute-optimal D/N at each budget; between the dashed lines (${UNDER_TRAINED_RATIO}× and ${OVER_TRAINED_RATIO}×) the estimate raises no training-length warning.`,
    x: axis('flops', 'compute C = 6·N·D (FLOPs)', true, { min: lo, max: hi }),
    y: axis('ratio', 'tokens per parameter D/N', true),
    series,
    summary: `Compute-optimal tokens per parameter under ${c.shown.map((l) => l.id).join(', ')}.${f?.N != null && f.D !== null && opt && c.focus ? ` ${c.focus.name}: ${formatRough(f.D / f.N)} tokens per parameter; the optimum for its budget is ${formatRough(opt.tokensPerParam)}.` : ''}`,
  };
}

// ---- fitted laws ---------------------------------------------------------------------------

/** The saved fit behind a `fit:<name>` law, or null for any other law (or a fit no longer saved). */
export function fitOf(law: ScalingLaw, fits: Readonly<Record<string, FitResult>> | undefined): FitResult | null {
  if (!fits || !law.id.startsWith('fit:')) return null;
  const name = law.id.slice('fit:'.length);
  return Object.hasOwn(fits, name) ? fits[name]! : null;
}

/** Whether a compute budget lies outside the runs a fit was made on. */
export function outsideFittedRange(fit: FitResult, flops: number): boolean {
  return flops < fit.range.flops[0] || flops > fit.range.flops[1];
}

/** The warning that a fitted law's prediction for the focus is an extrapolation. */
export function extrapolationNotice(fit: FitResult | null, f: { readonly C: number | null } | null): Notice | null {
  if (!fit || !f || f.C === null || !outsideFittedRange(fit, f.C)) return null;
  return {
    kind: 'warning',
    title: 'Extrapolation',
    detail: `This config's ${e3(f.C)} FLOPs are beyond the fitted compute range (${e3(fit.range.flops[0])} to ${e3(fit.range.flops[1])} FLOPs) of ${fit.name}: the prediction is an extrapolation.`,
  };
}

/** The fitted runs on the loss-vs-compute chart, and the edges of their compute range (dashed). */
export function fittedRangeSeries(fit: FitResult, range: { min?: number; max?: number }): SeriesSpec[] {
  const runs = fit.residuals.filter((r) => r.flops > 0 && Number.isFinite(r.loss));
  const ys = runs.map((r) => r.loss);
  const ylo = range.min ?? (ys.length ? Math.min(...ys) : 0);
  const yhi = range.max ?? (ys.length ? Math.max(...ys) : 1);
  const [lo, hi] = fit.range.flops;
  const edge = (x: number, which: string) => [
    point(x, ylo, { detail: [`${which} of the fitted range: ${e3(x)} FLOPs`] }),
    point(x, yhi, { detail: [`${which} of the fitted range: ${e3(x)} FLOPs`] }),
  ];
  return [
    { id: 'fit-range-lo', label: `fitted compute range: ${e3(lo)} to ${e3(hi)} FLOPs`, role: 'threshold', line: true, points: edge(lo, 'start') },
    { id: 'fit-range-hi', label: 'end of the fitted compute range', legend: null, role: 'threshold', line: true, points: edge(hi, 'end') },
    ...(runs.length
      ? [
          {
            id: 'fit-runs',
            label: `fitted runs (${runs.length})`,
            role: 'workspace' as const,
            points: runs.map((r) => point(r.flops, r.loss, { label: 'fitted run', detail: runDetail(r) })),
          },
        ]
      : []),
  ];
}

function runDetail(r: FitResult['residuals'][number]): string[] {
  return [
    ...(r.line !== null ? [`line ${r.line}`] : []),
    `N = ${formatInteger(r.params)}, D = ${formatInteger(r.tokens)}`,
    `C = ${e3(r.flops)} FLOPs`,
    `loss = ${lossText(r.loss)}, fitted ${lossText(r.predicted)}`,
    `log residual = ${formatDecimals(r.residual, 4)}`,
  ];
}

/** Observed against predicted loss for every run of the fit; on the diagonal the fit is exact. */
export function fitQuality(fit: FitResult): ChartSpec {
  const runs = fit.residuals.filter((r) => Number.isFinite(r.loss) && Number.isFinite(r.predicted));
  const all = runs.flatMap((r) => [r.loss, r.predicted]);
  const range = lossRange(all);
  const lo = range.min ?? 0;
  const hi = range.max ?? 1;
  const rms = runs.length ? Math.sqrt(runs.reduce((s, r) => s + r.residual * r.residual, 0) / runs.length) : NaN;
  return {
    id: 'fitQuality',
    title: 'Fit quality',
    caption: `Observed against fitted loss for each of the ${runs.length} runs ${fit.name} was fitted on; on the dashed diagonal the fit is exact.`,
    x: axis('loss', 'fitted loss (nats/token)', false, range),
    y: lossAxis(range),
    series: [
      { id: 'fit-diagonal', label: 'observed = fitted', role: 'threshold', line: true, points: [point(lo, lo), point(hi, hi)] },
      {
        id: 'fit-residuals',
        label: `fitted runs (${runs.length})`,
        role: 'workspace',
        points: runs.map((r) => point(r.predicted, r.loss, { label: 'fitted run', detail: runDetail(r) })),
      },
    ],
    ...(runs.length ? {} : { empty: 'The fit kept no runs to compare with.' }),
    summary: `Fit quality of ${fit.name}: observed against fitted loss for ${runs.length} runs from ${e3(fit.range.flops[0])} to ${e3(fit.range.flops[1])} FLOPs; root-mean-square log residual ${formatDecimals(rms, 4)}.`,
  };
}

// ---- a training log's forecast ---------------------------------------------------------------

export { forecastOverlay } from '../core/fit/forecastOverlay';

/** The forecast on loss vs tokens: observed bins, fitted curve, its band and the forecast point. */
export function forecastSeries(fc: ForecastOverlay): SeriesSpec[] {
  const banded = fc.curve.filter((p) => p.low !== null && p.high !== null);
  const bandText = (p: { low: number | null; high: number | null }) =>
    p.low !== null && p.high !== null ? [`band ${lossText(p.low)} to ${lossText(p.high)}`] : [];
  return [
    {
      id: 'forecast-observed',
      label: `${fc.name}: logged loss (${fc.bins.length} bins)`,
      role: 'workspace',
      points: fc.bins.map((b) => point(b.x, b.loss, { label: fc.name, detail: [`D = ${formatInteger(b.x)} tokens`, `logged loss = ${lossText(b.loss)}`] })),
    },
    {
      id: 'forecast-curve',
      label: `${fc.name}: fitted learning curve`,
      role: 'curve',
      line: true,
      points: fc.curve.map((p) => point(p.x, p.loss, { detail: [`D = ${q(p.x, 3)} tokens`, ...bandText(p)] })),
    },
    ...(banded.length === fc.curve.length
      ? [
          { id: 'forecast-band-lo', label: 'forecast band, low', legend: null, role: 'bandLow' as const, points: banded.map((p) => point(p.x, p.low!)) },
          {
            id: 'forecast-band-hi',
            label: 'forecast band, high',
            legend: 'forecast band',
            role: 'bandHigh' as const,
            points: banded.map((p) => point(p.x, p.high!)),
          },
        ]
      : []),
    {
      id: 'forecast-at',
      label: `forecast at ${q(fc.at.x, 3)} tokens`,
      role: 'more',
      points: [
        point(fc.at.x, fc.at.loss, {
          label: `forecast of ${fc.name}`,
          detail: [`D = ${formatInteger(fc.at.x)} tokens`, `forecast loss = ${lossText(fc.at.loss)}`, ...bandText(fc.at)],
        }),
      ],
    },
  ];
}
