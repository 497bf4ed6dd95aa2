// Hugging Face config.json keys -> ArchParts. Shared by every reader that names an HF model
// (config.json itself, nanotron model_config, axolotl/TrainingArguments/llm-foundry model ids).
//
// config.json names the model's shape; `model_type` names the layer layout that the keys do
// not spell out (norm kind, gated MLP, which projections carry biases, tied head). Those
// conventions come from the transformers modeling files per model type (cited below). Layouts
// the parameter counter cannot represent exactly are reported as unsupported rather than
// counted wrongly.

import type { MlpKind, MoeSpec, NormKind, PositionKind, QkNormKind } from '../../core/architecture';
import type { Origin, SourceRange, Traced } from '../../core/plan';
import { findHfModel, type HfConfigDict } from '../registry/hf';
import type { ArchParts, PlanBuilder } from './builder';
import { coerceBool, coerceNumber, ownEntry } from './values';

/** Reads one key of an HF-style config: its value and where it stands (null range for registry values). */
export type HfKeyLookup = (key: string) => { readonly value: unknown; readonly range: SourceRange | null } | undefined;

/** Sizes larger than this are typos or hostile input; counts of real models stay far below. */
const MAX_SIZE = 1e8;

type BiasRule =
  /** No biases anywhere. */
  | 'none'
  /** q, k and v biased, o not (Qwen2Attention hard-codes it). */
  | 'qkv'
  /** Every linear layer biased (GPT-2 Conv1D). */
  | 'all'
  /** `attention_bias` (q, k, v and o) and `mlp_bias` keys, both default false (Llama, OLMo, Gemma, Qwen3). */
  | 'keys'
  /** GPT-NeoX: MLP always biased, attention per `attention_bias` (default true). */
  | 'neox';

interface Family {
  /** The transformers config class whose defaults apply. */
  readonly cls: string;
  readonly mlp: MlpKind;
  readonly norm: NormKind;
  readonly positions: PositionKind;
  readonly bias: BiasRule;
  readonly qkNorm?: QkNormKind;
  /** The class default of tie_word_embeddings. */
  readonly tied: boolean;
  /** The class default of head_dim when config.json leaves it out (else hidden / heads). */
  readonly headDim?: number;
  readonly moe?: 'mixtral' | 'qwen2_moe' | 'qwen3_moe' | 'deepseek';
}

// Per model type, from huggingface/transformers src/transformers/models/<type>/{configuration,modeling}_<type>.py.
const LLAMA: Family = { cls: 'LlamaConfig', mlp: 'glu', norm: 'rmsnorm', positions: 'rotary', bias: 'keys', tied: false };
const FAMILIES: Readonly<Record<string, Family>> = {
  llama: LLAMA,
  mistral: { ...LLAMA, cls: 'MistralConfig', bias: 'none' },
  mixtral: { ...LLAMA, cls: 'MixtralConfig', bias: 'none', moe: 'mixtral' },
  qwen2: { ...LLAMA, cls: 'Qwen2Config', bias: 'qkv' },
  qwen2_moe: { ...LLAMA, cls: 'Qwen2MoeConfig', bias: 'qkv', moe: 'qwen2_moe' },
  // Qwen3: q_norm/k_norm are RMSNorm(head_dim), shared by the heads; head_dim defaults to 128.
  qwen3: { ...LLAMA, cls: 'Qwen3Config', qkNorm: 'per-head', headDim: 128 },
  qwen3_moe: { ...LLAMA, cls: 'Qwen3MoeConfig', qkNorm: 'per-head', headDim: 128, moe: 'qwen3_moe' },
  // Gemma: GeGLU, RMSNorm with d weights (applied as 1 + w), head_dim 256, tied by default.
  gemma: { ...LLAMA, cls: 'GemmaConfig', tied: true, headDim: 256 },
  // Phi-3: fused qkv_proj and gate_up_proj, no biases.
  phi3: { ...LLAMA, cls: 'Phi3Config', bias: 'none' },
  // OLMo 1: OlmoLayerNorm has no weights (non-parametric).
  olmo: { ...LLAMA, cls: 'OlmoConfig', norm: 'nonparametric' },
  // OLMo 2: q_norm over all query heads (h·d_h) and k_norm over all kv heads (kv·d_h).
  olmo2: { ...LLAMA, cls: 'Olmo2Config', qkNorm: 'full' },
  // SmolLM3: Llama layout (some layers skip RoPE, which changes no count); tied by default.
  smollm3: { ...LLAMA, cls: 'SmolLM3Config', tied: true },
  // DeepSeek-MoE (remote code `deepseek`, standard multi-head attention).
  deepseek: { ...LLAMA, cls: 'DeepseekConfig', moe: 'deepseek' },
  gpt2: { cls: 'GPT2Config', mlp: 'mlp', norm: 'layernorm', positions: 'learned', bias: 'all', tied: true },
  gpt_neox: { cls: 'GPTNeoXConfig', mlp: 'mlp', norm: 'layernorm', positions: 'rotary', bias: 'neox', tied: false },
};

/** Layouts that are known but do not fit the counter: say why instead of counting wrongly. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  gemma2: 'Gemma 2 has four norms per block (pre/post attention and feed-forward)',
  gemma3: 'Gemma 3 has four norms per block and a vision tower',
  gemma3_text: 'Gemma 3 has four norms per block',
  phi: 'Phi-1/Phi-2 share one LayerNorm per block and bias the output head',
  deepseek_v2: 'DeepSeek-V2 uses multi-head latent attention (kv_lora_rank), which is not modelled yet',
  deepseek_v3: 'DeepSeek-V3 uses multi-head latent attention (kv_lora_rank), which is not modelled yet',
  falcon: 'Falcon shares one LayerNorm per block in most sizes',
};

/** `architectures[0]` -> model_type, for configs that leave model_type out. */
const ARCHITECTURE_CLASSES: Readonly<Record<string, string>> = {
  LlamaForCausalLM: 'llama',
  MistralForCausalLM: 'mistral',
  MixtralForCausalLM: 'mixtral',
  Qwen2ForCausalLM: 'qwen2',
  Qwen2MoeForCausalLM: 'qwen2_moe',
  Qwen3ForCausalLM: 'qwen3',
  Qwen3MoeForCausalLM: 'qwen3_moe',
  GemmaForCausalLM: 'gemma',
  Phi3ForCausalLM: 'phi3',
  OlmoForCausalLM: 'olmo',
  Olmo2ForCausalLM: 'olmo2',
  SmolLM3ForCausalLM: 'smollm3',
  GPT2LMHeadModel: 'gpt2',
  GPTNeoXForCausalLM: 'gpt_neox',
};

/**
 * What a lookup may return beyond value and range: a per-key origin and label, so one
 * lookup can mix a registry model with keys the file overrides (axolotl
 * `overrides_of_model_config`).
 */
export interface HfKeyHit {
  readonly value: unknown;
  readonly range: SourceRange | null;
  readonly origin?: 'stated' | 'default';
  /** The key as the file spells it (`overrides_of_model_config.num_hidden_layers`). */
  readonly label?: string;
}

type Hit = HfKeyHit;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Multimodal configs (LLaVA, Mistral 3) nest the language model under `text_config`. */
function languageModelLookup(get: HfKeyLookup): HfKeyLookup | null {
  const present = (k: string) => {
    const h = get(k);
    return h !== undefined && h.value !== null && h.value !== undefined;
  };
  if (present('num_hidden_layers') || present('n_layer') || present('hidden_size') || present('n_embd')) return null;
  const tc = get('text_config');
  const obj = tc && isObject(tc.value) ? tc.value : null;
  const nested = (k: string): Hit | undefined => get(`text_config.${k}`) ?? (obj && k in obj ? { value: obj[k], range: tc?.range ?? null } : undefined);
  return nested('hidden_size') || nested('num_hidden_layers') ? nested : null;
}

/**
 * Maps HF config keys to architecture parts. `origin` is 'stated' for keys read from the file
 * being edited and 'default' for values that come from a registry entry.
 *
 * `seqLen` is left to the caller: config.json gives the context length
 * (`hfContextLength`), not the training sequence length. Returns `{}` after an
 * `unsupported-architecture` problem when the layout cannot be counted exactly.
 */
export function hfArchitectureParts(b: PlanBuilder, get: HfKeyLookup, origin: 'stated' | 'default', source: string): ArchParts {
  const nested = languageModelLookup(get);
  if (nested) b.problem('info', 'text-config', 'Counting the language model in `text_config`; the vision encoder and projector are not counted.', get('text_config')?.range ?? null);
  const lookup = nested ?? get;
  const prefix = nested ? 'text_config.' : '';
  const fromFile = origin === 'stated';

  const hit = (key: string): Hit | undefined => {
    const h = lookup(key) as Hit | undefined;
    return h && h.value !== null && h.value !== undefined ? h : undefined;
  };
  const originOf = (h: Hit | undefined): 'stated' | 'default' => h?.origin ?? origin;
  const label = (key: string, h?: Hit) => h?.label ?? (fromFile ? prefix + key : `${prefix}${key} (${source})`);
  const record = (key: string, value: number, h: Hit): Traced<number> =>
    originOf(h) === 'stated'
      ? b.stated(label(key, h), value, h.range, 'architecture')
      : b.derived(label(key, h), value, 'architecture', `${prefix}${key} of ${source} (bundled config.json)`, h.range, 'default');
  /** The first of `keys` present, as a positive whole number; invalid values become problems. */
  const size = (keys: readonly string[], min = 1): Traced<number> | undefined => {
    for (const key of keys) {
      const h = hit(key);
      if (!h) continue;
      const v = coerceNumber(h.value);
      const bad = (why: string) => {
        b.invalid(label(key, h), why, h.range);
        return undefined;
      };
      if (v === null) return bad(`expected a number, got ${JSON.stringify(h.value) ?? String(h.value)}`);
      if (!Number.isInteger(v)) return bad(`expected a whole number, got ${v}`);
      if (v < min) return bad(`must be at least ${min}, got ${v}`);
      if (v > MAX_SIZE) return bad(`${v} is implausibly large`);
      return record(key, v, h);
    }
    return undefined;
  };
  const flag = (key: string): { value: boolean; range: SourceRange | null; origin: 'stated' | 'default'; label: string } | undefined => {
    const h = hit(key);
    if (!h) return undefined;
    const v = coerceBool(h.value);
    if (v === null) {
      b.invalid(label(key, h), `expected true or false, got ${JSON.stringify(h.value) ?? String(h.value)}`, h.range);
      return undefined;
    }
    return { value: v, range: h.range, origin: originOf(h), label: label(key, h) };
  };
  const unsupported = (why: string, range: SourceRange | null): ArchParts => {
    b.problem('warning', 'unsupported-architecture', `${why}; Scaling Lens cannot count its parameters exactly, so it gives no count.`, range);
    return {};
  };

  // Model type: stated, else from the architecture class, else assumed Llama.
  const typeHit = hit('model_type');
  const archHit = hit('architectures');
  const archClass = Array.isArray(archHit?.value) && typeof archHit.value[0] === 'string' ? archHit.value[0] : undefined;
  let modelType = typeof typeHit?.value === 'string' ? typeHit.value : archClass ? ownEntry(ARCHITECTURE_CLASSES, archClass) : undefined;
  const typeRange = typeHit?.range ?? archHit?.range ?? null;
  let conventionOrigin: Origin = fromFile ? 'derived' : 'default';
  if (modelType === undefined) {
    if (archClass) return unsupported(`Architecture ${archClass} is not one whose layer layout Scaling Lens knows (known: ${Object.keys(FAMILIES).join(', ')})`, archHit?.range ?? null);
    modelType = 'llama';
    conventionOrigin = 'assumed';
    b.problem('warning', 'assumed-model-type', 'No `model_type` is given: the Llama layout (RMSNorm, SwiGLU, no biases) is assumed.', null);
  }
  const unsupportedWhy = ownEntry(UNSUPPORTED, modelType);
  if (unsupportedWhy) return unsupported(unsupportedWhy, typeRange);
  const family = ownEntry(FAMILIES, modelType);
  if (!family) return unsupported(`model_type "${modelType}" is not one whose layer layout Scaling Lens knows (known: ${Object.keys(FAMILIES).join(', ')})`, typeRange);
  if (hit('kv_lora_rank')) return unsupported('Multi-head latent attention (kv_lora_rank) is not modelled yet', hit('kv_lora_rank')!.range);

  const convention = <T>(value: T, what: string): Traced<T> =>
    b.trace(value, conventionOrigin, `model_type ${modelType}`, typeRange, `${what} (transformers ${family.cls} layout)`);
  const classDefault = (value: number, key: string, note: string): Traced<number> =>
    b.derived(label(key), value, 'architecture', `${family.cls} default: ${note}`, null, conventionOrigin === 'assumed' ? 'assumed' : 'default');

  const parts: ArchParts = {};
  const layers = size(['num_hidden_layers', 'n_layer']);
  const dModel = size(['hidden_size', 'n_embd']);
  const heads = size(['num_attention_heads', 'n_head']);
  if (layers) parts.layers = layers;
  if (dModel) parts.dModel = dModel;
  if (heads) parts.heads = heads;
  const kv = size(['num_key_value_heads']);
  if (kv) parts.kvHeads = kv;
  const headDim = size(['head_dim']) ?? (family.headDim !== undefined ? classDefault(family.headDim, 'head_dim', `head_dim ${family.headDim}`) : undefined);
  if (headDim) parts.headDim = headDim;

  const ffn = size(['intermediate_size', 'n_inner']);
  if (ffn) parts.ffn = ffn;
  else if (modelType === 'gpt2' && dModel) parts.ffn = classDefault(4 * dModel.value, 'n_inner', 'n_inner null means 4 × n_embd');

  const vocab = size(['vocab_size']);
  if (vocab) parts.vocab = vocab;
  // The context length sizes the learned position table (GPT-2); it is not the training sequence length.
  const positions = size(['max_position_embeddings', 'n_positions', 'n_ctx']);
  if (positions && family.positions === 'learned') parts.maxPositions = positions;

  parts.mlp = convention(family.mlp, family.mlp === 'glu' ? 'gated MLP' : 'plain MLP');
  parts.norm = convention(family.norm, family.norm);
  parts.positions = convention(family.positions, `${family.positions} positions`);
  if (family.qkNorm) parts.qkNorm = convention(family.qkNorm, `${family.qkNorm} q/k norm`);

  switch (family.bias) {
    case 'none':
      parts.linearBias = convention(false, 'no biases');
      break;
    case 'all':
      parts.linearBias = convention(true, 'biases on every linear layer');
      break;
    case 'qkv':
      parts.linearBias = convention(false, 'no MLP or output biases');
      parts.qkvBias = convention(true, 'q/k/v biases');
      break;
    case 'keys': {
      const attn = flag('attention_bias');
      const mlp = flag('mlp_bias');
      const a = attn?.value ?? false;
      const m = mlp?.value ?? false;
      if (a !== m) return unsupported(`${a ? 'attention_bias' : 'mlp_bias'} alone puts biases on only part of the block (${a ? 'q/k/v/o' : 'the MLP'})`, (a ? attn : mlp)?.range ?? null);
      const said = attn ?? mlp;
      parts.linearBias = b.trace(a, said ? said.origin : conventionOrigin, said ? said.label : `${family.cls} default (no biases)`, said?.range ?? null);
      break;
    }
    case 'neox': {
      const attn = flag('attention_bias');
      if (attn && !attn.value) return unsupported('attention_bias false with GPT-NeoX MLP biases puts biases on only part of the block', attn.range);
      parts.linearBias = b.trace(true, attn ? attn.origin : conventionOrigin, attn ? attn.label : `${family.cls} default (biases)`, attn?.range ?? null);
      break;
    }
  }

  const tie = flag('tie_word_embeddings');
  if (tie?.origin === 'stated') b.stated(tie.label, tie.value, tie.range, 'architecture');
  parts.tiedEmbeddings = tie
    ? b.trace(tie.value, tie.origin, tie.label, tie.range)
    : b.trace(family.tied, conventionOrigin, `${family.cls} default`, null, `tie_word_embeddings defaults to ${family.tied} for ${modelType}`);

  if (family.moe && layers) {
    const moe = moeSpec(family, layers.value, parts.ffn?.value);
    if (moe === 'unsupported') return {};
    if (moe) parts.moe = moe;
  }
  return parts;

  function moeSpec(fam: Family, nLayers: number, denseFfn: number | undefined): Traced<MoeSpec> | null | 'unsupported' {
    const src = `${prefix}${fam.moe} MoE keys`;
    const moeOrigin: Origin = conventionOrigin === 'assumed' ? 'assumed' : fromFile ? 'stated' : 'default';
    const orDefault = (keys: readonly string[], fallback: number | undefined, min = 1): number | undefined => {
      const t = size(keys, min);
      if (t) return t.value;
      if (fallback === undefined) return undefined;
      classDefault(fallback, keys[0]!, `${keys[0]} ${fallback}`);
      return fallback;
    };
    switch (fam.moe) {
      case 'mixtral': {
        // MixtralSparseMoeBlock: gate d×E without bias, E experts of width intermediate_size, every layer.
        const experts = orDefault(['num_local_experts', 'num_experts'], 8)!;
        const topK = orDefault(['num_experts_per_tok'], 2)!;
        if (denseFfn === undefined) return null;
        return b.trace({ experts, topK, expertFfn: denseFfn, sharedExperts: 0, denseLayers: 0 }, moeOrigin, src, hit('num_local_experts')?.range ?? null);
      }
      case 'qwen2_moe':
      case 'qwen3_moe': {
        // Qwen2MoeSparseMoeBlock: gate d×E, E experts of moe_intermediate_size, one shared expert of
        // shared_expert_intermediate_size gated by a d→1 projection (Qwen3-MoE has no shared expert).
        const q2 = fam.moe === 'qwen2_moe';
        const experts = orDefault(['num_experts'], q2 ? 60 : 128)!;
        const topK = orDefault(['num_experts_per_tok'], q2 ? 4 : 8)!;
        const expertFfn = orDefault(['moe_intermediate_size'], q2 ? 1408 : 768)!;
        const sharedFfn = q2 ? orDefault(['shared_expert_intermediate_size'], 5632, 0)! : 0;
        const step = orDefault(['decoder_sparse_step'], 1)!;
        const only = hit('mlp_only_layers');
        const dense = new Set<number>(Array.isArray(only?.value) ? only.value.filter((x): x is number => typeof x === 'number') : []);
        let moeLayers = 0;
        for (let i = 0; i < nLayers; i++) if (!dense.has(i) && (i + 1) % step === 0) moeLayers++;
        // The counter places MoE layers after `denseLayers` dense ones; only their number changes counts and FLOPs.
        const spec: MoeSpec = { experts, topK, expertFfn, sharedExperts: sharedFfn > 0 ? 1 : 0, ...(sharedFfn > 0 ? { sharedFfn, sharedExpertGate: true } : {}), denseLayers: nLayers - moeLayers };
        const note = moeLayers === nLayers ? undefined : `${moeLayers} of ${nLayers} layers are MoE (decoder_sparse_step ${step}, mlp_only_layers); the count is exact, the layer positions are not modelled`;
        return b.trace(spec, moeOrigin, src, hit('num_experts')?.range ?? null, note);
      }
      case 'deepseek': {
        // DeepseekMoE: gate E×d, routed experts of moe_intermediate_size, shared experts fused into one
        // MLP of n_shared_experts × moe_intermediate_size; layers i ≥ first_k_dense_replace with i % moe_layer_freq == 0.
        const experts = size(['n_routed_experts']);
        if (!experts) return null;
        const topK = orDefault(['num_experts_per_tok'], undefined);
        const expertFfn = orDefault(['moe_intermediate_size'], undefined);
        if (topK === undefined || expertFfn === undefined) {
          b.problem('warning', 'missing-architecture', 'n_routed_experts is set but num_experts_per_tok or moe_intermediate_size is missing.', experts.range ?? null);
          return 'unsupported';
        }
        const shared = orDefault(['n_shared_experts'], 0, 0)!;
        const denseLayers = orDefault(['first_k_dense_replace'], 0, 0)!;
        const freq = orDefault(['moe_layer_freq'], 1)!;
        return b.trace({ experts: experts.value, topK, expertFfn, sharedExperts: shared, denseLayers, layerFrequency: freq }, moeOrigin, src, experts.range ?? null);
      }
      default:
        return null;
    }
  }
}

/** The model's context length (`max_position_embeddings`, GPT-2 `n_positions`), also under `text_config`. */
export function hfContextLength(get: HfKeyLookup): { readonly key: string; readonly value: number; readonly range: SourceRange | null } | undefined {
  const lookup = languageModelLookup(get) ?? get;
  for (const key of ['max_position_embeddings', 'n_positions', 'n_ctx']) {
    const h = lookup(key);
    const v = h ? coerceNumber(h.value) : null;
    if (h && v !== null && Number.isInteger(v) && v >= 1 && v <= MAX_SIZE) return { key, value: v, range: h.range };
  }
  return undefined;
}

/** The context length of a bundled model, for readers whose file gives no sequence length. */
export function hfModelContextLength(id: string): number | undefined {
  const entry = findHfModel(id);
  return entry ? hfContextLength(registryLookup(entry.config))?.value : undefined;
}

/** A lookup over a bundled config dict; dotted keys walk nested objects. */
export function registryLookup(config: HfConfigDict): HfKeyLookup {
  return (key) => {
    let cur: unknown = config;
    for (const part of key.split('.')) {
      if (!isObject(cur) || !(part in cur)) return undefined;
      cur = cur[part];
    }
    return { value: cur, range: null };
  };
}

/**
 * Architecture parts of a model referred to by HF id (axolotl `base_model`, TrainingArguments
 * `model_name_or_path`, llm-foundry `pretrained_model_name_or_path`), from the bundled
 * registry. Unknown ids add a `unknown-model` problem at `range` and return null (as does a
 * layout the counter cannot represent, after its own problem).
 *
 * The values carry origin 'default' and no range; the caller records the id's own key as a
 * field so the editor has a line for them. `seqLen` is not set: it is the run's sequence
 * length (the caller's), not the model's context length (`hfModelContextLength`).
 */
export function hfModelParts(b: PlanBuilder, id: string, range: SourceRange | null): ArchParts | null {
  const entry = findHfModel(id);
  if (!entry) {
    b.problem(
      'warning',
      'unknown-model',
      `Unknown model "${id}": its architecture is not in Scaling Lens's table of popular models, so parameters cannot be counted. Open the model's config.json in the editor (Scaling Lens reads it directly), or state the architecture in this file.`,
      range,
    );
    return null;
  }
  const parts = hfArchitectureParts(b, registryLookup(entry.config), 'default', entry.id);
  return Object.keys(parts).length > 0 ? parts : null;
}
