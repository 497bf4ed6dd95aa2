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
