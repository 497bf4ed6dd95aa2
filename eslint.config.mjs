// Lint rules that keep the layering of the source tree (see the comment of each area below):
//
//   format/  <-  core/  <-  configs/  <-  host/  <-  editor/ | commands/ | panels/  <-  extension.ts
//   (format/ imports nothing)        cli/ (Node; core, configs, format, host/node)
//   webview/ (browser: protocol.ts types and format/ only)
//
// core/ and configs/ are pure (no vscode, no Node built-ins) so the same code runs in the
// extension host, the web host, the webview and the CLI; the feature rooms (editor, commands,
// panels) share services through host/ and never import each other; Node built-ins are allowed
// only in cli/ and host/node/; nothing but the model hub client (host/node/hub.ts) may reach the
// network.
//
// Each source file falls in exactly one area, and each area's block states its whole
// no-restricted-imports and no-restricted-globals lists: in a flat config the same rule in a
// later block replaces the earlier one, so the lists are merged here rather than layered.
// test/unit/lint-rules.test.ts lints a deliberate violation of every rule.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Every Node built-in, bare and with the `node:` prefix. */
const NODE_BUILTINS = [...new Set(builtinModules.flatMap((m) => (m.startsWith('node:') ? [m, m.slice(5)] : [m, `node:${m}`])))];
/** `node:` names not in builtinModules (node:test, node:sqlite): the ones listed above are reported once, by name. */
const NODE_PREFIX_ONLY = `^node:(?!(${NODE_BUILTINS.filter((m) => !m.startsWith('node:')).join('|')})$)`;
/** Modules that open connections: Scaling Lens sends nothing over the network and has no telemetry. */
const NETWORK_MODULES = ['http', 'https', 'http2', 'net', 'tls', 'dgram', 'undici', 'node-fetch', 'ws'].flatMap((m) =>
  ['undici', 'node-fetch', 'ws'].includes(m) ? [m] : [m, `node:${m}`],
);
const NETWORK_GLOBALS = ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource'];
const NODE_GLOBALS = ['process', 'require', 'Buffer', '__dirname', '__filename'];

/** Relative imports that reach a folder of src/ (`../editor/x`, `../../host/y`): `room('editor')`. */
const up = (folders) => `^(\\.\\./)+(${folders.join('|')})(/|$)`;

const MSG = {
  network: 'Scaling Lens makes no network requests (only src/host/node/hub.ts may).',
  node: 'Node built-ins only in src/cli/ and src/host/node/: the extension also runs in the web host.',
  rooms: 'Feature rooms (editor, commands, panels) do not import each other: share through src/host/.',
};

/**
 * One area's complete rule pair. `node`: ban Node built-ins; `vscode`: ban vscode (the message); `network`: ban
 * network modules and globals; `patterns`: more no-restricted-imports patterns; `globals`: more
 * banned globals.
 */
function area({ files, ignores = [], node = true, vscode = '', network = true, patterns = [], globals = [] }) {
  const paths = [
    ...(network ? NETWORK_MODULES.map((name) => ({ name, message: MSG.network })) : []),
    ...(node ? NODE_BUILTINS.filter((n) => !(network && NETWORK_MODULES.includes(n))).map((name) => ({ name, message: MSG.node })) : []),
    ...(vscode ? [{ name: 'vscode', message: vscode }] : []),
  ];
  const allPatterns = [...(node ? [{ regex: NODE_PREFIX_ONLY, message: MSG.node }] : []), ...patterns];
  const bannedGlobals = [...(network ? NETWORK_GLOBALS : []), ...globals];
  return {
    files,
    ...(ignores.length ? { ignores } : {}),
    rules: {
      'no-restricted-imports': ['error', { paths, patterns: allPatterns }],
      'no-restricted-globals': bannedGlobals.length ? ['error', ...bannedGlobals] : 'off',
    },
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-e2e/**', '*.vsix'] },
  js.configs.recommended,
  {
    files: ['*.mjs', 'scripts/**/*.mjs', 'test/**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  // Typed rules (issue #14): promises that nobody awaits lose their errors, a promise passed where
  // a plain value or callback is expected is always truthy or never awaited, a switch over a
  // union must say what happens to every member, and an assertion the type already implies hides
  // the next real change of that type. The project service reads tsconfig.json (src/, test/,
  // scripts/) and webview/tsconfig.json.
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts', 'webview/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // node:test's test() and describe() return promises the runner itself awaits and reports.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', name: ['test', 'describe', 'it', 'suite'], package: 'node:test' }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
    },
  },

  // core/: the models, laws and units. Imports format/ and nothing above it.
  area({
    files: ['src/core/**/*.ts'],
    vscode: 'core/ stays pure: no vscode.',
    patterns: [
      { regex: up(['configs', 'host', 'editor', 'commands', 'panels', 'cli']), message: 'core/ imports nothing above it.' },
      { regex: '^(\\.\\./)+(ctx|extension)$', message: 'core/ imports nothing above it.' },
    ],
    globals: NODE_GLOBALS,
  }),
  // configs/: the readers and writers of training configs. Imports core/ and format/ only.
  area({
    files: ['src/configs/**/*.ts'],
    vscode: 'configs/ stays pure: no vscode.',
    patterns: [
      { regex: up(['host', 'editor', 'commands', 'panels', 'cli']), message: 'configs/ imports core/ and format/ only.' },
      { regex: '^(\\.\\./)+(ctx|extension)$', message: 'configs/ imports core/ and format/ only.' },
    ],
    globals: NODE_GLOBALS,
  }),
  // format/: number formatting shared by every surface, the webview bundle included: it imports
  // nothing outside its own folder, so nothing else can ride along into the bundle.
  area({
    files: ['src/format/**/*.ts'],
    patterns: [{ regex: '^(?!\\./)', message: 'src/format/ imports only its own files.' }],
    globals: NODE_GLOBALS,
  }),
  // host/: the services the rooms share (settings, log, analyses, laws, document selector,
  // workspace index, command ids, the engine seam). Never imports a room, except the hint and
  // lens texts of editor/present.ts that an analysis produces (host/analysis.ts).
  area({
    files: ['src/host/**/*.ts'],
    ignores: ['src/host/node/**', 'src/host/engine.lazy.ts'],
    patterns: [
      { regex: '^(\\.\\./)+(?!editor/present$)(editor|commands|panels)(/|$)', message: 'host/ serves the rooms and imports none of them.' },
      { regex: '^(\\.\\./)+(ctx|extension|cli)(/|$)', message: 'host/ serves the rooms and imports none of them.' },
    ],
  }),
  // host/engine.lazy.ts: the lazy engine bundles the pure, heavy halves of the rooms too (the
  // curve views' state, message schemas and exports), so extension.js carries none of them.
  area({
    files: ['src/host/engine.lazy.ts'],
    patterns: [
      {
        regex: '^(\\.\\./)+(?!editor/present$|panels/(model|messages|export)$)(editor|commands|panels)(/|$)',
        message: 'host/ serves the rooms and imports none of them.',
      },
      { regex: '^(\\.\\./)+(ctx|extension|cli)(/|$)', message: 'host/ serves the rooms and imports none of them.' },
    ],
  }),
  // host/node/: the few host modules that need Node (worker threads); no network.
  area({
    files: ['src/host/node/**/*.ts'],
    ignores: ['src/host/node/hub.ts'],
    node: false,
    patterns: [{ regex: up(['editor', 'commands', 'panels', 'cli']), message: 'host/ serves the rooms and imports none of them.' }],
  }),
  // host/node/hub.ts: the model-hub client, the one module that may use the network.
  area({
    files: ['src/host/node/hub.ts'],
    node: false,
    network: false,
    patterns: [{ regex: up(['editor', 'commands', 'panels', 'cli']), message: 'host/ serves the rooms and imports none of them.' }],
  }),
  // The feature rooms: each imports host/, configs/, core/, format/, never another room.
  area({ files: ['src/editor/**/*.ts'], patterns: [{ regex: up(['commands', 'panels', 'cli']), message: MSG.rooms }] }),
  area({ files: ['src/commands/**/*.ts'], patterns: [{ regex: up(['editor', 'panels', 'cli']), message: MSG.rooms }] }),
  area({ files: ['src/panels/**/*.ts'], patterns: [{ regex: up(['editor', 'commands', 'cli']), message: MSG.rooms }] }),
  // The context is built from host/ services only; activation (extension.ts) wires the rooms.
  area({ files: ['src/ctx.ts'], patterns: [{ regex: '^\\./(editor|commands|panels|cli)(/|$)', message: 'ctx.ts holds the host services: no room imports.' }] }),
  area({ files: ['src/extension.ts', 'src/protocol.ts'], patterns: [{ regex: '^\\./cli(/|$)', message: 'The extension does not import the CLI.' }] }),
  // cli/: Node, no vscode, none of the extension's rooms or host services (host/node/ excepted).
  area({
    files: ['src/cli/**/*.ts'],
    node: false,
    vscode: 'The CLI runs without VS Code.',
    patterns: [
      {
        regex: `${up(['editor', 'commands', 'panels'])}|^(\\.\\./)+host/(?!node/)|^(\\.\\./)+(ctx|extension)$`,
        message: 'The CLI runs without VS Code: core/, configs/, format/ and host/node/ only.',
      },
    ],
  }),
  // Anything else under src/ (a new top-level file): no Node, no network.
  area({ files: ['src/**/*.ts'], ignores: ['src/{core,configs,format,host,editor,commands,panels,cli}/**', 'src/{ctx,extension,protocol}.ts'] }),
  // The webview bundle is browser code: no vscode, no Node, and from src/ only the protocol
  // types and src/format.
  area({
    files: ['webview/**/*.ts'],
    vscode: 'webview/ runs in a browser: no vscode.',
    patterns: [
      {
        group: ['**/editor/**', '**/configs/**', '**/cli/**', '**/commands/**', '**/panels/**', '**/host/**', '**/extension', '**/ctx'],
        message: 'webview/ talks to the host through src/protocol.ts only.',
      },
      { group: ['**/core/**'], message: 'webview/ takes number formatting from src/format, not src/core.' },
    ],
    globals: NODE_GLOBALS,
  }),
  {
    // Types only: both bundles import it, neither may pick up code from it.
    files: ['src/protocol.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'VariableDeclaration', message: 'src/protocol.ts holds types only.' },
        { selector: 'FunctionDeclaration', message: 'src/protocol.ts holds types only.' },
        { selector: 'ClassDeclaration', message: 'src/protocol.ts holds types only.' },
        { selector: 'TSEnumDeclaration', message: 'src/protocol.ts holds types only.' },
        { selector: 'ImportDeclaration[importKind!="type"]', message: 'src/protocol.ts holds types only.' },
      ],
    },
  },
);
