// The curve webview (panel and sidebar view): draws the state the host pushes and sends back
// what the user does. It computes no scaling numbers: every value arrives in the state.
//
// Start: redraw the cached state (getState) at once, post `ready`; the host answers with
// `state`. After each state: save it (setState) and report what was drawn (`rendered`).

import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-multi-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { VscodeMultiSelect } from '@vscode-elements/elements/dist/vscode-multi-select/vscode-multi-select.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type {
  ChartId,
  ChartSpec,
  CurveState,
  HostMessage,
  LawInfo,
  PersistedState,
  RenderReport,
  ViewMode,
  ViewOptions,
  WebviewMessage,
} from '../src/protocol';
import { CurveChart } from './charts';
import { observeTheme, readPalette } from './theme';
import './styles.css';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: PersistedState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const mode: ViewMode = document.body.dataset.mode === 'view' ? 'view' : 'panel';
let palette = readPalette();
let current: CurveState | undefined;
let currentSeq = 0;
let firstRenderMs: number | null = null;
/** Set while controls are updated from a state, so their change events are not echoed back. */
let syncing = false;

const el = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) if (v !== undefined) e.setAttribute(k, v);
  e.append(...children);
  return e;
};

// ---- skeleton -------------------------------------------------------------------------------

const app = document.getElementById('app')!;
const title = el('h1', { id: 'title' });
const format = el('span', { class: 'format', id: 'format' });
const facts = el('dl', { class: 'facts', id: 'facts' });
const notice = el('div', { class: 'notice', id: 'notice', role: 'status', hidden: '' });
const warnings = el('ul', { class: 'warnings', id: 'warnings', hidden: '' });
const law = el('vscode-single-select', { id: 'law', 'aria-label': 'Scaling law' });
const compare = el('vscode-multi-select', { id: 'compare', 'aria-label': 'Compare with other laws', placeholder: 'none' });
const scope = el('vscode-checkbox', { id: 'scope', label: 'All workspace configs' });
const charts = el('main', { class: 'charts', id: 'charts' });
const tableSection = el('section', { class: 'table', id: 'configs', hidden: '' });

app.append(
  el(
    'header',
    { class: 'head' },
    el('div', { class: 'title' }, title, format),
    facts,
    notice,
    warnings,
    el(
      'div',
      { class: 'controls', role: 'toolbar', 'aria-label': 'Chart options' },
      el('div', { class: 'control' }, el('vscode-label', { for: 'law' }, 'Law'), law),
      el('div', { class: 'control' }, el('vscode-label', { for: 'compare' }, 'Compare with'), compare),
      el('div', { class: 'control scope' }, scope),
    ),
  ),
  charts,
  tableSection,
);

const cards = new Map<
  ChartId,
  { section: HTMLElement; heading: HTMLElement; caption: HTMLElement; plot: HTMLElement; canvas: HTMLCanvasElement; empty: HTMLElement; chart?: CurveChart }
>();

function card(spec: ChartSpec) {
  let c = cards.get(spec.id);
  if (c) return c;
  const heading = el('h2', { id: `h-${spec.id}` });
  const png = el(
    'vscode-button',
    { secondary: '', 'data-export': 'png', title: 'Save the chart as a PNG image', 'aria-label': `Export ${spec.title} as PNG` },
    'PNG',
  );
  const csv = el(
    'vscode-button',
    { secondary: '', 'data-export': 'csv', title: 'Save the chart’s data as CSV', 'aria-label': `Export ${spec.title} data as CSV` },
    'CSV',
  );
  png.addEventListener('click', () => exportPng(spec.id));
  csv.addEventListener('click', () => post({ type: 'exportCsv', chart: spec.id }));
  const caption = el('p', { class: 'caption' });
  const canvas = el('canvas', { role: 'img' });
  const plot = el('div', { class: 'plot' }, canvas);
  const empty = el('p', { class: 'empty', hidden: '' });
  const section = el(
    'section',
    { class: 'card', 'data-chart': spec.id, 'aria-labelledby': `h-${spec.id}` },
    el('header', {}, heading, el('div', { class: 'actions' }, png, csv)),
    caption,
    plot,
    empty,
  );
  charts.append(section);
  c = { section, heading, caption, plot, canvas, empty };
  cards.set(spec.id, c);
  return c;
}

// ---- messages -------------------------------------------------------------------------------

function post(message: WebviewMessage): void {
  vscode.postMessage(message);
}

/** The webview's cache: what VS Code gives back after hiding, and the panel serializer after a reload. */
function persist(s: CurveState): void {
  vscode.setState({ v: 1, ...(s.target ? { uri: s.target } : {}), ...(s.budget ? { budget: s.budget } : {}), options: s.options, state: s });
}

function setOptions(change: Partial<ViewOptions>): void {
  if (!current || syncing) return;
  const options: ViewOptions = { ...current.options, ...change };
  current = { ...current, options };
  persist(current);
  post({ type: 'setOptions', options });
}

law.addEventListener('change', () => setOptions({ law: law.value, compare: (current?.options.compare ?? []).filter((id) => id !== law.value) }));
compare.addEventListener('change', () => setOptions({ compare: [...compare.value] }));
scope.addEventListener('change', () => setOptions({ scope: scope.checked ? 'workspace' : 'config' }));

function exportPng(id: ChartId): void {
  const chart = cards.get(id)?.chart;
  if (chart) post({ type: 'exportPng', chart: id, dataUrl: chart.toPng() });
}

// ---- rendering ------------------------------------------------------------------------------

/**
 * The law options of a select, with `selected` on the chosen ones: the elements take their
 * state from their options, so a value holds even when the options were just replaced.
 */
function syncOptions(select: VscodeSingleSelect | VscodeMultiSelect, laws: readonly LawInfo[], selected: readonly string[]): void {
  const signature = laws.map((l) => `${l.id}\u0000${l.name}`).join('\u0001');
  if (select.dataset.laws !== signature) {
    select.dataset.laws = signature;
    select.replaceChildren(
      ...laws.map((l) => el('vscode-option', { value: l.id, description: l.name, ...(selected.includes(l.id) ? { selected: '' } : {}) }, l.id)),
    );
    return;
  }
  for (const o of select.querySelectorAll('vscode-option')) o.toggleAttribute('selected', selected.includes(o.getAttribute('value') ?? ''));
}

function renderHeader(s: CurveState): void {
  const name = s.config?.name ?? (s.target ? decodeURIComponent(s.target.split('/').pop() ?? '') : 'Scaling curves');
  title.textContent = name;
  title.title = s.config ? `${s.config.name} (${s.config.format})` : name;
  format.textContent = s.config ? `${s.config.format} · ${s.shownLaws[0]?.id ?? ''}` : (s.shownLaws[0]?.id ?? '');
  facts.replaceChildren(...(s.config?.facts ?? []).map((f) => el('div', f.title ? { title: f.title } : {}, el('dt', {}, f.label), el('dd', {}, f.value))));
  facts.hidden = !s.config?.facts.length;
  notice.hidden = !s.notice;
  notice.className = `notice ${s.notice?.kind ?? ''}`;
  notice.replaceChildren(...(s.notice ? [el('strong', {}, s.notice.title), ' ', s.notice.detail] : []));
  warnings.hidden = !s.config?.warnings.length;
  warnings.replaceChildren(...(s.config?.warnings ?? []).map((w) => el('li', {}, w)));
}

function renderControls(s: CurveState): void {
  syncing = true;
  try {
    const chosen = s.shownLaws[0]?.id ?? '';
    syncOptions(law, s.laws, [chosen]);
    syncOptions(
      compare,
      s.laws.filter((l) => l.id !== chosen),
      s.shownLaws.slice(1).map((l) => l.id),
    );
    scope.checked = s.options.scope === 'workspace';
    scope.label = `All workspace configs (${s.workspace.count})`;
  } finally {
    syncing = false;
  }
}

function renderCharts(s: CurveState): void {
  // A chart some states have (a fitted law's fit quality) is hidden in the others.
  const present = new Set(s.charts.map((c) => c.id));
  for (const [id, c] of cards) c.section.hidden = !present.has(id);
  for (const spec of s.charts) {
    const c = card(spec);
    c.heading.textContent = spec.title;
    c.caption.textContent = spec.caption;
    c.heading.title = spec.caption;
    c.canvas.setAttribute('aria-label', spec.summary);
    c.empty.textContent = spec.empty ?? '';
    c.empty.hidden = !spec.empty;
    c.plot.hidden = !!spec.empty;
    c.section.classList.toggle('is-empty', !!spec.empty);
    c.section.querySelectorAll('vscode-button').forEach((b) => b.toggleAttribute('disabled', !!spec.empty));
    if (spec.empty) continue;
    if (c.chart) c.chart.update(spec);
    else c.chart = new CurveChart(c.canvas, spec, palette, mode, { onOpen: (uri) => post({ type: 'openConfig', uri }) });
  }
}

function renderTable(s: CurveState): void {
  tableSection.hidden = s.table.length < 2;
  if (s.table.length < 2) return;
  const head = el(
    'tr',
    {},
    ...['config', 'parameters', 'tokens', 'compute, 6ND (FLOPs)', 'tokens/param', 'loss'].map((h, i) =>
      el('th', { scope: 'col', class: i === 0 ? 'name' : 'num' }, h),
    ),
  );
  const rows = s.table.map((r) => {
    // The whole row opens its config (a click on any number); the name is the button that
    // keyboard and screen-reader users reach with Tab.
    const open = el('button', { class: 'link', type: 'button', title: `Open ${r.name}` }, r.name);
    const row = el(
      'tr',
      { class: `open${r.current ? ' current' : ''}`, title: `Open ${r.name}`, 'data-uri': r.uri, ...(r.current ? { 'aria-current': 'true' } : {}) },
      el('td', { class: 'name' }, open),
      ...[r.params, r.tokens, r.flops, r.ratio, r.loss].map((v) => el('td', { class: 'num' }, v)),
    );
    row.addEventListener('click', () => post({ type: 'openConfig', uri: r.uri }));
    return row;
  });
  tableSection.replaceChildren(
    el('h2', {}, `Configs on the charts (${s.shownLaws[0]?.id ?? ''})`),
    el('table', {}, el('thead', {}, head), el('tbody', {}, ...rows)),
  );
}

function render(seq: number, s: CurveState): void {
  const started = performance.now();
  current = s;
  currentSeq = seq;
  renderHeader(s);
  renderControls(s);
  renderCharts(s);
  renderTable(s);
  persist(s);
  // Report once the frame with the charts is painted.
  requestAnimationFrame(() => report(seq, performance.now() - started));
}

/** What is on screen, read back from the DOM, for the host (tests, timings). */
function report(seq: number, renderMs: number): void {
  if (seq !== currentSeq || !current) return;
  if (firstRenderMs === null) firstRenderMs = performance.now();
  const r: RenderReport = {
    seq,
    header: title.textContent ?? '',
    notice: notice.hidden ? null : (notice.textContent ?? ''),
    charts: current.charts.map((spec) => {
      const c = cards.get(spec.id)!;
      const box = c.canvas.getBoundingClientRect();
      return {
        id: spec.id,
        canvas: c.canvas.isConnected && !c.plot.hidden && box.width > 0 && box.height > 0,
        width: Math.round(box.width),
        height: Math.round(box.height),
        datasets: c.chart && !spec.empty ? c.chart.datasets_ : [],
        ...(spec.empty ? { empty: c.empty.textContent ?? '' } : {}),
        ariaLabel: c.canvas.getAttribute('aria-label') ?? '',
      };
    }),
    controls: {
      law: law.value,
      lawOptions: [...law.querySelectorAll('vscode-option')].map((o) => o.getAttribute('value') ?? ''),
      compare: [...compare.value],
      scope: scope.checked ? 'workspace' : 'config',
    },
    firstRenderMs,
    renderMs,
  };
  post({ type: 'rendered', report: r });
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const m = event.data;
  if (m && m.type === 'state' && typeof m.seq === 'number' && m.state) render(m.seq, m.state);
});

/** The theme the charts were last coloured for (read by the UI checks). */
function markTheme(): void {
  document.documentElement.dataset.chartTheme = palette.kind;
}

observeTheme(() => {
  palette = readPalette();
  for (const c of cards.values()) c.chart?.retheme(palette);
  markTheme();
});
markTheme();

// A cached drawing first (the view was hidden or reloaded), then the host's answer to `ready`.
const saved = vscode.getState() as PersistedState | undefined;
if (saved?.v === 1 && saved.state && Array.isArray(saved.state.charts)) {
  try {
    render(0, saved.state);
  } catch {
    // An older cache that no longer fits: the host's state replaces it in a moment.
  }
}
post({ type: 'ready' });
