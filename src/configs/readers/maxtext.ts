// MaxText YAML (docs/configs.md#maxtext): a models/<name>.yml overlay, a base.yml-derived run
// config, or both via `model_name`. Architecture keys are `base_`-prefixed and scaled by
// `global_parameter_scale`; a step trains per_device_batch_size × devices ×
// gradient_accumulation_steps sequences of max_target_length tokens, and the device count is
// not in the file. Keys a file leaves out take base.yml's values (registry/maxtext.ts).

import type { Architecture, MlpKind, MoeSpec } from '../../core/architecture';
import type { Traced } from '../../core/plan';
import { formatInteger } from '../../core/units';
import {
  findMaxtextModel,
  MAXTEXT_BASE,
  MAXTEXT_BLOCKS,
  MAXTEXT_UNMODELLED_SHAPE_KEYS,
  maxtextScales,
  type MaxtextBlock,
  type MaxtextModel,
} from '../registry/maxtext';
import type { OptimizerKind, RunSetup } from '../../core/runSetup';
import { parsePrecision, type ArchParts, type PlanBuilder } from '../shared/builder';
import { coerceNumber } from '../shared/values';
import { ARCH_RULE, invalidCount, yamlFields, type NumberRule, type YamlFields } from '../shared/yamlFields';
import type { YamlConfig } from '../shared/yamlConfig';
import { sniffYaml } from '../shared/yamlSniff';
import type { ReadContext, ReadResult, Reader } from '../types';
import { openYaml } from '../shared/yamlReader';

const NAME = 'MaxText';
const BASE = `base.yml default (${MAXTEXT_BASE.source})`;

const STRONG = ['base_emb_dim', 'base_num_query_heads', 'base_num_kv_heads', 'base_mlp_dim', 'base_num_decoder_layers', 'base_config', 'per_device_batch_size'];
const WEAK = [
  'max_target_length',
  'decoder_block',
  'ici_fsdp_parallelism',
  'dcn_data_parallelism',
  'logits_via_embedding',
  'mlp_activations',
  'global_parameter_scale',
];

export const maxtextReader: Reader = {
  id: 'maxtext',
  name: NAME,
  detect(text) {
    const { top } = sniffYaml(text);
    const strong = STRONG.filter((k) => top.has(k)).length;
    if (strong >= 2) return 0.95;
    if (strong === 1) return 0.8;
    const weak = WEAK.filter((k) => top.has(k)).length;
    if (weak >= 2 || (weak === 1 && top.has('model_name'))) return 0.6;
    return 0;
  },
  read(text, _fileName, ctx: ReadContext): ReadResult {
    const open = openYaml('maxtext', NAME, text, ctx);
    if ('done' in open) return open.done;
    const { b, y } = open;
    const f = yamlFields(b, y);

    const invalidBefore = invalidCount(b);
    const seqLen = f.numOr('max_target_length', 'batch', MAXTEXT_BASE.max_target_length, `${BASE}: max_target_length 2048`, ARCH_RULE);
    const architecture = readArchitecture(b, f, y, seqLen, invalidBefore);

    // Steps: -1 means learning_rate_schedule_steps.
    let steps = f.numOr('steps', 'duration', MAXTEXT_BASE.steps, `${BASE}: steps 150_001`, { integer: true, min: -1 });
    if (steps?.value === -1) {
      const schedule = f.num('learning_rate_schedule_steps', 'duration', { integer: true, min: 1 });
      if (schedule)
        steps = b.derived('steps', schedule.value, 'duration', `steps -1: learning_rate_schedule_steps ${formatInteger(schedule.value)}`, schedule.range);
      else {
        b.invalid(
          'steps',
          'steps -1 takes learning_rate_schedule_steps, which is not set to a positive number (MaxText refuses to start)',
          steps.range ?? null,
        );
        steps = undefined;
      }
    }

    // Batch: per_device_batch_size (may be fractional) × devices, truncated, × grad accumulation.
    const perDevice = f.numOr('per_device_batch_size', 'batch', MAXTEXT_BASE.per_device_batch_size, `${BASE}: per_device_batch_size 12.0`, { min: 0 });
    const accum = f.numOr('gradient_accumulation_steps', 'batch', MAXTEXT_BASE.gradient_accumulation_steps, `${BASE}: gradient_accumulation_steps 1`, {
      integer: true,
      min: 1,
    });
    let gpuCount: Traced<number> | undefined;
    let batchTokens: Traced<number> | null = null;
    if (perDevice && accum && seqLen) {
      const devices = b.requireGpuCount('A step trains per_device_batch_size × devices × gradient_accumulation_steps sequences.');
      gpuCount = devices;
      const exact = perDevice.value * devices.value;
      const sequences = Math.floor(exact) * accum.value;
      if (Math.floor(exact) < 1) {
        b.invalid('per_device_batch_size', `${perDevice.value} × ${devices.value} devices is less than one sequence per step`, perDevice.range ?? null);
      } else {
        if (!Number.isInteger(exact))
          b.problem(
            'info',
            'rounded-value',
            `per_device_batch_size ${perDevice.value} × ${devices.value} devices = ${exact}; MaxText truncates to ${Math.floor(exact)} sequences.`,
            perDevice.range ?? null,
          );
        const origin = devices.origin === 'assumed' ? 'assumed' : 'derived';
        const how = `per_device_batch_size ${perDevice.value} × ${formatInteger(devices.value)} devices${accum.value > 1 ? ` × gradient_accumulation_steps ${accum.value}` : ''} × max_target_length ${formatInteger(seqLen.value)}`;
        batchTokens = b.derived('tokens per step', sequences * seqLen.value, 'batch', how, perDevice.range, origin);
      }
    }
    const tokens =
      steps && batchTokens
        ? b.derived(
            'training tokens',
            steps.value * batchTokens.value,
            'duration',
            `steps ${formatInteger(steps.value)} × ${formatInteger(batchTokens.value)} tokens per step`,
            steps.range,
            batchTokens.origin === 'assumed' ? 'assumed' : 'derived',
          )
        : b.trace(null, 'derived', 'steps', steps?.range, steps ? 'the batch is not known' : 'steps could not be read');

    // Precision: activations in `dtype`; fp8 through `quantization`.
    const quant = f.str('quantization');
    const dtype = f.str('dtype');
    const precision =
      quant && /fp8/i.test(quant.value)
        ? b.trace('fp8' as const, 'stated', 'quantization', quant.entry.range)
        : dtype && parsePrecision(dtype.value)
          ? b.trace(parsePrecision(dtype.value)!, 'stated', 'dtype', dtype.entry.range)
          : dtype
            ? null
            : b.trace('bf16' as const, 'default', `${BASE}: dtype bfloat16`);
    const lr = f.numOr('learning_rate', 'optimizer', MAXTEXT_BASE.learning_rate, `${BASE}: learning_rate 3.e-5`, { min: 0 });

    return b.finish({
      setup: maxtextSetup(b, f, { perDevice, accum, devices: gpuCount }),
      architecture,
      tokens,
      batchTokens,
      steps: steps ?? null,
      seqLen: seqLen ?? null,
      ...(gpuCount ? { gpuCount } : {}),
      precision,
      learningRate: lr ?? null,
    });
  },
};

/** Overlay (model_name) > file > base.yml, for one architecture key. */
function resolver(b: PlanBuilder, f: YamlFields, overlay: { model: MaxtextModel; name: string; range: Traced<number>['range'] } | null) {
  const fromOverlay = <K extends keyof MaxtextModel>(key: K): MaxtextModel[K] | undefined => overlay?.model[key];
  return {
    num(key: keyof MaxtextModel & keyof typeof MAXTEXT_BASE, rule: NumberRule = ARCH_RULE): Traced<number> | undefined {
      const o = fromOverlay(key);
      if (typeof o === 'number' && overlay) {
        const e = f.entry(key);
        const stated = e ? coerceNumber(e.value) : null;
        if (e && stated !== o)
          b.problem(
            'warning',
            'overridden-value',
            `${key}: model_name ${overlay.name} sets ${o}, which replaces the ${String(e.value)} written here.`,
            e.range,
          );
        return b.trace(o, 'default', `model_name ${overlay.name} (${overlay.model.source})`, overlay.range, `${key} ${o}`);
      }
      const base = MAXTEXT_BASE[key];
      return f.numOr(key, 'architecture', base as number, `${BASE}: ${key} ${String(base)}`, rule);
    },
  };
}

function readArchitecture(
  b: PlanBuilder,
  f: YamlFields,
  y: YamlConfig,
  seqLen: Traced<number> | undefined,
  invalidBefore: number,
): Traced<Architecture> | null {
  // model_name selects an overlay that replaces the architecture keys.
  const nameEntry = f.str('model_name');
  let overlay: { model: MaxtextModel; name: string; range: Traced<number>['range'] } | null = null;
  if (nameEntry && nameEntry.value !== 'default') {
    b.stated('model_name', nameEntry.value, nameEntry.entry.range, 'architecture');
    const model = findMaxtextModel(nameEntry.value);
    if (model) overlay = { model, name: nameEntry.value, range: nameEntry.entry.range };
    else
      b.problem(
        'warning',
        'unknown-model',
        `model_name ${nameEntry.value} is not in Scaling Lens's MaxText table; the architecture keys of this file and base.yml are used instead.`,
        nameEntry.entry.valueRange,
      );
  }
  const r = resolver(b, f, overlay);

  // Distillation configs give the student's and the teacher's models in their own sections.
  const distill = ['student_overrides', 'teacher_overrides'].find((k) => f.entry(k));
  if (distill) {
    b.problem(
      'warning',
      'unsupported-architecture',
      `${distill}: a distillation config; Scaling Lens does not read the student and teacher models from their override sections, so it counts neither rather than base.yml's model.`,
      f.entry(distill)?.range ?? null,
    );
    return null;
  }
  for (const key of MAXTEXT_UNMODELLED_SHAPE_KEYS) {
    const e = f.entry(key);
    const v = e ? coerceNumber(e.value) : null;
    if (e && v !== null && v > 0) {
      b.problem(
        'warning',
        'unsupported-architecture',
        `${key} ${v} changes the block's shapes in a way Scaling Lens does not model; the parameters are not counted rather than guessed.`,
        e.valueRange,
      );
      return null;
    }
  }

  const attention = f.str('attention_type');
  // DeepSeek-V3.2's sparse attention adds a lightning indexer per layer (its own projections), not modelled.
  const indexer = f.bool('use_indexer');
  if (indexer?.value) {
    b.problem(
      'warning',
      'unsupported-architecture',
      "use_indexer: the sparse-attention indexer's projections are not modelled; the parameters are not counted rather than guessed.",
      indexer.entry.range,
    );
    return null;
  }

  const scaleT = f.numOr('global_parameter_scale', 'architecture', 1, `${BASE}: global_parameter_scale 1`, { integer: true, min: 1, max: 1 << 20 });
  const scales = scaleT ? maxtextScales(scaleT.value) : null;
  if (scaleT && !scales) b.invalid('global_parameter_scale', `must be a power of 2 (MaxText raises), got ${scaleT.value}`, scaleT.range ?? null);
  if (!scales) return null;
  const scaled = (t: Traced<number> | undefined, log2: number, what: string): Traced<number> | undefined =>
    t && log2 > 0
      ? b.trace(t.value * 2 ** log2, 'derived', `${t.source} × ${2 ** log2}`, t.range, `${what} × 2^${log2} (global_parameter_scale ${scaleT?.value})`)
      : t;

  const parts: ArchParts = {};
  const emb = r.num('base_emb_dim');
  const heads = r.num('base_num_query_heads');
  const kv = r.num('base_num_kv_heads');
  const mlp = r.num('base_mlp_dim');
  const layers = r.num('base_num_decoder_layers');
  const setIf = <K extends keyof ArchParts>(k: K, v: ArchParts[K] | undefined) => {
    if (v) parts[k] = v;
  };
  setIf('dModel', scaled(emb, scales.emb, 'base_emb_dim'));
  setIf('heads', scaled(heads, scales.heads, 'base_num_query_heads'));
  setIf('kvHeads', scaled(kv, scales.heads, 'base_num_kv_heads'));
  setIf('ffn', scaled(mlp, scales.mlp, 'base_mlp_dim'));
  const blockName = overlay?.model.decoder_block ?? f.str('decoder_block')?.value ?? MAXTEXT_BASE.decoder_block;
  const spec = Object.prototype.hasOwnProperty.call(MAXTEXT_BLOCKS, blockName) ? MAXTEXT_BLOCKS[blockName]! : null;
  const perDecoderLayer = spec?.layersPerDecoderLayer ?? 1;
  const decoderLayers = scaled(layers, scales.layers, 'base_num_decoder_layers');
  setIf(
    'layers',
    decoderLayers && perDecoderLayer > 1
      ? b.trace(
          decoderLayers.value * perDecoderLayer,
          'derived',
          `${decoderLayers.source} × ${perDecoderLayer}`,
          decoderLayers.range,
          `decoder_block ${blockName}: each of the ${decoderLayers.value} decoder layers holds ${perDecoderLayer} transformer layers (a local and a global one)`,
        )
      : decoderLayers,
  );
  setIf('headDim', r.num('head_dim'));
  setIf('vocab', r.num('vocab_size'));
  setIf('seqLen', seqLen);

  // mlp_activations: one entry per up-projection; ["silu","linear"] is SwiGLU, ["gelu","linear"] GeGLU.
  const acts = overlay ? overlay.model.mlp_activations : activations(b, f, y);
  if (!acts) return null;
  {
    if (acts.length > 2)
      b.problem(
        'warning',
        'approximate-count',
        `mlp_activations has ${acts.length} entries; counted as a two-matrix GLU.`,
        f.entry('mlp_activations')?.range ?? null,
      );
    parts.mlp = b.trace<MlpKind>(
      acts.length >= 2 ? 'glu' : 'mlp',
      overlay ? 'default' : f.entry('mlp_activations') ? 'stated' : 'default',
      overlay ? `model_name ${overlay.name}` : 'mlp_activations',
      overlay?.range ?? f.entry('mlp_activations')?.range,
      `mlp_activations ${JSON.stringify(acts)}`,
    );
  }

  const tie = overlay ? overlay.model.logits_via_embedding : (f.bool('logits_via_embedding')?.value ?? MAXTEXT_BASE.logits_via_embedding);
  parts.tiedEmbeddings = b.trace(
    tie,
    overlay || f.entry('logits_via_embedding') ? (overlay ? 'default' : 'stated') : 'default',
    'logits_via_embedding',
    overlay?.range ?? f.entry('logits_via_embedding')?.range,
  );
  const block = blockName;
  if (block === 'gpt3') {
    // MaxText's gpt3 block (layers/gpt3.py): Gpt3LayerNorm with a bias, and biases on the fused
    // QKV, the output projection and both MLP matrices (MLPerf's GPT-3 175B reference).
    parts.norm = b.trace('layernorm' as const, 'default', `${NAME} decoder_block gpt3: LayerNorm with bias`);
    parts.linearBias = b.trace(true, 'default', `${NAME} decoder_block gpt3: biases on every linear layer`);
  } else {
    parts.norm = b.trace('rmsnorm' as const, 'default', `${NAME} decoder RMSNorm`);
    parts.linearBias = b.trace(false, 'default', `${NAME} decoder (no biases)`);
  }
  const trainablePositions = f.num('trainable_position_size', 'architecture', { integer: true, min: -1, max: 1e8 });
  if (trainablePositions && trainablePositions.value > 0) {
    parts.positions = b.trace('learned' as const, 'stated', 'trainable_position_size', trainablePositions.range);
    parts.maxPositions = trainablePositions;
  } else parts.positions = b.trace('rotary' as const, 'default', `${NAME} decoder RoPE`);

  if (spec) blockExtras(b, f, spec, block, parts);
  // Multi-head latent attention (DeepSeek 2/3, Kimi K2): the low-rank q and kv projections with
  // their norms (maxtext layers/attention_mla.py); base.yml: q_lora_rank 0 (no query compression),
  // kv_lora_rank 512, qk_nope_head_dim 128, qk_rope_head_dim 64, v_head_dim 128.
  if (attention?.value === 'mla') {
    const rank = (key: string, fallback: number) => f.numOr(key, 'architecture', fallback, `${BASE}: ${key} ${fallback}`, { integer: true, min: 0, max: 1e7 });
    const [q, kv, nope, rope, v] = [
      rank('q_lora_rank', 0),
      rank('kv_lora_rank', 512),
      rank('qk_nope_head_dim', 128),
      rank('qk_rope_head_dim', 64),
      rank('v_head_dim', 128),
    ];
    if (q && kv && nope && rope && v)
      parts.mla = b.trace(
        { qLoraRank: q.value, kvLoraRank: kv.value, qkNopeHeadDim: nope.value, qkRopeHeadDim: rope.value, vHeadDim: v.value },
        'stated',
        'attention_type',
        attention.entry.range,
        'multi-head latent attention',
      );
  }
  // attention_bias: biases on q, k and v, and on the output projection except in qwen2 (attentions.py).
  const attnBias = f.bool('attention_bias');
  if (attnBias?.value && block !== 'gpt3') {
    parts.qkvBias = b.trace(true, 'stated', 'attention_bias', attnBias.entry.range);
    if (block !== 'qwen2') parts.outBias = b.trace(true, 'stated', 'attention_bias', attnBias.entry.range, 'the output projection too (all but qwen2)');
  }
  // attention_sink: one learned sink logit per query head (attentions.py `sinks`, gpt-oss).
  const sink = f.bool('attention_sink');
  if (sink?.value) parts.attentionSinks = b.trace(true, 'stated', 'attention_sink', sink.entry.range, 'one sink logit per query head per layer');
  if (!spec) {
    b.problem(
      'warning',
      'approximate-count',
      `decoder_block ${block} is counted as a Llama-style block (RMSNorm, no biases); extra norms or projections it has are not included.`,
      f.entry('decoder_block')?.valueRange ?? overlay?.range ?? null,
    );
  }

  // Mixture of experts: every layer after first_num_dense_layers routes to num_experts.
  const experts = r.num('num_experts');
  if (experts && experts.value > 1) {
    const topK = r.num('num_experts_per_tok');
    const moeDim = r.num('base_moe_mlp_dim', { integer: true, min: -1, max: 1e8 });
    const shared = f.numOr('shared_experts', 'architecture', 0, `${BASE}: shared_experts 0`, { integer: true, min: 0, max: 1e6 });
    const dense = f.numOr('first_num_dense_layers', 'architecture', 0, `${BASE}: first_num_dense_layers 0`, { integer: true, min: 0, max: 1e6 });
    const width = moeDim && moeDim.value > 0 ? moeDim.value * 2 ** scales.mlp : parts.ffn?.value;
    if (topK && width !== undefined && shared && dense) {
      // interleave_moe_layer_step N: layer i routes when (i + 1) % N == 0 (llama4.py determine_is_moe_layer; envy.py alike).
      const step = f.numOr('interleave_moe_layer_step', 'architecture', 1, `${BASE}: interleave_moe_layer_step 1`, { integer: true, min: 1, max: 1e6 });
      const every = step && step.value > 1 ? { layerFrequency: step.value, layerPhase: step.value - 1 } : {};
      // routed_bias: a learnable per-expert bias on the router scores (DeepSeek-V3's e_score_correction_bias).
      const routedBias = f.bool('routed_bias')?.value === true;
      // mlp_bias: biases on every expert's wi_0, wi_1 and wo (moe.py RoutedMoE); MaxText's dense MLPs take none.
      const expertBias = f.bool('mlp_bias')?.value === true;
      const moeSpec: MoeSpec = {
        experts: experts.value,
        topK: topK.value,
        expertFfn: width,
        sharedExperts: shared.value,
        denseLayers: dense.value,
        ...every,
        ...(routedBias ? { routerBias: true } : {}),
        ...(expertBias ? { expertBias: true } : {}),
      };
      const note = `${experts.value} experts of width ${formatInteger(width)}${moeDim && moeDim.value > 0 ? '' : ' (base_moe_mlp_dim not set: base_mlp_dim)'}, top-${topK.value}${step && step.value > 1 ? `, on every ${step.value}th layer` : ''}`;
      parts.moe = b.trace(moeSpec, experts.origin === 'stated' ? 'stated' : 'default', experts.source, experts.range, note);
    }
  }
  // A stated value that failed (head_dim, num_experts) must not fall back to a default.
  if (invalidCount(b) !== invalidBefore) return null;
  return b.architecture(parts, 'Open the models/<name>.yml file, or set model_name.');
}

/** Post-norms, q/k norms and sliding windows of a decoder block (MAXTEXT_BLOCKS). */
function blockExtras(b: PlanBuilder, f: YamlFields, spec: MaxtextBlock, block: string, parts: ArchParts): void {
  if (spec.postNorms) {
    const post = ['use_post_attn_norm', 'use_post_ffw_norm'].filter((k) => f.bool(k)?.value === true);
    if (post.length > 0)
      parts.blockNorms = b.trace(
        2 + post.length,
        'stated',
        post.join(', '),
        f.entry(post[0]!)?.range,
        `decoder_block ${block}: ${2 + post.length} norms per layer`,
      );
  }
  // qk_norm_with_scale false: the norms have no weights (attentions.py), nothing to count.
  const qk = (spec.qkNorm === 'always' || (spec.qkNorm === 'config' && f.bool('use_qk_norm')?.value === true)) && f.bool('qk_norm_with_scale')?.value !== false;
  if (qk)
    parts.qkNorm = b.trace(
      spec.qkNormWidth ?? ('per-head' as const),
      spec.qkNorm === 'always' ? 'default' : 'stated',
      spec.qkNorm === 'always' ? `${NAME} decoder_block ${block}` : 'use_qk_norm',
      f.entry('use_qk_norm')?.range,
    );
  const window = f.num('sliding_window_size', 'architecture', { integer: true, min: 0, max: 1e8 });
  const layers = parts.layers?.value;
  if (spec.sliding && window && window.value > 0 && layers !== undefined) {
    const { cycle, local } = spec.sliding;
    const windowed = Math.floor(layers / cycle) * local + Math.min(layers % cycle, local);
    parts.slidingWindow = b.trace(
      { window: window.value, layers: windowed },
      'stated',
      'sliding_window_size',
      window.range,
      `${windowed} of ${layers} layers attend through a ${formatInteger(window.value)}-token window`,
    );
  }
}

/** mlp_activations as written (a YAML list of strings), or base.yml's. */
function activations(b: PlanBuilder, f: YamlFields, y: YamlConfig): readonly string[] | null {
  const e = f.entry('mlp_activations');
  if (!e) return MAXTEXT_BASE.mlp_activations;
  const v = y.toJS('mlp_activations');
  const list = Array.isArray(v) ? v : typeof v === 'string' ? [v] : null;
  if (!list || list.length === 0 || list.some((x) => typeof x !== 'string')) {
    b.invalid('mlp_activations', 'expected a list of activation names such as ["silu","linear"]', e.valueRange);
    return null;
  }
  b.stated('mlp_activations', JSON.stringify(list), e.range, 'architecture');
  return list as string[];
}

const MAXTEXT_SRC = 'AI-Hypercomputer/maxtext@e591f30cbbf217ed67ef71263ec0538239f9c3b8:src/maxtext/configs/base.yml';
const MAXTEXT_OPTIMIZERS: Readonly<Record<string, OptimizerKind>> = { adamw: 'adamw', adam_pax: 'adamw', sgd: 'sgd', muon: 'muon' };

/**
 * The run setup from MaxText's mesh axes and keys. Each degree is the ICI axis × the DCN axis
 * (within and across slices); an axis of -1 takes the devices the others leave. Weights,
 * gradients and optimizer states are sharded over the fsdp axis (ZeRO-3-like), whose base.yml
 * default is ici_fsdp_parallelism -1: every device. Defaults (MAXTEXT_SRC): remat_policy
 * 'full', opt_type 'adamw', other axes 1; JAX always compiles (jit).
 */
function maxtextSetup(
  b: PlanBuilder,
  f: YamlFields,
  k: { perDevice: Traced<number> | undefined; accum: Traced<number> | undefined; devices: Traced<number> | undefined },
): RunSetup {
  const def = <T>(value: T, note: string) => b.setupDefault(value, `${note} (${MAXTEXT_SRC})`);
  const axis = (name: string, fallbackIci: number): Traced<number> | undefined => {
    const ici = f.entry(`ici_${name}_parallelism`);
    const dcn = f.entry(`dcn_${name}_parallelism`);
    const iv = ici ? coerceNumber(ici.value) : fallbackIci;
    const dv = dcn ? coerceNumber(dcn.value) : 1;
    if (iv === null || dv === null || !Number.isInteger(iv) || !Number.isInteger(dv)) return undefined;
    if (iv === -1 || dv === -1) return undefined; // the rest of the devices: resolved below when they are known
    const value = iv * dv;
    if (!ici && !dcn) return def(value, `ici_${name}_parallelism ${fallbackIci}, dcn 1`);
    return b.trace(value, 'stated', ici ? `ici_${name}_parallelism` : `dcn_${name}_parallelism`, (ici ?? dcn)!.range, `ici ${iv} × dcn ${dv}`);
  };
  const tp = axis('tensor', 1);
  const pp = axis('pipeline', 1);
  const cp = axis('context', 1);
  const ep = axis('expert', 1);
  const fsdpIci = f.entry('ici_fsdp_parallelism');
  const fsdpDcn = f.entry('dcn_fsdp_parallelism');
  const fsdpAuto = (fsdpIci ? coerceNumber(fsdpIci.value) : -1) === -1 || (fsdpDcn ? coerceNumber(fsdpDcn.value) : 1) === -1;
  const fsdp = fsdpAuto ? undefined : axis('fsdp', -1);
  // Data-parallel ranks: devices over the model-parallel axes (data × fsdp).
  let dp: Traced<number> | undefined;
  if (k.devices && tp && pp && cp && ep) {
    const mp = tp.value * pp.value * cp.value * ep.value;
    if (k.devices.value % mp === 0)
      dp = b.trace(
        k.devices.value / mp,
        k.devices.origin === 'assumed' ? 'assumed' : 'derived',
        'devices / (tensor × pipeline × context × expert)',
        null,
        `${formatInteger(k.devices.value)} devices / ${mp}`,
      );
  }
  const shardOrigin = fsdpIci || fsdpDcn ? 'stated' : 'default';
  const sharding =
    fsdpAuto || (fsdp && fsdp.value > 1)
      ? b.trace(
          'fsdp-full' as const,
          shardOrigin,
          fsdpIci ? 'ici_fsdp_parallelism' : fsdpDcn ? 'dcn_fsdp_parallelism' : `${NAME} default`,
          (fsdpIci ?? fsdpDcn)?.range,
          fsdpAuto
            ? `the fsdp axis takes the devices the other axes leave (-1)${shardOrigin === 'default' ? `: ${MAXTEXT_SRC} ici_fsdp_parallelism -1` : ''}`
            : undefined,
        )
      : fsdp
        ? b.trace('none' as const, fsdp.origin, fsdp.source, fsdp.range, 'fsdp axis 1: weights and optimizer states replicated')
        : undefined;
  const remat = f.entry('remat_policy');
  const policy = remat && typeof remat.value === 'string' ? remat.value : undefined;
  const checkpointing =
    policy !== undefined
      ? b.trace(
          { mode: policy === 'full' ? ('full' as const) : ('selective' as const) },
          'stated',
          'remat_policy',
          remat!.range,
          policy === 'full' ? undefined : `remat_policy ${policy}: some activations saved, the rest recomputed`,
        )
      : def({ mode: 'full' as const }, "remat_policy 'full'");
  const opt = f.entry('opt_type');
  const optKind = opt && typeof opt.value === 'string' ? MAXTEXT_OPTIMIZERS[opt.value] : undefined;
  const attention = f.entry('attention');
  const attn = attention && typeof attention.value === 'string' ? attention.value : undefined;
  return {
    ...(k.perDevice ? { microBatch: k.perDevice } : {}),
    ...(k.accum ? { gradAccum: k.accum } : {}),
    parallel: { ...(dp ? { dp } : {}), ...(tp ? { tp } : {}), ...(pp ? { pp } : {}), ...(cp ? { cp } : {}), ...(ep ? { ep } : {}) },
    ...(sharding ? { sharding } : {}),
    checkpointing,
    ...(optKind ? { optimizer: b.trace(optKind, 'stated', 'opt_type', opt!.range) } : !opt ? { optimizer: def('adamw', "opt_type 'adamw'") } : {}),
    compile: def(true, 'JAX compiles every step with jit'),
    ...(attn === 'flash' || attn === 'cudnn_flash_te' || attn === 'dot_product'
      ? { flashAttention: b.trace(attn !== 'dot_product', 'stated', 'attention', attention!.range) }
      : {}),
  };
}
