// Published whole training runs with their GPU-hours: the throughput model's judgment set. The
// model was never fitted on them (its constants come from the calibration measurements); only
// the cluster-efficiency factor of clusterEfficiency.ts applies to them, stated. Each row names
// its sources: paper + table for the hours, and the config or paper section for the layout.
// Layout values a source does not give are left out, so the model's defaults apply and are
// listed as assumptions, as they would be for a user's config.

import type { Architecture } from '../architecture';
import type { Precision } from '../plan';
import type { CheckpointingMode, ShardingKind } from '../runSetup';

export interface PublishedRun {
  readonly id: string;
  readonly name: string;
  /** Accelerator catalog id. */
  readonly gpu: string;
  readonly gpuCount: number;
  /** False when the source gives no GPU count for this model (the family's cluster size is used). */
  readonly gpuCountStated: boolean;
  readonly tokens: number;
  readonly gpuHours: number;
  readonly hoursSource: string;
  readonly arch: Architecture;
  readonly batchTokens: number;
  readonly layout: {
    readonly tp?: number;
    readonly pp?: number;
    readonly microBatch?: number;
    readonly sharding?: ShardingKind;
    readonly checkpointing?: CheckpointingMode;
    readonly compile?: boolean;
    readonly flashAttention?: boolean;
  };
  readonly precision: Precision;
  readonly layoutSource: string;
}

const llama = (layers: number, d: number, heads: number, kvHeads: number, ffn: number, seqLen: number): Architecture => ({
  layers, dModel: d, heads, kvHeads, headDim: d / heads, ffn, mlp: 'glu', vocab: 32000, seqLen, positions: 'rotary', norm: 'rmsnorm', linearBias: false, tiedEmbeddings: false,
});
// GPT-NeoX blocks as Pythia trains them: parallel attention and MLP, biases, LayerNorm, rotary, untied, vocab 50304.
const pythia = (layers: number, d: number, heads: number): Architecture => ({
  layers, dModel: d, heads, kvHeads: heads, headDim: d / heads, ffn: 4 * d, mlp: 'mlp', vocab: 50304, seqLen: 2048, positions: 'rotary', norm: 'layernorm', linearBias: true, tiedEmbeddings: false,
});
// GPT-2 as nanoGPT and llm.c train it: vocabulary padded to 50304, learned positions, tied head.
const gpt2 = (layers: number, d: number, heads: number): Architecture => ({
  layers, dModel: d, heads, kvHeads: heads, headDim: d / heads, ffn: 4 * d, mlp: 'mlp', vocab: 50304, seqLen: 1024, positions: 'learned', norm: 'layernorm', linearBias: true, tiedEmbeddings: true,
});

const LLAMA1_HOURS = 'Touvron et al. 2023, LLaMA (arXiv 2302.13971), Table 15';
const LLAMA1_LAYOUT = 'LLaMA §2.4: 2048 A100-80GB for the 65B model (the cluster size is used for the others), 4M-token batches (Table 2), selective recompute (linear-layer outputs saved), xformers causal attention';
const LLAMA2_HOURS = 'Touvron et al. 2023, Llama 2 (arXiv 2307.09288), Table 2 (= meta-llama/llama MODEL_CARD.md)';
const LLAMA2_LAYOUT = 'Llama 2 §2.2: 4,096 context, 4M-token batches, GQA for 34B/70B; GPU count and parallel layout not published (2048 assumed, as LLaMA-65B)';
const PYTHIA_HOURS = 'Biderman et al. 2023, Pythia (arXiv 2304.01373), Table 5 (GPU count and A100-40GB hours)';
const pythiaLayout = (file: string) => `EleutherAI/pythia models/${file}: ZeRO-1, FP16, activation checkpointing, micro-batch and model-parallel size; Flash Attention per the Pythia paper §2.2`;
const PYTHIA_TOKENS = 299_892_736_000;

export const PUBLISHED_RUNS: readonly PublishedRun[] = [
  { id: 'llama-7b', name: 'LLaMA-7B', gpu: 'A100-80GB', gpuCount: 2048, gpuCountStated: false, tokens: 1.0e12, gpuHours: 82_432, hoursSource: LLAMA1_HOURS, arch: llama(32, 4096, 32, 32, 11008, 2048), batchTokens: 4 * 2 ** 20, layout: { checkpointing: 'selective', flashAttention: true }, precision: 'bf16', layoutSource: LLAMA1_LAYOUT },
  { id: 'llama-13b', name: 'LLaMA-13B', gpu: 'A100-80GB', gpuCount: 2048, gpuCountStated: false, tokens: 1.0e12, gpuHours: 135_168, hoursSource: LLAMA1_HOURS, arch: llama(40, 5120, 40, 40, 13824, 2048), batchTokens: 4 * 2 ** 20, layout: { checkpointing: 'selective', flashAttention: true }, precision: 'bf16', layoutSource: LLAMA1_LAYOUT },
  { id: 'llama-33b', name: 'LLaMA-33B', gpu: 'A100-80GB', gpuCount: 2048, gpuCountStated: false, tokens: 1.4e12, gpuHours: 530_432, hoursSource: LLAMA1_HOURS, arch: llama(60, 6656, 52, 52, 17920, 2048), batchTokens: 4 * 2 ** 20, layout: { checkpointing: 'selective', flashAttention: true }, precision: 'bf16', layoutSource: LLAMA1_LAYOUT },
  { id: 'llama-65b', name: 'LLaMA-65B', gpu: 'A100-80GB', gpuCount: 2048, gpuCountStated: true, tokens: 1.4e12, gpuHours: 1_022_362, hoursSource: LLAMA1_HOURS, arch: llama(80, 8192, 64, 64, 22016, 2048), batchTokens: 4 * 2 ** 20, layout: { checkpointing: 'selective', flashAttention: true }, precision: 'bf16', layoutSource: LLAMA1_LAYOUT },
  { id: 'llama2-7b', name: 'Llama 2 7B', gpu: 'A100-80GB', gpuCount: 2048, gpuCountStated: false, tokens: 2.0e12, gpuHours: 184_320, hoursSource: LLAMA2_HOURS, arch: llama(32, 4096, 32, 32, 11008, 4096), batchTokens: 4 * 2 ** 20, layout: {}, precision: 'bf16', layoutSource: LLAMA2_LAYOUT },
  { id: 'llama2-13b', name: 'Llama 2 13B', gpu: 'A100-80GB', gpuCount: 2048, gpuCountStated: false, tokens: 2.0e12, gpuHours: 368_640, hoursSource: LLAMA2_HOURS, arch: llama(40, 5120, 40, 40, 13824, 4096), batchTokens: 4 * 2 ** 20, layout: {}, precision: 'bf16', layoutSource: LLAMA2_LAYOUT },
  { id: 'llama2-34b', name: 'Llama 2 34B', gpu: 'A100-80GB', gpuCount: 2048, gpuCountStated: false, tokens: 2.0e12, gpuHours: 1_038_336, hoursSource: LLAMA2_HOURS, arch: llama(48, 8192, 64, 8, 22016, 4096), batchTokens: 4 * 2 ** 20, layout: {}, precision: 'bf16', layoutSource: LLAMA2_LAYOUT },
  { id: 'llama2-70b', name: 'Llama 2 70B', gpu: 'A100-80GB', gpuCount: 2048, gpuCountStated: false, tokens: 2.0e12, gpuHours: 1_720_320, hoursSource: LLAMA2_HOURS, arch: llama(80, 8192, 64, 8, 28672, 4096), batchTokens: 4 * 2 ** 20, layout: {}, precision: 'bf16', layoutSource: LLAMA2_LAYOUT },
  { id: 'pythia-70m', name: 'Pythia 70M', gpu: 'A100-40GB', gpuCount: 32, gpuCountStated: true, tokens: PYTHIA_TOKENS, gpuHours: 510, hoursSource: PYTHIA_HOURS, arch: pythia(6, 512, 8), batchTokens: 1024 * 2048, layout: { tp: 1, pp: 1, microBatch: 32, sharding: 'zero1', checkpointing: 'full', flashAttention: true }, precision: 'fp16', layoutSource: pythiaLayout('70M/pythia-70m.yml') },
  { id: 'pythia-160m', name: 'Pythia 160M', gpu: 'A100-40GB', gpuCount: 32, gpuCountStated: true, tokens: PYTHIA_TOKENS, gpuHours: 1_030, hoursSource: PYTHIA_HOURS, arch: pythia(12, 768, 12), batchTokens: 1024 * 2048, layout: { tp: 1, pp: 1, microBatch: 32, sharding: 'zero1', checkpointing: 'full', flashAttention: true }, precision: 'fp16', layoutSource: pythiaLayout('160M/pythia-160m.yml') },
  { id: 'pythia-410m', name: 'Pythia 410M', gpu: 'A100-40GB', gpuCount: 32, gpuCountStated: true, tokens: PYTHIA_TOKENS, gpuHours: 2_540, hoursSource: PYTHIA_HOURS, arch: pythia(24, 1024, 16), batchTokens: 1024 * 2048, layout: { tp: 1, pp: 1, microBatch: 32, sharding: 'zero1', checkpointing: 'full', flashAttention: true }, precision: 'fp16', layoutSource: pythiaLayout('410M/pythia-410m.yml') },
  { id: 'pythia-1b', name: 'Pythia 1B', gpu: 'A100-40GB', gpuCount: 64, gpuCountStated: true, tokens: PYTHIA_TOKENS, gpuHours: 4_830, hoursSource: PYTHIA_HOURS, arch: pythia(16, 2048, 8), batchTokens: 1024 * 2048, layout: { tp: 1, pp: 1, microBatch: 16, sharding: 'zero1', checkpointing: 'full', flashAttention: true }, precision: 'fp16', layoutSource: pythiaLayout('1B/pythia-1b.yml') },
  { id: 'pythia-1.4b', name: 'Pythia 1.4B', gpu: 'A100-40GB', gpuCount: 64, gpuCountStated: true, tokens: PYTHIA_TOKENS, gpuHours: 7_120, hoursSource: PYTHIA_HOURS, arch: pythia(24, 2048, 16), batchTokens: 1024 * 2048, layout: { tp: 1, pp: 1, microBatch: 16, sharding: 'zero1', checkpointing: 'full', flashAttention: true }, precision: 'fp16', layoutSource: pythiaLayout('1.4B/pythia-1.4b.yml') },
  { id: 'pythia-2.8b', name: 'Pythia 2.8B', gpu: 'A100-40GB', gpuCount: 64, gpuCountStated: true, tokens: PYTHIA_TOKENS, gpuHours: 14_240, hoursSource: PYTHIA_HOURS, arch: pythia(32, 2560, 32), batchTokens: 1024 * 2048, layout: { tp: 1, pp: 1, microBatch: 16, sharding: 'zero1', checkpointing: 'full', flashAttention: true }, precision: 'fp16', layoutSource: pythiaLayout('2.8B/pythia-2.8b.yml') },
  { id: 'pythia-6.9b', name: 'Pythia 6.9B', gpu: 'A100-40GB', gpuCount: 128, gpuCountStated: true, tokens: PYTHIA_TOKENS, gpuHours: 33_500, hoursSource: PYTHIA_HOURS, arch: pythia(32, 4096, 32), batchTokens: 1024 * 2048, layout: { tp: 2, pp: 1, microBatch: 8, sharding: 'zero1', checkpointing: 'full', flashAttention: true }, precision: 'fp16', layoutSource: pythiaLayout('6.9B/pythia-6.9b.yml') },
  { id: 'pythia-12b', name: 'Pythia 12B', gpu: 'A100-40GB', gpuCount: 256, gpuCountStated: true, tokens: PYTHIA_TOKENS, gpuHours: 72_300, hoursSource: PYTHIA_HOURS, arch: pythia(36, 5120, 40), batchTokens: 1024 * 2048, layout: { tp: 4, pp: 1, microBatch: 8, sharding: 'zero1', checkpointing: 'full', flashAttention: true }, precision: 'fp16', layoutSource: pythiaLayout('12B/pythia-12b.yml') },
  { id: 'nanogpt-124m', name: 'nanoGPT GPT-2 124M (OpenWebText)', gpu: 'A100-40GB', gpuCount: 8, gpuCountStated: true, tokens: 600_000 * 491_520, gpuHours: 768, hoursSource: 'karpathy/nanoGPT README.md ("about 4 days" on 8×A100 40GB); config/train_gpt2.py (600,000 iterations × 491,520 tokens)', arch: gpt2(12, 768, 12), batchTokens: 491_520, layout: { tp: 1, pp: 1, microBatch: 12, sharding: 'none', checkpointing: 'none', compile: true, flashAttention: true }, precision: 'bf16', layoutSource: 'karpathy/nanoGPT config/train_gpt2.py and train.py: DDP, micro-batch 12, 5 accumulation steps per GPU, torch.compile, SDPA flash attention, bf16' },
  { id: 'llmc-124m', name: 'llm.c GPT-2 124M (FineWeb 10B)', gpu: 'A100-80GB', gpuCount: 8, gpuCountStated: true, tokens: 18_865 * 524_288, gpuHours: (94.3 / 60) * 8, hoursSource: 'karpathy/llm.c scripts/run_gpt2_124M.sh; discussion #481 (94.3 min on 8×A100 80GB SXM)', arch: gpt2(12, 768, 12), batchTokens: 524_288, layout: { tp: 1, pp: 1, microBatch: 64, sharding: 'zero1', checkpointing: 'none', compile: true, flashAttention: true }, precision: 'bf16', layoutSource: 'karpathy/llm.c scripts/run_gpt2_124M.sh (-b 64 -t 1024, ZeRO-1); its hand-fused CUDA kernels are treated as compiled' },
  { id: 'llmc-350m', name: 'llm.c GPT-2 350M', gpu: 'A100-80GB', gpuCount: 8, gpuCountStated: true, tokens: 60_000 * 524_288, gpuHours: 13.7 * 8, hoursSource: 'karpathy/llm.c scripts/run_gpt2_350M.sh (13.7 h on 8×A100 80GB, the script\'s estimate)', arch: gpt2(24, 1024, 16), batchTokens: 524_288, layout: { tp: 1, pp: 1, sharding: 'zero1', checkpointing: 'none', compile: true, flashAttention: true }, precision: 'bf16', layoutSource: 'karpathy/llm.c scripts/run_gpt2_350M.sh (ZeRO-1); hand-fused kernels treated as compiled' },
  { id: 'llmc-774m', name: 'llm.c GPT-2 774M', gpu: 'A100-80GB', gpuCount: 8, gpuCountStated: true, tokens: 286_102 * 524_288, gpuHours: 135 * 8, hoursSource: 'karpathy/llm.c scripts/run_gpt2_774M.sh (~135 h on 8×A100 80GB, the script\'s estimate)', arch: gpt2(36, 1280, 20), batchTokens: 524_288, layout: { tp: 1, pp: 1, sharding: 'zero1', checkpointing: 'none', compile: true, flashAttention: true }, precision: 'bf16', layoutSource: 'karpathy/llm.c scripts/run_gpt2_774M.sh (ZeRO-1); hand-fused kernels treated as compiled' },
  { id: 'llmc-1558m', name: 'llm.c GPT-2 1558M (FineWeb-EDU 32B)', gpu: 'H100-SXM', gpuCount: 8, gpuCountStated: true, tokens: 32_000 * 1_048_576, gpuHours: 24 * 8, hoursSource: 'karpathy/llm.c scripts/run_gpt2_1558M.sh (~24 h on 8×H100 SXM; 2.7–2.8 s per 1,048,576-token step)', arch: gpt2(48, 1600, 25), batchTokens: 1_048_576, layout: { tp: 1, pp: 1, sharding: 'zero1', checkpointing: 'none', compile: true, flashAttention: true }, precision: 'bf16', layoutSource: 'karpathy/llm.c scripts/run_gpt2_1558M.sh (ZeRO-1); hand-fused kernels treated as compiled' },
  { id: 'llmc-124m-h100', name: 'llm.c GPT-2 124M on H100', gpu: 'H100-SXM', gpuCount: 8, gpuCountStated: true, tokens: 18_865 * 524_288, gpuHours: (45 / 60) * 8, hoursSource: 'KellerJordan/modded-nanogpt README (record #1: llm.c baseline, 45 min on 8×H100)', arch: gpt2(12, 768, 12), batchTokens: 524_288, layout: { tp: 1, pp: 1, sharding: 'zero1', checkpointing: 'none', compile: true, flashAttention: true }, precision: 'bf16', layoutSource: 'karpathy/llm.c scripts/run_gpt2_124M.sh run on H100' },
  { id: 'modded-nanogpt-2025-01', name: 'modded-nanogpt record (Jan 2025)', gpu: 'H100-SXM', gpuCount: 8, gpuCountStated: true, tokens: 0.73e9, gpuHours: (3.4 / 60) * 8, hoursSource: 'KellerJordan/modded-nanogpt README (record of 01/04/25: 3.4 min on 8×H100, 1,390 steps)', arch: gpt2(12, 768, 12), batchTokens: 0.73e9 / 1390, layout: { tp: 1, pp: 1, sharding: 'none', checkpointing: 'none', compile: true, flashAttention: true }, precision: 'bf16', layoutSource: 'KellerJordan/modded-nanogpt train_gpt.py: DDP, torch.compile, FlexAttention (modelled as GPT-2 124M at 1,024 context)' },
];
