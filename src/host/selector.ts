// Which documents the providers look at. Readers decide whether a file is a training config;
// this only keeps the providers off files no reader could take.

import type * as vscode from 'vscode';

export const CONFIG_SELECTOR: vscode.DocumentSelector = [
  { language: 'yaml' },
  { language: 'json' },
  { language: 'jsonc' },
  { language: 'toml' },
  { language: 'python' },
  { language: 'shellscript' },
  // TOML and batch scripts have no built-in language in VS Code: match them by name.
  { pattern: '**/*.{toml,sh,slurm,sbatch}' },
];

/** Documents that are not user files (output panes, git diffs, settings) are never analysed. */
export function isAnalysable(doc: vscode.TextDocument): boolean {
  return doc.uri.scheme !== 'output' && doc.uri.scheme !== 'git' && doc.uri.scheme !== 'vscode-userdata' && !doc.uri.path.endsWith('/settings.json');
}
