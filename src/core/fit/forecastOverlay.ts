// A training log's forecast as the curve panel draws it (the forecast command's "Show on curves").
// Types-only imports and the forecast function passed in: the forecast command is part of the
// small activation bundle and must not pull the core into it (it has the analysis engine's).

import type { Forecast, LearningCurveFit } from './index';
import type { ForecastOverlay } from '../../protocol';

/** Points of the forecast's learning curve, from the log's start to the planned end. */
const FORECAST_GRID = 48;

/**
 * What "Show on curves" sends to the panel: the fitted bins, the learning curve with its band up
 * to `until`, and the forecast there. `forecastLoss` is the core's. Tokens only: a log in steps
 * has no place on a tokens axis (null).
 */
export function forecastOverlay(
  fit: LearningCurveFit,
  name: string,
  until: number,
  forecastLoss: (fit: LearningCurveFit, x: number) => Forecast,
): ForecastOverlay | null {
  if (fit.unit !== 'tokens' || !(until > 0) || !Number.isFinite(until) || !fit.bins.length) return null;
  const start = Math.min(fit.bins[0]!.x, until);
  const end = Math.max(until, fit.seen.to);
  if (!(start > 0)) return null;
  const step = Math.log(end / start) / (FORECAST_GRID - 1);
  const xs = Array.from({ length: FORECAST_GRID }, (_, i) => (i === FORECAST_GRID - 1 ? end : start * Math.exp(step * i)));
  const pt = (p: Forecast) => ({ x: p.x, loss: p.loss, low: p.low, high: p.high });
  const curve = xs
    .map((x) => forecastLoss(fit, x))
    .filter((p) => Number.isFinite(p.loss))
    .map(pt);
  const at = forecastLoss(fit, until);
  if (curve.length < 2 || !Number.isFinite(at.loss)) return null;
  return { name, bins: fit.bins.filter((b) => b.x > 0 && Number.isFinite(b.loss)).map((b) => ({ x: b.x, loss: b.loss })), curve, at: pt(at) };
}
