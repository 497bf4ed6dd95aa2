// Writes the hostile corpus to a folder and runs `scaling-lens estimate --json` on each case in a
// child process, measuring its CPU time and peak memory. Shared by the unit test and `npm run bench`.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hostileCases, type HostileCase } from './cases';

export interface HostileRun {
  readonly case: HostileCase;
  readonly status: number | null;
  readonly signal: string | null;
  readonly stderr: string;
  readonly stdout: string;
  readonly cpuMs: number | null;
  readonly maxRssMB: number | null;
}

const ROOT = join(__dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'cli.js');
const MEASURE = pathToFileURL(join(__dirname, 'measure.mjs')).href;

function materialise(dir: string, c: HostileCase): string {
  const path = join(dir, c.file);
  mkdirSync(dirname(path), { recursive: true });
  rmSync(path, { recursive: true, force: true });
  if (c.special === 'link-dev-zero') symlinkSync('/dev/zero', path);
  else if (c.special === 'fifo') {
    const r = spawnSync('mkfifo', [path]);
    if (r.status !== 0) throw new Error(`mkfifo failed: ${r.stderr.toString()}`);
  } else if (c.special === 'directory') mkdirSync(path);
  else writeFileSync(path, c.text);
  return path;
}

export function runHostileCorpus(include: (c: HostileCase) => boolean, onRun?: (r: HostileRun) => void): HostileRun[] {
  const dir = mkdtempSync(join(tmpdir(), 'sl-hostile-'));
  const runs: HostileRun[] = [];
  try {
    for (const [i, c] of hostileCases().filter(include).entries()) {
      // Each case in its own folder: several share a real file name (config.json).
      const path = materialise(join(dir, String(i)), c);
      const measure = join(dir, `measure-${i}.json`);
      const r = spawnSync(process.execPath, ['--max-old-space-size=1024', '--import', MEASURE, CLI, 'estimate', path, '--json'], {
        encoding: 'utf8',
        env: { ...process.env, SCALING_LENS_MEASURE: measure },
        timeout: 60_000,
        maxBuffer: 64 * 1024 * 1024,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let m: { cpuMs: number; maxRssMB: number } | null = null;
      try {
        m = JSON.parse(readFileSync(measure, 'utf8')) as { cpuMs: number; maxRssMB: number };
      } catch {
        m = null;
      }
      const run: HostileRun = {
        case: c,
        status: r.status,
        signal: r.signal,
        stderr: r.stderr ?? '',
        stdout: r.stdout ?? '',
        cpuMs: m?.cpuMs ?? null,
        maxRssMB: m?.maxRssMB ?? null,
      };
      runs.push(run);
      onRun?.(run);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return runs;
}

if (require.main === module) {
  console.log('\nHostile corpus and 8 MB files: `scaling-lens estimate --json`, CPU time and peak memory (limits 2,000 ms, 500 MB)');
  for (const r of runHostileCorpus(() => true)) {
    console.log(
      `${r.case.name.padEnd(70)} exit ${String(r.status ?? r.signal).padStart(4)}  ${r.cpuMs === null ? '   ?' : r.cpuMs.toFixed(0).padStart(6)} ms CPU  ${r.maxRssMB === null ? '?' : r.maxRssMB.toFixed(0).padStart(5)} MB  ${r.stderr.trim().split('\n')[0]?.slice(0, 80) ?? ''}`,
    );
  }
}
