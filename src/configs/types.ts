// The contract between config readers, the editor and the CLI.

import type { Origin, SourceRange, Traced, TrainingPlan } from '../core/plan';
import type { RunHints } from './shared/runHints';
import type { ModelResolution } from './resolve/modelResolver';
import type { FileResolution } from './resolve/referencedFiles';

export type FormatId =
  | 'nanogpt'
  | 'gpt-neox'
  | 'llm-foundry'
  | 'litgpt'
  | 'torchtitan'
  | 'megatron'
  | 'olmo'
  | 'maxtext'
  | 'nanotron'
  | 'hf-config'
  | 'hf-trainer'
  | 'deepspeed'
  | 'axolotl'
  | 'olmo-core'
  | 'torchtune'
  | 'levanter'
  | 'llmc'
  | 'nanochat'
  | 'unsloth';

/** Which estimate a field drives, so the editor can put each hint on the lines behind it. */
export type FieldRole = 'architecture' | 'duration' | 'batch' | 'hardware' | 'data' | 'optimizer' | 'precision';

export interface Field {
  /** The key as the file spells it, with its path: `model.d_model`, `--num-layers`, `n_layer`. */
  readonly key: string;
  readonly value: number | string | boolean | null;
  readonly range: SourceRange | null;
  readonly origin: Origin;
  readonly role: FieldRole;
  readonly note?: string;
  /** Derived from an assumption: shown as assumed, but not listed as an assumption of its own. */
  readonly inherited?: boolean;
}

/** A fix the editor can offer as an undoable edit. */
export type ProblemFix = { readonly kind: 'add-directive'; readonly text: string; readonly title: string };

/**
 * What a reader, the analysis or the editor reports about a file, one id per kind of problem
 * (estimate warnings have their own ids, core/estimate.ts WarningCode). A reader that needs a new
 * kind adds it here, in alphabetical order.
 */
export type ProblemCode =
  | 'adapter-not-counted'
  | 'analysis-failed'
  | 'analysis-timeout'
  | 'approximate-count'
  | 'assumed-gpu-count'
  | 'assumed-model-type'
  | 'assumed-value'
  | 'assumed-vocab'
  | 'cli-overrides'
  | 'comment-disagrees'
  | 'conflicting-duration'
  | 'duplicate-flag'
  | 'duplicate-key'
  | 'early-exit'
  | 'elastic-nodes'
  | 'fine-tune'
  | 'forwarded-arguments'
  | 'hf-model-config'
  | 'ignored-flag'
  | 'ignored-key'
  | 'included-data'
  | 'inconsistent-batch'
  | 'inconsistent-value'
  | 'invalid-argument'
  | 'invalid-directive'
  | 'invalid-value'
  | 'linked-config'
  | 'lora'
  | 'missing-architecture'
  | 'missing-batch'
  | 'missing-duration'
  | 'missing-value'
  | 'mock-tokenizer'
  | 'model-resolved'
  | 'more-problems'
  | 'nanochat-version'
  | 'no-architecture'
  | 'no-invocation'
  | 'no-max-seq-len'
  | 'no-training'
  | 'not-a-config'
  | 'not-counted'
  | 'oft-not-counted'
  | 'overridden-value'
  | 'parallelism-exceeds-gpus'
  | 'parallelism-mismatch'
  | 'parse-error'
  | 'preference-pairs'
  | 'reader-failed'
  | 'resume'
  | 'rounded-value'
  | 'several-invocations'
  | 'sourced-file'
  | 'shell-condition'
  | 'text-config'
  | 'too-large'
  | 'unevaluated-value'
  | 'unknown-gpu'
  | 'unknown-gpu-count'
  | 'unknown-model'
  | 'unknown-optimizer'
  | 'unknown-stage'
  | 'unknown-tokenizer'
  | 'unknown-value'
  | 'unmodelled-option'
  | 'unmodelled-precision'
  | 'unsupported-architecture'
  | 'unsupported-model'
  | 'unsupported-value'
  | 'untied-head'
  | 'yaml-config';

export interface Problem {
  readonly severity: 'error' | 'warning' | 'info';
  /** Stable id for tests, quick fixes and `ignore=` directives. */
  readonly code: ProblemCode;
  readonly message: string;
  /** null: the problem is about the file as a whole (shown on its first line). */
  readonly range: SourceRange | null;
  readonly fix?: ProblemFix;
}

export interface ReadResult {
  readonly format: FormatId;
  readonly formatName: string;
  readonly plan: TrainingPlan;
  readonly fields: readonly Field[];
  readonly problems: readonly Problem[];
  /**
   * Whether the run starts from pretrained weights (a fine-tune: torchtune's checkpointer) or
   * from scratch, when the file says. Absent when it does not.
   */
  readonly init?: Traced<'pretrained' | 'scratch'>;
  /** Warning codes the file's directive switches off (`# scaling-lens: ignore=under-trained`). */
  readonly ignoredWarnings?: readonly string[];
  /**
   * Files that define several runs (torchtitan config_registry.py: one function per config)
   * list each here, in file order; the result's own plan, fields and problems are the first
   * entry's. Absent for one-run formats.
   */
  readonly entries?: readonly ReadEntry[];
  /**
   * Models the file names that neither the bundled table nor ReadContext.models knows: what a
   * host may look up (local path, Hugging Face cache, Hub) before reading the file again.
   */
  readonly unresolvedModels?: readonly { readonly id: string; readonly range: SourceRange | null }[];
  /**
   * Files the config points at by path (a DeepSpeed JSON) that ReadContext.files does not carry:
   * what a host may read (resolve/referencedFiles.ts) before reading the file again.
   */
  readonly unresolvedFiles?: readonly { readonly path: string; readonly range: SourceRange | null }[];
}

/** One run of a multi-run file: a function of a torchtitan config_registry.py. */
export interface ReadEntry {
  /** The function name (`llama3_8b`), what `scaling-lens estimate --entry` selects. */
  readonly name: string;
  /** The `def name(...):` header, where the editor puts the entry's lens. */
  readonly range: SourceRange;
  readonly plan: TrainingPlan;
  readonly fields: readonly Field[];
  readonly problems: readonly Problem[];
}

/** What the surroundings know that the file may not: settings (`defaults`) and CLI flags (`overrides`). */
export interface HardwareHints {
  readonly gpu?: string;
  readonly gpus?: number;
  readonly mfu?: number;
  /** Measured tokens per second per GPU. */
  readonly tokensPerSec?: number;
  /** Share of a whole run's GPU-hours spent in training steps. */
  readonly clusterEfficiency?: number;
  readonly price?: number;
  readonly vocab?: number;
  readonly uniqueTokens?: number;
  /** Run keys (`--tp 8 --micro-batch 2 --finetune lora`): the setup, kind and batch of the run. */
  readonly run?: RunHints;
}

export interface ReadContext {
  /** Settings: lose to the file and its directive comment. */
  readonly defaults?: HardwareHints;
  /** Explicit flags for this run (`scaling-lens estimate --gpus 64`): win over everything. */
  readonly overrides?: HardwareHints;
  /**
   * Models the host looked up for this file (resolve/modelResolver.ts), keyed by the id as the
   * file writes it: a config.json found locally, in the HF cache or on the Hub, or why not.
   */
  readonly models?: ReadonlyMap<string, ModelResolution>;
  /** Files the host read for this file (resolve/referencedFiles.ts), keyed by the path as the file writes it. */
  readonly files?: ReadonlyMap<string, FileResolution>;
}

export interface Reader {
  readonly id: FormatId;
  readonly name: string;
  /** 0 = not this format, 1 = certainly this format. Cheap: called on every candidate file. */
  detect(text: string, fileName: string): number;
  read(text: string, fileName: string, ctx: ReadContext): ReadResult;
}
