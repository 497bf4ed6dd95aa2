// Forecasting a running job: training-log readers (generic CSV/JSONL, TensorBoard and W&B
// exports, Hugging Face trainer_state.json) and the learning-curve fit on synthetic logs with
// warmup, noise and spikes, whose true end loss is known.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createRng,
  curveOf,
  fitLearningCurve,
  FitInputError,
  fitLogText,
  forecastCurve,
  forecastLoss,
  forecastWarnings,
  parseTrainingLog,
} from '../../src/core/index';

const TOKENS_PER_STEP = 524288;
const truth = (t: number) => 2.2 + 1.2e3 * t ** -0.3;

/** A log of `steps` steps: warmup from ln(vocab), 2% lognormal noise, rare spikes. */
function syntheticLog(steps: number, seed: number, noise = 0.02): Array<{ step: number; tokens: number; loss: number }> {
  const rng = createRng(seed);
  const out = [];
  for (let s = 1; s <= steps; s++) {
    const t = s * TOKENS_PER_STEP;
    let loss = truth(t);
    if (s < 300) loss += (10.8 - loss) * (1 - s / 300) ** 2;
    loss *= Math.exp(noise * rng.normal());
    if (rng.next() < 0.001) loss *= 1.3;
    out.push({ step: s, tokens: t, loss });
  }
  return out;
}

test('TensorBoard scalar CSV export: Wall time, Step, Value', () => {
  const log = parseTrainingLog('Wall time,Step,Value\n1700000000.1,10,5.5\n1700000001.2,20,5.1\n');
  assert.equal(log.format, 'tensorboard');
  assert.deepEqual(log.columns, { step: 'Step', tokens: null, loss: 'Value' });
  assert.deepEqual(
    log.points.map((p) => [p.step, p.loss, p.line]),
    [
      [10, 5.5, 2],
      [20, 5.1, 3],
    ],
  );
  const c = curveOf(log);
  assert.equal(c.unit, 'steps');
  assert.equal(curveOf(log, 1000).unit, 'tokens');
  assert.deepEqual(curveOf(log, 1000).points[0], { x: 10000, loss: 5.5 });
  assert.throws(() => curveOf(log, 0), /tokens per step must be greater than 0/);
});

test('W&B chart export: Step, "<run> - train/loss" with __MIN/__MAX, sparse cells', () => {
  const text = [
    '"Step","run-a - train/loss","run-a - train/loss__MIN","run-a - train/loss__MAX","run-b - train/loss","run-b - train/loss__MIN","run-b - train/loss__MAX"',
    '1,"","","","","",""',
    '10,"4.5","4.4","4.6","4.7","4.6","4.8"',
    '20,"4.1","4.0","4.2","4.3","4.2","4.4"',
  ].join('\r\n');
  const log = parseTrainingLog(text);
  assert.equal(log.format, 'wandb');
  assert.equal(log.columns.loss, 'run-a - train/loss');
  assert.deepEqual(
    log.points.map((p) => p.loss),
    [4.5, 4.1],
  );
  assert.equal(log.skipped, 1);
  assert.ok(log.warnings.some((w) => /2 runs with train\/loss; using "run-a - train\/loss"/.test(w)));
  assert.match(log.lossUnit, /"train\/loss" as logged/);
  assert.deepEqual(
    parseTrainingLog(text, { lossColumn: 'run-b - train/loss' }).points.map((p) => p.loss),
    [4.7, 4.3],
  );
});

test('generic CSV and JSON Lines: step/tokens/loss aliases; the loss scale and aux losses are not the loss', () => {
  const csv = parseTrainingLog('iter,loss_scale,aux_loss,train/loss,lr\n100,65536,0.01,3.2,3e-4\n200,65536,0.01,3.0,3e-4\n');
  assert.equal(csv.columns.loss, 'train/loss');
  assert.equal(csv.columns.step, 'iter');
  const jsonl = parseTrainingLog(
    '{"step": 1, "loss": 9.1, "num_input_tokens_seen": 4096}\n{"step": 1, "eval_loss": 8.0}\n{"step": 2, "loss": 8.2, "num_input_tokens_seen": 8192}\n',
  );
  assert.equal(jsonl.format, 'jsonl');
  assert.deepEqual(jsonl.columns, { step: 'step', tokens: 'num_input_tokens_seen', loss: 'loss' });
  assert.deepEqual(
    jsonl.points.map((p) => p.tokens),
    [4096, 8192],
  );
  assert.equal(jsonl.skipped, 1);
  assert.equal(curveOf(jsonl).unit, 'tokens');
  // Hugging Face trainer_state.json: its log_history.
  const hf = parseTrainingLog(
    JSON.stringify({
      best_metric: null,
      log_history: [
        { epoch: 0.1, learning_rate: 1e-4, loss: 3.5, step: 10 },
        { epoch: 0.2, eval_loss: 3.3, step: 20 },
        { epoch: 0.2, loss: 3.2, step: 20 },
      ],
    }),
  );
  assert.deepEqual(
    hf.points.map((p) => [p.step, p.loss]),
    [
      [10, 3.5],
      [20, 3.2],
    ],
  );
  const bpb = parseTrainingLog('step,val_bpb\n100,1.1\n');
  assert.match(bpb.lossUnit, /^bits per byte/);
});

test('NaN losses are left out with a warning; bad logs get a clear message', () => {
  const log = parseTrainingLog('step,loss\n1,9.0\n2,nan\n3,inf\n4,7.5\n');
  assert.equal(log.points.length, 2);
  assert.deepEqual(log.warnings, ['2 rows have a non-finite loss (nan, inf) (lines 3, 4): left out; the run may have diverged']);
  assert.throws(() => parseTrainingLog('step,lr\n1,3e-4\n'), /no loss column in the log .*columns: step, lr/);
  assert.throws(() => parseTrainingLog('wall,loss\n1,3\n'), /no step or tokens column/);
  assert.throws(() => parseTrainingLog('step,loss\n1,nan\n'), /no usable rows/);
  assert.throws(() => parseTrainingLog('step,loss\n1,3.0\n2,oops\n'), /^FitInputError: line 3: loss "oops"/);
  assert.throws(
    () =>
      fitLearningCurve([
        { x: 1, loss: 3 },
        { x: 2, loss: 2.9 },
      ]),
    /only \d+ logged points? after the first/,
  );
  assert.throws(() => fitLearningCurve([]), FitInputError);
  const flat = Array.from({ length: 50 }, (_, i) => ({ x: 1000 + i, loss: 3 }));
  assert.throws(() => fitLearningCurve(flat, { skipFraction: 0 }), /spans only 1K tokens to 1.05K tokens/);
});

test('forecast from 30% of a noisy log with warmup and spikes lands within 1.5% of the true end loss, inside its band', () => {
  const end = 20000 * TOKENS_PER_STEP;
  const errors: number[] = [];
  let covered = 0;
  for (const seed of [1, 2, 3, 4, 5]) {
    const log = syntheticLog(6000, seed);
    const fit = fitLearningCurve(log.map((p) => ({ x: p.tokens, loss: p.loss })));
    const f = forecastLoss(fit, end);
    const exact = truth(end);
    errors.push((f.loss - exact) / exact);
    if (f.low! <= exact && exact <= f.high!) covered++;
    assert.ok(Math.abs(f.loss - exact) / exact < 0.015, `seed ${seed}: ${f.loss} vs ${exact}`);
    assert.ok(f.low! < f.loss && f.loss < f.high!);
    assert.ok(Math.abs(f.extrapolation - 20000 / 6000) < 1e-9);
    assert.equal(fit.bins.length, 100);
    assert.equal(fit.skippedBefore, 600 * TOKENS_PER_STEP);
  }
  assert.ok(covered >= 4, `the 95% band covered the truth ${covered} of 5 times (errors ${errors.map((e) => (e * 100).toFixed(2)).join(', ')}%)`);
});

test('the further the log goes, the better the forecast; the band narrows', () => {
  const end = 20000 * TOKENS_PER_STEP;
  const full = syntheticLog(12000, 9);
  const at = (steps: number) => forecastLoss(fitLearningCurve(full.slice(0, steps).map((p) => ({ x: p.tokens, loss: p.loss }))), end);
  const early = at(3000);
  const late = at(12000);
  assert.ok(late.high! - late.low! < early.high! - early.low!);
  assert.ok(Math.abs(late.loss - truth(end)) / truth(end) < 0.005, `${late.loss} vs ${truth(end)}`);
});

test('steps-only logs fit in steps; curves, warnings and determinism for the panel', () => {
  const log = syntheticLog(4000, 4).map((p) => ({ x: p.step, loss: p.loss }));
  const fit = fitLearningCurve(log, { unit: 'steps', bootstrap: { resamples: 50, seed: 3 } });
  assert.equal(fit.unit, 'steps');
  // The same curve in steps: A absorbs the tokens-per-step factor, α and E do not change.
  const tokensFit = fitLearningCurve(
    syntheticLog(4000, 4).map((p) => ({ x: p.tokens, loss: p.loss })),
    { bootstrap: { resamples: 0 } },
  );
  assert.ok(Math.abs(fit.law.alpha - tokensFit.law.alpha) < 1e-4 && Math.abs(fit.law.E - tokensFit.law.E) < 1e-3);
  assert.equal(tokensFit.bootstrap, null);
  assert.equal(forecastLoss(tokensFit, 1e10).low, null);
  const curve = forecastCurve(fit, [4000, 8000, 20000]);
  assert.ok(curve[0]!.loss > curve[1]!.loss && curve[1]!.loss > curve[2]!.loss);
  assert.deepEqual(fitLearningCurve(log, { unit: 'steps', bootstrap: { resamples: 50, seed: 3 } }), fit);
  assert.deepEqual(JSON.parse(JSON.stringify(fit)), fit);
  assert.ok(forecastWarnings(fit, 200000).some((w) => /50× beyond/.test(w)));
  assert.ok(forecastWarnings(fit, 8000).some((w) => /learning-rate schedule/.test(w)));
  assert.ok(forecastWarnings(fit, 1000).some((w) => /inside the log/.test(w)));
});

test('a curve that bends down at the end (LR decay) is flagged', () => {
  const log = syntheticLog(6000, 6, 0.005).map((p, i) => ({ x: p.tokens, loss: i > 5000 ? p.loss * (1 - 0.06 * ((i - 5000) / 1000)) : p.loss }));
  const fit = fitLearningCurve(log);
  assert.ok(
    fit.warnings.some((w) => /latest \d+ bins lie below the fitted curve/.test(w)),
    fit.warnings.join('; '),
  );
});

test('fitLogText: a log file to a fitted curve; tokens per step from the log or the option', () => {
  const rows = syntheticLog(3000, 12);
  const withTokens = fitLogText(['step,tokens,loss', ...rows.map((p) => `${p.step},${p.tokens},${p.loss}`)].join('\n'), {
    tokensPerStep: 7,
    bootstrap: { resamples: 0 },
  });
  assert.equal(withTokens.fit.unit, 'tokens');
  assert.equal(withTokens.tokensPerStep, TOKENS_PER_STEP);
  assert.ok(withTokens.notes.some((n) => /the given tokens per step are not used/.test(n)));
  const stepsOnly = ['Wall time,Step,Value', ...rows.map((p) => `1.7e9,${p.step},${p.loss}`)].join('\n');
  const inTokens = fitLogText(stepsOnly, { tokensPerStep: TOKENS_PER_STEP, bootstrap: { resamples: 0 } });
  assert.equal(inTokens.fit.unit, 'tokens');
  assert.ok(Math.abs(inTokens.fit.law.alpha - withTokens.fit.law.alpha) < 1e-9);
  const inSteps = fitLogText(stepsOnly, { bootstrap: { resamples: 0 } });
  assert.equal(inSteps.fit.unit, 'steps');
  assert.equal(inSteps.tokensPerStep, null);
  const nanRow = fitLogText(['step,loss', ...rows.map((p) => `${p.step},${p.loss}`), '3001,nan'].join('\n'), { bootstrap: { resamples: 0 } });
  assert.match(nanRow.fit.warnings[0]!, /non-finite loss/);
});
