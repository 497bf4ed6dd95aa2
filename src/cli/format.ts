// Human-readable output: aligned two-column tables, numbers written as people in the field
// write them, with the exact integer where it is exact.

import { formatExponent, formatInteger, formatQuantity } from '../core/index';

export function table(rows: ReadonlyArray<readonly [string, string]>, indent = ''): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${indent}${k.padEnd(width)}  ${v}`).join('\n');
}

export const count = (v: number | null) => (v === null ? 'unknown' : `${formatQuantity(v)} (${formatInteger(v)})`);
export const qty = (v: number | null) => formatQuantity(v);
export const flops = (v: number | null) => (v === null ? 'unknown' : `${formatExponent(v, 2)} FLOPs`);
export const hours = (v: number | null) => (v === null ? 'unknown' : v >= 48 ? `${formatQuantity(v)} h (${(v / 24).toFixed(1)} days)` : `${v.toPrecision(3)} h`);
export const dollars = (v: number | null) => (v === null ? 'unknown' : `$${v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(2)}`);
export const loss = (v: number | null) => (v === null ? 'unknown' : v.toFixed(4));
export const percent = (v: number) => `${(v * 100).toFixed(v * 100 < 10 ? 1 : 0)}%`;

/** JSON with nothing non-finite: unknown numbers are null (JSON.stringify would write null for NaN silently). */
export function json(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2);
}
