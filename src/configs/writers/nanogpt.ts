// nanoGPT config file (docs/configs.md#nanogpt): top-level assignments that train.py's
// configurator execs over its globals. The model is GPT-2 shaped (learned positions, 4·d GELU
// MLP, tied head); `bias = False` is train.py's default (LayerNorm weights only); the vocab is
// 50,304 (GPT-2's 50,257 padded to a multiple of 64, what train.py uses without meta.pkl).
// gradient_accumulation_steps is global: train.py divides it by the GPU count.

import { commentBlock, directiveLine, floatLiteral, type ConfigDraft, type ConfigWriter } from './types';

export const nanogptWriter: ConfigWriter = {
  id: 'nanogpt',
  name: 'nanoGPT',
  language: 'python',
  fileName: (d) => `train_${d.name.replace(/-/g, '_')}.py`,
  write(d: ConfigDraft): string {
    const a = d.architecture;
    const gpus = d.hardware.gpus;
    const gradAccum = d.sequences / d.microBatch;
    const file = `config/${nanogptWriter.fileName(d)}`;
    const launch =
      gpus <= 8
        ? `torchrun --standalone --nproc_per_node=${gpus} train.py ${file}`
        : gpus % 8 === 0
          ? `torchrun --nproc_per_node=8 --nnodes=${gpus / 8} --node_rank=<0…${gpus / 8 - 1}> --master_addr=<first node> --master_port=1234 train.py ${file} (on each node, as in nanoGPT's README)`
          : `torchrun over ${gpus} GPUs (train.py ${file}); see nanoGPT's README for several nodes`;
    return `${commentBlock([...d.header, `Launch: ${launch}`])}
${directiveLine(d)}

out_dir = 'out-${d.name}'
eval_interval = 1000
eval_iters = 200
log_interval = 10
always_save_checkpoint = True

wandb_log = False
wandb_project = 'scaling-lens'
wandb_run_name = '${d.name}'

dataset = 'openwebtext'

# model
n_layer = ${a.layers}
n_head = ${a.heads}
n_embd = ${a.dModel}
block_size = ${a.seqLen}
bias = False
dropout = 0.0

# ${d.sequences} sequences × ${a.seqLen} tokens per step: batch_size per GPU × gradient_accumulation_steps
# (global: train.py divides it by the ${gpus} GPUs, ${gradAccum / gpus} micro-steps each)
batch_size = ${d.microBatch}
gradient_accumulation_steps = ${gradAccum}
max_iters = ${d.steps}
lr_decay_iters = ${d.steps}

# AdamW, cosine schedule
learning_rate = ${floatLiteral(d.learningRate)}
min_lr = ${floatLiteral(d.minLearningRate)}
warmup_iters = ${d.warmupSteps}
decay_lr = True
weight_decay = 1e-1
beta1 = 0.9
beta2 = 0.95
grad_clip = 1.0

dtype = 'bfloat16'
compile = True
`;
  },
};
