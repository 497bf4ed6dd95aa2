// How many GPUs a Megatron-LM launch uses and how it lays the model out on them
// (docs/configs.md#megatron-lm): the GPU count from the launcher's flags (torchrun, deepspeed,
// srun/mpirun), else from GPUS_PER_NODE × NNODES-style variables, WORLD_SIZE, or #SBATCH lines;
// the tensor/pipeline/context/expert parallel sizes; the data-parallel size and virtual pipeline
// stages they imply; and whether the GPUs divide into model replicas as Megatron asserts.

import type { Origin, SourceRange, Traced } from '../../core/plan';
import type { PipelineSchedule } from '../../core/runSetup';
import { formatInteger } from '../../core/units';
import { unknownWhy, type ShellWord } from '../shared/shellWords';
import { readSbatchHeader } from '../shared/sbatchHeader';
import { coerceNumber } from '../shared/values';
import { parseFlags, type Flag, type Invocation, type MegatronFlags } from './megatronFlags';

export interface Degrees {
  readonly tp: Traced<number>;
  readonly pp: Traced<number>;
  readonly cp: Traced<number>;
  readonly ep: Traced<number>;
}

/** The model-parallel sizes, in the order they are read, with Megatron's default of 1 (arguments.py). */
const DEGREES: ReadonlyArray<{ readonly degree: keyof Degrees; readonly keys: readonly string[]; readonly note: string }> = [
  { degree: 'tp', keys: ['--tensor-model-parallel-size'], note: 'Megatron default: no tensor parallelism' },
  { degree: 'pp', keys: ['--pipeline-model-parallel-size'], note: 'Megatron default: no pipeline parallelism' },
  { degree: 'cp', keys: ['--context-parallel-size'], note: 'Megatron default: no context parallelism' },
  // microsoft/Megatron-DeepSpeed names DeepSpeed-MoE's expert parallelism --moe-expert-parallel-size.
  { degree: 'ep', keys: ['--expert-model-parallel-size', '--moe-expert-parallel-size'], note: 'Megatron default: no expert parallelism' },
];

export function parallelDegrees(f: MegatronFlags): Degrees {
  const out: Partial<Record<keyof Degrees, Traced<number>>> = {};
  for (const d of DEGREES) {
    const key = d.keys.find((k) => f.has(k)) ?? d.keys[0]!;
    out[d.degree] = f.int(key, 'hardware', 1) ?? f.defaultInt(1, d.note);
  }
  return out as Degrees;
}

interface Launcher {
  /** Flags giving processes (GPUs) per node; the first launcher whose flag is on the line is the one used. */
  readonly perNode: readonly string[];
  readonly nodes: readonly string[];
  /** Flags giving the total number of processes, read before the per-node ones. */
  readonly tasks?: readonly string[];
  /** `--nnodes MIN:MAX` (torchrun's elastic range). */
  readonly elasticNodes?: boolean;
  /** A per-node count without a node count is one node (said in the note). */
  readonly oneNodeNote?: boolean;
  /** Used when no other launcher's per-node flag is there. */
  readonly fallback?: boolean;
}

/** Launcher flags, most specific first (the launch may nest them: `srun … torchrun …`). */
const LAUNCHERS: readonly Launcher[] = [
  // torchrun / python -m torch.distributed.run
  { perNode: ['--nproc_per_node', '--nproc-per-node'], nodes: ['--nnodes'], elasticNodes: true, oneNodeNote: true },
  // deepspeed
  { perNode: ['--num_gpus', '--num-gpus'], nodes: ['--num_nodes', '--num-nodes'] },
  // srun / mpirun
  { tasks: ['--ntasks', '-n', '-np'], perNode: ['--ntasks-per-node', '--gpus-per-node'], nodes: ['--nodes', '-N'], fallback: true },
];

/** Script variables for the GPU count, when the launcher line does not use them (first set wins). */
const GPUS_PER_NODE_VARIABLES = ['GPUS_PER_NODE', 'NPROC_PER_NODE', 'NGPUS_PER_NODE', 'GPUS_PER_NODE_', 'N_GPUS_PER_NODE', 'NUM_GPUS_PER_NODE'];
const NODES_VARIABLES = ['NUM_NODES', 'NNODES', 'NODES', 'N_NODES', 'NODE_COUNT'];
const WORLD_SIZE_VARIABLES = ['WORLD_SIZE', 'NUM_GPUS', 'NGPUS', 'N_GPUS'];

/** GPUs from the launcher flags, then GPUS_PER_NODE × NNODES variables, WORLD_SIZE, #SBATCH. */
export function worldSize(f: MegatronFlags, inv: Invocation, text: string): Traced<number> | null {
  const b = f.b;
  // torchrun / python -m torch.distributed.run, deepspeed, srun / mpirun, possibly nested
  // (`srun … torchrun …`, `eval deepspeed …`): the most specific flags win.
  const launcherFlags = parseFlags(inv.launcher);
  const pick = (keys: readonly string[]) => keys.map((k) => launcherFlags.get(k)).find((x) => x !== undefined);
  const word = (x: Flag | undefined) => x?.values[0];
  const asCount = (w: ShellWord | undefined, key: string) => {
    if (!w) return null;
    if (!w.known) {
      b.problem('info', 'unknown-gpu-count', `${key}: the value comes from ${unknownWhy(w)}.`, w.range);
      return null;
    }
    const n = coerceNumber(w.text);
    return n !== null && Number.isInteger(n) && n >= 1 && n <= 1e7 ? n : null;
  };
  const take = (x: Flag | undefined): { value: number; word: ShellWord; key: string } | null => {
    const n = x ? asCount(word(x), x.key) : null;
    return x && n !== null ? { value: n, word: word(x)!, key: x.key } : null;
  };
  const launcher = LAUNCHERS.find((l) => l.fallback || pick(l.perNode) !== undefined)!;
  if (launcher.tasks) {
    const tasks = take(pick(launcher.tasks));
    if (tasks) return gpus(f, tasks.value, [tasks.word], `${tasks.key} ${tasks.value}`);
  }
  const perNode = take(pick(launcher.perNode));
  let nodes: { value: number; word: ShellWord | null; key: string } | null;
  const n = pick(launcher.nodes);
  const nText = word(n)?.text ?? '';
  if (launcher.elasticNodes && n && /^\d+:\d+$/.test(nText)) {
    b.problem('info', 'elastic-nodes', `--nnodes ${nText} is an elastic range; the upper bound is used.`, word(n)!.range);
    nodes = { value: Number(nText.split(':')[1]), word: word(n)!, key: n.key };
  } else nodes = take(n);
  if (perNode) {
    if (!nodes) return gpus(f, perNode.value, [perNode.word], `${perNode.key} ${perNode.value}${launcher.oneNodeNote ? ' (one node)' : ''}`);
    return gpus(
      f,
      perNode.value * nodes.value,
      [perNode.word, ...(nodes.word ? [nodes.word] : [])],
      `${perNode.key} ${perNode.value} × ${nodes.key} ${nodes.value}`,
    );
  }
  // Variables, when the launcher line does not use them.
  const v = (names: readonly string[]) => {
    for (const name of names) {
      const w = f.variable(name);
      const count = w && w.known ? coerceNumber(w.text) : null;
      if (w && count !== null && Number.isInteger(count) && count >= 1 && count <= 1e7) return { name, word: w, value: count };
    }
    return null;
  };
  const gpn = v(GPUS_PER_NODE_VARIABLES);
  if (gpn) {
    const nn = v(NODES_VARIABLES);
    return nn
      ? gpus(f, gpn.value * nn.value, [gpn.word, nn.word], `${gpn.name} ${gpn.value} × ${nn.name} ${nn.value}`)
      : gpus(f, gpn.value, [gpn.word], `${gpn.name} ${gpn.value} (one node)`);
  }
  const ws = v(WORLD_SIZE_VARIABLES);
  if (ws) return gpus(f, ws.value, [ws.word], `${ws.name} ${ws.value}`);
  return sbatch(f, text);
}

function gpus(f: MegatronFlags, value: number, words: readonly ShellWord[], formula: string): Traced<number> {
  const fallbacks = [...new Set(words.flatMap((w) => w.fallbacks))];
  const origin: Origin = fallbacks.length ? 'assumed' : words.length > 1 || words.some((w) => w.computed) ? 'derived' : 'stated';
  const note = fallbacks.length
    ? `${formula}; uses the script's default for ${fallbacks.map((x) => (x.startsWith('$') ? x : `$${x}`)).join(', ')}, which the launcher's environment normally sets`
    : formula;
  return f.b.derived('gpus', value, 'hardware', note, words[0]?.range ?? null, origin);
}

/** `#SBATCH --nodes=N` with `--gpus-per-node` / `--ntasks-per-node` / `--gres=gpu:N`. */
function sbatch(f: MegatronFlags, text: string): Traced<number> | null {
  const { nodes, perNode: per } = readSbatchHeader(text);
  if (!per || per.n < 1) return null;
  const n = nodes?.n ?? 1;
  const lineText = (text.split('\n')[per.line] ?? '').replace(/\r$/, '');
  const range: SourceRange = { startLine: per.line, startCol: 0, endLine: per.line, endCol: lineText.length };
  return f.b.derived('gpus', per.n * n, 'hardware', `#SBATCH: ${per.n} per node × ${n} node${n === 1 ? '' : 's'}`, range, nodes ? 'derived' : 'stated');
}

/** Megatron asserts that the GPUs divide into replicas of TP × PP × CP. */
export function checkParallelism(f: MegatronFlags, world: Traced<number> | null, { tp, pp, cp }: Degrees): void {
  if (!world) return;
  const model = tp.value * pp.value * cp.value;
  const where = tp.value > 1 ? tp.range : pp.value > 1 ? pp.range : cp.range;
  if (model > world.value) {
    f.b.problem(
      'warning',
      'parallelism-exceeds-gpus',
      `TP ${tp.value} × PP ${pp.value} × CP ${cp.value} = ${model} GPUs per model replica, but the script launches ${world.value} GPUs. Megatron will stop with "world size is not divisible"; adjust the launcher (nodes × GPUs per node) or the parallel sizes.`,
      where ?? null,
    );
  } else if (world.value % model !== 0) {
    f.b.problem(
      'warning',
      'parallelism-mismatch',
      `${world.value} GPUs are not divisible by TP ${tp.value} × PP ${pp.value} × CP ${cp.value} = ${model}; Megatron asserts that they are.`,
      where ?? null,
    );
  }
}

export interface Layout {
  readonly dp?: Traced<number>;
  readonly vp?: Traced<number>;
  readonly schedule?: Traced<PipelineSchedule>;
}

/** Data parallelism, virtual pipeline stages and the pipeline schedule the sizes imply. */
export function parallelLayout(f: MegatronFlags, { tp, pp, cp }: Degrees, world: Traced<number> | null, layers: number | null): Layout {
  const b = f.b;
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
  const vpr = f.int('--num-virtual-stages-per-pipeline-rank', 'hardware', 1);
  const perStage = f.int('--num-layers-per-virtual-pipeline-stage', 'hardware', 1);
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
        : f.setupDefault('1f1b' as const, 'pipeline schedule 1F1B without virtual stages')
      : undefined;
  return { ...(dp ? { dp } : {}), ...(vp ? { vp } : {}), ...(schedule ? { schedule } : {}) };
}
