// Hugging Face `config.json` for a LlamaForCausalLM (transformers LlamaConfig keys). JSON has
// no comments and a model config has no training length, so the provenance and the number of
// tokens to train on travel with the command's result, not in the file.

import type { ConfigDraft, ConfigWriter } from './types';

export const hfConfigWriter: ConfigWriter = {
  id: 'hf-config',
  name: 'Hugging Face config.json',
  language: 'json',
  fileName: () => 'config.json',
  write(d: ConfigDraft): string {
    const a = d.architecture;
    const config = {
      architectures: ['LlamaForCausalLM'],
      model_type: 'llama',
      attention_bias: false,
      attention_dropout: 0.0,
      bos_token_id: 1,
      eos_token_id: 2,
      head_dim: a.headDim,
      hidden_act: 'silu',
      hidden_size: a.dModel,
      initializer_range: 0.02,
      intermediate_size: a.ffn,
      max_position_embeddings: a.seqLen,
      mlp_bias: false,
      num_attention_heads: a.heads,
      num_hidden_layers: a.layers,
      num_key_value_heads: a.kvHeads,
      rms_norm_eps: 1e-5,
      rope_theta: 10000.0,
      tie_word_embeddings: false,
      torch_dtype: 'bfloat16',
      use_cache: true,
      vocab_size: a.vocab,
    };
    return `${JSON.stringify(config, null, 2)}\n`;
  },
};
