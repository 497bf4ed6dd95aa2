// examples/ is what a new user opens first (`npm start`): each file is read with the product's
// own analyze() at the default settings and must give the figures examples/README.md shows,
// and those figures are derived here independently of the product's code: parameter counts
// from model cards or the architecture, tokens from the config's own arithmetic, FLOPs from
// PaLM's 6N + 12·L·H·Q·T (Chowdhery et al. 2022, App. B), GPU-hours from NVIDIA's A100 peak.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyze } from '../../src/configs/analyze';
import { formatExponent, formatQuantity } from '../../src/core/index';

const EXAMPLES = join(__dirname, '..', '..', 'examples');

interface Expected {
  /** Total parameters (MoE: all experts). */
  readonly params: number;
  /** Parameters a token passes through (MoE: top-k experts); = params for dense models. */
  readonly active?: number;
  readonly tokens: number | null;
  /**
   * PaLM App. B per-token FLOPs 6N + 12·L·H·Q·T: N leaves out the parameters that are looked up
   * rather than multiplied (an untied input embedding, learned position embeddings), as
   * nanoGPT's estimate_mfu does; L layers, H·Q the attention width (query heads × head size),
   * T the sequence length.
   */
  readonly flops: { readonly lookup: number; readonly L: number; readonly HQ: number; readonly T: number } | null;
  readonly gpus: number;
  readonly gpu: 'A100-80GB' | 'A100-40GB';
}

// nanoGPT GPT-2 without biases (model.py, bias=False): per layer 12·d² plus two LayerNorm
// weights, then token and position embeddings (tied with the head) and the final LayerNorm.
const nanoGpt = (L: number, d: number, V: number, T: number) => L * (12 * d * d + 2 * d) + V * d + T * d + d;
// Llama-3-8B: 8,030,261,248 (meta-llama/Meta-Llama-3-8B model card, "8B"; the exact count of its
// safetensors); input embedding 128,256 × 4,096, untied.
const LLAMA3_8B = 8_030_261_248;

const EXPECTED: Record<string, Expected> = {
  // 12 layers, d 768, vocab 50304, block 1024; 12 × 1024 × (5 × 8) tokens per step × 600,000 steps.
  'nanogpt/train_gpt2.py': {
    params: nanoGpt(12, 768, 50304, 1024),
    tokens: 12 * 1024 * 40 * 600_000,
    flops: { lookup: 1024 * 768, L: 12, HQ: 768, T: 1024 },
    gpus: 8,
    gpu: 'A100-80GB',
  },
  // 6 layers, d 384, 65 characters, block 256; 64 × 256 × 5,000 steps.
  'nanogpt/train_shakespeare_char.py': {
    params: nanoGpt(6, 384, 65, 256),
    tokens: 64 * 256 * 5000,
    flops: { lookup: 256 * 384, L: 6, HQ: 384, T: 256 },
    gpus: 8,
    gpu: 'A100-80GB',
  },
  // Pythia-410M model card: 405,334,016 total; untied 50,304 × 1,024 input embedding; rotary.
  // 32 sequences × 32 GPUs × 2,048 × 143,000 steps (EleutherAI/pythia README: 299,892,736,000).
  'gpt-neox/pythia-410m.yml': {
    params: 405_334_016,
    tokens: 32 * 32 * 2048 * 143_000,
    flops: { lookup: 50304 * 1024, L: 24, HQ: 1024, T: 2048 },
    gpus: 32,
    gpu: 'A100-40GB',
  },
  // TinyLlama 1.1B: 1,100,048,384 (TinyLlama/TinyLlama-1.1B model card config: 22 layers, d 2048,
  // 32k vocabulary, untied); max_tokens 3e12.
  'litgpt/tinyllama.yaml': { params: 1_100_048_384, tokens: 3e12, flops: { lookup: 32000 * 2048, L: 22, HQ: 2048, T: 2048 }, gpus: 8, gpu: 'A100-80GB' },
  'hf/config.json': { params: 1_100_048_384, tokens: null, flops: null, gpus: 8, gpu: 'A100-80GB' },
  // 1,000 steps × seq 8,192 × local batch 1 × 8 GPUs (the default count).
  'torchtitan/llama3_8b.toml': {
    params: LLAMA3_8B,
    tokens: 1000 * 8192 * 8,
    flops: { lookup: 128256 * 4096, L: 32, HQ: 4096, T: 8192 },
    gpus: 8,
    gpu: 'A100-80GB',
  },
  // Megatron's NullTokenizer (mock data) has exactly --vocab-size = 128,256 rows, a multiple of
  // 128 (NVIDIA/Megatron-LM since c9dfe34, April 2026): Llama-3-8B's count. 1,953,125,000 samples × 8,192.
  'megatron/llama3_8b_fp8.sh': {
    params: LLAMA3_8B,
    tokens: 1_953_125_000 * 8192,
    flops: { lookup: 128256 * 4096, L: 32, HQ: 4096, T: 8192 },
    gpus: 8,
    gpu: 'A100-80GB',
  },
  // Mixtral-8x7B model card: 46.7B total, 12.9B active (exact: 46,702,792,704 / 12,879,925,248);
  // 500,000 iterations × 256 × 4,096; 4 nodes × 8 GPUs.
  'megatron/mixtral_8x7b.sh': {
    params: 46_702_792_704,
    active: 12_879_925_248,
    tokens: 500_000 * 256 * 4096,
    flops: { lookup: 32000 * 4096, L: 32, HQ: 4096, T: 4096 },
    gpus: 32,
    gpu: 'A100-80GB',
  },
  // OLMo-1B: 16 layers of 16·d² (attention 4d², fused SwiGLU d×8d in, 4d×d out), non-parametric
  // LayerNorm, tied 50,304-row embedding. 739,328 steps × 2,048 sequences × 2,048.
  'olmo/OLMo-1B.yaml': {
    params: 16 * 16 * 2048 ** 2 + 50304 * 2048,
    tokens: 739_328 * 2048 * 2048,
    flops: { lookup: 0, L: 16, HQ: 2048, T: 2048 },
    gpus: 8,
    gpu: 'A100-80GB',
  },
  // MPT-125M (llm-foundry defaults: biases, LayerNorm with bias, learned positions, tied):
  // per layer 12d² + 9d biases (qkv 3d, out d, up 4d, down d) + 2 × 2d LayerNorm, final
  // LayerNorm 2d, 50,368 + 2,048 rows. 4,800 batches × 256 × 2,048.
  'llm-foundry/mpt-125m.yaml': {
    params: 12 * (12 * 768 ** 2 + 9 * 768 + 4 * 768) + 2 * 768 + (50368 + 2048) * 768,
    tokens: 4800 * 256 * 2048,
    flops: { lookup: 2048 * 768, L: 12, HQ: 768, T: 2048 },
    gpus: 8,
    gpu: 'A100-80GB',
  },
  // SmolLM-135M model card: 134,515,008, tied. 2,000,000 steps × 8 × 64 (dp) × 2,048.
  'nanotron/config_smollm1_135M.yaml': {
    params: 134_515_008,
    tokens: 2_000_000 * 8 * 64 * 2048,
    flops: { lookup: 0, L: 30, HQ: 576, T: 2048 },
    gpus: 64,
    gpu: 'A100-80GB',
  },
  // 150,001 steps × 12 per device × 2,048 × 8 devices (the default count).
  'maxtext/llama3-8b.yml': {
    params: LLAMA3_8B,
    tokens: 150_001 * 12 * 2048 * 8,
    flops: { lookup: 128256 * 4096, L: 32, HQ: 4096, T: 2048 },
    gpus: 8,
    gpu: 'A100-80GB',
  },
};

// NVIDIA A100 datasheet: 312 dense BF16 TFLOPS (40 GB and 80 GB alike). The throughput model's
// tokens/s/GPU, the 0.9 cluster efficiency and the prices are the product's stated assumptions,
// read from its output; the hours are re-derived from them two ways (tokens and FLOPs).
const A100_PEAK = 312e12;
const CLUSTER_EFFICIENCY = 0.9;

interface Row {
  file: string;
  params: string;
  tokens: string;
  flops: string;
  hardware: string;
  gpuHours: string;
  cost: string;
}

/** The figures table of examples/README.md (the one with a "GPU-hours" column). */
function readmeRows(): Row[] {
  const lines = readFileSync(join(EXAMPLES, 'README.md'), 'utf8').split('\n');
  const header = lines.findIndex((l) => l.startsWith('|') && l.includes('GPU-hours'));
  assert.ok(header >= 0, 'examples/README.md has a table with a GPU-hours column');
  const rows: Row[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const [file = '', params = '', tokens = '', flops = '', hardware = '', gpuHours = '', cost = ''] = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    rows.push({ file: file.replace(/`/g, ''), params, tokens, flops, hardware, gpuHours, cost });
  }
  return rows;
}

const integer = (text: string) => Number(text.replace(/,/g, ''));

function exampleFiles(dir = EXAMPLES): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return exampleFiles(path);
    return e.name === 'README.md' ? [] : [relative(EXAMPLES, path).split('\\').join('/')];
  });
}

test('examples are plain files (not links into test/fixtures), each with its figures in the README', () => {
  const files = exampleFiles().sort();
  for (const f of files) assert.equal(lstatSync(join(EXAMPLES, f)).isSymbolicLink(), false, `${f} is a symlink`);
  assert.deepEqual(
    readmeRows()
      .map((r) => r.file)
      .sort(),
    files,
  );
  assert.deepEqual(Object.keys(EXPECTED).sort(), files);
});

for (const row of readmeRows()) {
  test(`examples/${row.file} reads to the README's figures`, () => {
    const x = EXPECTED[row.file];
    assert.ok(x, `no independent derivation for ${row.file}`);
    const a = analyze(readFileSync(join(EXAMPLES, row.file), 'utf8'), row.file);
    assert.ok(a.ok, a.ok ? '' : a.problem.message);
    assert.deepEqual(
      a.result.problems.filter((p) => p.severity === 'error'),
      [],
    );
    const e = a.estimate;

    // Parameters: exact, the README's and the independent derivation alike.
    const active = x.active ?? x.params;
    assert.equal(e.params.total, x.params);
    assert.equal(e.params.active, active);
    const [total, readmeActive] = [...row.params.matchAll(/[\d,]{2,}/g)].map((m) => integer(m[0]));
    assert.equal(total, x.params);
    if (x.active !== undefined) assert.equal(readmeActive, x.active);
    else assert.equal(readmeActive, undefined);

    // Hardware: the defaults unless the file names them.
    assert.equal(row.hardware, `${x.gpus} × ${x.gpu}`);
    assert.equal(e.hardware.gpu, x.gpu);
    assert.equal(e.hardware.count, x.gpus);

    if (x.tokens === null || x.flops === null) {
      assert.equal(e.tokens, null);
      assert.equal(e.flops.total, null);
      assert.equal(e.gpuHours, null);
      assert.equal(e.costUsd, null);
      for (const cell of [row.tokens, row.flops, row.gpuHours, row.cost]) assert.equal(cell, 'unknown');
      return;
    }
    assert.equal(e.tokens, x.tokens);
    assert.equal(integer(row.tokens), x.tokens);

    const perToken = 6 * (active - x.flops.lookup) + 12 * x.flops.L * x.flops.HQ * x.flops.T;
    const flops = perToken * x.tokens;
    assert.equal(e.flops.perToken, perToken);
    assert.ok(Math.abs(e.flops.total! - flops) <= 1e-12 * flops, `${e.flops.total} vs ${flops}`);
    assert.equal(row.flops, formatExponent(flops, 2));
    assert.equal(Number(row.flops), Number(flops.toPrecision(3)));

    const t = e.throughput!;
    assert.equal(t.source, 'model');
    const gpuHours = x.tokens / t.tokensPerSecPerGpu / 3600 / CLUSTER_EFFICIENCY;
    // The same hours from FLOPs at the model's MFU, which the A100 calibration rows bound (llm-foundry
    // MPT tables: 39–64% MFU in this convention; long contexts count 12·L·H·Q·T, MoE is not discounted).
    assert.ok(Math.abs(flops / (A100_PEAK * e.hardware.mfu) / 3600 / CLUSTER_EFFICIENCY - gpuHours) <= 1e-9 * gpuHours);
    assert.ok(e.hardware.mfu > 0.25 && e.hardware.mfu < 0.7, `${row.file}: MFU ${e.hardware.mfu}`);
    assert.ok(Math.abs(e.gpuHours! - gpuHours) <= 1e-12 * gpuHours);
    assert.equal(row.gpuHours, formatQuantity(gpuHours, 3));
    const cost = gpuHours * e.hardware.pricePerHour!;
    assert.equal(e.hardware.pricePerHour, x.gpu === 'A100-80GB' ? 1.75 : 2.0);
    assert.ok(Math.abs(e.costUsd! - cost) <= 1e-9 * cost);
    assert.equal(row.cost, `$${formatQuantity(cost, 3)}`);
  });
}

// The first thing README.md shows a new user: the TinyLlama example's lens and hints, exactly.
test('README.md shows what a new user sees on examples/litgpt/tinyllama.yaml at the defaults', async () => {
  const { lensText, hintSpecs } = await import('../../src/editor/present');
  const readme = readFileSync(join(EXAMPLES, '..', 'README.md'), 'utf8').replace(/\s+/g, ' ');
  const text = readFileSync(join(EXAMPLES, 'litgpt', 'tinyllama.yaml'), 'utf8');
  const a = analyze(text, 'tinyllama.yaml');
  assert.ok(a.ok);
  // The summary lens and the two hints, exactly as the editor renders them.
  const lens = lensText(a.result, a.estimate);
  assert.ok(readme.includes(lens.replace(/\s+/g, ' ')), `README does not show the lens "${lens}"`);
  for (const h of hintSpecs(a.result, a.estimate, { params: true, tokens: true, maxLength: 120 })) {
    assert.ok(readme.includes(`\`${h.text}\``), `README does not show the hint "${h.text}"`);
  }
});
