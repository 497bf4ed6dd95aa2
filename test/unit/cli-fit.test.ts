// scaling-lens fit and forecast: the JSON the issue specifies (law, objective, points,
// intervals first; the object the editor keeps), the tables, and one-line errors with exit 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/main';
import { createRng, lawFromFit, parametricLoss, readFitResult } from '../../src/core/index';

const chinchilla = join(__dirname, '../fixtures/fit/chinchilla-fig4-runs.csv');
const dir = mkdtempSync(join(tmpdir(), 'scaling-lens-fit-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

const ok = (argv: string[]) => {
  const r = run(argv);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  return r.stdout;
};
const fails = (argv: string[], pattern: RegExp) => {
  const r = run(argv);
  assert.equal(r.code, 2, `expected exit 2 for ${argv.join(' ')}, got ${r.code}: ${r.stdout}`);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr.split('\n').length, 1, 'one line');
  assert.match(r.stderr, pattern);
  assert.doesNotMatch(r.stderr, /\bat .*\(.*:\d+:\d+\)|NaN|Infinity/);
};
const write = (name: string, text: string) => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};

test('fit --json on the Chinchilla runs: law, objective, points, intervals, and a saved fit the editor can load', () => {
  const out = JSON.parse(
    ok(['fit', chinchilla, '--drop-highest-loss', '5', '--bootstrap', '40', '--params', '70B', '--tokens', '1.4T', '--flops', '5.88e23', '--json']),
  );
  assert.deepEqual(Object.keys(out).slice(0, 4), ['law', 'objective', 'points', 'intervals']);
  assert.deepEqual(Object.keys(out.law), ['E', 'A', 'B', 'alpha', 'beta']);
  assert.equal(out.points, 240);
  assert.ok(Math.abs(out.law.E - 1.8172) < 0.005 && Math.abs(out.law.alpha - 0.3473) < 0.002 && Math.abs(out.law.beta - 0.3672) < 0.002);
  assert.ok(out.objective < 1.0187e-3);
  assert.equal(out.intervals.resamples, 40);
  assert.ok(out.intervals.E[0] < out.law.E && out.law.E < out.intervals.E[1]);
  assert.deepEqual(out.source.columns, { params: 'Model Size', tokens: null, flops: 'Training FLOP', loss: 'loss' });
  assert.equal(out.source.droppedHighestLoss, 5);
  assert.equal(out.residuals.length, 240);
  assert.ok(Math.abs(out.prediction.value - parametricLoss(out.law, 70e9, 1.4e12)) < 1e-12);
  assert.equal(out.prediction.extrapolation, true);
  assert.ok(out.optimal.params.low < out.optimal.params.value && out.optimal.params.value < out.optimal.params.high);
  const law = lawFromFit(readFitResult(out));
  assert.equal(law.id, 'fit:chinchilla-fig4-runs.csv');
});

function syntheticRuns(): string {
  const rng = createRng(2);
  const rows = ['params,tokens,loss'];
  for (let i = 0; i < 6; i++) {
    for (let j = 0; j < 5; j++) {
      const N = 3e7 * 4 ** i;
      const D = N * 3 ** j;
      rows.push(`${N},${D},${(parametricLoss({ E: 1.9, A: 450, B: 2200, alpha: 0.34, beta: 0.37 }, N, D) * Math.exp(0.01 * rng.normal())).toFixed(5)}`);
    }
  }
  rows.push('1e9,,3.0', '2e9,4e10,nan');
  return rows.join('\n');
}

test('fit prints a table with intervals, the optimiser, the range, notes and warnings', () => {
  const file = write('runs.csv', syntheticRuns());
  const t = ok(['fit', file, '--bootstrap', '30']);
  assert.match(t, /^law +fit:runs\.csv: L = 1\.\d+ \+ /);
  assert.match(t, /E \(95% CI\) +1\.\d+ {2}\(1\.\d+ – \d\.\d+\)/);
  assert.match(t, /optimiser +L-BFGS from 4500 starts \(\d+ converged\); 30 bootstrap resamples; \d+\.\d s/);
  assert.match(t, /fitted range +N 30M–30\.7B/);
  assert.match(t, /warnings:\n {2}skipped 2 rows with an empty or non-finite \(nan, inf\) value \(lines 32, 33\)/);
  const j = JSON.parse(ok(['fit', file, '--bootstrap', '0', '--json']));
  assert.equal(j.intervals, null);
  assert.equal(j.points, 30);
  assert.equal(j.source.skipped, 2);
});

test('fit: bad input is one line and exit 2', () => {
  fails(['fit'], /fit needs a runs file/);
  fails(['fit', 'a.csv', 'b.csv'], /fit takes one runs file, got 2/);
  fails(['fit', join(dir, 'nope.csv')], /nope\.csv: no such file/);
  fails(['fit', write('few.csv', 'N,D,L\n1e8,1e9,3\n2e8,2e9,2.9\n4e8,4e9,2.8\n')], /few\.csv: 3 runs cannot determine the 5 constants/);
  fails(
    ['fit', write('sameN.csv', `N,D,L\n${[1, 2, 3, 4, 5, 6].map((i) => `1e8,${i}e9,${3 - i / 10}`).join('\n')}\n`)],
    /sameN\.csv: all 6 runs have the same parameter count/,
  );
  fails(['fit', write('neg.csv', 'N,D,L\n1e8,1e9,3\n2e8,2e9,-2.9\n')], /neg\.csv: line 3: loss \(L\) must be greater than 0 \(got -2\.9\)/);
  fails(['fit', write('nan.csv', 'N,D,L\n1e8,1e9,nan\n2e8,,2.9\n')], /nan\.csv: no usable runs/);
  fails(['fit', write('cols.csv', 'size,tokens,loss\n1e8,1e9,3\n')], /cols\.csv: no parameter-count column .*--params-column/);
  fails(['fit', chinchilla, '--drop-highest-loss', '245'], /dropping the 245 highest-loss runs would leave none of the 245/);
  fails(['fit', chinchilla, '--params', '1e9'], /--params and --tokens go together/);
  fails(['fit', chinchilla, '--tokens-column', 'a', '--flops-column', 'b'], /not both/);
  fails(['fit', chinchilla, '--bootstrap', '-1'], /--bootstrap must be at least 0/);
  fails(['fit', chinchilla, '--bogus'], /Unknown option/);
});

function stepsLog(steps: number): string {
  const rng = createRng(8);
  const rows = ['Wall time,Step,Value'];
  for (let s = 1; s <= steps; s++) {
    let loss = 2.2 + 1.2e3 * (s * 524288) ** -0.3;
    if (s < 300) loss += (10.8 - loss) * (1 - s / 300) ** 2;
    rows.push(`${1.7e9 + s},${s},${(loss * Math.exp(0.02 * rng.normal())).toFixed(5)}`);
  }
  return rows.join('\n');
}

test('forecast a TensorBoard export to the planned end, in tokens or steps', () => {
  const log = write('tb.csv', stepsLog(6000));
  const exact = 2.2 + 1.2e3 * (20000 * 524288) ** -0.3;
  const a = JSON.parse(ok(['forecast', log, '--tokens-per-step', '524288', '--until', '10.48576B', '--json']));
  assert.deepEqual(Object.keys(a).slice(0, 5), ['unit', 'law', 'objective', 'points', 'forecast']);
  assert.equal(a.unit, 'tokens');
  assert.equal(a.forecast.step, 20000);
  assert.ok(Math.abs(a.forecast.loss - exact) / exact < 0.015, `${a.forecast.loss} vs ${exact}`);
  assert.ok(a.forecast.low < a.forecast.loss && a.forecast.loss < a.forecast.high);
  assert.equal(a.source.format, 'tensorboard');
  const b = JSON.parse(ok(['forecast', log, '--until-step', '20000', '--json']));
  assert.equal(b.unit, 'steps');
  assert.ok(Math.abs(b.forecast.loss - a.forecast.loss) < 1e-6);
  const c = JSON.parse(ok(['forecast', log, '--tokens-per-step', '524288', '--json', '--bootstrap', '0']));
  assert.deepEqual(
    c.forecasts.map((f: { extrapolation: number }) => f.extrapolation),
    [2, 4, 10],
  );
  assert.equal(c.forecasts[0].low, null);
  const t = ok(['forecast', log, '--tokens-per-step', '524288', '--until', '10.48576B']);
  assert.match(t, /at 10\.5B tokens +3\.\d{4} {2}\(95%: 3\.\d{4} – 3\.\d{4}\) {2}3\.3× the log/);
  assert.match(t, /learning-rate schedule/);
});

test('forecast a log with tokens: --until-step converts with the logged tokens per step', () => {
  const rows = [
    'step,tokens,loss',
    ...stepsLog(3000)
      .split('\n')
      .slice(1)
      .map((l) => {
        const [, s, v] = l.split(',');
        return `${s},${Number(s) * 1000},${v}`;
      }),
  ];
  const log = write('gen.csv', rows.join('\n'));
  const r = JSON.parse(ok(['forecast', log, '--until-step', '9000', '--tokens-per-step', '7', '--json']));
  assert.equal(r.forecast.x, 9e6);
  assert.equal(r.source.tokensPerStep, 1000);
  assert.ok(r.source.notes.some((n: string) => /the given tokens per step are not used/.test(n)));
});

test('forecast: bad input is one line and exit 2', () => {
  const log = write('tb2.csv', stepsLog(2000));
  fails(['forecast'], /forecast needs a training log/);
  fails(['forecast', log, '--until', '1T'], /the log counts steps only, so --until \(tokens\) needs --tokens-per-step N; or give --until-step/);
  fails(['forecast', log, '--until', '1T', '--until-step', '5'], /not both/);
  fails(['forecast', log, '--skip-fraction', '1.5'], /--skip-fraction must be below 1/);
  fails(['forecast', log, '--tokens-per-step', '0'], /--tokens-per-step must be greater than 0/);
  fails(['forecast', write('short.csv', 'step,loss\n1,9\n2,8\n3,7\n')], /short\.csv: only \d+ logged points? after the first/);
  fails(['forecast', write('noloss.csv', 'step,lr\n1,0.1\n')], /noloss\.csv: no loss column/);
});
