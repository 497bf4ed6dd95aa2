// Config text -> ReadResult -> Estimate, the one path the editor, the panels and the CLI share.

import { estimate, type Assumption, type Estimate, type FlopConvention, type ScalingLaw } from '../core/index';
import { readConfig } from './index';
import type { Field, Problem, ReadContext, ReadResult } from './types';

export interface AnalyzeOptions {
  readonly ctx?: ReadContext;
  readonly law?: ScalingLaw;
  readonly convention?: FlopConvention;
}

export type Analysis =
  | { readonly ok: true; readonly result: ReadResult; readonly estimate: Estimate }
  | { readonly ok: false; readonly problem: Problem };

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
  const e = estimate(outcome.result.plan, {
    ...(options.law ? { law: options.law } : {}),
    ...(options.convention ? { convention: options.convention } : {}),
    extraAssumptions: fieldAssumptions(outcome.result.fields),
  });
  // `# scaling-lens: ignore=under-trained`: the run is short on purpose; no surface repeats the warning.
  const ignored = outcome.result.ignoredWarnings;
  const kept = ignored?.length ? { ...e, warnings: e.warnings.filter((w) => !ignored.includes(w.code)) } : e;
  return { ok: true, result: outcome.result, estimate: kept };
}
