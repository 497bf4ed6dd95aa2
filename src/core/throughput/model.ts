// The throughput model: seconds per optimizer step on one GPU, as the sum of terms a reader can
// follow, and what they make: tokens/s per GPU, MFU and HFU.
//
//   step = compute + recompute + bubble + exposed communication
//   compute   = S × (GEMM FLOPs / (peak × η_gemm(w)) + attention FLOPs / (peak_bf16 × η_attn) + memory bytes / HBM bandwidth)
//   recompute = the same for the forward that activation checkpointing repeats
//   bubble    = (compute + recompute) × (pp − 1) / (micro-batches × vp)
// with S = global-batch tokens / GPUs (each GPU's share of the step's tokens),
// η_gemm(w) = η_max × w / (w + w½) for the per-GPU width w = d_model / tp.

import type { Accelerator } from '../hardware';
import type { Architecture } from '../architecture';
import { peakFor, memoryBytes } from '../hardware';
import { flopsPerToken, moeLayerCount, routedExpertParams, type FlopConvention, type ParamCounts } from '../model';
import type { Precision } from '../plan';
import { CHECKPOINTING_NAMES, type RunKind, type RunSetup } from '../runSetup';
import { layoutFits } from '../memory/setup';
import { bubbleRatio } from './bubble';
import { communication, type CommTerm } from './communication';
import { ASSUMED, EFFICIENCY_CLASS, MODEL_CONSTANTS, type ModelConstants } from './constants';
import { resolveLayout, type Layout, type ThroughputAssumption } from './layout';
import { NODE_CLASS } from './network';
import { tokenWork } from './work';

export interface ThroughputInput {
  readonly arch: Architecture;
  readonly counts: ParamCounts;
  readonly acc: Accelerator;
  readonly precision: Precision;
  readonly gpuCount: number;
  readonly seqLen: number;
  readonly batchTokens: number | null;
  readonly setup?: RunSetup;
  readonly kind?: RunKind;
  /** The FLOP convention MFU is reported in. */
  readonly convention: FlopConvention;
}

/** Where one step's time goes, seconds per step on one GPU. */
export interface ThroughputBreakdown {
  readonly compute: number;
  readonly recompute: number;
  readonly bubble: number;
  readonly exposedComm: number;
}

export interface ThroughputTerm {
  readonly id: 'gemm' | 'attention' | 'memory' | 'router' | 'recompute' | 'bubble' | CommTerm['kind'];
  readonly label: string;
  readonly seconds: number;
  readonly formula: string;
}

export interface Throughput {
  readonly tokensPerSecPerGpu: number;
  /** Model FLOPs (in `convention`) per second over the dense peak of the training precision. */
  readonly mfu: number;
  /** Hardware FLOPs (model FLOPs plus recompute) per second over the same peak. */
  readonly hfu: number;
  readonly stepSeconds: number;
  readonly breakdown: ThroughputBreakdown;
  readonly terms: readonly ThroughputTerm[];
  readonly convention: FlopConvention;
  readonly peakTflops: number;
  readonly layout: Layout;
  readonly assumptions: readonly ThroughputAssumption[];
}

export type ThroughputOutcome = { readonly ok: true; readonly throughput: Throughput } | { readonly ok: false; readonly reason: string };

export function predictThroughput(input: ThroughputInput, constants: ModelConstants = MODEL_CONSTANTS): ThroughputOutcome {
  const { arch, counts, acc } = input;
  const FITTED = constants.fitted;
  const fp8Wanted = input.precision === 'fp8';
  const mfuPeak = peakFor(acc, input.precision);
  if (!mfuPeak) return { ok: false, reason: `no ${input.precision.toUpperCase()} tensor peak for ${acc.id} in the catalog` };
  const halfPeak = peakFor(acc, 'bf16') ?? peakFor(acc, 'fp16') ?? mfuPeak;
  const { layout: l, assumptions: layoutAssumptions } = resolveLayout({
    gpuCount: input.gpuCount,
    seqLen: input.seqLen,
    batchTokens: input.batchTokens,
    fp8: fp8Wanted,
    ...(input.setup ? { setup: input.setup } : {}),
    ...(input.kind ? { kind: input.kind } : {}),
    moe: arch.moe !== undefined,
    fits: layoutFits(arch, input.seqLen, input.precision, memoryBytes(acc)),
  });
  const assumptions: ThroughputAssumption[] = [...layoutAssumptions];
  const gemmPeak = l.fp8 ? (peakFor(acc, 'fp8') ?? halfPeak) : halfPeak;

  const cls = EFFICIENCY_CLASS[acc.generation];
  const eff = constants.kernel[cls.cls];
  if (!cls.measured)
    assumptions.push({
      field: 'kernelEfficiency',
      value: cls.cls,
      origin: 'assumed',
      note: `no throughput measurements on ${acc.generation}: the ${cls.cls === 'ampere' ? 'A100' : 'H100'}-fitted kernel efficiencies are used`,
    });
  if (l.dp * l.tp * l.cp > ASSUMED.gpusPerNode && l.interNodeBytesPerSec === null)
    assumptions.push({
      field: 'interNodeBandwidth',
      value: NODE_CLASS[acc.generation].interNodeBytesPerSec / 1e9,
      origin: 'assumed',
      note: `network between nodes: ${NODE_CLASS[acc.generation].basis}`,
    });

  const work = tokenWork(arch, counts, l.seqLen, l.checkpointing, l.frozenBase);
  const width = arch.dModel / l.tp;
  const etaGemm = eff.gemm * (width / (width + FITTED.widthHalf)) * (l.fp8 ? FITTED.fp8GemmFactor : 1);
  const gemmRate = gemmPeak.tflops * 1e12 * etaGemm;
  const attnRate = halfPeak.tflops * 1e12 * eff.attention;
  const hbm = acc.memoryBandwidthGBs * 1e9;
  const compileFactor = l.compile ? FITTED.compileMemoryFactor : 1;
  const replication = 1 - ASSUMED.tpReplicatedShare + ASSUMED.tpReplicatedShare * (l.sequenceParallel ? 1 : l.tp);
  const layerBytes = arch.layers * FITTED.memoryPasses * arch.dModel * 2 * replication * (work.passes / 3);
  const scoreBytes = l.flashAttention ? 0 : arch.layers * arch.heads * l.seqLen * 2 * ASSUMED.scorePassesWithoutFusedAttention;
  const logitBytes = ASSUMED.logitBytesPerToken(arch.vocab);

  const S = l.batchTokens / l.gpuCount;
  const gemm = (S * work.gemmFlops) / gemmRate;
  const attention = (S * work.attentionFlops) / attnRate;
  const memory = (S * ((layerBytes + scoreBytes) * compileFactor + logitBytes)) / hbm;
  const routerBytes = moeRouterBytesPerToken(arch);
  const router = (S * routerBytes) / hbm;
  const compute = gemm + attention + memory + router;
  const recompute =
    S *
    (work.recomputeGemmFlops / gemmRate + work.recomputeAttentionFlops / attnRate + (work.recomputeShare * (layerBytes / work.passes) * compileFactor) / hbm);
  const busy = compute + recompute;
  const ratio = bubbleRatio(l.pp, l.microBatches, l.vp, l.schedule);
  const bubble = busy * ratio;
  const comm = communication({
    arch,
    denseParamsPerShard: (counts.total - routedExpertParams(arch)) / (l.tp * l.pp),
    expertParamsPerShard: routedExpertParams(arch) / (l.ep * l.tp * l.pp),
    layout: l,
    acc,
    microSeconds: busy / l.microBatches,
    microAttentionSeconds: (attention + (S * work.recomputeAttentionFlops) / attnRate) / l.microBatches,
    exposedShare: FITTED.exposedShare,
  });
  const exposedComm = comm.reduce((s, c) => s + c.exposedSeconds, 0);
  const stepSeconds = busy + bubble + exposedComm;
  const tokensPerSecPerGpu = l.batchTokens / l.gpuCount / stepSeconds;

  const withSeq = arch.seqLen === l.seqLen ? arch : { ...arch, seqLen: l.seqLen };
  const modelFlops = flopsPerToken(withSeq, counts, input.convention);
  const mfu = (tokensPerSecPerGpu * modelFlops) / (mfuPeak.tflops * 1e12);
  const hwRatio = 1 + (work.recomputeGemmFlops + work.recomputeAttentionFlops) / (work.gemmFlops + work.attentionFlops);

  const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
  const terms: ThroughputTerm[] = [
    {
      id: 'gemm',
      label: 'matrix multiplies',
      seconds: gemm,
      formula: `${fmtFlops(work.gemmFlops)}/token at ${gemmPeak.tflops} TFLOPS ${gemmPeak.dtype.toUpperCase()} × η ${pct(etaGemm)} (η_max ${pct(eff.gemm)} × w/(w+${FITTED.widthHalf}), w = ${width})`,
    },
    {
      id: 'attention',
      label: 'attention core',
      seconds: attention,
      formula: `${fmtFlops(work.attentionFlops)}/token (causal, T = ${l.seqLen}) at ${halfPeak.tflops} TFLOPS × η ${pct(eff.attention)}`,
    },
    {
      id: 'memory',
      label: 'memory-bound kernels',
      seconds: memory,
      formula: `${fmtBytesPerToken((layerBytes + scoreBytes) * compileFactor + logitBytes)}/token at ${acc.memoryBandwidthGBs} GB/s HBM${l.compile ? ' (torch.compile fusion)' : ''}`,
    },
  ];
  if (router > 0)
    terms.push({
      id: 'router',
      label: 'MoE routing',
      seconds: router,
      formula: `${moeLayerCount(arch)} MoE layers × (16 × top-k ${arch.moe!.topK} × d ${arch.dModel} + 32 × ${arch.moe!.experts} experts) bytes/token = ${fmtBytesPerToken(routerBytes)}/token at ${acc.memoryBandwidthGBs} GB/s HBM (router GEMM counted in the matrix multiplies)`,
    });
  if (recompute > 0)
    terms.push({
      id: 'recompute',
      label: 'recompute',
      seconds: recompute,
      formula: `activation checkpointing (${CHECKPOINTING_NAMES[l.checkpointing.mode]}) repeats ${pct(work.recomputeShare)} of the blocks' forward`,
    });
  if (bubble > 0)
    terms.push({
      id: 'bubble',
      label: 'pipeline bubble',
      seconds: bubble,
      formula: `(pp − 1)/(m × vp) = (${l.pp} − 1)/(${l.microBatches} × ${l.schedule === 'interleaved-1f1b' ? l.vp : 1}) = ${pct(ratio)} of busy time`,
    });
  for (const c of comm)
    terms.push({
      id: c.kind,
      label: `${c.kind} communication (exposed)`,
      seconds: c.exposedSeconds,
      formula: `${c.formula} on ${c.link}; ${fmtSeconds(c.seconds)} total, ${fmtSeconds(c.exposedSeconds)} not hidden`,
    });

  return {
    ok: true,
    throughput: {
      tokensPerSecPerGpu,
      mfu,
      hfu: mfu * hwRatio,
      stepSeconds,
      breakdown: { compute, recompute, bubble, exposedComm },
      terms,
      convention: input.convention,
      peakTflops: mfuPeak.tflops,
      layout: l,
      assumptions,
    },
  };
}

/**
 * Memory-bound bytes per token of MoE routing, forward + backward, over all MoE layers. The router
 * GEMM (2·d·E FLOPs) is in the GEMM work already; what is left is traffic: the token dispatcher's
 * permute (gather top-k copies of each token's hidden state before the experts) and unpermute
 * (weighted scatter-add after), each reading and writing top-k × d BF16 values, forward and again
 * backward: 2 × 2 × 2 × k × d × 2 B = 16·k·d; and the router's FP32 scores (logits written,
 * softmax read and written, top-k read: 4 × E × 4 B), forward and backward: 32·E. Megatron-LM
 * megatron/core/transformer/moe/token_dispatcher.py and router.py do these steps.
 */
export function moeRouterBytesPerToken(a: Architecture): number {
  if (!a.moe) return 0;
  return moeLayerCount(a) * (16 * a.moe.topK * a.dModel + 32 * a.moe.experts);
}

function fmtFlops(f: number): string {
  return f >= 1e9 ? `${(f / 1e9).toPrecision(3)} GFLOP` : `${(f / 1e6).toPrecision(3)} MFLOP`;
}
function fmtBytesPerToken(b: number): string {
  return b >= 1e6 ? `${(b / 1e6).toPrecision(3)} MB` : `${(b / 1e3).toPrecision(3)} kB`;
}
export function fmtSeconds(s: number): string {
  if (s >= 1) return `${s.toPrecision(3)} s`;
  return `${(s * 1e3).toPrecision(3)} ms`;
}
