// MoE in the throughput model, by hand: the routing traffic (permute/unpermute of top-k copies and
// the router's scores) and the expert-parallel all-to-alls (tokens × top-k × d_model BF16 per
// dispatch or combine, over the link the expert group spans).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { hfConfigReader } from '../../src/configs/readers/hfConfig';
import { countParams, findAccelerator, type Architecture } from '../../src/core/index';
import { moeRouterBytesPerToken, predictThroughput } from '../../src/core/throughput/index';
import { fixture } from './reader-helpers';

const stated = <T>(value: T) => ({ value, origin: 'stated' as const, source: 'test' });

// Mixtral 8x7B as its config.json reads (hidden 4096, 32 layers, 8 experts, top-2, expert width
// 14336, 32 heads, 8 KV heads, vocab 32000).
const mixtral: Architecture = hfConfigReader.read(fixture('hf-config/mixtral/config.json'), 'config.json', {}).plan.architecture!.value;

test('the fixture is Mixtral 8x7B', () => {
  assert.deepEqual(
    [mixtral.layers, mixtral.dModel, mixtral.vocab, mixtral.moe?.experts, mixtral.moe?.topK, mixtral.moe?.expertFfn],
    [32, 4096, 32000, 8, 2, 14336],
  );
});

test('MoE routing bytes per token: 32 layers × (16 × 2 × 4096 + 32 × 8) = 4,202,496', () => {
  assert.equal(moeRouterBytesPerToken(mixtral), 32 * (16 * 2 * 4096 + 32 * 8));
  assert.equal(moeRouterBytesPerToken(mixtral), 4_202_496);
  const { moe: _moe, ...dense } = mixtral;
  assert.equal(moeRouterBytesPerToken(dense), 0);
});

test('MoE on 8 A100s with ep = 8: the routing term and the all-to-alls, by hand', () => {
  const acc = findAccelerator('A100-80GB')!;
  const out = predictThroughput({
    arch: mixtral,
    counts: countParams(mixtral),
    acc,
    precision: 'bf16',
    gpuCount: 8,
    seqLen: 4096,
    // 32 sequences: 4 per data-parallel rank, micro-batch 1 → 4 micro-batches.
    batchTokens: 4096 * 32,
    setup: { microBatch: stated(1), parallel: { ep: stated(8), tp: stated(1), pp: stated(1) }, sharding: stated('zero3' as const) },
    convention: 'megatron',
  });
  assert.ok(out.ok);
  const t = out.throughput;
  assert.equal(t.layout.microBatches, 4);
  // Routing: S = 4096 × 32 / 8 = 16,384 tokens per GPU × 4,202,496 B / 2,039 GB/s.
  const router = t.terms.find((x) => x.id === 'router')!;
  assert.ok(Math.abs(router.seconds - (16_384 * 4_202_496) / (acc.memoryBandwidthGBs * 1e9)) < 1e-12);
  assert.equal(acc.memoryBandwidthGBs, 2039);
  // All-to-all: 4096 tokens × top-2 × 4096 × 2 B = 67,108,864 B per dispatch, 7/8 of it leaves
  // each rank, over NVLink at 300 GB/s × 0.8 = 240 GB/s, plus 10 µs; 4 all-to-alls (dispatch and
  // combine, forward and backward) × 32 layers × 4 micro-batches, all on the critical path.
  const a2a = t.terms.find((x) => x.id === 'expert-parallel')!;
  const expected = 4 * ((67_108_864 * 7) / 8 / 240e9 + 10e-6) * 32 * 4;
  assert.ok(Math.abs(a2a.seconds - expected) < 1e-12, `${a2a.seconds} vs ${expected}`);
  assert.ok(Math.abs(expected - 0.1303895) < 1e-6);
  // Both are in the step: the breakdown still adds up.
  const b = t.breakdown;
  assert.ok(Math.abs(b.compute + b.recompute + b.bubble + b.exposedComm - t.stepSeconds) < 1e-12 * t.stepSeconds);
});

test('property: with everything else fixed, routing more experts per token (top-k) never raises throughput', () => {
  const acc = findAccelerator('H100-SXM')!;
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 7 }), fc.constantFrom(1, 2, 4, 8), fc.integer({ min: 2, max: 48 }), (k, ep, layers) => {
      const tps = (topK: number) => {
        const arch: Architecture = { ...mixtral, layers, moe: { ...mixtral.moe!, topK } };
        const out = predictThroughput({
          arch,
          counts: countParams(arch),
          acc,
          precision: 'bf16',
          gpuCount: 8,
          seqLen: 4096,
          batchTokens: 4096 * 64,
          setup: { microBatch: stated(1), parallel: { ep: stated(ep) }, sharding: stated('zero3' as const), checkpointing: stated({ mode: 'none' as const }) },
          convention: 'megatron',
        });
        assert.ok(out.ok);
        return out.throughput.tokensPerSecPerGpu;
      };
      return tps(k + 1) <= tps(k);
    }),
    { numRuns: 40 },
  );
});
