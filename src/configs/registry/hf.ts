// Hugging Face model ids -> their config.json architecture keys, each cited.
// (Filled in by the HF-family reader work; the shape is fixed so other readers can use it.)

/** The config.json keys of a model, as the Hub publishes them (only the ones that change counts). */
export type HfConfigDict = Readonly<Record<string, number | string | boolean | null | readonly string[] | Readonly<Record<string, unknown>>>>;

export interface HfModelEntry {
  readonly id: string;
  readonly aliases?: readonly string[];
  readonly config: HfConfigDict;
  /** Published exact total, where known (science.md §7), to test the mapping against. */
  readonly publishedParams?: number;
  readonly source: string;
}

export const HF_MODELS: readonly HfModelEntry[] = [];

/** Case-insensitive on the id (`meta-llama/Meta-Llama-3-8B`), also after `checkpoints/`. */
export function findHfModel(id: string): HfModelEntry | undefined {
  const key = id.trim().replace(/^checkpoints\//, '').toLowerCase();
  return HF_MODELS.find((m) => m.id.toLowerCase() === key || m.aliases?.some((a) => a.toLowerCase() === key));
}
