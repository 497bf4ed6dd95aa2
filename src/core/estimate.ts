// TrainingPlan -> Estimate: parameters, tokens, FLOPs, GPU time, dollars, predicted loss, the
// compute-optimal alternative and the warnings, each assumption listed. Unknown is null.

import type { Architecture } from './architecture';
import { FINE_TUNE_LOSS_REASON, fineTuneEstimate, type FineTuneEstimate } from './fineTune';
import { DEFAULT_ACCELERATOR_ID, DEFAULT_GPU_COUNT, DEFAULT_MFU, findAccelerator, hardwareTime, peakFor } from './hardware';
import { kaplanCriticalBatch, kaplanLoss, kaplanOverfittingMinTokens } from './laws/kaplan2020';
import {
  DEFAULT_LAW_ID,
  findLaw,
  lossProblem,
  MIN_SUBWORD_VOCAB,
  outsideFittedRange,
  vocabProblem,
  type LawId,
  type ParamsKind,
  type ScalingLaw,
} from './laws/index';
import { countParams, flopsPerToken, type FlopConvention, type ParamBreakdown } from './model';
import { estimateMemory, type InferenceEstimate, type MemoryEstimate } from './memory/index';
import type { Origin, Precision, Traced, TrainingPlan } from './plan';
import type { RunSetup } from './runSetup';
import { CLUSTER_EFFICIENCY } from './throughput/clusterEfficiency';
import { predictThroughput, type ThroughputBreakdown, type ThroughputTerm } from './throughput/model';
import { assumeSplit } from './assumedSplit';
import type { ThroughputAssumption } from './throughput/layout';
import { formatDecimals, formatQuantity, formatRough } from './units';

export interface Assumption {
  readonly field: string;
  readonly value: number | string | boolean | null;
  readonly origin: Origin;
  readonly note: string;
}

export type WarningCode =
  | 'under-trained'
  | 'over-trained'
  | 'kaplan-overfitting'
  | 'outside-fitted-range'
  | 'batch-above-critical'
  | 'moe-law'
  | 'no-peak-for-precision'
  | 'tokens-upper-bound'
  | 'repeated-data'
  | 'law-does-not-apply'
  | 'zero-steps'
  | 'throughput-bottleneck';

export interface EstimateWarning {
  readonly code: WarningCode;
  readonly severity: 'warning' | 'info';
  readonly message: string;
}

export interface Estimate {
  readonly params: {
    readonly total: number | null;
    readonly nonEmbedding: number | null;
    readonly active: number | null;
    readonly breakdown: ParamBreakdown | null;
  };
  readonly tokens: number | null;
  readonly tokensBound: 'exact' | 'upper';
  /** D / N, N = active parameters (total for dense models). */
  readonly tokensPerParam: number | null;
  readonly flops: {
    readonly total: number | null;
    readonly perToken: number | null;
    readonly convention: FlopConvention;
    /** 6·N·D with N active, the figure laws and most calculators use. */
    readonly sixND: number | null;
  };
  readonly loss: {
    readonly law: LawId;
    readonly value: number | null;
    /** Why `value` is null when the inputs are known but the law cannot answer (a character-level vocabulary, a loss above ln V, a run of 0 steps); null otherwise. */
    readonly reason: string | null;
    /** The N fed to the law (non-embedding for Kaplan, active for MoE). */
    readonly params: number | null;
    readonly paramsKind: ParamsKind;
    readonly dataset: string;
    readonly unit: string;
  };
  /** Compute-optimal point for the same 6ND budget under the same law; params in the law's N. */
  readonly optimal: { readonly flops: number; readonly params: number; readonly tokens: number; readonly loss: number; readonly tokensPerParam: number } | null;
  readonly hardware: {
    readonly gpu: string;
    readonly gpuName: string;
    readonly count: number;
    readonly mfu: number;
    readonly precision: Precision;
    readonly peakTflops: number | null;
    readonly pricePerHour: number | null;
  };
  /** Training throughput behind the GPU-hours: predicted by the throughput model or the user's measurement; null when no FLOPs are known. */
  readonly throughput: EstimateThroughput | null;
  readonly gpuHours: number | null;
  readonly wallClockHours: number | null;
  readonly costUsd: number | null;
  /** Kaplan's critical batch at the predicted Kaplan loss (tokens), when an architecture is known. */
  readonly criticalBatchTokens: number | null;
  readonly assumptions: readonly Assumption[];
  readonly warnings: readonly EstimateWarning[];
  /** A run from trained weights or with a fine-tuning method: trainable parameters and the method's FLOPs. Null for pretraining. */
  readonly fineTune: FineTuneEstimate | null;
  /** Peak training memory per GPU (src/core/memory); null with `memoryReason` when unknown. Its own assumptions are listed inside. */
  readonly memory?: MemoryEstimate | null;
  readonly memoryReason?: string | null;
  /**
   * The split assumed because the config states no layout and plain data parallelism does not
   * fit (assumedSplit.ts): the run setup memory and throughput were computed with. Null when the
   * plan's own setup was used.
   */
  readonly assumedSplit?: RunSetup | null;
  /** Serving: KV cache per token, tokens of cache that fit, decode-speed bound. */
  readonly inference?: InferenceEstimate | null;
}

export interface EstimateThroughput {
  /** `model`: predicted; `tokens-per-sec`: the user's measured tokens/s/GPU; `mfu`: the user's MFU. */
  readonly source: 'model' | 'tokens-per-sec' | 'mfu';
  readonly tokensPerSecPerGpu: number;
  readonly mfu: number;
  /** MFU plus recompute; null when the user's figure leaves the layout unknown to the model. */
  readonly hfu: number | null;
  /** Seconds per optimizer step; null without a global batch. */
  readonly stepSeconds: number | null;
  /** Where a step's time goes (model only). */
  readonly breakdown: ThroughputBreakdown | null;
  readonly terms: readonly ThroughputTerm[];
  /** The model's own figure when the user's replaced it; null when the model could not predict. */
  readonly modelTokensPerSecPerGpu: number | null;
  /** Share of the run spent in training steps (evaluation, checkpoints, restarts take the rest); 1 for a user's figure. */
  readonly clusterEfficiency: number;
  /** Layout defaults the model filled in. */
  readonly assumptions: readonly ThroughputAssumption[];
  readonly note: string;
}

export interface EstimateOptions {
  /** Law to predict with; defaults to epoch-2024. */
  readonly law?: ScalingLaw;
  readonly convention?: FlopConvention;
  /** Reader fields that are defaults or assumptions (vocab from a guessed tokenizer…), listed alongside. */
  readonly extraAssumptions?: readonly Assumption[];
  /** Where the weights come from, when the reader knows (ReadResult.init). */
  readonly init?: 'pretrained' | 'scratch';
}

/** Outside these tokens-per-parameter ratios (× the law's optimum) a run is flagged. */
export const UNDER_TRAINED_RATIO = 1 / 4;
export const OVER_TRAINED_RATIO = 4;
/** Batch above this multiple of Kaplan's critical batch buys little (Eq. 5.4–5.5). */
const CRITICAL_BATCH_MULTIPLE = 4;

function traceAssumption<T extends number | string | boolean | null>(field: string, t: Traced<T> | null): Assumption | null {
  if (!t || t.inherited || (t.origin !== 'assumed' && t.origin !== 'default')) return null;
  return { field, value: t.value, origin: t.origin, note: t.note ?? t.source };
}

export function estimate(plan: TrainingPlan, options: EstimateOptions = {}): Estimate {
  const law = options.law ?? findLaw(DEFAULT_LAW_ID)!;
  const convention = options.convention ?? 'palm';
  const assumptions: Assumption[] = [...(options.extraAssumptions ?? [])];
  const warnings: EstimateWarning[] = [];
  const assume = (a: Assumption | null) => {
    if (a && !assumptions.some((x) => x.field === a.field)) assumptions.push(a);
  };

  const arch: Architecture | null = plan.architecture?.value ?? null;
  const counts = arch ? countParams(arch) : null;
  // A plan should never hold a non-finite number; if one slips through, it is unknown, not Infinity.
  const tokens = finiteOrNull(plan.tokens.value);
  const active = counts?.active ?? null;
  const isMoe = !!arch?.moe;

  for (const [field, t] of [
    ['tokens', plan.tokens],
    ['batchTokens', plan.batchTokens],
    ['gpus', plan.gpuCount],
    ['gpu', plan.gpu],
    ['mfu', plan.mfu],
    ['price', plan.pricePerGpuHour],
    ['uniqueTokens', plan.uniqueTokens],
  ] as const) {
    assume(traceAssumption(field, t as Traced<number | string | null> | null));
  }
  if (plan.tokensBound === 'upper' && tokens !== null) {
    warnings.push({
      code: 'tokens-upper-bound',
      severity: 'info',
      message: `${formatQuantity(tokens)} tokens is an upper bound: the dataset may be smaller than the config allows.`,
    });
  }

  // FLOPs; a fine-tune's method changes them (frozen weights, a reference model's forward).
  const basePerToken = arch && counts ? flopsPerToken(arch, counts, convention) : null;
  const fineTune = fineTuneEstimate(plan, options.init, arch, counts, basePerToken, convention);
  const fromTrained = fineTune?.fromTrainedWeights ?? false;
  const perToken = fineTune ? fineTune.perToken : basePerToken;
  const totalFlops = perToken !== null && tokens !== null ? perToken * tokens : null;
  const sixND = active !== null && tokens !== null ? 6 * active * tokens : null;

  // Loss under the chosen law, with the N it expects.
  const lawParams = counts ? (law.paramsKind === 'nonEmbedding' ? counts.activeNonEmbedding : counts.active) : null;
  const uniqueTokens = plan.uniqueTokens?.value;
  const lossInputsOk = !fromTrained && lawParams !== null && lawParams > 0 && tokens !== null && tokens > 0;
  const lawOptions = uniqueTokens !== undefined && tokens !== null ? { uniqueTokens: Math.min(uniqueTokens, tokens) } : {};
  // A law fitted on 32K–50K subword tokens says nothing about a character-level model, and a
  // loss above ln V (worse than a uniform guess) is no prediction at all: unknown, with the reason.
  let lossReason: string | null = fromTrained ? FINE_TUNE_LOSS_REASON : null;
  let lossValue: number | null = null;
  if (lossInputsOk) {
    const vocabReason = arch ? vocabProblem(law, arch.vocab) : null;
    const raw = vocabReason ? null : finiteOrNull(law.predict(lawParams, tokens, lawOptions));
    const uniform = raw !== null && arch ? lossProblem(law, raw, { size: arch.vocab, source: "the config's vocabulary" }) : null;
    lossReason = vocabReason ?? (uniform ? `${uniform}.` : null);
    lossValue = lossReason ? null : raw;
    if (lossReason) warnings.push({ code: 'law-does-not-apply', severity: 'warning', message: `No loss: ${lossReason}` });
  }
  if (tokens === 0) {
    const steps = plan.steps && plan.steps.value === 0 ? ` (${plan.steps.source} = 0)` : '';
    lossReason = `this config trains for 0 steps${steps}: no tokens are seen, so there is no loss to predict and the run costs 0 GPU-hours`;
    warnings.push({
      code: 'zero-steps',
      severity: 'warning',
      message: `This config trains for 0 steps${steps}: 0 tokens, 0 FLOPs and 0 GPU-hours, and no loss to predict.`,
    });
  }
  let optimal: Estimate['optimal'] = null;
  if (lossInputsOk && lossValue !== null) {
    const budget = 6 * lawParams * tokens;
    const opt = law.optimal(budget, lawOptions);
    if ([opt.params, opt.tokens, opt.loss].every(Number.isFinite)) {
      optimal = { flops: budget, params: opt.params, tokens: opt.tokens, loss: opt.loss, tokensPerParam: opt.tokens / opt.params };
      const ratio = tokens / lawParams / optimal.tokensPerParam;
      const penalty = lossValue - opt.loss;
      const here = `${formatRough(tokens / lawParams)} tokens per parameter`;
      const there = `${law.id}'s compute-optimal ${formatRough(optimal.tokensPerParam)} for this budget`;
      if (ratio < UNDER_TRAINED_RATIO) {
        // kaplan-2020's Table 6 optimum is not the minimum of its Eq. 1.5: never call a higher loss "lower".
        const gain =
          penalty > 0
            ? ` A ${formatQuantity(opt.params)}-parameter model on ${formatQuantity(opt.tokens)} tokens would reach a loss ${formatDecimals(penalty, 3)} lower for the same compute.`
            : '';
        warnings.push({ code: 'under-trained', severity: 'warning', message: `Under-trained: ${here} vs ${there}.${gain}` });
      } else if (ratio > OVER_TRAINED_RATIO) {
        const cost =
          penalty >= 0
            ? `loss ${formatDecimals(penalty, 3)} above the optimum`
            : `loss ${formatDecimals(Math.abs(penalty), 3)} below ${law.id}'s optimum under the same L(N, D)`;
        warnings.push({
          code: 'over-trained',
          severity: 'info',
          message: `Over-trained: ${here} vs ${there} (${cost}). Worth it if inference cost matters (Sardana & Frankle 2024).`,
        });
      }
    }
    const range = outsideFittedRange(law, lawParams, tokens);
    if (range) warnings.push({ code: 'outside-fitted-range', severity: 'info', message: range.message });
  }
  if (isMoe && lossValue !== null) {
    warnings.push({
      code: 'moe-law',
      severity: 'info',
      message: `${law.id} was fitted on dense models; the loss uses the ${formatQuantity(lawParams)} active parameters, a pessimistic bound for a mixture of experts.`,
    });
  }
  if (uniqueTokens !== undefined && tokens !== null && tokens > uniqueTokens) {
    const epochs = tokens / uniqueTokens;
    warnings.push({
      code: 'repeated-data',
      severity: epochs > 4 ? 'warning' : 'info',
      message: `${formatDecimals(epochs, 1)} epochs over ${formatQuantity(uniqueTokens)} unique tokens${law.id === 'muennighoff-2023' ? '' : `; ${law.id} assumes unique data: use muennighoff-2023 to price the repetition`}.`,
    });
  }

  // Kaplan's checks use its own units (non-embedding N, WebText2 loss), whatever law is chosen.
  let criticalBatchTokens: number | null = null;
  // Not for character- or byte-level vocabularies: Kaplan's units are GPT-2 BPE tokens too.
  if (!fromTrained && counts && arch && arch.vocab >= MIN_SUBWORD_VOCAB && tokens !== null && tokens > 0 && counts.activeNonEmbedding > 0) {
    const kaplanL = kaplanLoss(counts.activeNonEmbedding, tokens);
    criticalBatchTokens = finiteOrNull(kaplanCriticalBatch(kaplanL));
    const batch = plan.batchTokens?.value;
    if (criticalBatchTokens !== null && batch !== undefined && batch > CRITICAL_BATCH_MULTIPLE * criticalBatchTokens) {
      warnings.push({
        code: 'batch-above-critical',
        severity: 'info',
        message: `Global batch of ${formatQuantity(batch)} tokens is ${formatRough(batch / criticalBatchTokens, 2)}× Kaplan's critical batch (${formatQuantity(criticalBatchTokens)} tokens at the predicted loss): past it, larger batches cut few steps for the data they use (Kaplan 2020 Eq. 1.4, 5.4).`,
      });
    }
    const dataForFit = uniqueTokens ?? tokens;
    const minTokens = kaplanOverfittingMinTokens(counts.activeNonEmbedding);
    if (dataForFit < minTokens) {
      warnings.push({
        code: 'kaplan-overfitting',
        severity: 'info',
        message: `Kaplan's overfitting bound asks for D ≳ 5e3·N^0.74 = ${formatQuantity(minTokens)} ${uniqueTokens !== undefined ? 'unique ' : ''}tokens for ${formatQuantity(counts.activeNonEmbedding)} non-embedding parameters; this run has ${formatQuantity(dataForFit)} (Kaplan 2020 §4).`,
      });
    }
  }

  // Hardware.
  const acc = (plan.gpu ? findAccelerator(plan.gpu.value) : undefined) ?? findAccelerator(DEFAULT_ACCELERATOR_ID)!;
  if (!plan.gpu)
    assume({ field: 'gpu', value: acc.id, origin: 'assumed', note: `no GPU given: ${acc.id} assumed (set scalingLens.gpu or add \`# scaling-lens: gpu=…\`)` });
  const count = plan.gpuCount?.value ?? DEFAULT_GPU_COUNT;
  if (!plan.gpuCount) assume({ field: 'gpus', value: count, origin: 'assumed', note: `no GPU count given: ${count} assumed (one node)` });
  const precision: Precision = plan.precision?.value ?? 'bf16';
  if (!plan.precision) assume({ field: 'precision', value: precision, origin: 'assumed', note: 'precision not stated: BF16 assumed' });
  const peak = peakFor(acc, precision);
  if (!peak) {
    warnings.push({
      code: 'no-peak-for-precision',
      severity: 'warning',
      message: `No ${precision.toUpperCase()} peak for ${acc.id} in the catalog: GPU-hours are unknown.`,
    });
  } else if (peak.note) {
    assume({ field: 'peakTflops', value: peak.tflops, origin: 'assumed', note: peak.note });
  }
  const price = plan.pricePerGpuHour?.value ?? acc.pricePerHour;
  if (!plan.pricePerGpuHour) {
    assume({
      field: 'price',
      value: price,
      origin: 'assumed',
      note:
        acc.pricePerHour !== null
          ? `default price for ${acc.id}: ${acc.priceSource}`
          : `no public price for ${acc.id} in the catalog: set scalingLens.pricePerGpuHour or add \`# scaling-lens: price=…\``,
    });
  }
  // Throughput: the user's measurement wins (tokens/s, then MFU); otherwise the model predicts.
  const seqLen = plan.seqLen?.value ?? arch?.seqLen ?? null;
  // The run both models see. One that states no layout and cannot run as plain data parallelism
  // is priced, and its memory shown, with the split assumeSplit assumes (listed as assumptions).
  const runOf =
    arch && seqLen !== null
      ? { arch, acc, precision, gpuCount: count, seqLen, batchTokens: plan.batchTokens?.value ?? null, ...(plan.kind ? { kind: plan.kind } : {}) }
      : null;
  const split = runOf ? assumeSplit({ ...runOf, ...(plan.setup ? { setup: plan.setup } : {}) }) : null;
  const run: TrainingPlan = split ? { ...plan, setup: split } : plan;
  const model = runOf && counts && peak ? predictThroughput({ ...runOf, counts, ...(run.setup ? { setup: run.setup } : {}), convention }) : null;
  const predicted = model?.ok ? model.throughput : null;
  // The share of a whole run spent in training steps: the file's directive, a flag or the
  // setting, else the built-in figure with its evidence.
  const efficiency = plan.clusterEfficiency?.value ?? CLUSTER_EFFICIENCY.value;
  const measuredTps = plan.tokensPerSecPerGpu?.value;
  let throughput: EstimateThroughput | null = null;
  let mfu: number;
  if (perToken !== null && peak && measuredTps !== undefined) {
    mfu = (measuredTps * perToken) / (peak.tflops * 1e12);
    throughput = userThroughput(
      'tokens-per-sec',
      measuredTps,
      mfu,
      predicted,
      plan.batchTokens?.value ?? null,
      count,
      `${formatRough(measuredTps, 3)} tokens/s/GPU from ${plan.tokensPerSecPerGpu!.source}, replacing the model's prediction`,
    );
  } else if (perToken !== null && peak && plan.mfu) {
    mfu = plan.mfu.value;
    const tps = (mfu * peak.tflops * 1e12) / perToken;
    throughput = userThroughput(
      'mfu',
      tps,
      mfu,
      predicted,
      plan.batchTokens?.value ?? null,
      count,
      `MFU ${formatDecimals(100 * mfu, 1)}% from ${plan.mfu.source}, replacing the model's prediction`,
    );
  } else if (predicted) {
    // A fine-tune's MFU counts its own FLOPs per token (frozen weights get no weight gradients),
    // as a stated MFU does above; the throughput model's is in the pretraining convention, which
    // would put a LoRA run at about 1.5 times its real utilisation.
    const ownFlops = fineTune && perToken !== null ? (predicted.tokensPerSecPerGpu * perToken) / (predicted.peakTflops * 1e12) : null;
    mfu = ownFlops ?? predicted.mfu;
    throughput = {
      source: 'model',
      tokensPerSecPerGpu: predicted.tokensPerSecPerGpu,
      mfu,
      hfu: predicted.hfu * (mfu / predicted.mfu),
      stepSeconds: predicted.stepSeconds,
      breakdown: predicted.breakdown,
      terms: predicted.terms,
      modelTokensPerSecPerGpu: predicted.tokensPerSecPerGpu,
      clusterEfficiency: efficiency,
      assumptions: predicted.assumptions,
      note: 'predicted by the throughput model (fitted on published MPT, torchtune and OLMo-core measurements)',
    };
    assume(
      plan.clusterEfficiency
        ? traceAssumption('clusterEfficiency', plan.clusterEfficiency)
        : {
            field: 'clusterEfficiency',
            value: efficiency,
            origin: 'assumed',
            note: `whole-run GPU-hours = step time ÷ ${efficiency} for evaluation, checkpoints and restarts: ${CLUSTER_EFFICIENCY.evidence}; set yours with \`# scaling-lens: cluster-efficiency=…\``,
          },
    );
    // Only assumptions make the prediction an assumption (the `*`): a framework's documented
    // default (nanoGPT has no tensor parallelism) is what the run does, and a derived value
    // follows from stated ones. Defaults are still listed, as what they are.
    const byOrigin = (o: Origin) => predicted.assumptions.filter((a) => a.origin === o).map((a) => `${a.field}=${String(a.value)}`);
    const assumedInputs = byOrigin('assumed');
    const frameworkDefaults = byOrigin('default');
    if (assumedInputs.length) {
      assume({
        field: 'throughput',
        value: Math.round(predicted.tokensPerSecPerGpu),
        origin: 'assumed',
        note: `tokens/s/GPU predicted with values the config does not state: ${assumedInputs.join(', ')}; add \`# scaling-lens: tokens-per-sec=…\` with a measured figure to replace it`,
      });
    }
    if (frameworkDefaults.length) {
      assume({
        field: 'throughputDefaults',
        value: frameworkDefaults.length,
        origin: 'default',
        note: `the throughput prediction uses the framework's documented defaults: ${frameworkDefaults.join(', ')}`,
      });
    }
  } else {
    const defaultMfu = DEFAULT_MFU[acc.generation];
    mfu = plan.mfu?.value ?? defaultMfu.mfu;
    if (!plan.mfu) assume({ field: 'mfu', value: mfu, origin: 'assumed', note: `default MFU for ${acc.generation}: ${defaultMfu.basis}` });
  }
  if (throughput?.source === 'model' && throughput.breakdown && throughput.stepSeconds) {
    const advice = bottleneckAdvice(throughput.breakdown, throughput.stepSeconds, predicted!.layout, throughput.terms);
    if (advice) warnings.push({ code: 'throughput-bottleneck', severity: 'info', message: advice });
  }
  const time =
    totalFlops === null || !peak
      ? null
      : throughput && tokens !== null
        ? tokenTime(tokens, throughput.tokensPerSecPerGpu, throughput.source === 'model' ? efficiency : 1, count, price)
        : hardwareTime(totalFlops, peak.tflops, mfu, count, price);
  const memory = estimateMemory(run, acc, count, precision);

  return {
    params: { total: counts?.total ?? null, nonEmbedding: counts?.nonEmbedding ?? null, active: active, breakdown: counts?.breakdown ?? null },
    tokens,
    tokensBound: plan.tokensBound ?? 'exact',
    tokensPerParam: active !== null && tokens !== null && active > 0 ? tokens / active : null,
    flops: { total: totalFlops, perToken, convention, sixND },
    loss: { law: law.id, value: lossValue, reason: lossReason, params: lawParams, paramsKind: law.paramsKind, dataset: law.dataset, unit: law.lossUnit },
    optimal,
    hardware: { gpu: acc.id, gpuName: acc.name, count, mfu, precision, peakTflops: peak?.tflops ?? null, pricePerHour: price },
    throughput,
    gpuHours: finiteOrNull(time?.gpuHours),
    wallClockHours: finiteOrNull(time?.wallClockHours),
    costUsd: finiteOrNull(time?.costUsd),
    criticalBatchTokens,
    assumptions,
    warnings,
    fineTune,
    memory: memory.memory,
    memoryReason: memory.reason,
    assumedSplit: split,
    inference: memory.inference,
  };
}

const COMM_TERMS: ReadonlySet<ThroughputTerm['id']> = new Set(['data-parallel', 'tensor-parallel', 'context-parallel', 'expert-parallel', 'pipeline']);

/** Shares of the step above which one term is worth a suggestion. */
export const BOTTLENECK_SHARE = { bubble: 0.2, exposedComm: 0.2, recompute: 0.25 } as const;

/** A change that buys throughput when one term dominates the step, or null. */
function bottleneckAdvice(
  b: ThroughputBreakdown,
  step: number,
  l: {
    readonly pp: number;
    readonly microBatches: number;
    readonly vp: number;
    readonly tp: number;
    readonly sharding: string;
    readonly checkpointing: { readonly mode: string };
    readonly gradReduceOverlap: boolean;
    readonly paramGatherOverlap: boolean;
    readonly tpCommOverlap: boolean;
  },
  terms: readonly ThroughputTerm[],
): string | null {
  const pct = (x: number) => `${Math.round(100 * x)}%`;
  if (b.bubble / step > BOTTLENECK_SHARE.bubble) {
    return `The pipeline bubble takes ${pct(b.bubble / step)} of each step ((pp − 1)/(m × vp) with pp ${l.pp}, ${l.microBatches} micro-batches, vp ${l.vp}): more micro-batches per step (a smaller micro-batch or more gradient accumulation) or an interleaved schedule with virtual stages would shrink it.`;
  }
  if (b.exposedComm / step > BOTTLENECK_SHARE.exposedComm) {
    // Advise on the collective that leaves the most time exposed.
    const worst = terms.filter((t) => COMM_TERMS.has(t.id)).reduce<ThroughputTerm | null>((w, t) => (w && w.seconds >= t.seconds ? w : t), null);
    const dpLate = !l.gradReduceOverlap || (l.sharding !== 'none' && !l.paramGatherOverlap);
    const fix =
      worst?.id === 'tensor-parallel'
        ? l.tp > 8
          ? 'keep tensor parallelism inside one node (tp ≤ 8)'
          : !l.tpCommOverlap
            ? 'overlapping the tensor-parallel collectives with the GEMMs (Megatron-LM --tp-comm-overlap) or a smaller tp'
            : 'a smaller tensor-parallel degree'
        : worst?.id === 'expert-parallel'
          ? 'fewer expert-parallel ranks, or keeping them inside one node'
          : worst?.id === 'data-parallel' && dpLate
            ? 'overlapping the data-parallel communication with compute (Megatron-LM --overlap-grad-reduce --overlap-param-gather; DeepSpeed "overlap_comm": true)'
            : l.sharding === 'zero3' || l.sharding === 'fsdp-full'
              ? 'hybrid sharding (shard inside a node, replicate across nodes) or a larger micro-batch'
              : 'a larger micro-batch per GPU or fewer, larger data-parallel messages';
    return `Communication the compute cannot hide takes ${pct(b.exposedComm / step)} of each step${worst ? `, most of it ${worst.id}` : ''}: ${fix} would cut it.`;
  }
  if (b.recompute / step > BOTTLENECK_SHARE.recompute && l.checkpointing.mode === 'full') {
    return `Recompute takes ${pct(b.recompute / step)} of each step (full activation checkpointing repeats the forward): selective recompute, or checkpointing fewer layers where memory allows, would give most of it back.`;
  }
  return null;
}

function userThroughput(
  source: 'tokens-per-sec' | 'mfu',
  tps: number,
  mfu: number,
  predicted: { readonly tokensPerSecPerGpu: number; readonly hfu: number; readonly mfu: number } | null,
  batchTokens: number | null,
  count: number,
  note: string,
): EstimateThroughput {
  return {
    source,
    tokensPerSecPerGpu: tps,
    mfu,
    // Recompute does not change with who measured: the model's HFU/MFU ratio carries over.
    hfu: predicted ? (mfu * predicted.hfu) / predicted.mfu : null,
    stepSeconds: batchTokens !== null ? batchTokens / count / tps : null,
    breakdown: null,
    terms: [],
    modelTokensPerSecPerGpu: predicted?.tokensPerSecPerGpu ?? null,
    clusterEfficiency: 1,
    assumptions: [],
    note,
  };
}

/** GPU-hours from tokens and tokens/s/GPU; whole-run hours divide step time by the cluster efficiency. */
function tokenTime(
  tokens: number,
  tps: number,
  efficiency: number,
  count: number,
  price: number | null,
): { gpuHours: number; wallClockHours: number | null; costUsd: number | null } {
  const gpuHours = tokens / tps / 3600 / efficiency;
  return { gpuHours, wallClockHours: count > 0 ? gpuHours / count : null, costUsd: price !== null ? gpuHours * price : null };
}

function finiteOrNull(v: number | null | undefined): number | null {
  return v !== null && v !== undefined && Number.isFinite(v) ? v : null;
}
