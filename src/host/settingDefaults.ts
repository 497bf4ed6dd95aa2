// The defaults of the scalingLens.* settings, in one place: settings.ts falls back to them, and
// package.json's contributes.configuration states them for the Settings UI (JSON cannot import
// them), so test/unit/manifest.test.ts keeps the two equal. No vscode import: the test loads it.
// Types only from the core: this is part of the small activation bundle, and the law modules
// would ride along with a value import (the test checks the default is the core's DEFAULT_LAW_ID).

import type { BuiltInLawId } from '../core/laws/types';
import type { FlopConvention } from '../core/model';

/** The settings' keys (under `scalingLens.`) and their defaults, as package.json declares them. */
export const SETTING_DEFAULTS = {
  law: 'epoch-2024' satisfies BuiltInLawId,
  flopsConvention: 'palm' satisfies FlopConvention,
  customLaws: {},
  gpu: null,
  gpuCount: null,
  mfu: null,
  clusterEfficiency: null,
  interNodeGbps: null,
  pricePerGpuHour: null,
  'inlayHints.enabled': true,
  'inlayHints.parameters': true,
  'inlayHints.tokens': true,
  'inlayHints.summary': true,
  'inlayHints.maxLength': 120,
  'diagnostics.enabled': true,
  'statusBar.enabled': true,
  'index.include': [] as readonly string[],
  'index.exclude': '**/{node_modules,.git,.venv,venv,dist,build,out,wandb,checkpoints}/**',
  'index.maxFileSizeKB': 1024,
  /** A config takes ~0.1–3 ms to analyse, an 8 MB file up to a few seconds. */
  'analysis.timeBudgetMs': 1500,
  'hub.fetch': false,
  'hub.endpoint': '',
} as const;

/** The `scalingLens.flopsConvention` enum: a Record so that a convention the core adds fails to compile here. */
const CONVENTIONS: Readonly<Record<FlopConvention, true>> = { palm: true, '6N': true, kaplan: true, chinchilla: true, megatron: true };
export const FLOP_CONVENTION_IDS = Object.keys(CONVENTIONS) as readonly FlopConvention[];

export function isFlopConvention(v: unknown): v is FlopConvention {
  return typeof v === 'string' && Object.hasOwn(CONVENTIONS, v);
}
