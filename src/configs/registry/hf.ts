// Hugging Face model ids -> their config.json architecture keys, each cited. The rows are data
// (hfModels.ts); this module gives them a type and a Map so a lookup per keystroke is one hash
// probe, not a scan of the table.

import { HF_MODEL_ROWS } from './hfModels';

/** The config.json keys of a model, as the Hub publishes them (only the ones that change counts). */
export type HfConfigDict = Readonly<
  Record<string, number | string | boolean | null | readonly string[] | readonly number[] | Readonly<Record<string, unknown>>>
>;

export interface HfModelEntry {
  readonly id: string;
  readonly aliases?: readonly string[];
  readonly config: HfConfigDict;
  /** Published exact total of the Hub checkpoint, where known, that the counter must reproduce. */
  readonly publishedParams?: number;
  /** Where publishedParams was published, when not already said in `source`. */
  readonly publishedSource?: string;
  /** Where the config keys were read (`owner/repo@commit:path`, or a project reference note). */
  readonly source: string;
  /** Where `sliding_window` (and its pattern) were read, when the rows above it came from elsewhere. */
  readonly windowSource?: string;
  /** Where a published figure differs from the counted total, and why; what is not counted. */
  readonly note?: string;
}

export const HF_MODELS: readonly HfModelEntry[] = HF_MODEL_ROWS;

/** Lower-cased id and every alias -> entry. Built once; duplicates are caught by the registry test. */
const BY_NAME: ReadonlyMap<string, HfModelEntry> = (() => {
  const map = new Map<string, HfModelEntry>();
  for (const m of HF_MODELS) {
    for (const name of [m.id, ...(m.aliases ?? [])]) {
      const key = name.toLowerCase();
      if (!map.has(key)) map.set(key, m);
    }
  }
  return map;
})();

/**
 * Case-insensitive on the id (`meta-llama/Meta-Llama-3-8B`), also after `checkpoints/` (litgpt),
 * `./`, a Hub URL prefix, or with a trailing slash.
 */
export function findHfModel(id: string): HfModelEntry | undefined {
  const key = id
    .trim()
    .replace(/^https?:\/\/huggingface\.co\//i, '')
    .replace(/^(\.\/)?checkpoints\//, '')
    .replace(/\/+$/, '')
    .toLowerCase();
  return BY_NAME.get(key);
}

/** Repository name (after the owner) -> the one entry it names; names two entries share are left out. */
const BY_REPO: ReadonlyMap<string, HfModelEntry> = (() => {
  const map = new Map<string, HfModelEntry | null>();
  for (const m of HF_MODELS)
    for (const name of [m.id, ...(m.aliases ?? [])]) {
      const repo = name.toLowerCase().split('/').pop()!;
      const seen = map.get(repo);
      map.set(repo, seen === undefined || seen === m ? m : null);
    }
  return new Map([...map].filter((e): e is [string, HfModelEntry] => e[1] !== null));
})();

/**
 * A re-upload under another owner with the repository name unchanged (`unsloth/Qwen2.5-7B`,
 * `mistral-community/Mixtral-8x22B-v0.1`): the entry whose own id or alias has that repository
 * name, when exactly one does. Null for an exact id (use findHfModel) or no unique match.
 */
export function findHfModelByRepoName(id: string): HfModelEntry | undefined {
  const key = id.trim().replace(/\/+$/, '').toLowerCase();
  if (!key.includes('/')) return undefined;
  return BY_REPO.get(key.split('/').pop()!);
}
