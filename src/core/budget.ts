// Budgets: GPUs × days, dollars or raw FLOPs -> compute -> the compute-optimal model, smaller
// over-trained alternatives, the data-constrained answer and batch/LR suggestions.

import { DEFAULT_MFU, peakFor, type Accelerator } from './hardware';
import { deepseekSuggestion, type DeepSeekSuggestion } from './laws/deepseek2024';
import { kaplanCriticalBatch, kaplanLoss } from './laws/kaplan2020';
import { dataConstrainedPlateauStart, muennighoff2023 } from './laws/muennighoff2023';
import type { OptimalPoint, ScalingLaw } from './laws/types';
import type { Precision } from './plan';
import { formatDays, formatDollars, formatGpuHours, formatInteger, formatPercent } from '../format/index';

export type BudgetSpec =
  | { readonly kind: 'flops'; readonly flops: number }
  | {
      readonly kind: 'gpu-time';
      readonly gpu: Accelerator;
      readonly count: number;
      readonly days: number;
      readonly mfu?: number;
      readonly precision?: Precision;
    }
  | {
      readonly kind: 'dollars';
      readonly usd: number;
      readonly gpu: Accelerator;
      readonly pricePerHour?: number;
      readonly mfu?: number;
      readonly precision?: Precision;
    };

export interface ResolvedBudget {
  readonly flops: number;
  readonly gpuHours: number | null;
  readonly mfu: number | null;
  /** How the FLOPs were obtained, for people. */
  readonly derivation: string;
}

/** Why a budget cannot be priced, or null. */
export function checkBudget(spec: BudgetSpec): string | null {
  const positive = (name: string, v: number | undefined) =>
    v === undefined || (Number.isFinite(v) && v > 0) ? null : `${name} must be greater than 0 (got ${v})`;
  switch (spec.kind) {
    case 'flops':
      return positive('FLOPs', spec.flops);
    case 'gpu-time':
      if (!Number.isInteger(spec.count) || spec.count < 1) return `the GPU count must be a whole number ≥ 1 (got ${spec.count})`;
      return positive('days', spec.days) ?? mfuProblem(spec.mfu);
    case 'dollars':
      if (spec.pricePerHour === undefined && spec.gpu.pricePerHour === null) return `no default price for ${spec.gpu.id}: give a price per GPU-hour`;
      return positive('dollars', spec.usd) ?? positive('price per GPU-hour', spec.pricePerHour) ?? mfuProblem(spec.mfu);
  }
}

function mfuProblem(mfu: number | undefined): string | null {
  return mfu === undefined || (mfu > 0 && mfu <= 1) ? null : `MFU must be in (0, 1] (got ${mfu})`;
}

/**
 * Compute a budget buys: hours × 3600 × dense peak × MFU, i.e. model FLOPs in the convention the
 * MFU was measured in (the defaults: PaLM's 6N + 12·L·H·Q·T). The laws read them as their
 * C = 6ND; see BUDGET_FLOPS_NOTE. Check the spec first with checkBudget.
 */
export function resolveBudget(spec: BudgetSpec): ResolvedBudget {
  if (spec.kind === 'flops') return { flops: spec.flops, gpuHours: null, mfu: null, derivation: 'FLOPs given' };
  const precision = spec.precision ?? 'bf16';
  const peak = peakFor(spec.gpu, precision);
  if (!peak) throw new RangeError(`no ${precision} peak for ${spec.gpu.id}`);
  const mfu = spec.mfu ?? DEFAULT_MFU[spec.gpu.generation].mfu;
  const gpuHours = spec.kind === 'gpu-time' ? spec.count * spec.days * 24 : spec.usd / (spec.pricePerHour ?? spec.gpu.pricePerHour!);
  const flops = gpuHours * 3600 * peak.tflops * 1e12 * mfu;
  const hoursText =
    spec.kind === 'gpu-time'
      ? `${formatInteger(spec.count)} × ${spec.gpu.id} × ${formatDays(spec.days)}`
      : `${formatDollars(spec.usd)} at ${formatDollars(spec.pricePerHour ?? spec.gpu.pricePerHour)}/GPU-h on ${spec.gpu.id}`;
  return {
    flops,
    gpuHours,
    mfu,
    derivation: `${hoursText} = ${formatGpuHours(gpuHours, true)} × ${peak.tflops} TFLOPS (${peak.dtype}) × ${formatPercent(mfu)} MFU`,
  };
}

/** What the FLOPs of a budget are, for every answer that prints them. */
export const BUDGET_FLOPS_NOTE =
  "Budget FLOPs: GPU time × dense peak × MFU gives model FLOPs in the MFU's convention (the default MFUs: PaLM, 6N + 12·L·H·Q·T); the law reads them as its C = 6ND, which leaves out the attention term (a few percent at 2K context, more at long context), so the model it names would take that much longer.";

export interface Alternative {
  /** Fraction of the compute-optimal size. */
  readonly fraction: number;
  readonly params: number;
  readonly tokens: number;
  readonly loss: number;
  /** Loss above the compute-optimal loss. */
  readonly penalty: number;
}

/**
 * The same compute spent on smaller models trained longer (Sardana & Frankle 2024's trade):
 * N·D is kept at the optimum's, and the penalty is L(N, D) minus the optimum's loss, which
 * every law reports from the same L(N, D) (kaplan-2020 included: see its `optimal`). For the
 * Chinchilla-family laws the optimum minimises L(N, D) at N·D = C/6, so penalties are ≥ 0.
 * Kaplan's Table 6 allocation is not the minimum of its own Eq. 1.5 (it comes from the
 * early-stopped L(N, S_min) frontier, §6), so there a smaller model can come out lower: the
 * penalty is then negative, and callers must say so rather than print it as a cost.
 */
export function overtrainedAlternatives(law: ScalingLaw, optimal: OptimalPoint, fractions: readonly number[] = [1 / 2, 1 / 4, 1 / 8]): Alternative[] {
  const baseline = optimal.loss;
  return fractions.map((fraction) => {
    const params = optimal.params * fraction;
    const tokens = optimal.tokens / fraction;
    const loss = law.predict(params, tokens);
    return { fraction, params, tokens, loss, penalty: loss - baseline };
  });
}

export interface BudgetAnswer {
  readonly budget: ResolvedBudget;
  readonly law: ScalingLaw;
  readonly optimal: OptimalPoint;
  readonly alternatives: readonly Alternative[];
  /** With a unique-token limit: Muennighoff's allocation (epochs over the unique data). */
  readonly dataConstrained: (OptimalPoint & { readonly uniqueTokens: number; readonly repetitionCost: number; readonly plateauFromFlops?: number }) | null;
  /** Kaplan's critical batch at the optimum's predicted Kaplan loss. */
  readonly criticalBatchTokens: number;
  readonly deepseek: DeepSeekSuggestion;
}

export function answerBudget(spec: BudgetSpec, law: ScalingLaw, uniqueTokens?: number): BudgetAnswer {
  const budget = resolveBudget(spec);
  const optimal = law.optimal(budget.flops);
  let dataConstrained: BudgetAnswer['dataConstrained'] = null;
  if (uniqueTokens !== undefined) {
    const constrained = muennighoff2023.optimal(budget.flops, { uniqueTokens });
    const free = muennighoff2023.optimal(budget.flops);
    dataConstrained = {
      ...constrained,
      uniqueTokens,
      repetitionCost: constrained.loss - free.loss,
      ...(constrained.plateau ? { plateauFromFlops: dataConstrainedPlateauStart(uniqueTokens) } : {}),
    };
  }
  return {
    budget,
    law,
    optimal,
    alternatives: overtrainedAlternatives(law, optimal),
    dataConstrained,
    // Kaplan's N is non-embedding; the optimum's total stands in for it here (a small overestimate of N).
    criticalBatchTokens: kaplanCriticalBatch(kaplanLoss(optimal.params, optimal.tokens)),
    deepseek: deepseekSuggestion(budget.flops),
  };
}
