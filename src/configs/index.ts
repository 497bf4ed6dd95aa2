// configs.read(text, fileName) -> ReadResult: picks the reader whose detector is most sure.

import { withDirectiveKind } from './shared/fineTune';
import type { Problem, ReadContext, ReadResult, Reader } from './types';
import { applyRunHints, type HintProvenance } from './shared/applyRun';
import { RUN_KEYS, type RunHints } from './shared/runHints';
import { axolotlReader } from './readers/axolotl';
import { deepspeedReader } from './readers/deepspeed';
import { gptNeoxReader } from './readers/gptNeox';
import { hfConfigReader } from './readers/hfConfig';
import { hfTrainerReader } from './readers/hfTrainer';
import { litgptReader } from './readers/litgpt';
import { llmFoundryReader } from './readers/llmFoundry';
import { maxtextReader } from './readers/maxtext';
import { olmoReader } from './readers/olmo';
import { olmoCoreReader } from './readers/olmoCore';
import { torchtitanReader } from './readers/torchtitan';
import { torchtitanPythonReader } from './readers/torchtitanPython';
import { megatronReader } from './readers/megatron';
import { nanogptReader } from './readers/nanogpt';
import { nanotronReader } from './readers/nanotron';
import { torchtuneReader } from './readers/torchtune';
import { levanterReader } from './readers/levanter';
import { llmcReader } from './readers/llmc';
import { nanochatReader } from './readers/nanochat';
import { unslothReader } from './readers/unsloth';
import { MAX_CONFIG_BYTES } from './limits';

export type { Field, FieldRole, FormatId, HardwareHints, Problem, ReadContext, ReadResult, Reader } from './types';

/** Order matters only for ties: more specific formats first. */
export const READERS: readonly Reader[] = [
  unslothReader,
  nanogptReader,
  megatronReader,
  llmcReader,
  nanochatReader,
  gptNeoxReader,
  llmFoundryReader,
  olmoReader,
  olmoCoreReader,
  maxtextReader,
  torchtitanReader,
  torchtitanPythonReader,
  nanotronReader,
  torchtuneReader,
  levanterReader,
  litgptReader,
  axolotlReader,
  hfTrainerReader,
  hfConfigReader,
  deepspeedReader,
];

export { MAX_CONFIG_BYTES } from './limits';

/** Below this, a file is not taken for a training config. */
export const DETECT_THRESHOLD = 0.5;

/**
 * The reader most sure of the file, if any is sure enough. A detector that throws has not
 * recognised the file; what it threw goes into `failures` (a bug to report, as reader failures are).
 */
export function detectFormat(
  text: string,
  fileName: string,
  failures: string[] = [],
  readers: readonly Reader[] = READERS,
): { reader: Reader; score: number } | null {
  let best: { reader: Reader; score: number } | null = null;
  for (const reader of readers) {
    let score: number;
    try {
      score = reader.detect(text, fileName);
    } catch (e) {
      failures.push(`${reader.name} detector failed: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    if (score >= DETECT_THRESHOLD && (!best || score > best.score)) best = { reader, score };
  }
  return best;
}

/** Problems shown per file; a file with more (a million `$`, 150,000 duplicate keys) gets one summary for the rest. */
export const MAX_PROBLEMS = 200;

function capProblems(result: ReadResult): ReadResult {
  const problems = result.problems;
  if (problems.length <= MAX_PROBLEMS) return result;
  // Errors first, so the cap never hides what makes the file unreadable.
  const rank = { error: 0, warning: 1, info: 2 } as const;
  const kept = problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank[a.p.severity] - rank[b.p.severity] || a.i - b.i)
    .slice(0, MAX_PROBLEMS)
    .sort((a, b) => a.i - b.i)
    .map((x) => x.p);
  const more: Problem = {
    severity: 'info',
    code: 'more-problems',
    message: `and ${(problems.length - MAX_PROBLEMS).toLocaleString('en-US')} more problems in this file, not shown`,
    range: null,
  };
  return { ...result, problems: [...kept, more] };
}

export type ReadOutcome = ({ readonly ok: true; readonly result: ReadResult } | { readonly ok: false; readonly problem: Problem }) & {
  /** Detectors that threw on the file (`detectFormat`): the editor logs each once. */
  readonly detectorFailures?: readonly string[];
};

/**
 * Reads a training config. `ok: false` when the file is not one (a CI workflow, a
 * docker-compose file) or a reader failed unexpectedly; the problem says which.
 */
export function readConfig(text: string, fileName: string, ctx: ReadContext = {}): ReadOutcome {
  if (text.length > MAX_CONFIG_BYTES) {
    return {
      ok: false,
      problem: {
        severity: 'error',
        code: 'too-large',
        message: `${(text.length / 1e6).toFixed(1)} MB is too large for a training config (limit ${MAX_CONFIG_BYTES / 1e6} MB); not read`,
        range: null,
      },
    };
  }
  const failures: string[] = [];
  const found = detectFormat(text, fileName, failures);
  const failed = failures.length ? { detectorFailures: failures } : {};
  if (!found) {
    return {
      ok: false,
      problem: { severity: 'error', code: 'not-a-config', message: 'not a training config Scaling Lens can read (no known framework keys found)', range: null },
      ...failed,
    };
  }
  try {
    // The directive corrects the file's kind; explicit run flags win over both.
    const result = withDirectiveKind(found.reader.read(text, fileName, ctx), text);
    return { ok: true, result: capProblems(ctx.overrides?.run ? withRunFlags(result, ctx.overrides.run) : result), ...failed };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      problem: { severity: 'error', code: 'reader-failed', message: `${found.reader.name} reader failed: ${message}`, range: null },
      ...failed,
    };
  }
}

const FLAG: HintProvenance = {
  origin: 'stated',
  overrides: true,
  source: (key) => `flag --${RUN_KEYS.find((k) => k.key === key)?.name ?? key}`,
};

/** CLI run flags (`--tp 8 --micro-batch 2`) win over the file: applied here, after any reader, to every run of the file. */
function withRunFlags(result: ReadResult, run: RunHints): ReadResult {
  const { plan, fields } = applyRunHints(result.plan, result.fields, run, FLAG);
  const entries = result.entries?.map((e) => ({ ...e, ...applyRunHints(e.plan, e.fields, run, FLAG) }));
  return { ...result, plan, fields, ...(entries ? { entries } : {}) };
}
