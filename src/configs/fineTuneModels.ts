// The released models the fine-tuning planner offers: every row of the bundled Hugging Face
// table (registry/hfModels.ts), read through the config.json reader so each architecture is the
// one the editor counts when a fine-tuning file names the model.

import type { PlannerModel } from '../core/fineTunePlanner';
import { readConfig } from './index';
import { HF_MODELS } from './registry/hf';

let cache: readonly PlannerModel[] | null = null;

/** Released models with an architecture the counter represents (rows it cannot are left out). */
export function releasedModels(): readonly PlannerModel[] {
  if (cache) return cache;
  const out: PlannerModel[] = [];
  for (const m of HF_MODELS) {
    const read = readConfig(JSON.stringify(m.config), 'config.json');
    const arch = read.ok ? read.result.plan.architecture?.value : null;
    if (arch) out.push({ id: m.id, architecture: arch });
  }
  cache = out;
  return out;
}
