// axolotl YAML (docs/configs.md#axolotl): the model is a Hub id (`base_model`, or
// `base_model_config` for its config) adjusted by `overrides_of_model_config`; the batch is
// micro_batch_size per GPU × gradient_accumulation_steps × world size; the run is
// `num_epochs` over datasets the file does not size, unless `max_steps` is set.
//
// Defaults: axolotl-ai-cloud/axolotl src/axolotl/utils/schemas/config.py (sequence_len 512,
// num_epochs 1, gradient_accumulation_steps 1).

import type { Precision, Traced } from '../../core/plan';
import type { ArchParts, PlanBuilder } from '../shared/builder';
import { hfArchitectureParts, hfModelConfig, registryLookup, type HfKeyLookup } from '../shared/hfArchitecture';
import { directiveTokens, withRun } from '../shared/fineTune';
import { applyDeepspeedFile, deepspeedFile, withFilePrecision, type DeepspeedFileRead } from '../shared/deepspeedFile';
import { ARCH_RULE, yamlFields, type YamlFields } from '../shared/yamlFields';
import type { YamlConfig } from '../shared/yamlConfig';
import { yamlLookup } from '../shared/yamlLookup';
import { sniffYaml } from '../shared/yamlSniff';
import type { ReadContext, ReadResult, Reader } from '../types';
import { axolotlRun } from './axolotlRun';
import { openYaml } from '../shared/yamlReader';

const NAME = 'axolotl';
const AX = 'axolotl default (utils/schemas/config.py)';

export const axolotlReader: Reader = {
  id: 'axolotl',
  name: NAME,
  detect(text) {
    const shape = sniffYaml(text);
    if (!shape.top.has('base_model')) return 0;
    if (shape.top.has('micro_batch_size') || shape.top.has('sequence_len')) return 0.9;
    return ['num_epochs', 'gradient_accumulation_steps', 'datasets', 'adapter', 'pretraining_dataset'].some((k) => shape.top.has(k)) ? 0.65 : 0.4;
  },
  read(text, _fileName, ctx: ReadContext): ReadResult {
    const open = openYaml('axolotl', NAME, text, ctx);
    if ('done' in open) return open.done;
    const { b, y } = open;
    const f = yamlFields(b, y);

    const parts = modelParts(b, f, y);
    const seqLen = f.numOr('sequence_len', 'batch', 512, `${AX}: sequence_len 512`, ARCH_RULE) ?? null;
    if (parts && seqLen) parts.seqLen = seqLen;
    const architecture = parts ? b.architecture(parts) : null;

    const micro = f.num('micro_batch_size', 'batch', { integer: true, min: 1 });
    const accum = f.numOr('gradient_accumulation_steps', 'batch', 1, `${AX}: gradient_accumulation_steps 1`, { integer: true, min: 1 });
    const maxSteps = f.num('max_steps', 'duration', { integer: true, min: 1 });
    const epochs = maxSteps ? undefined : f.numOr('num_epochs', 'duration', 1, `${AX}: num_epochs 1`, { min: 0 });
    const packing = f.bool('sample_packing');
    if (!f.entry('micro_batch_size')) b.problem('warning', 'missing-value', 'micro_batch_size is not set, so the batch size is not known.', null);
    const run = axolotlRun(b, f, y, micro, accum);
    const stage = run.kind?.stage?.value;
    // Preference stages train on pairs: a chosen and a rejected sequence per sample.
    const pairs = stage === 'dpo' || stage === 'orpo' || stage === 'simpo' ? 2 : 1;

    let gpuCount = b.gpuCount();
    if (maxSteps && micro && !gpuCount)
      gpuCount = b.requireGpuCount('Tokens per step are micro_batch_size × gradient_accumulation_steps × GPUs × sequence_len.');
    const sequences =
      micro && accum && gpuCount
        ? b.derived(
            'global batch (sequences)',
            micro.value * accum.value * gpuCount.value,
            'batch',
            `micro_batch_size ${micro.value} × gradient_accumulation_steps ${accum.value} × ${gpuCount.value} GPUs`,
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
            `${sequences.value} sequences × sequence_len ${seqLen.value}`,
            sequences.range,
            sequences.origin === 'assumed' ? 'assumed' : 'derived',
          )
        : null;

    let tokens: Traced<number | null>;
    let tokensBound: 'exact' | 'upper' | undefined;
    if (maxSteps && batchTokens) {
      const packed = packing?.value ?? false;
      tokensBound = packed ? 'exact' : 'upper';
      const note = packed
        ? 'sample_packing fills every sequence, so each step trains on full sequences'
        : 'an upper bound: without sample_packing, samples shorter than sequence_len add padding, not tokens';
      const pairNote = pairs === 2 ? ` × 2 sequences per pair (${stage}: chosen and rejected)` : '';
      tokens = b.derived(
        'training tokens',
        maxSteps.value * batchTokens.value * pairs,
        'duration',
        `max_steps ${maxSteps.value} × ${batchTokens.value} tokens per step${pairNote} (${note})`,
        maxSteps.range,
        batchTokens.origin === 'assumed' ? 'assumed' : 'derived',
      );
    } else if (maxSteps) {
      tokens = b.trace(null, 'derived', 'max_steps', maxSteps.range, 'the batch size or sequence length is not known, so tokens per step are not known');
    } else {
      const n = epochs ? `${epochs.value} epoch${epochs.value === 1 ? '' : 's'}` : 'Epochs';
      tokens =
        directiveTokens(b, epochs, 'num_epochs') ??
        b.trace(
          null,
          'derived',
          'num_epochs',
          epochs?.range,
          `${n} over datasets the config does not size; set max_steps, or add \`# scaling-lens: dataset-tokens=N\` (tokens per epoch)`,
        );
    }

    const deepspeed = f.str('deepspeed');
    let ds: DeepspeedFileRead | null = null;
    if (deepspeed) {
      b.stated('deepspeed', deepspeed.value, deepspeed.entry.range, 'hardware', 'its ZeRO stage, offload and precision are read from the file');
      ds = deepspeedFile(b, deepspeed.value, deepspeed.entry.range, deepspeed.entry.valueRange);
      if (ds) applyDeepspeedFile(run, ds);
    }
    const result = b.finish({
      architecture,
      tokens,
      ...(tokensBound ? { tokensBound } : {}),
      batchTokens,
      steps: maxSteps ?? null,
      seqLen,
      gpuCount,
      precision: withFilePrecision(precision(b, f), ds),
      learningRate: f.num('learning_rate', 'optimizer', { min: 0, max: 10 }) ?? null,
    });
    return withRun(result, run);
  },
};

/** The base model from the registry, with `overrides_of_model_config` (or `model_config`) keys on top. */
function modelParts(b: PlanBuilder, f: YamlFields, y: YamlConfig): ArchParts | null {
  const base = f.str('base_model');
  const configId = f.str('base_model_config') ?? base;
  if (base) b.stated('base_model', base.value, base.entry.range, 'architecture');
  if (!configId) {
    b.problem('warning', 'missing-architecture', 'base_model is not set, so the model is not known.');
    return null;
  }
  if (configId !== base) b.stated('base_model_config', configId.value, configId.entry.range, 'architecture');
  const overridesKey = f.entry('overrides_of_model_config') ? 'overrides_of_model_config' : f.entry('model_config') ? 'model_config' : null;
  const overrides = overridesKey ? yamlLookup(y, `${overridesKey}.`, { origin: 'stated', label: true }) : null;
  const entry = hfModelConfig(
    b,
    configId.value,
    configId.entry.valueRange,
    "Open the model's config.json in the editor, or state its keys (num_hidden_layers, hidden_size, …) under overrides_of_model_config.",
  );
  if (!entry) return null;
  const registry = registryLookup(entry.config);
  const lookup: HfKeyLookup = overrides ? (key) => overrides(key) ?? registry(key) : registry;
  const parts = hfArchitectureParts(b, lookup, 'default', entry.id, entry.from);
  if (Object.keys(parts).length === 0) return null;
  const reinit = f.bool('reinit_weights');
  if (reinit?.value) b.stated('reinit_weights', true, reinit.entry.range, 'architecture', `pre-training from scratch on ${entry.id}'s architecture`);
  return parts;
}

function precision(b: PlanBuilder, f: YamlFields): Traced<Precision> | null {
  const bf16 = f.entry('bf16');
  if (bf16 && String(bf16.value).toLowerCase() === 'auto') {
    return b.trace('bf16', 'assumed', 'bf16: auto', bf16.range, 'bf16: auto uses bf16 where the GPU supports it (Ampere or newer)');
  }
  for (const [key, p] of [
    ['bf16', 'bf16'],
    ['fp16', 'fp16'],
    ['tf32', 'tf32'],
  ] as const) {
    const v = f.bool(key);
    if (v?.value) return b.trace(p, 'stated', key, v.entry.range);
  }
  return null;
}
