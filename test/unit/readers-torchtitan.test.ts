// torchtitan reader against docs/configs.md#reference-configs case #10, the flavor registry, the TOML
// position scanner, parallelism arithmetic and hostile input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { torchtitanReader } from '../../src/configs/readers/torchtitan';
import { findTorchtitanFlavor, TORCHTITAN_MODELS, torchtitanFfnDim } from '../../src/configs/registry/torchtitan';
import { TomlPositions } from '../../src/configs/shared/tomlPositions';
import type { ReadContext } from '../../src/configs/types';
import { codes, field, fixture as anyFixture, fixtureIn, lineOf, params } from './reader-helpers';

const fixture = fixtureIn('torchtitan');
const read = (text: string, ctx: ReadContext = {}) => torchtitanReader.read(text, 'train.toml', ctx);

test('#10 llama3_8b.toml at 64 GPUs (directive): 8,030,261,248 parameters, 524,288,000 tokens', () => {
  const text = fixture('llama3_8b.toml').replace('[job]', '# scaling-lens: gpus=64\n\n[job]');
  const r = read(text);
  assert.deepEqual(r.problems, []);
  assert.equal(r.format, 'torchtitan');
  assert.equal(params(r).total, 8_030_261_248);
  assert.equal(r.plan.architecture!.value.ffn, 14336);
  assert.equal(r.plan.gpuCount?.value, 64);
  assert.equal(r.plan.gpuCount?.source, 'directive gpus=64');
  assert.equal(r.plan.batchTokens?.value, 64 * 8192);
  assert.equal(r.plan.tokens.value, 524_288_000);
  // [training] steps, not [validation] steps.
  assert.equal(r.plan.steps?.value, 1000);
  const training = lineOf(text, '[training]');
  assert.equal(r.plan.steps?.range?.startLine, lineOf(text, 'steps = 1000', training));
  assert.equal(r.plan.seqLen?.range?.startLine, lineOf(text, 'seq_len = 8192'));
  assert.equal(field(r, 'model.flavor')?.range?.startLine, lineOf(text, 'flavor = "8B"'));
  assert.equal(r.plan.architecture!.range, undefined);
  assert.equal(r.plan.learningRate?.value, 3e-4);
  assert.equal(r.plan.precision?.value, 'bf16');
  assert.equal(r.plan.precision?.origin, 'default');
  assert.equal(field(r, 'lr_scheduler.warmup_steps')?.value, 200);
});

test('#10 with the GPU count from settings, and from a CLI flag that beats the directive', () => {
  const text = fixture('llama3_8b.toml');
  assert.equal(read(text, { defaults: { gpus: 64 } }).plan.tokens.value, 524_288_000);
  const flagged = read(text.replace('[job]', '# scaling-lens: gpus=8\n[job]'), { overrides: { gpus: 64 } });
  assert.equal(flagged.plan.tokens.value, 524_288_000);
  assert.equal(flagged.plan.gpuCount?.origin, 'stated');
});

test('#10 without a GPU count: one 8-GPU node assumed, said so', () => {
  const r = read(fixture('llama3_8b.toml'));
  assert.equal(r.plan.tokens.value, 1000 * 8 * 8192);
  assert.equal(r.plan.tokens.origin, 'assumed');
  const p = r.problems.find((x) => x.code === 'assumed-gpu-count');
  assert.ok(p);
  assert.equal(p.fix?.text, 'gpus=8');
});

test('2024 layout: batch_size and data_parallel_degree under [training]', () => {
  const r = read(fixture('llama3_8b_2024.toml'));
  assert.deepEqual(r.problems, []);
  assert.equal(params(r).total, 8_030_261_248);
  assert.equal(r.plan.tokens.value, 524_288_000);
  assert.equal(field(r, 'training.batch_size')?.value, 1);
});

test('2024 configs (torchtitan@9dec370): [training] compile, [float8] enable_float8_linear, [experimental] pipeline, context and async TP', () => {
  // The released 405B preset: compile, float8 and async TP, 8-way TP over 128 GPUs.
  const text = fixture('2024-12/llama3_405b.toml').replace('[job]', '# scaling-lens: gpus=128\n\n[job]');
  const r = read(text);
  assert.deepEqual(r.problems, []);
  assert.equal(params(r).total, 405_853_388_800);
  assert.equal(r.plan.precision?.value, 'fp8');
  assert.equal(r.plan.precision?.range?.startLine, lineOf(text, 'enable_float8_linear = true'));
  const s = r.plan.setup!;
  assert.equal(s.lowPrecision?.value, 'fp8-tensorwise');
  assert.equal(s.compile?.value, true);
  assert.equal(s.compile?.source, 'training.compile');
  assert.equal(s.tpCommOverlap?.value, true);
  assert.equal(s.tpCommOverlap?.source, 'experimental.enable_async_tensor_parallel');
  assert.equal(s.parallel?.sequenceParallel?.value, true);
  assert.equal(s.parallel?.dp?.value, 16);
  // Async TP without compile: torchtitan refuses to start (parallelize_llama.py@9dec370 lines 54-58): an error on its line.
  const eagerText = text.replace('compile = true', 'compile = false');
  const eager = read(eagerText);
  assert.equal(eager.plan.setup!.tpCommOverlap, undefined);
  const refused = eager.problems.find((p) => p.code === 'invalid-value');
  assert.ok(refused && /refuses async tensor parallelism/.test(refused.message), JSON.stringify(eager.problems));
  assert.equal(refused.range?.startLine, lineOf(eagerText, 'enable_async_tensor_parallel = true'));
  // [compile] components without "model" (2025 layout) compiles only the loss; an unknown schedule is said.
  const loss = read(
    '[model]\nname = "llama3"\nflavor = "8B"\n[training]\nglobal_batch_size = 8\n[parallelism]\npipeline_parallel_degree = 2\npipeline_parallel_schedule = "LoopedBFS"\n[compile]\nenable = true\ncomponents = ["loss"]\n',
  );
  assert.equal(loss.plan.setup!.compile?.value, false);
  assert.equal(loss.plan.setup!.pipelineSchedule?.value, 'interleaved-1f1b');
  const odd = read(
    '[model]\nname = "llama3"\nflavor = "8B"\n[training]\nglobal_batch_size = 8\n[parallelism]\npipeline_parallel_degree = 2\npipeline_parallel_schedule = "Fancy"\n',
  );
  assert.ok(odd.problems.some((p) => p.code === 'unknown-value' && /"Fancy"/.test(p.message)));

  // Pipeline degree under [experimental]: 8 stages; the local batch of 32 splits into 8
  // micro-batches (the default, the pipeline degree); Interleaved1F1B runs 2 stages per rank.
  const pp = text
    .replace('batch_size = 2', 'batch_size = 32')
    .replace('pipeline_parallel_degree = 1', 'pipeline_parallel_degree = 8\npipeline_parallel_schedule = "Interleaved1F1B"');
  const p = read(pp.replace('gpus=128', 'gpus=512'));
  assert.deepEqual(p.problems, []);
  const ps = p.plan.setup!;
  assert.equal(ps.parallel?.pp?.value, 8);
  assert.equal(ps.parallel?.pp?.source, 'experimental.pipeline_parallel_degree');
  assert.equal(ps.parallel?.dp?.value, 8);
  assert.equal(ps.microBatch?.value, 4);
  assert.equal(ps.pipelineSchedule?.value, 'interleaved-1f1b');
  assert.equal(ps.parallel?.vp?.value, 2);
  // With a pipeline, FSDP2 keeps the gathered weights through the step (reshard_after_forward False).
  assert.equal(ps.sharding?.value, 'fsdp-grad-op');
  // Stated micro-batch count and split points (15 split points: 16 stages, 2 per rank); a count
  // that does not divide the local batch is a problem on its line.
  const stated = read(
    pp
      .replace('gpus=128', 'gpus=512')
      .replace(
        'pipeline_parallel_degree = 8',
        'pipeline_parallel_degree = 8\npipeline_parallel_microbatches = 16\npipeline_parallel_split_points = ["layers.8", "layers.16", "layers.24", "layers.32", "layers.40", "layers.48", "layers.56", "layers.64", "layers.72", "layers.80", "layers.88", "layers.96", "layers.104", "layers.112", "layers.120"]',
      ),
  );
  assert.equal(stated.plan.setup!.microBatch?.value, 2);
  assert.equal(stated.plan.setup!.parallel?.vp?.value, 2);
  const unevenText = pp
    .replace('gpus=128', 'gpus=512')
    .replace('pipeline_parallel_degree = 8', 'pipeline_parallel_degree = 8\npipeline_parallel_microbatches = 5');
  const uneven = read(unevenText);
  assert.deepEqual(codes(uneven), ['invalid-value']);
  assert.equal(uneven.problems[0]!.range?.startLine, lineOf(unevenText, 'pipeline_parallel_microbatches = 5'));

  // Context parallelism alone still shards: FSDP runs over dp_shard × cp.
  const cp = read(
    text.replace('data_parallel_shard_degree = -1', 'data_parallel_shard_degree = 1').replace('context_parallel_degree = 1', 'context_parallel_degree = 16'),
  );
  assert.equal(cp.plan.setup!.sharding?.value, 'fsdp-full');
  assert.match(cp.plan.setup!.sharding?.note ?? '', /context_parallel_degree 16/);
});

test('2025 configs: [parallelism] pipeline_parallel_microbatch_size (default 1) and layers per stage', () => {
  const base = fixture('llama3_8b.toml').replace('[job]', '# scaling-lens: gpus=64\n\n[job]').replace('local_batch_size = 1', 'local_batch_size = 8');
  const pp = base.replace('pipeline_parallel_degree = 1', 'pipeline_parallel_degree = 4');
  const one = read(pp).plan.setup!;
  assert.equal(one.microBatch?.value, 1);
  assert.equal(one.pipelineSchedule?.value, '1f1b');
  assert.equal(one.parallel?.vp, undefined);
  const sized = read(pp.replace('pipeline_parallel_degree = 4', 'pipeline_parallel_degree = 4\npipeline_parallel_microbatch_size = 2')).plan.setup!;
  assert.equal(sized.microBatch?.value, 2);
  // 32 layers + first and last weights 1 each, 2 per stage: 17 stages do not divide over 4 ranks; 3 per stage: 12, 3 per rank.
  const looped = pp.replace(
    'pipeline_parallel_degree = 4',
    'pipeline_parallel_degree = 4\npipeline_parallel_schedule = "Interleaved1F1B"\npipeline_parallel_layers_per_stage = 3',
  );
  assert.equal(read(looped).plan.setup!.parallel?.vp?.value, 3);
  assert.deepEqual(codes(read(looped.replace('layers_per_stage = 3', 'layers_per_stage = 2'))), ['invalid-value']);
});

test('Parallelism: global_batch_size, tensor parallel, replicate, impossible splits', () => {
  const base = fixture('llama3_8b.toml');
  const global = read(base.replace('local_batch_size = 1', 'local_batch_size = 1\nglobal_batch_size = 128'));
  assert.equal(global.plan.tokens.value, 1000 * 128 * 8192);
  assert.ok(!codes(global).includes('assumed-gpu-count'));
  const tp = read(base.replace('tensor_parallel_degree = 1', 'tensor_parallel_degree = 8'), { defaults: { gpus: 64 } });
  assert.equal(tp.plan.batchTokens?.value, 8 * 8192);
  const hsdp = read(
    base
      .replace('data_parallel_replicate_degree = 1', 'data_parallel_replicate_degree = 2')
      .replace('data_parallel_shard_degree = -1', 'data_parallel_shard_degree = 4'),
  );
  assert.equal(hsdp.plan.batchTokens?.value, 8 * 8192);
  assert.ok(!codes(hsdp).includes('assumed-gpu-count'));
  const odd = read(base.replace('pipeline_parallel_degree = 1', 'pipeline_parallel_degree = 3'), { defaults: { gpus: 64 } });
  assert.equal(odd.plan.tokens.value, null);
  assert.ok(codes(odd).includes('inconsistent-value'));
});

test('Explicit degrees are the world size: dp_shard 32 × tp 8 = 256 GPUs (not an assumed 8-GPU node)', () => {
  const base = fixture('llama3_8b.toml');
  const text = base
    .replace('data_parallel_shard_degree = -1', 'data_parallel_shard_degree = 32')
    .replace('tensor_parallel_degree = 1', 'tensor_parallel_degree = 8');
  const r = read(text);
  assert.equal(r.plan.gpuCount?.value, 256);
  assert.equal(r.plan.gpuCount?.origin, 'derived');
  assert.equal(r.plan.gpuCount?.range?.startLine, lineOf(text, 'data_parallel_shard_degree = 32'));
  assert.ok(!codes(r).includes('assumed-gpu-count'));
  assert.equal(r.plan.tokens.value, 1000 * 32 * 8192);
  // A --gpus flag that disagrees with the degrees wins for the hardware, and is flagged.
  const flagged = read(text, { overrides: { gpus: 64 } });
  assert.equal(flagged.plan.gpuCount?.value, 64);
  assert.ok(codes(flagged).includes('inconsistent-value'));
  assert.equal(flagged.plan.tokens.value, 1000 * 32 * 8192);
  // With a stated global batch the degrees still give the world size.
  const global = read(text.replace('local_batch_size = 1', 'local_batch_size = 1\nglobal_batch_size = 64'));
  assert.equal(global.plan.gpuCount?.value, 256);
});

test('Flavor registry: 8B/70B/405B count to the published totals; FFN widths', () => {
  assert.equal(torchtitanFfnDim(4096, 1024, 1.3), 14336);
  assert.equal(torchtitanFfnDim(8192, 4096, 1.3), 28672);
  assert.equal(torchtitanFfnDim(16384, 4096, 1.2), 53248);
  assert.equal(torchtitanFfnDim(256, 256), 768);
  for (const [name, flavors] of Object.entries(TORCHTITAN_MODELS)) {
    for (const [flavor, spec] of Object.entries(flavors)) {
      const r = read(`[model]\nname = "${name}"\nflavor = "${flavor}"\n[training]\nglobal_batch_size = 8\n`);
      const c = params(r);
      if (spec.publishedParams !== undefined) assert.equal(c.total, spec.publishedParams, `${name} ${flavor}`);
    }
  }
  assert.equal(findTorchtitanFlavor('llama3', '8B_flex')?.base, '8B');
  assert.equal(findTorchtitanFlavor('llama3', 'debugmodel_flex_attn')?.base, 'debugmodel');
  assert.equal(findTorchtitanFlavor('llama3', 'constructor'), undefined);
  assert.equal(findTorchtitanFlavor('toString', '8B'), undefined);
});

test('an assumed world fits the stated degrees: tensor 8 × pipeline 4 with shard -1 assumes 32 GPUs, not a node of 8', () => {
  const r = read(
    '[model]\nname = "llama3"\nflavor = "70B"\n[training]\nlocal_batch_size = 1\nsteps = 10\n[parallelism]\ndata_parallel_shard_degree = -1\ntensor_parallel_degree = 8\npipeline_parallel_degree = 4\n',
  );
  assert.equal(r.plan.gpuCount?.value, 32);
  assert.equal(r.plan.gpuCount?.origin, 'assumed');
  const warning = r.problems.find((p) => p.code === 'assumed-gpu-count');
  assert.match(warning?.message ?? '', /32 is assumed, the fewest the stated degrees fit, 32 per data-parallel rank/);
  assert.match(warning?.fix?.text ?? '', /gpus=32/);
  assert.ok(!r.problems.some((p) => p.severity === 'error'), JSON.stringify(r.problems));
});

test('torchtitan families and flavors that are not counted say why (qwen3_5, Kimi with a vision tower)', () => {
  const qwen = read('[model]\nname = "qwen3_5"\nflavor = "9B"\n[training]\nglobal_batch_size = 8\n');
  assert.equal(qwen.plan.architecture, null);
  assert.match(qwen.problems.find((p) => p.code === 'unsupported-model')?.message ?? '', /qwen3_5 is not counted: .*GatedDeltaNet/);
  const kimi = read('[model]\nname = "kimi_k2_7"\nflavor = "Kimi-K2.5"\n[training]\nglobal_batch_size = 8\n');
  assert.match(kimi.problems.find((p) => p.code === 'unsupported-model')?.message ?? '', /"Kimi-K2.5" is not counted: it builds a vision tower/);
  assert.equal(params(read('[model]\nname = "kimi_k2_7"\nflavor = "moonlight-16B-A3B"\n[training]\nglobal_batch_size = 8\n')).total, 15_960_108_544);
});

test('Unknown model or flavor: a problem on its line, no count', () => {
  const text = fixture('llama3_8b.toml').replace('flavor = "8B"', 'flavor = "13B"');
  const r = read(text, { defaults: { gpus: 8 } });
  assert.equal(r.plan.architecture, null);
  const p = r.problems.find((x) => x.code === 'unknown-model');
  assert.ok(p);
  assert.equal(p.range?.startLine, lineOf(text, 'flavor = "13B"'));
  assert.equal(r.plan.tokens.value, 1000 * 8 * 8192);
  const model = read(fixture('llama3_8b.toml').replace('name = "llama3"', 'name = "deepseek_v3"'));
  assert.ok(codes(model).includes('unknown-model'));
});

test('float8 converters mean fp8; mixed_precision_param float32 means fp32', () => {
  const base = fixture('llama3_8b.toml');
  assert.equal(read(base.replace('# converters = ["float8"]', 'converters = ["float8"]')).plan.precision?.value, 'fp8');
  assert.equal(read(base.replace('steps = 1000', 'steps = 1000\nmixed_precision_param = "float32"')).plan.precision?.value, 'fp32');
});

test('TOML scanner: full paths, sections, comments, quoted and dotted keys, multi-line values', () => {
  const text = [
    '# top comment with = sign',
    'title = "a # not a comment"',
    '[training]',
    'steps = 10  # [validation] steps = 3',
    'list = [',
    '  "steps = 99",',
    ']',
    'doc = """',
    'steps = 77',
    '"""',
    '[validation]',
    '  steps = 5',
    '[a."b.c"]',
    'x.y = 1',
    '"quoted key" = 2',
    '[[arr]]',
    'k = 3',
  ].join('\n');
  const pos = new TomlPositions(text);
  assert.equal(pos.get('training.steps')?.range.startLine, 3);
  assert.deepEqual(pos.get('training.steps')?.valueRange, { startLine: 3, startCol: 8, endLine: 3, endCol: 10 });
  assert.equal(pos.get('validation.steps')?.range.startLine, 11);
  assert.equal(pos.get('validation.steps')?.range.startCol, 2);
  assert.equal(pos.get('title')?.range.startLine, 1);
  assert.equal(pos.get('training.list')?.range.startLine, 4);
  assert.equal(pos.get('training.doc')?.range.startLine, 7);
  assert.equal(pos.get('a.b.c.x.y')?.range.startLine, 13);
  assert.equal(pos.get('a.b.c.quoted key')?.range.startLine, 14);
  assert.equal(pos.get('arr.k')?.range.startLine, 16);
  assert.equal(pos.get('training')?.range.startLine, 2);
  assert.equal(pos.paths().filter((k) => k.endsWith('steps')).length, 2);
});

test('Impossible values and broken TOML become problems at their line, never throws or NaN', () => {
  const base = fixture('llama3_8b.toml');
  const cases: Array<[string, string, boolean, boolean]> = [
    ['steps = 1000', 'steps = -5', false, true],
    ['steps = 1000', 'steps = "many"', false, true],
    ['seq_len = 8192', 'seq_len = 1e308', true, true],
    ['seq_len = 8192', 'seq_len = 81.5', true, true],
    ['local_batch_size = 1', 'local_batch_size = 0', false, true],
    ['flavor = "8B"', 'flavor = 8', true, false],
    ['data_parallel_shard_degree = -1', 'data_parallel_shard_degree = 0', false, true],
  ];
  for (const [from, to, archGone, tokensGone] of cases) {
    const text = base.replace(from, to);
    const r = read(text, { defaults: { gpus: 8 } });
    const p = r.problems.find((x) => x.code === 'invalid-value');
    assert.ok(p, `${to}: ${JSON.stringify(r.problems)}`);
    assert.equal(p.range?.startLine, lineOf(text, to), to);
    assert.equal(r.plan.architecture === null, archGone, to);
    assert.equal(r.plan.tokens.value === null, tokensGone, to);
  }
  const broken = read('[model]\nname = "llama3"\nflavor = \n[training]\n');
  assert.equal(broken.plan.architecture, null);
  const p = broken.problems.find((x) => x.code === 'parse-error');
  assert.ok(p);
  assert.equal(p.range?.startLine, 2);
  for (const text of [
    '',
    '[[[',
    'a = [[[[[[[[[[[[[[[[[[[[',
    `[model]\nflavor = "8B"\n[training]\n${'x = 1\n'.repeat(3000)}`,
    `[training]\nsteps = 9007199254740993\n[model]\nflavor="8B"`,
    `k = "${'a'.repeat(50_000)}"`,
  ]) {
    const r = read(text);
    for (const v of [r.plan.tokens.value, r.plan.batchTokens?.value, r.plan.steps?.value]) {
      if (typeof v === 'number') assert.ok(Number.isFinite(v) && v >= 0);
    }
  }
});

test('detect: torchtitan TOML high; pyproject.toml, Cargo.toml, YAML configs low', () => {
  assert.ok(torchtitanReader.detect(fixture('llama3_8b.toml'), 'llama3_8b.toml') >= 0.9);
  assert.ok(torchtitanReader.detect(fixture('llama3_8b_2024.toml'), 'llama3_8b.toml') >= 0.9);
  const others: Array<[string, string]> = [
    ['[project]\nname = "x"\n[tool.ruff]\nline-length = 100\n[model]\nflavor = "a"\n[training]\nsteps = 1\n', 'pyproject.toml'],
    ['[build-system]\nrequires = ["setuptools"]\n', 'pyproject.toml'],
    ['[package]\nname = "foo"\nversion = "0.1.0"\n[dependencies]\nserde = "1"\n', 'Cargo.toml'],
    [anyFixture('llm-foundry/mpt-125m.yaml'), 'mpt-125m.yaml'],
    [anyFixture('maxtext/llama3-8b.yml'), 'llama3-8b.yml'],
    ['{"name": "x"}', 'package.json'],
  ];
  for (const [t, name] of others) assert.ok(torchtitanReader.detect(t, name) < 0.5, name);
});

test('CRLF line endings read the same; pathological text stays fast', { timeout: 60_000 }, () => {
  const text = fixture('llama3_8b_2024.toml').replace(/\n/g, '\r\n');
  assert.ok(torchtitanReader.detect(text, 'x') >= 0.8);
  const r = read(text);
  assert.equal(r.plan.tokens.value, 524_288_000);
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
    torchtitanReader.detect(h, 'x.yaml');
    read(h);
  }
});
