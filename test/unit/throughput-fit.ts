// The throughput fit's objective and free constants, shared by scripts/fit-throughput.ts (which
// minimises it) and test/unit/throughput-calibration.test.ts (which checks the constants in
// src/core/throughput/constants.ts are still its minimum after a model change).
import { predictThroughput, type ModelConstants } from '../../src/core/throughput/index';
import { loadMeasurements } from './throughput-measurements';

/** One free constant: its name, how to read and set it, and the bounds the fit keeps it in. */
export interface FitKey {
  readonly name: string;
  readonly get: (c: ModelConstants) => number;
  readonly set: (c: ModelConstants, v: number) => ModelConstants;
  readonly lo: number;
  readonly hi: number;
}

const kernelKey = (cls: 'ampere' | 'hopper', term: 'gemm' | 'attention', lo: number): FitKey => ({
  name: `${cls}.${term}`,
  get: (c) => c.kernel[cls][term],
  set: (c, v) => ({ ...c, kernel: { ...c.kernel, [cls]: { ...c.kernel[cls], [term]: v } } }),
  lo,
  hi: 1,
});
type FittedName = keyof ModelConstants['fitted'];
const fittedKey = (name: FittedName, lo: number, hi: number): FitKey => ({
  name,
  get: (c) => c.fitted[name],
  set: (c, v) => ({ ...c, fitted: { ...c.fitted, [name]: v } }),
  lo,
  hi,
});

export const FIT_KEYS: readonly FitKey[] = [
  kernelKey('ampere', 'gemm', 0.2),
  kernelKey('ampere', 'attention', 0.05),
  kernelKey('hopper', 'gemm', 0.2),
  kernelKey('hopper', 'attention', 0.05),
  fittedKey('widthHalf', 1, 2000),
  fittedKey('memoryPasses', 1, 400),
  fittedKey('compileMemoryFactor', 0.3, 1),
  fittedKey('fp8GemmFactor', 0.2, 1),
  fittedKey('exposedShare', 0, 1),
];

const { rows } = loadMeasurements();

/** Mean squared log error of predicted tokens/s/GPU over the calibration rows. */
export function calibrationLoss(c: ModelConstants): number {
  let s = 0;
  for (const r of rows) {
    const out = predictThroughput(r.input, c);
    if (!out.ok) return Infinity;
    s += Math.log(out.throughput.tokensPerSecPerGpu / r.tokensPerSecPerGpu) ** 2;
  }
  return s / rows.length;
}

export const calibrationRows = rows;
