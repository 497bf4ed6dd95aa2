// Per model_type, the layer layout that a Hugging Face config.json does not spell out: norm kind,
// gated MLP, which projections carry biases, tied head, MoE and attention variants. Read from
// huggingface/transformers src/transformers/models/<type>/{configuration,modeling}_<type>.py.
// hfArchitecture.ts applies these rules to a config's keys.

import type { MlpKind, NormKind, PositionKind, QkNormKind } from '../../core/architecture';

export type BiasRule =
  /** No biases anywhere. */
  | 'none'
  /** q, k and v biased, o not (Qwen2Attention hard-codes it). */
  | 'qkv'
  /** Every linear layer biased (GPT-2 Conv1D, BLOOM, Phi-1/2). */
  | 'all'
  /** `attention_bias` (q, k, v and o) and `mlp_bias` keys, both default false (Llama, OLMo, Gemma, Qwen3, Granite, Nemotron). */
  | 'keys'
  /** GPT-NeoX: MLP always biased, attention per `attention_bias` (default true). */
  | 'neox'
  /** GPT-Neo: q/k/v unbiased, out_proj and the MLP biased (GPTNeoSelfAttention, GPTNeoMLP). */
  | 'out-mlp'
  /** GPT-J: attention unbiased, fc_in/fc_out biased (GPTJAttention, GPTJMLP). */
  | 'mlp'
  /** GLM-4: `attention_bias` on q/k/v only; o_proj and the fused gate_up/down never biased (GlmAttention). */
  | 'glm'
  /** Falcon: one `bias` key (default false) for every linear layer. */
  | 'falcon'
  /** OPT: `enable_bias` (default true) for every linear layer. */
  | 'opt'
  /** StableLM: `use_qkv_bias` (default false) on q/k/v only. */
  | 'stablelm'
  /** InternLM2: one `bias` key on wqkv and wo; the MLP unbiased. */
  | 'internlm2'
  /** gpt-oss / PhiMoE: `attention_bias` on q/k/v/o; experts always (gpt-oss) or never (PhiMoE) biased. */
  | 'attn-keys';

export type MoeKind = 'mixtral' | 'qwen2_moe' | 'qwen3_moe' | 'deepseek' | 'llama4' | 'gpt_oss' | 'granitemoe';

/**
 * Which blocks use `sliding_window` when config.json sets it (a `layer_types` list, where given,
 * says it per block and wins). `all`: every block (MistralAttention). `pattern`: every
 * `period`-th block attends globally, the others locally: layer i is local when (i + 1) % period
 * ≠ 0 (Gemma2Config and GptOssConfig alternate, period 2; Gemma3TextConfig reads
 * `sliding_window_pattern`, default 6). `qwen`: only with `use_sliding_window`, on the blocks
 * from `max_window_layers` (default 28) on (Qwen2Config layer_types).
 */
export type WindowRule =
  { readonly kind: 'all' } | { readonly kind: 'pattern'; readonly period: number; readonly periodKey?: string } | { readonly kind: 'qwen' };

export interface Family {
  /** The transformers config class whose defaults apply. */
  readonly cls: string;
  readonly mlp: MlpKind;
  readonly norm: NormKind;
  readonly positions: PositionKind;
  readonly bias: BiasRule;
  readonly qkNorm?: QkNormKind;
  /** The class default of tie_word_embeddings. */
  readonly tied: boolean;
  /** The class default of head_dim when config.json leaves it out (else hidden / heads). */
  readonly headDim?: number;
  readonly moe?: MoeKind;
  /** Experts carry biases regardless of the bias keys (gpt-oss GptOssExperts). */
  readonly expertBias?: boolean;
  /** d-wide norms per block when not 2 (see Architecture.blockNorms). */
  readonly blockNorms?: number;
  readonly lmHeadBias?: boolean;
  readonly embeddingNorm?: boolean;
  readonly sinks?: boolean;
  /** Multi-head latent attention keys (q_lora_rank, kv_lora_rank, …). */
  readonly mla?: boolean;
  /** DeepSeek-V3 style router with e_score_correction_bias when topk_method is noaux_tc (the class default). */
  readonly routerBias?: boolean;
  /** Keys naming the dense FFN width, in order; null means 4 × hidden (GPT-2 n_inner, GPT-Neo, Falcon, BLOOM). */
  readonly ffnKeys?: readonly string[];
  /** Which blocks a stated `sliding_window` applies to. */
  readonly window?: WindowRule;
  /** Layout read from keys that only this family has. */
  readonly layout?: 'falcon' | 'opt' | 'phi' | 'stablelm' | 'glm4_moe' | 'mpt';
}

// Per model type, from huggingface/transformers src/transformers/models/<type>/{configuration,modeling}_<type>.py.
const LLAMA: Family = { cls: 'LlamaConfig', mlp: 'glu', norm: 'rmsnorm', positions: 'rotary', bias: 'keys', tied: false };
const GEMMA: Family = { ...LLAMA, cls: 'GemmaConfig', tied: true, headDim: 256 };
const DEEPSEEK_V3: Family = { ...LLAMA, cls: 'DeepseekV3Config', bias: 'none', moe: 'deepseek', mla: true, routerBias: true };
export const FAMILIES: Readonly<Record<string, Family>> = {
  llama: LLAMA,
  mistral: { ...LLAMA, cls: 'MistralConfig', bias: 'none', window: { kind: 'all' } },
  mixtral: { ...LLAMA, cls: 'MixtralConfig', bias: 'none', moe: 'mixtral', window: { kind: 'all' } },
  qwen2: { ...LLAMA, cls: 'Qwen2Config', bias: 'qkv', window: { kind: 'qwen' } },
  qwen2_moe: { ...LLAMA, cls: 'Qwen2MoeConfig', bias: 'qkv', moe: 'qwen2_moe', window: { kind: 'qwen' } },
  // Qwen3: q_norm/k_norm are RMSNorm(head_dim), shared by the heads; head_dim defaults to 128.
  qwen3: { ...LLAMA, cls: 'Qwen3Config', qkNorm: 'per-head', headDim: 128, window: { kind: 'qwen' } },
  qwen3_moe: { ...LLAMA, cls: 'Qwen3MoeConfig', qkNorm: 'per-head', headDim: 128, moe: 'qwen3_moe', window: { kind: 'qwen' } },
  // Gemma: GeGLU, RMSNorm with d weights (applied as 1 + w), head_dim 256, tied by default.
  gemma: GEMMA,
  // Gemma 2: input, post-attention, pre-feedforward and post-feedforward RMSNorms in every block.
  gemma2: { ...GEMMA, cls: 'Gemma2Config', blockNorms: 4, window: { kind: 'pattern', period: 2 } },
  // Gemma 3 text: Gemma 2's four norms plus q_norm/k_norm RMSNorm(head_dim).
  gemma3_text: {
    ...GEMMA,
    cls: 'Gemma3TextConfig',
    blockNorms: 4,
    qkNorm: 'per-head',
    window: { kind: 'pattern', period: 6, periodKey: 'sliding_window_pattern' },
  },
  // Phi-3/Phi-4: fused qkv_proj and gate_up_proj (the same weights as split ones), no biases.
  phi3: { ...LLAMA, cls: 'Phi3Config', bias: 'none', window: { kind: 'all' } },
  // Phi-1/1.5/2: one LayerNorm shared by the parallel attention and MLP, biases everywhere, biased lm_head.
  phi: { cls: 'PhiConfig', mlp: 'mlp', norm: 'layernorm', positions: 'rotary', bias: 'all', tied: false, blockNorms: 1, lmHeadBias: true, layout: 'phi' },
  // Phi-3.5-MoE: LayerNorms, attention_bias on q/k/v/o, unbiased experts (w1/w2/w3), lm_head_bias key.
  phimoe: { cls: 'PhimoeConfig', mlp: 'glu', norm: 'layernorm', positions: 'rotary', bias: 'attn-keys', tied: false, moe: 'mixtral' },
  // OLMo 1: OlmoLayerNorm has no weights (non-parametric).
  olmo: { ...LLAMA, cls: 'OlmoConfig', norm: 'nonparametric' },
  // OLMo 2/3: q_norm over all query heads (h·d_h) and k_norm over all kv heads (kv·d_h); post-norms.
  olmo2: { ...LLAMA, cls: 'Olmo2Config', qkNorm: 'full' },
  olmo3: { ...LLAMA, cls: 'Olmo3Config', qkNorm: 'full' },
  // SmolLM3: Llama layout (some layers skip RoPE, which changes no count); tied by default.
  smollm3: { ...LLAMA, cls: 'SmolLM3Config', tied: true },
  // Granite 3.x: Llama layout; the embedding/attention/residual/logits multipliers are scalars, not weights.
  granite: { ...LLAMA, cls: 'GraniteConfig' },
  // Granite MoE: experts of intermediate_size in every layer, router d→E without bias, no dense MLP.
  granitemoe: { ...LLAMA, cls: 'GraniteMoeConfig', moe: 'granitemoe' },
  // Nemotron: LayerNorm1P (weight and bias), squared-ReLU up/down MLP without a gate; partial rotary.
  nemotron: { ...LLAMA, cls: 'NemotronConfig', mlp: 'mlp', norm: 'layernorm' },
  // GLM-4 (0414 and the 9B -hf port): fused gate_up, q/k/v biased per attention_bias; glm4 adds post-norms.
  glm: { ...LLAMA, cls: 'GlmConfig', bias: 'glm' },
  glm4: { ...LLAMA, cls: 'Glm4Config', bias: 'glm', blockNorms: 4 },
  // GLM-4.5: DeepSeek-V3 style MoE (shared experts, dense first layers, e_score_correction_bias), optional per-head QK-norm.
  glm4_moe: { ...LLAMA, cls: 'Glm4MoeConfig', bias: 'glm', moe: 'deepseek', routerBias: true, layout: 'glm4_moe' },
  // InternLM2 (remote code): fused wqkv and wo biased per `bias`, w1/w2/w3 MLP unbiased.
  internlm2: { ...LLAMA, cls: 'InternLM2Config', bias: 'internlm2' },
  // StableLM: LayerNorm with bias, gated MLP, q/k/v biased per use_qkv_bias; parallel residual shares one norm.
  stablelm: { ...LLAMA, cls: 'StableLmConfig', norm: 'layernorm', bias: 'stablelm', layout: 'stablelm' },
  // Llama 4 text: dense layers of intermediate_size_mlp, MoE layers of intermediate_size experts plus one shared expert;
  // the QK L2 norm has no weights.
  llama4_text: { ...LLAMA, cls: 'Llama4TextConfig', moe: 'llama4', headDim: 128, ffnKeys: ['intermediate_size_mlp'] },
  // gpt-oss: q/k/v/o biased, one learned sink per head, router with bias, experts with biases, no dense MLP.
  gpt_oss: {
    ...LLAMA,
    cls: 'GptOssConfig',
    bias: 'attn-keys',
    moe: 'gpt_oss',
    expertBias: true,
    sinks: true,
    headDim: 64,
    window: { kind: 'pattern', period: 2 },
  },
  // DeepSeek-MoE (remote code `deepseek`, standard multi-head attention).
  deepseek: { ...LLAMA, cls: 'DeepseekConfig', moe: 'deepseek' },
  // DeepSeek-V2: MLA, shared experts, dense first layers; no router bias (topk_method greedy).
  deepseek_v2: { ...DEEPSEEK_V3, cls: 'DeepseekV2Config', routerBias: false },
  deepseek_v3: DEEPSEEK_V3,
  // Kimi K2 ships DeepSeek-V3 modelling code under its own model_type.
  kimi_k2: { ...DEEPSEEK_V3, cls: 'DeepseekV3Config (Kimi K2)' },
  gpt2: { cls: 'GPT2Config', mlp: 'mlp', norm: 'layernorm', positions: 'learned', bias: 'all', tied: true, ffnKeys: ['n_inner'] },
  gpt_neox: { cls: 'GPTNeoXConfig', mlp: 'mlp', norm: 'layernorm', positions: 'rotary', bias: 'neox', tied: false },
  // GPT-Neo: learned positions, local attention layers (no extra weights), tied head.
  gpt_neo: { cls: 'GPTNeoConfig', mlp: 'mlp', norm: 'layernorm', positions: 'learned', bias: 'out-mlp', tied: true, ffnKeys: ['intermediate_size'] },
  // GPT-J: one LayerNorm per parallel block, rotary on rotary_dim, untied head with bias.
  gptj: {
    cls: 'GPTJConfig',
    mlp: 'mlp',
    norm: 'layernorm',
    positions: 'rotary',
    bias: 'mlp',
    tied: false,
    blockNorms: 1,
    lmHeadBias: true,
    ffnKeys: ['n_inner'],
  },
  // BLOOM: ALiBi, LayerNorm after the word embeddings, biases everywhere, 4·d MLP, tied head.
  bloom: { cls: 'BloomConfig', mlp: 'mlp', norm: 'layernorm', positions: 'alibi', bias: 'all', tied: true, embeddingNorm: true, ffnKeys: [] },
  // Falcon: fused query_key_value, MQA/GQA per multi_query/new_decoder_architecture, 1 or 2 LayerNorms per block.
  falcon: {
    cls: 'FalconConfig',
    mlp: 'mlp',
    norm: 'layernorm',
    positions: 'rotary',
    bias: 'falcon',
    tied: true,
    ffnKeys: ['ffn_hidden_size'],
    layout: 'falcon',
  },
  // OPT: learned positions with 2 offset rows, ReLU MLP of ffn_dim, optional embedding projections.
  opt: { cls: 'OPTConfig', mlp: 'mlp', norm: 'layernorm', positions: 'learned', bias: 'opt', tied: true, ffnKeys: ['ffn_dim'], layout: 'opt' },
  // MPT (mosaicml/llm-foundry modeling_mpt.py, the Hub's remote code; transformers MptModel builds the
  // no_bias/ALiBi case): d_model/n_heads/n_layers keys, MLP of expansion_ratio × d_model, `no_bias`
  // removes every bias including the LayerNorms', positions per attn_config.alibi/rope or learned_pos_emb.
  mpt: { cls: 'MPTConfig', mlp: 'mlp', norm: 'layernorm', positions: 'learned', bias: 'none', tied: true, ffnKeys: [], layout: 'mpt' },
};

/** Layouts that are known but do not fit the counter: say why instead of counting wrongly. */
export const UNSUPPORTED: Readonly<Record<string, string>> = {
  gemma3n: 'Gemma 3n has per-layer embeddings and AltUp projections',
  deepseek_v32: 'DeepSeek-V3.2 adds a sparse-attention indexer whose weights are not modelled',
  qwen3_next: 'Qwen3-Next mixes gated DeltaNet linear attention with full attention',
  nemotron_h: 'Nemotron-H mixes Mamba-2 and attention layers',
  granitemoehybrid: 'Granite 4.0-H mixes Mamba-2 and attention layers',
  falcon_h1: 'Falcon-H1 mixes Mamba-2 and attention layers',
  cohere: 'Command-R uses a bias-free LayerNorm',
};

/** Multimodal configs whose text_config leaves out model_type: the language model's type. */
export const TEXT_MODEL_TYPES: Readonly<Record<string, string>> = {
  gemma3: 'gemma3_text',
  llama4: 'llama4_text',
  mistral3: 'mistral',
  llava: 'llama',
};

/** `architectures[0]` -> model_type, for configs that leave model_type out. */
export const ARCHITECTURE_CLASSES: Readonly<Record<string, string>> = {
  LlamaForCausalLM: 'llama',
  MistralForCausalLM: 'mistral',
  MixtralForCausalLM: 'mixtral',
  Qwen2ForCausalLM: 'qwen2',
  Qwen2MoeForCausalLM: 'qwen2_moe',
  Qwen3ForCausalLM: 'qwen3',
  Qwen3MoeForCausalLM: 'qwen3_moe',
  GemmaForCausalLM: 'gemma',
  Gemma2ForCausalLM: 'gemma2',
  Gemma3ForCausalLM: 'gemma3_text',
  Phi3ForCausalLM: 'phi3',
  PhiForCausalLM: 'phi',
  OlmoForCausalLM: 'olmo',
  Olmo2ForCausalLM: 'olmo2',
  Olmo3ForCausalLM: 'olmo3',
  SmolLM3ForCausalLM: 'smollm3',
  GPT2LMHeadModel: 'gpt2',
  GPTNeoXForCausalLM: 'gpt_neox',
  GPTNeoForCausalLM: 'gpt_neo',
  GPTJForCausalLM: 'gptj',
  BloomForCausalLM: 'bloom',
  FalconForCausalLM: 'falcon',
  OPTForCausalLM: 'opt',
  MPTForCausalLM: 'mpt',
  MptForCausalLM: 'mpt',
  DeepseekV2ForCausalLM: 'deepseek_v2',
  DeepseekV3ForCausalLM: 'deepseek_v3',
  GptOssForCausalLM: 'gpt_oss',
  Llama4ForCausalLM: 'llama4_text',
  GraniteForCausalLM: 'granite',
  NemotronForCausalLM: 'nemotron',
  GlmForCausalLM: 'glm',
  Glm4ForCausalLM: 'glm4',
  StableLmForCausalLM: 'stablelm',
  InternLM2ForCausalLM: 'internlm2',
};
