// Every architecture feature the Hugging Face table needs, counted exactly. Each expected total
// is written out from the module layout of the transformers modelling file named in the test
// (weights and biases per nn.Linear / nn.LayerNorm / nn.Parameter), independently of
// src/core/model.ts; where a total is also published, the test says where.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findHfModel } from '../../src/configs/registry/hf';
import { hfArchitectureParts, registryLookup } from '../../src/configs/shared/hfArchitecture';
import { hfConfigReader } from '../../src/configs/readers/hfConfig';
import { PlanBuilder } from '../../src/configs/shared/builder';
import { countParams, type ParamCounts } from '../../src/core/model';
import { validateArchitecture, type Architecture } from '../../src/core/architecture';

/** A registry row through the same mapping the readers use. */
function arch(id: string): { a: Architecture; b: PlanBuilder } {
  const entry = findHfModel(id);
  assert.ok(entry, `${id} is in the registry`);
  const b = new PlanBuilder('hf-config', 'test', '', {}, false);
  const parts = hfArchitectureParts(b, registryLookup(entry.config), 'default', entry.id);
  parts.seqLen = b.trace(4096, 'assumed', 'test');
  const a = b.architecture(parts);
  assert.ok(a, `${id}: ${b.problems.map((p) => p.message).join('; ')}`);
  return { a: a.value, b };
}
const count = (id: string): ParamCounts => countParams(arch(id).a);
/** An inline config.json through the config.json reader. */
function read(config: Record<string, unknown>) {
  const r = hfConfigReader.read(JSON.stringify(config), 'config.json', {});
  return { r, counts: r.plan.architecture ? countParams(r.plan.architecture.value) : null };
}

test('DeepSeek-V2-Lite: MLA without query compression (q_lora_rank null), 2 shared experts, first layer dense', () => {
  const d = 2048;
  // DeepseekV2Attention with q_lora_rank None: q_proj d×16·(128+64); kv_a_proj_with_mqa d×(512+64); kv_a_layernorm 512;
  // kv_b_proj 512×16·(128+128); o_proj 16·128×d.
  const attention = d * 16 * 192 + d * 576 + 512 + 512 * 16 * 256 + 16 * 128 * d;
  const expert = 3 * d * 1408;
  // 26 MoE layers of 64 routed + 2 shared experts and a 64×d gate without bias (topk_method greedy).
  const total = 27 * (attention + 2 * d) + 3 * d * 10944 + 26 * (64 * expert + 2 * expert + 64 * d) + d + 2 * 102400 * d;
  const c = count('deepseek-ai/DeepSeek-V2-Lite-Chat');
  assert.equal(c.total, total);
  assert.equal(total, 15_706_484_224); // "15.7B" on the DeepSeek-V2-Lite model card
  assert.equal(c.active, total - 26 * 58 * expert);
  assert.equal(arch('deepseek-ai/DeepSeek-V2-Lite').a.moe?.routerBias, undefined);
});

test('DeepSeek-V3 / R1 and Kimi K2: MLA with q_lora_rank, e_score_correction_bias, MTP layers not counted', () => {
  const { a, b } = arch('deepseek-ai/DeepSeek-R1');
  assert.equal(countParams(a).total, 671_026_419_200); // DeepSeek-V3 paper: 671B total (the hand formula is in readers-hf.test.ts)
  assert.equal(countParams(a).active, 37_552_297_472); // paper: 37B activated
  assert.match(b.problems.find((p) => p.code === 'not-counted')?.message ?? '', /1 multi-token-prediction layer/);
  const d = 7168;
  const attention = d * 1536 + 1536 + 1536 * 64 * 192 + d * 576 + 512 + 512 * 64 * 256 + 64 * 128 * d;
  const expert = 3 * d * 2048;
  // Kimi K2: 64 heads, 384 routed experts + 1 shared, one dense first layer, 163,840-token vocabulary.
  const total = 61 * (attention + 2 * d) + 3 * d * 18432 + 60 * (384 * expert + expert + 384 * d + 384) + d + 2 * 163840 * d;
  assert.equal(count('moonshotai/Kimi-K2-Instruct').total, total);
  assert.equal(total, 1_026_408_232_448); // "1T total" (Kimi K2 model card)
  assert.equal(count('moonshotai/Kimi-K2-Instruct').active, total - 60 * 376 * expert); // "32B activated"
});

test('gpt-oss: sinks, q/k/v/o biases, router bias and expert biases reproduce the published totals', () => {
  const d = 2880;
  const h = 64;
  const kv = 8;
  const hd = 64;
  // GptOssAttention: q/k/v/o with biases and `sinks` (one per head); GptOssTopKRouter d×E + E; GptOssExperts:
  // gate_up_proj E×d×2F + E×2F, down_proj E×F×d + E×d (F = 2880); two RMSNorms per layer.
  const attention = d * h * hd + h * hd + 2 * (d * kv * hd + kv * hd) + h * hd * d + d + h;
  const expert = d * 2 * 2880 + 2 * 2880 + 2880 * d + d;
  const layer = (experts: number) => attention + experts * expert + d * experts + experts + 2 * d;
  const total20 = 24 * layer(32) + d + 2 * 201088 * d;
  const total120 = 36 * layer(128) + d + 2 * 201088 * d;
  assert.equal(count('openai/gpt-oss-20b').total, total20);
  assert.equal(count('openai/gpt-oss-120b').total, total120);
  // keras-hub gpt_oss presets: 20,914,757,184 and 116,829,156,672 (model card: 21B and 117B).
  assert.equal(total20, 20_914_757_184);
  assert.equal(total120, 116_829_156_672);
  assert.equal(count('openai/gpt-oss-120b').active, total120 - 36 * 124 * expert);
  // The gpt-oss model card's "3.6B / 5.1B active" leave out the embedding lookup (the unembedding stays in):
  assert.equal(count('openai/gpt-oss-20b').active - 201088 * d, 3_608_307_264);
  assert.equal(count('openai/gpt-oss-120b').active - 201088 * d, 5_132_849_472);
  const a = arch('openai/gpt-oss-20b').a;
  assert.equal(a.attentionSinks, true);
  assert.equal(a.linearBias, true);
  assert.equal(a.moe?.routerBias, true);
});

test('Gemma 2 and 3: four norms per block, Gemma 3 per-head q/k norms, tied heads', () => {
  // Gemma2DecoderLayer: input, post_attention, pre_feedforward, post_feedforward RMSNorm (d each).
  const g2 = (L: number, d: number, h: number, kv: number, hd: number, F: number) =>
    L * (2 * d * h * hd + 2 * d * kv * hd + 3 * d * F + 4 * d) + d + 256000 * d;
  assert.equal(count('google/gemma-2-2b-it').total, g2(26, 2304, 8, 4, 256, 9216));
  assert.equal(count('google/gemma-2-27b').total, g2(46, 4608, 32, 16, 128, 36864));
  // Gemma3 text adds q_norm and k_norm RMSNorm(head_dim).
  const g3 = (L: number, d: number, h: number, kv: number, hd: number, F: number, V: number) =>
    L * (2 * d * h * hd + 2 * d * kv * hd + 2 * hd + 3 * d * F + 4 * d) + d + V * d;
  assert.equal(count('google/gemma-3-1b-it').total, g3(26, 1152, 4, 1, 256, 6912, 262144));
  // 4B (multimodal; text_config only): keras-hub gemma3_4b_text 3,880,099,328 has 262,144 rows, the Hub 262,208.
  const g34 = g3(34, 2560, 8, 4, 256, 10240, 262208);
  assert.equal(count('google/gemma-3-4b-it').total, g34);
  assert.equal(g34, 3_880_099_328 + 64 * 2560);
  assert.equal(arch('google/gemma-3-4b-it').a.tiedEmbeddings, true);
});

test('Gemma 3 multimodal config.json without a text model_type: counted as gemma3_text, vision not counted', () => {
  const { r, counts } = read({
    architectures: ['Gemma3ForConditionalGeneration'],
    model_type: 'gemma3',
    text_config: {
      hidden_size: 2560,
      intermediate_size: 10240,
      num_attention_heads: 8,
      num_hidden_layers: 34,
      num_key_value_heads: 4,
      head_dim: 256,
      vocab_size: 262208,
    },
    vision_config: { hidden_size: 1152, num_hidden_layers: 27 },
  });
  assert.equal(counts?.total, count('google/gemma-3-4b-pt').total);
  assert.ok(r.problems.some((p) => p.code === 'text-config'));
});

test('Phi-1.5/2: one shared LayerNorm, biases everywhere, biased head; partial rotary adds nothing', () => {
  // PhiDecoderLayer: q/k/v/dense d×d + d, fc1 d×4d + 4d, fc2 4d×d + d, input_layernorm 2d; final_layernorm 2d;
  // untied embed V×d and lm_head V×d + V.
  const phi = (L: number, d: number) => L * (4 * (d * d + d) + 2 * (4 * d * d) + 5 * d + 2 * d) + 2 * d + 2 * 51200 * d + 51200;
  assert.equal(count('microsoft/phi-2').total, phi(32, 2560));
  assert.equal(phi(32, 2560), 2_779_683_840); // "2.7B" (model card); 2,779,683,840 by this layout
  assert.equal(count('microsoft/phi-1_5').total, phi(24, 2048));
  const base = { model_type: 'phi', num_hidden_layers: 2, hidden_size: 64, num_attention_heads: 4, intermediate_size: 256, vocab_size: 100 };
  assert.equal(read({ ...base, partial_rotary_factor: 0.4 }).counts?.total, read({ ...base, partial_rotary_factor: 1 }).counts?.total);
  assert.ok(read({ ...base, qk_layernorm: true }).r.problems.some((p) => p.code === 'unsupported-architecture'));
});

test('Phi-3/4: fused qkv_proj and gate_up_proj count as the split matrices; Phi-4-mini ties its head', () => {
  // Phi3Attention qkv_proj d×(h + 2kv)·hd and Phi3MLP gate_up_proj d×2F: the same weights as separate q/k/v and gate/up.
  const p3 = (L: number, d: number, h: number, kv: number, F: number, V: number, tied: boolean) =>
    L * (d * (h + 2 * kv) * (d / h) + h * (d / h) * d + 3 * d * F + 2 * d) + d + (tied ? 1 : 2) * V * d;
  assert.equal(count('microsoft/Phi-3-mini-4k-instruct').total, p3(32, 3072, 32, 32, 8192, 32064, false));
  assert.equal(count('microsoft/phi-4').total, p3(40, 5120, 40, 10, 17920, 100352, false));
  assert.equal(count('microsoft/Phi-4-mini-instruct').total, p3(32, 3072, 24, 8, 8192, 200064, true));
});

test('Falcon: multi-query with one LayerNorm (7B), GQA with two LayerNorms (40B/180B), biased RW-1B with ALiBi', () => {
  // FalconAttention query_key_value d×(h + 2kv)·hd, dense d×d; FalconMLP d×4d and 4d×d; tied head.
  const falcon = (L: number, d: number, h: number, kv: number, norms: number, V: number) => {
    const hd = d / h;
    return L * (d * (h + 2 * kv) * hd + d * d + 8 * d * d + norms * 2 * d) + 2 * d + V * d;
  };
  assert.equal(count('tiiuae/falcon-7b').total, falcon(32, 4544, 71, 1, 1, 65024));
  assert.equal(count('tiiuae/falcon-40b-instruct').total, falcon(60, 8192, 128, 8, 2, 65024));
  assert.equal(count('tiiuae/falcon-180B').total, falcon(80, 14848, 232, 8, 2, 65024));
  const rw = arch('tiiuae/falcon-rw-1b').a;
  assert.equal(rw.positions, 'alibi');
  assert.equal(rw.blockNorms, 2);
  assert.equal(countParams(rw).total, 1_311_625_216); // keras-hub falcon_refinedweb_1b_en
});

test('OPT: 2 offset position rows, opt-350m projections and no final LayerNorm', () => {
  // OPTDecoder: embed_tokens V×E, embed_positions (2048 + 2)×d, project_in E×d and project_out d×E when E ≠ d,
  // layers of q/k/v/out d×d + d, fc1 d×4d + 4d, fc2 4d×d + d, two LayerNorms; final_layer_norm only with
  // do_layer_norm_before; lm_head tied to embed_tokens.
  const layer = (d: number) => 4 * (d * d + d) + 8 * d * d + 5 * d + 4 * d;
  const opt125 = 12 * layer(768) + 2050 * 768 + 50272 * 768 + 2 * 768;
  assert.equal(count('facebook/opt-125m').total, opt125);
  assert.equal(opt125, 125_237_760 + 2 * 768); // keras-hub opt_125m_en allocates 2048 position rows
  const opt350 = 24 * layer(1024) + 2050 * 1024 + 50272 * 512 + 2 * 512 * 1024;
  assert.equal(count('facebook/opt-350m').total, opt350);
  const a = arch('facebook/opt-350m').a;
  assert.equal(a.embedDim, 512);
  assert.equal(a.finalNorm, false);
  assert.equal(count('facebook/opt-1.3b').total, 1_315_753_984 + 2 * 2048); // keras-hub opt_1.3b_en + 2 rows
});

test('GPT-Neo and GPT-J: biased out_proj only, local attention free; GPT-J card total differs from HF', () => {
  // GPTNeoSelfAttention q/k/v d×d without bias, out_proj d×d + d; GPTNeoMLP c_fc d×4d + 4d, c_proj 4d×d + d;
  // ln_1, ln_2, ln_f (2d each); wte V×d tied, wpe 2048×d.
  const neo = (L: number, d: number) => L * (4 * d * d + d + 8 * d * d + 5 * d + 4 * d) + 2 * d + 50257 * d + 2048 * d;
  assert.equal(count('EleutherAI/gpt-neo-125m').total, neo(12, 768));
  assert.equal(count('EleutherAI/gpt-neo-1.3B').total, neo(24, 2048));
  assert.equal(count('EleutherAI/gpt-neo-2.7B').total, neo(32, 2560));
  // GPTJBlock: ln_1 only (parallel), q/k/v/out d×d unbiased, fc_in d×4d + 4d, fc_out 4d×d + d; ln_f; untied
  // lm_head V×d + V with V = 50400.
  const d = 4096;
  const gptj = 28 * (4 * d * d + 8 * d * d + 5 * d + 2 * d) + 2 * d + 50400 * d + 50400 * d + 50400;
  assert.equal(count('EleutherAI/gpt-j-6b').total, gptj);
  assert.equal(gptj, 6_050_882_784);
  // The model card's 6,053,381,344 counts the Mesh Transformer JAX checkpoint; the registry row says so.
  assert.match(findHfModel('EleutherAI/gpt-j-6B')?.note ?? '', /6,053,381,344/);
});

test('BLOOM: word-embedding LayerNorm, ALiBi, biases everywhere', () => {
  // BloomModel: word_embeddings V×d, word_embeddings_layernorm 2d, blocks (query_key_value d×3d + 3d, dense d×d + d,
  // dense_h_to_4h d×4d + 4d, dense_4h_to_h 4d×d + d, two LayerNorms), ln_f; tied.
  const bloom = (L: number, d: number) => L * (12 * d * d + 9 * d + 4 * d) + 4 * d + 250880 * d;
  assert.equal(count('bigscience/bloom-7b1').total, bloom(30, 4096));
  assert.equal(count('bigscience/bloom').total, bloom(70, 14336));
  assert.equal(bloom(24, 1024), 559_214_592); // keras-hub bloom_560m_multi
  assert.equal(arch('bigscience/bloomz-560m').a.embeddingNorm, true);
});

test('Llama 4: shared expert, MoE every layer (Scout) or every second layer with dense intermediate_size_mlp (Maverick)', () => {
  const d = 5120;
  // Llama4TextAttention q d×40·128, k/v d×8·128, o 40·128×d (no bias; the QK L2 norm has no weight);
  // Llama4TextMoe: router d×E, experts gate_up d×2·8192 and down 8192×d each, shared_expert Llama4TextMLP(8192);
  // dense layers Llama4TextMLP(intermediate_size_mlp 16384).
  const attention = 2 * d * 40 * 128 + 2 * d * 8 * 128;
  const expert = 3 * d * 8192;
  const moeLayer = (E: number) => attention + E * expert + expert + d * E + 2 * d;
  const denseLayer = attention + 3 * d * 16384 + 2 * d;
  const embeddings = 2 * 202048 * d + d;
  assert.equal(count('meta-llama/Llama-4-Scout-17B-16E-Instruct').total, 48 * moeLayer(16) + embeddings);
  assert.equal(count('meta-llama/Llama-4-Scout-17B-16E').active, 48 * moeLayer(16) + embeddings - 48 * 15 * expert); // "17B active"
  assert.equal(count('meta-llama/Llama-4-Maverick-17B-128E').total, 24 * moeLayer(128) + 24 * denseLayer + embeddings);
  assert.equal(count('meta-llama/Llama-4-Maverick-17B-128E').active, 24 * moeLayer(128) + 24 * denseLayer + embeddings - 24 * 127 * expert);
});

test('Qwen3-MoE: decoder_sparse_step and mlp_only_layers leave dense layers of intermediate_size', () => {
  const base = {
    model_type: 'qwen3_moe',
    hidden_size: 64,
    intermediate_size: 256,
    moe_intermediate_size: 32,
    num_hidden_layers: 6,
    num_attention_heads: 4,
    num_key_value_heads: 2,
    head_dim: 16,
    num_experts: 8,
    num_experts_per_tok: 2,
    vocab_size: 100,
    tie_word_embeddings: false,
  };
  const d = 64;
  const attention = d * 64 + 2 * d * 32 + 64 * d + 2 * 16;
  const moe = 8 * 3 * d * 32 + 8 * d;
  const dense = 3 * d * 256;
  const embed = 2 * 100 * d + d;
  // Step 2: layers 1, 3, 5 are MoE; mlp_only_layers [3] makes layer 3 dense too.
  const { counts } = read({ ...base, decoder_sparse_step: 2, mlp_only_layers: [3] });
  assert.equal(counts?.total, 6 * (attention + 2 * d) + 2 * moe + 4 * dense + embed);
});

test('Nemotron: squared-ReLU up/down MLP without a gate, LayerNorm1P with weight and bias', () => {
  // NemotronMLP up_proj d×F, down_proj F×d; NemotronLayerNorm1P weight and bias; partial rotary adds nothing.
  const { counts } = read({
    model_type: 'nemotron',
    hidden_size: 3072,
    intermediate_size: 9216,
    num_hidden_layers: 32,
    num_attention_heads: 24,
    num_key_value_heads: 8,
    head_dim: 128,
    vocab_size: 256000,
    partial_rotary_factor: 0.5,
    tie_word_embeddings: false,
  });
  const d = 3072;
  const attention = 2 * d * 24 * 128 + 2 * d * 8 * 128;
  assert.equal(counts?.total, 32 * (attention + 2 * d * 9216 + 4 * d) + 2 * d + 2 * 256000 * d);
});

test('GLM-4: q/k/v biases only (o_proj and fused gate_up unbiased); GLM-4-0414 adds two post-norms', () => {
  const cfg = {
    hidden_size: 64,
    intermediate_size: 128,
    num_hidden_layers: 2,
    num_attention_heads: 4,
    num_key_value_heads: 2,
    vocab_size: 100,
    attention_bias: true,
    partial_rotary_factor: 0.5,
    tie_word_embeddings: false,
  };
  const d = 64;
  const attention = d * 64 + 2 * d * 32 + 64 + 2 * 32 + 64 * d;
  const body = (norms: number) => 2 * (attention + 3 * d * 128 + norms * d) + d + 2 * 100 * d;
  assert.equal(read({ ...cfg, model_type: 'glm' }).counts?.total, body(2));
  assert.equal(read({ ...cfg, model_type: 'glm4' }).counts?.total, body(4));
});

test('StableLM: LayerNorm with bias, q/k/v bias per use_qkv_bias, parallel residual shares one norm', () => {
  const d = 2560;
  // stablelm-3b-4e1t: q/k/v/o d×d unbiased, gated MLP 3·d·6912, input and post-attention LayerNorms (2d each).
  const total = 32 * (4 * d * d + 3 * d * 6912 + 4 * d) + 2 * d + 2 * 50304 * d;
  assert.equal(count('stabilityai/stable-code-3b').total, total);
  assert.equal(total, 2_795_443_200);
  const small = { model_type: 'stablelm', hidden_size: 64, intermediate_size: 128, num_hidden_layers: 2, num_attention_heads: 4, vocab_size: 100 };
  const plain = read(small).counts!.total;
  assert.equal(read({ ...small, use_qkv_bias: true }).counts!.total - plain, 2 * 3 * 64);
  assert.equal(plain - read({ ...small, use_parallel_residual: true }).counts!.total, 2 * 2 * 64);
  assert.ok(read({ ...small, qk_layernorm: true }).r.problems.some((p) => p.code === 'unsupported-architecture'));
});

test('Granite: the multipliers are scalars and change no count; Granite MoE experts in every layer', () => {
  const llama = {
    hidden_size: 64,
    intermediate_size: 128,
    num_hidden_layers: 2,
    num_attention_heads: 4,
    num_key_value_heads: 2,
    vocab_size: 100,
    tie_word_embeddings: true,
  };
  const granite = read({
    ...llama,
    model_type: 'granite',
    embedding_multiplier: 12,
    attention_multiplier: 0.015625,
    residual_multiplier: 0.22,
    logits_scaling: 8,
  });
  assert.equal(granite.counts?.total, read({ ...llama, model_type: 'llama' }).counts?.total);
  const moe = read({ ...llama, model_type: 'granitemoe', intermediate_size: 32, num_local_experts: 8, num_experts_per_tok: 2 });
  const d = 64;
  assert.equal(moe.counts?.total, 2 * (d * 64 + 2 * d * 32 + 64 * d + 8 * 3 * d * 32 + 8 * d + 2 * d) + d + 100 * d);
  // granite-3.1-1b-a400m: 24 layers, d 1024, 16 heads / 8 kv (head 64), 32 experts of 512 (top 8), tied 49,155 vocab.
  const D = 1024;
  const layer = 2 * D * 1024 + 2 * D * 512 + 32 * 3 * D * 512 + 32 * D + 2 * D;
  const total = 24 * layer + D + 49155 * D;
  assert.equal(count('ibm-granite/granite-3.1-1b-a400m-instruct').total, total);
  assert.equal(count('ibm-granite/granite-3.1-1b-a400m-base').active, total - 24 * 24 * 3 * D * 512); // "a400m": ≈ 0.43B active
});

test('Yi: Llama layout with a 64,000-token untied vocabulary', () => {
  const d = 4096;
  assert.equal(count('01-ai/Yi-6B-Chat').total, 32 * (2 * d * d + 2 * d * 512 + 3 * d * 11008 + 2 * d) + d + 2 * 64000 * d);
});

test('OLMo 3: full-width q/k norms and post-norms like OLMo 2', () => {
  const d = 4096;
  // Olmo3Attention q_norm RMSNorm(h·hd), k_norm RMSNorm(kv·hd); post_attention and post_feedforward norms.
  const total = 32 * (4 * d * d + 2 * d + 3 * d * 11008 + 2 * d) + d + 2 * 100278 * d;
  assert.equal(count('allenai/Olmo-3-7B-Think').total, total);
});

test('architecture validation covers the new fields', () => {
  const base: Architecture = {
    layers: 2,
    dModel: 64,
    heads: 4,
    kvHeads: 4,
    headDim: 16,
    ffn: 128,
    mlp: 'glu',
    vocab: 100,
    seqLen: 128,
    positions: 'rotary',
    norm: 'rmsnorm',
    linearBias: false,
    tiedEmbeddings: false,
  };
  assert.deepEqual(validateArchitecture(base), []);
  assert.equal(validateArchitecture({ ...base, blockNorms: 5 })[0]?.field, 'blockNorms');
  assert.equal(validateArchitecture({ ...base, embedDim: 0 })[0]?.field, 'embedDim');
  const mla = { qLoraRank: 0, kvLoraRank: 0, qkNopeHeadDim: 8, qkRopeHeadDim: 8, vHeadDim: 16 };
  assert.equal(validateArchitecture({ ...base, mla })[0]?.field, 'mla.kvLoraRank');
  assert.equal(validateArchitecture({ ...base, mla: { ...mla, kvLoraRank: 32 }, qkvBias: true })[0]?.field, 'mla');
  // An MLA config.json with a missing rank is a problem, not a guess.
  const { r } = read({
    model_type: 'deepseek_v3',
    hidden_size: 64,
    intermediate_size: 128,
    num_hidden_layers: 2,
    num_attention_heads: 4,
    vocab_size: 100,
    kv_lora_rank: 16,
    qk_rope_head_dim: 8,
    v_head_dim: 16,
  });
  assert.equal(r.plan.architecture, null);
  assert.ok(r.problems.some((p) => p.code === 'missing-architecture'));
});

test('hostile values in the new keys are problems, never throws, NaN or a silent count', () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    [
      'MLA negative rank',
      {
        model_type: 'deepseek_v3',
        hidden_size: 64,
        intermediate_size: 128,
        num_hidden_layers: 2,
        num_attention_heads: 4,
        vocab_size: 100,
        q_lora_rank: -1,
        kv_lora_rank: 16,
        qk_nope_head_dim: 8,
        qk_rope_head_dim: 8,
        v_head_dim: 16,
      },
    ],
    [
      'MLA string rank',
      {
        model_type: 'deepseek_v2',
        hidden_size: 64,
        intermediate_size: 128,
        num_hidden_layers: 2,
        num_attention_heads: 4,
        vocab_size: 100,
        kv_lora_rank: 'big',
        qk_nope_head_dim: 8,
        qk_rope_head_dim: 8,
        v_head_dim: 16,
      },
    ],
    [
      'Falcon 7 norms',
      {
        model_type: 'falcon',
        hidden_size: 64,
        num_hidden_layers: 2,
        num_attention_heads: 4,
        vocab_size: 100,
        new_decoder_architecture: true,
        num_kv_heads: 2,
        num_ln_in_parallel_attn: 7,
      },
    ],
    [
      'OPT zero projection',
      { model_type: 'opt', hidden_size: 64, ffn_dim: 256, num_hidden_layers: 2, num_attention_heads: 4, vocab_size: 100, word_embed_proj_dim: 0 },
    ],
    [
      'Llama 4 string moe_layers',
      {
        model_type: 'llama4_text',
        hidden_size: 64,
        intermediate_size: 32,
        intermediate_size_mlp: 128,
        num_hidden_layers: 2,
        num_attention_heads: 4,
        head_dim: 16,
        vocab_size: 100,
        moe_layers: 'all',
        num_local_experts: 2,
      },
    ],
  ];
  for (const [name, cfg] of cases) {
    const r = hfConfigReader.read(JSON.stringify(cfg), 'config.json', {});
    const c = r.plan.architecture ? countParams(r.plan.architecture.value) : null;
    if (c) assert.ok(Number.isSafeInteger(c.total) && c.total > 0, `${name}: ${c.total}`);
    else
      assert.ok(
        r.problems.some((p) => p.severity !== 'info'),
        `${name} explains why there is no count`,
      );
    if (name !== 'Llama 4 string moe_layers') assert.equal(r.plan.architecture, null, name);
  }
});

test('PhiMoE (Phi-3.5-MoE layout): LayerNorms, q/k/v/o biases, unbiased experts and router, lm_head_bias', () => {
  // PhimoeConfig defaults are the Phi-3.5-MoE shapes: 32 layers, d 4096, 32 heads / 8 kv, 16 experts of 6400, top 2.
  const { r, counts } = read({
    model_type: 'phimoe',
    hidden_size: 4096,
    intermediate_size: 6400,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_key_value_heads: 8,
    num_local_experts: 16,
    num_experts_per_tok: 2,
    vocab_size: 32064,
    attention_bias: true,
    lm_head_bias: true,
    tie_word_embeddings: false,
  });
  assert.ok(counts, JSON.stringify(r.problems));
  const d = 4096;
  const attention = 2 * (d * d + d) + 2 * (d * 1024 + 1024);
  const expert = 3 * d * 6400;
  const total = 32 * (attention + 16 * expert + 16 * d + 4 * d) + 2 * d + 2 * 32064 * d + 32064;
  assert.equal(counts.total, total);
  assert.equal(total, 41_873_153_344); // "41.9B" (Phi-3.5-MoE model card)
  assert.equal(counts.active, total - 32 * 14 * expert); // "6.6B active" on the card
});
