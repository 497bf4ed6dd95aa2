// The extension's context: settings snapshot, shared services and every disposable in one
// place (rust-analyzer's Ctx). Built once at activation; nothing heavy happens here.

import * as vscode from 'vscode';
import { DocumentAnalyses } from './host/analyses';
import { AnalysisService } from './host/analysisService';
import { Laws } from './host/laws';
import { Log } from './host/log';
import { WorkerRunner } from './host/node/workerRunner';
import { readSettings, type Settings } from './host/settings';

export class Ctx implements vscode.Disposable {
  private current: Settings;
  private readonly disposables: vscode.Disposable[] = [];
  readonly log = new Log();
  readonly analyses: DocumentAnalyses;
  /** Analyses off the extension host thread; the editor and the workspace index share it. */
  readonly service: AnalysisService;
  readonly laws: Laws;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.current = readSettings();
    // The analysis worker starts now, so the first config opened finds it warm.
    const worker = new WorkerRunner(vscode.Uri.joinPath(extension.extensionUri, 'dist', 'analysis-worker.js').fsPath, { log: (m) => this.log.errorOnce(m, m) });
    this.service = new AnalysisService(worker, () => this.current.analysis.timeBudgetMs);
    this.analyses = new DocumentAnalyses(() => this.current, this.log, this.service);
    this.laws = new Laws(extension.workspaceState, this.analyses, this.log);
    this.push(this.log, this.service, this.analyses, this.laws);
    extension.subscriptions.push(this);
  }

  get settings(): Settings {
    return this.current;
  }

  /** Re-reads settings; returns whether anything of ours changed. */
  reloadSettings(e: vscode.ConfigurationChangeEvent): boolean {
    if (!e.affectsConfiguration('scalingLens') && !e.affectsConfiguration('editor.inlayHints.maximumLength')) return false;
    this.current = readSettings();
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
