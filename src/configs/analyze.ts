// Config text -> ReadResult -> Estimate, the one path the editor, the panels and the CLI share.

import { estimate, type Assumption, type Estimate, type FlopConvention, type ScalingLaw } from '../core/index';
import { readConfig } from './index';
import type { Field, Problem, ReadContext, ReadResult } from './types';

export interface AnalyzeOptions {
  readonly ctx?: ReadContext;
  readonly law?: ScalingLaw;
  readonly convention?: FlopConvention;
}

export type Analysis = ({ readonly ok: true; readonly result: ReadResult; readonly estimate: Estimate } | { readonly ok: false; readonly problem: Problem }) & {
  /** Detectors that threw on the file (configs/index.ts detectFormat). */
  readonly detectorFailures?: readonly string[];
};

/** Reader fields that are defaults or assumptions of their own (not merely derived from one). */
export function fieldAssumptions(fields: readonly Field[]): Assumption[] {
  return fields
    .filter((f) => !f.inherited && (f.origin === 'default' || f.origin === 'assumed'))
    .map((f) => ({ field: f.key, value: f.value, origin: f.origin, note: f.note ?? (f.origin === 'default' ? 'framework default' : 'assumed') }));
}

/**
 * Reads and estimates. A config with errors (an impossible value) is still estimated from what
 * could be read, so the editor can show the rest; callers that must refuse it (the CLI) check
 * `result.problems` for errors.
 */
export function analyze(text: string, fileName: string, options: AnalyzeOptions = {}): Analysis {
  const outcome = readConfig(text, fileName, options.ctx ?? {});
  if (!outcome.ok) return outcome;
  return {
    ok: true,
    result: outcome.result,
    estimate: estimateOf(outcome.result, outcome.result.plan, outcome.result.fields, options),
    ...(outcome.detectorFailures ? { detectorFailures: outcome.detectorFailures } : {}),
  };
}

function estimateOf(file: ReadResult, plan: ReadResult['plan'], fields: readonly Field[], options: Omit<AnalyzeOptions, 'ctx'>): Estimate {
  const e = estimate(plan, {
    ...(options.law ? { law: options.law } : {}),
    ...(options.convention ? { convention: options.convention } : {}),
    extraAssumptions: fieldAssumptions(fields),
    ...(file.init ? { init: file.init.value } : {}),
  });
  // `# scaling-lens: ignore=under-trained`: the run is short on purpose; no surface repeats the warning.
  const ignored = file.ignoredWarnings;
  return ignored?.length ? { ...e, warnings: e.warnings.filter((w) => !ignored.includes(w.code)) } : e;
}

/** One run of an analysed file, with the line its summary belongs above. */
export interface AnalysedRun {
  /** The entry's name in a file of several runs (a torchtitan config_registry.py function). */
  readonly entry?: string;
  readonly line: number;
  readonly result: ReadResult;
  readonly estimate: Estimate;
}

/**
 * The runs of a file: one per entry of a file that defines several (each estimated with the
 * same options), else the file's own at its first line. The editor puts a summary lens above
 * each; the CLI prints each.
 */
export function analysedRuns(a: Extract<Analysis, { ok: true }>, options: Omit<AnalyzeOptions, 'ctx'> = {}): AnalysedRun[] {
  const entries = a.result.entries;
  if (!entries || entries.length === 0) return [{ line: 0, result: a.result, estimate: a.estimate }];
  return entries.map((x) => {
    const result: ReadResult = { format: a.result.format, formatName: a.result.formatName, plan: x.plan, fields: x.fields, problems: x.problems };
    return { entry: x.name, line: x.range.startLine, result, estimate: estimateOf(a.result, x.plan, x.fields, options) };
  });
}
