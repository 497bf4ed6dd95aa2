// Link bandwidths a collective runs over: NVLink (or the chip's fabric) inside a node, the
// node's network between nodes. Vendors quote NVLink as total bidirectional bandwidth; one
// direction is half. The node's network is an assumption per node class, stated.
//
// Between nodes, NCCL runs one ring (channel) per NIC on rail-optimized clusters, each carrying
// an equal slice of the message, so a ring collective spanning nodes whose members fill the node
// is bound by the node's whole network (NICs per node × NIC rate), not by one GPU's NIC: e.g.
// 8 × 200 Gb/s HDR gives ~200 GB/s per direction on a DGX A100 node, against ~300 GB/s of NVLink
// inside it. A group whose ranks are `stride` apart has only 8/stride members on each node, and
// the other stride − 1 groups on that node (the other tensor-parallel ranks' data-parallel rings,
// every stage's pipeline sends) use the same NICs at the same time: each gets 1/stride of the
// node's network, one NIC's worth when stride ≥ 8.

import type { Accelerator, Generation } from '../hardware';
import { ASSUMED } from './constants';

export interface NodeClass {
  /** The node's network, all NICs together, one direction, bytes/s. */
  readonly interNodeBytesPerSec: number;
  readonly basis: string;
}

/** Per-GPU network of the usual cluster node of each generation: an assumption, shown with the estimate. */
export const NODE_CLASS: Readonly<Record<Generation, NodeClass>> = {
  volta: { interNodeBytesPerSec: 100e9, basis: 'DGX-2 class: 8 × 100 Gb/s EDR InfiniBand per 8 GPUs (assumed)' },
  turing: { interNodeBytesPerSec: 25e9, basis: 'PCIe server: 8 × 25 Gb/s Ethernet (assumed)' },
  ampere: { interNodeBytesPerSec: 200e9, basis: 'DGX A100 class: 8 × 200 Gb/s HDR InfiniBand (or RoCE), 1,600 Gb/s per 8-GPU node (assumed)' },
  ada: { interNodeBytesPerSec: 100e9, basis: 'PCIe server: 8 × 100 Gb/s (assumed)' },
  hopper: { interNodeBytesPerSec: 400e9, basis: 'DGX H100 class: 8 × 400 Gb/s NDR InfiniBand (or RoCE), 3,200 Gb/s per 8-GPU node (assumed)' },
  blackwell: { interNodeBytesPerSec: 400e9, basis: 'DGX B200 class: 8 × 400 Gb/s (assumed)' },
  'blackwell-ultra': { interNodeBytesPerSec: 800e9, basis: 'HGX B300 class: 8 × 800 Gb/s (assumed)' },
  cdna2: { interNodeBytesPerSec: 100e9, basis: 'Frontier/LUMI class: 4 × 200 Gb/s Slingshot per 8-GCD node (assumed)' },
  cdna3: { interNodeBytesPerSec: 400e9, basis: '8 × 400 Gb/s (assumed)' },
  'tpu-v3': { interNodeBytesPerSec: 320e9, basis: 'TPU ICI torus: no node boundary, a ring runs at about the ICI rate of 8 chips (assumed)' },
  'tpu-v4': { interNodeBytesPerSec: 320e9, basis: 'TPU ICI torus: no node boundary, a ring runs at about the ICI rate of 8 chips (assumed)' },
  'tpu-v5': { interNodeBytesPerSec: 400e9, basis: 'TPU ICI torus: no node boundary, a ring runs at about the ICI rate of 8 chips (assumed)' },
  'tpu-v6': { interNodeBytesPerSec: 800e9, basis: 'TPU ICI torus: no node boundary, a ring runs at about the ICI rate of 8 chips (assumed)' },
};

/** One direction of the fastest device link, bytes/s; 16 GB/s (PCIe Gen3 x16) where the catalog has none. */
export function intraNodeBytesPerSec(acc: Accelerator): number {
  return acc.interconnect ? (acc.interconnect.GBs / 2) * 1e9 : 16e9;
}

export interface Link {
  readonly bytesPerSec: number;
  readonly crossesNodes: boolean;
  readonly label: string;
}

/**
 * The link a group of `size` ranks, `stride` apart in rank order, is bound by. `interNode`: the
 * node's network as the run states it (bytes/s, one direction); null: the generation's usual node.
 */
export function linkFor(acc: Accelerator, size: number, stride: number, interNode: number | null = null): Link {
  const intra = intraNodeBytesPerSec(acc) * ASSUMED.linkEfficiency;
  if (size <= 1 || size * stride <= ASSUMED.gpusPerNode) {
    return { bytesPerSec: intra, crossesNodes: false, label: `${acc.interconnect?.kind ?? 'pcie'} ${fmtGBs(intra)}` };
  }
  const node = (interNode ?? NODE_CLASS[acc.generation].interNodeBytesPerSec) * ASSUMED.linkEfficiency;
  const sharers = Math.min(Math.max(1, stride), ASSUMED.gpusPerNode);
  const inter = Math.min(intra, node / sharers);
  const shared = sharers > 1 ? `, the node's network shared by ${sharers} groups` : '';
  return { bytesPerSec: inter, crossesNodes: true, label: `inter-node ${fmtGBs(inter)}${interNode !== null ? ' (stated)' : ''}${shared}` };
}

function fmtGBs(bps: number): string {
  return `${Math.round(bps / 1e8) / 10} GB/s`;
}
