// The scaling-lens command: the law test vectors of docs/laws.md through the CLI, the JSON
// contract of docs/design.md#cli-contract, and one-line errors with exit code 2 (never NaN, Infinity or a stack trace).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/main';

const json = (argv: string[]) => {
  const r = run(argv);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
};
const fails = (argv: string[], pattern: RegExp) => {
  const r = run(argv);
  assert.equal(r.code, 2, `expected exit 2 for ${argv.join(' ')}, got ${r.code}: ${r.stdout}`);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr.split('\n').length, 1, 'one line');
  assert.match(r.stderr, pattern);
  assert.doesNotMatch(r.stderr, /\bat .*\(.*:\d+:\d+\)|NaN|Infinity/);
};

test('predict reproduces the law test vectors (docs/laws.md#kaplan-test-vectors, docs/laws.md#chinchilla-test-vectors, docs/laws.md#data-constrained-law-muennighoff-2023)', () => {
  assert.equal(json(['predict', '--params', '70B', '--tokens', '1.4T', '--json']).loss.toFixed(4), '1.9739');
  assert.equal(json(['predict', '--params', '70e9', '--tokens', '1.4e12', '--law', 'chinchilla-2022', '--json']).loss.toFixed(4), '1.9366');
  assert.equal(json(['predict', '--params', '280B', '--tokens', '300B', '--law', 'chinchilla-2022-tex', '--json']).loss.toFixed(4), '1.9672');
  assert.equal(json(['predict', '--params', '1e9', '--tokens', '1e10', '--law', 'kaplan-2020', '--json']).loss.toFixed(4), '2.4197');
  const m = json(['predict', '--params', '6.34e9', '--tokens', '242B', '--unique-tokens', '25B', '--law', 'muennighoff-2023', '--json']);
  assert.equal(m.loss.toFixed(10), (2.2256440889984477).toFixed(10));
  assert.deepEqual(Object.keys(m).slice(0, 4), ['law', 'params', 'tokens', 'uniqueTokens']);
});

test('predict with --gpu adds FLOPs (PaLM convention, as estimate), GPU-hours, wall clock, cost and MFU', () => {
  const r = json(['predict', '--params', '124M', '--tokens', '10B', '--gpu', 'A100-80GB', '--gpus', '8', '--mfu', '0.5', '--price', '2', '--json']);
  // PaLM App. B: 6·N_matmul + 12·L·H·Q·T; N_matmul = N minus the (untied) input embedding table.
  const s = r.assumedShape;
  assert.equal(r.flopsConvention, 'palm');
  assert.equal(r.flops, (6 * (124e6 - s.vocab * s.dModel) + 12 * s.layers * s.heads * s.headDim * s.seqLen) * 10e9);
  assert.equal(r.sixND, 6 * 124e6 * 10e9);
  const hours = r.flops / (312e12 * 0.5) / 3600;
  assert.ok(Math.abs(r.gpuHours - hours) < 1e-9);
  assert.ok(Math.abs(r.wallClockHours - hours / 8) < 1e-9);
  assert.ok(Math.abs(r.costUsd - hours * 2) < 1e-9);
  assert.equal(r.mfu, 0.5);
  // A GPU with no public price: cost is null, not 0.
  assert.equal(json(['predict', '--params', '1B', '--tokens', '20B', '--gpu', 'H200', '--json']).costUsd, null);
});

test('optimal reproduces the frontier vectors and answers hardware budgets', () => {
  const o = json(['optimal', '--flops', '5.88e23', '--json']);
  assert.deepEqual(Object.keys(o).slice(0, 5), ['law', 'flops', 'params', 'tokens', 'loss']);
  assert.equal(Number(o.params.toPrecision(3)), 7.3e10);
  assert.equal(Number(o.tokens.toPrecision(3)), 1.34e12);
  const k = json(['optimal', '--flops', '1e21', '--law', 'kaplan-2020', '--json']);
  assert.equal(Number(k.params.toPrecision(3)), 7.77e9);
  // One loss function per answer: the Table 6 optimum is priced with Eq. 1.5 like its alternatives.
  const c = 1e21 / 8.64e19;
  const nOpt = 1.3e9 * c ** 0.73;
  const dOpt = 2e10 * c ** 0.27;
  assert.equal(k.loss, ((6.4e13 / nOpt) ** (0.076 / 0.103) + 1.8e13 / dOpt) ** 0.103);
  const g = json(['optimal', '--gpu', 'H100-SXM', '--gpus', '64', '--days', '14', '--mfu', '0.4', '--json']);
  assert.ok(Math.abs(g.flops - 64 * 14 * 24 * 3600 * 989.4e12 * 0.4) < 1e9);
  assert.ok(Math.abs(6 * g.params * g.tokens - g.flops) / g.flops < 1e-12);
  const d = json(['optimal', '--flops', '1e22', '--law', 'muennighoff-2023', '--unique-tokens', '25B', '--json']);
  assert.equal(d.dataConstrained.epochs.toFixed(1), '9.5');
});

test('laws and gpus list the catalogs, in JSON and as tables', () => {
  const laws = json(['laws', '--json']);
  assert.deepEqual(laws.map((l: { id: string }) => l.id).sort(), ['chinchilla-2022', 'chinchilla-2022-tex', 'epoch-2024', 'kaplan-2020', 'muennighoff-2023']);
  assert.equal(laws.find((l: { default: boolean }) => l.default).id, 'epoch-2024');
  const gpus = json(['gpus', '--json']);
  assert.equal(gpus.find((g: { id: string }) => g.id === 'H100-SXM').peakTflops.bf16, 989.4);
  assert.match(run(['gpus']).stdout, /A100-80GB\s+312/);
  assert.match(run(['laws']).stdout, /kaplan-2020.*\n.*citation/);
});

test('bad input: one line on stderr, exit 2', () => {
  fails(['predict', '--params', '1e9', '--tokens', '0'], /tokens must be greater than 0/);
  fails(['predict', '--params', 'abc', '--tokens', '1e9'], /not a number/);
  fails(['predict', '--params', '1e9'], /--tokens is required/);
  fails(['predict', '--params', '1e9', '--tokens', '1e10', '--law', 'nope'], /unknown law "nope"/);
  fails(['predict', '--params', '1e9', '--tokens', '1e10', '--gpu', 'Z80'], /unknown GPU "Z80"/);
  fails(['predict', '--params', '1e9', '--tokens', '1e10', '--gpus', '8'], /--gpus needs --gpu/);
  fails(['predict', '--params', '1e308', '--tokens', '1e308', '--bogus'], /Unknown option/);
  fails(['predict', '--params', '1e999', '--tokens', '1e10'], /not a number/);
  fails(['optimal', '--gpu', 'H100', '--gpus', '0', '--days', '14'], /at least 1/);
  fails(['optimal', '--gpu', 'H100', '--gpus', '8', '--days', '-1'], /days must be greater than 0/);
  fails(['optimal', '--gpu', 'H100', '--gpus', '8', '--days', '3', '--mfu', '1.5'], /--mfu must be/);
  fails(['optimal'], /give a budget/);
  fails(['frobnicate'], /unknown command/);
  fails(['estimate', 'no/such/file.yaml'], /no such file/);
});

test('extreme but valid numbers never print NaN or Infinity: an answer with warnings, or one line and exit 2', () => {
  for (const [p, t] of [
    ['1', '1'],
    ['1e15', '1e15'],
    ['7M', '1e18'],
    ['1e30', '1e12'],
  ] as Array<[string, string]>) {
    const r = run(['predict', '--params', p, '--tokens', t, '--gpu', 'B200', '--json']);
    assert.ok(r.code === 0 || r.code === 2, r.stderr);
    if (r.code === 0) assert.ok(JSON.parse(r.stdout).warnings.length > 0, `${p} × ${t} is outside every fitted range`);
    else assert.equal(r.stderr.split('\n').length, 1);
    assert.doesNotMatch(r.stdout + r.stderr, /NaN|Infinity/);
  }
});

test(
  'the built bin runs with a shebang and exits 2 on bad input',
  { skip: !existsSync(join(__dirname, '../../dist/cli.js')) && 'dist/cli.js not built' },
  () => {
    const cli = join(__dirname, '../../dist/cli.js');
    const ok = spawnSync(cli, ['predict', '--params', '70B', '--tokens', '1.4T', '--json'], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).loss.toFixed(4), '1.9739');
    const bad = spawnSync(cli, ['predict', '--params', '-5', '--tokens', '1e9'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.equal(bad.stderr.trim().split('\n').length, 1);
  },
);

test('a 30 MB file is refused without being read; an alias bomb is estimated or refused in bounded time', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scaling-lens-cli-'));
  try {
    const big = join(dir, 'big.yaml');
    writeFileSync(big, 'num_layers: 2\n'.repeat(2_200_000)); // ~30 MB
    fails(['estimate', big], /big\.yaml: 30\.8 MB is too large for a training config \(limit 8 MB\); not read/);
    const bomb = join(dir, 'bomb.yml');
    const levels = Array.from({ length: 20 }, (_, k) => `l${k + 1}: &l${k + 1} [*l${k}, *l${k}, *l${k}, *l${k}]`);
    writeFileSync(
      bomb,
      [
        'l0: &l0 [x, x, x, x]',
        ...levels,
        'num_layers: 2',
        'train_iters: 10',
        'hidden_size: 64',
        'num_attention_heads: 4',
        'seq_length: 128',
        'train_micro_batch_size_per_gpu: 1',
      ].join('\n'),
    );
    const r = run(['estimate', bomb, '--gpus', '1', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).tokens, 10 * 128);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
