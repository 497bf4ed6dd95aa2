// The scaling-lens command. Exit 0 on success; 2 with one line on stderr for bad arguments,
// unreadable or impossible inputs; never a stack trace.

import { predict } from './commands/predict';
import { optimal } from './commands/optimal';
import { budget } from './commands/budget';
import { estimateFiles } from './commands/estimate';
import { resolveFiles, resolveModels } from './commands/resolveModels';
import type { FileResolution } from '../configs/resolve/referencedFiles';
import type { ModelResolution } from '../configs/resolve/modelResolver';
import { gpus, laws } from './commands/catalog';
import { fit } from './commands/fit';
import { forecast } from './commands/forecast';
import { usage, wantsHelp } from './args';
import { CliError } from './errors';
import { COMMANDS } from './spec';

declare const SCALING_LENS_VERSION: string | undefined;

/** `scaling-lens`, `scaling-lens --help`: the commands, one line each. */
export const USAGE = (() => {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: scaling-lens <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    '`scaling-lens <command> --help` lists the options of a command.',
    'Numbers accept 1.4e12, 1.4T, 70B, 7M. Exit codes: 0 ok, 2 bad input.',
  ].join('\n');
})();

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs one command line; pure of process state so tests can call it. `models`: what
 * runAsync looked up for `estimate` (models the table lacks).
 */
export function run(
  argv: string[],
  models?: ReadonlyMap<string, ReadonlyMap<string, ModelResolution>>,
  files?: ReadonlyMap<string, ReadonlyMap<string, FileResolution>>,
): CliResult {
  const [command, ...rest] = argv;
  const spec = COMMANDS.find((c) => c.name === command);
  if (spec && wantsHelp(rest)) return { code: 0, stdout: usage(spec), stderr: '' };
  try {
    switch (command) {
      case 'predict':
        return { code: 0, stdout: predict(rest), stderr: '' };
      case 'optimal':
        return { code: 0, stdout: optimal(rest), stderr: '' };
      case 'budget':
        return { code: 0, stdout: budget(rest), stderr: '' };
      case 'laws':
        return { code: 0, stdout: laws(rest), stderr: '' };
      case 'gpus':
        return { code: 0, stdout: gpus(rest), stderr: '' };
      case 'fit':
        return { code: 0, stdout: fit(rest), stderr: '' };
      case 'forecast':
        return { code: 0, stdout: forecast(rest), stderr: '' };
      case 'estimate': {
        const { output, errors } = estimateFiles(rest, undefined, models, files);
        return { code: errors.length ? 2 : 0, stdout: output, stderr: errors.map((e) => `scaling-lens: ${e}`).join('\n') };
      }
      case undefined:
        // No command is bad input (exit 2), but the list still shows: on stderr, as errors do.
        return { code: 2, stdout: '', stderr: USAGE };
      case '--help':
      case '-h':
        return { code: 0, stdout: USAGE, stderr: '' };
      case 'help': {
        // `scaling-lens help estimate` is `scaling-lens estimate --help`.
        const topic = rest[0] === undefined ? undefined : COMMANDS.find((c) => c.name === rest[0]);
        if (rest[0] !== undefined && !topic) throw new CliError(`unknown command "${rest[0]}" (commands: ${COMMANDS.map((c) => c.name).join(', ')})`);
        return { code: 0, stdout: topic ? usage(topic) : USAGE, stderr: '' };
      }
      case '--version':
      case '-v':
        return { code: 0, stdout: typeof SCALING_LENS_VERSION === 'string' ? SCALING_LENS_VERSION : 'dev', stderr: '' };
      default:
        throw new CliError(`unknown command "${command}" (commands: ${COMMANDS.map((c) => c.name).join(', ')}; \`scaling-lens --help\` says what each does)`);
    }
  } catch (e) {
    if (e instanceof CliError) return { code: 2, stdout: '', stderr: `scaling-lens: ${e.message}` };
    // A bug, not bad input: still one line, never a stack trace.
    return { code: 1, stdout: '', stderr: `scaling-lens: internal error: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/**
 * run(), after looking up (for `estimate`) the models its files name that Scaling Lens's table
 * lacks: local config.json, the Hugging Face cache, and with --hub the Hub.
 */
export async function runAsync(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliResult> {
  const [command, ...rest] = argv;
  if (command !== 'estimate' || wantsHelp(rest)) return run(argv);
  let first: ReturnType<typeof estimateFiles>;
  try {
    first = estimateFiles(rest);
  } catch {
    // Bad flags: run() reports them with its own one-line error.
    return run(argv);
  }
  // Every model and referenced file known: the first reading is the answer (no file is read twice).
  if (first.unresolved.size === 0 && first.unresolvedFiles.size === 0)
    return { code: first.errors.length ? 2 : 0, stdout: first.output, stderr: first.errors.map((e) => `scaling-lens: ${e}`).join('\n') };
  const models = first.unresolved.size ? await resolveModels(rest, first.unresolved, env) : undefined;
  const files = first.unresolvedFiles.size ? await resolveFiles(first.unresolvedFiles, env) : undefined;
  return run(argv, models, files);
}

if (require.main === module) {
  void runAsync(process.argv.slice(2)).then((result) => {
    if (result.stdout) process.stdout.write(`${result.stdout}\n`);
    if (result.stderr) process.stderr.write(`${result.stderr}\n`);
    process.exitCode = result.code;
  });
}
