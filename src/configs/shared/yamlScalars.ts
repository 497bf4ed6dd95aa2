// Scalar typing for the YAML tree: a plain scalar's text becomes null, a boolean, a number or
// stays a string under the YAML 1.2 core schema (the `yaml` package's regular expressions, which
// readers were written against), or under YAML 1.1 when the document says `%YAML 1.1`. Kept
// apart from the tree builder because it is a table of rules, not a walk over events.

import { boolYaml11Tag, floatYaml11Tag, intYaml11Tag, nullYaml11Tag, type ScalarTagDefinition } from 'js-yaml';

export const YAML_TAG = 'tag:yaml.org,2002:';

const CORE_NULL = /^(?:~|[Nn]ull|NULL)?$/;
const CORE_TRUE = /^(?:[Tt]rue|TRUE)$/;
const CORE_FALSE = /^(?:[Ff]alse|FALSE)$/;
const CORE_INT_OCT = /^0o[0-7]+$/;
const CORE_INT = /^[-+]?[0-9]+$/;
const CORE_INT_HEX = /^0x[0-9a-fA-F]+$/;
const CORE_FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const CORE_FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const CORE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

export const NO = Symbol('no');

function coreNull(s: string): unknown {
  return CORE_NULL.test(s) ? null : NO;
}
function coreBool(s: string): unknown {
  return CORE_TRUE.test(s) ? true : CORE_FALSE.test(s) ? false : NO;
}
function coreInt(s: string): unknown {
  if (CORE_INT.test(s)) return parseInt(s, 10);
  if (CORE_INT_OCT.test(s)) return parseInt(s.slice(2), 8);
  if (CORE_INT_HEX.test(s)) return parseInt(s.slice(2), 16);
  return NO;
}
function coreFloat(s: string): unknown {
  if (CORE_FLOAT_NAN.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? -Infinity : Infinity;
  if (CORE_FLOAT_EXP.test(s) || CORE_FLOAT.test(s)) return parseFloat(s);
  return NO;
}

/** An untagged plain scalar under the core schema; most strings are ruled out by their first character. */
function coreImplicit(s: string): unknown {
  if (s === '') return null;
  const c = s.charCodeAt(0);
  let v: unknown = NO;
  if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) {
    v = coreInt(s);
    if (v === NO) v = coreFloat(s);
  } else if (c === 126 || c === 110 || c === 78) v = coreNull(s);
  else if (c === 116 || c === 84 || c === 102 || c === 70) v = coreBool(s);
  return v === NO ? s : v;
}

function yaml11(tag: ScalarTagDefinition): (s: string) => unknown {
  return (s) => {
    const v = tag.resolve(s, false, tag.tagName);
    return typeof v === 'symbol' ? NO : v;
  };
}
export const YAML11 = { null: yaml11(nullYaml11Tag), bool: yaml11(boolYaml11Tag), int: yaml11(intYaml11Tag), float: yaml11(floatYaml11Tag) };
export const CORE = { null: coreNull, bool: coreBool, int: coreInt, float: coreFloat };
export type Resolvers = typeof CORE;

export function implicit(s: string, r: Resolvers): unknown {
  if (r === CORE) return coreImplicit(s);
  for (const f of [r.null, r.bool, r.int, r.float]) {
    const v = f(s);
    if (v !== NO) return v;
  }
  return s;
}

/** `!!int` → `tag:yaml.org,2002:int`, `!<…>` verbatim, `!e!x` through `%TAG` handles. */
export function fullTag(raw: string, handles: ReadonlyMap<string, string>): string {
  if (raw.startsWith('!<') && raw.endsWith('>')) return raw.slice(2, -1);
  const end = raw.indexOf('!', 1);
  const handle = end === -1 ? '!' : raw.slice(0, end + 1);
  const prefix = handles.get(handle) ?? (handle === '!!' ? YAML_TAG : handle);
  return prefix + raw.slice(handle.length);
}
