// The Hugging Face model table as data: one plain row per model, its config.json keys that
// change a parameter count (and the context length), where those keys were read, and the
// published total where one exists. No code builds rows; hf.ts indexes them in a Map.
//
// Sources are `owner/repo@commit:path` copies of the Hub config.json (or of the same facts:
// litgpt, MaxText and keras-hub record the Hub shapes); the facts carry over, the text does not.
// `publishedParams` is a total published for the Hub checkpoint that the counter must reproduce
// exactly (test/unit/registry.test.ts); `note` says where a published figure differs and why.
// Older rows cite docs/published-runs.md#exact-parameter-counts / docs/configs.md#reference-configs.
//
// Multimodal rows (Gemma 3 4B+, Llama 4) nest the language model under text_config: only the
// text decoder is counted.

import type { HfModelEntry } from './hf';

export const HF_MODEL_ROWS: readonly HfModelEntry[] = [
  // GPT-2 (openai-community). Totals: docs/published-runs.md#exact-parameter-counts (HF num_parameters, tied, with biases).
  {
    id: 'openai-community/gpt2',
    aliases: ['gpt2'],
    config: { model_type: 'gpt2', n_layer: 12, n_embd: 768, n_head: 12, n_positions: 1024, n_ctx: 1024, n_inner: null, vocab_size: 50257 },
    publishedParams: 124_439_808,
    source: 'HF config.json gpt2; total docs/published-runs.md#exact-parameter-counts',
  },
  {
    id: 'openai-community/gpt2-medium',
    aliases: ['gpt2-medium'],
    config: { model_type: 'gpt2', n_layer: 24, n_embd: 1024, n_head: 16, n_positions: 1024, n_ctx: 1024, n_inner: null, vocab_size: 50257 },
    publishedParams: 354_823_168,
    source: 'HF config.json gpt2-medium; total docs/published-runs.md#exact-parameter-counts',
  },
  {
    id: 'openai-community/gpt2-large',
    aliases: ['gpt2-large'],
    config: { model_type: 'gpt2', n_layer: 36, n_embd: 1280, n_head: 20, n_positions: 1024, n_ctx: 1024, n_inner: null, vocab_size: 50257 },
    publishedParams: 774_030_080,
    source: 'HF config.json gpt2-large; total docs/published-runs.md#exact-parameter-counts',
  },
  {
    id: 'openai-community/gpt2-xl',
    aliases: ['gpt2-xl'],
    config: { model_type: 'gpt2', n_layer: 48, n_embd: 1600, n_head: 25, n_positions: 1024, n_ctx: 1024, n_inner: null, vocab_size: 50257 },
    publishedParams: 1_557_611_200,
    source: 'HF config.json gpt2-xl; total docs/published-runs.md#exact-parameter-counts',
  },

  // Pythia (EleutherAI). 14m: docs/configs.md#reference-configs, case 4; the rest docs/published-runs.md#exact-parameter-counts. max_position_embeddings 2048
  // is the training length of every Pythia run.
  {
    id: 'EleutherAI/pythia-14m',
    config: { model_type: 'gpt_neox', num_hidden_layers: 6, hidden_size: 128, num_attention_heads: 4, intermediate_size: 512, vocab_size: 50304, max_position_embeddings: 2048, rotary_pct: 0.25, use_parallel_residual: true, tie_word_embeddings: false },
    publishedParams: 14_067_712,
    source: 'docs/configs.md#reference-configs, case 4 (Pythia model card)',
  },
  {
    id: 'EleutherAI/pythia-31m',
    config: { model_type: 'gpt_neox', num_hidden_layers: 6, hidden_size: 256, num_attention_heads: 8, intermediate_size: 1024, vocab_size: 50304, max_position_embeddings: 2048, rotary_pct: 0.25, use_parallel_residual: true, tie_word_embeddings: false },
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json); no published exact total in our references',
  },
  {
    id: 'EleutherAI/pythia-70m',
    aliases: ['EleutherAI/pythia-70m-deduped'],
    config: { model_type: 'gpt_neox', num_hidden_layers: 6, hidden_size: 512, num_attention_heads: 8, intermediate_size: 2048, vocab_size: 50304, max_position_embeddings: 2048, rotary_pct: 0.25, use_parallel_residual: true, tie_word_embeddings: false },
    publishedParams: 70_426_624,
    source: 'EleutherAI/pythia model card (exact totals, docs/published-runs.md#exact-parameter-counts); vocab 50304/50432/50688 padded as in litgpt/config.py@0006c97 (mirrors the Hub config.json)',
  },
  {
    id: 'EleutherAI/pythia-160m',
    aliases: ['EleutherAI/pythia-160m-deduped'],
    config: { model_type: 'gpt_neox', num_hidden_layers: 12, hidden_size: 768, num_attention_heads: 12, intermediate_size: 3072, vocab_size: 50304, max_position_embeddings: 2048, rotary_pct: 0.25, use_parallel_residual: true, tie_word_embeddings: false },
    publishedParams: 162_322_944,
    source: 'EleutherAI/pythia model card (exact totals, docs/published-runs.md#exact-parameter-counts); vocab 50304/50432/50688 padded as in litgpt/config.py@0006c97 (mirrors the Hub config.json)',
  },
  {
    id: 'EleutherAI/pythia-410m',
    aliases: ['EleutherAI/pythia-410m-deduped'],
    config: { model_type: 'gpt_neox', num_hidden_layers: 24, hidden_size: 1024, num_attention_heads: 16, intermediate_size: 4096, vocab_size: 50304, max_position_embeddings: 2048, rotary_pct: 0.25, use_parallel_residual: true, tie_word_embeddings: false },
    publishedParams: 405_334_016,
    source: 'EleutherAI/pythia model card (exact totals, docs/published-runs.md#exact-parameter-counts); vocab 50304/50432/50688 padded as in litgpt/config.py@0006c97 (mirrors the Hub config.json)',
  },
  {
    id: 'EleutherAI/pythia-1b',
    aliases: ['EleutherAI/pythia-1b-deduped'],
    config: { model_type: 'gpt_neox', num_hidden_layers: 16, hidden_size: 2048, num_attention_heads: 8, intermediate_size: 8192, vocab_size: 50304, max_position_embeddings: 2048, rotary_pct: 0.25, use_parallel_residual: true, tie_word_embeddings: false },
    publishedParams: 1_011_781_632,
    source: 'EleutherAI/pythia model card (exact totals, docs/published-runs.md#exact-parameter-counts); vocab 50304/50432/50688 padded as in litgpt/config.py@0006c97 (mirrors the Hub config.json)',
  },
  {
    id: 'EleutherAI/pythia-1.4b',
    aliases: ['EleutherAI/pythia-1.4b-deduped'],
    config: { model_type: 'gpt_neox', num_hidden_layers: 24, hidden_size: 2048, num_attention_heads: 16, intermediate_size: 8192, vocab_size: 50304, max_position_embeddings: 2048, rotary_pct: 0.25, use_parallel_residual: true, tie_word_embeddings: false },
    publishedParams: 1_414_647_808,
    source: 'EleutherAI/pythia model card (exact totals, docs/published-runs.md#exact-parameter-counts); vocab 50304/50432/50688 padded as in litgpt/config.py@0006c97 (mirrors the Hub config.json)',
  },
  {
    id: 'EleutherAI/pythia-2.8b',
    aliases: ['EleutherAI/pythia-2.8b-deduped'],
    config: { model_type: 'gpt_neox', num_hidden_layers: 32, hidden_size: 2560, num_attention_heads: 32, intermediate_size: 10240, vocab_size: 50304, max_position_embeddings: 2048, rotary_pct: 0.25, use_parallel_residual: true, tie_word_embeddings: false },
    publishedParams: 2_775_208_960,
    source: 'EleutherAI/pythia model card (exact totals, docs/published-runs.md#exact-parameter-counts); vocab 50304/50432/50688 padded as in litgpt/config.py@0006c97 (mirrors the Hub config.json)',
  },
  {
    id: 'EleutherAI/pythia-6.9b',
    aliases: ['EleutherAI/pythia-6.9b-deduped'],
    config: { model_type: 'gpt_neox', num_hidden_layers: 32, hidden_size: 4096, num_attention_heads: 32, intermediate_size: 16384, vocab_size: 50432, max_position_embeddings: 2048, rotary_pct: 0.25, use_parallel_residual: true, tie_word_embeddings: false },
    publishedParams: 6_857_302_016,
    source: 'EleutherAI/pythia model card (exact totals, docs/published-runs.md#exact-parameter-counts); vocab 50304/50432/50688 padded as in litgpt/config.py@0006c97 (mirrors the Hub config.json)',
  },
  {
    id: 'EleutherAI/pythia-12b',
    aliases: ['EleutherAI/pythia-12b-deduped'],
    config: { model_type: 'gpt_neox', num_hidden_layers: 36, hidden_size: 5120, num_attention_heads: 40, intermediate_size: 20480, vocab_size: 50688, max_position_embeddings: 2048, rotary_pct: 0.25, use_parallel_residual: true, tie_word_embeddings: false },
    publishedParams: 11_846_072_320,
    source: 'EleutherAI/pythia model card (exact totals, docs/published-runs.md#exact-parameter-counts); vocab 50304/50432/50688 padded as in litgpt/config.py@0006c97 (mirrors the Hub config.json)',
  },

  // Llama 2 (meta-llama; NousResearch mirrors). Totals docs/published-runs.md#exact-parameter-counts (num_parameters; the safetensors totals
  // add RoPE inv_freq buffers, which are not parameters).
  {
    id: 'meta-llama/Llama-2-7b-hf',
    aliases: ['NousResearch/Llama-2-7b-hf', 'meta-llama/Llama-2-7b-chat-hf', 'NousResearch/Llama-2-7b-chat-hf'],
    config: { model_type: 'llama', num_hidden_layers: 32, hidden_size: 4096, num_attention_heads: 32, num_key_value_heads: 32, intermediate_size: 11008, vocab_size: 32000, max_position_embeddings: 4096, tie_word_embeddings: false },
    publishedParams: 6_738_415_616,
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json); total docs/published-runs.md#exact-parameter-counts',
  },
  {
    id: 'meta-llama/Llama-2-13b-hf',
    aliases: ['NousResearch/Llama-2-13b-hf', 'meta-llama/Llama-2-13b-chat-hf', 'NousResearch/Llama-2-13b-chat-hf'],
    config: { model_type: 'llama', num_hidden_layers: 40, hidden_size: 5120, num_attention_heads: 40, num_key_value_heads: 40, intermediate_size: 13824, vocab_size: 32000, max_position_embeddings: 4096, tie_word_embeddings: false },
    publishedParams: 13_015_864_320,
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json); total docs/published-runs.md#exact-parameter-counts',
  },
  {
    id: 'meta-llama/Llama-2-70b-hf',
    aliases: ['NousResearch/Llama-2-70b-hf', 'meta-llama/Llama-2-70b-chat-hf', 'NousResearch/Llama-2-70b-chat-hf'],
    config: { model_type: 'llama', num_hidden_layers: 80, hidden_size: 8192, num_attention_heads: 64, num_key_value_heads: 8, intermediate_size: 28672, vocab_size: 32000, max_position_embeddings: 4096, tie_word_embeddings: false },
    publishedParams: 68_976_648_192,
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json); total docs/published-runs.md#exact-parameter-counts',
  },

  // Code Llama (codellama): Llama 2 layout; 7b/13b/70b add 16 infilling tokens (vocab 32016).
  {
    id: 'codellama/CodeLlama-7b-hf',
    aliases: ['codellama/CodeLlama-7b-Python-hf', 'codellama/CodeLlama-7b-Instruct-hf'],
    config: { model_type: 'llama', num_hidden_layers: 32, hidden_size: 4096, num_attention_heads: 32, num_key_value_heads: 32, intermediate_size: 11008, vocab_size: 32016, max_position_embeddings: 16384, tie_word_embeddings: false },
    source: 'Lightning-AI/litgpt@26857050fe3f:litgpt/config.py',
  },
  {
    id: 'codellama/CodeLlama-13b-hf',
    aliases: ['codellama/CodeLlama-13b-Python-hf', 'codellama/CodeLlama-13b-Instruct-hf'],
    config: { model_type: 'llama', num_hidden_layers: 40, hidden_size: 5120, num_attention_heads: 40, num_key_value_heads: 40, intermediate_size: 13824, vocab_size: 32016, max_position_embeddings: 16384, tie_word_embeddings: false },
    source: 'Lightning-AI/litgpt@26857050fe3f:litgpt/config.py',
  },
  {
    id: 'codellama/CodeLlama-34b-hf',
    aliases: ['codellama/CodeLlama-34b-Python-hf', 'codellama/CodeLlama-34b-Instruct-hf'],
    config: { model_type: 'llama', num_hidden_layers: 48, hidden_size: 8192, num_attention_heads: 64, num_key_value_heads: 8, intermediate_size: 22016, vocab_size: 32000, max_position_embeddings: 16384, tie_word_embeddings: false },
    source: 'Lightning-AI/litgpt@26857050fe3f:litgpt/config.py',
  },
  {
    id: 'codellama/CodeLlama-70b-hf',
    aliases: ['codellama/CodeLlama-70b-Python-hf', 'codellama/CodeLlama-70b-Instruct-hf'],
    config: { model_type: 'llama', num_hidden_layers: 80, hidden_size: 8192, num_attention_heads: 64, num_key_value_heads: 8, intermediate_size: 28672, vocab_size: 32016, max_position_embeddings: 16384, tie_word_embeddings: false },
    source: 'Lightning-AI/litgpt@26857050fe3f:litgpt/config.py',
  },

  // Llama 3 / 3.1 / 3.2 / 3.3 (meta-llama; NousResearch mirrors). Distilled DeepSeek-R1 and Nemotron
  // fine-tunes keep the base shapes.
  {
    id: 'meta-llama/Meta-Llama-3-8B',
    aliases: ['meta-llama/Meta-Llama-3-8B-Instruct', 'NousResearch/Meta-Llama-3-8B', 'NousResearch/Meta-Llama-3-8B-Instruct'],
    config: { model_type: 'llama', num_hidden_layers: 32, hidden_size: 4096, num_attention_heads: 32, num_key_value_heads: 8, intermediate_size: 14336, vocab_size: 128256, max_position_embeddings: 8192, tie_word_embeddings: false },
    publishedParams: 8_030_261_248,
    publishedSource: 'docs/published-runs.md#exact-parameter-counts; keras-hub llama3_8b_en (same total): keras-team/keras-hub@71453d08f59e:keras_hub/src/models/llama3/llama3_presets.py',
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json); total docs/published-runs.md#exact-parameter-counts',
  },
  {
    id: 'meta-llama/Meta-Llama-3-70B',
    aliases: ['meta-llama/Meta-Llama-3-70B-Instruct', 'NousResearch/Meta-Llama-3-70B', 'NousResearch/Meta-Llama-3-70B-Instruct'],
    config: { model_type: 'llama', num_hidden_layers: 80, hidden_size: 8192, num_attention_heads: 64, num_key_value_heads: 8, intermediate_size: 28672, vocab_size: 128256, max_position_embeddings: 8192, tie_word_embeddings: false },
    publishedParams: 70_553_706_496,
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json); total docs/published-runs.md#exact-parameter-counts',
  },
  {
    id: 'meta-llama/Llama-3.1-8B',
    // meta-llama/Meta-Llama-3.1-8B is the repository's name before Meta's rename (llm-foundry's yamls use it).
    aliases: ['meta-llama/Llama-3.1-8B-Instruct', 'meta-llama/Meta-Llama-3.1-8B', 'meta-llama/Meta-Llama-3.1-8B-Instruct', 'NousResearch/Meta-Llama-3.1-8B', 'NousResearch/Meta-Llama-3.1-8B-Instruct', 'deepseek-ai/DeepSeek-R1-Distill-Llama-8B', 'meta-llama/Llama-Guard-3-8B'],
    config: { model_type: 'llama', num_hidden_layers: 32, hidden_size: 4096, num_attention_heads: 32, num_key_value_heads: 8, intermediate_size: 14336, vocab_size: 128256, max_position_embeddings: 131072, tie_word_embeddings: false },
    publishedParams: 8_030_261_248,
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json); total docs/configs.md#reference-configs, case 23 (same tensors as Llama-3-8B)',
  },
  {
    id: 'meta-llama/Llama-3.1-70B',
    aliases: ['meta-llama/Llama-3.1-70B-Instruct', 'meta-llama/Llama-3.3-70B-Instruct', 'meta-llama/Meta-Llama-3.1-70B-Instruct', 'NousResearch/Meta-Llama-3.1-70B', 'NousResearch/Meta-Llama-3.1-70B-Instruct', 'deepseek-ai/DeepSeek-R1-Distill-Llama-70B', 'nvidia/Llama-3.1-Nemotron-70B-Instruct-HF'],
    config: { model_type: 'llama', num_hidden_layers: 80, hidden_size: 8192, num_attention_heads: 64, num_key_value_heads: 8, intermediate_size: 28672, vocab_size: 128256, max_position_embeddings: 131072, tie_word_embeddings: false },
    publishedParams: 70_553_706_496,
    publishedSource: 'same tensors as Meta-Llama-3-70B (docs/published-runs.md#exact-parameter-counts)',
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json)',
  },
  {
    id: 'meta-llama/Llama-3.1-405B',
    aliases: ['meta-llama/Llama-3.1-405B-Instruct', 'meta-llama/Meta-Llama-3.1-405B', 'meta-llama/Meta-Llama-3.1-405B-Instruct'],
    config: { model_type: 'llama', num_hidden_layers: 126, hidden_size: 16384, num_attention_heads: 128, num_key_value_heads: 8, intermediate_size: 53248, vocab_size: 128256, max_position_embeddings: 131072, tie_word_embeddings: false },
    publishedParams: 405_853_388_800,
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json); total docs/published-runs.md#exact-parameter-counts',
  },
  {
    id: 'meta-llama/Llama-3.2-1B',
    // NousResearch/Llama-3.2-1B mirrors the same checkpoint (axolotl's examples name it).
    aliases: ['meta-llama/Llama-3.2-1B-Instruct', 'unsloth/Llama-3.2-1B', 'unsloth/Llama-3.2-1B-Instruct', 'NousResearch/Llama-3.2-1B'],
    config: { model_type: 'llama', num_hidden_layers: 16, hidden_size: 2048, num_attention_heads: 32, num_key_value_heads: 8, intermediate_size: 8192, vocab_size: 128256, max_position_embeddings: 131072, tie_word_embeddings: true, head_dim: 64 },
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json); tie_word_embeddings from copies of the Hub config.json',
    note: 'keras-hub llama3.2_1b counts 1,498,482,688 because it unties the head; the Hub checkpoint ties it (1,235,814,400).',
  },
  {
    id: 'meta-llama/Llama-3.2-3B',
    aliases: ['meta-llama/Llama-3.2-3B-Instruct', 'unsloth/Llama-3.2-3B', 'unsloth/Llama-3.2-3B-Instruct'],
    config: { model_type: 'llama', num_hidden_layers: 28, hidden_size: 3072, num_attention_heads: 24, num_key_value_heads: 8, intermediate_size: 8192, vocab_size: 128256, max_position_embeddings: 131072, tie_word_embeddings: true, head_dim: 128 },
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json); tie flag per the Llama 3.2 model card (unverified against config.json)',
  },

  // Llama 4 (meta-llama): MoE layers with one shared expert; Maverick alternates dense
  // (intermediate_size_mlp) and MoE layers. The QK L2 norm has no weights.
  {
    id: 'meta-llama/Llama-4-Scout-17B-16E',
    aliases: ['meta-llama/Llama-4-Scout-17B-16E-Instruct'],
    config: { model_type: 'llama4', text_config: { model_type: 'llama4_text', num_hidden_layers: 48, hidden_size: 5120, num_attention_heads: 40, num_key_value_heads: 8, head_dim: 128, intermediate_size: 8192, intermediate_size_mlp: 16384, num_local_experts: 16, num_experts_per_tok: 1, interleave_moe_layer_step: 1, vocab_size: 202048, max_position_embeddings: 10_485_760, attention_bias: false, use_qk_norm: true, tie_word_embeddings: false } },
    source: 'AI-Hypercomputer/maxtext@e591f30cbbf2:src/maxtext/configs/models/llama4-17b-16e.yml (base_mlp_dim 8192, 16 experts, 1 shared, every layer MoE)',
    note: 'Counts the text decoder only (text_config); the vision encoder and projector are not counted.',
  },
  {
    id: 'meta-llama/Llama-4-Maverick-17B-128E',
    aliases: ['meta-llama/Llama-4-Maverick-17B-128E-Instruct'],
    config: { model_type: 'llama4', text_config: { model_type: 'llama4_text', num_hidden_layers: 48, hidden_size: 5120, num_attention_heads: 40, num_key_value_heads: 8, head_dim: 128, intermediate_size: 8192, intermediate_size_mlp: 16384, num_local_experts: 128, num_experts_per_tok: 1, interleave_moe_layer_step: 2, vocab_size: 202048, max_position_embeddings: 1_048_576, attention_bias: false, use_qk_norm: false, tie_word_embeddings: false } },
    source: 'AI-Hypercomputer/maxtext@e591f30cbbf2:src/maxtext/configs/models/llama4-17b-128e.yml (base_mlp_dim 16384 dense, 8192 per expert, 128 experts, interleave_moe_layer_step 2)',
    note: 'Counts the text decoder only (text_config); the vision encoder and projector are not counted.',
  },

  // Mistral / Mixtral (mistralai). Totals docs/published-runs.md#exact-parameter-counts and keras-hub presets.
  {
    id: 'mistralai/Mistral-7B-v0.1',
    // Zephyr 7B (alignment-handbook) is a full fine-tune of Mistral-7B-v0.1 that keeps its config.json shapes.
    aliases: ['mistralai/Mistral-7B-Instruct-v0.1', 'mistralai/Mistral-7B-Instruct-v0.2', 'unsloth/mistral-7b-v0.2', 'alignment-handbook/zephyr-7b-sft-full', 'HuggingFaceH4/zephyr-7b-beta'],
    config: { model_type: 'mistral', num_hidden_layers: 32, hidden_size: 4096, num_attention_heads: 32, num_key_value_heads: 8, intermediate_size: 14336, vocab_size: 32000, max_position_embeddings: 32768, tie_word_embeddings: false, sliding_window: 4096 },
    publishedParams: 7_241_732_096,
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json); total docs/published-runs.md#exact-parameter-counts',
  },
  {
    id: 'mistralai/Mistral-7B-v0.3',
    aliases: ['mistralai/Mistral-7B-Instruct-v0.3'],
    config: { model_type: 'mistral', num_hidden_layers: 32, hidden_size: 4096, num_attention_heads: 32, num_key_value_heads: 8, intermediate_size: 14336, vocab_size: 32768, max_position_embeddings: 32768, tie_word_embeddings: false },
    publishedParams: 7_248_023_552,
    publishedSource: 'keras-team/keras-hub@71453d08f59e:keras_hub/src/models/mistral/mistral_presets.py mistral_0.3_7b_en',
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json); vocabulary 32768 (v0.3 tokenizer)',
  },
  {
    id: 'mistralai/Mistral-Large-Instruct-2407',
    aliases: ['mistralai/Mistral-Large-Instruct-2411'],
    config: { model_type: 'mistral', num_hidden_layers: 88, hidden_size: 12288, num_attention_heads: 96, num_key_value_heads: 8, intermediate_size: 28672, vocab_size: 32768, max_position_embeddings: 131072, tie_word_embeddings: false },
    source: 'Lightning-AI/litgpt@26857050fe3f:litgpt/config.py',
  },
  {
    id: 'mistralai/Mixtral-8x7B-v0.1',
    aliases: ['mistralai/Mixtral-8x7B-Instruct-v0.1'],
    config: { model_type: 'mixtral', num_hidden_layers: 32, hidden_size: 4096, num_attention_heads: 32, num_key_value_heads: 8, intermediate_size: 14336, vocab_size: 32000, max_position_embeddings: 32768, tie_word_embeddings: false, num_local_experts: 8, num_experts_per_tok: 2 },
    publishedParams: 46_702_792_704,
    source: 'AI-Hypercomputer/maxtext@e591f30cbbf2:src/maxtext/checkpoint_conversion/utils/hf_model_configs.py (mixtral_8x7b); total docs/published-runs.md#exact-parameter-counts and keras-team/keras-hub@71453d08f59e:keras_hub/src/models/mixtral/mixtral_presets.py (12,879,925,248 active)',
  },
  {
    id: 'mistralai/Mixtral-8x22B-v0.1',
    aliases: ['mistralai/Mixtral-8x22B-Instruct-v0.1'],
    config: { model_type: 'mixtral', num_hidden_layers: 56, hidden_size: 6144, num_attention_heads: 48, num_key_value_heads: 8, intermediate_size: 16384, vocab_size: 32768, max_position_embeddings: 65536, tie_word_embeddings: false, num_local_experts: 8, num_experts_per_tok: 2 },
    source: 'AI-Hypercomputer/maxtext@e591f30cbbf2:src/maxtext/checkpoint_conversion/utils/hf_model_configs.py (mixtral_8x22b, from the Instruct-v0.1 config.json)',
  },

  // Qwen2.5 / Qwen1.5-MoE (Qwen). q/k/v biases are built into Qwen2Attention. The 0.5B/1.5B/3B tie their
  // embeddings; 7B and larger do not.
  {
    id: 'Qwen/Qwen2.5-0.5B',
    aliases: ['Qwen/Qwen2.5-0.5B-Instruct', 'Qwen/Qwen2.5-Coder-0.5B', 'Qwen/Qwen2.5-Coder-0.5B-Instruct'],
    config: { model_type: 'qwen2', num_hidden_layers: 24, hidden_size: 896, num_attention_heads: 14, num_key_value_heads: 2, intermediate_size: 4864, vocab_size: 151936, max_position_embeddings: 32768, tie_word_embeddings: true },
    publishedParams: 494_032_768,
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json); total docs/published-runs.md#exact-parameter-counts',
  },
  {
    id: 'Qwen/Qwen2.5-1.5B',
    aliases: ['Qwen/Qwen2.5-1.5B-Instruct', 'Qwen/Qwen2.5-Coder-1.5B', 'Qwen/Qwen2.5-Coder-1.5B-Instruct', 'Qwen/Qwen2.5-Math-1.5B'],
    config: { model_type: 'qwen2', num_hidden_layers: 28, hidden_size: 1536, num_attention_heads: 12, num_key_value_heads: 2, intermediate_size: 8960, vocab_size: 151936, max_position_embeddings: 131072, tie_word_embeddings: true },
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json); tied per the Qwen2.5 model card (1.54B)',
    note: 'keras-hub lists 1,543,714,304 for qwen2.5_math_1.5b_en (this count) but 1,543,434,240 for qwen2.5_coder_1.5b, so neither is used as a published total.',
  },
  {
    id: 'Qwen/Qwen2.5-3B',
    aliases: ['Qwen/Qwen2.5-3B-Instruct', 'Qwen/Qwen2.5-Coder-3B', 'Qwen/Qwen2.5-Coder-3B-Instruct'],
    config: { model_type: 'qwen2', num_hidden_layers: 36, hidden_size: 2048, num_attention_heads: 16, num_key_value_heads: 2, intermediate_size: 11008, vocab_size: 151936, max_position_embeddings: 32768, tie_word_embeddings: true },
    publishedParams: 3_085_938_688,
    publishedSource: 'keras-team/keras-hub@71453d08f59e:keras_hub/src/models/qwen/qwen_presets.py qwen2.5_3b_en',
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json); tied per the Qwen2.5 model card',
  },
  {
    id: 'Qwen/Qwen2.5-7B',
    aliases: ['Qwen/Qwen2.5-7B-Instruct', 'Qwen/Qwen2.5-Coder-7B', 'Qwen/Qwen2.5-Coder-7B-Instruct', 'Qwen/Qwen2.5-Math-7B', 'Qwen/Qwen2.5-7B-Instruct-1M'],
    config: { model_type: 'qwen2', num_hidden_layers: 28, hidden_size: 3584, num_attention_heads: 28, num_key_value_heads: 4, intermediate_size: 18944, vocab_size: 152064, max_position_embeddings: 131072, tie_word_embeddings: false },
    publishedParams: 7_615_616_512,
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json); total docs/published-runs.md#exact-parameter-counts',
  },
  {
    id: 'Qwen/Qwen2.5-14B',
    aliases: ['Qwen/Qwen2.5-14B-Instruct', 'Qwen/Qwen2.5-Coder-14B', 'Qwen/Qwen2.5-Coder-14B-Instruct'],
    config: { model_type: 'qwen2', num_hidden_layers: 48, hidden_size: 5120, num_attention_heads: 40, num_key_value_heads: 8, intermediate_size: 13824, vocab_size: 152064, max_position_embeddings: 131072, tie_word_embeddings: false },
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json)',
  },
  {
    id: 'Qwen/Qwen2.5-32B',
    aliases: ['Qwen/Qwen2.5-32B-Instruct', 'Qwen/Qwen2.5-Coder-32B', 'Qwen/Qwen2.5-Coder-32B-Instruct', 'Qwen/QwQ-32B'],
    config: { model_type: 'qwen2', num_hidden_layers: 64, hidden_size: 5120, num_attention_heads: 40, num_key_value_heads: 8, intermediate_size: 27648, vocab_size: 152064, max_position_embeddings: 131072, tie_word_embeddings: false },
    publishedParams: 32_763_876_352,
    publishedSource: 'keras-team/keras-hub@71453d08f59e:keras_hub/src/models/qwen/qwen_presets.py qwen2.5_instruct_32b_en',
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json)',
  },
  {
    id: 'Qwen/Qwen2.5-72B',
    aliases: ['Qwen/Qwen2.5-72B-Instruct', 'Qwen/Qwen2.5-Math-72B'],
    config: { model_type: 'qwen2', num_hidden_layers: 80, hidden_size: 8192, num_attention_heads: 64, num_key_value_heads: 8, intermediate_size: 29568, vocab_size: 152064, max_position_embeddings: 131072, tie_word_embeddings: false },
    publishedParams: 72_706_203_648,
    publishedSource: 'keras-team/keras-hub@71453d08f59e:keras_hub/src/models/qwen/qwen_presets.py qwen2.5_instruct_72b_en',
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json)',
  },
  {
    id: 'Qwen/Qwen2-0.5B',
    aliases: ['Qwen/Qwen2-0.5B-Instruct'],
    config: { model_type: 'qwen2', num_hidden_layers: 24, hidden_size: 896, num_attention_heads: 14, num_key_value_heads: 2, intermediate_size: 4864, vocab_size: 151936, max_position_embeddings: 32768, tie_word_embeddings: true },
    source: 'pytorch/torchtune@bd2a0fc7c314:torchtune/models/qwen2/_model_builders.py (qwen2_0_5b, tied)',
  },
  {
    id: 'Qwen/Qwen2-1.5B',
    aliases: ['Qwen/Qwen2-1.5B-Instruct'],
    config: { model_type: 'qwen2', num_hidden_layers: 28, hidden_size: 1536, num_attention_heads: 12, num_key_value_heads: 2, intermediate_size: 8960, vocab_size: 151936, max_position_embeddings: 32768, tie_word_embeddings: true },
    source: 'pytorch/torchtune@bd2a0fc7c314:torchtune/models/qwen2/_model_builders.py (qwen2_1_5b, tied)',
  },
  {
    id: 'Qwen/Qwen2-7B',
    aliases: ['Qwen/Qwen2-7B-Instruct'],
    config: { model_type: 'qwen2', num_hidden_layers: 28, hidden_size: 3584, num_attention_heads: 28, num_key_value_heads: 4, intermediate_size: 18944, vocab_size: 152064, max_position_embeddings: 32768, tie_word_embeddings: false },
    source: 'pytorch/torchtune@bd2a0fc7c314:torchtune/models/qwen2/_model_builders.py (qwen2_7b)',
  },
  {
    id: 'Qwen/Qwen1.5-MoE-A2.7B',
    aliases: ['Qwen/Qwen1.5-MoE-A2.7B-Chat'],
    config: { model_type: 'qwen2_moe', num_hidden_layers: 24, hidden_size: 2048, num_attention_heads: 16, num_key_value_heads: 16, intermediate_size: 5632, vocab_size: 151936, max_position_embeddings: 8192, tie_word_embeddings: false, num_experts: 60, num_experts_per_tok: 4, moe_intermediate_size: 1408, shared_expert_intermediate_size: 5632, decoder_sparse_step: 1 },
    publishedParams: 14_315_784_192,
    publishedSource: 'keras-team/keras-hub@71453d08f59e:keras_hub/src/models/qwen_moe/qwen_moe_presets.py qwen1.5_moe_2.7b_en',
    source: 'huggingface/transformers Qwen2MoeConfig defaults (the Qwen1.5-MoE-A2.7B shapes); total keras-team/keras-hub@71453d08f59e:keras_hub/src/models/qwen_moe/qwen_moe_presets.py',
  },

  // Qwen3 (Qwen): per-head q/k RMSNorm, head_dim 128, no q/k/v biases. 0.6B/1.7B/4B tie their embeddings. The
  // 2507 releases keep the shapes of their base models.
  {
    id: 'Qwen/Qwen3-0.6B',
    aliases: ['Qwen/Qwen3-0.6B-Base'],
    config: { model_type: 'qwen3', num_hidden_layers: 28, hidden_size: 1024, num_attention_heads: 16, num_key_value_heads: 8, intermediate_size: 3072, vocab_size: 151936, max_position_embeddings: 40960, tie_word_embeddings: true, head_dim: 128 },
    publishedParams: 596_049_920,
    publishedSource: 'keras-team/keras-hub@71453d08f59e:keras_hub/src/models/qwen3/qwen3_presets.py',
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json); tie flag per the Qwen3 release table; AI-Hypercomputer/maxtext@e591f30cbbf2:src/maxtext/checkpoint_conversion/utils/hf_model_configs.py',
  },
  {
    id: 'Qwen/Qwen3-1.7B',
    aliases: ['Qwen/Qwen3-1.7B-Base'],
    config: { model_type: 'qwen3', num_hidden_layers: 28, hidden_size: 2048, num_attention_heads: 16, num_key_value_heads: 8, intermediate_size: 6144, vocab_size: 151936, max_position_embeddings: 40960, tie_word_embeddings: true, head_dim: 128 },
    publishedParams: 1_720_574_976,
    publishedSource: 'keras-team/keras-hub@71453d08f59e:keras_hub/src/models/qwen3/qwen3_presets.py',
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json); tie flag per the Qwen3 release table; AI-Hypercomputer/maxtext@e591f30cbbf2:src/maxtext/checkpoint_conversion/utils/hf_model_configs.py',
  },
  {
    id: 'Qwen/Qwen3-4B',
    aliases: ['Qwen/Qwen3-4B-Base', 'Qwen/Qwen3-4B-Instruct-2507', 'Qwen/Qwen3-4B-Thinking-2507'],
    config: { model_type: 'qwen3', num_hidden_layers: 36, hidden_size: 2560, num_attention_heads: 32, num_key_value_heads: 8, intermediate_size: 9728, vocab_size: 151936, max_position_embeddings: 40960, tie_word_embeddings: true, head_dim: 128 },
    publishedParams: 4_022_468_096,
    publishedSource: 'keras-team/keras-hub@71453d08f59e:keras_hub/src/models/qwen3/qwen3_presets.py',
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json); tie flag per the Qwen3 release table; AI-Hypercomputer/maxtext@e591f30cbbf2:src/maxtext/checkpoint_conversion/utils/hf_model_configs.py',
  },
  {
    id: 'Qwen/Qwen3-8B',
    aliases: ['Qwen/Qwen3-8B-Base'],
    config: { model_type: 'qwen3', num_hidden_layers: 36, hidden_size: 4096, num_attention_heads: 32, num_key_value_heads: 8, intermediate_size: 12288, vocab_size: 151936, max_position_embeddings: 40960, tie_word_embeddings: false, head_dim: 128 },
    publishedParams: 8_190_735_360,
    publishedSource: 'keras-team/keras-hub@71453d08f59e:keras_hub/src/models/qwen3/qwen3_presets.py',
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json); AI-Hypercomputer/maxtext@e591f30cbbf2:src/maxtext/checkpoint_conversion/utils/hf_model_configs.py',
  },
  {
    id: 'Qwen/Qwen3-14B',
    aliases: ['Qwen/Qwen3-14B-Base'],
    config: { model_type: 'qwen3', num_hidden_layers: 40, hidden_size: 5120, num_attention_heads: 40, num_key_value_heads: 8, intermediate_size: 17408, vocab_size: 151936, max_position_embeddings: 40960, tie_word_embeddings: false, head_dim: 128 },
    publishedParams: 14_768_307_200,
    publishedSource: 'keras-team/keras-hub@71453d08f59e:keras_hub/src/models/qwen3/qwen3_presets.py',
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json); AI-Hypercomputer/maxtext@e591f30cbbf2:src/maxtext/checkpoint_conversion/utils/hf_model_configs.py',
  },
  {
    id: 'Qwen/Qwen3-32B',
    config: { model_type: 'qwen3', num_hidden_layers: 64, hidden_size: 5120, num_attention_heads: 64, num_key_value_heads: 8, intermediate_size: 25600, vocab_size: 151936, max_position_embeddings: 40960, tie_word_embeddings: false, head_dim: 128 },
    publishedParams: 32_762_123_264,
    publishedSource: 'keras-team/keras-hub@71453d08f59e:keras_hub/src/models/qwen3/qwen3_presets.py',
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json); AI-Hypercomputer/maxtext@e591f30cbbf2:src/maxtext/checkpoint_conversion/utils/hf_model_configs.py',
  },
  {
    id: 'Qwen/Qwen3-30B-A3B',
    aliases: ['Qwen/Qwen3-30B-A3B-Base', 'Qwen/Qwen3-30B-A3B-Instruct-2507', 'Qwen/Qwen3-30B-A3B-Thinking-2507', 'Qwen/Qwen3-Coder-30B-A3B-Instruct'],
    config: { model_type: 'qwen3_moe', num_hidden_layers: 48, hidden_size: 2048, num_attention_heads: 32, num_key_value_heads: 4, intermediate_size: 6144, vocab_size: 151936, max_position_embeddings: 40960, tie_word_embeddings: false, head_dim: 128, num_experts: 128, num_experts_per_tok: 8, moe_intermediate_size: 768, decoder_sparse_step: 1, mlp_only_layers: [] },
    publishedParams: 30_532_122_624,
    publishedSource: 'keras-team/keras-hub@71453d08f59e:keras_hub/src/models/qwen3_moe/qwen3_moe_presets.py qwen3_moe_30b_a3b_en, qwen3_coder_instruct_30b_a3b_en',
    source: 'AI-Hypercomputer/maxtext@e591f30cbbf2:src/maxtext/checkpoint_conversion/utils/hf_model_configs.py (qwen3_30b_a3b_base, qwen3_30b_a3b_thinking_2507)',
  },
  {
    id: 'Qwen/Qwen3-235B-A22B',
    aliases: ['Qwen/Qwen3-235B-A22B-Instruct-2507', 'Qwen/Qwen3-235B-A22B-Thinking-2507'],
    config: { model_type: 'qwen3_moe', num_hidden_layers: 94, hidden_size: 4096, num_attention_heads: 64, num_key_value_heads: 4, intermediate_size: 12288, vocab_size: 151936, max_position_embeddings: 40960, tie_word_embeddings: false, head_dim: 128, num_experts: 128, num_experts_per_tok: 8, moe_intermediate_size: 1536, decoder_sparse_step: 1, mlp_only_layers: [] },
    publishedParams: 235_093_634_560,
    publishedSource: 'keras-team/keras-hub@71453d08f59e:keras_hub/src/models/qwen3_moe/qwen3_moe_presets.py qwen3_moe_235b_a22b_en',
    source: 'AI-Hypercomputer/maxtext@e591f30cbbf2:src/maxtext/checkpoint_conversion/utils/hf_model_configs.py (qwen3_235b_a22b_thinking_2507); Lightning-AI/litgpt@26857050fe3f:litgpt/config.py',
  },
  {
    id: 'Qwen/Qwen3-Coder-480B-A35B-Instruct',
    config: { model_type: 'qwen3_moe', num_hidden_layers: 62, hidden_size: 6144, num_attention_heads: 96, num_key_value_heads: 8, intermediate_size: 8192, vocab_size: 151936, max_position_embeddings: 262144, tie_word_embeddings: false, head_dim: 128, num_experts: 160, num_experts_per_tok: 8, moe_intermediate_size: 2560, decoder_sparse_step: 1, mlp_only_layers: [] },
    source: 'AI-Hypercomputer/maxtext@e591f30cbbf2:src/maxtext/checkpoint_conversion/utils/hf_model_configs.py (qwen3_coder_480b_a35b)',
  },

  // Gemma 1/2/3 (google): GeGLU, RMSNorm, tied embeddings. Gemma 2/3 add post-attention and post-feedforward
  // norms; Gemma 3 adds per-head q/k norms.
  {
    id: 'google/gemma-2b',
    aliases: ['google/gemma-2b-it', 'google/gemma-1.1-2b-it', 'google/codegemma-2b'],
    config: { model_type: 'gemma', num_hidden_layers: 18, hidden_size: 2048, num_attention_heads: 8, num_key_value_heads: 1, intermediate_size: 16384, vocab_size: 256000, max_position_embeddings: 8192, tie_word_embeddings: true, head_dim: 256 },
    publishedParams: 2_506_172_416,
    publishedSource: 'keras-team/keras-hub@71453d08f59e:keras_hub/src/models/gemma/gemma_presets.py gemma_2b_en',
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json)',
  },
  {
    id: 'google/gemma-7b',
    aliases: ['google/gemma-7b-it', 'google/gemma-1.1-7b-it', 'google/codegemma-7b', 'google/codegemma-7b-it'],
    config: { model_type: 'gemma', num_hidden_layers: 28, hidden_size: 3072, num_attention_heads: 16, num_key_value_heads: 16, intermediate_size: 24576, vocab_size: 256000, max_position_embeddings: 8192, tie_word_embeddings: true, head_dim: 256 },
    publishedParams: 8_537_680_896,
    publishedSource: 'keras-team/keras-hub@71453d08f59e:keras_hub/src/models/gemma/gemma_presets.py gemma_7b_en',
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json)',
  },
  {
    id: 'google/gemma-2-2b',
    aliases: ['google/gemma-2-2b-it', 'google/shieldgemma-2b'],
    config: { model_type: 'gemma2', num_hidden_layers: 26, hidden_size: 2304, num_attention_heads: 8, num_key_value_heads: 4, intermediate_size: 9216, vocab_size: 256000, max_position_embeddings: 8192, tie_word_embeddings: true, head_dim: 256 },
    publishedParams: 2_614_341_888,
    publishedSource: 'keras-team/keras-hub@71453d08f59e:keras_hub/src/models/gemma/gemma_presets.py gemma2_2b_en',
    source: 'AI-Hypercomputer/maxtext@e591f30cbbf2:src/maxtext/checkpoint_conversion/utils/hf_model_configs.py (gemma2_2b); Lightning-AI/litgpt@26857050fe3f:litgpt/config.py',
  },
  {
    id: 'google/gemma-2-9b',
    aliases: ['google/gemma-2-9b-it', 'google/shieldgemma-9b'],
    config: { model_type: 'gemma2', num_hidden_layers: 42, hidden_size: 3584, num_attention_heads: 16, num_key_value_heads: 8, intermediate_size: 14336, vocab_size: 256000, max_position_embeddings: 8192, tie_word_embeddings: true, head_dim: 256 },
    publishedParams: 9_241_705_984,
    publishedSource: 'keras-team/keras-hub@71453d08f59e:keras_hub/src/models/gemma/gemma_presets.py gemma2_9b_en',
    source: 'AI-Hypercomputer/maxtext@e591f30cbbf2:src/maxtext/checkpoint_conversion/utils/hf_model_configs.py (gemma2_9b); Lightning-AI/litgpt@26857050fe3f:litgpt/config.py',
  },
  {
    id: 'google/gemma-2-27b',
    aliases: ['google/gemma-2-27b-it', 'google/shieldgemma-27b'],
    config: { model_type: 'gemma2', num_hidden_layers: 46, hidden_size: 4608, num_attention_heads: 32, num_key_value_heads: 16, intermediate_size: 36864, vocab_size: 256000, max_position_embeddings: 8192, tie_word_embeddings: true, head_dim: 128 },
    publishedParams: 27_227_128_320,
    publishedSource: 'keras-team/keras-hub@71453d08f59e:keras_hub/src/models/gemma/gemma_presets.py gemma2_27b_en',
    source: 'AI-Hypercomputer/maxtext@e591f30cbbf2:src/maxtext/checkpoint_conversion/utils/hf_model_configs.py (gemma2_27b); Lightning-AI/litgpt@26857050fe3f:litgpt/config.py',
  },
  {
    id: 'google/gemma-3-1b-pt',
    aliases: ['google/gemma-3-1b-it'],
    config: { model_type: 'gemma3_text', num_hidden_layers: 26, hidden_size: 1152, num_attention_heads: 4, num_key_value_heads: 1, intermediate_size: 6912, vocab_size: 262144, max_position_embeddings: 32768, tie_word_embeddings: true, head_dim: 256 },
    publishedParams: 999_885_952,
    publishedSource: 'keras-team/keras-hub@71453d08f59e:keras_hub/src/models/gemma3/gemma3_presets.py gemma3_1b',
    source: 'Lightning-AI/litgpt@26857050fe3f:litgpt/config.py (Gemma-3-1b-it)',
  },
  {
    id: 'google/gemma-3-4b-pt',
    aliases: ['google/gemma-3-4b-it', 'google/medgemma-4b-it'],
    config: { model_type: 'gemma3', text_config: { model_type: 'gemma3_text', num_hidden_layers: 34, hidden_size: 2560, num_attention_heads: 8, num_key_value_heads: 4, intermediate_size: 10240, vocab_size: 262208, max_position_embeddings: 131072, tie_word_embeddings: true, head_dim: 256 } },
    source: 'AI-Hypercomputer/maxtext@e591f30cbbf2:src/maxtext/checkpoint_conversion/utils/hf_model_configs.py (gemma3_4b text_config); Lightning-AI/litgpt@26857050fe3f:litgpt/config.py; vocab 262208 is Gemma3TextConfig\'s default, which the Hub text_config does not override',
    note: 'Counts the text decoder only (text_config). keras-hub gemma3_4b_text counts 3,880,099,328 with a 262,144-row table; the Hub checkpoint has 262,208 rows (its medgemma_4b/27b presets, converted from the Hub, differ from gemma3_4b/27b by exactly 64 × hidden), so the Hub text decoder has 64 × 2560 more.',
  },
  {
    id: 'google/gemma-3-12b-pt',
    aliases: ['google/gemma-3-12b-it'],
    config: { model_type: 'gemma3', text_config: { model_type: 'gemma3_text', num_hidden_layers: 48, hidden_size: 3840, num_attention_heads: 16, num_key_value_heads: 8, intermediate_size: 15360, vocab_size: 262208, max_position_embeddings: 131072, tie_word_embeddings: true, head_dim: 256 } },
    source: 'AI-Hypercomputer/maxtext@e591f30cbbf2:src/maxtext/checkpoint_conversion/utils/hf_model_configs.py (gemma3_12b text_config); Lightning-AI/litgpt@26857050fe3f:litgpt/config.py; vocab 262208 is Gemma3TextConfig\'s default, which the Hub text_config does not override',
    note: 'Counts the text decoder only (text_config). keras-hub gemma3_12b_text counts 11,765,788,416 with a 262,144-row table; the Hub checkpoint has 262,208 rows (its medgemma_4b/27b presets, converted from the Hub, differ from gemma3_4b/27b by exactly 64 × hidden), so the Hub text decoder has 64 × 3840 more.',
  },
  {
    id: 'google/gemma-3-27b-pt',
    aliases: ['google/gemma-3-27b-it'],
    config: { model_type: 'gemma3', text_config: { model_type: 'gemma3_text', num_hidden_layers: 62, hidden_size: 5376, num_attention_heads: 32, num_key_value_heads: 16, intermediate_size: 21504, vocab_size: 262208, max_position_embeddings: 131072, tie_word_embeddings: true, head_dim: 128 } },
    source: 'AI-Hypercomputer/maxtext@e591f30cbbf2:src/maxtext/checkpoint_conversion/utils/hf_model_configs.py (gemma3_27b text_config); Lightning-AI/litgpt@26857050fe3f:litgpt/config.py; vocab 262208 is Gemma3TextConfig\'s default, which the Hub text_config does not override',
    note: 'Counts the text decoder only (text_config). keras-hub gemma3_27b_text counts 27,009,002,240 with a 262,144-row table; the Hub checkpoint has 262,208 rows (its medgemma_4b/27b presets, converted from the Hub, differ from gemma3_4b/27b by exactly 64 × hidden), so the Hub text decoder has 64 × 5376 more.',
  },

  // Phi (microsoft). Phi-1.5/2: one LayerNorm per parallel block, biases everywhere, biased lm_head.
  // Phi-3/3.5/4: Llama layout with fused qkv and gate_up projections (same weights as split ones).
  {
    id: 'microsoft/phi-1_5',
    config: { model_type: 'phi', num_hidden_layers: 24, hidden_size: 2048, num_attention_heads: 32, intermediate_size: 8192, vocab_size: 51200, max_position_embeddings: 2048, partial_rotary_factor: 0.5, tie_word_embeddings: false },
    source: 'Lightning-AI/litgpt@26857050fe3f:litgpt/config.py (phi-1_5: padded vocab 51200, shared attention norm, lm_head bias)',
  },
  {
    id: 'microsoft/phi-2',
    config: { model_type: 'phi', num_hidden_layers: 32, hidden_size: 2560, num_attention_heads: 32, intermediate_size: 10240, vocab_size: 51200, max_position_embeddings: 2048, partial_rotary_factor: 0.4, tie_word_embeddings: false },
    source: 'Lightning-AI/litgpt@26857050fe3f:litgpt/config.py (phi-2); module printout in liuutin9/FPGA-Acceleration-of-TinyLLaVA-Inference-via-HLS:phi-2_structure.py',
  },
  {
    id: 'microsoft/Phi-3-mini-4k-instruct',
    config: { model_type: 'phi3', num_hidden_layers: 32, hidden_size: 3072, num_attention_heads: 32, num_key_value_heads: 32, intermediate_size: 8192, vocab_size: 32064, max_position_embeddings: 4096, tie_word_embeddings: false },
    publishedParams: 3_821_079_552,
    publishedSource: 'keras-team/keras-hub@71453d08f59e:keras_hub/src/models/phi3/phi3_presets.py phi3_mini_4k_instruct_en',
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json)',
  },
  {
    id: 'microsoft/Phi-3-mini-128k-instruct',
    aliases: ['microsoft/Phi-3.5-mini-instruct'],
    config: { model_type: 'phi3', num_hidden_layers: 32, hidden_size: 3072, num_attention_heads: 32, num_key_value_heads: 32, intermediate_size: 8192, vocab_size: 32064, max_position_embeddings: 131072, tie_word_embeddings: false },
    publishedParams: 3_821_079_552,
    publishedSource: 'keras-team/keras-hub@71453d08f59e:keras_hub/src/models/phi3/phi3_presets.py phi3_mini_128k_instruct_en',
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json) (Phi-3.5-mini shares the shapes)',
  },
  {
    id: 'microsoft/phi-4',
    aliases: ['microsoft/Phi-4-reasoning', 'microsoft/Phi-4-reasoning-plus'],
    config: { model_type: 'phi3', num_hidden_layers: 40, hidden_size: 5120, num_attention_heads: 40, num_key_value_heads: 10, intermediate_size: 17920, vocab_size: 100352, max_position_embeddings: 16384, tie_word_embeddings: false },
    source: 'Lightning-AI/litgpt@26857050fe3f:litgpt/config.py',
  },
  {
    id: 'microsoft/Phi-4-mini-instruct',
    aliases: ['microsoft/Phi-4-mini-reasoning'],
    config: { model_type: 'phi3', num_hidden_layers: 32, hidden_size: 3072, num_attention_heads: 24, num_key_value_heads: 8, intermediate_size: 8192, vocab_size: 200064, max_position_embeddings: 131072, tie_word_embeddings: true, partial_rotary_factor: 0.75 },
    source: 'Lightning-AI/litgpt@26857050fe3f:litgpt/config.py (shapes); tie_word_embeddings true per the Hub config.json (Phi-4-mini shares its input and output embeddings)',
  },

  // OLMo (allenai). OLMo 1 uses a LayerNorm without weights; OLMo 2/3 add q/k norms over all heads and put
  // the norms after attention and MLP. Totals docs/published-runs.md#exact-parameter-counts.
  {
    id: 'allenai/OLMo-7B-hf',
    aliases: ['allenai/OLMo-7B'],
    config: { model_type: 'olmo', num_hidden_layers: 32, hidden_size: 4096, num_attention_heads: 32, num_key_value_heads: 32, intermediate_size: 11008, vocab_size: 50304, max_position_embeddings: 2048, tie_word_embeddings: false },
    publishedParams: 6_888_095_744,
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json); total docs/published-runs.md#exact-parameter-counts (OLMo 7B, Feb 2024)',
  },
  {
    id: 'allenai/OLMo-1B-hf',
    aliases: ['allenai/OLMo-1B'],
    config: { model_type: 'olmo', num_hidden_layers: 16, hidden_size: 2048, num_attention_heads: 16, num_key_value_heads: 16, intermediate_size: 8192, vocab_size: 50304, max_position_embeddings: 2048, tie_word_embeddings: true },
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json); tying per docs/configs.md#reference-configs, case 14',
  },
  {
    id: 'allenai/OLMo-2-1124-7B',
    aliases: ['allenai/OLMo-2-1124-7B-SFT', 'allenai/OLMo-2-1124-7B-DPO', 'allenai/OLMo-2-1124-7B-Instruct'],
    config: { model_type: 'olmo2', num_hidden_layers: 32, hidden_size: 4096, num_attention_heads: 32, num_key_value_heads: 32, intermediate_size: 11008, vocab_size: 100352, max_position_embeddings: 4096, tie_word_embeddings: false },
    publishedParams: 7_298_617_344,
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json); total docs/published-runs.md#exact-parameter-counts',
  },
  {
    id: 'allenai/OLMo-2-1124-13B',
    aliases: ['allenai/OLMo-2-1124-13B-SFT', 'allenai/OLMo-2-1124-13B-DPO', 'allenai/OLMo-2-1124-13B-Instruct'],
    config: { model_type: 'olmo2', num_hidden_layers: 40, hidden_size: 5120, num_attention_heads: 40, num_key_value_heads: 40, intermediate_size: 13824, vocab_size: 100352, max_position_embeddings: 4096, tie_word_embeddings: false },
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json)',
  },
  {
    id: 'allenai/Olmo-3-1025-7B',
    config: { model_type: 'olmo3', num_hidden_layers: 32, hidden_size: 4096, num_attention_heads: 32, num_key_value_heads: 32, intermediate_size: 11008, vocab_size: 100278, max_position_embeddings: 8192, tie_word_embeddings: false },
    source: 'AI-Hypercomputer/maxtext@e591f30cbbf2:src/maxtext/checkpoint_conversion/utils/hf_model_configs.py (olmo3_7b); AI-Hypercomputer/maxtext@e591f30cbbf2:src/maxtext/configs/models/olmo3-7b-pt.yml',
  },
  {
    id: 'allenai/Olmo-3-7B-Instruct',
    aliases: ['allenai/Olmo-3-7B-Think'],
    config: { model_type: 'olmo3', num_hidden_layers: 32, hidden_size: 4096, num_attention_heads: 32, num_key_value_heads: 32, intermediate_size: 11008, vocab_size: 100278, max_position_embeddings: 65536, tie_word_embeddings: false },
    source: 'AI-Hypercomputer/maxtext@e591f30cbbf2:src/maxtext/checkpoint_conversion/utils/hf_model_configs.py (olmo3_7b); AI-Hypercomputer/maxtext@e591f30cbbf2:src/maxtext/configs/models/olmo3-7b.yml (YaRN to 65536)',
  },
  {
    id: 'allenai/Olmo-3.1-32B-Instruct',
    aliases: ['allenai/Olmo-3-1125-32B', 'allenai/Olmo-3-32B-Think', 'allenai/Olmo-3.1-32B-Think'],
    config: { model_type: 'olmo3', num_hidden_layers: 64, hidden_size: 5120, num_attention_heads: 40, num_key_value_heads: 8, intermediate_size: 27648, vocab_size: 100278, max_position_embeddings: 65536, tie_word_embeddings: false },
    source: 'AI-Hypercomputer/maxtext@e591f30cbbf2:src/maxtext/checkpoint_conversion/utils/hf_model_configs.py (olmo3_32b, from the Olmo-3.1-32B-Instruct config.json); AI-Hypercomputer/maxtext@e591f30cbbf2:src/maxtext/configs/models/olmo3-32b.yml',
  },

  // SmolLM (HuggingFaceTB) and TinyLlama: Llama layout. 135M total docs/configs.md#reference-configs, case 20; SmolLM3 and
  // TinyLlama docs/published-runs.md#exact-parameter-counts.
  {
    id: 'HuggingFaceTB/SmolLM-135M',
    aliases: ['HuggingFaceTB/SmolLM-135M-Instruct'],
    config: { model_type: 'llama', num_hidden_layers: 30, hidden_size: 576, num_attention_heads: 9, num_key_value_heads: 3, intermediate_size: 1536, vocab_size: 49152, max_position_embeddings: 2048, tie_word_embeddings: true },
    publishedParams: 134_515_008,
    source: 'huggingface/smollm config_smollm1_135M.yaml@45a1be8 model_config; total docs/configs.md#reference-configs, case 20',
  },
  {
    id: 'HuggingFaceTB/SmolLM-360M',
    aliases: ['HuggingFaceTB/SmolLM-360M-Instruct'],
    config: { model_type: 'llama', num_hidden_layers: 32, hidden_size: 960, num_attention_heads: 15, num_key_value_heads: 5, intermediate_size: 2560, vocab_size: 49152, max_position_embeddings: 2048, tie_word_embeddings: true },
    source: 'Lightning-AI/litgpt@26857050fe3f:litgpt/config.py (shapes of SmolLM2-360M; unverified against the v1 config.json)',
  },
  {
    id: 'HuggingFaceTB/SmolLM-1.7B',
    aliases: ['HuggingFaceTB/SmolLM-1.7B-Instruct'],
    config: { model_type: 'llama', num_hidden_layers: 24, hidden_size: 2048, num_attention_heads: 32, num_key_value_heads: 32, intermediate_size: 8192, vocab_size: 49152, max_position_embeddings: 2048, tie_word_embeddings: true },
    source: 'Lightning-AI/litgpt@26857050fe3f:litgpt/config.py (shapes of SmolLM2-1.7B; unverified against the v1 config.json)',
  },
  {
    id: 'HuggingFaceTB/SmolLM2-135M',
    aliases: ['HuggingFaceTB/SmolLM2-135M-Instruct'],
    config: { model_type: 'llama', num_hidden_layers: 30, hidden_size: 576, num_attention_heads: 9, num_key_value_heads: 3, intermediate_size: 1536, vocab_size: 49152, max_position_embeddings: 8192, tie_word_embeddings: true },
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json); tie_word_embeddings true in copies of the Hub config.json',
  },
  {
    id: 'HuggingFaceTB/SmolLM2-360M',
    aliases: ['HuggingFaceTB/SmolLM2-360M-Instruct'],
    config: { model_type: 'llama', num_hidden_layers: 32, hidden_size: 960, num_attention_heads: 15, num_key_value_heads: 5, intermediate_size: 2560, vocab_size: 49152, max_position_embeddings: 8192, tie_word_embeddings: true },
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json); tied (printed total 361,821,120 in public copies)',
  },
  {
    id: 'HuggingFaceTB/SmolLM2-1.7B',
    aliases: ['HuggingFaceTB/SmolLM2-1.7B-Instruct'],
    config: { model_type: 'llama', num_hidden_layers: 24, hidden_size: 2048, num_attention_heads: 32, num_key_value_heads: 32, intermediate_size: 8192, vocab_size: 49152, max_position_embeddings: 8192, tie_word_embeddings: true },
    source: 'litgpt/config.py@0006c97 (mirrors the Hub config.json)',
  },
  {
    id: 'HuggingFaceTB/SmolLM3-3B',
    aliases: ['HuggingFaceTB/SmolLM3-3B-Base'],
    config: { model_type: 'smollm3', num_hidden_layers: 36, hidden_size: 2048, num_attention_heads: 16, num_key_value_heads: 4, intermediate_size: 11008, vocab_size: 128256, max_position_embeddings: 65536, tie_word_embeddings: true },
    publishedParams: 3_075_098_624,
    source: 'HF config.json SmolLM3-3B (copies in public code); total docs/published-runs.md#exact-parameter-counts',
    note: 'keras-hub smollm3_3b_en lists 3,075,100,928, 2,304 more than the Hub safetensors total: its converter keeps non-trainable rotary tensors the HF model does not count.',
  },
  {
    id: 'TinyLlama/TinyLlama-1.1B-intermediate-step-1431k-3T',
    aliases: ['TinyLlama/TinyLlama-1.1B-Chat-v1.0', 'TinyLlama/TinyLlama_v1.1'],
    config: { model_type: 'llama', num_hidden_layers: 22, hidden_size: 2048, num_attention_heads: 32, num_key_value_heads: 4, intermediate_size: 5632, vocab_size: 32000, max_position_embeddings: 2048, tie_word_embeddings: false },
    publishedParams: 1_100_048_384,
    source: 'docs/configs.md#reference-configs, case 21 (HF config.json); total docs/published-runs.md#exact-parameter-counts',
  },

  // DeepSeek-V2/V3/R1 and Kimi K2: multi-head latent attention, shared experts, dense first layers; V3-style
  // routers add e_score_correction_bias.
  {
    id: 'deepseek-ai/DeepSeek-V2-Lite',
    aliases: ['deepseek-ai/DeepSeek-V2-Lite-Chat'],
    config: { model_type: 'deepseek_v2', num_hidden_layers: 27, hidden_size: 2048, num_attention_heads: 16, num_key_value_heads: 16, intermediate_size: 10944, vocab_size: 102400, max_position_embeddings: 163840, tie_word_embeddings: false, q_lora_rank: null, kv_lora_rank: 512, qk_nope_head_dim: 128, qk_rope_head_dim: 64, v_head_dim: 128, n_routed_experts: 64, n_shared_experts: 2, num_experts_per_tok: 6, moe_intermediate_size: 1408, first_k_dense_replace: 1, moe_layer_freq: 1, topk_method: 'greedy' },
    source: 'AI-Hypercomputer/maxtext@e591f30cbbf2:src/maxtext/checkpoint_conversion/utils/hf_model_configs.py (deepseek2_16b, from the DeepSeek-V2-Lite config.json)',
  },
  {
    id: 'deepseek-ai/DeepSeek-V2',
    aliases: ['deepseek-ai/DeepSeek-V2-Chat', 'deepseek-ai/DeepSeek-V2-Chat-0628', 'deepseek-ai/DeepSeek-V2.5'],
    config: { model_type: 'deepseek_v2', num_hidden_layers: 60, hidden_size: 5120, num_attention_heads: 128, num_key_value_heads: 128, intermediate_size: 12288, vocab_size: 102400, max_position_embeddings: 163840, tie_word_embeddings: false, q_lora_rank: 1536, kv_lora_rank: 512, qk_nope_head_dim: 128, qk_rope_head_dim: 64, v_head_dim: 128, n_routed_experts: 160, n_shared_experts: 2, num_experts_per_tok: 6, moe_intermediate_size: 1536, first_k_dense_replace: 1, moe_layer_freq: 1, topk_method: 'group_limited_greedy' },
    source: 'AI-Hypercomputer/maxtext@e591f30cbbf2:src/maxtext/configs/models/deepseek2-236b.yml (routed_bias false)',
  },
  {
    id: 'deepseek-ai/DeepSeek-V3',
    aliases: ['deepseek-ai/DeepSeek-V3-Base', 'deepseek-ai/DeepSeek-V3-0324', 'deepseek-ai/DeepSeek-R1', 'deepseek-ai/DeepSeek-R1-Zero', 'deepseek-ai/DeepSeek-R1-0528', 'deepseek-ai/DeepSeek-V3.1', 'deepseek-ai/DeepSeek-V3.1-Base'],
    config: { model_type: 'deepseek_v3', num_hidden_layers: 61, hidden_size: 7168, num_attention_heads: 128, num_key_value_heads: 128, intermediate_size: 18432, vocab_size: 129280, max_position_embeddings: 163840, tie_word_embeddings: false, q_lora_rank: 1536, kv_lora_rank: 512, qk_nope_head_dim: 128, qk_rope_head_dim: 64, v_head_dim: 128, n_routed_experts: 256, n_shared_experts: 1, num_experts_per_tok: 8, moe_intermediate_size: 2048, first_k_dense_replace: 3, moe_layer_freq: 1, topk_method: 'noaux_tc', num_nextn_predict_layers: 1 },
    source: 'AI-Hypercomputer/maxtext@e591f30cbbf2:src/maxtext/checkpoint_conversion/utils/hf_model_configs.py (deepseek3_671b, from the DeepSeek-V3 config.json); R1 and V3.1 share the architecture',
    note: 'MTP layers stored in the checkpoint (num_nextn_predict_layers) are not part of the transformers model and are not counted.',
  },
  {
    id: 'moonshotai/Kimi-K2-Instruct',
    aliases: ['moonshotai/Kimi-K2-Base', 'moonshotai/Kimi-K2-Instruct-0905', 'moonshotai/Kimi-K2-Thinking'],
    config: { model_type: 'kimi_k2', num_hidden_layers: 61, hidden_size: 7168, num_attention_heads: 64, num_key_value_heads: 64, intermediate_size: 18432, vocab_size: 163840, max_position_embeddings: 131072, tie_word_embeddings: false, q_lora_rank: 1536, kv_lora_rank: 512, qk_nope_head_dim: 128, qk_rope_head_dim: 64, v_head_dim: 128, n_routed_experts: 384, n_shared_experts: 1, num_experts_per_tok: 8, moe_intermediate_size: 2048, first_k_dense_replace: 1, moe_layer_freq: 1, topk_method: 'noaux_tc', num_nextn_predict_layers: 0 },
    source: 'AI-Hypercomputer/maxtext@e591f30cbbf2:src/maxtext/configs/models/kimi-k2-1t.yml (routed_bias true)',
  },

  // gpt-oss (openai): attention sinks, q/k/v/o biases, biased router and experts. Counted in full precision;
  // the Hub MXFP4 checkpoints pack expert weights two per byte.
  {
    id: 'openai/gpt-oss-20b',
    aliases: ['openai/gpt-oss-safeguard-20b'],
    config: { model_type: 'gpt_oss', num_hidden_layers: 24, hidden_size: 2880, num_attention_heads: 64, num_key_value_heads: 8, head_dim: 64, intermediate_size: 2880, vocab_size: 201088, max_position_embeddings: 131072, tie_word_embeddings: false, attention_bias: true, num_local_experts: 32, num_experts_per_tok: 4 },
    publishedParams: 20_914_757_184,
    publishedSource: 'keras-team/keras-hub@71453d08f59e:keras_hub/src/models/gpt_oss/gpt_oss_presets.py gpt_oss_20b_en',
    source: 'AI-Hypercomputer/maxtext@e591f30cbbf2:src/maxtext/checkpoint_conversion/utils/hf_model_configs.py (gpt_oss_20b, from the gpt-oss-20b config.json)',
  },
  {
    id: 'openai/gpt-oss-120b',
    aliases: ['openai/gpt-oss-safeguard-120b'],
    config: { model_type: 'gpt_oss', num_hidden_layers: 36, hidden_size: 2880, num_attention_heads: 64, num_key_value_heads: 8, head_dim: 64, intermediate_size: 2880, vocab_size: 201088, max_position_embeddings: 131072, tie_word_embeddings: false, attention_bias: true, num_local_experts: 128, num_experts_per_tok: 4 },
    publishedParams: 116_829_156_672,
    publishedSource: 'keras-team/keras-hub@71453d08f59e:keras_hub/src/models/gpt_oss/gpt_oss_presets.py gpt_oss_120b_en',
    source: 'AI-Hypercomputer/maxtext@e591f30cbbf2:src/maxtext/checkpoint_conversion/utils/hf_model_configs.py (gpt_oss_120b, from the gpt-oss-120b config.json)',
  },

  // Falcon (tiiuae): fused query_key_value, multi-query (7B) or grouped (40B/180B) attention, one or two
  // LayerNorms per block. Falcon3 is a Llama layout.
  // MPT (MosaicML). Keys of the Hub config.json (huggingface.co/mosaicml/mpt-7b, main): no_bias, ALiBi, tied,
  // GPT-NeoX-20B tokenizer padded to 50432. The card gives 6.7B; the exact total is derived in registry.test.ts.
  {
    id: 'mosaicml/mpt-7b',
    aliases: ['mosaicml/mpt-7b-instruct', 'mosaicml/mpt-7b-chat'],
    config: { model_type: 'mpt', n_layers: 32, d_model: 4096, n_heads: 32, expansion_ratio: 4, max_seq_len: 2048, vocab_size: 50432, no_bias: true, learned_pos_emb: true, norm_type: 'low_precision_layernorm', attn_config: { alibi: true } },
    source: 'HF config.json mosaicml/mpt-7b (main); layout mosaicml/llm-foundry modeling_mpt.py and transformers models/mpt',
    note: 'model card: 6.7B (rounded)',
  },
  {
    id: 'tiiuae/falcon-7b',
    aliases: ['tiiuae/falcon-7b-instruct'],
    config: { model_type: 'falcon', num_hidden_layers: 32, hidden_size: 4544, num_attention_heads: 71, vocab_size: 65024, multi_query: true, new_decoder_architecture: false, parallel_attn: true, bias: false, alibi: false, max_position_embeddings: 2048 },
    source: 'Lightning-AI/litgpt@26857050fe3f:litgpt/config.py (falcon-7b: n_query_groups 1, shared attention norm)',
  },
  {
    id: 'tiiuae/falcon-40b',
    aliases: ['tiiuae/falcon-40b-instruct'],
    config: { model_type: 'falcon', num_hidden_layers: 60, hidden_size: 8192, num_attention_heads: 128, num_kv_heads: 8, vocab_size: 65024, new_decoder_architecture: true, parallel_attn: true, bias: false, alibi: false, max_position_embeddings: 2048 },
    source: 'Lightning-AI/litgpt@26857050fe3f:litgpt/config.py (falcon-40b: n_query_groups 8, two LayerNorms per block)',
  },
  {
    id: 'tiiuae/falcon-180B',
    aliases: ['tiiuae/falcon-180B-chat'],
    config: { model_type: 'falcon', num_hidden_layers: 80, hidden_size: 14848, num_attention_heads: 232, num_kv_heads: 8, vocab_size: 65024, new_decoder_architecture: true, parallel_attn: true, bias: false, alibi: false, max_position_embeddings: 2048 },
    source: 'Lightning-AI/litgpt@26857050fe3f:litgpt/config.py (falcon-180B)',
  },
  {
    id: 'tiiuae/falcon-rw-1b',
    config: { model_type: 'falcon', num_hidden_layers: 24, hidden_size: 2048, num_attention_heads: 32, vocab_size: 50304, multi_query: false, new_decoder_architecture: false, parallel_attn: false, bias: true, alibi: true, max_position_embeddings: 2048 },
    publishedParams: 1_311_625_216,
    publishedSource: 'keras-team/keras-hub@71453d08f59e:keras_hub/src/models/falcon/falcon_presets.py falcon_refinedweb_1b_en',
    source: 'keras-team/keras-hub@71453d08f59e:keras_hub/src/models/falcon/falcon_presets.py (24-layer RefinedWeb 1B; shapes as in its Hub config.json, which the preset total reproduces exactly)',
  },
  {
    id: 'tiiuae/Falcon3-1B-Base',
    aliases: ['tiiuae/Falcon3-1B-Instruct'],
    config: { model_type: 'llama', num_hidden_layers: 18, hidden_size: 2048, num_attention_heads: 8, num_key_value_heads: 4, intermediate_size: 8192, vocab_size: 131072, max_position_embeddings: 4096, tie_word_embeddings: false, head_dim: 256 },
    source: 'Lightning-AI/litgpt@26857050fe3f:litgpt/config.py (Falcon3-1B)',
  },
  {
    id: 'tiiuae/Falcon3-3B-Base',
    aliases: ['tiiuae/Falcon3-3B-Instruct'],
    config: { model_type: 'llama', num_hidden_layers: 22, hidden_size: 3072, num_attention_heads: 12, num_key_value_heads: 4, intermediate_size: 9216, vocab_size: 131072, max_position_embeddings: 32768, tie_word_embeddings: false, head_dim: 256 },
    source: 'Lightning-AI/litgpt@26857050fe3f:litgpt/config.py (Falcon3-3B)',
  },
  {
    id: 'tiiuae/Falcon3-7B-Base',
    aliases: ['tiiuae/Falcon3-7B-Instruct'],
    config: { model_type: 'llama', num_hidden_layers: 28, hidden_size: 3072, num_attention_heads: 12, num_key_value_heads: 4, intermediate_size: 23040, vocab_size: 131072, max_position_embeddings: 32768, tie_word_embeddings: false, head_dim: 256 },
    source: 'Lightning-AI/litgpt@26857050fe3f:litgpt/config.py (Falcon3-7B)',
  },
  {
    id: 'tiiuae/Falcon3-10B-Base',
    aliases: ['tiiuae/Falcon3-10B-Instruct'],
    config: { model_type: 'llama', num_hidden_layers: 40, hidden_size: 3072, num_attention_heads: 12, num_key_value_heads: 4, intermediate_size: 23040, vocab_size: 131072, max_position_embeddings: 32768, tie_word_embeddings: false, head_dim: 256 },
    source: 'Lightning-AI/litgpt@26857050fe3f:litgpt/config.py (Falcon3-10B)',
  },

  // OPT (facebook): learned positions with 2 offset rows, ReLU MLP, biases everywhere, tied head; opt-350m
  // has a 512-wide embedding with projections and no final LayerNorm.
  {
    id: 'facebook/opt-125m',
    config: { model_type: 'opt', num_hidden_layers: 12, hidden_size: 768, num_attention_heads: 12, ffn_dim: 3072, vocab_size: 50272, max_position_embeddings: 2048, word_embed_proj_dim: 768, do_layer_norm_before: true, enable_bias: true },
    source: 'OPT paper (arXiv 2205.01068) Table 1 shapes as in the facebook/opt-* config.json; opt-350m module printout in if001/alpaca-lora:gomi.md',
    note: 'keras-hub opt_125m_en counts 125,237,760: it allocates 2048 position rows, the Hub checkpoint 2050 (OPTLearnedPositionalEmbedding offset 2), so the Hub total is 2 × 768 more.',
  },
  {
    id: 'facebook/opt-350m',
    config: { model_type: 'opt', num_hidden_layers: 24, hidden_size: 1024, num_attention_heads: 16, ffn_dim: 4096, vocab_size: 50272, max_position_embeddings: 2048, word_embed_proj_dim: 512, do_layer_norm_before: false, enable_bias: true },
    source: 'OPT paper (arXiv 2205.01068) Table 1 shapes as in the facebook/opt-* config.json; opt-350m module printout in if001/alpaca-lora:gomi.md',
  },
  {
    id: 'facebook/opt-1.3b',
    config: { model_type: 'opt', num_hidden_layers: 24, hidden_size: 2048, num_attention_heads: 32, ffn_dim: 8192, vocab_size: 50272, max_position_embeddings: 2048, word_embed_proj_dim: 2048, do_layer_norm_before: true, enable_bias: true },
    source: 'OPT paper (arXiv 2205.01068) Table 1 shapes as in the facebook/opt-* config.json; opt-350m module printout in if001/alpaca-lora:gomi.md',
    note: 'keras-hub opt_1.3b_en counts 1,315,753,984: it allocates 2048 position rows, the Hub checkpoint 2050 (OPTLearnedPositionalEmbedding offset 2), so the Hub total is 2 × 2048 more.',
  },
  {
    id: 'facebook/opt-2.7b',
    config: { model_type: 'opt', num_hidden_layers: 32, hidden_size: 2560, num_attention_heads: 32, ffn_dim: 10240, vocab_size: 50272, max_position_embeddings: 2048, word_embed_proj_dim: 2560, do_layer_norm_before: true, enable_bias: true },
    source: 'OPT paper (arXiv 2205.01068) Table 1 shapes as in the facebook/opt-* config.json; opt-350m module printout in if001/alpaca-lora:gomi.md',
  },
  {
    id: 'facebook/opt-6.7b',
    config: { model_type: 'opt', num_hidden_layers: 32, hidden_size: 4096, num_attention_heads: 32, ffn_dim: 16384, vocab_size: 50272, max_position_embeddings: 2048, word_embed_proj_dim: 4096, do_layer_norm_before: true, enable_bias: true },
    source: 'OPT paper (arXiv 2205.01068) Table 1 shapes as in the facebook/opt-* config.json; opt-350m module printout in if001/alpaca-lora:gomi.md',
  },
  {
    id: 'facebook/opt-13b',
    config: { model_type: 'opt', num_hidden_layers: 40, hidden_size: 5120, num_attention_heads: 40, ffn_dim: 20480, vocab_size: 50272, max_position_embeddings: 2048, word_embed_proj_dim: 5120, do_layer_norm_before: true, enable_bias: true },
    source: 'OPT paper (arXiv 2205.01068) Table 1 shapes as in the facebook/opt-* config.json; opt-350m module printout in if001/alpaca-lora:gomi.md',
  },
  {
    id: 'facebook/opt-30b',
    config: { model_type: 'opt', num_hidden_layers: 48, hidden_size: 7168, num_attention_heads: 56, ffn_dim: 28672, vocab_size: 50272, max_position_embeddings: 2048, word_embed_proj_dim: 7168, do_layer_norm_before: true, enable_bias: true },
    source: 'OPT paper (arXiv 2205.01068) Table 1 shapes as in the facebook/opt-* config.json; opt-350m module printout in if001/alpaca-lora:gomi.md',
  },
  {
    id: 'facebook/opt-66b',
    config: { model_type: 'opt', num_hidden_layers: 64, hidden_size: 9216, num_attention_heads: 72, ffn_dim: 36864, vocab_size: 50272, max_position_embeddings: 2048, word_embed_proj_dim: 9216, do_layer_norm_before: true, enable_bias: true },
    source: 'OPT paper (arXiv 2205.01068) Table 1 shapes as in the facebook/opt-* config.json; opt-350m module printout in if001/alpaca-lora:gomi.md',
  },

  // GPT-Neo / GPT-J (EleutherAI). GPT-Neo: learned positions, unbiased q/k/v, biased out_proj and MLP, tied
  // head. GPT-J: parallel block with one LayerNorm, rotary, unbiased attention, biased MLP and lm_head,
  // untied.
  {
    id: 'EleutherAI/gpt-neo-125m',
    aliases: ['EleutherAI/gpt-neo-125M'],
    config: { model_type: 'gpt_neo', num_layers: 12, hidden_size: 768, num_heads: 12, intermediate_size: null, vocab_size: 50257, max_position_embeddings: 2048 },
    source: 'EleutherAI/gpt-neo@23485e3c7940:configs/gpt3_small_256.json (n_layer, n_embd, n_ctx 2048); num_heads as in the Hub config.json (the head count changes no parameter count)',
  },
  {
    id: 'EleutherAI/gpt-neo-1.3B',
    config: { model_type: 'gpt_neo', num_layers: 24, hidden_size: 2048, num_heads: 16, intermediate_size: null, vocab_size: 50257, max_position_embeddings: 2048 },
    source: 'EleutherAI/gpt-neo@23485e3c7940:configs/gpt3_XL_256_Pile.json (n_layer, n_embd, n_ctx 2048); num_heads as in the Hub config.json (the head count changes no parameter count)',
  },
  {
    id: 'EleutherAI/gpt-neo-2.7B',
    config: { model_type: 'gpt_neo', num_layers: 32, hidden_size: 2560, num_heads: 20, intermediate_size: null, vocab_size: 50257, max_position_embeddings: 2048 },
    source: 'EleutherAI/gpt-neo@23485e3c7940:configs/gpt3_2-7B_256.json (n_layer, n_embd, n_ctx 2048); num_heads as in the Hub config.json (the head count changes no parameter count)',
  },
  {
    id: 'EleutherAI/gpt-j-6b',
    aliases: ['EleutherAI/gpt-j-6B'],
    config: { model_type: 'gptj', n_layer: 28, n_embd: 4096, n_head: 16, n_inner: null, rotary_dim: 64, vocab_size: 50400, n_positions: 2048, tie_word_embeddings: false },
    source: 'asgaardlab/model-card-reorganization@3a0a6702b42a:verified_model_cards/EleutherAI@gpt-j-6b/4_corrected_info_list.md (the model card: 28 layers, d 4096, d_ff 16384, 16 heads, vocab 50400)',
    note: 'The model card states 6,053,381,344 parameters (counted in the original Mesh Transformer JAX checkpoint); the transformers model has 6,050,882,784 (no separate weights beyond those counted here).',
  },

  // BLOOM (bigscience): ALiBi, LayerNorm after the word embeddings, biases everywhere, tied head.
  {
    id: 'bigscience/bloom-560m',
    aliases: ['bigscience/bloomz-560m'],
    config: { model_type: 'bloom', n_layer: 24, hidden_size: 1024, n_head: 16, vocab_size: 250880 },
    publishedParams: 559_214_592,
    publishedSource: 'keras-team/keras-hub@71453d08f59e:keras_hub/src/models/bloom/bloom_presets.py bloom_560m_multi',
    source: 'BLOOM model cards (layers, hidden size, heads; vocab 250880) as in the bigscience/bloom* config.json; module printout in tenstorrent/tt-metal:tests/python_api_testing/models/bloom_old/README.md',
  },
  {
    id: 'bigscience/bloom-1b1',
    aliases: ['bigscience/bloomz-1b1'],
    config: { model_type: 'bloom', n_layer: 24, hidden_size: 1536, n_head: 16, vocab_size: 250880 },
    publishedParams: 1_065_314_304,
    publishedSource: 'keras-team/keras-hub@71453d08f59e:keras_hub/src/models/bloom/bloom_presets.py bloom_1.1b_multi',
    source: 'BLOOM model cards (layers, hidden size, heads; vocab 250880) as in the bigscience/bloom* config.json; module printout in tenstorrent/tt-metal:tests/python_api_testing/models/bloom_old/README.md',
  },
  {
    id: 'bigscience/bloom-1b7',
    aliases: ['bigscience/bloomz-1b7'],
    config: { model_type: 'bloom', n_layer: 24, hidden_size: 2048, n_head: 16, vocab_size: 250880 },
    publishedParams: 1_722_408_960,
    publishedSource: 'keras-team/keras-hub@71453d08f59e:keras_hub/src/models/bloom/bloom_presets.py bloom_1.7b_multi',
    source: 'BLOOM model cards (layers, hidden size, heads; vocab 250880) as in the bigscience/bloom* config.json; module printout in tenstorrent/tt-metal:tests/python_api_testing/models/bloom_old/README.md',
  },
  {
    id: 'bigscience/bloom-3b',
    aliases: ['bigscience/bloomz-3b'],
    config: { model_type: 'bloom', n_layer: 30, hidden_size: 2560, n_head: 32, vocab_size: 250880 },
    publishedParams: 3_002_557_440,
    publishedSource: 'keras-team/keras-hub@71453d08f59e:keras_hub/src/models/bloom/bloom_presets.py bloom_3b_multi',
    source: 'BLOOM model cards (layers, hidden size, heads; vocab 250880) as in the bigscience/bloom* config.json; module printout in tenstorrent/tt-metal:tests/python_api_testing/models/bloom_old/README.md',
  },
  {
    id: 'bigscience/bloom-7b1',
    aliases: ['bigscience/bloomz-7b1'],
    config: { model_type: 'bloom', n_layer: 30, hidden_size: 4096, n_head: 32, vocab_size: 250880 },
    source: 'BLOOM model cards (layers, hidden size, heads; vocab 250880) as in the bigscience/bloom* config.json; module printout in tenstorrent/tt-metal:tests/python_api_testing/models/bloom_old/README.md',
  },
  {
    id: 'bigscience/bloom',
    aliases: ['bigscience/bloomz'],
    config: { model_type: 'bloom', n_layer: 70, hidden_size: 14336, n_head: 112, vocab_size: 250880 },
    source: 'BLOOM model cards (layers, hidden size, heads; vocab 250880) as in the bigscience/bloom* config.json; module printout in tenstorrent/tt-metal:tests/python_api_testing/models/bloom_old/README.md',
  },

  // StableLM (stabilityai): LayerNorm with bias, gated MLP, partial rotary (no weights).
  {
    id: 'stabilityai/stablelm-3b-4e1t',
    aliases: ['stabilityai/stablelm-zephyr-3b', 'stabilityai/stable-code-3b'],
    config: { model_type: 'stablelm', num_hidden_layers: 32, hidden_size: 2560, num_attention_heads: 32, num_key_value_heads: 32, intermediate_size: 6912, vocab_size: 50304, max_position_embeddings: 4096, tie_word_embeddings: false, partial_rotary_factor: 0.25, use_qkv_bias: false, use_parallel_residual: false, qk_layernorm: false },
    source: 'Lightning-AI/litgpt@26857050fe3f:litgpt/config.py (stablelm-3b-4e1t, stablelm-zephyr-3b, stable-code-3b)',
  },

  // Yi (01-ai): Llama layout, 64,000-token vocabulary, untied.
  {
    id: '01-ai/Yi-6B',
    aliases: ['01-ai/Yi-6B-Chat'],
    config: { model_type: 'llama', num_hidden_layers: 32, hidden_size: 4096, num_attention_heads: 32, num_key_value_heads: 4, intermediate_size: 11008, vocab_size: 64000, max_position_embeddings: 4096, tie_word_embeddings: false },
    source: 'smalltong02/keras-llm-robot@86a811b0b956:models/llm/Yi-6B-Chat-4bits/config.json (AWQ copy of the Yi-6B-Chat config.json; quantisation changes no shape)',
  },
  {
    id: '01-ai/Yi-34B',
    aliases: ['01-ai/Yi-34B-Chat', '01-ai/Yi-1.5-34B-Chat'],
    config: { model_type: 'llama', num_hidden_layers: 60, hidden_size: 7168, num_attention_heads: 56, num_key_value_heads: 8, intermediate_size: 20480, vocab_size: 64000, max_position_embeddings: 4096, tie_word_embeddings: false },
    source: 'smalltong02/keras-llm-robot@86a811b0b956:models/llm/Yi-34B-Chat-4bits/config.json; smalltong02/keras-llm-robot@cc926789163c:models/llm/Yi-1.5-34B-Chat-GPTQ-Int4/config.json (same shapes)',
  },

  // Granite (ibm-granite): the multipliers are scalars, not weights; Granite MoE puts 32 experts of
  // intermediate_size in every layer.
  {
    id: 'ibm-granite/granite-3.1-1b-a400m-instruct',
    aliases: ['ibm-granite/granite-3.1-1b-a400m-base'],
    config: { model_type: 'granitemoe', num_hidden_layers: 24, hidden_size: 1024, num_attention_heads: 16, num_key_value_heads: 8, intermediate_size: 512, vocab_size: 49155, max_position_embeddings: 131072, tie_word_embeddings: true, num_local_experts: 32, num_experts_per_tok: 8, attention_bias: false, embedding_multiplier: 12.0, attention_multiplier: 0.015625, residual_multiplier: 0.22, logits_scaling: 6.0 },
    source: 'leok7v/nano-lamma@c16de35338ca:models/granite-3.1-1b-a400m-instruct/config.json',
  },
];
