// Typed reads of YAML keys for readers: a number, boolean or string at a dotted path, recorded
// as a stated Field, or reported as an invalid value at its own range. Absent and `null` keys
// are simply undefined, so callers can fall back to the framework's default.

import type { Traced } from '../../core/plan';
import type { FieldRole } from '../types';
import type { PlanBuilder } from './builder';
import type { NumberRule } from './numbers';
import { typedFields, type TypedFields } from './typedFields';
import type { YamlConfig, YamlEntry } from './yamlConfig';

export { ARCH_RULE, type NumberRule } from './numbers';

export interface YamlFields extends TypedFields<YamlEntry> {
  /** The key as the file spells it (with the prefix), for fields the reader records itself. */
  path(key: string): string;
  /**
   * The stated number, or the framework default (recorded as such, with `note`) when the key
   * is absent. Undefined when the file states an invalid value: an error is not papered over.
   */
  numOr(key: string, role: FieldRole, fallback: number, note: string, rule?: NumberRule): Traced<number> | undefined;
}

export interface YamlFieldOptions {
  /**
   * Where the config sits in the file (`parameters.` in an MCLI run file). Keys are given
   * without it; interpolations that do not resolve from the root are retried under it.
   */
  readonly prefix?: string;
}

export function yamlFields(b: PlanBuilder, y: YamlConfig, options: YamlFieldOptions = {}): YamlFields {
  const prefix = options.prefix ?? '';
  const entry = (key: string): YamlEntry | undefined => {
    let e = y.get(prefix + key);
    if (e && prefix && typeof e.value === 'string') {
      const ref = /^\$\{([^}:]+)\}$/.exec(e.value.trim());
      const target = ref ? y.get(prefix + ref[1]!.trim()) : undefined;
      if (target) e = { ...e, value: target.value };
    }
    return e && e.value !== null && !(e.value === undefined && !e.isMap && !e.isSeq) ? e : undefined;
  };
  const path = (key: string) => prefix + key;
  const typed = typedFields(b, entry, path, 'a mapping');
  return {
    ...typed,
    path,
    numOr(key, role, fallback, note, rule) {
      if (entry(key)) return typed.num(key, role, rule);
      return b.frameworkDefault(path(key), fallback, role, note);
    },
  };
}

/**
 * How many values have been reported invalid so far. A reader notes it before reading the
 * architecture and gives up on the count if it grew: an optional key that failed (head_dim,
 * n_kv_heads) must not be silently replaced by its default.
 */
export function invalidCount(b: PlanBuilder): number {
  return b.problems.reduce((n, p) => n + (p.code === 'invalid-value' ? 1 : 0), 0);
}
