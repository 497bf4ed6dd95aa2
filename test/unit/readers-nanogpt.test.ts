// nanoGPT Python configs (docs/configs.md#nanogpt, cases #1 and #2): train.py defaults,
// expressions, the global gradient-accumulation semantics, vocab from meta.pkl or a directive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nanogptReader } from '../../src/configs/readers/nanogpt';
import { detectFormat } from '../../src/configs/index';
import type { ReadContext } from '../../src/configs/types';
import { assertSane, codes, field, fixture as sharedFixture, fixtureIn, lineOf, params } from './reader-helpers';

const fixture = fixtureIn('nanogpt');
const read = (text: string, name = 'config.py', ctx: ReadContext = {}) => nanogptReader.read(text, name, ctx);
const readFixture = (name: string, ctx: ReadContext = {}) => read(fixture(name), name, ctx);

test('detect: nanoGPT configs high; programs, other formats and unrelated files low', () => {
  for (const name of ['train_gpt2.py', 'train_shakespeare_char.py', 'train_char_directive.py', 'finetune_shakespeare.py', 'hostile.py']) {
    assert.ok(nanogptReader.detect(fixture(name), name) >= 0.8, name);
  }
  assert.ok(nanogptReader.detect(fixture('model_like.py'), 'model.py') < 0.5);
  // train.py itself (a program that assigns the keys at top level) is readable but not a config.
  const trainPy = "import torch\nn_layer = 12\nblock_size = 1024\nmax_iters = 600000\nexec(open('configurator.py').read())\ndef get_batch(split):\n    pass\n";
  const score = nanogptReader.detect(trainPy, 'train.py');
  assert.ok(score >= 0.5 && score < 0.9);
  const others: Array<[string, string]> = [
    [sharedFixture('megatron/gpt3_175b.sh'), 'gpt3_175b.sh'],
    [sharedFixture('gpt-neox/pythia-410m.yml'), 'pythia-410m.yml'],
    ['n_layer: 12\nblock_size: 1024\nmax_iters: 10\n', 'config.yaml'],
    ['{ "n_layer": 12, "block_size": 1024 }', 'config.json'],
    ['name: CI\non: [push]\njobs: {}\n', 'ci.yml'],
    ['[package]\nname = "x"\n', 'Cargo.toml'],
    ['import numpy as np\nx = np.zeros(3)\n\ndef main():\n    print(x)\n', 'script.py'],
  ];
  for (const [text, name] of others) assert.ok(nanogptReader.detect(text, name) < 0.5, name);
});

test('#1 train_gpt2.py: 124,373,760 parameters from train.py defaults, 294,912,000,000 tokens', () => {
  const text = fixture('train_gpt2.py');
  const r = read(text, 'train_gpt2.py');
  const a = r.plan.architecture!.value;
  assert.deepEqual(
    [a.layers, a.dModel, a.heads, a.ffn, a.vocab, a.seqLen, a.positions, a.tiedEmbeddings, a.linearBias, a.norm],
    [12, 768, 12, 3072, 50304, 1024, 'learned', true, false, 'rmsnorm'],
  );
  assert.equal(params(r).total, 124_373_760);
  assert.equal(r.plan.tokens.value, 294_912_000_000);
  assert.equal(r.plan.batchTokens?.value, 491_520);
  assert.equal(r.plan.steps?.value, 600_000);
  assert.equal(r.plan.seqLen?.value, 1024);
  assert.equal(r.plan.precision?.value, 'bf16');
  assert.equal(r.plan.precision?.origin, 'default');
  assert.equal(r.plan.learningRate?.value, 6e-4);
  assert.equal(r.plan.learningRate?.origin, 'default');
  // The expression is evaluated, stated, and its hint goes on its line.
  const gas = field(r, 'gradient_accumulation_steps')!;
  assert.equal(gas.value, 40);
  assert.equal(gas.origin, 'stated');
  assert.equal(gas.note, '= 5 * 8');
  assert.equal(gas.range?.startLine, lineOf(text, 'gradient_accumulation_steps'));
  assert.equal(field(r, 'n_layer')?.origin, 'default');
  assert.equal(field(r, 'vocab_size')?.origin, 'default');
  assert.match(field(r, 'norm')?.note ?? '', /LayerNorm without bias \(same parameter count as RMSNorm\)/);
  assert.match(r.plan.batchTokens?.note ?? '', /global/);
  assert.equal(r.plan.gpuCount, null);
  assert.equal(r.problems.length, 0);
});

test('#2 train_shakespeare_char.py: 10,745,088 with the 65-character vocabulary', () => {
  const r = readFixture('train_shakespeare_char.py');
  assert.equal(r.plan.architecture?.value.vocab, 65);
  assert.equal(params(r).total, 10_745_088);
  assert.equal(field(r, 'vocab_size')?.origin, 'assumed');
  assert.match(field(r, 'vocab_size')?.note ?? '', /scaling-lens: vocab=N/);
  assert.equal(r.plan.tokens.value, 81_920_000);
  assert.equal(r.plan.batchTokens?.value, 16_384);
  assert.equal(r.plan.learningRate?.value, 1e-3);
  assert.equal(r.plan.learningRate?.origin, 'stated');
});

test('char-level data: the vocab directive gives 10,745,088; without it 50304 is assumed with a fix', () => {
  const withDirective = readFixture('train_char_directive.py');
  assert.equal(withDirective.plan.architecture?.value.vocab, 65);
  assert.equal(params(withDirective).total, 10_745_088);
  assert.equal(field(withDirective, 'vocab')?.origin, 'assumed');
  assert.ok(!codes(withDirective).includes('assumed-vocab'));
  const without = readFixture('train_char_no_meta.py');
  assert.equal(without.plan.architecture?.value.vocab, 50304);
  const p = without.problems.find((x) => x.code === 'assumed-vocab')!;
  assert.equal(p.severity, 'warning');
  assert.match(p.message, /scaling-lens: vocab=N/);
  assert.equal(p.fix?.kind, 'add-directive');
  // Settings and CLI flags can state it too.
  assert.equal(params(readFixture('train_char_no_meta.py', { defaults: { vocab: 65 } })).total, 10_745_088);
  assert.equal(params(readFixture('train_char_no_meta.py', { overrides: { vocab: 65 } })).total, 10_745_088);
});

test("init_from='gpt2*': the published GPT-2 counts; n_layer and friends are ignored", () => {
  const ft = readFixture('finetune_shakespeare.py');
  assert.equal(params(ft).total, 1_557_611_200);
  assert.equal(ft.plan.tokens.value, 20 * 1 * 1024 * 32);
  assert.equal(ft.plan.learningRate?.value, 3e-5);
  const published: Record<string, number> = { gpt2: 124_439_808, 'gpt2-medium': 354_823_168, 'gpt2-large': 774_030_080, 'gpt2-xl': 1_557_611_200 };
  for (const [name, total] of Object.entries(published)) {
    const r = read(`init_from = '${name}'\nn_layer = 2\nmax_iters = 10\nbatch_size = 4\n`);
    assert.equal(params(r).total, total, name);
    assert.ok(codes(r).includes('ignored-key'));
  }
  const cropped = read("init_from = 'gpt2'\nblock_size = 512\nmax_iters = 10\nbatch_size = 4\n");
  assert.equal(params(cropped).total, 124_439_808 - 512 * 768);
  const tooLong = read("init_from = 'gpt2'\nblock_size = 2048\nmax_iters = 10\nbatch_size = 4\n");
  assert.ok(codes(tooLong).includes('invalid-value'));
});

test('from scratch with bias=True and the GPT-2 vocabulary matches Hugging Face gpt2', () => {
  const r = read('# scaling-lens: vocab=50257\nbias = True\nmax_iters = 10\nbatch_size = 4\n');
  assert.equal(r.plan.architecture?.value.norm, 'layernorm');
  assert.equal(params(r).total, 124_439_808);
});

test('dtype, eval_only, resume and names bound earlier', () => {
  const fp32 = read("dtype = 'float32'\nn_layer = 2\nmax_iters = 10\n");
  assert.equal(fp32.plan.precision?.value, 'tf32');
  assert.equal(read("dtype = 'float16'\nn_layer = 2\nmax_iters = 10\n").plan.precision?.value, 'fp16');
  const evalOnly = readFixture('eval_gpt2.py');
  assert.equal(evalOnly.plan.tokens.value, null);
  assert.match(evalOnly.plan.tokens.note ?? '', /eval_only/);
  assert.equal(params(evalOnly).total, 124_439_808);
  assert.equal(detectFormat(fixture('eval_gpt2.py'), 'config/eval_gpt2.py')?.reader.id, 'nanogpt');
  assert.equal(evalOnly.problems.find((p) => p.code === 'no-training')?.range?.startLine, lineOf(fixture('eval_gpt2.py'), 'eval_only'));
  const resume = read("init_from = 'resume'\nn_layer = 4\nmax_iters = 10\n");
  assert.ok(codes(resume).includes('resume'));
  const chained = read('base = 100\nmax_iters = base * 3\nn_layer = 2\nbatch_size = int(8 / 2)\ngradient_accumulation_steps = batch_size // 2\n');
  assert.equal(chained.plan.steps?.value, 300);
  assert.equal(chained.plan.batchTokens?.value, 4 * 1024 * 2);
  assert.equal(field(chained, 'max_iters')?.note, '= base * 3');
});

test('CRLF files read the same', () => {
  const text = fixture('train_gpt2.py').replace(/\n/g, '\r\n');
  const r = read(text);
  assert.equal(params(r).total, 124_373_760);
  assert.equal(r.plan.tokens.value, 294_912_000_000);
});

test('hostile configs give problems at the right lines, never throws or non-finite numbers', () => {
  const text = fixture('hostile.py');
  const r = read(text, 'hostile.py');
  assert.equal(r.plan.architecture, null);
  const at = (code: string, key: string) => r.problems.find((p) => p.code === code && p.message.startsWith(key));
  assert.equal(at('invalid-value', 'n_layer')?.range?.startLine, lineOf(text, 'n_layer'));
  assert.equal(at('invalid-value', 'n_head')?.range?.startLine, lineOf(text, 'n_head'));
  assert.equal(at('invalid-value', 'n_embd')?.range?.startLine, lineOf(text, 'n_embd'));
  assert.equal(at('invalid-value', 'block_size')?.range?.startLine, lineOf(text, 'block_size'));
  assert.equal(at('invalid-value', 'batch_size')?.range?.startLine, lineOf(text, 'batch_size'));
  assert.equal(at('invalid-value', 'dtype')?.range?.startLine, lineOf(text, 'dtype'));
  assert.equal(at('invalid-value', 'init_from')?.range?.startLine, lineOf(text, 'init_from'));
  assert.equal(at('unevaluated-value', 'max_iters')?.range?.startLine, lineOf(text, 'max_iters'));
  assert.equal(at('unevaluated-value', 'gradient_accumulation_steps')?.range?.startLine, lineOf(text, 'gradient_accumulation_steps'));
  assert.ok(codes(r).includes('parse-error'));
  assert.equal(r.plan.tokens.value, null);
  assertSane(r);
  for (const t of [
    '',
    'n_layer = 10**300 * 10**300\nn_embd = 10**200\nmax_iters = 10**300\nbatch_size = 10**10',
    'n_embd = 16777217\nn_head = 1',
    '(((((',
    '"""',
    'n_layer = n_layer',
  ]) {
    assertSane(read(t));
  }
});
