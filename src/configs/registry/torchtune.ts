// torchtune model builders (`model: {_component_: torchtune.models.llama3_1.llama3_1_8b}`) ->
// the architecture each one builds, transcribed from pytorch/torchtune@bd2a0fc
// torchtune/models/*/_model_builders.py (the keyword arguments of each builder's call to its
// component builder) and the component builders' defaults (torchtune/models/*/_component_builders.py).
// LoRA/QLoRA builders (`lora_llama3_1_8b`, `qlora_llama2_7b`) build the same base model with
// adapters; `llama3_3_70b = llama3_1_70b` and `lora_llama3_3_70b = lora_llama3_1_70b` in
// llama3_3/_model_builders.py.

/** What a component builder fixes for every model it builds. */
export interface TorchtuneFamily {
  /** Tied output projection (`TiedLinear(tok_embeddings)`) unless an entry says otherwise. */
  readonly tied: boolean;
  /** Biases on q, k and v (`q_proj_bias` … default True in qwen2()). */
  readonly qkvBias: boolean;
  /** One RMSNorm over head_dim shared by the heads, for q and for k (qwen3 q_norm/k_norm). */
  readonly qkNormPerHead: boolean;
  /** Keyword arguments of the component builder itself (`_component_: torchtune.models.llama2.llama2`). */
  readonly component: string;
  /** d-wide RMSNorms per block when not 2 (Architecture.blockNorms). */
  readonly blockNorms?: number;
  /** Why the block cannot be counted exactly with Scaling Lens's architecture, if so. */
  readonly unsupported?: string;
}

// Every family: SwiGLU-style gated MLP (gate/up/down, no bias), RMSNorm with weights (GemmaRMSNorm
// too: d weights applied as 1 + w), rotary positions, no linear biases except qwen2's q/k/v.
export const TORCHTUNE_FAMILIES: Readonly<Record<string, TorchtuneFamily>> = {
  llama2: { tied: false, qkvBias: false, qkNormPerHead: false, component: 'torchtune.models.llama2.llama2' },
  llama3: { tied: false, qkvBias: false, qkNormPerHead: false, component: 'torchtune.models.llama3.llama3' },
  llama3_1: { tied: false, qkvBias: false, qkNormPerHead: false, component: 'torchtune.models.llama3_1.llama3_1' },
  // llama3_2(tie_word_embeddings: bool = True); smollm2() calls llama3_2().
  llama3_2: { tied: true, qkvBias: false, qkNormPerHead: false, component: 'torchtune.models.llama3_2.llama3_2' },
  smollm2: { tied: true, qkvBias: false, qkNormPerHead: false, component: 'torchtune.models.smol.smollm2' },
  mistral: { tied: false, qkvBias: false, qkNormPerHead: false, component: 'torchtune.models.mistral.mistral' },
  // phi4_14b calls the phi3 component builder.
  phi3: { tied: false, qkvBias: false, qkNormPerHead: false, component: 'torchtune.models.phi3.phi3' },
  // qwen2(tie_word_embeddings=False, q_proj_bias=k_proj_bias=v_proj_bias=True).
  qwen2: { tied: false, qkvBias: true, qkNormPerHead: false, component: 'torchtune.models.qwen2.qwen2' },
  // qwen3 builders pass q/k/v_proj_bias=False, q_norm=k_norm=True (RMSNorm(head_dim)).
  qwen3: { tied: false, qkvBias: false, qkNormPerHead: true, component: 'torchtune.models.qwen3.qwen3' },
  // gemma(): output_proj = TiedLinear(tok_embeddings), GELU-tanh gated MLP.
  gemma: { tied: true, qkvBias: false, qkNormPerHead: false, component: 'torchtune.models.gemma.gemma' },
  // gemma2(): every TransformerSelfAttentionLayer has sa_norm, mlp_norm, sa_scale and mlp_scale, four
  // GemmaRMSNorm(embed_dim); one gemma_mlp per layer (pytorch/torchtune@bd2a0fc
  // torchtune/models/gemma2/_component_builders.py); softcapping adds no weights.
  gemma2: { tied: true, qkvBias: false, qkNormPerHead: false, component: 'torchtune.models.gemma2.gemma2', blockNorms: 4 },
};

export interface TorchtuneBuilder {
  /** The dotted builder path a recipe names. */
  readonly component: string;
  readonly family: string;
  readonly layers: number;
  readonly dModel: number;
  readonly heads: number;
  readonly kvHeads: number;
  /** intermediate_dim (llama2_7b leaves it to scale_hidden_dim_for_mlp(4096) = 11008). */
  readonly ffn: number;
  readonly vocab: number;
  /** max_seq_len: the longest context the builder's RoPE cache allows, not the training length. */
  readonly maxSeqLen: number;
  readonly headDim?: number;
  readonly tied?: boolean;
}

function b(
  component: string,
  family: string,
  layers: number,
  dModel: number,
  heads: number,
  kvHeads: number,
  ffn: number,
  vocab: number,
  maxSeqLen: number,
  extra: { headDim?: number; tied?: boolean } = {},
): TorchtuneBuilder {
  return { component, family, layers, dModel, heads, kvHeads, ffn, vocab, maxSeqLen, ...extra };
}

export const TORCHTUNE_BUILDERS: readonly TorchtuneBuilder[] = [
  b('torchtune.models.gemma.gemma_2b', 'gemma', 18, 2048, 8, 1, 16384, 256000, 8192, { headDim: 256 }),
  b('torchtune.models.gemma.gemma_7b', 'gemma', 28, 3072, 16, 16, 24576, 256000, 8192, { headDim: 256 }),
  b('torchtune.models.gemma2.gemma2_2b', 'gemma2', 26, 2304, 8, 4, 9216, 256000, 8192, { headDim: 256 }),
  b('torchtune.models.gemma2.gemma2_9b', 'gemma2', 42, 3584, 16, 8, 14336, 256000, 8192, { headDim: 256 }),
  b('torchtune.models.gemma2.gemma2_27b', 'gemma2', 46, 4608, 32, 16, 36864, 256000, 8192, { headDim: 128 }),
  b('torchtune.models.llama2.llama2_7b', 'llama2', 32, 4096, 32, 32, 11008, 32000, 4096),
  b('torchtune.models.llama2.llama2_13b', 'llama2', 40, 5120, 40, 40, 13824, 32000, 4096),
  b('torchtune.models.llama2.llama2_70b', 'llama2', 80, 8192, 64, 8, 28672, 32000, 4096),
  b('torchtune.models.llama3.llama3_8b', 'llama3', 32, 4096, 32, 8, 14336, 128256, 8192),
  b('torchtune.models.llama3.llama3_70b', 'llama3', 80, 8192, 64, 8, 28672, 128256, 8192),
  b('torchtune.models.llama3_1.llama3_1_8b', 'llama3_1', 32, 4096, 32, 8, 14336, 128256, 131072),
  b('torchtune.models.llama3_1.llama3_1_70b', 'llama3_1', 80, 8192, 64, 8, 28672, 128256, 131072),
  b('torchtune.models.llama3_3.llama3_3_70b', 'llama3_1', 80, 8192, 64, 8, 28672, 128256, 131072), // llama3_3_70b = llama3_1_70b
  b('torchtune.models.llama3_1.llama3_1_405b', 'llama3_1', 126, 16384, 128, 8, 53248, 128256, 131072),
  b('torchtune.models.llama3_2.llama3_2_1b', 'llama3_2', 16, 2048, 32, 8, 8192, 128256, 131072, { tied: true }),
  b('torchtune.models.llama3_2.llama3_2_3b', 'llama3_2', 28, 3072, 24, 8, 8192, 128256, 131072, { tied: true }),
  b('torchtune.models.mistral.mistral_7b', 'mistral', 32, 4096, 32, 8, 14336, 32000, 32768),
  b('torchtune.models.phi3.phi3_mini', 'phi3', 32, 3072, 32, 32, 8192, 32064, 4096),
  b('torchtune.models.phi4.phi4_14b', 'phi3', 40, 5120, 40, 10, 17920, 100352, 16384),
  b('torchtune.models.qwen2.qwen2_7b', 'qwen2', 28, 3584, 28, 4, 18944, 152064, 32768),
  b('torchtune.models.qwen2.qwen2_0_5b', 'qwen2', 24, 896, 14, 2, 4864, 151936, 32768, { tied: true }),
  b('torchtune.models.qwen2.qwen2_1_5b', 'qwen2', 28, 1536, 12, 2, 8960, 151936, 32768, { tied: true }),
  b('torchtune.models.qwen2_5.qwen2_5_0_5b', 'qwen2', 24, 896, 14, 2, 4864, 151936, 32768, { tied: true }),
  b('torchtune.models.qwen2_5.qwen2_5_1_5b_base', 'qwen2', 28, 1536, 12, 2, 8960, 151936, 131072, { tied: true }),
  b('torchtune.models.qwen2_5.qwen2_5_1_5b_instruct', 'qwen2', 28, 1536, 12, 2, 8960, 151936, 32768, { tied: true }),
  b('torchtune.models.qwen2_5.qwen2_5_3b', 'qwen2', 36, 2048, 16, 2, 11008, 151936, 32768, { tied: true }),
  b('torchtune.models.qwen2_5.qwen2_5_7b_base', 'qwen2', 28, 3584, 28, 4, 18944, 152064, 131072),
  b('torchtune.models.qwen2_5.qwen2_5_7b_instruct', 'qwen2', 28, 3584, 28, 4, 18944, 152064, 32768),
  b('torchtune.models.qwen2_5.qwen2_5_14b_base', 'qwen2', 48, 5120, 40, 8, 13824, 152064, 131072),
  b('torchtune.models.qwen2_5.qwen2_5_14b_instruct', 'qwen2', 48, 5120, 40, 8, 13824, 152064, 32768),
  b('torchtune.models.qwen2_5.qwen2_5_32b_base', 'qwen2', 64, 5120, 40, 8, 27648, 152064, 131072),
  b('torchtune.models.qwen2_5.qwen2_5_32b_instruct', 'qwen2', 64, 5120, 40, 8, 27648, 152064, 32768),
  b('torchtune.models.qwen2_5.qwen2_5_72b_base', 'qwen2', 80, 8192, 64, 8, 29568, 152064, 131072),
  b('torchtune.models.qwen2_5.qwen2_5_72b_instruct', 'qwen2', 80, 8192, 64, 8, 29568, 152064, 32768),
  b('torchtune.models.qwen3.qwen3_0_6b_base', 'qwen3', 28, 1024, 16, 8, 3072, 151936, 32768, { headDim: 128, tied: true }),
  b('torchtune.models.qwen3.qwen3_0_6b_instruct', 'qwen3', 28, 1024, 16, 8, 3072, 151936, 40960, { headDim: 128, tied: true }),
  b('torchtune.models.qwen3.qwen3_1_7b_base', 'qwen3', 28, 2048, 16, 8, 6144, 151936, 32768, { headDim: 128, tied: true }),
  b('torchtune.models.qwen3.qwen3_1_7b_instruct', 'qwen3', 28, 2048, 16, 8, 6144, 151936, 40960, { headDim: 128, tied: true }),
  b('torchtune.models.qwen3.qwen3_4b_base', 'qwen3', 36, 2560, 32, 8, 9728, 151936, 32768, { headDim: 128, tied: true }),
  b('torchtune.models.qwen3.qwen3_4b_instruct', 'qwen3', 36, 2560, 32, 8, 9728, 151936, 40960, { headDim: 128, tied: true }),
  b('torchtune.models.qwen3.qwen3_8b_base', 'qwen3', 36, 4096, 32, 8, 12288, 151936, 32768, { headDim: 128 }),
  b('torchtune.models.qwen3.qwen3_8b_instruct', 'qwen3', 36, 4096, 32, 8, 12288, 151936, 40960, { headDim: 128 }),
  b('torchtune.models.qwen3.qwen3_14b_base', 'qwen3', 40, 5120, 40, 8, 17408, 151936, 32768, { headDim: 128 }),
  b('torchtune.models.qwen3.qwen3_14b_instruct', 'qwen3', 40, 5120, 40, 8, 17408, 151936, 40960, { headDim: 128 }),
  b('torchtune.models.qwen3.qwen3_32b', 'qwen3', 64, 5120, 64, 8, 25600, 151936, 40960, { headDim: 128 }),
  b('torchtune.models.smol.smollm2_135m', 'smollm2', 30, 576, 9, 3, 1536, 49152, 8192, { tied: true }),
  b('torchtune.models.smol.smollm2_360m', 'smollm2', 32, 960, 15, 5, 2560, 49152, 8192, { tied: true }),
  b('torchtune.models.smol.smollm2_1_7b', 'smollm2', 24, 2048, 32, 32, 8192, 49152, 8192, { tied: true }),
];

/** Builders that are not a decoder Scaling Lens can count, with the reason. */
export const TORCHTUNE_UNSUPPORTED: ReadonlyArray<{ readonly pattern: RegExp; readonly why: string }> = [
  { pattern: /_reward_|_classifier$/, why: 'a reward model: its output head has num_classes rows, not the vocabulary' },
  { pattern: /\.llama3_2_vision\./, why: 'a vision-language model (a CLIP encoder and cross-attention layers on top of the decoder)' },
  { pattern: /\.llama4\./, why: 'a Llama 4 mixture-of-experts model with a vision encoder' },
  { pattern: /\.(clip|flux|t5)\./, why: 'not a decoder-only language model' },
];

const BY_COMPONENT = new Map(TORCHTUNE_BUILDERS.map((x) => [x.component, x]));

/** How a builder name is decorated: `lora_`/`qlora_` add adapters to the same base model. */
export type AdapterKind = 'none' | 'lora' | 'qlora';

/**
 * The builder behind a component path: `torchtune.models.qwen2_5.lora_qwen2_5_3b` -> the
 * qwen2_5_3b entry, adapter 'lora'. Undefined when the table does not list it.
 */
export function findTorchtuneBuilder(component: string): { builder: TorchtuneBuilder; adapter: AdapterKind } | undefined {
  const m = /^(.*\.)(q?lora_)?([A-Za-z0-9_]+)$/.exec(component.trim());
  if (!m) return undefined;
  const base = `${m[1]}${m[3]}`;
  const builder = BY_COMPONENT.get(base);
  if (!builder) return undefined;
  return { builder, adapter: m[2] === 'qlora_' ? 'qlora' : m[2] === 'lora_' ? 'lora' : 'none' };
}

/** The family whose component builder this is (`torchtune.models.llama2.llama2`), or undefined. */
export function findTorchtuneComponent(component: string): { name: string; family: TorchtuneFamily } | undefined {
  const c = component.trim().replace(/\.(q?lora_)/, '.');
  for (const [name, family] of Object.entries(TORCHTUNE_FAMILIES)) if (family.component === c) return { name, family };
  return undefined;
}
