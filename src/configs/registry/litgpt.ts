// litgpt model names (`model_name: tiny-llama-1.1b`) -> their litgpt Config keys, as
// Lightning-AI/litgpt litgpt/config.py@0006c97 lists them (docs/configs.md#litgpt; the same
// table as at 31e5fca). Only keys that change counts or the sequence length are kept; keys a
// dict leaves out take the litgpt Config defaults (LITGPT_DEFAULTS), exactly as
// `Config(**dict)` does.

export type LitgptConfigDict = Readonly<Record<string, number | string | boolean | readonly number[]>>;

export interface LitgptModelEntry {
  /** The litgpt name (`Llama-3-8B`). */
  readonly name: string;
  /** `hf_config` org/name (`meta-llama/Meta-Llama-3-8B`): `Config.from_name` accepts it too. */
  readonly hf: string;
  readonly config: LitgptConfigDict;
  /** Published exact total, where our references give one, to test the mapping against. */
  readonly publishedParams?: number;
}

/** litgpt `Config` dataclass defaults (litgpt/config.py@0006c97). */
export const LITGPT_DEFAULTS = {
  block_size: 4096,
  n_layer: 16,
  n_embd: 4096,
  vocab_size: 50254,
  padding_multiple: 512,
  norm_class_name: 'LayerNorm',
  norm_qk: false,
  norm_qk_type: 'default',
  post_attention_norm: false,
  post_mlp_norm: false,
  parallel_residual: true,
  shared_attention_norm: false,
  n_head: 32,
  attn_bias: false,
  bias: true,
  mlp_class_name: 'GptNeoxMLP',
  n_expert: 0,
  n_expert_per_token: 0,
  lm_head_bias: false,
  norm_1: true,
  norm_2: true,
} as const;

/** The modern decoder block most entries share (RMSNorm, SwiGLU, no biases, sequential residual). */
const LLAMA = { rotary_percentage: 1.0, parallel_residual: false, bias: false, norm_class_name: 'RMSNorm', mlp_class_name: 'LLaMAMLP' } as const;

const entries: LitgptModelEntry[] = [];

/** `name` and `hf` may hold `{}`, filled with each variant pair like config.py's loops. */
function add(
  name: string,
  hf: string,
  config: LitgptConfigDict,
  variants: ReadonlyArray<readonly [string, string]> = [['', '']],
  publishedParams?: number,
): void {
  for (const [n, h] of variants)
    entries.push({
      name: name.replace('{}', n),
      hf: hf.replace('{}', h),
      config,
      ...(publishedParams !== undefined && n === variants[0]![0] ? { publishedParams } : {}),
    });
}
const same = (...kinds: string[]): Array<[string, string]> => kinds.map((k) => [k, k]);
/** config.py's `sliding_window_indices` comprehensions: 1 where block i uses the window. */
const windowed = (layers: number, on: (i: number) => boolean): readonly number[] => Array.from({ length: layers }, (_, i) => (on(i) ? 1 : 0));
const everyOther = (i: number) => i % 2 === 0;
const fiveInSix = (i: number) => (i + 1) % 6 !== 0;

// Pythia: GptNeoxMLP, LayerNorm, biases, parallel residual, rotary 0.25 (all defaults).
// vocab 50254 padded to 128 -> 50304; 256 -> 50432 (6.9b); default 512 -> 50688 (12b).
const pythia: Array<[string, LitgptConfigDict, number?]> = [
  ['pythia-14m', { block_size: 512, n_layer: 6, n_embd: 128, n_head: 4, padding_multiple: 128 }, 14_067_712],
  ['pythia-31m', { block_size: 1024, n_layer: 6, n_embd: 256, n_head: 8, padding_multiple: 128 }],
  ['pythia-70m', { block_size: 2048, n_layer: 6, n_embd: 512, n_head: 8, padding_multiple: 128 }, 70_426_624],
  ['pythia-160m', { block_size: 2048, n_layer: 12, n_embd: 768, n_head: 12, padding_multiple: 128 }, 162_322_944],
  ['pythia-410m', { block_size: 2048, n_layer: 24, n_embd: 1024, n_head: 16, padding_multiple: 128 }, 405_334_016],
  ['pythia-1b', { block_size: 2048, n_embd: 2048, n_head: 8, padding_multiple: 128 }, 1_011_781_632],
  ['pythia-1.4b', { block_size: 2048, n_layer: 24, n_embd: 2048, n_head: 16, padding_multiple: 128 }, 1_414_647_808],
  ['pythia-2.8b', { block_size: 2048, n_layer: 32, n_embd: 2560, padding_multiple: 128 }, 2_775_208_960],
  ['pythia-6.9b', { block_size: 2048, n_layer: 32, padding_multiple: 256 }, 6_857_302_016],
  ['pythia-12b', { block_size: 2048, n_layer: 36, n_embd: 5120, n_head: 40 }, 11_846_072_320],
];
for (const [name, config, published] of pythia) {
  add(name, `EleutherAI/${name}`, config, [['', '']], published);
  if (name !== 'pythia-14m' && name !== 'pythia-31m') add(`${name}-deduped`, `EleutherAI/${name}-deduped`, config);
}

// StableLM-Alpha 3B: the first entry of Lightning-AI/litgpt@26857050 litgpt/config.py, every
// key a Config default (config_hub/finetune/stablelm-base-alpha-3b/*.yaml fine-tune it).
add('stablelm-base-alpha-3b', 'stabilityai/stablelm-base-alpha-3b', {});

add(
  'tiny-llama-1.1b{}',
  'TinyLlama/TinyLlama-1.1B{}',
  { ...LLAMA, block_size: 2048, vocab_size: 32000, padding_multiple: 64, n_layer: 22, n_head: 32, n_embd: 2048, intermediate_size: 5632, n_query_groups: 4 },
  [
    ['', '-intermediate-step-1431k-3T'],
    ['-chat', '-Chat-v1.0'],
  ],
  1_100_048_384,
);
add('micro-llama-300M', 'keeeeenw/MicroLlama', {
  ...LLAMA,
  block_size: 2048,
  vocab_size: 32000,
  padding_multiple: 64,
  n_layer: 12,
  n_head: 16,
  n_embd: 1024,
  intermediate_size: 5632,
  n_query_groups: 4,
});

// Llama 2 / 3 (meta-llama).
add(
  'Llama-2-7b{}-hf',
  'meta-llama/Llama-2-7b{}-hf',
  { ...LLAMA, vocab_size: 32000, padding_multiple: 64, n_layer: 32, intermediate_size: 11008 },
  same('', '-chat'),
  6_738_415_616,
);
add(
  'Llama-2-13b{}-hf',
  'meta-llama/Llama-2-13b{}-hf',
  { ...LLAMA, vocab_size: 32000, padding_multiple: 64, n_layer: 40, n_head: 40, n_embd: 5120, intermediate_size: 13824 },
  same('', '-chat'),
  13_015_864_320,
);
add(
  'Llama-2-70b{}-hf',
  'meta-llama/Llama-2-70b{}-hf',
  { ...LLAMA, vocab_size: 32000, padding_multiple: 64, n_layer: 80, n_head: 64, n_embd: 8192, n_query_groups: 8, intermediate_size: 28672 },
  same('', '-chat'),
  68_976_648_192,
);
const llama3 = { ...LLAMA, vocab_size: 128000, padded_vocab_size: 128256 } as const;
add(
  'Llama-3-8B{}',
  'meta-llama/Meta-Llama-3-8B{}',
  { ...llama3, block_size: 8192, n_layer: 32, n_head: 32, n_query_groups: 8, intermediate_size: 14336 },
  same('', '-Instruct'),
  8_030_261_248,
);
add(
  'Llama-3.1-8B{}',
  'meta-llama/Meta-Llama-3.1-8B{}',
  { ...llama3, block_size: 131072, n_layer: 32, n_head: 32, n_query_groups: 8, intermediate_size: 14336 },
  same('', '-Instruct'),
  8_030_261_248,
);
add(
  'Llama-3-70B{}',
  'meta-llama/Meta-Llama-3-70B{}',
  { ...llama3, block_size: 8192, n_layer: 80, n_head: 64, n_embd: 8192, n_query_groups: 8, intermediate_size: 28672 },
  same('', '-Instruct'),
  70_553_706_496,
);
add(
  'Llama-3.1-70B{}',
  'meta-llama/Meta-Llama-3.1-70B{}',
  { ...llama3, block_size: 131072, n_layer: 80, n_head: 64, n_embd: 8192, n_query_groups: 8, intermediate_size: 28672 },
  same('', '-Instruct'),
);
add(
  'Llama-3.1-405B{}',
  'meta-llama/Meta-Llama-3.1-405B{}',
  { ...llama3, block_size: 131072, n_layer: 126, n_head: 128, n_embd: 16384, n_query_groups: 8, intermediate_size: 53248 },
  same('', '-Instruct'),
  405_853_388_800,
);
add(
  'Llama-3.2-1B{}',
  'meta-llama/Llama-3.2-1B{}',
  { ...llama3, block_size: 131072, n_layer: 16, n_embd: 2048, n_head: 32, n_query_groups: 8, intermediate_size: 8192 },
  same('', '-Instruct'),
);
add(
  'Llama-3.2-3B{}',
  'meta-llama/Llama-3.2-3B{}',
  { ...llama3, block_size: 131072, n_layer: 28, n_embd: 3072, n_head: 24, n_query_groups: 8, intermediate_size: 8192 },
  same('', '-Instruct'),
);
add('Llama-3.3-70B-Instruct', 'meta-llama/Llama-3.3-70B-Instruct', {
  ...llama3,
  block_size: 131072,
  n_layer: 80,
  n_head: 64,
  n_embd: 8192,
  n_query_groups: 8,
  intermediate_size: 28672,
});

// Mistral AI. litgpt caps Mistral-7B-v0.1's block_size at 4096 (no sliding-window attention).
add(
  'Mistral-7B-{}v0.1',
  'mistralai/Mistral-7B-{}v0.1',
  { ...LLAMA, padded_vocab_size: 32000, block_size: 4096, n_layer: 32, n_query_groups: 8, intermediate_size: 14336 },
  same('', 'Instruct-'),
  7_241_732_096,
);
add('Mistral-7B-Instruct-v0.2', 'mistralai/Mistral-7B-Instruct-v0.2', {
  ...LLAMA,
  padded_vocab_size: 32000,
  block_size: 32768,
  n_layer: 32,
  n_query_groups: 8,
  intermediate_size: 14336,
});
add(
  'Mistral-7B-{}v0.3',
  'mistralai/Mistral-7B-{}v0.3',
  { ...LLAMA, padded_vocab_size: 32768, block_size: 32768, n_layer: 32, n_query_groups: 8, intermediate_size: 14336 },
  same('', 'Instruct-'),
);
add(
  'Mixtral-8x7B-{}v0.1',
  'mistralai/Mixtral-8x7B-{}v0.1',
  {
    ...LLAMA,
    mlp_class_name: 'LLaMAMoE',
    padded_vocab_size: 32000,
    block_size: 32768,
    n_layer: 32,
    n_query_groups: 8,
    intermediate_size: 14336,
    n_expert: 8,
    n_expert_per_token: 2,
  },
  same('', 'Instruct-'),
  46_702_792_704,
);
add(
  'Mixtral-8x22B-{}v0.1',
  'mistralai/Mixtral-8x22B-{}v0.1',
  {
    ...LLAMA,
    mlp_class_name: 'LLaMAMoE',
    padded_vocab_size: 32768,
    block_size: 65536,
    n_layer: 56,
    n_head: 48,
    n_embd: 6144,
    n_query_groups: 8,
    intermediate_size: 16384,
    n_expert: 8,
    n_expert_per_token: 2,
  },
  same('', 'Instruct-'),
);

// Qwen2.5 (q/k/v biases via attn_bias). litgpt builds an untied output head unless train.tie_embeddings is set.
const qwen25 = { ...LLAMA, attn_bias: true, vocab_size: 151643 } as const;
add(
  'Qwen2.5-0.5B{}',
  'Qwen/Qwen2.5-0.5B{}',
  { ...qwen25, padded_vocab_size: 151936, block_size: 32768, n_layer: 24, n_head: 14, n_embd: 896, n_query_groups: 2, intermediate_size: 4864 },
  same('', '-Instruct'),
);
add(
  'Qwen2.5-1.5B{}',
  'Qwen/Qwen2.5-1.5B{}',
  { ...qwen25, padded_vocab_size: 151936, block_size: 131072, n_layer: 28, n_head: 12, n_embd: 1536, n_query_groups: 2, intermediate_size: 8960 },
  same('', '-Instruct'),
);
add(
  'Qwen2.5-3B{}',
  'Qwen/Qwen2.5-3B{}',
  { ...qwen25, padded_vocab_size: 151936, block_size: 32768, n_layer: 36, n_head: 16, n_embd: 2048, n_query_groups: 2, intermediate_size: 11008 },
  same('', '-Instruct'),
);
add(
  'Qwen2.5-7B{}',
  'Qwen/Qwen2.5-7B{}',
  { ...qwen25, padded_vocab_size: 152064, block_size: 131072, n_layer: 28, n_head: 28, n_embd: 3584, n_query_groups: 4, intermediate_size: 18944 },
  same('', '-Instruct'),
  7_615_616_512,
);
add(
  'Qwen2.5-14B{}',
  'Qwen/Qwen2.5-14B{}',
  { ...qwen25, padded_vocab_size: 152064, block_size: 131072, n_layer: 48, n_head: 40, n_embd: 5120, n_query_groups: 8, intermediate_size: 13824 },
  same('', '-Instruct'),
);
add(
  'Qwen2.5-32B{}',
  'Qwen/Qwen2.5-32B{}',
  { ...qwen25, padded_vocab_size: 152064, block_size: 131072, n_layer: 64, n_head: 40, n_embd: 5120, n_query_groups: 8, intermediate_size: 27648 },
  same('', '-Instruct'),
);
add(
  'Qwen2.5-72B{}',
  'Qwen/Qwen2.5-72B{}',
  { ...qwen25, padded_vocab_size: 152064, block_size: 131072, n_layer: 80, n_head: 64, n_embd: 8192, n_query_groups: 8, intermediate_size: 29568 },
  same('', '-Instruct'),
);

// Qwen3: per-head q/k norm (norm_qk, default type), head_size 128.
const qwen3 = { ...LLAMA, norm_qk: true, head_size: 128, vocab_size: 151643, padded_vocab_size: 151936, block_size: 40960 } as const;
add('Qwen3-0.6B{}', 'Qwen/Qwen3-0.6B{}', { ...qwen3, n_layer: 28, n_head: 16, n_embd: 1024, n_query_groups: 8, intermediate_size: 3072 }, same('', '-Base'));
add('Qwen3-1.7B{}', 'Qwen/Qwen3-1.7B{}', { ...qwen3, n_layer: 28, n_head: 16, n_embd: 2048, n_query_groups: 8, intermediate_size: 6144 }, same('', '-Base'));
add('Qwen3-4B{}', 'Qwen/Qwen3-4B{}', { ...qwen3, n_layer: 36, n_head: 32, n_embd: 2560, n_query_groups: 8, intermediate_size: 9728 }, same('', '-Base'));
add('Qwen3-8B{}', 'Qwen/Qwen3-8B{}', { ...qwen3, n_layer: 36, n_head: 32, n_embd: 4096, n_query_groups: 8, intermediate_size: 12288 }, same('', '-Base'));
add('Qwen3-14B{}', 'Qwen/Qwen3-14B{}', { ...qwen3, n_layer: 40, n_head: 40, n_embd: 5120, n_query_groups: 8, intermediate_size: 17408 }, same('', '-Base'));
add('Qwen3-32B', 'Qwen/Qwen3-32B', { ...qwen3, n_layer: 64, n_head: 64, n_embd: 5120, n_query_groups: 8, intermediate_size: 25600 });
add(
  'Qwen3-30B-A3B{}',
  'Qwen/Qwen3-30B-A3B{}',
  {
    ...qwen3,
    mlp_class_name: 'LLaMAMoE',
    n_layer: 48,
    n_head: 32,
    n_embd: 2048,
    n_query_groups: 4,
    intermediate_size: 6144,
    moe_intermediate_size: 768,
    n_expert: 128,
    n_expert_per_token: 8,
  },
  same('', '-Base'),
);

// Gemma: GemmaMLP (GeGLU), RMSNorm, head_size 256.
add(
  'Gemma-2b{}',
  'google/gemma-2b{}',
  {
    ...LLAMA,
    mlp_class_name: 'GemmaMLP',
    vocab_size: 256000,
    padding_multiple: 64,
    n_embd: 2048,
    n_layer: 18,
    n_head: 8,
    n_query_groups: 1,
    intermediate_size: 16384,
  },
  same('', '-it'),
);
add(
  'Gemma-7b{}',
  'google/gemma-7b{}',
  {
    ...LLAMA,
    mlp_class_name: 'GemmaMLP',
    vocab_size: 256000,
    padding_multiple: 64,
    n_embd: 3072,
    n_layer: 28,
    n_head: 16,
    head_size: 256,
    intermediate_size: 24576,
  },
  same('', '-it'),
);

// Phi-3 mini.
add('Phi-3-mini-4k-instruct', 'microsoft/Phi-3-mini-4k-instruct', {
  ...LLAMA,
  vocab_size: 32000,
  padded_vocab_size: 32064,
  block_size: 4096,
  sliding_window_size: 2048,
  n_embd: 3072,
  n_layer: 32,
  intermediate_size: 8192,
});
add('Phi-3-mini-128k-instruct', 'microsoft/Phi-3-mini-128k-instruct', {
  ...LLAMA,
  vocab_size: 32000,
  padded_vocab_size: 32064,
  block_size: 131072,
  n_embd: 3072,
  n_layer: 32,
  intermediate_size: 8192,
});

// OLMo: the LayerNorm of names containing "OLMo" has no weights (config.py norm_class).
add('OLMo-1B-hf', 'allenai/OLMo-1B-hf', {
  ...LLAMA,
  norm_class_name: 'LayerNorm',
  vocab_size: 50280,
  padded_vocab_size: 50304,
  block_size: 2048,
  n_embd: 2048,
  n_layer: 16,
  n_head: 16,
  intermediate_size: 8192,
});
add(
  'OLMo-7B{}-hf',
  'allenai/OLMo-7B{}-hf',
  { ...LLAMA, norm_class_name: 'LayerNorm', vocab_size: 50280, padded_vocab_size: 50304, block_size: 2048, n_layer: 32, n_head: 32, intermediate_size: 11008 },
  same('', '-Instruct'),
  6_888_095_744,
);
// OLMo 2: norms after attention and MLP instead of before; q/k norms over all heads.
const olmo2 = {
  ...LLAMA,
  vocab_size: 100278,
  padded_vocab_size: 100352,
  block_size: 4096,
  norm_qk: true,
  norm_qk_type: 'olmo2',
  norm_1: false,
  norm_2: false,
  post_attention_norm: true,
  post_mlp_norm: true,
} as const;
add(
  'OLMo-2-1124-7B{}',
  'allenai/OLMo-2-1124-7B{}',
  { ...olmo2, n_embd: 4096, n_layer: 32, n_head: 32, n_query_groups: 32, intermediate_size: 11008 },
  same('', '-SFT', '-DPO', '-Instruct'),
  7_298_617_344,
);
add(
  'OLMo-2-1124-13B{}',
  'allenai/OLMo-2-1124-13B{}',
  { ...olmo2, n_embd: 5120, n_layer: 40, n_head: 40, n_query_groups: 40, intermediate_size: 13824 },
  same('', '-SFT', '-DPO', '-Instruct'),
);

// SmolLM2 (untied in litgpt unless train.tie_embeddings).
add(
  'SmolLM2-135M{}',
  'HuggingFaceTB/SmolLM2-135M{}',
  { ...LLAMA, block_size: 8192, vocab_size: 49152, padded_vocab_size: 49152, n_layer: 30, n_head: 9, n_embd: 576, n_query_groups: 3, intermediate_size: 1536 },
  same('', '-Instruct'),
);
add(
  'SmolLM2-360M{}',
  'HuggingFaceTB/SmolLM2-360M{}',
  { ...LLAMA, block_size: 8192, vocab_size: 49152, padded_vocab_size: 49152, n_layer: 32, n_head: 15, n_embd: 960, n_query_groups: 5, intermediate_size: 2560 },
  same('', '-Instruct'),
);
add(
  'SmolLM2-1.7B{}',
  'HuggingFaceTB/SmolLM2-1.7B{}',
  {
    ...LLAMA,
    block_size: 8192,
    vocab_size: 49152,
    padded_vocab_size: 49152,
    n_layer: 24,
    n_head: 32,
    n_embd: 2048,
    n_query_groups: 32,
    intermediate_size: 8192,
  },
  same('', '-Instruct'),
);

// The rest of Lightning-AI/litgpt@26857050 litgpt/config.py's names (94 of them), each count
// checked against a count of litgpt's own module construction (test/unit/litgpt-names.test.ts).
// StableLM-Alpha 7B (base, tuned) and tuned 3B: Lightning-AI/litgpt@26857050 litgpt/config.py:278-294.
add('stablelm-{}-alpha-7b', 'stabilityai/stablelm-{}-alpha-7b', { n_head: 48, n_embd: 6144, padding_multiple: 256 }, same('base', 'tuned'));
add('stablelm-tuned-alpha-3b', 'stabilityai/stablelm-tuned-alpha-3b', { n_head: 32 });

// StableLM 3B 4E1T and Zephyr 3B (LayerNorm with LLaMAMLP, sequential residual): Lightning-AI/litgpt@26857050 litgpt/config.py:296-320.
add(
  'stablelm-{}',
  'stabilityai/stablelm-{}',
  {
    parallel_residual: false,
    bias: false,
    mlp_class_name: 'LLaMAMLP',
    padded_vocab_size: 50304,
    n_layer: 32,
    n_head: 32,
    n_embd: 2560,
    intermediate_size: 6912,
  },
  same('3b-4e1t', 'zephyr-3b'),
);

// StableCode (GPT-NeoX alpha models; stable-code-3b as StableLM 3B): Lightning-AI/litgpt@26857050 litgpt/config.py:329-365.
add('stablecode-completion-alpha-3b', 'stabilityai/stablecode-completion-alpha-3b', { block_size: 16384, vocab_size: 49152, n_layer: 32, n_embd: 2560 });
add('stablecode-{}', 'stabilityai/stablecode-{}', { vocab_size: 49152, n_layer: 32, n_embd: 2560 }, same('completion-alpha-3b-4k', 'instruct-alpha-3b'));
add('stable-code-3b', 'stabilityai/stable-code-3b', {
  parallel_residual: false,
  bias: false,
  mlp_class_name: 'LLaMAMLP',
  padded_vocab_size: 50304,
  block_size: 16384,
  n_layer: 32,
  n_embd: 2560,
  intermediate_size: 6912,
});

// Falcon 40B / 180B (parallel residual, LayerNorm, GptNeoxMLP, no biases): Lightning-AI/litgpt@26857050 litgpt/config.py:502-514, 516-522, 524-542.
const falcon = { rotary_percentage: 1.0, bias: false, block_size: 2048, vocab_size: 65024, padded_vocab_size: 65024 } as const;
add('falcon-40b{}', 'tiiuae/falcon-40b{}', { ...falcon, n_layer: 60, n_head: 128, n_embd: 8192, n_query_groups: 8 }, same('', '-instruct'));
add('falcon-180B{}', 'tiiuae/falcon-180B{}', { ...falcon, n_layer: 80, n_head: 232, n_embd: 14848, n_query_groups: 8 }, same('', '-chat'));

// Falcon3: Lightning-AI/litgpt@26857050 litgpt/config.py:544-631.
const falcon3 = { ...LLAMA, vocab_size: 131072, padded_vocab_size: 131072, n_query_groups: 4 } as const;
add(
  'Falcon3-1B{}',
  'tiiuae/Falcon3-1B{}',
  { ...falcon3, block_size: 4096, n_layer: 18, n_head: 8, n_embd: 2048, intermediate_size: 8192 },
  same('-Base', '-Instruct'),
);
add(
  'Falcon3-3B{}',
  'tiiuae/Falcon3-3B{}',
  { ...falcon3, block_size: 32768, n_layer: 22, n_head: 12, n_embd: 3072, intermediate_size: 9216 },
  same('-Base', '-Instruct'),
);
add(
  'Falcon3-7B{}',
  'tiiuae/Falcon3-7B{}',
  { ...falcon3, block_size: 32768, n_layer: 28, n_head: 12, n_embd: 3072, intermediate_size: 23040 },
  same('-Base', '-Instruct'),
);
add(
  'Falcon3-10B{}',
  'tiiuae/Falcon3-10B{}',
  { ...falcon3, block_size: 32768, n_layer: 40, n_head: 12, n_embd: 3072, intermediate_size: 23040 },
  same('-Base', '-Instruct'),
);

// OpenLLaMA: Lightning-AI/litgpt@26857050 litgpt/config.py:637-690.
const openLlama = { ...LLAMA, block_size: 2048, vocab_size: 32000, padding_multiple: 64 } as const;
add('open_llama_3b', 'openlm-research/open_llama_3b', { ...openLlama, n_layer: 26, n_embd: 3200, intermediate_size: 8640 });
add('open_llama_7b', 'openlm-research/open_llama_7b', { ...openLlama, n_layer: 32, intermediate_size: 11008 });
add('open_llama_13b', 'openlm-research/open_llama_13b', { ...openLlama, n_layer: 40, n_head: 40, n_embd: 5120, intermediate_size: 13824 });

// NVIDIA Llama-3.1-Nemotron (Llama 3.1 70B layout): Lightning-AI/litgpt@26857050 litgpt/config.py:926-946.
add('Llama-3.1-Nemotron-70B-Instruct-HF', 'nvidia/Llama-3.1-Nemotron-70B-Instruct-HF', {
  ...llama3,
  block_size: 131072,
  n_layer: 80,
  n_head: 64,
  n_embd: 8192,
  n_query_groups: 8,
  intermediate_size: 28672,
});

// CodeGemma (Gemma-7b layout): Lightning-AI/litgpt@26857050 litgpt/config.py:1341-1362.
add('CodeGemma-7b-it', 'google/codegemma-7b-it', {
  ...LLAMA,
  mlp_class_name: 'GemmaMLP',
  vocab_size: 256000,
  padding_multiple: 64,
  n_embd: 3072,
  n_layer: 28,
  n_head: 16,
  head_size: 256,
  intermediate_size: 24576,
});

// FreeWilly2 (Llama 2 70B layout): Lightning-AI/litgpt@26857050 litgpt/config.py:1368-1387.
add('FreeWilly2', 'stabilityai/FreeWilly2', {
  ...LLAMA,
  vocab_size: 32000,
  padding_multiple: 64,
  n_layer: 80,
  n_head: 64,
  n_embd: 8192,
  n_query_groups: 8,
  intermediate_size: 28672,
});

// Code Llama (vocab 32016 padded to 16, or padded_vocab_size 32000; 13b-Instruct has block_size 2048): Lightning-AI/litgpt@26857050 litgpt/config.py:1393-1625.
const codeLlama = { ...LLAMA, block_size: 16384, vocab_size: 32016, padding_multiple: 16 } as const;
const codeLlama32k = { ...LLAMA, block_size: 16384, vocab_size: 32000, padded_vocab_size: 32000 } as const;
add('CodeLlama-7b{}-hf', 'codellama/CodeLlama-7b{}-hf', { ...codeLlama, n_layer: 32, intermediate_size: 11008 }, same('', '-Instruct'));
add('CodeLlama-7b-Python-hf', 'codellama/CodeLlama-7b-Python-hf', { ...codeLlama32k, n_layer: 32, intermediate_size: 11008 });
add('CodeLlama-13b-hf', 'codellama/CodeLlama-13b-hf', { ...codeLlama, n_layer: 40, n_head: 40, n_embd: 5120, intermediate_size: 13824 });
add('CodeLlama-13b-Instruct-hf', 'codellama/CodeLlama-13b-Instruct-hf', {
  ...codeLlama,
  block_size: 2048,
  n_layer: 40,
  n_head: 40,
  n_embd: 5120,
  intermediate_size: 13824,
});
add('CodeLlama-13b-Python-hf', 'codellama/CodeLlama-13b-Python-hf', { ...codeLlama32k, n_layer: 40, n_head: 40, n_embd: 5120, intermediate_size: 13824 });
add(
  'CodeLlama-34b{}-hf',
  'codellama/CodeLlama-34b{}-hf',
  { ...codeLlama32k, n_layer: 48, n_head: 64, n_embd: 8192, n_query_groups: 8, intermediate_size: 22016 },
  same('', '-Python', '-Instruct'),
);
add(
  'CodeLlama-70b{}-hf',
  'codellama/CodeLlama-70b{}-hf',
  { ...codeLlama, n_layer: 80, n_head: 64, n_embd: 8192, n_query_groups: 8, intermediate_size: 28672 },
  same('', '-Python'),
);
add('CodeLlama-70b-Instruct-hf', 'codellama/CodeLlama-70b-Instruct-hf', {
  ...codeLlama,
  vocab_size: 32015,
  n_layer: 80,
  n_head: 64,
  n_embd: 8192,
  n_query_groups: 8,
  intermediate_size: 28672,
});

// Platypus (litgpt gives Platypus2-70B no n_query_groups, i.e. 64 kv heads): Lightning-AI/litgpt@26857050 litgpt/config.py:1631-1757.
add('Platypus-30B', 'garage-bAInd/Platypus-30B', {
  ...LLAMA,
  block_size: 2048,
  padded_vocab_size: 32000,
  n_layer: 60,
  n_head: 52,
  n_embd: 6656,
  intermediate_size: 17920,
});
add('Platypus2-7B', 'garage-bAInd/Platypus2-7B', { ...LLAMA, padded_vocab_size: 32000, n_layer: 32, intermediate_size: 11008 });
add(
  '{}Platypus2-13B',
  'garage-bAInd/{}Platypus2-13B',
  { ...LLAMA, padded_vocab_size: 32000, n_layer: 40, n_head: 40, n_embd: 5120, intermediate_size: 13824 },
  same('', 'Camel-', 'Stable-'),
);
// litgpt gives Platypus2-70B no n_query_groups (64 KV heads, 78.4B as litgpt builds it; the Hub
// model has 8, as Camel-Platypus2-70B below): counted as litgpt builds it.
add('Platypus2-70B', 'garage-bAInd/Platypus2-70B', { ...LLAMA, padded_vocab_size: 32000, n_layer: 80, n_head: 64, n_embd: 8192, intermediate_size: 28672 });
add(
  '{}',
  'garage-bAInd/{}',
  { ...LLAMA, padded_vocab_size: 32000, n_layer: 80, n_head: 64, n_embd: 8192, n_query_groups: 8, intermediate_size: 28672 },
  same('Camel-Platypus2-70B', 'Platypus2-70B-instruct'),
);

// togethercomputer LLaMA-2-7B-32K (Llama 2 7B layout; rope_condense_ratio does not change counts): Lightning-AI/litgpt@26857050 litgpt/config.py:1763-1780.
add('LLaMA-2-7B-32K', 'togethercomputer/LLaMA-2-7B-32K', { ...LLAMA, vocab_size: 32000, padding_multiple: 64, n_layer: 32, intermediate_size: 11008 });

// Phi-3.5 and Phi-4: Lightning-AI/litgpt@26857050 litgpt/config.py:1850-1959.
add('Phi-3.5-mini-instruct', 'microsoft/Phi-3.5-mini-instruct', {
  ...LLAMA,
  vocab_size: 32000,
  padded_vocab_size: 32064,
  block_size: 4096,
  n_embd: 3072,
  n_layer: 32,
  intermediate_size: 8192,
});
const phi4 = {
  ...LLAMA,
  vocab_size: 100352,
  padded_vocab_size: 100352,
  n_embd: 5120,
  n_layer: 40,
  n_head: 40,
  n_query_groups: 10,
  intermediate_size: 17920,
} as const;
add('phi-4', 'microsoft/phi-4', { ...phi4, block_size: 16384 });
add('Phi-4-reasoning{}', 'microsoft/Phi-4-reasoning{}', { ...phi4, block_size: 32768 }, same('', '-plus'));
add(
  'Phi-4-mini-{}',
  'microsoft/Phi-4-mini-{}',
  {
    ...LLAMA,
    rotary_percentage: 0.75,
    vocab_size: 200019,
    padded_vocab_size: 200064,
    block_size: 131072,
    n_embd: 3072,
    n_layer: 32,
    n_head: 24,
    n_query_groups: 8,
    intermediate_size: 8192,
  },
  same('instruct', 'reasoning'),
);

// Mathstral, Mistral-7B-v0.2 (unsloth base), Mistral Large: Lightning-AI/litgpt@26857050 litgpt/config.py:1968-1987, 2054-2072, 2130-2171.
add('Mathstral-7B-v0.1', 'mistralai/mathstral-7B-v0.1', {
  ...LLAMA,
  padded_vocab_size: 32768,
  block_size: 32768,
  sliding_window_size: 4096,
  n_layer: 32,
  n_query_groups: 8,
  intermediate_size: 14336,
});
add('Mistral-7B-v0.2', 'unsloth/Mistral-7B-v0.2', {
  ...LLAMA,
  padded_vocab_size: 32000,
  block_size: 32768,
  n_layer: 32,
  n_query_groups: 8,
  intermediate_size: 14336,
});
add(
  'Mistral-Large-Instruct-{}',
  'mistralai/Mistral-Large-Instruct-{}',
  { ...LLAMA, padded_vocab_size: 32768, block_size: 32768, n_layer: 88, n_head: 96, n_embd: 12288, n_query_groups: 8, intermediate_size: 28672 },
  same('2407', '2411'),
);

// Trelis function calling (Llama 2 7B layout): Lightning-AI/litgpt@26857050 litgpt/config.py:2234-2256.
add('Llama-2-7b-chat-hf-function-calling-v2', 'Trelis/Llama-2-7b-chat-hf-function-calling-v2', {
  ...LLAMA,
  block_size: 4096,
  vocab_size: 32000,
  padding_multiple: 64,
  n_layer: 32,
  n_head: 32,
  n_embd: 4096,
  intermediate_size: 11008,
});

// Qwen2.5-Coder (block_size 32768 throughout): Lightning-AI/litgpt@26857050 litgpt/config.py:2411-2540, 2610-2615.
add(
  'Qwen2.5-Coder-0.5B{}',
  'Qwen/Qwen2.5-Coder-0.5B{}',
  { ...qwen25, padded_vocab_size: 151936, block_size: 32768, n_layer: 24, n_head: 14, n_embd: 896, n_query_groups: 2, intermediate_size: 4864 },
  same('', '-Instruct'),
);
add(
  'Qwen2.5-Coder-1.5B{}',
  'Qwen/Qwen2.5-Coder-1.5B{}',
  { ...qwen25, padded_vocab_size: 151936, block_size: 32768, n_layer: 28, n_head: 12, n_embd: 1536, n_query_groups: 2, intermediate_size: 8960 },
  same('', '-Instruct'),
);
add(
  'Qwen2.5-Coder-3B{}',
  'Qwen/Qwen2.5-Coder-3B{}',
  { ...qwen25, padded_vocab_size: 151936, block_size: 32768, n_layer: 36, n_head: 16, n_embd: 2048, n_query_groups: 2, intermediate_size: 11008 },
  same('', '-Instruct'),
);
add(
  'Qwen2.5-Coder-7B{}',
  'Qwen/Qwen2.5-Coder-7B{}',
  { ...qwen25, padded_vocab_size: 152064, block_size: 32768, n_layer: 28, n_head: 28, n_embd: 3584, n_query_groups: 4, intermediate_size: 18944 },
  same('', '-Instruct'),
);
add(
  'Qwen2.5-Coder-14B{}',
  'Qwen/Qwen2.5-Coder-14B{}',
  { ...qwen25, padded_vocab_size: 152064, block_size: 32768, n_layer: 48, n_head: 40, n_embd: 5120, n_query_groups: 8, intermediate_size: 13824 },
  same('', '-Instruct'),
);
add(
  'Qwen2.5-Coder-32B{}',
  'Qwen/Qwen2.5-Coder-32B{}',
  { ...qwen25, padded_vocab_size: 152064, block_size: 32768, n_layer: 64, n_head: 40, n_embd: 5120, n_query_groups: 8, intermediate_size: 27648 },
  same('', '-Instruct'),
);

// Qwen2.5-Math (block_size 4096): Lightning-AI/litgpt@26857050 litgpt/config.py:2542-2608, 2610-2615.
add(
  'Qwen2.5-Math-1.5B{}',
  'Qwen/Qwen2.5-Math-1.5B{}',
  { ...qwen25, padded_vocab_size: 151936, block_size: 4096, n_layer: 28, n_head: 12, n_embd: 1536, n_query_groups: 2, intermediate_size: 8960 },
  same('', '-Instruct'),
);
add(
  'Qwen2.5-Math-7B{}',
  'Qwen/Qwen2.5-Math-7B{}',
  { ...qwen25, padded_vocab_size: 152064, block_size: 4096, n_layer: 28, n_head: 28, n_embd: 3584, n_query_groups: 4, intermediate_size: 18944 },
  same('', '-Instruct'),
);
add(
  'Qwen2.5-Math-72B{}',
  'Qwen/Qwen2.5-Math-72B{}',
  { ...qwen25, padded_vocab_size: 152064, block_size: 4096, n_layer: 80, n_head: 64, n_embd: 8192, n_query_groups: 8, intermediate_size: 29568 },
  same('', '-Instruct'),
);

// Qwen2.5 1M-context instruct models (block_size 1010000): Lightning-AI/litgpt@26857050 litgpt/config.py:2617-2662.
add('Qwen2.5-7B-Instruct-1M', 'Qwen/Qwen2.5-7B-Instruct-1M', {
  ...qwen25,
  padded_vocab_size: 152064,
  block_size: 1010000,
  n_layer: 28,
  n_head: 28,
  n_embd: 3584,
  n_query_groups: 4,
  intermediate_size: 18944,
});
add('Qwen2.5-14B-Instruct-1M', 'Qwen/Qwen2.5-14B-Instruct-1M', {
  ...qwen25,
  padded_vocab_size: 152064,
  block_size: 1010000,
  n_layer: 48,
  n_head: 40,
  n_embd: 5120,
  n_query_groups: 8,
  intermediate_size: 13824,
});

// QwQ (Qwen2.5-32B layout): Lightning-AI/litgpt@26857050 litgpt/config.py:2667-2712.
const qwq = { ...qwen25, padded_vocab_size: 152064, n_layer: 64, n_head: 40, n_embd: 5120, n_query_groups: 8, intermediate_size: 27648 } as const;
add('QwQ-32B', 'Qwen/QwQ-32B', { ...qwq, block_size: 131072 });
add('QwQ-32B-Preview', 'Qwen/QwQ-32B-Preview', { ...qwq, block_size: 32768 });

// Qwen3-235B-A22B and the 2507 Thinking/Instruct releases (block_size 262144): Lightning-AI/litgpt@26857050 litgpt/config.py:2910-2933, 2937-3017.
const qwen3Moe = { ...qwen3, mlp_class_name: 'LLaMAMoE', n_expert: 128, n_expert_per_token: 8 } as const;
const qwen3A22b = { ...qwen3Moe, n_layer: 94, n_head: 64, n_embd: 4096, n_query_groups: 4, intermediate_size: 12288, moe_intermediate_size: 1536 } as const;
add('Qwen3-235B-A22B', 'Qwen/Qwen3-235B-A22B', qwen3A22b);
add('Qwen3-235B-A22B-{}-2507', 'Qwen/Qwen3-235B-A22B-{}-2507', { ...qwen3A22b, block_size: 262144 }, same('Thinking', 'Instruct'));
add(
  'Qwen3-30B-A3B-{}-2507',
  'Qwen/Qwen3-30B-A3B-{}-2507',
  { ...qwen3Moe, block_size: 262144, n_layer: 48, n_head: 32, n_embd: 2048, n_query_groups: 4, intermediate_size: 6144, moe_intermediate_size: 768 },
  same('Thinking', 'Instruct'),
);
add(
  'Qwen3-4B-{}-2507',
  'Qwen/Qwen3-4B-{}-2507',
  { ...qwen3, block_size: 262144, n_layer: 36, n_head: 32, n_embd: 2560, n_query_groups: 8, intermediate_size: 9728 },
  same('Thinking', 'Instruct'),
);

// Salamandra (BSC-LT): Lightning-AI/litgpt@26857050 litgpt/config.py:3022-3070.
const salamandra = { ...LLAMA, block_size: 8192, vocab_size: 256000, padded_vocab_size: 256000 } as const;
add(
  'salamandra-2b{}',
  'BSC-LT/salamandra-2b{}',
  { ...salamandra, n_layer: 24, n_head: 16, n_embd: 2048, n_query_groups: 16, intermediate_size: 5440 },
  same('', '-instruct'),
);
add(
  'salamandra-7b{}',
  'BSC-LT/salamandra-7b{}',
  { ...salamandra, n_layer: 32, n_head: 32, n_embd: 4096, n_query_groups: 8, intermediate_size: 11008 },
  same('', '-instruct'),
);

// DeepSeek R1 Distill Llama (Llama 3.1 8B / 70B layouts): Lightning-AI/litgpt@26857050 litgpt/config.py:3150-3192.
add('R1-Distill-Llama-8B', 'deepseek-ai/DeepSeek-R1-Distill-Llama-8B', {
  ...llama3,
  block_size: 131072,
  n_layer: 32,
  n_head: 32,
  n_query_groups: 8,
  intermediate_size: 14336,
});
add('R1-Distill-Llama-70B', 'deepseek-ai/DeepSeek-R1-Distill-Llama-70B', {
  ...llama3,
  block_size: 131072,
  n_layer: 80,
  n_head: 64,
  n_embd: 8192,
  n_query_groups: 8,
  intermediate_size: 28672,
});

// Falcon 7B and phi (one norm per block, shared_attention_norm; phi's biased head), Gemma 2 and 3
// (four norms per block; Gemma 3's per-head q/k norms).
// Falcon 7B: shared_attention_norm (1 norm per block): Lightning-AI/litgpt@26857050 litgpt/config.py:486-500, 516-522.
add(
  'falcon-7b{}',
  'tiiuae/falcon-7b{}',
  { ...falcon, n_layer: 32, n_head: 71, n_embd: 4544, n_query_groups: 1, shared_attention_norm: true },
  same('', '-instruct'),
);

// Phi 1.5 / Phi 2: shared_attention_norm (1 norm per block) and lm_head_bias: Lightning-AI/litgpt@26857050 litgpt/config.py:1786-1814.
add('phi-1_5', 'microsoft/phi-1_5', {
  rotary_percentage: 0.5,
  vocab_size: 50257,
  padded_vocab_size: 51200,
  block_size: 2048,
  n_embd: 2048,
  n_layer: 24,
  shared_attention_norm: true,
  lm_head_bias: true,
});
add('phi-2', 'microsoft/phi-2', {
  rotary_percentage: 0.4,
  vocab_size: 50257,
  padded_vocab_size: 51200,
  block_size: 2048,
  n_embd: 2560,
  n_layer: 32,
  shared_attention_norm: true,
  lm_head_bias: true,
});

// Gemma 2: norm_1 + norm_2 + post_attention_norm + post_mlp_norm (4 norms per block), a 4096-token
// window on every other block: Lightning-AI/litgpt@26857050 litgpt/config.py:1110-1194, 1197-1201.
const gemma2 = {
  ...LLAMA,
  mlp_class_name: 'GemmaMLP',
  vocab_size: 256000,
  block_size: 8192,
  post_attention_norm: true,
  post_mlp_norm: true,
  sliding_window_size: 4096,
} as const;
add(
  'Gemma-2-2b{}',
  'google/gemma-2-2b{}',
  {
    ...gemma2,
    n_embd: 2304,
    n_layer: 26,
    n_head: 8,
    n_query_groups: 4,
    head_size: 256,
    intermediate_size: 9216,
    sliding_window_indices: windowed(26, everyOther),
  },
  same('', '-it'),
);
add(
  'Gemma-2-9b{}',
  'google/gemma-2-9b{}',
  {
    ...gemma2,
    n_embd: 3584,
    n_layer: 42,
    n_head: 16,
    n_query_groups: 8,
    head_size: 256,
    intermediate_size: 14336,
    sliding_window_indices: windowed(42, everyOther),
  },
  same('', '-it'),
);
add(
  'Gemma-2-27b{}',
  'google/gemma-2-27b{}',
  {
    ...gemma2,
    n_embd: 4608,
    n_layer: 46,
    n_head: 32,
    n_query_groups: 16,
    head_size: 128,
    intermediate_size: 36864,
    sliding_window_indices: windowed(46, everyOther),
  },
  same('', '-it'),
);

// Gemma 3: 4 norms per block, plus per-head q/k norms; a sliding window on five blocks in six:
// Lightning-AI/litgpt@26857050 litgpt/config.py:1206-1336.
const gemma3 = {
  ...LLAMA,
  mlp_class_name: 'GemmaMLP',
  vocab_size: 262144,
  block_size: 131072,
  post_attention_norm: true,
  post_mlp_norm: true,
  norm_qk: true,
} as const;
add('Gemma-3-1b-it', 'google/gemma-3-1b-it', {
  ...gemma3,
  n_embd: 1152,
  n_layer: 26,
  n_head: 4,
  n_query_groups: 1,
  head_size: 256,
  intermediate_size: 6912,
  sliding_window_size: 512,
  sliding_window_indices: windowed(26, fiveInSix),
});
add('Gemma-3-4b-it', 'google/gemma-3-4b-it', {
  ...gemma3,
  n_embd: 2560,
  n_layer: 34,
  n_head: 8,
  n_query_groups: 4,
  head_size: 256,
  intermediate_size: 10240,
  sliding_window_size: 1024,
  sliding_window_indices: windowed(34, fiveInSix),
});
add('Gemma-3-12b-it', 'google/gemma-3-12b-it', {
  ...gemma3,
  n_embd: 3840,
  n_layer: 48,
  n_head: 16,
  n_query_groups: 8,
  head_size: 256,
  intermediate_size: 15360,
  sliding_window_size: 1024,
  sliding_window_indices: windowed(48, fiveInSix),
});
add('Gemma-3-27b-it', 'google/gemma-3-27b-it', {
  ...gemma3,
  n_embd: 5376,
  n_layer: 62,
  n_head: 32,
  n_query_groups: 16,
  head_size: 128,
  intermediate_size: 21504,
  sliding_window_size: 1024,
  sliding_window_indices: windowed(62, fiveInSix),
});

export const LITGPT_MODELS: readonly LitgptModelEntry[] = entries;

/**
 * As `Config.from_name`: the litgpt name, else the `hf_config` name or org/name. Also accepts
 * a checkpoint directory (`checkpoints/meta-llama/Llama-2-7b-hf`), matched by its org/name or
 * its last part as `Config.from_checkpoint` does. Case-insensitive.
 */
export function findLitgptModel(name: string): LitgptModelEntry | undefined {
  const key = name
    .trim()
    .replace(/\/+$/, '')
    .replace(/^(\.\/)?checkpoints\//, '')
    .toLowerCase();
  const last = key.slice(key.lastIndexOf('/') + 1);
  const eq = (a: string, b: string) => a.toLowerCase() === b;
  return (
    LITGPT_MODELS.find((m) => eq(m.name, key) || eq(m.hf, key)) ?? LITGPT_MODELS.find((m) => eq(m.name, last) || eq(m.hf.slice(m.hf.indexOf('/') + 1), last))
  );
}
