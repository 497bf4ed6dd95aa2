// A typed snapshot of the scalingLens.* settings, rebuilt when they change.

import * as vscode from 'vscode';
import type { HardwareHints } from '../configs/types';
import type { FlopConvention } from '../core/model';

export interface Settings {
  readonly law: string;
  readonly flopsConvention: FlopConvention;
  /** Hardware defaults from settings: they lose to the file and its directive comment. */
  readonly hardware: HardwareHints;
  readonly hints: { readonly enabled: boolean; readonly params: boolean; readonly tokens: boolean; readonly summary: boolean; readonly maxLength: number };
  readonly diagnostics: boolean;
  readonly statusBar: boolean;
  readonly index: { readonly include: readonly string[]; readonly exclude: string; readonly maxFileSizeKB: number };
  /** Fetching a missing model's config.json from the Hugging Face Hub: off unless the user turns it on. */
  readonly hub: { readonly fetch: boolean; readonly endpoint: string };
}

const CONVENTIONS: readonly FlopConvention[] = ['palm', '6N', 'kaplan', 'chinchilla', 'megatron'];

function positive(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration('scalingLens', scope);
  const gpu = c.get<string | null>('gpu');
  const gpus = positive(c.get('gpuCount'));
  const mfu = positive(c.get('mfu'));
  const price = c.get<number | null>('pricePerGpuHour');
  const convention = c.get<string>('flopsConvention', 'palm');
  return {
    law: c.get<string>('law', 'epoch-2024'),
    flopsConvention: (CONVENTIONS as readonly string[]).includes(convention) ? (convention as FlopConvention) : 'palm',
    hardware: {
      ...(gpu ? { gpu } : {}),
      ...(gpus !== undefined && Number.isInteger(gpus) && gpus <= 10_000_000 ? { gpus } : {}),
      ...(mfu !== undefined && mfu <= 1 ? { mfu } : {}),
      ...(typeof price === 'number' && Number.isFinite(price) && price >= 0 ? { price } : {}),
    },
    hints: {
      enabled: c.get('inlayHints.enabled', true),
      params: c.get('inlayHints.parameters', true),
      tokens: c.get('inlayHints.tokens', true),
      summary: c.get('inlayHints.summary', true),
      maxLength: Math.max(20, c.get('inlayHints.maxLength', 120)),
    },
    diagnostics: c.get('diagnostics.enabled', true),
    hub: { fetch: c.get<boolean>('hub.fetch', false) === true, endpoint: c.get<string>('hub.endpoint', '') || '' },
    statusBar: c.get('statusBar.enabled', true),
    index: {
      include: c.get<string[]>('index.include', []),
      exclude: c.get<string>('index.exclude', '**/{node_modules,.git,.venv,venv,dist,build,out,wandb,checkpoints}/**'),
      maxFileSizeKB: c.get('index.maxFileSizeKB', 1024),
    },
  };
}
