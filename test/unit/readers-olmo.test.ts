// OLMo reader against docs/configs.md#reference-configs cases #14 and #15, plus the max_duration forms,
// norm and embedding rules, and hostile input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { olmoReader } from '../../src/configs/readers/olmo';
import type { ReadContext } from '../../src/configs/types';
import { assertInvalidAtLines, codes, field, fixture as anyFixture, fixtureIn, lineOf, params } from './reader-helpers';

const fixture = fixtureIn('olmo');
const read = (text: string, ctx: ReadContext = {}) => olmoReader.read(text, 'config.yaml', ctx);

test('#14 OLMo-1B: 1,176,764,416 parameters, 3,100,966,387,712 tokens from max_duration 739_328', () => {
  const text = fixture('OLMo-1B.yaml');
  const r = read(text);
  assert.deepEqual(r.problems, []);
  assert.equal(r.format, 'olmo');
  const a = r.plan.architecture!.value;
  // mlp_ratio 8 is the fused SwiGLU width 16384: 8192 per matrix.
  assert.equal(a.ffn, 8192);
  assert.equal(a.mlp, 'glu');
  // Non-affine LayerNorm: no norm weights at all. Tied embeddings of the padded 50304 rows.
  assert.equal(a.norm, 'nonparametric');
  assert.equal(a.tiedEmbeddings, true);
  assert.equal(a.vocab, 50304);
  assert.equal(a.positions, 'rotary');
  assert.equal(a.linearBias, false);
  const c = params(r);
  assert.equal(c.total, 1_176_764_416);
  assert.equal(c.breakdown.norms, 0);
  // `739_328` is a string to a YAML 1.2 parser; OLMo reads it as steps.
  assert.equal(r.plan.steps?.value, 739_328);
  assert.equal(r.plan.steps?.range?.startLine, lineOf(text, 'max_duration: 739_328'));
  assert.equal(r.plan.batchTokens?.value, 2048 * 2048);
  assert.equal(r.plan.tokens.value, 3_100_966_387_712);
  assert.equal(r.plan.tokens.range?.startLine, lineOf(text, 'max_duration: 739_328'));
  assert.equal(r.plan.seqLen?.range?.startLine, lineOf(text, 'max_sequence_length: 2048'));
  assert.equal(field(r, 'model.embedding_size')?.range?.startLine, lineOf(text, 'embedding_size: 50304'));
  assert.equal(r.plan.precision?.value, 'bf16');
  assert.equal(r.plan.learningRate?.value, 4e-4);
  assert.equal(r.plan.gpuCount, null);
});

test('#15 OLMo2-7B stage 1: 7,298,617,344 parameters; 1ep tokens are not derivable', () => {
  const text = fixture('OLMo2-7B-stage1.yaml');
  const r = read(text);
  assert.deepEqual(r.problems, []);
  const a = r.plan.architecture!.value;
  assert.equal(a.ffn, 11008); // mlp_hidden_size 22016 fused
  assert.equal(a.qkNorm, 'full');
  assert.equal(a.norm, 'rmsnorm');
  assert.equal(a.tiedEmbeddings, false);
  assert.equal(a.vocab, 100352);
  assert.equal(params(r).total, 7_298_617_344);
  assert.equal(r.plan.tokens.value, null);
  assert.match(r.plan.tokens.note ?? '', /1 epoch.*not derivable/);
  assert.match(r.plan.tokens.note ?? '', /t_max = 5,000,000,000,000 tokens/);
  assert.equal(r.plan.batchTokens?.value, 4_194_304);
  assert.equal(r.plan.steps, null);
  assert.equal(field(r, 'scheduler.t_warmup')?.value, 8_388_608_000);
});

test('max_duration "2e12T": whole steps of the batch, rounded up (olmo/train.py max_steps: math.ceil)', () => {
  const r = read(fixture('OLMo2-7B-stage1.yaml').replace('max_duration: 1ep', 'max_duration: 2e12T'));
  const steps = Math.ceil(2e12 / 4_194_304);
  assert.equal(r.plan.steps?.value, steps);
  assert.equal(r.plan.tokens.value, steps * 4_194_304);
});

test('stop_at cuts the run; with 1ep it gives an upper bound', () => {
  const one = read(fixture('OLMo-1B.yaml').replace('global_train_batch_size: 2048', 'global_train_batch_size: 2048\nstop_at: 1000'));
  assert.equal(one.plan.steps?.value, 1000);
  assert.equal(one.plan.tokens.value, 1000 * 2048 * 2048);
  assert.equal(one.plan.tokensBound, undefined);
  const ep = read(fixture('OLMo2-7B-stage1.yaml').replace('global_train_batch_size: 1024', 'global_train_batch_size: 1024\nstop_at: 500'));
  assert.equal(ep.plan.tokens.value, 500 * 4_194_304);
  assert.equal(ep.plan.tokensBound, 'upper');
});

test('Defaults: absent max_duration is 10000 steps; absent batch 512 × max_sequence_length', () => {
  const text = 'model:\n  d_model: 512\n  n_heads: 8\n  n_layers: 4\n  rope: true\n';
  const r = read(text);
  assert.equal(r.plan.steps?.value, 10_000);
  assert.equal(r.plan.steps?.origin, 'default');
  assert.equal(r.plan.batchTokens?.value, 512 * 1024);
  assert.equal(r.plan.tokens.value, 10_000 * 512 * 1024);
  // Learned positions are off with rope; affine LayerNorm with biases, include_bias true by default.
  const a = r.plan.architecture!.value;
  assert.equal(a.norm, 'layernorm');
  assert.equal(a.linearBias, true);
  assert.equal(a.vocab, 50304);
  assert.equal(a.ffn, 1024); // mlp_ratio 4 × 512 fused → 1024 per matrix
  assert.equal(field(r, 'model.embedding_size')?.origin, 'default');
});

test('Positions, MQA/GQA, gelu, norms without bias, embedding_size rules', () => {
  const base = fixture('OLMo-1B.yaml');
  const learned = read(base.replace('  rope: true', '  rope: false'));
  assert.equal(learned.plan.architecture!.value.positions, 'learned');
  assert.equal(params(learned).total, 1_176_764_416 + 2048 * 2048);
  const mqa = read(
    base
      .replace('  multi_query_attention: false', '  multi_query_attention: true')
      .replace('  attention_layer_norm: false', '  attention_layer_norm: false\n  multi_query_attention: true'),
  );
  assert.equal(mqa.plan.architecture!.value.kvHeads, 1);
  const gqa = read(base.replace('  n_layers: 16', '  n_layers: 16\n  n_kv_heads: 4'));
  assert.equal(gqa.plan.architecture!.value.kvHeads, 4);
  const gelu = read(base.replace('  activation_type: swiglu', '  activation_type: gelu'));
  assert.equal(gelu.plan.architecture!.value.mlp, 'mlp');
  assert.equal(gelu.plan.architecture!.value.ffn, 16384);
  const weightOnly = read(base.replace('  layer_norm_with_affine: false', '  layer_norm_with_affine: true'));
  assert.equal(weightOnly.plan.architecture!.value.norm, 'rmsnorm'); // weight, no bias
  assert.equal(params(weightOnly).total, 1_176_764_416 + (16 * 2 + 1) * 2048);
  const nullEmb = read(base.replace('  embedding_size: 50304', '  embedding_size: null'));
  assert.equal(nullEmb.plan.architecture!.value.vocab, 50280);
  const small = read(base.replace('  embedding_size: 50304', '  embedding_size: 50000'));
  assert.ok(codes(small).includes('invalid-value'));
  const big = read(base.replace('  vocab_size: 50280', '  vocab_size: 100278').replace('  embedding_size: 50304\n', ''));
  assert.equal(big.plan.architecture, null);
  assert.ok(big.problems.some((p) => p.code === 'invalid-value' && /embedding_size/.test(p.message)));
  const untiedBias = read(base.replace('  weight_tying: true', '  weight_tying: false').replace('  include_bias: false', '  include_bias: true'));
  assert.ok(codes(untiedBias).includes('approximate-count'));
});

test('Impossible values become problems at their line, never throws or NaN', () => {
  const base = fixture('OLMo-1B.yaml');
  const cases: Array<[string, string]> = [
    ['  n_layers: 16', '  n_layers: -1'],
    ['  n_heads: 16', '  n_heads: 0'],
    ['  d_model: 2048', '  d_model: 20.5'],
    ['  mlp_ratio: 8', '  mlp_ratio: many'],
    ['  embedding_size: 50304', '  embedding_size: 1e308'],
  ];
  assertInvalidAtLines(read, base, cases);
  for (const d of ['"abc"', '1.5', '"-5"', '"2.5ep"', '{a: 1}']) {
    const text = base.replace('max_duration: 739_328  # 3.1T tokens', `max_duration: ${d}`);
    const r = read(text);
    assert.equal(r.plan.tokens.value, null, d);
    const p = r.problems.find((x) => x.code === 'invalid-value');
    assert.ok(p, d);
    assert.equal(p.range?.startLine, lineOf(text, 'max_duration:'));
  }
  for (const text of [
    '',
    'model: [',
    '- 1\n- 2',
    'model:\n  d_model: *x\n',
    `model:\n  d_model: 8\n  n_heads: 2\n  n_layers: 1\n${'  junk: 1\n'.repeat(3000)}`,
  ]) {
    const r = read(text);
    for (const v of [r.plan.tokens.value, r.plan.batchTokens?.value, r.plan.steps?.value]) {
      if (typeof v === 'number') assert.ok(Number.isFinite(v) && v >= 0);
    }
  }
});

test('detect: OLMo configs high; llm-foundry, NeoX, MaxText, CI, compose low', () => {
  assert.ok(olmoReader.detect(fixture('OLMo-1B.yaml'), 'OLMo-1B.yaml') >= 0.8);
  assert.ok(olmoReader.detect(fixture('OLMo2-7B-stage1.yaml'), 'x.yaml') >= 0.8);
  const others = [
    anyFixture('llm-foundry/mpt-125m.yaml'),
    anyFixture('llm-foundry/mcli-mpt-125m.yaml'),
    anyFixture('gpt-neox/pythia-410m.yml'),
    anyFixture('maxtext/mixtral-8x7b.yml'),
    'name: CI\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n',
    'services:\n  db:\n    image: postgres\nmodel:\n  image: x\n',
  ];
  for (const t of others) assert.ok(olmoReader.detect(t, 'x.yaml') < 0.5, t.slice(0, 40));
});

test('CRLF line endings read the same; pathological text stays fast', { timeout: 60_000 }, () => {
  const text = fixture('OLMo-1B.yaml').replace(/\n/g, '\r\n');
  assert.ok(olmoReader.detect(text, 'x') >= 0.8);
  const r = read(text);
  assert.equal(r.plan.tokens.value, 3_100_966_387_712);
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
    olmoReader.detect(h, 'x.yaml');
    read(h);
  }
});
