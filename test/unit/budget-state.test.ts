// The budget calculator's remembered answers come from globalState, written by this or an older
// version: each field is checked on the way in, never cast.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRemembered } from '../../src/commands/budget/state';
import { findWriter } from '../../src/configs/writers/index';

const known = (id: string) => findWriter(id) !== undefined;

test('remembered answers: fields of the right type are kept, the rest dropped (asked afresh)', () => {
  assert.deepEqual(
    parseRemembered(
      { kind: 'dollars', gpu: 'H100-SXM', gpus: 64, usd: 50_000, price: 2.5, priceGpu: 'H100-SXM', framework: 'litgpt', law: 'epoch-2024' },
      known,
    ),
    {
      kind: 'dollars',
      gpu: 'H100-SXM',
      gpus: 64,
      usd: 50_000,
      price: 2.5,
      priceGpu: 'H100-SXM',
      framework: 'litgpt',
      law: 'epoch-2024',
    },
  );
  assert.deepEqual(parseRemembered({ kind: 'weeks', gpus: '64', days: Number.NaN, mfu: 0.4, framework: 'keras', extra: true }, known), { mfu: 0.4 });
  assert.deepEqual(parseRemembered(undefined, known), {});
  assert.deepEqual(parseRemembered('gpu-time', known), {});
  assert.deepEqual(parseRemembered([{ kind: 'flops' }], known), {});
});
