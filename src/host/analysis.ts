// One analysis: config text + settings in, what the editor shows out. Pure (no vscode, no
// Node) so the same code runs in the analysis worker, in unit tests and in the benchmark. Its
// input and output cross a thread boundary by structured clone: plain data only, no functions
// or class instances (test/unit/analysis-worker.test.ts checks every fixture).

import { analysedRuns, analyze, type Analysis } from '../configs/analyze';
import type { HardwareHints } from '../configs/types';
import type { ModelResolution } from '../configs/resolve/modelResolver';
import type { FileResolution } from '../configs/resolve/referencedFiles';
import { DEFAULT_LAW_ID, findLaw } from '../core/laws/index';
import type { ScalingLaw } from '../core/laws/types';
import type { FlopConvention } from '../core/model';
import { lawFromFit, readFitResult } from '../core/fit/index';
import { customLawsSet, type LawSources } from './lawSources';
import { hintSpecs, statusText, summaryLenses, summaryMarkdown, type HintSpec, type LensSpec } from '../editor/present';

/** The settings one analysis depends on (a snapshot: the worker keeps none between requests). */
export interface AnalysisSettings {
  /** `scalingLens.law`: a built-in, `custom:<name>` or `fit:<name>` id. */
  readonly law: string;
  readonly convention: FlopConvention;
  readonly hardware: HardwareHints;
  /** What the editor shows; null for the workspace index, which needs the analysis only. */
  readonly present: {
    readonly params: boolean;
    readonly tokens: boolean;
    readonly summary: boolean;
    /** Inlay hints: ours, capped by VS Code's `editor.inlayHints.maximumLength`. */
    readonly hintMaxLength: number;
    /** Summary lenses: ours only (VS Code caps no CodeLens). */
    readonly lensMaxLength: number;
  } | null;
}

export interface AnalysisRequest {
  /**
   * The file's text, or its UTF-8 bytes: the workspace index sends the bytes it read, transferred
   * to the worker without a copy and decoded there, so a workspace of megabyte files costs the
   * extension host's thread neither the decoding nor the copy of the string (issue 13).
   */
  readonly text: string | Uint8Array;
  readonly fileName: string;
  readonly settings: AnalysisSettings;
  /** Models the table lacks, found for this file (local path, HF cache, Hub): a Map clones. */
  readonly models?: ReadonlyMap<string, ModelResolution>;
  /** Files the config points at (a DeepSpeed JSON), read for it by the host: a Map clones. */
  readonly files?: ReadonlyMap<string, FileResolution>;
}

export interface AnalysisOutcome {
  /** null: not a training config. */
  readonly analysis: Analysis | null;
  readonly hints: readonly HintSpec[];
  /** One summary lens per run of the file (empty when the summary is off). */
  readonly lenses: readonly LensSpec[];
  /** Set when the chosen law is unknown and the default was used. */
  readonly lawNote?: string;
  /** The status bar's text and tooltip (Markdown) for a readable config. */
  readonly status?: { readonly text: string; readonly tooltip: string };
  /** Format detectors that threw (bugs, logged once by the host), even when no format matched. */
  readonly detectorFailures?: readonly string[];
}

/**
 * Custom and fitted laws from their sources, with what could not be used and why (the host
 * reports those; the worker only needs the laws). mathjs loads only when a custom law is set.
 */
export async function buildLaws(sources: LawSources): Promise<{ laws: ScalingLaw[]; errors: Array<{ kind: 'custom' | 'fit'; name: string; error: string }> }> {
  const laws: ScalingLaw[] = [];
  const errors: Array<{ kind: 'custom' | 'fit'; name: string; error: string }> = [];
  if (customLawsSet(sources.custom)) {
    const { compileCustomLaws } = await import('./customLaws.lazy');
    const compiled = compileCustomLaws(sources.custom);
    laws.push(...compiled.laws);
    for (const e of compiled.errors) errors.push({ kind: 'custom', name: e.name, error: e.error });
  }
  for (const [name, raw] of Object.entries(sources.fits)) {
    try {
      laws.push(lawFromFit(readFitResult(raw)));
    } catch (e) {
      errors.push({ kind: 'fit', name, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return { laws, errors };
}

/** The law the settings select, or the default with a note when that id is unknown. */
export function chooseLaw(id: string, extra: readonly ScalingLaw[]): { law: ScalingLaw; note?: string } {
  const law = findLaw(id, extra);
  if (law) return { law };
  return { law: findLaw(DEFAULT_LAW_ID)!, note: `Unknown law "${id}" in scalingLens.law; ${DEFAULT_LAW_ID} used.` };
}

/** Reads, estimates and places hints and lenses. Never throws: a reader that does becomes the file's problem. */
export function analyseText(request: AnalysisRequest, extraLaws: readonly ScalingLaw[]): AnalysisOutcome {
  const { settings } = request;
  const chosen = chooseLaw(settings.law, extraLaws);
  const options = { law: chosen.law, convention: settings.convention };
  let analysis: Analysis | null;
  try {
    const text = typeof request.text === 'string' ? request.text : new TextDecoder('utf-8').decode(request.text);
    analysis = analyze(text, request.fileName, {
      ctx: { defaults: settings.hardware, ...(request.models ? { models: request.models } : {}), ...(request.files ? { files: request.files } : {}) },
      ...options,
    });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    analysis = {
      ok: false,
      problem: { severity: 'error', code: 'analysis-failed', message: `Scaling Lens could not analyse this file: ${message}`, range: null },
    };
  }
  const failures = analysis.detectorFailures ? { detectorFailures: analysis.detectorFailures } : {};
  // analyze() detects the format itself: a file that is not a config gets nothing, no law note either.
  if (!analysis.ok && analysis.problem.code === 'not-a-config') return { analysis: null, hints: [], lenses: [], ...failures };
  const note = { ...(chosen.note ? { lawNote: chosen.note } : {}), ...failures };
  const p = settings.present;
  if (!analysis.ok || !p) return { analysis, hints: [], lenses: [], ...note };
  const hints = hintSpecs(analysis.result, analysis.estimate, { params: p.params, tokens: p.tokens, memory: true, maxLength: p.hintMaxLength });
  // One lens per run: a torchtitan config_registry.py gets one above each function.
  const lenses = p.summary ? summaryLenses(analysedRuns(analysis, options), p.lensMaxLength) : [];
  const status = { text: statusText(analysis.estimate), tooltip: summaryMarkdown(analysis.result, analysis.estimate) };
  return { analysis, hints, lenses, ...note, status };
}
