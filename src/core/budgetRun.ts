// A run the budget calculator can launch: for an architecture on a number of GPUs, the layout
// (micro-batch, activation checkpointing, sharding) that fits in memory with headroom, chosen
// with the memory model, and the tokens/s per GPU the throughput model predicts for it. The
// calculator prices budgets with this run instead of one MFU per GPU generation (issue 16), and
// the config writers write only layouts that fit (issue 15).

import type { Architecture } from './architecture';
import type { Accelerator } from './hardware';
import { countParams, type ParamCounts } from './model';
import { estimateMemory, MEMORY_WARNING_FRACTION, type MemoryEstimate } from './memory/index';
import { predictThroughput, type Throughput } from './throughput/index';
import { emptyPlan, type Precision, type Traced, type TrainingPlan } from './plan';
import type { CheckpointingMode, OptimizerKind, RunKind, RunSetup, ShardingKind } from './runSetup';
export { layoutText } from './layoutText';
import { designArchitecture, type ShapeTemplate } from './shape';
import { deepseekCompute, deepseekSuggestion } from './laws/deepseek2024';
import { splitCandidates, type Split } from './assumedSplit';
import { GPUS_PER_NODE } from './runLayout';
import { wholeRunGpuHours } from './throughput/clusterEfficiency';

/** The share of the GPU's memory a chosen layout may use: the rest is headroom for fragmentation and spikes. */
export const FIT_HEADROOM = MEMORY_WARNING_FRACTION;

/** What a framework lets the calculator choose, in the order it tries them (the first that fits wins). */
export interface LayoutOptions {
  /** Sharding strategies the framework's file can state, least intrusive first. */
  readonly shardings: readonly ShardingKind[];
  /** Activation checkpointing modes it can state, none first: recompute only when needed. */
  readonly checkpointing: readonly CheckpointingMode[];
  /** What the framework does anyway (its reader's defaults), so the memory estimate matches the editor's. */
  readonly compile: boolean;
  readonly chunkedLoss: boolean;
  /** Hybrid sharding: the group that shards (litgpt HYBRID_SHARD: the GPUs of one node). */
  readonly shardGroup?: number;
  readonly optimizer?: OptimizerKind;
  /**
   * May split the model with tensor and pipeline parallelism too (assumedSplit.ts's candidates
   * beyond the shardings): what a 70B model on a large cluster needs, and what no single-file
   * writer here can state.
   */
  readonly modelParallel?: boolean;
}

/**
 * The calculator's own layout when no framework is named yet: the splits a run that states no
 * layout is priced with (assumedSplit.ts): plain data parallelism, ZeRO-1, sharding inside a node
 * (on one node: over all of it), then tensor and pipeline parallelism. Sharding over every GPU of
 * a multi-node cluster is left out for the reason given there.
 */
export const REFERENCE_LAYOUT: LayoutOptions = {
  shardings: ['none', 'distributed-optimizer', 'fsdp-hybrid'],
  checkpointing: ['none', 'selective', 'full'],
  compile: false,
  chunkedLoss: false,
  shardGroup: GPUS_PER_NODE,
  modelParallel: true,
};

/** Llama 2 trained every size at 4096 tokens of context; smaller open runs (Pythia, TinyLlama, Chinchilla) at 2048. */
export function llamaSeqLen(params: number): number {
  return params >= 5e9 ? 4096 : 2048;
}

/**
 * The shape the calculator prices a budget point with before a framework is chosen: a Llama
 * block with the Llama 2 tokenizer (32,000 tokens), as litgpt's and config.json's writers use.
 */
export function referenceTemplate(params: number): ShapeTemplate {
  return { family: 'llama', vocab: 32000, seqLen: llamaSeqLen(params), norm: 'rmsnorm', positions: 'rotary', linearBias: false, tiedEmbeddings: false };
}

export interface RunRequest {
  readonly arch: Architecture;
  readonly counts?: ParamCounts;
  readonly acc: Accelerator;
  readonly gpus: number;
  readonly precision?: Precision;
  /** Sequences each GPU processes per optimizer step (the global batch ÷ GPUs): the micro-batch is at most this. */
  readonly sequencesPerGpu: number;
  readonly options: LayoutOptions;
  /** Fine-tuning: the method and adapter (frozen base, NF4 base). */
  readonly kind?: RunKind;
  /** A micro-batch fixed by the person: only checkpointing and sharding are chosen. */
  readonly microBatch?: number;
}

/** The layout the calculator chooses for a point: micro-batch, accumulation, sharding, checkpointing, model parallelism. */
export interface ChosenLayout {
  readonly microBatch: number;
  /** Sequences per GPU per optimizer step: a whole number of micro-batches. */
  readonly sequencesPerGpu: number;
  readonly gradAccum: number;
  readonly sharding: ShardingKind;
  readonly checkpointing: CheckpointingMode;
  /** Tensor and pipeline degrees; absent = 1. */
  readonly tp?: number;
  readonly pp?: number;
}

export interface RunFit {
  /** True when the layout's peak is at most FIT_HEADROOM of the GPU's memory. */
  readonly fits: boolean;
  readonly layout: ChosenLayout;
  /** The chosen layout's memory; when nothing fits, the smallest peak of every layout tried. */
  readonly memory: MemoryEstimate | null;
  /** Why memory is unknown. */
  readonly reason: string | null;
  /** The throughput model on the chosen layout; null when it cannot predict (no peak). */
  readonly throughput: Throughput | null;
}

const STATED = (value: unknown): Traced<never> => ({ value: value as never, origin: 'stated', source: 'budget calculator' });

/** The plan the memory and throughput models see for one layout. */
export function runPlan(r: RunRequest, layout: ChosenLayout): TrainingPlan {
  const o = r.options;
  const setup: RunSetup = {
    microBatch: STATED(layout.microBatch),
    gradAccum: STATED(layout.gradAccum),
    parallel: {
      dp: STATED(Math.max(1, r.gpus / ((layout.tp ?? 1) * (layout.pp ?? 1)))),
      tp: STATED(layout.tp ?? 1),
      pp: STATED(layout.pp ?? 1),
      cp: STATED(1),
      ep: STATED(1),
      ...((layout.tp ?? 1) > 1 ? { sequenceParallel: STATED(true) } : {}),
      ...(layout.sharding === 'fsdp-hybrid' && o.shardGroup !== undefined ? { shardGroup: STATED(Math.min(r.gpus, o.shardGroup)) } : {}),
    },
    sharding: STATED(layout.sharding),
    checkpointing: STATED({ mode: layout.checkpointing }),
    optimizer: STATED(o.optimizer ?? 'adamw'),
    compile: STATED(o.compile),
    flashAttention: STATED(true),
    chunkedLoss: STATED(o.chunkedLoss),
  };
  return {
    ...emptyPlan,
    architecture: STATED(r.arch),
    seqLen: STATED(r.arch.seqLen),
    batchTokens: STATED(layout.sequencesPerGpu * r.gpus * r.arch.seqLen),
    gpu: STATED(r.acc.id),
    gpuCount: STATED(r.gpus),
    precision: STATED(r.precision ?? 'bf16'),
    setup,
    ...(r.kind ? { kind: r.kind } : {}),
  };
}

/** A sharding with tensor / pipeline degrees: one way to place the model. */
type Placement = Pick<Split, 'sharding' | 'tp' | 'pp'>;

function layoutOf(r: RunRequest, microBatch: number, place: Placement, checkpointing: CheckpointingMode): ChosenLayout {
  const per = Math.max(microBatch, microBatch * Math.max(1, Math.round(r.sequencesPerGpu / microBatch)));
  const split = place.tp > 1 || place.pp > 1 ? { tp: place.tp, pp: place.pp } : {};
  return { microBatch, sequencesPerGpu: per, gradAccum: per / microBatch, sharding: place.sharding, checkpointing, ...split };
}

/** The options' shardings on the whole model, then (modelParallel) the tensor / pipeline splits. */
function placements(r: RunRequest, shardings: readonly ShardingKind[]): Placement[] {
  const whole: Placement[] = shardings.map((sharding) => ({ sharding, tp: 1, pp: 1 }));
  if (!r.options.modelParallel || r.gpus < 2) return whole;
  return [...whole, ...splitCandidates(r.gpus, r.arch).filter((c) => c.tp > 1 || c.pp > 1)];
}

function memoryOf(r: RunRequest, layout: ChosenLayout): { memory: MemoryEstimate | null; reason: string | null } {
  const m = estimateMemory(runPlan(r, layout), r.acc, r.gpus, r.precision ?? 'bf16');
  return { memory: m.memory, reason: m.reason };
}

/**
 * The layout to write: for each checkpointing mode (in order), then each sharding (in order),
 * the largest power-of-two micro-batch up to the sequences per GPU whose peak is at most
 * FIT_HEADROOM of the GPU; the first combination with one wins. Sharding only on more than one
 * GPU. When none fits, the layout with the smallest peak, marked as not fitting.
 */
export function fitRun(r: RunRequest): RunFit {
  const counts = r.counts ?? countParams(r.arch);
  // On one GPU there is nothing to shard over: the first strategy stands for all.
  const shardings = r.gpus > 1 ? r.options.shardings : r.options.shardings.slice(0, 1);
  const top = r.microBatch ?? 2 ** Math.floor(Math.log2(Math.max(1, r.sequencesPerGpu)));
  const sizes: number[] = [];
  for (let mb = top; mb >= 1; mb = r.microBatch !== undefined ? 0 : mb / 2) sizes.push(mb);
  let smallest: { layout: ChosenLayout; memory: MemoryEstimate } | null = null;
  // Recompute costs a third of the forward again; sharding costs little: shard before recomputing.
  for (const ac of r.options.checkpointing) {
    for (const place of placements(r, shardings)) {
      // The peak grows with the micro-batch: binary search over the sizes (largest first) for the largest that fits.
      const tried = new Map<number, { layout: ChosenLayout; memory: MemoryEstimate }>();
      const at = (k: number): { layout: ChosenLayout; memory: MemoryEstimate | null; reason: string | null } => {
        const layout = layoutOf(r, sizes[k]!, place, ac);
        const { memory, reason } = memoryOf(r, layout);
        if (memory) tried.set(k, { layout, memory });
        return { layout, memory, reason };
      };
      const last = at(sizes.length - 1);
      if (!last.memory) return { fits: false, layout: last.layout, memory: null, reason: last.reason, throughput: null };
      if (!smallest || last.memory.perGpuBytes < smallest.memory.perGpuBytes) smallest = { layout: last.layout, memory: last.memory };
      if (last.memory.fraction > FIT_HEADROOM) continue;
      // sizes[lo] fits (index sizes.length - 1 is the smallest); find the smallest index that fits.
      let lo = sizes.length - 1;
      let hi = -1;
      while (lo - hi > 1) {
        const mid = (lo + hi) >> 1;
        const m = at(mid).memory!;
        if (m.fraction <= FIT_HEADROOM) lo = mid;
        else hi = mid;
      }
      const chosen = tried.get(lo)!;
      return { fits: true, layout: chosen.layout, memory: chosen.memory, reason: null, throughput: throughputOf(r, counts, chosen.layout) };
    }
  }
  const worst = smallest!;
  return { fits: false, layout: worst.layout, memory: worst.memory, reason: null, throughput: throughputOf(r, counts, worst.layout) };
}

function throughputOf(r: RunRequest, counts: ParamCounts, layout: ChosenLayout): Throughput | null {
  const plan = runPlan(r, layout);
  const t = predictThroughput({
    arch: r.arch,
    counts,
    acc: r.acc,
    precision: r.precision ?? 'bf16',
    gpuCount: r.gpus,
    seqLen: r.arch.seqLen,
    batchTokens: plan.batchTokens!.value,
    setup: plan.setup!,
    ...(r.kind ? { kind: r.kind } : {}),
    convention: 'palm',
  });
  return t.ok ? t.throughput : null;
}

/** Sequences per GPU per optimizer step for DeepSeek LLM's B_opt at its C = M·D of this shape (arXiv 2401.02954 §3.1), at least 1. */
export function deepseekSequencesPerGpu(arch: Architecture, tokens: number, gpus: number): number {
  return Math.max(1, deepseekSuggestion(deepseekCompute(arch, tokens)).batchTokens / arch.seqLen / gpus);
}

export interface PointRun {
  /** The reference shape the point is priced with. */
  readonly architecture: Architecture;
  readonly counts: ParamCounts;
  readonly fit: RunFit;
  /** Whole-run GPU-hours for the point's tokens at the predicted tokens/s/GPU ÷ the cluster efficiency; null without a prediction. */
  readonly gpuHours: number | null;
}

/**
 * A budget point on real hardware: its Llama-style reference shape (referenceTemplate), the
 * layout that fits (REFERENCE_LAYOUT), the predicted tokens/s/GPU and the GPU-hours its tokens
 * take. Null when no shape near the target exists (targets below a few million parameters).
 */
export function pointRun(params: number, tokens: number, paramsKind: 'total' | 'nonEmbedding', acc: Accelerator, gpus: number): PointRun | null {
  // A budget asks for the same points again (the MFU step, then the answer; the same budget run
  // twice): the result is a pure function of its inputs, so the last few are kept.
  const key = `${params}|${tokens}|${paramsKind}|${acc.id}|${gpus}`;
  const hit = POINT_RUNS.get(key);
  if (hit !== undefined) return hit;
  const run = computePointRun(params, tokens, paramsKind, acc, gpus);
  if (POINT_RUNS.size >= POINT_RUN_CACHE) POINT_RUNS.delete(POINT_RUNS.keys().next().value!);
  POINT_RUNS.set(key, run);
  return run;
}

const POINT_RUN_CACHE = 256;
const POINT_RUNS = new Map<string, PointRun | null>();

function computePointRun(params: number, tokens: number, paramsKind: 'total' | 'nonEmbedding', acc: Accelerator, gpus: number): PointRun | null {
  const designed = designArchitecture(params, referenceTemplate(params), { paramsKind });
  if (!designed.ok) return null;
  const { architecture, counts } = designed.shape;
  const fit = fitRun({
    arch: architecture,
    counts,
    acc,
    gpus,
    sequencesPerGpu: deepseekSequencesPerGpu(architecture, tokens, gpus),
    options: REFERENCE_LAYOUT,
  });
  const tps = fit.throughput?.tokensPerSecPerGpu;
  return { architecture, counts, fit, gpuHours: tps ? wholeRunGpuHours(tokens, tps) : null };
}
