// Known tokenizers: how many tokens they produce and how many embedding rows the models
// that use them allocate (the padded vocabulary the parameter count needs). For configs
// that name a tokenizer but not a vocabulary size (nanotron `tokenizer_name_or_path`,
// litgpt `tokenizer_dir`, Levanter `data.tokenizer`).

export interface TokenizerEntry {
  /** A canonical name (the Hub repo most configs point at). */
  readonly id: string;
  /** Other names for the same vocabulary: Hub repos of models that ship it, tiktoken names. */
  readonly aliases?: readonly string[];
  /** Tokens the tokenizer can emit (base vocabulary plus its special tokens). */
  readonly vocab: number;
  /** Embedding rows models using it allocate, when that differs (padding); else = vocab. */
  readonly embedding?: number;
  readonly source: string;
}

export const TOKENIZERS: readonly TokenizerEntry[] = [
  {
    id: 'openai-community/gpt2',
    aliases: ['gpt2', 'r50k_base', 'GPT2BPETokenizer', 'HFGPT2Tokenizer'],
    vocab: 50257,
    source: 'GPT-2 vocab_size 50257 (openai-community/gpt2 config.json); nanoGPT pads it to 50304 (karpathy/nanoGPT train.py@dc81cb3)',
  },
  {
    // Pythia pads to a multiple of 128 (50304; 50432 and 50688 for 6.9B/12B); GPT-NeoX-20B allocates 50432.
    id: 'EleutherAI/gpt-neox-20b',
    aliases: [
      'EleutherAI/pythia-70m',
      'EleutherAI/pythia-160m',
      'EleutherAI/pythia-410m',
      'EleutherAI/pythia-1b',
      'EleutherAI/pythia-1.4b',
      'EleutherAI/pythia-2.8b',
      'EleutherAI/pythia-6.9b',
      'EleutherAI/pythia-12b',
      '20B_tokenizer.json',
    ],
    vocab: 50277,
    embedding: 50304,
    source: 'GPT-NeoX-20B tokenizer, 50277 tokens, padded to 50304 in Pythia (EleutherAI/gpt-neox@1e7abe7 configs/pythia/410M.yml; Pythia model card)',
  },
  {
    id: 'allenai/gpt-neox-olmo-dolma-v1_5',
    aliases: ['allenai/OLMo-1B-hf', 'allenai/OLMo-7B-hf', 'allenai/OLMo-1B', 'allenai/OLMo-7B'],
    vocab: 50280,
    embedding: 50304,
    source: 'OLMo vocab_size 50280, embedding_size 50304 (allenai/OLMo@e4786af configs/official-0724/OLMo-1B.yaml)',
  },
  {
    id: 'allenai/dolma2-tokenizer',
    aliases: ['allenai/OLMo-2-1124-7B', 'allenai/OLMo-2-1124-13B'],
    vocab: 100278,
    embedding: 100352,
    source: 'OLMo 2 vocab_size 100278, embedding_size 100352 (allenai/OLMo@600a8d0 configs/official-1124/OLMo2-7B-stage1.yaml; litgpt OLMo-2 entries)',
  },
  {
    id: 'meta-llama/Llama-2-7b-hf',
    aliases: [
      'llama2',
      'hf-internal-testing/llama-tokenizer',
      'meta-llama/Llama-2-13b-hf',
      'meta-llama/Llama-2-70b-hf',
      'NousResearch/Llama-2-7b-hf',
      'TinyLlama/TinyLlama-1.1B-intermediate-step-1431k-3T',
      'checkpoints/meta-llama/Llama-2-7b-hf',
    ],
    vocab: 32000,
    source: 'Llama 2 vocab_size 32000 (docs/published-runs.md#exact-parameter-counts; litgpt Llama-2 entries)',
  },
  {
    // 128,000 BPE tokens plus 256 reserved special tokens.
    id: 'meta-llama/Meta-Llama-3-8B',
    aliases: [
      'llama3',
      'meta-llama/Meta-Llama-3-70B',
      'meta-llama/Llama-3.1-8B',
      'meta-llama/Meta-Llama-3.1-8B',
      'meta-llama/Llama-3.2-1B',
      'meta-llama/Llama-3.2-3B',
      'NousResearch/Meta-Llama-3-8B',
      'NousResearch/Meta-Llama-3.1-8B',
      // Instruct and derived checkpoints ship the same tokenizer (their config.json: vocab_size 128256).
      'meta-llama/Meta-Llama-3-8B-Instruct',
      'meta-llama/Llama-3.1-8B-Instruct',
      'meta-llama/Meta-Llama-3.1-8B-Instruct',
      'meta-llama/Llama-3.1-70B',
      'meta-llama/Llama-3.2-1B-Instruct',
      'meta-llama/Llama-3.2-3B-Instruct',
      'meta-llama/Llama-3.3-70B-Instruct',
      'nvidia/Llama-3.1-Nemotron-70B-Instruct-HF',
    ],
    vocab: 128256,
    source: 'Llama 3 vocab 128256 (docs/published-runs.md#exact-parameter-counts); litgpt: vocab_size 128000, padded_vocab_size 128256',
  },
  {
    id: 'mistralai/Mistral-7B-v0.1',
    aliases: ['mistralai/Mixtral-8x7B-v0.1', 'mistralai/Mistral-7B-Instruct-v0.2'],
    vocab: 32000,
    source: 'Mistral 7B v0.1 / Mixtral vocab 32000 (docs/published-runs.md#exact-parameter-counts)',
  },
  {
    id: 'mistralai/Mistral-7B-v0.3',
    aliases: ['mistralai/Mistral-7B-Instruct-v0.3', 'mistralai/Mixtral-8x22B-v0.1'],
    vocab: 32768,
    source: 'litgpt Mistral-7B-v0.3: padded_vocab_size 32768',
  },
  {
    // 151,643 regular tokens; the embedding has 151,936 rows (0.5B-3B) or 152,064 (7B and larger).
    id: 'Qwen/Qwen2.5-7B',
    aliases: ['Qwen/Qwen2.5-0.5B', 'Qwen/Qwen2.5-1.5B', 'Qwen/Qwen2.5-3B', 'Qwen/Qwen2.5-14B', 'Qwen/Qwen2.5-32B', 'Qwen/Qwen2.5-72B', 'Qwen/Qwen3-8B'],
    vocab: 151643,
    embedding: 151936,
    source: 'litgpt Qwen2.5 entries: vocab_size 151643, padded_vocab_size 151936 / 152064 (docs/published-runs.md#exact-parameter-counts)',
  },
  {
    id: 'HuggingFaceTB/cosmo2-tokenizer',
    aliases: [
      'HuggingFaceTB/SmolLM-135M',
      'HuggingFaceTB/SmolLM-360M',
      'HuggingFaceTB/SmolLM-1.7B',
      'HuggingFaceTB/SmolLM2-135M',
      'HuggingFaceTB/SmolLM2-360M',
      'HuggingFaceTB/SmolLM2-1.7B',
    ],
    vocab: 49152,
    source: 'huggingface/smollm config_smollm1_135M.yaml@45a1be8: tokenizer cosmo2-tokenizer, vocab_size 49152',
  },
  {
    id: 'google/gemma-7b',
    aliases: ['google/gemma-2b', 'google/gemma-2b-it', 'google/gemma-7b-it'],
    vocab: 256000,
    source: 'litgpt Gemma entries: vocab_size 256000 (the Gemma paper counts 256,128 embedding rows)',
  },
  {
    id: 'microsoft/Phi-3-mini-4k-instruct',
    aliases: ['microsoft/Phi-3-mini-128k-instruct', 'microsoft/Phi-3.5-mini-instruct'],
    vocab: 32000,
    embedding: 32064,
    source: 'litgpt Phi-3 entries: vocab_size 32000, padded_vocab_size 32064',
  },
  {
    // BigScience's early GPT runs (bigscience-workshop/bigscience train/tr3*, tr4*) trained with
    // it through Megatron-DeepSpeed's PretrainedFromHF, whose vocab_size is len(tokenizer).
    id: 'google-t5/t5-small',
    aliases: ['t5-small', 't5-base', 't5-large', 'google-t5/t5-base', 'google-t5/t5-large'],
    vocab: 32100,
    embedding: 32128,
    source:
      'T5 (Raffel et al. 2020 §2.2): 32,000 SentencePiece wordpieces; transformers T5Tokenizer adds extra_ids=100 sentinels (len 32,100); google-t5/t5-small config.json vocab_size 32128',
  },
  {
    id: 'o200k_base',
    aliases: ['microsoft/Phi-4-mini-instruct'],
    vocab: 200019,
    embedding: 200064,
    source: 'litgpt Phi-4-mini: vocab_size 200019, padded_vocab_size 200064',
  },
];

/** Case-insensitive on the name, a `checkpoints/` prefix, or a trailing slash. */
export function findTokenizer(name: string): TokenizerEntry | undefined {
  const key = name.trim().replace(/\/+$/, '').toLowerCase();
  const bare = key.replace(/^(\.\/)?checkpoints\//, '');
  return TOKENIZERS.find((t) =>
    [t.id, ...(t.aliases ?? [])].some((a) => {
      const n = a.toLowerCase();
      return n === key || n === bare;
    }),
  );
}
