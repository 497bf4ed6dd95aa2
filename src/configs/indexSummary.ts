// What the workspace index keeps of each config: the curve panel's workspace view plots every
// config from its plan, format and init, and nothing reads the rest. Keeping only these (not the
// fields, problems and estimate of every file, about 14 KB of JSON each) keeps a 5,000-file
// workspace's index small.

import type { TrainingPlan } from '../core/plan';
import type { Analysis } from './analyze';

export interface IndexSummary {
  readonly formatName: string;
  readonly plan: TrainingPlan;
  /** Pretrained or from scratch, where the reader knows (ReadResult.init). */
  readonly init?: 'pretrained' | 'scratch';
}

export function indexSummary(a: Extract<Analysis, { ok: true }>): IndexSummary {
  const { formatName, plan, init } = a.result;
  return { formatName, plan, ...(init ? { init: init.value } : {}) };
}
