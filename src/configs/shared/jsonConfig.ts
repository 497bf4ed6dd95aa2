// A JSON config read with source positions (jsonc-parser): look up keys by dotted path, the
// last duplicate wins as in Python's json and JSON.parse (with a warning), and typed field
// reads that record stated values or report invalid ones at their range.

import { getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { SourceRange } from '../../core/plan';
import type { Problem } from '../types';
import type { PlanBuilder } from './builder';
import { LineIndex } from './lines';
import { flowDepth, MAX_FLOW_DEPTH } from './nesting';
import { typedFields, type TypedFields } from './typedFields';

export interface JsonEntry {
  readonly path: string;
  /** The plain value (objects and arrays converted). */
  readonly value: unknown;
  /** `"key": value`. */
  readonly range: SourceRange;
  readonly valueRange: SourceRange;
  readonly isMap: boolean;
  readonly isSeq: boolean;
}

const MAX_DEPTH = 64;

export class JsonConfig {
  private constructor(
    private readonly root: Node,
    private readonly lines: LineIndex,
  ) {}

  /** Parses; syntax errors come back as problems at their position, with `config` null unless the file is one object. */
  static parse(text: string): { config: JsonConfig | null; problems: Problem[] } {
    // jsonc-parser recurses per nesting level: refuse absurd depths instead of overflowing the stack.
    const nesting = flowDepth(text);
    if (nesting.depth > MAX_FLOW_DEPTH) {
      const range = new LineIndex(text).range(nesting.offset, nesting.offset + 1);
      return {
        config: null,
        problems: [{ severity: 'error', code: 'parse-error', message: `JSON: nested ${nesting.depth} deep (more than ${MAX_FLOW_DEPTH}); not parsed`, range }],
      };
    }
    const errors: ParseError[] = [];
    const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
    const lines = new LineIndex(text);
    const problems: Problem[] = errors.slice(0, 20).map((e) => ({
      severity: 'error' as const,
      code: 'parse-error',
      message: `JSON: ${printParseErrorCode(e.error)}`,
      range: lines.range(e.offset, e.offset + e.length),
    }));
    if (errors.length > 0 || !root || root.type !== 'object') return { config: null, problems };
    const config = new JsonConfig(root, lines);
    config.collectDuplicates(root, '', 0, problems);
    return { config, problems };
  }

  private collectDuplicates(obj: Node, prefix: string, depth: number, problems: Problem[]): void {
    if (depth > MAX_DEPTH) return;
    const seen = new Map<string, Node>();
    for (const prop of obj.children ?? []) {
      const key = prop.children?.[0]?.value;
      if (typeof key !== 'string') continue;
      const earlier = seen.get(key);
      if (earlier) {
        problems.push({
          severity: 'warning',
          code: 'duplicate-key',
          message: `Duplicate key "${prefix}${key}": the last one wins, this one is ignored`,
          range: this.nodeRange(earlier),
        });
      }
      seen.set(key, prop);
      const v = prop.children?.[1];
      if (v?.type === 'object') this.collectDuplicates(v, `${prefix}${key}.`, depth + 1, problems);
    }
  }

  private nodeRange(n: Node): SourceRange {
    return this.lines.range(n.offset, n.offset + n.length);
  }

  private property(obj: Node, key: string): Node | undefined {
    let found: Node | undefined;
    for (const prop of obj.children ?? []) if (prop.children?.[0]?.value === key) found = prop;
    return found;
  }

  /** Looks up `a.b.c` (the last of duplicate keys). */
  get(path: string): JsonEntry | undefined {
    const parts = path.split('.');
    let obj: Node = this.root;
    let prop: Node | undefined;
    for (let i = 0; i < parts.length; i++) {
      prop = this.property(obj, parts[i]!);
      if (!prop) return undefined;
      const v = prop.children?.[1];
      if (i < parts.length - 1) {
        if (v?.type !== 'object') return undefined;
        obj = v;
      }
    }
    const v = prop?.children?.[1];
    if (!prop || !v) return undefined;
    return { path, value: getNodeValue(v), range: this.nodeRange(prop), valueRange: this.nodeRange(v), isMap: v.type === 'object', isSeq: v.type === 'array' };
  }

  topKeys(): string[] {
    return (this.root.children ?? []).map((p) => p.children?.[0]?.value).filter((k): k is string => typeof k === 'string');
  }
}

export type JsonFields = TypedFields<JsonEntry>;

/** Typed reads with the same conventions as yamlFields: `null` is absent, bad values are problems. */
export function jsonFields(b: PlanBuilder, j: JsonConfig): JsonFields {
  const entry = (key: string): JsonEntry | undefined => {
    const e = j.get(key);
    return e && e.value !== null ? e : undefined;
  };
  return typedFields(b, entry, (key) => key, 'an object');
}
