// Messages between the extension host and the analysis worker: small and plain (structured
// clone), text and settings in, the analysis out. Laws are sent once, when they change.

import type { AnalysisOutcome, AnalysisRequest } from '../analysis';
import type { LawSources } from '../lawSources';

export type ToWorker =
  { readonly type: 'laws'; readonly sources: LawSources } | { readonly type: 'analyse'; readonly id: number; readonly request: AnalysisRequest };

export type FromWorker =
  /** The worker has loaded its code and built the laws it was sent (after each `laws`). */
  | { readonly type: 'ready' }
  | { readonly type: 'result'; readonly id: number; readonly outcome: AnalysisOutcome }
  | { readonly type: 'error'; readonly id: number; readonly message: string }
  /** Something for the output channel, about no request in particular. */
  | { readonly type: 'log'; readonly message: string };
