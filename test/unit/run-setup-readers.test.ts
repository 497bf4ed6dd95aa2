// The pretraining readers fill the run setup (parallel degrees, micro-batch, sharding,
// checkpointing, optimizer …) from their framework's own keys. Real configs from the wild
// corpus (test/fixtures/wild/README.md: repository, commit, licence); each expected value is
// read off the file's own line (quoted in the comment) or the framework's documented default.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readConfig } from '../../src/configs/index';
import type { ReadResult } from '../../src/configs/types';
import type { Traced } from '../../src/core/plan';

const WILD = join(__dirname, '..', 'fixtures', 'wild', 'configs');

/** Reads a wild config under the name it has in its repository. */
function wild(local: string): ReadResult {
  const text = readFileSync(join(WILD, local), 'utf8');
  const o = readConfig(text, local.split('/').slice(1).join('/'));
  assert.ok(o.ok, `${local}: ${o.ok ? '' : o.problem.message}`);
  return o.result;
}

/** The setup flattened to `name: value/origin` for exact comparison. */
function setupOf(r: ReadResult): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (name: string, t: Traced<unknown> | undefined) => {
    if (t) out[name] = `${JSON.stringify(t.value)}/${t.origin}`;
  };
  const s = r.plan.setup ?? {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'parallel') for (const [k2, v2] of Object.entries(v as Record<string, Traced<unknown>>)) put(k2, v2);
    else put(k, v as Traced<unknown>);
  }
  return out;
}

function expectSetup(local: string, expected: Record<string, string>): ReadResult {
  const r = wild(local);
  const got = setupOf(r);
  for (const [k, v] of Object.entries(expected)) assert.equal(got[k], v, `${local}: ${k} (all: ${JSON.stringify(got)})`);
  return r;
}

test('Megatron-DeepSpeed GPT-3 175B: --tensor-model-parallel-size 8 --pipeline-model-parallel-size 16, --checkpoint-activations', () => {
  const r = expectSetup('bigscience-workshop__Megatron-DeepSpeed/examples/pretrain_gpt3_175B.sh', {
    tp: '8/stated',
    pp: '16/stated',
    microBatch: '1/stated', // --micro-batch-size 1
    checkpointing: '{"mode":"full"}/stated',
    pipelineSchedule: '"1f1b"/default', // Megatron's non-interleaved schedule without virtual stages
    sequenceParallel: 'false/default',
    sharding: '"none"/default', // no --use-distributed-optimizer, no --deepspeed
    optimizer: '"adamw"/default', // --optimizer adam (decoupled weight decay)
  });
  // The setup value points at the file: the flags sit in one `options="…"` string opening on line 18.
  const tp = r.plan.setup!.parallel!.tp!;
  assert.equal(tp.source, '--tensor-model-parallel-size');
  assert.equal(tp.range?.startLine, 17);
});

test('Megatron-LM Llama-3 8B FP8: sequence parallel, distributed optimizer, fused attention, FP8 per-tensor', () => {
  expectSetup('NVIDIA__Megatron-LM/examples/llama/train_llama3_8b_h100_fp8.sh', {
    tp: '1/stated', // TP_SIZE=1
    cp: '1/stated', // CP_SIZE=1
    pp: '1/default', // the --pipeline-model-parallel-size line is commented out
    microBatch: '1/stated', // MICRO_BATCH_SIZE=1
    sequenceParallel: 'true/stated',
    sharding: '"distributed-optimizer"/stated',
    checkpointing: '{"mode":"none"}/default',
    flashAttention: 'true/stated', // --attention-backend fused
    lowPrecision: '"fp8-tensorwise"/default', // --fp8-format hybrid, no --fp8-recipe: delayed (per-tensor)
    lowPrecisionLibrary: '"transformer-engine"/default', // Megatron's FP8 layers are Transformer Engine modules
    gradReduceInBf16: 'true/stated', // --grad-reduce-in-bf16
    fp8ParamGather: 'true/stated', // --fp8-param-gather
  });
});

test('Megatron-DeepSpeed 6.7B dense: MP_SIZE=8, BATCH_SIZE 4, --checkpoint-activations', () => {
  expectSetup('microsoft__Megatron-DeepSpeed/examples_deepspeed/MoE/ds_pretrain_gpt_6.7B_dense.sh', {
    tp: '8/stated',
    pp: '1/stated',
    microBatch: '4/stated',
    checkpointing: '{"mode":"full"}/stated',
  });
});

test('torchtitan TOML: [parallelism], [activation_checkpoint], [compile], float8 converter', () => {
  const base = 'pytorch__torchtitan/torchtitan/models/llama3/train_configs/';
  expectSetup(`${base}llama3_70b.toml`, {
    tp: '8/stated',
    microBatch: '8/stated',
    checkpointing: '{"mode":"full"}/stated',
    compile: 'false/stated',
    optimizer: '"adamw"/stated',
    chunkedLoss: 'false/default',
  });
  expectSetup(`${base}llama3_405b.toml`, {
    microBatch: '2/stated',
    compile: 'true/stated',
    lowPrecision: '"fp8-tensorwise"/stated',
    lowPrecisionLibrary: '"torchao"/default', // torchtitan's float8 converter wraps torchao
    checkpointing: '{"mode":"full"}/stated',
  });
  // selective_ac_option = "op": per-op selective checkpointing; '2': every 2nd layer.
  const eight = expectSetup(`${base}llama3_8b.toml`, { checkpointing: '{"mode":"selective-op"}/stated', microBatch: '1/stated' });
  assert.equal(eight.plan.setup!.lowPrecision, undefined); // `# converters = ["float8"]` is a comment
  expectSetup(`${base}debug_model.toml`, { checkpointing: '{"mode":"every-n","everyN":2}/stated' });
});

test('torchtitan: data_parallel_shard_degree -1 on an assumed 8-GPU world shards FSDP over 8, as an assumption', () => {
  const r = expectSetup('pytorch__torchtitan/torchtitan/models/llama3/train_configs/llama3_8b.toml', { dp: '8/assumed', sharding: '"fsdp-full"/assumed' });
  assert.equal(r.plan.gpuCount?.origin, 'assumed');
});

test('GPT-NeoX 20B: model-parallel-size 2, pipe-parallel-size 4, ZeRO stage 1, micro 4 × gas 32, checkpoint-activations', () => {
  expectSetup('EleutherAI__gpt-neox/configs/20B.yml', {
    tp: '2/stated',
    pp: '4/stated',
    microBatch: '4/stated',
    gradAccum: '32/stated',
    sharding: '"zero1"/stated',
    checkpointing: '{"mode":"full"}/stated',
    optimizer: '"adamw"/stated', // optimizer type Adam: DeepSpeed runs it in AdamW mode
  });
});

test('DeepSpeed JSON: train_micro_batch_size_per_gpu, zero_optimization.stage 0', () => {
  expectSetup('microsoft__DeepSpeedExamples/compression/gpt2/config/ds_config.json', {
    microBatch: '4/stated',
    sharding: '"none"/stated',
    offload: '"none"/default',
  });
});

test('nanotron: dp/tp/pp, micro_batch_size, tp_mode REDUCE_SCATTER is sequence parallelism, zero_stage 0', () => {
  expectSetup('huggingface__nanotron/examples/config_qwen.yaml', {
    dp: '2/stated',
    tp: '2/stated',
    pp: '1/stated',
    microBatch: '3/stated',
    sequenceParallel: 'true/stated',
    sharding: '"none"/stated',
    checkpointing: '{"mode":"none"}/stated',
    optimizer: '"adamw"/stated',
  });
});

test('llm-foundry MPT-7B: fsdp_config FULL_SHARD with activation checkpointing, device_train_microbatch_size 8, flash attention', () => {
  expectSetup('mosaicml__llm-foundry/scripts/train/yamls/pretrain/mpt-7b.yaml', {
    microBatch: '8/stated',
    sharding: '"fsdp-full"/stated',
    checkpointing: '{"mode":"full"}/stated',
    optimizer: '"adamw"/stated', // decoupled_adamw
    flashAttention: 'true/stated',
  });
});

test('OLMo 2 1B: fsdp sharding_strategy SHARD_GRAD_OP, device_train_microbatch_size 4', () => {
  expectSetup('allenai__OLMo/configs/official-0425/OLMo2-1B-stage1.yaml', {
    microBatch: '4/stated',
    sharding: '"fsdp-grad-op"/stated',
    optimizer: '"adamw"/stated',
    flashAttention: 'true/stated',
  });
});

test('OLMo-core Llama-3 8B: HSDP, compile_model, rank_microbatch_size 2 × 4096 tokens = 2 sequences', () => {
  expectSetup('allenai__OLMo-core/src/scripts/train/Llama3-8B.py', {
    sharding: '"fsdp-hybrid"/stated',
    compile: 'true/stated',
    microBatch: '2/derived',
    optimizer: '"adamw"/stated',
  });
});

test('MaxText: remat_policy, attention, fsdp axis -1 by default', () => {
  expectSetup('AI-Hypercomputer__maxtext/src/maxtext/configs/gpu/models/llama3_8b.yml', {
    checkpointing: '{"mode":"selective"}/stated',
    flashAttention: 'true/stated',
    sharding: '"fsdp-full"/default',
    tp: '1/default',
  });
});

test('nanoGPT: DDP (nothing sharded), batch_size 12, torch.compile by default', () => {
  expectSetup('karpathy__nanoGPT/config/train_gpt2.py', {
    microBatch: '12/stated',
    sharding: '"none"/default',
    compile: 'true/default',
    tp: '1/default',
    pp: '1/default',
    optimizer: '"adamw"/default',
  });
});

test('litgpt pretrain: micro_batch_size, compile and chunked cross-entropy from pretrain.py; fine-tunes get only what their keys say', () => {
  expectSetup('Lightning-AI__litgpt/config_hub/pretrain/tinyllama.yaml', {
    microBatch: '4/stated',
    compile: 'true/default',
    chunkedLoss: 'true/default',
    checkpointing: '{"mode":"none"}/default',
  });
  // litgpt/finetune/lora.py does not compile the model but runs the head in chunks; pretrain.py's defaults stay out.
  const lora = wild('Lightning-AI__litgpt/config_hub/finetune/llama-2-7b/lora.yaml').plan.setup!;
  assert.deepEqual([lora.microBatch?.value, lora.gradAccum?.value, lora.compile, lora.chunkedLoss?.value], [2, 4, undefined, true]);
});

test('Levanter: per_device_parallelism, model_axis_size, FSDP over the embed axis', () => {
  expectSetup('stanford-crfm__levanter/config/llama2_7b.yaml', {
    microBatch: '2/stated',
    tp: '1/stated',
    sharding: '"fsdp-full"/default',
    optimizer: '"adamw"/stated',
  });
});

test('llm.c: -b 64, -z 1, -r 0', () => {
  expectSetup('karpathy__llm.c/scripts/run_gpt2_124M.sh', { microBatch: '64/stated', sharding: '"zero1"/stated', checkpointing: '{"mode":"none"}/stated' });
});

test('nanochat speedrun: --device_batch_size=16, --fp8', () => {
  expectSetup('karpathy__nanochat/runs/speedrun.sh', { microBatch: '16/stated', lowPrecision: '"fp8-tensorwise"/stated', optimizer: '"muon"/default' });
});

test('framework defaults cite the framework source', () => {
  const r = wild('karpathy__nanoGPT/config/train_gpt2.py');
  assert.match(r.plan.setup!.sharding!.note!, /karpathy\/nanoGPT@[0-9a-f]{40}/);
  const m = wild('bigscience-workshop__Megatron-DeepSpeed/examples/pretrain_gpt3_175B.sh');
  assert.match(m.plan.setup!.sharding!.note!, /megatron\/training\/arguments\.py/);
});
