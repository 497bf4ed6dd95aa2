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

/** Where a key or a `[table]` header stands on its line: what {@link TomlPositions.get} turns into ranges. */
interface KeyAt {
  readonly line: number;
  readonly startCol: number;
  /** Where the value starts; a header's value range is the header itself. */
  readonly valueCol: number;
  readonly endCol: number;
}

/**
 * Positions of table headers and keys in `text`, by full dotted path. Lines inside multi-line
 * strings and arrays are skipped; the first occurrence of a path wins (TOML forbids duplicates,
 * and the parser reports them). Linear in the text: no backtracking regexes.
 *
 * Lazy: a reader asks for a handful of paths, and a file may hold 200,000 keys it never asks for
 * (an 8 MB `[metrics]` table spent 0.4 s, and a share of the run's garbage collection, being
 * indexed up front). `get` scans only as far as the path it wants; a path the file lacks scans
 * to the end once, as the eager scan did.
 */
export class TomlPositions {
  private readonly found = new Map<string, KeyAt>();
  /** Offset of the next line to scan; -1 once the whole text is scanned. */
  private next = 0;
  private line = 0;
  /** The current `[table]`'s dotted path; null before the first header. */
  private tablePath: string | null = null;
  private depth = 0;
  private multiline: '"""' | "'''" | null = null;

  constructor(private readonly text: string) {}

  get(path: string): TomlKeyPosition | undefined {
    let at = this.found.get(path);
    while (!at && this.next >= 0) {
      this.scanLine();
      at = this.found.get(path);
    }
    if (!at) return undefined;
    const range = { startLine: at.line, startCol: at.startCol, endLine: at.line, endCol: at.endCol };
    return { range, valueRange: at.valueCol === at.startCol ? range : { ...range, startCol: at.valueCol } };
  }

  /** Every path, in file order (scans the whole text). */
  paths(): string[] {
    while (this.next >= 0) this.scanLine();
    return [...this.found.keys()];
  }

  private record(path: string, at: KeyAt): void {
    if (!this.found.has(path)) this.found.set(path, at);
  }

  private scanLine(): void {
    const text = this.text;
    const start = this.next;
    const nl = text.indexOf('\n', start);
    this.next = nl < 0 ? -1 : nl + 1;
    const n = this.line++;
    let line = text.slice(start, nl < 0 ? text.length : nl);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (this.multiline) {
      if (line.includes(this.multiline)) this.multiline = null;
      return;
    }
    const code = line.slice(0, commentStart(line));
    if (this.depth > 0) {
      this.depth = Math.max(0, this.depth + bracketDelta(code));
      return;
    }
    const trimmed = code.trim();
    if (trimmed.startsWith('[')) {
      const inner = trimmed.startsWith('[[') && trimmed.endsWith(']]') ? trimmed.slice(2, -2) : trimmed.endsWith(']') ? trimmed.slice(1, -1) : null;
      if (inner !== null && isKey(inner)) {
        this.tablePath = splitKey(inner).join('.');
        const col = code.length - code.trimStart().length;
        this.record(this.tablePath, { line: n, startCol: col, valueCol: col, endCol: col + trimmed.length });
      }
      return;
    }
    const eq = indexOutsideQuotes(code, '=');
    if (eq < 0 || !isKey(code.slice(0, eq))) return;
    const keyStart = code.length - code.trimStart().length;
    const after = code.slice(eq + 1);
    const value = after.trim();
    const valueStart = eq + 1 + (after.length - after.trimStart().length);
    const key = splitKey(code.slice(0, eq)).join('.');
    this.record(this.tablePath !== null ? `${this.tablePath}.${key}` : key, {
      line: n,
      startCol: keyStart,
      valueCol: valueStart,
      endCol: valueStart + value.length,
    });
    for (const q of ['"""', "'''"] as const) {
      const i = value.indexOf(q);
      if (i >= 0 && value.indexOf(q, i + 3) < 0) this.multiline = q;
    }
    if (!this.multiline) this.depth = Math.max(0, bracketDelta(value));
  }
}
