// A missing cost says what is missing: the tokens (price known), the price (tokens known), or both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { estimateFiles } from '../../src/cli/commands/estimate';
import { analyze } from '../../src/configs/analyze';
import { costUnknownReason } from '../../src/core/index';
import { fixture, FIXTURES } from './reader-helpers';

const fixturePath = (p: string) => join(FIXTURES, p);

test('tokens unknown, price known (A100-80GB at its catalog price): the tokens are named, not the price', () => {
  const a = analyze(fixture('olmo/OLMo2-7B-stage1.yaml'), 'OLMo2-7B-stage1.yaml');
  assert.ok(a.ok);
  assert.equal(a.estimate.hardware.pricePerHour, 1.75);
  assert.equal(costUnknownReason(a.estimate), 'the training tokens are unknown');
  const { output } = estimateFiles([fixturePath('olmo/OLMo2-7B-stage1.yaml')]);
  assert.match(output, /cost\s+unknown: the training tokens are unknown\n/);
});

test('a known cost has no reason; a price set to nothing known is named with the GPU', () => {
  const text = fixture('litgpt/tinyllama.yaml');
  const a = analyze(text, 'tinyllama.yaml');
  assert.ok(a.ok && a.estimate.costUsd !== null);
  assert.equal(costUnknownReason(a.estimate), null);
  const noPrice = { ...a.estimate, costUsd: null, hardware: { ...a.estimate.hardware, pricePerHour: null } };
  assert.equal(costUnknownReason(noPrice), `no price per GPU-hour for ${a.estimate.hardware.gpu}`);
  const neither = { ...noPrice, tokens: null, gpuHours: null };
  assert.equal(costUnknownReason(neither), `the training tokens are unknown; no price per GPU-hour for ${a.estimate.hardware.gpu}`);
});
