// Durations and GPU time. Three different quantities that must never be confused:
// GPU-hours (accelerator-hours, summed over all GPUs), GPU-days (the same divided by 24, always
// labelled "GPU-days"), and wall-clock time ("4.2 days on 8 GPUs").

import { UNKNOWN, formatInteger, formatRough, formatScientific, formatSignificant } from './numbers';

const HOURS_PER_YEAR = 24 * 365.25;

const plural = (text: string, unit: string) => `${text} ${unit}${text === '1' ? '' : 's'}`;

/** Significant figures, but never fewer than the integer digits: 364 days stays 364, not 360. */
const figures = (v: number, digits: number) => Math.max(digits, Math.min(3, Math.floor(Math.log10(Math.max(1, Math.abs(v)))) + 1));

/** Written out below a million (12.5, 1,114), scientific beyond (1.8e38): no 262,000,000,000 years. */
const amount = (v: number, digits: number) => (Math.abs(v) < 1e6 ? formatSignificant(v, figures(v, digits)) : formatScientific(v, digits));

/** The value `amount` shows, as a number: the unit is chosen on it, so 59.99 minutes reads "1 hour". */
const shown = (v: number, digits: number) => Number(v.toPrecision(figures(v, digits)));

/**
 * A duration given in hours, in the unit that reads best: 0.48 seconds, 12 minutes, 3.5 hours
 * (below 48), 4.2 days (below a year), 28 years, 1.8e38 years. Two significant figures by
 * default (the time rests on an MFU guess), never fewer than the integer digits.
 */
export function formatDuration(hours: number | null | undefined, digits = 2): string {
  if (typeof hours !== 'number' || !Number.isFinite(hours)) return UNKNOWN;
  const a = Math.abs(hours);
  if (a === 0) return '0 hours';
  if (shown(a * 60, digits) < 1) return plural(amount(hours * 3600, digits), 'second');
  if (shown(a, digits) < 1) return plural(amount(hours * 60, digits), 'minute');
  if (shown(a, digits) < 48) return plural(amount(hours, digits), 'hour');
  if (shown(a / 24, digits) < 365.25) return plural(amount(hours / 24, digits), 'day');
  return plural(amount(hours / HOURS_PER_YEAR, digits), 'year');
}

/** A duration given in days, kept in days (a budget the user typed): 14 days, 2.5 days, 1 day; under a day in hours. */
export function formatDays(days: number | null | undefined, digits = 4): string {
  if (typeof days !== 'number' || !Number.isFinite(days)) return UNKNOWN;
  if (Math.abs(days) < 1) return formatDuration(days * 24, digits);
  return plural(amount(days, digits), 'day');
}

/**
 * "1,730 GPU-h", "0.0042 GPU-h", "1.23M GPU-h": the number of accelerator-hours, three figures
 * since it rests on an MFU guess. `exact` for hours the user's own inputs fix (64 GPUs × 14
 * days = 21,504 GPU-h): whole hours from 100 up.
 */
export function formatGpuHours(hours: number | null | undefined, exact = false): string {
  return `${formatGpuHourCount(hours, exact)} GPU-h`;
}

/** The number alone, as formatGpuHours writes it. */
export function formatGpuHourCount(hours: number | null | undefined, exact = false): string {
  return exact && typeof hours === 'number' && Math.abs(hours) >= 100 ? formatInteger(hours) : formatRough(hours);
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
