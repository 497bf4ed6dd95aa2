// Accelerator catalog: dense peak TFLOPS per dtype, memory and, where a public offer was
// found, a default rental price. Every row cites science.md §5 / §5.1. "Dense" means no 2:4
// sparsity: vendor "with sparsity" headlines are halved (science.md §5).

import type { Precision } from './plan';

export type Generation = 'volta' | 'ampere' | 'ada' | 'hopper' | 'blackwell' | 'cdna2' | 'cdna3' | 'tpu-v3' | 'tpu-v4' | 'tpu-v5';

export interface Accelerator {
  readonly id: string;
  readonly name: string;
  readonly generation: Generation;
  /** Dense tensor-core peak, TFLOPS. bf16 absent where the chip has none (V100). */
  readonly peakTflops: Readonly<Partial<Record<'bf16' | 'fp16' | 'fp8', number>>>;
  readonly memoryGB: number;
  /** USD per accelerator-hour, or null where no public price was found. */
  readonly pricePerHour: number | null;
  readonly priceSource?: string;
  readonly source: string;
  readonly aliases?: readonly string[];
}

export const ACCELERATORS: readonly Accelerator[] = [
  { id: 'V100', name: 'NVIDIA V100 SXM2', generation: 'volta', peakTflops: { fp16: 125 }, memoryGB: 32, pricePerHour: null, source: 'V100 datasheet via Lightning throughput.py (science.md §5)', aliases: ['v100-sxm2', 'v100-32gb', 'v100-16gb'] },
  { id: 'A100-40GB', name: 'NVIDIA A100 40GB', generation: 'ampere', peakTflops: { bf16: 312, fp16: 312 }, memoryGB: 40, pricePerHour: 2.0, priceSource: 'MosaicML pricing used for the MPT-7B cost (science.md §5.1)', source: 'A100 datasheet (624 sparse / 2) via Lightning, torchtitan (science.md §5)', aliases: ['a100-sxm4-40gb', 'a100-pcie-40gb'] },
  { id: 'A100-80GB', name: 'NVIDIA A100 80GB', generation: 'ampere', peakTflops: { bf16: 312, fp16: 312 }, memoryGB: 80, pricePerHour: 1.75, priceSource: '8×A100 80GB node at ~$14/h, karpathy/llm.c run_gpt2_124M.sh (science.md §5.1)', source: 'A100 datasheet via Lightning, torchtitan (science.md §5)', aliases: ['a100', 'a100-sxm4-80gb', 'a100-pcie-80gb', 'a100-sxm'] },
  { id: 'H100-SXM', name: 'NVIDIA H100 SXM 80GB', generation: 'hopper', peakTflops: { bf16: 989.4, fp16: 989.4, fp8: 1978.9 }, memoryGB: 80, pricePerHour: 3.5, priceSource: '8×H100 SXM node at ~$28/h, karpathy/llm.c run_gpt2_1558M.sh (science.md §5.1)', source: 'H100 SXM: 1979 sparse / 2, Lightning and torchtitan (science.md §5)', aliases: ['h100', 'h100-80gb', 'h100-sxm5', 'h100-sxm-80gb', 'h800'] },
  { id: 'H100-PCIe', name: 'NVIDIA H100 PCIe 80GB', generation: 'hopper', peakTflops: { bf16: 756, fp16: 756, fp8: 1513 }, memoryGB: 80, pricePerHour: null, source: 'Lightning (1.513e15 / 2), torchtitan 756e12 (science.md §5)', aliases: ['h100-pcie-80gb'] },
  { id: 'H100-NVL', name: 'NVIDIA H100 NVL 94GB', generation: 'hopper', peakTflops: { bf16: 835, fp16: 835 }, memoryGB: 94, pricePerHour: 3.07, priceSource: 'RunPod via gpu.blog (science.md §5.1)', source: 'torchtitan get_peak_flops (science.md §5)' },
  { id: 'H200', name: 'NVIDIA H200 SXM 141GB', generation: 'hopper', peakTflops: { bf16: 989, fp16: 989, fp8: 1979 }, memoryGB: 141, pricePerHour: null, source: 'torchtitan (nvidia.com/h200) (science.md §5)', aliases: ['h200-sxm'] },
  { id: 'B200', name: 'NVIDIA B200 (HGX, 1000 W)', generation: 'blackwell', peakTflops: { bf16: 2250, fp16: 2250, fp8: 4500 }, memoryGB: 192, pricePerHour: null, source: 'glennklockwood.com B200; torchtitan 2.25e15 (science.md §5)' },
  { id: 'GB200', name: 'NVIDIA B200 in GB200 (1200 W)', generation: 'blackwell', peakTflops: { bf16: 2500, fp16: 2500, fp8: 5000 }, memoryGB: 192, pricePerHour: null, source: 'glennklockwood.com B200 page (science.md §5)' },
  { id: 'MI250X', name: 'AMD Instinct MI250X (2 GCDs)', generation: 'cdna2', peakTflops: { bf16: 383, fp16: 383 }, memoryGB: 128, pricePerHour: null, source: 'torchtitan (amd.com MI250X) (science.md §5)' },
  { id: 'MI300X', name: 'AMD Instinct MI300X', generation: 'cdna3', peakTflops: { bf16: 1307.4, fp16: 1307.4, fp8: 2614.9 }, memoryGB: 192, pricePerHour: 1.85, priceSource: 'Vultr via gpu.blog (science.md §5.1)', source: 'AMD MI300X page via torchtitan and repo constants (science.md §5)' },
  { id: 'L40S', name: 'NVIDIA L40S', generation: 'ada', peakTflops: { bf16: 362, fp16: 362 }, memoryGB: 48, pricePerHour: null, source: 'torchtitan get_peak_flops (L40S datasheet) (science.md §5)' },
  { id: 'TPU-v3', name: 'Google TPU v3 (chip)', generation: 'tpu-v3', peakTflops: { bf16: 123 }, memoryGB: 16, pricePerHour: null, source: 'Cloud TPU docs via Lightning; Patterson et al. Table 4 (science.md §5)', aliases: ['tpuv3', 'v3'] },
  { id: 'TPU-v4', name: 'Google TPU v4 (chip)', generation: 'tpu-v4', peakTflops: { bf16: 275 }, memoryGB: 32, pricePerHour: null, source: 'cloud.google.com/tpu system architecture via Lightning; PaLM App. B (science.md §5)', aliases: ['tpuv4', 'v4'] },
  { id: 'TPU-v5e', name: 'Google TPU v5e (chip)', generation: 'tpu-v5', peakTflops: { bf16: 197 }, memoryGB: 16, pricePerHour: null, source: 'cloud.google.com/tpu/docs/v5e (science.md §5)', aliases: ['tpuv5e', 'v5e', 'v5litepod'] },
  { id: 'TPU-v5p', name: 'Google TPU v5p (chip)', generation: 'tpu-v5', peakTflops: { bf16: 459 }, memoryGB: 95, pricePerHour: null, source: 'cloud.google.com/tpu/docs/v5p (science.md §5)', aliases: ['tpuv5p', 'v5p'] },
];

/**
 * Default MFU per generation, in the `palm` FLOP convention (6N + 12LHQT) that the estimate
 * uses for hours. How they were chosen: for each published run of science.md §6.1 whose
 * architecture is known, the implied MFU = model FLOPs / (accelerator-hours × 3600 × dense
 * peak), then the median per generation (test/unit/calibration.test.ts recomputes it):
 * Ampere from 19 LLaMA, Llama 2, Pythia, nanoGPT and llm.c runs on A100; Hopper from the
 * llm.c and modded-nanogpt runs on H100. These are effective figures, restarts and downtime
 * included, which is what a GPU-hour budget needs. Volta, TPU v3 and TPU v4 take the MFU
 * PaLM Table 3 reports for GPT-3 (21.3%), Gopher (32.5%) and PaLM (46.2%) (science.md §4.9).
 * Generations with no published run take Hopper's value, marked as an assumption.
 */
export const DEFAULT_MFU: Readonly<Record<Generation, { readonly mfu: number; readonly basis: string }>> = {
  ampere: { mfu: 0.42, basis: 'median implied MFU of 19 published A100 runs (science.md §6.1)' },
  hopper: { mfu: 0.4, basis: 'median implied MFU of 3 published H100 runs (science.md §6.1)' },
  volta: { mfu: 0.213, basis: 'GPT-3 on V100, PaLM Table 3 (science.md §4.9)' },
  'tpu-v3': { mfu: 0.325, basis: 'Gopher on TPU v3, PaLM Table 3 (science.md §4.9)' },
  'tpu-v4': { mfu: 0.462, basis: 'PaLM 540B on TPU v4, PaLM Table 3 (science.md §4.9)' },
  blackwell: { mfu: 0.4, basis: 'no published run on this generation: the Hopper default (0.40) is used' },
  ada: { mfu: 0.4, basis: 'no published run on this generation: the Hopper default (0.40) is used' },
  cdna2: { mfu: 0.4, basis: 'no published run on this generation: the Hopper default (0.40) is used' },
  cdna3: { mfu: 0.4, basis: 'no published run on this generation: the Hopper default (0.40) is used' },
  'tpu-v5': { mfu: 0.4, basis: 'no published run on this generation: the Hopper default (0.40) is used' },
};

/** GPU count assumed when nothing states the world size: one 8-GPU node. */
export const DEFAULT_GPU_COUNT = 8;

/** When nothing says which accelerator: the one most published open runs used (science.md §6.1). */
export const DEFAULT_ACCELERATOR_ID = 'A100-80GB';

const normalize = (s: string) => s.trim().toLowerCase().replace(/[\s_]+/g, '-');

/** Case-insensitive match on id or alias: `h100`, `H100-SXM`, `a100_80gb`. */
export function findAccelerator(id: string): Accelerator | undefined {
  const key = normalize(id);
  return ACCELERATORS.find((a) => normalize(a.id) === key || a.aliases?.some((x) => normalize(x) === key));
}

export interface PeakChoice {
  readonly tflops: number;
  readonly dtype: 'bf16' | 'fp16' | 'fp8';
  /** Set when the requested precision had no peak and another was used. */
  readonly note?: string;
}

/**
 * The dense peak that matches the training precision. FP32 training has no tensor-core peak
 * in the catalog: null, and the caller says hours are unknown rather than guess 8× wrong.
 */
export function peakFor(acc: Accelerator, precision: Precision): PeakChoice | null {
  const p = acc.peakTflops;
  switch (precision) {
    case 'fp8':
      if (p.fp8) return { tflops: p.fp8, dtype: 'fp8' };
      return p.bf16 ? { tflops: p.bf16, dtype: 'bf16', note: `${acc.id} has no FP8 peak in the catalog; BF16 peak used` } : null;
    case 'bf16':
      if (p.bf16) return { tflops: p.bf16, dtype: 'bf16' };
      return p.fp16 ? { tflops: p.fp16, dtype: 'fp16', note: `${acc.id} has no BF16; FP16 peak used` } : null;
    case 'fp16':
      if (p.fp16) return { tflops: p.fp16, dtype: 'fp16' };
      return p.bf16 ? { tflops: p.bf16, dtype: 'bf16' } : null;
    case 'fp32':
    case 'tf32':
      return null;
  }
}

export interface HardwareTime {
  readonly gpuHours: number;
  readonly wallClockHours: number | null;
  readonly costUsd: number | null;
}

/** GPU-hours = FLOPs / (peak × MFU); wall clock divides by the GPU count; cost multiplies by the price. */
export function hardwareTime(flops: number, peakTflops: number, mfu: number, gpuCount: number | null, pricePerHour: number | null): HardwareTime {
  const gpuHours = flops / (peakTflops * 1e12 * mfu) / 3600;
  return {
    gpuHours,
    wallClockHours: gpuCount !== null && gpuCount > 0 ? gpuHours / gpuCount : null,
    costUsd: pricePerHour !== null ? gpuHours * pricePerHour : null,
  };
}
