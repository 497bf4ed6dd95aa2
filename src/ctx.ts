// The extension's context: settings snapshot, shared services and every disposable in one
// place (rust-analyzer's Ctx). Built once at activation; nothing heavy happens here.

import * as vscode from 'vscode';
import { DocumentAnalyses } from './host/analyses';
import { AnalysisService } from './host/analysisService';
import { Laws } from './host/laws';
import { Log } from './host/log';
import { WorkerRunner } from './host/node/workerRunner';
import { ModelLookups } from './host/modelLookups';
import { readSettings, type Settings } from './host/settings';

export class Ctx implements vscode.Disposable {
  private current: Settings;
  private readonly disposables: vscode.Disposable[] = [];
  readonly log = new Log();
  readonly analyses: DocumentAnalyses;
  /** Analyses off the extension host thread; the editor and the workspace index share it. */
  readonly service: AnalysisService;
  readonly laws: Laws;
  readonly models: ModelLookups;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.current = readSettings();
    this.models = new ModelLookups(() => this.current, extension.globalStorageUri, this.log);
    // The analysis worker starts now, so the first config opened finds it warm.
    const worker = new WorkerRunner(vscode.Uri.joinPath(extension.extensionUri, 'dist', 'analysis-worker.js').fsPath, { log: (m) => this.log.errorOnce(m, m) });
    this.service = new AnalysisService(worker, () => this.current.analysis.timeBudgetMs);
    this.analyses = new DocumentAnalyses(() => this.current, this.log, this.service, this.models);
    this.laws = new Laws(extension.workspaceState, this.analyses, this.log);
    // A lookup that ended changes the document's reading: drop its cached analysis.
    this.push(this.models.onDidResolve((uri) => this.analyses.forgetKey(uri)));
    this.push(this.log, this.models, this.service, this.analyses, this.laws);
    extension.subscriptions.push(this);
  }

  get settings(): Settings {
    return this.current;
  }

  /** Re-reads settings; returns whether anything of ours changed. */
  reloadSettings(e: vscode.ConfigurationChangeEvent): boolean {
    if (!e.affectsConfiguration('scalingLens') && !e.affectsConfiguration('editor.inlayHints.maximumLength')) return false;
    this.current = readSettings();
    if (e.affectsConfiguration('scalingLens.hub')) this.models.retryUnresolved();
    this.analyses.invalidate();
    return true;
  }

  /** Loads custom and fitted laws (after activation: it may load mathjs); laws.onDidChange follows. */
  async loadLaws(): Promise<void> {
    await this.laws.reload();
  }

  push(...d: vscode.Disposable[]): void {
    this.disposables.push(...d);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}
