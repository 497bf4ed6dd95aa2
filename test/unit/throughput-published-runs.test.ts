// The throughput model judged on published whole runs it was not fitted on: median |log10| and
// median signed log10 error of GPU-hours, on A100 and H100 separately, printed. The only factor
// applied beyond the model is the stated cluster efficiency. Where the target is not
// met, the test holds a ratchet at the measured value instead of pretending.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countParams, findAccelerator } from '../../src/core/index';
import type { RunSetup } from '../../src/core/runSetup';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/configs/analyze';
import { CLUSTER_EFFICIENCY, PUBLISHED_RUNS, predictThroughput, wholeRunGpuHours, type PublishedRun } from '../../src/core/throughput/index';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
};

const t = <T>(value: T) => ({ value, origin: 'stated' as const, source: 'publishedRuns.ts' });

function setupOf(r: PublishedRun): RunSetup {
  const l = r.layout;
  return {
    ...(l.microBatch !== undefined ? { microBatch: t(l.microBatch) } : {}),
    parallel: {
      ...(l.tp !== undefined ? { tp: t(l.tp) } : {}),
      ...(l.pp !== undefined ? { pp: t(l.pp) } : {}),
      ...(l.sequenceParallel !== undefined ? { sequenceParallel: t(l.sequenceParallel) } : {}),
    },
    ...(l.sharding ? { sharding: t(l.sharding) } : {}),
    ...(l.checkpointing ? { checkpointing: t({ mode: l.checkpointing }) } : {}),
    ...(l.compile !== undefined ? { compile: t(l.compile) } : {}),
    ...(l.flashAttention !== undefined ? { flashAttention: t(l.flashAttention) } : {}),
    ...(l.gradReduceOverlap !== undefined ? { gradReduceOverlap: t(l.gradReduceOverlap) } : {}),
    ...(l.paramGatherOverlap !== undefined ? { paramGatherOverlap: t(l.paramGatherOverlap) } : {}),
    ...(l.tpCommOverlap !== undefined ? { tpCommOverlap: t(l.tpCommOverlap) } : {}),
    ...(l.interNodeGbps !== undefined ? { interNodeGbps: t(l.interNodeGbps) } : {}),
  };
}

export function predictRun(r: PublishedRun): number {
  const acc = findAccelerator(r.gpu)!;
  const out = predictThroughput({
    arch: r.arch,
    counts: countParams(r.arch),
    acc,
    precision: r.precision,
    gpuCount: r.gpuCount,
    seqLen: r.arch.seqLen,
    batchTokens: r.batchTokens,
    setup: setupOf(r),
    convention: 'palm',
  });
  assert.ok(out.ok, r.id);
  // Step-time hours count training steps only: no cluster efficiency applies to them.
  return wholeRunGpuHours(r.tokens, out.throughput.tokensPerSecPerGpu, r.hoursBasis === 'step-time' ? 1 : CLUSTER_EFFICIENCY.value);
}

test('published runs: GPU-hours on A100 and H100, median |log10 error| and median signed error', () => {
  const rows = PUBLISHED_RUNS.map((r) => ({ r, err: Math.log10(predictRun(r) / r.gpuHours) }));
  const groups = { A100: rows.filter((x) => x.r.gpu.startsWith('A100')), H100: rows.filter((x) => x.r.gpu.startsWith('H100')) };
  assert.equal(groups.A100.length + groups.H100.length, PUBLISHED_RUNS.length);
  console.log(`cluster efficiency ${CLUSTER_EFFICIENCY.value} (${CLUSTER_EFFICIENCY.evidence.slice(0, 60)}…)`);
  for (const x of rows)
    console.log(
      `  ${x.r.name.padEnd(36)} ${x.r.gpu.padEnd(10)} predicted ${Math.round(predictRun(x.r)).toLocaleString('en-US').padStart(10)} published ${Math.round(x.r.gpuHours).toLocaleString('en-US').padStart(10)} log10 ${x.err >= 0 ? '+' : ''}${x.err.toFixed(3)}`,
    );
  const stats: Record<string, { abs: number; signed: number; n: number }> = {};
  for (const [name, g] of Object.entries(groups)) {
    const abs = median(g.map((x) => Math.abs(x.err)));
    const signed = median(g.map((x) => x.err));
    stats[name] = { abs, signed, n: g.length };
    const met = abs <= 0.07 && Math.abs(signed) <= 0.03;
    console.log(
      `${name}: ${g.length} runs, median |log10 error| ${abs.toFixed(3)} (target ≤ 0.07), median signed ${signed >= 0 ? '+' : ''}${signed.toFixed(3)} (target within ±0.03)${met ? '' : ' — TARGET MISSED'}`,
    );
  }
  // The targets: median |log10 error| ≤ 0.07 and median signed error within ±0.03, on
  // A100 and H100 alike.
  for (const [name, x] of Object.entries(stats)) {
    assert.ok(x.abs <= 0.07, `${name} median |log10| ${x.abs}`);
    assert.ok(Math.abs(x.signed) <= 0.03, `${name} median signed ${x.signed}`);
  }
});

// Measured 2026-12-07 with cluster efficiency 0.9 on wall-clock hours and 1 on step-time hours,
// LLaMA's tensor-parallel degrees from its released checkpoints, and the unstated checkpointing
// decided by memory (full recompute when the step does not fit without it): A100 (23 runs)
// median |log10| 0.061, signed +0.010; H100 (4 runs) 0.023, signed +0.001. Before, with
// constants fitted on 2026-12-06 that were no longer the calibration fit's minimum, and every
// cross-node ring given the node's whole network: A100 0.055 / −0.048 (the signed target
// missed), H100 0.055 / +0.055. Refitting alone gave A100 −0.033; the shared NICs, Pythia's
// ZeRO-1 weight gather after the optimizer step (what the product reads from its files) and
// BLOOM's stated 400 Gb/s Omni-Path brought it to +0.010. None of these was chosen by its error on
// these runs. Left: Pythia 70M and nanoGPT (−0.18, −0.19) ran slower than the model predicts; the
// LLaMA runs with unstated micro-batch and sharding (DDP, 1 sequence per micro-batch: their
// gradient all-reduce over 256 nodes hides only under the last micro-batch) predict slower than
// published (LLaMA-65B +0.08, Llama 2 70B +0.17).

// The runs judged with the layout of their launch file: the product reads the same files
// (test/fixtures/published-runs/README.md) and must find the layout the judgement uses.
// `gpus`: the world size the file gives (Slurm scripts: #SBATCH --nodes via $SLURM_NNODES).
const LAUNCH_FILES: Record<string, { file: string; name: string; vocabStated: boolean; gpus: number }> = {
  // The file at that commit asks for 24 nodes of 8; BLOOM §3.4.1 trained on 48.
  'bloom-176b': { file: 'tr11-176B-ml.slurm', name: 'train/tr11-176B-ml/tr11-176B-ml.slurm', vocabStated: true, gpus: 192 },
  // The tokenizer is a file the script does not size: the vocabulary is unknown until the user
  // states it with the directive the diagnostic offers (StarCoder §5.1: 49,152).
  'starcoderbase-15b': { file: 'pretrain_bigcode_model.slurm', name: 'examples/pretrain_bigcode_model.slurm', vocabStated: false, gpus: 512 },
  'smollm3-3b': { file: 'stage1_8T.yaml', name: 'text/pretraining/smollm3/stage1_8T.yaml', vocabStated: true, gpus: 384 },
};

test('published runs with launch files: the product reads from each file the layout and shape the run is judged with', () => {
  for (const [id, f] of Object.entries(LAUNCH_FILES)) {
    const run = PUBLISHED_RUNS.find((r) => r.id === id)!;
    let text = readFileSync(join(__dirname, '..', 'fixtures', 'published-runs', f.file), 'utf8');
    if (!f.vocabStated) {
      const bare = analyze(text, f.name);
      assert.ok(bare.ok && bare.result.plan.architecture === null, `${id}: no architecture without a vocabulary`);
      assert.ok(
        bare.result.problems.some((p) => p.code === 'unknown-tokenizer'),
        `${id}: the unknown tokenizer is reported`,
      );
      const [first, ...rest] = text.split('\n');
      text = [first, `# scaling-lens: vocab=${run.arch.vocab}`, ...rest].join('\n');
    }
    const a = analyze(text, f.name);
    assert.ok(a.ok, id);
    const plan = a.result.plan;
    const s = plan.setup!;
    const l = run.layout;
    const got = {
      tp: s.parallel?.tp?.value,
      pp: s.parallel?.pp?.value,
      sequenceParallel: s.parallel?.sequenceParallel?.value,
      microBatch: s.microBatch?.value,
      sharding: s.sharding?.value,
      checkpointing: s.checkpointing?.value.mode ?? 'none',
      batchTokens: plan.batchTokens?.value,
    };
    const want = {
      tp: l.tp,
      pp: l.pp,
      sequenceParallel: l.sequenceParallel,
      microBatch: l.microBatch,
      sharding: l.sharding,
      checkpointing: l.checkpointing ?? 'none',
      batchTokens: run.batchTokens,
    };
    assert.deepEqual(got, want, id);
    assert.equal(plan.gpuCount?.value, f.gpus, `${id} GPUs`);
    for (const k of ['gradReduceOverlap', 'paramGatherOverlap', 'tpCommOverlap'] as const)
      if (l[k] !== undefined) assert.equal(s[k]?.value, l[k], `${id} ${k}`);
    const arch = plan.architecture!.value;
    const shape = (x: typeof arch) => [x.layers, x.dModel, x.heads, x.kvHeads, x.headDim, x.ffn, x.mlp, x.seqLen, x.positions, x.tiedEmbeddings];
    assert.deepEqual(shape(arch), shape(run.arch), id);
    assert.equal(arch.vocab, run.arch.vocab, id);
    assert.equal(a.estimate.params.total, countParams(run.arch).total, id);
  }
});

test('published runs are judged with the exact models: Pythia as its model cards count it', () => {
  // EleutherAI Pythia model cards (docs/published-runs.md#exact-parameter-counts); 6.9B and 12B pad
  // the vocabulary to 50432 and 50688, which the totals imply.
  const cards: Record<string, number> = {
    'pythia-70m': 70_426_624,
    'pythia-160m': 162_322_944,
    'pythia-410m': 405_334_016,
    'pythia-1b': 1_011_781_632,
    'pythia-1.4b': 1_414_647_808,
    'pythia-2.8b': 2_775_208_960,
    'pythia-6.9b': 6_857_302_016,
    'pythia-12b': 11_846_072_320,
  };
  for (const [id, total] of Object.entries(cards)) assert.equal(countParams(PUBLISHED_RUNS.find((r) => r.id === id)!.arch).total, total, id);
});
