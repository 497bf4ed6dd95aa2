// Builds the extension host bundle, the CLI, the curve webview bundle and the integration-test
// bundle.
// `node esbuild.mjs` once, `--watch` to rebuild on change, `--production` to minify.
import * as esbuild from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';

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
 * Files of the extension loaded on first use, so activation loads only the small extension.js:
 * the analysis engine (parsers, readers, laws: most of the code) and the custom-law compiler
 * (mathjs, loaded only when scalingLens.customLaws is set), and the curve views' engine.
 * `import('../editor/engine')` in src/host/analyses.ts becomes `require('./engine.js')` beside
 * dist/extension.js.
 */
const LAZY = {
  'src/host/analyses.ts': { '../editor/engine': './engine.js' },
  'src/host/laws.ts': { './customLaws': './custom-laws.js' },
  // The curve views' laws, curves and message schemas, loaded when a curve view first opens.
  'src/panels/index.ts': { './engine': './curves-engine.js' },
};
const lazyEngine = {
  name: 'lazy-modules',
  setup(build) {
    build.onResolve({ filter: /^(\.\/|\.\.\/editor\/)(engine|customLaws)$/ }, (args) => {
      const importer = Object.keys(LAZY).find((f) => args.importer.endsWith(f));
      const target = importer && LAZY[importer][args.path];
      return target ? { path: target, external: true } : undefined;
    });
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
  ...[
    ['src/editor/engine.ts', 'dist/engine.js'],
    ['src/host/customLaws.ts', 'dist/custom-laws.js'],
    ['src/panels/engine.ts', 'dist/curves-engine.js'],
  ].map(([entry, outfile]) => ({
    ...common,
    entryPoints: [entry],
    outfile,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
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
