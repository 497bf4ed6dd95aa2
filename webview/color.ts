// Colour arithmetic on theme colours (#rgb, #rrggbb, #rrggbbaa, rgb(), rgba()). No DOM: unit-tested.

/** Parses #rgb, #rrggbb, #rrggbbaa and rgb()/rgba() into [r, g, b, a]; null otherwise. */
export function parseColor(color: string): [number, number, number, number] | null {
  const c = color.trim();
  const hex = /^#([0-9a-f]{3,8})$/i.exec(c)?.[1];
  if (hex) {
    const full = hex.length <= 4 ? [...hex].map((h) => h + h).join('') : hex;
    if (full.length !== 6 && full.length !== 8) return null;
    const n = (i: number) => parseInt(full.slice(i, i + 2), 16);
    return [n(0), n(2), n(4), full.length === 8 ? n(6) / 255 : 1];
  }
  const rgb = /^rgba?\(([^)]+)\)$/i.exec(c)?.[1];
  if (rgb) {
    const parts = rgb
      .split(/[\s,/]+/)
      .filter(Boolean)
      .map(Number);
    if (parts.length < 3 || parts.some((p) => !Number.isFinite(p))) return null;
    return [parts[0]!, parts[1]!, parts[2]!, parts[3] ?? 1];
  }
  return null;
}

/** The colour with its alpha multiplied by `alpha` (as rgba), or unchanged if unparsable. */
export function withAlpha(color: string, alpha: number): string {
  const p = parseColor(color);
  return p ? `rgba(${p[0]}, ${p[1]}, ${p[2]}, ${+(p[3] * alpha).toFixed(3)})` : color;
}

/**
 * The colour at full opacity: some themes define chart colours as translucent tints (Dark
 * Modern's charts.orange is rgba(234, 92, 0, 0.33)), which would draw lines and marks faded.
 */
export function opaque(color: string): string {
  const p = parseColor(color);
  return p ? `rgb(${p[0]}, ${p[1]}, ${p[2]})` : color;
}
