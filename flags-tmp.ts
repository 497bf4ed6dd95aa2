import { readFileSync, readdirSync } from 'node:fs';
import { analyze } from './src/configs/analyze';
const src = readFileSync('src/configs/readers/megatronModel.ts','utf8')+readFileSync('src/configs/readers/megatronSetup.ts','utf8')+readFileSync('src/configs/readers/megatronLayout.ts','utf8')+readFileSync('src/configs/readers/megatronDuration.ts','utf8')+readFileSync('src/configs/readers/megatron.ts','utf8')+readFileSync('src/configs/readers/megatronFlags.ts','utf8');
const known = new Set([...src.matchAll(/'(--[a-z0-9-]+)'/g)].map(m=>m[1]));
const counts = new Map<string, number>();
let read = 0, total=0;
for (const f of readdirSync('/tmp/megs')) {
  total++;
  const text = readFileSync('/tmp/megs/'+f,'utf8');
  const a = analyze(text, f);
  if (a.ok && a.result.format==='megatron') read++;
  for (const m of text.matchAll(/(?:^|\s)(--[a-z][a-z0-9-]+)/g)) { const k=m[1]; if(!known.has(k)) counts.set(k,(counts.get(k)??0)+1); }
}
console.log('read', read, 'of', total);
console.log([...counts].sort((a,b)=>b[1]-a[1]).map(([k,v])=>`${k} ${v}`).join('\n'));
