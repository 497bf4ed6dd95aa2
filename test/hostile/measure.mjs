// Preloaded into a CLI run by the hostile-corpus test (`node --import`): at exit, writes the
// process's CPU time and peak resident memory to the file named by SCALING_LENS_MEASURE. CPU
// time, not wall time, so a busy machine does not fail the bound.
import { writeFileSync } from 'node:fs';
import process from 'node:process';

const out = process.env.SCALING_LENS_MEASURE;
if (out) {
  process.on('exit', () => {
    const cpu = process.cpuUsage();
    writeFileSync(out, JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
  });
}
