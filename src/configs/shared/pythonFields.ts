// Typed reads from an evaluated Python config object (pythonProgram): `training.steps` in
// `Trainer.Config(training=TrainingConfig(steps=1000))`, with the framework default when the
// file leaves a key out, and a warning at the key's line when its value cannot be known — an
// argument computed at run time, a value set inside a loop — so nothing unknown becomes a
// confident number.

import type { Traced } from '../../core/plan';
import type { FieldRole } from '../types';
import type { PlanBuilder } from './builder';
import { describeValue, isScalar, type PySlot, type PyVal } from './pythonProgram';
import { belowMin } from './numbers';

export type PyLookup =
  | { readonly kind: 'absent' }
  | { readonly kind: 'slot'; readonly slot: PySlot }
  /** The value, or an object on the way to it, is not known from the file. */
  | { readonly kind: 'unknown'; readonly slot: PySlot | null; readonly reason: string };

/** Follows keyword arguments (and attribute assignments) down `path` from `root`. */
export function lookupPath(root: PyVal, path: string): PyLookup {
  let v: PyVal = root;
  let slot: PySlot | null = null;
  for (const part of path.split('.')) {
    if (v.type === 'unknown') return { kind: 'unknown', slot, reason: v.reason };
    if (v.type !== 'object') return { kind: 'unknown', slot, reason: `${slot ? slot.expression : 'the value'} is ${describeValue(v)}, not a config object` };
    if (v.receiver !== undefined) return { kind: 'unknown', slot, reason: `.${v.callee}(…) is a method call, not evaluated` };
    const next = v.kwargs.get(part);
    if (!next)
      return v.unpacking ? { kind: 'unknown', slot, reason: `${v.callee}(…) is called with unpacked arguments, which may set ${part}` } : { kind: 'absent' };
    slot = next;
    v = next.value;
  }
  if (v.type === 'unknown') return { kind: 'unknown', slot, reason: v.reason };
  return slot ? { kind: 'slot', slot } : { kind: 'absent' };
}

export interface NumRule {
  readonly integer?: boolean;
  readonly min?: number;
  readonly max?: number;
}

export class PyFields {
  constructor(
    private readonly b: PlanBuilder,
    private readonly root: PyVal,
    /** Shown in default notes: "torchtitan TrainingConfig default". */
    private readonly defaults: string,
  ) {}

  get(path: string): PyLookup {
    return lookupPath(this.root, path);
  }

  private unknown(path: string, l: Extract<PyLookup, { kind: 'unknown' }>): null {
    const expr = l.slot ? `\`${l.slot.expression}\` ` : '';
    this.b.problem('warning', 'unevaluated-value', `${path}: ${expr}is not evaluated (${l.reason}); its value is unknown.`, l.slot?.range ?? null);
    return null;
  }

  /** A number: the file's (checked), else `fallback` as the framework default (when given). */
  num(path: string, role: FieldRole, rule: NumRule = {}, fallback?: { value: number; note: string }): Traced<number> | null {
    const l = this.get(path);
    if (l.kind === 'absent') return fallback ? this.b.frameworkDefault(path, fallback.value, role, `${this.defaults}: ${fallback.note}`) : null;
    if (l.kind === 'unknown') return this.unknown(path, l);
    const v = l.slot.value;
    const bad = (why: string) => {
      this.b.invalid(path, why, l.slot.valueRange);
      return null;
    };
    if (v.type !== 'int' && v.type !== 'float') {
      if (v.type === 'object' || v.type === 'ref') return this.unknown(path, { kind: 'unknown', slot: l.slot, reason: `${describeValue(v)} is not evaluated` });
      return bad(`expected a number, got ${describeValue(v)}`);
    }
    if (rule.integer && v.type !== 'int') return bad(`expected a whole number (Python int), got ${describeValue(v)}`);
    if (rule.min !== undefined && v.value < rule.min) return bad(belowMin(rule.min, describeValue(v)));
    if (v.value > (rule.max ?? 1e15)) return bad(`${describeValue(v)} is implausibly large`);
    const literal = /^[+-]?[\d_.eE+-]+$/.test(l.slot.expression.trim());
    return this.b.stated(path, v.value, l.slot.range, role, literal ? undefined : `= ${l.slot.expression}`);
  }

  /** A boolean: the file's (checked), else `fallback` as the framework default (when given). */
  bool(path: string, role: FieldRole, fallback?: { value: boolean; note: string }): Traced<boolean> | null {
    const l = this.get(path);
    if (l.kind === 'absent') return fallback ? this.b.frameworkDefault(path, fallback.value, role, `${this.defaults}: ${fallback.note}`) : null;
    if (l.kind === 'unknown') return this.unknown(path, l);
    const v = l.slot.value;
    if (v.type === 'bool') return this.b.stated(path, v.value, l.slot.range, role);
    if (isScalar(v)) {
      this.b.invalid(path, `expected True or False, got ${describeValue(v)}`, l.slot.valueRange);
      return null;
    }
    return this.unknown(path, { kind: 'unknown', slot: l.slot, reason: `${describeValue(v)} is not evaluated` });
  }

  /** A string (or an enum member such as `DType.bfloat16`, returned as its member name). */
  str(path: string, role: FieldRole, fallback?: { value: string; note: string }): Traced<string> | null {
    const l = this.get(path);
    if (l.kind === 'absent') return fallback ? this.b.frameworkDefault(path, fallback.value, role, `${this.defaults}: ${fallback.note}`) : null;
    if (l.kind === 'unknown') return this.unknown(path, l);
    const v = l.slot.value;
    if (v.type === 'str') return this.b.stated(path, v.value, l.slot.range, role);
    if (v.type === 'ref') return this.b.stated(path, v.name.split('.').pop()!, l.slot.range, role, `= ${v.name}`);
    if (isScalar(v)) {
      this.b.invalid(path, `expected a string, got ${describeValue(v)}`, l.slot.valueRange);
      return null;
    }
    return this.unknown(path, { kind: 'unknown', slot: l.slot, reason: `${describeValue(v)} is not evaluated` });
  }
}
