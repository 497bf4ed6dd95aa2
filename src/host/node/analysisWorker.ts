// Entry of dist/analysis-worker.js, the analysis worker thread: it loads the readers and laws
// once (warm for every keystroke after), answers one request at a time and keeps no document
// state. The host ends it when an analysis runs past its time budget and starts a new one
// (src/host/node/workerRunner.ts), so a hostile file can stop this thread but never the editor.

import { parentPort } from 'node:worker_threads';
import type { ScalingLaw } from '../../core/laws/types';
import { analyseText, buildLaws } from '../analysis';
import type { FromWorker, ToWorker } from './protocol';

const port = parentPort;
if (!port) throw new Error('analysis-worker.js runs as a worker thread');

let extraLaws: readonly ScalingLaw[] = [];
// Law changes and analyses are answered in the order they came: an analysis after a law change
// waits for the laws (mathjs loads on the first custom law).
let lawsReady: Promise<void> = Promise.resolve();

port.on('message', (m: ToWorker) => {
  if (m.type === 'laws') {
    lawsReady = lawsReady
      .then(() => buildLaws(m.sources))
      .then(
        (built) => {
          extraLaws = built.laws;
        },
        (e: unknown) => {
          // The host builds the same laws and reports their errors; this is the worker failing to load them.
          extraLaws = [];
          const log: FromWorker = {
            type: 'log',
            message: `the analysis worker could not load the custom and fitted laws: ${e instanceof Error ? e.message : String(e)}`,
          };
          port.postMessage(log);
        },
      )
      // The host sends the laws first thing: once they are built the worker is ready, and time
      // budgets start (loading the code and mathjs is not the analysis's time).
      .then(() => {
        const ready: FromWorker = { type: 'ready' };
        port.postMessage(ready);
      });
    return;
  }
  void lawsReady.then(() => {
    let reply: FromWorker;
    try {
      reply = { type: 'result', id: m.id, outcome: analyseText(m.request, extraLaws) };
    } catch (e) {
      reply = { type: 'error', id: m.id, message: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(reply);
  });
});
