// Peak memory per GPU of a training step: weights, gradients, optimizer states, activations of
// the micro-batches in flight, the logits buffer and calibrated overheads, each a term with the
// formula and inputs the hover shows. Pure arithmetic over a resolved setup.

import type { Architecture } from '../architecture';
import type { Precision } from '../plan';
import { GRAD_BYTES, MASTER_BYTES, optimizerStateBytes, WEIGHT_BYTES } from './bytes';
import { countMoe, microBatchesInFlight, mlpWidth, stageActivations, trainsWithDropout } from './activations';
import { bnbSavedInputBytes, fp8SavedInputSaving, fp8WeightCacheBytesPerParam, type MemoryLibraries } from './libraries';
import { modelStates, stageParams, type Stage } from './modelStates';
import { pipelinedFsdp } from '../runSetup';
import {
  CHUNKED_LOGITS_BYTES_PER_ELEMENT,
  COMPILE_ACTIVATION_FACTOR,
  compileShrinksActivations,
  LOGITS_BYTES_PER_ELEMENT,
  OVERHEAD_FIXED_BYTES,
  OVERHEAD_FRACTION,
} from './overhead';
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

/** Bytes per stored activation: 4 for fp32/tf32 runs, 2 otherwise (FP8 linear inputs under Transformer Engine: libraries.ts). */
export function activationBytes(precision: Precision): number {
  return precision === 'fp32' || precision === 'tf32' ? 4 : 2;
}

const r = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Per micro-batch and recompute bytes a library adds (+) or saves (−) on a stage's layers: kept
 * on every layer that stores its activations, and on the one layer rebuilt in backward.
 */
function libraryActivationBytes(
  a: Architecture,
  s: MemorySetup,
  seq: number,
  first: number,
  layers: number,
  perLayer: (width: number) => number,
): { perMicroBatch: number; recompute: number } {
  const moe = countMoe(a, first, layers);
  const dense = perLayer(mlpWidth(a, false));
  const routed = a.moe ? perLayer(mlpWidth(a, true)) : dense;
  const all = (layers - moe) * dense + moe * routed;
  const one = Math.max(dense, moe > 0 ? routed : dense);
  switch (s.checkpointing) {
    case 'none':
    case 'selective':
    case 'selective-op':
      return { perMicroBatch: all, recompute: 0 };
    case 'full':
      return { perMicroBatch: 0, recompute: one };
    case 'every-n': {
      const checkpointed = Math.floor(layers / Math.max(1, s.everyN));
      return { perMicroBatch: ((layers - checkpointed) / Math.max(1, layers)) * all, recompute: checkpointed > 0 ? one : 0 };
    }
  }
}

function stageMemory(a: Architecture, seqLen: number, precision: Precision, s: MemorySetup, stage: Stage, libs: MemoryLibraries): TrainingMemoryResult {
  const p = stageParams(a, s, stage);
  const states = modelStates(a, s, p, precision, libs.gradReduceInBf16 ?? false);
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
  // bitsandbytes < 0.43.2 keeps a copy of every 4-bit linear's input (libraries.ts).
  const bnb =
    s.method === 'qlora' && libs.bitsandbytesSavesInput
      ? libraryActivationBytes(a, s, seq, p.firstLayer, p.layers, (w) => bnbSavedInputBytes(a, w, seq, s.microBatch, s.tp, x.bytes))
      : { perMicroBatch: 0, recompute: 0 };
  // Transformer Engine FP8 saves its linear inputs in 1 byte instead of 2.
  const teFp8 = s.lowPrecision !== null && s.lowPrecision !== 'nvfp4' && libs.lowPrecisionLibrary === 'transformer-engine' && x.bytes === 2;
  const fp8 = teFp8
    ? libraryActivationBytes(a, s, seq, p.firstLayer, p.layers, (w) => -fp8SavedInputSaving(a, w, seq, s.microBatch, s.tp, s.sequenceParallel))
    : { perMicroBatch: 0, recompute: 0 };
  const perMicroBatch = act.perMicroBatch + bnb.perMicroBatch + fp8.perMicroBatch;
  const recompute = act.recompute + bnb.recompute + fp8.recompute;
  const inFlight = stage === 'last' ? 1 : microBatchesInFlight(s.pp, s.vp, s.schedule, s.gradAccum);
  const compile = s.compile && compileShrinksActivations(s.checkpointing) ? COMPILE_ACTIVATION_FACTOR : 1;
  // Under full checkpointing a layer keeps only its input, which fusion cannot shrink: the compile
  // factor applies to the recomputed layer alone.
  const activations = perMicroBatch * inFlight * (s.checkpointing === 'full' ? 1 : compile) + recompute * compile;
  // Transformer Engine's cached FP8 weight and transpose per linear weight held; TE keeps no cache under FSDP2 (module/linear.py `is_fsdp2`).
  const fp8Cache = teFp8 && !libs.fp8ParamGather && s.lowPrecision && m.shardWeights === 1 ? p.linear * fp8WeightCacheBytesPerParam(s.lowPrecision) : 0;
  const hasHead = stage !== 'first';
  const logitBytes = s.chunkedLoss ? CHUNKED_LOGITS_BYTES_PER_ELEMENT : LOGITS_BYTES_PER_ELEMENT;
  const logits = hasHead ? (s.microBatch * seq * a.vocab * logitBytes) / s.tp : 0;
  const weightsBytes = m.weights + fp8Cache;
  const counted = weightsBytes + m.gradients + m.optimizer + activations + logits;
  const overhead = OVERHEAD_FIXED_BYTES + OVERHEAD_FRACTION * counted;
  const breakdown = { weights: weightsBytes, gradients: m.gradients, optimizer: m.optimizer, activations, logits, overhead };
  const mode = s.weightsMode;
  const wb = WEIGHT_BYTES[mode];
  const offloaded = s.offload !== 'none' ? ` (${s.offload} offloaded to the host)` : '';
  const terms: MemoryTerm[] = [
    {
      key: 'weights',
      bytes: weightsBytes,
      formula:
        (s.method === 'full'
          ? `P_gpu × ${wb} B ÷ shard${m.gathered > 0 ? ' + 2 gathered layers' : ''}${pipelinedFsdp(s.sharding, s.pp) ? ' (FSDP2 under a pipeline keeps the stage gathered for the whole step)' : ''}${offloaded}`
          : `frozen P_gpu × ${r(m.frozenBytesPerParam ?? wb)} B${s.method === 'qlora' ? ' (linear layers quantized, the rest in the compute dtype)' : ''} + adapters × ${wb} B, ÷ shard${m.gathered > 0 ? ' + 2 gathered layers' : ''}`) +
        (m.dequantBuffer > 0 ? ' + one dequantised weight (bitsandbytes MatMul4Bit, largest linear × 2 B)' : '') +
        (m.reference > 0 ? ` + the frozen reference model, P_gpu × ${wb} B ÷ shard (DPO/KTO without adapters keeps a copy of the policy)` : '') +
        (fp8Cache > 0 ? ` + Transformer Engine FP8 weight and transpose cache (linear weights × ${r(fp8WeightCacheBytesPerParam(s.lowPrecision!))} B)` : ''),
      inputs: {
        P_gpu: Math.round(p.held),
        shard: m.shardWeights,
        tp: s.tp,
        pp: s.pp,
        ep: s.ep,
        ...(m.gathered > 0 ? { gatheredBytes: Math.round(m.gathered) } : {}),
        ...(m.dequantBuffer > 0 ? { dequantBufferBytes: Math.round(m.dequantBuffer) } : {}),
        ...(fp8Cache > 0 ? { fp8CacheBytes: Math.round(fp8Cache) } : {}),
      },
    },
    {
      key: 'gradients',
      bytes: m.gradients,
      formula: `trainable × ${m.gradBytesPerParam} B ÷ shard${gradientNote(s, m.gradBytesPerParam !== GRAD_BYTES[mode])}${s.offload !== 'none' ? ' (offloaded: 0 on the GPU)' : ''}`,
      inputs: { trainable: Math.round(m.trainable), shard: m.shardGrads },
    },
    {
      key: 'optimizer',
      bytes: m.optimizer,
      formula: `trainable × (master ${MASTER_BYTES[mode]} B + ${s.optimizer} states ${r(optimizerStateBytes(s.optimizer, mode))} B${m.stateBytesPerParam > MASTER_BYTES[mode] + optimizerStateBytes(s.optimizer, mode) + 1e-9 && s.optimizer !== 'muon' ? ' + fp32 gradient shard 4 B' : ''}) ÷ shard${s.offload !== 'none' ? ' (offloaded: 0 on the GPU)' : ''}`,
      inputs: { trainable: Math.round(m.trainable), shard: m.shardOptimizer, optimizer: s.optimizer },
    },
    {
      key: 'activations',
      bytes: activations,
      formula: `(layers × per-layer(${s.checkpointing}) × micro-batches in flight + recomputed layer)${s.compile && compile !== 1 ? ` × compile ${compile}` : ''}; per layer ${s.checkpointing === 'selective-op' ? "the block input, the attention kernel's output and every other matmul's output (per-op selective checkpointing)" : `≈ 34·sbh + 5·as²b (Korthikanti 2022 Table 2, generalised${s.flashAttention ? '; flash attention: no as²b' : ''})`}${bnb.perMicroBatch + bnb.recompute > 0 ? '; + bitsandbytes < 0.43.2 copy of each 4-bit linear input' : ''}${teFp8 ? '; Transformer Engine FP8: linear inputs saved in 1 byte' : ''}`,
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
      formula: `${OVERHEAD_FIXED_BYTES > 0 ? `${r(OVERHEAD_FIXED_BYTES / GIB)} GiB + ` : ''}${r(OVERHEAD_FRACTION * 100)}% of the rest (calibrated on published measurements)`,
      inputs: { fixedGiB: r(OVERHEAD_FIXED_BYTES / GIB), fraction: OVERHEAD_FRACTION },
    },
  ];
  return { ok: true, value: { perGpuBytes: counted + overhead, breakdown, terms, stage, trainableParams: m.trainable, adapterParams: m.adapterParams } };
}

/** Peak per-GPU training memory; with pipeline parallelism the larger of the first and last stage. */
export function trainingMemory(a: Architecture, seqLen: number, precision: Precision, s: MemorySetup, libs: MemoryLibraries = {}): TrainingMemoryResult {
  if (s.pp > a.layers) return { ok: false, reason: `${s.pp} pipeline stages for ${a.layers} layers: a stage would hold no layer` };
  if (a.heads % s.tp !== 0) return { ok: false, reason: `tensor parallelism ${s.tp} does not divide the ${a.heads} attention heads` };
  if (s.pp <= 1) return stageMemory(a, seqLen, precision, s, 'only', libs);
  const first = stageMemory(a, seqLen, precision, s, 'first', libs);
  const last = stageMemory(a, seqLen, precision, s, 'last', libs);
  if (!first.ok) return first;
  if (!last.ok) return last;
  return first.value.perGpuBytes >= last.value.perGpuBytes ? first : last;
}

/** Why the gradient buffer is unsharded or wider than the weights, when it is. */
function gradientNote(s: MemorySetup, widened: boolean): string {
  if (pipelinedFsdp(s.sharding, s.pp)) return ' (FSDP2 under a pipeline: unsharded gradients accumulated over the micro-batches, reduced after the last)';
  return widened ? ' (Megatron distributed optimizer: fp32 main-gradient buffer, unsharded)' : '';
}
