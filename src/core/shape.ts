// Target parameter count -> a decoder-only architecture whose exact count (model.ts) lands
// within a few percent of it, with the shape people actually train.
//
// What the choices rest on:
// - Shape matters little at a fixed non-embedding N: "Aspect ratio in particular can vary by a
//   factor of 40 while only slightly impacting performance; an (n_layer, d_model) = (6, 4288)
//   reaches a loss within 3% of the (48, 1600) model" (Kaplan et al. 2020, arXiv 2001.08361,
//   Fig. 5), and only models with fewer than 2 layers fall off the trend (Fig. 6). So the
//   search may trade shape for a close count, within the range published models use.
// - Aspect ratio d_model / n_layer of published models (docs/published-runs.md#exact-parameter-counts, docs/published-runs.md#chinchilla-and-gopher): GPT-2 64 to 33,
//   Pythia 43 to 142, TinyLlama 93, Llama 2/3 7B–8B 128, Llama 2 70B and Chinchilla 102,
//   Llama 3.1 405B 130. The preferred ratio here is 64 up to 1B parameters, rising
//   log-linearly to 128 at 10B and above. Small models run deeper (Pythia 14M 21, SmolLM
//   135M 19), so the accepted band is a quarter to twice the preferred ratio.
// - Head width 32 below d_model 256 (Pythia 14M and 31M), 64 below 2048 (GPT-2, Pythia
//   ≤ 410M, Chinchilla ≤ 305M), 128 from 2048 on (Llama 2/3, Chinchilla ≥ 552M; Hoffmann et al.
//   2022 Table A4, docs/flops.md#chinchilla-app-f); d_model is a multiple of the head width.
// - Feed-forward: 4·d_model for the GPT-2 MLP; for SwiGLU 8/3·d_model (Shazeer 2020, "GLU
//   Variants Improve Transformer", which keeps the parameter count of the 4·d MLP), rounded
//   up to a multiple of 256 as Llama does (`multiple_of` 256; d 4096 -> 11008 = Llama 2 7B).
// - From d_model 2048 on, the head count is a multiple of 8 (d_model a multiple of 1024, as
//   Llama 2 7B's 4096, 13B's 5120 and 70B's 8192): the heads split evenly over the 8 GPUs of
//   a node for tensor parallelism, and in the Llama family into 8 key/value groups
//   (grouped-query attention, Ainslie et al. 2023, as Llama 3 8B/70B/405B and Llama 2 70B).

import type { Architecture, NormKind, PositionKind } from './architecture';
import type { ParamsKind } from './laws/types';
import { countParams, type ParamCounts } from './model';
import { formatInteger, formatQuantity } from './units';

/** `gpt`: GPT-2 MLP (4·d, GELU), multi-head attention. `llama`: SwiGLU, 8 key/value heads from d_model 2048. */
export type ShapeFamily = 'gpt' | 'llama';

/** Everything about the architecture except its size, which the search chooses. */
export interface ShapeTemplate {
  readonly family: ShapeFamily;
  /** Embedding rows (the padded vocabulary). */
  readonly vocab: number;
  readonly seqLen: number;
  readonly norm: NormKind;
  readonly positions: PositionKind;
  readonly linearBias: boolean;
  readonly tiedEmbeddings: boolean;
}

export interface ShapeOptions {
  /** Which count to match: `total` for the Chinchilla-family laws, `nonEmbedding` for Kaplan. */
  readonly paramsKind: ParamsKind;
}

export interface ShapeChoice {
  readonly architecture: Architecture;
  readonly counts: ParamCounts;
  /** The matched count (total or non-embedding). */
  readonly params: number;
  readonly target: number;
  /** params / target − 1. */
  readonly error: number;
  /** d_model / n_layer. */
  readonly aspectRatio: number;
  readonly preferredAspectRatio: number;
  /** One line on how the shape was chosen, for people. */
  readonly rationale: string;
}

export type ShapeOutcome = { readonly ok: true; readonly shape: ShapeChoice } | { readonly ok: false; readonly message: string };

/** Tolerances tried in turn: the first that holds a candidate with a sensible shape wins. */
export const SHAPE_TOLERANCES: readonly number[] = [0.015, 0.03, 0.05];
/** Kaplan 2020 Fig. 6: models with fewer than 2 layers deviate from the trend. */
export const MIN_LAYERS = 2;
const MAX_LAYERS = 512;
const MIN_D = 64;
/** The accepted aspect ratios, relative to the preferred one. */
const BAND: readonly [number, number] = [1 / 4, 2];
const MAX_D = 131072;

/** Preferred d_model / n_layer for a model of `params` parameters (see the header). */
export function preferredAspectRatio(params: number): number {
  const t = Math.min(1, Math.max(0, Math.log10(params / 1e9)));
  return 64 * 2 ** t;
}

export function headDimFor(dModel: number): number {
  return dModel >= 2048 ? 128 : dModel >= 256 ? 64 : 32;
}

/** SwiGLU width: int(2·4d/3) rounded up to a multiple of 256 (Llama's `multiple_of`). */
export function swigluWidth(dModel: number): number {
  return 256 * Math.ceil(Math.trunc((8 * dModel) / 3) / 256);
}

/** The architecture of `template` at a given width and depth. */
export function shapeArchitecture(template: ShapeTemplate, dModel: number, layers: number): Architecture {
  const headDim = headDimFor(dModel);
  const heads = dModel / headDim;
  const llama = template.family === 'llama';
  const kvHeads = llama && dModel >= 2048 ? 8 : heads;
  return {
    layers,
    dModel,
    heads,
    kvHeads,
    headDim,
    ffn: llama ? swigluWidth(dModel) : 4 * dModel,
    mlp: llama ? 'glu' : 'mlp',
    vocab: template.vocab,
    seqLen: template.seqLen,
    positions: template.positions,
    ...(template.positions === 'learned' ? { maxPositions: template.seqLen } : {}),
    norm: template.norm,
    linearBias: template.linearBias,
    tiedEmbeddings: template.tiedEmbeddings,
  };
}

/** Widths the search tries: multiples of the head width, and of 8 heads from 2048 on. */
function widths(): number[] {
  const out: number[] = [];
  for (let d = MIN_D; d <= MAX_D; d += 32) {
    const step = d >= 2048 ? 8 * headDimFor(d) : headDimFor(d);
    if (d % step === 0) out.push(d);
  }
  return out;
}

const WIDTHS = widths();

function matched(counts: ParamCounts, kind: ParamsKind): number {
  return kind === 'nonEmbedding' ? counts.nonEmbedding : counts.total;
}

interface Candidate {
  readonly d: number;
  readonly layers: number;
  readonly params: number;
  readonly error: number;
  readonly ratio: number;
}

/**
 * The architecture of `template` whose exact count is closest to `target` with a sensible
 * shape: among (d_model, n_layer) pairs within 1.5% of the target (else 3%, else 5%), the one
 * whose aspect ratio is nearest the preferred one, inside a quarter to twice of it. Fails with a
 * message when no such shape exists (e.g. a 50k-token embedding table larger than the target).
 */
export function designArchitecture(target: number, template: ShapeTemplate, options: ShapeOptions): ShapeOutcome {
  if (!Number.isFinite(target) || target <= 0) return { ok: false, message: `the target parameter count must be a positive number (got ${target})` };
  const kind = options.paramsKind;
  const preferred = preferredAspectRatio(target);
  const candidates: Candidate[] = [];
  for (const d of WIDTHS) {
    // The count is affine in the depth: fixed part + layers × per-layer part.
    const one = matched(countParams(shapeArchitecture(template, d, 1)), kind);
    const two = matched(countParams(shapeArchitecture(template, d, 2)), kind);
    const perLayer = two - one;
    const fixed = one - perLayer;
    const ideal = (target - fixed) / perLayer;
    for (const layers of new Set([Math.floor(ideal), Math.ceil(ideal)])) {
      if (layers < MIN_LAYERS || layers > MAX_LAYERS) continue;
      const params = fixed + layers * perLayer;
      candidates.push({ d, layers, params, error: params / target - 1, ratio: d / layers });
    }
  }
  const inBand = (c: Candidate) => c.ratio >= preferred * BAND[0] && c.ratio <= preferred * BAND[1];
  for (const tolerance of SHAPE_TOLERANCES) {
    const fits = candidates.filter((c) => Math.abs(c.error) <= tolerance && inBand(c));
    if (fits.length === 0) continue;
    fits.sort((a, b) => Math.abs(Math.log(a.ratio / preferred)) - Math.abs(Math.log(b.ratio / preferred)) || Math.abs(a.error) - Math.abs(b.error));
    const best = fits[0]!;
    const architecture = shapeArchitecture(template, best.d, best.layers);
    const counts = countParams(architecture);
    const params = matched(counts, kind);
    return {
      ok: true,
      shape: {
        architecture,
        counts,
        params,
        target,
        error: params / target - 1,
        aspectRatio: best.ratio,
        preferredAspectRatio: preferred,
        rationale: rationale(architecture, best.ratio, preferred, params, target, kind),
      },
    };
  }
  return { ok: false, message: noShapeMessage(target, template, kind) };
}

function rationale(a: Architecture, ratio: number, preferred: number, params: number, target: number, kind: ParamsKind): string {
  const gqa = a.kvHeads < a.heads ? `, ${a.kvHeads} key/value heads (GQA)` : '';
  const what = kind === 'nonEmbedding' ? 'non-embedding parameters' : 'parameters';
  return `${a.layers} layers × d_model ${a.dModel} (aspect ratio ${ratio.toFixed(0)}, preferred ${preferred.toFixed(0)}), ${a.heads} heads of ${a.headDim}${gqa}, ${a.mlp === 'glu' ? 'SwiGLU' : 'MLP'} width ${a.ffn}: ${formatInteger(params)} ${what} (${signedPercent(params / target - 1)} of the ${formatQuantity(target)} target)`;
}

/** 0.0123 -> "+1.2%", -0.0004 -> "−0.0%"… rounded first, so the sign matches the digits. */
export function signedPercent(x: number, digits = 1): string {
  const text = (Math.abs(x) * 100).toFixed(digits);
  const zero = Number(text) === 0;
  return `${zero ? '±' : x > 0 ? '+' : '−'}${text}%`;
}

/** Why no shape fits: usually the embedding table alone is larger than the target. */
function noShapeMessage(target: number, template: ShapeTemplate, kind: ParamsKind): string {
  const smallest = shapeArchitecture(template, MIN_D, MIN_LAYERS);
  const smallestCount = matched(countParams(smallest), kind);
  const what = kind === 'nonEmbedding' ? 'non-embedding parameters' : 'parameters';
  if (smallestCount > target) {
    const embedding =
      kind === 'total'
        ? ` (its ${formatInteger(template.vocab)}-token embedding table alone is ${formatQuantity(countParams(smallest).breakdown.tokenEmbedding)})`
        : '';
    return `no sensible architecture has as few as ${formatQuantity(target)} ${what}: the smallest (${MIN_LAYERS} layers, d_model ${MIN_D}) has ${formatQuantity(smallestCount)}${embedding}. Use a larger budget or a framework with a smaller vocabulary.`;
  }
  const ratio = preferredAspectRatio(target);
  const head = `no architecture with an aspect ratio between ${(ratio * BAND[0]).toFixed(0)} and ${(ratio * BAND[1]).toFixed(0)} lands within ${(SHAPE_TOLERANCES[SHAPE_TOLERANCES.length - 1]! * 100).toFixed(0)}% of ${formatQuantity(target)} ${what}`;
  return kind === 'total'
    ? `${head} with a ${formatInteger(template.vocab)}-token vocabulary, whose embedding table dominates at this size. Use a larger budget or a framework with a smaller vocabulary.`
    : `${head}: whole layers are too coarse a step at this size. Use a larger budget.`;
}
