// Levanter YAML (stanford-crfm/levanter config/*.yaml; docs/configs.md#levanter): `model: {type: llama, hidden_dim, …}`
// over the model class's dataclass defaults (registry/levanter.ts), `trainer: {train_batch_size,
// num_train_steps}` over TrainerConfig's (512 and 400,000), `data:` for the tokenizer that sets
// the vocabulary (train_lm.py: `vocab_size = len(tokenizer)`; sft.py and the export entry points
// take a top-level `tokenizer:`). A data config pulled in with `data: !include data/x.yaml` lives
// in another file: the host reads it (ReadContext.files) and its `tokenizer:` sets the vocabulary;
// until then, or if it is not found, the model's reference tokenizer is assumed and said.
//
// train_batch_size counts sequences of model.seq_len across all devices (global), and may be a
// schedule `[{start, value}, …]` (levanter/schedule.py value_at_step: the last entry whose start
// ≤ step), so tokens do not depend on the device count.

import type { MoeSpec } from '../../core/architecture';
import type { Precision, SourceRange, Traced } from '../../core/plan';
import { formatQuantity } from '../../core/units';
import type { OptimizerKind, RunSetup } from '../../core/runSetup';
import { parsePrecision, type ArchParts, type PlanBuilder } from '../shared/builder';
import { checkCommentClaims } from '../shared/commentClaims';
import { ARCH_RULE, invalidCount, yamlFields, type YamlFields } from '../shared/yamlFields';
import { YamlConfig } from '../shared/yamlConfig';
import { isFound } from '../resolve/referencedFiles';
import { hasChild, sniffYaml } from '../shared/yamlSniff';
import { coerceNumber, ownEntry } from '../shared/values';
import { LEVANTER_DEFAULT_TOKENIZER, LEVANTER_MODELS, LEVANTER_TRAINER_DEFAULTS, LEVANTER_UNSUPPORTED, type LevanterModelType } from '../registry/levanter';
import { findTokenizer } from '../registry/tokenizers';
import type { ReadContext, ReadResult, Reader } from '../types';
import { openYaml } from '../shared/yamlReader';

const NAME = 'Levanter';
const TRAINER = 'Levanter TrainerConfig default (levanter/trainer.py)';

export const levanterReader: Reader = {
  id: 'levanter',
  name: NAME,
  detect(text) {
    const shape = sniffYaml(text);
    if (!shape.top.has('model') || !shape.top.has('trainer') || !hasChild(shape, 'model', 'type')) return 0;
    const trainer = ['train_batch_size', 'num_train_steps', 'mp', 'per_device_parallelism', 'model_axis_size', 'tracker'].some((k) =>
      hasChild(shape, 'trainer', k),
    );
    return trainer ? 0.9 : 0.6;
  },
  read(text, _fileName, ctx: ReadContext): ReadResult {
    const open = openYaml('levanter', NAME, text, ctx);
    if ('done' in open) return open.done;
    const { b, y } = open;
    const f = yamlFields(b, y);

    const type = f.str('model.type');
    let parts: ArchParts | null = null;
    let seqLen: Traced<number> | null = null;
    if (!type) b.problem('warning', 'missing-architecture', 'model.type is not set, so the model is not known.');
    else {
      b.stated('model.type', type.value, type.entry.range, 'architecture');
      const model = ownEntry(LEVANTER_MODELS, type.value);
      const unsupported = ownEntry(LEVANTER_UNSUPPORTED, type.value);
      if (model) {
        const r = modelParts(b, f, model);
        parts = r.parts;
        seqLen = r.seqLen;
      } else {
        b.problem(
          'warning',
          unsupported ? 'unsupported-model' : 'unknown-model',
          unsupported
            ? `model type ${type.value}: ${unsupported}; Scaling Lens cannot count its parameters exactly.`
            : `Unknown Levanter model type "${type.value}" (Scaling Lens reads ${Object.keys(LEVANTER_MODELS).join(', ')}).`,
          type.entry.valueRange,
        );
      }
      if (f.entry('initialize_from_hf') || f.entry('model.use_hf_model_config')) {
        const e = f.entry('initialize_from_hf') ?? f.entry('model.use_hf_model_config')!;
        b.problem(
          'info',
          'hf-model-config',
          'The run starts from (or takes its architecture from) a Hugging Face checkpoint; the model keys here may be replaced by its config.',
          e.range,
        );
      }
    }
    if (parts) {
      const vocab = vocabulary(b, f, y, text, ownEntry(LEVANTER_MODELS, type!.value)!);
      if (vocab) parts.vocab = vocab;
    }
    const architecture = parts ? b.architecture(parts) : null;

    const steps =
      f.numOr('trainer.num_train_steps', 'duration', LEVANTER_TRAINER_DEFAULTS.num_train_steps, `${TRAINER}: num_train_steps 400,000`, {
        integer: true,
        min: 0,
      }) ?? null;
    const trainer = y.get('trainer');
    // The 400,000-step default decides the length: the tokens hint goes on the `trainer:` line that leaves it out.
    if (steps?.origin === 'default' && trainer)
      b.stated('trainer', 'num_train_steps not set', trainer.range, 'duration', `${TRAINER}: num_train_steps 400,000`);
    const read = duration(b, f, y, steps, seqLen);
    const { batchTokens } = read;
    let { tokens } = read;
    // An lm-eval-harness config (levanter/eval_harness.py EvalHarnessMainConfig: `eval_harness:`
    // with a model and the trainer's mesh, no `data:`) evaluates a model; its num_train_steps
    // trains nothing. train_lm.py takes `eval_harness:` too, to evaluate while it trains on `data:`.
    const harness = y.get('data') ? undefined : y.get('eval_harness');
    if (harness) {
      tokens = b.trace(null, 'stated', 'eval_harness', harness.range, 'an evaluation config (levanter.main.eval_harness): nothing is trained');
      b.problem(
        'info',
        'no-training',
        'eval_harness: this config runs lm-eval-harness on the model (levanter.main.eval_harness); nothing is trained, so there are no training tokens, FLOPs or cost.',
        harness.range,
      );
    }
    if (tokens.value !== null) {
      checkCommentClaims(b, text, tokens.value, 'the keys');
      if (steps?.range) checkStepsComment(b, text, steps.range.startLine, tokens.value);
    }

    return b.finish({
      setup: levanterSetup(b, f),
      architecture,
      tokens,
      batchTokens,
      steps,
      seqLen,
      precision: precision(b, f),
      learningRate: f.num('optimizer.learning_rate', 'optimizer', { min: 0, max: 10 }) ?? null,
    });
  },
};

function modelParts(b: PlanBuilder, f: YamlFields, model: LevanterModelType): { parts: ArchParts | null; seqLen: Traced<number> | null } {
  const before = invalidCount(b);
  const src = `${model.cls} default (levanter/models/${model.file})`;
  const num = (key: string): Traced<number> | undefined => {
    const fallback = model.defaults[key];
    if (typeof fallback === 'number') return f.numOr(`model.${key}`, 'architecture', fallback, `${src}: ${key} ${fallback}`, ARCH_RULE);
    return f.num(`model.${key}`, 'architecture', ARCH_RULE);
  };
  const flag = (key: string): { value: boolean; range: SourceRange | null; stated: boolean } => {
    const v = f.bool(`model.${key}`);
    if (v) b.stated(`model.${key}`, v.value, v.entry.range, 'architecture');
    return v ? { value: v.value, range: v.entry.range, stated: true } : { value: model.defaults[key] === true, range: null, stated: false };
  };
  const parts: ArchParts = {};
  const set = <K extends keyof ArchParts>(k: K, v: ArchParts[K] | undefined) => {
    if (v) parts[k] = v;
  };
  set('layers', num('num_layers'));
  set('dModel', num('hidden_dim'));
  set('heads', num('num_heads'));
  const seqLen = num('seq_len') ?? null;
  if (seqLen) parts.seqLen = seqLen;
  const bias = flag('use_bias');
  if (model.gpt2) {
    const scale = num('mlp_scale');
    if (parts.dModel && scale)
      parts.ffn = b.derived(
        'mlp width',
        parts.dModel.value * scale.value,
        'architecture',
        `hidden_dim ${parts.dModel.value} × mlp_scale ${scale.value} (Gpt2Config.Mlp)`,
        scale.range,
        scale.origin === 'default' ? 'default' : 'derived',
      );
    parts.mlp = b.trace('mlp', 'default', src);
    // gpt2.py builds its LayerNorms with use_bias=config.use_bias: without biases each keeps only
    // its weight, the same count as an RMSNorm (as nanoGPT's LayerNorm(bias=False)).
    parts.norm = bias.value
      ? b.trace('layernorm', 'default', src)
      : b.trace('rmsnorm', 'stated', 'model.use_bias', bias.range, 'LayerNorm without bias (use_bias: false; same parameter count as RMSNorm)');
    parts.positions = b.trace('learned', 'default', src, null, 'Gpt2Embeddings: a position table of seq_len rows');
    parts.linearBias = b.trace(bias.value, bias.stated ? 'stated' : 'default', bias.stated ? 'model.use_bias' : src, bias.range);
    parts.tiedEmbeddings = b.trace(true, 'default', src, null, 'Gpt2Embeddings.unembed reuses the token embedding');
    if (invalidCount(b) > before) return { parts: null, seqLen };
    return { parts, seqLen };
  }
  set('kvHeads', num('num_kv_heads'));
  set('headDim', num('head_dim'));
  set('ffn', num('intermediate_dim'));
  parts.mlp = b.trace('glu', 'default', src);
  parts.norm = b.trace('rmsnorm', 'default', src);
  parts.positions = b.trace('rotary', 'default', src);
  parts.linearBias = b.trace(false, 'default', src);
  if (model.qkvBias) parts.qkvBias = b.trace(true, 'default', src);
  const tie = flag('tie_word_embeddings');
  parts.tiedEmbeddings = b.trace(tie.value, tie.stated ? 'stated' : 'default', tie.stated ? 'model.tie_word_embeddings' : src, tie.range);
  const unsupported = bias.value
    ? (['use_bias', bias.range] as const)
    : flag('hybrid_norm').value
      ? (['hybrid_norm', f.entry('model.hybrid_norm')?.range ?? null] as const)
      : flag('input_embedding_norm').value
        ? (['input_embedding_norm', f.entry('model.input_embedding_norm')?.range ?? null] as const)
        : null;
  if (unsupported) {
    b.problem(
      'warning',
      'unsupported-model',
      `model.${unsupported[0]}: true adds weights (norm biases or extra norms) that Scaling Lens's block does not model; the parameters are not counted.`,
      unsupported[1],
    );
    return { parts: null, seqLen };
  }
  if (model.moe && parts.ffn) {
    const experts = num('n_routed_experts');
    const topK = num('num_experts_per_tok');
    const shared = f.numOr('model.n_shared_experts', 'architecture', 0, `${src}: n_shared_experts 0`, { integer: true, min: 0, max: 1e4 });
    if (experts && topK && shared) {
      const moe: MoeSpec = { experts: experts.value, topK: topK.value, expertFfn: parts.ffn.value, sharedExperts: shared.value, denseLayers: 0 };
      parts.moe = b.trace(moe, experts.origin === 'stated' ? 'stated' : 'default', 'model.n_routed_experts', experts.range);
    }
  }
  if (invalidCount(b) > before) return { parts: null, seqLen };
  return { parts, seqLen };
}

/**
 * The vocabulary from the `tokenizer:` of a data config pulled in with `data: !include PATH`
 * (draccus reads PATH relative to the including file), once the host has read it
 * (ReadContext.files); undefined while it has not, or when it was not found or not YAML (the
 * caller then assumes), null after an unknown tokenizer's warning.
 */
function includedTokenizer(b: PlanBuilder, path: string, range: SourceRange): Traced<number> | null | undefined {
  const r = b.fileResolution(path);
  if (!r) {
    b.noteUnresolvedFile(path, range);
    return undefined;
  }
  if (!isFound(r)) {
    b.problem('info', 'included-data', `data: !include ${path} was not found (${r.reason}).`, range);
    return undefined;
  }
  const parsed = YamlConfig.parse(r.text).config;
  if (!parsed) return undefined;
  const tok = parsed.get('tokenizer')?.value;
  // LMDatasetConfig's tokenizer defaults to gpt2 (levanter/data/text.py).
  const name = typeof tok === 'string' ? tok : LEVANTER_DEFAULT_TOKENIZER;
  b.stated('data', `!include ${path}`, range, 'data', `the data config ${r.location}, whose tokenizer sets the vocabulary`);
  const t = findTokenizer(name);
  if (!t) {
    b.problem(
      'warning',
      'unknown-tokenizer',
      `Unknown tokenizer "${name}" (in ${path}): its vocabulary size is not in Scaling Lens's table. Add \`# scaling-lens: vocab=N\` to count the embeddings.`,
      range,
    );
    return null;
  }
  return b.derived(
    'vocab',
    t.vocab,
    'architecture',
    `len(tokenizer) of ${name}${typeof tok === 'string' ? '' : " (LMDatasetConfig's default)"}, the tokenizer of the !include'd ${r.location}: ${t.vocab}`,
    range,
  );
}

/** len(tokenizer) of `data.tokenizer`; with the data config in another file, the model's reference tokenizer, assumed. */
function vocabulary(b: PlanBuilder, f: YamlFields, y: YamlConfig, text: string, model: LevanterModelType): Traced<number> | null {
  const hint = b.vocabHint();
  if (hint) return hint;
  const data = y.get('data');
  const line = data ? (text.split('\n')[data.range.startLine] ?? '') : '';
  const include = data && !data.isMap && /!include\b/.test(line) ? String(data.value ?? '') : null;
  if (include !== null) {
    const included = includedTokenizer(b, include, data!.range);
    if (included !== undefined) return included;
    b.stated('data', `!include ${include}`, data!.range, 'data', 'the data config is in another file and is not read here; its tokenizer sets the vocabulary');
    const t = findTokenizer(model.referenceTokenizer);
    if (!t) return null;
    b.problem(
      'info',
      'included-data',
      `data: !include ${include} is not followed, so the tokenizer is not known: ${t.id}'s ${t.vocab.toLocaleString('en-US')} tokens (the model's reference checkpoint) are assumed. Add \`# scaling-lens: vocab=N\` to state it.`,
      data!.range,
      b.directiveFix('vocab', `vocab=${t.vocab}`),
    );
    return b.assumed(
      'vocab',
      t.vocab,
      'architecture',
      `${model.cls} reference_checkpoint tokenizer`,
      `data: !include ${include} is not read; ${t.id} (${t.vocab}) assumed`,
    );
  }
  // train_lm takes the tokenizer from data.tokenizer; sft.py, sft_mixture.py and the export and
  // sampling entry points from a top-level `tokenizer:` (stanford-crfm/levanter@9263f81e src/levanter/main/sft.py SFTConfig.tokenizer).
  const named = f.str('data.tokenizer') ?? f.str('tokenizer');
  const name = named?.value ?? LEVANTER_DEFAULT_TOKENIZER;
  const t = findTokenizer(name);
  if (!t) {
    b.problem(
      'warning',
      'unknown-tokenizer',
      `Unknown tokenizer "${name}": its vocabulary size is not in Scaling Lens's table. Add \`# scaling-lens: vocab=N\` to count the embeddings.`,
      named?.entry.valueRange ?? null,
    );
    return null;
  }
  if (named) return b.derived('vocab', t.vocab, 'architecture', `len(tokenizer) of ${name} (${named.entry.path}): ${t.vocab}`, named.entry.range);
  return b.derived(
    'vocab',
    t.vocab,
    'architecture',
    `data.tokenizer is not set: Levanter's default tokenizer gpt2 (levanter/data/text.py), ${t.vocab} tokens`,
    null,
    'default',
  );
}

/**
 * `num_train_steps: 750000  # 3,000,000,000,000 / 4,000,000 = 750,000`: the comment's token
 * total (the dividend) against the keys' (docs/configs.md#reference-configs, case 17: 1.57T, not 3T).
 */
function checkStepsComment(b: PlanBuilder, text: string, line: number, tokens: number): void {
  const s = text.split('\n', line + 1)[line] ?? '';
  const hash = s.indexOf('#');
  if (hash < 0) return;
  const m = /([\d][\d,_]*(?:\.\d+)?(?:[eE]\d+)?)\s*\/\s*([\d][\d,_]*(?:\.\d+)?(?:[eE]\d+)?)/.exec(s.slice(hash));
  if (!m) return;
  const claimed = coerceNumber(m[1]!.replace(/,/g, ''));
  if (claimed === null || !(claimed > 0)) return;
  const ratio = claimed / tokens;
  if (ratio > 0.8 && ratio < 1.25) return;
  const start = hash + m.index;
  b.problem(
    'info',
    'comment-disagrees',
    `The comment divides ${m[1]} tokens by ${m[2]} per step, but the keys give ${formatQuantity(tokens)} tokens; Scaling Lens uses the keys.`,
    { startLine: line, startCol: start, endLine: line, endCol: start + m[0].length },
  );
}

interface Segment {
  readonly start: number;
  readonly value: number;
}

function duration(
  b: PlanBuilder,
  f: YamlFields,
  y: YamlConfig,
  steps: Traced<number> | null,
  seqLen: Traced<number> | null,
): { tokens: Traced<number | null>; batchTokens: Traced<number> | null } {
  const entry = f.entry('trainer.train_batch_size');
  if (entry?.isSeq) {
    const schedule = batchSchedule(b, y, entry.valueRange);
    if (!schedule)
      return { tokens: b.trace(null, 'derived', 'trainer.train_batch_size', entry.range, 'the batch-size schedule could not be read'), batchTokens: null };
    b.stated('trainer.train_batch_size', schedule.map((s) => `${s.value} from step ${s.start}`).join(', '), entry.range, 'batch');
    if (!steps || !seqLen)
      return { tokens: b.trace(null, 'derived', 'trainer.train_batch_size', entry.range, 'the sequence length is not known'), batchTokens: null };
    let sequences = 0;
    for (let i = 0; i < schedule.length; i++) {
      const from = Math.min(schedule[i]!.start, steps.value);
      const to = Math.min(schedule[i + 1]?.start ?? steps.value, steps.value);
      sequences += Math.max(0, to - from) * schedule[i]!.value;
    }
    const last = schedule.filter((s) => s.start <= Math.max(0, steps.value - 1)).pop()!;
    const batchTokens = b.derived(
      'tokens per step (final)',
      last.value * seqLen.value,
      'batch',
      `the schedule's last batch ${last.value} × seq_len ${seqLen.value}`,
      entry.range,
    );
    const tokens = b.derived(
      'training tokens',
      sequences * seqLen.value,
      'duration',
      `Σ over the schedule of steps × train_batch_size (${sequences} sequences in ${steps.value} steps) × seq_len ${seqLen.value}`,
      steps.range ?? entry.range,
      steps.origin === 'default' ? 'default' : 'derived',
    );
    return { tokens, batchTokens };
  }
  const batch = f.numOr('trainer.train_batch_size', 'batch', LEVANTER_TRAINER_DEFAULTS.train_batch_size, `${TRAINER}: train_batch_size 512`, {
    integer: true,
    min: 1,
  });
  if (!batch || !seqLen)
    return { tokens: b.trace(null, 'derived', 'trainer.num_train_steps', steps?.range, 'the batch size or sequence length is not known'), batchTokens: null };
  const fromDefault = batch.origin === 'default' || seqLen.origin === 'default';
  const batchTokens = b.derived(
    'tokens per step',
    batch.value * seqLen.value,
    'batch',
    `train_batch_size ${batch.value} × seq_len ${seqLen.value}`,
    batch.range,
    fromDefault ? 'default' : 'derived',
  );
  if (!steps) return { tokens: b.trace(null, 'derived', 'trainer.num_train_steps', null, 'num_train_steps is not valid'), batchTokens };
  const tokens = b.derived(
    'training tokens',
    steps.value * batchTokens.value,
    'duration',
    `num_train_steps ${steps.value} × ${batchTokens.value} tokens per step`,
    steps.range,
    steps.origin === 'default' || fromDefault ? 'default' : 'derived',
  );
  return { tokens, batchTokens };
}

/** `[{start: 0, value: 64}, …]`: starts from 0, sorted, values whole and positive (validate_schedule_sorted). */
function batchSchedule(b: PlanBuilder, y: YamlConfig, at: SourceRange): Segment[] | null {
  let raw: unknown;
  try {
    raw = y.toJS('trainer.train_batch_size');
  } catch {
    raw = null;
  }
  const bad = (why: string) => {
    b.invalid('trainer.train_batch_size', why, at);
    return null;
  };
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > 10_000) return bad('expected a number or a list of {start, value} steps');
  const out: Segment[] = [];
  for (const item of raw) {
    const rec = item && typeof item === 'object' ? (item as Record<string, unknown>) : null;
    const start = coerceNumber(rec?.start);
    const value = coerceNumber(rec?.value);
    if (start === null || value === null || !Number.isInteger(start) || !Number.isInteger(value) || start < 0 || value < 1 || value > 1e12)
      return bad('each schedule step needs a whole start ≥ 0 and a whole value ≥ 1');
    if (out.length && start < out[out.length - 1]!.start) return bad('the schedule must be sorted by start');
    out.push({ start, value });
  }
  if (out[0]!.start !== 0) return bad('the schedule must start at step 0');
  return out;
}

/**
 * jmp policy `p=f32,c=bfloat16` or `compute=bfloat16,params=float32`: the compute dtype sets the
 * precision. jmp's get_policy gives a policy without one (`p=f32`) the params dtype for compute.
 */
function precision(b: PlanBuilder, f: YamlFields): Traced<Precision> | null {
  const mp = f.str('trainer.mp');
  if (!mp) return null;
  const key = (names: string) => new RegExp(`(?:^|,)\\s*(?:${names})\\s*=\\s*(\\w+)`).exec(mp.value)?.[1];
  const compute = key('c|compute') ?? key('p|params|param') ?? (mp.value.includes('=') ? null : mp.value);
  const p = compute ? parsePrecision(compute.replace(/^f(16|32)$/i, 'fp$1')) : null;
  if (!p) {
    b.invalid('trainer.mp', `no compute dtype in "${mp.value}" (expected e.g. p=f32,c=bfloat16)`, mp.entry.valueRange);
    return null;
  }
  return b.trace(p, 'stated', 'trainer.mp', mp.entry.range);
}

const LEVANTER_SRC = 'stanford-crfm/levanter@9263f81e8b453241332c2c0b2d2001bfb2d2241c';
const LEVANTER_OPTIMIZERS: Readonly<Record<string, OptimizerKind>> = { adam: 'adamw', lion: 'lion', muon: 'muon', sgd: 'sgd' };

/**
 * Levanter's setup (LEVANTER_SRC src/levanter/trainer.py TrainerConfig): model_axis_size 1
 * (tensor parallelism), the other devices shard parameters and optimizer states (fsdp_axis
 * "embed"); per_device_parallelism -1 means train_batch_size / devices (no accumulation);
 * models checkpoint every layer (src/levanter/models/llama.py gradient_checkpointing True);
 * JAX compiles every step.
 */
function levanterSetup(b: PlanBuilder, f: YamlFields): RunSetup {
  const def = <T>(value: T, note: string) => b.setupDefault(value, `${note} (${LEVANTER_SRC})`);
  const int = (key: string) => {
    const e = f.entry(key);
    return e && typeof e.value === 'number' && Number.isInteger(e.value) ? { value: e.value, range: e.range } : undefined;
  };
  const mp = int('trainer.model_axis_size');
  const perDevice = int('trainer.per_device_parallelism');
  const gc = f.entry('model.gradient_checkpointing');
  const opt = f.entry('optimizer.type');
  const optKind = opt && typeof opt.value === 'string' ? LEVANTER_OPTIMIZERS[opt.value] : undefined;
  const checkpointing = gc
    ? typeof gc.value === 'boolean'
      ? b.trace({ mode: gc.value ? ('full' as const) : ('none' as const) }, 'stated', 'model.gradient_checkpointing', gc.range)
      : undefined
    : def({ mode: 'full' as const }, 'gradient_checkpointing True');
  return {
    ...(perDevice && perDevice.value >= 1 ? { microBatch: b.trace(perDevice.value, 'stated', 'trainer.per_device_parallelism', perDevice.range) } : {}),
    parallel: { tp: mp && mp.value >= 1 ? b.trace(mp.value, 'stated', 'trainer.model_axis_size', mp.range) : def(1, 'model_axis_size 1') },
    sharding: def('fsdp-full' as const, 'fsdp_axis "embed": parameters and optimizer states sharded over the data devices'),
    ...(checkpointing ? { checkpointing } : {}),
    ...(optKind ? { optimizer: b.trace(optKind, 'stated', 'optimizer.type', opt!.range) } : {}),
    compile: def(true, 'JAX compiles every step'),
  };
}
