// How a run is laid out on its GPUs and what it trains: the inputs the memory and throughput
// models need beyond the architecture and the token count. Readers fill what their framework's
// keys say (each value with its origin, like every other plan value); CLI run flags and
// directives override; the models fill the rest from stated framework defaults or assumptions
// and list them. Every field is optional: absent means "the file does not say".

import type { Traced } from './plan';

/** Optimizer state kinds with different bytes per trainable parameter. */
export type OptimizerKind = 'adamw' | 'adamw-8bit' | 'paged-adamw-8bit' | 'sgd' | 'sgd-momentum' | 'adafactor' | 'lion' | 'muon';

/**
 * How weights, gradients and optimizer states are sharded over the data-parallel group:
 * ZeRO stages (DeepSpeed), FSDP strategies (PyTorch), Megatron's distributed optimizer.
 */
export type ShardingKind = 'none' | 'zero1' | 'zero2' | 'zero3' | 'fsdp-full' | 'fsdp-grad-op' | 'fsdp-hybrid' | 'distributed-optimizer';

/**
 * FSDP2 under torch.distributed.pipelining: after each micro-batch's backward every weight of
 * the stage stays gathered (full sharding reshards after the next forward and gathers again), and
 * the gradients stay unsharded until the step's last backward. The stage calls
 * `set_reshard_after_backward(False)` and `set_requires_gradient_sync(False)` before each
 * micro-batch's backward and reduces only after the last one (pytorch/pytorch@88fa1e7
 * torch/distributed/pipelining/stage.py `backward_maybe_with_nosync`); the unsharded gradients
 * accumulate in the reduce dtype, fp32 by default (torch/distributed/fsdp/_fully_shard/
 * _fsdp_param.py `to_accumulated_grad_if_needed` at pytorch/pytorch@17a7e1e; torchtitan's
 * `mixed_precision_reduce` default "float32"). Only the fp32 sharded parameters and the
 * optimizer states stay sharded. torchtitan and OLMo-core pipeline this way.
 */
export function pipelinedFsdp(sharding: ShardingKind, pp: number): boolean {
  return pp > 1 && (sharding === 'fsdp-full' || sharding === 'fsdp-grad-op' || sharding === 'fsdp-hybrid');
}

/** The largest network between nodes a run may state, Gbit/s per node (flags, directive, setting). */
export const MAX_INTER_NODE_GBPS = 100_000;

/** Each sharding in words, for layouts shown to people. */
export const SHARDING_NAMES: Readonly<Record<ShardingKind, string>> = {
  none: 'no sharding (DDP)',
  zero1: 'ZeRO-1',
  zero2: 'ZeRO-2',
  zero3: 'ZeRO-3',
  'fsdp-full': 'FSDP full shard',
  'fsdp-grad-op': 'FSDP grad-op',
  'fsdp-hybrid': 'FSDP hybrid shard',
  'distributed-optimizer': 'distributed optimizer',
};

/** What is offloaded to host memory (DeepSpeed / FSDP CPU offload). */
export type OffloadKind = 'none' | 'optimizer' | 'optimizer+params';

/**
 * Activation checkpointing (recompute). `selective`: Megatron's, the attention core only
 * (Korthikanti et al. 2022). `selective-op`: per-operator selective checkpointing as torchtitan's
 * `selective_ac_option = "op"` runs it: a block keeps its input, the attention kernel's output and
 * every other matmul's output, and recomputes the rest. `every-n` keeps one layer in `everyN`'s
 * activations.
 */
export type CheckpointingMode = 'none' | 'selective' | 'selective-op' | 'full' | 'every-n';

/** Each checkpointing mode in words, before "recompute" or "activation checkpointing". */
export const CHECKPOINTING_NAMES: Readonly<Record<CheckpointingMode, string>> = {
  none: 'no',
  selective: 'selective',
  'selective-op': 'per-op selective',
  full: 'full',
  'every-n': 'every-n',
};

export interface Checkpointing {
  readonly mode: CheckpointingMode;
  /** For `every-n`: one checkpointed layer every N layers. */
  readonly everyN?: number;
}

export type PipelineSchedule = '1f1b' | 'interleaved-1f1b' | 'gpipe' | 'zero-bubble';

/** Low-precision training formats beyond the plan's compute precision. */
export type LowPrecisionRecipe = 'fp8-tensorwise' | 'fp8-rowwise' | 'mxfp8' | 'nvfp4';

/** The library that runs the low-precision linear layers: they keep different tensors for backward. */
export type LowPrecisionLibrary = 'transformer-engine' | 'torchao';

/** Parallel degrees. Absent = the file does not say; 1 = stated as no parallelism of that kind. */
export interface ParallelDegrees {
  readonly dp?: Traced<number>;
  /** FSDP / ZeRO shard group size when it differs from dp (hybrid sharding). */
  readonly shardGroup?: Traced<number>;
  readonly tp?: Traced<number>;
  readonly pp?: Traced<number>;
  /** Virtual pipeline stages per rank (interleaved schedules). */
  readonly vp?: Traced<number>;
  readonly cp?: Traced<number>;
  readonly ep?: Traced<number>;
  /** Megatron sequence parallelism (activations of norms/dropout split over tp). */
  readonly sequenceParallel?: Traced<boolean>;
}

/** Run setup read from a config: the memory and throughput models' inputs. */
export interface RunSetup {
  /** Sequences per GPU per forward/backward (the micro-batch). */
  readonly microBatch?: Traced<number>;
  /** Gradient-accumulation steps per optimizer step. */
  readonly gradAccum?: Traced<number>;
  readonly parallel?: ParallelDegrees;
  readonly pipelineSchedule?: Traced<PipelineSchedule>;
  readonly sharding?: Traced<ShardingKind>;
  readonly offload?: Traced<OffloadKind>;
  readonly checkpointing?: Traced<Checkpointing>;
  readonly optimizer?: Traced<OptimizerKind>;
  readonly lowPrecision?: Traced<LowPrecisionRecipe>;
  /** Which library runs `lowPrecision` (Megatron: Transformer Engine; torchtitan: torchao). */
  readonly lowPrecisionLibrary?: Traced<LowPrecisionLibrary>;
  /** Megatron `--grad-reduce-in-bf16`: the main-gradient buffer is bf16, not fp32. */
  readonly gradReduceInBf16?: Traced<boolean>;
  /** Megatron `--fp8-param-gather`: the parameters themselves are FP8 tensors (no separate FP8 weight cache). */
  readonly fp8ParamGather?: Traced<boolean>;
  /**
   * Data-parallel gradient reduction runs during the backward pass, bucket by bucket (PyTorch DDP
   * and FSDP do by default; Megatron-LM only with --overlap-grad-reduce; DeepSpeed with
   * overlap_comm, on by default for ZeRO-3 only). False: the reduction waits for the backward.
   */
  readonly gradReduceOverlap?: Traced<boolean>;
  /**
   * Sharded parameters are gathered ahead of use, under compute (FSDP prefetch, DeepSpeed
   * overlap_comm, Megatron-LM's distributed optimizer only with --overlap-param-gather).
   */
  readonly paramGatherOverlap?: Traced<boolean>;
  /** Tensor-parallel collectives overlapped with the GEMMs (Megatron-LM --tp-comm-overlap, Transformer Engine userbuffers). */
  readonly tpCommOverlap?: Traced<boolean>;
  /** torch.compile / XLA-style compilation enabled. */
  readonly compile?: Traced<boolean>;
  /**
   * The network between nodes: all of one 8-GPU node's NICs together, one direction, Gbit/s
   * (8 × 400G NDR: 3,200; AWS p4d's EFA: 400). Absent: the generation's usual node (throughput/network.ts).
   */
  readonly interNodeGbps?: Traced<number>;
  /** Fused or flash attention (no seq² score matrix kept). */
  readonly flashAttention?: Traced<boolean>;
  /** The loss is computed in chunks (no full micro-batch × seq × vocab logits buffer). */
  readonly chunkedLoss?: Traced<boolean>;
}

/** What the run does with the model. Stages after pretraining start from trained weights. */
export type TrainingStage = 'pretrain' | 'continued-pretrain' | 'sft' | 'reward' | 'dpo' | 'orpo' | 'kto' | 'simpo' | 'ppo' | 'grpo';

/** Which weights are trained. */
export type FineTuneMethod = 'full' | 'freeze' | 'lora' | 'qlora' | 'dora' | 'galore' | 'prefix-tuning' | 'prompt-tuning';

/**
 * Linear layers an adapter can wrap, in one vocabulary across frameworks (`q_proj`, `wq`, `query` → `q`).
 * `qkv` and `gate_up` are fused matrices (GPT-2 `c_attn`, GPT-NeoX/Falcon/BLOOM `query_key_value`,
 * MPT/phi `Wqkv`, Phi-3 `qkv_proj` and `gate_up_proj`, Baichuan `W_pack`): one adapter pair on
 * the fused shape, not one per part.
 */
export type AdapterTarget = 'q' | 'k' | 'v' | 'qkv' | 'o' | 'gate' | 'up' | 'gate_up' | 'down' | 'embed' | 'head';

export interface Adapter {
  readonly rank: number;
  readonly alpha?: number;
  readonly targets: readonly AdapterTarget[];
  /** QLoRA: the frozen base is stored in this many bits (4 = NF4). */
  readonly baseBits?: 4 | 8;
  /** Base modules trained in full beside the adapters (PEFT `modules_to_save`, axolotl `lora_modules_to_save`). */
  readonly modulesToSave?: readonly ('embed' | 'head')[];
}

/** The kind of run: stage and method, each traced; adapters where the method has them. */
export interface RunKind {
  readonly stage?: Traced<TrainingStage>;
  readonly method?: Traced<FineTuneMethod>;
  readonly adapter?: Traced<Adapter>;
  /**
   * A DPO or KTO run's reference log-probabilities computed before training (TRL
   * precompute_ref_log_probs, open-instruct's reference cache): no frozen reference copy is
   * resident while it trains.
   */
  readonly referencePrecomputed?: Traced<boolean>;
}
