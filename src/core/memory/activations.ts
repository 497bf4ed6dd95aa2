// Activation memory of one transformer layer for one micro-batch, after Korthikanti et al.
// 2022, "Reducing Activation Recomputation in Large Transformer Models" (arXiv 2205.05198),
// §4.1 and Table 2: with 2-byte activations, a GPT layer keeps
//   attention 11·sbh + 5·as²b  (QKV input 2, Q and K 4, V 2, output-projection input 2, dropout
//                               mask 1; softmax output 2as²b, its dropout mask as²b and output 2as²b)
//   MLP       19·sbh           (input 2, GeLU input 8, GeLU output 8, dropout mask 1)
//   norms      4·sbh           (two LayerNorm inputs)
// = 34·sbh + 5·as²b bytes. Generalised here to grouped-query attention (K and V are kv-heads
// wide), a gated MLP (gate, up, activation and product of width F kept: 8·sbF) and models
// trained without dropout (the Llama family: no masks). With the GPT shape (MHA, F = 4h, GeLU,
// dropout) every term reduces to Korthikanti's.

import type { Architecture } from '../architecture';
import { isMoeLayer, projectionWidths } from '../model';
import type { CheckpointingMode } from '../runSetup';

export interface LayerActivationInputs {
  /** Sequence length on this GPU (after context parallelism). */
  readonly seq: number;
  /** Keys each query attends to (the full sequence under context parallelism). */
  readonly keys: number;
  readonly microBatch: number;
  readonly tp: number;
  readonly sequenceParallel: boolean;
  /** Fused/flash attention: the as²b score terms are never stored. */
  readonly flashAttention: boolean;
  /** Dropout masks kept (classic GPT blocks). */
  readonly dropout: boolean;
  /** Bytes per stored activation element (2 for bf16/fp16, 4 for fp32). */
  readonly bytes: number;
}

/** Per-layer activation bytes split as Korthikanti's Table 2 splits them under tensor parallelism. */
export interface LayerActivations {
  /** Kept whole on every tensor-parallel rank unless sequence parallelism splits them (norm inputs, QKV and MLP inputs, dropout masks on sbh). */
  readonly replicated: number;
  /** Split over tensor-parallel ranks (Q, K, V, MLP intermediates, output-projection input). */
  readonly split: number;
  /** The as²b attention-score terms (softmax output, dropout); 0 with flash attention. */
  readonly scores: number;
  /** Whole on every tensor-parallel rank even under sequence parallelism (a row-parallel matmul's partial sums, before their reduction). */
  readonly whole?: number;
}

/** A classic GPT block (learned positions or LayerNorm with a plain GeLU MLP) trains with dropout; Llama-style blocks do not. */
export function trainsWithDropout(a: Architecture): boolean {
  return a.mlp === 'mlp';
}

/** Width of the MLP intermediate a token passes through in layer i (routed top-k plus shared experts in an MoE layer). */
export function mlpWidth(a: Architecture, moeLayer: boolean): number {
  const m = a.moe;
  if (!moeLayer || !m) return a.ffn;
  return m.topK * m.expertFfn + m.sharedExperts * (m.sharedFfn ?? m.expertFfn);
}

/** Elements (not bytes) scale with `bytes / 2` so that 2-byte activations give Korthikanti's coefficients. */
export function layerActivations(a: Architecture, x: LayerActivationInputs, moeLayer = false): LayerActivations {
  const sb = x.seq * x.microBatch;
  const h = a.dModel;
  const { q, k, v, o } = projectionWidths(a);
  const F = mlpWidth(a, moeLayer);
  const unit = x.bytes / 2; // Korthikanti's coefficients are bytes at 2 bytes per element
  const mask = x.dropout ? 1 : 0; // one byte per element
  const norms = (a.blockNorms ?? 2) * 2 * sb * h * unit;
  // QKV input 2sbh; MLP input 2sbh; dropout masks after attention and MLP: sbh each.
  const replicated = norms + (2 * sb * h + 2 * sb * h) * unit + 2 * mask * sb * h;
  const attnSplit = 2 * sb * (q + k + v + o) * unit;
  const mlpSplit = (a.mlp === 'glu' ? 8 * sb * F : 4 * sb * F) * unit;
  const scores = x.flashAttention ? 0 : a.heads * x.seq * x.keys * x.microBatch * (2 * unit + (x.dropout ? 1 + 2 * unit : 0));
  return { replicated, split: attnSplit + mlpSplit, scores };
}

/**
 * What per-operator selective checkpointing keeps of one layer (torchtitan's `selective_ac_option
 * = "op"`; pytorch/torchtitan@9dec370 torchtitan/parallelisms/parallelize_llama.py `_save_list`
 * and `_custom_policy`): the block's input, the attention kernel's output and log-sum-exp, and
 * the output of every other matmul in the order the block runs them (q, k, v, output projection,
 * then gate, up, down for a gated MLP or fc1, fc2): q, v, gate and down for a Llama block.
 * Everything else is recomputed in backward. Under tensor parallelism a row-parallel matmul (the
 * output and down projections) saves its partial sums over the whole sequence on every rank, and
 * with sequence parallelism the two reduce-scatters after them are saved too (sequence-split).
 * The order is that of separate q, k, v projections (torchtitan@9dec370 and the 2025 TOML
 * releases; 2026 registries fuse qkv, which saves k as well, about 3% more for Llama 3 8B).
 * Routed experts run grouped matmuls, which the 2024 policy does not save, and MLA and shared
 * experts run other orders: for MoE and MLA blocks the figure is an approximation.
 */
export function opSacActivations(a: Architecture, x: LayerActivationInputs, moeLayer = false): LayerActivations {
  const sb = x.seq * x.microBatch;
  const h = a.dModel;
  const { q, k, v, o } = projectionWidths(a);
  const F = mlpWidth(a, moeLayer);
  // Output widths in call order, and whether the output is split over tensor-parallel ranks
  // (column-parallel) or whole (row-parallel: the output and down projections).
  const matmuls: { width: number; split: boolean }[] = [
    { width: q, split: true },
    { width: k, split: true },
    { width: v, split: true },
    { width: h, split: false },
    ...(moeLayer && a.moe
      ? []
      : a.mlp === 'glu'
        ? [
            { width: F, split: true },
            { width: F, split: true },
            { width: h, split: false },
          ]
        : [
            { width: F, split: true },
            { width: h, split: false },
          ]),
  ];
  const saved = matmuls.filter((_, i) => i % 2 === 0);
  const e = x.bytes; // bytes per element
  const attentionOut = o * e + a.heads * 4; // kernel output and its fp32 log-sum-exp
  const split = sb * (attentionOut + saved.filter((m) => m.split).reduce((n, m) => n + m.width * e, 0));
  const rowParallel = sb * saved.filter((m) => !m.split).reduce((n, m) => n + m.width * e, 0);
  // The block input; with tensor + sequence parallelism also the two reduce-scatter outputs.
  const reduceScatters = x.tp > 1 && x.sequenceParallel ? 2 : 0;
  const replicated = sb * h * e * (1 + reduceScatters);
  return x.tp > 1 ? { replicated, split, scores: 0, whole: rowParallel } : { replicated: replicated + rowParallel, split, scores: 0 };
}

/** Bytes of one layer on one tensor-parallel rank for a checkpointing mode ('full' = the layer's stored input only). */
export function layerBytes(parts: LayerActivations, a: Architecture, x: LayerActivationInputs, mode: 'none' | 'selective' | 'input'): number {
  const t = x.tp;
  if (mode === 'input') return (2 * x.seq * x.microBatch * a.dModel * (x.bytes / 2)) / (x.sequenceParallel ? t : 1);
  const replicated = x.sequenceParallel ? parts.replicated / t : parts.replicated;
  const scores = mode === 'selective' ? 0 : parts.scores / t;
  return replicated + parts.split / t + scores + (parts.whole ?? 0);
}

export interface StageActivations {
  /** Bytes kept for one micro-batch over the stage's layers. */
  readonly perMicroBatch: number;
  /** Extra bytes of the one layer being recomputed in backward (full / every-n checkpointing). */
  readonly recompute: number;
  /** One layer, nothing recomputed, for the hover. */
  readonly perLayerFull: number;
}

/**
 * Activations of `layers` consecutive layers starting at `first` for one micro-batch.
 * - none: every layer's full set;
 * - selective: Korthikanti §5 recomputes the attention-score part (the as²b terms);
 * - selective-op: what opSacActivations keeps, and one layer rebuilt in backward;
 * - full: each layer keeps its 2·sbh input, and backward rebuilds one layer at a time (its full set);
 * - every-n: one layer in n is checkpointed (input only), the rest keep everything.
 */
export function stageActivations(
  a: Architecture,
  x: LayerActivationInputs,
  first: number,
  layers: number,
  mode: CheckpointingMode,
  everyN: number,
): StageActivations {
  const dense = layerActivations(a, x, false);
  const moe = a.moe ? layerActivations(a, x, true) : dense;
  const moeCount = a.moe ? countMoe(a, first, layers) : 0;
  const denseCount = layers - moeCount;
  const full = (m: 'none' | 'selective') => denseCount * layerBytes(dense, a, x, m) + moeCount * layerBytes(moe, a, x, m);
  const largest = Math.max(layerBytes(dense, a, x, 'none'), moeCount > 0 ? layerBytes(moe, a, x, 'none') : 0);
  const input = layerBytes(dense, a, x, 'input');
  switch (mode) {
    case 'none':
      return { perMicroBatch: full('none'), recompute: 0, perLayerFull: largest };
    case 'selective':
      return { perMicroBatch: full('selective'), recompute: 0, perLayerFull: largest };
    case 'selective-op': {
      // Backward rebuilds one layer at a time: what its saved part does not already hold.
      const op = layerBytes(opSacActivations(a, x, false), a, x, 'selective');
      const opMoe = a.moe ? layerBytes(opSacActivations(a, x, true), a, x, 'selective') : op;
      return { perMicroBatch: denseCount * op + moeCount * opMoe, recompute: Math.max(0, largest - Math.min(op, opMoe)), perLayerFull: largest };
    }
    case 'full':
      return { perMicroBatch: layers * input, recompute: largest, perLayerFull: largest };
    case 'every-n': {
      const checkpointed = Math.floor(layers / Math.max(1, everyN));
      const kept = (layers - checkpointed) / Math.max(1, layers);
      return { perMicroBatch: checkpointed * input + kept * full('none'), recompute: checkpointed > 0 ? largest : 0, perLayerFull: largest };
    }
  }
}

export function countMoe(a: Architecture, first: number, layers: number): number {
  if (!a.moe) return 0;
  // A stage has at most a few hundred layers (validated architecture): a loop is bounded.
  let n = 0;
  for (let i = first; i < first + layers; i++) if (isMoeLayer(a, i)) n++;
  return n;
}

/**
 * Micro-batches whose activations a pipeline stage holds at its peak (Korthikanti §4.2.3;
 * Narayanan et al. 2021, arXiv 2104.04473 §2.2): 1F1B keeps up to pp on the first stage; the
 * interleaved schedule (1 + (pp−1)/(pp·vp)) times that; GPipe all m of the step; no pipeline 1.
 */
export function microBatchesInFlight(pp: number, vp: number, schedule: string, gradAccum: number | null): number {
  if (pp <= 1) return 1;
  const m = gradAccum ?? pp;
  switch (schedule) {
    case 'gpipe':
      return m;
    case 'interleaved-1f1b':
      return Math.min(m, pp) * (1 + (pp - 1) / (pp * Math.max(1, vp)));
    default:
      return Math.min(m, pp);
  }
}
