// The strings the editor shows, pinned: hint texts, their lines, hover content, status text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/configs/analyze';
import { hintSpecs, hoverMarkdown, statusText, summaryText } from '../../src/editor/present';
import { directiveInsert } from '../../src/editor/directiveEdit';

const fixture = (p: string) => readFileSync(join(__dirname, '../fixtures', p), 'utf8');
const options = { params: true, tokens: true, summary: true, maxLength: 120 };

function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle));
}

test('Pythia-410M: hints on the layer line, the duration line and the first line', () => {
  const text = fixture('gpt-neox/pythia-410m.yml');
  const a = analyze(text, 'pythia-410m.yml');
  assert.ok(a.ok);
  const hints = hintSpecs(a.result, a.estimate, options);
  const params = hints.find((h) => h.kind === 'params')!;
  assert.equal(params.line, lineOf(text, '"num_layers"'));
  // The vocabulary comes from an assumed tokenizer (not in the file): marked.
  assert.equal(params.text, '≈ 405.3M params*');
  const tokens = hints.find((h) => h.kind === 'tokens')!;
  assert.equal(tokens.line, lineOf(text, '"train_iters"'));
  // Tokens rest on the directive's GPU count (an assumption): marked.
  assert.equal(tokens.text, `≈ 300B tokens* · ${a.estimate.flops.total!.toExponential(1).replace('e+', 'e')} FLOPs`);
  const summary = hints.find((h) => h.kind === 'summary')!;
  assert.equal(summary.line, 0);
  assert.equal(summary.text, 'loss ≈ 2.44 (epoch-2024) · 1,730 GPU-h on 32×A100-40GB @ 42% MFU* · ≈ $3,470');
  assert.equal(summary.text, summaryText(a.result, a.estimate));
  assert.equal(statusText(a.estimate), '405.3M · 300B tok · 1.73K GPU-h');
});

test('hover on a hinted line explains the derivation; other lines have none', () => {
  const text = fixture('gpt-neox/pythia-410m.yml');
  const a = analyze(text, 'pythia-410m.yml');
  assert.ok(a.ok);
  const hints = hintSpecs(a.result, a.estimate, options);
  const params = hoverMarkdown(lineOf(text, '"num_layers"'), a.result, a.estimate, hints)!;
  assert.match(params, /\*\*405,334,016 parameters\*\*/);
  assert.match(params, /non-embedding \| 302,311,424/);
  assert.match(params, /`num_layers` \| 24 \| stated \(line \d+\)/);
  const tokens = hoverMarkdown(lineOf(text, '"train_iters"'), a.result, a.estimate, hints)!;
  assert.match(tokens, /299,892,736,000 training tokens/);
  assert.match(tokens, /PaLM \(6N \+ 12LHQT\)/);
  const summary = hoverMarkdown(0, a.result, a.estimate, hints)!;
  assert.match(summary, /nats\/token, MassiveText/);
  assert.match(summary, /do not transfer across datasets/);
  assert.match(summary, /Besiroglu|epoch-2024/);
  assert.match(summary, /\*\*Assumptions\*\*/);
  assert.equal(hoverMarkdown(lineOf(text, '"hidden_size"'), a.result, a.estimate, hints), null);
});

test('hints respect the per-kind switches and the maximum length', () => {
  const text = fixture('gpt-neox/pythia-410m.yml');
  const a = analyze(text, 'pythia-410m.yml');
  assert.ok(a.ok);
  assert.deepEqual(hintSpecs(a.result, a.estimate, { ...options, params: false, summary: false }).map((h) => h.kind), ['tokens']);
  for (const h of hintSpecs(a.result, a.estimate, { ...options, maxLength: 30 })) assert.ok(h.text.length <= 30, h.text);
});

test('directive quick fix: appended to an existing directive, else a new first line (after a shebang)', () => {
  assert.deepEqual(directiveInsert('a: 1\n# scaling-lens: gpu=H100\nb: 2\n', 'gpus=8'), { line: 1, character: 24, text: ' gpus=8' });
  assert.deepEqual(directiveInsert('a: 1\n', 'gpus=8'), { line: 0, character: 0, text: '# scaling-lens: gpus=8\n' });
  assert.deepEqual(directiveInsert('#!/bin/bash\r\nX=1\r\n', 'gpus=8'), { line: 1, character: 0, text: '# scaling-lens: gpus=8\r\n' });
});

test('the summary falls back to its compact form when the full one does not fit the limit', () => {
  const text = fixture('gpt-neox/pythia-410m.yml');
  const a = analyze(text, 'pythia-410m.yml');
  assert.ok(a.ok);
  const at43 = hintSpecs(a.result, a.estimate, { ...options, maxLength: 43 }).find((h) => h.kind === 'summary')!;
  assert.equal(at43.text, 'loss ≈ 2.44 · 1.73K GPU-h* · ≈ $3.47K');
  assert.equal(hintSpecs(a.result, a.estimate, { ...options, maxLength: 10 }).find((h) => h.kind === 'summary')!.text.length, 10);
});
