// Custom laws: a named formula in N (parameters), D (tokens) and C (= 6ND), such as
// `1.9 + 500 / N^0.35 + 2000 / D^0.36`, from the `scalingLens.customLaws` setting. It becomes a
// ScalingLaw like the built-in ones; its compute-optimal point is found numerically.
//
// Formulas come from settings, which a workspace can set: they are untrusted. They are parsed
// by mathjs in a restricted instance (`import`, `createUnit`, `evaluate`, `parse`, `simplify`,
// `derivative`, `compile`, `resolve`, `reviver` and their relatives replaced by functions that
// throw, as mathjs' security notes advise) and, before anything is evaluated, the parsed tree
// is checked node by node against an allowlist: numbers, the symbols N, D, C, e, pi, the
// operators + − × ÷ ^, parentheses, and calls of a short list of math functions by name.
// Everything else — assignments, function definitions, property access (`a.constructor`),
// arrays, objects, strings, ranges, several statements, conditionals — is refused with a
// message that says what. Only then is the tree compiled and evaluated.
//
// This module is not re-exported from core/index.ts, so bundles that never compile a custom
// law do not carry mathjs; the mathjs instance itself is made on first use.

import { all, create, type FactoryFunctionMap, type MathNode } from 'mathjs';
import type { FittedRange, OptimalPoint, ParamsKind, ScalingLaw } from './types';
import { formatExponent } from '../../format/index';

export interface CustomLawSpec {
  /** Shown in pickers; the law id is `custom:<name>`. */
  readonly name: string;
  readonly formula: string;
  /** What the loss is (default: "as the formula defines"). */
  readonly lossUnit?: string;
  /** Which N the formula expects. Default 'total'. */
  readonly paramsKind?: ParamsKind;
}

export type CustomLawResult = { readonly ok: true; readonly law: ScalingLaw } | { readonly ok: false; readonly name: string; readonly error: string };

/** Variables a formula may use. */
export const CUSTOM_VARIABLES = ['N', 'D', 'C'] as const;
/** Constants a formula may use. */
export const CUSTOM_CONSTANTS = ['e', 'pi'] as const;
/** Functions a formula may call. */
export const CUSTOM_FUNCTIONS = ['exp', 'log', 'log10', 'log2', 'log1p', 'sqrt', 'cbrt', 'pow', 'abs', 'min', 'max', 'tanh'] as const;

const OPERATORS = new Set(['add', 'subtract', 'multiply', 'divide', 'pow', 'unaryMinus', 'unaryPlus']);
const MAX_FORMULA_LENGTH = 2000;
const MAX_DEPTH = 200;

// mathjs functions that reach the parser, the compiler or the type system, or define things.
const DISABLED = [
  'import',
  'createUnit',
  'evaluate',
  'parse',
  'compile',
  'parser',
  'simplify',
  'simplifyConstant',
  'simplifyCore',
  'rationalize',
  'derivative',
  'resolve',
  'reviver',
  'replacer',
  'chain',
  'leafCount',
  'symbolicEqual',
  'splitUnit',
  'unit',
  'help',
];

let restricted: { readonly parse: (expr: string) => MathNode } | null = null;

/** The restricted mathjs instance (made once). Exposed for the tests that attack it. */
export function restrictedMath(): { readonly parse: (expr: string) => MathNode } {
  if (restricted) return restricted;
  const math = create(all as FactoryFunctionMap);
  const parse = math.parse.bind(math) as (expr: string) => MathNode;
  const blocked: Record<string, () => never> = {};
  for (const name of DISABLED) {
    blocked[name] = () => {
      throw new Error(`function ${name} is disabled in custom laws`);
    };
  }
  math.import(blocked, { override: true });
  restricted = { parse };
  return restricted;
}

class FormulaError extends Error {}

const VARIABLES = new Set<string>(CUSTOM_VARIABLES);
const CONSTANTS = new Set<string>(CUSTOM_CONSTANTS);
const FUNCTIONS = new Set<string>(CUSTOM_FUNCTIONS);
const ALLOWED_HINT = `use N, D, C, numbers, + - * / ^, parentheses and ${CUSTOM_FUNCTIONS.join(', ')}`;

const REFUSED: Readonly<Record<string, string>> = {
  AssignmentNode: 'assignments (x = …) are not allowed',
  FunctionAssignmentNode: 'function definitions (f(x) = …) are not allowed',
  AccessorNode: 'property access (a.b or a[b]) is not allowed',
  IndexNode: 'indexing is not allowed',
  ArrayNode: 'arrays are not allowed',
  ObjectNode: 'objects are not allowed',
  RangeNode: 'ranges (a:b) are not allowed',
  BlockNode: 'one expression only (no ; or line breaks)',
  ConditionalNode: 'conditionals (a ? b : c) are not allowed; use min or max',
  RelationalNode: 'comparisons are not allowed',
};

/** The variables used; throws FormulaError at the first node that is not allowed. */
function checkTree(node: MathNode, used: Set<string>, depth = 0): void {
  if (depth > MAX_DEPTH) throw new FormulaError('the formula is nested too deeply');
  const n = node as MathNode & { type: string; [k: string]: unknown };
  switch (n.type) {
    case 'ConstantNode': {
      const v = (n as unknown as { value: unknown }).value;
      if (typeof v !== 'number') throw new FormulaError(typeof v === 'string' ? 'strings are not allowed' : `constant ${String(v)} is not a number`);
      return;
    }
    case 'SymbolNode': {
      const name = (n as unknown as { name: string }).name;
      if (VARIABLES.has(name)) {
        used.add(name);
        return;
      }
      if (CONSTANTS.has(name)) return;
      if (FUNCTIONS.has(name)) throw new FormulaError(`${name} is a function: call it, as in ${name}(N)`);
      throw new FormulaError(`unknown symbol "${name}" (${ALLOWED_HINT})`);
    }
    case 'ParenthesisNode':
      checkTree((n as unknown as { content: MathNode }).content, used, depth + 1);
      return;
    case 'OperatorNode': {
      const op = n as unknown as { fn: string; op: string; args: MathNode[] };
      if (!OPERATORS.has(op.fn)) throw new FormulaError(`operator "${op.op}" is not allowed (${ALLOWED_HINT})`);
      for (const a of op.args) checkTree(a, used, depth + 1);
      return;
    }
    case 'FunctionNode': {
      const f = n as unknown as { fn: MathNode & { type: string; name?: string }; args: MathNode[] };
      if (f.fn.type !== 'SymbolNode' || f.fn.name === undefined) throw new FormulaError('only named functions can be called');
      if (!FUNCTIONS.has(f.fn.name)) throw new FormulaError(`function "${f.fn.name}" is not allowed (functions: ${CUSTOM_FUNCTIONS.join(', ')})`);
      for (const a of f.args) checkTree(a, used, depth + 1);
      return;
    }
    default:
      throw new FormulaError(REFUSED[n.type] ?? `${n.type} is not allowed (${ALLOWED_HINT})`);
  }
}

/** Where a formula is probed before it is accepted: model and data sizes people train at. */
const PROBES: ReadonlyArray<readonly [number, number]> = [
  [1e7, 1e9],
  [1e8, 2e9],
  [1e9, 2e10],
  [1e10, 2e11],
  [1e11, 2e12],
  [1e9, 1e12],
  [1e11, 1e11],
];

const fmtNum = (v: number) => formatExponent(v, 0);

/** Compiles one formula to a ScalingLaw, or says in one line why it cannot. */
export function compileCustomLaw(spec: CustomLawSpec): CustomLawResult {
  const name = typeof spec?.name === 'string' ? spec.name.trim() : '';
  const fail = (error: string): CustomLawResult => ({ ok: false, name: name || '(unnamed)', error });
  if (name === '') return fail('a custom law needs a name');
  if (typeof spec.formula !== 'string' || spec.formula.trim() === '') return fail(`custom law "${name}": the formula is empty`);
  const formula = spec.formula.trim();
  if (formula.length > MAX_FORMULA_LENGTH) return fail(`custom law "${name}": the formula is longer than ${MAX_FORMULA_LENGTH} characters`);
  if (spec.paramsKind !== undefined && spec.paramsKind !== 'total' && spec.paramsKind !== 'nonEmbedding')
    return fail(`custom law "${name}": paramsKind must be "total" or "nonEmbedding"`);

  let tree: MathNode;
  try {
    tree = restrictedMath().parse(formula);
  } catch (e) {
    if (e instanceof RangeError) return fail(`custom law "${name}": the formula is nested too deeply`);
    return fail(`custom law "${name}": the formula does not parse: ${String((e as Error).message ?? e)}`);
  }
  const used = new Set<string>();
  try {
    checkTree(tree, used);
  } catch (e) {
    if (e instanceof FormulaError) return fail(`custom law "${name}": ${e.message}`);
    throw e;
  }
  if (used.size === 0) return fail(`custom law "${name}": the formula uses none of N, D, C, so it predicts the same loss for every run`);

  const code = tree.compile();
  const evaluate = (N: number, D: number): number => {
    let v: unknown;
    try {
      v = code.evaluate({ N, D, C: 6 * N * D });
    } catch {
      return NaN;
    }
    return typeof v === 'number' ? v : NaN;
  };
  for (const [N, D] of PROBES) {
    const v = evaluate(N, D);
    if (!Number.isFinite(v) || v <= 0) {
      return fail(
        `custom law "${name}": gives ${Number.isNaN(v) ? 'no real number' : v} at N = ${fmtNum(N)}, D = ${fmtNum(D)}; a loss must be a finite number greater than 0`,
      );
    }
  }

  const range: FittedRange = { params: [null, null], tokens: [null, null], source: `custom formula "${name}" (no fitted range)` };
  return {
    ok: true,
    law: {
      id: `custom:${name}`,
      name,
      citation: `custom law "${name}" from the scalingLens.customLaws setting`,
      formula: `L = ${formula}`,
      paramsKind: spec.paramsKind ?? 'total',
      dataset: 'as the formula defines',
      lossUnit: spec.lossUnit ?? 'as the formula defines (custom law)',
      range,
      predict: (N, D) => evaluate(N, D),
      optimal: (C) => numericOptimal((N, D) => evaluate(N, D), C),
    },
  };
}

/**
 * Compute-optimal split of C = 6ND for any loss: scan log N over (C/6)^0.02 … (C/6)^0.98 on a
 * grid (so a second dip is not missed), then golden-section search around the best grid point.
 * An optimum on the edge of the scan (the loss keeps falling as N grows or shrinks, e.g. a law
 * in N alone), or a loss that does not change with the split (a law of C alone), has no finite
 * answer: NaN, which callers report as "no finite optimum".
 */
export function numericOptimal(loss: (N: number, D: number) => number, C: number): OptimalPoint {
  const none: OptimalPoint = { flops: C, params: NaN, tokens: NaN, loss: NaN };
  if (!(C > 6 && Number.isFinite(C))) return none;
  const total = Math.log(C / 6);
  const at = (logN: number) => {
    const v = loss(Math.exp(logN), Math.exp(total - logN));
    return Number.isFinite(v) ? v : Infinity;
  };
  const lo0 = 0.02 * total;
  const hi0 = 0.98 * total;
  const steps = 480;
  const h = (hi0 - lo0) / steps;
  let bestI = -1;
  let bestL = Infinity;
  const first = at(lo0);
  const last = at(hi0);
  for (let i = 0; i <= steps; i++) {
    const v = at(lo0 + i * h);
    if (v < bestL) {
      bestL = v;
      bestI = i;
    }
  }
  if (bestI <= 0 || bestI >= steps) return none;
  // The minimum level reaches an edge of the scan (flat in the split, e.g. a law of C alone, or
  // a plateau running off the range): no optimum to speak of.
  const tol = 1e-9 * Math.max(1, Math.abs(bestL));
  if (first - bestL <= tol || last - bestL <= tol) return none;
  let lo = lo0 + (bestI - 1) * h;
  let hi = lo0 + (bestI + 1) * h;
  const phi = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - phi * (hi - lo);
  let x2 = lo + phi * (hi - lo);
  let f1 = at(x1);
  let f2 = at(x2);
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, Math.abs(lo)); i++) {
    if (f1 <= f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - phi * (hi - lo);
      f1 = at(x1);
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + phi * (hi - lo);
      f2 = at(x2);
    }
  }
  const logN = (lo + hi) / 2;
  const params = Math.exp(logN);
  const tokens = C / 6 / params;
  const value = loss(params, tokens);
  return Number.isFinite(value) ? { flops: C, params, tokens, loss: value } : none;
}

/**
 * The `scalingLens.customLaws` setting, as an object `{ "name": "formula" }` or an array of
 * `{ name, formula, lossUnit?, paramsKind? }`: the laws that compile, and a message for each
 * one that does not (skipped). Duplicate names keep the first.
 */
export function compileCustomLaws(setting: unknown): {
  readonly laws: ScalingLaw[];
  readonly errors: Array<{ readonly name: string; readonly error: string }>;
} {
  const specs: CustomLawSpec[] = [];
  const errors: Array<{ name: string; error: string }> = [];
  if (setting == null) return { laws: [], errors };
  if (Array.isArray(setting)) {
    setting.forEach((s, i) => {
      if (typeof s === 'object' && s !== null) specs.push(s as CustomLawSpec);
      else errors.push({ name: `#${i + 1}`, error: `custom law #${i + 1} must be an object with a name and a formula` });
    });
  } else if (typeof setting === 'object') {
    for (const [name, v] of Object.entries(setting as Record<string, unknown>)) {
      if (typeof v === 'string') specs.push({ name, formula: v });
      else if (typeof v === 'object' && v !== null) specs.push({ ...(v as Omit<CustomLawSpec, 'name'>), name });
      else errors.push({ name, error: `custom law "${name}" must be a formula string` });
    }
  } else {
    errors.push({ name: 'customLaws', error: 'scalingLens.customLaws must be an object of name → formula, or a list of { name, formula }' });
  }
  const laws: ScalingLaw[] = [];
  const seen = new Set<string>();
  for (const spec of specs) {
    const r = compileCustomLaw(spec);
    if (!r.ok) {
      errors.push({ name: r.name, error: r.error });
      continue;
    }
    if (seen.has(r.law.id)) {
      errors.push({ name: r.law.name, error: `custom law "${r.law.name}" is defined twice; the first is used` });
      continue;
    }
    seen.add(r.law.id);
    laws.push(r.law);
  }
  return { laws, errors };
}
