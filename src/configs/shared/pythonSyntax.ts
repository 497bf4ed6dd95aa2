// A syntax tree for the subset of Python that config scripts use (torchtitan config_registry.py,
// OLMo-core launch scripts): function definitions, assignments to names and attribute chains,
// return, if/elif/else, calls with keyword arguments, attribute chains, subscripts, lists,
// tuples, dicts, f-strings and arithmetic. Other statements (loops, with, try, class) are kept
// as opaque blocks so the evaluator can mark what they assign as unknown. Built on the
// tokenizer of pythonTokens (linear in the text); nothing is run. Recursion is bounded by
// MAX_DEPTH, so hostile nesting gives an "unsupported" node, never a stack overflow.
// Evaluators: pythonValues (scalars, for exec'd configs) and pythonProgram (config objects).

import { tokenize, topLevelIndex, type LogicalLine, type Tok } from './pythonTokens';

const MAX_DEPTH = 100;

interface Span {
  readonly start: number;
  readonly end: number;
}

export type Expr = Span &
  (
    | { readonly k: 'number'; readonly text: string }
    | { readonly k: 'string'; readonly value: string; readonly fstring: boolean; readonly bytes: boolean }
    | { readonly k: 'const'; readonly value: boolean | null }
    | { readonly k: 'name'; readonly id: string }
    | { readonly k: 'attr'; readonly obj: Expr; readonly name: string }
    | { readonly k: 'call'; readonly fn: Expr; readonly args: readonly Expr[]; readonly kwargs: readonly Keyword[]; readonly unpacking: boolean }
    | { readonly k: 'subscript'; readonly obj: Expr; readonly index: Expr }
    | { readonly k: 'binary'; readonly op: string; readonly left: Expr; readonly right: Expr }
    | { readonly k: 'unary'; readonly op: string; readonly operand: Expr }
    | { readonly k: 'compare'; readonly ops: readonly string[]; readonly operands: readonly Expr[] }
    | { readonly k: 'boolop'; readonly op: 'and' | 'or'; readonly operands: readonly Expr[] }
    | { readonly k: 'ifexp'; readonly body: Expr; readonly cond: Expr; readonly other: Expr }
    | { readonly k: 'list'; readonly items: readonly Expr[]; readonly tuple: boolean }
    | { readonly k: 'dict'; readonly keys: readonly Expr[]; readonly values: readonly Expr[] }
    | { readonly k: 'unsupported'; readonly reason: string }
  );

export interface Keyword extends Span {
  readonly name: string;
  readonly value: Expr;
}

export interface Param {
  readonly name: string;
  readonly default?: Expr;
}

/** A name or an attribute chain (`config.training.steps` → ['config', 'training', 'steps']). */
export interface Target extends Span {
  readonly path: readonly string[] | null;
}

export type Stmt = Span &
  (
    | {
        readonly k: 'def';
        readonly name: string;
        readonly params: readonly Param[];
        readonly body: readonly Stmt[];
        readonly header: Span;
        readonly nameSpan: Span;
      }
    | { readonly k: 'assign'; readonly targets: readonly Target[]; readonly op?: string; readonly value: Expr }
    | { readonly k: 'return'; readonly value: Expr | null }
    | { readonly k: 'if'; readonly branches: ReadonlyArray<{ readonly cond: Expr | null; readonly body: readonly Stmt[] }> }
    | { readonly k: 'opaque'; readonly keyword: string; readonly body: readonly Stmt[] }
    | { readonly k: 'expr'; readonly value: Expr }
    | { readonly k: 'ignored' }
  );

export interface PySyntax {
  readonly body: readonly Stmt[];
  readonly errors: ReadonlyArray<{ start: number; end: number; reason: string }>;
}

/** Keywords that open a compound statement (a block). */
export const BLOCK_KEYWORDS = new Set(['if', 'elif', 'else', 'for', 'while', 'try', 'except', 'finally', 'with', 'def', 'class', 'async', 'match', 'case']);
const IGNORED = new Set(['import', 'from', 'pass', 'assert', 'global', 'nonlocal', 'raise', 'del', 'break', 'continue']);
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

export function parsePython(text: string): PySyntax {
  const errors: Array<{ start: number; end: number; reason: string }> = [];
  const lines = tokenize(text, errors);
  const pos = { i: 0 };
  const body = block(lines, pos, lines[0]?.indent ?? 0, 0);
  // Lines indented deeper than the module at its end (a stray indent) are left unread.
  return { body, errors };
}

/** The statements of one block: consecutive lines at `indent`; deeper lines belong to the compound statement above them. */
function block(lines: readonly LogicalLine[], pos: { i: number }, indent: number, depth: number): Stmt[] {
  const out: Stmt[] = [];
  while (pos.i < lines.length) {
    const line = lines[pos.i]!;
    if (line.indent < indent) break;
    if (line.indent > indent) {
      pos.i++; // an unexpected indent: Python rejects it; skip the line
      continue;
    }
    pos.i++;
    const stmt = statement(line.tokens, lines, pos, indent, depth);
    if (stmt) out.push(stmt);
  }
  return out;
}

/** The body after a compound header: the rest of the line after `:`, or the deeper-indented lines below. */
function suite(rest: readonly Tok[], lines: readonly LogicalLine[], pos: { i: number }, indent: number, depth: number): Stmt[] {
  if (rest.length > 0) {
    const s = simple(rest);
    return s ? [s] : [];
  }
  const next = lines[pos.i];
  if (!next || next.indent <= indent || depth >= MAX_DEPTH) {
    if (depth >= MAX_DEPTH) while (pos.i < lines.length && lines[pos.i]!.indent > indent) pos.i++;
    return [];
  }
  return block(lines, pos, next.indent, depth + 1);
}

const span = (toks: readonly Tok[]): Span => ({ start: toks[0]!.start, end: toks[toks.length - 1]!.end });

function statement(toks: readonly Tok[], lines: readonly LogicalLine[], pos: { i: number }, indent: number, depth: number): Stmt | null {
  const first = toks[0]!;
  const s = span(toks);
  if (first.kind === 'op' && first.text === '@') return { ...s, k: 'ignored' }; // decorators
  const colon = topLevelIndex(toks, 0, ':');
  if (first.kind === 'name' && first.text === 'def' && colon > 0) {
    const name = toks[1];
    const open = toks[2];
    if (!name || name.kind !== 'name' || !open || open.text !== '(')
      return { ...s, k: 'opaque', keyword: 'def', body: suite(toks.slice(colon + 1), lines, pos, indent, depth) };
    const close = matching(toks, 2);
    const params = parseParams(toks.slice(3, close < 0 ? colon : close));
    const body = suite(toks.slice(colon + 1), lines, pos, indent, depth);
    return {
      ...s,
      end: body.length ? body[body.length - 1]!.end : s.end,
      k: 'def',
      name: name.text,
      params,
      body,
      header: { start: first.start, end: toks[colon]!.end },
      nameSpan: { start: name.start, end: name.end },
    };
  }
  if (first.kind === 'name' && first.text === 'if' && colon > 0) {
    const branches: Array<{ cond: Expr | null; body: Stmt[] }> = [
      { cond: expression(toks.slice(1, colon)), body: suite(toks.slice(colon + 1), lines, pos, indent, depth) },
    ];
    for (;;) {
      const next = lines[pos.i];
      const kw = next && next.indent === indent ? next.tokens[0] : undefined;
      if (!next || !kw || kw.kind !== 'name' || (kw.text !== 'elif' && kw.text !== 'else')) break;
      pos.i++;
      const c = topLevelIndex(next.tokens, 0, ':');
      if (c < 0) break;
      branches.push({
        cond: kw.text === 'elif' ? expression(next.tokens.slice(1, c)) : null,
        body: suite(next.tokens.slice(c + 1), lines, pos, indent, depth),
      });
      if (kw.text === 'else') break;
    }
    const last = branches[branches.length - 1]!.body;
    return { ...s, end: last.length ? Math.max(s.end, last[last.length - 1]!.end) : s.end, k: 'if', branches };
  }
  // `def` and `if` with a colon were read above.
  if (first.kind === 'name' && BLOCK_KEYWORDS.has(first.text) && colon > 0 && toks[1]?.text !== '=') {
    const body = suite(toks.slice(colon + 1), lines, pos, indent, depth);
    return { ...s, k: 'opaque', keyword: first.text, body };
  }
  return simple(toks);
}

function simple(toks: readonly Tok[]): Stmt | null {
  if (toks.length === 0) return null;
  const first = toks[0]!;
  const s = span(toks);
  // `a = 1; b = 2`: the first statement only would mislead; read each.
  const statements = splitStatements(toks);
  if (statements.length !== 1) {
    const parts = statements.map(simple).filter((x): x is Stmt => x !== null);
    return parts.length === 1 ? parts[0]! : { ...s, k: 'if', branches: [{ cond: null, body: parts }] };
  }
  if (first.kind === 'name' && IGNORED.has(first.text)) return { ...s, k: 'ignored' };
  if (first.kind === 'name' && first.text === 'return') return { ...s, k: 'return', value: toks.length > 1 ? expression(toks.slice(1)) : null };
  const op = toks.findIndex((t, i) => t.kind === 'op' && AUGMENTED.has(t.text) && topLevelIndex(toks, 0, t.text) === i);
  if (op > 0) return { ...s, k: 'assign', targets: [target(toks.slice(0, op))], op: toks[op]!.text.slice(0, -1), value: expression(toks.slice(op + 1)) };
  // Annotated assignment: `x: int = 1` (an annotation alone binds nothing).
  const colon = topLevelIndex(toks, 0, ':');
  const eqs: number[] = [];
  for (let i = topLevelIndex(toks, 0, '='); i >= 0; i = topLevelIndex(toks, i + 1, '=')) eqs.push(i);
  if (eqs.length === 0) return colon > 0 ? { ...s, k: 'ignored' } : { ...s, k: 'expr', value: expression(toks) };
  const targets: Target[] = [];
  let from = 0;
  for (const eq of eqs) {
    const end = colon > from && colon < eq ? colon : eq;
    targets.push(target(toks.slice(from, end)));
    from = eq + 1;
  }
  return { ...s, k: 'assign', targets, value: expression(toks.slice(from)) };
}

/** The statements of a logical line: `a = 1; b = 2` is two (`;` inside brackets is not a separator). */
export function splitStatements(tokens: readonly Tok[]): Array<readonly Tok[]> {
  // Most lines hold one statement: hand back the line itself rather than a copy.
  if (!tokens.some((t) => t.kind === 'op' && t.text === ';')) return tokens.length ? [tokens] : [];
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

/** An assignment to plain names: `x = …`, `a = b = …`, `x: int = …`, `x += …`. */
export interface NameAssignment {
  readonly targets: readonly Tok[];
  /** The augmented operator (`+=`); absent for `=`. */
  readonly op?: string;
  /** Index of the value's first token in the statement (the statement's length when there is none). */
  readonly valueStart: number;
}

/**
 * A statement that binds names only, as a config exec'd over a script's globals (nanoGPT) writes
 * them; null for anything else (attribute or subscript targets, tuple unpacking, an annotation
 * without a value). Chained targets stop at the first that is not a plain name: in
 * `a = b.c = 1` the value of `a` is read as `b.c = 1`, which does not evaluate.
 */
export function nameAssignment(stmt: readonly Tok[]): NameAssignment | null {
  const isName = (t: Tok | undefined) => !!t && t.kind === 'name' && !KEYWORDS.has(t.text);
  if (!isName(stmt[0])) return null;
  const op = stmt[1];
  if (!op || op.kind !== 'op') return null;
  if (AUGMENTED.has(op.text)) return { targets: [stmt[0]!], op: op.text, valueStart: 2 };
  if (op.text === ':') {
    // Annotated: `n_layer: int = 12`; an annotation without a value binds nothing.
    const eq = topLevelIndex(stmt, 2, '=');
    return eq < 0 ? null : { targets: [stmt[0]!], valueStart: eq + 1 };
  }
  if (op.text !== '=') return null;
  // Chained targets: a = b = 1.
  const targets = [stmt[0]!];
  let i = 2;
  while (isName(stmt[i]) && stmt[i + 1]?.kind === 'op' && stmt[i + 1]!.text === '=') {
    targets.push(stmt[i]!);
    i += 2;
  }
  return { targets, valueStart: i };
}

/** True when `e` (parsed from `toks` after index `from`) is one literal as written: `12`, `-1e-4`, `'a' 'b'`, `None`; not `(1)` or `-(1)`. */
export function isLiteral(e: Expr, toks: readonly Tok[], from = 0): boolean {
  if (toks.length <= from || e.start !== toks[from]!.start || e.end !== toks[toks.length - 1]!.end) return false;
  if (e.k === 'number' || e.k === 'string' || e.k === 'const') return true;
  return e.k === 'unary' && (e.op === '-' || e.op === '+') && e.operand.k === 'number' && e.operand.start === toks[from + 1]?.start;
}

function target(toks: readonly Tok[]): Target {
  if (toks.length === 0) return { start: 0, end: 0, path: null };
  const s = span(toks);
  const path: string[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (i % 2 === 0 ? t.kind !== 'name' : t.text !== '.') return { ...s, path: null };
    if (i % 2 === 0) path.push(t.text);
  }
  return { ...s, path: toks.length % 2 === 1 ? path : null };
}

function matching(toks: readonly Tok[], open: number): number {
  let depth = 0;
  for (let i = open; i < toks.length; i++) {
    const t = toks[i]!.text;
    if (t === '(' || t === '[' || t === '{') depth++;
    else if (t === ')' || t === ']' || t === '}') if (--depth === 0) return i;
  }
  return -1;
}

function parseParams(toks: readonly Tok[]): Param[] {
  const params: Param[] = [];
  let i = 0;
  while (i < toks.length) {
    let end = topLevelIndex(toks, i, ',');
    if (end < 0) end = toks.length;
    const part = toks.slice(i, end);
    i = end + 1;
    const name = part[0];
    if (!name || name.kind !== 'name') continue; // `*`, `/`, `*args`, `**kwargs`
    const eq = topLevelIndex(part, 0, '=');
    params.push({ name: name.text, ...(eq > 0 ? { default: expression(part.slice(eq + 1)) } : {}) });
  }
  return params;
}

/** The expression of `toks` from index `from` (the value of an assignment, without copying it out). */
export function expression(toks: readonly Tok[], from = 0): Expr {
  if (toks.length <= from) return { start: 0, end: 0, k: 'unsupported', reason: 'no value' };
  const p = new Parser(toks, from);
  const e = p.tupleOrExpr();
  if (p.pos < toks.length)
    return { start: toks[from]!.start, end: toks[toks.length - 1]!.end, k: 'unsupported', reason: `\`${toks[p.pos]!.text}\` is not supported here` };
  return e;
}

/** Parses the `{...}` parts of an f-string's text (offsets are relative to `base`). */
export function fstringParts(value: string): Array<{ literal: string } | { expr: string; spec: string }> | null {
  const parts: Array<{ literal: string } | { expr: string; spec: string }> = [];
  let lit = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '{' && value[i + 1] === '{') {
      lit += '{';
      i++;
    } else if (c === '}' && value[i + 1] === '}') {
      lit += '}';
      i++;
    } else if (c === '{') {
      const close = value.indexOf('}', i);
      if (close < 0) return null;
      const inner = value.slice(i + 1, close);
      if (/[{'"]/.test(inner)) return null;
      const m = /^([^!:]*)(?:![rsa])?(?::(.*))?$/s.exec(inner);
      if (!m) return null;
      if (lit) parts.push({ literal: lit });
      lit = '';
      parts.push({ expr: m[1]!, spec: m[2] ?? '' });
      i = close;
    } else lit += c;
  }
  if (lit) parts.push({ literal: lit });
  return parts;
}

class Parser {
  pos = 0;
  private depth = 0;
  private bailed: string | undefined;

  constructor(
    private readonly toks: readonly Tok[],
    from = 0,
  ) {
    this.pos = from;
  }

  private peek(): Tok | undefined {
    return this.toks[this.pos];
  }

  private at(text: string): boolean {
    const t = this.toks[this.pos];
    return !!t && (t.kind === 'op' || t.kind === 'name') && t.text === text;
  }

  private accept(text: string): boolean {
    if (!this.at(text)) return false;
    this.pos++;
    return true;
  }

  /** The end of the last token consumed. */
  private end(): number {
    return this.toks[this.pos - 1]?.end ?? 0;
  }

  /** A list or tuple item: `*rest` unpacks something the file does not hold, unknown on its own (`[script, "train", *overrides]`). */
  private item(): Expr {
    const t = this.peek();
    if (t?.kind !== 'op' || t.text !== '*') return this.expr();
    this.pos++;
    const e = this.expr();
    return { start: t.start, end: e.end, k: 'unsupported', reason: 'unpacking (`*x`) is not evaluated' };
  }

  /**
   * Gives up on the rest of the tokens. The first reason stands: enclosing brackets left open
   * by it (a nesting too deep, a slice) are its consequence, not a second problem.
   */
  private bail(start: number, reason: string): Expr {
    this.pos = this.toks.length;
    this.bailed ??= reason;
    return { start, end: this.toks[this.toks.length - 1]!.end, k: 'unsupported', reason: this.bailed };
  }

  /**
   * Skips one expression that is not evaluated (a lambda), up to the `,` or closing bracket
   * that ends it, so the rest of the enclosing call is still read.
   */
  /** Skips to just after the bracket `close` that ends the current one (a comprehension). */
  private skipTo(close: string, start: number, reason: string): Expr {
    let depth = 0;
    while (this.pos < this.toks.length) {
      const t = this.toks[this.pos++]!;
      if (t.kind !== 'op') continue;
      if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
      else if (t.text === ')' || t.text === ']' || t.text === '}') {
        if (depth === 0) {
          if (t.text !== close) return this.bail(start, 'unbalanced brackets');
          break;
        }
        depth--;
      }
    }
    return { start: start, end: this.end(), k: 'unsupported', reason };
  }

  private skip(start: number, reason: string): Expr {
    let depth = 0;
    while (this.pos < this.toks.length) {
      const t = this.toks[this.pos]!;
      if (t.kind === 'op') {
        if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
        else if (t.text === ')' || t.text === ']' || t.text === '}') {
          if (depth === 0) break;
          depth--;
        } else if (t.text === ',' && depth === 0) break;
      }
      this.pos++;
    }
    return { start: start, end: this.end(), k: 'unsupported', reason };
  }

  tupleOrExpr(): Expr {
    const start = this.peek()?.start ?? 0;
    const first = this.expr();
    if (!this.at(',')) return first;
    const items = [first];
    while (this.accept(',')) {
      if (this.pos >= this.toks.length || this.at(')') || this.at(']')) break;
      items.push(this.expr());
    }
    return { start: start, end: this.end(), k: 'list', items, tuple: true };
  }

  expr(): Expr {
    if (++this.depth > MAX_DEPTH) {
      this.depth--;
      return this.bail(this.peek()?.start ?? 0, 'the expression is nested too deeply');
    }
    try {
      const start = this.peek()?.start ?? 0;
      if (this.at('lambda') || this.at('yield') || this.at('await')) return this.skip(start, `\`${this.peek()!.text}\` is not evaluated`);
      const body = this.or();
      if (!this.accept('if')) return body;
      const cond = this.or();
      if (!this.accept('else')) return this.bail(start, 'incomplete conditional expression');
      const other = this.expr();
      return { start: start, end: this.end(), k: 'ifexp', body, cond, other };
    } finally {
      this.depth--;
    }
  }

  private or(): Expr {
    return this.boolop('or', () => this.and());
  }

  private and(): Expr {
    return this.boolop('and', () => this.not());
  }

  private boolop(op: 'and' | 'or', next: () => Expr): Expr {
    const start = this.peek()?.start ?? 0;
    const operands = [next()];
    while (this.accept(op)) operands.push(next());
    return operands.length === 1 ? operands[0]! : { start: start, end: this.end(), k: 'boolop', op, operands };
  }

  private not(): Expr {
    const start = this.peek()?.start ?? 0;
    if (!this.accept('not')) return this.comparison();
    // `not a and b` is `(not a) and b`; `not not a` nests, bounded like every nesting.
    if (++this.depth > MAX_DEPTH) return this.bail(start, 'the expression is nested too deeply');
    try {
      const operand = this.not();
      return { start: start, end: this.end(), k: 'unary', op: 'not', operand };
    } finally {
      this.depth--;
    }
  }

  private comparison(): Expr {
    const start = this.peek()?.start ?? 0;
    const operands = [this.binary(0)];
    const ops: string[] = [];
    for (;;) {
      const t = this.peek();
      if (!t) break;
      let op: string | null = null;
      if (t.kind === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(t.text)) op = t.text;
      else if (t.kind === 'name' && t.text === 'in') op = 'in';
      else if (t.kind === 'name' && t.text === 'is') op = this.toks[this.pos + 1]?.text === 'not' ? 'is not' : 'is';
      else if (t.kind === 'name' && t.text === 'not' && this.toks[this.pos + 1]?.text === 'in') op = 'not in';
      if (!op) break;
      this.pos += op.includes(' ') ? 2 : 1;
      ops.push(op);
      operands.push(this.binary(0));
    }
    return ops.length === 0 ? operands[0]! : { start: start, end: this.end(), k: 'compare', ops, operands };
  }

  private static readonly LEVELS: readonly (readonly string[])[] = [['|'], ['^'], ['&'], ['<<', '>>'], ['+', '-'], ['*', '/', '//', '%', '@']];

  private binary(level: number): Expr {
    if (level >= Parser.LEVELS.length) return this.unary();
    const start = this.peek()?.start ?? 0;
    let left = this.binary(level + 1);
    for (;;) {
      const t = this.peek();
      if (!t || t.kind !== 'op' || !Parser.LEVELS[level]!.includes(t.text)) return left;
      this.pos++;
      const right = this.binary(level + 1);
      left = { start: start, end: this.end(), k: 'binary', op: t.text, left, right };
    }
  }

  private unary(): Expr {
    const t = this.peek();
    if (t && t.kind === 'op' && (t.text === '-' || t.text === '+' || t.text === '~')) {
      this.pos++;
      if (++this.depth > MAX_DEPTH) return this.bail(t.start, 'the expression is nested too deeply');
      try {
        const operand = this.unary();
        return { start: t.start, end: this.end(), k: 'unary', op: t.text, operand };
      } finally {
        this.depth--;
      }
    }
    return this.power();
  }

  private power(): Expr {
    const start = this.peek()?.start ?? 0;
    const base = this.postfix();
    if (!this.accept('**')) return base;
    // Right-associative: `2 ** 2 ** …` nests, bounded like every nesting.
    if (++this.depth > MAX_DEPTH) return this.bail(start, 'the expression is nested too deeply');
    try {
      const exp = this.unary();
      return { start: start, end: this.end(), k: 'binary', op: '**', left: base, right: exp };
    } finally {
      this.depth--;
    }
  }

  private postfix(): Expr {
    const start = this.peek()?.start ?? 0;
    let e = this.atom();
    for (;;) {
      if (this.accept('.')) {
        const name = this.peek();
        if (!name || name.kind !== 'name') return this.bail(start, 'incomplete attribute access');
        this.pos++;
        e = { start: start, end: this.end(), k: 'attr', obj: e, name: name.text };
      } else if (this.accept('(')) {
        e = this.call(start, e);
      } else if (this.accept('[')) {
        const index = this.tupleOrExpr();
        if (!this.accept(']')) return this.bail(start, 'slices are not evaluated');
        e = { start: start, end: this.end(), k: 'subscript', obj: e, index };
      } else return e;
    }
  }

  private call(start: number, fn: Expr): Expr {
    const args: Expr[] = [];
    const kwargs: Keyword[] = [];
    let unpacking = false;
    while (!this.accept(')')) {
      const t = this.peek();
      if (!t) return this.bail(start, 'unclosed call');
      if (t.kind === 'op' && (t.text === '*' || t.text === '**')) {
        unpacking = true;
        this.pos++;
        this.expr();
      } else if (t.kind === 'name' && this.toks[this.pos + 1]?.text === '=') {
        this.pos += 2;
        const value = this.expr();
        kwargs.push({ start: t.start, end: value.end, name: t.text, value });
      } else {
        args.push(this.expr());
        if (this.at('for')) return this.skipTo(')', start, 'generator expressions are not evaluated');
      }
      if (this.accept(')')) break;
      if (!this.accept(',')) return this.bail(start, 'malformed call');
    }
    return { start: start, end: this.end(), k: 'call', fn, args, kwargs, unpacking };
  }

  private atom(): Expr {
    const t = this.peek();
    if (!t)
      return {
        start: this.toks[this.toks.length - 1]?.end ?? 0,
        end: this.toks[this.toks.length - 1]?.end ?? 0,
        k: 'unsupported',
        reason: 'incomplete expression',
      };
    this.pos++;
    if (t.kind === 'number') return { start: t.start, end: t.end, k: 'number', text: t.text };
    if (t.kind === 'string') {
      let value = t.str ?? '';
      let fstring = t.special === 'f';
      let bytes = t.special === 'b';
      let end = t.end;
      // Adjacent literals concatenate: 'a' f'{b}'.
      while (this.peek()?.kind === 'string') {
        const s = this.peek()!;
        this.pos++;
        value += s.str ?? '';
        fstring ||= s.special === 'f';
        bytes ||= s.special === 'b';
        end = s.end;
      }
      return { start: t.start, end, k: 'string', value, fstring, bytes };
    }
    if (t.kind === 'name') {
      if (t.text === 'True' || t.text === 'False') return { start: t.start, end: t.end, k: 'const', value: t.text === 'True' };
      if (t.text === 'None') return { start: t.start, end: t.end, k: 'const', value: null };
      return { start: t.start, end: t.end, k: 'name', id: t.text };
    }
    if (t.kind === 'op' && (t.text === '(' || t.text === '[')) {
      const close = t.text === '(' ? ')' : ']';
      if (this.accept(close)) return { start: t.start, end: this.end(), k: 'list', items: [], tuple: close === ')' };
      const first = this.item();
      if (this.at('for')) return this.skipTo(close, t.start, 'comprehensions are not evaluated');
      if (t.text === '(' && this.accept(')')) return first;
      const items = [first];
      while (this.accept(',')) {
        if (this.at(close)) break;
        items.push(this.item());
      }
      if (!this.accept(close)) return this.bail(t.start, 'unbalanced brackets');
      return { start: t.start, end: this.end(), k: 'list', items, tuple: close === ')' };
    }
    if (t.kind === 'op' && t.text === '{') {
      const keys: Expr[] = [];
      const values: Expr[] = [];
      while (!this.accept('}')) {
        if (this.at('**')) return this.bail(t.start, 'dict unpacking is not evaluated');
        const key = this.expr();
        if (!this.accept(':')) return this.bail(t.start, 'sets and comprehensions are not evaluated');
        keys.push(key);
        values.push(this.expr());
        if (this.at('for')) return this.skipTo('}', t.start, 'comprehensions are not evaluated');
        if (this.accept('}')) break;
        if (!this.accept(',')) return this.bail(t.start, 'malformed dict');
      }
      return { start: t.start, end: this.end(), k: 'dict', keys, values };
    }
    return this.bail(t.start, `\`${t.text}\` is not supported here`);
  }
}
