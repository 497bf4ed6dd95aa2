// npm run bench: figures, not pass/fail. Times the read + estimate path the editor runs on
// every change, on every fixture and on large generated configs, plus bundle sizes.
// Record results in BENCHMARKS.md with the machine they came from.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { analyze } from '../src/configs/analyze';
import { detectFormat } from '../src/configs/index';
import { indexSummary } from '../src/configs/indexSummary';
import { hintSpecs } from '../src/editor/present';

const root = join(__dirname, '..');
const hintOptions = { params: true, tokens: true, maxLength: 120 };

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** Median and p95 of `runs` timings of fn, in ms, after a warm-up. */
function time(fn: () => unknown, runs: number): { median: number; p95: number } {
  for (let i = 0; i < Math.min(20, runs); i++) fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = process.hrtime.bigint();
    fn();
    t.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  t.sort((a, b) => a - b);
  return { median: percentile(t, 0.5), p95: percentile(t, 0.95) };
}

const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`);

/** The editor's per-change work: read, estimate, place hints. */
function editorPass(text: string, name: string) {
  const a = analyze(text, name);
  return a.ok ? hintSpecs(a.result, a.estimate, hintOptions) : a.problem;
}

/**
 * The work ConfigIndex does per file (stat, read, binary check, decode, sniff, analyse, keep the
 * summary it keeps) over 5,000 generated configs, as Node measures it outside VS Code: time, peak
 * RSS, and the heap still held once the scan is done and garbage collected.
 */
function indexBench(): void {
  const dir = mkdtempSync(join(tmpdir(), 'scaling-lens-index-'));
  const sources = files(join(root, 'test/fixtures')).filter((f) => !f.includes('/unrelated/'));
  for (let i = 0; i < 5000; i++) {
    const src = sources[i % sources.length]!;
    const sub = join(dir, `run-${Math.floor(i / 100)}`);
    mkdirSync(sub, { recursive: true });
    const name = src
      .split('/')
      .pop()!
      .replace(/^(.*?)(\.[^.]*)?$/, `$1-${i}$2`);
    writeFileSync(join(sub, name), readFileSync(src, 'utf8').replace(/\b(2048|4096)\b/, String(1024 + (i % 7) * 128)));
  }
  const all = files(dir);
  const index = new Map<string, unknown>();
  let peak = process.memoryUsage().rss;
  const indexFile = (f: string) => {
    if (statSync(f).size > 1024 * 1024) return;
    const bytes = readFileSync(f);
    if (bytes.includes(0)) return;
    const text = new TextDecoder('utf-8').decode(bytes);
    if (!detectFormat(text, f)) return;
    const a = analyze(text, f);
    if (a.ok) index.set(f, indexSummary(a));
  };
  const t0 = performance.now();
  for (const [i, f] of all.entries()) {
    indexFile(f);
    if (i % 250 === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  const ms = performance.now() - t0;
  peak = Math.max(peak, process.memoryUsage().rss);
  const changed = all.find((f) => f.includes('pythia-410m'))!;
  const change = time(() => indexFile(changed), 200);
  (globalThis as { gc?: () => void }).gc?.();
  const retained = process.memoryUsage().heapUsed;
  console.log(
    `workspace index: ${all.length} files (${index.size} configs) in ${(ms / 1000).toFixed(2)} s, peak RSS ${(peak / 2 ** 20).toFixed(0)} MB (targets < 10 s, < 200 MB), heap held after the scan ${(retained / 2 ** 20).toFixed(0)} MB; one file change (Pythia-410M YAML) ${fmt(change.median)} (target < 5 ms)\n`,
  );
  rmSync(dir, { recursive: true, force: true });
}

if (process.argv.includes('--index-only')) {
  indexBench();
  process.exit(0);
}

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}\n`);

console.log('read + estimate + hints, per fixture (median / p95 over 200 runs)');
const rows: Array<[string, number, number]> = [];
for (const f of files(join(root, 'test/fixtures')).sort()) {
  const text = readFileSync(f, 'utf8');
  const a = analyze(text, f);
  if (!a.ok) continue;
  const t = time(() => editorPass(text, f), 200);
  rows.push([relative(join(root, 'test/fixtures'), f), t.median, t.p95]);
}
const width = Math.max(...rows.map((r) => r[0].length));
for (const [name, median, p95] of rows) console.log(`  ${name.padEnd(width)}  ${fmt(median).padStart(9)}  ${fmt(p95).padStart(9)}`);
const medians = rows.map((r) => r[1]).sort((a, b) => a - b);
console.log(
  `  ${rows.length} configs: median of medians ${fmt(percentile(medians, 0.5))}, worst median ${fmt(medians[medians.length - 1] ?? 0)} (target < 2 ms)\n`,
);

// Large configs, 5,000 lines each, shaped like real big configs: OLMo's data.paths list runs
// to thousands of lines; scripts and Python configs grow by repeated settings.
function toLines(text: string, n: number, filler: (i: number) => string, at: (lines: string[]) => number): string {
  const lines = text.split('\n');
  const extra = Array.from({ length: Math.max(0, n - lines.length) }, (_, i) => filler(i));
  const i = at(lines);
  return [...lines.slice(0, i), ...extra, ...lines.slice(i)].join('\n');
}
const olmo = readFileSync(join(root, 'test/fixtures/olmo/OLMo-1B.yaml'), 'utf8');
const bigOlmo = toLines(
  olmo,
  5000,
  (i) => `    - s3://ai2-llm/preprocessed/dolma/gpt-neox-20b/part-${String(i).padStart(4, '0')}-00000.npy`,
  (l) => l.findIndex((x) => /^\s+paths:/.test(x)) + 1,
);
const nanogpt = readFileSync(join(root, 'test/fixtures/nanogpt/train_gpt2.py'), 'utf8');
const bigPy = toLines(
  nanogpt,
  5000,
  (i) => `sweep_${i} = ${i} * 2 ** 3  # a long sweep table`,
  (l) => l.length,
);
const megatron = readFileSync(join(root, 'test/fixtures/megatron/gpt3_175b.sh'), 'utf8');
const bigSh = toLines(
  megatron,
  5000,
  (i) => `export NCCL_OPTION_${i}=${i}`,
  () => 1,
);
for (const [name, text, file] of [
  ['OLMo YAML', bigOlmo, 'big.yaml'],
  ['nanoGPT Python', bigPy, 'big.py'],
  ['Megatron script', bigSh, 'big.sh'],
] as const) {
  const t = time(() => editorPass(text, file), 30);
  console.log(`${text.split('\n').length}-line ${name}: median ${fmt(t.median)}, p95 ${fmt(t.p95)} (target < 20 ms)`);
}

const huge = 'a: 1\n'.repeat(6_000_000); // 30 MB
const h = time(() => editorPass(huge, 'huge.yaml'), 5);
console.log(`30 MB YAML: median ${fmt(h.median)} (refused above the ${8} MB limit, never parsed)`);

const bomb = [
  'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
  ...Array.from(
    { length: 20 },
    (_, i) =>
      `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
  ),
  'num_layers: 2',
  'train_iters: 10',
].join('\n');
const b = time(() => editorPass(bomb, 'bomb.yml'), 20);
console.log(`YAML alias bomb (4^20 expansions): median ${fmt(b.median)}\n`);

// Workspace index: run in a process of its own (`--index-only`), so the figure is the index's and
// not the garbage the benchmarks above leave in this one.
{
  const child = spawnSync(process.execPath, ['--expose-gc', __filename, '--index-only'], { encoding: 'utf8' });
  process.stdout.write(child.status === 0 ? child.stdout : `workspace index: failed (${child.stderr.trim().split('\n')[0]})\n\n`);
}

console.log('bundle sizes (production build: minified)');
for (const f of [
  'dist/extension.js',
  'dist/engine.js',
  'dist/analysis-worker.js',
  'dist/custom-laws.js',
  'dist/webview.js',
  'dist/webview.css',
  'dist/cli.js',
]) {
  try {
    console.log(`  ${f}: ${(statSync(join(root, f)).size / 1024).toFixed(0)} KB (${(gzipSync(readFileSync(join(root, f))).length / 1024).toFixed(0)} KB gzip)`);
  } catch {
    console.log(`  ${f}: not built`);
  }
}

// Fit your own law and forecast a running job (issue 7): seconds-scale work, timed once each.
import { createRng, curveOf, dropHighestLoss, fitLaw, fitLearningCurve, forecastLoss, parseRuns, parseTrainingLog } from '../src/core/index';
{
  const once = <T>(fn: () => T): [T, number] => {
    const s = process.hrtime.bigint();
    const v = fn();
    return [v, Number(process.hrtime.bigint() - s) / 1e6];
  };
  console.log('\nfit and forecast (one run each)');
  const csv = readFileSync(join(root, 'test/fixtures/fit/chinchilla-fig4-runs.csv'), 'utf8');
  const runs = dropHighestLoss(parseRuns(csv).runs, 5);
  const [plain, tPlain] = once(() => fitLaw(runs, { bootstrap: { resamples: 0 } }));
  console.log(
    `  fit ${runs.length} Chinchilla runs, ${plain.starts} L-BFGS starts: ${(tPlain / 1000).toFixed(2)} s (objective ${plain.objective.toExponential(6)}, E ${plain.law.E.toFixed(4)}, A ${plain.law.A.toFixed(1)}, B ${plain.law.B.toFixed(1)}, α ${plain.law.alpha.toFixed(4)}, β ${plain.law.beta.toFixed(4)})`,
  );
  const [boot, tBoot] = once(() => fitLaw(runs));
  console.log(`  the same with ${boot.intervals?.resamples} bootstrap resamples (the CLI default): ${(tBoot / 1000).toFixed(2)} s`);
  const rng = createRng(1);
  const lines = ['step,loss'];
  for (let s = 1; s <= 100_000; s++) lines.push(`${s},${((2.2 + 1.2e3 * (s * 524288) ** -0.3) * Math.exp(0.02 * rng.normal())).toFixed(5)}`);
  const text = lines.join('\n');
  const [log, tParse] = once(() => parseTrainingLog(text));
  const [fc, tFit] = once(() => fitLearningCurve(curveOf(log, 524288).points));
  const f = forecastLoss(fc, 200_000 * 524288);
  console.log(
    `  forecast a 100k-step log (${(text.length / 1e6).toFixed(1)} MB CSV): parse ${fmt(tParse)}, fit + 200 resamples ${fmt(tFit)}; loss at 2× ${f.loss.toFixed(4)} (${f.low?.toFixed(4)} – ${f.high?.toFixed(4)})`,
  );
}

// Curve views (issue 5): the state a curve panel computes from the core and posts to its webview
// (the webview bundle's size is in "bundle sizes" above; its first render is timed by the
// integration suite in a real VS Code).
import { buildCurveState, type PlanSource } from '../src/panels/model';
import { BUILT_IN_LAWS } from '../src/core/index';
{
  const ws = files(join(root, 'test/fixtures/workspace')).flatMap((f): PlanSource[] => {
    const a = analyze(readFileSync(f, 'utf8'), f);
    return a.ok ? [{ uri: `file://${f}`, name: relative(root, f), format: a.result.formatName, plan: a.result.plan }] : [];
  });
  const focus = ws.find((s) => s.name.endsWith('mpt-tiny.yaml'))!;
  const input = (compare: string[]) => ({
    mode: 'panel' as const,
    target: focus.uri,
    options: { compare, scope: 'workspace' as const },
    laws: BUILT_IN_LAWS,
    settingsLaw: 'epoch-2024',
    convention: 'palm' as const,
    focus: { kind: 'config' as const, config: focus },
    workspace: ws,
  });
  const one = time(() => buildCurveState(input([])), 50);
  const all = time(() => buildCurveState(input(BUILT_IN_LAWS.map((l) => l.id))), 20);
  const size = JSON.stringify(buildCurveState(input([]))).length;
  console.log(
    `\ncurve panel state (${ws.length} workspace configs): one law ${fmt(one.median)}, all ${BUILT_IN_LAWS.length} laws compared ${fmt(all.median)} (median); ${(size / 1024).toFixed(0)} KB posted`,
  );
}

// The analysis worker (issue 13): what the editor pays per keystroke on top of read + estimate +
// hints, the message round trip to the worker thread and back (structured clone both ways), and
// what a restart after a timed-out analysis costs. Runs the production dist/analysis-worker.js.
import { analyseText, type AnalysisRequest } from '../src/host/analysis';
import { AnalysisQueue } from '../src/host/analysisQueue';
import { WorkerRunner } from '../src/host/node/workerRunner';
void (async () => {
  const runner = new WorkerRunner(join(root, 'dist/analysis-worker.js'));
  const t0 = performance.now();
  await runner.ready();
  const startMs = performance.now() - t0;
  const present = { params: true, tokens: true, summary: true, hintMaxLength: 120, lensMaxLength: 120 };
  const request = (text: string, fileName: string): AnalysisRequest => ({
    text,
    fileName,
    settings: { law: 'epoch-2024', convention: 'palm', hardware: {}, present },
  });
  const timeAsync = async (fn: () => Promise<unknown>, runs: number) => {
    for (let i = 0; i < 20; i++) await fn();
    const t: number[] = [];
    for (let i = 0; i < runs; i++) {
      const s = process.hrtime.bigint();
      await fn();
      t.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
    t.sort((a, b) => a - b);
    return { median: percentile(t, 0.5), p95: percentile(t, 0.95) };
  };
  console.log(`\nanalysis worker (dist/analysis-worker.js): started and ready in ${fmt(startMs)}`);
  const typical: Array<[string, string]> = [
    ['GPT-NeoX Pythia-410M YAML', 'test/fixtures/gpt-neox/pythia-410m.yml'],
    ['nanoGPT train_gpt2.py', 'test/fixtures/nanogpt/train_gpt2.py'],
    ['Megatron gpt3_175b.sh', 'test/fixtures/megatron/gpt3_175b.sh'],
  ];
  for (const [name, file] of typical) {
    const r = request(readFileSync(join(root, file), 'utf8'), file);
    const inThread = time(() => analyseText(r, []), 200);
    const viaWorker = await timeAsync(() => runner.run(r), 200);
    console.log(
      `  ${name}: in-thread ${fmt(inThread.median)}, worker round trip ${fmt(viaWorker.median)} (p95 ${fmt(viaWorker.p95)}); message passing ${fmt(viaWorker.median - inThread.median)} (target < 2 ms in all)`,
    );
  }
  const big = request(bigOlmo, 'big.yaml');
  const bigWorker = await timeAsync(() => runner.run(big), 30);
  console.log(`  5,000-line OLMo YAML: worker round trip ${fmt(bigWorker.median)} (in-thread ${fmt(time(() => analyseText(big, []), 30).median)})`);
  const { ordinaryShell } = await import('../test/hostile/cases');
  const queue = new AnalysisQueue(runner, () => 300);
  const slowStart = performance.now();
  const slow = await queue.analyse('big.sh', 1, request(ordinaryShell(8_000_000 - 4096), 'examples/pretrain_big.sh'), 'editor');
  const slowMs = performance.now() - slowStart;
  const afterStart = performance.now();
  const after = await queue.analyse('pythia', 1, request(readFileSync(join(root, typical[0]![1]), 'utf8'), 'pythia-410m.yml'), 'editor');
  console.log(
    `  8 MB shell with a 300 ms budget: "${slow.kind}" after ${fmt(slowMs)}; the restarted worker answered the next config (${after.kind}) ${fmt(performance.now() - afterStart)} later`,
  );
  runner.dispose();
})();
