// The heavy part of the curve views (laws, estimates, curves, message schemas), loaded when a
// curve view first opens so activation stays light: esbuild keeps a dynamically imported module
// lazy inside the one bundle.

export { budgetName, buildCurveState, type Focus, type PlanSource } from './model';
export { parseBudgetArgs, parseForecastArgs, parsePersistedState, parseWebviewMessage, messageKind } from './messages';
export { chartCsv, exportBaseName, pngBytes } from './export';
export { BUILT_IN_LAWS, findLaw, DEFAULT_LAW_ID } from '../core/laws/index';
