// Per-document analysis, cached by (uri, version). Reading and estimating run in the analysis
// worker (src/host/analysisService.ts), off the extension host thread, with a time budget: a
// file that takes longer gets one "not analysed" problem instead of stopping the editor. A
// result is always for the exact text it was computed from (never stale over newer text), and
// for the document it was computed from: an untitled name is reused at once ("Untitled-1"
// closed, a new "Untitled-1" opened, both at version 1), so entries also hold the TextDocument
// they belong to and a new document never gets its predecessor's hints or diagnostics.

import * as vscode from 'vscode';
import type { Analysis } from '../configs/analyze';
import { MAX_CONFIG_BYTES } from '../configs/limits';
import type { ModelResolution } from '../configs/resolve/modelResolver';
import type { FileResolution } from '../configs/resolve/referencedFiles';
import type { HintSpec, LensSpec } from '../editor/present';
import type { AnalysisOutcome, AnalysisSettings } from './analysis';
import type { QueueOutcome } from './analysisQueue';
import type { AnalysisService } from './analysisService';
import type { LawSources } from './lawSources';
import type { Log } from './log';
import type { Settings } from './settings';

export interface DocumentAnalysis {
  readonly uri: string;
  readonly version: number;
  /** null: not a training config. */
  readonly analysis: Analysis | null;
  readonly hints: readonly HintSpec[];
  /** The summary CodeLens(es): one per training config in the file (empty when the summary is off). */
  readonly lenses: readonly LensSpec[];
  /** Set when the chosen law is unknown and the default was used. */
  readonly lawNote?: string;
  /** Why the file was not read at all (too large): shown, never silent. */
  readonly skipped?: string;
  /** The status bar's text and tooltip (Markdown) for a readable config. */
  readonly status?: { readonly text: string; readonly tooltip: string };
}

/** VS Code's own cap on a line's hints (`editor.inlayHints.maximumLength`, 0 = none): ours must fit under it. */
function editorHintLimit(doc: vscode.TextDocument): number {
  const limit = vscode.workspace.getConfiguration('editor.inlayHints', doc).get<number>('maximumLength', 43);
  return limit > 0 ? limit : Number.POSITIVE_INFINITY;
}

/** The problem a file gets when its analysis did not finish: on its first line, saying why and what to change. */
export function unfinishedProblem(outcome: Exclude<QueueOutcome<AnalysisOutcome>, { kind: 'done' }>): Extract<Analysis, { ok: false }> {
  return outcome.kind === 'timeout'
    ? {
        ok: false,
        problem: {
          severity: 'warning',
          code: 'analysis-timeout',
          message: `Not analysed: took longer than ${outcome.budgetMs} ms (scalingLens.analysis.timeBudgetMs raises the limit).`,
          range: null,
        },
      }
    : {
        ok: false,
        problem: { severity: 'error', code: 'analysis-failed', message: `Scaling Lens could not analyse this file: ${outcome.message}`, range: null },
      };
}

export class DocumentAnalyses implements vscode.Disposable {
  private readonly cache = new Map<string, { readonly doc: vscode.TextDocument; readonly value: DocumentAnalysis }>();
  /** Requests on their way to the worker, so the providers asking about one version share one. */
  private readonly inflight = new Map<string, { readonly doc: vscode.TextDocument; readonly version: number; readonly result: Promise<DocumentAnalysis> }>();
  /** Bumped when settings or laws change: results computed before are not cached. */
  private generation = 0;
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Fires when cached analyses were dropped (settings changed). */
  readonly onDidInvalidate = this.changed.event;

  constructor(
    private settings: () => Settings,
    private readonly log: Log,
    private readonly service: AnalysisService,
    /** Models the table lacks and files the config points at, looked up for the file (modelLookups.ts); absent in tests. */
    private readonly lookups?: {
      models(uri: string): ReadonlyMap<string, ModelResolution> | undefined;
      request(doc: vscode.TextDocument, ids: readonly string[]): void;
      files(uri: string): ReadonlyMap<string, FileResolution> | undefined;
      requestFiles(doc: vscode.TextDocument, paths: readonly string[]): void;
    },
  ) {}

  /** What one analysis depends on; `doc` undefined: the workspace index (no hints or lenses). */
  analysisSettings(doc?: vscode.TextDocument): AnalysisSettings {
    const s = this.settings();
    return {
      law: s.law,
      convention: s.flopsConvention,
      hardware: s.hardware,
      present: doc
        ? {
            params: s.hints.params,
            tokens: s.hints.tokens,
            summary: s.hints.summary,
            hintMaxLength: Math.min(s.hints.maxLength, editorHintLimit(doc)),
            lensMaxLength: s.hints.maxLength,
          }
        : null,
    };
  }

  /** Custom and fitted laws changed: the worker rebuilds them; every analysis is redone. */
  setLaws(sources: LawSources): void {
    this.service.setLaws(sources);
    this.invalidate();
  }

  /** Drops everything (settings changed): the next request recomputes. */
  invalidate(): void {
    this.generation++;
    this.cache.clear();
    this.inflight.clear();
    this.changed.fire(vscode.Uri.parse('scaling-lens:all'));
  }

  forget(uri: vscode.Uri): void {
    this.cache.delete(uri.toString());
    this.inflight.delete(uri.toString());
  }

  /** The analysis of the document as it is now (or, if it changed meanwhile, as it is then: compare `version`). */
  get(doc: vscode.TextDocument): Promise<DocumentAnalysis> {
    const key = doc.uri.toString();
    const hit = this.peek(doc);
    if (hit) return Promise.resolve(hit);
    const running = this.inflight.get(key);
    if (running && running.doc === doc && running.version === doc.version) return running.result;
    const result = this.compute(doc, key);
    this.inflight.set(key, { doc, version: doc.version, result });
    return result;
  }

  /** forget() by the uri's string form: a model lookup for the file ended, so its reading changes. */
  forgetKey(uri: string): void {
    this.cache.delete(uri);
    this.inflight.delete(uri);
  }

  /** Only if the text is unchanged since the last analysis. */
  peek(doc: vscode.TextDocument): DocumentAnalysis | undefined {
    const hit = this.cache.get(doc.uri.toString());
    return hit && hit.doc === doc && hit.value.version === doc.version ? hit.value : undefined;
  }

  private async compute(doc: vscode.TextDocument, key: string): Promise<DocumentAnalysis> {
    const generation = this.generation;
    const text = doc.getText();
    let result: DocumentAnalysis;
    if (text.length > MAX_CONFIG_BYTES) {
      const skipped = `${(text.length / 1e6).toFixed(1)} MB is over the ${MAX_CONFIG_BYTES / 1e6} MB limit for a training config: not read`;
      this.log.errorOnce(`skipped:${key}`, `${doc.fileName}: ${skipped}`);
      result = { uri: key, version: doc.version, analysis: null, hints: [], lenses: [], skipped };
    } else {
      const models = this.lookups?.models(key);
      const files = this.lookups?.files(key);
      const outcome = await this.service.analyse(
        key,
        doc.version,
        { text, fileName: doc.fileName, settings: this.analysisSettings(doc), ...(models ? { models } : {}), ...(files ? { files } : {}) },
        'editor',
      );
      result = this.toDocumentAnalysis(key, doc.fileName, outcome);
      // A model neither the table nor an earlier lookup knows: look it up; the file is read again when that ends.
      const unresolved = result.analysis?.ok ? result.analysis.result.unresolvedModels : undefined;
      if (unresolved?.length)
        this.lookups?.request(
          doc,
          unresolved.map((u) => u.id),
        );
      // A file the config points at (a DeepSpeed JSON): read it; the config is read again when that ends.
      const unread = result.analysis?.ok ? result.analysis.result.unresolvedFiles : undefined;
      if (unread?.length)
        this.lookups?.requestFiles(
          doc,
          unread.map((u) => u.path),
        );
    }
    if (generation === this.generation) {
      const cached = this.cache.get(key);
      if (!cached || cached.doc !== doc || cached.value.version <= result.version) this.cache.set(key, { doc, value: result });
      const running = this.inflight.get(key);
      if (running?.doc === doc && running.version === doc.version) this.inflight.delete(key);
    }
    return result;
  }

  private toDocumentAnalysis(key: string, fileName: string, outcome: QueueOutcome<AnalysisOutcome>): DocumentAnalysis {
    if (outcome.kind !== 'done') {
      const analysis = unfinishedProblem(outcome);
      this.log.errorOnce(`${key}:${analysis.problem.message}`, `${fileName}: ${analysis.problem.message}`);
      return { uri: key, version: outcome.version, analysis, hints: [], lenses: [] };
    }
    const o = outcome.value;
    // Readers must not throw; if one does, the file gets a diagnostic and the log a line, once.
    if (o.analysis && !o.analysis.ok && (o.analysis.problem.code === 'reader-failed' || o.analysis.problem.code === 'analysis-failed')) {
      this.log.errorOnce(`${key}:${o.analysis.problem.message}`, `${fileName}: ${o.analysis.problem.message}`);
    }
    // A detector that throws is a bug like a reader failure: logged once per message (not per file).
    for (const failure of o.detectorFailures ?? []) this.log.errorOnce(`detector:${failure}`, `${fileName}: ${failure}`);
    if (o.lawNote) this.log.errorOnce(`law:${o.lawNote}`, o.lawNote);
    const { detectorFailures: _logged, ...shown } = o;
    return { uri: key, version: outcome.version, ...shown };
  }

  dispose(): void {
    this.changed.dispose();
    this.cache.clear();
    this.inflight.clear();
  }
}
