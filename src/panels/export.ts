// Exports of a chart: its data as CSV (built from the state the host pushed, so the numbers are
// the core's at full precision) and its image as PNG (drawn by the webview, checked here).
// Pure (no vscode, no Node) so unit tests pin it and a web host can run it.

import type { AxisKind, ChartSpec } from '../protocol';

const COLUMN: Readonly<Record<AxisKind, string>> = {
  flops: 'compute_flops',
  params: 'params',
  tokens: 'tokens',
  loss: 'loss_nats',
  ratio: 'tokens_per_param',
  microBatch: 'micro_batch',
  memory: 'memory_gib',
};

/**
 * Text cells come from files (series labels, config names, paths). One that starts like a
 * formula (`=`, `+`, `-`, `@`, tab, carriage return) would be run by a spreadsheet, so it gets a
 * leading `'` (OWASP's advice on CSV injection). Numbers are written as numbers.
 */
function cell(v: string | number | undefined): string {
  if (v === undefined) return '';
  const s = typeof v === 'number' ? String(v) : /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * One row per plotted point: series, role, x, y, point label, file. Numbers are written with
 * `String(n)`, which round-trips every double exactly.
 */
export function chartCsv(chart: ChartSpec): string {
  const header = ['series', 'role', COLUMN[chart.x.kind], COLUMN[chart.y.kind], 'point', 'file'];
  const rows = chart.series.flatMap((s) => s.points.map((p) => [s.label, s.role, p.x, p.y, p.label, p.uri].map(cell).join(',')));
  return `${[header.join(','), ...rows].join('\n')}\n`;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The bytes of a `data:image/png;base64,…` URL, or null when it is not a PNG. */
export function pngBytes(dataUrl: string): Uint8Array | null {
  const prefix = 'data:image/png;base64,';
  if (!dataUrl.startsWith(prefix)) return null;
  let binary: string;
  try {
    binary = atob(dataUrl.slice(prefix.length));
  } catch {
    return null;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return PNG_SIGNATURE.every((b, i) => bytes[i] === b) ? bytes : null;
}

/** `configs/mpt-125m.yaml`, `lossCompute` -> `mpt-125m-loss-vs-compute`. */
export function exportBaseName(configName: string | undefined, chart: ChartSpec): string {
  const base = (configName?.split('/').pop() ?? 'scaling-curves').replace(/\.[^.]+$/, '');
  const title = chart.title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${base}-${title}`.replace(/[^\w.-]+/g, '-');
}
