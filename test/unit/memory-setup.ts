// The memory model's setup with every knob at its plainest (one GPU, micro-batch 1, no
// parallelism or sharding, no checkpointing, AdamW with mixed precision, flash attention): the
// base the closed-form memory tests vary one field at a time.
import type { MemorySetup } from '../../src/core/index';

export const BASE_MEMORY_SETUP: MemorySetup = {
  microBatch: 1,
  gradAccum: null,
  referenceCopy: false,
  dp: 1,
  shardGroup: 1,
  tp: 1,
  pp: 1,
  vp: 1,
  cp: 1,
  ep: 1,
  sequenceParallel: false,
  schedule: '1f1b',
  sharding: 'none',
  offload: 'none',
  checkpointing: 'none',
  everyN: 1,
  optimizer: 'adamw',
  lowPrecision: null,
  compile: false,
  flashAttention: true,
  chunkedLoss: false,
  weightsMode: 'mixed',
  method: 'full',
  adapter: null,
  doubleQuant: true,
};
