// Starts and stops code-server (VS Code 1.139 in the browser, Node extension host) for the
// real-VS-Code checks. Each server gets its own port, user data, extensions and XDG/TMPDIR
// folders under .vscode-e2e/runs/<label>/, so runs do not see each other or $HOME.
//
//   const server = await startServer({ label: 'ui-dark', settings: { 'workbench.colorTheme': … } });
//   try { page.goto(server.workbenchUrl({ folder, payload })) … } finally { await server.stop(); }
//
// or `withServer(options, (server) => …)`. A server is also killed when this process exits
// for any reason (exception, Ctrl-C, SIGTERM), so no code-server outlives its caller.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CODE_SERVER_ENTRY, E2E_DIR, isolatedEnv, NODE_BIN } from './paths.mjs';

export const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'editor.inlayHints.enabled': 'on',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  // Tips, tours and the chat side bar would cover the editor in screenshots.
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  // No animations: a screenshot shows a finished state, not a fading widget.
  'workbench.reduceMotion': 'on',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'chat.disableAIFeatures': true,
  'window.restoreWindows': 'none',
  // VS Code in the browser saves edited files after a delay by default (desktop does not): an
  // integration test's edit, reverted a moment later, reached the fixture on disk whenever the
  // machine was slow enough for the delay to pass first.
  'files.autoSave': 'off',
};

const live = new Set();

/** Synchronous, so it also works from process.on('exit'). */
function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is gone
  }
}

let handlersInstalled = false;
function installExitHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => {
    for (const server of live) killGroup(server.pid, 'SIGKILL');
  });
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ]) {
    process.on(signal, () => {
      Promise.allSettled([...live].map((s) => s.stop())).finally(() => process.exit(code));
    });
  }
}

/** A port nobody listens on now; `preferred` if it is free. */
export async function freePort(preferred = 0) {
  const tryListen = (port) =>
    new Promise((resolve, reject) => {
      const probe = createServer();
      probe.unref();
      probe.once('error', reject);
      probe.listen(port, '127.0.0.1', () => {
        const { port: bound } = probe.address();
        probe.close(() => resolve(bound));
      });
    });
  if (preferred) {
    try {
      return await tryListen(preferred);
    } catch {
      // taken: fall through to any free port
    }
  }
  return tryListen(0);
}

function healthz(port) {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}

/**
 * A runner killed with SIGKILL leaves its code-server behind (until the idle timeout). The next
 * run with the same label finds both PIDs in the run folder: if that runner still lives, two runs
 * would share one folder, so this one refuses; otherwise it ends the orphan, after checking
 * through /proc that the PID is still that server (PIDs get reused).
 */
function killLeftover(pidFile, runDir) {
  let serverPid, runnerPid;
  try {
    [serverPid, runnerPid] = readFileSync(pidFile, 'utf8').trim().split(/\s+/).map(Number);
  } catch {
    return; // first run with this label, or the last one ended cleanly
  }
  const cmdline = (pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      return '';
    }
  };
  if (runnerPid && runnerPid !== process.pid && cmdline(runnerPid).includes('node')) {
    throw new Error(`another run uses ${runDir} (process ${runnerPid}); wait for it or stop it`);
  }
  const server = cmdline(serverPid);
  if (server.includes(CODE_SERVER_ENTRY) && server.includes(runDir)) {
    console.error(`[e2e] stopping code-server ${serverPid}, left over from an interrupted run`);
    killGroup(serverPid, 'SIGKILL');
  }
}

function tail(file, lines = 15) {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * @param {object} [options]
 * @param {string} [options.label] names the run folder (.vscode-e2e/runs/<label>), wiped at start
 * @param {Record<string, unknown>} [options.settings] user settings on top of DEFAULT_SETTINGS
 * @param {number} [options.port] preferred port; any free port if taken or not given
 * @param {boolean} [options.smokeTestDriver] honour the URL `payload` (extensionDevelopmentPath,
 *   extensionTestsPath) and report through window.codeAutomationLog/Exit; default true
 * @param {string} [options.extensionsDir] default: an empty folder in the run folder
 * @param {string} [options.userDataDir] default: a folder in the run folder; settings.json is
 *   written into it either way
 * @param {string[]} [options.extensionLinks] extension folders to install as symlinks in the
 *   extensions dir (`<publisher>.<name>-<version>` -> folder): loads them without the smoke-test
 *   driver or a payload, from any workbench URL, and a window reload picks up a rebuild
 * @param {number} [options.startTimeoutMs]
 * @param {number} [options.idleTimeoutSeconds] code-server exits by itself this long after its
 *   last client left (plus its 60 s heartbeat): a safety net for a runner killed with SIGKILL,
 *   which no handler here can catch; 0 for none (npm start). Default 120.
 */
export async function startServer(options = {}) {
  const {
    label = 'server',
    settings = {},
    port: preferredPort = 0,
    smokeTestDriver = true,
    startTimeoutMs = 30_000,
    extensionLinks = [],
    idleTimeoutSeconds = 120,
  } = options;
  if (!existsSync(CODE_SERVER_ENTRY)) {
    throw new Error('code-server is not installed: run `npm run test:e2e-setup` first');
  }
  installExitHandlers();

  const runDir = join(E2E_DIR, 'runs', label);
  const pidFile = join(runDir, 'code-server.pid');
  killLeftover(pidFile, runDir);
  rmSync(runDir, { recursive: true, force: true });
  const userDataDir = options.userDataDir ?? join(runDir, 'user-data');
  const extensionsDir = options.extensionsDir ?? join(runDir, 'extensions');
  // Sockets go in TMPDIR; if the repo sits too deep for the ~107-character socket limit,
  // use a short private folder in the system temp dir instead (removed on stop).
  let tmp = join(runDir, 't');
  let ownTmp = false;
  if (tmp.length > 60) {
    tmp = mkdtempSync(join(tmpdir(), 'sl-'));
    ownTmp = true;
  }
  const env = {
    ...process.env,
    ...isolatedEnv(runDir, tmp),
    PATH: `${dirname(NODE_BIN)}${delimiter}${process.env.PATH}`,
    // No gallery service URL: the extension gallery is disabled, so the server never tries to
    // reach a marketplace (the only network access code-server attempts otherwise).
    EXTENSIONS_GALLERY: '{}',
  };
  for (const dir of [join(userDataDir, 'User'), extensionsDir, tmp, env.XDG_CONFIG_HOME, env.XDG_DATA_HOME, env.XDG_CACHE_HOME]) {
    mkdirSync(dir, { recursive: true });
  }
  writeFileSync(join(userDataDir, 'User', 'settings.json'), `${JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2)}\n`);
  for (const folder of extensionLinks) {
    const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
    symlinkSync(folder, join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`), 'dir');
  }
  // code-server takes $PORT over --bind-addr; the port chosen here must win.
  delete env.PORT;

  const logFile = join(runDir, 'code-server.log');

  const launch = async (port) => {
    const args = [
      CODE_SERVER_ENTRY,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
      ...(idleTimeoutSeconds > 0 ? ['--idle-timeout-seconds', String(idleTimeoutSeconds)] : []),
    ];
    const logFd = openSync(logFile, 'a');
    // detached: code-server leads its own process group (it forks a server, extension hosts, a
    // pty host…), so one kill(-pid) stops all of them. Output goes to a file, not a pipe, so
    // nothing of this process keeps the children attached.
    const child = spawn(NODE_BIN, args, { cwd: runDir, env, detached: true, stdio: ['ignore', logFd, logFd] });
    closeSync(logFd);
    if (child.pid) writeFileSync(pidFile, `${child.pid} ${process.pid}\n`);
    let exited = false;
    const exit = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        exited = true;
        resolve({ code, signal });
      });
      child.once('error', (error) => {
        exited = true;
        resolve({ code: null, signal: null, error });
      });
    });

    const origin = `http://127.0.0.1:${port}`;
    const server = {
      pid: child.pid,
      port,
      origin,
      authority: `127.0.0.1:${port}`,
      runDir,
      userDataDir,
      extensionsDir,
      logFile,
      /** Resolves with { code, signal } when code-server's main process ends. */
      exited: exit,
      /** A path on this machine as the workbench's remote file system names it. */
      remoteUri: (path) => `vscode-remote://127.0.0.1:${port}${path}`,
      /**
       * @param {{ folder?: string, payload?: Record<string, string> }} [open] payload values are
       *   local paths (extensionDevelopmentPath, extensionTestsPath), turned into remote URIs here.
       */
      workbenchUrl({ folder, payload } = {}) {
        const url = new URL(origin);
        if (folder) url.searchParams.set('folder', folder);
        if (payload) {
          const entries = Object.entries(payload).map(([key, path]) => [key, server.remoteUri(path)]);
          url.searchParams.set('payload', JSON.stringify(entries));
        }
        return url.toString();
      },
      /** Stops the whole process group: TERM, then KILL whatever is left after 5 s. */
      stopping: false,
      async stop() {
        if (!live.has(server)) return;
        server.stopping = true;
        killGroup(child.pid, 'SIGTERM');
        const deadline = Date.now() + 5000;
        // Wait for the leader and for every other member of its group (kill 0 probes).
        while ((!exited || killGroup(child.pid, 0)) && Date.now() < deadline) await sleep(50);
        if (!exited || killGroup(child.pid, 0)) {
          killGroup(child.pid, 'SIGKILL');
          await exit;
        }
        live.delete(server);
        rmSync(pidFile, { force: true });
        if (ownTmp) rmSync(tmp, { recursive: true, force: true });
      },
    };
    live.add(server);

    try {
      const started = Date.now();
      for (;;) {
        if (exited) {
          const { code, signal, error } = await exit;
          const log = tail(logFile);
          throw Object.assign(new Error(`code-server exited during start (${error?.message ?? `code ${code}, signal ${signal}`}):\n${log}`), {
            addressInUse: log.includes('EADDRINUSE'),
          });
        }
        if (await healthz(port)) break;
        if (Date.now() - started > startTimeoutMs) {
          throw new Error(`code-server did not answer /healthz within ${startTimeoutMs / 1000} s:\n${tail(logFile)}`);
        }
        await sleep(100);
      }
    } catch (e) {
      await server.stop();
      throw e;
    }
    return server;
  };

  // The port was free when probed; if something took it since, try another one.
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(await freePort(attempt === 1 ? preferredPort : 0));
    } catch (e) {
      if (!e.addressInUse || attempt === 3) throw e;
    }
  }
}

/** Runs `fn(server)` and stops the server afterwards, whatever `fn` does. */
export async function withServer(options, fn) {
  const server = await startServer(options);
  try {
    return await fn(server);
  } finally {
    await server.stop();
  }
}
