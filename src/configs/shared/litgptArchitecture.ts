// litgpt Config keys -> ArchParts, for an inline `model_config:` and for registry entries.
// Mirrors litgpt/config.py@0006c97 `Config.__post_init__` and litgpt/model.py: absent keys take
// the dataclass defaults, the vocabulary is padded_vocab_size or vocab_size rounded up to
// padding_multiple, head_size defaults to n_embd / n_head, intermediate_size to 4·n_embd
// (LLaMAMLP requires it). Layouts the counter cannot represent are reported, not guessed.

import type { MlpKind, NormKind, QkNormKind } from '../../core/architecture';
import type { SourceRange, Traced } from '../../core/plan';
import { LITGPT_DEFAULTS, type LitgptModelEntry } from '../registry/litgpt';
import type { ArchParts, PlanBuilder } from './builder';
import type { HfKeyLookup } from './hfArchitecture';
import { coerceBool, coerceNumber } from './values';

const MAX_SIZE = 1e8;

export interface LitgptArchitecture {
  /** Everything but seqLen and tiedEmbeddings, which the training arguments decide. */
  readonly parts: ArchParts;
  /** `block_size`: the sequence length when `train.max_seq_length` is not given. */
  readonly blockSize: Traced<number> | undefined;
}

/**
 * `origin` 'stated': keys of the edited file, labelled with `prefix` (`model_config.`);
 * 'default': a registry entry named `source`. Returns null after a problem when the layout
 * cannot be counted exactly.
 */
export function litgptArchitectureParts(
  b: PlanBuilder,
  get: HfKeyLookup,
  origin: 'stated' | 'default',
  source: string,
  prefix = '',
): LitgptArchitecture | null {
  const fromFile = origin === 'stated';
  const label = (key: string) => (fromFile ? prefix + key : `${key} (${source})`);
  const hit = (key: string) => {
    const h = get(key);
    return h && h.value !== null && h.value !== undefined ? h : undefined;
  };
  const defaultOf = (key: string): unknown => (LITGPT_DEFAULTS as Readonly<Record<string, unknown>>)[key];
  const recordDefault = <T extends number | string | boolean>(key: string, value: T, why = `litgpt Config default ${String(value)}`): Traced<T> =>
    b.derived(label(key), value, 'architecture', why, null, 'default');

  /** A positive whole number: stated, else the litgpt default (if any); invalid values are problems. */
  const int = (key: string, fallback?: number): Traced<number> | undefined => {
    const h = hit(key);
    if (!h) {
      const d = fallback ?? (defaultOf(key) as number | undefined);
      return d === undefined ? undefined : recordDefault(key, d);
    }
    const v = coerceNumber(h.value);
    const bad = (why: string) => {
      b.invalid(label(key), why, h.range);
      return undefined;
    };
    if (v === null) return bad(`expected a number, got ${JSON.stringify(h.value) ?? String(h.value)}`);
    if (!Number.isInteger(v)) return bad(`expected a whole number, got ${v}`);
    if (v < 1) return bad(`must be at least 1, got ${v}`);
    if (v > MAX_SIZE) return bad(`${v} is implausibly large`);
    return fromFile
      ? b.stated(label(key), v, h.range, 'architecture')
      : b.derived(label(key), v, 'architecture', `${key} of litgpt model ${source}`, null, 'default');
  };
  const flag = (key: string): { value: boolean; range: SourceRange | null } => {
    const h = hit(key);
    const v = h ? coerceBool(h.value) : null;
    if (h && v === null) b.invalid(label(key), `expected true or false, got ${JSON.stringify(h.value) ?? String(h.value)}`, h.range);
    return { value: v ?? (defaultOf(key) as boolean | undefined) ?? false, range: h?.range ?? null };
  };
  const text = (key: string): { value: string; range: SourceRange | null } => {
    const h = hit(key);
    return { value: typeof h?.value === 'string' ? h.value : String(defaultOf(key) ?? ''), range: h?.range ?? null };
  };
  const unsupported = (why: string, range: SourceRange | null): null => {
    b.problem('warning', 'unsupported-architecture', `${why}; Scaling Lens cannot count its parameters exactly, so it gives no count.`, range);
    return null;
  };
  const conv = <T>(value: T, key: string, range: SourceRange | null): Traced<T> =>
    b.trace(value, hit(key) ? (fromFile ? 'stated' : 'default') : 'default', hit(key) ? label(key) : `litgpt Config default ${key}`, range);

  const parts: ArchParts = {};
  const layers = int('n_layer');
  const dModel = int('n_embd');
  const heads = int('n_head');
  if (layers) parts.layers = layers;
  if (dModel) parts.dModel = dModel;
  if (heads) parts.heads = heads;
  const headSize = hit('head_size') ? int('head_size') : undefined;
  if (headSize) parts.headDim = headSize;
  const groups = hit('n_query_groups') ? int('n_query_groups') : undefined;
  if (groups) parts.kvHeads = groups;

  const mlpClass = text('mlp_class_name');
  const mlpKinds: Readonly<Record<string, MlpKind>> = { GptNeoxMLP: 'mlp', LLaMAMLP: 'glu', GemmaMLP: 'glu', LLaMAMoE: 'glu' };
  const mlp = mlpKinds[mlpClass.value];
  if (!mlp) return unsupported(`mlp_class_name "${mlpClass.value}" is not one of ${Object.keys(mlpKinds).join(', ')}`, mlpClass.range);
  parts.mlp = conv(mlp, 'mlp_class_name', mlpClass.range);

  if (hit('intermediate_size')) {
    const ffn = int('intermediate_size');
    if (ffn) parts.ffn = ffn;
  } else if (mlpClass.value === 'LLaMAMLP') {
    b.problem('error', 'missing-architecture', 'litgpt requires intermediate_size with mlp_class_name LLaMAMLP.', mlpClass.range);
  } else if (dModel) {
    parts.ffn = recordDefault('intermediate_size', 4 * dModel.value, 'litgpt default: 4 × n_embd');
  }

  // Vocabulary: padded_vocab_size, else vocab_size rounded up to padding_multiple (find_multiple).
  if (hit('padded_vocab_size')) {
    const padded = int('padded_vocab_size');
    if (padded) parts.vocab = padded;
  } else {
    const vocab = int('vocab_size');
    const multiple = int('padding_multiple');
    if (vocab && multiple) {
      const padded = Math.ceil(vocab.value / multiple.value) * multiple.value;
      parts.vocab = b.derived(
        label('padded_vocab_size'),
        padded,
        'architecture',
        `vocab_size ${vocab.value} rounded up to padding_multiple ${multiple.value}`,
        vocab.range ?? null,
        vocab.origin === 'stated' ? 'derived' : 'default',
      );
    }
  }

  // Norms: litgpt builds norm_1/norm_2 before attention/MLP (norm_2 dropped by
  // shared_attention_norm: Falcon 7B, phi) and optional post-attention/post-MLP norms (Gemma 2
  // and 3): litgpt/model.py Block.__init__ (lines 316-341 at 26857050).
  const norm1 = flag('norm_1').value;
  const norm2 = flag('norm_2').value && !flag('shared_attention_norm').value;
  const perBlock = Number(norm1) + Number(norm2) + Number(flag('post_attention_norm').value) + Number(flag('post_mlp_norm').value);
  if (perBlock === 0) return unsupported('no norm in the block (norm_1 and norm_2 off)', null);
  if (perBlock !== 2)
    parts.blockNorms = b.trace(
      perBlock,
      fromFile ? 'stated' : 'default',
      source,
      null,
      `${perBlock} norm(s) per block (norm_1, norm_2, shared_attention_norm, post_attention_norm, post_mlp_norm)`,
    );
  const normClass = text('norm_class_name');
  const name = typeof hit('name')?.value === 'string' ? String(hit('name')!.value) : source;
  let norm: NormKind;
  if (normClass.value === 'RMSNorm') norm = 'rmsnorm';
  else if (normClass.value === 'LayerNorm') norm = name.includes('OLMo') ? 'nonparametric' : 'layernorm';
  else return unsupported(`norm_class_name "${normClass.value}" is not LayerNorm or RMSNorm`, normClass.range);
  parts.norm = b.trace(
    norm,
    hit('norm_class_name') ? (fromFile ? 'stated' : 'default') : 'default',
    label('norm_class_name'),
    normClass.range,
    norm === 'nonparametric' ? 'litgpt builds OLMo LayerNorms without weights' : undefined,
  );

  const qk = flag('norm_qk');
  if (qk.value) {
    const kind: QkNormKind = text('norm_qk_type').value === 'olmo2' ? 'full' : 'per-head';
    parts.qkNorm = conv(kind, 'norm_qk', qk.range);
  }
  const bias = flag('bias');
  parts.linearBias = conv(bias.value, 'bias', bias.range);
  const attnBias = flag('attn_bias');
  if (attnBias.value) parts.qkvBias = conv(true, 'attn_bias', attnBias.range);
  parts.positions = b.trace('rotary', 'default', 'litgpt (RoPE)');

  // Sliding-window attention: sliding_window_size on the blocks sliding_window_indices marks 1,
  // every block without the list (Config.__post_init__, check_indicator_and_length). Attention
  // FLOPs only; the count does not change.
  const windowSize = hit('sliding_window_size') ? int('sliding_window_size') : undefined;
  if (windowSize && parts.layers) {
    const n = parts.layers.value;
    const list = hit('sliding_window_indices')?.value;
    const on = Array.isArray(list) ? list.slice(0, n).filter((x) => coerceNumber(x) === 1).length : n;
    if (on > 0)
      parts.slidingWindow = b.trace(
        { window: windowSize.value, layers: on },
        fromFile ? 'stated' : 'default',
        label('sliding_window_size'),
        windowSize.range ?? null,
        `${windowSize.value}-token window on ${on} of ${n} blocks`,
      );
  }

  const lmHeadBias = flag('lm_head_bias');
  if (lmHeadBias.value) parts.lmHeadBias = conv(true, 'lm_head_bias', lmHeadBias.range);
  if (hit('latent_attention')) return unsupported('latent_attention (multi-head latent attention) is not modelled yet', hit('latent_attention')!.range);
  for (const key of ['n_shared_expert', 'first_k_dense_replace']) {
    const h = hit(key);
    if (h && coerceNumber(h.value) !== 0) return unsupported(`${key} is not modelled for litgpt yet`, h.range);
  }

  if (mlpClass.value === 'LLaMAMoE') {
    // LLaMAMoE: gate n_embd×n_expert without bias; n_expert LLaMAMLPs of moe_intermediate_size (else intermediate_size), every layer.
    const experts = int('n_expert');
    const topK = int('n_expert_per_token');
    const width = hit('moe_intermediate_size') ? int('moe_intermediate_size') : parts.ffn;
    if (!experts || experts.value < 1 || !topK || topK.value < 1 || !width) {
      b.problem('error', 'missing-architecture', 'LLaMAMoE needs n_expert ≥ 1, n_expert_per_token ≥ 1 and an expert width.', mlpClass.range);
    } else {
      parts.moe = b.trace(
        { experts: experts.value, topK: topK.value, expertFfn: width.value, sharedExperts: 0, denseLayers: 0 },
        fromFile ? 'stated' : 'default',
        label('n_expert'),
        experts.range ?? null,
      );
    }
  }

  const blockSize = int('block_size');
  return { parts, blockSize };
}

/** A lookup over a litgpt registry dict. */
export function litgptRegistryLookup(entry: LitgptModelEntry): HfKeyLookup {
  return (key) => (key === 'name' ? { value: entry.name, range: null } : key in entry.config ? { value: entry.config[key], range: null } : undefined);
}
