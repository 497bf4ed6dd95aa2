// Entry of dist/custom-laws.js: mathjs is large, so the custom-law compiler is its own file,
// loaded (by the host and by the analysis worker) only when scalingLens.customLaws holds
// something. esbuild.mjs builds every `*.lazy.ts` as its own file and keeps `import()`s of it
// lazy.

export { compileCustomLaws } from '../core/laws/custom';
