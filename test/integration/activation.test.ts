// Smoke test: the extension loads from the development path and activates in a real extension
// host when a YAML config from the test workspace is opened.
import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import pkg from '../../package.json';

const extensionId = `${pkg.publisher}.${pkg.name}`;

suite('activation', () => {
  test(`${extensionId} activates on a YAML config`, async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is loaded from the development path`);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the runner opens test/fixtures/workspace as the workspace folder');

    // Timed from opening the file: an activation event (onLanguage:yaml) starts activation
    // then, and activate() returns that same activation, so this is what a user waits for.
    const wasActive = extension.isActive;
    const started = performance.now();
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'mpt-tiny.yaml'));
    await vscode.window.showTextDocument(doc);
    await extension.activate();
    const ms = performance.now() - started;

    assert.equal(doc.languageId, 'yaml');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), doc.uri.toString());
    assert.equal(extension.isActive, true);
    console.log(
      `    open YAML → ${extensionId} active: ${wasActive ? 'was already active' : `${ms.toFixed(0)} ms`} ` +
        `(VS Code ${vscode.version}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'} UI, Node ${process.version})`,
    );
  });
});
