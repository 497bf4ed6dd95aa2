// Weights, gradients and optimizer states on one GPU: the parameters of its pipeline stage,
// split by tensor and expert parallelism, sharded over the data-parallel group as ZeRO / FSDP /
// the distributed optimizer say, trained in full or frozen under adapters.

import type { Architecture } from '../architecture';
import { countParams, moeLayerCount, routedExpertParams } from '../model';
import { GRAD_BYTES, INT8_BYTES_PER_PARAM, MASTER_BYTES, nf4BytesPerParam, optimizerStateBytes, WEIGHT_BYTES } from './bytes';
import { adapterParams as countAdapter } from '../adapters';
import type { MemorySetup } from './setup';
import { pipelinedFsdp } from '../runSetup';
import type { Precision } from '../plan';
import { dequantBufferBytes } from './libraries';

export type Stage = 'only' | 'first' | 'last';

export interface StageParams {
  /** Parameters held by one GPU of this stage before data-parallel sharding. */
  readonly held: number;
  /** Of which linear-layer weights (attention + MLP/experts): what QLoRA quantizes. */
  readonly linear: number;
  /** Of which embeddings and output head (Muon trains them with AdamW). */
  readonly embedding: number;
  /** Largest single layer on this GPU: what ZeRO-3 / FSDP gathers at once. */
  readonly largestLayer: number;
  /** Layers on this stage. */
  readonly layers: number;
  /** First layer index of this stage. */
  readonly firstLayer: number;
}

/**
 * One GPU's parameters for a pipeline stage. Megatron places ⌈L/pp⌉ layers per stage, the
 * token embedding on the first stage and the output head on the last (a tied head is a copy
 * there: Megatron `share_embeddings_and_output_weights` keeps one on each end); tensor
 * parallelism splits every matrix and the vocabulary; expert parallelism splits the routed
 * experts.
 */
export function stageParams(a: Architecture, s: Pick<MemorySetup, 'tp' | 'pp' | 'ep'>, stage: Stage): StageParams {
  const c = countParams(a);
  const b = c.breakdown;
  const moe = a.moe;
  const routed = routedExpertParams(a);
  // The final norm sits on the last stage and an embedding norm on the first, not spread over layers.
  const normW = a.norm === 'layernorm' ? 2 : a.norm === 'rmsnorm' ? 1 : 0;
  const finalNorm = (a.finalNorm ?? true) ? normW * a.dModel : 0;
  const embeddingNorm = a.embeddingNorm ? normW * (a.embedDim ?? a.dModel) : 0;
  const layerTotal = c.nonEmbedding - routed - finalNorm - embeddingNorm; // attention, dense MLPs, shared experts, routers, block norms
  const perLayerDense = layerTotal / a.layers;
  const perLayerRouted = moe && moeLayerCount(a) > 0 ? routed / moeLayerCount(a) : 0;
  const layers = stage === 'only' ? a.layers : Math.ceil(a.layers / s.pp);
  const firstLayer = stage === 'last' ? a.layers - layers : 0;
  const fraction = layers / a.layers;
  const layerPart = (layerTotal * fraction) / s.tp + (routed * fraction) / (s.ep * s.tp);
  const embed = b.tokenEmbedding + b.positionEmbedding + embeddingNorm;
  const head = (a.tiedEmbeddings ? b.tokenEmbedding + (a.lmHeadBias ? a.vocab : 0) : b.lmHead) + finalNorm;
  const embedding = (stage === 'only' ? embed + b.lmHead + finalNorm : stage === 'first' ? embed : head) / s.tp;
  const linear = ((b.attention + b.mlp) * fraction) / s.tp - (routed * fraction) / s.tp + (routed * fraction) / (s.ep * s.tp);
  return {
    held: layerPart + embedding,
    linear,
    embedding,
    largestLayer: (perLayerDense + perLayerRouted / s.ep) / s.tp,
    layers,
    firstLayer,
  };
}

export interface ModelStateBytes {
  readonly weights: number;
  readonly gradients: number;
  readonly optimizer: number;
  /** Trainable parameters on this GPU before sharding (all of them, or the adapters). */
  readonly trainable: number;
  /** Adapter parameters of the whole model, when an adapter method is used. */
  readonly adapterParams: number | null;
  /** Bytes of gathered (unsharded) layers under ZeRO-3/FSDP full sharding, included in weights. */
  readonly gathered: number;
  /** Weight bytes per frozen parameter (NF4, int8 or the compute dtype), for the hover. */
  readonly frozenBytesPerParam: number | null;
  readonly shardWeights: number;
  readonly shardGrads: number;
  readonly shardOptimizer: number;
  /** Bytes per trainable parameter of the gradient buffer (before sharding). */
  readonly gradBytesPerParam: number;
  /** Bytes per trainable parameter of master copy and optimizer states (before sharding). */
  readonly stateBytesPerParam: number;
  /** QLoRA: the one dequantised weight bitsandbytes materialises per matmul, included in weights. */
  readonly dequantBuffer: number;
  /** A DPO/KTO reference model's frozen copy (MemorySetup.referenceCopy), included in weights. */
  readonly reference: number;
}

export type ModelStatesResult = { readonly ok: true; readonly value: ModelStateBytes } | { readonly ok: false; readonly reason: string };

const ADAPTER_METHODS = new Set(['lora', 'qlora', 'dora']);

/** Bytes per parameter of the unsharded gradients FSDP2 accumulates under a pipeline (fp32 reduce dtype unless everything is bf16). */
const PIPELINED_FSDP_GRAD_BYTES: Readonly<Record<MemorySetup['weightsMode'], number>> = { mixed: 4, half: GRAD_BYTES.half, fp32: 4 };

/** Degrees by which weights, gradients and optimizer states are divided (ZeRO §5.1–5.3; FSDP strategies). */
export function shardDegrees(s: Pick<MemorySetup, 'sharding' | 'shardGroup' | 'pp'>): { weights: number; grads: number; optimizer: number } {
  const g = Math.max(1, s.shardGroup);
  if (pipelinedFsdp(s.sharding, s.pp)) return { weights: 1, grads: 1, optimizer: g };
  switch (s.sharding) {
    case 'none':
      return { weights: 1, grads: 1, optimizer: 1 };
    case 'zero1':
    case 'distributed-optimizer':
      return { weights: 1, grads: 1, optimizer: g };
    case 'zero2':
    case 'fsdp-grad-op':
      return { weights: 1, grads: g, optimizer: g };
    case 'zero3':
    case 'fsdp-full':
    case 'fsdp-hybrid':
      return { weights: g, grads: g, optimizer: g };
  }
}

/**
 * Gradient and optimizer bytes per trainable parameter. Megatron's distributed optimizer keeps a
 * contiguous main-gradient buffer for every parameter, unsharded, in fp32 for bf16 runs
 * (`accumulate_allreduce_grads_in_fp32` is forced on for bf16), and shards the fp32 master
 * weights and Adam moments; fp16 runs keep fp16 gradients and shard an fp32 copy of them:
 * "bf16 parameters, fp32 gradients: 6 + 12/d; fp16 parameters, fp16 gradients: 4 + 16/d"
 * (NVIDIA/Megatron-LM@d98e8a6 docs/user-guide/features/dist_optimizer.md; megatron/training/arguments.py).
 */
export function gradAndStateBytes(
  s: MemorySetup,
  stateBytes: number,
  precision: Precision | undefined,
  gradReduceInBf16 = false,
): { grad: number; state: number } {
  const grad = pipelinedFsdp(s.sharding, s.pp) ? PIPELINED_FSDP_GRAD_BYTES[s.weightsMode] : GRAD_BYTES[s.weightsMode];
  // --grad-reduce-in-bf16 turns the fp32 accumulation off (megatron/training/arguments.py): bf16 main grads.
  if (s.sharding !== 'distributed-optimizer' || s.weightsMode !== 'mixed' || gradReduceInBf16) return { grad, state: stateBytes };
  if (precision === 'fp16') return { grad: 2, state: stateBytes + 4 };
  return { grad: 4, state: stateBytes };
}

export function modelStates(a: Architecture, s: MemorySetup, p: StageParams, precision?: Precision, gradReduceInBf16 = false): ModelStatesResult {
  const mode = s.weightsMode;
  const shard = shardDegrees(s);
  const total = countParams(a).total;
  const share = p.held / total; // this GPU's share of the whole model
  let trainable: number;
  let adapterParams: number | null = null;
  let frozenWeightBytes = 0;
  let frozenBytesPerParam: number | null = null;
  const wb = WEIGHT_BYTES[mode];
  if (s.method === 'full') {
    trainable = p.held;
  } else if (ADAPTER_METHODS.has(s.method)) {
    if (!s.adapter) return { ok: false, reason: `${s.method} without a LoRA rank and target modules: the adapter size is unknown` };
    // The same exact count the trainable-parameters hint shows (DoRA's magnitude vectors included).
    const count = countAdapter(a, s.adapter, s.method === 'dora');
    if (!count.ok) return { ok: false, reason: count.reason };
    adapterParams = count.count.trainable;
    trainable = count.count.trainable * share;
    const bits = s.method === 'qlora' ? (s.adapter.baseBits ?? 4) : null;
    const quantBytes = bits === 4 ? nf4BytesPerParam(s.doubleQuant) : bits === 8 ? INT8_BYTES_PER_PARAM : null;
    // bitsandbytes quantizes the linear layers only; embeddings, head and norms stay in the compute dtype.
    frozenBytesPerParam = quantBytes ?? wb;
    frozenWeightBytes = quantBytes !== null ? p.linear * quantBytes + (p.held - p.linear) * wb : p.held * wb;
  } else {
    return { ok: false, reason: `the memory of ${s.method} fine-tuning is not modelled (which weights train is not known from the method alone)` };
  }
  // Adapters in `mixed` mode: PEFT keeps LoRA weights in fp32 (autocast_adapter_dtype) with fp32
  // gradients and moments and no separate master: 4 + 4 + 8 = 16 bytes, the same total as the
  // 2 + 2 + (4 + 8) counted here. In `half` mode (litgpt bf16-true, torchtune) they are bf16.
  const fullTraining = s.method === 'full';
  const trainedWeightBytes = trainable * wb;
  const weightsBytes = fullTraining ? trainedWeightBytes : frozenWeightBytes + trainedWeightBytes;
  const perParam = gradAndStateBytes(s, MASTER_BYTES[mode] + muonAwareStateBytes(s, p, fullTraining), precision, gradReduceInBf16);
  const stateBytes = perParam.state;
  // ZeRO-3 / FSDP gather a whole layer before using it, and prefetch the next: two layers
  // unsharded, never more than the part of the stage this GPU does not hold itself.
  const gathered = shard.weights > 1 ? Math.min(2 * p.largestLayer, p.held * (1 - 1 / shard.weights)) * (fullTraining ? wb : (frozenBytesPerParam ?? wb)) : 0;
  // QLoRA: one 4-bit linear dequantised at a time, in the compute dtype (2 bytes).
  const dequantBuffer = s.method === 'qlora' && p.layers > 0 ? dequantBufferBytes(a, s.tp, 2) : 0;
  // The reference copy is loaded in the compute dtype and sharded as the policy's weights are
  // (TRL prepares it with ZeRO-3 or FSDP when the policy uses them, as a plain replica otherwise).
  const reference = s.referenceCopy ? (p.held * wb) / shard.weights : 0;
  let weights = weightsBytes / shard.weights + gathered + dequantBuffer + reference;
  let gradients = (trainable * perParam.grad) / shard.grads;
  let optimizer = (trainable * stateBytes) / shard.optimizer;
  if (s.offload === 'optimizer' || s.offload === 'optimizer+params') {
    // ZeRO-Offload / FSDP CPU offload: the optimizer step runs on the host; gradients are moved there as they are reduced.
    optimizer = 0;
    gradients = 0;
  }
  if (s.offload === 'optimizer+params') weights = gathered + dequantBuffer;
  return {
    ok: true,
    value: {
      weights,
      gradients,
      optimizer,
      trainable,
      adapterParams,
      gathered,
      frozenBytesPerParam,
      shardWeights: shard.weights,
      shardGrads: shard.grads,
      shardOptimizer: shard.optimizer,
      gradBytesPerParam: perParam.grad,
      stateBytesPerParam: stateBytes,
      dequantBuffer,
      reference,
    },
  };
}

/** Optimizer state bytes per trainable parameter; Muon's embeddings and head use AdamW. */
function muonAwareStateBytes(s: MemorySetup, p: StageParams, fullTraining: boolean): number {
  const base = optimizerStateBytes(s.optimizer, s.weightsMode);
  if (s.optimizer !== 'muon' || !fullTraining || p.held === 0) return base;
  const adam = optimizerStateBytes('adamw', s.weightsMode);
  const e = p.embedding / p.held;
  return (1 - e) * base + e * adam;
}
