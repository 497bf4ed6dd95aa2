// llm.c launch scripts (karpathy/llm.c scripts/*.sh; docs/configs.md#llmc): bash that runs the CUDA trainer
// `./train_gpt2cu -e "d12" -b 64 -t 1024 -d 524288 -x 18865 …`. The command line is read from
// the words the binary would receive (shellWords), a later flag overriding an earlier one as in
// train_gpt2.cu main()'s argv loop. Everything below is karpathy/llm.c@f1e2ace train_gpt2.cu:
//
// - `-e` is a model descriptor (`d12`, `gpt2:d12`: GPT-2 of that depth; `gpt3:c768`: GPT-3 of
//   that width; gpt_build_from_descriptor) or a checkpoint file to start from (default
//   `gpt2_124M_bf16.bin`, OpenAI's GPT-2 weights).
// - GPT-2 block: LayerNorm with biases, biases on every linear layer, GELU MLP of 4C, learned
//   positions of max_seq_len rows (1024 for GPT-2, 2048 for GPT-3), the output tied to a token
//   embedding of padded_vocab_size 50304 rows (vocab_size 50257 padded to 128).
// - `-b` micro-batch per GPU (default 4), `-t` sequence length (default 1024), `-d` tokens per
//   step (default B × T × processes), `-x` steps (default -1: one epoch of the `-i` shards).

import type { Architecture } from '../../core/architecture';
import type { SourceRange, Traced } from '../../core/plan';
import type { RunSetup } from '../../core/runSetup';
import type { ArchParts, PlanBuilder } from '../shared/builder';
import { shellLauncher, type ShellLauncherSpec } from '../shared/shellLauncher';
import { shellScriptOf, unknownWhy, type ShellCommand, type ShellWord } from '../shared/shellWords';
import { coerceNumber } from '../shared/values';
import type { FieldRole, ReadContext, ReadResult, Reader } from '../types';
import { belowMin } from '../shared/numbers';

const NAME = 'llm.c';
const SRC = 'llm.c train_gpt2.cu';

/** The CUDA trainers the Makefile builds (train_gpt2cu, train_gpt2fp32cu) and the CPU one. */
const BINARY = /(^|\/)train_gpt2(fp32)?(cu)?$/;
const SNIFF = /(^|[\s/])train_gpt2(fp32)?cu\b/m;

/** gpt2_set_hyperparameters: depth -> channels, heads. */
const GPT2_DEPTHS: Readonly<Record<number, readonly [number, number]>> = {
  6: [384, 6],
  12: [768, 12],
  24: [1024, 16],
  36: [1280, 20],
  48: [1600, 25],
  60: [1920, 30],
  72: [2880, 30],
  84: [3456, 36],
};

/** gpt3_set_hyperparameters: channels -> depth, head size. */
const GPT3_CHANNELS: Readonly<Record<number, readonly [number, number]>> = {
  384: [6, 64],
  768: [12, 64],
  1024: [24, 64],
  1536: [24, 96],
  2048: [24, 128],
  2560: [32, 80],
  4096: [32, 128],
  5140: [40, 128],
  12288: [96, 128],
};

/** OpenAI's GPT-2 checkpoints as llm.c's dev/download_starter_pack.sh names them. */
const CHECKPOINTS: Readonly<Record<string, number>> = { '124M': 12, '350M': 24, '774M': 36, '1558M': 48 };

const VOCAB = 50257;
const PADDED_VOCAB = 50304;

const LAUNCHER: ShellLauncherSpec = {
  format: 'llmc',
  name: NAME,
  find: (commands) => findCommand(commands),
  missing: 'No train_gpt2cu invocation found in this script.',
  notTraining: 'the script does not run llm.c training',
};

export const llmcReader: Reader = {
  id: 'llmc',
  name: NAME,
  detect(text, fileName) {
    if (!SNIFF.test(text)) return 0;
    // Python, Markdown and C files mention the binary without running it.
    if (/\.[A-Za-z0-9]+$/.test(fileName) && !/\.(sh|bash|slurm|sbatch|zsh)$/i.test(fileName)) return 0;
    // Build files name the binary in their recipes (llm.c's own Makefile runs it as a test).
    if (/(^|[\\/])(GNUmakefile|[Mm]akefile|Dockerfile|Containerfile|Justfile|Rakefile)$/.test(fileName)) return 0;
    return findCommand(shellScriptOf(text).commands) ? 0.9 : 0;
  },
  read(text, _fileName, ctx: ReadContext): ReadResult {
    const launch = shellLauncher(LAUNCHER, text, ctx);
    if ('done' in launch) return launch.done;
    const { b, command, at } = launch;
    const flags = parseFlags(b, command.words.slice(at + 1));
    const r = new Flags(b, flags);

    const model = architecture(b, r);
    const { tokens, batchTokens, steps, gpuCount, micro } = duration(b, r, command.words.slice(0, at), model?.seqLen ?? null);
    const lr = r.number('-l', 'optimizer', { min: 0, max: 10 }) ?? b.frameworkDefault('-l', 3e-4, 'optimizer', `${SRC}: learning_rate 3e-4`);
    const zero = r.number('-z', 'hardware', { integer: true, min: 0, max: 3 });
    const recompute = r.number('-r', 'hardware', { integer: true, min: 0, max: 2 });
    // karpathy/llm.c@f1e2ace651495b74ae22d45d1723443fd00ecd3a train_gpt2.cu: zero_stage 0 (only 0
    // and 1 are implemented), recompute 1 (GeLU recomputed; 2 also LayerNorm), AdamW, data
    // parallel only.
    const def = <T>(value: T, note: string) => b.setupDefault(value, `${note} (karpathy/llm.c@f1e2ace651495b74ae22d45d1723443fd00ecd3a:train_gpt2.cu)`);
    const setup: RunSetup = {
      microBatch: micro,
      parallel: { tp: def(1, 'data parallel only'), pp: def(1, 'data parallel only') },
      sharding: zero
        ? b.trace(
            zero.value === 1 ? ('zero1' as const) : ('none' as const),
            'stated',
            '-z',
            zero.range,
            zero.value > 1 ? 'stages 2 and 3 are not implemented: llm.c turns ZeRO off (llmc/zero.cuh set_zero_configs)' : undefined,
          )
        : def('none' as const, 'zero_stage 0'),
      checkpointing: recompute
        ? b.trace(
            { mode: recompute.value === 0 ? ('none' as const) : ('selective' as const) },
            'stated',
            '-r',
            recompute.range,
            recompute.value === 0 ? undefined : recompute.value === 1 ? 'GeLU recomputed' : 'GeLU and LayerNorm recomputed',
          )
        : def({ mode: 'selective' as const }, 'recompute 1: GeLU recomputed in the backward pass'),
      optimizer: def('adamw' as const, 'AdamW'),
    };
    if (zero && zero.value > 1)
      b.problem(
        'warning',
        'unsupported-value',
        `-z ${zero.value}: llm.c implements ZeRO stages 0 and 1 only and turns ZeRO off for ${zero.value} (llmc/zero.cuh set_zero_configs).`,
        zero.range ?? null,
      );

    const result = b.finish({
      setup,
      architecture: model?.architecture ?? null,
      tokens,
      batchTokens,
      steps,
      seqLen: model?.seqLen ?? null,
      gpuCount,
      // Makefile: PRECISION ?= BF16.
      precision: b.trace('bf16', 'default', 'llm.c Makefile PRECISION ?= BF16', null, 'the default build; `make train_gpt2cu PRECISION=FP32` changes it'),
      learningRate: lr,
    });
    return model?.init ? { ...result, init: model.init } : result;
  },
};

function findCommand(commands: readonly ShellCommand[]): { command: ShellCommand; at: number } | null {
  let found: { command: ShellCommand; at: number } | null = null;
  for (const c of commands) {
    if (['echo', 'printf', 'cat', 'ls', 'make', 'scp', 'cp', 'test', '['].includes(c.words[0]?.text ?? '')) continue;
    const at = c.words.findIndex((w) => BINARY.test(w.text));
    if (at >= 0) found = { command: c, at };
  }
  return found;
}

interface Flag {
  readonly key: string;
  readonly keyWord: ShellWord;
  readonly value: ShellWord | undefined;
}

/** main()'s loop: `-x value` pairs, one dash and one or two letters; the last occurrence wins. */
function parseFlags(b: PlanBuilder, words: readonly ShellWord[]): Map<string, Flag> {
  const out = new Map<string, Flag>();
  for (let i = 0; i < words.length; i += 2) {
    const w = words[i]!;
    if (!/^-[A-Za-z]{1,2}$/.test(w.text)) {
      b.problem('warning', 'invalid-argument', `"${w.text}" is not a flag: train_gpt2cu expects -x value pairs (it would print its usage and exit).`, w.range);
      return out;
    }
    const earlier = out.get(w.text);
    const value = words[i + 1];
    if (earlier && earlier.value?.text !== value?.text)
      b.problem('info', 'duplicate-flag', `${w.text} is given more than once; the last (${value?.text ?? ''}) wins.`, earlier.keyWord.range);
    out.set(w.text, { key: w.text, keyWord: w, value });
  }
  return out;
}

class Flags {
  constructor(
    private readonly b: PlanBuilder,
    private readonly flags: Map<string, Flag>,
  ) {}

  get(key: string): Flag | undefined {
    return this.flags.get(key);
  }

  /** `-x 18865` on one line: the hint covers both. */
  range(f: Flag): SourceRange {
    const k = f.keyWord.range;
    const v = f.value?.range;
    if (v && v.startLine === k.endLine && k.startLine === k.endLine && v.startCol >= k.endCol) return { ...k, endLine: v.endLine, endCol: v.endCol };
    return v ?? k;
  }

  /** atoi/atof of the value, checked; undefined (with a problem) when it is unusable. */
  number(key: string, role: FieldRole, rule: { integer?: boolean; min?: number; max?: number } = {}, allow?: number): Traced<number> | undefined {
    const f = this.flags.get(key);
    if (!f) return undefined;
    const v = f.value;
    if (!v) {
      this.b.invalid(key, 'needs a value', f.keyWord.range);
      return undefined;
    }
    if (!v.known) {
      this.b.problem('warning', 'unknown-value', `${key}: the value comes from ${unknownWhy(v)}.`, v.range);
      return undefined;
    }
    const n = coerceNumber(v.text);
    const bad = (why: string) => {
      this.b.invalid(key, why, v.range);
      return undefined;
    };
    if (n === null) return bad(`expected a number, got ${JSON.stringify(v.text)}`);
    if (allow !== undefined && n === allow) return this.b.trace(n, 'stated', key, this.range(f));
    if (rule.integer && !Number.isInteger(n)) return bad(`expected a whole number, got ${v.text}`);
    if (rule.min !== undefined && n < rule.min) return bad(belowMin(rule.min, v.text));
    if (n > (rule.max ?? 1e15)) return bad(`${v.text} is implausibly large`);
    return this.b.stated(key, n, this.range(f), role);
  }

  str(key: string): { value: string; flag: Flag } | undefined {
    const f = this.flags.get(key);
    if (!f?.value) return undefined;
    if (!f.value.known) {
      this.b.problem('warning', 'unknown-value', `${key}: the value comes from an expansion that is not evaluated.`, f.value.range);
      return undefined;
    }
    return { value: f.value.text, flag: f };
  }
}

interface ModelRead {
  readonly architecture: Traced<Architecture> | null;
  readonly seqLen: Traced<number> | null;
  readonly init?: Traced<'pretrained' | 'scratch'>;
}

function architecture(b: PlanBuilder, r: Flags): ModelRead | null {
  const e = r.str('-e');
  const descriptor = e?.value ?? 'gpt2_124M_bf16.bin';
  const at = e ? r.range(e.flag) : null;
  let layers: number, channels: number, heads: number, maxT: number;
  let init: Traced<'pretrained' | 'scratch'>;
  const gpt2 = /^(?:gpt2:)?d(\d+)$/.exec(descriptor);
  const gpt3 = /^gpt3:c(\d+)$/.exec(descriptor);
  const checkpoint = /gpt2_(124M|350M|774M|1558M)(?:_bf16)?\.bin$/.exec(descriptor);
  if (gpt2) {
    const depth = Number(gpt2[1]);
    const dims = GPT2_DEPTHS[depth];
    if (!dims) {
      b.invalid(
        '-e',
        `GPT-2 depth ${depth} is not one llm.c builds (${Object.keys(GPT2_DEPTHS).join(', ')}); it exits with "Unsupported GPT-2 depth"`,
        e!.flag.value!.range,
      );
      return null;
    }
    [layers, channels, heads, maxT] = [depth, dims[0], dims[1], 1024];
    init = b.trace('scratch', 'stated', '-e', at, `-e ${descriptor}: random initialization`);
  } else if (gpt3) {
    const c = Number(gpt3[1]);
    const dims = GPT3_CHANNELS[c];
    if (!dims) {
      b.invalid(
        '-e',
        `GPT-3 channels ${c} is not one llm.c builds (${Object.keys(GPT3_CHANNELS).join(', ')}); it exits with "Unsupported GPT-3 channels"`,
        e!.flag.value!.range,
      );
      return null;
    }
    [layers, channels, heads, maxT] = [dims[0], c, c / dims[1], 2048];
    init = b.trace('scratch', 'stated', '-e', at, `-e ${descriptor}: random initialization`);
  } else if (checkpoint) {
    layers = CHECKPOINTS[checkpoint[1]!]!;
    [channels, heads] = GPT2_DEPTHS[layers]!;
    maxT = 1024;
    init = b.trace(
      'pretrained',
      e ? 'stated' : 'default',
      e ? '-e' : `${SRC} default -e gpt2_124M_bf16.bin`,
      at,
      `starts from OpenAI's GPT-2 ${checkpoint[1]} weights (${descriptor})`,
    );
    b.problem(
      'warning',
      'fine-tune',
      `-e ${descriptor} starts from OpenAI's pretrained GPT-2 ${checkpoint[1]} weights: the scaling-law loss and compute-optimal figures describe training from scratch and do not apply.`,
      at,
    );
  } else {
    b.problem(
      'warning',
      'unknown-model',
      `-e ${descriptor}: a checkpoint file whose model is not known from its name; use a descriptor (d12, gpt3:c768) or one of OpenAI's gpt2_124M/350M/774M/1558M files.`,
      e ? e.flag.value!.range : null,
    );
    return { architecture: null, seqLen: seqLen(b, r, null), init: b.trace('pretrained', 'stated', '-e', at, `starts from the checkpoint ${descriptor}`) };
  }
  const note = e ? `-e ${descriptor}` : `${SRC} default -e gpt2_124M_bf16.bin`;
  if (e) b.stated('-e', descriptor, at, 'architecture', `${note}: ${layers} layers, ${channels} channels, ${heads} heads, max_seq_len ${maxT}`);
  else b.frameworkDefault('-e', descriptor, 'architecture', `no -e: llm.c loads ${descriptor}`);
  const d = (v: number) => b.trace(v, e ? 'derived' : 'default', note, at);
  const seq = seqLen(b, r, maxT);
  const parts: ArchParts = {
    layers: d(layers),
    dModel: d(channels),
    heads: d(heads),
    ffn: d(4 * channels),
    vocab: b.derived(
      'vocab (padded)',
      PADDED_VOCAB,
      'architecture',
      `${SRC}: vocab_size ${VOCAB} padded to ${PADDED_VOCAB} (a multiple of 128)`,
      null,
      'default',
    ),
    maxPositions: d(maxT),
    mlp: b.trace('mlp', 'default', SRC),
    norm: b.trace('layernorm', 'default', SRC),
    positions: b.trace('learned', 'default', SRC),
    linearBias: b.trace(true, 'default', SRC),
    tiedEmbeddings: b.trace(true, 'default', SRC),
    ...(seq ? { seqLen: seq } : {}),
  };
  return { architecture: b.architecture(parts), seqLen: seq, init };
}

/** -t, at most the model's max_seq_len (train_gpt2.cu asserts T <= maxT). */
function seqLen(b: PlanBuilder, r: Flags, maxT: number | null): Traced<number> | null {
  const t = r.number('-t', 'batch', { integer: true, min: 1, max: 1e8 });
  if (t && maxT !== null && t.value > maxT) {
    b.invalid('-t', `sequence length ${t.value} exceeds the model's max_seq_len ${maxT}`, t.range ?? null);
    return null;
  }
  return t ?? b.frameworkDefault('-t', 1024, 'batch', `${SRC}: T = 1024`);
}

function duration(b: PlanBuilder, r: Flags, launcher: readonly ShellWord[], seq: Traced<number> | null) {
  const micro = r.number('-b', 'batch', { integer: true, min: 1, max: 1e8 }) ?? b.frameworkDefault('-b', 4, 'batch', `${SRC}: B = 4 per GPU`);
  const total = r.number('-d', 'batch', { integer: true, min: 1 }, -1);
  const steps = r.number('-x', 'duration', { integer: true, min: 1 }, -1);
  const gpuCount = b.gpuCount(processes(b, r, launcher));

  let batchTokens: Traced<number> | null = null;
  if (total && total.value !== -1) batchTokens = total;
  else if (seq) {
    const world = gpuCount ?? b.requireGpuCount('Without -d, a step is B × T × processes tokens.');
    batchTokens = b.derived(
      'tokens per step',
      micro.value * seq.value * world.value,
      'batch',
      `-b ${micro.value} × -t ${seq.value} × ${world.value} processes (no -d)`,
      micro.range,
      world.origin === 'assumed' ? 'assumed' : 'derived',
    );
  }
  if (batchTokens && seq && gpuCount) {
    const perPass = micro.value * seq.value * gpuCount.value;
    if (batchTokens.value % perPass !== 0)
      b.invalid(
        '-d',
        `${batchTokens.value} tokens per step is not a multiple of B × T × processes = ${perPass} (train_gpt2.cu asserts it)`,
        batchTokens.range ?? null,
      );
  }

  let tokens: Traced<number | null>;
  if (!steps || steps.value === -1) {
    tokens = b.trace(
      null,
      'derived',
      '-x',
      steps?.range,
      `${steps ? '-x -1' : 'No -x'}: one epoch over the -i training shards, whose size the script does not state`,
    );
  } else if (batchTokens) {
    tokens = b.derived(
      'training tokens',
      steps.value * batchTokens.value,
      'duration',
      `-x ${steps.value} steps × ${batchTokens.value} tokens per step`,
      steps.range,
      batchTokens.origin === 'assumed' ? 'assumed' : 'derived',
    );
  } else {
    tokens = b.trace(null, 'derived', '-x', steps.range, 'the tokens per step are not known');
  }
  return { tokens, batchTokens, steps: steps && steps.value !== -1 ? steps : null, gpuCount, micro };
}

/** `mpirun -np 8 ./train_gpt2cu`, `srun -n 8`, or llm.c's own `-pn 8`. */
function processes(b: PlanBuilder, r: Flags, launcher: readonly ShellWord[]): Traced<number> | null {
  const pn = r.number('-pn', 'hardware', { integer: true, min: 1, max: 1e7 });
  if (pn) return pn;
  for (let i = launcher.length - 2; i >= 0; i--) {
    const k = launcher[i]!.text;
    const eq = /^(--ntasks|-np|-n)=(\d+)$/.exec(k);
    const key = eq ? eq[1]! : k;
    const v = eq ? eq[2]! : launcher[i + 1]!.text;
    if (!['-np', '-n', '--ntasks', '--np'].includes(key)) continue;
    const n = coerceNumber(v);
    if (n === null || !Number.isInteger(n) || n < 1 || n > 1e7 || (!eq && !launcher[i + 1]!.known)) return null;
    const range = eq ? launcher[i]!.range : { ...launcher[i]!.range, endLine: launcher[i + 1]!.range.endLine, endCol: launcher[i + 1]!.range.endCol };
    return b.stated('gpus', n, range, 'hardware', `${key} ${n}: one GPU per MPI process`);
  }
  return null;
}
