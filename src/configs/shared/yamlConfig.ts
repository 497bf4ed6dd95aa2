// A YAML config read with source positions: look up keys by dotted path, last duplicate wins
// (with a warning, as PyYAML does), merge keys (`<<: *base`) applied as PyYAML applies them,
// OmegaConf `${a.b}` interpolation resolved, and aliases followed without ever being expanded
// (so alias bombs cost nothing).
//
// This module answers questions about a parsed file; the tree it asks them of is built by
// yamlTree from js-yaml's event parser, with scalars typed by yamlScalars. About seven times
// faster than the `yaml` package used before: 3.5 ms instead of 25 ms for 5,000 lines.

import { parseEvents, YAMLException, type Event } from 'js-yaml';
import type { SourceRange } from '../../core/plan';
import type { Problem } from '../types';
import { LineIndex } from './lines';
import { flowDepth, MAX_FLOW_DEPTH } from './nesting';
import { coerceNumber } from './values';
import { flowTree } from './yamlFlow';
import { buildTree, isMerge, pairName, scalarValue, type MapNode, type PairNode, type ScalarNode, type YNode } from './yamlTree';

export interface YamlEntry {
  /** Full dotted path as found (after key normalization). */
  readonly path: string;
  /** Scalar value (after interpolation), or undefined for maps and sequences. */
  readonly value: unknown;
  /** `key: value` on its line(s); the key alone when the value is a mapping or a list. */
  readonly range: SourceRange;
  /** The value alone. */
  readonly valueRange: SourceRange;
  readonly isMap: boolean;
  readonly isSeq: boolean;
}

/** One `--key value…` of a command line, with offsets into the file (FlagPair values: none for a bare `--key`). */
export interface FlagPair {
  readonly key: string;
  readonly start: number;
  readonly end: number;
  readonly values: readonly { readonly text: string; readonly start: number; readonly end: number }[];
}

export interface YamlOptions {
  /** GPT-NeoX accepts `num-layers` and `num_layers` alike. */
  readonly dashesAreUnderscores?: boolean;
}

const MAX_INTERPOLATION_DEPTH = 8;
/** Deeper block nesting is a parse error (js-yaml's parser recurses once per level). */
const MAX_NESTING = 1000;
/** As the `yaml` package's `maxAliasCount` for toJS: alias uses × the aliases they hold. */
const MAX_ALIAS_COUNT = 1000;
const MAX_DEREF = 16;
/** Mappings up to this many pairs are checked for duplicate keys without a Map. */
const SMALL_MAP = 16;
const MAX_DUPLICATE_REPORTS = 100;

// ---- toJS: plain values, aliases shared and limited as the `yaml` package limits them ------

interface AnchorData {
  res: unknown;
  count: number;
  aliasCount: number;
}

function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

export class YamlConfig {
  readonly problems: Problem[] = [];
  /** Duplicate keys found; only the first MAX_DUPLICATE_REPORTS become problems (a file can hold 150,000). */
  private duplicates = 0;

  private constructor(
    readonly text: string,
    private readonly rootMap: MapNode,
    private readonly lines: LineIndex,
    private readonly options: YamlOptions,
  ) {}

  /**
   * A flat mapping of a command line's `--key value` flags (HfArgumentParser reads them as it
   * reads a YAML file), each key and value placed where the script writes it: readers of YAML
   * arguments read a launch script's flags the same way. A bare `--key` is true (argparse's
   * `nargs="?", const=True` for booleans); several values make a list; values are typed as
   * plain YAML scalars. The last of a repeated flag wins, as in argparse.
   */
  static fromFlags(text: string, flags: readonly FlagPair[]): YamlConfig {
    const scalar = (value: unknown, start: number, end: number): ScalarNode => ({ kind: 'scalar', start, end, value, anchored: false, mergeKey: false });
    const typed = (t: string): unknown => {
      if (/^(true|True)$/.test(t)) return true;
      if (/^(false|False)$/.test(t)) return false;
      const n = coerceNumber(t);
      return n !== null && /^[-+]?[\d.]/.test(t) ? n : t;
    };
    const pairs: PairNode[] = flags.map((f) => {
      const key = scalar(f.key, f.start, f.end);
      const [first] = f.values;
      let value: YNode;
      if (!first) value = scalar(true, f.start, f.end);
      else if (f.values.length === 1) value = scalar(typed(first.text), first.start, first.end);
      else {
        const last = f.values[f.values.length - 1]!;
        value = { kind: 'seq', start: first.start, end: last.end, anchored: false, items: f.values.map((v) => scalar(typed(v.text), v.start, v.end)) };
      }
      return { key, value };
    });
    const root: MapNode = { kind: 'map', start: 0, end: text.length, anchored: false, pairs, hasMerge: false };
    return new YamlConfig(text, root, new LineIndex(text), {});
  }

  /**
   * Parses; syntax errors come back as problems at their position (js-yaml stops at the first),
   * with `config` null if nothing usable was read: a syntax error, a top level that is not a
   * mapping, or several documents in one file (an error at the second, as with `yaml` before).
   */
  static parse(text: string, options: YamlOptions = {}): { config: YamlConfig | null; problems: Problem[] } {
    const nesting = flowDepth(text);
    const lines = new LineIndex(text);
    if (nesting.depth > MAX_FLOW_DEPTH) {
      const at = lines.range(nesting.offset, nesting.offset + 1);
      return {
        config: null,
        problems: [
          {
            severity: 'error',
            code: 'parse-error',
            message: `YAML: brackets nested ${nesting.depth} deep (more than ${MAX_FLOW_DEPTH}); not parsed`,
            range: at,
          },
        ],
      };
    }
    // A file that is one flow mapping (GPT-NeoX's JSON-with-comments) is built without js-yaml's event list.
    let built = flowTree(text);
    if (!built) {
      let events: Event[];
      try {
        events = parseEvents(text, { maxDepth: MAX_NESTING });
      } catch (e) {
        return { config: null, problems: [parseProblem(e, text, lines)] };
      }
      built = buildTree(text, events);
    }
    if (built.secondDocument !== null) {
      const at = built.secondDocument;
      const line = lines.position(at).line;
      const end = lines.lineRange(line);
      return {
        config: null,
        problems: [
          {
            severity: 'error',
            code: 'parse-error',
            message: 'YAML: Source contains multiple documents; a config is read only when it is a single document',
            range: { ...end, startCol: lines.position(at).col },
          },
        ],
      };
    }
    if (!built.root || built.root.kind !== 'map') return { config: null, problems: [] };
    const config = new YamlConfig(text, built.root, lines, options);
    config.collectDuplicates(built.root, []);
    if (config.duplicates > MAX_DUPLICATE_REPORTS) {
      config.problems.push({
        severity: 'warning',
        code: 'duplicate-key',
        message: `and ${(config.duplicates - MAX_DUPLICATE_REPORTS).toLocaleString('en-US')} more duplicate keys`,
        range: null,
      });
    }
    return { config, problems: [...config.problems] };
  }

  private norm(k: string): string {
    return this.options.dashesAreUnderscores && k.includes('-') ? k.replace(/-/g, '_') : k;
  }

  private deref(node: YNode | null): YNode | null {
    let n = node;
    for (let i = 0; i < MAX_DEREF && n && n.kind === 'alias'; i++) n = n.target;
    return n && n.kind === 'alias' ? null : n;
  }

  /** The mappings a map merges in, lowest precedence first: later `<<` keys win, and in `<<: [*a, *b]` a wins. */
  private mergeSources(map: MapNode): Array<YNode> {
    const sources: YNode[] = [];
    for (const p of map.pairs) {
      if (!isMerge(p)) continue;
      const v = this.deref(p.value);
      if (v?.kind === 'map') sources.push(p.value);
      else if (v?.kind === 'seq') for (let i = v.items.length - 1; i >= 0; i--) if (this.deref(v.items[i]!)?.kind === 'map') sources.push(v.items[i]!);
    }
    return sources;
  }

  /**
   * Effective pairs of a mapping by normalized key, built once: pairs merged in with `<<`, then
   * its own (the last duplicate wins). Each mapping's index is built once, so merges of merges
   * cost their size, never their expansion.
   */
  private index(map: MapNode, building?: Set<MapNode>): Map<string, PairNode> {
    if (map.index) return map.index;
    const index = new Map<string, PairNode>();
    if (map.hasMerge) {
      const inProgress = building ?? new Set<MapNode>();
      if (inProgress.has(map)) return index; // a mapping that merges itself
      inProgress.add(map);
      for (const s of this.mergeSources(map)) for (const [k, p] of this.index(this.deref(s) as MapNode, inProgress)) index.set(k, p);
      inProgress.delete(map);
    }
    for (const p of map.pairs) {
      const name = isMerge(p) ? null : pairName(p);
      if (name !== null) index.set(this.norm(name), p);
    }
    map.index = index;
    return index;
  }

  /** A pair's key as looked up (normalized), or null for a merge key or a key that is not a scalar. */
  private keyOf(pair: PairNode): string | null {
    const k = isMerge(pair) ? null : pairName(pair);
    return k === null ? null : this.norm(k);
  }

  /**
   * Warns at each key a later duplicate overrides, in mappings reached through mappings. `path`
   * holds the keys down to `map` as written; it is joined only for a warning (a file may hold
   * 100,000 nested mappings and no duplicate).
   */
  private collectDuplicates(map: MapNode, path: string[]): void {
    if (path.length > 32) return;
    const pairs = map.pairs;
    // Most mappings are small: a look back over their few keys costs less than a Map each.
    const seen = pairs.length <= SMALL_MAP ? null : new Map<string, PairNode>();
    for (let i = 0; i < pairs.length; i++) {
      const pair = pairs[i]!;
      const nk = this.keyOf(pair);
      if (nk === null) continue;
      let earlier: PairNode | undefined;
      if (seen) {
        earlier = seen.get(nk);
        seen.set(nk, pair);
      } else for (let j = i - 1; j >= 0 && !earlier; j--) if (this.keyOf(pairs[j]!) === nk) earlier = pairs[j];
      const k = pairName(pair)!;
      if (earlier && ++this.duplicates <= MAX_DUPLICATE_REPORTS) {
        this.problems.push({
          severity: 'warning',
          code: 'duplicate-key',
          message: `Duplicate key "${path.map((p) => `${p}.`).join('')}${k}": the last one wins, this one is ignored`,
          range: this.pairRange(earlier),
        });
      }
      if (pair.value.kind === 'map') {
        path.push(k);
        this.collectDuplicates(pair.value, path);
        path.pop();
      }
    }
  }

  private pairRange(pair: PairNode): SourceRange {
    const v = pair.value;
    const end = v.kind === 'map' || v.kind === 'seq' ? pair.key.end : v.end;
    return this.lines.range(pair.key.start, end);
  }

  /** Looks up `a.b.c`. Mappings reached through aliases and merge keys are followed. */
  get(path: string): YamlEntry | undefined {
    return this.lookup(path, 0)?.entry;
  }

  private lookup(path: string, depth: number): { entry: YamlEntry; node: YNode | null } | undefined {
    const parts = path.split('.');
    let map = this.rootMap;
    let pair: PairNode | undefined;
    for (let i = 0; i < parts.length; i++) {
      pair = this.index(map).get(this.norm(parts[i]!));
      if (!pair) return undefined;
      if (i < parts.length - 1) {
        const next = this.deref(pair.value);
        if (!next || next.kind !== 'map') return undefined;
        map = next;
      }
    }
    if (!pair) return undefined;
    const node = this.deref(pair.value);
    const range = this.pairRange(pair);
    const valueRange = this.lines.range(pair.value.start, pair.value.end);
    let value: unknown = undefined;
    if (node?.kind === 'scalar') value = this.interpolate(scalarValue(node), depth);
    else if (node === null) value = null;
    return { entry: { path, value, range, valueRange, isMap: node?.kind === 'map', isSeq: node?.kind === 'seq' }, node };
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
    return this.lookup(inner, depth + 1)?.entry.value ?? value;
  }

  /** Own keys in order (a duplicate listed each time), then keys merged in with `<<`. */
  private keysOf(map: MapNode): string[] {
    const own: string[] = [];
    for (const p of map.pairs) {
      const name = isMerge(p) ? null : pairName(p);
      if (name !== null) own.push(this.norm(name));
    }
    if (!map.hasMerge) return own;
    const seen = new Set(own);
    return [...own, ...[...this.index(map).keys()].filter((k) => !seen.has(k))];
  }

  /** Keys of the top-level mapping (normalized). */
  topKeys(): string[] {
    return this.keysOf(this.rootMap);
  }

  /** Keys of the mapping at `path` (normalized), empty if it is not a mapping. */
  keysAt(path: string): string[] {
    const node = this.lookup(path, 0)?.node;
    return node?.kind === 'map' ? this.keysOf(node) : [];
  }

  /**
   * Plain JS value at path (maps and sequences converted, scalars not interpolated). An alias
   * gives the same object each time it is used, and heavy aliasing throws, as `yaml`'s toJS did.
   */
  toJS(path: string): unknown {
    const found = this.lookup(path, 0);
    if (!found?.node) return found?.entry.value;
    return this.js(found.node, new Map());
  }

  private js(node: YNode, anchors: Map<YNode, AnchorData>): unknown {
    if (node.kind === 'alias') {
      const target = node.target;
      if (!target) throw new ReferenceError(`Unresolved alias (the anchor must be set before the alias): ${node.name}`);
      let data = anchors.get(target);
      if (!data) {
        this.js(target, anchors);
        data = anchors.get(target)!;
      }
      data.count += 1;
      if (data.aliasCount === 0) data.aliasCount = this.aliasCount(target, anchors);
      if (data.count * data.aliasCount > MAX_ALIAS_COUNT) throw new ReferenceError('Excessive alias count indicates a resource exhaustion attack');
      return data.res;
    }
    const data: AnchorData | undefined = node.anchored ? { res: undefined, count: 1, aliasCount: 0 } : undefined;
    if (data) anchors.set(node, data);
    if (node.kind === 'scalar') {
      const value = scalarValue(node);
      if (data) data.res = value;
      return value;
    }
    if (node.kind === 'seq') {
      const out: unknown[] = [];
      if (data) data.res = out;
      for (const item of node.items) out.push(this.js(item, anchors));
      return out;
    }
    const out: Record<string, unknown> = {};
    if (data) data.res = out;
    if (node.hasMerge) {
      for (const s of this.mergeSources(node)) {
        const merged = this.js(s, anchors);
        if (merged && typeof merged === 'object') for (const k of Object.keys(merged)) setKey(out, k, (merged as Record<string, unknown>)[k]);
      }
    }
    for (const p of node.pairs) {
      if (isMerge(p)) continue;
      const value = this.js(p.value, anchors);
      setKey(out, this.jsKey(p.key, anchors), value);
    }
    return out;
  }

  /** As `yaml` stringifies keys for plain objects: null is '', scalars String(), collections as JSON. */
  private jsKey(key: YNode, anchors: Map<YNode, AnchorData>): string {
    const k = this.js(key, anchors);
    if (k === null) return '';
    if (typeof k !== 'object') return String(k);
    try {
      return JSON.stringify(k);
    } catch {
      return String(k);
    }
  }

  /** The `yaml` package's getAliasCount: how many alias uses a node holds, at most. */
  private aliasCount(node: YNode, anchors: Map<YNode, AnchorData>): number {
    if (node.kind === 'alias') {
      const data = node.target ? anchors.get(node.target) : undefined;
      return data ? data.count * data.aliasCount : 0;
    }
    if (node.kind === 'seq') return node.items.reduce((m, n) => Math.max(m, this.aliasCount(n, anchors)), 0);
    if (node.kind === 'map') return node.pairs.reduce((m, p) => Math.max(m, this.aliasCount(p.key, anchors), this.aliasCount(p.value, anchors)), 0);
    return 1;
  }

  /** A number at `path`, coerced by meaning (`150_001`, `4e-4` strings accepted). */
  number(path: string): { value: number; entry: YamlEntry } | { value: null; entry: YamlEntry | undefined } {
    const entry = this.get(path);
    if (!entry) return { value: null, entry };
    const v = coerceNumber(entry.value);
    return v === null ? { value: null, entry } : { value: v, entry };
  }
}

/** js-yaml reports the first syntax error only, at one position. */
function parseProblem(e: unknown, text: string, lines: LineIndex): Problem {
  let at = 0;
  let message: string;
  if (e instanceof YAMLException) {
    at = Math.max(0, Math.min(e.mark?.position ?? 0, text.length));
    const reason = e.reason || 'syntax error';
    message = reason[0]!.toUpperCase() + reason.slice(1);
  } else if (e instanceof RangeError) message = 'Nested too deeply to parse';
  else message = e instanceof Error ? e.message : String(e);
  // Cover the character at the error when the line has one, so the squiggle is visible.
  const c = text.charCodeAt(at);
  const end = at < text.length && c !== 10 && c !== 13 ? at + 1 : at;
  return { severity: 'error', code: 'parse-error', message: `YAML: ${message}`, range: lines.range(at, end) };
}
