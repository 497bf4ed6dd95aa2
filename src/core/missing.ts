// What an estimate lacks for GPU-hours and cost, said precisely: "the training tokens are
// unknown" is a different fix from "no price per GPU-hour". Shared by the editor and the CLI.

import type { Estimate } from './estimate';

/** Why `e.costUsd` is null (the first missing input, then the price if it is missing too), or null when the cost is known. */
export function costUnknownReason(e: Estimate): string | null {
  if (e.costUsd !== null) return null;
  const missing: string[] = [];
  if (e.gpuHours === null) {
    if (e.tokens === null) missing.push('the training tokens are unknown');
    else if (e.params.total === null) missing.push('the parameter count is unknown');
    else if (e.hardware.peakTflops === null) missing.push(`the catalog has no ${e.hardware.precision.toUpperCase()} peak for ${e.hardware.gpu}`);
    else if (e.flops.total === null) missing.push('the training FLOPs are unknown');
  }
  if (e.hardware.pricePerHour === null) missing.push(`no price per GPU-hour for ${e.hardware.gpu}`);
  // GPU-hours known and a price known leave nothing missing: a non-finite product.
  return missing.length ? missing.join('; ') : 'the cost is not a finite number';
}
