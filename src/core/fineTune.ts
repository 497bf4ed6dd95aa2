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
// third of the full model's training FLOPs per token. KTO also runs the policy and the
// reference on the KL batch (each prompt with a mismatched completion): two more forwards.
// QLoRA dequantises each 4-bit weight in every matmul call: its own term (flopsTerms).

import type { Architecture } from './architecture';
import { adapterParams } from './adapters';
import type { FlopConvention, ParamCounts } from './model';
import type { TrainingPlan } from './plan';
import type { FineTuneMethod, TrainingStage } from './runSetup';
import { isMoeLayer } from './model';

/** One named part of the fine-tune's FLOPs per token, with how it was derived. */
export interface FineTuneFlopsTerm {
  readonly key: 'frozen-base' | 'adapters' | 'reference-forward' | 'kto-kl-forwards' | 'qlora-dequantization';
  /** FLOPs per token of the term (≥ 0); `removes` says it is taken off full training's. */
  readonly flopsPerToken: number;
  readonly effect: 'adds' | 'removes';
  readonly formula: string;
  /** 'derived' from the file's values, 'assumed' when a value it needs was not stated. */
  readonly origin: 'derived' | 'assumed';
  readonly source: string;
}

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
  /** The per-token FLOPs the method adds or removes, term by term. */
  readonly flopsTerms: readonly FineTuneFlopsTerm[];
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
 * Weights bitsandbytes stores in 4 bits: every nn.Linear of the blocks (q, k, v, o; the MLP's
 * matrices, every expert's and the router), not embeddings, head, norms or biases. Null for
 * multi-head latent attention (its low-rank projections are not counted here).
 */
export function quantizedLinearWeights(a: Architecture): number | null {
  if (a.mla) return null;
  const d = a.dModel;
  const q = a.heads * a.headDim;
  const kv = a.kvHeads * a.headDim;
  const attention = d * (q + 2 * kv) + q * d;
  const mats = a.mlp === 'glu' ? 3 : 2;
  let total = 0;
  // At most a few hundred layers (validated architecture): a loop is bounded.
  for (let i = 0; i < a.layers; i++) {
    const moe = a.moe;
    if (moe && isMoeLayer(a, i)) {
      total += attention + moe.experts * mats * d * moe.expertFfn + moe.sharedExperts * mats * d * (moe.sharedFfn ?? moe.expertFfn) + d * moe.experts;
    } else total += attention + mats * d * a.ffn;
  }
  return total;
}

/**
 * QLoRA's dequantisation FLOPs per token. bitsandbytes' `MatMul4Bit` dequantises the whole
 * 4-bit weight once per matmul call: in forward, and again in backward for the input gradient
 * (`grad_A = grad_output @ dequantize_4bit(B)`: bitsandbytes-foundation/bitsandbytes@95f9af3
 * bitsandbytes/autograd/_functions.py), and once more when full checkpointing recomputes the
 * forward. Each weight costs one multiply (NF4 code × block absmax: csrc/kernels.cu
 * kDequantizeBlockwise), and double quantisation adds a multiply and an add per 64-weight block
 * to restore the absmax. A call serves one micro-batch of b × s tokens, so per token:
 *   passes × Q × (1 + 2/64) ÷ (b × s).
 * Assumptions: every micro-batch fills s tokens (packed or padded to the sequence length), and
 * double quantisation (the memory model assumes it too).
 */
export function qloraDequantFlops(
  a: Architecture,
  microBatch: number,
  seqLen: number,
  fullRecompute: boolean,
): { perToken: number; Q: number; passes: number } | null {
  const Q = quantizedLinearWeights(a);
  if (Q === null || microBatch < 1 || seqLen < 1) return null;
  const passes = fullRecompute ? 3 : 2;
  return { perToken: (passes * Q * (1 + 2 / 64)) / (microBatch * seqLen), Q, passes };
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
  const terms: FineTuneFlopsTerm[] = [];
  const add = (t: FineTuneFlopsTerm) => {
    terms.push(t);
    perToken = perToken! + (t.effect === 'adds' ? t.flopsPerToken : -t.flopsPerToken);
  };
  if (basePerToken !== null && arch && counts && method && FROZEN_BASE.has(method)) {
    const frozen = matmulWeights(arch, counts, convention);
    add({
      key: 'frozen-base',
      flopsPerToken: 2 * frozen,
      effect: 'removes',
      formula: `2 × ${frozen.toLocaleString('en-US')} frozen matmul weights (no weight gradients)`,
      origin: 'derived',
      source: 'Narayanan et al. 2021 §5.1',
    });
    if (trainable !== null)
      add({
        key: 'adapters',
        flopsPerToken: 6 * trainable,
        effect: 'adds',
        formula: `6 × ${trainable.toLocaleString('en-US')} adapter parameters`,
        origin: 'derived',
        source: 'adapters train in full',
      });
    notes.push(
      `frozen base: no weight gradients for its ${frozen.toLocaleString('en-US')} matmul weights (4 of 6 FLOPs per weight per token: ≈ 2/3 of full fine-tuning, Narayanan et al. 2021 §5.1)${trainable !== null ? ` + 6 × ${trainable.toLocaleString('en-US')} adapter parameters` : ''}`,
    );
    if (method === 'qlora' && (adapter?.baseBits ?? 4) === 4) {
      const mbTrace = plan.setup?.microBatch;
      const mb = mbTrace && mbTrace.value >= 1 ? mbTrace.value : 1;
      const seq = plan.seqLen?.value ?? arch.seqLen;
      const ck = plan.setup?.checkpointing?.value.mode === 'full';
      const dq = qloraDequantFlops(arch, mb, seq, ck);
      if (dq) {
        add({
          key: 'qlora-dequantization',
          flopsPerToken: dq.perToken,
          effect: 'adds',
          formula: `${dq.passes} dequantisations (forward, backward${ck ? ', checkpoint recompute' : ''}) × ${dq.Q.toLocaleString('en-US')} 4-bit weights × (1 + 2/64) FLOPs ÷ (micro-batch ${mb} × ${seq} tokens)`,
          origin: mbTrace && mbTrace.value >= 1 ? 'derived' : 'assumed',
          source:
            'bitsandbytes MatMul4Bit dequantises the whole weight per matmul call (forward and input-gradient backward); one multiply per weight, double quantisation assumed' +
            (mbTrace && mbTrace.value >= 1 ? '' : '; micro-batch not stated: 1 assumed (the most dequantisation per token)'),
        });
        notes.push(`QLoRA dequantisation: ${dq.passes} × ${dq.Q.toLocaleString('en-US')} weights per micro-batch of ${mb} × ${seq} tokens`);
      } else notes.push('QLoRA dequantises the 4-bit base in every matmul: not counted for this attention kind');
    }
  }
  const referenceForward = stage !== null && REFERENCE_STAGES.has(stage) && basePerToken !== null;
  if (referenceForward) {
    add({
      key: 'reference-forward',
      flopsPerToken: basePerToken / 3,
      effect: 'adds',
      formula: `the frozen reference model's forward: a third of ${basePerToken.toLocaleString('en-US')}`,
      origin: 'derived',
      source: 'forward = 2 of the 6 FLOPs per weight',
    });
    notes.push(
      `+ the frozen reference model's forward pass (a third of the full model's ${stage === 'ppo' || stage === 'grpo' ? 'training FLOPs; generating the rollouts is not counted' : 'training FLOPs'})`,
    );
  }
  if (stage === 'kto' && basePerToken !== null) {
    // The policy's KL forward runs the adapters too (2 FLOPs per adapter parameter); the reference's does not.
    const adapterForward = method && FROZEN_BASE.has(method) && trainable !== null ? 2 * trainable : 0;
    add({
      key: 'kto-kl-forwards',
      flopsPerToken: (2 * basePerToken) / 3 + adapterForward,
      effect: 'adds',
      formula: `policy and reference forwards on the KL batch: 2 × ${basePerToken.toLocaleString('en-US')} ÷ 3${adapterForward ? ` + 2 × ${trainable!.toLocaleString('en-US')} adapter parameters` : ''}`,
      origin: 'assumed',
      source:
        'hiyouga/LLaMA-Factory@ff6d4d1 src/llamafactory/train/kto/trainer.py concatenated_forward (no-grad forward with prefix "kl_", for the policy and in compute_reference_log_probs); huggingface/trl@f2cd577 trl/trainer/kto_trainer.py _compute_kl_logps. Assumed: a KL sequence (the prompt with another example\'s completion) is as long as the target',
    });
    notes.push('+ KTO: policy and reference forwards on the KL (mismatched) batch, assumed as long as the target batch');
  }
  return {
    stage,
    method,
    fromTrainedWeights,
    trainable,
    trainableNote,
    perToken,
    flopsNote: notes.length ? notes.join('; ') : null,
    referenceForward,
    flopsTerms: terms,
  };
}
