// The order and the time budget of analyses (pure: no vscode, no Node; the runner does the
// work). One analysis runs at a time, in the worker; while it runs, requests wait here:
// - per document only the newest text waits (typing fast replaces the waiting text, and whoever
//   asked for an older version gets the newer analysis: callers compare versions anyway);
// - the editor's requests go before the workspace index's, so typing never waits behind a scan;
// - past its time budget an analysis is abandoned, the runner is reset (the worker ended and
//   started again) and the document answers "timeout": one slow file costs at most the budget.

/** What runs analyses: in a worker thread on the desktop (src/host/node/), a web worker later. */
export interface AnalysisRunner<Req, Res> {
  /** Runs one request; rejects when the runner fails (crashed, out of memory). */
  run(request: Req): Promise<Res>;
  /** Abandons the running request (its promise never settles, or rejects) and makes the runner ready for the next. */
  reset(): void;
  /**
   * Resolves when the runner can start a request at once (a restarted worker has loaded its
   * code): the time budget counts the analysis, not the start-up.
   */
  ready?(): Promise<void>;
}

export type Priority = 'editor' | 'index';

/** Longest wait for a (re)started runner before its next request starts anyway. */
export const STARTUP_MS = 10_000;

export type QueueOutcome<Res> =
  | { readonly kind: 'done'; readonly version: number; readonly value: Res }
  /** Over the time budget (ms), the runner was reset. */
  | { readonly kind: 'timeout'; readonly version: number; readonly budgetMs: number }
  /** The runner failed on it (the message says how). */
  | { readonly kind: 'failed'; readonly version: number; readonly message: string };

interface Job<Req, Res> {
  readonly key: string;
  version: number;
  request: Req;
  priority: Priority;
  readonly waiters: Array<(outcome: QueueOutcome<Res>) => void>;
}

/** setTimeout/clearTimeout, injectable so tests control time. */
export interface Clock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: Clock = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class AnalysisQueue<Req, Res> {
  private readonly waiting: Array<Job<Req, Res>> = [];
  private running: Job<Req, Res> | undefined;
  private disposed = false;

  constructor(
    private readonly runner: AnalysisRunner<Req, Res>,
    /** The budget of each analysis in ms, read when it starts (a setting). */
    private readonly budgetMs: () => number,
    private readonly clock: Clock = realClock,
  ) {}

  /** Requests waiting (not counting the running one). */
  get pending(): number {
    return this.waiting.length;
  }

  /**
   * Analyses `request`, the text of version `version` of document `key`. Resolves with the
   * outcome of this version or of a newer one of the same document asked for meanwhile.
   */
  analyse(key: string, version: number, request: Req, priority: Priority): Promise<QueueOutcome<Res>> {
    if (this.disposed) return Promise.resolve({ kind: 'failed', version, message: 'Scaling Lens is shutting down' });
    return new Promise((resolve) => {
      const r = this.running;
      if (r && r.key === key && r.version === version) {
        r.waiters.push(resolve);
        return;
      }
      const queued = this.waiting.find((j) => j.key === key);
      if (queued) {
        if (version >= queued.version) {
          queued.version = version;
          queued.request = request;
        }
        if (priority === 'editor' && queued.priority === 'index') {
          queued.priority = 'editor';
          this.waiting.splice(this.waiting.indexOf(queued), 1);
          this.enqueue(queued);
        }
        queued.waiters.push(resolve);
        return;
      }
      this.enqueue({ key, version, request, priority, waiters: [resolve] });
      this.pump();
    });
  }

  /** Drops the index's waiting requests (a new scan replaces them); their callers get "failed". */
  dropIndexRequests(message: string): void {
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      const job = this.waiting[i]!;
      if (job.priority !== 'index') continue;
      this.waiting.splice(i, 1);
      for (const w of job.waiters) w({ kind: 'failed', version: job.version, message });
    }
  }

  /** Editor requests go after the editor's and before the index's; FIFO within each. */
  private enqueue(job: Job<Req, Res>): void {
    if (job.priority === 'index') {
      this.waiting.push(job);
      return;
    }
    const firstIndex = this.waiting.findIndex((j) => j.priority === 'index');
    this.waiting.splice(firstIndex < 0 ? this.waiting.length : firstIndex, 0, job);
  }

  private pump(): void {
    if (this.running || this.disposed) return;
    const job = this.waiting.shift();
    if (!job) return;
    this.running = job;
    const ready = this.runner.ready?.();
    if (!ready) return this.start(job);
    // A runner that never gets ready (its start-up hangs) must not hold the queue: past
    // STARTUP_MS the request starts anyway, and its own budget ends it.
    let started = false;
    const go = () => {
      if (started) return;
      started = true;
      this.clock.clearTimeout(startup);
      this.start(job);
    };
    const startup = this.clock.setTimeout(go, STARTUP_MS);
    void ready.then(go);
  }

  private start(job: Job<Req, Res>): void {
    if (this.disposed) return;
    const version = job.version;
    const budget = this.budgetMs();
    let settled = false;
    const finish = (outcome: QueueOutcome<Res>, reset = false) => {
      if (settled) return;
      settled = true;
      this.clock.clearTimeout(timer);
      // Reset before the next run starts: the runner ends the thread the abandoned run is on.
      if (reset) this.runner.reset();
      this.running = undefined;
      // A newer text of the same document is waiting: the older request's callers get that one.
      const newer = this.waiting.find((j) => j.key === job.key);
      if (newer) newer.waiters.push(...job.waiters);
      else for (const w of job.waiters) w(outcome);
      this.pump();
    };
    const timer = this.clock.setTimeout(() => finish({ kind: 'timeout', version, budgetMs: budget }, true), budget);
    let started: Promise<Res>;
    try {
      started = this.runner.run(job.request);
    } catch (e) {
      started = Promise.reject(e);
    }
    started.then(
      (value) => finish({ kind: 'done', version, value }),
      (e: unknown) => finish({ kind: 'failed', version, message: e instanceof Error ? e.message : String(e) }),
    );
  }

  dispose(): void {
    this.disposed = true;
    for (const job of this.waiting.splice(0))
      for (const w of job.waiters) w({ kind: 'failed', version: job.version, message: 'Scaling Lens is shutting down' });
  }
}
