// scaling-lens predict --params N --tokens D [--unique-tokens U] [--law ID] [--vocab V]
//   [--gpu ID [--gpus K] [--mfu X] [--price USD] [--precision P] [--seq-len T] [--flops-convention C]] [--json]

import {
  assumeSplit,
  checkLawInputs,
  DEFAULT_GPU_COUNT,
  DEFAULT_LAW_ID,
  DEFAULT_MFU,
  designArchitecture,
  findLaw,
  FLOP_CONVENTIONS,
  flopsPerToken,
  formatInteger,
  hardwareTime,
  lossProblem,
  outsideFittedRange,
  peakFor,
  runLayoutText,
  vocabFor,
  vocabProblem,
  type Accelerator,
  type FlopConvention,
  type PeakChoice,
  type Precision,
  type ScalingLaw,
  type VocabChoice,
  type Architecture,
  type ParamCounts,
} from '../../core/index';
import { CLUSTER_EFFICIENCY, predictThroughput } from '../../core/throughput/index';
import * as args from '../args';
import { PREDICT } from '../spec';
import { CliError } from '../errors';
import * as fmt from '../format';

const PRECISIONS: readonly Precision[] = ['bf16', 'fp16', 'fp8', 'fp32'];

/**
 * Context length assumed for the attention FLOPs when --seq-len is not given: 2048, the
 * training context of Gopher and Chinchilla (Rae et al. 2021; Hoffmann et al. 2022), whose
 * data the default laws were fitted on. Stated as an assumption in the output.
 */
export const ASSUMED_SEQ_LEN = 2048;

export function predict(argv: string[]): string {
  const { values } = args.parseCommand(argv, PREDICT);
  const params = args.required(values, 'params', args.quantity(values, 'params'));
  const tokens = args.required(values, 'tokens', args.quantity(values, 'tokens'));
  const uniqueTokens = args.quantity(values, 'unique-tokens');
  const law = args.law(values) ?? findLaw(DEFAULT_LAW_ID)!;
  const problem = checkLawInputs({ params, tokens, ...(uniqueTokens !== undefined ? { uniqueTokens } : {}) });
  if (problem) throw new CliError(problem);
  if (uniqueTokens !== undefined && law.id !== 'muennighoff-2023')
    throw new CliError(`--unique-tokens needs the data-constrained law (--law muennighoff-2023); ${law.id} assumes every token is new`);
  const vocabGiven = args.quantity(values, 'vocab', { integer: true, min: 2 });
  const vocab = vocabFor(law, vocabGiven !== undefined ? { size: vocabGiven, source: '--vocab' } : undefined);
  if (vocab) {
    const notSubword = vocabProblem(law, vocab.size);
    if (notSubword) throw new CliError(notSubword.replace(/\.$/, ''));
  }
  const loss = law.predict(params, tokens, uniqueTokens !== undefined ? { uniqueTokens } : {});
  if (!Number.isFinite(loss)) throw new CliError(`${law.id} cannot predict a loss for these values`);
  const impossible = lossProblem(law, loss, vocab);
  if (impossible) throw new CliError(impossible);
  const warnings: string[] = [];
  const range = outsideFittedRange(law, params, tokens);
  if (range) warnings.push(range.message);

  const gpu = args.gpu(values);
  const hardwareFlags = ['gpus', 'mfu', 'cluster-efficiency', 'price', 'precision', 'seq-len', 'inter-node-gbps', 'flops-convention'].filter(
    (k) => values[k] !== undefined,
  );
  if (!gpu && hardwareFlags.length > 0) throw new CliError(`--${hardwareFlags[0]} needs --gpu`);
  const out: Record<string, unknown> = { law: law.id, params, tokens, ...(uniqueTokens !== undefined ? { uniqueTokens } : {}), loss, lossUnit: law.lossUnit };
  const rows: Array<[string, string]> = [
    ['law', `${law.id}: ${law.citation}`],
    [law.paramsKind === 'nonEmbedding' ? 'parameters (non-embedding)' : 'parameters', fmt.count(params)],
    ['tokens', fmt.qty(tokens)],
    ...(uniqueTokens !== undefined
      ? ([['unique tokens', `${fmt.qty(uniqueTokens)} (${fmt.decimals(tokens / uniqueTokens, 2)} epochs)`]] as Array<[string, string]>)
      : []),
    ['loss', `${fmt.loss(loss)} ${law.lossUnit}`],
  ];
  if (vocab) {
    out.vocab = { size: vocab.size, source: vocab.source };
    rows.push(['vocabulary', `${formatInteger(vocab.size)} tokens (${vocab.source}); a uniform guess scores ln V = ${fmt.decimals(Math.log(vocab.size), 2)}`]);
  }
  if (gpu) priceRun(values, gpu, law, params, tokens, vocab, rows, out, warnings);
  out.warnings = warnings;
  if (values.json) return fmt.json(out);
  return warnings.length ? [fmt.table(rows), 'warnings:', ...warnings.map((w) => `  ${w}`)].join('\n') : fmt.table(rows);
}

/** The peak for --precision; a dtype the catalog has no peak for is an error, not a silent substitute. */
function peakOf(gpu: Accelerator, raw: unknown): { peak: PeakChoice; precision: Precision } {
  if (raw === undefined) {
    const peak = peakFor(gpu, 'bf16');
    if (!peak) throw new CliError(`no BF16/FP16 peak for ${gpu.id} in the catalog`);
    return { peak, precision: 'bf16' };
  }
  const precision = String(raw).toLowerCase() as Precision;
  if (!PRECISIONS.includes(precision)) throw new CliError(`--precision must be one of ${PRECISIONS.join(', ')} (got ${String(raw)})`);
  const peak = peakFor(gpu, precision);
  if (!peak || peak.dtype !== precision) {
    const listed = Object.entries(gpu.peakTflops)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    throw new CliError(`no ${precision.toUpperCase()} peak for ${gpu.id} in the catalog (it lists ${listed} TFLOPS): pass a --precision it has`);
  }
  return { peak, precision };
}

/**
 * GPU time for N parameters on D tokens, in one FLOP convention named in the output (the
 * default, PaLM's, is the one the default MFUs were measured in and the one `estimate` uses).
 * Without a config the attention term and the embedding/head FLOPs need a shape: the shape the
 * budget calculator designs for N (core/shape.ts), with the vocabulary and context stated as
 * assumptions. Every convention here counts each weight 6 times per token, so the user's exact
 * N replaces the shape's: FLOPs/token = flops(shape) + 6·(N − N_shape).
 */
function priceRun(
  values: args.Options,
  gpu: Accelerator,
  law: ScalingLaw,
  params: number,
  tokens: number,
  vocab: VocabChoice | null,
  rows: Array<[string, string]>,
  out: Record<string, unknown>,
  warnings: string[],
): void {
  const count = args.quantity(values, 'gpus', { integer: true, min: 1, max: 10_000_000 }) ?? DEFAULT_GPU_COUNT;
  const statedMfu = args.mfu(values);
  const efficiency = args.clusterEfficiency(values) ?? CLUSTER_EFFICIENCY.value;
  // Checked even with --mfu, where it has nothing to change: a bad value is still an error.
  const gbps = args.interNodeGbps(values);
  const price = args.quantity(values, 'price', { min: 0 }) ?? gpu.pricePerHour;
  const { peak, precision } = peakOf(gpu, values.precision);
  const conventionRaw = values['flops-convention'] ?? 'palm';
  if (!(typeof conventionRaw === 'string' && conventionRaw in FLOP_CONVENTIONS))
    throw new CliError(`--flops-convention must be one of ${Object.keys(FLOP_CONVENTIONS).join(', ')}`);
  const convention = conventionRaw as FlopConvention;
  const seqGiven = args.quantity(values, 'seq-len', { integer: true, min: 1, max: 100_000_000 });
  const seqLen = seqGiven ?? ASSUMED_SEQ_LEN;

  let perToken: number;
  let basis: string;
  let shapeFor: { readonly arch: Architecture; readonly counts: ParamCounts; readonly flops: number } | null = null;
  if (convention === '6N' && law.paramsKind === 'total' && !vocab) {
    perToken = 6 * params;
    basis = '6·N, no shape needed';
  } else {
    if (!vocab) throw new CliError(`${law.id} names no training vocabulary: pass --vocab to price the embedding and output-head FLOPs`);
    const shape = designArchitecture(
      params,
      { family: 'llama', vocab: vocab.size, seqLen, norm: 'rmsnorm', positions: 'rotary', linearBias: false, tiedEmbeddings: false },
      { paramsKind: law.paramsKind },
    );
    const sixN = convention === '6N' && law.paramsKind === 'total';
    if (!shape.ok && sixN) {
      // 6N needs no shape; only the throughput model would have used one.
      perToken = 6 * params;
      basis = '6·N, no shape needed';
    } else if (!shape.ok) {
      throw new CliError(
        `cannot price ${fmt.qty(params)}${law.paramsKind === 'nonEmbedding' ? ' non-embedding' : ''} parameters in the ${convention} convention: its attention and output-head FLOPs need a shape, and ${shape.message.replace(/\.$/, '')}`,
      );
    } else {
      const a = shape.shape.architecture;
      perToken = sixN ? 6 * params : flopsPerToken(a, shape.shape.counts, convention) + 6 * (params - shape.shape.params);
      shapeFor = { arch: a, counts: shape.shape.counts, flops: flopsPerToken(a, shape.shape.counts, convention) };
      basis = `${sixN ? "6·N; the throughput model's " : ''}attention${law.paramsKind === 'nonEmbedding' ? ', embedding and output head' : ' and output head'} from an assumed Llama-style shape for N: ${a.layers} layers × d_model ${formatInteger(a.dModel)} (${a.heads} heads × ${a.headDim}), ${formatInteger(a.vocab)}-token vocabulary, context ${formatInteger(seqLen)}${seqGiven === undefined ? ' (assumed; --seq-len)' : ''}`;
      out.assumedShape = { layers: a.layers, dModel: a.dModel, heads: a.heads, headDim: a.headDim, vocab: a.vocab, seqLen };
    }
  }
  const flops = perToken * tokens;
  // Without --mfu the throughput model predicts tokens/s/GPU for the assumed shape (no layout
  // given: its defaults), scaled to the exact N by the ratio of FLOPs per token.
  // A shape that does not fit as plain data parallelism is priced with the split assumeSplit assumes.
  const model = (() => {
    if (statedMfu !== undefined || !shapeFor) return null;
    const network = gbps !== undefined ? { interNodeGbps: { value: gbps, origin: 'stated' as const, source: 'flag --inter-node-gbps' } } : undefined;
    const run = {
      arch: shapeFor.arch,
      counts: shapeFor.counts,
      acc: gpu,
      precision,
      gpuCount: count,
      seqLen,
      batchTokens: null,
      ...(network ? { setup: network } : {}),
    };
    const split = assumeSplit(run);
    return predictThroughput({ ...run, ...(split ? { setup: split } : {}), convention });
  })();
  const predicted = model?.ok ? model.throughput : null;
  const tps = predicted ? (predicted.tokensPerSecPerGpu * shapeFor!.flops) / perToken : null;
  const mfu = statedMfu ?? (tps !== null ? (tps * perToken) / (peak.tflops * 1e12) : DEFAULT_MFU[gpu.generation].mfu);
  const t =
    tps !== null
      ? (() => {
          const gpuHours = tokens / tps / 3600 / efficiency;
          return { gpuHours, wallClockHours: gpuHours / count, costUsd: price !== null ? gpuHours * price : null };
        })()
      : hardwareTime(flops, peak.tflops, mfu, count, price);
  if (tps !== null) {
    out.throughput = {
      source: 'model',
      tokensPerSecPerGpu: tps,
      mfu,
      hfu: (mfu * predicted!.hfu) / predicted!.mfu,
      stepSeconds: predicted!.stepSeconds,
      clusterEfficiency: efficiency,
      breakdown: predicted!.breakdown,
      layout: (({ tp, pp, vp, cp, dp, sharding, checkpointing, microBatch, microBatches, batchTokens }) => ({
        text: runLayoutText(predicted!.layout),
        tp,
        pp,
        vp,
        cp,
        dp,
        sharding,
        checkpointing: checkpointing.mode,
        microBatch,
        microBatches,
        batchTokens,
      }))(predicted!.layout),
      layoutAssumptions: predicted!.assumptions,
    };
  }
  const conventionName = FLOP_CONVENTIONS[convention].name;
  Object.assign(out, {
    flops,
    flopsConvention: convention,
    sixND: 6 * params * tokens,
    gpuHours: t.gpuHours,
    wallClockHours: t.wallClockHours,
    costUsd: t.costUsd,
    mfu,
    precision,
    peakTflops: peak.tflops,
    gpu: gpu.id,
    gpus: count,
  });
  if (values.mfu === undefined && tps === null && convention !== 'palm')
    warnings.push(
      `The default MFU (${fmt.percent(mfu)}) was measured in the PaLM convention; with ${conventionName} FLOPs pass your own --mfu, or the hours are off by the ratio of the two conventions.`,
    );
  if (peak.note) warnings.push(peak.note);
  if (values.mfu === undefined && tps === null && precision === 'fp8')
    warnings.push(
      `The default MFU (${fmt.percent(mfu)}) comes from BF16 runs; measured against the FP8 peak (twice BF16's), runs reach a lower MFU: pass your own --mfu.`,
    );
  rows.push(
    ['FLOPs', `${fmt.flops(flops)} (${conventionName}; ${basis}); 6ND ${fmt.flops(6 * params * tokens)}`],
    [
      'hardware',
      `${count} × ${gpu.id} @ ${fmt.percent(mfu)} MFU${values.mfu !== undefined ? '' : tps !== null ? '' : ` (default, ${FLOP_CONVENTIONS.palm.name} convention)`}, ${peak.tflops} TFLOPS ${peak.dtype} dense`,
    ],
    ...(tps !== null
      ? ([
          [
            'throughput',
            `${fmt.qty(tps)} tokens/s/GPU, predicted by the throughput model for the assumed shape with no layout given, so its defaults: ${runLayoutText(predicted!.layout)}; GPU-hours ÷ ${efficiency} cluster efficiency; pass --mfu to use your own`,
          ],
        ] as Array<[string, string]>)
      : []),
    ['GPU-hours', fmt.gpuHours(t.gpuHours)],
    ['wall clock', fmt.wallClock(t.wallClockHours, count)],
    ['cost', price === null ? `unknown: no default price for ${gpu.id}, pass --price` : `${fmt.dollars(t.costUsd)} at ${fmt.dollars(price)}/GPU-h`],
  );
}
