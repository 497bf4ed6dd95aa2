// Models the table lacks, in a real VS Code (issue 11 §3): a local `./my-model/config.json` is
// read through vscode.workspace.fs, and the quick fix "Fetch config.json for org/name from the
// Hugging Face Hub" fetches from a real HTTP server on 127.0.0.1 (scalingLens.hub.endpoint), not
// a mock. Nothing is fetched before the user asks (scalingLens.hub.fetch is off by default).
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import pkg from '../../package.json';
import type { ScalingLensApi } from '../../src/extension';

const extensionId = `${pkg.publisher}.${pkg.name}`;
// GraniteMoe 1B-A400M (test/fixtures/hf-config/granite-moe/config.json, the Hub file): q/o 1024²,
// k/v 1024×512, 32 experts of 3·1024·512, router 1024×32, two RMSNorms, 24 layers, final norm,
// tied 49,155 × 1024 embedding.
const d = 1024;
const GRANITE_PARAMS = 24 * (2 * d * d + 2 * d * 512 + 32 * 3 * d * 512 + 32 * d + 2 * d) + d + 49155 * d;

let server: Server;
let endpoint: string;
let dir: string;
let granite: string;
const requests: string[] = [];

const recipe = (model: string) =>
  `model_name_or_path: ${model}\nstage: pt\ndo_train: true\nfinetuning_type: full\ndataset: c4_demo\ncutoff_len: 1024\nper_device_train_batch_size: 1\nnum_train_epochs: 1.0\n`;

async function diagnostics(uri: vscode.Uri, ready: (d: vscode.Diagnostic[]) => boolean, timeoutMs = 8000): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'Scaling Lens');
    if (ready(got) || Date.now() > deadline) return got;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function hover(doc: vscode.TextDocument, line: number): Promise<string> {
  const result = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, 0))) ?? [];
  return result.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

suite('models the table lacks: local config.json and the Hub quick fix', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<ScalingLensApi>(extensionId);
    assert.ok(ext);
    await ext.activate();
    granite = new TextDecoder().decode(
      await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ext.extensionUri, 'test', 'fixtures', 'hf-config', 'granite-moe', 'config.json')),
    );
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url === '/my-org/granite-copy/resolve/main/config.json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(granite);
      } else {
        res.writeHead(404);
        res.end('Entry not found');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await vscode.workspace.getConfiguration('scalingLens').update('hub.endpoint', endpoint, vscode.ConfigurationTarget.Global);
    dir = mkdtempSync(join(tmpdir(), 'sl-models-'));
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('scalingLens').update('hub.endpoint', undefined, vscode.ConfigurationTarget.Global);
    server.closeAllConnections();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a local ./my-model/config.json is read and the hover says where the architecture came from', async () => {
    mkdirSync(join(dir, 'my-model'), { recursive: true });
    writeFileSync(join(dir, 'my-model', 'config.json'), granite);
    writeFileSync(join(dir, 'local.yaml'), recipe('./my-model'));
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(join(dir, 'local.yaml')));
    await vscode.window.showTextDocument(doc);
    const diags = await diagnostics(doc.uri, (x) => x.some((y) => y.code === 'model-resolved'));
    const info = diags.find((y) => y.code === 'model-resolved');
    assert.ok(info, JSON.stringify(diags.map((y) => `${String(y.code)}: ${y.message}`)));
    assert.equal(info.range.start.line, 0);
    assert.match(info.message, /resolved from .*my-model\/config\.json/);
    const text = await hover(doc, 0);
    assert.ok(text.includes(GRANITE_PARAMS.toLocaleString('en-US')), text);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('an unknown Hub id: nothing fetched until the quick fix, which fetches from the loopback server and counts exactly', async () => {
    writeFileSync(join(dir, 'hub.yaml'), recipe('my-org/granite-copy'));
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(join(dir, 'hub.yaml')));
    await vscode.window.showTextDocument(doc);
    // The first reading says "unknown"; once the local lookup (path, HF cache) ends, it says where it looked.
    const looked = (y: vscode.Diagnostic) => y.code === 'unknown-model' && y.message.includes('Looked for');
    const unknown = (await diagnostics(doc.uri, (x) => x.some(looked))).find(looked);
    assert.ok(unknown);
    assert.match(unknown.message, /fetching its config\.json from the Hub is off/);
    assert.deepEqual(requests, [], 'no request before the user asks');
    const actions =
      (await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        doc.uri,
        unknown.range,
        vscode.CodeActionKind.QuickFix.value,
      )) ?? [];
    const fix = actions.find((a) => a.title === 'Fetch config.json for my-org/granite-copy from the Hugging Face Hub');
    assert.ok(fix?.command, JSON.stringify(actions.map((a) => a.title)));
    await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    assert.deepEqual(requests, ['/my-org/granite-copy/resolve/main/config.json']);
    const resolved = (await diagnostics(doc.uri, (x) => x.some((y) => y.code === 'model-resolved'))).find((y) => y.code === 'model-resolved');
    assert.ok(resolved);
    assert.equal(
      resolved.message,
      `The architecture of my-org/granite-copy is resolved from the Hugging Face Hub (${endpoint}/my-org/granite-copy/resolve/main/config.json).`,
    );
    const text = await hover(doc, 0);
    assert.ok(text.includes(GRANITE_PARAMS.toLocaleString('en-US')), text);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
