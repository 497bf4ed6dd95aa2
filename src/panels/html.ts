// The curve webviews' page: a strict Content-Security-Policy with a fresh nonce per page, the
// bundle and stylesheet from dist/, nothing inline and nothing remote.

import * as vscode from 'vscode';
import type { ViewMode } from '../protocol';

/** Folders a curve webview may load from: the built bundle and the static media. */
export function localResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: localResourceRoots(extensionUri) };
}

function nonce(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes)).replace(/[+/=]/g, '');
}

/**
 * No 'unsafe-inline', no 'unsafe-eval', no remote origin: scripts only with the nonce, styles
 * and images only from the extension (Chart.js sizes its canvas through the CSSOM, and the
 * elements use constructed stylesheets, neither of which style-src restricts).
 */
export function contentSecurityPolicy(cspSource: string, scriptNonce: string): string {
  return ["default-src 'none'", `img-src ${cspSource} data:`, `style-src ${cspSource}`, `font-src ${cspSource}`, `script-src 'nonce-${scriptNonce}'`].join(
    '; ',
  );
}

export function curveHtml(webview: vscode.Webview, extensionUri: vscode.Uri, mode: ViewMode): string {
  const n = nonce();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.css'));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(webview.cspSource, n)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>Scaling Curves</title>
</head>
<body data-mode="${mode}">
<div id="app" aria-live="polite"></div>
<script nonce="${n}" src="${script.toString()}"></script>
</body>
</html>`;
}
