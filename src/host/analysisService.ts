// The host's one way to analyse config text: the queue (order, coalescing, time budget) in
// front of a runner (the worker thread on the desktop). The editor and the workspace index
// both come here, so they share the one warm worker.

import type { AnalysisOutcome, AnalysisRequest } from './analysis';
import type { LawSources } from './lawSources';
import { AnalysisQueue, type AnalysisRunner, type Priority, type QueueOutcome } from './analysisQueue';

/** A runner that also holds the custom and fitted laws (sent once, not with every request). */
export interface AnalysisBackend extends AnalysisRunner<AnalysisRequest, AnalysisOutcome> {
  setLaws(sources: LawSources): void;
  dispose(): void;
}

export class AnalysisService {
  private readonly queue: AnalysisQueue<AnalysisRequest, AnalysisOutcome>;

  constructor(
    private readonly backend: AnalysisBackend,
    budgetMs: () => number,
  ) {
    this.queue = new AnalysisQueue(backend, budgetMs);
  }

  analyse(key: string, version: number, request: AnalysisRequest, priority: Priority): Promise<QueueOutcome<AnalysisOutcome>> {
    return this.queue.analyse(key, version, request, priority);
  }

  setLaws(sources: LawSources): void {
    this.backend.setLaws(sources);
  }

  /** A new workspace scan replaces the old one's waiting files. */
  dropIndexRequests(): void {
    this.queue.dropIndexRequests('the workspace index started over');
  }

  dispose(): void {
    this.queue.dispose();
    this.backend.dispose();
  }
}
