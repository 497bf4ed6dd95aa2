// One output channel, created on first write; each distinct message is shown once, so a reader
// failing on a file is reported, not repeated on every keystroke.

import * as vscode from 'vscode';

export class Log implements vscode.Disposable {
  private channel: vscode.OutputChannel | undefined;
  private readonly seen = new Set<string>();

  private get out(): vscode.OutputChannel {
    return (this.channel ??= vscode.window.createOutputChannel('Scaling Lens'));
  }

  info(message: string): void {
    this.out.appendLine(`[info] ${message}`);
  }

  /** Logs a message once per key (e.g. file + error text). */
  errorOnce(key: string, message: string): void {
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.out.appendLine(`[error] ${message}`);
  }

  show(): void {
    this.out.show(true);
  }

  dispose(): void {
    this.channel?.dispose();
  }
}
