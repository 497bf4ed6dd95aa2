// A typed snapshot of the scalingLens.* settings, rebuilt when they change.

import * as vscode from 'vscode';
import type { HardwareHints } from '../configs/types';
import type { FlopConvention } from '../core/model';
import { MAX_INTER_NODE_GBPS } from '../core/runSetup';
import { isFlopConvention, SETTING_DEFAULTS as D } from './settingDefaults';

export interface Settings {
  readonly law: string;
  readonly flopsConvention: FlopConvention;
  /** Hardware defaults from settings: they lose to the file and its directive comment. */
  readonly hardware: HardwareHints;
  readonly hints: { readonly enabled: boolean; readonly params: boolean; readonly tokens: boolean; readonly summary: boolean; readonly maxLength: number };
  readonly diagnostics: boolean;
  readonly statusBar: boolean;
  readonly index: { readonly include: readonly string[]; readonly exclude: string; readonly maxFileSizeKB: number };
  /** Each analysis (read + estimate) of a file gets this long before it is abandoned. */
  readonly analysis: { readonly timeBudgetMs: number };
  /** Fetching a missing model's config.json from the Hugging Face Hub: off unless the user turns it on. */
  readonly hub: { readonly fetch: boolean; readonly endpoint: string };
}

/** Below this an ordinary config could miss its budget on a busy machine. */
export const MIN_TIME_BUDGET_MS = 50;

function positive(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}

function timeBudget(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.max(MIN_TIME_BUDGET_MS, Math.round(v)) : D['analysis.timeBudgetMs'];
}

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration('scalingLens', scope);
  const gpu = c.get<string | null>('gpu');
  const gpus = positive(c.get('gpuCount'));
  const mfu = positive(c.get('mfu'));
  const price = c.get<number | null>('pricePerGpuHour');
  const clusterEfficiency = positive(c.get('clusterEfficiency'));
  const interNodeGbps = positive(c.get('interNodeGbps'));
  const convention = c.get<string>('flopsConvention', D.flopsConvention);
  return {
    law: c.get<string>('law', D.law),
    flopsConvention: isFlopConvention(convention) ? convention : D.flopsConvention,
    hardware: {
      ...(gpu ? { gpu } : {}),
      ...(gpus !== undefined && Number.isInteger(gpus) && gpus <= 10_000_000 ? { gpus } : {}),
      ...(mfu !== undefined && mfu <= 1 ? { mfu } : {}),
      ...(clusterEfficiency !== undefined && clusterEfficiency <= 1 ? { clusterEfficiency } : {}),
      ...(typeof price === 'number' && Number.isFinite(price) && price >= 0 ? { price } : {}),
      ...(interNodeGbps !== undefined && interNodeGbps <= MAX_INTER_NODE_GBPS ? { run: { interNodeGbps } } : {}),
    },
    hints: {
      enabled: c.get<boolean>('inlayHints.enabled', D['inlayHints.enabled']),
      params: c.get<boolean>('inlayHints.parameters', D['inlayHints.parameters']),
      tokens: c.get<boolean>('inlayHints.tokens', D['inlayHints.tokens']),
      summary: c.get<boolean>('inlayHints.summary', D['inlayHints.summary']),
      maxLength: Math.max(20, c.get<number>('inlayHints.maxLength', D['inlayHints.maxLength'])),
    },
    diagnostics: c.get<boolean>('diagnostics.enabled', D['diagnostics.enabled']),
    hub: { fetch: c.get<boolean>('hub.fetch', D['hub.fetch']) === true, endpoint: c.get<string>('hub.endpoint', D['hub.endpoint']) || '' },
    statusBar: c.get<boolean>('statusBar.enabled', D['statusBar.enabled']),
    index: {
      include: c.get<readonly string[]>('index.include', D['index.include']),
      exclude: c.get<string>('index.exclude', D['index.exclude']),
      maxFileSizeKB: c.get<number>('index.maxFileSizeKB', D['index.maxFileSizeKB']),
    },
    analysis: { timeBudgetMs: timeBudget(c.get('analysis.timeBudgetMs')) },
  };
}
