// torchtune reader against recipes from pytorch/torchtune@bd2a0fc (test/fixtures/torchtune/README.md):
// builder names from the registry, an inline component builder, LoRA adapter sizes, and
// tokens only when max_steps_per_epoch and tokenizer.max_seq_len bound them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { torchtuneReader } from '../../src/configs/readers/torchtune';
import { detectFormat } from '../../src/configs/index';
import { TORCHTUNE_BUILDERS, findTorchtuneBuilder } from '../../src/configs/registry/torchtune';
import { countParams } from '../../src/core/model';
import type { ReadContext } from '../../src/configs/types';
import { assertInvalidAtLines, assertSane, codes, field, fixtureIn, lineOf, params } from './reader-helpers';

const fixture = fixtureIn('torchtune');
const read = (text: string, name = 'recipe.yaml', ctx: ReadContext = {}) => {
  const r = torchtuneReader.read(text, name, ctx);
  assertSane(r);
  return r;
};

test('llama3_1/8B_lora: lora_llama3_1_8b is Llama 3.1 8B, 8,030,261,248 parameters; 1 epoch of an unsized dataset', () => {
  const text = fixture('llama3_1_8B_lora.yaml');
  const r = read(text);
  assert.equal(r.format, 'torchtune');
  // Llama 3.1 8B model card / HF num_parameters(): 8,030,261,248.
  assert.equal(params(r).total, 8_030_261_248);
  assert.equal(field(r, 'model._component_')?.range?.startLine, lineOf(text, '_component_: torchtune.models.llama3_1.lora_llama3_1_8b'));
  // Rank 8 on q (4096→4096), v (4096→1024), output (4096→4096) and w1, w2, w3 (4096↔14336):
  // 8 × (8192 + 5120 + 8192 + 3 × 18432) = 614,400 per layer × 32 layers.
  const loraField = field(r, 'LoRA trainable parameters');
  assert.equal(loraField?.value, 19_660_800);
  assert.equal(loraField?.range?.startLine, lineOf(text, 'lora_rank: 8'));
  assert.equal(r.plan.tokens.value, null);
  assert.match(r.plan.tokens.note ?? '', /1 epoch over a dataset the config does not size/);
  assert.equal(r.plan.tokens.range?.startLine, lineOf(text, 'epochs: 1'));
  assert.equal(r.plan.seqLen, null);
  // max_seq_len: null -> the builder's 131072 stands in for the attention term (which has no tokens to multiply).
  assert.equal(r.plan.architecture?.value.seqLen, 131072);
  assert.notEqual(r.plan.architecture?.origin, 'assumed');
  assert.ok(codes(r).includes('no-max-seq-len'));
  assert.ok(!codes(r).includes('assumed-gpu-count'), 'the GPU count does not matter when tokens are unknown');
  assert.equal(r.init?.value, 'pretrained');
  assert.equal(r.init?.range?.startLine, lineOf(text, 'checkpoint_dir: /tmp/Meta-Llama-3.1-8B-Instruct/'));
  // Pretraining laws do not describe a fine-tune: said on the checkpoint line.
  assert.equal(r.problems.find((p) => p.code === 'fine-tune')?.range?.startLine, lineOf(text, 'checkpoint_dir: /tmp/Meta-Llama-3.1-8B-Instruct/'));
  assert.equal(r.plan.precision?.value, 'bf16');
  assert.equal(r.plan.learningRate?.value, 3e-4);
  assert.equal(field(r, 'batch_size')?.range?.startLine, lineOf(text, 'batch_size: 2'));
  // The multi-line `checkpoint_files: [ … ]` closed at the key's indentation parses (PyYAML accepts it).
  assert.ok(!codes(r).includes('parse-error'));
});

test('qwen2_5/0.5B_full: tied Qwen2.5-0.5B with q/k/v biases, 494,032,768 parameters', () => {
  const r = read(fixture('qwen2_5_0.5B_full.yaml'));
  // Qwen/Qwen2.5-0.5B model card: 0.49B; HF num_parameters() 494,032,768.
  const c = params(r);
  assert.equal(c.total, 494_032_768);
  assert.equal(c.breakdown.lmHead, 0);
  assert.equal(r.plan.architecture?.value.qkvBias, true);
  assert.equal(field(r, 'LoRA trainable parameters'), undefined);
  assert.equal(r.plan.tokens.value, null);
});

test('llama3_1/8B_lora_dpo_single_device: 1000 steps × 4 × 8 × 2 sequences × 1024 = 65,536,000 tokens, an upper bound', () => {
  const text = fixture('llama3_1_8B_lora_dpo_single_device.yaml');
  const r = read(text, 'llama3_1/8B_lora_dpo_single_device.yaml');
  assert.equal(params(r).total, 8_030_261_248);
  assert.equal(r.plan.seqLen?.value, 1024);
  assert.equal(r.plan.seqLen?.range?.startLine, lineOf(text, 'max_seq_len: 1024'));
  assert.equal(r.plan.architecture?.value.seqLen, 1024);
  // One device (the file name), each DPO sample a chosen and a rejected sequence.
  assert.equal(r.plan.gpuCount?.value, 1);
  assert.equal(r.plan.gpuCount?.origin, 'assumed');
  assert.equal(r.plan.batchTokens?.value, 4 * 8 * 2 * 1024);
  assert.equal(r.plan.steps?.value, 1000);
  assert.equal(r.plan.tokens.value, 65_536_000);
  assert.equal(r.plan.tokensBound, 'upper');
  assert.equal(r.plan.tokens.range?.startLine, lineOf(text, 'max_steps_per_epoch: 1000'));
  assert.ok(codes(r).includes('preference-pairs'));
  assert.equal(r.plan.learningRate?.value, 5e-4);
});

test('llama2/1B_qat_single_device: the llama2 component builder inline is TinyLlama, 1,100,048,384 parameters', () => {
  const text = fixture('llama2_1B_qat_single_device.yaml');
  const r = read(text);
  // TinyLlama-1.1B (22 layers, 2048 wide, 4 kv heads, 32000 vocab): 1,100,048,384 (HF num_parameters()).
  assert.equal(params(r).total, 1_100_048_384);
  // intermediate_dim left out: scale_hidden_dim_for_mlp(2048) = 256 × ceil(5461 / 256) = 5632.
  assert.equal(r.plan.architecture?.value.ffn, 5632);
  assert.equal(field(r, 'model.num_layers')?.range?.startLine, lineOf(text, 'num_layers: 22'));
  assert.equal(field(r, 'model.num_kv_heads')?.value, 4);
  assert.equal(r.plan.seqLen?.value, 2048);
  assert.equal(r.plan.tokens.value, null);
});

test('a bounded full fine-tune: packed data makes the count exact, the GPU count is assumed when unstated', () => {
  const base = fixture('qwen2_5_0.5B_full.yaml')
    .replace('max_steps_per_epoch: null', 'max_steps_per_epoch: 500')
    .replace('epochs: 1', 'epochs: 3')
    .replace('  max_seq_len: null', '  max_seq_len: 2048');
  const r = read(base);
  // 3 × 500 steps × batch 2 × accum 8 × 8 GPUs (assumed) × 2048.
  assert.equal(r.plan.steps?.value, 1500);
  assert.equal(r.plan.tokens.value, 1500 * 2 * 8 * 8 * 2048);
  assert.equal(r.plan.tokensBound, 'upper');
  assert.ok(codes(r).includes('assumed-gpu-count'));
  const packed = read(base.replace('packed: False', 'packed: True'), 'recipe.yaml', { overrides: { gpus: 2 } });
  assert.equal(packed.plan.tokens.value, 1500 * 2 * 8 * 2 * 2048);
  assert.equal(packed.plan.tokensBound, 'exact');
  assert.ok(!codes(packed).includes('assumed-gpu-count'));
});

test('LoRA size: Llama-2-7B with rank 8 on q_proj and v_proj trains 4,194,304 parameters (as PEFT reports)', () => {
  const text = fixture('llama3_1_8B_lora.yaml')
    .replace('torchtune.models.llama3_1.lora_llama3_1_8b', 'torchtune.models.llama2.lora_llama2_7b')
    .replace("lora_attn_modules: ['q_proj', 'v_proj', 'output_proj']", "lora_attn_modules: ['q_proj', 'v_proj']")
    .replace('apply_lora_to_mlp: True', 'apply_lora_to_mlp: False');
  const r = read(text);
  // Llama-2-7b: 6,738,415,616 parameters; PEFT prints "trainable params: 4,194,304" for r=8 on q,v.
  assert.equal(params(r).total, 6_738_415_616);
  assert.equal(field(r, 'LoRA trainable parameters')?.value, 4_194_304);
  const dora = read(text.replace('lora_dropout: 0.0', 'lora_dropout: 0.0\n  use_dora: True'));
  // DoRA adds one magnitude per output feature: (4096 + 4096) × 32 layers.
  assert.equal(field(dora, 'DoRA trainable parameters')?.value, 4_194_304 + 8192 * 32);
});

test('the registry covers the builders the recipes name, and every entry counts', () => {
  for (const name of [
    'llama2_7b',
    'llama3_8b',
    'llama3_1_405b',
    'llama3_2_1b',
    'llama3_3_70b',
    'qwen2_7b',
    'qwen2_5_72b_instruct',
    'qwen3_32b',
    'gemma_7b',
    'phi3_mini',
    'phi4_14b',
    'mistral_7b',
    'smollm2_135m',
  ]) {
    assert.ok(
      TORCHTUNE_BUILDERS.some((x) => x.component.endsWith(`.${name}`)),
      name,
    );
  }
  assert.equal(findTorchtuneBuilder('torchtune.models.llama3_3.qlora_llama3_3_70b')?.adapter, 'qlora');
  assert.equal(findTorchtuneBuilder('torchtune.models.llama3_2.lora_llama3_2_3b')?.builder.component, 'torchtune.models.llama3_2.llama3_2_3b');
  const withModel = (component: string) => fixture('qwen2_5_0.5B_full.yaml').replace('torchtune.models.qwen2_5.qwen2_5_0_5b', component);
  // Published totals (HF num_parameters()): Llama 3.2 1B (tied) 1,235,814,400; Qwen3-0.6B 596,049,920;
  // Mistral-7B-v0.1 7,241,732,096; Llama-3-70B 70,553,706,496; SmolLM2-135M 134,515,008.
  const published: Array<[string, number]> = [
    ['torchtune.models.llama3_2.llama3_2_1b', 1_235_814_400],
    ['torchtune.models.qwen3.qwen3_0_6b_base', 596_049_920],
    ['torchtune.models.mistral.mistral_7b', 7_241_732_096],
    ['torchtune.models.llama3.llama3_70b', 70_553_706_496],
    ['torchtune.models.smol.smollm2_135m', 134_515_008],
    // Gemma 2 (four RMSNorms per block, tied): google/gemma-2-2b/9b/27b num_parameters().
    ['torchtune.models.gemma2.gemma2_2b', 2_614_341_888],
    ['torchtune.models.gemma2.gemma2_9b', 9_241_705_984],
    ['torchtune.models.gemma2.gemma2_27b', 27_227_128_320],
  ];
  for (const [component, total] of published) assert.equal(params(read(withModel(component))).total, total, component);
  for (const x of TORCHTUNE_BUILDERS) {
    const r = read(withModel(x.component));
    assert.ok(countParams(r.plan.architecture!.value).total > 0, x.component);
  }
  const unknown = read(withModel('torchtune.models.llama9.llama9_1t'));
  assert.ok(codes(unknown).includes('unknown-model'));
  const reward = read(withModel('torchtune.models.mistral.mistral_reward_7b'));
  assert.ok(codes(reward).includes('unsupported-model'));
});

test('impossible values are errors at their line', () => {
  const base = fixture('llama2_1B_qat_single_device.yaml');
  assertInvalidAtLines((t) => read(t), base, [
    ['num_layers: 22', 'num_layers: 0'],
    ['embed_dim: 2048', 'embed_dim: wide'],
  ]);
  const r = read(fixture('llama3_1_8B_lora.yaml').replace("lora_attn_modules: ['q_proj', 'v_proj', 'output_proj']", "lora_attn_modules: ['q_proj', 'w9']"));
  assert.ok(r.problems.some((p) => p.code === 'invalid-value' && p.message.startsWith('model.lora_attn_modules')));
});

test('detection: recipes are torchtune; generation configs only weakly; other YAML is not', () => {
  for (const name of ['llama3_1_8B_lora.yaml', 'qwen2_5_0.5B_full.yaml', 'llama2_1B_qat_single_device.yaml']) {
    assert.equal(detectFormat(fixture(name), name)?.reader.id, 'torchtune', name);
  }
  const generation =
    'model:\n  _component_: torchtune.models.llama2.llama2_7b\ncheckpointer:\n  _component_: torchtune.training.FullModelHFCheckpointer\nprompt:\n  user: Tell me a joke.\n';
  assert.equal(torchtuneReader.detect(generation, 'generation.yaml'), 0.55);
  assert.equal(torchtuneReader.detect('model:\n  _component_: my.models.thing\nepochs: 1\n', 'x.yaml'), 0);
  assert.equal(torchtuneReader.detect('epochs: 3\nbatch_size: 4\n', 'x.yaml'), 0);
});
