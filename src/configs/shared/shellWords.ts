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
// limited, so hostile input cannot blow up.
//
// This module is the public face (the types readers use, and the entry points). The work is
// split by job: shellLexer.ts (text to tokens), shellControlFlow.ts (which statements run and
// what they do), shellConditions.ts (if/case tests), shellExpansion.ts (words to fields, with
// variables), shellArith.ts (`$((…))`).

import type { SourceRange } from '../../core/plan';
import { LineIndex } from './lines';
import { Runner } from './shellControlFlow';
import { Lexer } from './shellLexer';
import { readSbatchHeader } from './sbatchHeader';

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
  const runner = new Runner(lines);
  // Slurm runs a batch script with SLURM_NNODES and SLURM_JOB_NUM_NODES set from its
  // `#SBATCH --nodes=N` (or `-N N`) header: scripts read the node count from them (BLOOM's
  // `NNODES=$SLURM_NNODES`), so they are known when the header states it.
  const nodes = readSbatchHeader(text).nodes;
  if (nodes) for (const name of ['SLURM_NNODES', 'SLURM_JOB_NUM_NODES']) runner.seed(name, String(nodes.n), nodes.start, nodes.end);
  lexer.stream((tok) => runner.feed(tok));
  return runner.finish(lexer.problems.map((p) => ({ range: lines.range(p.start, p.end), message: p.message })));
}

/**
 * Why a word's value is not known from the script: the variables it uses that the script does
 * not set (`$1`-style names keep their one `$`), arithmetic that cannot be evaluated, or an
 * expansion that is not.
 */
export function unknownWhy(v: ShellWord): string {
  if (v.unset.length) return `${v.unset.map((u) => (u.startsWith('$') ? u : `$${u}`)).join(', ')}, which the script does not set`;
  if (v.computed) return 'arithmetic that cannot be evaluated here (it overflows, divides by zero or uses a value the script does not set)';
  return "a command's output or an expansion that is not evaluated";
}

/** Commands whose `-c STRING` runs STRING as a command line (NVIDIA's bcprun too: LLM360 K2's launch). */
const STRING_RUNNERS = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh', 'bcprun']);
/** At most this many strings are read again: each re-read is a parse of the file's length. */
const MAX_STRING_SCRIPTS = 8;

/**
 * The command lines a script runs from strings: `bash -c '…'`, `srun … sh -c "…"`, `bcprun -p 8
 * -c '…'`. A string written as one quoted literal is read again in place, so its words keep their
 * own lines; one built from variables (`sh -c "$CMD"`) is read from its value, each of its words
 * placed where the string is. The outer script's variables are not passed in: the inner shell
 * sees only exported ones, and a single-quoted string's `$X` was never expanded by the outer one.
 */
export function stringScripts(script: ShellScript, text: string): ShellScript[] {
  const out: ShellScript[] = [];
  let lines: LineIndex | undefined;
  for (const c of script.commands) {
    // The first `-c` after a string runner: one pass (a command may hold 20,000 words).
    let runner = false;
    let at = -1;
    for (let i = 0; i < c.words.length && at < 0; i++) {
      const t = c.words[i]!.text;
      if (runner && t === '-c') at = i;
      else if (STRING_RUNNERS.has(t.slice(t.lastIndexOf('/') + 1))) runner = true;
    }
    const w = at >= 0 ? c.words[at + 1] : undefined;
    if (!w || !w.known || w.text.trim() === '') continue;
    if (out.length >= MAX_STRING_SCRIPTS) break;
    lines ??= new LineIndex(text);
    const start = lines.offset(w.range.startLine, w.range.startCol);
    const end = lines.offset(w.range.endLine, w.range.endCol);
    // A quoted word's range is its content, between the quotes.
    const quote = text[start - 1];
    const literal = !w.computed && w.via.length === 0 && (quote === "'" || quote === '"') && text[end] === quote && text.slice(start, end) === w.text;
    out.push(literal ? readShellScript(maskOutside(text, start, end)) : placedAt(readShellScript(w.text), w.range));
  }
  return out;
}

/** The text with everything outside [start, end) blanked, line breaks kept: offsets, lines and columns stay the file's. */
function maskOutside(text: string, start: number, end: number): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  return blank(text.slice(0, start)) + text.slice(start, end) + blank(text.slice(end));
}

/** A script read from a string's value, every range moved to where the string is. */
function placedAt(s: ShellScript, at: SourceRange): ShellScript {
  const word = (w: ShellWord): ShellWord => ({ ...w, range: at, refRange: at });
  return {
    commands: s.commands.map((c) => ({ ...c, words: c.words.map(word), range: at })),
    assignments: s.assignments.map((a) => ({ ...a, words: a.words.map(word), range: at })),
    variable: (name) => {
      const v = s.variable(name);
      return v ? word(v) : null;
    },
    notes: s.notes.map((n) => ({ ...n, range: at })),
    problems: s.problems.map((p) => ({ ...p, range: at })),
  };
}
