// Fits the throughput model's free constants (src/core/throughput/constants.ts) on the
// calibration measurements only: least squares of log(predicted / measured tokens/s/GPU),
// coordinate descent with shrinking multiplicative steps. Prints the constants to paste back.
// Run: npx tsx scripts/fit-throughput.ts
import { MODEL_CONSTANTS, predictThroughput, type ModelConstants } from '../src/core/throughput/index';
import { loadMeasurements } from '../test/unit/throughput-measurements';

const { rows } = loadMeasurements();

type Key = [string, (c: ModelConstants) => number, (c: ModelConstants, v: number) => ModelConstants, number, number];
const keys: Key[] = [
  ['ampere.gemm', (c) => c.kernel.ampere.gemm, (c, v) => ({ ...c, kernel: { ...c.kernel, ampere: { ...c.kernel.ampere, gemm: v } } }), 0.2, 1],
  ['ampere.attention', (c) => c.kernel.ampere.attention, (c, v) => ({ ...c, kernel: { ...c.kernel, ampere: { ...c.kernel.ampere, attention: v } } }), 0.05, 1],
  ['hopper.gemm', (c) => c.kernel.hopper.gemm, (c, v) => ({ ...c, kernel: { ...c.kernel, hopper: { ...c.kernel.hopper, gemm: v } } }), 0.2, 1],
  ['hopper.attention', (c) => c.kernel.hopper.attention, (c, v) => ({ ...c, kernel: { ...c.kernel, hopper: { ...c.kernel.hopper, attention: v } } }), 0.05, 1],
  ['widthHalf', (c) => c.fitted.widthHalf, (c, v) => ({ ...c, fitted: { ...c.fitted, widthHalf: v } }), 1, 2000],
  ['memoryPasses', (c) => c.fitted.memoryPasses, (c, v) => ({ ...c, fitted: { ...c.fitted, memoryPasses: v } }), 1, 400],
  ['compileMemoryFactor', (c) => c.fitted.compileMemoryFactor, (c, v) => ({ ...c, fitted: { ...c.fitted, compileMemoryFactor: v } }), 0.3, 1],
  ['fp8GemmFactor', (c) => c.fitted.fp8GemmFactor, (c, v) => ({ ...c, fitted: { ...c.fitted, fp8GemmFactor: v } }), 0.2, 1],
  ['exposedShare', (c) => c.fitted.exposedShare, (c, v) => ({ ...c, fitted: { ...c.fitted, exposedShare: v } }), 0, 1],
];

function loss(c: ModelConstants): number {
  let s = 0;
  for (const r of rows) {
    const out = predictThroughput(r.input, c);
    if (!out.ok) return Infinity;
    s += Math.log(out.throughput.tokensPerSecPerGpu / r.tokensPerSecPerGpu) ** 2;
  }
  return s / rows.length;
}

let c = MODEL_CONSTANTS;
let best = loss(c);
for (let step = 0.3; step > 0.002; step /= 2) {
  for (let sweep = 0; sweep < 6; sweep++) {
    let improved = false;
    for (const [, get, set, lo, hi] of keys) {
      for (const dir of [1 + step, 1 / (1 + step)]) {
        const v0 = get(c);
        const v = Math.min(hi, Math.max(lo, v0 === 0 ? step * dir : v0 * dir));
        const trial = set(c, v);
        const l = loss(trial);
        if (l < best - 1e-12) {
          best = l;
          c = trial;
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
}
const errs = rows.map((r) => {
  const out = predictThroughput(r.input, c);
  return out.ok ? out.throughput.tokensPerSecPerGpu / r.tokensPerSecPerGpu - 1 : NaN;
});
const abs = errs.map(Math.abs).sort((a, b) => a - b);
console.log(
  `rms log error ${Math.sqrt(best).toFixed(4)}; median |error| ${(100 * abs[Math.floor(abs.length / 2)]!).toFixed(1)}%; within 30% ${((100 * abs.filter((e) => e <= 0.3).length) / abs.length).toFixed(1)}%`,
);
for (const [name, get] of keys) console.log(`${name}: ${get(c).toPrecision(3)}`);
