// scaling-lens budget --finetune --gpu ID [--gpus K] [--seq-len N] [--micro-batch B] [--json]
//   [--model HF_ID --method full|lora|qlora [--config llama-factory]]: what these GPUs can fine-tune
//   (the fine-tuning planner), one model's plan, or its LLaMA-Factory config.

import { releasedModels } from '../../configs/fineTuneModels';
import { findHfModel } from '../../configs/registry/hf';
import { writeLlamaFactory } from '../../configs/writers/llamaFactory';
import {
  checkFineTuneRequest,
  PLANNED_METHODS,
  planFineTunes,
  type FineTunePlan,
  type MethodPlan,
  type ModelPlan,
  type PlannedMethod,
} from '../../core/fineTunePlanner';
import * as args from '../args';
import { BUDGET } from '../spec';
import { CliError } from '../errors';
import * as fmt from '../format';

const NAMES: Readonly<Record<PlannedMethod, string>> = { full: 'full', lora: 'LoRA', qlora: 'QLoRA' };

export function budget(argv: string[]): string {
  const { values } = args.parseCommand(argv, BUDGET);
  if (!values.finetune) throw new CliError('budget needs --finetune (the pretraining budget is `scaling-lens optimal`)');
  const acc = args.gpu(values);
  if (!acc) throw new CliError('--finetune needs --gpu (run `scaling-lens gpus` for the ids)');
  const gpus = args.quantity(values, 'gpus', { integer: true, min: 1 }) ?? 1;
  const seqLen = args.quantity(values, 'seq-len', { integer: true, min: 1 });
  const microBatch = args.quantity(values, 'micro-batch', { integer: true, min: 1 });
  const request = { acc, gpus, ...(seqLen !== undefined ? { seqLen } : {}), ...(microBatch !== undefined ? { microBatch } : {}) };
  const problem = checkFineTuneRequest(request);
  if (problem) throw new CliError(problem);

  const method = values.method;
  if (method !== undefined && !PLANNED_METHODS.includes(method as PlannedMethod))
    throw new CliError(`unknown --method "${String(method)}" (full, lora or qlora)`);
  const modelId = values.model;
  if (modelId !== undefined) {
    const entry = typeof modelId === 'string' ? findHfModel(modelId) : undefined;
    if (!entry) throw new CliError(`unknown --model "${String(modelId)}" (a Hugging Face id in Scaling Lens's table, e.g. meta-llama/Llama-3.1-8B)`);
    const model = releasedModels().find((m) => m.id === entry.id);
    if (!model) throw new CliError(`${entry.id}: its architecture cannot be counted, so it cannot be planned`);
    const plan = planFineTunes([model], request);
    const m = plan.models[0]!;
    if (values.config !== undefined) {
      if (values.config !== 'llama-factory') throw new CliError(`unknown --config "${String(values.config)}" (llama-factory)`);
      if (method === undefined) throw new CliError('--config needs --method (full, lora or qlora)');
      const chosen = m.methods[method as PlannedMethod];
      if (!chosen.fits)
        throw new CliError(
          `${m.id} with ${NAMES[method as PlannedMethod]} does not fit on ${gpus} × ${acc.id}: ${chosen.perGpuBytes !== null ? `≈ ${gib(chosen.perGpuBytes)} GiB per GPU of ${acc.memoryGB} GB` : (chosen.reason ?? 'memory unknown')}`,
        );
      const out = writeLlamaFactory(plan, m, method as PlannedMethod);
      return values.json ? fmt.json({ fileName: out.fileName, model: m.id, method, config: out.text }) : out.text.replace(/\n$/, '');
    }
    if (values.json) return fmt.json({ ...planJson(plan), models: [modelJson(m)] });
    return [fmt.table(modelRows(m, plan, method as PlannedMethod | undefined)), 'assumptions:', ...plan.assumptions.map((a) => `  ${a}`)].join('\n');
  }
  if (values.config !== undefined) throw new CliError('--config needs --model and --method');
  if (method !== undefined) throw new CliError('--method needs --model');

  const plan = planFineTunes(releasedModels(), request);
  if (values.json) return fmt.json({ ...planJson(plan), models: plan.models.map(modelJson) });
  const rows: Array<[string, string]> = [
    ['hardware', `${gpus} × ${acc.id} (${acc.memoryGB} GB), sequence length ${plan.seqLen}, micro-batch ${plan.microBatch}`],
    ...PLANNED_METHODS.map((k): [string, string] => {
      const id = plan.largest[k];
      const m = id ? plan.models.find((x) => x.id === id)! : null;
      return [
        `largest ${NAMES[k]}`,
        m ? `${m.id} (${fmt.qty(m.counts.total)} parameters): ≈ ${gib(m.methods[k].perGpuBytes!)} GiB/GPU` : `none of the ${plan.models.length} models fits`,
      ];
    }),
  ];
  const width = Math.max(...plan.models.map((m) => m.id.length));
  const lines = plan.models.map(
    (m) => `  ${m.id.padEnd(width)}  ${fmt.qty(m.counts.total).padStart(6)}  ${PLANNED_METHODS.map((k) => `${NAMES[k]} ${cell(m.methods[k])}`).join('  ')}`,
  );
  return [fmt.table(rows), 'per GPU (✓ fits in 90%):', ...lines, 'assumptions:', ...plan.assumptions.map((a) => `  ${a}`)].join('\n');
}

function gib(bytes: number): string {
  return fmt.decimals(bytes / 2 ** 30, 1);
}

function cell(p: MethodPlan): string {
  return p.perGpuBytes === null
    ? p.reason?.startsWith('its learned position table')
      ? 'too long  ✗'
      : 'unknown'
    : `${gib(p.perGpuBytes).padStart(6)} GiB ${p.fits ? '✓' : '✗'}`;
}

function planJson(plan: FineTunePlan): Record<string, unknown> {
  return {
    gpu: plan.gpu,
    gpus: plan.gpus,
    capacityBytes: plan.capacityBytes,
    seqLen: plan.seqLen,
    microBatch: plan.microBatch,
    gradAccum: plan.gradAccum,
    largest: plan.largest,
    assumptions: plan.assumptions,
  };
}

function modelJson(m: ModelPlan): Record<string, unknown> {
  return {
    id: m.id,
    params: m.counts.total,
    methods: Object.fromEntries(
      PLANNED_METHODS.map((k) => {
        const p = m.methods[k];
        return [
          k,
          {
            perGpuBytes: p.perGpuBytes,
            fits: p.fits,
            trainableParams: p.trainableParams,
            breakdown: p.memory?.breakdown ?? null,
            tokensPerSecPerGpu: p.tokensPerSecPerGpu,
            mfu: p.mfu,
            reason: p.reason,
          },
        ];
      }),
    ),
  };
}

function modelRows(m: ModelPlan, plan: FineTunePlan, only: PlannedMethod | undefined): Array<[string, string]> {
  const rows: Array<[string, string]> = [
    ['model', `${m.id}: ${fmt.qty(m.counts.total)} parameters (${m.counts.total.toLocaleString('en-US')})`],
    [
      'hardware',
      `${plan.gpus} × ${plan.gpu} (${fmt.decimals(plan.capacityBytes / 1e9, 0)} GB), sequence length ${plan.seqLen}, micro-batch ${plan.microBatch}`,
    ],
  ];
  for (const k of only ? [only] : PLANNED_METHODS) {
    const p = m.methods[k];
    if (p.perGpuBytes === null) {
      rows.push([NAMES[k], `memory unknown: ${p.reason}`]);
      continue;
    }
    const b = p.memory!.breakdown;
    const parts = (['weights', 'gradients', 'optimizer', 'activations', 'logits', 'overhead'] as const).map((t) => `${t} ${gib(b[t])}`).join(', ');
    rows.push([
      NAMES[k],
      `≈ ${gib(p.perGpuBytes)} GiB/GPU ${p.fits ? '✓ fits' : '✗ does not fit'} (${parts} GiB); ${p.trainableParams!.toLocaleString('en-US')} trainable${p.tokensPerSecPerGpu !== null ? `; ${fmt.qty(p.tokensPerSecPerGpu)} tokens/s/GPU (throughput model)` : ''}`,
    ]);
  }
  return rows;
}
