// Entry of dist/custom-laws.js: mathjs is large, so the custom-law compiler is its own file,
// loaded only when scalingLens.customLaws holds something.

export { compileCustomLaws } from '../core/laws/custom';
