// Control flow and statements: runs a bash script as data, deciding which statements are on
// the path it takes and what each one does. `if`/`elif`/`else` and `case` pick a branch when
// their test can be decided (shellConditions.ts), otherwise the branch is read as taken and a
// note says so; loop bodies are read once; `{ … }` and `( … )` groups and function bodies are
// read in place. On the taken path, assignments set variables, `export`/`declare`/`local` too,
// `unset` removes them, and any other command is recorded with its expanded words
// (shellExpansion.ts). Nothing is executed; word counts are capped and keyword peeling is
// depth-limited.

import type { SourceRange } from '../../core/plan';
import type { LineIndex } from './lines';
import { globToRegExp } from './shellArith';
import { condition, type ConditionPart, type Tri } from './shellConditions';
import { chunk, Expander, fieldText, joinElements, splitFields, withVia, type Chunk, type SplitField } from './shellExpansion';
import { CONTROL_OPS, isKeyword, isPlain, MAX_ELEMENTS, plainText, type Part, type Token, type WordTok } from './shellLexer';
import type { ShellAssignment, ShellCommand, ShellNote, ShellScript, ShellWord } from './shellWords';

/** Words one command may have. */
const MAX_FIELDS = 20_000;
/** Words all commands and assignments may have together. */
const MAX_TOTAL_FIELDS = 200_000;

/** Commands that do not change what a launch script passes on. */
const HARMLESS = new Set(['echo', 'printf', 'exit', 'return', 'mkdir', 'cd', 'set', 'shift', 'sleep', 'true', 'false', ':', 'trap', 'wait']);

/** What a recorded assignment needs from the runner when it is first asked for its words or range. */
interface AssignmentWords {
  assignmentWords(chunks: readonly Chunk[], start: number, end: number): ShellWord[];
  range(start: number, end: number): SourceRange;
}

/**
 * An assignment whose words are split, and whose range is found, on first use: an 8 MB script
 * records 150,000 assignments and a reader asks few of them. A class with plain fields, not an
 * object literal with getters or a closure per assignment: V8 builds such literals on its slow
 * path, and every closure keeps a context alive.
 */
class LazyAssignment implements ShellAssignment {
  private cachedWords: ShellWord[] | null = null;
  private cachedRange: SourceRange | null = null;

  constructor(
    readonly name: string,
    readonly isArray: boolean,
    private readonly source: AssignmentWords,
    /** A scalar's chunks, or an array's elements. */
    private readonly value: readonly Chunk[] | readonly SplitField[],
    private readonly start: number,
    private readonly end: number,
  ) {}

  get range(): SourceRange {
    return (this.cachedRange ??= this.source.range(this.start, this.end));
  }

  get words(): readonly ShellWord[] {
    if (!this.cachedWords) {
      const { source, start, end } = this;
      this.cachedWords = this.isArray
        ? (this.value as readonly SplitField[]).flatMap((el) => source.assignmentWords(el, start, end))
        : source.assignmentWords(this.value as readonly Chunk[], start, end);
    }
    return this.cachedWords;
  }
}

interface IfFrame {
  readonly kind: 'if';
  readonly outer: boolean;
  phase: 'cond' | 'body';
  taken: boolean;
  active: boolean;
  cond: ConditionPart[];
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

export class Runner implements AssignmentWords {
  private readonly commands: ShellCommand[] = [];
  private readonly assignments: ShellAssignment[] = [];
  private readonly notes: ShellNote[] = [];
  private readonly problems: ShellNote[] = [];
  private readonly frames: Frame[] = [];
  private totalFields = 0;
  private limitReported = false;
  /** The variables and how words expand with them. */
  private readonly expander: Expander;

  constructor(lines: LineIndex) {
    this.expander = new Expander(lines, (start, end) => this.limit(start, end));
  }

  /**
   * A variable the environment sets before the script runs, its text written at [start, end) of
   * the file (Slurm's SLURM_NNODES from the `#SBATCH --nodes=` line).
   */
  seed(name: string, text: string, start: number, end: number): void {
    const origin = { start, end, exact: true, known: true, computed: false, via: [], fallbacks: [], unset: [] };
    this.expander.vars.set(name, { kind: 'scalar', chunks: [{ text, origin, ownerStart: start, ownerEnd: end, split: false, keep: true }], start, end });
  }

  private get active(): boolean {
    const top = this.frames[this.frames.length - 1];
    return top ? top.active : true;
  }

  range(start: number, end: number): SourceRange {
    return this.expander.range(start, end);
  }

  problem(start: number, end: number, message: string): void {
    this.problems.push({ range: this.range(start, end), message });
  }

  /** The tokens of the command being read; it runs when a control operator or a newline ends it. */
  private cmd: Token[] = [];

  feed(tok: Token): void {
    if (tok.kind === 'operator' && (tok.op === '\n' || CONTROL_OPS.includes(tok.op))) {
      this.command(this.cmd, tok.op, tok);
      this.cmd = [];
      return;
    }
    this.cmd.push(tok);
  }

  /** Runs the last command; `lexProblems` (the lexer's) are listed before the runner's own. */
  finish(lexProblems: readonly ShellNote[]): ShellScript {
    this.command(this.cmd, '\n', null);
    this.cmd = [];
    return {
      commands: this.commands,
      assignments: this.assignments,
      notes: this.notes,
      problems: lexProblems.length ? [...lexProblems, ...this.problems] : this.problems,
      variable: (name: string): ShellWord | null => {
        const v = this.expander.vars.get(name);
        if (!v) return null;
        const chunks: Chunk[] = v.kind === 'scalar' ? v.chunks : joinElements(v.elements, [v.start, v.end]);
        const f = chunks.map((c) => withVia(c, name, false));
        return this.expander.toWord(f.length ? f : [this.expander.emptyChunk(v.start, v.end, true)], v.start, v.end);
      },
    };
  }

  /** One simple command (between control operators), `sep` being the operator after it. */
  private command(toks: Token[], sep: string, sepTok: Token | null, depth = 0): void {
    // Keywords are peeled off one by one; `! ! ! …` a million times must not exhaust the stack.
    if (depth > 100) return;
    // Redirections take the next word with them (most commands have none: their tokens are the words).
    let words = toks;
    if (toks.some((t) => t.kind === 'operator')) {
      words = [];
      for (let i = 0; i < toks.length; i++) {
        const t = toks[i]!;
        if (t.kind === 'operator') {
          i++;
          continue;
        }
        words.push(t);
      }
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
      const only = words.length === 1 ? words[0] : undefined;
      if (only?.kind === 'arithmetic') top.cond.push({ words: null, arith: only, op: sep, start, end });
      else if (words.length > 0) top.cond.push({ words: words.filter((w): w is WordTok => w.kind === 'word'), op: sep, start, end });
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
    if (first.kind === 'word' && isPlain(first)) {
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
      if (subject?.kind === 'word') {
        const f = this.expander.expand(subject, 'nosplit')[0] ?? [];
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
      if (w.kind === 'word') frame.patterns.push(fieldText(this.expander.expand(w, 'nosplit')[0] ?? []));
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
    const verdict = condition(this.expander, frame.cond, fallbacks);
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
    delete frame.note;
  }

  private effect(): void {
    for (const f of this.frames) if ((f.kind === 'if' || f.kind === 'case') && f.note && f.active) f.noteUsed = true;
  }

  /** A command on the taken path: assignments, declaration builtins, or a command to report. */
  private simple(words: Token[]): void {
    let i = 0;
    while (i < words.length && (words[i]!.kind === 'array' || isAssignmentWord(words[i]!))) i++;
    if (i === words.length) {
      // Only assignments: they persist. (Before a command they would be its environment only.)
      for (const w of words) {
        if (w.kind === 'array') this.assignArray(w);
        else if (w.kind === 'word') {
          const a = assignmentOf(w);
          if (a) this.assignScalar(a.name, a.append, a.value, w);
        }
      }
      if (words.length) this.effect();
      return;
    }
    const head = words[i]!;
    if (head.kind === 'word' && isPlain(head)) {
      const name = plainText(head);
      if (['export', 'declare', 'typeset', 'local', 'readonly'].includes(name)) {
        this.effect();
        for (const w of words.slice(i + 1)) {
          if (w.kind === 'array') this.assignArray(w);
          else if (w.kind === 'word') {
            const a = assignmentOf(w);
            if (a) this.assignScalar(a.name, a.append, a.value, w);
          }
        }
        return;
      }
      if (name === 'unset') {
        for (const w of words.slice(i + 1)) if (w.kind === 'word' && isPlain(w) && !plainText(w).startsWith('-')) this.expander.vars.delete(plainText(w));
        return;
      }
    }
    // A command: expand its words.
    const out: ShellWord[] = [];
    let forwards = false;
    expansion: for (const w of words.slice(i)) {
      if (w.kind !== 'word') continue;
      if (w.parts.some((p) => p.kind === 'parameter' && (p.name === '@' || p.name === '*' || /^\d+$/.test(p.name)) && !p.op)) forwards = true;
      if (out.length >= MAX_FIELDS || this.totalFields >= MAX_TOTAL_FIELDS) {
        this.limit(w.start, w.end);
        break;
      }
      for (const f of this.expander.expand(w, 'split')) {
        if (out.length >= MAX_FIELDS || this.totalFields >= MAX_TOTAL_FIELDS) {
          this.limit(w.start, w.end);
          break expansion;
        }
        out.push(this.expander.toWord(f, w.start, w.end));
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
    const f = this.expander.expandParts(parts, 'nosplit', w.start, w.end)[0] ?? [];
    // Kept as long as the script is: a copy holds just its chunks (the list grown by pushing has
    // room for 16): on the 8 MB script of test/hostile this saves about 25 MB.
    let chunks: Chunk[] = f.length ? f.slice() : [this.expander.emptyChunk(w.end, w.end, true)];
    const prev = this.expander.vars.get(name);
    if (append && prev) chunks = [...(prev.kind === 'scalar' ? prev.chunks : (prev.elements[0] ?? [])), ...chunks];
    chunks = this.expander.capChunks(chunks, w);
    if (prev?.kind === 'array' && !append) {
      // NAME=value on an array sets element 0.
      const elements = [chunks, ...prev.elements.slice(1)];
      this.expander.vars.set(name, { kind: 'array', elements, start: w.start, end: w.end });
    } else if (prev?.kind === 'array' && append) {
      const elements = [chunks, ...prev.elements.slice(1)];
      this.expander.vars.set(name, { kind: 'array', elements, start: w.start, end: w.end });
    } else {
      this.expander.vars.set(name, { kind: 'scalar', chunks, start: w.start, end: w.end });
    }
    this.assignments.push(new LazyAssignment(name, false, this, chunks, w.start, w.end));
  }

  /**
   * The words an assignment's value splits into, counted against the same total as command
   * words: a 49,000-word value assigned 2,000 times would otherwise keep 98M words.
   */
  assignmentWords(chunks: readonly Chunk[], start: number, end: number): ShellWord[] {
    const words: ShellWord[] = [];
    if (this.totalFields >= MAX_TOTAL_FIELDS) {
      this.limit(start, end);
      return words;
    }
    for (const f of splitFields(chunks.map((c) => chunk(c.text, c.origin, c.ownerStart, c.ownerEnd, true, false)))) {
      if (++this.totalFields > MAX_TOTAL_FIELDS) {
        this.limit(start, end);
        break;
      }
      words.push(this.expander.toWord(f, start, end));
    }
    return words;
  }

  private assignArray(tok: Token & { kind: 'array' }): void {
    const elements: SplitField[] = [];
    fill: for (const el of tok.elements) {
      if (elements.length >= MAX_ELEMENTS) {
        this.limit(tok.start, tok.end);
        break;
      }
      for (const f of this.expander.expand(el, 'split')) {
        if (elements.length >= MAX_ELEMENTS) {
          this.limit(tok.start, tok.end);
          break fill;
        }
        elements.push(f);
      }
    }
    const prev = this.expander.vars.get(tok.name);
    const all = tok.append && prev ? [...(prev.kind === 'array' ? prev.elements : [prev.chunks]), ...elements].slice(0, MAX_ELEMENTS) : elements;
    this.expander.vars.set(tok.name, { kind: 'array', elements: all, start: tok.start, end: tok.end });
    this.assignments.push(new LazyAssignment(tok.name, true, this, elements, tok.start, tok.end));
  }
}

/** The length of a leading `NAME=` / `NAME+=` (`^[A-Za-z_][A-Za-z0-9_]*\+?=`), or 0. */
function assignmentPrefix(text: string): number {
  const c0 = text.charCodeAt(0);
  if (!(c0 === 95 || (c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122))) return 0;
  let i = 1;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!(c === 95 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57))) break;
  }
  if (text.charCodeAt(i) === 43 /* + */) i++;
  return text.charCodeAt(i) === 61 /* = */ ? i + 1 : 0;
}

/** The first part of an assignment word: an unquoted literal starting `NAME=` / `NAME+=`. */
function isAssignmentWord(t: Token): boolean {
  if (t.kind !== 'word') return false;
  const first = t.parts[0];
  return first !== undefined && first.kind === 'literal' && !first.quoted && assignmentPrefix(first.text) > 0;
}

/** `NAME=value` / `NAME+=value` with an unquoted name. */
function assignmentOf(w: WordTok): { name: string; append: boolean; value: Part[] } | null {
  const first = w.parts[0];
  if (!first || first.kind !== 'literal' || first.quoted) return null;
  const prefix = assignmentPrefix(first.text);
  if (prefix === 0) return null;
  const append = first.text.charCodeAt(prefix - 2) === 43;
  const rest = first.text.slice(prefix);
  const offset = first.start + (first.exact ? prefix : 0);
  const value: Part[] = [];
  if (rest) value.push({ ...first, text: rest, start: offset, end: first.end });
  for (let k = 1; k < w.parts.length; k++) value.push(w.parts[k]!);
  return { name: first.text.slice(0, append ? prefix - 2 : prefix - 1), append, value };
}
