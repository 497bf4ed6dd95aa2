// Numbers as people in this field write them, in one place: 124.4M parameters, 7.3e20 FLOPs,
// 1,730 GPU-h, $3.47K. Pure and import-free, so the CLI, the editor, the core's messages and
// the webview bundle all print a number the same way.
//
// Rules every function here keeps (test/unit/format.test.ts checks them on random inputs):
// - a number that is not finite prints as "unknown", never "NaN" or "Infinity";
// - significant figures, not fixed decimals, so a small positive value never prints as 0.0;
// - beyond the K/M/B/T suffixes, scientific notation written 1.8e41 (no "e+");
// - bounded length: no 40-digit figure, whatever the input.

export const UNKNOWN = 'unknown';

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** `v` rounded to `digits` significant figures (0 stays 0). */
function round(v: number, digits: number): number {
  if (v === 0) return 0;
  const r = Number(v.toPrecision(digits));
  // 1.7976931348623157e308 rounds up past the largest double: keep it as it is.
  return Number.isFinite(r) ? r : v;
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** 1234567 -> "1,234,567" for the integer part of a plain decimal string. */
function group(s: string): string {
  const [int, frac] = s.split('.');
  const sign = int!.startsWith('-') ? '-' : '';
  const digits = sign ? int!.slice(1) : int!;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${grouped}${frac !== undefined ? `.${frac}` : ''}`;
}

/** 7.29e20 style, as FLOPs are written: `fractionDigits` digits after the point, no "e+". */
export function formatExponent(v: number | null | undefined, fractionDigits = 1): string {
  if (!finite(v)) return UNKNOWN;
  return v.toExponential(fractionDigits).replace('e+', 'e');
}

/** Scientific with `digits` significant figures and trailing zeros dropped: 1.8e41, 4.2e-5, 1e20. */
export function formatScientific(v: number | null | undefined, digits = 3): string {
  if (!finite(v)) return UNKNOWN;
  return scientific(v, digits);
}

function scientific(v: number, digits: number): string {
  const [m, e] = v.toExponential(Math.max(0, digits - 1)).split('e');
  return `${trimZeros(m!)}e${e!.replace('+', '')}`;
}

export interface SignificantOptions {
  /** Keep trailing zeros (16.00 rather than 16): for tables whose columns line up. */
  readonly keepZeros?: boolean;
  /** No thousands separators (2143, not 2,143): for constants inside a formula. */
  readonly plain?: boolean;
}

/**
 * `digits` significant figures, written out with thousands separators between 0.0001 and 1e15
 * (0.0042, 3.5, 1,730, 92,200), scientific outside (4.2e-5, 1.8e41).
 */
export function formatSignificant(v: number | null | undefined, digits = 3, o: SignificantOptions = {}): string {
  if (!finite(v)) return UNKNOWN;
  const r = round(v, digits);
  if (r === 0) return '0';
  const a = Math.abs(r);
  if (a >= 1e15 || a < 1e-4) return scientific(r, digits);
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(a)));
  const s = r.toFixed(Math.min(decimals, 20));
  const t = o.keepZeros ? s : trimZeros(s);
  return o.plain ? t : group(t);
}

const SCALES: ReadonlyArray<readonly [number, string]> = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'K'],
];

/**
 * 124439808 -> "124M" (digits 3) or "124.4M" (digits 4), 2.99e11 -> "299B", 0.5 -> "0.5";
 * `digits` significant figures, K/M/B/T from a thousand, scientific from 1e15 (with
 * `digits - 1` decimals, as FLOP budgets are written: 1.00e15).
 */
export function formatQuantity(v: number | null | undefined, digits = 3, o: SignificantOptions = {}): string {
  if (!finite(v)) return UNKNOWN;
  const r = round(v, digits);
  const a = Math.abs(r);
  if (a >= 1e15) return formatExponent(r, Math.max(0, digits - 1));
  for (const [scale, suffix] of SCALES) {
    if (a >= scale) {
      const s = (r / scale).toPrecision(digits);
      return `${o.keepZeros ? s : trimZeros(s)}${suffix}`;
    }
  }
  // Below a thousand: at least the integer digits (999.4 -> "999", not "1.00e3").
  return formatSignificant(r, Math.max(digits, String(Math.round(a)).length), o);
}

/**
 * 1234567 -> "1,234,567": exact counts are shown exactly. Past 1e18 (where doubles stop being
 * exact integers anyway) scientific with four figures, so no figure runs to 40 digits.
 */
export function formatInteger(v: number | null | undefined): string {
  if (!finite(v)) return UNKNOWN;
  const r = Math.round(v);
  if (Math.abs(r) >= 1e18) return scientific(r, 4);
  return group(String(r === 0 ? 0 : r));
}

/**
 * A figure that rests on estimates (GPU-hours, tokens per parameter): three significant
 * figures written out below a million (0.0042, 3.5, 41, 1,730, 92,200), suffixed above
 * (1.23M, 4.5B), scientific past 1e15.
 */
export function formatRough(v: number | null | undefined, digits = 3): string {
  if (!finite(v)) return UNKNOWN;
  return Math.abs(round(v, digits)) < 1e6 ? formatSignificant(v, digits) : formatQuantity(v, digits);
}

/**
 * Fixed decimals where they read best (a loss of 2.4413, a penalty of +0.012), but a nonzero
 * value too small for them keeps two significant figures instead of printing 0.0000.
 */
export function formatDecimals(v: number | null | undefined, decimals: number): string {
  if (!finite(v)) return UNKNOWN;
  if (v !== 0 && Math.abs(v) < 0.5 * 10 ** -decimals) return formatSignificant(v, 2);
  if (Math.abs(v) >= 1e15) return scientific(v, 4);
  return v.toFixed(decimals);
}

/** 0.4 -> "40%", 0.045 -> "4.5%", 0.0012 -> "0.12%": two significant figures below 10%. */
export function formatPercent(fraction: number | null | undefined): string {
  if (!finite(fraction)) return UNKNOWN;
  const p = fraction * 100;
  if (Math.abs(p) >= 1e15) {
    // Scientific, with the factor 100 added to the exponent (fraction × 100 may overflow).
    const [m, e] = scientific(fraction, 2).split('e');
    return `${m}e${Number(e) + 2}%`;
  }
  return `${Math.abs(p) < 10 ? formatSignificant(p, 2) : formatRough(Math.round(p), 3)}%`;
}

function withSign(v: number, body: (a: number) => string): string {
  return v < 0 ? `−${body(-v)}` : body(v);
}

/**
 * Dollars: cents below $100 ($0.42, $72.35), whole dollars below a million ($1,730, $92,150),
 * then $1.23M, $4.5B, $1.2T, and scientific past that. Under a cent: two significant figures.
 * With `digits`, an estimate from $100 up is rounded to that many figures ($92,200).
 */
export function formatDollars(v: number | null | undefined, digits?: number): string {
  if (!finite(v)) return UNKNOWN;
  return withSign(v, (a) => {
    if (a === 0) return '$0';
    if (a < 0.01) return `$${formatSignificant(a, 2)}`;
    if (a < 100) return `$${a.toFixed(2)}`;
    if (Math.round(a) < 1e6) return `$${digits === undefined ? formatInteger(a) : formatSignificant(a, Math.max(digits, 1))}`;
    return `$${formatQuantity(a, 3)}`;
  });
}

/** Dollars for a one-line hint: $3.47, $72, $3.47K, $1.2M. */
export function formatDollarsShort(v: number | null | undefined): string {
  if (!finite(v)) return UNKNOWN;
  return withSign(v, (a) => {
    if (a < 10) return formatDollars(a);
    if (Math.round(a) < 1000) return `$${Math.round(a)}`;
    return `$${formatQuantity(a, 3)}`;
  });
}

/** `157K tok/s/GPU`: training throughput per GPU, three significant figures (the editor's summary and the curve panel). */
export function formatTokensPerSec(tps: number | null | undefined): string {
  if (!finite(tps)) return UNKNOWN;
  return `${formatQuantity(tps, 3)} tok/s/GPU`;
}

/** A part of a whole as a percentage: 0.52%, 0.0062%, 100% (two significant figures below 10%, never an exponent). */
export function formatShare(part: number, whole: number): string {
  const pct = (100 * part) / whole;
  return `${pct >= 10 ? pct.toFixed(0) : pct.toPrecision(2)}%`;
}
