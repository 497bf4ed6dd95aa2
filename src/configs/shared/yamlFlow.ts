// A YAML file that is one flow mapping, read without js-yaml's event list. GPT-NeoX writes its
// `.yml` configs as JSON with `#` comments (`{"num_layers": 32, # comment`), and js-yaml keeps
// one event object per node of the whole file before the tree is built: 1.3 million events and
// 130 MB for an 8 MB file, most of its parse time. This scanner hands the same events one at a
// time, in one reused object per kind, to the same TreeBuilder, so the tree, its offsets and its
// typed values are those js-yaml's path gives.
//
// It reads a deliberately small part of YAML (double-quoted strings without escapes, plain
// scalars made of letters, digits and `_.+-`, `key: value` with the colon right after the key,
// commas, comments) and gives up on anything else (tabs, CR, unusual characters, single quotes, anchors,
// tags, escapes, multi-line or multi-word scalars, a missing comma): js-yaml then reads the file
// and reports what is wrong with it. Whether the file qualifies is checked in a first pass that
// builds nothing, so a file that fails late costs a scan, not a tree. Sequences are LazySeqs,
// built when first read: the mappings are built at once (their keys are checked for duplicates),
// the lists of values that make up most of a large file usually never are.

import {
  CHOMPING_MODE,
  COLLECTION_STYLE,
  EVENT_ID,
  SCALAR_STYLE,
  type DocumentEvent,
  type MappingEvent,
  type PopEvent,
  type ScalarEvent,
  type SequenceEvent,
} from 'js-yaml';
import { LazySeq, TreeBuilder, type Built, type YNode } from './yamlTree';

/**
 * Tabs, carriage returns, control characters, byte-order marks, line separators and characters
 * outside the Basic Multilingual Plane: left to js-yaml. Other printable characters may appear in
 * comments and quoted strings (`# 32 × 32 = 1024`); plain scalars are ASCII (isPlainChar).
 */
const UNUSUAL = /[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]/;

const SPACE = 32;
const NL = 10;
const HASH = 35;
const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const COMMA = 44;
const OPEN_MAP = 123;
const CLOSE_MAP = 125;
const OPEN_SEQ = 91;
const CLOSE_SEQ = 93;
const DASH = 45;
const DOT = 46;

/** The tree of `text` if it is a single flow mapping in the subset read here, else null (read it with js-yaml). */
export function flowTree(text: string): Built | null {
  const first = skip(text, 0);
  // The `{` starts its line: an indented one makes YAML's indentation rules apply to the lines
  // inside (a `}` less indented than the `{` is "deficient indentation" to js-yaml).
  const atLineStart = first === 0 || text.charCodeAt(first - 1) === NL;
  if (first < 0 || !atLineStart || text.charCodeAt(first) !== OPEN_MAP || UNUSUAL.test(text) || !scan(text, first, null, true)) return null;
  const builder = new TreeBuilder(text);
  scan(text, first, builder, true);
  return builder.finish();
}

/**
 * The items of the sequence at `start`, built when first read (LazySeq). Only for text that
 * passed the check, so the scan cannot fail.
 */
function expand(text: string, start: number): YNode[] {
  const builder = new TreeBuilder(text);
  scan(text, start, builder, false);
  const root = builder.finish().root;
  return root?.kind === 'seq' ? root.items : [];
}

/** Just after the bracket that closes the one at `p`, in text that passed the check. */
function flowEnd(text: string, p: number): number {
  let depth = 0;
  for (let q = p; q < text.length; q++) {
    const c = text.charCodeAt(q);
    if (c === QUOTE) q = text.indexOf('"', q + 1);
    else if (c === HASH) {
      const nl = text.indexOf('\n', q);
      q = nl === -1 ? text.length : nl;
    } else if (c === OPEN_MAP || c === OPEN_SEQ) depth++;
    else if ((c === CLOSE_MAP || c === CLOSE_SEQ) && --depth === 0) return q + 1;
  }
  return text.length;
}

/** Past spaces, line breaks and comments; -1 at a `#` that does not start a comment (`a#b`). */
function skip(text: string, from: number): number {
  let p = from;
  for (;;) {
    const c = text.charCodeAt(p);
    if (c === SPACE || c === NL) p++;
    else if (c === HASH) {
      if (p > 0 && text.charCodeAt(p - 1) !== SPACE && text.charCodeAt(p - 1) !== NL) return -1;
      const nl = text.indexOf('\n', p);
      if (nl === -1) return text.length;
      p = nl + 1;
    } else return p;
  }
}

function isPlainChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === DOT || c === 43 || c === DASH;
}

/** End of a scalar starting at `p` (a double-quoted string or a plain word), or -1 if it is not one read here. */
function scalarEnd(text: string, p: number): number {
  const c = text.charCodeAt(p);
  if (c === QUOTE) {
    const close = text.indexOf('"', p + 1);
    if (close === -1) return -1;
    for (let q = p + 1; q < close; q++) {
      const d = text.charCodeAt(q);
      if (d === BACKSLASH || d === NL) return -1;
    }
    return close + 1;
  }
  if (!isPlainChar(c)) return -1;
  // `-` starts a plain scalar only before a digit or a dot (`-1`, `-.5`); `..` could be a `...` document end.
  const next = text.charCodeAt(p + 1);
  if (c === DASH && !((next >= 48 && next <= 57) || next === DOT)) return -1;
  if (c === DOT && next === DOT) return -1;
  let q = p + 1;
  while (isPlainChar(text.charCodeAt(q))) q++;
  // A plain scalar ends at a space, a line break, a comma, a bracket or `: `; anything else (`a'b`, `a&`) is not read here.
  const d = text.charCodeAt(q);
  return d === SPACE || d === NL || d === COMMA || d === CLOSE_MAP || d === CLOSE_SEQ || d === COLON || Number.isNaN(d) ? q : -1;
}

/**
 * Reads the flow collection at `start`, handing its events to `builder` (none when null: the
 * check pass). With `whole`, it is the document's mapping and only comments may follow it.
 * When building, sequences inside it are LazySeqs. False as soon as something is outside the subset.
 */
function scan(text: string, start: number, builder: TreeBuilder | null, whole: boolean): boolean {
  const doc: DocumentEvent = { type: EVENT_ID.DOCUMENT, explicitStart: false, explicitEnd: false, directives: [] };
  const map: MappingEvent = { type: EVENT_ID.MAPPING, start: 0, anchorStart: -1, anchorEnd: -1, tagStart: -1, tagEnd: -1, style: COLLECTION_STYLE.FLOW };
  const seq: SequenceEvent = { type: EVENT_ID.SEQUENCE, start: 0, anchorStart: -1, anchorEnd: -1, tagStart: -1, tagEnd: -1, style: COLLECTION_STYLE.FLOW };
  const scalar: ScalarEvent = {
    type: EVENT_ID.SCALAR,
    valueStart: 0,
    valueEnd: 0,
    anchorStart: -1,
    anchorEnd: -1,
    tagStart: -1,
    tagEnd: -1,
    style: SCALAR_STYLE.PLAIN,
    chomping: CHOMPING_MODE.CLIP,
    indent: -1,
    fast: true,
  };
  const pop: PopEvent = { type: EVENT_ID.POP };
  const emitScalar = (from: number, to: number): void => {
    if (!builder) return;
    const quoted = text.charCodeAt(from) === QUOTE;
    scalar.style = quoted ? SCALAR_STYLE.DOUBLE_QUOTED : SCALAR_STYLE.PLAIN;
    scalar.valueStart = quoted ? from + 1 : from;
    scalar.valueEnd = quoted ? to - 1 : to;
    builder.add(scalar);
  };

  if (whole) builder?.add(doc);
  const lazy = (from: number): YNode[] => expand(text, from);
  /** Open collections, innermost last: true for a mapping. */
  const open: boolean[] = [];
  /** After an opening bracket or a comma (an entry or the closing bracket may follow), or after an entry (a comma or the closing bracket). */
  let afterEntry = false;
  let p = start;
  for (;;) {
    p = skip(text, p);
    if (p < 0 || p >= text.length) return false;
    const c = text.charCodeAt(p);
    const inMap = open.length > 0 && open[open.length - 1]!;
    if (open.length > 0 && c === (inMap ? CLOSE_MAP : CLOSE_SEQ)) {
      builder?.add(pop);
      open.pop();
      p++;
      afterEntry = true;
      if (open.length === 0) {
        if (!whole) return true;
        // The root mapping closed: only comments may follow (`{a: 1}: b` would make it a key).
        if (skip(text, p) !== text.length) return false;
        builder?.add(pop); // the document
        return true;
      }
      continue;
    }
    if (afterEntry) {
      if (c !== COMMA) return false;
      p++;
      afterEntry = false;
      continue;
    }
    if (open.length > 0 && inMap) {
      // `key: value`, the colon right after the key and followed by a space or a line break.
      const keyEnd = scalarEnd(text, p);
      if (keyEnd < 0 || text.charCodeAt(keyEnd) !== COLON) return false;
      const after = text.charCodeAt(keyEnd + 1);
      if (after !== SPACE && after !== NL) return false;
      emitScalar(p, keyEnd);
      p = skip(text, keyEnd + 1);
      if (p < 0) return false;
    }
    const v = text.charCodeAt(p);
    if (v === OPEN_SEQ && builder && open.length > 0) {
      const end = flowEnd(text, p);
      builder.addFlowSequence(new LazySeq(p, end, lazy));
      p = end;
      afterEntry = true;
      continue;
    }
    if (v === OPEN_MAP || v === OPEN_SEQ) {
      const event = v === OPEN_MAP ? map : seq;
      event.start = p;
      builder?.add(event);
      open.push(v === OPEN_MAP);
      p++;
      continue;
    }
    if (open.length === 0) return false;
    const end = scalarEnd(text, p);
    // A colon after a value (`[a: 1]`, `a:b`) is not read here.
    if (end < 0 || text.charCodeAt(end) === COLON) return false;
    emitScalar(p, end);
    p = end;
    afterEntry = true;
  }
}
