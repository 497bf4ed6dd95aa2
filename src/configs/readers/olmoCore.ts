// OLMo-core Python launch scripts (allenai/OLMo-core src/scripts/train/*.py; docs/configs.md#olmo-core): the
// `if __name__ == "__main__":` block passes `partial(build_config, global_batch_size=…,
// max_sequence_length=…, model_config_builder=…, trainer_config_builder=…)` to `main`, and the
// builder functions receive a CommonComponents. The model is a factory
// (`TransformerConfig.olmo2_7B(vocab_size=common.tokenizer.padded_vocab_size())`, looked up in
// registry/olmoCore.ts), the batch is global_batch_size tokens, the run length the trainer's
// `max_duration` (`Duration.tokens(…)`, `Duration.steps(…)`, `Duration.epochs(…)`).
//
// Semantics: allenai/OLMo-core@fa6c501 src/olmo_core/internal/experiment.py (build_config:
// tokenizer TokenizerConfig.dolma2(), max_sequence_length 4096, global_batch_size in tokens),
// src/olmo_core/script_utils.py (official scripts: `--sequence-length` defaults to None),
// src/olmo_core/train/config.py (TrainerConfig max_duration default Duration.epochs(1);
// with_callback/with_callbacks/with_recommended_evals return the config with callbacks added).

import type { Architecture, SlidingWindow } from '../../core/architecture';
import { countParams } from '../../core/model';
import type { Precision, Traced } from '../../core/plan';
import { formatInteger } from '../../core/units';
import { OLMO_CORE_DEFAULT_TOKENIZER, OLMO_CORE_FACTORIES, OLMO_CORE_TOKENIZERS, olmoCoreFfn, paddedVocab, type OlmoCoreFactory } from '../registry/olmoCore';
import type { OptimizerKind, RunSetup, ShardingKind } from '../../core/runSetup';
import { PlanBuilder, type ArchParts } from '../shared/builder';
import { PyFields } from '../shared/pythonFields';
import { readPythonProgram, type PyObject, type PyProgram, type PySlot, type PyVal } from '../shared/pythonProgram';
import type { ReadContext, ReadResult, Reader } from '../types';

const NAME = 'OLMo-core';
const DEFAULTS = 'OLMo-core default';

/** Factory keyword arguments that change no parameter count. */
const COUNT_NEUTRAL = new Set([
  'vocab_size',
  'rope_theta',
  'layer_norm_eps',
  'use_flash',
  'attn_backend',
  'fused_ops',
  'dtype',
  'rope_type',
  'rope_full_precision',
  'rope_scaling',
  'no_global_rope',
  'sliding_window',
  'init_std',
  'init_method',
  'init_seed',
  'compile',
  'float8_config',
]);
/** Builder methods that return the trainer config with callbacks or evaluators added. */
const CALLBACK_METHODS = new Set(['with_callback', 'with_callbacks', 'with_recommended_evals']);
/** TrainerConfig methods that add callbacks in place and change nothing the estimate reads (olmo_core/train/config.py). */
const IN_PLACE_CALLBACK_METHODS: ReadonlySet<string> = new Set(['add_callback', 'add_callbacks']);

/**
 * TransformerConfig methods that return a copy with no parameter of its own added:
 * `with_rope_scaling` only sets each attention block's RoPE scaling
 * (allenai/OLMo-core@fa6c501 src/olmo_core/nn/transformer/config.py).
 */
const PARAMETER_NEUTRAL_METHODS = new Set(['with_rope_scaling']);

export const olmoCoreReader: Reader = {
  id: 'olmo-core',
  name: NAME,
  detect(text, fileName) {
    if (!/\.py$/i.test(fileName) && /\.[A-Za-z0-9]+$/.test(fileName)) return 0;
    if (!/^\s*(from|import)\s+olmo_core\b/m.test(text)) return 0;
    // A launch script names a model factory and builds an experiment or trainer from it;
    // OLMo-core's own modules and tests import it without doing both.
    const factory = /\bTransformerConfig\.\w+\s*\(/.test(text);
    const experiment = /\bbuild_config\b|\bExperimentConfig\s*\(|\bTrainerConfig\s*\(/.test(text);
    return factory && experiment ? 0.95 : 0;
  },
  read(text, _fileName, ctx): ReadResult {
    return readOlmoCore(text, ctx);
  },
};

interface Parts {
  readonly seqLen: Traced<number> | null;
  readonly globalBatch: Traced<number> | null;
  readonly model: PyVal | null;
  readonly trainer: PyVal | null;
  readonly module: PyVal | null;
}

/** src/scripts/train/*.py: partial(build_config, …) and builder functions that receive a CommonComponents. */
function launchParts(b: PlanBuilder, program: PyProgram, builder: PyObject): Parts {
  const at = builder.range;
  const bf = new PyFields(b, builder, `${DEFAULTS} (build_config)`);
  const seqLen = bf.num('max_sequence_length', 'batch', { integer: true, min: 1, max: 1e8 }, { value: 4096, note: 'max_sequence_length 4096' });
  const globalBatch = bf.num('global_batch_size', 'batch', { integer: true, min: 1 });
  if (!builder.kwargs.has('global_batch_size'))
    b.problem('warning', 'missing-batch', 'build_config requires global_batch_size (in tokens); it is not passed here.', at);

  // CommonComponents, as the builder functions see it.
  const synthetic = (value: PyVal, expression: string): PySlot => ({ value, range: at, valueRange: at, expression });
  const tokenizerSlot =
    builder.kwargs.get('tokenizer') ??
    synthetic(
      { type: 'object', callee: `TokenizerConfig.${OLMO_CORE_DEFAULT_TOKENIZER}`, args: [], kwargs: new Map(), range: at, implicit: true },
      `TokenizerConfig.${OLMO_CORE_DEFAULT_TOKENIZER}()`,
    );
  const kwargs = new Map<string, PySlot>([
    ['tokenizer', tokenizerSlot],
    ['max_sequence_length', builder.kwargs.get('max_sequence_length') ?? synthetic({ type: 'int', value: 4096 }, '4096')],
  ]);
  const gb = builder.kwargs.get('global_batch_size');
  if (gb) kwargs.set('global_batch_size', gb);
  const common: PyObject = { type: 'object', callee: 'CommonComponents', args: [], kwargs, range: at };
  const callBuilder = (key: string, fallback: string): PyVal | null => {
    const ref = builder.kwargs.get(key)?.value;
    const name = ref?.type === 'ref' ? ref.name : fallback;
    const fn = program.functions.find((f) => f.name === name);
    if (!fn) return null;
    return program.call(name, new Map(fn.params[0] ? [[fn.params[0], common]] : []));
  };
  return {
    seqLen,
    globalBatch,
    model: callBuilder('model_config_builder', 'build_model_config'),
    trainer: callBuilder('trainer_config_builder', 'build_trainer_config'),
    module: callBuilder('train_module_config_builder', 'build_train_module_config'),
  };
}

/**
 * The function that builds the ExperimentConfig: the one the `__main__` block hands to `main`,
 * else `build_config`. olmo_core.script_utils's `main(config_builder)` passes the parsed options
 * (src/scripts/official/*.py: `build_config(opts, overrides)`); olmo_core.internal.experiment's
 * passes a CliContext (the 2025–2026 scripts: OLMo3-7B-midtraining.py, OLMo-3-190M.py).
 */
function experimentBuilder(program: PyProgram, calls: readonly PyVal[], text: string): { name: string; param: 'cli-context' | 'opts' } | null {
  const param = /^\s*from\s+olmo_core\.internal\.experiment\s+import\b[^\n]*\bmain\b/m.test(text) ? 'cli-context' : 'opts';
  for (const c of calls) {
    if (c.type !== 'object' || !/(^|\.)main$/.test(c.callee)) continue;
    const ref = (c.kwargs.get('config_builder') ?? c.args[0])?.value;
    if (ref?.type === 'ref' && program.functions.some((f) => f.name === ref.name)) return { name: ref.name, param };
  }
  return program.functions.some((f) => f.name === 'build_config') ? { name: 'build_config', param: 'opts' } : null;
}

/** An ExperimentConfig(model=…, trainer=…, …) returned by the script's experiment builder (experimentBuilder). */
function experimentParts(b: PlanBuilder, program: PyProgram, calls: readonly PyVal[], text: string): Parts | null {
  const builder = experimentBuilder(program, calls, text);
  const fn = builder ? program.functions.find((f) => f.name === builder.name) : undefined;
  if (!builder || !fn) return null;
  // olmo_core/script_utils.py parses the options: `--sequence-length` defaults to None, so
  // `opts.sequence_length or DEFAULT_SEQUENCE_LENGTH` is the script's default.
  const none: PySlot = {
    value: { type: 'none' },
    range: { startLine: 0, startCol: 0, endLine: 0, endCol: 0 },
    valueRange: { startLine: 0, startCol: 0, endLine: 0, endCol: 0 },
    expression: 'None',
  };
  // A CliContext (run name, cluster, overrides from the command line) is not in the file: its fields stay unknown.
  const opts: PyObject =
    builder.param === 'opts'
      ? { type: 'object', callee: 'argparse.Namespace', args: [], kwargs: new Map([['sequence_length', none]]), range: none.range }
      : { type: 'object', callee: 'CliContext', args: [], kwargs: new Map(), range: none.range };
  let cfg = program.call(builder.name, new Map(fn.params[0] ? [[fn.params[0], opts]] : []));
  if (cfg.type === 'object' && cfg.callee === 'merge' && cfg.receiver !== undefined) {
    b.problem('info', 'cli-overrides', '`.merge(overrides)`: command-line overrides (and --sequence-length) can change any value shown here.', cfg.range);
    cfg = cfg.receiver;
  }
  if (cfg.type !== 'object' || !/(^|\.)ExperimentConfig$/.test(cfg.callee)) return null;
  const f = new PyFields(b, cfg, `${DEFAULTS} (ExperimentConfig)`);
  const seqLen =
    f.get('train_module.max_sequence_length').kind !== 'absent'
      ? f.num('train_module.max_sequence_length', 'batch', { integer: true, min: 1, max: 1e8 })
      : f.num('dataset.sequence_length', 'batch', { integer: true, min: 1, max: 1e8 });
  const globalBatch = f.num('data_loader.global_batch_size', 'batch', { integer: true, min: 1 });
  const value = (key: string) => cfg.kwargs.get(key)?.value ?? null;
  return { seqLen, globalBatch, model: value('model'), trainer: value('trainer'), module: value('train_module') };
}

/** The `build_config` call (direct or through functools.partial) among the main block's values. */
function findBuilder(values: readonly PyVal[]): PyObject | null {
  const seen = new Set<PyVal>();
  const visit = (v: PyVal, depth: number): PyObject | null => {
    if (depth > 8 || seen.has(v)) return null;
    seen.add(v);
    if (v.type === 'object') {
      if (/(^|\.)build_config$/.test(v.callee)) return v;
      const first = v.args[0]?.value;
      if (/(^|\.)partial$/.test(v.callee) && first?.type === 'ref' && /(^|\.)build_config$/.test(first.name)) return v;
      for (const s of [...v.args, ...v.kwargs.values()]) {
        const found = visit(s.value, depth + 1);
        if (found) return found;
      }
    }
    return null;
  };
  for (const v of values) {
    const found = visit(v, 0);
    if (found) return found;
  }
  return null;
}

function readOlmoCore(text: string, ctx: ReadContext): ReadResult {
  const b = new PlanBuilder('olmo-core', NAME, text, ctx);
  const program = readPythonProgram(text, { inertMethods: IN_PLACE_CALLBACK_METHODS });
  for (const e of program.syntaxErrors) b.problem('error', 'parse-error', `Python syntax: ${e.reason}`, e.range);
  const { globals, calls } = program.main();
  const builder = findBuilder([...calls, ...[...globals.values()].map((s) => s.value)]);
  const parts = builder ? launchParts(b, program, builder) : experimentParts(b, program, calls, text);
  if (!parts) {
    b.problem(
      'warning',
      'missing-batch',
      'Neither a build_config(…) call (or partial(build_config, …)) in the `__main__` block nor a function returning an ExperimentConfig (build_config, or the config_builder given to main): nothing to estimate.',
    );
    return b.finish({ architecture: null, tokens: b.trace(null, 'derived', 'config', null, 'no OLMo-core experiment found') });
  }
  const { seqLen, globalBatch, model } = parts;
  let { trainer } = parts;

  // -- model -----------------------------------------------------------------------------------
  const architecture = model ? modelArchitecture(b, model, seqLen) : null;
  if (!model) b.problem('warning', 'missing-architecture', 'No model config (build_model_config) in this file: the parameters cannot be counted.');

  // -- duration ----------------------------------------------------------------------------------
  while (trainer?.type === 'object' && trainer.receiver !== undefined && CALLBACK_METHODS.has(trainer.callee)) trainer = trainer.receiver;
  const batchTokens = globalBatch;
  let tokens: Traced<number | null>;
  let steps: Traced<number> | null = null;
  const trainerFields = trainer ? new PyFields(b, trainer, `${DEFAULTS} (TrainerConfig)`) : null;
  const duration = trainerFields ? trainerFields.get('max_duration') : null;
  // TrainerConfig.hard_stop ends the run there even before max_duration (OLMo 3's official
  // scripts stop 5T schedules early); whether it comes first depends on the resumed step count.
  const hardStop = trainerFields ? trainerFields.get('hard_stop') : null;
  if (hardStop && hardStop.kind === 'slot') {
    // One line, comments dropped: `Duration.steps(int(597046))`.
    const expr = hardStop.slot.expression
      .replace(/#[^\n]*/g, '')
      .replace(/\s+/g, ' ')
      .replace(/\(\s+/g, '(')
      .replace(/\s+\)/g, ')')
      .trim();
    b.problem(
      'warning',
      'early-exit',
      `hard_stop \`${expr.length > 80 ? `${expr.slice(0, 79)}…` : expr}\`: the run stops there if it comes before max_duration; the tokens shown are max_duration's.`,
      hardStop.slot.range,
    );
  }
  if (!trainer) {
    tokens = b.trace(null, 'derived', 'max_duration', null, 'no trainer config builder (build_trainer_config) in this file');
    b.problem('warning', 'missing-duration', 'No trainer config builder (build_trainer_config): the run length is not known.');
  } else if (!duration || duration.kind === 'absent') {
    b.frameworkDefault('max_duration', 'Duration.epochs(1)', 'duration', 'TrainerConfig default max_duration: one epoch');
    tokens = b.trace(null, 'default', 'max_duration', null, 'TrainerConfig default: one epoch of a dataset whose size the script does not state');
  } else if (duration.kind === 'unknown') {
    b.problem(
      'warning',
      'unevaluated-value',
      `max_duration: ${duration.slot ? `\`${duration.slot.expression}\` ` : ''}is not evaluated (${duration.reason}); the run length is unknown.`,
      duration.slot?.range ?? null,
    );
    tokens = b.trace(null, 'derived', 'max_duration', duration.slot?.range, 'max_duration is not known');
  } else {
    const slot = duration.slot;
    const d = slot.value;
    // Duration.tokens(n), or the dataclass itself: Duration(n, DurationUnit.tokens) / Duration(value=n, unit=…).
    const ctor = d.type === 'object' && /(^|\.)Duration$/.test(d.callee);
    const unitRef = ctor && d.type === 'object' ? (d.args[1] ?? d.kwargs.get('unit'))?.value : undefined;
    let unitOverride: 'tokens' | undefined;
    const unit =
      d.type === 'object'
        ? ctor
          ? unitRef?.type === 'ref'
            ? /(^|\.)DurationUnit\.(tokens|steps|epochs)$/.exec(unitRef.name)?.[2]
            : undefined
          : /(^|\.)Duration\.(tokens|steps|epochs)$/.exec(d.callee)?.[2]
        : undefined;
    const n = d.type === 'object' ? (ctor ? (d.args[0] ?? d.kwargs.get('value')) : (d.args[0] ?? d.kwargs.get(unit ?? '')))?.value : undefined;
    const chinchilla = d.type === 'object' && /(^|\.)Duration\.chinchilla_tokens$/.test(d.callee) ? chinchillaTokens(d, architecture?.value ?? null) : null;
    const count = chinchilla
      ? chinchilla.tokens
      : n && (n.type === 'int' || (n.type === 'float' && Number.isInteger(n.value))) && n.value >= 0
        ? n.value
        : null;
    const expr = chinchilla ? chinchilla.how : slot.expression;
    if (chinchilla && count !== null) unitOverride = 'tokens';
    if (!(unitOverride ?? unit) || count === null) {
      b.problem(
        'warning',
        'unevaluated-value',
        `max_duration: \`${expr}\` is not a Duration.tokens/steps/epochs of a number the file states; the run length is unknown.`,
        slot.range,
      );
      tokens = b.trace(null, 'derived', 'max_duration', slot.range, 'max_duration is not known');
    } else if ((unitOverride ?? unit) === 'tokens') {
      const stated = chinchilla
        ? b.derived('max_duration', count, 'duration', expr, slot.range)
        : b.stated('max_duration', count, slot.range, 'duration', expr === `Duration.tokens(${count})` ? undefined : expr);
      if (batchTokens && count % batchTokens.value !== 0) {
        // The trainer runs whole steps: max_steps = ceil(tokens / tokens_per_batch)
        // (olmo_core/train/trainer.py Trainer.max_steps, `math.ceil(tokens_remaining / self.tokens_per_batch)`).
        steps = b.derived(
          'steps',
          Math.ceil(count / batchTokens.value),
          'duration',
          `${formatInteger(count)} tokens / ${formatInteger(batchTokens.value)} tokens per step, rounded up (the last step is whole)`,
          slot.range,
        );
        tokens = b.derived(
          'training tokens',
          steps.value * batchTokens.value,
          'duration',
          `${formatInteger(steps.value)} whole steps × ${formatInteger(batchTokens.value)} tokens`,
          slot.range,
        );
      } else tokens = stated;
    } else if (unit === 'steps') {
      steps = b.stated('max_duration', count, slot.range, 'duration', `= ${expr}`);
      tokens = batchTokens
        ? b.derived(
            'training tokens',
            count * batchTokens.value,
            'duration',
            `${formatInteger(count)} steps × global_batch_size ${formatInteger(batchTokens.value)} tokens`,
            slot.range,
          )
        : b.trace(null, 'derived', 'max_duration', slot.range, 'the global batch is not known');
    } else {
      b.stated('max_duration', expr, slot.range, 'duration');
      tokens = b.trace(null, 'stated', 'max_duration', slot.range, `${expr}: the dataset's size in tokens is not in the script`);
    }
  }

  // -- precision and optimizer -------------------------------------------------------------------
  const module = parts.module;
  const mf = module ? new PyFields(b, module, `${DEFAULTS} (TransformerTrainModuleConfig)`) : null;
  return b.finish({
    ...(mf ? { setup: olmoCoreSetup(b, mf, seqLen) } : {}),
    architecture,
    tokens,
    batchTokens,
    steps,
    seqLen,
    precision: mf ? precision(b, mf) : null,
    learningRate: mf ? mf.num('optim.lr', 'optimizer', { min: 0 }) : null,
  });
}

function precision(b: PlanBuilder, f: PyFields): Traced<Precision> | null {
  const fp8 = f.get('float8_config.enabled');
  if (fp8.kind === 'slot' && fp8.slot.value.type === 'bool' && fp8.slot.value.value)
    return b.trace('fp8', 'stated', 'float8_config.enabled', fp8.slot.range, 'Float8 linear layers');
  const dtype = f.str('dp_config.param_dtype', 'precision');
  if (!dtype) return null;
  const p: Precision | null = /bfloat16|bf16/.test(dtype.value)
    ? 'bf16'
    : /float16|fp16/.test(dtype.value)
      ? 'fp16'
      : /float32|fp32/.test(dtype.value)
        ? 'fp32'
        : null;
  return p ? b.trace(p, 'stated', 'dp_config.param_dtype', dtype.range) : null;
}

function modelArchitecture(b: PlanBuilder, built: PyVal, seqLen: Traced<number> | null): ReturnType<PlanBuilder['architecture']> {
  let model = built;
  while (model.type === 'object' && model.receiver !== undefined && PARAMETER_NEUTRAL_METHODS.has(model.callee)) model = model.receiver;
  if (model.type !== 'object' || model.receiver !== undefined) {
    b.problem(
      'warning',
      'unevaluated-value',
      `The model config is not known (${model.type === 'unknown' ? model.reason : model.type === 'object' ? `.${model.callee}(…) is not evaluated` : `it is ${model.type}`}): the parameters cannot be counted.`,
    );
    return null;
  }
  const factoryName = /^TransformerConfig\.(\w+)$/.exec(model.callee)?.[1];
  const factory =
    factoryName !== undefined && Object.prototype.hasOwnProperty.call(OLMO_CORE_FACTORIES, factoryName) ? OLMO_CORE_FACTORIES[factoryName]! : null;
  if (!factory) {
    b.problem(
      'warning',
      'unknown-model',
      `${model.callee}(…) is not in Scaling Lens's OLMo-core factory table (${factoryFamilies()}), so its parameters cannot be counted.`,
      model.range,
    );
    return null;
  }
  const f = new PyFields(b, model, `TransformerConfig.${factoryName}`);
  const src = `TransformerConfig.${factoryName}`;
  // The factory call is what the file states about the model: the parameter hint sits on its line.
  b.stated('model factory', src, model.range, 'architecture');
  const def = <T>(value: T, note?: string) => b.trace(value, 'default', src, model.range, note);
  let ok = true;
  for (const [key, s] of model.kwargs) {
    if (
      COUNT_NEUTRAL.has(key) ||
      ['n_layers', 'n_heads', 'n_kv_heads', 'qk_norm', 'hidden_size_multiplier', 'hidden_size_multiple_of', 'block_name'].includes(key)
    )
      continue;
    b.problem(
      'warning',
      'unmodelled-option',
      `${key}: Scaling Lens does not model this ${src} option, so the parameters are not counted rather than guessed.`,
      s.range,
    );
    ok = false;
  }
  const block = model.kwargs.get('block_name');
  if (block && !(block.value.type === 'ref' && /\.(reordered_norm|default)$/.test(block.value.name))) {
    b.problem(
      'warning',
      'unmodelled-option',
      `block_name: \`${block.expression}\` is not modelled (only the default and reordered-norm blocks), so the parameters are not counted.`,
      block.range,
    );
    ok = false;
  }
  const override = (key: string, fallback: number) =>
    model.kwargs.has(key) ? f.num(key, 'architecture', { integer: true, min: 1, max: 2 ** 24 }) : def(fallback);
  const layers = override('n_layers', factory.layers);
  const heads = override('n_heads', factory.heads);
  const kvHeads = override('n_kv_heads', factory.kvHeads ?? heads?.value ?? factory.heads);
  const multiplier = model.kwargs.has('hidden_size_multiplier') ? f.num('hidden_size_multiplier', 'architecture', { min: 0 }) : null;
  const multipleOf = model.kwargs.has('hidden_size_multiple_of') ? f.num('hidden_size_multiple_of', 'architecture', { integer: true, min: 1 }) : null;
  const qk = model.kwargs.get('qk_norm');
  const qkNorm = qk ? (qk.value.type === 'bool' ? qk.value.value : null) : factory.qkNorm;
  if (qk && qkNorm === null)
    b.problem('warning', 'unevaluated-value', `qk_norm: \`${qk.expression}\` is not evaluated; the parameters are not counted.`, qk.range);
  const vocab = vocabOf(b, model);
  if (
    !ok ||
    !layers ||
    !heads ||
    !kvHeads ||
    !vocab ||
    qkNorm === null ||
    (model.kwargs.has('hidden_size_multiplier') && !multiplier) ||
    (model.kwargs.has('hidden_size_multiple_of') && !multipleOf)
  )
    return null;
  const mult = multiplier?.value ?? factory.multiplier;
  const of = multipleOf?.value ?? factory.multipleOf ?? 256;
  const ffn = olmoCoreFfn(factory.dModel, mult, of);
  const parts: ArchParts = {
    layers,
    dModel: def(factory.dModel),
    heads,
    kvHeads,
    ffn: b.derived(
      'ffn hidden size',
      ffn,
      'architecture',
      `ensure_multiple_of(int(${mult !== undefined ? `${Number(mult.toFixed(6))} × ` : ''}int(8·${factory.dModel}/3)), ${of})`,
      model.range,
      multiplier || multipleOf ? 'derived' : 'default',
    ),
    mlp: def('glu' as const),
    vocab,
    positions: def('rotary' as const),
    norm: def('rmsnorm' as const),
    linearBias: def(false),
    qkNorm: def(qkNorm ? ('full' as const) : ('none' as const)),
    tiedEmbeddings: def(false),
    ...(seqLen ? { seqLen } : {}),
  };
  const window = slidingWindowOf(b, model, factory, layers.value, src);
  if (window) parts.slidingWindow = window;
  return b.architecture(parts);
}

/**
 * The factory's sliding windows (OLMo 3): layers whose pattern entry is a window, the last one
 * full. A `sliding_window=None` override turns them off; any other override is not read, and the
 * attention FLOPs then count full attention, an upper bound, said on its line.
 */
function slidingWindowOf(b: PlanBuilder, model: PyObject, factory: OlmoCoreFactory, layers: number, src: string): Traced<SlidingWindow> | undefined {
  const stated = model.kwargs.get('sliding_window');
  if (stated) {
    if (stated.value.type !== 'none')
      b.problem(
        'info',
        'unmodelled-option',
        `sliding_window: \`${stated.expression}\` is not read; the attention FLOPs count full attention in every layer (an upper bound).`,
        stated.range,
      );
    return undefined;
  }
  const w = factory.slidingWindow;
  if (!w) return undefined;
  let on = 0;
  for (let i = 0; i < layers; i++) if (w.pattern[i % w.pattern.length]! > 0 && !(w.lastFull && i === layers - 1)) on++;
  const window = Math.max(...w.pattern);
  return on > 0
    ? b.trace({ window, layers: on }, 'default', src, model.range, `a ${window}-token window on ${on} of ${layers} layers (three in four, the last full)`)
    : undefined;
}

/** vocab_size: a number, or `<tokenizer>.padded_vocab_size()` of a tokenizer in the table. */
function vocabOf(b: PlanBuilder, model: PyObject): Traced<number> | null {
  const s = model.kwargs.get('vocab_size') ?? model.args[0];
  if (!s) {
    b.problem('warning', 'missing-architecture', `${model.callee}: no vocab_size.`, model.range);
    return null;
  }
  const v = s.value;
  if (v.type === 'int' && v.value > 0) return b.stated('vocab_size', v.value, s.range, 'architecture');
  if (v.type === 'object' && v.callee === 'padded_vocab_size' && v.receiver?.type === 'object') {
    const tok = /(^|\.)TokenizerConfig\.(\w+)$/.exec(v.receiver.callee)?.[2];
    const raw = tok !== undefined && Object.prototype.hasOwnProperty.call(OLMO_CORE_TOKENIZERS, tok) ? OLMO_CORE_TOKENIZERS[tok]! : null;
    const padArg = v.args[0]?.value ?? v.kwargs.get('pad_multiple')?.value;
    const pad = padArg === undefined ? 128 : padArg.type === 'int' && padArg.value > 0 ? padArg.value : null;
    if (raw !== null && pad !== null) {
      const padded = paddedVocab(raw, pad);
      const note = `TokenizerConfig.${tok}() vocab_size ${formatInteger(raw)} padded to a multiple of ${pad}`;
      return v.receiver.implicit
        ? b.frameworkDefault('vocab_size', padded, 'architecture', `${note} (build_config's default tokenizer)`)
        : b.derived('vocab_size', padded, 'architecture', note, s.range);
    }
  }
  b.problem(
    'warning',
    'unevaluated-value',
    `vocab_size: \`${s.expression}\` is not evaluated (the tokenizer is not one of ${Object.keys(OLMO_CORE_TOKENIZERS).join(', ')}); add \`# scaling-lens: vocab=N\`.`,
    s.range,
  );
  return b.vocabHint();
}

const CORE_SRC = 'allenai/OLMo-core@fa6c5014c9f6e9ee789da2d9c20d5126fee8df0d';
const CORE_DP: Readonly<Record<string, ShardingKind>> = { fsdp: 'fsdp-full', hsdp: 'fsdp-hybrid', ddp: 'none' };
const CORE_OPTIMIZERS: Readonly<Record<string, OptimizerKind>> = {
  AdamWConfig: 'adamw',
  SkipStepAdamWConfig: 'adamw',
  AdamConfig: 'adamw',
  LionConfig: 'lion',
  SkipStepLionConfig: 'lion',
  MuonConfig: 'muon',
};

/**
 * The setup from TransformerTrainModuleConfig's keys (CORE_SRC
 * src/olmo_core/train/train_module/transformer/config.py): rank_microbatch_size is in tokens
 * (a micro-batch of rank_microbatch_size / sequence length sequences); dp_config.name fsdp,
 * hsdp or ddp (DataParallelType); compile_model; the optim config's class names the optimizer.
 * Absent keys are left unknown: the builders that fill them live outside the file.
 */
function olmoCoreSetup(b: PlanBuilder, f: PyFields, seqLen: Traced<number> | null): RunSetup {
  const slot = (path: string) => {
    const l = f.get(path);
    return l.kind === 'slot' ? l.slot : undefined;
  };
  const micro = slot('rank_microbatch_size');
  let microBatch: Traced<number> | undefined;
  if (micro && micro.value.type === 'int' && seqLen && micro.value.value % seqLen.value === 0) {
    microBatch = b.trace(
      micro.value.value / seqLen.value,
      'derived',
      'rank_microbatch_size',
      micro.range,
      `rank_microbatch_size ${formatInteger(micro.value.value)} tokens / sequence length ${formatInteger(seqLen.value)}`,
    );
  }
  const dp = slot('dp_config.name');
  const dpName = dp && dp.value.type === 'ref' ? dp.value.name.split('.').pop()! : dp && dp.value.type === 'str' ? dp.value.value : undefined;
  const sharding = dpName && CORE_DP[dpName] ? b.trace(CORE_DP[dpName], 'stated', 'dp_config.name', dp!.range) : undefined;
  const compile = slot('compile_model');
  const optim = slot('optim');
  const optKind = optim && optim.value.type === 'object' ? CORE_OPTIMIZERS[optim.value.callee.split('.').pop()!] : undefined;
  const ac = slot('ac_config.mode');
  const acName = ac && ac.value.type === 'ref' ? ac.value.name.split('.').pop()! : undefined;
  const acMode =
    acName === 'full'
      ? ('full' as const)
      : acName === 'selected_blocks' || acName === 'selected_modules' || acName === 'selected_ops' || acName === 'budget'
        ? ('selective' as const)
        : undefined;
  return {
    ...(microBatch ? { microBatch } : {}),
    ...(sharding ? { sharding } : {}),
    ...(acMode
      ? { checkpointing: b.trace({ mode: acMode }, 'stated', 'ac_config.mode', ac!.range) }
      : slot('ac_config') === undefined && f.get('ac_config').kind === 'absent'
        ? { checkpointing: b.setupDefault({ mode: 'none' as const }, `no ac_config: no activation checkpointing (${CORE_SRC})`) }
        : {}),
    ...(optKind ? { optimizer: b.trace(optKind, 'stated', 'optim', optim!.range) } : {}),
    ...(compile && compile.value.type === 'bool' ? { compile: b.trace(compile.value.value, 'stated', 'compile_model', compile.range) } : {}),
  };
}

/** TransformerConfig's parameter properties (config.py): the non-embedding ones subtract only the input embedding, d_model × vocab_size. */
const PARAM_PROPERTIES: Readonly<Record<string, (c: ReturnType<typeof countParams>, embedding: number) => number>> = {
  num_params: (c) => c.total,
  num_active_params: (c) => c.active,
  num_non_embedding_params: (c, e) => c.total - e,
  num_active_non_embedding_params: (c, e) => c.active - e,
};

/**
 * `Duration.chinchilla_tokens(multiple, model_params=model_config.num_…_params)`:
 * int(20 × model_params × multiple) tokens (olmo_core/train/common.py). Null unless the multiple
 * is a number and model_params names one of the counted model's parameter properties.
 */
function chinchillaTokens(d: PyObject, arch: Architecture | null): { tokens: number; how: string } | null {
  const multiple = (d.args[0] ?? d.kwargs.get('multiple'))?.value;
  const params = d.kwargs.get('model_params') ?? d.args[1];
  const property = params ? /\.(num_\w+)$/.exec(params.expression.trim())?.[1] : undefined;
  const perParam = d.kwargs.get('_tok_per_param')?.value;
  const tokPerParam = perParam?.type === 'int' ? perParam.value : 20;
  if (!arch || !multiple || (multiple.type !== 'int' && multiple.type !== 'float') || !property || !(property in PARAM_PROPERTIES)) return null;
  const n = PARAM_PROPERTIES[property]!(countParams(arch), arch.dModel * arch.vocab);
  const tokens = Math.floor(tokPerParam * n * multiple.value);
  return { tokens, how: `Duration.chinchilla_tokens: int(${tokPerParam} × ${property} ${formatInteger(n)} × ${multiple.value})` };
}

/** The factory table in a line: "known: olmo2_14M … olmo2_32B, olmo3_14M … olmo3_32B, llama2_271M … llama2_70B, llama3_1B … llama3_405B". */
function factoryFamilies(): string {
  const families = new Map<string, string[]>();
  for (const name of Object.keys(OLMO_CORE_FACTORIES)) {
    const family = name.split('_')[0]!;
    families.set(family, [...(families.get(family) ?? []), name]);
  }
  const spans = [...families.values()].map((names) => (names.length === 1 ? names[0]! : `${names[0]} … ${names[names.length - 1]}`));
  return `known: ${spans.join(', ')}`;
}
