// The Python subset evaluator behind the torchtitan and OLMo-core readers: what it evaluates,
// what it leaves unknown, and that hostile input never throws or hangs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readPythonProgram, slotAt, type PyVal } from '../../src/configs/shared/pythonProgram';

const ret = (src: string, fn = 'f') => readPythonProgram(src).call(fn);
const num = (v: PyVal | undefined) => (v && (v.type === 'int' || v.type === 'float') ? v.value : v?.type);

test('calls of file functions with arguments and defaults, constructors kept as objects', () => {
  const src = `
BASE = 1024
def width(d, mult=2):
    return d * mult
def f():
    n = width(BASE) + width(8, mult=3)
    return Foo.Config(a=n, b=Bar(c=f"{n}-x", d=[1, 2][-1]), e=dict(k=BASE // 3))
`;
  const v = ret(src);
  assert.equal(v.type, 'object');
  assert.equal(v.type === 'object' && v.callee, 'Foo.Config');
  assert.equal(num(slotAt(v, 'a')?.value), 2072);
  assert.deepEqual(slotAt(v, 'b.c')?.value, { type: 'str', value: '2072-x' });
  assert.equal(num(slotAt(v, 'b.d')?.value), 2);
  const e = slotAt(v, 'e')?.value;
  assert.equal(e?.type === 'dict' && num(e.entries.get('k')?.value), 341);
  // Ranges: the slot is the `key=value` text.
  assert.equal(slotAt(v, 'a')?.range.startLine, 6);
});

test('attribute assignment mutates the built object, creating a left-out field', () => {
  const v = ret(`
def base():
    return T(training=U(steps=10))
def f():
    c = base()
    c.training.steps += 5
    c.parallelism.tp = 2 ** 3
    return c
`);
  assert.equal(num(slotAt(v, 'training.steps')?.value), 15);
  assert.equal(num(slotAt(v, 'parallelism.tp')?.value), 8);
  // The base function's result is rebuilt for each call: a variant never changes its base.
  assert.equal(
    num(slotAt(ret('def base():\n    return T(s=1)\ndef g():\n    c = base()\n    c.s = 2\n    return c\ndef f():\n    g()\n    return base()\n'), 's')?.value),
    1,
  );
});

test('loops, runtime conditions, method calls and recursion give unknown with a reason', () => {
  const loop = ret('def f():\n    c = T(s=1)\n    for i in range(3):\n        c.s = i\n    return c\n');
  assert.equal(slotAt(loop, 's')?.value.type, 'unknown');
  const cond = ret('def f(x):\n    c = T(s=1)\n    if x.fast:\n        c.s = 2\n    return c\n');
  assert.match(JSON.stringify(slotAt(cond, 's')?.value), /not known before the run/);
  const early = ret('def f(x):\n    if x:\n        return T(s=1)\n    return T(s=2)\n');
  assert.equal(early.type, 'unknown');
  const method = ret('def f():\n    c = T(s=1)\n    c.update(s=3)\n    return c\n');
  assert.equal(method.type, 'unknown');
  assert.equal(ret('def f():\n    return f()\n').type, 'unknown');
  assert.equal(num(ret('def f():\n    return 1 if True else 2\n')), 1);
  assert.equal(ret('def f():\n    return lambda x: x\n').type, 'unknown');
  assert.equal(ret('def f():\n    return [i for i in range(3)]\n').type, 'unknown');
});

test('the __main__ block runs only through main()', () => {
  const p = readPythonProgram('X = 1\nif __name__ == "__main__":\n    X = 2\n    launch(cfg=partial(build, n=X))\n');
  assert.equal(num(p.globals.get('X')?.value), 1);
  const m = p.main();
  assert.equal(num(m.globals.get('X')?.value), 2);
  const call = m.calls[0];
  assert.equal(call?.type === 'object' && call.callee, 'launch');
});

test('hostile input: never throws, bounded time', { timeout: 60_000 }, () => {
  const deep = `def f():\n    return ${'('.repeat(5000)}1${')'.repeat(5000)}\n`;
  assert.ok(ret(deep));
  const nested = Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}if True:`).join('\n') + '\n';
  assert.doesNotThrow(() => readPythonProgram(nested));
  const many = Array.from({ length: 2000 }, (_, i) => `def f${i}():\n    return f${i + 1}()\n`).join('');
  const t0 = Date.now();
  assert.equal(readPythonProgram(many).call('f0').type, 'unknown');
  assert.ok(Date.now() - t0 < 5000);
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      const p = readPythonProgram(`def f():\n    x = ${s}\n    return T(a=x)\n${s}\n`);
      for (const fn of p.functions) p.call(fn.name);
      p.main();
    }),
    { numRuns: 300 },
  );
});

test('one evaluation budget per file: a fan-out of calls ends as unknown, quickly', { timeout: 60_000 }, () => {
  const bomb =
    Array.from({ length: 40 }, (_, i) => `def f${i}():\n    return f${i + 1}() + f${i + 1}() + f${i + 1}()\n`).join('') + 'def f40():\n    return 1\n';
  assert.equal(num(readPythonProgram(bomb).call('f38')), 9);
  const p = readPythonProgram(bomb);
  assert.equal(p.call('f0').type, 'unknown');
  assert.ok(p.steps() <= 500_100);
  // The budget is spent: later calls are unknown too, never partial sums.
  assert.equal(p.call('f38').type, 'unknown');
});

test('`not` binds tighter than `and`/`or`, and a negative number spans its digits', () => {
  // Python: `not False and False` is `(not False) and False`, False; `not 1 == 2` is `not (1 == 2)`.
  assert.deepEqual(ret('def f():\n    return not False and False\n'), { type: 'bool', value: false });
  assert.deepEqual(ret('def f():\n    return not 1 == 2\n'), { type: 'bool', value: true });
  assert.deepEqual(ret('def f():\n    return not 0 or 0\n'), { type: 'bool', value: true });
  const slot = readPythonProgram('X = -12\n').globals.get('X')!;
  assert.equal(slot.expression, '-12');
  assert.deepEqual(slot.valueRange, { startLine: 0, startCol: 4, endLine: 0, endCol: 7 });
  // A nesting too deep is the reason, not the brackets it leaves open.
  const deep = readPythonProgram('X = ' + '('.repeat(500) + '1' + ')'.repeat(500) + '\n').globals.get('X')!.value;
  assert.equal(deep.type === 'unknown' && deep.reason, 'the expression is nested too deeply');
});
