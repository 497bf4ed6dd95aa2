// The throughput model's view of the run's resolved layout (core/runLayout.ts, shared with the
// memory model): the same values, plus whether the GEMMs run in FP8, and only the assumptions
// that change the step time.

import type { LayoutAssumption, RunLayout, RunLayoutInput } from '../runLayout';
import { resolveRunLayout } from '../runLayout';

export type ThroughputAssumption = LayoutAssumption;

export interface Layout extends RunLayout {
  /** The GEMMs run in FP8 (FP8 precision or a stated FP8/MXFP8 recipe). */
  readonly fp8: boolean;
}

export interface LayoutInput extends RunLayoutInput {
  readonly fp8: boolean;
}

/** Resolved values the step time does not depend on (memory-only): left out of the throughput assumptions. */
const MEMORY_ONLY: ReadonlySet<string> = new Set(['optimizer', 'offload', 'chunkedLoss']);

export function resolveLayout(input: LayoutInput): { readonly layout: Layout; readonly assumptions: readonly ThroughputAssumption[] } {
  const { layout, assumptions } = resolveRunLayout(input);
  const fp8 = input.fp8 || (layout.lowPrecision !== null && layout.lowPrecision !== 'nvfp4');
  return { layout: { ...layout, fp8 }, assumptions: assumptions.filter((a) => !MEMORY_ONLY.has(a.field)) };
}
