// The budget calculator's pure answer (core/budgetReport.ts): what 64 H100s for two weeks,
// $50k or 1e23 FLOPs buy, values validated as typed, impossible budgets refused in words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  budgetReport,
  checkBudgetInput,
  findLaw,
  flopsForOptimalParams,
  MIN_SENSIBLE_PARAMS,
  parseBudgetField,
  parseBudgetInput,
  type BudgetInput,
  type BudgetReport,
} from '../../src/core/index';

const ok = (input: BudgetInput): BudgetReport => {
  const r = budgetReport(input);
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.report;
};
const refused = (input: BudgetInput): string => {
  const r = budgetReport(input);
  assert.ok(!r.ok, 'refused');
  return r.message;
};

test('64 H100-SXM × 14 days at a given 40% MFU: 21,504 GPU-h = 3.06e22 FLOPs -> 16.1B parameters on 318B tokens (epoch-2024)', () => {
  const r = ok({ kind: 'gpu-time', gpu: 'H100-SXM', gpus: 64, days: 14, mfu: 0.4 });
  assert.equal(r.gpuHours, 64 * 14 * 24);
  assert.equal(r.flops, 21504 * 3600 * 989.4e12 * 0.4);
  assert.equal(r.hardware.mfu, 0.4);
  assert.equal(r.hardware.mfuSource, 'given', 'a typed MFU wins over the model');
  assert.match(r.hardware.mfuBasis, /^given \(the throughput model predicts \d+% for this shape\)$/);
  assert.equal(r.wallClockHours, 14 * 24);
  assert.equal(r.costUsd, 21504 * 3.5, 'catalog price $3.50/GPU-h');
  assert.equal(r.budgetText, '64 × H100-SXM × 14 days');
  // Eq. 4 frontier of the Besiroglu constants: N = G·(C/6)^a, D = C/(6N).
  assert.equal(Number(r.optimal.params.toPrecision(4)), 1.606e10);
  assert.equal(Number(r.optimal.tokens.toPrecision(4)), 3.18e11);
  assert.ok(Math.abs((6 * r.optimal.params * r.optimal.tokens) / r.flops - 1) < 1e-12);
  assert.equal(r.optimal.loss.toFixed(4), '2.0825');
  assert.equal(r.optimal.tokensPerParam.toFixed(1), '19.8');
  // Same compute on 1/2, 1/4, 1/8 of the size: 4×, 16×, 64× the tokens per parameter, losses higher.
  assert.deepEqual(
    r.alternatives.map((a) => a.id),
    ['1/2', '1/4', '1/8'],
  );
  assert.deepEqual(
    r.alternatives.map((a) => a.penalty!.toFixed(4)),
    ['0.0081', '0.0328', '0.0754'],
  );
  for (const a of r.alternatives) assert.ok(Math.abs((6 * a.params * a.tokens) / r.flops - 1) < 1e-12);
  assert.equal(r.dataConstrained, null);
  // Kaplan Eq. 1.4 at the optimum's Kaplan loss; DeepSeek LLM's batch and learning rate for C.
  assert.equal(Number(r.criticalBatchTokens.toPrecision(3)), 9.4e6);
  assert.equal(r.deepseek.batchTokens, 0.292 * r.flops ** 0.3271);
  assert.equal(r.deepseek.learningRate, 0.3118 * r.flops ** -0.125);
  assert.equal(r.deepseek.learningRate.toExponential(2), '4.82e-4');
});

test('dollars and raw FLOPs budgets; a unique-token limit adds the data-constrained answer', () => {
  const d = ok({ kind: 'dollars', gpu: 'A100-80GB', gpus: 8, usd: 50_000, mfu: 0.42 });
  assert.equal(d.gpuHours, 50_000 / 1.75);
  assert.equal(d.flops, (50_000 / 1.75) * 3600 * 312e12 * 0.42);
  assert.equal(d.costUsd, 50_000);
  assert.equal(d.wallClockHours, 50_000 / 1.75 / 8);
  assert.equal(d.budgetText, '$50,000 on A100-80GB at $1.75/GPU-h');

  const f = ok({ kind: 'flops', gpu: 'H100-SXM', gpus: 8, flops: 1e23, uniqueTokens: 1e11, mfu: 0.4 });
  assert.equal(f.flops, 1e23);
  assert.equal(f.gpuHours, 1e23 / (989.4e12 * 0.4) / 3600);
  assert.equal(Number(f.optimal.params.toPrecision(3)), 2.94e10);
  const dc = f.dataConstrained!;
  assert.equal(dc.uniqueTokens, 1e11);
  assert.ok(dc.epochs > 1 && dc.repetitionCost > 0 && dc.penalty === dc.repetitionCost);
  assert.ok(Math.abs((6 * dc.params * dc.tokens) / 1e23 - 1) < 1e-9);
  assert.ok(
    f.notes.some((n) => /Extrapolating epoch-2024/.test(n)),
    '29B parameters is beyond the fitted range',
  );

  // Muennighoff README vector (docs/laws.md#data-constrained-law-muennighoff-2023): 1e22 FLOPs with 25B unique tokens -> 9.49 epochs.
  const m = ok({ kind: 'flops', gpu: 'H100-SXM', gpus: 8, flops: 1e22, uniqueTokens: 25e9, law: 'muennighoff-2023' });
  assert.equal(m.dataConstrained!.epochs.toFixed(2), '9.49');
});

test('kaplan-2020: Table 6 allocation, non-embedding N, alternatives priced with its own L(N, D)', () => {
  const k = ok({ kind: 'flops', gpu: 'H100-SXM', gpus: 8, flops: 1e21, law: 'kaplan-2020' });
  assert.equal(k.law.paramsKind, 'nonEmbedding');
  assert.equal(Number(k.optimal.params.toPrecision(3)), 7.77e9, 'docs/laws.md#kaplan-test-vectors');
  const law = findLaw('kaplan-2020')!;
  const base = law.predict(k.optimal.params, k.optimal.tokens);
  assert.equal(k.optimal.loss, base, "the optimum's loss is Eq. 1.5 too, not L(C_min)");
  for (const a of k.alternatives) {
    assert.equal(a.params * a.tokens, k.optimal.params * k.optimal.tokens, 'same N·D as the optimum');
    assert.equal(a.penalty, law.predict(a.params, a.tokens) - base);
  }
  assert.ok(k.notes.some((n) => /separate fits/.test(n) && /1\.81 × the budget/.test(n) && /L\(C_min\) \(Eq\. 1\.3\) gives 2\.3518/.test(n)));
});

test('values are validated as typed, with a message that says what is wrong', () => {
  assert.deepEqual(parseBudgetField('gpus', '64'), { value: 64 });
  assert.deepEqual(parseBudgetField('gpus', '1k'), { value: 1000 });
  assert.match(parseBudgetField('gpus', '0').error!, /GPU count must be a whole number of at least 1 \(got 0\)/);
  assert.match(parseBudgetField('gpus', '2.5').error!, /whole number/);
  assert.match(parseBudgetField('gpus', 'many').error!, /"many" is not a number/);
  assert.match(parseBudgetField('gpus', '').error!, /required/);
  assert.deepEqual(parseBudgetField('days', '14'), { value: 14 });
  assert.deepEqual(parseBudgetField('days', '2.5 days'), { value: 2.5 });
  assert.match(parseBudgetField('days', '-1').error!, /Days must be greater than 0 \(got -1\)/);
  assert.match(parseBudgetField('days', '0').error!, /greater than 0/);
  assert.deepEqual(parseBudgetField('usd', '$50k'), { value: 50_000 });
  assert.deepEqual(parseBudgetField('usd', '50,000'), { value: 50_000 });
  assert.deepEqual(parseBudgetField('price', '$2.50'), { value: 2.5 });
  assert.deepEqual(parseBudgetField('flops', '1e23'), { value: 1e23 });
  assert.deepEqual(parseBudgetField('mfu', '0.4'), { value: 0.4 });
  assert.deepEqual(parseBudgetField('mfu', '40%'), { value: 0.4 });
  assert.deepEqual(parseBudgetField('mfu', '45'), { value: 0.45 });
  assert.match(parseBudgetField('mfu', '150%').error!, /MFU must be a fraction in \(0, 1\]/);
  assert.deepEqual(parseBudgetField('uniqueTokens', '', true), {});
  assert.deepEqual(parseBudgetField('uniqueTokens', '25B', true), { value: 25e9 });
});

test('impossible budgets get a clear message: zero GPUs, negative days, no price, unknown GPU or law', () => {
  assert.match(refused({ kind: 'gpu-time', gpu: 'H100-SXM', gpus: 0, days: 14 }), /GPU count must be a whole number of at least 1 \(got 0\)/);
  assert.match(refused({ kind: 'gpu-time', gpu: 'H100-SXM', gpus: 64, days: -3 }), /Days must be greater than 0 \(got -3\)/);
  assert.match(refused({ kind: 'dollars', gpu: 'H200', gpus: 8, usd: 1000 }), /no public price for H200/);
  assert.match(refused({ kind: 'dollars', gpu: 'H100-SXM', gpus: 8, usd: -5 }), /Dollars must be greater than 0/);
  assert.match(refused({ kind: 'flops', gpu: 'H100-SXM', gpus: 8, flops: 0 }), /FLOPs must be greater than 0/);
  assert.match(refused({ kind: 'flops', gpu: 'Z80', gpus: 8, flops: 1e20 }), /unknown GPU "Z80"/);
  assert.match(refused({ kind: 'flops', gpu: 'H100', gpus: 8, flops: 1e20, law: 'nope' }), /unknown law "nope"/);
  assert.match(refused({ kind: 'gpu-time', gpu: 'H100', gpus: 8, days: 1, mfu: 1.5 }), /MFU must be in \(0, 1\]/);
  assert.equal(checkBudgetInput({ kind: 'gpu-time', gpu: 'h100', gpus: 8, days: 1 }), null, 'aliases are accepted');
});

test('JSON from outside is parsed once into a budget of one kind, or refused with the field that is wrong', () => {
  assert.deepEqual(parseBudgetInput({ kind: 'gpu-time', gpu: 'H100', gpus: 8 }), { ok: false, message: 'Days is required for a gpu-time budget' });
  assert.deepEqual(parseBudgetInput({ kind: 'dollars', gpu: 'H100', gpus: 8, days: 3 }), { ok: false, message: 'Dollars is required for a dollars budget' });
  assert.deepEqual(parseBudgetInput({ kind: 'weeks', gpu: 'H100', gpus: 8 }), {
    ok: false,
    message: 'unknown budget kind "weeks" (gpu-time, dollars or flops)',
  });
  assert.deepEqual(parseBudgetInput({ kind: 'flops', gpu: 'H100', gpus: 8, flops: '1e23' }), {
    ok: false,
    message: 'FLOPs must be a finite number (got 1e23)',
  });
  assert.deepEqual(parseBudgetInput({ kind: 'flops', gpu: 'H100', gpus: 8, flops: 1e23, mfu: Number.NaN }), {
    ok: false,
    message: 'MFU must be a finite number (got NaN)',
  });
  assert.deepEqual(parseBudgetInput({ kind: 'flops', gpus: 8, flops: 1e23 }), {
    ok: false,
    message: 'unknown GPU "undefined" (the catalog: `scaling-lens gpus`)',
  });
  assert.equal(parseBudgetInput(null).ok, false);
  assert.equal(parseBudgetInput([1]).ok, false);
  // The other kinds' amounts and unknown keys are dropped; null optionals are left out.
  assert.deepEqual(
    parseBudgetInput({ kind: 'gpu-time', gpu: 'H100', gpus: 8, days: 14, usd: 5, flops: 1e20, mfu: null, price: 2, law: 'chinchilla-2022', extra: 1 }),
    {
      ok: true,
      input: { kind: 'gpu-time', gpu: 'H100', gpus: 8, days: 14, price: 2, law: 'chinchilla-2022' },
    },
  );
});

test('budgets below the smallest sensible model: refused with the smallest budget that clears the 1M floor', () => {
  const law = findLaw('epoch-2024')!;
  const floor = flopsForOptimalParams(law, MIN_SENSIBLE_PARAMS);
  assert.ok(Math.abs(law.optimal(floor).params / MIN_SENSIBLE_PARAMS - 1) < 1e-6);
  assert.equal(floor.toExponential(1), '1.9e+14');
  const message = refused({ kind: 'flops', gpu: 'H100-SXM', gpus: 1, flops: 1e13 });
  assert.match(
    message,
    /^1\.0e13 FLOPs is below the smallest sensible model: its compute-optimal model under epoch-2024 would have 220K parameters, under the 1M floor\. The smallest budget that clears it is 1\.9e14 FLOPs \(0\.48 seconds of one H100-SXM at 40% MFU\)\.$/,
  );
  // A tenth of an H100-second is below it; one H100-second is not.
  assert.match(
    refused({ kind: 'gpu-time', gpu: 'H100-SXM', gpus: 1, days: 0.1 / 86400 }),
    /^1 × H100-SXM × 0\.1 seconds \(4\.0e13 FLOPs\) is below the smallest sensible model/,
  );
  assert.equal(ok({ kind: 'gpu-time', gpu: 'H100-SXM', gpus: 1, days: 1 / 86400 }).budgetText, '1 × H100-SXM × 1 second');
});
