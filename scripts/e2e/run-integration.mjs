// Runs the mocha suite (out/test/integration/index.js) inside a real VS Code extension host:
// code-server serves the workbench, Chromium opens it with test/fixtures/workspace as the folder
// and a `payload` naming this repo as the extension under development and the suite as the
// extension tests. The workbench reports the host's output through window.codeAutomationLog and
// the suite's result through window.codeAutomationExit(code); this script prints the first and
// exits with the second, or with 124 if nothing comes within E2E_TIMEOUT_MS (default 600 s: a guard against a hung VS Code, not a speed check).
//
// Builds nothing: `npm run test:integration` builds and runs setup first.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { format, stripVTControlCharacters } from 'node:util';
import { openBrowser } from './browser.mjs';
import { EXTENSION_TESTS, RESULTS_DIR, ROOT, TEST_WORKSPACE } from './paths.mjs';
import { startServer } from './server.mjs';

const TIMEOUT_MS = Number(process.env.E2E_TIMEOUT_MS ?? 600_000);
const OUT_DIR = join(RESULTS_DIR, 'integration');

// The workbench sends its own log and the extension host's console through the same channel,
// as printf-style argument arrays with nothing to tell them apart. Its own chatter comes first,
// while it starts; the suite announces itself (SUITE_START, printed by test/integration/index.ts),
// so from there on every line is shown, and before it only warnings and errors. All of it goes
// to test-results/integration/workbench.log.
const SUITE_START = '[scaling-lens] integration suite starting';
// Workbench info lines that keep coming while the suite runs and say nothing about it.
const NOISE = [/^Ignoring fetching additional builtin extensions from gallery/];
let suiteStarted = false;
let suiteEnded = false;

function printLine(level, text) {
  if (text === SUITE_START) suiteStarted = true;
  if (suiteEnded) return;
  if (NOISE.some((re) => re.test(text))) return;
  if (level === 'error' || level === 'warn') console.error(suiteStarted ? text : `[workbench ${level}] ${text}`);
  else if (suiteStarted) console.log(text);
}

async function main() {
  if (!existsSync(EXTENSION_TESTS)) {
    console.error(`[integration] ${EXTENSION_TESTS} is missing: run \`npm run build\` first`);
    return 1;
  }
  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });
  const fullLog = [];
  const started = Date.now();

  const server = await startServer({ label: 'integration' });
  let browser;
  try {
    browser = await openBrowser(server.runDir);
    const { page } = browser;

    let finish;
    const finished = new Promise((resolve) => {
      finish = resolve;
    });
    // Both must exist before the workbench script runs, hence before goto.
    await page.exposeFunction('codeAutomationLog', (level, args) => {
      // mocha colours its ✔ whatever its options say when it sees CI=true: plain text for logs.
      const text = stripVTControlCharacters(Array.isArray(args) ? format(...args) : String(args));
      fullLog.push(`[${level}] ${text}`);
      printLine(level, text);
    });
    await page.exposeFunction('codeAutomationExit', (code, logs) => {
      // The workbench hands over its log files (renderer, extension host, server): keep them
      // next to the results for a failed run.
      for (const { relativePath, contents } of logs ?? []) {
        const file = join(OUT_DIR, 'logs', relativePath);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, contents);
      }
      suiteEnded = true;
      finish(code);
    });
    page.on('pageerror', (error) => fullLog.push(`[pageerror] ${error.message}`));

    const url = server.workbenchUrl({
      folder: TEST_WORKSPACE,
      payload: { extensionDevelopmentPath: ROOT, extensionTestsPath: EXTENSION_TESTS },
    });
    console.log(`[integration] code-server ${server.origin} (pid ${server.pid}), workspace ${TEST_WORKSPACE}`);
    await page.goto(url);

    let timer;
    const timedOut = new Promise((resolve) => {
      timer = setTimeout(() => resolve('timeout'), TIMEOUT_MS);
    });
    const code = await Promise.race([finished, timedOut]);
    clearTimeout(timer);
    if (code === 'timeout') {
      await page.screenshot({ path: join(OUT_DIR, 'timeout.png') }).catch(() => {});
      console.error(
        `[integration] no result from the extension host within ${TIMEOUT_MS / 1000} s ` +
          `(screenshot: ${join(OUT_DIR, 'timeout.png')}, server log: ${server.logFile})`,
      );
      return 124;
    }
    console.log(`[integration] extension host exited with ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return typeof code === 'number' ? code : 1;
  } finally {
    writeFileSync(join(OUT_DIR, 'workbench.log'), `${fullLog.join('\n')}\n`);
    await browser?.close();
    await server.stop();
  }
}

process.exitCode = await main().catch((e) => {
  console.error(`[integration] ${e.stack ?? e}`);
  return 1;
});
