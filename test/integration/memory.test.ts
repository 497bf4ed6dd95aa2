// Per-GPU memory in a real VS Code: the out-of-memory diagnostic of a config that does not fit
// the assumed GPU (an information while the verdict rests on assumptions), the memory hint on
// the micro-batch line, and the summary hover's breakdown with the formula and inputs of each term.
import * as assert from 'node:assert/strict';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import pkg from '../../package.json';
import type { ScalingLensApi } from '../../src/extension';

const extensionId = `${pkg.publisher}.${pkg.name}`;
let root: vscode.Uri;

async function diagnostics(uri: vscode.Uri, ready: (d: vscode.Diagnostic[]) => boolean, timeoutMs = 8000): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'Scaling Lens');
    if (ready(d) || Date.now() > deadline) return d;
    await new Promise((r) => setTimeout(r, 50));
  }
}

suite('editor: per-GPU memory', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<ScalingLensApi>(extensionId);
    assert.ok(ext);
    await ext.activate();
    root = ext.extensionUri;
  });

  test('Megatron Llama 3 8B FP8 on the assumed A100-80GB: out of memory as information on the micro-batch line, the hint there, and the hover breakdown', async () => {
    // The script states its layout (tp 1, distributed optimizer, micro-batch 1, 8,192 tokens) but
    // not its GPU: on the default A100-80GB it needs ~85 GiB, and the verdict rests on that assumption.
    const uri = vscode.Uri.joinPath(root, 'test', 'fixtures', 'megatron', 'llama3_8b_fp8.sh');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const d = await diagnostics(uri, (x) => x.some((y) => y.code === 'out-of-memory'));
    const oom = d.find((y) => y.code === 'out-of-memory');
    assert.ok(oom, JSON.stringify(d));
    assert.equal(oom.severity, vscode.DiagnosticSeverity.Information);
    assert.match(oom.message, /^Out of memory: ≈ \d+(\.\d+)? GiB\/GPU of \d+(\.\d+)? on /);
    assert.match(oom.message, /To fit: full activation checkpointing → /);
    assert.match(oom.message, /Rests on assumed /);
    // The value's own line: MICRO_BATCH_SIZE=1, which `--micro-batch-size $MICRO_BATCH_SIZE` expands.
    const microLine = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.startsWith('MICRO_BATCH_SIZE='));
    assert.equal(oom.range.start.line, microLine);
    const hints =
      (await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', uri, new vscode.Range(0, 0, doc.lineCount, 0))) ?? [];
    const memoryHint = hints.find((h) => /GiB\/GPU of/.test(typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')));
    assert.ok(memoryHint, 'a memory hint');
    assert.equal(memoryHint.position.line, microLine);
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(0, 0))) ?? [];
    const md = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(md, /\| term \| per GPU \| formula \| inputs \|/);
    assert.match(md, /\| optimizer \| [\d.]+ GiB \| trainable × \(master 4 B \+ adamw states 8 B\) ÷ shard \|/);
    assert.match(md, /KV cache [\d.]+ KiB\/token/);
  });
});
