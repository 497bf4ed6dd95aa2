// litgpt pretraining YAML (docs/configs.md#litgpt), in the layout of config_hub/pretrain/*.yaml
// with an inline `model_config:` (litgpt Config keys: a Llama block with RMSNorm, LLaMAMLP
// (SwiGLU), grouped-query attention through n_query_groups, no biases) and `train.max_tokens`,
// the run length litgpt stops at. The vocabulary is the Llama 2 tokenizer's 32,000 (TinyLlama's
// pretraining config uses it), so `tokenizer_dir` points at Llama-2-7b-hf.

import { commentBlock, directiveLine, floatLiteral, type ConfigDraft, type ConfigWriter } from './types';

export const litgptWriter: ConfigWriter = {
  id: 'litgpt',
  name: 'litgpt',
  language: 'yaml',
  fileName: (d) => `${d.name}.yaml`,
  write(d: ConfigDraft): string {
    const a = d.architecture;
    const gpus = d.hardware.gpus;
    const nodes = gpus > 8 && gpus % 8 === 0 ? gpus / 8 : 1;
    const devices = gpus / nodes;
    return `${commentBlock(d.header)}
${directiveLine(d)}

# The model (a litgpt Config). Mutually exclusive with model_name.
model_config:
  name: ${d.name}
  block_size: ${a.seqLen}
  vocab_size: ${a.vocab}
  padded_vocab_size: ${a.vocab}
  n_layer: ${a.layers}
  n_embd: ${a.dModel}
  n_head: ${a.heads}
  n_query_groups: ${a.kvHeads}
  head_size: ${a.headDim}
  rotary_percentage: 1.0
  parallel_residual: false
  bias: false
  norm_class_name: RMSNorm
  norm_eps: 1.0e-05
  mlp_class_name: LLaMAMLP
  intermediate_size: ${a.ffn}

out_dir: out/pretrain/${d.name}
precision: bf16-mixed
initial_checkpoint_dir:
resume: false
# data: your DataModule (litgpt pretrains on TinyLlama's data when left out)
tokenizer_dir: checkpoints/meta-llama/Llama-2-7b-hf

train:
  save_interval: 1000
  log_interval: 1
  # Samples per optimizer step across all GPUs: ${d.sequences} × ${a.seqLen} tokens
  global_batch_size: ${d.sequences}
  # Samples per GPU per forward pass
  micro_batch_size: ${d.microBatch}
  lr_warmup_steps: ${d.warmupSteps}
  epochs:
  # Total number of tokens to train on
  max_tokens: ${Math.round(d.tokens)}
  max_steps:
  max_seq_length: ${a.seqLen}
  tie_embeddings: false
  max_norm: 1.0
  min_lr: ${floatLiteral(d.minLearningRate)}

eval:
  interval: 1000
  max_iters: 100

optimizer:
  class_path: torch.optim.AdamW
  init_args:
    lr: ${floatLiteral(d.learningRate)}
    weight_decay: 0.1
    betas:
      - 0.9
      - 0.95

devices: ${devices}
num_nodes: ${nodes}
logger_name: tensorboard
seed: 42
`;
  },
};
