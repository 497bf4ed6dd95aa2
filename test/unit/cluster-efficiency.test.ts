// The cluster efficiency (share of a whole run's GPU-hours spent in training steps) is stated
// and adjustable: built in at 0.9 with its evidence, replaced by the directive
// `cluster-efficiency=`, the --cluster-efficiency flag or the scalingLens.clusterEfficiency
// setting; whole-run GPU-hours scale with 1 / efficiency, and a bad value is a problem on its range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyze } from '../../src/configs/analyze';
import { readDirectives } from '../../src/configs/shared/directive';
import { run } from '../../src/cli/main';
import { CLUSTER_EFFICIENCY } from '../../src/core/throughput/index';
import { fixture } from './reader-helpers';

const HF = join(__dirname, '..', 'fixtures', 'hf-config', 'tinyllama', 'config.json');

const hoursOf = (text: string, ctx = {}) => {
  const a = analyze(text, 'pythia-410m.yml', { ctx });
  assert.ok(a.ok);
  return a.estimate;
};

test('built in: 0.9 with its evidence, listed as an assumption that says how to set yours', () => {
  const e = hoursOf(fixture('gpt-neox/pythia-410m.yml'));
  assert.equal(e.throughput?.clusterEfficiency, CLUSTER_EFFICIENCY.value);
  const a = e.assumptions.find((x) => x.field === 'clusterEfficiency');
  assert.match(a?.note ?? '', /Llama 3 .*cluster-efficiency=/);
});

test('the directive replaces it: GPU-hours scale by 0.9 / 0.75, and the assumption names the directive', () => {
  const text = fixture('gpt-neox/pythia-410m.yml');
  const base = hoursOf(text);
  const mine = hoursOf(`# scaling-lens: cluster-efficiency=75%\n${text}`);
  assert.equal(mine.throughput?.clusterEfficiency, 0.75);
  assert.ok(Math.abs(mine.gpuHours! / base.gpuHours! - 0.9 / 0.75) < 1e-12);
  assert.equal(mine.throughput?.tokensPerSecPerGpu, base.throughput?.tokensPerSecPerGpu);
  assert.match(mine.assumptions.find((x) => x.field === 'clusterEfficiency')?.note ?? '', /cluster-efficiency=75%/);
  // The setting applies when the file says nothing; the file's directive wins over it.
  assert.equal(hoursOf(text, { defaults: { clusterEfficiency: 0.8 } }).throughput?.clusterEfficiency, 0.8);
  assert.equal(hoursOf(`# scaling-lens: cluster-efficiency=0.7\n${text}`, { defaults: { clusterEfficiency: 0.8 } }).throughput?.clusterEfficiency, 0.7);
});

test('a bad cluster-efficiency is a problem on its range', () => {
  for (const bad of ['0', 'abc', '-0.5', '250%']) {
    const { directive, problems } = readDirectives(`# scaling-lens: cluster-efficiency=${bad}\n`);
    assert.equal(directive.clusterEfficiency, undefined, bad);
    assert.equal(problems.length, 1, bad);
    assert.match(problems[0]!.message, /cluster-efficiency must be a fraction in \(0, 1\] or a percentage/);
    assert.equal(problems[0]!.range?.startCol, '# scaling-lens: '.length);
  }
});

test('CLI: --cluster-efficiency on estimate and predict; a bad value is one line and exit 2', () => {
  const est = (...flags: string[]) => {
    const r = run(['estimate', HF, '--gpus', '8', '--global-batch', '512', ...flags, '--json']);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout)[0] ?? JSON.parse(r.stdout);
  };
  assert.equal(est('--cluster-efficiency', '0.6').throughput.clusterEfficiency, 0.6);
  const p = (...flags: string[]) => run(['predict', '--params', '1B', '--tokens', '20B', ...flags, '--json']);
  const at = (x: string) => JSON.parse(p('--gpu', 'H100-SXM', '--cluster-efficiency', x).stdout);
  assert.ok(Math.abs(at('0.5').gpuHours / at('1').gpuHours - 2) < 1e-9);
  const bad = run(['estimate', HF, '--cluster-efficiency', '1.5x']);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
  assert.match(bad.stderr, /--cluster-efficiency must be a fraction/);
  const noGpu = p('--cluster-efficiency', '0.8');
  assert.equal(noGpu.code, 2);
  assert.match(noGpu.stderr, /--cluster-efficiency needs --gpu/);
});
