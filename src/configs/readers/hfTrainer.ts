// Hugging Face TrainingArguments as YAML or JSON (HfArgumentParser, LLaMA-Factory, TRL;
// docs/configs.md#hugging-face-trainingarguments). The model is a Hub id (`model_name_or_path`), the batch is
// per device (× gradient accumulation × world size), and the run length is epochs over a
// dataset the file does not size, unless `max_steps` > 0 or LLaMA-Factory's `max_samples`
// caps it (then the tokens are an upper bound: samples may be shorter than `cutoff_len`).
//
// Defaults: transformers TrainingArguments (per_device_train_batch_size 8,
// gradient_accumulation_steps 1, num_train_epochs 3.0, max_steps -1, learning_rate 5e-5).
// LLaMA-Factory: hiyouga/LLaMA-Factory src/llamafactory/data/loader.py `_load_single_dataset`
// truncates *each* dataset to max_samples.

import type { Precision, Traced } from '../../core/plan';
import { PlanBuilder, type ArchParts } from '../shared/builder';
import { shellScriptOf } from '../shared/shellWords';
import { hfModelContextLength, hfModelParts } from '../shared/hfArchitecture';
import { directiveTokens, withRun } from '../shared/fineTune';
import { applyDeepspeedFile, deepspeedFile, withFilePrecision, type DeepspeedFileRead } from '../shared/deepspeedFile';
import { ARCH_RULE, yamlFields, type YamlFields } from '../shared/yamlFields';
import type { YamlConfig } from '../shared/yamlConfig';
import type { ReadContext, ReadResult, Reader } from '../types';
import { hfRun, OPEN_INSTRUCT_SRC as OI } from './hfTrainerRun';
import { findTrainerLaunch, trainerLaunch } from './hfTrainerLaunch';
import { openYaml } from '../shared/yamlReader';

const NAME = 'Hugging Face TrainingArguments';
const TA = 'transformers TrainingArguments default';

/** Keys only LLaMA-Factory's argument classes have. */
const LLAMA_FACTORY_KEYS = ['cutoff_len', 'max_samples', 'finetuning_type', 'stage', 'template', 'dataset_dir'];
/**
 * Keys of allenai/open-instruct's own argument classes (finetune.py FlatArguments, dpo_utils.py
 * and olmo_core_utils.py TrainingConfig), which take these YAMLs, not TrainingArguments. Not
 * `dataset_mixer`: alignment-handbook's DataArguments has it too (its older recipes set it with
 * TRL's use_peft).
 */
const OPEN_INSTRUCT_KEYS = ['dataset_mixer_list', 'use_lora', 'use_qlora', 'max_train_steps', 'use_slow_tokenizer'];

const sniffers = new Map<string, RegExp>();

/** `key:` at the start of a line. [ \t], not \s: \s spans newlines and goes quadratic on blank runs. */
function sniffKey(text: string, key: string): boolean {
  let re = sniffers.get(key);
  if (!re) sniffers.set(key, (re = new RegExp(`^[ \\t]*["']?${key}["']?[ \\t]*:`, 'm')));
  return re.test(text);
}

export const hfTrainerReader: Reader = {
  id: 'hf-trainer',
  name: NAME,
  detect(text, fileName) {
    if (isShellScript(text, fileName)) return /--per[-_]device[-_]train[-_]batch[-_]size/.test(text) && findTrainerLaunch(shellScriptOf(text)) ? 0.85 : 0;
    if (!sniffKey(text, 'per_device_train_batch_size')) return 0;
    // Other formats that could carry the key: axolotl (base_model), nanotron (parallelism).
    if (sniffKey(text, 'base_model') || sniffKey(text, 'parallelism')) return 0.3;
    const run = ['num_train_epochs', 'max_steps', 'learning_rate', 'gradient_accumulation_steps'].some((k) => sniffKey(text, k));
    const model = sniffKey(text, 'model_name_or_path') || sniffKey(text, 'output_dir');
    return run && model ? 0.9 : run || model ? 0.75 : 0.55;
  },
  read(text, fileName, ctx: ReadContext): ReadResult {
    if (isShellScript(text, fileName)) {
      const b = new PlanBuilder('hf-trainer', NAME, text, ctx);
      const script = shellScriptOf(text);
      for (const p of script.problems) b.problem('warning', 'parse-error', `Shell syntax: ${p.message}`, p.range);
      const found = findTrainerLaunch(script);
      if (!found) {
        b.problem('warning', 'no-invocation', 'No command passes TrainingArguments flags (--per_device_train_batch_size) to a Python trainer in this script.');
        return b.finish({ architecture: null, tokens: b.trace(null, 'derived', 'script', null, 'the script runs no trainer') });
      }
      if (found.command.forwardsArguments)
        b.problem(
          'info',
          'forwarded-arguments',
          'The script passes on its own command-line arguments ("$@"); flags given when it is run are not seen here.',
          found.command.range,
        );
      const launch = trainerLaunch(b, text, found.command, found.at);
      return readArguments(b, launch.y, fileName, launch.gpus);
    }
    const json = /\.json$/i.test(fileName) || /^\s*\{/.test(text);
    const open = openYaml('hf-trainer', NAME, text, ctx, { hashComments: !json });
    if ('done' in open) return open.done;
    return readArguments(open.b, open.y, fileName, null);
  },
};

/** The arguments as HfArgumentParser reads them, from a YAML/JSON file or a launch script's flags (`launchGpus`: the launcher's GPU count). */
function readArguments(b: PlanBuilder, y: YamlConfig, fileName: string, launchGpus: Traced<number> | null): ReadResult {
  const f = yamlFields(b, y);
  const llamaFactory = LLAMA_FACTORY_KEYS.some((k) => f.entry(k) !== undefined);
  const openInstruct = !llamaFactory && !f.entry('use_peft') && OPEN_INSTRUCT_KEYS.some((k) => f.entry(k) !== undefined);

  // Architecture from the Hub id.
  const id = f.str('model_name_or_path');
  let parts: ArchParts | null = null;
  if (id) {
    b.stated('model_name_or_path', id.value, id.entry.range, 'architecture');
    parts = hfModelParts(b, id.value, id.entry.valueRange);
    if (parts && Object.keys(parts).length === 0) parts = null;
  } else {
    b.problem('warning', 'missing-architecture', 'model_name_or_path is not set, so the model (and its parameter count) is not known.');
  }

  const seqLen = sequenceLength(b, f, llamaFactory, id?.value);
  if (parts && seqLen) parts.seqLen = seqLen;
  const architecture = parts ? b.architecture(parts) : null;

  // Batch: per device × accumulation × world size.
  const micro = f.numOr('per_device_train_batch_size', 'batch', 8, `${TA}: per_device_train_batch_size 8`, { integer: true, min: 1 });
  const accum = f.numOr('gradient_accumulation_steps', 'batch', 1, `${TA}: gradient_accumulation_steps 1`, { integer: true, min: 1 });
  // max_steps > 0 overrides num_train_epochs (TrainingArguments); open-instruct's max_train_steps
  // overrides its num_train_epochs (finetune.py, default 2) or num_epochs (DPO's TrainingConfig, default 1).
  const maxSteps = f.num(openInstruct ? 'max_train_steps' : 'max_steps', 'duration', { integer: true, min: -1 });
  const steps = maxSteps && maxSteps.value > 0 ? maxSteps : null;
  const epochKey = openInstruct && f.entry('num_epochs') ? 'num_epochs' : 'num_train_epochs';
  const epochDefault: [number, string] = openInstruct
    ? epochKey === 'num_epochs'
      ? [1, `${OI} open_instruct/olmo_core_utils.py TrainingConfig: num_epochs 1`]
      : [2, `${OI} open_instruct/finetune.py: num_train_epochs 2`]
    : [3, `${TA}: num_train_epochs 3.0`];
  const epochs = steps ? undefined : f.numOr(epochKey, 'duration', epochDefault[0], epochDefault[1], { min: 0 });
  const maxSamples = llamaFactory ? f.num('max_samples', 'data', { integer: true, min: 1 }) : undefined;
  const packing = f.bool('packing') ?? f.bool('neat_packing');
  const run = hfRun(b, f, y, fileName, llamaFactory ? 'llama-factory' : openInstruct ? 'open-instruct' : 'trl', {
    ...(micro ? { micro } : {}),
    ...(accum ? { accum } : {}),
    ...(id ? { modelId: id } : {}),
  });
  const stage = run.kind?.stage?.value;
  // LLaMA-Factory packs sequences when pre-training unless told otherwise.
  const packed = packing ? packing.value : llamaFactory && (stage === 'pretrain' || stage === 'continued-pretrain');
  // Preference and reward stages (DPO, ORPO, SimPO, reward modelling; LLaMA-Factory `dpo` and
  // `rm`) train on pairs: every sample is a chosen and a rejected sequence, both forwarded.
  const pairs = stage === 'dpo' || stage === 'orpo' || stage === 'simpo' || stage === 'reward' ? 2 : 1;
  const pairNote = pairs === 2 ? ` × 2 sequences per pair (${stage}: chosen and rejected)` : '';

  // LLaMA-Factory on Ray: one GPU per worker (hiyouga/LLaMA-Factory@ff6d4d1
  // src/llamafactory/hparams/training_args.py RayArguments.ray_num_workers; its example says "Number of GPUs to use").
  const rayWorkers = llamaFactory ? f.num('ray_num_workers', 'hardware', { integer: true, min: 1, max: 1e6 }) : undefined;
  let gpuCount = b.gpuCount(launchGpus ?? rayWorkers ?? null);
  if (steps && seqLen && !gpuCount)
    gpuCount = b.requireGpuCount('Tokens per step are per_device_train_batch_size × gradient_accumulation_steps × GPUs × sequence length.');
  const sequences =
    gpuCount && micro && accum
      ? b.derived(
          'global batch (sequences)',
          micro.value * accum.value * gpuCount.value,
          'batch',
          `per_device_train_batch_size ${micro.value} × gradient_accumulation_steps ${accum.value} × ${gpuCount.value} GPUs`,
          micro.range,
          gpuCount.origin === 'assumed' ? 'assumed' : 'derived',
        )
      : null;
  const batchTokens =
    sequences && seqLen
      ? b.derived(
          'tokens per step',
          sequences.value * seqLen.value,
          'batch',
          `${sequences.value} sequences × ${seqLen.value} tokens`,
          sequences.range,
          sequences.origin === 'assumed' || seqLen.origin === 'assumed' ? 'assumed' : 'derived',
        )
      : null;

  let tokens: Traced<number | null>;
  let tokensBound: 'exact' | 'upper' | undefined;
  if (steps) {
    if (batchTokens) {
      tokensBound = packed ? 'exact' : 'upper';
      const note = packed ? '' : ' (an upper bound: unpacked samples shorter than the sequence length add padding, not tokens)';
      tokens = b.derived(
        'training tokens',
        steps.value * batchTokens.value * pairs,
        'duration',
        `${steps.source} ${steps.value} × ${batchTokens.value} tokens per step${pairNote}${note}`,
        steps.range,
        batchTokens.origin === 'assumed' ? 'assumed' : 'derived',
      );
    } else {
      tokens = b.trace(null, 'derived', steps.source, steps.range, 'the sequence length is not known');
    }
  } else if (maxSamples && seqLen && epochs && packed) {
    // max_samples counts documents before packing; a document longer than the sequence length
    // fills several packed sequences, so the documents bound nothing.
    tokens = b.trace(
      null,
      'derived',
      'max_samples',
      maxSamples.range,
      `max_samples ${maxSamples.value} counts documents before packing, and a document can fill several ${seqLen.value}-token sequences: the tokens are not bounded by the file (set max_steps)`,
    );
  } else if (maxSamples && seqLen && epochs) {
    const datasets = datasetCount(y);
    const samples = maxSamples.value * datasets * pairs;
    const total = Math.ceil(epochs.value * samples * seqLen.value);
    tokensBound = 'upper';
    tokens = b.derived(
      'training tokens (upper bound)',
      total,
      'duration',
      `num_train_epochs ${epochs.value} × max_samples ${maxSamples.value}${datasets > 1 ? ` × ${datasets} datasets` : ''}${pairNote} × ${seqLen.source} ${seqLen.value}: an upper bound (samples may be shorter or the datasets smaller)`,
      maxSamples.range,
      seqLen.origin === 'assumed' ? 'assumed' : 'derived',
    );
  } else {
    const n = epochs ? `${epochs.value} epoch${epochs.value === 1 ? '' : 's'}` : 'Epochs';
    tokens =
      directiveTokens(b, epochs, epochKey) ??
      b.trace(
        null,
        'derived',
        epochKey,
        epochs?.range,
        `${n} over a dataset the config does not size; set ${openInstruct ? 'max_train_steps' : 'max_steps (or LLaMA-Factory max_samples)'}, or add \`# scaling-lens: dataset-tokens=N\` (tokens per epoch)`,
      );
  }

  const deepspeed = f.str('deepspeed');
  let ds: DeepspeedFileRead | null = null;
  if (deepspeed) {
    b.stated(
      'deepspeed',
      deepspeed.value,
      deepspeed.entry.range,
      'hardware',
      'its ZeRO stage, offload and precision are read from the file; its "auto" values are filled from these arguments',
    );
    ds = deepspeedFile(b, deepspeed.value, deepspeed.entry.range, deepspeed.entry.valueRange);
    if (ds) applyDeepspeedFile(run, ds);
  }

  const result = b.finish({
    architecture,
    tokens,
    ...(tokensBound ? { tokensBound } : {}),
    batchTokens,
    steps,
    seqLen,
    gpuCount,
    precision: withFilePrecision(precision(b, f, openInstruct), ds),
    learningRate: f.numOr('learning_rate', 'optimizer', 5e-5, `${TA}: learning_rate 5e-5`, { min: 0, max: 10 }) ?? null,
  });
  return withRun(result, run);
}

const SHELL_FILE = /\.(sh|bash|slurm|sbatch|zsh)$/i;
function isShellScript(text: string, fileName: string): boolean {
  return SHELL_FILE.test(fileName) || /^#!.*\b(ba|z|k)?sh\b/.test(text.slice(0, 100));
}

/** The training sequence length: LLaMA-Factory cutoff_len, TRL max_seq_length/max_length, run_clm block_size. */
function sequenceLength(b: PlanBuilder, f: YamlFields, llamaFactory: boolean, modelId: string | undefined): Traced<number> | null {
  for (const key of ['cutoff_len', 'max_seq_length', 'max_length', 'block_size']) {
    const t = f.num(key, 'batch', ARCH_RULE);
    if (t) return t;
  }
  if (llamaFactory) {
    return b.assumed(
      'cutoff_len',
      2048,
      'batch',
      'LLaMA-Factory default',
      'cutoff_len is not set: LLaMA-Factory defaults to 2048 in recent releases (1024 in older ones)',
    );
  }
  const context = modelId ? hfModelContextLength(modelId) : undefined;
  if (context)
    return b.assumed(
      'sequence length',
      context,
      'batch',
      `${modelId} context length`,
      `no sequence length in the file; the model's context length ${context} is assumed`,
    );
  return null;
}

/** LLaMA-Factory `dataset: a,b` (or a list) names several datasets, each truncated to max_samples. */
function datasetCount(y: YamlConfig): number {
  const v = y.toJS('dataset');
  if (typeof v === 'string') return Math.max(1, v.split(',').filter((s) => s.trim() !== '').length);
  if (Array.isArray(v)) return Math.max(1, v.length);
  return 1;
}

function precision(b: PlanBuilder, f: YamlFields, openInstruct: boolean): Traced<Precision> {
  for (const [key, p] of [
    ['bf16', 'bf16'],
    ['fp16', 'fp16'],
    ['tf32', 'tf32'],
  ] as const) {
    const v = f.bool(key);
    if (v?.value) return b.trace(p, 'stated', key, v.entry.range);
  }
  // LLaMA-Factory's pure_bf16 trains in bf16 without fp32 master weights (hparams/finetuning_args.py).
  const pure = f.bool('pure_bf16');
  if (pure?.value) return b.trace('bf16', 'stated', 'pure_bf16', pure.entry.range);
  if (openInstruct)
    return b.trace(
      'bf16',
      'default',
      `${OI} open_instruct/finetune.py`,
      null,
      'open-instruct loads the model in bfloat16 (from_pretrained dtype=torch.bfloat16) and its launch scripts run accelerate with --mixed_precision bf16',
    );
  return b.trace('fp32', 'default', `${TA} (no bf16/fp16)`, null, 'neither bf16 nor fp16 is set; a DeepSpeed or accelerate config may still set one');
}
