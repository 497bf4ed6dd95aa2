// The budget calculator from the command line: `scaling-lens optimal … --config FRAMEWORK`
// prints the config the palette would insert, and budgets below the floor are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../../src/cli/main';
import { analyze } from '../../src/configs/analyze';

test('optimal --gpu H100-SXM --gpus 64 --days 14 --config litgpt prints a config the readers read back', () => {
  const r = run(['optimal', '--gpu', 'H100-SXM', '--gpus', '64', '--days', '14', '--config', 'litgpt']);
  assert.equal(r.code, 0, r.stderr);
  // No MFU given: the directive leaves it out, and the editor predicts the file's throughput from its layout.
  assert.match(r.stdout, /^# scaling-lens: gpus=64 gpu=H100-SXM price=3.5$/m);
  const a = analyze(r.stdout, 'scaling-lens-15b.yaml');
  assert.ok(a.ok);
  assert.equal(a.result.format, 'litgpt');
  assert.equal(a.estimate.params.total, 15_216_359_424);
  assert.equal(a.estimate.tokens, 301_251_780_815);
  assert.equal(a.estimate.hardware.count, 64);
  assert.equal(a.estimate.throughput?.source, 'model');
  assert.ok(a.estimate.memory!.fraction <= 0.9);
  // A given MFU wins and travels in the directive.
  const given = run(['optimal', '--gpu', 'H100-SXM', '--gpus', '64', '--days', '14', '--mfu', '0.4', '--config', 'litgpt']);
  assert.match(given.stdout, /^# scaling-lens: gpus=64 gpu=H100-SXM mfu=0.4 price=3.5$/m);
});

test('--config with --json, a point and a FLOPs budget on named hardware', () => {
  const r = run(['optimal', '--flops', '1e21', '--gpu', 'A100-40GB', '--gpus', '16', '--config', 'llm-foundry', '--point', '1/2', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.framework, 'llm-foundry');
  assert.equal(j.params, 1_380_040_640);
  assert.equal(j.tokens, j.steps * j.batchTokens);
  assert.match(j.config, /^# scaling-lens: gpus=16 gpu=A100-40GB price=2$/m);
  assert.ok(j.memory.perGpuBytes <= 0.9 * 40e9 && j.layout.microBatch >= 1);
});

test('budgets below the floor and bad --config values: one line, exit 2', () => {
  const floor = run(['optimal', '--flops', '1e13']);
  assert.equal(floor.code, 2);
  assert.equal(
    floor.stderr,
    'scaling-lens: 1.0e13 FLOPs is below the smallest sensible model: its compute-optimal model under epoch-2024 would have 220K parameters, under the 1M floor. The smallest budget that clears it is 1.9e14 FLOPs.',
  );
  assert.match(
    run(['optimal', '--flops', '1e21', '--config', 'keras']).stderr,
    /unknown --config "keras" \(nanogpt, litgpt, llm-foundry, torchtitan, hf-config\)/,
  );
  assert.match(run(['optimal', '--flops', '1e21', '--point', '1/2']).stderr, /--point needs --config/);
  assert.match(run(['optimal', '--flops', '1e15', '--config', 'nanogpt']).stderr, /nanoGPT: no sensible architecture has as few as 2\.33M parameters/);
  assert.match(run(['optimal', '--flops', '1e21', '--gpu', 'H100']).stderr, /give either --flops or a hardware budget/);
});
