// Package check: what a person who installs the .vsix gets. `npm run package` builds it; its
// file list is compared with what the code loads (scripts/e2e/vsix.mjs); code-server installs it
// with `--install-extension` into extensions and user-data folders of its own (no development
// path, no symlink to this repo); the workbench opens examples/ and a config, and the check waits
// for the parameter hint (extension.js + analysis-worker.js), a loss from a custom law set in the
// user settings (custom-laws.js), and the curve panel's charts (engine.js, webview.js/.css).
// Screenshots: test-results/vsix/. Exit 1 if anything fails.
//
// Leaves dist/ as the development build it found: packaging builds the production one.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openBrowser } from './browser.mjs';
import { CODE_SERVER_ENTRY, E2E_DIR, isolatedEnv, NODE_BIN, RESULTS_DIR, ROOT } from './paths.mjs';
import { startServer } from './server.mjs';
import { activationTime, openFile, runCommand, waitForEditorText } from './ui-check.mjs';
import { comparePackage, zipEntries } from './vsix.mjs';
import { packageVsix } from '../package.mjs';

const OUT_DIR = join(RESULTS_DIR, 'vsix');
const INSTALL_DIR = join(E2E_DIR, 'runs', 'vsix-install');
const EXAMPLES = join(ROOT, 'examples');
const EXAMPLE = 'litgpt/tinyllama.yaml';
// A custom law whose loss no built-in law gives (Chinchilla's Approach 3 shape with E = 2
// instead of 1.69): seeing its value proves dist/custom-laws.js loaded. The example's N and D
// are TinyLlama's 1,100,048,384 parameters and 3T tokens (examples/README.md).
const CUSTOM_LAW = {
  name: 'vsixcheck',
  formula: '2 + 406.4 / N^0.34 + 410.7 / D^0.28',
  loss: 2 + 406.4 / 1_100_048_384 ** 0.34 + 410.7 / 3e12 ** 0.28,
};
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const FOLDER = `${pkg.publisher}.${pkg.name}-${pkg.version}`;

const log = (msg) => console.log(`[vsix] ${msg}`);

function run(cmd, args, options) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Installs the package as a user would, into extensionsDir; returns the installed folder. */
async function install(vsix, extensionsDir, userDataDir) {
  const env = {
    ...process.env,
    ...isolatedEnv(join(INSTALL_DIR, 'home')),
    EXTENSIONS_GALLERY: '{}', // no marketplace: nothing to reach
  };
  for (const dir of [extensionsDir, userDataDir, env.XDG_CONFIG_HOME, env.XDG_DATA_HOME, env.XDG_CACHE_HOME, env.TMPDIR]) mkdirSync(dir, { recursive: true });
  const { code, output } = await run(
    NODE_BIN,
    [CODE_SERVER_ENTRY, '--install-extension', vsix, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir],
    { env, cwd: INSTALL_DIR },
  );
  if (code !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`code-server --install-extension exited with ${code}: ${output.trim().split('\n').slice(-3).join(' / ')}`);
  }
  const folder = join(extensionsDir, FOLDER);
  if (!existsSync(folder)) throw new Error(`installed, but ${FOLDER} is not in ${extensionsDir} (found: ${readdirSync(extensionsDir).join(', ')})`);
  if (lstatSync(folder).isSymbolicLink()) throw new Error(`${folder} is a symlink, not an installed copy`);
  return folder;
}

/** The curve panel's webview document once its charts are drawn. */
async function curvePanelDrawn(page, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    for (const outer of await page.locator('iframe.webview.ready').all()) {
      const frame = outer.contentFrame().locator('#active-frame').contentFrame();
      if (
        (await frame
          .locator('body[data-mode="panel"]')
          .count()
          .catch(() => 0)) === 0
      )
        continue;
      await frame
        .locator('section.card .plot:not([hidden]) canvas')
        .first()
        .waitFor({ timeout: Math.max(1000, deadline - Date.now()) });
      return;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no curve panel with a drawn chart within ${timeout / 1000} s`);
}

async function check(name, fn, results, page) {
  const t = Date.now();
  try {
    await fn();
    results.passed.push(name);
    console.log(`  ✔ ${name} (${Date.now() - t} ms)`);
  } catch (e) {
    results.failed.push(name);
    console.log(`  ✘ ${name}: ${e.message.split('\n')[0]}`);
    const slug = name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .slice(0, 50);
    await page?.screenshot({ path: join(OUT_DIR, `FAILED-${slug}.png`) }).catch(() => {});
  }
}

async function main() {
  const started = Date.now();
  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });
  rmSync(INSTALL_DIR, { recursive: true, force: true });
  mkdirSync(INSTALL_DIR, { recursive: true });
  const results = { passed: [], failed: [] };

  const vsix = join(OUT_DIR, `${pkg.name}-${pkg.version}.vsix`);
  try {
    packageVsix(vsix, { quiet: true });
  } finally {
    // Packaging left the production build in dist/: put the development one (source maps) back.
    spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'ignore' });
  }
  const entries = zipEntries(readFileSync(vsix));
  log(`${vsix.slice(ROOT.length + 1)}: ${entries.length} files, ${(readFileSync(vsix).length / 1024).toFixed(0)} KiB`);

  await check(
    'the package holds every file the code loads, and nothing else',
    async () => {
      const { missing, unexpected } = comparePackage(entries, ROOT);
      const problems = [...missing.map(([path, why]) => `missing ${path} (${why})`), ...unexpected.map((path) => `unexpected ${path}`)];
      if (problems.length) throw new Error(`${problems.join('; ')} (see .vscodeignore)`);
    },
    results,
  );

  const extensionsDir = join(INSTALL_DIR, 'extensions');
  const userDataDir = join(INSTALL_DIR, 'user-data');
  let installed;
  await check(
    'code-server installs the .vsix into its own extensions folder',
    async () => {
      installed = await install(vsix, extensionsDir, userDataDir);
      const { loads } = comparePackage(entries, ROOT);
      const absent = [...loads.keys()].filter((p) => !existsSync(join(installed, p)));
      if (absent.length) throw new Error(`installed without ${absent.join(', ')}`);
    },
    results,
  );

  if (installed) {
    const server = await startServer({
      label: 'vsix',
      extensionsDir,
      userDataDir,
      smokeTestDriver: false,
      settings: { 'scalingLens.customLaws': { [CUSTOM_LAW.name]: CUSTOM_LAW.formula }, 'scalingLens.law': `custom:${CUSTOM_LAW.name}` },
    });
    let browser;
    try {
      browser = await openBrowser(server.runDir);
      const { page } = browser;
      const screenshot = (name) => page.screenshot({ path: join(OUT_DIR, `${name}.png`) }).catch(() => {});
      log(`code-server ${server.origin} (pid ${server.pid}), extensions ${extensionsDir.slice(ROOT.length + 1)}, folder examples/`);
      await page.goto(server.workbenchUrl({ folder: EXAMPLES }));
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });

      await check(
        `opening examples/${EXAMPLE} activates the installed extension and shows its hints`,
        async () => {
          await openFile(page, EXAMPLE);
          await waitForEditorText(page, /≈\s1\.1B\sparams/, 30_000);
          // The custom law's loss is in the summary CodeLens above the config.
          await page
            .locator('.editor-group-container.active .codelens-decoration', {
              hasText: new RegExp(`loss\\s≈\\s${CUSTOM_LAW.loss.toFixed(2).replace('.', '\\.')}`),
            })
            .first()
            .waitFor({ timeout: 15_000 });
          await screenshot('hints');
        },
        results,
        page,
      );

      await check(
        'the curve panel opens from the installed package and draws',
        async () => {
          await runCommand(page, 'Scaling Lens: Open Scaling Curves');
          await curvePanelDrawn(page);
          await screenshot('curves');
        },
        results,
        page,
      );

      const activation = await activationTime(page, { close: false }).catch((e) => `unknown (${e.message.split('\n')[0]})`);
      await screenshot('running-extensions');
      log(`${FOLDER}: ${activation}`);
    } catch (e) {
      results.failed.push(`workbench: ${e.message.split('\n')[0]}`);
      console.log(`  ✘ workbench: ${e.message.split('\n')[0]} (server log: ${server.logFile})`);
    } finally {
      await browser?.close();
      await server.stop();
    }
  }

  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`vsix: ${results.passed.length} passed, ${results.failed.length} failed`);
  return results.failed.length > 0 ? 1 : 0;
}

process.exitCode = await main().catch((e) => {
  console.error(`[vsix] ${e.stack ?? e}`);
  return 1;
});
