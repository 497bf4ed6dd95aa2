// Exposed communication per optimizer step, from message sizes and link bandwidths. Ring
// collectives over g ranks move (g − 1)/g of the message per rank for an all-gather or a
// reduce-scatter and twice that for an all-reduce (Thakur et al. 2005; NCCL's bus bandwidth),
// and pay a latency per ring step. Data-parallel traffic overlaps with compute (FSDP prefetch,
// DDP gradient buckets) except for a fitted exposed share, where the run overlaps it: gradient
// reductions (layout.gradReduceOverlap) and parameter gathers (layout.paramGatherOverlap) that the
// framework runs after the backward or the optimizer step (Megatron-LM without
// --overlap-grad-reduce / --overlap-param-gather, DeepSpeed ZeRO-1/2 without overlap_comm) sit on
// the critical path in full. Tensor-parallel all-reduces too, unless --tp-comm-overlap; expert
// all-to-alls and pipeline sends always.

import type { Accelerator } from '../hardware';
import type { Architecture } from '../architecture';
import { moeLayerCount } from '../model';
import { pipelinedFsdp } from '../runSetup';
import { ASSUMED } from './constants';
import type { Layout } from './layout';
import { linkFor, type Link } from './network';

export interface CommTerm {
  readonly kind: 'data-parallel' | 'tensor-parallel' | 'context-parallel' | 'expert-parallel' | 'pipeline';
  /** Seconds per step spent communicating, before overlap. */
  readonly seconds: number;
  /** Seconds per step left on the critical path. */
  readonly exposedSeconds: number;
  readonly formula: string;
  readonly link: string;
}

const BF16 = 2;

function ringSeconds(bytes: number, ranks: number, link: Link): number {
  if (ranks <= 1) return 0;
  return (bytes * (ranks - 1)) / ranks / link.bytesPerSec + (ranks - 1) * ASSUMED.ringStepLatencySec;
}

/** Exposed part of `comm` seconds that could hide under `overlap` seconds of compute. */
export function exposedOf(comm: number, overlap: number, exposedShare: number): number {
  const always = exposedShare * comm;
  return always + Math.max(0, comm - always - overlap);
}

export interface CommInput {
  readonly arch: Architecture;
  /** Parameters outside the routed experts held by one model-parallel shard (/ (tp × pp)): synchronized over the data-parallel group. */
  readonly denseParamsPerShard: number;
  /**
   * Routed-expert parameters one GPU holds (/ (ep × tp × pp)): synchronized only among the ranks
   * that hold the same experts, the data-parallel group divided by ep (Megatron-LM's
   * expert-data-parallel group).
   */
  readonly expertParamsPerShard: number;
  readonly layout: Layout;
  readonly acc: Accelerator;
  /** Busy seconds of one micro-batch (forward + backward + recompute) on one GPU. */
  readonly microSeconds: number;
  /** Attention-core seconds of one micro-batch on one GPU (what context-parallel sends can hide under). */
  readonly microAttentionSeconds: number;
  /** Fitted share of overlappable traffic that stays exposed. */
  readonly exposedShare: number;
}

export function communication(c: CommInput): CommTerm[] {
  const { layout: l, acc, arch } = c;
  const terms: CommTerm[] = [];
  const m = l.microBatches;
  const paramBytes = (c.denseParamsPerShard + c.expertParamsPerShard) * BF16;
  // One ring over the data-parallel ranks for the dense weights, one over the expert replicas.
  const expertGroup = (group: number) => Math.max(1, Math.floor(group / l.ep));
  const dpRing = (group: number, link: Link) =>
    ringSeconds(c.denseParamsPerShard * BF16, group, link) +
    (c.expertParamsPerShard > 0 ? ringSeconds(c.expertParamsPerShard * BF16, expertGroup(group), link) : 0);
  /** The message, e.g. "2.00 GB (BF16 gradients per shard)", with the experts' share when ep splits them. */
  const splitExperts = c.expertParamsPerShard > 0 && l.ep > 1;
  const dpBytesText = (group: number, what: string) => {
    if (!splitExperts) return `${fmtBytes(paramBytes)} (${what})`;
    const dense = `${fmtBytes(c.denseParamsPerShard * BF16)} (${what})`;
    const experts = fmtBytes(c.expertParamsPerShard * BF16);
    const g = expertGroup(group);
    return g > 1
      ? `${dense} + ${experts} of experts over ${g} ranks (ep ${l.ep})`
      : `${dense}; the ${experts} of experts on each GPU have no replica to synchronize (ep ${l.ep})`;
  };
  const tokensPerMicro = (l.microBatch * l.seqLen) / l.cp;
  const layersHere = arch.layers / l.pp;

  // Data parallel: which collectives, how often. Context-parallel ranks train the same weights
  // on other parts of the sequence, so gradients are reduced (and shards gathered) over dp × cp.
  const replicas = l.dp * l.cp;
  const dpLink = linkFor(acc, replicas, l.tp, l.interNodeBytesPerSec);
  const sharded =
    l.sharding === 'zero3' || l.sharding === 'fsdp-full' || l.sharding === 'fsdp-grad-op' || l.sharding === 'zero2' || l.sharding === 'fsdp-hybrid';
  if (replicas > 1) {
    if (sharded) {
      // ZeRO-3 / FULL_SHARD: all-gather for the forward, again for the backward, reduce-scatter
      // the gradients, every micro-batch. ZeRO-2 / SHARD_GRAD_OP keeps the gathered weights.
      const passes = l.sharding === 'zero2' || l.sharding === 'fsdp-grad-op' ? 2 : 3;
      const group = l.sharding === 'fsdp-hybrid' ? Math.min(l.shardGroup, replicas) : replicas;
      const link = l.sharding === 'fsdp-hybrid' ? linkFor(acc, group, l.tp, l.interNodeBytesPerSec) : dpLink;
      const perPass = dpRing(group, link) + layersHere * (group - 1) * ASSUMED.ringStepLatencySec;
      const perMicro = passes * perPass;
      // One pass reduce-scatters the gradients, the others gather weights.
      const hideable = (l.gradReduceOverlap ? perPass : 0) + (l.paramGatherOverlap ? (passes - 1) * perPass : 0);
      // Under a pipeline FSDP2 holds the gradients until the last micro-batch (pipelinedFsdp):
      // one reduce-scatter per step. Weights kept gathered (grad-op) are gathered once per step;
      // full sharding reshards after each forward and gathers again for each micro-batch's backward.
      const pipelined = pipelinedFsdp(l.sharding, l.pp);
      const pipelinedGathers = pipelined && passes === 3 ? m : 0;
      const times = pipelined ? 1 : m;
      const perStep = pipelined ? (pipelinedGathers > 0 ? perPass : perMicro) : perMicro;
      const stepHideable = pipelined ? (l.gradReduceOverlap ? perPass : 0) + (pipelinedGathers === 0 && l.paramGatherOverlap ? perPass : 0) : hideable;
      const gatherHideable = l.paramGatherOverlap ? pipelinedGathers * perPass : 0;
      let seconds = perStep * times + pipelinedGathers * perPass;
      let exposed =
        (exposedOf(stepHideable, c.microSeconds, c.exposedShare) + perStep - stepHideable) * times +
        (exposedOf(gatherHideable, m * c.microSeconds, c.exposedShare) + pipelinedGathers * perPass - gatherHideable);
      const rings =
        pipelinedGathers > 0 ? `${m} gathers + 1 reduce-scatter per step` : `${passes} × ${pipelined && m > 1 ? 'once per step' : `${m} micro-batch(es)`}`;
      let formula = `${rings} × ring over ${group} ranks of ${dpBytesText(group, 'BF16 weights/gradients per shard')}${overlapNote(l, hideable, perMicro)}`;
      if (l.sharding === 'fsdp-hybrid' && replicas > group) {
        const copies = replicas / group;
        const ar = 2 * ringSeconds(paramBytes / group, copies, dpLink);
        seconds += ar;
        exposed += l.gradReduceOverlap ? exposedOf(ar, (2 / 3) * c.microSeconds, c.exposedShare) : ar;
        formula += ` + all-reduce of the shard over ${copies} replicas`;
      }
      terms.push({ kind: 'data-parallel', seconds, exposedSeconds: exposed, formula, link: link.label });
    } else {
      // DDP, ZeRO-1, distributed optimizer: one all-reduce (or reduce-scatter + all-gather) of
      // the gradients per step, overlapped with the last micro-batch's backward. With a sharded
      // optimizer the second half gathers the updated weights, after the optimizer step.
      const half = dpRing(replicas, dpLink);
      const seconds = 2 * half;
      const hideable = (l.gradReduceOverlap ? half : 0) + ((l.sharding === 'none' ? l.gradReduceOverlap : l.paramGatherOverlap) ? half : 0);
      terms.push({
        kind: 'data-parallel',
        seconds,
        exposedSeconds: exposedOf(hideable, (2 / 3) * c.microSeconds, c.exposedShare) + seconds - hideable,
        formula: `all-reduce over ${replicas} ranks of ${dpBytesText(replicas, 'BF16 gradients per shard')}, once per step${overlapNote(l, hideable, seconds)}`,
        link: dpLink.label,
      });
    }
  }

  // Tensor parallel: 2 all-reduces forward and 2 backward per layer (Megatron-LM, Shoeybi et
  // al. 2019 Fig. 4), 2 more when recompute repeats the forward; per-operator selective
  // checkpointing saves the reduce-scatters' outputs and repeats only the two all-gathers (one
  // all-reduce's worth).
  if (l.tp > 1) {
    const link = linkFor(acc, l.tp, 1, l.interNodeBytesPerSec);
    const recompute = l.checkpointing.mode === 'full' ? 2 : l.checkpointing.mode === 'selective-op' ? 1 : 0;
    const perLayer = (4 + recompute) * 2 * ringSeconds(tokensPerMicro * arch.dModel * BF16, l.tp, link);
    const seconds = perLayer * layersHere * m;
    terms.push({
      kind: 'tensor-parallel',
      seconds,
      // --tp-comm-overlap splits each GEMM and pipelines its collective with the GEMM's chunks.
      exposedSeconds: l.tpCommOverlap ? exposedOf(seconds, c.microSeconds * m, c.exposedShare) : seconds,
      formula: `${4 + recompute} all-reduces × ${layersHere} layers × ${m} micro-batch(es) of ${fmtBytes(tokensPerMicro * arch.dModel * BF16)} over ${l.tp} ranks${l.tpCommOverlap ? ', overlapped with the GEMMs (--tp-comm-overlap)' : ''}`,
      link: link.label,
    });
  }

  // Context parallel (ring attention): each rank passes its K/V chunk around the ring, forward
  // once and backward twice (K/V and their gradients), hidden under the attention core.
  if (l.cp > 1) {
    const link = linkFor(acc, l.cp, l.tp, l.interNodeBytesPerSec);
    const kvBytes = 2 * tokensPerMicro * arch.kvHeads * arch.headDim * BF16;
    const seconds = 3 * (l.cp - 1) * (kvBytes / link.bytesPerSec) * layersHere * m;
    const exposed = Math.max(0, seconds - c.microAttentionSeconds * m);
    terms.push({
      kind: 'context-parallel',
      seconds,
      exposedSeconds: exposed,
      formula: `3 × (${l.cp} − 1) K/V chunks of ${fmtBytes(kvBytes)} × ${layersHere} layers × ${m} micro-batch(es), hidden under attention`,
      link: link.label,
    });
  }

  // Expert parallel: dispatch and combine all-to-alls, forward and backward, per MoE layer.
  const moeLayers = moeLayerCount(arch) / l.pp;
  if (l.ep > 1 && arch.moe && moeLayers > 0) {
    const link = linkFor(acc, l.ep, l.tp * l.cp, l.interNodeBytesPerSec);
    const bytes = tokensPerMicro * arch.moe.topK * arch.dModel * BF16;
    const seconds = 4 * ((bytes * (l.ep - 1)) / l.ep / link.bytesPerSec + ASSUMED.ringStepLatencySec) * moeLayers * m;
    terms.push({
      kind: 'expert-parallel',
      seconds,
      exposedSeconds: seconds,
      formula: `4 all-to-alls × ${moeLayers} MoE layers × ${m} micro-batch(es) of ${fmtBytes(bytes)} over ${l.ep} ranks`,
      link: link.label,
    });
  }

  // Pipeline: one activation send forward and one gradient send backward per micro-batch.
  if (l.pp > 1) {
    const link = linkFor(acc, l.pp, l.tp * l.cp * l.dp, l.interNodeBytesPerSec);
    const bytes = tokensPerMicro * arch.dModel * BF16;
    const seconds = 2 * (bytes / link.bytesPerSec + ASSUMED.ringStepLatencySec) * m;
    terms.push({
      kind: 'pipeline',
      seconds,
      exposedSeconds: seconds,
      formula: `2 × ${m} micro-batch(es) × ${fmtBytes(bytes)} point-to-point`,
      link: link.label,
    });
  }
  return terms;
}

/** What the formula says when part of the data-parallel traffic cannot hide under compute. */
function overlapNote(l: Layout, hideable: number, total: number): string {
  if (hideable >= total) return '';
  const what = [!l.gradReduceOverlap ? 'gradient reduction' : null, l.sharding !== 'none' && !l.paramGatherOverlap ? 'parameter gathering' : null].filter(
    Boolean,
  );
  return `; ${what.join(' and ')} not overlapped with compute`;
}

export function fmtBytes(b: number): string {
  if (b >= 1e9) return `${(b / 1e9).toPrecision(3)} GB`;
  if (b >= 1e6) return `${(b / 1e6).toPrecision(3)} MB`;
  return `${(b / 1e3).toPrecision(3)} kB`;
}
