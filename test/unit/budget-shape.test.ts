// Target parameters -> architecture (core/shape.ts): exact counts within a few percent, shapes
// people train, and a clear refusal when the embedding table alone is larger than the target.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countParams, designArchitecture, preferredAspectRatio, swigluWidth, type ShapeTemplate } from '../../src/core/index';
import { frameworkTemplate, WRITERS } from '../../src/configs/writers/index';

const nanogpt = frameworkTemplate('nanogpt', 1e8);
const llama = (params: number): ShapeTemplate => frameworkTemplate('litgpt', params);

test('a 124M nanoGPT target lands on GPT-2 small, counted exactly as nanoGPT builds it from scratch', () => {
  const r = designArchitecture(124e6, nanogpt, { paramsKind: 'total' });
  assert.ok(r.ok);
  const a = r.shape.architecture;
  assert.deepEqual([a.layers, a.dModel, a.heads, a.headDim, a.ffn, a.vocab, a.seqLen], [12, 768, 12, 64, 3072, 50304, 1024]);
  // docs/configs.md#cross-checks: nanoGPT from scratch (no biases, V 50304) = 124,373,760.
  assert.equal(r.shape.params, 124_373_760);
  assert.equal(countParams(a).total, 124_373_760);
  assert.equal(r.shape.aspectRatio, 64);
});

test('a 7B Llama-style target: d_model 4096, 32 heads of 128, 8 KV heads, SwiGLU 11008 (Llama 2 7B widths)', () => {
  const r = designArchitecture(7e9, llama(7e9), { paramsKind: 'total' });
  assert.ok(r.ok);
  const a = r.shape.architecture;
  assert.deepEqual([a.dModel, a.heads, a.kvHeads, a.headDim, a.ffn, a.mlp], [4096, 32, 8, 128, 11008, 'glu']);
  assert.equal(swigluWidth(4096), 11008);
  assert.ok(Math.abs(r.shape.error) < 0.015);
});

test('from 100M to 1T parameters every framework lands within 1.5% with a sensible shape', () => {
  for (let e = 8; e <= 12; e += 0.05) {
    const target = 10 ** e;
    for (const w of WRITERS) {
      for (const kind of ['total', 'nonEmbedding'] as const) {
        const r = designArchitecture(target, frameworkTemplate(w.id, target), { paramsKind: kind });
        assert.ok(r.ok, `${w.id} ${kind} ${target}`);
        const s = r.shape;
        const a = s.architecture;
        assert.ok(Math.abs(s.error) <= 0.015, `${w.id} ${kind} ${target}: ${s.error}`);
        assert.equal(s.params, kind === 'total' ? countParams(a).total : countParams(a).nonEmbedding, 'the exact counter');
        assert.ok(a.layers >= 2);
        assert.ok(s.aspectRatio >= preferredAspectRatio(target) / 4 && s.aspectRatio <= preferredAspectRatio(target) * 2);
        assert.equal(a.dModel % a.headDim, 0);
        assert.equal(a.headDim, a.dModel >= 2048 ? 128 : a.dModel >= 256 ? 64 : 32);
        if (a.dModel >= 2048) assert.equal(a.heads % 8, 0, 'heads split over 8 GPUs');
        if (a.mlp === 'glu') assert.equal(a.ffn % 256, 0);
        else assert.equal(a.ffn, 4 * a.dModel);
        assert.equal(a.heads % a.kvHeads, 0);
      }
    }
  }
});

test('below 100M the embedding table dominates: within 5% where a shape exists, otherwise a message that says why', () => {
  for (let e = 6; e < 8; e += 0.05) {
    const target = 10 ** e;
    for (const w of WRITERS) {
      const r = designArchitecture(target, frameworkTemplate(w.id, target), { paramsKind: 'total' });
      if (r.ok) assert.ok(Math.abs(r.shape.error) <= 0.05, `${w.id} ${target}`);
      else assert.match(r.message, /embedding table/, r.message);
    }
  }
  const tiny = designArchitecture(2e6, nanogpt, { paramsKind: 'total' });
  assert.ok(!tiny.ok);
  assert.equal(
    tiny.message,
    'no sensible architecture has as few as 2M parameters: the smallest (2 layers, d_model 64) has 3.38M (its 50,304-token embedding table alone is 3.22M). Use a larger budget or a framework with a smaller vocabulary.',
  );
  // Kaplan's N leaves the embedding out, so small non-embedding targets still fit, until whole layers are too coarse.
  const small = designArchitecture(5e6, nanogpt, { paramsKind: 'nonEmbedding' });
  assert.ok(small.ok && Math.abs(small.shape.error) <= 0.05 && small.shape.architecture.dModel === 320);
  const coarse = designArchitecture(2e6, nanogpt, { paramsKind: 'nonEmbedding' });
  assert.ok(!coarse.ok && /whole layers are too coarse/.test(coarse.message));
  assert.ok(!designArchitecture(0, nanogpt, { paramsKind: 'total' }).ok);
});
