// A file that takes seconds to read never freezes the editor (issue 13): analyses run in the
// analysis worker with a time budget. Here a launch script of 2 MB or more (large, not malformed,
// so no reader fix can make it fast; doubled until this machine takes 2.5 budgets to read it) is
// opened with the budget lowered to 300 ms: while the worker reads it, a command round trip in the extension host answers within
// 100 ms, again and again, and a command and a hover through the workbench answer too; past the
// budget the file shows "not analysed", and the restarted worker analyses the next config. The
// same text opened as plain text (which Scaling Lens does not analyse) measures what VS Code
// itself costs for a document that size. Then a workspace full of the hostile corpus
// (test/hostile/cases.ts): while the index reads it, commands answer within 100 ms, and the file
// the index gave up on shows "not analysed" when opened. Every figure is printed. With
// E2E_PROFILE=1 a CPU profile of the extension host's thread says what Scaling Lens spent there.
import * as assert from 'node:assert/strict';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import pkg from '../../package.json';
import { COMMANDS } from '../../src/host/commandIds';
import { analyze } from '../../src/configs/analyze';
import { MAX_CONFIG_BYTES } from '../../src/configs/limits';
import type { ScalingLensApi } from '../../src/extension';
import { hostileCases, ordinaryShell } from '../hostile/cases';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Session } from 'node:inspector';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const extensionId = `${pkg.publisher}.${pkg.name}`;
const BUDGET_MS = 300;
/** The workspace case's budget at most: lowered below a third of the 900 KB script's read time on a fast machine. */
const WORKSPACE_BUDGET_MS = 100;
/** The launch script starts at 2 MB and doubles until reading it takes 2.5 budgets here (slowScript). */
const START_SIZE = 2_000_000;
/** Below the size limit past which a file is refused unread (src/configs/limits.ts). */
const MAX_SIZE = Math.floor(0.9 * MAX_CONFIG_BYTES);

/** Milliseconds the product's own reader takes on `text` in this process (the worker runs the same code). */
function readMs(text: string): number {
  const t = performance.now();
  const a = analyze(text, 'examples/pretrain.sh');
  assert.ok(a.ok, 'the script is read as a config');
  return performance.now() - t;
}

/**
 * A launch script that runs well past `budgetMs` on this machine: "about a second of reading" was
 * a constant once, and a fast machine read the 2 MB script inside the 300 ms budget. The read is
 * measured here, and the script doubled until it takes 2.5 budgets (or MAX_SIZE).
 */
function slowScript(budgetMs: number): { text: string; bytes: number; readMs: number } {
  let bytes = START_SIZE;
  let text = ordinaryShell(bytes);
  let took = readMs(text);
  while (took < 2.5 * budgetMs && bytes < MAX_SIZE) {
    bytes = Math.min(2 * bytes, MAX_SIZE);
    text = ordinaryShell(bytes);
    took = readMs(text);
  }
  return { text, bytes, readMs: took };
}
/** Issue 13: a command issued during an analysis answers within 100 ms. */
const RESPONSIVE_MS = 100;
/** Commands through the workbench also wait for its own work on a 2 MB document: this plus 1.5× the plain-text control. */
const WORKBENCH_MS = 200;
/** Through the workbench, what counts as the editor stalling on our account: over 1.5 s. */
const STALL_MS = 1500;
let api: ScalingLensApi | undefined;
/** Generated at test time inside the test workspace (git-ignored), deleted after. */
const HOSTILE_DIR = 'hostile-tmp';

const config = () => vscode.workspace.getConfiguration('scalingLens');

async function hover(doc: vscode.TextDocument, line: number): Promise<string> {
  const result = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, 0))) ?? [];
  return result.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

async function waitFor<T>(get: () => T | Promise<T>, ready: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (ready(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

/**
 * With E2E_PROFILE set: a CPU profile of the extension host's thread around `fn`, printed as the
 * time spent under Scaling Lens's own frames (dist/*.js, inclusive) and the top self times:
 * what finds the cause when a command waits.
 */
async function profiled<T>(label: string, fn: () => Promise<T>): Promise<T> {
  if (!process.env.E2E_PROFILE) return fn();
  const session = new Session();
  session.connect();
  const post = <R>(method: string, params: object = {}) =>
    new Promise<R>((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res as R))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 1000 });
  await post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await post<{ profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } }>('Profiler.stop');
    session.disconnect();
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const name = (n: ProfileNode) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`;
    const ours = (n: ProfileNode) => /\/dist\/[\w.-]+\.js$/.test(n.callFrame.url);
    const self = new Map<string, number>();
    const under = new Map<string, number>();
    let busy = 0;
    profile.samples.forEach((id, i) => {
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      const leaf = byId.get(id)!;
      if (['(idle)', '(program)'].includes(leaf.callFrame.functionName)) return;
      busy += ms;
      self.set(name(leaf), (self.get(name(leaf)) ?? 0) + ms);
      // The outermost frame of ours on the stack: everything below it is ours to answer for.
      let outer: ProfileNode | undefined;
      for (let n: ProfileNode | undefined = leaf; n; n = parent.has(n.id) ? byId.get(parent.get(n.id)!) : undefined) if (ours(n)) outer = n;
      if (outer) under.set(name(outer), (under.get(name(outer)) ?? 0) + ms);
    });
    const top = (m: Map<string, number>, k: number) =>
      [...m.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, k)
        .map(([f, ms]) => `      ${ms.toFixed(1)} ms ${f}`)
        .join('\n');
    const oursMs = [...under.values()].reduce((a, b) => a + b, 0);
    console.log(
      `    profile ${label}: ${busy.toFixed(0)} ms busy, ${oursMs.toFixed(0)} ms under Scaling Lens\n${top(under, 12)}\n    top self times:\n${top(self, 12)}`,
    );
  }
}

/**
 * A cheap command, registered by the suite in the extension host that runs Scaling Lens: its round
 * trip is how long that thread makes a command wait. (Commands that go through the workbench,
 * such as the budget calculator saving its answers or a hover, also wait for the workbench's own
 * work on a large document: the plain-text control measures that.)
 */
const PING = 'scalingLens.test.ping';
async function ping(): Promise<number> {
  const t = performance.now();
  await vscode.commands.executeCommand(PING);
  return performance.now() - t;
}

/** Pings every 25 ms (at least once) until `done()` or `maxMs`; the latencies. */
async function pingUntil(done: () => boolean, maxMs: number): Promise<number[]> {
  const out: number[] = [];
  const until = performance.now() + maxMs;
  do {
    out.push(await ping());
    await new Promise((r) => setTimeout(r, 25));
  } while (!done() && performance.now() < until);
  return out;
}

const ms = (v: number) => `${v.toFixed(0)} ms`;
const worst = (xs: readonly number[]) => (xs.length ? Math.max(...xs) : NaN);
const median = (xs: readonly number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! : NaN);

let pingCommand: vscode.Disposable | undefined;

const budgetArgs = { input: { kind: 'gpu-time', gpu: 'H100-SXM', gpus: 64, days: 14, mfu: 0.4 }, show: false };

suite('analysis worker: a slow file never freezes the editor', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<ScalingLensApi>(extensionId);
    assert.ok(ext);
    api = await ext.activate();
    pingCommand = vscode.commands.registerCommand(PING, () => true);
    await config().update('analysis.timeBudgetMs', BUDGET_MS, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    pingCommand?.dispose();
    await config().update('analysis.timeBudgetMs', undefined, vscode.ConfigurationTarget.Global);
  });

  test('while a launch script of 2 MB or more is read, commands and a hover answer within 100 ms; past the budget it shows "not analysed"; the next config is analysed', async function () {
    this.timeout(60_000);
    assert.ok(api);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    // Another config, analysed before: its hover needs nothing from the busy worker.
    const other = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'mpt-tiny.yaml'));
    await vscode.window.showTextDocument(other);
    const otherHover = await waitFor(
      () => hover(other, 0),
      (h) => h.includes('params'),
      10_000,
    );
    assert.ok(otherHover.includes('params'), otherHover);
    // The budget calculator's engine is loaded before the clock starts (a first load is not what is measured).
    const warm = await vscode.commands.executeCommand<{ ok: boolean }>(COMMANDS.budgetCalculator, budgetArgs);
    assert.equal(warm?.ok, true);
    const quiet = await pingUntil(() => false, 500);

    const { text, bytes: SIZE, readMs: directMs } = slowScript(BUDGET_MS);
    // Where even the largest script reads in under 2.5 budgets, the budget comes down to 40% of
    // its read time (100 ms at least, so the restarted worker still analyses the next config).
    const budget = Math.max(100, Math.min(BUDGET_MS, Math.floor(directMs / 2.5)));
    await config().update('analysis.timeBudgetMs', budget, vscode.ConfigurationTarget.Global);
    // VS Code's own cost: the same text as plain text, nothing of ours runs on it.
    const control = await vscode.workspace.openTextDocument({ language: 'plaintext', content: text });
    const { controlPings, controlMs, controlHoverMs } = await profiled('plain text', async () => {
      await vscode.window.showTextDocument(control, { preview: false });
      await new Promise((r) => setTimeout(r, 100));
      let t = performance.now();
      await vscode.commands.executeCommand(COMMANDS.budgetCalculator, budgetArgs);
      const controlMs = performance.now() - t;
      t = performance.now();
      await hover(other, 0);
      const controlHoverMs = performance.now() - t;
      return { controlPings: await pingUntil(() => false, 1500), controlMs, controlHoverMs };
    });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');

    const slow = await vscode.workspace.openTextDocument({ language: 'shellscript', content: text });
    const opened = performance.now();
    let shownAt: number | undefined;
    try {
      const shown = () => vscode.languages.getDiagnostics(slow.uri).filter((x) => x.source === 'Scaling Lens');
      const { commandMs, hoverMs, h, answer, during } = await profiled('a large launch script', async () => {
        await vscode.window.showTextDocument(slow, { preview: false });
        // The worker is reading the script now (it takes seconds; the budget is 300 ms).
        await new Promise((r) => setTimeout(r, 100));
        // A command round trip again and again until the file shows "not analysed", beside a command and a hover.
        const pinging = pingUntil(() => shown().length > 0, 15_000).then((x) => {
          shownAt = performance.now();
          return x;
        });
        let started = performance.now();
        const answer = await vscode.commands.executeCommand<{ ok: boolean }>(COMMANDS.budgetCalculator, budgetArgs);
        const commandMs = performance.now() - started;
        started = performance.now();
        const h = await hover(other, 0);
        const hoverMs = performance.now() - started;
        const during = await pinging;
        return { commandMs, hoverMs, h, answer, during };
      });
      const d = await waitFor(shown, (x) => x.length > 0, 15_000);
      // When the loop above saw it (it looks every 25 ms), not after the command and the hover.
      const shownAfter = (shownAt ?? performance.now()) - opened;
      console.log(
        `    command round trips in the extension host: quiet worst ${ms(worst(quiet))}; with the same ${SIZE / 1e6} MB as plain text worst ${ms(worst(controlPings))} (median ${ms(median(controlPings))}); ` +
          `while the worker reads it as a script worst ${ms(worst(during))} (median ${ms(median(during))}, ${during.length} commands). Through the workbench: budget command ${ms(commandMs)} (plain text ${ms(controlMs)}), hover on another config ${ms(hoverMs)} (plain text ${ms(controlHoverMs)}). "Not analysed" shown after ${ms(shownAfter)} (budget ${budget} ms; read directly in ${ms(directMs)})`,
      );
      assert.equal(answer?.ok, true);
      assert.equal(h, otherHover);
      assert.ok(during.length > 0);
      assert.ok(worst(during) < RESPONSIVE_MS, `a command waited ${ms(worst(during))} while the worker read the script`);
      // Through the workbench, what it spends itself on a document this size (the control) is not
      // ours to remove. On the 2-core CI machine one measurement varies more than the ±25% first
      // allowed: over six runs of this test on an idle machine (2026-12-07) the budget command
      // took 342–979 ms and the control 596–737 ms, with the extension's own work for the
      // command (a cached budget report) under 1 ms. A freeze would be seconds; the command
      // round trips above are the strict check. The hover has its own control (the same hover
      // beside the plain text): one CI run (2026-12-07) answered it in 900 ms against an 800 ms
      // allowance taken from the command's control, while command round trips stayed under 1 ms.
      // A second CI run the same day answered the command in 722 ms against a 241 ms control:
      // one control measurement is too noisy to scale from, so the workbench figures are held
      // to a stall bound (STALL_MS) at least; the round trips above stay the strict check.
      const allowedMs = Math.max(STALL_MS, WORKBENCH_MS + 1.5 * controlMs);
      const allowedHoverMs = Math.max(STALL_MS, WORKBENCH_MS + 1.5 * Math.max(controlMs, controlHoverMs));
      assert.ok(commandMs < allowedMs, `the budget command answered in ${ms(commandMs)} (plain-text control ${ms(controlMs)})`);
      assert.ok(hoverMs < allowedHoverMs, `the hover answered in ${ms(hoverMs)} (plain-text control ${ms(controlHoverMs)})`);

      assert.equal(d.length, 1, JSON.stringify(d));
      assert.equal(d[0]!.message, `Not analysed: took longer than ${budget} ms (scalingLens.analysis.timeBudgetMs raises the limit).`);
      assert.equal(d[0]!.code, 'analysis-timeout');
      assert.equal(d[0]!.severity, vscode.DiagnosticSeverity.Warning);
      assert.equal(d[0]!.range.start.line, 0);
      assert.ok(shownAfter < budget + 3000, `shown ${ms(shownAfter)} after opening, not after the whole read`);
    } finally {
      await vscode.window.showTextDocument(slow);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }

    // The worker was restarted: a config opened now is analysed as usual.
    const next = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'tinyllama.yaml'));
    await vscode.window.showTextDocument(next);
    const hints = await waitFor(
      async () =>
        (await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', next.uri, new vscode.Range(0, 0, next.lineCount, 0))) ??
        [],
      (x) => x.length > 0,
      10_000,
    );
    assert.ok(hints.length > 0, 'hints on the next config');
  });

  test('a workspace full of hostile files: while the index reads them a command answers within 100 ms; the slowest shows "not analysed"', async function () {
    this.timeout(120_000);
    assert.ok(api);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const index = api.features.index;
    await index.ready();
    // Each case under its own numbered folder (several share a file name), named as its format's
    // configs are so the index's globs and the detectors take them; special files (a FIFO, a link
    // to /dev/zero) are the CLI's concern, not a workspace's. One ordinary 900 KB launch script
    // (under the index's 1 MB limit) makes sure a file runs past the budget whatever the readers'
    // and the machine's speed: the budget is a third of its measured read time, 100 ms at most. The corpus is written outside the workspace
    // and moved in at once, so what is measured is the index, not this test writing 40 MB.
    const script = ordinaryShell(900_000);
    // A third of its read time here, at most WORKSPACE_BUDGET_MS, at least 10 ms.
    const budgetMs = Math.max(10, Math.min(WORKSPACE_BUDGET_MS, Math.floor(readMs(script) / 3)));
    const cases = [...hostileCases().filter((c) => !c.special), { name: 'ordinary 900 KB launch script', file: 'examples/pretrain_900k.sh', text: script }];
    const staging = mkdtempSync(join(tmpdir(), 'hostile-'));
    cases.forEach((c, i) => {
      const path = join(staging, String(i).padStart(2, '0'), c.file);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, c.text);
    });
    const dir = vscode.Uri.joinPath(folder.uri, HOSTILE_DIR);
    const inDir = (u: vscode.Uri) => u.toString().startsWith(`${dir.toString()}/`);
    let changes = 0;
    let lastChange = performance.now();
    const sub = index.onDidChange(() => {
      changes++;
      lastChange = performance.now();
    });
    try {
      const quiet = await pingUntil(() => false, 500);
      // A tighter budget here, so some files run past it on a fast machine too.
      await config().update('analysis.timeBudgetMs', budgetMs, vscode.ConfigurationTarget.Global);
      cpSync(staging, dir.fsPath, { recursive: true });
      // Opening a workspace: the index scans it (and its watchers saw the files arrive).
      const started = performance.now();
      let scanned = false;
      const { during, loopMax } = await profiled('a workspace of hostile files', async () => {
        const loop = monitorEventLoopDelay({ resolution: 5 });
        loop.enable();
        void index.rebuild().then(() => (scanned = true));
        const during = await pingUntil(() => scanned && performance.now() - lastChange > 1500, 90_000);
        loop.disable();
        return { during, loopMax: loop.max / 1e6 };
      });
      const timedOut = index.skipped().filter((e) => inDir(e.uri) && /^Not analysed: took longer than/.test(e.skipped ?? ''));
      console.log(
        `    workspace of ${cases.length} hostile files, indexed in ${ms(performance.now() - started)}: ${during.length} command round trips meanwhile, median ${ms(median(during))}, worst ${ms(worst(during))} (quiet worst ${ms(worst(quiet))}); ` +
          `event-loop delay max ${ms(loopMax)}; ${index.configs().filter((e) => inDir(e.uri)).length} configs, ${index.skipped().filter((e) => inDir(e.uri)).length} skipped (${timedOut.length} over the ${budgetMs} ms budget)`,
      );
      assert.ok(scanned && changes > 0, 'the index read the new files');
      assert.ok(during.length > 0);
      assert.ok(worst(during) < RESPONSIVE_MS, `a command waited ${ms(worst(during))} while the index read the hostile files`);

      // The slowest file (one the index gave up on), opened: "not analysed" on its first line.
      assert.ok(timedOut.length > 0, 'a file ran past the budget');
      // The 900 KB script when it is among them: it takes several budgets on any machine, where a
      // hostile case the index gave up on may finish in time once the worker is warm.
      const slowest = timedOut.find((e) => e.uri.path.endsWith('/pretrain_900k.sh')) ?? timedOut[0]!;
      const slow = await vscode.workspace.openTextDocument(slowest.uri);
      await vscode.window.showTextDocument(slow, { preview: false });
      const d = await waitFor(
        () => vscode.languages.getDiagnostics(slow.uri).filter((x) => x.source === 'Scaling Lens'),
        (x) => x.length > 0,
        15_000,
      );
      assert.equal(d.length, 1, JSON.stringify(d));
      assert.equal(d[0]!.code, 'analysis-timeout');
      assert.equal(d[0]!.range.start.line, 0);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      sub.dispose();
      await config().update('analysis.timeBudgetMs', BUDGET_MS, vscode.ConfigurationTarget.Global);
      rmSync(staging, { recursive: true, force: true });
      await vscode.workspace.fs.delete(dir, { recursive: true, useTrash: false }).then(
        () => undefined,
        () => undefined,
      );
    }
  });
});
