// Muennighoff et al. 2023, "Scaling Data-Constrained Language Models" (arXiv 2305.16264),
// parametric fit from huggingface/datablations README §"Parametric Fit" (docs/laws.md#data-constrained-law-muennighoff-2023).
// Repeated tokens are worth less: D' = U + U·R_D*·(1 − e^(−R_D/R_D*)), R_D = D/U − 1; and
// parameters beyond what U tokens can feed are worth less, the same way.

import type { OptimalPoint, PredictOptions, ScalingLaw } from './types';

// Log-space constants as published: a, b, e, α = β, R_D*, R_N*.
const A = Math.exp(6.255414);
const B = Math.exp(7.3049974);
const E = Math.exp(0.6254804);
const ALPHA = 0.3526596;
const BETA = 0.3526596;
const RD_STAR = 15.387756;
const RN_STAR = 5.309743;
const G = ((ALPHA * A) / (BETA * B)) ** (1 / (ALPHA + BETA));

/** The parameter count that U unique tokens feed compute-optimally (README `D_to_N`). */
function tokensToParams(D: number): number {
  return (D * G) ** (BETA / ALPHA) * G;
}

export function dataConstrainedLoss(N: number, D: number, U: number): number {
  const u = Math.min(U, D);
  const RD = Math.max(D / u - 1, 0);
  const UN = Math.min(N, tokensToParams(u));
  const RN = Math.max(N / UN - 1, 0);
  const effectiveParams = UN + UN * RN_STAR * (1 - Math.exp(-RN / RN_STAR));
  const effectiveTokens = u + u * RD_STAR * (1 - Math.exp(-RD / RD_STAR));
  return E + A / effectiveParams ** ALPHA + B / effectiveTokens ** BETA;
}

/** Without a unique-token limit the law is the plain parametric form, whose optimum is closed-form. */
function unconstrainedOptimal(C: number): { params: number; tokens: number } {
  const params = G * (C / 6) ** (BETA / (ALPHA + BETA));
  return { params, tokens: C / 6 / params };
}

/**
 * Losses closer than this (nats) are the same loss here: the answer is printed to 4 decimals,
 * and Muennighoff et al. fit the law to losses reported to about 3.
 */
export const PLATEAU_TOLERANCE = 1e-5;

/**
 * The loss unlimited compute reaches on U unique tokens: repeated data is worth at most
 * U·(1 + R_D*) tokens and parameters beyond what U feeds at most U_N·(1 + R_N*).
 */
export function dataConstrainedFloor(U: number): number {
  return E + A / (tokensToParams(U) * (1 + RN_STAR)) ** ALPHA + B / (U * (1 + RD_STAR)) ** BETA;
}

/**
 * Optimal split of C = 6ND with at most U unique tokens. The README grid-searches N around the
 * unconstrained optimum; this brackets the same minimum on a log grid and refines it by
 * golden-section search, so the answer is not tied to the grid's spacing.
 *
 * Past what the data allows, the loss is flat in N to the last digit over orders of magnitude
 * (at 1e40 FLOPs on 1T tokens, 8.9e14 and 8.9e12 parameters give the same loss), and the
 * minimiser lands anywhere on the plateau. When the minimum is within PLATEAU_TOLERANCE of
 * the floor, the answer is instead the smallest model whose loss is within PLATEAU_TOLERANCE of
 * the minimum, marked `plateau` (dataConstrainedPlateauStart says from which budget on).
 */
export function dataConstrainedOptimal(C: number, U: number): OptimalPoint {
  const point = minimumAt(C, U);
  const floor = dataConstrainedFloor(U);
  if (!(point.loss - floor <= PLATEAU_TOLERANCE)) return point;
  const lossAt = (logN: number) => {
    const N = Math.exp(logN);
    const D = C / 6 / N;
    return dataConstrainedLoss(N, D, Math.min(U, D));
  };
  // Left of the minimum the loss falls as N grows: bisect for the first N within the tolerance.
  let lo = 0;
  let hi = Math.log(point.params);
  for (let i = 0; i < 200 && hi - lo > 1e-10; i++) {
    const mid = (lo + hi) / 2;
    if (lossAt(mid) <= point.loss + PLATEAU_TOLERANCE) hi = mid;
    else lo = mid;
  }
  const params = Math.exp(hi);
  const tokens = C / 6 / params;
  return {
    flops: C,
    params,
    tokens,
    loss: dataConstrainedLoss(params, tokens, Math.min(U, tokens)),
    epochs: tokens / U,
    plateau: { tolerance: PLATEAU_TOLERANCE, lossFloor: floor },
  };
}

/**
 * The smallest budget whose data-constrained optimum is on the plateau (within
 * PLATEAU_TOLERANCE of the floor): what U unique tokens can usefully absorb. Bisection on log C
 * to 0.1% (about 50 minimisations: for the budget answer, not for per-keystroke estimates).
 */
export function dataConstrainedPlateauStart(U: number): number {
  const floor = dataConstrainedFloor(U);
  let lo = Math.log(6 * U);
  let hi = lo + Math.log(1e12);
  while (minimumAt(Math.exp(hi), U).loss - floor > PLATEAU_TOLERANCE && hi < lo + 200) hi += Math.log(1e6);
  for (let i = 0; i < 100 && hi - lo > 1e-3; i++) {
    const mid = (lo + hi) / 2;
    if (minimumAt(Math.exp(mid), U).loss - floor <= PLATEAU_TOLERANCE) hi = mid;
    else lo = mid;
  }
  return Math.exp(hi);
}

function minimumAt(C: number, U: number): OptimalPoint {
  const base = unconstrainedOptimal(C);
  const lossAt = (logN: number) => {
    const N = Math.exp(logN);
    const D = C / 6 / N;
    return dataConstrainedLoss(N, D, Math.min(U, D));
  };
  const lo0 = Math.log(base.params) - Math.log(1e4);
  const hi0 = Math.log(base.params) + Math.log(1e2);
  const steps = 400;
  let bestI = 0;
  let bestL = Infinity;
  for (let i = 0; i <= steps; i++) {
    const l = lossAt(lo0 + ((hi0 - lo0) * i) / steps);
    if (l < bestL) {
      bestL = l;
      bestI = i;
    }
  }
  const h = (hi0 - lo0) / steps;
  let lo = lo0 + (bestI - 1) * h;
  let hi = lo0 + (bestI + 1) * h;
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 100 && hi - lo > 1e-10; i++) {
    const x1 = hi - phi * (hi - lo);
    const x2 = lo + phi * (hi - lo);
    if (lossAt(x1) <= lossAt(x2)) hi = x2;
    else lo = x1;
  }
  const params = Math.exp((lo + hi) / 2);
  const tokens = C / 6 / params;
  return { flops: C, params, tokens, loss: dataConstrainedLoss(params, tokens, Math.min(U, tokens)), epochs: tokens / U };
}

export const muennighoff2023: ScalingLaw = {
  id: 'muennighoff-2023',
  name: 'Muennighoff 2023 (data-constrained)',
  citation: 'Muennighoff et al. 2023, arXiv 2305.16264; constants from huggingface/datablations README',
  formula: "L = E + A/N'^α + B/D'^β, D' = U + U·R_D*·(1 − e^(−R_D/R_D*)), R_D* 15.39, R_N* 5.31",
  paramsKind: 'total',
  dataset: 'C4 (GPT-2 tokenizer)',
  lossUnit: 'nats/token, C4 validation (GPT-2 BPE); the README warns absolute values are of little use, trends are',
  // README: "up to 900 billion training tokens and 9 billion parameter models"; no lower bound given.
  range: { params: [null, 9e9], tokens: [null, 9e11], source: 'huggingface/datablations README (up to 9B params, 900B tokens)' },
  // C4 tokenized with the GPT-2 tokenizer (Muennighoff et al. 2023, §6 / App.).
  trainingVocab: { size: 50257, source: 'the GPT-2 tokenizer (50,257 tokens) the C4 runs used (Muennighoff et al. 2023)' },
  predict: (N: number, D: number, options?: PredictOptions) => dataConstrainedLoss(N, D, options?.uniqueTokens ?? D),
  optimal: (C: number, options?: PredictOptions) => {
    if (options?.uniqueTokens === undefined) {
      const p = unconstrainedOptimal(C);
      return { flops: C, ...p, loss: dataConstrainedLoss(p.params, p.tokens, p.tokens), epochs: 1 };
    }
    return dataConstrainedOptimal(C, options.uniqueTokens);
  },
};
