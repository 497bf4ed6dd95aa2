import type { ReadResult } from '../types';
import type { PlanBuilder } from './builder';

/** The result of a file that could not be parsed: its problems, and a plan that knows nothing. */
export function notAConfig(b: PlanBuilder): ReadResult {
  return b.finish({
    architecture: null,
    tokens: b.trace(null, 'derived', 'config', null, 'the file could not be read'),
  });
}
