// Runs analyses in a Node worker thread (desktop VS Code and code-server both give extensions a
// Node extension host). Started at activation so the first keystroke finds it warm; after a
// reset (an analysis over its time budget) the old thread is ended and a new one started at
// once. A worker that dies (out of memory, a crash) fails its request and is started again on
// the next one.

import { Worker } from 'node:worker_threads';
import type { AnalysisOutcome, AnalysisRequest } from '../analysis';
import type { LawSources } from '../lawSources';
import type { AnalysisRunner } from '../analysisQueue';
import type { FromWorker, ToWorker } from './protocol';

/** Heap of one analysis worker: an 8 MB config takes up to ~0.5 GB (BENCHMARKS.md). */
export const WORKER_HEAP_MB = 1024;

export interface WorkerRunnerOptions {
  /** Node options of the worker (tests run the TypeScript entry with `--import tsx`). */
  readonly execArgv?: readonly string[];
  readonly heapMb?: number;
  /** Where the worker's own troubles go (the output channel). */
  readonly log?: (message: string) => void;
}

interface Pending {
  readonly resolve: (outcome: AnalysisOutcome) => void;
  readonly reject: (error: Error) => void;
}

export class WorkerRunner implements AnalysisRunner<AnalysisRequest, AnalysisOutcome> {
  private worker: Worker | undefined;
  /** Resolves when the current worker has loaded and built the laws last sent (or failed). */
  private loaded: Promise<void> = Promise.resolve();
  private markLoaded: () => void = () => {};
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private laws: LawSources = { custom: undefined, fits: {} };
  private disposed = false;
  /** Workers started so far (the first included): the benchmark and tests read it. */
  starts = 0;

  constructor(
    private readonly script: string,
    private readonly options: WorkerRunnerOptions = {},
  ) {
    this.start();
  }

  private start(): Worker {
    const heapMb = this.options.heapMb ?? WORKER_HEAP_MB;
    const w = new Worker(this.script, { execArgv: [...(this.options.execArgv ?? [])], resourceLimits: { maxOldGenerationSizeMb: heapMb } });
    this.starts++;
    // The extension host (and a test process) may exit with the worker still running.
    w.unref();
    w.on('message', (m: FromWorker) => {
      if (m.type === 'ready') {
        if (this.worker === w) this.markLoaded();
        return;
      }
      if (m.type === 'log') {
        this.options.log?.(m.message);
        return;
      }
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.type === 'result') p.resolve(m.outcome);
      else p.reject(new Error(m.message));
    });
    w.on('error', (e: Error & { code?: string }) => {
      this.failed(w, e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `ran out of memory (over ${heapMb} MB)` : e.message);
    });
    w.on('exit', (code) => this.failed(w, `the analysis worker stopped (exit code ${code})`));
    this.worker = w;
    this.sendLaws(w);
    return w;
  }

  /** The worker answers `ready` once it has built them: until then, `ready()` waits. */
  private sendLaws(w: Worker): void {
    this.loaded = new Promise<void>((resolve) => {
      this.markLoaded = resolve;
    });
    try {
      this.post(w, { type: 'laws', sources: this.laws });
    } catch (e) {
      // Laws that cannot be posted (not plain data) must not leave the worker waiting for them.
      this.markLoaded();
      this.options.log?.(`the analysis worker did not get the custom and fitted laws: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private post(w: Worker, m: ToWorker): void {
    // A file's bytes (the workspace index's) move to the worker instead of being copied, when they are a whole buffer of their own.
    const bytes = m.type === 'analyse' && typeof m.request.text !== 'string' ? m.request.text : undefined;
    if (bytes && bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength)
      w.postMessage(m, [bytes.buffer]);
    else w.postMessage(m);
  }

  /** The worker died: its requests fail with why; the next request starts a new one. */
  private failed(w: Worker, message: string): void {
    if (this.worker !== w) return;
    this.worker = undefined;
    this.markLoaded();
    this.rejectAll(message);
  }

  private rejectAll(message: string): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(new Error(message));
  }

  run(request: AnalysisRequest): Promise<AnalysisOutcome> {
    if (this.disposed) return Promise.reject(new Error('Scaling Lens is shutting down'));
    const w = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.post(w, { type: 'analyse', id, request });
    });
  }

  ready(): Promise<void> {
    if (!this.worker && !this.disposed) this.start();
    return this.loaded;
  }

  reset(): void {
    const w = this.worker;
    this.worker = undefined;
    this.rejectAll('abandoned');
    this.markLoaded();
    if (w) void w.terminate();
    if (!this.disposed) this.start();
  }

  /** Custom and fitted laws changed: the worker rebuilds them before its next analysis. */
  setLaws(sources: LawSources): void {
    this.laws = sources;
    if (this.worker) this.sendLaws(this.worker);
  }

  dispose(): void {
    this.disposed = true;
    const w = this.worker;
    this.worker = undefined;
    this.rejectAll('Scaling Lens is shutting down');
    this.markLoaded();
    if (w) void w.terminate();
  }
}
