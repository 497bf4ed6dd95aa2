// torchtitan model flavors: `[model] name` + `flavor` in a train config select one of these.
//
// Source: pytorch/torchtitan torchtitan/models/llama3/__init__.py (`llama3_configs`, read at
// 00f555e; the same numbers as `llama3_args` in the TOML era, e.g. torchtitan@238fa99) and
// torchtitan/models/llama3/model/args.py@0803909 (TransformerModelArgs defaults: vocab_size
// 128256, multiple_of 256, n_kv_heads = n_heads). RMSNorm, SwiGLU, RoPE, untied output, no
// biases. MoE flavors (llama4, deepseek_v3, qwen3) are not listed: their expert widths are
// derived in ways not verified here.

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
  /** Published exact total, to test against (science.md §7). */
  readonly publishedParams?: number;
}

export const TORCHTITAN_DEFAULT_VOCAB = 128256;

const LLAMA3: Readonly<Record<string, TorchtitanFlavor>> = {
  // vocab 2048 in llama3_configs@00f555e; older versions used 2000 or the tokenizer's size.
  debugmodel: { dim: 256, nLayers: 6, nHeads: 16, vocabSize: 2048, multipleOf: 256 },
  '8B': { dim: 4096, nLayers: 32, nHeads: 32, nKvHeads: 8, multipleOf: 1024, ffnDimMultiplier: 1.3, publishedParams: 8_030_261_248 },
  '70B': { dim: 8192, nLayers: 80, nHeads: 64, nKvHeads: 8, multipleOf: 4096, ffnDimMultiplier: 1.3, publishedParams: 70_553_706_496 },
  '405B': { dim: 16384, nLayers: 126, nHeads: 128, nKvHeads: 8, multipleOf: 4096, ffnDimMultiplier: 1.2, publishedParams: 405_853_388_800 },
};

/** `[model] name` -> flavors. */
export const TORCHTITAN_MODELS: Readonly<Record<string, Readonly<Record<string, TorchtitanFlavor>>>> = {
  llama3: LLAMA3,
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
