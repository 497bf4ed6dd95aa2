// The commands of `scaling-lens` as tables: the flags each command's parser accepts
// (args.parseCommand) and the text `--help` prints (args.usage) come from the same entry.

import { WRITERS } from '../configs/writers/index';
import { RUN_KEYS } from '../configs/shared/runHints';
import { DEFAULT_ACCELERATOR_ID, DEFAULT_GPU_COUNT, DEFAULT_LAW_ID, FLOP_CONVENTIONS } from '../core/index';
import type { CommandSpec, Flag } from './args';

const or = (ids: readonly string[]) => `${ids.slice(0, -1).join(', ')} or ${ids[ids.length - 1]}`;

const json: Flag = { type: 'boolean', help: 'print JSON instead of text' };
const law: Flag = { type: 'string', value: 'ID', help: `scaling law (default ${DEFAULT_LAW_ID}; \`scaling-lens laws\` lists them)` };
const gpu: Flag = { type: 'string', value: 'ID', help: 'accelerator (`scaling-lens gpus` lists them)' };
const mfu: Flag = {
  type: 'string',
  value: 'X',
  help: "model FLOPs utilization, 0.45 or 45% (default: the throughput model's prediction for the run; the GPU generation's default when the architecture is unknown)",
};
const clusterEfficiency: Flag = {
  type: 'string',
  value: 'X',
  help: "share of a whole run's GPU-hours spent in training steps, 0.85 or 85% (default 0.9: evaluation, checkpoints and restarts take the rest)",
};
const bootstrap: Flag = { type: 'string', value: 'N', help: 'bootstrap resamples for the 95% intervals (default 200, 0 for none)' };
const seed: Flag = { type: 'string', value: 'S', help: 'random seed of the bootstrap (default 1)' };

/**
 * The run flags (runHints.ts RUN_KEYS): they override or supply the file's values, so a
 * Hugging Face config.json plus flags describes a run.
 */
export const RUN_FLAGS: Readonly<Record<string, Flag>> = Object.fromEntries(
  RUN_KEYS.map((k) => [k.name, k.value === undefined ? { type: 'boolean', help: k.help } : { type: 'string', value: k.value, help: k.help }] as const),
);

export const ESTIMATE: CommandSpec = {
  name: 'estimate',
  summary: 'Read training configs: exact parameters, tokens, FLOPs, loss, GPU-hours and cost.',
  synopsis: ['estimate FILE... [options]'],
  positionals: 'FILE...',
  flags: {
    json,
    gpu: { ...gpu, help: `accelerator when the config does not say (default ${DEFAULT_ACCELERATOR_ID}; \`scaling-lens gpus\` lists them)` },
    gpus: { type: 'string', value: 'N', help: `GPU count when the config does not say (default ${DEFAULT_GPU_COUNT})` },
    mfu,
    'cluster-efficiency': clusterEfficiency,
    price: { type: 'string', value: 'USD', help: 'dollars per GPU-hour (default: the catalog price of the GPU)' },
    law,
    'flops-convention': { type: 'string', value: 'C', help: `how FLOPs are counted: ${or(Object.keys(FLOP_CONVENTIONS))} (default palm)` },
    entry: {
      type: 'string',
      value: 'NAME',
      help: 'in a file that defines several runs (torchtitan config_registry.py), estimate only the function NAME (default: every run)',
    },
    ...RUN_FLAGS,
    hub: {
      type: 'boolean',
      help: "fetch the config.json of a model that is neither in Scaling Lens's table, at a local path, nor in the Hugging Face cache from the Hub (cached; off by default)",
    },
    'hub-endpoint': { type: 'string', value: 'URL', help: 'Hub base URL for --hub (default $HF_ENDPOINT, else https://huggingface.co)' },
  },
  notes: [
    'A `# scaling-lens: gpus=64 gpu=H100-SXM mfu=0.45 price=2.5 cluster-efficiency=0.85` line in a config wins over the defaults.',
    "Run flags (--seq-len … --compile) override the file's values; the same keys work in the directive (`# scaling-lens: tp=8 micro-batch=2`), where they only fill what the file leaves out.",
    'A model the table lacks is read from its config.json: a local path (`model_name_or_path: ./my-model`), then the Hugging Face cache ($HF_HUB_CACHE, $HF_HOME/hub, ~/.cache/huggingface/hub), then, with --hub only, the Hub.',
  ],
};

/** The network key of the run flags, for predict, which takes no other run flag. */
const INTER_NODE = ((k) => ({ type: 'string' as const, value: k.value!, help: k.help }))(RUN_KEYS.find((k) => k.key === 'interNodeGbps')!);

export const PREDICT: CommandSpec = {
  name: 'predict',
  summary: 'Predict the loss of N parameters trained on D tokens; with --gpu, also FLOPs, GPU-hours and cost.',
  synopsis: ['predict --params N --tokens D [--gpu ID [--gpus K] [--mfu X] [--price USD]] [options]'],
  flags: {
    params: { type: 'string', value: 'N', help: 'parameters (required), e.g. 70B' },
    tokens: { type: 'string', value: 'D', help: 'training tokens (required), e.g. 1.4T' },
    'unique-tokens': { type: 'string', value: 'U', help: 'unique tokens when data repeats (needs --law muennighoff-2023)' },
    law,
    gpu,
    gpus: { type: 'string', value: 'K', help: `GPU count (needs --gpu; default ${DEFAULT_GPU_COUNT})` },
    mfu: { ...mfu, help: 'model FLOPs utilization, 0.45 or 45% (needs --gpu; default: predicted by the throughput model)' },
    'cluster-efficiency': { ...clusterEfficiency, help: `${clusterEfficiency.help} (needs --gpu; applies to the model's prediction, not to a stated --mfu)` },
    price: { type: 'string', value: 'USD', help: 'dollars per GPU-hour (needs --gpu; default: its catalog price)' },
    precision: { type: 'string', value: 'P', help: 'bf16, fp16, fp8 or fp32: which dense peak prices the run (needs --gpu; default bf16)' },
    'seq-len': { type: 'string', value: 'T', help: 'context length for the attention FLOPs (needs --gpu; default 2048, assumed)' },
    'inter-node-gbps': { ...INTER_NODE, help: `${INTER_NODE.help} (needs --gpu)` },
    'flops-convention': {
      type: 'string',
      value: 'C',
      help: `how FLOPs are counted: ${or(Object.keys(FLOP_CONVENTIONS))} (needs --gpu; default palm, the convention of the default MFUs)`,
    },
    vocab: { type: 'string', value: 'V', help: "vocabulary size: losses above ln V are refused (default: the law's training vocabulary, assumed)" },
    json,
  },
};

export const OPTIMAL: CommandSpec = {
  name: 'optimal',
  summary: 'The compute-optimal model size and tokens for a budget of FLOPs, GPU time or dollars.',
  synopsis: [
    'optimal --flops C [options]',
    'optimal --gpu ID --gpus K --days T [--mfu X] [options]',
    'optimal --dollars USD --gpu ID [--price P] [--mfu X] [options]',
  ],
  flags: {
    flops: { type: 'string', value: 'C', help: 'training FLOPs, e.g. 1e23' },
    gpu,
    gpus: { type: 'string', value: 'K', help: 'GPU count, with --days' },
    days: { type: 'string', value: 'T', help: 'days of training, with --gpu and --gpus' },
    dollars: { type: 'string', value: 'USD', help: 'budget in dollars, with --gpu' },
    price: { type: 'string', value: 'P', help: 'dollars per GPU-hour, with --dollars (default: the catalog price of the GPU)' },
    mfu,
    law,
    'unique-tokens': { type: 'string', value: 'U', help: 'unique tokens available (data-constrained law muennighoff-2023)' },
    json,
    config: { type: 'string', value: 'FRAMEWORK', help: `print a training config for the answer: ${or(WRITERS.map((w) => w.id))}` },
    point: { type: 'string', value: 'ID', help: 'which point --config writes: optimal (default), 1/2, 1/4, 1/8 or data-constrained' },
  },
};

export const BUDGET: CommandSpec = {
  name: 'budget',
  summary: 'What released model can these GPUs fine-tune, with which method (full, LoRA, QLoRA)? Or a LLaMA-Factory config for one.',
  synopsis: [
    'budget --finetune --gpu ID [--gpus K] [--seq-len N] [--micro-batch B] [--json]',
    'budget --finetune --gpu ID --model HF_ID --method full|lora|qlora [--config llama-factory]',
  ],
  flags: {
    finetune: { type: 'boolean', help: 'fine-tuning mode (the pretraining budget is `scaling-lens optimal`)' },
    gpu,
    gpus: { type: 'string', value: 'K', help: 'GPU count (default 1)' },
    'seq-len': { type: 'string', value: 'N', help: "sequence length (default 2048, LLaMA-Factory's cutoff_len)" },
    'micro-batch': { type: 'string', value: 'B', help: 'sequences per GPU per step (default 1)' },
    model: { type: 'string', value: 'HF_ID', help: 'one released model (a Hugging Face id the table knows)' },
    method: { type: 'string', value: 'M', help: 'full, lora or qlora, with --model' },
    config: { type: 'string', value: 'FRAMEWORK', help: 'print the fine-tuning config for --model and --method: llama-factory' },
    json,
  },
};

export const FIT: CommandSpec = {
  name: 'fit',
  summary: 'Fit L(N, D) = E + A/N^α + B/D^β to your own runs, with bootstrap bands.',
  synopsis: ['fit RUNS.csv|RUNS.jsonl [options]'],
  positionals: 'RUNS',
  flags: {
    json,
    'drop-highest-loss': { type: 'string', value: 'K', help: 'leave out the K runs of highest loss (default 0)' },
    bootstrap,
    seed,
    'params-column': { type: 'string', value: 'C', help: 'column of the parameter count (a sum such as `a + b` works)' },
    'tokens-column': { type: 'string', value: 'C', help: 'column of the training tokens' },
    'flops-column': { type: 'string', value: 'C', help: 'column of the training FLOPs (tokens = FLOPs / 6N), instead of --tokens-column' },
    'loss-column': { type: 'string', value: 'C', help: 'column of the final loss' },
    'loss-unit': { type: 'string', value: 'TEXT', help: 'what the loss measures, shown with the fitted law' },
    params: { type: 'string', value: 'N', help: 'predict the loss at N parameters (with --tokens)' },
    tokens: { type: 'string', value: 'D', help: 'predict the loss at D tokens (with --params)' },
    flops: { type: 'string', value: 'C', help: 'the compute-optimal N and D at C FLOPs under the fitted law' },
  },
  notes: ['Columns are found by name when not given (params, N, tokens, D, loss, …).'],
};

export const FORECAST: CommandSpec = {
  name: 'forecast',
  summary: 'Fit L(t) = E + A·t^(−α) to a training log and forecast the loss further on.',
  synopsis: ['forecast LOG.csv|LOG.jsonl [--until TOKENS | --until-step S] [options]'],
  positionals: 'LOG',
  flags: {
    until: { type: 'string', value: 'TOKENS', help: 'forecast the loss at this many tokens (default: 2×, 4× and 10× what was logged)' },
    'until-step': { type: 'string', value: 'S', help: 'forecast the loss at step S' },
    'tokens-per-step': { type: 'string', value: 'N', help: 'tokens per optimizer step, for a log that counts steps only' },
    'skip-fraction': { type: 'string', value: 'F', help: 'leave out the first fraction F of the log (warmup; default 0.1)' },
    'step-column': { type: 'string', value: 'C', help: 'column of the step' },
    'tokens-column': { type: 'string', value: 'C', help: 'column of the tokens seen' },
    'loss-column': { type: 'string', value: 'C', help: 'column of the loss' },
    bootstrap,
    seed,
    json,
  },
};

export const LAWS: CommandSpec = {
  name: 'laws',
  summary: 'List the built-in scaling laws: formula, citation, dataset and fitted range.',
  synopsis: ['laws [--json]'],
  flags: { json },
};

export const GPUS: CommandSpec = {
  name: 'gpus',
  summary: 'List the accelerator catalog: peak TFLOPS, memory, default MFU and price.',
  synopsis: ['gpus [--json]'],
  flags: { json },
};

/** In the order `scaling-lens --help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [ESTIMATE, PREDICT, OPTIMAL, BUDGET, FIT, FORECAST, LAWS, GPUS];
