// `npm start`: builds, installs code-server if needed, and serves VS Code in the browser on
// http://127.0.0.1:$PORT (default 8080, or any free port if that is taken) with examples/ open and
// Scaling Lens loaded from this repo. Runs until Ctrl-C, then stops code-server.
//
// The extension is installed as a symlink in the server's extensions folder rather than passed
// as a `payload` extensionDevelopmentPath: the payload needs --enable-smoke-test-driver and a
// special URL, while the symlink works with any URL, survives a reload, and a reload
// ("Developer: Reload Window") after `npm run watch` rebuilt dist/ picks up the new code.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from './paths.mjs';
import { startServer } from './server.mjs';
import { setup } from './setup.mjs';

const EXAMPLES = join(ROOT, 'examples');
const DEFAULT_PORT = 8080;
/** What `npm start` needs installed: it opens no page itself, so no Chromium. */
export const SETUP_OPTIONS = { browser: false };
export const NEEDS = '[start] needs Node 24 and code-server (installed once from npm into .vscode-e2e/); open the URL it prints in your own browser';

function build() {
  const result = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('build failed (node esbuild.mjs)');
}

async function main() {
  console.log(NEEDS);
  build();
  await setup(SETUP_OPTIONS);
  if (!existsSync(EXAMPLES)) {
    mkdirSync(EXAMPLES, { recursive: true });
    writeFileSync(join(EXAMPLES, 'README.md'), '# Examples\n\nTraining configs to try Scaling Lens on (to be filled).\n');
  }
  const server = await startServer({
    label: 'start',
    port: Number(process.env.PORT) || DEFAULT_PORT,
    smokeTestDriver: false,
    extensionLinks: [ROOT],
    idleTimeoutSeconds: 0, // a person may leave the tab alone for hours
  });
  const url = server.workbenchUrl({ folder: EXAMPLES });
  console.log(`
Scaling Lens in VS Code (code-server, pid ${server.pid}):

  ${url}

Extension loaded from ${ROOT} (dist/extension.js). Rebuild with \`npm run watch\` in another
terminal, then run "Developer: Reload Window". Server log: ${server.logFile}
Press Ctrl-C to stop.`);
  // server.mjs stops the server on Ctrl-C and exits 130; this only says so.
  process.once('SIGINT', () => console.log('\nstopping code-server…'));
  const { code, signal } = await server.exited;
  if (server.stopping) return 130;
  console.error(`code-server stopped on its own (code ${code}, signal ${signal}); see ${server.logFile}`);
  await server.stop();
  return 1;
}

// Imported by the unit tests for SETUP_OPTIONS: run only as a script.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      console.error(`[start] ${e.message ?? e}`);
      process.exitCode = 1;
    },
  );
}
