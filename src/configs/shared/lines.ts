// Offsets to line/column ranges, for parsers that report offsets (js-yaml, jsonc-parser).

import type { SourceRange } from '../../core/plan';

export class LineIndex {
  private readonly starts: number[] = [0];
  /** The line of the last look-up: parsers ask in file order, so the next answer is usually this line or a later one nearby. */
  private last = 0;

  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** The line holding offset `o` (already clamped to the text). */
  private lineOf(o: number): number {
    const starts = this.starts;
    let line = this.last;
    // Near the last answer (the same line or one of the next two): no search.
    if (starts[line]! <= o) {
      for (let k = 0; k < 3; k++) {
        const next = starts[line + 1];
        if (next === undefined || next > o) return (this.last = line);
        line++;
      }
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return (this.last = lo);
  }

  private clamp(offset: number): number {
    return Math.max(0, Math.min(offset, this.text.length));
  }

  position(offset: number): { line: number; col: number } {
    const o = this.clamp(offset);
    const line = this.lineOf(o);
    return { line, col: o - this.starts[line]! };
  }

  range(start: number, end: number): SourceRange {
    const a = this.clamp(start);
    const b = this.clamp(Math.max(start, end));
    const startLine = this.lineOf(a);
    const startCol = a - this.starts[startLine]!;
    const endLine = this.lineOf(b);
    return { startLine, startCol, endLine, endCol: b - this.starts[endLine]! };
  }

  /** The offset of a line and column (the inverse of position). */
  offset(line: number, col: number): number {
    return this.clamp((this.starts[line] ?? this.text.length) + col);
  }

  /** The whole of line n without its line break (and without a trailing \r). */
  lineRange(line: number): SourceRange {
    const start = this.starts[line] ?? this.text.length;
    let end = (this.starts[line + 1] ?? this.text.length + 1) - 1;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    return this.range(start, Math.max(start, end));
  }

  lineText(line: number): string {
    const r = this.lineRange(line);
    const start = this.starts[line] ?? this.text.length;
    return this.text.slice(start, start + (r.endCol - r.startCol));
  }
}
