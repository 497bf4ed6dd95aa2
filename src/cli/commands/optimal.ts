// scaling-lens optimal (--flops C | --gpu ID --gpus K --days T [--mfu X]) [--law ID] [--unique-tokens U] [--json]
//   [--config FRAMEWORK [--point ID]]: print a training config for the answer instead (budget calculator).

import { proposeConfig, WRITERS, type FrameworkId } from '../../configs/writers/index';
import {
  answerBudget,
  BUDGET_FLOPS_NOTE,
  budgetFloorMessage,
  budgetReport,
  checkBudget,
  checkLawInputs,
  deepseekNote,
  DEFAULT_ACCELERATOR_ID,
  DEFAULT_GPU_COUNT,
  DEFAULT_LAW_ID,
  findLaw,
  kaplanNote,
  lossProblem,
  lowerAlternativeNote,
  MIN_SENSIBLE_PARAMS,
  muennighoff2023,
  outsideFittedRange,
  plateauNote,
  vocabFor,
  type BudgetAnswer,
  type BudgetInput,
  type BudgetReport,
  type BudgetSpec,
  type ScalingLaw,
} from '../../core/index';
import * as args from '../args';
import { OPTIMAL } from '../spec';
import { CliError } from '../errors';
import { formatExponent } from '../../format/index';
import * as fmt from '../format';

export function optimal(argv: string[]): string {
  const { values } = args.parseCommand(argv, OPTIMAL);
  const law = args.law(values) ?? findLaw(DEFAULT_LAW_ID)!;
  const gpu = args.gpu(values);
  let spec: BudgetSpec;
  if (values.flops !== undefined) {
    // With --config, --gpu and --gpus say what runs the FLOPs (the directive of the config).
    if ((gpu && values.config === undefined) || values.days !== undefined || values.dollars !== undefined)
      throw new CliError('give either --flops or a hardware budget (--gpu --gpus --days, or --dollars --gpu), not both');
    spec = { kind: 'flops', flops: args.required(values, 'flops', args.quantity(values, 'flops')) };
  } else if (values.dollars !== undefined) {
    if (!gpu) throw new CliError('--dollars needs --gpu');
    const price = args.quantity(values, 'price');
    const mfu = args.mfu(values);
    spec = {
      kind: 'dollars',
      usd: args.required(values, 'dollars', args.quantity(values, 'dollars')),
      gpu,
      ...(price !== undefined ? { pricePerHour: price } : {}),
      ...(mfu !== undefined ? { mfu } : {}),
    };
  } else if (gpu) {
    const mfu = args.mfu(values);
    spec = {
      kind: 'gpu-time',
      gpu,
      count: args.required(values, 'gpus', args.quantity(values, 'gpus', { integer: true, min: 1 })),
      days: args.required(values, 'days', args.quantity(values, 'days')),
      ...(mfu !== undefined ? { mfu } : {}),
    };
  } else {
    throw new CliError('give a budget: --flops C, or --gpu ID --gpus K --days T, or --dollars USD --gpu ID');
  }
  const problem = checkBudget(spec);
  if (problem) throw new CliError(problem);
  const uniqueTokens = args.quantity(values, 'unique-tokens');
  if (uniqueTokens !== undefined) {
    const p = checkLawInputs({ uniqueTokens });
    if (p) throw new CliError(p);
  }
  // A hardware budget without --mfu is priced by the throughput model (budgetReport): the answer is then the law's for the C it finds.
  let hw: BudgetReport | null = null;
  if (spec.kind !== 'flops') {
    const rep = budgetReport(budgetInputOf(values, spec, law.id, uniqueTokens));
    if (!rep.ok) throw new CliError(rep.message);
    hw = rep.report;
  }
  const answer =
    hw && hw.hardware.mfuSource === 'model' ? answerBudget({ kind: 'flops', flops: hw.flops }, law, uniqueTokens) : answerBudget(spec, law, uniqueTokens);
  const o = answer.optimal;
  if (![o.params, o.tokens, o.loss].every(Number.isFinite)) throw new CliError(`${law.id} has no finite optimum for ${answer.budget.flops} FLOPs`);
  if (o.params < MIN_SENSIBLE_PARAMS) throw new CliError(budgetFloorMessage(law, answer.budget.flops, o.params));
  const impossible = lossProblem(law, o.loss, vocabFor(law));
  if (impossible) throw new CliError(impossible);
  if (values.config !== undefined) return config(values, spec, law.id, uniqueTokens);
  if (values.point !== undefined) throw new CliError('--point needs --config');

  const notes = optimalNotes(answer, law, spec);
  if (values.json) {
    return fmt.json({
      law: law.id,
      flops: answer.budget.flops,
      params: o.params,
      tokens: o.tokens,
      loss: o.loss,
      lossUnit: law.lossUnit,
      tokensPerParam: o.tokens / o.params,
      flopsConvention:
        spec.kind === 'flops' ? "the law's C = 6ND" : "model FLOPs at the MFU's convention (PaLM for the default MFUs), read as the law's C = 6ND",
      ...(hw
        ? {
            gpuHours: hw.gpuHours,
            // The compute-optimal model's own hours: the budget's, unless the budget falls where the shape gains a layer.
            optimalGpuHours: hw.optimal.run?.gpuHours ?? hw.gpuHours,
            mfu: hw.hardware.mfu,
            mfuSource: hw.hardware.mfuSource,
            throughput: hw.throughput && {
              source: hw.hardware.mfuSource === 'given' ? 'mfu' : 'model',
              tokensPerSecPerGpu: hw.throughput.tokensPerSecPerGpu,
              mfu: hw.throughput.mfu,
              hfu: hw.throughput.hfu,
              stepSeconds: hw.throughput.stepSeconds,
              clusterEfficiency: hw.hardware.mfuSource === 'given' ? 1 : hw.throughput.clusterEfficiency,
              layout: hw.throughput.layout,
            },
            memory: hw.optimal.run ? { perGpuBytes: hw.optimal.run.perGpuBytes, capacityBytes: hw.optimal.run.capacityBytes, fits: hw.optimal.run.fits } : null,
          }
        : {}),
      alternatives: answer.alternatives,
      ...(answer.dataConstrained ? { dataConstrained: answer.dataConstrained } : {}),
      criticalBatchTokens: answer.criticalBatchTokens,
      deepseek: { learningRate: answer.deepseek.learningRate, batchTokens: answer.deepseek.batchTokens, flops: answer.deepseek.flops },
      notes,
    });
  }
  const nKind = law.paramsKind === 'nonEmbedding' ? ' (non-embedding)' : '';
  const rows: Array<[string, string]> = [
    ['law', `${law.id}: ${law.citation}`],
    [
      'budget',
      hw
        ? hw.hardware.mfuSource === 'model'
          ? `${fmt.flops(hw.flops)} (the law's C = 6ND of the model the GPU time trains) = ${hw.derivation}`
          : `${fmt.flops(answer.budget.flops)} (model FLOPs at the MFU's convention, read as the law's C = 6ND) = ${answer.budget.derivation}`
        : `${fmt.flops(answer.budget.flops)} (the law's C = 6ND)`,
    ],
    ...(hw?.throughput
      ? [
          [
            'throughput',
            `${fmt.qty(hw.throughput.tokensPerSecPerGpu)} tokens/s/GPU · MFU ${fmt.percent(hw.throughput.mfu)} · HFU ${fmt.percent(hw.throughput.hfu)} on ${hw.throughput.layout}${hw.hardware.mfuSource === 'given' ? ` (predicted; your --mfu ${fmt.percent(hw.hardware.mfu)} is used)` : ` (predicted; GPU-hours ÷ ${hw.throughput.clusterEfficiency} cluster efficiency)`}`,
          ] as [string, string],
        ]
      : []),
    [`parameters${nKind}`, fmt.qty(o.params)],
    ['tokens', `${fmt.qty(o.tokens)} (${fmt.ratio(o.tokens / o.params)} per parameter)`],
    ['loss', `${fmt.loss(o.loss)} ${law.lossUnit}`],
    ...answer.alternatives.map((a): [string, string] => [
      `1/${Math.round(1 / a.fraction)} size`,
      `${fmt.qty(a.params)} params on ${fmt.qty(a.tokens)} tokens: loss ${fmt.loss(a.loss)} (${lossDifference(a.penalty)})`,
    ]),
  ];
  if (answer.dataConstrained) {
    const d = answer.dataConstrained;
    rows.push([
      'with unique-token limit',
      `${fmt.qty(d.params)} params on ${fmt.qty(d.tokens)} tokens = ${epochsText(d.epochs!)} epochs of ${fmt.qty(d.uniqueTokens)}: loss ${fmt.loss(d.loss)} (repetition costs +${fmt.decimals(d.repetitionCost, 4)}, muennighoff-2023)`,
    ]);
  }
  rows.push(
    ['critical batch', `${fmt.qty(answer.criticalBatchTokens)} tokens (Kaplan 2020 Eq. 1.4, WebText2 units)`],
    [
      'DeepSeek batch / LR',
      `${fmt.qty(answer.deepseek.batchTokens)} tokens, lr ${formatExponent(answer.deepseek.learningRate, 2)} (DeepSeek LLM 2024, fed C = ${fmt.flops(answer.deepseek.flops)}: see notes)`,
    ],
  );
  return [fmt.table(rows), 'notes:', ...notes.map((n) => `  ${n}`)].join('\n');
}

/** "+0.0442" for a cost, "−0.0060, lower" for a gain: a negative penalty is not a penalty. */
export function lossDifference(v: number): string {
  return v >= 0 ? `+${fmt.decimals(v, 4)}` : `−${fmt.decimals(Math.abs(v), 4)}, lower`;
}

/** 9.49 epochs, or 8.32e4 for the absurd ones. */
function epochsText(e: number): string {
  return e < 1e4 ? fmt.decimals(e, 2) : formatExponent(e, 2);
}

/** The caveats of an answer, in the order they matter: the law's own, extrapolation, repetition, FLOPs, DeepSeek's C. */
function optimalNotes(answer: BudgetAnswer, law: ScalingLaw, spec: BudgetSpec): string[] {
  const o = answer.optimal;
  const notes: string[] = [];
  if (law.id === 'kaplan-2020') notes.push(kaplanNote(answer.budget.flops, o));
  const lower = answer.alternatives.filter((a) => a.penalty < 0);
  if (lower.length > 0)
    notes.push(
      lowerAlternativeNote(
        law,
        lower.map((a) => `1/${Math.round(1 / a.fraction)}`),
      ),
    );
  const range = outsideFittedRange(law, o.params, o.tokens);
  if (range) notes.push(range.message);
  const d = answer.dataConstrained;
  if (d) {
    const dRange = outsideFittedRange(muennighoff2023, d.params, d.tokens);
    if (dRange && law.id !== 'muennighoff-2023') notes.push(dRange.message);
    if (d.plateau) notes.push(plateauNote(d.uniqueTokens, d.plateau.tolerance, d.plateauFromFlops ?? null));
  }
  notes.push(spec.kind === 'flops' ? "FLOPs are the law's C = 6ND (no attention term)." : BUDGET_FLOPS_NOTE);
  notes.push(deepseekNote(answer.deepseek.flops));
  return notes;
}

/** `--config FRAMEWORK`: the budget calculator's config for a point of the answer, as text (or JSON). */
function config(values: args.Options, spec: BudgetSpec, law: string, uniqueTokens: number | undefined): string {
  const framework = String(values.config);
  if (!WRITERS.some((w) => w.id === framework)) throw new CliError(`unknown --config "${framework}" (${WRITERS.map((w) => w.id).join(', ')})`);
  const report = budgetReport(budgetInputOf(values, spec, law, uniqueTokens));
  if (!report.ok) throw new CliError(report.message);
  const out = proposeConfig(report.report, typeof values.point === 'string' ? values.point : 'optimal', framework as FrameworkId);
  if (!out.ok) throw new CliError(out.message);
  const p = out.proposal;
  if (values.json) {
    return fmt.json({
      framework: p.framework,
      fileName: p.fileName,
      params: p.params,
      paramsError: p.paramsError,
      tokens: p.tokens,
      steps: p.steps,
      batchTokens: p.batchTokens,
      gpuHours: p.gpuHours,
      layout: p.layout,
      memory: p.memory,
      notes: p.notes,
      config: p.text,
    });
  }
  return p.text.replace(/\n$/, '');
}

/** The budget as the calculator's input: --gpus, --mfu and --price with it (a FLOPs budget runs on --gpu, else the default GPU). */
function budgetInputOf(values: args.Options, spec: BudgetSpec, law: string, uniqueTokens: number | undefined): BudgetInput {
  const gpus = args.quantity(values, 'gpus', { integer: true, min: 1 });
  const common = {
    gpu: spec.kind === 'flops' ? (args.gpu(values)?.id ?? DEFAULT_ACCELERATOR_ID) : spec.gpu.id,
    gpus: gpus ?? DEFAULT_GPU_COUNT,
    ...(spec.kind !== 'flops' && spec.mfu !== undefined ? { mfu: spec.mfu } : {}),
    ...(spec.kind === 'flops' && args.mfu(values) !== undefined ? { mfu: args.mfu(values)! } : {}),
    ...(args.quantity(values, 'price') !== undefined ? { price: args.quantity(values, 'price')! } : {}),
    law,
    ...(uniqueTokens !== undefined ? { uniqueTokens } : {}),
  };
  return spec.kind === 'gpu-time'
    ? { ...common, kind: 'gpu-time', days: spec.days }
    : spec.kind === 'dollars'
      ? { ...common, kind: 'dollars', usd: spec.usd }
      : { ...common, kind: 'flops', flops: spec.flops };
}
