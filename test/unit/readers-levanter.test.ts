// Levanter reader against configs from stanford-crfm/levanter@9263f81 (test/fixtures/levanter/README.md):
// model types over their dataclass defaults, `!include`d data named and not followed, the
// tokenizer as the vocabulary, batch-size schedules, and a comment that disagrees with the keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { levanterReader } from '../../src/configs/readers/levanter';
import { detectFormat } from '../../src/configs/index';
import type { ReadContext } from '../../src/configs/types';
import { assertInvalidAtLines, assertSane, codes, field, fixtureIn, lineOf, params } from './reader-helpers';

const fixture = fixtureIn('levanter');
const read = (text: string, ctx: ReadContext = {}) => {
  const r = levanterReader.read(text, 'config.yaml', ctx);
  assertSane(r);
  return r;
};

test("llama_1b_with_fineweb_txt: 1,204,881,408 parameters, 750,000 × 1024 × 2048 = 1.573e12 tokens, not the comment's 3T", () => {
  const text = fixture('llama_1b_with_fineweb_txt.yaml');
  const r = read(text);
  assert.equal(r.format, 'levanter');
  // 16 layers × (4·2048² attention + 3·2048·8192 MLP + 2·2048 norms) + 2048 + 2 × 32000·2048 (untied).
  assert.equal(params(r).total, 16 * (4 * 2048 * 2048 + 3 * 2048 * 8192 + 2 * 2048) + 2048 + 2 * 32000 * 2048);
  assert.equal(params(r).total, 1_204_881_408);
  assert.equal(r.plan.tokens.value, 1_572_864_000_000);
  assert.equal(r.plan.tokens.range?.startLine, lineOf(text, 'num_train_steps: 750000'));
  assert.equal(r.plan.batchTokens?.value, 1024 * 2048);
  assert.equal(r.plan.batchTokens?.range?.startLine, lineOf(text, 'train_batch_size: 1024'));
  assert.equal(field(r, 'model.intermediate_dim')?.range?.startLine, lineOf(text, 'intermediate_dim: 8192'));
  // The data config is another file: named, not read; the vocabulary is an assumption with a fix.
  assert.equal(field(r, 'data')?.value, '!include data/fineweb_llama_txt.yaml');
  const vocab = field(r, 'vocab');
  assert.equal(vocab?.value, 32000);
  assert.equal(vocab?.origin, 'assumed');
  const included = r.problems.find((p) => p.code === 'included-data');
  assert.equal(included?.range?.startLine, 0);
  assert.equal(included?.fix?.text, 'vocab=32000');
  const comment = r.problems.find((p) => p.code === 'comment-disagrees');
  assert.equal(comment?.range?.startLine, lineOf(text, '3,000,000,000,000 / 4,000,000'));
  assert.equal(r.plan.precision?.value, 'bf16');
  assert.equal(r.plan.learningRate?.value, 4e-4);
  // A directive states the tokenizer's size: the assumption goes.
  const stated = read(`# scaling-lens: vocab=32000\n${text}`);
  assert.ok(!codes(stated).includes('included-data'));
});

test('gpt2_small: no num_train_steps -> the 400,000-step default, 209,715,200,000 tokens; GPT-2 small is 124,439,808', () => {
  const text = fixture('gpt2_small.yaml');
  const r = read(text);
  // HF GPT-2 small (biases, tied, 1024 learned positions, vocab 50257): 124,439,808.
  assert.equal(params(r).total, 124_439_808);
  assert.equal(r.plan.steps?.value, 400_000);
  assert.equal(r.plan.steps?.origin, 'default');
  assert.equal(r.plan.tokens.value, 209_715_200_000);
  assert.equal(r.plan.tokens.origin, 'default');
  // The hint for a defaulted length goes on the `trainer:` line that leaves num_train_steps out.
  assert.equal(field(r, 'trainer')?.range?.startLine, lineOf(text, 'trainer:'));
  assert.equal(r.plan.architecture?.value.positions, 'learned');
  assert.equal(r.plan.architecture?.value.ffn, 3072);
});

test('gpt2_small_fast_batch_schedule: the batch schedule sums to 5,054,136,320 tokens over 20,000 steps', () => {
  const text = fixture('gpt2_small_fast_batch_schedule.yaml');
  const r = read(text);
  // Steps 0-63 at 64, 64-255 at 128, 256-1023 at 64, 1024-19999 at 256 sequences of 1024 tokens.
  assert.equal(r.plan.tokens.value, (64 * 64 + 192 * 128 + 768 * 64 + 18976 * 256) * 1024);
  assert.equal(r.plan.tokens.value, 5_054_136_320);
  assert.equal(r.plan.batchTokens?.value, 256 * 1024);
  // data.tokenizer gpt2 is in the file: the vocabulary is derived, not assumed.
  assert.equal(field(r, 'vocab')?.origin, 'derived');
  assert.equal(field(r, 'vocab')?.range?.startLine, lineOf(text, 'tokenizer: gpt2'));
  assert.equal(params(r).total, 124_439_808);
  const unsorted = read(text.replace('start: 256', 'start: 16'));
  assert.ok(unsorted.problems.some((p) => p.code === 'invalid-value' && p.message.includes('sorted')));
  assert.equal(unsorted.plan.tokens.value, null);
});

test('mixtral_8x7b: every model key from MixtralConfig defaults, 46,702,792,704 parameters (12.9B active)', () => {
  const r = read(fixture('mixtral_8x7b.yaml'));
  // Mixtral-8x7B-v0.1: 46,702,792,704 (HF num_parameters()).
  const c = params(r);
  assert.equal(c.total, 46_702_792_704);
  assert.equal(c.active, 12_879_925_248);
  assert.equal(r.plan.seqLen?.value, 8192);
  assert.equal(r.plan.seqLen?.origin, 'default');
  assert.equal(r.plan.tokens.value, 1000 * 256 * 8192);
});

test('impossible values are errors at their line; unsupported types say so', () => {
  const base = fixture('llama_1b_with_fineweb_txt.yaml');
  assertInvalidAtLines((t) => read(t), base, [
    ['num_layers: 16', 'num_layers: -3'],
    ['hidden_dim: 2048', 'hidden_dim: 2048.5'],
  ]);
  const gemma2 = read(base.replace('type: llama', 'type: gemma2'));
  assert.ok(codes(gemma2).includes('unsupported-model'));
  assert.equal(gemma2.plan.architecture, null);
  const unknown = read(base.replace('type: llama', 'type: llama9'));
  assert.ok(codes(unknown).includes('unknown-model'));
});

test('detection: Levanter configs are Levanter; a custom YAML tag does not break the read', () => {
  for (const name of ['llama_1b_with_fineweb_txt.yaml', 'gpt2_small.yaml', 'mixtral_8x7b.yaml']) {
    assert.equal(detectFormat(fixture(name), name)?.reader.id, 'levanter', name);
  }
  assert.equal(levanterReader.detect('model:\n  type: llama\n', 'x.yaml'), 0);
  assert.equal(levanterReader.detect('trainer:\n  train_batch_size: 4\nmodel: gpt2\n', 'x.yaml'), 0);
});

test('sft.py takes a top-level tokenizer: (sft_llama3.1_tulu3.yaml): Llama 3.1 8B with its 128,256-token vocabulary', () => {
  const text = fixture('sft_llama3.1_tulu3.yaml');
  const r = read(text);
  // Read as GPT-2's 50,257 tokens before: 7,391,293,440.
  assert.equal(params(r).total, 8_030_261_248);
  assert.equal(field(r, 'vocab')?.range?.startLine, lineOf(text, 'tokenizer:'));
});

test('data: !include is read once the host has the file: its tokenizer sets the vocabulary', () => {
  const text = fixture('llama_7b_with_olmo_config_uswest4.yaml');
  // Before the host reads it: the path is asked for, and Llama 2's 32,000 tokens are assumed and said.
  const first = read(text);
  assert.deepEqual(
    first.unresolvedFiles?.map((u) => u.path),
    ['data/dolma_llama.yaml'],
  );
  assert.equal(params(first).total, 6_738_415_616);
  assert.ok(codes(first).includes('included-data'));
  // With the included file (config/data/dolma_llama.yaml: tokenizer nvidia/Llama-3.1-Nemotron-70B-Instruct-HF,
  // a Llama 3.1 tokenizer): 32 × (4 × 4096² + 3 × 4096 × 11008 + 2 × 4096) + 4096 + 2 × 128,256 × 4096.
  const files = new Map([
    ['data/dolma_llama.yaml', { path: 'data/dolma_llama.yaml', text: fixture('dolma_llama.yaml'), location: 'config/data/dolma_llama.yaml' }],
  ]);
  const r = read(text, { files });
  assert.equal(params(r).total, 32 * (4 * 4096 ** 2 + 3 * 4096 * 11008 + 2 * 4096) + 4096 + 2 * 128_256 * 4096);
  assert.equal(params(r).total, 7_526_944_768);
  assert.ok(!codes(r).includes('included-data'));
  assert.equal(r.unresolvedFiles, undefined);
  // Not found: said, and the assumption stays.
  const missing = read(text, { files: new Map([['data/dolma_llama.yaml', { path: 'data/dolma_llama.yaml', tried: ['x'], reason: 'no file at x' }]]) });
  assert.equal(params(missing).total, 6_738_415_616);
  assert.ok(missing.problems.some((p) => /was not found \(no file at x\)/.test(p.message)));
});

test('a jmp policy without a compute dtype computes in the params dtype; GPT-2 with use_bias: false has bias-free LayerNorms', () => {
  // llama2_nano.yaml: `mp: p=f32` (jmp get_policy: compute_dtype = param_dtype), was refused as invalid.
  const nano = read(fixture('llama2_nano.yaml'));
  assert.equal(nano.plan.precision?.value, 'fp32');
  assert.ok(!nano.problems.some((p) => p.severity === 'error'));
  // gpt2_20b.yaml: 44 layers of 6144, no biases anywhere (gpt2.py: LayerNorm use_bias=config.use_bias):
  // 44 × (12 × 6144² + 2 × 6144 norm weights) + 6144 + (V + 2048) × 6144, V from the included data config (not read: GPT-2's 50,257 assumed).
  const g = read(fixture('gpt2_20b.yaml'));
  assert.equal(params(g).total, 44 * (12 * 6144 ** 2 + 2 * 6144) + 6144 + (50_257 + 2048) * 6144);
  assert.ok(!codes(g).includes('approximate-count'));
});

test('an lm-eval-harness config (config/harness/harness_nano.yaml) trains nothing: the model is counted, no tokens', () => {
  const r = read(fixture('harness_nano.yaml'));
  assert.equal(r.plan.tokens.value, null);
  assert.ok(codes(r).includes('no-training'));
  // gpt2 tokenizer (top-level tokenizer:), 2 × 32 wide: counted.
  assert.ok(params(r).total > 0);
});

test('train_lm with an eval_harness evaluated while it trains (gpt2_small_fast_eval.yaml) still trains on its data', () => {
  const r = read(fixture('gpt2_small_fast_eval.yaml'));
  assert.ok(r.plan.tokens.value !== null && r.plan.tokens.value > 0);
  assert.ok(!codes(r).includes('no-training'));
});
