// The 25 architectures of docs/published-runs.md#exact-parameter-counts must count exactly, total and (where published)
// non-embedding. These are the public counts users compare us against.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countParams, flopsPerToken } from '../../src/core/model';
import { validateArchitecture, type Architecture } from '../../src/core/architecture';

const gpt2 = (layers: number, d: number, heads: number): Architecture => ({
  layers,
  dModel: d,
  heads,
  kvHeads: heads,
  headDim: d / heads,
  ffn: 4 * d,
  mlp: 'mlp',
  vocab: 50257,
  seqLen: 1024,
  positions: 'learned',
  norm: 'layernorm',
  linearBias: true,
  tiedEmbeddings: true,
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
const llama = (layers: number, d: number, heads: number, kvHeads: number, ffn: number, vocab: number, extra: Partial<Architecture> = {}): Architecture => ({
  layers,
  dModel: d,
  heads,
  kvHeads,
  headDim: d / heads,
  ffn,
  mlp: 'glu',
  vocab,
  seqLen: 4096,
  positions: 'rotary',
  norm: 'rmsnorm',
  linearBias: false,
  tiedEmbeddings: false,
  ...extra,
});

const cases: Array<{ name: string; arch: Architecture; total: number; nonEmbedding?: number; active?: number }> = [
  { name: 'GPT-2 small', arch: gpt2(12, 768, 12), total: 124_439_808, nonEmbedding: 85_056_000 },
  { name: 'GPT-2 medium', arch: gpt2(24, 1024, 16), total: 354_823_168 },
  { name: 'GPT-2 large', arch: gpt2(36, 1280, 20), total: 774_030_080 },
  { name: 'GPT-2 XL', arch: gpt2(48, 1600, 25), total: 1_557_611_200 },
  { name: 'Pythia 70M', arch: pythia(6, 512, 8), total: 70_426_624, nonEmbedding: 18_915_328 },
  { name: 'Pythia 160M', arch: pythia(12, 768, 12), total: 162_322_944, nonEmbedding: 85_056_000 },
  { name: 'Pythia 410M', arch: pythia(24, 1024, 16), total: 405_334_016, nonEmbedding: 302_311_424 },
  { name: 'Pythia 1B', arch: pythia(16, 2048, 8), total: 1_011_781_632, nonEmbedding: 805_736_448 },
  { name: 'Pythia 1.4B', arch: pythia(24, 2048, 16), total: 1_414_647_808, nonEmbedding: 1_208_602_624 },
  { name: 'Pythia 2.8B', arch: pythia(32, 2560, 32), total: 2_775_208_960, nonEmbedding: 2_517_652_480 },
  { name: 'Pythia 6.9B', arch: pythia(32, 4096, 32, 50432), total: 6_857_302_016, nonEmbedding: 6_444_163_072 },
  { name: 'Pythia 12B', arch: pythia(36, 5120, 40, 50688), total: 11_846_072_320, nonEmbedding: 11_327_027_200 },
  { name: 'Llama-2 7B', arch: llama(32, 4096, 32, 32, 11008, 32000), total: 6_738_415_616 },
  { name: 'Llama-2 13B', arch: llama(40, 5120, 40, 40, 13824, 32000), total: 13_015_864_320 },
  { name: 'Llama-2 70B', arch: llama(80, 8192, 64, 8, 28672, 32000), total: 68_976_648_192 },
  { name: 'Llama-3 8B', arch: llama(32, 4096, 32, 8, 14336, 128256), total: 8_030_261_248 },
  { name: 'Llama-3 70B', arch: llama(80, 8192, 64, 8, 28672, 128256), total: 70_553_706_496 },
  { name: 'Llama-3.1 405B', arch: llama(126, 16384, 128, 8, 53248, 128256), total: 405_853_388_800 },
  { name: 'Mistral 7B v0.1', arch: llama(32, 4096, 32, 8, 14336, 32000), total: 7_241_732_096 },
  {
    name: 'Mixtral 8x7B',
    arch: llama(32, 4096, 32, 8, 14336, 32000, { moe: { experts: 8, topK: 2, expertFfn: 14336, sharedExperts: 0, denseLayers: 0 } }),
    total: 46_702_792_704,
    active: 12_879_925_248,
  },
  { name: 'OLMo 7B (Feb 2024)', arch: llama(32, 4096, 32, 32, 11008, 50304, { norm: 'nonparametric' }), total: 6_888_095_744 },
  { name: 'OLMo 2 7B', arch: llama(32, 4096, 32, 32, 11008, 100352, { qkNorm: 'full' }), total: 7_298_617_344 },
  { name: 'TinyLlama 1.1B', arch: llama(22, 2048, 32, 4, 5632, 32000), total: 1_100_048_384 },
  { name: 'Qwen2.5 0.5B', arch: llama(24, 896, 14, 2, 4864, 151936, { qkvBias: true, tiedEmbeddings: true }), total: 494_032_768 },
  { name: 'Qwen2.5 7B', arch: llama(28, 3584, 28, 4, 18944, 152064, { qkvBias: true }), total: 7_615_616_512 },
  { name: 'SmolLM3 3B', arch: llama(36, 2048, 16, 4, 11008, 128256, { tiedEmbeddings: true }), total: 3_075_098_624 },
];

test('docs/published-runs.md#exact-parameter-counts lists 26 rows (25 models + GPT-2 small) and every one counts exactly', () => {
  assert.ok(cases.length >= 25);
  for (const c of cases) {
    assert.deepEqual(validateArchitecture(c.arch), [], c.name);
    const counts = countParams(c.arch);
    assert.equal(counts.total, c.total, `${c.name} total`);
    if (c.nonEmbedding !== undefined) assert.equal(counts.nonEmbedding, c.nonEmbedding, `${c.name} non-embedding`);
    assert.equal(counts.active, c.active ?? c.total, `${c.name} active`);
    assert.ok(Number.isSafeInteger(counts.total), `${c.name} is an exact integer`);
  }
});

test('MoE: dense-first layers, shared experts and layer frequency', () => {
  const base = llama(4, 64, 4, 4, 128, 100, { tiedEmbeddings: true });
  const dense = countParams(base);
  const expert = 3 * 64 * 32;
  const moe = countParams({ ...base, moe: { experts: 4, topK: 1, expertFfn: 32, sharedExperts: 1, sharedFfn: 64, denseLayers: 1 } });
  // Layers 1..3 replace the dense FFN (3·64·128) with 4 experts + 1 shared (3·64·64) + router 64·4.
  const perLayer = 4 * expert + 3 * 64 * 64 + 64 * 4 - 3 * 64 * 128;
  assert.equal(moe.total, dense.total + 3 * perLayer);
  assert.equal(moe.active, moe.total - 3 * 3 * expert);
  const everyOther = countParams({ ...base, moe: { experts: 4, topK: 1, expertFfn: 32, sharedExperts: 0, denseLayers: 0, layerFrequency: 2 } });
  assert.equal(everyOther.total, dense.total + 2 * (4 * expert + 64 * 4 - 3 * 64 * 128));
});

test('Chinchilla App. F FLOPs reproduce Table A4 ratios to 6ND within 0.01', () => {
  // Table A4: (params as reported, layers, d_model, ffw, heads, kq) and the App. F / 6ND ratio at
  // seq 2048. The printed ratios only come out when the embedding and final-logit terms
  // (2·V·d each, forward) are left out of the App. F side, so the check does the same.
  // Params are printed rounded (73M, 1.1B), so the check allows the rounding half-unit.
  const rows: Array<[number, number, number, number, number, number, number, number]> = [
    [73e6, 0.5e6, 10, 640, 2560, 10, 64, 1.03],
    [305e6, 0.5e6, 20, 1024, 4096, 16, 64, 1.1],
    [552e6, 0.5e6, 24, 1280, 5120, 10, 128, 1.08],
    [1.1e9, 0.05e9, 26, 1792, 7168, 14, 128, 1.04],
    [1.6e9, 0.05e9, 28, 2048, 8192, 16, 128, 1.03],
    [6.8e9, 0.05e9, 40, 3584, 14336, 28, 128, 0.99],
  ];
  for (const [params, halfUnit, layers, d, ffw, heads, kq, ratio] of rows) {
    const arch: Architecture = {
      layers,
      dModel: d,
      heads,
      kvHeads: heads,
      headDim: kq,
      ffn: ffw,
      mlp: 'mlp',
      vocab: 32000,
      seqLen: 2048,
      positions: 'rotary',
      norm: 'rmsnorm',
      linearBias: false,
      tiedEmbeddings: true,
    };
    const counts = countParams(arch);
    const withoutEmbeddings = flopsPerToken(arch, counts, 'chinchilla') - 3 * 2 * (2 * 32000 * d);
    const low = withoutEmbeddings / (6 * (params + halfUnit));
    const high = withoutEmbeddings / (6 * (params - halfUnit));
    assert.ok(ratio >= low - 0.005 && ratio <= high + 0.005, `${layers}x${d}: ratio ${low.toFixed(3)}..${high.toFixed(3)} vs ${ratio}`);
  }
});

test('PaLM convention matches nanoGPT estimate_mfu for GPT-2 small (N excludes wpe)', () => {
  const arch = gpt2(12, 768, 12);
  const counts = countParams(arch);
  const nanoGptN = counts.total - 1024 * 768; // get_num_params(non_embedding=True)
  assert.equal(flopsPerToken(arch, counts, 'palm'), 6 * nanoGptN + 12 * 12 * 12 * 64 * 1024);
});

test('impossible architectures are reported, not counted', () => {
  const bad = { ...llama(-2, 4096, 0, 8, 14336, 32000) };
  const problems = validateArchitecture(bad);
  assert.ok(problems.some((p) => p.field === 'layers'));
  assert.ok(problems.some((p) => p.field === 'heads'));
  assert.ok(validateArchitecture(llama(2, 64, 8, 3, 128, 100)).some((p) => p.field === 'kvHeads'));
});

test('layout fields each add exactly their weights, and the breakdown still sums to the total', () => {
  const base = llama(2, 64, 4, 2, 128, 100);
  const t0 = countParams(base).total;
  const delta = (extra: Partial<Architecture>) => countParams({ ...base, ...extra }).total - t0;
  assert.equal(delta({ outBias: true }), 2 * 64); // o_proj bias per layer
  assert.equal(delta({ mlpBias: true }), 2 * (2 * 128 + 64)); // gate, up and down biases per layer
  assert.equal(delta({ qkvBias: true, outBias: true, mlpBias: true }), delta({ linearBias: true }));
  assert.equal(delta({ blockNorms: 4 }), 2 * 2 * 64); // two more RMSNorms per layer
  assert.equal(delta({ blockNorms: 1 }), -2 * 64);
  assert.equal(delta({ finalNorm: false }), -64);
  assert.equal(delta({ embeddingNorm: true }), 64);
  assert.equal(delta({ lmHeadBias: true }), 100);
  assert.equal(delta({ attentionSinks: true }), 2 * 4); // one sink per head per layer
  // A 32-wide embedding: the vocab × 32 table and head, plus 32→64 and 64→32 projections, replace vocab × 64 twice.
  assert.equal(delta({ embedDim: 32 }), 2 * 100 * 32 + 2 * 32 * 64 - 2 * 100 * 64);
  const moe = { ...base, moe: { experts: 4, topK: 1, expertFfn: 16, sharedExperts: 0, denseLayers: 0 } };
  assert.equal(countParams({ ...moe, moe: { ...moe.moe, routerBias: true } }).total - countParams(moe).total, 2 * 4);
  // MLA with q_lora_rank 8, kv_lora_rank 16, nope 8, rope 4, v 8 (DeepseekV3Attention shapes).
  const mla = { ...base, mla: { qLoraRank: 8, kvLoraRank: 16, qkNopeHeadDim: 8, qkRopeHeadDim: 4, vHeadDim: 8 } };
  const attn = 64 * 8 + 8 + 8 * 4 * 12 + 64 * (16 + 4) + 16 + 16 * 4 * (8 + 8) + 4 * 8 * 64;
  assert.equal(countParams(mla).breakdown.attention, 2 * attn);
  for (const a of [mla, { ...base, embedDim: 32, lmHeadBias: true, embeddingNorm: true, blockNorms: 4 }]) {
    const c = countParams(a);
    const b = c.breakdown;
    assert.equal(b.tokenEmbedding + b.positionEmbedding + b.lmHead + b.attention + b.mlp + b.norms, c.total);
  }
});
