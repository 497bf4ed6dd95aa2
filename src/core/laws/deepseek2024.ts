// DeepSeek LLM (arXiv 2401.02954) hyperparameter and allocation laws, as suggestions
// (docs/laws.md#deepseek-llm-2024; secondary transcriptions, status S). Their compute is C = M·D with M the
// non-embedding FLOPs per token, attention included (§3.1, Eq. 2):
// M = 72·n_layer·d_model² + 12·n_layer·d_model·l_seq. That is neither 6ND (which counts the
// embeddings and no attention) nor PaLM's 6N + 12·L·H·Q·T; fed a 6ND budget, the laws see a
// different C, so callers say which C they fed (see `deepseekCompute`).

import type { Architecture } from '../architecture';
import { attentionCoreWidth, countParams, keysPerQuery } from '../model';

export interface DeepSeekSuggestion {
  readonly flops: number;
  /** η_opt = 0.3118·C^−0.1250 */
  readonly learningRate: number;
  /** B_opt = 0.2920·C^0.3271, tokens */
  readonly batchTokens: number;
  /** M_opt = 0.1715·C^0.5243, non-embedding FLOPs per token */
  readonly flopsPerToken: number;
  /** D_opt = 5.8316·C^0.4757 */
  readonly tokens: number;
  readonly citation: string;
}

export const DEEPSEEK_CITATION = 'DeepSeek-AI 2024, DeepSeek LLM, arXiv 2401.02954 §3 (via secondary transcriptions)';

/**
 * DeepSeek's M for an architecture: 6 × the non-embedding (MoE: active) parameters plus
 * 12·n_layer·d_attn·l_seq (attention scores and values, forward and backward). For their own dense models (SwiGLU at 8/3·d, multi-head attention:
 * 12·d² weights per layer) 6 × non-embedding = 72·n_layer·d², the paper's term exactly; for
 * other shapes the exact count replaces the 12·d² approximation. d_attn = heads × head width
 * (= d_model in the paper; for multi-head latent attention, attentionCoreWidth's heads × (qk + v) / 2).
 */
export function deepseekFlopsPerToken(a: Architecture): number {
  return 6 * countParams(a).activeNonEmbedding + 12 * attentionCoreWidth(a) * keysPerQuery(a);
}

/** DeepSeek's C = M·D for a run of `tokens` tokens on `a`. */
export function deepseekCompute(a: Architecture, tokens: number): number {
  return deepseekFlopsPerToken(a) * tokens;
}

export function deepseekSuggestion(flops: number): DeepSeekSuggestion {
  return {
    flops,
    learningRate: 0.3118 * flops ** -0.125,
    batchTokens: 0.292 * flops ** 0.3271,
    flopsPerToken: 0.1715 * flops ** 0.5243,
    tokens: 5.8316 * flops ** 0.4757,
    citation: DEEPSEEK_CITATION,
  };
}
