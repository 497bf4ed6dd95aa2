// The one check a stated number passes, whatever the format: a number (numeric strings
// coerced), whole where it must be, within its range. What fails becomes an `invalid-value`
// problem at the value, never a number in the plan.

import type { SourceRange, Traced } from '../../core/plan';
import type { FieldRole } from '../types';
import type { PlanBuilder } from './builder';
import { coerceNumber } from './values';
import { formatExponent } from '../../format/index';

export interface NumberRule {
  readonly integer?: boolean;
  readonly min?: number;
  /** Larger values are reported as implausible. Default 1e15 (keeps products finite and exact enough). */
  readonly max?: number;
}

/** Sizes of a model (layers, widths, vocabularies, context): nothing real comes near 1e8. */
export const ARCH_RULE: NumberRule = { integer: true, min: 1, max: 1e8 };

/** The largest value any stated number may take unless its rule says less: keeps products finite and exact enough. */
export const DEFAULT_MAX = 1e15;

/**
 * Whether `v` passes `rule`: the check {@link statedNumber} reports on, for a second read of a key
 * whose problem the first read already reported (it must not take the value the first refused).
 */
export function passesRule(v: number, rule: NumberRule = {}): boolean {
  return (!rule.integer || Number.isInteger(v)) && (rule.min === undefined || v >= rule.min) && v <= (rule.max ?? DEFAULT_MAX);
}

/** A value as read from a file (YAML or JSON entry). */
export interface RawValue {
  readonly value: unknown;
  readonly range: SourceRange;
  readonly valueRange: SourceRange;
  readonly isMap: boolean;
  readonly isSeq: boolean;
}

/** How a value that is not the expected kind is named in a message. */
export function describeValue(e: Pick<RawValue, 'value' | 'isMap' | 'isSeq'>, mapWord = 'a mapping'): string {
  if (e.isMap) return mapWord;
  if (e.isSeq) return 'a list';
  return JSON.stringify(e.value) ?? String(e.value);
}

/** `key`'s value as a stated number, or undefined with a problem at the value. */
export function statedNumber(
  b: PlanBuilder,
  key: string,
  e: RawValue,
  role: FieldRole,
  rule: NumberRule = {},
  mapWord = 'a mapping',
): Traced<number> | undefined {
  const v = coerceNumber(e.value);
  const bad = (why: string) => {
    b.invalid(key, why, e.valueRange);
    return undefined;
  };
  if (v === null) return bad(`expected a number, got ${describeValue(e, mapWord)}`);
  if (rule.integer && !Number.isInteger(v)) return bad(`expected a whole number, got ${v}`);
  if (rule.min !== undefined && v < rule.min) return bad(belowMin(rule.min, v));
  const max = rule.max ?? DEFAULT_MAX;
  if (v > max) return bad(`${v} is implausibly large (over ${formatExponent(max, 0)})`);
  return b.stated(key, v, e.range, role);
}

/**
 * The message for a number below its rule's minimum. A minimum of -1 marks -1 as a sentinel
 * ("the rest of the GPUs", "no limit", "off"): "must be at least -1" would read as if -0.5 were
 * fine, so the message names the sentinel.
 */
export function belowMin(min: number, got: number | string): string {
  return min === -1 ? `must be -1 or at least 0, got ${got}` : `must be at least ${min}, got ${got}`;
}
