// Bash scripts read as data: the words each command would receive, with the place in the file
// each word's text was written. Megatron-LM launch scripts keep their arguments in variables
// and arrays (`NUM_LAYERS=32`, `MODEL_ARGS=( --num-layers $NUM_LAYERS )`, `${MODEL_ARGS[@]}`),
// so a hint for `--num-layers` belongs on the line `NUM_LAYERS=32`.
//
// Why not a package: shell-quote (npm) splits one command line but has no source positions,
// no arrays and no variables that persist across lines; bash-parser is unmaintained and pulls
// in babylon; mvdan-sh / sh-syntax are GopherJS/WASM builds (large, async to load) and give a
// syntax tree only, with expansion still left to us. What Megatron scripts need is small:
// quoting, continuations, comments, heredocs, assignments, `${VAR:-default}`, `$((…))`,
// arrays, and `if`/`case` on simple string tests. That is this module.
//
// Nothing is executed. Command substitutions `$(…)` and variables the script does not set are
// unknown (marked, never guessed), except in `if`/`case` tests, where an unset variable is empty
// as in a clean environment. Loop bodies are read once. An `if` whose condition cannot be
// decided (`-f file`, a command) is read as taken. Notes say when a taken branch rests on such
// an assumption. Work is bounded: values, arrays and command lines are capped, nesting is
// limited, so hostile input cannot blow up. Lexing: shellLexer.ts; arithmetic: shellArith.ts.

import type { SourceRange } from '../../core/plan';
import { LineIndex } from './lines';
import { Arith, globToRegExp, type ArithResult } from './shellArith';
import { CONTROL_OPS, Lexer, MAX_ELEMENTS, type Part, type Token, type WordTok } from './shellLexer';

/** A word as the command receives it. */
export interface ShellWord {
  readonly text: string;
  /** Where the text is written: the literal itself, or for text from a variable, the assignment that holds it. */
  readonly range: SourceRange;
  /** Where the word appears in this command (`$VAR`, `${ARGS[@]}`, or the literal). */
  readonly refRange: SourceRange;
  /** False when part of it comes from a command's output or a variable the script does not set. */
  readonly known: boolean;
  /** Arithmetic, or joined from several pieces (`--lr=$LR`). */
  readonly computed: boolean;
  /** Variables the text passed through, outermost last (`['NUM_LAYERS']`). */
  readonly via: readonly string[];
  /** Variables not set in the script whose `${VAR:-default}` default was used. */
  readonly fallbacks: readonly string[];
  /** Variables referenced but never set (their expansion is empty or unknown). */
  readonly unset: readonly string[];
}

export interface ShellCommand {
  readonly words: readonly ShellWord[];
  /** The command as written (first to last word, continuation lines included). */
  readonly range: SourceRange;
  /** `"$@"`, `$*`, `$1`…: the script forwards its own arguments, which the file cannot show. */
  readonly forwardsArguments: boolean;
}

export interface ShellAssignment {
  readonly name: string;
  readonly isArray: boolean;
  /** The value as an unquoted expansion would split it (array elements split further). */
  readonly words: readonly ShellWord[];
  readonly range: SourceRange;
}

export interface ShellNote {
  readonly range: SourceRange;
  readonly message: string;
}

export interface ShellScript {
  /** Commands on the path the script takes, in order, after expansion (assignments excluded). */
  readonly commands: readonly ShellCommand[];
  /** Every assignment on that path, in order. */
  readonly assignments: readonly ShellAssignment[];
  /** A variable's final value as one word (arrays: elements joined by spaces), or null if never set. */
  variable(name: string): ShellWord | null;
  /** Conditions that could not be decided, and other things a reader may want to mention. */
  readonly notes: readonly ShellNote[];
  /** Unterminated quotes, unbalanced brackets, limits hit. */
  readonly problems: readonly ShellNote[];
}

const MAX_VALUE = 100_000;
const MAX_PIECES = 5_000;
const MAX_FIELDS = 20_000;
const MAX_TOTAL_FIELDS = 200_000;
const MAX_ARITH_DEPTH = 64;
/** Variable look-ups one script's arithmetic may make in all: bash would finish any real script far below it. */
const MAX_ARITH_LOOKUPS = 100_000;
const DEPTH_REASON = 'variables refer to each other too deeply';

// ---------------------------------------------------------------------------------------------
// Values and expansion

interface Origin {
  readonly start: number;
  readonly end: number;
  /** The text is exactly s.slice(start, end), so pieces of it have exact sub-ranges. */
  readonly exact: boolean;
  readonly known: boolean;
  readonly computed: boolean;
  readonly via: readonly string[];
  readonly fallbacks: readonly string[];
  readonly unset: readonly string[];
}

interface Chunk {
  readonly text: string;
  readonly origin: Origin;
  /** The word the chunk was written in (for a joined word's range). */
  readonly ownerStart: number;
  readonly ownerEnd: number;
  /** Result of an unquoted expansion: subject to word splitting. */
  readonly split: boolean;
  /** Counts as a word even when empty (quoted `""`, or an unknown value we keep a place for). */
  readonly keep: boolean;
}

type Field = Chunk[];

type Value =
  | { readonly kind: 'scalar'; readonly chunks: Field; readonly range: [number, number] }
  | { readonly kind: 'array'; readonly elements: Field[]; readonly range: [number, number] };

const IFS = /[ \t\n]/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Commands that do not change what a launch script passes on. */
const HARMLESS = new Set(['echo', 'printf', 'exit', 'return', 'mkdir', 'cd', 'set', 'shift', 'sleep', 'true', 'false', ':', 'trap', 'wait']);

function withVia(c: Chunk, name: string, split: boolean, owner?: [number, number]): Chunk {
  // A name once is enough (and keeps self-referencing values like A="$A$A" cheap).
  const via = c.origin.via;
  const origin = via.includes(name) || via.length >= 8 ? c.origin : { ...c.origin, via: [...via, name] };
  return { ...c, origin, split, keep: c.keep && !split, ...(owner ? { ownerStart: owner[0], ownerEnd: owner[1] } : {}) };
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}

/** Splits chunks into fields at unquoted whitespace of `split` chunks. */
function splitFields(chunks: readonly Chunk[]): Field[] {
  const fields: Field[] = [];
  let cur: Chunk[] = [];
  let has = false;
  const end = () => {
    if (has) fields.push(cur);
    cur = [];
    has = false;
  };
  for (const c of chunks) {
    if (!c.split) {
      cur.push(c);
      if (c.text !== '' || c.keep) has = true;
      continue;
    }
    if (c.text === '') {
      if (c.keep || !c.origin.known) {
        cur.push(c);
        has = true;
      }
      continue;
    }
    let i = 0;
    const t = c.text;
    while (i < t.length) {
      if (IFS.test(t[i]!)) {
        end();
        while (i < t.length && IFS.test(t[i]!)) i++;
        continue;
      }
      let j = i;
      while (j < t.length && !IFS.test(t[j]!)) j++;
      const piece =
        i === 0 && j === t.length
          ? c
          : { ...c, text: t.slice(i, j), origin: c.origin.exact ? { ...c.origin, start: c.origin.start + i, end: c.origin.start + j } : c.origin };
      cur.push({ ...piece, split: false });
      has = true;
      i = j;
    }
  }
  end();
  return fields;
}

function fieldText(f: Field): string {
  return f.map((c) => c.text).join('');
}

// ---------------------------------------------------------------------------------------------
// Running the script (as data)

type Tri = true | false | null;

interface IfFrame {
  readonly kind: 'if';
  readonly outer: boolean;
  phase: 'cond' | 'body';
  taken: boolean;
  active: boolean;
  cond: Array<{ words: WordTok[] | null; arith?: Token & { t: 'arith' }; op: string; start: number; end: number }>;
  condIsElif: boolean;
  note?: ShellNote;
  noteUsed?: boolean;
}
interface LoopFrame {
  readonly kind: 'loop';
  readonly outer: boolean;
  phase: 'head' | 'body';
  active: boolean;
}
interface CaseFrame {
  readonly kind: 'case';
  readonly outer: boolean;
  subject: { text: string; known: boolean; fallbacks: string[] } | null;
  note?: ShellNote;
  noteUsed?: boolean;
  phase: 'subject' | 'pattern' | 'body';
  readonly start: number;
  patterns: string[];
  taken: boolean;
  active: boolean;
}
interface GroupFrame {
  readonly kind: 'group';
  readonly outer: boolean;
  readonly closer: string;
  active: boolean;
}
type Frame = IfFrame | LoopFrame | CaseFrame | GroupFrame;

class Runner {
  private readonly vars = new Map<string, Value>();
  private readonly commands: ShellCommand[] = [];
  private readonly assignments: ShellAssignment[] = [];
  private readonly notes: ShellNote[] = [];
  private readonly problems: ShellNote[] = [];
  private readonly frames: Frame[] = [];
  private totalFields = 0;
  private limitReported = false;
  /**
   * Values of variables met while evaluating one `$((…))`: nothing can be assigned during an
   * evaluation, so a variable named again (`A=B+B+B`, `B=C+C+C`, …) is evaluated once, not once
   * per reference, which was exponential in the depth of such chains.
   */
  private readonly arithMemo = new Map<string, ArithResult>();
  private arithLookups = 0;

  constructor(private readonly lines: LineIndex) {}

  private get active(): boolean {
    const top = this.frames[this.frames.length - 1];
    return top ? top.active : true;
  }

  private range(start: number, end: number): SourceRange {
    return this.lines.range(start, end);
  }

  problem(start: number, end: number, message: string): void {
    this.problems.push({ range: this.range(start, end), message });
  }

  run(tokens: readonly Token[]): ShellScript {
    let cmd: Token[] = [];
    for (const tok of tokens) {
      if (tok.t === 'op' && (CONTROL_OPS.includes(tok.op) || tok.op === '\n')) {
        this.command(cmd, tok.op, tok);
        cmd = [];
        continue;
      }
      cmd.push(tok);
    }
    this.command(cmd, '\n', null);
    return {
      commands: this.commands,
      assignments: this.assignments,
      notes: this.notes,
      problems: this.problems,
      variable: (name: string): ShellWord | null => {
        const v = this.vars.get(name);
        if (!v) return null;
        const chunks: Chunk[] = v.kind === 'scalar' ? v.chunks : joinElements(v.elements, v.range);
        const f = chunks.map((c) => withVia(c, name, false));
        return this.toWord(f.length ? f : [this.emptyChunk(v.range[0], v.range[1], true)], v.range[0], v.range[1]);
      },
    };
  }

  private emptyChunk(start: number, end: number, known: boolean, extra: Partial<Origin> = {}): Chunk {
    return {
      text: '',
      origin: { start, end, exact: false, known, computed: false, via: [], fallbacks: [], unset: [], ...extra },
      ownerStart: start,
      ownerEnd: end,
      split: false,
      keep: true,
    };
  }

  /** One simple command (between control operators), `sep` being the operator after it. */
  private command(toks: Token[], sep: string, sepTok: Token | null, depth = 0): void {
    // Keywords are peeled off one by one; `! ! ! …` a million times must not exhaust the stack.
    if (depth > 100) return;
    // Redirections take the next word with them.
    const words: Token[] = [];
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i]!;
      if (t.t === 'op') {
        i++;
        continue;
      }
      words.push(t);
    }
    const top = this.frames[this.frames.length - 1];

    // Condition of an if/elif: collect until `then`.
    if (top?.kind === 'if' && top.phase === 'cond') {
      const first = words[0];
      if (first && isKeyword(first, 'then')) {
        this.decide(top);
        this.command(words.slice(1), sep, sepTok, depth + 1);
        return;
      }
      const start = words[0]?.start ?? sepTok?.start ?? 0;
      const end = words[words.length - 1]?.end ?? start;
      if (words.length === 1 && words[0]!.t === 'arith') top.cond.push({ words: null, arith: words[0], op: sep, start, end });
      else if (words.length > 0) top.cond.push({ words: words.filter((w): w is WordTok => w.t === 'word'), op: sep, start, end });
      else if (top.cond.length > 0 && sep !== '\n') top.cond[top.cond.length - 1]!.op = sep;
      return;
    }
    if (top?.kind === 'loop' && top.phase === 'head') {
      const doAt = words.findIndex((w) => isKeyword(w, 'do'));
      if (doAt < 0) return;
      top.phase = 'body';
      this.command(words.slice(doAt + 1), sep, sepTok, depth + 1);
      return;
    }
    if (top?.kind === 'case' && top.phase !== 'body') {
      this.casePatterns(top, words, sep);
      return;
    }

    if (words.length === 0) {
      if (sep === '(') this.frames.push({ kind: 'group', outer: this.active, closer: ')', active: this.active });
      else if (sep === ')') this.closeGroup(')');
      else if ((sep === ';;' || sep === ';&' || sep === ';;&') && top?.kind === 'case') this.endCaseBranch(top);
      return;
    }

    const first = words[0]!;
    if (first.t === 'word' && isPlain(first)) {
      const kw = plainText(first);
      switch (kw) {
        case 'if':
          this.frames.push({ kind: 'if', outer: this.active, phase: 'cond', taken: false, active: false, cond: [], condIsElif: false });
          this.command(words.slice(1), sep, sepTok, depth + 1);
          return;
        case 'elif':
          if (top?.kind === 'if') {
            top.phase = 'cond';
            top.cond = [];
            top.condIsElif = true;
            top.active = false;
            this.command(words.slice(1), sep, sepTok, depth + 1);
          }
          return;
        case 'else':
          if (top?.kind === 'if') {
            this.dropUnusedNote(top);
            top.active = top.outer && !top.taken;
            top.taken = true;
            this.command(words.slice(1), sep, sepTok, depth + 1);
          }
          return;
        case 'fi':
          if (top?.kind === 'if') {
            this.dropUnusedNote(top);
            this.frames.pop();
          }
          this.command(words.slice(1), sep, sepTok, depth + 1);
          return;
        case 'for':
        case 'while':
        case 'until':
        case 'select':
          this.frames.push({ kind: 'loop', outer: this.active, phase: 'head', active: this.active });
          this.command(words.slice(1), sep, sepTok, depth + 1);
          return;
        case 'done':
          if (top?.kind === 'loop') this.frames.pop();
          this.command(words.slice(1), sep, sepTok, depth + 1);
          return;
        case 'case': {
          const frame: CaseFrame = {
            kind: 'case',
            outer: this.active,
            subject: null,
            phase: 'subject',
            start: first.start,
            patterns: [],
            taken: false,
            active: false,
          };
          this.frames.push(frame);
          this.casePatterns(frame, words.slice(1), sep);
          return;
        }
        case 'esac':
          if (top?.kind === 'case') {
            this.dropUnusedNote(top);
            this.frames.pop();
          }
          this.command(words.slice(1), sep, sepTok, depth + 1);
          return;
        case '{':
          this.frames.push({ kind: 'group', outer: this.active, closer: '}', active: this.active });
          this.command(words.slice(1), sep, sepTok, depth + 1);
          return;
        case '}':
          this.closeGroup('}');
          this.command(words.slice(1), sep, sepTok, depth + 1);
          return;
        case 'then':
        case 'do':
          this.command(words.slice(1), sep, sepTok, depth + 1);
          return;
        case '!':
        case 'time':
        case 'function':
          if (kw === 'function') return;
          this.command(words.slice(1), sep, sepTok, depth + 1);
          return;
      }
    }
    if (sep === '(' && words.length === 1) {
      // `name() {`: a function header; its body is read in place.
      return;
    }
    if (this.active) this.simple(words);
    if (sep === '(') this.frames.push({ kind: 'group', outer: this.active, closer: ')', active: this.active });
    else if (sep === ')') this.closeGroup(')');
    else if ((sep === ';;' || sep === ';&' || sep === ';;&') && top?.kind === 'case') this.endCaseBranch(top);
  }

  private closeGroup(closer: string): void {
    const top = this.frames[this.frames.length - 1];
    if (top?.kind === 'group' && top.closer === closer) this.frames.pop();
  }

  private casePatterns(frame: CaseFrame, words: Token[], sep: string): void {
    let rest = words;
    if (frame.phase === 'subject') {
      const subject = rest[0];
      if (subject?.t === 'word') {
        const f = this.expand(subject, 'nosplit')[0] ?? [];
        const fallbacks = [...new Set(f.flatMap((c) => [...c.origin.fallbacks, ...c.origin.unset]))];
        frame.subject = { text: fieldText(f), known: f.every((c) => c.origin.known || c.origin.unset.length > 0), fallbacks };
      }
      const inAt = rest.findIndex((w) => isKeyword(w, 'in'));
      if (inAt < 0) return;
      frame.phase = 'pattern';
      rest = rest.slice(inAt + 1);
    }
    for (const w of rest) {
      if (isKeyword(w, 'esac') && frame.phase === 'pattern') {
        this.dropUnusedNote(frame);
        this.frames.pop();
        return;
      }
      if (w.t === 'word') frame.patterns.push(fieldText(this.expand(w, 'nosplit')[0] ?? []));
    }
    if (sep === ')') {
      const subject = frame.subject;
      let match: Tri = null;
      if (subject && subject.known) match = frame.patterns.some((p) => globToRegExp(p.replace(/^\(/, '')).test(subject.text));
      else if (frame.patterns.some((p) => p === '*')) match = true;
      frame.active = frame.outer && !frame.taken && match === true;
      if (frame.active) {
        frame.taken = true;
        if (subject && subject.fallbacks.length > 0) {
          const names = subject.fallbacks.map((f) => (f.startsWith('$') ? f : `$${f}`)).join(', ');
          frame.note = {
            range: this.range(frame.start, frame.start),
            message: `this case branch is chosen assuming ${names} ${subject.fallbacks.length === 1 ? 'is' : 'are'} not set when the script runs (the script's own defaults apply)`,
          };
          frame.noteUsed = false;
          this.notes.push(frame.note);
        }
      }
      frame.patterns = [];
      frame.phase = 'body';
    }
  }

  private endCaseBranch(frame: CaseFrame): void {
    this.dropUnusedNote(frame);
    frame.phase = 'pattern';
    frame.active = false;
  }

  private decide(frame: IfFrame): void {
    frame.phase = 'body';
    this.dropUnusedNote(frame);
    if (!frame.outer || frame.taken) {
      frame.active = false;
      return;
    }
    const fallbacks: string[] = [];
    const verdict = this.condition(frame.cond, fallbacks);
    const first = frame.cond[0];
    if (first && (verdict === null || fallbacks.length > 0)) {
      const last = frame.cond[frame.cond.length - 1]!;
      const message =
        verdict === null
          ? 'this condition depends on something the script does not set; its branch is read as taken'
          : `this branch is read as ${verdict ? 'taken' : 'skipped'}, assuming ${fallbacks.map((f) => (f.startsWith('$') ? f : `$${f}`)).join(', ')} ${fallbacks.length === 1 ? 'is' : 'are'} not set when the script runs (the script's own defaults apply)`;
      frame.note = { range: this.range(first.start, last.end), message };
      frame.noteUsed = false;
      this.notes.push(frame.note);
    }
    frame.active = verdict !== false;
    if (frame.active) frame.taken = true;
  }

  /** Notes about a condition only matter if its branch set something or ran something. */
  private dropUnusedNote(frame: IfFrame | CaseFrame): void {
    if (frame.note && !frame.noteUsed) {
      const at = this.notes.indexOf(frame.note);
      if (at >= 0) this.notes.splice(at, 1);
    }
    frame.note = undefined;
  }

  private effect(): void {
    for (const f of this.frames) if ((f.kind === 'if' || f.kind === 'case') && f.note && f.active) f.noteUsed = true;
  }

  /** `[[ … ]]`, `[ … ]`, `test`, `(( … ))`, true/false joined by && and ||. */
  private condition(list: IfFrame['cond'], fallbacks: string[]): Tri {
    let result: Tri = true;
    let pendingOp: string | null = null;
    for (const item of list) {
      const v = item.arith ? this.arithTest(item.arith) : this.testCommand(item.words ?? [], fallbacks);
      if (pendingOp === '&&') result = result === false || v === false ? false : result === true && v === true ? true : null;
      else if (pendingOp === '||') result = result === true || v === true ? true : result === false && v === false ? false : null;
      else result = v;
      pendingOp = item.op === '&&' || item.op === '||' ? item.op : null;
    }
    return result;
  }

  private arithTest(tok: Token & { t: 'arith' }): Tri {
    const text = this.arithText(tok.parts);
    if (text === null) return null;
    const r = this.evalArith(text);
    return r.ok ? r.value !== 0 : null;
  }

  private testCommand(words: readonly WordTok[], fallbacks: string[]): Tri {
    const texts: Array<{ text: string; known: boolean; plain: boolean }> = words.map((w) => {
      const f = this.expand(w, 'nosplit')[0] ?? [];
      // A variable the script never sets is empty when it runs in a clean environment: test it
      // as such, and say so (a note) if the branch matters.
      for (const c of f) for (const name of [...c.origin.fallbacks, ...c.origin.unset]) if (!fallbacks.includes(name)) fallbacks.push(name);
      return { text: fieldText(f), known: f.every((c) => c.origin.known || c.origin.unset.length > 0), plain: isPlain(w) };
    });
    let items = texts;
    let negate = false;
    while (items[0]?.plain && items[0].text === '!') {
      negate = !negate;
      items = items.slice(1);
    }
    const head = items[0];
    if (head?.plain && (head.text === '[[' || head.text === '[' || head.text === 'test')) items = items.slice(1);
    const tail = items[items.length - 1];
    if (tail?.plain && (tail.text === ']]' || tail.text === ']')) items = items.slice(0, -1);
    if (head?.plain && (head.text === 'true' || head.text === ':') && items.length === 1) return !negate;
    if (head?.plain && head.text === 'false' && items.length === 1) return negate;
    if (!(head?.plain && (head.text === '[[' || head.text === '[' || head.text === 'test')) && !(tail?.plain && (tail.text === ']]' || tail.text === ']')))
      return null;
    while (items[0]?.plain && items[0].text === '!') {
      negate = !negate;
      items = items.slice(1);
    }
    let v: Tri = null;
    const [a, b, c] = items;
    if (items.length === 1 && a) v = a.known ? a.text !== '' : null;
    else if (items.length === 2 && a && b && a.plain && (a.text === '-z' || a.text === '-n')) v = b.known ? (a.text === '-z') === (b.text === '') : null;
    else if (items.length === 3 && a && b && c && b.plain) {
      if (!a.known || !c.known) v = null;
      else if (b.text === '==' || b.text === '=') v = globToRegExp(c.text).test(a.text);
      else if (b.text === '!=') v = !globToRegExp(c.text).test(a.text);
      else if (/^-(eq|ne|lt|le|gt|ge)$/.test(b.text)) {
        const x = Number(a.text);
        const y = Number(c.text);
        if (!Number.isInteger(x) || !Number.isInteger(y)) v = null;
        else
          v =
            b.text === '-eq' ? x === y : b.text === '-ne' ? x !== y : b.text === '-lt' ? x < y : b.text === '-le' ? x <= y : b.text === '-gt' ? x > y : x >= y;
      }
    }
    return v === null ? null : negate ? !v : v;
  }

  /** A command on the taken path: assignments, declaration builtins, or a command to report. */
  private simple(words: Token[]): void {
    let i = 0;
    const assigned: Array<() => void> = [];
    for (; i < words.length; i++) {
      const w = words[i]!;
      if (w.t === 'array') {
        assigned.push(() => this.assignArray(w));
        continue;
      }
      if (w.t === 'word') {
        const a = assignmentOf(w);
        if (a) {
          assigned.push(() => this.assignScalar(a.name, a.append, a.value, w));
          continue;
        }
      }
      break;
    }
    if (i === words.length) {
      // Only assignments: they persist. (Before a command they would be its environment only.)
      for (const f of assigned) f();
      if (assigned.length) this.effect();
      return;
    }
    const head = words[i]!;
    if (head.t === 'word' && isPlain(head)) {
      const name = plainText(head);
      if (['export', 'declare', 'typeset', 'local', 'readonly'].includes(name)) {
        this.effect();
        for (const w of words.slice(i + 1)) {
          if (w.t === 'array') this.assignArray(w);
          else if (w.t === 'word') {
            const a = assignmentOf(w);
            if (a) this.assignScalar(a.name, a.append, a.value, w);
          }
        }
        return;
      }
      if (name === 'unset') {
        for (const w of words.slice(i + 1)) if (w.t === 'word' && isPlain(w) && !plainText(w).startsWith('-')) this.vars.delete(plainText(w));
        return;
      }
    }
    // A command: expand its words.
    const out: ShellWord[] = [];
    let forwards = false;
    expansion: for (const w of words.slice(i)) {
      if (w.t !== 'word') continue;
      if (w.parts.some((p) => p.k === 'param' && (p.name === '@' || p.name === '*' || /^\d+$/.test(p.name)) && !p.op)) forwards = true;
      if (out.length >= MAX_FIELDS || this.totalFields >= MAX_TOTAL_FIELDS) {
        this.limit(w.start, w.end);
        break;
      }
      for (const f of this.expand(w, 'split')) {
        if (out.length >= MAX_FIELDS || this.totalFields >= MAX_TOTAL_FIELDS) {
          this.limit(w.start, w.end);
          break expansion;
        }
        out.push(this.toWord(f, w.start, w.end));
        this.totalFields++;
      }
    }
    if (out.length > 0) {
      const last = words[words.length - 1]!;
      this.commands.push({ words: out, range: this.range(words[i]!.start, last.end), forwardsArguments: forwards });
      if (!HARMLESS.has(out[0]!.text)) this.effect();
    }
  }

  private limit(start: number, end: number): void {
    if (this.limitReported) return;
    this.limitReported = true;
    this.problem(start, end, 'the script expands to more words than Scaling Lens reads; the rest is ignored');
  }

  private assignScalar(name: string, append: boolean, parts: readonly Part[], w: WordTok): void {
    const f = this.expandParts(parts, 'nosplit', w.start, w.end)[0] ?? [];
    let chunks: Chunk[] = f.length ? f : [this.emptyChunk(w.end, w.end, true)];
    const prev = this.vars.get(name);
    if (append && prev) chunks = [...(prev.kind === 'scalar' ? prev.chunks : (prev.elements[0] ?? [])), ...chunks];
    chunks = this.capChunks(chunks, w);
    if (prev?.kind === 'array' && !append) {
      // NAME=value on an array sets element 0.
      const elements = [chunks, ...prev.elements.slice(1)];
      this.vars.set(name, { kind: 'array', elements, range: [w.start, w.end] });
    } else if (prev?.kind === 'array' && append) {
      const elements = [chunks, ...prev.elements.slice(1)];
      this.vars.set(name, { kind: 'array', elements, range: [w.start, w.end] });
    } else {
      this.vars.set(name, { kind: 'scalar', chunks, range: [w.start, w.end] });
    }
    this.recordAssignment(name, false, [chunks], w.start, w.end);
  }

  /**
   * Assignments keep their value; its words are split on first use (most assignments are never
   * asked for them, and a large script has hundreds of thousands).
   */
  private recordAssignment(name: string, isArray: boolean, values: readonly (readonly Chunk[])[], start: number, end: number): void {
    let words: ShellWord[] | undefined;
    const split = () => values.flatMap((v) => this.assignmentWords(v, start, end));
    this.assignments.push({
      name,
      isArray,
      get words() {
        return (words ??= split());
      },
      range: this.range(start, end),
    });
  }

  /**
   * The words an assignment's value splits into, counted against the same total as command
   * words: a 49,000-word value assigned 2,000 times would otherwise keep 98M words.
   */
  private assignmentWords(chunks: readonly Chunk[], start: number, end: number): ShellWord[] {
    const words: ShellWord[] = [];
    if (this.totalFields >= MAX_TOTAL_FIELDS) {
      this.limit(start, end);
      return words;
    }
    for (const f of splitFields(chunks.map((c) => ({ ...c, split: true, keep: false })))) {
      if (++this.totalFields > MAX_TOTAL_FIELDS) {
        this.limit(start, end);
        break;
      }
      words.push(this.toWord(f, start, end));
    }
    return words;
  }

  private capChunks(chunks: Chunk[], w: WordTok): Chunk[] {
    const length = chunks.reduce((n, c) => n + c.text.length, 0);
    if (length <= MAX_VALUE && chunks.length <= MAX_PIECES) return chunks;
    this.limit(w.start, w.end);
    return [{ ...this.emptyChunk(w.start, w.end, false), text: '' }];
  }

  private assignArray(tok: Token & { t: 'array' }): void {
    const elements: Field[] = [];
    fill: for (const el of tok.elements) {
      if (elements.length >= MAX_ELEMENTS) {
        this.limit(tok.start, tok.end);
        break;
      }
      for (const f of this.expand(el, 'split')) {
        if (elements.length >= MAX_ELEMENTS) {
          this.limit(tok.start, tok.end);
          break fill;
        }
        elements.push(f);
      }
    }
    const prev = this.vars.get(tok.name);
    const all = tok.append && prev ? [...(prev.kind === 'array' ? prev.elements : [prev.chunks]), ...elements].slice(0, MAX_ELEMENTS) : elements;
    this.vars.set(tok.name, { kind: 'array', elements: all, range: [tok.start, tok.end] });
    this.recordAssignment(tok.name, true, elements, tok.start, tok.end);
  }

  private expand(w: WordTok, mode: 'split' | 'nosplit'): Field[] {
    return this.expandParts(w.parts, mode, w.start, w.end);
  }

  /**
   * Expands a word's parts into fields. `nosplit` (assignment values, tests): one field, arrays
   * joined by spaces. `split`: unquoted expansions split at whitespace, `"${A[@]}"` one field per
   * element, empty unquoted expansions dropped (unknown ones keep a placeholder).
   */
  private expandParts(parts: readonly Part[], mode: 'split' | 'nosplit', wStart: number, wEnd: number): Field[] {
    if (parts.length > MAX_PIECES) {
      // One word of a million `$$`: more pieces than any value may keep, so it is not expanded at all.
      this.limit(wStart, wEnd);
      return [[this.emptyChunk(wStart, wEnd, false)]];
    }
    const segments: Chunk[][] = [];
    let cur: Chunk[] = [];
    for (const p of parts) {
      if (p.k === 'lit') {
        cur.push({
          text: p.text,
          origin: {
            start: p.start,
            end: p.end,
            exact: p.exact && p.text.length === p.end - p.start,
            known: true,
            computed: false,
            via: [],
            fallbacks: [],
            unset: [],
          },
          ownerStart: wStart,
          ownerEnd: wEnd,
          split: false,
          keep: p.quoted,
        });
        continue;
      }
      const split = mode === 'split' && !p.quoted;
      const v = this.partValue(p, wStart, wEnd);
      if (v.kind === 'scalar') {
        for (const c of v.chunks) cur.push({ ...c, split, keep: (c.keep && !split) || p.quoted || !c.origin.known || mode === 'nosplit' });
        continue;
      }
      // Several words: "${A[@]}", ${A[@]}, "$@".
      if (mode === 'nosplit') {
        cur.push(...joinElements(v.elements, [p.start, p.end]).map((c) => ({ ...c, split: false })));
        continue;
      }
      v.elements.forEach((el, idx) => {
        for (const c of el) cur.push({ ...c, split, keep: p.quoted || c.keep });
        if (p.quoted && el.length === 0) cur.push(this.emptyChunk(p.start, p.end, true));
        if (idx < v.elements.length - 1) {
          segments.push(cur);
          cur = [];
        }
      });
    }
    segments.push(cur);
    if (mode === 'nosplit') return [segments.flat()];
    const fields: Field[] = [];
    for (const seg of segments) fields.push(...splitFields(seg));
    return fields;
  }

  private arithText(parts: readonly Part[]): string | null {
    let text = '';
    for (const p of parts) {
      if (p.k === 'lit') text += p.text;
      else {
        const v = this.partValue(p, p.start, p.end);
        const chunks = v.kind === 'scalar' ? v.chunks : joinElements(v.elements, [p.start, p.end]);
        if (chunks.some((c) => !c.origin.known)) return null;
        text += chunks.map((c) => c.text).join('');
      }
      if (text.length > MAX_VALUE) return null;
    }
    return text;
  }

  /** One top-level `$((…))`, `((…))` or `let`: variables are looked up afresh, as the script may have changed them since. */
  private evalArith(text: string): ArithResult {
    this.arithMemo.clear();
    return new Arith((n, d) => this.arithLookup(n, d), 0).eval(text);
  }

  private arithLookup(name: string, depth: number): ArithResult {
    if (depth > MAX_ARITH_DEPTH) return { ok: false, reason: DEPTH_REASON };
    const known = this.arithMemo.get(name);
    if (known) return known;
    if (++this.arithLookups > MAX_ARITH_LOOKUPS) return { ok: false, reason: 'the script does more arithmetic than is evaluated here' };
    const result = this.arithValue(name, depth);
    // A chain cut by the depth limit might evaluate when the same name is met nearer the top.
    if (result.ok || result.reason !== DEPTH_REASON) this.arithMemo.set(name, result);
    return result;
  }

  private arithValue(name: string, depth: number): ArithResult {
    const v = this.vars.get(name);
    if (!v) return { ok: false, reason: `${name} is not set in the script` };
    const chunks = v.kind === 'scalar' ? v.chunks : (v.elements[0] ?? []);
    if (chunks.some((c) => !c.origin.known)) return { ok: false, reason: `${name} is not known` };
    const text = chunks
      .map((c) => c.text)
      .join('')
      .trim();
    if (text === '') return { ok: true, value: 0 };
    return new Arith((n, d) => this.arithLookup(n, d), depth + 1).eval(text);
  }

  /** The value of `$…` parts: one scalar (chunks) or several words (arrays, `$@`). */
  private partValue(p: Exclude<Part, { k: 'lit' }>, wStart: number, wEnd: number): { kind: 'scalar'; chunks: Chunk[] } | { kind: 'multi'; elements: Field[] } {
    const unknown = (extra: Partial<Origin> = {}): { kind: 'scalar'; chunks: Chunk[] } => ({
      kind: 'scalar',
      chunks: [{ ...this.emptyChunk(p.start, p.end, false, extra), ownerStart: wStart, ownerEnd: wEnd, keep: false }],
    });
    if (p.k === 'cmd') return unknown();
    if (p.k === 'arith') {
      const text = this.arithText(p.parts);
      const vias = p.parts.filter((x): x is Part & { k: 'param' } => x.k === 'param').map((x) => x.name);
      const named = text === null ? [] : (text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
      const via = union(vias, named);
      if (text === null) return unknown({ computed: true, via });
      const r = this.evalArith(text);
      if (!r.ok) return unknown({ computed: true, via });
      return {
        kind: 'scalar',
        chunks: [
          {
            text: String(r.value),
            origin: { start: p.start, end: p.end, exact: false, known: true, computed: true, via, fallbacks: this.fallbacksOf(via), unset: [] },
            ownerStart: wStart,
            ownerEnd: wEnd,
            split: false,
            keep: false,
          },
        ],
      };
    }
    // Parameters.
    const name = p.name;
    if (name === '@' || name === '*' || /^\d+$/.test(name) || name === '#') {
      // The script's own arguments are not in the file.
      if (p.op && /^:?[-=]$/.test(p.op) && p.arg) return this.defaultValue(p, name, wStart, wEnd, true);
      if (name === '#') return { kind: 'scalar', chunks: [{ ...this.emptyChunk(p.start, p.end, false), ownerStart: wStart, ownerEnd: wEnd, keep: false }] };
      if ((name === '@' || name === '*') && !p.op) return { kind: 'multi', elements: [] };
      return unknown({ unset: [`$${name}`] });
    }
    if (name === '?' || name === '$' || name === '!' || name === '-') return unknown();
    const v = this.vars.get(name);
    if (p.length) {
      if (!v) return unknown({ unset: [name] });
      const n =
        v.kind === 'array' && (p.index === '@' || p.index === '*')
          ? v.elements.length
          : fieldText(v.kind === 'scalar' ? v.chunks : (v.elements[0] ?? [])).length;
      return {
        kind: 'scalar',
        chunks: [
          {
            text: String(n),
            origin: { start: p.start, end: p.end, exact: false, known: true, computed: true, via: [name], fallbacks: [], unset: [] },
            ownerStart: wStart,
            ownerEnd: wEnd,
            split: false,
            keep: false,
          },
        ],
      };
    }
    if (p.op) {
      const isSet = v !== undefined;
      const text = v ? fieldText(v.kind === 'scalar' ? v.chunks : (v.elements[0] ?? [])) : '';
      const colon = p.op.startsWith(':');
      const empty = colon ? text === '' : !isSet;
      switch (p.op) {
        case ':-':
        case '-':
        case ':=':
        case '=':
          if (empty) return this.defaultValue(p, name, wStart, wEnd, !isSet);
          break;
        case ':+':
        case '+':
          if (empty) return { kind: 'scalar', chunks: [] };
          return { kind: 'scalar', chunks: this.expandParts(p.arg ?? [], 'nosplit', wStart, wEnd)[0] ?? [] };
        case ':?':
        case '?':
          if (empty) return unknown({ unset: [name] });
          break;
        default:
          // Pattern removal, substitution, case changes: not evaluated.
          return unknown({ via: [name] });
      }
    }
    if (!v) return unknown({ unset: [name] });
    if (v.kind === 'array') {
      if (p.index === '@' || p.index === '*') {
        const elements = v.elements.map((el) => el.map((c) => withVia(c, name, false)));
        if (p.index === '*' && p.quoted) return { kind: 'scalar', chunks: joinElements(elements, [p.start, p.end]) };
        return { kind: 'multi', elements };
      }
      const idx = p.index === undefined ? 0 : Number(p.index);
      if (!Number.isInteger(idx) || idx < 0) return unknown({ via: [name] });
      const el = v.elements[idx];
      return el ? { kind: 'scalar', chunks: el.map((c) => withVia(c, name, false)) } : { kind: 'scalar', chunks: [] };
    }
    if (p.index !== undefined && p.index !== '0' && p.index !== '@' && p.index !== '*') return { kind: 'scalar', chunks: [] };
    // A scalar's pieces now belong to the word that references it (a joined word's range).
    return { kind: 'scalar', chunks: v.chunks.map((c) => withVia(c, name, false, [wStart, wEnd])) };
  }

  private defaultValue(p: Part & { k: 'param' }, name: string, wStart: number, wEnd: number, fromEnvironment: boolean): { kind: 'scalar'; chunks: Chunk[] } {
    const chunks = (this.expandParts(p.arg ?? [], 'nosplit', wStart, wEnd)[0] ?? []).map((c) => ({
      ...c,
      origin: { ...c.origin, fallbacks: fromEnvironment ? union(c.origin.fallbacks, [NAME.test(name) ? name : `$${name}`]) : c.origin.fallbacks },
    }));
    if ((p.op === ':=' || p.op === '=') && NAME.test(name)) this.vars.set(name, { kind: 'scalar', chunks, range: [p.start, p.end] });
    return { kind: 'scalar', chunks: chunks.length ? chunks : [{ ...this.emptyChunk(p.start, p.end, true), keep: false }] };
  }

  private fallbacksOf(names: readonly string[]): string[] {
    const out: string[] = [];
    for (const n of names) {
      const v = this.vars.get(n);
      if (v) for (const c of v.kind === 'scalar' ? v.chunks : v.elements.flat()) out.push(...c.origin.fallbacks);
    }
    return [...new Set(out)];
  }

  toWord(f: Field, refStart: number, refEnd: number): ShellWord {
    const text = fieldText(f);
    const refRange = this.range(refStart, refEnd);
    if (f.length === 1) {
      const o = f[0]!.origin;
      return { text, range: this.range(o.start, o.end), refRange, known: o.known, computed: o.computed, via: o.via, fallbacks: o.fallbacks, unset: o.unset };
    }
    const owner =
      f.every((c) => c.ownerStart === f[0]!.ownerStart && c.ownerEnd === f[0]!.ownerEnd) && f[0] ? [f[0].ownerStart, f[0].ownerEnd] : [refStart, refEnd];
    return {
      text,
      range: this.range(owner[0]!, owner[1]!),
      refRange,
      known: f.every((c) => c.origin.known),
      computed: f.some((c) => c.origin.computed || c.origin.via.length > 0),
      via: [...new Set(f.flatMap((c) => c.origin.via))],
      fallbacks: [...new Set(f.flatMap((c) => c.origin.fallbacks))],
      unset: [...new Set(f.flatMap((c) => c.origin.unset))],
    };
  }
}

function joinElements(elements: readonly Field[], range: [number, number]): Chunk[] {
  const out: Chunk[] = [];
  elements.forEach((el, i) => {
    if (i > 0)
      out.push({
        text: ' ',
        origin: { start: range[0], end: range[1], exact: false, known: true, computed: false, via: [], fallbacks: [], unset: [] },
        ownerStart: range[0],
        ownerEnd: range[1],
        split: false,
        keep: false,
      });
    out.push(...el);
  });
  return out;
}

function isPlain(t: Token): boolean {
  return t.t === 'word' && t.parts.length === 1 && t.parts[0]!.k === 'lit' && !t.parts[0]!.quoted;
}

function plainText(t: Token): string {
  return t.t === 'word' && t.parts[0]?.k === 'lit' ? t.parts[0].text : '';
}

function isKeyword(t: Token, kw: string): boolean {
  return isPlain(t) && plainText(t) === kw;
}

/** `NAME=value` / `NAME+=value` with an unquoted name. */
function assignmentOf(w: WordTok): { name: string; append: boolean; value: Part[] } | null {
  const first = w.parts[0];
  if (!first || first.k !== 'lit' || first.quoted) return null;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=/.exec(first.text);
  if (!m) return null;
  const rest = first.text.slice(m[0].length);
  const offset = first.start + (first.exact ? m[0].length : 0);
  const value: Part[] = [];
  if (rest) value.push({ ...first, text: rest, start: offset, end: first.end });
  value.push(...w.parts.slice(1));
  return { name: m[1]!, append: m[2] === '+', value };
}

/**
 * readShellScript, remembering the last text: a reader's detect() and read() (and the several
 * shell readers: Megatron, llm.c, nanochat) see the same text in one analysis, so it is parsed
 * once. The result is read-only data.
 */
let lastScript: { readonly text: string; readonly script: ShellScript } | undefined;
export function shellScriptOf(text: string): ShellScript {
  if (lastScript?.text !== text) lastScript = { text, script: readShellScript(text) };
  return lastScript.script;
}

/** Reads a bash script as data: the commands on its path with their expanded words. */
export function readShellScript(text: string): ShellScript {
  const lines = new LineIndex(text);
  const lexer = new Lexer(text);
  const tokens = lexer.run();
  const runner = new Runner(lines);
  for (const p of lexer.problems) runner.problem(p.start, p.end, p.message);
  return runner.run(tokens);
}
