// litgpt reader: the model_name registry (#8), an inline model_config (#9), a fine-tune's
// checkpoint_dir, train.max_tokens as the run length (docs/configs.md#litgpt, docs/configs.md#reference-configs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { litgptReader } from '../../src/configs/readers/litgpt';
import type { ReadResult } from '../../src/configs/types';
import { assertSane, codes, field, fixture, lineOf, params } from './reader-helpers';

function read(rel: string): { r: ReadResult; text: string } {
  const text = fixture(rel);
  const r = litgptReader.read(text, rel, {});
  assertSane(r);
  return { r, text };
}

test('#8 tinyllama: tiny-llama-1.1b from the registry, 1,100,048,384 parameters, 3.0e12 tokens', () => {
  const { r, text } = read('litgpt/tinyllama.yaml');
  assert.equal(r.format, 'litgpt');
  assert.equal(params(r).total, 1_100_048_384);
  assert.equal(r.plan.tokens.value, 3_000_000_000_000);
  assert.equal(r.plan.tokens.origin, 'stated');
  assert.equal(r.plan.tokens.range?.startLine, lineOf(text, 'max_tokens:'));
  assert.equal(r.plan.seqLen?.value, 2048);
  assert.equal(r.plan.batchTokens?.value, 512 * 2048);
  // ceil(3e12 / 1,048,576): docs/configs.md#reference-configs, case 8.
  assert.equal(r.plan.steps?.value, 2_861_023);
  assert.equal(r.plan.precision?.value, 'bf16');
  assert.equal(r.plan.learningRate?.value, 4e-4);
  assert.equal(r.plan.learningRate?.range?.startLine, lineOf(text, 'lr: 4e-4'));
  // devices: auto says nothing about the GPU count, and tokens do not need it.
  assert.equal(r.plan.gpuCount, null);
  assert.equal(field(r, 'devices')?.value, 'auto');
  assert.ok(!codes(r).includes('assumed-gpu-count'));
  assert.equal(field(r, 'model_name')?.range?.startLine, lineOf(text, 'model_name:'));
  const a = r.plan.architecture!.value;
  assert.equal(a.kvHeads, 4);
  assert.equal(a.vocab, 32000);
  assert.equal(a.tiedEmbeddings, false);
  assert.deepEqual(r.problems, []);
});

test('#9 tinystories: inline model_config, tied embeddings, 15,191,712 parameters, 9.7e9 tokens', () => {
  const { r, text } = read('litgpt/tinystories.yaml');
  assert.equal(params(r).total, 15_191_712);
  assert.equal(r.plan.tokens.value, 9_700_000_000);
  assert.equal(r.plan.seqLen?.value, 256);
  assert.equal(r.plan.architecture?.value.tiedEmbeddings, true);
  assert.equal(r.plan.architecture?.value.headDim, 48);
  assert.equal(field(r, 'model_config.n_layer')?.range?.startLine, lineOf(text, 'n_layer: 6'));
  assert.equal(field(r, 'model_config.n_layer')?.origin, 'stated');
  assert.equal(r.plan.learningRate?.value, 5e-4);
  // stories15M is not a registry name, but model_config defines the model: no unknown-model.
  assert.ok(!codes(r).includes('unknown-model'));
  assert.equal(r.plan.batchTokens?.value, 512 * 256);
});

test('fine-tune: checkpoint_dir resolves the model; devices × num_nodes is the GPU count; epochs leave tokens unknown', () => {
  const { r, text } = read('litgpt/llama-2-7b-full.yaml');
  assert.equal(params(r).total, 6_738_415_616);
  assert.equal(r.plan.gpuCount?.value, 8);
  assert.equal(r.plan.gpuCount?.range?.startLine, lineOf(text, 'devices: 4'));
  assert.equal(r.plan.tokens.value, null);
  assert.match(r.plan.tokens.note ?? '', /1 epoch/);
  assert.equal(r.plan.seqLen?.value, 512);
  assert.equal(r.plan.batchTokens?.value, 64 * 512);
  assert.equal(r.plan.precision?.value, 'bf16');
});

test('max_steps when max_tokens is absent; both set is flagged; block_size when max_seq_length is absent', () => {
  const base = 'model_name: pythia-160m\ntrain:\n  global_batch_size: 256\n  micro_batch_size: 8\n';
  const steps = litgptReader.read(`${base}  max_steps: 1000\n`, 'p.yaml', {});
  assertSane(steps);
  assert.equal(params(steps).total, 162_322_944);
  assert.equal(steps.plan.seqLen?.value, 2048);
  assert.equal(steps.plan.tokens.value, 1000 * 256 * 2048);
  const both = litgptReader.read(`${base}  max_steps: 1000\n  max_tokens: 1000000000\n`, 'p.yaml', {});
  assert.equal(both.plan.tokens.value, 1e9);
  assert.ok(both.problems.some((p) => p.code === 'conflicting-duration'));
  const none = litgptReader.read(base, 'p.yaml', {});
  assert.equal(none.plan.tokens.value, null);
  // Default global_batch_size when train leaves it out.
  const defaults = litgptReader.read('model_name: pythia-14m\ntrain:\n  micro_batch_size: 2\n  max_steps: 10\n', 'p.yaml', {});
  assert.equal(defaults.plan.tokens.value, 10 * 64 * 512);
  assert.equal(defaults.plan.batchTokens?.origin, 'default');
});

test('inline model_config falls back to litgpt Config defaults and pads the vocabulary', () => {
  // GptNeoxMLP, LayerNorm, biases, 4·n_embd, vocab 50254 padded to 512 -> 50688 (litgpt defaults).
  const r = litgptReader.read(
    'model_config:\n  n_layer: 2\n  n_embd: 128\n  n_head: 4\n  block_size: 64\ntrain:\n  global_batch_size: 8\n  max_tokens: 1000000\n',
    'c.yaml',
    {},
  );
  assertSane(r);
  const a = r.plan.architecture!.value;
  assert.equal(a.vocab, 50688);
  assert.equal(a.ffn, 512);
  assert.equal(a.mlp, 'mlp');
  assert.equal(a.norm, 'layernorm');
  assert.equal(a.linearBias, true);
  assert.equal(params(r).total, 2 * (12 * 128 * 128 + 13 * 128) + 2 * 128 + 2 * 50688 * 128);
  const vocab = r.fields.find((f) => f.key === 'model_config.padded_vocab_size');
  assert.equal(vocab?.origin, 'default');
});

test('unknown models, unsupported layouts and hostile values are problems, not throws', () => {
  const unknown = litgptReader.read('model_name: my-model-9b\ntrain:\n  global_batch_size: 8\n', 'u.yaml', {});
  assertSane(unknown);
  assert.equal(unknown.plan.architecture, null);
  assert.match(unknown.problems.find((p) => p.code === 'unknown-model')?.message ?? '', /model_config/);

  const shared = litgptReader.read(
    'model_config:\n  n_layer: 2\n  n_embd: 64\n  n_head: 4\n  shared_attention_norm: true\ntrain:\n  global_batch_size: 8\n',
    'u.yaml',
    {},
  );
  // shared_attention_norm (Falcon 7B, phi): one LayerNorm per block, 12d² + 11d per layer at d 64.
  assert.equal(shared.plan.architecture?.value.blockNorms, 1);
  assert.equal(params(shared).total, 2 * (12 * 64 * 64 + 11 * 64) + 2 * 64 + 2 * 50688 * 64);
  const none = litgptReader.read(
    'model_config:\n  n_layer: 2\n  n_embd: 64\n  n_head: 4\n  norm_1: false\n  norm_2: false\ntrain:\n  global_batch_size: 8\n',
    'u.yaml',
    {},
  );
  assert.equal(none.plan.architecture, null);
  assert.ok(none.problems.some((p) => p.code === 'unsupported-architecture'));

  const llama = litgptReader.read(
    'model_config:\n  n_layer: 2\n  n_embd: 64\n  n_head: 4\n  mlp_class_name: LLaMAMLP\ntrain:\n  global_batch_size: 8\n',
    'u.yaml',
    {},
  );
  assert.match(llama.problems.find((p) => p.code === 'missing-architecture')?.message ?? '', /intermediate_size/);

  const hostile = litgptReader.read(
    'model_config:\n  n_layer: -1\n  n_embd: 1e308\n  n_head: 0\n  padded_vocab_size: abc\ntrain:\n  global_batch_size: 0.5\n  max_tokens: -7\n  max_seq_length: 2.5\ndevices: many\nprecision: quarter\n',
    'h.yaml',
    {},
  );
  assertSane(hostile);
  assert.ok(hostile.problems.filter((p) => p.code === 'invalid-value').length >= 7, JSON.stringify(hostile.problems.map((p) => p.message)));
  assert.equal(hostile.plan.architecture, null);

  const broken = litgptReader.read('model_name: x\ntrain: [\n', 'b.yaml', {});
  assertSane(broken);
  assert.ok(broken.problems.some((p) => p.code === 'parse-error'));
});

test('a model whose Hugging Face release ties its head: litgpt counts two matrices and says so at model_name', () => {
  // litgpt/scripts/convert_hf_checkpoint.py copies wte into a separate lm_head; only pretrain's
  // train.tie_embeddings ties them. Gemma 2B: 256,000 × 2048 more than the published 2,506,172,416.
  const { r, text } = read('wild/configs/Lightning-AI__litgpt/config_hub/finetune/gemma-2b/full.yaml');
  assert.equal(params(r).total, 2_506_172_416 + 256_000 * 2048);
  const note = r.problems.find((p) => p.code === 'untied-head');
  assert.equal(note?.severity, 'info');
  assert.match(note.message, /google\/gemma-2b\) ties its output head/);
  assert.equal(note.range?.startLine, lineOf(text, 'checkpoint_dir:'));
  // Llama 3.2 1B (tied on the Hub, 1,235,814,400): the same note; TinyLlama (untied on the Hub) gets none (test #8).
  const l = read('wild/configs/Lightning-AI__litgpt/config_hub/finetune/llama-3.2-1B/full.yaml').r;
  assert.equal(params(l).total, 1_235_814_400 + 128_256 * 2048);
  assert.ok(codes(l).includes('untied-head'));
});
