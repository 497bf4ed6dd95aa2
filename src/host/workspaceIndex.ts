// The training configs of the workspace and their estimates, kept current by file watchers.
// Built in the background after activation, in small batches; files are analysed by the same
// worker as open documents, behind the editor's requests, with the same time budget. Files over
// the size limit or with NUL bytes (binaries) are skipped with a note, never parsed; a file
// whose analysis runs over budget is skipped with that note.

import * as vscode from 'vscode';
import { indexSummary, type IndexSummary } from '../configs/indexSummary';
import { unfinishedProblem, type DocumentAnalyses } from './analyses';
import type { AnalysisService } from './analysisService';
import type { Log } from './log';
import type { Settings } from './settings';

export interface IndexedConfig {
  readonly uri: vscode.Uri;
  /** Present when the file is a training config: what the workspace views read of its analysis. */
  readonly config?: IndexSummary;
  /** Why the file was not read (too large, binary). */
  readonly skipped?: string;
}

const BATCH = 25;
const WATCH_DEBOUNCE_MS = 300;
/**
 * YAML, TOML and job scripts anywhere (configs have any name; the sniff is cheap); Python and
 * JSON only where configs live or by config-like names, since ordinary code is most of those.
 */
export const DEFAULT_INCLUDE: readonly string[] = [
  '**/*.{yaml,yml,toml,sh,slurm,sbatch}',
  '**/{config,configs,train_configs,config_hub,recipes}/**/*.py',
  '**/*{train,config}*.py',
  '**/*{config,args}*.json',
];

const yieldToEditor = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class ConfigIndex implements vscode.Disposable {
  private readonly entries = new Map<string, IndexedConfig>();
  private readonly pending = new Set<string>();
  private watchers: vscode.Disposable[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private scanning: Promise<void> | undefined;
  private generation = 0;

  constructor(
    private readonly analyses: DocumentAnalyses,
    private readonly service: AnalysisService,
    private readonly settings: () => Settings,
    private readonly log: Log,
  ) {}

  /** Orders the reads of one file: a newer read replaces an older one still waiting. */
  private reads = 0;

  private get include(): readonly string[] {
    const s = this.settings().index.include;
    return s.length ? s : DEFAULT_INCLUDE;
  }

  /** Training configs found so far (files that are not configs are left out). */
  configs(): IndexedConfig[] {
    return [...this.entries.values()].filter((e) => e.config);
  }

  skipped(): IndexedConfig[] {
    return [...this.entries.values()].filter((e) => e.skipped);
  }

  /** (Re)builds the index; resolves when the first full scan is done. */
  rebuild(): Promise<void> {
    const gen = ++this.generation;
    this.service.dropIndexRequests();
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    this.entries.clear();
    for (const glob of this.include) {
      const w = vscode.workspace.createFileSystemWatcher(glob);
      w.onDidCreate((u) => this.queue(u));
      w.onDidChange((u) => this.queue(u));
      w.onDidDelete((u) => {
        if (this.entries.delete(u.toString())) this.emitter.fire();
      });
      this.watchers.push(w);
    }
    this.scanning = this.scan(gen);
    return this.scanning;
  }

  /** Resolves when the current scan has finished. */
  ready(): Promise<void> {
    return this.scanning ?? this.rebuild();
  }

  private async scan(gen: number): Promise<void> {
    const { exclude } = this.settings().index;
    const found = new Map<string, vscode.Uri>();
    for (const glob of this.include) {
      for (const uri of await vscode.workspace.findFiles(glob, exclude, 5000)) found.set(uri.toString(), uri);
    }
    const uris = [...found.values()];
    for (let i = 0; i < uris.length; i += BATCH) {
      if (gen !== this.generation) return;
      await Promise.all(uris.slice(i, i + BATCH).map((u) => this.indexFile(u)));
      await yieldToEditor();
    }
    if (gen === this.generation) this.emitter.fire();
  }

  private queue(uri: vscode.Uri): void {
    this.pending.add(uri.toString());
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => void this.flush(), WATCH_DEBOUNCE_MS);
  }

  private async flush(): Promise<void> {
    this.flushTimer = undefined;
    const uris = [...this.pending].map((s) => vscode.Uri.parse(s));
    this.pending.clear();
    for (const u of uris) await this.indexFile(u);
    if (uris.length) this.emitter.fire();
  }

  /** Reads and analyses one file; public for the benchmark. */
  async indexFile(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    try {
      const limit = this.settings().index.maxFileSizeKB * 1024;
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > limit) {
        this.skip(uri, `${Math.round(stat.size / 1024)} KB is over scalingLens.index.maxFileSizeKB (${limit / 1024} KB); not read`);
        return;
      }
      const bytes = await vscode.workspace.fs.readFile(uri);
      if (bytes.includes(0)) {
        this.skip(uri, 'binary file (NUL bytes); not read');
        return;
      }
      // The bytes go to the worker and are decoded there: a workspace of megabyte files costs this
      // thread a copy of the bytes (a memcpy into a buffer of our own, which then moves to the
      // worker: VS Code's buffer is never detached), not the decoding and the string's clone (issue 13).
      const outcome = await this.service.analyse(
        `index:${key}`,
        ++this.reads,
        { text: bytes.slice(), fileName: uri.path, settings: this.analyses.analysisSettings() },
        'index',
      );
      if (outcome.kind === 'timeout') {
        this.skip(uri, unfinishedProblem(outcome).problem.message);
        return;
      }
      if (outcome.kind === 'failed') throw new Error(outcome.message);
      const a = outcome.value.analysis;
      if (a?.ok) this.entries.set(key, { uri, config: indexSummary(a) });
      else this.entries.delete(key);
    } catch (e) {
      this.entries.delete(key);
      this.log.errorOnce(`index:${key}`, `index: ${uri.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Skipped files are listed (skipped()) and named once in the output channel: never silent. */
  private skip(uri: vscode.Uri, why: string): void {
    this.entries.set(uri.toString(), { uri, skipped: why });
    this.log.errorOnce(`index-skip:${uri.toString()}`, `workspace index: ${vscode.workspace.asRelativePath(uri)}: ${why}`);
  }

  dispose(): void {
    this.generation++;
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    for (const w of this.watchers) w.dispose();
    this.emitter.dispose();
  }
}
