// Pipeline bubble: with pp stages and m micro-batches per step, 1F1B and GPipe idle each stage
// for (pp − 1) micro-batch slots; interleaving v virtual stages per rank divides that by v
// (Narayanan et al. 2021, "Efficient Large-Scale Language Model Training on GPU Clusters",
// §2.2.1–2.2.2: bubble time fraction (p − 1)/m, interleaved (1/v)·(p − 1)/m). Zero-bubble
// schedules (Qi et al. 2024) fill it.

import type { PipelineSchedule } from '../runSetup';

/** Bubble time as a share of the ideal (busy) time: (pp − 1) / (m × vp). */
export function bubbleRatio(pp: number, microBatches: number, vp: number, schedule: PipelineSchedule): number {
  if (pp <= 1 || schedule === 'zero-bubble') return 0;
  const v = schedule === 'interleaved-1f1b' ? Math.max(1, vp) : 1;
  return (pp - 1) / (Math.max(1, microBatches) * v);
}
