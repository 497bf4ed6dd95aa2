// scaling-lens estimate FILE... [--json] [--gpu ID] [--gpus N] [--mfu X] [--price USD] [--law ID] [--flops-convention C]

import { analyze } from '../../configs/analyze';
import { MAX_CONFIG_BYTES, type HardwareHints, type Problem, type ReadResult } from '../../configs/index';
import { costUnknownReason, FLOP_CONVENTIONS, formatInteger, type Estimate, type FlopConvention, type ScalingLaw } from '../../core/index';
import * as args from '../args';
import { CliError } from '../errors';
import { readInputFile } from '../files';
import * as fmt from '../format';

export const ESTIMATE_USAGE = 'estimate FILE... [--json] [--gpu ID] [--gpus N] [--mfu X] [--price USD] [--law ID] [--flops-convention palm|6N|kaplan|chinchilla]';

export interface EstimateJson {
  file: string;
  format: string;
  params: { total: number | null; nonEmbedding: number | null; active: number | null };
  tokens: number | null;
  tokensBound: 'exact' | 'upper';
  tokensPerParam: number | null;
  flops: number | null;
  flopsPerToken: number | null;
  flopsConvention: FlopConvention;
  loss: { law: string; value: number | null; unit: string };
  optimal: { params: number; tokens: number; loss: number } | null;
  hardware: { gpu: string; count: number; mfu: number };
  gpuHours: number | null;
  wallClockHours: number | null;
  costUsd: number | null;
  assumptions: Array<{ field: string; value: number | string | boolean | null; origin: string; note: string }>;
  warnings: string[];
}

const at = (p: Problem) => (p.range ? `line ${p.range.startLine + 1}: ` : '');

export function toJson(file: string, r: ReadResult, e: Estimate): EstimateJson {
  return {
    file,
    format: r.format,
    params: { total: e.params.total, nonEmbedding: e.params.nonEmbedding, active: e.params.active },
    tokens: e.tokens,
    tokensBound: e.tokensBound,
    tokensPerParam: e.tokensPerParam,
    flops: e.flops.total,
    flopsPerToken: e.flops.perToken,
    flopsConvention: e.flops.convention,
    loss: { law: e.loss.law, value: e.loss.value, unit: e.loss.unit },
    optimal: e.optimal && { params: e.optimal.params, tokens: e.optimal.tokens, loss: e.optimal.loss },
    hardware: { gpu: e.hardware.gpu, count: e.hardware.count, mfu: e.hardware.mfu },
    gpuHours: e.gpuHours,
    wallClockHours: e.wallClockHours,
    costUsd: e.costUsd,
    assumptions: e.assumptions.map((a) => ({ field: a.field, value: a.value, origin: a.origin, note: a.note })),
    warnings: [...r.problems.filter((p) => p.severity !== 'error').map((p) => `${at(p)}${p.message}`), ...e.warnings.map((w) => w.message)],
  };
}

function summary(file: string, r: ReadResult, e: Estimate): string {
  const tokenNote = r.plan.tokens.value === null ? ` (${r.plan.tokens.note ?? 'not derivable'})` : r.plan.tokens.note ? ` = ${r.plan.tokens.note}` : '';
  const rows: Array<[string, string]> = [
    ['parameters', e.params.total === null ? 'unknown' : `${fmt.count(e.params.total)} total · ${fmt.qty(e.params.nonEmbedding)} non-embedding${e.params.active !== e.params.total ? ` · ${fmt.qty(e.params.active)} active` : ''}`],
    ['tokens', `${e.tokens === null ? 'unknown' : `${e.tokensBound === 'upper' ? '≤ ' : ''}${fmt.qty(e.tokens)} (${formatInteger(e.tokens)})`}${tokenNote}`],
    ['tokens/param', e.tokensPerParam === null ? 'unknown' : e.tokensPerParam.toFixed(1)],
    ['FLOPs', `${fmt.flops(e.flops.total)} (${FLOP_CONVENTIONS[e.flops.convention].name}); 6ND ${fmt.flops(e.flops.sixND)}`],
    ['loss', e.loss.value === null ? 'unknown' : `${fmt.loss(e.loss.value)} ${e.loss.unit} (${e.loss.law})`],
    ['compute-optimal', e.optimal ? `${fmt.qty(e.optimal.params)} params on ${fmt.qty(e.optimal.tokens)} tokens: loss ${fmt.loss(e.optimal.loss)} (same 6ND budget)` : 'unknown'],
    ['hardware', `${e.hardware.count} × ${e.hardware.gpu} @ ${fmt.percent(e.hardware.mfu)} MFU, ${e.hardware.precision.toUpperCase()}`],
    ['GPU-hours', fmt.hours(e.gpuHours)],
    ['wall clock', fmt.hours(e.wallClockHours)],
    ['cost', e.costUsd === null ? `unknown: ${costUnknownReason(e)}` : `${fmt.dollars(e.costUsd)} at $${e.hardware.pricePerHour}/GPU-h`],
  ];
  const lines = [`${file}  (${r.formatName})`, fmt.table(rows, '  ')];
  const assumptions = e.assumptions;
  if (assumptions.length) lines.push('  assumptions:', ...assumptions.map((a) => `    ${a.field} = ${a.value === null ? 'unknown' : String(a.value)}: ${a.note}`));
  const warnings = toJson(file, r, e).warnings;
  if (warnings.length) lines.push('  warnings:', ...warnings.map((w) => `    ${w}`));
  return lines.join('\n');
}

export function estimateFiles(argv: string[], law: (values: args.Options) => ScalingLaw | undefined = args.law): { output: string; errors: string[] } {
  const { values, positionals } = args.parse(argv, {
    json: { type: 'boolean' },
    gpu: { type: 'string' },
    gpus: { type: 'string' },
    mfu: { type: 'string' },
    price: { type: 'string' },
    law: { type: 'string' },
    'flops-convention': { type: 'string' },
  }, true);
  if (positionals.length === 0) throw new CliError('estimate needs at least one FILE');
  const conventionRaw = values['flops-convention'];
  if (conventionRaw !== undefined && !(typeof conventionRaw === 'string' && conventionRaw in FLOP_CONVENTIONS)) {
    throw new CliError(`--flops-convention must be one of ${Object.keys(FLOP_CONVENTIONS).join(', ')}`);
  }
  const convention = conventionRaw as FlopConvention | undefined;
  const gpu = args.gpu(values);
  const gpus = args.quantity(values, 'gpus', { integer: true, min: 1, max: 10_000_000 });
  const mfu = args.mfu(values);
  const price = args.quantity(values, 'price', { min: 0 });
  const chosenLaw = law(values);
  const overrides: HardwareHints = { ...(gpu ? { gpu: gpu.id } : {}), ...(gpus !== undefined ? { gpus } : {}), ...(mfu !== undefined ? { mfu } : {}), ...(price !== undefined ? { price } : {}) };

  const results: Array<{ file: string; r: ReadResult; e: Estimate }> = [];
  const errors: string[] = [];
  for (const file of positionals) {
    try {
      const text = readInputFile(file, MAX_CONFIG_BYTES, 'a training config');
      const a = analyze(text, file, { ctx: { overrides }, ...(chosenLaw ? { law: chosenLaw } : {}), ...(convention ? { convention } : {}) });
      if (!a.ok) {
        errors.push(`${file}: ${a.problem.message}`);
        continue;
      }
      // Impossible values are refused, not estimated around: a CI check must not pass on them.
      const firstError = a.result.problems.find((p) => p.severity === 'error');
      if (firstError) {
        const where = firstError.range ? `${file}:${firstError.range.startLine + 1}:${firstError.range.startCol + 1}` : file;
        errors.push(`${where}: ${firstError.message}`);
        continue;
      }
      results.push({ file, r: a.result, e: a.estimate });
    } catch (e) {
      if (e instanceof CliError) errors.push(e.message);
      else throw e;
    }
  }
  let output: string;
  if (values.json) {
    const objs = results.map(({ file, r, e }) => toJson(file, r, e));
    output = results.length === 0 ? '' : fmt.json(positionals.length === 1 ? objs[0] : objs);
  } else {
    output = results.map(({ file, r, e }) => summary(file, r, e)).join('\n\n');
  }
  return { output, errors };
}
