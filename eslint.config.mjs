// Lint rules that protect the layering of DESIGN.md: core/ and configs/ are pure
// (no vscode, no Node built-ins) so the same code runs in the extension host, the web
// host, the webview and the CLI.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'crypto', 'util', 'url', 'process', 'worker_threads'];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-e2e/**', '*.vsix'] },
  js.configs.recommended,
  { files: ['*.mjs', 'scripts/**/*.mjs', 'test/**/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly',
    setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly' } } },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // Nothing is sent over the network and there is no telemetry: the product has no code that
    // could. (core/, configs/ and webview/ have stricter rules below, which replace this one.)
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', 'fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource'],
      'no-restricted-imports': ['error', { paths: ['http', 'https', 'net', 'tls', 'dgram', 'node:http', 'node:https', 'node:net', 'node:tls', 'node:dgram'].map((name) => ({ name, message: 'Scaling Lens makes no network requests.' })) }],
    },
  },
  {
    // The one exception (issue 11 §3c): the opt-in Hub fetch of a model's config.json.
    files: ['src/host/node/hub.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/core/**/*.ts', 'src/configs/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['vscode', ...nodeBuiltins].map((name) => ({ name, message: 'core/ and configs/ stay pure: no vscode or Node imports.' })),
        patterns: [{ group: ['node:*'], message: 'core/ and configs/ stay pure: no Node built-ins.' },
                   { group: ['**/editor/**', '**/cli/**', '**/commands/**', '**/panels/**'], message: 'Imports point one way: editor -> configs -> core.' }],
      }],
      'no-restricted-globals': ['error', 'process', 'require', 'Buffer', '__dirname', 'fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource'],
    },
  },
  {
    // The webview bundle is browser code: no vscode, no Node, and from src/ only the protocol
    // types and the core's pure modules.
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['vscode', ...nodeBuiltins].map((name) => ({ name, message: 'webview/ runs in a browser: no vscode or Node imports.' })),
        patterns: [{ group: ['node:*'], message: 'webview/ runs in a browser.' },
                   { group: ['**/editor/**', '**/configs/**', '**/cli/**', '**/commands/**', '**/panels/**', '**/extension', '**/ctx'], message: 'webview/ talks to the host through src/protocol.ts only.' },
                   { group: ['**/core/**'], message: 'webview/ takes number formatting from src/format, not src/core.' }],
      }],
      'no-restricted-globals': ['error', 'process', 'require', 'Buffer', '__dirname', 'fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource'],
    },
  },
  {
    // Number formatting is shared by every surface, the webview bundle included: it imports
    // nothing outside its own folder, so nothing else can ride along into the bundle.
    files: ['src/format/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\./)', message: 'src/format/ imports only its own files.' }] }],
      'no-restricted-globals': ['error', 'process', 'require', 'Buffer', '__dirname', 'fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource'],
    },
  },
  {
    // Types only (DESIGN.md): both bundles import it, neither may pick up code from it.
    files: ['src/protocol.ts'],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: 'VariableDeclaration', message: 'src/protocol.ts holds types only.' },
        { selector: 'FunctionDeclaration', message: 'src/protocol.ts holds types only.' },
        { selector: 'ClassDeclaration', message: 'src/protocol.ts holds types only.' },
        { selector: 'TSEnumDeclaration', message: 'src/protocol.ts holds types only.' },
        { selector: 'ImportDeclaration[importKind!="type"]', message: 'src/protocol.ts holds types only.' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['vscode', ...nodeBuiltins].map((name) => ({ name, message: 'core/ stays pure.' })),
        patterns: [{ group: ['node:*'], message: 'core/ stays pure.' },
                   { group: ['**/configs/**', '**/editor/**', '**/cli/**', '**/commands/**', '**/panels/**'], message: 'core/ imports nothing above it.' }],
      }],
    },
  },
);
