// OLMo-core launch scripts (allenai/OLMo-core@fa6c501 src/scripts): factory → exact count,
// global batch in tokens, Duration → tokens, and unknowns said at their line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { olmoCoreReader } from '../../src/configs/readers/olmoCore';
import { detectFormat } from '../../src/configs/index';
import { OLMO_CORE_FACTORIES, olmoCoreFfn, paddedVocab } from '../../src/configs/registry/olmoCore';
import { field, fixtureIn, lineOf, params } from './reader-helpers';

const fixture = fixtureIn('olmo-core');
const read = (text: string) => olmoCoreReader.read(text, 'script.py', {});

test('OLMo2-7B.py: 7,298,617,344 parameters (OLMo-2-1124-7B), 4T tokens, 1024 × 4096-token batches', () => {
  const text = fixture('OLMo2-7B.py');
  const r = read(text);
  assert.deepEqual(r.problems, []);
  assert.equal(r.format, 'olmo-core');
  assert.equal(params(r).total, 7_298_617_344);
  const a = r.plan.architecture!.value;
  assert.equal(a.ffn, 11008);
  assert.equal(a.vocab, 100352);
  assert.equal(a.qkNorm, 'full');
  // Whole steps: ceil(4e12 / 4,194,304) = 953,675 steps (olmo_core Trainer.max_steps uses math.ceil).
  assert.equal(r.plan.tokens.value, Math.ceil(4e12 / (1024 * 4096)) * 1024 * 4096);
  assert.equal(r.plan.tokens.value, 4_000_002_867_200);
  assert.equal(r.plan.tokens.range?.startLine, lineOf(text, 'max_duration=Duration.tokens(MAX_DURATION)'));
  assert.equal(r.plan.batchTokens?.value, 1024 * 4096);
  assert.equal(r.plan.seqLen?.value, 4096);
  assert.equal(r.plan.seqLen?.range?.startLine, lineOf(text, 'max_sequence_length=SEQUENCE_LENGTH'));
  assert.equal(r.plan.learningRate?.value, 3e-4);
  assert.equal(r.plan.precision?.value, 'bf16');
  assert.equal(field(r, 'vocab_size')?.origin, 'default');
});

test('OLMo2-13B / OLMo2-32B / OLMo3-7B: exact totals; 32B states its duration as Duration(…, DurationUnit.tokens)', () => {
  // 13B: 40·(4·5120² + 2·5120 q/k norm + 3·5120·13824 + 2·5120) + 2·100352·5120 + 5120.
  assert.equal(params(read(fixture('OLMo2-13B.py'))).total, 13_716_198_400);
  const r32 = read(fixture('OLMo2-32B.py'));
  // 32B: GQA 40/8 heads, ffn 27648: 64·(2·5120² + 2·5120·1024 + 5120 + 1024 + 3·5120·27648 + 2·5120) + 2·100352·5120 + 5120.
  assert.equal(params(r32).total, 32_234_279_936);
  assert.equal(r32.plan.architecture!.value.ffn, 27648);
  assert.equal(r32.plan.tokens.value, Math.ceil(6.5e12 / (2048 * 4096)) * 2048 * 4096);
  // OLMo 3 7B adds sliding-window attention to OLMo 2 7B: the same parameters, and windows of
  // 4096 on three layers in four with the last layer full (SlidingWindowAttentionConfig pattern
  // [4096, 4096, 4096, -1]): 24 of 32, which only the attention FLOPs see.
  const text3 = fixture('OLMo3-7B.py');
  const r3 = read(text3);
  assert.equal(params(r3).total, 7_298_617_344);
  assert.equal(r3.plan.tokens.value, Math.ceil(5e12 / (1024 * 4096)) * 1024 * 4096);
  assert.deepEqual(r3.plan.architecture!.value.slidingWindow, { window: 4096, layers: 24 });
  // The 1B and 3B factories are OLMo 2's 1B v2 and 3B shapes with the same windows (16 layers: 12).
  const small = read(text3.replace('TransformerConfig.olmo3_7B(', 'TransformerConfig.olmo3_1B('));
  assert.equal(params(small).total, params(read(text3.replace('TransformerConfig.olmo3_7B(', 'TransformerConfig.olmo2_1B_v2('))).total);
  assert.deepEqual(small.plan.architecture!.value.slidingWindow, { window: 4096, layers: 12 });
  assert.ok(read(text3.replace('TransformerConfig.olmo3_7B(', 'TransformerConfig.olmo3_3B(')).plan.architecture);
  // sliding_window=None turns the windows off.
  const full = read(text3.replace('TransformerConfig.olmo3_7B(', 'TransformerConfig.olmo3_7B(sliding_window=None, '));
  assert.equal(full.plan.architecture!.value.slidingWindow, undefined);
});

test('no max_duration: TrainerConfig trains one epoch, whose tokens the script does not state', () => {
  const r = read(fixture('OLMo2-13B.py'));
  assert.equal(r.plan.tokens.value, null);
  assert.match(r.plan.tokens.note ?? '', /one epoch/);
  assert.equal(field(r, 'max_duration')?.value, 'Duration.epochs(1)');
});

test('Llama3-8B.py: the Llama 3 8B shape with the dolma2 vocabulary (100,352 padded)', () => {
  const r = read(fixture('Llama3-8B.py'));
  // 8,030,261,248 (Llama 3 8B with 128,256 tokens) − 2·(128,256 − 100,352)·4096.
  assert.equal(params(r).total, 8_030_261_248 - 2 * (128256 - 100352) * 4096);
});

test('the official 32B script: build_config(opts, overrides) with --sequence-length left at its default', () => {
  const text = fixture('OLMo-2-0325-32B-train.py');
  const r = read(text);
  assert.equal(params(r).total, 32_234_279_936);
  assert.equal(r.plan.tokens.value, Math.ceil(6.5e12 / (2048 * 4096)) * 2048 * 4096);
  assert.equal(r.plan.batchTokens?.value, 2048 * 4096);
  // `opts.sequence_length or DEFAULT_SEQUENCE_LENGTH`: script_utils' default None gives 4096.
  assert.equal(r.plan.seqLen?.value, 4096);
  assert.equal(r.plan.seqLen?.range?.startLine, lineOf(text, 'max_sequence_length=sequence_length'));
  assert.ok(r.problems.some((p) => p.code === 'cli-overrides'));
  // What depends on the world size at run time stays unknown (and is not needed here).
  assert.ok(!r.problems.some((p) => p.severity === 'error'));
});

test('a duration or batch the script computes at run time is unknown, said at its line', () => {
  const base = fixture('OLMo2-7B.py');
  const text = base.replace('max_duration=Duration.tokens(MAX_DURATION)', 'max_duration=Duration.tokens(compute_tokens())');
  const r = read(text);
  assert.equal(r.plan.tokens.value, null);
  assert.equal(r.problems.find((p) => p.code === 'unevaluated-value')?.range?.startLine, lineOf(text, 'compute_tokens()'));
  const loop = base.replace('GLOBAL_BATCH_SIZE = 1024 * SEQUENCE_LENGTH', 'for _ in range(2):\n    GLOBAL_BATCH_SIZE = 1024 * SEQUENCE_LENGTH');
  const rl = read(loop);
  assert.equal(rl.plan.batchTokens, null);
  assert.equal(rl.problems.find((p) => p.code === 'unevaluated-value')?.range?.startLine, lineOf(loop, 'global_batch_size=GLOBAL_BATCH_SIZE'));
});

test('factory options it does not model make the count unknown, not wrong; count-neutral ones are fine', () => {
  const base = fixture('OLMo2-7B.py');
  const neutral = read(base.replace('TransformerConfig.olmo2_7B(vocab_size=', 'TransformerConfig.olmo2_7B(rope_theta=10_000, vocab_size='));
  assert.equal(params(neutral).total, 7_298_617_344);
  const layers = read(base.replace('TransformerConfig.olmo2_7B(vocab_size=', 'TransformerConfig.olmo2_7B(n_layers=16, vocab_size='));
  assert.equal(layers.plan.architecture!.value.layers, 16);
  const text = base.replace('TransformerConfig.olmo2_7B(vocab_size=', 'TransformerConfig.olmo2_7B(feed_forward=custom_ff(), vocab_size=');
  const odd = read(text);
  assert.equal(odd.plan.architecture, null);
  assert.equal(odd.problems.find((p) => p.code === 'unmodelled-option')?.range?.startLine, lineOf(text, 'feed_forward=custom_ff()'));
  const unknownFactory = read(base.replace('TransformerConfig.olmo2_7B(', 'TransformerConfig.olmoe_1B_7B('));
  assert.equal(unknownFactory.plan.architecture, null);
  assert.ok(unknownFactory.problems.some((p) => p.code === 'unknown-model'));
});

test('factory table: llama_like FFN widths and the padded vocabulary', () => {
  const ffn = (name: string) => {
    const f = OLMO_CORE_FACTORIES[name]!;
    return olmoCoreFfn(f.dModel, f.multiplier, f.multipleOf);
  };
  // HF configs: OLMo-2 7B 11008, 13B 13824, 32B 27648; OLMo-2-0425-1B 8192; Llama 3 8B 14336.
  assert.equal(ffn('olmo2_7B'), 11008);
  assert.equal(ffn('olmo2_13B'), 13824);
  assert.equal(ffn('olmo2_32B'), 27648);
  assert.equal(ffn('olmo2_1B_v2'), 8192);
  assert.equal(ffn('llama3_8B'), 14336);
  assert.equal(paddedVocab(100278), 100352);
  assert.equal(paddedVocab(50280), 50304);
});

test('OLMo-3 7B long-context (official): with_rope_scaling adds no parameters; hard_stop is said to end the run first', () => {
  const text = fixture('OLMo-3-1025-7B-long-context.py');
  const r = read(text);
  // TransformerConfig.olmo3_7B(…).with_rope_scaling(…): the factory's 7,298,617,344.
  assert.equal(params(r).total, 7_298_617_344);
  const w = r.problems.find((p) => p.code === 'early-exit');
  assert.ok(w);
  assert.match(w.message, /hard_stop `Duration\.steps\(int\(597046\)\)`/);
  assert.equal(w.range?.startLine, lineOf(text, 'hard_stop=Duration.steps('));
});

test('detection: OLMo-core scripts are olmo-core; an olmo_core import alone is not a config', () => {
  for (const f of ['OLMo2-7B.py', 'OLMo2-32B.py', 'Llama3-8B.py', 'OLMo-2-0325-32B-train.py'])
    assert.equal(detectFormat(fixture(f), f)?.reader.id, 'olmo-core', f);
  assert.equal(detectFormat('from olmo_core.utils import seed_all\n\nseed_all(0)\n', 'x.py'), null);
});

test('a negative micro-batch (the fuzz found `rank_microbatch_size=-1 * seq`) is an invalid-value on its line, never a setup of -1', () => {
  const text = fixture('OLMo2-32B.py');
  const bad = text.replace('rank_microbatch_size=2 * common.max_sequence_length', 'rank_microbatch_size=-1 * common.max_sequence_length');
  assert.notEqual(bad, text);
  const good = read(text);
  assert.equal(good.plan.setup?.microBatch?.value, 2);
  const r = read(bad);
  assert.equal(r.plan.setup?.microBatch, undefined);
  const p = r.problems.find((x) => x.code === 'invalid-value');
  assert.ok(p, 'an invalid-value problem');
  assert.match(p.message, /micro-batch must be a whole number from 1 to 1e15, got -1/);
  assert.equal(p.range?.startLine, lineOf(bad, 'rank_microbatch_size=-1'));
});

test('OLMo3-7B-midtraining.py: the ExperimentConfig of the config_builder handed to main(), 7,298,617,344 parameters, 100B tokens in whole 2M-token steps', () => {
  const text = fixture('OLMo3-7B-midtraining.py');
  const r = read(text);
  assert.equal(detectFormat(text, 'OLMo3-7B-midtraining.py')?.reader.id, 'olmo-core');
  assert.equal(params(r).total, 7_298_617_344);
  // ceil(100e9 / 2^21) = 47,684 steps.
  assert.equal(r.plan.tokens.value, 47_684 * 2 ** 21);
  assert.equal(r.plan.batchTokens?.value, 2 ** 21);
  assert.equal(r.plan.seqLen?.value, 8192);
  assert.ok(!r.problems.some((p) => p.severity === 'error' || p.code === 'missing-batch'), JSON.stringify(r.problems));
  assert.ok(r.problems.some((p) => p.code === 'cli-overrides'));
});

test('OLMo-3-190M.py: the olmo3_190M ladder factory (267,424,512 by hand) trained to Duration.chinchilla_tokens(1.0, num_active_non_embedding_params)', () => {
  const text = fixture('OLMo-3-190M.py');
  const r = read(text);
  // d 768, 12 layers, 12 heads, FFN ensure_multiple_of(int(1.5 · int(8·768/3)), 256) = 3072, q/k norms, dolma2 padded to 100,352:
  // 12 × (4·768² + 2·768 + 3·768·3072 + 2·768) + 2 · 100,352 · 768 + 768.
  const hand = 12 * (4 * 768 ** 2 + 2 * 768 + 3 * 768 * 3072 + 2 * 768) + 2 * 100_352 * 768 + 768;
  assert.equal(hand, 267_424_512);
  assert.equal(params(r).total, hand);
  // num_active_non_embedding_params subtracts the input embedding only: 190,354,176, the "190M".
  // int(20 × 190,354,176 × 1.0) = 3,807,083,520 tokens, run in whole steps of 64 × 8192 tokens.
  const target = 20 * (hand - 768 * 100_352);
  assert.equal(target, 3_807_083_520);
  const batch = r.plan.batchTokens!.value;
  assert.equal(r.plan.tokens.value, Math.ceil(target / batch) * batch);
  assert.equal(r.plan.tokens.range?.startLine, lineOf(text, 'max_duration=Duration.chinchilla_tokens('));
  assert.ok(!r.problems.some((p) => p.code === 'unevaluated-value'), JSON.stringify(r.problems));
});

test('template.py: build_config(script, run_name, overrides) is read although its launch command unpacks the overrides (`*overrides`)', () => {
  const text = fixture('template.py');
  const r = read(text);
  // olmo2_1B: 18 × (4·2048² + 2·2048 + 3·2048·8192 + 2·2048) + 2 · 100,352 · 2048 + 2048.
  assert.equal(params(r).total, 18 * (4 * 2048 ** 2 + 2 * 2048 + 3 * 2048 * 8192 + 2 * 2048) + 2 * 100_352 * 2048 + 2048);
  assert.equal(params(r).total, 1_619_150_848);
  // No max_duration: one epoch of a dataset the script does not size.
  assert.equal(r.plan.tokens.value, null);
  assert.match(r.plan.tokens.note ?? '', /one epoch/);
});

test('the OLMo 2 and OLMo 3 ladders: every factory counts, olmo3_600M narrows d_model to 1280', () => {
  for (const size of ['14M', '30M', '60M', '100M', '190M', '370M', '600M', '760M']) {
    assert.ok(OLMO_CORE_FACTORIES[`olmo2_${size}`], size);
    assert.ok(OLMO_CORE_FACTORIES[`olmo3_${size}`]?.slidingWindow, size);
  }
  assert.equal(OLMO_CORE_FACTORIES.olmo2_600M!.dModel, 1344);
  assert.equal(OLMO_CORE_FACTORIES.olmo3_600M!.dModel, 1280);
  // olmo2_14M: FFN ensure_multiple_of(int(8·128/3) = 341, 256) = 512.
  assert.equal(olmoCoreFfn(128, OLMO_CORE_FACTORIES.olmo2_14M!.multiplier), 512);
});

test('OLMo3-7B-long-context.py: trainer_config.add_callbacks(…) in place leaves max_duration read (50B tokens in whole 4M-token steps)', () => {
  const text = fixture('OLMo3-7B-long-context.py');
  const r = read(text);
  assert.equal(params(r).total, 7_298_617_344);
  assert.equal(r.plan.batchTokens?.value, 4_194_304);
  // ceil(50e9 / 4,194,304) = 11,921 steps.
  assert.equal(r.plan.tokens.value, 11_921 * 4_194_304);
  assert.ok(!r.problems.some((p) => p.code === 'unevaluated-value'), JSON.stringify(r.problems));
});

test('an unknown factory is said with the table in one line, not 36 names', () => {
  const r = read(fixture('OLMo2-7B.py').replace('TransformerConfig.olmo2_7B(', 'TransformerConfig.olmoe_1B_7B('));
  const p = r.problems.find((x) => /factory table/.test(x.message));
  assert.match(p?.message ?? '', /known: olmo2_14M … olmo2_32B, olmo3_14M … olmo3_32B, llama2_271M … llama2_70B, llama3_1B … llama3_405B\)/);
});
