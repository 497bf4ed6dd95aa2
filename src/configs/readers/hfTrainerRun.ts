// Fine-tuning keys of this format (docs/configs.md#hugging-face-trainingarguments).
// The kind and setup of a Hugging Face TrainingArguments run: LLaMA-Factory's
// FinetuningArguments (stage, finetuning_type, lora_*), TRL / alignment-handbook ModelConfig
// (use_peft, lora_r, lora_target_modules, load_in_4bit) and the TrainingArguments every one of
// them shares (optim, gradient_checkpointing, fsdp, an inline deepspeed dict).
//
// Defaults: hiyouga/LLaMA-Factory@00577a85 src/llamafactory/hparams/finetuning_args.py
// (stage sft, finetuning_type lora, lora_rank 8, lora_target all, pref_loss sigmoid);
// huggingface/trl trl/trainer/model_config.py ModelConfig (lora_r 16, lora_alpha 32,
// lora_target_modules None = PEFT's per-model default, q_proj and v_proj for Llama-like
// models: peft utils/constants.py TRANSFORMERS_MODELS_TO_LORA_TARGET_MODULES_MAPPING).

import type { Traced } from '../../core/plan';
import type { Adapter, FineTuneMethod, OffloadKind, ShardingKind, TrainingStage } from '../../core/runSetup';
import type { PlanBuilder } from '../shared/builder';
import { applyKindDirective, canonicalTargets, fsdpSharding, nameList, optimizerKind, savedModules, type RunRead } from '../shared/fineTune';
import type { YamlFields } from '../shared/yamlFields';
import type { YamlConfig } from '../shared/yamlConfig';

const LF = 'LLaMA-Factory default (hparams/finetuning_args.py)';
const TRL = 'TRL ModelConfig default (trl/trainer/model_config.py)';

/** LLaMA-Factory `stage` → stage; `dpo` runs ORPO and SimPO too, chosen by `pref_loss`. */
const LF_STAGES: Readonly<Record<string, TrainingStage>> = { pt: 'pretrain', sft: 'sft', rm: 'reward', ppo: 'ppo', dpo: 'dpo', kto: 'kto' };

/** TRL config keys only one trainer's config has, for files that do not name their stage. */
const TRL_STAGE_KEYS: ReadonlyArray<[string, TrainingStage]> = [
  ['num_generations', 'grpo'],
  ['max_completion_length', 'grpo'],
  ['desirable_weight', 'kto'],
  ['undesirable_weight', 'kto'],
  ['center_rewards_coefficient', 'reward'],
];
/**
 * Keys DPOConfig shares with ORPOConfig and CPOConfig (max_prompt_length) or KTOConfig
 * (precompute_ref_log_probs): DPO only when the file's path names no other trainer
 * (alignment-handbook recipes/zephyr-141b-A35b/orpo/config_full.yaml sets max_prompt_length).
 */
const TRL_SHARED_KEYS: ReadonlyArray<[string, TrainingStage]> = [
  ['max_prompt_length', 'dpo'],
  ['precompute_ref_log_probs', 'dpo'],
];

/** alignment-handbook and TRL example folders name the trainer: recipes/<model>/<stage>/config_*.yaml. */
const PATH_STAGES: ReadonlyArray<[RegExp, TrainingStage]> = [
  [/(^|[/_.-])grpo([/_.-]|$)/i, 'grpo'],
  [/(^|[/_.-])orpo([/_.-]|$)/i, 'orpo'],
  [/(^|[/_.-])kto([/_.-]|$)/i, 'kto'],
  [/(^|[/_.-])simpo([/_.-]|$)/i, 'simpo'],
  [/(^|[/_.-])dpo([/_.-]|$)/i, 'dpo'],
  [/(^|[/_.-])(rm|reward)([/_.-]|$)/i, 'reward'],
  [/(^|[/_.-])ppo([/_.-]|$)/i, 'ppo'],
  [/(^|[/_.-])sft([/_.-]|$)/i, 'sft'],
];

export interface HfRunInputs {
  readonly micro?: Traced<number>;
  readonly accum?: Traced<number>;
  readonly modelId?: { value: string; entry: { range: import('../../core/plan').SourceRange } };
}

/** Whose arguments the file holds: LLaMA-Factory's, allenai/open-instruct's, or TRL / TrainingArguments'. */
export type HfDialect = 'llama-factory' | 'open-instruct' | 'trl';

export function hfRun(b: PlanBuilder, f: YamlFields, y: YamlConfig, fileName: string, dialect: HfDialect, inputs: HfRunInputs): RunRead {
  const llamaFactory = dialect === 'llama-factory';
  const run: RunRead = { kind: {}, setup: {} };
  const init = initOf(b, f, inputs);
  if (init) run.init = init;
  const stage = llamaFactory ? llamaFactoryStage(b, f) : trlStage(b, f, fileName);
  // A pretraining stage on loaded weights continues their pretraining.
  if (stage)
    run.kind!.stage =
      stage.value === 'pretrain' && init?.value === 'pretrained'
        ? {
            ...stage,
            value: 'continued-pretrain',
            note: `${stage.source} on the pretrained weights of ${inputs.modelId?.value ?? 'the model'}: continued pretraining`,
          }
        : stage;
  if (llamaFactory) llamaFactoryMethod(b, f, y, run);
  else if (dialect === 'open-instruct') openInstructMethod(b, f, run);
  else trlMethod(b, f, y, run);
  // Reference log-probabilities computed before training: no reference copy beside the policy.
  const precompute = f.bool('precompute_ref_log_probs');
  if (precompute?.value) run.kind!.referencePrecomputed = b.trace(true, 'stated', 'precompute_ref_log_probs', precompute.entry.range);
  else if (dialect === 'open-instruct' && run.kind?.stage?.value === 'dpo')
    run.kind.referencePrecomputed = b.trace(
      true,
      'default',
      `${OPEN_INSTRUCT_SRC} open_instruct/dpo_tune_cache.py`,
      null,
      'open-instruct builds a cache of the reference log-probabilities with the model before training (build_reference_logprobs_cache)',
    );
  readSetup(b, f, y, run, inputs, llamaFactory);
  applyKindDirective(b, run);
  return run;
}

/** `model_name_or_path` loads trained weights (from_pretrained) unless LLaMA-Factory's train_from_scratch says otherwise. */
function initOf(b: PlanBuilder, f: YamlFields, inputs: HfRunInputs): Traced<'pretrained' | 'scratch'> | undefined {
  const scratch = f.bool('train_from_scratch');
  if (scratch?.value)
    return b.trace(
      'scratch',
      'stated',
      'train_from_scratch',
      scratch.entry.range,
      'train_from_scratch: the weights are initialised randomly; only the architecture comes from the model',
    );
  const id = inputs.modelId;
  if (!id) return undefined;
  return b.trace('pretrained', 'stated', 'model_name_or_path', id.entry.range, `starts from the trained weights of ${id.value} (from_pretrained)`);
}

function llamaFactoryStage(b: PlanBuilder, f: YamlFields): Traced<TrainingStage> {
  const s = f.str('stage');
  if (!s) return b.trace('sft', 'default', `${LF}: stage sft`);
  const base = LF_STAGES[s.value];
  if (!base) {
    b.invalid('stage', `unknown LLaMA-Factory stage "${s.value}" (pt, sft, rm, ppo, dpo, kto)`, s.entry.valueRange);
    return b.trace('sft', 'assumed', 'stage', s.entry.range, 'unknown stage: SFT assumed');
  }
  if (base === 'dpo') {
    const loss = f.str('pref_loss');
    if (loss?.value === 'orpo' || loss?.value === 'simpo')
      return b.trace(loss.value, 'stated', 'pref_loss', loss.entry.range, `stage dpo with pref_loss ${loss.value} (reference-free)`);
  }
  return b.trace(base, 'stated', 'stage', s.entry.range);
}

function trlStage(b: PlanBuilder, f: YamlFields, fileName: string): Traced<TrainingStage> | undefined {
  for (const [key, stage] of TRL_STAGE_KEYS) {
    const e = f.entry(key);
    if (e) return b.trace(stage, 'stated', key, e.range, `${key} is a ${stage.toUpperCase()} trainer argument (TRL)`);
  }
  const hit = PATH_STAGES.find(([re]) => re.test(fileName));
  // A shared key that agrees with the path is the stronger evidence: it is the file's own.
  for (const [key, stage] of TRL_SHARED_KEYS) {
    const e = f.entry(key);
    if (e && (!hit || hit[1] === stage)) return b.trace(stage, 'stated', key, e.range, `${key} is a ${stage.toUpperCase()} trainer argument (TRL)`);
  }
  if (hit)
    return b.trace(
      hit[1],
      'assumed',
      'the file path',
      null,
      `the file's path names the ${hit[1].toUpperCase()} stage (alignment-handbook recipes/<model>/<stage>/); add \`# scaling-lens: kind=…\` if it is another`,
    );

  if (f.entry('packing') || f.entry('dataset_text_field') || f.entry('completion_only_loss') || f.entry('max_seq_length')) {
    const e = f.entry('packing') ?? f.entry('dataset_text_field') ?? f.entry('completion_only_loss') ?? f.entry('max_seq_length')!;
    return b.trace('sft', 'stated', e.path, e.range, `${e.path} is an SFTConfig argument (TRL)`);
  }
  return undefined;
}

function rank(b: PlanBuilder, f: YamlFields, key: string, fallback: number, note: string): Traced<number> | undefined {
  return f.numOr(key, 'architecture', fallback, note, { integer: true, min: 1, max: 1e6 });
}

function llamaFactoryMethod(b: PlanBuilder, f: YamlFields, y: YamlConfig, run: RunRead): void {
  const t = f.str('finetuning_type');
  const type = t?.value ?? 'lora';
  if (t && !['lora', 'full', 'freeze', 'oft'].includes(type)) {
    b.invalid('finetuning_type', `unknown finetuning_type "${type}" (lora, full, freeze, oft)`, t.entry.valueRange);
    return;
  }
  const galore = f.bool('use_galore');
  const dora = f.bool('use_dora');
  const bits = f.num('quantization_bit', 'precision', { integer: true, min: 2, max: 8 });
  const baseBits = bits && (bits.value === 4 || bits.value === 8) ? bits.value : undefined;
  const at = t?.entry.range;
  const methodOf = (m: FineTuneMethod, source: string, range?: import('../../core/plan').SourceRange, note?: string) =>
    b.trace(m, t || range ? 'stated' : 'default', t || range ? source : `${LF}: finetuning_type lora`, range ?? at, note);
  if (type === 'oft') {
    b.problem('info', 'oft-not-counted', 'finetuning_type oft (orthogonal fine-tuning): its trainable parameters are not counted by Scaling Lens.', at ?? null);
    return;
  }
  if (type !== 'lora') {
    run.kind!.method = galore?.value
      ? b.trace('galore', 'stated', 'use_galore', galore.entry.range, 'full-parameter training with GaLore low-rank gradient projection')
      : methodOf(type as FineTuneMethod, 'finetuning_type');
    return;
  }
  run.kind!.method = dora?.value
    ? methodOf('dora', 'use_dora', dora.entry.range)
    : baseBits === 4
      ? methodOf('qlora', 'quantization_bit', bits!.range, 'LoRA on a 4-bit quantised base (QLoRA)')
      : methodOf('lora', 'finetuning_type');
  const r = rank(b, f, 'lora_rank', 8, `${LF}: lora_rank 8`);
  const names = f.entry('lora_target') ? nameList(y, 'lora_target') : ['all'];
  const targetsAt = f.entry('lora_target')?.range;
  adapterFrom(
    b,
    run,
    r,
    names,
    targetsAt,
    f.entry('lora_target') ? 'lora_target' : `${LF}: lora_target all`,
    f.entry('additional_target') ? nameList(y, 'additional_target') : null,
    baseBits,
  );
}

/** The open-instruct commit its argument defaults are read from. */
export const OPEN_INSTRUCT_SRC = 'allenai/open-instruct@e6c3044aa6201c8bfa4573c1b03142af599e730d';
const OI = `${OPEN_INSTRUCT_SRC} open_instruct/finetune.py`;

/**
 * open-instruct: `use_lora` wraps every attention and MLP projection (finetune.py LoraConfig
 * target_modules q, o, v, k, gate, up, down) at `lora_rank` (default 64); `use_qlora` loads the
 * base in 4-bit NF4 first.
 */
function openInstructMethod(b: PlanBuilder, f: YamlFields, run: RunRead): void {
  const lora = f.bool('use_lora');
  const qlora = f.bool('use_qlora');
  if (!lora?.value && !qlora?.value) {
    if (f.entry('model_name_or_path'))
      run.kind!.method = lora
        ? b.trace('full', 'stated', 'use_lora', lora.entry.range, 'use_lora is false: every weight is trained')
        : b.trace('full', 'default', `${OI}: use_lora False`, null, 'no use_lora: every weight is trained');
    return;
  }
  run.kind!.method = qlora?.value
    ? b.trace('qlora', 'stated', 'use_qlora', qlora.entry.range, 'LoRA on a 4-bit NF4 base (QLoRA)')
    : b.trace('lora', 'stated', 'use_lora', lora!.entry.range);
  const r = rank(b, f, 'lora_rank', 64, `${OI}: lora_rank 64`);
  adapterFrom(
    b,
    run,
    r,
    ['q_proj', 'o_proj', 'v_proj', 'k_proj', 'gate_proj', 'up_proj', 'down_proj'],
    undefined,
    `${OI}: LoraConfig target_modules q_proj, o_proj, v_proj, k_proj, gate_proj, up_proj, down_proj`,
    null,
    qlora?.value ? 4 : undefined,
  );
}

function trlMethod(b: PlanBuilder, f: YamlFields, y: YamlConfig, run: RunRead): void {
  const peft = f.bool('use_peft');
  const four = f.bool('load_in_4bit');
  const eight = f.bool('load_in_8bit');
  if (!peft?.value) {
    if (peft || f.entry('model_name_or_path'))
      run.kind!.method = peft
        ? b.trace('full', 'stated', 'use_peft', peft.entry.range, 'use_peft is false: every weight is trained')
        : b.trace('full', 'default', 'no use_peft', null, 'no adapter keys (use_peft): every weight is trained');
    return;
  }
  const dora = f.bool('use_dora');
  run.kind!.method = dora?.value
    ? b.trace('dora', 'stated', 'use_dora', dora.entry.range)
    : four?.value
      ? b.trace('qlora', 'stated', 'load_in_4bit', four.entry.range, 'LoRA on a 4-bit quantised base (QLoRA)')
      : b.trace('lora', 'stated', 'use_peft', peft.entry.range);
  const r = rank(b, f, 'lora_r', 16, `${TRL}: lora_r 16`);
  const names = f.entry('lora_target_modules') ? nameList(y, 'lora_target_modules') : ['q_proj', 'v_proj'];
  const source = f.entry('lora_target_modules') ? 'lora_target_modules' : "PEFT's default target modules for Llama-like models (q_proj, v_proj)";
  adapterFrom(
    b,
    run,
    r,
    names,
    f.entry('lora_target_modules')?.range,
    source,
    f.entry('lora_modules_to_save') ? nameList(y, 'lora_modules_to_save') : null,
    four?.value ? 4 : eight?.value ? 8 : undefined,
  );
}

/**
 * LLaMA-Factory's Megatron-core training (examples/megatron, examples/megatron_bridge: mcore_adapter
 * and Megatron-Bridge arguments in the same YAML) states Megatron's parallel layout and recompute.
 */
function megatronCoreSetup(b: PlanBuilder, f: YamlFields, s: NonNullable<RunRead['setup']>): void {
  const degree = (key: string) => f.num(key, 'hardware', { integer: true, min: 1, max: 1e6 });
  const tp = degree('tensor_model_parallel_size');
  const pp = degree('pipeline_model_parallel_size');
  const cp = degree('context_parallel_size');
  const ep = degree('expert_model_parallel_size');
  const vp = degree('virtual_pipeline_model_parallel_size');
  const sp = f.bool('sequence_parallel');
  if (tp || pp || cp || ep || vp || sp)
    s.parallel = {
      ...s.parallel,
      ...(tp ? { tp } : {}),
      ...(pp ? { pp } : {}),
      ...(cp ? { cp } : {}),
      ...(ep ? { ep } : {}),
      ...(vp ? { vp } : {}),
      ...(sp ? { sequenceParallel: b.trace(sp.value, 'stated', 'sequence_parallel', sp.entry.range) } : {}),
    };
  const dist = f.bool('use_distributed_optimizer');
  if (dist?.value) s.sharding = b.trace('distributed-optimizer', 'stated', 'use_distributed_optimizer', dist.entry.range);
  const recompute = f.str('recompute_granularity');
  if (recompute && (recompute.value === 'full' || recompute.value === 'selective'))
    s.checkpointing = b.trace({ mode: recompute.value }, 'stated', 'recompute_granularity', recompute.entry.range);
  for (const [key, field] of [
    ['overlap_grad_reduce', 'gradReduceOverlap'],
    ['overlap_param_gather', 'paramGatherOverlap'],
  ] as const) {
    const v = f.bool(key);
    if (v) s[field] = b.trace(v.value, 'stated', key, v.entry.range);
  }
}

/** The adapter, traced to the target key; names that have no exact canonical module leave it uncounted. */
function adapterFrom(
  b: PlanBuilder,
  run: RunRead,
  r: Traced<number> | undefined,
  names: string[] | null,
  targetsAt: import('../../core/plan').SourceRange | undefined,
  source: string,
  saveNames: string[] | null,
  baseBits: 4 | 8 | undefined,
): void {
  if (!r) return;
  if (!names) {
    b.invalid(source, 'expected module names (a list or a comma-separated string)', targetsAt ?? null);
    return;
  }
  const { targets, unknown } = canonicalTargets(names);
  const saved = saveNames ? savedModules(saveNames) : { modules: [], unknown: [] };
  const notCounted = [...unknown, ...saved.unknown];
  if (notCounted.length) {
    b.problem(
      'info',
      'adapter-not-counted',
      `The adapter's trainable parameters are not counted: ${notCounted.map((n) => `"${n}"`).join(', ')} ${notCounted.length === 1 ? 'is not a module' : 'are not modules'} Scaling Lens maps to matrices of the model (q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj, fused qkv_proj/query_key_value/c_attn/Wqkv/W_pack and gate_up_proj, embed_tokens, lm_head, all).`,
      targetsAt ?? null,
    );
    return;
  }
  const adapter: Adapter = { rank: r.value, targets, ...(baseBits ? { baseBits } : {}), ...(saved.modules.length ? { modulesToSave: saved.modules } : {}) };
  b.stated(targetsAt ? source : 'LoRA targets', targets.join(', '), targetsAt ?? null, 'architecture', targetsAt ? undefined : source);
  run.kind!.adapter = b.trace(adapter, r.origin === 'stated' && targetsAt ? 'stated' : 'default', `${r.source}, ${source}`, r.range ?? targetsAt);
}

function readSetup(b: PlanBuilder, f: YamlFields, y: YamlConfig, run: RunRead, inputs: HfRunInputs, llamaFactory: boolean): void {
  const s = run.setup!;
  if (inputs.micro) s.microBatch = inputs.micro;
  if (inputs.accum) s.gradAccum = inputs.accum;
  const gc = f.bool('gradient_checkpointing');
  const noGc = llamaFactory ? f.bool('disable_gradient_checkpointing') : undefined;
  if (gc) s.checkpointing = b.trace({ mode: gc.value ? 'full' : 'none' }, 'stated', 'gradient_checkpointing', gc.entry.range);
  else if (noGc) s.checkpointing = b.trace({ mode: noGc.value ? 'none' : 'full' }, 'stated', 'disable_gradient_checkpointing', noGc.entry.range);
  else if (llamaFactory)
    // LLaMA-Factory enables gradient checkpointing unless disable_gradient_checkpointing is set
    // (hiyouga/LLaMA-Factory@ff6d4d1 src/llamafactory/hparams/model_args.py default False;
    // src/llamafactory/model/model_utils/checkpointing.py calls gradient_checkpointing_enable).
    s.checkpointing = b.setupDefault(
      { mode: 'full' as const },
      'LLaMA-Factory checkpoints every layer unless disable_gradient_checkpointing: true (hiyouga/LLaMA-Factory@ff6d4d1 src/llamafactory/model/model_utils/checkpointing.py)',
    );
  const optim = f.str('optim');
  if (optim) {
    const k = optimizerKind(optim.value);
    if (k) s.optimizer = b.trace(k, 'stated', 'optim', optim.entry.range);
    else
      b.problem(
        'info',
        'unknown-optimizer',
        `optim "${optim.value}" is not one Scaling Lens sizes; its optimizer state is assumed to be AdamW's.`,
        optim.entry.valueRange,
      );
  } else {
    s.optimizer = b.trace('adamw', 'default', 'transformers TrainingArguments default: optim adamw_torch');
  }
  const fsdp = f.str('fsdp');
  if (fsdp && fsdp.value.trim() !== '') {
    const { sharding, offload } = fsdpSharding(fsdp.value.split(/\s+/));
    if (sharding) s.sharding = b.trace(sharding, 'stated', 'fsdp', fsdp.entry.range);
    if (offload)
      s.offload = b.trace<OffloadKind>('optimizer+params', 'stated', 'fsdp', fsdp.entry.range, 'fsdp offload moves parameters and optimizer states to CPU');
  }
  // An inline DeepSpeed dict (TrainingArguments accepts a dict as well as a path).
  const stage = f.num('deepspeed.zero_optimization.stage', 'hardware', { integer: true, min: 0, max: 3 });
  if (stage) {
    const z: ShardingKind = stage.value === 0 ? 'none' : (`zero${stage.value}` as ShardingKind);
    s.sharding = b.trace(z, 'stated', 'deepspeed.zero_optimization.stage', stage.range);
    const opt = f.str('deepspeed.zero_optimization.offload_optimizer.device');
    const par = f.str('deepspeed.zero_optimization.offload_param.device');
    const cpu = (v?: { value: string }) => !!v && /cpu|nvme/i.test(v.value);
    if (cpu(opt) || cpu(par))
      s.offload = b.trace(
        cpu(par) ? 'optimizer+params' : 'optimizer',
        'stated',
        cpu(par) ? 'deepspeed.zero_optimization.offload_param.device' : 'deepspeed.zero_optimization.offload_optimizer.device',
        (cpu(par) ? par : opt)!.entry.range,
      );
  }
  if (llamaFactory) megatronCoreSetup(b, f, s);
  const attn = f.str('attn_implementation') ?? f.str('flash_attn');
  if (attn) s.flashAttention = b.trace(/flash|fa2|sdpa/i.test(attn.value), 'stated', attn.entry.path, attn.entry.range);
  const compile = f.bool('torch_compile');
  if (compile) s.compile = b.trace(compile.value, 'stated', 'torch_compile', compile.entry.range);
  void y;
}
