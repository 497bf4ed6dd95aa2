// Top-level Python assignments (`n_layer = 12`, `gradient_accumulation_steps = 5 * 8`) read
// without running Python. nanoGPT configs are exec'd over train.py's globals; this evaluates
// the safe subset they use: literals, arithmetic, int()/float(), names bound earlier.
// Everything else (imports, calls, attribute access, f-strings, blocks) is recorded as not
// evaluable and never executed. Work is linear in the text: no loops, no recursion deeper
// than MAX_DEPTH, no value larger than a float or a string longer than MAX_STRING.

import type { SourceRange } from '../../core/plan';
import { LineIndex } from './lines';

export type PyValue =
  | { readonly type: 'int'; readonly value: number }
  | { readonly type: 'float'; readonly value: number }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'str'; readonly value: string }
  | { readonly type: 'none' };

export interface PyAssignment {
  readonly name: string;
  /** null when the expression is outside the evaluable subset; `reason` says why. */
  readonly value: PyValue | null;
  readonly reason?: string;
  /** The value expression as written (`5 * 8`). */
  readonly expression: string;
  /** True when the expression is a single literal (`12`, `'gpt2'`, `-1e-4`). */
  readonly literal: boolean;
  /** `+=` and friends; absent for plain `=`. */
  readonly augmented?: string;
  readonly nameRange: SourceRange;
  readonly valueRange: SourceRange;
  /** The statement, from the name to the end of the value (comments excluded). */
  readonly range: SourceRange;
}

export interface PySkipped {
  readonly range: SourceRange;
  readonly reason: string;
}

export interface PyModule {
  readonly assignments: readonly PyAssignment[];
  /** The last top-level assignment of each name. */
  readonly bindings: ReadonlyMap<string, PyAssignment>;
  /** Top-level statements that are not assignments (imports, calls, blocks), never run. */
  readonly skipped: readonly PySkipped[];
  /** Unterminated strings, unbalanced brackets, characters Python rejects. */
  readonly syntaxErrors: readonly PySkipped[];
  readonly stats: {
    readonly statements: number;
    readonly assignments: number;
    readonly imports: number;
    readonly definitions: number;
    readonly nested: number;
  };
}

const MAX_DEPTH = 100;
export const MAX_STRING = 10_000;

// ---------------------------------------------------------------------------------------------
// Tokens and logical lines

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

// ---------------------------------------------------------------------------------------------
// Expressions

export type Eval = { ok: true; value: PyValue } | { ok: false; reason: string };

const fail = (reason: string): Eval => ({ ok: false, reason });
const ok = (value: PyValue): Eval => ({ ok: true, value });
const int = (value: number): Eval => (Number.isFinite(value) ? ok({ type: 'int', value }) : fail('the result is too large'));
const float = (value: number): Eval => (Number.isFinite(value) ? ok({ type: 'float', value }) : fail('the result is not a finite number'));

export function truthy(v: PyValue): boolean {
  switch (v.type) {
    case 'int':
    case 'float':
      return v.value !== 0;
    case 'bool':
      return v.value;
    case 'str':
      return v.value.length > 0;
    case 'none':
      return false;
  }
}

/** int/float/bool as a number (bool is an int in Python); null for str/None. */
function numeric(v: PyValue): { value: number; isFloat: boolean } | null {
  if (v.type === 'int' || v.type === 'float') return { value: v.value, isFloat: v.type === 'float' };
  if (v.type === 'bool') return { value: v.value ? 1 : 0, isFloat: false };
  return null;
}

export function describe(v: PyValue): string {
  switch (v.type) {
    case 'int':
      return String(v.value);
    case 'float':
      return Number.isInteger(v.value) && Math.abs(v.value) < 1e16 ? `${v.value}.0` : String(v.value);
    case 'bool':
      return v.value ? 'True' : 'False';
    case 'str':
      return JSON.stringify(v.value);
    case 'none':
      return 'None';
  }
}

export function binary(op: string, a: PyValue, b: PyValue): Eval {
  if (op === '+' && a.type === 'str' && b.type === 'str') {
    return a.value.length + b.value.length > MAX_STRING ? fail('the string is too long') : ok({ type: 'str', value: a.value + b.value });
  }
  if (op === '*' && (a.type === 'str' || b.type === 'str')) {
    const s = a.type === 'str' ? a : b.type === 'str' ? b : null;
    const n = numeric(a.type === 'str' ? b : a);
    if (!s || s.type !== 'str' || !n || n.isFloat) return fail(`cannot multiply ${a.type} by ${b.type}`);
    const times = Math.max(0, n.value);
    return s.value.length * times > MAX_STRING ? fail('the string is too long') : ok({ type: 'str', value: s.value.repeat(times) });
  }
  const x = numeric(a);
  const y = numeric(b);
  if (!x || !y) return fail(`unsupported operand types for ${op}: ${a.type} and ${b.type}`);
  const isFloat = x.isFloat || y.isFloat;
  const result = (v: number) => (isFloat ? float(v) : int(v));
  switch (op) {
    case '+':
      return result(x.value + y.value);
    case '-':
      return result(x.value - y.value);
    case '*':
      return result(x.value * y.value);
    case '/':
      return y.value === 0 ? fail('division by zero') : float(x.value / y.value);
    case '//':
      return y.value === 0 ? fail('division by zero') : result(Math.floor(x.value / y.value));
    case '%':
      return y.value === 0 ? fail('modulo by zero') : result(x.value - y.value * Math.floor(x.value / y.value));
    case '**': {
      if (x.value === 0 && y.value < 0) return fail('0 cannot be raised to a negative power');
      if (x.value < 0 && !Number.isInteger(y.value)) return fail('a negative number to a fractional power is complex');
      const v = Math.pow(x.value, y.value);
      return isFloat || y.value < 0 ? float(v) : int(v);
    }
  }
  return fail(`operator ${op} is not supported`);
}

export function compare(op: string, a: PyValue, b: PyValue): Eval {
  const x = numeric(a);
  const y = numeric(b);
  let c: number | null = null;
  if (x && y) c = x.value < y.value ? -1 : x.value > y.value ? 1 : 0;
  else if (a.type === 'str' && b.type === 'str') c = a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  else if (op === '==' || op === '!=') return ok({ type: 'bool', value: (op === '!=') !== (a.type === 'none' && b.type === 'none') });
  if (c === null) return fail(`cannot compare ${a.type} and ${b.type}`);
  const r = op === '==' ? c === 0 : op === '!=' ? c !== 0 : op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
  return ok({ type: 'bool', value: r });
}

export function builtinCall(fn: string, args: PyValue[]): Eval {
  const one = args.length === 1 ? args[0]! : null;
  switch (fn) {
    case 'int': {
      if (!one) return fail('int() takes one argument here');
      if (one.type === 'str')
        return /^\s*[+-]?\d+(?:_\d+)*\s*$/.test(one.value) ? int(Number(one.value.replace(/_/g, ''))) : fail(`int() cannot parse ${JSON.stringify(one.value)}`);
      const n = numeric(one);
      return n ? int(Math.trunc(n.value)) : fail(`int() of ${one.type}`);
    }
    case 'float': {
      if (!one) return fail('float() takes one argument here');
      if (one.type === 'str') {
        const s = one.value.trim().replace(/(?<=\d)_(?=\d)/g, '');
        return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) ? float(Number(s)) : fail(`float() cannot parse ${JSON.stringify(one.value)}`);
      }
      const n = numeric(one);
      return n ? float(n.value) : fail(`float() of ${one.type}`);
    }
    case 'bool':
      return one ? ok({ type: 'bool', value: truthy(one) }) : fail('bool() takes one argument here');
    case 'abs': {
      const n = one ? numeric(one) : null;
      return n ? (n.isFloat ? float(Math.abs(n.value)) : int(Math.abs(n.value))) : fail('abs() takes one number');
    }
    case 'min':
    case 'max': {
      if (args.length < 2) return fail(`${fn}() needs at least two numbers here`);
      let best: PyValue | null = null;
      let bestN = 0;
      for (const a of args) {
        const n = numeric(a);
        if (!n) return fail(`${fn}() of ${a.type}`);
        if (best === null || (fn === 'min' ? n.value < bestN : n.value > bestN)) {
          best = a;
          bestN = n.value;
        }
      }
      return ok(best!);
    }
  }
  return fail(`calls to ${fn}() are not evaluated`);
}

export const CALLABLE = new Set(['int', 'float', 'bool', 'abs', 'min', 'max']);

/** Recursive descent over one statement's tokens, evaluating as it goes (Python precedence). */
class ExprParser {
  private pos = 0;
  private depth = 0;
  literal = true;

  constructor(
    private readonly toks: readonly Tok[],
    private readonly lookup: (name: string) => Eval,
  ) {}

  parseAll(): Eval {
    if (this.toks.length === 0) return fail('no value');
    const r = this.ternary();
    if (this.pos < this.toks.length) {
      const t = this.toks[this.pos]!;
      return fail(t.text === ',' ? 'tuples are not evaluated' : `\`${t.text}\` is not supported here`);
    }
    return r;
  }

  private peek(): Tok | undefined {
    return this.toks[this.pos];
  }

  private accept(text: string): boolean {
    const t = this.toks[this.pos];
    if (t && (t.kind === 'op' || t.kind === 'name') && t.text === text) {
      this.pos++;
      return true;
    }
    return false;
  }

  private nest<T>(f: () => T, tooDeep: T): T {
    if (++this.depth > MAX_DEPTH) {
      this.depth--;
      this.pos = this.toks.length;
      return tooDeep;
    }
    try {
      return f();
    } finally {
      this.depth--;
    }
  }

  private ternary(): Eval {
    return this.nest(() => {
      const body = this.or();
      if (!this.accept('if')) return body;
      this.literal = false;
      const cond = this.or();
      if (!cond.ok && this.pos >= this.toks.length) return cond;
      if (!this.accept('else')) return fail('incomplete conditional expression');
      const other = this.ternary();
      if (!cond.ok) return cond;
      return truthy(cond.value) ? body : other;
    }, fail('the expression is nested too deeply'));
  }

  private or(): Eval {
    let left = this.and();
    while (this.accept('or')) {
      this.literal = false;
      const right = this.and();
      if (!left.ok) continue;
      if (!truthy(left.value)) left = right;
    }
    return left;
  }

  private and(): Eval {
    let left = this.not();
    while (this.accept('and')) {
      this.literal = false;
      const right = this.not();
      if (!left.ok) continue;
      if (truthy(left.value)) left = right;
    }
    return left;
  }

  private not(): Eval {
    if (this.accept('not')) {
      this.literal = false;
      const v = this.nest(() => this.not(), fail('the expression is nested too deeply'));
      return v.ok ? ok({ type: 'bool', value: !truthy(v.value) }) : v;
    }
    return this.comparison();
  }

  private comparison(): Eval {
    const operands = [this.arith()];
    const ops: string[] = [];
    for (;;) {
      const t = this.peek();
      if (!t || t.kind !== 'op' || !['==', '!=', '<', '<=', '>', '>='].includes(t.text)) break;
      this.pos++;
      this.literal = false;
      ops.push(t.text);
      operands.push(this.arith());
    }
    if (ops.length === 0) return operands[0]!;
    const values: PyValue[] = [];
    for (const o of operands) {
      if (!o.ok) return o;
      values.push(o.value);
    }
    // Chained comparisons: a < b < c is (a < b) and (b < c).
    for (let i = 0; i < ops.length; i++) {
      const r = compare(ops[i]!, values[i]!, values[i + 1]!);
      if (!r.ok || !truthy(r.value)) return r;
    }
    return ok({ type: 'bool', value: true });
  }

  private arith(): Eval {
    let left = this.term();
    for (;;) {
      const t = this.peek();
      if (!t || t.kind !== 'op' || (t.text !== '+' && t.text !== '-')) return left;
      this.pos++;
      this.literal = false;
      const right = this.term();
      left = left.ok && right.ok ? binary(t.text, left.value, right.value) : left.ok ? right : left;
    }
  }

  private term(): Eval {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (!t || t.kind !== 'op' || !['*', '/', '//', '%', '@'].includes(t.text)) return left;
      this.pos++;
      this.literal = false;
      const right = this.unary();
      left = left.ok && right.ok ? binary(t.text, left.value, right.value) : left.ok ? right : left;
    }
  }

  private unary(): Eval {
    const t = this.peek();
    if (t && t.kind === 'op' && (t.text === '-' || t.text === '+' || t.text === '~')) {
      this.pos++;
      const next = this.peek();
      // `-1e-4` is still a literal; `-x` is an expression.
      if (t.text === '~' || !next || next.kind !== 'number') this.literal = false;
      const v = this.nest(() => this.unary(), fail('the expression is nested too deeply'));
      if (!v.ok) return v;
      const n = numeric(v.value);
      if (!n) return fail(`bad operand type for unary ${t.text}: ${v.value.type}`);
      if (t.text === '~') return n.isFloat ? fail('~ needs an int') : int(-(n.value + 1));
      const r = t.text === '-' ? -n.value : n.value;
      return n.isFloat ? float(r) : int(r);
    }
    return this.power();
  }

  private power(): Eval {
    const base = this.primary();
    if (!this.accept('**')) return base;
    this.literal = false;
    // Right-associative, and binds tighter than a unary minus on its left: -2**2 == -4.
    const exp = this.nest(() => this.unary(), fail('the expression is nested too deeply'));
    return base.ok && exp.ok ? binary('**', base.value, exp.value) : base.ok ? exp : base;
  }

  private primary(): Eval {
    const t = this.peek();
    if (!t) return fail('incomplete expression');
    this.pos++;
    let v: Eval;
    if (t.kind === 'number') v = parseNumber(t.text);
    else if (t.kind === 'string') {
      let s = t;
      let value = '';
      let special = s.special;
      // Adjacent literals concatenate: 'a' 'b'.
      for (;;) {
        value += s.str ?? '';
        special = special ?? s.special;
        const next = this.peek();
        if (!next || next.kind !== 'string') break;
        s = next;
        this.pos++;
      }
      v =
        special === 'f'
          ? fail('f-strings are not evaluated')
          : special === 'b'
            ? fail('bytes are not evaluated')
            : value.length > MAX_STRING
              ? fail('the string is too long')
              : ok({ type: 'str', value });
    } else if (t.kind === 'name') {
      if (t.text === 'True' || t.text === 'False') v = ok({ type: 'bool', value: t.text === 'True' });
      else if (t.text === 'None') v = ok({ type: 'none' });
      else if (t.text === 'lambda' || t.text === 'await' || t.text === 'yield') return this.skipRest(`\`${t.text}\` is not evaluated`);
      else if (this.peek()?.text === '(') {
        this.literal = false;
        return this.call(t.text);
      } else {
        this.literal = false;
        v = this.lookup(t.text);
      }
    } else if (t.kind === 'op' && t.text === '(') {
      this.literal = false;
      const inner = this.ternary();
      if (!inner.ok && this.pos >= this.toks.length) return inner;
      if (this.accept(')')) v = inner;
      else return this.skipRest(this.peek()?.text === ',' ? 'tuples are not evaluated' : 'unbalanced parentheses');
    } else if (t.kind === 'op' && (t.text === '[' || t.text === '{')) {
      return this.skipRest(t.text === '[' ? 'lists are not evaluated' : 'dicts and sets are not evaluated');
    } else {
      return this.skipRest(`\`${t.text}\` is not supported here`);
    }
    // Attribute access and subscripts reach outside the file's values.
    const after = this.peek();
    if (after && after.kind === 'op' && (after.text === '.' || after.text === '[' || after.text === '(')) {
      this.literal = false;
      return this.skipRest(
        after.text === '.' ? 'attribute access is not evaluated' : after.text === '[' ? 'subscripts are not evaluated' : 'calls are not evaluated',
      );
    }
    return v;
  }

  private call(fn: string): Eval {
    this.pos++; // '('
    const args: Eval[] = [];
    if (!this.accept(')')) {
      for (;;) {
        const next = this.peek();
        if (next && next.kind === 'name' && this.toks[this.pos + 1]?.text === '=') return this.skipRest('keyword arguments are not evaluated');
        if (next && next.text === '*') return this.skipRest('argument unpacking is not evaluated');
        const arg = this.ternary();
        if (!arg.ok && this.pos >= this.toks.length) return arg;
        args.push(arg);
        if (this.accept(')')) break;
        if (!this.accept(',')) return this.skipRest('malformed call');
        if (this.accept(')')) break;
      }
    }
    const after = this.peek();
    if (after && after.kind === 'op' && (after.text === '.' || after.text === '[' || after.text === '('))
      return this.skipRest('attribute access is not evaluated');
    if (!CALLABLE.has(fn)) return fail(`calls to ${fn}() are not evaluated`);
    const values: PyValue[] = [];
    for (const a of args) {
      if (!a.ok) return a;
      values.push(a.value);
    }
    return builtinCall(fn, values);
  }

  /** Consumes the rest of the expression so the caller does not report a second error. */
  private skipRest(reason: string): Eval {
    this.pos = this.toks.length;
    this.literal = false;
    return fail(reason);
  }
}

export function parseNumber(text: string): Eval {
  const t = text.replace(/_/g, '');
  if (/[jJ]$/.test(t)) return fail('complex numbers are not evaluated');
  if (/^0[xX]/.test(t)) return int(parseInt(t.slice(2), 16));
  if (/^0[oO]/.test(t)) return int(parseInt(t.slice(2), 8));
  if (/^0[bB]/.test(t)) return int(parseInt(t.slice(2), 2));
  if (/^\d+$/.test(t)) {
    if (/^0\d/.test(t) && /[1-9]/.test(t)) return fail('leading zeros are not allowed in Python 3');
    return int(Number(t));
  }
  return float(Number(t));
}

// ---------------------------------------------------------------------------------------------
// Statements

const COMPOUND = new Set(['if', 'elif', 'else', 'for', 'while', 'try', 'except', 'finally', 'with', 'def', 'class', 'async', 'match', 'case']);
const AUGMENTED = new Set(['+=', '-=', '*=', '/=', '//=', '%=', '**=']);
const KEYWORDS = new Set([
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
]);

function splitStatements(tokens: readonly Tok[]): Tok[][] {
  const out: Tok[][] = [];
  let current: Tok[] = [];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'op') {
      if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
      else if (t.text === ')' || t.text === ']' || t.text === '}') depth = Math.max(0, depth - 1);
      else if (t.text === ';' && depth === 0) {
        if (current.length) out.push(current);
        current = [];
        continue;
      }
    }
    current.push(t);
  }
  if (current.length) out.push(current);
  return out;
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

/**
 * Reads every top-level assignment of a Python file, in order. `initial` binds names the
 * file can refer to without assigning them (nanoGPT: train.py's defaults).
 */
export function readPythonAssignments(text: string, initial: ReadonlyMap<string, PyValue> = new Map()): PyModule {
  const index = new LineIndex(text);
  const rawErrors: Array<{ start: number; end: number; reason: string }> = [];
  const assignments: PyAssignment[] = [];
  const bindings = new Map<string, PyAssignment>();
  const values = new Map<string, Eval>();
  const skipped: PySkipped[] = [];
  const stats = { statements: 0, assignments: 0, imports: 0, definitions: 0, nested: 0 };

  const lookup = (name: string): Eval => {
    const v = values.get(name);
    if (v) return v.ok ? v : fail(`\`${name}\` could not be evaluated (${v.reason})`);
    const init = initial.get(name);
    if (init) return ok(init);
    return fail(`\`${name}\` is not a value set in this file`);
  };
  const span = (toks: readonly Tok[]) => index.range(toks[0]!.start, toks[toks.length - 1]!.end);

  tokenizeLines(text, rawErrors, (line) => {
    if (line.indent > 0) {
      stats.nested++;
      return;
    }
    for (const stmt of splitStatements(line.tokens)) {
      stats.statements++;
      const first = stmt[0]!;
      const second = stmt[1];
      if (first.kind === 'name' && (first.text === 'import' || first.text === 'from')) {
        stats.imports++;
        skipped.push({ range: span(stmt), reason: 'imports are not run' });
        continue;
      }
      if ((first.kind === 'name' && COMPOUND.has(first.text) && second?.text !== '=') || (first.kind === 'op' && first.text === '@')) {
        if (first.text === 'def' || first.text === 'class' || first.text === 'async' || first.text === '@') stats.definitions++;
        skipped.push({ range: span(stmt), reason: `\`${first.text}\` blocks are not run` });
        continue;
      }
      const assignment = readAssignment(stmt);
      if (!assignment) {
        skipped.push({ range: span(stmt), reason: 'only assignments are read' });
        continue;
      }
      stats.assignments++;
      const { targets, op, expr, exprStart } = assignment;
      const exprToks = stmt.slice(exprStart);
      const parser = new ExprParser(exprToks, lookup);
      let result = exprToks.some((t) => t.kind === 'error') ? fail('the value has a syntax error') : parser.parseAll();
      if (op && result.ok) {
        const prev = lookup(targets[0]!.text);
        result = prev.ok ? binary(op.slice(0, -1), prev.value, result.value) : prev;
      }
      const valueRange = exprToks.length ? span(exprToks) : index.range(stmt[stmt.length - 1]!.end, stmt[stmt.length - 1]!.end);
      for (const target of targets) {
        const a: PyAssignment = {
          name: target.text,
          value: result.ok ? result.value : null,
          ...(result.ok ? {} : { reason: result.reason }),
          expression: expr,
          literal: parser.literal && !op,
          ...(op ? { augmented: op } : {}),
          nameRange: index.range(target.start, target.end),
          valueRange,
          range: span(stmt),
        };
        assignments.push(a);
        bindings.set(a.name, a);
        values.set(a.name, result);
      }
    }
  });

  return {
    assignments,
    bindings,
    skipped,
    syntaxErrors: rawErrors.map((e) => ({ range: index.range(e.start, e.end), reason: e.reason })),
    stats,
  };

  function readAssignment(stmt: readonly Tok[]): { targets: Tok[]; op?: string; expr: string; exprStart: number } | null {
    const isName = (t: Tok | undefined) => !!t && t.kind === 'name' && !KEYWORDS.has(t.text);
    const exprText = (from: number) => (from < stmt.length ? text.slice(stmt[from]!.start, stmt[stmt.length - 1]!.end) : '');
    if (!isName(stmt[0])) return null;
    const op = stmt[1];
    if (!op || op.kind !== 'op') return null;
    if (AUGMENTED.has(op.text)) return { targets: [stmt[0]!], op: op.text, expr: exprText(2), exprStart: 2 };
    if (op.text === ':') {
      // Annotated: `n_layer: int = 12`; an annotation without a value binds nothing.
      const eq = topLevelIndex(stmt, 2, '=');
      return eq < 0 ? null : { targets: [stmt[0]!], expr: exprText(eq + 1), exprStart: eq + 1 };
    }
    if (op.text !== '=') return null;
    // Chained targets: a = b = 1.
    const targets = [stmt[0]!];
    let i = 2;
    while (isName(stmt[i]) && stmt[i + 1]?.kind === 'op' && stmt[i + 1]!.text === '=') {
      targets.push(stmt[i]!);
      i += 2;
    }
    return { targets, expr: exprText(i), exprStart: i };
  }
}
