// The fine-tuning planner (issue 17): what one 24 GB GPU can fine-tune, with which method, and the
// LLaMA-Factory file it writes, read back by the project's own LLaMA-Factory reader to the same
// method, trainable parameters and memory. Expected values are derived by hand from the models'
// config.json shapes and the byte counts of each method (sources in the comments).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { releasedModels } from '../../src/configs/fineTuneModels';
import { writeLlamaFactory } from '../../src/configs/writers/llamaFactory';
import { analyze } from '../../src/configs/analyze';
import { readConfig } from '../../src/configs/index';
import { findAccelerator } from '../../src/core/index';
import { checkFineTuneRequest, PLANNED_METHODS, planFineTunes } from '../../src/core/fineTunePlanner';
import { run } from '../../src/cli/main';

const RTX4090 = findAccelerator('rtx-4090')!;
const LLAMA = 'meta-llama/Llama-3.1-8B';
const one = (id: string, req = { acc: RTX4090, gpus: 1 }) =>
  planFineTunes(
    releasedModels().filter((m) => m.id === id),
    req,
  ).models[0]!;

// Llama 3.1 8B (config.json: hidden 4096, 32 layers, 32 heads, 8 KV heads of 128, intermediate 14336, vocab 128256, untied).
const TOTAL = 8_030_261_248;
const EMBED = 128_256 * 4096; // embed_tokens and lm_head, each
const NORMS = 32 * 2 * 4096 + 4096;
const LINEAR = TOTAL - 2 * EMBED - NORMS; // 6,979,321,856 weights in the blocks' linear layers
// LoRA rank 16 on q (4096→4096), k, v (4096→1024), o, gate, up (4096→14336), down: Σ 16·(in + out) × 32 layers.
const LORA = 32 * 16 * (2 * (4096 + 4096) + 2 * (4096 + 1024) + 3 * (4096 + 14336));

test('Llama 3.1 8B on one RTX 4090: full does not fit, LoRA and QLoRA do; the bytes of each method by hand', () => {
  assert.equal(LORA, 41_943_040);
  const m = one(LLAMA);
  assert.equal(m.counts.total, TOTAL);
  const full = m.methods.full;
  // Full: bf16 weights and gradients (2 + 2 B) and fp32 master + two AdamW moments (12 B) per parameter (ZeRO §3.1).
  assert.equal(full.trainableParams, TOTAL);
  assert.equal(full.memory!.breakdown.weights, TOTAL * 2);
  assert.equal(full.memory!.breakdown.gradients, TOTAL * 2);
  assert.equal(full.memory!.breakdown.optimizer, TOTAL * 12);
  assert.equal(full.fits, false);
  assert.equal(full.tokensPerSecPerGpu, null, 'no throughput for what cannot run');
  // LoRA: bf16 frozen base plus bf16 adapters; gradients and optimizer for the adapters only.
  const lora = m.methods.lora;
  assert.equal(lora.trainableParams, LORA);
  assert.equal(lora.memory!.breakdown.weights, (TOTAL + LORA) * 2);
  assert.equal(lora.memory!.breakdown.gradients, LORA * 2);
  assert.equal(lora.memory!.breakdown.optimizer, LORA * 12);
  assert.ok(lora.fits && lora.perGpuBytes! <= 0.9 * 24e9);
  assert.ok(lora.tokensPerSecPerGpu! > 0 && lora.mfu! > 0 && lora.mfu! < 1);
  // QLoRA: NF4 linear layers with double quantisation, 4 + 8/64 + 32/(64·256) bits per weight
  // (bitsandbytes blocksize 64, 8-bit absmax, fp32 second-level constants per 256 blocks); embeddings and norms in bf16;
  // plus the one bf16 weight bitsandbytes dequantises for the matmul in flight, the largest linear (14,336 × 4,096).
  const qlora = m.methods.qlora;
  assert.equal(qlora.trainableParams, LORA);
  assert.equal(qlora.memory!.breakdown.weights, (LINEAR * (4 + 8 / 64 + 32 / (64 * 256))) / 8 + (2 * EMBED + NORMS) * 2 + LORA * 2 + 14336 * 4096 * 2);
  assert.ok(qlora.fits && qlora.perGpuBytes! < lora.perGpuBytes!);
});

test('the largest model that fits per method: it fits, and every larger model does not', () => {
  const plan = planFineTunes(releasedModels(), { acc: RTX4090, gpus: 1 });
  assert.ok(plan.models.length > 100);
  for (const k of PLANNED_METHODS) {
    const id = plan.largest[k];
    assert.ok(id, k);
    const at = plan.models.findIndex((m) => m.id === id);
    assert.ok(plan.models[at]!.methods[k].fits);
    for (const bigger of plan.models.slice(at + 1).filter((m) => m.counts.total > plan.models[at]!.counts.total))
      assert.equal(bigger.methods[k].fits, false, `${k}: ${bigger.id}`);
  }
  // Full fine-tuning at 16 B per parameter: nothing above 24 GB × 0.9 / 16 B = 1.35B parameters fits.
  assert.ok(plan.models.find((m) => m.id === plan.largest.full)!.counts.total < 1.35e9);
  assert.match(plan.assumptions.join(' '), /rank 16, alpha 32 on every linear layer/);
  assert.match(plan.assumptions.join(' '), /sequence length 2048 \(LLaMA-Factory's cutoff_len default\), micro-batch 1 \(assumed\)/);
});

test('the LLaMA-Factory file reads back to the same method, trainable parameters and memory', () => {
  for (const id of [LLAMA, 'Qwen/Qwen2.5-7B', 'Qwen/Qwen2.5-0.5B']) {
    const plan = planFineTunes(
      releasedModels().filter((m) => m.id === id),
      { acc: RTX4090, gpus: 1, seqLen: 1024, microBatch: 2 },
    );
    const m = plan.models[0]!;
    for (const method of PLANNED_METHODS) {
      const what = `${id} ${method}`;
      const out = writeLlamaFactory(plan, m, method);
      const read = readConfig(out.text, out.fileName);
      assert.ok(read.ok, what);
      assert.equal(read.result.format, 'hf-trainer', what);
      assert.deepEqual(
        read.result.problems.filter((p) => p.severity === 'error').map((p) => p.message),
        [],
        what,
      );
      assert.equal(read.result.plan.kind?.method?.value, method, what);
      assert.equal(read.result.plan.seqLen?.value, 1024, what);
      const a = analyze(out.text, out.fileName);
      assert.ok(a.ok, what);
      assert.equal(a.estimate.fineTune?.trainable, m.methods[method].trainableParams, what);
      assert.equal(a.estimate.memory?.perGpuBytes, m.methods[method].perGpuBytes, what);
      assert.equal(a.estimate.memory?.setup.microBatch, 2, what);
      assert.equal(a.estimate.hardware.gpu, 'RTX-4090');
    }
  }
  const q = writeLlamaFactory(
    planFineTunes(
      releasedModels().filter((m) => m.id === LLAMA),
      { acc: RTX4090, gpus: 1 },
    ),
    one(LLAMA),
    'qlora',
  ).text;
  for (const key of [
    'model_name_or_path: meta-llama/Llama-3.1-8B',
    'quantization_bit: 4',
    'stage: sft',
    'finetuning_type: lora',
    'lora_rank: 16',
    'lora_target: all',
    'cutoff_len: 2048',
    'per_device_train_batch_size: 1',
    'gradient_accumulation_steps: 8',
    'gradient_checkpointing: true',
  ])
    assert.match(q, new RegExp(`^${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'), key);
});

test('scaling-lens budget --finetune: the plan, one model, its config; bad input is one line and exit 2', () => {
  const all = run(['budget', '--finetune', '--gpu', 'rtx-4090', '--json']);
  assert.equal(all.code, 0, all.stderr);
  const j = JSON.parse(all.stdout);
  assert.equal(j.gpu, 'RTX-4090');
  assert.equal(j.capacityBytes, 24e9);
  assert.ok(j.largest.lora && j.largest.qlora && j.largest.full);
  const llama = j.models.find((m: { id: string }) => m.id === LLAMA);
  assert.equal(llama.methods.lora.trainableParams, LORA);
  assert.equal(llama.methods.full.fits, false);
  const text = run(['budget', '--finetune', '--gpu', 'L4', '--gpus', '1', '--seq-len', '4096', '--model', LLAMA]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^LoRA +≈ [\d.]+ GiB\/GPU (✓ fits|✗ does not fit) \(weights 15\.0, /m);
  const cfg = run(['budget', '--finetune', '--gpu', 'rtx-4090', '--model', LLAMA, '--method', 'qlora', '--config', 'llama-factory']);
  assert.equal(cfg.code, 0, cfg.stderr);
  const back = analyze(cfg.stdout, 'llama-3.1-8b_qlora_sft.yaml');
  assert.ok(back.ok && back.estimate.fineTune?.trainable === LORA);
  for (const [argv, message] of [
    [
      ['budget', '--finetune', '--gpu', 'rtx-4090', '--model', LLAMA, '--method', 'full', '--config', 'llama-factory'],
      new RegExp(
        `^scaling-lens: meta-llama/Llama-3\\.1-8B with full does not fit on 1 × RTX-4090: ≈ ${(llama.methods.full.perGpuBytes / 2 ** 30).toFixed(1).replace('.', '\\.')} GiB per GPU of 24 GB$`,
      ),
    ],
    [['budget', '--finetune', '--gpu', 'rtx-4090', '--model', 'nope/nope'], /unknown --model "nope\/nope"/],
    [['budget', '--finetune', '--gpu', 'rtx-4090', '--model', LLAMA, '--method', 'dora'], /unknown --method "dora" \(full, lora or qlora\)/],
    [['budget', '--finetune'], /--finetune needs --gpu/],
    [['budget', '--finetune', '--gpu', 'rtx-4090', '--gpus', '0'], /--gpus/],
  ] as const) {
    const r = run([...argv]);
    assert.equal(r.code, 2, argv.join(' '));
    assert.equal(r.stderr.split('\n').length, 1);
    assert.match(r.stderr, message);
  }
  // GPT-2's learned position table has 1,024 rows: 2,048-token sequences cannot run, whatever the memory.
  const gpt2 = one('openai-community/gpt2');
  assert.equal(gpt2.methods.lora.fits, false);
  assert.match(gpt2.methods.lora.reason!, /learned position table has 1024 rows/);
  assert.match(checkFineTuneRequest({ acc: RTX4090, gpus: 1, seqLen: 1.5 }) ?? '', /sequence length must be a whole number/);
});
