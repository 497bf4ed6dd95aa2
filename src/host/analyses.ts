// Per-document analysis, cached by (uri, version): reading and estimating a config takes about
// a millisecond, so it runs synchronously once the engine is loaded, and a result is always for
// the exact text it was computed from (never stale over newer text).

import * as vscode from 'vscode';
import type { Analysis } from '../configs/analyze';
import type { ModelResolution } from '../configs/resolve/modelResolver';
import type { ScalingLaw } from '../core/laws/types';
import type { FlopConvention } from '../core/model';
import type { HintSpec, LensSpec } from '../editor/present';
import type { Settings } from './settings';
import type { Log } from './log';

type Engine = typeof import('../editor/engine');

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
}

/** VS Code's own cap on a line's hints (`editor.inlayHints.maximumLength`, 0 = none): ours must fit under it. */
function editorHintLimit(doc: vscode.TextDocument): number {
  const limit = vscode.workspace.getConfiguration('editor.inlayHints', doc).get<number>('maximumLength', 43);
  return limit > 0 ? limit : Number.POSITIVE_INFINITY;
}

export class DocumentAnalyses implements vscode.Disposable {
  private readonly cache = new Map<string, DocumentAnalysis>();
  private engine: Engine | undefined;
  private enginePromise: Promise<Engine> | undefined;
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Fires when cached analyses were dropped (settings changed). */
  readonly onDidInvalidate = this.changed.event;

  constructor(
    private settings: () => Settings,
    private readonly log: Log,
    /** Custom and fitted laws (see laws.ts), selectable like the built-in ones. */
    private readonly extraLaws: () => readonly ScalingLaw[] = () => [],
    /** Models the table lacks, looked up for the file (modelLookups.ts); absent in tests. */
    private readonly lookups?: { models(uri: string): ReadonlyMap<string, ModelResolution> | undefined; request(doc: vscode.TextDocument, ids: readonly string[]): void },
  ) {}

  /** The law the settings select, or the default with a note when that id is unknown. */
  lawFor(engine: Engine): { law: ScalingLaw; note?: string } {
    const id = this.settings().law;
    const law = engine.findLaw(id, this.extraLaws());
    if (law) return { law };
    const note = `Unknown law "${id}" in scalingLens.law; ${engine.DEFAULT_LAW_ID} used.`;
    this.log.errorOnce(`law:${id}`, note);
    return { law: engine.findLaw(engine.DEFAULT_LAW_ID)!, note };
  }

  async load(): Promise<Engine> {
    if (this.engine) return this.engine;
    this.enginePromise ??= import('../editor/engine');
    this.engine = await this.enginePromise;
    return this.engine;
  }

  /** Drops everything (settings changed): the next request recomputes. */
  invalidate(): void {
    this.cache.clear();
    this.changed.fire(vscode.Uri.parse('scaling-lens:all'));
  }

  forget(uri: vscode.Uri): void {
    this.cache.delete(uri.toString());
  }

  /** forget() by the uri's string form. */
  forgetKey(uri: string): void {
    this.cache.delete(uri);
  }

  /** The analysis of the document as it is now. */
  async get(doc: vscode.TextDocument): Promise<DocumentAnalysis> {
    const engine = await this.load();
    return this.compute(engine, doc);
  }

  /** Only if the engine is loaded and the text is unchanged since the last analysis. */
  peek(doc: vscode.TextDocument): DocumentAnalysis | undefined {
    const hit = this.cache.get(doc.uri.toString());
    return hit && hit.version === doc.version ? hit : undefined;
  }

  private compute(engine: Engine, doc: vscode.TextDocument): DocumentAnalysis {
    const key = doc.uri.toString();
    const hit = this.cache.get(key);
    if (hit && hit.version === doc.version) return hit;
    const settings = this.settings();
    const text = doc.getText();
    let analysis: Analysis | null = null;
    let lawNote: string | undefined;
    let runOptions: { law?: ScalingLaw; convention: FlopConvention } = { convention: settings.flopsConvention };
    const skipped = text.length > engine.MAX_CONFIG_BYTES ? `${(text.length / 1e6).toFixed(1)} MB is over the ${engine.MAX_CONFIG_BYTES / 1e6} MB limit for a training config: not read` : undefined;
    if (skipped) this.log.errorOnce(`skipped:${key}`, `${doc.fileName}: ${skipped}`);
    if (!skipped) {
      const chosen = this.lawFor(engine);
      const law = chosen.law;
      lawNote = chosen.note;
      runOptions = { ...(law ? { law } : {}), convention: settings.flopsConvention };
      try {
        const models = this.lookups?.models(key);
        analysis = engine.analyze(text, doc.fileName, { ctx: { defaults: settings.hardware, ...(models ? { models } : {}) }, law, convention: settings.flopsConvention });
        // A model neither the table nor an earlier lookup knows: look it up; the file is read again when that ends.
        const unresolved = analysis.ok ? analysis.result.unresolvedModels : undefined;
        if (unresolved?.length) this.lookups?.request(doc, unresolved.map((u) => u.id));
      } catch (e) {
        // Readers must not throw; if one does, the file gets a diagnostic and the log a line, once.
        const message = e instanceof Error ? e.message : String(e);
        this.log.errorOnce(`${key}:${message}`, `${doc.fileName}: analysis failed: ${message}`);
        analysis = { ok: false, problem: { severity: 'error', code: 'analysis-failed', message: `Scaling Lens could not analyse this file: ${message}`, range: null } };
      }
      if (analysis && !analysis.ok && analysis.problem.code === 'reader-failed') {
        this.log.errorOnce(`${key}:${analysis.problem.message}`, `${doc.fileName}: ${analysis.problem.message}`);
      }
      // analyze() detects the format itself: a file that is not a config gets nothing, no law note either.
      if (analysis && !analysis.ok && analysis.problem.code === 'not-a-config') {
        analysis = null;
        lawNote = undefined;
      }
    }
    const hints = analysis?.ok ? engine.hintSpecs(analysis.result, analysis.estimate, { ...settings.hints, maxLength: Math.min(settings.hints.maxLength, editorHintLimit(doc)) }) : [];
    // A lens line has no VS Code length cap of its own (inlay hints have one): only ours applies.
    // One lens per run: a torchtitan config_registry.py gets one above each function.
    const lenses = analysis?.ok && settings.hints.summary ? engine.summaryLenses(engine.analysedRuns(analysis, runOptions), settings.hints.maxLength) : [];
    const result: DocumentAnalysis = { uri: key, version: doc.version, analysis, hints, lenses, ...(lawNote ? { lawNote } : {}), ...(skipped ? { skipped } : {}) };
    this.cache.set(key, result);
    return result;
  }

  dispose(): void {
    this.changed.dispose();
    this.cache.clear();
  }
}
