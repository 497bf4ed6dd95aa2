// configs.read(text, fileName) -> ReadResult: picks the reader whose detector is most sure.

import type { Problem, ReadContext, ReadResult, Reader } from './types';
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
import { MAX_CONFIG_BYTES } from './limits';

export type { Field, FieldRole, FormatId, HardwareHints, Problem, ReadContext, ReadResult, Reader } from './types';

/** Order matters only for ties: more specific formats first. */
export const READERS: readonly Reader[] = [
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

export function detectFormat(text: string, fileName: string): { reader: Reader; score: number } | null {
  let best: { reader: Reader; score: number } | null = null;
  for (const reader of READERS) {
    let score: number;
    try {
      score = reader.detect(text, fileName);
    } catch {
      continue; // a detector that throws has not recognised the file
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
  const more: Problem = { severity: 'info', code: 'more-problems', message: `and ${(problems.length - MAX_PROBLEMS).toLocaleString('en-US')} more problems in this file, not shown`, range: null };
  return { ...result, problems: [...kept, more] };
}

export type ReadOutcome = { readonly ok: true; readonly result: ReadResult } | { readonly ok: false; readonly problem: Problem };

/**
 * Reads a training config. `ok: false` when the file is not one (a CI workflow, a
 * docker-compose file) or a reader failed unexpectedly; the problem says which.
 */
export function readConfig(text: string, fileName: string, ctx: ReadContext = {}): ReadOutcome {
  if (text.length > MAX_CONFIG_BYTES) {
    return { ok: false, problem: { severity: 'error', code: 'too-large', message: `${(text.length / 1e6).toFixed(1)} MB is too large for a training config (limit ${MAX_CONFIG_BYTES / 1e6} MB); not read`, range: null } };
  }
  const found = detectFormat(text, fileName);
  if (!found) {
    return { ok: false, problem: { severity: 'error', code: 'not-a-config', message: 'not a training config Scaling Lens can read (no known framework keys found)', range: null } };
  }
  try {
    return { ok: true, result: capProblems(found.reader.read(text, fileName, ctx)) };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { ok: false, problem: { severity: 'error', code: 'reader-failed', message: `${found.reader.name} reader failed: ${message}`, range: null } };
  }
}
