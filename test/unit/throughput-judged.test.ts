// The throughput model judged on published step-time measurements it was never fitted on:
// torchtitan's H100 benchmark tables (Llama 3.1 8B, 70B and 405B; FSDP, TP, async TP, PP, CP,
// torch.compile, Float8; 8 to 512 GPUs). Each row is read the way a user's config is: the
// real train config of the torchtitan release the 2024 tables name (test/fixtures/torchtitan/2024-12,
// from torchtitan@9dec370; the June 2025 async-TP rows ran torchtitan 820504e, whose TOML keeps
// the same settings under other tables) with the row's keys set in it, read by
// the product and estimated on the GPU its directive names. Prints the median |error| and the
// median signed error of tokens/s per GPU (and of peak memory where the table gives it);
// ratchets hold the measured values. The constants in src/core/throughput/constants.ts were
// fitted on test/fixtures/measurements/throughput-measured.tsv only.
//
// The benchmark GPUs were 96 GB HBM2e H100s at a 500 W power limit, between the SXM and NVL
// parts in peak (the source says so and computes its own MFU with the SXM peak); they are judged
// as the catalog's H100-SXM, so the model is expected to run somewhat fast on them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/configs/analyze';
import { configOf, loadRows, type Row } from './throughput-judged-rows';

const GIB = 2 ** 30;

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
};

function judge(r: Row) {
  const a = analyze(configOf(r), `train_configs/${r.config}.toml`);
  assert.ok(a.ok, r.table);
  const plan = a.result.plan;
  const s = plan.setup!;
  // The product reads the row's layout from the file, or the judgement would be of something else.
  assert.equal(plan.gpuCount?.value, r.gpus, `${r.table}: GPUs`);
  assert.equal(plan.precision?.value, r.float8 === 'none' ? 'bf16' : 'fp8', `${r.table}: precision`);
  assert.equal(s.compile?.value, r.compile, `${r.table}: compile`);
  assert.equal(s.parallel?.pp?.value, r.pp, `${r.table}: pp`);
  assert.equal(s.parallel?.cp?.value, r.cp, `${r.table}: cp`);
  assert.equal(s.tpCommOverlap?.value ?? false, r.asyncTp && r.tp > 1, `${r.table}: async TP`);
  const t = a.estimate.throughput;
  assert.ok(t, `${r.table}: a throughput estimate`);
  const mem = a.estimate.memory;
  return {
    r,
    tps: t.tokensPerSecPerGpu,
    err: t.tokensPerSecPerGpu / r.tokensPerSecPerGpu - 1,
    memErr: r.memoryGib !== null && mem ? mem.perGpuBytes / GIB / r.memoryGib - 1 : null,
    memGib: mem ? mem.perGpuBytes / GIB : null,
  };
}

test('throughput judged on torchtitan H100 benchmarks: tokens/s per GPU and peak memory', () => {
  const rows = loadRows();
  assert.equal(rows.length, 30);
  const results = rows.map(judge);
  for (const x of results)
    console.log(
      `  ${x.r.config.padEnd(12)} ${x.r.table.padEnd(38)} predicted ${Math.round(x.tps).toLocaleString('en-US').padStart(6)} measured ${x.r.tokensPerSecPerGpu.toLocaleString('en-US').padStart(6)} ${x.err >= 0 ? '+' : ''}${(100 * x.err).toFixed(0)}%` +
        (x.memErr !== null ? `  memory ${x.memGib!.toFixed(1)} vs ${x.r.memoryGib} GiB ${x.memErr >= 0 ? '+' : ''}${(100 * x.memErr).toFixed(0)}%` : ''),
    );
  const abs = median(results.map((x) => Math.abs(x.err)));
  const signed = median(results.map((x) => x.err));
  const within = results.filter((x) => Math.abs(x.err) <= 0.3).length / results.length;
  const mem = results.flatMap((x) => (x.memErr === null ? [] : [x.memErr]));
  const memAbs = median(mem.map(Math.abs));
  const memSigned = median(mem);
  console.log(
    `torchtitan H100: ${results.length} rows, tokens/s/GPU median |error| ${(100 * abs).toFixed(1)}%, signed ${signed >= 0 ? '+' : ''}${(100 * signed).toFixed(1)}%, within 30%: ${(100 * within).toFixed(0)}%; ` +
      `peak memory (${mem.length} rows, measured as reserved) median |error| ${(100 * memAbs).toFixed(1)}%, signed ${memSigned >= 0 ? '+' : ''}${(100 * memSigned).toFixed(1)}%`,
  );
  assert.ok(abs <= RATCHET.abs, `median |error| grew to ${abs}`);
  assert.ok(Math.abs(signed) <= RATCHET.signed, `median signed error grew to ${signed}`);
  assert.ok(memAbs <= RATCHET.memoryAbs, `memory median |error| grew to ${memAbs}`);
});

// Measured 2026-12-07 when the judgement was added: tokens/s/GPU median |error| 10.4%, signed
// +1.1%, 90% of rows within 30%. Since the constants were refitted on the calibration set (their
// old values were no longer its minimum) and groups strided across nodes share the node's NICs:
// 9.2%, signed +6.0%, 93% within 30% (the two misses are float8 rowwise rows: the model prices
// rowwise scaling as tensorwise, and the source calls its slow rowwise baseline a bug being
// addressed, pytorch/torchtitan issue 1207). A positive sign is what these GPUs lead one to expect:
// 96 GB H100s at a 500 W limit, judged as the 700 W SXM part. Peak memory median |error| 32% when
// added, 20.8% since FSDP2 under a pipeline keeps its gradients unsharded and full checkpointing's
// block inputs no longer shrink under torch.compile (the 405B rows from −43..−57% to −0..−23%),
// all under the measured figure, which is the caching allocator's peak *reserved* memory on 96 GB
// GPUs (the model predicts allocated bytes; see docs/published-runs.md). Lines held, not targets.
const RATCHET = { abs: 0.1, signed: 0.07, memoryAbs: 0.21 };
