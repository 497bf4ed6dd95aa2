// MaxText reader against docs/configs.md#reference-configs cases #18 and #19, the model_name registry,
// base.yml defaults, global_parameter_scale, and hostile input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maxtextReader } from '../../src/configs/readers/maxtext';
import { MAXTEXT_MODELS, maxtextScales } from '../../src/configs/registry/maxtext';
import type { ReadContext } from '../../src/configs/types';
import { codes, field, fixture as anyFixture, fixtureIn, lineOf, params } from './reader-helpers';

const fixture = fixtureIn('maxtext');
const read = (text: string, ctx: ReadContext = {}) => maxtextReader.read(text, 'config.yml', ctx);

test('#18 llama3-8b: 8,030,261,248 parameters; base.yml training defaults × chips', () => {
  const text = fixture('llama3-8b.yml');
  const r = read(text, { defaults: { gpus: 64 } });
  assert.deepEqual(r.problems, []);
  assert.equal(r.format, 'maxtext');
  assert.equal(params(r).total, 8_030_261_248);
  const a = r.plan.architecture!.value;
  assert.equal(a.mlp, 'glu');
  assert.equal(a.headDim, 128);
  assert.equal(a.tiedEmbeddings, false);
  assert.equal(field(r, 'base_emb_dim')?.range?.startLine, lineOf(text, 'base_emb_dim: 4096'));
  // steps 150_001, per_device_batch_size 12.0, max_target_length 2048 from base.yml.
  assert.equal(r.plan.steps?.value, 150_001);
  assert.equal(r.plan.steps?.origin, 'default');
  assert.equal(r.plan.batchTokens?.value, 12 * 64 * 2048);
  assert.equal(r.plan.tokens.value, 150_001 * 12 * 2048 * 64);
  assert.equal(r.plan.gpuCount?.value, 64);
  assert.equal(r.plan.precision?.value, 'bf16');
  assert.equal(r.plan.learningRate?.value, 3e-5);
});

test('#18 without a device count: 8 assumed, with a warning and a quick fix', () => {
  const r = read(fixture('llama3-8b.yml'));
  const p = r.problems.find((x) => x.code === 'assumed-gpu-count');
  assert.ok(p);
  assert.equal(p.fix?.kind, 'add-directive');
  assert.equal(r.plan.gpuCount?.origin, 'assumed');
  assert.equal(r.plan.tokens.value, 150_001 * 12 * 2048 * 8);
  assert.equal(r.plan.tokens.origin, 'assumed');
});

test('#19 mixtral-8x7b: 46,702,792,704 total, 12,879,925,248 active', () => {
  const r = read(fixture('mixtral-8x7b.yml'), { overrides: { gpus: 8 } });
  assert.deepEqual(r.problems, []);
  const c = params(r);
  assert.equal(c.total, 46_702_792_704);
  assert.equal(c.active, 12_879_925_248);
  assert.deepEqual(r.plan.architecture!.value.moe, { experts: 8, topK: 2, expertFfn: 14336, sharedExperts: 0, denseLayers: 0 });
});

test('Run config with model_name: `150_001` and `3.e-5` strings, devices × accumulation', () => {
  const text = fixture('llama3-8b-v5p.yml');
  const r = read(text);
  assert.deepEqual(r.problems, []);
  assert.equal(params(r).total, 8_030_261_248);
  assert.equal(r.plan.steps?.value, 150_001);
  assert.equal(r.plan.steps?.origin, 'stated');
  assert.equal(r.plan.steps?.range?.startLine, lineOf(text, 'steps: 150_001'));
  assert.equal(r.plan.learningRate?.value, 3e-5);
  assert.equal(r.plan.gpuCount?.value, 256); // directive
  assert.equal(r.plan.seqLen?.value, 8192);
  // 4.0 per device × 256 devices × 2 accumulation × 8192 tokens.
  assert.equal(r.plan.batchTokens?.value, 4 * 256 * 2 * 8192);
  assert.equal(r.plan.tokens.value, 150_001 * 4 * 256 * 2 * 8192);
  assert.equal(r.plan.batchTokens?.range?.startLine, lineOf(text, 'per_device_batch_size: 4.0'));
  // The architecture comes from the overlay; its hints sit on the model_name line.
  assert.equal(field(r, 'model_name')?.range?.startLine, lineOf(text, 'model_name:'));
});

test('Every registry model counts to its published total', () => {
  for (const [name, model] of Object.entries(MAXTEXT_MODELS)) {
    const r = read(`model_name: "${name}"\n`, { defaults: { gpus: 8 } });
    const c = params(r);
    if (model.publishedParams !== undefined) assert.equal(c.total, model.publishedParams, name);
    assert.ok(c.total > 1e9, name);
  }
  // Gemma 7B with MaxText's 256128 vocabulary rows (HF has 256000: 8,537,680,896 + 128 × 3072).
  assert.equal(params(read('model_name: gemma-7b\n')).total, 8_537_680_896 + 128 * 3072);
});

test('model_name overrides the file; unknown names warn', () => {
  const over = read('model_name: llama3-8b\nbase_emb_dim: 2048\n');
  assert.equal(over.plan.architecture!.value.dModel, 4096);
  const p = over.problems.find((x) => x.code === 'overridden-value');
  assert.ok(p);
  assert.equal(p.range?.startLine, 1);
  const unknown = read('model_name: my-private-model\nbase_emb_dim: 1024\nbase_num_query_heads: 8\nbase_num_kv_heads: 8\n');
  assert.ok(codes(unknown).includes('unknown-model'));
  assert.equal(unknown.plan.architecture!.value.dModel, 1024);
});

test('base.yml defaults and global_parameter_scale', () => {
  const r = read('per_device_batch_size: 1\n', { defaults: { gpus: 4 } });
  const a = r.plan.architecture!.value;
  assert.deepEqual([a.dModel, a.heads, a.kvHeads, a.ffn, a.layers, a.vocab], [2048, 16, 16, 7168, 16, 32000]);
  assert.equal(field(r, 'base_emb_dim')?.origin, 'default');
  const scaled = read('global_parameter_scale: 8\nper_device_batch_size: 1\n').plan.architecture!.value;
  assert.deepEqual([scaled.dModel, scaled.heads, scaled.kvHeads, scaled.ffn, scaled.layers], [4096, 32, 32, 14336, 32]);
  assert.deepEqual(maxtextScales(2), { emb: 0, heads: 1, mlp: 1, layers: 0 });
  assert.deepEqual(maxtextScales(4), { emb: 1, heads: 1, mlp: 1, layers: 0 });
  assert.equal(maxtextScales(3), null);
  const bad = read('global_parameter_scale: 3\n');
  assert.equal(bad.plan.architecture, null);
  assert.ok(codes(bad).includes('invalid-value'));
});

test('steps -1 takes learning_rate_schedule_steps; fractional per-device batches truncate', () => {
  const r = read('base_emb_dim: 1024\nsteps: -1\nlearning_rate_schedule_steps: 5000\nper_device_batch_size: 0.5\n', { defaults: { gpus: 9 } });
  assert.equal(r.plan.steps?.value, 5000);
  assert.equal(r.plan.batchTokens?.value, 4 * 2048); // int(0.5 × 9) = 4
  assert.ok(codes(r).includes('rounded-value'));
  const none = read('base_emb_dim: 1024\nsteps: -1\n');
  assert.equal(none.plan.tokens.value, null);
  assert.ok(codes(none).includes('invalid-value'));
});

test('Unsupported blocks warn', () => {
  const next = read('base_emb_dim: 2048\ndecoder_block: "qwen3_next"\n');
  assert.ok(codes(next).includes('approximate-count'));
});

test('multi-head latent attention is counted: DeepSeek-V3, V2-Lite and Kimi K2 equal their published totals; V3.2 indexer refused', () => {
  // DeepSeek-V3 without its MTP module: 671,026,419,200, the 58 × 256 routed_bias (e_score_correction_bias) included;
  // the same total the Megatron reader gives from DeepSeek-R1.conf.sh plus those biases.
  const v3 = read(fixture('deepseek3-671b.yml'));
  assert.deepEqual(v3.plan.architecture?.value.mla, { qLoraRank: 1536, kvLoraRank: 512, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128 });
  assert.equal(params(v3).total, 671_026_419_200);
  assert.equal(params(v3).active, 37_552_297_472);
  assert.ok(!codes(v3).includes('approximate-count'));
  // DeepSeek-V2-Lite (q_lora_rank 0: no query compression): 15,706,484,224, and Kimi K2 (384 experts,
  // one dense layer): 1,026,408,232,448 — both also by hand from their shapes (27 × 13,767,168 + 67,239,936
  // + 26 × 571,080,704 + 2 × 102,400 × 2048 + 2048; 61 × 101,138,432 + 396,361,728 + 60 × 16,958,226,816
  // + 2 × 163,840 × 7168 + 7168).
  assert.equal(params(read(fixture('deepseek2-16b.yml'))).total, 15_706_484_224);
  assert.equal(params(read(fixture('kimi-k2-1t.yml'))).total, 1_026_408_232_448);
  const v32 = read(fixture('deepseek3.2-671b.yml'));
  assert.equal(v32.plan.architecture, null);
  assert.ok(v32.problems.some((p) => /use_indexer/.test(p.message)));
});

test('Impossible values become problems at their line, never throws or NaN', () => {
  const base = fixture('llama3-8b.yml');
  const cases: Array<[string, string]> = [
    ['base_num_decoder_layers: 32', 'base_num_decoder_layers: -1'],
    ['base_num_query_heads: 32', 'base_num_query_heads: 0'],
    ['base_emb_dim: 4096', 'base_emb_dim: "wide"'],
    ['head_dim: 128', 'head_dim: 1e308'],
    ['mlp_activations: ["silu","linear"]', 'mlp_activations: [1, 2]'],
  ];
  for (const [from, to] of cases) {
    const text = base.replace(from, to);
    const r = read(text);
    assert.equal(r.plan.architecture, null, to);
    const p = r.problems.find((x) => x.code === 'invalid-value');
    assert.ok(p, `${to}: ${JSON.stringify(r.problems)}`);
    assert.equal(p.range?.startLine, lineOf(text, to), to);
  }
  const kv = read(base.replace('base_num_kv_heads: 8', 'base_num_kv_heads: 5'));
  assert.equal(kv.plan.architecture, null);
  const tiny = read('base_emb_dim: 1024\nper_device_batch_size: 0.01\n', { defaults: { gpus: 8 } });
  assert.equal(tiny.plan.tokens.value, null);
  assert.ok(codes(tiny).includes('invalid-value'));
  for (const text of ['', 'steps: [', '- a', 'steps: abc\nbase_emb_dim: 8\n', 'base_emb_dim: 8\nsteps: 1e300\nper_device_batch_size: 1e300\n']) {
    const r = read(text);
    for (const v of [r.plan.tokens.value, r.plan.batchTokens?.value, r.plan.steps?.value]) {
      if (typeof v === 'number') assert.ok(Number.isFinite(v) && v >= 0, `${text}: ${v}`);
    }
  }
});

test('detect: MaxText files high; llm-foundry, OLMo, NeoX, litgpt-style, CI low', () => {
  for (const f of ['llama3-8b.yml', 'mixtral-8x7b.yml', 'llama3-8b-v5p.yml']) assert.ok(maxtextReader.detect(fixture(f), f) >= 0.8, f);
  const others = [
    anyFixture('llm-foundry/mpt-125m.yaml'),
    anyFixture('olmo/OLMo-1B.yaml'),
    anyFixture('gpt-neox/pythia-14m.yml'),
    'model_name: tiny-llama-1.1b\ntrain:\n  global_batch_size: 512\n  max_tokens: 3000000000000\n',
    'name: CI\non: [push]\njobs: {}\n',
  ];
  for (const t of others) assert.ok(maxtextReader.detect(t, 'x.yml') < 0.5, t.slice(0, 40));
});

test('CRLF line endings read the same; pathological text stays fast', { timeout: 60_000 }, () => {
  const text = fixture('llama3-8b-v5p.yml').replace(/\n/g, '\r\n');
  assert.ok(maxtextReader.detect(text, 'x') >= 0.8);
  const r = read(text);
  assert.equal(r.plan.tokens.value, 150_001 * 4 * 256 * 2 * 8192);
  const hostile = [
    '\n'.repeat(200_000) + 'x',
    ' '.repeat(200_000),
    'model:\n' + '  '.repeat(100_000),
    'a:'.repeat(100_000),
    '[' + 'a'.repeat(100_000),
    '"'.repeat(100_000),
    ('x = ' + ' '.repeat(5000) + '\n').repeat(50),
  ];
  for (const h of hostile) {
    maxtextReader.detect(h, 'x.yaml');
    read(h);
  }
});

test('decoder_block gpt3 (MaxText gpt3-175b.yml): LayerNorm with bias and biased linears, counted exactly', () => {
  const r = read(anyFixture('wild/configs/AI-Hypercomputer__maxtext/src/maxtext/configs/models/gpt3-175b.yml'));
  const d = 12288;
  // Tied 50,304-row embedding, 16,384 learned positions, 96 × (12d² + 13d: fused QKV 3d² + 3d,
  // output d² + d, MLP 8d² + 5d, two LayerNorms 4d), final LayerNorm 2d.
  assert.equal(params(r).total, 50304 * d + 16384 * d + 96 * (12 * d * d + 13 * d) + 2 * d);
  assert.equal(params(r).total, 174_780_997_632);
  assert.ok(!codes(r).includes('approximate-count'));
});

test('ici_tensor_parallelism: 1e308 is an error at its line and leaves the run setup (found by the fuzz suite: the step time was infinite)', () => {
  const text = fixture('llama3-8b-v5p.yml').replace('ici_tensor_parallelism: 1', 'ici_tensor_parallelism: 1e308');
  assert.match(text, /ici_tensor_parallelism: 1e308/);
  const r = read(text);
  const problem = r.problems.find((p) => p.code === 'invalid-value');
  assert.equal(problem?.message, 'ici_tensor_parallelism: tensor-parallel size must be a whole number from 1 to 1e15, got 1e+308');
  assert.equal(problem?.range?.startLine, lineOf(text, 'ici_tensor_parallelism: 1e308'));
  assert.equal(r.plan.setup?.parallel?.tp, undefined);
});

test('decoder blocks counted exactly against published totals (models/*.yml at e591f30)', () => {
  // Gemma 2 2B: base_num_decoder_layers 13 is half the 26 layers ("we merge [local_attention,
  // global_attention] into one layer"); four norms per layer. Hugging Face google/gemma-2-2b,
  // vocabulary 256,000: 2,614,341,888; MaxText's table has 256,128 rows: + 128 × 2304.
  const g2 = read(fixture('gemma2-2b.yml'));
  assert.equal(g2.plan.architecture?.value.layers, 26);
  assert.equal(g2.plan.architecture?.value.blockNorms, 4);
  assert.deepEqual(g2.plan.architecture?.value.slidingWindow, { window: 4096, layers: 13 });
  assert.equal(params(g2).total, 2_614_341_888 + 128 * 2304);
  assert.ok(!codes(g2).includes('approximate-count'));
  // Gemma 3 4B (text): q/k norms over head_dim, four norms per layer; HF text model (262,208 rows) 3,880,263,168, here 262,144 rows.
  const g3 = read(fixture('gemma3-4b.yml'));
  assert.equal(params(g3).total, 3_880_263_168 - 64 * 2560);
  assert.equal(g3.plan.architecture?.value.slidingWindow?.layers, 29); // five local in every six, 34 layers
  // Qwen3 30B-A3B (use_qk_norm): Qwen/Qwen3-30B-A3B 30,532,122,624. Qwen2.5 7B (attention_bias on q, k, v): 7,615,616,512.
  assert.equal(params(read(fixture('qwen3-30b-a3b.yml'))).total, 30_532_122_624);
  assert.equal(params(read(fixture('qwen2.5-7b.yml'))).total, 7_615_616_512);
  // Llama 4 Maverick: interleave_moe_layer_step 2, so 24 of 48 layers route (layer i when (i + 1) % 2 == 0).
  // By hand: 48 × attention 62,914,560 + 24 dense MLPs × 251,658,240 + 24 × (128 + 1 shared) × 125,829,120
  // + 24 routers × 655,360 + 97 norms × 5120 + 2 × 202,048 × 5120.
  const l4 = read(fixture('llama4-17b-128e.yml'));
  const hand = 48 * 62_914_560 + 24 * 251_658_240 + 24 * 129 * 125_829_120 + 24 * 655_360 + 97 * 5120 + 2 * 202_048 * 5120;
  assert.equal(hand, 400_711_848_960);
  assert.equal(params(l4).total, hand);
});

test('gpt_oss and olmo3 blocks counted exactly (were Llama-style approximations)', () => {
  // gpt-oss: q/k/v/o biases (attention_bias), one sink logit per query head (attention_sink),
  // biases on every expert's wi_0, wi_1, wo (mlp_bias) and the router (routed_bias); alternating
  // sliding and global layers. Published totals (keras-hub gpt_oss_presets.py): 20,914,757,184
  // and 116,829,156,672. Before: 20,908,120,128, short of 24 × (32 × 3 × 2880 + 64) by the sinks and expert biases.
  const oss = read(fixture('gpt-oss-20b.yml'));
  assert.equal(params(oss).total, 20_914_757_184);
  assert.equal(params(oss).total - 20_908_120_128, 24 * (32 * 3 * 2880 + 64));
  assert.deepEqual(oss.plan.architecture?.value.slidingWindow, { window: 128, layers: 12 });
  assert.ok(!codes(oss).includes('approximate-count'));
  assert.equal(params(read(fixture('gpt-oss-120b.yml'))).total, 116_829_156_672);
  // OLMo 3: a global q/k norm over all heads (GlobalRMSNorm, heads × head_dim = 4096 each for q
  // and k); three sliding-window layers in four. By hand, 7B: 2 × 100,278 × 4096 untied + 32 ×
  // (4 × 4096² + 3 × 4096 × 11008 + 2 × 4096 norms + 2 × 4096 q/k norms) + 4096 = 7,298,011,136,
  // the count of the Hugging Face config (allenai/Olmo-3-1025-7B) read by the hf-config reader.
  const o7 = read(fixture('olmo3-7b.yml'));
  const hand7 = 2 * 100_278 * 4096 + 32 * (4 * 4096 ** 2 + 3 * 4096 * 11008 + 4 * 4096) + 4096;
  assert.equal(hand7, 7_298_011_136);
  assert.equal(params(o7).total, hand7);
  assert.equal(o7.plan.architecture?.value.qkNorm, 'full');
  assert.deepEqual(o7.plan.architecture?.value.slidingWindow, { window: 4096, layers: 24 });
  assert.ok(!codes(o7).includes('approximate-count'));
  // 32B, GQA 40/8: q norm 5120, k norm 8 × 128 = 1024 per layer.
  const hand32 = 2 * 100_278 * 5120 + 64 * (2 * 5120 ** 2 + 2 * 5120 * 1024 + 3 * 5120 * 27648 + 2 * 5120 + 5120 + 1024) + 5120;
  assert.equal(params(read(fixture('olmo3-32b.yml'))).total, hand32);
  assert.equal(hand32, 32_233_522_176);
});

test('shapes the model does not express, and distillation configs, are not counted rather than guessed', () => {
  const custom = read(fixture('qwen3-custom-30b-a3b.yml'));
  assert.equal(custom.plan.architecture, null);
  const p = custom.problems.find((x) => x.code === 'unsupported-architecture');
  assert.match(p?.message ?? '', /attention_output_dim 768/);
  const text = fixture('distillation_gpt_oss_20b.yml');
  const d = read(text);
  assert.equal(d.plan.architecture, null);
  const q = d.problems.find((x) => x.code === 'unsupported-architecture');
  assert.match(q?.message ?? '', /distillation config/);
  assert.equal(q?.range?.startLine, lineOf(text, 'student_overrides:'));
});

test("a flow list closed at column 0 (deepseek3-671b-2dfsdp.yml's logical_axis_rules), which PyYAML accepts, is read", () => {
  const r = read(fixture('deepseek3-671b-2dfsdp.yml'));
  assert.ok(!codes(r).includes('parse-error'), JSON.stringify(r.problems));
  assert.equal(params(r).total, 671_026_419_200);
});
