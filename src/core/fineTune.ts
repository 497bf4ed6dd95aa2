// A run that starts from trained weights: what it trains (trainable parameters) and what a
// token costs under its method. Pretraining laws do not describe it (estimate.ts then shows
// no loss), so this is the part of the estimate that does apply.
//
// FLOPs per token. Training a weight matrix costs 2 FLOPs per weight forward, 2 for the
// gradient with respect to its input and 2 for the gradient with respect to the weight
// (Narayanan et al. 2021, arXiv:2104.04473, §5.1: "the backward pass requires double the
// number of FLOPs since we need to calculate the gradients with respect to both the input and
// weight tensors"). A frozen weight skips the last 2: 4 of 6, two thirds of full fine-tuning
// for the matmuls (the speed-up Hu et al. 2021, LoRA, §4.2 report: "we do not need to
// calculate the gradient for the vast majority of the parameters"). Attention scores have no
// weights and keep their full cost. Adapters train in full: 6 FLOPs per adapter parameter.
// A preference loss with a reference model (DPO, KTO) adds the reference's forward pass, a
// third of the full model's training FLOPs per token.

import type { Architecture } from './architecture';
import { adapterParams } from './adapters';
import type { FlopConvention, ParamCounts } from './model';
import type { TrainingPlan } from './plan';
import type { FineTuneMethod, TrainingStage } from './runSetup';

export interface FineTuneEstimate {
  readonly stage: TrainingStage | null;
  readonly method: FineTuneMethod | null;
  /** The run starts from trained weights: pretraining laws do not predict its loss. */
  readonly fromTrainedWeights: boolean;
  /** Exact trainable parameters; null when the method's count is not known (the note says why). */
  readonly trainable: number | null;
  readonly trainableNote: string;
  /** FLOPs per token under the method (null when the base's are unknown). */
  readonly perToken: number | null;
  /** How the per-token FLOPs differ from full training, for the hover. */
  readonly flopsNote: string | null;
  /** A frozen reference model's forward pass is counted. */
  readonly referenceForward: boolean;
}

export const FINE_TUNE_LOSS_REASON =
  'pretraining laws do not apply to a run that starts from trained weights: they predict the loss of a model trained from scratch on D tokens, not of a checkpoint trained further';

const FROZEN_BASE: ReadonlySet<FineTuneMethod> = new Set(['lora', 'qlora', 'dora', 'prefix-tuning', 'prompt-tuning']);
/** Preference losses that compare against a frozen reference model (ORPO and SimPO are reference-free). */
const REFERENCE_STAGES: ReadonlySet<TrainingStage> = new Set(['dpo', 'kto', 'ppo', 'grpo']);

/** Weights the convention's 6N term counts (each trained weight costs 6 FLOPs per token in it). */
function matmulWeights(a: Architecture, counts: ParamCounts, convention: FlopConvention): number {
  if (convention === '6N') return counts.active;
  if (convention === 'kaplan') return counts.activeNonEmbedding;
  return counts.activeNonEmbedding + a.vocab * (a.embedDim ?? a.dModel);
}

/**
 * The fine-tune part of the estimate, or null for a run that pretrains from scratch (or says
 * nothing about its kind). `init` is the reader's: where the weights come from.
 */
export function fineTuneEstimate(
  plan: TrainingPlan,
  init: 'pretrained' | 'scratch' | undefined,
  arch: Architecture | null,
  counts: ParamCounts | null,
  basePerToken: number | null,
  convention: FlopConvention,
): FineTuneEstimate | null {
  const stage = plan.kind?.stage?.value ?? null;
  const method = plan.kind?.method?.value ?? null;
  const fromTrainedWeights = stage !== null ? stage !== 'pretrain' : init === 'pretrained';
  // Training every weight from scratch is pretraining, whatever the file calls its method.
  if (!fromTrainedWeights && (!method || method === 'full')) return null;

  // Trainable parameters.
  let trainable: number | null = null;
  let trainableNote: string;
  const adapter = plan.kind?.adapter?.value;
  if (method && FROZEN_BASE.has(method) && method !== 'prefix-tuning' && method !== 'prompt-tuning') {
    if (!adapter) trainableNote = 'the adapter rank or target modules are not known';
    else if (!arch) trainableNote = 'the model is not known';
    else {
      const r = adapterParams(arch, adapter, method === 'dora');
      trainable = r.ok ? r.count.trainable : null;
      trainableNote = r.ok ? r.count.formula : r.reason;
    }
  } else if (method === 'full' || method === 'galore' || (method === null && fromTrainedWeights)) {
    trainable = counts?.total ?? null;
    trainableNote =
      method === null ? 'the file does not say which weights are trained: every weight is assumed trained (full fine-tuning)' : 'every weight is trained';
  } else if (method === 'freeze') {
    trainableNote = 'freeze tuning trains a subset of layers that Scaling Lens does not count';
  } else {
    trainableNote = `${method} trains virtual tokens whose count is not read`;
  }

  // FLOPs per token.
  let perToken = basePerToken;
  const notes: string[] = [];
  if (basePerToken !== null && arch && counts && method && FROZEN_BASE.has(method)) {
    const frozen = matmulWeights(arch, counts, convention);
    perToken = basePerToken - 2 * frozen + 6 * (trainable ?? 0);
    notes.push(
      `frozen base: no weight gradients for its ${frozen.toLocaleString('en-US')} matmul weights (4 of 6 FLOPs per weight per token: ≈ 2/3 of full fine-tuning, Narayanan et al. 2021 §5.1)${trainable !== null ? ` + 6 × ${trainable.toLocaleString('en-US')} adapter parameters` : ''}`,
    );
    if (method === 'qlora') notes.push('QLoRA dequantises the 4-bit base in every matmul: time the FLOPs do not show');
  }
  const referenceForward = stage !== null && REFERENCE_STAGES.has(stage) && basePerToken !== null;
  if (referenceForward) {
    perToken = perToken! + basePerToken / 3;
    notes.push(
      `+ the frozen reference model's forward pass (a third of the full model's ${stage === 'ppo' || stage === 'grpo' ? 'training FLOPs; generating the rollouts is not counted' : 'training FLOPs'})`,
    );
  }
  return { stage, method, fromTrainedWeights, trainable, trainableNote, perToken, flopsNote: notes.length ? notes.join('; ') : null, referenceForward };
}
