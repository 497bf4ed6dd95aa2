// torchtitan model flavors: `[model] name` + `flavor` in a train config select one of these.
//
// Source: pytorch/torchtitan torchtitan/models/llama3/__init__.py (`llama3_configs`, read at
// 00f555e; the same numbers as `llama3_args` in the TOML era, e.g. torchtitan@238fa99) and
// torchtitan/models/llama3/model/args.py@0803909 (TransformerModelArgs defaults: vocab_size
// 128256, multiple_of 256, n_kv_heads = n_heads). RMSNorm, SwiGLU, RoPE, untied output, no
// biases. The 1B and 3B flavors (tied embeddings) and the dense Qwen3 flavors come from
// pytorch/torchtitan@b5bcd76 torchtitan/models/llama3/__init__.py (`_1b`, `_3b`) and
// torchtitan/models/qwen3/__init__.py (`_0_6b` … `_32b`: explicit hidden_dim, head_dim 128,
// per-head RMSNorm on q and k, `enable_weight_tying` up to 4B), and the Qwen3-MoE flavors
// (`debugmodel_moe`, `30B-A3B`, `235B-A22B`) from the same file. The other model families of
// that commit (deepseek_v3, gpt_oss, kimi_k2_7, muse_glimmer, qwen3_5, flux) are not listed:
// a config naming them gets `unknown-model` and no count.

export interface TorchtitanFlavor {
  readonly dim: number;
  readonly nLayers: number;
  readonly nHeads: number;
  /** Undefined: = nHeads. */
  readonly nKvHeads?: number;
  /** Undefined: TransformerModelArgs default 128256 (the Llama 3 tokenizer). */
  readonly vocabSize?: number;
  readonly multipleOf: number;
  readonly ffnDimMultiplier?: number;
  /** An explicit FeedForward width (Qwen3); otherwise computed from dim, multiple_of and the multiplier. */
  readonly hiddenDim?: number;
  /** Undefined: dim / n_heads. */
  readonly headDim?: number;
  /** `enable_weight_tying=True`: the output projection shares the embedding. */
  readonly tied?: boolean;
  /** RMSNorm over each head of q and k (Qwen3). */
  readonly qkNorm?: 'per-head';
  /** Published exact total, to test against (docs/published-runs.md#exact-parameter-counts). */
  readonly publishedParams?: number;
  /** Every layer's FFN is a routed MoE (Qwen3-MoE): experts of `hiddenDim` width, no shared expert, a d × E router without bias. */
  readonly moe?: { readonly experts: number; readonly topK: number };
}

export const TORCHTITAN_DEFAULT_VOCAB = 128256;

const LLAMA3: Readonly<Record<string, TorchtitanFlavor>> = {
  // vocab 2048 in llama3_configs@00f555e; older versions used 2000 or the tokenizer's size.
  debugmodel: { dim: 256, nLayers: 6, nHeads: 16, vocabSize: 2048, multipleOf: 256 },
  // Llama 3.2 1B / 3B (published totals with tied embeddings).
  '1B': { dim: 2048, nLayers: 16, nHeads: 32, nKvHeads: 8, multipleOf: 1024, ffnDimMultiplier: 1.5, tied: true, publishedParams: 1_235_814_400 },
  '3B': { dim: 3072, nLayers: 28, nHeads: 24, nKvHeads: 8, multipleOf: 1024, ffnDimMultiplier: 1.0, tied: true, publishedParams: 3_212_749_824 },
  '8B': { dim: 4096, nLayers: 32, nHeads: 32, nKvHeads: 8, multipleOf: 1024, ffnDimMultiplier: 1.3, publishedParams: 8_030_261_248 },
  '70B': { dim: 8192, nLayers: 80, nHeads: 64, nKvHeads: 8, multipleOf: 4096, ffnDimMultiplier: 1.3, publishedParams: 70_553_706_496 },
  '405B': { dim: 16384, nLayers: 126, nHeads: 128, nKvHeads: 8, multipleOf: 4096, ffnDimMultiplier: 1.2, publishedParams: 405_853_388_800 },
};

const QWEN3_VOCAB = 151936;
const qwen3 = (dim: number, nLayers: number, nHeads: number, hiddenDim: number, tied: boolean, vocabSize = QWEN3_VOCAB): TorchtitanFlavor => ({
  dim,
  nLayers,
  nHeads,
  nKvHeads: 8,
  headDim: 128,
  hiddenDim,
  vocabSize,
  multipleOf: 1,
  tied,
  qkNorm: 'per-head',
});

/**
 * Qwen3-MoE (`_build_qwen3_moe_layers` in torchtitan/models/qwen3/__init__.py@b5bcd76): 4 KV
 * heads (8 in the debug model), every layer MoE with `moe_hidden_dim`-wide routed experts, no
 * shared expert, softmax router without bias, untied output.
 */
const qwen3Moe = (
  dim: number,
  nLayers: number,
  nHeads: number,
  nKvHeads: number,
  moeHiddenDim: number,
  experts: number,
  vocabSize = QWEN3_VOCAB,
): TorchtitanFlavor => ({
  ...qwen3(dim, nLayers, nHeads, moeHiddenDim, false, vocabSize),
  nKvHeads,
  moe: { experts, topK: 8 },
});

const QWEN3: Readonly<Record<string, TorchtitanFlavor>> = {
  debugmodel: qwen3(256, 8, 16, 3072, true, 2048),
  debugmodel_non_fused_qkv: qwen3(256, 8, 16, 3072, true, 2048),
  '0.6B': qwen3(1024, 28, 16, 3072, true),
  '1.7B': qwen3(2048, 28, 16, 6144, true),
  '4B': qwen3(2560, 36, 32, 9728, true),
  '8B': qwen3(4096, 36, 32, 12288, false),
  '14B': qwen3(5120, 40, 40, 17408, false),
  '32B': qwen3(5120, 64, 64, 25600, false),
  debugmodel_moe: qwen3Moe(256, 8, 16, 8, 768, 64, 2048),
  // Qwen/Qwen3-30B-A3B and Qwen3-235B-A22B config.json describe the same shapes.
  '30B-A3B': qwen3Moe(2048, 48, 32, 4, 768, 128),
  '235B-A22B': qwen3Moe(4096, 94, 64, 4, 1536, 128),
};

/** `[model] name` -> flavors. */
export const TORCHTITAN_MODELS: Readonly<Record<string, Readonly<Record<string, TorchtitanFlavor>>>> = {
  llama3: LLAMA3,
  qwen3: QWEN3,
};

/** Variant flavors share the architecture of their base (`8B_flex`, `debugmodel_flex_attn`, `8B_varlen`). */
const VARIANT = /^(.*?)_(flex|flex_attn|varlen|varlen_attn)$/;

export function findTorchtitanFlavor(name: string, flavor: string): { flavor: TorchtitanFlavor; base: string } | undefined {
  const table = Object.hasOwn(TORCHTITAN_MODELS, name) ? TORCHTITAN_MODELS[name] : undefined;
  if (!table) return undefined;
  const direct = Object.prototype.hasOwnProperty.call(table, flavor) ? table[flavor] : undefined;
  if (direct) return { flavor: direct, base: flavor };
  const base = VARIANT.exec(flavor)?.[1];
  const variant = base !== undefined && Object.prototype.hasOwnProperty.call(table, base) ? table[base] : undefined;
  return variant && base !== undefined ? { flavor: variant, base } : undefined;
}

/**
 * FeedForward hidden width (torchtitan FeedForward / compute_ffn_hidden_dim): int(2·4·dim/3),
 * times ffn_dim_multiplier (truncated), rounded up to a multiple of multiple_of.
 * 8B: 10922 → 14198 → 14336.
 */
export function torchtitanFfnDim(dim: number, multipleOf: number, ffnDimMultiplier?: number): number {
  let hidden = Math.trunc((2 * (4 * dim)) / 3);
  if (ffnDimMultiplier !== undefined) hidden = Math.trunc(ffnDimMultiplier * hidden);
  return multipleOf * Math.ceil(hidden / multipleOf);
}

/** The FeedForward width of a flavor: explicit (Qwen3) or computed (Llama). */
export function torchtitanFlavorFfn(fl: TorchtitanFlavor): number {
  return fl.hiddenDim ?? torchtitanFfnDim(fl.dim, fl.multipleOf, fl.ffnDimMultiplier);
}
