// Axis ticks and tooltip values. Log axes label whole decades only, the way the field writes
// them: compute as 1e20, parameters and tokens as 100M, 1T. Formatting comes from src/format,
// the module every surface shares (import-free, so the bundle pulls in nothing of the core).

import type { AxisKind } from '../src/protocol';
import { formatDecimals, formatExponent, formatInteger, formatQuantity, formatSignificant } from '../src/format/index';

/** The exponent when `v` is a power of ten (within rounding), else null. */
export function decade(v: number): number | null {
  if (!(v > 0)) return null;
  const k = Math.round(Math.log10(v));
  return Math.abs(v / 10 ** k - 1) < 1e-6 ? k : null;
}

/** The powers of two from `min` to `max` (the micro-batch axis's ticks). */
export function powersOfTwo(min: number, max: number): number[] {
  const out: number[] = [];
  for (let v = 2 ** Math.ceil(Math.log2(Math.max(min, 1))); v <= max * (1 + 1e-9); v *= 2) out.push(v);
  return out;
}

/** A log axis tick: labelled at powers of ten, blank in between. */
export function logTick(kind: AxisKind, v: number): string {
  const k = decade(v);
  if (k === null) return '';
  switch (kind) {
    case 'flops':
      return `1e${k}`;
    case 'params':
    case 'tokens':
      return k >= 15 ? `1e${k}` : formatQuantity(10 ** k);
    default:
      return k < 0 ? formatSignificant(10 ** k, 1) : formatQuantity(10 ** k);
  }
}

/** A linear axis tick (losses). */
export function linearTick(kind: AxisKind, v: number, step: number): string {
  // A tick a rounding step away from zero is zero, not 5.6e-17.
  if (kind === 'loss') return formatDecimals(Math.abs(v) < step * 1e-6 ? 0 : v, step >= 0.5 ? 1 : 2);
  // GiB on the memory axis: whole numbers from a step of 1 GiB, else as many decimals as the step has.
  if (kind === 'memory') return formatDecimals(Math.abs(v) < step * 1e-6 ? 0 : v, step >= 1 ? 0 : step >= 0.1 ? 1 : 2);
  return formatQuantity(v);
}

/** A value in a tooltip: four significant digits, in the axis's own notation. */
export function valueText(kind: AxisKind, v: number): string {
  switch (kind) {
    case 'flops':
      return `${formatExponent(v, 3)} FLOPs`;
    case 'params':
      return `${formatQuantity(v, 4)} params`;
    case 'tokens':
      return `${formatQuantity(v, 4)} tokens`;
    case 'loss':
      return `loss ${formatDecimals(v, 4)}`;
    case 'ratio':
      return `${v < 10 ? formatDecimals(v, 2) : formatQuantity(v, 3)} tokens/param`;
    case 'microBatch':
      return `micro-batch ${formatInteger(v)}`;
    case 'memory':
      return `${v >= 10 ? formatDecimals(v, 1) : formatSignificant(v, 3)} GiB`;
  }
}
