// torchtitan Python config registries (pytorch/torchtitan@b5bcd76 models/*/config_registry.py):
// one entry per Trainer.Config function, exact counts from the flavor tables, tokens from
// TrainingConfig/ParallelismConfig semantics, and "unknown, said at its line" for what cannot
// be evaluated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { torchtitanPythonReader } from '../../src/configs/readers/torchtitanPython';
import { detectFormat } from '../../src/configs/index';
import { countParams } from '../../src/core/model';
import type { ReadContext, ReadEntry } from '../../src/configs/types';
import { join } from 'node:path';
import { run } from '../../src/cli/main';
import { fixture, lineOf } from './reader-helpers';

const LLAMA3 = 'torchtitan/llama3/config_registry.py';
const QWEN3 = 'torchtitan/qwen3/config_registry.py';
const read = (text: string, name = LLAMA3, ctx: ReadContext = {}) => torchtitanPythonReader.read(text, name, ctx);
const entry = (r: ReturnType<typeof read>, name: string): ReadEntry => {
  const e = r.entries?.find((x) => x.name === name);
  assert.ok(e, `no entry ${name}: ${r.entries?.map((x) => x.name).join(', ')}`);
  return e;
};
const total = (e: ReadEntry) => (e.plan.architecture ? countParams(e.plan.architecture.value).total : null);
const gpus64: ReadContext = { overrides: { gpus: 64 } };

test('llama3 registry: one entry per Trainer.Config function, in file order, ranged at its def line', () => {
  const text = fixture(LLAMA3);
  const r = read(text);
  assert.deepEqual(
    r.entries?.map((e) => e.name),
    [
      'llama3_debugmodel',
      'llama3_debugmodel_varlen_attn',
      'llama3_debugmodel_dist_gemm',
      'llama3_debugmodel_float8',
      'llama3_debugmodel_nvfp4',
      'llama3_debugmodel_first_85_pct_layers_nvfp4',
      'llama3_debugmodel_float8_emulate_lora',
      'llama3_debugmodel_ce_loss',
      'llama3_8b',
      'llama3_8b_first_85_pct_layers_nvfp4',
      'llama3_8b_mxfp8',
      'llama3_70b',
      'llama3_405b',
      'sft_debugmodel',
    ],
  );
  for (const e of r.entries) assert.equal(e.range.startLine, lineOf(text, `def ${e.name}()`), e.name);
  // The file-level result is the first entry's.
  assert.equal(r.plan, r.entries[0]!.plan);
});

test('llama3_8b: 8,030,261,248 parameters; 1000 steps × 8192 tokens × 64 data-parallel ranks', () => {
  const text = fixture(LLAMA3);
  const e = entry(read(text, LLAMA3, gpus64), 'llama3_8b');
  assert.deepEqual(e.problems, []);
  assert.equal(total(e), 8_030_261_248);
  assert.equal(e.plan.architecture!.value.ffn, 14336);
  assert.equal(e.plan.seqLen?.value, 8192);
  assert.equal(e.plan.batchTokens?.value, 8192 * 64);
  assert.equal(e.plan.tokens.value, 524_288_000);
  assert.equal(e.plan.steps?.value, 1000);
  assert.equal(e.plan.learningRate?.value, 3e-4);
  assert.equal(e.plan.precision?.value, 'bf16');
  const start = lineOf(text, 'def llama3_8b()');
  assert.equal(e.plan.steps?.range?.startLine, lineOf(text, 'steps=1000', start));
  assert.equal(e.plan.seqLen?.range?.startLine, lineOf(text, 'max_context_length=8192', start));
  assert.equal(e.fields.find((f) => f.key === 'training.num_tokens_per_microbatch_per_dp_rank')?.note, '= 1 * 8192');
});

test('without a GPU count, dp_shard -1 assumes one 8-GPU node and says so', () => {
  const e = entry(read(fixture(LLAMA3)), 'llama3_8b');
  assert.equal(e.plan.tokens.value, 1000 * 8192 * 8);
  assert.equal(e.plan.tokens.origin, 'assumed');
  assert.ok(e.problems.some((p) => p.code === 'assumed-gpu-count'));
});

test('70B with tensor_parallel_degree 8 on 64 GPUs: data-parallel 8; 405B trains FP8 through its converter', () => {
  const r = read(fixture(LLAMA3), LLAMA3, gpus64);
  const e70 = entry(r, 'llama3_70b');
  assert.equal(total(e70), 70_553_706_496);
  assert.equal(e70.plan.batchTokens?.value, 8 * 8192 * 8);
  assert.equal(e70.plan.tokens.value, 1000 * 8 * 8192 * 8);
  const e405 = entry(read(fixture(LLAMA3), LLAMA3, { overrides: { gpus: 512 } }), 'llama3_405b');
  assert.equal(total(e405), 405_853_388_800);
  assert.equal(e405.plan.precision?.value, 'fp8');
  assert.equal(e405.plan.tokens.value, 3000 * 2 * 8192 * 64);
});

test('run setup from Trainer.Config: checkpointing policy, compile and async TP, float8 recipe, sequence-parallel TP, FSDP, chunked loss', () => {
  const text = fixture(LLAMA3);
  const r = read(text, LLAMA3, gpus64);
  const setup = (name: string) => entry(r, name).plan.setup!;
  // llama3_8b: SelectiveAC.Config() (per-op), 8,192-token micro-batches at context 8,192, FSDP over 64.
  const eight = setup('llama3_8b');
  assert.deepEqual(eight.checkpointing?.value, { mode: 'selective-op' });
  assert.equal(eight.checkpointing?.origin, 'stated');
  assert.equal(eight.checkpointing?.range?.startLine, lineOf(text, 'activation_checkpoint=SelectiveAC.Config()', lineOf(text, 'def llama3_8b()')));
  assert.equal(eight.microBatch?.value, 1);
  assert.equal(eight.sharding?.value, 'fsdp-full');
  assert.equal(eight.compile?.value, false);
  assert.equal(eight.chunkedLoss?.value, true);
  assert.equal(eight.optimizer?.value, 'adamw');
  // llama3_70b: FullAC, tensor parallel 8 with sequence-parallel norms, FSDP over the 8 data-parallel ranks.
  const seventy = setup('llama3_70b');
  assert.deepEqual(seventy.checkpointing?.value, { mode: 'full' });
  assert.equal(seventy.parallel?.tp?.value, 8);
  assert.equal(seventy.parallel?.sequenceParallel?.value, true);
  assert.equal(seventy.parallel?.sequenceParallel?.origin, 'default');
  assert.equal(seventy.microBatch?.value, 8);
  assert.equal(seventy.sharding?.value, 'fsdp-full');
  // llama3_405b: compile_config (a local variable) turns on compile and async TP; Float8's default recipe is rowwise.
  const big = setup('llama3_405b');
  assert.equal(big.compile?.value, true);
  assert.equal(big.tpCommOverlap?.value, true);
  assert.equal(big.lowPrecision?.value, 'fp8-rowwise');
  assert.equal(big.lowPrecisionLibrary?.value, 'torchao');
  // The debug model's CrossEntropyLoss variant computes the loss whole; its Interleaved1F1B schedule needs a pipeline to matter.
  assert.equal(setup('llama3_debugmodel_ce_loss').chunkedLoss?.value, false);
  assert.equal(setup('llama3_debugmodel').pipelineSchedule, undefined);
  assert.equal(setup('llama3_8b_mxfp8').lowPrecision?.value, 'mxfp8');
});

test("run setup: a pipeline's schedule and stages, context parallelism sharding, no checkpointing, async TP without compile", () => {
  const text = `from torchtitan.models.llama3 import model_registry
def run() -> Trainer.Config:
    return Trainer.Config(
        model_spec=model_registry("8B"),
        training=TrainingConfig(num_tokens_per_microbatch_per_dp_rank=2 * 8192, max_context_length=8192),
        parallelism=ParallelismConfig(
            pipeline_parallel_degree=4,
            pipeline_parallel_schedule="Interleaved1F1B",
            pipeline_parallel_layers_per_stage=3,
            data_parallel_shard_degree=1,
            context_parallel_degree=2,
            tensor_parallel_degree=2,
            num_pp_microbatches=8,
        ),
        activation_checkpoint=None,
        compile=CompileConfig(enable_async_tensor_parallel=True),
    )
`;
  const r = read(text, 'my_registry.py');
  const s = r.plan.setup!;
  assert.equal(s.pipelineSchedule?.value, 'interleaved-1f1b');
  // 32 layers + 1 + 1 at 3 per stage: 12 stages over 4 ranks.
  assert.equal(s.parallel?.vp?.value, 3);
  assert.equal(s.microBatch?.value, 2);
  assert.deepEqual(s.checkpointing?.value, { mode: 'none' });
  // FSDP over dp_shard × cp even with dp_shard 1; a pipeline keeps the gathered weights.
  assert.equal(s.sharding?.value, 'fsdp-grad-op');
  // Async TP without compile: CompileConfig refuses it (configs.py __post_init__), an error on its line.
  assert.equal(s.tpCommOverlap, undefined);
  assert.ok(
    r.problems.some(
      (p) =>
        p.code === 'invalid-value' && /refuses async tensor parallelism/.test(p.message) && p.range?.startLine === lineOf(text, 'enable_async_tensor_parallel'),
    ),
  );
  assert.equal(r.plan.gpuCount?.value, 16);
  const uneven = read(text.replace('pipeline_parallel_layers_per_stage=3', 'pipeline_parallel_layers_per_stage=2'), 'my_registry.py');
  assert.ok(uneven.problems.some((p) => p.code === 'invalid-value' && p.range?.startLine === lineOf(text, 'pipeline_parallel_layers_per_stage')));
});

test('deepseek_v3 and gpt_oss registries (real files): exact counts, MTP said not counted, private helpers not entries', () => {
  const dsName = 'wild/configs/pytorch__torchtitan/torchtitan/models/deepseek_v3/config_registry.py';
  const ds = fixture(dsName);
  const r = read(ds, 'torchtitan/models/deepseek_v3/config_registry.py', gpus64);
  assert.equal(total(entry(r, 'deepseek_v3_16b')), 15_706_484_224);
  assert.equal(total(entry(r, 'deepseek_v3_671b')), 671_026_404_352);
  // model_registry("debugmodel", num_mtp_layers=1): the module is built, and the count says it is not in it.
  const mtp = entry(r, 'deepseek_v3_debugmodel_mtp');
  assert.equal(total(mtp), 33_014_016);
  const warning = mtp.problems.find((p) => p.code === 'approximate-count');
  assert.ok(warning && /num_mtp_layers=1/.test(warning.message), JSON.stringify(mtp.problems));
  assert.equal(warning.range?.startLine, lineOf(ds, 'num_mtp_layers=1'));
  assert.ok(!entry(r, 'deepseek_v3_16b').problems.some((p) => p.code === 'approximate-count'));

  const oss = read(
    fixture('wild/configs/pytorch__torchtitan/torchtitan/models/gpt_oss/config_registry.py'),
    'torchtitan/models/gpt_oss/config_registry.py',
    gpus64,
  );
  assert.deepEqual(
    oss.entries?.map((e) => e.name),
    ['gpt_oss_debugmodel', 'gpt_oss_debugmodel_flex', 'gpt_oss_20b', 'gpt_oss_120b'],
  );
  assert.equal(total(entry(oss, 'gpt_oss_20b')), 20_914_757_184);
  assert.equal(total(entry(oss, 'gpt_oss_120b')), 116_829_156_672);
});

test('variants inherit their base function and apply attribute assignments and converters', () => {
  const r = read(fixture(LLAMA3), LLAMA3, gpus64);
  // llama3_debugmodel: dim 256, 6 layers, 16 heads, vocab 2048, ffn 768 (int(2·4·256/3) = 682 → 768).
  // 2·2048·256 + 6·(4·256² + 3·256·768 + 2·256) + 256 = 6,163,712.
  const base = entry(r, 'llama3_debugmodel');
  assert.equal(total(base), 6_163_712);
  assert.equal(base.plan.tokens.value, 10 * 8 * 2048 * 64);
  const fp8 = entry(r, 'llama3_debugmodel_float8');
  assert.equal(total(fp8), 6_163_712);
  assert.equal(fp8.plan.precision?.value, 'fp8');
  assert.equal(fp8.plan.tokens.value, base.plan.tokens.value);
  const nvfp4 = entry(r, 'llama3_debugmodel_nvfp4');
  assert.equal(nvfp4.plan.precision?.origin, 'assumed');
  assert.ok(nvfp4.problems.some((p) => p.code === 'unmodelled-precision'));
  const lora = entry(r, 'llama3_debugmodel_float8_emulate_lora');
  assert.ok(lora.problems.some((p) => p.code === 'lora'));
  // A lambda inside the dataset config does not stop the rest from being read.
  assert.equal(total(entry(r, 'sft_debugmodel')), 6_163_712);
});

test('explicit degrees give the GPU count: dp_shard 32 × tp 8 is 256 GPUs, not an assumed node', () => {
  const text = fixture(LLAMA3)
    .replace('def llama3_70b', 'def llama3_70b')
    .replace(/(def llama3_70b[\s\S]*?)tensor_parallel_degree=8,/, '$1data_parallel_shard_degree=32, tensor_parallel_degree=8,');
  const e = entry(read(text), 'llama3_70b');
  assert.equal(e.plan.gpuCount?.value, 256);
  assert.equal(e.plan.gpuCount?.origin, 'derived');
  assert.ok(!e.problems.some((p) => p.code === 'assumed-gpu-count'));
  assert.equal(e.plan.tokens.value, 1000 * 8 * 8192 * 32);
});

test('qwen3 registry: dense flavors counted exactly (per-head q/k norm, tied up to 4B), and the 30B-A3B MoE flavor', () => {
  const text = fixture(QWEN3);
  const r = read(text, QWEN3, gpus64);
  // Qwen3 architecture sums: L·(q,k,v,o + 2·128 q/k-norm + 3·d·ffn + 2·d) + vocab·d·(1 if tied else 2) + d,
  // equal to the published Qwen3-0.6B / 14B / 32B totals.
  assert.equal(total(entry(r, 'qwen3_0_6b')), 596_049_920);
  assert.equal(total(entry(r, 'qwen3_14b')), 14_768_307_200);
  assert.equal(total(entry(r, 'qwen3_32b')), 32_762_123_264);
  const e14 = entry(r, 'qwen3_14b');
  assert.equal(e14.plan.tokens.value, 3000 * 4 * 4096 * 64);
  // Qwen3-30B-A3B (torchtitan/models/qwen3/__init__.py@b5bcd76 `_30b_a3b`, the shape of
  // Qwen/Qwen3-30B-A3B's config.json): 48 layers × (attention 2048·(32+2·4)·128 + 32·128·2048
  // + q/k norms 2·128 + router 2048·128 + 128 experts × 3·2048·768 + 2 norms 2·2048)
  // + untied embedding and head 2·151936·2048 + final norm 2048.
  const moe = entry(r, 'qwen3_30b_a3b');
  const perLayer = 2048 * 40 * 128 + 32 * 128 * 2048 + 256 + 2048 * 128 + 128 * 3 * 2048 * 768 + 2 * 2048;
  assert.equal(total(moe), 48 * perLayer + 2 * 151936 * 2048 + 2048);
  assert.equal(total(moe), 30_532_122_624);
  // Active: top-8 of 128 experts.
  const active = countParams(moe.plan.architecture!.value).active;
  assert.equal(active, 30_532_122_624 - 48 * 120 * 3 * 2048 * 768);
  assert.equal(active, 3_353_032_704);
});

test('what cannot be evaluated is unknown with a warning on its line, never a number', () => {
  const base = fixture(LLAMA3);
  const add = (body: string) => `${base}\n\ndef llama3_probe() -> Trainer.Config:\n    config = llama3_8b()\n${body}    return config\n`;
  const cases: Array<[string, string, (e: ReadEntry) => unknown]> = [
    ['    for s in [1, 2]:\n        config.training.steps = s\n', 'config.training.steps = s', (e) => e.plan.steps],
    ['    if os.environ["FAST"]:\n        config.training.steps = 5\n', 'config.training.steps = 5', (e) => e.plan.steps],
    ['    config.training.steps = compute_steps()\n', 'compute_steps()', (e) => e.plan.steps],
    ['    config.training.max_context_length = SEQ\n', 'max_context_length = SEQ', (e) => e.plan.seqLen],
    ['    config.model_spec = make_spec()\n', 'make_spec()', (e) => e.plan.architecture],
  ];
  for (const [body, needle, value] of cases) {
    const text = add(body);
    const e = entry(read(text, LLAMA3, gpus64), 'llama3_probe');
    assert.equal(value(e), null, body);
    const w = e.problems.find((p) => p.code === 'unevaluated-value');
    assert.ok(w, `${body}: ${JSON.stringify(e.problems)}`);
    assert.equal(w.range?.startLine, lineOf(text, needle, lineOf(text, 'def llama3_probe')), body);
    // Unknown steps leave the tokens unknown too; the architecture and sequence length do not.
    assert.equal(e.plan.tokens.value, needle.includes('steps') ? null : 1000 * 8192 * 64, body);
  }
});

test('constants, arithmetic, constant if and f-strings are evaluated', () => {
  const text = `${fixture(LLAMA3)}
STEPS = 2 * 250
FAST = False


def llama3_probe() -> Trainer.Config:
    config = llama3_8b()
    name = f"{STEPS}-steps"
    if FAST:
        config.training.steps = 1
    elif name == "500-steps":
        config.training.steps = STEPS + 100
    else:
        config.training.steps = 7
    config.parallelism.data_parallel_shard_degree = 4 * 16
    return config
`;
  const e = entry(read(text), 'llama3_probe');
  assert.equal(e.plan.steps?.value, 600);
  assert.equal(e.plan.gpuCount?.value, 64);
  assert.equal(e.plan.tokens.value, 600 * 8192 * 64);
});

test('the model family: the folder, else `from torchtitan.models.X import model_registry`, else the function prefix', () => {
  const text = fixture(LLAMA3);
  // sft_debugmodel has no llama3_ prefix: outside the llama3/ folder the family is unknown…
  const outside = read(text, 'my_registry.py');
  assert.equal(total(entry(outside, 'llama3_8b')), 8_030_261_248);
  assert.equal(entry(outside, 'sft_debugmodel').plan.architecture, null);
  assert.ok(entry(outside, 'sft_debugmodel').problems.some((p) => p.code === 'unknown-model'));
  // …unless the file imports the registry of a known model.
  const imported = read(text.replace('from . import model_registry', 'from torchtitan.models.llama3 import model_registry'), 'my_registry.py');
  assert.equal(total(entry(imported, 'sft_debugmodel')), 6_163_712);
});

test('detection: registries are torchtitan; nanoGPT configs and ordinary scripts are not', () => {
  assert.equal(detectFormat(fixture(LLAMA3), 'config_registry.py')?.reader, torchtitanPythonReader);
  assert.equal(detectFormat(fixture(QWEN3), 'config_registry.py')?.reader, torchtitanPythonReader);
  assert.equal(detectFormat(fixture('nanogpt/train_gpt2.py'), 'train_gpt2.py')?.reader.id, 'nanogpt');
  assert.equal(detectFormat('import torch\n\ndef main():\n    print(torch.cuda.is_available())\n', 'x.py'), null);
  assert.equal(torchtitanPythonReader.detect('from torchtitan.trainer import Trainer\n', 'x.py'), 0);
});

test('CLI: estimate --entry picks one function; without it every entry, each named', () => {
  const file = join(__dirname, '../fixtures', LLAMA3);
  const one = run(['estimate', file, '--entry', 'llama3_8b', '--gpus', '64', '--json']);
  assert.equal(one.code, 0, one.stderr);
  const j = JSON.parse(one.stdout);
  assert.equal(j.entry, 'llama3_8b');
  assert.equal(j.params.total, 8_030_261_248);
  assert.equal(j.tokens, 524_288_000);
  const all = run(['estimate', file, '--gpus', '64', '--json']);
  const list = JSON.parse(all.stdout) as Array<{ entry: string; params: { total: number | null } }>;
  assert.equal(list.length, 14);
  assert.equal(list.find((x) => x.entry === 'llama3_405b')?.params.total, 405_853_388_800);
  const text = run(['estimate', file, '--entry', 'llama3_70b', '--gpus', '64']);
  assert.match(text.stdout, /llama3_70b\(\)/);
  const missing = run(['estimate', file, '--entry', 'llama3_9b']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no entry "llama3_9b" \(entries: llama3_debugmodel, /);
  const single = run(['estimate', join(__dirname, '../fixtures/torchtitan/llama3_8b.toml'), '--entry', 'x']);
  assert.equal(single.code, 2);
});

test("a subclass's config (experiments/torchft: FaultTolerantTrainer.Config) is a run like Trainer.Config", () => {
  const name = 'torchtitan/torchft/llama3/config_registry.py';
  const text = fixture(name);
  assert.equal(detectFormat(text, name)?.reader.id, 'torchtitan');
  const r = read(text, name);
  assert.ok(r.entries && r.entries.length > 0);
  const e = entry(r, 'llama3_torchft_debugmodel');
  // The same debugmodel flavor as models/llama3 (from . import model_registry, folder llama3).
  const plain = entry(read(fixture(LLAMA3)), 'llama3_debugmodel');
  assert.equal(e.plan.architecture?.value.layers, plain.plan.architecture?.value.layers);
  assert.equal(e.plan.tokens.value, 100 * 8 * 2048 * 8); // steps 100 × 8 × 2048 tokens per rank × 8 data-parallel ranks (one assumed node)
});

test('a config another call builds (graph_trainer: to_graph_trainer_config(llama3_debugmodel(), …)) is unknown, not read as every default', () => {
  // pytorch/torchtitan@b5bcd76 torchtitan/experiments/graph_trainer/llama3/config_registry.py, lines 31-34.
  const text = `from torchtitan.experiments.graph_trainer.trainer import GraphTrainer

from . import model_registry


def graph_trainer_llama3_debugmodel() -> GraphTrainer.Config:
    config = to_graph_trainer_config(llama3_debugmodel(), model_registry)
    config.compile = GraphTrainerCompileConfig(enable=True)
    return config
`;
  const r = read(text, 'torchtitan/graph_trainer/llama3/config_registry.py');
  const e = entry(r, 'graph_trainer_llama3_debugmodel');
  assert.equal(e.plan.tokens.value, null);
  assert.equal(e.plan.architecture, null);
  assert.ok(e.problems.some((p) => /comes from to_graph_trainer_config\(…\), which is not evaluated/.test(p.message)));
});
