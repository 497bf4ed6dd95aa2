// MaxText: the model overlays selected by `model_name` (src/maxtext/configs/models/<name>.yml)
// and the base.yml defaults the readers need. Only the keys that change a parameter count or
// a token count are kept; every entry cites the file version read.

/** The architecture keys of a models/<name>.yml overlay. */
export interface MaxtextModel {
  readonly base_emb_dim: number;
  readonly base_num_query_heads: number;
  readonly base_num_kv_heads: number;
  readonly base_mlp_dim: number;
  readonly base_num_decoder_layers: number;
  readonly head_dim: number;
  readonly mlp_activations: readonly string[];
  readonly vocab_size: number;
  readonly logits_via_embedding: boolean;
  readonly decoder_block: string;
  readonly num_experts?: number;
  readonly num_experts_per_tok?: number;
  readonly base_moe_mlp_dim?: number;
  /** AI-Hypercomputer/maxtext@<commit> src/maxtext/configs/models/<name>.yml */
  readonly source: string;
  /** Published exact total (docs/published-runs.md#exact-parameter-counts), to test the mapping against. */
  readonly publishedParams?: number;
}

const SILU = ['silu', 'linear'] as const;
const GELU = ['gelu', 'linear'] as const;
const at = (commit: string, name: string) => `AI-Hypercomputer/maxtext@${commit} src/maxtext/configs/models/${name}.yml`;

const llama = (emb: number, heads: number, kv: number, mlp: number, layers: number, vocab: number, source: string, publishedParams?: number): MaxtextModel => ({
  base_emb_dim: emb,
  base_num_query_heads: heads,
  base_num_kv_heads: kv,
  base_mlp_dim: mlp,
  base_num_decoder_layers: layers,
  head_dim: 128,
  mlp_activations: SILU,
  vocab_size: vocab,
  logits_via_embedding: false,
  decoder_block: 'llama2',
  source,
  ...(publishedParams !== undefined ? { publishedParams } : {}),
});

export const MAXTEXT_MODELS: Readonly<Record<string, MaxtextModel>> = {
  'llama2-7b': llama(4096, 32, 32, 11008, 32, 32000, at('7c7f628', 'llama2-7b'), 6_738_415_616),
  'llama2-13b': llama(5120, 40, 40, 13824, 40, 32000, at('5505348', 'llama2-13b'), 13_015_864_320),
  'llama2-70b': llama(8192, 64, 8, 28672, 80, 32000, at('5505348', 'llama2-70b'), 68_976_648_192),
  'llama3-8b': llama(4096, 32, 8, 14336, 32, 128256, at('75264ef', 'llama3-8b'), 8_030_261_248),
  'llama3-70b': llama(8192, 64, 8, 28672, 80, 128256, at('8fe4688', 'llama3-70b'), 70_553_706_496),
  'llama3-405b': llama(16384, 128, 8, 53248, 126, 128256, at('5505348', 'llama3-405b'), 405_853_388_800),
  'llama3.1-8b': llama(4096, 32, 8, 14336, 32, 128256, at('92b299e', 'llama3.1-8b'), 8_030_261_248),
  'llama3.1-70b': llama(8192, 64, 8, 28672, 80, 128256, at('6aa8b84', 'llama3.1-70b'), 70_553_706_496),
  'llama3.1-405b': llama(16384, 128, 8, 53248, 126, 128256, at('3e7d8b8', 'llama3.1-405b'), 405_853_388_800),
  'mistral-7b': { ...llama(4096, 32, 8, 14336, 32, 32000, at('3e7d8b8', 'mistral-7b'), 7_241_732_096), decoder_block: 'mistral' },
  'mixtral-8x7b': {
    ...llama(4096, 32, 8, 14336, 32, 32000, at('75264ef', 'mixtral-8x7b'), 46_702_792_704),
    decoder_block: 'mixtral',
    num_experts: 8,
    num_experts_per_tok: 2,
    base_moe_mlp_dim: 14336,
  },
  'mixtral-8x22b': {
    ...llama(6144, 48, 8, 16384, 56, 32768, at('6aa8b84', 'mixtral-8x22b')),
    decoder_block: 'mixtral',
    num_experts: 8,
    num_experts_per_tok: 2,
    base_moe_mlp_dim: 16384,
  },
  // Gemma: GeGLU, head_dim 256, tied embeddings; MaxText allocates 256128 vocabulary rows.
  'gemma-2b': {
    base_emb_dim: 2048,
    base_num_query_heads: 8,
    base_num_kv_heads: 1,
    base_mlp_dim: 16384,
    base_num_decoder_layers: 18,
    head_dim: 256,
    mlp_activations: GELU,
    vocab_size: 256128,
    logits_via_embedding: true,
    decoder_block: 'gemma',
    source: at('5505348', 'gemma-2b'),
  },
  'gemma-7b': {
    base_emb_dim: 3072,
    base_num_query_heads: 16,
    base_num_kv_heads: 16,
    base_mlp_dim: 24576,
    base_num_decoder_layers: 28,
    head_dim: 256,
    mlp_activations: GELU,
    vocab_size: 256128,
    logits_via_embedding: true,
    decoder_block: 'gemma',
    source: at('5505348', 'gemma-7b'),
  },
};

export function findMaxtextModel(name: string): MaxtextModel | undefined {
  const key = name.trim();
  return Object.prototype.hasOwnProperty.call(MAXTEXT_MODELS, key) ? MAXTEXT_MODELS[key] : undefined;
}

/**
 * base.yml values used when neither the file nor the model overlay sets a key:
 * AI-Hypercomputer/maxtext@e591f30 src/maxtext/configs/base.yml (the same values at 000b810).
 */
export const MAXTEXT_BASE = {
  source: 'AI-Hypercomputer/maxtext@e591f30 src/maxtext/configs/base.yml',
  base_emb_dim: 2048,
  base_num_query_heads: 16,
  base_num_kv_heads: 16,
  base_mlp_dim: 7168,
  base_num_decoder_layers: 16,
  head_dim: 128,
  mlp_activations: SILU as readonly string[],
  vocab_size: 32000,
  logits_via_embedding: false,
  decoder_block: 'llama2',
  num_experts: 1,
  num_experts_per_tok: 1,
  base_moe_mlp_dim: -1,
  first_num_dense_layers: 0,
  shared_experts: 0,
  global_parameter_scale: 1,
  per_device_batch_size: 12.0,
  max_target_length: 2048,
  steps: 150_001,
  gradient_accumulation_steps: 1,
  learning_rate: 3e-5,
  dtype: 'bfloat16',
  weight_dtype: 'float32',
} as const;

/**
 * What a decoder block adds to the Llama-style layer (RMSNorm pre-norm, no biases), read from
 * AI-Hypercomputer/maxtext@e591f30 src/maxtext/models/<block>.py and layers/attentions.py.
 */
export interface MaxtextBlock {
  /** Transformer layers per MaxText decoder layer: gemma2.py merges a local and a global layer into one (base_num_decoder_layers is half the real count). */
  readonly layersPerDecoderLayer?: number;
  /** Post-attention and post-FFW norms, present when use_post_attn_norm / use_post_ffw_norm are true (base.yml: false). */
  readonly postNorms?: boolean;
  /**
   * Per-head q/k RMSNorm over head_dim (attentions.py): `always` where the block passes
   * use_qk_norm=True (gemma3.py), `config` where it passes the use_qk_norm key (qwen2/3). Llama 4's
   * qk norm is a parameter-free L2 norm.
   */
  readonly qkNorm?: 'always' | 'config';
  /**
   * Over what the q/k norm normalizes: each head's head_dim (RMSNorm), or all heads at once
   * (GlobalRMSNorm over heads × head_dim, which attentions.py picks for model names starting
   * "olmo3": every olmo3 config is launched under one). Default per-head.
   */
  readonly qkNormWidth?: 'per-head' | 'full';
  /** Sliding-window layers: the first `local` of every `cycle` layers (gemma2: local, global; gemma3.py GEMMA3_ATTENTION_PATTERN: five local, one global). */
  readonly sliding?: { readonly cycle: number; readonly local: number };
}

/** Decoder blocks counted exactly; any other is counted as a Llama-style block and said to be approximate. */
export const MAXTEXT_BLOCKS: Readonly<Record<string, MaxtextBlock>> = {
  llama2: {},
  mistral: {},
  mixtral: {},
  gemma: {},
  gpt3: {},
  gemma2: { layersPerDecoderLayer: 2, postNorms: true, sliding: { cycle: 2, local: 1 } },
  gemma3: { postNorms: true, qkNorm: 'always', sliding: { cycle: 6, local: 5 } },
  qwen2: { qkNorm: 'config' },
  qwen3: { qkNorm: 'config' },
  qwen3_moe: { qkNorm: 'config' },
  llama4: {},
  // deepseek.py: Llama-style norms, multi-head latent attention (attention_type mla), dense first layers then routed + shared experts.
  deepseek: {},
  // envy.py: a post-FFW norm when use_post_ffw_norm (its post-attention norm is the pre-MLP one), routed experts on interleaved layers.
  envy: { postNorms: true, qkNorm: 'config' },
  // gpt_oss.py: Llama-style norms, alternating sliding-window and global layers (GPT_OSS_ATTENTION_PATTERN);
  // its attention sinks (attention_sink), expert biases (mlp_bias) and router bias (routed_bias) are config keys.
  gpt_oss: { sliding: { cycle: 2, local: 1 } },
  // olmo3.py: norms after attention and MLP instead of before (the same count), a global q/k norm,
  // three sliding-window layers then a global one (OLMO3_ATTENTION_PATTERN).
  olmo3: { qkNorm: 'config', qkNormWidth: 'full', sliding: { cycle: 4, local: 3 } },
};

/**
 * Keys that change a block's shapes in ways the Architecture model does not express
 * (qwen3_custom_moe's narrower attention output and expert input): set to a positive value,
 * the parameters are not counted rather than guessed. base.yml: -1.
 */
export const MAXTEXT_UNMODELLED_SHAPE_KEYS: readonly string[] = ['attention_output_dim', 'moe_expert_input_dim'];

/**
 * `global_parameter_scale` (a power of 2) doubles, in rotation, the heads and MLP width, the
 * embedding width, then the layers (pyconfig `get_individual_scales`). Returns log2 factors.
 */
export function maxtextScales(scale: number): { emb: number; heads: number; mlp: number; layers: number } | null {
  if (!(scale >= 1) || !Number.isFinite(scale)) return null;
  const log2 = Math.floor(Math.log2(scale));
  if (2 ** log2 !== scale) return null;
  const base = Math.floor(log2 / 3);
  const rem = log2 % 3;
  const heads = base + (rem > 0 ? 1 : 0);
  return { emb: base + (rem > 1 ? 1 : 0), heads, mlp: heads, layers: base };
}
