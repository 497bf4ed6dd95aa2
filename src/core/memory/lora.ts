// Exact trainable parameters of LoRA adapters (Hu et al. 2021, arXiv 2106.09685 §4.1): a
// wrapped linear W (in × out) gains A (in × r) and B (r × out), r·(in + out) parameters,
// no bias (PEFT `LoraLayer`, litgpt `LoRALinear`, torchtune `LoRALinear`).

import type { Architecture } from '../architecture';
import { moeLayerCount } from '../model';
import type { AdapterTarget } from '../runSetup';

export interface LoraCount {
  readonly params: number | null;
  /** Why `params` is null (a target the architecture has no such matrix for). */
  readonly reason?: string;
  /** Per target, parameters over all layers: the hover lists them. */
  readonly perTarget: Readonly<Partial<Record<AdapterTarget, number>>>;
}

/** [in, out] of each wrapped linear per layer (dense FFN layers). */
function linearShapes(a: Architecture, target: AdapterTarget, ffn: number): [number, number] | null {
  const d = a.dModel;
  const q = a.heads * a.headDim;
  const kv = a.kvHeads * a.headDim;
  switch (target) {
    case 'q':
      return [d, q];
    case 'k':
    case 'v':
      return [d, kv];
    case 'o':
      return [q, d];
    case 'gate':
      return a.mlp === 'glu' ? [d, ffn] : null;
    case 'up':
      return [d, ffn];
    case 'down':
      return [ffn, d];
    default:
      return null;
  }
}

/**
 * Adapter parameters for `rank` on `targets` over every layer. MoE layers wrap each routed and
 * shared expert's matrices (PEFT wraps every matched `nn.Linear`). `embed` adds r·(vocab + d)
 * (PEFT `lora.Embedding`), `head` r·(d + vocab). A GPT-style MLP has no `gate`: asking for it
 * is an error rather than a silent zero. Multi-head latent attention has no q/k/v matrices of
 * the shapes LoRA recipes name: unknown with the reason.
 */
export function loraParams(a: Architecture, rank: number, targets: readonly AdapterTarget[]): LoraCount {
  const perTarget: Partial<Record<AdapterTarget, number>> = {};
  if (!Number.isInteger(rank) || rank <= 0) return { params: null, reason: `LoRA rank must be a positive whole number, got ${String(rank)}`, perTarget };
  const moeLayers = moeLayerCount(a);
  const denseLayers = a.layers - moeLayers;
  const unique = [...new Set(targets)];
  let total = 0;
  for (const t of unique) {
    let n: number;
    if (t === 'embed') n = rank * (a.vocab + (a.embedDim ?? a.dModel));
    else if (t === 'head') n = rank * (a.dModel + a.vocab);
    else if (a.mla && (t === 'q' || t === 'k' || t === 'v')) {
      return { params: null, reason: `the model uses multi-head latent attention: it has no ${t}_proj of the usual shape for a LoRA adapter`, perTarget };
    } else {
      const dense = linearShapes(a, t, a.ffn);
      if (!dense) return { params: null, reason: `a ${a.mlp === 'glu' ? '' : 'non-gated '}MLP has no ${t} projection to adapt`, perTarget };
      n = denseLayers * rank * (dense[0] + dense[1]);
      if (moeLayers > 0 && a.moe && (t === 'gate' || t === 'up' || t === 'down')) {
        const m = a.moe;
        const expert = linearShapes(a, t, m.expertFfn)!;
        const shared = linearShapes(a, t, m.sharedFfn ?? m.expertFfn)!;
        n += moeLayers * rank * (m.experts * (expert[0] + expert[1]) + m.sharedExperts * (shared[0] + shared[1]));
      } else if (moeLayers > 0) {
        n += moeLayers * rank * (dense[0] + dense[1]);
      }
    }
    perTarget[t] = n;
    total += n;
  }
  return { params: total, perTarget };
}
