// Sliding-window (local) attention: which blocks use it, read from config.json as transformers
// decides it, and what it changes: the attention core's FLOPs in every convention (a query in a
// window of w sees at most w keys; causally, on average w − w²/(2T) of them) and nothing else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hfConfigReader } from '../../src/configs/readers/hfConfig';
import { findHfModel } from '../../src/configs/registry/hf';
import { PlanBuilder } from '../../src/configs/shared/builder';
import { hfArchitectureParts, registryLookup } from '../../src/configs/shared/hfArchitecture';
import { validateArchitecture, type Architecture } from '../../src/core/architecture';
import { attentionCoreWidth, causalKeysPerQuery, countParams, flopsPerToken, keysPerQuery, type FlopConvention } from '../../src/core/model';
import { attentionCoreFlops } from '../../src/core/throughput/work';

// Gemma-2-9B's shapes (google/gemma-2-9b config.json): 42 blocks, 3584 wide, 16 heads × 256, 8 KV heads.
const gemma2: Architecture = {
  layers: 42,
  dModel: 3584,
  heads: 16,
  kvHeads: 8,
  headDim: 256,
  ffn: 14336,
  mlp: 'glu',
  vocab: 256000,
  seqLen: 8192,
  positions: 'rotary',
  norm: 'rmsnorm',
  linearBias: false,
  tiedEmbeddings: true,
  blockNorms: 4,
};
const windowed: Architecture = { ...gemma2, slidingWindow: { window: 4096, layers: 21 } };

test('keys per query: T on full blocks, min(T, w) on local ones; causally T/2 and w − w²/(2T)', () => {
  assert.equal(keysPerQuery(gemma2), 42 * 8192);
  assert.equal(keysPerQuery(windowed), 21 * 8192 + 21 * 4096);
  assert.equal(causalKeysPerQuery(gemma2), 42 * 4096);
  assert.equal(causalKeysPerQuery(windowed), 21 * 4096 + 21 * (4096 - (4096 * 4096) / (2 * 8192)));
  // A window at least as long as the sequence changes nothing.
  const wide: Architecture = { ...gemma2, slidingWindow: { window: 8192, layers: 42 } };
  assert.equal(keysPerQuery(wide), keysPerQuery(gemma2));
  assert.equal(causalKeysPerQuery(wide), causalKeysPerQuery(gemma2));
});

test('FLOPs: only the attention core changes, by hand in the PaLM and Megatron conventions', () => {
  const c = countParams(windowed);
  assert.deepEqual(c, countParams(gemma2), 'parameters do not depend on the window');
  const width = attentionCoreWidth(gemma2);
  assert.equal(flopsPerToken(gemma2, c, 'palm') - flopsPerToken(windowed, c, 'palm'), 12 * width * 21 * (8192 - 4096));
  assert.equal(flopsPerToken(gemma2, c, 'megatron') - flopsPerToken(windowed, c, 'megatron'), 3 * 4 * width * 21 * (4096 - 3072));
  assert.equal(flopsPerToken(gemma2, c, '6N'), flopsPerToken(windowed, c, '6N'));
  // The throughput model's attention work is the Megatron convention's core.
  assert.equal(attentionCoreFlops(gemma2, 8192) - attentionCoreFlops(windowed, 8192), 12 * width * 21 * (4096 - 3072));
});

test('property: a smaller window or more local blocks never adds FLOPs, in any convention', () => {
  const conventions: FlopConvention[] = ['6N', 'palm', 'kaplan', 'chinchilla', 'megatron'];
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 20_000 }), fc.integer({ min: 1, max: 20_000 }), fc.integer({ min: 0, max: 42 }), (w1, w2, layers) => {
      const [small, large] = w1 <= w2 ? [w1, w2] : [w2, w1];
      const a = (window: number, n: number): Architecture => ({ ...gemma2, slidingWindow: { window, layers: n } });
      const c = countParams(gemma2);
      for (const conv of conventions) {
        assert.ok(flopsPerToken(a(small, layers), c, conv) <= flopsPerToken(a(large, layers), c, conv) + 1e-6, conv);
        assert.ok(flopsPerToken(a(small, Math.min(42, layers + 1)), c, conv) <= flopsPerToken(a(small, layers), c, conv) + 1e-6, conv);
        assert.ok(flopsPerToken(a(small, layers), c, conv) <= flopsPerToken(gemma2, c, conv) + 1e-6, conv);
      }
    }),
    { numRuns: 200 },
  );
});

test('an impossible window is reported, not counted', () => {
  assert.ok(validateArchitecture({ ...gemma2, slidingWindow: { window: 0, layers: 1 } }).some((p) => p.field === 'slidingWindow.window'));
  assert.ok(validateArchitecture({ ...gemma2, slidingWindow: { window: 4096, layers: 43 } }).some((p) => p.field === 'slidingWindow.layers'));
});

const read = (config: Record<string, unknown>) => {
  const r = hfConfigReader.read(JSON.stringify(config), 'config.json', {});
  return r.plan.architecture?.value.slidingWindow;
};
const base = {
  num_hidden_layers: 42,
  hidden_size: 3584,
  num_attention_heads: 16,
  num_key_value_heads: 8,
  head_dim: 256,
  intermediate_size: 14336,
  vocab_size: 256000,
};

test('config.json: which blocks use the window, as transformers decides it', () => {
  // Gemma2Config: layer i local when (i + 1) % 2 ≠ 0, so 21 of 42.
  assert.deepEqual(read({ ...base, model_type: 'gemma2', sliding_window: 4096 }), { window: 4096, layers: 21 });
  // Gemma3TextConfig: sliding_window_pattern 6 → 5 in 6 local: 34 blocks, 5 global → 29 local.
  assert.deepEqual(read({ ...base, model_type: 'gemma3_text', num_hidden_layers: 34, sliding_window: 1024, sliding_window_pattern: 6 }), {
    window: 1024,
    layers: 29,
  });
  // layer_types, where given, says it per block (gpt-oss, OLMo 3, newer configs of every family).
  const types = Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? 'sliding_attention' : 'full_attention'));
  assert.deepEqual(read({ ...base, model_type: 'llama', num_hidden_layers: 24, sliding_window: 128, layer_types: types }), { window: 128, layers: 12 });
  // Mistral: every block.
  assert.deepEqual(read({ ...base, model_type: 'mistral', num_hidden_layers: 32, sliding_window: 4096 }), { window: 4096, layers: 32 });
  // Qwen2: only with use_sliding_window, from max_window_layers on.
  assert.deepEqual(read({ ...base, model_type: 'qwen2', num_hidden_layers: 28, sliding_window: 4096, use_sliding_window: true, max_window_layers: 21 }), {
    window: 4096,
    layers: 7,
  });
  assert.equal(
    read({ ...base, model_type: 'qwen2', num_hidden_layers: 28, sliding_window: 4096, use_sliding_window: false, max_window_layers: 21 }),
    undefined,
  );
  // No stated window, no window: a class default is not assumed.
  assert.equal(read({ ...base, model_type: 'gemma2' }), undefined);
  // A family without a rule and without layer_types keeps full attention.
  assert.equal(read({ ...base, model_type: 'llama', sliding_window: 4096 }), undefined);
});

test('real config.json files: Qwen2.5-0.5B (use_sliding_window false) and Mixtral (sliding_window null) keep full attention', () => {
  for (const name of ['qwen2.5-0.5b', 'mixtral']) {
    const text = readFileSync(join(__dirname, '..', 'fixtures', 'hf-config', name, 'config.json'), 'utf8');
    const r = hfConfigReader.read(text, 'config.json', {});
    assert.ok(r.plan.architecture, name);
    assert.equal(r.plan.architecture.value.slidingWindow, undefined, name);
  }
});

test('registry rows carry the windows of their Hub configs (litgpt and MaxText tables): Gemma 2/3, gpt-oss', () => {
  const windowOf = (id: string) => {
    const entry = findHfModel(id);
    assert.ok(entry, id);
    const b = new PlanBuilder('hf-config', 'test', '', {}, false);
    const parts = hfArchitectureParts(b, registryLookup(entry.config), 'default', entry.id);
    return parts.slidingWindow?.value;
  };
  assert.deepEqual(windowOf('google/gemma-2-9b'), { window: 4096, layers: 21 });
  // litgpt sliding_window_indices: [0 if (i + 1) % 6 == 0 else 1 for i in range(62)] → 52 local.
  assert.deepEqual(windowOf('google/gemma-3-27b-pt'), { window: 1024, layers: 52 });
  assert.deepEqual(windowOf('google/gemma-3-1b-pt'), { window: 512, layers: 22 });
  // MaxText gpt-oss-120b.yml: sliding_window_size 128, inhomogeneous_layer_cycle_interval 2 over 36 layers.
  assert.deepEqual(windowOf('openai/gpt-oss-120b'), { window: 128, layers: 18 });
  // Gemma 1 has no window.
  assert.equal(windowOf('google/gemma-2b'), undefined);
});
