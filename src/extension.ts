// Activation only: nothing is registered yet (the editor features land with the next issues).
import type * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {}

export function deactivate(): void {}
