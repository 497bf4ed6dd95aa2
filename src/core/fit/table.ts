// Tabular text in: CSV (RFC 4180: quoted fields, "" escapes, newlines inside quotes, CRLF, a
// UTF-8 BOM; comma, tab or semicolon separated) or JSON Lines (one object a line), or a JSON
// array of objects. Pure: text in, records out, each with the line it started on, so every
// error can name a line.

import { FitInputError } from './types';

export type TableFormat = 'csv' | 'jsonl' | 'json';

export interface TableRecord {
  /** 1-based line where the record starts (the CSV header is line 1). */
  readonly line: number;
  /** Cell text (CSV) or JSON value, by column name as written in the file. */
  readonly values: Readonly<Record<string, unknown>>;
}

export interface Table {
  readonly format: TableFormat;
  /** Column names in file order (JSON: the union of keys, first-seen order). */
  readonly columns: readonly string[];
  readonly records: readonly TableRecord[];
}

/** Largest text read (64 MiB of characters): a guard for the editor, not a limit of the parser. */
export const MAX_TABLE_CHARS = 64 * 1024 * 1024;

/** CSV into rows of cells, each with its starting line. Throws FitInputError on an unterminated quote. */
export function parseCsvRows(text: string, delimiter = ','): Array<{ line: number; cells: string[] }> {
  const rows: Array<{ line: number; cells: string[] }> = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const startLine = line;
    const cells: string[] = [];
    let cell = '';
    let quotedCell = false;
    // One record.
    for (;;) {
      if (i >= n) {
        cells.push(cell);
        break;
      }
      const ch = text[i]!;
      if (ch === '"' && cell.trim() === '' && !quotedCell) {
        // A quoted field (spaces before the quote are dropped).
        quotedCell = true;
        cell = '';
        i++;
        let closed = false;
        while (i < n) {
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              cell += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (c === '\n') line++;
          cell += c;
          i++;
        }
        if (!closed) throw new FitInputError(`line ${startLine}: a quoted field is not closed`);
        continue;
      }
      if (ch === delimiter) {
        cells.push(cell);
        cell = '';
        quotedCell = false;
        i++;
        continue;
      }
      if (ch === '\n' || ch === '\r') {
        cells.push(cell);
        i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
        line++;
        break;
      }
      if (!quotedCell) cell += ch;
      i++;
    }
    if (!(cells.length === 1 && cells[0]!.trim() === '')) rows.push({ line: startLine, cells });
  }
  return rows;
}

function detectDelimiter(firstLine: string): string {
  let best = ',';
  let bestCount = 0;
  for (const d of [',', '\t', ';']) {
    let count = 0;
    let quoted = false;
    for (const ch of firstLine) {
      if (ch === '"') quoted = !quoted;
      else if (ch === d && !quoted) count++;
    }
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

function jsonRecords(values: unknown[], lineOf: (i: number) => number, what: string): Table {
  const columns: string[] = [];
  const seen = new Set<string>();
  const records = values.map((v, i) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new FitInputError(`${what} ${lineOf(i)}: expected a JSON object`);
    for (const k of Object.keys(v)) {
      if (!seen.has(k)) {
        seen.add(k);
        columns.push(k);
      }
    }
    return { line: lineOf(i), values: v as Record<string, unknown> };
  });
  return { format: what === 'line' ? 'jsonl' : 'json', columns, records };
}

/**
 * Reads CSV, JSON Lines or a JSON array of objects (also `{"runs": [...]}`-style wrappers: the
 * first array-of-objects property). The format is told by the first character: `{` or `[` is
 * JSON, anything else CSV.
 */
export function readTable(text: string): Table {
  if (text.length > MAX_TABLE_CHARS) throw new FitInputError(`the file is larger than ${MAX_TABLE_CHARS / 1024 / 1024} MiB`);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const first = body.trimStart()[0];
  if (first === undefined) throw new FitInputError('the file is empty');
  if (first === '[' || first === '{') {
    // A whole-file JSON document, else JSON Lines.
    let doc: unknown;
    let whole = true;
    try {
      doc = JSON.parse(body);
    } catch {
      whole = false;
    }
    if (whole) {
      if (Array.isArray(doc)) return jsonRecords(doc, (i) => i + 1, 'item');
      const inner = Object.values(doc as Record<string, unknown>).find(
        (v) => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'object' && x !== null && !Array.isArray(x)),
      );
      if (inner) return jsonRecords(inner as unknown[], (i) => i + 1, 'item');
      return jsonRecords([doc], () => 1, 'line');
    }
    const lines = body.split(/\r?\n/);
    const values: unknown[] = [];
    const lineNos: number[] = [];
    lines.forEach((l, i) => {
      const t = l.trim();
      if (t === '') return;
      try {
        values.push(JSON.parse(t));
      } catch (e) {
        throw new FitInputError(`line ${i + 1}: not JSON (${String((e as Error).message).split('\n')[0]})`);
      }
      lineNos.push(i + 1);
    });
    return jsonRecords(values, (i) => lineNos[i]!, 'line');
  }
  const firstLineEnd = body.search(/\r?\n/);
  const delimiter = detectDelimiter(firstLineEnd < 0 ? body : body.slice(0, firstLineEnd));
  const rows = parseCsvRows(body, delimiter);
  const header = rows[0]!.cells.map((c) => c.trim());
  const empty = header.findIndex((h) => h === '');
  if (empty >= 0 && header.length > 1 && header.slice(empty).some((h) => h !== '')) {
    // A blank header cell in the middle (pandas' unnamed index column is the usual one): name it.
    header[empty] = `column ${empty + 1}`;
  }
  const records = rows.slice(1).map((r) => {
    if (r.cells.length > header.length && r.cells.slice(header.length).some((c) => c.trim() !== '')) {
      throw new FitInputError(`line ${r.line}: ${r.cells.length} fields, but the header has ${header.length}`);
    }
    const values: Record<string, unknown> = {};
    header.forEach((h, j) => {
      if (h !== '') values[h] = r.cells[j] ?? '';
    });
    return { line: r.line, values };
  });
  return { format: 'csv', columns: header.filter((h) => h !== ''), records };
}

/** Column name as compared: lower case, runs of other characters as one "_" ("Model Size" → "model_size", "train/loss" → "train_loss"). */
export function normalizeColumn(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** The first column whose normalized name is in `aliases` (alias order wins over column order). */
export function findColumn(columns: readonly string[], aliases: readonly string[]): string | undefined {
  const byNorm = new Map<string, string>();
  for (const c of columns) if (!byNorm.has(normalizeColumn(c))) byNorm.set(normalizeColumn(c), c);
  for (const a of aliases) {
    const hit = byNorm.get(a);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/** A column the user named: exact, else by normalized name. Throws FitInputError listing the columns. */
export function requireColumn(columns: readonly string[], name: string, role: string): string {
  if (columns.includes(name)) return name;
  const hit = findColumn(columns, [normalizeColumn(name)]);
  if (hit !== undefined) return hit;
  throw new FitInputError(`no ${role} column "${name}" (columns: ${columns.join(', ')})`);
}

export type CellValue = { kind: 'number'; value: number } | { kind: 'missing' } | { kind: 'non-finite'; text: string } | { kind: 'text'; text: string };

/** A cell as a number: 1.4e12, 1.4T, 70B, 150_001, or a JSON number. Empty/null is missing; nan, inf are non-finite. */
export function cellNumber(v: unknown): CellValue {
  if (v === undefined || v === null) return { kind: 'missing' };
  if (typeof v === 'number') return Number.isFinite(v) ? { kind: 'number', value: v } : { kind: 'non-finite', text: String(v) };
  if (typeof v === 'boolean' || typeof v === 'object') return { kind: 'text', text: JSON.stringify(v) };
  const s = String(v).trim();
  if (s === '') return { kind: 'missing' };
  if (/^[+-]?(nan|inf|infinity)$/i.test(s)) return { kind: 'non-finite', text: s };
  // 150_001 and thousands groups (1,000,000); a decimal comma ("3,1") is not a number here.
  const compact = /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?(?:[eE][+-]?\d+)?\s*[kKmMbBgGtT]?$/.test(s) ? s.replace(/,/g, '') : s.replace(/(?<=\d)_(?=\d)/g, '');
  const plain = Number(compact);
  if (Number.isFinite(plain)) return { kind: 'number', value: plain };
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([kKmMbBgGtT])$/.exec(compact);
  if (m) {
    const scale = { k: 1e3, m: 1e6, b: 1e9, g: 1e9, t: 1e12 }[m[2]!.toLowerCase() as 'k'];
    const value = Number(m[1]) * scale;
    if (Number.isFinite(value)) return { kind: 'number', value };
  }
  if (!Number.isNaN(plain)) return { kind: 'non-finite', text: s }; // 1e999
  return { kind: 'text', text: s };
}

/** "lines 3, 7, 9 and 4 more". */
export function lineList(lines: readonly number[], max = 5): string {
  const shown = lines.slice(0, max).join(', ');
  return lines.length > max ? `${shown} and ${lines.length - max} more` : shown;
}
