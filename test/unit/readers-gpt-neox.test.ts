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
  // Without the directive the vocabulary is unknown: a model-only file names no tokenizer (NeoX
  // takes it from the file merged with this one), so there is no count, and the message says what to add.
  const bare = read(text);
  assert.equal(bare.plan.architecture, null);
  const p = bare.problems.find((x) => x.code === 'unknown-tokenizer');
  assert.ok(p && /model-only file/.test(p.message) && /# scaling-lens: vocab=N/.test(p.message));
});

test('configs/llama2/70B.yml: no attention biases, MLP biases left at their default (true), each counted where NeoX puts them', () => {
  const text = fixture('llama2_70B.yml');
  // EleutherAI/gpt-neox@ea7aefd transformer.py: attention linears take use_bias_in_attn_linear,
  // ParallelMLP's linear1/linear2 use_bias_in_mlp. Llama-2-70B's 68,976,648,192 (HF
  // num_parameters()) plus 80 × (2 × 28,672 + 8,192) MLP biases.
  const r = read(`# scaling-lens: vocab=32000\n${text}`);
  assert.equal(params(r).total, 68_976_648_192 + 80 * (2 * 28_672 + 8_192));
  const a = r.plan.architecture!.value;
  assert.deepEqual([a.linearBias, a.mlpBias, a.qkvBias, a.outBias], [false, true, undefined, undefined]);
  const off = read(`# scaling-lens: vocab=32000\n${text.replace('"activation": "swiglu",', '"activation": "swiglu",\n  "use_bias_in_mlp": false,')}`);
  assert.equal(params(off).total, 68_976_648_192);
  // The other way round: biases on attention only.
  const attnOnly = read(
    `# scaling-lens: vocab=32000\n${text.replace('"use_bias_in_attn_linear": false', '"use_bias_in_attn_linear": true').replace('"activation": "swiglu",', '"activation": "swiglu",\n  "use_bias_in_mlp": false,')}`,
  );
  // q, k, v biases (64 + 2 × 8 heads × 128) and the output projection's 8,192, per layer.
  assert.equal(params(attnOnly).total - params(off).total, 80 * (8_192 + 2 * 1_024 + 8_192));
});

test('GPT-NeoX: gated widths without intermediate_size, non-transformer layers, bias-free experts, tokenizers', () => {
  const base = (extra: string) =>
    `{\n  "num_layers": 2,\n  "hidden_size": 768,\n  "num_attention_heads": 12,\n  "seq_length": 2048,\n  "max_position_embeddings": 2048,\n  "train_iters": 10,\n  "train_batch_size": 8,\n  "tokenizer_type": "GPT2BPETokenizer",\n${extra}}\n`;
  // 4h = 3072 → int(3072 × 2/3) = 2048 → linear1 2048, linear2 1024 (transformer.py ParallelMLP).
  assert.equal(read(base('  "activation": "swiglu",\n')).plan.architecture?.value.ffn, 1024);
  // int(expansion_factor × h), then the same gated scaling: int(int(2.5 × 768) × 2/3) // 2 = 640.
  assert.equal(read(base('  "activation": "swiglu",\n  "expansion_factor": 2.5,\n')).plan.architecture?.value.ffn, 640);
  assert.equal(read(base('  "activation": "bilinear",\n')).plan.architecture?.value.mlp, 'glu');
  assert.equal(read(base('  "norm": "non_parametric_layernorm",\n')).plan.architecture?.value.norm, 'nonparametric');
  for (const kind of ['mamba', 'rwkv', 'gmlp']) {
    const r = read(base(`  "attention_config": [[["${kind}"], 2]],\n`));
    assert.equal(r.plan.architecture, null, kind);
    assert.ok(codes(r).includes('unsupported-architecture'), kind);
  }
  // dMoE experts: two bias-free matrices (moe_mlp.py), beside the dense MLP's biases.
  const dense = read(base(''));
  const moe = read(base('  "moe_num_experts": 4,\n'));
  assert.equal(params(moe).total - params(dense).total, 2 * (4 * 2 * 768 * 3072 + 768 * 4 - (2 * 768 * 3072 + 3072 + 768)));
  assert.ok(codes(read(base('  "activation": "swiglu",\n  "moe_num_experts": 4,\n'))).includes('approximate-count'));
  // Tokenizers: GPT-2 BPE is 50,257; a named 20B tokenizer file 50,277; an SPM model Scaling Lens cannot size is unknown.
  assert.equal(field(read(base('')), 'vocab')?.value, 50257);
  assert.equal(field(read(base('').replace('"GPT2BPETokenizer"', '"HFTokenizer",\n  "vocab_file": "/data/20B_tokenizer.json"')), 'vocab')?.value, 50277);
  const spm = read(base('').replace('"GPT2BPETokenizer"', '"SPMTokenizer",\n  "vocab_file": "/data/tokenizer.model"'));
  assert.equal(spm.plan.architecture, null);
  assert.ok(codes(spm).includes('unknown-tokenizer'));
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

test('pos_emb: sinusoidal adds no parameters, rpe one rpe_num_buckets × heads bias table, learned a seq × d table; an unknown kind is an error at its line', () => {
  // configs/pythia/410M.yml with only pos_emb changed: 405,334,016 parameters with rotary (Pythia model card).
  const text = fixture('pythia-410m.yml');
  const withPos = (kind: string, extra = '') => read(text.replace('"pos_emb": "rotary",', `"pos_emb": "${kind}",${extra}`));
  assert.equal(params(withPos('sinusoidal')).total, 405_334_016);
  assert.equal(params(withPos('none')).total, 405_334_016);
  // T5 relative bias (megatron/mpu/layers.py ParallelRelativePositionBias): 32 buckets (neox_args default) × 16 heads.
  assert.equal(params(withPos('rpe')).total, 405_334_016 + 32 * 16);
  assert.equal(params(withPos('rpe', '\n  "rpe_num_buckets": 64,')).total, 405_334_016 + 64 * 16);
  assert.equal(params(withPos('learned')).total, 405_334_016 + 2048 * 1024);
  const bad = withPos('xpos');
  const p = bad.problems.find((x) => x.code === 'invalid-value');
  assert.match(p?.message ?? '', /unknown positional embedding "xpos"/);
  assert.equal(p?.range?.startLine, lineOf(text, '"pos_emb"'));
});
