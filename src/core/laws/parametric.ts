// L(N, D) = E + A/N^α + B/D^β (Hoffmann et al. 2022, Eq. 2) and its closed-form efficient
// frontier under C = 6ND (Eq. 4): N_opt = G·(C/6)^a, D_opt = G⁻¹·(C/6)^b,
// G = (αA/(βB))^(1/(α+β)), a = β/(α+β), b = α/(α+β) (docs/laws.md#efficient-frontier).

import type { OptimalPoint, ScalingLaw } from './types';

export interface ParametricConstants {
  readonly E: number;
  readonly A: number;
  readonly B: number;
  readonly alpha: number;
  readonly beta: number;
}

export function parametricLoss(c: ParametricConstants, N: number, D: number): number {
  return c.E + c.A / N ** c.alpha + c.B / D ** c.beta;
}

export function parametricOptimal(c: ParametricConstants, C: number): OptimalPoint {
  const G = ((c.alpha * c.A) / (c.beta * c.B)) ** (1 / (c.alpha + c.beta));
  const a = c.beta / (c.alpha + c.beta);
  const params = G * (C / 6) ** a;
  const tokens = C / 6 / params;
  return { flops: C, params, tokens, loss: parametricLoss(c, params, tokens) };
}

export type ParametricMeta = Omit<ScalingLaw, 'predict' | 'optimal' | 'formula'>;

export function parametricLaw(meta: ParametricMeta, c: ParametricConstants): ScalingLaw & { readonly constants: ParametricConstants } {
  return {
    ...meta,
    constants: c,
    formula: `L = ${c.E} + ${c.A}/N^${c.alpha} + ${c.B}/D^${c.beta}`,
    predict: (N, D) => parametricLoss(c, N, D),
    optimal: (C) => parametricOptimal(c, C),
  };
}
