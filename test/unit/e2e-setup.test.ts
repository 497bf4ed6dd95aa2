// What the real-VS-Code harness asks a machine for: `npm start` serves a page to the user's own
// browser, so it must not demand Debian's Chromium (only the tests open pages), and libkrb5-dev
// is needed only to build code-server, not once it is installed.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';

interface Setup {
  missingSystemPackages(options: { browser: boolean }, exists?: (path: string) => boolean): string[];
}
interface Paths {
  CHROMIUM: string;
  KRB5_HEADER: string;
  CODE_SERVER_DONE: string;
  CODE_SERVER_ENTRY: string;
}
interface Server {
  DEFAULT_SETTINGS: Record<string, unknown>;
}
interface Start {
  SETUP_OPTIONS: { browser: boolean };
  NEEDS: string;
}

// Non-literal specifiers: the scripts are plain .mjs without type declarations.
const load = async <T>(path: string): Promise<T> => (await import(path)) as T;
let setup: Setup;
let paths: Paths;
let start: Start;
let server: Server;
let installed: string[];
before(async () => {
  setup = await load<Setup>('../../scripts/e2e/setup.mjs');
  paths = await load<Paths>('../../scripts/e2e/paths.mjs');
  // Importing start.mjs must not start a server: it runs only as a script.
  start = await load<Start>('../../scripts/e2e/start.mjs');
  installed = [paths.CODE_SERVER_DONE, paths.CODE_SERVER_ENTRY];
  server = await load<Server>('../../scripts/e2e/server.mjs');
});

const machine = (present: string[]) => (path: string) => present.includes(path);

test('a bare machine: the tests need chromium and libkrb5-dev, npm start only libkrb5-dev', () => {
  assert.deepEqual(setup.missingSystemPackages({ browser: true }, machine([])), ['chromium', 'libkrb5-dev']);
  assert.deepEqual(setup.missingSystemPackages(start.SETUP_OPTIONS, machine([])), ['libkrb5-dev']);
});

test('npm start with code-server installed and no Chromium needs nothing more', () => {
  assert.deepEqual(setup.missingSystemPackages(start.SETUP_OPTIONS, machine(installed)), []);
  // The tests on the same machine still ask for the browser, and only for it.
  assert.deepEqual(setup.missingSystemPackages({ browser: true }, machine(installed)), ['chromium']);
});

test('libkrb5-dev is asked for only while code-server still has to be built', () => {
  assert.deepEqual(setup.missingSystemPackages({ browser: true }, machine([paths.CHROMIUM, paths.KRB5_HEADER])), []);
  // A half-finished install (entry without the done marker) is rebuilt, so it still needs the header.
  assert.deepEqual(setup.missingSystemPackages({ browser: false }, machine([paths.CODE_SERVER_ENTRY])), ['libkrb5-dev']);
});

test('npm start says in one line what it installs', () => {
  assert.equal(start.NEEDS.split('\n').length, 1);
  assert.match(start.NEEDS, /code-server/);
  assert.doesNotMatch(start.NEEDS, /chromium/i);
});

test('the test VS Code never saves an edited file by itself (the web default is afterDelay)', () => {
  // Otherwise an edit a test reverts can land in test/fixtures/ on a slow machine.
  assert.equal(server.DEFAULT_SETTINGS['files.autoSave'], 'off');
});
