// What a training run is going to do, as far as a config (or the user) says: the input of
// core.estimate. Every value carries where it came from, so nothing the user sees is a
// silent assumption.

import type { Architecture } from './architecture';
import type { RunKind, RunSetup } from './runSetup';

/**
 * - `stated`: written in the file (or a CLI flag / directive the user typed for this run).
 * - `derived`: computed from stated values (steps × batch × seq).
 * - `default`: the framework's default for a key the file leaves out.
 * - `assumed`: not knowable from the file: a setting, a directive, or a built-in guess.
 */
export type Origin = 'stated' | 'derived' | 'default' | 'assumed';

/** Zero-based, end-exclusive, as in VS Code. */
export interface SourceRange {
  readonly startLine: number;
  readonly startCol: number;
  readonly endLine: number;
  readonly endCol: number;
}

export interface Traced<T> {
  readonly value: T;
  readonly origin: Origin;
  /** Where it came from, for people: "train_iters", "directive gpus=64", "setting scalingLens.gpuCount". */
  readonly source: string;
  /** How it was obtained or why it is only an assumption. */
  readonly note?: string;
  readonly range?: SourceRange;
  /** The origin is inherited from inputs (a value derived from an assumption), not an assumption itself. */
  readonly inherited?: boolean;
}

export type Precision = 'fp32' | 'tf32' | 'fp16' | 'bf16' | 'fp8';

export interface TrainingPlan {
  /** null when the config does not say enough to count parameters (see the reader's problems). */
  readonly architecture: Traced<Architecture> | null;
  /** Training tokens D. `value: null` when they cannot be derived (e.g. `max_duration: 1ep`); the note says why. */
  readonly tokens: Traced<number | null>;
  /** Whether `tokens` is the run's length or only an upper bound (fine-tunes with max_samples). */
  readonly tokensBound?: 'exact' | 'upper';
  /** Tokens per optimizer step (global batch × sequence length). */
  readonly batchTokens: Traced<number> | null;
  readonly steps: Traced<number> | null;
  readonly seqLen: Traced<number> | null;
  /** Unique tokens in the dataset, for the data-constrained law. */
  readonly uniqueTokens: Traced<number> | null;
  readonly gpu: Traced<string> | null;
  readonly gpuCount: Traced<number> | null;
  readonly mfu: Traced<number> | null;
  /** Measured training tokens per second per GPU (directive `tokens-per-sec=`): replaces the throughput model's prediction. */
  readonly tokensPerSecPerGpu?: Traced<number> | null;
  /** Share of the whole run's GPU-hours spent in training steps (directive `cluster-efficiency=`): replaces the built-in 0.9. */
  readonly clusterEfficiency?: Traced<number> | null;
  readonly pricePerGpuHour: Traced<number> | null;
  readonly precision: Traced<Precision> | null;
  readonly learningRate: Traced<number> | null;
  /** Parallel layout, micro-batch, sharding, checkpointing, optimizer: memory and throughput inputs. */
  readonly setup?: RunSetup;
  /** Stage and method (pretraining, SFT with LoRA, DPO …) where the file says. */
  readonly kind?: RunKind;
}

export const emptyPlan: TrainingPlan = {
  architecture: null,
  tokens: { value: null, origin: 'derived', source: 'config', note: 'the config does not say how long it trains' },
  batchTokens: null,
  steps: null,
  seqLen: null,
  uniqueTokens: null,
  gpu: null,
  gpuCount: null,
  mfu: null,
  pricePerGpuHour: null,
  precision: null,
  learningRate: null,
};
