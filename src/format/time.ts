// Durations and GPU time. Three different quantities that must never be confused:
// GPU-hours (accelerator-hours, summed over all GPUs), GPU-days (the same divided by 24, always
// labelled "GPU-days"), and wall-clock time ("4.2 days on 8 GPUs").

import { UNKNOWN, formatInteger, formatRough, formatScientific, formatSignificant } from './numbers';

const HOURS_PER_YEAR = 24 * 365.25;

const plural = (text: string, unit: string) => `${text} ${unit}${text === '1' ? '' : 's'}`;

/** Written out below a million (12.5, 1,114), scientific beyond (1.8e38): no 262,000,000,000 years. */
const amount = (v: number, digits: number) => (Math.abs(v) < 1e6 ? formatSignificant(v, digits) : formatScientific(v, digits));

/**
 * A duration given in hours, in the unit that reads best: 42 seconds, 12.5 minutes, 3.5 hours
 * (below 48), 4.17 days (below a year), 28 years, 1.8e38 years. `digits` significant figures.
 */
export function formatDuration(hours: number | null | undefined, digits = 3): string {
  if (typeof hours !== 'number' || !Number.isFinite(hours)) return UNKNOWN;
  const a = Math.abs(hours);
  // The unit is chosen on the rounded value, so 59.99 minutes reads "1 hour", not "60 minutes".
  const r = (v: number) => Number(v.toPrecision(digits));
  if (a === 0) return '0 hours';
  if (r(a * 60) < 1) return plural(formatSignificant(hours * 3600, digits), 'second');
  if (r(a) < 1) return plural(formatSignificant(hours * 60, digits), 'minute');
  if (r(a) < 48) return plural(formatSignificant(hours, digits), 'hour');
  if (r(a / 24) < 365.25) return plural(formatSignificant(hours / 24, digits), 'day');
  return plural(amount(hours / HOURS_PER_YEAR, digits), 'year');
}

/** A duration given in days, kept in days (a budget the user typed): 14 days, 2.5 days, 1 day; under a day in hours. */
export function formatDays(days: number | null | undefined, digits = 4): string {
  if (typeof days !== 'number' || !Number.isFinite(days)) return UNKNOWN;
  if (Math.abs(days) < 1) return formatDuration(days * 24, digits);
  return plural(amount(days, digits), 'day');
}

/** "1,730 GPU-h", "0.0042 GPU-h", "1.23M GPU-h": the number of accelerator-hours. */
export function formatGpuHours(hours: number | null | undefined): string {
  return `${formatRough(hours)} GPU-h`;
}

/** "26,800 GPU-h (1,120 GPU-days)": GPU-days named as such, from two days up. */
export function formatGpuTime(hours: number | null | undefined): string {
  if (typeof hours !== 'number' || !Number.isFinite(hours)) return UNKNOWN;
  return hours >= 48 ? `${formatGpuHours(hours)} (${formatRough(hours / 24)} GPU-days)` : formatGpuHours(hours);
}

/** Wall-clock time on `gpus` accelerators: "4.17 days on 8 GPUs", "3.5 hours on 1 GPU". */
export function formatWallClock(hours: number | null | undefined, gpus: number): string {
  return `${formatDuration(hours)} on ${formatInteger(gpus)} GPU${gpus === 1 ? '' : 's'}`;
}
