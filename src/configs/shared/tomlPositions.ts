// Where each key of a TOML file stands. smol-toml gives values but no positions, so this light
// line scanner finds `[table]` headers and `key = value` lines and records them by full dotted
// path (`training.steps` and `validation.steps` are different keys). Values still come from
// the real parser; this only says which line a hint belongs on.

import type { SourceRange } from '../../core/plan';

export interface TomlKeyPosition {
  /** `key = value` (first line only for multi-line values), or the `[table]` header. */
  readonly range: SourceRange;
  /** The value alone (first line only). */
  readonly valueRange: SourceRange;
}

/** Splits a dotted key, honouring quotes: `a."b.c".d` -> [a, b.c, d]. */
function splitKey(raw: string): string[] {
  // Bare keys (the usual case) need no quote handling.
  if (!raw.includes('"') && !raw.includes("'")) return raw.includes('.') ? raw.split('.').map((p) => p.trim()) : [raw.trim()];
  const parts: string[] = [];
  let cur = '';
  let quote: string | null = null;
  for (const ch of raw) {
    if (quote) {
      if (ch === quote) quote = null;
      else cur += ch;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '.') {
      parts.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  parts.push(cur.trim());
  return parts;
}

/** Index of the first `#` outside a string, or the line length. */
function commentStart(line: string): number {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#') return i;
  }
  return line.length;
}

/** Net bracket depth change of a value fragment, ignoring brackets inside strings. */
function bracketDelta(s: string): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') depth--;
  }
  return depth;
}

/** Index of the first `ch` outside a quoted string, or -1. */
function indexOutsideQuotes(s: string, ch: string): number {
  let quote: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ch) return i;
  }
  return -1;
}

const KEY_CHAR = /[A-Za-z0-9_\-. \t]/;

/** A TOML key: bare parts (A-Z a-z 0-9 _ -), quoted parts, dots and blanks between them. */
function isKey(raw: string): boolean {
  if (raw.trim() === '') return false;
  let quote: string | null = null;
  for (const c of raw) {
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (!KEY_CHAR.test(c)) return false;
  }
  return quote === null;
}

/**
 * Positions of every table header and key in `text`, by full dotted path. Lines inside
 * multi-line strings and arrays are skipped; the first occurrence of a path wins (TOML forbids
 * duplicates, and the parser reports them). Linear in the text: no backtracking regexes.
 */
export function scanTomlPositions(text: string): Map<string, TomlKeyPosition> {
  const out = new Map<string, TomlKeyPosition>();
  const lines = text.split('\n');
  let table: string[] = [];
  let tablePath = '';
  let depth = 0;
  let multiline: '"""' | "'''" | null = null;
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n]!;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (multiline) {
      if (line.includes(multiline)) multiline = null;
      continue;
    }
    const code = line.slice(0, commentStart(line));
    if (depth > 0) {
      depth = Math.max(0, depth + bracketDelta(code));
      continue;
    }
    const trimmed = code.trim();
    if (trimmed.startsWith('[')) {
      const inner = trimmed.startsWith('[[') && trimmed.endsWith(']]') ? trimmed.slice(2, -2) : trimmed.endsWith(']') ? trimmed.slice(1, -1) : null;
      if (inner !== null && isKey(inner)) {
        table = splitKey(inner);
        tablePath = table.join('.');
        const start = code.length - code.trimStart().length;
        const r = { startLine: n, startCol: start, endLine: n, endCol: start + trimmed.length };
        const path = tablePath;
        if (!out.has(path)) out.set(path, { range: r, valueRange: r });
      }
      continue;
    }
    const eq = indexOutsideQuotes(code, '=');
    if (eq < 0 || !isKey(code.slice(0, eq))) continue;
    const keyStart = code.length - code.trimStart().length;
    const after = code.slice(eq + 1);
    const value = after.trim();
    const valueStart = eq + 1 + (after.length - after.trimStart().length);
    const key = splitKey(code.slice(0, eq)).join('.');
    const path = table.length ? `${tablePath}.${key}` : key;
    if (!out.has(path)) {
      out.set(path, {
        range: { startLine: n, startCol: keyStart, endLine: n, endCol: valueStart + value.length },
        valueRange: { startLine: n, startCol: valueStart, endLine: n, endCol: valueStart + value.length },
      });
    }
    for (const q of ['"""', "'''"] as const) {
      const i = value.indexOf(q);
      if (i >= 0 && value.indexOf(q, i + 3) < 0) multiline = q;
    }
    if (!multiline) depth = Math.max(0, bracketDelta(value));
  }
  return out;
}
