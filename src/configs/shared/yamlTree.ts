// The position tree of a YAML file, built from js-yaml's event parser (`parseEvents`): a flat
// stream of mapping / sequence / scalar / alias events with source offsets becomes mappings
// holding key/value pairs, sequences holding items and aliases pointing at the anchored node.
// Scalars are typed here (yamlScalars), so unknown tags (`!include x`, `!!python/tuple`) never
// fail a read and duplicate keys are kept, not rejected. The offsets follow what the `yaml`
// package (used before) reported, so readers' hints and diagnostics sit where they did; the
// rules for them (trailing comments, empty values, block scalar headers) live here and nowhere
// else. Queries over the tree are yamlConfig's job. Nodes are kept small (values typed on first
// read, pairs of two fields, arrays at their exact size) because a large file has millions.

import { getScalarValue, type Event, type ScalarEvent } from 'js-yaml';
import { CORE, fullTag, implicit, NO, YAML11, YAML_TAG, type Resolvers } from './yamlScalars';

// ---- The position tree --------------------------------------------------------------------

/**
 * A scalar's typed value is worked out when it is first asked for: most of a large file's
 * scalars never are, and an 8 MB file holds 400,000 of them. Until then `value` holds the
 * document's `Pending` for the scalar's style, which is all that is needed to type it again
 * from its offsets (only for untagged scalars js-yaml reads without escapes or line folding).
 */
export class Pending {
  constructor(
    private readonly text: string,
    private readonly resolvers: Resolvers,
    /** Quoted: the text between the quotes, as it is; plain: typed by the schema. */
    private readonly quoted: boolean,
  ) {}

  resolve(start: number, end: number): unknown {
    return this.quoted ? this.text.slice(start + 1, end - 1) : implicit(this.text.slice(start, end), this.resolvers);
  }
}

/** `start`/`end` are offsets of the node itself: anchors and tags before it are not included. */
export interface ScalarNode {
  readonly kind: 'scalar';
  readonly start: number;
  readonly end: number;
  /** Read it with `scalarValue`: it may still be `Pending`. */
  value: unknown;
  readonly anchored: boolean;
  /** A plain, untagged (or `!!merge`) `<<`: a merge key when it is a key. */
  readonly mergeKey: boolean;
}
export interface MapNode {
  readonly kind: 'map';
  start: number;
  end: number;
  readonly anchored: boolean;
  /** Filled when the mapping closes, at its exact size (a growing array keeps 17 slots for 1 pair). */
  pairs: PairNode[];
  hasMerge: boolean;
  /** Effective pairs by normalized key (merges applied, last duplicate wins), built on first lookup. */
  index?: Map<string, PairNode>;
}
export interface SeqNode {
  readonly kind: 'seq';
  readonly start: number;
  end: number;
  readonly anchored: boolean;
  /** Filled when the sequence closes, at its exact size (or, for a LazySeq, when first read). */
  items: YNode[];
}

/**
 * A flow sequence whose items are built when first read. yamlFlow makes them: in a flow
 * collection, offsets depend on nothing outside it, so its items come out as they would have
 * in one pass, and most sequences of a large file (values, not mappings to check for
 * duplicate keys) are never read.
 */
export class LazySeq implements SeqNode {
  readonly kind = 'seq';
  readonly anchored = false;
  private built: YNode[] | null = null;

  constructor(
    readonly start: number,
    public end: number,
    private readonly expand: (start: number) => YNode[],
  ) {}

  get items(): YNode[] {
    return (this.built ??= this.expand(this.start));
  }

  set items(items: YNode[]) {
    this.built = items;
  }
}

export interface AliasNode {
  readonly kind: 'alias';
  readonly start: number;
  readonly end: number;
  readonly name: string;
  /** The node anchored with this name most recently before the alias, or null if none was. */
  readonly target: YNode | null;
}
export type YNode = ScalarNode | MapNode | SeqNode | AliasNode;
/** The key's name and whether it is a merge key are derived from it (`pairName`, `isMerge`): two fields, not four, per pair. */
export interface PairNode {
  readonly key: YNode;
  readonly value: YNode;
}

/** A scalar's value, typed on first use. */
export function scalarValue(node: ScalarNode): unknown {
  const v = node.value;
  return v instanceof Pending ? (node.value = v.resolve(node.start, node.end)) : v;
}

/** The key as text (`String(value)` of a scalar key: `null` for `~:` and a missing key), or null for a collection or alias key. */
export function pairName(pair: PairNode): string | null {
  return pair.key.kind === 'scalar' ? String(scalarValue(pair.key)) : null;
}

export function isMerge(pair: PairNode): boolean {
  return pair.key.kind === 'scalar' && pair.key.mergeKey;
}

// Event ids and styles of js-yaml's event stream (EVENT_ID, SCALAR_STYLE, CHOMPING_MODE).
const DOCUMENT = 1;
const SEQUENCE = 2;
const MAPPING = 3;
const SCALAR = 4;
const ALIAS = 5;
const POP = 6;
const PLAIN = 1;
const SINGLE_QUOTED = 2;
const DOUBLE_QUOTED = 3;
const KEEP = 3;
const FLOW = 2;

// ---- Building the tree from the events ------------------------------------------------------

interface Frame {
  readonly node: MapNode | SeqNode;
  readonly flow: boolean;
  /** Column of a block collection's entries (0 for a flow collection: not needed there). */
  readonly indent: number;
  /** Where this collection's entries start in the builder's `children` list; how many it has. */
  readonly base: number;
  count: number;
  key: YNode | null;
  /** End of the last entry's value. */
  lastEnd: number;
  /** End of the last entry's value with what trails it: the rest of its line, indented comments. */
  lastTail: number;
  /** The last entry ended in an empty value (`key:` with nothing after it). */
  lastEmpty: boolean;
}

export interface Built {
  root: YNode | null;
  /** Offset where a second document starts, if the source has one. */
  secondDocument: number | null;
}

/** The entries of a collection still open: it gets its own array when it closes. */
const NONE: never[] = [];

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}
function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

export class TreeBuilder {
  private readonly anchors = new Map<string, YNode>();
  private readonly stack: Frame[] = [];
  private readonly handles = new Map<string, string>();
  private resolvers: Resolvers = CORE;
  private plain: Pending;
  private quoted: Pending;
  /** Entries of the open collections, innermost last: each gets an exact-size array when it closes. */
  private readonly children: Array<YNode | PairNode> = [];
  /** End of the last node read: where an empty scalar or a block scalar's header is looked for. */
  private cursor = 0;
  private root: YNode | null = null;
  private documents = 0;

  constructor(private readonly text: string) {
    this.plain = new Pending(text, CORE, false);
    this.quoted = new Pending(text, CORE, true);
  }

  build(events: Array<Event | undefined>): Built {
    for (let i = 0; i < events.length; i++) {
      const ev = events[i]!;
      events[i] = undefined; // read: the garbage collector may have it while the tree grows
      if (ev.type === DOCUMENT && this.documents > 0) return { root: this.root, secondDocument: this.secondDocumentStart(events, i) };
      this.add(ev);
    }
    return this.finish();
  }

  /** The first document's tree once its events have all been added. */
  finish(): Built {
    // js-yaml closes what it opens; should it not, the entries are still where they belong.
    for (let f = this.stack.pop(); f; f = this.stack.pop()) this.close(f);
    return { root: this.root, secondDocument: null };
  }

  /**
   * One event of the first document. The event is not kept (its offsets are copied), so a
   * caller may hand in the same object again with new values.
   */
  add(ev: Event): void {
    switch (ev.type) {
      case DOCUMENT:
        this.documents++;
        for (const d of ev.directives) {
          if (d.kind === 'yaml' && d.version.startsWith('1.1')) this.resolvers = YAML11;
          else if (d.kind === 'tag') this.handles.set(d.handle, d.prefix);
        }
        this.plain = new Pending(this.text, this.resolvers, false);
        this.quoted = new Pending(this.text, this.resolvers, true);
        break;
      case MAPPING:
      case SEQUENCE: {
        const anchored = ev.anchorStart >= 0;
        const node: MapNode | SeqNode =
          ev.type === MAPPING
            ? { kind: 'map', start: ev.start, end: ev.start, anchored, pairs: NONE, hasMerge: false }
            : { kind: 'seq', start: ev.start, end: ev.start, anchored, items: NONE };
        if (anchored) this.anchors.set(this.text.slice(ev.anchorStart, ev.anchorEnd), node);
        this.attach(node);
        const flow = ev.style === FLOW;
        const indent = flow ? 0 : ev.start - (this.text.lastIndexOf('\n', ev.start - 1) + 1);
        const base = this.children.length;
        this.stack.push({ node, flow, indent, base, count: 0, key: null, lastEnd: -1, lastTail: -1, lastEmpty: false });
        this.cursor = Math.max(this.cursor, ev.start);
        break;
      }
      case SCALAR: {
        const frame = this.stack[this.stack.length - 1];
        const node = this.scalar(ev, frame);
        this.attach(node);
        // A value (not a key); a block scalar's content already ends at a line start.
        if (frame && (frame.node.kind === 'seq' || frame.key === null)) {
          frame.lastEmpty = ev.valueStart < 0;
          if (ev.style <= DOUBLE_QUOTED) frame.lastTail = this.tail(frame, node.end);
        }
        break;
      }
      case ALIAS: {
        const name = this.text.slice(ev.anchorStart, ev.anchorEnd);
        this.attach({ kind: 'alias', start: ev.anchorStart - 1, end: ev.anchorEnd, name, target: this.anchors.get(name) ?? null });
        const frame = this.stack[this.stack.length - 1];
        if (frame && (frame.node.kind === 'seq' || frame.key === null)) {
          frame.lastEmpty = false;
          frame.lastTail = this.tail(frame, ev.anchorEnd);
        }
        break;
      }
      case POP: {
        const frame = this.stack.pop();
        if (frame) {
          this.close(frame);
          const end = (frame.node.end = this.collectionEnd(frame));
          this.cursor = end;
          const parent = this.stack[this.stack.length - 1];
          if (parent) {
            parent.lastEnd = end;
            parent.lastEmpty = !frame.flow && frame.lastEmpty;
            parent.lastTail = frame.flow ? this.tail(parent, end) : this.trailingComments(frame, end);
          }
        }
        break;
      }
    }
  }

  /**
   * A flow sequence read elsewhere (LazySeq), in a flow collection: what its events would have
   * done, from its opening bracket to its closing one.
   */
  addFlowSequence(node: LazySeq): void {
    this.attach(node);
    this.cursor = node.end;
    const parent = this.stack[this.stack.length - 1];
    if (parent) {
      parent.lastEnd = node.end;
      parent.lastEmpty = false;
      parent.lastTail = this.tail(parent, node.end);
    }
  }

  /** Moves a closing collection's entries from `children` into an array of their exact size. */
  private close(frame: Frame): void {
    const children = this.children;
    const node = frame.node;
    if (node.kind === 'map') node.pairs = children.slice(frame.base) as PairNode[];
    else node.items = children.slice(frame.base) as YNode[];
    children.length = frame.base;
  }

  private attach(node: YNode): void {
    const frame = this.stack[this.stack.length - 1];
    if (node.kind !== 'map' && node.kind !== 'seq') {
      this.cursor = node.end;
      if (frame) frame.lastEnd = frame.lastTail = node.end;
    }
    if (!frame) {
      this.root ??= node;
      return;
    }
    if (frame.node.kind === 'seq') {
      this.children.push(node);
      frame.count++;
      return;
    }
    if (frame.key === null) {
      frame.key = node;
      // `!tag key: value` opening a block mapping: the tag is the key's, the mapping starts at the key.
      const map = frame.node;
      const c = this.text.charCodeAt(map.start);
      if (frame.count === 0 && !frame.flow && (c === 33 || c === 38) && node.start > map.start) map.start = node.start;
      return;
    }
    const key = frame.key;
    frame.key = null;
    if (key.kind === 'scalar' && key.mergeKey) frame.node.hasMerge = true;
    this.children.push({ key, value: node });
    frame.count++;
  }

  private scalar(ev: ScalarEvent, frame: Frame | undefined): ScalarNode {
    const text = this.text;
    const anchored = ev.anchorStart >= 0;
    const propsEnd = Math.max(ev.anchorEnd, ev.tagEnd, this.cursor);
    let start: number;
    let end: number;
    if (ev.valueStart < 0) {
      const key = frame?.node.kind === 'map' ? frame.key : undefined;
      if (key === null) {
        // A missing key (`: value`): where the line after the previous node starts, as `yaml` placed it.
        const next = this.nextContent(propsEnd);
        const nl = text.indexOf('\n', propsEnd);
        start = end = nl !== -1 && nl < next ? nl + 1 : next;
      } else if (key && frame!.flow && text.charCodeAt(this.nextContent(propsEnd)) !== 58 /* : */) {
        // A flow mapping entry without `: value` (`{a, b}`): the null value takes the key's place.
        start = key.start;
        end = key.end;
      } else start = end = this.emptyPosition(propsEnd);
    } else if (ev.style === PLAIN) {
      start = ev.valueStart;
      end = ev.valueEnd;
    } else if (ev.style === SINGLE_QUOTED || ev.style === DOUBLE_QUOTED) {
      start = ev.valueStart - 1;
      end = ev.valueEnd + 1;
    } else {
      start = this.blockHeader(propsEnd, ev.valueStart);
      end = this.blockEnd(ev);
    }
    let value: unknown;
    let mergeKey = false;
    if (ev.fast && ev.tagStart < 0) {
      // Typed when first asked for (Pending); only `<<` is looked at now, as a merge key.
      if (ev.style === PLAIN) {
        value = this.plain;
        mergeKey = end - start === 2 && text.charCodeAt(start) === 60 && text.charCodeAt(start + 1) === 60;
      } else value = this.quoted;
      const node: ScalarNode = { kind: 'scalar', start, end, value, anchored, mergeKey };
      if (anchored) this.anchors.set(text.slice(ev.anchorStart, ev.anchorEnd), node);
      return node;
    }
    const source = getScalarValue(text, ev);
    if (ev.tagStart >= 0) {
      const tag = fullTag(text.slice(ev.tagStart, ev.tagEnd), this.handles);
      value = source;
      if (tag.startsWith(YAML_TAG)) {
        const kind = tag.slice(YAML_TAG.length);
        const resolve = kind === 'null' || kind === 'bool' || kind === 'int' || kind === 'float' ? this.resolvers[kind] : null;
        const v = resolve ? resolve(source) : NO;
        if (v !== NO) value = v;
        mergeKey = kind === 'merge' && source === '<<';
      }
    } else if (ev.style === PLAIN) {
      value = implicit(source, this.resolvers);
      mergeKey = source === '<<';
    } else value = source;
    const node: ScalarNode = { kind: 'scalar', start, end, value, anchored, mergeKey };
    if (anchored) this.anchors.set(text.slice(ev.anchorStart, ev.anchorEnd), node);
    return node;
  }

  /** The next character that is not white space or a comment (a missing key sits at its `:`). */
  private nextContent(from: number): number {
    const text = this.text;
    let q = from;
    while (q < text.length) {
      const c = text.charCodeAt(q);
      if (isBlank(c)) q++;
      else if (c === 35 /* # */) while (q < text.length && text.charCodeAt(q) !== 10) q++;
      else break;
    }
    return q;
  }

  /** Where an empty value sits: after the `:` (or `-`) that introduces it and the spaces after that. */
  private emptyPosition(from: number): number {
    const text = this.text;
    let p = from;
    while (p < text.length && isSpace(text.charCodeAt(p))) p++;
    if (text.charCodeAt(p) === 58 /* : */) {
      p++;
      while (p < text.length && isSpace(text.charCodeAt(p))) p++;
      return p;
    }
    // An empty sequence item: skip to the next `-` on a following line.
    let q = this.nextContent(p);
    const c = text.charCodeAt(q);
    if ((c === 45 /* - */ || c === 63) /* ? */ && (q + 1 >= text.length || isBlank(text.charCodeAt(q + 1)))) {
      q++;
      while (q < text.length && isSpace(text.charCodeAt(q))) q++;
      return q;
    }
    return p;
  }

  /** The `|` or `>` that starts a block scalar, looked for from the end of what precedes it. */
  private blockHeader(from: number, contentStart: number): number {
    const text = this.text;
    for (let p = from; p < contentStart; p++) {
      const c = text.charCodeAt(p);
      if (c === 124 || c === 62) return p;
      if (c === 35 && (p === 0 || isBlank(text.charCodeAt(p - 1)))) {
        while (p < contentStart && text.charCodeAt(p) !== 10) p++;
      }
    }
    return contentStart;
  }

  /** A block scalar ends after its last content line (after its trailing blank lines when kept with `|+`). */
  private blockEnd(ev: ScalarEvent): number {
    const text = this.text;
    if (ev.chomping === KEEP) return ev.valueEnd;
    let q = ev.valueEnd;
    while (q > ev.valueStart && isBlank(text.charCodeAt(q - 1))) q--;
    if (q === ev.valueStart) return ev.valueEnd; // no content: over the blank lines
    const nl = text.indexOf('\n', q);
    return nl === -1 || nl >= ev.valueEnd ? Math.max(q, ev.valueEnd) : nl + 1;
  }

  private collectionEnd(frame: Frame): number {
    const text = this.text;
    const node = frame.node;
    const last = frame.lastEnd >= 0 ? frame.lastEnd : node.start;
    if (frame.flow) {
      const open = text.charCodeAt(node.start);
      // A single-pair mapping inside a flow sequence (`[a: 1]`) has no brackets of its own.
      if (open !== 91 && open !== 123) return last;
      const close = open === 91 ? 93 : 125;
      for (let p = Math.max(last, node.start + 1); p < text.length; p++) {
        const c = text.charCodeAt(p);
        if (c === close) return p + 1;
        if (c === 35 && isBlank(text.charCodeAt(p - 1))) while (p + 1 < text.length && text.charCodeAt(p + 1) !== 10) p++;
      }
      return text.length;
    }
    if (frame.lastEmpty) return this.afterEmpty(last);
    // A block collection runs to the end of its last value's line (and the indented comments after it).
    return frame.lastTail >= 0 ? frame.lastTail : last;
  }

  /**
   * What the `yaml` package counted as part of a value in a block collection: the rest of its
   * line (spaces, a comment, the line break), then comment lines indented deeper than the
   * collection's entries, with the blank lines between them.
   */
  private tail(frame: Frame, end: number): number {
    if (frame.flow) return end;
    const text = this.text;
    let p = end;
    while (p < text.length && isSpace(text.charCodeAt(p))) p++;
    if (text.charCodeAt(p) === 35) while (p < text.length && text.charCodeAt(p) !== 10) p++;
    if (p >= text.length) return text.length;
    if (text.charCodeAt(p) === 13 && text.charCodeAt(p + 1) === 10) p++;
    if (text.charCodeAt(p) !== 10) return end;
    let tail = p + 1;
    for (let q = tail; q < text.length;) {
      const lineStart = q;
      while (q < text.length && isSpace(text.charCodeAt(q))) q++;
      const c = text.charCodeAt(q);
      if (c === 10 || c === 13) {
        q = text.indexOf('\n', q) + 1 || text.length; // a blank line: kept only if a comment follows
        continue;
      }
      if (c !== 35 || q - lineStart <= frame.indent) break;
      const nl = text.indexOf('\n', q);
      tail = q = nl === -1 ? text.length : nl + 1;
    }
    return tail;
  }

  /**
   * The end of a block collection with the comment lines after its last entry, as the `yaml`
   * package's parser assigned them: a collection keeps them unless it is at column 0 or every
   * one of them is indented less than its entries (then they belong to the collection around it).
   */
  private trailingComments(frame: Frame, end: number): number {
    if (frame.lastEmpty) return end;
    const text = this.text;
    let comment = false;
    let keep = false;
    let q = end;
    while (q < text.length) {
      const lineStart = q;
      while (q < text.length && isSpace(text.charCodeAt(q))) q++;
      const c = text.charCodeAt(q);
      if (c === 10 || c === 13) {
        q = text.indexOf('\n', q) + 1 || text.length;
        continue;
      }
      if (c !== 35) break;
      comment = true;
      if (q - lineStart >= frame.indent) keep = true;
      q = text.indexOf('\n', q) + 1 || text.length;
    }
    return comment && keep && frame.indent > 0 ? q : end;
  }

  /**
   * A block collection whose last value is empty ends right there, unless comments follow: then
   * it runs over them (and the blank lines among them) to the next content.
   */
  private afterEmpty(at: number): number {
    const text = this.text;
    let p = at;
    let comment = false;
    for (;;) {
      while (p < text.length && isBlank(text.charCodeAt(p))) p++;
      if (p >= text.length || text.charCodeAt(p) !== 35) break;
      comment = true;
      while (p < text.length && text.charCodeAt(p) !== 10) p++;
    }
    return comment ? p : at;
  }

  /** Where the second document starts: its `---` line, else its first node. */
  private secondDocumentStart(events: ReadonlyArray<Event | undefined>, at: number): number {
    const text = this.text;
    let first = -1;
    for (let j = at + 1; j < events.length && first < 0; j++) {
      const e = events[j]!;
      if (e.type === MAPPING || e.type === SEQUENCE) first = e.start;
      else if (e.type === SCALAR && e.valueStart >= 0) first = e.valueStart;
      else if (e.type === ALIAS) first = e.anchorStart - 1;
      else if (e.type !== DOCUMENT) break;
    }
    const marker = /^---(?=[ \t\r\n]|$)/gm;
    marker.lastIndex = this.cursor;
    let found = -1;
    for (let m = marker.exec(text); m && (first < 0 || m.index <= first); m = marker.exec(text)) found = m.index;
    if (found >= 0) return found;
    return first >= 0 ? first : Math.min(this.cursor, text.length);
  }
}

/**
 * The tree of the first document in `events` (parsed from `text`), and where a second one starts
 * if there is one. The events are used up: each is cleared from the list once read, so an 8 MB
 * file's 1.3 million events (130 MB) can be collected while its tree is being built.
 */
export function buildTree(text: string, events: Array<Event | undefined>): Built {
  return new TreeBuilder(text).build(events);
}
