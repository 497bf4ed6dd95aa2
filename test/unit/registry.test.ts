// The bundled model tables: every entry with a published total must count to it exactly
// through the same mapping the readers use, ids and aliases must resolve (and not collide),
// and unknown ids must say what to do instead of guessing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HF_MODELS, findHfModel, findHfModelByRepoName } from '../../src/configs/registry/hf';
import { LITGPT_MODELS, findLitgptModel } from '../../src/configs/registry/litgpt';
import { TOKENIZERS, findTokenizer } from '../../src/configs/registry/tokenizers';
import { hfArchitectureParts, hfModelContextLength, hfModelParts, registryLookup } from '../../src/configs/shared/hfArchitecture';
import { litgptArchitectureParts, litgptRegistryLookup } from '../../src/configs/shared/litgptArchitecture';
import { PlanBuilder } from '../../src/configs/shared/builder';
import { countParams } from '../../src/core/model';
import { analyze } from '../../src/configs/analyze';
import type { Architecture } from '../../src/core/architecture';

const builder = () => new PlanBuilder('hf-config', 'test', '', {}, false);

/** An HF registry entry through hfArchitectureParts, with a sequence length filled in. */
function hfArchitecture(id: string): { arch: Architecture | null; b: PlanBuilder } {
  const b = builder();
  const entry = findHfModel(id);
  assert.ok(entry, `${id} is in the registry`);
  const parts = hfArchitectureParts(b, registryLookup(entry.config), 'default', entry.id);
  parts.seqLen = b.trace(2048, 'assumed', 'test');
  const a = b.architecture(parts);
  return { arch: a?.value ?? null, b };
}

test('every Hugging Face entry with a published total counts to it exactly', () => {
  const withTotals = HF_MODELS.filter((m) => m.publishedParams !== undefined);
  assert.ok(withTotals.length >= 25, `${withTotals.length} entries with published totals`);
  for (const m of withTotals) {
    const { arch, b } = hfArchitecture(m.id);
    assert.ok(arch, `${m.id} builds an architecture (${b.problems.map((p) => p.message).join('; ')})`);
    assert.equal(countParams(arch).total, m.publishedParams, `${m.id} total`);
    assert.deepEqual(
      b.problems.filter((p) => p.severity !== 'info'),
      [],
      `${m.id} has no problems`,
    );
  }
});

test('every Hugging Face entry builds a countable architecture with finite counts', () => {
  for (const m of HF_MODELS) {
    const { arch, b } = hfArchitecture(m.id);
    assert.ok(arch, m.id);
    assert.deepEqual(
      b.problems.filter((p) => p.severity !== 'info').map((p) => p.message),
      [],
      `${m.id} reads without warnings`,
    );
    const c = countParams(arch);
    assert.ok(Number.isSafeInteger(c.total) && c.total > 0, `${m.id} total ${c.total}`);
    assert.ok(c.active <= c.total && c.active > 0, `${m.id} active`);
  }
});

test('published cross-checks the registry does not store as totals', () => {
  const total = (id: string) => countParams(hfArchitecture(id).arch!).total;
  // Mixtral 8x7B: 12,879,925,248 active (docs/published-runs.md#exact-parameter-counts).
  assert.equal(countParams(hfArchitecture('mistralai/Mixtral-8x7B-v0.1').arch!).active, 12_879_925_248);
  // Llama 3.1 70B has the tensors of Llama 3 70B.
  assert.equal(total('meta-llama/Llama-3.1-70B'), 70_553_706_496);
  // SmolLM2-135M has SmolLM-135M's shapes; OLMo 1B's computed count (docs/configs.md#reference-configs, case 14).
  assert.equal(total('HuggingFaceTB/SmolLM2-135M'), 134_515_008);
  assert.equal(total('allenai/OLMo-1B-hf'), 1_176_764_416);
  // Non-embedding counts published with the Pythia and GPT-2 totals.
  assert.equal(countParams(hfArchitecture('EleutherAI/pythia-410m').arch!).nonEmbedding, 302_311_424);
  assert.equal(countParams(hfArchitecture('gpt2').arch!).nonEmbedding, 85_056_000);
});

test('model-type conventions reach the architecture', () => {
  const gemma = hfArchitecture('google/gemma-7b').arch!;
  assert.equal(gemma.headDim, 256);
  assert.equal(gemma.tiedEmbeddings, true);
  assert.equal(gemma.mlp, 'glu');
  const qwen = hfArchitecture('Qwen/Qwen2.5-7B').arch!;
  assert.equal(qwen.qkvBias, true);
  assert.equal(qwen.linearBias, false);
  assert.equal(hfArchitecture('Qwen/Qwen3-8B').arch!.qkNorm, 'per-head');
  assert.equal(hfArchitecture('allenai/OLMo-2-1124-7B').arch!.qkNorm, 'full');
  assert.equal(hfArchitecture('allenai/OLMo-7B-hf').arch!.norm, 'nonparametric');
  const gpt2 = hfArchitecture('gpt2-xl').arch!;
  assert.equal(gpt2.positions, 'learned');
  assert.equal(gpt2.maxPositions, 1024);
  assert.equal(gpt2.ffn, 6400);
  assert.equal(gpt2.linearBias, true);
  const pythia = hfArchitecture('EleutherAI/pythia-12b').arch!;
  assert.equal(pythia.vocab, 50688);
  assert.equal(pythia.tiedEmbeddings, false);
  const moe = hfArchitecture('Qwen/Qwen3-30B-A3B').arch!;
  assert.deepEqual(moe.moe, { experts: 128, topK: 8, expertFfn: 768, sharedExperts: 0, denseLayers: 0 });
});

test('ids resolve case-insensitively, through aliases, mirrors and checkpoint paths', () => {
  assert.equal(findHfModel('NousResearch/Meta-Llama-3.1-8B')?.id, 'meta-llama/Llama-3.1-8B');
  assert.equal(findHfModel('meta-llama/Meta-Llama-3-8B-Instruct')?.id, 'meta-llama/Meta-Llama-3-8B');
  assert.equal(findHfModel('META-LLAMA/llama-2-7b-HF')?.id, 'meta-llama/Llama-2-7b-hf');
  assert.equal(findHfModel('checkpoints/TinyLlama/TinyLlama-1.1B-Chat-v1.0/')?.id, 'TinyLlama/TinyLlama-1.1B-intermediate-step-1431k-3T');
  assert.equal(findHfModel('https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct')?.id, 'Qwen/Qwen2.5-0.5B');
  assert.equal(findHfModel('gpt2')?.id, 'openai-community/gpt2');
  assert.equal(findHfModel('EleutherAI/pythia-1b-deduped')?.id, 'EleutherAI/pythia-1b');
  assert.equal(findHfModel('someone/unknown-model'), undefined);
});

test('no id or alias names two different entries', () => {
  const seen = new Map<string, string>();
  for (const m of HF_MODELS) {
    for (const name of [m.id, ...(m.aliases ?? [])]) {
      const key = name.toLowerCase();
      assert.ok(!seen.has(key) || seen.get(key) === m.id, `${name} is listed by ${seen.get(key)} and ${m.id}`);
      seen.set(key, m.id);
    }
    assert.ok(m.source.length > 0, `${m.id} cites a source`);
  }
  const names = new Set<string>();
  for (const m of LITGPT_MODELS) {
    assert.ok(!names.has(m.name), `litgpt name ${m.name} is unique`);
    names.add(m.name);
  }
});

test('hfModelParts: unknown ids give an unknown-model problem at the id and no architecture', () => {
  const b = builder();
  const range = { startLine: 3, startCol: 12, endLine: 3, endCol: 30 };
  assert.equal(hfModelParts(b, 'my-org/private-model', range), null);
  const p = b.problems.find((x) => x.code === 'unknown-model');
  assert.ok(p);
  assert.deepEqual(p.range, range);
  assert.match(p.message, /config\.json/);
  assert.match(p.message, /my-org\/private-model/);
});

test('hfModelParts leaves the sequence length to the caller and exposes the context length', () => {
  const b = builder();
  const parts = hfModelParts(b, 'meta-llama/Meta-Llama-3-8B', null)!;
  assert.equal(parts.seqLen, undefined);
  assert.equal(parts.layers?.origin, 'default');
  assert.equal(parts.layers?.value, 32);
  assert.equal(hfModelContextLength('meta-llama/Meta-Llama-3-8B'), 8192);
  assert.equal(hfModelContextLength('gpt2'), 1024);
  assert.equal(hfModelContextLength('nobody/nothing'), undefined);
});

test('every litgpt entry with a published total counts to it exactly (litgpt builds an untied head)', () => {
  const withTotals = LITGPT_MODELS.filter((m) => m.publishedParams !== undefined);
  assert.ok(withTotals.length >= 15, `${withTotals.length} litgpt entries with totals`);
  for (const m of LITGPT_MODELS) {
    const b = new PlanBuilder('litgpt', 'litgpt', '', {});
    const r = litgptArchitectureParts(b, litgptRegistryLookup(m), 'default', m.name);
    assert.ok(r, `${m.name}: ${b.problems.map((p) => p.message).join('; ')}`);
    const a = b.architecture({ ...r.parts, seqLen: r.blockSize!, tiedEmbeddings: b.trace(false, 'default', 'test') });
    assert.ok(a, `${m.name} builds (${b.problems.map((p) => p.message).join('; ')})`);
    const total = countParams(a.value).total;
    if (m.publishedParams !== undefined) assert.equal(total, m.publishedParams, `${m.name} total`);
    // Untied models count the same through the HF table where both list them.
    const hf = findHfModel(m.hf);
    if (hf?.publishedParams !== undefined && hf.config.tie_word_embeddings === false) assert.equal(total, hf.publishedParams, `${m.name} = ${hf.id}`);
  }
});

test('litgpt names resolve like Config.from_name and from_checkpoint', () => {
  assert.equal(findLitgptModel('tiny-llama-1.1b')?.hf, 'TinyLlama/TinyLlama-1.1B-intermediate-step-1431k-3T');
  assert.equal(findLitgptModel('Meta-Llama-3-8B')?.name, 'Llama-3-8B');
  assert.equal(findLitgptModel('meta-llama/Meta-Llama-3-8B-Instruct')?.name, 'Llama-3-8B-Instruct');
  assert.equal(findLitgptModel('checkpoints/meta-llama/Llama-2-7b-hf')?.name, 'Llama-2-7b-hf');
  assert.equal(findLitgptModel('pythia-160m-deduped')?.config.n_layer, 12);
  assert.equal(findLitgptModel('stories15M'), undefined);
});

test('litgpt registry: vocab padding, OLMo weightless norms, Qwen biases, MoE', () => {
  const arch = (name: string) => {
    const b = new PlanBuilder('litgpt', 'litgpt', '', {});
    const r = litgptArchitectureParts(b, litgptRegistryLookup(findLitgptModel(name)!), 'default', name)!;
    return b.architecture({ ...r.parts, seqLen: r.blockSize!, tiedEmbeddings: b.trace(false, 'default', 'test') })!.value;
  };
  assert.equal(arch('pythia-70m').vocab, 50304);
  assert.equal(arch('pythia-6.9b').vocab, 50432);
  assert.equal(arch('pythia-12b').vocab, 50688);
  assert.equal(arch('OLMo-7B-hf').norm, 'nonparametric');
  assert.equal(arch('Qwen2.5-7B').qkvBias, true);
  assert.equal(arch('OLMo-2-1124-7B').qkNorm, 'full');
  assert.equal(arch('Qwen3-8B').qkNorm, 'per-head');
  assert.deepEqual(arch('Mixtral-8x7B-v0.1').moe, { experts: 8, topK: 2, expertFfn: 14336, sharedExperts: 0, denseLayers: 0 });
  assert.equal(countParams(arch('Qwen3-30B-A3B')).total, countParams(hfArchitecture('Qwen/Qwen3-30B-A3B').arch!).total);
  // Every key a Config default: 16 layers × (LayerNorms 4·4096 + qkv 3·4096² + biases + proj
  // 4096² + bias + GptNeoxMLP 8·4096² + 4·4096 + 4096) + final LayerNorm + vocab 50254 padded
  // to 512 = 50688, embedding and untied head.
  const perLayer = 4 * 4096 + (3 * 4096 * 4096 + 3 * 4096) + (4096 * 4096 + 4096) + (8 * 4096 * 4096 + 4 * 4096 + 4096);
  assert.equal(countParams(arch('stablelm-base-alpha-3b')).total, 16 * perLayer + 2 * 4096 + 2 * 50688 * 4096);
  assert.equal(countParams(arch('stablelm-base-alpha-3b')).total, 3_637_321_728);
});

test('tokenizers: known vocabularies, cited, embedding rows never below the vocabulary', () => {
  for (const t of TOKENIZERS) {
    assert.ok(Number.isInteger(t.vocab) && t.vocab > 0, t.id);
    assert.ok((t.embedding ?? t.vocab) >= t.vocab, t.id);
    assert.ok(t.source.length > 0, t.id);
  }
  assert.equal(findTokenizer('gpt2')?.vocab, 50257);
  assert.equal(findTokenizer('EleutherAI/gpt-neox-20b')?.vocab, 50277);
  assert.equal(findTokenizer('EleutherAI/pythia-410m')?.embedding, 50304);
  assert.equal(findTokenizer('checkpoints/meta-llama/Llama-2-7b-hf')?.vocab, 32000);
  assert.equal(findTokenizer('meta-llama/Llama-3.2-1B')?.vocab, 128256);
  assert.equal(findTokenizer('mistralai/Mistral-7B-v0.1')?.vocab, 32000);
  assert.equal(findTokenizer('Qwen/Qwen2.5-0.5B')?.vocab, 151643);
  assert.equal(findTokenizer('Qwen/Qwen2.5-0.5B')?.embedding, 151936);
  assert.equal(findTokenizer('allenai/dolma2-tokenizer')?.vocab, 100278);
  assert.equal(findTokenizer('HuggingFaceTB/cosmo2-tokenizer')?.vocab, 49152);
  assert.equal(findTokenizer('no/such-tokenizer'), undefined);
  // Registry embeddings agree with the tokenizer table where both list a model.
  for (const id of ['EleutherAI/pythia-410m', 'HuggingFaceTB/SmolLM-135M', 'meta-llama/Llama-2-7b-hf', 'Qwen/Qwen2.5-0.5B']) {
    const t = findTokenizer(id)!;
    assert.equal(findHfModel(id)!.config.vocab_size, t.embedding ?? t.vocab, id);
  }
});

test('the Hugging Face table covers the families users name, each row cited', () => {
  assert.ok(HF_MODELS.length >= 100, `${HF_MODELS.length} rows`);
  const ids = HF_MODELS.reduce((n, m) => n + 1 + (m.aliases?.length ?? 0), 0);
  assert.ok(ids >= 250, `${ids} ids and aliases`);
  const typeOf = (m: (typeof HF_MODELS)[number]) => {
    const tc = m.config.text_config as { model_type?: string } | undefined;
    return tc?.model_type ?? (m.config.model_type as string);
  };
  const types = new Set(HF_MODELS.map(typeOf));
  for (const t of [
    'llama',
    'llama4_text',
    'mistral',
    'mixtral',
    'qwen2',
    'qwen2_moe',
    'qwen3',
    'qwen3_moe',
    'gemma',
    'gemma2',
    'gemma3_text',
    'phi',
    'phi3',
    'deepseek_v2',
    'deepseek_v3',
    'kimi_k2',
    'gpt_oss',
    'falcon',
    'opt',
    'gpt_neo',
    'gptj',
    'bloom',
    'stablelm',
    'olmo',
    'olmo2',
    'olmo3',
    'smollm3',
    'gpt2',
    'gpt_neox',
  ]) {
    assert.ok(types.has(t), `a ${t} row`);
  }
  for (const m of HF_MODELS) {
    // Every row names where its keys come from: a repository at a commit, or a project reference note.
    assert.match(m.source, /@[0-9a-f]{7,}|docs\/(published-runs|configs)\.md|HF config\.json|model card|paper|Qwen3 release table/, `${m.id} cites a source`);
    if (m.publishedParams !== undefined)
      assert.match(
        `${m.publishedSource ?? ''} ${m.source}`,
        /total|keras-hub|docs\/(published-runs|configs)\.md|same tensors/,
        `${m.id} cites its published total`,
      );
  }
});

test('published figures that differ from the Hub total say by how much, and the difference is exact', () => {
  const total = (id: string) => countParams(hfArchitecture(id).arch!).total;
  // keras-hub opt presets allocate 2048 position rows; OPTLearnedPositionalEmbedding allocates 2050.
  assert.equal(total('facebook/opt-125m') - 125_237_760, 2 * 768);
  assert.equal(total('facebook/opt-1.3b') - 1_315_753_984, 2 * 2048);
  // keras-hub gemma3_*_text presets use 262,144 embedding rows; the Hub text_config 262,208.
  assert.equal(total('google/gemma-3-12b-it') - 11_765_788_416, 64 * 3840);
  assert.equal(total('google/gemma-3-27b-it') - 27_009_002_240, 64 * 5376);
  // keras-hub llama3.2_1b unties the head: 1,498,482,688 = Hub total + 128,256 × 2048.
  assert.equal(1_498_482_688 - total('meta-llama/Llama-3.2-1B'), 128_256 * 2048);
  // keras-hub smollm3_3b_en lists 2,304 more than the Hub safetensors total (docs/published-runs.md#exact-parameter-counts).
  assert.equal(3_075_100_928 - total('HuggingFaceTB/SmolLM3-3B'), 2304);
  for (const id of ['facebook/opt-125m', 'google/gemma-3-12b-pt', 'meta-llama/Llama-3.2-1B', 'HuggingFaceTB/SmolLM3-3B', 'EleutherAI/gpt-j-6b']) {
    assert.ok(findHfModel(id)?.note, `${id} explains its published figure`);
  }
});

test('registry lookups are a Map probe: 100,000 lookups well under a keystroke budget', () => {
  const names = HF_MODELS.flatMap((m) => [m.id, ...(m.aliases ?? [])]);
  const start = performance.now();
  let found = 0;
  for (let i = 0; i < 100_000; i++) if (findHfModel(names[i % names.length]!)) found++;
  const ms = performance.now() - start;
  assert.equal(found, 100_000);
  // ≈ 1 µs a lookup (normalising the id dominates); a scan of ~300 names per lookup would be far slower.
  assert.ok(ms < 1000, `${ms.toFixed(0)} ms`);
});

// Its speed (< 2 ms read + estimate) is measured by `npm run bench` on test/fixtures/hf-config/deepseek-v3,
// not timed here: a busy test machine must not fail the suite.
test('a DeepSeek-V3 config.json written inline: read and estimated again and again, the same exact count', () => {
  const text = JSON.stringify(
    {
      model_type: 'deepseek_v3',
      hidden_size: 7168,
      intermediate_size: 18432,
      num_hidden_layers: 61,
      num_attention_heads: 128,
      num_key_value_heads: 128,
      vocab_size: 129280,
      q_lora_rank: 1536,
      kv_lora_rank: 512,
      qk_nope_head_dim: 128,
      qk_rope_head_dim: 64,
      v_head_dim: 128,
      n_routed_experts: 256,
      n_shared_experts: 1,
      num_experts_per_tok: 8,
      moe_intermediate_size: 2048,
      first_k_dense_replace: 3,
      max_position_embeddings: 163840,
    },
    null,
    2,
  );
  const once = () => analyze(text, 'config.json');
  const first = once();
  assert.ok(first.ok);
  assert.equal(first.estimate.params.total, 671_026_419_200);
  // Nothing cached between reads changes the count.
  for (let i = 0; i < 20; i++) {
    const again = once();
    assert.ok(again.ok);
    assert.equal(again.estimate.params.total, 671_026_419_200);
  }
});

test('MPT (model_type mpt): mosaicml/mpt-7b counted from its config.json shapes', () => {
  const { arch } = hfArchitecture('mosaicml/mpt-7b');
  assert.ok(arch);
  assert.equal(arch.positions, 'alibi');
  assert.equal(arch.ffn, 4 * 4096);
  assert.equal(arch.linearBias, false);
  // modeling_mpt.py with no_bias: tied wte 50432·4096 = 206,569,472; per block Wqkv 3d² + out_proj d²
  // + up/down 2·4d² = 12d² = 201,326,592 plus two weight-only LayerNorms 2d = 8,192; 32 blocks =
  // 6,442,713,088; norm_f d = 4,096. Total 6,649,286,656 (the card's "6.7B").
  assert.equal(countParams(arch).total, 6_649_286_656);
  // Without no_bias and ALiBi: biases on every linear layer and norm, a learned table of max_seq_len rows.
  const b = builder();
  const parts = hfArchitectureParts(
    b,
    registryLookup({ model_type: 'mpt', n_layers: 2, d_model: 64, n_heads: 4, expansion_ratio: 4, max_seq_len: 128, vocab_size: 1000 }),
    'default',
    'test',
  );
  parts.seqLen = b.trace(128, 'assumed', 'test');
  const small = b.architecture(parts)!.value;
  // wte 64,000 + wpe 128·64 = 8,192 + 2·(12·64² + 4·64 [qkv, out] ... ) counted by hand:
  // per block Wqkv 3·64²+3·64 = 12,480, out 64²+64 = 4,160, up 64·256+256 = 16,640, down 256·64+64 = 16,448,
  // 2 LayerNorms 4·64 = 256 -> 49,984; 2 blocks 99,968; norm_f 128. Total 64,000 + 8,192 + 99,968 + 128 = 172,288.
  assert.equal(countParams(small).total, 172_288);
});

test('a re-upload under another owner with the same repository name is found, once and only when unique', () => {
  // axolotl-ai-cloud/axolotl@067b021c examples name mistral-community/Mixtral-8x22B-v0.1 and mhenrichsen/gemma-7b.
  assert.equal(findHfModelByRepoName('mistral-community/Mixtral-8x22B-v0.1')?.id, 'mistralai/Mixtral-8x22B-v0.1');
  assert.equal(findHfModelByRepoName('mhenrichsen/gemma-7b')?.id, 'google/gemma-7b');
  // Not for a bare name, nor for a name no entry has.
  assert.equal(findHfModelByRepoName('gemma-7b'), undefined);
  assert.equal(findHfModelByRepoName('someone/gemma-7b-bnb-4bit'), undefined);
  // Every repository name kept maps to one entry only.
  const owners = new Map<string, Set<string>>();
  for (const m of HF_MODELS)
    for (const n of [m.id, ...(m.aliases ?? [])]) {
      const repo = n.toLowerCase().split('/').pop()!;
      owners.set(repo, (owners.get(repo) ?? new Set()).add(m.id));
    }
  for (const [repo, ids] of owners) if (ids.size > 1) assert.equal(findHfModelByRepoName(`x/${repo}`), undefined, repo);
});
