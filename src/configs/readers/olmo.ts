// AllenAI OLMo training YAML (docs/configs.md#olmo): the model itself under `model:`
// (d_model, n_layers, …, no `name`), `max_duration` as steps / "<x>T" tokens / "<n>ep", and
// `global_train_batch_size` in instances of `max_sequence_length` tokens.
//
// Defaults and semantics: allenai/OLMo@362f460 olmo/config.py (ModelConfig, TrainConfig,
// SchedulerConfig), @e80587a olmo/model.py (LayerNormBase, the fused SwiGLU `ff_proj`),
// @394bb22 olmo/train.py (`max_steps`, `tokens_per_batch`).

import type { MlpKind, NormKind, PositionKind } from '../../core/architecture';
import type { Traced } from '../../core/plan';
import { formatInteger } from '../../core/units';
import type { Checkpointing, RunSetup, ShardingKind } from '../../core/runSetup';
import { parsePrecision, type ArchParts, type PlanBuilder } from '../shared/builder';
import { parseOlmoDuration } from '../shared/composerTime';
import { ARCH_RULE, invalidCount, yamlFields, type YamlFields } from '../shared/yamlFields';
import type { YamlConfig } from '../shared/yamlConfig';
import { hasChild, sniffYaml } from '../shared/yamlSniff';
import type { ReadContext, ReadResult, Reader } from '../types';
import { openYaml } from '../shared/yamlReader';

const NAME = 'OLMo';
const CFG = 'OLMo ModelConfig default (olmo/config.py)';
const TRAIN = 'OLMo TrainConfig default (olmo/config.py)';

export const olmoReader: Reader = {
  id: 'olmo',
  name: NAME,
  detect(text) {
    const shape = sniffYaml(text);
    if (!shape.top.has('model') || hasChild(shape, 'model', 'name')) return 0;
    const modelKeys = ['d_model', 'n_layers', 'n_heads'].filter((k) => hasChild(shape, 'model', k)).length;
    if (modelKeys < 2) return 0;
    const train = ['max_duration', 'global_train_batch_size'].filter((k) => shape.top.has(k)).length;
    // A model block alone could be anyone's; it takes OLMo's training keys to be sure.
    return train === 2 ? 0.9 : train === 1 ? 0.75 : 0.4;
  },
  read(text, _fileName, ctx: ReadContext): ReadResult {
    const open = openYaml('olmo', NAME, text, ctx);
    if ('done' in open) return open.done;
    const { b, y } = open;
    const f = yamlFields(b, y);

    const invalidBefore = invalidCount(b);
    const parts = modelParts(b, f, y);
    const architecture = invalidCount(b) === invalidBefore ? b.architecture(parts) : null;
    const seqLen = parts.seqLen ?? null;

    // One optimizer step = global_train_batch_size instances of max_sequence_length tokens.
    const instances = f.numOr('global_train_batch_size', 'batch', 512, `${TRAIN}: global_train_batch_size 512`, { integer: true, min: 1 });
    const micro = f.numOr('device_train_microbatch_size', 'batch', 16, `${TRAIN}: device_train_microbatch_size 16`, { integer: true, min: 1 });
    const batchTokens =
      seqLen && instances
        ? b.derived(
            'tokens per step',
            instances.value * seqLen.value,
            'batch',
            `global_train_batch_size ${instances.value} × max_sequence_length ${seqLen.value}`,
            instances.range,
            instances.origin === 'default' ? 'default' : 'derived',
          )
        : null;

    const { tokens, steps, bound } = duration(b, f, batchTokens);

    const precisionKey = f.str('precision');
    const precisionValue = precisionKey ? parsePrecision(precisionKey.value) : null;
    const lr = f.numOr('optimizer.learning_rate', 'optimizer', 1e-4, 'OLMo OptimizerConfig default: learning_rate 1e-4', { min: 0 });

    return b.finish({
      setup: olmoSetup(b, f, micro),
      architecture,
      tokens,
      ...(bound ? { tokensBound: bound } : {}),
      batchTokens,
      steps,
      seqLen,
      precision: precisionKey && precisionValue ? b.trace(precisionValue, 'stated', 'precision', precisionKey.entry.range) : null,
      learningRate: lr ?? null,
    });
  },
};

function modelParts(b: PlanBuilder, f: YamlFields, y: YamlConfig): ArchParts {
  const m = (k: string) => `model.${k}`;
  // Undefined (an invalid value, reported at it) leaves the part absent.
  const dModel = f.numOr(m('d_model'), 'architecture', 768, `${CFG}: d_model 768`, ARCH_RULE);
  const heads = f.numOr(m('n_heads'), 'architecture', 12, `${CFG}: n_heads 12`, ARCH_RULE);
  const layers = f.numOr(m('n_layers'), 'architecture', 12, `${CFG}: n_layers 12`, ARCH_RULE);
  const seqLen = f.numOr(m('max_sequence_length'), 'architecture', 1024, `${CFG}: max_sequence_length 1024`, ARCH_RULE);
  const parts: ArchParts = { ...(dModel ? { dModel } : {}), ...(heads ? { heads } : {}), ...(layers ? { layers } : {}), ...(seqLen ? { seqLen } : {}) };

  // Key/value heads: n_kv_heads, else the deprecated multi_query_attention (effective_n_kv_heads).
  const kv = f.num(m('n_kv_heads'), 'architecture', ARCH_RULE);
  const mqa = f.bool(m('multi_query_attention'));
  if (kv) parts.kvHeads = kv;
  else if (mqa?.value) parts.kvHeads = b.trace(1, 'stated', m('multi_query_attention'), mqa.entry.range, 'multi-query attention: one key/value head');
  if (kv && mqa && parts.heads && (mqa.value ? 1 : parts.heads.value) !== kv.value) {
    b.problem(
      'error',
      'inconsistent-value',
      'OLMo refuses multi_query_attention together with a different n_kv_heads ("You can\'t set `multi_query_attention` and `n_kv_heads` at the same time").',
      mqa.entry.range,
    );
  }

  mlpParts(b, f, parts);
  positionParts(b, f, parts);
  const linearBias = normParts(b, f, parts);

  // Embeddings: embedding_size rows (padded). Absent: the default 50304; null: vocab_size.
  const vocab = f.numOr(m('vocab_size'), 'architecture', 50257, `${CFG}: vocab_size 50257`, ARCH_RULE);
  const embRaw = y.get(m('embedding_size'));
  const emb = f.num(m('embedding_size'), 'architecture', ARCH_RULE);
  if (emb) {
    parts.vocab = emb;
    if (vocab && emb.value < vocab.value)
      b.invalid(
        m('embedding_size'),
        `embedding_size ${emb.value} is smaller than vocab_size ${vocab.value} (OLMo raises "embedding size should be at least as big as vocab size")`,
        emb.range ?? null,
      );
  } else if (!embRaw && vocab) {
    if (vocab.value <= 50304)
      parts.vocab = b.frameworkDefault(
        m('embedding_size'),
        50304,
        'architecture',
        `${CFG}: embedding_size 50304 (the embedding rows; vocab_size is ${vocab.value})`,
      );
    else
      b.invalid(
        m('vocab_size'),
        `${vocab.value} is larger than the default embedding_size 50304, which OLMo rejects; set model.embedding_size (e.g. ${Math.ceil(vocab.value / 128) * 128})`,
        vocab.range ?? null,
      );
  } else if (embRaw && embRaw.value === null && vocab) {
    parts.vocab = vocab;
  }

  const tie = f.bool(m('weight_tying'));
  parts.tiedEmbeddings = b.trace(tie?.value ?? true, tie ? 'stated' : 'default', tie ? m('weight_tying') : `${CFG}: weight_tying true`, tie?.entry.range);
  if (!(tie?.value ?? true) && linearBias && parts.vocab) {
    b.problem(
      'info',
      'approximate-count',
      `The untied output layer has a bias (include_bias is true) of ${formatInteger(parts.vocab.value)} parameters that the count leaves out.`,
      tie?.entry.range ?? null,
    );
  }
  return parts;
}

/**
 * ff_proj maps d_model to `hidden` = mlp_hidden_size or mlp_ratio × d_model. SwiGLU splits
 * that output into value and gate, so each effective matrix is hidden / 2 (model.py SwiGLU,
 * output_multiplier 0.5).
 */
function mlpParts(b: PlanBuilder, f: YamlFields, parts: ArchParts): void {
  const m = (k: string) => `model.${k}`;
  const act = f.str(m('activation_type'));
  const activation = act?.value ?? 'swiglu';
  const glu = activation === 'swiglu';
  if (!['swiglu', 'gelu', 'relu'].includes(activation))
    b.problem(
      'warning',
      'unsupported-value',
      `activation_type ${activation} is not one OLMo knows (swiglu, gelu, relu); counted as a plain MLP.`,
      act?.entry.valueRange ?? null,
    );
  parts.mlp = b.trace<MlpKind>(
    glu ? 'glu' : 'mlp',
    act ? 'stated' : 'default',
    act ? m('activation_type') : `${CFG}: activation_type swiglu`,
    act?.entry.range,
  );

  const hiddenKey = f.num(m('mlp_hidden_size'), 'architecture', ARCH_RULE);
  let hidden: { value: number; how: string; key: string; range: Traced<number>['range']; origin: 'default' | 'derived' } | null = null;
  if (hiddenKey)
    hidden = { value: hiddenKey.value, how: `mlp_hidden_size ${hiddenKey.value}`, key: m('mlp_hidden_size'), range: hiddenKey.range, origin: 'derived' };
  else if (!f.entry(m('mlp_hidden_size'))) {
    const ratio = f.numOr(m('mlp_ratio'), 'architecture', 4, `${CFG}: mlp_ratio 4`, { integer: true, min: 1, max: 1e4 });
    const d = parts.dModel?.value;
    if (ratio && d !== undefined)
      hidden = {
        value: ratio.value * d,
        how: `mlp_ratio ${ratio.value} × d_model ${d}`,
        key: m('mlp_ratio'),
        range: ratio.range,
        origin: ratio.origin === 'default' ? 'default' : 'derived',
      };
  }
  if (!hidden) return;
  if (glu && hidden.value % 2 !== 0) {
    b.invalid(hidden.key, `the fused SwiGLU width ${hidden.value} must be even (OLMo asserts it)`, hidden.range ?? null);
    return;
  }
  const ffn = glu ? hidden.value / 2 : hidden.value;
  const how = glu ? `${hidden.how} = ${hidden.value} fused value+gate, so ${ffn} per SwiGLU matrix` : hidden.how;
  parts.ffn = b.derived('ffn (effective)', ffn, 'architecture', how, hidden.range, hidden.origin);
}

/** RoPE or ALiBi, else a learned max_sequence_length × d_model table (wpe). */
function positionParts(b: PlanBuilder, f: YamlFields, parts: ArchParts): void {
  const m = (k: string) => `model.${k}`;
  const rope = f.bool(m('rope'));
  const alibi = f.bool(m('alibi'));
  if (rope?.value && alibi?.value) b.problem('error', 'inconsistent-value', 'rope and alibi are mutually exclusive in OLMo.', alibi.entry.range);
  const pos: PositionKind = rope?.value ? 'rotary' : alibi?.value ? 'alibi' : 'learned';
  const [entry, key] = rope?.value ? [rope, 'rope'] : alibi?.value ? [alibi, 'alibi'] : rope ? [rope, 'rope'] : alibi ? [alibi, 'alibi'] : [undefined, ''];
  parts.positions = b.trace(pos, entry ? 'stated' : 'default', entry ? m(key) : `${CFG}: rope false, alibi false (learned positions)`, entry?.entry.range);
  if (pos === 'learned' && parts.seqLen) parts.maxPositions = parts.seqLen;
}

/**
 * Norm weights: with layer_norm_with_affine a weight, plus a bias when bias_for_layer_norm
 * (default: include_bias); without, none (OLMo 1's non-parametric LayerNorm). Also QK-norm.
 * Returns include_bias.
 */
function normParts(b: PlanBuilder, f: YamlFields, parts: ArchParts): boolean {
  const m = (k: string) => `model.${k}`;
  const includeBias = f.bool(m('include_bias'));
  const linearBias = includeBias?.value ?? true;
  parts.linearBias = b.trace(
    linearBias,
    includeBias ? 'stated' : 'default',
    includeBias ? m('include_bias') : `${CFG}: include_bias true`,
    includeBias?.entry.range,
  );

  const affine = f.bool(m('layer_norm_with_affine'));
  const normBias = f.bool(m('bias_for_layer_norm'));
  const type = f.str(m('layer_norm_type'));
  const typeName = type?.value ?? 'default';
  const hasWeight = affine?.value ?? true;
  const hasBias = normBias?.value ?? linearBias;
  const norm: NormKind = !hasWeight ? 'nonparametric' : hasBias ? 'layernorm' : 'rmsnorm';
  const note = !hasWeight
    ? 'layer_norm_with_affine false: the norms have no weights'
    : `${typeName} norm with ${hasBias ? 'a weight and a bias' : 'a weight only'} per channel`;
  const [entry, key] = affine
    ? [affine, 'layer_norm_with_affine']
    : normBias
      ? [normBias, 'bias_for_layer_norm']
      : type
        ? [type, 'layer_norm_type']
        : [undefined, ''];
  parts.norm = b.trace(norm, entry ? 'stated' : 'default', entry ? m(key) : `${CFG}: affine LayerNorm`, entry?.entry.range, note);

  // QK-norm (OLMo 2 `attention_layer_norm`): one norm over all query heads, one over the keys.
  const qk = f.bool(m('attention_layer_norm'));
  if (qk?.value) {
    parts.qkNorm = b.trace('full' as const, 'stated', m('attention_layer_norm'), qk.entry.range, 'q_norm over d_model, k_norm over the key/value heads');
    const qkAffine = f.bool(m('attention_layer_norm_with_affine'));
    if ((qkAffine?.value ?? true) !== hasWeight) {
      b.problem(
        'info',
        'approximate-count',
        'attention_layer_norm_with_affine differs from layer_norm_with_affine; the QK-norm weights are counted like the block norms (off by up to 2 × d_model per layer).',
        (qkAffine ?? qk).entry.range,
      );
    }
  }
  return linearBias;
}

/** Steps and tokens from max_duration, stop_at and the batch. */
function duration(
  b: PlanBuilder,
  f: YamlFields,
  batchTokens: Traced<number> | null,
): { tokens: ReadResult['plan']['tokens']; steps: Traced<number> | null; bound?: 'upper' } {
  const e = f.entry('max_duration');
  const stopAt = f.num('stop_at', 'duration', { integer: true, min: 0 });
  const horizon = schedulerHorizon(f);
  const noBatch = 'the sequence length is not known';
  let steps: Traced<number> | null = null;
  let tokensNote: string | null = null;
  if (!e) steps = b.frameworkDefault('max_duration', 10000, 'duration', `${TRAIN}: max_duration 10000 steps`);
  else {
    const parsed = parseOlmoDuration(e.value);
    if (!parsed.ok) {
      b.invalid('max_duration', parsed.error, e.valueRange);
      return { tokens: b.trace(null, 'derived', 'max_duration', e.range, 'max_duration could not be read'), steps: null };
    }
    const { kind, value } = parsed.time;
    if (kind === 'steps') steps = b.stated('max_duration', value, e.range, 'duration', `${formatInteger(value)} optimizer steps`);
    else if (kind === 'tokens') {
      b.stated('max_duration', String(e.value), e.range, 'duration');
      if (!batchTokens)
        return { tokens: b.trace(value, 'stated', 'max_duration', e.range, `${noBatch}; max_duration states ${formatInteger(value)} tokens`), steps: null };
      // OLMo runs ceil(tokens / tokens_per_batch) whole steps: olmo/train.py Trainer.max_steps,
      // `steps_remaining = math.ceil(tokens_remaining / self.tokens_per_batch)`.
      const n = Math.ceil(value / batchTokens.value);
      steps = b.derived(
        'steps',
        n,
        'duration',
        `max_duration ${formatInteger(value)} tokens / ${formatInteger(batchTokens.value)} tokens per step, rounded up (the last step is whole)`,
        e.range,
      );
    } else {
      b.stated('max_duration', String(e.value), e.range, 'duration');
      tokensNote = `${value} epoch${value === 1 ? '' : 's'} of the data mix, which the config does not size: tokens are not derivable${horizon ? `. The LR schedule's horizon is ${horizon}` : ''}`;
    }
  }
  // stop_at ends the run early at that step (min(stop_at, max_steps)).
  if (stopAt && (!steps || stopAt.value < steps.value)) {
    const known = !!steps;
    steps = b.derived('steps', stopAt.value, 'duration', `stop_at ${formatInteger(stopAt.value)} ends the run early`, stopAt.range);
    if (!batchTokens) return { tokens: b.trace(null, 'derived', 'stop_at', stopAt.range, noBatch), steps };
    const tokens = b.derived(
      'training tokens',
      stopAt.value * batchTokens.value,
      'duration',
      `stop_at ${formatInteger(stopAt.value)} × ${formatInteger(batchTokens.value)} tokens per step`,
      stopAt.range,
    );
    return known ? { tokens, steps } : { tokens, steps, bound: 'upper' };
  }
  if (!steps) return { tokens: b.trace(null, 'derived', 'max_duration', e?.range, tokensNote ?? 'the run length is not known'), steps: null };
  if (!batchTokens) return { tokens: b.trace(null, 'derived', 'max_duration', e?.range, noBatch), steps };
  const tokens = b.derived(
    'training tokens',
    steps.value * batchTokens.value,
    'duration',
    `${formatInteger(steps.value)} steps × ${formatInteger(batchTokens.value)} tokens per step`,
    steps.range,
    steps.origin === 'default' ? 'default' : 'derived',
  );
  return { tokens, steps };
}

/** "scheduler.t_max = 5,000,000,000,000 tokens" when the scheduler states a horizon (a hint, not the run length). */
function schedulerHorizon(f: YamlFields): string | null {
  const units = f.str('scheduler.units')?.value ?? 'steps';
  f.num('scheduler.t_warmup', 'optimizer', { min: 0 });
  const tMax = f.num('scheduler.t_max', 'optimizer', { min: 0 });
  return tMax ? `scheduler.t_max = ${formatInteger(tMax.value)} ${units} (a hint, not the run length)` : null;
}

const OLMO_SRC = 'allenai/OLMo@59a53e3f68e546330ca5a99ec626e58f9ab96494:olmo/config.py';
const OLMO_FSDP: Readonly<Record<string, ShardingKind>> = {
  FULL_SHARD: 'fsdp-full',
  SHARD_GRAD_OP: 'fsdp-grad-op',
  HYBRID_SHARD: 'fsdp-hybrid',
  _HYBRID_SHARD_ZERO2: 'fsdp-hybrid',
  NO_SHARD: 'none',
};
/** ActivationCheckpointingStrategy → checkpointing; two_in_three and three_in_four have no single period. */
const OLMO_AC: Readonly<Record<string, Checkpointing>> = {
  whole_layer: { mode: 'full' },
  one_in_two: { mode: 'every-n', everyN: 2 },
  one_in_three: { mode: 'every-n', everyN: 3 },
  one_in_four: { mode: 'every-n', everyN: 4 },
  one_in_eight: { mode: 'every-n', everyN: 8 },
  fine_grained: { mode: 'selective' },
};

/**
 * The run setup from OLMo's keys. Defaults (OLMO_SRC TrainConfig): distributed_strategy fsdp
 * with FSDPConfig.sharding_strategy FULL_SHARD, activation_checkpointing None, compile None,
 * optimizer lionw, model.flash_attention false, fused_loss None (off).
 */
function olmoSetup(b: PlanBuilder, f: YamlFields, micro: Traced<number> | undefined): RunSetup {
  const def = <T>(value: T, note: string) => b.setupDefault(value, `${note} (${OLMO_SRC})`);
  const word = (key: string) => {
    const e = f.entry(key);
    return e && (typeof e.value === 'string' || typeof e.value === 'boolean') ? { value: e.value, range: e.range } : undefined;
  };
  const strategy = word('distributed_strategy');
  const shardKey = word('fsdp.sharding_strategy');
  let sharding: Traced<ShardingKind> | undefined;
  if (strategy?.value === 'ddp') sharding = b.trace('none' as const, 'stated', 'distributed_strategy', strategy.range);
  else if (shardKey && typeof shardKey.value === 'string') {
    const kind = OLMO_FSDP[shardKey.value.toUpperCase()];
    if (kind) sharding = b.trace(kind, 'stated', 'fsdp.sharding_strategy', shardKey.range);
  } else if (!strategy || strategy.value === 'fsdp') sharding = def('fsdp-full' as const, 'distributed_strategy fsdp, sharding_strategy FULL_SHARD');
  const ac = word('activation_checkpointing');
  const acKind = ac && typeof ac.value === 'string' ? OLMO_AC[ac.value] : undefined;
  const checkpointing = ac
    ? acKind
      ? b.trace(acKind, 'stated', 'activation_checkpointing', ac.range)
      : undefined
    : f.entry('activation_checkpointing') === undefined
      ? def({ mode: 'none' as const }, 'activation_checkpointing None')
      : undefined;
  const opt = word('optimizer.name');
  const optimizer = opt
    ? opt.value === 'adamw'
      ? b.trace('adamw' as const, 'stated', 'optimizer.name', opt.range)
      : opt.value === 'lionw'
        ? b.trace('lion' as const, 'stated', 'optimizer.name', opt.range)
        : undefined
    : def('lion' as const, 'optimizer lionw');
  const flash = word('model.flash_attention');
  const compile = f.entry('compile');
  return {
    ...(micro ? { microBatch: micro } : {}),
    ...(sharding ? { sharding } : {}),
    ...(checkpointing ? { checkpointing } : {}),
    ...(optimizer ? { optimizer } : {}),
    compile: compile ? b.trace(true, 'stated', 'compile', compile.range) : def(false, 'compile None'),
    flashAttention:
      flash && typeof flash.value === 'boolean'
        ? b.trace(flash.value, 'stated', 'model.flash_attention', flash.range)
        : def(false, 'model.flash_attention false'),
    chunkedLoss: def(false, 'the loss is one cross-entropy over the logits (fused_loss only fuses its kernel)'),
  };
}
