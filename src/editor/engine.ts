// The heavy part (parsers, readers, laws), loaded on first use so activation stays light:
// esbuild keeps a dynamically imported module lazy even inside one bundle.

export { analysedRuns, analyze, type Analysis } from '../configs/analyze';
export { MAX_CONFIG_BYTES } from '../configs/index';
export { findLaw, DEFAULT_LAW_ID } from '../core/laws/index';
export { hintSpecs, hoverMarkdown, statusText, summaryLenses, summaryMarkdown } from './present';
export { lawFromFit, readFitResult, fitRunsTextAsync, fitLogText, forecastLoss, forecastWarnings, FitCancelledError, FitInputError, BUILT_IN_LAWS } from '../core/index';
