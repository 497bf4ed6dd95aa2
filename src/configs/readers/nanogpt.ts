// nanoGPT config files (docs/configs.md#nanogpt): Python assignments exec'd over train.py's
// globals, so every key the file leaves out keeps train.py's default and a value may refer to
// earlier names. Read with the safe evaluator in pythonAssignments; nothing is run.
//
// Defaults: karpathy/nanoGPT train.py@dc81cb3 (docs/configs.md#reference-configs, case 1). Model: model.py, where
// LayerNorm has a weight and a bias only if `bias=True`, linear layers have biases only then
// too, the token embedding is tied to the output head, and `wpe` is a learned block_size × d table.

import type { Precision, Traced } from '../../core/plan';
import { formatInteger } from '../../core/units';
import type { RunSetup } from '../../core/runSetup';
import { PlanBuilder, parsePrecision, type ArchParts } from '../shared/builder';
import { readPythonAssignments, type PyAssignment } from '../shared/pythonAssignments';
import { describe, type PyValue } from '../shared/pythonValues';
import { ownEntry } from '../shared/values';
import { belowMin, DEFAULT_MAX } from '../shared/numbers';
import type { FieldRole, ReadContext, ReadResult, Reader } from '../types';

const NAME = 'nanoGPT';

/** train.py's defaults (the values a config file overrides). */
const TRAIN_PY: ReadonlyMap<string, PyValue> = new Map<string, PyValue>([
  ['out_dir', { type: 'str', value: 'out' }],
  ['eval_interval', { type: 'int', value: 2000 }],
  ['log_interval', { type: 'int', value: 1 }],
  ['eval_iters', { type: 'int', value: 200 }],
  ['eval_only', { type: 'bool', value: false }],
  ['always_save_checkpoint', { type: 'bool', value: true }],
  ['init_from', { type: 'str', value: 'scratch' }],
  ['wandb_log', { type: 'bool', value: false }],
  ['dataset', { type: 'str', value: 'openwebtext' }],
  ['gradient_accumulation_steps', { type: 'int', value: 40 }],
  ['batch_size', { type: 'int', value: 12 }],
  ['block_size', { type: 'int', value: 1024 }],
  ['n_layer', { type: 'int', value: 12 }],
  ['n_head', { type: 'int', value: 12 }],
  ['n_embd', { type: 'int', value: 768 }],
  ['dropout', { type: 'float', value: 0 }],
  ['bias', { type: 'bool', value: false }],
  ['learning_rate', { type: 'float', value: 6e-4 }],
  ['max_iters', { type: 'int', value: 600000 }],
  ['weight_decay', { type: 'float', value: 0.1 }],
  ['beta1', { type: 'float', value: 0.9 }],
  ['beta2', { type: 'float', value: 0.95 }],
  ['grad_clip', { type: 'float', value: 1.0 }],
  ['decay_lr', { type: 'bool', value: true }],
  ['warmup_iters', { type: 'int', value: 2000 }],
  ['lr_decay_iters', { type: 'int', value: 600000 }],
  ['min_lr', { type: 'float', value: 6e-5 }],
  ['backend', { type: 'str', value: 'nccl' }],
  ['device', { type: 'str', value: 'cuda' }],
  ['compile', { type: 'bool', value: true }],
]);

/** `init_from='gpt2*'`: GPT.from_pretrained in model.py (n_layer, n_head, n_embd; vocab 50257, block 1024, bias True). */
const GPT2: Readonly<Record<string, { layers: number; heads: number; d: number; name: string }>> = {
  gpt2: { layers: 12, heads: 12, d: 768, name: 'GPT-2 (124M)' },
  'gpt2-medium': { layers: 24, heads: 16, d: 1024, name: 'GPT-2 Medium (350M)' },
  'gpt2-large': { layers: 36, heads: 20, d: 1280, name: 'GPT-2 Large (774M)' },
  'gpt2-xl': { layers: 48, heads: 25, d: 1600, name: 'GPT-2 XL (1558M)' },
};

/**
 * Datasets whose vocabulary is known without reading meta.pkl. openwebtext and shakespeare use
 * the GPT-2 BPE and have no meta.pkl (train.py then uses 50304); shakespeare_char's prepare.py
 * writes vocab_size 65 (the distinct characters of tiny Shakespeare; docs/configs.md#reference-configs, case 2).
 */
const DATASET_VOCAB: Readonly<Record<string, number | 'gpt2'>> = { openwebtext: 'gpt2', shakespeare: 'gpt2', shakespeare_char: 65 };

/** GPT-2's 50,257 tokens rounded up to a multiple of 64, train.py's vocab without meta.pkl. */
const PADDED_GPT2_VOCAB = 50304;

// eval_only/init_from/eval_iters: nanoGPT's evaluation configs (config/eval_gpt2*.py, run as
// `python train.py config/eval_gpt2.py`) set only these; they name a model and train nothing.
const KEYS = ['n_layer', 'n_embd', 'block_size', 'max_iters', 'gradient_accumulation_steps', 'eval_only', 'init_from', 'eval_iters'];
const MAX_DIM = 2 ** 24;

const KEY_SNIFFERS = KEYS.map((k) => new RegExp(`^${k}[ \\t]*(:[^=\\n]*)?=(?!=)`, 'm'));

function sniffKeys(text: string): number {
  let n = 0;
  for (const re of KEY_SNIFFERS) if (re.test(text)) n++;
  return n;
}

export const nanogptReader: Reader = {
  id: 'nanogpt',
  name: NAME,
  detect(text, fileName) {
    const py = /\.py$/i.test(fileName);
    if (!py && /\.[A-Za-z0-9]+$/.test(fileName)) return 0;
    const keys = sniffKeys(text);
    if (keys < 2) return 0;
    // A program (functions, classes) that also assigns the keys at top level is most likely
    // train.py itself or a fork of it: readable, but less certainly a config.
    const program = /^(def|class|async\s+def)\s/m.test(text);
    const trainPy = /configurator\.py/.test(text);
    let score = program ? (trainPy ? 0.75 : 0.45 + 0.05 * keys) : Math.min(0.95, 0.6 + 0.1 * keys);
    if (!py) score -= 0.2;
    return Math.max(0, score);
  },
  read(text, _fileName, ctx: ReadContext): ReadResult {
    return readNanoGpt(text, ctx);
  },
};

function readNanoGpt(text: string, ctx: ReadContext): ReadResult {
  const b = new PlanBuilder('nanogpt', NAME, text, ctx);
  const mod = readPythonAssignments(text, TRAIN_PY);
  for (const e of mod.syntaxErrors) b.problem('error', 'parse-error', `Python syntax: ${e.reason}`, e.range);

  const binding = (key: string): PyAssignment | undefined => mod.bindings.get(key);
  const noteOf = (a: PyAssignment) => (a.literal ? undefined : `= ${a.expression}`);

  /** A key's value: the file's (checked), else train.py's default. */
  const num = (key: string, role: FieldRole, opts: { integer?: boolean; min?: number; max?: number } = {}): Traced<number> | null => {
    const a = binding(key);
    if (!a) {
      const d = TRAIN_PY.get(key);
      if (!d || (d.type !== 'int' && d.type !== 'float')) return null;
      return b.frameworkDefault(key, d.value, role, `train.py default ${describe(d)}`);
    }
    if (!a.value) {
      b.problem(
        'warning',
        'unevaluated-value',
        `${key}: \`${a.expression}\` is not evaluated (${a.reason ?? 'unsupported'}); its value is unknown.`,
        a.valueRange,
      );
      return null;
    }
    const v = a.value;
    const bad = (why: string) => {
      b.invalid(key, why, a.valueRange);
      return null;
    };
    // The value as written (`2**53 + 1`, `float('inf')`): its float would not be what the user typed.
    const written = a.expression.length <= 60 && a.expression !== describe(v) ? `\`${a.expression}\` (${describe(v)})` : describe(v);
    if (v.type !== 'int' && v.type !== 'float') return bad(`expected a number, got ${written}`);
    if (opts.integer && v.type !== 'int') return bad(`expected a whole number (Python int), got ${written}`);
    if (opts.min !== undefined && v.value < opts.min) return bad(belowMin(opts.min, written));
    if (v.value > (opts.max ?? (opts.integer ? DEFAULT_MAX : Number.MAX_VALUE))) return bad(`${written} is implausibly large`);
    return b.stated(key, v.value, a.range, role, noteOf(a));
  };
  const str = (key: string, role: FieldRole): { value: string; a: PyAssignment | null } | null => {
    const a = binding(key);
    if (!a) {
      const d = TRAIN_PY.get(key);
      return d?.type === 'str' ? { value: d.value, a: null } : null;
    }
    if (!a.value) {
      b.problem('warning', 'unevaluated-value', `${key}: \`${a.expression}\` is not evaluated (${a.reason ?? 'unsupported'}).`, a.valueRange);
      return null;
    }
    if (a.value.type !== 'str') {
      b.invalid(key, `expected a string, got ${describe(a.value)}`, a.valueRange);
      return null;
    }
    b.stated(key, a.value.value, a.range, role, noteOf(a));
    return { value: a.value.value, a };
  };
  const bool = (key: string, role: FieldRole): { value: boolean; a: PyAssignment | null } | null => {
    const a = binding(key);
    if (!a) {
      const d = TRAIN_PY.get(key);
      return d?.type === 'bool' ? { value: d.value, a: null } : null;
    }
    if (!a.value) {
      b.problem('warning', 'unevaluated-value', `${key}: \`${a.expression}\` is not evaluated (${a.reason ?? 'unsupported'}).`, a.valueRange);
      return null;
    }
    if (a.value.type !== 'bool' && a.value.type !== 'int') {
      b.invalid(key, `expected True or False, got ${describe(a.value)}`, a.valueRange);
      return null;
    }
    const value = a.value.type === 'bool' ? a.value.value : a.value.value !== 0;
    b.stated(key, value, a.range, role, noteOf(a));
    return { value, a };
  };

  // -- architecture --------------------------------------------------------------------------
  const initFrom = str('init_from', 'architecture');
  const init = initFrom?.value ?? 'scratch';
  const dataset = str('dataset', 'data');
  const block = num('block_size', 'architecture', { integer: true, min: 1, max: 2 ** 31 });
  const parts: ArchParts = {};
  const gpt2 = GPT2[init];
  if (gpt2) {
    // from_pretrained loads OpenAI's weights; only dropout can be overridden. A smaller
    // block_size crops the position table (crop_block_size); a larger one fails at the first batch.
    const at = initFrom?.a?.range ?? null;
    const src = `init_from='${init}'`;
    for (const key of ['n_layer', 'n_head', 'n_embd', 'bias']) {
      const a = binding(key);
      if (a) b.problem('info', 'ignored-key', `${key} is ignored: ${src} loads the ${gpt2.name} architecture.`, a.range);
    }
    parts.layers = b.derived('n_layer', gpt2.layers, 'architecture', `${gpt2.name} (${src})`, at);
    parts.heads = b.derived('n_head', gpt2.heads, 'architecture', `${gpt2.name} (${src})`, at);
    parts.dModel = b.derived('n_embd', gpt2.d, 'architecture', `${gpt2.name} (${src})`, at);
    parts.ffn = b.derived('mlp width', 4 * gpt2.d, 'architecture', 'nanoGPT MLP: 4 × n_embd', at);
    parts.vocab = b.derived('vocab_size', 50257, 'architecture', `GPT-2 vocabulary (${src})`, at);
    parts.norm = b.trace('layernorm', 'derived', src, at);
    parts.linearBias = b.trace(true, 'derived', src, at);
    if (block) {
      if (block.value > 1024)
        b.invalid('block_size', `${gpt2.name} has 1024 positions; a block_size of ${block.value} fails at the first batch`, block.range ?? null);
      parts.seqLen = block;
      parts.maxPositions = b.derived(
        'position table',
        Math.min(block.value, 1024),
        'architecture',
        block.value < 1024 ? `cropped to block_size ${block.value} (crop_block_size)` : 'GPT-2: 1024 positions',
        block.range,
      );
    }
  } else {
    if (init !== 'scratch' && init !== 'resume') {
      b.invalid(
        'init_from',
        `expected 'scratch', 'resume' or one of ${Object.keys(GPT2)
          .map((k) => `'${k}'`)
          .join(', ')}, got '${init}'`,
        initFrom?.a?.valueRange ?? null,
      );
    }
    if (init === 'resume')
      b.problem(
        'info',
        'resume',
        "init_from='resume': the architecture comes from the checkpoint in out_dir; the file's values are assumed to match it.",
        initFrom?.a?.range ?? null,
      );
    const layers = num('n_layer', 'architecture', { integer: true, min: 1, max: MAX_DIM });
    const heads = num('n_head', 'architecture', { integer: true, min: 1, max: MAX_DIM });
    const d = num('n_embd', 'architecture', { integer: true, min: 1, max: MAX_DIM });
    if (layers) parts.layers = layers;
    if (heads) parts.heads = heads;
    if (d) {
      parts.dModel = d;
      parts.ffn = b.derived('mlp width', 4 * d.value, 'architecture', 'nanoGPT MLP: 4 × n_embd', d.range ?? null);
    }
    if (block) parts.seqLen = block;
    const bias = bool('bias', 'architecture');
    const biasOn = bias?.value ?? false;
    const biasOrigin = bias?.a ? 'stated' : 'default';
    // LayerNorm(bias=False) keeps only its weight: the same count as RMSNorm.
    parts.norm = biasOn
      ? b.trace('layernorm', biasOrigin, 'bias', bias?.a?.range)
      : b.trace(
          'rmsnorm',
          biasOrigin,
          bias?.a ? 'bias' : 'train.py default bias=False',
          bias?.a?.range,
          'LayerNorm without bias (same parameter count as RMSNorm)',
        );
    b.derived(
      'norm',
      biasOn ? 'LayerNorm' : 'LayerNorm (no bias)',
      'architecture',
      biasOn ? 'LayerNorm with weight and bias (bias=True)' : 'LayerNorm without bias (same parameter count as RMSNorm)',
      bias?.a?.range ?? null,
      biasOrigin === 'stated' ? 'derived' : 'default',
    );
    parts.linearBias = b.trace(biasOn, biasOrigin, 'bias', bias?.a?.range);
    parts.vocab = vocab(b, init, dataset);
  }
  parts.mlp = b.trace('mlp', 'default', 'nanoGPT (GELU MLP)');
  parts.positions = b.trace('learned', 'default', 'nanoGPT (learned wpe)');
  parts.tiedEmbeddings = b.trace(true, 'default', 'nanoGPT (wte tied to lm_head)');
  const architecture = b.architecture(parts, 'nanoGPT takes missing values from train.py; a value the reader cannot evaluate is unknown.');

  // -- duration and batch --------------------------------------------------------------------
  const iters = num('max_iters', 'duration', { integer: true, min: 0 });
  const micro = num('batch_size', 'batch', { integer: true, min: 1 });
  const gas = num('gradient_accumulation_steps', 'batch', { integer: true, min: 1 });
  const evalOnly = bool('eval_only', 'duration');
  const seqLen = block ?? null;
  const batchTokens =
    micro && gas && block
      ? b.derived(
          'tokens per step',
          micro.value * block.value * gas.value,
          'batch',
          `batch_size ${micro.value} × block_size ${block.value} × gradient_accumulation_steps ${gas.value} (global: train.py divides it by the GPU count)`,
          gas.range ?? null,
        )
      : null;
  let tokens: ReadResult['plan']['tokens'];
  if (evalOnly?.value) {
    tokens = b.trace(null, 'stated', 'eval_only', evalOnly.a?.range, 'eval_only = True: the script evaluates and exits without training');
    b.problem(
      'info',
      'no-training',
      'eval_only = True: train.py evaluates the model once and exits; nothing is trained, so there are no training tokens, FLOPs or cost.',
      evalOnly.a?.range ?? null,
    );
  } else if (iters && batchTokens) {
    const value = iters.value * batchTokens.value;
    tokens = Number.isFinite(value)
      ? b.derived(
          'training tokens',
          value,
          'duration',
          `max_iters ${formatInteger(iters.value)} × ${formatInteger(batchTokens.value)} tokens per step (the loop runs max_iters + 1 steps, one more step of the same size)`,
          iters.range ?? null,
        )
      : b.trace(null, 'derived', 'max_iters', iters.range, 'the token count overflows');
  } else {
    tokens = b.trace(null, 'derived', 'max_iters', iters?.range, 'max_iters, batch_size, block_size or gradient_accumulation_steps is unknown');
  }

  // The run setup (karpathy/nanoGPT@3adf61e154c3fe3fca428ad6bc3818b27a3b8291 train.py and model.py):
  // DDP only, so nothing is sharded and there is no tensor or pipeline parallelism; AdamW
  // (model.configure_optimizers); no activation checkpointing; torch.compile unless compile =
  // False; attention through F.scaled_dot_product_attention (flash) where PyTorch has it; one
  // cross-entropy over the full logits.
  const SRC = 'karpathy/nanoGPT@3adf61e154c3fe3fca428ad6bc3818b27a3b8291';
  const def = <T>(value: T, note: string) => b.setupDefault(value, `${note} (${SRC})`);
  const compile = bool('compile', 'hardware');
  const setup: RunSetup = {
    ...(micro ? { microBatch: micro } : {}),
    parallel: {
      tp: def(1, 'train.py: DDP only, no tensor parallelism'),
      pp: def(1, 'train.py: DDP only, no pipeline'),
      cp: def(1, 'train.py: DDP only, no context parallelism'),
    },
    sharding: def('none' as const, 'train.py wraps the model in DistributedDataParallel: every GPU holds the whole model and optimizer'),
    checkpointing: def({ mode: 'none' as const }, 'model.py: no activation checkpointing'),
    optimizer: def('adamw' as const, 'model.py configure_optimizers: torch.optim.AdamW'),
    ...(compile ? { compile: compile.a ? b.trace(compile.value, 'stated', 'compile', compile.a.range) : def(compile.value, 'train.py compile = True') } : {}),
    flashAttention: def(true, 'model.py: F.scaled_dot_product_attention (flash) on PyTorch >= 2.0'),
    chunkedLoss: def(false, 'model.py: one cross_entropy over the full logits'),
  };

  return b.finish({
    setup,
    architecture,
    tokens,
    batchTokens,
    steps: evalOnly?.value ? null : iters,
    seqLen,
    precision: precision(b, binding('dtype')),
    learningRate: num('learning_rate', 'optimizer', { min: 0 }),
  });
}

function vocab(b: PlanBuilder, init: string, dataset: { value: string; a: PyAssignment | null } | null): Traced<number> {
  const hint = b.vocabHint();
  if (hint) return hint;
  const name = dataset?.value ?? 'openwebtext';
  const known = ownEntry(DATASET_VOCAB, name);
  if (known === 'gpt2') {
    return b.frameworkDefault(
      'vocab_size',
      PADDED_GPT2_VOCAB,
      'architecture',
      `data/${name} is GPT-2 BPE without meta.pkl: train.py uses 50304 (50257 padded to a multiple of 64)`,
    );
  }
  if (typeof known === 'number') {
    return b.assumed(
      'vocab_size',
      known,
      'architecture',
      `data/${name}/meta.pkl`,
      `meta.pkl is not read; nanoGPT's data/${name}/prepare.py writes vocab_size ${known}. Add \`# scaling-lens: vocab=N\` if yours differs`,
    );
  }
  const resume = init === 'resume' ? ' (or the checkpoint)' : '';
  b.problem(
    /char/i.test(name) ? 'warning' : 'info',
    'assumed-vocab',
    `The vocabulary comes from data/${name}/meta.pkl${resume}, which is not read: ${formatInteger(PADDED_GPT2_VOCAB)} (train.py's value without meta.pkl) is assumed. For character-level or custom data add \`# scaling-lens: vocab=N\`.`,
    dataset?.a?.range ?? null,
    b.directiveFix('vocab', `vocab=${PADDED_GPT2_VOCAB}`),
  );
  return b.assumed(
    'vocab_size',
    PADDED_GPT2_VOCAB,
    'architecture',
    'train.py fallback (no meta.pkl)',
    `data/${name}/meta.pkl is not read; without it train.py uses 50304. Add \`# scaling-lens: vocab=N\` for char-level data`,
  );
}

function precision(b: PlanBuilder, a: PyAssignment | undefined): Traced<Precision> {
  const fallback = () => b.trace<Precision>('bf16', 'default', `${NAME} default`, null, "train.py: 'bfloat16' where the GPU supports it, else 'float16'");
  if (!a) return fallback();
  if (!a.value || a.value.type !== 'str') {
    if (a.value) b.invalid('dtype', `expected 'float32', 'bfloat16' or 'float16', got ${describe(a.value)}`, a.valueRange);
    return { ...fallback(), range: a.range };
  }
  const s = a.value.value;
  if (s === 'float32') {
    // train.py sets allow_tf32 on matmuls and cuDNN: fp32 training runs its matmuls in TF32.
    b.stated('dtype', s, a.range, 'precision', 'float32 weights; train.py enables TF32 matmuls');
    return b.trace('tf32', 'stated', 'dtype', a.range, 'float32 with TF32 matmuls (train.py sets allow_tf32)');
  }
  const p = s === 'bfloat16' ? 'bf16' : s === 'float16' ? 'fp16' : parsePrecision(s);
  if (!p || (s !== 'bfloat16' && s !== 'float16')) {
    b.invalid('dtype', `train.py accepts 'float32', 'bfloat16' or 'float16', got '${s}'`, a.valueRange);
    return { ...fallback(), range: a.range };
  }
  b.stated('dtype', s, a.range, 'precision');
  return b.trace(p, 'stated', 'dtype', a.range);
}
