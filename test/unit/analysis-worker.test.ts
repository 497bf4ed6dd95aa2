// The analysis worker: what crosses the thread boundary survives structured clone unchanged
// (every fixture and real config), the real worker bundle answers exactly what the in-thread
// analysis answers, builds custom laws from the settings it is sent, and a file over the time
// budget gets "timeout" while the restarted worker answers the next file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import * as esbuild from 'esbuild';
import { analyseText, type AnalysisRequest, type AnalysisSettings } from '../../src/host/analysis';
import { AnalysisQueue } from '../../src/host/analysisQueue';
import { WorkerRunner } from '../../src/host/node/workerRunner';
import { ordinaryShell } from '../hostile/cases';

const ROOT = join(__dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures');

const editorSettings: AnalysisSettings = {
  law: 'epoch-2024',
  convention: 'palm',
  hardware: {},
  present: { params: true, tokens: true, summary: true, hintMaxLength: 120, lensMaxLength: 120 },
};

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

/**
 * The worker and custom-law bundles as esbuild.mjs builds them (each `*.lazy` import stays a
 * lazy `./<kebab-name>.js` beside the bundle), into a folder of their own: the test runs the
 * real artifact, not the TypeScript sources.
 */
async function buildWorker(): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'scaling-lens-worker-'));
  const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  await esbuild.build({
    entryPoints: { 'analysis-worker': join(ROOT, 'src/host/node/analysisWorker.ts'), 'custom-laws': join(ROOT, 'src/host/customLaws.lazy.ts') },
    outdir: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    alias: { 'js-yaml': join(ROOT, 'node_modules/js-yaml/dist/js-yaml.cjs.js') },
    logLevel: 'silent',
    plugins: [
      { name: 'lazy', setup: (b) => b.onResolve({ filter: /\.lazy$/ }, (a) => ({ path: `./${kebab(basename(a.path, '.lazy'))}.js`, external: true })) },
    ],
  });
  return out;
}

test('every analysis of every fixture and real config survives structured clone unchanged', () => {
  let configs = 0;
  for (const f of files(FIXTURES)) {
    const text = readFileSync(f, 'utf8');
    const outcome = analyseText({ text, fileName: f, settings: editorSettings }, []);
    if (outcome.analysis?.ok) configs++;
    // deepStrictEqual compares prototypes too: a class instance or a function would fail here.
    assert.deepStrictEqual(structuredClone(outcome), outcome, f);
  }
  assert.ok(configs >= 180, `${configs} configs analysed (fixtures and test/fixtures/wild)`);
});

test('the worker bundle: same answer as in-thread, custom laws from settings, a file over budget times out and the next is answered', async () => {
  const dir = await buildWorker();
  const runner = new WorkerRunner(join(dir, 'analysis-worker.js'));
  try {
    const text = readFileSync(join(FIXTURES, 'gpt-neox/pythia-410m.yml'), 'utf8');
    const request: AnalysisRequest = { text, fileName: 'pythia-410m.yml', settings: editorSettings };
    const fromWorker = await runner.run(request);
    assert.deepStrictEqual(fromWorker, analyseText(request, []));
    assert.ok(fromWorker.analysis?.ok);
    // Pythia-410M: 405,334,016 parameters (EleutherAI/pythia model card, 410m row).
    assert.equal(fromWorker.analysis.estimate.params.total, 405_334_016);

    // The workspace index sends a file's bytes instead: moved to the worker (the sender's buffer is
    // detached, nothing copied) and decoded there, to the same answer.
    const bytes = new Uint8Array(new TextEncoder().encode(text));
    const fromBytes = await runner.run({ ...request, text: bytes });
    assert.equal(bytes.byteLength, 0, 'the buffer was transferred, not copied');
    assert.deepStrictEqual(fromBytes, fromWorker);
    // A view into a larger buffer is copied instead (transferring would take the rest with it).
    const pooled = new Uint8Array(new ArrayBuffer(text.length + 16), 8, new TextEncoder().encode(text).length);
    pooled.set(new TextEncoder().encode(text));
    assert.deepStrictEqual(await runner.run({ ...request, text: pooled }), fromWorker);
    assert.equal(pooled.byteLength > 0, true);

    // A custom law set in the settings reaches the worker once; analyses then use it.
    runner.setLaws({ custom: { mine: '1.9 + 500 / N^0.35 + 2000 / D^0.36' }, fits: {} });
    const custom = await runner.run({ ...request, settings: { ...editorSettings, law: 'custom:mine' } });
    assert.ok(custom.analysis?.ok);
    assert.equal(custom.lawNote, undefined);
    assert.equal(custom.analysis.estimate.loss.law, 'custom:mine');
    const n = custom.analysis.estimate.loss.params!;
    const d = custom.analysis.estimate.tokens!;
    assert.equal(custom.analysis.estimate.loss.value, 1.9 + 500 / n ** 0.35 + 2000 / d ** 0.36);

    // An unknown law: the default, with the note.
    const unknown = await runner.run({ ...request, settings: { ...editorSettings, law: 'custom:nope' } });
    assert.equal(unknown.lawNote, 'Unknown law "custom:nope" in scalingLens.law; epoch-2024 used.');

    // 4 MB of shell takes seconds to read; a 100 ms budget ends the worker and starts another.
    let budget = 100;
    const queue = new AnalysisQueue(runner, () => budget);
    const slow = ordinaryShell(4_000_000);
    const started = performance.now();
    const timedOut = await queue.analyse('big.sh', 1, { text: slow, fileName: 'examples/pretrain_big.sh', settings: editorSettings }, 'editor');
    const elapsed = performance.now() - started;
    assert.deepEqual(timedOut, { kind: 'timeout', version: 1, budgetMs: 100 });
    assert.ok(elapsed < 1000, `answered after ${elapsed.toFixed(0)} ms, not after the whole read`);
    assert.equal(runner.starts, 2, 'the worker was restarted once');
    // The new worker is cold (its first analysis compiles the readers): a budget for a busy test machine.
    budget = 10_000;
    const after = await queue.analyse('pythia', 1, request, 'editor');
    assert.equal(after.kind, 'done');
    assert.deepStrictEqual(after.kind === 'done' ? after.value : null, custom.analysis && analyseText(request, []));
  } finally {
    runner.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a worker that runs out of memory fails its request with that reason, and the next request gets a new worker', async () => {
  const dir = await buildWorker();
  // A heap far too small for an 8 MB script: the worker dies of it, the editor does not.
  const runner = new WorkerRunner(join(dir, 'analysis-worker.js'), { heapMb: 48 });
  try {
    const queue = new AnalysisQueue(runner, () => 60_000);
    const big = await queue.analyse('big.sh', 1, { text: ordinaryShell(7_900_000), fileName: 'examples/pretrain_big.sh', settings: editorSettings }, 'editor');
    assert.deepEqual(big, { kind: 'failed', version: 1, message: 'ran out of memory (over 48 MB)' });
    const text = readFileSync(join(FIXTURES, 'gpt-neox/pythia-410m.yml'), 'utf8');
    const next = await queue.analyse('pythia', 1, { text, fileName: 'pythia-410m.yml', settings: editorSettings }, 'editor');
    assert.equal(next.kind, 'done');
    assert.equal(runner.starts, 2);
  } finally {
    runner.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});
