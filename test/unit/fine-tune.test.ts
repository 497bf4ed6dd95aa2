// Fine-tuning as its own kind of run (issue 17): exact adapter sizes against the counts the
// frameworks print, the kind read from each framework's keys, tokens or their bound, the
// method's FLOPs, and no pretraining loss for a run that starts from trained weights.
// Real configs: test/fixtures/finetune/README.md and test/fixtures/wild/README.md.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../src/configs/analyze';
import { adapterParams } from '../../src/core/adapters';
import type { Architecture } from '../../src/core/architecture';
import { estimate } from '../../src/core/estimate';
import { countParams, flopsPerToken } from '../../src/core/model';
import type { Adapter } from '../../src/core/runSetup';
import { canonicalTargets, optimizerKind } from '../../src/configs/shared/fineTune';
import { hintSpecs, lensText, summaryMarkdown } from '../../src/editor/present';
import { toJson } from '../../src/cli/commands/estimate';
import { fixture } from './reader-helpers';

/** A real config, handed to the product with its path in its repository as the file name. */
function run(p: string, edit: (t: string) => string = (t) => t) {
  const a = analyze(edit(fixture(p)), p.replace(/^(finetune|wild\/configs)\/[^/]+\//, ''));
  assert.ok(a.ok, p);
  return a;
}
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

/** A decoder with gated MLP, RMSNorm and rotary positions; the shapes from the model's config.json. */
function decoder(layers: number, d: number, heads: number, kvHeads: number, ffn: number, vocab: number, extra: Partial<Architecture> = {}): Architecture {
  return {
    layers,
    dModel: d,
    heads,
    kvHeads,
    headDim: d / heads,
    ffn,
    mlp: 'glu',
    vocab,
    seqLen: 4096,
    positions: 'rotary',
    norm: 'rmsnorm',
    linearBias: false,
    tiedEmbeddings: false,
    ...extra,
  };
}
const llama2_7b = decoder(32, 4096, 32, 32, 11008, 32000);
const llama3_8b = decoder(32, 4096, 32, 8, 14336, 128256);
const lora = (rank: number, targets: Adapter['targets'], extra: Partial<Adapter> = {}): Adapter => ({ rank, targets, ...extra });
const count = (a: Architecture, ad: Adapter, dora = false) => {
  const r = adapterParams(a, ad, dora);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.count.trainable;
};

test('LoRA sizes equal litgpt\'s printed "trainable params" (tutorials/resource-tables.md, rank 8 on query and value)', () => {
  assert.equal(count(llama2_7b, lora(8, ['q', 'v'])), 4_194_304);
  assert.equal(count(decoder(40, 5120, 40, 40, 13824, 32000), lora(8, ['q', 'v'])), 6_553_600); // Llama 2 13B
  // phi-1.5 and StableLM-Alpha-3B: plain (non-gated) MLPs, multi-head attention.
  assert.equal(count(decoder(24, 2048, 32, 32, 8192, 51200, { mlp: 'mlp', norm: 'layernorm', linearBias: true }), lora(8, ['q', 'v'])), 1_572_864);
  assert.equal(count(decoder(16, 4096, 32, 32, 16384, 50688, { mlp: 'mlp', norm: 'layernorm' }), lora(8, ['q', 'v'])), 2_097_152);
  // Falcon 40B: 128 query heads, 8 key/value heads of 64: the value adapter is r·(8192 + 512).
  assert.equal(count(decoder(60, 8192, 128, 8, 32768, 65024, { mlp: 'mlp' }), lora(8, ['q', 'v'])), 12_042_240);
});

test("LoRA on every linear layer equals PEFT's print_trainable_parameters() (all-linear)", () => {
  // "trainable params: 19,988,480 || all params: 6,758,404,096" (Llama-2-7b, r=8) and
  // "trainable params: 41,943,040 || all params: 8,072,204,288 || trainable%: 0.5196" (Meta-Llama-3-8B, r=16):
  // all params = the base (6,738,415,616; 8,030,261,248) + the adapters.
  const all = canonicalTargets(['all-linear']).targets;
  assert.equal(count(llama2_7b, lora(8, all)), 19_988_480);
  assert.equal(countParams(llama2_7b).total + 19_988_480, 6_758_404_096);
  assert.equal(count(llama3_8b, lora(16, all)), 41_943_040);
  assert.equal(countParams(llama3_8b).total + 41_943_040, 8_072_204_288);
});

test('DoRA adds one magnitude per output feature; modules_to_save trains whole matrices; LoRA on the head is r·(d + V)', () => {
  assert.equal(count(llama2_7b, lora(8, ['q', 'v']), true), 4_194_304 + 32 * (4096 + 4096));
  assert.equal(count(llama2_7b, lora(8, ['q', 'v'], { modulesToSave: ['embed', 'head'] })), 4_194_304 + 2 * 32000 * 4096);
  assert.equal(count(llama2_7b, lora(8, ['head'])), 8 * (4096 + 32000));
  // A plain MLP has no gate: naming it adds nothing.
  const phi = decoder(24, 2048, 32, 32, 8192, 51200, { mlp: 'mlp' });
  assert.equal(count(phi, lora(4, ['gate'])), 0);
});

test('MoE: every routed and shared expert gets its own adapter; multi-head latent attention is refused, not guessed', () => {
  const moe = decoder(2, 16, 2, 2, 32, 100, { moe: { experts: 4, topK: 2, expertFfn: 8, sharedExperts: 1, denseLayers: 1 } });
  // Layer 0 dense: up 1·(16 + 32) = 48. Layer 1: 5 experts × 1·(16 + 8) = 120.
  assert.equal(count(moe, lora(1, ['up'])), 48 + 120);
  const mla = adapterParams(
    decoder(2, 16, 2, 2, 32, 100, { mla: { qLoraRank: 0, kvLoraRank: 8, qkNopeHeadDim: 8, qkRopeHeadDim: 4, vHeadDim: 8 } }),
    lora(4, ['q']),
  );
  assert.equal(mla.ok, false);
});

test('fused projections: ONE adapter pair on the fused shape, r·(d + q + 2kv) or r·(d + 2F), counted by hand', () => {
  // bigscience/bloom-560m: 24 layers, d 1024, 16 heads, query_key_value 1024 → 3072 (the module
  // print: Linear(in_features=1024, out_features=3072)). r = 8 on query_key_value:
  // 24 × 8 × (1024 + 3072) = 786,432 (three separate pairs would be 24 × 3 × 8 × 2048 = 1,179,648).
  const bloom560m: Architecture = { ...decoder(24, 1024, 16, 16, 4096, 250880), mlp: 'mlp', norm: 'layernorm', linearBias: true, tiedEmbeddings: true };
  assert.equal(count(bloom560m, lora(8, ['qkv'])), 786_432);
  assert.equal(count(bloom560m, lora(8, ['q', 'k', 'v'])), 1_179_648);
  // GPT-2 small (12 layers, d 768): c_attn 768 → 2304, attn c_proj 768 → 768, mlp c_fc 768 → 3072, mlp c_proj 3072 → 768.
  // r = 16 on c_attn and c_proj: 12 × 16 × [(768 + 2304) + (768 + 768) + (3072 + 768)] = 1,622,016.
  const gpt2: Architecture = {
    ...decoder(12, 768, 12, 12, 3072, 50257),
    mlp: 'mlp',
    norm: 'layernorm',
    linearBias: true,
    tiedEmbeddings: true,
    positions: 'learned',
  };
  assert.equal(count(gpt2, lora(16, canonicalTargets(['c_attn', 'c_proj']).targets)), 1_622_016);
  // Falcon-7B (32 layers, d 4544, 71 heads of 64, 1 KV head): query_key_value 4544 → (71 + 2) × 64 = 4672.
  // r = 8: 32 × 8 × (4544 + 4672) = 2,359,296.
  const falcon7b: Architecture = { ...decoder(32, 4544, 71, 1, 18176, 65024), headDim: 64, mlp: 'mlp', norm: 'layernorm' };
  assert.equal(count(falcon7b, lora(8, ['qkv'])), 2_359_296);
  // Phi-3-mini (32 layers, d 3072, 32 heads, MLP 8192): qkv_proj 3072 → 9216, gate_up_proj 3072 → 16384.
  // r = 8 on qkv_proj, o_proj, gate_up_proj, down_proj: 32 × 8 × [(3072 + 9216) + (3072 + 3072) + (3072 + 16384) + (8192 + 3072)] = 12,582,912.
  const phi3 = decoder(32, 3072, 32, 32, 8192, 32064);
  assert.equal(count(phi3, lora(8, ['qkv', 'o', 'gate_up', 'down'])), 12_582_912);
  // A fused model has no separate q/k/v or gate/up: naming both does not count them twice.
  assert.equal(count(phi3, lora(8, ['q', 'k', 'v', 'qkv', 'gate', 'up', 'gate_up'])), count(phi3, lora(8, ['qkv', 'gate_up'])));
  // A plain MLP has no gate_up matrix.
  assert.equal(count(bloom560m, lora(8, ['gate_up'])), 0);
});

test('axolotl pythia/lora.yml: lora_target_modules [query_key_value] on Pythia-1.4B is one fused adapter per layer', () => {
  const p = 'finetune/axolotl-ai-cloud__axolotl/examples/archived/pythia/lora.yml';
  const { result: r, estimate: e } = run(p);
  assert.deepEqual(r.plan.kind?.adapter?.value.targets, ['qkv']);
  // EleutherAI/pythia-1.4b-deduped: 24 layers, d 2048; query_key_value 2048 → 6144. r = 16: 24 × 16 × (2048 + 6144).
  assert.equal(e.fineTune?.trainable, 24 * 16 * (2048 + 6144));
  assert.equal(e.fineTune?.trainable, 3_145_728);
});

test('framework module names map to canonical targets; fused projections map to the fused matrix', () => {
  assert.deepEqual(canonicalTargets(['v_proj', 'q_proj']).targets, ['q', 'v']);
  assert.deepEqual(canonicalTargets(['wq', 'wk', 'wv', 'wo', 'w1', 'w2', 'w3']).targets, ['q', 'k', 'v', 'o', 'gate', 'up', 'down']);
  assert.deepEqual(canonicalTargets(['all']).targets, ['q', 'k', 'v', 'o', 'gate', 'up', 'down']);
  assert.deepEqual(canonicalTargets(['query_key_value', 'dense', 'dense_h_to_4h', 'dense_4h_to_h']), { targets: ['qkv', 'o', 'up', 'down'], unknown: [] });
  assert.deepEqual(canonicalTargets(['c_attn', 'c_proj', 'c_fc']).targets, ['qkv', 'o', 'up', 'down']);
  assert.deepEqual(canonicalTargets(['Wqkv', 'out_proj', 'fc1', 'fc2']).targets, ['qkv', 'o', 'up', 'down']);
  assert.deepEqual(canonicalTargets(['qkv_proj', 'o_proj', 'gate_up_proj', 'down_proj']).targets, ['qkv', 'o', 'gate_up', 'down']);
  assert.deepEqual(canonicalTargets(['W_pack', 'model.layers.0.mlp.gate_up_proj']).targets, ['qkv', 'gate_up']);
  // Object.prototype names are not module names.
  assert.deepEqual(canonicalTargets(['constructor', 'toString']).unknown, ['constructor', 'toString']);
  assert.equal(optimizerKind('paged_adamw_8bit'), 'paged-adamw-8bit');
  assert.equal(optimizerKind('adamw_bnb_8bit'), 'adamw-8bit');
  assert.equal(optimizerKind('torch.optim.AdamW'), 'adamw');
  assert.equal(optimizerKind('adafactor'), 'adafactor');
  assert.equal(optimizerKind('bitsandbytes.optim.PagedAdamW8bit'), 'paged-adamw-8bit');
});

test('LLaMA-Factory LoRA SFT (qwen3_lora_sft.yaml): kind, exact trainable, tokens bound, setup, and no pretraining loss', () => {
  const p = 'wild/configs/hiyouga__LLaMA-Factory/examples/train_lora/qwen3_lora_sft.yaml';
  const text = fixture(p);
  const { result: r, estimate: e } = run(p);
  assert.equal(r.plan.kind?.stage?.value, 'sft');
  assert.equal(r.plan.kind?.stage?.range?.startLine, lineOf(text, 'stage: sft'));
  assert.equal(r.plan.kind?.method?.value, 'lora');
  assert.deepEqual(r.plan.kind?.adapter?.value, { rank: 8, targets: ['q', 'k', 'v', 'o', 'gate', 'up', 'down'] });
  assert.equal(r.init?.value, 'pretrained');
  // Qwen3-4B (36 layers, d 2560, 32 heads and 8 KV heads of 128, MLP 9728), rank 8 on all linear layers:
  // 36 × 8 × [(2560 + 4096) + 2 × (2560 + 1024) + (4096 + 2560) + 3 × (2560 + 9728)] = 16,515,072.
  assert.equal(e.fineTune?.trainable, 16_515_072);
  // 3 epochs × max_samples 1000 × 2 datasets × cutoff_len 2048, an upper bound.
  assert.equal(e.tokens, 12_288_000);
  assert.equal(e.tokensBound, 'upper');
  assert.equal(r.plan.setup?.microBatch?.value, 1);
  assert.equal(r.plan.setup?.gradAccum?.value, 8);
  assert.equal(e.loss.value, null);
  assert.match(e.loss.reason ?? '', /pretraining laws do not apply to a run that starts from trained weights/);
  assert.equal(e.optimal, null);
  assert.equal(e.criticalBatchTokens, null);
  for (const code of ['under-trained', 'over-trained', 'kaplan-overfitting', 'outside-fitted-range', 'batch-above-critical'])
    assert.ok(!e.warnings.some((w) => w.code === code), code);
  // LLaMA-Factory checkpoints every layer by default (disable_gradient_checkpointing false): the step recomputes the forward.
  assert.equal(r.plan.setup?.checkpointing?.value.mode, 'full');
  assert.equal(r.plan.setup?.checkpointing?.origin, 'default');
  assert.equal(lensText(r, e), 'LoRA SFT · trainable 16.5M of 4.02B (0.41%) · ≤ 12.3M tokens · 0.535 GPU-h* · $0.94');
  assert.ok(hintSpecs(r, e, { params: true, tokens: true, maxLength: 60 }).some((h) => h.text === '≈ 4.02B params · trainable 16.5M (0.41%)'));
  const md = summaryMarkdown(r, e);
  assert.match(md, /\*\*Kind: LoRA SFT\*\*, from `stage` \(line 6\) and `finetuning_type` \(line 8\)/);
  assert.match(md, /\*\*No predicted loss\*\*/);
  assert.doesNotMatch(md, /Compute-optimal/);
});

test('FLOPs for the method: a frozen base skips its weight gradients (4 of 6 FLOPs per weight), DPO adds the reference forward', () => {
  const sft = run('wild/configs/hiyouga__LLaMA-Factory/examples/train_lora/qwen3_lora_sft.yaml');
  const a = sft.result.plan.architecture!.value;
  const c = countParams(a);
  const base = flopsPerToken(a, c, 'palm');
  const matmul = c.activeNonEmbedding + a.vocab * a.dModel;
  assert.equal(sft.estimate.flops.perToken, base - 2 * matmul + 6 * 16_515_072);
  const dpo = run('wild/configs/hiyouga__LLaMA-Factory/examples/train_lora/qwen3_lora_dpo.yaml');
  assert.equal(dpo.result.plan.kind?.stage?.value, 'dpo');
  // Pairs: 3 epochs × 1000 × 2 sequences (chosen, rejected) × 2048.
  assert.equal(dpo.estimate.tokens, 12_288_000);
  assert.equal(dpo.estimate.fineTune?.referenceForward, true);
  assert.equal(dpo.estimate.flops.perToken, base - 2 * matmul + 6 * 16_515_072 + base / 3);
  // Full fine-tuning keeps the pretraining FLOPs per token.
  const full = run('wild/configs/hiyouga__LLaMA-Factory/examples/train_full/qwen3_full_sft.yaml');
  assert.equal(full.result.plan.kind?.method?.value, 'full');
  assert.equal(full.estimate.fineTune?.trainable, full.estimate.params.total);
  assert.equal(full.estimate.flops.perToken, base);
});

test('LLaMA-Factory stages: pt on loaded weights is continued pretraining, rm a reward model on pairs, kto, and QLoRA from quantization_bit', () => {
  const pt = run('wild/configs/hiyouga__LLaMA-Factory/examples/train_lora/qwen3_lora_pretrain.yaml');
  assert.equal(pt.result.plan.kind?.stage?.value, 'continued-pretrain');
  assert.equal(pt.estimate.loss.value, null);
  const rm = run('finetune/hiyouga__LLaMA-Factory/examples/train_lora/qwen3_lora_reward.yaml');
  assert.equal(rm.result.plan.kind?.stage?.value, 'reward');
  assert.equal(rm.estimate.tokens, 3 * 1000 * 2 * 2048);
  const kto = run('finetune/hiyouga__LLaMA-Factory/examples/train_lora/qwen3_lora_kto.yaml');
  assert.equal(kto.result.plan.kind?.stage?.value, 'kto');
  assert.equal(kto.estimate.tokens, 3 * 1000 * 2048);
  const q = run('finetune/hiyouga__LLaMA-Factory/examples/train_qlora/qwen3_lora_sft_otfq.yaml');
  assert.equal(q.result.plan.kind?.method?.value, 'qlora');
  assert.equal(q.result.plan.kind?.adapter?.value.baseBits, 4);
  assert.equal(q.estimate.fineTune?.trainable, 16_515_072);
});

test('QLoRA dequantisation FLOPs: passes × Q × (1 + 2/64) ÷ (micro-batch × seq) per token, its own term', () => {
  const q = run('finetune/hiyouga__LLaMA-Factory/examples/train_qlora/qwen3_lora_sft_otfq.yaml');
  // Qwen3-4B: 36 layers, d 2560, q 32 × 128 = 4096, k/v 8 × 128 = 1024, SwiGLU 9728.
  // 4-bit weights per layer: 2560 × (4096 + 2 × 1024) + 4096 × 2560 + 3 × 2560 × 9728 = 100,925,440.
  const Q = 36 * (2560 * (4096 + 2048) + 4096 * 2560 + 3 * 2560 * 9728);
  assert.equal(Q, 3_633_315_840);
  // per_device_train_batch_size 1, cutoff_len 2048; LLaMA-Factory's default gradient checkpointing:
  // forward, checkpoint recompute and backward each dequantise every weight.
  const term = q.estimate.fineTune?.flopsTerms.find((t) => t.key === 'qlora-dequantization');
  assert.equal(term?.flopsPerToken, (3 * Q * (1 + 2 / 64)) / (1 * 2048));
  assert.equal(term?.origin, 'derived');
  const sum = q.estimate.fineTune!.flopsTerms.reduce((x, t) => x + (t.effect === 'adds' ? t.flopsPerToken : -t.flopsPerToken), 0);
  const a = q.result.plan.architecture!.value;
  assert.equal(q.estimate.flops.perToken, flopsPerToken(a, countParams(a), 'palm') + sum);
  // A larger micro-batch amortises it: micro-batch 4 is a quarter per token.
  const q4 = run('finetune/hiyouga__LLaMA-Factory/examples/train_qlora/qwen3_lora_sft_otfq.yaml', (t) =>
    t.replace('per_device_train_batch_size: 1', 'per_device_train_batch_size: 4'),
  );
  assert.equal(q4.estimate.fineTune?.flopsTerms.find((t) => t.key === 'qlora-dequantization')?.flopsPerToken, term.flopsPerToken / 4);
  // disable_gradient_checkpointing: true leaves forward and backward.
  const q2 = run('finetune/hiyouga__LLaMA-Factory/examples/train_qlora/qwen3_lora_sft_otfq.yaml', (t) => `${t}\ndisable_gradient_checkpointing: true\n`);
  assert.equal(q2.estimate.fineTune?.flopsTerms.find((t) => t.key === 'qlora-dequantization')?.flopsPerToken, (2 * Q * (1 + 2 / 64)) / 2048);
  // Plain LoRA has no such term.
  const lora = run('wild/configs/hiyouga__LLaMA-Factory/examples/train_lora/qwen3_lora_sft.yaml');
  assert.ok(!lora.estimate.fineTune?.flopsTerms.some((t) => t.key === 'qlora-dequantization'));
});

test('KTO: policy and reference forwards on the KL batch on top of the reference forward (LLaMA-Factory kto trainer, TRL KTOTrainer)', () => {
  const kto = run('finetune/hiyouga__LLaMA-Factory/examples/train_lora/qwen3_lora_kto.yaml');
  const a = kto.result.plan.architecture!.value;
  const c = countParams(a);
  const base = flopsPerToken(a, c, 'palm');
  const matmul = c.activeNonEmbedding + a.vocab * a.dModel;
  const T = 16_515_072;
  // Trained step (frozen base + adapters) + reference forward on the target (base / 3)
  // + policy forward on the KL batch (base / 3 + 2T) + reference forward on it (base / 3).
  assert.equal(kto.estimate.flops.perToken, base - 2 * matmul + 6 * T + base / 3 + (2 * base) / 3 + 2 * T);
  const kl = kto.estimate.fineTune?.flopsTerms.find((t) => t.key === 'kto-kl-forwards');
  assert.equal(kl?.origin, 'assumed');
  assert.match(kl?.source ?? '', /LLaMA-Factory@ff6d4d1.*kto\/trainer\.py/);
  // DPO has no KL batch.
  const dpo = run('wild/configs/hiyouga__LLaMA-Factory/examples/train_lora/qwen3_lora_dpo.yaml');
  assert.ok(!dpo.estimate.fineTune?.flopsTerms.some((t) => t.key === 'kto-kl-forwards'));
});

test('alignment-handbook / TRL: QLoRA SFT of Mistral-7B trains 41,943,040; the DPO recipe is known by its DPOConfig keys', () => {
  const p = 'finetune/huggingface__alignment-handbook/recipes/zephyr-7b-beta/sft/config_qlora.yaml';
  const { result: r, estimate: e } = run(p);
  assert.equal(r.plan.kind?.stage?.value, 'sft');
  assert.equal(r.plan.kind?.stage?.origin, 'assumed'); // from the recipes/<model>/sft/ path
  assert.equal(r.plan.kind?.method?.value, 'qlora');
  // Mistral-7B has Llama-3-8B's block shapes (d 4096, 8 KV heads, MLP 14336): the same 41,943,040 at rank 16.
  assert.equal(e.fineTune?.trainable, 41_943_040);
  assert.equal(r.plan.setup?.checkpointing?.value.mode, 'full');
  assert.equal(r.plan.setup?.flashAttention?.value, true);
  assert.equal(e.tokens, null);
  assert.match(r.plan.tokens.note ?? '', /dataset-tokens=N/);
  assert.equal(lensText(r, e), 'QLoRA SFT · trainable 41.9M of 7.24B (0.58%) · tokens unknown');
  const dpo = run('wild/configs/huggingface__alignment-handbook/recipes/zephyr-7b-beta/dpo/config_full.yaml');
  assert.equal(dpo.result.plan.kind?.stage?.value, 'dpo');
  assert.equal(dpo.result.plan.kind?.stage?.source, 'max_prompt_length');
  assert.equal(dpo.result.plan.kind?.method?.value, 'full');
  assert.equal(dpo.result.plan.setup?.optimizer?.value, 'adamw');
});

test("axolotl: lora_target_linear on Llama 3 (8B r32 = 2 × PEFT's 41,943,040), listed targets on Llama 3.2 1B, rl: dpo and kto", () => {
  const lora8b = run('wild/configs/axolotl-ai-cloud__axolotl/examples/llama-3/instruct-lora-8b.yml');
  assert.equal(lora8b.estimate.fineTune?.trainable, 83_886_080);
  assert.equal(lora8b.result.plan.setup?.optimizer?.value, 'adamw-8bit');
  assert.equal(lora8b.result.plan.setup?.microBatch?.value, 2);
  // Llama 3.2 1B (16 layers, d 2048, 8 KV heads of 64, MLP 8192), rank 16 on the seven projections:
  // 16 × 16 × [2 × (2048 + 2048) + 2 × (2048 + 512) + 3 × (2048 + 8192)] = 11,272,192.
  const lora1b = run('wild/configs/axolotl-ai-cloud__axolotl/examples/llama-3/lora-1b.yml');
  assert.equal(lora1b.estimate.fineTune?.trainable, 11_272_192);
  const dpo = run('finetune/axolotl-ai-cloud__axolotl/examples/llama-3/instruct-dpo-lora-8b.yml');
  assert.equal(dpo.result.plan.kind?.stage?.value, 'dpo');
  assert.equal(dpo.estimate.fineTune?.referenceForward, true);
  const kto = run('finetune/axolotl-ai-cloud__axolotl/examples/llama-3/qlora-1b-kto.yaml');
  assert.equal(kto.result.plan.kind?.stage?.value, 'kto');
  assert.equal(kto.result.plan.kind?.method?.value, 'qlora');
  assert.equal(kto.estimate.fineTune?.trainable, 2 * 11_272_192);
  const full = run('wild/configs/axolotl-ai-cloud__axolotl/examples/llama-3/fft-8b.yaml');
  assert.equal(full.result.plan.kind?.method?.value, 'full');
  assert.equal(full.result.plan.setup?.optimizer?.value, 'paged-adamw-8bit');
  for (const x of [lora8b, lora1b, dpo, kto, full]) assert.equal(x.estimate.loss.value, null);
  // gradient_checkpointing: offload (axolotl's schema: bool | "offload" | "offload_disk") was refused as "expected true or false".
  const offload = run('finetune/axolotl-ai-cloud__axolotl/examples/qwen3/32b-qlora.yaml');
  assert.equal(offload.result.plan.setup?.checkpointing?.value.mode, 'full');
  assert.match(offload.result.plan.setup?.checkpointing?.note ?? '', /moved to host memory/);
  assert.ok(!offload.result.problems.some((p) => p.code === 'invalid-value'), JSON.stringify(offload.result.problems));
});

test('torchtune llama3_1/8B_lora.yaml: a distributed recipe shards with FSDP2; without max_seq_len no memory verdict, with a stated length one', () => {
  const p = 'finetune/pytorch__torchtune/recipes/configs/llama3_1/8B_lora.yaml';
  const a = run(p);
  // The header names the recipe: `tune run --nproc_per_node 2 lora_finetune_distributed --config llama3_1/8B_lora`.
  const sharding = a.result.plan.setup?.sharding;
  assert.equal(sharding?.value, 'fsdp-full');
  assert.equal(sharding?.origin, 'default');
  assert.match(sharding?.note ?? '', /lora_finetune_distributed/);
  // tokenizer.max_seq_len is null: the model's 131,072-token context would have said ≈ 1.6 TiB per GPU.
  assert.equal(a.estimate.memory, null);
  assert.match(a.estimate.memoryReason ?? '', /sequence length is not stated/);
  const stated = run(p, (t) => `# scaling-lens: seq-len=2048\n${t}`);
  assert.ok(stated.estimate.memory && stated.estimate.memory.perGpuBytes < 80e9);
});

test("axolotl's FSDP2 fsdp_config, parallel sizes and fused cross-entropy are read (they were ignored: DDP, 8 GPUs, full fp32 logits)", () => {
  const alst = run('finetune/axolotl-ai-cloud__axolotl/examples/alst/llama3-8b-fsdp2-alst.yaml');
  const s = alst.result.plan.setup!;
  // fsdp_version 2, fsdp_config.reshard_after_forward true: full sharding.
  assert.equal(s.sharding?.value, 'fsdp-full');
  assert.equal(s.sharding?.source, 'fsdp_config.reshard_after_forward');
  assert.equal(s.parallel?.cp?.value, 8);
  // plugins: [axolotl.integrations.cut_cross_entropy.CutCrossEntropyPlugin]
  assert.equal(s.chunkedLoss?.value, true);
  assert.equal(s.chunkedLoss?.source, 'plugins');
  const qat = run('finetune/axolotl-ai-cloud__axolotl/examples/qat_nvfp4/Qwen2.5-72B_baseline.yml');
  const q = qat.result.plan.setup!;
  assert.equal(q.sharding?.value, 'fsdp-full');
  assert.equal(q.sharding?.source, 'fsdp_config.sharding_strategy');
  assert.equal(q.checkpointing?.value.mode, 'full');
  assert.equal(q.checkpointing?.source, 'fsdp_config.activation_checkpointing');
  // The remedies no longer offer the chunked loss the config already uses.
  assert.ok(!(qat.estimate.memory?.remedies ?? []).some((r) => r.key === 'chunkedLoss'));
});

test('torchtune: LoRA, QLoRA and full DPO recipes', () => {
  const l = run('wild/configs/pytorch__torchtune/recipes/configs/llama3_1/8B_lora.yaml');
  assert.equal(l.estimate.fineTune?.trainable, 19_660_800);
  assert.equal(l.result.plan.kind?.method?.value, 'lora');
  // Llama 3.2 1B, rank 64 on q, v, output_proj and the MLP: 16 × 64 × [(2048 + 2048) + (2048 + 512) + (2048 + 2048) + 3 × (2048 + 8192)].
  const q = run('finetune/pytorch__torchtune/recipes/configs/llama3_2/1B_qlora_single_device.yaml');
  assert.equal(q.result.plan.kind?.method?.value, 'qlora');
  assert.equal(q.estimate.fineTune?.trainable, 16 * 64 * (4096 + 2560 + 4096 + 3 * 10240));
  const dpo = run('finetune/pytorch__torchtune/recipes/configs/llama3_1/8B_full_dpo.yaml');
  assert.equal(dpo.result.plan.kind?.stage?.value, 'dpo');
  assert.equal(dpo.result.plan.kind?.method?.value, 'full');
  // max_steps_per_epoch 1000 × batch_size 4 × gradient_accumulation_steps 8 × 8 GPUs (assumed) × 2 sequences × max_seq_len 1024.
  assert.equal(dpo.estimate.tokens, 1000 * 4 * 8 * 8 * 2 * 1024);
  assert.equal(dpo.estimate.tokensBound, 'upper');
  assert.equal(dpo.estimate.loss.value, null);
});

test('litgpt finetune_lora: rank 32 on query and value of Llama 2 7B is 4 × the 4,194,304 litgpt prints for rank 8; Phi-2 with every flag', () => {
  const l = run('wild/configs/Lightning-AI__litgpt/config_hub/finetune/llama-2-7b/lora.yaml');
  assert.equal(l.result.plan.kind?.stage?.value, 'sft');
  assert.equal(l.estimate.fineTune?.trainable, 4 * 4_194_304);
  // Phi-2: 32 layers, d 2560, plain MLP 10240, vocab 51200; q, k, v, o, the MLP and the head at rank 8.
  const phi = run('wild/configs/Lightning-AI__litgpt/config_hub/finetune/phi-2/lora.yaml');
  assert.equal(phi.estimate.fineTune?.trainable, 32 * 8 * (4 * 5120 + 2 * 12800) + 8 * (2560 + 51200));
  const q = run('wild/configs/Lightning-AI__litgpt/config_hub/finetune/mistral-7b/qlora.yaml');
  assert.equal(q.result.plan.kind?.method?.value, 'qlora');
  const full = run('wild/configs/Lightning-AI__litgpt/config_hub/finetune/llama-3-8b/full.yaml');
  assert.equal(full.result.plan.kind?.method?.value, 'full');
  assert.equal(full.estimate.loss.value, null);
  // Pretraining from scratch keeps its law.
  const pre = run('wild/configs/Lightning-AI__litgpt/config_hub/pretrain/tinyllama.yaml');
  assert.equal(pre.estimate.fineTune, null);
  assert.notEqual(pre.estimate.loss.value, null);
});

test('directives: kind= and method= correct the kind in any format; dataset-tokens= sizes an epoch', () => {
  const p = 'wild/configs/axolotl-ai-cloud__axolotl/examples/llama-3/instruct-lora-8b.yml';
  const d = run(p, (t) => `# scaling-lens: kind=orpo method=dora dataset-tokens=5M\n${t}`);
  assert.equal(d.result.plan.kind?.stage?.value, 'orpo');
  assert.equal(d.result.plan.kind?.stage?.source, 'directive kind=orpo');
  assert.equal(d.result.plan.kind?.method?.value, 'dora');
  // num_epochs 4 × 5M tokens per epoch, resting on the directive.
  assert.equal(d.estimate.tokens, 20_000_000);
  assert.equal(d.result.plan.tokens.origin, 'assumed');
  // DoRA on the same adapter: + one magnitude per output feature of every adapted matrix.
  assert.equal(d.estimate.fineTune?.trainable, 83_886_080 + 32 * (4096 + 1024 + 1024 + 4096 + 14336 + 14336 + 4096));
  // A pretraining format: nanoGPT's finetune_shakespeare.py starts from GPT-2 weights; the directive says so.
  const n = run('wild/configs/karpathy__nanoGPT/config/finetune_shakespeare.py', (t) => `# scaling-lens: kind=sft\n${t}`);
  assert.equal(n.result.plan.kind?.stage?.value, 'sft');
  assert.equal(n.estimate.loss.value, null);
  const bad = analyze(`# scaling-lens: kind=finetune\n${fixture(p)}`, 'x.yml');
  assert.ok(bad.ok && bad.result.problems.some((x) => x.code === 'invalid-directive' && /kind takes/.test(x.message)));
});

test('a run that starts from trained weights has no loss even when its kind is unknown (ReadResult.init)', () => {
  const a = run('wild/configs/pytorch__torchtune/recipes/configs/llama3_1/8B_full.yaml');
  const plan = { ...a.result.plan, tokens: { value: 1e9, origin: 'stated' as const, source: 'test' } };
  const { kind: _kind, ...noKind } = plan;
  assert.equal(estimate(noKind, { init: 'pretrained' }).loss.value, null);
  assert.notEqual(estimate(noKind).loss.value, null);
});

test('CLI --json carries the kind and the exact trainable count', () => {
  const p = 'finetune/axolotl-ai-cloud__axolotl/examples/llama-3/qlora.yml';
  const { result, estimate: e } = run(p);
  const j = toJson(p, result, e);
  assert.deepEqual(
    { stage: j.fineTune?.stage, method: j.fineTune?.method, trainable: j.fineTune?.trainable },
    { stage: 'sft', method: 'qlora', trainable: 83_886_080 },
  );
  assert.equal(j.loss.value, null);
  assert.equal(j.optimal, null);
});

test('open-instruct YAMLs (allenai/open-instruct@e6c3044): bf16, use_lora on its fixed targets, num_train_epochs 2 / num_epochs, max_train_steps', () => {
  const sft = run('finetune/allenai__open-instruct/configs/train_configs/sft/tulu3_8b_preview_mix_v3.4.yaml');
  // finetune.py loads the model in bfloat16; read as TrainingArguments' fp32 before.
  assert.equal(sft.result.plan.precision?.value, 'bf16');
  assert.equal(sft.estimate.params.total, 8_030_261_248);
  assert.equal(sft.result.plan.kind?.method?.value, 'full');
  assert.ok(sft.estimate.throughput, 'a bf16 peak prices the run');
  // use_lora, lora_rank 64 on q, k, v, o, gate, up, down of Llama-2-7B: 32 × 64 × (4 × (4096 + 4096) + 3 × (4096 + 11008)).
  const lora = run('finetune/allenai__open-instruct/configs/train_configs/sft/tulu2_7b_lora.yaml');
  assert.equal(lora.result.plan.kind?.method?.value, 'lora');
  assert.equal(lora.estimate.fineTune?.trainable, 32 * 64 * (4 * 8192 + 3 * 15104));
  assert.equal(lora.estimate.fineTune?.trainable, 159_907_840);
  assert.match(lora.result.plan.tokens.note ?? '', /5 epochs .*set max_train_steps/);
  // A LoRA run's MFU counts its own FLOPs per token (no weight gradients for the frozen base).
  const t = lora.estimate.throughput!;
  assert.ok(Math.abs(t.mfu - (t.tokensPerSecPerGpu * lora.estimate.flops.perToken!) / 312e12) < 1e-12);
  assert.ok(t.mfu < 0.8, `MFU ${t.mfu}`);
  // max_train_steps caps the run: steps × 1 × 16 × 8 GPUs × 4096 tokens.
  const capped = run(
    'finetune/allenai__open-instruct/configs/train_configs/sft/tulu2_7b_lora.yaml',
    (s) => `# scaling-lens: gpus=8\n${s}max_train_steps: 100\n`,
  );
  assert.equal(capped.estimate.tokens, 100 * 16 * 8 * 4096);
  // DPO: num_epochs 1 (not TrainingArguments' 3), stage from the path.
  const dpo = run('finetune/allenai__open-instruct/configs/train_configs/tulu3/tulu3_dpo_8b.yaml');
  assert.equal(dpo.result.plan.kind?.stage?.value, 'dpo');
  assert.match(dpo.result.plan.tokens.note ?? '', /^1 epoch over/);
  assert.equal(dpo.result.plan.precision?.value, 'bf16');
});

test('an ORPO recipe with max_prompt_length is ORPO (its path), not DPO; LLaMA-Factory pure_bf16 is bf16', () => {
  const orpo = run('finetune/huggingface__alignment-handbook/recipes/zephyr-141b-A35b/orpo/config_full.yaml');
  assert.equal(orpo.result.plan.kind?.stage?.value, 'orpo');
  const galore = run('finetune/hiyouga__LLaMA-Factory/examples/extras/galore/llama3_full_sft.yaml');
  assert.equal(galore.result.plan.precision?.value, 'bf16');
  assert.equal(galore.result.plan.precision?.source, 'pure_bf16');
});

test('full-parameter DPO holds a frozen reference copy of the policy; precompute_ref_log_probs or adapters hold none', () => {
  const p = 'wild/configs/huggingface__alignment-handbook/recipes/zephyr-7b-beta/dpo/config_full.yaml';
  const full = run(p).estimate.memory!;
  // Mistral-7B (7,241,732,096 parameters) in bf16, whole on every GPU (the assumed layout shards
  // only the optimizer states): the policy and its reference.
  assert.equal(full.setup.referenceCopy, true);
  assert.equal(full.setup.sharding, 'distributed-optimizer');
  assert.ok(Math.abs(full.breakdown.weights - 2 * 7_241_732_096 * 2) < 1, `${full.breakdown.weights}`);
  assert.ok(full.assumptions.some((a) => a.field === 'memory.referenceModel'));
  // TRL computes the reference log-probabilities first when asked: no copy (trl/trainer/dpo_trainer.py).
  const pre = run(p, (t) => `${t}\nprecompute_ref_log_probs: true\n`).estimate.memory!;
  assert.equal(pre.setup.referenceCopy, false);
  assert.ok(Math.abs(pre.breakdown.weights - 7_241_732_096 * 2) < 1);
  // With adapters the base, adapters switched off, is the reference.
  const lora = run(p, (t) => `${t}\nuse_peft: true\nlora_r: 16\n`).estimate.memory!;
  assert.equal(lora.setup.referenceCopy, false);
});

test("LLaMA-Factory's Megatron-core YAML states its parallel layout; a Ray run's GPU count is ray_num_workers", () => {
  // examples/megatron/qwen3_moe_full.yaml: tp 1, pp 4, ep 2, distributed optimizer, full recompute (said "not stated" before).
  const mca = run('finetune/hiyouga__LLaMA-Factory/examples/megatron/qwen3_moe_full.yaml').result.plan.setup!;
  assert.equal(mca.parallel?.pp?.value, 4);
  assert.equal(mca.parallel?.ep?.value, 2);
  assert.equal(mca.parallel?.tp?.value, 1);
  assert.equal(mca.sharding?.value, 'distributed-optimizer');
  assert.equal(mca.checkpointing?.value.mode, 'full');
  // examples/train_lora/qwen3_lora_sft_ray.yaml: `ray_num_workers: 4  # Number of GPUs to use.` (8 assumed before).
  const ray = run('finetune/hiyouga__LLaMA-Factory/examples/train_lora/qwen3_lora_sft_ray.yaml').result.plan;
  assert.equal(ray.gpuCount?.value, 4);
  assert.equal(ray.gpuCount?.origin, 'stated');
});

test('llamafactory-cli train with flags reads as its YAML does (examples/train_lora/qwen3_lora_sft.sh)', () => {
  const p = 'finetune/hiyouga__LLaMA-Factory/examples/train_lora/qwen3_lora_sft.sh';
  const { result: r, estimate: e } = run(p);
  assert.equal(r.format, 'hf-trainer');
  // ${MODEL_PATH} = Qwen/Qwen3-4B-Instruct-2507; rank 8 on every projection of 36 layers, as the YAML example.
  assert.equal(e.params.total, 4_022_468_096);
  assert.equal(e.fineTune?.trainable, 16_515_072);
  // 3 epochs × max_samples 1000 × 2 datasets (identity,alpaca_en_demo) × cutoff_len 2048, an upper bound.
  assert.equal(e.tokens, 3 * 1000 * 2 * 2048);
  assert.equal(r.plan.tokensBound, 'upper');
});

test('an alignment-handbook recipe with dataset_mixer and use_peft stays a TRL QLoRA, not open-instruct', () => {
  const r = run('finetune/huggingface__alignment-handbook/recipes/zephyr-7b-beta/dpo/config_qlora.yaml').result;
  assert.equal(r.plan.kind?.method?.value, 'qlora');
});
