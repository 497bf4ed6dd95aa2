// One Chart.js line chart per ChartSpec. Only the parts used are registered (tree-shaken):
// line controller and elements, linear and log scales, tooltip, legend and filler (the spread
// band). Colours come from the theme palette; the data is drawn as the host computed it.

import {
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
  type ChartDataset,
  type ChartOptions,
  type LegendItem,
  type PointStyle,
  type Scale,
  type ScaleOptions,
  type Tick,
  type TooltipItem,
} from 'chart.js';
import type { AxisSpec, ChartSpec, PlotPoint, SeriesRole, SeriesSpec, ViewMode } from '../src/protocol';
import { decade, linearTick, logTick, powersOfTwo, valueText } from './format';
import { withAlpha } from './color';
import type { Palette } from './theme';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip, Legend, Filler);

type Point = PlotPoint & { x: number; y: number };
type Dataset = ChartDataset<'line', Point[]>;

const LINE_ROLES: ReadonlySet<SeriesRole> = new Set(['frontier', 'curve', 'highlight', 'context', 'floor', 'threshold', 'bandLow', 'bandHigh']);

/** Draw order: lower is on top (Chart.js draws the highest `order` first). */
const ORDER: Readonly<Record<SeriesRole, number>> = {
  config: 0,
  configAlt: 1,
  more: 2,
  optimum: 3,
  workspace: 4,
  highlight: 10,
  frontier: 11,
  curve: 12,
  floor: 13,
  threshold: 13,
  context: 14,
  bandHigh: 20,
  bandLow: 21,
  stack: 22,
};

function lawColor(p: Palette, s: SeriesSpec): string {
  return p.laws[s.law ?? 0] ?? p.foreground;
}

/** How a series looks, by role; high-contrast themes get thicker lines and bigger marks. */
function style(s: SeriesSpec, p: Palette, mode: ViewMode): Omit<Dataset, 'data'> {
  const w = p.highContrast ? 1.6 : 1;
  const r = (mode === 'view' ? 0.85 : 1) * (p.highContrast ? 1.15 : 1);
  const line = (color: string, width: number, dash: number[] = []): Omit<Dataset, 'data'> => ({
    borderColor: color,
    backgroundColor: color,
    borderWidth: width * w,
    borderDash: dash,
    pointRadius: 0,
    pointHoverRadius: 3.5 * r,
    pointHitRadius: 6,
    showLine: true,
    fill: false,
  });
  const mark = (fill: string, pointStyle: PointStyle, radius: number, stroke = p.background, width = 1.5): Omit<Dataset, 'data'> => ({
    backgroundColor: fill,
    borderColor: stroke,
    pointBackgroundColor: fill,
    pointBorderColor: stroke,
    pointBorderWidth: width * (p.highContrast ? 1.5 : 1),
    pointStyle,
    pointRadius: radius * r,
    pointHoverRadius: (radius + 2) * r,
    pointHitRadius: 8,
    showLine: false,
    fill: false,
  });
  const color = lawColor(p, s);
  switch (s.role) {
    case 'frontier':
      return line(color, 2.25);
    case 'highlight':
      return line(color, 3);
    case 'curve':
      return line(color, 1.75, [6, 4]);
    case 'context':
      return line(p.highContrast ? p.muted : withAlpha(p.foreground, 0.32), 1.25);
    case 'floor':
    case 'threshold':
      return { ...line(withAlpha(p.muted, 0.9), 1.25, [3, 4]), pointHoverRadius: 0 };
    case 'bandLow':
      return { ...line('transparent', 0), pointHoverRadius: 0, pointHitRadius: 0 };
    case 'bandHigh':
      return {
        ...line('transparent', 0),
        backgroundColor: withAlpha(p.laws[0]!, p.highContrast ? 0.28 : 0.15),
        fill: '-1',
        pointHoverRadius: 0,
        pointHitRadius: 0,
      };
    case 'config':
      return mark(p.config, 'circle', 6.5, p.background, 2);
    case 'configAlt':
      return mark(p.background, 'circle', 4.5, color, 2);
    case 'optimum':
      return s.line
        ? {
            ...mark(p.optimum, 'rectRot', 5),
            showLine: true,
            borderColor: withAlpha(p.optimum, 0.75),
            borderWidth: 1.25 * w,
            borderDash: [2, 3],
            pointBorderColor: p.background,
          }
        : mark(p.optimum, 'rectRot', 6);
    case 'more':
      return mark(p.more, 'triangle', 5.5);
    case 'workspace':
      return mark(p.workspace, 'circle', 4.5, p.background, 1);
    case 'stack': {
      // A stacked area: the bottom term fills to zero, each next one to the term below it.
      const c = p.stack[(s.shade ?? 0) % p.stack.length]!;
      return {
        ...line(c, 1),
        backgroundColor: withAlpha(c, p.highContrast ? 0.7 : 0.5),
        fill: (s.shade ?? 0) === 0 ? 'origin' : '-1',
        pointHitRadius: 10,
      };
    }
  }
}

function axisOptions(a: AxisSpec, p: Palette, mode: ViewMode): ScaleOptions<'linear' | 'logarithmic'> {
  const size = mode === 'view' ? p.fontSize - 2 : p.fontSize - 1;
  const base = {
    ...(a.min !== undefined ? { min: a.min } : {}),
    ...(a.max !== undefined ? { max: a.max } : {}),
    title: { display: true, text: a.title, color: p.muted, font: { family: p.fontFamily, size } },
    border: { color: p.grid },
  };
  if (a.kind === 'microBatch') {
    // Micro-batches double: a log axis ticked and lined at the powers of two.
    return {
      ...base,
      type: 'logarithmic',
      afterBuildTicks: (scale: Scale) => {
        scale.ticks = powersOfTwo(scale.min, scale.max).map((value) => ({ value }));
      },
      ticks: { color: p.foreground, autoSkip: true, maxRotation: 0, font: { family: p.fontFamily, size }, callback: (v) => String(Number(v)) },
      grid: { color: p.grid },
    };
  }
  if (a.log) {
    return {
      ...base,
      type: 'logarithmic',
      // The log scale adds its min and max to the decade ticks: one label each, not two.
      afterBuildTicks: (scale: Scale) => {
        scale.ticks = scale.ticks.filter((t, i, all) => i === 0 || Math.abs(t.value / all[i - 1]!.value - 1) > 1e-9);
      },
      ticks: {
        color: p.foreground,
        autoSkip: false,
        maxRotation: 0,
        font: { family: p.fontFamily, size },
        // Every decade when there is room, every second or third one when the chart is narrow.
        callback(this: Scale, v: number | string, _i: number, ticks: Tick[]) {
          const k = decade(Number(v));
          if (k === null) return '';
          const decades = ticks.filter((t) => decade(t.value) !== null).length;
          const room = this.isHorizontal() ? this.maxWidth / (size * 3.6) : this.maxHeight / (size * 1.9);
          const every = Math.max(1, Math.ceil(decades / Math.max(1, Math.floor(room))));
          return k % every === 0 ? logTick(a.kind, Number(v)) : '';
        },
      },
      // Gridlines at whole decades; the minor ticks between stay unlabelled and unlined.
      grid: {
        color: (ctx) => (decade(Number(ctx.tick?.value)) !== null ? p.grid : 'transparent'),
        drawTicks: true,
        tickColor: (ctx) => (decade(Number(ctx.tick?.value)) !== null ? p.grid : 'transparent'),
      },
    };
  }
  return {
    ...base,
    type: 'linear',
    // The axis ends (set by the host) need not be on the tick step: no label at an odd end.
    afterBuildTicks: (scale: Scale) => {
      const t = scale.ticks;
      if (t.length < 3) return;
      const step = t[2]!.value - t[1]!.value;
      scale.ticks = t.filter((x) => Math.abs(x.value / step - Math.round(x.value / step)) < 1e-6);
    },
    ticks: {
      color: p.foreground,
      maxTicksLimit: mode === 'view' ? 5 : 7,
      font: { family: p.fontFamily, size },
      callback: (v, i, ticks) => linearTick(a.kind, Number(v), Math.abs((ticks[1]?.value ?? 1) - (ticks[0]?.value ?? 0))),
    },
    grid: { color: p.grid },
  };
}

export interface ChartHandlers {
  /** A point with a file was clicked. */
  onOpen(uri: string): void;
}

export class CurveChart {
  private chart: Chart<'line', Point[]>;
  private spec: ChartSpec;

  constructor(
    readonly canvas: HTMLCanvasElement,
    spec: ChartSpec,
    private palette: Palette,
    private readonly mode: ViewMode,
    private readonly handlers: ChartHandlers,
  ) {
    this.spec = spec;
    this.chart = new Chart<'line', Point[]>(canvas, { type: 'line', data: { datasets: this.datasets() }, options: this.options() });
  }

  get datasets_(): readonly { label: string; role: SeriesRole; points: number }[] {
    return this.spec.series.map((s) => ({ label: s.label, role: s.role, points: s.points.length }));
  }

  update(spec: ChartSpec): void {
    this.spec = spec;
    this.chart.data.datasets = this.datasets();
    this.chart.options = this.options();
    this.chart.update('none');
  }

  retheme(palette: Palette): void {
    this.palette = palette;
    this.update(this.spec);
  }

  /** The chart with its title on the theme's background, as a PNG data URL. */
  toPng(): string {
    const src = this.chart.canvas;
    const ratio = this.chart.currentDevicePixelRatio || 1;
    const head = Math.round(30 * ratio);
    const out = document.createElement('canvas');
    out.width = src.width;
    out.height = src.height + head;
    const g = out.getContext('2d');
    if (!g) return src.toDataURL('image/png');
    g.fillStyle = this.palette.background;
    g.fillRect(0, 0, out.width, out.height);
    g.fillStyle = this.palette.foreground;
    g.font = `600 ${Math.round(14 * ratio)}px ${this.palette.fontFamily}`;
    g.textBaseline = 'middle';
    g.fillText(this.spec.title, Math.round(10 * ratio), head / 2);
    g.drawImage(src, 0, head);
    return out.toDataURL('image/png');
  }

  destroy(): void {
    this.chart.destroy();
  }

  private datasets(): Dataset[] {
    return this.spec.series.map((s) => ({
      ...style(s, this.palette, this.mode),
      label: s.legend === undefined || s.legend === null ? s.label : s.legend,
      data: s.points.map((pt) => ({ ...pt })),
      order: ORDER[s.role],
      // Reference points are few: no decimation or spanGaps needed.
      parsing: false,
      normalized: true,
    }));
  }

  private options(): ChartOptions<'line'> {
    const p = this.palette;
    const spec = this.spec;
    const size = this.mode === 'view' ? p.fontSize - 2 : p.fontSize - 1;
    const hidden = new Set(spec.series.flatMap((s, i) => (s.legend === null ? [i] : [])));
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'nearest', intersect: false },
      layout: { padding: { top: 4, right: 8 } },
      color: p.foreground,
      font: { family: p.fontFamily, size },
      scales: { x: axisOptions(spec.x, p, this.mode), y: axisOptions(spec.y, p, this.mode) },
      onClick: (event, _elements, chart) => {
        if (!event.native) return;
        for (const e of chart.getElementsAtEventForMode(event.native, 'nearest', { intersect: true }, false)) {
          const pt = chart.data.datasets[e.datasetIndex]?.data[e.index] as Point | undefined;
          if (pt?.uri) {
            this.handlers.onOpen(pt.uri);
            return;
          }
        }
      },
      onHover: (event, _elements, chart) => {
        if (!event.native) return;
        const over = chart
          .getElementsAtEventForMode(event.native, 'nearest', { intersect: true }, false)
          .some((e) => (chart.data.datasets[e.datasetIndex]?.data[e.index] as Point | undefined)?.uri);
        this.canvas.style.cursor = over ? 'pointer' : 'default';
      },
      plugins: {
        legend: {
          position: 'bottom',
          align: 'start',
          labels: {
            color: p.foreground,
            usePointStyle: true,
            boxWidth: this.mode === 'view' ? 16 : 22,
            boxHeight: 7,
            padding: this.mode === 'view' ? 6 : 10,
            font: { family: p.fontFamily, size },
            generateLabels: (chart): LegendItem[] =>
              Chart.defaults.plugins.legend.labels.generateLabels(chart).flatMap((item) => {
                const i = item.datasetIndex ?? -1;
                const s = spec.series[i];
                if (!s || hidden.has(i)) return [];
                if (LINE_ROLES.has(s.role) && s.role !== 'bandHigh') {
                  const ds = chart.data.datasets[i] as Dataset;
                  return [
                    {
                      ...item,
                      pointStyle: 'line',
                      strokeStyle: ds.borderColor as string,
                      lineWidth: Math.max(2, Number(ds.borderWidth) || 2),
                      lineDash: (ds.borderDash as number[]) ?? [],
                    },
                  ];
                }
                if (s.role === 'bandHigh' || s.role === 'stack')
                  return [
                    {
                      ...item,
                      pointStyle: 'rect',
                      fillStyle: (chart.data.datasets[i] as Dataset).backgroundColor as string,
                      strokeStyle: 'transparent',
                      lineWidth: 0,
                    },
                  ];
                return [item];
              }),
          },
          onClick: (_e, item, legend) => {
            // The spread band is two datasets: show and hide them together.
            const i = item.datasetIndex ?? -1;
            const ids = spec.series[i]?.role === 'bandHigh' ? [i, i - 1] : [i];
            const visible = legend.chart.isDatasetVisible(i);
            for (const k of ids) legend.chart.setDatasetVisibility(k, !visible);
            legend.chart.update('none');
          },
        },
        tooltip: {
          backgroundColor: p.tooltipBackground,
          borderColor: p.tooltipBorder,
          borderWidth: 1,
          titleColor: p.tooltipForeground,
          bodyColor: p.tooltipForeground,
          footerColor: p.muted,
          titleFont: { family: p.fontFamily, size: p.fontSize, weight: 'bold' },
          bodyFont: { family: p.fontFamily, size: p.fontSize - 1 },
          footerFont: { family: p.fontFamily, size: p.fontSize - 1, weight: 'normal' },
          padding: 8,
          caretSize: 5,
          cornerRadius: 3,
          displayColors: false,
          filter: (item) => !['bandLow', 'bandHigh'].includes(spec.series[item.datasetIndex]?.role ?? ''),
          callbacks: {
            title: (items: TooltipItem<'line'>[]) => {
              const it = items[0];
              if (!it) return '';
              const pt = it.raw as Point;
              return pt.label ?? spec.series[it.datasetIndex]?.label ?? '';
            },
            label: (it: TooltipItem<'line'>) => {
              const pt = it.raw as Point;
              // A stacked term's y is the running sum: its own size is in the title and the total in the detail.
              if (spec.series[it.datasetIndex]?.role === 'stack') return [valueText(spec.x.kind, pt.x)];
              return [valueText(spec.x.kind, pt.x), valueText(spec.y.kind, pt.y)];
            },
            footer: (items: TooltipItem<'line'>[]) => {
              const pt = items[0]?.raw as Point | undefined;
              return [...(pt?.detail ?? []), ...(pt?.uri ? ['Click to open the file'] : [])];
            },
          },
        },
      },
    };
  }
}
