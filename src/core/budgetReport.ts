// The budget calculator's answer, as plain data: what a budget of GPU time, dollars or FLOPs
// buys under a scaling law (compute-optimal size, tokens and loss; smaller over-trained
// models; the data-constrained answer; batch and learning-rate suggestions), with the wall
// clock and cost on the chosen hardware. Shared by the palette command, the CLI and tests.

import { answerBudget, BUDGET_FLOPS_NOTE, checkBudget, type BudgetSpec } from './budget';
import { DEFAULT_MFU, findAccelerator, peakFor, type Accelerator, memoryBytes } from './hardware';
import { DEFAULT_LAW_ID, findLaw, outsideFittedRange, type LawId, type OptimalPoint, type ParamsKind, type ScalingLaw } from './laws/index';
import { kaplanComputeEfficient } from './laws/kaplan2020';
import { parseQuantity } from './units';
import { layoutText, pointRun, type PointRun, type ChosenLayout } from './budgetRun';
import { CLUSTER_EFFICIENCY } from './throughput/clusterEfficiency';
import type { Architecture } from './architecture';
import { flopsPerToken } from './model';
import {
  formatDays,
  formatDecimals,
  formatDollars,
  formatDuration,
  formatExponent,
  formatInteger,
  formatPercent,
  formatGpuHourCount,
  formatQuantity,
} from '../format/index';

export type BudgetKind = 'gpu-time' | 'dollars' | 'flops';

/** What every budget names besides its amount. */
interface BudgetCommon {
  /** Accelerator id or alias (`H100-SXM`, `h100`). */
  readonly gpu: string;
  readonly gpus: number;
  /** Dollars per GPU-hour; the catalog's price when left out (required for dollars budgets on GPUs without one). */
  readonly price?: number;
  /** Model FLOPs utilization in (0, 1]; the default of the GPU's generation when left out. */
  readonly mfu?: number;
  /** Law id; epoch-2024 when left out. */
  readonly law?: LawId;
  /** Unique tokens available: adds the data-constrained answer (muennighoff-2023). */
  readonly uniqueTokens?: number;
}

/**
 * What the calculator asks, in plain JSON (the command's arguments, its remembered state and
 * the tests all use it), one variant per kind with its amount. Every budget names an
 * accelerator and a GPU count: a GPU-time budget is made of them; a dollars or FLOPs budget uses
 * them for the wall clock and cost. JSON from outside becomes one through `parseBudgetInput`.
 */
export type BudgetInput =
  | (BudgetCommon & { readonly kind: 'gpu-time'; readonly days: number })
  | (BudgetCommon & { readonly kind: 'dollars'; readonly usd: number })
  | (BudgetCommon & { readonly kind: 'flops'; readonly flops: number });

/** Answers being collected or remembered: any field of any kind, each optional. */
export type BudgetDraft = { -readonly [K in keyof BudgetCommon]?: BudgetCommon[K] } & { kind?: BudgetKind; days?: number; usd?: number; flops?: number };

const AMOUNT = { 'gpu-time': 'days', dollars: 'usd', flops: 'flops' } as const satisfies Record<BudgetKind, BudgetField>;
const OPTIONAL_NUMBERS = ['price', 'mfu', 'uniqueTokens'] as const;

/**
 * JSON from outside (a command's arguments, remembered state) as a budget input, or why it is
 * not one. Only the shape is checked here; `checkBudgetInput` checks the values.
 */
export function parseBudgetInput(raw: unknown): { readonly ok: true; readonly input: BudgetInput } | { readonly ok: false; readonly message: string } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return { ok: false, message: 'a budget is an object { kind, gpu, gpus, days | usd | flops, … }' };
  const r = raw as Record<string, unknown>;
  const kind = r['kind'];
  if (kind !== 'gpu-time' && kind !== 'dollars' && kind !== 'flops')
    return { ok: false, message: `unknown budget kind "${String(kind)}" (gpu-time, dollars or flops)` };
  if (typeof r['gpu'] !== 'string') return { ok: false, message: `unknown GPU "${String(r['gpu'])}" (the catalog: \`scaling-lens gpus\`)` };
  const numbers: BudgetField[] = ['gpus', AMOUNT[kind], ...OPTIONAL_NUMBERS];
  for (const field of numbers) {
    const value = r[field];
    if (value === undefined || value === null) {
      if (field === 'gpus' || field === AMOUNT[kind]) return { ok: false, message: `${FIELD_NAMES[field]} is required for a ${kind} budget` };
      continue;
    }
    if (typeof value !== 'number' || !Number.isFinite(value))
      return { ok: false, message: `${FIELD_NAMES[field]} must be a finite number (got ${String(value)})` };
  }
  if (r['law'] !== undefined && typeof r['law'] !== 'string')
    return { ok: false, message: `unknown law "${String(r['law'])}" (the catalog: \`scaling-lens laws\`)` };
  const num = (k: string) => r[k] as number;
  const common: BudgetCommon = {
    gpu: r['gpu'],
    gpus: num('gpus'),
    ...Object.fromEntries(OPTIONAL_NUMBERS.filter((k) => r[k] != null).map((k) => [k, num(k)])),
    ...(typeof r['law'] === 'string' ? { law: r['law'] } : {}),
  };
  switch (kind) {
    case 'gpu-time':
      return { ok: true, input: { ...common, kind, days: num('days') } };
    case 'dollars':
      return { ok: true, input: { ...common, kind, usd: num('usd') } };
    case 'flops':
      return { ok: true, input: { ...common, kind, flops: num('flops') } };
  }
}

/** The amount of a budget: days, dollars or FLOPs. */
export function budgetAmount(input: BudgetInput): number {
  switch (input.kind) {
    case 'gpu-time':
      return input.days;
    case 'dollars':
      return input.usd;
    case 'flops':
      return input.flops;
  }
}

/**
 * Below this many parameters (the law's N) a compute-optimal model is not a sensible
 * language model: a 32,000-token vocabulary at d_model 32 is already 1,024,000 parameters of
 * embedding, and Chinchilla's smallest runs had 70M (docs/laws.md#fitting-procedure). Budgets whose optimum
 * is smaller are refused with the smallest budget that clears it.
 */
export const MIN_SENSIBLE_PARAMS = 1e6;

/** Fractions of the compute-optimal size offered as over-trained alternatives. */
export const ALTERNATIVE_FRACTIONS: readonly number[] = [1 / 2, 1 / 4, 1 / 8];

/**
 * One model the budget buys: the compute-optimal one, a smaller over-trained one, or the
 * data-constrained one. (The curve panel's `BudgetPoint`, src/protocol.ts, is the optimum alone.)
 */
export interface BudgetOption {
  /** `optimal`, `1/2`, `1/4`, `1/8` or `data-constrained`. */
  readonly id: string;
  readonly label: string;
  /** In the law's N (non-embedding for kaplan-2020). */
  readonly params: number;
  readonly tokens: number;
  readonly tokensPerParam: number;
  readonly loss: number;
  /**
   * Loss above the compute-optimal point's under the same law (negative: lower); for the
   * data-constrained point, what repeating the data costs (muennighoff-2023); null for the optimum.
   */
  readonly penalty: number | null;
  /** Epochs over the unique tokens, when a unique-token limit was given. */
  readonly epochs?: number;
  /** The point on the budget's hardware (reference shape, fitted layout, predicted throughput); null when no shape is near it. */
  readonly run?: OptionRun | null;
}

/** A budget point on the chosen GPUs: the Llama-style shape it is priced with, the layout that fits, and what the throughput model predicts. */
export interface OptionRun {
  readonly architecture: Architecture;
  readonly layout: ChosenLayout;
  /** "micro-batch 2 × 4 accumulation, FSDP full shard, no activation checkpointing". */
  readonly layoutText: string;
  readonly perGpuBytes: number | null;
  readonly capacityBytes: number;
  /** Peak at most 90% of the GPU's memory. */
  readonly fits: boolean;
  readonly tokensPerSecPerGpu: number | null;
  readonly mfu: number | null;
  readonly hfu: number | null;
  /** GPU-hours of the point's tokens: at the predicted rate ÷ the cluster efficiency, or at the given MFU. */
  readonly gpuHours: number | null;
  readonly wallClockHours: number | null;
}

export interface BudgetReport {
  /** The input with defaults filled in (canonical GPU id, law id, MFU, price). */
  readonly input: BudgetInput & { readonly law: LawId; readonly mfu: number };
  /** `64 × H100-SXM × 14 days`, `$50,000 on A100-80GB at $1.75/GPU-h`, `1.0e23 FLOPs`. */
  readonly budgetText: string;
  /** The compute, in the law's C = 6ND. */
  readonly flops: number;
  readonly derivation: string;
  readonly law: {
    readonly id: LawId;
    readonly name: string;
    readonly citation: string;
    readonly paramsKind: ParamsKind;
    readonly dataset: string;
    readonly lossUnit: string;
  };
  readonly hardware: {
    readonly gpu: string;
    readonly gpuName: string;
    readonly count: number;
    readonly mfu: number;
    /** `model`: the throughput model's MFU for the compute-optimal shape; `given`: typed by the person (wins); `default`: the generation's default (no prediction possible). */
    readonly mfuSource: 'model' | 'given' | 'default';
    /** The throughput model's MFU for the compute-optimal shape, also when a given MFU overrides it; null when it cannot predict. */
    readonly modelMfu: number | null;
    /** Where the MFU came from, for people. */
    readonly mfuBasis: string;
    readonly peakTflops: number;
    readonly dtype: string;
    readonly pricePerHour: number | null;
    readonly priceSource: string | null;
  };
  readonly gpuHours: number;
  readonly wallClockHours: number;
  /** Null when no price is known. */
  readonly costUsd: number | null;
  /** The throughput model on the compute-optimal point (null when it cannot predict); `clusterEfficiency` divides step time into whole-run hours. */
  readonly throughput: {
    readonly tokensPerSecPerGpu: number;
    readonly mfu: number;
    readonly hfu: number;
    readonly stepSeconds: number;
    readonly clusterEfficiency: number;
    readonly layout: string;
  } | null;
  readonly optimal: BudgetOption;
  readonly alternatives: readonly BudgetOption[];
  readonly dataConstrained: (BudgetOption & { readonly uniqueTokens: number; readonly epochs: number; readonly repetitionCost: number }) | null;
  /** Kaplan 2020 Eq. 1.4 at the optimum's Kaplan loss, tokens. */
  readonly criticalBatchTokens: number;
  readonly deepseek: { readonly batchTokens: number; readonly learningRate: number; readonly citation: string };
  /** Caveats for people: extrapolation, Kaplan's separate fits, the FLOP convention. */
  readonly notes: readonly string[];
}

export type BudgetOutcome = { readonly ok: true; readonly report: BudgetReport } | { readonly ok: false; readonly message: string };

/** The numeric fields a person types. */
export type BudgetField = 'gpus' | 'days' | 'usd' | 'price' | 'flops' | 'mfu' | 'uniqueTokens';

const FIELD_NAMES: Readonly<Record<BudgetField, string>> = {
  gpus: 'The GPU count',
  days: 'Days',
  usd: 'Dollars',
  price: 'The price per GPU-hour',
  flops: 'FLOPs',
  mfu: 'MFU',
  uniqueTokens: 'Unique tokens',
};

const FORMS: Readonly<Record<BudgetField, string>> = {
  gpus: 'e.g. 64 or 1k',
  days: 'e.g. 14 or 2.5',
  usd: 'e.g. 50000, 50k or $50k',
  price: 'e.g. 2.5 or $2.50',
  flops: 'e.g. 1e23 or 3.2e21',
  mfu: 'e.g. 0.4 or 40%',
  uniqueTokens: 'e.g. 25B or 1e11, or leave it empty for no limit',
};

/**
 * Reads one typed value. `optional` fields accept an empty string (value undefined). The error
 * says what is wrong in words a person can act on: "The GPU count must be a whole number of at
 * least 1 (got 0)".
 */
export function parseBudgetField(field: BudgetField, text: string, optional = false): { readonly value?: number; readonly error?: string } {
  const raw = text.trim();
  const name = FIELD_NAMES[field];
  if (raw === '') return optional ? {} : { error: `${name} is required (${FORMS[field]})` };
  let body = raw;
  if (field === 'usd' || field === 'price') body = body.replace(/^\$\s*/, '');
  if (field === 'days') body = body.replace(/\s*(d|days?)$/i, '');
  const percent = field === 'mfu' && body.endsWith('%');
  if (percent) body = body.slice(0, -1);
  const v = parseQuantity(body);
  if (v === null) return { error: `${name}: "${raw}" is not a number (${FORMS[field]})` };
  switch (field) {
    case 'gpus':
      if (!Number.isInteger(v) || v < 1) return { error: `${name} must be a whole number of at least 1 (got ${raw})` };
      if (v > 1e7) return { error: `${name} must be at most 10,000,000 (got ${raw})` };
      return { value: v };
    case 'mfu': {
      const frac = percent || v > 1 ? v / 100 : v;
      if (!(frac > 0 && frac <= 1)) return { error: `MFU must be a fraction in (0, 1] or a percentage up to 100% (got ${raw})` };
      return { value: frac };
    }
    default:
      if (!(v > 0)) return { error: `${name} must be greater than 0 (got ${raw})` };
      return { value: v };
  }
}

/** Why a budget input cannot be answered, or null. */
export function checkBudgetInput(input: BudgetInput, extraLaws: readonly ScalingLaw[] = []): string | null {
  const acc = findAccelerator(input.gpu);
  if (!acc) return `unknown GPU "${input.gpu}" (the catalog: \`scaling-lens gpus\`)`;
  const law = findLaw(input.law ?? DEFAULT_LAW_ID, extraLaws);
  if (!law) return `unknown law "${input.law}" (the catalog: \`scaling-lens laws\`)`;
  const numbers: Array<[BudgetField, number | undefined]> = [
    ['gpus', input.gpus],
    [AMOUNT[input.kind], budgetAmount(input)],
    ['price', input.price],
    ['mfu', input.mfu],
    ['uniqueTokens', input.uniqueTokens],
  ];
  for (const [field, value] of numbers) {
    if (value === undefined) continue;
    const problem =
      field === 'mfu' ? (value > 0 && value <= 1 ? undefined : `MFU must be in (0, 1] (got ${value})`) : parseBudgetField(field, String(value)).error;
    if (problem) return problem;
  }
  if (input.kind === 'dollars' && input.price === undefined && acc.pricePerHour === null)
    return `no public price for ${acc.id} in the catalog: give a price per GPU-hour`;
  if (!peakFor(acc, 'bf16')) return `no BF16/FP16 peak for ${acc.id} in the catalog`;
  return null;
}

function toSpec(input: BudgetInput, acc: Accelerator, mfu: number): BudgetSpec {
  switch (input.kind) {
    case 'gpu-time':
      return { kind: 'gpu-time', gpu: acc, count: input.gpus, days: input.days, mfu };
    case 'dollars':
      return { kind: 'dollars', gpu: acc, usd: input.usd, mfu, ...(input.price !== undefined ? { pricePerHour: input.price } : {}) };
    case 'flops':
      return { kind: 'flops', flops: input.flops };
  }
}

/** The smallest budget (FLOPs) whose compute-optimal model has `params` parameters under `law`. */
export function flopsForOptimalParams(law: ScalingLaw, params: number): number {
  let lo = 1;
  let hi = 1e40;
  for (let i = 0; i < 200; i++) {
    const mid = Math.sqrt(lo * hi);
    if (law.optimal(mid).params < params) lo = mid;
    else hi = mid;
    if (hi / lo < 1 + 1e-9) break;
  }
  return hi;
}

/**
 * Why a budget is below the smallest sensible model, with the smallest budget that clears the
 * floor (in GPU time too when the hardware is known). `optimalParams` is the law's optimum for it.
 */
export function budgetFloorMessage(
  law: ScalingLaw,
  flops: number,
  optimalParams: number,
  budgetText = `${formatExponent(flops)} FLOPs`,
  hardware?: { accelerator: Accelerator; peakTflops: number; mfu: number },
): string {
  const floor = flopsForOptimalParams(law, MIN_SENSIBLE_PARAMS);
  const nKind = law.paramsKind === 'nonEmbedding' ? ' non-embedding' : '';
  const time = hardware
    ? ` (${formatDuration(floor / (hardware.peakTflops * 1e12 * hardware.mfu) / 3600)} of one ${hardware.accelerator.id} at ${formatPercent(hardware.mfu)} MFU)`
    : '';
  return (
    `${budgetText} is below the smallest sensible model: its compute-optimal model under ${law.id} would have ${formatQuantity(optimalParams)}${nKind} parameters, ` +
    `under the ${formatQuantity(MIN_SENSIBLE_PARAMS)} floor. The smallest budget that clears it is ${formatExponent(floor)} FLOPs${time}.`
  );
}

/**
 * What the budget buys. Fails with a message for impossible budgets and ones below the floor.
 * `extraLaws`: custom and fitted laws the input may name besides the built-in ones.
 */
export function budgetReport(input: BudgetInput, extraLaws: readonly ScalingLaw[] = []): BudgetOutcome {
  const problem = checkBudgetInput(input, extraLaws);
  if (problem) return { ok: false, message: problem };
  const acc = findAccelerator(input.gpu)!;
  const law = findLaw(input.law ?? DEFAULT_LAW_ID, extraLaws)!;
  const generation = DEFAULT_MFU[acc.generation];
  const peak = peakFor(acc, 'bf16')!;
  const price = input.price ?? acc.pricePerHour;
  const efficiency = CLUSTER_EFFICIENCY.value;
  // GPU-hours the budget buys (null for a FLOPs budget).
  const hours = input.kind === 'gpu-time' ? input.gpus * input.days * 24 : input.kind === 'dollars' && price !== null ? input.usd / price : null;
  const given = input.mfu !== undefined;

  // Without a given MFU, the throughput model prices the budget: the compute C whose
  // compute-optimal model, on its reference shape and fitted layout, takes exactly the budget's
  // GPU-hours (whole-run: step time ÷ the cluster efficiency). The shape depends on C and the
  // time on the shape, so C is found by fixed-point iteration from the generation's default MFU.
  let modelFlops: number | null = null;
  let optimalRun: PointRun | null = null;
  if (!given && hours !== null) {
    // Hours grow with C (more tokens, a wider model), in steps where the shape gains a layer:
    // ratio steps inside a shrinking bracket, then the C whose hours are nearest the budget.
    let c = hours * 3600 * peak.tflops * 1e12 * generation.mfu * efficiency;
    let lo = 0;
    let hi = Infinity;
    let best: { c: number; miss: number } | null = null;
    let prev: { logC: number; logH: number } | null = null;
    for (let i = 0; i < 40; i++) {
      const o = law.optimal(c);
      if (!Number.isFinite(o.params) || o.params < MIN_SENSIBLE_PARAMS) break;
      const run = pointRun(o.params, o.tokens, law.paramsKind, acc, input.gpus);
      if (!run || run.gpuHours === null) break;
      const ratio = hours / run.gpuHours;
      const miss = Math.abs(Math.log(ratio));
      if (!best || miss < best.miss) best = { c, miss };
      if (miss < 1e-13 || hi / lo < 1 + 1e-13) break;
      if (ratio > 1) lo = Math.max(lo, c);
      else hi = Math.min(hi, c);
      // Secant on log H(log C) (H is nearly a power of C), kept inside the bracket; bisection otherwise.
      const logC = Math.log(c);
      const logH = Math.log(run.gpuHours);
      const slope = prev && logC !== prev.logC ? (logH - prev.logH) / (logC - prev.logC) : 1;
      prev = { logC, logH };
      const next = Math.exp(logC + (Math.log(hours) - logH) / (slope > 0.2 && slope < 5 ? slope : 1));
      c = next > lo && next < hi ? next : Number.isFinite(hi) && lo > 0 ? Math.sqrt(lo * hi) : next;
    }
    if (best) {
      c = best.c;
      const o = law.optimal(c);
      optimalRun = pointRun(o.params, o.tokens, law.paramsKind, acc, input.gpus);
      if (optimalRun?.gpuHours != null) modelFlops = c;
    }
  }
  const spec: BudgetSpec = modelFlops !== null ? { kind: 'flops', flops: modelFlops } : toSpec(input, acc, input.mfu ?? generation.mfu);
  const specProblem = checkBudget(spec);
  if (specProblem) return { ok: false, message: specProblem };
  const answer = answerBudget(spec, law, input.uniqueTokens);
  const flops = answer.budget.flops;
  const o = answer.optimal;
  if (![o.params, o.tokens, o.loss].every(Number.isFinite)) return { ok: false, message: `${law.id} has no finite optimum for ${formatExponent(flops)} FLOPs` };

  const budgetText =
    input.kind === 'gpu-time'
      ? `${formatInteger(input.gpus)} × ${acc.id} × ${formatDays(input.days)}`
      : input.kind === 'dollars'
        ? `${formatDollars(input.usd)} on ${acc.id} at ${formatDollars(price)}/GPU-h`
        : `${formatExponent(flops)} FLOPs`;

  if (o.params < MIN_SENSIBLE_PARAMS) {
    return {
      ok: false,
      message: budgetFloorMessage(law, flops, o.params, input.kind === 'flops' ? budgetText : `${budgetText} (${formatExponent(flops)} FLOPs)`, {
        accelerator: acc,
        peakTflops: peak.tflops,
        mfu: input.mfu ?? generation.mfu,
      }),
    };
  }
  if (modelFlops === null) optimalRun = pointRun(o.params, o.tokens, law.paramsKind, acc, input.gpus);
  const predicted = optimalRun?.fit.throughput ?? null;
  const modelMfu = predicted?.mfu ?? null;
  const mfuSource: BudgetReport['hardware']['mfuSource'] = given ? 'given' : modelMfu !== null ? 'model' : 'default';
  const mfu = input.mfu ?? modelMfu ?? generation.mfu;
  const byModel = mfuSource === 'model';

  const gpuHours = hours ?? (byModel ? optimalRun!.gpuHours! : flops / (peak.tflops * 1e12 * mfu) / 3600);
  const wallClockHours = input.kind === 'gpu-time' ? input.days * 24 : gpuHours / input.gpus;
  const costUsd = input.kind === 'dollars' ? input.usd : price !== null ? gpuHours * price : null;
  const rate = byModel
    ? `${formatInteger(Math.round(predicted!.tokensPerSecPerGpu))} tokens/s/GPU (throughput model, ${formatPercent(mfu)} MFU) × ${efficiency} cluster efficiency`
    : `${peak.tflops} TFLOPS (${peak.dtype}) × ${formatPercent(mfu)} MFU`;
  // Hours step up where the shape gains a layer: a budget inside such a step is met by the
  // nearest shape, whose own hours are then said rather than claimed to equal the budget.
  const runHours = byModel ? optimalRun!.gpuHours! : gpuHours;
  const inStep = Math.abs(runHours / gpuHours - 1) > 1e-6;
  const tokensText = !byModel
    ? ''
    : inStep
      ? `: the compute-optimal model nearest it (the budget falls where the shape gains a layer) trains on ${formatQuantity(o.tokens)} tokens, C = 6ND = ${formatExponent(flops)}, in ${formatGpuHourCount(runHours, true)} GPU-h (${formatPercent(runHours / gpuHours)} of the budget)`
      : ` = ${formatQuantity(o.tokens)} tokens of the compute-optimal model, C = 6ND = ${formatExponent(flops)}`;
  const derivation =
    input.kind === 'flops'
      ? `${formatExponent(flops)} FLOPs = ${formatGpuHourCount(gpuHours, true)} GPU-h on ${acc.id} at ${rate}`
      : input.kind === 'dollars'
        ? `${formatDollars(input.usd)} / ${formatDollars(price)} per GPU-h = ${formatGpuHourCount(gpuHours, true)} GPU-h × ${rate}${tokensText}`
        : `${formatInteger(input.gpus)} GPU${input.gpus === 1 ? '' : 's'} × ${formatDays(input.days)} = ${formatGpuHourCount(gpuHours, true)} GPU-h × ${rate}${tokensText}`;
  const mfuBasis = given
    ? `given${modelMfu !== null ? ` (the throughput model predicts ${formatPercent(modelMfu)} for this shape)` : ''}`
    : byModel
      ? `throughput model for the compute-optimal shape (${optimalRun!.architecture.layers} × ${optimalRun!.architecture.dModel}, ${layoutText(optimalRun!.fit.layout)})`
      : `default for ${acc.generation}: ${generation.basis} (the throughput model cannot predict this point)`;

  const runOf = (p: { params: number; tokens: number }, kind: ParamsKind): OptionRun | null => {
    const run = p.params === o.params && kind === law.paramsKind && optimalRun ? optimalRun : pointRun(p.params, p.tokens, kind, acc, input.gpus);
    if (!run) return null;
    const t = run.fit.throughput;
    const m = run.fit.memory;
    // With a given MFU the point's hours follow from its model FLOPs; otherwise from the predicted rate.
    const hoursOf = byModel ? run.gpuHours : (p.tokens * flopsPerToken(run.architecture, run.counts, 'palm')) / (peak.tflops * 1e12 * mfu) / 3600;
    return {
      architecture: run.architecture,
      layout: run.fit.layout,
      layoutText: layoutText(run.fit.layout),
      perGpuBytes: m?.perGpuBytes ?? null,
      capacityBytes: memoryBytes(acc),
      fits: run.fit.fits,
      tokensPerSecPerGpu: t?.tokensPerSecPerGpu ?? null,
      mfu: t?.mfu ?? null,
      hfu: t?.hfu ?? null,
      gpuHours: hoursOf,
      wallClockHours: hoursOf !== null ? hoursOf / input.gpus : null,
    };
  };
  const point = (
    id: string,
    label: string,
    p: { params: number; tokens: number; loss: number },
    penalty: number | null,
    kind: ParamsKind = law.paramsKind,
  ): BudgetOption => ({
    id,
    label,
    params: p.params,
    tokens: p.tokens,
    tokensPerParam: p.tokens / p.params,
    loss: p.loss,
    penalty,
    run: runOf(p, kind),
  });
  const optimal = point('optimal', 'compute-optimal', o, null);
  const alternatives = answer.alternatives.map((a) => point(`1/${Math.round(1 / a.fraction)}`, `1/${Math.round(1 / a.fraction)} size`, a, a.penalty));
  const dc = answer.dataConstrained;
  const dataConstrained = dc
    ? {
        ...point('data-constrained', 'data-constrained', dc, dc.repetitionCost, 'total'),
        uniqueTokens: dc.uniqueTokens,
        epochs: dc.epochs ?? dc.tokens / dc.uniqueTokens,
        repetitionCost: dc.repetitionCost,
      }
    : null;

  const notes: string[] = [];
  if (law.id === 'kaplan-2020') notes.push(kaplanNote(flops, o));
  const lower = answer.alternatives.filter((a) => a.penalty < 0);
  if (lower.length > 0)
    notes.push(
      lowerAlternativeNote(
        law,
        lower.map((a) => `1/${Math.round(1 / a.fraction)}`),
      ),
    );
  if (dataConstrained && law.id !== 'muennighoff-2023') {
    notes.push(
      `The data-constrained answer always uses muennighoff-2023 (losses on C4 with the GPT-2 tokenizer, not comparable with ${law.id}'s); its penalty is what repetition costs under that law.`,
    );
  }
  const range = outsideFittedRange(law, o.params, o.tokens);
  if (range) notes.push(range.message);
  if (peak.note) notes.push(peak.note);
  if (dataConstrained && dc?.plateau) notes.push(plateauNote(dc.uniqueTokens, dc.plateau.tolerance, dc.plateauFromFlops ?? null));
  if (byModel) notes.push(modelNote(optimalRun!, efficiency));
  if (byModel && hours !== null && Math.abs(optimalRun!.gpuHours! / hours - 1) > 1e-3)
    notes.push(
      `Shapes come in whole layers and layouts in whole micro-batches, so the time is a step function of C: the compute-optimal model's own estimate is ${formatDecimals((100 * optimalRun!.gpuHours!) / hours, 1)}% of the budget's GPU-hours, the nearest this budget allows.`,
    );
  notes.push(
    byModel
      ? "C is the law's 6ND of the compute-optimal model; the GPU-hours are its tokens at the throughput model's tokens/s/GPU, which counts attention and the layout (what the editor estimates for the inserted config). Smaller models run at a lower MFU, so the same C takes them longer: each option shows its own time."
      : input.kind === 'flops'
        ? "FLOPs are the law's C = 6ND; GPU-hours divide them by peak × MFU (in the PaLM convention, 6N + 12·L·H·Q·T, which also counts attention: a config's own estimate is a few percent longer)."
        : BUDGET_FLOPS_NOTE,
  );
  notes.push(deepseekNote(flops));

  return {
    ok: true,
    report: {
      input: { ...input, gpu: acc.id, law: law.id, mfu, ...(input.price === undefined && acc.pricePerHour !== null ? { price: acc.pricePerHour } : {}) },
      budgetText,
      flops,
      derivation,
      law: { id: law.id, name: law.name, citation: law.citation, paramsKind: law.paramsKind, dataset: law.dataset, lossUnit: law.lossUnit },
      hardware: {
        gpu: acc.id,
        gpuName: acc.name,
        count: input.gpus,
        mfu,
        mfuSource,
        modelMfu,
        mfuBasis,
        peakTflops: peak.tflops,
        dtype: peak.dtype,
        pricePerHour: price,
        priceSource: input.price !== undefined ? 'given' : (acc.priceSource ?? null),
      },
      gpuHours,
      wallClockHours,
      costUsd,
      throughput: predicted
        ? {
            tokensPerSecPerGpu: predicted.tokensPerSecPerGpu,
            mfu: predicted.mfu,
            hfu: predicted.hfu,
            stepSeconds: predicted.stepSeconds,
            clusterEfficiency: efficiency,
            layout: layoutText(optimalRun!.fit.layout),
          }
        : null,
      optimal,
      alternatives,
      dataConstrained,
      criticalBatchTokens: answer.criticalBatchTokens,
      deepseek: { batchTokens: answer.deepseek.batchTokens, learningRate: answer.deepseek.learningRate, citation: answer.deepseek.citation },
      notes,
    },
  };
}

/** How the throughput model priced the budget, for people. */
function modelNote(run: PointRun, efficiency: number): string {
  const a = run.architecture;
  const t = run.fit.throughput!;
  return (
    `GPU time is priced with the throughput model (not one MFU per GPU generation): the compute-optimal model as a Llama-style ${a.layers} × ${a.dModel} on ${layoutText(run.fit.layout)} ` +
    `(the largest micro-batch that fits in 90% of the GPU's memory, recompute only if needed) runs at ${formatInteger(Math.round(t.tokensPerSecPerGpu))} tokens/s/GPU, ${formatPercent(t.mfu)} MFU, ${formatPercent(t.hfu)} HFU; ` +
    `whole-run GPU-hours divide step time by ${efficiency} for evaluation, checkpoints and restarts (Llama 3, arXiv 2407.21783 §3.3.4). Type an MFU to override the model.`
  );
}

/** Why the data-constrained point is the smallest model of a flat plateau. */
export function plateauNote(uniqueTokens: number, tolerance: number, fromFlops: number | null): string {
  return (
    `This budget is past what ${formatQuantity(uniqueTokens)} unique tokens allow (muennighoff-2023): ${fromFlops !== null ? `from about ${formatExponent(fromFlops)} FLOPs on, ` : ''}more compute lowers the loss by less than ${tolerance} nats, ` +
    `whatever the model size. The data-constrained point is the smallest model within ${tolerance} nats of the best loss; larger models on fewer epochs give the same loss.`
  );
}

/** Which C the DeepSeek batch and learning-rate laws were fed. */
export function deepseekNote(flops: number): string {
  return `DeepSeek batch / LR are fed C = ${formatExponent(flops, 2)}, this budget's FLOPs; DeepSeek LLM (§3.1) defines C = M·D with M = 72·n_layer·d² + 6·n_layer·d·l_seq (non-embedding, attention included), which differs from 6ND by the embedding and attention terms.`;
}

/** What kaplan-2020's answer is made of: Table 6's allocation, priced with Eq. 1.5 throughout. */
export function kaplanNote(flops: number, o: OptimalPoint): string {
  return (
    `kaplan-2020: N is non-embedding parameters. N_opt and D_opt are Table 6's separate fits (6·N_opt·D_opt = ${formatDecimals((o.params * o.tokens * 6) / flops, 2)} × the budget); ` +
    `every loss here, the optimum's included, is L(N, D) (Eq. 1.5, Table 2). Kaplan's own frontier fit L(C_min) (Eq. 1.3) gives ${formatDecimals(kaplanComputeEfficient(flops).loss, 4)} at this budget: a different fit, not compared.`
  );
}

/** Why a smaller alternative can show a lower loss than the "optimum" (kaplan-2020 at large budgets). */
export function lowerAlternativeNote(law: ScalingLaw, ids: readonly string[]): string {
  return (
    `Under ${law.id}'s L(N, D) the ${ids.join(', ')} size${ids.length > 1 ? 's' : ''} reach${ids.length > 1 ? '' : 'es'} a lower loss than the compute-optimal point for the same N·D: ` +
    `${law.id === 'kaplan-2020' ? "Table 6's allocation comes from the early-stopped L(N, S_min) frontier (§6), not from the minimum of Eq. 1.5" : 'its allocation is not the minimum of its loss'}; the negative differences are gains, not penalties.`
  );
}

/** The points a config can be written for: the optimum, the alternatives, the data-constrained one. */
export function budgetPoints(report: BudgetReport): BudgetOption[] {
  return [report.optimal, ...report.alternatives, ...(report.dataConstrained ? [report.dataConstrained] : [])];
}
