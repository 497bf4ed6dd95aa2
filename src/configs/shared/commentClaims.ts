// Comments lie (docs/configs.md#comments-are-hints): SmolLM's nanotron header says "600B tokens" while its
// keys give 2.1T. Token totals claimed in `#` comments are compared with the arithmetic
// and a disagreement is shown as a hint; the keys always win.

import type { SourceRange } from '../../core/plan';
import { formatQuantity } from '../../core/units';
import type { PlanBuilder } from './builder';
import { LineIndex } from './lines';

const SUFFIX: Readonly<Record<string, number>> = { k: 1e3, m: 1e6, b: 1e9, t: 1e12 };

/** Below this a "N tokens" comment is a batch size, not a run length. */
const MIN_TOTAL = 1e9;

export interface TokenClaim {
  readonly value: number;
  readonly text: string;
  readonly range: SourceRange;
}

/** "600B tokens", "3T tokens", "1.5 T tokens" in `#` comments (first 400 lines). */
export function commentTokenClaims(text: string): TokenClaim[] {
  const lines = new LineIndex(text);
  const out: TokenClaim[] = [];
  const n = Math.min(lines.lineCount, 400);
  for (let line = 0; line < n; line++) {
    const s = lines.lineText(line);
    const hash = s.indexOf('#');
    if (hash < 0) continue;
    const comment = s.slice(hash);
    const re = /(\d+(?:\.\d+)?)\s*([kKmMbBtT])\s+tokens\b/g;
    for (let m = re.exec(comment); m; m = re.exec(comment)) {
      const value = Number(m[1]) * SUFFIX[m[2]!.toLowerCase()]!;
      if (!Number.isFinite(value) || value < MIN_TOTAL) continue;
      const start = hash + m.index;
      out.push({ value, text: m[0], range: { startLine: line, startCol: start, endLine: line, endCol: start + m[0].length } });
    }
  }
  return out;
}

/** An info problem for each comment whose token total is off by more than 25 % from `tokens`. */
export function checkCommentClaims(b: PlanBuilder, text: string, tokens: number | null, formula: string): void {
  if (tokens === null || !(tokens > 0)) return;
  for (const claim of commentTokenClaims(text)) {
    const ratio = claim.value / tokens;
    if (ratio > 0.8 && ratio < 1.25) continue;
    b.problem(
      'info',
      'comment-disagrees',
      `The comment says "${claim.text}", but ${formula} gives ${formatQuantity(tokens)} tokens; Scaling Lens uses the keys.`,
      claim.range,
    );
  }
}
