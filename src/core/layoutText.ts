// A chosen layout in words, in its own module: the budget calculator's UI shows it without
// loading the models that choose the layout (budgetRun.ts) into the activation bundle.

import type { ChosenLayout } from './budgetRun';
import { CHECKPOINTING_NAMES, SHARDING_NAMES } from './runSetup';

/** "micro-batch 4 × 8 accumulation, tensor parallel 2, distributed optimizer, selective activation checkpointing". */
export function layoutText(l: ChosenLayout): string {
  const ac = `${CHECKPOINTING_NAMES[l.checkpointing]} activation checkpointing`;
  const split = [(l.tp ?? 1) > 1 ? `tensor parallel ${l.tp}` : null, (l.pp ?? 1) > 1 ? `pipeline ${l.pp} stages` : null].filter((x) => x !== null);
  return `micro-batch ${l.microBatch}${l.gradAccum > 1 ? ` × ${l.gradAccum} accumulation` : ''}, ${[...split, SHARDING_NAMES[l.sharding]].join(', ')}, ${ac}`;
}
