// Megatron-LM launch scripts (docs/configs.md#megatron-lm): bash that runs pretrain_gpt.py with
// argparse flags kept in variables and arrays. The flags are read from the words the python
// invocation would receive (shellWords), last flag winning as in argparse; defaults are
// Megatron's (NVIDIA/Megatron-LM@000c4ac megatron/training/arguments.py unless noted).

import type { Architecture, MoeSpec } from '../../core/architecture';
import type { Origin, Precision, SourceRange, Traced } from '../../core/plan';
import type { Checkpointing, OptimizerKind, RunSetup, ShardingKind } from '../../core/runSetup';
import { formatInteger, formatQuantity, parseQuantity } from '../../core/units';
import { findTokenizer } from '../registry/tokenizers';
import { PlanBuilder, type ArchParts } from '../shared/builder';
import { shellScriptOf, type ShellCommand, type ShellScript, type ShellWord } from '../shared/shellWords';
import { coerceNumber } from '../shared/values';
import type { FieldRole, ReadContext, ReadResult, Reader } from '../types';

const NAME = 'Megatron-LM';

/** Dimensions beyond these are typos or hostile input, not models (keeps every product finite). */
const MAX_DIM = 2 ** 24;
const MAX_COUNT = 1e15;
/** --optimizer choices → optimizer state kinds (Megatron's adam is AdamW; its SGD keeps momentum, --sgd-momentum 0.9). */
const OPTIMIZERS: Readonly<Record<string, OptimizerKind>> = { adam: 'adamw', sgd: 'sgd-momentum', muon: 'muon', dist_muon: 'muon', lion: 'lion' };

const SHELL_EXT = /\.(sh|bash|slurm|sbatch|zsh|ksh)$/i;
const ENTRY = /(^|\/)pretrain_[A-Za-z0-9_]*\.py$/;

// ---------------------------------------------------------------------------------------------
// Tokenizers whose vocabulary size a script implies without stating it: Hub ids and aliases from
// the shared registry, then Megatron's own tokenizer types and the paths people give them.

interface KnownTokenizer {
  readonly test: (type: string, model: string) => boolean;
  readonly vocab: number;
  readonly name: string;
}

const MEGATRON_TOKENIZERS: readonly KnownTokenizer[] = [
  // GPT-2 BPE files (gpt2-vocab.json / gpt2-merges.txt): 50,257 entries.
  { test: (t, m) => t === 'GPT2BPETokenizer' || (t === '' && /gpt2/i.test(m)), vocab: 50257, name: 'the GPT-2 BPE vocabulary' },
  // Llama 3: 128,000 BPE + 256 special tokens (registry: meta-llama/Meta-Llama-3-8B).
  { test: (t, m) => t === 'Llama3Tokenizer' || /llama[-_ ]?3/i.test(m), vocab: 128256, name: 'the Llama 3 tokenizer' },
  // Llama 2 SentencePiece: 32,000 (registry: meta-llama/Llama-2-7b-hf).
  { test: (t, m) => t === 'Llama2Tokenizer' || /llama[-_ ]?2/i.test(m), vocab: 32000, name: 'the Llama 2 SentencePiece tokenizer' },
  // Mixtral-8x7B / Mistral-7B-v0.1: 32,000 (registry: mistralai/Mistral-7B-v0.1).
  { test: (_t, m) => /mixtral-8x7b|mistral-7b-v0\.1/i.test(m), vocab: 32000, name: 'the Mistral/Mixtral v0.1 tokenizer' },
];

function knownTokenizer(type: string, model: string): { vocab: number; name: string } | null {
  // `/models/meta-llama/Meta-Llama-3-8B/` -> also try `meta-llama/Meta-Llama-3-8B`.
  const tail = model.replace(/\/+$/, '').split('/').slice(-2).join('/');
  const entry = (model && (findTokenizer(model) ?? findTokenizer(tail))) || (type ? findTokenizer(type) : undefined);
  if (entry) return { vocab: entry.vocab, name: `the ${entry.id} tokenizer` };
  const k = MEGATRON_TOKENIZERS.find((x) => x.test(type, model));
  return k ? { vocab: k.vocab, name: k.name } : null;
}

// ---------------------------------------------------------------------------------------------
// The invocation and its flags

interface Flag {
  readonly key: string;
  readonly keyWord: ShellWord;
  readonly values: readonly ShellWord[];
  readonly occurrences: number;
  readonly previous?: Flag;
}

interface Invocation {
  readonly command: ShellCommand | null;
  readonly script: ShellWord | null;
  readonly launcher: readonly ShellWord[];
  readonly args: readonly ShellWord[];
}

const isFlag = (t: string) => /^--?[A-Za-z]/.test(t);

/** argparse's view: `--key value…` or `--key=value`; the last occurrence wins. */
function parseFlags(words: readonly ShellWord[]): Map<string, Flag> {
  const flags = new Map<string, Flag>();
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!isFlag(w.text)) continue;
    let key = w.text;
    const values: ShellWord[] = [];
    const trimmed = w.text.trim();
    if (/\s/.test(trimmed)) {
      // One word "--fp8-format hybrid" (a quoted array element expanded with "${A[@]}"): argparse
      // would reject it; the author clearly meant a flag and its value.
      const [k, ...rest] = trimmed.split(/\s+/);
      key = k!;
      for (const r of rest) values.push({ ...w, text: r });
    } else if (w.text.includes('=') && w.text.startsWith('--')) {
      const eq = w.text.indexOf('=');
      key = w.text.slice(0, eq);
      values.push({ ...w, text: w.text.slice(eq + 1) });
    }
    while (i + 1 < words.length && !isFlag(words[i + 1]!.text)) values.push(words[++i]!);
    const previous = flags.get(key);
    flags.set(key, { key, keyWord: w, values, occurrences: (previous?.occurrences ?? 0) + 1, ...(previous ? { previous } : {}) });
  }
  return flags;
}

/** Commands that mention a script without running it. */
const PRINTERS = new Set(['echo', 'printf', 'cat', 'ls', 'test', '[', 'cp', 'mv']);

function runsEntry(c: ShellCommand): number {
  if (PRINTERS.has(c.words[0]?.text ?? '')) return -1;
  return c.words.findIndex((w) => ENTRY.test(w.text));
}

function findInvocation(script: ShellScript): Invocation | null {
  let found: Invocation | null = null;
  for (const c of script.commands) {
    const at = runsEntry(c);
    if (at < 0) continue;
    found = { command: c, script: c.words[at]!, launcher: c.words.slice(0, at), args: c.words.slice(at + 1) };
  }
  if (found) return found;
  // A python/torchrun line whose script path is a variable the file does not set.
  for (let i = script.commands.length - 1; i >= 0; i--) {
    const c = script.commands[i]!;
    if (c.words.some((w) => w.text === '--num-layers' || w.text.startsWith('--num-layers='))) {
      const first = c.words.findIndex((w) => isFlag(w.text));
      return { command: c, script: null, launcher: c.words.slice(0, first < 0 ? 0 : first), args: c.words };
    }
  }
  return null;
}

function invocationCount(script: ShellScript): number {
  return script.commands.filter((c) => runsEntry(c) >= 0).length;
}

/** Flags anywhere: every array and string in the script, in order (the launch may be elsewhere). */
function flagsAnywhere(script: ShellScript): ShellWord[] {
  const words: ShellWord[] = [];
  for (const a of script.assignments) if (a.words.some((w) => isFlag(w.text))) for (const w of a.words) words.push(w);
  return words;
}

// ---------------------------------------------------------------------------------------------
// Detection

function sniff(text: string): { entry: boolean; layers: boolean } {
  return { entry: /pretrain_(gpt|mamba)[A-Za-z0-9_]*\.py/.test(text), layers: /--num-layers\b/.test(text) };
}

export const megatronReader: Reader = {
  id: 'megatron',
  name: NAME,
  detect(text, fileName) {
    const { entry, layers } = sniff(text);
    if (!entry && !layers) return 0;
    const shellish = SHELL_EXT.test(fileName) || /^#!.*\b(ba|z|k)?sh\b/.test(text.slice(0, 100));
    const other = /\.[A-Za-z0-9]+$/.test(fileName) && !shellish;
    if (other) return 0; // YAML (GPT-NeoX uses the same key names), Python, Markdown…
    if (entry && layers) return 0.95;
    return entry ? 0.7 : 0.65;
  },
  read(text, _fileName, ctx: ReadContext): ReadResult {
    return new MegatronRead(text, ctx).read();
  },
};

// ---------------------------------------------------------------------------------------------
// Reading

class MegatronRead {
  private readonly b: PlanBuilder;
  private readonly script: ShellScript;
  private flags = new Map<string, Flag>();

  constructor(
    private readonly text: string,
    ctx: ReadContext,
  ) {
    this.b = new PlanBuilder('megatron', NAME, text, ctx);
    this.script = shellScriptOf(text);
  }

  read(): ReadResult {
    const { b, script } = this;
    for (const p of script.problems) b.problem('warning', 'parse-error', `Shell syntax: ${p.message}`, p.range);
    for (const n of script.notes) b.problem('info', 'shell-condition', n.message, n.range);

    let inv = findInvocation(script);
    if (!inv) {
      const anywhere = flagsAnywhere(script);
      if (anywhere.length === 0) {
        b.problem('warning', 'no-invocation', 'No pretrain_gpt.py (or pretrain_*.py) invocation and no Megatron flags found in this script.');
        return b.finish({ architecture: null, tokens: b.trace(null, 'derived', 'script', null, 'the script does not run Megatron training') });
      }
      b.problem('info', 'no-invocation', 'No pretrain_*.py invocation found: flags are read from every array and string in the script, in order.');
      inv = { command: null, script: null, launcher: [], args: anywhere };
    } else {
      const n = invocationCount(script);
      if (n > 1)
        b.problem('info', 'several-invocations', `${n} pretrain_*.py invocations on the script's path; the last one is read.`, inv.command?.range ?? null);
      if (inv.command?.forwardsArguments)
        b.problem(
          'info',
          'forwarded-arguments',
          'The script passes on its own command-line arguments ("$@"); flags given when it is run are not seen here.',
          inv.command.range,
        );
    }
    this.flags = parseFlags(inv.args);
    for (const f of this.flags.values()) this.reportDuplicate(f);

    const entry = inv.script?.text ?? '';
    if (this.flags.has('--yaml-cfg'))
      b.problem(
        'warning',
        'yaml-config',
        'The arguments come from the YAML file given by --yaml-cfg, which is not read here.',
        this.keyRange(this.flags.get('--yaml-cfg')!),
      );

    const tp = this.int('--tensor-model-parallel-size', 'hardware', 1) ?? this.defaultInt(1, 'Megatron default: no tensor parallelism');
    const pp = this.int('--pipeline-model-parallel-size', 'hardware', 1) ?? this.defaultInt(1, 'Megatron default: no pipeline parallelism');
    const cp = this.int('--context-parallel-size', 'hardware', 1) ?? this.defaultInt(1, 'Megatron default: no context parallelism');
    const ep = this.int('--expert-model-parallel-size', 'hardware', 1) ?? this.defaultInt(1, 'Megatron default: no expert parallelism');

    const architecture = this.architecture(entry, tp.value);
    const world = this.worldSize(inv);
    this.checkParallelism(world, tp, pp, cp);
    const { tokens, batchTokens, steps, seqLen, bound, gpuCount, micro, global } = this.duration(world, tp.value * pp.value * cp.value);
    this.exitConditions();
    const setup = this.setup({ tp, pp, cp, ep }, gpuCount ?? world, micro ?? null, global, architecture?.value.layers ?? null);

    return b.finish({
      architecture,
      tokens,
      ...(bound ? { tokensBound: bound } : {}),
      batchTokens,
      steps,
      seqLen,
      gpuCount: b.gpuCount(gpuCount ?? world),
      precision: this.precision(),
      learningRate: this.number('--lr', 'optimizer', { min: 0 }) ?? null,
      setup,
    });
  }

  /**
   * The run setup from Megatron's own flags. Defaults for absent flags are Megatron's
   * (NVIDIA/Megatron-LM@d98e8a64ddf34856e74b24714e3bedb2f5a39553:megatron/training/arguments.py
   * and megatron/core/transformer/transformer_config.py): no distributed optimizer, no sequence
   * parallelism, no recompute (recompute_granularity None), --optimizer adam, which is AdamW
   * (megatron/core/optimizer/__init__.py: decoupled weight decay). DeepSpeed's ZeRO stage
   * lives in its JSON config, read only when the script passes --zero-stage.
   */
  private setup(
    degrees: { tp: Traced<number>; pp: Traced<number>; cp: Traced<number>; ep: Traced<number> },
    world: Traced<number> | null,
    micro: Traced<number> | null,
    global: Traced<number> | null,
    layers: number | null,
  ): RunSetup {
    const b = this.b;
    const { tp, pp, cp, ep } = degrees;
    const at = (key: string) => this.keyRange(this.flag(key)!);
    const flagTrace = <T>(key: string, value: T, note?: string) => b.trace(value, 'stated', key, at(key), note);
    const def = <T>(value: T, note: string) => b.setupDefault(value, `${note} (Megatron-LM megatron/training/arguments.py)`);
    const mp = tp.value * pp.value * cp.value;
    const dp =
      world && world.value % mp === 0 && world.value >= mp
        ? b.trace(
            world.value / mp,
            world.origin === 'assumed' ? 'assumed' : 'derived',
            `${formatInteger(world.value)} GPUs / TP·PP·CP ${mp}`,
            null,
            `${formatInteger(world.value)} GPUs / (TP ${tp.value} × PP ${pp.value} × CP ${cp.value})`,
          )
        : undefined;
    // Virtual pipeline stages: stated per rank, or layers / (PP × layers per virtual stage).
    let vp: Traced<number> | undefined;
    const vpr = this.int('--num-virtual-stages-per-pipeline-rank', 'hardware', 1);
    const perStage = this.int('--num-layers-per-virtual-pipeline-stage', 'hardware', 1);
    if (vpr) vp = vpr;
    else if (perStage && layers !== null && layers % (pp.value * perStage.value) === 0) {
      vp = b.trace(
        layers / (pp.value * perStage.value),
        'derived',
        '--num-layers-per-virtual-pipeline-stage',
        perStage.range,
        `${layers} layers / (PP ${pp.value} × ${perStage.value} layers per virtual stage)`,
      );
    }
    const schedule =
      pp.value > 1
        ? vp && vp.value > 1
          ? b.trace('interleaved-1f1b' as const, vp.origin, vp.source, vp.range)
          : def('1f1b' as const, 'pipeline schedule 1F1B without virtual stages')
        : undefined;

    // Recompute: --recompute-granularity full|selective (with --recompute-method/--recompute-num-layers),
    // or the older --checkpoint-activations (full).
    const gran = this.str('--recompute-granularity');
    const method = this.str('--recompute-method');
    const nLayers = this.int('--recompute-num-layers', 'hardware', 0);
    let checkpointing: Traced<Checkpointing>;
    if (gran && (gran.value === 'full' || gran.value === 'selective')) {
      const how =
        gran.value === 'full' && method ? `--recompute-method ${method.value}${nLayers ? ` --recompute-num-layers ${nLayers.value}` : ''}` : undefined;
      checkpointing = b.trace({ mode: gran.value }, 'stated', '--recompute-granularity', this.fieldRange(gran.flag, gran.word), how);
    } else if (gran) {
      b.invalid('--recompute-granularity', `expected full or selective, got ${JSON.stringify(gran.value)}`, gran.word.range);
      checkpointing = def({ mode: 'none' as const }, 'no activation recompute');
    } else if (this.has('--checkpoint-activations')) checkpointing = flagTrace('--checkpoint-activations', { mode: 'full' as const });
    else checkpointing = def({ mode: 'none' as const }, 'no activation recompute (recompute_granularity None)');

    // Sharding: Megatron's distributed optimizer, or DeepSpeed's --zero-stage when the script gives it.
    let sharding: Traced<ShardingKind> | undefined;
    const zero = this.has('--deepspeed') ? this.int('--zero-stage', 'hardware', 0, 3) : undefined;
    if (this.has('--use-distributed-optimizer')) sharding = flagTrace('--use-distributed-optimizer', 'distributed-optimizer' as const);
    else if (zero) sharding = b.trace((['none', 'zero1', 'zero2', 'zero3'] as const)[zero.value]!, 'stated', '--zero-stage', zero.range);
    else if (!this.has('--deepspeed'))
      sharding = def('none' as const, 'no --use-distributed-optimizer: every data-parallel rank keeps the whole optimizer state');

    const opt = this.str('--optimizer');
    const optimizer = opt
      ? OPTIMIZERS[opt.value]
        ? b.trace(OPTIMIZERS[opt.value]!, 'stated', '--optimizer', this.fieldRange(opt.flag, opt.word))
        : undefined
      : def<OptimizerKind>('adamw', '--optimizer adam, with decoupled weight decay (AdamW)');
    const offload =
      this.has('--cpu-optimizer') || this.has('--optimizer-cpu-offload')
        ? flagTrace(this.has('--cpu-optimizer') ? '--cpu-optimizer' : '--optimizer-cpu-offload', 'optimizer' as const)
        : undefined;

    const fp8 = this.flag('--fp8-format') ? this.str('--fp8-recipe', true) : undefined;
    const lowPrecision = this.flag('--fp8-format')
      ? fp8?.value === 'mxfp8'
        ? b.trace('mxfp8' as const, 'stated', '--fp8-recipe', this.fieldRange(fp8.flag, fp8.word))
        : !fp8 || fp8.value === 'delayed' || fp8.value === 'tensorwise'
          ? b.trace(
              'fp8-tensorwise' as const,
              fp8 ? 'stated' : 'default',
              fp8 ? '--fp8-recipe' : `${NAME} default`,
              fp8 ? this.fieldRange(fp8.flag, fp8.word) : null,
              fp8 ? undefined : '--fp8-recipe delayed: per-tensor scaling',
            )
          : undefined
      : undefined;
    // --attention-backend flash|fused (cuDNN) never keep the seq² scores; unfused|local do.
    const backend = this.str('--attention-backend', true);
    const flashKey = ['--use-flash-attn', '--use-flash-attn-v2', '--use-flash-attn-v1', '--use-flash-attn-triton'].find((k) => this.has(k));

    let gradAccum: Traced<number> | undefined;
    if (micro && global && dp && global.value % (micro.value * dp.value) === 0) {
      const assumed = [micro, global, dp].some((t) => t.origin === 'assumed');
      gradAccum = b.trace(
        global.value / (micro.value * dp.value),
        assumed ? 'assumed' : 'derived',
        'global batch / (micro-batch × dp)',
        null,
        `${formatInteger(global.value)} / (--micro-batch-size ${micro.value} × data-parallel ${dp.value})`,
      );
    }
    return {
      ...(micro ? { microBatch: micro } : {}),
      ...(gradAccum ? { gradAccum } : {}),
      parallel: {
        ...(dp ? { dp } : {}),
        tp,
        pp,
        ...(vp ? { vp } : {}),
        cp,
        ep,
        sequenceParallel: this.has('--sequence-parallel') ? flagTrace('--sequence-parallel', true) : def(false, 'no --sequence-parallel'),
      },
      ...(schedule ? { pipelineSchedule: schedule } : {}),
      ...(sharding ? { sharding } : {}),
      ...(offload ? { offload } : {}),
      checkpointing,
      ...(optimizer ? { optimizer } : {}),
      ...(lowPrecision ? { lowPrecision } : {}),
      ...(flashKey
        ? { flashAttention: flagTrace(flashKey, true) }
        : backend && ['flash', 'fused', 'unfused', 'local'].includes(backend.value)
          ? {
              flashAttention: b.trace(
                backend.value === 'flash' || backend.value === 'fused',
                'stated',
                '--attention-backend',
                this.fieldRange(backend.flag, backend.word),
              ),
            }
          : {}),
    };
  }

  // -- flag values -----------------------------------------------------------------------------

  private flag(key: string): Flag | undefined {
    return this.flags.get(key);
  }

  private has(key: string): boolean {
    return this.flags.has(key);
  }

  private keyRange(f: Flag): SourceRange {
    return f.keyWord.range;
  }

  /** The range a hint for this flag goes on: `--key value` when written together, else the value. */
  private fieldRange(f: Flag, v: ShellWord | undefined): SourceRange {
    const k = f.keyWord.range;
    if (!v) return k;
    const r = v.range;
    if (r.startLine === k.endLine && r.startCol >= k.endCol && k.startLine === k.endLine)
      return { startLine: k.startLine, startCol: k.startCol, endLine: r.endLine, endCol: r.endCol };
    return r;
  }

  private reportDuplicate(f: Flag): void {
    if (!f.previous) return;
    const before = f.previous.values.map((v) => v.text).join(' ');
    const now = f.values.map((v) => v.text).join(' ');
    if (before === now) return;
    this.b.problem(
      'info',
      'duplicate-flag',
      `${f.key} is given ${f.occurrences} times; the last (${now || 'set'}) wins, as in argparse (earlier: ${before || 'set'}).`,
      this.keyRange(f.previous),
    );
  }

  private unknownWhy(v: ShellWord): string {
    if (v.unset.length) return `${v.unset.map((u) => (u.startsWith('$') ? u : `$${u}`)).join(', ')}, which the script does not set`;
    if (v.computed) return 'arithmetic that cannot be evaluated here (it overflows, divides by zero or uses a value the script does not set)';
    return "a command's output or an expansion that is not evaluated";
  }

  private valueNote(f: Flag, v: ShellWord): string | undefined {
    const notes: string[] = [];
    const elsewhere = v.range.startLine !== f.keyWord.range.startLine;
    const variable = v.via.find((name) => this.script.variable(name) !== null);
    if (elsewhere && variable) notes.push(`set by $${variable}`);
    if (v.fallbacks.length)
      notes.push(
        `the script's default for ${v.fallbacks.map((x) => (x.startsWith('$') ? x : `$${x}`)).join(', ')}, which the environment or the command line can change`,
      );
    return notes.length ? notes.join('; ') : undefined;
  }

  /** A numeric flag, checked. `undefined` when absent or unusable (a problem says why). */
  private number(key: string, role: FieldRole, opts: { integer?: boolean; min?: number; max?: number } = {}): Traced<number> | undefined {
    const f = this.flag(key);
    if (!f) return undefined;
    const v = f.values[0];
    const b = this.b;
    if (!v) {
      b.invalid(key, 'needs a value', this.keyRange(f));
      return undefined;
    }
    if (!v.known) {
      b.problem('warning', 'unknown-value', `${key}: the value comes from ${this.unknownWhy(v)}.`, v.range);
      return undefined;
    }
    const n = coerceNumber(v.text);
    const at = v.range;
    if (n === null) {
      b.invalid(key, `expected a number, got ${JSON.stringify(v.text)}`, at);
      return undefined;
    }
    if (opts.integer && !Number.isInteger(n)) {
      b.invalid(key, `expected a whole number, got ${v.text}`, at);
      return undefined;
    }
    if (opts.min !== undefined && n < opts.min) {
      b.invalid(key, `must be at least ${opts.min}, got ${v.text}`, at);
      return undefined;
    }
    const max = opts.max ?? (opts.integer ? MAX_COUNT : Number.MAX_VALUE);
    if (n > max) {
      b.invalid(key, `${v.text} is implausibly large`, at);
      return undefined;
    }
    const note = this.valueNote(f, v);
    // Arithmetic in the script ($((…))) makes the value derived; a variable alone is still stated.
    return v.computed
      ? b.derived(key, n, role, `${key} ${v.text}, computed in the script${note ? `; ${note}` : ''}`, this.fieldRange(f, v))
      : b.stated(key, n, this.fieldRange(f, v), role, note);
  }

  private int(key: string, role: FieldRole, min: number, max = MAX_DIM): Traced<number> | undefined {
    return this.number(key, role, { integer: true, min, max });
  }

  private defaultInt(value: number, note: string): Traced<number> {
    return this.b.trace(value, 'default', `${NAME} default`, null, note);
  }

  /** A string flag; `quiet` for values only used as hints (tokenizer paths), which may well be script arguments. */
  private str(key: string, quiet = false): { value: string; word: ShellWord; flag: Flag } | undefined {
    const f = this.flag(key);
    const v = f?.values[0];
    if (!f || !v) return undefined;
    if (!v.known) {
      if (quiet) return undefined;
      this.b.problem('warning', 'unknown-value', `${key}: the value comes from ${this.unknownWhy(v)}.`, v.range);
      return undefined;
    }
    return { value: v.text.replace(/^['"]|['"]$/g, ''), word: v, flag: f };
  }

  /** A store_true flag: recorded when present. */
  private bool(key: string, role: FieldRole): boolean {
    const f = this.flag(key);
    if (!f) return false;
    this.b.stated(key, true, this.keyRange(f), role);
    return true;
  }

  // -- architecture ----------------------------------------------------------------------------

  private architecture(entry: string, tp: number): Traced<Architecture> | null {
    const b = this.b;
    const parts: ArchParts = {};
    const layers = this.int('--num-layers', 'architecture', 1) ?? this.int('--encoder-num-layers', 'architecture', 1);
    if (layers) parts.layers = layers;
    const hidden = this.int('--hidden-size', 'architecture', 1);
    if (hidden) parts.dModel = hidden;
    const heads = this.int('--num-attention-heads', 'architecture', 1);
    if (heads) parts.heads = heads;

    const gqa = this.bool('--group-query-attention', 'architecture');
    const groups = this.int('--num-query-groups', 'architecture', 1);
    if (gqa) {
      // --num-query-groups defaults to 1 (multi-query attention) once GQA is on.
      parts.kvHeads =
        groups ??
        b.frameworkDefault('--num-query-groups', 1, 'architecture', 'Megatron default with --group-query-attention: 1 key/value group (multi-query attention)');
    } else if (groups) {
      b.problem(
        'info',
        'ignored-flag',
        '--num-query-groups has no effect without --group-query-attention: Megatron gives every attention head its own keys and values.',
        this.keyRange(this.flag('--num-query-groups')!),
      );
    }
    const kvChannels = this.int('--kv-channels', 'architecture', 1);
    if (kvChannels) parts.headDim = kvChannels;

    const swiglu = this.bool('--swiglu', 'architecture');
    const geglu = this.bool('--quick-geglu', 'architecture');
    this.bool('--squared-relu', 'architecture');
    parts.mlp = b.trace(
      swiglu || geglu ? 'glu' : 'mlp',
      swiglu || geglu ? 'stated' : 'default',
      swiglu ? '--swiglu' : geglu ? '--quick-geglu' : `${NAME} default (GELU MLP)`,
    );
    const ffn = this.int('--ffn-hidden-size', 'architecture', 1);
    if (ffn) parts.ffn = ffn;
    else if (hidden) {
      // arguments.py validate_args: 4h, or for SwiGLU int((4h·2/3)/64)·64 to keep the parameter count.
      const h = hidden.value;
      parts.ffn = swiglu
        ? b.derived(
            '--ffn-hidden-size',
            Math.floor((4 * h * 2) / 3 / 64) * 64,
            'architecture',
            `Megatron default with --swiglu: int(4 × ${h} × 2/3 / 64) × 64`,
            null,
            'default',
          )
        : b.frameworkDefault('--ffn-hidden-size', 4 * h, 'architecture', `Megatron default: 4 × hidden size ${h}`);
    }

    const seq = this.int('--seq-length', 'architecture', 1, 2 ** 31) ?? this.int('--encoder-seq-length', 'architecture', 1, 2 ** 31);
    if (seq) parts.seqLen = seq;
    const maxPos = this.int('--max-position-embeddings', 'architecture', 1, 2 ** 31);

    const posFlag = this.str('--position-embedding-type');
    let pos = posFlag?.value ?? 'learned_absolute';
    let posSource = posFlag ? '--position-embedding-type' : `${NAME} default (learned_absolute)`;
    if (this.has('--use-rotary-position-embeddings')) {
      pos = 'rope';
      posSource = '--use-rotary-position-embeddings';
    } else if (this.has('--no-position-embedding') && !posFlag) {
      pos = 'none';
      posSource = '--no-position-embedding';
    }
    if (posFlag) b.stated('--position-embedding-type', posFlag.value, this.fieldRange(posFlag.flag, posFlag.word), 'architecture');
    const positions =
      pos === 'rope' || pos === 'mrope' ? 'rotary' : pos === 'learned_absolute' ? 'learned' : pos === 'none' || pos === 'relative' ? 'none' : null;
    if (positions === null) {
      b.invalid(
        '--position-embedding-type',
        `unknown type ${JSON.stringify(pos)} (Megatron accepts learned_absolute, rope, mrope, relative, none)`,
        posFlag?.word.range ?? null,
      );
    } else {
      parts.positions = b.trace(
        positions,
        posFlag || posSource !== `${NAME} default (learned_absolute)` ? 'stated' : 'default',
        posSource,
        posFlag?.word.range,
      );
      if (pos === 'relative')
        b.problem(
          'info',
          'approximate-count',
          'Relative position embeddings (a small bias table per attention head) are not counted.',
          posFlag?.word.range ?? null,
        );
      if (positions === 'learned') {
        if (maxPos) parts.maxPositions = maxPos;
        else if (seq)
          b.problem(
            'warning',
            'missing-value',
            'Learned position embeddings need --max-position-embeddings (Megatron requires it); --seq-length is used for the table size.',
            this.keyRange(this.flag('--seq-length') ?? this.flag('--num-layers')!),
          );
      }
    }
    if (maxPos && seq && maxPos.value < seq.value)
      b.invalid('--max-position-embeddings', `must be at least --seq-length ${seq.value} (Megatron asserts it)`, maxPos.range ?? null);

    const normFlag = this.str('--normalization');
    if (normFlag) {
      b.stated('--normalization', normFlag.value, this.fieldRange(normFlag.flag, normFlag.word), 'architecture');
      if (normFlag.value !== 'LayerNorm' && normFlag.value !== 'RMSNorm')
        b.invalid('--normalization', `expected LayerNorm or RMSNorm, got ${JSON.stringify(normFlag.value)}`, normFlag.word.range);
    }
    parts.norm = b.trace(
      normFlag?.value === 'RMSNorm' ? 'rmsnorm' : 'layernorm',
      normFlag ? 'stated' : 'default',
      normFlag ? '--normalization' : `${NAME} default (LayerNorm with bias)`,
    );
    const noBias = this.bool('--disable-bias-linear', 'architecture');
    parts.linearBias = b.trace(!noBias, noBias ? 'stated' : 'default', noBias ? '--disable-bias-linear' : `${NAME} default (biases on linear layers)`);
    if (this.bool('--add-qkv-bias', 'architecture')) parts.qkvBias = b.trace(true, 'stated', '--add-qkv-bias');
    if (this.bool('--qk-layernorm', 'architecture')) parts.qkNorm = b.trace('per-head', 'stated', '--qk-layernorm');
    const untie = this.bool('--untie-embeddings-and-output-weights', 'architecture');
    parts.tiedEmbeddings = b.trace(
      !untie,
      untie ? 'stated' : 'default',
      untie ? '--untie-embeddings-and-output-weights' : `${NAME} default (output layer tied to the embedding)`,
    );

    const vocab = this.vocab(tp);
    if (vocab) parts.vocab = vocab;

    const moe = this.moe(parts.ffn?.value, layers?.value);
    if (moe) parts.moe = moe;

    if (this.has('--multi-latent-attention'))
      b.problem(
        'warning',
        'approximate-count',
        'Multi-latent attention is counted as standard attention: the parameter count is approximate.',
        this.keyRange(this.flag('--multi-latent-attention')!),
      );
    const mtp = this.int('--mtp-num-layers', 'architecture', 0);
    if (mtp && mtp.value > 0)
      b.problem(
        'warning',
        'approximate-count',
        `The ${mtp.value} multi-token-prediction layer${mtp.value === 1 ? ' is' : 's are'} not counted.`,
        mtp.range ?? null,
      );

    if (/pretrain_mamba/.test(entry) || this.has('--hybrid-override-pattern')) {
      b.problem(
        'warning',
        'unsupported-architecture',
        'Mamba and hybrid Mamba models are not counted yet: the parameter count is left out. Tokens and batch are still read.',
        this.flag('--hybrid-override-pattern')?.keyWord.range ?? null,
      );
      return null;
    }
    return b.architecture(parts, 'Megatron needs --num-layers, --hidden-size, --num-attention-heads and --seq-length on the pretrain_gpt.py line.');
  }

  /** The embedding rows: tokenizer size (or --vocab-size) padded to make-vocab-size-divisible-by × TP. */
  private vocab(tp: number): Traced<number> | undefined {
    const b = this.b;
    const type = this.str('--tokenizer-type');
    if (type) b.stated('--tokenizer-type', type.value, this.fieldRange(type.flag, type.word), 'architecture');
    const model = this.str('--tokenizer-model', true)?.value ?? this.str('--vocab-file', true)?.value ?? '';
    const stated = this.int('--vocab-size', 'architecture', 1, 2 ** 31);
    const divisible = this.int('--make-vocab-size-divisible-by', 'architecture', 1) ?? this.defaultInt(128, 'Megatron default 128');
    const typeName = type?.value ?? '';

    let raw: Traced<number>;
    if (typeName === 'NullTokenizer' && stated) {
      // Mock data: since NVIDIA/Megatron-LM c9dfe34 (2026-04-22, "Enable NullTokenizer for
      // pretraining") NullTokenizer.vocab_size is --vocab-size exactly, the end-of-document id
      // being vocab_size - 1 (megatron/core/tokenizers/text/libraries/null_tokenizer.py at
      // d98e8a6). Before, it was --vocab-size + 1; scripts run on older checkouts have one more row.
      raw = b.derived(
        'vocab (NullTokenizer)',
        stated.value,
        'architecture',
        `NullTokenizer: --vocab-size ${formatInteger(stated.value)} (current Megatron-LM; before April 2026 it added 1 end-of-document row)`,
        stated.range,
      );
      b.problem(
        'info',
        'mock-tokenizer',
        `NullTokenizer (mock data): the embedding has --vocab-size ${formatInteger(stated.value)} rows before padding, as current Megatron-LM builds it; checkouts before April 2026 added an end-of-document row (${formatInteger(stated.value + 1)}).`,
        stated.range ?? null,
      );
    } else if (stated) {
      raw = stated;
    } else {
      const hint = b.vocabHint();
      const known = knownTokenizer(typeName, model);
      const mergeFile = this.has('--merge-file');
      if (hint) raw = hint;
      else if (known || (typeName === '' && mergeFile)) {
        // Merge files belong to GPT-2-style BPE.
        const k = known ?? { vocab: 50257, name: 'the GPT-2 BPE vocabulary' };
        raw = b.assumed(
          'vocab',
          k.vocab,
          'architecture',
          k.name,
          `the tokenizer files are not read; ${formatInteger(k.vocab)} is ${k.name}. Add \`# scaling-lens: vocab=N\` if yours differs`,
        );
      } else {
        b.problem(
          'warning',
          'assumed-vocab',
          `The vocabulary size is not in the script${typeName ? ` (${typeName})` : ''}: 50,257 (GPT-2) is assumed. Add --vocab-size or \`# scaling-lens: vocab=N\`.`,
          type?.word.range ?? null,
          b.directiveFix('vocab', 'vocab=50257'),
        );
        raw = b.assumed('vocab', 50257, 'architecture', 'built-in assumption (GPT-2 vocabulary)', 'the tokenizer is not known from the script');
      }
    }
    const multiple = divisible.value * tp;
    const padded = Math.ceil(raw.value / multiple) * multiple;
    const origin: Origin = raw.origin === 'assumed' ? 'assumed' : 'derived';
    return b.derived(
      'vocab (padded)',
      padded,
      'architecture',
      padded === raw.value
        ? `${formatInteger(raw.value)}, already a multiple of ${multiple} (make-vocab-size-divisible-by ${divisible.value} × TP ${tp})`
        : `${formatInteger(raw.value)} padded to a multiple of ${multiple} (make-vocab-size-divisible-by ${divisible.value} × TP ${tp})`,
      raw.range ?? null,
      origin,
    );
  }

  private moe(ffn: number | undefined, layers: number | undefined): Traced<MoeSpec> | undefined {
    const b = this.b;
    const experts = this.int('--num-experts', 'architecture', 0, 1e6);
    // One expert is a dense MLP: Megatron-DeepSpeed's `--num-experts` defaults to [1] ("1 means
    // dense", megatron/arguments.py), and its MoE example scripts pass EP_SIZE=1 for dense runs.
    // No router default (top-k 2) may then reject the script.
    if (!experts || experts.value <= 1) return undefined;
    const topK =
      this.int('--moe-router-topk', 'architecture', 1, 1e6) ??
      b.frameworkDefault('--moe-router-topk', 2, 'architecture', 'Megatron default: 2 experts per token');
    const expertFfn =
      this.int('--moe-ffn-hidden-size', 'architecture', 1) ??
      (ffn !== undefined
        ? b.frameworkDefault('--moe-ffn-hidden-size', ffn, 'architecture', `Megatron default: the dense --ffn-hidden-size ${ffn}`)
        : undefined);
    if (!expertFfn) return undefined;
    const shared = this.int('--moe-shared-expert-intermediate-size', 'architecture', 1);
    const gate = this.has('--moe-shared-expert-gate');
    let denseLayers = 0;
    let layerFrequency = 1;
    const freq = this.flag('--moe-layer-freq');
    const freqWord = freq?.values[0];
    if (freq && freqWord) {
      const pattern = freqWord.known ? layerPattern(freqWord.text) : null;
      const asInt = freqWord.known ? coerceNumber(freqWord.text) : null;
      if (asInt !== null && Number.isInteger(asInt) && asInt >= 1) layerFrequency = asInt;
      else if (pattern && layers !== undefined && pattern.length !== layers) {
        b.invalid(
          '--moe-layer-freq',
          `the pattern has ${pattern.length} entries for ${layers} layers (Megatron requires one per layer); every layer is counted as MoE`,
          freqWord.range,
        );
      } else if (pattern && layers !== undefined) {
        const fit = fitPattern(pattern, layers);
        if (fit) ({ denseLayers, layerFrequency } = fit);
        else
          b.problem(
            'warning',
            'approximate-count',
            `--moe-layer-freq ${freqWord.text}: this layer pattern is not one the counter can express (dense layers first, then every n-th layer); every layer is counted as MoE.`,
            freqWord.range,
          );
      } else b.invalid('--moe-layer-freq', `expected a whole number or a pattern like "([0]+[1]*23)", got ${JSON.stringify(freqWord.text)}`, freqWord.range);
      b.stated('--moe-layer-freq', freqWord.text, this.fieldRange(freq, freqWord), 'architecture');
    }
    const spec: MoeSpec = {
      experts: experts.value,
      topK: topK.value,
      expertFfn: expertFfn.value,
      sharedExperts: shared ? 1 : 0,
      ...(shared ? { sharedFfn: shared.value } : {}),
      ...(gate ? { sharedExpertGate: true } : {}),
      denseLayers,
      layerFrequency,
    };
    return b.trace(spec, 'stated', '--num-experts', experts.range);
  }

  // -- hardware --------------------------------------------------------------------------------

  /** GPUs from the launcher flags, then GPUS_PER_NODE × NNODES variables, WORLD_SIZE, #SBATCH. */
  private worldSize(inv: Invocation): Traced<number> | null {
    // torchrun / python -m torch.distributed.run, deepspeed, srun / mpirun, possibly nested
    // (`srun … torchrun …`, `eval deepspeed …`): the most specific flags win.
    const launcher = parseFlags(inv.launcher);
    const pick = (...keys: string[]) => keys.map((k) => launcher.get(k)).find((f) => f !== undefined);
    const word = (f: Flag | undefined) => f?.values[0];
    let perNode: { value: number; word: ShellWord; key: string } | null;
    let nodes: { value: number; word: ShellWord | null; key: string } | null;
    const asCount = (w: ShellWord | undefined, key: string) => {
      if (!w) return null;
      if (!w.known) {
        this.b.problem('info', 'unknown-gpu-count', `${key}: the value comes from ${this.unknownWhy(w)}.`, w.range);
        return null;
      }
      const n = coerceNumber(w.text);
      return n !== null && Number.isInteger(n) && n >= 1 && n <= 1e7 ? n : null;
    };
    const take = (f: Flag | undefined): { value: number; word: ShellWord; key: string } | null => {
      const n = f ? asCount(word(f), f.key) : null;
      return f && n !== null ? { value: n, word: word(f)!, key: f.key } : null;
    };
    const torchrunProcs = pick('--nproc_per_node', '--nproc-per-node');
    const deepspeedGpus = pick('--num_gpus', '--num-gpus');
    if (torchrunProcs) {
      perNode = take(torchrunProcs);
      const n = pick('--nnodes');
      const nText = word(n)?.text ?? '';
      if (n && /^\d+:\d+$/.test(nText)) {
        this.b.problem('info', 'elastic-nodes', `--nnodes ${nText} is an elastic range; the upper bound is used.`, word(n)!.range);
        nodes = { value: Number(nText.split(':')[1]), word: word(n)!, key: n.key };
      } else nodes = take(n);
    } else if (deepspeedGpus) {
      perNode = take(deepspeedGpus);
      nodes = take(pick('--num_nodes', '--num-nodes'));
    } else {
      const tasks = take(pick('--ntasks', '-n', '-np'));
      if (tasks) return this.gpus(tasks.value, [tasks.word], `${tasks.key} ${tasks.value}`);
      perNode = take(pick('--ntasks-per-node', '--gpus-per-node'));
      nodes = take(pick('--nodes', '-N'));
    }
    if (perNode) {
      if (!nodes) return this.gpus(perNode.value, [perNode.word], `${perNode.key} ${perNode.value}${torchrunProcs ? ' (one node)' : ''}`);
      return this.gpus(
        perNode.value * nodes.value,
        [perNode.word, ...(nodes.word ? [nodes.word] : [])],
        `${perNode.key} ${perNode.value} × ${nodes.key} ${nodes.value}`,
      );
    }
    // Variables, when the launcher line does not use them.
    const v = (...names: string[]) => {
      for (const name of names) {
        const w = this.script.variable(name);
        const n = w && w.known ? coerceNumber(w.text) : null;
        if (w && n !== null && Number.isInteger(n) && n >= 1 && n <= 1e7) return { name, word: w, value: n };
      }
      return null;
    };
    const gpn = v('GPUS_PER_NODE', 'NPROC_PER_NODE', 'NGPUS_PER_NODE', 'GPUS_PER_NODE_', 'N_GPUS_PER_NODE', 'NUM_GPUS_PER_NODE');
    if (gpn) {
      const nn = v('NUM_NODES', 'NNODES', 'NODES', 'N_NODES', 'NODE_COUNT');
      return nn
        ? this.gpus(gpn.value * nn.value, [gpn.word, nn.word], `${gpn.name} ${gpn.value} × ${nn.name} ${nn.value}`)
        : this.gpus(gpn.value, [gpn.word], `${gpn.name} ${gpn.value} (one node)`);
    }
    const ws = v('WORLD_SIZE', 'NUM_GPUS', 'NGPUS', 'N_GPUS');
    if (ws) return this.gpus(ws.value, [ws.word], `${ws.name} ${ws.value}`);
    return this.sbatch();
  }

  private gpus(value: number, words: readonly ShellWord[], formula: string): Traced<number> {
    const fallbacks = [...new Set(words.flatMap((w) => w.fallbacks))];
    const origin: Origin = fallbacks.length ? 'assumed' : words.length > 1 || words.some((w) => w.computed) ? 'derived' : 'stated';
    const note = fallbacks.length
      ? `${formula}; uses the script's default for ${fallbacks.map((f) => (f.startsWith('$') ? f : `$${f}`)).join(', ')}, which the launcher's environment normally sets`
      : formula;
    return this.b.derived('gpus', value, 'hardware', note, words[0]?.range ?? null, origin);
  }

  /** `#SBATCH --nodes=N` with `--gpus-per-node` / `--ntasks-per-node` / `--gres=gpu:N`. */
  private sbatch(): Traced<number> | null {
    const lines = this.text.split('\n');
    let nodes: { n: number; line: number } | null = null;
    let per: { n: number; line: number } | null = null;
    for (let i = 0; i < lines.length; i++) {
      const m = /^#SBATCH\s+(.*)$/.exec(lines[i]!.replace(/\r$/, ''));
      if (!m) continue;
      for (const opt of m[1]!.split(/\s+/)) {
        const kv = /^(--?[A-Za-z-]+)(?:=(.*))?$/.exec(opt);
        if (!kv) continue;
        const val = kv[2] ?? '';
        if ((kv[1] === '--nodes' || kv[1] === '-N') && /^\d+$/.test(val)) nodes = { n: Number(val), line: i };
        else if ((kv[1] === '--gpus-per-node' || kv[1] === '--ntasks-per-node') && /^(?:[A-Za-z0-9]+:)?\d+$/.test(val))
          per = { n: Number(val.split(':').pop()), line: i };
        else if (kv[1] === '--gres' && /gpu(?::[A-Za-z0-9_]+)?:(\d+)/.test(val)) per = { n: Number(/gpu(?::[A-Za-z0-9_]+)?:(\d+)/.exec(val)![1]), line: i };
      }
      const short = /(?:^|\s)-N\s+(\d+)/.exec(m[1]!);
      if (short) nodes = { n: Number(short[1]), line: i };
    }
    if (!per || per.n < 1) return null;
    const n = nodes?.n ?? 1;
    const range: SourceRange = { startLine: per.line, startCol: 0, endLine: per.line, endCol: (lines[per.line] ?? '').replace(/\r$/, '').length };
    return this.b.derived('gpus', per.n * n, 'hardware', `#SBATCH: ${per.n} per node × ${n} node${n === 1 ? '' : 's'}`, range, nodes ? 'derived' : 'stated');
  }

  private checkParallelism(world: Traced<number> | null, tp: Traced<number>, pp: Traced<number>, cp: Traced<number>): void {
    if (!world) return;
    const model = tp.value * pp.value * cp.value;
    const where = tp.value > 1 ? tp.range : pp.value > 1 ? pp.range : cp.range;
    if (model > world.value) {
      this.b.problem(
        'warning',
        'parallelism-exceeds-gpus',
        `TP ${tp.value} × PP ${pp.value} × CP ${cp.value} = ${model} GPUs per model replica, but the script launches ${world.value} GPUs. Megatron will stop with "world size is not divisible"; adjust the launcher (nodes × GPUs per node) or the parallel sizes.`,
        where ?? null,
      );
    } else if (world.value % model !== 0) {
      this.b.problem(
        'warning',
        'parallelism-mismatch',
        `${world.value} GPUs are not divisible by TP ${tp.value} × PP ${pp.value} × CP ${cp.value} = ${model}; Megatron asserts that they are.`,
        where ?? null,
      );
    }
  }

  // -- duration and batch ----------------------------------------------------------------------

  private duration(world: Traced<number> | null, modelParallel: number) {
    const b = this.b;
    const seqLen = this.flags.has('--seq-length') || this.flags.has('--encoder-seq-length') ? this.seq() : null;
    const micro = this.int('--micro-batch-size', 'batch', 1, MAX_COUNT);
    const explicitGlobal = this.int('--global-batch-size', 'batch', 1, MAX_COUNT);
    const ramp = this.ramp(seqLen?.value ?? null, explicitGlobal?.value ?? null);
    let gpuCount: Traced<number> | null = null;

    let global: Traced<number> | null = explicitGlobal ?? null;
    if (!global && ramp?.schedule) {
      global = b.derived('global batch (sequences)', ramp.finalBatch, 'batch', `the largest batch of --step-batch-size-schedule`, ramp.range);
    }
    if (!global && micro) {
      const w = world ?? b.requireGpuCount('Without --global-batch-size the batch is --micro-batch-size × data-parallel GPUs.');
      gpuCount = w;
      const dp = Math.max(1, Math.floor(w.value / modelParallel));
      global = b.derived(
        'global batch (sequences)',
        micro.value * dp,
        'batch',
        `Megatron default: --micro-batch-size ${micro.value} × data-parallel ${dp} (${w.value} GPUs / TP·PP·CP ${modelParallel})`,
        micro.range ?? null,
        w.origin === 'assumed' ? 'assumed' : 'derived',
      );
    }
    if (!this.flags.has('--micro-batch-size')) {
      b.problem('info', 'missing-value', 'No --micro-batch-size: Megatron requires it (it does not change the tokens, only memory).');
    }

    const batchTokens =
      global && seqLen
        ? b.derived(
            'tokens per step',
            global.value * seqLen.value,
            'batch',
            `${formatInteger(global.value)} sequences × ${formatInteger(seqLen.value)} tokens`,
            global.range ?? null,
            global.origin === 'assumed' ? 'assumed' : 'derived',
          )
        : null;

    const iters = this.int('--train-iters', 'duration', 0, MAX_COUNT);
    const samples = this.int('--train-samples', 'duration', 0, MAX_COUNT);
    if (iters && samples)
      b.problem(
        'error',
        'conflicting-duration',
        'Both --train-iters and --train-samples are set; Megatron accepts only one. --train-iters is used.',
        samples.range ?? null,
      );

    let tokens: ReadResult['plan']['tokens'];
    let steps: Traced<number> | null = null;
    let bound: 'upper' | undefined;
    const originOf = (...ts: Array<Traced<number> | null>): Origin => (ts.some((t) => t?.origin === 'assumed') ? 'assumed' : 'derived');
    if (iters) {
      steps = iters;
      if (batchTokens && global && seqLen) {
        const value = iters.value * batchTokens.value;
        let formula = `--train-iters ${formatInteger(iters.value)} × ${formatInteger(batchTokens.value)} tokens per step`;
        if (ramp) {
          bound = 'upper';
          const est = ramp.phases ? rampedSamples(iters.value, ramp.phases, ramp.finalBatch) : null;
          formula += `; an upper bound: the ${ramp.flag} ramp trains its first steps on smaller batches${est !== null && Number.isFinite(est) ? ` (≈${formatQuantity(est * seqLen.value)} tokens with the ramp)` : ''}`;
        }
        tokens = Number.isFinite(value)
          ? b.derived('training tokens', value, 'duration', formula, iters.range ?? null, originOf(batchTokens))
          : b.trace(null, 'derived', '--train-iters', iters.range, 'the token count overflows');
      } else {
        tokens = b.trace(
          null,
          'derived',
          '--train-iters',
          iters.range,
          seqLen ? 'the global batch size is not known' : 'the sequence length (--seq-length) is not known',
        );
      }
    } else if (samples) {
      if (seqLen) {
        const value = samples.value * seqLen.value;
        tokens = b.derived(
          'training tokens',
          value,
          'duration',
          `--train-samples ${formatInteger(samples.value)} × --seq-length ${formatInteger(seqLen.value)}`,
          samples.range ?? null,
          originOf(seqLen),
        );
        if (global && !ramp)
          steps = b.derived(
            'steps',
            Math.ceil(samples.value / global.value),
            'duration',
            `--train-samples ${formatInteger(samples.value)} / global batch ${formatInteger(global.value)}`,
            samples.range ?? null,
            originOf(global),
          );
      } else {
        tokens = b.trace(null, 'derived', '--train-samples', samples.range, 'the sequence length (--seq-length) is not known');
      }
    } else {
      tokens = b.trace(null, 'derived', '--train-iters', null, 'neither --train-iters nor --train-samples is set');
      b.problem(
        'warning',
        'missing-duration',
        'Neither --train-iters nor --train-samples is set: the training length is not known (Megatron requires one of them).',
        this.flag('--num-layers')?.keyWord.range ?? null,
      );
    }
    // Megatron-DeepSpeed's --train-tokens also ends the run: the loop stops after the step whose
    // consumed tokens reach it (megatron/training.py: `if args.train_tokens and
    // args.consumed_train_tokens >= args.train_tokens`), whichever limit comes first.
    const trainTokens = this.int('--train-tokens', 'duration', 1, MAX_COUNT);
    if (trainTokens && batchTokens && !ramp) {
      const n = Math.ceil(trainTokens.value / batchTokens.value);
      const value = n * batchTokens.value;
      if (tokens.value === null || value < tokens.value) {
        steps = b.derived(
          'steps',
          n,
          'duration',
          `--train-tokens ${formatInteger(trainTokens.value)} / ${formatInteger(batchTokens.value)} tokens per step, rounded up (the run stops after the step that reaches it)`,
          trainTokens.range ?? null,
          originOf(batchTokens),
        );
        tokens = b.derived(
          'training tokens',
          value,
          'duration',
          `${formatInteger(n)} whole steps × ${formatInteger(batchTokens.value)} tokens: --train-tokens ${formatInteger(trainTokens.value)} comes first`,
          trainTokens.range ?? null,
          originOf(batchTokens),
        );
      }
    } else if (trainTokens && ramp?.phases && seqLen && Number.isFinite(ramp.finalBatch) && ramp.finalBatch >= 1) {
      // With a ramp the steps have different sizes: walk them as Megatron-DeepSpeed's training loop
      // does (megatron/training.py: update_num_microbatches(consumed_train_samples) before each
      // step, stop once consumed_train_tokens >= --train-tokens).
      const walked = stepsUntilTokens(trainTokens.value, seqLen.value, ramp.phases, ramp.finalBatch);
      if (walked && (tokens.value === null || walked.tokens < tokens.value)) {
        steps = b.derived(
          'steps',
          walked.steps,
          'duration',
          `steps of the ${ramp.flag} ramp until --train-tokens ${formatInteger(trainTokens.value)} is reached`,
          trainTokens.range ?? null,
          originOf(seqLen),
        );
        tokens = b.derived(
          'training tokens',
          walked.tokens,
          'duration',
          `${formatInteger(walked.steps)} steps whose batch follows ${ramp.flag}, until --train-tokens ${formatInteger(trainTokens.value)} comes first (the run stops after the step that reaches it)`,
          trainTokens.range ?? null,
          originOf(seqLen),
        );
      }
    } else if (trainTokens && (tokens.value === null || trainTokens.value < tokens.value)) {
      b.problem(
        'info',
        'approximate-count',
        `--train-tokens ${formatInteger(trainTokens.value)} ends the run first; with ${ramp ? 'a batch ramp-up' : 'an unknown batch'} the last step's size is not known, so the tokens are given as --train-tokens.`,
        trainTokens.range ?? null,
      );
      tokens = b.derived(
        'training tokens',
        trainTokens.value,
        'duration',
        `--train-tokens ${formatInteger(trainTokens.value)} (the run stops after the step that reaches it)`,
        trainTokens.range ?? null,
      );
    }
    return { tokens, batchTokens, steps, seqLen, bound, gpuCount, micro, global };
  }

  private seq(): Traced<number> | null {
    // Already recorded by architecture(); reuse the recorded value without a second field.
    const f = this.flag('--seq-length') ?? this.flag('--encoder-seq-length');
    const v = f?.values[0];
    const n = v && v.known ? coerceNumber(v.text) : null;
    if (!f || !v || n === null || !Number.isInteger(n) || n < 1 || n > 2 ** 31) return null;
    return this.b.trace(n, v.computed ? 'derived' : 'stated', f.key, this.fieldRange(f, v));
  }

  /** Batch-size ramp-up: the old --rampup-batch-size, or --step-batch-size-schedule (2026-04). */
  private ramp(
    seq: number | null,
    explicitGlobal: number | null,
  ): { flag: string; finalBatch: number; phases: Array<{ until: number; batch: number }> | null; schedule: boolean; range: SourceRange | null } | null {
    const b = this.b;
    const schedule = this.flag('--step-batch-size-schedule');
    const rampup = this.flag('--rampup-batch-size');
    if (schedule) {
      const text = schedule.values
        .map((v) => v.text)
        .join(' ')
        .replace(/^['"]|['"]$/g, '');
      const range = schedule.values[0]?.range ?? schedule.keyWord.range;
      b.stated('--step-batch-size-schedule', text, this.fieldRange(schedule, schedule.values[0]), 'batch');
      const entries: Array<{ at: number; batch: number }> = [];
      for (const item of text.split(/\s+/).filter(Boolean)) {
        const m = /^([^:]+):(\d+)$/.exec(item);
        const at = m ? parseQuantity(m[1]!) : null;
        if (!m || at === null || at < 0) {
          b.invalid('--step-batch-size-schedule', `cannot read ${JSON.stringify(item)}; expected THRESHOLD:BATCH like 2.4B:320`, range);
          return null;
        }
        entries.push({ at, batch: Number(m[2]) });
      }
      if (entries.length === 0 || entries.some((e) => e.batch < 1)) return null;
      entries.sort((a, c) => a.at - c.at);
      const finalBatch = Math.max(...entries.map((e) => e.batch));
      if (explicitGlobal !== null) {
        const g = this.flag('--global-batch-size')!;
        b.problem(
          'warning',
          'inconsistent-batch',
          `--step-batch-size-schedule and --global-batch-size are both given; Megatron's argument check rejects the pair (the schedule sets the global batch to its largest size, ${formatInteger(finalBatch)}).`,
          g.keyWord.range,
        );
      }
      // Thresholds count tokens when the sequence length is known, else samples.
      const toSamples = (t: number) => (seq ? t / seq : t);
      const phases = entries.map((e, i) => ({ until: i + 1 < entries.length ? toSamples(entries[i + 1]!.at) : Infinity, batch: e.batch }));
      return { flag: '--step-batch-size-schedule', finalBatch: explicitGlobal ?? finalBatch, phases, schedule: true, range };
    }
    if (rampup) {
      const [start, incr, total] = rampup.values.map((v) => (v.known ? coerceNumber(v.text) : null));
      const range = rampup.values[0]?.range ?? rampup.keyWord.range;
      b.stated('--rampup-batch-size', rampup.values.map((v) => v.text).join(' '), this.fieldRange(rampup, rampup.values[rampup.values.length - 1]), 'batch');
      if (this.flags.has('--train-iters'))
        b.problem(
          'warning',
          'inconsistent-batch',
          "--rampup-batch-size with --train-iters: Megatron's argument check allows a ramp-up only for sample-based training (--train-samples).",
          rampup.keyWord.range,
        );
      if (explicitGlobal === null || start == null || incr == null || total == null || start < 1 || incr < 1 || total < 0)
        return { flag: '--rampup-batch-size', finalBatch: explicitGlobal ?? 0, phases: null, schedule: false, range };
      const increments = (explicitGlobal - start) / incr;
      if (!Number.isInteger(increments) || increments < 0 || increments > 1e6)
        return { flag: '--rampup-batch-size', finalBatch: explicitGlobal, phases: null, schedule: false, range };
      // num_microbatches_calculator.RampupBatchsizeNumMicroBatches: the batch grows by incr
      // every total/increments samples.
      const per = increments > 0 ? total / increments : 0;
      const phases = Array.from({ length: increments }, (_, k) => ({ until: (k + 1) * per, batch: start + k * incr }));
      phases.push({ until: Infinity, batch: explicitGlobal });
      return { flag: '--rampup-batch-size', finalBatch: explicitGlobal, phases, schedule: false, range };
    }
    return null;
  }

  private exitConditions(): void {
    const minutes = this.flag('--exit-duration-in-mins');
    if (minutes?.values[0])
      this.b.problem(
        'info',
        'early-exit',
        `--exit-duration-in-mins ${minutes.values[0].text}: the run stops after that many minutes, whatever the planned tokens.`,
        this.fieldRange(minutes, minutes.values[0]),
      );
    const interval = this.flag('--exit-interval');
    if (interval?.values[0])
      this.b.problem(
        'info',
        'early-exit',
        `--exit-interval ${interval.values[0].text}: the run stops at that iteration.`,
        this.fieldRange(interval, interval.values[0]),
      );
  }

  private precision(): Traced<Precision> | null {
    const b = this.b;
    const fp8 = this.str('--fp8-format');
    if (fp8) {
      b.stated('--fp8-format', fp8.value, this.fieldRange(fp8.flag, fp8.word), 'precision');
      return b.trace('fp8', 'stated', '--fp8-format', this.fieldRange(fp8.flag, fp8.word));
    }
    if (this.bool('--bf16', 'precision')) return b.trace('bf16', 'stated', '--bf16', this.keyRange(this.flag('--bf16')!));
    if (this.bool('--fp16', 'precision')) return b.trace('fp16', 'stated', '--fp16', this.keyRange(this.flag('--fp16')!));
    return b.trace('fp32', 'default', `${NAME} default`, null, 'no --bf16/--fp16: parameters and compute in fp32');
  }
}

/** `([0]+[1]*23)`-style patterns (Megatron's moe_freq_type): only [], digits, commas, +, *, parens. */
function layerPattern(text: string): number[] | null {
  const s = text.replace(/^['"]|['"]$/g, '').replace(/\s+/g, '');
  if (!s.includes('[') || /[^,\d[\]()+*]/.test(s)) return null;
  let pos = 0;
  let depth = 0;
  const LIMIT = 100_000;
  // expr := term ('+' term)* ; term := atom ('*' int)* ; atom := '[' ints ']' | '(' expr ')' | int
  const expr = (): number[] | null => {
    if (++depth > 50) return null;
    let out = term();
    while (out && s[pos] === '+') {
      pos++;
      const t = term();
      out = t && out.length + t.length <= LIMIT ? [...out, ...t] : null;
    }
    depth--;
    return out;
  };
  const int = (): number | null => {
    const m = /^\d+/.exec(s.slice(pos));
    if (!m) return null;
    pos += m[0].length;
    return Number(m[0]);
  };
  const term = (): number[] | null => {
    let out = atom();
    while (out && s[pos] === '*') {
      pos++;
      const n = int();
      if (n === null || out.length * n > LIMIT) return null;
      const base: number[] = out;
      out = Array.from({ length: base.length * n }, (_, i) => base[i % base.length]!);
    }
    return out;
  };
  const atom = (): number[] | null => {
    if (s[pos] === '[') {
      pos++;
      const items: number[] = [];
      while (s[pos] !== ']') {
        const n = int();
        if (n === null) return null;
        items.push(n);
        if (s[pos] === ',') pos++;
        else if (s[pos] !== ']') return null;
      }
      pos++;
      return items;
    }
    if (s[pos] === '(') {
      pos++;
      const e = expr();
      if (s[pos] !== ')') return null;
      pos++;
      return e;
    }
    return null;
  };
  const r = expr();
  return r && pos === s.length ? r : null;
}

/** The pattern as "k dense layers, then every n-th layer" (model.isMoeLayer), if it is one. */
function fitPattern(pattern: readonly number[], layers: number): { denseLayers: number; layerFrequency: number } | null {
  if (pattern.length !== layers) return null;
  const first = pattern.indexOf(1);
  if (first < 0) return { denseLayers: layers, layerFrequency: 1 };
  const second = pattern.indexOf(1, first + 1);
  // Layer i is MoE when i >= dense and i % freq == 0: the first MoE layer fixes dense, the gap to
  // the second fixes freq (which must divide the first index).
  const candidates = second > 0 ? [second - first] : first === 0 ? [layers] : [first];
  for (const freq of candidates) {
    if (freq < 1 || first % freq !== 0) continue;
    if (pattern.every((p, i) => (p === 1) === (i >= first && i % freq === 0))) return { denseLayers: first, layerFrequency: freq };
  }
  return null;
}

/**
 * Steps and tokens until `target` tokens are consumed when the batch follows `phases` (each up to
 * a sample count): the ramp is walked step by step, the constant tail in one division. The batch
 * of a step is the one in force at the samples consumed before it, as Megatron's
 * RampupBatchsizeNumMicroBatches.update(consumed_samples) gives it. Null when the ramp is too long
 * to walk within the per-keystroke budget.
 */
function stepsUntilTokens(
  target: number,
  seq: number,
  phases: ReadonlyArray<{ until: number; batch: number }>,
  finalBatch: number,
): { steps: number; tokens: number } | null {
  const WALK_LIMIT = 2_000_000;
  let samples = 0;
  let steps = 0;
  let k = 0;
  for (;;) {
    while (k < phases.length && phases[k]!.until <= samples) k++;
    const phase = phases[k];
    if (!phase || phase.until === Infinity) break;
    if (samples * seq >= target) return { steps, tokens: samples * seq };
    if (phase.batch < 1 || ++steps > WALK_LIMIT) return null;
    samples += phase.batch;
  }
  const batch = phases[k]?.batch ?? finalBatch;
  const left = target - samples * seq;
  const more = left > 0 ? Math.ceil(left / (batch * seq)) : 0;
  const tokens = (samples + more * batch) * seq;
  return Number.isFinite(tokens) ? { steps: steps + more, tokens } : null;
}

/** Samples trained in `iters` steps when the batch follows `phases` (each up to a sample count). */
function rampedSamples(iters: number, phases: ReadonlyArray<{ until: number; batch: number }>, finalBatch: number): number {
  let consumed = 0;
  let it = 0;
  for (const ph of phases) {
    if (it >= iters) break;
    if (ph.until === Infinity) {
      consumed += (iters - it) * ph.batch;
      it = iters;
      break;
    }
    if (ph.until <= consumed) continue;
    const need = Math.ceil((ph.until - consumed) / ph.batch);
    const use = Math.min(need, iters - it);
    consumed += use * ph.batch;
    it += use;
  }
  if (it < iters) consumed += (iters - it) * finalBatch;
  return consumed;
}
