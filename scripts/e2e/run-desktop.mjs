// `npm run test:desktop`: the same integration suite in desktop VS Code (Electron) through
// @vscode/test-electron, for machines with internet (it downloads VS Code into .vscode-test/)
// or with VS Code installed (set VSCODE_EXECUTABLE to its binary). On Linux without a display,
// run it under `xvfb-run -a`. Offline, use `npm run test:integration` (code-server) instead.
import { runTests } from '@vscode/test-electron';
import { existsSync } from 'node:fs';
import { EXTENSION_TESTS, ROOT, TEST_WORKSPACE } from './paths.mjs';

async function main() {
  if (!existsSync(EXTENSION_TESTS)) {
    console.error(`[desktop] ${EXTENSION_TESTS} is missing: run \`npm run build\` first`);
    return 1;
  }
  try {
    return await runTests({
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: EXTENSION_TESTS,
      ...(process.env.VSCODE_EXECUTABLE ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE } : {}),
      // Only this extension, in a throwaway window on the test workspace.
      launchArgs: [TEST_WORKSPACE, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
  } catch (e) {
    const message = String(e?.message ?? e);
    if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|getaddrinfo|network/i.test(message)) {
      console.error(
        `[desktop] cannot download VS Code (no internet?): ${message.split('\n')[0]}\n` +
          '[desktop] set VSCODE_EXECUTABLE to an installed VS Code, or run `npm run test:integration` (code-server, offline).',
      );
    } else {
      console.error(`[desktop] ${message}`);
    }
    return 1;
  }
}

process.exitCode = await main();
