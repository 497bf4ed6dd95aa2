// The bash reader behind the Megatron reader: words as a command receives them, with the place
// each word's text is written, and no execution.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readShellScript, type ShellWord } from '../../src/configs/shared/shellWords';

const words = (src: string, i = 0): string[] => readShellScript(src).commands[i]?.words.map((w) => w.text) ?? [];
const find = (ws: readonly ShellWord[], text: string) => ws.find((w) => w.text === text)!;
const at = (w: ShellWord) => [w.range.startLine, w.range.startCol, w.range.endCol];

test('quoting, escapes, comments and continuations', () => {
  assert.deepEqual(words(`cmd a 'b c' "d e" f\\ g $'h\\ti' "" # comment`), ['cmd', 'a', 'b c', 'd e', 'f g', 'h\ti', '']);
  assert.deepEqual(words('cmd --a 1 \\\n    --b 2 \\\r\n    --c'), ['cmd', '--a', '1', '--b', '2', '--c']);
  assert.deepEqual(words('echo "a\\"b\\$c"'), ['echo', 'a"b$c']);
  assert.deepEqual(words('cmd x#y # z'), ['cmd', 'x#y']);
});

test('pipelines, lists and redirections split commands and drop targets', () => {
  const s = readShellScript('a 1 2>&1 | tee log.txt && b > out.txt; c < in.txt &');
  assert.deepEqual(
    s.commands.map((c) => c.words.map((w) => w.text)),
    [['a', '1'], ['tee', 'log.txt'], ['b'], ['c']],
  );
});

test('variables: plain, braced, defaults, assign-defaults, alternatives, unset', () => {
  const s = readShellScript(
    ['A=1', 'export B="two words"', 'C=${UNSET_X:-fallback}', 'D=${UNSET_Y:=set}', 'cmd $A ${B} "$B" $C $D $UNSET_Y ${A:+alt} ${UNSET_Z:+alt} $NOPE'].join(
      '\n',
    ),
  );
  const ws = s.commands[0]!.words;
  assert.deepEqual(
    ws.map((w) => w.text),
    ['cmd', '1', 'two', 'words', 'two words', 'fallback', 'set', 'set', 'alt', ''],
  );
  assert.deepEqual(find(ws, 'fallback').fallbacks, ['UNSET_X']);
  const nope = ws[ws.length - 1]!;
  assert.equal(nope.known, false);
  assert.deepEqual(nope.unset, ['NOPE']);
  assert.equal(s.variable('D')?.text, 'set');
  assert.equal(s.variable('NOPE'), null);
});

test('a value from a variable points at its assignment', () => {
  const s = readShellScript('NUM_LAYERS=32\nARGS=(\n  --num-layers $NUM_LAYERS\n  --hidden-size 4096\n)\ntorchrun pretrain_gpt.py ${ARGS[@]}');
  const ws = s.commands[0]!.words;
  assert.deepEqual(at(find(ws, '32')), [0, 11, 13]);
  assert.deepEqual(find(ws, '32').via, ['NUM_LAYERS', 'ARGS']);
  assert.deepEqual(at(find(ws, '--num-layers')), [2, 2, 14]);
  assert.deepEqual(at(find(ws, '4096')), [3, 16, 20]);
  assert.deepEqual(find(ws, '4096').refRange.startLine, 5);
});

test('arithmetic: operators, precedence, variables with and without $', () => {
  const s = readShellScript('G=8\nN=2\nW=$(($G*$N))\nX=$(( (G + 2) * N ** 2 / 3 % 7 ))\nY=$((W > 10 ? 1 : 0))\nZ=$((7/0))\nO=$((10**30))');
  assert.equal(s.variable('W')?.text, '16');
  assert.equal(s.variable('W')?.computed, true);
  assert.deepEqual(s.variable('W')?.via.slice(0, 2), ['G', 'N']);
  assert.equal(s.variable('X')?.text, String(Math.trunc(((8 + 2) * 4) / 3) % 7));
  assert.equal(s.variable('Y')?.text, '1');
  assert.equal(s.variable('Z')?.known, false);
  assert.equal(s.variable('O')?.known, false);
});

test('arrays: multi-line, comments, appends, quoted groups, counts and indexes', () => {
  const src = [
    'A=(',
    '  --a 1   # comment',
    '  "--fp8-format hybrid"',
    ')',
    'A+=(--b)',
    'B=( "${A[@]}" )',
    'echo ${A[@]}',
    'echo "${A[@]}"',
    'echo ${#A[@]} ${A[1]} "${A[*]}"',
  ].join('\n');
  const s = readShellScript(src);
  assert.deepEqual(
    s.commands[0]!.words.map((w) => w.text),
    ['echo', '--a', '1', '--fp8-format', 'hybrid', '--b'],
  );
  assert.deepEqual(
    s.commands[1]!.words.map((w) => w.text),
    ['echo', '--a', '1', '--fp8-format hybrid', '--b'],
  );
  assert.deepEqual(
    s.commands[2]!.words.map((w) => w.text),
    ['echo', '4', '1', '--a 1 --fp8-format hybrid --b'],
  );
  // Split pieces of a quoted element keep exact columns.
  const hybrid = find(s.commands[0]!.words, 'hybrid');
  assert.deepEqual(at(hybrid), [2, 16, 22]);
  assert.ok(s.assignments.some((a) => a.name === 'B' && a.isArray && a.words.length === 5));
});

test('if/elif/else on string tests; unknown conditions are read as taken, with a note', () => {
  const src = [
    'MODE=${1:-fp8}',
    'if [[ "$MODE" == "fp8" ]]; then',
    '  P=--fp8',
    'elif [ "$MODE" = bf16 ]; then',
    '  P=--bf16',
    'else',
    '  P=--fp32',
    'fi',
    'if [ -f /etc/passwd ]; then X=found; fi',
    'if [ -n "$NOT_SET" ]; then Y=set; else Y=unset; fi',
    'if (( 3 > 2 )); then Z=yes; fi',
  ].join('\n');
  const s = readShellScript(src);
  assert.equal(s.variable('P')?.text, '--fp8');
  assert.equal(s.variable('X')?.text, 'found');
  assert.equal(s.variable('Y')?.text, 'unset');
  assert.equal(s.variable('Z')?.text, 'yes');
  assert.ok(s.notes.some((n) => n.range.startLine === 1 && /\$1/.test(n.message)));
  assert.ok(s.notes.some((n) => n.range.startLine === 8 && /not set/.test(n.message)));
});

test('case branches match globs and alternatives', () => {
  const s = readShellScript('SIZE=7B\ncase $SIZE in\n  1B|2B) L=24 ;;\n  7*) L=32\n    H=4096 ;;\n  *) L=0 ;;\nesac\ncase $UNKNOWN in a) Q=1 ;; esac');
  assert.equal(s.variable('L')?.text, '32');
  assert.equal(s.variable('H')?.text, '4096');
  assert.equal(s.variable('Q'), null);
});

test('heredocs, command substitutions and functions', () => {
  const s = readShellScript(
    'cat <<EOF > x.txt\n--num-layers 999\nEOF\nN=$(nproc)\nrun() {\n  torchrun --nproc_per_node $N pretrain_gpt.py "$@"\n}\nrun --lr 1',
  );
  const cmds = s.commands.map((c) => c.words.map((w) => w.text));
  assert.ok(!cmds.flat().includes('999'));
  const tr = s.commands.find((c) => c.words[0]?.text === 'torchrun')!;
  assert.equal(tr.words[2]!.known, false);
  assert.equal(tr.forwardsArguments, true);
});

test('problems: unterminated quotes and arrays are reported, not thrown', () => {
  const s = readShellScript('A=(\n --x 1\nB="open\necho $((1+');
  assert.ok(s.problems.length >= 2);
});

test('bounded: doubling strings and arrays, huge arithmetic', { timeout: 60_000 }, () => {
  const doubling = [
    'A=x',
    ...Array.from({ length: 60 }, () => 'A="$A$A"'),
    'B=(x)',
    ...Array.from({ length: 40 }, () => 'B=( ${B[@]} ${B[@]} )'),
    'echo ${B[@]} ${B[@]} ${B[@]} $A',
    'C=$((10**10**10))',
  ].join('\n');
  const s = readShellScript(doubling);
  assert.ok(s.problems.some((p) => /more words/.test(p.message)));
  assert.equal(s.variable('C')?.known, false);
  assert.doesNotThrow(() => readShellScript('! '.repeat(200_000) + 'echo hi'));
  assert.doesNotThrow(() => readShellScript('if '.repeat(50_000) + 'true; then echo; fi'));
  assert.equal(readShellScript('X=$((' + '2**'.repeat(100_000) + '2))').variable('X')?.known, false);
  assert.equal(readShellScript('X=$((' + '('.repeat(100_000) + '1' + ')'.repeat(100_000) + '))').variable('X')?.known, false);
  assert.equal(readShellScript('X=$((' + '-'.repeat(100_000) + '1))').variable('X')?.known, false);
  assert.equal(readShellScript('A="B+1"\nB="A+1"\nX=$((A))').variable('X')?.known, false);
  const deep = readShellScript('X=' + '${A:-'.repeat(200) + 'x' + '}'.repeat(200));
  assert.ok(deep.problems.length > 0 || deep.variable('X') !== null);
});

test('never throws on arbitrary input', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (src) => {
      readShellScript(src);
    }),
    { numRuns: 500 },
  );
  const alphabet = fc.constantFrom(
    'A',
    '=',
    '(',
    ')',
    ' ',
    '\n',
    '$',
    '{',
    '}',
    '[@]',
    '"',
    "'",
    '\\',
    '#',
    ';',
    '|',
    '&',
    '<',
    '>',
    '((',
    '))',
    'if',
    'then',
    'fi',
    'case',
    'in',
    'esac',
    ';;',
    '--x',
    '1',
    '*',
    ':-',
    '`',
    '<<',
    'EOF',
  );
  fc.assert(
    fc.property(fc.array(alphabet, { maxLength: 80 }), (parts) => {
      readShellScript(parts.join(''));
    }),
    { numRuns: 1000 },
  );
});

test("Slurm's SLURM_NNODES and SLURM_JOB_NUM_NODES come from the #SBATCH --nodes header; a range or no header leaves them unknown", () => {
  const last = (t: string) => {
    const s = readShellScript(t);
    return s.commands[s.commands.length - 1]!.words[1]!;
  };
  const w = last('#!/bin/bash\n#SBATCH --nodes=32\nNNODES=$SLURM_NNODES\necho $NNODES\n');
  assert.deepEqual([w.text, w.known], ['32', true]);
  // The value's place is the header's N.
  assert.deepEqual([w.range.startLine, w.range.startCol, w.range.endCol], [1, 16, 18]);
  assert.equal(last('#SBATCH -N 4\necho $SLURM_JOB_NUM_NODES\n').text, '4');
  assert.equal(last('#SBATCH --nodes 6 --gres=gpu:8\necho $SLURM_NNODES\n').text, '6');
  for (const t of ['#SBATCH --nodes=2-4\necho $SLURM_NNODES\n', 'echo $SLURM_NNODES\n', '# #SBATCH --nodes=9\necho $SLURM_NNODES\n'])
    assert.equal(last(t).known, false, t);
});
