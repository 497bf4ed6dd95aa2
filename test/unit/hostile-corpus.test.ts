// Issue 13: no file can freeze or exhaust the analysis. Each case of the hostile corpus
// (test/hostile/cases.ts) is answered by the built CLI within a CPU-time and memory bound, with
// exit 0 or a one-line exit 2: never a crash, a hang or a stack trace.

import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { hostileCases } from '../hostile/cases';
import { CLI, runHostileCorpus } from '../hostile/run';

const MAX_CPU_MS = 2000;
const MAX_RSS_MB = 500;

test('the hostile corpus has at least 30 cases', () => {
  assert.ok(hostileCases().filter((c) => !c.large).length >= 30);
});

test(
  'every hostile file is answered within 2 s of CPU and 500 MB, exit 0 or a one-line exit 2',
  { skip: !existsSync(CLI) && 'dist/cli.js not built', timeout: 600_000 },
  () => {
    const failures: string[] = [];
    let slowest = { name: '', cpuMs: 0 };
    runHostileCorpus(
      (c) => !c.large,
      (r) => {
        const what = `${r.case.name} (${r.case.file})`;
        if (r.status !== 0 && r.status !== 2) failures.push(`${what}: exit ${String(r.status ?? r.signal)}: ${r.stderr.slice(0, 300)}`);
        if (r.status === 2 && r.stderr.trim().split('\n').length !== 1) failures.push(`${what}: the error is not one line: ${r.stderr.slice(0, 300)}`);
        if (r.status === 2 && !/^scaling-lens: /.test(r.stderr)) failures.push(`${what}: the error does not start with "scaling-lens:"`);
        if (/\n\s+at /.test(r.stderr)) failures.push(`${what}: a stack trace`);
        const leak = /\[native code\]|\[object Object\]|\bNaN\b|\bInfinity\b|\bundefined\b/.exec(r.stdout + r.stderr);
        if (leak) failures.push(`${what}: the output shows "${leak[0]}"`);
        if (r.cpuMs === null || r.maxRssMB === null) failures.push(`${what}: not measured (the process did not exit normally)`);
        else {
          if (r.cpuMs > MAX_CPU_MS) failures.push(`${what}: ${r.cpuMs.toFixed(0)} ms of CPU (limit ${MAX_CPU_MS})`);
          if (r.maxRssMB > MAX_RSS_MB) failures.push(`${what}: ${r.maxRssMB.toFixed(0)} MB (limit ${MAX_RSS_MB})`);
          if (r.cpuMs > slowest.cpuMs) slowest = { name: r.case.name, cpuMs: r.cpuMs };
        }
      },
    );
    console.log(`slowest hostile case: ${slowest.name}, ${slowest.cpuMs.toFixed(0)} ms CPU`);
    assert.deepEqual(failures, []);
  },
);
