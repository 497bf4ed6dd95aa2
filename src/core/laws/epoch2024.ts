// Besiroglu, Erdil, Barnett, You 2024, "Chinchilla Scaling: A replication attempt"
// (arXiv 2404.10102): the Approach 3 form refitted on 240 runs read off Chinchilla's Figure 4,
// with the Huber terms summed (docs/laws.md#epoch-2024-replication). The default law: it agrees with Approaches 1–2.

import { parametricLaw } from './parametric';

export const epoch2024 = parametricLaw(
  {
    id: 'epoch-2024',
    name: 'Epoch AI 2024 (Chinchilla replication)',
    citation: 'Besiroglu et al. 2024, arXiv 2404.10102, Table 1 (E 1.8172, A 482.01, B 2085.43, α 0.3478, β 0.3658)',
    paramsKind: 'total',
    dataset: 'MassiveText',
    lossUnit: 'nats/token, MassiveText training loss (SentencePiece 32k)',
    // Extent of the 245 reconstructed runs (test/fixtures/fit/chinchilla-fig4-runs.csv, from epoch-research/analyzing-chinchilla data/svg_extracted_data.csv; D = C / 6N).
    range: { params: [5.7e7, 1.62e10], tokens: [2.4e8, 3.2e11], source: 'extent of the 245 Chinchilla Figure 4 runs (epoch-research/analyzing-chinchilla)' },
    // The runs are Chinchilla's: MassiveText with its 32,000-token SentencePiece vocabulary.
    trainingVocab: { size: 32000, source: "MassiveText's SentencePiece vocabulary (32,000 tokens; Rae et al. 2021 §3.1, Hoffmann et al. 2022 §4.1)" },
  },
  { E: 1.8172, A: 482.01, B: 2085.43, alpha: 0.3478, beta: 0.3658 },
);
