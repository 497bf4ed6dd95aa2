// nanotron reader: SmolLM-135M (#20, GPU count in the file, a header comment that disagrees
// with the keys) and the Qwen MoE example with a duplicate moe_config (#25).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nanotronReader } from '../../src/configs/readers/nanotron';
import type { ReadResult } from '../../src/configs/types';
import { assertSane, field, fixture, lineOf, params } from './reader-helpers';

function read(rel: string): { r: ReadResult; text: string } {
  const text = fixture(rel);
  const r = nanotronReader.read(text, rel, {});
  assertSane(r);
  return { r, text };
}

test('#20 SmolLM-135M: 134,515,008 parameters, 2,097,152,000,000 tokens on 64 GPUs stated in the file', () => {
  const { r, text } = read('nanotron/config_smollm1_135M.yaml');
  assert.equal(r.format, 'nanotron');
  assert.equal(params(r).total, 134_515_008);
  assert.equal(r.plan.tokens.value, 2_097_152_000_000);
  assert.equal(r.plan.tokens.range?.startLine, lineOf(text, 'train_steps:'));
  assert.equal(r.plan.batchTokens?.value, 1_048_576);
  assert.equal(r.plan.steps?.value, 2_000_000);
  assert.equal(r.plan.seqLen?.value, 2048);
  assert.equal(r.plan.gpuCount?.value, 64);
  assert.equal(r.plan.gpuCount?.origin, 'derived');
  assert.equal(r.plan.gpuCount?.range?.startLine, lineOf(text, 'dp: 64'));
  assert.ok(!r.problems.some((p) => p.code === 'assumed-gpu-count'));
  assert.equal(r.plan.precision?.value, 'bf16');
  assert.equal(r.plan.learningRate?.value, 0.003);
  assert.equal(r.plan.architecture?.value.tiedEmbeddings, true);
  assert.equal(field(r, 'model.model_config.hidden_size')?.range?.startLine, lineOf(text, 'hidden_size: 576'));
  // The header says 600B; the keys give 2.1T. The keys win, the comment gets a hint.
  const hint = r.problems.find((p) => p.code === 'comment-disagrees');
  assert.equal(hint?.severity, 'info');
  assert.equal(hint?.range?.startLine, 0);
  assert.match(hint?.message ?? '', /600B/);
  assert.match(hint?.message ?? '', /2\.1T/);
  assert.equal(r.problems.length, 1);
});

test('#25 Qwen MoE: the last moe_config wins with a warning; experts, shared expert and router counted', () => {
  const { r, text } = read('nanotron/config_qwen_with_moe.yaml');
  const dup = r.problems.find((p) => p.code === 'duplicate-key');
  assert.equal(dup?.severity, 'warning');
  assert.equal(dup?.range?.startLine, lineOf(text, 'moe_config: null'));
  // The file leaves both widths out: MoEConfig's defaults, 1408 per expert and 5632 for the shared
  // expert (huggingface/nanotron@2411b02 src/nanotron/config/models_config.py; nn/moe.py sizes them).
  assert.deepEqual(r.plan.architecture?.value.moe, {
    experts: 8,
    topK: 1,
    expertFfn: 1408,
    sharedExperts: 1,
    sharedFfn: 5632,
    sharedExpertGate: true,
    denseLayers: 0,
  });
  // 12 layers × (attention 4·256² + 8 experts of 3·256·1408 + a shared one of 3·256·5632 + router
  // 256·8 + gate 256 + 2 norms) + tied embedding 128256·256 + final norm.
  const perLayer = 4 * 256 * 256 + 8 * 3 * 256 * 1408 + 3 * 256 * 5632 + 256 * 8 + 256 + 2 * 256;
  assert.equal(params(r).total, 12 * perLayer + 128256 * 256 + 256);
  assert.equal(params(r).total, 191_726_848);
  assert.equal(params(r).active, 191_726_848 - 12 * 7 * 3 * 256 * 1408);
  assert.equal(r.plan.tokens.value, 32000 * 3 * 1 * 2 * 4096);
  assert.equal(r.plan.gpuCount?.value, 2);
});

test('Qwen2 sliding_window_size: every layer but the no-rope ones (models/qwen.py); LlaMoE and Llama attention_bias', () => {
  const text = fixture('nanotron/config_qwen_with_moe.yaml');
  const windowed = nanotronReader.read(
    text.replace('    attention_bias: false', '    attention_bias: false\n    sliding_window_size: 20\n    no_rope_layer: 4'),
    'moe.yaml',
    {},
  );
  // 12 layers, every 4th without RoPE and without the window: 9 windowed layers of 20 keys.
  assert.deepEqual(windowed.plan.architecture?.value.slidingWindow, { window: 20, layers: 9 });
  // examples/moe's LlaMoE is its own model class: no count rather than a dense Llama's.
  const llama = fixture('nanotron/config_smollm1_135M.yaml');
  const llamoe = nanotronReader.read(llama.replace('    is_llama_config: true', '    is_llama_config: true\n    moe_num_experts: 4'), 'llamoe.yaml', {});
  assert.equal(llamoe.plan.architecture, null);
  assert.ok(llamoe.problems.some((p) => p.code === 'unsupported-architecture'));
  // nanotron's Llama ignores attention_bias (models/llama.py builds bias-free projections).
  const biased = nanotronReader.read(llama.replace('    is_llama_config: true', '    is_llama_config: true\n    attention_bias: true'), 'b.yaml', {});
  assert.equal(params(biased).total, params(nanotronReader.read(llama, 'a.yaml', {})).total);
  assert.ok(biased.problems.some((p) => p.code === 'ignored-key'));
});

test('MoE on listed layers only, q/k/v bias, vocabulary padding by tp', () => {
  const text = fixture('nanotron/config_qwen_with_moe.yaml')
    .replace('      token_dispatcher_type: alltoall', '      token_dispatcher_type: alltoall\n      layers: [0, 2, 4]')
    .replace('    attention_bias: false', '    attention_bias: true')
    .replace('  make_vocab_size_divisible_by: 1', '  make_vocab_size_divisible_by: 100')
    .replace('  tp: 1', '  tp: 2');
  const r = nanotronReader.read(text, 'moe.yaml', {});
  assertSane(r);
  const a = r.plan.architecture!.value;
  assert.equal(a.moe?.denseLayers, 9);
  assert.equal(a.qkvBias, true);
  assert.equal(a.vocab, 128400);
  assert.equal(r.plan.gpuCount?.value, 4);
  // The global batch is micro × accumulation × dp; tp does not multiply it.
  assert.equal(r.plan.batchTokens?.value, 3 * 1 * 2 * 4096);
});

test('hostile values and broken YAML become problems, never throws or NaN', () => {
  const text = fixture('nanotron/config_smollm1_135M.yaml')
    .replace('num_hidden_layers: 30', 'num_hidden_layers: -30')
    .replace('num_attention_heads: 9', 'num_attention_heads: 0')
    .replace('dp: 64 # 8 nodes', 'dp: abc')
    .replace('train_steps: 2000000', 'train_steps: 1e308')
    .replace('sequence_length: 2048', 'sequence_length: 20.5');
  const r = nanotronReader.read(text, 'h.yaml', {});
  assertSane(r);
  assert.ok(r.problems.filter((p) => p.code === 'invalid-value').length >= 5, JSON.stringify(r.problems.map((p) => p.message)));
  assert.equal(r.plan.architecture, null);
  assert.equal(r.plan.tokens.value, null);
  const broken = nanotronReader.read('tokens:\n  train_steps: [\nparallelism:\n  dp: 2\n', 'b.yaml', {});
  assertSane(broken);
  assert.ok(broken.problems.some((p) => p.code === 'parse-error'));
  const empty = nanotronReader.read('tokens:\n  train_steps: 10\nparallelism:\n  dp: 2\n', 'e.yaml', {});
  assertSane(empty);
  assert.ok(empty.problems.some((p) => p.code === 'missing-architecture'));
});

test('tensor-parallel overlap: tp_linear_async_communication with REDUCE_SCATTER overlaps; with ALL_REDUCE or unset it does not', () => {
  const base = fixture('nanotron/config_smollm1_135M.yaml')
    .replace(/^(\s+)tp: 1$/m, '$1tp: 2')
    .replace(/^(\s+)dp: 64$/m, '$1dp: 32');
  const at = (async: string | null, mode: string) => {
    let text = base.replace(/^(\s+)tp_mode: \w+$/m, `$1tp_mode: ${mode}`);
    text =
      async === null
        ? text.replace(/^\s+tp_linear_async_communication: \w+\n/m, '')
        : text.replace(/^(\s+)tp_linear_async_communication: \w+$/m, `$1tp_linear_async_communication: ${async}`);
    const r = nanotronReader.read(text, 'config.yaml', {});
    assertSane(r);
    return r.plan.setup?.tpCommOverlap;
  };
  const on = at('true', 'REDUCE_SCATTER');
  assert.deepEqual([on?.value, on?.origin, on?.source], [true, 'stated', 'parallelism.tp_linear_async_communication']);
  assert.equal(at('true', 'ALL_REDUCE')?.value, false);
  assert.equal(at('false', 'REDUCE_SCATTER')?.value, false);
  const unset = at(null, 'REDUCE_SCATTER');
  assert.deepEqual([unset?.value, unset?.origin], [false, 'default']);
});
