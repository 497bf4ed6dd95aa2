// A small seeded PRNG so that bootstraps and synthetic tests are reproducible: the same seed
// gives the same resamples on every machine (Math.random cannot be seeded).
// mulberry32 (Tommy Ettinger's 32-bit generator): passes SmallCrush-level tests, plenty for
// resampling; not for cryptography.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer uniform in [0, n). */
  int(n: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
}

export function createRng(seed = 1): Rng {
  let s = seed >>> 0;
  let spare: number | null = null;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    normal: () => {
      if (spare !== null) {
        const v = spare;
        spare = null;
        return v;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
  };
}

/** Multinomial resample counts: how many times each of n items is drawn in n draws with replacement. */
export function resampleCounts(n: number, rng: Rng): Uint32Array {
  const counts = new Uint32Array(n);
  for (let i = 0; i < n; i++) counts[rng.int(n)]!++;
  return counts;
}

/** The p-quantile (0–1) of values, linear interpolation between order statistics (numpy's default). */
export function quantile(values: readonly number[] | Float64Array, p: number): number {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
