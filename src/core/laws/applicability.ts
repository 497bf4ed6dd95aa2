// Where a law's answer can be trusted, shared by `estimate`, `predict` and `optimal`:
// - outside the fitted range it is an extrapolation (a warning, the answer stands);
// - a loss above ln(V) is worse than guessing uniformly over the V-token vocabulary, which no
//   trained language model does: the law is far outside anything it was fitted on (refused);
// - a vocabulary far below the subword vocabularies every law was fitted on (32,000 to 50,257
//   tokens) means a byte- or character-level model, whose "nats per token" measure a different
//   quantity: the law does not apply (refused).

import { formatInteger, formatQuantity } from '../units';
import type { ScalingLaw } from './types';

/**
 * Below this many tokens a vocabulary is byte- or character-level (nanoGPT shakespeare_char 65,
 * byte models 256–260), not subword. Every built-in law was fitted with 32,000 (MassiveText
 * SentencePiece) or 50,257 (GPT-2 BPE) tokens; a token of a 1,000-entry vocabulary already
 * covers far less text than theirs (BPE compression grows with log V), so a per-token loss
 * from them describes a different unit. 1,000 sits between the largest byte-level vocabulary
 * in use (259 in ByT5, 256 + specials) and the smallest subword ones people pretrain with.
 */
export const MIN_SUBWORD_VOCAB = 1000;

export interface RangeNote {
  /** e.g. "1.00e30 parameters is above the largest fitted model (16B)". */
  readonly parts: readonly string[];
  /** One line for people: "Extrapolating epoch-2024: …". */
  readonly message: string;
}

/** How (N, D) lies outside the law's fitted range, or null when inside. N in the law's own kind. */
export function outsideFittedRange(law: ScalingLaw, N: number, D: number): RangeNote | null {
  const out: string[] = [];
  const [nMin, nMax] = law.range.params;
  const [dMin, dMax] = law.range.tokens;
  const nKind = law.paramsKind === 'nonEmbedding' ? 'non-embedding parameters' : 'parameters';
  if (nMin !== null && N < nMin) out.push(`${formatQuantity(N)} ${nKind} is below the smallest fitted model (${formatQuantity(nMin)})`);
  if (nMax !== null && N > nMax) out.push(`${formatQuantity(N)} ${nKind} is above the largest fitted model (${formatQuantity(nMax)})`);
  if (dMin !== null && D < dMin) out.push(`${formatQuantity(D)} tokens is below the fitted range (${formatQuantity(dMin)})`);
  if (dMax !== null && D > dMax) out.push(`${formatQuantity(D)} tokens is above the fitted range (${formatQuantity(dMax)})`);
  return out.length === 0 ? null : { parts: out, message: `Extrapolating ${law.id}: ${out.join('; ')} (${law.range.source}).` };
}

export interface VocabChoice {
  readonly size: number;
  /** Where the size comes from: the user, a config, or the law's own training vocabulary (assumed). */
  readonly source: string;
}

/** The vocabulary to judge a loss against: the given one, else the law's own, else none. */
export function vocabFor(law: ScalingLaw, given?: VocabChoice): VocabChoice | null {
  if (given) return given;
  return law.trainingVocab ? { size: law.trainingVocab.size, source: `assumed: ${law.trainingVocab.source}` } : null;
}

/** ln V: the loss, in nats per token, of a uniform guess over V tokens. */
export function uniformLoss(vocab: number): number {
  return Math.log(vocab);
}

/**
 * Why the law cannot be used for this vocabulary at all (character- or byte-level), or null.
 * Only for laws that name their subword training vocabulary (the built-in ones): a custom or
 * fitted law may well have been fitted on character-level runs, in any unit.
 */
export function vocabProblem(law: ScalingLaw, vocab: number): string | null {
  if (!law.trainingVocab || vocab >= MIN_SUBWORD_VOCAB) return null;
  return `${law.id} does not apply to a ${formatInteger(vocab)}-token vocabulary: it was fitted on a ${formatInteger(law.trainingVocab.size)}-token subword vocabulary, and below ${formatInteger(MIN_SUBWORD_VOCAB)} tokens (character or byte level) a token is a different, much smaller unit of text, so its nats/token are not comparable.`;
}

/**
 * Why a predicted loss is impossible (above ln V), or null. Only for laws whose loss is in nats
 * per token (those that name their training vocabulary): a custom law may be in bits per byte,
 * perplexity or anything else, where ln V is no bound.
 */
export function lossProblem(law: ScalingLaw, loss: number, vocab: VocabChoice | null): string | null {
  if (!law.trainingVocab || !vocab || !(loss > uniformLoss(vocab.size))) return null;
  return (
    `${law.id} gives ${loss.toPrecision(4)} nats/token here, above ln(${formatInteger(vocab.size)}) = ${uniformLoss(vocab.size).toFixed(2)}, ` +
    `the loss of a uniform guess over the vocabulary (${vocab.source}): no trained model is that bad, so the law says nothing about these inputs`
  );
}
