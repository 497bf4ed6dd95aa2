// The scaling core's public API: pure functions, no vscode, no Node.

export * from './architecture';
export * from './model';
export * from './plan';
export * from './runSetup';
export * from './runLayout';
export * from './assumedSplit';
export * from './units';
export * from './hardware';
export * from './estimate';
export * from './budget';
export * from './budgetReport';
export * from './budgetRun';
export * from './fineTunePlanner';
export * from './shape';
export * from './curves';
export * from './laws/index';
export {
  kaplanLoss,
  kaplanLossOfParams,
  kaplanLossOfTokens,
  kaplanLossOfParamsAndSteps,
  kaplanCriticalBatch,
  kaplanComputeEfficient,
  kaplanOverfittingMinTokens,
  PF_DAY,
} from './laws/kaplan2020';
export { dataConstrainedLoss, dataConstrainedOptimal, muennighoff2023 } from './laws/muennighoff2023';
export { deepseekCompute, deepseekFlopsPerToken, deepseekSuggestion, type DeepSeekSuggestion } from './laws/deepseek2024';
export { dataConstrainedFloor, dataConstrainedPlateauStart, PLATEAU_TOLERANCE } from './laws/muennighoff2023';
export { parametricLoss, parametricOptimal, type ParametricConstants } from './laws/parametric';
export * from './fit/index';
export { costUnknownReason } from './missing';
export * from './memory/index';
