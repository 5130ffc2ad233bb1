// Geometry of the page's charts: horizontal stacked bars, one per category. Only numbers and
// labels are computed here; the SVG markup is templates/partials/bar-chart.hbs.

export interface BarInput {
  label: string;
  values: number[];
  /** Shown instead of a bar (e.g. "not evaluated"). */
  note?: string;
}

export interface ChartView {
  id: string;
  title: string;
  caption?: string;
  width: number;
  height: number;
  labelWidth: number;
  bars: Array<{
    y: number;
    textY: number;
    label: string;
    fullLabel: string;
    total: string;
    totalX: number;
    note?: string;
    segments: Array<{ x: number; w: number; cls: string; title: string }>;
  }>;
  ticks: Array<{ x: number; label: string }>;
  axisY: number;
  legend: Array<{ x: number; label: string; cls: string }>;
  legendY: number;
  empty: boolean;
}

const WIDTH = 620;
const LABEL_W = 210;
const BAR_H = 18;
const GAP = 8;
const TOP = 8;
const RIGHT_PAD = 56;

function niceMax(n: number): number {
  if (n <= 5) return Math.max(n, 1);
  const mag = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * mag >= n) return m * mag;
  return 10 * mag;
}

const fmt = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 0 });

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

export function barChart(
  id: string,
  title: string,
  series: Array<{ label: string; cls: string }>,
  rows: BarInput[],
  caption?: string,
): ChartView {
  const max = niceMax(Math.max(0, ...rows.map((r) => r.values.reduce((a, b) => a + b, 0))));
  const plotW = WIDTH - LABEL_W - RIGHT_PAD;
  const scale = (v: number): number => (v / max) * plotW;
  const bars = rows.map((r, i) => {
    const y = TOP + i * (BAR_H + GAP);
    let x = LABEL_W;
    const total = r.values.reduce((a, b) => a + b, 0);
    const segments = r.note
      ? []
      : r.values
          .map((v, j) => {
            const w = scale(v);
            const seg = { x: Math.round(x * 10) / 10, w: Math.round(w * 10) / 10, cls: series[j]?.cls ?? 'muted', title: `${series[j]?.label ?? ''}: ${fmt(v)}` };
            x += w;
            return seg;
          })
          .filter((s) => s.w > 0);
    return {
      y,
      textY: y + BAR_H / 2 + 4,
      label: clip(r.label, 31),
      fullLabel: r.label,
      total: r.note ? '' : fmt(total),
      totalX: Math.round((LABEL_W + scale(total) + 6) * 10) / 10,
      note: r.note,
      segments,
    };
  });
  const axisY = TOP + rows.length * (BAR_H + GAP);
  const tickCount = max <= 5 ? max : 4;
  const ticks = Array.from({ length: tickCount + 1 }, (_, i) => {
    const v = (max / tickCount) * i;
    return { x: Math.round((LABEL_W + scale(v)) * 10) / 10, label: fmt(v) };
  });
  const legendY = axisY + 34;
  let lx = LABEL_W;
  const legend = series.map((s) => {
    const item = { x: lx, label: s.label, cls: s.cls };
    lx += 30 + s.label.length * 7.2;
    return item;
  });
  return {
    id,
    title,
    caption,
    width: WIDTH,
    height: legendY + 12,
    labelWidth: LABEL_W,
    bars,
    ticks,
    axisY,
    legend,
    legendY,
    empty: rows.length === 0,
  };
}
