// `# scaling-lens: gpus=64 gpu=H100-SXM mfu=0.45 price=2.5 vocab=50277 unique-tokens=1e11`
// (`tokens-per-sec=3100`: measured training tokens per second per GPU; `cluster-efficiency=0.85`:
// the share of a whole run's GPU-hours spent in training steps)
// The one place a config can say what is not in it: hardware, world size, dataset size, and
// which warnings do not apply (`ignore=under-trained` on a deliberately short or continued run).

import type { SourceRange } from '../../core/plan';
import { findAccelerator } from '../../core/hardware';
import { formatInteger, parseFraction, parseQuantity } from '../../core/units';
import type { FineTuneMethod, TrainingStage } from '../../core/runSetup';
import type { Problem } from '../types';
import { parseRunValue, RUN_KEYS, type RunHintKey, type RunHints } from './runHints';

export interface DirectiveValue<T> {
  readonly value: T;
  readonly range: SourceRange;
  readonly text: string;
}

export interface Directive {
  readonly gpus?: DirectiveValue<number>;
  readonly gpu?: DirectiveValue<string>;
  readonly mfu?: DirectiveValue<number>;
  /** Measured training throughput, tokens per second per GPU: replaces the throughput model's figure. */
  readonly tokensPerSec?: DirectiveValue<number>;
  /** Share of the whole run's GPU-hours spent in training steps (evaluation, checkpoints and restarts take the rest). */
  readonly clusterEfficiency?: DirectiveValue<number>;
  readonly price?: DirectiveValue<number>;
  readonly vocab?: DirectiveValue<number>;
  readonly uniqueTokens?: DirectiveValue<number>;
  /** The run's stage when the file's keys do not say it, or say it wrong (`kind=sft`). */
  readonly kind?: DirectiveValue<TrainingStage>;
  /** The fine-tuning method (`method=lora`). */
  readonly method?: DirectiveValue<FineTuneMethod>;
  /** Tokens the run reads in one epoch over its dataset, for epoch-based fine-tunes (`dataset-tokens=12M`). */
  readonly datasetTokens?: DirectiveValue<number>;
  /** Warning codes the file says do not apply to it (`ignore=under-trained`). */
  readonly ignore?: DirectiveValue<readonly IgnorableWarning[]>;
  /** Run keys (`tp=8 micro-batch=2 ac=full`), each with its range. */
  readonly run?: { readonly [K in RunHintKey]?: DirectiveValue<NonNullable<RunHints[K]>> };
  /** Line of the last directive comment, where a quick fix adds to it. */
  readonly line?: number;
}

export const DIRECTIVE_PREFIX = 'scaling-lens:';
const LINE = /^(\s*#\s*)scaling-lens:(.*)$/;
/** Upper bounds that keep every product finite: no cluster, vocabulary or dataset is larger. */
const MAX_GPUS = 10_000_000;
const MAX_VOCAB = 100_000_000;
const MAX_UNIQUE_TOKENS = 1e18;
const MAX_PRICE = 1e6;
/** Far above any GPU's training throughput (a 10M-parameter model on a B200 runs ~1e7 tokens/s). */
const MAX_TOKENS_PER_SEC = 1e9;
const HARDWARE_KEYS = [
  'gpus',
  'gpu',
  'mfu',
  'tokens-per-sec',
  'cluster-efficiency',
  'price',
  'vocab',
  'unique-tokens',
  'ignore',
  'kind',
  'method',
  'dataset-tokens',
] as const;
/** The run keys a directive takes (runHints.ts), by name. */
const RUN_DIRECTIVE_KEYS = new Map(RUN_KEYS.filter((k) => k.directive).map((k) => [k.name, k]));
const KEYS: readonly string[] = [...HARDWARE_KEYS, ...RUN_DIRECTIVE_KEYS.keys()];
export const DIRECTIVE_STAGES: readonly TrainingStage[] = ['pretrain', 'continued-pretrain', 'sft', 'reward', 'dpo', 'orpo', 'kto', 'simpo', 'ppo', 'grpo'];
export const DIRECTIVE_METHODS: readonly FineTuneMethod[] = ['full', 'freeze', 'lora', 'qlora', 'dora', 'galore', 'prefix-tuning', 'prompt-tuning'];
/**
 * Warnings a file may switch off, because they can be intended: a continued-pretraining or
 * deliberately short run is under-trained on purpose. Warnings about wrong or missing numbers
 * cannot be ignored.
 */
export const IGNORABLE_WARNINGS = ['under-trained'] as const;
export type IgnorableWarning = (typeof IGNORABLE_WARNINGS)[number];

/** Reads every directive comment in the text; later lines win. Bad entries become problems on their own range. */
export function readDirectives(text: string): { directive: Directive; problems: Problem[] } {
  const problems: Problem[] = [];
  const out: { -readonly [K in keyof Directive]: Directive[K] } = {};
  if (!text.includes(DIRECTIVE_PREFIX)) return { directive: out, problems };
  const lines = text.split('\n');
  for (let line = 0; line < lines.length; line++) {
    const m = LINE.exec(lines[line]!.replace(/\r$/, ''));
    if (!m) continue;
    out.line = line;
    const offset = m[1]!.length + DIRECTIVE_PREFIX.length;
    const body = m[2]!;
    const re = /(\S+)/g;
    for (let t = re.exec(body); t; t = re.exec(body)) {
      const word = t[1]!;
      const range: SourceRange = { startLine: line, startCol: offset + t.index, endLine: line, endCol: offset + t.index + word.length };
      const eq = word.indexOf('=');
      const key = eq < 0 ? word : word.slice(0, eq);
      const raw = eq < 0 ? '' : word.slice(eq + 1);
      const bad = (message: string) => problems.push({ severity: 'error', code: 'invalid-directive', message, range });
      if (!KEYS.includes(key)) {
        bad(`Unknown scaling-lens directive "${key}"; known: ${KEYS.join(', ')}`);
        continue;
      }
      const runKey = RUN_DIRECTIVE_KEYS.get(key);
      if (runKey) {
        // A bare boolean key (`compile`) says true.
        const parsed = parseRunValue(runKey.key, eq < 0 && runKey.value === undefined ? true : raw, key);
        if (!parsed.ok) bad(parsed.message);
        else out.run = { ...out.run, [runKey.key]: { value: parsed.value, range, text: word } };
        continue;
      }
      if (eq < 0 || raw === '') {
        bad(`Directive "${key}" needs a value, e.g. ${key}=…`);
        continue;
      }
      switch (key) {
        case 'gpu': {
          const acc = findAccelerator(raw);
          if (!acc) bad(`Unknown GPU "${raw}"; run \`scaling-lens gpus\` for the ids`);
          else out.gpu = { value: acc.id, range, text: word };
          break;
        }
        case 'gpus': {
          const v = parseQuantity(raw);
          if (v === null || !Number.isInteger(v) || v < 1 || v > MAX_GPUS)
            bad(`gpus must be a whole number from 1 to ${formatInteger(MAX_GPUS)}, got "${raw}"`);
          else out.gpus = { value: v, range, text: word };
          break;
        }
        case 'mfu':
        case 'cluster-efficiency': {
          const frac = parseFraction(raw, 'percent');
          if (frac === null) bad(`${key} must be a fraction in (0, 1] or a percentage, got "${raw}"`);
          else out[key === 'mfu' ? 'mfu' : 'clusterEfficiency'] = { value: frac, range, text: word };
          break;
        }
        case 'tokens-per-sec': {
          const v = parseQuantity(raw);
          if (v === null || !(v > 0) || v > MAX_TOKENS_PER_SEC)
            bad(`tokens-per-sec must be measured tokens per second per GPU, a positive number up to 1e9, got "${raw}"`);
          else out.tokensPerSec = { value: v, range, text: word };
          break;
        }
        case 'price': {
          const v = parseQuantity(raw.replace(/^\$/, ''));
          if (v === null || v < 0 || v > MAX_PRICE) bad(`price must be dollars per GPU-hour from 0 to ${formatInteger(MAX_PRICE)}, got "${raw}"`);
          else out.price = { value: v, range, text: word };
          break;
        }
        case 'vocab': {
          const v = parseQuantity(raw);
          if (v === null || !Number.isInteger(v) || v < 1 || v > MAX_VOCAB)
            bad(`vocab must be a whole number from 1 to ${formatInteger(MAX_VOCAB)}, got "${raw}"`);
          else out.vocab = { value: v, range, text: word };
          break;
        }
        case 'ignore': {
          // A comma-separated list; repeated `ignore=` entries add up.
          const codes = raw.split(',').filter((c) => c !== '');
          const unknown = codes.filter((c) => !(IGNORABLE_WARNINGS as readonly string[]).includes(c));
          if (!codes.length || unknown.length) bad(`ignore takes ${IGNORABLE_WARNINGS.join(', ')} (comma-separated), got "${unknown[0] ?? raw}"`);
          else {
            const merged = [...new Set([...(out.ignore?.value ?? []), ...(codes as IgnorableWarning[])])];
            out.ignore = { value: merged, range, text: word };
          }
          break;
        }
        case 'kind': {
          if (!(DIRECTIVE_STAGES as readonly string[]).includes(raw)) bad(`kind takes ${DIRECTIVE_STAGES.join(', ')}, got "${raw}"`);
          else out.kind = { value: raw as TrainingStage, range, text: word };
          break;
        }
        case 'method': {
          if (!(DIRECTIVE_METHODS as readonly string[]).includes(raw)) bad(`method takes ${DIRECTIVE_METHODS.join(', ')}, got "${raw}"`);
          else out.method = { value: raw as FineTuneMethod, range, text: word };
          break;
        }
        case 'dataset-tokens': {
          const v = parseQuantity(raw);
          if (v === null || v <= 0 || v > MAX_UNIQUE_TOKENS) bad(`dataset-tokens must be a positive number of tokens up to 1e18, got "${raw}"`);
          else out.datasetTokens = { value: v, range, text: word };
          break;
        }
        case 'unique-tokens': {
          const v = parseQuantity(raw);
          if (v === null || v <= 0 || v > MAX_UNIQUE_TOKENS) bad(`unique-tokens must be a positive number of tokens up to 1e18, got "${raw}"`);
          else out.uniqueTokens = { value: v, range, text: word };
          break;
        }
      }
    }
  }
  return { directive: out, problems };
}
