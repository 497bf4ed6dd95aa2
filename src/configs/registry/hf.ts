// Hugging Face model ids -> their config.json architecture keys, each cited.
// Only the keys that change a parameter count (or the default sequence length) are kept.
// Values mirror the Hub's config.json files. Most are cross-checked against the copy in
// Lightning-AI/litgpt litgpt/config.py@0006c97 (its comments link each Hub config), and the
// published totals against /work/shared/reference science.md §7 / config-formats.md §3.
// Where a value could not be checked against a config.json copy, the entry's comment says so.

/** The config.json keys of a model, as the Hub publishes them (only the ones that change counts). */
export type HfConfigDict = Readonly<Record<string, number | string | boolean | null | readonly string[] | Readonly<Record<string, unknown>>>>;

export interface HfModelEntry {
  readonly id: string;
  readonly aliases?: readonly string[];
  readonly config: HfConfigDict;
  /** Published exact total, where known (science.md §7), to test the mapping against. */
  readonly publishedParams?: number;
  readonly source: string;
}

const LITGPT = 'litgpt/config.py@0006c97 (mirrors the Hub config.json)';

/** Llama-family keys (transformers LlamaConfig names); the caller adds model_type. */
function llamaKeys(layers: number, hidden: number, heads: number, kvHeads: number, intermediate: number, vocab: number, maxPositions: number, tied: boolean): Record<string, number | boolean> {
  return {
    num_hidden_layers: layers,
    hidden_size: hidden,
    num_attention_heads: heads,
    num_key_value_heads: kvHeads,
    intermediate_size: intermediate,
    vocab_size: vocab,
    max_position_embeddings: maxPositions,
    tie_word_embeddings: tied,
  };
}

/** GPT-2: attribute names of GPT2Config; n_inner null means 4·n_embd. Tied by PretrainedConfig default. */
function gpt2(layers: number, embd: number, heads: number): HfConfigDict {
  return { model_type: 'gpt2', n_layer: layers, n_embd: embd, n_head: heads, n_positions: 1024, n_ctx: 1024, n_inner: null, vocab_size: 50257 };
}

/** Pythia (GPTNeoXConfig): intermediate 4·d, untied, rotary_pct 0.25, parallel residual, biases. */
function pythia(layers: number, hidden: number, heads: number, vocab = 50304): HfConfigDict {
  return {
    model_type: 'gpt_neox',
    num_hidden_layers: layers,
    hidden_size: hidden,
    num_attention_heads: heads,
    intermediate_size: 4 * hidden,
    vocab_size: vocab,
    max_position_embeddings: 2048,
    rotary_pct: 0.25,
    use_parallel_residual: true,
    tie_word_embeddings: false,
  };
}

function withAliases(base: string, suffixes: readonly string[], orgs: readonly string[] = []): string[] {
  const name = base.slice(base.indexOf('/') + 1);
  const out: string[] = suffixes.map((s) => `${base}${s}`);
  for (const org of orgs) for (const s of ['', ...suffixes]) out.push(`${org}/${name}${s}`);
  return out;
}

const PYTHIA_SRC = 'EleutherAI/pythia model card (exact totals, science.md §7); vocab 50304/50432/50688 padded as in ' + LITGPT;

export const HF_MODELS: readonly HfModelEntry[] = [
  // ---- GPT-2 (openai-community). Totals: science.md §7 (HF num_parameters, tied, with biases).
  { id: 'openai-community/gpt2', aliases: ['gpt2'], config: gpt2(12, 768, 12), publishedParams: 124_439_808, source: 'HF config.json gpt2; total science.md §7' },
  { id: 'openai-community/gpt2-medium', aliases: ['gpt2-medium'], config: gpt2(24, 1024, 16), publishedParams: 354_823_168, source: 'HF config.json gpt2-medium; total science.md §7' },
  { id: 'openai-community/gpt2-large', aliases: ['gpt2-large'], config: gpt2(36, 1280, 20), publishedParams: 774_030_080, source: 'HF config.json gpt2-large; total science.md §7' },
  { id: 'openai-community/gpt2-xl', aliases: ['gpt2-xl'], config: gpt2(48, 1600, 25), publishedParams: 1_557_611_200, source: 'HF config.json gpt2-xl; total science.md §7' },

  // ---- Pythia (EleutherAI). 14m: config-formats.md §3 #4; the rest science.md §7.
  // max_position_embeddings 2048 is the training length of every Pythia run (gpt-neox configs/pythia/*.yml);
  // litgpt records a block_size of 512 for pythia-14m and 1024 for pythia-31m, which changes no count.
  { id: 'EleutherAI/pythia-14m', config: pythia(6, 128, 4), publishedParams: 14_067_712, source: 'config-formats.md §3 #4 (Pythia model card)' },
  { id: 'EleutherAI/pythia-31m', config: pythia(6, 256, 8), source: `${LITGPT}; no published exact total in our references` },
  { id: 'EleutherAI/pythia-70m', aliases: ['EleutherAI/pythia-70m-deduped'], config: pythia(6, 512, 8), publishedParams: 70_426_624, source: PYTHIA_SRC },
  { id: 'EleutherAI/pythia-160m', aliases: ['EleutherAI/pythia-160m-deduped'], config: pythia(12, 768, 12), publishedParams: 162_322_944, source: PYTHIA_SRC },
  { id: 'EleutherAI/pythia-410m', aliases: ['EleutherAI/pythia-410m-deduped'], config: pythia(24, 1024, 16), publishedParams: 405_334_016, source: PYTHIA_SRC },
  { id: 'EleutherAI/pythia-1b', aliases: ['EleutherAI/pythia-1b-deduped'], config: pythia(16, 2048, 8), publishedParams: 1_011_781_632, source: PYTHIA_SRC },
  { id: 'EleutherAI/pythia-1.4b', aliases: ['EleutherAI/pythia-1.4b-deduped'], config: pythia(24, 2048, 16), publishedParams: 1_414_647_808, source: PYTHIA_SRC },
  { id: 'EleutherAI/pythia-2.8b', aliases: ['EleutherAI/pythia-2.8b-deduped'], config: pythia(32, 2560, 32), publishedParams: 2_775_208_960, source: PYTHIA_SRC },
  { id: 'EleutherAI/pythia-6.9b', aliases: ['EleutherAI/pythia-6.9b-deduped'], config: pythia(32, 4096, 32, 50432), publishedParams: 6_857_302_016, source: PYTHIA_SRC },
  { id: 'EleutherAI/pythia-12b', aliases: ['EleutherAI/pythia-12b-deduped'], config: pythia(36, 5120, 40, 50688), publishedParams: 11_846_072_320, source: PYTHIA_SRC },

  // ---- Llama 2 (meta-llama; NousResearch mirrors the same files). Totals science.md §7
  // (num_parameters; the safetensors totals add RoPE inv_freq buffers, which are not parameters).
  {
    id: 'meta-llama/Llama-2-7b-hf',
    aliases: withAliases('meta-llama/Llama-2-7b-hf', [], ['NousResearch']).concat(['meta-llama/Llama-2-7b-chat-hf', 'NousResearch/Llama-2-7b-chat-hf']),
    config: { model_type: 'llama', ...llamaKeys(32, 4096, 32, 32, 11008, 32000, 4096, false) },
    publishedParams: 6_738_415_616,
    source: `${LITGPT}; total science.md §7`,
  },
  {
    id: 'meta-llama/Llama-2-13b-hf',
    aliases: withAliases('meta-llama/Llama-2-13b-hf', [], ['NousResearch']).concat(['meta-llama/Llama-2-13b-chat-hf', 'NousResearch/Llama-2-13b-chat-hf']),
    config: { model_type: 'llama', ...llamaKeys(40, 5120, 40, 40, 13824, 32000, 4096, false) },
    publishedParams: 13_015_864_320,
    source: `${LITGPT}; total science.md §7`,
  },
  {
    id: 'meta-llama/Llama-2-70b-hf',
    aliases: withAliases('meta-llama/Llama-2-70b-hf', [], ['NousResearch']).concat(['meta-llama/Llama-2-70b-chat-hf', 'NousResearch/Llama-2-70b-chat-hf']),
    config: { model_type: 'llama', ...llamaKeys(80, 8192, 64, 8, 28672, 32000, 4096, false) },
    publishedParams: 68_976_648_192,
    source: `${LITGPT}; total science.md §7`,
  },

  // ---- Llama 3 / 3.1 / 3.2 (meta-llama; NousResearch mirrors). Totals science.md §7 and
  // config-formats.md §3 #22/#23 (NousResearch/Meta-Llama-3.1-8B = 8,030,261,248).
  {
    id: 'meta-llama/Meta-Llama-3-8B',
    aliases: withAliases('meta-llama/Meta-Llama-3-8B', ['-Instruct'], ['NousResearch']),
    config: { model_type: 'llama', ...llamaKeys(32, 4096, 32, 8, 14336, 128256, 8192, false) },
    publishedParams: 8_030_261_248,
    source: `${LITGPT}; total science.md §7`,
  },
  {
    id: 'meta-llama/Meta-Llama-3-70B',
    aliases: withAliases('meta-llama/Meta-Llama-3-70B', ['-Instruct'], ['NousResearch']),
    config: { model_type: 'llama', ...llamaKeys(80, 8192, 64, 8, 28672, 128256, 8192, false) },
    publishedParams: 70_553_706_496,
    source: `${LITGPT}; total science.md §7`,
  },
  {
    id: 'meta-llama/Llama-3.1-8B',
    aliases: [
      'meta-llama/Llama-3.1-8B-Instruct',
      ...withAliases('meta-llama/Meta-Llama-3.1-8B', ['-Instruct'], ['NousResearch']),
    ],
    config: { model_type: 'llama', ...llamaKeys(32, 4096, 32, 8, 14336, 128256, 131072, false) },
    publishedParams: 8_030_261_248,
    source: `${LITGPT}; total config-formats.md §3 #23 (same tensors as Llama-3-8B)`,
  },
  {
    // Same tensors as Meta-Llama-3-70B (only RoPE scaling and context differ); no separate published total in our references.
    id: 'meta-llama/Llama-3.1-70B',
    aliases: ['meta-llama/Llama-3.1-70B-Instruct', 'meta-llama/Llama-3.3-70B-Instruct', ...withAliases('meta-llama/Meta-Llama-3.1-70B', ['-Instruct'], ['NousResearch'])],
    config: { model_type: 'llama', ...llamaKeys(80, 8192, 64, 8, 28672, 128256, 131072, false) },
    source: LITGPT,
  },
  {
    id: 'meta-llama/Llama-3.1-405B',
    aliases: ['meta-llama/Llama-3.1-405B-Instruct', 'meta-llama/Meta-Llama-3.1-405B', 'meta-llama/Meta-Llama-3.1-405B-Instruct'],
    config: { model_type: 'llama', ...llamaKeys(126, 16384, 128, 8, 53248, 128256, 131072, false) },
    publishedParams: 405_853_388_800,
    source: `${LITGPT}; total science.md §7`,
  },
  {
    // Llama 3.2 ties the output head to the embedding (config.json tie_word_embeddings true, head_dim 64).
    id: 'meta-llama/Llama-3.2-1B',
    aliases: ['meta-llama/Llama-3.2-1B-Instruct', 'unsloth/Llama-3.2-1B', 'unsloth/Llama-3.2-1B-Instruct'],
    config: { model_type: 'llama', ...llamaKeys(16, 2048, 32, 8, 8192, 128256, 131072, true), head_dim: 64 },
    source: `${LITGPT}; tie_word_embeddings from copies of the Hub config.json`,
  },
  {
    // Tied like the 1B (Llama 3.2 model card: shared embeddings); the tie flag was not checked against a config.json copy.
    id: 'meta-llama/Llama-3.2-3B',
    aliases: ['meta-llama/Llama-3.2-3B-Instruct', 'unsloth/Llama-3.2-3B', 'unsloth/Llama-3.2-3B-Instruct'],
    config: { model_type: 'llama', ...llamaKeys(28, 3072, 24, 8, 8192, 128256, 131072, true), head_dim: 128 },
    source: `${LITGPT}; tie flag per the Llama 3.2 model card (unverified against config.json)`,
  },

  // ---- Mistral / Mixtral (mistralai). Totals science.md §7.
  {
    // v0.2 differs from v0.1 only in RoPE theta and the sliding window: same tensors.
    id: 'mistralai/Mistral-7B-v0.1',
    aliases: ['mistralai/Mistral-7B-Instruct-v0.1', 'mistralai/Mistral-7B-Instruct-v0.2', 'unsloth/mistral-7b-v0.2'],
    config: { model_type: 'mistral', ...llamaKeys(32, 4096, 32, 8, 14336, 32000, 32768, false), sliding_window: 4096 },
    publishedParams: 7_241_732_096,
    source: `${LITGPT}; total science.md §7`,
  },
  {
    id: 'mistralai/Mistral-7B-v0.3',
    aliases: ['mistralai/Mistral-7B-Instruct-v0.3'],
    config: { model_type: 'mistral', ...llamaKeys(32, 4096, 32, 8, 14336, 32768, 32768, false) },
    source: `${LITGPT}; vocabulary 32768 (v0.3 tokenizer)`,
  },
  {
    id: 'mistralai/Mixtral-8x7B-v0.1',
    aliases: ['mistralai/Mixtral-8x7B-Instruct-v0.1'],
    config: { model_type: 'mixtral', ...llamaKeys(32, 4096, 32, 8, 14336, 32000, 32768, false), num_local_experts: 8, num_experts_per_tok: 2 },
    publishedParams: 46_702_792_704,
    source: `${LITGPT}; total science.md §7 (12,879,925,248 active)`,
  },
  {
    id: 'mistralai/Mixtral-8x22B-v0.1',
    aliases: ['mistralai/Mixtral-8x22B-Instruct-v0.1'],
    config: { model_type: 'mixtral', ...llamaKeys(56, 6144, 48, 8, 16384, 32768, 65536, false), num_local_experts: 8, num_experts_per_tok: 2 },
    source: LITGPT,
  },

  // ---- Qwen2.5 (Qwen). q/k/v biases are built into Qwen2Attention. The 0.5B/1.5B/3B tie their
  // embeddings (model cards: "tied word embeddings"); 7B and larger do not. Totals science.md §7.
  {
    id: 'Qwen/Qwen2.5-0.5B',
    aliases: ['Qwen/Qwen2.5-0.5B-Instruct', 'Qwen/Qwen2.5-Coder-0.5B', 'Qwen/Qwen2.5-Coder-0.5B-Instruct'],
    config: { model_type: 'qwen2', ...llamaKeys(24, 896, 14, 2, 4864, 151936, 32768, true) },
    publishedParams: 494_032_768,
    source: `${LITGPT}; total science.md §7`,
  },
  {
    id: 'Qwen/Qwen2.5-1.5B',
    aliases: ['Qwen/Qwen2.5-1.5B-Instruct', 'Qwen/Qwen2.5-Coder-1.5B', 'Qwen/Qwen2.5-Coder-1.5B-Instruct', 'Qwen/Qwen2.5-Math-1.5B'],
    config: { model_type: 'qwen2', ...llamaKeys(28, 1536, 12, 2, 8960, 151936, 131072, true) },
    source: `${LITGPT}; tied per the Qwen2.5 model card (1.54B)`,
  },
  {
    id: 'Qwen/Qwen2.5-3B',
    aliases: ['Qwen/Qwen2.5-3B-Instruct', 'Qwen/Qwen2.5-Coder-3B', 'Qwen/Qwen2.5-Coder-3B-Instruct'],
    config: { model_type: 'qwen2', ...llamaKeys(36, 2048, 16, 2, 11008, 151936, 32768, true) },
    source: `${LITGPT}; tied per the Qwen2.5 model card`,
  },
  {
    id: 'Qwen/Qwen2.5-7B',
    aliases: ['Qwen/Qwen2.5-7B-Instruct', 'Qwen/Qwen2.5-Coder-7B', 'Qwen/Qwen2.5-Coder-7B-Instruct', 'Qwen/Qwen2.5-Math-7B'],
    config: { model_type: 'qwen2', ...llamaKeys(28, 3584, 28, 4, 18944, 152064, 131072, false) },
    publishedParams: 7_615_616_512,
    source: `${LITGPT}; total science.md §7`,
  },
  {
    id: 'Qwen/Qwen2.5-14B',
    aliases: ['Qwen/Qwen2.5-14B-Instruct', 'Qwen/Qwen2.5-Coder-14B', 'Qwen/Qwen2.5-Coder-14B-Instruct'],
    config: { model_type: 'qwen2', ...llamaKeys(48, 5120, 40, 8, 13824, 152064, 131072, false) },
    source: LITGPT,
  },
  {
    id: 'Qwen/Qwen2.5-32B',
    aliases: ['Qwen/Qwen2.5-32B-Instruct', 'Qwen/Qwen2.5-Coder-32B', 'Qwen/Qwen2.5-Coder-32B-Instruct', 'Qwen/QwQ-32B'],
    config: { model_type: 'qwen2', ...llamaKeys(64, 5120, 40, 8, 27648, 152064, 131072, false) },
    source: LITGPT,
  },
  {
    id: 'Qwen/Qwen2.5-72B',
    aliases: ['Qwen/Qwen2.5-72B-Instruct', 'Qwen/Qwen2.5-Math-72B'],
    config: { model_type: 'qwen2', ...llamaKeys(80, 8192, 64, 8, 29568, 152064, 131072, false) },
    source: LITGPT,
  },

  // ---- Qwen3 (Qwen): per-head q/k RMSNorm, head_dim 128, no q/k/v biases. Qwen3 release
  // table: the 0.6B/1.7B/4B tie their embeddings, 8B and larger do not.
  {
    id: 'Qwen/Qwen3-0.6B',
    aliases: ['Qwen/Qwen3-0.6B-Base'],
    config: { model_type: 'qwen3', ...llamaKeys(28, 1024, 16, 8, 3072, 151936, 40960, true), head_dim: 128 },
    source: `${LITGPT}; tie flag per the Qwen3 release table`,
  },
  {
    id: 'Qwen/Qwen3-1.7B',
    aliases: ['Qwen/Qwen3-1.7B-Base'],
    config: { model_type: 'qwen3', ...llamaKeys(28, 2048, 16, 8, 6144, 151936, 40960, true), head_dim: 128 },
    source: `${LITGPT}; tie flag per the Qwen3 release table`,
  },
  {
    id: 'Qwen/Qwen3-4B',
    aliases: ['Qwen/Qwen3-4B-Base'],
    config: { model_type: 'qwen3', ...llamaKeys(36, 2560, 32, 8, 9728, 151936, 40960, true), head_dim: 128 },
    source: `${LITGPT}; tie flag per the Qwen3 release table`,
  },
  {
    id: 'Qwen/Qwen3-8B',
    aliases: ['Qwen/Qwen3-8B-Base'],
    config: { model_type: 'qwen3', ...llamaKeys(36, 4096, 32, 8, 12288, 151936, 40960, false), head_dim: 128 },
    source: LITGPT,
  },
  {
    id: 'Qwen/Qwen3-14B',
    aliases: ['Qwen/Qwen3-14B-Base'],
    config: { model_type: 'qwen3', ...llamaKeys(40, 5120, 40, 8, 17408, 151936, 40960, false), head_dim: 128 },
    source: LITGPT,
  },
  {
    id: 'Qwen/Qwen3-32B',
    config: { model_type: 'qwen3', ...llamaKeys(64, 5120, 64, 8, 25600, 151936, 40960, false), head_dim: 128 },
    source: LITGPT,
  },
  {
    id: 'Qwen/Qwen3-30B-A3B',
    aliases: ['Qwen/Qwen3-30B-A3B-Base'],
    config: {
      model_type: 'qwen3_moe',
      ...llamaKeys(48, 2048, 32, 4, 6144, 151936, 40960, false),
      head_dim: 128,
      num_experts: 128,
      num_experts_per_tok: 8,
      moe_intermediate_size: 768,
      decoder_sparse_step: 1,
      mlp_only_layers: [],
    },
    source: LITGPT,
  },

  // ---- Gemma (google): head_dim 256, GeGLU, RMSNorm, embeddings tied (GemmaConfig default true).
  {
    id: 'google/gemma-2b',
    aliases: ['google/gemma-2b-it'],
    config: { model_type: 'gemma', ...llamaKeys(18, 2048, 8, 1, 16384, 256000, 8192, true), head_dim: 256 },
    source: LITGPT,
  },
  {
    id: 'google/gemma-7b',
    aliases: ['google/gemma-7b-it'],
    config: { model_type: 'gemma', ...llamaKeys(28, 3072, 16, 16, 24576, 256000, 8192, true), head_dim: 256 },
    source: LITGPT,
  },

  // ---- Phi-3 (microsoft): fused qkv and gate_up projections without biases, RMSNorm, untied.
  // Phi-1.5/Phi-2 (model_type phi) are left out: one LayerNorm per block and a biased lm_head
  // do not fit the counter's layout.
  {
    id: 'microsoft/Phi-3-mini-4k-instruct',
    config: { model_type: 'phi3', ...llamaKeys(32, 3072, 32, 32, 8192, 32064, 4096, false) },
    source: LITGPT,
  },
  {
    id: 'microsoft/Phi-3-mini-128k-instruct',
    aliases: ['microsoft/Phi-3.5-mini-instruct'],
    config: { model_type: 'phi3', ...llamaKeys(32, 3072, 32, 32, 8192, 32064, 131072, false) },
    source: `${LITGPT} (Phi-3.5-mini shares the shapes)`,
  },

  // ---- OLMo (allenai). OLMo 1 uses a LayerNorm without weights; OLMo 2 adds q/k norms
  // over all heads. Totals science.md §7.
  {
    id: 'allenai/OLMo-7B-hf',
    aliases: ['allenai/OLMo-7B'],
    config: { model_type: 'olmo', ...llamaKeys(32, 4096, 32, 32, 11008, 50304, 2048, false) },
    publishedParams: 6_888_095_744,
    source: `${LITGPT}; total science.md §7 (OLMo 7B, Feb 2024)`,
  },
  {
    // weight_tying true as in OLMo-1B.yaml (config-formats.md §3 #14); that count (1,176,764,416) is computed, not published.
    id: 'allenai/OLMo-1B-hf',
    aliases: ['allenai/OLMo-1B'],
    config: { model_type: 'olmo', ...llamaKeys(16, 2048, 16, 16, 8192, 50304, 2048, true) },
    source: `${LITGPT}; tying per config-formats.md §3 #14`,
  },
  {
    id: 'allenai/OLMo-2-1124-7B',
    aliases: withAliases('allenai/OLMo-2-1124-7B', ['-SFT', '-DPO', '-Instruct']),
    config: { model_type: 'olmo2', ...llamaKeys(32, 4096, 32, 32, 11008, 100352, 4096, false) },
    publishedParams: 7_298_617_344,
    source: `${LITGPT}; total science.md §7`,
  },
  {
    id: 'allenai/OLMo-2-1124-13B',
    aliases: withAliases('allenai/OLMo-2-1124-13B', ['-SFT', '-DPO', '-Instruct']),
    config: { model_type: 'olmo2', ...llamaKeys(40, 5120, 40, 40, 13824, 100352, 4096, false) },
    source: LITGPT,
  },

  // ---- SmolLM (HuggingFaceTB): Llama layout, tied embeddings. 135M total config-formats.md §3 #20.
  {
    id: 'HuggingFaceTB/SmolLM-135M',
    aliases: ['HuggingFaceTB/SmolLM-135M-Instruct'],
    config: { model_type: 'llama', ...llamaKeys(30, 576, 9, 3, 1536, 49152, 2048, true) },
    publishedParams: 134_515_008,
    source: 'huggingface/smollm config_smollm1_135M.yaml@45a1be8 model_config; total config-formats.md §3 #20',
  },
  {
    // SmolLM2 kept SmolLM's shapes; these v1 values mirror SmolLM2-360M and were not checked against the v1 config.json.
    id: 'HuggingFaceTB/SmolLM-360M',
    aliases: ['HuggingFaceTB/SmolLM-360M-Instruct'],
    config: { model_type: 'llama', ...llamaKeys(32, 960, 15, 5, 2560, 49152, 2048, true) },
    source: 'shapes of SmolLM2-360M (litgpt); unverified against the v1 config.json',
  },
  {
    id: 'HuggingFaceTB/SmolLM-1.7B',
    aliases: ['HuggingFaceTB/SmolLM-1.7B-Instruct'],
    config: { model_type: 'llama', ...llamaKeys(24, 2048, 32, 32, 8192, 49152, 2048, true) },
    source: 'shapes of SmolLM2-1.7B (litgpt); unverified against the v1 config.json',
  },
  {
    id: 'HuggingFaceTB/SmolLM2-135M',
    aliases: ['HuggingFaceTB/SmolLM2-135M-Instruct'],
    config: { model_type: 'llama', ...llamaKeys(30, 576, 9, 3, 1536, 49152, 8192, true) },
    source: `${LITGPT}; tie_word_embeddings true in copies of the Hub config.json`,
  },
  {
    id: 'HuggingFaceTB/SmolLM2-360M',
    aliases: ['HuggingFaceTB/SmolLM2-360M-Instruct'],
    config: { model_type: 'llama', ...llamaKeys(32, 960, 15, 5, 2560, 49152, 8192, true) },
    source: `${LITGPT}; tied (printed total 361,821,120 in public copies)`,
  },
  {
    id: 'HuggingFaceTB/SmolLM2-1.7B',
    aliases: ['HuggingFaceTB/SmolLM2-1.7B-Instruct'],
    config: { model_type: 'llama', ...llamaKeys(24, 2048, 32, 32, 8192, 49152, 8192, true) },
    source: LITGPT,
  },
  {
    id: 'HuggingFaceTB/SmolLM3-3B',
    aliases: ['HuggingFaceTB/SmolLM3-3B-Base'],
    config: { model_type: 'smollm3', ...llamaKeys(36, 2048, 16, 4, 11008, 128256, 65536, true) },
    publishedParams: 3_075_098_624,
    source: 'HF config.json SmolLM3-3B (copies in public code); total science.md §7',
  },

  // ---- TinyLlama. Total science.md §7 / config-formats.md §3 #21.
  {
    id: 'TinyLlama/TinyLlama-1.1B-intermediate-step-1431k-3T',
    aliases: ['TinyLlama/TinyLlama-1.1B-Chat-v1.0', 'TinyLlama/TinyLlama_v1.1'],
    config: { model_type: 'llama', ...llamaKeys(22, 2048, 32, 4, 5632, 32000, 2048, false) },
    publishedParams: 1_100_048_384,
    source: 'config-formats.md §3 #21 (HF config.json); total science.md §7',
  },
];

/**
 * Case-insensitive on the id (`meta-llama/Meta-Llama-3-8B`), also after `checkpoints/` (litgpt),
 * `./`, a Hub URL prefix, or with a trailing slash.
 */
export function findHfModel(id: string): HfModelEntry | undefined {
  const key = id
    .trim()
    .replace(/^https?:\/\/huggingface\.co\//i, '')
    .replace(/^(\.\/)?checkpoints\//, '')
    .replace(/\/+$/, '')
    .toLowerCase();
  return HF_MODELS.find((m) => m.id.toLowerCase() === key || m.aliases?.some((a) => a.toLowerCase() === key));
}
