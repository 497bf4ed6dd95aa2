// Unsloth fine-tuning scripts (issue 17) on real files from unslothai/unsloth (Apache-2.0;
// test/fixtures/finetune/README.md): format, kind and method, the exact adapter size, the token
// bound, no pretraining loss, and each value on its line.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../src/configs/analyze';
import { detectFormat } from '../../src/configs/index';
import { fixtureIn, lineOf } from './reader-helpers';

const LLAMA = 'tests/saving/language_models/test_merged_model_perplexity_llama_3_1_8b.py';
const MISTRAL = 'tests/saving/language_models/test_merge_model_perplexity_mistral.py';
const file = fixtureIn('finetune/unslothai__unsloth');
function run(p: string, edit: (t: string) => string = (t) => t) {
  const text = edit(file(p));
  const a = analyze(text, p);
  assert.ok(a.ok, p);
  return { ...a, text };
}
const fieldLine = (r: { fields: readonly { key: string; range: { startLine: number } | null }[] }, key: string) =>
  r.fields.find((f) => f.key === key)?.range?.startLine;

// Llama 3.1 8B and Mistral 7B v0.3 share the shape (32 layers, d 4096, 32 heads and 8 KV heads of 128,
// MLP 14336; their config.json files); rank 16 on q, k, v, o, gate, up, down:
// 32 × 16 × [(4096 + 4096) + 2 × (4096 + 1024) + (4096 + 4096) + 3 × (4096 + 14336)] = 41,943,040,
// PEFT's print_trainable_parameters() for Meta-Llama-3-8B at r=16 on all linear layers
// ("trainable params: 41,943,040 || all params: 8,072,204,288").
const TRAINABLE = 41_943_040;

test('Unsloth: both real scripts are detected as Unsloth, ahead of the other Python readers', () => {
  for (const p of [LLAMA, MISTRAL]) assert.equal(detectFormat(file(p), p)?.reader.id, 'unsloth', p);
  // A script that only imports unsloth (no model load) is not taken for a config.
  assert.equal(detectFormat('from unsloth import is_bfloat16_supported\nprint(is_bfloat16_supported())\n', 'x.py'), null);
});

test('Unsloth QLoRA on Llama 3.1 8B Instruct: SFT from pretrained weights, exact trainable, tokens an upper bound, no loss', () => {
  const { result: r, estimate: e, text } = run(LLAMA);
  assert.equal(r.format, 'unsloth');
  assert.equal(r.plan.kind?.stage?.value, 'sft');
  assert.equal(r.init?.value, 'pretrained');
  assert.equal(r.plan.kind?.method?.value, 'qlora');
  assert.deepEqual(r.plan.kind?.adapter?.value, { rank: 16, alpha: 16, targets: ['q', 'k', 'v', 'o', 'gate', 'up', 'down'], baseBits: 4 });
  assert.equal(e.fineTune?.trainable, TRAINABLE);
  // max_steps 200 × per_device_train_batch_size 2 × gradient_accumulation_steps 4 × max_seq_length 2048; packing = False.
  assert.equal(e.tokens, 200 * 2 * 4 * 2048);
  assert.equal(e.tokens, 3_276_800);
  assert.equal(e.tokensBound, 'upper');
  assert.equal(r.plan.gpuCount?.value, 1);
  assert.equal(r.plan.learningRate?.value, 2e-4);
  assert.equal(r.plan.setup?.microBatch?.value, 2);
  assert.equal(r.plan.setup?.gradAccum?.value, 4);
  assert.equal(r.plan.setup?.optimizer?.value, 'adamw-8bit');
  assert.equal(r.plan.setup?.checkpointing?.value.mode, 'full');
  // bf16 = is_bfloat16_supported(): decided by the GPU, so assumed.
  assert.equal(r.plan.precision?.value, 'bf16');
  assert.equal(r.plan.precision?.origin, 'assumed');
  assert.equal(e.loss.value, null);
  assert.match(e.loss.reason ?? '', /pretraining laws do not apply to a run that starts from trained weights/);
  assert.ok(r.problems.some((p) => p.code === 'model-resolved' && /meta-llama\/Llama-3\.1-8B-Instruct/.test(p.message)));
  // Each value on its line: the training load (not the later reload of the merged model).
  const main = lineOf(text, 'if __name__');
  assert.equal(fieldLine(r, 'model_name'), lineOf(text, 'model_name = "unsloth/Llama-3.1-8B-Instruct"'));
  assert.equal(r.plan.kind?.method?.range?.startLine, lineOf(text, 'load_in_4bit = True', main));
  assert.equal(fieldLine(r, 'r'), lineOf(text, 'r = 16', main));
  assert.equal(fieldLine(r, 'lora_alpha'), lineOf(text, 'lora_alpha = 16', main));
  assert.equal(fieldLine(r, 'per_device_train_batch_size'), lineOf(text, 'per_device_train_batch_size = 2'));
  assert.equal(fieldLine(r, 'gradient_accumulation_steps'), lineOf(text, 'gradient_accumulation_steps = 4'));
  assert.equal(fieldLine(r, 'max_steps'), lineOf(text, 'max_steps = 200'));
  assert.equal(fieldLine(r, 'learning_rate'), lineOf(text, 'learning_rate = 2e-4'));
  assert.equal(r.plan.seqLen?.range?.startLine, lineOf(text, 'max_seq_length = 2048', lineOf(text, 'trainer = SFTTrainer(')));
  assert.equal(r.plan.setup?.checkpointing?.range?.startLine, lineOf(text, 'use_gradient_checkpointing = "unsloth"'));
});

test('Unsloth QLoRA on Mistral 7B v0.3: the unsloth/ id maps to the registry model; same adapter size', () => {
  const { result: r, estimate: e, text } = run(MISTRAL);
  assert.equal(r.plan.kind?.method?.value, 'qlora');
  assert.equal(r.plan.architecture?.value.vocab, 32768);
  assert.equal(e.fineTune?.trainable, TRAINABLE);
  assert.equal(e.tokens, 3_276_800);
  assert.equal(e.tokensBound, 'upper');
  assert.equal(e.loss.value, null);
  assert.equal(fieldLine(r, 'model_name'), lineOf(text, 'model_name = "unsloth/mistral-7b-v0.3"'));
});

test('Unsloth: packing makes the tokens exact; load_in_4bit False is 16-bit LoRA; a -bnb-4bit id maps to its base model', () => {
  const packed = run(LLAMA, (t) => t.replace('packing = False', 'packing = True'));
  assert.equal(packed.estimate.tokens, 3_276_800);
  assert.equal(packed.estimate.tokensBound, 'exact');
  const lora = run(LLAMA, (t) => t.replace(/(model_name = "unsloth\/Llama-3\.1-8B-Instruct",[\s\S]*?)load_in_4bit = True/, '$1load_in_4bit = False'));
  assert.equal(lora.result.plan.kind?.method?.value, 'lora');
  assert.equal(lora.result.plan.kind?.adapter?.value.baseBits, undefined);
  assert.equal(lora.estimate.fineTune?.trainable, TRAINABLE);
  const bnb = run(LLAMA, (t) => t.replace('"unsloth/Llama-3.1-8B-Instruct"', '"unsloth/Meta-Llama-3.1-8B-bnb-4bit"'));
  assert.ok(bnb.result.problems.some((p) => p.code === 'model-resolved' && /meta-llama\/Meta-Llama-3\.1-8B, pre-quantised to 4 bits/.test(p.message)));
  assert.equal(bnb.estimate.fineTune?.trainable, TRAINABLE);
  // An id the registry does not know goes through the unresolved-model mechanism, not a guess.
  const unknown = run(LLAMA, (t) => t.replace('"unsloth/Llama-3.1-8B-Instruct"', '"unsloth/NoSuchModel-1B"'));
  assert.equal(unknown.result.plan.architecture, null);
  assert.deepEqual(
    unknown.result.unresolvedModels?.map((m) => m.id),
    ['unsloth/NoSuchModel-1B'],
  );
});

test("Unsloth: module-level constants are read through their names; defaults are the framework's", () => {
  const text = [
    'from unsloth import FastLanguageModel',
    'from trl import SFTTrainer, SFTConfig',
    'max_seq_length = 4096',
    'model, tokenizer = FastLanguageModel.from_pretrained(model_name = "unsloth/Meta-Llama-3.1-8B-bnb-4bit", max_seq_length = max_seq_length, dtype = None)',
    'model = FastLanguageModel.get_peft_model(model, r = 8)',
    'trainer = SFTTrainer(model = model, args = SFTConfig(per_device_train_batch_size = 2, gradient_accumulation_steps = 4, max_steps = 60))',
    '',
  ].join('\n');
  const a = analyze(text, 'train.py');
  assert.ok(a.ok);
  const r = a.result;
  assert.equal(r.format, 'unsloth');
  assert.equal(r.plan.seqLen?.value, 4096);
  // load_in_4bit defaults to True in FastLanguageModel.from_pretrained; target_modules to all seven projections.
  assert.equal(r.plan.kind?.method?.value, 'qlora');
  assert.equal(r.plan.kind?.method?.origin, 'default');
  assert.equal(a.estimate.fineTune?.trainable, TRAINABLE / 2);
  assert.equal(a.estimate.tokens, 60 * 2 * 4 * 4096);
  assert.equal(r.plan.setup?.checkpointing?.origin, 'default');
});

test('Unsloth: a stated value the reader cannot evaluate is unknown, never the framework default', () => {
  const { result: r, estimate: e, text } = run(LLAMA, (t) => t.replace('per_device_train_batch_size = 2', 'per_device_train_batch_size = batch_size'));
  assert.equal(r.plan.setup?.microBatch, undefined);
  assert.equal(e.tokens, null);
  const p = r.problems.find((x) => x.code === 'unevaluated-value');
  assert.match(p?.message ?? '', /per_device_train_batch_size: `batch_size` is not assigned in this file/);
  assert.equal(p?.range?.startLine, lineOf(text, 'per_device_train_batch_size = batch_size'));
  const steps = run(LLAMA, (t) => t.replace('max_steps = 200', 'max_steps = n_steps'));
  assert.equal(steps.estimate.tokens, null);
  assert.equal(steps.result.plan.steps, null);
});

test('Unsloth QLoRA on Llama 3.2 3B Instruct (the detection fixture): exact trainable and tokens', () => {
  const p = join(__dirname, '..', 'fixtures', 'unsloth', 'test_merge_model_perplexity_llama_3_2.py');
  const a = analyze(readFileSync(p, 'utf8'), 'tests/saving/language_models/test_merge_model_perplexity_llama_3_2.py');
  assert.ok(a.ok);
  assert.equal(a.result.plan.kind?.method?.value, 'qlora');
  // Llama 3.2 3B (28 layers, d 3072, 24 heads and 8 KV heads of 128, MLP 8192; its config.json), r = 16 on all seven:
  // 28 × 16 × [(3072 + 3072) + 2 × (3072 + 1024) + (3072 + 3072) + 3 × (3072 + 8192)] = 24,313,856.
  assert.equal(a.estimate.fineTune?.trainable, 24_313_856);
  // max_steps 10 × 2 × 4 × 2048, unpacked.
  assert.equal(a.estimate.tokens, 163_840);
  assert.equal(a.estimate.tokensBound, 'upper');
});
