// MosaicML llm-foundry training YAML (docs/configs.md#llm-foundry): `model.name: mpt_causal_lm`
// with MPT keys, or `hf_causal_lm` naming a Hugging Face model; Composer time strings for
// `max_duration` (`4800ba`); `global_train_batch_size` in samples; OmegaConf `${variables.x}`.
// An MCLI run file nests the same config under `parameters:` and may state `compute.gpus`.

import type { MlpKind, MoeSpec, NormKind, PositionKind, QkNormKind } from '../../core/architecture';
import type { Traced } from '../../core/plan';
import type { Checkpointing, OptimizerKind, RunSetup, ShardingKind } from '../../core/runSetup';
import { parsePrecision, type ArchParts, type PlanBuilder } from '../shared/builder';
import { parseComposerTime } from '../shared/composerTime';
import { hfModelContextLength, hfModelParts, type HfKeyHit } from '../shared/hfArchitecture';
import { ARCH_RULE, invalidCount, yamlFields, type YamlFields } from '../shared/yamlFields';
import type { YamlConfig } from '../shared/yamlConfig';
import { hasChild, sniffYaml } from '../shared/yamlSniff';
import type { ReadContext, ReadResult, Reader } from '../types';
import { openYaml } from '../shared/yamlReader';

const NAME = 'llm-foundry';

// MPTConfig defaults: mosaicml/llm-foundry@0085285 llmfoundry/models/mpt/configuration_mpt.py.
const MPT = 'MPTConfig default (llm-foundry configuration_mpt.py)';

/** Where the training config starts: the root, or `parameters.` in an MCLI run file. */
function configPrefix(y: YamlConfig): string {
  return y.get('parameters.model') && !y.get('model') ? 'parameters.' : '';
}

export const llmFoundryReader: Reader = {
  id: 'llm-foundry',
  name: NAME,
  detect(text) {
    const shape = sniffYaml(text);
    const at = shape.top.has('model') ? '' : shape.top.has('parameters') && hasChild(shape, 'parameters', 'model') ? 'parameters' : null;
    if (at === null) return 0;
    const has = (k: string) => (at === '' ? shape.top.has(k) : hasChild(shape, 'parameters', k));
    // OLMo has the same two keys, but its `model:` has no `name:` (it is the model itself).
    const named = at === '' ? hasChild(shape, 'model', 'name') : /^[ \t]+name[ \t]*:[ \t]*['"]?(mpt|hf_)/m.test(text);
    if (!named) return 0;
    const foundryModel = /^[ \t]+name[ \t]*:[ \t]*['"]?(mpt_causal_lm|hf_causal_lm)\b/m.test(text);
    const both = has('max_duration') && has('global_train_batch_size');
    if (both) return foundryModel ? 0.95 : 0.85;
    if (has('max_duration') || has('global_train_batch_size')) return foundryModel ? 0.8 : 0.6;
    return foundryModel ? 0.55 : 0;
  },
  read(text, _fileName, ctx: ReadContext): ReadResult {
    const open = openYaml('llm-foundry', NAME, text, ctx);
    if ('done' in open) return open.done;
    const { b, y } = open;
    const prefix = configPrefix(y);
    const f = yamlFields(b, y, { prefix });

    // Architecture.
    const invalidBefore = invalidCount(b);
    const name = f.str('model.name');
    let parts: ArchParts | null = null;
    if (!name) {
      b.problem('warning', 'missing-architecture', 'model.name is not set: llm-foundry needs mpt_causal_lm or hf_causal_lm to build a model.');
    } else {
      b.stated(f.path('model.name'), name.value, name.entry.range, 'architecture');
      if (/^mpt/i.test(name.value)) parts = mptParts(b, f);
      else if (name.value === 'hf_causal_lm') parts = hfParts(b, f);
      else
        b.problem(
          'warning',
          'unsupported-model',
          `model.name ${name.value} is not a causal LM Scaling Lens can count (mpt_causal_lm, hf_causal_lm).`,
          name.entry.valueRange,
        );
    }

    // Sequence length: the model's for MPT; for HF models the run's `max_seq_len`.
    const loaderSeq = f.num('train_loader.dataset.max_seq_len', 'batch', ARCH_RULE);
    let seqLen: Traced<number> | null =
      parts?.seqLen ?? f.num('max_seq_len', 'batch', ARCH_RULE) ?? f.num('variables.max_seq_len', 'batch', ARCH_RULE) ?? loaderSeq ?? null;
    if (parts && !parts.seqLen && !seqLen) seqLen = contextFallback(b, f);
    if (parts && !parts.seqLen && seqLen) parts.seqLen = seqLen;
    if (loaderSeq && seqLen && loaderSeq.value !== seqLen.value) {
      b.problem(
        'warning',
        'inconsistent-value',
        `train_loader.dataset.max_seq_len (${loaderSeq.value}) differs from the model's max_seq_len (${seqLen.value}); tokens use the loader's.`,
        loaderSeq.range ?? null,
      );
      seqLen = loaderSeq;
    }
    const architecture = parts && invalidCount(b) === invalidBefore ? b.architecture(parts) : null;

    // Batch: samples per optimizer step, across all GPUs.
    const samples = f.num('global_train_batch_size', 'batch', { integer: true, min: 1 });
    const micro = f.entry('device_train_microbatch_size');
    if (micro && (typeof micro.value === 'number' || micro.value === 'auto'))
      b.stated(f.path('device_train_microbatch_size'), micro.value, micro.range, 'batch');
    const batchTokens =
      samples && seqLen
        ? b.derived(
            'tokens per step',
            samples.value * seqLen.value,
            'batch',
            `global_train_batch_size ${samples.value} × max_seq_len ${seqLen.value}`,
            samples.range,
            originOf(seqLen),
          )
        : null;

    const { tokens, steps } = duration(b, f, samples ?? null, seqLen, batchTokens);

    // Hardware: only an MCLI run file says it (`compute.gpus`, beside `parameters:`).
    const mcliGpus = prefix ? yamlFields(b, y).num('compute.gpus', 'hardware', { integer: true, min: 1 }) : undefined;

    const precisionKey = f.str('precision');
    const precisionValue = precisionKey ? parsePrecision(precisionKey.value) : null;
    const lr = f.num('optimizer.lr', 'optimizer', { min: 0 });
    const warmup = f.str('scheduler.t_warmup');
    if (warmup) b.stated(f.path('scheduler.t_warmup'), warmup.value, warmup.entry.range, 'optimizer');

    const setup = foundrySetup(b, f, name?.value ?? null);

    return b.finish({
      setup,
      architecture,
      tokens,
      batchTokens,
      steps,
      seqLen,
      ...(mcliGpus ? { gpuCount: b.gpuCount(mcliGpus) } : {}),
      precision: precisionKey && precisionValue ? b.trace(precisionValue, 'stated', f.path('precision'), precisionKey.entry.range) : null,
      learningRate: lr ?? null,
    });
  },
};

function mptParts(b: PlanBuilder, f: YamlFields): ArchParts {
  const m = (k: string) => `model.${k}`;
  // Undefined (an invalid value, reported at it) leaves the part absent.
  const dModel = f.numOr(m('d_model'), 'architecture', 2048, `${MPT}: d_model 2048`, ARCH_RULE);
  const heads = f.numOr(m('n_heads'), 'architecture', 16, `${MPT}: n_heads 16`, ARCH_RULE);
  const layers = f.numOr(m('n_layers'), 'architecture', 24, `${MPT}: n_layers 24`, ARCH_RULE);
  const vocab = f.numOr(m('vocab_size'), 'architecture', 50368, `${MPT}: vocab_size 50368`, ARCH_RULE);
  const seqLen = f.numOr(m('max_seq_len'), 'architecture', 2048, `${MPT}: max_seq_len 2048`, ARCH_RULE);
  const parts: ArchParts = {
    ...(dModel ? { dModel } : {}),
    ...(heads ? { heads } : {}),
    ...(layers ? { layers } : {}),
    ...(vocab ? { vocab } : {}),
    ...(seqLen ? { seqLen } : {}),
  };

  // Attention: multihead (default), multiquery (one K/V head) or grouped_query (kv_n_heads).
  const attnType = f.str(m('attn_config.attn_type'));
  const attn = attnType?.value ?? 'multihead_attention';
  if (attn === 'multiquery_attention') {
    parts.kvHeads = b.trace(1, 'stated', f.path(m('attn_config.attn_type')), attnType?.entry.range, 'multi-query attention: one key/value head');
  } else if (attn === 'grouped_query_attention') {
    const kv = f.num(m('attn_config.kv_n_heads'), 'architecture', ARCH_RULE);
    if (kv) parts.kvHeads = kv;
    else
      b.problem(
        'warning',
        'missing-value',
        'attn_type grouped_query_attention needs attn_config.kv_n_heads; the key/value heads are counted as the query heads until it is stated.',
        attnType?.entry.valueRange ?? null,
      );
  } else if (attn !== 'multihead_attention') {
    b.problem(
      'warning',
      'unsupported-value',
      `attn_type ${attn} is not one Scaling Lens knows; counted as multi-head attention.`,
      attnType?.entry.valueRange ?? null,
    );
  }

  // Feed-forward width: ffn_hidden_size, else d_model × expansion_ratio, which llm-foundry
  // requires to be whole (resolve_ffn_hidden_size in llmfoundry/models/layers/ffn.py).
  const hidden = f.num(m('ffn_config.ffn_hidden_size'), 'architecture', ARCH_RULE);
  if (hidden) parts.ffn = hidden;
  else {
    const ratio = f.numOr(m('expansion_ratio'), 'architecture', 4, `${MPT}: expansion_ratio 4`, { min: 0, max: 1e4 });
    const d = parts.dModel?.value;
    if (d !== undefined && ratio) {
      const width = d * ratio.value;
      if (Number.isInteger(width))
        parts.ffn = b.derived(
          'ffn',
          width,
          'architecture',
          `d_model ${d} × expansion_ratio ${ratio.value}`,
          ratio.range,
          ratio.origin === 'default' ? 'default' : 'derived',
        );
      else b.invalid(f.path(m('expansion_ratio')), `d_model × expansion_ratio must be a whole number (llm-foundry raises), got ${width}`, ratio.range ?? null);
    }
  }
  const ffnType = f.str(m('ffn_config.ffn_type'));
  const ffnKind = ffnType?.value ?? 'mptmlp';
  let mlp: MlpKind = ffnKind === 'mptglu' ? 'glu' : 'mlp';
  // `no_bias` removes every bias Parameter, norms included (modeling_mpt.py): read once, used by
  // the MoE output bias here and the norms and linears below.
  const noBias = f.bool(m('no_bias'));
  if (ffnKind === 'mb_moe' || ffnKind === 'mb_dmoe' || ffnKind === 'torch_dmoe') {
    // MegaBlocks (databricks/megablocks@78eea65, the megablocks<1.0 llm-foundry pins): bias-free
    // expert weights (mlp.py), a d × E router without bias (router.py) and, with biases on, one
    // d-wide bias on the layer's output (moe.py). `mb_moe` always builds the 2-matrix MLP; `mb_dmoe`
    // takes `mlp_type` glu. llm-foundry's own torch_dmoe (layers/dmoe.py): bias-free experts
    // (w1, w2, and v1 for glu), the same router, no output bias; it needs all three keys.
    const mlpType = f.str(m('ffn_config.mlp_type'));
    mlp = ffnKind !== 'mb_moe' && mlpType?.value === 'glu' ? 'glu' : 'mlp';
    if (ffnKind === 'mb_moe' && mlpType?.value === 'glu')
      b.problem(
        'info',
        'ignored-key',
        'mb_moe builds the plain two-matrix MLP whatever mlp_type says (megablocks moe.py); use mb_dmoe for GLU experts.',
        mlpType.entry.valueRange,
      );
    const experts = f.num(m('ffn_config.moe_num_experts'), 'architecture', ARCH_RULE);
    const topK = f.num(m('ffn_config.moe_top_k'), 'architecture', ARCH_RULE);
    if (!experts)
      b.problem(
        'warning',
        'missing-architecture',
        `ffn_type ${ffnKind} without ffn_config.moe_num_experts: counted as a dense model.`,
        ffnType?.entry.valueRange ?? null,
      );
    else if (parts.ffn) {
      const spec: MoeSpec = {
        experts: experts.value,
        topK: topK?.value ?? 1,
        expertFfn: parts.ffn.value,
        sharedExperts: 0,
        denseLayers: 0,
        expertBias: false,
        ...(ffnKind !== 'torch_dmoe' && !(noBias?.value ?? false) ? { outputBias: true } : {}),
      };
      const note = `${experts.value} ${ffnKind === 'torch_dmoe' ? 'llm-foundry dMoE' : 'MegaBlocks'} experts of width ${parts.ffn.value}, top-${spec.topK}${topK ? '' : ' (moe_top_k not stated, 1 assumed)'}`;
      parts.moe = b.trace(spec, topK ? 'stated' : 'assumed', f.path(m('ffn_config.moe_num_experts')), experts.range, note);
    }
  } else if (!['mptmlp', 'mptglu', 'te_ln_mlp'].includes(ffnKind)) {
    b.problem('warning', 'unsupported-value', `ffn_type ${ffnKind} is not one Scaling Lens knows; counted as mptmlp.`, ffnType?.entry.valueRange ?? null);
  }
  parts.mlp = b.trace(mlp, ffnType ? 'stated' : 'default', ffnType ? f.path(m('ffn_config.ffn_type')) : `${MPT}: ffn_type mptmlp`, ffnType?.entry.range);

  // Positions: ALiBi or RoPE turn the learned table off (MPTConfig.__init__).
  const alibi = f.bool(m('attn_config.alibi'));
  const rope = f.bool(m('attn_config.rope'));
  const learned = f.bool(m('learned_pos_emb'));
  let positions: PositionKind;
  if (alibi?.value) positions = 'alibi';
  else if (rope?.value) positions = 'rotary';
  else positions = (learned?.value ?? true) ? 'learned' : 'none';
  const posEntry = alibi?.value ? alibi : rope?.value ? rope : learned;
  const posKey = alibi?.value ? 'attn_config.alibi' : rope?.value ? 'attn_config.rope' : 'learned_pos_emb';
  parts.positions = b.trace(positions, posEntry ? 'stated' : 'default', posEntry ? f.path(m(posKey)) : `${MPT}: learned_pos_emb true`, posEntry?.entry.range);
  if (positions === 'learned' && parts.seqLen) parts.maxPositions = parts.seqLen;

  // Norms and biases (no_bias read above). LPLayerNorm is torch LayerNorm with weight and bias
  // (layers/norm.py@03c9784).
  const normType = f.str(m('norm_type'));
  const normName = normType?.value ?? 'low_precision_layernorm';
  const rms = /rms/i.test(normName);
  const norm: NormKind = rms || noBias?.value ? 'rmsnorm' : 'layernorm';
  const normNote = !rms && noBias?.value ? 'LayerNorm without bias (no_bias removes norm biases too): one weight per channel, counted like RMSNorm' : undefined;
  parts.norm = b.trace(
    norm,
    normType || noBias ? 'stated' : 'default',
    normType ? f.path(m('norm_type')) : noBias ? f.path(m('no_bias')) : `${MPT}: norm_type low_precision_layernorm`,
    (normType ?? noBias)?.entry.range,
    normNote,
  );
  parts.linearBias = b.trace(
    !(noBias?.value ?? false),
    noBias ? 'stated' : 'default',
    noBias ? f.path(m('no_bias')) : `${MPT}: no_bias false`,
    noBias?.entry.range,
  );

  // attention_bias (configuration_mpt.py: default `not no_bias`) sets the Wqkv bias alone
  // (layers/attention.py); out_proj and the MLP follow no_bias.
  const attnBias = f.bool(m('attention_bias'));
  if (attnBias && attnBias.value === parts.linearBias.value) {
    // As the default would have it: nothing to split.
  } else if (attnBias?.value) parts.qkvBias = b.trace(true, 'stated', f.path(m('attention_bias')), attnBias.entry.range);
  else if (attnBias) {
    parts.linearBias = b.trace(false, 'stated', f.path(m('attention_bias')), attnBias.entry.range, 'Wqkv without bias; out_proj and the MLP keep theirs');
    parts.outBias = b.trace(true, 'default', `${MPT}: no_bias false`);
    parts.mlpBias = b.trace(true, 'default', `${MPT}: no_bias false`);
  }
  const headDim = f.num(m('head_dim'), 'architecture', ARCH_RULE);
  if (headDim) parts.headDim = headDim;
  // sliding_window_size w (config_defaults.py: -1, off): a query sees keys i − w … i, w + 1 of them (layers/attention.py).
  const window = f.num(m('attn_config.sliding_window_size'), 'architecture', { integer: true, min: -1 });
  if (window && window.value >= 0 && parts.layers)
    parts.slidingWindow = b.trace(
      { window: window.value + 1, layers: parts.layers.value },
      'stated',
      f.path(m('attn_config.sliding_window_size')),
      window.range ?? null,
      `sliding_window_size ${window.value}: keys i − ${window.value} … i (${window.value + 1}), in every layer`,
    );
  const qkLn = f.bool(m('attn_config.qk_ln'));
  const qkGn = f.bool(m('attn_config.qk_gn'));
  const qk: QkNormKind = qkLn?.value ? 'full' : qkGn?.value ? 'per-head' : 'none';
  if (qk !== 'none')
    parts.qkNorm = b.trace(qk, 'stated', f.path(m(qkLn?.value ? 'attn_config.qk_ln' : 'attn_config.qk_gn')), (qkLn?.value ? qkLn : qkGn)?.entry.range);

  const tie = f.bool(m('tie_word_embeddings'));
  parts.tiedEmbeddings = b.trace(
    tie?.value ?? true,
    tie ? 'stated' : 'default',
    tie ? f.path(m('tie_word_embeddings')) : `${MPT}: tie_word_embeddings true`,
    tie?.entry.range,
  );
  return parts;
}

function hfParts(b: PlanBuilder, f: YamlFields): ArchParts | null {
  const id = f.str('model.pretrained_model_name_or_path');
  if (!id) {
    b.problem('warning', 'missing-architecture', 'hf_causal_lm without model.pretrained_model_name_or_path: the architecture is not known.');
    return null;
  }
  b.stated(f.path('model.pretrained_model_name_or_path'), id.value, id.entry.range, 'architecture');
  const before = b.problems.length;
  // model.config_overrides replace keys of the model's config.json (llm-foundry passes them to
  // AutoConfig.from_pretrained), e.g. gpt2-small.yaml's `n_positions: ${variables.max_seq_len}`.
  const overrides = (key: string): HfKeyHit | undefined => {
    const e = f.entry(`model.config_overrides.${key}`);
    return e && e.value !== undefined ? { value: e.value, range: e.valueRange, origin: 'stated', label: `model.config_overrides.${key}` } : undefined;
  };
  const parts = hfModelParts(b, id.value, id.entry.valueRange, overrides);
  if (!parts) {
    if (b.problems.length === before) {
      b.problem('warning', 'unknown-model', `${id.value} is not in Scaling Lens's model table, so its parameters cannot be counted.`, id.entry.valueRange);
    }
    return null;
  }
  return { ...parts };
}

/** A value computed from an assumption is itself an assumption. */
function originOf(t: Traced<unknown>): 'derived' | 'assumed' {
  return t.origin === 'assumed' ? 'assumed' : 'derived';
}

/** No max_seq_len anywhere: the HF model's context length, as an assumption the user can see. */
function contextFallback(b: PlanBuilder, f: YamlFields): Traced<number> | null {
  const id = f.str('model.pretrained_model_name_or_path')?.value;
  const context = id ? hfModelContextLength(id) : undefined;
  if (context === undefined) return null;
  b.problem('info', 'assumed-value', `No max_seq_len in the file: the model's context length ${context} is assumed for the sequence length.`);
  return b.assumed(f.path('max_seq_len'), context, 'batch', `${id} context length`, 'max_seq_len is not set; the model context length is assumed');
}

/** Tokens and steps from `max_duration` (Composer time) and the batch. */
function duration(
  b: PlanBuilder,
  f: YamlFields,
  samples: Traced<number> | null,
  seqLen: Traced<number> | null,
  batchTokens: Traced<number> | null,
): { tokens: ReadResult['plan']['tokens']; steps: Traced<number> | null } {
  const key = f.path('max_duration');
  const e = f.entry('max_duration');
  const unknown = (note: string) => ({ tokens: b.trace(null, 'derived', key, e?.range, note), steps: null });
  if (!e) return unknown('max_duration is not set, so the run length is not known');
  const parsed = parseComposerTime(e.value, 'ep');
  if (!parsed.ok) {
    b.invalid(key, parsed.error, e.valueRange);
    return unknown('max_duration could not be read');
  }
  const { unit, value } = parsed.time;
  const noBatch = 'the batch size or sequence length is not known';
  switch (unit) {
    case 'ba': {
      const steps = b.stated(key, value, e.range, 'duration', `${value} batches = optimizer steps`);
      if (!batchTokens) return { tokens: b.trace(null, 'derived', key, e.range, noBatch), steps };
      const tokens = b.derived(
        'training tokens',
        value * batchTokens.value,
        'duration',
        `${value} batches × ${batchTokens.value} tokens per batch`,
        e.range,
        originOf(batchTokens),
      );
      return { tokens, steps };
    }
    case 'sp': {
      b.stated(key, String(e.value), e.range, 'duration');
      if (!seqLen) return { tokens: b.trace(null, 'derived', key, e.range, noBatch), steps: null };
      const tokens = b.derived('training tokens', value * seqLen.value, 'duration', `${value} samples × ${seqLen.value} tokens`, e.range, originOf(seqLen));
      const steps = samples
        ? b.derived('steps', Math.ceil(value / samples.value), 'duration', `${value} samples / ${samples.value} per batch, rounded up`, e.range)
        : null;
      return { tokens, steps };
    }
    case 'tok': {
      b.stated(key, String(e.value), e.range, 'duration');
      const tokens = b.derived('training tokens', value, 'duration', `max_duration ${value} tokens`, e.range, 'stated');
      const steps = batchTokens
        ? b.derived('steps', Math.ceil(value / batchTokens.value), 'duration', `${value} tokens / ${batchTokens.value} per batch, rounded up`, e.range)
        : null;
      return { tokens, steps };
    }
    case 'ep':
    case 'iter':
      b.stated(key, typeof e.value === 'number' ? e.value : String(e.value), e.range, 'duration');
      return unknown(
        `${value} ${unit === 'ep' ? `epoch${value === 1 ? '' : 's'}` : `iteration${value === 1 ? '' : 's'}`} of a dataset the config does not size: tokens are not derivable. State them with max_duration in ba or tok${typeof e.value === 'number' ? ' (a bare number is epochs in Composer)' : ''}`,
      );
    case 'dur':
      b.invalid(key, `${value}dur is a fraction of max_duration itself; max_duration needs ba, tok, sp or ep`, e.valueRange);
      return unknown('max_duration is a fraction of itself');
    case 'sec':
      b.problem(
        'warning',
        'invalid-value',
        `${key}: a wall-clock max_duration is rejected by Composer's Trainer ("Wall clock time not an allowed time unit")`,
        e.valueRange,
      );
      return unknown('a wall-clock limit says nothing about tokens');
  }
}

const FOUNDRY = 'mosaicml/llm-foundry@8c8dd48f72168c5d51e2f7b151595892a8fba43d';
/** FSDP sharding_strategy names (torch.distributed.fsdp.ShardingStrategy, as Composer takes them). */
export const FSDP_STRATEGIES: Readonly<Record<string, ShardingKind>> = {
  FULL_SHARD: 'fsdp-full',
  SHARD_GRAD_OP: 'fsdp-grad-op',
  HYBRID_SHARD: 'fsdp-hybrid',
  _HYBRID_SHARD_ZERO2: 'fsdp-hybrid',
  NO_SHARD: 'none',
};
const FOUNDRY_OPTIMIZERS: Readonly<Record<string, OptimizerKind>> = {
  decoupled_adamw: 'adamw',
  adamw: 'adamw',
  decoupled_lionw: 'lion',
  decoupled_sgdw: 'sgd-momentum',
};

/**
 * The run setup from llm-foundry's keys (FOUNDRY). Without fsdp_config the model is replicated
 * (DDP; llmfoundry/command_utils/train.py builds FSDP only from fsdp_config); with it the
 * strategy defaults to FULL_SHARD (Composer's FSDP config) and activation_checkpointing to
 * false. MPT's attention defaults to flash (llmfoundry/models/utils/config_defaults.py
 * attn_impl 'flash'), its loss to fused_crossentropy (models/mpt/modeling_mpt.py).
 */
function foundrySetup(b: PlanBuilder, f: YamlFields, modelName: string | null): RunSetup {
  const def = <T>(value: T, note: string) => b.setupDefault(value, `${note} (${FOUNDRY})`);
  const micro = f.entry('device_train_microbatch_size');
  const microBatch =
    micro && typeof micro.value === 'number' && Number.isInteger(micro.value) && micro.value >= 1
      ? b.trace(micro.value, 'stated', f.path('device_train_microbatch_size'), micro.range)
      : undefined;
  const fsdp = f.entry('fsdp_config');
  let sharding: Traced<ShardingKind> | undefined;
  let checkpointing: Traced<Checkpointing> | undefined;
  let offload: Traced<'none' | 'optimizer+params'> | undefined;
  if (!fsdp || !fsdp.isMap) sharding = def('none' as const, 'no fsdp_config: DDP, every GPU holds the whole model and optimizer');
  else {
    const strategy = f.entry('fsdp_config.sharding_strategy');
    const kind = strategy && typeof strategy.value === 'string' ? FSDP_STRATEGIES[strategy.value.toUpperCase()] : undefined;
    sharding = strategy
      ? kind
        ? b.trace(kind, 'stated', f.path('fsdp_config.sharding_strategy'), strategy.range)
        : undefined
      : def('fsdp-full' as const, 'fsdp_config without sharding_strategy: FULL_SHARD');
    const ac = f.entry('fsdp_config.activation_checkpointing');
    checkpointing =
      ac && typeof ac.value === 'boolean'
        ? b.trace({ mode: ac.value ? ('full' as const) : ('none' as const) }, 'stated', f.path('fsdp_config.activation_checkpointing'), ac.range)
        : def({ mode: 'none' as const }, 'activation_checkpointing false');
    const cpu = f.entry('fsdp_config.cpu_offload');
    if (cpu && cpu.value === true) offload = b.trace('optimizer+params' as const, 'stated', f.path('fsdp_config.cpu_offload'), cpu.range);
  }
  const opt = f.entry('optimizer.name');
  const optKind = opt && typeof opt.value === 'string' ? FOUNDRY_OPTIMIZERS[opt.value] : undefined;
  const attn = f.entry('model.attn_config.attn_impl');
  const mpt = modelName !== null && /^mpt/i.test(modelName);
  const flashAttention =
    attn && typeof attn.value === 'string'
      ? b.trace(attn.value === 'flash', 'stated', f.path('model.attn_config.attn_impl'), attn.range)
      : mpt
        ? def(true, "MPT attn_impl 'flash'")
        : undefined;
  return {
    ...(microBatch ? { microBatch } : {}),
    ...(sharding ? { sharding } : {}),
    ...(offload ? { offload } : {}),
    ...(checkpointing ? { checkpointing } : {}),
    ...(optKind ? { optimizer: b.trace(optKind, 'stated', f.path('optimizer.name'), opt!.range) } : {}),
    ...(flashAttention ? { flashAttention } : {}),
  };
}
