// The editor features in a real VS Code: exact inlay hints, hovers and diagnostics for configs
// of several frameworks, live updates while editing, quick fixes, and a broken file that gets a
// diagnostic instead of a crash.
import * as assert from 'node:assert/strict';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import pkg from '../../package.json';
import type { ScalingLensApi } from '../../src/extension';

const extensionId = `${pkg.publisher}.${pkg.name}`;
let api: ScalingLensApi;
let root: vscode.Uri;

const fixture = (path: string) => vscode.Uri.joinPath(root, 'test', 'fixtures', ...path.split('/'));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function open(uri: vscode.Uri): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  return doc;
}

type Hint = { line: number; text: string };

async function hints(doc: vscode.TextDocument): Promise<Hint[]> {
  const range = new vscode.Range(0, 0, doc.lineCount, 0);
  const result = (await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, range)) ?? [];
  return result
    .map((h) => ({ line: h.position.line, text: typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('') }))
    .sort((a, b) => a.line - b.line);
}

type Lens = { line: number; title: string; command: string };

async function lenses(doc: vscode.TextDocument): Promise<Lens[]> {
  const result = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri)) ?? [];
  return result.map((l) => ({ line: l.range.start.line, title: l.command?.title ?? '', command: l.command?.command ?? '' }));
}

async function hover(doc: vscode.TextDocument, line: number): Promise<string> {
  const result = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, 0))) ?? [];
  return result.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

/** Diagnostics are pushed after a debounce: wait until `ready` says they are there. */
// 10 s: on a busy 2-core CI machine the first analysis of a new document once took longer than 5 s.
async function diagnostics(uri: vscode.Uri, ready: (d: vscode.Diagnostic[]) => boolean, timeoutMs = 10_000): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'Scaling Lens');
    if (ready(d) || Date.now() > deadline) return d;
    await new Promise((r) => setTimeout(r, 50));
  }
}

function lineOf(doc: vscode.TextDocument, needle: string): number {
  for (let i = 0; i < doc.lineCount; i++) if (doc.lineAt(i).text.includes(needle)) return i;
  throw new Error(`"${needle}" not in ${doc.uri.path}`);
}

suite('editor: hints, hovers, diagnostics', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<ScalingLensApi>(extensionId);
    assert.ok(ext);
    api = await ext.activate();
    root = ext.extensionUri;
    console.log(`    activate() took ${api.activationMs.toFixed(1)} ms`);
  });

  test('the summary is a CodeLens above the first line, with its derivation; the hints toggle and the summary switch hide it', async () => {
    const doc = await open(fixture('megatron/mixtral_8x7b.sh'));
    const summary = '46.7B params (12.9B active)* · 524B tokens · loss ≈ 2.07 · 65.7K GPU-h* · $115K';
    assert.deepEqual(await lenses(doc), [
      { line: 0, title: summary, command: 'scalingLens.openCurvePanel' },
      { line: 0, title: 'derivation', command: 'scalingLens.showDerivation' },
    ]);
    // Not at the end of line 1 any more: that hint was off-screen beside the curve panel.
    assert.ok(!(await hints(doc)).some((h) => h.line === 0), 'no summary hint on the first line');
    const config = vscode.workspace.getConfiguration('scalingLens');
    await config.update('inlayHints.summary', false, vscode.ConfigurationTarget.Global);
    try {
      assert.deepEqual(await lenses(doc), []);
      assert.equal((await hints(doc)).length, 3, 'the per-line hints stay');
    } finally {
      await config.update('inlayHints.summary', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.equal((await lenses(doc))[0]?.title, summary);
  });

  test('the scalingLens.interNodeGbps setting reprices a multi-node run: a slower network, more GPU-hours', async () => {
    const doc = await open(fixture('megatron/mixtral_8x7b.sh'));
    const title = async () => (await lenses(doc))[0]?.title ?? '';
    /** Lenses follow a settings change after the re-analysis: poll until `want` or time out. */
    const until = async (want: string) => {
      const deadline = Date.now() + 10_000;
      while (!(await title()).includes(want) && Date.now() < deadline) await sleep(100);
      return title();
    };
    assert.match(await until('65.7K GPU-h'), /65\.7K GPU-h/);
    const config = vscode.workspace.getConfiguration('scalingLens');
    await config.update('interNodeGbps', 100, vscode.ConfigurationTarget.Global);
    try {
      // 32 GPUs in 4 nodes: the pipeline sends cross nodes, at 100 Gbit/s instead of DGX A100's 1,600.
      assert.match(await until('73.6K GPU-h'), /73\.6K GPU-h\* · \$129K/);
    } finally {
      await config.update('interNodeGbps', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.match(await until('65.7K GPU-h'), /65\.7K GPU-h/);
  });

  test('Pythia-410M (GPT-NeoX YAML): exact hints on the layer and duration lines, the summary above the first', async () => {
    const doc = await open(fixture('gpt-neox/pythia-410m.yml'));
    assert.equal((await lenses(doc))[0]?.title, '405.3M params* · 300B tokens* · loss ≈ 2.44 · 2.27K GPU-h* · $4.54K');
    assert.deepEqual(await hints(doc), [
      { line: lineOf(doc, '"num_layers"'), text: '≈ 405.3M params*' },
      { line: lineOf(doc, '"train_micro_batch_size_per_gpu"'), text: '≈ 32 GiB/GPU of 37.3 ✓' },
      { line: lineOf(doc, '"train_iters"'), text: '≈ 300B tokens* · 8.2e20 PaLM FLOPs' },
    ]);
  });

  test('nanoGPT, torchtitan, Megatron (MoE), litgpt and config.json hints', async () => {
    const cases: Array<[string, string | null, Array<[string, string]>]> = [
      // nanoGPT's architecture is train.py's defaults; block_size is the one architecture line.
      [
        'nanogpt/train_gpt2.py',
        '124.4M params · 295B tokens · loss ≈ 2.69 · 470 GPU-h* · $823',
        [
          ['block_size', '≈ 124.4M params'],
          ['max_iters', '≈ 295B tokens · 2.5e20 PaLM FLOPs'],
          ['batch_size', '≈ 9.15 GiB/GPU of 74.5 ✓'],
        ],
      ],
      [
        'torchtitan/llama3_8b.toml',
        '8.03B params · 65.5M tokens* · loss ≈ 4.87 · 6.31 GPU-h* · $11',
        [
          ['flavor', '≈ 8.03B params'],
          ['steps', '≈ 65.5M tokens* · 3.8e18 PaLM FLOPs'],
          ['local_batch_size', '≈ 40.7 GiB/GPU of 74.5 ✓'],
        ],
      ],
      [
        'megatron/mixtral_8x7b.sh',
        '46.7B params (12.9B active)* · 524B tokens · loss ≈ 2.07 · 65.7K GPU-h* · $115K',
        [
          ['--num-layers', '≈ 46.7B params (12.9B active)*'],
          ['--train-iters', '≈ 524B tokens · 4.3e22 PaLM FLOPs'],
          ['--micro-batch-size', '≈ 48.6 GiB/GPU of 74.5 ✓'],
        ],
      ],
      [
        'litgpt/tinyllama.yaml',
        '1.1B params · 3T tokens · loss ≈ 2.22 · 32.1K GPU-h* · $56.2K',
        [
          ['model_name', '≈ 1.1B params'],
          ['max_tokens', '≈ 3T tokens · 2.2e22 PaLM FLOPs'],
          ['micro_batch_size', '≈ 25.7 GiB/GPU of 74.5 ✓'],
        ],
      ],
      // config.json describes a model, not a run: its lens says so.
      ['hf-config/tinyllama/config.json', '1.1B params · tokens unknown', [['num_hidden_layers', '≈ 1.1B params']]],
    ];
    for (const [file, summary, expected] of cases) {
      const doc = await open(fixture(file));
      assert.deepEqual(
        (await lenses(doc)).filter((l) => l.command === 'scalingLens.openCurvePanel').map((l) => [l.line, l.title]),
        summary === null ? [] : [[0, summary]],
        file,
      );
      const got = await hints(doc);
      for (const [where, text] of expected) {
        const hint = got.find((h) => h.text === text);
        assert.ok(hint, `${file}: no hint "${text}" in ${JSON.stringify(got)}`);
        assert.ok(
          doc.lineAt(hint.line).text.includes(where),
          `${file}: "${text}" on line ${hint.line + 1} (${doc.lineAt(hint.line).text.trim()}), expected the "${where}" line`,
        );
      }
      assert.equal(got.length, expected.length, `${file}: ${JSON.stringify(got)}`);
    }
  });

  test('torchtitan config_registry.py: one summary lens above each function; OLMo-core launch script: hints and hover with the exact count', async () => {
    const doc = await open(fixture('torchtitan/llama3/config_registry.py'));
    const got = (await lenses(doc)).filter((l) => l.command === 'scalingLens.openCurvePanel');
    const defs = doc
      .getText()
      .split('\n')
      .flatMap((t, i) => (/^def \w+\(\) -> Trainer\.Config:/.test(t) ? [i] : []));
    assert.ok(defs.length >= 10, `${defs.length} functions`);
    assert.deepEqual(
      got.map((l) => l.line),
      defs,
      'a lens above every function that returns a config',
    );
    const eight = got.find((l) => l.line === lineOf(doc, 'def llama3_8b()'))!;
    assert.match(eight.title, /^8\.03B params · /);
    assert.match(await hover(doc, eight.line), /N = 8,030,261,248 \(total\)/);

    const olmo = await open(fixture('olmo-core/OLMo2-7B.py'));
    const hinted = await hints(olmo);
    const params = hinted.find((h) => h.text === '≈ 7.3B params');
    assert.ok(params, JSON.stringify(hinted));
    assert.match(await hover(olmo, params.line), /\*\*7,298,617,344 parameters\*\* \(OLMo-core\)/);
    assert.match((await lenses(olmo))[0]?.title ?? '', /^7\.3B params · 4T tokens · /);
  });
  test('torchtune, Levanter, llm.c and nanochat: hints on their lines, hovers with the exact count', async () => {
    const cases: Array<[string, Array<[string, string]>, RegExp]> = [
      [
        'torchtune/llama3_1_8B_lora_dpo_single_device.yaml',
        [
          ['lora_llama3_1_8b', '≈ 8.03B params · trainable 19.7M (0.24%)'],
          ['max_steps_per_epoch', '≈ ≤ 65.5M tokens* · 3.1e18 PaLM FLOPs'],
        ],
        /\*\*8,030,261,248 parameters\*\* \(torchtune\)/,
      ],
      [
        'levanter/llama_1b_with_fineweb_txt.yaml',
        [
          ['num_layers', '≈ 1.2B params*'],
          ['num_train_steps', '≈ 1.57T tokens · 1.2e22 PaLM FLOPs'],
        ],
        /\*\*1,204,881,408 parameters\*\* \(Levanter\)/,
      ],
      [
        'wild/configs/karpathy__llm.c/scripts/run_gpt2_1558M.sh',
        [
          ['-e "d48"', '≈ 1.56B params'],
          ['-x 32000', '≈ 33.6B tokens · 3.4e20 PaLM FLOPs'],
        ],
        /\*\*1,557,686,400 parameters\*\* \(llm\.c\)/,
      ],
      // Both hints on one line: the FLOPs do not fit VS Code's 43 characters, so they stay in the tooltip.
      ['nanochat/speedrun.sh', [['scripts.base_train -- --depth=20', '≈ 561M params · 11.2B tokens']], /\*\*560,988,160 parameters\*\* \(nanochat\)/],
    ];
    for (const [file, expected, count] of cases) {
      const doc = await open(fixture(file));
      const got = await hints(doc);
      for (const [where, text] of expected) {
        const hint = got.find((h) => h.text === text);
        assert.ok(hint, `${file}: no hint "${text}" in ${JSON.stringify(got)}`);
        assert.ok(
          doc.lineAt(hint.line).text.includes(where),
          `${file}: "${text}" on line ${hint.line + 1} (${doc.lineAt(hint.line).text.trim()}), expected the "${where}" line`,
        );
      }
      const first = got.find((h) => h.text === expected[0]![1])!;
      assert.match(await hover(doc, first.line), count, file);
    }
  });

  test('a GPT-NeoX model-only config names no tokenizer: no count, and a diagnostic that says what to add', async () => {
    const doc = await open(fixture('gpt-neox/llama_7B.yml'));
    const d = await diagnostics(doc.uri, (x) => x.some((y) => y.code === 'unknown-tokenizer'));
    const p = d.find((y) => y.code === 'unknown-tokenizer');
    assert.ok(p, JSON.stringify(d));
    assert.match(p.message, /model-only file.*# scaling-lens: vocab=N/);
    assert.ok(!(await hints(doc)).some((h) => /params/.test(h.text)), 'no parameter hint without a vocabulary');
  });

  test('fine-tunes (LLaMA-Factory, axolotl, alignment-handbook): the kind and trainable share, and no pretraining loss', async () => {
    const cases: Array<[string, string, string, string]> = [
      [
        'wild/configs/hiyouga__LLaMA-Factory/examples/train_lora/qwen3_lora_sft.yaml',
        'LoRA SFT · trainable 16.5M of 4.02B (0.41%) · ≤ 12.3M tokens · 0.535 GPU-h* · $0.94',
        'model_name_or_path',
        '≈ 4.02B params · trainable 16.5M (0.41%)',
      ],
      [
        'finetune/axolotl-ai-cloud__axolotl/examples/llama-3/qlora.yml',
        'QLoRA SFT · trainable 83.9M of 8.03B (1.0%) · tokens unknown',
        'base_model',
        '≈ 8.03B params · trainable 83.9M (1.0%)',
      ],
      [
        'finetune/huggingface__alignment-handbook/recipes/zephyr-7b-beta/sft/config_qlora.yaml',
        'QLoRA SFT · trainable 41.9M of 7.24B (0.58%) · tokens unknown',
        'model_name_or_path',
        '≈ 7.24B params · trainable 41.9M (0.58%)',
      ],
    ];
    for (const [file, summary, where, text] of cases) {
      const doc = await open(fixture(file));
      assert.deepEqual(
        (await lenses(doc)).filter((l) => l.command === 'scalingLens.openCurvePanel').map((l) => [l.line, l.title]),
        [[0, summary]],
        file,
      );
      const hint = (await hints(doc)).find((h) => h.text === text);
      assert.ok(hint, `${file}: no hint "${text}"`);
      assert.ok(doc.lineAt(hint.line).text.includes(where), `${file}: "${text}" on line ${hint.line + 1}`);
      assert.match(await hover(doc, hint.line), /\*\*Trainable: [\d,]+\*\* of [\d,]+/, file);
      const top = await hover(doc, 0);
      assert.match(top, /\*\*No predicted loss\*\*.*pretraining laws do not apply to a run that starts from trained weights/, file);
      assert.doesNotMatch(top, /Predicted loss|Under-trained|Compute-optimal/, file);
    }
  });

  test('a config whose tokens cannot be derived says so on the duration line, and no loss is invented', async () => {
    const doc = await open(fixture('olmo/OLMo2-7B-stage1.yaml'));
    const got = await hints(doc);
    assert.deepEqual(
      got.map((h) => h.text),
      ['≈ 7.3B params', 'tokens unknown: 1 epoch of the data mix', '≈ 59.1 GiB/GPU of 74.5 ✓'],
    );
    assert.ok(doc.lineAt(got[1]!.line).text.includes('max_duration'));
  });

  test('hover on a hinted line shows the derivation, with values, origins, law and FLOP convention', async () => {
    const doc = await open(fixture('gpt-neox/pythia-410m.yml'));
    const params = await hover(doc, lineOf(doc, '"num_layers"'));
    assert.match(params, /\*\*405,334,016 parameters\*\* \(GPT-NeoX\)/);
    assert.match(params, /\| non-embedding \| 302,311,424 \|/);
    assert.ok(params.includes(`| \`num_layers\` | 24 | stated (line ${lineOf(doc, '"num_layers"') + 1}) |`), params);
    assert.match(params, /`vocab` \| 50,277 \| \*\*assumed\*\*/);
    const tokens = await hover(doc, lineOf(doc, '"train_iters"'));
    assert.match(tokens, /\*\*299,892,736,000 training tokens\*\* = train_iters 143000 × 2097152 tokens per step/);
    assert.match(tokens, /convention PaLM \(6N \+ 12LHQT\)/);
    const summary = await hover(doc, 0);
    assert.match(summary, /\*\*Predicted loss 2\.4382\*\* nats\/token, MassiveText training loss/);
    assert.match(summary, /do not transfer across datasets/);
    assert.match(summary, /`gpus` = 32: from the directive comment `gpus=32`/);
    assert.equal(await hover(doc, lineOf(doc, '"hidden_size"')), '', 'no hover on lines without a hint');
  });

  test('editing the file updates the hints (and never shows stale numbers)', async () => {
    // An untitled copy: whatever saves a dirty editor (auto save, a slow revert) cannot touch the fixture.
    const doc = await vscode.workspace.openTextDocument({
      language: 'yaml',
      content: (await vscode.workspace.fs.readFile(fixture('gpt-neox/pythia-410m.yml'))).toString(),
    });
    const editor = await vscode.window.showTextDocument(doc);
    const line = lineOf(doc, '"num_layers"');
    const original = doc.lineAt(line).text;
    try {
      assert.equal((await hints(doc)).find((h) => h.line === line)?.text, '≈ 405.3M params*');
      await editor.edit((e) => e.replace(doc.lineAt(line).range, original.replace('24', '36')));
      const after = await hints(doc);
      assert.equal(after.find((h) => h.line === line)?.text, '≈ 556.5M params*');
      await editor.edit((e) => e.replace(doc.lineAt(line).range, original.replace('24', '-3')));
      const broken = await hints(doc);
      assert.equal(
        broken.find((h) => h.line === line),
        undefined,
        'no parameter count for an impossible layer count',
      );
      const d = await diagnostics(doc.uri, (x) => x.some((y) => y.code === 'invalid-value'));
      const bad = d.find((y) => y.code === 'invalid-value')!;
      assert.equal(bad.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(bad.range.start.line, line);
      assert.match(bad.message, /num_layers: must be at least 1, got -3/);
      await editor.edit((e) => e.replace(doc.lineAt(line).range, original));
      assert.equal((await hints(doc)).find((h) => h.line === line)?.text, '≈ 405.3M params*');
    } finally {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  test('a broken file gets a parse diagnostic at the right line, not a crash', async () => {
    const doc = await vscode.workspace.openTextDocument({
      language: 'yaml',
      content: 'num_layers: 2\ntrain_iters: 10\nhidden_size: [1, 2\nseq_length: 2048\n',
    });
    await vscode.window.showTextDocument(doc);
    const d = await diagnostics(doc.uri, (x) => x.some((y) => y.code === 'parse-error'));
    assert.ok(d.length > 0, 'a diagnostic');
    assert.ok(
      d.every((x) => x.severity === vscode.DiagnosticSeverity.Error && x.code === 'parse-error'),
      JSON.stringify(d),
    );
    assert.ok(d[0]!.range.start.line >= 2, `at the broken line, got ${d[0]!.range.start.line + 1}`);
    assert.deepEqual(await hints(doc), []);
    assert.ok(api.ctx.analyses, 'the extension is still alive');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('a reused untitled name never shows its predecessor’s hints or diagnostics', async () => {
    // "Untitled-1" closed and a new "Untitled-1" opened at once: both are at version 1.
    const first = await vscode.workspace.openTextDocument({ language: 'yaml', content: 'num_layers: -3\ntrain_iters: 10\nhidden_size: 64\nseq_length: 128\n' });
    await vscode.window.showTextDocument(first);
    await diagnostics(first.uri, (x) => x.some((y) => y.code === 'invalid-value'));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    const second = await vscode.workspace.openTextDocument({
      language: 'yaml',
      content: (await vscode.workspace.fs.readFile(fixture('gpt-neox/pythia-410m.yml'))).toString(),
    });
    await vscode.window.showTextDocument(second);
    // Whatever the timing, what the editor shows for the new document is never the old one's.
    for (let i = 0; i < 100; i++) {
      const d = vscode.languages.getDiagnostics(second.uri);
      assert.ok(!d.some((y) => /num_layers/.test(y.message)), JSON.stringify(d));
      const h = await hints(second);
      if (h.some((x) => /params/.test(x.text))) break;
      await sleep(50);
    }
    assert.ok((await hints(second)).some((x) => /405\.3M params/.test(x.text)));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('an assumed GPU count is reported with a quick fix that adds the directive as an undoable edit', async () => {
    const doc = await vscode.workspace.openTextDocument({
      language: 'yaml',
      content: (await vscode.workspace.fs.readFile(fixture('gpt-neox/pythia-14m.yml'))).toString(),
    });
    await vscode.window.showTextDocument(doc);
    const d = await diagnostics(doc.uri, (x) => x.some((y) => y.code === 'assumed-gpu-count'));
    const info = d.find((y) => y.code === 'assumed-gpu-count');
    assert.ok(info, JSON.stringify(d));
    assert.equal(info.severity, vscode.DiagnosticSeverity.Information);
    assert.equal(info.range.start.line, lineOf(doc, '"train-iters"'));
    const actions =
      (await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        doc.uri,
        info.range,
        vscode.CodeActionKind.QuickFix.value,
      )) ?? [];
    const fix = actions.find((a) => a.title === 'Add `# scaling-lens: gpus=8`');
    assert.ok(fix?.edit, JSON.stringify(actions.map((a) => a.title)));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(doc.lineAt(0).text, '# scaling-lens: gpus=8');
    const cleared = await diagnostics(doc.uri, (x) => !x.some((y) => y.code === 'assumed-gpu-count'));
    assert.ok(!cleared.some((y) => y.code === 'assumed-gpu-count'), 'stated now: no diagnostic');
    await vscode.commands.executeCommand('undo');
    assert.notEqual(doc.lineAt(0).text, '# scaling-lens: gpus=8', 'the edit is undoable');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('an intended short run: the Under-trained diagnostic has a quick fix that adds ignore=under-trained, undoably', async () => {
    const doc = await vscode.workspace.openTextDocument({
      language: 'yaml',
      content: (await vscode.workspace.fs.readFile(fixture('maxtext/llama3-8b.yml'))).toString(),
    });
    await vscode.window.showTextDocument(doc);
    const d = await diagnostics(doc.uri, (x) => x.some((y) => y.code === 'under-trained'));
    const warn = d.find((y) => y.code === 'under-trained');
    assert.ok(warn, JSON.stringify(d));
    assert.equal(warn.severity, vscode.DiagnosticSeverity.Warning);
    const actions =
      (await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        doc.uri,
        warn.range,
        vscode.CodeActionKind.QuickFix.value,
      )) ?? [];
    const fix = actions.find((a) => a.title === 'Intended (continued pretraining or a short run): add `# scaling-lens: ignore=under-trained`');
    assert.ok(fix?.edit, JSON.stringify(actions.map((a) => a.title)));
    const before = doc.getText();
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(doc.lineAt(0).text, '# scaling-lens: ignore=under-trained');
    const cleared = await diagnostics(doc.uri, (x) => !x.some((y) => y.code === 'under-trained'));
    assert.ok(!cleared.some((y) => y.code === 'under-trained'), 'intended now: no diagnostic');
    assert.ok(!cleared.some((y) => y.code === 'invalid-directive'), JSON.stringify(cleared));
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), before, 'the edit is undoable');
    await diagnostics(doc.uri, (x) => x.some((y) => y.code === 'under-trained'));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('non-config files get nothing: no hints, no lenses, no diagnostics', async () => {
    const doc = await open(fixture('unrelated/ci-workflow.yml'));
    assert.deepEqual(await hints(doc), []);
    assert.deepEqual(await lenses(doc), []);
    assert.deepEqual(await diagnostics(doc.uri, () => false, 600), []);
  });

  test('the toggle command turns hints and the summary lens off and on', async () => {
    const doc = await open(fixture('litgpt/tinyllama.yaml'));
    assert.ok((await hints(doc)).length > 0);
    assert.equal((await lenses(doc)).length, 2);
    await vscode.commands.executeCommand('scalingLens.toggleInlayHints');
    try {
      assert.deepEqual(await hints(doc), []);
      assert.deepEqual(await lenses(doc), []);
    } finally {
      await vscode.commands.executeCommand('scalingLens.toggleInlayHints');
    }
    assert.ok((await hints(doc)).length > 0);
    assert.equal((await lenses(doc)).length, 2);
  });

  test('the workspace index finds the configs of the workspace', async () => {
    await api.features.index.ready();
    const found = api.features.index.configs().map((c) => c.uri.path.split('/').pop());
    assert.ok(found.includes('mpt-tiny.yaml') && found.includes('config.json'), JSON.stringify(found));
    assert.ok(!found.includes('README.md'));
  });

  test('hint latency on a 5,000-line config (printed, not asserted)', async () => {
    const base = (await vscode.workspace.fs.readFile(fixture('olmo/OLMo-1B.yaml'))).toString();
    const lines = base.split('\n');
    const at = lines.findIndex((l) => /^\s+paths:/.test(l)) + 1;
    const filler = Array.from({ length: 5000 - lines.length }, (_, i) => `    - s3://ai2-llm/preprocessed/dolma/part-${i}-00000.npy`);
    const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: [...lines.slice(0, at), ...filler, ...lines.slice(at)].join('\n') });
    await vscode.window.showTextDocument(doc);
    const started = performance.now();
    const got = await hints(doc);
    const ms = performance.now() - started;
    assert.ok(
      got.some((h) => h.text.startsWith('≈ 1.18B params')),
      JSON.stringify(got),
    );
    console.log(`    hints for a ${doc.lineCount}-line config: ${ms.toFixed(1)} ms (provider round trip, first request)`);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
