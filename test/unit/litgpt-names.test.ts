// Every model name of Lightning-AI/litgpt@26857050 litgpt/config.py is in the table; the 108
// added last are checked against an independent count of litgpt's own module construction
// (test/fixtures/expected/litgpt-model-counts.json), among them Falcon 7B and phi (one norm per block,
// phi's biased head) and Gemma 2 and 3 (four norms per block, sliding windows).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { litgptReader } from '../../src/configs/readers/litgpt';
import { findLitgptModel, LITGPT_MODELS } from '../../src/configs/registry/litgpt';
import { params } from './reader-helpers';

const counts = (
  JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'expected', 'litgpt-model-counts.json'), 'utf8')) as { counts: Record<string, number> }
).counts;
const read = (name: string) => litgptReader.read(`model_name: ${name}\ntrain:\n  global_batch_size: 8\n  max_steps: 10\n`, 'pretrain.yaml', {});

test('litgpt names added from config.py@26857050: each counts exactly what litgpt builds', () => {
  const names = Object.keys(counts);
  assert.equal(names.length, 108);
  for (const name of names) {
    const r = read(name);
    assert.equal(params(r).total, counts[name], name);
    assert.equal(findLitgptModel(name)?.name, name);
  }
  assert.equal(LITGPT_MODELS.length, 210, 'every name of config.py is in the table');
});

test('litgpt sliding windows: Gemma 3 windows five blocks in six, which only the attention FLOPs see', () => {
  const g = read('Gemma-3-4b-it').plan.architecture!.value;
  assert.deepEqual(g.slidingWindow, { window: 1024, layers: 29 }); // 34 blocks, every sixth global
  assert.equal(g.blockNorms, 4);
  const phi = read('phi-2').plan.architecture!.value;
  assert.equal(phi.blockNorms, 1);
  assert.equal(phi.lmHeadBias, true);
});
