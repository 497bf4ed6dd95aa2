// Hoffmann et al. 2022, "Training Compute-Optimal Large Language Models" (arXiv 2203.15556),
// Approach 3 (Eq. 2, App. D.2). Two constant sets (docs/laws.md#chinchilla-approach-3-constants): as printed in the paper
// body (rounded) and unrounded from the TeX source, as recovered by Besiroglu et al. 2024.
// The rounding moves the optimal tokens-per-parameter by more than 1.5× (docs/laws.md#chinchilla-test-vectors).

import { parametricLaw, type ParametricMeta } from './parametric';

const common: Omit<ParametricMeta, 'id' | 'name' | 'citation'> = {
  paramsKind: 'total',
  dataset: 'MassiveText',
  lossUnit: 'nats/token, MassiveText training loss (SentencePiece 32k)',
  // "over 400 language models ranging from 70 million to over 16 billion parameters on 5 to 500
  // billion tokens" (Hoffmann et al. 2022, Abstract and §1).
  range: { params: [7e7, 1.6e10], tokens: [5e9, 5e11], source: 'Hoffmann et al. 2022, Abstract (>400 runs, 70M–16B params, 5B–500B tokens)' },
  // "a slightly modified SentencePiece tokenizer" (§4.1) close to Gopher's, whose vocabulary is
  // 32,000 tokens (Rae et al. 2021, §3.1).
  trainingVocab: { size: 32000, source: "MassiveText's SentencePiece vocabulary (32,000 tokens; Rae et al. 2021 §3.1, Hoffmann et al. 2022 §4.1)" },
};

export const chinchilla2022 = parametricLaw(
  {
    ...common,
    id: 'chinchilla-2022',
    name: 'Chinchilla 2022 (as printed)',
    citation: 'Hoffmann et al. 2022, arXiv 2203.15556, Eq. 2 / App. D.2 (E 1.69, A 406.4, B 410.7, α 0.34, β 0.28)',
  },
  { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 },
);

export const chinchilla2022Tex = parametricLaw(
  {
    ...common,
    id: 'chinchilla-2022-tex',
    name: 'Chinchilla 2022 (unrounded TeX constants)',
    citation: 'Hoffmann et al. 2022 TeX source, via Besiroglu et al. 2024 (epoch-research/analyzing-chinchilla)',
  },
  // E, A, B = exp(0.5267228), exp(6.0073404), exp(6.0179186) (docs/laws.md#chinchilla-approach-3-constants).
  { E: Math.exp(0.5267228), A: Math.exp(6.0073404), B: Math.exp(6.0179186), alpha: 0.33917084, beta: 0.2849083 },
);
