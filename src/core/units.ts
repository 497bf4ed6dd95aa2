// Reading and writing the big numbers of this field: 1.4e12, 1.4T, 70B, 7M, 150_001.

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

const SCALES: ReadonlyArray<[number, string]> = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'K'],
];

/** 124439808 -> "124.4M", 2.99e11 -> "299.9B"; three significant digits, never exponent notation below 1e15. */
export function formatQuantity(v: number | null, digits = 3): string {
  if (v === null || !Number.isFinite(v)) return 'unknown';
  const a = Math.abs(v);
  if (a >= 1e15) return formatExponent(v, 2);
  for (const [scale, suffix] of SCALES) {
    if (a >= scale) return `${trimZeros((v / scale).toPrecision(digits))}${suffix}`;
  }
  return trimZeros(v.toPrecision(Math.max(digits, String(Math.round(a)).length)));
}

/** 7.29e20 style, as FLOPs are written. */
export function formatExponent(v: number | null, fractionDigits = 1): string {
  if (v === null || !Number.isFinite(v)) return 'unknown';
  return v.toExponential(fractionDigits).replace('e+', 'e');
}

/** 1234567 -> "1,234,567": exact counts are shown exactly. */
export function formatInteger(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return 'unknown';
  return Math.round(v).toLocaleString('en-US');
}

function trimZeros(s: string): string {
  return s.includes('.') && !s.includes('e') ? s.replace(/\.?0+$/, '') : s;
}
