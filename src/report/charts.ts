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

/** An axis a reader can read: a round step (1, 2, 2.5 or 5 × 10^k), about four of them. */
function niceScale(n: number): { max: number; step: number } {
  if (n <= 5) return { max: Math.max(n, 1), step: 1 };
  const rough = n / 4;
  const mag = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 2.5, 5, 10].map((m) => m * mag).find((x) => x >= rough) ?? 10 * mag);
  return { max: Math.ceil(n / step) * step, step };
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
  const { max, step } = niceScale(Math.max(0, ...rows.map((r) => r.values.reduce((a, b) => a + b, 0))));
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
  const ticks = Array.from({ length: Math.round(max / step) + 1 }, (_, i) => {
    const v = step * i;
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
