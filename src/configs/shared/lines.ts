// Offsets to line/column ranges, for parsers that report offsets (js-yaml, jsonc-parser).

import type { SourceRange } from '../../core/plan';

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): { line: number; col: number } {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, col: o - this.starts[lo]! };
  }

  range(start: number, end: number): SourceRange {
    const a = this.position(start);
    const b = this.position(Math.max(start, end));
    return { startLine: a.line, startCol: a.col, endLine: b.line, endCol: b.col };
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
