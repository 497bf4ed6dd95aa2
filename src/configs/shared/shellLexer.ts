// The lexer behind shellWords: bash text to words (with the parts they are built from:
// literals, `$…` expansions, arithmetic, command substitutions), operators, and array
// assignments, each with its offsets. Heredoc bodies and comments are skipped. Never executes;
// every loop advances, nesting is capped. It sees every character of a script (8 MB ones
// too), so plain text is taken in runs (one slice, not a string per character) and names are
// scanned by character code rather than by regular expressions on slices.

export type Part =
  | { readonly kind: 'literal'; readonly text: string; readonly start: number; readonly end: number; readonly exact: boolean; readonly quoted: boolean }
  | {
      readonly kind: 'parameter';
      readonly name: string;
      readonly index?: string;
      readonly length?: boolean;
      readonly op?: string;
      readonly arg?: readonly Part[];
      readonly quoted: boolean;
      readonly start: number;
      readonly end: number;
    }
  | { readonly kind: 'arithmetic'; readonly parts: readonly Part[]; readonly quoted: boolean; readonly start: number; readonly end: number }
  | { readonly kind: 'command'; readonly quoted: boolean; readonly start: number; readonly end: number };

export interface WordTok {
  readonly kind: 'word';
  readonly parts: readonly Part[];
  readonly start: number;
  readonly end: number;
}

export type Token =
  | WordTok
  | { readonly kind: 'operator'; readonly op: string; readonly start: number; readonly end: number }
  | {
      readonly kind: 'array';
      readonly name: string;
      readonly append: boolean;
      readonly elements: readonly WordTok[];
      readonly start: number;
      readonly end: number;
    }
  | { readonly kind: 'arithmetic'; readonly parts: readonly Part[]; readonly start: number; readonly end: number };

export const CONTROL_OPS = [';;&', ';;', ';&', '&&', '||', '|&', ';', '&', '|', '(', ')'];
const REDIRECT_OPS = ['&>>', '&>', '<<<', '<<-', '<<', '<>', '<&', '>>', '>&', '>|', '<', '>'];
/** Words after which a new command starts. */
const COMMAND_WORDS = new Set(['if', 'elif', 'then', 'else', 'while', 'until', 'do', '!', 'time', '{']);

/** Expansions nested deeper than this (`${A:-${B:-…}}`) are not read. */
const MAX_NESTING = 40;
/** Elements kept per array assignment. */
export const MAX_ELEMENTS = 1_000;

/** A table by char code: true where `chars` has the character (ASCII only). */
function charTable(chars: string): Uint8Array {
  const table = new Uint8Array(128);
  for (const ch of chars) table[ch.charCodeAt(0)] = 1;
  return table;
}
/** Characters that end a run of plain text in an unquoted word (everything `word()` treats specially). */
const WORD_SPECIAL = charTable(' \t\n\f\v\r;&|<>()\\\'"$`');
/** Characters that end a run of plain text inside double quotes. */
const QUOTED_SPECIAL = charTable('"\\$`');

function isNameChar(c: number): boolean {
  return c === 95 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

export class Lexer {
  /** Where tokens go: handed on one by one (shellWords runs each command as soon as it ends), so an 8 MB script never holds all its tokens at once. */
  private emit: (tok: Token) => void = () => {};
  readonly problems: Array<{ start: number; end: number; message: string }> = [];
  private i = 0;
  private depth = 0;
  private heredocs: Array<{ delim: string; stripTabs: boolean }> = [];

  constructor(private readonly s: string) {}

  /** All tokens in order. */
  run(): Token[] {
    const tokens: Token[] = [];
    this.stream((tok) => tokens.push(tok));
    return tokens;
  }

  /** Hands each token to `emit` as soon as it is read. */
  stream(emit: (tok: Token) => void): void {
    this.emit = emit;
    const s = this.s;
    let atCommandStart = true;
    while (this.i < s.length) {
      const c = s[this.i]!;
      if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
        this.i++;
        continue;
      }
      if (c === '\\' && this.isNewlineAt(this.i + 1)) {
        this.i = this.afterNewline(this.i + 1);
        continue;
      }
      if (c === '#') {
        const eol = s.indexOf('\n', this.i);
        this.i = eol < 0 ? s.length : eol;
        continue;
      }
      if (c === '\n') {
        this.emit({ kind: 'operator', op: '\n', start: this.i, end: this.i + 1 });
        this.i++;
        this.skipHeredocBodies();
        atCommandStart = true;
        continue;
      }
      if (atCommandStart && s.startsWith('((', this.i)) {
        this.emit(this.arithCommand());
        atCommandStart = false;
        continue;
      }
      if ((c === '<' || c === '>') && s[this.i + 1] === '(') {
        // Process substitution <(…): a file name only a run would know.
        const start = this.i;
        this.i += 2;
        this.skipBalanced('(', ')');
        this.emit({ kind: 'word', parts: [{ kind: 'command', quoted: false, start, end: this.i }], start, end: this.i });
        atCommandStart = false;
        continue;
      }
      // Operators are looked for only where one can start (most tokens are words).
      const fd = c >= '0' && c <= '9' ? /^\d+(?=[<>])/.exec(s.slice(this.i, this.i + 12)) : null;
      const opStart = this.i + (fd ? fd[0].length : 0);
      const oc = s[opStart];
      const redirect = oc === '<' || oc === '>' || oc === '&' ? REDIRECT_OPS.find((o) => s.startsWith(o, opStart)) : undefined;
      if (redirect && (fd || !(redirect === '<' && s[opStart + 1] === '('))) {
        this.emit({ kind: 'operator', op: redirect, start: this.i, end: opStart + redirect.length });
        this.i = opStart + redirect.length;
        if (redirect === '<<' || redirect === '<<-') this.readHeredocDelimiter(redirect === '<<-');
        continue;
      }
      const control = c === ';' || c === '&' || c === '|' || c === '(' || c === ')' ? CONTROL_OPS.find((o) => s.startsWith(o, this.i)) : undefined;
      if (control) {
        this.emit({ kind: 'operator', op: control, start: this.i, end: this.i + control.length });
        this.i += control.length;
        atCommandStart = control !== ')';
        continue;
      }
      const before = this.i;
      const w = this.word(true);
      if (this.i === before) {
        this.problems.push({ start: this.i, end: this.i + 1, message: `unexpected \`${c}\`` });
        this.i++;
        continue;
      }
      this.emit(w);
      // `if ((…))`, `while ((…))`: an arithmetic test follows these words.
      atCommandStart =
        w.kind === 'word' && w.parts.length === 1 && w.parts[0]!.kind === 'literal' && !w.parts[0]!.quoted && COMMAND_WORDS.has(w.parts[0]!.text);
    }
  }

  private isNewlineAt(j: number): boolean {
    return this.s[j] === '\n' || (this.s[j] === '\r' && this.s[j + 1] === '\n');
  }

  private afterNewline(j: number): number {
    return this.s[j] === '\r' ? j + 2 : j + 1;
  }

  private readHeredocDelimiter(stripTabs: boolean): void {
    const s = this.s;
    while (this.i < s.length && (s[this.i] === ' ' || s[this.i] === '\t')) this.i++;
    const w = this.word(false);
    this.emit(w);
    if (w.kind !== 'word') return;
    const delim = w.parts.map((p) => (p.kind === 'literal' ? p.text : this.s.slice(p.start, p.end))).join('');
    if (delim) this.heredocs.push({ delim, stripTabs });
  }

  private skipHeredocBodies(): void {
    const s = this.s;
    for (const h of this.heredocs) {
      while (this.i < s.length) {
        let end = s.indexOf('\n', this.i);
        if (end < 0) end = s.length;
        let line = s.slice(this.i, end).replace(/\r$/, '');
        if (h.stripTabs) line = line.replace(/^\t+/, '');
        this.i = Math.min(s.length, end + 1);
        if (line === h.delim) break;
      }
    }
    this.heredocs = [];
  }

  private arithCommand(): Token {
    const start = this.i;
    this.i += 2;
    const parts = this.until('))', false);
    return { kind: 'arithmetic', parts, start, end: this.i };
  }

  /** Reads raw text with `$` expansions until `close` at paren depth 0 (arithmetic bodies). */
  private until(close: string, quoted: boolean): Part[] {
    const s = this.s;
    const parts: Part[] = [];
    let lit = '';
    let litStart = this.i;
    let parens = 0;
    const flush = () => {
      if (lit) parts.push({ kind: 'literal', text: lit, start: litStart, end: this.i, exact: true, quoted: true });
      lit = '';
    };
    while (this.i < s.length) {
      if (parens === 0 && s.startsWith(close, this.i)) {
        flush();
        this.i += close.length;
        return parts;
      }
      const c = s[this.i]!;
      if (c === '$') {
        flush();
        parts.push(this.dollar(quoted));
        litStart = this.i;
        continue;
      }
      if (c === '\\' && this.isNewlineAt(this.i + 1)) {
        flush();
        this.i = this.afterNewline(this.i + 1);
        litStart = this.i;
        continue;
      }
      if (c === '(') parens++;
      else if (c === ')') parens--;
      lit += c;
      this.i++;
    }
    flush();
    this.problems.push({ start: litStart, end: s.length, message: `missing \`${close}\`` });
    return parts;
  }

  /**
   * One word. At command level an unquoted `NAME=(` / `NAME+=(` starts an array assignment;
   * `(`/`)` end a word (they are operators in bash too).
   */
  private word(allowArray: boolean): Token & ({ kind: 'word' } | { kind: 'array' }) {
    const s = this.s;
    const start = this.i;
    const parts: Part[] = [];
    // The pending literal: its text, and the source span from its first to its last character.
    let lit = '';
    let litStart = -1;
    let litEnd = -1;
    let quotedLit = false;
    const add = (text: string, from: number, to: number) => {
      if (litStart < 0) litStart = from;
      litEnd = to;
      lit += text;
    };
    const flushLit = () => {
      if (lit || quotedLit) {
        const at = litStart < 0 ? this.i : litStart;
        parts.push({ kind: 'literal', text: lit, start: at, end: litEnd < 0 ? at : litEnd, exact: true, quoted: quotedLit });
      }
      lit = '';
      litStart = -1;
      litEnd = -1;
      quotedLit = false;
    };
    while (this.i < s.length) {
      const c = s[this.i]!;
      if (c === ' ' || c === '\t' || c === '\n' || c === '\f' || c === '\v') break;
      if (c === '\r') {
        if (s[this.i + 1] === '\n') break;
        add(c, this.i, this.i + 1);
        this.i++;
        continue;
      }
      if (c === ';' || c === '&' || c === '|' || c === '<' || c === '>' || c === ')') break;
      if (c === '(') {
        const m = allowArray && parts.length === 0 && !quotedLit ? /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=$/.exec(lit) : null;
        if (m) {
          this.i++;
          return this.arrayBody(m[1]!, m[2] === '+', start);
        }
        break;
      }
      if (c === '\\') {
        if (this.isNewlineAt(this.i + 1)) {
          this.i = this.afterNewline(this.i + 1);
          continue;
        }
        if (this.i + 1 < s.length) add(s[this.i + 1]!, this.i, this.i + 2);
        this.i += 2;
        continue;
      }
      if (c === "'") {
        const end = s.indexOf("'", this.i + 1);
        const close = end < 0 ? s.length : end;
        if (end < 0) this.problems.push({ start: this.i, end: s.length, message: 'unterminated single quote' });
        if (close > this.i + 1) add(s.slice(this.i + 1, close), this.i + 1, close);
        quotedLit = true;
        this.i = close + 1;
        continue;
      }
      if (c === '$' && s[this.i + 1] === "'") {
        const from = this.i;
        this.i += 2;
        let text = '';
        while (this.i < s.length && s[this.i] !== "'") {
          if (s[this.i] === '\\' && this.i + 1 < s.length) {
            const n = s[this.i + 1]!;
            text += n === 'n' ? '\n' : n === 't' ? '\t' : n;
            this.i += 2;
          } else text += s[this.i++]!;
        }
        this.i++;
        add(text, from, this.i);
        quotedLit = true;
        continue;
      }
      if (c === '"') {
        flushLit();
        this.doubleQuoted(parts);
        continue;
      }
      if (c === '$' || c === '`') {
        flushLit();
        parts.push(c === '$' ? this.dollar(false) : this.backtick(false));
        continue;
      }
      // A run of ordinary characters, taken in one piece.
      let j = this.i + 1;
      while (j < s.length && !WORD_SPECIAL[s.charCodeAt(j)]) j++;
      add(s.slice(this.i, j), this.i, j);
      this.i = j;
    }
    flushLit();
    return { kind: 'word', parts, start, end: this.i };
  }

  private arrayBody(name: string, append: boolean, start: number): Token & { kind: 'array' } {
    const s = this.s;
    const elements: WordTok[] = [];
    while (this.i < s.length) {
      const c = s[this.i]!;
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\f' || c === '\v') {
        this.i++;
        continue;
      }
      if (c === '\\' && this.isNewlineAt(this.i + 1)) {
        this.i = this.afterNewline(this.i + 1);
        continue;
      }
      if (c === '#') {
        while (this.i < s.length && s[this.i] !== '\n') this.i++;
        continue;
      }
      if (c === ')') {
        this.i++;
        return { kind: 'array', name, append, elements, start, end: this.i };
      }
      const before = this.i;
      const w = this.word(false);
      if (w.kind === 'word' && this.i > before) {
        if (elements.length < MAX_ELEMENTS) elements.push(w);
      } else {
        // An operator character inside an array: bash rejects it; skip it and go on.
        this.problems.push({ start: this.i, end: this.i + 1, message: `unexpected \`${s[this.i]}\` in the array ${name}` });
        this.i++;
      }
    }
    this.problems.push({ start, end: s.length, message: `the array ${name}=( is never closed` });
    return { kind: 'array', name, append, elements, start, end: this.i };
  }

  private doubleQuoted(parts: Part[]): void {
    const s = this.s;
    const open = this.i;
    this.i++;
    let lit = '';
    let litStart = -1;
    let litEnd = -1;
    let produced = 0;
    const add = (text: string, from: number, to: number) => {
      if (litStart < 0) litStart = from;
      litEnd = to;
      lit += text;
    };
    const flush = () => {
      if (lit) {
        parts.push({ kind: 'literal', text: lit, start: litStart, end: litEnd, exact: true, quoted: true });
        produced++;
      }
      lit = '';
      litStart = -1;
      litEnd = -1;
    };
    while (this.i < s.length) {
      const c = s[this.i]!;
      if (c === '"') {
        flush();
        // `""` is still a word (an empty one).
        if (produced === 0) parts.push({ kind: 'literal', text: '', start: this.i, end: this.i, exact: true, quoted: true });
        this.i++;
        return;
      }
      if (c === '\\') {
        const n = s[this.i + 1];
        if (n === '\n' || (n === '\r' && s[this.i + 2] === '\n')) {
          this.i = this.afterNewline(this.i + 1);
          continue;
        }
        if (n === '$' || n === '`' || n === '"' || n === '\\') {
          add(n, this.i, this.i + 2);
          this.i += 2;
          continue;
        }
        add(c, this.i, this.i + 1);
        this.i++;
        continue;
      }
      if (c === '$' || c === '`') {
        flush();
        parts.push(c === '$' ? this.dollar(true) : this.backtick(true));
        produced++;
        continue;
      }
      let j = this.i + 1;
      while (j < s.length && !QUOTED_SPECIAL[s.charCodeAt(j)]) j++;
      add(s.slice(this.i, j), this.i, j);
      this.i = j;
    }
    this.problems.push({ start: open, end: s.length, message: 'unterminated double quote' });
    flush();
  }

  private backtick(quoted: boolean): Part {
    const start = this.i;
    this.i++;
    while (this.i < this.s.length && this.s[this.i] !== '`') this.i += this.s[this.i] === '\\' ? 2 : 1;
    this.i = Math.min(this.s.length, this.i + 1);
    return { kind: 'command', quoted, start, end: this.i };
  }

  /** `$NAME`, `${…}`, `$((…))`, `$(…)`, `$1`, `$@`; a lone `$` is literal. */
  private dollar(quoted: boolean): Part {
    const s = this.s;
    const start = this.i;
    const next = s[this.i + 1];
    if (this.depth > MAX_NESTING) {
      this.i = s.length;
      this.problems.push({ start, end: s.length, message: 'expansions are nested too deeply' });
      return { kind: 'command', quoted, start, end: s.length };
    }
    if (next === '(' && s[this.i + 2] === '(') {
      this.i += 3;
      this.depth++;
      const parts = this.until('))', true);
      this.depth--;
      return { kind: 'arithmetic', parts, quoted, start, end: this.i };
    }
    if (next === '(') {
      this.i += 2;
      this.skipBalanced('(', ')');
      return { kind: 'command', quoted, start, end: this.i };
    }
    if (next === '{') {
      this.i += 2;
      this.depth++;
      const p = this.braced(quoted, start);
      this.depth--;
      return p;
    }
    const n = next !== undefined ? this.nameLength(this.i + 1, false, 199) : 0;
    if (n > 0) {
      const name = s.slice(this.i + 1, this.i + 1 + n);
      this.i += 1 + n;
      return { kind: 'parameter', name, quoted, start, end: this.i };
    }
    this.i++;
    return { kind: 'literal', text: '$', start, end: this.i, exact: true, quoted };
  }

  /**
   * The length of the parameter name at `from`: a NAME, one special character (`@*#?$!-`), a
   * digit, or inside `${…}` (`digits`) a run of digits; 0 if none. At most `max` characters
   * are read (a longer name is cut there).
   */
  private nameLength(from: number, digits: boolean, max: number): number {
    const s = this.s;
    const end = Math.min(s.length, from + max);
    if (from >= end) return 0;
    const c = s.charCodeAt(from);
    if (c === 95 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
      let j = from + 1;
      while (j < end && isNameChar(s.charCodeAt(j))) j++;
      return j - from;
    }
    if (c >= 48 && c <= 57) {
      if (!digits) return 1;
      let j = from + 1;
      while (j < end && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
      return j - from;
    }
    return '@*#?$!-'.includes(s[from]!) ? 1 : 0;
  }

  private skipBalanced(open: string, close: string): void {
    const s = this.s;
    let depth = 1;
    while (this.i < s.length && depth > 0) {
      const c = s[this.i]!;
      if (c === '\\') {
        this.i += 2;
        continue;
      }
      if (c === "'") {
        const end = s.indexOf("'", this.i + 1);
        this.i = end < 0 ? s.length : end + 1;
        continue;
      }
      if (c === '"') {
        this.i++;
        while (this.i < s.length && s[this.i] !== '"') this.i += s[this.i] === '\\' ? 2 : 1;
        this.i++;
        continue;
      }
      if (c === open) depth++;
      else if (c === close) depth--;
      this.i++;
    }
    if (depth > 0) this.problems.push({ start: this.i, end: s.length, message: `missing \`${close}\`` });
    this.i = Math.min(this.i, s.length);
  }

  /** After `${`: name, optional [index], optional operator and word, up to the matching `}`. */
  private braced(quoted: boolean, start: number): Part {
    const s = this.s;
    let length = false;
    if (s[this.i] === '#' && s[this.i + 1] !== '}') {
      length = true;
      this.i++;
    }
    const n = this.nameLength(this.i, true, 200);
    if (n === 0) {
      this.skipBalanced('{', '}');
      return { kind: 'command', quoted, start, end: this.i };
    }
    const name = s.slice(this.i, this.i + n);
    this.i += name.length;
    let index: string | undefined;
    if (s[this.i] === '[') {
      const close = s.indexOf(']', this.i);
      if (close < 0) {
        this.skipBalanced('{', '}');
        return { kind: 'command', quoted, start, end: this.i };
      }
      index = s.slice(this.i + 1, close);
      this.i = close + 1;
    }
    if (s[this.i] === '}') {
      this.i++;
      return { kind: 'parameter', name, ...(index !== undefined ? { index } : {}), ...(length ? { length } : {}), quoted, start, end: this.i };
    }
    const op = /^(?::[-=+?]|[-=+?]|##?|%%?|\/\/?|\^\^?|,,?|:)/.exec(s.slice(this.i, this.i + 3))?.[0];
    if (!op) {
      this.skipBalanced('{', '}');
      return { kind: 'command', quoted, start, end: this.i };
    }
    this.i += op.length;
    const arg = this.braceWord(quoted);
    return { kind: 'parameter', name, ...(index !== undefined ? { index } : {}), op, arg, quoted, start, end: this.i };
  }

  /** The word inside `${VAR:-word}`: quotes and expansions allowed, ends at the matching `}`. */
  private braceWord(quoted: boolean): Part[] {
    const s = this.s;
    const parts: Part[] = [];
    let lit = '';
    let litStart = this.i;
    let exact = true;
    const flush = () => {
      if (lit) parts.push({ kind: 'literal', text: lit, start: litStart, end: this.i, exact, quoted });
      lit = '';
      exact = true;
    };
    while (this.i < s.length) {
      const c = s[this.i]!;
      if (c === '}') {
        flush();
        this.i++;
        return parts;
      }
      if (c === '\\' && this.i + 1 < s.length) {
        lit += s[this.i + 1]!;
        exact = false;
        this.i += 2;
        continue;
      }
      if (c === "'" && !quoted) {
        flush();
        const end = s.indexOf("'", this.i + 1);
        const close = end < 0 ? s.length : end;
        parts.push({ kind: 'literal', text: s.slice(this.i + 1, close), start: this.i + 1, end: close, exact: true, quoted: true });
        this.i = close + 1;
        litStart = this.i;
        continue;
      }
      if (c === '"') {
        flush();
        this.doubleQuoted(parts);
        litStart = this.i;
        continue;
      }
      if (c === '$' || c === '`') {
        flush();
        parts.push(c === '$' ? this.dollar(quoted) : this.backtick(quoted));
        litStart = this.i;
        continue;
      }
      if (!lit) litStart = this.i;
      lit += c;
      this.i++;
    }
    this.problems.push({ start: litStart, end: s.length, message: 'missing `}`' });
    flush();
    return parts;
  }
}

/** An unquoted word of one literal piece (a keyword or a command name as written). */
export function isPlain(t: Token): boolean {
  return t.kind === 'word' && t.parts.length === 1 && t.parts[0]!.kind === 'literal' && !t.parts[0]!.quoted;
}

export function plainText(t: Token): string {
  return t.kind === 'word' && t.parts[0]?.kind === 'literal' ? t.parts[0].text : '';
}

export function isKeyword(t: Token, kw: string): boolean {
  return isPlain(t) && plainText(t) === kw;
}
