// The run setup and kind as `estimate` prints them: each value with where it came from, so a
// flag that took effect (or a framework default that stands in) is visible.

import type { Traced, TrainingPlan } from '../core/plan';

export interface RunValueJson {
  value: unknown;
  origin: string;
  source: string;
}

/** Flat `name → {value, origin, source}` of every setup and kind value the plan has. */
export function runJson(plan: TrainingPlan): Record<string, RunValueJson> {
  const out: Record<string, RunValueJson> = {};
  const put = (name: string, t: Traced<unknown> | undefined) => {
    if (t) out[name] = { value: t.value, origin: t.origin, source: t.source };
  };
  const s = plan.setup;
  if (s) {
    put('microBatch', s.microBatch);
    put('gradAccum', s.gradAccum);
    for (const [k, t] of Object.entries(s.parallel ?? {})) put(k, t);
    put('pipelineSchedule', s.pipelineSchedule);
    put('sharding', s.sharding);
    put('offload', s.offload);
    put('checkpointing', s.checkpointing);
    put('optimizer', s.optimizer);
    put('lowPrecision', s.lowPrecision);
    put('compile', s.compile);
    put('gradReduceOverlap', s.gradReduceOverlap);
    put('paramGatherOverlap', s.paramGatherOverlap);
    put('tpCommOverlap', s.tpCommOverlap);
    put('interNodeGbps', s.interNodeGbps);
    put('flashAttention', s.flashAttention);
    put('chunkedLoss', s.chunkedLoss);
  }
  const k = plan.kind;
  if (k) {
    put('stage', k.stage);
    put('method', k.method);
    put('adapter', k.adapter);
  }
  return out;
}

const show = (v: unknown): string => {
  if (typeof v !== 'object' || v === null) return String(v);
  const o = v as Record<string, unknown>;
  if ('mode' in o) return o.everyN !== undefined ? `${String(o.mode)} ${String(o.everyN)}` : String(o.mode);
  if ('rank' in o) return `rank ${String(o.rank)} on ${(o.targets as string[]).join(',')}${o.baseBits ? `, ${String(o.baseBits)}-bit base` : ''}`;
  return JSON.stringify(v);
};

/** One line: `tp 8 · pp 4 · micro-batch 1 (default) · …`; null when the plan has no setup. */
export function runLine(plan: TrainingPlan): string | null {
  const j = runJson(plan);
  const names = Object.keys(j);
  if (names.length === 0) return null;
  return names.map((n) => `${n} ${show(j[n]!.value)}${j[n]!.origin === 'stated' ? '' : ` (${j[n]!.origin})`}`).join(' · ');
}
