// Launch scripts that hand TrainingArguments-style flags to a Python trainer (docs/configs.md#hugging-face-trainingarguments):
// allenai/open-instruct's `accelerate launch … open_instruct/finetune.py --model_name_or_path … --per_device_train_batch_size 1`
// (behind its `mason.py … --` Beaker wrapper), TRL's example scripts. HfArgumentParser reads a
// command line as it reads a YAML file, so the flags become the same mapping the YAML reader reads
// (YamlConfig.fromFlags), each value placed where the script writes it. The launcher in front of
// the script gives what the YAML would hold elsewhere: the GPU count (mason --num_nodes × --gpus,
// accelerate --num_processes, torchrun --nproc_per_node × --nnodes), accelerate's
// --mixed_precision and --deepspeed_config_file.

import type { Traced } from '../../core/plan';
import type { PlanBuilder } from '../shared/builder';
import { LineIndex } from '../shared/lines';
import { unknownWhy, type ShellCommand, type ShellScript, type ShellWord } from '../shared/shellWords';
import { coerceNumber } from '../shared/values';
import { YamlConfig, type FlagPair } from '../shared/yamlConfig';

/** The flag every TrainingArguments command line carries. */
const BATCH_FLAG = /^--per[-_]device[-_]train[-_]batch[-_]size(=|$)/;
/** The trainer: a Python file, `-m module`, or LLaMA-Factory's `llamafactory-cli train` (also `lmf train`). */
const ENTRY = /\.py$/;
const CLI_TRAIN = /(^|\/)(llamafactory-cli|lmf)$/;

/** The last command on the script's path that runs a Python trainer with TrainingArguments flags, and its entry's index. */
export function findTrainerLaunch(script: ShellScript): { command: ShellCommand; at: number } | null {
  let found: { command: ShellCommand; at: number } | null = null;
  for (const c of script.commands) {
    const batch = c.words.findIndex((w) => BATCH_FLAG.test(w.text));
    if (batch < 0) continue;
    let at = -1;
    for (let i = batch - 1; i >= 0; i--) {
      const t = c.words[i]!.text;
      const before = i > 0 ? c.words[i - 1]!.text : '';
      if (ENTRY.test(t) || (before === '-m' && !t.startsWith('-')) || (t === 'train' && CLI_TRAIN.test(before))) {
        at = i;
        break;
      }
    }
    if (at >= 0) found = { command: c, at };
  }
  return found;
}

export interface TrainerLaunch {
  /** The trainer's flags, with the launcher's precision and DeepSpeed file added as their argument keys. */
  readonly y: YamlConfig;
  readonly gpus: Traced<number> | null;
}

/** `--key value…` words into flags; `--key=value` too. Values stop at the next `--` word. */
function flagsOf(words: readonly ShellWord[]): Array<{ key: string; keyWord: ShellWord; values: ShellWord[] }> {
  const out: Array<{ key: string; keyWord: ShellWord; values: ShellWord[] }> = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!w.text.startsWith('--') || w.text === '--') continue;
    const eq = w.text.indexOf('=');
    const key = (eq > 0 ? w.text.slice(2, eq) : w.text.slice(2)).replace(/-/g, '_');
    const values: ShellWord[] = eq > 0 ? [{ ...w, text: w.text.slice(eq + 1) }] : [];
    while (eq < 0 && i + 1 < words.length && !words[i + 1]!.text.startsWith('--')) values.push(words[++i]!);
    out.push({ key, keyWord: w, values });
  }
  return out;
}

export function trainerLaunch(b: PlanBuilder, text: string, command: ShellCommand, at: number): TrainerLaunch {
  const lines = new LineIndex(text);
  const offsets = (w: ShellWord) => ({ start: lines.offset(w.range.startLine, w.range.startCol), end: lines.offset(w.range.endLine, w.range.endCol) });
  const pairs: FlagPair[] = [];
  for (const f of flagsOf(command.words.slice(at + 1))) {
    const unknown = f.values.find((v) => !v.known);
    if (unknown) {
      b.problem('info', 'unknown-value', `--${f.key}: the value comes from ${unknownWhy(unknown)}, so it is not read.`, unknown.refRange);
      continue;
    }
    pairs.push({ key: f.key, ...offsets(f.keyWord), values: f.values.map((v) => ({ text: v.text, ...offsets(v) })) });
  }
  const launcher = flagsOf(command.words.slice(0, at));
  const one = (key: string) => {
    const f = launcher.find((x) => x.key === key);
    const v = f?.values[0];
    return f && v && v.known ? { f, v } : undefined;
  };
  const stated = new Set(pairs.map((p) => p.key));
  // accelerate --mixed_precision bf16 / fp16: TrainingArguments' bf16 / fp16.
  const mp = one('mixed_precision');
  if (mp && (mp.v.text === 'bf16' || mp.v.text === 'fp16') && !stated.has(mp.v.text))
    pairs.push({ key: mp.v.text, ...offsets(mp.f.keyWord), values: [{ text: 'true', ...offsets(mp.v) }] });
  // accelerate --deepspeed_config_file: the DeepSpeed JSON, read as TrainingArguments' deepspeed.
  const ds = one('deepspeed_config_file');
  if (ds && !stated.has('deepspeed')) pairs.push({ key: 'deepspeed', ...offsets(ds.f.keyWord), values: [{ text: ds.v.text, ...offsets(ds.v) }] });
  return { y: YamlConfig.fromFlags(text, pairs), gpus: launcherGpus(b, one) };
}

type LauncherFlag = (key: string) => { f: { keyWord: ShellWord }; v: ShellWord } | undefined;

/** mason.py --num_nodes × --gpus, else torchrun --nproc_per_node × --nnodes, else accelerate --num_processes (all machines). */
function launcherGpus(b: PlanBuilder, one: LauncherFlag): Traced<number> | null {
  const int = (key: string) => {
    const x = one(key);
    const n = x ? coerceNumber(x.v.text) : null;
    return x && n !== null && Number.isInteger(n) && n >= 1 && n <= 1e7 ? { n, range: x.v.range } : null;
  };
  const pair = (per: string, nodes: string) => {
    const p = int(per);
    if (!p) return null;
    const m = int(nodes);
    return m && m.n > 1
      ? b.derived('gpus', p.n * m.n, 'hardware', `--${per} ${p.n} × --${nodes} ${m.n}`, p.range)
      : b.stated('gpus', p.n, p.range, 'hardware', `--${per} ${p.n}`);
  };
  const procs = int('num_processes');
  return (
    pair('gpus', 'num_nodes') ??
    pair('nproc_per_node', 'nnodes') ??
    (procs ? b.stated('gpus', procs.n, procs.range, 'hardware', `accelerate --num_processes ${procs.n} (all machines)`) : null)
  );
}
