// The work one token makes a training step do, split the way the hardware sees it: dense matrix
// multiplies (GEMMs), the attention core (QKᵀ and scores·V), and memory-bound traffic (norms,
// activations, residuals, the logits and loss) that scales with the width, not its square.
// Recompute (activation checkpointing) adds a forward pass of the checkpointed layers.

import type { Architecture } from '../architecture';
import { attentionCoreWidth, causalKeysPerQuery, flopsPerToken, moeLayerCount, projectionWidths, type ParamCounts } from '../model';
import type { Checkpointing } from '../runSetup';

export interface TokenWork {
  /** GEMM FLOPs per token, forward + backward, no recompute (Megatron convention without the attention core). */
  readonly gemmFlops: number;
  /** Attention-core FLOPs per token, forward + backward, causal (half of the full T×T square). */
  readonly attentionFlops: number;
  /** Extra GEMM FLOPs per token from recompute. */
  readonly recomputeGemmFlops: number;
  /** Extra attention-core FLOPs per token from recompute. */
  readonly recomputeAttentionFlops: number;
  /** Share of the per-layer work that recompute repeats (1 = one whole forward of every layer). */
  readonly recomputeShare: number;
  /** Forward passes in one step's work: 3 for full training (forward, input- and weight-gradients), 2 when frozen weights need no weight gradients (LoRA). */
  readonly passes: 2 | 3;
}

/**
 * Causal attention core, forward + backward, per token: 3 × 2 matmuls × 2·(h·d_h) × the keys a
 * causal query sees, i.e. 3 × L × 2·(h·d_h)·T without sliding windows (Megatron-LM
 * num_floating_point_operations, causal halving; MLA's width from attentionCoreWidth).
 */
export function attentionCoreFlops(a: Architecture, seqLen: number): number {
  return 3 * 4 * attentionCoreWidth(a) * causalKeysPerQuery(a, seqLen);
}

/**
 * Per-token work. `frozenBase`: LoRA-style fine-tunes skip the weight-gradient GEMMs of frozen
 * weights (the backward computes input gradients only): 2 forward-equivalents instead of 3.
 */
export function tokenWork(a: Architecture, counts: ParamCounts, seqLen: number, checkpointing: Checkpointing, frozenBase: boolean): TokenWork {
  const withSeq: Architecture = a.seqLen === seqLen ? a : { ...a, seqLen };
  const attention = attentionCoreFlops(withSeq, seqLen);
  const megatron = flopsPerToken(withSeq, counts, 'megatron');
  const gemmFull = megatron - attention;
  const passes = frozenBase ? 2 : 3;
  const gemmFlops = (gemmFull / 3) * passes;
  // The output head is outside the checkpointed blocks: recompute repeats the blocks only.
  const headForward = 2 * a.dModel * a.vocab;
  const blocksForward = gemmFull / 3 - headForward;
  const share = recomputeShare(checkpointing, a);
  return {
    gemmFlops,
    attentionFlops: attention,
    recomputeGemmFlops: share.gemm * blocksForward,
    recomputeAttentionFlops: share.attention * (attention / 3),
    recomputeShare: share.gemm,
    passes,
  };
}

/**
 * Which share of the forward a checkpointing mode repeats. `full`: every block's forward
 * (Chen et al. 2016; Megatron --recompute-granularity full). `selective`: only the attention
 * core (Korthikanti et al. 2022 §4.2, Megatron --recompute-granularity selective).
 * `selective-op`: the matmuls whose outputs are not saved (opSacRecomputedShare); the attention
 * kernel's output is saved. `every-n`: one block in N checkpointed.
 */
export function recomputeShare(c: Checkpointing, a: Architecture): { readonly gemm: number; readonly attention: number } {
  switch (c.mode) {
    case 'none':
      return { gemm: 0, attention: 0 };
    case 'selective':
      return { gemm: 0, attention: 1 };
    case 'selective-op':
      return { gemm: opSacRecomputedShare(a), attention: 0 };
    case 'full':
      return { gemm: 1, attention: 1 };
    case 'every-n': {
      const n = c.everyN && c.everyN > 0 ? c.everyN : 1;
      return { gemm: 1 / n, attention: 1 / n };
    }
  }
}

/**
 * Share of the blocks' GEMM FLOPs that per-operator selective checkpointing repeats: the
 * matmuls at even positions of the block's order whose outputs it does not save (k, the output
 * projection and up for a Llama block; k, the output projection and fc2 for a plain MLP;
 * memory/activations.ts opSacActivations), and every routed expert (grouped matmuls are not
 * saved). Llama 3 8B: 36.5%.
 */
export function opSacRecomputedShare(a: Architecture): number {
  const h = a.dModel;
  const { q, k, v, o } = projectionWidths(a);
  const attention = h * (q + k + v) + o * h;
  const attentionRecomputed = h * k + o * h;
  const glu = a.mlp === 'glu';
  const dense = { all: (glu ? 3 : 2) * h * a.ffn, recomputed: h * a.ffn };
  const moeLayers = moeLayerCount(a);
  const m = a.moe;
  const active = m ? m.topK * m.expertFfn + m.sharedExperts * (m.sharedFfn ?? m.expertFfn) : 0;
  const routed = (glu ? 3 : 2) * h * active;
  const denseLayers = a.layers - moeLayers;
  const total = a.layers * attention + denseLayers * dense.all + moeLayers * routed;
  const recomputed = a.layers * attentionRecomputed + denseLayers * dense.recomputed + moeLayers * routed;
  return total > 0 ? recomputed / total : 0;
}
