// scaling-lens optimal (--flops C | --gpu ID --gpus K --days T [--mfu X]) [--law ID] [--unique-tokens U] [--json]
//   [--config FRAMEWORK [--point ID]]: print a training config for the answer instead (budget calculator).

import { proposeConfig, WRITERS, type FrameworkId } from '../../configs/writers/index';
import { answerBudget, budgetFloorMessage, budgetReport, checkBudget, checkLawInputs, DEFAULT_ACCELERATOR_ID, DEFAULT_GPU_COUNT, DEFAULT_LAW_ID, findLaw, MIN_SENSIBLE_PARAMS, type BudgetInput, type BudgetSpec } from '../../core/index';
import * as args from '../args';
import { OPTIMAL } from '../spec';
import { CliError } from '../errors';
import * as fmt from '../format';

export function optimal(argv: string[]): string {
  const { values } = args.parseCommand(argv, OPTIMAL);
  const law = args.law(values) ?? findLaw(DEFAULT_LAW_ID)!;
  const gpu = args.gpu(values);
  let spec: BudgetSpec;
  if (values.flops !== undefined) {
    // With --config, --gpu and --gpus say what runs the FLOPs (the directive of the config).
    if ((gpu && values.config === undefined) || values.days !== undefined || values.dollars !== undefined) throw new CliError('give either --flops or a hardware budget (--gpu --gpus --days, or --dollars --gpu), not both');
    spec = { kind: 'flops', flops: args.required(values, 'flops', args.quantity(values, 'flops')) };
  } else if (values.dollars !== undefined) {
    if (!gpu) throw new CliError('--dollars needs --gpu');
    const price = args.quantity(values, 'price');
    const mfu = args.mfu(values);
    spec = { kind: 'dollars', usd: args.required(values, 'dollars', args.quantity(values, 'dollars')), gpu, ...(price !== undefined ? { pricePerHour: price } : {}), ...(mfu !== undefined ? { mfu } : {}) };
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
  const answer = answerBudget(spec, law, uniqueTokens);
  const o = answer.optimal;
  if (![o.params, o.tokens, o.loss].every(Number.isFinite)) throw new CliError(`${law.id} has no finite optimum for ${answer.budget.flops} FLOPs`);
  if (o.params < MIN_SENSIBLE_PARAMS) throw new CliError(budgetFloorMessage(law, answer.budget.flops, o.params));
  if (values.config !== undefined) return config(values, spec, law.id, uniqueTokens);
  if (values.point !== undefined) throw new CliError('--point needs --config');

  if (values.json) {
    return fmt.json({
      law: law.id,
      flops: answer.budget.flops,
      params: o.params,
      tokens: o.tokens,
      loss: o.loss,
      lossUnit: law.lossUnit,
      tokensPerParam: o.tokens / o.params,
      ...(answer.budget.gpuHours !== null ? { gpuHours: answer.budget.gpuHours, mfu: answer.budget.mfu } : {}),
      alternatives: answer.alternatives,
      ...(answer.dataConstrained ? { dataConstrained: answer.dataConstrained } : {}),
      criticalBatchTokens: answer.criticalBatchTokens,
      deepseek: { learningRate: answer.deepseek.learningRate, batchTokens: answer.deepseek.batchTokens },
    });
  }
  const nKind = law.paramsKind === 'nonEmbedding' ? ' (non-embedding)' : '';
  const rows: Array<[string, string]> = [
    ['law', `${law.id}: ${law.citation}`],
    ['budget', `${fmt.flops(answer.budget.flops)}${answer.budget.gpuHours !== null ? ` = ${answer.budget.derivation}` : ''}`],
    [`parameters${nKind}`, fmt.qty(o.params)],
    ['tokens', `${fmt.qty(o.tokens)} (${(o.tokens / o.params).toFixed(1)} per parameter)`],
    ['loss', `${fmt.loss(o.loss)} ${law.lossUnit}`],
    ...answer.alternatives.map((a): [string, string] => [`1/${Math.round(1 / a.fraction)} size`, `${fmt.qty(a.params)} params on ${fmt.qty(a.tokens)} tokens: loss ${fmt.loss(a.loss)} (+${a.penalty.toFixed(4)})`]),
  ];
  if (answer.dataConstrained) {
    const d = answer.dataConstrained;
    rows.push(['with unique-token limit', `${fmt.qty(d.params)} params on ${fmt.qty(d.tokens)} tokens = ${d.epochs!.toFixed(2)} epochs of ${fmt.qty(d.uniqueTokens)}: loss ${fmt.loss(d.loss)} (repetition costs +${d.repetitionCost.toFixed(4)}, muennighoff-2023)`]);
  }
  rows.push(
    ['critical batch', `${fmt.qty(answer.criticalBatchTokens)} tokens (Kaplan 2020 Eq. 1.4, WebText2 units)`],
    ['DeepSeek batch / LR', `${fmt.qty(answer.deepseek.batchTokens)} tokens, lr ${answer.deepseek.learningRate.toExponential(2)} (DeepSeek LLM 2024)`],
  );
  return fmt.table(rows);
}

/** `--config FRAMEWORK`: the budget calculator's config for a point of the answer, as text (or JSON). */
function config(values: args.Options, spec: BudgetSpec, law: string, uniqueTokens: number | undefined): string {
  const framework = String(values.config);
  if (!WRITERS.some((w) => w.id === framework)) throw new CliError(`unknown --config "${framework}" (${WRITERS.map((w) => w.id).join(', ')})`);
  const gpus = args.quantity(values, 'gpus', { integer: true, min: 1 });
  const input: BudgetInput = {
    kind: spec.kind,
    gpu: spec.kind === 'flops' ? (args.gpu(values)?.id ?? DEFAULT_ACCELERATOR_ID) : spec.gpu.id,
    gpus: gpus ?? DEFAULT_GPU_COUNT,
    ...(spec.kind === 'gpu-time' ? { days: spec.days } : {}),
    ...(spec.kind === 'dollars' ? { usd: spec.usd } : {}),
    ...(spec.kind === 'flops' ? { flops: spec.flops } : {}),
    ...(spec.kind !== 'flops' && spec.mfu !== undefined ? { mfu: spec.mfu } : {}),
    ...(spec.kind === 'flops' && args.mfu(values) !== undefined ? { mfu: args.mfu(values)! } : {}),
    ...(args.quantity(values, 'price') !== undefined ? { price: args.quantity(values, 'price')! } : {}),
    law,
    ...(uniqueTokens !== undefined ? { uniqueTokens } : {}),
  };
  const report = budgetReport(input);
  if (!report.ok) throw new CliError(report.message);
  const out = proposeConfig(report.report, typeof values.point === 'string' ? values.point : 'optimal', framework as FrameworkId);
  if (!out.ok) throw new CliError(out.message);
  const p = out.proposal;
  if (values.json) {
    return fmt.json({ framework: p.framework, fileName: p.fileName, params: p.params, paramsError: p.paramsError, tokens: p.tokens, steps: p.steps, batchTokens: p.batchTokens, gpuHours: p.gpuHours, notes: p.notes, config: p.text });
  }
  return p.text.replace(/\n$/, '');
}
