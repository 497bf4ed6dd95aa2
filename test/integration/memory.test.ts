// Per-GPU memory in a real VS Code: the out-of-memory diagnostic of a config that does not fit
// the assumed GPU (an information while the verdict rests on assumptions), the memory hint on
// the micro-batch line, and the summary hover's breakdown with the formula and inputs of each term;
// then the micro-batch quick fix applied as VS Code applies it (code action, workspace edit, undo).
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

  test('the micro-batch quick fix on llm-foundry MPT-7B: applied through the code action, the line and the diagnostic follow, undo restores', async () => {
    // mosaicml/llm-foundry's pretrain/mpt-7b.yaml states device_train_microbatch_size: 8; on the
    // assumed A100-80GB that is out of memory and a smaller micro-batch fits.
    const uri = vscode.Uri.joinPath(root, 'test', 'fixtures', 'llm-foundry', 'mpt-7b.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    const original = doc.getText();
    const line = original.split('\n').findIndex((l) => l.startsWith('device_train_microbatch_size:'));
    assert.equal(doc.lineAt(line).text, 'device_train_microbatch_size: 8');
    try {
      const d = await diagnostics(uri, (x) => x.some((y) => y.code === 'out-of-memory'));
      const oom = d.find((y) => y.code === 'out-of-memory');
      assert.ok(oom, JSON.stringify(d));
      assert.equal(oom.range.start.line, line);
      const actions =
        (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, oom.range, vscode.CodeActionKind.QuickFix.value)) ??
        [];
      const titles = actions.map((a) => a.title);
      const fix = actions.find((a) => /^Scaling Lens: micro-batch 8 → \d+ \([\d.]+ GiB\/GPU, fits\)$/.test(a.title));
      assert.ok(fix?.edit, `a micro-batch fix that fits among ${JSON.stringify(titles)}`);
      assert.equal(fix.isPreferred, true);
      const [, to, gib] = /→ (\d+) \(([\d.]+) GiB\/GPU/.exec(fix.title)!;
      assert.ok(Number(to) < 8);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.equal(doc.lineAt(line).text, `device_train_microbatch_size: ${to}`);
      // The diagnostic follows the edit: no longer out of memory, and the hint shows the fix's figure.
      const after = await diagnostics(uri, (x) => !x.some((y) => y.code === 'out-of-memory'));
      assert.ok(!after.some((y) => y.code === 'out-of-memory'), JSON.stringify(after));
      const hintText = async () =>
        ((await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', uri, new vscode.Range(0, 0, doc.lineCount, 0))) ?? [])
          .filter((h) => h.position.line === line)
          .map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')))
          .join(' ');
      const hint = await hintText();
      assert.ok(hint.includes(`${gib} GiB/GPU of 74.5 ✓`) || hint.includes(`${gib} GiB/GPU of 74.5 ⚠`), `hint on the micro-batch line: ${hint}`);
      // Undo restores the file and the diagnostic.
      await vscode.window.showTextDocument(doc, { preview: false });
      await vscode.commands.executeCommand('undo');
      assert.equal(doc.getText(), original);
      assert.equal(doc.isDirty, false);
      const back = await diagnostics(uri, (x) => x.some((y) => y.code === 'out-of-memory'));
      assert.ok(
        back.some((y) => y.code === 'out-of-memory'),
        JSON.stringify(back),
      );
    } finally {
      if (doc.getText() !== original) {
        await vscode.window.showTextDocument(doc);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });
});
