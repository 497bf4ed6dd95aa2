// Shared types of the fitting modules.

/** One finished training run: total parameters N, training tokens D, final loss L. */
export interface Run {
  readonly params: number;
  readonly tokens: number;
  readonly loss: number;
  /** FLOPs as given in the file, else 6ND. */
  readonly flops: number;
  /** 1-based line in the source file, when the run came from one. */
  readonly line?: number;
}

/**
 * Input that cannot be fitted or read: the message says what and where (line numbers), in one
 * line, so the CLI prints it as is and the editor shows it in a notification.
 */
export class FitInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FitInputError';
  }
}

/** [low, high] of a confidence interval. */
export type Interval = readonly [number, number];
