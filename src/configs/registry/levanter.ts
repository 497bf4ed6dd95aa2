// Levanter model types (`model: {type: llama, …}`) -> the dataclass defaults of their configs
// and what their blocks are made of, from stanford-crfm/levanter@9263f81
// src/levanter/models/{llama,mistral,mixtral,qwen,gemma,gpt2}.py. A key the YAML leaves out
// takes the default here, exactly as draccus fills the dataclass.

export interface LevanterModelType {
  /** Dataclass field defaults (`hidden_dim: int = 4096` …); gpt2 has `mlp_scale` instead of `intermediate_dim`. */
  readonly defaults: Readonly<Record<string, number | boolean | null>>;
  readonly cls: string;
  readonly file: string;
  /** GELU MLP with biases, LayerNorm, learned positions of seq_len rows, tied head (Gpt2Embeddings.unembed). */
  readonly gpt2?: boolean;
  /** Biases on q, k and v only (QwenConfig: "Qwen2 qkv projections always have bias"). */
  readonly qkvBias?: boolean;
  /** MoE: `n_routed_experts` experts of `intermediate_dim` each, `num_experts_per_tok` active, a d × E router. */
  readonly moe?: boolean;
  /**
   * The tokenizer of the class's `reference_checkpoint` (the HF model it converts to and from):
   * the assumption when the data config, which names the real tokenizer, is in another file.
   */
  readonly referenceTokenizer: string;
}

const LLAMA = {
  seq_len: 2048,
  hidden_dim: 4096,
  intermediate_dim: 11008,
  num_layers: 32,
  num_heads: 32,
  num_kv_heads: 32,
  head_dim: null,
  tie_word_embeddings: false,
  use_bias: false,
  hybrid_norm: false,
  input_embedding_norm: false,
};

export const LEVANTER_MODELS: Readonly<Record<string, LevanterModelType>> = {
  llama: { cls: 'LlamaConfig', file: 'llama.py', defaults: LLAMA, referenceTokenizer: 'NousResearch/Llama-2-7b-hf' },
  // QwenConfig(LlamaConfig) keeps the Llama defaults, reference checkpoint included.
  qwen: { cls: 'QwenConfig', file: 'qwen.py', defaults: LLAMA, qkvBias: true, referenceTokenizer: 'NousResearch/Llama-2-7b-hf' },
  mistral: {
    cls: 'MistralConfig',
    file: 'mistral.py',
    defaults: {
      seq_len: 8192,
      hidden_dim: 4096,
      intermediate_dim: 14336,
      num_layers: 32,
      num_heads: 32,
      num_kv_heads: 8,
      tie_word_embeddings: false,
      use_bias: false,
    },
    referenceTokenizer: 'mistralai/Mistral-7B-v0.1',
  },
  mixtral: {
    cls: 'MixtralConfig',
    file: 'mixtral.py',
    defaults: {
      seq_len: 8192,
      hidden_dim: 4096,
      intermediate_dim: 14336,
      num_layers: 32,
      num_heads: 32,
      num_kv_heads: 8,
      tie_word_embeddings: false,
      use_bias: false,
      n_routed_experts: 8,
      num_experts_per_tok: 2,
      n_shared_experts: 0,
    },
    moe: true,
    referenceTokenizer: 'mistralai/Mixtral-8x7B-v0.1',
  },
  // GemmaConfig: GeGLU, head_dim 256, tied; its vocab_size field only matters for HF export.
  gemma: {
    cls: 'GemmaConfig',
    file: 'gemma.py',
    defaults: {
      seq_len: 8192,
      hidden_dim: 2048,
      intermediate_dim: 16384,
      num_layers: 18,
      num_heads: 8,
      head_dim: 256,
      num_kv_heads: 1,
      tie_word_embeddings: true,
      use_bias: false,
    },
    referenceTokenizer: 'google/gemma-2b',
  },
  gpt2: {
    cls: 'Gpt2Config',
    file: 'gpt2.py',
    defaults: { seq_len: 1024, hidden_dim: 768, num_layers: 12, num_heads: 12, mlp_scale: 4, use_bias: true },
    gpt2: true,
    referenceTokenizer: 'gpt2',
  },
};

/** Types Levanter registers that Scaling Lens does not count, with the reason. */
export const LEVANTER_UNSUPPORTED: Readonly<Record<string, string>> = {
  gemma2: 'Gemma 2 has four norms per block (pre and post attention and feed-forward)',
  gemma3: 'Gemma 3 has four norms per block',
  olmo2: "OLMo 2's QK-norm widths in Levanter are not verified here",
  qwen3: "Qwen3's QK-norm in Levanter is not verified here",
  gpt2_hyena: 'Hyena operators replace attention',
  whisper: 'an encoder-decoder speech model',
  backpack: 'a Backpack model (sense vectors on top of GPT-2)',
};

/** Levanter's LMDatasetConfig default tokenizer (levanter/data/text.py: `tokenizer: str = "gpt2"`). */
export const LEVANTER_DEFAULT_TOKENIZER = 'gpt2';

/** TrainerConfig defaults (levanter/trainer.py). */
export const LEVANTER_TRAINER_DEFAULTS = { train_batch_size: 512, num_train_steps: 400_000 } as const;
