// What the editor shows for per-GPU memory: the hint on the line that drives it, the hover's
// breakdown (formula and inputs of each term), the diagnostic when it does not fit or is near
// the limit, and the quick fixes a stated key allows. Pure (no vscode): unit tests pin it.

import type { ReadResult } from '../configs/types';
import type { Estimate, MemoryEstimate, Remedy, SourceRange, Traced } from '../core/index';
import { formatBytes, formatGiB, formatInteger, formatMemoryHint, formatPercent } from '../format/index';

/**
 * The line whose value drives the peak: the stated micro-batch. None when the file does not
 * state it (the peak is then a lower bound at 1 sequence, and a hint beside some other batch key
 * would read as its consequence).
 */
export function memoryLine(r: ReadResult): number | null {
  const mb = r.plan.setup?.microBatch;
  return mb?.range && mb.origin === 'stated' ? mb.range.startLine : null;
}

export function memoryHintText(m: MemoryEstimate): string {
  return formatMemoryHint(m);
}

const value = (v: number | string | boolean | null) => (v === null ? 'unknown' : typeof v === 'number' && Number.isInteger(v) ? formatInteger(v) : String(v));

/** The hover: headline, per-term table with formula and inputs, remedies, assumptions, serving. */
export function memoryMarkdown(e: Estimate): string {
  const m = e.memory;
  const lines: string[] = [];
  if (!m) {
    lines.push(`**Memory per GPU unknown**${e.memoryReason ? `: ${e.memoryReason}` : ''}.`);
  } else {
    lines.push(
      `**${formatMemoryHint(m)}**: ${formatPercent(m.fraction)} of ${m.gpu}'s ${formatGiB(m.capacityBytes)}, peak of one training step${m.stage !== 'only' ? ` on the ${m.stage} pipeline stage` : ''}${m.lowerBound ? ' (micro-batch not stated: 1 assumed, so at least this)' : ''}.`,
      '',
      '| term | per GPU | formula | inputs |',
      '|---|---|---|---|',
      ...m.terms.map(
        (t) =>
          `| ${t.key} | ${formatGiB(t.bytes)} | ${t.formula} | ${Object.entries(t.inputs)
            .map(([k, v]) => `${k} = ${value(v)}`)
            .join(', ')} |`,
      ),
      `| **total** | **${formatGiB(m.perGpuBytes)}** | | |`,
    );
    if (m.remedies.length) lines.push('', '**To fit**, recomputed:', '', ...m.remedies.map((r) => `- ${remedyText(r)}`));
    if (m.assumptions.length)
      lines.push(
        '',
        '**Memory assumptions**:',
        '',
        ...m.assumptions.map((a) => `- \`${a.field.replace(/^memory\./, '')}\` = ${value(a.value)} (${a.origin}): ${a.note}`),
      );
    lines.push(
      '',
      'GiB = 2^30 bytes. Activations after Korthikanti et al. 2022 (arXiv 2205.05198, Table 2); model states after ZeRO (arXiv 1910.02054 §3); overheads fitted on published measurements.',
    );
  }
  const inf = e.inference;
  if (inf) {
    lines.push(
      '',
      `**Serving** at ${inf.bytesPerElement} B per value: KV cache ${formatBytes(inf.kvCacheBytesPerToken)}/token = ${inf.kvFormula}; ${inf.maxTokensInCache !== null ? `${formatInteger(inf.maxTokensInCache)} tokens of cache fit beside ${formatGiB(inf.weightsBytes)} of weights` : `${formatGiB(inf.weightsBytes)} of weights do not fit one GPU`}; decode ≤ ${formatInteger(Math.floor(inf.decodeTokensPerSecUpperBound))} tokens/s at batch 1 with ${formatInteger(inf.contextTokens)} tokens of context (${inf.bandwidthGBs} GB/s ÷ bytes read per token).`,
    );
  }
  return lines.join('\n');
}

export function remedyText(r: Remedy): string {
  return `${r.label} → ${formatGiB(r.perGpuBytes)}${r.fits ? ' ✓' : ''}`;
}

export type MemoryDiagnosticCode = 'out-of-memory' | 'memory-near-limit';

export interface MemoryDiagnosticSpec {
  readonly line: number;
  readonly range?: SourceRange;
  readonly message: string;
  /** error: does not fit with every deciding input stated; info: does not fit on assumed inputs; warning: above 90%. */
  readonly severity: 'error' | 'warning' | 'info';
  readonly code: MemoryDiagnosticCode;
}

/** Inputs whose assumed value decides the verdict. */
const DECIDING = ['memory.microBatch', 'memory.sharding', 'memory.checkpointing', 'memory.optimizer', 'memory.tp', 'memory.pp', 'memory.ep', 'memory.cp'];

/**
 * Out of memory: an error on the micro-batch line when every deciding input is stated or a
 * framework default; information when the verdict rests on assumed parallelism, sharding,
 * checkpointing, micro-batch or GPU (a config whose layout the reader does not know yet, or
 * that names no GPU, must not be called broken). Above 90% with everything stated: a warning. `fallbackLine` when the
 * micro-batch has no line (the parameters line).
 */
export function memoryDiagnostic(r: ReadResult, e: Estimate, fallbackLine = 0): MemoryDiagnosticSpec | null {
  const m = e.memory;
  if (!m || m.fraction <= 0.9) return null;
  const assumed = m.assumptions.filter((a) => DECIDING.includes(a.field) && a.origin === 'assumed').map((a) => a.field.replace(/^memory\./, ''));
  // The GPU decides the capacity: a verdict against an assumed GPU is not the file's error.
  if (e.assumptions.some((a) => a.field === 'gpu' && a.origin === 'assumed')) assumed.push('gpu');
  if (m.fits && assumed.length > 0) return null;
  const remedies = m.remedies.slice(0, 3).map(remedyText).join('; ');
  const head = m.fits
    ? `Near the memory limit: ${formatMemoryHint(m)} (${formatPercent(m.fraction)}); allocator fragmentation or a longer batch can tip it over.`
    : `Out of memory: ${formatMemoryHint(m).replace(/ ✗ out of memory$/, '')} on ${m.gpu}.`;
  const rests = assumed.length ? ` Rests on assumed ${assumed.join(', ')}: state them to be sure.` : '';
  const message = `${head}${remedies ? ` ${m.fits ? 'To lower it' : 'To fit'}: ${remedies}.` : ''}${rests}`;
  const mb = r.plan.setup?.microBatch;
  return {
    line: memoryLine(r) ?? fallbackLine,
    ...(mb?.range && mb.origin === 'stated' ? { range: mb.range } : {}),
    message,
    severity: m.fits ? 'warning' : assumed.length === 0 ? 'error' : 'info',
    code: m.fits ? 'memory-near-limit' : 'out-of-memory',
  };
}

export interface MemoryQuickFix {
  readonly title: string;
  readonly range: SourceRange;
  readonly newText: string;
  readonly preferred: boolean;
}

/**
 * Edits for remedies whose key the file states on one line with a source range: the micro-batch
 * (a number) and activation checkpointing written as a boolean (`activation_checkpointing: false`,
 * `gradient_checkpointing: False`). A range may span the whole `key: value` entry: the edit
 * replaces the last occurrence of the stated value inside it, read through `textOf`, and nothing
 * when the value is not there.
 */
export function memoryQuickFixes(r: ReadResult, e: Estimate, textOf: (range: SourceRange) => string): MemoryQuickFix[] {
  const m = e.memory;
  if (!m) return [];
  const out: MemoryQuickFix[] = [];
  const mb = r.plan.setup?.microBatch;
  const mbAt = mb && lastOnStatedLine(mb, new RegExp(`(?<![\\w.])${mb.value}(?![\\w.])`, 'g'), textOf);
  const ac = r.plan.setup?.checkpointing;
  const acAt = ac && ac.value.mode === 'none' ? lastOnStatedLine(ac, /(?<![\w.])(false|False)(?![\w.])/g, textOf) : null;
  for (const remedy of m.remedies) {
    const size = `${formatGiB(remedy.perGpuBytes)}/GPU${remedy.fits ? ', fits' : ''}`;
    if (remedy.key === 'microBatch' && typeof remedy.value === 'number' && mb && mbAt) {
      out.push({
        title: `Scaling Lens: micro-batch ${mb.value} → ${remedy.value} (${size})`,
        range: mbAt.range,
        newText: String(remedy.value),
        preferred: remedy.fits,
      });
    } else if (remedy.key === 'checkpointing' && remedy.value === 'full' && acAt) {
      out.push({
        title: `Scaling Lens: full activation checkpointing (${size})`,
        range: acAt.range,
        newText: acAt.text === 'False' ? 'True' : 'true',
        // Full recompute costs about a third more compute per step: preferred only when no
        // smaller micro-batch fits.
        preferred: remedy.fits && !m.remedies.some((x) => x.key === 'microBatch' && x.fits && mbAt),
      });
    }
  }
  return out;
}

/** The last match of `re` inside a stated one-line value's range, as a range of its own. */
function lastOnStatedLine(
  t: Traced<unknown>,
  re: RegExp,
  textOf: (range: SourceRange) => string,
): { readonly range: SourceRange; readonly text: string } | null {
  const at = t.range;
  if (!at || t.origin !== 'stated' || at.startLine !== at.endLine) return null;
  const text = textOf(at);
  let last: RegExpExecArray | null = null;
  for (let hit = re.exec(text); hit; hit = re.exec(text)) last = hit;
  if (!last) return null;
  const col = at.startCol + last.index;
  return { range: { startLine: at.startLine, startCol: col, endLine: at.startLine, endCol: col + last[0].length }, text: last[0] };
}
