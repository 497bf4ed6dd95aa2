// LLaMA-Factory fine-tuning YAML for a planned fine-tune (core/fineTunePlanner.ts), in the layout
// and with the keys of LLaMA-Factory's own examples (hiyouga/LLaMA-Factory@ff6d4d12eeb035d6ce06805a5733dd7b29f2ac30:
// examples/train_lora/*.yaml, examples/train_qlora/*.yaml, examples/train_full/*.yaml; the QLoRA one
// is test/fixtures/finetune/hiyouga__LLaMA-Factory/examples/train_qlora/qwen3_lora_sft_otfq.yaml).
// `gradient_checkpointing: true` is the TrainingArguments key, stated so the file says what the
// memory figure assumes. The hardware travels as a `# scaling-lens:` directive.

import type { FineTunePlan, ModelPlan, PlannedMethod } from '../../core/fineTunePlanner';
import { PLANNER_LORA } from '../../core/fineTunePlanner';
import { formatDecimals, formatInteger, formatQuantity } from '../../format/index';
import { commentBlock } from './types';

export interface FineTuneProposal {
  readonly fileName: string;
  readonly language: 'yaml';
  readonly text: string;
  readonly model: string;
  readonly method: PlannedMethod;
}

const METHOD_NAMES: Readonly<Record<PlannedMethod, string>> = { full: 'full fine-tuning', lora: 'LoRA', qlora: 'QLoRA' };

export function writeLlamaFactory(plan: FineTunePlan, model: ModelPlan, method: PlannedMethod): FineTuneProposal {
  const m = model.methods[method];
  const short = model.id.split('/').pop()!.toLowerCase();
  const gib = (b: number | null) => (b === null ? 'unknown' : formatDecimals(b / 2 ** 30, 1));
  const header = [
    `${model.id}, ${METHOD_NAMES[method]} SFT on ${plan.gpus} × ${plan.gpu} (Scaling Lens fine-tuning planner).`,
    `${formatInteger(m.trainableParams ?? 0)} trainable of ${formatInteger(model.counts.total)} parameters; ≈ ${gib(m.perGpuBytes)} GiB per GPU of ${formatDecimals(plan.capacityBytes / 1e9, 0)} GB (memory model)${m.tokensPerSecPerGpu !== null ? `, ≈ ${formatQuantity(m.tokensPerSecPerGpu)} tokens/s per GPU (throughput model)` : ''}.`,
    `Assumed: ${plan.assumptions.join('; ')}.`,
    'Set dataset and template (the chat template of your model: llama3, qwen, mistral, gemma …) before training.',
  ];
  const lr = method === 'full' ? '1.0e-5' : '1.0e-4';
  const quant = method === 'qlora' ? 'quantization_bit: 4\nquantization_method: bnb\n' : '';
  const lora = method === 'full' ? '' : `lora_rank: ${PLANNER_LORA.rank}\nlora_alpha: ${PLANNER_LORA.alpha}\nlora_target: all\n`;
  const text = `${commentBlock(header)}
# scaling-lens: gpus=${plan.gpus} gpu=${plan.gpu}

### model
model_name_or_path: ${model.id}
${quant}trust_remote_code: true

### method
stage: sft
do_train: true
finetuning_type: ${method === 'full' ? 'full' : 'lora'}
${lora}
### dataset
dataset: alpaca_en_demo
template: default
cutoff_len: ${plan.seqLen}
overwrite_cache: true
preprocessing_num_workers: 16
dataloader_num_workers: 4

### output
output_dir: saves/${short}/${method}/sft
logging_steps: 10
save_steps: 500
plot_loss: true
overwrite_output_dir: true
save_only_model: false
report_to: none

### train
per_device_train_batch_size: ${plan.microBatch}
gradient_accumulation_steps: ${plan.gradAccum}
gradient_checkpointing: true
learning_rate: ${lr}
num_train_epochs: 3.0
lr_scheduler_type: cosine
warmup_ratio: 0.1
bf16: true
ddp_timeout: 180000000
`;
  return { fileName: `${short.replace(/[^a-z0-9.-]+/g, '_')}_${method}_sft.yaml`, language: 'yaml', text, model: model.id, method };
}
