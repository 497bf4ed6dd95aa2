// What every scaling law offers: a loss for (N, D), and where the law allows, the
// compute-optimal (N, D) for a budget C. Losses carry their dataset and units, because an
// absolute loss does not transfer across datasets and tokenizers.

export type BuiltInLawId = 'kaplan-2020' | 'chinchilla-2022' | 'chinchilla-2022-tex' | 'epoch-2024' | 'muennighoff-2023';

/** Built-in ids, and later fitted or custom laws (any other string). */
export type LawId = BuiltInLawId | (string & {});

/** Which N the law was fitted with: Kaplan excludes embeddings, Chinchilla counts everything. */
export type ParamsKind = 'total' | 'nonEmbedding';

export interface FittedRange {
  /** [min, max]; null where the paper gives no bound. */
  readonly params: readonly [number | null, number | null];
  readonly tokens: readonly [number | null, number | null];
  readonly source: string;
}

export interface OptimalPoint {
  /** The budget in FLOPs (6ND convention of the law). */
  readonly flops: number;
  readonly params: number;
  readonly tokens: number;
  readonly loss: number;
  /** Epochs over the unique tokens, for the data-constrained law. */
  readonly epochs?: number;
  /**
   * Set when the budget is past what the data allows (data-constrained law): the loss is within
   * `tolerance` nats of the floor that unlimited compute on these unique tokens reaches, every
   * larger model gives the same loss, and the point is the smallest model on that plateau.
   */
  readonly plateau?: { readonly tolerance: number; readonly lossFloor: number };
}

export interface PredictOptions {
  /** Unique tokens available: only the data-constrained law uses it. */
  readonly uniqueTokens?: number;
}

export interface ScalingLaw {
  readonly id: LawId;
  readonly name: string;
  readonly citation: string;
  /** The formula, for hovers. */
  readonly formula: string;
  readonly paramsKind: ParamsKind;
  /** What the loss is measured on, e.g. "MassiveText". */
  readonly dataset: string;
  /** e.g. "nats/token on MassiveText (SentencePiece, 32k vocab)". */
  readonly lossUnit: string;
  readonly range: FittedRange;
  /**
   * The tokenizer vocabulary the law's losses were measured with, when the paper says. A loss
   * above ln(V) is worse than a uniform guess over V tokens: no trained model gives it, so a
   * law that predicts it is outside anything it can describe (see applicability.ts).
   */
  readonly trainingVocab?: { readonly size: number; readonly source: string };
  /** Predicted loss; inputs must be finite and > 0 (see checkLawInputs). */
  predict(params: number, tokens: number, options?: PredictOptions): number;
  /** Compute-optimal allocation for `flops` (C = 6ND). */
  optimal(flops: number, options?: PredictOptions): OptimalPoint;
}

/** Why (N, D, C) cannot go into a law, or null. The CLI prints this and exits 2. */
export function checkLawInputs(values: { params?: number; tokens?: number; flops?: number; uniqueTokens?: number }): string | null {
  for (const [name, v] of Object.entries(values)) {
    if (v === undefined) continue;
    if (!Number.isFinite(v)) return `${name} must be a finite number`;
    if (v <= 0) return `${name} must be greater than 0 (got ${v})`;
  }
  if (values.uniqueTokens !== undefined && values.tokens !== undefined && values.uniqueTokens > values.tokens) {
    return `unique tokens (${values.uniqueTokens}) cannot exceed training tokens (${values.tokens}); use the training tokens as the unique tokens for a single epoch`;
  }
  return null;
}
