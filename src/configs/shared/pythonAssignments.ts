// Top-level Python assignments (`n_layer = 12`, `gradient_accumulation_steps = 5 * 8`) read
// without running Python. nanoGPT configs are exec'd over train.py's globals; this reads each
// top-level statement of the file as it is tokenized (pythonTokens), parses the value of each
// `name = value` into a tree (pythonSyntax) and evaluates it with the safe scalar subset they
// use (pythonValues: literals, arithmetic, int()/float(), names bound earlier). Everything else
// (imports, calls, attribute access, f-strings, blocks) is recorded as not evaluable and never
// executed. Work is linear in the text; only one statement's tokens and tree live at a time.

import type { SourceRange } from '../../core/plan';
import { LineIndex } from './lines';
import { BLOCK_KEYWORDS, expression, isLiteral, nameAssignment, splitStatements } from './pythonSyntax';
import { tokenizeLines, type Tok } from './pythonTokens';
import { binary, evaluateScalar, type Eval, type PyValue } from './pythonValues';

export type { PyValue } from './pythonValues';

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

/**
 * Reads every top-level assignment of a Python file, in order. `initial` binds names the
 * file can refer to without assigning them (nanoGPT: train.py's defaults).
 */
export function readPythonAssignments(text: string, initial: ReadonlyMap<string, PyValue> = new Map()): PyModule {
  const index = new LineIndex(text);
  const rawErrors: Array<{ start: number; end: number; reason: string }> = [];
  const assignments: PyAssignment[] = [];
  const bindings = new Map<string, PyAssignment>();
  const skipped: PySkipped[] = [];
  const stats = { statements: 0, assignments: 0, imports: 0, definitions: 0, nested: 0 };

  const lookup = (name: string): Eval => {
    const a = bindings.get(name);
    if (a) return a.value ? { ok: true, value: a.value } : { ok: false, reason: `\`${name}\` could not be evaluated (${a.reason})` };
    const init = initial.get(name);
    if (init) return { ok: true, value: init };
    return { ok: false, reason: `\`${name}\` is not a value set in this file` };
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
      if ((first.kind === 'name' && BLOCK_KEYWORDS.has(first.text) && second?.text !== '=') || (first.kind === 'op' && first.text === '@')) {
        if (first.text === 'def' || first.text === 'class' || first.text === 'async' || first.text === '@') stats.definitions++;
        skipped.push({ range: span(stmt), reason: `\`${first.text}\` blocks are not run` });
        continue;
      }
      const assignment = nameAssignment(stmt);
      if (!assignment) {
        skipped.push({ range: span(stmt), reason: 'only assignments are read' });
        continue;
      }
      stats.assignments++;
      const { targets, op, valueStart } = assignment;
      const last = stmt[stmt.length - 1]!;
      const hasValue = valueStart < stmt.length;
      // A value with a character Python rejects is not parsed at all.
      let broken = false;
      for (let i = valueStart; i < stmt.length; i++) if (stmt[i]!.kind === 'error') broken = true;
      const tree = broken ? null : expression(stmt, valueStart);
      let result = tree ? evaluateScalar(tree, lookup) : ({ ok: false, reason: 'the value has a syntax error' } as const);
      if (op && result.ok) {
        const prev = lookup(targets[0]!.text);
        result = prev.ok ? binary(op.slice(0, -1), prev.value, result.value) : prev;
      }
      const valueFrom = hasValue ? stmt[valueStart]!.start : last.end;
      const literal = !op && tree !== null && isLiteral(tree, stmt, valueStart);
      for (const target of targets) {
        const a = new Assignment(target.text, result, literal, op, index, text, target.start, target.end, valueFrom, last.end, first.start);
        assignments.push(a);
        bindings.set(a.name, a);
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
}

/**
 * One assignment as read. The ranges and the expression text are computed when a reader asks
 * (most of a large file's are never shown): a file of 200,000 assignments then costs one small
 * object each, not four.
 */
class Assignment implements PyAssignment {
  readonly value: PyValue | null;
  readonly reason?: string;
  readonly augmented?: string;
  private nr?: SourceRange;
  private vr?: SourceRange;
  private r?: SourceRange;

  constructor(
    readonly name: string,
    result: Eval,
    readonly literal: boolean,
    op: string | undefined,
    private readonly index: LineIndex,
    private readonly text: string,
    private readonly nameStart: number,
    private readonly nameEnd: number,
    private readonly valueStart: number,
    private readonly end: number,
    private readonly start: number,
  ) {
    this.value = result.ok ? result.value : null;
    if (!result.ok) this.reason = result.reason;
    if (op) this.augmented = op;
  }

  get expression(): string {
    return this.text.slice(this.valueStart, this.end);
  }

  get nameRange(): SourceRange {
    return (this.nr ??= this.index.range(this.nameStart, this.nameEnd));
  }

  get valueRange(): SourceRange {
    return (this.vr ??= this.index.range(this.valueStart, this.end));
  }

  get range(): SourceRange {
    return (this.r ??= this.index.range(this.start, this.end));
  }
}
