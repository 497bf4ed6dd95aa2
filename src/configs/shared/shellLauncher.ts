// The opening the llm.c and nanochat readers share: read the script as data, report its shell
// syntax problems, find the training command (or stop with "not a training run"), and say when
// the script forwards its own arguments, which the file cannot show.

import type { FormatId, ReadContext, ReadResult } from '../types';
import { PlanBuilder } from './builder';
import { shellScriptOf, type ShellCommand, type ShellScript } from './shellWords';

/** The command that runs training and the index of the entry point (binary or module) among its words. */
export interface LaunchCommand {
  readonly command: ShellCommand;
  readonly at: number;
}

export interface ShellLauncherSpec {
  readonly format: FormatId;
  readonly name: string;
  /** The training command on the script's path, or null. */
  readonly find: (commands: readonly ShellCommand[]) => LaunchCommand | null;
  /** What is missing when no command runs training (`No train_gpt2cu invocation found in this script.`). */
  readonly missing: string;
  /** The plan's note when there is none (`the script does not run llm.c training`). */
  readonly notTraining: string;
}

export function shellLauncher(
  spec: ShellLauncherSpec,
  text: string,
  ctx: ReadContext,
): ({ readonly b: PlanBuilder; readonly script: ShellScript } & LaunchCommand) | { readonly done: ReadResult } {
  const b = new PlanBuilder(spec.format, spec.name, text, ctx);
  const script = shellScriptOf(text);
  for (const p of script.problems) b.problem('warning', 'parse-error', `Shell syntax: ${p.message}`, p.range);
  const found = spec.find(script.commands);
  if (!found) {
    b.problem('warning', 'no-invocation', spec.missing);
    return { done: b.finish({ architecture: null, tokens: b.trace(null, 'derived', 'script', null, spec.notTraining) }) };
  }
  if (found.command.forwardsArguments)
    b.problem(
      'info',
      'forwarded-arguments',
      'The script passes on its own command-line arguments ("$@"); flags given when it is run are not seen here.',
      found.command.range,
    );
  return { b, script, command: found.command, at: found.at };
}
