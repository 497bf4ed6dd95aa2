// The safe evaluator behind the nanoGPT reader: what it evaluates, what it refuses, and that
// hostile input never throws or hangs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readPythonAssignments, type PyValue } from '../../src/configs/shared/pythonAssignments';

const value = (src: string, name: string, initial?: ReadonlyMap<string, PyValue>) => readPythonAssignments(src, initial).bindings.get(name);
const v = (src: string, name = 'x') => value(src, name)?.value ?? null;

test('literals: ints, floats in every spelling, strings, booleans, None', () => {
  assert.deepEqual(v('x = 12'), { type: 'int', value: 12 });
  assert.deepEqual(v('x = 150_001'), { type: 'int', value: 150001 });
  assert.deepEqual(v('x = 1e-1'), { type: 'float', value: 0.1 });
  assert.deepEqual(v('x = 6e-4'), { type: 'float', value: 6e-4 });
  assert.deepEqual(v('x = 3.e-5'), { type: 'float', value: 3e-5 });
  assert.deepEqual(v('x = .5'), { type: 'float', value: 0.5 });
  assert.deepEqual(v('x = -1e-4'), { type: 'float', value: -1e-4 });
  assert.deepEqual(v('x = 0x10'), { type: 'int', value: 16 });
  assert.deepEqual(v("x = 'gpt2'"), { type: 'str', value: 'gpt2' });
  assert.deepEqual(v('x = "a" \'b\''), { type: 'str', value: 'ab' });
  assert.deepEqual(v('x = """multi\nline"""'), { type: 'str', value: 'multi\nline' });
  assert.deepEqual(v("x = r'\\n'"), { type: 'str', value: '\\n' });
  assert.deepEqual(v('x = True'), { type: 'bool', value: true });
  assert.deepEqual(v('x = None'), { type: 'none' });
});

test('arithmetic follows Python: int/float, true and floor division, modulo sign, power precedence', () => {
  assert.deepEqual(v('x = 5 * 8'), { type: 'int', value: 40 });
  assert.deepEqual(v('x = 10 / 4'), { type: 'float', value: 2.5 });
  assert.deepEqual(v('x = 8 / 4'), { type: 'float', value: 2 });
  assert.deepEqual(v('x = 7 // 2'), { type: 'int', value: 3 });
  assert.deepEqual(v('x = -7 // 2'), { type: 'int', value: -4 });
  assert.deepEqual(v('x = 7.0 // 2'), { type: 'float', value: 3 });
  assert.deepEqual(v('x = 7 % -3'), { type: 'int', value: -2 });
  assert.deepEqual(v('x = -7 % 3'), { type: 'int', value: 2 });
  assert.deepEqual(v('x = 2 ** 10'), { type: 'int', value: 1024 });
  assert.deepEqual(v('x = -2 ** 2'), { type: 'int', value: -4 });
  assert.deepEqual(v('x = 2 ** -1'), { type: 'float', value: 0.5 });
  assert.deepEqual(v('x = 2 ** 3 ** 2'), { type: 'int', value: 512 });
  assert.deepEqual(v('x = (1 + 2) * 3'), { type: 'int', value: 9 });
  assert.deepEqual(v('x = True + 1'), { type: 'int', value: 2 });
  assert.deepEqual(v('x = int(5.9) + int("12")'), { type: 'int', value: 17 });
  assert.deepEqual(v("x = float('1e3')"), { type: 'float', value: 1000 });
  assert.deepEqual(v('x = max(3, 7, 5) - min(2, 4)'), { type: 'int', value: 5 });
  assert.deepEqual(v("x = 'ab' * 3"), { type: 'str', value: 'ababab' });
  assert.deepEqual(v('x = 1 if 2 > 1 else 0'), { type: 'int', value: 1 });
  assert.deepEqual(v('x = 1 < 2 < 3'), { type: 'bool', value: true });
});

test('names bound earlier, initial bindings, augmented and chained assignments', () => {
  const m = readPythonAssignments('max_iters = 5000\nlr_decay_iters = max_iters\nmax_iters += 100\na = b = 7\nc: int = 3\nd = batch_size * 2');
  assert.equal(m.bindings.get('lr_decay_iters')?.value?.type, 'int');
  assert.deepEqual(m.bindings.get('lr_decay_iters')?.value, { type: 'int', value: 5000 });
  assert.deepEqual(m.bindings.get('max_iters')?.value, { type: 'int', value: 5100 });
  assert.equal(m.bindings.get('max_iters')?.augmented, '+=');
  assert.deepEqual(m.bindings.get('a')?.value, { type: 'int', value: 7 });
  assert.deepEqual(m.bindings.get('b')?.value, { type: 'int', value: 7 });
  assert.deepEqual(m.bindings.get('c')?.value, { type: 'int', value: 3 });
  assert.equal(m.bindings.get('d')?.value, null);
  assert.match(m.bindings.get('d')?.reason ?? '', /batch_size/);
  const withDefaults = value('d = batch_size * 2', 'd', new Map([['batch_size', { type: 'int', value: 12 }]]));
  assert.deepEqual(withDefaults?.value, { type: 'int', value: 24 });
});

test('the expression text, literal flag and ranges point at the value', () => {
  const m = readPythonAssignments('# header\nbatch_size = 12\ngradient_accumulation_steps = 5 * 8 # comment\n');
  const gas = m.bindings.get('gradient_accumulation_steps')!;
  assert.equal(gas.expression, '5 * 8');
  assert.equal(gas.literal, false);
  assert.deepEqual(gas.valueRange, { startLine: 2, startCol: 30, endLine: 2, endCol: 35 });
  assert.deepEqual(gas.range, { startLine: 2, startCol: 0, endLine: 2, endCol: 35 });
  assert.deepEqual(gas.nameRange, { startLine: 2, startCol: 0, endLine: 2, endCol: 27 });
  assert.equal(m.bindings.get('batch_size')!.literal, true);
});

test('only what Python evaluates is read: the branch taken, the operand that decides `and`/`or`', () => {
  assert.deepEqual(v('x = 1 if True else [1, 2]'), { type: 'int', value: 1 });
  assert.deepEqual(v('x = int(*n) if False else 3'), { type: 'int', value: 3 });
  assert.deepEqual(v("x = 'a' in s if 0 else 3"), { type: 'int', value: 3 });
  assert.deepEqual(v('x = 0 or 5'), { type: 'int', value: 5 });
  assert.deepEqual(v('x = 1 or undefined_name'), { type: 'int', value: 1 });
  assert.deepEqual(v('x = not False and False'), { type: 'bool', value: false });
  assert.match(value("x = 'a' in s", 'x')!.reason!, /`in` is not supported/);
  assert.match(value('x = 1 | 2', 'x')!.reason!, /`\|` is not supported/);
  assert.match(value('x = foo(1)', 'x')!.reason!, /calls to foo\(\)/);
  assert.match(value('x = int(base=2)', 'x')!.reason!, /keyword arguments/);
});

test('literal: one number, string or constant as written, not a parenthesised or computed one', () => {
  const literal = (src: string) => readPythonAssignments(src).bindings.get('x')!.literal;
  for (const src of ['x = 12', 'x = -1e-4', 'x = + 3', "x = 'a' 'b'", 'x = None', 'x = True']) assert.equal(literal(src), true, src);
  for (const src of ['x = (1)', 'x = -(1)', 'x = --1', 'x = -True', 'x = 1 + 2', 'x = 2 ** 3', 'x = int(1)', 'x = y']) assert.equal(literal(src), false, src);
});

test('statements outside the subset are recorded, never run', () => {
  const src = [
    'import time',
    'from x import y',
    "run = 'ft-' + str(time.time())",
    "f = f'{run}'",
    'l = [1, 2]',
    't = 1, 2',
    'a = torch.cuda.is_available()',
    "dtype = 'bfloat16' if torch.cuda.is_bf16_supported() else 'float16'",
    'if True:',
    '    inside = 1',
    'def f():',
    '    n_layer = 3',
    'class C:',
    '    n_layer = 4',
    'print("hi")',
  ].join('\n');
  const m = readPythonAssignments(src);
  assert.equal(m.bindings.has('inside'), false);
  assert.equal(m.bindings.has('n_layer'), false);
  for (const name of ['run', 'f', 'l', 't', 'a', 'dtype']) assert.equal(m.bindings.get(name)?.value, null, name);
  assert.match(m.bindings.get('f')!.reason!, /f-strings/);
  assert.match(m.bindings.get('l')!.reason!, /lists/);
  assert.match(m.bindings.get('t')!.reason!, /tuples/);
  assert.match(m.bindings.get('dtype')!.reason!, /attribute/);
  assert.equal(m.stats.imports, 2);
  assert.equal(m.stats.definitions, 2);
  assert.ok(m.skipped.some((s) => s.reason.includes('only assignments')));
});

test('layout: CRLF, semicolons, continuations, brackets across lines', () => {
  const m = readPythonAssignments('a = 1; b = 2\r\nc = (a +\r\n     b)\r\nd = 1 + \\\n  2\r\n');
  assert.deepEqual(m.bindings.get('a')?.value, { type: 'int', value: 1 });
  assert.deepEqual(m.bindings.get('b')?.value, { type: 'int', value: 2 });
  assert.deepEqual(m.bindings.get('c')?.value, { type: 'int', value: 3 });
  assert.deepEqual(m.bindings.get('d')?.value, { type: 'int', value: 3 });
  assert.equal(m.bindings.get('c')!.valueRange.endLine, 2);
});

test('bounded: huge powers, long strings, deep nesting and division by zero are not evaluable', { timeout: 60_000 }, () => {
  assert.match(value('x = 10**10**10', 'x')!.reason!, /too large/);
  assert.match(value('x = 2.0 ** 5000', 'x')!.reason!, /finite/);
  assert.match(value("x = 'ab' * 10**9", 'x')!.reason!, /too long/);
  assert.match(value('x = 1 / 0', 'x')!.reason!, /division by zero/);
  assert.match(value('x = ' + '('.repeat(5000) + '1' + ')'.repeat(5000), 'x')!.reason!, /nested too deeply/);
  assert.match(value('x = ' + '-'.repeat(5000) + '1', 'x')!.reason!, /nested too deeply/);
  assert.match(value('x = ' + '2 ** '.repeat(100_000) + '2', 'x')!.reason!, /nested too deeply|too large/);
  assert.match(value('x = ' + 'not '.repeat(100_000) + '1', 'x')!.reason!, /nested too deeply/);
  assert.match(value('x = ' + 'int('.repeat(100_000) + '1' + ')'.repeat(100_000), 'x')!.reason!, /nested too deeply/);
  readPythonAssignments(Array.from({ length: 20000 }, (_, i) => `k${i} = ${i} * 2 + k${Math.max(0, i - 1)}`).join('\n'));
});

test('syntax errors become records, not exceptions', () => {
  const m = readPythonAssignments('a = "unterminated\nb = (1,\nc = 2 $ 3\n)\nd = ]\n');
  assert.ok(m.syntaxErrors.some((e) => /unterminated string/.test(e.reason)));
  assert.ok(m.syntaxErrors.some((e) => /unexpected character/.test(e.reason)));
  assert.ok(m.syntaxErrors.some((e) => /unmatched/.test(e.reason)));
  assert.equal(m.bindings.get('a')?.value, null);
});

test('never throws on arbitrary input', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      readPythonAssignments(s);
    }),
    { numRuns: 500 },
  );
  const alphabet = fc.constantFrom('x', '=', ' ', '\n', '(', ')', '*', '**', '1', '1e9', "'", '"', '#', '\\', '[', ',', 'if', ':', 'int(', '.', ';', '\t', '-');
  fc.assert(
    fc.property(fc.array(alphabet, { maxLength: 120 }), (parts) => {
      const m = readPythonAssignments(parts.join(''));
      for (const a of m.assignments) if (a.value && (a.value.type === 'int' || a.value.type === 'float')) assert.ok(Number.isFinite(a.value.value));
    }),
    { numRuns: 500 },
  );
});
