// Colours and fonts from VS Code's theme variables. VS Code rewrites the `--vscode-*` variables
// on <html> and the theme class on <body> when the theme changes: both are observed, and the
// charts re-read the palette and redraw (GitLens theme.ts, js-profile useCssVariables).

import { opaque, withAlpha } from './color';

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export interface Palette {
  readonly kind: ThemeKind;
  readonly highContrast: boolean;
  readonly foreground: string;
  /** Secondary text and reference lines. */
  readonly muted: string;
  readonly grid: string;
  readonly background: string;
  readonly border: string;
  readonly fontFamily: string;
  readonly fontSize: number;
  /** Law colours: the chosen law first. */
  readonly laws: readonly string[];
  readonly config: string;
  readonly optimum: string;
  readonly more: string;
  readonly workspace: string;
  /** Stacked terms, bottom first (the memory chart: weights, gradients, optimizer, activations, logits, overhead). */
  readonly stack: readonly string[];
  readonly tooltipBackground: string;
  readonly tooltipBorder: string;
  readonly tooltipForeground: string;
}

function themeKind(): ThemeKind {
  const c = document.body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (c.contains('vscode-high-contrast')) return 'high-contrast';
  return c.contains('vscode-light') ? 'light' : 'dark';
}

export function readPalette(): Palette {
  const style = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const kind = themeKind();
  const highContrast = kind === 'high-contrast' || kind === 'high-contrast-light';
  const light = kind === 'light' || kind === 'high-contrast-light';
  const foreground = v('--vscode-charts-foreground', v('--vscode-foreground', light ? '#333333' : '#cccccc'));
  const contrast = v('--vscode-contrastBorder', '');
  return {
    kind,
    highContrast,
    foreground,
    muted: v('--vscode-descriptionForeground', withAlpha(foreground, 0.7)),
    grid: highContrast && contrast ? withAlpha(contrast, 0.5) : withAlpha(v('--vscode-charts-lines', foreground), 0.45),
    background: v('--vscode-editor-background', light ? '#ffffff' : '#1e1e1e'),
    border: contrast || v('--vscode-widget-border', withAlpha(foreground, 0.2)),
    fontFamily: v('--vscode-font-family', 'system-ui, sans-serif'),
    fontSize: parseFloat(v('--vscode-font-size', '13')) || 13,
    laws: [
      opaque(v('--vscode-charts-blue', '#3794ff')),
      opaque(v('--vscode-charts-orange', '#d18616')),
      opaque(v('--vscode-charts-purple', '#b180d7')),
      opaque(v('--vscode-charts-yellow', '#cca700')),
      opaque(foreground),
    ],
    config: opaque(v('--vscode-charts-red', '#f14c4c')),
    optimum: opaque(v('--vscode-charts-green', '#89d185')),
    more: opaque(v('--vscode-charts-orange', '#d18616')),
    workspace: withAlpha(foreground, light ? 0.55 : 0.6),
    stack: [
      opaque(v('--vscode-charts-blue', '#3794ff')),
      opaque(v('--vscode-charts-purple', '#b180d7')),
      opaque(v('--vscode-charts-green', '#89d185')),
      opaque(v('--vscode-charts-orange', '#d18616')),
      opaque(v('--vscode-charts-yellow', '#cca700')),
      opaque(withAlpha(foreground, 0.55)),
    ],
    tooltipBackground: v('--vscode-editorHoverWidget-background', light ? '#f8f8f8' : '#252526'),
    tooltipBorder: v('--vscode-editorHoverWidget-border', withAlpha(foreground, 0.3)),
    tooltipForeground: v('--vscode-editorHoverWidget-foreground', foreground),
  };
}

/** Calls `onChange` after the theme changed (debounced to one call per frame). */
export function observeTheme(onChange: () => void): () => void {
  let frame = 0;
  const fire = () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(onChange);
  };
  const observer = new MutationObserver(fire);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
  return () => observer.disconnect();
}
