// docs/ holds every table the code cites, and holds it as the code has it: the accelerator
// catalog of docs/hardware.md row for row against ACCELERATORS, the law catalog of docs/laws.md
// against BUILT_IN_LAWS (ids and which N each expects), and one docs/configs.md section cited by
// every reader module. A catalog change without its documentation fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCELERATORS, BUILT_IN_LAWS } from '../../src/core/index';

const ROOT = join(__dirname, '..', '..');
const doc = (name: string) => readFileSync(join(ROOT, 'docs', name), 'utf8');

/** The rows of the first markdown table under `## <heading>`, as trimmed cells (header and rule dropped). */
function tableUnder(markdown: string, heading: string): string[][] {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  assert.ok(start >= 0, `## ${heading}`);
  const lines = markdown.slice(start).split('\n').slice(2);
  const first = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim()),
    );
  }
  return rows.slice(2);
}

const num = (cell: string) => Number(cell.replace(/,/g, ''));

test('docs/hardware.md lists every accelerator of the catalog with its peaks, memory, bandwidth and price', () => {
  const rows = tableUnder(doc('hardware.md'), 'Catalog');
  assert.deepEqual(
    rows.map((r) => r[0]),
    ACCELERATORS.map((a) => a.id),
  );
  for (const [id, bf16, fp16, fp8, memory, bandwidth, , price] of rows) {
    const a = ACCELERATORS.find((x) => x.id === id)!;
    const peak = (cell: string | undefined, value: number | undefined) => (value === undefined ? cell === 'none' : num(cell!) === value);
    assert.ok(peak(bf16, a.peakTflops.bf16) && peak(fp16, a.peakTflops.fp16) && peak(fp8, a.peakTflops.fp8), `${id} peaks ${bf16}/${fp16}/${fp8}`);
    assert.equal(num(memory!.split(' ')[0]!), Number(a.memoryGB.toFixed(2)), `${id} memory`);
    assert.equal(num(bandwidth!), a.memoryBandwidthGBs, `${id} bandwidth`);
    assert.equal(price === 'unknown' ? null : num(price!), a.pricePerHour, `${id} price`);
  }
});

test('docs/laws.md lists every built-in law with the N it expects', () => {
  const rows = tableUnder(doc('laws.md'), 'Catalog').filter((r) => r[0]!.startsWith('`'));
  const documented = new Map(rows.map((r) => [r[0]!.replace(/`/g, '').replace(/ \(default\)$/, ''), r[3]!]));
  for (const law of BUILT_IN_LAWS) {
    assert.ok(documented.has(law.id), `${law.id} is in the catalog of docs/laws.md`);
    assert.equal(documented.get(law.id), law.paramsKind === 'nonEmbedding' ? 'non-embedding' : 'total', law.id);
  }
});

test('every reader module cites its section of docs/configs.md', () => {
  const dir = join(ROOT, 'src', 'configs', 'readers');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const head = readFileSync(join(dir, file), 'utf8').split('\n').slice(0, 3).join('\n');
    assert.match(head, /docs\/configs\.md#[\w-]+/, `${file} names its docs/configs.md section in its header`);
  }
});
