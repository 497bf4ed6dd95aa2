// Megatron-LM launch scripts (docs/configs.md#megatron-lm, cases #11–#13): exact parameter counts,
// tokens, the lines hints go on, and the inconsistencies the examples contain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { megatronReader } from '../../src/configs/readers/megatron';
import { countParams } from '../../src/core/model';
import { detectFormat } from '../../src/configs/index';
import type { ReadContext } from '../../src/configs/types';
import { assertSane, codes, field, fixture as sharedFixture, fixtureIn, lineOf, params } from './reader-helpers';

const fixture = fixtureIn('megatron');
const read = (text: string, name = 'train.sh', ctx: ReadContext = {}) => megatronReader.read(text, name, ctx);
const readFixture = (name: string, ctx: ReadContext = {}) => read(fixture(name), name, ctx);

test('detect: Megatron scripts score high, other files low', () => {
  for (const name of ['gpt3_175b.sh', 'gpt3_175b_rampup.sh', 'llama3_8b_fp8.sh', 'mixtral_8x7b.sh', 'deepspeed_eval.sh', 'slurm_gpt.sbatch']) {
    assert.ok(megatronReader.detect(fixture(name), name) >= 0.9, name);
  }
  assert.equal(megatronReader.detect(fixture('build.sh'), 'build.sh'), 0);
  const others: Array<[string, string]> = [
    [sharedFixture('gpt-neox/pythia-14m.yml'), 'pythia-14m.yml'],
    [sharedFixture('nanogpt/train_gpt2.py'), 'train_gpt2.py'],
    [
      'name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: python pretrain_gpt.py --num-layers 2\n',
      '.github/workflows/ci.yml',
    ],
    ['services:\n  web:\n    image: nginx\n    command: ["--num-layers", "2"]\n', 'docker-compose.yml'],
    ['{ "name": "x", "scripts": { "train": "python pretrain_gpt.py --num-layers 2" } }', 'package.json'],
    ['[package]\nname = "x"\nversion = "0.1.0"\n', 'Cargo.toml'],
    ['# How to train\n\n```bash\npython pretrain_gpt.py --num-layers 24\n```\n', 'README.md'],
  ];
  for (const [text, name] of others) assert.ok(megatronReader.detect(text, name) < 0.5, name);
});

test('#11 GPT-3 175B: exact count with the padded GPT-2 vocabulary, tokens as an upper bound, both inconsistencies flagged', () => {
  const text = fixture('gpt3_175b.sh');
  const r = read(text, 'gpt3_175b.sh');
  const a = r.plan.architecture!.value;
  assert.equal(a.vocab, 51200); // 50257 padded to 128 × TP 8
  assert.equal(a.ffn, 4 * 12288);
  assert.equal(a.positions, 'learned');
  assert.equal(a.tiedEmbeddings, true);
  assert.equal(params(r).total, 174_615_846_912);
  assert.equal(r.plan.tokens.value, 500_000 * 1536 * 2048);
  assert.equal(r.plan.tokens.value, 1_572_864_000_000);
  assert.equal(r.plan.tokensBound, 'upper');
  assert.match(r.plan.tokens.note ?? '', /ramp/);
  assert.equal(r.plan.batchTokens?.value, 1536 * 2048);
  assert.equal(r.plan.steps?.value, 500_000);
  assert.equal(r.plan.seqLen?.value, 2048);
  assert.equal(r.plan.gpuCount?.value, 8);
  assert.equal(r.plan.gpuCount?.origin, 'derived');
  assert.equal(r.plan.precision?.value, 'fp16');
  assert.equal(r.plan.learningRate?.value, 6e-5);
  const parallel = r.problems.find((p) => p.code === 'parallelism-exceeds-gpus')!;
  assert.match(parallel.message, /128/);
  assert.equal(parallel.range?.startLine, lineOf(text, '--tensor-model-parallel-size 8'));
  const batch = r.problems.find((p) => p.code === 'inconsistent-batch')!;
  assert.equal(batch.range?.startLine, lineOf(text, '--global-batch-size 1536'));
  // Hints go on the lines that hold the values.
  assert.equal(field(r, '--num-layers')?.range?.startLine, lineOf(text, '--num-layers 96'));
  assert.equal(field(r, '--num-layers')?.origin, 'stated');
  assert.equal(field(r, '--train-iters')?.range?.startLine, lineOf(text, '--train-iters 500000'));
  assert.equal(field(r, 'vocab')?.origin, 'assumed');
  assert.equal(r.plan.architecture?.origin, 'assumed');
  assertSane(r);
});

test('#11 with the older --rampup-batch-size: same upper bound, a ramp estimate below it', () => {
  const r = readFixture('gpt3_175b_rampup.sh');
  assert.equal(r.plan.tokens.value, 1_572_864_000_000);
  assert.equal(r.plan.tokensBound, 'upper');
  // 95 increments of 16 over 5,859,375 samples: ≈19.8k ramp steps before the full 1536.
  assert.match(r.plan.tokens.note ?? '', /≈1\.52T tokens with the ramp/);
  assert.ok(codes(r).includes('inconsistent-batch'));
  assert.equal(params(r).total, 174_615_846_912);
});

test('#12 Llama-3 8B FP8: shell variables, GQA, tokens from --train-samples; mock data has --vocab-size rows (current Megatron-LM)', () => {
  const text = fixture('llama3_8b_fp8.sh');
  const r = read(text, 'llama3_8b_fp8.sh');
  const a = r.plan.architecture!.value;
  assert.deepEqual(
    [a.layers, a.dModel, a.heads, a.kvHeads, a.headDim, a.ffn, a.mlp, a.norm, a.positions, a.linearBias, a.tiedEmbeddings],
    [32, 4096, 32, 8, 128, 14336, 'glu', 'rmsnorm', 'rotary', false, false],
  );
  // The script defaults to mock data: NullTokenizer has exactly --vocab-size = 128,256 ids since
  // NVIDIA/Megatron-LM c9dfe34 (April 2026; before, 128,257 padded to 128,384), a multiple of 128.
  assert.equal(a.vocab, 128_256);
  assert.equal(params(r).total, 8_030_261_248);
  assert.ok(codes(r).includes('mock-tokenizer'));
  assert.equal(r.plan.tokens.value, 1_953_125_000 * 8192);
  assert.equal(r.plan.tokens.value, 16_000_000_000_000);
  assert.equal(r.plan.tokensBound, undefined);
  assert.equal(r.plan.batchTokens?.value, 128 * 8192);
  assert.equal(r.plan.seqLen?.value, 8192);
  assert.equal(r.plan.precision?.value, 'fp8');
  assert.equal(r.plan.learningRate?.value, 1.5e-4);
  assert.equal(r.plan.gpuCount?.value, 8);
  // --num-layers $NUM_LAYERS: the hint goes on NUM_LAYERS=32.
  const layers = field(r, '--num-layers')!;
  assert.equal(layers.range?.startLine, lineOf(text, 'NUM_LAYERS=32'));
  assert.match(layers.note ?? '', /\$NUM_LAYERS/);
  assert.equal(field(r, '--fp8-format')?.value, 'hybrid');
  // --overlap-grad-reduce and --overlap-param-gather: data-parallel traffic under compute.
  assert.deepEqual([r.plan.setup?.gradReduceOverlap?.value, r.plan.setup?.gradReduceOverlap?.origin], [true, 'stated']);
  assert.deepEqual([r.plan.setup?.paramGatherOverlap?.value, r.plan.setup?.paramGatherOverlap?.source], [true, '--overlap-param-gather']);
  // The mock branch is chosen because $3/$4 default to "MOCK": said, on the if line.
  const cond = r.problems.find((p) => p.code === 'shell-condition')!;
  assert.equal(cond.range?.startLine, lineOf(text, 'if [[ "$TOKENIZER_ARG" == "MOCK" ]]'));
  assertSane(r);
});

test("#11 GPT-3 175B without --overlap-grad-reduce: Megatron's default reduces gradients after the backward, exposed in full", () => {
  const r = readFixture('gpt3_175b.sh');
  const s = r.plan.setup!;
  assert.deepEqual([s.gradReduceOverlap?.value, s.gradReduceOverlap?.origin], [false, 'default']);
  assert.match(s.gradReduceOverlap?.note ?? '', /no --overlap-grad-reduce/);
  // No distributed optimizer: no parameter gather to overlap; no --tp-comm-overlap stated.
  assert.equal(s.paramGatherOverlap, undefined);
  assert.equal(s.tpCommOverlap, undefined);
  const flagged = read(
    `${fixture('gpt3_175b.sh').replace('--tensor-model-parallel-size 8', '--tensor-model-parallel-size 8 --tp-comm-overlap --overlap-grad-reduce')}`,
    'gpt3_175b.sh',
  );
  assert.deepEqual([flagged.plan.setup?.tpCommOverlap?.value, flagged.plan.setup?.gradReduceOverlap?.value], [true, true]);
});

test('#12 with the real Llama-3 tokenizer: the published 8,030,261,248', () => {
  const text = fixture('llama3_8b_fp8.sh')
    .replace('TOKENIZER_ARG=${3:-"MOCK"}', 'TOKENIZER_ARG=${3:-"meta-llama/Meta-Llama-3-8B"}')
    .replace('DATA_ARG=${4:-"MOCK"}', 'DATA_ARG=${4:-"/data/fineweb_text_document"}');
  const r = read(text);
  assert.equal(field(r, '--tokenizer-type')?.value, 'HuggingFaceTokenizer');
  assert.equal(r.plan.architecture?.value.vocab, 128_256);
  assert.equal(params(r).total, 8_030_261_248);
  assert.ok(!codes(r).includes('mock-tokenizer'));
});

test('#13 Mixtral 8x7B: MoE total and active, EP, world size from the SLURM default', () => {
  const r = readFixture('mixtral_8x7b.sh');
  const c = params(r);
  assert.equal(c.total, 46_702_792_704);
  assert.equal(c.active, 12_879_925_248);
  assert.deepEqual(r.plan.architecture?.value.moe, { experts: 8, topK: 2, expertFfn: 14336, sharedExperts: 0, denseLayers: 0, layerFrequency: 1 });
  assert.equal(r.plan.architecture?.value.vocab, 32000);
  assert.equal(r.plan.tokens.value, 500_000 * 256 * 4096);
  assert.equal(r.plan.tokens.value, 524_288_000_000);
  assert.equal(r.plan.precision?.value, 'bf16');
  // NNODES=${SLURM_NNODES:-"4"}: 8 × 4, but SLURM decides: assumed, and said so.
  assert.equal(r.plan.gpuCount?.value, 32);
  assert.equal(r.plan.gpuCount?.origin, 'assumed');
  assert.match(r.plan.gpuCount?.note ?? '', /SLURM_NNODES/);
  assert.ok(!codes(r).includes('parallelism-exceeds-gpus'));
  assertSane(r);
});

test('Megatron-DeepSpeed style: options in a string, run through eval; samples from arithmetic', () => {
  const r = readFixture('deepspeed_eval.sh');
  assert.equal(r.plan.architecture?.value.vocab, 50432); // 50257 padded to 128 × TP 2
  assert.equal(r.plan.tokens.value, 300_000_000_000);
  assert.equal(r.plan.steps?.value, Math.ceil(146_484_375 / 512));
  assert.equal(r.plan.gpuCount?.value, 16);
  assert.equal(r.plan.precision?.value, 'bf16');
  assert.ok(!codes(r).includes('several-invocations'), 'echo of the command is not an invocation');
});

test('sbatch: GPUs from #SBATCH, a case branch, the last of two --lr, SwiGLU default width', () => {
  const r = readFixture('slurm_gpt.sbatch');
  assert.equal(r.plan.gpuCount?.value, 128);
  const a = r.plan.architecture!.value;
  assert.equal(a.layers, 24);
  assert.equal(a.ffn, Math.trunc((4 * 2048 * 2) / 3 / 64) * 64);
  assert.equal(a.ffn, 5440);
  assert.equal(a.vocab, 128256);
  assert.equal(r.plan.learningRate?.value, 4e-4);
  assert.ok(codes(r).includes('duplicate-flag'));
  assert.ok(r.problems.some((p) => p.code === 'shell-condition' && /MODEL_SIZE/.test(p.message)));
  // No --global-batch-size: micro 2 × data-parallel (128 GPUs / TP 2) = 128 sequences.
  assert.equal(r.plan.batchTokens?.value, 2 * 64 * 4096);
  assert.equal(r.plan.tokens.value, 100_000 * 2 * 64 * 4096);
});

test('no --global-batch-size: micro × data-parallel GPUs; the GPU count from the file or a directive', () => {
  const base =
    'GPUS_PER_NODE=8\nNNODES=2\ntorchrun --nproc_per_node $GPUS_PER_NODE --nnodes $NNODES pretrain_gpt.py --num-layers 2 --hidden-size 256 --num-attention-heads 4 --seq-length 1024 --max-position-embeddings 1024 --micro-batch-size 4 --train-iters 100 --tensor-model-parallel-size 2 --vocab-size 1000\n';
  const r = read(base);
  assert.equal(r.plan.gpuCount?.value, 16);
  assert.equal(r.plan.batchTokens?.value, 4 * 8 * 1024);
  assert.equal(r.plan.tokens.value, 100 * 4 * 8 * 1024);
  const noLauncher = read(
    '# scaling-lens: gpus=64\npython pretrain_gpt.py --num-layers 2 --hidden-size 256 --num-attention-heads 4 --seq-length 1024 --max-position-embeddings 1024 --micro-batch-size 4 --train-iters 100 --vocab-size 1000\n',
  );
  assert.equal(noLauncher.plan.batchTokens?.value, 4 * 64 * 1024);
  assert.equal(noLauncher.plan.gpuCount?.origin, 'assumed');
  const nothing = read(
    'python pretrain_gpt.py --num-layers 2 --hidden-size 256 --num-attention-heads 4 --seq-length 1024 --max-position-embeddings 1024 --micro-batch-size 4 --train-iters 100 --vocab-size 1000\n',
  );
  assert.ok(codes(nothing).includes('assumed-gpu-count'));
  const flagged = read(
    'python pretrain_gpt.py --num-layers 2 --hidden-size 256 --num-attention-heads 4 --seq-length 1024 --max-position-embeddings 1024 --micro-batch-size 4 --train-iters 100 --vocab-size 1000\n',
    'x.sh',
    { overrides: { gpus: 32 } },
  );
  assert.equal(flagged.plan.batchTokens?.value, 4 * 32 * 1024);
});

test('architecture variants: default SwiGLU width, MQA default, ignored query groups, MoE patterns and shared experts', { timeout: 60_000 }, () => {
  const line = (extra: string) =>
    `python pretrain_gpt.py --num-layers 8 --hidden-size 4096 --num-attention-heads 32 --seq-length 4096 --max-position-embeddings 4096 --global-batch-size 8 --train-iters 10 --vocab-size 32000 --disable-bias-linear --normalization RMSNorm --position-embedding-type rope --untie-embeddings-and-output-weights ${extra}\n`;
  const swiglu = read(line('--swiglu'));
  assert.equal(swiglu.plan.architecture?.value.ffn, 10880); // int(4·4096·2/3 / 64)·64
  assert.equal(field(swiglu, '--ffn-hidden-size')?.origin, 'default');
  const mqa = read(line('--group-query-attention'));
  assert.equal(mqa.plan.architecture?.value.kvHeads, 1);
  const ignored = read(line('--num-query-groups 8'));
  assert.equal(ignored.plan.architecture?.value.kvHeads, 32);
  assert.ok(codes(ignored).includes('ignored-flag'));
  const moe = read(
    line(
      '--swiglu --ffn-hidden-size 14336 --num-experts 4 --moe-router-topk 1 --moe-ffn-hidden-size 2048 --moe-layer-freq "([0]*2+[1]*6)" --moe-shared-expert-intermediate-size 4096',
    ),
  );
  const spec = moe.plan.architecture!.value.moe!;
  assert.deepEqual(spec, { experts: 4, topK: 1, expertFfn: 2048, sharedExperts: 1, sharedFfn: 4096, denseLayers: 2, layerFrequency: 1 });
  const c = countParams(moe.plan.architecture!.value);
  const d = 4096;
  const attention = 4 * d * d;
  const dense = 3 * d * 14336;
  const moeLayer = 4 * 3 * d * 2048 + 3 * d * 4096 + d * 4;
  assert.equal(c.total, 2 * 32000 * d + 8 * (attention + 2 * d) + 2 * dense + 6 * moeLayer + d);
  const everyOther = read(line('--swiglu --num-experts 4 --moe-layer-freq 2'));
  assert.equal(everyOther.plan.architecture?.value.moe?.layerFrequency, 2);
  const odd = read(line('--swiglu --num-experts 4 --moe-layer-freq "([1,0,0]*2+[1,1])"'));
  assert.ok(odd.problems.some((p) => p.code === 'approximate-count'));
  const everyThird = read(line('--swiglu --num-experts 4 --moe-layer-freq "([0]*3+[1,0,0]*2+[1])"').replace('--num-layers 8', '--num-layers 10'));
  assert.deepEqual([everyThird.plan.architecture?.value.moe?.denseLayers, everyThird.plan.architecture?.value.moe?.layerFrequency], [3, 3]);
  const short = read(line('--swiglu --num-experts 4 --moe-layer-freq "([0]+[1]*3)"'));
  assert.ok(short.problems.some((p) => p.code === 'invalid-value' && /4 entries for 8 layers/.test(p.message)));
  const long = read(line('--swiglu --num-experts 4 --moe-layer-freq "([0]*1+[1]*99999)"').replace('--num-layers 8', '--num-layers 100000'));
  assert.equal(long.plan.architecture?.value.moe?.denseLayers, 1);
  const mamba = read(
    'python pretrain_mamba.py --num-layers 8 --hidden-size 1024 --num-attention-heads 8 --seq-length 2048 --global-batch-size 8 --train-iters 10 --hybrid-override-pattern "M-M*-"\n',
  );
  assert.equal(mamba.plan.architecture, null);
  assert.ok(codes(mamba).includes('unsupported-architecture'));
  assert.equal(mamba.plan.tokens.value, 10 * 8 * 2048);
});

test("forks: Megatron-DeepSpeed's alibi, embedding LayerNorm, --pad-vocab-size-to and BF16 optimizer; StarCoder's --attention-head-type", () => {
  const ds = (extra: string) =>
    `deepspeed pretrain_gpt.py --num-layers 2 --hidden-size 256 --num-attention-heads 4 --seq-length 128 --max-position-embeddings 128 --global-batch-size 8 --train-iters 10 --vocab-size 1000 --tensor-model-parallel-size 2 ${extra}\n`;
  const bloom = read(ds('--position-embedding-type alibi --embed-layernorm --pad-vocab-size-to 1280 --deepspeed --zero-stage 0 --bf16'));
  const a = bloom.plan.architecture!.value;
  assert.deepEqual([a.positions, a.embeddingNorm, a.vocab], ['alibi', true, 1280]);
  // The embedding LayerNorm's weight and bias count: 2 × 256 more than without it.
  const plain = read(ds('--position-embedding-type alibi --pad-vocab-size-to 1280'));
  assert.equal(params(bloom).total - params(plain).total, 2 * 256);
  assert.equal(bloom.plan.setup?.sharding?.value, 'zero1');
  assert.equal(read(ds('--deepspeed --zero-stage 0')).plan.setup?.sharding?.value, 'none');
  assert.equal(read(ds('--position-embedding-type rotary')).plan.architecture?.value.positions, 'rotary');
  assert.equal(read(ds('--position-embedding-type absolute')).plan.architecture?.value.positions, 'learned');
  const undivided = read(ds('--pad-vocab-size-to 1000'));
  assert.ok(undivided.problems.some((p) => p.code === 'invalid-value' && /not divisible by --make-vocab-size-divisible-by 128/.test(p.message)));
  const mqa = read(ds('--attention-head-type multiquery'));
  assert.equal(mqa.plan.architecture?.value.kvHeads, 1);
  assert.equal(read(ds('--attention-head-type multihead')).plan.architecture?.value.kvHeads, 4);
  assert.ok(read(ds('--attention-head-type grouped')).problems.some((p) => p.code === 'invalid-value' && /multihead or multiquery/.test(p.message)));
});

test("Megatron-DeepSpeed's --glu-activation: a gated MLP of the stated (or 4h) width, whatever the gate; a bad name is refused", () => {
  const ds = (extra: string) =>
    `deepspeed pretrain_gpt.py --num-layers 2 --hidden-size 256 --num-attention-heads 4 --seq-length 128 --max-position-embeddings 128 --global-batch-size 8 --train-iters 10 --vocab-size 1000 ${extra}\n`;
  const plain = read(ds('--ffn-hidden-size 640'));
  for (const gate of ['swiglu', 'geglu', 'reglu', 'liglu']) {
    const r = read(ds(`--ffn-hidden-size 640 --glu-activation ${gate} --no-bias-gelu-fusion`));
    assert.equal(r.plan.architecture?.value.mlp, 'glu', gate);
    // The first projection doubles (h × 2·ffn weights and 2·ffn biases), per layer.
    assert.equal(params(r).total - params(plain).total, 2 * (256 * 640 + 640), gate);
  }
  // Unlike Megatron-LM's --swiglu, the default width stays 4h (Megatron-DeepSpeed arguments.py).
  assert.equal(read(ds('--glu-activation swiglu')).plan.architecture?.value.ffn, 1024);
  // From a variable the file does not set: still gated, the count does not depend on the gate.
  assert.equal(read(ds('--glu-activation $GLU')).plan.architecture?.value.mlp, 'glu');
  assert.ok(read(ds('--glu-activation silu')).problems.some((p) => p.code === 'invalid-value' && /geglu, liglu, reglu, swiglu/.test(p.message)));
});

test("microsoft/Megatron-DeepSpeed's MoE: experts on every 2nd layer (the last of each period), top-1, PR-MoE's residual MLP, per-layer lists", () => {
  const ds = (layers: number, extra: string) =>
    `deepspeed pretrain_gpt.py --num-layers ${layers} --hidden-size 256 --num-attention-heads 4 --seq-length 128 --max-position-embeddings 128 --global-batch-size 8 --train-iters 10 --vocab-size 1000 --deepspeed ${extra}\n`;
  const dense = params(read(ds(5, '')));
  // One expert (with biases) is 2·256·1024 + 1024 + 256 = 525,568; the gate 256 per expert.
  const expert = 2 * 256 * 1024 + 1024 + 256;
  const r = read(ds(5, '--num-experts 4 --moe-expert-parallel-size 2'));
  const moe = r.plan.architecture!.value.moe!;
  assert.deepEqual([moe.experts, moe.topK, moe.layerFrequency, moe.layerPhase, moe.sharedExperts], [4, 1, 2, 1, 0]);
  // 5 layers: experts on layers 2 and 4 (1-based), as get_num_experts_per_layer places them; 3 under Megatron-LM's rule.
  assert.equal(params(r).total - dense.total, 2 * (3 * expert + 4 * 256));
  assert.equal(params(r).active, dense.total + 2 * 4 * 256);
  assert.equal(r.plan.setup?.parallel?.ep?.value, 2);
  assert.equal(read(ds(6, '--num-experts 4 --expert-interval 3 --topk 2')).plan.architecture!.value.moe!.layerPhase, 2);
  // PR-MoE: a dense MLP beside the experts and a d → 2 coefficient with bias, per MoE layer.
  const residual = read(ds(5, '--num-experts 4 --mlp-type residual'));
  assert.equal(params(residual).total - params(r).total, 2 * (expert + 2 * 256 + 2));
  // A list: one count per MoE layer. Equal counts are exact; a pyramid is flagged as approximate.
  assert.equal(params(read(ds(5, '--num-experts 4 4'))).total, params(r).total);
  const pyramid = read(ds(5, '--num-experts 4 8'));
  assert.ok(pyramid.problems.some((p) => p.code === 'approximate-count' && /4 in 1, 8 in 1 MoE layers/.test(p.message)));
  assert.ok(read(ds(5, '--num-experts 4 4 4')).problems.some((p) => p.code === 'invalid-value' && /3 counts for 2 MoE layers/.test(p.message)));
  assert.ok(read(ds(5, '--num-experts 4 --mlp-type dense')).problems.some((p) => p.code === 'invalid-value' && /standard or residual/.test(p.message)));
  // One expert is dense, as before; Megatron-LM's own MoE flags keep Megatron-LM's meaning under DeepSpeed.
  assert.equal(read(ds(5, '--num-experts 1')).plan.architecture!.value.moe, undefined);
  assert.equal(read(ds(5, '--num-experts 4 --moe-router-topk 2')).plan.architecture!.value.moe!.layerFrequency, 1);
});

test('tokenizers: named by --tokenizer-name-or-path or --tokenizer-file; one the registry does not know leaves the vocabulary unknown', () => {
  const gpt = (extra: string) =>
    `deepspeed pretrain_gpt.py --num-layers 2 --hidden-size 256 --num-attention-heads 4 --seq-length 128 --max-position-embeddings 128 --global-batch-size 8 --train-iters 10 ${extra}\n`;
  // BigScience's tr3 runs: a GPT with T5's tokenizer through PretrainedFromHF (len 32,100, padded to 32,128).
  assert.equal(read(gpt('--tokenizer-type PretrainedFromHF --tokenizer-name-or-path t5-small')).plan.architecture?.value.vocab, 32128);
  assert.equal(read(gpt('--tokenizer-type TokenizerFromFile --tokenizer-file /data/bigcode/starcoder/tokenizer.json')).plan.architecture?.value.vocab, 49152);
  for (const unknown of [
    '--tokenizer-type PretrainedFromHF --tokenizer-name-or-path bigscience/oscar_13_languages_alpha_weight',
    '--tokenizer-type TokenizerFromFile --tokenizer-file /fsx/tokenizer-the-stack-v3/tokenizer.json',
    '--tokenizer-type HuggingFaceTokenizer --tokenizer-model /checkpoints/my-tokenizer',
  ]) {
    const r = read(gpt(unknown));
    assert.equal(r.plan.architecture, null, unknown);
    const p = r.problems.find((x) => x.code === 'unknown-tokenizer');
    assert.ok(p && /not a tokenizer Scaling Lens knows/.test(p.message), unknown);
    // No quick fix: there is no value to propose; the message says what to add.
    assert.equal(p.fix, undefined);
    assert.match(p.message, /# scaling-lens: vocab=N/);
  }
  // GPT-2 BPE stays GPT-2 (the type says so), and an untyped script keeps the stated assumption.
  assert.equal(read(gpt('--tokenizer-type GPT2BPETokenizer --vocab-file v.json --merge-file m.txt')).plan.architecture?.value.vocab, 50304);
  assert.ok(read(gpt('')).problems.some((x) => x.code === 'assumed-vocab'));
});

test('BERT, T5, ICT and RETRO entry points are not decoder-only language models: no count instead of a GPT count', () => {
  for (const entry of ['pretrain_bert.py', 'pretrain_t5.py', 'pretrain_ict.py', 'pretrain_retro.py', 'pretrain_vision_classify.py']) {
    const r = read(
      `python ${entry} --num-layers 2 --hidden-size 256 --num-attention-heads 4 --seq-length 128 --max-position-embeddings 128 --global-batch-size 8 --train-iters 10 --vocab-size 1000\n`,
    );
    assert.equal(r.plan.architecture, null, entry);
    assert.ok(
      r.problems.some((x) => x.code === 'unsupported-architecture' && x.message.startsWith(entry)),
      entry,
    );
  }
});

test('NVIDIA/Megatron-LM model confs: DeepSeek-R1 with multi-latent attention, Llama-4-Maverick with an alternating MoE pattern', () => {
  // NVIDIA/Megatron-LM@d98e8a64ddf34856e74b24714e3bedb2f5a39553
  // examples/post_training/modelopt/conf/{deepseek-ai/DeepSeek-R1.sh, meta-llama/Llama-4-Maverick-17B-128E-Instruct.sh},
  // byte for byte; they set MODEL_ARGS for a launch line that lives elsewhere, added here.
  const launch = (conf: string, vocab: string) => `${vocab}${fixture(conf)}\npython pretrain_gpt.py \${MODEL_ARGS} --global-batch-size 8 --train-iters 10\n`;
  const r1 = read(launch('DeepSeek-R1.conf.sh', '# scaling-lens: vocab=129280\n'));
  const a = r1.plan.architecture!.value;
  assert.deepEqual(a.mla, { qLoraRank: 1536, kvLoraRank: 512, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128 });
  // MLA per layer (megatron/core/transformer/multi_latent_attention.py): 7168×1536 + 1536 +
  // 1536×128×192 + 7168×576 + 512 + 512×128×256 + 128×128×7168 = 187,107,328. DeepSeek-V3's
  // published 671,026,419,200 counts the 58 × 256 expert-bias buffers Megatron keeps outside its parameters.
  assert.equal(params(r1).total, 671_026_419_200 - 58 * 256);
  assert.equal(params(r1).active, 37_552_282_624);
  // --moe-layer-freq ([0,1]*24): every odd layer, phase 1; --padded-vocab-size 202048 rows.
  const maverick = read(launch('Llama-4-Maverick.conf.sh', ''));
  const m = maverick.plan.architecture!.value;
  assert.deepEqual([m.moe?.layerFrequency, m.moe?.layerPhase, m.vocab], [2, 1, 202048]);
  assert.equal(params(maverick).total, 400_711_848_960);
});

test('NVIDIA/Megatron-LM examples/gptoss/02_train.sh: learnable softmax sinks and sliding windows on every other layer', () => {
  // NVIDIA/Megatron-LM@d98e8a64ddf34856e74b24714e3bedb2f5a39553 examples/gptoss/02_train.sh, byte for byte.
  const r = readFixture('gptoss_02_train.sh');
  const a = r.plan.architecture!.value;
  // --softmax-type learnable: one sink logit per head per layer; --window-size 127,0 with
  // --window-attn-skip-freq 2: 128 keys on the 6 layers whose 1-based number is odd.
  assert.equal(a.attentionSinks, true);
  assert.deepEqual(a.slidingWindow, { window: 128, layers: 6 });
  assert.equal(params(r).total, 289_445_120);
});

test('Megatron-LM flags: MLA defaults, unfit MoE patterns counted by their MoE layers, router bias, yarn, hybrid and heterogeneous models', () => {
  const gpt = (extra: string) =>
    `python pretrain_gpt.py --num-layers 4 --hidden-size 256 --num-attention-heads 4 --seq-length 128 --max-position-embeddings 128 --global-batch-size 8 --train-iters 10 --vocab-size 1000 --swiglu ${extra}\n`;
  // MLA with only the flag: q rank None (a full query projection), kv rank 32, dims 128 + 64, v 128.
  const mla = read(gpt('--multi-latent-attention --disable-bias-linear'));
  assert.deepEqual(mla.plan.architecture?.value.mla, { qLoraRank: 0, kvLoraRank: 32, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128 });
  assert.ok(mla.problems.some((p) => p.code === 'approximate-count' && /--qk-layernorm/.test(p.message)));
  // A pattern that is not "dense first, then every n-th": its MoE layers are counted, placed last.
  const moe = (freq: string) => read(gpt(`--num-experts 4 --moe-router-topk 1 --disable-bias-linear --moe-layer-freq "${freq}"`));
  const scattered = moe('[1,1,0,1]');
  assert.equal(params(scattered).total, params(moe('[0,1,1,1]')).total);
  assert.ok(scattered.problems.some((p) => p.code === 'approximate-count' && p.severity === 'info'));
  // The router has an E-sized bias unless --disable-bias-linear (moe/router.py).
  const biased = read(gpt('--num-experts 4 --moe-router-topk 1'));
  const unbiased = read(gpt('--num-experts 4 --moe-router-topk 1 --disable-bias-linear'));
  assert.equal(biased.plan.architecture?.value.moe?.routerBias, true);
  assert.equal(unbiased.plan.architecture?.value.moe?.routerBias, undefined);
  assert.equal(read(gpt('--position-embedding-type yarn')).plan.architecture?.value.positions, 'rotary');
  assert.equal(read(gpt('--padded-vocab-size 1280')).plan.architecture?.value.vocab, 1280);
  for (const extra of ['--hybrid-layer-pattern "M*M*"', '--heterogeneous-layers-config-path /x/blocks.json']) {
    const r = read(gpt(extra));
    assert.equal(r.plan.architecture, null, extra);
    assert.ok(
      r.problems.some((p) => p.code === 'unsupported-architecture'),
      extra,
    );
  }
});

test('a directive vocabulary is padded like a tokenizer vocabulary', () => {
  const r = read(
    '# scaling-lens: vocab=50277\npython pretrain_gpt.py --num-layers 2 --hidden-size 256 --num-attention-heads 4 --seq-length 128 --max-position-embeddings 128 --global-batch-size 8 --train-iters 10 --tensor-model-parallel-size 2\n',
  );
  assert.equal(r.plan.architecture?.value.vocab, 50432);
});

test('hostile and broken scripts give problems, never throws or non-finite numbers', () => {
  const hostile = readFixture('hostile.sh');
  assert.equal(hostile.plan.architecture, null);
  for (const key of ['--num-layers', '--hidden-size', '--num-attention-heads', '--seq-length', '--ffn-hidden-size', '--lr']) {
    assert.ok(
      hostile.problems.some((p) => p.code === 'invalid-value' && p.message.startsWith(key)),
      key,
    );
  }
  assert.ok(hostile.problems.some((p) => p.code === 'unknown-value' && p.message.startsWith('--micro-batch-size')));
  assert.ok(hostile.problems.some((p) => p.code === 'unknown-value' && p.message.startsWith('--global-batch-size')));
  assertSane(hostile);
  const unterminated = readFixture('unterminated.sh');
  assert.ok(codes(unterminated).includes('parse-error'));
  assertSane(unterminated);
  const build = readFixture('build.sh');
  assert.ok(codes(build).includes('no-invocation'));
  for (const text of [
    '',
    '\0\0\0',
    '"',
    '$((',
    '((((((((',
    'A=(',
    '--num-layers --hidden-size',
    'python pretrain_gpt.py --num-layers 1e400 --seq-length -5 --train-iters 1e300 --global-batch-size 1e300',
    `python pretrain_gpt.py ${'--num-layers 2 '.repeat(5000)}`,
  ]) {
    assertSane(read(text));
  }
});

test('Megatron-DeepSpeed: --num-experts 1 is a dense model, and --train-tokens ends the run when it comes first', () => {
  const text = sharedFixture('wild/configs/microsoft__Megatron-DeepSpeed/examples_deepspeed/MoE/ds_pretrain_gpt_350M_dense.sh');
  const r = read(text, 'ds_pretrain_gpt_350M_dense.sh');
  assert.ok(!r.problems.some((p) => p.severity === 'error'), JSON.stringify(r.problems.filter((p) => p.severity === 'error')));
  assert.equal(r.plan.architecture!.value.moe, undefined);
  // GPT-3 350M (24 × 1024, learned positions, biases, LayerNorm), GPT-2 vocabulary padded to 50,304.
  assert.equal(params(r).total, 355_919_872);
  // --train-tokens 300e9 in steps of 256 × 2,048: ceil(300e9 / 524,288) = 572,205 steps, before
  // --train-samples (3 × as many) ends it.
  assert.equal(r.plan.tokens.value, 572_205 * 524_288);
  assert.equal(r.plan.steps?.value, 572_205);
});

test('Megatron-DeepSpeed: --train-tokens with --rampup-batch-size walks the ramped steps', () => {
  // RampupBatchsizeNumMicroBatches(start 2, increment 2, 8 samples, global 6): two increments, one
  // every 4 samples, so the batch is 2 + 2*int(consumed/4) while consumed <= 8, then 6. Consumed
  // samples before each step: 0 (batch 2), 2 (2), 4 (4), 8 (6), 14 (6), 20 (6) -> 26. The loop runs
  // while consumed tokens (samples x 10) < 210: 6 steps, 260 tokens.
  const text =
    'python pretrain_gpt.py --num-layers 2 --hidden-size 64 --num-attention-heads 4 --seq-length 10 --max-position-embeddings 10 --micro-batch-size 2 --rampup-batch-size 2 2 8 --global-batch-size 6 --train-tokens 210 --train-samples 1000\n';
  const r = read(text);
  assert.equal(r.plan.tokens.value, 260);
  assert.equal(r.plan.steps?.value, 6);
  // At 200 tokens the run stops exactly after the fifth step (consumed 20 samples).
  const r2 = read(text.replace('--train-tokens 210', '--train-tokens 200'));
  assert.equal(r2.plan.tokens.value, 200);
  assert.equal(r2.plan.steps?.value, 5);
});

test('a sourced file (NVIDIA/Megatron-LM@d98e8a64ddf34856e74b24714e3bedb2f5a39553 examples/rl/model_configs/qwen3_32b.sh: `source $(dirname $SCRIPT_PATH)/common.sh`) is said on its line', () => {
  const text = fixture('rl_qwen3_32b.sh');
  const r = read(text);
  const p = r.problems.find((x) => x.code === 'sourced-file');
  assert.ok(p, JSON.stringify(r.problems.map((x) => x.code)));
  assert.equal(p.range?.startLine, lineOf(text, 'source $(dirname $SCRIPT_PATH)/common.sh'));
  assert.match(p.message, /not read here/);
});

test('every shape flag but a vocabulary it cannot size: the message asks for the vocabulary, not for flags the line has', () => {
  const r = read(
    'python pretrain_gpt.py --num-layers 2 --hidden-size 64 --num-attention-heads 4 --seq-length 128 --tokenizer-type HuggingFaceTokenizer --tokenizer-model ./local/tokenizer\n',
  );
  const p = r.problems.find((x) => x.code === 'missing-architecture');
  assert.match(p?.message ?? '', /vocab is not known\. Give the vocabulary: --vocab-size/);
  assert.doesNotMatch(p?.message ?? '', /needs --num-layers/);
});

test('--enable-gpt-oss uses YaRN rotary positions, no learned table (NVIDIA/Megatron-LM@d98e8a64ddf34856e74b24714e3bedb2f5a39553 examples/post_training/modelopt/conf/openai/gpt-oss-20b.sh)', () => {
  // megatron/post_training/model_builder.py sets position_embedding_type "yarn" in GPT-OSS mode;
  // read as Megatron's default learned_absolute, 40,960 × 2,880 = 117,964,800 parameters too many.
  const r = read(`${fixture('gpt-oss-20b.conf.sh')}\npython pretrain_gpt.py \${MODEL_ARGS} --global-batch-size 8 --train-iters 10\n`);
  assert.equal(r.plan.architecture?.value.positions, 'rotary');
  assert.equal(params(r).total, 20_914_757_184);
});

test('pretrain_hybrid.py and pretrain_t5.py launches are read and say what is not counted, not refused (NVIDIA/Megatron-LM@d98e8a64ddf34856e74b24714e3bedb2f5a39553 examples/mamba/train.sh, examples/t5/train_t5_220m_distributed.sh)', () => {
  const mamba = fixture('mamba_train.sh');
  assert.equal(detectFormat(mamba, 'train.sh')?.reader.id, 'megatron');
  assert.ok(read(mamba).problems.some((p) => /Mamba and hybrid Mamba models are not counted/.test(p.message)));
  const t5 = fixture('train_t5_220m_distributed.sh');
  assert.equal(detectFormat(t5, 'train_t5_220m_distributed.sh')?.reader.id, 'megatron');
  assert.ok(read(t5).problems.some((p) => /pretrain_t5\.py trains a T5 encoder-decoder/.test(p.message)));
});

test('a launch inside a string another command runs: bcprun -c (LLM360/k2-train@869fbb9710bbe2c361f56c02a6d58ad83adbc755 scripts/pretrain_65b.sh) and bash -c "$CMD"', () => {
  const text = fixture('k2_pretrain_65b.sh');
  const r = read(text, 'pretrain_65b.sh');
  // LLaMA-65B's shape with a 32,032-token vocabulary, padded by Megatron to a multiple of 128 × tp 8 = 32,768:
  // 80 × (4 × 8192² + 3 × 8192 × 22016 + 2 × 8192) + 8192 + 2 × 32,768 × 8192.
  assert.equal(params(r).total, 80 * (4 * 8192 ** 2 + 3 * 8192 * 22016 + 2 * 8192) + 8192 + 2 * 32_768 * 8192);
  // 338,760 iterations × 2,040 sequences × 2,048 tokens (the K2 card: 1.4T tokens).
  assert.equal(r.plan.tokens.value, 338_760 * 2040 * 2048);
  assert.equal(r.plan.setup?.parallel?.tp?.value, 8);
  assert.equal(r.plan.setup?.parallel?.pp?.value, 4);
  // The words keep their own lines inside the quoted string.
  assert.equal(r.plan.architecture?.value.layers, 80);
  assert.equal(field(r, '--num-layers')?.range?.startLine, lineOf(text, '--num-layers 80'));
  assert.ok(!r.problems.some((p) => p.code === 'no-invocation'));
  // A command line built in a variable and run by `srun bash -c "$CMD"`: read from its value, placed at the string.
  const built = read(
    'CMD="python pretrain_gpt.py --num-layers 2 --hidden-size 64 --num-attention-heads 4 --seq-length 128 --max-position-embeddings 128 --vocab-size 1000 --micro-batch-size 1 --global-batch-size 8 --train-iters 10"\nsrun bash -c "$CMD"\n',
  );
  assert.equal(built.plan.architecture?.value.layers, 2);
  assert.equal(built.plan.tokens.value, 10 * 8 * 128);
});

test("Megatron-DeepSpeed's lowercase --normalization rmsnorm (microsoft/Megatron-DeepSpeed@f4157bea69f3df8c6cb66f2ebcda66ba03d1288e examples_deepspeed/finetune_hf_llama/finetune_llama.sh)", () => {
  // Its megatron/arguments.py: choices=['layernorm', 'rmsnorm']; refused as invalid before. Llama 2 7B: 6,738,415,616.
  const r = readFixture('mds_finetune_llama.sh');
  assert.equal(r.plan.architecture?.value.norm, 'rmsnorm');
  assert.equal(params(r).total, 6_738_415_616);
  assert.ok(!r.problems.some((p) => p.severity === 'error'));
});

test('a Megatron tool that takes model flags without training is not a training run (microsoft/Megatron-DeepSpeed@f4157bea69f3df8c6cb66f2ebcda66ba03d1288e examples_deepspeed/data_efficiency/gpt/ds_analyze_gpt_data_map.sh)', () => {
  // analyze_data.py with --num-layers 1 --hidden-size 1: read as a 52,379-parameter model before.
  const text = fixture('mds_analyze_gpt_data_map.sh');
  const r = read(text, 'ds_analyze_gpt_data_map.sh');
  assert.equal(r.plan.architecture, null);
  assert.equal(r.plan.tokens.value, null);
  const p = r.problems.find((x) => x.code === 'no-invocation');
  assert.match(p?.message ?? '', /runs \.\.\/analyze_data\.py, which takes model flags but does not train/);
  assert.equal(p?.range?.startLine, lineOf(text, 'python ../analyze_data.py'));
});

test('an evaluation script keeps its model count: only tools with placeholder model flags are set aside (microsoft/Megatron-DeepSpeed@f4157bea69f3df8c6cb66f2ebcda66ba03d1288e examples/evaluate_zeroshot_gpt.sh)', () => {
  // tasks/main.py with GPT-2 medium's shape: 354,871,296 parameters, as before the analyze_data.py change.
  const r = read(fixture('mds_evaluate_zeroshot_gpt.sh'), 'evaluate_zeroshot_gpt.sh');
  assert.equal(params(r).total, 354_871_296);
});
