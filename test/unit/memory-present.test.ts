// The editor's memory surfaces, pinned: the hint on the micro-batch line, the hover's per-term
// table, the out-of-memory diagnostic with ranked remedies, and the micro-batch quick fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/configs/analyze';
import type { ReadResult } from '../../src/configs/types';
import { estimate, type SourceRange, type TrainingPlan } from '../../src/core/index';
import { hintSpecs, hoverMarkdown } from '../../src/editor/present';
import { memoryDiagnostic, memoryMarkdown, memoryQuickFixes } from '../../src/editor/memoryPresent';
import { fixture } from './reader-helpers';

const GIB = 2 ** 30;
const text = fixture('nanogpt/train_gpt2.py').replace('batch_size = 12', 'batch_size = 64');
const lines = text.split('\n');
const line = lines.findIndex((l) => l.startsWith('batch_size = 64'));

/** nanoGPT's GPT-2 124M with a stated micro-batch of 64 on one A100 40GB (as the setup reader will fill it). */
function analysed(gpu = 'A100-40GB'): { r: ReadResult; e: ReturnType<typeof estimate> } {
  const a = analyze(text, 'train_gpt2.py');
  assert.ok(a.ok);
  const range: SourceRange = { startLine: line, startCol: 0, endLine: line, endCol: 15 };
  const plan: TrainingPlan = {
    ...a.result.plan,
    gpu: { value: gpu, origin: 'stated', source: 'test' },
    gpuCount: { value: 1, origin: 'stated', source: 'test' },
    setup: {
      microBatch: { value: 64, origin: 'stated', source: 'batch_size', range },
      sharding: { value: 'none', origin: 'default', source: 'nanoGPT DDP' },
      checkpointing: { value: { mode: 'none' }, origin: 'default', source: 'nanoGPT' },
      optimizer: { value: 'adamw', origin: 'stated', source: 'configure_optimizers' },
    },
  };
  const r = { ...a.result, plan };
  return { r, e: estimate(plan) };
}

test('hint on the micro-batch line: ≈ X GiB/GPU of 37.3 ✗ out of memory; the hover has the term table', () => {
  const { r, e } = analysed();
  assert.ok(e.memory);
  assert.equal(e.memory.fits, false);
  const hints = hintSpecs(r, e, { params: true, tokens: true, memory: true, maxLength: 120 });
  const h = hints.find((x) => x.line === line)!;
  assert.ok(h, 'a hint on the batch_size line');
  assert.match(h.text, /≈ \d+(\.\d+)? GiB\/GPU of 37\.3 ✗ out of memory$/);
  const md = hoverMarkdown(line, hints)!;
  assert.match(md, /\| term \| per GPU \| formula \| inputs \|/);
  assert.match(md, /\| logits \| .* \| b × s × V × 8 B ÷ tp \(fp32 logits and their gradient\) \| b = 64, s = 1,024, V = 50,304, tp = 1 \|/);
  assert.match(md, /\*\*To fit\*\*/);
  assert.equal(memoryMarkdown(e).includes('KV cache 36 KiB/token'), true); // 12 × 12 × 64 × 2 × 2 B = 36,864
  // Without the option (existing callers), no memory hint.
  assert.ok(!hintSpecs(r, e, { params: true, tokens: true, maxLength: 120 }).some((x) => x.kind === 'memory'));
});

test('out-of-memory diagnostic on the micro-batch with ranked, recomputed remedies; error when nothing deciding is assumed', () => {
  const { r, e } = analysed();
  const d = memoryDiagnostic(r, e)!;
  assert.equal(d.code, 'out-of-memory');
  assert.equal(d.severity, 'error');
  assert.equal(d.line, line);
  assert.match(d.message, /^Out of memory: ≈ \d+(\.\d+)? GiB\/GPU of 37\.3 on A100-40GB\. To fit: /);
  const remedies = e.memory!.remedies;
  for (let i = 1; i < remedies.length; i++) assert.ok(remedies[i]!.perGpuBytes >= remedies[i - 1]!.perGpuBytes, 'ranked by the memory left');
  const mb = remedies.find((x) => x.key === 'microBatch')!;
  assert.equal(mb.label, `micro-batch 64 → ${mb.value}`);
  assert.ok(mb.fits && mb.perGpuBytes <= 40e9);
  // A fitting run on an 80 GB GPU: no diagnostic.
  const big = analysed('A100-80GB');
  assert.ok(big.e.memory!.fraction < 0.9 || memoryDiagnostic(big.r, big.e)?.code === 'memory-near-limit');
  assert.ok(e.memory!.perGpuBytes / GIB > 37.3);
});

test('quick fix: replaces the stated number inside the key = value range, nothing else', () => {
  const { r, e } = analysed();
  const fixes = memoryQuickFixes(r, e, (g) => lines[g.startLine]!.slice(g.startCol, g.endCol));
  assert.equal(fixes.length, 1);
  const f = fixes[0]!;
  assert.deepEqual(f.range, { startLine: line, startCol: 13, endLine: line, endCol: 15 });
  assert.equal(lines[line]!.slice(13, 15), '64');
  assert.equal(f.preferred, true);
  assert.match(f.title, /^Scaling Lens: micro-batch 64 → \d+ \(\d+(\.\d+)? GiB\/GPU, fits\)$/);
  // Text where the number is absent: no edit.
  assert.deepEqual(
    memoryQuickFixes(r, e, () => 'batch_size = BATCH'),
    [],
  );
});

test('quick fix: a stated `activation_checkpointing: false` becomes true when full checkpointing is a remedy (llm-foundry MPT-7B)', () => {
  // llm-foundry's MPT-7B (micro-batch 8, fsdp_config.activation_checkpointing: false) on the assumed A100-80GB.
  const mpt = fixture('llm-foundry/mpt-7b.yaml');
  const rows = mpt.split('\n');
  const a = analyze(mpt, 'mpt-7b.yaml');
  assert.ok(a.ok);
  const remedy = a.estimate.memory!.remedies.find((x) => x.key === 'checkpointing')!;
  assert.equal(remedy.value, 'full');
  const fixes = memoryQuickFixes(a.result, a.estimate, (g) => rows[g.startLine]!.slice(g.startCol, g.endCol));
  const ac = fixes.find((f) => /full activation checkpointing/.test(f.title))!;
  const at = rows.findIndex((l) => l.trim() === 'activation_checkpointing: false');
  assert.equal(ac.range.startLine, at);
  assert.equal(rows[at]!.slice(ac.range.startCol, ac.range.endCol), 'false');
  assert.equal(ac.newText, 'true');
  assert.equal(ac.title, `Scaling Lens: full activation checkpointing (${(remedy.perGpuBytes / GIB).toFixed(1)} GiB/GPU${remedy.fits ? ', fits' : ''})`);
  // The edited file reads back with full checkpointing and the remedy's memory.
  const edited = [...rows];
  edited[at] = edited[at]!.slice(0, ac.range.startCol) + ac.newText + edited[at]!.slice(ac.range.endCol);
  const b = analyze(edited.join('\n'), 'mpt-7b.yaml');
  assert.ok(b.ok);
  assert.equal(b.result.plan.setup?.checkpointing?.value.mode, 'full');
  assert.equal(b.estimate.memory!.perGpuBytes, remedy.perGpuBytes);
  // A smaller micro-batch that fits is the preferred fix (full recompute costs ~⅓ more compute per step).
  assert.equal(ac.preferred, false);
  assert.deepEqual(
    fixes.filter((f) => f.preferred).map((f) => f.title.replace(/ \(.*/, '')),
    ['Scaling Lens: micro-batch 8 → 4'],
  );
});
