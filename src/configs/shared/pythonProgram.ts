// Evaluates the config-building subset of Python (pythonSyntax) without running anything:
// module constants, functions defined in the file (called with their arguments), constant
// `if`, arithmetic, f-strings, and calls to anything else (imported classes, `Foo.Config`,
// factories) kept as inert objects `{callee, args, kwargs}` for the reader to interpret.
// Whatever cannot be known — a loop, a condition on a runtime value, a method call, an
// imported constant — becomes `unknown` with the reason, so a reader never gets a confident
// wrong number. Work is bounded by MAX_STEPS and MAX_CALL_DEPTH.

import type { SourceRange } from '../../core/plan';
import { LineIndex } from './lines';
import { tokenize } from './pythonTokens';
import { binary, builtinCall, CALLABLE, compare, describe, parseNumber, truthy, type PyValue } from './pythonValues';
import { expression, fstringParts, parsePython, type Expr, type Stmt } from './pythonSyntax';

export type PyVal = PyValue | PyList | PyDict | PyObject | PyRef | PyUnknown;

export interface PyList {
  readonly type: 'list';
  readonly items: PyVal[];
}

export interface PyDict {
  readonly type: 'dict';
  /** String keys only (others make the dict unknown). */
  readonly entries: Map<string, PySlot>;
}

/** A call the evaluator does not run: a constructor (`TrainingConfig(steps=10)`), a factory, a method. */
export interface PyObject {
  readonly type: 'object';
  /** The dotted name called (`Trainer.Config`, `TransformerConfig.olmo2_7B`); for a method call, the method name. */
  readonly callee: string;
  readonly args: PySlot[];
  readonly kwargs: Map<string, PySlot>;
  /** The call expression. */
  readonly range: SourceRange;
  /** A method call: the object it was called on (`TrainerConfig(...).with_callback(...)`). */
  readonly receiver?: PyVal;
  /** `*args` / `**kwargs` were passed: keys not seen may still be set. */
  readonly unpacking?: boolean;
  /** Made up for an attribute assigned on a field the constructor left out (`config.parallelism.tp = 8`). */
  readonly implicit?: boolean;
}

/** An imported name or attribute chain (`DType.bfloat16`, `DATASETS`): known by name only. */
export interface PyRef {
  readonly type: 'ref';
  readonly name: string;
}

export interface PyUnknown {
  readonly type: 'unknown';
  readonly reason: string;
}

/** A value with the place that set it. */
export interface PySlot {
  readonly value: PyVal;
  /** `key=value` in a call, the assignment statement, or the argument. */
  readonly range: SourceRange;
  readonly valueRange: SourceRange;
  /** The value expression as written. */
  readonly expression: string;
}

export interface PyFunctionInfo {
  readonly name: string;
  /** The `def name(...):` header. */
  readonly range: SourceRange;
  readonly nameRange: SourceRange;
  /** The whole definition, header to last body line. */
  readonly bodyRange: SourceRange;
  readonly params: readonly string[];
  /** The return annotation as written (`Trainer.Config`), or ''. */
  readonly returns: string;
}

export interface PyProgram {
  readonly functions: readonly PyFunctionInfo[];
  /** Module-level names after running the top level (function bodies are not run). */
  readonly globals: ReadonlyMap<string, PySlot>;
  readonly syntaxErrors: ReadonlyArray<{ range: SourceRange; reason: string }>;
  /** Calls a function of the file with no arguments (or the given ones) and returns what it returns. */
  call(name: string, kwargs?: ReadonlyMap<string, PyVal>): PyVal;
  /**
   * Runs the `if __name__ == "__main__":` block too: the module names it binds, and the values
   * of its expression statements (`main(config_builder=partial(build_config, ...))`).
   */
  main(): { readonly globals: ReadonlyMap<string, PySlot>; readonly calls: readonly PyVal[] };
  readonly index: LineIndex;
  /** Evaluation steps used so far (bounded by MAX_STEPS). */
  steps(): number;
}

/** Evaluation steps for a whole file (the llama3 registry, 14 functions, takes about 800). */
const MAX_STEPS = 500_000;
const MAX_CALL_DEPTH = 32;
const MAX_EVAL_DEPTH = 400;

const unknown = (reason: string): PyUnknown => ({ type: 'unknown', reason });

class Return {
  constructor(readonly value: PyVal) {}
}

type Env = Map<string, PySlot>;

export interface ProgramOptions {
  /**
   * Methods a reader knows leave what it reads as it was (OLMo-core's `add_callbacks` only adds
   * callbacks): a statement calling one does not make its object unknown.
   */
  readonly inertMethods?: ReadonlySet<string>;
}

export function readPythonProgram(text: string, options: ProgramOptions = {}): PyProgram {
  const index = new LineIndex(text);
  const syntax = parsePython(text);
  const defs = new Map<string, Extract<Stmt, { k: 'def' }>>();
  for (const s of syntax.body) if (s.k === 'def') defs.set(s.name, s);
  const range = (start: number, end: number) => index.range(start, end);
  let steps = 0;
  let callDepth = 0;
  const globals: Env = new Map();
  let inMain = false;
  const mainCalls: PyVal[] = [];

  const slot = (value: PyVal, e: { start: number; end: number }, valueExpr: { start: number; end: number }): PySlot =>
    new LazySlot(value, e.start, e.end, valueExpr.start, valueExpr.end, index, text);

  /** The dotted name of a name/attribute chain, or null (iterative: chains may be long). */
  const dotted = (e: Expr): string | null => {
    const parts = chain(e);
    return parts ? parts.join('.') : null;
  };
  const rootName = (e: Expr): string | null => {
    let cur = e;
    for (;;) {
      if (cur.k === 'name') return cur.id;
      if (cur.k === 'attr') cur = cur.obj;
      else if (cur.k === 'call') cur = cur.fn;
      else return null;
    }
  };

  function lookup(name: string, env: Env): PyVal | undefined {
    return (env.get(name) ?? globals.get(name))?.value;
  }

  let depth = 0;

  function evaluate(e: Expr, env: Env): PyVal {
    if (++steps > MAX_STEPS) return unknown('the file is too large to evaluate');
    // Left-nested chains (`1 + 1 + … + 1`) are deep trees: bounded, like the parser's nesting.
    if (depth >= MAX_EVAL_DEPTH) return unknown('the expression is nested too deeply');
    depth++;
    try {
      return evaluateNode(e, env);
    } finally {
      depth--;
    }
  }

  function evaluateNode(e: Expr, env: Env): PyVal {
    switch (e.k) {
      case 'number': {
        const r = parseNumber(e.text);
        return r.ok ? r.value : unknown(r.reason);
      }
      case 'string':
        if (e.bytes) return unknown('bytes are not evaluated');
        return e.fstring ? fstring(e.value, env) : { type: 'str', value: e.value };
      case 'const':
        return e.value === null ? { type: 'none' } : { type: 'bool', value: e.value };
      case 'name': {
        const v = lookup(e.id, env);
        if (v !== undefined) return v;
        return { type: 'ref', name: e.id };
      }
      case 'attr': {
        const obj = evaluate(e.obj, env);
        if (obj.type === 'ref') return { type: 'ref', name: `${obj.name}.${e.name}` };
        if (obj.type === 'object') {
          const s = obj.kwargs.get(e.name);
          if (s) return s.value;
          return unknown(`${obj.callee}(…).${e.name} is not set in the file${obj.unpacking ? ' (it may come from unpacked arguments)' : ''}`);
        }
        return obj.type === 'unknown' ? obj : unknown(`attribute .${e.name} of ${obj.type} is not evaluated`);
      }
      case 'call':
        return callExpr(e, env);
      case 'subscript': {
        const obj = evaluate(e.obj, env);
        const key = evaluate(e.index, env);
        if (obj.type === 'list' && key.type === 'int') {
          const i = key.value < 0 ? obj.items.length + key.value : key.value;
          return obj.items[i] ?? unknown('index out of range');
        }
        if (obj.type === 'dict' && key.type === 'str')
          return obj.entries.get(key.value)?.value ?? unknown(`key ${JSON.stringify(key.value)} is not in the dict`);
        if (obj.type === 'unknown') return obj;
        return unknown(`${text.slice(e.start, e.end)} is not evaluated`);
      }
      case 'binary': {
        const a = evaluate(e.left, env);
        const b = evaluate(e.right, env);
        return scalarOp(a, b, (x, y) => binary(e.op, x, y));
      }
      case 'unary': {
        const v = evaluate(e.operand, env);
        if (e.op === 'not')
          return isScalar(v) ? { type: 'bool', value: !truthy(v) } : truthValue(v) === null ? unknownOf(v) : { type: 'bool', value: !truthValue(v) };
        if (!isScalar(v)) return unknownOf(v);
        const zero: PyValue = { type: 'int', value: 0 };
        if (e.op === '-') return scalarOp(zero, v, (x, y) => binary('-', x, y));
        if (e.op === '+') return scalarOp(zero, v, (x, y) => binary('+', x, y));
        return v.type === 'int' ? { type: 'int', value: -(v.value + 1) } : unknown('~ needs an int');
      }
      case 'compare': {
        const values = e.operands.map((o) => evaluate(o, env));
        for (let i = 0; i < e.ops.length; i++) {
          const op = e.ops[i]!;
          const a = values[i]!;
          const b = values[i + 1]!;
          let r: PyVal;
          if (op === 'is' || op === 'is not') {
            const known = (v: PyVal) => isScalar(v) || v.type === 'object' || v.type === 'list' || v.type === 'dict';
            if (!known(a) || !known(b)) return unknownOf(known(a) ? b : a);
            const same = a.type === 'none' && b.type === 'none' ? true : a.type === 'none' || b.type === 'none' ? false : null;
            if (same === null) return unknown('`is` between objects is not evaluated');
            r = { type: 'bool', value: op === 'is' ? same : !same };
          } else if (op === 'in' || op === 'not in') {
            if (b.type === 'list' && isScalar(a) && b.items.every(isScalar))
              r = {
                type: 'bool',
                value:
                  (op === 'in') === b.items.some((x) => isScalar(x) && compare('==', a, x).ok && truthy((compare('==', a, x) as { value: PyValue }).value)),
              };
            else if (b.type === 'str' && a.type === 'str') r = { type: 'bool', value: (op === 'in') === b.value.includes(a.value) };
            else return unknown(`\`${op}\` is not evaluated here`);
          } else {
            r = scalarOp(a, b, (x, y) => compare(op, x, y));
          }
          if (r.type !== 'bool' || !r.value) return r;
        }
        return { type: 'bool', value: true };
      }
      case 'boolop': {
        let last: PyVal = { type: 'none' };
        for (const o of e.operands) {
          last = evaluate(o, env);
          const t = truthValue(last);
          if (t === null) return unknownOf(last);
          if (e.op === 'and' ? !t : t) return last;
        }
        return last;
      }
      case 'ifexp': {
        const c = truthValue(evaluate(e.cond, env));
        if (c === null) return unknown(`the condition \`${text.slice(e.cond.start, e.cond.end)}\` is not known`);
        return evaluate(c ? e.body : e.other, env);
      }
      case 'list':
        return { type: 'list', items: e.items.map((i) => evaluate(i, env)) };
      case 'dict': {
        const entries = new Map<string, PySlot>();
        for (let i = 0; i < e.keys.length; i++) {
          const k = evaluate(e.keys[i]!, env);
          if (k.type !== 'str') return unknown('dicts with non-string keys are not evaluated');
          entries.set(k.value, slot(evaluate(e.values[i]!, env), { start: e.keys[i]!.start, end: e.values[i]!.end }, e.values[i]!));
        }
        return { type: 'dict', entries };
      }
      case 'unsupported':
        return unknown(e.reason);
    }
  }

  function fstring(value: string, env: Env): PyVal {
    const parts = fstringParts(value);
    if (!parts) return unknown('this f-string is not evaluated');
    let out = '';
    for (const p of parts) {
      if ('literal' in p) {
        out += p.literal;
        continue;
      }
      if (p.spec) return unknown(`f-string format specs (:${p.spec}) are not evaluated`);
      const errors: Array<{ start: number; end: number; reason: string }> = [];
      const toks = tokenize(p.expr, errors).flatMap((l) => l.tokens);
      if (errors.length || toks.length === 0) return unknown('this f-string is not evaluated');
      // Offsets inside the f-string do not matter: only the value is used.
      const v = evaluate(expression(toks), env);
      if (!isScalar(v)) return unknownOf(v, `{${p.expr}} in an f-string`);
      out += v.type === 'str' ? v.value : v.type === 'none' ? 'None' : describe(v);
    }
    return { type: 'str', value: out };
  }

  function callExpr(e: Extract<Expr, { k: 'call' }>, env: Env): PyVal {
    const name = dotted(e.fn);
    const root = rootName(e.fn);
    const local = root !== null && (env.has(root) || globals.has(root));
    const args = e.args.map((a) => slot(evaluate(a, env), a, a));
    const kwargs = new Map<string, PySlot>();
    for (const k of e.kwargs) kwargs.set(k.name, slot(evaluate(k.value, env), k, k.value));
    if (name !== null && !local && defs.has(name)) {
      if (e.unpacking) return unknown(`${name}() is called with unpacked arguments`);
      const bound = new Map<string, PyVal>();
      const params = defs.get(name)!.params;
      args.forEach((a, i) => {
        if (params[i]) bound.set(params[i].name, a.value);
      });
      for (const [k, s] of kwargs) bound.set(k, s.value);
      return callFunction(name, bound);
    }
    if (name !== null && !local && CALLABLE.has(name) && kwargs.size === 0) {
      const values = args.map((a) => a.value);
      if (!values.every(isScalar))
        return unknownOf(
          values.find((v) => !isScalar(v))!,
          `${name}()`,
        );
      const r = builtinCall(name, values);
      return r.ok ? r.value : unknown(r.reason);
    }
    if (name === 'len' && args.length === 1) {
      const v = args[0]!.value;
      return v.type === 'list'
        ? { type: 'int', value: v.items.length }
        : v.type === 'str'
          ? { type: 'int', value: v.value.length }
          : unknown('len() of this value is not evaluated');
    }
    if (name === 'dict' && args.length === 0) return { type: 'dict', entries: kwargs };
    const r = range(e.start, e.end);
    if (e.fn.k === 'attr' && (local || name === null)) {
      // A method call on a value of the file (`config.copy()`, `TrainerConfig(...).with_callback(...)`).
      return { type: 'object', callee: e.fn.name, args, kwargs, range: r, receiver: evaluate(e.fn.obj, env), ...(e.unpacking ? { unpacking: true } : {}) };
    }
    if (name === null) return unknown(`${text.slice(e.fn.start, e.fn.end)}(…) is not evaluated`);
    if (local) return unknown(`${name}(…) is not evaluated`);
    return { type: 'object', callee: name, args, kwargs, range: r, ...(e.unpacking ? { unpacking: true } : {}) };
  }

  const calling = new Set<string>();

  function callFunction(name: string, bound: ReadonlyMap<string, PyVal>): PyVal {
    const def = defs.get(name);
    if (!def) return unknown(`${name} is not defined in this file`);
    if (calling.has(name) || callDepth >= MAX_CALL_DEPTH) return unknown(`${name}() calls itself`);
    calling.add(name);
    callDepth++;
    try {
      const env: Env = new Map();
      for (const p of def.params) {
        const v = bound.get(p.name);
        if (v !== undefined) env.set(p.name, slot(v, def.header, def.header));
        else if (p.default) env.set(p.name, slot(evaluate(p.default, globals), p.default, p.default));
        else env.set(p.name, slot(unknown(`\`${p.name}\` is an argument of ${name}()`), def.header, def.header));
      }
      try {
        run(def.body, env);
      } catch (r) {
        if (r instanceof Return) return r.value;
        throw r;
      }
      return { type: 'none' };
    } finally {
      calling.delete(name);
      callDepth--;
    }
  }

  function run(body: readonly Stmt[], env: Env): void {
    for (const s of body) {
      if (++steps > MAX_STEPS) throw new Return(unknown('the file is too large to evaluate'));
      exec(s, env);
    }
  }

  function exec(s: Stmt, env: Env): void {
    switch (s.k) {
      case 'assign': {
        let value = evaluate(s.value, env);
        for (const t of s.targets) {
          if (!t.path) continue;
          if (s.op) {
            const prev = getPath(t.path, env);
            value = scalarOp(prev, value, (x, y) => binary(s.op!, x, y));
          }
          assign(t.path, slot(value, s, s.value), env);
        }
        return;
      }
      case 'return':
        throw new Return(s.value ? evaluate(s.value, env) : { type: 'none' });
      case 'if': {
        for (const br of s.branches) {
          const c = br.cond === null ? true : truthValue(evaluate(br.cond, env));
          if (c === true) return run(br.body, env);
          if (c === null) {
            const why = `it is set under \`if ${text.slice(br.cond!.start, br.cond!.end)}\`, which is not known before the run`;
            for (const b of s.branches) taint(b.body, env, why, s);
            if (returns(s))
              throw new Return(unknown(`the result depends on \`if ${text.slice(br.cond!.start, br.cond!.end)}\`, which is not known before the run`));
            return;
          }
        }
        return;
      }
      case 'opaque':
        if (s.keyword === 'def' || s.keyword === 'class') return;
        taint(s.body, env, `it is set inside a \`${s.keyword}\` block, which is not run`, s);
        if (returns(s)) throw new Return(unknown(`the result comes from inside a \`${s.keyword}\` block, which is not run`));
        return;
      case 'def':
        if (env !== globals) env.set(s.name, slot(unknown(`${s.name} is a nested function`), s.header, s.header));
        return;
      case 'expr': {
        // A method call on a value of the file may change it (`cfg.update(...)`): forget that value.
        const v = s.value;
        if (v.k === 'call' && v.fn.k === 'attr' && !options.inertMethods?.has(v.fn.name)) {
          const path = chain(v.fn.obj);
          if (path && (env.has(path[0]!) || globals.has(path[0]!)))
            assign(path, slot(unknown(`\`${text.slice(v.start, v.end)}\` may change it and is not evaluated`), s, v), env);
        }
        if (inMain && env === globals) mainCalls.push(evaluate(v, env));
        return;
      }
      case 'ignored':
        return;
    }
  }

  function chain(e: Expr): string[] | null {
    const names: string[] = [];
    let cur = e;
    while (cur.k === 'attr') {
      names.push(cur.name);
      cur = cur.obj;
    }
    if (cur.k !== 'name') return null;
    names.push(cur.id);
    return names.reverse();
  }

  function returns(s: Stmt): boolean {
    if (s.k === 'return') return true;
    if (s.k === 'if') return s.branches.some((b) => b.body.some(returns));
    if (s.k === 'opaque') return s.keyword !== 'def' && s.keyword !== 'class' && s.body.some(returns);
    return false;
  }

  function taint(body: readonly Stmt[], env: Env, why: string, at: { start: number; end: number }): void {
    for (const s of body) {
      if (s.k === 'assign') for (const t of s.targets) if (t.path) assign(t.path, slot(unknown(why), s, s.value), env);
      if (s.k === 'if') for (const b of s.branches) taint(b.body, env, why, at);
      if (s.k === 'opaque' && s.keyword !== 'def' && s.keyword !== 'class') taint(s.body, env, why, at);
    }
  }

  function getPath(path: readonly string[], env: Env): PyVal {
    let v: PyVal | undefined = lookup(path[0]!, env);
    if (v === undefined) return unknown(`\`${path[0]}\` is not set before`);
    for (const p of path.slice(1)) {
      if (v.type !== 'object') return unknownOf(v);
      const next: PySlot | undefined = v.kwargs.get(p);
      if (!next) return unknown(`${path.join('.')} is not set before`);
      v = next.value;
    }
    return v;
  }

  function assign(path: readonly string[], s: PySlot, env: Env): void {
    if (path.length === 1) {
      env.set(path[0]!, s);
      return;
    }
    let obj = lookup(path[0]!, env);
    for (let i = 1; i < path.length - 1; i++) {
      if (!obj || obj.type !== 'object') return;
      let next = obj.kwargs.get(path[i]!);
      if (!next || next.value.type !== 'object') {
        // A field the constructor left out: its framework default, with this one attribute changed.
        const made: PyObject = { type: 'object', callee: `${obj.callee}.${path[i]}`, args: [], kwargs: new Map(), range: s.range, implicit: true };
        next = { value: next?.value.type === 'unknown' ? next.value : made, range: s.range, valueRange: s.valueRange, expression: s.expression };
        obj.kwargs.set(path[i]!, next);
      }
      obj = next.value;
    }
    if (obj && obj.type === 'object') obj.kwargs.set(path[path.length - 1]!, s);
  }

  // The module's top level, except the `if __name__ == "__main__":` block (run by main()).
  const isMainGuard = (s: Stmt) =>
    s.k === 'if' &&
    s.branches[0]?.cond !== null &&
    /__name__\s*==\s*['"]__main__['"]|['"]__main__['"]\s*==\s*__name__/.test(text.slice(s.branches[0]!.cond.start, s.branches[0]!.cond.end));
  try {
    run(
      syntax.body.filter((s) => !isMainGuard(s)),
      globals,
    );
  } catch (r) {
    if (!(r instanceof Return)) throw r;
  }

  const functions: PyFunctionInfo[] = [...defs.values()].map((d) => ({
    name: d.name,
    range: range(d.header.start, d.header.end),
    nameRange: range(d.nameSpan.start, d.nameSpan.end),
    bodyRange: range(d.start, d.end),
    params: d.params.map((p) => p.name),
    returns: /->\s*([^:]+?)\s*:\s*$/.exec(text.slice(d.header.start, d.header.end))?.[1] ?? '',
  }));

  return {
    functions,
    globals,
    index,
    syntaxErrors: syntax.errors.map((e) => ({ range: range(e.start, e.end), reason: e.reason })),
    steps: () => steps,
    call(name, kwargs = new Map()) {
      // One budget for the whole file: many functions calling each other stay bounded too.
      return callFunction(name, kwargs);
    },
    main() {
      mainCalls.length = 0;
      inMain = true;
      try {
        for (const s of syntax.body) {
          if (!isMainGuard(s) || s.k !== 'if') continue;
          try {
            run(s.branches[0]!.body, globals);
          } catch (r) {
            if (!(r instanceof Return)) throw r;
          }
        }
      } finally {
        inMain = false;
      }
      return { globals, calls: mainCalls };
    },
  };
}

/** A slot whose ranges and text are computed when a reader asks (most are never shown). */
class LazySlot implements PySlot {
  private r?: SourceRange;
  private vr?: SourceRange;

  constructor(
    readonly value: PyVal,
    private readonly start: number,
    private readonly end: number,
    private readonly valueStart: number,
    private readonly valueEnd: number,
    private readonly index: LineIndex,
    private readonly text: string,
  ) {}

  get range(): SourceRange {
    return (this.r ??= this.index.range(this.start, this.end));
  }

  get valueRange(): SourceRange {
    return (this.vr ??= this.index.range(this.valueStart, this.valueEnd));
  }

  get expression(): string {
    return this.text.slice(this.valueStart, this.valueEnd);
  }
}

export function isScalar(v: PyVal): v is PyValue {
  return v.type === 'int' || v.type === 'float' || v.type === 'bool' || v.type === 'str' || v.type === 'none';
}

/** Python truthiness where it is known from the file; null otherwise. */
function truthValue(v: PyVal): boolean | null {
  if (isScalar(v)) return truthy(v);
  if (v.type === 'list') return v.items.length > 0;
  if (v.type === 'dict') return v.entries.size > 0;
  return null;
}

function unknownOf(v: PyVal, what?: string): PyUnknown {
  if (v.type === 'unknown') return v;
  if (v.type === 'ref') return unknown(`\`${v.name}\` is not defined in this file${what ? ` (${what})` : ''}`);
  if (v.type === 'object') return unknown(`${v.callee}(…) is not evaluated${what ? ` (${what})` : ''}`);
  return unknown(`a ${v.type} is not a number${what ? ` (${what})` : ''}`);
}

function scalarOp(a: PyVal, b: PyVal, f: (x: PyValue, y: PyValue) => { ok: true; value: PyValue } | { ok: false; reason: string }): PyVal {
  if (!isScalar(a)) return unknownOf(a);
  if (!isScalar(b)) return unknownOf(b);
  const r = f(a, b);
  return r.ok ? r.value : unknown(r.reason);
}

/** The slot at a dotted path of keyword arguments (`training.steps`), following nested objects. */
export function slotAt(obj: PyVal | undefined, path: string): PySlot | undefined {
  let cur: PySlot | undefined;
  let v = obj;
  for (const part of path.split('.')) {
    if (!v || v.type !== 'object') return undefined;
    cur = v.kwargs.get(part);
    v = cur?.value;
  }
  return cur;
}

/** A human description of a value, for notes and problems. */
export function describeValue(v: PyVal): string {
  if (isScalar(v)) return describe(v);
  switch (v.type) {
    case 'list':
      return `[${v.items.map(describeValue).join(', ')}]`;
    case 'dict':
      return 'a dict';
    case 'object':
      return `${v.callee}(…)`;
    case 'ref':
      return v.name;
    case 'unknown':
      return `unknown (${v.reason})`;
  }
}
