// Messages between the curve webviews (webview/) and their host (src/panels/). Types only: the
// webview bundle imports this with `import type`, and the host validates every incoming
// message against the schemas in src/panels/messages.ts before using it.
//
// Handshake: the webview posts `ready` once its script runs; the host answers with `state`
// and pushes a new `state` whenever the config, the workspace or the options change. The
// webview draws and answers each `state` with `rendered` (what it drew, read back from its DOM).
// The host is the source of truth; the webview's getState/setState is only a cache.

export type ChartId = 'lossCompute' | 'isoFlop' | 'lossTokens' | 'tokensPerParam' | 'fitQuality' | 'memory';

/** What an axis measures; the webview picks tick labels from it (1e20, 100M, 1T; micro-batches at powers of two; GiB). */
export type AxisKind = 'flops' | 'params' | 'tokens' | 'loss' | 'ratio' | 'microBatch' | 'memory';

export interface AxisSpec {
  readonly kind: AxisKind;
  readonly title: string;
  readonly log: boolean;
  readonly min?: number;
  readonly max?: number;
}

/**
 * How a series is drawn:
 * - `frontier`, `curve`: a law's line (solid, dashed); `highlight`: the config's iso-FLOP line;
 * - `context`: other budgets, faint; `floor`, `threshold`: dashed reference lines;
 * - `bandLow` + `bandHigh` (in that order): the spread between laws, filled between;
 * - points: `config` (this config), `configAlt` (this config under a compared law),
 *   `optimum`, `more` (more tokens), `workspace` (other configs; clickable);
 * - `stack`: one term of a stacked area (its points are cumulative; the first fills to zero,
 *   each next one to the series before it), coloured by `shade`.
 */
export type SeriesRole =
  | 'frontier'
  | 'curve'
  | 'highlight'
  | 'context'
  | 'floor'
  | 'threshold'
  | 'bandLow'
  | 'bandHigh'
  | 'config'
  | 'configAlt'
  | 'optimum'
  | 'more'
  | 'workspace'
  | 'stack';

export interface PlotPoint {
  readonly x: number;
  readonly y: number;
  /** Tooltip title for this point (a config's file name). */
  readonly label?: string;
  /** Tooltip lines with exact values. */
  readonly detail?: readonly string[];
  /** A config file: clicking the point opens it. */
  readonly uri?: string;
}

export interface SeriesSpec {
  readonly id: string;
  readonly label: string;
  /** Legend text; null hides the series from the legend. Default: `label`. */
  readonly legend?: string | null;
  readonly role: SeriesRole;
  /** Index of the law in `CurveState.shownLaws` (0 = the chosen law), for its colour. */
  readonly law?: number;
  /** A `stack` series' place in the stack (0 = bottom), for its colour. */
  readonly shade?: number;
  /** Join the points with a line (point roles are drawn as points only by default). */
  readonly line?: boolean;
  readonly points: readonly PlotPoint[];
}

export interface ChartSpec {
  readonly id: ChartId;
  readonly title: string;
  /** One sentence under the title: what is drawn and what the marks mean. */
  readonly caption: string;
  readonly x: AxisSpec;
  readonly y: AxisSpec;
  readonly series: readonly SeriesSpec[];
  /** Set when the chart has nothing to draw: why (shown instead of the canvas). */
  readonly empty?: string;
  /** Text alternative of the chart (the canvas's aria-label). */
  readonly summary: string;
}

export interface LawInfo {
  readonly id: string;
  readonly name: string;
  readonly paramsKind: 'total' | 'nonEmbedding';
  readonly dataset: string;
  readonly citation: string;
}

export interface Fact {
  readonly label: string;
  readonly value: string;
  /** Exact value or derivation, as a tooltip. */
  readonly title?: string;
}

export interface ConfigSummary {
  readonly uri: string;
  /** Workspace-relative path. */
  readonly name: string;
  readonly format: string;
  readonly facts: readonly Fact[];
  readonly warnings: readonly string[];
}

/** A row of the table of plotted configs (the keyboard way to open them), under the chosen law. */
export interface ConfigRow {
  readonly uri: string;
  readonly name: string;
  /** The config the view is on. */
  readonly current: boolean;
  readonly params: string;
  readonly tokens: string;
  readonly flops: string;
  readonly ratio: string;
  readonly loss: string;
}

export interface Notice {
  readonly kind: 'info' | 'warning';
  readonly title: string;
  readonly detail: string;
}

export type Scope = 'config' | 'workspace';

/** A compute-optimal point from the budget calculator ("Show on curves"): N and D as `law` counts them. */
export interface BudgetPoint {
  readonly flops: number;
  readonly params: number;
  readonly tokens: number;
  readonly law: string;
}

/** A training log's forecast ("Show on curves" of the forecast command), in tokens: drawn on loss vs tokens. */
export interface ForecastOverlay {
  /** The log, for labels. */
  readonly name: string;
  /** The log's binned losses the learning curve was fitted to. */
  readonly bins: readonly { readonly x: number; readonly loss: number }[];
  /** The fitted learning curve from the log's start to the forecast, with its bootstrap band (null without one). */
  readonly curve: readonly { readonly x: number; readonly loss: number; readonly low: number | null; readonly high: number | null }[];
  /** The forecast at the planned end. */
  readonly at: { readonly x: number; readonly loss: number; readonly low: number | null; readonly high: number | null };
}

/** What the user chose in the view; persisted with the webview state. */
export interface ViewOptions {
  /** Law id; absent: the `scalingLens.law` setting. */
  readonly law?: string;
  /** Other laws drawn on the same charts. */
  readonly compare: readonly string[];
  /** `workspace`: every config of the workspace index as points too. */
  readonly scope: Scope;
}

export type ViewMode = 'panel' | 'view';

export interface CurveState {
  readonly mode: ViewMode;
  /** The file the view is on (a config or not); null when none. */
  readonly target: string | null;
  /** The budget the view is on instead of a file. */
  readonly budget: BudgetPoint | null;
  readonly options: ViewOptions;
  /** The chosen law, then the compared ones: `SeriesSpec.law` indexes this. */
  readonly shownLaws: readonly LawInfo[];
  /** Every law the switcher offers. */
  readonly laws: readonly LawInfo[];
  readonly config: ConfigSummary | null;
  readonly notice: Notice | null;
  /** Training configs in the workspace index, and how many are drawn. */
  readonly workspace: { readonly count: number; readonly plotted: number };
  readonly charts: readonly ChartSpec[];
  /** The plotted configs, smallest model first. */
  readonly table: readonly ConfigRow[];
  /** How long the host took to compute this state. */
  readonly computeMs: number;
}

/** What the webview stores with setState (and the panel serializer gets back). */
export interface PersistedState {
  readonly v: 1;
  /** The config the view showed. */
  readonly uri?: string;
  /** Or the budget it showed. */
  readonly budget?: BudgetPoint;
  readonly options: ViewOptions;
  /** The last state drawn, redrawn at once when the webview comes back. */
  readonly state?: CurveState;
}

export interface RenderedChart {
  readonly id: ChartId;
  /** A canvas is in the DOM and has a size. */
  readonly canvas: boolean;
  readonly width: number;
  readonly height: number;
  readonly datasets: readonly { readonly label: string; readonly role: SeriesRole; readonly points: number }[];
  /** The chart's empty-state text, when shown. */
  readonly empty?: string;
  /** The canvas's aria-label. */
  readonly ariaLabel: string;
}

/** What the webview drew, read back from its DOM after each state. */
export interface RenderReport {
  /** `seq` of the state this report is for. */
  readonly seq: number;
  readonly header: string;
  readonly notice: string | null;
  readonly charts: readonly RenderedChart[];
  readonly controls: { readonly law: string; readonly lawOptions: readonly string[]; readonly compare: readonly string[]; readonly scope: Scope };
  /** Milliseconds from the webview's navigation start to its first drawn state (first report only). */
  readonly firstRenderMs: number | null;
  /** Milliseconds this render took. */
  readonly renderMs: number;
}

export type HostMessage = { readonly type: 'state'; readonly seq: number; readonly state: CurveState };

export type WebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'setOptions'; readonly options: ViewOptions }
  | { readonly type: 'openConfig'; readonly uri: string }
  | { readonly type: 'exportCsv'; readonly chart: ChartId }
  | { readonly type: 'exportPng'; readonly chart: ChartId; readonly dataUrl: string }
  | { readonly type: 'rendered'; readonly report: RenderReport };
