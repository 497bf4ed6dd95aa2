// The argparse flags of a Megatron-LM launch (docs/configs.md#megatron-lm): which command runs
// pretrain_*.py, the words after it read as argparse would (`--key value…`, `--key=value`, the
// last occurrence winning), and typed, checked reads of one flag for the other parts of the
// reader. Nothing here knows what a flag means.

import type { SourceRange, Traced } from '../../core/plan';
import type { PlanBuilder } from '../shared/builder';
import { unknownWhy, type ShellCommand, type ShellScript, type ShellWord } from '../shared/shellWords';
import { coerceNumber } from '../shared/values';
import { belowMin, DEFAULT_MAX } from '../shared/numbers';
import type { FieldRole } from '../types';

export const NAME = 'Megatron-LM';

/** Dimensions beyond these are typos or hostile input, not models (keeps every product finite). */
export const MAX_DIM = 2 ** 24;

/**
 * Tools that take model flags as placeholders, without training (microsoft/Megatron-DeepSpeed@f4157bea
 * examples_deepspeed/data_efficiency/analyze_data.py runs with --num-layers 1 --hidden-size 1;
 * data preprocessing, checkpoint conversion). Generation servers and evaluation tasks are not
 * here: their flags describe the real model, which is worth counting.
 */
const NOT_TRAINING = /(^|\/)(analyze_data|preprocess_data|checkpoint_util|convert[A-Za-z0-9_]{0,40})\.py$/;

/** The entry points the launch runs (pretrain_gpt.py, pretrain_mamba.py, …). */
const ENTRY = /(^|\/)pretrain_[A-Za-z0-9_]{0,64}\.py$/;

/** Commands that mention a script without running it. */
const PRINTERS = new Set(['echo', 'printf', 'cat', 'ls', 'test', '[', 'cp', 'mv']);

export interface Flag {
  readonly key: string;
  readonly keyWord: ShellWord;
  readonly values: readonly ShellWord[];
  readonly occurrences: number;
  readonly previous?: Flag;
}

export interface Invocation {
  readonly command: ShellCommand | null;
  readonly script: ShellWord | null;
  readonly launcher: readonly ShellWord[];
  readonly args: readonly ShellWord[];
}

const isFlag = (t: string) => /^--?[A-Za-z]/.test(t);

/** argparse's view: `--key value…` or `--key=value`; the last occurrence wins. */
export function parseFlags(words: readonly ShellWord[]): Map<string, Flag> {
  const flags = new Map<string, Flag>();
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!isFlag(w.text)) continue;
    let key = w.text;
    const values: ShellWord[] = [];
    const trimmed = w.text.trim();
    if (/\s/.test(trimmed)) {
      // One word "--fp8-format hybrid" (a quoted array element expanded with "${A[@]}"): argparse
      // would reject it; the author clearly meant a flag and its value.
      const [k, ...rest] = trimmed.split(/\s+/);
      key = k!;
      for (const r of rest) values.push({ ...w, text: r });
    } else if (w.text.includes('=') && w.text.startsWith('--')) {
      const eq = w.text.indexOf('=');
      key = w.text.slice(0, eq);
      values.push({ ...w, text: w.text.slice(eq + 1) });
    }
    while (i + 1 < words.length && !isFlag(words[i + 1]!.text)) values.push(words[++i]!);
    const previous = flags.get(key);
    flags.set(key, { key, keyWord: w, values, occurrences: (previous?.occurrences ?? 0) + 1, ...(previous ? { previous } : {}) });
  }
  return flags;
}

function runsEntry(c: ShellCommand): number {
  if (PRINTERS.has(c.words[0]?.text ?? '')) return -1;
  return c.words.findIndex((w) => ENTRY.test(w.text));
}

/** The last command that runs pretrain_*.py, else the last one passing --num-layers. */
export function findInvocation(script: ShellScript): Invocation | null {
  let found: Invocation | null = null;
  for (const c of script.commands) {
    const at = runsEntry(c);
    if (at < 0) continue;
    found = { command: c, script: c.words[at]!, launcher: c.words.slice(0, at), args: c.words.slice(at + 1) };
  }
  if (found) return found;
  // A python/torchrun line whose script path is a variable the file does not set, or a training
  // script of another name (LLM360 K2's main.py); not Megatron's tools that take model flags too.
  for (let i = script.commands.length - 1; i >= 0; i--) {
    const c = script.commands[i]!;
    if (c.words.some((w) => NOT_TRAINING.test(w.text))) continue;
    if (c.words.some((w) => w.text === '--num-layers' || w.text.startsWith('--num-layers='))) {
      const first = c.words.findIndex((w) => isFlag(w.text));
      return { command: c, script: null, launcher: c.words.slice(0, first < 0 ? 0 : first), args: c.words };
    }
  }
  return null;
}

/** The last Megatron tool the script runs that takes model flags without training (NOT_TRAINING), if any. */
export function nonTrainingTool(script: ShellScript): ShellWord | null {
  let found: ShellWord | null = null;
  for (const c of script.commands) found = c.words.find((w) => NOT_TRAINING.test(w.text)) ?? found;
  return found;
}

export function invocationCount(script: ShellScript): number {
  return script.commands.filter((c) => runsEntry(c) >= 0).length;
}

/** Flags anywhere: every array and string in the script, in order (the launch may be elsewhere). */
export function flagsAnywhere(script: ShellScript): ShellWord[] {
  const words: ShellWord[] = [];
  for (const a of script.assignments) if (a.words.some((w) => isFlag(w.text))) for (const w of a.words) words.push(w);
  return words;
}

/** The flags of one invocation, read into the plan: each value checked, traced and placed on its line. */
export class MegatronFlags {
  constructor(
    readonly b: PlanBuilder,
    private readonly script: ShellScript,
    private readonly flags: ReadonlyMap<string, Flag>,
  ) {}

  flag(key: string): Flag | undefined {
    return this.flags.get(key);
  }

  has(key: string): boolean {
    return this.flags.has(key);
  }

  /** A variable the script sets (`GPUS_PER_NODE=8`), as its last assignment before the launch gives it. */
  variable(name: string): ShellWord | null {
    return this.script.variable(name);
  }

  /** A run-setup default of Megatron's own, cited. */
  setupDefault<T>(value: T, note: string): Traced<T> {
    return this.b.setupDefault(value, `${note} (Megatron-LM megatron/training/arguments.py)`);
  }

  keyRange(f: Flag): SourceRange {
    return f.keyWord.range;
  }

  /** The range a hint for this flag goes on: `--key value` when written together, else the value. */
  fieldRange(f: Flag, v: ShellWord | undefined): SourceRange {
    const k = f.keyWord.range;
    if (!v) return k;
    const r = v.range;
    if (r.startLine === k.endLine && r.startCol >= k.endCol && k.startLine === k.endLine)
      return { startLine: k.startLine, startCol: k.startCol, endLine: r.endLine, endCol: r.endCol };
    return r;
  }

  /** One note per flag given more than once with different values (argparse keeps the last). */
  reportDuplicates(): void {
    for (const f of this.flags.values()) this.reportDuplicate(f);
  }

  private reportDuplicate(f: Flag): void {
    if (!f.previous) return;
    const before = f.previous.values.map((v) => v.text).join(' ');
    const now = f.values.map((v) => v.text).join(' ');
    if (before === now) return;
    this.b.problem(
      'info',
      'duplicate-flag',
      `${f.key} is given ${f.occurrences} times; the last (${now || 'set'}) wins, as in argparse (earlier: ${before || 'set'}).`,
      this.keyRange(f.previous),
    );
  }

  private valueNote(f: Flag, v: ShellWord): string | undefined {
    const notes: string[] = [];
    const elsewhere = v.range.startLine !== f.keyWord.range.startLine;
    const variable = v.via.find((name) => this.script.variable(name) !== null);
    if (elsewhere && variable) notes.push(`set by $${variable}`);
    if (v.fallbacks.length)
      notes.push(
        `the script's default for ${v.fallbacks.map((x) => (x.startsWith('$') ? x : `$${x}`)).join(', ')}, which the environment or the command line can change`,
      );
    return notes.length ? notes.join('; ') : undefined;
  }

  /** A numeric flag, checked. `undefined` when absent or unusable (a problem says why). */
  number(key: string, role: FieldRole, opts: { integer?: boolean; min?: number; max?: number } = {}): Traced<number> | undefined {
    const f = this.flag(key);
    if (!f) return undefined;
    const v = f.values[0];
    const b = this.b;
    if (!v) {
      b.invalid(key, 'needs a value', this.keyRange(f));
      return undefined;
    }
    if (!v.known) {
      b.problem('warning', 'unknown-value', `${key}: the value comes from ${unknownWhy(v)}.`, v.range);
      return undefined;
    }
    const n = coerceNumber(v.text);
    const at = v.range;
    if (n === null) {
      b.invalid(key, `expected a number, got ${JSON.stringify(v.text)}`, at);
      return undefined;
    }
    if (opts.integer && !Number.isInteger(n)) {
      b.invalid(key, `expected a whole number, got ${v.text}`, at);
      return undefined;
    }
    if (opts.min !== undefined && n < opts.min) {
      b.invalid(key, belowMin(opts.min, v.text), at);
      return undefined;
    }
    const max = opts.max ?? (opts.integer ? DEFAULT_MAX : Number.MAX_VALUE);
    if (n > max) {
      b.invalid(key, `${v.text} is implausibly large`, at);
      return undefined;
    }
    const note = this.valueNote(f, v);
    // Arithmetic in the script ($((…))) makes the value derived; a variable alone is still stated.
    return v.computed
      ? b.derived(key, n, role, `${key} ${v.text}, computed in the script${note ? `; ${note}` : ''}`, this.fieldRange(f, v))
      : b.stated(key, n, this.fieldRange(f, v), role, note);
  }

  int(key: string, role: FieldRole, min: number, max = MAX_DIM): Traced<number> | undefined {
    return this.number(key, role, { integer: true, min, max });
  }

  defaultInt(value: number, note: string): Traced<number> {
    return this.b.trace(value, 'default', `${NAME} default`, null, note);
  }

  /** A string flag; `quiet` for values only used as hints (tokenizer paths), which may well be script arguments. */
  str(key: string, quiet = false): { value: string; word: ShellWord; flag: Flag } | undefined {
    const f = this.flag(key);
    const v = f?.values[0];
    if (!f || !v) return undefined;
    if (!v.known) {
      if (quiet) return undefined;
      this.b.problem('warning', 'unknown-value', `${key}: the value comes from ${unknownWhy(v)}.`, v.range);
      return undefined;
    }
    return { value: v.text.replace(/^['"]|['"]$/g, ''), word: v, flag: f };
  }

  /** A store_true flag: recorded when present. */
  bool(key: string, role: FieldRole): boolean {
    const f = this.flag(key);
    if (!f) return false;
    this.b.stated(key, true, this.keyRange(f), role);
    return true;
  }
}
