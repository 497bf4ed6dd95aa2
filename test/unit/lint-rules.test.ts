// The layering rules of eslint.config.mjs, checked by linting a deliberate violation of each
// (in memory, with the path it would have): a rule that stops reporting, or a later config block
// that silently replaces an earlier one, fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const cwd = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd });
// The layering cases lint files that do not exist (src/core/x.ts), which type-aware parsing cannot
// place in a tsconfig project: this instance parses without types and turns the typed rules off,
// leaving every layering rule as the config states it.
const TYPED_RULES = [
  '@typescript-eslint/no-floating-promises',
  '@typescript-eslint/no-misused-promises',
  '@typescript-eslint/switch-exhaustiveness-check',
  '@typescript-eslint/no-unnecessary-type-assertion',
] as const;
const untyped = new ESLint({
  cwd,
  overrideConfig: {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: false } },
    rules: Object.fromEntries(TYPED_RULES.map((r) => [r, 'off'])),
  },
});

/** The layering messages (rule id: message) for `code` as the file `filePath`. */
async function layering(filePath: string, code: string): Promise<string[]> {
  const [result] = await untyped.lintText(code, { filePath });
  return result!.messages
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals' || m.fatal)
    .map((m) => `${m.ruleId}: ${m.message}`);
}

const imports = (module: string) => `import * as m from '${module}';\nexport const x = m;\n`;

async function reported(filePath: string, code: string, expected: RegExp): Promise<void> {
  const messages = await layering(filePath, code);
  assert.equal(messages.length, 1, `${filePath}: ${code.trim()} -> ${JSON.stringify(messages)}`);
  assert.match(messages[0]!, expected, filePath);
}

async function allowed(filePath: string, code: string): Promise<void> {
  assert.deepEqual(await layering(filePath, code), [], `${filePath}: ${code.trim()}`);
}

test('core/ and configs/: no vscode, no Node built-in (the whole builtinModules list, with and without node:), no Node globals', async () => {
  for (const file of ['src/core/x.ts', 'src/core/laws/x.ts', 'src/configs/x.ts', 'src/configs/readers/x.ts']) {
    await reported(file, imports('vscode'), /no-restricted-imports: .*stays pure: no vscode/);
    // Modules the old hand-written list missed: the list is Node's own.
    for (const m of ['fs', 'node:fs', 'v8', 'node:diagnostics_channel', 'worker_threads', 'fs/promises', 'node:test']) {
      await reported(file, imports(m), /no-restricted-imports: .*Node built-ins only in src\/cli\/ and src\/host\/node\//);
    }
    await reported(file, 'export const x = process.env.HOME;\n', /no-restricted-globals: Unexpected use of 'process'/);
  }
});

test('core/ imports nothing above it; configs/ imports no host or room', async () => {
  for (const m of ['../configs/types', '../host/settings', '../editor/present', '../commands/index', '../panels/model', '../cli/main', '../ctx']) {
    await reported('src/core/x.ts', imports(m), /core\/ imports nothing above it/);
  }
  await reported('src/core/fit/x.ts', imports('../../panels/model'), /core\/ imports nothing above it/);
  for (const m of ['../host/settings', '../editor/present', '../commands/index', '../panels/model', '../cli/main']) {
    await reported('src/configs/x.ts', imports(m), /configs\/ imports core\/ and format\/ only/);
  }
  await allowed('src/core/x.ts', imports('../format/index'));
  await allowed('src/configs/readers/x.ts', imports('../../core/index'));
});

test('the feature rooms do not import each other', async () => {
  const rooms = { editor: ['commands', 'panels'], commands: ['editor', 'panels'], panels: ['editor', 'commands'] } as const;
  for (const [room, others] of Object.entries(rooms)) {
    for (const other of others) {
      await reported(`src/${room}/x.ts`, imports(`../${other}/index`), /Feature rooms .* do not import each other/);
      await reported(`src/${room}/sub/x.ts`, `import type { T } from '../../${other}/x';\nexport type U = T;\n`, /Feature rooms .* do not import each other/);
    }
    await allowed(`src/${room}/x.ts`, imports('../host/settings'));
    await allowed(`src/${room}/x.ts`, imports('vscode'));
    await reported(`src/${room}/x.ts`, imports('node:path'), /Node built-ins only in/);
  }
});

test('host/ imports no room (the engine seam excepted), and no Node outside host/node/', async () => {
  await reported('src/host/x.ts', imports('../panels/model'), /host\/ serves the rooms and imports none of them/);
  await reported('src/host/x.ts', imports('../commands/index'), /host\/ serves the rooms/);
  await reported('src/host/x.ts', imports('../editor/diagnostics'), /host\/ serves the rooms/);
  await allowed('src/host/x.ts', imports('../editor/present'));
  // The lazy engine bundles the curve views' pure state, schemas and exports; nothing else in host/ may.
  await allowed('src/host/engine.lazy.ts', imports('../panels/model'));
  await reported('src/host/engine.lazy.ts', imports('../panels/curveHost'), /host\/ serves the rooms/);
  await reported('src/host/x.ts', imports('node:worker_threads'), /Node built-ins only in/);
  await allowed('src/host/node/x.ts', imports('node:worker_threads'));
  await reported('src/host/node/x.ts', imports('../../panels/model'), /host\/ serves the rooms/);
});

test('ctx.ts holds host services only; the webview imports neither core/ nor the host', async () => {
  await reported('src/ctx.ts', imports('./editor/register'), /ctx\.ts holds the host services/);
  await allowed('src/ctx.ts', imports('./host/analyses'));
  await reported('webview/x.ts', imports('../src/core/units'), /webview\/ takes number formatting from src\/format/);
  await reported('webview/x.ts', imports('../src/host/settings'), /webview\/ talks to the host through src\/protocol\.ts only/);
  await reported('webview/x.ts', imports('vscode'), /webview\/ runs in a browser/);
  await allowed('webview/x.ts', imports('../src/format/index'));
  await reported('src/format/x.ts', imports('../core/units'), /src\/format\/ imports only its own files/);
});

test("the CLI: Node yes, vscode and the extension's rooms no", async () => {
  await allowed('src/cli/x.ts', imports('node:fs'));
  await allowed('src/cli/commands/x.ts', imports('fs'));
  await reported('src/cli/x.ts', imports('vscode'), /The CLI runs without VS Code/);
  await reported('src/cli/x.ts', imports('../editor/present'), /The CLI runs without VS Code/);
  await reported('src/cli/commands/x.ts', imports('../../host/settings'), /The CLI runs without VS Code/);
  await allowed('src/cli/x.ts', imports('../host/node/hub'));
});

test('the network ban holds in every area (no later block replaces it), except the model hub client', async () => {
  const files = [
    'src/core/x.ts',
    'src/configs/x.ts',
    'src/format/x.ts',
    'src/host/x.ts',
    'src/host/node/x.ts',
    'src/editor/x.ts',
    'src/commands/x.ts',
    'src/panels/x.ts',
    'src/cli/x.ts',
    'src/ctx.ts',
    'src/extension.ts',
    'src/other.ts',
    'webview/x.ts',
  ];
  for (const file of files) {
    for (const m of ['https', 'node:http', 'net', 'undici', 'node-fetch']) {
      // format/ bans every import outside its folder, so the network module gets that message too.
      const messages = await layering(file, imports(m));
      assert.ok(
        messages.some((s) => /makes no network requests|src\/format\/ imports only its own files/.test(s)),
        `${file}: ${m} -> ${JSON.stringify(messages)}`,
      );
    }
    await reported(file, 'export const r = fetch("https://example.com");\n', /no-restricted-globals: Unexpected use of 'fetch'/);
  }
  await allowed('src/host/node/hub.ts', imports('node:https'));
  await allowed('src/host/node/hub.ts', 'export const r = fetch("https://huggingface.co");\n');
});

// Typed rules (issue #14). Type-aware linting resolves each file through its tsconfig, so the
// deliberate violations are linted as the text of files that exist (the content given here
// replaces theirs in memory; nothing is written).
const TYPED = new Set<string>(TYPED_RULES);

/** The typed-rule ids reported for `code` as the file `filePath`, one per finding, in order (fatal errors as `fatal: message`). */
async function typed(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.fatal || TYPED.has(m.ruleId ?? '')).map((m) => (m.fatal ? `fatal: ${m.message}` : m.ruleId!));
}

test('typed rules: a floating or misused promise, a switch missing a case and a needless assertion each fail lint', async () => {
  const code = [
    'const later = async (): Promise<number> => 1;',
    'export function floating(): void {',
    '  later();',
    '}',
    'export function misused(): number {',
    '  if (later()) return 1;',
    '  return 0;',
    '}',
    "export function partial(k: 'a' | 'b'): number {",
    '  switch (k) {',
    "    case 'a':",
    '      return 1;',
    '  }',
    '  return 0;',
    '}',
    'export function needless(s: string): string {',
    '  return s as string;',
    '}',
    '',
  ].join('\n');
  assert.deepEqual(await typed('src/core/units.ts', code), [
    '@typescript-eslint/no-floating-promises',
    '@typescript-eslint/no-misused-promises',
    '@typescript-eslint/switch-exhaustiveness-check',
    '@typescript-eslint/no-unnecessary-type-assertion',
  ]);
  // The fixes the rules ask for pass: await (or void for fire-and-forget), every case, no assertion.
  const fixed = [
    'const later = async (): Promise<number> => 1;',
    'export async function awaited(): Promise<number> {',
    '  return (await later()) + 1;',
    '}',
    "export function whole(k: 'a' | 'b'): number {",
    '  switch (k) {',
    "    case 'a':",
    '      return 1;',
    "    case 'b':",
    '      return 2;',
    '  }',
    '}',
    '',
  ].join('\n');
  assert.deepEqual(await typed('src/core/units.ts', fixed), []);
});

test("typed rules cover test/ and webview/; node:test's test() is awaited by its runner", async () => {
  const testFile = "import { test } from 'node:test';\ntest('x', async () => {});\nexport const p = async () => 1;\np();\n";
  assert.deepEqual(await typed('test/unit/lint-rules.test.ts', testFile), ['@typescript-eslint/no-floating-promises']);
  assert.deepEqual(await typed('webview/main.ts', 'export const n = (document.title as string).length;\n'), [
    '@typescript-eslint/no-unnecessary-type-assertion',
  ]);
});
