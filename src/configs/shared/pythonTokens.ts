// Python source as tokens grouped into logical lines (a statement and its bracketed or
// backslash-continued continuation lines), as Python's tokenizer splits it: names, numbers,
// strings (decoded, with their f/b prefix), operators, and characters Python rejects, which are
// recorded as errors and never thrown. Comments and blank lines are dropped. Linear in the text.

/** Decoded strings are kept up to this length; longer ones are refused when evaluated. */
export const MAX_STRING = 10_000;

export type TokKind = 'name' | 'number' | 'string' | 'op' | 'error';

export interface Tok {
  readonly kind: TokKind;
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** Strings: the decoded value, and whether it is an f-string or bytes (not evaluable). */
  readonly str?: string;
  readonly special?: 'f' | 'b';
}

export interface LogicalLine {
  readonly tokens: Tok[];
  /** Column of the first token: 0 at module level. */
  readonly indent: number;
}

const OPERATORS = [
  '**=',
  '//=',
  '>>=',
  '<<=',
  '...',
  '->',
  '**',
  '//',
  '==',
  '!=',
  '<=',
  '>=',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '@=',
  ':=',
  '<<',
  '>>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '@',
  '&',
  '|',
  '^',
  '~',
  '<',
  '>',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  ':',
  '.',
  ';',
  '=',
  '!',
];
const OPS3 = new Set(OPERATORS.filter((o) => o.length === 3));
const OPS2 = new Set(OPERATORS.filter((o) => o.length === 2));
const OPS1 = new Set(OPERATORS.filter((o) => o.length === 1));
const NUMBER =
  /(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?[jJ]?)/y;
const NAME = /[\p{L}_][\p{L}\p{N}_]*/uy;
const STRING_PREFIX = /(?:[rRuUfFbB]|[rR][bBfF]|[bBfF][rR])?(?=['"])/y;

const STRING_PREFIX_FIRST = 'rRuUfFbB';

/**
 * The end of an ASCII name starting at `i` ([A-Za-z_][A-Za-z0-9_]*), the common case read without
 * the Unicode pattern: `i` when none starts there, -1 when a non-ASCII character follows (the
 * pattern decides, as it may continue the name).
 */
function asciiNameEnd(text: string, i: number): number {
  const first = text.charCodeAt(i);
  if (!(first === 95 || (first >= 65 && first <= 90) || (first >= 97 && first <= 122))) return i;
  let j = i + 1;
  for (; j < text.length; j++) {
    const ch = text.charCodeAt(j);
    if (ch === 95 || (ch >= 65 && ch <= 90) || (ch >= 97 && ch <= 122) || (ch >= 48 && ch <= 57)) continue;
    if (ch > 127) return -1;
    break;
  }
  return j;
}

export function tokenize(text: string, errors: Array<{ start: number; end: number; reason: string }>): LogicalLine[] {
  const lines: LogicalLine[] = [];
  tokenizeLines(text, errors, (line) => lines.push(line));
  return lines;
}

/** tokenize, handing each logical line to `onLine` as soon as it ends, so a large file's tokens never all live at once. */
export function tokenizeLines(text: string, errors: Array<{ start: number; end: number; reason: string }>, onLine: (line: LogicalLine) => void): void {
  let tokens: Tok[] = [];
  let indent = 0;
  let lineStart = 0;
  let depth = 0;
  const flush = () => {
    if (tokens.length > 0) onLine({ tokens, indent });
    tokens = [];
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      if (depth === 0) flush();
      i++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\n' ? 2 : 3;
      continue;
    }
    if (tokens.length === 0 && depth === 0) indent = i - lineStart;
    // Each pattern is tried only where its first character can stand (most tokens are names).
    STRING_PREFIX.lastIndex = i;
    const prefix = c === '"' || c === "'" || STRING_PREFIX_FIRST.includes(c) ? STRING_PREFIX.exec(text) : null;
    if (prefix) {
      const tok = readString(text, i, prefix[0], errors);
      tokens.push(tok);
      i = tok.end;
      continue;
    }
    NUMBER.lastIndex = i;
    const num = /[0-9.]/.test(c) ? NUMBER.exec(text) : null;
    if (num && num[0] !== '.' && num[0] !== '') {
      tokens.push({ kind: 'number', text: num[0], start: i, end: i + num[0].length });
      i += num[0].length;
      continue;
    }
    const ascii = asciiNameEnd(text, i);
    if (ascii > i) {
      tokens.push({ kind: 'name', text: text.slice(i, ascii), start: i, end: ascii });
      i = ascii;
      continue;
    }
    NAME.lastIndex = i;
    const name = c.charCodeAt(0) > 127 || ascii < 0 ? NAME.exec(text) : null;
    if (name) {
      tokens.push({ kind: 'name', text: name[0], start: i, end: i + name[0].length });
      i += name[0].length;
      continue;
    }
    const op = OPS3.has(text.substr(i, 3)) ? text.substr(i, 3) : OPS2.has(text.substr(i, 2)) ? text.substr(i, 2) : OPS1.has(c) ? c : undefined;
    if (op) {
      if (op === '(' || op === '[' || op === '{') depth++;
      else if (op === ')' || op === ']' || op === '}') {
        if (depth === 0) errors.push({ start: i, end: i + 1, reason: `unmatched '${op}'` });
        else depth--;
      }
      tokens.push({ kind: 'op', text: op, start: i, end: i + op.length });
      i += op.length;
      continue;
    }
    errors.push({ start: i, end: i + 1, reason: `unexpected character '${c}'` });
    tokens.push({ kind: 'error', text: c, start: i, end: i + 1 });
    i++;
  }
  if (depth > 0) errors.push({ start: text.length, end: text.length, reason: 'unclosed bracket at the end of the file' });
  flush();
}

const ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '0': '\0',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '\n': '',
};

function readString(text: string, start: number, prefix: string, errors: Array<{ start: number; end: number; reason: string }>): Tok {
  const p = prefix.toLowerCase();
  const raw = p.includes('r');
  const special = p.includes('f') ? 'f' : p.includes('b') ? 'b' : undefined;
  let i = start + prefix.length;
  const q = text[i]!;
  const triple = text.startsWith(q + q + q, i);
  const close = triple ? q + q + q : q;
  i += close.length;
  let value = '';
  for (;;) {
    if (i >= text.length || (!triple && text[i] === '\n')) {
      errors.push({ start, end: i, reason: 'unterminated string' });
      return { kind: 'error', text: text.slice(start, i), start, end: i };
    }
    if (text.startsWith(close, i)) {
      i += close.length;
      break;
    }
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length) {
      const next = text[i + 1]!;
      if (raw) value += ch + next;
      else value += ESCAPES[next] ?? ch + next;
      i += 2;
      continue;
    }
    if (value.length <= MAX_STRING) value += ch;
    i++;
  }
  return { kind: 'string', text: text.slice(start, i), start, end: i, str: value, ...(special ? { special } : {}) };
}

/** Index of the first `text` operator at bracket depth 0 from `from`, or -1. */
export function topLevelIndex(toks: readonly Tok[], from: number, text: string): number {
  let depth = 0;
  for (let i = from; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.kind !== 'op') continue;
    if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
    else if (t.text === ')' || t.text === ']' || t.text === '}') depth--;
    else if (depth === 0 && t.text === text) return i;
  }
  return -1;
}
