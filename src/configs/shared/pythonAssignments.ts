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
  const values = new Map<string, Eval>();
  const skipped: PySkipped[] = [];
  const stats = { statements: 0, assignments: 0, imports: 0, definitions: 0, nested: 0 };

  const lookup = (name: string): Eval => {
    const v = values.get(name);
    if (v) return v.ok ? v : { ok: false, reason: `\`${name}\` could not be evaluated (${v.reason})` };
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
      const exprToks = stmt.slice(valueStart);
      const expr = exprToks.length ? text.slice(exprToks[0]!.start, exprToks[exprToks.length - 1]!.end) : '';
      // A value with a character Python rejects is not parsed at all.
      const broken = exprToks.some((t) => t.kind === 'error');
      const tree = broken ? null : expression(exprToks);
      let result = tree ? evaluateScalar(tree, lookup) : ({ ok: false, reason: 'the value has a syntax error' } as const);
      if (op && result.ok) {
        const prev = lookup(targets[0]!.text);
        result = prev.ok ? binary(op.slice(0, -1), prev.value, result.value) : prev;
      }
      const valueRange = exprToks.length ? span(exprToks) : index.range(stmt[stmt.length - 1]!.end, stmt[stmt.length - 1]!.end);
      const literal = !op && tree !== null && isLiteral(tree, exprToks);
      for (const target of targets) {
        const a: PyAssignment = {
          name: target.text,
          value: result.ok ? result.value : null,
          ...(result.ok ? {} : { reason: result.reason }),
          expression: expr,
          literal,
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
}
