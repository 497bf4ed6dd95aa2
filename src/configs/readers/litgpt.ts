// litgpt YAML (docs/configs.md#litgpt): `model_name` from litgpt's registry or an inline
// `model_config:` (which wins, as in litgpt/pretrain.py), or a fine-tune's `checkpoint_dir`
// (checkpoints/<org>/<name>). `train.max_tokens` is the run length; `train.global_batch_size`
// counts samples across all ranks, so tokens do not depend on the GPU count.
//
// Defaults: Lightning-AI/litgpt litgpt/args.py@02f2fca TrainArgs (global_batch_size 64,
// micro_batch_size 4, max_seq_length None -> the model's block_size, tie_embeddings None).

import type { SourceRange, Traced } from '../../core/plan';
import type { RunSetup, ShardingKind } from '../../core/runSetup';
import { parsePrecision, type ArchParts, type PlanBuilder } from '../shared/builder';
import { checkCommentClaims } from '../shared/commentClaims';
import { hfModelParts, hfModelTied } from '../shared/hfArchitecture';
import { litgptArchitectureParts, litgptRegistryLookup } from '../shared/litgptArchitecture';
import { directiveTokens, withRun } from '../shared/fineTune';
import { ARCH_RULE, yamlFields, type YamlFields } from '../shared/yamlFields';
import type { YamlConfig } from '../shared/yamlConfig';
import { yamlLookup } from '../shared/yamlLookup';
import { hasChild, sniffYaml } from '../shared/yamlSniff';
import { findLitgptModel } from '../registry/litgpt';
import type { ReadContext, ReadResult, Reader } from '../types';
import { litgptRun } from './litgptRun';
import { openYaml } from '../shared/yamlReader';

const NAME = 'litgpt';
const ARGS = 'litgpt TrainArgs default (litgpt/args.py)';

export const litgptReader: Reader = {
  id: 'litgpt',
  name: NAME,
  detect(text) {
    const shape = sniffYaml(text);
    if (!shape.top.has('train')) return 0;
    const batch = hasChild(shape, 'train', 'global_batch_size') || hasChild(shape, 'train', 'micro_batch_size');
    const model = ['model_name', 'model_config', 'checkpoint_dir', 'initial_checkpoint_dir'].some((k) => shape.top.has(k));
    if (batch && model) return 0.9;
    if (batch && (hasChild(shape, 'train', 'max_tokens') || hasChild(shape, 'train', 'max_seq_length'))) return 0.7;
    return 0;
  },
  read(text, _fileName, ctx: ReadContext): ReadResult {
    const open = openYaml('litgpt', NAME, text, ctx);
    if ('done' in open) return open.done;
    const { b, y } = open;
    const f = yamlFields(b, y);

    const model = modelParts(b, f, y);
    const parts = model?.parts ?? null;

    // Sequence length: train.max_seq_length, else the model's block_size.
    const seqLen = f.num('train.max_seq_length', 'batch', ARCH_RULE) ?? model?.blockSize ?? null;
    if (parts && seqLen) parts.seqLen = seqLen;
    if (parts) {
      const tie = f.bool('train.tie_embeddings');
      if (!tie && model?.tiedRelease)
        b.problem(
          'info',
          'untied-head',
          `The Hugging Face release of this model (${model.tiedRelease.hf}) ties its output head to the embedding; litgpt trains them as two matrices unless train.tie_embeddings is set, so the count here has one vocabulary × d_model matrix more than the published one (and its memory holds both).`,
          model.tiedRelease.range,
        );
      parts.tiedEmbeddings = tie
        ? b.trace(tie.value, 'stated', 'train.tie_embeddings', tie.entry.range)
        : b.trace(
            false,
            'default',
            `${ARGS}: tie_embeddings`,
            null,
            'litgpt builds a separate output head unless train.tie_embeddings is set (the Hugging Face release of the model may tie them)',
          );
    }
    const architecture = parts ? b.architecture(parts) : null;

    // Batch: samples per optimizer step across all ranks.
    const global = f.numOr('train.global_batch_size', 'batch', 64, `${ARGS}: global_batch_size 64`, { integer: true, min: 1 });
    const micro = f.numOr('train.micro_batch_size', 'batch', 4, `${ARGS}: micro_batch_size 4`, { integer: true, min: 1 });
    const batchTokens =
      seqLen && global
        ? b.derived(
            'tokens per step',
            global.value * seqLen.value,
            'batch',
            `train.global_batch_size ${global.value} × sequence length ${seqLen.value}`,
            global.range,
            global.origin === 'default' || seqLen.origin === 'default' ? 'default' : 'derived',
          )
        : null;

    const { tokens, steps } = duration(b, f, global, seqLen, batchTokens);
    if (tokens.value !== null) checkCommentClaims(b, text, tokens.value, 'the keys');
    const gpus = devices(b, f);
    const gpuCount = b.gpuCount(gpus);
    const run = litgptRun(b, f, micro, global, gpuCount);
    // Fine-tunes (checkpoint_dir) have setups of their own (litgpt/finetune/*.py), which
    // litgptRun reads; pretraining adds litgpt/pretrain.py's defaults under what the keys say.
    if (!f.entry('checkpoint_dir')) run.setup = { ...pretrainSetup(b, f, micro, gpus), ...run.setup };

    const result = b.finish({
      architecture,
      tokens,
      batchTokens,
      steps,
      seqLen,
      gpuCount,
      precision: precisionOf(b, f),
      learningRate:
        f.num('optimizer.init_args.lr', 'optimizer', { min: 0, max: 10 }) ??
        f.num('optimizer.lr', 'optimizer', { min: 0, max: 10 }) ??
        f.num('train.learning_rate', 'optimizer', { min: 0, max: 10 }) ??
        null,
    });
    return withRun(result, run);
  },
};

/** The architecture: inline model_config (or the older `model:` mapping), else model_name, else checkpoint_dir. */
function modelParts(
  b: PlanBuilder,
  f: YamlFields,
  y: YamlConfig,
): { parts: ArchParts; blockSize: Traced<number> | undefined; tiedRelease?: { hf: string; range: SourceRange | null } } | null {
  const inlineKey = f.entry('model_config')?.isMap ? 'model_config' : f.entry('model')?.isMap && y.get('model.n_layer') ? 'model' : null;
  const name = f.str('model_name');
  if (inlineKey) {
    if (name) b.stated('model_name', name.value, name.entry.range, 'architecture', `${inlineKey} defines the model; model_name only names it`);
    const r = litgptArchitectureParts(b, yamlLookup(y, `${inlineKey}.`), 'stated', inlineKey, `${inlineKey}.`);
    return r ? { parts: r.parts, blockSize: r.blockSize } : null;
  }
  const checkpoint = f.str('checkpoint_dir') ?? f.str('initial_checkpoint_dir');
  const ref = name ?? checkpoint;
  if (!ref) {
    b.problem('warning', 'missing-architecture', 'Neither model_name, model_config nor checkpoint_dir is set, so the model is not known.');
    return null;
  }
  const key = name ? 'model_name' : f.entry('checkpoint_dir') ? 'checkpoint_dir' : 'initial_checkpoint_dir';
  b.stated(key, ref.value, ref.entry.range, 'architecture');
  const entry = findLitgptModel(ref.value);
  if (entry) {
    const r = litgptArchitectureParts(b, litgptRegistryLookup(entry), 'default', entry.name);
    if (!r) return null;
    // A model whose Hugging Face release ties its head: litgpt still trains two matrices.
    const tiedRelease = hfModelTied(entry.hf) ? { hf: entry.hf, range: ref.entry.valueRange } : undefined;
    return { parts: r.parts, blockSize: r.blockSize, ...(tiedRelease ? { tiedRelease } : {}) };
  }
  // A checkpoint of a Hub model litgpt's table does not list: the Hugging Face registry.
  if (!name) {
    const parts = hfModelParts(b, ref.value, ref.entry.valueRange);
    return parts && Object.keys(parts).length > 0 ? { parts, blockSize: undefined } : null;
  }
  b.problem(
    'warning',
    'unknown-model',
    `Unknown litgpt model "${ref.value}": it is not in Scaling Lens's copy of litgpt/config.py. Define it under model_config: (n_layer, n_embd, n_head, …) to count its parameters.`,
    ref.entry.valueRange,
  );
  return null;
}

/** train.max_tokens is the run length; else max_steps × global batch × sequence length. */
function duration(
  b: PlanBuilder,
  f: YamlFields,
  global: Traced<number> | undefined,
  seqLen: Traced<number> | null,
  batchTokens: Traced<number> | null,
): { tokens: Traced<number | null>; steps: Traced<number> | null } {
  const maxTokens = f.num('train.max_tokens', 'duration', { integer: true, min: 1 });
  const maxSteps = f.num('train.max_steps', 'duration', { integer: true, min: 1 });
  if (maxTokens) {
    if (maxSteps)
      b.problem(
        'warning',
        'conflicting-duration',
        'train.max_tokens and train.max_steps are both set; litgpt versions differ in which one ends the run. Scaling Lens uses max_tokens.',
        maxSteps.range ?? null,
      );
    const steps = batchTokens
      ? b.derived(
          'optimizer steps',
          Math.ceil(maxTokens.value / batchTokens.value),
          'duration',
          `train.max_tokens ${maxTokens.value} / ${batchTokens.value} tokens per step, rounded up`,
          maxTokens.range,
        )
      : null;
    return { tokens: maxTokens, steps };
  }
  if (maxSteps) {
    if (!batchTokens || !seqLen || !global)
      return { tokens: b.trace(null, 'derived', 'train.max_steps', maxSteps.range, 'the sequence length is not known'), steps: maxSteps };
    const tokens = b.derived(
      'training tokens',
      maxSteps.value * batchTokens.value,
      'duration',
      `train.max_steps ${maxSteps.value} × global_batch_size ${global.value} × sequence length ${seqLen.value}`,
      maxSteps.range,
      batchTokens.origin === 'default' ? 'default' : 'derived',
    );
    return { tokens, steps: maxSteps };
  }
  const epochs = f.num('train.epochs', 'duration', { min: 0 });
  if (epochs)
    return {
      tokens:
        directiveTokens(b, epochs, 'train.epochs') ??
        b.trace(
          null,
          'derived',
          'train.epochs',
          epochs.range,
          `${epochs.value} epoch${epochs.value === 1 ? '' : 's'} over a dataset the config does not size; add \`# scaling-lens: dataset-tokens=N\` (tokens per epoch) to count them`,
        ),
      steps: null,
    };
  return { tokens: b.trace(null, 'derived', 'train.max_tokens', null, 'neither train.max_tokens, train.max_steps nor train.epochs is set'), steps: null };
}

/** devices × num_nodes when devices is a number; `auto` (all visible GPUs) is not knowable. */
function devices(b: PlanBuilder, f: YamlFields): Traced<number> | null {
  const e = f.entry('devices');
  if (!e) return null;
  if (typeof e.value === 'string' && e.value.trim().toLowerCase() === 'auto') {
    b.stated('devices', 'auto', e.range, 'hardware', 'all GPUs visible at launch; add `# scaling-lens: gpus=N` to state how many');
    return null;
  }
  const perNode = f.num('devices', 'hardware', { integer: true, min: 1, max: 1e6 });
  if (!perNode) return null;
  const nodes = f.num('num_nodes', 'hardware', { integer: true, min: 1, max: 1e6 });
  if (!nodes || nodes.value === 1) return perNode;
  return b.derived('GPUs', perNode.value * nodes.value, 'hardware', `devices ${perNode.value} × num_nodes ${nodes.value}`, perNode.range);
}

function precisionOf(b: PlanBuilder, f: YamlFields) {
  const p = f.str('precision');
  if (!p) return null;
  const v = parsePrecision(p.value);
  if (!v) {
    b.invalid('precision', `unknown precision "${p.value}" (bf16-mixed, bf16-true, 16-mixed, 32-true)`, p.entry.valueRange);
    return null;
  }
  return b.trace(v, 'stated', 'precision', p.entry.range);
}

const PRETRAIN_SRC = 'Lightning-AI/litgpt@26857050fe3ff627cd714fe92f5838f51a3d5efa:litgpt/pretrain.py';

/**
 * litgpt pretrain's setup (PRETRAIN_SRC): FSDP with sharding_strategy HYBRID_SHARD (sharded
 * within a node, replicated across nodes) when devices × num_nodes > 1, else one device; no
 * activation checkpointing; torch.compile on the model; chunked_cross_entropy with chunk_size
 * 128 (litgpt/utils.py); optimizer "AdamW" unless the file names another.
 */
function pretrainSetup(b: PlanBuilder, f: YamlFields, micro: Traced<number> | undefined, gpus: Traced<number> | null): RunSetup {
  const def = <T>(value: T, note: string) => b.setupDefault(value, `${note} (${PRETRAIN_SRC})`);
  const opt = f.entry('optimizer');
  const name = opt ? (typeof opt.value === 'string' ? opt.value : f.str('optimizer.class_path')?.value) : undefined;
  const optKind = name ? (/(^|\.)AdamW$/.test(name) ? ('adamw' as const) : /(^|\.)SGD$/.test(name) ? ('sgd' as const) : undefined) : undefined;
  const perNode = f.entry('devices');
  const perNodeN = perNode && typeof perNode.value === 'number' ? perNode.value : null;
  let sharding: Traced<ShardingKind> | undefined;
  let shardGroup: Traced<number> | undefined;
  if (gpus && gpus.value === 1) sharding = b.trace('none' as const, 'derived', 'devices', gpus.range, 'one device: no FSDP');
  else if (gpus && gpus.value > 1) {
    sharding = b.trace('fsdp-hybrid' as const, 'default', `${NAME} default`, gpus.range, `devices × num_nodes > 1: FSDP HYBRID_SHARD (${PRETRAIN_SRC})`);
    if (perNodeN !== null && perNodeN > 1) shardGroup = b.trace(perNodeN, 'stated', 'devices', perNode!.range, 'HYBRID_SHARD shards within a node');
  }
  return {
    ...(micro ? { microBatch: micro } : {}),
    ...(shardGroup ? { parallel: { shardGroup } } : {}),
    ...(sharding ? { sharding } : {}),
    checkpointing: def({ mode: 'none' as const }, 'no activation checkpointing in pretrain'),
    ...(optKind ? { optimizer: b.trace(optKind, 'stated', 'optimizer', opt!.range) } : !opt ? { optimizer: def('adamw' as const, 'optimizer "AdamW"') } : {}),
    compile: def(true, 'torch.compile(model)'),
    chunkedLoss: def(true, 'chunked_cross_entropy, chunk_size 128'),
  };
}
