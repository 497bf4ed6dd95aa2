// GPT-NeoX model-only configs (EleutherAI/gpt-neox@ea7aefd configs/llama, llama2, mistral; see
// test/fixtures/gpt-neox/README.md): recognised, counted exactly when NeoX's MLP is countable,
// tokens unknown because the run length lives in the training file NeoX merges with them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gptNeoxReader } from '../../src/configs/readers/gptNeox';
import { detectFormat } from '../../src/configs/index';
import type { ReadContext } from '../../src/configs/types';
import { assertSane, codes, field, fixtureIn, lineOf, params } from './reader-helpers';

const fixture = fixtureIn('gpt-neox');
const wildFixture = fixtureIn('wild/configs');
const read = (text: string, ctx: ReadContext = {}) => {
  const r = gptNeoxReader.read(text, 'model.yml', ctx);
  assertSane(r);
  return r;
};

test("configs/llama/7B.yml: a model-only config; with the Llama tokenizer stated, LLaMA-7B's 6,738,415,616", () => {
  const text = fixture('llama_7B.yml');
  assert.equal(detectFormat(text, 'llama_7B.yml')?.reader.id, 'gpt-neox');
  // The file names no tokenizer: the directive states the 32,000 of the Llama SentencePiece model.
  const r = read(`# scaling-lens: vocab=32000\n${text}`);
  // LLaMA-7B (Touvron et al. 2023; HF num_parameters()): 6,738,415,616.
  assert.equal(params(r).total, 6_738_415_616);
  // intermediate_size 32768: int(32768 × 2/3) // 2 = 10922, rounded up to mlp_multiple_of 256 = 11008.
  assert.equal(r.plan.architecture?.value.ffn, 11008);
  assert.equal(field(r, 'ffn (effective)')?.range?.startLine, lineOf(`x\n${text}`, '"intermediate_size": 32768'));
  assert.equal(r.plan.tokens.value, null);
  assert.match(r.plan.tokens.note ?? '', /model-only config/);
  assert.ok(!codes(r).includes('assumed-gpu-count'));
  assert.ok(!r.problems.some((p) => p.severity === 'error'));
  // Without the directive the GPT-NeoX-20B vocabulary is an assumption, shown as one.
  const assumed = read(text);
  assert.equal(field(assumed, 'vocab')?.origin, 'assumed');
});

test('configs/llama2/70B.yml leaves use_bias_in_mlp at its default (true): not counted, said so', () => {
  const text = fixture('llama2_70B.yml');
  const r = read(text);
  assert.equal(r.plan.architecture, null);
  const p = r.problems.find((x) => x.code === 'unsupported-model');
  assert.equal(p?.range?.startLine, lineOf(text, '"use_bias_in_attn_linear": false'));
  // With the MLP biases off, it is Llama-2-70B's 68,976,648,192 (HF num_parameters()).
  const fixed = read(`# scaling-lens: vocab=32000\n${text.replace('"activation": "swiglu",', '"activation": "swiglu",\n  "use_bias_in_mlp": false,')}`);
  assert.equal(params(fixed).total, 68_976_648_192);
});

test('configs/mistral/7B.yml: an intermediate_size NeoX cannot build without mlp_multiple_of is an error at its line', () => {
  const text = fixture('mistral_7B.yml');
  const r = read(text);
  assert.equal(detectFormat(text, 'mistral_7B.yml')?.reader.id, 'gpt-neox');
  const p = r.problems.find((x) => x.code === 'invalid-value');
  assert.equal(p?.range?.startLine, lineOf(text, '"intermediate_size": 14336'));
  assert.ok(codes(r).includes('unknown-tokenizer'));
});

test("model-only detection needs NeoX's quoted keys; Levanter and other nested YAML are not taken", () => {
  assert.equal(gptNeoxReader.detect('{\n  "num_layers": 2,\n  "hidden_size": 64,\n  "num_attention_heads": 4,\n}\n', 'm.yml'), 0.55);
  assert.equal(gptNeoxReader.detect('model:\n  num_layers: 2\n  hidden_size: 64\n  num_attention_heads: 4\n', 'm.yml'), 0);
});

test('EleutherAI/pythia models/12B/pythia-12b.yml as published: the missing comma is a parse error on line 21, nothing counted', () => {
  const text = wildFixture('EleutherAI__pythia/models/12B/pythia-12b.yml');
  const r = read(text);
  // PyYAML: "while parsing a flow mapping ... expected ',' or '}', but got '<scalar>'", line 21 column 4.
  const parse = r.problems.find((p) => p.code === 'parse-error');
  assert.equal(parse?.severity, 'error');
  assert.equal(parse?.range?.startLine, lineOf(text, '"scaled-upper-triang-masked-softmax-fusion"'));
  assert.equal(r.plan.architecture?.value ?? null, null);
});

test('a list, a mapping or a too-large size where a number belongs is an error at its line, and nothing is counted with a default in its place', () => {
  const text = fixture('llama_7B.yml');
  for (const [stated, why] of [
    ['"num_kv_heads": [8],', 'expected a number, got a list'],
    ['"num_kv_heads": {"n": 8},', 'expected a number, got a mapping'],
    ['"num_kv_heads": 200000000,', '200000000 is implausibly large (over 1e8)'],
  ] as const) {
    const edited = `# scaling-lens: vocab=32000\n${text.replace('"num_layers": 32,', `"num_layers": 32,\n  ${stated}`)}`;
    const r = read(edited);
    const p = r.problems.find((x) => x.code === 'invalid-value');
    assert.equal(p?.range?.startLine, lineOf(edited, stated), stated);
    assert.match(p?.message ?? '', new RegExp(why.replace(/[()]/g, '\\$&')));
    // Before, the list and the mapping were skipped: LLaMA-7B counted with 32 KV heads, no error.
    assert.equal(r.plan.architecture, null, stated);
  }
});

test('a boolean that is not one is an error at its line, not the default', () => {
  const text = fixture('llama_7B.yml').replace('"no_weight_tying": true,', '"no_weight_tying": "maybe",');
  const r = read(text);
  const p = r.problems.find((x) => x.code === 'invalid-value');
  assert.equal(p?.range?.startLine, lineOf(text, '"no_weight_tying": "maybe"'));
  assert.match(p?.message ?? '', /expected true or false, got "maybe"/);
});

test('attention_config [[["flash"], 24]] (configs/pythia/410M.yml) states flash attention; a list is read as a list', () => {
  const text = fixture('pythia-410m.yml');
  const r = read(text);
  assert.equal(r.plan.setup?.flashAttention?.value, true);
  assert.equal(r.plan.setup?.flashAttention?.origin, 'stated');
  assert.equal(r.plan.setup?.flashAttention?.range?.startLine, lineOf(text, '"attention_config"'));
  const global = read(text.replace('[[["flash"], 24]]', '[[["global"], 24]]'));
  assert.equal(global.plan.setup?.flashAttention, undefined);
});

test('an implausible pipe-parallel-size (1e308) is an error at its line and is not used by the run setup (found by the fuzz suite)', () => {
  const text = wildFixture('EleutherAI__pythia/models/1.4B/pythia-1.4b.yml').replace('"pipe-parallel-size": 1,', '"pipe-parallel-size": 1e308,');
  assert.match(text, /1e308/);
  const r = read(text);
  const problem = r.problems.find((p) => p.code === 'invalid-value');
  assert.match(problem?.message ?? '', /pipe_parallel_size: 1e\+308 is implausibly large/);
  assert.equal(problem?.range?.startLine, lineOf(text, '"pipe-parallel-size": 1e308'));
  // The setup keeps NeoX's default of one stage instead of 1e308 (which made the step time infinite).
  const pp = r.plan.setup?.parallel?.pp;
  assert.equal(pp?.value, 1);
  assert.equal(pp?.origin, 'default');
});
