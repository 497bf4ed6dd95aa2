// The strings the editor shows, pinned: hint texts, their lines, hover content, status text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/configs/analyze';
import { hintSpecs, hoverMarkdown, paramsMarkdown, statusText, summaryLens, summaryLenses, summaryMarkdown } from '../../src/editor/present';
import { directiveInsert } from '../../src/editor/directiveEdit';
import { fixture } from './reader-helpers';

const options = { params: true, tokens: true, maxLength: 120 };

function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle));
}

test('Pythia-410M: hints on the layer line and the duration line, the summary lens above the first line', () => {
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
  assert.equal(tokens.text, `≈ 300B tokens* · ${a.estimate.flops.total!.toExponential(1).replace('e+', 'e')} PaLM FLOPs`);
  assert.deepEqual(
    hints.map((h) => h.kind),
    ['params', 'tokens'],
    'no summary at the end of a line',
  );
  const lens = summaryLens(a.result, a.estimate, 120);
  assert.equal(lens.line, 0);
  // 299,892,736,000 tokens / (40.7K tokens/s/GPU predicted × 3600) / 0.9 = 2.27K GPU-h; × $2.00.
  const t = a.estimate.throughput!;
  assert.ok(Math.abs(a.estimate.gpuHours! - 299_892_736_000 / t.tokensPerSecPerGpu / 3600 / 0.9) < 1e-9 * a.estimate.gpuHours!);
  assert.equal(lens.text, '405.3M params* · 300B tokens* · loss ≈ 2.44 · 2.27K GPU-h* · $4.54K');
  assert.equal(lens.detail, 'loss ≈ 2.44 under epoch-2024 · 2,270 GPU-h on 32×A100-40GB @ 40.7K tok/s/GPU, 36% MFU* · ≈ $4,540. Click for the scaling curves.');
  assert.equal(lens.tooltip, summaryMarkdown(a.result, a.estimate));
  assert.equal(lens.assumed, true);
  assert.equal(statusText(a.estimate), '405.3M · 300B tok · 2.27K GPU-h');
});

test('hover on a hinted line explains the derivation; other lines have none', () => {
  const text = fixture('gpt-neox/pythia-410m.yml');
  const a = analyze(text, 'pythia-410m.yml');
  assert.ok(a.ok);
  const hints = hintSpecs(a.result, a.estimate, options);
  const lenses = [summaryLens(a.result, a.estimate, 120)];
  const params = hoverMarkdown(lineOf(text, '"num_layers"'), hints, lenses)!;
  assert.match(params, /\*\*405,334,016 parameters\*\*/);
  assert.match(params, /non-embedding \| 302,311,424/);
  assert.match(params, /`num_layers` \| 24 \| stated \(line \d+\)/);
  const tokens = hoverMarkdown(lineOf(text, '"train_iters"'), hints, lenses)!;
  assert.match(tokens, /299,892,736,000 training tokens/);
  assert.match(tokens, /PaLM \(6N \+ 12LHQT\)/);
  const summary = hoverMarkdown(0, hints, lenses)!;
  assert.match(summary, /nats\/token, MassiveText/);
  assert.match(summary, /do not transfer across datasets/);
  assert.match(summary, /Besiroglu|epoch-2024/);
  assert.match(summary, /\*\*Assumptions\*\*/);
  assert.equal(hoverMarkdown(lineOf(text, '"hidden_size"'), hints, lenses), null);
  assert.equal(hoverMarkdown(0, hints, []), null, 'without its lens the first line has no hover');
});

test('hints respect the per-kind switches and the maximum length', () => {
  const text = fixture('gpt-neox/pythia-410m.yml');
  const a = analyze(text, 'pythia-410m.yml');
  assert.ok(a.ok);
  assert.deepEqual(
    hintSpecs(a.result, a.estimate, { ...options, params: false }).map((h) => h.kind),
    ['tokens'],
  );
  for (const h of hintSpecs(a.result, a.estimate, { ...options, maxLength: 30 })) assert.ok(h.text.length <= 30, h.text);
});

test('directive quick fix: appended to an existing directive, else a new first line (after a shebang)', () => {
  assert.deepEqual(directiveInsert('a: 1\n# scaling-lens: gpu=H100\nb: 2\n', 'gpus=8'), { line: 1, character: 24, text: ' gpus=8' });
  assert.deepEqual(directiveInsert('a: 1\n', 'gpus=8'), { line: 0, character: 0, text: '# scaling-lens: gpus=8\n' });
  assert.deepEqual(directiveInsert('#!/bin/bash\r\nX=1\r\n', 'gpus=8'), { line: 1, character: 0, text: '# scaling-lens: gpus=8\r\n' });
});

test('the summary lens is cut at the maximum length; several configs in a file get a lens each', () => {
  const text = fixture('gpt-neox/pythia-410m.yml');
  const a = analyze(text, 'pythia-410m.yml');
  assert.ok(a.ok);
  const cut = summaryLens(a.result, a.estimate, 40);
  assert.equal(cut.text, '405.3M params* · 300B tokens* · loss ≈ …');
  assert.equal(cut.text.length, 40);
  const nano = analyze(fixture('nanogpt/train_gpt2.py'), 'train_gpt2.py');
  assert.ok(nano.ok);
  const lenses = summaryLenses(
    [
      { line: 3, result: a.result, estimate: a.estimate },
      { line: 17, result: nano.result, estimate: nano.estimate },
    ],
    120,
  );
  assert.deepEqual(
    lenses.map((l) => [l.line, l.text]),
    [
      [3, '405.3M params* · 300B tokens* · loss ≈ 2.44 · 2.27K GPU-h* · $4.54K'],
      [17, '124.4M params · 295B tokens · loss ≈ 2.69 · 470 GPU-h* · $823'],
    ],
  );
  assert.equal(hoverMarkdown(17, [], lenses), summaryMarkdown(nano.result, nano.estimate));
});

test('a config without tokens: the lens says tokens unknown and invents no loss; the derivation says what is missing for the cost', () => {
  const a = analyze(fixture('olmo/OLMo2-7B-stage1.yaml'), 'OLMo2-7B-stage1.yaml');
  assert.ok(a.ok);
  assert.equal(summaryLens(a.result, a.estimate, 120).text, '7.3B params · tokens unknown');
  assert.equal(summaryLens(a.result, a.estimate, 120).detail, 'cost unknown: the training tokens are unknown. Click for the scaling curves.');
  const md = summaryMarkdown(a.result, a.estimate);
  // The A100-80GB catalog price is known: the tokens are what is missing, not the price.
  assert.ok(md.includes('**GPU-hours and cost unknown**: the training tokens are unknown (the price, $1.75/GPU-h for A100-80GB, is known).'), md);
  assert.doesNotMatch(md, /no price/);
});

test('nanoGPT: the hover header names the norm as its table does (LayerNorm without bias, counted as RMSNorm)', () => {
  const a = analyze(fixture('nanogpt/train_gpt2.py'), 'train_gpt2.py');
  assert.ok(a.ok);
  const md = paramsMarkdown(a.result, a.estimate);
  assert.match(md, /vocab 50304 · LayerNorm \(no bias\) · learned positions/);
  assert.match(md, /\| `norm` \| LayerNorm \(no bias\) \|/);
  assert.doesNotMatch(md, /· rmsnorm ·/i);
  // A reader without a norm field: the counted kind, named as people write it.
  const p = analyze(fixture('gpt-neox/pythia-410m.yml'), 'pythia-410m.yml');
  assert.ok(p.ok);
  assert.match(paramsMarkdown(p.result, p.estimate), /vocab 50304 · LayerNorm · rotary positions/);
});
