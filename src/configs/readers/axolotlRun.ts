// Fine-tuning keys of this format (docs/configs.md#axolotl).
// The kind and setup of an axolotl run (axolotl-ai-cloud/axolotl src/axolotl/utils/schemas/
// config.py, peft.py): `adapter: lora|qlora` with `lora_r`, `lora_target_modules`,
// `lora_target_linear` (every linear layer but lm_head: utils/models.py find_all_linear_names),
// `lora_modules_to_save`, `peft_use_dora`; `rl:` names the preference stage; a
// `pretraining_dataset` continues pretraining; `reinit_weights` trains from scratch.

import type { Traced } from '../../core/plan';
import type { ShardingKind, TrainingStage } from '../../core/runSetup';
import type { PlanBuilder } from '../shared/builder';
import { ALL_LINEAR, applyKindDirective, canonicalTargets, fsdpSharding, nameList, optimizerKind, savedModules, type RunRead } from '../shared/fineTune';
import type { YamlFields } from '../shared/yamlFields';
import type { YamlConfig } from '../shared/yamlConfig';

/** axolotl `rl:` values (RLType) → stage; IPO is a DPO loss. */
const RL: Readonly<Record<string, TrainingStage>> = { dpo: 'dpo', ipo: 'dpo', kto: 'kto', orpo: 'orpo', simpo: 'simpo', grpo: 'grpo' };

export function axolotlRun(b: PlanBuilder, f: YamlFields, y: YamlConfig, micro: Traced<number> | undefined, accum: Traced<number> | undefined): RunRead {
  const run: RunRead = { kind: {}, setup: {} };
  const base = f.str('base_model');
  const reinit = f.bool('reinit_weights');
  if (reinit?.value) run.init = b.trace('scratch', 'stated', 'reinit_weights', reinit.entry.range);
  else if (base) run.init = b.trace('pretrained', 'stated', 'base_model', base.entry.range, `starts from the trained weights of ${base.value}`);

  const rl = f.str('rl');
  const pre = f.entry('pretraining_dataset');
  if (rl) {
    const stage = RL[rl.value.toLowerCase()];
    if (stage) run.kind!.stage = b.trace(stage, 'stated', 'rl', rl.entry.range);
    else b.problem('info', 'unknown-stage', `rl: ${rl.value} is not a stage Scaling Lens knows (dpo, ipo, kto, orpo, simpo, grpo).`, rl.entry.valueRange);
  } else if (pre) {
    run.kind!.stage = b.trace(reinit?.value ? 'pretrain' : 'continued-pretrain', 'stated', 'pretraining_dataset', pre.range);
  } else if (base && !reinit?.value) {
    const ds = f.entry('datasets');
    run.kind!.stage = b.trace(
      'sft',
      ds ? 'stated' : 'default',
      ds ? 'datasets' : 'axolotl',
      ds?.range,
      'supervised fine-tuning on the datasets (no rl: and no pretraining_dataset)',
    );
  }

  const adapter = f.str('adapter');
  if (adapter && adapter.value.trim() !== '') {
    const kind = adapter.value.trim().toLowerCase();
    const dora = f.bool('peft_use_dora');
    if (kind !== 'lora' && kind !== 'qlora') {
      b.problem(
        'info',
        'adapter-not-counted',
        `adapter: ${adapter.value}: its trainable parameters are not counted by Scaling Lens (lora and qlora are).`,
        adapter.entry.valueRange,
      );
    } else {
      run.kind!.method = dora?.value ? b.trace('dora', 'stated', 'peft_use_dora', dora.entry.range) : b.trace(kind, 'stated', 'adapter', adapter.entry.range);
      b.stated(
        'adapter',
        adapter.value,
        adapter.entry.range,
        'architecture',
        `${adapter.value} trains small adapter matrices; every token still passes through the base model's weights`,
      );
      loraAdapter(b, f, y, run, kind === 'qlora' || f.bool('load_in_4bit')?.value === true ? 4 : f.bool('load_in_8bit')?.value === true ? 8 : undefined);
    }
  } else if (base) {
    run.kind!.method = b.trace('full', 'default', 'no adapter', null, 'no adapter: every weight is trained');
  }

  const s = run.setup!;
  if (micro) s.microBatch = micro;
  if (accum) s.gradAccum = accum;
  // axolotl's schema: `bool | "offload" | "offload_disk"` (src/axolotl/utils/schemas/config.py):
  // the offload modes checkpoint every layer and move the saved inputs to host memory or disk.
  const gcEntry = f.entry('gradient_checkpointing');
  const gcOffload = gcEntry && typeof gcEntry.value === 'string' && /^offload(_disk)?$/.test(gcEntry.value.trim()) ? gcEntry.value.trim() : null;
  const gc = gcOffload ? null : f.bool('gradient_checkpointing');
  if (gcOffload)
    s.checkpointing = b.trace(
      { mode: 'full' as const },
      'stated',
      'gradient_checkpointing',
      gcEntry!.range,
      `${gcOffload}: every layer checkpointed, its saved input moved to ${gcOffload === 'offload' ? 'host memory' : 'disk'}; the GPU estimate still counts the saved inputs (an upper bound)`,
    );
  else if (gc) s.checkpointing = b.trace({ mode: gc.value ? 'full' : 'none' }, 'stated', 'gradient_checkpointing', gc.entry.range);
  const optim = f.str('optimizer');
  if (optim) {
    const k = optimizerKind(optim.value);
    if (k) s.optimizer = b.trace(k, 'stated', 'optimizer', optim.entry.range);
  }
  const fsdp = f.entry('fsdp') ? nameList(y, 'fsdp') : null;
  if (fsdp) {
    const { sharding, offload } = fsdpSharding(fsdp.flatMap((w) => w.split(/\s+/)));
    const at = f.entry('fsdp')!.range;
    if (sharding) s.sharding = b.trace(sharding, 'stated', 'fsdp', at);
    if (offload) s.offload = b.trace('optimizer+params', 'stated', 'fsdp', at);
  }
  fsdpConfig(b, f, s);
  parallelSizes(b, f, s);
  // Fused linear cross-entropy never holds the whole fp32 logits: Liger's kernel and the
  // CutCrossEntropyPlugin compute the loss chunk by chunk from the last hidden state.
  const ccePlugin = f.entry('plugins') && (nameList(y, 'plugins') ?? []).some((p) => /CutCrossEntropyPlugin$/.test(p));
  const fusedFlags = ['liger_fused_linear_cross_entropy', 'cut_cross_entropy'].filter((k) => f.bool(k)?.value === true);
  const fusedLoss = fusedFlags[0] ?? (ccePlugin ? 'plugins' : null);
  if (fusedLoss)
    s.chunkedLoss = b.trace(
      true,
      'stated',
      fusedLoss,
      f.entry(fusedLoss)?.range ?? null,
      'fused linear cross-entropy: the logits are never held whole; counted as a chunked loss (the bf16 logits), an upper bound',
    );
  const flash = f.bool('flash_attention');
  if (flash) s.flashAttention = b.trace(flash.value, 'stated', 'flash_attention', flash.entry.range);
  const attn = f.str('attn_implementation');
  if (!flash && attn) s.flashAttention = b.trace(/flash|sdpa/i.test(attn.value), 'stated', 'attn_implementation', attn.entry.range);
  const compile = f.bool('torch_compile');
  if (compile) s.compile = b.trace(compile.value, 'stated', 'torch_compile', compile.entry.range);
  applyKindDirective(b, run);
  return run;
}

function loraAdapter(b: PlanBuilder, f: YamlFields, y: YamlConfig, run: RunRead, baseBits: 4 | 8 | undefined): void {
  const r = f.num('lora_r', 'architecture', { integer: true, min: 1, max: 1e6 });
  if (!r) {
    b.problem('warning', 'missing-value', 'lora_r is not set, so the adapter size is not known.', f.entry('adapter')?.range ?? null);
    return;
  }
  const linear = f.bool('lora_target_linear');
  const listed = f.entry('lora_target_modules') ? nameList(y, 'lora_target_modules') : [];
  if (listed === null) {
    b.invalid('lora_target_modules', 'expected a list of module names', f.entry('lora_target_modules')!.valueRange);
    return;
  }
  const names = [...listed, ...(linear?.value ? ['all-linear'] : [])];
  const defaulted = names.length === 0;
  const { targets, unknown } = canonicalTargets(defaulted ? ['q_proj', 'v_proj'] : names);
  const saveNames = f.entry('lora_modules_to_save') ? (nameList(y, 'lora_modules_to_save') ?? []) : [];
  const saved = savedModules(saveNames);
  const notCounted = [...unknown, ...saved.unknown];
  const at = f.entry('lora_target_modules')?.range ?? linear?.entry.range;
  if (notCounted.length) {
    b.problem(
      'info',
      'adapter-not-counted',
      `The adapter's trainable parameters are not counted: ${notCounted.map((n) => `"${n}"`).join(', ')} ${notCounted.length === 1 ? 'is not a module' : 'are not modules'} Scaling Lens maps to one matrix of the model.`,
      at ?? null,
    );
    return;
  }
  const source = defaulted
    ? "PEFT's default target modules for Llama-like models (q_proj, v_proj)"
    : linear?.value && listed.length === 0
      ? 'lora_target_linear'
      : 'lora_target_modules';
  b.stated(
    'LoRA targets',
    targets.length === ALL_LINEAR.length && linear?.value ? `${targets.join(', ')} (every linear layer but lm_head)` : targets.join(', '),
    at ?? null,
    'architecture',
    defaulted ? source : undefined,
  );
  run.kind!.adapter = b.trace(
    { rank: r.value, targets, ...(baseBits ? { baseBits } : {}), ...(saved.modules.length ? { modulesToSave: saved.modules } : {}) },
    defaulted ? 'default' : 'stated',
    `lora_r, ${source}`,
    r.range,
  );
}

/** FSDP's `reshard_after_forward` / `sharding_strategy` words → the sharding kinds. */
const FSDP_STRATEGIES: Readonly<Record<string, ShardingKind>> = {
  FULL_SHARD: 'fsdp-full',
  SHARD_GRAD_OP: 'fsdp-grad-op',
  HYBRID_SHARD: 'fsdp-hybrid',
  _HYBRID_SHARD_ZERO2: 'fsdp-hybrid',
  NO_SHARD: 'none',
};

/**
 * `fsdp_config:` (axolotl's FSDP2 style, `fsdp_version: 2`, and the accelerate-style keys):
 * `sharding_strategy` / `fsdp_sharding_strategy`, else `reshard_after_forward` (true: full
 * shard, false: grad-op), else full sharding, FSDP2's default (fully_shard reshards after
 * forward); `offload_params` moves weights and optimizer states to the host;
 * `activation_checkpointing` checkpoints every layer. The older `fsdp:` word list wins where both say.
 */
function fsdpConfig(b: PlanBuilder, f: YamlFields, s: NonNullable<RunRead['setup']>): void {
  const cfg = f.entry('fsdp_config');
  if (!cfg?.isMap) return;
  const key = (name: string) =>
    f.entry(`fsdp_config.${name}`) ? `fsdp_config.${name}` : f.entry(`fsdp_config.fsdp_${name}`) ? `fsdp_config.fsdp_${name}` : null;
  const strategyKey = key('sharding_strategy');
  const strategy = strategyKey ? f.str(strategyKey) : undefined;
  const reshardKey = key('reshard_after_forward');
  const reshard = reshardKey ? f.bool(reshardKey) : undefined;
  if (!s.sharding) {
    const named = strategy ? FSDP_STRATEGIES[strategy.value.trim().toUpperCase()] : undefined;
    if (named) s.sharding = b.trace(named, 'stated', strategyKey!, strategy!.entry.range);
    else if (reshard) s.sharding = b.trace(reshard.value ? 'fsdp-full' : 'fsdp-grad-op', 'stated', reshardKey!, reshard.entry.range);
    else
      s.sharding = b.setupDefault(
        'fsdp-full' as const,
        'fsdp_config without a sharding strategy: FSDP shards weights, gradients and optimizer states (full shard)',
      );
  }
  const offloadKey = key('offload_params');
  const offload = offloadKey ? f.bool(offloadKey) : undefined;
  if (offload?.value && !s.offload) s.offload = b.trace('optimizer+params', 'stated', offloadKey!, offload.entry.range);
  const acKey = key('activation_checkpointing');
  const ac = acKey ? f.bool(acKey) : undefined;
  if (ac && !s.checkpointing) s.checkpointing = b.trace({ mode: ac.value ? 'full' : 'none' }, 'stated', acKey!, ac.entry.range);
}

/**
 * axolotl's parallel sizes (src/axolotl/utils/schemas/config.py): tensor_parallel_size,
 * context_parallel_size (ring attention over the sequence), dp_shard_size, dp_replicate_size,
 * expert_parallel_size.
 */
function parallelSizes(b: PlanBuilder, f: YamlFields, s: NonNullable<RunRead['setup']>): void {
  const rule = { integer: true, min: 1, max: 1e6 } as const;
  const tp = f.num('tensor_parallel_size', 'hardware', rule);
  const cp = f.num('context_parallel_size', 'hardware', rule);
  const ep = f.num('expert_parallel_size', 'hardware', rule);
  const shard = f.num('dp_shard_size', 'hardware', rule);
  const replicate = f.num('dp_replicate_size', 'hardware', rule);
  if (!tp && !cp && !ep && !shard && !replicate) return;
  s.parallel = {
    ...(s.parallel ?? {}),
    ...(tp ? { tp } : {}),
    ...(cp ? { cp } : {}),
    ...(ep ? { ep } : {}),
    ...(shard && replicate ? { dp: b.trace(shard.value * replicate.value, 'derived', 'dp_shard_size × dp_replicate_size', shard.range) } : {}),
  };
  if (replicate && replicate.value > 1 && shard && shard.value > 1 && !s.sharding)
    s.sharding = b.trace('fsdp-hybrid', 'stated', 'dp_shard_size, dp_replicate_size', shard.range);
}
