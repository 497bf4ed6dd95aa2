// OLMo-core model factories (`TransformerConfig.olmo2_7B(vocab_size=...)`) and tokenizers.
//
// Source: allenai/OLMo-core@fa6c501 src/olmo_core/nn/transformer/config.py. Every factory here
// ends in `llama_like`: RMSNorm (no bias), SwiGLU FeedForward of width
// ensure_multiple_of(int(multiplier · int(8·d_model/3)), multiple_of) (multiple_of 256 unless
// given), RoPE, no biases, untied LM head with its own norm. `qk_norm=True` puts a norm over
// the whole q and k projections (OLMo 2/3). OLMo 3 factories are OLMo 2 plus sliding-window
// attention, which changes no parameter, only the attention FLOPs. The ladder factories
// olmo2_14M…760M and olmo3_14M…760M (OLMo-3-190M.py and the smoke tests train olmo3_190M) have
// the same shape. Not listed: llama3_70B (d_model 8196 in that file, not divisible by its 64
// heads), olmo2_1M/olmo3_1M (head_dim 4 × 4 heads ≠ d_model 12), MoE and hybrid factories.
// Tokenizers: src/olmo_core/data/tokenizer.py (`TokenizerConfig.dolma2()` etc.), whose
// `padded_vocab_size()` rounds up to a multiple of 128.

export interface OlmoCoreFactory {
  readonly dModel: number;
  readonly layers: number;
  readonly heads: number;
  /** Undefined: = heads. */
  readonly kvHeads?: number;
  readonly multiplier?: number;
  /** Undefined: 256. */
  readonly multipleOf?: number;
  readonly qkNorm: boolean;
  /**
   * OLMo 3's SlidingWindowAttentionConfig: `pattern` per layer cyclically (a window in tokens,
   * -1 full attention), the last layer forced full. Attention FLOPs only.
   */
  readonly slidingWindow?: { readonly pattern: readonly number[]; readonly lastFull: boolean };
  /** Published exact total with the dolma2 tokenizer padded to 100,352, to test against. */
  readonly publishedParams?: number;
}

const olmo2 = (f: Omit<OlmoCoreFactory, 'qkNorm'>): OlmoCoreFactory => ({ ...f, qkNorm: true });
const llama = (f: Omit<OlmoCoreFactory, 'qkNorm'>): OlmoCoreFactory => ({ ...f, qkNorm: false });

const OLMO2_32B = olmo2({ dModel: 5120, layers: 64, heads: 40, kvHeads: 8, multipleOf: 512, multiplier: 27648 / ((8 * 5120) / 3) });
const OLMO2_1B_V2 = olmo2({ dModel: 2048, layers: 16, heads: 16, multiplier: 1.5 });
const OLMO2_3B = olmo2({ dModel: 3328, layers: 16, heads: 16, multiplier: 1.5 });
/** OLMo 3 = the OLMo 2 shape plus windows of 4096 on three layers in four, the last layer full (config.py olmo3_1B … olmo3_32B). */
const olmo3 = (f: OlmoCoreFactory): OlmoCoreFactory => ({ ...f, slidingWindow: { pattern: [4096, 4096, 4096, -1], lastFull: true } });

/** The OLMo 2 ladder (config.py olmo2_14M … olmo2_760M): hidden_size_multiplier 1.5 from 60M up. */
const LADDER: Readonly<Record<string, OlmoCoreFactory>> = {
  '14M': olmo2({ dModel: 128, layers: 4, heads: 8 }),
  '30M': olmo2({ dModel: 256, layers: 4, heads: 8 }),
  '60M': olmo2({ dModel: 384, layers: 8, heads: 8, multiplier: 1.5 }),
  '100M': olmo2({ dModel: 512, layers: 12, heads: 8, multiplier: 1.5 }),
  '190M': olmo2({ dModel: 768, layers: 12, heads: 12, multiplier: 1.5 }),
  '370M': olmo2({ dModel: 1024, layers: 16, heads: 16, multiplier: 1.5 }),
  '600M': olmo2({ dModel: 1344, layers: 16, heads: 16, multiplier: 1.5 }),
  '760M': olmo2({ dModel: 1536, layers: 16, heads: 16, multiplier: 1.5 }),
};
const ladder = (family: 'olmo2' | 'olmo3'): Record<string, OlmoCoreFactory> =>
  Object.fromEntries(
    Object.entries(LADDER).map(([size, f]) => [
      `${family}_${size}`,
      // olmo3_600M passes d_model 1280 to olmo2_600M.
      family === 'olmo2' ? f : olmo3(size === '600M' ? { ...f, dModel: 1280 } : f),
    ]),
  );

export const OLMO_CORE_FACTORIES: Readonly<Record<string, OlmoCoreFactory>> = {
  ...ladder('olmo2'),
  ...ladder('olmo3'),
  olmo2_1B: olmo2({ dModel: 2048, layers: 18, heads: 16, multiplier: 1.5 }),
  olmo2_1B_v2: OLMO2_1B_V2,
  olmo2_3B: OLMO2_3B,
  olmo2_7B: olmo2({ dModel: 4096, layers: 32, heads: 32, publishedParams: 7_298_617_344 }),
  olmo2_13B: olmo2({ dModel: 5120, layers: 40, heads: 40 }),
  olmo2_32B: OLMO2_32B,
  olmo3_1B: olmo3(OLMO2_1B_V2),
  olmo3_3B: olmo3(OLMO2_3B),
  olmo3_7B: olmo3(olmo2({ dModel: 4096, layers: 32, heads: 32 })),
  olmo3_13B: olmo3(olmo2({ dModel: 5120, layers: 40, heads: 40 })),
  olmo3_32B: olmo3(OLMO2_32B),
  llama2_271M: llama({ dModel: 1024, layers: 16, heads: 8 }),
  llama2_1B: llama({ dModel: 2048, layers: 18, heads: 16 }),
  llama2_7B: llama({ dModel: 4096, layers: 32, heads: 32 }),
  llama2_13B: llama({ dModel: 5120, layers: 40, heads: 40 }),
  llama2_26B: llama({ dModel: 5120, layers: 80, heads: 40 }),
  llama2_70B: llama({ dModel: 8192, layers: 80, heads: 64, kvHeads: 8, multiplier: 1.3, multipleOf: 4096 }),
  llama3_1B: llama({ dModel: 2048, layers: 16, heads: 32, kvHeads: 8, multiplier: 1.5 }),
  llama3_8B: llama({ dModel: 4096, layers: 32, heads: 32, kvHeads: 8, multiplier: 1.3, multipleOf: 1024 }),
  llama3_405B: llama({ dModel: 16384, layers: 126, heads: 128, kvHeads: 8, multiplier: 1.2, multipleOf: 4096 }),
};

/** `TokenizerConfig.<name>()` → vocab_size (before padding). */
export const OLMO_CORE_TOKENIZERS: Readonly<Record<string, number>> = {
  dolma2: 100278,
  dolma2_sigdig: 100278,
  gpt_neox_olmo_dolma_v1_5: 50280,
  gpt2: 50257,
};

/** build_config's default tokenizer (olmo_core/internal/experiment.py). */
export const OLMO_CORE_DEFAULT_TOKENIZER = 'dolma2';

/** TokenizerConfig.padded_vocab_size(pad_multiple=128). */
export function paddedVocab(vocab: number, padMultiple = 128): number {
  return padMultiple * Math.ceil(vocab / padMultiple);
}

/** llama_like's FFN width: ensure_multiple_of(int(multiplier · int(8·d/3)), multiple_of). Python float arithmetic, truncated like int(). */
export function olmoCoreFfn(dModel: number, multiplier: number | undefined, multipleOf = 256): number {
  let hidden = Math.trunc((8 * dModel) / 3);
  if (multiplier !== undefined) hidden = Math.trunc(multiplier * hidden);
  return multipleOf * Math.ceil(hidden / multipleOf);
}
