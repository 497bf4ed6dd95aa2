// Coercing config values by what the key means: YAML 1.2 reads `150_001` as a string and
// PyYAML reads `4e-4` as one; frameworks coerce by schema, and so do we (docs/configs.md#numbers-in-yaml).

/**
 * `table[key]` for a key that comes from a file: only the table's own entries, so
 * `model_type: constructor` or `__proto__` finds nothing instead of Object's prototype.
 */
export function ownEntry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** A finite number from a number or a numeric-looking string (`150_001`, `4e-4`, `3.e-5`); else null. */
export function coerceNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'bigint') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  if (typeof v !== 'string') return null;
  const s = v.trim().replace(/(?<=\d)_(?=\d)/g, '');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** YAML 1.1 booleans too (`yes`, `on`), as PyYAML reads them. */
export function coerceBool(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v !== 'string') return null;
  const s = v.trim().toLowerCase();
  if (['true', 'yes', 'on', 'y', '1'].includes(s)) return true;
  if (['false', 'no', 'off', 'n', '0', 'none', 'null', ''].includes(s)) return false;
  return null;
}
