// The run keys a user can state outside the file: `scaling-lens estimate --tp 8 --micro-batch 2`
// and `# scaling-lens: tp=8 micro-batch=2`. One table: the CLI builds its flags and --help from
// it, the directive parser its keys, and both parse values with the same function, so a value
// means the same wherever it is typed.

import type { Precision } from '../../core/plan';
import { MAX_INTER_NODE_GBPS, type AdapterTarget, type CheckpointingMode, type OptimizerKind, type ShardingKind } from '../../core/runSetup';
import { parseQuantity } from '../../core/units';

/** A run described by flags or a directive; each value wins over (CLI) or supplies (directive) the file's. */
export interface RunHints {
  readonly seqLen?: number;
  readonly microBatch?: number;
  /** Sequences per optimizer step, over all data-parallel ranks. */
  readonly globalBatch?: number;
  readonly dp?: number;
  readonly tp?: number;
  readonly pp?: number;
  /** Virtual pipeline stages per rank (interleaved 1F1B). */
  readonly vp?: number;
  readonly cp?: number;
  readonly ep?: number;
  readonly sharding?: ShardingKind;
  readonly ac?: Exclude<CheckpointingMode, 'every-n'>;
  readonly precision?: Precision;
  readonly optimizer?: OptimizerKind;
  readonly compile?: boolean;
  /** The node's network between nodes, Gbit/s, all NICs, one direction. */
  readonly interNodeGbps?: number;
  readonly finetune?: 'full' | 'lora' | 'qlora';
  readonly loraRank?: number;
  readonly loraTargets?: readonly AdapterTarget[];
}

export type RunHintKey = keyof RunHints;

export interface RunKey {
  readonly key: RunHintKey;
  /** `--name` on the CLI and `name=` in a directive. */
  readonly name: string;
  /** The value's placeholder in --help; absent for a boolean flag. */
  readonly value?: string;
  readonly help: string;
  /** Whether `# scaling-lens: name=…` accepts it (the fine-tuning keys are CLI-only). */
  readonly directive: boolean;
}

/** Upper bounds that keep every product finite; no run comes near them. */
const MAX_DEGREE = 1_000_000;
const MAX_BATCH = 100_000_000;
const MAX_SEQ = 100_000_000;
const MAX_RANK = 65_536;
/** 100 Tbit/s per node: far above any network. */

/** --sharding words → ShardingKind (`fsdp` is PyTorch's FULL_SHARD). */
export const SHARDING_WORDS: Readonly<Record<string, ShardingKind>> = { none: 'none', zero1: 'zero1', zero2: 'zero2', zero3: 'zero3', fsdp: 'fsdp-full' };
export const AC_WORDS: readonly RunHints['ac'][] = ['none', 'selective', 'selective-op', 'full'];
export const PRECISION_WORDS: readonly Precision[] = ['bf16', 'fp16', 'fp8', 'fp32'];
export const OPTIMIZER_WORDS: Readonly<Record<string, OptimizerKind>> = { adamw: 'adamw', adamw8bit: 'adamw-8bit', sgd: 'sgd', adafactor: 'adafactor' };
export const FINETUNE_WORDS: readonly NonNullable<RunHints['finetune']>[] = ['full', 'lora', 'qlora'];
export const TARGET_WORDS: readonly AdapterTarget[] = ['q', 'k', 'v', 'qkv', 'o', 'gate', 'up', 'gate_up', 'down', 'embed', 'head'];

/** In the order --help lists them. */
export const RUN_KEYS: readonly RunKey[] = [
  { key: 'seqLen', name: 'seq-len', value: 'N', help: "sequence length of the run (overrides the file's)", directive: true },
  { key: 'microBatch', name: 'micro-batch', value: 'N', help: 'sequences per GPU per forward/backward', directive: true },
  { key: 'globalBatch', name: 'global-batch', value: 'N', help: 'sequences per optimizer step, all GPUs', directive: true },
  { key: 'dp', name: 'dp', value: 'N', help: 'data-parallel degree', directive: true },
  { key: 'tp', name: 'tp', value: 'N', help: 'tensor-parallel degree', directive: true },
  { key: 'pp', name: 'pp', value: 'N', help: 'pipeline-parallel degree', directive: true },
  { key: 'vp', name: 'vp', value: 'N', help: 'virtual pipeline stages per rank: interleaved 1F1B, the bubble divides by it', directive: true },
  { key: 'cp', name: 'cp', value: 'N', help: 'context-parallel degree', directive: true },
  { key: 'ep', name: 'ep', value: 'N', help: 'expert-parallel degree', directive: true },
  {
    key: 'sharding',
    name: 'sharding',
    value: 'S',
    help: `${Object.keys(SHARDING_WORDS).join('|')}: how weights, gradients and optimizer states are sharded`,
    directive: true,
  },
  { key: 'ac', name: 'ac', value: 'M', help: `${AC_WORDS.join('|')}: activation checkpointing`, directive: true },
  { key: 'precision', name: 'precision', value: 'P', help: `${PRECISION_WORDS.join('|')}: training precision`, directive: true },
  {
    key: 'optimizer',
    name: 'optimizer',
    value: 'O',
    help: `${Object.keys(OPTIMIZER_WORDS).join('|')}: optimizer (its state bytes per parameter)`,
    directive: true,
  },
  {
    key: 'interNodeGbps',
    name: 'inter-node-gbps',
    value: 'G',
    help: "network between nodes, Gbit/s per 8-GPU node, all NICs, one direction (8 × 400G NDR: 3200; AWS p4d: 400); default: the GPU generation's usual node",
    directive: true,
  },
  { key: 'finetune', name: 'finetune', value: 'M', help: `${FINETUNE_WORDS.join('|')}: which weights are trained`, directive: false },
  { key: 'loraRank', name: 'lora-rank', value: 'R', help: 'LoRA rank (implies --finetune lora unless qlora is given)', directive: false },
  { key: 'loraTargets', name: 'lora-targets', value: 'T', help: `comma-separated layers LoRA wraps: ${TARGET_WORDS.join(',')}`, directive: false },
  { key: 'compile', name: 'compile', help: 'torch.compile (or XLA) compiles the model', directive: true },
];

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

const fail = (message: string): Parsed<never> => ({ ok: false, message });

function whole(name: string, raw: string, min: number, max: number): Parsed<number> {
  const v = parseQuantity(raw);
  if (v === null || !Number.isInteger(v) || v < min || v > max)
    return fail(`${name} must be a whole number from ${min} to ${max.toLocaleString('en-US')}, got "${raw}"`);
  return { ok: true, value: v };
}

function word<T>(name: string, raw: string, words: Readonly<Record<string, T>> | readonly T[]): Parsed<T> {
  const s = raw.trim().toLowerCase();
  if (Array.isArray(words)) {
    const hit = (words as readonly T[]).find((w) => String(w) === s);
    return hit !== undefined ? { ok: true, value: hit } : fail(`${name} must be one of ${(words as readonly T[]).join(', ')}, got "${raw}"`);
  }
  const table = words as Readonly<Record<string, T>>;
  return Object.hasOwn(table, s) ? { ok: true, value: table[s]! } : fail(`${name} must be one of ${Object.keys(table).join(', ')}, got "${raw}"`);
}

/** Parses one run key's value as typed (`"8"`, `"zero3"`, `"q,k,v"`); the message names the key as `name`. */
export function parseRunValue(key: RunHintKey, raw: string | boolean, name: string): Parsed<RunHints[RunHintKey]> {
  if (key === 'compile') {
    if (typeof raw === 'boolean') return { ok: true, value: raw };
    const s = raw.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(s)) return { ok: true, value: true };
    if (['false', '0', 'no', 'off'].includes(s)) return { ok: true, value: false };
    return fail(`${name} must be true or false, got "${raw}"`);
  }
  if (typeof raw === 'boolean') return fail(`${name} needs a value`);
  switch (key) {
    case 'seqLen':
      return whole(name, raw, 1, MAX_SEQ);
    case 'microBatch':
    case 'globalBatch':
      return whole(name, raw, 1, MAX_BATCH);
    case 'dp':
    case 'tp':
    case 'pp':
    case 'vp':
    case 'cp':
    case 'ep':
      return whole(name, raw, 1, MAX_DEGREE);
    case 'loraRank':
      return whole(name, raw, 1, MAX_RANK);
    case 'interNodeGbps': {
      const v = parseQuantity(raw.replace(/\s*gbps$/i, ''));
      if (v === null || !(v > 0) || v > MAX_INTER_NODE_GBPS)
        return fail(`${name} must be Gbit/s per node, a positive number up to ${MAX_INTER_NODE_GBPS.toLocaleString('en-US')}, got "${raw}"`);
      return { ok: true, value: v };
    }
    case 'sharding':
      return word(name, raw, SHARDING_WORDS);
    case 'ac':
      return word(name, raw, AC_WORDS);
    case 'precision':
      return word(name, raw, PRECISION_WORDS);
    case 'optimizer':
      return word(name, raw, OPTIMIZER_WORDS);
    case 'finetune':
      return word(name, raw, FINETUNE_WORDS);
    case 'loraTargets': {
      const parts = raw
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter((s) => s !== '');
      const bad = parts.find((p) => !(TARGET_WORDS as readonly string[]).includes(p));
      if (parts.length === 0 || bad !== undefined) return fail(`${name} takes a comma-separated list of ${TARGET_WORDS.join(', ')}, got "${bad ?? raw}"`);
      return { ok: true, value: [...new Set(parts)] as AdapterTarget[] };
    }
  }
}

/** Cross-checks between keys that each parse on their own. Null when they agree. */
export function runHintsProblem(h: RunHints, prefix = ''): string | null {
  const n = (key: RunHintKey) => `${prefix}${RUN_KEYS.find((k) => k.key === key)!.name}`;
  if (h.finetune === 'full' && (h.loraRank !== undefined || h.loraTargets !== undefined))
    return `${n(h.loraRank !== undefined ? 'loraRank' : 'loraTargets')} needs a LoRA fine-tune, not ${n('finetune')} full`;
  if (h.globalBatch !== undefined && h.microBatch !== undefined && h.dp !== undefined && h.globalBatch % (h.microBatch * h.dp) !== 0)
    return `${n('globalBatch')} ${h.globalBatch} is not a multiple of ${n('microBatch')} ${h.microBatch} × ${n('dp')} ${h.dp}`;
  if (h.globalBatch !== undefined && h.microBatch !== undefined && h.globalBatch % h.microBatch !== 0)
    return `${n('globalBatch')} ${h.globalBatch} is not a multiple of ${n('microBatch')} ${h.microBatch}`;
  return null;
}
