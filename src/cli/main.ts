// The scaling-lens command. Exit 0 on success; 2 with one line on stderr for bad arguments,
// unreadable or impossible inputs; never a stack trace.

import { PREDICT_USAGE, predict } from './commands/predict';
import { OPTIMAL_USAGE, optimal } from './commands/optimal';
import { ESTIMATE_USAGE, estimateFiles } from './commands/estimate';
import { gpus, laws } from './commands/catalog';
import { FIT_USAGE, fit } from './commands/fit';
import { FORECAST_USAGE, forecast } from './commands/forecast';
import { CliError } from './errors';

declare const SCALING_LENS_VERSION: string | undefined;

const USAGE = [
  'Usage: scaling-lens <command> [options]',
  '',
  `  ${ESTIMATE_USAGE}`,
  `  ${PREDICT_USAGE}`,
  `  ${OPTIMAL_USAGE}`,
  `  ${FIT_USAGE}`,
  `  ${FORECAST_USAGE}`,
  '  laws [--json]',
  '  gpus [--json]',
  '',
  'Numbers accept 1.4e12, 1.4T, 70B, 7M. Exit codes: 0 ok, 2 bad input.',
].join('\n');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one command line; pure of process state so tests can call it. */
export function run(argv: string[]): CliResult {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'predict':
        return { code: 0, stdout: predict(rest), stderr: '' };
      case 'optimal':
        return { code: 0, stdout: optimal(rest), stderr: '' };
      case 'laws':
        return { code: 0, stdout: laws(rest), stderr: '' };
      case 'gpus':
        return { code: 0, stdout: gpus(rest), stderr: '' };
      case 'fit':
        return { code: 0, stdout: fit(rest), stderr: '' };
      case 'forecast':
        return { code: 0, stdout: forecast(rest), stderr: '' };
      case 'estimate': {
        const { output, errors } = estimateFiles(rest);
        return { code: errors.length ? 2 : 0, stdout: output, stderr: errors.map((e) => `scaling-lens: ${e}`).join('\n') };
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        return { code: command === undefined ? 2 : 0, stdout: command === undefined ? '' : USAGE, stderr: command === undefined ? USAGE : '' };
      case '--version':
      case '-v':
        return { code: 0, stdout: typeof SCALING_LENS_VERSION === 'string' ? SCALING_LENS_VERSION : 'dev', stderr: '' };
      default:
        throw new CliError(`unknown command "${command}" (commands: estimate, predict, optimal, fit, forecast, laws, gpus)`);
    }
  } catch (e) {
    if (e instanceof CliError) return { code: 2, stdout: '', stderr: `scaling-lens: ${e.message}` };
    // A bug, not bad input: still one line, never a stack trace.
    return { code: 1, stdout: '', stderr: `scaling-lens: internal error: ${e instanceof Error ? e.message : String(e)}` };
  }
}

if (require.main === module) {
  const result = run(process.argv.slice(2));
  if (result.stdout) process.stdout.write(`${result.stdout}\n`);
  if (result.stderr) process.stderr.write(`${result.stderr}\n`);
  process.exitCode = result.code;
}
