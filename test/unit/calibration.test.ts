// How the default MFUs in src/core/hardware.ts were chosen, recomputed: the median implied MFU
// (PaLM convention, the one GPU-hours use) of the published runs of docs/published-runs.md#runs-with-accelerator-hours with a
// known architecture. If a run is added or the FLOP convention changes, this says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  countParams,
  flopsPerToken,
  DEFAULT_MFU,
  findAccelerator,
  peakFor,
  estimate,
  type Architecture,
  type Generation,
  type TrainingPlan,
  emptyPlan,
} from '../../src/core/index';

const llama1 = (layers: number, d: number, heads: number, ffn: number): Architecture => ({
  layers,
  dModel: d,
  heads,
  kvHeads: heads,
  headDim: d / heads,
  ffn,
  mlp: 'glu',
  vocab: 32000,
  seqLen: 2048,
  positions: 'rotary',
  norm: 'rmsnorm',
  linearBias: false,
  tiedEmbeddings: false,
});
const llama2 = (layers: number, d: number, heads: number, kv: number, ffn: number): Architecture => ({
  ...llama1(layers, d, heads, ffn),
  kvHeads: kv,
  seqLen: 4096,
});
const pythia = (layers: number, d: number, heads: number, vocab = 50304): Architecture => ({
  layers,
  dModel: d,
  heads,
  kvHeads: heads,
  headDim: d / heads,
  ffn: 4 * d,
  mlp: 'mlp',
  vocab,
  seqLen: 2048,
  positions: 'rotary',
  norm: 'layernorm',
  linearBias: true,
  tiedEmbeddings: false,
});
const gpt2 = (layers: number, d: number, heads: number, bias = true): Architecture => ({
  layers,
  dModel: d,
  heads,
  kvHeads: heads,
  headDim: d / heads,
  ffn: 4 * d,
  mlp: 'mlp',
  vocab: bias ? 50257 : 50304,
  seqLen: 1024,
  positions: 'learned',
  norm: bias ? 'layernorm' : 'rmsnorm',
  linearBias: bias,
  tiedEmbeddings: true,
});

const PYTHIA_TOKENS = 299_892_736_000;

/** docs/published-runs.md#runs-with-accelerator-hours: [name, architecture, tokens, accelerator, accelerator-hours]. */
const RUNS: Array<[string, Architecture, number, string, number]> = [
  // LLaMA 1 (arXiv 2302.13971 Tables 2 and 15).
  ['LLaMA-7B', llama1(32, 4096, 32, 11008), 1.0e12, 'A100-80GB', 82_432],
  ['LLaMA-13B', llama1(40, 5120, 40, 13824), 1.0e12, 'A100-80GB', 135_168],
  ['LLaMA-33B', llama1(60, 6656, 52, 17920), 1.4e12, 'A100-80GB', 530_432],
  ['LLaMA-65B', llama1(80, 8192, 64, 22016), 1.4e12, 'A100-80GB', 1_022_362],
  // Llama 2 model card.
  ['Llama 2 7B', llama2(32, 4096, 32, 32, 11008), 2.0e12, 'A100-80GB', 184_320],
  ['Llama 2 13B', llama2(40, 5120, 40, 40, 13824), 2.0e12, 'A100-80GB', 368_640],
  ['Llama 2 70B', llama2(80, 8192, 64, 8, 28672), 2.0e12, 'A100-80GB', 1_720_320],
  // Pythia (arXiv 2304.01373 Table 5).
  ['Pythia 70M', pythia(6, 512, 8), PYTHIA_TOKENS, 'A100-40GB', 510],
  ['Pythia 160M', pythia(12, 768, 12), PYTHIA_TOKENS, 'A100-40GB', 1_030],
  ['Pythia 410M', pythia(24, 1024, 16), PYTHIA_TOKENS, 'A100-40GB', 2_540],
  ['Pythia 1B', pythia(16, 2048, 8), PYTHIA_TOKENS, 'A100-40GB', 4_830],
  ['Pythia 1.4B', pythia(24, 2048, 16), PYTHIA_TOKENS, 'A100-40GB', 7_120],
  ['Pythia 2.8B', pythia(32, 2560, 32), PYTHIA_TOKENS, 'A100-40GB', 14_240],
  ['Pythia 6.9B', pythia(32, 4096, 32, 50432), PYTHIA_TOKENS, 'A100-40GB', 33_500],
  ['Pythia 12B', pythia(36, 5120, 40, 50688), PYTHIA_TOKENS, 'A100-40GB', 72_300],
  // nanoGPT: 600k iters × 491,520 tokens on 8×A100-40GB for ~4 days.
  ['nanoGPT 124M', gpt2(12, 768, 12, false), 294_912_000_000, 'A100-40GB', 768],
  // llm.c scripts.
  ['llm.c 124M', gpt2(12, 768, 12), 10e9, 'A100-80GB', 12.6],
  ['llm.c 350M', gpt2(24, 1024, 16), 31.5e9, 'A100-80GB', 110],
  ['llm.c 774M', gpt2(36, 1280, 20), 150e9, 'A100-80GB', 1_080],
  // Hopper.
  ['llm.c 1558M', gpt2(48, 1600, 25), 32e9, 'H100-SXM', 192],
  ['llm.c 124M on H100', gpt2(12, 768, 12), 10e9, 'H100-SXM', 6],
  // modded-nanogpt's attention windows differ; a 1024-token context stands in for the attention term.
  ['modded-nanogpt (Jan 2025)', gpt2(12, 768, 12), 0.73e9, 'H100-SXM', 0.45],
];

function impliedMfu(arch: Architecture, tokens: number, gpu: string, hours: number): number {
  const acc = findAccelerator(gpu)!;
  const flops = flopsPerToken(arch, countParams(arch), 'palm') * tokens;
  return flops / (hours * 3600 * peakFor(acc, 'bf16')!.tflops * 1e12);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

test('default MFUs are the medians of the published runs, rounded to 0.01', () => {
  const byGen = new Map<Generation, number[]>();
  for (const [, arch, tokens, gpu, hours] of RUNS) {
    const gen = findAccelerator(gpu)!.generation;
    byGen.set(gen, [...(byGen.get(gen) ?? []), impliedMfu(arch, tokens, gpu, hours)]);
  }
  assert.equal(byGen.get('ampere')!.length, 19);
  for (const [gen, mfus] of byGen) {
    assert.equal(DEFAULT_MFU[gen].mfu, Number(median(mfus).toFixed(2)), `${gen}: median of ${mfus.map((m) => m.toFixed(2)).join(', ')}`);
  }
});

// With the throughput model (#16), a plan that states no layout (no compile, the default batch,
// the default 8 GPUs) is priced on the layout it can run: as it is when it fits, else the
// smallest standard split that fits (core/assumedSplit.ts: ZeRO-1, then sharding inside the
// node, then tensor/pipeline parallelism, with selective recompute before full). On these 22
// runs that gives a median 0.80× of their hours. Before the split was assumed, the 7B–34B models
// were priced as plain DDP with full recompute, a layout that cannot run on 80 GB, and landed
// at 0.96×; the runs themselves recomputed activations (Meta, Pythia) or split further than
// memory needed (Pythia 12B: tp 4 on 256 GPUs), which a bare plan does not assume. llm.c's fused
// kernels are faster than the uncompiled default, hence > 1 there.
// test/unit/throughput-published-runs.test.ts judges the model with each run's stated layout.
// This holds the bare-plan figures where they are.
test('GPU-hours of bare plans (no layout) land within 2.5× of every published run; median ratio held at 0.80', () => {
  const ratios: number[] = [];
  for (const [name, arch, tokens, gpu, hours] of RUNS) {
    const plan: TrainingPlan = {
      ...emptyPlan,
      architecture: { value: arch, origin: 'stated', source: 'test' },
      tokens: { value: tokens, origin: 'stated', source: 'test' },
      gpu: { value: gpu, origin: 'stated', source: 'test' },
    };
    const e = estimate(plan);
    const ratio = e.gpuHours! / hours;
    ratios.push(ratio);
    assert.ok(ratio > 0.4 && ratio < 2.5, `${name}: predicted ${e.gpuHours!.toFixed(0)} vs published ${hours} GPU-h`);
  }
  assert.ok(Math.abs(median(ratios) - 0.8) < 0.03, `median ratio ${median(ratios)}`);
});
