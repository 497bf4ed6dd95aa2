// Puts run keys typed outside the file (CLI flags, the `# scaling-lens:` directive) into a read
// plan: the setup (micro-batch, degrees, sharding …), the kind (LoRA …) and the plan values they
// change (sequence length, tokens per step, precision). Flags win over everything; a directive
// only supplies what the file leaves out or leaves to a default. The one place this happens, so
// `config.json --tp 8` and `# scaling-lens: tp=8` mean the same.

import type { Origin, SourceRange, Traced, TrainingPlan } from '../../core/plan';
import type { Adapter, ParallelDegrees, RunKind, RunSetup } from '../../core/runSetup';
import { formatInteger } from '../../core/units';
import type { Field } from '../types';
import { RUN_KEYS, type RunHintKey, type RunHints } from './runHints';

export interface HintProvenance {
  readonly origin: Origin;
  /** What the user typed, for people: `flag --tp`, `directive tp=8`. */
  source(key: RunHintKey): string;
  range?(key: RunHintKey): SourceRange | undefined;
  /** Whether a hint replaces the file's value (flags: always; directive: only defaults and assumptions). */
  readonly overrides: boolean;
}

/**
 * LoRA targets assumed when neither the file nor --lora-targets names them: PEFT's default for
 * Llama-style models, q_proj and v_proj (huggingface/peft@v0.13.0:src/peft/utils/constants.py
 * TRANSFORMERS_MODELS_TO_LORA_TARGET_MODULES_MAPPING["llama"]).
 */
const PEFT_DEFAULT_TARGETS = ['q', 'v'] as const;

const nameOf = (key: RunHintKey) => RUN_KEYS.find((k) => k.key === key)?.name ?? key;

/** A plan with the hints applied, and the fields it shows (the replaced ones out, the hints in). */
export function applyRunHints(plan: TrainingPlan, fields: readonly Field[], hints: RunHints, how: HintProvenance): { plan: TrainingPlan; fields: Field[] } {
  const out: Field[] = [...fields];
  const keys = (Object.keys(hints) as RunHintKey[]).filter((k) => hints[k] !== undefined);
  if (keys.length === 0) return { plan, fields: out };
  const takes = (existing: Traced<unknown> | null | undefined) => how.overrides || !existing || existing.origin === 'default' || existing.origin === 'assumed';
  const trace = <T>(key: RunHintKey, value: T, note?: string): Traced<T> => {
    const range = how.range?.(key);
    return { value, origin: how.origin, source: how.source(key), ...(range ? { range } : {}), note: note ?? `given as ${how.source(key)}` };
  };
  /** Replaces a shown value: the field of the value it replaces goes, the hint's comes in. */
  const show = (key: RunHintKey, label: string, t: Traced<number | string | boolean>, replaced: Traced<unknown> | null | undefined, role: Field['role']) => {
    if (replaced) {
      const i = out.findIndex((f) => f.key === replaced.source);
      if (i >= 0) out.splice(i, 1);
    }
    out.push({ key: label, value: t.value, range: t.range ?? null, origin: t.origin, role, ...(t.note ? { note: t.note } : {}) });
  };

  let p: TrainingPlan = plan;
  const setup: { -readonly [K in keyof RunSetup]: RunSetup[K] } = { ...(plan.setup ?? {}) };
  const parallel: { -readonly [K in keyof ParallelDegrees]: ParallelDegrees[K] } = { ...(plan.setup?.parallel ?? {}) };
  const kind: { -readonly [K in keyof RunKind]: RunKind[K] } = { ...(plan.kind ?? {}) };

  // Plan values: precision, then sequence length and global batch (which change tokens per step).
  if (hints.precision !== undefined && takes(plan.precision)) {
    const t = trace('precision', hints.precision);
    show('precision', nameOf('precision'), t, plan.precision, 'precision');
    p = { ...p, precision: t };
  }
  const seqHint = hints.seqLen !== undefined && takes(plan.seqLen) ? trace('seqLen', hints.seqLen) : null;
  const batchHint =
    hints.globalBatch !== undefined && (how.overrides || !plan.batchTokens || plan.batchTokens.origin === 'assumed')
      ? trace('globalBatch', hints.globalBatch)
      : null;
  if (seqHint || batchHint) p = rebatch(p, seqHint, batchHint, how, show);

  // The setup.
  if (hints.microBatch !== undefined && takes(setup.microBatch)) setup.microBatch = trace('microBatch', hints.microBatch);
  for (const k of ['dp', 'tp', 'pp', 'vp', 'cp', 'ep'] as const) {
    const v = hints[k];
    if (v !== undefined && takes(parallel[k])) parallel[k] = trace(k, v);
  }
  if (hints.sharding !== undefined && takes(setup.sharding)) setup.sharding = trace('sharding', hints.sharding);
  if (hints.ac !== undefined && takes(setup.checkpointing)) setup.checkpointing = trace('ac', { mode: hints.ac });
  if (hints.optimizer !== undefined && takes(setup.optimizer)) setup.optimizer = trace('optimizer', hints.optimizer);
  if (hints.compile !== undefined && takes(setup.compile)) setup.compile = trace('compile', hints.compile);
  if (hints.interNodeGbps !== undefined && takes(setup.interNodeGbps)) setup.interNodeGbps = trace('interNodeGbps', hints.interNodeGbps);
  if (Object.keys(parallel).length > 0) setup.parallel = parallel;

  // Gradient accumulation follows from global batch = micro-batch × dp × accumulation.
  const mb = setup.microBatch;
  const dp = parallel.dp;
  const seqs = p.batchTokens && p.seqLen ? p.batchTokens.value / p.seqLen.value : null;
  const touched = keys.some((k) => k === 'globalBatch' || k === 'microBatch' || k === 'dp' || k === 'seqLen');
  if (touched && mb && dp && seqs !== null && Number.isInteger(seqs) && seqs % (mb.value * dp.value) === 0) {
    const acc = seqs / (mb.value * dp.value);
    if (!setup.gradAccum || setup.gradAccum.value !== acc) {
      const assumed = [mb, dp, p.batchTokens!].some((t) => t.origin === 'assumed');
      setup.gradAccum = {
        value: acc,
        origin: assumed ? 'assumed' : 'derived',
        source: 'global batch / (micro-batch × dp)',
        note: `${formatInteger(seqs)} sequences / (micro-batch ${mb.value} × dp ${dp.value})`,
        ...(assumed ? { inherited: true } : {}),
      };
    }
  }

  // The world size a flag's degrees describe, when nobody states it.
  const degreesGiven = keys.some((k) => k === 'dp' || k === 'tp' || k === 'pp' || k === 'cp');
  if (degreesGiven && dp && (!p.gpuCount || p.gpuCount.origin === 'assumed' || p.gpuCount.origin === 'default')) {
    const tp = parallel.tp?.value ?? 1;
    const pp = parallel.pp?.value ?? 1;
    const cp = parallel.cp?.value ?? 1;
    const world = dp.value * tp * pp * cp;
    const formula = `dp ${dp.value} × tp ${tp} × pp ${pp} × cp ${cp}`;
    const t: Traced<number> = {
      value: world,
      origin: how.origin === 'stated' ? 'derived' : how.origin,
      source: formula,
      note: formula,
      ...(how.origin !== 'stated' ? { inherited: true } : {}),
    };
    show('dp', 'gpus', t, p.gpuCount, 'hardware');
    p = { ...p, gpuCount: t };
  }

  // The kind: method and adapter (only the RunKind fields).
  const method =
    hints.finetune ?? (hints.loraRank !== undefined || hints.loraTargets !== undefined ? (kind.method?.value === 'qlora' ? 'qlora' : 'lora') : undefined);
  if (method !== undefined && takes(kind.method)) kind.method = trace(hints.finetune !== undefined ? 'finetune' : 'loraRank', method);
  const m = kind.method?.value;
  if ((m === 'lora' || m === 'qlora') && (hints.loraRank !== undefined || hints.loraTargets !== undefined || hints.finetune !== undefined)) {
    const old = kind.adapter?.value;
    const rank = hints.loraRank ?? old?.rank;
    if (rank !== undefined) {
      const targets = hints.loraTargets ?? old?.targets;
      const adapter: Adapter = {
        rank,
        ...(old?.alpha !== undefined ? { alpha: old.alpha } : {}),
        targets: targets ?? PEFT_DEFAULT_TARGETS,
        ...(m === 'qlora' ? { baseBits: old?.baseBits ?? 4 } : {}),
      };
      const note = targets ? undefined : `targets not given: q and v assumed (PEFT's default for Llama-style models); pass --lora-targets`;
      const source = hints.loraRank !== undefined ? 'loraRank' : hints.loraTargets !== undefined ? 'loraTargets' : 'finetune';
      kind.adapter = targets ? trace(source, adapter) : { ...trace(source, adapter, note), origin: 'assumed' };
    }
  }

  if (Object.keys(setup).length > 0) p = { ...p, setup };
  if (Object.keys(kind).length > 0) p = { ...p, kind };
  return { plan: p, fields: out };
}

/**
 * New sequence length and/or global batch: tokens per step follow, and so do tokens (a run of
 * stated steps) or steps (a run of stated tokens). The architecture's context follows the
 * sequence length (the attention FLOPs depend on it).
 */
function rebatch(
  plan: TrainingPlan,
  seq: Traced<number> | null,
  batch: Traced<number> | null,
  how: HintProvenance,
  show: (key: RunHintKey, label: string, t: Traced<number>, replaced: Traced<unknown> | null | undefined, role: Field['role']) => void,
): TrainingPlan {
  let p = plan;
  if (seq) {
    show('seqLen', nameOf('seqLen'), seq, plan.seqLen, 'batch');
    p = { ...p, seqLen: seq };
    if (p.architecture) p = { ...p, architecture: { ...p.architecture, value: { ...p.architecture.value, seqLen: seq.value } } };
  }
  const seqLen = p.seqLen;
  const oldSeqs = plan.batchTokens && plan.seqLen ? plan.batchTokens.value / plan.seqLen.value : null;
  const seqs = batch ? batch.value : oldSeqs !== null && Number.isInteger(oldSeqs) ? oldSeqs : null;
  if (!seqLen || seqs === null) return p;
  if (!batch && !seq) return p;
  const assumed = seqLen.origin === 'assumed' || (!batch && plan.batchTokens?.origin === 'assumed');
  const origin: Origin = assumed ? 'assumed' : 'derived';
  const formula = `${formatInteger(seqs)} sequences${batch ? ` (${how.source('globalBatch')})` : ''} × sequence length ${formatInteger(seqLen.value)}`;
  const batchTokens: Traced<number> = { value: seqs * seqLen.value, origin, source: formula, note: formula, ...(assumed ? { inherited: true } : {}) };
  p = { ...p, batchTokens };
  // A run of stated steps trains steps × the new tokens per step; a run of stated tokens takes the steps that reach them.
  const steps = plan.steps;
  if (steps && steps.origin !== 'derived') {
    const f = `${formatInteger(steps.value)} steps × ${formatInteger(batchTokens.value)} tokens per step`;
    const o: Origin = steps.origin === 'assumed' || assumed ? 'assumed' : 'derived';
    p = { ...p, tokens: { value: steps.value * batchTokens.value, origin: o, source: f, note: f, ...(o === 'assumed' ? { inherited: true } : {}) } };
  } else if (plan.tokens.value !== null) {
    const n = Math.ceil(plan.tokens.value / batchTokens.value);
    const f = `${formatInteger(plan.tokens.value)} tokens / ${formatInteger(batchTokens.value)} tokens per step, rounded up`;
    p = { ...p, steps: { value: n, origin, source: f, note: f } };
  }
  return p;
}
