// The split assumed for a run whose config says nothing about how the model is spread over its
// GPUs (no parallel degrees, sharding or offload) when plain data parallelism does not fit: a
// 176B model replicated on every GPU cannot run, so pricing it as if it could gave throughput
// no real run reaches (MFU 0.56 for BLOOM's shape on 384 A100s; BLOOM reached about 0.36).
//
// The candidates are the splits practitioners reach for, in order of the communication they
// add, and the first that fits in the GPU's memory is assumed, with the least recompute that
// fits (selective, else full):
// 1. optimizer states sharded over the data-parallel ranks (ZeRO-1, Megatron's distributed
//    optimizer), which moves no more bytes than plain data parallelism (Rajbhandari et al. 2020,
//    arXiv 1910.02054, §7.2);
// 2. weights, gradients and states sharded over the GPUs of one node and replicated across
//    nodes (FSDP hybrid sharding, Zhao et al. 2023, arXiv 2304.11277): the per-layer gathers run
//    on NVLink; on one node this is FSDP's full shard;
// 3. "tensor model parallelism … up to degree g when using g-GPU servers, and then pipeline
//    model parallelism … across servers" (Narayanan et al. 2021, arXiv 2104.04473, §3.3,
//    takeaway #1), with sequence parallelism and the distributed optimizer.
// Sharding over every GPU of a multi-node cluster is not a candidate: its per-layer gathers cross
// the network on rings as long as the cluster, which large runs avoid. The smallest split that
// fits, not the one this model finds fastest: chosen by speed, the bare configs of the
// calibration rows that ran full recompute came out 7% faster than measured and Pythia 12B's
// published run about twice as fast as it ran; large runs split by tensor parallelism inside a
// node and pipeline stages across nodes (BLOOM, MT-NLG, StarCoder, Llama 3 405B). Every value
// set is listed as assumed, and the memory and the throughput model read the same setup.
// docs/hardware.md#assumed-parallel-layout.

import { memoryBytes } from './hardware';
import type { Architecture } from './architecture';
import type { Traced } from './plan';
import type { CheckpointingMode, RunSetup, ShardingKind } from './runSetup';
import { GPUS_PER_NODE, resolveRunLayout, statesLayout } from './runLayout';
import { layoutFits } from './memory/setup';
import type { ThroughputInput } from './throughput/model';

/** What the split depends on: the throughput model's inputs except the FLOP convention and counts. */
export type SplitRequest = Pick<ThroughputInput, 'arch' | 'acc' | 'precision' | 'gpuCount' | 'seqLen' | 'batchTokens' | 'setup' | 'kind'>;

/** One way to spread the model: sharding, and tensor / pipeline degrees. */
export interface Split {
  readonly sharding: ShardingKind;
  /** FSDP hybrid sharding: the GPUs that shard (one node). */
  readonly shardGroup?: number;
  readonly tp: number;
  readonly pp: number;
}

/**
 * The standard splits of `gpus` GPUs for a model, least communication first: ZeRO-1, FSDP
 * hybrid (inside a node), then tensor parallelism 2, 4, … up to a node (dividing the GPU count
 * and the heads; key/value groups split too, or are copied when fewer than the ranks, as with
 * multi-query attention), then pipeline stages 2, 4, … at the largest such degree while every
 * stage keeps a layer.
 */
export function splitCandidates(gpus: number, arch: Pick<Architecture, 'heads' | 'kvHeads' | 'layers'>): Split[] {
  const divides = (n: number, d: number) => d >= 1 && n % d === 0;
  const out: Split[] = [{ sharding: 'distributed-optimizer', tp: 1, pp: 1 }];
  out.push({ sharding: 'fsdp-hybrid', shardGroup: Math.min(GPUS_PER_NODE, gpus), tp: 1, pp: 1 });
  let tpMax = 1;
  for (let tp = 2; tp <= Math.min(GPUS_PER_NODE, gpus); tp *= 2) {
    if (!divides(gpus, tp) || !divides(arch.heads, tp) || !(divides(arch.kvHeads, tp) || divides(tp, arch.kvHeads))) break;
    out.push({ sharding: 'distributed-optimizer', tp, pp: 1 });
    tpMax = tp;
  }
  for (let pp = 2; pp <= arch.layers && divides(gpus, tpMax * pp); pp *= 2) out.push({ sharding: 'distributed-optimizer', tp: tpMax, pp });
  return out;
}

const SOURCE = 'assumed split (docs/hardware.md#assumed-parallel-layout)';
const WHY = 'no parallel layout stated and plain data parallelism does not fit: the smallest standard split that fits';

/** The setup with a split (and a recompute mode, unless one is stated) filled in, each value listed as assumed. */
function withSplit(s: RunSetup, split: Split, checkpointing: CheckpointingMode | null): RunSetup {
  const assumed = <T>(value: T, what: string): Traced<T> => ({ value, origin: 'assumed', source: SOURCE, note: `${WHY}: ${what}` });
  const shardWhat: Record<string, string> = {
    'distributed-optimizer': 'optimizer states sharded over the data-parallel ranks (ZeRO-1)',
    'fsdp-hybrid': `weights, gradients and optimizer states sharded over the ${split.shardGroup} GPUs of a node, replicated across nodes`,
  };
  return {
    ...s,
    ...(checkpointing !== null ? { checkpointing: assumed({ mode: checkpointing }, `${checkpointing} recompute, the least that fits`) } : {}),
    sharding: assumed(split.sharding, shardWhat[split.sharding] ?? split.sharding),
    parallel: {
      ...s.parallel,
      ...(split.shardGroup !== undefined ? { shardGroup: assumed(split.shardGroup, 'one node') } : {}),
      ...(split.tp > 1
        ? {
            tp: assumed(split.tp, `tensor parallelism ${split.tp} inside a node`),
            sequenceParallel: assumed(true, 'sequence parallelism with the tensor parallelism, as Megatron-LM recommends'),
          }
        : {}),
      ...(split.pp > 1 ? { pp: assumed(split.pp, `${split.pp} pipeline stages across nodes`) } : {}),
    },
  };
}

/** Selective recompute (Korthikanti et al. 2022, Megatron-LM --recompute-activations) before full. */
const RECOMPUTE: readonly CheckpointingMode[] = ['selective', 'full'];

/**
 * The setup to price and show for a run that states no layout and does not fit as plain data
 * parallelism: the first split that fits, or null when there is nothing to assume (a layout is
 * stated, one GPU, the step fits as it is) or no standard split fits either (the memory view
 * then says so for the plain layout).
 */
export function assumeSplit(r: SplitRequest): RunSetup | null {
  const setup = r.setup ?? {};
  if (r.gpuCount < 2 || statesLayout(setup)) return null;
  const fits = layoutFits(r.arch, r.seqLen, r.precision, memoryBytes(r.acc));
  const fitting = (s: RunSetup) =>
    fits(resolveRunLayout({ gpuCount: r.gpuCount, seqLen: r.seqLen, batchTokens: r.batchTokens, setup: s, ...(r.kind ? { kind: r.kind } : {}), fits }).layout);
  if (fitting(setup)) return null;
  const modes = setup.checkpointing ? [null] : RECOMPUTE;
  for (const split of splitCandidates(r.gpuCount, r.arch)) {
    const candidate = modes.map((m) => withSplit(setup, split, m)).find(fitting);
    if (candidate) return candidate;
  }
  return null;
}
