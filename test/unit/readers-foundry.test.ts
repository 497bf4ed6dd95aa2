// llm-foundry reader against docs/configs.md#reference-configs cases #5, #6, #7, plus MCLI run files,
// hf_causal_lm, Composer durations, and hostile input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { llmFoundryReader } from '../../src/configs/readers/llmFoundry';
import type { ReadContext } from '../../src/configs/types';
import { assertInvalidAtLines, codes, field, fixture as anyFixture, fixtureIn, lineOf, params } from './reader-helpers';

const fixture = fixtureIn('llm-foundry');
const read = (text: string, ctx: ReadContext = {}) => llmFoundryReader.read(text, 'config.yaml', ctx);
/** 0-based line of the first line containing `needle`, searching from `from`. */

test('#5 mpt-125m: 125,311,488 parameters and 2,516,582,400 tokens', () => {
  const text = fixture('mpt-125m.yaml');
  const r = read(text);
  assert.deepEqual(r.problems, []);
  assert.equal(r.format, 'llm-foundry');
  assert.equal(params(r).total, 125_311_488);
  const a = r.plan.architecture!.value;
  assert.equal(a.positions, 'learned');
  assert.equal(a.norm, 'layernorm');
  assert.equal(a.linearBias, true);
  assert.equal(a.tiedEmbeddings, true);
  assert.equal(r.plan.tokens.value, 2_516_582_400);
  assert.equal(r.plan.steps?.value, 4800);
  assert.equal(r.plan.batchTokens?.value, 256 * 2048);
  // ${variables.max_seq_len} resolves; the hint goes on model.max_seq_len.
  assert.equal(r.plan.seqLen?.value, 2048);
  const modelLine = lineOf(text, 'model:');
  assert.equal(r.plan.seqLen?.range?.startLine, lineOf(text, 'max_seq_len: ${variables.max_seq_len}', modelLine));
  assert.equal(r.plan.steps?.range?.startLine, lineOf(text, 'max_duration: 4800ba'));
  assert.equal(r.plan.tokens.range?.startLine, lineOf(text, 'max_duration: 4800ba'));
  assert.equal(field(r, 'model.d_model')?.origin, 'stated');
  assert.equal(field(r, 'model.d_model')?.range?.startLine, lineOf(text, 'd_model: 768'));
  assert.equal(field(r, 'global_train_batch_size')?.range?.startLine, lineOf(text, 'global_train_batch_size: 256'));
  assert.equal(r.plan.tokens.origin, 'derived');
  assert.equal(r.plan.precision?.value, 'bf16');
  assert.equal(r.plan.learningRate?.value, 6e-4);
  // Tokens do not depend on the GPU count, so none is assumed.
  assert.equal(r.plan.gpuCount, null);
});

test('#6 mpt-7b yaml: 6,658,859,008 parameters and 134,008,012,800 tokens', () => {
  const r = read(fixture('mpt-7b.yaml'));
  assert.deepEqual(r.problems, []);
  assert.equal(params(r).total, 6_658_859_008);
  assert.equal(r.plan.tokens.value, 134_008_012_800);
  assert.equal(r.plan.batchTokens?.value, 1024 * 2048);
  assert.equal(r.plan.learningRate?.value, 1.2e-4);
});

test('#6 released MPT-7B architecture (no_bias, ALiBi, vocab 50432): 6,649,286,656', () => {
  const text = fixture('mpt-7b.yaml')
    .replace('  vocab_size: 50368', '  vocab_size: 50432\n  no_bias: true')
    .replace('    attn_impl: flash', '    attn_impl: flash\n    alibi: true');
  const r = read(text);
  assert.equal(params(r).total, 6_649_286_656);
  assert.equal(r.plan.architecture!.value.positions, 'alibi');
  assert.equal(r.plan.architecture!.value.linearBias, false);
});

test('#7 testing-moe: MegaBlocks dMoE under ffn_config, 6,553,600 tokens', () => {
  const r = read(fixture('testing-moe.yaml'));
  assert.deepEqual(r.problems, []);
  const a = r.plan.architecture!.value;
  // MegaBlocks (databricks/megablocks@78eea65 mlp.py, moe.py, router.py): bias-free experts, a
  // d × E router without bias, one d-wide output bias per layer (no_bias is false here).
  assert.deepEqual(a.moe, { experts: 4, topK: 2, expertFfn: 128, sharedExperts: 0, denseLayers: 0, expertBias: false, outputBias: true });
  assert.equal(a.mlp, 'mlp');
  // d = 128, 2 layers, vocab 50368, 128 learned positions: per layer norms 512 + Wqkv 49,536 +
  // out 16,512 + router 512 + experts 4 × 2 × 128 × 128 = 131,072 + output bias 128 = 198,272.
  const c = params(r);
  assert.equal(c.total, 50368 * 128 + 128 * 128 + 2 * 198_272 + 256);
  assert.equal(c.total, 6_860_288);
  // Active: top-2 of 4 experts, llm-foundry's own rule (llmfoundry/utils/mpt_param_count.py).
  assert.equal(c.active, 6_860_288 - 2 * 2 * 2 * 128 * 128);
  assert.equal(r.plan.tokens.value, 6_553_600);
  assert.equal(r.plan.seqLen?.value, 128);
});

test('MPT keys: head_dim, attention_bias, sliding_window_size; llm-foundry torch_dmoe and mb_moe expert shapes', () => {
  const yaml = (model: string) =>
    `max_seq_len: 128\nmodel:\n  name: mpt_causal_lm\n  d_model: 256\n  n_heads: 4\n  n_layers: 2\n  vocab_size: 1000\n  max_seq_len: 128\n${model}max_duration: 10ba\nglobal_train_batch_size: 8\n`;
  const base = read(yaml(''));
  // head_dim 32 (configuration_mpt.py; attention.py): Wqkv 256 × 3·4·32 + bias, out 128 × 256 + bias.
  const narrow = read(yaml('  head_dim: 32\n'));
  assert.equal(narrow.plan.architecture?.value.headDim, 32);
  const attention = (hd: number) => 256 * 3 * 4 * hd + 3 * 4 * hd + 4 * hd * 256 + 256;
  assert.equal(params(base).total - params(narrow).total, 2 * (attention(64) - attention(32)));
  // attention_bias false: Wqkv loses its bias, out_proj and the MLP keep theirs.
  const noQkv = read(yaml('  attention_bias: false\n'));
  assert.equal(params(base).total - params(noQkv).total, 2 * 3 * 256);
  // attention_bias true with no_bias: only Wqkv's bias.
  const onlyQkv = read(yaml('  no_bias: true\n  attention_bias: true\n'));
  assert.equal(params(onlyQkv).total - params(read(yaml('  no_bias: true\n'))).total, 2 * 3 * 256);
  // sliding_window_size 32: keys i − 32 … i, 33 of them (layers/attention.py triu(diagonal=-w)).
  assert.deepEqual(read(yaml('  attn_config:\n    sliding_window_size: 32\n')).plan.architecture?.value.slidingWindow, { window: 33, layers: 2 });
  // torch_dmoe (layers/dmoe.py): glu experts w1, v1, w2 without biases, router without bias, no output bias.
  const dmoe = read(yaml('  ffn_config:\n    ffn_type: torch_dmoe\n    moe_num_experts: 4\n    moe_top_k: 1\n    mlp_type: glu\n'));
  const moe = dmoe.plan.architecture!.value;
  assert.deepEqual([moe.mlp, moe.moe?.expertBias, moe.moe?.outputBias], ['glu', false, undefined]);
  assert.equal(params(dmoe).total - params(base).total, 2 * (4 * 3 * 256 * 1024 + 256 * 4 - (2 * 256 * 1024 + 1024 + 256)));
  // mb_moe always builds the two-matrix MLP, whatever mlp_type says.
  const mb = read(yaml('  ffn_config:\n    ffn_type: mb_moe\n    moe_num_experts: 4\n    mlp_type: glu\n'));
  assert.equal(mb.plan.architecture?.value.mlp, 'mlp');
  assert.ok(mb.problems.some((p) => p.code === 'ignored-key'));
});

test('MCLI run file: the config under parameters:, compute.gpus stated', () => {
  const text = fixture('mcli-mpt-125m.yaml');
  const r = read(text);
  assert.deepEqual(r.problems, []);
  assert.equal(params(r).total, 125_311_488);
  assert.equal(r.plan.tokens.value, 2_516_582_400);
  assert.equal(r.plan.gpuCount?.value, 16);
  assert.equal(r.plan.gpuCount?.origin, 'stated');
  assert.equal(r.plan.gpuCount?.range?.startLine, lineOf(text, 'gpus: 16'));
  assert.equal(field(r, 'parameters.max_duration')?.range?.startLine, lineOf(text, 'max_duration: 4800ba'));
  assert.equal(field(r, 'parameters.device_train_microbatch_size')?.value, 'auto');
});

test('max_duration in tok, sp, ep, int, dur, wall clock', () => {
  const base = fixture('mpt-125m.yaml');
  const withDuration = (d: string) => read(base.replace('max_duration: 4800ba  # ~ 2.5B tokens', `max_duration: ${d}`));
  const tok = withDuration('3e9tok');
  assert.equal(tok.plan.tokens.value, 3e9);
  assert.equal(tok.plan.steps?.value, Math.ceil(3e9 / 524_288));
  const sp = withDuration('1000000sp');
  assert.equal(sp.plan.tokens.value, 1_000_000 * 2048);
  assert.equal(sp.plan.steps?.value, Math.ceil(1_000_000 / 256));
  for (const ep of ['2ep', '2']) {
    const r = withDuration(ep);
    assert.equal(r.plan.tokens.value, null);
    assert.match(r.plan.tokens.note ?? '', /2 epochs.*not derivable/);
    assert.deepEqual(r.problems, []);
  }
  const dur = withDuration('0.5dur');
  assert.equal(dur.plan.tokens.value, null);
  assert.ok(codes(dur).includes('invalid-value'));
  const clock = withDuration('1h30m');
  assert.equal(clock.plan.tokens.value, null);
  assert.ok(clock.problems.some((p) => /wall-clock/.test(p.message)));
  const junk = withDuration('1.5ba');
  assert.equal(junk.plan.tokens.value, null);
  const p = junk.problems.find((x) => x.code === 'invalid-value');
  assert.ok(p);
  assert.equal(p.range?.startLine, lineOf(base, 'max_duration:'));
  const absent = read(base.replace('max_duration: 4800ba  # ~ 2.5B tokens', ''));
  assert.equal(absent.plan.tokens.value, null);
  assert.match(absent.plan.tokens.note ?? '', /not set/);
});

test('MPT variants: mptglu, multi-query, grouped-query, rope, untied, ffn_hidden_size, qk_ln', () => {
  const base = fixture('mpt-125m.yaml');
  const attn = (extra: string) => read(base.replace('    attn_impl: flash', `    attn_impl: flash\n${extra}`));
  const glu = read(base.replace('  expansion_ratio: 4', '  expansion_ratio: 4\n  ffn_config:\n    ffn_type: mptglu\n    ffn_hidden_size: 2048'));
  assert.equal(glu.plan.architecture!.value.mlp, 'glu');
  assert.equal(glu.plan.architecture!.value.ffn, 2048);
  assert.equal(attn('    attn_type: multiquery_attention').plan.architecture!.value.kvHeads, 1);
  assert.equal(attn('    attn_type: grouped_query_attention\n    kv_n_heads: 4').plan.architecture!.value.kvHeads, 4);
  const gqaMissing = attn('    attn_type: grouped_query_attention');
  assert.ok(codes(gqaMissing).includes('missing-value'));
  const rope = attn('    rope: true');
  assert.equal(rope.plan.architecture!.value.positions, 'rotary');
  // RoPE turns the learned table off: 2048 × 768 fewer parameters.
  assert.equal(params(rope).total, 125_311_488 - 2048 * 768);
  const qk = attn('    qk_ln: true');
  assert.equal(qk.plan.architecture!.value.qkNorm, 'full');
  assert.equal(params(qk).total, 125_311_488 + 12 * 2 * (2 * 768));
  const untied = read(base.replace('  vocab_size: 50368', '  vocab_size: 50368\n  tie_word_embeddings: false'));
  assert.equal(params(untied).total, 125_311_488 + 50368 * 768);
  const rms = read(base.replace('  vocab_size: 50368', '  vocab_size: 50368\n  norm_type: low_precision_rmsnorm'));
  assert.equal(rms.plan.architecture!.value.norm, 'rmsnorm');
});

test('Defaults of MPTConfig fill what the file leaves out, marked as defaults', () => {
  const text = 'model:\n  name: mpt_causal_lm\nmax_duration: 10ba\nglobal_train_batch_size: 8\n';
  const r = read(text);
  const a = r.plan.architecture!.value;
  assert.equal(a.dModel, 2048);
  assert.equal(a.layers, 24);
  assert.equal(a.vocab, 50368);
  assert.equal(field(r, 'model.d_model')?.origin, 'default');
  assert.equal(r.plan.tokens.value, 10 * 8 * 2048);
});

test('hf_causal_lm: architecture from the HF id; tokens unknown for 1ep', () => {
  const text = fixture('hf-causal-lm.yaml');
  const r = read(text);
  assert.equal(r.plan.tokens.value, null);
  assert.match(r.plan.tokens.note ?? '', /epoch/);
  assert.equal(r.plan.batchTokens?.value, 64 * 2048);
  assert.equal(r.plan.seqLen?.range?.startLine, lineOf(text, 'max_seq_len: ${variables.max_seq_len}'));
  // The HF registry (registry/hf.ts via hfModelParts) knows meta-llama/Meta-Llama-3-8B.
  assert.deepEqual(r.problems, []);
  assert.equal(params(r).total, 8_030_261_248);
  assert.equal(r.plan.architecture!.value.seqLen, 2048); // the run's, not the model's 8192
  assert.equal(field(r, 'model.pretrained_model_name_or_path')?.range?.startLine, lineOf(text, 'pretrained_model_name_or_path: '));
  const unknownText = text.replace('meta-llama/Meta-Llama-3-8B\n  pretrained', 'acme/never-heard-of-it\n  pretrained');
  const unknown = read(unknownText);
  assert.equal(unknown.plan.architecture, null);
  const p = unknown.problems.find((x) => x.code === 'unknown-model');
  assert.ok(p);
  assert.equal(p.range?.startLine, lineOf(unknownText, 'acme/never-heard-of-it'));
});

test('hf_causal_lm without any max_seq_len: the context length is assumed, and said so', () => {
  const r = read(
    'model:\n  name: hf_causal_lm\n  pretrained_model_name_or_path: meta-llama/Meta-Llama-3-8B\nmax_duration: 100ba\nglobal_train_batch_size: 8\n',
  );
  assert.equal(params(r).total, 8_030_261_248);
  assert.equal(r.plan.seqLen?.origin, 'assumed');
  assert.equal(r.plan.tokens.value, 100 * 8 * r.plan.seqLen.value);
  assert.equal(r.plan.tokens.origin, 'assumed');
  assert.ok(codes(r).includes('assumed-value'));
});

test('Impossible values become problems at their line, never throws or NaN', () => {
  const base = fixture('mpt-125m.yaml');
  const cases: Array<[string, string]> = [
    ['  n_layers: 12', '  n_layers: -3'],
    ['  n_layers: 12', '  n_layers: 2.5'],
    ['  n_heads: 12', '  n_heads: 0'],
    ['  d_model: 768', '  d_model: abc'],
    ['  d_model: 768', '  d_model: 1e308'],
    ['  vocab_size: 50368', '  vocab_size: [1, 2]'],
    ['  expansion_ratio: 4', '  expansion_ratio: 1.3'],
  ];
  assertInvalidAtLines(read, base, cases);
  const heads = read(base.replace('  n_heads: 12', '  n_heads: 7'));
  assert.equal(heads.plan.architecture, null);
  assert.ok(codes(heads).includes('invalid-value'));
  const batch = read(base.replace('global_train_batch_size: 256', 'global_train_batch_size: -1'));
  assert.equal(batch.plan.tokens.value, null);
  assert.ok(codes(batch).includes('invalid-value'));
});

test('Malformed and hostile files: problems, not throws', () => {
  const inputs = [
    '',
    'model: [unclosed',
    '- a\n- b\n',
    'model:\n  name: mpt_causal_lm\n  d_model: &a 768\n  n_heads: *a\n',
    'model:\n  name: 12\nmax_duration: {a: 1}\nglobal_train_batch_size: 1e999\n',
    'a: &a [*a, *a]\n',
    `model:\n  name: mpt_causal_lm\n${'  x: 1\n'.repeat(2000)}`,
  ];
  for (const text of inputs) {
    const r = read(text);
    assert.equal(r.format, 'llm-foundry');
    for (const v of [r.plan.tokens.value, r.plan.batchTokens?.value, r.plan.steps?.value]) {
      if (typeof v === 'number') assert.ok(Number.isFinite(v) && v >= 0, `${text.slice(0, 30)}: ${v}`);
    }
  }
  assert.ok(read('model: [unclosed').problems.some((p) => p.code === 'parse-error'));
});

test('detect: foundry configs high; OLMo, NeoX, MaxText, CI, compose, package.json, Cargo low', () => {
  for (const f of ['mpt-125m.yaml', 'mpt-7b.yaml', 'testing-moe.yaml', 'mcli-mpt-125m.yaml', 'hf-causal-lm.yaml']) {
    assert.ok(llmFoundryReader.detect(fixture(f), f) >= 0.8, f);
  }
  const others = [
    anyFixture('olmo/OLMo-1B.yaml'),
    anyFixture('olmo/OLMo2-7B-stage1.yaml'),
    anyFixture('gpt-neox/pythia-410m.yml'),
    anyFixture('maxtext/llama3-8b.yml'),
    anyFixture('torchtitan/llama3_8b.toml'),
    'name: CI\non:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n',
    'version: "3"\nservices:\n  model:\n    name: web\n    image: nginx\n',
    '{"name": "x", "version": "1.0.0", "scripts": {"test": "node --test"}}',
    '[package]\nname = "foo"\nversion = "0.1.0"\n[dependencies]\nserde = "1"\n',
  ];
  for (const t of others) assert.ok(llmFoundryReader.detect(t, 'x.yaml') < 0.5, t.slice(0, 40));
});

test('CRLF line endings read the same; pathological text stays fast', { timeout: 60_000 }, () => {
  const text = fixture('mpt-125m.yaml').replace(/\n/g, '\r\n');
  assert.ok(llmFoundryReader.detect(text, 'x') >= 0.8);
  const r = read(text);
  assert.equal(r.plan.tokens.value, 2_516_582_400);
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
    llmFoundryReader.detect(h, 'x.yaml');
    read(h);
  }
});

test('hf_causal_lm config_overrides replace the model config.json keys (gpt2-small.yaml: n_positions 2048)', () => {
  const text = anyFixture('wild/configs/mosaicml__llm-foundry/scripts/train/yamls/pretrain/gpt2-small.yaml');
  const r = read(text);
  // GPT-2 small (124,439,808 with 1,024 positions) with a 2,048-row position table: + 1,024 × 768.
  assert.equal(params(r).total, 124_439_808 + 1024 * 768);
  const a = r.plan.architecture!.value;
  assert.equal(a.maxPositions, 2048);
  assert.ok(!(codes(r) as readonly string[]).includes('config-overrides-ignored'), 'a removed code stays gone');
});
