// Every reader against arbitrary and mutated configs: no exception escapes, no non-finite or
// negative number comes out, and pathological shapes (deep nesting, blank runs, long lines)
// finish. Longer runs: FUZZ_RUNS=5000 npm run test:unit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { READERS } from '../../src/configs/index';
import { analyze } from '../../src/configs/analyze';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const fixturesDir = join(__dirname, '../fixtures');
const fixtures = readdirSync(fixturesDir, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile())
  .map((e) => ({ name: join(e.parentPath, e.name), text: readFileSync(join(e.parentPath, e.name), 'utf8') }));

/** Throws if any number in the value is non-finite, or negative where `nonNegative`. */
function assertSaneNumbers(value: unknown, where: string, nonNegative = true): void {
  JSON.stringify(value, (key, v) => {
    if (typeof v === 'number') {
      assert.ok(Number.isFinite(v), `${where}: ${key} = ${v}`);
      // Plans and estimates hold quantities and positions: never negative. Fields echo the
      // file, where -1 is a legitimate sentinel (torchtitan's data_parallel_shard_degree).
      if (nonNegative) assert.ok(v >= 0, `${where}: ${key} = ${v}`);
    }
    return v;
  });
}

function readAll(text: string, fileName: string): void {
  for (const r of READERS) {
    r.detect(text, fileName);
    const result = r.read(text, fileName, {});
    assertSaneNumbers(result.plan, `${r.id} plan`);
    assertSaneNumbers(
      result.fields.map((f) => f.value),
      `${r.id} fields`,
      false,
    );
    assertSaneNumbers(
      result.fields.map((f) => f.range),
      `${r.id} field ranges`,
    );
  }
  const a = analyze(text, fileName);
  if (a.ok) {
    // Assumptions echo file values (framework defaults such as -1 sentinels): finite only.
    const { assumptions, ...rest } = a.estimate;
    assertSaneNumbers(rest, 'estimate');
    assertSaneNumbers(assumptions, 'estimate assumptions', false);
  }
}

const EXTREMES = [
  '0',
  '-1',
  '-0',
  '1e308',
  '-1e308',
  '1e999',
  '0.5',
  '2.5',
  'NaN',
  'inf',
  '.inf',
  'null',
  '~',
  '""',
  'true',
  '1_000_000',
  '99999999999999999999',
  'abc',
  '[]',
  '{}',
];

/** A fixture with one edit: a number replaced by an extreme, a line dropped or repeated, bytes inserted. */
const mutated = fc
  .record({
    fixture: fc.constantFrom(...fixtures),
    kind: fc.constantFrom('number', 'drop-line', 'dup-line', 'insert', 'truncate', 'crlf'),
    at: fc.nat(),
    extreme: fc.constantFrom(...EXTREMES),
    junk: fc.string({ unit: 'binary', maxLength: 20 }),
  })
  .map(({ fixture, kind, at, extreme, junk }) => {
    const t = fixture.text;
    const lines = t.split('\n');
    const i = at % Math.max(1, lines.length);
    let text: string;
    switch (kind) {
      case 'number': {
        const numbers = [...t.matchAll(/\d+(\.\d+)?([eE][+-]?\d+)?/g)];
        const m = numbers[at % Math.max(1, numbers.length)];
        text = m ? t.slice(0, m.index) + extreme + t.slice(m.index + m[0].length) : t;
        break;
      }
      case 'drop-line':
        text = [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n');
        break;
      case 'dup-line':
        text = [...lines.slice(0, i + 1), ...lines.slice(i)].join('\n');
        break;
      case 'insert': {
        const p = at % Math.max(1, t.length);
        text = t.slice(0, p) + junk + t.slice(p);
        break;
      }
      case 'truncate':
        text = t.slice(0, at % Math.max(1, t.length));
        break;
      default:
        text = t.replace(/\n/g, '\r\n');
    }
    return { name: fixture.name, text };
  });

test('mutated fixtures: every reader returns, with sane numbers', () => {
  fc.assert(
    fc.property(mutated, ({ name, text }) => readAll(text, name)),
    { numRuns: RUNS },
  );
});

test('arbitrary text: every reader returns, with sane numbers', () => {
  fc.assert(
    fc.property(
      fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.json()),
      fc.constantFrom('x.yaml', 'x.json', 'x.toml', 'x.py', 'x.sh', 'config.json'),
      (text, name) => readAll(text, name),
    ),
    { numRuns: RUNS },
  );
});

test('pathological shapes finish without a throw (deep nesting, blank runs, long lines, alias bombs)', () => {
  const bomb = [
    'a: &a ["x","x","x","x","x","x","x","x","x"]',
    ...Array.from(
      { length: 20 },
      (_, k) =>
        `${String.fromCharCode(98 + k)}: &${String.fromCharCode(98 + k)} [*${String.fromCharCode(97 + k)},*${String.fromCharCode(97 + k)},*${String.fromCharCode(97 + k)}]`,
    ),
    'num_layers: 2',
    'train_iters: 10',
  ].join('\n');
  const inputs = [
    '\n'.repeat(100_000),
    '\r\n'.repeat(50_000),
    'num_layers: 2\n' + ' \n'.repeat(50_000) + 'train_iters: 1\n',
    '['.repeat(20_000),
    '{"a":'.repeat(20_000),
    'a:\n' + Array.from({ length: 1000 }, (_, i) => ' '.repeat(i + 1) + 'b:').join('\n'),
    'n_layer = ' + '('.repeat(5000) + '1' + ')'.repeat(5000) + '\nmax_iters = 2 ** 10 ** 10 ** 10\n',
    'x = ' + '1+'.repeat(50_000) + '1\nn_layer = 2\nmax_iters = 3\n',
    'python pretrain_gpt.py \\\n' + '--num-layers 2 \\\n'.repeat(10_000),
    'A=$((' + '('.repeat(5000) + '1' + ')'.repeat(5000) + '))\npython pretrain_gpt.py --num-layers $A\n',
    bomb,
  ];
  // Each twice: V8 tiers regexps up on the second run over the same string.
  for (const text of [...inputs, ...inputs]) readAll(text, 'x.yaml');
});
