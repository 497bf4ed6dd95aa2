// What the budget calculator remembers between runs (globalState) and the defaults it starts
// from: remembered answers, else the scalingLens.* settings, else the catalog's defaults.

import type * as vscode from 'vscode';
import type { FrameworkId } from '../../configs/writers/index';
import { DEFAULT_ACCELERATOR_ID, DEFAULT_GPU_COUNT, DEFAULT_LAW_ID, DEFAULT_MFU, findAccelerator, findLaw, type BudgetInput, type BudgetKind, type ScalingLaw } from '../../core/index';
import type { Settings } from '../../host/settings';

export const STATE_KEY = 'scalingLens.budgetCalculator.last';

/** The last answers. MFU and price are remembered with the GPU they were typed for. */
export interface Remembered {
  readonly kind?: BudgetKind;
  readonly gpu?: string;
  readonly gpus?: number;
  readonly days?: number;
  readonly usd?: number;
  readonly flops?: number;
  readonly price?: number;
  readonly priceGpu?: string;
  readonly mfu?: number;
  readonly mfuGpu?: string;
  readonly law?: string;
  readonly uniqueTokens?: number;
  readonly framework?: FrameworkId;
}

/** The examples of the issue: two weeks, $50k, 1e23 FLOPs. */
const EXAMPLE = { days: 14, usd: 50_000, flops: 1e23 };

export function loadRemembered(memento: vscode.Memento): Remembered {
  const v = memento.get<Remembered>(STATE_KEY);
  return v && typeof v === 'object' ? v : {};
}

export async function remember(memento: vscode.Memento, update: Remembered): Promise<void> {
  await memento.update(STATE_KEY, { ...loadRemembered(memento), ...update });
}

/** The state to remember for an answered budget. */
export function rememberedOf(input: BudgetInput, defaults: { mfu: number; price: number | null }): Remembered {
  const gpu = findAccelerator(input.gpu)?.id ?? input.gpu;
  return {
    kind: input.kind,
    gpu,
    gpus: input.gpus,
    ...(input.days !== undefined ? { days: input.days } : {}),
    ...(input.usd !== undefined ? { usd: input.usd } : {}),
    ...(input.flops !== undefined ? { flops: input.flops } : {}),
    // A value equal to the default is not remembered: it follows the GPU next time.
    ...(input.price !== undefined && input.price !== defaults.price ? { price: input.price, priceGpu: gpu } : { price: undefined, priceGpu: undefined }),
    ...(input.mfu !== undefined && input.mfu !== defaults.mfu ? { mfu: input.mfu, mfuGpu: gpu } : { mfu: undefined, mfuGpu: undefined }),
    ...(input.law !== undefined ? { law: input.law } : {}),
    uniqueTokens: input.uniqueTokens,
  };
}

/** Starting values of every question: remembered > settings > built-in. */
export class Defaults {
  constructor(
    /** Custom and fitted laws, selectable like the built-in ones. */
    private readonly extraLaws: readonly ScalingLaw[],
    private readonly r: Remembered,
    private readonly settings: Settings,
  ) {}

  get kind(): BudgetKind {
    return this.r.kind ?? 'gpu-time';
  }
  get gpu(): string {
    const id = this.r.gpu ?? this.settings.hardware.gpu ?? DEFAULT_ACCELERATOR_ID;
    return findAccelerator(id)?.id ?? DEFAULT_ACCELERATOR_ID;
  }
  get gpus(): number {
    return this.r.gpus ?? this.settings.hardware.gpus ?? DEFAULT_GPU_COUNT;
  }
  get days(): number {
    return this.r.days ?? EXAMPLE.days;
  }
  get usd(): number {
    return this.r.usd ?? EXAMPLE.usd;
  }
  get flops(): number {
    return this.r.flops ?? EXAMPLE.flops;
  }
  /** The MFU a GPU starts with: remembered for it, else the setting, else its generation's default. */
  mfu(gpu: string): number {
    if (this.r.mfu !== undefined && this.r.mfuGpu === gpu) return this.r.mfu;
    return this.settings.hardware.mfu ?? defaultMfu(gpu);
  }
  price(gpu: string): number | null {
    if (this.r.price !== undefined && this.r.priceGpu === gpu) return this.r.price;
    return this.settings.hardware.price ?? findAccelerator(gpu)?.pricePerHour ?? null;
  }
  get law(): string {
    const id = this.r.law ?? this.settings.law;
    return findLaw(id, this.extraLaws) ? id : DEFAULT_LAW_ID;
  }
  get uniqueTokens(): number | undefined {
    return this.r.uniqueTokens;
  }
  get framework(): FrameworkId {
    return this.r.framework ?? 'nanogpt';
  }
}

export function defaultMfu(gpu: string): number {
  const acc = findAccelerator(gpu);
  return acc ? DEFAULT_MFU[acc.generation].mfu : 0.4;
}

/** A number as a person would type it: 64, 50000, 0.4, 1e23, 2.5e11. */
export function numberText(v: number | undefined | null): string {
  if (v === undefined || v === null || !Number.isFinite(v)) return '';
  if (Math.abs(v) >= 1e7) return v.toExponential().replace('e+', 'e');
  return String(Number(v.toPrecision(6)));
}
