// scaling-lens laws [--json] and scaling-lens gpus [--json]: the catalogs the other commands take ids from.

import { ACCELERATORS, BUILT_IN_LAWS, DEFAULT_LAW_ID, DEFAULT_MFU, formatQuantity, type Accelerator } from '../../core/index';
import { formatDollars, formatInteger, formatSignificant } from '../../format/index';
import * as args from '../args';
import { GPUS, LAWS } from '../spec';
import * as fmt from '../format';

const range = (r: readonly [number | null, number | null]) => `${r[0] === null ? '?' : formatQuantity(r[0])}–${r[1] === null ? '?' : formatQuantity(r[1])}`;

export function laws(argv: string[]): string {
  const { values } = args.parseCommand(argv, LAWS);
  if (values.json) {
    return fmt.json(
      BUILT_IN_LAWS.map((l) => ({
        id: l.id,
        name: l.name,
        default: l.id === DEFAULT_LAW_ID,
        citation: l.citation,
        formula: l.formula,
        paramsKind: l.paramsKind,
        dataset: l.dataset,
        lossUnit: l.lossUnit,
        range: l.range,
        trainingVocab: l.trainingVocab ?? null,
      })),
    );
  }
  return BUILT_IN_LAWS.map((l) =>
    [
      `${l.id}${l.id === DEFAULT_LAW_ID ? ' (default)' : ''}: ${l.name}`,
      fmt.table(
        [
          ['citation', l.citation],
          ['formula', l.formula],
          ['N', l.paramsKind === 'nonEmbedding' ? 'non-embedding parameters' : 'total parameters (embeddings included)'],
          ['loss', l.lossUnit],
          ['fitted range', `N ${range(l.range.params)}, D ${range(l.range.tokens)} (${l.range.source})`],
          ...(l.trainingVocab
            ? [
                [
                  'vocabulary',
                  `${formatInteger(l.trainingVocab.size)} tokens, ${l.trainingVocab.source}; losses above ln V = ${Math.log(l.trainingVocab.size).toFixed(2)} are refused`,
                ] as [string, string],
              ]
            : []),
        ],
        '  ',
      ),
    ].join('\n'),
  ).join('\n\n');
}

/** "80 GB", "180 GB" (usable), "32 GiB" where the vendor states GiB (TPUs). */
function memoryText(a: Accelerator): string {
  const gib = /^(\d+(?:\.\d+)?) GiB/.exec(a.memoryAsSold);
  return gib ? `${gib[1]} GiB` : `${formatSignificant(a.memoryGB, 4)} GB`;
}

export function gpus(argv: string[]): string {
  const { values } = args.parseCommand(argv, GPUS);
  if (values.json)
    return fmt.json(ACCELERATORS.map((a) => ({ ...a, defaultMfu: DEFAULT_MFU[a.generation].mfu, defaultMfuBasis: DEFAULT_MFU[a.generation].basis })));
  const header = ['id', 'BF16/FP16', 'FP8', 'memory', 'mem GB/s', 'link GB/s', 'default MFU', '$/h'];
  const rows = ACCELERATORS.map((a) => [
    a.id,
    String(a.peakTflops.bf16 ?? a.peakTflops.fp16 ?? '—'),
    String(a.peakTflops.fp8 ?? '—'),
    memoryText(a),
    formatInteger(a.memoryBandwidthGBs),
    a.interconnect ? `${formatSignificant(a.interconnect.GBs, 4)} ${a.interconnect.kind}` : '—',
    fmt.percent(DEFAULT_MFU[a.generation].mfu),
    a.pricePerHour === null ? '—' : formatDollars(a.pricePerHour).slice(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [
    line(header),
    ...rows.map(line),
    '',
    'Dense peak TFLOPS (no sparsity); memory per device (GiB where the vendor states GiB); memory bandwidth; device-to-device link, total bidirectional.',
    'Sources and the default MFU basis of each row: `scaling-lens gpus --json`.',
  ].join('\n');
}
