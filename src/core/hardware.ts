// Accelerator catalog: dense peak TFLOPS per dtype, memory, memory bandwidth, interconnect and,
// where a public offer was found, a default rental price. "Dense" means no 2:4 sparsity: vendor
// "with sparsity" headlines are halved. Each row names the datasheet (or the framework table
// that quotes it) its numbers come from; docs/hardware.md#sources-by-row lists them row by row
// and docs/hardware.md#rental-prices the prices.
//
// Units, stated once: TFLOPS = 1e12 FLOP/s; memoryGB in decimal gigabytes (1e9 bytes) for
// arithmetic, with the vendor's own wording (GB or GiB, nominal or usable) in memoryAsSold;
// bandwidths in GB/s (1e9 bytes/s), interconnect as the vendor quotes it (total bidirectional
// per device).

import type { Precision } from './plan';

export type Generation =
  'volta' | 'turing' | 'ampere' | 'ada' | 'hopper' | 'blackwell' | 'blackwell-ultra' | 'cdna2' | 'cdna3' | 'tpu-v3' | 'tpu-v4' | 'tpu-v5' | 'tpu-v6';

export type InterconnectKind = 'nvlink' | 'pcie' | 'ici' | 'infinity-fabric';

export interface Accelerator {
  readonly id: string;
  readonly name: string;
  readonly generation: Generation;
  /** Dense tensor-core peak, TFLOPS. bf16 absent where the chip has none (V100, T4); fp8 where it has it. */
  readonly peakTflops: Readonly<Partial<Record<'bf16' | 'fp16' | 'fp8', number>>>;
  /** Memory one device can use, decimal GB (GiB converted): what a memory model should divide by. */
  readonly memoryGB: number;
  /** The memory as the vendor states it: "80 GB HBM3", "32 GiB HBM per chip". */
  readonly memoryAsSold: string;
  /** Peak memory (HBM/GDDR) bandwidth, GB/s. */
  readonly memoryBandwidthGBs: number;
  /** The fastest device-to-device link, total bidirectional GB/s as the vendor quotes it; absent where no per-device figure was found. */
  readonly interconnect?: { readonly kind: InterconnectKind; readonly GBs: number };
  /** USD per accelerator-hour, or null where no public price was found. */
  readonly pricePerHour: number | null;
  readonly priceSource?: string;
  readonly source: string;
  readonly aliases?: readonly string[];
}

const GIB = 2 ** 30 / 1e9;

export const ACCELERATORS: readonly Accelerator[] = [
  // NVIDIA Volta / Turing
  {
    id: 'V100',
    name: 'NVIDIA V100 SXM2',
    generation: 'volta',
    peakTflops: { fp16: 125 },
    memoryGB: 32,
    memoryAsSold: '32 GB HBM2 (a 16 GB model also exists)',
    memoryBandwidthGBs: 900,
    interconnect: { kind: 'nvlink', GBs: 300 },
    pricePerHour: null,
    source:
      'NVIDIA V100 datasheet (volta-v100-datasheet-update-us-1165301-r5): 125 TFLOPS tensor, 900 GB/s, NVLink 300 GB/s; quoted by Lightning throughput.py',
    aliases: ['v100-sxm2', 'v100-32gb', 'v100-16gb'],
  },
  {
    id: 'T4',
    name: 'NVIDIA T4',
    generation: 'turing',
    peakTflops: { fp16: 65 },
    memoryGB: 16,
    memoryAsSold: '16 GB GDDR6',
    memoryBandwidthGBs: 320,
    interconnect: { kind: 'pcie', GBs: 32 },
    pricePerHour: null,
    source:
      'NVIDIA T4 datasheet (t4-tensor-core-datasheet-951643): 65 TFLOPS FP16 mixed precision (no BF16), 320 GB/s, PCIe Gen3 x16; quoted by Lightning throughput.py',
    aliases: ['tesla-t4'],
  },
  // NVIDIA Ampere
  {
    id: 'A100-40GB',
    name: 'NVIDIA A100 40GB',
    generation: 'ampere',
    peakTflops: { bf16: 312, fp16: 312 },
    memoryGB: 40,
    memoryAsSold: '40 GB HBM2',
    memoryBandwidthGBs: 1555,
    interconnect: { kind: 'nvlink', GBs: 600 },
    pricePerHour: 2.0,
    priceSource: 'MosaicML pricing used for the MPT-7B training cost (MosaicML MPT-7B announcement, 2023)',
    source: 'NVIDIA A100 datasheet (nvidia-a100-datasheet-us-nvidia-1758950-r4): 624 sparse / 2, 1,555 GB/s, NVLink 600 GB/s; Lightning, torchtitan',
    aliases: ['a100-sxm4-40gb', 'a100-pcie-40gb'],
  },
  {
    id: 'A100-80GB',
    name: 'NVIDIA A100 80GB',
    generation: 'ampere',
    peakTflops: { bf16: 312, fp16: 312 },
    memoryGB: 80,
    memoryAsSold: '80 GB HBM2e',
    memoryBandwidthGBs: 2039,
    interconnect: { kind: 'nvlink', GBs: 600 },
    pricePerHour: 1.75,
    priceSource: '8×A100 80GB node at ~$14/h, comments of karpathy/llm.c scripts/run_gpt2_124M.sh',
    source: 'NVIDIA A100 datasheet (r4): 312 dense, 2,039 GB/s SXM (1,935 GB/s PCIe), NVLink 600 GB/s; Lightning, torchtitan',
    aliases: ['a100', 'a100-sxm4-80gb', 'a100-pcie-80gb', 'a100-sxm'],
  },
  {
    id: 'A10G',
    name: 'NVIDIA A10G (AWS)',
    generation: 'ampere',
    peakTflops: { bf16: 125, fp16: 125 },
    memoryGB: 24,
    memoryAsSold: '24 GB GDDR6',
    memoryBandwidthGBs: 600,
    interconnect: { kind: 'pcie', GBs: 64 },
    pricePerHour: null,
    source:
      'Assumption: the NVIDIA A10 datasheet (a10-datasheet: 250 BF16 sparse / 2, 600 GB/s, PCIe Gen4), which Lightning throughput.py uses for "a10g"; AWS publishes no tensor peak for its A10G variant; its default MFU is the A100 median of generation ampere, an assumption for this card',
    aliases: ['a10'],
  },
  {
    id: 'RTX-3090',
    name: 'NVIDIA GeForce RTX 3090',
    generation: 'ampere',
    peakTflops: { bf16: 71, fp16: 71 },
    memoryGB: 24,
    memoryAsSold: '24 GB GDDR6X',
    memoryBandwidthGBs: 936,
    interconnect: { kind: 'nvlink', GBs: 112.5 },
    pricePerHour: null,
    source:
      'NVIDIA Ampere GA102 whitepaper (RTX 3090): FP16/BF16 tensor with FP32 accumulate 71 dense (142 sparse; 142 dense only with FP16 accumulate), 936 GB/s, NVLink bridge 112.5 GB/s; its default MFU is the A100 median of generation ampere, an assumption for this card',
    aliases: ['3090', 'rtx3090', 'geforce-rtx-3090'],
  },
  {
    id: 'RTX-A6000',
    name: 'NVIDIA RTX A6000',
    generation: 'ampere',
    peakTflops: { bf16: 154.8, fp16: 154.8 },
    memoryGB: 48,
    memoryAsSold: '48 GB GDDR6 with ECC',
    memoryBandwidthGBs: 768,
    interconnect: { kind: 'nvlink', GBs: 112.5 },
    pricePerHour: null,
    source:
      'NVIDIA RTX A6000 datasheet: 309.7 TFLOPS tensor with sparsity / 2, 768 GB/s, NVLink 112.5 GB/s bidirectional; its default MFU is the A100 median of generation ampere, an assumption for this card',
    aliases: ['a6000', 'rtxa6000'],
  },
  // NVIDIA Ada
  {
    id: 'L4',
    name: 'NVIDIA L4',
    generation: 'ada',
    peakTflops: { bf16: 121, fp16: 121, fp8: 242.5 },
    memoryGB: 24,
    memoryAsSold: '24 GB GDDR6',
    memoryBandwidthGBs: 300,
    interconnect: { kind: 'pcie', GBs: 64 },
    pricePerHour: null,
    source: 'NVIDIA L4 datasheet: 242 BF16 / 485 FP8 TFLOPS with sparsity, halved; 300 GB/s; PCIe Gen4 x16',
    aliases: ['nvidia-l4'],
  },
  {
    id: 'L40',
    name: 'NVIDIA L40',
    generation: 'ada',
    peakTflops: { bf16: 181.05, fp16: 181.05, fp8: 362 },
    memoryGB: 48,
    memoryAsSold: '48 GB GDDR6 with ECC',
    memoryBandwidthGBs: 864,
    interconnect: { kind: 'pcie', GBs: 64 },
    pricePerHour: null,
    source: 'NVIDIA L40 datasheet: 181.05 BF16 / 362 FP8 dense (362.1 / 724 with sparsity), 864 GB/s, PCIe Gen4 x16 64 GB/s',
  },
  {
    id: 'L40S',
    name: 'NVIDIA L40S',
    generation: 'ada',
    peakTflops: { bf16: 362, fp16: 362, fp8: 733 },
    memoryGB: 48,
    memoryAsSold: '48 GB GDDR6 with ECC',
    memoryBandwidthGBs: 864,
    interconnect: { kind: 'pcie', GBs: 64 },
    pricePerHour: null,
    source: 'NVIDIA L40S datasheet: 362.05 BF16 / 733 FP8 dense (733 / 1,466 with sparsity), 864 GB/s; torchtitan get_peak_flops 362e12',
  },
  {
    id: 'RTX-4090',
    name: 'NVIDIA GeForce RTX 4090',
    generation: 'ada',
    peakTflops: { bf16: 165.2, fp16: 165.2, fp8: 330.3 },
    memoryGB: 24,
    memoryAsSold: '24 GB GDDR6X',
    memoryBandwidthGBs: 1008,
    interconnect: { kind: 'pcie', GBs: 64 },
    pricePerHour: null,
    source:
      'NVIDIA Ada Lovelace whitepaper (RTX 4090): tensor with FP32 accumulate, as training uses, 165.2 BF16/FP16 and 330.3 FP8 dense (twice that with FP16 accumulate or sparsity); 1,008 GB/s; no NVLink',
    aliases: ['4090', 'rtx4090', 'geforce-rtx-4090'],
  },
  // NVIDIA Hopper
  {
    id: 'H100-SXM',
    name: 'NVIDIA H100 SXM 80GB',
    generation: 'hopper',
    peakTflops: { bf16: 989.4, fp16: 989.4, fp8: 1978.9 },
    memoryGB: 80,
    memoryAsSold: '80 GB HBM3',
    memoryBandwidthGBs: 3350,
    interconnect: { kind: 'nvlink', GBs: 900 },
    pricePerHour: 3.5,
    priceSource: '8×H100 SXM node at ~$28/h, comments of karpathy/llm.c scripts/run_gpt2_1558M.sh',
    source: 'NVIDIA H100 datasheet: 1,979 sparse / 2, 3,350 GB/s, NVLink 900 GB/s; Lightning and torchtitan',
    aliases: ['h100', 'h100-80gb', 'h100-sxm5', 'h100-sxm-80gb'],
  },
  {
    id: 'H800',
    name: 'NVIDIA H800 SXM 80GB',
    generation: 'hopper',
    peakTflops: { bf16: 989.4, fp16: 989.4, fp8: 1978.9 },
    memoryGB: 80,
    memoryAsSold: '80 GB HBM3',
    memoryBandwidthGBs: 3350,
    interconnect: { kind: 'nvlink', GBs: 400 },
    pricePerHour: 2.0,
    priceSource: 'the $2/GPU-hour DeepSeek-V3 assumes for its H800 cost (arXiv 2412.19437, Table 1)',
    source: 'NVIDIA H800 SXM5 datasheet: the H100 SXM tensor peaks and 3.35 TB/s, with NVLink cut to 400 GB/s',
    aliases: ['h800-sxm', 'h800-80gb'],
  },
  {
    id: 'H100-PCIe',
    name: 'NVIDIA H100 PCIe 80GB',
    generation: 'hopper',
    peakTflops: { bf16: 756, fp16: 756, fp8: 1513 },
    memoryGB: 80,
    memoryAsSold: '80 GB HBM2e',
    memoryBandwidthGBs: 2000,
    interconnect: { kind: 'nvlink', GBs: 600 },
    pricePerHour: null,
    source:
      'NVIDIA H100 datasheet (PCIe): 1,513 BF16 / 3,026 FP8 sparse, halved; 2,000 GB/s; NVLink bridge 600 GB/s, PCIe Gen5 128 GB/s; Lightning, torchtitan 756e12',
    aliases: ['h100-pcie-80gb'],
  },
  {
    id: 'H100-NVL',
    name: 'NVIDIA H100 NVL 94GB',
    generation: 'hopper',
    peakTflops: { bf16: 835, fp16: 835, fp8: 1670.5 },
    memoryGB: 94,
    memoryAsSold: '94 GB HBM3',
    memoryBandwidthGBs: 3900,
    interconnect: { kind: 'nvlink', GBs: 600 },
    pricePerHour: 3.07,
    priceSource: 'a RunPod offer listed on gpu.blog/gpus/nvidia-h100-nvl (date not recorded)',
    source: 'NVIDIA H100 datasheet (NVL): 1,671 BF16 / 3,341 FP8 with sparsity, halved; 3.9 TB/s; NVLink bridge 600 GB/s; torchtitan get_peak_flops 835e12',
  },
  {
    id: 'H200',
    name: 'NVIDIA H200 SXM 141GB',
    generation: 'hopper',
    peakTflops: { bf16: 989, fp16: 989, fp8: 1979 },
    memoryGB: 141,
    memoryAsSold: '141 GB HBM3e',
    memoryBandwidthGBs: 4800,
    interconnect: { kind: 'nvlink', GBs: 900 },
    pricePerHour: null,
    source: 'NVIDIA H200 datasheet: H100 SXM peaks, 4.8 TB/s, NVLink 900 GB/s; torchtitan (nvidia.com/h200)',
    aliases: ['h200-sxm'],
  },
  // NVIDIA Blackwell
  {
    id: 'B200',
    name: 'NVIDIA B200 (HGX, 1000 W)',
    generation: 'blackwell',
    peakTflops: { bf16: 2250, fp16: 2250, fp8: 4500 },
    memoryGB: 180,
    memoryAsSold: '192 GB HBM3e nominal; 180 GB usable per GPU in HGX/DGX B200 (1,440 GB for 8 GPUs; nvidia-smi reports 179 GB)',
    memoryBandwidthGBs: 8000,
    interconnect: { kind: 'nvlink', GBs: 1800 },
    pricePerHour: null,
    source:
      'NVIDIA Blackwell datasheet via torchtitan 2.25e15 and glennklockwood.com B200 (HGX 1000 W table); DGX B200 spec 1,440 GB total GPU memory; Vultr HGX B200 hardware overview (179 GB, 8 TB/s, NVLink 5 1.8 TB/s)',
  },
  {
    id: 'GB200',
    name: 'NVIDIA B200 in GB200 (1200 W)',
    generation: 'blackwell',
    peakTflops: { bf16: 2500, fp16: 2500, fp8: 5000 },
    memoryGB: 186,
    memoryAsSold: '186 GB HBM3e per GPU (GB200 superchip: 372 GB for 2 GPUs)',
    memoryBandwidthGBs: 8000,
    interconnect: { kind: 'nvlink', GBs: 1800 },
    pricePerHour: null,
    source: 'glennklockwood.com B200 page (GB200 1200 W table); NVIDIA GB200 NVL72 spec: 13.4 TB HBM3e and 576 TB/s over 72 GPUs, NVLink 5 1.8 TB/s per GPU',
  },
  {
    id: 'B300',
    name: 'NVIDIA B300 Blackwell Ultra (HGX)',
    generation: 'blackwell-ultra',
    peakTflops: { bf16: 2250, fp16: 2250, fp8: 4500 },
    memoryGB: 288,
    memoryAsSold: '288 GB HBM3e (12-high stacks); HGX B300 2.3 TB for 8 GPUs',
    memoryBandwidthGBs: 8000,
    interconnect: { kind: 'nvlink', GBs: 1800 },
    pricePerHour: null,
    source:
      'NVIDIA HGX B300 spec (36 PF BF16 / 72 PF FP8 with sparsity for 8 GPUs, halved), glennklockwood.com B300 page (HGX table: 2,250 BF16, 4,500 FP8 dense; 8 TB/s; NVLink 5 2×900 GB/s)',
    aliases: ['b300-hgx', 'blackwell-ultra'],
  },
  {
    id: 'GB300',
    name: 'NVIDIA B300 in GB300 NVL72',
    generation: 'blackwell-ultra',
    peakTflops: { bf16: 2500, fp16: 2500, fp8: 5000 },
    memoryGB: 288,
    memoryAsSold: '288 GB HBM3e per GPU (about 20 TB over 72 GPUs)',
    memoryBandwidthGBs: 8000,
    interconnect: { kind: 'nvlink', GBs: 1800 },
    pricePerHour: null,
    source:
      'NVIDIA GB300 NVL72 spec as summarised on glennklockwood.com B300 page: 360 PF dense FP8 for training, 20 TB HBM at 576 TB/s over 72 GPUs (5,000 FP8 and 2,500 BF16 dense per GPU, as GB200)',
  },
  // AMD Instinct
  {
    id: 'MI250X',
    name: 'AMD Instinct MI250X, one GCD (launchers count each of its 2 GCDs as a device)',
    generation: 'cdna2',
    peakTflops: { bf16: 191.5, fp16: 191.5 },
    memoryGB: 64,
    memoryAsSold: '64 GB HBM2e per GCD (128 GB per 2-GCD package)',
    memoryBandwidthGBs: 1638.4,
    pricePerHour: null,
    source: 'AMD MI250X spec: 383 BF16 TFLOPS and 3.2768 TB/s per 2-GCD package, halved per GCD; torchtitan get_peak_flops 191.5e12 "per GCD"',
    aliases: ['mi250x-gcd'],
  },
  {
    id: 'MI300X',
    name: 'AMD Instinct MI300X',
    generation: 'cdna3',
    peakTflops: { bf16: 1307.4, fp16: 1307.4, fp8: 2614.9 },
    memoryGB: 192,
    memoryAsSold: '192 GB HBM3',
    memoryBandwidthGBs: 5300,
    interconnect: { kind: 'infinity-fabric', GBs: 896 },
    pricePerHour: 1.85,
    priceSource: 'a Vultr offer listed on gpu.blog/gpus/instinct-mi300x-mi300x (date not recorded)',
    source: 'AMD MI300X data sheet: 1,307.4 BF16 / 2,614.9 FP8 dense, 5.3 TB/s, 7 Infinity Fabric links × 128 GB/s; torchtitan 1300e12',
  },
  {
    id: 'MI325X',
    name: 'AMD Instinct MI325X',
    generation: 'cdna3',
    peakTflops: { bf16: 1307.4, fp16: 1307.4, fp8: 2614.9 },
    memoryGB: 256,
    memoryAsSold: '256 GB HBM3E',
    memoryBandwidthGBs: 6000,
    interconnect: { kind: 'infinity-fabric', GBs: 896 },
    pricePerHour: null,
    source:
      'AMD MI325X data sheet: the MI300X compute (1,307.4 BF16 / 2,614.9 FP8 dense), 256 GB HBM3E at 6 TB/s, 7 Infinity Fabric links; torchtitan get_peak_flops groups it with MI300X (1300e12)',
  },
  // Google TPU (per chip)
  {
    id: 'TPU-v3',
    name: 'Google TPU v3 (chip, 2 cores)',
    generation: 'tpu-v3',
    peakTflops: { bf16: 123 },
    memoryGB: 32 * GIB,
    memoryAsSold: '32 GiB HBM per chip (16 GiB per TensorCore)',
    memoryBandwidthGBs: 900,
    pricePerHour: null,
    source: 'Cloud TPU system architecture (v3: 123 TFLOPS, 32 GiB, 900 GB/s per chip) via Lightning; Patterson et al. 2021 Table 4',
    aliases: ['tpuv3', 'v3'],
  },
  {
    id: 'TPU-v4',
    name: 'Google TPU v4 (chip)',
    generation: 'tpu-v4',
    peakTflops: { bf16: 275 },
    memoryGB: 32 * GIB,
    memoryAsSold: '32 GiB HBM2 per chip',
    memoryBandwidthGBs: 1200,
    pricePerHour: null,
    source: 'cloud.google.com/tpu system architecture (v4: 275 TFLOPS, 32 GiB, 1,200 GB/s) via Lightning; PaLM App. B',
    aliases: ['tpuv4', 'v4'],
  },
  {
    id: 'TPU-v5e',
    name: 'Google TPU v5e (chip)',
    generation: 'tpu-v5',
    peakTflops: { bf16: 197 },
    memoryGB: 16,
    memoryAsSold: '16 GB HBM2 per chip',
    memoryBandwidthGBs: 819,
    interconnect: { kind: 'ici', GBs: 400 },
    pricePerHour: null,
    source: 'cloud.google.com/tpu/docs/v5e: 197 TFLOPS bf16, 16 GB HBM2 at 819 GB/s, ICI 400 GB/s bidirectional per chip',
    aliases: ['tpuv5e', 'v5e', 'v5litepod'],
  },
  {
    id: 'TPU-v5p',
    name: 'Google TPU v5p (chip)',
    generation: 'tpu-v5',
    peakTflops: { bf16: 459 },
    memoryGB: 95 * GIB,
    memoryAsSold: '95 GiB HBM2e per chip',
    memoryBandwidthGBs: 2765,
    interconnect: { kind: 'ici', GBs: 1200 },
    pricePerHour: null,
    source: 'cloud.google.com/tpu/docs/v5p: 459 TFLOPS bf16, 95 GiB HBM at 2,765 GB/s, ICI 1,200 GB/s bidirectional per chip',
    aliases: ['tpuv5p', 'v5p'],
  },
  {
    id: 'TPU-v6e',
    name: 'Google TPU v6e Trillium (chip)',
    generation: 'tpu-v6',
    peakTflops: { bf16: 918 },
    memoryGB: 32,
    memoryAsSold: '32 GB HBM per chip',
    memoryBandwidthGBs: 1638,
    interconnect: { kind: 'ici', GBs: 800 },
    pricePerHour: null,
    source: 'cloud.google.com/tpu/docs/v6e: 918 TFLOPS bf16, 32 GB HBM at 1,638 GB/s, ICI 800 GB/s bidirectional per chip',
    aliases: ['tpuv6e', 'v6e', 'trillium'],
  },
];

/**
 * Default MFU per generation, in the `palm` FLOP convention (6N + 12LHQT) that the estimate
 * uses for hours. How they were chosen: for each published run of docs/published-runs.md#runs-with-accelerator-hours whose
 * architecture is known, the implied MFU = model FLOPs / (accelerator-hours × 3600 × dense
 * peak), then the median per generation (test/unit/calibration.test.ts recomputes it):
 * Ampere from 19 LLaMA, Llama 2, Pythia, nanoGPT and llm.c runs on A100; Hopper from the
 * llm.c and modded-nanogpt runs on H100. These are effective figures, restarts and downtime
 * included, which is what a GPU-hour budget needs. Volta, TPU v3 and TPU v4 take the MFU
 * PaLM Table 3 reports for GPT-3 (21.3%), Gopher (32.5%) and PaLM (46.2%) (docs/flops.md#mfu-numbers-published-by-palm).
 * Generations with no published run take Hopper's value, marked as an assumption.
 */
export const DEFAULT_MFU: Readonly<Record<Generation, { readonly mfu: number; readonly basis: string }>> = {
  ampere: { mfu: 0.42, basis: 'median implied MFU of 19 published A100 runs (docs/published-runs.md#runs-with-accelerator-hours)' },
  hopper: { mfu: 0.4, basis: 'median implied MFU of 3 published H100 runs (docs/published-runs.md#runs-with-accelerator-hours)' },
  volta: { mfu: 0.213, basis: 'GPT-3 on V100, PaLM Table 3 (Chowdhery et al. 2022, arXiv 2204.02311)' },
  'tpu-v3': { mfu: 0.325, basis: 'Gopher on TPU v3, PaLM Table 3 (Chowdhery et al. 2022, arXiv 2204.02311)' },
  'tpu-v4': { mfu: 0.462, basis: 'PaLM 540B on TPU v4, PaLM Table 3 (Chowdhery et al. 2022, arXiv 2204.02311)' },
  blackwell: { mfu: 0.4, basis: 'no published run on this generation: the Hopper default (0.40) is used' },
  ada: { mfu: 0.4, basis: 'no published run on this generation: the Hopper default (0.40) is used' },
  cdna2: { mfu: 0.4, basis: 'no published run on this generation: the Hopper default (0.40) is used' },
  cdna3: { mfu: 0.4, basis: 'no published run on this generation: the Hopper default (0.40) is used' },
  'tpu-v5': { mfu: 0.4, basis: 'no published run on this generation: the Hopper default (0.40) is used' },
  turing: { mfu: 0.4, basis: 'an assumption: no published run on this generation, the Hopper default (0.40) is used' },
  'blackwell-ultra': { mfu: 0.4, basis: 'an assumption: no published run on this generation, the Hopper default (0.40) is used' },
  'tpu-v6': { mfu: 0.4, basis: 'an assumption: no published run on this generation, the Hopper default (0.40) is used' },
};

/** GPU count assumed when nothing states the world size: one 8-GPU node. */
export const DEFAULT_GPU_COUNT = 8;

/** When nothing says which accelerator: the one most published open runs used (docs/published-runs.md#runs-with-accelerator-hours). */
export const DEFAULT_ACCELERATOR_ID = 'A100-80GB';

const normalize = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');

/** Case-insensitive match on id or alias: `h100`, `H100-SXM`, `a100_80gb`. */
/** The accelerator's memory in bytes: the catalog states decimal gigabytes (1e9 bytes), as vendors do. */
export function memoryBytes(acc: Accelerator): number {
  return acc.memoryGB * 1e9;
}

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
