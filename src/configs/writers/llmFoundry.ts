// llm-foundry pretraining YAML (docs/configs.md#llm-foundry), in the layout of
// scripts/train/yamls/pretrain/mpt-*.yaml: an `mpt_causal_lm` with MPTConfig's defaults
// (learned positions, LayerNorm and linear biases, 4·d MLP, tied embeddings), the GPT-NeoX-20B
// tokenizer padded to 50,368 rows as in those files, `max_duration` in batches (Composer `ba`)
// and `global_train_batch_size` in samples across all GPUs.

import { commentBlock, directiveLine, floatLiteral, type ConfigDraft, type ConfigWriter } from './types';

export const llmFoundryWriter: ConfigWriter = {
  id: 'llm-foundry',
  name: 'llm-foundry',
  language: 'yaml',
  fileName: (d) => `${d.name}.yaml`,
  write(d: ConfigDraft): string {
    const a = d.architecture;
    return `${commentBlock(d.header)}
${directiveLine(d)}
variables:
  data_local: ./my-copy-c4
  data_remote:  # If blank, files must be present in data_local
  max_seq_len: ${a.seqLen}
  global_seed: 17
  run_name: ${d.name}

max_seq_len: \${variables.max_seq_len}
run_name: \${variables.run_name}

# Model
model:
  name: mpt_causal_lm
  init_device: meta
  d_model: ${a.dModel}
  n_heads: ${a.heads}
  n_layers: ${a.layers}
  expansion_ratio: 4
  max_seq_len: \${variables.max_seq_len}
  vocab_size: ${a.vocab}
  attn_config:
    attn_impl: flash

# Tokenizer
tokenizer:
  name: EleutherAI/gpt-neox-20b
  kwargs:
    model_max_length: \${variables.max_seq_len}

# Dataloaders
train_loader:
  name: text
  dataset:
    local: \${variables.data_local}
    remote: \${variables.data_remote}
    split: train
    shuffle: true
    max_seq_len: \${variables.max_seq_len}
    shuffle_seed: \${variables.global_seed}
  drop_last: true
  num_workers: 8

# Optimization
scheduler:
  name: cosine_with_warmup
  t_warmup: ${d.warmupSteps}ba
  alpha_f: ${floatLiteral(d.minLearningRate / d.learningRate)}

optimizer:
  name: decoupled_adamw
  lr: ${floatLiteral(d.learningRate)}
  betas:
  - 0.9
  - 0.95
  eps: 1.0e-08
  weight_decay: 0.0

algorithms:
  gradient_clipping:
    clipping_type: norm
    clipping_threshold: 1.0

# ${d.steps} batches × ${d.sequences} samples × ${a.seqLen} tokens
max_duration: ${d.steps}ba
eval_interval: 1000ba
eval_first: false
eval_subset_num_batches: -1
global_train_batch_size: ${d.sequences}

# System
seed: \${variables.global_seed}
device_eval_batch_size: ${d.microBatch}
device_train_microbatch_size: ${d.microBatch}
precision: amp_bf16

# FSDP
fsdp_config:
  sharding_strategy: FULL_SHARD
  mixed_precision: PURE
  activation_checkpointing: ${d.layout?.checkpointing === 'full' ? 'true' : 'false'}
  limit_all_gathers: true

# Logging
progress_bar: false
log_to_console: true
console_log_interval: 10ba
`;
  },
};
