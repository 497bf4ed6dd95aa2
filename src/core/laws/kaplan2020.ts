// Kaplan et al. 2020, "Scaling Laws for Neural Language Models" (arXiv 2001.08361).
// N is NON-EMBEDDING parameters; L is nats/token on WebText2 with the GPT-2 tokenizer; compute
// in the paper's unit, PF-days (1 PF-day = 8.64e19 FLOP, §1.3). Each formula keeps its own
// constant set, as the paper fits them separately (docs/laws.md#kaplan-2020).

import type { OptimalPoint, ScalingLaw } from './types';

export const PF_DAY = 1e15 * 24 * 3600; // 8.64e19 FLOP

/** Eq. 1.1, Table 5: L(N) = (N_c/N)^α_N, N_c 8.8e13, α_N 0.076 (converged, large D). */
export function kaplanLossOfParams(N: number): number {
  return (8.8e13 / N) ** 0.076;
}

/** Eq. 1.2, Table 5: L(D) = (D_c/D)^α_D, D_c 5.4e13, α_D 0.095 (large N, early stopping). */
export function kaplanLossOfTokens(D: number): number {
  return (5.4e13 / D) ** 0.095;
}

/** Eq. 1.5 / 4.1 with the Table 2 joint fit: α_N 0.076, α_D 0.103, N_c 6.4e13, D_c 1.8e13. */
export function kaplanLoss(N: number, D: number): number {
  return ((6.4e13 / N) ** (0.076 / 0.103) + 1.8e13 / D) ** 0.103;
}

/** Eq. 1.4: B_crit(L) = B* / L^(1/α_B), B* = 2e8 tokens, α_B 0.21 (Eq. 1.4's rounded B_*). */
export function kaplanCriticalBatch(loss: number): number {
  return 2e8 / loss ** (1 / 0.21);
}

/** Eq. 1.6 / 5.6, Table 3 set: L(N, S_min) = (N_c/N)^0.077 + (S_c/S_min)^0.76, N_c 6.5e13, S_c 2.1e3. */
export function kaplanLossOfParamsAndMinSteps(N: number, minSteps: number): number {
  return (6.5e13 / N) ** 0.077 + (2.1e3 / minSteps) ** 0.76;
}

/**
 * L(N, S) for S steps at batch B tokens: S_min = S / (1 + B_crit(L)/B) (Eq. 5.4), where B_crit
 * depends on the loss being predicted; solved by fixed-point iteration (it contracts quickly
 * because B_crit varies slowly with L).
 */
export function kaplanLossOfParamsAndSteps(N: number, steps: number, batchTokens: number): number {
  let loss = kaplanLossOfParams(N);
  for (let i = 0; i < 100; i++) {
    const minSteps = steps / (1 + kaplanCriticalBatch(loss) / batchTokens);
    const next = kaplanLossOfParamsAndMinSteps(N, minSteps);
    if (Math.abs(next - loss) < 1e-12) return next;
    loss = next;
  }
  return loss;
}

/** §1.1 / §4: D ≳ 5×10³·N^0.74 keeps the overfitting penalty below ~0.02 nats. */
export function kaplanOverfittingMinTokens(N: number): number {
  return 5e3 * N ** 0.74;
}

/**
 * Compute-efficient allocation, Table 6 / Eq. 1.7–1.8, with C_min in PF-days:
 * N_opt = 1.3e9·C^0.73, D_opt = 2e10·C^0.27, B_crit = 2.0e6·C^0.24, S_min = 5.4e3·C^0.03,
 * and L(C_min) = (3.1e8/C)^0.050 (Eq. 1.3). These are separate fits: 6·N_opt·D_opt ≠ C.
 */
export function kaplanComputeEfficient(flops: number): OptimalPoint & { readonly criticalBatch: number; readonly minSteps: number } {
  const c = flops / PF_DAY;
  return {
    flops,
    params: 1.3e9 * c ** 0.73,
    tokens: 2e10 * c ** 0.27,
    loss: (3.1e8 / c) ** 0.05,
    criticalBatch: 2.0e6 * c ** 0.24,
    minSteps: 5.4e3 * c ** 0.03,
  };
}

export const kaplan2020: ScalingLaw = {
  id: 'kaplan-2020',
  name: 'Kaplan 2020 (OpenAI)',
  citation: 'Kaplan et al. 2020, arXiv 2001.08361, Eq. 1.5 with Table 2 constants; allocation Table 6',
  formula: 'L = [(6.4e13/N)^(0.076/0.103) + 1.8e13/D]^0.103, N non-embedding',
  paramsKind: 'nonEmbedding',
  dataset: 'WebText2',
  lossUnit: 'nats/token, WebText2 (GPT-2 BPE, 50,257 tokens)',
  // §3 and §2.3: models of 768 to 1.5e9 non-embedding parameters; datasets of 22M to 23B tokens.
  range: { params: [768, 1.5e9], tokens: [2.2e7, 2.3e10], source: 'Kaplan et al. 2020 §2–3 (768 to 1.5B non-embedding params, 22M to 23B tokens)' },
  // §2.3: "tokenized using reversible byte-pair encoding … with a vocabulary size n_vocab = 50257".
  trainingVocab: { size: 50257, source: "GPT-2's byte-pair encoding (50,257 tokens; Kaplan et al. 2020 §2.3)" },
  predict: (N, D) => kaplanLoss(N, D),
  // The allocation is Table 6's; the loss is Eq. 1.5 at that point, the same L(N, D) every other
  // answer of this law uses, so that the optimum, the smaller alternatives and a config's own
  // loss compare like with like. Eq. 1.3's L(C_min) is a separate fit of the frontier (at 1e30
  // FLOPs it is 0.15 nats below Eq. 1.5 at the same point): `kaplanComputeEfficient` keeps it.
  optimal: (C) => {
    const p = kaplanComputeEfficient(C);
    return { flops: p.flops, params: p.params, tokens: p.tokens, loss: kaplanLoss(p.params, p.tokens) };
  },
};
