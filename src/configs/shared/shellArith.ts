// `$((…))` arithmetic and glob patterns for shellWords: integers only, bash precedence, every
// result a safe integer (overflow, division by zero and assignments are "not evaluated").

export type ArithResult = { ok: true; value: number } | { ok: false; reason: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export class Arith {
  private pos = 0;
  private toks: string[] = [];
  private depth = 0;

  constructor(
    private readonly lookup: (name: string, depth: number) => ArithResult,
    private readonly level: number,
  ) {}

  eval(text: string): ArithResult {
    const toks = text.match(/0[xX][0-9a-fA-F]+|\d+|[A-Za-z_][A-Za-z0-9_]*|\*\*|<=|>=|==|!=|&&|\|\||<<|>>|\+\+|--|[-+*/%()<>!~?:&|^=,]|\S/g) ?? [];
    this.toks = toks;
    this.pos = 0;
    if (toks.length === 0) return { ok: true, value: 0 };
    const r = this.ternary();
    if (!r.ok) return r;
    if (this.pos < toks.length) return { ok: false, reason: `unsupported arithmetic at \`${toks[this.pos]}\`` };
    return r;
  }

  private next(): string | undefined {
    return this.toks[this.pos];
  }

  private ternary(): ArithResult {
    if (++this.depth > 200) return { ok: false, reason: 'arithmetic nested too deeply' };
    try {
      const c = this.logic();
      if (this.next() !== '?') return c;
      this.pos++;
      const a = this.ternary();
      if (this.next() !== ':') return { ok: false, reason: 'incomplete ?:' };
      this.pos++;
      const b = this.ternary();
      if (!c.ok) return c;
      return c.value !== 0 ? a : b;
    } finally {
      this.depth--;
    }
  }

  private logic(): ArithResult {
    let left = this.cmp();
    for (;;) {
      const op = this.next();
      if (op !== '&&' && op !== '||') return left;
      this.pos++;
      const right = this.cmp();
      if (!left.ok) return left;
      if (!right.ok) return right;
      left = { ok: true, value: (op === '&&' ? left.value !== 0 && right.value !== 0 : left.value !== 0 || right.value !== 0) ? 1 : 0 };
    }
  }

  private cmp(): ArithResult {
    let left = this.sum();
    for (;;) {
      const op = this.next();
      if (!op || !['<', '>', '<=', '>=', '==', '!='].includes(op)) return left;
      this.pos++;
      const right = this.sum();
      if (!left.ok) return left;
      if (!right.ok) return right;
      const a = left.value;
      const b = right.value;
      const r = op === '<' ? a < b : op === '>' ? a > b : op === '<=' ? a <= b : op === '>=' ? a >= b : op === '==' ? a === b : a !== b;
      left = { ok: true, value: r ? 1 : 0 };
    }
  }

  private sum(): ArithResult {
    let left = this.product();
    for (;;) {
      const op = this.next();
      if (op !== '+' && op !== '-') return left;
      this.pos++;
      const right = this.product();
      if (!left.ok) return left;
      if (!right.ok) return right;
      left = checked(op === '+' ? left.value + right.value : left.value - right.value);
    }
  }

  private product(): ArithResult {
    let left = this.power();
    for (;;) {
      const op = this.next();
      if (op !== '*' && op !== '/' && op !== '%') return left;
      this.pos++;
      const right = this.power();
      if (!left.ok) return left;
      if (!right.ok) return right;
      if (op !== '*' && right.value === 0) return { ok: false, reason: 'division by zero' };
      left = checked(op === '*' ? left.value * right.value : op === '/' ? Math.trunc(left.value / right.value) : left.value % right.value);
    }
  }

  private power(): ArithResult {
    const base = this.unary();
    if (this.next() !== '**') return base;
    this.pos++;
    if (++this.depth > 200) return { ok: false, reason: 'arithmetic nested too deeply' };
    const exp = this.power();
    this.depth--;
    if (!base.ok) return base;
    if (!exp.ok) return exp;
    if (exp.value < 0) return { ok: false, reason: 'negative exponent' };
    return checked(Math.pow(base.value, exp.value));
  }

  private unary(): ArithResult {
    const op = this.next();
    if (op === '-' || op === '+' || op === '!' || op === '~') {
      this.pos++;
      if (++this.depth > 200) return { ok: false, reason: 'arithmetic nested too deeply' };
      const v = this.unary();
      this.depth--;
      if (!v.ok) return v;
      return checked(op === '-' ? -v.value : op === '+' ? v.value : op === '!' ? (v.value === 0 ? 1 : 0) : -v.value - 1);
    }
    return this.primary();
  }

  private primary(): ArithResult {
    const t = this.next();
    if (t === undefined) return { ok: false, reason: 'incomplete arithmetic' };
    this.pos++;
    if (t === '(') {
      const v = this.ternary();
      if (this.next() !== ')') return { ok: false, reason: 'missing )' };
      this.pos++;
      return v;
    }
    if (/^0[xX]/.test(t)) return checked(parseInt(t.slice(2), 16));
    if (/^\d+$/.test(t)) return checked(t.length > 1 && t.startsWith('0') ? parseInt(t, 8) : Number(t));
    if (NAME.test(t)) {
      const after = this.next();
      if (after === '=' || after === '++' || after === '--') return { ok: false, reason: 'assignments in arithmetic are not evaluated' };
      return this.lookup(t, this.level);
    }
    return { ok: false, reason: `unsupported arithmetic at \`${t}\`` };
  }
}

function checked(v: number): ArithResult {
  return Number.isSafeInteger(v) ? { ok: true, value: v } : { ok: false, reason: Number.isNaN(v) ? 'not a number' : 'the result overflows 64-bit arithmetic' };
}

/** Longer `case` patterns are compared literally: a pattern is input, and a huge one must not become a huge regex. */
const MAX_GLOB_LENGTH = 256;
const MAX_GLOB_STARS = 8;

export function globToRegExp(pattern: string): RegExp {
  if (pattern.length > MAX_GLOB_LENGTH || pattern.split('*').length - 1 > MAX_GLOB_STARS) {
    return { test: (s: string) => s === pattern } as RegExp;
  }
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) re += '\\[';
      else {
        const body = pattern
          .slice(i + 1, close)
          .replace(/^!/, '^')
          .replace(/[\\\]]/g, '\\$&');
        re += `[${body}]`;
        i = close;
      }
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's');
}
