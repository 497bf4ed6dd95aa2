// A YAML config read with source positions: look up keys by dotted path, last duplicate wins
// (with a warning, as PyYAML does), OmegaConf `${a.b}` interpolation resolved, and aliases
// followed without ever being expanded (so alias bombs cost nothing).

import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { SourceRange } from '../../core/plan';
import type { Problem } from '../types';
import { LineIndex } from './lines';
import { flowDepth, MAX_FLOW_DEPTH } from './nesting';
import { coerceNumber } from './values';

export interface YamlEntry {
  /** Full dotted path as found (after key normalization). */
  readonly path: string;
  /** Scalar value (after interpolation), or undefined for maps and sequences. */
  readonly value: unknown;
  readonly node: Node | null;
  /** `key: value` on its line(s). */
  readonly range: SourceRange;
  /** The value alone. */
  readonly valueRange: SourceRange;
  readonly isMap: boolean;
  readonly isSeq: boolean;
}

export interface YamlOptions {
  /** GPT-NeoX accepts `num-layers` and `num_layers` alike. */
  readonly dashesAreUnderscores?: boolean;
}

const MAX_INTERPOLATION_DEPTH = 8;

export class YamlConfig {
  readonly problems: Problem[] = [];
  private readonly lines: LineIndex;

  private constructor(
    readonly text: string,
    private readonly doc: Document.Parsed,
    private readonly options: YamlOptions,
  ) {
    this.lines = new LineIndex(text);
  }

  /** Parses; syntax errors come back as problems at their position, with `config` null if nothing usable was read. */
  static parse(text: string, options: YamlOptions = {}): { config: YamlConfig | null; problems: Problem[] } {
    const nesting = flowDepth(text);
    if (nesting.depth > MAX_FLOW_DEPTH) {
      const at = new LineIndex(text).range(nesting.offset, nesting.offset + 1);
      return { config: null, problems: [{ severity: 'error', code: 'parse-error', message: `YAML: brackets nested ${nesting.depth} deep (more than ${MAX_FLOW_DEPTH}); not parsed`, range: at }] };
    }
    const doc = parseDocument(text, { uniqueKeys: false, version: '1.2', prettyErrors: false, strict: false });
    const lines = new LineIndex(text);
    const problems: Problem[] = doc.errors.map((e) => ({
      severity: 'error' as const,
      code: 'parse-error',
      message: `YAML: ${e.message.split('\n')[0]}`,
      range: lines.range(e.pos[0], e.pos[1]),
    }));
    if (doc.errors.length > 0 || !isMap(doc.contents)) return { config: null, problems };
    const config = new YamlConfig(text, doc, options);
    config.collectDuplicates(doc.contents, '');
    return { config, problems: [...problems, ...config.problems] };
  }

  get root(): YAMLMap {
    return this.doc.contents as YAMLMap;
  }

  private norm(k: string): string {
    return this.options.dashesAreUnderscores ? k.replace(/-/g, '_') : k;
  }

  private keyOf(pair: Pair): string | null {
    const k = pair.key;
    if (isScalar(k)) return String(k.value);
    return k == null ? null : null;
  }

  private deref(node: unknown): Node | null {
    let n = node as Node | null | undefined;
    for (let i = 0; i < 16 && n && isAlias(n); i++) n = n.resolve(this.doc) as Node | undefined;
    return n ?? null;
  }

  /** The last pair whose key matches, as PyYAML keeps the last duplicate. */
  private pairIn(map: YAMLMap, key: string): Pair | undefined {
    const want = this.norm(key);
    let found: Pair | undefined;
    for (const item of map.items) {
      if (!isPair(item)) continue;
      const k = this.keyOf(item);
      if (k !== null && this.norm(k) === want) found = item;
    }
    return found;
  }

  private collectDuplicates(map: YAMLMap, prefix: string, depth = 0): void {
    if (depth > 32) return;
    const seen = new Map<string, Pair>();
    for (const item of map.items) {
      if (!isPair(item)) continue;
      const k = this.keyOf(item);
      if (k === null) continue;
      const nk = this.norm(k);
      const earlier = seen.get(nk);
      if (earlier) {
        this.problems.push({
          severity: 'warning',
          code: 'duplicate-key',
          message: `Duplicate key "${prefix}${k}": the last one wins, this one is ignored`,
          range: this.pairRange(earlier),
        });
      }
      seen.set(nk, item);
      const v = item.value;
      if (isMap(v)) this.collectDuplicates(v, `${prefix}${k}.`, depth + 1);
    }
  }

  private nodeRange(node: Node | null | undefined): SourceRange | null {
    const r = node?.range;
    return r ? this.lines.range(r[0], r[1]) : null;
  }

  private pairRange(pair: Pair): SourceRange {
    const k = pair.key as Node | null;
    const v = pair.value as Node | null;
    const start = k?.range?.[0] ?? v?.range?.[0] ?? 0;
    const valueIsBlock = isMap(v) || isSeq(v);
    const end = valueIsBlock ? (k?.range?.[1] ?? start) : (v?.range?.[1] ?? k?.range?.[1] ?? start);
    return this.lines.range(start, end);
  }

  /** Looks up `a.b.c`. Mappings reached through aliases are followed. */
  get(path: string): YamlEntry | undefined {
    return this.lookup(path, 0);
  }

  private lookup(path: string, depth: number): YamlEntry | undefined {
    const parts = path.split('.');
    let map: YAMLMap = this.root;
    let pair: Pair | undefined;
    for (let i = 0; i < parts.length; i++) {
      pair = this.pairIn(map, parts[i]!);
      if (!pair) return undefined;
      if (i < parts.length - 1) {
        const next = this.deref(pair.value);
        if (!next || !isMap(next)) return undefined;
        map = next;
      }
    }
    if (!pair) return undefined;
    const node = this.deref(pair.value);
    const range = this.pairRange(pair);
    const valueRange = this.nodeRange(pair.value as Node) ?? range;
    let value: unknown = undefined;
    if (node && isScalar(node)) value = this.interpolate(node.value, depth);
    else if (node === null) value = null;
    return { path, value, node, range, valueRange, isMap: !!node && isMap(node), isSeq: !!node && isSeq(node) };
  }

  /** OmegaConf: a value that is exactly `${a.b}` takes a.b's value; `${oc.env:X,default}` its default. */
  private interpolate(value: unknown, depth: number): unknown {
    if (typeof value !== 'string' || !value.includes('${') || depth >= MAX_INTERPOLATION_DEPTH) return value;
    const whole = /^\$\{([^}]+)\}$/.exec(value.trim());
    if (!whole) return value;
    const inner = whole[1]!.trim();
    const env = /^oc\.env:\s*[^,]+,\s*(.*)$/.exec(inner);
    if (env) return env[1]!.trim();
    if (inner.includes(':')) return value;
    return this.lookup(inner, depth + 1)?.value ?? value;
  }

  /** Keys of the top-level mapping (normalized). */
  topKeys(): string[] {
    return this.root.items.filter(isPair).map((p) => this.keyOf(p)).filter((k): k is string => k !== null).map((k) => this.norm(k));
  }

  /** Keys of the mapping at `path` (normalized), empty if it is not a mapping. */
  keysAt(path: string): string[] {
    const e = this.get(path);
    if (!e?.node || !isMap(e.node)) return [];
    return e.node.items.filter(isPair).map((p) => this.keyOf(p)).filter((k): k is string => k !== null).map((k) => this.norm(k));
  }

  /** Plain JS value at path (maps and sequences converted, aliases limited). */
  toJS(path: string): unknown {
    const e = this.get(path);
    if (!e?.node) return e?.value;
    return e.node.toJS(this.doc, { maxAliasCount: 1000 });
  }

  /** A number at `path`, coerced by meaning (`150_001`, `4e-4` strings accepted). */
  number(path: string): { value: number; entry: YamlEntry } | { value: null; entry: YamlEntry | undefined } {
    const entry = this.get(path);
    if (!entry) return { value: null, entry };
    const v = coerceNumber(entry.value);
    return v === null ? { value: null, entry } : { value: v, entry };
  }
}
