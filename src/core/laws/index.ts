// The built-in law catalog. epoch-2024 is the default: it fits the reconstructed Chinchilla
// data and agrees with Chinchilla's Approaches 1 and 2 (docs/laws.md#epoch-2024-replication).

import { chinchilla2022, chinchilla2022Tex } from './chinchilla2022';
import { epoch2024 } from './epoch2024';
import { kaplan2020 } from './kaplan2020';
import { muennighoff2023 } from './muennighoff2023';
import type { LawId, ScalingLaw } from './types';

export type { BuiltInLawId, LawId, OptimalPoint, ParamsKind, PredictOptions, ScalingLaw, FittedRange } from './types';
export { checkLawInputs } from './types';

export const DEFAULT_LAW_ID = 'epoch-2024';

export const BUILT_IN_LAWS: readonly ScalingLaw[] = [epoch2024, chinchilla2022, chinchilla2022Tex, kaplan2020, muennighoff2023];

export function findLaw(id: LawId, extra: readonly ScalingLaw[] = []): ScalingLaw | undefined {
  return [...BUILT_IN_LAWS, ...extra].find((l) => l.id === id);
}
export { MIN_SUBWORD_VOCAB, lossProblem, outsideFittedRange, uniformLoss, vocabFor, vocabProblem, type RangeNote, type VocabChoice } from './applicability';
