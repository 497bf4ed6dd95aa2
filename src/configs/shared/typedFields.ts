// Typed reads of one entry, the same for YAML and JSON (yamlFields, jsonFields): a number through
// the one stated-number check, a boolean (YAML 1.1 spellings too), a string (scalars as written).
// Absent and `null` are the caller's `entry` returning undefined; a bad value is a problem at it.

import type { Traced } from '../../core/plan';
import type { FieldRole } from '../types';
import type { PlanBuilder } from './builder';
import { describeValue, statedNumber, type NumberRule, type RawValue } from './numbers';
import { coerceBool } from './values';

export interface TypedFields<E extends RawValue> {
  /** The entry at `key`, unless absent or `null`. */
  entry(key: string): E | undefined;
  /** A number, recorded as stated; invalid values become problems and undefined. */
  num(key: string, role: FieldRole, rule?: NumberRule): Traced<number> | undefined;
  bool(key: string): { value: boolean; entry: E } | undefined;
  str(key: string): { value: string; entry: E } | undefined;
}

/**
 * `entry` finds a key's value (undefined when absent or `null`); `path` is the key as the file
 * spells it, for the record and the problem; `mapWord` names a nested mapping in messages.
 */
export function typedFields<E extends RawValue>(
  b: PlanBuilder,
  entry: (key: string) => E | undefined,
  path: (key: string) => string,
  mapWord: string,
): TypedFields<E> {
  return {
    entry,
    num(key, role, rule = {}) {
      const e = entry(key);
      return e ? statedNumber(b, path(key), e, role, rule, mapWord) : undefined;
    },
    bool(key) {
      const e = entry(key);
      if (!e) return undefined;
      const v = coerceBool(e.value);
      if (v === null) {
        b.invalid(path(key), `expected true or false, got ${describeValue(e, mapWord)}`, e.valueRange);
        return undefined;
      }
      return { value: v, entry: e };
    },
    str(key) {
      const e = entry(key);
      if (!e) return undefined;
      if (typeof e.value === 'string') return { value: e.value, entry: e };
      if (typeof e.value === 'number' || typeof e.value === 'boolean') return { value: String(e.value), entry: e };
      return undefined;
    },
  };
}
