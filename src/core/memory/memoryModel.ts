// Peak memory per GPU of a training step: weights, gradients, optimizer states, activations of
// the micro-batches in flight, the logits buffer and calibrated overheads, each a term with the
// formula and inputs the hover shows. Pure arithmetic over a resolved setup.

import type { Architecture } from '../architecture';
import type { Precision } from '../plan';
import { GRAD_BYTES, MASTER_BYTES, optimizerStateBytes, WEIGHT_BYTES } from './bytes';
import { microBatchesInFlight, stageActivations, trainsWithDropout } from './activations';
import { modelStates, stageParams, type Stage } from './modelStates';
import { CHUNKED_LOGITS_BYTES_PER_ELEMENT, COMPILE_ACTIVATION_FACTOR, LOGITS_BYTES_PER_ELEMENT, OVERHEAD_FIXED_BYTES, OVERHEAD_FRACTION } from './overhead';
import type { MemorySetup } from './setup';

export const GIB = 2 ** 30;

export type MemoryTermKey = 'weights' | 'gradients' | 'optimizer' | 'activations' | 'logits' | 'overhead';
export const MEMORY_TERM_KEYS: readonly MemoryTermKey[] = ['weights', 'gradients', 'optimizer', 'activations', 'logits', 'overhead'];

export interface MemoryTerm {
  readonly key: MemoryTermKey;
  readonly bytes: number;
  /** The formula in symbols, e.g. "P_gpu × 2 B ÷ shard 8 + 2 gathered layers". */
  readonly formula: string;
  /** The inputs the formula used, by symbol. */
  readonly inputs: Readonly<Record<string, number | string>>;
}

export interface TrainingMemory {
  readonly perGpuBytes: number;
  readonly breakdown: Readonly<Record<MemoryTermKey, number>>;
  readonly terms: readonly MemoryTerm[];
  /** The pipeline stage whose peak this is ('only' without pipeline parallelism). */
  readonly stage: Stage;
  readonly trainableParams: number;
  readonly adapterParams: number | null;
}

export type TrainingMemoryResult = { readonly ok: true; readonly value: TrainingMemory } | { readonly ok: false; readonly reason: string };

/** Bytes per stored activation: 4 for fp32/tf32 runs, 2 otherwise (FP8 recipes keep bf16 activations for backward). */
export function activationBytes(precision: Precision): number {
  return precision === 'fp32' || precision === 'tf32' ? 4 : 2;
}

const r = (x: number) => Math.round(x * 1000) / 1000;

function stageMemory(a: Architecture, seqLen: number, precision: Precision, s: MemorySetup, stage: Stage): TrainingMemoryResult {
  const p = stageParams(a, s, stage);
  const states = modelStates(a, s, p);
  if (!states.ok) return states;
  const m = states.value;
  const seq = seqLen / s.cp;
  const x = {
    seq,
    keys: seqLen,
    microBatch: s.microBatch,
    tp: s.tp,
    sequenceParallel: s.sequenceParallel,
    flashAttention: s.flashAttention,
    dropout: trainsWithDropout(a),
    bytes: activationBytes(precision),
  };
  const act = stageActivations(a, x, p.firstLayer, p.layers, s.checkpointing, s.everyN);
  const inFlight = stage === 'last' ? 1 : microBatchesInFlight(s.pp, s.vp, s.schedule, s.gradAccum);
  const compile = s.compile ? COMPILE_ACTIVATION_FACTOR : 1;
  const activations = (act.perMicroBatch * inFlight + act.recompute) * compile;
  const hasHead = stage !== 'first';
  const logitBytes = s.chunkedLoss ? CHUNKED_LOGITS_BYTES_PER_ELEMENT : LOGITS_BYTES_PER_ELEMENT;
  const logits = hasHead ? (s.microBatch * seq * a.vocab * logitBytes) / s.tp : 0;
  const counted = m.weights + m.gradients + m.optimizer + activations + logits;
  const overhead = OVERHEAD_FIXED_BYTES + OVERHEAD_FRACTION * counted;
  const breakdown = { weights: m.weights, gradients: m.gradients, optimizer: m.optimizer, activations, logits, overhead };
  const mode = s.weightsMode;
  const wb = WEIGHT_BYTES[mode];
  const offloaded = s.offload !== 'none' ? ` (${s.offload} offloaded to the host)` : '';
  const terms: MemoryTerm[] = [
    {
      key: 'weights',
      bytes: m.weights,
      formula:
        s.method === 'full'
          ? `P_gpu × ${wb} B ÷ shard${m.gathered > 0 ? ' + 2 gathered layers' : ''}${offloaded}`
          : `frozen P_gpu × ${r(m.frozenBytesPerParam ?? wb)} B${s.method === 'qlora' ? ' (linear layers quantized, the rest in the compute dtype)' : ''} + adapters × ${wb} B, ÷ shard${m.gathered > 0 ? ' + 2 gathered layers' : ''}`,
      inputs: {
        P_gpu: Math.round(p.held),
        shard: m.shardWeights,
        tp: s.tp,
        pp: s.pp,
        ep: s.ep,
        ...(m.gathered > 0 ? { gatheredBytes: Math.round(m.gathered) } : {}),
      },
    },
    {
      key: 'gradients',
      bytes: m.gradients,
      formula: `trainable × ${GRAD_BYTES[mode]} B ÷ shard${s.offload !== 'none' ? ' (offloaded: 0 on the GPU)' : ''}`,
      inputs: { trainable: Math.round(m.trainable), shard: m.shardGrads },
    },
    {
      key: 'optimizer',
      bytes: m.optimizer,
      formula: `trainable × (master ${MASTER_BYTES[mode]} B + ${s.optimizer} states ${r(optimizerStateBytes(s.optimizer, mode))} B) ÷ shard${s.offload !== 'none' ? ' (offloaded: 0 on the GPU)' : ''}`,
      inputs: { trainable: Math.round(m.trainable), shard: m.shardOptimizer, optimizer: s.optimizer },
    },
    {
      key: 'activations',
      bytes: activations,
      formula: `(layers × per-layer(${s.checkpointing}) × micro-batches in flight + recomputed layer)${s.compile && compile !== 1 ? ` × compile ${compile}` : ''}; per layer ≈ 34·sbh + 5·as²b (Korthikanti 2022 Table 2, generalised${s.flashAttention ? '; flash attention: no as²b' : ''})`,
      inputs: {
        layers: p.layers,
        s: seq,
        b: s.microBatch,
        h: a.dModel,
        a: a.heads,
        tp: s.tp,
        sp: s.sequenceParallel ? 'on' : 'off',
        inFlight: r(inFlight),
        perLayerFullBytes: Math.round(act.perLayerFull),
      },
    },
    {
      key: 'logits',
      bytes: logits,
      formula: hasHead
        ? `b × s × V × ${logitBytes} B ÷ tp${s.chunkedLoss ? ' (chunked loss: bf16 logits only)' : ' (fp32 logits and their gradient)'}`
        : 'no output head on this stage',
      inputs: { b: s.microBatch, s: seq, V: a.vocab, tp: s.tp },
    },
    {
      key: 'overhead',
      bytes: overhead,
      formula: `${r(OVERHEAD_FIXED_BYTES / GIB)} GiB + ${r(OVERHEAD_FRACTION * 100)}% of the rest (calibrated on published measurements)`,
      inputs: { fixedGiB: r(OVERHEAD_FIXED_BYTES / GIB), fraction: OVERHEAD_FRACTION },
    },
  ];
  return { ok: true, value: { perGpuBytes: counted + overhead, breakdown, terms, stage, trainableParams: m.trainable, adapterParams: m.adapterParams } };
}

/** Peak per-GPU training memory; with pipeline parallelism the larger of the first and last stage. */
export function trainingMemory(a: Architecture, seqLen: number, precision: Precision, s: MemorySetup): TrainingMemoryResult {
  if (s.pp > a.layers) return { ok: false, reason: `${s.pp} pipeline stages for ${a.layers} layers: a stage would hold no layer` };
  if (a.heads % s.tp !== 0) return { ok: false, reason: `tensor parallelism ${s.tp} does not divide the ${a.heads} attention heads` };
  if (s.pp <= 1) return stageMemory(a, seqLen, precision, s, 'only');
  const first = stageMemory(a, seqLen, precision, s, 'first');
  const last = stageMemory(a, seqLen, precision, s, 'last');
  if (!first.ok) return first;
  if (!last.ok) return last;
  return first.value.perGpuBytes >= last.value.perGpuBytes ? first : last;
}
