// `deepspeed: <path>.json` in LLaMA-Factory / axolotl YAML: the reader lists the path, the host
// reads it (bounded, regular files only, relative to the config's folder then the run's root),
// and the reader takes the ZeRO stage, offload and precision from it with the file named as the
// origin; a missing file is said and assumed, never a crash. Real configs with the DeepSpeed
// files they name: test/fixtures/finetune/README.md.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, copyFileSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../src/configs/analyze';
import { resolveReferencedFile, fileCandidates, isFound, type FileResolution } from '../../src/configs/resolve/referencedFiles';
import { nodeModelFiles } from '../../src/host/node/modelFiles';
import { runAsync } from '../../src/cli/main';

const ROOT = join(__dirname, '..', 'fixtures', 'finetune');
const LF = join(ROOT, 'hiyouga__LLaMA-Factory');
const AX = join(ROOT, 'axolotl-ai-cloud__axolotl');
const LF_YAML = 'examples/train_lora/qwen3_lora_sft_ds3.yaml';
const AX_YAML = 'examples/alst/llama3-8b-deepspeed-alst.yaml';

function read(root: string, yaml: string, files?: ReadonlyMap<string, FileResolution>) {
  const a = analyze(readFileSync(join(root, yaml), 'utf8'), yaml, files ? { ctx: { files } } : {});
  assert.ok(a.ok);
  return a;
}

test('before the host reads it: the path is listed for the host, nothing is assumed from it', () => {
  const a = read(LF, LF_YAML);
  assert.deepEqual(
    a.result.unresolvedFiles?.map((u) => u.path),
    ['examples/deepspeed/ds_z3_config.json'],
  );
  assert.equal(a.result.plan.setup?.sharding, undefined);
  assert.ok(a.result.problems.some((p) => p.code === 'linked-config'));
});

test('the host resolves the path against the config folder, then the run root (LLaMA-Factory names it from the repository root)', async () => {
  const env = { configDir: join(LF, 'examples/train_lora'), roots: [LF] };
  assert.deepEqual(fileCandidates('examples/deepspeed/ds_z3_config.json', env), [
    `${join(LF, 'examples/train_lora')}/examples/deepspeed/ds_z3_config.json`,
    `${LF}/examples/deepspeed/ds_z3_config.json`,
  ]);
  const r = await resolveReferencedFile('examples/deepspeed/ds_z3_config.json', nodeModelFiles, env);
  assert.ok(isFound(r));
  assert.equal(r.location, `${LF}/examples/deepspeed/ds_z3_config.json`);
  // A directory is not a file; a missing path says where it looked.
  const dir = await resolveReferencedFile('examples/deepspeed', nodeModelFiles, env);
  assert.ok(!isFound(dir));
  const missing = await resolveReferencedFile('nope.json', nodeModelFiles, env);
  assert.ok(!isFound(missing));
  assert.equal(missing.tried.length, 2);
});

test('LLaMA-Factory qwen3_lora_sft_ds3.yaml + ds_z3_config.json: ZeRO-3 from the file, named as the origin; "auto" precision stays the YAML\'s bf16', async () => {
  const r = await resolveReferencedFile('examples/deepspeed/ds_z3_config.json', nodeModelFiles, { configDir: join(LF, 'examples/train_lora'), roots: [LF] });
  const a = read(LF, LF_YAML, new Map([[r.path, r]]));
  const sharding = a.result.plan.setup?.sharding;
  assert.equal(sharding?.value, 'zero3');
  assert.equal(sharding?.origin, 'stated');
  assert.equal(sharding?.source, 'examples/deepspeed/ds_z3_config.json: zero_optimization.stage');
  assert.match(sharding?.note ?? '', /read from .*ds_z3_config\.json/);
  // "overlap_comm": false in the file: gradient reduction waits for the backward.
  assert.deepEqual(
    [a.result.plan.setup?.gradReduceOverlap?.value, a.result.plan.setup?.gradReduceOverlap?.source],
    [false, 'examples/deepspeed/ds_z3_config.json: zero_optimization.overlap_comm'],
  );
  // No offload sections: DeepSpeed's default, nothing offloaded.
  assert.equal(a.result.plan.setup?.offload?.value, 'none');
  assert.equal(a.result.unresolvedFiles, undefined);
  // bf16.enabled "auto" is filled from the YAML's bf16: true.
  assert.equal(a.result.plan.precision?.value, 'bf16');
  assert.equal(a.result.plan.precision?.source, 'bf16');
  // The memory model shards over the data-parallel group.
  assert.equal(a.estimate.memory?.setup.sharding, 'zero3');
});

test('axolotl llama3-8b-deepspeed-alst.yaml + zero3_bf16_cpuoffload_all.json: ZeRO-3 with parameters and optimizer offloaded', async () => {
  const path = 'deepspeed_configs/zero3_bf16_cpuoffload_all.json';
  const r = await resolveReferencedFile(path, nodeModelFiles, { configDir: join(AX, 'examples/alst'), roots: [AX] });
  const a = read(AX, AX_YAML, new Map([[path, r]]));
  assert.equal(a.result.plan.setup?.sharding?.value, 'zero3');
  assert.equal(a.result.plan.setup?.offload?.value, 'optimizer+params');
  assert.equal(a.result.plan.setup?.offload?.source, `${path}: zero_optimization.offload_param.device`);
});

test('the file enables bf16 where the YAML does not say: precision from the file, origin naming it', () => {
  const yaml = readFileSync(join(LF, LF_YAML), 'utf8').replace(/^bf16: true\n/m, '');
  const text = '{"bf16": {"enabled": true}, "zero_optimization": {"stage": 2, "offload_optimizer": {"device": "cpu"}}}';
  const files = new Map<string, FileResolution>([
    ['examples/deepspeed/ds_z3_config.json', { path: 'examples/deepspeed/ds_z3_config.json', text, location: '/x/ds.json' }],
  ]);
  const a = analyze(yaml, LF_YAML, { ctx: { files } });
  assert.ok(a.ok);
  assert.equal(a.result.plan.precision?.value, 'bf16');
  assert.equal(a.result.plan.precision?.source, 'examples/deepspeed/ds_z3_config.json: bf16.enabled');
  assert.equal(a.result.plan.setup?.sharding?.value, 'zero2');
  assert.equal(a.result.plan.setup?.offload?.value, 'optimizer');
});

test('a missing or broken file is said, never a crash: no sharding assumed, naming the path', () => {
  const path = 'examples/deepspeed/ds_z3_config.json';
  const missing = new Map<string, FileResolution>([[path, { path, tried: ['/a', '/b'], reason: 'no file at /a or /b' }]]);
  const a = read(LF, LF_YAML, missing);
  const s = a.result.plan.setup?.sharding;
  assert.equal(s?.value, 'none');
  assert.equal(s?.origin, 'assumed');
  assert.match(s?.note ?? '', /examples\/deepspeed\/ds_z3_config\.json was not found/);
  assert.ok(a.result.problems.some((p) => p.code === 'linked-config' && /was not found \(no file at \/a or \/b\)/.test(p.message)));
  assert.ok(a.estimate.memory?.assumptions.some((x) => x.field === 'memory.sharding' && /not found/.test(x.note ?? '')));
  for (const text of ['not json', '[1, 2]', '{"zero_optimization": {"stage": "auto"}}']) {
    const b = read(LF, LF_YAML, new Map([[path, { path, text, location: '/x/ds.json' }]]));
    assert.ok(b.ok);
    assert.notEqual(b.result.plan.setup?.sharding?.value, 'zero3');
  }
});

test('CLI: estimate reads the DeepSpeed file next to the config (relative to its folder)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sl-ds-'));
  try {
    mkdirSync(join(dir, 'examples/deepspeed'), { recursive: true });
    copyFileSync(join(LF, 'examples/deepspeed/ds_z3_config.json'), join(dir, 'examples/deepspeed/ds_z3_config.json'));
    const yaml = join(dir, 'qwen3_lora_sft_ds3.yaml');
    copyFileSync(join(LF, LF_YAML), yaml);
    const r = await runAsync(['estimate', yaml, '--gpus', '8', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const run = JSON.parse(r.stdout).run;
    assert.equal(run.sharding.value, 'zero3');
    assert.equal(run.sharding.source, 'examples/deepspeed/ds_z3_config.json: zero_optimization.stage');
    assert.equal(run.offload.source, 'examples/deepspeed/ds_z3_config.json: DeepSpeed default');
    // Missing: the estimate still runs, and says so.
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('ds_z3_config.json', 'ds_missing.json'));
    const m = await runAsync(['estimate', yaml, '--gpus', '8']);
    assert.equal(m.code, 0, m.stderr);
    assert.match(m.stdout, /ds_missing\.json was not found/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
