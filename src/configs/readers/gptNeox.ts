// GPT-NeoX / Pythia YAML (docs/configs.md#gpt-neox). Keys may be dashed or underscored, even in
// one file (Pythia-14M); `intermediate_size` is pre-scaled for SwiGLU; the global batch is
// micro × gas × data-parallel GPUs, and the GPU count is rarely in the file.

import type { Traced } from '../../core/plan';
import { formatInteger } from '../../core/units';
import type { RunSetup } from '../../core/runSetup';
import { deepspeedSetup } from '../shared/deepspeedSetup';
import { parsePrecision, type ArchParts, type PlanBuilder } from '../shared/builder';
import type { YamlConfig } from '../shared/yamlConfig';
import { coerceNumber } from '../shared/values';
import { passesRule } from '../shared/numbers';
import type { ReadContext, ReadResult, Reader } from '../types';
import { ARCH_RULE, invalidCount, yamlFields, type YamlFields } from '../shared/yamlFields';
import { findTokenizer } from '../registry/tokenizers';
import { openYaml } from '../shared/yamlReader';

const NAME = 'GPT-NeoX';

// [ \t], not \s: \s spans newlines and makes a line-anchored regex quadratic on blank runs.
const LAYERS = /^[ \t]*["']?num[-_]layers["']?[ \t]*:/m;
const TRAINING = /^[ \t]*["']?(train[-_]iters|train[-_]epochs)["']?[ \t]*:/m;
const HIDDEN = /^[ \t]*["']?hidden[-_]size["']?[ \t]*:/m;
const HEADS = /^[ \t]*["']?num[-_]attention[-_]heads["']?[ \t]*:/m;
/** NeoX's own spelling: keys quoted as in JSON (`"num_layers": 32,`), as every configs/*.yml writes them. */
const QUOTED_LAYERS = /^[ \t]*"num[-_]layers"[ \t]*:/m;

function sniff(text: string): boolean {
  return LAYERS.test(text) && TRAINING.test(text);
}

/**
 * A model-only file (configs/llama2/7B.yml): NeoX merges it with a training file on the
 * command line (`python deepy.py train.py 7B.yml setup.yml`), so it has no train_iters.
 */
function modelOnly(text: string): boolean {
  return QUOTED_LAYERS.test(text) && HIDDEN.test(text) && HEADS.test(text) && !TRAINING.test(text);
}

/** neox_args.py `pos_emb` choices at EleutherAI/gpt-neox@ea7aefd. */
const POSITION_KINDS: ReadonlySet<string> = new Set(['learned', 'rotary', 'sinusoidal', 'rpe', 'alibi', 'none']);
/** megatron/model/activations.py get_activation: the gated activations. */
const GATED = new Set(['geglu', 'reglu', 'bilinear', 'swiglu', 'glu']);

/**
 * attention_config layer kinds that are not attention blocks with an MLP (gpt2_model.py builds
 * a Mamba, RWKV or gMLP/aMLP layer instead): counted as transformer blocks they would give a
 * wrong number, so the count is left out.
 */
const NOT_TRANSFORMER = ['mamba', 'rwkv', 'gmlp', 'amlp'];

export const gptNeoxReader: Reader = {
  id: 'gpt-neox',
  name: NAME,
  detect(text) {
    if (!sniff(text)) return modelOnly(text) ? 0.55 : 0;
    // Megatron-style keys in YAML are NeoX's; llm-foundry/OLMo nest under `model:` instead.
    return /^[ \t]*["']?hidden[-_]size["']?[ \t]*:/m.test(text) ? 0.9 : 0.6;
  },
  read(text, _fileName, ctx: ReadContext): ReadResult {
    const open = openYaml('gpt-neox', NAME, text, ctx, { dashesAreUnderscores: true });
    if ('done' in open) return open.done;
    const { b, y } = open;

    // The typed reads every YAML and JSON reader shares (typedFields): an invalid value (a list
    // where a number belongs, `"no_weight_tying": "maybe"`) is a problem at it, never skipped.
    const { num, bool, str } = yamlFields(b, y);

    // Architecture. A size stated but invalid is an error, not a cue to count with its default.
    const before = invalidCount(b);
    const layers = num('num_layers', 'architecture', ARCH_RULE);
    const dModel = num('hidden_size', 'architecture', ARCH_RULE);
    const heads = num('num_attention_heads', 'architecture', ARCH_RULE);
    const parts: ArchParts = { ...(layers ? { layers } : {}), ...(dModel ? { dModel } : {}), ...(heads ? { heads } : {}) };
    const kv = num('num_kv_heads', 'architecture', ARCH_RULE);
    if (kv) parts.kvHeads = kv;
    const seq = num('seq_length', 'architecture', ARCH_RULE) ?? num('max_position_embeddings', 'architecture', ARCH_RULE);
    if (seq) parts.seqLen = seq;

    const activation = str('activation');
    // megatron/model/activations.py get_activation: geglu, reglu, bilinear, swiglu and glu are gated.
    const glu = activation ? GATED.has(activation.value.toLowerCase()) : false;
    if (activation) b.stated('activation', activation.value, activation.entry.range, 'architecture');
    parts.mlp = b.trace(glu ? 'glu' : 'mlp', activation ? 'stated' : 'default', activation ? 'activation' : `${NAME} default (gelu)`);

    const hidden = parts.dModel?.value;
    const inter = num('intermediate_size', 'architecture', ARCH_RULE);
    const multipleOf = num('mlp_multiple_of', 'architecture', { integer: true, min: 1 });
    if (hidden !== undefined) {
      // EleutherAI/gpt-neox@ea7aefd megatron/model/transformer.py ParallelMLP: the base width is
      // intermediate_size, else int(expansion_factor × h), else 4h. Gated activations pre-scale it
      // (whatever its source): linear1 = 2m·ceil(int(I·2/3) / 2m) outputs, linear2 =
      // m·ceil((int(I·2/3) // 2) / m) inputs, m = mlp_multiple_of (neox_args.py default 1).
      const factor = inter ? undefined : num('expansion_factor', 'architecture', { min: 0 });
      const base = inter?.value ?? (factor ? Math.floor(factor.value * hidden) : 4 * hidden);
      const baseSource = inter
        ? `intermediate_size ${inter.value}`
        : factor
          ? `int(hidden_size × expansion_factor ${factor.value})`
          : `4 × hidden_size ${hidden}`;
      const m = multipleOf?.value ?? 1;
      const scaled = Math.floor((base * 2) / 3);
      const ffn = glu ? m * Math.ceil(Math.floor(scaled / 2) / m) : base;
      const linear1 = 2 * m * Math.ceil(scaled / (2 * m));
      if (glu && linear1 !== 2 * ffn) {
        b.invalid(
          inter ? 'intermediate_size' : 'mlp_multiple_of',
          `${baseSource} gives a gated linear1 of ${linear1} outputs but a linear2 of ${ffn} inputs (${linear1} ≠ 2 × ${ffn}): GPT-NeoX cannot run this MLP; set mlp_multiple_of (e.g. 256) or an intermediate_size of 3 × the per-matrix width`,
          (inter ?? multipleOf)?.range ?? null,
        );
      } else if (glu) {
        parts.ffn = b.derived(
          'ffn (effective)',
          ffn,
          'architecture',
          `gated width from ${baseSource}: int(×2/3) // 2, rounded up to mlp_multiple_of ${m}`,
          (inter ?? factor)?.range ?? null,
          inter || factor ? 'derived' : 'default',
        );
      } else if (inter) parts.ffn = inter;
      else
        parts.ffn = factor
          ? b.derived('ffn', base, 'architecture', baseSource, factor.range)
          : b.frameworkDefault('ffn', base, 'architecture', '4 × hidden_size');
    }

    // neox_args.py pos_emb: learned (a table), rotary, alibi, none, sinusoidal (computed: no
    // parameters, megatron/model/word_embeddings.py) and rpe (T5 relative bias: one rpe_num_buckets
    // × heads table shared by every layer, mpu/layers.py ParallelRelativePositionBias).
    const posEmb = str('pos_emb');
    const pos = posEmb?.value.toLowerCase() ?? 'learned';
    if (posEmb && !POSITION_KINDS.has(pos))
      b.invalid('pos_emb', `unknown positional embedding "${posEmb.value}" (GPT-NeoX takes ${[...POSITION_KINDS].join(', ')})`, posEmb.entry.range);
    parts.positions = b.trace(
      pos === 'rotary' ? 'rotary' : pos === 'alibi' ? 'alibi' : pos === 'none' || pos === 'sinusoidal' || pos === 'rpe' ? 'none' : 'learned',
      posEmb ? 'stated' : 'default',
      posEmb ? 'pos_emb' : `${NAME} default (learned)`,
      posEmb?.entry.range,
      pos === 'sinusoidal' ? 'sinusoidal positions are computed: no parameters' : pos === 'rpe' ? 'T5 relative position bias: no position table' : undefined,
    );
    if (pos === 'rpe' && heads) {
      const buckets = num('rpe_num_buckets', 'architecture', ARCH_RULE) ?? b.frameworkDefault('rpe_num_buckets', 32, 'architecture', `${NAME} default (32)`);
      if (buckets)
        parts.extraParams = b.trace(
          buckets.value * heads.value,
          'derived',
          'pos_emb rpe',
          posEmb?.entry.range,
          `relative position bias: rpe_num_buckets ${buckets.value} × ${heads.value} heads, one table shared by all layers`,
        );
    }
    if (parts.positions.value === 'learned') {
      const maxPos = num('max_position_embeddings', 'architecture', ARCH_RULE);
      if (maxPos) parts.maxPositions = maxPos;
    }
    const norm = str('norm');
    // megatron/model/norms.py: rmsnorm (and te_rmsnorm) have a weight; non_parametric_layernorm
    // has none; layernorm, te_layernorm a weight and a bias; scalenorm one scalar.
    const normName = norm?.value.toLowerCase() ?? 'layernorm';
    const normKind = /rms/.test(normName) ? 'rmsnorm' : normName === 'non_parametric_layernorm' ? 'nonparametric' : 'layernorm';
    if (normName === 'scalenorm')
      b.problem(
        'warning',
        'approximate-count',
        'norm scalenorm has one scalar per norm; it is counted as a LayerNorm (2 × hidden_size per norm).',
        norm?.entry.range ?? null,
      );
    parts.norm = b.trace(normKind, norm ? 'stated' : 'default', norm ? 'norm' : `${NAME} default (layernorm)`, norm?.entry.range);
    // neox_args.py: use_bias_in_attn_linear and use_bias_in_mlp both default true, and each
    // applies to its own linears (transformer.py ParallelSelfAttention / ParallelMLP `bias=`).
    const attnBias = bool('use_bias_in_attn_linear');
    const mlpBias = bool('use_bias_in_mlp');
    const attnOn = attnBias?.value ?? true;
    const mlpOn = mlpBias?.value ?? true;
    const biasSource = (t: typeof attnBias, key: string) => (t ? key : `${NAME} default (biases)`);
    parts.linearBias = b.trace(
      attnOn && mlpOn,
      attnBias || mlpBias ? 'stated' : 'default',
      attnBias ? 'use_bias_in_attn_linear' : biasSource(mlpBias, 'use_bias_in_mlp'),
    );
    if (attnOn !== mlpOn) {
      if (attnOn) {
        parts.qkvBias = b.trace(true, attnBias ? 'stated' : 'default', biasSource(attnBias, 'use_bias_in_attn_linear'));
        parts.outBias = b.trace(true, attnBias ? 'stated' : 'default', biasSource(attnBias, 'use_bias_in_attn_linear'));
      } else parts.mlpBias = b.trace(true, mlpBias ? 'stated' : 'default', biasSource(mlpBias, 'use_bias_in_mlp'));
    }
    const noTie = bool('no_weight_tying');
    parts.tiedEmbeddings = b.trace(
      noTie ? !noTie.value : true,
      noTie ? 'stated' : 'default',
      noTie ? 'no_weight_tying' : `${NAME} default (tied)`,
      noTie?.entry.range,
    );
    if (noTie) b.stated('no_weight_tying', noTie.value, noTie.entry.range, 'architecture');

    // Vocabulary: from the tokenizer (not in the file), padded to make_vocab_size_divisible_by × model-parallel.
    const mp = num('model_parallel_size', 'hardware', { integer: true, min: 0 })?.value || 1;
    const divisible = num('make_vocab_size_divisible_by', 'architecture', { integer: true, min: 1 })?.value ?? 128;
    const rawVocab = b.vocabHint() ?? tokenizerVocab(b, str, modelOnly(text));
    const multiple = divisible * mp;
    if (rawVocab) {
      const padded = Math.ceil(rawVocab.value / multiple) * multiple;
      parts.vocab = b.derived(
        'vocab (padded)',
        padded,
        'architecture',
        `${rawVocab.value} padded to a multiple of ${multiple}`,
        null,
        rawVocab.origin === 'assumed' ? 'assumed' : 'derived',
      );
    }

    // MoE.
    const experts = num('moe_num_experts', 'architecture', { integer: true, min: 1 });
    if (experts && experts.value > 1 && parts.ffn) {
      const topK = num('moe_top_k', 'architecture', { integer: true, min: 1 });
      const interval = num('moe_expert_interval', 'architecture', { integer: true, min: 1 });
      // megatron/model/moe_mlp.py ParallelGroupedMLP: two bias-free matrices per expert, of
      // intermediate_size (not pre-scaled) or 4h rounded up to 256, whatever the activation.
      const expertFfn = inter?.value ?? 256 * Math.ceil((4 * parts.dModel!.value) / 256);
      // A gated dense MLP: the counter's experts take the model's MLP kind, so they would be gated too.
      if (glu)
        b.problem(
          'warning',
          'approximate-count',
          `GPT-NeoX's experts are two bias-free ${formatInteger(expertFfn)}-wide matrices whatever the activation (megatron/model/moe_mlp.py); the counter gives them the gated MLP's shape, so the total is approximate.`,
          experts.range ?? null,
        );
      parts.moe = b.trace(
        {
          experts: experts.value,
          topK: topK?.value ?? 1,
          expertFfn: glu ? parts.ffn.value : expertFfn,
          sharedExperts: 0,
          denseLayers: 0,
          layerFrequency: interval?.value ?? 1,
          expertBias: false,
        },
        'stated',
        'moe_num_experts',
        experts.range,
      );
    }

    const kinds = attentionNames(y);
    const other = NOT_TRANSFORMER.find((k) => kinds.includes(`"${k}"`));
    if (other)
      b.problem(
        'warning',
        'unsupported-architecture',
        `attention_config builds ${other === 'mamba' ? 'Mamba' : other === 'rwkv' ? 'RWKV' : other === 'gmlp' ? 'gMLP' : 'aMLP'} layers, not attention blocks with an MLP; Scaling Lens cannot count their parameters exactly, so it gives no count.`,
        y.get('attention_config')?.range ?? null,
      );
    const architecture =
      other || invalidCount(b) > before
        ? null
        : b.architecture(parts, 'GPT-NeoX configs are often split over several YAML files; open the one with the model keys.');

    // Batch and duration.
    const micro = num('train_micro_batch_size_per_gpu', 'batch', { integer: true, min: 1 });
    const gas = num('gradient_accumulation_steps', 'batch', { integer: true, min: 1 }) ?? num('gas', 'batch', { integer: true, min: 1 });
    const globalBatch = num('train_batch_size', 'batch', { integer: true, min: 1 });
    let sequences: Traced<number> | null = globalBatch ?? null;
    let gpuCount = b.gpuCount(num('num_gpus', 'hardware', { integer: true, min: 1 }));
    if (!sequences && micro) {
      const pp = Math.max(1, num('pipe_parallel_size', 'hardware', { integer: true, min: 0 })?.value ?? 1);
      const world = gpuCount ?? b.requireGpuCount('The global batch is micro-batch × gradient accumulation × data-parallel GPUs.');
      gpuCount = world;
      const dp = Math.max(1, Math.floor(world.value / (pp * mp)));
      const g = gas?.value ?? 1;
      const origin = world.origin === 'assumed' ? 'assumed' : 'derived';
      sequences = b.derived(
        'global batch (sequences)',
        micro.value * g * dp,
        'batch',
        `train_micro_batch_size_per_gpu ${micro.value} × gas ${g} × data-parallel ${dp} (${world.value} GPUs / pp ${pp} / mp ${mp})`,
        micro.range,
        origin,
      );
    }

    const seqLen = parts.seqLen ?? null;
    const batchTokens =
      sequences && seqLen
        ? b.derived(
            'tokens per step',
            sequences.value * seqLen.value,
            'batch',
            `${sequences.value} sequences × ${seqLen.value} tokens`,
            sequences.range,
            sequences.origin === 'assumed' ? 'assumed' : 'derived',
          )
        : null;
    const iters = num('train_iters', 'duration', { integer: true, min: 0 });
    let tokens: ReadResult['plan']['tokens'];
    if (iters && batchTokens) {
      tokens = b.derived(
        'training tokens',
        iters.value * batchTokens.value,
        'duration',
        `train_iters ${iters.value} × ${batchTokens.value} tokens per step`,
        iters.range,
        batchTokens.origin === 'assumed' ? 'assumed' : 'derived',
      );
    } else if (num('train_epochs', 'duration')) {
      tokens = b.trace(null, 'derived', 'train_epochs', null, 'train_epochs counts passes over a dataset the config does not size; tokens cannot be derived');
    } else if (!iters && !TRAINING.test(text)) {
      tokens = b.trace(
        null,
        'derived',
        'train_iters',
        null,
        'a model-only config: the run length (train_iters) is in the training config GPT-NeoX merges with it (deepy.py train.py model.yml setup.yml)',
      );
    } else {
      tokens = b.trace(null, 'derived', 'train_iters', null, iters ? 'the batch size is not known' : 'train_iters is not set');
    }

    const fp16 = bool('fp16.enabled');
    const bf16 = bool('bf16.enabled');
    const precisionKey = str('precision');
    const precision = bf16?.value
      ? b.trace('bf16' as const, 'stated', 'bf16.enabled', bf16.entry.range)
      : fp16?.value
        ? b.trace('fp16' as const, 'stated', 'fp16.enabled', fp16.entry.range)
        : precisionKey && parsePrecision(precisionKey.value)
          ? b.trace(parsePrecision(precisionKey.value)!, 'stated', 'precision', precisionKey.entry.range)
          : null;
    const lr = y.get('optimizer.params.lr');
    const lrValue = lr ? coerceNumber(lr.value) : null;

    const setup = neoxSetup(b, y, kinds, {
      micro,
      gas,
      mp,
      dp: sequences && micro ? sequences.value / (micro.value * (gas?.value ?? 1)) : null,
      world: gpuCount,
    });

    return b.finish({
      setup,
      architecture,
      tokens,
      batchTokens,
      steps: iters ?? null,
      seqLen,
      gpuCount,
      precision,
      learningRate: lr && lrValue !== null ? b.stated('optimizer.params.lr', lrValue, lr.range, 'optimizer') : null,
    });
  },
};

/**
 * The run setup from NeoX's keys (EleutherAI/gpt-neox@ea7aefd8f8e183256992d9fede4d7c71a46d67a5:
 * megatron/neox_arguments/neox_args.py defaults: model_parallel_size 1, pipe_parallel_size 0
 * (no pipeline), checkpoint_activations false, gradient_accumulation_steps 1; the DeepSpeed keys
 * it passes through (zero_optimization, optimizer) as DeepSpeed reads them.
 */
function neoxSetup(
  b: PlanBuilder,
  y: YamlConfig,
  /** attention_config as JSON text (attentionNames), read once by the caller. */
  kinds: string,
  k: { micro: Traced<number> | undefined; gas: Traced<number> | undefined; mp: number; dp: number | null; world: Traced<number> | null },
): RunSetup {
  const SRC = 'EleutherAI/gpt-neox megatron/neox_arguments/neox_args.py';
  const def = <T>(value: T, note: string) => b.setupDefault(value, `${note} (${SRC})`);
  const at = (key: string) => {
    const e = y.get(key);
    return e && e.value !== null && e.value !== undefined ? e : undefined;
  };
  const int = (key: string) => {
    const e = at(key);
    const v = e ? coerceNumber(e.value) : null;
    // Problems with these keys were reported by the main read; here a refused value is skipped
    // (1e308 pipeline stages made the step time infinite).
    return e && v !== null && passesRule(v, { integer: true, min: 0 }) ? b.trace(v, 'stated', key, e.range) : undefined;
  };
  const tp = int('model_parallel_size') ?? def(1, 'model_parallel_size 1');
  const ppRaw = int('pipe_parallel_size');
  // pipe_parallel_size 0 is NeoX's non-pipelined model; 1 a one-stage pipeline: either way one stage.
  const pp = ppRaw ? { ...ppRaw, value: Math.max(1, ppRaw.value) } : def(1, 'pipe_parallel_size 0: no pipeline');
  const ca = at('checkpoint_activations');
  const every = int('checkpoint_num_layers');
  const checkpointing =
    ca && ca.value === true
      ? b.trace(
          every && every.value > 1 ? { mode: 'every-n' as const, everyN: every.value } : { mode: 'full' as const },
          'stated',
          'checkpoint_activations',
          ca.range,
        )
      : ca && ca.value === false
        ? b.trace({ mode: 'none' as const }, 'stated', 'checkpoint_activations', ca.range)
        : def({ mode: 'none' as const }, 'checkpoint_activations false');
  const dp =
    k.dp !== null && Number.isInteger(k.dp) && k.dp >= 1 && k.world
      ? b.trace(
          k.dp,
          k.world.origin === 'assumed' ? 'assumed' : 'derived',
          'GPUs / (pipe × model parallel)',
          null,
          `${k.world.value} GPUs / (pp ${pp.value} × mp ${tp.value})`,
        )
      : undefined;
  const sp = at('sequence_parallel');
  // attention_config is a list of [attention kinds, layer count] pairs (`[[["flash"], 24]]`),
  // read as plain data: a list has no scalar value for `at` to return.
  const flash = y.get('attention_config');
  const usesFlash = flash !== undefined && kinds.includes('flash');
  return {
    ...(k.micro ? { microBatch: k.micro } : {}),
    gradAccum: k.gas ?? def(1, 'gradient_accumulation_steps 1'),
    parallel: {
      ...(dp ? { dp } : {}),
      tp,
      pp,
      ...(sp && typeof sp.value === 'boolean' ? { sequenceParallel: b.trace(sp.value, 'stated', 'sequence_parallel', sp.range) } : {}),
    },
    checkpointing,
    ...deepspeedSetup(b, (key) => at(key), true),
    ...(usesFlash ? { flashAttention: b.trace(true, 'stated', 'attention_config', flash.range) } : {}),
  };
}

/**
 * The tokenizer's vocabulary (before padding), from what the file names. The tokenizer file is
 * not read: a named file is looked up in the tokenizer table (`20B_tokenizer.json`: 50,277).
 * tokenizer_type GPT2BPETokenizer (neox_args.py's default) is GPT-2's 50,257; HFTokenizer
 * without a known file is taken as the GPT-NeoX-20B tokenizer every Pythia model uses, an
 * assumption. Any other type the table cannot size, and a model-only file that names no
 * tokenizer (NeoX merges it with the file that does), leave the vocabulary unknown.
 */
function tokenizerVocab(b: PlanBuilder, str: YamlFields['str'], onlyModel: boolean): Traced<number> | null {
  const type = str('tokenizer_type');
  const file = str('vocab_file');
  const known = file ? (findTokenizer(file.value) ?? findTokenizer(file.value.split('/').pop() ?? '')) : undefined;
  if (known)
    return b.derived('vocab', known.vocab, 'architecture', `vocab_file ${file!.value}: the ${known.id} tokenizer, ${known.vocab} tokens`, file!.entry.range);
  const typeName = type?.value ?? 'GPT2BPETokenizer';
  if (typeName === 'GPT2BPETokenizer' && (type || !onlyModel))
    return type
      ? b.derived('vocab', 50257, 'architecture', 'tokenizer_type GPT2BPETokenizer: the GPT-2 BPE vocabulary, 50,257 tokens', type.entry.range)
      : b.frameworkDefault(
          'vocab',
          50257,
          'architecture',
          `${NAME} default tokenizer_type GPT2BPETokenizer (neox_args.py): the GPT-2 BPE vocabulary, 50,257 tokens`,
        );
  if (typeName === 'HFTokenizer' && !file)
    return b.assumed(
      'vocab',
      50277,
      'architecture',
      'GPT-NeoX-20B tokenizer',
      'HFTokenizer without a vocab_file; 50,277 is the Pythia/GPT-NeoX-20B tokenizer. Add `# scaling-lens: vocab=N` if yours differs',
    );
  const what = type
    ? `tokenizer_type ${typeName}${file ? ` with ${file.value}` : ''}`
    : 'no tokenizer (a model-only file: NeoX takes it from the file merged with this one)';
  b.problem(
    'warning',
    'unknown-tokenizer',
    `The vocabulary size is not in the file: ${what}, which Scaling Lens cannot size, so the parameter count is unknown. Add \`# scaling-lens: vocab=N\` to state it.`,
    (type ?? file)?.entry.range ?? null,
  );
  return null;
}

/** attention_config as JSON text, or '' when it cannot be expanded (an alias bomb). */
function attentionNames(y: YamlConfig): string {
  try {
    return JSON.stringify(y.toJS('attention_config')) ?? '';
  } catch {
    return '';
  }
}
