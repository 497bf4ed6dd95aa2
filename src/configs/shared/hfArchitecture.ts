// Hugging Face config.json keys -> ArchParts. Shared by every reader that names an HF model
// (config.json itself, nanotron model_config, axolotl/TrainingArguments/llm-foundry model ids).
//
// config.json names the model's shape; `model_type` names the layer layout that the keys do
// not spell out (norm kind, gated MLP, which projections carry biases, tied head). Those
// conventions are the per-model-type table of registry/hfFamilies.ts. Layouts
// the parameter counter cannot represent exactly are reported as unsupported rather than
// counted wrongly.

import type { MlaSpec, MoeSpec, PositionKind, QkNormKind, SlidingWindow } from '../../core/architecture';
import type { Origin, SourceRange, Traced } from '../../core/plan';
import { findHfModel, findHfModelByRepoName, type HfConfigDict } from '../registry/hf';
import { isResolved } from '../resolve/modelResolver';
import { ARCHITECTURE_CLASSES, FAMILIES, TEXT_MODEL_TYPES, UNSUPPORTED, type Family } from '../registry/hfFamilies';
import type { ArchParts, PlanBuilder } from './builder';
import { coerceBool, coerceNumber, ownEntry } from './values';
import { belowMin } from './numbers';

/** Reads one key of an HF-style config: its value and where it stands (null range for registry values). */
export type HfKeyLookup = (key: string) => { readonly value: unknown; readonly range: SourceRange | null } | undefined;

/** Sizes larger than this are typos or hostile input; counts of real models stay far below. */
const MAX_SIZE = 1e8;

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
  if (['num_hidden_layers', 'n_layer', 'num_layers', 'n_layers', 'hidden_size', 'n_embd', 'n_embed', 'd_model'].some(present)) return null;
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
export function hfArchitectureParts(b: PlanBuilder, get: HfKeyLookup, origin: 'stated' | 'default', source: string, from = 'bundled config.json'): ArchParts {
  const nested = languageModelLookup(get);
  if (nested)
    b.problem(
      'info',
      'text-config',
      'Counting the language model in `text_config`; the vision encoder and projector are not counted.',
      get('text_config')?.range ?? null,
    );
  const lookup = nested ?? get;
  const prefix = nested ? 'text_config.' : '';
  const fromFile = origin === 'stated';

  const hit = (key: string): Hit | undefined => {
    const h = lookup(key);
    return h && h.value !== null && h.value !== undefined ? h : undefined;
  };
  const originOf = (h: Hit | undefined): 'stated' | 'default' => h?.origin ?? origin;
  const label = (key: string, h?: Hit) => h?.label ?? (fromFile ? prefix + key : `${prefix}${key} (${source})`);
  const record = (key: string, value: number, h: Hit): Traced<number> =>
    originOf(h) === 'stated'
      ? b.stated(label(key, h), value, h.range, 'architecture')
      : b.derived(label(key, h), value, 'architecture', `${prefix}${key} of ${source} (${from})`, h.range, 'default');
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
      if (v < min) return bad(belowMin(min, v));
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
  let modelType = typeof typeHit?.value === 'string' ? typeHit.value : archClass ? ownEntry(ARCHITECTURE_CLASSES, archClass) : undefined;
  const typeRange = typeHit?.range ?? archHit?.range ?? null;
  let conventionOrigin: Origin = fromFile ? 'derived' : 'default';
  if (modelType === undefined) {
    if (archClass)
      return unsupported(
        `Architecture ${archClass} is not one whose layer layout Scaling Lens knows (known: ${Object.keys(FAMILIES).join(', ')})`,
        archHit?.range ?? null,
      );
    modelType = 'llama';
    conventionOrigin = 'assumed';
    b.problem('warning', 'assumed-model-type', 'No `model_type` is given: the Llama layout (RMSNorm, SwiGLU, no biases) is assumed.', null);
  }
  const unsupportedWhy = ownEntry(UNSUPPORTED, modelType);
  if (unsupportedWhy) return unsupported(unsupportedWhy, typeRange);
  const found = ownEntry(FAMILIES, modelType);
  if (!found)
    return unsupported(`model_type "${modelType}" is not one whose layer layout Scaling Lens knows (known: ${Object.keys(FAMILIES).join(', ')})`, typeRange);
  const family: Family = found;
  if (!family.mla && hit('kv_lora_rank'))
    return unsupported(`Multi-head latent attention (kv_lora_rank) in a ${modelType} model is not a layout Scaling Lens knows`, hit('kv_lora_rank')!.range);
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
  const layers = size(['num_hidden_layers', 'n_layer', 'num_layers', 'n_layers']);
  const dModel = size(['hidden_size', 'n_embd', 'n_embed', 'd_model']);
  const heads = size(['num_attention_heads', 'n_head', 'num_heads', 'n_heads']);
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
  else if (family.ffnKeys && dModel && family.layout !== 'mpt')
    parts.ffn = classDefault(
      4 * dModel.value,
      ffnKeys[0] ?? 'intermediate_size',
      `${ffnKeys[0] ?? 'the MLP width'} ${ffnKeys.length > 0 ? 'null means' : 'is'} 4 × hidden`,
    );

  const vocab = size(['vocab_size']);
  if (vocab) parts.vocab = vocab;
  // The context length sizes the learned position table (GPT-2); it is not the training sequence length.
  const positions = size(['max_position_embeddings', 'n_positions', 'n_ctx']);
  if (positions && family.positions === 'learned') {
    // OPTLearnedPositionalEmbedding allocates max_position_embeddings + 2 rows (fairseq's padding offset).
    parts.maxPositions =
      family.layout === 'opt'
        ? b.derived(
            label('max_position_embeddings'),
            positions.value + 2,
            'architecture',
            'OPT position table: max_position_embeddings + 2 offset rows',
            positions.range,
            positions.origin === 'stated' ? 'derived' : 'default',
          )
        : positions;
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
    parts.headDim = b.derived(
      label('qk_nope_head_dim'),
      mla.value.qkNopeHeadDim + mla.value.qkRopeHeadDim,
      'architecture',
      'MLA query/key head width: qk_nope_head_dim + qk_rope_head_dim',
      null,
      mla.origin === 'stated' ? 'derived' : 'default',
    );
    if (!parts.kvHeads && heads) parts.kvHeads = heads;
  }

  if (family.moe && layers) {
    const moe = moeSpec(family, layers.value, parts.ffn?.value);
    if (moe === 'unsupported') return {};
    if (moe) parts.moe = moe;
  }
  const window = layers ? slidingWindow(layers.value) : undefined;
  if (window) parts.slidingWindow = window;
  return parts;

  /**
   * Sliding-window attention from a stated `sliding_window` (class defaults are not assumed: a
   * registry row without the key gets none): on the blocks `layer_types` marks
   * "sliding_attention", else on those the family's rule picks (hfFamilies.ts WindowRule).
   */
  function slidingWindow(nLayers: number): Traced<SlidingWindow> | undefined {
    const w = size(['sliding_window']);
    if (!w) return undefined;
    const types = hit('layer_types');
    let local: number | undefined;
    let how: string;
    if (Array.isArray(types?.value)) {
      local = types.value.filter((t) => t === 'sliding_attention').length;
      how = `layer_types: ${local} of ${nLayers} blocks "sliding_attention"`;
    } else {
      const rule = family.window;
      if (!rule) return undefined;
      if (rule.kind === 'all') {
        local = nLayers;
        how = `every block (transformers ${family.cls})`;
      } else if (rule.kind === 'pattern') {
        const period = (rule.periodKey ? size([rule.periodKey])?.value : undefined) ?? rule.period;
        local = nLayers - Math.floor(nLayers / period);
        how = `every ${period === 2 ? 'other' : `${period}th`} block global, the rest local: ${local} of ${nLayers} (transformers ${family.cls})`;
      } else {
        if (flag('use_sliding_window')?.value !== true) return undefined;
        const from = size(['max_window_layers'], 0)?.value ?? 28;
        local = Math.max(0, nLayers - from);
        how = `use_sliding_window: blocks from max_window_layers ${from} on, ${local} of ${nLayers}`;
      }
    }
    if (local === 0) return undefined;
    return b.trace({ window: w.value, layers: local }, w.origin, w.source, w.range ?? null, `sliding-window attention of ${w.value} tokens on ${how}`);
  }

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
        if (!affine.value) return (void unsupported('OPT with layer_norm_elementwise_affine false', affine.said?.range ?? null), 'unsupported');
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
        if (qkLn?.value) return (void unsupported('Phi with qk_layernorm (per-head LayerNorms with biases) is not modelled', qkLn.range), 'unsupported');
        return;
      }
      case 'stablelm': {
        const qkLn = flag('qk_layernorm');
        if (qkLn?.value) return (void unsupported('StableLM with qk_layernorm (one LayerNorm per head) is not modelled', qkLn.range), 'unsupported');
        const parallel = flagOr('use_parallel_residual', false);
        if (parallel.value) parts.blockNorms = traceFlagNumber(1, parallel.said, 'parallel residual shares one LayerNorm');
        return;
      }
      case 'mpt': {
        // MPTMLP: up d×(expansion_ratio·d), down back (MPTConfig default expansion_ratio 4).
        const ratio = size(['expansion_ratio']) ?? classDefault(4, 'expansion_ratio', 'expansion_ratio 4');
        if (dModel)
          parts.ffn = b.derived(
            label('expansion_ratio'),
            ratio.value * dModel.value,
            'architecture',
            `expansion_ratio ${ratio.value} × d_model ${dModel.value}`,
            ratio.range ?? null,
            ratio.origin === 'stated' ? 'derived' : ratio.origin,
          );
        const ffnType = hit('ffn_config.ffn_type')?.value;
        if (typeof ffnType === 'string' && ffnType !== 'mptmlp')
          return (void unsupported(`MPT ffn_config.ffn_type ${ffnType} is not modelled`, hit('ffn_config.ffn_type')?.range ?? null), 'unsupported');
        const normType = hit('norm_type')?.value;
        if (typeof normType === 'string' && !/layernorm/i.test(normType))
          return (void unsupported(`MPT norm_type ${normType} is not modelled`, hit('norm_type')?.range ?? null), 'unsupported');
        if (flag('attn_config.qk_ln')?.value || flag('attn_config.qk_gn')?.value)
          return (void unsupported('MPT with attn_config.qk_ln/qk_gn is not modelled', hit('attn_config')?.range ?? null), 'unsupported');
        const kvGroups = hit('attn_config.kv_n_heads');
        if (kvGroups) {
          const kvh = size(['attn_config.kv_n_heads']);
          if (!kvh) return 'unsupported';
          parts.kvHeads = kvh;
        }
        // no_bias (MPTConfig default false) removes every bias Parameter, the LayerNorms' included: a
        // weight-only LayerNorm has d parameters, counted like RMSNorm.
        const noBias = flagOr('no_bias', false);
        parts.linearBias = traceFlag(!noBias.value, noBias.said, `${family.cls} default (biases)`);
        if (noBias.value)
          parts.norm = b.trace(
            'rmsnorm',
            noBias.said?.origin ?? conventionOrigin,
            noBias.said?.label ?? 'no_bias',
            noBias.said?.range ?? null,
            'LayerNorm without bias (no_bias removes norm biases too): one weight per channel, counted like RMSNorm',
          );
        const alibi = flagOr('attn_config.alibi', false);
        const rope = flagOr('attn_config.rope', false);
        const learned = flagOr('learned_pos_emb', true);
        const kind: PositionKind = alibi.value ? 'alibi' : rope.value ? 'rotary' : learned.value ? 'learned' : 'none';
        const posSaid = alibi.value ? alibi.said : rope.value ? rope.said : learned.said;
        parts.positions = posSaid
          ? b.trace<PositionKind>(kind, posSaid.origin, posSaid.label, posSaid.range)
          : convention<PositionKind>(kind, `${kind} positions`);
        if (kind === 'learned') {
          const rows = size(['max_seq_len']);
          if (rows) parts.maxPositions = rows;
        }
        return;
      }
      case 'glm4_moe': {
        const qk = flagOr('use_qk_norm', false);
        if (qk.value)
          parts.qkNorm = b.trace<QkNormKind>('per-head', qk.said?.origin ?? conventionOrigin, qk.said?.label ?? 'use_qk_norm', qk.said?.range ?? null);
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
      b.problem(
        'warning',
        'missing-architecture',
        'Multi-head latent attention needs kv_lora_rank, qk_nope_head_dim, qk_rope_head_dim and v_head_dim.',
        typeRange,
      );
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
        return b.trace(
          { experts, topK, expertFfn: denseFfn, sharedExperts: 0, denseLayers: 0, routerBias: true },
          moeOrigin,
          src,
          hit('num_local_experts')?.range ?? null,
        );
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
        const spec: MoeSpec = {
          experts,
          topK,
          expertFfn,
          sharedExperts: sharedFfn > 0 ? 1 : 0,
          ...(sharedFfn > 0 ? { sharedFfn, sharedExpertGate: true } : {}),
          denseLayers: nLayers - moeLayers,
        };
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
          b.problem(
            'warning',
            'missing-architecture',
            'n_routed_experts is set but num_experts_per_tok or moe_intermediate_size is missing.',
            experts.range ?? null,
          );
          return 'unsupported';
        }
        const shared = orDefault(['n_shared_experts'], 0, 0)!;
        const denseLayers = orDefault(['first_k_dense_replace'], 0, 0)!;
        const freq = orDefault(['moe_layer_freq'], 1)!;
        const method = hit('topk_method')?.value;
        const routerBias = fam.routerBias === true && (method === undefined || method === 'noaux_tc');
        const mtp = size(['num_nextn_predict_layers'], 0);
        if (mtp && mtp.value > 0) {
          b.problem(
            'info',
            'not-counted',
            `The ${mtp.value} multi-token-prediction layer(s) stored with the checkpoint (num_nextn_predict_layers) are not part of the model transformers builds and are not counted.`,
            mtp.range ?? null,
          );
        }
        const spec: MoeSpec = {
          experts: experts.value,
          topK,
          expertFfn,
          sharedExperts: shared,
          denseLayers,
          layerFrequency: freq,
          ...(routerBias ? { routerBias } : {}),
        };
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
  const inner = ownEntry(TEXT_MODEL_TYPES, outer.value);
  return inner ? { value: inner, range: outer.range } : undefined;
}

/** The model's context length (`max_position_embeddings`, GPT-2 `n_positions`), also under `text_config`. */
export function hfContextLength(get: HfKeyLookup): { readonly key: string; readonly value: number; readonly range: SourceRange | null } | undefined {
  const lookup = languageModelLookup(get) ?? get;
  for (const key of ['max_position_embeddings', 'n_positions', 'n_ctx', 'max_seq_len']) {
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

/**
 * Whether a bundled model ties its output head to its input embedding (its config.json, else its
 * family's default); undefined for a model not in the table.
 */
export function hfModelTied(id: string): boolean | undefined {
  const entry = findHfModel(id);
  if (!entry) return undefined;
  const stated = coerceBool(entry.config.tie_word_embeddings);
  if (stated !== null) return stated;
  const type = entry.config.model_type;
  return typeof type === 'string' && Object.prototype.hasOwnProperty.call(FAMILIES, type) ? FAMILIES[type]!.tied : undefined;
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
export function hfModelParts(b: PlanBuilder, id: string, range: SourceRange | null, overrides?: HfKeyLookup, fix?: string): ArchParts | null {
  const model = hfModelConfig(b, id, range, fix);
  if (!model) return null;
  // Keys the file overrides (llm-foundry `config_overrides`) win over the model's own config.json.
  const registry = registryLookup(model.config);
  const get: HfKeyLookup = overrides ? (key) => overrides(key) ?? registry(key) : registry;
  const parts = hfArchitectureParts(b, get, 'default', model.id, model.from);
  return Object.keys(parts).length > 0 ? parts : null;
}

/**
 * The config.json keys of a model the file names: the bundled table first, then what the host
 * resolved (ReadContext.models: a local path, the HF cache, the Hub), with an info problem at the
 * id saying where they came from. Otherwise an `unknown-model` warning with what was tried and the
 * fix, the id listed in ReadResult.unresolvedModels, and null.
 */
export function hfModelConfig(b: PlanBuilder, id: string, range: SourceRange | null, fix?: string): { id: string; config: HfConfigDict; from: string } | null {
  const entry = findHfModel(id);
  if (entry) return { id: entry.id, config: entry.config, from: 'bundled config.json' };
  const sameName = findHfModelByRepoName(id);
  if (sameName) {
    b.problem(
      'info',
      'model-resolved',
      `"${id}" is read as ${sameName.id}, the model of the same repository name in Scaling Lens's table: a re-upload is assumed to keep its architecture (open its config.json to count it directly).`,
      range,
    );
    return { id: sameName.id, config: sameName.config, from: `bundled config.json of ${sameName.id} (same repository name)` };
  }
  const resolution = b.modelResolution(id);
  if (resolution && isResolved(resolution)) {
    b.problem('info', 'model-resolved', `The architecture of ${resolution.id} is ${resolution.origin}.`, range);
    return { id: resolution.id, config: resolution.config, from: resolution.origin };
  }
  b.noteUnresolvedModel(id, range);
  const looked = resolution ? ` Looked for its config.json in ${resolution.tried.join(', ')}: ${resolution.reason}.` : '';
  b.problem(
    'warning',
    'unknown-model',
    `Unknown model "${id}": its architecture is not in Scaling Lens's table of popular models, so parameters cannot be counted.${looked} ${fix ?? "Open the model's config.json in the editor (Scaling Lens reads it directly), or state the architecture in this file."}`,
    range,
  );
  return null;
}
