// A framework's documented default is what the run does, not a guess: the tokens/s predicted
// for a nanoGPT config (DDP only: no tensor, pipeline or context parallelism, no sharding, by
// train.py) lists those values as framework defaults and carries no assumption star; only an
// `assumed` input (here: a config that states no layout at all) stars it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nanogptReader } from '../../src/configs/readers/nanogpt';
import { estimate, type TrainingPlan } from '../../src/core/index';
import { lensDetail } from '../../src/editor/present';
import { fixture } from './reader-helpers';

const stated = <T>(value: T) => ({ value, origin: 'stated' as const, source: 'test' });
const text = fixture('nanogpt/train_gpt2.py');
const plan: TrainingPlan = { ...nanogptReader.read(text, 'train_gpt2.py', {}).plan, gpu: stated('A100-40GB'), gpuCount: stated(8) };

test('nanoGPT: tp, pp, cp and sharding are framework defaults: listed as such, no star on tokens/s', () => {
  const e = estimate(plan);
  assert.ok(e.throughput && e.throughput.source === 'model');
  const origins = Object.fromEntries(e.throughput.assumptions.map((a) => [a.field, a.origin]));
  assert.equal(origins.tp, 'default');
  assert.equal(origins.pp, 'default');
  assert.equal(origins.cp, 'default');
  assert.equal(origins.sharding, 'default');
  assert.equal(origins.dp, 'derived');
  assert.ok(!Object.values(origins).includes('assumed'), JSON.stringify(origins));
  assert.equal(
    e.assumptions.find((a) => a.field === 'throughput'),
    undefined,
  );
  const defaults = e.assumptions.find((a) => a.field === 'throughputDefaults')!;
  assert.equal(defaults.origin, 'default');
  assert.match(defaults.note, /framework's documented defaults: .*tp=1.*pp=1.*cp=1.*sharding=none/);
  assert.match(lensDetail(e), /MFU(?!\*)/);
  assert.doesNotMatch(lensDetail(e), /MFU\*/);
});

test('the same model with no run setup: the layout is assumed and tokens/s carries the star', () => {
  const { setup: _setup, ...bare } = plan;
  const e = estimate(bare);
  const t = e.assumptions.find((a) => a.field === 'throughput')!;
  assert.equal(t.origin, 'assumed');
  assert.match(t.note, /tp=1, pp=1, cp=1/);
  assert.equal(
    e.assumptions.find((a) => a.field === 'throughputDefaults'),
    undefined,
  );
  assert.match(lensDetail(e), /MFU\*/);
});
