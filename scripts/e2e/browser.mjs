// Debian's Chromium driven by playwright-core (which downloads no browser of its own), set up
// to host the VS Code workbench headless, offline and with a throwaway profile.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, isolatedEnv } from './paths.mjs';

const ARGS = [
  '--no-sandbox', // running as root in a container
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-crash-reporter',
];

/**
 * @param {string} runDir the server's run folder; the profile goes in <runDir>/chromium
 * @param {{ width?: number, height?: number }} [viewport]
 * @returns {Promise<{ context: import('playwright-core').BrowserContext, page: import('playwright-core').Page, close(): Promise<void> }>}
 */
export async function openBrowser(runDir, { width = 1400, height = 900 } = {}) {
  const profile = join(runDir, 'chromium');
  rmSync(profile, { recursive: true, force: true });
  // Chromium keeps crash-report settings under $XDG_CONFIG_HOME whatever the profile is, and its
  // singleton socket in TMPDIR: both go in the run folder too, not in $HOME or /tmp.
  // Chromium's singleton socket (TMPDIR/org.chromium.Chromium.XXXXXX/SingletonSocket) must fit
  // the ~107-character socket limit: a clone in a deep folder gets a short temp folder instead.
  const home = join(runDir, 'chromium-home');
  let tmp = join(home, 't');
  const ownTmp = tmp.length > 55;
  if (ownTmp) tmp = mkdtempSync(join(tmpdir(), 'slc-'));
  const env = { ...process.env, ...isolatedEnv(home, tmp) };
  for (const key of ['XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'TMPDIR']) mkdirSync(env[key], { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    env,
    viewport: { width, height },
    // The workbench keeps the page busy; its own timeouts are the ones that matter.
    timeout: 60_000,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close().catch(() => {});
      if (ownTmp) rmSync(tmp, { recursive: true, force: true });
    },
  };
}
