// Builds the extension host bundle, the CLI, the curve webview bundle and the integration-test
// bundle.
// `node esbuild.mjs` once, `--watch` to rebuild on change, `--production` to minify.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  legalComments: 'none',
  // jsonc-parser's `main` is a UMD build whose dynamic requires esbuild cannot follow; its ESM
  // build (`module`) bundles cleanly.
  mainFields: ['module', 'main'],
};

/**
 * The analysis engine (parsers, readers, laws: most of the code) is its own file,
 * dist/engine.js, required on first use: activation loads only the small extension.js.
 */
const lazyEngine = {
  name: 'lazy-engine',
  setup(build) {
    build.onResolve({ filter: /^\.\/engine$/ }, (args) =>
      args.importer.endsWith('src/editor/analyses.ts') ? { path: './engine.js', external: true } : undefined,
    );
  },
};

const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [lazyEngine],
  },
  {
    ...common,
    entryPoints: ['src/editor/engine.ts'],
    outfile: 'dist/engine.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    define: { SCALING_LENS_VERSION: JSON.stringify(pkg.version) },
  },
  // The curve webviews (panel and sidebar): browser code, one IIFE with its stylesheet
  // (dist/webview.css) beside it. Always minified: every panel and view loads it on each show.
  {
    ...common,
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    mainFields: ['browser', 'module', 'main'],
    metafile: true,
  },
];

// The integration suite (test/integration/index.ts exports run()) for the real-VS-Code runners;
// mocha is bundled in so the extension host needs nothing from node_modules. Not a release file.
if (!production) {
  builds.push({
    ...common,
    entryPoints: ['test/integration/index.ts'],
    outfile: 'out/test/integration/index.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    // mocha finds its parallel-mode worker files with require.resolve; the suite runs serially
    // in one extension host, so the warning says nothing about it.
    logOverride: { 'require-resolve-not-external': 'silent' },
  });
}

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
