// Trainable parameters of a fine-tune, exact: LoRA/QLoRA/DoRA adapters from the rank, the
// canonical targets and the architecture's shapes, plus modules trained in full
// (`modules_to_save`).
//
// A LoRA adapter on a linear layer in×out adds A (r×in) and B (out×r), no bias:
// huggingface/peft src/peft/tuners/lora/layer.py `Linear.update_layer` (lora_A: in→r,
// lora_B: r→out); pytorch/torchtune torchtune/modules/peft/lora.py `LoRALinear`;
// Lightning-AI/litgpt litgpt/lora.py `LoRAQKVLinear` (A: r·(enabled q/k/v) × in, B sized to the
// enabled q, k, v widths, so GQA k/v adapters are narrower). DoRA adds a magnitude vector of
// `out` per adapted layer (peft tuners/lora/dora.py `DoraLinearLayer.weight`; torchtune
// `DoRALinear.magnitude`). On an embedding PEFT's `lora_embedding_A` is r×vocab and
// `lora_embedding_B` width×r. A fused projection (qkv d → q+2kv, gate_up d → 2F) is one
// nn.Linear (or GPT-2 Conv1D), so PEFT gives it one A (r×d) and one B (out×r): r·(d + q + 2kv),
// not three pairs. Checked against printed counts: litgpt
// tutorials/resource-tables.md (Llama 2 7B r=8 query+value 4,194,304; Falcon 40B 12,042,240).

import type { Architecture } from './architecture';
import { countParams, isMoeLayer } from './model';
import type { Adapter, AdapterTarget } from './runSetup';

export interface TrainableCount {
  /** Trainable parameters: adapters plus modules trained in full. */
  readonly trainable: number;
  /** The adapter matrices alone (what is added to the model). */
  readonly adapter: number;
  /** Base weights trained in full (`modules_to_save`). */
  readonly fullModules: number;
  /** How, for people: "rank 16 on q, k, v, o, gate, up, down in 32 layers". */
  readonly formula: string;
}

export const ADAPTER_TARGET_ORDER: readonly AdapterTarget[] = ['q', 'k', 'v', 'qkv', 'o', 'gate', 'up', 'gate_up', 'down', 'embed', 'head'];

/** in×out of each linear a target names in one layer's attention (`qkv`: the fused d → q + 2·kv matrix). */
function attentionShape(a: Architecture, t: 'q' | 'k' | 'v' | 'qkv' | 'o'): [number, number] {
  const q = a.heads * a.headDim;
  const kv = a.kvHeads * a.headDim;
  switch (t) {
    case 'qkv':
      return [a.dModel, q + 2 * kv];
    case 'q':
      return [a.dModel, q];
    case 'k':
    case 'v':
      return [a.dModel, kv];
    case 'o':
      return [q, a.dModel];
  }
}

/**
 * The (in, out) of every MLP matrix a target names in layer `i`: one for a dense FFN, one per
 * expert (routed and shared) in an MoE layer, as PEFT wraps each expert's nn.Linear. A plain
 * (non-gated) MLP has up (fc1) and down (fc2) but no gate.
 */
function mlpShapes(a: Architecture, i: number, t: 'gate' | 'up' | 'gate_up' | 'down'): Array<[number, number]> {
  if ((t === 'gate' || t === 'gate_up') && a.mlp !== 'glu') return [];
  // gate_up (Phi-3 `gate_up_proj`): one d → 2·ffn matrix.
  const one = (ffn: number): [number, number] => (t === 'down' ? [ffn, a.dModel] : t === 'gate_up' ? [a.dModel, 2 * ffn] : [a.dModel, ffn]);
  const moe = a.moe;
  if (!moe || !isMoeLayer(a, i)) return [one(a.ffn)];
  const out: Array<[number, number]> = [];
  for (let e = 0; e < moe.experts; e++) out.push(one(moe.expertFfn));
  for (let e = 0; e < moe.sharedExperts; e++) out.push(one(moe.sharedFfn ?? moe.expertFfn));
  return out;
}

export type TrainableResult = { readonly ok: true; readonly count: TrainableCount } | { readonly ok: false; readonly reason: string };

/**
 * Trainable parameters of `adapter` on `a`, with `method` 'dora' adding magnitude vectors.
 * Refuses (with the reason) what it cannot count exactly: multi-head latent attention, where
 * the q/k/v names do not map to one matrix each.
 */
export function adapterParams(a: Architecture, adapter: Adapter, dora = false): TrainableResult {
  const r = adapter.rank;
  if (!Number.isInteger(r) || r < 1) return { ok: false, reason: `the LoRA rank must be a whole number ≥ 1, got ${r}` };
  const named = ADAPTER_TARGET_ORDER.filter((t) => adapter.targets.includes(t));
  // A model with a fused qkv (gate_up) matrix has no separate q, k, v (gate, up): PEFT wraps what exists.
  const targets = named.filter(
    (t) => !(named.includes('qkv') && (t === 'q' || t === 'k' || t === 'v')) && !(named.includes('gate_up') && (t === 'gate' || t === 'up')),
  );
  const attn = targets.filter((t): t is 'q' | 'k' | 'v' | 'qkv' | 'o' => t === 'q' || t === 'k' || t === 'v' || t === 'qkv' || t === 'o');
  if (a.mla && attn.length > 0)
    return {
      ok: false,
      reason: 'the model uses multi-head latent attention, whose projections are not one q/k/v matrix each: the adapter size is not counted',
    };
  const lin = ([i, o]: [number, number]) => r * (i + o) + (dora ? o : 0);
  let adapterTotal = 0;
  for (let layer = 0; layer < a.layers; layer++) {
    for (const t of attn) adapterTotal += lin(attentionShape(a, t));
    for (const t of ['gate', 'up', 'gate_up', 'down'] as const) {
      if (targets.includes(t)) for (const s of mlpShapes(a, layer, t)) adapterTotal += lin(s);
    }
  }
  const width = a.embedDim ?? a.dModel;
  // peft Embedding: lora_embedding_A r×vocab, lora_embedding_B width×r (DoRA on embeddings: magnitude of width).
  if (targets.includes('embed')) adapterTotal += r * (a.vocab + width) + (dora ? width : 0);
  if (targets.includes('head')) adapterTotal += lin([width, a.vocab]);

  const saved = [...new Set(adapter.modulesToSave ?? [])];
  const b = countParams(a).breakdown;
  let fullModules = 0;
  for (const m of saved) {
    // A tied head is the embedding matrix: PEFT saves a copy per named module, so each counts.
    if (m === 'embed') fullModules += b.tokenEmbedding;
    else fullModules += a.tiedEmbeddings ? b.tokenEmbedding : b.lmHead;
    if (m === 'head' && a.lmHeadBias) fullModules += a.vocab;
  }
  const moeNote =
    a.moe && targets.some((t) => t === 'gate' || t === 'up' || t === 'gate_up' || t === 'down') ? ", every expert's MLP matrices (not the router)" : '';
  // A plain MLP has no gate matrix: "every MLP matrix" names only what was wrapped.
  const wrapped = targets.filter((t) => (t !== 'gate' && t !== 'gate_up') || a.mlp === 'glu');
  const fused = wrapped.includes('qkv') || wrapped.includes('gate_up') ? ' (fused matrices: one A and one B each)' : '';
  const formula = `rank ${r} on ${wrapped.join(', ') || 'nothing'}${fused} in ${a.layers} layers${moeNote}: Σ r × (in + out)${dora ? ' + out (DoRA magnitude)' : ''}${saved.length ? `; ${saved.join(', ')} trained in full (modules_to_save)` : ''}`;
  return { ok: true, count: { trainable: adapterTotal + fullModules, adapter: adapterTotal, fullModules, formula } };
}
