// Issue 12, "numbers an expert trusts": one loss function per answer, warnings and refusals
// where a law cannot answer, one named FLOP convention for GPU time, the Megatron/MaxText
// convention, the Chinchilla range, DeepSeek's C, the data-constrained plateau, character-level
// vocabularies and zero-step runs. Expected values are computed here from the papers' and the
// frameworks' formulas, not read back from the code under test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyze } from '../../src/configs/analyze';
import { run } from '../../src/cli/main';
import {
  answerBudget,
  countParams,
  dataConstrainedFloor,
  dataConstrainedLoss,
  dataConstrainedOptimal,
  deepseekFlopsPerToken,
  emptyPlan,
  estimate,
  findLaw,
  flopsPerToken,
  FLOP_CONVENTIONS,
  PLATEAU_TOLERANCE,
  type Architecture,
  type TrainingPlan,
} from '../../src/core/index';
import { fixture } from './reader-helpers';

const json = (argv: string[]) => {
  const r = run(argv);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
};
const fails = (argv: string[], pattern: RegExp) => {
  const r = run(argv);
  assert.equal(r.code, 2, `expected exit 2 for ${argv.join(' ')}: ${r.stdout}`);
  assert.equal(r.stderr.split('\n').length, 1, 'one line');
  assert.match(r.stderr, pattern);
};
/** Kaplan 2020 Eq. 1.5 with the Table 2 constants, written out. */
const kaplanEq15 = (N: number, D: number) => ((6.4e13 / N) ** (0.076 / 0.103) + 1.8e13 / D) ** 0.103;
/** Table 6 allocation, C in PF-days. */
const table6 = (flops: number) => {
  const c = flops / 8.64e19;
  return { N: 1.3e9 * c ** 0.73, D: 2e10 * c ** 0.27 };
};

const llama3_8b: Architecture = {
  layers: 32,
  dModel: 4096,
  heads: 32,
  kvHeads: 8,
  headDim: 128,
  ffn: 14336,
  mlp: 'glu',
  vocab: 128256,
  seqLen: 8192,
  positions: 'rotary',
  norm: 'rmsnorm',
  linearBias: false,
  tiedEmbeddings: false,
};
const gpt2: Architecture = {
  layers: 12,
  dModel: 768,
  heads: 12,
  kvHeads: 12,
  headDim: 64,
  ffn: 3072,
  mlp: 'mlp',
  vocab: 50257,
  seqLen: 1024,
  positions: 'learned',
  maxPositions: 1024,
  norm: 'layernorm',
  linearBias: true,
  tiedEmbeddings: true,
};
const plan = (arch: Architecture, tokens: number, extra: Partial<TrainingPlan> = {}): TrainingPlan => ({
  ...emptyPlan,
  architecture: { value: arch, origin: 'stated', source: 'test' },
  tokens: { value: tokens, origin: 'stated', source: 'test' },
  ...extra,
});

// ---- 1. kaplan-2020: one loss function per answer.

test('kaplan-2020 optimal: the optimum and its alternatives all priced with Eq. 1.5; a lower loss is printed as a gain, never "+-"', () => {
  for (const flops of [3e22, 1e30]) {
    const { N, D } = table6(flops);
    const r = json(['optimal', '--flops', String(flops), '--law', 'kaplan-2020', '--json']);
    assert.ok(Math.abs(r.params / N - 1) < 1e-12 && Math.abs(r.tokens / D - 1) < 1e-12, 'Table 6 allocation');
    assert.ok(Math.abs(r.loss - kaplanEq15(N, D)) < 1e-12, 'optimum loss = Eq. 1.5 at (N_opt, D_opt)');
    for (const a of r.alternatives) {
      assert.ok(Math.abs(a.loss - kaplanEq15(N * a.fraction, D / a.fraction)) < 1e-12);
      assert.ok(Math.abs(a.penalty - (a.loss - r.loss)) < 1e-12, 'penalty = same-law difference');
    }
    const text = run(['optimal', '--flops', String(flops), '--law', 'kaplan-2020']).stdout;
    assert.doesNotMatch(text, /\+-/);
    assert.match(text, /L\(C_min\) \(Eq\. 1\.3\) gives/);
  }
  // At 3e22 the half-size model is 0.0060 lower under Eq. 1.5; the quarter is 0.0442 higher.
  const { N, D } = table6(3e22);
  const half = kaplanEq15(N / 2, D * 2) - kaplanEq15(N, D);
  const quarter = kaplanEq15(N / 4, D * 4) - kaplanEq15(N, D);
  assert.equal(half.toFixed(4), '-0.0060');
  const text = run(['optimal', '--flops', '3e22', '--law', 'kaplan-2020']).stdout;
  assert.match(text, /1\/2 size .*\(−0\.0060, lower\)/);
  assert.match(text, new RegExp(`1/4 size .*\\(\\+${quarter.toFixed(4).replace('.', '\\.')}\\)`));
  assert.match(text, /the negative differences are gains, not penalties/);
});

test('kaplan-2020 in an estimate: the compute-optimal loss is Eq. 1.5 too, so the comparison is like with like', () => {
  const e = estimate(plan(gpt2, 10e9), { law: findLaw('kaplan-2020')! });
  const budget = 6 * e.loss.params! * 10e9;
  const { N, D } = table6(budget);
  assert.ok(Math.abs(e.optimal!.loss - kaplanEq15(N, D)) < 1e-12);
});

// ---- 2. predict / optimal warn outside the fitted range and refuse losses above ln V.

test('predict refuses a loss above ln V with the reason, and warns outside the fitted range', () => {
  // epoch-2024 at N = D = 1: 1.8172 + 482.01 + 2085.43 = 2569.26 nats > ln 32000 = 10.37.
  fails(['predict', '--params', '1', '--tokens', '1'], /2569 nats\/token.*above ln\(32,000\) = 10\.37.*uniform guess/);
  fails(['predict', '--params', '1', '--tokens', '1', '--law', 'kaplan-2020'], /above ln\(50,257\) = 10\.82/);
  // --vocab replaces the law's own: 2569 is still above ln(256000) = 12.45.
  fails(['predict', '--params', '1', '--tokens', '1', '--vocab', '256000'], /ln\(256,000\) = 12\.45/);
  const r = json(['predict', '--params', '1e30', '--tokens', '1e12', '--json']);
  assert.deepEqual(r.warnings, [
    'Extrapolating epoch-2024: 1.00e30 parameters is above the largest fitted model (16.2B); 1T tokens is above the fitted range (320B) (extent of the 245 Chinchilla Figure 4 runs (epoch-research/analyzing-chinchilla)).',
  ]);
  assert.equal(r.vocab.size, 32000);
  assert.match(run(['predict', '--params', '1e30', '--tokens', '1e12']).stdout, /warnings:\n {2}Extrapolating epoch-2024/);
  assert.deepEqual(json(['predict', '--params', '1B', '--tokens', '20B', '--json']).warnings, [], 'inside the range: no warning');
});

test('optimal warns when the optimum is outside the fitted range', () => {
  const r = json(['optimal', '--flops', '1e30', '--json']);
  assert.ok(r.notes.some((n: string) => /^Extrapolating epoch-2024: .* above the largest fitted model \(16\.2B\)/.test(n)));
  assert.ok(!json(['optimal', '--flops', '1e21', '--json']).notes.some((n: string) => /Extrapolating/.test(n)), '1e21: 3.4B on 49B tokens is inside');
});

test('a character-level vocabulary is refused by predict and gives no loss in estimate', () => {
  fails(['predict', '--params', '10M', '--tokens', '100M', '--vocab', '65'], /does not apply to a 65-token vocabulary/);
  const text = fixture('nanogpt/train_shakespeare_char.py');
  const a = analyze(text, 'train_shakespeare_char.py', {});
  assert.ok(a.ok);
  assert.equal(a.estimate.loss.value, null);
  assert.match(a.estimate.loss.reason!, /65-token vocabulary/);
  assert.ok(a.estimate.warnings.some((w) => w.code === 'law-does-not-apply'));
  assert.ok(!a.estimate.warnings.some((w) => w.code === 'kaplan-overfitting'), "Kaplan's GPT-2-token bounds do not apply either");
  assert.equal(a.estimate.optimal, null);
  // The threshold is 1000 tokens: 999 is refused, 1000 is priced.
  assert.equal(estimate(plan({ ...gpt2, vocab: 999 }, 1e9)).loss.value, null);
  assert.ok(estimate(plan({ ...gpt2, vocab: 1000 }, 1e9)).loss.value! > 0);
});

test('estimate: a loss above ln V of the config vocabulary is null with the reason', () => {
  // A 2-layer, d 64 model on 1,000 tokens: epoch-2024 gives 1.8172 + 482.01/N^0.3478 + 2085.43/1000^0.3658 > ln 1000.
  const tiny: Architecture = { ...gpt2, layers: 2, dModel: 64, heads: 1, kvHeads: 1, headDim: 64, ffn: 256, vocab: 1000, maxPositions: 1024 };
  const e = estimate(plan(tiny, 1000));
  assert.equal(e.loss.value, null);
  assert.match(e.loss.reason!, /above ln\(1,000\) = 6\.91/);
});

test('a zero-step run says why it has no loss and no hours', () => {
  const e = estimate(plan(gpt2, 0, { steps: { value: 0, origin: 'stated', source: 'max_iters' } }));
  assert.equal(e.loss.value, null);
  assert.match(e.loss.reason!, /trains for 0 steps \(max_iters = 0\)/);
  assert.ok(e.warnings.some((w) => w.code === 'zero-steps' && /0 GPU-hours/.test(w.message)));
  assert.equal(e.gpuHours, 0);
  const r = analyze('max_iters = 0\nn_layer = 6\nn_head = 6\nn_embd = 384\nblock_size = 256\nbatch_size = 64\n', 'train.py', {});
  assert.ok(r.ok);
  assert.ok(r.estimate.warnings.some((w) => w.code === 'zero-steps' && /max_iters = 0/.test(w.message)));
});

// ---- 3. predict --gpu: one named convention, --precision.

test('predict --gpu uses the PaLM convention estimate uses: hours within 10% of the estimate of the same run', () => {
  const counts = countParams(llama3_8b);
  const e = estimate(plan(llama3_8b, 1e12, { gpu: { value: 'H100-SXM', origin: 'stated', source: 't' } }));
  const r = json(['predict', '--params', String(counts.total), '--tokens', '1e12', '--vocab', '128256', '--seq-len', '8192', '--gpu', 'H100-SXM', '--json']);
  assert.equal(r.flopsConvention, 'palm');
  const ratio = r.gpuHours / e.gpuHours!;
  // Both price with the throughput model; predict's assumed shape (39 MHA layers × 4,096) does more
  // attention and memory-bound work per parameter than Llama 3 8B's 32 GQA layers: 1.09×.
  assert.ok(ratio > 1 && ratio < 1.1, `predict/estimate hours ${ratio}`);
  // The old 6ND pricing was 0.88× (the attention term at 8K context left out).
  assert.ok((6 * counts.total * 1e12) / e.flops.total! < 0.9);
  assert.match(
    run(['predict', '--params', '8B', '--tokens', '1T', '--gpu', 'H100-SXM']).stdout,
    /FLOPs .*\(PaLM \(6N \+ 12LHQT\); attention and output head from an assumed/,
  );
});

test('predict --law kaplan-2020 --gpu counts the embedding and output head its non-embedding N leaves out', () => {
  const r = json(['predict', '--params', '1.5B', '--tokens', '20B', '--law', 'kaplan-2020', '--gpu', 'H100-SXM', '--json']);
  const s = r.assumedShape;
  assert.equal(s.vocab, 50257);
  // PaLM matmul parameters = non-embedding N + the output head V·d.
  assert.equal(r.flops, (6 * (1.5e9 + 50257 * s.dModel) + 12 * s.layers * s.heads * s.headDim * s.seqLen) * 20e9);
  assert.ok(r.flops > r.sixND);
});

test('predict --precision: FP8 uses the FP8 peak; a dtype without a peak is a clear error', () => {
  const base = json(['predict', '--params', '7B', '--tokens', '1T', '--gpu', 'H100-SXM', '--json']);
  const fp8 = json(['predict', '--params', '7B', '--tokens', '1T', '--gpu', 'H100-SXM', '--precision', 'fp8', '--json']);
  assert.equal(fp8.peakTflops, 1978.9);
  assert.equal(fp8.precision, 'fp8');
  // The throughput model runs the GEMMs at the FP8 peak (attention stays BF16): faster than BF16,
  // far from twice as fast, and a lower MFU against the doubled peak.
  assert.ok(Math.abs(fp8.gpuHours - 1e12 / fp8.throughput.tokensPerSecPerGpu / 3600 / 0.9) < 1e-9 * fp8.gpuHours);
  assert.ok(
    fp8.throughput.tokensPerSecPerGpu > 1.1 * base.throughput.tokensPerSecPerGpu &&
      fp8.throughput.tokensPerSecPerGpu < 1.8 * base.throughput.tokensPerSecPerGpu,
  );
  assert.ok(fp8.throughput.mfu < base.throughput.mfu);
  assert.equal(base.flops, fp8.flops);
  // With a stated --mfu the hours are FLOPs / (FP8 peak × MFU), and the default-MFU caveat is gone.
  const stated = json(['predict', '--params', '7B', '--tokens', '1T', '--gpu', 'H100-SXM', '--precision', 'fp8', '--mfu', '0.3', '--json']);
  assert.ok(Math.abs(stated.gpuHours - stated.flops / (1978.9e12 * 0.3) / 3600) < 1e-9 * stated.gpuHours);
  fails(
    ['predict', '--params', '7B', '--tokens', '1T', '--gpu', 'A100-80GB', '--precision', 'fp8'],
    /no FP8 peak for A100-80GB in the catalog \(it lists bf16 312, fp16 312 TFLOPS\)/,
  );
  fails(['predict', '--params', '7B', '--tokens', '1T', '--gpu', 'H100-SXM', '--precision', 'fp32'], /no FP32 peak for H100-SXM/);
  fails(['predict', '--params', '7B', '--tokens', '1T', '--gpu', 'H100-SXM', '--precision', 'int4'], /--precision must be one of bf16, fp16, fp8, fp32/);
  fails(['predict', '--params', '7B', '--tokens', '1T', '--precision', 'fp8'], /--precision needs --gpu/);
});

// ---- 4. The Megatron-LM / MaxText convention.

test('megatron convention: Megatron-LM num_floating_point_operations for GPT-2 small and Llama 3 8B', () => {
  // GPT-2 124M: 3·2·(12·(4·768² + 2·768·3072) + 768·50257) + 3·2·12·768·1024 (causal: Q·T/2 × 2 GEMMs).
  const gemm = 12 * (4 * 768 * 768 + 2 * 768 * 3072) + 768 * 50257;
  assert.equal(flopsPerToken(gpt2, countParams(gpt2), 'megatron'), 6 * gemm + 6 * 12 * 768 * 1024);
  assert.equal(flopsPerToken(gpt2, countParams(gpt2), 'megatron'), 797_815_296);
  // Llama 3 8B (GQA 8 groups, SwiGLU 14336): Megatron's self_attn_term and MLP terms written out.
  const d = 4096;
  const q = 4096;
  const kv = 1024;
  const perLayer = d * (q + 2 * kv) + q * d + 3 * d * 14336;
  const expected = 6 * (32 * perLayer + d * 128256) + 6 * 32 * q * 8192;
  assert.equal(flopsPerToken(llama3_8b, countParams(llama3_8b), 'megatron'), expected);
  // PaLM counts the attention scores twice as much: the difference is 6·L·Q·T (plus norm weights, 6 per weight).
  const counts = countParams(llama3_8b);
  assert.equal(flopsPerToken(llama3_8b, counts, 'palm') - expected, 6 * 32 * q * 8192 + 6 * counts.breakdown.norms);
  assert.match(FLOP_CONVENTIONS.megatron.name, /Megatron\/MaxText/);
});

test('estimate --flops-convention megatron names the convention in the output', () => {
  const text = run(['estimate', join(__dirname, '../fixtures/nanogpt/train_gpt2.py'), '--flops-convention', 'megatron']).stdout;
  assert.match(text, /FLOPs .*\(Megatron\/MaxText \(causal attention halved\)\)/);
});

// ---- 5. Chinchilla's range and DeepSeek's C.

test('Chinchilla was fitted on 5B to 500B tokens (Hoffmann et al. 2022, Abstract)', () => {
  for (const id of ['chinchilla-2022', 'chinchilla-2022-tex']) assert.deepEqual(findLaw(id)!.range.tokens, [5e9, 5e11]);
  assert.deepEqual(json(['predict', '--params', '10B', '--tokens', '450B', '--law', 'chinchilla-2022', '--json']).warnings, []);
});

test("DeepSeek's M = 72·n_layer·d² + 12·n_layer·d·l_seq for their own shape; the optimal output says which C it fed", () => {
  // A DeepSeek-style dense layer (MHA, SwiGLU at 8/3·d): 12·d² weights; norms left out so that the paper's closed form is exact.
  const a: Architecture = {
    layers: 30,
    dModel: 3072,
    heads: 24,
    kvHeads: 24,
    headDim: 128,
    ffn: 8192,
    mlp: 'glu',
    vocab: 102400,
    seqLen: 4096,
    positions: 'rotary',
    norm: 'nonparametric',
    linearBias: false,
    tiedEmbeddings: false,
  };
  assert.equal(deepseekFlopsPerToken(a), 72 * 30 * 3072 ** 2 + 12 * 30 * 3072 * 4096);
  const r = json(['optimal', '--flops', '1e22', '--json']);
  assert.equal(r.deepseek.flops, 1e22);
  assert.ok(r.notes.some((n: string) => /DeepSeek batch \/ LR are fed C = 1\.00e22.*72·n_layer·d² \+ 6·n_layer·d·l_seq/.test(n)));
});

// ---- 6. The data-constrained plateau.

test('past what the data allows, the data-constrained answer is the smallest model on the plateau, and says so', () => {
  const U = 1e12;
  const floor = dataConstrainedFloor(U);
  const a = dataConstrainedOptimal(1e30, U);
  const b = dataConstrainedOptimal(1e40, U);
  assert.ok(a.plateau && b.plateau);
  assert.ok(Math.abs(a.params / b.params - 1) < 1e-6, 'the same smallest model at 1e30 and 1e40 (was 8.95T and 891T)');
  assert.ok(a.loss - floor <= 2 * PLATEAU_TOLERANCE);
  // Smallest: 1% fewer parameters is already more than the tolerance above the best loss.
  const lossAt = (N: number) => dataConstrainedLoss(N, 1e30 / 6 / N, U);
  const best = Math.min(lossAt(a.params), lossAt(1e13), lossAt(1e14));
  assert.ok(lossAt(a.params * 0.99) > best + PLATEAU_TOLERANCE);
  assert.ok(lossAt(a.params) <= best + PLATEAU_TOLERANCE);
  // A budget the data can still use is answered at the minimum, as before (README vector: 9.49 epochs).
  assert.equal(dataConstrainedOptimal(1e22, 25e9).plateau, undefined);
  assert.equal(dataConstrainedOptimal(1e22, 25e9).epochs!.toFixed(2), '9.49');
  const text = run(['optimal', '--flops', '1e40', '--law', 'muennighoff-2023', '--unique-tokens', '1T']).stdout;
  assert.match(text, /This budget is past what 1T unique tokens allow \(muennighoff-2023\): from about 1\.6e27 FLOPs on/);
  const ans = answerBudget({ kind: 'flops', flops: 1e40 }, findLaw('muennighoff-2023')!, U);
  assert.ok(ans.dataConstrained!.plateauFromFlops! > 1e27 && ans.dataConstrained!.plateauFromFlops! < 2e27);
});

test('custom laws (any unit, maybe fitted on character-level runs) are neither refused for a small vocabulary nor bounded by ln V', async () => {
  const { compileCustomLaw } = await import('../../src/core/laws/custom');
  const c = compileCustomLaw({ name: 'ppl', formula: '20 + 1e3 / N^0.3' });
  assert.ok(c.ok);
  const e = estimate(plan({ ...gpt2, vocab: 65 }, 1e9), { law: c.law });
  assert.equal(e.loss.reason, null);
  assert.ok(e.loss.value! > Math.log(65));
});

test('the hover says why a character-level config has no predicted loss', async () => {
  const { summaryMarkdown } = await import('../../src/editor/present');
  const text = fixture('nanogpt/train_shakespeare_char.py');
  const a = analyze(text, 'train_shakespeare_char.py', {});
  assert.ok(a.ok);
  assert.match(summaryMarkdown(a.result, a.estimate), /\*\*No predicted loss\*\* \(`epoch-2024`\): epoch-2024 does not apply to a 65-token vocabulary/);
});

test("a proposed config's batch and learning rate use DeepSeek's own C = M·D for the shape it writes", async () => {
  const { proposeConfig } = await import('../../src/configs/writers/index');
  const { budgetReport } = await import('../../src/core/budgetReport');
  const r = budgetReport({ kind: 'gpu-time', gpu: 'H100-SXM', gpus: 64, days: 14 });
  assert.ok(r.ok);
  // (nanoGPT cannot hold this 16B model on an 80 GB GPU; litgpt shards it.)
  const out = proposeConfig(r.report, 'optimal', 'litgpt');
  assert.ok(out.ok);
  const a = out.proposal.architecture;
  // M = 6·(non-embedding weights) + 12·n_layer·d_attn·l_seq, D = the point's tokens.
  const C = (6 * countParams(a).nonEmbedding + 12 * a.layers * a.heads * a.headDim * a.seqLen) * r.report.optimal.tokens;
  const lr = 0.3118 * C ** -0.125;
  assert.match(
    out.proposal.text.replace(/\n#\s+/g, ' '),
    new RegExp(
      `learning rate ${lr.toExponential(2).replace('.', '\\.').replace('+', '\\+')} \\(its η_opt; both at their C = M·D = ${C.toExponential(1).replace('e+', 'e').replace('.', '\\.')}`,
    ),
  );
});

test('the law catalog states each law’s training vocabulary and the ln V bound', () => {
  const laws = json(['laws', '--json']);
  assert.deepEqual(Object.fromEntries(laws.map((l: { id: string; trainingVocab: { size: number } }) => [l.id, l.trainingVocab.size])), {
    'epoch-2024': 32000,
    'chinchilla-2022': 32000,
    'chinchilla-2022-tex': 32000,
    'kaplan-2020': 50257,
    'muennighoff-2023': 50257,
  });
  assert.match(run(['laws']).stdout, /vocabulary\s+50,257 tokens, GPT-2's byte-pair encoding .*ln V = 10\.82/);
});
