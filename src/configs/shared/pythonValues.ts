// Python's scalar values (int, float, bool, str, None), the operators and builtins configs use
// on them, and the evaluation of an expression tree (pythonSyntax) to one under the rules of a
// config exec'd over a script's globals (nanoGPT): literals, arithmetic, comparisons, `and`/`or`,
// conditional expressions, int()/float()/bool()/abs()/min()/max(), and names the caller binds.
// Everything else (lists, attribute access, other calls, f-strings) is refused with the reason,
// never guessed. No value is larger than a float or a string longer than MAX_STRING.

import type { Expr } from './pythonSyntax';
import { MAX_STRING } from './pythonTokens';

export type PyValue =
  | { readonly type: 'int'; readonly value: number }
  | { readonly type: 'float'; readonly value: number }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'str'; readonly value: string }
  | { readonly type: 'none' };

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
// Evaluating a tree

const ARITHMETIC = new Set(['+', '-', '*', '/', '//', '%', '@', '**']);

/**
 * The value of `e`, names resolved by `lookup`. Operands are evaluated left to right and the
 * first failure is the reason given, as Python would raise it; a left-nested chain
 * (`1 + 1 + … + 1`) is folded in a loop, so its length is not bounded by the stack (the parser
 * bounds every other nesting).
 */
export function evaluateScalar(e: Expr, lookup: (name: string) => Eval): Eval {
  switch (e.k) {
    case 'number':
      return parseNumber(e.text);
    case 'string':
      if (e.fstring) return fail('f-strings are not evaluated');
      if (e.bytes) return fail('bytes are not evaluated');
      return e.value.length > MAX_STRING ? fail('the string is too long') : ok({ type: 'str', value: e.value });
    case 'const':
      return ok(e.value === null ? { type: 'none' } : { type: 'bool', value: e.value });
    case 'name':
      if (e.id === 'lambda' || e.id === 'await' || e.id === 'yield') return fail(`\`${e.id}\` is not evaluated`);
      return lookup(e.id);
    case 'call':
      if (e.fn.k === 'name') return callBuiltin(e, e.fn.id, lookup);
      return outside(e, lookup);
    case 'attr':
    case 'subscript':
      return outside(e, lookup);
    case 'binary':
      return e.op === '**' ? power(e, lookup) : arithmetic(e, lookup);
    case 'unary':
      return unary(e.op, evaluateScalar(e.operand, lookup));
    case 'compare':
      return comparison(e, lookup);
    case 'boolop': {
      // As in Python, the result is the first operand that decides it; later ones are not read.
      let left = evaluateScalar(e.operands[0]!, lookup);
      for (let i = 1; i < e.operands.length; i++) {
        if (!left.ok) break;
        if (e.op === 'or' ? !truthy(left.value) : truthy(left.value)) left = evaluateScalar(e.operands[i]!, lookup);
      }
      return left;
    }
    case 'ifexp': {
      const cond = evaluateScalar(e.cond, lookup);
      if (!cond.ok) return cond;
      return evaluateScalar(truthy(cond.value) ? e.body : e.other, lookup);
    }
    case 'list':
      return fail(e.tuple ? 'tuples are not evaluated' : 'lists are not evaluated');
    case 'dict':
      return fail('dicts and sets are not evaluated');
    case 'unsupported':
      return fail(e.reason);
  }
}

/** `int(x)`, `max(a, b)`: the builtins above, with positional arguments only. */
function callBuiltin(e: Extract<Expr, { k: 'call' }>, fn: string, lookup: (name: string) => Eval): Eval {
  if (e.unpacking) return fail('argument unpacking is not evaluated');
  if (e.kwargs.length > 0) return fail('keyword arguments are not evaluated');
  if (!CALLABLE.has(fn)) return fail(`calls to ${fn}() are not evaluated`);
  const values: PyValue[] = [];
  for (const a of e.args) {
    const v = evaluateScalar(a, lookup);
    if (!v.ok) return v;
    values.push(v.value);
  }
  return builtinCall(fn, values);
}

/** Attribute access, subscripts and calls on values reach outside the file's scalars. */
function outside(e: Expr, lookup: (name: string) => Eval): Eval {
  // The innermost of a chain (`torch.cuda.is_available()`) says what is refused first.
  let inner = e;
  for (;;) {
    const base = inner.k === 'attr' || inner.k === 'subscript' ? inner.obj : inner.k === 'call' ? inner.fn : null;
    if (!base || (base.k !== 'attr' && base.k !== 'subscript' && base.k !== 'call')) break;
    inner = base;
  }
  if (inner.k === 'call' && inner.fn.k === 'name') {
    // `f(…).x`: the call's own arguments are refused first.
    if (inner.unpacking) return fail('argument unpacking is not evaluated');
    if (inner.kwargs.length > 0) return fail('keyword arguments are not evaluated');
    return fail('attribute access is not evaluated');
  }
  const base = inner.k === 'attr' || inner.k === 'subscript' ? inner.obj : inner.k === 'call' ? inner.fn : inner;
  if (base.k === 'list' || base.k === 'dict' || base.k === 'unsupported') return evaluateScalar(base, lookup);
  return fail(inner.k === 'attr' ? 'attribute access is not evaluated' : inner.k === 'subscript' ? 'subscripts are not evaluated' : 'calls are not evaluated');
}

function arithmetic(e: Extract<Expr, { k: 'binary' }>, lookup: (name: string) => Eval): Eval {
  // Walk down the left spine of same-level operators, then fold left to right.
  const rights: Array<Extract<Expr, { k: 'binary' }>> = [];
  let cur: Expr = e;
  while (cur.k === 'binary' && cur.op !== '**') {
    if (!ARITHMETIC.has(cur.op)) return fail(`\`${cur.op}\` is not supported here`);
    rights.push(cur);
    cur = cur.left;
  }
  let left = evaluateScalar(cur, lookup);
  for (let i = rights.length - 1; i >= 0 && left.ok; i--) {
    const node = rights[i]!;
    const right = evaluateScalar(node.right, lookup);
    left = right.ok ? binary(node.op, left.value, right.value) : right;
  }
  return left;
}

function power(e: Extract<Expr, { k: 'binary' }>, lookup: (name: string) => Eval): Eval {
  // Right-associative, and binds tighter than a unary minus on its left: -2**2 == -4.
  const base = evaluateScalar(e.left, lookup);
  if (!base.ok) return base;
  const exp = evaluateScalar(e.right, lookup);
  return exp.ok ? binary('**', base.value, exp.value) : exp;
}

function unary(op: string, v: Eval): Eval {
  if (!v.ok) return v;
  if (op === 'not') return ok({ type: 'bool', value: !truthy(v.value) });
  const n = numeric(v.value);
  if (!n) return fail(`bad operand type for unary ${op}: ${v.value.type}`);
  if (op === '~') return n.isFloat ? fail('~ needs an int') : int(-(n.value + 1));
  const r = op === '-' ? -n.value : n.value;
  return n.isFloat ? float(r) : int(r);
}

function comparison(e: Extract<Expr, { k: 'compare' }>, lookup: (name: string) => Eval): Eval {
  const refused = e.ops.find((op) => op === 'in' || op === 'not in' || op === 'is' || op === 'is not');
  if (refused) return fail(`\`${refused.split(' ')[0]}\` is not supported here`);
  const values: PyValue[] = [];
  for (const o of e.operands) {
    const v = evaluateScalar(o, lookup);
    if (!v.ok) return v;
    values.push(v.value);
  }
  // Chained comparisons: a < b < c is (a < b) and (b < c).
  for (let i = 0; i < e.ops.length; i++) {
    const r = compare(e.ops[i]!, values[i]!, values[i + 1]!);
    if (!r.ok || !truthy(r.value)) return r;
  }
  return ok({ type: 'bool', value: true });
}
