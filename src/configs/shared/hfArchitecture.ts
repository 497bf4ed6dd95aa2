// Hugging Face config.json keys -> ArchParts. Shared by every reader that names an HF model
// (config.json itself, nanotron model_config, axolotl/TrainingArguments/llm-foundry model ids).
// (Filled in by the HF-family reader work; the signatures are fixed.)

import type { SourceRange } from '../../core/plan';
import type { ArchParts, PlanBuilder } from './builder';

/** Reads one key of an HF-style config: its value and where it stands (null range for registry values). */
export type HfKeyLookup = (key: string) => { readonly value: unknown; readonly range: SourceRange | null } | undefined;

/**
 * Maps HF config keys to architecture parts. `origin` is 'stated' for keys read from the file
 * being edited and 'default' for values that come from a registry entry.
 */
export function hfArchitectureParts(_b: PlanBuilder, _get: HfKeyLookup, _origin: 'stated' | 'default', _source: string): ArchParts {
  return {};
}

/**
 * Architecture parts of a model referred to by HF id (axolotl `base_model`, TrainingArguments
 * `model_name_or_path`, llm-foundry `pretrained_model_name_or_path`), from the bundled
 * registry. Unknown ids add a `unknown-model` problem at `range` and return null.
 */
export function hfModelParts(_b: PlanBuilder, _id: string, _range: SourceRange | null): ArchParts | null {
  return null;
}
