// scaling-lens predict --params N --tokens D [--unique-tokens U] [--law ID] [--gpu ID --gpus K] [--mfu X] [--price USD] [--json]

import { checkLawInputs, DEFAULT_GPU_COUNT, DEFAULT_LAW_ID, DEFAULT_MFU, findLaw, hardwareTime, peakFor } from '../../core/index';
import * as args from '../args';
import { PREDICT } from '../spec';
import { CliError } from '../errors';
import * as fmt from '../format';

export function predict(argv: string[]): string {
  const { values } = args.parseCommand(argv, PREDICT);
  const params = args.required(values, 'params', args.quantity(values, 'params'));
  const tokens = args.required(values, 'tokens', args.quantity(values, 'tokens'));
  const uniqueTokens = args.quantity(values, 'unique-tokens');
  const law = args.law(values) ?? findLaw(DEFAULT_LAW_ID)!;
  const problem = checkLawInputs({ params, tokens, ...(uniqueTokens !== undefined ? { uniqueTokens } : {}) });
  if (problem) throw new CliError(problem);
  if (uniqueTokens !== undefined && law.id !== 'muennighoff-2023') throw new CliError(`--unique-tokens needs the data-constrained law (--law muennighoff-2023); ${law.id} assumes every token is new`);
  const loss = law.predict(params, tokens, uniqueTokens !== undefined ? { uniqueTokens } : {});
  if (!Number.isFinite(loss)) throw new CliError(`${law.id} cannot predict a loss for these values`);

  const gpu = args.gpu(values);
  const hardwareFlags = ['gpus', 'mfu', 'price'].filter((k) => values[k] !== undefined);
  if (!gpu && hardwareFlags.length > 0) throw new CliError(`--${hardwareFlags[0]} needs --gpu`);
  const out: Record<string, unknown> = { law: law.id, params, tokens, ...(uniqueTokens !== undefined ? { uniqueTokens } : {}), loss, lossUnit: law.lossUnit };
  const rows: Array<[string, string]> = [
    ['law', `${law.id}: ${law.citation}`],
    [law.paramsKind === 'nonEmbedding' ? 'parameters (non-embedding)' : 'parameters', fmt.count(params)],
    ['tokens', fmt.qty(tokens)],
    ...(uniqueTokens !== undefined ? ([['unique tokens', `${fmt.qty(uniqueTokens)} (${(tokens / uniqueTokens).toFixed(2)} epochs)`]] as Array<[string, string]>) : []),
    ['loss', `${fmt.loss(loss)} ${law.lossUnit}`],
  ];
  if (gpu) {
    const count = args.quantity(values, 'gpus', { integer: true, min: 1, max: 10_000_000 }) ?? DEFAULT_GPU_COUNT;
    const mfu = args.mfu(values) ?? DEFAULT_MFU[gpu.generation].mfu;
    const price = args.quantity(values, 'price', { min: 0 }) ?? gpu.pricePerHour;
    const peak = peakFor(gpu, 'bf16');
    if (!peak) throw new CliError(`no BF16/FP16 peak for ${gpu.id}`);
    // Without an architecture the FLOPs are 6ND (the attention term needs the shape).
    const flops = 6 * params * tokens;
    const t = hardwareTime(flops, peak.tflops, mfu, count, price);
    Object.assign(out, { flops, gpuHours: t.gpuHours, wallClockHours: t.wallClockHours, costUsd: t.costUsd, mfu, gpu: gpu.id, gpus: count });
    rows.push(
      ['FLOPs', `${fmt.flops(flops)} (6ND)`],
      ['hardware', `${count} × ${gpu.id} @ ${fmt.percent(mfu)} MFU${values.mfu === undefined ? ' (default)' : ''}, ${peak.tflops} TFLOPS ${peak.dtype} dense`],
      ['GPU-hours', fmt.hours(t.gpuHours)],
      ['wall clock', fmt.hours(t.wallClockHours)],
      ['cost', price === null ? `unknown: no default price for ${gpu.id}, pass --price` : `${fmt.dollars(t.costUsd)} at $${price}/GPU-h`],
    );
  }
  return values.json ? fmt.json(out) : fmt.table(rows);
}
