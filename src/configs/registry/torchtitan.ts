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
// (`debugmodel_moe`, `30B-A3B`, `235B-A22B`) from the same file. DeepSeek-V3 and gpt-oss
// flavors (torchtitan/models/deepseek_v3/__init__.py, gpt_oss/__init__.py at b5bcd76) are given as
// the config.json keys of the Hugging Face model torchtitan builds the same way, and counted by
// the HF counter, as is Kimi's text-only Moonlight flavor. The other families and flavors of that
// commit (Kimi's and qwen3_5's vision towers, qwen3_5's linear-attention layers; muse_glimmer,
// flux) are not counted: TORCHTITAN_NOT_COUNTED says why, on the config's model line.

import type { HfConfigDict } from './hf';

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

/**
 * A flavor torchtitan builds as the Hugging Face model of the same kind is built: counted from
 * these config.json keys. Each key's torchtitan line is cited at the table.
 */
export interface TorchtitanHfFlavor {
  readonly hf: HfConfigDict;
  /** Exact total of torchtitan's module (`model.parameters()`), to test against. */
  readonly publishedParams?: number;
  /**
   * torchtitan keeps the MoE load-balancing bias as a buffer (`expert_bias_E`,
   * torchtitan/models/common/moe.py), not a parameter as transformers' e_score_correction_bias is.
   */
  readonly expertBiasIsBuffer?: boolean;
}

export type TorchtitanEntry = TorchtitanFlavor | TorchtitanHfFlavor;

export const TORCHTITAN_DEFAULT_VOCAB = 128256;

/** The Llama 3 flavors (the config writer names the nearest one). */
export const LLAMA3: Readonly<Record<string, TorchtitanFlavor>> = {
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

/**
 * DeepSeek-V3 (torchtitan/models/deepseek_v3/__init__.py@b5bcd76, `deepseekv3_configs`, lines
 * 319/389/459/533): MLA with kv_lora_rank 512, q/k nope 128 + rope 64, v 128 (q_lora_rank 0: one
 * wq), pre-norm blocks, the first `n_dense_layers` dense, then MoE layers with shared experts
 * fused into one FFN of n_shared × moe_inter_dim; untied output; no MTP module unless asked
 * (num_mtp_layers 0). "236B" is DeepSeek-V2's shape, "16B" torchtitan's own.
 */
const deepseekV3 = (keys: HfConfigDict, publishedParams: number): TorchtitanHfFlavor => ({
  hf: {
    model_type: 'deepseek_v3',
    kv_lora_rank: 512,
    qk_nope_head_dim: 128,
    qk_rope_head_dim: 64,
    v_head_dim: 128,
    tie_word_embeddings: false,
    num_nextn_predict_layers: 0,
    ...keys,
  },
  publishedParams,
  expertBiasIsBuffer: true,
});

const DEEPSEEK_V3: Readonly<Record<string, TorchtitanHfFlavor>> = {
  // prettier-ignore
  debugmodel: deepseekV3({ hidden_size: 256, num_hidden_layers: 6, num_attention_heads: 16, q_lora_rank: null, intermediate_size: 1024, moe_intermediate_size: 256, n_routed_experts: 8, n_shared_experts: 2, num_experts_per_tok: 3, first_k_dense_replace: 1, vocab_size: 2048 }, 33_014_016),
  // prettier-ignore
  '16B': deepseekV3({ hidden_size: 2048, num_hidden_layers: 27, num_attention_heads: 16, q_lora_rank: null, intermediate_size: 10944, moe_intermediate_size: 1408, n_routed_experts: 64, n_shared_experts: 2, num_experts_per_tok: 6, first_k_dense_replace: 1, vocab_size: 102400 }, 15_706_484_224),
  // prettier-ignore
  '236B': deepseekV3({ hidden_size: 5120, num_hidden_layers: 60, num_attention_heads: 128, q_lora_rank: 1536, intermediate_size: 12288, moe_intermediate_size: 1536, n_routed_experts: 160, n_shared_experts: 2, num_experts_per_tok: 6, first_k_dense_replace: 1, vocab_size: 102400 }, 235_741_434_880),
  // DeepSeek-V3's published 671B (the HF checkpoint adds 14,848 correction-bias values and the MTP layer).
  // prettier-ignore
  '671B': deepseekV3({ hidden_size: 7168, num_hidden_layers: 61, num_attention_heads: 128, q_lora_rank: 1536, intermediate_size: 18432, moe_intermediate_size: 2048, n_routed_experts: 256, n_shared_experts: 1, num_experts_per_tok: 8, first_k_dense_replace: 3, vocab_size: 129280 }, 671_026_404_352),
};

/**
 * Kimi (torchtitan/models/kimi_k2_7/__init__.py@b5bcd76 `_moonlight_16b_a3b_config`, line 273):
 * the DeepSeek-V3 layer builder with Moonlight's shape. Only the text-only Moonlight flavor is
 * listed: debugmodel, Kimi-VL-A3B and Kimi-K2.5 build a vision tower the counter does not model.
 */
const KIMI: Readonly<Record<string, TorchtitanHfFlavor>> = {
  // prettier-ignore
  'moonlight-16B-A3B': deepseekV3({ hidden_size: 2048, num_hidden_layers: 27, num_attention_heads: 16, q_lora_rank: null, intermediate_size: 11264, moe_intermediate_size: 1408, n_routed_experts: 64, n_shared_experts: 2, num_experts_per_tok: 6, first_k_dense_replace: 1, vocab_size: 163840 }, 15_960_108_544),
};

/** Alternating sliding (even layers, window 128) and full attention (gpt_oss/__init__.py line 209). */
const slidingThenFull = (layers: number): readonly string[] => Array.from({ length: layers }, (_, i) => (i % 2 === 0 ? 'sliding_attention' : 'full_attention'));

/**
 * gpt-oss (torchtitan/models/gpt_oss/__init__.py@b5bcd76, lines 249/293/337): 64 heads of 64, 8 KV
 * heads, fused qkv and output projections with biases, one attention sink per head, experts of
 * 2880 with biases on both projections, a router with bias, top-4, untied output.
 */
const gptOss = (hidden: number, layers: number, experts: number, vocab: number, publishedParams: number): TorchtitanHfFlavor => ({
  hf: {
    model_type: 'gpt_oss',
    hidden_size: hidden,
    num_hidden_layers: layers,
    num_attention_heads: 64,
    num_key_value_heads: 8,
    head_dim: 64,
    intermediate_size: 2880,
    num_local_experts: experts,
    num_experts_per_tok: 4,
    vocab_size: vocab,
    tie_word_embeddings: false,
    attention_bias: true,
    sliding_window: 128,
    layer_types: slidingThenFull(layers),
  },
  publishedParams,
});

const GPT_OSS: Readonly<Record<string, TorchtitanHfFlavor>> = {
  debugmodel: gptOss(256, 4, 8, 2048, 81_489_440),
  // openai/gpt-oss-20b and -120b: 20.91B and 116.83B.
  '20b': gptOss(2880, 24, 32, 201088, 20_914_757_184),
  '120b': gptOss(2880, 36, 128, 201088, 116_829_156_672),
};

/**
 * torchtitan families and flavors at b5bcd76 that are not counted, with why, so a config naming
 * one is told that rather than "unknown" (torchtitan/models/<family>/__init__.py).
 */
export const TORCHTITAN_NOT_COUNTED: Readonly<Record<string, { readonly why?: string; readonly flavors?: Readonly<Record<string, string>> }>> = {
  qwen3_5: { why: 'three layers in four are linear-attention (GatedDeltaNet) layers, and every flavor builds a vision tower' },
  flux: { why: 'FLUX is a diffusion image model, not a language model' },
  muse_glimmer: { why: 'its blocks are not modelled' },
  kimi_k2_7: {
    flavors: {
      debugmodel: 'it builds a vision tower beside the text model',
      'Kimi-VL-A3B': 'it builds a vision tower beside the Moonlight text model',
      'Kimi-K2.5': 'it builds a vision tower beside the text model',
    },
  },
};

/** `[model] name` -> flavors. */
export const TORCHTITAN_MODELS: Readonly<Record<string, Readonly<Record<string, TorchtitanEntry>>>> = {
  llama3: LLAMA3,
  qwen3: QWEN3,
  deepseek_v3: DEEPSEEK_V3,
  gpt_oss: GPT_OSS,
  kimi_k2_7: KIMI,
};

/** Variant flavors share the architecture of their base (`8B_flex`, `debugmodel_flex_attn`, `8B_varlen`). */
const VARIANT = /^(.*?)_(flex|flex_attn|varlen|varlen_attn)$/;

export function findTorchtitanFlavor(name: string, flavor: string): { flavor: TorchtitanEntry; base: string } | undefined {
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
