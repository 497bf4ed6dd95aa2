// Megatron-LM launch scripts (docs/configs.md#megatron-lm): bash that runs pretrain_gpt.py with
// argparse flags kept in variables and arrays. The flags are read from the words the python
// invocation would receive (shellWords), last flag winning as in argparse; defaults are
// Megatron's (NVIDIA/Megatron-LM@000c4ac megatron/training/arguments.py unless noted).
// This module detects the format and composes the parts: the flags (megatronFlags), the model
// (megatronModel), the GPUs and their layout (megatronLayout), the training length and batch
// (megatronDuration) and the run setup (megatronSetup).

import { PlanBuilder } from '../shared/builder';
import { shellScriptOf, stringScripts, type ShellScript } from '../shared/shellWords';
import type { ReadContext, ReadResult, Reader } from '../types';
import { duration, exitConditions } from './megatronDuration';
import { findInvocation, flagsAnywhere, invocationCount, MegatronFlags, NAME, nonTrainingTool, parseFlags } from './megatronFlags';
import { checkParallelism, parallelDegrees, parallelLayout, worldSize } from './megatronLayout';
import { architecture } from './megatronModel';
import { precision, runSetup } from './megatronSetup';

const SHELL_EXT = /\.(sh|bash|slurm|sbatch|zsh|ksh)$/i;

function sniff(text: string): { entry: boolean; layers: boolean } {
  // Any Megatron entry point (pretrain_hybrid.py, pretrain_t5.py …): such scripts are read and
  // told what is not counted, not refused as unknown. The hybrid models' layer-pattern flags alone
  // do not make a training script: Megatron's inference servers take them too.
  return {
    // Bounded: an unbounded [A-Za-z0-9_]* rescans a long word once per "pretrain_" in it.
    entry: /pretrain_[A-Za-z0-9_]{0,64}\.py/.test(text),
    layers: /--num-layers\b|--encoder-num-layers\b/.test(text),
  };
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
    return readMegatron(text, ctx);
  },
};

function readMegatron(text: string, ctx: ReadContext): ReadResult {
  const b = new PlanBuilder('megatron', NAME, text, ctx);
  const script = shellScriptOf(text);
  for (const p of script.problems) b.problem('warning', 'parse-error', `Shell syntax: ${p.message}`, p.range);
  for (const n of script.notes) b.problem('info', 'shell-condition', n.message, n.range);
  // `source common.sh` / `. ./CONFIG.sh`: variables and flags set there (precision, parallel
  // degrees, the model's shape) are not seen, so a value read here may be a default the other
  // file overrides (examples/rl/model_configs/*.sh take --bf16 and TP from common.sh).
  for (const c of script.commands) {
    const [cmd, file] = c.words;
    if (cmd && (cmd.text === 'source' || cmd.text === '.') && file)
      b.problem(
        'warning',
        'sourced-file',
        `${file.known ? `\`${cmd.text} ${file.text}\`` : `\`${cmd.text}\` of a file the script computes`}: what it sets (flags, precision, parallel degrees, the model's shape) is not read here, so values it changes may be shown at their defaults.`,
        c.range,
      );
  }

  let inv = findInvocation(script);
  // The launch inside a string another command runs (`bcprun -c '…'`, `srun bash -c "…"`): its
  // flags are read from there, and the variables it uses are its own.
  let flagScript: ShellScript = script;
  if (!inv)
    for (const inner of stringScripts(script, text)) {
      const found = findInvocation(inner);
      if (found) [inv, flagScript] = [found, inner];
    }
  const tool = inv ? null : nonTrainingTool(script);
  if (tool) {
    b.problem(
      'warning',
      'no-invocation',
      `The script runs ${tool.text}, which takes model flags but does not train: no training run to estimate.`,
      tool.refRange,
    );
    return b.finish({ architecture: null, tokens: b.trace(null, 'derived', 'script', null, `the script runs ${tool.text}, which does not train`) });
  }
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
  const f = new MegatronFlags(b, flagScript, parseFlags(inv.args));
  f.reportDuplicates();

  const entry = inv.script?.text ?? '';
  if (f.has('--yaml-cfg'))
    b.problem(
      'warning',
      'yaml-config',
      'The arguments come from the YAML file given by --yaml-cfg, which is not read here.',
      f.keyRange(f.flag('--yaml-cfg')!),
    );

  const degrees = parallelDegrees(f);
  const { tp, pp, cp } = degrees;
  const arch = architecture(f, entry, tp.value);
  const world = worldSize(f, inv, text);
  checkParallelism(f, world, degrees);
  const { tokens, batchTokens, steps, seqLen, bound, gpuCount, micro, global } = duration(f, world, tp.value * pp.value * cp.value);
  exitConditions(f);
  const layout = parallelLayout(f, degrees, gpuCount ?? world, arch?.value.layers ?? null);
  const setup = runSetup(f, degrees, layout, micro ?? null, global);

  return b.finish({
    architecture: arch,
    tokens,
    ...(bound ? { tokensBound: bound } : {}),
    batchTokens,
    steps,
    seqLen,
    gpuCount: b.gpuCount(gpuCount ?? world),
    precision: precision(f),
    learningRate: f.number('--lr', 'optimizer', { min: 0 }) ?? null,
    setup,
  });
}
