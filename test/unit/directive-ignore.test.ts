// `# scaling-lens: ignore=under-trained`: a deliberately short or continued-pretraining run says
// the under-trained warning is intended, and no surface repeats it; nothing else can be ignored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/configs/analyze';
import { readDirectives } from '../../src/configs/shared/directive';
import { directiveInsert } from '../../src/editor/directiveEdit';
import { fixture } from './reader-helpers';

test('ignore=under-trained is read with its range; lists and repeats add up', () => {
  const { directive, problems } = readDirectives('# scaling-lens: gpus=8 ignore=under-trained\nx = 1\n');
  assert.deepEqual(problems, []);
  assert.deepEqual(directive.ignore?.value, ['under-trained']);
  assert.deepEqual(directive.ignore?.range, { startLine: 0, startCol: 23, endLine: 0, endCol: 43 });
  assert.equal(directive.gpus?.value, 8);
  const twice = readDirectives('# scaling-lens: ignore=under-trained\n# scaling-lens: ignore=under-trained,under-trained\n');
  assert.deepEqual(twice.directive.ignore?.value, ['under-trained']);
});

test('ignore of an unknown or non-ignorable warning, or without a value, is an error at its range', () => {
  for (const [text, word] of [
    ['# scaling-lens: ignore=repeated-data', 'repeated-data'],
    ['# scaling-lens: ignore=under-trained,typo', 'typo'],
    ['# scaling-lens: ignore=', ''],
  ] as const) {
    const { directive, problems } = readDirectives(text);
    assert.equal(directive.ignore, undefined, text);
    assert.equal(problems.length, 1, text);
    assert.equal(problems[0]!.code, 'invalid-directive');
    assert.equal(problems[0]!.range?.startCol, 16);
    if (word) assert.match(problems[0]!.message, new RegExp(`^ignore takes under-trained \\(comma-separated\\), got "${word}"$`));
    else assert.match(problems[0]!.message, /needs a value/);
  }
});

test('a short torchtitan run: under-trained without the directive, not with it; everything else is unchanged', () => {
  const text = fixture('torchtitan/llama3_8b.toml');
  const plain = analyze(text, 'llama3_8b.toml');
  assert.ok(plain.ok);
  assert.ok(plain.estimate.warnings.some((w) => w.code === 'under-trained'));
  // The quick fix's edit, applied as VS Code would apply it.
  const ins = directiveInsert(text, 'ignore=under-trained');
  const lines = text.split('\n');
  lines[ins.line] = lines[ins.line]!.slice(0, ins.character) + ins.text + lines[ins.line]!.slice(ins.character);
  const fixed = lines.join('\n');
  const quiet = analyze(fixed, 'llama3_8b.toml');
  assert.ok(quiet.ok);
  assert.deepEqual(quiet.result.ignoredWarnings, ['under-trained']);
  assert.deepEqual(
    quiet.result.problems.filter((p) => p.code === 'invalid-directive'),
    [],
  );
  assert.deepEqual(
    quiet.estimate.warnings.map((w) => w.code),
    plain.estimate.warnings.map((w) => w.code).filter((c) => c !== 'under-trained'),
  );
  assert.equal(quiet.estimate.loss.value, plain.estimate.loss.value);
  assert.equal(quiet.estimate.gpuHours, plain.estimate.gpuHours);
});
