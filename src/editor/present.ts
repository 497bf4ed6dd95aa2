// What the editor shows for one analysed config: hint texts and where they go, hover
// Markdown, status-bar text. Pure (no vscode) so unit tests can pin every string.

import type { Field, ReadResult } from '../configs/types';
import { costUnknownReason, FLOP_CONVENTIONS, type Architecture, type Estimate, type NormKind, type Traced } from '../core/index';
import {
  formatDecimals,
  formatDollars,
  formatDollarsShort,
  formatExponent,
  formatInteger,
  formatPercent,
  formatQuantity,
  formatRough,
  formatShare,
  formatTokensPerSec,
  formatWallClock,
} from '../format/index';
import { memoryHintText, memoryLine, memoryMarkdown } from './memoryPresent';

export { hoverMarkdown } from './hoverMarkdown';

/** Per-line hints; the file's summary is a CodeLens (LensSpec), above the line it summarises. */
export type HintKind = 'params' | 'tokens' | 'memory';

export interface HintSpec {
  readonly kind: HintKind;
  /** Zero-based line the hint ends. */
  readonly line: number;
  readonly text: string;
  /** Markdown. */
  readonly tooltip: string;
  /** A number in the hint rests on an assumption (shown with a marker). */
  readonly assumed: boolean;
}

export interface HintOptions {
  readonly params: boolean;
  readonly tokens: boolean;
  /** Per-GPU memory on the micro-batch line (off unless asked for). */
  readonly memory?: boolean;
  /** Hints longer than this are cut with an ellipsis (the tooltip keeps everything). */
  readonly maxLength: number;
}

/**
 * One summary CodeLens: the numbers of one training config, shown above `line`. An ordinary
 * file has one, above its first line; a file holding several configs has one per config.
 */
export interface LensSpec {
  /** Zero-based line the lens sits above. */
  readonly line: number;
  readonly text: string;
  /** Plain text: the lens's tooltip, with the law and the hardware the short text leaves out. */
  readonly detail: string;
  /** Markdown: the derivation, shown by the hover of that line. */
  readonly tooltip: string;
  /** A number in the lens rests on an assumption (shown with a marker). */
  readonly assumed: boolean;
}

export const ASSUMED_MARK = '*';

/** 124.4M, 14.1M, 8.03B, 7.3B: one decimal more only where the mantissa has three digits. */
const params = (v: number) => {
  const mantissa = v / 10 ** (3 * Math.floor(Math.log10(Math.max(1, v)) / 3));
  return formatQuantity(v, mantissa >= 100 ? 4 : 3);
};
const tokens = (v: number) => formatQuantity(v, 3);
const flops = (v: number) => formatExponent(v, 1);

/** Three significant digits, written out: 1,730 and 92,200, not 1.73K; 0.0042, not 0.0. Hours rest on an MFU guess. */
export function gpuHoursText(h: number): string {
  return formatRough(h);
}

/** $3.47, $72.35, $3,470, $1.23M: three figures from $100 up, since the price rests on an MFU guess. */
export function dollarsText(v: number): string {
  return formatDollars(v, 3);
}

/** GPU-hours in a short hint: 0.0042, 3.5, 1.73K. */
const shortHours = (h: number) => formatQuantity(h, 3);

/** The reason tokens are unknown, short enough for a hint: its first clause. */
function shortReason(note: string | undefined): string {
  if (!note) return 'not derivable from the file';
  const clause = note.split(/[:;,(]| — /)[0]!.trim();
  return clause.length <= 48 ? clause : `${clause.slice(0, 47).replace(/\s+\S*$/, '')}…`;
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, Math.max(1, max - 1))}…`;
}

/** The line a field's hint goes on: the first stated field of `role`, preferring the keys listed. */
function anchorLine(fields: readonly Field[], role: Field['role'], prefer: RegExp): number | null {
  const located = fields.filter((f) => f.role === role && f.range && (f.origin === 'stated' || f.origin === 'assumed'));
  const best = located.find((f) => prefer.test(f.key)) ?? located[0];
  return best?.range ? best.range.endLine : null;
}

function isAssumed(t: Traced<unknown> | null | undefined): boolean {
  return !!t && t.origin === 'assumed';
}

/** Where and what the inlay hints are. */
export function hintSpecs(r: ReadResult, e: Estimate, o: HintOptions): HintSpec[] {
  const out: HintSpec[] = [];
  const used = new Set<number>();
  const archLine = anchorLine(r.fields, 'architecture', /layer|model_name|flavor|base_model|init_from|model_name_or_path|checkpoint_dir/i);
  if (o.params && archLine !== null && e.params.total !== null) {
    const moe = e.params.active !== null && e.params.active !== e.params.total;
    const assumed = isAssumed(r.plan.architecture);
    const trainable = trainableShort(e);
    const text = `≈ ${params(e.params.total)} params${moe ? ` (${params(e.params.active)} active)` : ''}${assumed ? ASSUMED_MARK : ''}${trainable ? ` · ${trainable}` : ''}`;
    out.push({ kind: 'params', line: archLine, text: truncate(text, o.maxLength), tooltip: paramsMarkdown(r, e), assumed });
    used.add(archLine);
  }
  const durationLine = anchorLine(r.fields, 'duration', /iters|steps|duration|tokens|epochs|samples/i);
  if (o.tokens && durationLine !== null) {
    const assumed = isAssumed(r.plan.tokens);
    const t = e.tokens;
    const tokensText =
      t === null
        ? `tokens unknown: ${shortReason(r.plan.tokens.note)}`
        : `≈ ${e.tokensBound === 'upper' ? '≤ ' : ''}${tokens(t)} tokens${assumed ? ASSUMED_MARK : ''}`;
    const flopsText = t !== null && e.flops.total !== null ? ` · ${flops(e.flops.total)} ${FLOP_CONVENTIONS[e.flops.convention].short} FLOPs` : '';
    const text = tokensText + flopsText;
    // Two hints on one line read as one: join them. When both do not fit, the FLOPs go (they are
    // in the tooltip): a cut "3.9e19 PaLM…" would lose the unit and a cut convention misleads.
    if (used.has(durationLine)) {
      const i = out.findIndex((h) => h.line === durationLine);
      const prev = out[i]!;
      const joined = `${prev.text} · ${text.replace(/^≈ /, '')}`;
      const shown = joined.length <= o.maxLength ? joined : truncate(`${prev.text} · ${tokensText.replace(/^≈ /, '')}`, o.maxLength);
      out[i] = { ...prev, text: shown, tooltip: `${prev.tooltip}\n\n---\n\n${tokensMarkdown(r, e)}`, assumed: prev.assumed || assumed };
    } else {
      out.push({ kind: 'tokens', line: durationLine, text: truncate(text, o.maxLength), tooltip: tokensMarkdown(r, e), assumed });
    }
  }
  const memLine = o.memory && e.memory ? memoryLine(r) : null;
  if (memLine !== null && e.memory) {
    const text = memoryHintText(e.memory);
    const assumed = e.memory.assumptions.some((a) => a.origin === 'assumed');
    const i = out.findIndex((h) => h.line === memLine);
    if (i >= 0) {
      const prev = out[i]!;
      const joined = `${prev.text} · ${text}`;
      out[i] = {
        ...prev,
        text: joined.length <= o.maxLength ? joined : prev.text,
        tooltip: `${prev.tooltip}\n\n---\n\n${memoryMarkdown(e)}`,
        assumed: prev.assumed || assumed,
      };
    } else out.push({ kind: 'memory', line: memLine, text: truncate(text, o.maxLength), tooltip: memoryMarkdown(e), assumed });
  }
  return out;
}

/** The summary lens of one config, above `line` (0: the file's first line). */
export function summaryLens(r: ReadResult, e: Estimate, maxLength: number, line = 0): LensSpec {
  return { line, text: truncate(lensText(r, e), maxLength), detail: lensDetail(e), tooltip: summaryMarkdown(r, e), assumed: e.assumptions.length > 0 };
}

/** The lenses of a file: one (range, summary) pair per config it holds; an ordinary file holds one. */
export function summaryLenses(
  configs: ReadonlyArray<{ readonly line: number; readonly result: ReadResult; readonly estimate: Estimate }>,
  maxLength: number,
): LensSpec[] {
  return configs.map((c) => summaryLens(c.result, c.estimate, maxLength, c.line));
}

/**
 * `124.4M params · 295B tokens · loss ≈ 2.69 · 534 GPU-h* · $935`: what the run is and what it
 * costs, most important first, in about 60 characters: a lens line does not wrap, and beside
 * the curve panel at 1400 px about that much is in view. The law and the hardware are in the
 * lens's tooltip (lensDetail) and the derivation.
 */
export function lensText(r: ReadResult, e: Estimate): string {
  const parts: string[] = [];
  const ft = e.fineTune;
  if (ft) {
    // A fine-tune: what it trains matters more than the base's size, which the trainable share names.
    const kind = fineTuneLabel(e);
    if (kind) parts.push(kind);
    const star = isAssumed(r.plan.architecture) ? ASSUMED_MARK : '';
    if (ft.trainable !== null && e.params.total !== null && ft.trainable < e.params.total)
      parts.push(`trainable ${params(ft.trainable)} of ${params(e.params.total)} (${formatShare(ft.trainable, e.params.total)})${star}`);
    else if (ft.trainable !== null && e.params.total !== null) parts.push(`${params(e.params.total)} params${star}`);
    else parts.push(e.params.total !== null ? `${params(e.params.total)} params, trainable unknown` : 'params unknown');
  } else if (e.params.total !== null) {
    const moe = e.params.active !== null && e.params.active !== e.params.total;
    parts.push(`${params(e.params.total)} params${moe ? ` (${params(e.params.active)} active)` : ''}${isAssumed(r.plan.architecture) ? ASSUMED_MARK : ''}`);
  } else parts.push('params unknown');
  parts.push(
    e.tokens !== null ? `${e.tokensBound === 'upper' ? '≤ ' : ''}${tokens(e.tokens)} tokens${isAssumed(r.plan.tokens) ? ASSUMED_MARK : ''}` : 'tokens unknown',
  );
  if (e.loss.value !== null) parts.push(`loss ≈ ${formatDecimals(e.loss.value, 2)}`);
  // Tokens/s/GPU stays in the lens's tooltip and the hover: the lens must fit beside the curve panel.
  if (e.gpuHours !== null) parts.push(`${shortHours(e.gpuHours)} GPU-h${hardwareAssumed(e) ? ASSUMED_MARK : ''}`);
  if (e.costUsd !== null) parts.push(formatDollarsShort(e.costUsd));
  return parts.join(' · ');
}

const STAGE_NAMES: Readonly<Record<string, string>> = {
  pretrain: 'pretraining',
  'continued-pretrain': 'continued pretraining',
  sft: 'SFT',
  reward: 'reward model',
  dpo: 'DPO',
  orpo: 'ORPO',
  kto: 'KTO',
  simpo: 'SimPO',
  ppo: 'PPO',
  grpo: 'GRPO',
};
const METHOD_NAMES: Readonly<Record<string, string>> = {
  full: 'full',
  freeze: 'freeze',
  lora: 'LoRA',
  qlora: 'QLoRA',
  dora: 'DoRA',
  galore: 'GaLore',
  'prefix-tuning': 'prefix tuning',
  'prompt-tuning': 'prompt tuning',
};

/** `LoRA SFT`, `full DPO`, `continued pretraining`: the kind of a run from trained weights. */
export function fineTuneLabel(e: Estimate): string | null {
  const ft = e.fineTune;
  if (!ft) return null;
  const stage = ft.stage ? STAGE_NAMES[ft.stage] : ft.fromTrainedWeights ? 'fine-tune' : null;
  const method = ft.method ? METHOD_NAMES[ft.method] : null;
  return [method, stage].filter(Boolean).join(' ') || null;
}

/** `trainable 41.9M (0.52%)` for the parameter hint of a fine-tune that trains a part of the model. */
function trainableShort(e: Estimate): string | null {
  const ft = e.fineTune;
  if (!ft || ft.trainable === null || e.params.total === null || ft.trainable >= e.params.total) return null;
  return `trainable ${params(ft.trainable)} (${formatShare(ft.trainable, e.params.total)})`;
}

/** `loss ≈ 3.05 under epoch-2024 · 41 GPU-h on 8×A100-80GB @ 40% MFU* · ≈ $72`: the lens's tooltip. */
export function lensDetail(e: Estimate): string {
  const parts: string[] = [];
  if (e.loss.value !== null) parts.push(`loss ≈ ${formatDecimals(e.loss.value, 2)} under ${e.loss.law}`);
  if (e.gpuHours !== null)
    parts.push(
      `${gpuHoursText(e.gpuHours)} GPU-h on ${e.hardware.count}×${e.hardware.gpu} @ ${e.throughput ? `${tokensPerSecText(e.throughput.tokensPerSecPerGpu)}, ` : ''}${formatPercent(e.hardware.mfu)} MFU${hardwareAssumed(e) ? ASSUMED_MARK : ''}`,
    );
  parts.push(e.costUsd !== null ? `≈ ${dollarsText(e.costUsd)}` : `cost unknown: ${costUnknownReason(e)}`);
  return `${parts.join(' · ')}. Click for the scaling curves.`;
}

function hardwareAssumed(e: Estimate): boolean {
  return e.assumptions.some((a) => a.field === 'gpu' || a.field === 'gpus' || a.field === 'mfu' || a.field === 'throughput');
}

/** `157K tok/s/GPU`: training throughput per GPU (src/format, shared with the curve panel). */
export const tokensPerSecText = (tps: number): string => formatTokensPerSec(tps);

/** The GPU-hours paragraph of the summary hover: where the figure comes from and where a step's time goes. */
export function gpuHoursMarkdown(e: Estimate): string[] {
  const t = e.throughput;
  const hw = `on ${e.hardware.gpuName}`;
  const wall = e.wallClockHours !== null ? `; ${formatWallClock(e.wallClockHours, e.hardware.count)}` : '';
  const cost =
    e.costUsd !== null ? `; ≈ ${dollarsText(e.costUsd)} at ${formatDollars(e.hardware.pricePerHour)}/GPU-h.` : `; cost unknown: ${costUnknownReason(e)}.`;
  if (!t) {
    return [
      `**${gpuHoursText(e.gpuHours!)} GPU-hours** = FLOPs / (${e.hardware.peakTflops} TFLOPS dense ${e.hardware.precision.toUpperCase()} × ${formatPercent(e.hardware.mfu)} MFU) ${hw}${wall}${cost}`,
    ];
  }
  const eff = t.clusterEfficiency < 1 ? ` ÷ ${t.clusterEfficiency} cluster efficiency` : '';
  const hfu = t.hfu !== null && Math.abs(t.hfu - t.mfu) > 1e-9 ? `, HFU ${formatPercent(t.hfu)}` : '';
  const lines = [
    `**${gpuHoursText(e.gpuHours!)} GPU-hours** = tokens / ${tokensPerSecText(t.tokensPerSecPerGpu)}${eff} ${hw} (MFU ${formatPercent(t.mfu)}${hfu} of ${e.hardware.peakTflops} TFLOPS dense ${e.hardware.precision.toUpperCase()})${wall}${cost}`,
  ];
  if (t.source !== 'model') {
    const model = t.modelTokensPerSecPerGpu !== null ? ` (the model predicts ${tokensPerSecText(t.modelTokensPerSecPerGpu)})` : '';
    lines.push('', `Throughput: ${t.note}${model}.`);
    return lines;
  }
  const b = t.breakdown!;
  const step = t.stepSeconds!;
  const share = (x: number) => `${Math.round((100 * x) / step)}%`;
  lines.push(
    '',
    `**Where a ${formatStepSeconds(step)} step goes** (predicted; compute ${share(b.compute)}, recompute ${share(b.recompute)}, pipeline bubble ${share(b.bubble)}, exposed communication ${share(b.exposedComm)}):`,
    '',
  );
  for (const term of t.terms) lines.push(`- ${term.label}: ${formatStepSeconds(term.seconds)} (${share(term.seconds)}): ${term.formula}`);
  return lines;
}

function formatStepSeconds(s: number): string {
  return s >= 1 ? `${formatQuantity(s, 3)} s` : `${formatQuantity(s * 1e3, 3)} ms`;
}

/** Status bar: `124.4M · 9.83B tok · 41 GPU-h`. */
export function statusText(e: Estimate): string {
  const p = e.params.total === null ? '? params' : `${params(e.params.total)}`;
  const t = e.tokens === null ? '? tok' : `${tokens(e.tokens)} tok`;
  const h = e.gpuHours === null ? '? GPU-h' : `${shortHours(e.gpuHours)} GPU-h`;
  return `${p} · ${t} · ${h}`;
}

const NORM_NAMES: Readonly<Record<NormKind, string>> = { layernorm: 'LayerNorm', rmsnorm: 'RMSNorm', nonparametric: 'non-parametric norm' };

/**
 * The norm as the reader states it in its `norm` field (nanoGPT: "LayerNorm (no bias)", which it
 * counts as RMSNorm), else the counted kind: the header and the table say the same thing.
 */
export function normLabel(r: ReadResult, a: Architecture): string {
  const field = r.fields.find((f) => f.role === 'architecture' && f.key === 'norm' && typeof f.value === 'string');
  return typeof field?.value === 'string' ? field.value : NORM_NAMES[a.norm];
}

const originLabel: Readonly<Record<Field['origin'], string>> = { stated: 'stated', derived: 'derived', default: 'framework default', assumed: '**assumed**' };

function fieldRows(fields: readonly Field[], role: Field['role']): string {
  const rows = fields.filter((f) => f.role === role);
  if (!rows.length) return '';
  const line = (f: Field) =>
    `| \`${f.key}\` | ${typeof f.value === 'number' ? formatInteger(f.value) : String(f.value)} | ${originLabel[f.origin]}${f.range ? ` (line ${f.range.startLine + 1})` : ''} | ${f.note ?? ''} |`;
  return ['| key | value | from | note |', '|---|---|---|---|', ...rows.map(line)].join('\n');
}

export function paramsMarkdown(r: ReadResult, e: Estimate): string {
  const a = r.plan.architecture?.value;
  const b = e.params.breakdown;
  const lines = [`**${formatInteger(e.params.total)} parameters** (${r.formatName})`, ''];
  const ft = e.fineTune;
  if (ft && e.params.total !== null) {
    const label = fineTuneLabel(e);
    lines.push(
      ft.trainable !== null
        ? `**Trainable: ${formatInteger(ft.trainable)}** of ${formatInteger(e.params.total)} (${formatShare(ft.trainable, e.params.total)})${label ? `, ${label}` : ''}: ${ft.trainableNote}.`
        : `**Trainable parameters unknown**${label ? ` (${label})` : ''}: ${ft.trainableNote}.`,
      '',
    );
  }
  if (a && b) {
    lines.push(
      `${a.layers} layers · d_model ${a.dModel} · ${a.heads} heads (${a.kvHeads} KV, head dim ${a.headDim}) · ${a.mlp === 'glu' ? 'gated MLP' : 'MLP'} ${a.ffn} · vocab ${a.vocab} · ${normLabel(r, a)} · ${a.positions} positions · ${a.tiedEmbeddings ? 'tied' : 'untied'} embeddings${a.moe ? ` · ${a.moe.experts} experts, top-${a.moe.topK}` : ''}`,
      '',
      '| part | parameters |',
      '|---|---|',
      `| token embedding | ${formatInteger(b.tokenEmbedding)} |`,
      ...(b.positionEmbedding ? [`| position embedding | ${formatInteger(b.positionEmbedding)} |`] : []),
      ...(b.valueEmbedding ? [`| value embeddings | ${formatInteger(b.valueEmbedding)} |`] : []),
      `| attention | ${formatInteger(b.attention)} |`,
      `| MLP${a.moe ? ' (all experts)' : ''} | ${formatInteger(b.mlp)} |`,
      `| norms | ${formatInteger(b.norms)} |`,
      ...(b.extra ? [`| scalars and gates outside the blocks | ${formatInteger(b.extra)} |`] : []),
      ...(b.lmHead ? [`| output head (untied) | ${formatInteger(b.lmHead)} |`] : []),
      `| **total** | **${formatInteger(e.params.total)}** |`,
      `| non-embedding | ${formatInteger(e.params.nonEmbedding)} |`,
      ...(e.params.active !== e.params.total ? [`| active per token | ${formatInteger(e.params.active)} |`] : []),
      '',
      'Counted as Hugging Face `num_parameters()` does: tied embeddings once, buffers excluded.',
    );
  }
  const rows = fieldRows(r.fields, 'architecture');
  if (rows) lines.push('', rows);
  return lines.join('\n');
}

export function tokensMarkdown(r: ReadResult, e: Estimate): string {
  const t = r.plan.tokens;
  const lines: string[] = [];
  if (e.tokens === null) lines.push(`**Training tokens unknown**: ${t.note ?? 'not derivable from the file'}.`);
  else
    lines.push(
      `**${e.tokensBound === 'upper' ? 'At most ' : ''}${formatInteger(e.tokens)} training tokens**${t.note ? ` = ${t.note}` : ''}${t.origin === 'assumed' ? ' (rests on an assumption)' : ''}`,
    );
  if (e.flops.total !== null && e.flops.perToken !== null) {
    const c = FLOP_CONVENTIONS[e.flops.convention];
    lines.push(
      '',
      `**${flops(e.flops.total)} FLOPs** = ${formatQuantity(e.flops.perToken, 4)} FLOPs/token × D, convention ${c.name}: ${c.formula} (${c.citation})${e.fineTune?.flopsNote ? `, adjusted for the method: ${e.fineTune.flopsNote}` : ''}. 6ND = ${flops(e.flops.sixND!)}.`,
    );
  }
  if (e.tokensPerParam !== null)
    lines.push(
      '',
      `${formatRough(e.tokensPerParam)} tokens per parameter${e.optimal ? `; ${e.loss.law}'s compute-optimal ratio for this budget is ${formatRough(e.optimal.tokensPerParam)}` : ''}.`,
    );
  const rows = [fieldRows(r.fields, 'duration'), fieldRows(r.fields, 'batch')].filter(Boolean);
  if (rows.length) lines.push('', ...rows.flatMap((x) => [x, '']));
  return lines.join('\n').trimEnd();
}

export function summaryMarkdown(r: ReadResult, e: Estimate): string {
  const lines: string[] = [`**Scaling Lens**: ${r.formatName} config`, ''];
  const label = fineTuneLabel(e);
  if (label) {
    const stage = r.plan.kind?.stage;
    const method = r.plan.kind?.method;
    const from = [stage, method]
      .filter((t) => t)
      .map((t) => `\`${t!.source}\`${t!.range ? ` (line ${t!.range.startLine + 1})` : ''}${t!.origin === 'assumed' ? ' (assumed)' : ''}`);
    lines.push(`**Kind: ${label}**${from.length ? `, from ${from.join(' and ')}` : ''}. Correct it with \`# scaling-lens: kind=… method=…\`.`, '');
  }
  if (e.loss.value !== null) {
    lines.push(
      `**Predicted loss ${formatDecimals(e.loss.value, 4)}** ${e.loss.unit}, law \`${e.loss.law}\` with N = ${formatInteger(e.loss.params)} (${e.loss.paramsKind === 'nonEmbedding' ? 'non-embedding' : 'total'}${e.params.active !== e.params.total ? ', active' : ''}) and D = ${formatInteger(e.tokens)}.`,
      `Absolute losses do not transfer across datasets and tokenizers: compare configs under one law, not with your own eval numbers.`,
    );
    if (e.optimal)
      lines.push(
        '',
        `Compute-optimal for the same 6ND budget (${flops(e.optimal.flops)}): ${formatQuantity(e.optimal.params, 3)} params on ${formatQuantity(e.optimal.tokens, 3)} tokens, loss ${formatDecimals(e.optimal.loss, 4)}.`,
      );
  } else if (e.loss.reason !== null) {
    lines.push(`**No predicted loss** (\`${e.loss.law}\`): ${e.loss.reason}`);
  }
  if (e.gpuHours !== null) {
    lines.push('', ...gpuHoursMarkdown(e));
  } else {
    const price = e.hardware.pricePerHour !== null ? ` (the price, $${e.hardware.pricePerHour}/GPU-h for ${e.hardware.gpu}, is known)` : '';
    lines.push('', `**GPU-hours and cost unknown**: ${costUnknownReason(e)}${price}.`);
  }
  if (e.assumptions.length) {
    lines.push('', `**Assumptions** (${ASSUMED_MARK}), state them with \`# scaling-lens: gpus=… gpu=… tokens-per-sec=… price=…\` or settings:`, '');
    for (const a of e.assumptions)
      lines.push(
        `- \`${a.field}\` = ${a.value === null ? 'unknown' : typeof a.value === 'number' && Number.isInteger(a.value) ? formatInteger(a.value) : String(a.value)}: ${a.note}`,
      );
  }
  const warnings = [...r.problems.filter((p) => p.severity !== 'error').map((p) => p.message), ...e.warnings.map((w) => w.message)];
  if (warnings.length) lines.push('', '**Notes**', '', ...warnings.map((w) => `- ${w}`));
  if (e.memory !== undefined) lines.push('', '---', '', memoryMarkdown(e));
  return lines.join('\n');
}
