// Reading runs files for the law fit: CSV (quotes, CRLF, BOM, tabs), JSON Lines and JSON,
// column aliases, nanochat's results.csv, skipped rows and errors that name the line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FitInputError, parseRuns, readTable } from '../../src/core/index';

test('params,tokens,loss with a BOM, CRLF, quoted fields and 70B-style numbers', () => {
  const text = '\uFEFFname,params,tokens,loss\r\n"small, v1",124M,2.5B,3.31\r\n"the ""big"" one",1.3e9,"26,000,000,000",2.71\r\n';
  const f = parseRuns(text);
  assert.equal(f.format, 'csv');
  assert.deepEqual(f.columns, { params: 'params', tokens: 'tokens', flops: null, loss: 'loss' });
  assert.deepEqual(
    f.runs.map((r) => [r.params, r.tokens, r.loss, r.line]),
    [
      [124e6, 2.5e9, 3.31, 2],
      [1.3e9, 26e9, 2.71, 3],
    ],
  );
  assert.equal(f.runs[0]!.flops, 6 * 124e6 * 2.5e9);
  assert.match(f.lossUnit, /nats per token/);
  const t = readTable(text);
  assert.equal(t.records[1]!.values.name, 'the "big" one');
});

test('aliases: N, D, L; FLOPs give D = C / 6N; tokens win over FLOPs; tabs and semicolons', () => {
  const a = parseRuns('N,D,L\n1e8,2e9,3.0\n');
  assert.deepEqual([a.runs[0]!.params, a.runs[0]!.tokens, a.runs[0]!.loss], [1e8, 2e9, 3.0]);
  const b = parseRuns('Model Size\tTraining FLOP\tloss\n1e8\t1.2e18\t3.0\n');
  assert.equal(b.runs[0]!.tokens, 1.2e18 / 6e8);
  assert.deepEqual(b.notes, ['D = Training FLOP / (6 · N)']);
  const c = parseRuns('params;flops;tokens;final_loss\n1e8;9e99;2e9;3.0\n');
  assert.equal(c.runs[0]!.tokens, 2e9);
  assert.equal(c.columns.flops, null);
  const d = parseRuns('model,n_params,train_tokens,val_loss\na,1e8,2e9,3\n', { flopsColumn: 'n_params' });
  assert.equal(d.columns.flops, 'n_params');
});

test("nanochat's results.csv: N = params_transformer + params_lm_head, D = tokens_trained, L = val_bpb in bits per byte", () => {
  const header =
    'flops_budget,depth,model_dim,params_wte,params_value_embeds,params_lm_head,params_transformer,params_scalars,params_total,num_iterations,tokens_trained,val_bpb,core_score,train_time_sec';
  const row = '1e18,12,768,50331648,0,50331648,84934656,24,185597976,3814,1999634432,0.9123,0.1402,812.4';
  const f = parseRuns(`${header}\n${row}\n`);
  assert.equal(f.columns.params, 'params_transformer + params_lm_head');
  assert.equal(f.runs[0]!.params, 84934656 + 50331648);
  assert.equal(f.columns.tokens, 'tokens_trained');
  assert.equal(f.columns.loss, 'val_bpb');
  assert.equal(f.runs[0]!.loss, 0.9123);
  assert.match(f.lossUnit, /^bits per byte/);
  assert.ok(f.notes.some((n) => /nanochat results/.test(n) && /core_score are not fitted/.test(n)));
  assert.ok(f.notes.some((n) => /scaling parameters/.test(n)));
  // Older nanochat files: num_params and num_scaling_params; the scaling count is used.
  const old = parseRuns(
    'flops_budget,depth,model_dim,num_params,num_scaling_params,num_iterations,tokens_trained,param_data_ratio,val_bpb,core_score,train_time_sec\n1e18,12,768,185597976,135266304,3814,1999634432,14.8,0.91,0.14,800\n',
  );
  assert.equal(old.columns.params, 'num_scaling_params');
  // A column named on the command line wins, sums too.
  assert.equal(parseRuns(`${header}\n${row}\n`, { paramsColumn: 'params_total' }).runs[0]!.params, 185597976);
  assert.equal(parseRuns(`${header}\n${row}\n`, { paramsColumn: 'params_transformer + params_lm_head + params_wte' }).runs[0]!.params, 84934656 + 2 * 50331648);
});

test('JSON Lines, a JSON array and a wrapped list', () => {
  const jsonl = '{"params": 1e8, "tokens": 2e9, "loss": 3.1}\n\n{"params": "2e8", "tokens": 4e9, "loss": 2.9, "note": "x"}\n';
  const a = parseRuns(jsonl);
  assert.equal(a.format, 'jsonl');
  assert.deepEqual(
    a.runs.map((r) => [r.params, r.line]),
    [
      [1e8, 1],
      [2e8, 3],
    ],
  );
  const b = parseRuns('[{"N": 1e8, "D": 2e9, "L": 3.1}, {"N": 2e8, "D": 4e9, "L": 2.9}]');
  assert.equal(b.format, 'json');
  assert.equal(b.runs.length, 2);
  const c = parseRuns('{"meta": {"x": 1}, "runs": [{"params": 1e8, "flops": 1.2e18, "loss": 3}]}');
  assert.equal(c.runs[0]!.tokens, 2e9);
  assert.throws(() => parseRuns('{"params": 1}\n{oops\n'), /line 2: not JSON/);
});

test('rows with empty, NaN or infinite values are skipped and counted; none left is an error', () => {
  const f = parseRuns('params,tokens,loss\n1e8,2e9,3.1\n1e8,,3.0\n2e8,4e9,nan\n3e8,6e9,inf\n4e8,8e9,2.7\n');
  assert.equal(f.runs.length, 2);
  assert.equal(f.skipped, 3);
  assert.deepEqual(f.warnings, ['skipped 3 rows with an empty or non-finite (nan, inf) value (lines 3, 4, 5)']);
  assert.throws(() => parseRuns('params,tokens,loss\n1e8,2e9,NaN\n2e8,,3\n'), /no usable runs: all 2 rows have an empty or non-finite \(nan, inf\) value/);
});

test('errors name the line and what is wrong', () => {
  const bad = (text: string, re: RegExp, options = {}) => {
    assert.throws(
      () => parseRuns(text, options),
      (e: unknown) => e instanceof FitInputError && re.test(e.message) && !e.message.includes('\n'),
      `expected ${re}`,
    );
  };
  bad('params,tokens,loss\n1e8,2e9,3.1\n1e8,2e9,abc\n', /^line 3: loss "abc" in column "loss" is not a number$/);
  bad('params,tokens,loss\n1e8,2e9,-1\n', /^line 2: loss \(loss\) must be greater than 0 \(got -1\)$/);
  bad('params,tokens,loss\n0,2e9,3\n', /^line 2: parameters \(params\) must be greater than 0/);
  bad('params,tokens,loss\n1e8,2e9,3,7\n', /^line 2: 4 fields, but the header has 3$/);
  bad('params,tokens,loss\n1e8,"2e9,3\n2e8,4e9,2.9\n', /^line 2: a quoted field is not closed$/);
  bad('params,tokens,score\n1e8,2e9,3\n', /no loss column .*columns: params, tokens, score.*--loss-column/);
  bad('size,tokens,loss\n1e8,2e9,3\n', /no parameter-count column .*columns: size, tokens, loss/);
  bad('params,loss\n1e8,3\n', /no tokens or FLOPs column/);
  bad('params,tokens,loss\n1e8,2e9,3\n', /no loss column "xent" \(columns: params, tokens, loss\)/, { lossColumn: 'xent' });
  bad('', /the file is empty/);
  bad('params,tokens,loss\n', /no runs: the file has a header but no rows/);
});

test('a quoted newline keeps the line numbers of later rows right', () => {
  const f = parseRuns('note,params,tokens,loss\n"two\nlines",1e8,2e9,3.1\nx,2e8,4e9,bad\n'.replace('bad', '2.9'));
  assert.deepEqual(
    f.runs.map((r) => r.line),
    [2, 4],
  );
  assert.throws(() => parseRuns('note,params,tokens,loss\n"two\nlines",1e8,2e9,3.1\nx,2e8,4e9,bad\n'), { message: /^line 4: / });
});

test('number cells: thousands groups and underscores, but not decimal commas', () => {
  assert.equal(parseRuns('params\ttokens\tloss\n150_001\t1,000,000\t2.5\n').runs[0]!.tokens, 1e6);
  assert.equal(parseRuns('params\ttokens\tloss\n150_001\t1,000,000\t2.5\n').runs[0]!.params, 150001);
  assert.throws(() => parseRuns('params;tokens;loss\n1e8;2e9;3,1\n'), /line 2: loss "3,1" in column "loss" is not a number/);
});
