// torchtitan Python config registries (docs/configs.md#torchtitan-python-registry; torchtitan/models/<model>/config_registry.py, the format
// since the 2026 move away from train_configs/*.toml): each function returns a
// `Trainer.Config(...)` built from `model_registry("8B", converters=[...])`,
// `TrainingConfig(...)` and `ParallelismConfig(...)`; variants call a base function and assign
// attributes (`config.training.steps = 10`). Every function is one entry with its own estimate.
//
// Semantics: pytorch/torchtitan@b5bcd76 torchtitan/config/configs.py (TrainingConfig defaults:
// num_tokens_per_microbatch_per_dp_rank 16384, num_tokens_per_train_step -1, max_context_length
// 2048, steps 10000, mixed_precision_param "bfloat16"; ParallelismConfig: data_parallel_shard_degree
// -1, other degrees 1, num_pp_microbatches 1) and torchtitan/trainer.py (tokens per step =
// num_tokens_per_train_step, or num_tokens_per_microbatch_per_dp_rank × num_pp_microbatches
// (only with pipeline parallelism) × data-parallel degree).

import type { Precision, Traced } from '../../core/plan';
import { formatInteger } from '../../core/units';
import { TORCHTITAN_MODELS } from '../registry/torchtitan';
import { PlanBuilder, parsePrecision, type ArchParts } from '../shared/builder';
import { PyFields } from '../shared/pythonFields';
import { readPythonProgram, type PyFunctionInfo, type PyObject, type PyProgram, type PyVal } from '../shared/pythonProgram';
import type { ReadContext, ReadEntry, ReadResult, Reader } from '../types';
import { flavorParts, parallelism } from './torchtitanModel';

const NAME = 'torchtitan';
const DEFAULTS = 'torchtitan default';

const TRAINER = /(^|\.)Trainer\.Config$/;

export const torchtitanPythonReader: Reader = {
  id: 'torchtitan',
  name: NAME,
  detect(text, fileName) {
    if (!/\.py$/i.test(fileName) && /\.[A-Za-z0-9]+$/.test(fileName)) return 0;
    if (!/\bTrainer\.Config\b/.test(text)) return 0;
    // A function that builds a run; torchtitan's own modules mention Trainer.Config without one.
    const annotated = /^def\s+\w+\s*\([^)]*\)\s*->\s*Trainer\.Config\s*:/m.test(text);
    const registry = /\bmodel_registry\s*\(/.test(text);
    const built = /\breturn\s+Trainer\.Config\s*\(/.test(text);
    return annotated && registry ? 0.95 : annotated ? 0.8 : built && registry ? 0.7 : 0;
  },
  read(text, fileName, ctx): ReadResult {
    const program = readPythonProgram(text);
    const candidates = program.functions.filter((f) => TRAINER.test(f.returns) || (f.returns === '' && f.params.length === 0 && !f.name.startsWith('_')));
    const entries: ReadEntry[] = [];
    let first: ReadResult | null = null;
    for (const fn of candidates) {
      const value = program.call(fn.name);
      // Unannotated functions count only if they build a Trainer.Config.
      if (!TRAINER.test(fn.returns) && !(value.type === 'object' && TRAINER.test(value.callee))) continue;
      const r = readEntry(text, fileName, ctx, program, fn, value);
      first ??= r;
      entries.push({ name: fn.name, range: fn.range, plan: r.plan, fields: r.fields, problems: r.problems });
    }
    if (!first) {
      const b = new PlanBuilder('torchtitan', NAME, text, ctx);
      syntaxProblems(b, program);
      b.problem('warning', 'missing-architecture', 'No function here returns a Trainer.Config: nothing to estimate.');
      return b.finish({ architecture: null, tokens: b.trace(null, 'derived', 'config', null, 'no Trainer.Config function') });
    }
    return { ...first, entries };
  },
};

function syntaxProblems(b: PlanBuilder, program: PyProgram): void {
  for (const e of program.syntaxErrors) b.problem('error', 'parse-error', `Python syntax: ${e.reason}`, e.range);
}

/** The model family: the registry's folder (models/llama3/config_registry.py), else the function's prefix. */
function modelFromDir(fileName: string): string | null {
  const dir = /([^/\\]+)[/\\][^/\\]+$/.exec(fileName)?.[1];
  return dir && Object.prototype.hasOwnProperty.call(TORCHTITAN_MODELS, dir) ? dir : null;
}

/** `from torchtitan.models.llama3 import model_registry` in a registry kept outside torchtitan's tree. */
function modelFromImport(text: string): string | null {
  const m = /^from\s+torchtitan\.models\.(\w+)\s+import\s+(?:\([^)]*\bmodel_registry\b[^)]*\)|[^\n]*\bmodel_registry\b)/m.exec(text);
  return m && Object.prototype.hasOwnProperty.call(TORCHTITAN_MODELS, m[1]!) ? m[1]! : null;
}

function modelName(fileName: string, fn: string, text: string): string | null {
  const dir = modelFromDir(fileName) ?? modelFromImport(text);
  if (dir) return dir;
  return Object.keys(TORCHTITAN_MODELS).find((m) => fn === m || fn.startsWith(`${m}_`)) ?? null;
}

function readEntry(text: string, fileName: string, ctx: ReadContext, program: PyProgram, fn: PyFunctionInfo, cfg: PyVal): ReadResult {
  const b = new PlanBuilder('torchtitan', NAME, text, ctx);
  syntaxProblems(b, program);
  if (cfg.type !== 'object') {
    b.problem(
      'warning',
      'unevaluated-value',
      `${fn.name}(): the Trainer.Config it returns is not known (${cfg.type === 'unknown' ? cfg.reason : `it returns ${cfg.type}`}).`,
      fn.range,
    );
    return b.finish({ architecture: null, tokens: b.trace(null, 'derived', fn.name, fn.range, 'the returned config is not known') });
  }
  const f = new PyFields(b, cfg, DEFAULTS);

  // -- model -----------------------------------------------------------------------------------
  const seqLen = f.num(
    'training.max_context_length',
    'batch',
    { integer: true, min: 1, max: 1e8 },
    { value: 2048, note: 'TrainingConfig max_context_length 2048' },
  );
  const spec = f.get('model_spec');
  let parts: ArchParts | null = null;
  let converters: PyObject[] = [];
  if (spec.kind === 'absent') {
    b.problem('warning', 'missing-architecture', `${fn.name}(): no model_spec, so the parameters cannot be counted.`, fn.range);
  } else if (spec.kind === 'unknown' || spec.slot.value.type !== 'object' || !/(^|\.)model_registry$/.test(spec.slot.value.callee)) {
    const where = spec.kind === 'unknown' ? spec.slot : spec.slot;
    const why = spec.kind === 'unknown' ? spec.reason : `${where?.expression ?? 'it'} is not a model_registry(…) call`;
    b.problem('warning', 'unevaluated-value', `model_spec: ${why}; the parameters cannot be counted.`, where?.range ?? fn.range);
  } else {
    const call = spec.slot.value;
    const flavorSlot = call.args[0] ?? call.kwargs.get('flavor');
    const name = modelName(fileName, fn.name, text);
    if (!flavorSlot || flavorSlot.value.type !== 'str') {
      b.problem(
        'warning',
        'unevaluated-value',
        `model_registry: the flavor ${flavorSlot ? `\`${flavorSlot.expression}\` ` : ''}is not a string the file states; the parameters cannot be counted.`,
        flavorSlot?.range ?? call.range,
      );
    } else if (!name) {
      b.problem(
        'warning',
        'unknown-model',
        `The torchtitan model family is not known: the file is not in a models/<name>/ folder of a known model (${Object.keys(TORCHTITAN_MODELS).join(', ')}), does not import model_registry from one, and ${fn.name} does not start with one.`,
        fn.range,
      );
    } else {
      const flavor = flavorSlot.value.value;
      b.derived(
        'model.name',
        name,
        'architecture',
        modelFromDir(fileName) === name
          ? `the registry's folder ${name}/`
          : modelFromImport(text) === name
            ? `from torchtitan.models.${name} import model_registry`
            : `the function name ${fn.name}`,
        fn.nameRange,
      );
      b.stated('model.flavor', flavor, call.range, 'architecture');
      parts = flavorParts(b, name, flavor, { nameRange: fn.nameRange, flavorRange: flavorSlot.valueRange, range: call.range });
      if (parts && seqLen) parts.seqLen = seqLen;
    }
    const conv = call.kwargs.get('converters');
    if (conv?.value.type === 'list') converters = conv.value.items.filter((c): c is PyObject => c.type === 'object');
    else if (conv && conv.value.type !== 'none')
      b.problem('warning', 'unevaluated-value', `converters: \`${conv.expression}\` is not evaluated; quantization and LoRA are not known.`, conv.range);
    for (const c of converters)
      if (/LoRA/i.test(c.callee))
        b.problem(
          'info',
          'lora',
          `${c.callee}: LoRA trains only its adapters; the count shown is the base model's parameters, and the FLOPs assume full training.`,
          c.range,
        );
  }
  const architecture = parts ? b.architecture(parts) : null;

  // -- batch and duration ------------------------------------------------------------------------
  const steps = f.num('training.steps', 'duration', { integer: true, min: 0 }, { value: 10000, note: 'TrainingConfig steps 10000' });
  const perStep = f.num(
    'training.num_tokens_per_train_step',
    'batch',
    { integer: true, min: -1 },
    { value: -1, note: 'TrainingConfig num_tokens_per_train_step -1 (micro-batch × data-parallel degree)' },
  );
  const degree = (key: string, fallback: number) =>
    f.num(`parallelism.${key}`, 'hardware', { integer: true, min: -1, max: 1e6 }, { value: fallback, note: `ParallelismConfig ${key} ${fallback}` });
  const shard = degree('data_parallel_shard_degree', -1);
  const replicate = degree('data_parallel_replicate_degree', 1);
  const tensor = degree('tensor_parallel_degree', 1);
  const pipeline = degree('pipeline_parallel_degree', 1);
  const context = degree('context_parallel_degree', 1);
  let batchTokens: Traced<number> | null = null;
  let world: Traced<number> | null = null;
  if (perStep && perStep.value === 0) b.invalid('training.num_tokens_per_train_step', 'must be -1 or greater than 0', perStep.range ?? null);
  else if (perStep && perStep.value > 0) {
    batchTokens = perStep;
    if (shard && replicate && tensor && pipeline && context && shard.value > 0)
      world = parallelism(b, { shard, replicate, tensor, pipeline, context })?.world ?? null;
  } else if (perStep && shard && replicate && tensor && pipeline && context) {
    const micro = f.num(
      'training.num_tokens_per_microbatch_per_dp_rank',
      'batch',
      { integer: true, min: 1 },
      { value: 16384, note: 'TrainingConfig num_tokens_per_microbatch_per_dp_rank 16384' },
    );
    const ppMicro =
      pipeline.value > 1
        ? f.num('parallelism.num_pp_microbatches', 'batch', { integer: true, min: 1 }, { value: 1, note: 'ParallelismConfig num_pp_microbatches 1' })
        : null;
    const p = micro && (pipeline.value <= 1 || ppMicro) ? parallelism(b, { shard, replicate, tensor, pipeline, context }) : null;
    if (micro && p) {
      world = p.world;
      const pp = ppMicro?.value ?? 1;
      const how = `num_tokens_per_microbatch_per_dp_rank ${formatInteger(micro.value)}${pp > 1 ? ` × num_pp_microbatches ${pp}` : ''} × data-parallel ${p.dp}${shard.value === -1 ? ` (${formatInteger(p.world.value)} GPUs / tensor·pipeline·context ${p.nonDp})` : ` (replicate ${replicate.value} × shard ${shard.value})`}`;
      batchTokens = b.derived(
        'tokens per step',
        micro.value * pp * p.dp,
        'batch',
        how,
        micro.range ?? null,
        p.origin === 'assumed' || micro.origin === 'assumed' ? 'assumed' : 'derived',
      );
    }
  }
  const tokens =
    steps && batchTokens
      ? b.derived(
          'training tokens',
          steps.value * batchTokens.value,
          'duration',
          `steps ${formatInteger(steps.value)} × ${formatInteger(batchTokens.value)} tokens per step`,
          steps.range ?? null,
          batchTokens.origin === 'assumed' ? 'assumed' : 'derived',
        )
      : b.trace(null, 'derived', 'training.steps', steps?.range, steps ? 'the tokens per step are not known' : 'training.steps is not known');

  return b.finish({
    architecture,
    tokens,
    batchTokens,
    steps,
    seqLen,
    ...(world ? { gpuCount: world } : {}),
    precision: precision(b, f, converters),
    learningRate: f.num('optimizer.lr', 'optimizer', { min: 0 }),
  });
}

/** Float8/MXFP8 converters train the linear layers in FP8; otherwise TrainingConfig's mixed precision (bf16). */
function precision(b: PlanBuilder, f: PyFields, converters: readonly PyObject[]): Traced<Precision> | null {
  const fp8 = converters.find((c) => /(^|\.)(MX)?FP8|Float8/i.test(c.callee));
  if (fp8) return b.trace('fp8', 'stated', fp8.callee, fp8.range, 'FP8 linear layers (model converter)');
  const fp4 = converters.find((c) => /FP4/i.test(c.callee));
  if (fp4) {
    b.problem('info', 'unmodelled-precision', `${fp4.callee}: NVFP4 matmuls are not modelled; the time assumes the BF16 peak.`, fp4.range);
    return b.trace('bf16', 'assumed', fp4.callee, fp4.range, 'NVFP4 is not modelled: the BF16 peak is assumed');
  }
  const dtype = f.str('training.dtype', 'precision');
  if (dtype?.value === 'bfloat16') return b.trace('bf16', 'stated', 'training.dtype', dtype.range);
  const mp = f.str('training.mixed_precision_param', 'precision', { value: 'bfloat16', note: 'TrainingConfig mixed_precision_param "bfloat16"' });
  const p = mp ? parsePrecision(mp.value) : null;
  return mp && p ? b.trace(p, mp.origin, 'training.mixed_precision_param', mp.range) : null;
}
