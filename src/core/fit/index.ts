// Fitting your own runs and logs (issue 7): the Approach 3 law fit with bootstrap intervals,
// learning-curve forecasts, and the readers of runs files and training logs. Pure: text in.

export { FitInputError, type Interval, type Run } from './types';
export { lbfgs, type LbfgsOptions, type LbfgsResult, type LbfgsStop, type ObjectiveWithGradient } from './lbfgs';
export { HUBER_DELTA, huber, lawObjective, logPrediction, objectiveValue, toLogRuns, type LogRuns } from './objective';
export { createRng, quantile, type Rng } from './random';
export { DEFAULT_BOOTSTRAP, percentileInterval, type BootstrapOptions } from './bootstrap';
export {
  CHINCHILLA_GRID,
  checkRuns,
  FitCancelledError,
  fitLaw,
  fitLawAsync,
  fitLawId,
  fitLawSteps,
  gridStarts,
  lawFromFit,
  objectiveAt,
  optimalWithInterval,
  predictWithInterval,
  readFitResult,
  type FitIntervals,
  type FitLawAsyncOptions,
  type FitLawOptions,
  type FitResidual,
  type FitResult,
  type InitGrid,
  type ValueWithInterval,
} from './fitLaw';
export { MAX_TABLE_CHARS, normalizeColumn, readTable, type Table, type TableFormat, type TableRecord } from './table';
export { dropHighestLoss, lossUnitOf, parseRuns, type RunsFile, type RunsOptions } from './runs';
export { curveOf, parseTrainingLog, tokensPerStepOf, type CurveUnit, type LogOptions, type LogPoint, type TrainingLog } from './logs';
export {
  fitLearningCurve,
  forecastCurve,
  forecastLoss,
  forecastWarnings,
  type CurveConstants,
  type CurvePoint,
  type Forecast,
  type LearningCurveFit,
  type LearningCurveOptions,
} from './learningCurve';
export { baseName, fitLogText, fitRunsText, fitRunsTextAsync, type FitLogTextOptions, type FitRunsTextOptions, type LogFit, type RunsFit } from './api';
