import { readFileSync } from 'node:fs';
import { readConfig } from '../src/configs/index';
const show = (t: any) => t === undefined ? undefined : `${JSON.stringify(t.value)}/${t.origin[0]}`;
for (const f of process.argv.slice(2)) {
  const name = f.replace(/^.*configs\/[^/]+\//, '');
  const o = readConfig(readFileSync(f, 'utf8'), name);
  if (!o.ok) { console.log(f, 'NOT OK', o.problem.message); continue; }
  const s: any = o.result.plan.setup ?? {};
  const flat: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) if (k === 'parallel') for (const [k2, v2] of Object.entries(v as any)) flat[k2] = show(v2); else flat[k] = show(v);
  console.log(f.replace(/^.*configs\//, ''), o.result.format, JSON.stringify(flat));
}
