// Every law the editor can use: the built-in ones, custom formulas from the
// scalingLens.customLaws setting, and laws fitted to the user's runs (kept in workspace state).

import * as vscode from 'vscode';
import type { FitResult } from '../core/fit/fitLaw';
import type { ScalingLaw } from '../core/laws/types';
import { hasExtraLaws, type LawSources } from './lawSources';
import { loadEngine } from './engine';
import type { DocumentAnalyses } from './analyses';
import type { Log } from './log';

const FITS_KEY = 'scalingLens.fittedLaws';

/**
 * A copy of a settings or state value as plain JSON data: VS Code hands out setting objects as
 * proxies, which cannot be posted to the analysis worker (structured clone refuses them).
 */
function plain<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

export class Laws implements vscode.Disposable {
  /** Custom laws first, then fitted ones. */
  private laws: ScalingLaw[] = [];
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly reported = new Set<string>();

  constructor(
    private readonly state: vscode.Memento,
    private readonly analyses: DocumentAnalyses,
    private readonly log: Log,
  ) {}

  /** Custom and fitted laws, for `findLaw(id, extra)`. */
  extra(): readonly ScalingLaw[] {
    return this.laws;
  }

  fits(): Record<string, FitResult> {
    return { ...(this.state.get<Record<string, FitResult>>(FITS_KEY) ?? {}) };
  }

  /**
   * Re-reads the customLaws setting and the stored fits, hands them to the analysis worker and
   * builds them here too (the curves and the budget calculator draw them). With neither, the
   * engine is not loaded at all.
   */
  async reload(): Promise<void> {
    // In an untrusted workspace VS Code withholds the workspace's value of this setting
    // (package.json restrictedConfigurations): a formula from a repository is never evaluated.
    const sources: LawSources = { custom: plain(vscode.workspace.getConfiguration('scalingLens').get<unknown>('customLaws')), fits: plain(this.fits()) };
    this.analyses.setLaws(sources);
    if (!hasExtraLaws(sources)) {
      this.laws = [];
      this.emitter.fire();
      return;
    }
    const engine = await loadEngine();
    const { laws, errors } = await engine.buildLaws(sources);
    this.laws = laws;
    for (const e of errors) {
      if (e.kind === 'fit') {
        this.log.errorOnce(`fit:${e.name}`, `Stored fit "${e.name}" is unreadable and was skipped: ${e.error}`);
        continue;
      }
      const message = `Custom law "${e.name}" skipped: ${e.error}`;
      this.log.errorOnce(`custom:${e.name}:${e.error}`, message);
      if (!this.reported.has(message)) {
        this.reported.add(message);
        void vscode.window.showWarningMessage(`Scaling Lens: ${message} (scalingLens.customLaws)`, 'Open Settings').then((choice) => {
          if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'scalingLens.customLaws');
        });
      }
    }
    this.emitter.fire();
  }

  async saveFit(fit: FitResult): Promise<void> {
    await this.state.update(FITS_KEY, { ...this.fits(), [fit.name]: fit });
    await this.reload();
  }

  async forgetFit(name: string): Promise<void> {
    const fits = this.fits();
    delete fits[name];
    await this.state.update(FITS_KEY, fits);
    await this.reload();
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
