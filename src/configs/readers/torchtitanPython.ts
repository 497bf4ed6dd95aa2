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

import type { Precision, SourceRange, Traced } from '../../core/plan';
import type { Checkpointing, LowPrecisionRecipe, ParallelDegrees, PipelineSchedule, RunSetup, ShardingKind } from '../../core/runSetup';
import { formatInteger } from '../../core/units';
import { TORCHTITAN_MODELS, TORCHTITAN_NOT_COUNTED } from '../registry/torchtitan';
import { PlanBuilder, parsePrecision, type ArchParts } from '../shared/builder';
import { PyFields } from '../shared/pythonFields';
import { readPythonProgram, type PyFunctionInfo, type PyObject, type PyProgram, type PySlot, type PyVal } from '../shared/pythonProgram';
import type { ReadContext, ReadEntry, ReadResult, Reader } from '../types';
import {
  DEFAULT_STAGES_PER_RANK,
  flavorParts,
  shardingOrigin,
  stagesPerRankOf,
  isMultiStage,
  parallelism,
  PIPELINE_SCHEDULES,
  stagesFromLayersPerStage,
  titanSharding,
} from './torchtitanModel';

const NAME = 'torchtitan';
const DEFAULTS = 'torchtitan default';

/** Trainer.Config and its subclasses' (experiments/torchft's FaultTolerantTrainer.Config). */
const TRAINER = /(^|\.)\w*Trainer\.Config$/;

export const torchtitanPythonReader: Reader = {
  id: 'torchtitan',
  name: NAME,
  detect(text, fileName) {
    if (!/\.py$/i.test(fileName) && /\.[A-Za-z0-9]+$/.test(fileName)) return 0;
    // No `\w*` before it: on a long line of word characters that backtracks quadratically.
    if (!/Trainer\.Config\b/.test(text)) return 0;
    // A function that builds a run; torchtitan's own modules mention Trainer.Config without one.
    const annotated = /^def\s+\w+\s*\([^)]*\)\s*->\s*\w*Trainer\.Config\s*:/m.test(text);
    const registry = /\bmodel_registry\s*\(/.test(text);
    const built = /\breturn\s+\w*Trainer\.Config\s*\(/.test(text);
    return annotated && registry ? 0.95 : annotated ? 0.8 : built && registry ? 0.7 : 0;
  },
  read(text, fileName, ctx): ReadResult {
    const program = readPythonProgram(text);
    const builders = program.functions.filter((f) => TRAINER.test(f.returns) || (f.returns === '' && f.params.length === 0 && !f.name.startsWith('_')));
    // `_gpt_oss_debugmodel()`: a private helper the public configs call is not a run of its own.
    const pub = builders.filter((f) => !f.name.startsWith('_'));
    const candidates = pub.length > 0 ? pub : builders;
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

/** torchtitan's model families: those counted and those said not to be (flavorParts tells why). */
const FAMILIES: readonly string[] = [...Object.keys(TORCHTITAN_MODELS), ...Object.keys(TORCHTITAN_NOT_COUNTED)];
const isFamily = (name: string): boolean => FAMILIES.includes(name);

/** The model family: the registry's folder (models/llama3/config_registry.py), else the function's prefix. */
function modelFromDir(fileName: string): string | null {
  const dir = /([^/\\]+)[/\\][^/\\]+$/.exec(fileName)?.[1];
  return dir && isFamily(dir) ? dir : null;
}

/** `from torchtitan.models.llama3 import model_registry` in a registry kept outside torchtitan's tree. */
function modelFromImport(text: string): string | null {
  const m = /^from\s+torchtitan\.models\.(\w+)\s+import\s+(?:\([^)]*\bmodel_registry\b[^)]*\)|[^\n]*\bmodel_registry\b)/m.exec(text);
  return m && isFamily(m[1]!) ? m[1]! : null;
}

function modelName(fileName: string, fn: string, text: string): string | null {
  const dir = modelFromDir(fileName) ?? modelFromImport(text);
  if (dir) return dir;
  return FAMILIES.find((m) => fn === m || fn.startsWith(`${m}_`)) ?? null;
}

function readEntry(text: string, fileName: string, ctx: ReadContext, program: PyProgram, fn: PyFunctionInfo, cfg: PyVal): ReadResult {
  const b = new PlanBuilder('torchtitan', NAME, text, ctx);
  syntaxProblems(b, program);
  // Only a Trainer.Config built here has fields to read: a config returned by another call
  // (experiments/graph_trainer's `to_graph_trainer_config(llama3_debugmodel(), …)`) would read as
  // every default.
  const built = cfg.type === 'object' && TRAINER.test(cfg.callee);
  if (!built) {
    const why =
      cfg.type === 'unknown' ? cfg.reason : cfg.type === 'object' ? `it comes from ${cfg.callee}(…), which is not evaluated` : `it returns ${cfg.type}`;
    b.problem('warning', 'unevaluated-value', `${fn.name}(): the Trainer.Config it returns is not known (${why}).`, fn.range);
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
    // DeepSeek-V3's multi-token prediction (model_registry(..., num_mtp_layers=1)): each module is a
    // copy of the last layer with its own projection and norms (deepseek_v3/__init__.py).
    const mtp = call.kwargs.get('num_mtp_layers');
    if (mtp && (mtp.value.type !== 'int' || mtp.value.value > 0))
      b.problem(
        'warning',
        'approximate-count',
        mtp.value.type === 'int'
          ? `num_mtp_layers=${mtp.value.value}: the multi-token-prediction module${mtp.value.value === 1 ? ' (a copy of the last layer with its own projection and norms) is' : 's are'} not counted, nor its FLOPs.`
          : `num_mtp_layers=${mtp.expression} is not evaluated; any multi-token-prediction modules are not counted.`,
        mtp.range,
      );
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
  let dp: Traced<number> | null = null;
  const micro = f.num(
    'training.num_tokens_per_microbatch_per_dp_rank',
    'batch',
    { integer: true, min: 1 },
    { value: 16384, note: 'TrainingConfig num_tokens_per_microbatch_per_dp_rank 16384' },
  );
  if (perStep && perStep.value === 0) b.invalid('training.num_tokens_per_train_step', 'must be -1 or greater than 0', perStep.range ?? null);
  else if (perStep && perStep.value > 0) {
    batchTokens = perStep;
    if (shard && replicate && tensor && pipeline && context && shard.value > 0) {
      const p = parallelism(b, { shard, replicate, tensor, pipeline, context });
      world = p?.world ?? null;
      if (p) dp = b.trace(p.dp, p.origin, 'replicate × shard degree');
    }
  } else if (perStep && shard && replicate && tensor && pipeline && context) {
    const ppMicro =
      pipeline.value > 1
        ? f.num('parallelism.num_pp_microbatches', 'batch', { integer: true, min: 1 }, { value: 1, note: 'ParallelismConfig num_pp_microbatches 1' })
        : null;
    const p = micro && (pipeline.value <= 1 || ppMicro) ? parallelism(b, { shard, replicate, tensor, pipeline, context }) : null;
    if (micro && p) {
      world = p.world;
      dp = b.trace(p.dp, p.origin, 'replicate × shard degree');
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

  const setup = runSetup(b, f, { shard, replicate, tensor, pipeline, context, dp, micro, seqLen, layers: parts?.layers?.value ?? null, converters });

  return b.finish({
    setup,
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

/** torchtitan's config dataclasses at the commit the registry fixtures come from. */
const CONFIGS_SRC = 'pytorch/torchtitan@b5bcd76c66d0acb1a08b176d9639425bc55e0b2a:torchtitan/config/configs.py';

interface SetupInputs {
  readonly shard: Traced<number> | null;
  readonly replicate: Traced<number> | null;
  readonly tensor: Traced<number> | null;
  readonly pipeline: Traced<number> | null;
  readonly context: Traced<number> | null;
  /** The data-parallel degree, when the world size makes it known. */
  readonly dp: Traced<number> | null;
  readonly micro: Traced<number> | null;
  readonly seqLen: Traced<number> | null;
  readonly layers: number | null;
  readonly converters: readonly PyObject[];
}

/**
 * The run setup from a Trainer.Config (CONFIGS_SRC defaults): FSDP2 over dp_shard × cp
 * (titanSharding), sequence-parallel norms with tensor parallelism (`enable_sequence_parallel`
 * True), per-op selective checkpointing unless `activation_checkpoint` says otherwise
 * (Trainer.Config's default SelectiveAC), compile and async TP from CompileConfig, float8 and MX
 * recipes from the model converters, a chunked loss from ChunkedLossWrapper. A micro-batch is
 * `num_tokens_per_microbatch_per_dp_rank` packed tokens: that many ÷ max_context_length sequences.
 */
function runSetup(b: PlanBuilder, f: PyFields, d: SetupInputs): RunSetup {
  const def = <T>(value: T, note: string) => b.setupDefault(value, `${note} (${CONFIGS_SRC})`);
  const stated = <T>(value: T, source: string, slot: PySlot, note?: string) => b.trace(value, 'stated', source, slot.range, note);
  const parallel: { -readonly [K in keyof ParallelDegrees]: ParallelDegrees[K] } = {};
  if (d.dp) parallel.dp = d.dp;
  if (d.tensor) parallel.tp = d.tensor;
  if (d.pipeline) parallel.pp = d.pipeline;
  if (d.context) parallel.cp = d.context;
  const ep = f.num(
    'parallelism.expert_parallel_degree',
    'hardware',
    { integer: true, min: 1, max: 1e6 },
    { value: 1, note: 'ParallelismConfig expert_parallel_degree 1' },
  );
  if (ep) parallel.ep = ep;
  const tp = d.tensor?.value ?? 1;
  if (tp > 1) {
    const sp = f.bool('parallelism.enable_sequence_parallel', 'hardware', { value: true, note: 'ParallelismConfig enable_sequence_parallel True' });
    if (sp) parallel.sequenceParallel = sp;
  }

  let sharding: Traced<ShardingKind> | undefined;
  if (d.shard && d.replicate && d.context && d.pipeline) {
    const shardN = d.shard.value === -1 && d.dp ? d.dp.value / d.replicate.value : d.shard.value;
    if (shardN >= 1 || d.shard.value === -1) {
      const reshard = f.str('parallelism.fsdp_reshard_after_forward', 'hardware');
      const fsdp = titanSharding(shardN, { replicate: d.replicate.value, cp: d.context.value, pp: d.pipeline.value, reshard: reshard?.value });
      sharding = b.trace(fsdp.kind, shardingOrigin(d.shard, d.replicate, d.dp), d.shard.source, d.shard.range, fsdp.note);
      if (fsdp.shardGroup !== null) parallel.shardGroup = b.trace(fsdp.shardGroup, 'derived', d.shard.source, d.shard.range);
    }
  }

  let schedule: Traced<PipelineSchedule> | undefined;
  if (d.pipeline && d.pipeline.value > 1) {
    const sched = f.str('parallelism.pipeline_parallel_schedule', 'hardware', { value: '1F1B', note: 'ParallelismConfig pipeline_parallel_schedule "1F1B"' });
    const known = sched ? PIPELINE_SCHEDULES[sched.value.toLowerCase()] : undefined;
    if (sched && known) schedule = b.trace(known, sched.origin, sched.source, sched.range);
    else if (sched)
      b.problem(
        'warning',
        'unknown-value',
        `pipeline_parallel_schedule "${sched.value}" is not a schedule Scaling Lens knows; 1F1B's bubble is assumed.`,
        sched.range ?? null,
      );
    if (schedule && isMultiStage(schedule.value)) {
      const vp = stagesPerRank(b, f, d.pipeline.value, d.layers);
      if (vp) parallel.vp = vp;
    }
  }

  const microBatch =
    d.micro && d.seqLen && d.micro.value % d.seqLen.value === 0
      ? b.trace(
          d.micro.value / d.seqLen.value,
          d.micro.origin === 'assumed' || d.seqLen.origin === 'assumed'
            ? 'assumed'
            : d.micro.origin === 'default' && d.seqLen.origin === 'default'
              ? 'default'
              : 'derived',
          d.micro.source,
          d.micro.range,
          `${formatInteger(d.micro.value)} packed tokens per micro-batch ÷ max_context_length ${formatInteger(d.seqLen.value)}`,
        )
      : undefined;

  // Activation checkpointing: a policy object, None, or Trainer.Config's default SelectiveAC.
  let checkpointing: Traced<Checkpointing> | undefined;
  const ac = f.get('activation_checkpoint');
  if (ac.kind === 'absent') checkpointing = def({ mode: 'selective-op' }, 'Trainer.Config activation_checkpoint SelectiveAC: per-op selective');
  else if (ac.kind === 'slot') {
    const v = ac.slot.value;
    if (v.type === 'none') checkpointing = stated({ mode: 'none' }, 'activation_checkpoint', ac.slot);
    else if (v.type === 'object' && /(^|\.)SelectiveAC\.Config$/.test(v.callee))
      checkpointing = stated({ mode: 'selective-op' }, 'activation_checkpoint', ac.slot, 'per-op selective: every other matmul and the attention output kept');
    else if (v.type === 'object' && /(^|\.)FullAC\.Config$/.test(v.callee)) checkpointing = stated({ mode: 'full' }, 'activation_checkpoint', ac.slot);
    else if (v.type === 'object')
      b.problem(
        'info',
        'unmodelled-option',
        `activation_checkpoint: ${v.callee} is not modelled; the memory and time take the checkpointing the memory rule chooses.`,
        ac.slot.range,
      );
  }

  // The model is compiled only with "model" in CompileConfig.components (default model and loss).
  const enabled = f.bool('compile.enable', 'hardware', { value: false, note: 'CompileConfig enable False' });
  const components = f.get('compile.components');
  const modelLeftOut =
    components.kind === 'slot' && components.slot.value.type === 'list' && !components.slot.value.items.some((c) => c.type === 'str' && c.value === 'model');
  const compile =
    enabled?.value && modelLeftOut && components.kind === 'slot'
      ? stated(false, 'compile.components', components.slot, 'compile.components has no "model": only the loss is compiled')
      : enabled;
  let tpCommOverlap: Traced<boolean> | undefined;
  const asyncTp = f.bool('compile.enable_async_tensor_parallel', 'hardware');
  // (A compile setting that could not be evaluated was said already: no second guess here.)
  if (asyncTp?.value && compile && !compile.value)
    b.invalid(
      'compile.enable_async_tensor_parallel',
      'torchtitan refuses async tensor parallelism unless the model is compiled (CompileConfig)',
      asyncTp.range ?? null,
    );
  else if (asyncTp?.value && tp > 1)
    tpCommOverlap = b.trace(true, 'stated', asyncTp.source, asyncTp.range, 'async tensor parallel: collectives overlap the matmuls');

  const lowPrecision = lowPrecisionOf(b, d.converters);
  const optimizer = f.get('optimizer');
  const adamw = optimizer.kind === 'slot' && optimizer.slot.value.type === 'object' && /(^|\.)default_adamw$|AdamW/.test(optimizer.slot.value.callee);
  const loss = f.get('loss');
  const lossCallee = loss.kind === 'slot' && loss.slot.value.type === 'object' ? loss.slot.value.callee : null;
  const chunked =
    lossCallee && /(^|\.)ChunkedLossWrapper\.Config$/.test(lossCallee) ? true : lossCallee && /(^|\.)CrossEntropyLoss\.Config$/.test(lossCallee) ? false : null;
  return {
    ...(microBatch ? { microBatch } : {}),
    ...(Object.keys(parallel).length ? { parallel } : {}),
    ...(schedule ? { pipelineSchedule: schedule } : {}),
    ...(sharding ? { sharding } : {}),
    ...(checkpointing ? { checkpointing } : {}),
    ...(adamw && optimizer.kind === 'slot' ? { optimizer: stated('adamw' as const, 'optimizer', optimizer.slot) } : {}),
    ...(lowPrecision
      ? { lowPrecision, lowPrecisionLibrary: def('torchao' as const, 'float8 and MX converters wrap torchao (torchtitan/components/quantization)') }
      : {}),
    ...(compile ? { compile } : {}),
    ...(tpCommOverlap ? { tpCommOverlap } : {}),
    flashAttention: def(true, 'SDPA with the cuDNN and flash kernels'),
    ...(chunked !== null && loss.kind === 'slot'
      ? { chunkedLoss: stated(chunked, 'loss', loss.slot, chunked ? 'ChunkedLossWrapper: the loss runs over chunks of the logits' : undefined) }
      : {}),
  };
}

/** Stages per rank of a multi-stage schedule: from `pipeline_parallel_layers_per_stage`, `module_fqns_per_model_part`, else 2. */
function stagesPerRank(b: PlanBuilder, f: PyFields, pp: number, layers: number | null): Traced<number> | undefined {
  const perStage = f.num('parallelism.pipeline_parallel_layers_per_stage', 'hardware', { integer: true, min: 1, max: 1e6 });
  let stages: { n: number; path: string; range: SourceRange | null } | null = null;
  if (perStage && layers !== null) {
    const weight = (key: string) =>
      f.num(`parallelism.${key}`, 'hardware', { integer: true, min: 0, max: 1e6 }, { value: 1, note: `ParallelismConfig ${key} 1` })?.value ?? 1;
    const n = stagesFromLayersPerStage(
      layers,
      perStage.value,
      weight('pipeline_parallel_first_stage_less_layers'),
      weight('pipeline_parallel_last_stage_less_layers'),
    );
    stages = { n, path: 'parallelism.pipeline_parallel_layers_per_stage', range: perStage.range ?? null };
  } else {
    const parts = f.get('parallelism.module_fqns_per_model_part');
    if (parts.kind === 'slot' && parts.slot.value.type === 'list' && parts.slot.value.items.length > 0)
      stages = { n: parts.slot.value.items.length, path: 'parallelism.module_fqns_per_model_part', range: parts.slot.range };
  }
  if (!stages)
    return b.setupDefault(
      DEFAULT_STAGES_PER_RANK,
      `${DEFAULT_STAGES_PER_RANK} stages per rank for a multi-stage schedule (torchtitan/distributed/pipeline_parallel.py)`,
    );
  return stagesPerRankOf(b, stages.n, pp, stages.path, stages.range);
}

/** The model converters' low-precision recipe: Float8LinearConverter (recipe_name, default "rowwise" at b5bcd76), MXFP8, NVFP4. */
function lowPrecisionOf(b: PlanBuilder, converters: readonly PyObject[]): Traced<LowPrecisionRecipe> | undefined {
  for (const c of converters) {
    if (/MXFP8/i.test(c.callee)) return b.trace('mxfp8' as const, 'stated', c.callee, c.range);
    if (/NVFP4/i.test(c.callee)) return b.trace('nvfp4' as const, 'stated', c.callee, c.range);
    if (/Float8|FP8/i.test(c.callee)) {
      const recipe = c.kwargs.get('recipe_name');
      if (!recipe)
        return b.trace(
          'fp8-rowwise' as const,
          'default',
          c.callee,
          c.range,
          'Float8LinearConverter recipe_name "rowwise" (torchtitan/components/quantization/float8.py)',
        );
      if (recipe.value.type === 'str')
        return b.trace(
          recipe.value.value === 'tensorwise' ? ('fp8-tensorwise' as const) : ('fp8-rowwise' as const),
          'stated',
          `${c.callee} recipe_name`,
          recipe.range,
        );
      return undefined;
    }
  }
  return undefined;
}
