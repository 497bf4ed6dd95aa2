// Serving memory and the decode-speed bound: weights at the serving dtype, the KV cache per
// token, how many tokens of cache fit beside the weights, and tokens/s ≤ HBM bandwidth ÷ bytes
// read per generated token (every active weight and the sequence's cache are read once per
// step at batch 1; Pope et al. 2022, arXiv 2211.05102 §2: decoding is memory-bandwidth bound).

import type { Architecture } from '../architecture';
import { countParams } from '../model';

export interface InferenceEstimate {
  /** Bytes per element of weights and cache (the serving dtype). */
  readonly bytesPerElement: number;
  readonly weightsBytes: number;
  /** KV-cache bytes per token over all layers. */
  readonly kvCacheBytesPerToken: number;
  readonly kvFormula: string;
  /** Tokens of KV cache (summed over the batch) that fit on one GPU beside the weights; null when the weights alone do not fit (no cache to count, not a cache of 0). */
  readonly maxTokensInCache: number | null;
  /** Batch-1 decode upper bound at a context of `contextTokens`. */
  readonly decodeTokensPerSecUpperBound: number;
  readonly contextTokens: number;
  readonly capacityBytes: number;
  readonly bandwidthGBs: number;
}

/**
 * KV cache per token: L × kv-heads × head-dim × 2 (K and V) × bytes. Multi-head latent
 * attention caches the compressed latent and the shared rotary key instead (DeepSeek-V2,
 * arXiv 2405.04434 §2.1.2 and Table 1: (d_c + d_h^R) · l elements per token).
 */
export function kvCacheBytesPerToken(a: Architecture, bytes: number): { bytes: number; formula: string } {
  if (a.mla) {
    const per = a.mla.kvLoraRank + a.mla.qkRopeHeadDim;
    return {
      bytes: a.layers * per * bytes,
      formula: `L ${a.layers} × (d_c ${a.mla.kvLoraRank} + d_rope ${a.mla.qkRopeHeadDim}) × ${bytes} B (MLA latent cache)`,
    };
  }
  // Sliding-window blocks keep at most `window` tokens of one sequence. Per token of cache they
  // are counted in full (how many tokens fit is then a lower bound, as the formula says); the
  // decode bound reads what one sequence's cache really holds (kvCacheBytesAt).
  const upper = a.slidingWindow
    ? ` (the ${a.slidingWindow.layers} sliding-window layers counted in full: an upper bound past ${a.slidingWindow.window} tokens of a sequence)`
    : '';
  return {
    bytes: a.layers * a.kvHeads * a.headDim * 2 * bytes,
    formula: `L ${a.layers} × kv-heads ${a.kvHeads} × head-dim ${a.headDim} × 2 × ${bytes} B${upper}`,
  };
}

/** KV-cache bytes of one sequence of `tokens`: sliding-window layers hold at most their window. */
export function kvCacheBytesAt(a: Architecture, bytes: number, tokens: number): number {
  const perToken = kvCacheBytesPerToken(a, bytes).bytes;
  const sw = a.slidingWindow;
  if (!sw || sw.window >= tokens) return perToken * tokens;
  const local = Math.min(sw.layers, a.layers) / a.layers;
  return perToken * ((1 - local) * tokens + local * sw.window);
}

export function inferenceEstimate(
  a: Architecture,
  bytes: number,
  capacityBytes: number,
  bandwidthGBs: number,
  fixedOverheadBytes: number,
  contextTokens: number,
): InferenceEstimate {
  const c = countParams(a);
  const weightsBytes = c.total * bytes;
  const kv = kvCacheBytesPerToken(a, bytes);
  const free = capacityBytes - weightsBytes - fixedOverheadBytes;
  const maxTokensInCache = free > 0 ? Math.floor(free / kv.bytes) : null;
  const perStep = c.active * bytes + kvCacheBytesAt(a, bytes, contextTokens);
  return {
    bytesPerElement: bytes,
    weightsBytes,
    kvCacheBytesPerToken: kv.bytes,
    kvFormula: kv.formula,
    maxTokensInCache,
    decodeTokensPerSecUpperBound: (bandwidthGBs * 1e9) / perStep,
    contextTokens,
    capacityBytes,
    bandwidthGBs,
  };
}
