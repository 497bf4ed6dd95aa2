// DeepSeek LLM (arXiv 2401.02954) hyperparameter and allocation laws, as suggestions
// (science.md §4.2; secondary transcriptions, status S). C is compute in FLOPs, C = M·D with
// M the non-embedding FLOPs per token (72·n_layer·d² + 12·n_layer·d·l_seq).

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
