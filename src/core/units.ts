// Reading the big numbers of this field: 1.4e12, 1.4T, 70B, 7M, 150_001.

const SUFFIX: Readonly<Record<string, number>> = { k: 1e3, K: 1e3, m: 1e6, M: 1e6, b: 1e9, B: 1e9, g: 1e9, G: 1e9, t: 1e12, T: 1e12 };

/**
 * Parses `1.4e12`, `1.4T`, `70B`, `7M`, `2k`, `150_001`, `1,000,000`. Returns null for anything
 * else (including empty strings, NaN and infinities), so callers can say what was wrong.
 */
export function parseQuantity(text: string): number | null {
  const s = text.trim().replace(/(?<=\d)[_,](?=\d)/g, '');
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([kKmMbBgGtT]?)$/.exec(s);
  if (!m) return null;
  const base = Number(m[1]);
  const scale = m[2] ? SUFFIX[m[2]]! : 1;
  const v = base * scale;
  return Number.isFinite(v) ? v : null;
}

/**
 * A share in (0, 1]: `0.45` or `45%`; with `bareAboveOne` 'percent', a bare `45` too (the
 * directive's and the calculator's reading); with 'reject', a bare number above 1 is refused
 * (the CLI's). Null when it is not a number or falls outside (0, 1].
 */
export function parseFraction(text: string, bareAboveOne: 'percent' | 'reject'): number | null {
  const s = text.trim();
  const pct = s.endsWith('%');
  const v = parseQuantity(pct ? s.slice(0, -1) : s);
  if (v === null) return null;
  const frac = pct || (bareAboveOne === 'percent' && v > 1) ? v / 100 : v;
  return frac > 0 && frac <= 1 ? frac : null;
}

// Writing them: one module for every surface (CLI, editor, webview), see src/format/.
export {
  formatDecimals,
  formatDollars,
  formatDollarsShort,
  formatDuration,
  formatDays,
  formatExponent,
  formatGpuHourCount,
  formatGpuHours,
  formatGpuTime,
  formatInteger,
  formatPercent,
  formatQuantity,
  formatRough,
  formatScientific,
  formatSignificant,
  formatWallClock,
} from '../format/index';
