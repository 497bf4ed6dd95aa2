// Fits the throughput model's free constants (src/core/throughput/constants.ts) on the
// calibration measurements only: least squares of log(predicted / measured tokens/s/GPU),
// coordinate descent with shrinking multiplicative steps. Prints the constants to paste back.
// Run: npx tsx scripts/fit-throughput.ts
import { MODEL_CONSTANTS, predictThroughput } from '../src/core/throughput/index';
import { FIT_KEYS, calibrationLoss as loss, calibrationRows as rows } from '../test/unit/throughput-fit';

let c = MODEL_CONSTANTS;
let best = loss(c);
for (let step = 0.3; step > 0.002; step /= 2) {
  for (let sweep = 0; sweep < 6; sweep++) {
    let improved = false;
    for (const { get, set, lo, hi } of FIT_KEYS) {
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
for (const { name, get } of FIT_KEYS) console.log(`${name}: ${get(c).toPrecision(3)}`);
