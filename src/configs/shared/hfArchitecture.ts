// Hugging Face config.json keys -> ArchParts. Shared by every reader that names an HF model
// (config.json itself, nanotron model_config, axolotl/TrainingArguments/llm-foundry model ids).
//
// config.json names the model's shape; `model_type` names the layer layout that the keys do
// not spell out (norm kind, gated MLP, which projections carry biases, tied head). Those
// conventions come from the transformers modeling files per model type (cited below). Layouts
// the parameter counter cannot represent exactly are reported as unsupported rather than
// counted wrongly.

import type { MlaSpec, MlpKind, MoeSpec, NormKind, PositionKind, QkNormKind } from '../../core/architecture';
import type { Origin, SourceRange, Traced } from '../../core/plan';
import { findHfModel, type HfConfigDict } from '../registry/hf';
import type { ArchParts, PlanBuilder } from './builder';
import { coerceBool, coerceNumber } from './values';

/** Reads one key of an HF-style config: its value and where it stands (null range for registry values). */
export type HfKeyLookup = (key: string) => { readonly value: unknown; readonly range: SourceRange | null } | undefined;

/** Sizes larger than this are typos or hostile input; counts of real models stay far below. */
const MAX_SIZE = 1e8;

type BiasRule =
  /** No biases anywhere. */
  | 'none'
  /** q, k and v biased, o not (Qwen2Attention hard-codes it). */
  | 'qkv'
  /** Every linear layer biased (GPT-2 Conv1D, BLOOM, Phi-1/2). */
  | 'all'
  /** `attention_bias` (q, k, v and o) and `mlp_bias` keys, both default false (Llama, OLMo, Gemma, Qwen3, Granite, Nemotron). */
  | 'keys'
  /** GPT-NeoX: MLP always biased, attention per `attention_bias` (default true). */
  | 'neox'
  /** GPT-Neo: q/k/v unbiased, out_proj and the MLP biased (GPTNeoSelfAttention, GPTNeoMLP). */
  | 'out-mlp'
  /** GPT-J: attention unbiased, fc_in/fc_out biased (GPTJAttention, GPTJMLP). */
  | 'mlp'
  /** GLM-4: `attention_bias` on q/k/v only; o_proj and the fused gate_up/down never biased (GlmAttention). */
  | 'glm'
  /** Falcon: one `bias` key (default false) for every linear layer. */
  | 'falcon'
  /** OPT: `enable_bias` (default true) for every linear layer. */
  | 'opt'
  /** StableLM: `use_qkv_bias` (default false) on q/k/v only. */
  | 'stablelm'
  /** InternLM2: one `bias` key on wqkv and wo; the MLP unbiased. */
  | 'internlm2'
  /** gpt-oss / PhiMoE: `attention_bias` on q/k/v/o; experts always (gpt-oss) or never (PhiMoE) biased. */
  | 'attn-keys';

type MoeKind = 'mixtral' | 'qwen2_moe' | 'qwen3_moe' | 'deepseek' | 'llama4' | 'gpt_oss' | 'granitemoe';

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
  readonly moe?: MoeKind;
  /** Experts carry biases regardless of the bias keys (gpt-oss GptOssExperts). */
  readonly expertBias?: boolean;
  /** d-wide norms per block when not 2 (see Architecture.blockNorms). */
  readonly blockNorms?: number;
  readonly lmHeadBias?: boolean;
  readonly embeddingNorm?: boolean;
  readonly sinks?: boolean;
  /** Multi-head latent attention keys (q_lora_rank, kv_lora_rank, …). */
  readonly mla?: boolean;
  /** DeepSeek-V3 style router with e_score_correction_bias when topk_method is noaux_tc (the class default). */
  readonly routerBias?: boolean;
  /** Keys naming the dense FFN width, in order; null means 4 × hidden (GPT-2 n_inner, GPT-Neo, Falcon, BLOOM). */
  readonly ffnKeys?: readonly string[];
  /** Layout read from keys that only this family has. */
  readonly layout?: 'falcon' | 'opt' | 'phi' | 'stablelm' | 'glm4_moe';
}

// Per model type, from huggingface/transformers src/transformers/models/<type>/{configuration,modeling}_<type>.py.
const LLAMA: Family = { cls: 'LlamaConfig', mlp: 'glu', norm: 'rmsnorm', positions: 'rotary', bias: 'keys', tied: false };
const GEMMA: Family = { ...LLAMA, cls: 'GemmaConfig', tied: true, headDim: 256 };
const DEEPSEEK_V3: Family = { ...LLAMA, cls: 'DeepseekV3Config', bias: 'none', moe: 'deepseek', mla: true, routerBias: true };
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
  gemma: GEMMA,
  // Gemma 2: input, post-attention, pre-feedforward and post-feedforward RMSNorms in every block.
  gemma2: { ...GEMMA, cls: 'Gemma2Config', blockNorms: 4 },
  // Gemma 3 text: Gemma 2's four norms plus q_norm/k_norm RMSNorm(head_dim).
  gemma3_text: { ...GEMMA, cls: 'Gemma3TextConfig', blockNorms: 4, qkNorm: 'per-head' },
  // Phi-3/Phi-4: fused qkv_proj and gate_up_proj (the same weights as split ones), no biases.
  phi3: { ...LLAMA, cls: 'Phi3Config', bias: 'none' },
  // Phi-1/1.5/2: one LayerNorm shared by the parallel attention and MLP, biases everywhere, biased lm_head.
  phi: { cls: 'PhiConfig', mlp: 'mlp', norm: 'layernorm', positions: 'rotary', bias: 'all', tied: false, blockNorms: 1, lmHeadBias: true, layout: 'phi' },
  // Phi-3.5-MoE: LayerNorms, attention_bias on q/k/v/o, unbiased experts (w1/w2/w3), lm_head_bias key.
  phimoe: { cls: 'PhimoeConfig', mlp: 'glu', norm: 'layernorm', positions: 'rotary', bias: 'attn-keys', tied: false, moe: 'mixtral' },
  // OLMo 1: OlmoLayerNorm has no weights (non-parametric).
  olmo: { ...LLAMA, cls: 'OlmoConfig', norm: 'nonparametric' },
  // OLMo 2/3: q_norm over all query heads (h·d_h) and k_norm over all kv heads (kv·d_h); post-norms.
  olmo2: { ...LLAMA, cls: 'Olmo2Config', qkNorm: 'full' },
  olmo3: { ...LLAMA, cls: 'Olmo3Config', qkNorm: 'full' },
  // SmolLM3: Llama layout (some layers skip RoPE, which changes no count); tied by default.
  smollm3: { ...LLAMA, cls: 'SmolLM3Config', tied: true },
  // Granite 3.x: Llama layout; the embedding/attention/residual/logits multipliers are scalars, not weights.
  granite: { ...LLAMA, cls: 'GraniteConfig' },
  // Granite MoE: experts of intermediate_size in every layer, router d→E without bias, no dense MLP.
  granitemoe: { ...LLAMA, cls: 'GraniteMoeConfig', moe: 'granitemoe' },
  // Nemotron: LayerNorm1P (weight and bias), squared-ReLU up/down MLP without a gate; partial rotary.
  nemotron: { ...LLAMA, cls: 'NemotronConfig', mlp: 'mlp', norm: 'layernorm' },
  // GLM-4 (0414 and the 9B -hf port): fused gate_up, q/k/v biased per attention_bias; glm4 adds post-norms.
  glm: { ...LLAMA, cls: 'GlmConfig', bias: 'glm' },
  glm4: { ...LLAMA, cls: 'Glm4Config', bias: 'glm', blockNorms: 4 },
  // GLM-4.5: DeepSeek-V3 style MoE (shared experts, dense first layers, e_score_correction_bias), optional per-head QK-norm.
  glm4_moe: { ...LLAMA, cls: 'Glm4MoeConfig', bias: 'glm', moe: 'deepseek', routerBias: true, layout: 'glm4_moe' },
  // InternLM2 (remote code): fused wqkv and wo biased per `bias`, w1/w2/w3 MLP unbiased.
  internlm2: { ...LLAMA, cls: 'InternLM2Config', bias: 'internlm2' },
  // StableLM: LayerNorm with bias, gated MLP, q/k/v biased per use_qkv_bias; parallel residual shares one norm.
  stablelm: { ...LLAMA, cls: 'StableLmConfig', norm: 'layernorm', bias: 'stablelm', layout: 'stablelm' },
  // Llama 4 text: dense layers of intermediate_size_mlp, MoE layers of intermediate_size experts plus one shared expert;
  // the QK L2 norm has no weights.
  llama4_text: { ...LLAMA, cls: 'Llama4TextConfig', moe: 'llama4', headDim: 128, ffnKeys: ['intermediate_size_mlp'] },
  // gpt-oss: q/k/v/o biased, one learned sink per head, router with bias, experts with biases, no dense MLP.
  gpt_oss: { ...LLAMA, cls: 'GptOssConfig', bias: 'attn-keys', moe: 'gpt_oss', expertBias: true, sinks: true, headDim: 64 },
  // DeepSeek-MoE (remote code `deepseek`, standard multi-head attention).
  deepseek: { ...LLAMA, cls: 'DeepseekConfig', moe: 'deepseek' },
  // DeepSeek-V2: MLA, shared experts, dense first layers; no router bias (topk_method greedy).
  deepseek_v2: { ...DEEPSEEK_V3, cls: 'DeepseekV2Config', routerBias: false },
  deepseek_v3: DEEPSEEK_V3,
  // Kimi K2 ships DeepSeek-V3 modelling code under its own model_type.
  kimi_k2: { ...DEEPSEEK_V3, cls: 'DeepseekV3Config (Kimi K2)' },
  gpt2: { cls: 'GPT2Config', mlp: 'mlp', norm: 'layernorm', positions: 'learned', bias: 'all', tied: true, ffnKeys: ['n_inner'] },
  gpt_neox: { cls: 'GPTNeoXConfig', mlp: 'mlp', norm: 'layernorm', positions: 'rotary', bias: 'neox', tied: false },
  // GPT-Neo: learned positions, local attention layers (no extra weights), tied head.
  gpt_neo: { cls: 'GPTNeoConfig', mlp: 'mlp', norm: 'layernorm', positions: 'learned', bias: 'out-mlp', tied: true, ffnKeys: ['intermediate_size'] },
  // GPT-J: one LayerNorm per parallel block, rotary on rotary_dim, untied head with bias.
  gptj: { cls: 'GPTJConfig', mlp: 'mlp', norm: 'layernorm', positions: 'rotary', bias: 'mlp', tied: false, blockNorms: 1, lmHeadBias: true, ffnKeys: ['n_inner'] },
  // BLOOM: ALiBi, LayerNorm after the word embeddings, biases everywhere, 4·d MLP, tied head.
  bloom: { cls: 'BloomConfig', mlp: 'mlp', norm: 'layernorm', positions: 'alibi', bias: 'all', tied: true, embeddingNorm: true, ffnKeys: [] },
  // Falcon: fused query_key_value, MQA/GQA per multi_query/new_decoder_architecture, 1 or 2 LayerNorms per block.
  falcon: { cls: 'FalconConfig', mlp: 'mlp', norm: 'layernorm', positions: 'rotary', bias: 'falcon', tied: true, ffnKeys: ['ffn_hidden_size'], layout: 'falcon' },
  // OPT: learned positions with 2 offset rows, ReLU MLP of ffn_dim, optional embedding projections.
  opt: { cls: 'OPTConfig', mlp: 'mlp', norm: 'layernorm', positions: 'learned', bias: 'opt', tied: true, ffnKeys: ['ffn_dim'], layout: 'opt' },
};

/** Layouts that are known but do not fit the counter: say why instead of counting wrongly. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  gemma3n: 'Gemma 3n has per-layer embeddings and AltUp projections',
  deepseek_v32: 'DeepSeek-V3.2 adds a sparse-attention indexer whose weights are not modelled',
  qwen3_next: 'Qwen3-Next mixes gated DeltaNet linear attention with full attention',
  nemotron_h: 'Nemotron-H mixes Mamba-2 and attention layers',
  granitemoehybrid: 'Granite 4.0-H mixes Mamba-2 and attention layers',
  falcon_h1: 'Falcon-H1 mixes Mamba-2 and attention layers',
  cohere: 'Command-R uses a bias-free LayerNorm',
};

/** Multimodal configs whose text_config leaves out model_type: the language model's type. */
const TEXT_MODEL_TYPES: Readonly<Record<string, string>> = {
  gemma3: 'gemma3_text',
  llama4: 'llama4_text',
  mistral3: 'mistral',
  llava: 'llama',
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
  Gemma2ForCausalLM: 'gemma2',
  Gemma3ForCausalLM: 'gemma3_text',
  Phi3ForCausalLM: 'phi3',
  PhiForCausalLM: 'phi',
  OlmoForCausalLM: 'olmo',
  Olmo2ForCausalLM: 'olmo2',
  Olmo3ForCausalLM: 'olmo3',
  SmolLM3ForCausalLM: 'smollm3',
  GPT2LMHeadModel: 'gpt2',
  GPTNeoXForCausalLM: 'gpt_neox',
  GPTNeoForCausalLM: 'gpt_neo',
  GPTJForCausalLM: 'gptj',
  BloomForCausalLM: 'bloom',
  FalconForCausalLM: 'falcon',
  OPTForCausalLM: 'opt',
  DeepseekV2ForCausalLM: 'deepseek_v2',
  DeepseekV3ForCausalLM: 'deepseek_v3',
  GptOssForCausalLM: 'gpt_oss',
  Llama4ForCausalLM: 'llama4_text',
  GraniteForCausalLM: 'granite',
  NemotronForCausalLM: 'nemotron',
  GlmForCausalLM: 'glm',
  Glm4ForCausalLM: 'glm4',
  StableLmForCausalLM: 'stablelm',
  InternLM2ForCausalLM: 'internlm2',
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
  if (['num_hidden_layers', 'n_layer', 'num_layers', 'hidden_size', 'n_embd', 'n_embed'].some(present)) return null;
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

  // Model type: stated, else from the architecture class, else assumed Llama. A text_config
  // without its own model_type takes the language model's type from the outer one (Gemma 3, Llama 4).
  const typeHit = hit('model_type') ?? (nested ? outerTextType(get) : undefined);
  const archHit = hit('architectures') ?? (nested ? get('architectures') : undefined);
  const archClass = Array.isArray(archHit?.value) && typeof archHit.value[0] === 'string' ? archHit.value[0] : undefined;
  let modelType = typeof typeHit?.value === 'string' ? typeHit.value : archClass ? ARCHITECTURE_CLASSES[archClass] : undefined;
  const typeRange = typeHit?.range ?? archHit?.range ?? null;
  let conventionOrigin: Origin = fromFile ? 'derived' : 'default';
  if (modelType === undefined) {
    if (archClass) return unsupported(`Architecture ${archClass} is not one whose layer layout Scaling Lens knows (known: ${Object.keys(FAMILIES).join(', ')})`, archHit?.range ?? null);
    modelType = 'llama';
    conventionOrigin = 'assumed';
    b.problem('warning', 'assumed-model-type', 'No `model_type` is given: the Llama layout (RMSNorm, SwiGLU, no biases) is assumed.', null);
  }
  if (UNSUPPORTED[modelType]) return unsupported(UNSUPPORTED[modelType]!, typeRange);
  const found = FAMILIES[modelType];
  if (!found) return unsupported(`model_type "${modelType}" is not one whose layer layout Scaling Lens knows (known: ${Object.keys(FAMILIES).join(', ')})`, typeRange);
  const family: Family = found;
  if (!family.mla && hit('kv_lora_rank')) return unsupported(`Multi-head latent attention (kv_lora_rank) in a ${modelType} model is not a layout Scaling Lens knows`, hit('kv_lora_rank')!.range);

  const convention = <T>(value: T, what: string): Traced<T> =>
    b.trace(value, conventionOrigin, `model_type ${modelType}`, typeRange, `${what} (transformers ${family.cls} layout)`);
  const classDefault = (value: number, key: string, note: string): Traced<number> =>
    b.derived(label(key), value, 'architecture', `${family.cls} default: ${note}`, null, conventionOrigin === 'assumed' ? 'assumed' : 'default');
  /** A boolean key with its class default; the trace says which. */
  const flagOr = (key: string, fallback: boolean) => {
    const f = flag(key);
    return { value: f?.value ?? fallback, said: f };
  };
  const traceFlag = (value: boolean, said: ReturnType<typeof flag>, what: string): Traced<boolean> =>
    said ? b.trace(value, said.origin, said.label, said.range) : convention(value, what);

  const parts: ArchParts = {};
  const layers = size(['num_hidden_layers', 'n_layer', 'num_layers']);
  const dModel = size(['hidden_size', 'n_embd', 'n_embed']);
  const heads = size(['num_attention_heads', 'n_head', 'num_heads']);
  if (layers) parts.layers = layers;
  if (dModel) parts.dModel = dModel;
  if (heads) parts.heads = heads;
  const kv = family.layout === 'falcon' ? falconKvHeads() : size(['num_key_value_heads']);
  if (kv) parts.kvHeads = kv;
  const headDim = size(['head_dim']) ?? (family.headDim !== undefined ? classDefault(family.headDim, 'head_dim', `head_dim ${family.headDim}`) : undefined);
  if (headDim && !family.mla) parts.headDim = headDim;

  // The dense FFN width; families whose key may be null or absent use 4 × hidden (GPT-2 n_inner,
  // GPT-Neo intermediate_size, Falcon ffn_hidden_size, BLOOM has no key).
  const ffnKeys = family.ffnKeys ?? ['intermediate_size'];
  const ffn = ffnKeys.length > 0 ? size(ffnKeys) : undefined;
  if (ffn) parts.ffn = ffn;
  else if (family.ffnKeys && dModel) parts.ffn = classDefault(4 * dModel.value, ffnKeys[0] ?? 'intermediate_size', `${ffnKeys[0] ?? 'the MLP width'} ${ffnKeys.length > 0 ? 'null means' : 'is'} 4 × hidden`);

  const vocab = size(['vocab_size']);
  if (vocab) parts.vocab = vocab;
  // The context length sizes the learned position table (GPT-2); it is not the training sequence length.
  const positions = size(['max_position_embeddings', 'n_positions', 'n_ctx']);
  if (positions && family.positions === 'learned') {
    // OPTLearnedPositionalEmbedding allocates max_position_embeddings + 2 rows (fairseq's padding offset).
    parts.maxPositions = family.layout === 'opt' ? b.derived(label('max_position_embeddings'), positions.value + 2, 'architecture', 'OPT position table: max_position_embeddings + 2 offset rows', positions.range, positions.origin === 'stated' ? 'derived' : 'default') : positions;
  }

  parts.mlp = convention(family.mlp, family.mlp === 'glu' ? 'gated MLP' : 'plain MLP');
  parts.norm = convention(family.norm, family.norm);
  parts.positions = convention(family.layout === 'falcon' && flag('alibi')?.value ? 'alibi' : family.positions, `${family.positions} positions`);
  if (family.qkNorm) parts.qkNorm = convention(family.qkNorm, `${family.qkNorm} q/k norm`);
  if (family.blockNorms !== undefined) parts.blockNorms = convention(family.blockNorms, `${family.blockNorms} norm(s) per block`);
  // PhiMoE reads lm_head_bias from the config; Phi-1/2 and GPT-J always bias the head.
  const headBias = flag('lm_head_bias');
  if (headBias) parts.lmHeadBias = b.trace(headBias.value, headBias.origin, headBias.label, headBias.range);
  else if (family.lmHeadBias) parts.lmHeadBias = convention(true, 'biased output head');
  if (family.embeddingNorm) parts.embeddingNorm = convention(true, 'LayerNorm after the word embeddings');
  if (family.sinks) parts.attentionSinks = convention(true, 'one learned attention sink per head');

  const biased = biases();
  if (biased === 'unsupported') return {};
  const layout = layoutParts();
  if (layout === 'unsupported') return {};

  const tie = flag('tie_word_embeddings');
  if (tie?.origin === 'stated') b.stated(tie.label, tie.value, tie.range, 'architecture');
  parts.tiedEmbeddings = tie
    ? b.trace(tie.value, tie.origin, tie.label, tie.range)
    : b.trace(family.tied, conventionOrigin, `${family.cls} default`, null, `tie_word_embeddings defaults to ${family.tied} for ${modelType}`);

  if (family.mla) {
    const mla = mlaSpec();
    if (mla === 'unsupported') return {};
    parts.mla = mla;
    // MLA has no single head width: the query/key width (nope + rope) is what the attention scores use.
    parts.headDim = b.derived(label('qk_nope_head_dim'), mla.value.qkNopeHeadDim + mla.value.qkRopeHeadDim, 'architecture', 'MLA query/key head width: qk_nope_head_dim + qk_rope_head_dim', null, mla.origin === 'stated' ? 'derived' : 'default');
    if (!parts.kvHeads && heads) parts.kvHeads = heads;
  }

  if (family.moe && layers) {
    const moe = moeSpec(family, layers.value, parts.ffn?.value);
    if (moe === 'unsupported') return {};
    if (moe) parts.moe = moe;
  }
  return parts;

  /** Sets linearBias/qkvBias/outBias/mlpBias from the family's rule and the file's keys. */
  function biases(): void | 'unsupported' {
    const set = (qkv: boolean, out: boolean, mlp: boolean, origin: Traced<boolean>) => {
      // linearBias keeps its meaning (every linear layer); the partial flags are set only when they differ from it.
      const all = qkv && out && mlp;
      parts.linearBias = { ...origin, value: all };
      if (all) return;
      if (qkv) parts.qkvBias = { ...origin, value: true };
      if (out) parts.outBias = { ...origin, value: true };
      if (mlp) parts.mlpBias = { ...origin, value: true };
    };
    switch (family.bias) {
      case 'none':
        return set(false, false, family.expertBias ?? false, convention(false, 'no biases'));
      case 'all':
        return set(true, true, true, convention(true, 'biases on every linear layer'));
      case 'qkv':
        return set(true, false, false, convention(true, 'q/k/v biases only'));
      case 'out-mlp':
        return set(false, true, true, convention(true, 'biases on the attention output and the MLP'));
      case 'mlp':
        return set(false, false, true, convention(true, 'biases on the MLP only'));
      case 'keys': {
        const attn = flagOr('attention_bias', false);
        const mlp = flagOr('mlp_bias', false);
        const said = attn.said ?? mlp.said;
        return set(attn.value, attn.value, mlp.value, traceFlag(attn.value || mlp.value, said, `${family.cls} default (no biases)`));
      }
      case 'neox': {
        const attn = flagOr('attention_bias', true);
        return set(attn.value, attn.value, true, traceFlag(true, attn.said, `${family.cls} default (biases)`));
      }
      case 'glm': {
        // GlmConfig and Glm4Config default attention_bias to true, Glm4MoeConfig to false.
        const attn = flagOr('attention_bias', modelType !== 'glm4_moe');
        return set(attn.value, false, false, traceFlag(attn.value, attn.said, `${family.cls} default (q/k/v biases)`));
      }
      case 'falcon': {
        const all = flagOr('bias', false);
        return set(all.value, all.value, all.value, traceFlag(all.value, all.said, `${family.cls} default (no biases)`));
      }
      case 'opt': {
        const all = flagOr('enable_bias', true);
        return set(all.value, all.value, all.value, traceFlag(all.value, all.said, `${family.cls} default (biases)`));
      }
      case 'stablelm': {
        const qkv = flagOr('use_qkv_bias', false);
        return set(qkv.value, false, false, traceFlag(qkv.value, qkv.said, `${family.cls} default (no biases)`));
      }
      case 'internlm2': {
        const attn = flagOr('bias', true);
        return set(attn.value, attn.value, false, traceFlag(attn.value, attn.said, `${family.cls} default (wqkv/wo biases)`));
      }
      case 'attn-keys': {
        const attn = flagOr('attention_bias', false);
        return set(attn.value, attn.value, family.expertBias ?? false, traceFlag(attn.value, attn.said, `${family.cls} default`));
      }
    }
  }

  /** Keys only some families have; returns 'unsupported' after a problem when they leave the counter's layout. */
  function layoutParts(): void | 'unsupported' {
    switch (family.layout) {
      case 'falcon': {
        // FalconDecoderLayer: new_decoder_architecture has num_ln_in_parallel_attn (default 2) norms,
        // otherwise input_layernorm alone when parallel_attn (default true), plus post_attention_layernorm when not.
        const newArch = flagOr('new_decoder_architecture', false).value;
        const parallel = flagOr('parallel_attn', true).value;
        const lnCount = newArch ? (size(['num_ln_in_parallel_attn'])?.value ?? 2) : parallel ? 1 : 2;
        parts.blockNorms = convention(lnCount, `${lnCount} LayerNorm(s) per block (new_decoder_architecture ${newArch}, parallel_attn ${parallel})`);
        return;
      }
      case 'opt': {
        const affine = flagOr('layer_norm_elementwise_affine', true);
        if (!affine.value) return void unsupported('OPT with layer_norm_elementwise_affine false', affine.said?.range ?? null), 'unsupported';
        // OPTDecoder keeps final_layer_norm only when do_layer_norm_before and not _remove_final_layer_norm (opt-350m has none).
        const before = flagOr('do_layer_norm_before', true);
        const removed = flagOr('_remove_final_layer_norm', false);
        parts.finalNorm = traceFlag(before.value && !removed.value, before.said, 'final LayerNorm');
        const proj = size(['word_embed_proj_dim']);
        // An invalid width was reported by size(); counting as if it matched hidden_size would be a guess.
        if (!proj && hit('word_embed_proj_dim')) return 'unsupported';
        if (proj && dModel && proj.value !== dModel.value) parts.embedDim = proj;
        return;
      }
      case 'phi': {
        const qkLn = flag('qk_layernorm');
        if (qkLn?.value) return void unsupported('Phi with qk_layernorm (per-head LayerNorms with biases) is not modelled', qkLn.range), 'unsupported';
        return;
      }
      case 'stablelm': {
        const qkLn = flag('qk_layernorm');
        if (qkLn?.value) return void unsupported('StableLM with qk_layernorm (one LayerNorm per head) is not modelled', qkLn.range), 'unsupported';
        const parallel = flagOr('use_parallel_residual', false);
        if (parallel.value) parts.blockNorms = traceFlagNumber(1, parallel.said, 'parallel residual shares one LayerNorm');
        return;
      }
      case 'glm4_moe': {
        const qk = flagOr('use_qk_norm', false);
        if (qk.value) parts.qkNorm = b.trace<QkNormKind>('per-head', qk.said?.origin ?? conventionOrigin, qk.said?.label ?? 'use_qk_norm', qk.said?.range ?? null);
        return;
      }
      default:
        return;
    }
  }

  function traceFlagNumber(value: number, said: ReturnType<typeof flag>, what: string): Traced<number> {
    return said ? b.trace(value, said.origin, said.label, said.range) : convention(value, what);
  }

  function falconKvHeads(): Traced<number> | undefined {
    // FalconAttention: new_decoder_architecture uses num_kv_heads; otherwise multi_query (default true) means one kv head.
    if (flagOr('new_decoder_architecture', false).value) return size(['num_kv_heads', 'num_key_value_heads']);
    const mq = flagOr('multi_query', true);
    if (mq.value) return traceFlagNumber(1, mq.said, 'multi-query attention (one key/value head)');
    return undefined;
  }

  function mlaSpec(): Traced<MlaSpec> | 'unsupported' {
    const kvRank = size(['kv_lora_rank']);
    const nope = size(['qk_nope_head_dim'], 0);
    const rope = size(['qk_rope_head_dim'], 0);
    const v = size(['v_head_dim']);
    if (!kvRank || !nope || !rope || !v) {
      b.problem('warning', 'missing-architecture', 'Multi-head latent attention needs kv_lora_rank, qk_nope_head_dim, qk_rope_head_dim and v_head_dim.', typeRange);
      return 'unsupported';
    }
    // q_lora_rank null (DeepSeek-V2-Lite) projects queries directly.
    const qHit = hit('q_lora_rank');
    const qRank = qHit ? size(['q_lora_rank'])?.value : 0;
    if (qRank === undefined) return 'unsupported';
    if (parts.linearBias?.value || parts.qkvBias?.value || parts.outBias?.value) {
      unsupported('attention_bias on multi-head latent attention is not modelled', hit('attention_bias')?.range ?? null);
      return 'unsupported';
    }
    const spec: MlaSpec = { qLoraRank: qRank, kvLoraRank: kvRank.value, qkNopeHeadDim: nope.value, qkRopeHeadDim: rope.value, vHeadDim: v.value };
    return b.trace(spec, kvRank.origin, `${prefix}MLA keys`, kvRank.range ?? null, qRank === 0 ? 'q_lora_rank null: queries projected directly' : undefined);
  }

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
    const layerNote = (moeLayers: number, how: string) =>
      moeLayers === nLayers ? undefined : `${moeLayers} of ${nLayers} layers are MoE (${how}); the count is exact, the layer positions are not modelled`;
    switch (fam.moe) {
      case 'mixtral':
      case 'granitemoe': {
        // MixtralSparseMoeBlock / PhimoeSparseMoeBlock / GraniteMoeMoE: gate d×E without bias, E experts of
        // width intermediate_size, every layer.
        const experts = orDefault(['num_local_experts', 'num_experts'], 8)!;
        const topK = orDefault(['num_experts_per_tok'], 2)!;
        if (denseFfn === undefined) return null;
        return b.trace({ experts, topK, expertFfn: denseFfn, sharedExperts: 0, denseLayers: 0 }, moeOrigin, src, hit('num_local_experts')?.range ?? null);
      }
      case 'gpt_oss': {
        // GptOssMLP: router d×E with bias, E experts (gate_up d×2F + bias, down F×d + bias) in every layer.
        const experts = orDefault(['num_local_experts'], 128)!;
        const topK = orDefault(['num_experts_per_tok', 'experts_per_token'], 4)!;
        if (denseFfn === undefined) return null;
        return b.trace({ experts, topK, expertFfn: denseFfn, sharedExperts: 0, denseLayers: 0, routerBias: true }, moeOrigin, src, hit('num_local_experts')?.range ?? null);
      }
      case 'llama4': {
        // Llama4TextMoe: router d×E without bias, E experts of intermediate_size plus one shared expert of the same
        // width, in the layers of `moe_layers` (default every interleave_moe_layer_step-th layer, 1-based).
        const experts = orDefault(['num_local_experts'], 16)!;
        const topK = orDefault(['num_experts_per_tok'], 1)!;
        const expertFfn = orDefault(['intermediate_size'], 8192)!;
        const step = orDefault(['interleave_moe_layer_step'], 1)!;
        const listed = hit('moe_layers');
        const moeLayers = Array.isArray(listed?.value)
          ? new Set(listed.value.filter((x): x is number => Number.isInteger(x) && x >= 0 && x < nLayers)).size
          : Math.floor(nLayers / step);
        const spec: MoeSpec = { experts, topK, expertFfn, sharedExperts: 1, sharedFfn: expertFfn, denseLayers: nLayers - moeLayers };
        return b.trace(spec, moeOrigin, src, hit('num_local_experts')?.range ?? null, layerNote(moeLayers, `interleave_moe_layer_step ${step}`));
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
        return b.trace(spec, moeOrigin, src, hit('num_experts')?.range ?? null, layerNote(moeLayers, `decoder_sparse_step ${step}, mlp_only_layers`));
      }
      case 'deepseek': {
        // DeepseekMoE / DeepseekV2MoE / DeepseekV3MoE / Glm4MoeMoE: gate E×d, routed experts of moe_intermediate_size,
        // shared experts fused into one MLP of n_shared_experts × moe_intermediate_size; layers i ≥ first_k_dense_replace
        // with i % moe_layer_freq == 0. V3-style routers (topk_method noaux_tc) add e_score_correction_bias (E values).
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
        const method = hit('topk_method')?.value;
        const routerBias = fam.routerBias === true && (method === undefined || method === 'noaux_tc');
        const mtp = size(['num_nextn_predict_layers'], 0);
        if (mtp && mtp.value > 0) {
          b.problem('info', 'not-counted', `The ${mtp.value} multi-token-prediction layer(s) stored with the checkpoint (num_nextn_predict_layers) are not part of the model transformers builds and are not counted.`, mtp.range ?? null);
        }
        const spec: MoeSpec = { experts: experts.value, topK, expertFfn, sharedExperts: shared, denseLayers, layerFrequency: freq, ...(routerBias ? { routerBias } : {}) };
        return b.trace(spec, moeOrigin, src, experts.range ?? null);
      }
      default:
        return null;
    }
  }
}

/** A multimodal config's language-model type when its text_config does not name one. */
function outerTextType(get: HfKeyLookup): Hit | undefined {
  const outer = get('model_type');
  if (!outer || typeof outer.value !== 'string') return undefined;
  const inner = TEXT_MODEL_TYPES[outer.value];
  return inner ? { value: inner, range: outer.range } : undefined;
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
