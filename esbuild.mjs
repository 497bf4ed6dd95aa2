// Builds the extension host bundle, the CLI, the curve webview bundle and the integration-test
// bundle.
// `node esbuild.mjs` once, `--watch` to rebuild on change, `--production` to minify.
import * as esbuild from 'esbuild';
import { chmodSync, readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';

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
  // js-yaml's ESM build creates its parser state with an object spread, which V8 (Node 20)
  // gives a new hidden class on every call: the parser deoptimizes and runs 4x slower (10 ms
  // instead of 2.5 ms for a 5,000-line config). Its CommonJS build (the one Node's require and
  // the unit tests load) does not. Keep the `--alias` of `npm run bench` in step.
  alias: { 'js-yaml': './node_modules/js-yaml/dist/js-yaml.cjs.js' },
};

/**
 * Files loaded on first use, so activation loads only the small extension.js: every
 * `<name>.lazy.ts` anywhere under src/ is a bundle of its own, `dist/<kebab-name>.js`, and an `import()` of
 * `./<name>.lazy` anywhere stays a lazy `require('./<kebab-name>.js')` beside the importing
 * bundle (all bundles sit in dist/). Today: the host's engine (src/host/engine.lazy.ts, through
 * the one seam src/host/engine.ts) and the custom-law compiler (mathjs, only when
 * scalingLens.customLaws is set).
 */
const kebab = (name) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const LAZY_ENTRIES = readdirSync('src', { recursive: true })
  .filter((f) => f.endsWith('.lazy.ts'))
  .map((f) => [`src/${f}`, `dist/${kebab(basename(f, '.lazy.ts'))}.js`]);
const lazyModules = {
  name: 'lazy-modules',
  setup(build) {
    build.onResolve({ filter: /\.lazy$/ }, (args) => ({ path: `./${kebab(basename(args.path, '.lazy'))}.js`, external: true }));
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
    plugins: [lazyModules],
  },
  // The analysis worker (src/host/node/analysisWorker.ts): readers, laws and estimates, run off
  // the extension host thread; dist/extension.js starts it by this name.
  ...[...LAZY_ENTRIES, ['src/host/node/analysisWorker.ts', 'dist/analysis-worker.js']].map(([entry, outfile]) => ({
    ...common,
    entryPoints: [entry],
    outfile,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [lazyModules],
  })),
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    // The bin runs as `dist/cli.js` too (tests, scripts): make it executable after each build.
    plugins: [{ name: 'executable', setup: (build) => build.onEnd(() => chmodSync('dist/cli.js', 0o755)) }],
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
