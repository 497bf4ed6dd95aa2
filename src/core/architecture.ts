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
}

/** Experts, widths and layer counts of an MoE spec: the same order of bound as the fields above. */
const MAX_MOE_VALUE = 100_000_000;

export type ArchitectureProblem = { readonly field: keyof Architecture | `moe.${keyof MoeSpec}`; readonly message: string };

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
  const moe = a.moe;
  if (moe) {
    const check = (field: keyof MoeSpec, v: number | undefined, min: number) => {
      if (v === undefined) return;
      if (!Number.isInteger(v) || v < min) problems.push({ field: `moe.${field}`, message: `${field} must be a whole number ≥ ${min}, got ${String(v)}` });
      else if (v > MAX_MOE_VALUE) problems.push({ field: `moe.${field}`, message: `${field} ${String(v)} is beyond any model (at most ${MAX_MOE_VALUE.toLocaleString('en-US')})` });
    };
    check('experts', moe.experts, 1);
    check('topK', moe.topK, 1);
    check('expertFfn', moe.expertFfn, 1);
    check('sharedExperts', moe.sharedExperts, 0);
    check('sharedFfn', moe.sharedFfn, 1);
    check('denseLayers', moe.denseLayers, 0);
    check('layerFrequency', moe.layerFrequency, 1);
    if (Number.isInteger(moe.topK) && Number.isInteger(moe.experts) && moe.topK > moe.experts) {
      problems.push({ field: 'moe.topK', message: `top-k (${moe.topK}) cannot exceed the number of experts (${moe.experts})` });
    }
    if (Number.isInteger(moe.denseLayers) && moe.denseLayers > a.layers) {
      problems.push({ field: 'moe.denseLayers', message: `${moe.denseLayers} dense layers exceed the ${a.layers} layers of the model` });
    }
  }
  return problems;
}
