// Human-readable output: aligned two-column tables, numbers written as people in the field
// write them (src/format, shared with the editor and the webview), with the exact integer
// where it is exact.

import {
  formatDecimals,
  formatDollars,
  formatExponent,
  formatGpuTime,
  formatInteger,
  formatPercent,
  formatQuantity,
  formatRough,
  formatWallClock,
} from '../format/index';

export function table(rows: ReadonlyArray<readonly [string, string]>, indent = ''): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${indent}${k.padEnd(width)}  ${v}`).join('\n');
}

export const count = (v: number | null) => (v === null ? 'unknown' : `${formatQuantity(v)} (${formatInteger(v)})`);
export const qty = (v: number | null) => formatQuantity(v);
export const flops = (v: number | null) => (v === null ? 'unknown' : `${formatExponent(v, 2)} FLOPs`);
/** Accelerator-hours summed over all GPUs: "26,800 GPU-h (1,110 GPU-days)". */
export const gpuHours = (v: number | null) => formatGpuTime(v);
/** Elapsed time: "140 days on 8 GPUs". */
export const wallClock = (hours: number | null, gpus: number) => (hours === null ? 'unknown' : formatWallClock(hours, gpus));
/** Costs that rest on an MFU guess: three figures from $100 up ($103,000), as the editor shows them. */
export const dollars = (v: number | null) => formatDollars(v, 3);
export const loss = (v: number | null) => formatDecimals(v, 4);
/** Differences of losses and epochs: fixed decimals, never 0.0000 for a nonzero value. */
export const decimals = (v: number | null, n: number) => formatDecimals(v, n);
/** Tokens per parameter and other ratios that rest on estimates: 20.1, 0.0213, 1,400. */
export const ratio = (v: number | null) => formatRough(v);
export const percent = (v: number) => formatPercent(v);

/** JSON with nothing non-finite: unknown numbers are null (JSON.stringify would write null for NaN silently). */
export function json(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2);
}
