// torchtune recipe configs (pytorch/torchtune recipes/configs/**.yaml; docs/configs.md#torchtune): OmegaConf YAML whose
// objects are `_component_:` builders. The model is a builder path (`torchtune.models.
// llama3_1.lora_llama3_1_8b`) looked up in registry/torchtune.ts, or a component builder with
// its keyword arguments inline (`torchtune.models.llama2.llama2` + `num_layers: 22`).
//
// A recipe fine-tunes the checkpoint in `checkpointer.checkpoint_dir` for `epochs` over a
// dataset the file does not size. `max_steps_per_epoch` caps each epoch, and
// `tokenizer.max_seq_len` truncates each sample, so only both together bound the tokens: steps
// × batch_size (per device) × gradient_accumulation_steps × devices × max_seq_len, an upper
// bound unless `dataset.packed` fills every sequence (recipes/full_finetune_distributed.py
// train(): `if self.max_steps_per_epoch is not None and (idx // grad_accum) == max_steps_per_epoch: break`).
// Recipe defaults (cfg.get): gradient_accumulation_steps 1, max_steps_per_epoch None.

import type { Architecture } from '../../core/architecture';
import type { Precision, Traced } from '../../core/plan';
import { parsePrecision, type ArchParts, type PlanBuilder } from '../shared/builder';
import { adapterParams } from '../../core/adapters';
import type { AdapterTarget, TrainingStage } from '../../core/runSetup';
import { applyKindDirective, canonicalTargets, directiveTokens, optimizerKind, withRun, type RunRead } from '../shared/fineTune';
import { ARCH_RULE, invalidCount, yamlFields, type YamlFields } from '../shared/yamlFields';
import type { YamlConfig } from '../shared/yamlConfig';
import { sniffYaml } from '../shared/yamlSniff';
import {
  findTorchtuneBuilder,
  findTorchtuneComponent,
  TORCHTUNE_FAMILIES,
  TORCHTUNE_UNSUPPORTED,
  type AdapterKind,
  type TorchtuneFamily,
} from '../registry/torchtune';
import type { ReadContext, ReadResult, Reader } from '../types';
import { openYaml } from '../shared/yamlReader';

const NAME = 'torchtune';
const RECIPE = 'torchtune recipe default';

/** Scaling laws fit pretraining from scratch; a fine-tune's loss is not on their curves. */
export const FINE_TUNE =
  'This recipe fine-tunes pretrained weights: the scaling-law loss and compute-optimal figures describe pretraining from scratch and do not apply to it.';

const MODEL_COMPONENT = /^[ \t]+_component_:[ \t]*["']?torchtune\.models\./m;

export const torchtuneReader: Reader = {
  id: 'torchtune',
  name: NAME,
  detect(text) {
    const shape = sniffYaml(text);
    if (!shape.top.has('model') || !shape.children.get('model')?.has('_component_') || !MODEL_COMPONENT.test(text)) return 0;
    // Generation and evaluation configs name a model too; recipes that train have these keys.
    const training = ['epochs', 'max_steps_per_epoch', 'optimizer', 'gradient_accumulation_steps'].some((k) => shape.top.has(k));
    return training ? 0.95 : 0.55;
  },
  read(text, fileName, ctx: ReadContext): ReadResult {
    const open = openYaml('torchtune', NAME, text, ctx);
    if ('done' in open) return open.done;
    const { b, y } = open;
    const f = yamlFields(b, y);

    const model = modelArchitecture(b, f);
    const seqLen = f.num('tokenizer.max_seq_len', 'batch', ARCH_RULE) ?? null;
    if (!seqLen && f.entry('tokenizer'))
      b.problem(
        'info',
        'no-max-seq-len',
        'tokenizer.max_seq_len is not set: samples are not truncated, so the sequence length (and with it the tokens) is not known.',
        f.entry('tokenizer')!.range,
      );
    let architecture: Traced<Architecture> | null = null;
    const run: RunRead = { kind: {}, setup: {} };
    if (model) {
      const parts = model.parts;
      if (seqLen) parts.seqLen = seqLen;
      // Only the attention FLOPs use it, and with max_seq_len unset the tokens (so the FLOPs) are unknown anyway.
      else if (model.maxSeqLen !== null)
        parts.seqLen = b.trace(
          model.maxSeqLen,
          'default',
          `${model.name} max_seq_len`,
          null,
          `tokenizer.max_seq_len is not set: the builder's max_seq_len ${model.maxSeqLen} (the longest sample it accepts) stands in for the sequence length`,
        );
      architecture = b.architecture(parts);
      if (model.adapter) {
        const dora = f.bool('model.use_dora');
        const c = f.entry('model._component_')!;
        run.kind!.method = dora?.value
          ? b.trace('dora', 'stated', 'model.use_dora', dora.entry.range)
          : b.trace(model.adapter === 'qlora' ? 'qlora' : 'lora', 'stated', 'model._component_', c.range);
      }
      if (architecture && model.adapter) lora(b, f, y, architecture.value, model.adapter, run);
      else if (!model.adapter)
        run.kind!.method = b.trace(
          'full',
          'stated',
          'model._component_',
          f.entry('model._component_')?.range,
          'a builder without LoRA: every weight is trained',
        );
    } else {
      // A builder Scaling Lens cannot count still says its method.
      const c = f.str('model._component_');
      const m = c ? /\.(q?lora)_/.exec(c.value) : null;
      if (c && m) run.kind!.method = b.trace(m[1] === 'qlora' ? 'qlora' : 'lora', 'stated', 'model._component_', c.entry.range);
    }

    const { batchTokens, tokens, steps, bound, gpuCount, batch, accum, pairs } = duration(b, f, seqLen, fileName);
    const init = pretrained(b, f);
    if (init) run.init = init;
    const stage = stageOf(b, f, fileName, pairs, !!init);
    if (stage) run.kind!.stage = stage;
    readSetup(b, f, run, batch, accum);
    // The distributed recipes shard with FSDP2 over every GPU (recipes/*_distributed.py:
    // training.shard_model → fully_shard); the recipe is named in the header's `tune run` line
    // or by the single_device / distributed file names.
    const recipe = tuneRunRecipe(text) ?? (/single_device/.test(fileName) ? 'single_device' : null);
    if (recipe?.endsWith('_distributed') && !run.setup!.sharding)
      run.setup!.sharding = b.setupDefault(
        'fsdp-full' as const,
        `${recipe}: torchtune's distributed recipes shard weights, gradients and optimizer states with FSDP2 over every GPU (training.shard_model)`,
      );
    applyKindDirective(b, run);

    const result = b.finish({
      architecture,
      tokens,
      ...(bound ? { tokensBound: bound } : {}),
      batchTokens,
      steps,
      seqLen,
      ...(gpuCount ? { gpuCount } : {}),
      precision: precision(b, f),
      learningRate: f.num('optimizer.lr', 'optimizer', { min: 0, max: 10 }) ?? null,
    });
    return withRun(result, run);
  },
};

interface ModelRead {
  readonly parts: ArchParts;
  readonly name: string;
  /** The builder's max_seq_len; null when an inline component leaves it out. */
  readonly maxSeqLen: number | null;
  readonly adapter: AdapterKind | null;
}

function modelArchitecture(b: PlanBuilder, f: YamlFields): ModelRead | null {
  const c = f.str('model._component_');
  if (!c) {
    b.problem('warning', 'missing-architecture', 'model._component_ is not set, so the model is not known.');
    return null;
  }
  const component = c.value.trim();
  b.stated('model._component_', component, c.entry.range, 'architecture');
  const unsupported = TORCHTUNE_UNSUPPORTED.find((u) => u.pattern.test(component));
  if (unsupported) {
    b.problem('warning', 'unsupported-model', `${component} is ${unsupported.why}; Scaling Lens cannot count its parameters exactly.`, c.entry.valueRange);
    return null;
  }
  const hit = findTorchtuneBuilder(component);
  if (hit) {
    const { builder, adapter } = hit;
    const family = TORCHTUNE_FAMILIES[builder.family]!;
    if (family.unsupported) {
      b.problem('warning', 'unsupported-model', `${family.unsupported}; Scaling Lens cannot count ${component} exactly.`, c.entry.valueRange);
      return null;
    }
    const src = `${component} (torchtune/models/*/_model_builders.py)`;
    const at = c.entry.range;
    const d = (value: number) => b.trace(value, 'default', src, at);
    const parts: ArchParts = {
      layers: d(builder.layers),
      dModel: d(builder.dModel),
      heads: d(builder.heads),
      kvHeads: d(builder.kvHeads),
      ffn: d(builder.ffn),
      vocab: d(builder.vocab),
      ...(builder.headDim ? { headDim: d(builder.headDim) } : {}),
      ...familyParts(b, family, builder.tied ?? family.tied, src),
    };
    return { parts, name: component, maxSeqLen: builder.maxSeqLen, adapter: adapter === 'none' ? null : adapter };
  }
  const comp = findTorchtuneComponent(component);
  if (comp) return inlineComponent(b, f, comp.name, comp.family, component);
  b.problem(
    'warning',
    'unknown-model',
    `Unknown torchtune model builder "${component}": it is not in Scaling Lens's table of torchtune/models/*/_model_builders.py.`,
    c.entry.valueRange,
  );
  return null;
}

function familyParts(b: PlanBuilder, family: TorchtuneFamily, tied: boolean, src: string): ArchParts {
  return {
    mlp: b.trace('glu', 'default', src),
    norm: b.trace('rmsnorm', 'default', src),
    positions: b.trace('rotary', 'default', src),
    linearBias: b.trace(false, 'default', src),
    ...(family.qkvBias ? { qkvBias: b.trace(true, 'default', src) } : {}),
    ...(family.qkNormPerHead ? { qkNorm: b.trace('per-head' as const, 'default', src) } : {}),
    ...(family.blockNorms !== undefined ? { blockNorms: b.trace(family.blockNorms, 'default', src) } : {}),
    tiedEmbeddings: b.trace(tied, 'default', src),
  };
}

/** `_component_: torchtune.models.llama2.llama2` with the builder's keyword arguments under `model:`. */
function inlineComponent(b: PlanBuilder, f: YamlFields, name: string, family: TorchtuneFamily, component: string): ModelRead | null {
  if (family.unsupported) {
    b.problem(
      'warning',
      'unsupported-model',
      `${family.unsupported}; Scaling Lens cannot count ${component} exactly.`,
      f.entry('model._component_')?.valueRange ?? null,
    );
    return null;
  }
  const before = invalidCount(b);
  const parts: ArchParts = {};
  const n = (key: string) => f.num(`model.${key}`, 'architecture', ARCH_RULE);
  const set = <K extends keyof ArchParts>(k: K, v: ArchParts[K] | undefined) => {
    if (v) parts[k] = v;
  };
  set('layers', n('num_layers'));
  set('dModel', n('embed_dim'));
  set('heads', n('num_heads'));
  set('kvHeads', n('num_kv_heads'));
  set('vocab', n('vocab_size'));
  set('headDim', n('head_dim'));
  const maxSeq = n('max_seq_len');
  const inter = n('intermediate_dim');
  if (inter) parts.ffn = inter;
  else if (parts.dModel && /^llama(2|3|3_1|3_2)$|^smollm2$/.test(name)) {
    // llama2/_model_utils.py scale_hidden_dim_for_mlp(dim, multiple_of=256): 256 · ceil(int(8·dim/3) / 256).
    const dim = parts.dModel.value;
    parts.ffn = b.derived(
      'model.intermediate_dim',
      256 * Math.ceil(Math.floor((8 * dim) / 3) / 256),
      'architecture',
      `torchtune default: scale_hidden_dim_for_mlp(${dim}) = 256 × ceil(int(8 × ${dim} / 3) / 256)`,
      null,
      'default',
    );
  }
  const tie = f.bool('model.tie_word_embeddings');
  Object.assign(parts, familyParts(b, family, tie?.value ?? family.tied, `${component} defaults`));
  if (tie) parts.tiedEmbeddings = b.trace(tie.value, 'stated', 'model.tie_word_embeddings', tie.entry.range);
  if (invalidCount(b) > before) return null;
  return { parts, name: component, maxSeqLen: maxSeq?.value ?? null, adapter: /\.q?lora_/.test(component) ? 'lora' : null };
}

/**
 * Trainable adapter parameters (torchtune/modules/peft/lora.py LoRALinear: lora_a in×r and
 * lora_b r×out, no biases; dora.py DoRALinear adds a magnitude vector of out), counted by
 * core/adapters.ts. The base weights are frozen: core/fineTune.ts drops their weight gradients
 * from the FLOPs.
 */
function lora(b: PlanBuilder, f: YamlFields, y: YamlConfig, a: Architecture, adapter: AdapterKind, run: RunRead): void {
  const rank = f.numOr('model.lora_rank', 'architecture', 8, `${RECIPE}: lora_rank 8 (the builders' default)`, { integer: true, min: 1, max: 1e6 });
  const modulesEntry = f.entry('model.lora_attn_modules');
  let modules: string[];
  if (modulesEntry) {
    let raw: unknown;
    try {
      raw = y.toJS('model.lora_attn_modules');
    } catch {
      raw = null;
    }
    const all = ['q_proj', 'k_proj', 'v_proj', 'output_proj'];
    if (!Array.isArray(raw) || raw.some((m) => typeof m !== 'string' || !all.includes(m))) {
      b.invalid('model.lora_attn_modules', `expected a list of ${all.join(', ')}`, modulesEntry.valueRange);
      return;
    }
    modules = [...new Set(raw as string[])];
    b.stated('model.lora_attn_modules', modules.join(', '), modulesEntry.range, 'architecture');
  } else {
    b.problem(
      'warning',
      'missing-value',
      'model.lora_attn_modules is required by the LoRA builders; the adapter size is not known.',
      f.entry('model._component_')?.range ?? null,
    );
    return;
  }
  const mlp = f.bool('model.apply_lora_to_mlp');
  const output = f.bool('model.apply_lora_to_output');
  const dora = f.bool('model.use_dora');
  if (!rank) return;
  if (output?.value && a.tiedEmbeddings) {
    b.invalid(
      'model.apply_lora_to_output',
      'the output projection is tied to the embedding in this model; torchtune refuses LoRA on it',
      output.entry.valueRange,
    );
    return;
  }
  // apply_lora_to_mlp adapts w1, w2, w3 (gate, down, up); apply_lora_to_output the output head.
  const targets: AdapterTarget[] = [
    ...canonicalTargets(modules).targets,
    ...(mlp?.value ? (['gate', 'up', 'down'] as const) : []),
    ...(output?.value ? (['head'] as const) : []),
  ];
  const value = { rank: rank.value, targets, ...(adapter === 'qlora' ? { baseBits: 4 as const } : {}) };
  const count = adapterParams(a, value, dora?.value === true);
  const at = f.entry('model.lora_rank')?.range ?? f.entry('model._component_')?.range ?? null;
  run.kind!.adapter = b.trace(value, rank.origin === 'stated' ? 'stated' : 'default', 'model.lora_rank, model.lora_attn_modules', at);
  if (!count.ok) return;
  const kind = dora?.value ? 'DoRA' : adapter === 'qlora' ? 'QLoRA' : 'LoRA';
  b.derived(`${kind} trainable parameters`, count.count.trainable, 'architecture', `${count.count.formula}; the base weights are frozen`, at);
}

/** DPO-style losses, PPO and GRPO recipes; otherwise a recipe that loads a checkpoint fine-tunes it (SFT). */
function stageOf(b: PlanBuilder, f: YamlFields, fileName: string, pairs: boolean, pretrained: boolean): Traced<TrainingStage> | null {
  const loss = f.str('loss._component_');
  if (pairs && loss) return b.trace(/SimPO/i.test(loss.value) ? 'simpo' : 'dpo', 'stated', 'loss._component_', loss.entry.range);
  const hit = /(^|[/_.-])(ppo|grpo)([/_.-]|$)/i.exec(fileName);
  if (hit) return b.trace(hit[2]!.toLowerCase() as TrainingStage, 'assumed', 'the file name', null, `the recipe's file name names ${hit[2]!.toUpperCase()}`);
  if (pretrained)
    return b.trace('sft', 'default', 'torchtune recipe', null, 'a recipe that loads a checkpoint and trains on a dataset: supervised fine-tuning');
  return null;
}

function readSetup(b: PlanBuilder, f: YamlFields, run: RunRead, batch: Traced<number> | undefined, accum: Traced<number> | undefined): void {
  const s = run.setup!;
  if (batch) s.microBatch = batch;
  if (accum) s.gradAccum = accum;
  const ac = f.bool('enable_activation_checkpointing');
  if (ac) s.checkpointing = b.trace({ mode: ac.value ? 'full' : 'none' }, 'stated', 'enable_activation_checkpointing', ac.entry.range);
  const opt = f.str('optimizer._component_');
  if (opt) {
    const k = optimizerKind(opt.value);
    if (k) s.optimizer = b.trace(k, 'stated', 'optimizer._component_', opt.entry.range);
  }
  const off = f.bool('fsdp_cpu_offload');
  if (off?.value) s.offload = b.trace('optimizer+params', 'stated', 'fsdp_cpu_offload', off.entry.range);
  const compile = f.bool('compile');
  if (compile) s.compile = b.trace(compile.value, 'stated', 'compile', compile.entry.range);
}

function duration(b: PlanBuilder, f: YamlFields, seqLen: Traced<number> | null, fileName: string) {
  const batch = f.num('batch_size', 'batch', { integer: true, min: 1 });
  const accum = f.numOr('gradient_accumulation_steps', 'batch', 1, `${RECIPE}: gradient_accumulation_steps 1`, { integer: true, min: 1 });
  // max_steps_per_epoch first: the tokens hint goes on the first duration line read.
  const perEpoch = f.num('max_steps_per_epoch', 'duration', { integer: true, min: 1 });
  const epochs = f.num('epochs', 'duration', { integer: true, min: 0 });
  const packed = f.bool('dataset.packed');
  if (!batch && f.entry('epochs')) b.problem('warning', 'missing-value', 'batch_size is not set, so the batch size is not known.', null);

  // Preference recipes (DPO and its kin) run each sample as a chosen and a rejected sequence.
  const loss = f.str('loss._component_')?.value ?? '';
  const pairs = /\.rlhf\.|DPO|SimPO|RSO|IPO/i.test(loss);

  let gpuCount: Traced<number> | null = b.gpuCount();
  if (!gpuCount && /single_device/.test(fileName)) {
    gpuCount = b.assumed('gpus', 1, 'hardware', 'the file name', 'the file name says single_device: the single-device recipes run on one GPU');
  }
  const sequencesKnown = batch && accum;
  if (sequencesKnown && perEpoch && seqLen && !gpuCount)
    gpuCount = b.requireGpuCount('batch_size is per device: tokens per step are batch_size × gradient_accumulation_steps × devices × max_seq_len.');
  const fromAssumed = gpuCount?.origin === 'assumed';
  const sequences =
    sequencesKnown && gpuCount
      ? b.derived(
          'global batch (sequences)',
          batch.value * accum.value * gpuCount.value * (pairs ? 2 : 1),
          'batch',
          `batch_size ${batch.value} × gradient_accumulation_steps ${accum.value} × ${gpuCount.value} devices${pairs ? ' × 2 (a chosen and a rejected sequence per preference pair)' : ''}`,
          batch.range,
          fromAssumed ? 'assumed' : 'derived',
        )
      : null;
  const batchTokens =
    sequences && seqLen
      ? b.derived(
          'tokens per step',
          sequences.value * seqLen.value,
          'batch',
          `${sequences.value} sequences × tokenizer.max_seq_len ${seqLen.value}`,
          sequences.range,
          fromAssumed ? 'assumed' : 'derived',
        )
      : null;
  if (pairs)
    b.problem(
      'info',
      'preference-pairs',
      `${loss.split('.').pop()} trains on preference pairs: each sample is a chosen and a rejected sequence, both counted in the tokens; the FLOPs add the frozen reference model's forward pass (SimPO has none).`,
      f.entry('loss._component_')?.range ?? null,
    );

  const nEpochs = epochs?.value ?? null;
  const steps =
    perEpoch && nEpochs !== null
      ? b.derived(
          'optimizer steps (at most)',
          perEpoch.value * nEpochs,
          'duration',
          `max_steps_per_epoch ${perEpoch.value} × epochs ${nEpochs}`,
          perEpoch.range,
        )
      : null;
  let tokens: Traced<number | null>;
  let bound: 'exact' | 'upper' | undefined;
  if (steps && batchTokens) {
    const full = packed?.value === true;
    bound = full ? 'exact' : 'upper';
    const note = full
      ? 'dataset.packed fills every sequence; exact if the dataset lasts max_steps_per_epoch steps per epoch'
      : 'an upper bound: an epoch ends early if the dataset runs out, and without dataset.packed samples shorter than max_seq_len add padding, not tokens';
    tokens = b.derived(
      'training tokens',
      steps.value * batchTokens.value,
      'duration',
      `${steps.value} steps × ${batchTokens.value} tokens per step (${note})`,
      perEpoch!.range,
      batchTokens.origin === 'assumed' ? 'assumed' : 'derived',
    );
  } else if (perEpoch) {
    tokens = b.trace(
      null,
      'derived',
      'max_steps_per_epoch',
      perEpoch.range,
      !seqLen ? 'tokenizer.max_seq_len is not set, so the length of a sample is not known' : 'the batch size is not known',
    );
  } else {
    const n = nEpochs !== null ? `${nEpochs} epoch${nEpochs === 1 ? '' : 's'}` : 'Epochs';
    tokens =
      directiveTokens(b, epochs, 'epochs') ??
      b.trace(
        null,
        'derived',
        'epochs',
        epochs?.range,
        `${n} over a dataset the config does not size; set max_steps_per_epoch and tokenizer.max_seq_len to bound the run, or add \`# scaling-lens: dataset-tokens=N\` (tokens per epoch)`,
      );
  }
  return { batchTokens, tokens, steps, bound, gpuCount, batch, accum, pairs };
}

/** Recipes fine-tune the checkpoint they load: the run starts from pretrained weights. */
function pretrained(b: PlanBuilder, f: YamlFields): Traced<'pretrained' | 'scratch'> | null {
  const dir = f.str('checkpointer.checkpoint_dir');
  if (!dir) return null;
  // Role 'data' (where the weights come from), so the parameter hint stays on model._component_.
  b.stated(
    'checkpointer.checkpoint_dir',
    dir.value,
    dir.entry.range,
    'data',
    'the run starts from the pretrained weights in this checkpoint (a fine-tune), not from scratch',
  );
  b.problem('warning', 'fine-tune', FINE_TUNE, dir.entry.range);
  return b.trace('pretrained', 'stated', 'checkpointer.checkpoint_dir', dir.entry.range, `fine-tunes the checkpoint in ${dir.value}`);
}

function precision(b: PlanBuilder, f: YamlFields): Traced<Precision> | null {
  const d = f.str('dtype');
  if (!d) return null;
  const p = parsePrecision(d.value);
  if (!p) {
    b.invalid('dtype', `unknown dtype "${d.value}" (torchtune accepts bf16, fp32)`, d.entry.valueRange);
    return null;
  }
  return b.trace(p, 'stated', 'dtype', d.entry.range);
}

/**
 * The recipe a config's header launches (`#   tune run --nproc_per_node 2 lora_finetune_distributed
 * --config …`). Lines are cut to 1,000 characters and names to 100, so a hostile line costs linear time.
 */
function tuneRunRecipe(text: string): string | null {
  for (const line of text.slice(0, 20_000).split('\n')) {
    if (!line.includes('tune run')) continue;
    const m = /\b(\w{1,100}_(?:distributed|single_device))\b/.exec(line.slice(0, 1000));
    if (m) return m[1]!;
  }
  return null;
}
