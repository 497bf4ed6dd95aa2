// Budget point -> a training config for a framework: an architecture whose exact parameter
// count is within a few percent of the target (core/shape.ts), a batch and learning rate from
// DeepSeek LLM's laws for the budget, a duration that gives the target tokens, and the
// hardware as a `# scaling-lens:` directive, so the readers read the same numbers back.

import type { Architecture } from '../../core/architecture';
import type { BudgetOption, BudgetReport } from '../../core/budgetReport';
import { countParams, flopsPerToken, type ParamCounts } from '../../core/model';
import { deepseekCompute, deepseekSuggestion } from '../../core/laws/deepseek2024';
import { designArchitecture, signedPercent, swigluWidth, type ShapeChoice, type ShapeTemplate } from '../../core/shape';
import {
  formatDecimals,
  formatDollars,
  formatDuration,
  formatExponent,
  formatGpuHours,
  formatInteger,
  formatPercent,
  formatQuantity,
  formatRough,
} from '../../format/index';
import { LLAMA3 as TORCHTITAN_LLAMA3, TORCHTITAN_DEFAULT_VOCAB, torchtitanFlavorFfn } from '../registry/torchtitan';
import { hfConfigWriter } from './hfConfig';
import { analyze } from '../analyze';
import { findAccelerator, memoryBytes } from '../../core/hardware';
import { fitRun, layoutText, llamaSeqLen, type LayoutOptions, type ChosenLayout } from '../../core/budgetRun';
import { litgptWriter } from './litgpt';
import { llmFoundryWriter } from './llmFoundry';
import { nanogptWriter } from './nanogpt';
import { torchtitanWriter } from './torchtitan';
import type { ConfigDraft, ConfigWriter, FrameworkId } from './types';

export type { ConfigDraft, ConfigWriter, FrameworkId } from './types';

export const WRITERS: readonly ConfigWriter[] = [nanogptWriter, litgptWriter, llmFoundryWriter, torchtitanWriter, hfConfigWriter];

export function findWriter(id: string): ConfigWriter | undefined {
  return WRITERS.find((w) => w.id === id);
}

/** The shape each framework's own configs use (see the writer modules for the sources). */
export function frameworkTemplate(framework: FrameworkId, params: number): ShapeTemplate {
  switch (framework) {
    case 'nanogpt':
      // train.py: vocab 50304 without meta.pkl, block_size 1024, bias False (LayerNorm weight only, counted as RMSNorm).
      return { family: 'gpt', vocab: 50304, seqLen: 1024, norm: 'rmsnorm', positions: 'learned', linearBias: false, tiedEmbeddings: true };
    case 'llm-foundry':
      // MPTConfig defaults; vocab 50368 and max_seq_len 2048 as in the mpt-*.yaml pretraining configs.
      return { family: 'gpt', vocab: 50368, seqLen: 2048, norm: 'layernorm', positions: 'learned', linearBias: true, tiedEmbeddings: true };
    case 'torchtitan':
      // TransformerModelArgs: vocab 128256 (the Llama 3 tokenizer), untied output.
      return {
        family: 'llama',
        vocab: TORCHTITAN_DEFAULT_VOCAB,
        seqLen: llamaSeqLen(params),
        norm: 'rmsnorm',
        positions: 'rotary',
        linearBias: false,
        tiedEmbeddings: false,
      };
    case 'litgpt':
    case 'hf-config':
      // The Llama 2 tokenizer (32,000 tokens), as TinyLlama's litgpt pretraining config.
      return { family: 'llama', vocab: 32000, seqLen: llamaSeqLen(params), norm: 'rmsnorm', positions: 'rotary', linearBias: false, tiedEmbeddings: false };
  }
}

export interface ConfigProposal {
  readonly framework: FrameworkId;
  readonly frameworkName: string;
  readonly language: ConfigWriter['language'];
  readonly fileName: string;
  readonly text: string;
  readonly point: BudgetOption;
  /** The architecture the file trains (for torchtitan: the named flavor's). */
  readonly architecture: Architecture;
  readonly counts: ParamCounts;
  /** Its count in the law's N, and how far from the target. */
  readonly params: number;
  readonly paramsError: number;
  /** Tokens the file trains on, as the readers compute them; null where the format has no duration (config.json). */
  readonly tokens: number | null;
  readonly steps: number;
  readonly batchTokens: number;
  /** GPU-hours of the file's own estimate: PaLM-convention FLOPs (attention included) at the budget's peak and MFU. */
  readonly gpuHours: number;
  /** torchtitan: the llama3 flavor the file names. */
  readonly flavor?: string;
  /** Things the person should know about this file, in sentences. */
  readonly notes: readonly string[];
  /** The compute-optimal shape itself (differs from `architecture` for torchtitan flavors; null when none fits torchtitan's vocabulary). */
  readonly shape: ShapeChoice | null;
  /** The layout written (micro-batch, accumulation, sharding, checkpointing); null for config.json. */
  readonly layout: ChosenLayout | null;
  /** Peak memory per GPU of the written file, as the editor estimates it; null for config.json. */
  readonly memory: { readonly perGpuBytes: number; readonly capacityBytes: number; readonly fraction: number } | null;
}

export type ProposalOutcome =
  | { readonly ok: true; readonly proposal: ConfigProposal }
  | {
      readonly ok: false;
      readonly message: string;
      /** The framework cannot fit the model on these GPUs: its smallest peak, and the frameworks that can. */
      readonly doesNotFit?: { readonly perGpuBytes: number | null; readonly capacityBytes: number; readonly fitsIn: readonly string[] };
    };

/**
 * What each framework's file lets the calculator choose, with the defaults its reader assumes
 * (docs/configs.md): nanoGPT is plain DDP with no checkpointing and torch.compile on;
 * litgpt pretrain shards with FSDP HYBRID_SHARD within a node and has no checkpointing key
 * (compile and a chunked loss on); llm-foundry's fsdp_config is FULL_SHARD with a boolean
 * activation_checkpointing; torchtitan shards with FSDP2 (data_parallel_shard_degree -1) and
 * has activation_checkpoint.mode none, selective (per op) or full. config.json has no layout.
 */
export const FRAMEWORK_LAYOUTS: Readonly<Record<FrameworkId, LayoutOptions | null>> = {
  nanogpt: { shardings: ['none'], checkpointing: ['none'], compile: true, chunkedLoss: false },
  litgpt: { shardings: ['fsdp-hybrid'], checkpointing: ['none'], compile: true, chunkedLoss: true, shardGroup: 8 },
  'llm-foundry': { shardings: ['fsdp-full'], checkpointing: ['none', 'full'], compile: false, chunkedLoss: false },
  torchtitan: { shardings: ['fsdp-full'], checkpointing: ['none', 'selective-op', 'full'], compile: false, chunkedLoss: false },
  'hf-config': null,
};

/** Why a framework cannot go lower, in one sentence. */
const FRAMEWORK_LIMITS: Readonly<Record<FrameworkId, string>> = {
  nanogpt:
    'nanoGPT has no sharding (train.py wraps the model in DistributedDataParallel: every GPU holds all weights, gradients and AdamW states, 16 bytes per parameter) and no activation checkpointing.',
  litgpt: "litgpt's pretrain shards only within a node (FSDP HYBRID_SHARD) and has no activation-checkpointing key.",
  'llm-foundry': 'llm-foundry already shards everything (FSDP FULL_SHARD) and checkpoints every block at micro-batch 1.',
  torchtitan: 'torchtitan already shards everything (FSDP2) with full activation checkpointing at micro-batch 1.',
  'hf-config': '',
};

function gib(bytes: number): string {
  return formatDecimals(bytes / 2 ** 30, bytes < 10 * 2 ** 30 ? 1 : 0);
}

/** The frameworks (other than `except`) whose config for this point fits on the budget's GPUs. */
function fitsElsewhereOf(report: BudgetReport, pointId: string, except: FrameworkId): string[] {
  return WRITERS.filter((w) => w.id !== except && FRAMEWORK_LAYOUTS[w.id] !== null)
    .filter((w) => {
      const out = proposeConfigInner(report, pointId, w.id, false);
      return out.ok;
    })
    .map((w) => w.name);
}

/** Tokens per GPU per forward pass for config.json, which states no layout (the other frameworks get the memory model's micro-batch). */
function microTokenCap(params: number): number {
  return params < 1e9 ? 16384 : params < 1e10 ? 8192 : 4096;
}

function lawParams(counts: ParamCounts, kind: BudgetReport['law']['paramsKind']): number {
  return kind === 'nonEmbedding' ? counts.nonEmbedding : counts.total;
}

/** torchtitan llama3 flavors (debugmodel excluded: a test model with a 2,048-token vocabulary). */
function torchtitanFlavors(seqLen: number): Array<{ name: string; architecture: Architecture }> {
  const table = TORCHTITAN_LLAMA3;
  return Object.entries(table)
    .filter(([name]) => name !== 'debugmodel')
    .map(([name, f]) => ({
      name,
      architecture: {
        layers: f.nLayers,
        dModel: f.dim,
        heads: f.nHeads,
        kvHeads: f.nKvHeads ?? f.nHeads,
        headDim: f.headDim ?? f.dim / f.nHeads,
        ffn: torchtitanFlavorFfn(f),
        mlp: 'glu',
        vocab: f.vocabSize ?? TORCHTITAN_DEFAULT_VOCAB,
        seqLen,
        positions: 'rotary',
        norm: 'rmsnorm',
        linearBias: false,
        tiedEmbeddings: f.tied ?? false,
      } satisfies Architecture,
    }));
}

/**
 * A config for one point of a budget report (`optimal`, `1/2`, `1/4`, `1/8`,
 * `data-constrained`) in one framework. Fails with a message when no sensible architecture
 * lands within a few percent of the target (the embedding table alone is larger than it).
 */
export function proposeConfig(report: BudgetReport, pointId: string, framework: FrameworkId): ProposalOutcome {
  return proposeConfigInner(report, pointId, framework, true);
}

function proposeConfigInner(report: BudgetReport, pointId: string, framework: FrameworkId, suggest: boolean): ProposalOutcome {
  const fitsElsewhere = suggest ? fitsElsewhereOf : null;
  const writer = findWriter(framework);
  if (!writer) return { ok: false, message: `unknown framework "${framework}" (${WRITERS.map((w) => w.id).join(', ')})` };
  const point = [report.optimal, ...report.alternatives, ...(report.dataConstrained ? [report.dataConstrained] : [])].find((p) => p.id === pointId);
  if (!point)
    return { ok: false, message: `no "${pointId}" point in this budget (optimal, 1/2, 1/4, 1/8${report.dataConstrained ? ', data-constrained' : ''})` };
  const kind = point.id === 'data-constrained' ? 'total' : report.law.paramsKind;
  const template = frameworkTemplate(framework, point.params);
  const designed = designArchitecture(point.params, template, { paramsKind: kind });
  // torchtitan can name a registered flavor even when no custom shape fits; the others need the shape.
  if (!designed.ok && framework !== 'torchtitan') return { ok: false, message: `${writer.name}: ${designed.message}` };
  const shape = designed.ok ? designed.shape : null;

  // What the file trains: the shape, except torchtitan, which can only name a registered flavor.
  let architecture = shape?.architecture;
  const notes: string[] = [];
  let torchtitan: ConfigDraft['torchtitan'];
  const name = `scaling-lens-${formatQuantity(point.params, 2).toLowerCase().replace('.', 'p')}`;
  if (framework === 'torchtitan') {
    const flavors = torchtitanFlavors(template.seqLen).map((f) => ({ ...f, params: lawParams(countParams(f.architecture), kind) }));
    flavors.sort((a, b) => Math.abs(Math.log(a.params / point.params)) - Math.abs(Math.log(b.params / point.params)));
    const nearest = flavors[0]!;
    const customFlavor = name.replace(/-/g, '_');
    const ratio = nearest.params / point.params;
    architecture = nearest.architecture;
    let snippet: string[];
    if (shape) {
      const a = shape.architecture;
      snippet = [
        `To train the exact compute-optimal shape, add it to llama3_configs in torchtitan/models/llama3/__init__.py`,
        `and switch to the commented flavor line below:`,
        `    "${customFlavor}": TransformerModelArgs(dim=${a.dModel}, n_layers=${a.layers}, n_heads=${a.heads}, n_kv_heads=${a.kvHeads}, multiple_of=256, rope_theta=500000),`,
        `(FFN width int(8·${a.dModel}/3) rounded up to 256 = ${swigluWidth(a.dModel)}; vocab_size 128256, the default.)`,
      ];
    } else {
      snippet = [`No custom flavor either: ${designed.ok ? '' : designed.message}`];
    }
    // The flavor fixes N, so the duration spends the budget's compute on it: D = 6·N·D of the point / (6·N of the flavor).
    const flavorTokens = (point.params * point.tokens) / nearest.params;
    if (Math.abs(ratio - 1) <= 0.05) {
      notes.push(
        `torchtitan's llama3 flavor ${nearest.name} (${formatInteger(nearest.params)} parameters, ${signedPercent(ratio - 1)} of the target) is the compute-optimal size; it trains on ${formatQuantity(flavorTokens)} tokens, the budget's compute for its parameters.`,
      );
    } else {
      notes.push(
        `torchtitan takes its architecture from a flavor table (llama3: ${flavors.map((f) => f.name).join(', ')}), and none is near the ${formatQuantity(point.params)} target: ` +
          `this file names the nearest, ${nearest.name} (${formatQuantity(nearest.params)} parameters, ${ratio.toFixed(2)}× the target), trained on ${formatQuantity(flavorTokens)} tokens so that it spends the budget's ${formatExponent(6 * point.params * point.tokens)} FLOPs (6ND); ` +
          `off the compute-optimal split, it reaches a higher loss than the target would. ` +
          (shape
            ? `Register the exact shape given in the file to train the compute-optimal model.`
            : `No llama3 shape with torchtitan's 128,256-token vocabulary is that small: choose another framework for this budget.`),
      );
    }
    torchtitan = { flavor: nearest.name, customFlavor: shape ? customFlavor : nearest.name, snippet };
  }
  if (!architecture) return { ok: false, message: `${writer.name}: no architecture` };
  const counts = countParams(architecture);
  const params = lawParams(counts, kind);

  // Batch (DeepSeek LLM's B_opt, at least one sequence per GPU) and duration. The architecture is
  // known here, so the laws get their own C = M·D (non-embedding FLOPs with attention, §3.1),
  // not the budget's 6ND.
  const gpus = report.hardware.count;
  const seqLen = architecture.seqLen;
  const deepseekC = deepseekCompute(architecture, point.tokens);
  const deepseek = deepseekSuggestion(deepseekC);
  const ideal = deepseek.batchTokens / seqLen / gpus;
  // The layout: the memory model picks the largest micro-batch that fits in 90% of the GPU, with
  // recompute only if needed, among what the framework's file can state (FRAMEWORK_LAYOUTS).
  const options = FRAMEWORK_LAYOUTS[framework];
  const acc = findAccelerator(report.hardware.gpu)!;
  const fit = options ? fitRun({ arch: architecture, counts, acc, gpus, sequencesPerGpu: ideal, options }) : null;
  if (fit && !fit.fits) {
    const need = fit.memory ? `≈ ${gib(fit.memory.perGpuBytes)} GiB per GPU at its smallest (${layoutText(fit.layout)})` : (fit.reason ?? 'memory unknown');
    const others = fitsElsewhere ? fitsElsewhere(report, pointId, framework) : [];
    return {
      ok: false,
      message:
        `${writer.name} cannot run this ${formatQuantity(params, 3, { keepZeros: true })}-parameter model on ${gpus} × ${acc.id} (${acc.memoryGB} GB): ${need}, over 90% of the GPU. ` +
        `${FRAMEWORK_LIMITS[framework]}${others.length ? ` ${others.join(', ')} can: pick one of them.` : ' No framework the calculator writes fits it on these GPUs: use more GPUs or a smaller model.'}`,
      doesNotFit: { perGpuBytes: fit.memory?.perGpuBytes ?? null, capacityBytes: memoryBytes(acc), fitsIn: others },
    };
  }
  const microBatch = fit ? fit.layout.microBatch : 2 ** Math.max(0, Math.floor(Math.log2(Math.max(1, Math.min(ideal, microTokenCap(params) / seqLen)))));
  const perGpu = fit ? fit.layout.sequencesPerGpu : microBatch * Math.max(1, Math.round(ideal / microBatch));
  const sequences = perGpu * gpus;
  const batchTokens = sequences * seqLen;
  // torchtitan's flavor is not the target size: its tokens spend the point's compute (C = 6·N·D) on the flavor's N.
  const targetTokens = framework === 'torchtitan' ? (point.params * point.tokens) / params : point.tokens;
  const steps = Math.max(1, Math.round(targetTokens / batchTokens));
  const warmupSteps = Math.max(1, Math.min(2000, Math.round(steps / 10)));
  const learningRate = deepseek.learningRate;
  const fileTokens = framework === 'litgpt' ? Math.round(point.tokens) : framework === 'hf-config' ? null : steps * batchTokens;
  const trainTokens = fileTokens ?? steps * batchTokens;

  const palm = flopsPerToken(architecture, counts, 'palm') * trainTokens;
  // Before the file exists: PaLM FLOPs at the budget's MFU. Replaced below by the editor's own estimate of the written file.
  let gpuHours = palm / (report.hardware.peakTflops * 1e12 * report.hardware.mfu) / 3600;
  const nKind = kind === 'nonEmbedding' ? ' non-embedding' : '';
  const dc = point.id === 'data-constrained';
  const budgetHours = report.gpuHours;
  const lossText = `${formatDecimals(point.loss, 3)} nats (${dc ? 'C4' : report.law.dataset})`;
  const penalty =
    point.penalty !== null && !dc ? `, ${point.penalty >= 0 ? '+' : '−'}${formatDecimals(Math.abs(point.penalty), 3)} against the compute-optimal model` : '';
  const epochs =
    point.epochs !== undefined
      ? `; ${formatDecimals(point.epochs, 2)} epochs of ${formatQuantity(report.dataConstrained?.uniqueTokens ?? null)} unique tokens, repetition costs +${formatDecimals(point.penalty ?? 0, 4)}`
      : '';
  const lawShort = dc ? 'Under muennighoff-2023 (Muennighoff et al. 2023)' : `Under ${report.law.id}`;
  const shapeText = (a: Architecture) =>
    `${a.layers} layers × d_model ${a.dModel} (aspect ratio ${(a.dModel / a.layers).toFixed(0)}), ${a.heads} heads of ${a.headDim}${a.kvHeads < a.heads ? `, ${a.kvHeads} KV heads` : ''}, ${a.mlp === 'glu' ? 'SwiGLU' : 'MLP'} ${a.ffn}`;
  const header = [
    `${name}: the ${point.label} model for ${report.budgetText} (Scaling Lens budget calculator): ${report.input.kind === 'flops' ? '' : `${formatExponent(report.flops)} FLOPs = `}${formatGpuHours(budgetHours, true)} × ${report.hardware.peakTflops} TFLOPS × ${formatPercent(report.hardware.mfu)} MFU${report.costUsd !== null ? `, ${formatDollars(report.costUsd)}` : ''}.`,
    `${lawShort}: ${formatQuantity(point.params)}${nKind} parameters × ${formatQuantity(point.tokens)} tokens (${formatRough(point.tokensPerParam)} per parameter), loss ${lossText}${penalty}${epochs}.`,
    torchtitan
      ? `Model: llama3 flavor ${torchtitan.flavor}, ${shapeText(architecture)}: ${formatInteger(params)}${nKind} parameters (${signedPercent(params / point.params - 1)} of the target).`
      : `Model: ${shapeText(architecture)}: ${formatInteger(params)}${nKind} parameters (${signedPercent(params / point.params - 1)}). Shape matters little at a fixed N (Kaplan et al. 2020, Fig. 5).`,
    `Batch ${formatInteger(sequences)} × ${seqLen} tokens (DeepSeek LLM's B_opt, ${formatQuantity(deepseek.batchTokens)}), learning rate ${formatExponent(learningRate, 2)} (its η_opt; both at their C = M·D = ${formatExponent(deepseekC)} for this shape), ${warmupSteps} warmup steps, cosine to 10%; ${formatInteger(steps)} steps.${fit ? ` Layout: ${layoutText(fit.layout)}; ≈ ${gib(fit.memory!.perGpuBytes)} GiB/GPU of ${acc.memoryGB} GB (memory model: the largest micro-batch that fits in 90%).` : ''}`,
  ];
  const timeLine = (hours: number) =>
    `As the editor estimates this file (${report.hardware.mfuSource === 'given' ? `PaLM-convention FLOPs at the given ${formatPercent(report.hardware.mfu)} MFU` : "the throughput model on this file's layout"}), it takes ${formatGpuHours(hours)} = ${formatDuration(hours / gpus)} on ${gpus} × ${report.hardware.gpu}.`;
  if (torchtitan) header.splice(3, 0, notes[0]!);
  if (framework === 'hf-config') {
    notes.push(
      `config.json describes the model only: train it on ${formatInteger(trainTokens)} tokens (${formatInteger(steps)} steps × ${formatInteger(batchTokens)} tokens, learning rate ${formatExponent(learningRate, 2)}) in your training script.`,
    );
  }
  if (framework !== 'torchtitan')
    notes.unshift(`${formatInteger(params)}${nKind} parameters, ${signedPercent(params / point.params - 1)} of the ${formatQuantity(point.params)} target.`);

  const draft: ConfigDraft = {
    framework,
    name,
    architecture,
    counts,
    tokens: targetTokens,
    sequences,
    microBatch,
    steps,
    warmupSteps,
    learningRate,
    minLearningRate: learningRate / 10,
    // The directive carries an MFU only when the person gave one: otherwise the editor predicts the file's throughput from its layout.
    hardware: { gpu: report.hardware.gpu, gpus, mfu: report.hardware.mfuSource === 'given' ? report.hardware.mfu : null, price: report.hardware.pricePerHour },
    ...(report.input.uniqueTokens !== undefined ? { uniqueTokens: report.input.uniqueTokens } : {}),
    header: [...header, timeLine(gpuHours)],
    ...(torchtitan ? { torchtitan } : {}),
    ...(fit ? { layout: { checkpointing: fit.layout.checkpointing, sharding: fit.layout.sharding } } : {}),
  };
  // The file as the editor reads it: its own GPU-hours and memory (comments do not change them).
  let text = writer.write(draft);
  let memory: ConfigProposal['memory'] = null;
  if (framework !== 'hf-config') {
    const read = analyze(text, writer.fileName(draft));
    if (read.ok) {
      if (read.estimate.gpuHours !== null) gpuHours = read.estimate.gpuHours;
      const m = read.estimate.memory;
      if (m) memory = { perGpuBytes: m.perGpuBytes, capacityBytes: m.capacityBytes, fraction: m.fraction };
      text = writer.write({ ...draft, header: [...header, timeLine(gpuHours)] });
    }
  }
  return {
    ok: true,
    proposal: {
      framework,
      frameworkName: writer.name,
      language: writer.language,
      fileName: writer.fileName(draft),
      text,
      point,
      architecture,
      counts,
      params,
      paramsError: params / point.params - 1,
      tokens: fileTokens,
      steps,
      batchTokens,
      gpuHours,
      ...(torchtitan ? { flavor: torchtitan.flavor } : {}),
      notes,
      shape,
      layout: fit ? fit.layout : null,
      memory,
    },
  };
}
