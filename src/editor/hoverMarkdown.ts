// The hover of a line, from the tooltips the analysis already wrote: small and separate from
// present.ts so the extension host shows hovers without loading the engine.

import type { HintSpec, LensSpec } from './present';

/** Hover Markdown for a line: the derivation behind the lens above it and the hint(s) on it, or null. */
export function hoverMarkdown(line: number, hints: readonly HintSpec[], lenses: readonly LensSpec[] = []): string | null {
  const here = [...lenses.filter((l) => l.line === line), ...hints.filter((h) => h.line === line)];
  if (!here.length) return null;
  return here.map((h) => h.tooltip).join('\n\n---\n\n');
}
