// How long a Megatron-LM launch trains and on what batch (docs/configs.md#megatron-lm): the
// global batch (stated, the largest of a batch schedule, or micro-batch × data-parallel GPUs),
// tokens per step, and the run's length from --train-iters or --train-samples, cut short by
// Megatron-DeepSpeed's --train-tokens, with batch ramp-ups (--rampup-batch-size,
// --step-batch-size-schedule) walked as Megatron's num_microbatches_calculator does.

import type { Origin, SourceRange, Traced } from '../../core/plan';
import { formatInteger, formatQuantity, parseQuantity } from '../../core/units';
import { coerceNumber } from '../shared/values';
import type { ReadResult } from '../types';
import type { MegatronFlags } from './megatronFlags';
import { DEFAULT_MAX } from '../shared/numbers';

export function duration(f: MegatronFlags, world: Traced<number> | null, modelParallel: number) {
  const b = f.b;
  const seqLen = f.has('--seq-length') || f.has('--encoder-seq-length') ? seq(f) : null;
  const micro = f.int('--micro-batch-size', 'batch', 1, DEFAULT_MAX);
  const explicitGlobal = f.int('--global-batch-size', 'batch', 1, DEFAULT_MAX);
  const ramp = batchRamp(f, seqLen?.value ?? null, explicitGlobal?.value ?? null);
  let gpuCount: Traced<number> | null = null;

  let global: Traced<number> | null = explicitGlobal ?? null;
  if (!global && ramp?.schedule) {
    global = b.derived('global batch (sequences)', ramp.finalBatch, 'batch', `the largest batch of --step-batch-size-schedule`, ramp.range);
  }
  if (!global && micro) {
    const w = world ?? b.requireGpuCount('Without --global-batch-size the batch is --micro-batch-size × data-parallel GPUs.');
    gpuCount = w;
    const dp = Math.max(1, Math.floor(w.value / modelParallel));
    global = b.derived(
      'global batch (sequences)',
      micro.value * dp,
      'batch',
      `Megatron default: --micro-batch-size ${micro.value} × data-parallel ${dp} (${w.value} GPUs / TP·PP·CP ${modelParallel})`,
      micro.range ?? null,
      w.origin === 'assumed' ? 'assumed' : 'derived',
    );
  }
  if (!f.has('--micro-batch-size')) {
    b.problem('info', 'missing-value', 'No --micro-batch-size: Megatron requires it (it does not change the tokens, only memory).');
  }

  const batchTokens =
    global && seqLen
      ? b.derived(
          'tokens per step',
          global.value * seqLen.value,
          'batch',
          `${formatInteger(global.value)} sequences × ${formatInteger(seqLen.value)} tokens`,
          global.range ?? null,
          global.origin === 'assumed' ? 'assumed' : 'derived',
        )
      : null;

  const iters = f.int('--train-iters', 'duration', 0, DEFAULT_MAX);
  const samples = f.int('--train-samples', 'duration', 0, DEFAULT_MAX);
  if (iters && samples)
    b.problem(
      'error',
      'conflicting-duration',
      'Both --train-iters and --train-samples are set; Megatron accepts only one. --train-iters is used.',
      samples.range ?? null,
    );

  let tokens: ReadResult['plan']['tokens'];
  let steps: Traced<number> | null = null;
  let bound: 'upper' | undefined;
  const originOf = (...ts: Array<Traced<number> | null>): Origin => (ts.some((t) => t?.origin === 'assumed') ? 'assumed' : 'derived');
  if (iters) {
    steps = iters;
    if (batchTokens && global && seqLen) {
      const value = iters.value * batchTokens.value;
      let formula = `--train-iters ${formatInteger(iters.value)} × ${formatInteger(batchTokens.value)} tokens per step`;
      if (ramp) {
        bound = 'upper';
        const est = ramp.phases ? rampedSamples(iters.value, ramp.phases, ramp.finalBatch) : null;
        formula += `; an upper bound: the ${ramp.flag} ramp trains its first steps on smaller batches${est !== null && Number.isFinite(est) ? ` (≈${formatQuantity(est * seqLen.value)} tokens with the ramp)` : ''}`;
      }
      tokens = Number.isFinite(value)
        ? b.derived('training tokens', value, 'duration', formula, iters.range ?? null, originOf(batchTokens))
        : b.trace(null, 'derived', '--train-iters', iters.range, 'the token count overflows');
    } else {
      tokens = b.trace(
        null,
        'derived',
        '--train-iters',
        iters.range,
        seqLen ? 'the global batch size is not known' : 'the sequence length (--seq-length) is not known',
      );
    }
  } else if (samples) {
    if (seqLen) {
      const value = samples.value * seqLen.value;
      tokens = b.derived(
        'training tokens',
        value,
        'duration',
        `--train-samples ${formatInteger(samples.value)} × --seq-length ${formatInteger(seqLen.value)}`,
        samples.range ?? null,
        originOf(seqLen),
      );
      if (global && !ramp)
        steps = b.derived(
          'steps',
          Math.ceil(samples.value / global.value),
          'duration',
          `--train-samples ${formatInteger(samples.value)} / global batch ${formatInteger(global.value)}`,
          samples.range ?? null,
          originOf(global),
        );
    } else {
      tokens = b.trace(null, 'derived', '--train-samples', samples.range, 'the sequence length (--seq-length) is not known');
    }
  } else {
    tokens = b.trace(null, 'derived', '--train-iters', null, 'neither --train-iters nor --train-samples is set');
    b.problem(
      'warning',
      'missing-duration',
      'Neither --train-iters nor --train-samples is set: the training length is not known (Megatron requires one of them).',
      f.flag('--num-layers')?.keyWord.range ?? null,
    );
  }
  // Megatron-DeepSpeed's --train-tokens also ends the run: the loop stops after the step whose
  // consumed tokens reach it (megatron/training.py: `if args.train_tokens and
  // args.consumed_train_tokens >= args.train_tokens`), whichever limit comes first.
  const trainTokens = f.int('--train-tokens', 'duration', 1, DEFAULT_MAX);
  if (trainTokens && batchTokens && !ramp) {
    const n = Math.ceil(trainTokens.value / batchTokens.value);
    const value = n * batchTokens.value;
    if (tokens.value === null || value < tokens.value) {
      steps = b.derived(
        'steps',
        n,
        'duration',
        `--train-tokens ${formatInteger(trainTokens.value)} / ${formatInteger(batchTokens.value)} tokens per step, rounded up (the run stops after the step that reaches it)`,
        trainTokens.range ?? null,
        originOf(batchTokens),
      );
      tokens = b.derived(
        'training tokens',
        value,
        'duration',
        `${formatInteger(n)} whole steps × ${formatInteger(batchTokens.value)} tokens: --train-tokens ${formatInteger(trainTokens.value)} comes first`,
        trainTokens.range ?? null,
        originOf(batchTokens),
      );
    }
  } else if (trainTokens && ramp?.phases && seqLen && Number.isFinite(ramp.finalBatch) && ramp.finalBatch >= 1) {
    // With a ramp the steps have different sizes: walk them as Megatron-DeepSpeed's training loop
    // does (megatron/training.py: update_num_microbatches(consumed_train_samples) before each
    // step, stop once consumed_train_tokens >= --train-tokens).
    const walked = stepsUntilTokens(trainTokens.value, seqLen.value, ramp.phases, ramp.finalBatch);
    if (walked && (tokens.value === null || walked.tokens < tokens.value)) {
      steps = b.derived(
        'steps',
        walked.steps,
        'duration',
        `steps of the ${ramp.flag} ramp until --train-tokens ${formatInteger(trainTokens.value)} is reached`,
        trainTokens.range ?? null,
        originOf(seqLen),
      );
      tokens = b.derived(
        'training tokens',
        walked.tokens,
        'duration',
        `${formatInteger(walked.steps)} steps whose batch follows ${ramp.flag}, until --train-tokens ${formatInteger(trainTokens.value)} comes first (the run stops after the step that reaches it)`,
        trainTokens.range ?? null,
        originOf(seqLen),
      );
    }
  } else if (trainTokens && (tokens.value === null || trainTokens.value < tokens.value)) {
    b.problem(
      'info',
      'approximate-count',
      `--train-tokens ${formatInteger(trainTokens.value)} ends the run first; with ${ramp ? 'a batch ramp-up' : 'an unknown batch'} the last step's size is not known, so the tokens are given as --train-tokens.`,
      trainTokens.range ?? null,
    );
    tokens = b.derived(
      'training tokens',
      trainTokens.value,
      'duration',
      `--train-tokens ${formatInteger(trainTokens.value)} (the run stops after the step that reaches it)`,
      trainTokens.range ?? null,
    );
  }
  return { tokens, batchTokens, steps, seqLen, bound, gpuCount, micro, global };
}

function seq(f: MegatronFlags): Traced<number> | null {
  // Already recorded by architecture(); reuse the recorded value without a second field.
  const flag = f.flag('--seq-length') ?? f.flag('--encoder-seq-length');
  const v = flag?.values[0];
  const n = v && v.known ? coerceNumber(v.text) : null;
  if (!flag || !v || n === null || !Number.isInteger(n) || n < 1 || n > 2 ** 31) return null;
  return f.b.trace(n, v.computed ? 'derived' : 'stated', flag.key, f.fieldRange(flag, v));
}

/** Batch-size ramp-up: the old --rampup-batch-size, or --step-batch-size-schedule (2026-04). */
function batchRamp(
  f: MegatronFlags,
  seq: number | null,
  explicitGlobal: number | null,
): { flag: string; finalBatch: number; phases: Array<{ until: number; batch: number }> | null; schedule: boolean; range: SourceRange | null } | null {
  const b = f.b;
  const schedule = f.flag('--step-batch-size-schedule');
  const rampup = f.flag('--rampup-batch-size');
  if (schedule) {
    const text = schedule.values
      .map((v) => v.text)
      .join(' ')
      .replace(/^['"]|['"]$/g, '');
    const range = schedule.values[0]?.range ?? schedule.keyWord.range;
    b.stated('--step-batch-size-schedule', text, f.fieldRange(schedule, schedule.values[0]), 'batch');
    const entries: Array<{ at: number; batch: number }> = [];
    for (const item of text.split(/\s+/).filter(Boolean)) {
      const m = /^([^:]+):(\d+)$/.exec(item);
      const at = m ? parseQuantity(m[1]!) : null;
      if (!m || at === null || at < 0) {
        b.invalid('--step-batch-size-schedule', `cannot read ${JSON.stringify(item)}; expected THRESHOLD:BATCH like 2.4B:320`, range);
        return null;
      }
      entries.push({ at, batch: Number(m[2]) });
    }
    if (entries.length === 0 || entries.some((e) => e.batch < 1)) return null;
    entries.sort((a, c) => a.at - c.at);
    const finalBatch = Math.max(...entries.map((e) => e.batch));
    if (explicitGlobal !== null) {
      const g = f.flag('--global-batch-size')!;
      b.problem(
        'warning',
        'inconsistent-batch',
        `--step-batch-size-schedule and --global-batch-size are both given; Megatron's argument check rejects the pair (the schedule sets the global batch to its largest size, ${formatInteger(finalBatch)}).`,
        g.keyWord.range,
      );
    }
    // Thresholds count tokens when the sequence length is known, else samples.
    const toSamples = (t: number) => (seq ? t / seq : t);
    const phases = entries.map((e, i) => ({ until: i + 1 < entries.length ? toSamples(entries[i + 1]!.at) : Infinity, batch: e.batch }));
    return { flag: '--step-batch-size-schedule', finalBatch: explicitGlobal ?? finalBatch, phases, schedule: true, range };
  }
  if (rampup) {
    const [start, incr, total] = rampup.values.map((v) => (v.known ? coerceNumber(v.text) : null));
    const range = rampup.values[0]?.range ?? rampup.keyWord.range;
    b.stated('--rampup-batch-size', rampup.values.map((v) => v.text).join(' '), f.fieldRange(rampup, rampup.values[rampup.values.length - 1]), 'batch');
    if (f.has('--train-iters'))
      b.problem(
        'warning',
        'inconsistent-batch',
        "--rampup-batch-size with --train-iters: Megatron's argument check allows a ramp-up only for sample-based training (--train-samples).",
        rampup.keyWord.range,
      );
    if (explicitGlobal === null || start == null || incr == null || total == null || start < 1 || incr < 1 || total < 0)
      return { flag: '--rampup-batch-size', finalBatch: explicitGlobal ?? 0, phases: null, schedule: false, range };
    const increments = (explicitGlobal - start) / incr;
    if (!Number.isInteger(increments) || increments < 0 || increments > 1e6)
      return { flag: '--rampup-batch-size', finalBatch: explicitGlobal, phases: null, schedule: false, range };
    // num_microbatches_calculator.RampupBatchsizeNumMicroBatches: the batch grows by incr
    // every total/increments samples.
    const per = increments > 0 ? total / increments : 0;
    const phases = Array.from({ length: increments }, (_, k) => ({ until: (k + 1) * per, batch: start + k * incr }));
    phases.push({ until: Infinity, batch: explicitGlobal });
    return { flag: '--rampup-batch-size', finalBatch: explicitGlobal, phases, schedule: false, range };
  }
  return null;
}

export function exitConditions(f: MegatronFlags): void {
  const minutes = f.flag('--exit-duration-in-mins');
  if (minutes?.values[0])
    f.b.problem(
      'info',
      'early-exit',
      `--exit-duration-in-mins ${minutes.values[0].text}: the run stops after that many minutes, whatever the planned tokens.`,
      f.fieldRange(minutes, minutes.values[0]),
    );
  const interval = f.flag('--exit-interval');
  if (interval?.values[0])
    f.b.problem(
      'info',
      'early-exit',
      `--exit-interval ${interval.values[0].text}: the run stops at that iteration.`,
      f.fieldRange(interval, interval.values[0]),
    );
}

/**
 * Steps and tokens until `target` tokens are consumed when the batch follows `phases` (each up to
 * a sample count): the ramp is walked step by step, the constant tail in one division. The batch
 * of a step is the one in force at the samples consumed before it, as Megatron's
 * RampupBatchsizeNumMicroBatches.update(consumed_samples) gives it. Null when the ramp is too long
 * to walk within the per-keystroke budget.
 */
function stepsUntilTokens(
  target: number,
  seq: number,
  phases: ReadonlyArray<{ until: number; batch: number }>,
  finalBatch: number,
): { steps: number; tokens: number } | null {
  const WALK_LIMIT = 2_000_000;
  let samples = 0;
  let steps = 0;
  let k = 0;
  for (;;) {
    while (k < phases.length && phases[k]!.until <= samples) k++;
    const phase = phases[k];
    if (!phase || phase.until === Infinity) break;
    if (samples * seq >= target) return { steps, tokens: samples * seq };
    if (phase.batch < 1 || ++steps > WALK_LIMIT) return null;
    samples += phase.batch;
  }
  const batch = phases[k]?.batch ?? finalBatch;
  const left = target - samples * seq;
  const more = left > 0 ? Math.ceil(left / (batch * seq)) : 0;
  const tokens = (samples + more * batch) * seq;
  return Number.isFinite(tokens) ? { steps: steps + more, tokens } : null;
}

/** Samples trained in `iters` steps when the batch follows `phases` (each up to a sample count). */
function rampedSamples(iters: number, phases: ReadonlyArray<{ until: number; batch: number }>, finalBatch: number): number {
  let consumed = 0;
  let it = 0;
  for (const ph of phases) {
    if (it >= iters) break;
    if (ph.until === Infinity) {
      consumed += (iters - it) * ph.batch;
      it = iters;
      break;
    }
    if (ph.until <= consumed) continue;
    const need = Math.ceil((ph.until - consumed) / ph.batch);
    const use = Math.min(need, iters - it);
    consumed += use * ph.batch;
    it += use;
  }
  if (it < iters) consumed += (iters - it) * finalBatch;
  return consumed;
}
