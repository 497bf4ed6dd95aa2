// Every law the editor can use: the built-in ones, custom formulas from the
// scalingLens.customLaws setting, and laws fitted to the user's runs (kept in workspace state).

import * as vscode from 'vscode';
import type { FitResult } from '../core/fit/fitLaw';
import type { ScalingLaw } from '../core/laws/types';
import type { DocumentAnalyses } from './analyses';
import type { Log } from './log';

const FITS_KEY = 'scalingLens.fittedLaws';

export class Laws implements vscode.Disposable {
  private custom: ScalingLaw[] = [];
  private fitted: ScalingLaw[] = [];
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
    return [...this.custom, ...this.fitted];
  }

  fits(): Record<string, FitResult> {
    return { ...(this.state.get<Record<string, FitResult>>(FITS_KEY) ?? {}) };
  }

  /** Re-reads the customLaws setting and the stored fits. */
  async reload(): Promise<void> {
    const engine = await this.analyses.load();
    // In an untrusted workspace VS Code withholds the workspace's value of this setting
    // (package.json restrictedConfigurations): a formula from a repository is never evaluated.
    const setting = vscode.workspace.getConfiguration('scalingLens').get<unknown>('customLaws');
    const empty = setting == null || (Array.isArray(setting) ? setting.length === 0 : typeof setting === 'object' && Object.keys(setting).length === 0);
    if (empty) {
      this.custom = [];
    } else {
      const { compileCustomLaws } = await import('./customLaws');
      const { laws, errors } = compileCustomLaws(setting);
      this.custom = laws;
      for (const e of errors) {
        const message = `Custom law "${e.name}" skipped: ${e.error}`;
        this.log.errorOnce(`custom:${e.name}:${e.error}`, message);
        if (!this.reported.has(message)) {
          this.reported.add(message);
          void vscode.window.showWarningMessage(`Scaling Lens: ${message} (scalingLens.customLaws)`, 'Open Settings').then((choice) => {
            if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'scalingLens.customLaws');
          });
        }
      }
    }
    this.fitted = [];
    for (const [name, raw] of Object.entries(this.fits())) {
      try {
        this.fitted.push(engine.lawFromFit(engine.readFitResult(raw)));
      } catch (e) {
        this.log.errorOnce(`fit:${name}`, `Stored fit "${name}" is unreadable and was skipped: ${e instanceof Error ? e.message : String(e)}`);
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
