// Hugging Face family readers: config.json (#21), TrainingArguments / LLaMA-Factory (#22),
// DeepSpeed JSON (#24) and axolotl (#23), against docs/configs.md#reference-configs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hfConfigReader } from '../../src/configs/readers/hfConfig';
import { hfTrainerReader } from '../../src/configs/readers/hfTrainer';
import { deepspeedReader } from '../../src/configs/readers/deepspeed';
import { axolotlReader } from '../../src/configs/readers/axolotl';
import { litgptReader } from '../../src/configs/readers/litgpt';
import { nanotronReader } from '../../src/configs/readers/nanotron';
import { gptNeoxReader } from '../../src/configs/readers/gptNeox';
import type { ReadContext, ReadResult, Reader } from '../../src/configs/types';
import { detectFormat } from '../../src/configs/index';
import { assertSane, codes, field, fixture, foreignFiles, lineOf, params } from './reader-helpers';

const MINE: readonly Reader[] = [hfConfigReader, hfTrainerReader, deepspeedReader, axolotlReader, litgptReader, nanotronReader];

function read(reader: Reader, rel: string, ctx: ReadContext = {}): { r: ReadResult; text: string } {
  const text = fixture(rel);
  const r = reader.read(text, rel, ctx);
  assertSane(r);
  return { r, text };
}

// ---------------------------------------------------------------- config.json

test('#21 TinyLlama config.json: 1,100,048,384 parameters, no tokens', () => {
  const { r, text } = read(hfConfigReader, 'hf-config/tinyllama/config.json');
  assert.equal(r.format, 'hf-config');
  assert.equal(params(r).total, 1_100_048_384);
  assert.equal(r.plan.tokens.value, null);
  assert.match(r.plan.tokens.note ?? '', /not a training run/);
  assert.equal(r.plan.seqLen, null);
  assert.equal(r.plan.architecture?.value.seqLen, 2048);
  assert.deepEqual(r.problems, []);
  const layers = field(r, 'num_hidden_layers');
  assert.equal(layers?.origin, 'stated');
  assert.equal(layers?.role, 'architecture');
  assert.equal(layers?.range?.startLine, lineOf(text, '"num_hidden_layers"'));
  assert.equal(field(r, 'num_key_value_heads')?.range?.startLine, lineOf(text, '"num_key_value_heads"'));
  const a = r.plan.architecture.value;
  assert.equal(a.kvHeads, 4);
  assert.equal(a.mlp, 'glu');
  assert.equal(a.norm, 'rmsnorm');
  assert.equal(a.tiedEmbeddings, false);
});

test('config.json of other layouts: Qwen2.5 tied + qkv bias, GPT-2 learned positions, Mixtral MoE, Qwen-MoE shared expert', () => {
  const qwen = read(hfConfigReader, 'hf-config/qwen2.5-0.5b/config.json').r;
  assert.equal(params(qwen).total, 494_032_768);
  assert.equal(qwen.plan.architecture?.value.qkvBias, true);
  assert.equal(field(qwen, 'tie_word_embeddings')?.value, true);

  const gpt2 = read(hfConfigReader, 'hf-config/gpt2/config.json').r;
  assert.equal(params(gpt2).total, 124_439_808);
  assert.equal(gpt2.plan.architecture?.value.positions, 'learned');
  assert.equal(gpt2.plan.architecture?.value.tiedEmbeddings, true);

  const mixtral = read(hfConfigReader, 'hf-config/mixtral/config.json').r;
  assert.equal(params(mixtral).total, 46_702_792_704);
  assert.equal(params(mixtral).active, 12_879_925_248);

  // Qwen1.5-MoE-A2.7B shapes: the card's "14.3B total, 2.7B activated", exactly by formula.
  const qmoe = read(hfConfigReader, 'hf-config/qwen2-moe/config.json').r;
  assert.equal(params(qmoe).total, 14_315_784_192);
  assert.equal(params(qmoe).active, 2_689_173_504);
  assert.deepEqual(qmoe.plan.architecture?.value.moe, {
    experts: 60,
    topK: 4,
    expertFfn: 1408,
    sharedExperts: 1,
    sharedFfn: 5632,
    sharedExpertGate: true,
    denseLayers: 0,
  });
});

test('multimodal config.json counts the language model under text_config and says so', () => {
  const { r, text } = read(hfConfigReader, 'hf-config/llava/config.json');
  assert.equal(params(r).total, 6_738_939_904);
  const p = r.problems.find((x) => x.code === 'text-config');
  assert.equal(p?.severity, 'info');
  assert.equal(p?.range?.startLine, lineOf(text, '"text_config"'));
  assert.equal(field(r, 'text_config.num_hidden_layers')?.value, 32);
});

test('DeepSeek-V3 config.json: multi-head latent attention, shared experts and the router bias counted exactly', () => {
  const { r } = read(hfConfigReader, 'hf-config/deepseek-v3/config.json');
  const a = r.plan.architecture?.value;
  assert.ok(a, JSON.stringify(r.problems));
  assert.deepEqual(a.mla, { qLoraRank: 1536, kvLoraRank: 512, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128 });
  assert.equal(a.moe?.routerBias, true);
  // transformers DeepseekV3Attention per layer: q_a_proj d×1536 + q_a_layernorm 1536 + q_b_proj 1536×128·(128+64)
  // + kv_a_proj_with_mqa d×(512+64) + kv_a_layernorm 512 + kv_b_proj 512×128·(128+128) + o_proj 128·128×d.
  const d = 7168;
  const attention = d * 1536 + 1536 + 1536 * 128 * 192 + d * 576 + 512 + 512 * 128 * 256 + 128 * 128 * d;
  const expert = 3 * d * 2048;
  // Layers 0-2 dense (first_k_dense_replace 3); 58 MoE layers of 256 routed + 1 shared expert, gate 256×d and
  // e_score_correction_bias 256; two RMSNorms per layer, a final norm, untied 129,280-row embedding and head.
  const total = 61 * (attention + 2 * d) + 3 * 3 * d * 18432 + 58 * (256 * expert + expert + 256 * d + 256) + d + 2 * 129280 * d;
  assert.equal(total, 671_026_419_200);
  assert.equal(params(r).total, total);
  // Active: 8 of 256 routed experts per MoE layer.
  assert.equal(params(r).active, total - 58 * 248 * expert);
  assert.ok(!codes(r).includes('unsupported-architecture'));
});

// Fixture hf-config/granite-moe/config.json: the Hub config.json of ibm-granite/granite-3.1-1b-a400m-instruct
// (Apache-2.0 model), unchanged, as vendored in leok7v/nano-lamma@c16de35338caf09b95babaf32b082f44aaad1883:
// models/granite-3.1-1b-a400m-instruct/config.json.
test('Granite MoE config.json (real file): experts in every layer, multipliers ignored, tied head', () => {
  const { r } = read(hfConfigReader, 'hf-config/granite-moe/config.json');
  const a = r.plan.architecture?.value;
  assert.ok(a, JSON.stringify(r.problems));
  assert.deepEqual(a.moe, { experts: 32, topK: 8, expertFfn: 512, sharedExperts: 0, denseLayers: 0 });
  assert.equal(a.tiedEmbeddings, true);
  // GraniteMoe: q/o 1024×1024, k/v 1024×512, 32 experts (input_linear 1024×2·512, output_linear 512×1024),
  // router 1024×32, two RMSNorms per layer; final norm; tied 49,155 × 1024 embedding.
  const d = 1024;
  assert.equal(params(r).total, 24 * (2 * d * d + 2 * d * 512 + 32 * 3 * d * 512 + 32 * d + 2 * d) + d + 49155 * d);
  assert.deepEqual(r.problems, []);
});

test('config.json: DeepSeek-MoE style keys (n_routed_experts, shared experts, dense-first layers)', () => {
  const text = JSON.stringify({
    model_type: 'deepseek',
    hidden_size: 2048,
    intermediate_size: 10944,
    moe_intermediate_size: 1408,
    num_hidden_layers: 28,
    num_attention_heads: 16,
    num_key_value_heads: 16,
    n_routed_experts: 64,
    n_shared_experts: 2,
    num_experts_per_tok: 6,
    first_k_dense_replace: 1,
    moe_layer_freq: 1,
    vocab_size: 102400,
    max_position_embeddings: 4096,
    tie_word_embeddings: false,
  });
  const r = hfConfigReader.read(text, 'config.json', {});
  assertSane(r);
  assert.deepEqual(r.plan.architecture?.value.moe, { experts: 64, topK: 6, expertFfn: 1408, sharedExperts: 2, denseLayers: 1, layerFrequency: 1 });
  // DeepSeek-MoE 16B: 16.4B total by formula (router E×d, shared experts fused, first layer dense).
  assert.equal(params(r).total, 16_375_728_128);
});

test('config.json: impossible and hostile values become problems, never throws or NaN', () => {
  const base = {
    model_type: 'llama',
    hidden_size: 256,
    intermediate_size: 512,
    num_attention_heads: 4,
    num_hidden_layers: 2,
    vocab_size: 1000,
    max_position_embeddings: 128,
  };
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['negative layers', { num_hidden_layers: -2 }, 'num_hidden_layers'],
    ['fractional layers', { num_hidden_layers: 2.5 }, 'num_hidden_layers'],
    ['zero heads', { num_attention_heads: 0 }, 'num_attention_heads'],
    ['string size', { hidden_size: 'abc' }, 'hidden_size'],
    ['huge vocab', { vocab_size: 1e308 }, 'vocab_size'],
    ['indivisible heads', { hidden_size: 250 }, 'hidden'],
    ['kv groups', { num_key_value_heads: 3 }, 'num_key_value_heads'],
    ['bad tie', { tie_word_embeddings: 'sometimes' }, 'tie_word_embeddings'],
  ];
  for (const [name, patch, key] of cases) {
    const text = JSON.stringify({ ...base, ...patch }, null, 2);
    const r = hfConfigReader.read(text, 'config.json', {});
    assertSane(r);
    const p = r.problems.find((x) => x.code === 'invalid-value');
    assert.ok(p, `${name}: ${JSON.stringify(r.problems)}`);
    assert.match(p.message, new RegExp(key), name);
    if (name !== 'bad tie') assert.equal(r.plan.architecture, null, name);
  }
  // Syntax errors and non-object JSON.
  for (const text of ['{ "model_type": "llama", "hidden_size": ', '[1, 2, 3]', '', '{"a": }']) {
    const r = hfConfigReader.read(text, 'config.json', {});
    assertSane(r);
    assert.equal(r.plan.architecture, null);
  }
  assert.ok(codes(hfConfigReader.read('{ "model_type": "llama", "hidden_size": ', 'config.json', {})).includes('parse-error'));
});

test('config.json: unknown or partial layouts are reported, not guessed', () => {
  const bert = hfConfigReader.read(
    JSON.stringify({ model_type: 'bert', hidden_size: 768, num_hidden_layers: 12, num_attention_heads: 12, intermediate_size: 3072, vocab_size: 30522 }),
    'config.json',
    {},
  );
  assert.equal(bert.plan.architecture, null);
  assert.match(bert.problems.find((p) => p.code === 'unsupported-architecture')?.message ?? '', /bert/);

  // attention_bias alone: q/k/v and o biased, the MLP not (LlamaAttention / LlamaMLP): 2 × (3·64 + 64) more than none.
  const llama = { model_type: 'llama', hidden_size: 64, num_hidden_layers: 2, num_attention_heads: 4, intermediate_size: 128, vocab_size: 100 };
  const none = params(hfConfigReader.read(JSON.stringify(llama), 'config.json', {})).total;
  const half = hfConfigReader.read(JSON.stringify({ ...llama, attention_bias: true }), 'config.json', {});
  assert.equal(half.plan.architecture?.value.linearBias, false);
  assert.equal(half.plan.architecture?.value.qkvBias, true);
  assert.equal(half.plan.architecture?.value.outBias, true);
  assert.equal(params(half).total - none, 2 * (3 * 64 + 64));
  // mlp_bias alone: gate/up (128 each) and down (64) biased.
  const mlpOnly = hfConfigReader.read(JSON.stringify({ ...llama, mlp_bias: true }), 'config.json', {});
  assert.equal(params(mlpOnly).total - none, 2 * (2 * 128 + 64));

  // Both biases: every linear layer biased, countable.
  const both = hfConfigReader.read(
    JSON.stringify({
      model_type: 'llama',
      hidden_size: 64,
      num_hidden_layers: 2,
      num_attention_heads: 4,
      intermediate_size: 128,
      vocab_size: 100,
      attention_bias: true,
      mlp_bias: true,
    }),
    'config.json',
    {},
  );
  assert.equal(both.plan.architecture?.value.linearBias, true);

  // No model_type: the architecture class names it; with neither, Llama is assumed and said.
  const byClass = hfConfigReader.read(
    JSON.stringify({
      architectures: ['Qwen2ForCausalLM'],
      hidden_size: 64,
      num_hidden_layers: 2,
      num_attention_heads: 4,
      intermediate_size: 128,
      vocab_size: 100,
    }),
    'config.json',
    {},
  );
  assert.equal(byClass.plan.architecture?.value.qkvBias, true);
  const bare = hfConfigReader.read(
    JSON.stringify({ architectures: [], hidden_size: 64, num_hidden_layers: 2, num_attention_heads: 4, intermediate_size: 128, vocab_size: 100 }),
    'config.json',
    {},
  );
  assert.ok(codes(bare).includes('assumed-model-type'));
  assert.equal(bare.plan.architecture?.origin, 'assumed');
  assert.ok(codes(bare).some((c) => c === 'assumed-model-type'));

  // Missing a size: one clear missing-architecture problem.
  const missing = hfConfigReader.read(JSON.stringify({ model_type: 'llama', hidden_size: 64, num_attention_heads: 4, vocab_size: 100 }), 'config.json', {});
  assert.equal(missing.plan.architecture, null);
  assert.match(missing.problems.find((p) => p.code === 'missing-architecture')?.message ?? '', /layers.*ffn|ffn.*layers/);
});

test('config.json: the last of duplicate keys wins, with a warning', () => {
  const text =
    '{\n  "model_type": "llama",\n  "num_hidden_layers": 99,\n  "num_hidden_layers": 22,\n  "hidden_size": 2048,\n  "num_attention_heads": 32,\n  "num_key_value_heads": 4,\n  "intermediate_size": 5632,\n  "vocab_size": 32000\n}';
  const r = hfConfigReader.read(text, 'config.json', {});
  assert.equal(params(r).total, 1_100_048_384);
  const dup = r.problems.find((p) => p.code === 'duplicate-key');
  assert.equal(dup?.range?.startLine, 2);
});

// ------------------------------------------------------ TrainingArguments / LLaMA-Factory

test('#22 LLaMA-Factory full SFT: 8,030,261,248 parameters, at most 3 × 1000 × 2048 = 6,144,000 tokens', () => {
  const { r, text } = read(hfTrainerReader, 'hf-trainer/llama3_full_sft.yaml');
  assert.equal(r.format, 'hf-trainer');
  assert.equal(params(r).total, 8_030_261_248);
  assert.equal(r.plan.tokens.value, 6_144_000);
  assert.equal(r.plan.tokensBound, 'upper');
  assert.equal(r.plan.tokens.range?.startLine, lineOf(text, 'max_samples:'));
  assert.equal(r.plan.seqLen?.value, 2048);
  assert.equal(r.plan.seqLen?.range?.startLine, lineOf(text, 'cutoff_len:'));
  assert.equal(r.plan.precision?.value, 'bf16');
  assert.equal(r.plan.learningRate?.value, 1e-5);
  assert.equal(r.plan.architecture?.value.seqLen, 2048);
  assert.equal(field(r, 'model_name_or_path')?.range?.startLine, lineOf(text, 'model_name_or_path:'));
  // The tokens bound does not depend on the GPU count, so nothing is assumed about it.
  assert.ok(!codes(r).includes('assumed-gpu-count'));
  assert.equal(r.plan.batchTokens, null);
  const ds = r.problems.find((p) => p.code === 'linked-config');
  assert.equal(ds?.range?.startLine, lineOf(text, 'deepspeed:'));
  assert.equal(field(r, 'deepspeed')?.value, 'examples/deepspeed/ds_z3_config.json');
});

test('#22 with a GPU count gives tokens per step; two datasets double the bound (max_samples is per dataset)', () => {
  const text = fixture('hf-trainer/llama3_full_sft.yaml');
  const withGpus = hfTrainerReader.read(`# scaling-lens: gpus=8\n${text}`, 'sft.yaml', {});
  assert.equal(withGpus.plan.batchTokens?.value, 1 * 2 * 8 * 2048);
  assert.equal(withGpus.plan.tokens.value, 6_144_000);
  const two = hfTrainerReader.read(text.replace('dataset: alpaca_en_demo', 'dataset: identity,alpaca_en_demo'), 'sft.yaml', {});
  assert.equal(two.plan.tokens.value, 12_288_000);
  assert.match(two.plan.tokens.note ?? '', /2 datasets/);
});

test('TrainingArguments JSON with max_steps: steps × per-device × accumulation × GPUs × sequence length', () => {
  const { r, text } = read(hfTrainerReader, 'hf-trainer/training_args.json');
  assert.equal(params(r).total, 7_241_732_096);
  // 8 GPUs assumed (warning with the directive quick fix).
  assert.equal(r.plan.tokens.value, 1000 * 4 * 8 * 8 * 4096);
  assert.equal(r.plan.tokens.origin, 'assumed');
  assert.equal(r.plan.tokensBound, 'exact');
  assert.ok(codes(r).includes('assumed-gpu-count'));
  assert.equal(r.plan.steps?.range?.startLine, lineOf(text, '"max_steps"'));
  assert.equal(r.plan.precision?.value, 'fp16');
  // num_train_epochs is ignored when max_steps > 0.
  assert.equal(field(r, 'num_train_epochs'), undefined);
  const flagged = hfTrainerReader.read(text, 'training_args.json', { overrides: { gpus: 16 } });
  assert.equal(flagged.plan.tokens.value, 1000 * 4 * 8 * 16 * 4096);
  assert.ok(!codes(flagged).includes('assumed-gpu-count'));
});

test('TrainingArguments without max_steps or max_samples: tokens unknown, sequence length from the model if absent', () => {
  const r = hfTrainerReader.read(
    'model_name_or_path: meta-llama/Llama-2-7b-hf\nper_device_train_batch_size: 4\nnum_train_epochs: 2\noutput_dir: out\n',
    'args.yaml',
    {},
  );
  assertSane(r);
  assert.equal(r.plan.tokens.value, null);
  assert.match(r.plan.tokens.note ?? '', /2 epochs/);
  assert.equal(r.plan.seqLen?.value, 4096);
  assert.equal(r.plan.seqLen?.origin, 'assumed');
  assert.equal(params(r).total, 6_738_415_616);
  assert.equal(r.plan.learningRate?.value, 5e-5);
  assert.equal(r.plan.learningRate?.origin, 'default');
  // Unpacked max_steps runs are an upper bound.
  const steps = hfTrainerReader.read(
    '# scaling-lens: gpus=2\nmodel_name_or_path: gpt2\nper_device_train_batch_size: 8\nmax_steps: 100\nblock_size: 1024\n',
    'args.yaml',
    {},
  );
  assert.equal(steps.plan.tokens.value, 100 * 8 * 2 * 1024);
  assert.equal(steps.plan.tokensBound, 'upper');
});

test('TrainingArguments: unknown model and hostile values become problems', () => {
  const unknown = hfTrainerReader.read('model_name_or_path: /data/my-model\nper_device_train_batch_size: 1\nnum_train_epochs: 1\n', 'a.yaml', {});
  assert.equal(unknown.plan.architecture, null);
  assert.equal(unknown.problems.find((p) => p.code === 'unknown-model')?.range?.startLine, 0);
  const hostile = hfTrainerReader.read(
    'model_name_or_path: gpt2\nper_device_train_batch_size: -1\ngradient_accumulation_steps: abc\nmax_steps: 1e308\ncutoff_len: 0.5\nmax_samples: 10\nstage: sft\n',
    'a.yaml',
    {},
  );
  assertSane(hostile);
  assert.ok(hostile.problems.filter((p) => p.code === 'invalid-value').length >= 4);
  const broken = hfTrainerReader.read('model_name_or_path: [unclosed\nper_device_train_batch_size: 1', 'a.yaml', {});
  assertSane(broken);
  assert.ok(codes(broken).includes('parse-error'));
});

// ---------------------------------------------------------------- DeepSpeed

test('#24 DeepSpeed ZeRO-2 template: "auto" values explained, no architecture, no crash', () => {
  const { r, text } = read(deepspeedReader, 'deepspeed/zero_stage2_config.json');
  assert.equal(r.format, 'deepspeed');
  assert.equal(r.plan.architecture, null);
  assert.equal(r.plan.tokens.value, null);
  const info = r.problems.find((p) => p.code === 'no-architecture');
  assert.equal(info?.severity, 'info');
  const tbs = field(r, 'train_batch_size');
  assert.equal(tbs?.value, 'auto');
  assert.match(tbs?.note ?? '', /TrainingArguments/);
  assert.equal(tbs?.range?.startLine, lineOf(text, '"train_batch_size"'));
  assert.equal(field(r, 'train_micro_batch_size_per_gpu')?.value, 'auto');
  assert.equal(field(r, 'optimizer.params.lr')?.value, 'auto');
  assert.equal(r.plan.learningRate, null);
  assert.equal(field(r, 'zero_optimization.stage')?.value, 2);
  assert.equal(r.plan.precision?.value, 'fp16');
  // "overlap_comm": true: gradient reduction under the backward, as stated.
  assert.deepEqual([r.plan.setup?.gradReduceOverlap?.value, r.plan.setup?.gradReduceOverlap?.origin], [true, 'stated']);
  // Without the key, DeepSpeed turns it on for ZeRO-3 only (DeepSpeedZeroConfig.overlap_comm_valid).
  for (const [stage, on] of [
    [2, false],
    [3, true],
  ] as const) {
    const bare = deepspeedReader.read(JSON.stringify({ zero_optimization: { stage } }), 'ds.json', {});
    assert.deepEqual([bare.plan.setup?.gradReduceOverlap?.value, bare.plan.setup?.gradReduceOverlap?.origin], [on, 'default'], `stage ${stage}`);
  }
  assert.equal(r.plan.gpuCount, null);
  assert.ok(r.problems.every((p) => p.severity === 'info'));
});

test('DeepSpeed with numbers: the world size follows from train_batch_size = micro × accumulation × GPUs', () => {
  const { r } = read(deepspeedReader, 'deepspeed/ds_config_zero3.json');
  assert.equal(r.plan.gpuCount?.value, 64);
  assert.equal(r.plan.gpuCount?.origin, 'derived');
  assert.equal(r.plan.precision?.value, 'bf16');
  assert.equal(r.plan.learningRate?.value, 3e-4);
  const bad = deepspeedReader.read(
    '{\n  "train_batch_size": 500,\n  "train_micro_batch_size_per_gpu": 4,\n  "gradient_accumulation_steps": 2,\n  "zero_optimization": {"stage": 1}\n}',
    'ds_config.json',
    {},
  );
  assert.equal(bad.problems.find((p) => p.code === 'inconsistent-value')?.range?.startLine, 1);
  const hostile = deepspeedReader.read(
    '{ "zero_optimization": { "stage": 7 }, "train_batch_size": -3, "train_micro_batch_size_per_gpu": "lots" }',
    'ds.json',
    {},
  );
  assertSane(hostile);
  assert.equal(hostile.problems.filter((p) => p.code === 'invalid-value').length, 3);
  const broken = deepspeedReader.read('{ "zero_optimization": ', 'ds.json', {});
  assert.ok(codes(broken).includes('parse-error'));
});

// ---------------------------------------------------------------- axolotl

test('#23 axolotl fft-8b: 8,030,261,248 parameters via the Hub id, tokens not derivable', () => {
  const { r, text } = read(axolotlReader, 'axolotl/fft-8b.yaml');
  assert.equal(r.format, 'axolotl');
  assert.equal(params(r).total, 8_030_261_248);
  assert.equal(r.plan.tokens.value, null);
  assert.match(r.plan.tokens.note ?? '', /1 epoch/);
  assert.equal(r.plan.seqLen?.value, 8192);
  assert.equal(r.plan.seqLen?.range?.startLine, lineOf(text, 'sequence_len:'));
  assert.equal(r.plan.architecture?.value.seqLen, 8192);
  assert.equal(r.plan.precision?.value, 'bf16');
  assert.equal(r.plan.precision?.origin, 'assumed');
  assert.equal(r.plan.learningRate?.value, 2e-5);
  assert.equal(field(r, 'base_model')?.range?.startLine, lineOf(text, 'base_model:'));
  assert.ok(!codes(r).includes('assumed-gpu-count'));
});

test('axolotl pre-training with max_steps and overrides_of_model_config', () => {
  const { r, text } = read(axolotlReader, 'axolotl/qwen2-pretrain.yaml');
  // Qwen2.5-0.5B cut to 12 layers, still tied.
  assert.equal(params(r).total, 315_084_160);
  const layers = field(r, 'overrides_of_model_config.num_hidden_layers');
  assert.equal(layers?.origin, 'stated');
  assert.equal(layers?.range?.startLine, lineOf(text, 'num_hidden_layers:'));
  // 20000 steps × 8 × 4 × 16 GPUs (directive) × 4096, packed.
  assert.equal(r.plan.tokens.value, 41_943_040_000);
  assert.equal(r.plan.tokensBound, 'exact');
  assert.equal(r.plan.gpuCount?.value, 16);
  assert.equal(r.plan.batchTokens?.value, 2_097_152);
  assert.equal(field(r, 'reinit_weights')?.value, true);

  // Without the directive: 8 GPUs assumed, a warning; without packing, an upper bound.
  const plain = axolotlReader.read(text.replace('# scaling-lens: gpus=16\n', '').replace('sample_packing: true', 'sample_packing: false'), 'a.yaml', {});
  assert.equal(plain.plan.tokens.value, 20000 * 8 * 4 * 8 * 4096);
  assert.equal(plain.plan.tokensBound, 'upper');
  assert.ok(codes(plain).includes('assumed-gpu-count'));
});

test('axolotl: unknown base model points to config.json and overrides; hostile values are problems', () => {
  const r = axolotlReader.read('base_model: my-org/secret-7b\nsequence_len: 2048\nmicro_batch_size: 2\nnum_epochs: 3\n', 'a.yaml', {});
  assertSane(r);
  assert.equal(r.plan.architecture, null);
  const p = r.problems.find((x) => x.code === 'unknown-model');
  assert.match(p?.message ?? '', /overrides_of_model_config/);
  assert.equal(p?.range?.startLine, 0);
  const hostile = axolotlReader.read(
    'base_model: gpt2\nsequence_len: -5\nmicro_batch_size: 0\nmax_steps: abc\nlearning_rate: 1e308\noverrides_of_model_config:\n  n_layer: 0.5\n',
    'a.yaml',
    {},
  );
  assertSane(hostile);
  assert.ok(hostile.problems.filter((x) => x.code === 'invalid-value').length >= 4);
  const broken = axolotlReader.read('base_model: gpt2\nsequence_len: [', 'a.yaml', {});
  assert.ok(codes(broken).includes('parse-error'));
});

// ---------------------------------------------------------------- detection

const OWN: Readonly<Record<string, readonly string[]>> = {
  'hf-config': [
    'hf-config/tinyllama/config.json',
    'hf-config/qwen2.5-0.5b/config.json',
    'hf-config/gpt2/config.json',
    'hf-config/mixtral/config.json',
    'hf-config/llava/config.json',
    'hf-config/deepseek-v3/config.json',
    'hf-config/qwen2-moe/config.json',
    'hf-config/granite-moe/config.json',
  ],
  'hf-trainer': ['hf-trainer/llama3_full_sft.yaml', 'hf-trainer/training_args.json'],
  deepspeed: ['deepspeed/zero_stage2_config.json', 'deepspeed/ds_config_zero3.json'],
  axolotl: ['axolotl/fft-8b.yaml', 'axolotl/qwen2-pretrain.yaml'],
  litgpt: ['litgpt/tinyllama.yaml', 'litgpt/tinystories.yaml', 'litgpt/llama-2-7b-full.yaml'],
  nanotron: ['nanotron/config_smollm1_135M.yaml', 'nanotron/config_qwen_with_moe.yaml'],
};

test('detection: each fixture is taken by its own reader only (≥ 0.5), and not by GPT-NeoX', () => {
  for (const [id, files] of Object.entries(OWN)) {
    for (const file of files) {
      const text = fixture(file);
      for (const reader of MINE) {
        const score = reader.detect(text, file);
        if (reader.id === id) assert.ok(score >= 0.5, `${reader.id} on ${file}: ${score}`);
        else assert.ok(score < 0.5, `${reader.id} on ${file}: ${score}`);
      }
      assert.ok(gptNeoxReader.detect(text, file) < 0.5, `gpt-neox on ${file}`);
    }
  }
});

test('detection: other formats and ordinary YAML/JSON/TOML score below 0.5 for these readers', () => {
  const others = foreignFiles(Object.keys(OWN));
  assert.ok(others.length >= 10);
  for (const { name, text } of others) {
    for (const reader of MINE) assert.ok(reader.detect(text, name) < 0.5, `${reader.id} on ${name}: ${reader.detect(text, name)}`);
  }
});

test('LLaMA-Factory preference stages count a chosen and a rejected sequence per sample; packed pre-training is not bounded by max_samples', () => {
  const dpo = hfTrainerReader.read(fixture('wild/configs/hiyouga__LLaMA-Factory/examples/train_lora/qwen3_lora_dpo.yaml'), 'qwen3_lora_dpo.yaml', {});
  // 3 epochs × max_samples 1,000 × 2 sequences per pair × cutoff_len 2,048.
  assert.equal(dpo.plan.tokens.value, 3 * 1000 * 2 * 2048);
  assert.equal(dpo.plan.tokensBound, 'upper');
  const pt = hfTrainerReader.read(fixture('wild/configs/hiyouga__LLaMA-Factory/examples/train_lora/qwen3_lora_pretrain.yaml'), 'qwen3_lora_pretrain.yaml', {});
  assert.equal(pt.plan.tokens.value, null);
  assert.match(pt.plan.tokens.note ?? '', /counts documents before packing/);
});

test('a launch script that passes TrainingArguments flags (open-instruct scripts/train/tulu3/finetune_8b.sh): read as the YAML would be', () => {
  const rel = 'hf-trainer/open_instruct_finetune_8b.sh';
  assert.equal(detectFormat(fixture(rel), 'finetune_8b.sh')?.reader.id, 'hf-trainer');
  const { r, text } = read(hfTrainerReader, rel);
  assert.equal(params(r).total, 8_030_261_248);
  // mason.py --num_nodes 8 --gpus 8; accelerate --mixed_precision bf16.
  assert.equal(r.plan.gpuCount?.value, 64);
  assert.equal(r.plan.precision?.value, 'bf16');
  assert.equal(r.plan.seqLen?.value, 4096);
  assert.equal(r.plan.kind?.method?.value, 'full');
  assert.equal(r.plan.setup?.microBatch?.value, 1);
  assert.equal(r.plan.setup?.gradAccum?.value, 2);
  assert.equal(r.plan.setup?.checkpointing?.value.mode, 'full');
  // Each flag keeps its own line.
  assert.equal(r.plan.seqLen?.range?.startLine, lineOf(text, '--max_seq_length 4096'));
  assert.match(r.plan.tokens.note ?? '', /2 epochs .*max_train_steps/);
  // The DeepSpeed file accelerate is given is asked for, then read: ZeRO-3.
  assert.deepEqual(
    r.unresolvedFiles?.map((u) => u.path),
    ['configs/ds_configs/stage3_no_offloading_accelerate.conf'],
  );
  const files = new Map([
    [
      'configs/ds_configs/stage3_no_offloading_accelerate.conf',
      { path: 'configs/ds_configs/stage3_no_offloading_accelerate.conf', text: fixture('deepspeed/stage3_no_offloading_accelerate.conf'), location: 'x' },
    ],
  ]);
  const withDs = read(hfTrainerReader, rel, { files }).r;
  assert.equal(withDs.plan.setup?.sharding?.value, 'zero3');
});
