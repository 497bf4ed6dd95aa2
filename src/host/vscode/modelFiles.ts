// vscode.workspace.fs for resolve/modelResolver.ts: the editor reads a model's config.json through
// VS Code's file system (remote and virtual workspaces included), size-limited.

import * as vscode from 'vscode';
import { MAX_MODEL_CONFIG_BYTES, type ModelFileSource } from '../../configs/resolve/modelResolver';

const missing = (e: unknown) => e instanceof vscode.FileSystemError && (e.code === 'FileNotFound' || e.code === 'FileNotADirectory');

export const vscodeModelFiles: ModelFileSource = {
  async readText(path) {
    const uri = vscode.Uri.file(path);
    try {
      const s = await vscode.workspace.fs.stat(uri);
      if (s.type & vscode.FileType.Directory) return null;
      if (s.size > MAX_MODEL_CONFIG_BYTES) throw new Error(`${s.size} bytes, more than a model config.json`);
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch (e) {
      if (missing(e)) return null;
      throw e;
    }
  },
  async list(path) {
    try {
      return (await vscode.workspace.fs.readDirectory(vscode.Uri.file(path))).map(([name]) => name);
    } catch {
      return null;
    }
  },
};
