// The analysis queue's order and time budget, with a runner and a clock the test drives: what
// runs, in which order, what each caller gets, and that a run over budget resets the runner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnalysisQueue, STARTUP_MS, type AnalysisRunner, type Clock, type QueueOutcome } from '../../src/host/analysisQueue';

/** A runner whose runs finish when the test says; it records what it was asked. */
class FakeRunner implements AnalysisRunner<string, string> {
  readonly started: string[] = [];
  resets = 0;
  private current: { resolve: (v: string) => void; reject: (e: Error) => void } | undefined;

  run(request: string): Promise<string> {
    this.started.push(request);
    return new Promise((resolve, reject) => {
      this.current = { resolve, reject };
    });
  }

  reset(): void {
    this.resets++;
    this.current?.reject(new Error('abandoned'));
    this.current = undefined;
  }

  /** Finishes the running request with `analysed(<request>)`. */
  finish(): void {
    const c = this.current;
    assert.ok(c, 'a run is in progress');
    this.current = undefined;
    c.resolve(`analysed(${this.started[this.started.length - 1]})`);
  }

  crash(message: string): void {
    const c = this.current;
    assert.ok(c, 'a run is in progress');
    this.current = undefined;
    c.reject(new Error(message));
  }
}

/** Timers that fire only when the test advances time. */
class FakeClock implements Clock {
  now = 0;
  private timers = new Map<number, { at: number; fn: () => void }>();
  private next = 1;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.set(id, { at: this.now + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  advance(ms: number): void {
    this.now += ms;
    for (const [id, t] of [...this.timers]) {
      if (t.at <= this.now) {
        this.timers.delete(id);
        t.fn();
      }
    }
  }
  get armed(): number {
    return this.timers.size;
  }
}

/** Lets settled promises run their callbacks. */
const settle = () => new Promise<void>((r) => setImmediate(r));

function setup(budget = 1500) {
  const runner = new FakeRunner();
  const clock = new FakeClock();
  const queue = new AnalysisQueue<string, string>(runner, () => budget, clock);
  return { runner, clock, queue };
}

test('one analysis at a time; the next starts when the running one finishes', async () => {
  const { runner, queue } = setup();
  const a = queue.analyse('a', 1, 'a@1', 'editor');
  const b = queue.analyse('b', 1, 'b@1', 'editor');
  assert.deepEqual(runner.started, ['a@1']);
  runner.finish();
  assert.deepEqual(await a, { kind: 'done', version: 1, value: 'analysed(a@1)' });
  await settle();
  assert.deepEqual(runner.started, ['a@1', 'b@1']);
  runner.finish();
  assert.deepEqual(await b, { kind: 'done', version: 1, value: 'analysed(b@1)' });
});

test('typing fast: only the newest waiting text of a document runs, and every caller gets it', async () => {
  const { runner, queue } = setup();
  const running = queue.analyse('a', 1, 'a@1', 'editor');
  const v2 = queue.analyse('a', 2, 'a@2', 'editor');
  const v3 = queue.analyse('a', 3, 'a@3', 'editor');
  const v4 = queue.analyse('a', 4, 'a@4', 'editor');
  assert.equal(queue.pending, 1, 'versions 2-4 share one waiting slot');
  runner.finish();
  await settle();
  // Version 1 finished while version 4 waited: its caller gets version 4, never a stale answer.
  assert.deepEqual(runner.started, ['a@1', 'a@4']);
  runner.finish();
  const expected: QueueOutcome<string> = { kind: 'done', version: 4, value: 'analysed(a@4)' };
  assert.deepEqual(await Promise.all([running, v2, v3, v4]), [expected, expected, expected, expected]);
  assert.equal(runner.started.length, 2, 'versions 2 and 3 were never analysed');
});

test('the same version asked twice while it runs is analysed once', async () => {
  const { runner, queue } = setup();
  const first = queue.analyse('a', 7, 'a@7', 'editor');
  const second = queue.analyse('a', 7, 'a@7', 'editor');
  runner.finish();
  assert.deepEqual(await first, await second);
  assert.deepEqual(runner.started, ['a@7']);
});

test('an older version asked after a newer one waits gets the newer analysis, not its own', async () => {
  const { runner, queue } = setup();
  void queue.analyse('x', 1, 'x@1', 'editor');
  const newer = queue.analyse('a', 5, 'a@5', 'editor');
  const older = queue.analyse('a', 4, 'a@4', 'editor');
  runner.finish();
  await settle();
  assert.deepEqual(runner.started, ['x@1', 'a@5']);
  runner.finish();
  assert.equal((await newer).version, 5);
  assert.equal((await older).version, 5);
});

test('the editor goes before the workspace index, whatever the order of asking', async () => {
  const { runner, queue } = setup();
  void queue.analyse('index:1', 1, 'i1', 'index');
  void queue.analyse('index:2', 1, 'i2', 'index');
  void queue.analyse('index:3', 1, 'i3', 'index');
  void queue.analyse('doc', 1, 'doc@1', 'editor');
  void queue.analyse('doc2', 1, 'doc2@1', 'editor');
  // The index asks for a file the editor then wants too: it moves up with the editor's priority.
  void queue.analyse('index:3', 1, 'i3', 'editor');
  for (let i = 0; i < 5; i++) {
    runner.finish();
    await settle();
  }
  assert.deepEqual(runner.started, ['i1', 'doc@1', 'doc2@1', 'i3', 'i2']);
});

test('over budget: the caller gets "timeout" with the budget, the runner is reset once, and the next request runs', async () => {
  const { runner, clock, queue } = setup(1500);
  const slow = queue.analyse('hostile', 1, 'hostile@1', 'editor');
  const next = queue.analyse('b', 1, 'b@1', 'editor');
  clock.advance(1499);
  assert.equal(runner.resets, 0, 'not before the budget');
  clock.advance(1);
  assert.deepEqual(await slow, { kind: 'timeout', version: 1, budgetMs: 1500 });
  assert.equal(runner.resets, 1);
  await settle();
  assert.deepEqual(runner.started, ['hostile@1', 'b@1']);
  runner.finish();
  assert.deepEqual(await next, { kind: 'done', version: 1, value: 'analysed(b@1)' });
  assert.equal(clock.armed, 0, 'a finished run leaves no timer behind');
});

test('each run gets the budget current when it starts (the setting can change between runs)', async () => {
  const runner = new FakeRunner();
  const clock = new FakeClock();
  let budget = 1000;
  const queue = new AnalysisQueue<string, string>(runner, () => budget, clock);
  const first = queue.analyse('a', 1, 'a@1', 'editor');
  budget = 200;
  clock.advance(1000);
  assert.deepEqual(await first, { kind: 'timeout', version: 1, budgetMs: 1000 });
  const second = queue.analyse('a', 2, 'a@2', 'editor');
  clock.advance(200);
  assert.deepEqual(await second, { kind: 'timeout', version: 2, budgetMs: 200 });
  assert.equal(runner.resets, 2);
});

test('a timed-out version with a newer one waiting: its caller gets the newer analysis', async () => {
  const { runner, clock, queue } = setup(100);
  const old = queue.analyse('a', 1, 'a@1', 'editor');
  const newer = queue.analyse('a', 2, 'a@2', 'editor');
  clock.advance(100);
  await settle();
  assert.deepEqual(runner.started, ['a@1', 'a@2']);
  runner.finish();
  assert.deepEqual(await old, { kind: 'done', version: 2, value: 'analysed(a@2)' });
  assert.deepEqual(await newer, await old);
});

test('a runner failure (out of memory, crash) is that request\'s "failed" with the message; the queue goes on', async () => {
  const { runner, queue } = setup();
  const crashed = queue.analyse('a', 1, 'a@1', 'editor');
  const next = queue.analyse('b', 1, 'b@1', 'editor');
  runner.crash('ran out of memory (over 1024 MB)');
  assert.deepEqual(await crashed, { kind: 'failed', version: 1, message: 'ran out of memory (over 1024 MB)' });
  await settle();
  runner.finish();
  assert.equal((await next).kind, 'done');
  assert.equal(runner.resets, 0, 'a failure is not a timeout: no reset');
});

test("a new workspace scan drops the old one's waiting files, not the editor's", async () => {
  const { runner, queue } = setup();
  void queue.analyse('x', 1, 'x@1', 'editor');
  const dropped = queue.analyse('index:1', 1, 'i1', 'index');
  const kept = queue.analyse('doc', 1, 'doc@1', 'editor');
  queue.dropIndexRequests('the workspace index started over');
  assert.deepEqual(await dropped, { kind: 'failed', version: 1, message: 'the workspace index started over' });
  runner.finish();
  await settle();
  runner.finish();
  assert.equal((await kept).kind, 'done');
  assert.deepEqual(runner.started, ['x@1', 'doc@1']);
});

test('after dispose, waiting and new requests answer "failed" at once instead of hanging', async () => {
  const { queue } = setup();
  void queue.analyse('x', 1, 'x@1', 'editor');
  const waiting = queue.analyse('y', 1, 'y@1', 'editor');
  queue.dispose();
  assert.equal((await waiting).kind, 'failed');
  assert.equal((await queue.analyse('z', 1, 'z@1', 'editor')).kind, 'failed');
});

test("the budget counts the analysis, not a restarted runner's start-up; a start-up that hangs cannot hold the queue", async () => {
  const runner = new FakeRunner();
  let loaded: () => void = () => {};
  let readyCalls = 0;
  const ready = () => {
    readyCalls++;
    return new Promise<void>((r) => {
      loaded = r;
    });
  };
  const clock = new FakeClock();
  const queue = new AnalysisQueue<string, string>(Object.assign(runner, { ready }), () => 100, clock);
  const first = queue.analyse('a', 1, 'a@1', 'editor');
  clock.advance(5000);
  assert.deepEqual(runner.started, [], 'nothing starts before the runner is ready');
  loaded();
  await settle();
  assert.deepEqual(runner.started, ['a@1']);
  clock.advance(99);
  runner.finish();
  assert.equal((await first).kind, 'done', 'the 5 s of start-up did not count against the 100 ms budget');

  const second = queue.analyse('b', 1, 'b@1', 'editor');
  assert.equal(readyCalls, 2);
  clock.advance(STARTUP_MS);
  await settle();
  assert.deepEqual(runner.started, ['a@1', 'b@1'], 'started anyway after STARTUP_MS');
  clock.advance(100);
  assert.deepEqual(await second, { kind: 'timeout', version: 1, budgetMs: 100 });
});
