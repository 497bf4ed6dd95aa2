// Budget -> architecture -> config text -> the readers -> estimate: for every framework the
// budget calculator writes, the readers read back the parameters (within a few percent of the
// target), the tokens (exact, or within one optimizer step), and the hardware of the budget.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/configs/analyze';
import { readConfig } from '../../src/configs/index';
import { proposeConfig, WRITERS, type ConfigProposal, type FrameworkId } from '../../src/configs/writers/index';
import { budgetPoints, budgetReport, findLaw, flopsForOptimalParams, type BudgetInput, type BudgetReport } from '../../src/core/index';

const report = (input: BudgetInput): BudgetReport => {
  const r = budgetReport(input);
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.report;
};

const BUDGETS: Array<[string, BudgetInput]> = [
  ['64 × H100-SXM × 14 days (epoch-2024)', { kind: 'gpu-time', gpu: 'H100-SXM', gpus: 64, days: 14 }],
  ['$50k on 8 × A100-80GB (chinchilla-2022)', { kind: 'dollars', gpu: 'A100-80GB', gpus: 8, usd: 50_000, law: 'chinchilla-2022' }],
  ['1e21 FLOPs on 16 × A100-40GB (kaplan-2020, non-embedding N)', { kind: 'flops', gpu: 'A100-40GB', gpus: 16, flops: 1e21, law: 'kaplan-2020' }],
  [
    '1e20 FLOPs, 1B unique tokens (muennighoff-2023)',
    { kind: 'flops', gpu: 'H100-SXM', gpus: 8, flops: 1e20, law: 'muennighoff-2023', uniqueTokens: 1e9, mfu: 0.35, price: 2.25 },
  ],
  [
    '1e23 FLOPs on 256 × B200 at a given price (chinchilla-2022-tex)',
    { kind: 'flops', gpu: 'B200', gpus: 256, flops: 1e23, law: 'chinchilla-2022-tex', price: 6 },
  ],
];

/** Reads a proposal back and checks it against the budget point it was written for. */
function roundTrip(r: BudgetReport, p: ConfigProposal, framework: FrameworkId, what: string): void {
  const read = readConfig(p.text, p.fileName);
  assert.ok(read.ok, `${what}: ${read.ok ? '' : read.problem.message}`);
  assert.equal(read.result.format, framework, `${what}: detected as ${framework}`);
  // The command opens it as an untitled document, which the editor reads under that name.
  const untitled = readConfig(p.text, 'Untitled-1');
  assert.ok(untitled.ok && untitled.result.format === framework, `${what}: detected as ${framework} when untitled`);
  const bad = read.result.problems.filter((x) => x.severity !== 'info');
  assert.deepEqual(
    bad.map((x) => x.message),
    [],
    `${what}: no errors or warnings`,
  );

  const dataConstrained = p.point.id === 'data-constrained';
  const law = findLaw(dataConstrained ? 'muennighoff-2023' : r.law.id)!;
  const a = analyze(p.text, p.fileName, { law });
  assert.ok(a.ok);
  const e = a.estimate;

  // Parameters: the count the law takes (Kaplan: non-embedding), exactly what the proposal says.
  const n = law.paramsKind === 'nonEmbedding' ? e.params.nonEmbedding! : e.params.total!;
  assert.equal(n, p.params, `${what}: the readers count what the writer designed`);
  assert.equal(e.params.total, p.counts.total);
  const err = n / p.point.params - 1;
  if (framework === 'torchtitan' && Math.abs(err) > 0.05) {
    assert.match(p.notes.join(' '), /flavor table/, `${what}: a flavor far from the target is explained`);
  } else {
    // torchtitan names a registered flavor: within 5% it is taken as the target size (its note says so).
    assert.ok(Math.abs(err) <= (p.point.params >= 1e8 && framework !== 'torchtitan' ? 0.015 : 0.05), `${what}: ${(err * 100).toFixed(2)}% off the target`);
  }

  // Tokens: litgpt states them; the others give whole steps of the batch; config.json has none.
  if (framework === 'hf-config') {
    assert.equal(e.tokens, null);
    assert.match(p.notes.join(' '), /describes the model only: train it on/);
  } else if (framework === 'litgpt') {
    assert.equal(e.tokens, Math.round(p.point.tokens), `${what}: max_tokens`);
  } else {
    assert.equal(e.tokens, p.steps * p.batchTokens);
    // torchtitan trains a flavor, not the target N: its tokens spend the point's compute on the flavor's N.
    const target = framework === 'torchtitan' ? (p.point.params * p.point.tokens) / n : p.point.tokens;
    assert.ok(Math.abs(e.tokens - target) <= p.batchTokens / 2, `${what}: within half a step of the target`);
    assert.equal(a.result.plan.steps?.value, p.steps);
    if (framework === 'torchtitan')
      assert.ok(
        Math.abs((6 * n * e.tokens) / (6 * p.point.params * p.point.tokens) - 1) <= p.batchTokens / 2 / target,
        `${what}: the budget's 6ND compute, to half a step`,
      );
  }

  // Hardware from the directive comment (config.json cannot carry one).
  if (framework !== 'hf-config') {
    assert.equal(e.hardware.gpu, r.hardware.gpu);
    assert.equal(e.hardware.count, r.hardware.count);
    // A given MFU travels in the directive and wins; otherwise the editor predicts the file's throughput from its layout.
    if (r.hardware.mfuSource === 'given') assert.equal(e.hardware.mfu, r.hardware.mfu);
    else assert.equal(e.throughput?.source, 'model', `${what}: no MFU in the directive`);
    // The layout written fits: the editor's memory estimate of the file is the proposal's, within 90% of the GPU.
    assert.ok(p.memory && e.memory && e.memory.perGpuBytes === p.memory.perGpuBytes, `${what}: memory of the file`);
    assert.ok(e.memory.fraction <= 0.9, `${what}: ${e.memory.fraction} of the GPU`);
    assert.equal(e.memory.setup.microBatch, p.layout!.microBatch);
    assert.equal(e.memory.setup.checkpointing, p.layout!.checkpointing);
    assert.equal(e.hardware.pricePerHour, r.hardware.pricePerHour);
    assert.equal(a.result.plan.uniqueTokens?.value, r.input.uniqueTokens);
    // The header's "this file" GPU-hours are the editor's own estimate of the file.
    assert.ok(Math.abs(e.gpuHours! / p.gpuHours - 1) < 1e-9, `${what}: ${e.gpuHours} vs ${p.gpuHours}`);
    // And the loss it predicts is the budget point's, up to the few percent of parameters.
    if (!(framework === 'torchtitan' && Math.abs(err) > 0.05))
      assert.ok(
        Math.abs(
          e.loss.value! -
            law.predict(
              p.point.params,
              p.point.tokens,
              r.input.uniqueTokens !== undefined ? { uniqueTokens: Math.min(r.input.uniqueTokens, p.point.tokens) } : {},
            ),
        ) < 0.01,
        `${what}: loss ${e.loss.value} vs ${p.point.loss}`,
      );
  }
}

for (const [name, input] of BUDGETS) {
  test(`round trip, every point and framework: ${name}`, () => {
    const r = report(input);
    for (const point of budgetPoints(r)) {
      for (const w of WRITERS) {
        const what = `${name}, ${point.id}, ${w.id}`;
        const out = proposeConfig(r, point.id, w.id);
        if (!out.ok && out.doesNotFit) {
          // A framework that cannot fit the model is refused with its smallest peak and the frameworks that can.
          assert.ok(out.doesNotFit.perGpuBytes! > 0.9 * out.doesNotFit.capacityBytes, what);
          assert.match(out.message, /cannot run this .* over 90% of the GPU/, what);
          continue;
        }
        assert.ok(out.ok, `${what}: ${out.ok ? '' : out.message}`);
        roundTrip(r, out.proposal, w.id, what);
      }
    }
  });
}

test('64 H100 × 14 days priced by the throughput model: 15.2B-parameter models on 301B tokens where they fit; nanoGPT (DDP, 16 B/parameter of states) refused; the torchtitan 8B flavor spends the same compute on 569B', () => {
  const r = report(BUDGETS[0]![1]);
  const got = Object.fromEntries(
    WRITERS.map((w) => {
      const out = proposeConfig(r, 'optimal', w.id);
      if (!out.ok) return [w.id, out.doesNotFit ? `does not fit: ${out.doesNotFit.fitsIn.join(', ')}` : out.message];
      const a = out.proposal.architecture;
      return [w.id, `${a.layers}×${a.dModel} ${out.proposal.params} ${out.proposal.tokens}`];
    }),
  );
  // 15.1B parameters need 15.1e9 × (2 + 2 + 12) B ≈ 240 GB of weights, gradients and AdamW states on every DDP GPU: over 80 GB.
  assert.deepEqual(got, {
    nanogpt: 'does not fit: litgpt, llm-foundry, torchtitan',
    litgpt: '38×6144 15216359424 301251780815',
    'llm-foundry': '47×5120 15056430080 301249331200',
    // 6 · N_opt · D_opt / (6 · 8,030,261,248) in whole steps of 5,242,880 tokens.
    torchtitan: '32×4096 8030261248 569067438080',
    'hf-config': '38×6144 15216359424 null',
  });
  const nano = proposeConfig(r, 'optimal', 'nanogpt');
  assert.ok(!nano.ok && nano.doesNotFit);
  assert.ok(nano.doesNotFit.perGpuBytes! > 15_056_430_080 * 16, 'at least the weights, gradients and AdamW states of every parameter');
  assert.match(
    nano.message,
    /^nanoGPT cannot run this 15\.0B-parameter model on 64 × H100-SXM \(80 GB\): ≈ \d+ GiB per GPU at its smallest .*nanoGPT has no sharding.* litgpt, llm-foundry, torchtitan can: pick one of them\.$/,
  );
});

test('torchtitan: a budget whose optimum is a registered flavor gets that flavor; otherwise the nearest, explained, with the exact shape to register', () => {
  const law = findLaw('epoch-2024')!;
  const flops = flopsForOptimalParams(law, 8_030_261_248);
  const r = report({ kind: 'flops', gpu: 'H100-SXM', gpus: 64, flops });
  const out = proposeConfig(r, 'optimal', 'torchtitan');
  assert.ok(out.ok);
  assert.equal(out.proposal.params, 8_030_261_248);
  assert.match(out.proposal.text, /^flavor = "8B"$/m);
  assert.match(out.proposal.notes[0]!, /flavor 8B .* is the compute-optimal size/);
  roundTrip(r, out.proposal, 'torchtitan', '8B budget');

  const big = report(BUDGETS[0]![1]);
  const far = proposeConfig(big, 'optimal', 'torchtitan');
  assert.ok(far.ok);
  assert.match(
    far.proposal.notes[0]!,
    /none is near the 15.2B target: this file names the nearest, 8B \(8.03B parameters, 0.53× the target\), trained on 569B tokens so that it spends the budget's 2.7e22 FLOPs \(6ND\)/,
  );
  // The whole budget, not half of it: 6·N·D of the file is the budget's compute to within one step.
  const fileFlops = 6 * far.proposal.params * far.proposal.tokens!;
  assert.ok(Math.abs(fileFlops / big.flops - 1) < (6 * far.proposal.params * far.proposal.batchTokens) / big.flops, `${fileFlops} vs ${big.flops}`);
  roundTrip(big, far.proposal, 'torchtitan', '15B budget on the 8B flavor');
  assert.match(
    far.proposal.text,
    /^# {5}"scaling_lens_15b": TransformerModelArgs\(dim=5120, n_layers=50, n_heads=40, n_kv_heads=8, multiple_of=256, rope_theta=500000\),$/m,
  );
  assert.match(far.proposal.text, /^# flavor = "scaling_lens_15b"/m);
  // Switching to the registered flavor trains the designed shape: its count is within 1.5%.
  assert.ok(far.proposal.shape && Math.abs(far.proposal.shape.error) < 0.015);
});

test("a target too small for a framework's vocabulary is refused with the reason", () => {
  const r = report({ kind: 'flops', gpu: 'H100-SXM', gpus: 1, flops: 1e15 });
  assert.ok(r.optimal.params < 5e6);
  const out = proposeConfig(r, 'optimal', 'nanogpt');
  assert.ok(!out.ok);
  assert.match(out.message, /^nanoGPT: no sensible architecture has as few as 2\.\d+M parameters: .*50,304-token embedding table alone is 3\.22M/);
  assert.match(proposeConfig(r, 'nope', 'nanogpt').ok ? '' : (proposeConfig(r, 'nope', 'nanogpt') as { message: string }).message, /no "nope" point/);
});
