// Refits the overhead constants of src/core/memory/overhead.ts on the published measurements
// (test/fixtures/measurements/memory-measured.tsv) and prints them with each row's residual.
// Run: npx tsx scripts/fit-memory-overhead.ts
import { caseParts, fitOverhead, mapRow, readRows, withConstants } from '../test/unit/memory-rows';

const GIB = 2 ** 30;
const mapped = readRows().map(mapRow);
const parts = mapped.flatMap((m) => (m.ok ? [caseParts(m.value)] : []));
const fit = fitOverhead(parts);
console.log(`OVERHEAD_FIXED_BYTES = ${fit.fixedBytes / GIB} GiB, OVERHEAD_FRACTION = ${fit.fraction}, COMPILE_ACTIVATION_FACTOR = ${fit.compileFactor}`);
console.log(`median |error| ${(fit.medianAbsError * 100).toFixed(1)}% over ${parts.filter((p) => p.c.measuredBytes !== null).length} measured rows`);
for (const p of parts) {
  const pred = withConstants(p, fit.fixedBytes, fit.fraction, fit.compileFactor);
  const m = p.c.measuredBytes;
  console.log(
    `${p.c.label}: predicted ${(pred / GIB).toFixed(2)} GiB, ${m !== null ? `measured ${(m / GIB).toFixed(2)} GiB (${((pred / m - 1) * 100).toFixed(1)}%)` : `out of memory on ${(p.c.capacityBytes! / 1e9).toFixed(0)} GB: predicted ${pred > p.c.capacityBytes! ? 'not to fit' : 'TO FIT'}`}`,
  );
}
for (const m of mapped) if (!m.ok) console.log(`excluded ${m.label}: ${m.reason}`);
