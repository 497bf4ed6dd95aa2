// What the budget calculator remembers between runs (globalState) and the defaults it starts
// from: remembered answers, else the scalingLens.* settings, else the catalog's defaults.

import type * as vscode from 'vscode';
import type { FrameworkId } from '../../configs/writers/index';
import type { BudgetInput, BudgetKind, ScalingLaw } from '../../core/index';
import type { Engine } from '../../host/engine';
import type { Settings } from '../../host/settings';

/** What the calculator's defaults need from the engine: the hardware catalog and the laws. */
export type CatalogEngine = Pick<Engine, 'DEFAULT_ACCELERATOR_ID' | 'DEFAULT_GPU_COUNT' | 'DEFAULT_LAW_ID' | 'DEFAULT_MFU' | 'findAccelerator' | 'findLaw'>;

/** Whether a saved framework id is one this version writes (the engine's findWriter). */
export type KnownFramework = (id: string) => boolean;

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

/**
 * A change to the remembered answers. A field set to undefined is forgotten: the merge in
 * `remember` overwrites the old value and the memento's JSON drops the key.
 */
export type RememberedUpdate = { readonly [K in keyof Remembered]?: Remembered[K] | undefined };

/** The examples of the issue: two weeks, $50k, 1e23 FLOPs. */
const EXAMPLE = { days: 14, usd: 50_000, flops: 1e23 };

const REMEMBERED_FIELDS: Readonly<Record<keyof Remembered, 'string' | 'number'>> = {
  kind: 'string',
  gpu: 'string',
  gpus: 'number',
  days: 'number',
  usd: 'number',
  flops: 'number',
  price: 'number',
  priceGpu: 'string',
  mfu: 'number',
  mfuGpu: 'string',
  law: 'string',
  uniqueTokens: 'number',
  framework: 'string',
};

/**
 * The remembered answers, as saved by this or an older version: a field of the wrong type (or a
 * kind or framework this version does not know) is dropped, so the question asks it afresh.
 */
export function parseRemembered(v: unknown, knownFramework: KnownFramework): Remembered {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return {};
  const r = v as Record<string, unknown>;
  const kept = Object.entries(REMEMBERED_FIELDS).filter(([k, type]) => typeof r[k] === type && (type === 'string' || Number.isFinite(r[k])));
  const out: Record<string, unknown> = Object.fromEntries(kept.map(([k]) => [k, r[k]]));
  if (out['kind'] !== undefined && !['gpu-time', 'dollars', 'flops'].includes(out['kind'] as string)) delete out['kind'];
  if (out['framework'] !== undefined && !knownFramework(out['framework'] as string)) delete out['framework'];
  return out;
}

export function loadRemembered(memento: vscode.Memento, knownFramework: KnownFramework): Remembered {
  return parseRemembered(memento.get<unknown>(STATE_KEY), knownFramework);
}

export async function remember(memento: vscode.Memento, knownFramework: KnownFramework, update: RememberedUpdate): Promise<void> {
  await memento.update(STATE_KEY, { ...loadRemembered(memento, knownFramework), ...update });
}

/** The state to remember for an answered budget. */
export function rememberedOf(engine: CatalogEngine, input: BudgetInput, defaults: { mfu: number | null; price: number | null }): RememberedUpdate {
  const gpu = engine.findAccelerator(input.gpu)?.id ?? input.gpu;
  return {
    kind: input.kind,
    gpu,
    gpus: input.gpus,
    ...(input.kind === 'gpu-time' ? { days: input.days } : input.kind === 'dollars' ? { usd: input.usd } : { flops: input.flops }),
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
    private readonly engine: CatalogEngine,
    /** Custom and fitted laws, selectable like the built-in ones. */
    private readonly extraLaws: readonly ScalingLaw[],
    private readonly r: Remembered,
    private readonly settings: Settings,
  ) {}

  get kind(): BudgetKind {
    return this.r.kind ?? 'gpu-time';
  }
  get gpu(): string {
    const id = this.r.gpu ?? this.settings.hardware.gpu ?? this.engine.DEFAULT_ACCELERATOR_ID;
    return this.engine.findAccelerator(id)?.id ?? this.engine.DEFAULT_ACCELERATOR_ID;
  }
  get gpus(): number {
    return this.r.gpus ?? this.settings.hardware.gpus ?? this.engine.DEFAULT_GPU_COUNT;
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
  /** An MFU override a GPU starts with: remembered for it, else the setting; undefined lets the throughput model predict. */
  mfu(gpu: string): number | undefined {
    if (this.r.mfu !== undefined && this.r.mfuGpu === gpu) return this.r.mfu;
    return this.settings.hardware.mfu;
  }
  price(gpu: string): number | null {
    if (this.r.price !== undefined && this.r.priceGpu === gpu) return this.r.price;
    return this.settings.hardware.price ?? this.engine.findAccelerator(gpu)?.pricePerHour ?? null;
  }
  get law(): string {
    const id = this.r.law ?? this.settings.law;
    return this.engine.findLaw(id, this.extraLaws) ? id : this.engine.DEFAULT_LAW_ID;
  }
  get uniqueTokens(): number | undefined {
    return this.r.uniqueTokens;
  }
  get framework(): FrameworkId {
    return this.r.framework ?? 'nanogpt';
  }
}

export function defaultMfu(engine: CatalogEngine, gpu: string): number {
  const acc = engine.findAccelerator(gpu);
  return acc ? engine.DEFAULT_MFU[acc.generation].mfu : 0.4;
}

/** A number as a person would type it: 64, 50000, 0.4, 1e23, 2.5e11. */
export function numberText(v: number | undefined | null): string {
  if (v === undefined || v === null || !Number.isFinite(v)) return '';
  if (Math.abs(v) >= 1e7) return v.toExponential().replace('e+', 'e');
  return String(Number(v.toPrecision(6)));
}
