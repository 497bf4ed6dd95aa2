// Fine-tuning keys of this format (docs/configs.md#litgpt).
// The kind and setup of a litgpt run. `litgpt finetune_lora` configs (config_hub/finetune/*/
// lora.yaml, qlora.yaml) name the checkpoint (`checkpoint_dir`), the rank (`lora_r`) and which
// layers get adapters with one flag each (litgpt/lora.py Config: lora_query, lora_key,
// lora_value on the fused qkv, lora_projection on attn.proj, lora_mlp on every MLP matrix,
// lora_head on lm_head); `quantize: bnb.nf4` makes it QLoRA. A full fine-tune names a
// checkpoint and no adapter; `litgpt pretrain` with `initial_checkpoint_dir` continues
// pretraining; otherwise pretrain starts from scratch.

import type { Traced } from '../../core/plan';
import type { AdapterTarget } from '../../core/runSetup';
import type { PlanBuilder } from '../shared/builder';
import { applyKindDirective, optimizerKind, type RunRead } from '../shared/fineTune';
import type { YamlFields } from '../shared/yamlFields';

/** litgpt LoRA flags → canonical targets (the MLP flag adapts every MLP matrix: fc_1/fc_2/proj or fc/proj). */
const FLAGS: ReadonlyArray<[string, readonly AdapterTarget[]]> = [
  ['lora_query', ['q']],
  ['lora_key', ['k']],
  ['lora_value', ['v']],
  ['lora_projection', ['o']],
  ['lora_mlp', ['gate', 'up', 'down']],
  ['lora_head', ['head']],
];

export function litgptRun(
  b: PlanBuilder,
  f: YamlFields,
  micro: Traced<number> | undefined,
  global: Traced<number> | undefined,
  gpus: Traced<number> | null,
): RunRead {
  const run: RunRead = { kind: {}, setup: {} };
  const ckpt = f.str('checkpoint_dir');
  const initial = f.str('initial_checkpoint_dir');
  const from = ckpt ?? initial;
  if (from) run.init = b.trace('pretrained', 'stated', from.entry.path, from.entry.range, `starts from the trained weights in ${from.value}`);
  else if (f.entry('model_name') || f.entry('model_config'))
    run.init = b.trace(
      'scratch',
      'default',
      'litgpt pretrain',
      null,
      'no checkpoint_dir or initial_checkpoint_dir: litgpt pretrain initialises the weights randomly',
    );

  const rank = f.entry('lora_r');
  if (ckpt) {
    run.kind!.stage = b.trace('sft', 'stated', 'checkpoint_dir', ckpt.entry.range, 'litgpt finetune: supervised fine-tuning of the checkpoint');
  } else if (initial) {
    run.kind!.stage = b.trace('continued-pretrain', 'stated', 'initial_checkpoint_dir', initial.entry.range);
  } else if (run.init) {
    run.kind!.stage = b.trace('pretrain', 'default', 'litgpt pretrain', null);
  }
  if (rank) lora(b, f, run);
  else if (from) run.kind!.method = b.trace('full', 'default', 'no lora_r', null, 'no LoRA keys: every weight is trained');

  const s = run.setup!;
  if (micro) s.microBatch = micro;
  if (micro && global && gpus) {
    // litgpt/args.py TrainArgs.gradient_accumulation_iters: global_batch_size // devices // micro_batch_size.
    const accum = Math.floor(Math.floor(global.value / gpus.value) / micro.value);
    if (accum >= 1)
      s.gradAccum = b.trace(
        accum,
        gpus.origin === 'assumed' ? 'assumed' : 'derived',
        `train.global_batch_size ${global.value} // ${gpus.value} devices // micro_batch_size ${micro.value}`,
        global.range,
      );
  }
  // litgpt/finetune/{full,lora,adapter}.py: more than one device shards with FSDP (FULL_SHARD)
  // and checkpoints every Block; one device runs plain, without checkpointing.
  if (ckpt && gpus) {
    const src = 'Lightning-AI/litgpt@26857050fe3ff627cd714fe92f5838f51a3d5efa:litgpt/finetune/full.py';
    if (gpus.value > 1) {
      s.sharding = b.setupDefault('fsdp-full' as const, `devices × num_nodes > 1: FSDPStrategy (FULL_SHARD) (${src})`);
      s.checkpointing = b.setupDefault({ mode: 'full' as const }, `activation_checkpointing_policy={Block} (${src})`);
    } else {
      s.sharding = b.setupDefault('none' as const, `one device: strategy "auto" (${src})`);
      s.checkpointing = b.setupDefault({ mode: 'none' as const }, `one device: no activation checkpointing (${src})`);
    }
  }
  // LoRA fine-tuning runs the head in chunks: model(input_ids, lm_head_chunk_size=128), so no
  // full logits buffer (full.py computes whole logits).
  if (ckpt && rank)
    s.chunkedLoss = b.setupDefault(
      true,
      'model(input_ids, lm_head_chunk_size=128) (Lightning-AI/litgpt@26857050fe3ff627cd714fe92f5838f51a3d5efa:litgpt/finetune/lora.py)',
    );
  const optim = f.str('optimizer.class_path') ?? f.str('optimizer');
  if (optim) {
    const k = optimizerKind(optim.value);
    if (k) s.optimizer = b.trace(k, 'stated', optim.entry.path, optim.entry.range);
  }
  applyKindDirective(b, run);
  return run;
}

function lora(b: PlanBuilder, f: YamlFields, run: RunRead): void {
  const r = f.num('lora_r', 'architecture', { integer: true, min: 1, max: 1e6 });
  const q = f.str('quantize');
  const four = q && /nf4|fp4/i.test(q.value);
  run.kind!.method = four
    ? b.trace('qlora', 'stated', 'quantize', q.entry.range, `LoRA on a ${q.value}-quantised base (QLoRA)`)
    : b.trace('lora', 'stated', 'lora_r', f.entry('lora_r')!.range);
  if (!r) return;
  const targets: AdapterTarget[] = [];
  const missing: string[] = [];
  for (const [key, ts] of FLAGS) {
    const v = f.bool(key);
    if (!v) missing.push(key);
    else if (v.value) targets.push(...ts);
  }
  if (missing.length) {
    b.problem(
      'info',
      'adapter-not-counted',
      `The LoRA size is not counted: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not in the file (litgpt's defaults differ between versions); state each flag.`,
      f.entry('lora_r')!.range,
    );
    return;
  }
  b.stated('LoRA targets', targets.join(', ') || 'none', f.entry('lora_query')?.range ?? null, 'architecture');
  run.kind!.adapter = b.trace(
    { rank: r.value, targets, ...(four ? { baseBits: 4 as const } : /int8/i.test(q?.value ?? '') ? { baseBits: 8 as const } : {}) },
    'stated',
    'lora_r, lora_query … lora_head',
    r.range,
  );
}
