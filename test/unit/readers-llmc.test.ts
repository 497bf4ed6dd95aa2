// llm.c reader against karpathy/llm.c@f1e2ace scripts (test/fixtures/wild/README.md, test/fixtures/llmc/README.md): the -e
// descriptor as the model (train_gpt2.cu gpt_build_from_descriptor), -d × -x as the tokens, the
// GPU count from mpirun, hints on the flag lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { llmcReader } from '../../src/configs/readers/llmc';
import { detectFormat } from '../../src/configs/index';
import type { ReadContext } from '../../src/configs/types';
import { assertSane, codes, field, fixtureIn, lineOf, params } from './reader-helpers';

// The single-node scripts are the wild corpus's copies; only the multi-node one lives in llmc/.
const wild = fixtureIn('wild/configs/karpathy__llm.c/scripts');
const local = fixtureIn('llmc');
const fixture = (name: string) => (name === 'run_gpt2_124M_mpi.sh' ? local(name) : wild(name));
const read = (text: string, ctx: ReadContext = {}) => {
  const r = llmcReader.read(text, 'run.sh', ctx);
  assertSane(r);
  return r;
};

test('run_gpt2_124M: -e d12 is 124,475,904 parameters; no -x, so one epoch of unsized shards', () => {
  const text = fixture('run_gpt2_124M.sh');
  const r = read(text);
  assert.equal(r.format, 'llmc');
  // llm.c prints "num_parameters: 124475904": HF GPT-2's 124,439,808 + (50304 − 50257) × 768 padded rows.
  assert.equal(params(r).total, 124_439_808 + 47 * 768);
  assert.equal(params(r).total, 124_475_904);
  assert.equal(r.plan.tokens.value, null);
  assert.match(r.plan.tokens.note ?? '', /one epoch over the -i training shards/);
  assert.equal(r.plan.batchTokens?.value, 524_288);
  assert.equal(r.plan.batchTokens?.range?.startLine, lineOf(text, '-d 524288'));
  assert.equal(r.plan.gpuCount?.value, 8);
  assert.equal(r.plan.gpuCount?.range?.startLine, lineOf(text, 'mpirun -np 8'));
  assert.equal(field(r, '-e')?.range?.startLine, lineOf(text, '-e "d12"'));
  assert.equal(r.plan.seqLen?.value, 1024);
  assert.equal(r.plan.learningRate?.value, 6e-4);
  assert.equal(r.init?.value, 'scratch');
  assert.deepEqual(r.problems, []);
});

test('run_gpt2_1558M: d48 is 1,557,686,400 parameters; 32,000 steps × 1,048,576 = 33,554,432,000 tokens', () => {
  const text = fixture('run_gpt2_1558M.sh');
  const r = read(text);
  // HF gpt2-xl 1,557,611,200 + 47 × 1600 padded embedding rows.
  assert.equal(params(r).total, 1_557_611_200 + 47 * 1600);
  assert.equal(r.plan.tokens.value, 33_554_432_000);
  assert.equal(r.plan.tokens.range?.startLine, lineOf(text, '-x 32000'));
  assert.equal(r.plan.steps?.value, 32000);
});

test("run_gpt3_125M: gpt3:c768 with 2048 positions, 125,262,336 parameters; 572,204 steps ≈ GPT-3's 300B tokens", () => {
  const r = read(fixture('run_gpt3_125M.sh'));
  // d12 plus 1024 more learned positions of 768.
  assert.equal(params(r).total, 124_475_904 + 1024 * 768);
  assert.equal(r.plan.architecture?.value.maxPositions, 2048);
  assert.equal(r.plan.seqLen?.value, 2048);
  assert.equal(r.plan.tokens.value, 572_204 * 524_288);
  assert.equal(r.plan.tokens.value, 299_999_690_752);
});

test('multi-node: the binary from $binary_path and 16 MPI processes', () => {
  const text = fixture('run_gpt2_124M_mpi.sh');
  const r = read(text);
  assert.equal(params(r).total, 124_475_904);
  assert.equal(r.plan.gpuCount?.value, 16);
  assert.equal(r.plan.batchTokens?.value, 2_097_152);
});

test('without -d the step is B × T × processes; unknown descriptors and long sequences are errors at their line', () => {
  const base = fixture('run_gpt2_1558M.sh');
  const noD = read(base.replace('-d 1048576 \\\n', ''));
  assert.equal(noD.plan.batchTokens?.value, 16 * 1024 * 8);
  assert.equal(noD.plan.tokens.value, 32000 * 16 * 1024 * 8);
  const bad = base.replace('-e "d48"', '-e "d50"');
  const r = read(bad);
  assert.equal(r.plan.architecture, null);
  const p = r.problems.find((x) => x.code === 'invalid-value');
  assert.equal(p?.range?.startLine, lineOf(bad, '-e "d50"'));
  const long = base.replace('-t 1024', '-t 4096');
  assert.equal(read(long).problems.find((x) => x.code === 'invalid-value')?.range?.startLine, lineOf(long, '-t 4096'));
  const indivisible = read(base.replace('-d 1048576', '-d 1000000'));
  assert.ok(indivisible.problems.some((x) => x.code === 'invalid-value' && x.message.includes('multiple')));
  // The default -e loads OpenAI's GPT-2 124M weights: a fine-tune from pretrained.
  const noE = read(base.replace('-e "d48"', '-a 0'));
  assert.equal(noE.init?.value, 'pretrained');
  assert.ok(codes(noE).includes('fine-tune'));
  assert.equal(params(noE).total, 124_475_904);
  const unknownFile = read(base.replace('-e "d48"', '-e my_model.bin'));
  assert.ok(codes(unknownFile).includes('unknown-model'));
});

test('detection: llm.c scripts are llm.c, never Megatron; mentions in other files are not', () => {
  for (const name of ['run_gpt2_124M.sh', 'run_gpt2_1558M.sh', 'run_gpt3_125M.sh', 'run_gpt2_124M_mpi.sh']) {
    assert.equal(detectFormat(fixture(name), `llmc/${name}`)?.reader.id, 'llmc', name);
  }
  assert.equal(llmcReader.detect('make train_gpt2cu\n', 'build.sh'), 0);
  assert.equal(llmcReader.detect('Run `./train_gpt2cu -e d12`.\n', 'README.md'), 0);
  assert.equal(llmcReader.detect('echo ./train_gpt2cu\n', 'x.sh'), 0);
});
