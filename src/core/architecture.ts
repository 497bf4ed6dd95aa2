// A decoder-only transformer described by the few choices that change its parameter count.
// Every reader in configs/ produces one of these; model.ts counts it.

/** How the block's feed-forward is built. `glu`: gated (SwiGLU/GeGLU), three matrices d×F. */
export type MlpKind = 'mlp' | 'glu';

/** `nonparametric`: LayerNorm without affine weights (OLMo 1). */
export type NormKind = 'layernorm' | 'rmsnorm' | 'nonparametric';

/** `learned` adds a positions × d table (GPT-2, MPT); the others add no parameters. */
export type PositionKind = 'learned' | 'rotary' | 'alibi' | 'none';

/**
 * QK-norm weights. `full`: one norm over all query heads and one over all key heads
 * (OLMo 2: q_norm has h·d_h weights, k_norm kv·d_h). `per-head`: one d_h norm shared by heads
 * (Qwen3, Gemma 3).
 */
export type QkNormKind = 'none' | 'full' | 'per-head';

export interface MoeSpec {
  /** Routed experts per MoE layer. */
  readonly experts: number;
  /** Routed experts each token uses. */
  readonly topK: number;
  /** Intermediate width of one routed expert (per matrix). */
  readonly expertFfn: number;
  /** Always-on shared experts per MoE layer (DeepSeek, Qwen-MoE); 0 if none. */
  readonly sharedExperts: number;
  /** Intermediate width of one shared expert; defaults to expertFfn. */
  readonly sharedFfn?: number;
  /** Qwen-MoE gates the shared expert with a d→1 projection. */
  readonly sharedExpertGate?: boolean;
  /** The first k layers keep a dense FFN of width `ffn` (DeepSeek first_k_dense_replace). */
  readonly denseLayers: number;
  /** Every n-th layer (after the dense ones) is MoE; 1 = all (Megatron moe-layer-freq). */
  readonly layerFrequency?: number;
  /**
   * Which layer of each period of `layerFrequency` carries experts (0-based layer i with
   * i % layerFrequency === layerPhase). 0 (the default): the first, as Megatron-LM and DeepSeek
   * place them; DeepSpeed-MoE (`--expert-interval`) puts them on the last.
   */
  readonly layerPhase?: number;
  /**
   * DeepSpeed's residual MoE (PR-MoE, Rajbhandari et al. 2022 §4.1): each MoE layer also runs a
   * dense MLP (counted as one shared expert) and mixes the two through a d → 2 linear layer with
   * bias (deepspeed/moe/layer.py `coefficient`).
   */
  readonly residualCoefficient?: boolean;
  /**
   * Whether the routed experts carry biases; unset: as the dense MLP does (`mlpBias` /
   * `linearBias`). GPT-NeoX's grouped experts are bias-free beside a biased dense MLP
   * (megatron/model/moe_mlp.py ParallelGroupedMLP).
   */
  readonly expertBias?: boolean;
  /** One d-wide bias on each MoE layer's combined expert output (MegaBlocks `moe.py` with bias on). */
  readonly outputBias?: boolean;
  /**
   * A learned bias of one value per routed expert in each MoE layer: gpt-oss's router bias
   * (GptOssTopKRouter.bias) or DeepSeek-V3's e_score_correction_bias (a checkpoint tensor that
   * steers top-k selection).
   */
  readonly routerBias?: boolean;
}

/**
 * Multi-head latent attention (DeepSeek-V2 §2.1, transformers DeepseekV3Attention): queries
 * through a rank-`qLoraRank` bottleneck with its own RMSNorm (or one d×(h·qk) matrix when the
 * rank is 0, i.e. `q_lora_rank: null`), keys and values through a shared rank-`kvLoraRank`
 * latent plus a `qkRopeHeadDim` rotary key shared by all heads.
 */
export interface MlaSpec {
  /** 0 = no query compression (DeepSeek-V2-Lite). */
  readonly qLoraRank: number;
  readonly kvLoraRank: number;
  readonly qkNopeHeadDim: number;
  readonly qkRopeHeadDim: number;
  readonly vHeadDim: number;
}

export interface SlidingWindow {
  /** Keys a query sees at most, itself included. */
  readonly window: number;
  /** How many blocks use it. */
  readonly layers: number;
}

export interface Architecture {
  readonly layers: number;
  readonly dModel: number;
  readonly heads: number;
  /** Key/value heads: = heads for MHA, 1 for MQA, in between for GQA. */
  readonly kvHeads: number;
  /** Per-head width; usually dModel / heads, but stated separately by some models (Gemma, Qwen3). */
  readonly headDim: number;
  /** Per-matrix intermediate width of the dense FFN (for GLU, the width of gate and up each). */
  readonly ffn: number;
  readonly mlp: MlpKind;
  /** Embedding rows as allocated, i.e. the padded vocabulary. */
  readonly vocab: number;
  /** Training sequence length (the attention term of the FLOPs uses it). */
  readonly seqLen: number;
  readonly positions: PositionKind;
  /** Rows of the learned position table (n_positions); seqLen if not given. */
  readonly maxPositions?: number;
  readonly norm: NormKind;
  /** Biases on every linear layer (attention and MLP), as in GPT-2 and Pythia. */
  readonly linearBias: boolean;
  /** Biases on q, k and v only (Qwen2). Ignored when linearBias is set. */
  readonly qkvBias?: boolean;
  readonly qkNorm?: QkNormKind;
  readonly tiedEmbeddings: boolean;
  readonly moe?: MoeSpec;
  /** Bias on the attention output projection alone (GPT-Neo out_proj). Implied by linearBias. */
  readonly outBias?: boolean;
  /** Biases on every MLP and expert matrix alone (GPT-J fc_in/fc_out, gpt-oss experts). Implied by linearBias. */
  readonly mlpBias?: boolean;
  /**
   * d-wide norms per block: 2 by default (before attention and before the MLP); 1 for a
   * parallel block with one shared norm (GPT-J, Phi-2, Falcon-7B); 4 with post-attention and
   * post-MLP norms (Gemma 2/3, GLM-4-0414).
   */
  readonly blockNorms?: number;
  /** A norm after the last block (default true; OPT-350m has none). */
  readonly finalNorm?: boolean;
  /** A norm right after the token embedding (BLOOM word_embeddings_layernorm). */
  readonly embeddingNorm?: boolean;
  /** A vocab-sized bias on the output head (Phi-2, GPT-J, Phi-3.5-MoE). */
  readonly lmHeadBias?: boolean;
  /**
   * Width of the token embedding when it differs from dModel (OPT-350m word_embed_proj_dim):
   * the table is vocab × embedDim and two bias-free projections embedDim↔dModel map it in and out.
   */
  readonly embedDim?: number;
  /** One learned attention-sink logit per query head per layer (gpt-oss `sinks`). */
  readonly attentionSinks?: boolean;
  /** Multi-head latent attention; replaces the q/k/v projections sized by heads, kvHeads and headDim. */
  readonly mla?: MlaSpec;
  /**
   * Sliding-window (local) attention on `layers` of the blocks: each query attends to at most the
   * last `window` tokens; the other blocks attend to the whole context (Mistral-7B-v0.1 every
   * block; Gemma 2 and gpt-oss every other block; Gemma 3 five in six). Changes the attention
   * core's FLOPs and the KV cache, not the parameter count.
   */
  readonly slidingWindow?: SlidingWindow;
  /**
   * Value embeddings (nanochat 2026, karpathy/nanochat@92d63d4 gpt.py): on `layers` of the blocks a
   * vocab × kvHeads·headDim table whose row is mixed into v through a gate of `gateInputs` ×
   * kvHeads weights. The tables are embeddings (lookups); the gates are attention weights.
   */
  readonly valueEmbeddings?: { readonly layers: number; readonly gateInputs: number };
  /** Learned scalars and tiny gates outside the blocks (nanochat resid/x0 lambdas, smear gate, backout), counted as they are. */
  readonly extraParams?: number;
}

/** Experts, widths and layer counts of an MoE or MLA spec: the same order of bound as the fields above. */
const MAX_MOE_VALUE = 100_000_000;

export type ArchitectureProblem = {
  readonly field: keyof Architecture | `moe.${keyof MoeSpec}` | `mla.${keyof MlaSpec}` | `slidingWindow.${keyof SlidingWindow}`;
  readonly message: string;
};

type SizeField = 'layers' | 'dModel' | 'heads' | 'kvHeads' | 'headDim' | 'ffn' | 'vocab' | 'seqLen';
const positiveIntegers: readonly SizeField[] = ['layers', 'dModel', 'heads', 'kvHeads', 'headDim', 'ffn', 'vocab', 'seqLen'];

/**
 * The largest value any field may take: far beyond every published model (the deepest has a few
 * hundred layers, the widest vocabularies ~256K rows, the longest contexts ~10M tokens), and small
 * enough that every count stays an exact integer and no work scales with a value a file states.
 * One rule for every reader: a file saying `num_layers: 1e20` is refused here, not looped over.
 */
export const ARCHITECTURE_LIMITS: Readonly<Record<SizeField, number>> = {
  layers: 100_000,
  dModel: 10_000_000,
  heads: 1_000_000,
  kvHeads: 1_000_000,
  headDim: 1_000_000,
  ffn: 100_000_000,
  vocab: 100_000_000,
  seqLen: 1_000_000_000,
};

/** What makes an architecture impossible to count. Empty when it is countable. */
export function validateArchitecture(a: Architecture): ArchitectureProblem[] {
  const problems: ArchitectureProblem[] = [];
  for (const key of positiveIntegers) {
    const v = a[key];
    if (!Number.isFinite(v) || !Number.isInteger(v) || v <= 0) {
      problems.push({ field: key, message: `${key} must be a positive whole number, got ${String(v)}` });
    } else if (v > ARCHITECTURE_LIMITS[key]) {
      problems.push({ field: key, message: `${key} ${String(v)} is beyond any model (at most ${ARCHITECTURE_LIMITS[key].toLocaleString('en-US')})` });
    }
  }
  if (problems.length === 0 && a.heads % a.kvHeads !== 0) {
    problems.push({ field: 'kvHeads', message: `${a.heads} attention heads cannot be split evenly into ${a.kvHeads} key/value groups` });
  }
  if (a.maxPositions !== undefined && (!Number.isInteger(a.maxPositions) || a.maxPositions <= 0)) {
    problems.push({ field: 'maxPositions', message: `maxPositions must be a positive whole number, got ${String(a.maxPositions)}` });
  }
  if (a.blockNorms !== undefined && (!Number.isInteger(a.blockNorms) || a.blockNorms < 0 || a.blockNorms > 4)) {
    problems.push({ field: 'blockNorms', message: `blockNorms must be a whole number from 0 to 4, got ${String(a.blockNorms)}` });
  }
  if (a.embedDim !== undefined && (!Number.isInteger(a.embedDim) || a.embedDim <= 0)) {
    problems.push({ field: 'embedDim', message: `embedDim must be a positive whole number, got ${String(a.embedDim)}` });
  }
  const sw = a.slidingWindow;
  if (sw) {
    if (!Number.isInteger(sw.window) || sw.window < 1 || sw.window > MAX_MOE_VALUE)
      problems.push({ field: 'slidingWindow.window', message: `the attention window must be a whole number from 1 to 100,000,000, got ${String(sw.window)}` });
    if (!Number.isInteger(sw.layers) || sw.layers < 0 || sw.layers > a.layers)
      problems.push({ field: 'slidingWindow.layers', message: `${String(sw.layers)} sliding-window layers in a model of ${a.layers}` });
  }
  const mla = a.mla;
  if (mla) {
    for (const [field, min] of [
      ['qLoraRank', 0],
      ['kvLoraRank', 1],
      ['qkNopeHeadDim', 0],
      ['qkRopeHeadDim', 0],
      ['vHeadDim', 1],
    ] as const) {
      const v = mla[field];
      if (!Number.isInteger(v) || v < min) problems.push({ field: `mla.${field}`, message: `${field} must be a whole number ≥ ${min}, got ${String(v)}` });
      else if (v > MAX_MOE_VALUE)
        problems.push({ field: `mla.${field}`, message: `${field} ${String(v)} is beyond any model (at most ${MAX_MOE_VALUE.toLocaleString('en-US')})` });
    }
    if (mla.qkNopeHeadDim + mla.qkRopeHeadDim <= 0)
      problems.push({ field: 'mla.qkNopeHeadDim', message: 'the query/key head width (qk_nope_head_dim + qk_rope_head_dim) must be positive' });
    if (a.linearBias || a.qkvBias || a.outBias) problems.push({ field: 'mla', message: 'biases on multi-head latent attention projections are not modelled' });
  }
  const moe = a.moe;
  if (moe) {
    const check = (field: keyof MoeSpec, v: number | undefined, min: number) => {
      if (v === undefined) return;
      if (!Number.isInteger(v) || v < min) problems.push({ field: `moe.${field}`, message: `${field} must be a whole number ≥ ${min}, got ${String(v)}` });
      else if (v > MAX_MOE_VALUE)
        problems.push({ field: `moe.${field}`, message: `${field} ${String(v)} is beyond any model (at most ${MAX_MOE_VALUE.toLocaleString('en-US')})` });
    };
    check('experts', moe.experts, 1);
    check('topK', moe.topK, 1);
    check('expertFfn', moe.expertFfn, 1);
    check('sharedExperts', moe.sharedExperts, 0);
    check('sharedFfn', moe.sharedFfn, 1);
    check('denseLayers', moe.denseLayers, 0);
    check('layerFrequency', moe.layerFrequency, 1);
    check('layerPhase', moe.layerPhase, 0);
    if (Number.isInteger(moe.layerPhase) && moe.layerPhase! >= (moe.layerFrequency ?? 1)) {
      problems.push({ field: 'moe.layerPhase', message: `layer phase ${moe.layerPhase} must be below the layer frequency ${moe.layerFrequency ?? 1}` });
    }
    if (Number.isInteger(moe.topK) && Number.isInteger(moe.experts) && moe.topK > moe.experts) {
      problems.push({ field: 'moe.topK', message: `top-k (${moe.topK}) cannot exceed the number of experts (${moe.experts})` });
    }
    if (Number.isInteger(moe.denseLayers) && moe.denseLayers > a.layers) {
      problems.push({ field: 'moe.denseLayers', message: `${moe.denseLayers} dense layers exceed the ${a.layers} layers of the model` });
    }
  }
  return problems;
}
