// Installs what the real-VS-Code tests need into .vscode-e2e/: a Node 24 from the npm registry
// and code-server (VS Code 1.139 for the browser) built under that Node. Idempotent: what is
// already installed is skipped, so `npm run test:e2e-setup` is cheap after the first time.
// Run directly (`node scripts/e2e/setup.mjs`) or import { setup }.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CHROMIUM,
  CODE_SERVER_DONE,
  CODE_SERVER_ENTRY,
  CODE_SERVER_PREFIX,
  CODE_SERVER_VERSION,
  E2E_DIR,
  isolatedEnv,
  KRB5_HEADER,
  NODE_BIN,
  NODE_HOME,
  NODE_PACKAGE,
  NODE_PREFIX,
  NODE_VERSION,
  ROOT,
} from './paths.mjs';

const log = (msg) => console.log(`[e2e-setup] ${msg}`);

export class SetupError extends Error {}

/** Runs a command, keeping its output in memory and showing it only if it fails. */
function run(cmd, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(Object.assign(new Error(`${cmd} ${args.join(' ')} exited with ${code}`), { output }))));
  });
}

function installedVersion(packageDir) {
  try {
    return JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/**
 * The Debian packages a caller needs and lacks: libkrb5-dev only to build code-server (not once
 * it is installed), chromium only to open pages (the tests; `npm start` serves a page to the
 * user's own browser).
 */
export function missingSystemPackages({ browser }, exists = existsSync) {
  const missing = [];
  if (browser && !exists(CHROMIUM)) missing.push('chromium');
  const codeServerInstalled = exists(CODE_SERVER_DONE) && exists(CODE_SERVER_ENTRY);
  if (!codeServerInstalled && !exists(KRB5_HEADER)) missing.push('libkrb5-dev');
  return missing;
}

function checkSystemPackages(options) {
  const missing = missingSystemPackages(options);
  if (missing.length > 0) {
    throw new SetupError(`missing Debian package(s) ${missing.join(', ')}: run \`apt-get install -y ${missing.join(' ')}\` (.ci/run does it)`);
  }
}

async function installNode() {
  if (installedVersion(NODE_HOME) === NODE_VERSION && existsSync(NODE_BIN)) {
    log(`node ${NODE_VERSION}: present`);
    return;
  }
  log(`node ${NODE_VERSION}: installing ${NODE_PACKAGE}@${NODE_VERSION} from npm…`);
  const started = Date.now();
  mkdirSync(NODE_PREFIX, { recursive: true });
  // A private package.json keeps npm from walking up to the project's own and touching it.
  writeFileSync(join(NODE_PREFIX, 'package.json'), '{"private":true}\n');
  try {
    await run('npm', ['install', '--prefix', NODE_PREFIX, '--no-save', '--no-audit', '--no-fund', `${NODE_PACKAGE}@${NODE_VERSION}`], { cwd: NODE_PREFIX });
  } catch (e) {
    throw new SetupError(`cannot install ${NODE_PACKAGE}@${NODE_VERSION} from npm: ${diagnose(e.output) ?? e.message}`);
  }
  const version = (await run(NODE_BIN, ['--version'])).trim();
  if (version !== `v${NODE_VERSION}`) throw new SetupError(`${NODE_BIN} reports ${version}, expected v${NODE_VERSION}`);
  log(`node ${NODE_VERSION}: installed in ${seconds(started)}`);
}

async function installCodeServer() {
  if (existsSync(CODE_SERVER_DONE) && existsSync(CODE_SERVER_ENTRY)) {
    log(`code-server ${CODE_SERVER_VERSION}: present`);
    return;
  }
  log(`code-server ${CODE_SERVER_VERSION}: installing from npm under node ${NODE_VERSION} (native builds, about 2 minutes on 2 cores)…`);
  const started = Date.now();
  mkdirSync(CODE_SERVER_PREFIX, { recursive: true });
  writeFileSync(join(CODE_SERVER_PREFIX, 'package.json'), '{"private":true}\n');
  // code-server declares engines.node 24 and builds native modules against the running Node:
  // Node 24 goes first on PATH (npm's own `#!/usr/bin/env node` then runs on it too) and node-gyp
  // takes headers from the package instead of ~/.npmrc's nodedir or a download.
  // Under `npm test` the environment carries the outer npm's npm_* variables, which the inner
  // npm takes as its config: npm_config_user_agent would still say node/v20, and code-server's
  // postinstall reads the Node version from it and refuses. Start the inner npm clean.
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  const env = {
    ...clean,
    PATH: `${join(NODE_HOME, 'bin')}${delimiter}${process.env.PATH}`,
    npm_config_nodedir: NODE_HOME,
  };
  const ticker = setInterval(() => log(`  …still installing (${seconds(started)})`), 30_000);
  try {
    await run(
      'npm',
      ['install', '--prefix', CODE_SERVER_PREFIX, '--no-save', '--no-audit', '--no-fund', '--unsafe-perm', `code-server@${CODE_SERVER_VERSION}`],
      { cwd: CODE_SERVER_PREFIX, env },
    );
  } catch (e) {
    throw new SetupError(`cannot install code-server@${CODE_SERVER_VERSION}: ${diagnose(e.output) ?? e.message}`);
  } finally {
    clearInterval(ticker);
  }
  if (!existsSync(CODE_SERVER_ENTRY)) throw new SetupError(`code-server installed without ${CODE_SERVER_ENTRY}`);
  // Even --version writes a default config file: keep it out of $HOME.
  const home = join(E2E_DIR, 'setup-home');
  const version = (await run(NODE_BIN, [CODE_SERVER_ENTRY, '--version'], { env: { ...env, ...isolatedEnv(home) } })).trim().split('\n').pop();
  writeFileSync(CODE_SERVER_DONE, `${version}\n`);
  log(`code-server ${CODE_SERVER_VERSION}: installed in ${seconds(started)} (${version})`);
}

// What usually breaks an install here, most telling first.
const CAUSES = [
  /fatal error:/, // a native build missing a header (libkrb5-dev)
  /FetchError/, // registry unreachable: the line with the URL and the reason
  /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT/,
  /ENOSPC|EACCES|EROFS/,
  /EBADENGINE|Unsupported engine/,
  /gyp ERR! .*Error/,
  /npm error code/,
];

/** Picks the line of npm's output that says what went wrong, and where npm's own log is. */
function diagnose(output = '') {
  const lines = output.split('\n');
  const npmLog = lines
    .find((l) => l.includes('A complete log of this run'))
    ?.split(': ')
    .pop();
  for (const cause of CAUSES) {
    const hit = lines.find((l) => cause.test(l));
    if (hit) return `${hit.replace(/^npm error\s*/, '').trim()}${npmLog ? ` (npm log: ${npmLog.trim()})` : ''}`;
  }
  return lastLine(output);
}

function lastLine(output = '') {
  return output
    .trim()
    .split('\n')
    .filter((l) => !/Unknown (user|env) config/.test(l))
    .pop();
}

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/**
 * @param {{ browser?: boolean }} [options] browser: false for callers that open no page
 *   themselves (`npm start`), which then need no Chromium.
 */
export async function setup({ browser = true } = {}) {
  const started = Date.now();
  log(`installing into ${E2E_DIR.slice(ROOT.length + 1)}/`);
  checkSystemPackages({ browser });
  mkdirSync(E2E_DIR, { recursive: true });
  await installNode();
  await installCodeServer();
  log(`ready in ${seconds(started)}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  setup().catch((e) => {
    console.error(`[e2e-setup] FAILED: ${e instanceof SetupError ? e.message : (e.stack ?? e)}`);
    if (e.output && !(e instanceof SetupError)) console.error(e.output);
    process.exit(1);
  });
}
