// Expansion: a word's parts (literals, `$VAR`, `${VAR:-default}`, `${A[@]}`, `$((…))`, `$(…)`)
// turned into the fields a command receives, each piece of text keeping where it was written
// and which variables it passed through. Quoting decides splitting: unquoted expansions split
// at whitespace, `"${A[@]}"` gives one field per element. The variables live here (control flow
// in shellControlFlow.ts only decides which assignments run). Unknown values (`$(…)`, unset
// variables) are marked, never guessed. Arithmetic is evaluated by shellArith.ts, with each
// variable looked up once per evaluation and the total number of look-ups capped.

import type { SourceRange } from '../../core/plan';
import type { LineIndex } from './lines';
import { Arith, type ArithResult } from './shellArith';
import type { Part, WordTok } from './shellLexer';
import type { ShellWord } from './shellWords';

/** Characters one value may hold: a longer one becomes unknown, and a limit is reported. */
const MAX_VALUE = 100_000;
/** Pieces (chunks) one value or word may be made of, likewise. */
const MAX_PIECES = 5_000;
const MAX_ARITH_DEPTH = 64;
/** Variable look-ups one script's arithmetic may make in all: bash would finish any real script far below it. */
const MAX_ARITH_LOOKUPS = 100_000;
const DEPTH_REASON = 'variables refer to each other too deeply';

/** Where a chunk's text was written and what it passed through (not core's `Origin`: stated, derived…). */
export interface ChunkSource {
  readonly start: number;
  readonly end: number;
  /** The text is exactly s.slice(start, end), so pieces of it have exact sub-ranges. */
  readonly exact: boolean;
  readonly known: boolean;
  readonly computed: boolean;
  readonly via: readonly string[];
  readonly fallbacks: readonly string[];
  readonly unset: readonly string[];
}

export interface Chunk {
  readonly text: string;
  readonly origin: ChunkSource;
  /** The word the chunk was written in (for a joined word's range). */
  readonly ownerStart: number;
  readonly ownerEnd: number;
  /** Result of an unquoted expansion: subject to word splitting. */
  readonly split: boolean;
  /** Counts as a word even when empty (quoted `""`, or an unknown value we keep a place for). */
  readonly keep: boolean;
}

/** One field after word splitting: the chunks its text is made of (not a reader's recorded `Field`). */
export type SplitField = Chunk[];

export type Value =
  | { readonly kind: 'scalar'; readonly chunks: SplitField; readonly start: number; readonly end: number }
  | { readonly kind: 'array'; readonly elements: SplitField[]; readonly start: number; readonly end: number };

/** The empty list every origin without variables shares (origins are never changed in place). */
const NONE: readonly string[] = Object.freeze([]);

/** Bash's default IFS: space, tab, newline. */
function isIfs(code: number): boolean {
  return code === 32 || code === 9 || code === 10;
}
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The chunks every line makes are made here, with one shape: spreading a chunk with overrides
 * (`{ ...c, split }`) gave V8 several shapes and a slow copy, and a large script makes millions.
 */
export function chunk(text: string, origin: ChunkSource, ownerStart: number, ownerEnd: number, split: boolean, keep: boolean): Chunk {
  return { text, origin, ownerStart, ownerEnd, split, keep };
}

/** The origin of text that passed through variable `name`. */
function viaOrigin(o: ChunkSource, name: string): ChunkSource {
  // A name once is enough (and keeps self-referencing values like A="$A$A" cheap).
  const via = o.via;
  if (via.includes(name) || via.length >= 8) return o;
  return { start: o.start, end: o.end, exact: o.exact, known: o.known, computed: o.computed, via: [...via, name], fallbacks: o.fallbacks, unset: o.unset };
}

/** The names of one kind the chunks of a field passed through, each once, in order (NONE if none). */
function namesOf(f: readonly Chunk[], key: 'via' | 'fallbacks' | 'unset'): readonly string[] {
  let out: string[] | null = null;
  for (const c of f) {
    for (const name of c.origin[key]) {
      if (!out) out = [name];
      else if (!out.includes(name)) out.push(name);
    }
  }
  return out ?? NONE;
}

export function withVia(c: Chunk, name: string, split: boolean, owner?: [number, number]): Chunk {
  return chunk(c.text, viaOrigin(c.origin, name), owner ? owner[0] : c.ownerStart, owner ? owner[1] : c.ownerEnd, split, c.keep && !split);
}

/**
 * The origins of a scalar's chunks as seen through its name, made once per value: a variable
 * referenced on 150,000 lines (`$GPUS_PER_NODE`) shares them instead of copying them each time.
 * Keyed by the value's chunk list (each assignment makes its own), checked against the name.
 */
const referenceOrigins = new WeakMap<readonly Chunk[], { readonly name: string; readonly origins: readonly ChunkSource[] }>();
function originsVia(chunks: readonly Chunk[], name: string): readonly ChunkSource[] {
  const cached = referenceOrigins.get(chunks);
  if (cached && cached.name === name) return cached.origins;
  const origins = chunks.map((c) => viaOrigin(c.origin, name));
  referenceOrigins.set(chunks, { name, origins });
  return origins;
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}

/** Splits chunks into fields at unquoted whitespace of `split` chunks. */
export function splitFields(chunks: readonly Chunk[]): SplitField[] {
  const fields: SplitField[] = [];
  let cur: Chunk[] = [];
  let has = false;
  const end = () => {
    if (has) fields.push(cur);
    cur = [];
    has = false;
  };
  for (const c of chunks) {
    if (!c.split) {
      cur.push(c);
      if (c.text !== '' || c.keep) has = true;
      continue;
    }
    if (c.text === '') {
      if (c.keep || !c.origin.known) {
        cur.push(c);
        has = true;
      }
      continue;
    }
    let i = 0;
    const t = c.text;
    while (i < t.length) {
      if (isIfs(t.charCodeAt(i))) {
        end();
        while (i < t.length && isIfs(t.charCodeAt(i))) i++;
        continue;
      }
      let j = i;
      while (j < t.length && !isIfs(t.charCodeAt(j))) j++;
      if (i === 0 && j === t.length) cur.push(chunk(c.text, c.origin, c.ownerStart, c.ownerEnd, false, c.keep));
      else {
        const o = c.origin;
        const origin = o.exact
          ? { start: o.start + i, end: o.start + j, exact: true, known: o.known, computed: o.computed, via: o.via, fallbacks: o.fallbacks, unset: o.unset }
          : o;
        cur.push(chunk(t.slice(i, j), origin, c.ownerStart, c.ownerEnd, false, c.keep));
      }
      has = true;
      i = j;
    }
  }
  end();
  return fields;
}

export function fieldText(f: readonly Chunk[]): string {
  if (f.length === 1) return f[0]!.text;
  let text = '';
  for (const c of f) text += c.text;
  return text;
}

export function joinElements(elements: readonly SplitField[], range: [number, number]): Chunk[] {
  const out: Chunk[] = [];
  elements.forEach((el, i) => {
    if (i > 0)
      out.push({
        text: ' ',
        origin: { start: range[0], end: range[1], exact: false, known: true, computed: false, via: NONE, fallbacks: NONE, unset: NONE },
        ownerStart: range[0],
        ownerEnd: range[1],
        split: false,
        keep: false,
      });
    out.push(...el);
  });
  return out;
}

export class Expander {
  /** The script's variables as they stand at the statement being run. */
  readonly vars = new Map<string, Value>();
  /**
   * Values of variables met while evaluating one `$((…))`: nothing can be assigned during an
   * evaluation, so a variable named again (`A=B+B+B`, `B=C+C+C`, …) is evaluated once, not once
   * per reference, which was exponential in the depth of such chains.
   */
  private readonly arithMemo = new Map<string, ArithResult>();
  private arithLookups = 0;

  constructor(
    private readonly lines: LineIndex,
    /** Reports that a cap was hit (once per script: the runner keeps the flag). */
    private readonly limit: (start: number, end: number) => void,
  ) {}

  range(start: number, end: number): SourceRange {
    return this.lines.range(start, end);
  }

  emptyChunk(start: number, end: number, known: boolean, extra: Partial<ChunkSource> = {}): Chunk {
    return {
      text: '',
      origin: { start, end, exact: false, known, computed: false, via: NONE, fallbacks: NONE, unset: NONE, ...extra },
      ownerStart: start,
      ownerEnd: end,
      split: false,
      keep: true,
    };
  }

  capChunks(chunks: Chunk[], w: WordTok): Chunk[] {
    let length = 0;
    for (const c of chunks) length += c.text.length;
    if (length <= MAX_VALUE && chunks.length <= MAX_PIECES) return chunks;
    this.limit(w.start, w.end);
    return [{ ...this.emptyChunk(w.start, w.end, false), text: '' }];
  }

  expand(w: WordTok, mode: 'split' | 'nosplit'): SplitField[] {
    return this.expandParts(w.parts, mode, w.start, w.end);
  }

  /**
   * Expands a word's parts into fields. `nosplit` (assignment values, tests): one field, arrays
   * joined by spaces. `split`: unquoted expansions split at whitespace, `"${A[@]}"` one field per
   * element, empty unquoted expansions dropped (unknown ones keep a placeholder).
   */
  expandParts(parts: readonly Part[], mode: 'split' | 'nosplit', wStart: number, wEnd: number): SplitField[] {
    if (parts.length > MAX_PIECES) {
      // One word of a million `$$`: more pieces than any value may keep, so it is not expanded at all.
      this.limit(wStart, wEnd);
      return [[this.emptyChunk(wStart, wEnd, false)]];
    }
    // Fields already ended by an array expansion (`"${A[@]}"` ends one per element); null until one does.
    let segments: Chunk[][] | null = null;
    let cur: Chunk[] = [];
    for (const p of parts) {
      if (p.kind === 'literal') {
        const origin: ChunkSource = {
          start: p.start,
          end: p.end,
          exact: p.exact && p.text.length === p.end - p.start,
          known: true,
          computed: false,
          via: NONE,
          fallbacks: NONE,
          unset: NONE,
        };
        cur.push(chunk(p.text, origin, wStart, wEnd, false, p.quoted));
        continue;
      }
      const split = mode === 'split' && !p.quoted;
      if (p.kind === 'parameter' && p.op === undefined && !p.length && p.index === undefined) {
        // `$NAME` / `${NAME}` of a scalar the script set (the common case): its chunks, now
        // belonging to this word (a joined word's range), without the general path's copies.
        const v = this.vars.get(p.name);
        if (v?.kind === 'scalar') {
          const origins = originsVia(v.chunks, p.name);
          for (let k = 0; k < v.chunks.length; k++) {
            const c = v.chunks[k]!;
            const origin = origins[k]!;
            cur.push(chunk(c.text, origin, wStart, wEnd, split, (c.keep && !split) || p.quoted || !origin.known || mode === 'nosplit'));
          }
          continue;
        }
      }
      const v = this.partValue(p, wStart, wEnd);
      if (v.kind === 'scalar') {
        for (const c of v.chunks)
          cur.push(chunk(c.text, c.origin, c.ownerStart, c.ownerEnd, split, (c.keep && !split) || p.quoted || !c.origin.known || mode === 'nosplit'));
        continue;
      }
      // Several words: "${A[@]}", ${A[@]}, "$@".
      if (mode === 'nosplit') {
        cur.push(...joinElements(v.elements, [p.start, p.end]).map((c) => ({ ...c, split: false })));
        continue;
      }
      for (let idx = 0; idx < v.elements.length; idx++) {
        const el = v.elements[idx]!;
        for (const c of el) cur.push(chunk(c.text, c.origin, c.ownerStart, c.ownerEnd, split, p.quoted || c.keep));
        if (p.quoted && el.length === 0) cur.push(this.emptyChunk(p.start, p.end, true));
        if (idx < v.elements.length - 1) {
          (segments ??= []).push(cur);
          cur = [];
        }
      }
    }
    // `nosplit` never ends a segment (arrays are joined), so `cur` is the whole field.
    if (mode === 'nosplit') return [cur];
    if (!segments) return splitFields(cur);
    segments.push(cur);
    const fields: SplitField[] = [];
    for (const seg of segments) fields.push(...splitFields(seg));
    return fields;
  }

  arithText(parts: readonly Part[]): string | null {
    let text = '';
    for (const p of parts) {
      if (p.kind === 'literal') text += p.text;
      else {
        const v = this.partValue(p, p.start, p.end);
        const chunks = v.kind === 'scalar' ? v.chunks : joinElements(v.elements, [p.start, p.end]);
        if (chunks.some((c) => !c.origin.known)) return null;
        text += chunks.map((c) => c.text).join('');
      }
      if (text.length > MAX_VALUE) return null;
    }
    return text;
  }

  /** One top-level `$((…))`, `((…))` or `let`: variables are looked up afresh, as the script may have changed them since. */
  evalArith(text: string): ArithResult {
    this.arithMemo.clear();
    return new Arith((n, d) => this.arithLookup(n, d), 0).eval(text);
  }

  private arithLookup(name: string, depth: number): ArithResult {
    if (depth > MAX_ARITH_DEPTH) return { ok: false, reason: DEPTH_REASON };
    const known = this.arithMemo.get(name);
    if (known) return known;
    if (++this.arithLookups > MAX_ARITH_LOOKUPS) return { ok: false, reason: 'the script does more arithmetic than is evaluated here' };
    const result = this.arithValue(name, depth);
    // A chain cut by the depth limit might evaluate when the same name is met nearer the top.
    if (result.ok || result.reason !== DEPTH_REASON) this.arithMemo.set(name, result);
    return result;
  }

  private arithValue(name: string, depth: number): ArithResult {
    const v = this.vars.get(name);
    if (!v) return { ok: false, reason: `${name} is not set in the script` };
    const chunks = v.kind === 'scalar' ? v.chunks : (v.elements[0] ?? []);
    if (chunks.some((c) => !c.origin.known)) return { ok: false, reason: `${name} is not known` };
    const text = chunks
      .map((c) => c.text)
      .join('')
      .trim();
    if (text === '') return { ok: true, value: 0 };
    return new Arith((n, d) => this.arithLookup(n, d), depth + 1).eval(text);
  }

  /** The value of `$…` parts: one scalar (chunks) or several words (arrays, `$@`). */
  private partValue(
    p: Exclude<Part, { kind: 'literal' }>,
    wStart: number,
    wEnd: number,
  ): { kind: 'scalar'; chunks: Chunk[] } | { kind: 'multi'; elements: SplitField[] } {
    const unknown = (extra: Partial<ChunkSource> = {}): { kind: 'scalar'; chunks: Chunk[] } => ({
      kind: 'scalar',
      chunks: [{ ...this.emptyChunk(p.start, p.end, false, extra), ownerStart: wStart, ownerEnd: wEnd, keep: false }],
    });
    if (p.kind === 'command') return unknown();
    if (p.kind === 'arithmetic') {
      const text = this.arithText(p.parts);
      const vias = p.parts.filter((x): x is Part & { kind: 'parameter' } => x.kind === 'parameter').map((x) => x.name);
      const named = text === null ? [] : (text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
      const via = union(vias, named);
      if (text === null) return unknown({ computed: true, via });
      const r = this.evalArith(text);
      if (!r.ok) return unknown({ computed: true, via });
      return {
        kind: 'scalar',
        chunks: [
          {
            text: String(r.value),
            origin: { start: p.start, end: p.end, exact: false, known: true, computed: true, via, fallbacks: this.fallbacksOf(via), unset: NONE },
            ownerStart: wStart,
            ownerEnd: wEnd,
            split: false,
            keep: false,
          },
        ],
      };
    }
    // Parameters.
    const name = p.name;
    if (name === '@' || name === '*' || /^\d+$/.test(name) || name === '#') {
      // The script's own arguments are not in the file.
      if (p.op && /^:?[-=]$/.test(p.op) && p.arg) return this.defaultValue(p, name, wStart, wEnd, true);
      if (name === '#') return { kind: 'scalar', chunks: [{ ...this.emptyChunk(p.start, p.end, false), ownerStart: wStart, ownerEnd: wEnd, keep: false }] };
      if ((name === '@' || name === '*') && !p.op) return { kind: 'multi', elements: [] };
      return unknown({ unset: [`$${name}`] });
    }
    if (name === '?' || name === '$' || name === '!' || name === '-') return unknown();
    const v = this.vars.get(name);
    if (p.length) {
      if (!v) return unknown({ unset: [name] });
      const n =
        v.kind === 'array' && (p.index === '@' || p.index === '*')
          ? v.elements.length
          : fieldText(v.kind === 'scalar' ? v.chunks : (v.elements[0] ?? [])).length;
      return {
        kind: 'scalar',
        chunks: [
          {
            text: String(n),
            origin: { start: p.start, end: p.end, exact: false, known: true, computed: true, via: [name], fallbacks: NONE, unset: NONE },
            ownerStart: wStart,
            ownerEnd: wEnd,
            split: false,
            keep: false,
          },
        ],
      };
    }
    if (p.op) {
      const isSet = v !== undefined;
      const text = v ? fieldText(v.kind === 'scalar' ? v.chunks : (v.elements[0] ?? [])) : '';
      const colon = p.op.startsWith(':');
      const empty = colon ? text === '' : !isSet;
      switch (p.op) {
        case ':-':
        case '-':
        case ':=':
        case '=':
          if (empty) return this.defaultValue(p, name, wStart, wEnd, !isSet);
          break;
        case ':+':
        case '+':
          if (empty) return { kind: 'scalar', chunks: [] };
          return { kind: 'scalar', chunks: this.expandParts(p.arg ?? [], 'nosplit', wStart, wEnd)[0] ?? [] };
        case ':?':
        case '?':
          if (empty) return unknown({ unset: [name] });
          break;
        default:
          // Pattern removal, substitution, case changes: not evaluated.
          return unknown({ via: [name] });
      }
    }
    if (!v) return unknown({ unset: [name] });
    if (v.kind === 'array') {
      if (p.index === '@' || p.index === '*') {
        const elements = v.elements.map((el) => el.map((c) => withVia(c, name, false)));
        if (p.index === '*' && p.quoted) return { kind: 'scalar', chunks: joinElements(elements, [p.start, p.end]) };
        return { kind: 'multi', elements };
      }
      const idx = p.index === undefined ? 0 : Number(p.index);
      if (!Number.isInteger(idx) || idx < 0) return unknown({ via: [name] });
      const el = v.elements[idx];
      return el ? { kind: 'scalar', chunks: el.map((c) => withVia(c, name, false)) } : { kind: 'scalar', chunks: [] };
    }
    if (p.index !== undefined && p.index !== '0' && p.index !== '@' && p.index !== '*') return { kind: 'scalar', chunks: [] };
    // A scalar's pieces now belong to the word that references it (a joined word's range).
    return { kind: 'scalar', chunks: v.chunks.map((c) => withVia(c, name, false, [wStart, wEnd])) };
  }

  private defaultValue(
    p: Part & { kind: 'parameter' },
    name: string,
    wStart: number,
    wEnd: number,
    fromEnvironment: boolean,
  ): { kind: 'scalar'; chunks: Chunk[] } {
    const chunks = (this.expandParts(p.arg ?? [], 'nosplit', wStart, wEnd)[0] ?? []).map((c) => ({
      ...c,
      origin: { ...c.origin, fallbacks: fromEnvironment ? union(c.origin.fallbacks, [NAME.test(name) ? name : `$${name}`]) : c.origin.fallbacks },
    }));
    if ((p.op === ':=' || p.op === '=') && NAME.test(name)) this.vars.set(name, { kind: 'scalar', chunks, start: p.start, end: p.end });
    return { kind: 'scalar', chunks: chunks.length ? chunks : [{ ...this.emptyChunk(p.start, p.end, true), keep: false }] };
  }

  private fallbacksOf(names: readonly string[]): string[] {
    const out: string[] = [];
    for (const n of names) {
      const v = this.vars.get(n);
      if (v) for (const c of v.kind === 'scalar' ? v.chunks : v.elements.flat()) out.push(...c.origin.fallbacks);
    }
    return [...new Set(out)];
  }

  toWord(f: SplitField, refStart: number, refEnd: number): ShellWord {
    const text = fieldText(f);
    const refRange = this.range(refStart, refEnd);
    if (f.length === 1) {
      const o = f[0]!.origin;
      return { text, range: this.range(o.start, o.end), refRange, known: o.known, computed: o.computed, via: o.via, fallbacks: o.fallbacks, unset: o.unset };
    }
    const owner =
      f.every((c) => c.ownerStart === f[0]!.ownerStart && c.ownerEnd === f[0]!.ownerEnd) && f[0] ? [f[0].ownerStart, f[0].ownerEnd] : [refStart, refEnd];
    return {
      text,
      range: this.range(owner[0]!, owner[1]!),
      refRange,
      known: f.every((c) => c.origin.known),
      computed: f.some((c) => c.origin.computed || c.origin.via.length > 0),
      via: namesOf(f, 'via'),
      fallbacks: namesOf(f, 'fallbacks'),
      unset: namesOf(f, 'unset'),
    };
  }
}
