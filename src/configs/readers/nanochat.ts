// nanochat run scripts (karpathy/nanochat speedrun.sh, run1000.sh; docs/configs.md#nanochat): bash that runs
// `torchrun … -m scripts.base_train -- --depth=20 --device_batch_size=16`. The whole model follows
// from --depth (karpathy/nanochat@507d542 scripts/base_train.py, nanochat/gpt.py):
//
// - model_dim = depth × 64, num_heads = ceil(model_dim / 128), kv heads = heads, head_dim =
//   model_dim / heads; an MLP of 4 × model_dim with relu² (c_fc, c_proj), no biases anywhere,
//   RMSNorm without weights (F.rms_norm), rotary positions, separate wte and lm_head of the
//   tokenizer's vocabulary padded to a multiple of 64 (scripts/tok_train.py --vocab_size, 65536).
// - Steps: --num_iterations, else round(--target_flops / (flops_per_token × total_batch_size)),
//   else --target_param_data_ratio (20) × parameters // total_batch_size; tokens are steps ×
//   --total_batch_size (524288), whatever the GPU count.
//
// That configurator took `--key=value` with underscores. On 2026-01-04 (nanochat@eb7bbc1) the
// flags became argparse's dashed ones, and from 2026-01-11 the model gained per-layer residual
// scalars and value embeddings (nanochat@aa530cd, 9a88194). A script with dashed flags is counted
// as karpathy/nanochat@92d63d4e8bb4df75c3b71618f31ddde2378b2bcd builds it (nanochat/gpt.py,
// scripts/base_train.py, scripts/tok_train.py), and says so:
//
// - model_dim = ceil(depth × --aspect-ratio (64) / --head-dim (128)) × head_dim, heads = model_dim /
//   head_dim = kv heads; the tokenizer's --vocab-size default is 32768 (2**15), padded to 64.
// - Value embeddings on the layers i with i % 2 == (depth − 1) % 2 (has_ve): a padded_vocab ×
//   model_dim table each, and a ve_gate Linear(12, kv heads) in their attention.
// - resid_lambdas and x0_lambdas (depth each), smear_gate Linear(24, 1), smear_lambda, backout_lambda.
// - --total-batch-size -1 is fitted: 2**round(log2(2**19 × (target_tokens / D_REF)**0.383)), with
//   target_tokens = int(ratio × scaling params), scaling params = block matrices + lm_head, and
//   D_REF the same for depth 12; steps = target_tokens // batch (--target-param-data-ratio 12).

import type { Architecture } from '../../core/architecture';
import { countParams } from '../../core/model';
import type { SourceRange, Traced } from '../../core/plan';
import type { RunSetup } from '../../core/runSetup';
import type { ArchParts, PlanBuilder } from '../shared/builder';
import { shellLauncher, type ShellLauncherSpec } from '../shared/shellLauncher';
import { shellScriptOf, unknownWhy, type ShellCommand, type ShellWord } from '../shared/shellWords';
import { coerceNumber } from '../shared/values';
import type { FieldRole, ReadContext, ReadResult, Reader } from '../types';
import { belowMin } from '../shared/numbers';

const NAME = 'nanochat';
const SRC = 'nanochat scripts/base_train.py';

const ENTRY = /^scripts[./]base_train(\.py)?$/;
const SNIFF = /scripts[./]base_train\b/;

const DEFAULTS = { depth: 20, max_seq_len: 2048, target_param_data_ratio: 20, total_batch_size: 524_288, device_batch_size: 32 };
/** scripts/tok_train.py: `--vocab_size` default 65536 (2**16); gpt.py pads to a multiple of 64. */
const TOKENIZER_VOCAB = 65_536;
/** scripts/tok_train.py at nanochat@92d63d4: `--vocab-size` default 32768 (2**15). */
const TOKENIZER_VOCAB_2026 = 32_768;
const PAD_VOCAB_TO = 64;

const LAUNCHER: ShellLauncherSpec = {
  format: 'nanochat',
  name: NAME,
  find: (commands) => findEntry(commands),
  missing: 'No scripts.base_train invocation found in this script.',
  notTraining: 'the script does not run nanochat pretraining',
};

export const nanochatReader: Reader = {
  id: 'nanochat',
  name: NAME,
  detect(text, fileName) {
    if (!SNIFF.test(text)) return 0;
    if (/\.[A-Za-z0-9]+$/.test(fileName) && !/\.(sh|bash|slurm|sbatch|zsh)$/i.test(fileName)) return 0;
    return findEntry(shellScriptOf(text).commands) ? 0.9 : 0;
  },
  read(text, _fileName, ctx: ReadContext): ReadResult {
    const launch = shellLauncher(LAUNCHER, text, ctx);
    if ('done' in launch) return launch.done;
    const { b, script, command, at } = launch;
    const flags = parseFlags(command.words.slice(at + 1));
    const dashed = [...flags.keys()].some((k) => /^--\w+-\w/.test(k));
    const r = new Flags(b, flags, dashed ? '-' : '_');
    const gpuCount = b.gpuCount(launcherGpus(b, command.words.slice(0, at)));

    const seqLen =
      r.number('max_seq_len', 'batch', { integer: true, min: 1, max: 1e8 }) ??
      b.frameworkDefault(r.key('max_seq_len'), DEFAULTS.max_seq_len, 'batch', `${SRC}: max_seq_len 2048`);
    const micro = r.number('device_batch_size', 'batch', { integer: true, min: 1, max: 1e8 });
    let architecture: Traced<Architecture> | null;
    let dashedModel: Dashed | null = null;
    if (dashed) {
      const first = [...flags.values()].find((f) => /^--\w+-\w/.test(f.key))!;
      b.problem(
        'info',
        'nanochat-version',
        `Dashed flags (${first.key}) are nanochat's argparse interface of 2026: counted as karpathy/nanochat@92d63d4 builds the model (value embeddings on alternating layers, per-layer residual scalars, smear and backout gates). Other 2026 revisions may differ by these extras.`,
        first.keyWord.range,
      );
      dashedModel = model2026(b, r, seqLen, script.commands);
      architecture = dashedModel?.architecture ?? null;
    } else {
      const tok = script.commands.find((c) => c.words.some((w) => /^scripts[./]tok_train(\.py)?$/.test(w.text)));
      const underscored = [...flags.keys(), ...(tok ? parseFlags(tok.words).keys() : [])].some((k) => /^--\w+_\w/.test(k));
      if (!underscored)
        b.problem(
          'info',
          'nanochat-version',
          'Read as the nanochat of 2025 (underscored --key=value flags, a plain Transformer); nanochat since 2026 adds value embeddings that change the count.',
          command.range,
        );
      architecture = model(b, r, seqLen, script.commands);
    }
    const { tokens, steps, batchTokens } = duration(b, r, architecture?.value ?? null, dashed, command.words[at]!.range, dashedModel);
    const lr = r.number('matrix_lr', 'optimizer', { min: 0, max: 10 });

    // karpathy/nanochat@92d63d4e8bb4df75c3b71618f31ddde2378b2bcd scripts/base_train.py:
    // device_batch_size 32, Muon for the matrices (AdamW only for embeddings and scalars),
    // torch.compile on the model, data parallel only; --fp8 converts linears (tensorwise default).
    const def = <T>(value: T, note: string) =>
      b.setupDefault(value, `${note} (karpathy/nanochat@92d63d4e8bb4df75c3b71618f31ddde2378b2bcd:scripts/base_train.py)`);
    const fp8 = flags.get('--fp8');
    const recipe = flags.get('--fp8-recipe')?.value?.text;
    const setup: RunSetup = {
      microBatch: micro ?? def(DEFAULTS.device_batch_size, 'device_batch_size 32'),
      parallel: { tp: def(1, 'data parallel only'), pp: def(1, 'data parallel only') },
      optimizer: def('muon' as const, 'Muon for the matrix parameters, AdamW for embeddings and scalars'),
      compile: def(true, 'torch.compile(model)'),
      ...(fp8
        ? { lowPrecision: b.trace(recipe === 'rowwise' ? ('fp8-rowwise' as const) : ('fp8-tensorwise' as const), 'stated', '--fp8', fp8.keyWord.range) }
        : {}),
    };

    return b.finish({
      setup,
      architecture,
      tokens,
      batchTokens,
      steps,
      seqLen,
      gpuCount,
      // base_train.py: torch.amp.autocast(dtype=torch.bfloat16) on CUDA.
      precision: b.trace('bf16', 'default', `${SRC} autocast bfloat16`),
      learningRate: lr ?? null,
    });
  },
};

function findEntry(commands: readonly ShellCommand[]): { command: ShellCommand; at: number } | null {
  let found: { command: ShellCommand; at: number } | null = null;
  for (const c of commands) {
    if (['echo', 'printf', 'cat'].includes(c.words[0]?.text ?? '')) continue;
    const at = c.words.findIndex((w) => ENTRY.test(w.text));
    if (at >= 0) found = { command: c, at };
  }
  return found;
}

interface Flag {
  readonly key: string;
  readonly keyWord: ShellWord;
  readonly value: ShellWord | undefined;
  /** The value was written as `--key=value` in the same word. */
  readonly joined: boolean;
}

/** `--key=value` (and argparse's `--key value`); `--` ends torchrun's options; the last occurrence wins. */
function parseFlags(words: readonly ShellWord[]): Map<string, Flag> {
  const out = new Map<string, Flag>();
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w.text === '--' || !w.text.startsWith('--')) continue;
    const eq = w.text.indexOf('=');
    if (eq > 0) {
      out.set(w.text.slice(0, eq), { key: w.text.slice(0, eq), keyWord: w, value: { ...w, text: w.text.slice(eq + 1) }, joined: true });
    } else {
      const next = words[i + 1];
      const value = next && !next.text.startsWith('--') ? next : undefined;
      if (value) i++;
      out.set(w.text, { key: w.text, keyWord: w, value, joined: false });
    }
  }
  return out;
}

class Flags {
  constructor(
    private readonly b: PlanBuilder,
    private readonly flags: Map<string, Flag>,
    private readonly sep: '_' | '-',
  ) {}

  /** The flag as this script's nanochat spells it: `--max_seq_len` or `--max-seq-len`. */
  key(name: string): string {
    return `--${name.replace(/_/g, this.sep)}`;
  }

  get(name: string): Flag | undefined {
    return this.flags.get(this.key(name));
  }

  range(f: Flag): SourceRange {
    const v = f.value?.range;
    return f.joined || !v ? f.keyWord.range : { ...f.keyWord.range, endLine: v.endLine, endCol: v.endCol };
  }

  number(name: string, role: FieldRole, rule: { integer?: boolean; min?: number; max?: number } = {}, disabled?: number): Traced<number> | undefined {
    const f = this.get(name);
    if (!f) return undefined;
    const v = f.value;
    if (!v) {
      this.b.invalid(f.key, 'needs a value', f.keyWord.range);
      return undefined;
    }
    if (!v.known) {
      this.b.problem('warning', 'unknown-value', `${f.key}: the value comes from ${unknownWhy(v)}.`, v.range);
      return undefined;
    }
    const n = coerceNumber(v.text);
    const bad = (why: string) => {
      this.b.invalid(f.key, why, f.joined ? f.keyWord.range : v.range);
      return undefined;
    };
    if (n === null) return bad(`expected a number, got ${JSON.stringify(v.text)}`);
    if (disabled !== undefined && n === disabled) return this.b.stated(f.key, n, this.range(f), role, `${disabled}: disabled`);
    if (rule.integer && !Number.isInteger(n)) return bad(`expected a whole number, got ${v.text}`);
    if (rule.min !== undefined && n < rule.min) return bad(belowMin(rule.min, v.text));
    if (n > (rule.max ?? 1e15)) return bad(`${v.text} is implausibly large`);
    return this.b.stated(f.key, n, this.range(f), role);
  }
}

function model(b: PlanBuilder, r: Flags, seqLen: Traced<number>, commands: readonly ShellCommand[]): Traced<Architecture> | null {
  const depth =
    r.number('depth', 'architecture', { integer: true, min: 1, max: 1e4 }) ??
    (r.get('depth') ? null : b.frameworkDefault(r.key('depth'), DEFAULTS.depth, 'architecture', `${SRC}: depth 20`));
  if (!depth) return null;
  const L = depth.value;
  const d = L * 64;
  const heads = Math.max(1, Math.ceil(d / 128));
  const origin = depth.origin === 'default' ? 'default' : 'derived';
  const at = depth.range ?? null;
  const parts: ArchParts = {
    layers: depth,
    dModel: b.derived('model_dim', d, 'architecture', `depth ${L} × 64 (aspect ratio 64)`, at, origin),
    heads: b.derived('num_heads', heads, 'architecture', `ceil(model_dim ${d} / 128) (head dim 128)`, at, origin),
    ffn: b.trace(4 * d, origin, 'nanochat gpt.py MLP c_fc: 4 × n_embd', at),
    mlp: b.trace('mlp', 'default', 'nanochat gpt.py: relu² MLP'),
    norm: b.trace('nonparametric', 'default', 'nanochat gpt.py: F.rms_norm without weights'),
    positions: b.trace('rotary', 'default', 'nanochat gpt.py'),
    linearBias: b.trace(false, 'default', 'nanochat gpt.py: bias=False'),
    tiedEmbeddings: b.trace(false, 'default', 'nanochat gpt.py: separate wte and lm_head'),
    seqLen,
  };
  const vocab = vocabulary(b, commands);
  if (vocab) parts.vocab = vocab;
  if (d % heads !== 0) {
    b.invalid(r.key('depth'), `model_dim ${d} does not split into ${heads} heads (gpt.py asserts n_embd % n_head == 0)`, at);
    return null;
  }
  return b.architecture(parts);
}

interface Dashed {
  readonly architecture: Traced<Architecture> | null;
  /** base_train.py get_scaling_params: block matrices + lm_head, for a depth with this script's widths and vocabulary. */
  readonly scalingParams: (depth: number) => number;
}

const VE_GATE_CHANNELS = 12;
const SMEAR_GATE_CHANNELS = 24;

/** nanochat@92d63d4 base_train.py build_model_meta: the widths of a depth. */
function widths2026(depth: number, aspect: number, headDim: number): { d: number; heads: number } {
  const d = Math.ceil((depth * aspect) / headDim) * headDim;
  return { d, heads: d / headDim };
}

/** has_ve(i, n_layer): i % 2 == (n_layer − 1) % 2, i.e. ceil(n_layer / 2) layers. */
const valueEmbeddingLayers = (depth: number) => Math.ceil(depth / 2);

function model2026(b: PlanBuilder, r: Flags, seqLen: Traced<number>, commands: readonly ShellCommand[]): Dashed | null {
  const depth =
    r.number('depth', 'architecture', { integer: true, min: 1, max: 1e4 }) ??
    (r.get('depth') ? null : b.frameworkDefault(r.key('depth'), DEFAULTS.depth, 'architecture', `${SRC}: depth 20`));
  const aspect =
    r.number('aspect_ratio', 'architecture', { integer: true, min: 1, max: 1e5 }) ??
    (r.get('aspect_ratio') ? null : b.frameworkDefault(r.key('aspect_ratio'), 64, 'architecture', `${SRC}: --aspect-ratio 64`));
  const headDim =
    r.number('head_dim', 'architecture', { integer: true, min: 1, max: 1e5 }) ??
    (r.get('head_dim') ? null : b.frameworkDefault(r.key('head_dim'), 128, 'architecture', `${SRC}: --head-dim 128`));
  if (!depth || !aspect || !headDim) return null;
  const vocab = vocabulary(b, commands, TOKENIZER_VOCAB_2026, '--vocab-size 32768 (2**15)');
  const scalingParams = (L: number) => {
    if (!vocab) return NaN;
    const { d, heads } = widths2026(L, aspect.value, headDim.value);
    return L * 12 * d * d + valueEmbeddingLayers(L) * VE_GATE_CHANNELS * heads + vocab.value * d;
  };
  const L = depth.value;
  const { d, heads } = widths2026(L, aspect.value, headDim.value);
  const origin = depth.origin === 'default' && aspect.origin === 'default' && headDim.origin === 'default' ? 'default' : 'derived';
  const at = depth.range ?? null;
  const ve = valueEmbeddingLayers(L);
  const parts: ArchParts = {
    layers: depth,
    dModel: b.derived(
      'model_dim',
      d,
      'architecture',
      `ceil(depth ${L} × aspect ratio ${aspect.value} / head dim ${headDim.value}) × ${headDim.value}`,
      at,
      origin,
    ),
    heads: b.derived('num_heads', heads, 'architecture', `model_dim ${d} / head dim ${headDim.value} (kv heads the same)`, at, origin),
    headDim: b.trace(headDim.value, headDim.origin, r.key('head_dim'), headDim.range ?? null),
    ffn: b.trace(4 * d, origin, 'nanochat gpt.py MLP c_fc: 4 × n_embd', at),
    mlp: b.trace('mlp', 'default', 'nanochat gpt.py: relu² MLP'),
    norm: b.trace('nonparametric', 'default', 'nanochat gpt.py: F.rms_norm without weights'),
    positions: b.trace('rotary', 'default', 'nanochat gpt.py'),
    linearBias: b.trace(false, 'default', 'nanochat gpt.py: bias=False'),
    tiedEmbeddings: b.trace(false, 'default', 'nanochat gpt.py: separate wte and lm_head'),
    valueEmbeddings: b.trace(
      { layers: ve, gateInputs: VE_GATE_CHANNELS },
      origin,
      'nanochat gpt.py value_embeds',
      at,
      `${ve} of ${L} layers (has_ve: alternating, the last included) carry a vocab × ${d} value embedding and a ve_gate of ${VE_GATE_CHANNELS} × ${heads}`,
    ),
    extraParams: b.trace(
      2 * L + SMEAR_GATE_CHANNELS + 2,
      origin,
      'nanochat gpt.py scalars',
      at,
      `resid_lambdas and x0_lambdas (${L} each), smear_gate ${SMEAR_GATE_CHANNELS}, smear_lambda and backout_lambda`,
    ),
    seqLen,
  };
  if (vocab) parts.vocab = vocab;
  return { architecture: b.architecture(parts), scalingParams };
}

/** The vocabulary tok_train.py trains in the same script (`--vocab_size`, default 65536), padded to 64. */
function vocabulary(
  b: PlanBuilder,
  commands: readonly ShellCommand[],
  defaultVocab = TOKENIZER_VOCAB,
  defaultNote = '--vocab_size 65536 (2**16)',
): Traced<number> | null {
  const hint = b.vocabHint();
  if (hint) return hint;
  const tok = [...commands].reverse().find((c) => c.words.some((w) => /^scripts[./]tok_train(\.py)?$/.test(w.text)));
  let raw: Traced<number>;
  if (tok) {
    const flag = parseFlags(tok.words).get('--vocab_size') ?? parseFlags(tok.words).get('--vocab-size');
    const n = flag?.value && flag.value.known ? coerceNumber(flag.value.text) : null;
    if (flag && (n === null || !Number.isInteger(n) || n < 256 || n > 1e8)) {
      b.invalid(flag.key, `expected a whole vocabulary size of at least 256, got ${JSON.stringify(flag.value?.text ?? '')}`, flag.keyWord.range);
      return null;
    }
    raw =
      flag && n !== null
        ? b.stated(flag.key, n, flag.keyWord.range, 'architecture', 'the tokenizer scripts.tok_train trains here')
        : b.frameworkDefault('tokenizer vocab', defaultVocab, 'architecture', `scripts.tok_train runs here with its default ${defaultNote}`);
  } else {
    b.problem(
      'info',
      'assumed-vocab',
      `The tokenizer is trained elsewhere: nanochat's default ${defaultVocab.toLocaleString('en-US')} (tok_train.py ${defaultNote}) is assumed. Add \`# scaling-lens: vocab=N\` to state it.`,
      null,
      b.directiveFix('vocab', `vocab=${defaultVocab}`),
    );
    raw = b.assumed(
      'tokenizer vocab',
      defaultVocab,
      'architecture',
      'nanochat tok_train.py default',
      `the tokenizer is not trained in this script; ${defaultVocab.toLocaleString('en-US')} (the tok_train.py default) assumed`,
    );
  }
  const padded = Math.ceil(raw.value / PAD_VOCAB_TO) * PAD_VOCAB_TO;
  return b.derived(
    'vocab (padded)',
    padded,
    'architecture',
    `${raw.value} padded to a multiple of ${PAD_VOCAB_TO} (gpt.py pad_vocab_size_to)`,
    raw.range ?? null,
    raw.origin === 'assumed' ? 'assumed' : raw.origin === 'stated' ? 'derived' : 'default',
  );
}

/** `entry`: where the run is launched, for values that come from defaults alone. */
function duration(b: PlanBuilder, r: Flags, a: Architecture | null, dashed: boolean, entry: SourceRange, model2026: Dashed | null = null) {
  const total = r.number('total_batch_size', 'batch', { integer: true, min: 1 }, -1);
  const iters = r.number('num_iterations', 'duration', { integer: true, min: 1 }, -1);
  const flops = r.number('target_flops', 'duration', { min: 1, max: 1e30 }, -1);
  const ratio = r.number('target_param_data_ratio', 'duration', { min: 0 }, -1);
  let batchTokens: Traced<number> | null;
  let target2026: { tokens: number; ratio: Traced<number> } | null = null;
  if (dashed && a && model2026 && !(iters && iters.value !== -1) && !(flops && flops.value !== -1)) {
    // base_train.py at nanochat@92d63d4: target_tokens = int(ratio × scaling params), ratio default 12.
    const x =
      ratio && ratio.value !== -1 ? ratio : b.frameworkDefault(r.key('target_param_data_ratio'), 12, 'duration', `${SRC}: --target-param-data-ratio 12`);
    const scaling = model2026.scalingParams(a.layers);
    if (Number.isFinite(scaling) && x.value > 0) target2026 = { tokens: Math.floor(x.value * scaling), ratio: x };
  }
  if (total && total.value !== -1) batchTokens = total;
  else if (dashed) {
    // -1 (the argparse default): 2**round(log2(B_REF × (target_tokens / D_REF)**0.383)) (Power Lines, arXiv 2505.13738).
    batchTokens = null;
    if (target2026 && model2026) {
      const dRef = target2026.ratio.value * model2026.scalingParams(12);
      const predicted = 2 ** 19 * (target2026.tokens / dRef) ** 0.383;
      const batch = 2 ** Math.round(Math.log2(predicted));
      if (Number.isFinite(batch))
        batchTokens = b.derived(
          'total_batch_size',
          batch,
          'batch',
          `--total-batch-size -1: 2**round(log2(524288 × (${target2026.tokens} / ${dRef})**0.383)) (base_train.py, d12 reference)`,
          target2026.ratio.range ?? null,
          target2026.ratio.origin === 'default' ? 'default' : 'derived',
        );
    }
  } else batchTokens = b.frameworkDefault(r.key('total_batch_size'), DEFAULTS.total_batch_size, 'batch', `${SRC}: total_batch_size 524288 tokens`);

  const unknown = (why: string, range?: SourceRange | null) => ({
    tokens: b.trace(null, 'derived', 'steps', range, why) as Traced<number | null>,
    steps: null,
    batchTokens,
  });
  if (!batchTokens) return unknown('--total-batch-size -1 is fitted from the parameter count, which is not counted here');

  let steps: Traced<number>;
  if (iters && iters.value !== -1) steps = iters;
  else if (flops && flops.value !== -1) {
    if (!a) return unknown('the parameters are not counted, so FLOPs per token are not known', flops.range);
    // nanochat@92d63d4 estimate_flops: 6 × Linear weights + attention capped per layer by the --window-pattern windows.
    if (dashed)
      return unknown(
        '--target-flops: the 2026 nanochat divides by FLOPs per token that depend on its sliding-window pattern (--window-pattern), which is not modelled',
        flops.range,
      );
    // gpt.py estimate_flops: 6 × (parameters − wte) + 12 · l · h · q · t.
    const n = countParams(a).total - a.vocab * a.dModel;
    const perToken = 6 * n + 12 * a.layers * a.heads * a.headDim * a.seqLen;
    steps = b.derived(
      'num_iterations',
      Math.round(flops.value / (perToken * batchTokens.value)),
      'duration',
      `round(target_flops ${flops.value} / (${perToken} FLOPs per token × ${batchTokens.value}))`,
      flops.range,
    );
  } else if (target2026) {
    steps = b.derived(
      'num_iterations',
      Math.floor(target2026.tokens / batchTokens.value),
      'duration',
      `target_tokens ${target2026.tokens} (int(--target-param-data-ratio ${target2026.ratio.value} × scaling params: block matrices + lm_head)) // ${batchTokens.value} tokens per step`,
      target2026.ratio.range ?? null,
      target2026.ratio.origin === 'default' ? 'default' : 'derived',
    );
  } else {
    if (dashed) return unknown('the dashed nanochat derives the steps from a parameter count (default --target-param-data-ratio 12) that is not counted here');
    if (!a) return unknown('the parameters are not counted, so the data:param ratio gives no length');
    const x =
      ratio && ratio.value !== -1
        ? ratio
        : b.frameworkDefault(r.key('target_param_data_ratio'), DEFAULTS.target_param_data_ratio, 'duration', `${SRC}: target_param_data_ratio 20 (Chinchilla)`);
    const n = countParams(a).total;
    steps = b.derived(
      'num_iterations',
      Math.floor((x.value * n) / batchTokens.value),
      'duration',
      `target_param_data_ratio ${x.value} × ${n} parameters // ${batchTokens.value} tokens per step`,
      x.range ?? null,
      x.origin === 'default' ? 'default' : 'derived',
    );
  }
  // With the length from defaults alone, the launch line is where the duration is decided: a hint goes there.
  if (steps.origin === 'default') b.stated('scripts.base_train', 'run length from the defaults', entry, 'duration', steps.note);
  const tokens = b.derived(
    'training tokens',
    steps.value * batchTokens.value,
    'duration',
    `${steps.value} steps × total_batch_size ${batchTokens.value}`,
    steps.range ?? entry,
    steps.origin === 'default' || batchTokens.origin === 'default' ? 'default' : 'derived',
  );
  return { tokens: tokens as Traced<number | null>, steps, batchTokens };
}

/** torchrun --nproc_per_node (× --nnodes). */
function launcherGpus(b: PlanBuilder, launcher: readonly ShellWord[]): Traced<number> | null {
  const flags = parseFlags(launcher);
  const per = flags.get('--nproc_per_node') ?? flags.get('--nproc-per-node');
  if (!per?.value || !per.value.known) return null;
  const n = coerceNumber(per.value.text);
  if (n === null || !Number.isInteger(n) || n < 1 || n > 1e7) return null;
  const nodes = flags.get('--nnodes');
  const m = nodes?.value?.known ? coerceNumber(nodes.value.text) : null;
  const range = per.joined ? per.keyWord.range : per.value.range;
  if (m !== null && Number.isInteger(m) && m > 1) return b.derived('gpus', n * m, 'hardware', `--nproc_per_node ${n} × --nnodes ${m}`, range);
  return b.stated('gpus', n, range, 'hardware', `--nproc_per_node ${n}`);
}
