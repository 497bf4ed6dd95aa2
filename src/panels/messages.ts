// Runtime validation of what the curve webviews send (src/protocol.ts WebviewMessage) and of the
// state VS Code hands back when it restores a panel. A webview is a web page: nothing it sends is
// used before it passed one of these schemas. Pure (no vscode) so unit tests pin it.

import * as v from 'valibot';
import type { BudgetPoint, ChartId, ForecastOverlay, PersistedState, RenderReport, SeriesRole, ViewOptions, WebviewMessage } from '../protocol';

const CHART_IDS = ['lossCompute', 'isoFlop', 'lossTokens', 'tokensPerParam', 'fitQuality', 'memory'] as const satisfies readonly ChartId[];
const ROLES = [
  'frontier',
  'curve',
  'highlight',
  'context',
  'floor',
  'threshold',
  'bandLow',
  'bandHigh',
  'config',
  'configAlt',
  'optimum',
  'more',
  'workspace',
  'stack',
] as const satisfies readonly SeriesRole[];

/** Law ids: built-in (`epoch-2024`), custom (`custom:<name>`) and fitted (`fit:<name>`); names are the user's. */
const LawId = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(200),
  v.check((s) => ![...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f), 'a law id has no control characters'),
);
const Uri = v.pipe(v.string(), v.minLength(1), v.maxLength(4096));
const Text = v.pipe(v.string(), v.maxLength(2000));
const Count = v.pipe(v.number(), v.finite(), v.minValue(0));
/** Up to 30 MB of base64: a chart at a large size and pixel ratio is a few hundred KB. */
const PngDataUrl = v.pipe(v.string(), v.maxLength(30_000_000), v.regex(/^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/));

// `exactOptional`: a field is absent or has a value, never `undefined`, as in the protocol types
// (exactOptionalPropertyTypes). Messages and saved state arrive as JSON, which has no undefined.
export const ViewOptionsSchema = v.strictObject({
  law: v.exactOptional(LawId),
  compare: v.pipe(v.array(LawId), v.maxLength(10)),
  scope: v.picklist(['config', 'workspace']),
});

const RenderedChartSchema = v.strictObject({
  id: v.picklist(CHART_IDS),
  canvas: v.boolean(),
  width: Count,
  height: Count,
  datasets: v.pipe(v.array(v.strictObject({ label: Text, role: v.picklist(ROLES), points: Count })), v.maxLength(200)),
  empty: v.exactOptional(Text),
  ariaLabel: Text,
});

const RenderReportSchema = v.strictObject({
  seq: Count,
  header: Text,
  notice: v.nullable(Text),
  charts: v.pipe(v.array(RenderedChartSchema), v.maxLength(10)),
  controls: v.strictObject({
    law: v.pipe(v.string(), v.maxLength(200)),
    lawOptions: v.pipe(v.array(v.pipe(v.string(), v.maxLength(200))), v.maxLength(100)),
    compare: v.pipe(v.array(v.pipe(v.string(), v.maxLength(200))), v.maxLength(100)),
    scope: v.picklist(['config', 'workspace']),
  }),
  firstRenderMs: v.nullable(Count),
  renderMs: Count,
});

/** One schema per message; anything else is rejected. */
export const WebviewMessageSchema = v.variant('type', [
  v.strictObject({ type: v.literal('ready') }),
  v.strictObject({ type: v.literal('setOptions'), options: ViewOptionsSchema }),
  v.strictObject({ type: v.literal('openConfig'), uri: Uri }),
  v.strictObject({ type: v.literal('exportCsv'), chart: v.picklist(CHART_IDS) }),
  v.strictObject({ type: v.literal('exportPng'), chart: v.picklist(CHART_IDS), dataUrl: PngDataUrl }),
  v.strictObject({ type: v.literal('rendered'), report: RenderReportSchema }),
]);

const Positive = v.pipe(v.number(), v.finite(), v.gtValue(0));

/** A budget point (the calculator's "Show on curves", or a restored panel). */
const BudgetSchema = v.object({ flops: Positive, params: Positive, tokens: Positive, law: LawId });

/** The argument of `scalingLens.openCurvePanel` from the budget calculator: `{ budget }`. */
const BudgetArgsSchema = v.object({ budget: BudgetSchema });

const Loss = v.pipe(v.number(), v.finite());
const ForecastPointSchema = v.object({ x: Positive, loss: Loss, low: v.nullable(Loss), high: v.nullable(Loss) });

/** The argument of `scalingLens.openCurvePanel` from the forecast command: `{ forecast, uri? }`. */
const ForecastArgsSchema = v.object({
  forecast: v.object({
    name: v.pipe(v.string(), v.maxLength(500)),
    bins: v.pipe(v.array(v.object({ x: Positive, loss: Loss })), v.maxLength(5000)),
    curve: v.pipe(v.array(ForecastPointSchema), v.minLength(2), v.maxLength(1000)),
    at: ForecastPointSchema,
  }),
  uri: v.optional(Uri),
});

/** The state the webview saved; its cached drawing (`state`) is the webview's business, not read here. */
const PersistedStateSchema = v.object({
  v: v.literal(1),
  uri: v.optional(Uri),
  budget: v.optional(BudgetSchema),
  options: ViewOptionsSchema,
});

// The schemas and the protocol types must agree: a change to one that the other lacks fails here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Mutable<T> = T extends readonly (infer U)[] ? Mutable<U>[] : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;
const _messagesAgree: Same<Mutable<v.InferOutput<typeof WebviewMessageSchema>>, Mutable<WebviewMessage>> = true;
const _reportAgrees: Same<Mutable<v.InferOutput<typeof RenderReportSchema>>, Mutable<RenderReport>> = true;
const _optionsAgree: Same<Mutable<v.InferOutput<typeof ViewOptionsSchema>>, Mutable<ViewOptions>> = true;
void _messagesAgree;
void _reportAgrees;
void _optionsAgree;

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

function describe(issues: readonly v.BaseIssue<unknown>[]): string {
  const first = issues[0];
  if (!first) return 'invalid';
  const path = first.path?.map((p) => String(p.key)).join('.');
  return `${path ? `${path}: ` : ''}${first.message}`;
}

export function parseWebviewMessage(raw: unknown): Parsed<WebviewMessage> {
  const r = v.safeParse(WebviewMessageSchema, raw);
  return r.success ? { ok: true, value: r.output } : { ok: false, reason: describe(r.issues) };
}

/** The options and config (or budget) of a restored view; `undefined` for anything that does not fit. */
export function parsePersistedState(raw: unknown): Pick<PersistedState, 'uri' | 'budget' | 'options'> | undefined {
  const r = v.safeParse(PersistedStateSchema, raw);
  if (!r.success) return undefined;
  const { uri, budget, options } = r.output;
  return {
    ...(uri !== undefined ? { uri } : {}),
    ...(budget !== undefined ? { budget: { flops: budget.flops, params: budget.params, tokens: budget.tokens, law: budget.law } } : {}),
    options,
  };
}

/** The budget in an `openCurvePanel` argument, or undefined when the argument is not one. */
export function parseBudgetArgs(raw: unknown): BudgetPoint | undefined {
  const r = v.safeParse(BudgetArgsSchema, raw);
  return r.success ? { flops: r.output.budget.flops, params: r.output.budget.params, tokens: r.output.budget.tokens, law: r.output.budget.law } : undefined;
}

/** The forecast (and the config it is for) in an `openCurvePanel` argument, or undefined when the argument is not one. */
export function parseForecastArgs(raw: unknown): { readonly forecast: ForecastOverlay; readonly uri?: string } | undefined {
  const r = v.safeParse(ForecastArgsSchema, raw);
  if (!r.success) return undefined;
  const pt = (p: { x: number; loss: number; low: number | null; high: number | null }) => ({ x: p.x, loss: p.loss, low: p.low, high: p.high });
  const f = r.output.forecast;
  return {
    forecast: { name: f.name, bins: f.bins.map((b) => ({ x: b.x, loss: b.loss })), curve: f.curve.map(pt), at: pt(f.at) },
    ...(r.output.uri !== undefined ? { uri: r.output.uri } : {}),
  };
}

/** A short, bounded description of a rejected message for the log (never its whole content). */
export function messageKind(raw: unknown): string {
  if (raw && typeof raw === 'object' && 'type' in raw && typeof raw.type === 'string') {
    return JSON.stringify((raw as { type: string }).type.slice(0, 40));
  }
  return raw === null ? 'null' : typeof raw;
}
