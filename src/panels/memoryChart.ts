// The curve panel's memory chart: peak memory per GPU of the config, term by term (weights,
// gradients, optimizer states, activations, logits, overhead), against the micro-batch, with the
// GPU's capacity as a line and the config's own micro-batch marked. Pure: every figure is the
// core's estimateMemory() for the same plan with only the micro-batch changed, so the chart and
// the editor's memory hint agree at the config's micro-batch.

import { estimateMemory, findAccelerator, MEMORY_TERM_KEYS, type Estimate, type MemoryEstimate, type MemoryTermKey, type TrainingPlan } from '../core/index';
import { formatGiB, formatInteger, formatPercent } from '../format/index';
import type { AxisSpec, ChartSpec, SeriesSpec } from '../protocol';

const GIB = 2 ** 30;
/** The sweep stops at the first micro-batch past the GPU's memory, and at this one at most. */
export const MAX_SWEEP_MICRO_BATCH = 4096;

const TERM_LABEL: Readonly<Record<MemoryTermKey, string>> = {
  weights: 'weights',
  gradients: 'gradients',
  optimizer: 'optimizer states',
  activations: 'activations',
  logits: 'logits',
  overhead: 'overhead',
};

export interface MemoryPoint {
  readonly microBatch: number;
  readonly memory: MemoryEstimate;
}

/**
 * The plan with its micro-batch set to `mb` and its activation checkpointing pinned to the one the
 * config's own point resolved (stated, so the model takes both as is). Unpinned, an unstated
 * checkpointing would switch to full recompute at the first micro-batch that does not fit
 * without it, and the activations band would drop mid-chart: only the micro-batch may change.
 */
function withMicroBatch(plan: TrainingPlan, mb: number, here: MemoryEstimate): TrainingPlan {
  const source = 'memory chart';
  const { checkpointing: mode, everyN } = here.setup;
  return {
    ...plan,
    setup: {
      ...plan.setup,
      microBatch: { value: mb, origin: 'stated', source },
      checkpointing: { value: { mode, ...(mode === 'every-n' ? { everyN } : {}) }, origin: 'stated', source },
    },
  };
}

/**
 * Micro-batches 1, 2, 4, … up to the first that exceeds the GPU's memory (or MAX_SWEEP_MICRO_BATCH),
 * and at least up to the config's own; with the config's micro-batch included when it is not a power of two.
 */
export function memorySweep(plan: TrainingPlan, est: Estimate): MemoryPoint[] {
  const here = est.memory;
  const acc = findAccelerator(est.hardware.gpu);
  if (!here || !acc) return [];
  const current = here.setup.microBatch;
  // The split the estimate assumed (a config that states no layout) holds for every point.
  const priced = est.assumedSplit ? { ...plan, setup: est.assumedSplit } : plan;
  const at = (mb: number): MemoryEstimate | null =>
    mb === current ? here : estimateMemory(withMicroBatch(priced, mb, here), acc, est.hardware.count, est.hardware.precision).memory;
  const out: MemoryPoint[] = [];
  for (let mb = 1; mb <= MAX_SWEEP_MICRO_BATCH; mb *= 2) {
    if (current < mb && current > mb / 2) {
      const m = at(current);
      if (m) out.push({ microBatch: current, memory: m });
    }
    const m = at(mb);
    if (!m) break;
    out.push({ microBatch: mb, memory: m });
    if (!m.fits && mb >= current) break;
  }
  return out;
}

function axis(kind: AxisSpec['kind'], title: string, log: boolean, min: number, max: number): AxisSpec {
  return { kind, title, log, min, max };
}

/** A round upper end for the memory axis: 1, 2 or 5 × 10^k steps, about six of them. */
function niceMax(v: number): number {
  const raw = v / 6;
  const k = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * k).find((s) => s >= raw) ?? 10 * k;
  return Math.ceil((v * 1.04) / step) * step;
}

export interface MemoryChartInput {
  /** The config's name, for the marked point; null when the view is on no config. */
  readonly name: string | null;
  readonly plan: TrainingPlan | null;
  readonly est: Estimate | null;
}

export function memoryChart(input: MemoryChartInput): ChartSpec {
  const title = 'Memory per GPU';
  const caption = 'Peak training memory per GPU by term against the micro-batch, with the GPU’s capacity (dashed) and this config’s micro-batch (●).';
  const x = axis('microBatch', 'micro-batch (sequences per GPU)', true, 1, 2);
  const y = axis('memory', 'memory per GPU (GiB = 2³⁰ bytes)', false, 0, 1);
  const emptyChart = (empty: string): ChartSpec => ({ id: 'memory', title, caption, x, y, series: [], empty, summary: `No memory chart: ${empty}` });
  const { plan, est, name } = input;
  if (!plan || !est || name === null) return emptyChart('Needs a training config: the memory per GPU is the config’s.');
  const here = est.memory;
  if (!here) {
    const reason = est.memoryReason ?? 'the memory model cannot size this run';
    return emptyChart(`The memory per GPU is unknown: ${reason}.`);
  }
  const sweep = memorySweep(plan, est);
  if (sweep.length === 0) return emptyChart('The memory per GPU is unknown at every micro-batch.');
  const cap = here.capacityBytes;
  const gib = (b: number) => b / GIB;
  const current = here.setup.microBatch;
  const setupText = `${formatInteger(est.hardware.count)} × ${est.hardware.gpu}`;

  const series: SeriesSpec[] = [];
  const keys = MEMORY_TERM_KEYS.filter((k) => sweep.some((p) => p.memory.breakdown[k] > 0));
  const below = sweep.map(() => 0);
  keys.forEach((k, shade) => {
    series.push({
      id: `memory-${k}`,
      label: TERM_LABEL[k],
      role: 'stack',
      shade,
      line: true,
      points: sweep.map((p, i) => {
        below[i]! += p.memory.breakdown[k];
        return {
          x: p.microBatch,
          y: gib(below[i]!),
          label: `${TERM_LABEL[k]}: ${formatGiB(p.memory.breakdown[k])}`,
          detail: [
            `total ${formatGiB(p.memory.perGpuBytes)} per GPU at micro-batch ${p.microBatch} (${formatPercent(p.memory.fraction)} of ${formatGiB(cap)})`,
          ],
        };
      }),
    });
  });

  const first = sweep[0]!.microBatch;
  const last = sweep[sweep.length - 1]!.microBatch;
  const [xlo, xhi] = [first / 1.25, last * 1.25];
  series.push({
    id: 'capacity',
    label: `${here.gpu}: ${formatGiB(cap)}`,
    role: 'threshold',
    line: true,
    points: [
      { x: xlo, y: gib(cap), detail: [`${here.gpu} memory: ${formatGiB(cap)} (${formatInteger(cap)} bytes)`] },
      { x: xhi, y: gib(cap), detail: [`${here.gpu} memory: ${formatGiB(cap)} (${formatInteger(cap)} bytes)`] },
    ],
  });
  const stated = !here.lowerBound;
  const verdict = here.fits ? 'fits' : 'out of memory';
  series.push({
    id: 'config',
    label: name,
    legend: `${name}: micro-batch ${current}${stated ? '' : ' (assumed)'}`,
    role: 'config',
    points: [
      {
        x: current,
        y: gib(here.perGpuBytes),
        label: name,
        detail: [
          `micro-batch ${current}${stated ? '' : ' (not stated: 1 assumed, so the peak is a lower bound)'}`,
          `${formatGiB(here.perGpuBytes)} per GPU of ${formatGiB(cap)}: ${verdict}`,
          ...keys.map((k) => `${TERM_LABEL[k]}: ${formatGiB(here.breakdown[k])}`),
        ],
      },
    ],
  });

  const fitting = sweep.filter((p) => p.memory.fits);
  const largest = fitting.length ? fitting[fitting.length - 1]!.microBatch : null;
  const capped = largest === last && last >= MAX_SWEEP_MICRO_BATCH;
  const largestText =
    largest === null
      ? `even micro-batch ${first} does not fit`
      : `the largest micro-batch swept that fits is ${largest}${capped ? ` (the sweep stops at ${MAX_SWEEP_MICRO_BATCH})` : ''}`;
  const top = Math.max(...sweep.map((p) => p.memory.perGpuBytes), cap);
  return {
    id: 'memory',
    title,
    caption: `Peak training memory per GPU on ${setupText}, by term, against the micro-batch (gradient accumulation and layout as the config states); dashed: the GPU’s ${formatGiB(cap)}; ●: this config’s micro-batch ${current}${stated ? '' : ' (assumed)'}.`,
    x: axis('microBatch', x.title, true, xlo, xhi),
    y: axis('memory', y.title, false, 0, niceMax(gib(top))),
    series,
    summary: `Memory per GPU of ${name} on ${setupText}: ${formatGiB(here.perGpuBytes)} of ${formatGiB(cap)} at micro-batch ${current} (${verdict}); ${largestText}.`,
  };
}
