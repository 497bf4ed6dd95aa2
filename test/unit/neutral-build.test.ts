// core/ and configs/ are pure: they bundle for esbuild's `neutral` platform, where neither Node
// built-ins nor `vscode` resolve. Lint bans the imports by name (lint-rules.test.ts); this
// catches what a name list cannot, such as a dependency that pulls in a Node module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The bundle options of esbuild.mjs that concern resolution, for a platform with no built-ins. */
const neutral: esbuild.BuildOptions = {
  absWorkingDir: root,
  bundle: true,
  write: false,
  platform: 'neutral',
  format: 'esm',
  mainFields: ['module', 'main'],
  alias: { 'js-yaml': './node_modules/js-yaml/dist/js-yaml.cjs.js' },
  logLevel: 'silent',
};

async function errorsOf(options: esbuild.BuildOptions): Promise<string[]> {
  try {
    const result = await esbuild.build({ ...neutral, ...options });
    assert.ok(result.outputFiles?.[0]?.contents.length, 'the bundle has content');
    return result.errors.map((e) => e.text);
  } catch (e) {
    return ((e as esbuild.BuildFailure).errors ?? []).map((m) => m.text);
  }
}

for (const entry of ['src/core/index.ts', 'src/configs/index.ts']) {
  test(`${entry} bundles for a neutral platform (no Node, no vscode)`, async () => {
    assert.deepEqual(await errorsOf({ entryPoints: [entry] }), []);
  });
}

test('the neutral build fails on a Node built-in or vscode (the check has teeth)', async () => {
  for (const module of ['node:fs', 'path', 'vscode']) {
    const errors = await errorsOf({ stdin: { contents: `import * as m from '${module}'; export const x = m;`, resolveDir: `${root}src/core`, loader: 'ts' } });
    assert.equal(errors.length, 1, module);
    assert.match(errors[0]!, new RegExp(`Could not resolve "${module}"`));
  }
});
