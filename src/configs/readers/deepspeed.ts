// DeepSpeed JSON (ds_config*.json; docs/configs.md#deepspeed-json): ZeRO stage, batch sizes and
// precision, but no model and no run length, which come from the training config that
// points to it. Many values are "auto": the HF Trainer / accelerate integration fills them
// from TrainingArguments at launch (transformers integrations/deepspeed.py
// HfTrainerDeepSpeedConfig.trainer_config_process).
//
// DeepSpeed asserts train_batch_size = train_micro_batch_size_per_gpu ×
// gradient_accumulation_steps × data-parallel world size, so three numbers give the world size.

import type { Precision, Traced } from '../../core/plan';
import { PlanBuilder } from '../shared/builder';
import { JsonConfig, jsonFields, type JsonFields } from '../shared/jsonConfig';
import { notAConfig } from '../shared/notAConfig';
import { deepspeedSetup, type Lookup } from '../shared/deepspeedSetup';
import type { RunSetup } from '../../core/runSetup';
import type { FieldRole, ReadContext, ReadResult, Reader } from '../types';

const NAME = 'DeepSpeed config';

const AUTO_FROM: Readonly<Record<string, string>> = {
  train_batch_size: 'per_device_train_batch_size × gradient_accumulation_steps × world size',
  train_micro_batch_size_per_gpu: 'per_device_train_batch_size',
  gradient_accumulation_steps: 'gradient_accumulation_steps',
  'optimizer.params.lr': 'learning_rate',
  'fp16.enabled': 'fp16',
  'bf16.enabled': 'bf16',
};

export const deepspeedReader: Reader = {
  id: 'deepspeed',
  name: NAME,
  detect(text, fileName) {
    if (/\.ya?ml$/i.test(fileName) || !/^\s*(\/\/[^\n]*\n\s*)*\{/.test(text)) return 0;
    // Model configs and GPT-NeoX configs (which embed DeepSpeed keys) are other formats.
    if (/"(model_type|num[-_]layers|hidden[-_]size|per_device_train_batch_size)"\s*:/.test(text)) return 0;
    if (/"zero_optimization"\s*:/.test(text)) return 0.9;
    if (/"train_micro_batch_size_per_gpu"\s*:/.test(text)) return 0.8;
    if (/"train_batch_size"\s*:/.test(text) && /"(fp16|bf16|optimizer|gradient_accumulation_steps)"\s*:/.test(text)) return 0.6;
    return 0;
  },
  read(text, _fileName, ctx: ReadContext): ReadResult {
    const b = new PlanBuilder('deepspeed', NAME, text, ctx, false);
    const parsed = JsonConfig.parse(text);
    b.addProblems(parsed.problems);
    const j = parsed.config;
    if (!j) return notAConfig(b);
    const f = jsonFields(b, j);

    b.problem(
      'info',
      'no-architecture',
      'A DeepSpeed config holds no model and no run length: open the training config that names it (TrainingArguments `deepspeed:`, axolotl, GPT-NeoX) for parameters and tokens.',
      null,
    );

    const stage = value(b, f, 'zero_optimization.stage', 'hardware', { integer: true, min: 0, max: 3 });
    if (f.entry('zero_optimization') && !stage) b.frameworkDefault('zero_optimization.stage', 0, 'hardware', 'DeepSpeed default ZeRO stage 0');

    const global = value(b, f, 'train_batch_size', 'batch', { integer: true, min: 1 });
    const micro = value(b, f, 'train_micro_batch_size_per_gpu', 'batch', { integer: true, min: 1 });
    const accum = value(b, f, 'gradient_accumulation_steps', 'batch', { integer: true, min: 1 });

    // World size from the batch identity, when all three are numbers.
    let inFile: Traced<number> | null = null;
    if (global && micro && accum) {
      const perStep = micro.value * accum.value;
      const world = global.value / perStep;
      if (Number.isInteger(world)) {
        inFile = b.derived(
          'GPUs (data parallel)',
          world,
          'hardware',
          `train_batch_size ${global.value} / (train_micro_batch_size_per_gpu ${micro.value} × gradient_accumulation_steps ${accum.value})`,
          global.range,
        );
      } else {
        b.problem(
          'error',
          'inconsistent-value',
          `train_batch_size ${global.value} is not a multiple of train_micro_batch_size_per_gpu × gradient_accumulation_steps = ${perStep}; DeepSpeed will refuse it.`,
          global.range ?? null,
        );
      }
    }

    const lr = value(b, f, 'optimizer.params.lr', 'optimizer', { min: 0, max: 10 });
    const lookup: Lookup = (key) => {
      const e = f.entry(key);
      return e ? { value: e.value, range: e.range } : undefined;
    };
    const setup: RunSetup = {
      ...(micro ? { microBatch: micro } : {}),
      ...(accum
        ? { gradAccum: accum }
        : !f.entry('gradient_accumulation_steps')
          ? { gradAccum: b.setupDefault(1, 'gradient_accumulation_steps 1 (DeepSpeed deepspeed/runtime/config.py)') }
          : {}),
      ...(inFile ? { parallel: { dp: inFile } } : {}),
      ...deepspeedSetup(b, lookup, true),
    };
    return b.finish({
      setup,
      architecture: null,
      tokens: b.trace(null, 'derived', NAME, null, 'a DeepSpeed config does not say how long the run is; the training config that uses it does'),
      gpuCount: b.gpuCount(inFile),
      precision: precision(b, f),
      learningRate: lr ?? null,
    });
  },
};

/** A number, or "auto" recorded with where the HF integration takes it from. */
function value(
  b: PlanBuilder,
  f: JsonFields,
  key: string,
  role: FieldRole,
  rule: { integer?: boolean; min?: number; max?: number },
): Traced<number> | undefined {
  const e = f.entry(key);
  if (e && typeof e.value === 'string' && e.value.trim().toLowerCase() === 'auto') {
    b.stated(
      key,
      'auto',
      e.range,
      role,
      `"auto": filled in at launch from TrainingArguments ${AUTO_FROM[key] ?? key} by the Hugging Face Trainer / accelerate`,
    );
    return undefined;
  }
  return f.num(key, role, rule);
}

function precision(b: PlanBuilder, f: JsonFields): Traced<Precision> | null {
  for (const [key, p] of [
    ['bf16.enabled', 'bf16'],
    ['fp16.enabled', 'fp16'],
  ] as const) {
    const e = f.entry(key);
    if (!e) continue;
    if (typeof e.value === 'string' && e.value.trim().toLowerCase() === 'auto') {
      b.stated(key, 'auto', e.range, 'precision', `"auto": enabled at launch when TrainingArguments sets ${AUTO_FROM[key]}`);
      continue;
    }
    const v = f.bool(key);
    if (v?.value) return b.trace(p, 'stated', key, e.range);
  }
  return null;
}
