// `scaling-lens estimate` run flags: each overrides or supplies the file's value (origin stated,
// source `flag --x`), a Hugging Face config.json plus flags describes a run, bad values are one
// line and exit 2; the `# scaling-lens:` directive takes the same keys but only fills what the
// file leaves out or leaves to a default.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { run } from '../../src/cli/main';
import { readConfig } from '../../src/configs/index';
import { ESTIMATE } from '../../src/cli/spec';
import { usage } from '../../src/cli/args';

const FIX = join(__dirname, '..', 'fixtures');
const HF = join(FIX, 'hf-config', 'tinyllama', 'config.json');
const TITAN = join(FIX, 'wild', 'configs', 'pytorch__torchtitan', 'torchtitan', 'models', 'llama3', 'train_configs', 'llama3_70b.toml');

const estimate = (...argv: string[]) => {
  const r = run(['estimate', ...argv, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
};
const fails = (argv: string[], pattern: RegExp) => {
  const r = run(['estimate', ...argv]);
  assert.equal(r.code, 2, `expected exit 2 for ${argv.join(' ')}: ${r.stdout}`);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr.trim().split('\n').length, 1, 'one line');
  assert.match(r.stderr, pattern);
};

test('each run flag lands in the setup as stated, with the flag as its source', () => {
  const cases: Array<[string[], string, unknown]> = [
    [['--micro-batch', '4'], 'microBatch', 4],
    [['--dp', '16'], 'dp', 16],
    [['--tp', '8'], 'tp', 8],
    [['--pp', '4'], 'pp', 4],
    [['--vp', '2'], 'vp', 2],
    [['--cp', '2'], 'cp', 2],
    [['--ep', '8'], 'ep', 8],
    [['--sharding', 'zero3'], 'sharding', 'zero3'],
    [['--sharding', 'fsdp'], 'sharding', 'fsdp-full'],
    [['--sharding', 'none'], 'sharding', 'none'],
    [['--ac', 'selective'], 'checkpointing', { mode: 'selective' }],
    [['--ac', 'selective-op'], 'checkpointing', { mode: 'selective-op' }],
    [['--ac', 'full'], 'checkpointing', { mode: 'full' }],
    [['--optimizer', 'adamw8bit'], 'optimizer', 'adamw-8bit'],
    [['--optimizer', 'adafactor'], 'optimizer', 'adafactor'],
    [['--optimizer', 'sgd'], 'optimizer', 'sgd'],
    [['--compile'], 'compile', true],
    [['--inter-node-gbps', '400'], 'interNodeGbps', 400],
    [['--inter-node-gbps', '3200Gbps'], 'interNodeGbps', 3200],
    [['--finetune', 'full'], 'method', 'full'],
  ];
  for (const [flags, key, value] of cases) {
    const j = estimate(HF, ...flags);
    assert.deepEqual(j.run[key], { value, origin: 'stated', source: `flag ${flags[0]}` }, flags.join(' '));
  }
});

test('flags override the file: torchtitan llama3_70b tensor_parallel_degree 8 → --tp 4, local_batch_size 8 → --micro-batch 2', () => {
  const before = estimate(TITAN);
  assert.deepEqual(before.run.tp, { value: 8, origin: 'stated', source: 'parallelism.tensor_parallel_degree' });
  const j = estimate(TITAN, '--tp', '4', '--micro-batch', '2', '--ac', 'selective');
  assert.deepEqual(j.run.tp, { value: 4, origin: 'stated', source: 'flag --tp' });
  assert.deepEqual(j.run.microBatch, { value: 2, origin: 'stated', source: 'flag --micro-batch' });
  assert.deepEqual(j.run.checkpointing.value, { mode: 'selective' });
  // The file's tokens do not change: the flags describe the layout, not the batch.
  assert.equal(j.tokens, before.tokens);
});

test('--precision, --seq-len and --global-batch change the plan: tokens follow stated steps', () => {
  // llama3_70b.toml: steps 1000, seq_len 8192, local_batch_size 8 on an assumed 8 GPUs (tp 8 → dp 1).
  const j = estimate(TITAN, '--seq-len', '4096', '--global-batch', '64', '--precision', 'fp8', '--gpu', 'H100-SXM');
  assert.equal(j.tokens, 1000 * 64 * 4096);
  assert.equal(j.hardware.gpu, 'H100-SXM');
  const text = run(['estimate', TITAN, '--precision', 'fp8', '--gpu', 'H100-SXM']);
  assert.match(text.stdout, /FP8/);
});

test('a Hugging Face config.json plus flags describes a run', () => {
  const j = estimate(
    HF,
    '--gpus',
    '16',
    '--dp',
    '8',
    '--tp',
    '2',
    '--micro-batch',
    '2',
    '--global-batch',
    '256',
    '--seq-len',
    '2048',
    '--sharding',
    'zero3',
    '--ac',
    'full',
    '--optimizer',
    'adamw',
    '--precision',
    'bf16',
    '--finetune',
    'lora',
    '--lora-rank',
    '16',
    '--lora-targets',
    'q,k,v,o',
  );
  assert.equal(j.params.total, 1_100_048_384); // TinyLlama 1.1B (the fixture's model card)
  assert.equal(j.hardware.count, 16);
  assert.deepEqual(j.run.gradAccum, { value: 16, origin: 'derived', source: 'global batch / (micro-batch × dp)' }); // 256 / (2 × 8)
  assert.deepEqual(j.run.method, { value: 'lora', origin: 'stated', source: 'flag --finetune' });
  assert.deepEqual(j.run.adapter.value, { rank: 16, targets: ['q', 'k', 'v', 'o'] });
  assert.equal(j.run.adapter.origin, 'stated');
  assert.equal(j.run.sharding.value, 'zero3');
  // config.json has no training length: still unknown, not invented, with the reason and no bound.
  assert.equal(j.tokens, null);
  assert.equal(j.tokensBound, null);
  assert.equal(typeof j.tokensReason, 'string');
  assert.ok(j.tokensReason.length > 0);
});

test('degrees without --gpus give the world size dp × tp × pp × cp', () => {
  const j = estimate(HF, '--dp', '4', '--tp', '2', '--pp', '2');
  assert.equal(j.hardware.count, 16);
});

test('--finetune qlora stores the base in 4 bits; --lora-rank alone means LoRA; targets not given are an assumption', () => {
  const q = estimate(HF, '--finetune', 'qlora', '--lora-rank', '8', '--lora-targets', 'q,v');
  assert.deepEqual(q.run.adapter.value, { rank: 8, targets: ['q', 'v'], baseBits: 4 });
  const l = estimate(HF, '--lora-rank', '32');
  assert.equal(l.run.method.value, 'lora');
  assert.equal(l.run.adapter.origin, 'assumed');
  assert.deepEqual(l.run.adapter.value.targets, ['q', 'v']);
});

test('invalid run flags: one line, exit 2', () => {
  fails([HF, '--tp', '0'], /--tp must be a whole number from 1/);
  fails([HF, '--dp', '2.5'], /--dp must be a whole number/);
  fails([HF, '--micro-batch', 'lots'], /--micro-batch must be a whole number/);
  fails([HF, '--sharding', 'zero4'], /--sharding must be one of none, zero1, zero2, zero3, fsdp, got "zero4"/);
  fails([HF, '--ac', 'half'], /--ac must be one of none, selective, selective-op, full/);
  fails([HF, '--precision', 'int4'], /--precision must be one of bf16, fp16, fp8, fp32/);
  fails([HF, '--optimizer', 'adam'], /--optimizer must be one of adamw, adamw8bit, sgd, adafactor/);
  fails([HF, '--finetune', 'dora'], /--finetune must be one of full, lora, qlora/);
  fails([HF, '--lora-targets', 'q,wq'], /--lora-targets takes a comma-separated list .* got "wq"/);
  fails([HF, '--lora-rank', '0'], /--lora-rank must be a whole number from 1/);
  fails([HF, '--finetune', 'full', '--lora-rank', '8'], /--lora-rank needs a LoRA fine-tune, not --finetune full/);
  fails([HF, '--global-batch', '10', '--micro-batch', '4'], /--global-batch 10 is not a multiple of --micro-batch 4/);
  fails([HF, '--global-batch', '64', '--micro-batch', '4', '--dp', '32'], /--global-batch 64 is not a multiple of --micro-batch 4 × --dp 32/);
  fails([HF, '--seq-len', '-5'], /--seq-len must be a whole number/);
});

test('--vp interleaves the pipeline: the bubble (pp − 1)/(m × vp) halves at vp 2', () => {
  const plain = estimate(HF, '--gpus', '64', '--pp', '4', '--global-batch', '256');
  const interleaved = estimate(HF, '--gpus', '64', '--pp', '4', '--vp', '2', '--global-batch', '256');
  const bubbleShare = (j: { throughput: { breakdown: { compute: number; recompute: number; bubble: number } } }) =>
    j.throughput.breakdown.bubble / (j.throughput.breakdown.compute + j.throughput.breakdown.recompute);
  assert.ok(bubbleShare(plain) > 0);
  assert.ok(Math.abs(bubbleShare(interleaved) - bubbleShare(plain) / 2) < 1e-9, `${bubbleShare(plain)} ${bubbleShare(interleaved)}`);
  assert.ok(interleaved.throughput.tokensPerSecPerGpu > plain.throughput.tokensPerSecPerGpu);
  fails(['--vp', '0', HF], /--vp must be a whole number from 1/);
});

test('--help lists every run flag from the one table', () => {
  const help = usage(ESTIMATE);
  for (const f of [
    '--seq-len N',
    '--micro-batch N',
    '--global-batch N',
    '--dp N',
    '--tp N',
    '--pp N',
    '--vp N',
    '--cp N',
    '--ep N',
    '--sharding S',
    '--ac M',
    '--precision P',
    '--optimizer O',
    '--finetune M',
    '--lora-rank R',
    '--lora-targets T',
    '--compile ',
    '--inter-node-gbps G',
  ]) {
    assert.ok(help.includes(f), f);
  }
});

const TOML = `[model]
name = "llama3"
flavor = "8B"

[training]
local_batch_size = 2
seq_len = 8192
steps = 100

[parallelism]
tensor_parallel_degree = 4
`;

test('directive run keys fill what the file leaves to a default, never what it states', () => {
  const o = readConfig(`# scaling-lens: gpus=16 tp=2 pp=2 micro-batch=1 ac=full compile sharding=zero1\n${TOML}`, 'train.toml');
  assert.ok(o.ok);
  const s = o.result.plan.setup!;
  assert.equal(s.parallel!.tp!.value, 4); // stated in the file: the directive does not win
  assert.equal(s.parallel!.tp!.origin, 'stated');
  assert.equal(s.parallel!.pp!.value, 2); // torchtitan's default 1 gives way to the directive
  assert.equal(s.parallel!.pp!.origin, 'assumed');
  assert.equal(s.parallel!.pp!.source, 'directive pp=2');
  assert.equal(s.parallel!.pp!.range?.startLine, 0);
  assert.equal(s.microBatch!.value, 2); // local_batch_size 2 is stated
  assert.deepEqual(s.checkpointing!.value, { mode: 'full' }); // default selective → directive full
  assert.equal(s.compile!.value, true);
});

test('bad directive run values are problems on their own range', () => {
  const o = readConfig(`# scaling-lens: tp=0 sharding=zero9\n${TOML}`, 'train.toml');
  assert.ok(o.ok);
  const bad = o.result.problems.filter((p) => p.code === 'invalid-directive');
  assert.deepEqual(
    bad.map((p) => p.message),
    ['tp must be a whole number from 1 to 1,000,000, got "0"', 'sharding must be one of none, zero1, zero2, zero3, fsdp, got "zero9"'],
  );
  assert.equal(bad[1]!.range?.startCol, 21);
});

test('flags apply to every run of a multi-run file', () => {
  const registry = join(FIX, 'wild', 'configs', 'pytorch__torchtitan', 'torchtitan', 'models', 'llama3', 'config_registry.py');
  const r = run(['estimate', registry, '--tp', '2', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const all = JSON.parse(r.stdout) as Array<{ run: { tp: { value: number; source: string } } }>;
  assert.ok(all.length > 1);
  for (const e of all) assert.deepEqual(e.run.tp, { value: 2, origin: 'stated', source: 'flag --tp' });
});

test('estimate --json lists what the file says about communication overlap, with its origin', () => {
  const j = estimate(join(FIX, 'megatron', 'llama3_8b_fp8.sh'));
  assert.deepEqual(j.run.gradReduceOverlap, { value: true, origin: 'stated', source: '--overlap-grad-reduce' });
  assert.deepEqual(j.run.paramGatherOverlap, { value: true, origin: 'stated', source: '--overlap-param-gather' });
  const gpt3 = estimate(join(FIX, 'megatron', 'gpt3_175b.sh'));
  assert.equal(gpt3.run.gradReduceOverlap.value, false);
  assert.equal(gpt3.run.gradReduceOverlap.origin, 'default');
});
