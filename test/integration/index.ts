// Entry point of the integration suite inside a real VS Code extension host. Runner-agnostic:
// code-server (scripts/e2e/run-integration.mjs) and @vscode/test-electron (run-desktop.mjs) both
// load out/test/integration/index.js and await its `run()`.
//
// Why test files are listed here rather than found on disk: esbuild bundles this file, mocha
// and the tests into one CommonJS file, so there are no test files for mocha to `require` at run
// time. Each test is a lazy `import()`, which esbuild keeps lazy inside the bundle: it runs only
// after mocha's 'pre-require' event has bound `suite`/`test` (imported from 'mocha' by the test
// files), exactly as `mocha.loadFiles` does for files on disk. A check below fails the run if
// a *.test.ts in this folder is missing from the list, so a forgotten line cannot skip tests.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const testFiles: Record<string, () => Promise<unknown>> = {
  'activation.test.ts': () => import('./activation.test'),
  'editor.test.ts': () => import('./editor.test'),
  'laws.test.ts': () => import('./laws.test'),
  'budget.test.ts': () => import('./budget.test'),
  'panel.test.ts': () => import('./panel.test'),
  'memory.test.ts': () => import('./memory.test'),
  'worker.test.ts': () => import('./worker.test'),
  'models.test.ts': () => import('./models.test'),
};

// The bundle is out/test/integration/index.js; its sources are test/integration/ in the repo.
const sourceDir = join(__dirname, '..', '..', '..', 'test', 'integration');

function unlistedTestFiles(): string[] {
  try {
    return readdirSync(sourceDir).filter((f) => f.endsWith('.test.ts') && !(f in testFiles));
  } catch {
    return []; // sources not shipped next to the bundle: nothing to compare against
  }
}

export async function run(): Promise<void> {
  // scripts/e2e/run-integration.mjs shows the extension host's output from this line on.
  console.log('[scaling-lens] integration suite starting');
  const unlisted = unlistedTestFiles();
  if (unlisted.length > 0) {
    throw new Error(`test/integration/index.ts does not list ${unlisted.join(', ')}: add it to testFiles`);
  }

  // The output travels as text through the workbench to the runner's log: no colours (mocha
  // still colours its ✔ when it sees CI=true; run-integration.mjs strips that).
  const mocha = new Mocha({ ui: 'tdd', reporter: 'spec', color: false, timeout: 20_000 });
  // E2E_GREP runs only the tests whose full title matches (a regular expression), for iterating on one.
  const grep = process.env.E2E_GREP;
  if (grep) mocha.grep(new RegExp(grep));
  for (const [name, load] of Object.entries(testFiles)) {
    mocha.suite.emit('pre-require', globalThis, name, mocha);
    mocha.suite.emit('require', await load(), name, mocha);
    mocha.suite.emit('post-require', globalThis, name, mocha);
  }

  const stats = await new Promise<{ passes: number; failures: number; pending: number }>((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats ?? { passes: 0, failures: 0, pending: 0 }));
  });
  // The closing line CI reads; keep its exact shape.
  console.log(`${stats.passes} passed, ${stats.failures} failed${stats.pending > 0 ? `, ${stats.pending} skipped` : ''}`);
  if (stats.failures > 0) throw new Error(`${stats.failures} integration test(s) failed`);
  if (stats.passes === 0) throw new Error('no integration test ran');
}
