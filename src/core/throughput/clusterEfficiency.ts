// Whole training runs take longer than steps × step time: evaluation, checkpoint writes,
// restarts after failures, lost work since the last checkpoint, slow nodes. The step-time model
// does not see these; for a whole run's GPU-hours they enter as one stated, adjustable factor.

export interface ClusterEfficiency {
  /** Share of the run's GPU-hours spent in training steps. */
  readonly value: number;
  readonly evidence: string;
}

export const CLUSTER_EFFICIENCY: ClusterEfficiency = {
  value: 0.9,
  evidence:
    'Llama 3 (arXiv 2407.21783 §3.3.4): "higher than 90% effective training time" over a 54-day snapshot of the 405B run with 466 interruptions; ' +
    'LLaMA-65B (arXiv 2302.13971 §2.4, Table 15): the reported 1,022,362 GPU-hours equal 1.4T tokens at the stated 380 tokens/s/GPU, so some published hours count step time only (factor 1)',
};

/** GPU-hours of a whole run: step-time GPU-hours divided by the cluster efficiency. */
export function wholeRunGpuHours(tokens: number, tokensPerSecPerGpu: number, clusterEfficiency: number = CLUSTER_EFFICIENCY.value): number {
  return tokens / tokensPerSecPerGpu / 3600 / clusterEfficiency;
}
