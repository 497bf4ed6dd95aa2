// Argument parsing on node:util parseArgs (strict: unknown flags are errors), plus the number
// forms people type: 1.4e12, 1.4T, 70B, 7M.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { findAccelerator, findLaw, parseFraction, parseQuantity, type Accelerator, type ScalingLaw } from '../core/index';
import { CliError } from './errors';
import { parseRunValue, RUN_KEYS, runHintsProblem, type RunHints } from '../configs/shared/runHints';

export type Options = Record<string, string | boolean | undefined>;

/** One flag of a command: what the parser accepts and what `--help` says about it. */
export interface Flag {
  readonly type: 'string' | 'boolean';
  /** The value's placeholder in the usage text, e.g. `N` in `--params N`. */
  readonly value?: string;
  readonly help: string;
}

/**
 * A command's table: the parser reads its flags from here (`parseCommand`) and `--help` prints
 * them from here (`usage`), so the two cannot drift apart.
 */
export interface CommandSpec {
  readonly name: string;
  /** One line for the list of commands. */
  readonly summary: string;
  /** The forms the command takes, e.g. `predict --params N --tokens D [options]`. */
  readonly synopsis: readonly string[];
  /** Positional arguments are accepted when set: their placeholder, e.g. `FILE...`. */
  readonly positionals?: string;
  readonly flags: Readonly<Record<string, Flag>>;
  readonly notes?: readonly string[];
}

export function parseCommand(argv: string[], spec: CommandSpec): { values: Options; positionals: string[] } {
  const options = Object.fromEntries(Object.entries(spec.flags).map(([name, f]) => [name, { type: f.type }]));
  return parse(argv, options, spec.positionals !== undefined);
}

/** `--help` or `-h` among the arguments (before a `--` that ends the flags). */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** The usage text of one command: its forms, then every flag it accepts, one a line. */
export function usage(spec: CommandSpec): string {
  const flag = (name: string, f: Flag) => `--${name}${f.type === 'string' ? ` ${f.value ?? 'VALUE'}` : ''}`;
  const rows = [...Object.entries(spec.flags).map(([name, f]) => [flag(name, f), f.help] as const), ['-h, --help', 'print this help'] as const];
  const width = Math.max(...rows.map(([k]) => k.length));
  return [
    ...spec.synopsis.map((s, i) => `${i === 0 ? 'Usage:' : '      '} scaling-lens ${s}`),
    '',
    spec.summary,
    '',
    'Options:',
    ...rows.map(([k, help]) => `  ${k.padEnd(width)}  ${help}`),
    ...(spec.notes?.length ? ['', ...spec.notes] : []),
  ].join('\n');
}

export function parse(argv: string[], options: NonNullable<ParseArgsConfig['options']>, allowPositionals = false): { values: Options; positionals: string[] } {
  // `--days -1` is a negative number, not a flag: join it so the range check can name it.
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    const name = a.startsWith('--') && !a.includes('=') ? a.slice(2) : undefined;
    if (name && options[name]?.type === 'string' && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      joined.push(`${a}=${next}`);
      i++;
    } else joined.push(a);
  }
  try {
    const { values, positionals } = parseArgs({ args: joined, options, allowPositionals, strict: true });
    return { values: values as Options, positionals };
  } catch (e) {
    // parseArgs messages can span lines and suggest `--x=-5`; keep one line.
    const [first = 'bad arguments'] = String((e as Error).message).split('\n');
    const dashed = /argument is ambiguous/.test(first) ? ' (write a value starting with "-" as --name=-5)' : '';
    throw new CliError(first.split('. To specify')[0]!.replace(/\.$/, '') + dashed);
  }
}

export function quantity(
  values: Options,
  name: string,
  opts: { integer?: boolean; min?: number; max?: number; exclusiveMin?: boolean } = {},
): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw new CliError(`--${name} needs a value`);
  const v = parseQuantity(raw);
  if (v === null) throw new CliError(`--${name}: "${raw}" is not a number (use forms like 1.4e12, 1.4T, 70B, 7M)`);
  if (opts.integer && !Number.isInteger(v)) throw new CliError(`--${name} must be a whole number, got ${raw}`);
  if (opts.min !== undefined && (opts.exclusiveMin ? v <= opts.min : v < opts.min))
    throw new CliError(`--${name} must be ${opts.exclusiveMin ? 'greater than' : 'at least'} ${opts.min}, got ${raw}`);
  if (opts.max !== undefined && v > opts.max) throw new CliError(`--${name} must be at most ${opts.max}, got ${raw}`);
  return v;
}

export function required(values: Options, name: string, v: number | undefined): number {
  if (v === undefined) throw new CliError(`--${name} is required`);
  return v;
}

/** --inter-node-gbps: the node's network between nodes, Gbit/s, parsed as the run key is. */
export function interNodeGbps(values: Options): number | undefined {
  const raw = values['inter-node-gbps'];
  if (typeof raw !== 'string') return undefined;
  const parsed = parseRunValue('interNodeGbps', raw, '--inter-node-gbps');
  if (!parsed.ok) throw new CliError(parsed.message);
  return parsed.value as number;
}

/** --mfu 0.45 or --mfu 45%. */
export function mfu(values: Options): number | undefined {
  return fraction(values, 'mfu');
}

/** --cluster-efficiency: the share of a whole run's GPU-hours spent in training steps. */
export function clusterEfficiency(values: Options): number | undefined {
  return fraction(values, 'cluster-efficiency');
}

function fraction(values: Options, name: string): number | undefined {
  const raw = values[name];
  if (typeof raw !== 'string') return undefined;
  const frac = parseFraction(raw, 'reject');
  if (frac === null) throw new CliError(`--${name} must be a fraction in (0, 1] or a percentage, got ${raw}`);
  return frac;
}

export function gpu(values: Options): Accelerator | undefined {
  const raw = values.gpu;
  if (typeof raw !== 'string') return undefined;
  const acc = findAccelerator(raw);
  if (!acc) throw new CliError(`unknown GPU "${raw}" (run \`scaling-lens gpus\` for the ids)`);
  return acc;
}

export function law(values: Options, extra: readonly ScalingLaw[] = []): ScalingLaw | undefined {
  const raw = values.law;
  if (typeof raw !== 'string') return undefined;
  const l = findLaw(raw, extra);
  if (!l) throw new CliError(`unknown law "${raw}" (run \`scaling-lens laws\` for the ids)`);
  return l;
}

/** The run flags given (--tp 8 --sharding zero3 …), each parsed as the directive parses it; undefined when none. */
export function runHints(values: Options): RunHints | undefined {
  const out: Record<string, unknown> = {};
  for (const k of RUN_KEYS) {
    const raw = values[k.name];
    if (raw === undefined) continue;
    const parsed = parseRunValue(k.key, raw, `--${k.name}`);
    if (!parsed.ok) throw new CliError(parsed.message);
    out[k.key] = parsed.value;
  }
  if (Object.keys(out).length === 0) return undefined;
  const hints = out as RunHints;
  const problem = runHintsProblem(hints, '--');
  if (problem) throw new CliError(problem);
  return hints;
}
