// Multi-head latent attention (DeepSeek-V2/V3, Kimi K2) in the FLOP conventions and the
// throughput model's work: its low-rank projections and its wider query/key than value heads
// must be counted from the MLA shapes, not as dense attention of the query/key head width
// (which counted DeepSeek-V3's GEMM work 1.8× too high).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Architecture } from '../../src/core/architecture';
import { attentionCoreWidth, countParams, flopsPerToken } from '../../src/core/model';
import { tokenWork } from '../../src/core/throughput/work';

// deepseek-ai/DeepSeek-V3 config.json (as in src/configs/registry/hfModels.ts), at a 4,096 context.
const v3: Architecture = {
  layers: 61,
  dModel: 7168,
  heads: 128,
  kvHeads: 128,
  headDim: 192,
  ffn: 18432,
  mlp: 'glu',
  vocab: 129280,
  seqLen: 4096,
  positions: 'rotary',
  norm: 'rmsnorm',
  linearBias: false,
  tiedEmbeddings: false,
  mla: { qLoraRank: 1536, kvLoraRank: 512, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128 },
  moe: { experts: 256, topK: 8, expertFfn: 2048, sharedExperts: 1, denseLayers: 3 },
};

/**
 * NVIDIA/Megatron-LM@d98e8a64ddf34856e74b24714e3bedb2f5a39553 megatron/training/training.py
 * `num_floating_point_operations`, multi_latent_attention branch, per token (no MTP layers),
 * transcribed term by term; plus the router GEMM (2·d·E forward per MoE layer), which our
 * Megatron convention adds as MaxText does.
 */
function megatronLmPerToken(): number {
  const h = 7168,
    heads = 128,
    qk = 128,
    rope = 64,
    v = 128,
    qr = 1536,
    kvr = 512,
    T = 4096;
  const L = 61,
    dense = 3,
    moeLayers = 58,
    vocab = 129280;
  const mlp = 6 * h * (18432 * 3 * dense + 2048 * 8 * 3 * moeLayers + 2048 * 3 * moeLayers);
  const qTerm = qr * (h + heads * (qk + rope) + 1);
  const linear = 6 * L * (qTerm + kvr * (h + heads * (qk + v) + 1) + h * rope + heads * v * h);
  const core = 6 * L * T * ((heads * (qk + rope)) / 2 + (heads * v) / 2);
  const logits = 6 * h * vocab;
  const router = 6 * moeLayers * h * 256;
  return mlp + linear + core + logits + router;
}

test('MLA: the Megatron convention equals Megatron-LM num_floating_point_operations for DeepSeek-V3', () => {
  const counts = countParams(v3);
  assert.equal(flopsPerToken(v3, counts, 'megatron'), megatronLmPerToken());
  // About 6 × the 37.6B active parameters plus the attention core: not the 409 GFLOP a dense
  // count of 192-wide query/key heads gave.
  const gflop = flopsPerToken(v3, counts, 'megatron') / 1e9;
  assert.ok(gflop > 6 * (counts.active / 1e9) && gflop < 6 * (counts.active / 1e9) + 40, `${gflop}`);
});

test('MLA: the attention core runs QKᵀ over 192-wide heads and scores·V over 128-wide ones', () => {
  assert.equal(attentionCoreWidth(v3), (128 * (192 + 128)) / 2);
  const { mla: _mla, ...dense } = v3;
  assert.equal(attentionCoreWidth({ ...dense, moe: v3.moe! }), 128 * 192);
  const counts = countParams(v3);
  // PaLM: 6·N_matmul + 12·L·(h·(qk + v)/2)·T.
  assert.equal(flopsPerToken(v3, counts, 'palm'), 6 * (counts.activeNonEmbedding + 129280 * 7168) + 12 * 61 * 20480 * 4096);
});

test('MLA: the throughput model’s GEMM work is the Megatron count less the attention core', () => {
  const counts = countParams(v3);
  const w = tokenWork(v3, counts, 4096, { mode: 'none' }, false);
  assert.equal(w.attentionFlops, 6 * 61 * 20480 * 4096);
  assert.equal(w.gemmFlops + w.attentionFlops, flopsPerToken(v3, counts, 'megatron'));
});
