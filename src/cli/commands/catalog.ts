// scaling-lens laws [--json] and scaling-lens gpus [--json]: the catalogs the other commands take ids from.

import { ACCELERATORS, BUILT_IN_LAWS, DEFAULT_LAW_ID, DEFAULT_MFU, formatQuantity } from '../../core/index';
import * as args from '../args';
import { GPUS, LAWS } from '../spec';
import * as fmt from '../format';

const range = (r: readonly [number | null, number | null]) => `${r[0] === null ? '?' : formatQuantity(r[0])}–${r[1] === null ? '?' : formatQuantity(r[1])}`;

export function laws(argv: string[]): string {
  const { values } = args.parseCommand(argv, LAWS);
  if (values.json) {
    return fmt.json(BUILT_IN_LAWS.map((l) => ({ id: l.id, name: l.name, default: l.id === DEFAULT_LAW_ID, citation: l.citation, formula: l.formula, paramsKind: l.paramsKind, dataset: l.dataset, lossUnit: l.lossUnit, range: l.range })));
  }
  return BUILT_IN_LAWS.map((l) =>
    [
      `${l.id}${l.id === DEFAULT_LAW_ID ? ' (default)' : ''}: ${l.name}`,
      fmt.table([
        ['citation', l.citation],
        ['formula', l.formula],
        ['N', l.paramsKind === 'nonEmbedding' ? 'non-embedding parameters' : 'total parameters (embeddings included)'],
        ['loss', l.lossUnit],
        ['fitted range', `N ${range(l.range.params)}, D ${range(l.range.tokens)} (${l.range.source})`],
      ], '  '),
    ].join('\n'),
  ).join('\n\n');
}

export function gpus(argv: string[]): string {
  const { values } = args.parseCommand(argv, GPUS);
  if (values.json) return fmt.json(ACCELERATORS.map((a) => ({ ...a, defaultMfu: DEFAULT_MFU[a.generation].mfu, defaultMfuBasis: DEFAULT_MFU[a.generation].basis })));
  const header: [string, string, string, string, string, string] = ['id', 'BF16/FP16', 'FP8', 'memory', 'default MFU', '$/h'];
  const rows = ACCELERATORS.map((a) => [
    a.id,
    String(a.peakTflops.bf16 ?? a.peakTflops.fp16 ?? '—'),
    String(a.peakTflops.fp8 ?? '—'),
    `${a.memoryGB} GB`,
    fmt.percent(DEFAULT_MFU[a.generation].mfu),
    a.pricePerHour === null ? '—' : a.pricePerHour.toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line), '', 'Dense peak TFLOPS (no sparsity). Default MFU: `scaling-lens gpus --json` gives the basis of each.'].join('\n');
}
