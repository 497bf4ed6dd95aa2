// torchtitan TOML train config (docs/configs.md#torchtitan-toml, the format until the 2026-02 move to
// Python registries). The architecture is not in the file: `[model] name` + `flavor` select an
// entry of the Python flavor table (llama3: debugmodel, 8B, 70B, 405B). So the file names the
// registered flavor nearest the target, and the header gives the exact compute-optimal shape
// as a TransformerModelArgs entry to register (torchtitan/models/llama3/__init__.py) with the
// commented `flavor` line to switch to once it is. `global_batch_size` is stated, so the
// tokens do not depend on the data-parallel degree.

import { commentBlock, directiveLine, floatLiteral, type ConfigDraft, type ConfigWriter } from './types';

/** torchtitan's activation_checkpoint keys for the chosen mode (per-op selective, the recipes' choice, by default). */
function checkpointLines(d: ConfigDraft): string {
  const mode = d.layout?.checkpointing ?? 'selective-op';
  return mode === 'selective-op' ? 'mode = "selective"\nselective_ac_option = "op"' : `mode = "${mode === 'full' ? 'full' : 'none'}"`;
}

export const torchtitanWriter: ConfigWriter = {
  id: 'torchtitan',
  name: 'torchtitan',
  language: 'toml',
  fileName: (d) => `${d.name.replace(/-/g, '_')}.toml`,
  write(d: ConfigDraft): string {
    const a = d.architecture;
    const t = d.torchtitan!;
    return `${commentBlock(d.header)}
${commentBlock(t.snippet, '# ', Infinity)}
${directiveLine(d)}

[job]
dump_folder = "./outputs"
description = "${d.name} (Scaling Lens budget calculator)"

[metrics]
log_freq = 10
enable_tensorboard = true
save_tb_folder = "tb"

[model]
name = "llama3"
flavor = "${t.flavor}"
# flavor = "${t.customFlavor}"  # the compute-optimal shape, once registered (see above)
hf_assets_path = "./assets/hf/Llama-3.1-8B"

[optimizer]
name = "AdamW"
lr = ${floatLiteral(d.learningRate)}
eps = 1e-8

[lr_scheduler]
warmup_steps = ${d.warmupSteps}
decay_type = "cosine"
min_lr_factor = ${floatLiteral(d.minLearningRate / d.learningRate)}

[training]
local_batch_size = ${d.microBatch}
global_batch_size = ${d.sequences}  # ${d.sequences} × seq_len ${a.seqLen} tokens per step
seq_len = ${a.seqLen}
max_norm = 1.0
steps = ${d.steps}
dataset = "c4"

[parallelism]
data_parallel_replicate_degree = 1
data_parallel_shard_degree = -1
tensor_parallel_degree = 1
pipeline_parallel_degree = 1
context_parallel_degree = 1

[activation_checkpoint]
${checkpointLines(d)}
`;
  },
};
