// Per-GPU memory in a real VS Code: the out-of-memory diagnostic of a config whose model cannot
// fit one GPU unsharded (as an information while the layout is assumed), and the summary hover's
// memory breakdown with the formula and inputs of each term.
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

  test('Mixtral 8x7B (Megatron) without a stated layout: out of memory as information on the parameters line, and the hover breakdown', async () => {
    const uri = vscode.Uri.joinPath(root, 'test', 'fixtures', 'megatron', 'mixtral_8x7b.sh');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const d = await diagnostics(uri, (x) => x.some((y) => y.code === 'out-of-memory'));
    const oom = d.find((y) => y.code === 'out-of-memory');
    assert.ok(oom, JSON.stringify(d));
    assert.equal(oom.severity, vscode.DiagnosticSeverity.Information);
    assert.match(oom.message, /^Out of memory: ≥ \d+ GiB\/GPU of \d+(\.\d+)? on /);
    assert.match(oom.message, /To fit: FSDP full sharding \(ZeRO-3\) over \d+ GPUs → /);
    assert.match(oom.message, /Rests on assumed /);
    const layersLine = doc.getText().split('\n').findIndex((l) => l.includes('--num-layers'));
    assert.equal(oom.range.start.line, layersLine);
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(0, 0))) ?? [];
    const md = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(md, /\| term \| per GPU \| formula \| inputs \|/);
    assert.match(md, /\| optimizer \| [\d.]+ GiB \| trainable × \(master 4 B \+ adamw states 8 B\) ÷ shard \|/);
    assert.match(md, /KV cache [\d.]+ KiB\/token/);
  });
});
