// `--help` everywhere: `scaling-lens estimate --help` used to be "Unknown option". Every command
// prints its usage (exit 0) listing every flag its parser accepts, from the same table
// (src/cli/spec.ts); `scaling-lens --help` lists the commands, one line each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usage } from '../../src/cli/args';
import { run, USAGE } from '../../src/cli/main';
import { COMMANDS } from '../../src/cli/spec';

const NAMES = ['estimate', 'predict', 'optimal', 'budget', 'fit', 'forecast', 'laws', 'gpus'];

test('the command table names every command the CLI runs, in the order of the list', () => {
  assert.deepEqual(
    COMMANDS.map((c) => c.name),
    NAMES,
  );
});

test('scaling-lens --help and -h list the commands, one line each with its summary (exit 0)', () => {
  for (const flag of ['--help', '-h', 'help']) {
    const r = run([flag]);
    assert.equal(r.code, 0, flag);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, USAGE);
  }
  const lines = USAGE.split('\n');
  for (const c of COMMANDS) {
    const line = lines.filter((l) => l.trimStart().startsWith(`${c.name} `));
    assert.equal(line.length, 1, c.name);
    assert.match(line[0]!, new RegExp(`^  ${c.name} +${c.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    assert.doesNotMatch(c.summary, /\n/);
  }
});

test('scaling-lens alone shows the same list, as bad input (exit 2, stderr)', () => {
  const r = run([]);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, USAGE);
});

for (const spec of COMMANDS) {
  test(`scaling-lens ${spec.name} --help lists every flag it accepts (exit 0)`, () => {
    for (const argv of [
      [spec.name, '--help'],
      [spec.name, '-h'],
      ['help', spec.name],
    ]) {
      const r = run(argv);
      assert.equal(r.code, 0, argv.join(' '));
      assert.equal(r.stderr, '');
      assert.equal(r.stdout, usage(spec));
    }
    const text = usage(spec);
    assert.match(text, new RegExp(`^Usage: scaling-lens ${spec.name}\\b`));
    for (const [name, flag] of Object.entries(spec.flags)) {
      const shown = `--${name}${flag.type === 'string' ? ` ${flag.value}` : ''}`;
      const line = text.split('\n').find((l) => l.startsWith(`  ${shown} `));
      assert.ok(line, `${spec.name} --help shows ${shown}`);
      assert.ok(line.endsWith(flag.help), `${shown}: ${flag.help}`);
      assert.ok(flag.type === 'boolean' || flag.value, `--${name} has a value placeholder`);
    }
    assert.match(text, /^ {2}-h, --help +print this help$/m);
  });

  test(`scaling-lens ${spec.name} accepts every flag its help lists, and only those`, () => {
    for (const [name, flag] of Object.entries(spec.flags)) {
      const argv = [spec.name, ...(spec.positionals ? ['missing-file.csv'] : []), `--${name}`, ...(flag.type === 'string' ? ['1'] : [])];
      const r = run(argv);
      // Other errors (a missing file, a value out of range, a missing companion flag) are fine:
      // the parser took the flag.
      assert.doesNotMatch(r.stderr, /Unknown option/, argv.join(' '));
    }
    const r = run([spec.name, '--no-such-flag']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^scaling-lens: Unknown option '--no-such-flag'/);
    // The forms at the top name only flags of the table.
    for (const form of spec.synopsis) {
      for (const [, name] of form.matchAll(/--([a-z-]+)/g)) assert.ok(name! in spec.flags, `${spec.name} synopsis names --${name}`);
    }
  });
}

test('--help wins over other arguments, even bad ones, but not after --', () => {
  assert.equal(run(['estimate', 'no-such-file.yaml', '--gpu', 'nope', '--help']).code, 0);
  assert.equal(run(['predict', '--params', '-h']).stdout, usage(COMMANDS[1]!));
  const r = run(['estimate', '--', '--help']);
  assert.equal(r.code, 2);
  assert.notEqual(r.stdout, usage(COMMANDS[0]!));
});

test('an unknown command or help topic is one line naming the commands', () => {
  for (const argv of [['estimat'], ['help', 'estimat']]) {
    const r = run(argv);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.split('\n').length, 1);
    assert.match(r.stderr, /unknown command "estimat" \(commands: estimate, predict, optimal, budget, fit, forecast, laws, gpus/);
  }
});
