// Entry of dist/engine.js: the heavy part of the extension host (readers, laws, estimates,
// curves, budget report, config writers, hardware catalog, fits, message schemas), loaded on
// first use through src/host/engine.ts so activation loads only the small extension.js. Config
// analyses run in the analysis worker (dist/analysis-worker.js), which bundles what it needs
// itself; the host loads this when a curve view, a command or a law needs it.

export { analyseText, buildLaws, chooseLaw } from './analysis';
export { analysedRuns, analyze, type Analysis } from '../configs/analyze';
export { BUILT_IN_LAWS, DEFAULT_LAW_ID, findLaw } from '../core/laws/index';
export { statusText, summaryMarkdown } from '../editor/present';
export { fitLogText, fitRunsTextAsync, FitCancelledError, FitInputError, forecastLoss, forecastWarnings, lawFromFit, readFitResult } from '../core/fit/index';
// The curve views.
export { budgetName, buildCurveState, type Focus, type PlanSource } from '../panels/model';
export { messageKind, parseBudgetArgs, parseForecastArgs, parsePersistedState, parseWebviewMessage } from '../panels/messages';
export { chartCsv, exportBaseName, pngBytes } from '../panels/export';
// The budget calculator.
export { ACCELERATORS, DEFAULT_ACCELERATOR_ID, DEFAULT_GPU_COUNT, DEFAULT_MFU, findAccelerator, peakFor } from '../core/hardware';
export { budgetReport, parseBudgetField, parseBudgetInput } from '../core/budgetReport';
export { findWriter, proposeConfig, WRITERS } from '../configs/writers/index';
export { checkFineTuneRequest, planFineTunes, PLANNED_METHODS, PLANNER_DEFAULTS } from '../core/fineTunePlanner';
export { releasedModels } from '../configs/fineTuneModels';
export { writeLlamaFactory } from '../configs/writers/llamaFactory';
