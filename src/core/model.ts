// Exact parameter counts and per-token training FLOPs of an Architecture.
//
// Counting convention (docs/design.md#the-scaling-core): `total` counts every trainable parameter once, tied
// embeddings once and learned position tables included, as Hugging Face `num_parameters()`
// does. Non-trainable buffers (RoPE inv_freq) are not parameters (docs/published-runs.md#counting-pitfalls).

import type { Architecture, NormKind } from './architecture';

export interface ParamBreakdown {
  readonly tokenEmbedding: number;
  readonly positionEmbedding: number;
  /** Untied output projection; 0 when tied to the token embedding. */
  readonly lmHead: number;
  readonly attention: number;
  /** Dense FFNs plus every expert, shared expert and router. */
  readonly mlp: number;
  readonly norms: number;
  /** Value-embedding tables (nanochat), when the model has them. */
  readonly valueEmbedding?: number;
  /** Scalars and gates outside the blocks (nanochat), when the model has them. */
  readonly extra?: number;
}

export interface ParamCounts {
  readonly total: number;
  /** total minus token embedding, position table and untied head (Kaplan's N). */
  readonly nonEmbedding: number;
  /** Parameters a token passes through: total minus the routed experts it skips. = total for dense models. */
  readonly active: number;
  /** active minus the embedding parameters. */
  readonly activeNonEmbedding: number;
  readonly breakdown: ParamBreakdown;
}

function normWeights(kind: NormKind, width: number): number {
  switch (kind) {
    case 'layernorm':
      return 2 * width; // weight and bias
    case 'rmsnorm':
      return width;
    case 'nonparametric':
      return 0;
  }
}

/** Whether the MLP and expert matrices carry biases. */
function mlpBiased(a: Architecture): boolean {
  return a.linearBias || (a.mlpBias ?? false);
}

/** Parameters of one dense FFN (or one expert) of the given width, biases included. */
export function mlpParams(a: Architecture, width: number): number {
  const d = a.dModel;
  const bias = mlpBiased(a);
  if (a.mlp === 'glu') return 3 * d * width + (bias ? 2 * width + d : 0);
  return 2 * d * width + (bias ? width + d : 0);
}

/** Parameters of one routed expert, biases included where the architecture gives experts biases. */
function expertParams(a: Architecture, moe: NonNullable<Architecture['moe']>): number {
  const withBias = mlpParams(a, moe.expertFfn);
  if (moe.expertBias === undefined || moe.expertBias === mlpBiased(a)) return withBias;
  const biases = (a.mlp === 'glu' ? 2 : 1) * moe.expertFfn + a.dModel;
  return moe.expertBias ? withBias + biases : withBias - biases;
}

/** Parameters of all routed experts (what expert parallelism splits); 0 for a dense model. */
export function routedExpertParams(a: Architecture): number {
  return a.moe ? moeLayerCount(a) * a.moe.experts * expertParams(a, a.moe) : 0;
}

/**
 * Multi-head latent attention of one layer (transformers DeepseekV3Attention): q_a_proj d×r_q,
 * q_a_layernorm r_q, q_b_proj r_q×h·(nope+rope) (or q_proj d×h·(nope+rope) when r_q = 0);
 * kv_a_proj_with_mqa d×(r_kv+rope), kv_a_layernorm r_kv, kv_b_proj r_kv×h·(nope+v); o_proj h·v×d.
 */
function mlaParams(a: Architecture): number {
  const m = a.mla!;
  const d = a.dModel;
  const h = a.heads;
  const qk = m.qkNopeHeadDim + m.qkRopeHeadDim;
  const q = m.qLoraRank > 0 ? d * m.qLoraRank + normWeights(a.norm, m.qLoraRank) + m.qLoraRank * h * qk : d * h * qk;
  const kv = d * (m.kvLoraRank + m.qkRopeHeadDim) + normWeights(a.norm, m.kvLoraRank) + m.kvLoraRank * h * (m.qkNopeHeadDim + m.vHeadDim);
  return q + kv + h * m.vHeadDim * d;
}

function attentionParams(a: Architecture): number {
  const sinks = a.attentionSinks ? a.heads : 0;
  if (a.mla) return mlaParams(a) + sinks;
  const d = a.dModel;
  const q = a.heads * a.headDim;
  const kv = a.kvHeads * a.headDim;
  let n = d * q + 2 * d * kv + q * d + sinks;
  if (a.linearBias || a.qkvBias) n += q + 2 * kv;
  if (a.linearBias || a.outBias) n += d;
  switch (a.qkNorm ?? 'none') {
    case 'full':
      n += normWeights(a.norm, q) + normWeights(a.norm, kv);
      break;
    case 'per-head':
      n += 2 * normWeights(a.norm, a.headDim);
      break;
    case 'none':
      break;
  }
  return n;
}

/**
 * Output widths of a block's attention projections, as activations see them: q, k, v and the
 * output projection's input (MLA: q and k are the full nope + rope heads after up-projection,
 * v its value heads).
 */
export function projectionWidths(a: Architecture): { readonly q: number; readonly k: number; readonly v: number; readonly o: number } {
  const q = a.mla ? a.heads * (a.mla.qkNopeHeadDim + a.mla.qkRopeHeadDim) : a.heads * a.headDim;
  const k = a.mla ? q : a.kvHeads * a.headDim;
  const v = a.mla ? a.heads * a.mla.vHeadDim : a.kvHeads * a.headDim;
  return { q, k, v, o: a.mla ? v : q };
}

/** Whether layer i (0-based) carries experts: after the dense-first layers, every n-th layer. */
export function isMoeLayer(a: Architecture, i: number): boolean {
  const moe = a.moe;
  if (!moe) return false;
  return i >= moe.denseLayers && i % (moe.layerFrequency ?? 1) === (moe.layerPhase ?? 0);
}

/** Layers i in [denseLayers, layers) with i % layerFrequency = layerPhase, counted without a loop over layers (a file can say 10^20). */
export function moeLayerCount(a: Architecture): number {
  const moe = a.moe;
  if (!moe || a.layers <= moe.denseLayers) return 0;
  const f = moe.layerFrequency ?? 1;
  const p = moe.layerPhase ?? 0;
  // Layers 0..n with i % f = p.
  const upTo = (n: number) => (n >= p ? Math.floor((n - p) / f) + 1 : 0);
  return upTo(a.layers - 1) - upTo(moe.denseLayers - 1);
}

export function countParams(a: Architecture): ParamCounts {
  const d = a.dModel;
  // A narrower embedding (OPT-350m) is a factorised embedding: the vocab × E table plus the
  // E→d and d→E projections that carry it to and from the model width; all three count as embedding.
  const e = a.embedDim ?? d;
  const projections = e !== d ? 2 * e * d : 0;
  const tokenEmbedding = a.vocab * e + projections;
  const positionEmbedding = a.positions === 'learned' ? (a.maxPositions ?? a.seqLen) * d : 0;
  const lmHead = (a.tiedEmbeddings ? 0 : a.vocab * e) + (a.lmHeadBias ? a.vocab : 0);

  const attention = a.layers * attentionParams(a);
  const norms =
    a.layers * (a.blockNorms ?? 2) * normWeights(a.norm, d) +
    ((a.finalNorm ?? true) ? normWeights(a.norm, d) : 0) +
    (a.embeddingNorm ? normWeights(a.norm, e) : 0);

  const moeLayers = moeLayerCount(a);
  const denseLayers = a.layers - moeLayers;
  let mlp = denseLayers * mlpParams(a, a.ffn);
  let skipped = 0;
  const moe = a.moe;
  if (moe && moeLayers > 0) {
    const expert = expertParams(a, moe);
    const shared = moe.sharedExperts * mlpParams(a, moe.sharedFfn ?? moe.expertFfn);
    const router =
      d * moe.experts +
      (moe.routerBias ? moe.experts : 0) +
      (moe.sharedExpertGate ? d : 0) +
      (moe.residualCoefficient ? 2 * d + 2 : 0) +
      (moe.outputBias ? d : 0);
    mlp += moeLayers * (moe.experts * expert + shared + router);
    skipped = moeLayers * (moe.experts - moe.topK) * expert;
  }

  const ve = a.valueEmbeddings;
  const kvWidth = a.kvHeads * a.headDim;
  const valueEmbedding = ve ? ve.layers * a.vocab * kvWidth : 0;
  const veGates = ve ? ve.layers * ve.gateInputs * a.kvHeads : 0;
  const extra = a.extraParams ?? 0;
  const embedding = tokenEmbedding + positionEmbedding + lmHead + valueEmbedding;
  const total = embedding + attention + veGates + mlp + norms + extra;
  return {
    total,
    nonEmbedding: total - embedding,
    active: total - skipped,
    activeNonEmbedding: total - skipped - embedding,
    breakdown: {
      tokenEmbedding,
      positionEmbedding,
      lmHead,
      attention: attention + veGates,
      mlp,
      norms,
      ...(ve ? { valueEmbedding } : {}),
      ...(extra ? { extra } : {}),
    },
  };
}

/**
 * FLOP-counting conventions for one training token (forward + backward = 3 × forward).
 * - `6N`: 6 × active parameters, embeddings included (the C ≈ 6ND that Chinchilla's laws use).
 * - `palm`: PaLM App. B model FLOPs 6N + 12·L·H·Q·T with N the matmul parameters (active,
 *   embedding lookups excluded, the output projection included): the MFU convention of
 *   nanoGPT `estimate_mfu` and torchtitan.
 * - `kaplan`: Kaplan 2020 §2.1: 6·N_non-emb + 6·n_layer·n_ctx·d_attn.
 * - `chinchilla`: Hoffmann 2022 App. F: embeddings, QKV, logits, softmax, values, output,
 *   dense and final logits counted in full (no causal halving).
 * - `megatron`: the MFU convention of Megatron-LM and MaxText: every GEMM counted as
 *   3 × 2 × its weights (QKV and output projections, the active MLP path, the output head;
 *   no embedding lookup, norms or biases), and the attention scores and context counted for
 *   half the sequence because the causal mask zeroes the other half:
 *   6·N_gemm + 6·L·H·Q·T, i.e. PaLM's 12·L·H·Q·T halved. Sources:
 *   NVIDIA/Megatron-LM@d98e8a64ddf34856e74b24714e3bedb2f5a39553:megatron/training/training.py
 *   `num_floating_point_operations` (`standard_self_attn_core_term` = 3·2·Q/2·2 per token per
 *   position; logits 3·2·h·padded_vocab) and
 *   AI-Hypercomputer/maxtext@e591f30cbbf217ed67ef71263ec0538239f9c3b8:src/maxtext/utils/maxtext_utils.py
 *   `calculate_tflops_training_per_device` (`causal_attention_flops = noncausal / 2`;
 *   `embedding_flops` counts the unembedding only). MaxText also counts the MoE router GEMM
 *   (2·d·E forward), included here; Megatron-LM leaves it out (under 0.1% of a layer).
 */
export type FlopConvention = '6N' | 'palm' | 'kaplan' | 'chinchilla' | 'megatron';

export const FLOP_CONVENTIONS: Readonly<
  Record<FlopConvention, { readonly name: string; readonly short: string; readonly formula: string; readonly citation: string }>
> = {
  '6N': {
    name: '6N',
    short: '6N',
    formula: 'C = 6·N·D (N = total or MoE-active parameters, embeddings included)',
    citation: 'Kaplan et al. 2020 §2.1; Hoffmann et al. 2022 §3.3',
  },
  palm: { name: 'PaLM (6N + 12LHQT)', short: 'PaLM', formula: 'C = (6·N_matmul + 12·L·H·Q·T)·D', citation: 'Chowdhery et al. 2022 (PaLM), App. B' },
  kaplan: {
    name: 'Kaplan (6N + 6·L·n_ctx·d_attn)',
    short: 'Kaplan',
    formula: 'C = (6·N_non-emb + 6·L·n_ctx·d_attn)·D',
    citation: 'Kaplan et al. 2020, Table 1',
  },
  chinchilla: { name: 'Chinchilla App. F', short: 'Chinchilla', formula: 'C = 3·(forward FLOPs of App. F)·D', citation: 'Hoffmann et al. 2022, App. F' },
  megatron: {
    name: 'Megatron/MaxText (causal attention halved)',
    short: 'Megatron',
    formula: 'C = (6·N_gemm + 6·L·H·Q·T)·D',
    citation: 'NVIDIA/Megatron-LM training.py num_floating_point_operations; MaxText calculate_tflops_training_per_device',
  },
};

/**
 * Keys one query attends to, summed over the layers, counted as PaLM, Kaplan and Chinchilla count
 * the attention core (every query against the whole context T): T in a full-attention layer,
 * min(T, window) in a sliding-window layer. L·T without sliding windows.
 */
export function keysPerQuery(a: Architecture, seqLen: number = a.seqLen): number {
  const local = a.slidingWindow ? Math.min(a.slidingWindow.layers, a.layers) : 0;
  return (a.layers - local) * seqLen + local * Math.min(seqLen, a.slidingWindow?.window ?? seqLen);
}

/**
 * Keys one query attends to under the causal mask, on average over the sequence, summed over
 * the layers (Megatron-LM's and MaxText's causal halving): T/2 in a full-attention layer; in a
 * window w < T, query i sees min(i, w) keys, on average w − w²/(2T) (MaxText
 * calculate_tflops_training_per_device counts local layers the same way, over the window).
 */
export function causalKeysPerQuery(a: Architecture, seqLen: number = a.seqLen): number {
  const local = a.slidingWindow ? Math.min(a.slidingWindow.layers, a.layers) : 0;
  const w = a.slidingWindow?.window ?? seqLen;
  const windowed = w < seqLen ? w - (w * w) / (2 * seqLen) : seqLen / 2;
  return (a.layers - local) * (seqLen / 2) + local * windowed;
}

/**
 * Width of the attention core per token and layer, as the conventions' H·Q: QKᵀ runs over the
 * query/key width and scores·V over the value width, so the core costs 2·T·(Σ qk + Σ v) forward
 * = 4·T·width. Standard attention: heads × head_dim. Multi-head latent attention: its query/key
 * heads (nope + rope, 192 in DeepSeek-V3) are wider than its value heads (128), so the width is
 * heads × (qk + v) / 2, as Megatron-LM's `num_floating_point_operations` counts MLA's core.
 */
export function attentionCoreWidth(a: Architecture): number {
  if (a.mla) return (a.heads * (a.mla.qkNopeHeadDim + a.mla.qkRopeHeadDim + a.mla.vHeadDim)) / 2;
  return a.heads * a.headDim;
}

/**
 * Matmul FLOPs of one layer's attention projections (QKV and output), forward, per token: twice
 * the projection weights. MLA's low-rank query and key/value paths are far smaller than dense
 * projections of the same head widths (DeepSeek-V3: 187M weights per layer against 704M), so
 * they are counted from their own weights (norm weights included, as Megatron-LM counts them).
 */
function projectionFlops(a: Architecture): number {
  if (a.mla) return 2 * mlaParams(a);
  const q = a.heads * a.headDim;
  return 2 * a.dModel * (q + 2 * a.kvHeads * a.headDim) + 2 * q * a.dModel;
}

/** Matmul FLOPs of the active MLP path of one layer, forward, per token. */
function forwardMlpFlops(a: Architecture, moeLayer: boolean): number {
  const matrices = a.mlp === 'glu' ? 3 : 2;
  const d = a.dModel;
  const moe = a.moe;
  if (!moeLayer || !moe) return 2 * matrices * d * a.ffn;
  const routed = moe.topK * 2 * matrices * d * moe.expertFfn;
  const shared = moe.sharedExperts * 2 * matrices * d * (moe.sharedFfn ?? moe.expertFfn);
  return routed + shared + 2 * d * moe.experts + (moe.residualCoefficient ? 2 * d * 2 : 0);
}

export function flopsPerToken(a: Architecture, counts: ParamCounts, convention: FlopConvention): number {
  const attnWidth = attentionCoreWidth(a);
  switch (convention) {
    case '6N':
      return 6 * counts.active;
    case 'palm': {
      const matmulParams = counts.activeNonEmbedding + a.vocab * a.dModel;
      return 6 * matmulParams + 12 * attnWidth * keysPerQuery(a);
    }
    case 'kaplan':
      return 6 * counts.activeNonEmbedding + 6 * attnWidth * keysPerQuery(a);
    case 'chinchilla': {
      const d = a.dModel;
      // QKV and output projections; QK logits, softmax, softmax @ V over every key a query sees.
      const qk = a.mla ? a.heads * (a.mla.qkNopeHeadDim + a.mla.qkRopeHeadDim) : a.heads * a.headDim;
      const v = a.mla ? a.heads * a.mla.vHeadDim : a.heads * a.headDim;
      const perLayer = projectionFlops(a);
      const core = (2 * qk + 3 * a.heads + 2 * v) * keysPerQuery(a);
      const moeLayers = moeLayerCount(a);
      const mlp = (a.layers - moeLayers) * forwardMlpFlops(a, false) + (moeLayers > 0 ? moeLayers * forwardMlpFlops(a, true) : 0);
      // Embeddings and final logits, as App. F counts them.
      const forward = 2 * a.vocab * d + a.layers * perLayer + core + mlp + 2 * d * a.vocab;
      return 3 * forward;
    }
    case 'megatron': {
      const d = a.dModel;
      let forward = 2 * d * a.vocab; // output head (the embedding lookup is a gather: no FLOPs)
      for (let i = 0; i < a.layers; i++) {
        forward += projectionFlops(a);
        forward += forwardMlpFlops(a, isMoeLayer(a, i));
      }
      forward += 4 * attnWidth * causalKeysPerQuery(a); // QK^T and scores·V over the keys a causal query sees: 2 × 2·Q·(T/2)
      return 3 * forward;
    }
  }
}
