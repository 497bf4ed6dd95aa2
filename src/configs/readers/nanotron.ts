// nanotron YAML (docs/configs.md#nanotron; SmolLM): HF-style keys under `model.model_config`
// (LlamaConfig or Qwen2Config, told apart by `is_llama_config` / `is_qwen2_config`), the run as
// `tokens.train_steps` × micro_batch_size × batch_accumulation_per_replica × parallelism.dp ×
// sequence_length, and the only GPU count stated in a config: dp × tp × pp × context parallel
// (huggingface/nanotron src/nanotron/parallel/context.py@009b8f7 asserts that product equals
// WORLD_SIZE).
//
// Model code: src/nanotron/config/models_config.py@025f314 (defaults, MoEConfig) and
// src/nanotron/models/qwen.py@00708b8 (qkv_proj bias = attention_bias, o_proj unbiased); MoE
// layers as huggingface/nanotron@2411b02 src/nanotron/nn/moe.py builds them: router d×E without
// bias, E experts of moe_intermediate_size, an optional shared expert of
// shared_expert_intermediate_size gated by a d→1 projection.

import type { MoeSpec } from '../../core/architecture';
import type { Traced } from '../../core/plan';
import type { RunSetup } from '../../core/runSetup';
import { parsePrecision, type ArchParts, type PlanBuilder } from '../shared/builder';
import { checkCommentClaims } from '../shared/commentClaims';
import { hfArchitectureParts, type HfKeyLookup } from '../shared/hfArchitecture';
import { ARCH_RULE, yamlFields, type YamlFields } from '../shared/yamlFields';
import type { YamlConfig } from '../shared/yamlConfig';
import { yamlLookup } from '../shared/yamlLookup';
import { hasChild, sniffYaml } from '../shared/yamlSniff';
import { findTokenizer } from '../registry/tokenizers';
import type { ReadContext, ReadResult, Reader } from '../types';
import { openYaml } from '../shared/yamlReader';

const NAME = 'nanotron';
const MC = 'model.model_config.';
const MODELS_CONFIG = 'nanotron models_config.py default';

export const nanotronReader: Reader = {
  id: 'nanotron',
  name: NAME,
  detect(text) {
    const shape = sniffYaml(text);
    if (!shape.top.has('tokens') || !shape.top.has('parallelism')) return 0;
    const steps = hasChild(shape, 'tokens', 'train_steps') || hasChild(shape, 'tokens', 'sequence_length');
    const dp = hasChild(shape, 'parallelism', 'dp');
    const model = hasChild(shape, 'model', 'model_config');
    return steps && dp && model ? 0.95 : steps && dp ? 0.85 : 0.5;
  },
  read(text, _fileName, ctx: ReadContext): ReadResult {
    const open = openYaml('nanotron', NAME, text, ctx);
    if ('done' in open) return open.done;
    const { b, y } = open;
    const f = yamlFields(b, y);

    // Parallelism: the world size is in the file.
    const degree = (key: string) =>
      f.num(key, 'hardware', { integer: true, min: 1, max: 1e6 }) ?? b.assumed(key, 1, 'hardware', 'built-in assumption', `${key} is not set: 1 is assumed`);
    const dp = degree('parallelism.dp');
    const tp = degree('parallelism.tp');
    const pp = degree('parallelism.pp');
    const cp = f.num('parallelism.context_parallel_size', 'hardware', { integer: true, min: 1, max: 1e6 });
    const world = dp.value * tp.value * pp.value * (cp?.value ?? 1);
    const worldFormula = `parallelism.dp ${dp.value} × tp ${tp.value} × pp ${pp.value}${cp ? ` × context_parallel_size ${cp.value}` : ''}`;
    const inFile = b.derived(
      'GPUs',
      world,
      'hardware',
      `${worldFormula} (stated in the file)`,
      dp.range,
      [dp, tp, pp].some((t) => t.origin === 'assumed') ? 'assumed' : 'derived',
    );

    const seqLen = f.num('tokens.sequence_length', 'batch', ARCH_RULE) ?? null;
    const parts = modelParts(b, f, y, tp.value);
    if (parts && seqLen) parts.seqLen = seqLen;
    const architecture = parts ? b.architecture(parts, 'nanotron configs give the model under model.model_config.') : null;

    // Batch and duration.
    const micro = f.num('tokens.micro_batch_size', 'batch', { integer: true, min: 1 });
    const accum = f.numOr('tokens.batch_accumulation_per_replica', 'batch', 1, 'batch_accumulation_per_replica 1', { integer: true, min: 1 });
    const sequences =
      micro && accum
        ? b.derived(
            'global batch (sequences)',
            micro.value * accum.value * dp.value,
            'batch',
            `tokens.micro_batch_size ${micro.value} × batch_accumulation_per_replica ${accum.value} × parallelism.dp ${dp.value}`,
            micro.range,
          )
        : null;
    const batchTokens =
      sequences && seqLen
        ? b.derived(
            'tokens per step',
            sequences.value * seqLen.value,
            'batch',
            `${sequences.value} sequences × sequence_length ${seqLen.value}`,
            sequences.range,
          )
        : null;
    const steps = f.num('tokens.train_steps', 'duration', { integer: true, min: 1 }) ?? null;
    let tokens: Traced<number | null>;
    if (steps && batchTokens && micro && accum && seqLen) {
      const formula = `tokens.train_steps ${steps.value} × micro_batch_size ${micro.value} × batch_accumulation_per_replica ${accum.value} × dp ${dp.value} × sequence_length ${seqLen.value}`;
      tokens = b.derived('training tokens', steps.value * batchTokens.value, 'duration', formula, steps.range);
      checkCommentClaims(b, text, tokens.value, 'train_steps × micro_batch_size × batch_accumulation_per_replica × dp × sequence_length');
    } else {
      const missing = [!steps && 'tokens.train_steps', !micro && 'tokens.micro_batch_size', !seqLen && 'tokens.sequence_length'].filter(Boolean).join(', ');
      tokens = b.trace(null, 'derived', 'tokens.train_steps', steps?.range, `${missing} ${missing.includes(',') ? 'are' : 'is'} not set`);
    }

    const dtype = f.str('model.dtype');
    const precision = dtype && parsePrecision(dtype.value) ? b.trace(parsePrecision(dtype.value)!, 'stated', 'model.dtype', dtype.entry.range) : null;
    const lr = f.num('optimizer.learning_rate_scheduler.learning_rate', 'optimizer', { min: 0, max: 10 });

    const setup = nanotronSetup(b, f, { dp, tp, pp, cp, micro, accum });

    return b.finish({
      setup,
      architecture,
      tokens,
      batchTokens,
      steps,
      seqLen,
      gpuCount: b.gpuCount(inFile),
      precision,
      learningRate: lr ?? null,
    });
  },
};

/**
 * The HF-style model_config read with nanotron's own layouts: both configs are Llama-shaped;
 * `attention_bias` biases q, k and v only, and Qwen2's `moe_config` is read here.
 */
function modelParts(b: PlanBuilder, f: YamlFields, y: YamlConfig, tp: number): ArchParts | null {
  if (!f.entry('model.model_config')) {
    b.problem('warning', 'missing-architecture', 'model.model_config is not set, so the model is not known.');
    return null;
  }
  const qwen = f.bool('model.model_config.is_qwen2_config')?.value ?? false;
  const base = yamlLookup(y, MC, { label: true });
  // nanotron configs carry no model_type: both model classes are Llama-shaped.
  const lookup: HfKeyLookup = (key) => {
    if (key === 'model_type') return { value: 'llama', range: null };
    if (key === 'attention_bias' || key === 'mlp_bias') return undefined;
    return base(key);
  };
  const parts = hfArchitectureParts(b, lookup, 'stated', 'model_config');
  if (Object.keys(parts).length === 0) return null;
  // Stated defaults of nanotron's LlamaConfig/Qwen2Config where the file leaves keys out.
  if (!parts.tiedEmbeddings || parts.tiedEmbeddings.origin !== 'stated')
    parts.tiedEmbeddings = b.trace(false, 'default', `${MODELS_CONFIG}: tie_word_embeddings false`);

  // examples/moe's LlaMoE (`moe_num_experts` in a Llama config) is a model class of its own
  // (examples/moe/moe.py: GELU experts of two matrices): not the Llama the keys describe.
  const llamoe = f.num(`${MC}moe_num_experts`, 'architecture', { integer: true, min: 0, max: 1e6 });
  if (!qwen && llamoe && llamoe.value > 1) {
    b.problem(
      'warning',
      'unsupported-architecture',
      `moe_num_experts ${llamoe.value}: nanotron's LlaMoE example model (examples/moe/moe.py), not the Llama its keys describe; Scaling Lens cannot count its parameters exactly, so it gives no count.`,
      llamoe.range ?? null,
    );
    return null;
  }

  const attnBias = f.bool(`${MC}attention_bias`);
  if (attnBias?.value) {
    if (!qwen)
      // nanotron's Llama builds qkv_proj and o_proj with bias=False whatever the key says (models/llama.py).
      b.problem(
        'info',
        'ignored-key',
        "attention_bias has no effect on nanotron's Llama: its projections are bias-free (models/llama.py).",
        attnBias.entry.range,
      );
    else parts.qkvBias = b.trace(true, 'stated', `${MC}attention_bias`, attnBias.entry.range, 'nanotron Qwen2 biases q, k and v (qkv_proj), not o_proj');
  }
  // Qwen2 sliding_window_size w: flash-attn window (w − 1, 0), w keys, on every layer except the
  // no-rope ones (models/qwen.py: (layer_idx + 1) % no_rope_layer == 0 skips both).
  const window = qwen ? f.num(`${MC}sliding_window_size`, 'architecture', { integer: true, min: 1, max: 2 ** 31 }) : undefined;
  if (window && parts.layers) {
    const noRope = f.num(`${MC}no_rope_layer`, 'architecture', { integer: true, min: 1, max: 1e6 })?.value;
    const local = parts.layers.value - (noRope ? Math.floor(parts.layers.value / noRope) : 0);
    if (local > 0)
      parts.slidingWindow = b.trace(
        { window: window.value, layers: local },
        'stated',
        `${MC}sliding_window_size`,
        window.range ?? null,
        `sliding-window attention of ${window.value} tokens on ${local} of ${parts.layers.value} layers${noRope ? ` (every ${noRope}th layer has no RoPE and no window)` : ''}`,
      );
  }

  // Vocabulary padded as nanotron's trainer does: to make_vocab_size_divisible_by (config.py
  // default 1) × tp (trainer.py, helpers.py).
  const divisible =
    f.num('model.make_vocab_size_divisible_by', 'architecture', { integer: true, min: 1, max: 1e6 }) ??
    b.trace(1, 'default', 'nanotron config.py default: make_vocab_size_divisible_by 1');
  if (parts.vocab) {
    const multiple = divisible.value * tp;
    const padded = Math.ceil(parts.vocab.value / multiple) * multiple;
    if (padded !== parts.vocab.value)
      parts.vocab = b.derived(
        'vocab (padded)',
        padded,
        'architecture',
        `vocab_size ${parts.vocab.value} padded to a multiple of make_vocab_size_divisible_by ${divisible.value} × tp ${tp}`,
        parts.vocab.range ?? null,
      );
  }
  tokenizerCheck(b, f, parts);

  if (qwen && f.entry(`${MC}moe_config`)?.isMap && parts.layers && parts.ffn) {
    const moe = moeSpec(b, f, y, parts.layers.value);
    if (moe) parts.moe = moe;
  }
  return parts;
}

/** A vocabulary smaller than the tokenizer's would fail at the first rare token. */
function tokenizerCheck(b: PlanBuilder, f: YamlFields, parts: ArchParts): void {
  const name = f.str('tokenizer.tokenizer_name_or_path');
  const tok = name ? findTokenizer(name.value) : undefined;
  if (name && tok && parts.vocab && parts.vocab.value < tok.vocab) {
    b.problem(
      'warning',
      'inconsistent-value',
      `vocab_size ${parts.vocab.value} is smaller than the ${tok.vocab} tokens of ${name.value}.`,
      parts.vocab.range ?? null,
    );
  }
}

function moeSpec(b: PlanBuilder, f: YamlFields, y: YamlConfig, layers: number): Traced<MoeSpec> | null {
  const k = `${MC}moe_config.`;
  const experts = f.numOr(`${k}num_experts`, 'architecture', 8, 'nanotron MoEConfig default: num_experts 8', { integer: true, min: 1, max: 1e6 });
  const topK = f.numOr(`${k}top_k`, 'architecture', 2, 'nanotron MoEConfig default: top_k 2', { integer: true, min: 1, max: 1e6 });
  const shared = f.bool(`${k}enable_shared_expert`)?.value ?? false;
  if (!experts || !topK) return null;
  // nanotron/nn/moe.py (GroupedMLP, the shared Qwen2MLP): experts of moe_intermediate_size
  // (MoEConfig default 1408), the shared expert of shared_expert_intermediate_size (5632).
  const expertFfn = f.numOr(`${k}moe_intermediate_size`, 'architecture', 1408, 'nanotron MoEConfig default: moe_intermediate_size 1408', ARCH_RULE)?.value;
  // Read only with a shared expert, so its default is not listed for models that have none.
  const sharedFfn = shared
    ? f.numOr(`${k}shared_expert_intermediate_size`, 'architecture', 5632, 'nanotron MoEConfig default: shared_expert_intermediate_size 5632', ARCH_RULE)?.value
    : 0;
  if (expertFfn === undefined || sharedFfn === undefined) return null;
  // `layers: [-1]` (the default) means every layer; otherwise the listed indices.
  const listed = y.toJS(`${k}layers`);
  let moeLayers = layers;
  if (Array.isArray(listed) && !(listed.length === 1 && listed[0] === -1)) {
    moeLayers = new Set(listed.filter((i): i is number => typeof i === 'number' && Number.isInteger(i) && i >= 0 && i < layers)).size;
  }
  const spec: MoeSpec = {
    experts: experts.value,
    topK: topK.value,
    expertFfn,
    sharedExperts: shared ? 1 : 0,
    ...(shared ? { sharedFfn, sharedExpertGate: true } : {}),
    denseLayers: layers - moeLayers,
  };
  const note = moeLayers === layers ? undefined : `${moeLayers} of ${layers} layers are MoE; the count is exact, the layer positions are not modelled`;
  return b.trace(spec, 'stated', `${k.slice(0, -1)}`, f.entry(`${MC}moe_config`)?.range ?? null, note);
}

const SRC = 'huggingface/nanotron@2411b022a75fb7f7561a1bb4166706da5e1b76de:src/nanotron/config/parallelism_config.py';

/**
 * The run setup from nanotron's keys. Defaults (ParallelismArgs, SRC): pp_engine
 * AllForwardAllBackward (GPipe), tp_mode ALL_REDUCE (no sequence parallelism; REDUCE_SCATTER
 * is), recompute_layer false, expert_parallel_size 1, tp_linear_async_communication off. optimizer.zero_stage is required (0 or 1,
 * ZeRO-1 shards the optimizer states); optimizer_factory.name adamW or sgd (config.py).
 */
function nanotronSetup(
  b: PlanBuilder,
  f: YamlFields,
  k: {
    dp: Traced<number>;
    tp: Traced<number>;
    pp: Traced<number>;
    cp: Traced<number> | undefined;
    micro: Traced<number> | undefined;
    accum: Traced<number> | undefined;
  },
): RunSetup {
  const def = <T>(value: T, note: string) => b.setupDefault(value, `${note} (${SRC})`);
  const word = (key: string) => {
    const e = f.entry(key);
    return e && (typeof e.value === 'string' || typeof e.value === 'boolean' || typeof e.value === 'number')
      ? { value: String(e.value), range: e.range }
      : undefined;
  };
  const engine = word('parallelism.pp_engine');
  const tpMode = word('parallelism.tp_mode');
  const recompute = word('parallelism.recompute_layer');
  const ep = word('parallelism.expert_parallel_size');
  const zero = word('optimizer.zero_stage');
  const opt = word('optimizer.optimizer_factory.name');
  const asyncTp = word('parallelism.tp_linear_async_communication');
  const epN =
    ep && /^\d+$/.test(ep.value) && Number(ep.value) >= 1
      ? b.trace(Number(ep.value), 'stated', 'parallelism.expert_parallel_size', ep.range)
      : def(1, 'expert_parallel_size 1');
  const schedule =
    k.pp.value > 1
      ? engine
        ? engine.value.toLowerCase() === '1f1b'
          ? b.trace('1f1b' as const, 'stated', 'parallelism.pp_engine', engine.range)
          : engine.value.toLowerCase() === 'afab'
            ? b.trace('gpipe' as const, 'stated', 'parallelism.pp_engine', engine.range)
            : undefined
        : def('gpipe' as const, 'pp_engine AllForwardAllBackward')
      : undefined;
  const sequenceParallel = tpMode
    ? b.trace(tpMode.value.toUpperCase() === 'REDUCE_SCATTER', 'stated', 'parallelism.tp_mode', tpMode.range)
    : def(false, 'tp_mode ALL_REDUCE');
  const checkpointing = recompute
    ? b.trace({ mode: recompute.value === 'true' ? ('full' as const) : ('none' as const) }, 'stated', 'parallelism.recompute_layer', recompute.range)
    : def({ mode: 'none' as const }, 'recompute_layer false');
  const sharding =
    zero && (zero.value === '0' || zero.value === '1')
      ? b.trace(zero.value === '1' ? ('zero1' as const) : ('none' as const), 'stated', 'optimizer.zero_stage', zero.range)
      : undefined;
  // Async TP linears start the all-gather / reduce-scatter of the sequence-parallel activations
  // and run the GEMM on the local chunk meanwhile (functional.py _ColumnLinearAsyncCommunication,
  // adapted from Megatron-LM's overlap); with ALL_REDUCE there is nothing to overlap.
  const tpCommOverlap =
    asyncTp && (asyncTp.value === 'true' || asyncTp.value === 'false')
      ? b.trace(asyncTp.value === 'true' && sequenceParallel.value, 'stated', 'parallelism.tp_linear_async_communication', asyncTp.range)
      : k.tp.value > 1
        ? def(false, 'tp_linear_async_communication None (off)')
        : undefined;
  const optimizer = opt
    ? /^adamw$/i.test(opt.value)
      ? b.trace('adamw' as const, 'stated', 'optimizer.optimizer_factory.name', opt.range)
      : /^sgd$/i.test(opt.value)
        ? b.trace('sgd' as const, 'stated', 'optimizer.optimizer_factory.name', opt.range)
        : undefined
    : undefined;
  return {
    ...(k.micro ? { microBatch: k.micro } : {}),
    ...(k.accum ? { gradAccum: k.accum } : {}),
    parallel: { dp: k.dp, tp: k.tp, pp: k.pp, ...(k.cp ? { cp: k.cp } : {}), ep: epN, sequenceParallel },
    ...(schedule ? { pipelineSchedule: schedule } : {}),
    ...(sharding ? { sharding } : {}),
    checkpointing,
    ...(optimizer ? { optimizer } : {}),
    ...(tpCommOverlap ? { tpCommOverlap } : {}),
  };
}
