// What a config writer needs: a chosen architecture, a duration and a batch, the hardware, and
// the lines that say where it all came from. Writers only format; the numbers are decided in
// writers/index.ts.

import type { Architecture } from '../../core/architecture';
import type { ParamCounts } from '../../core/model';
import type { CheckpointingMode, ShardingKind } from '../../core/runSetup';

export type FrameworkId = 'nanogpt' | 'litgpt' | 'llm-foundry' | 'torchtitan' | 'hf-config';

export interface ConfigDraft {
  readonly framework: FrameworkId;
  /** A short run name: `scaling-lens-16b`. */
  readonly name: string;
  readonly architecture: Architecture;
  readonly counts: ParamCounts;
  /** Training tokens the config is meant to give (litgpt states them; the others round to whole steps). */
  readonly tokens: number;
  /** Global batch in sequences, a multiple of the GPU count. */
  readonly sequences: number;
  /** Sequences per GPU per forward pass. */
  readonly microBatch: number;
  /** Optimizer steps: round(tokens / (sequences × seqLen)). */
  readonly steps: number;
  readonly warmupSteps: number;
  readonly learningRate: number;
  readonly minLearningRate: number;
  /** `mfu` only when the person gave one (it overrides the editor's throughput model); null otherwise. */
  readonly hardware: { readonly gpu: string; readonly gpus: number; readonly mfu: number | null; readonly price: number | null };
  /** The layout the memory model chose (frameworks with a layout): written with each framework's own keys. */
  readonly layout?: { readonly checkpointing: CheckpointingMode; readonly sharding: ShardingKind };
  readonly uniqueTokens?: number;
  /** Provenance, one sentence a line, written as comments where the format has them. */
  readonly header: readonly string[];
  /** torchtitan: the registered flavor the file names, and the exact shape to register. */
  readonly torchtitan?: { readonly flavor: string; readonly customFlavor: string; readonly snippet: readonly string[] };
}

export interface ConfigWriter {
  readonly id: FrameworkId;
  readonly name: string;
  /** VS Code language id of the document. */
  readonly language: 'python' | 'yaml' | 'toml' | 'json';
  /** A file name to save it under, e.g. `train_scaling_lens_16b.py`. */
  fileName(draft: ConfigDraft): string;
  write(draft: ConfigDraft): string;
}

/** `# scaling-lens: gpus=64 gpu=H100-SXM price=3.5` (and `mfu=` when given): what the file cannot say itself. */
export function directiveLine(d: ConfigDraft): string {
  const h = d.hardware;
  const parts = [`gpus=${h.gpus}`, `gpu=${h.gpu}`, ...(h.mfu !== null ? [`mfu=${round(h.mfu, 4)}`] : [])];
  if (h.price !== null) parts.push(`price=${round(h.price, 4)}`);
  if (d.uniqueTokens !== undefined) parts.push(`unique-tokens=${sci(d.uniqueTokens)}`);
  return `# scaling-lens: ${parts.join(' ')}`;
}

/** Python/YAML/TOML-safe float literal with 3 significant digits: 4.82e-4, 0.1. */
export function floatLiteral(v: number): string {
  if (v === 0) return '0.0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e4) {
    const s = String(Number(v.toPrecision(3)));
    return s.includes('.') || s.includes('e') ? s : `${s}.0`;
  }
  const [m, e] = v.toExponential(2).split('e');
  const mantissa = String(Number(m));
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}e${Number(e)}`;
}

/** 1e11, 2.5e11: exact enough for a directive. */
export function sci(v: number): string {
  return Number.isInteger(v) && v < 1e6
    ? String(v)
    : v
        .toExponential(3)
        .replace(/\.?0+e/, 'e')
        .replace('e+', 'e');
}

function round(v: number, digits: number): string {
  return String(Number(v.toFixed(digits)));
}

/** Comment lines, each sentence wrapped at `width` columns (continuations indented by two). */
export function commentBlock(lines: readonly string[], prefix = '# ', width = 100): string {
  const out: string[] = [];
  for (const line of lines) {
    let rest = line;
    let lead = prefix;
    while (lead.length + rest.length > width) {
      const cut = rest.lastIndexOf(' ', width - lead.length);
      if (cut <= 0) break;
      out.push(`${lead}${rest.slice(0, cut)}`.trimEnd());
      rest = rest.slice(cut + 1);
      lead = `${prefix}  `;
    }
    out.push(`${lead}${rest}`.trimEnd());
  }
  return out.join('\n');
}
