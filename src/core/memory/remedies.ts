// What would make a run fit: each change recomputed through the model, ranked by the memory it
// leaves. Only changes that lower the peak are offered; each names the RunSetup key it edits so
// the editor can turn it into a quick fix where the config states that key.

import type { Architecture } from '../architecture';
import type { Precision } from '../plan';
import { trainingMemory } from './memoryModel';
import type { MemorySetup } from './setup';
import type { MemoryLibraries } from './libraries';

export type RemedyKey = 'checkpointing' | 'microBatch' | 'sharding' | 'chunkedLoss' | 'optimizer' | 'offload';

export interface Remedy {
  readonly key: RemedyKey;
  /** "full activation checkpointing", "micro-batch 4 → 2", "FSDP full sharding over 8 GPUs". */
  readonly label: string;
  /** The new value of the setup key (number for the micro-batch, a kind name otherwise). */
  readonly value: number | string;
  readonly perGpuBytes: number;
  readonly fits: boolean;
}

export function memoryRemedies(
  a: Architecture,
  seqLen: number,
  precision: Precision,
  s: MemorySetup,
  capacityBytes: number,
  libs: MemoryLibraries = {},
): Remedy[] {
  const base = trainingMemory(a, seqLen, precision, s, libs);
  if (!base.ok) return [];
  const out: Remedy[] = [];
  const tryOne = (key: RemedyKey, label: string, value: number | string, patch: Partial<MemorySetup>) => {
    const m = trainingMemory(a, seqLen, precision, { ...s, ...patch }, libs);
    if (m.ok && m.value.perGpuBytes < base.value.perGpuBytes * 0.995)
      out.push({ key, label, value, perGpuBytes: m.value.perGpuBytes, fits: m.value.perGpuBytes <= capacityBytes });
  };
  if (s.checkpointing !== 'full') tryOne('checkpointing', 'full activation checkpointing', 'full', { checkpointing: 'full' });
  if (s.microBatch > 1) {
    // The largest smaller micro-batch (halving) that fits, else 1.
    let mb = Math.floor(s.microBatch / 2);
    while (mb > 1) {
      const m = trainingMemory(a, seqLen, precision, { ...s, microBatch: mb }, libs);
      if (m.ok && m.value.perGpuBytes <= capacityBytes) break;
      mb = Math.floor(mb / 2);
    }
    tryOne('microBatch', `micro-batch ${s.microBatch} → ${mb}`, mb, { microBatch: mb });
  }
  if (s.dp > 1 && s.sharding !== 'zero3' && s.sharding !== 'fsdp-full') {
    tryOne('sharding', `FSDP full sharding (ZeRO-3) over ${s.dp} GPUs`, 'fsdp-full', { sharding: 'fsdp-full', shardGroup: s.dp });
  }
  if (!s.chunkedLoss) tryOne('chunkedLoss', 'chunked cross-entropy loss', 'true', { chunkedLoss: true });
  if (s.method === 'full' && (s.optimizer === 'adamw' || s.optimizer === 'lion')) tryOne('optimizer', '8-bit AdamW', 'adamw-8bit', { optimizer: 'adamw-8bit' });
  if (s.method === 'full' && s.offload === 'none' && s.sharding !== 'none')
    tryOne('offload', 'optimizer offload to the host', 'optimizer', { offload: 'optimizer' });
  return out.sort((x, y) => x.perGpuBytes - y.perGpuBytes);
}
