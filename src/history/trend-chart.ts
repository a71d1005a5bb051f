// Inline SVG for the history page: one metric over runs (a line per model, 95% interval whiskers), and cost per run.
import { escapeAttr, escapeHtml } from '../report/html/escape.ts';
import { fmtCost, fmtValue } from '../report/html/format.ts';
import { niceCeil } from '../report/html/svg-charts.ts';
import type { Interval } from '../types/results.ts';

export interface TrendPoint {
  /** Index of the run on the x axis. */
  run: number;
  mean: number | null;
  ci: Interval | null;
}

export interface TrendSeries {
  label: string;
  points: TrendPoint[];
}

const W = 760;
const H = 260;
const LEFT = 56;
const RIGHT = 16;
const TOP = 12;
const BOTTOM = 46;
// Colour-blind-safe (Okabe–Ito) so models stay apart in print and for every reader.
export const SERIES_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];
const num = (n: number): string => (Math.round(n * 10) / 10).toString();

function domain(series: TrendSeries[], kind: 'binary' | 'continuous'): [number, number] {
  if (kind === 'binary') return [0, 1];
  const vs = series.flatMap((s) => s.points.flatMap((p) => [p.mean, p.ci?.low, p.ci?.high])).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (vs.every((v) => v >= 0 && v <= 1)) return [0, 1];
  const lo = -niceCeil(-Math.min(0, ...vs));
  const hi = niceCeil(Math.max(0, ...vs));
  return hi - lo < 1e-9 ? [lo, lo + 1] : [lo, hi];
}

/** x positions of `runs` runs spread over the plot (one run sits in the middle). */
function xOf(runs: number): (i: number) => number {
  const plot = W - LEFT - RIGHT;
  return (i) => (runs <= 1 ? LEFT + plot / 2 : LEFT + (i / (runs - 1)) * plot);
}

function axis(runLabels: string[], ticks: number[], y: (v: number) => number, tickText: (v: number) => string): string[] {
  const x = xOf(runLabels.length);
  const parts: string[] = [];
  for (const t of ticks) {
    parts.push(`<line class="grid" x1="${LEFT}" x2="${W - RIGHT}" y1="${num(y(t))}" y2="${num(y(t))}"/>`);
    parts.push(`<text class="tick" x="${LEFT - 6}" y="${num(y(t) + 4)}" text-anchor="end">${escapeHtml(tickText(t))}</text>`);
  }
  runLabels.forEach((l, i) => parts.push(`<text class="tick" x="${num(x(i))}" y="${H - BOTTOM + 16}" text-anchor="middle">${escapeHtml(l)}</text>`));
  return parts;
}

/** A metric across runs: one polyline per model (gaps where a run lacks it), whiskers for the 95% intervals. */
export function trendChart(metric: string, kind: 'binary' | 'continuous', runLabels: string[], series: TrendSeries[]): string {
  const [lo, hi] = domain(series, kind);
  const x = xOf(runLabels.length);
  const y = (v: number): number => TOP + (1 - (v - lo) / (hi - lo)) * (H - TOP - BOTTOM);
  const parts = axis(runLabels, [0, 0.25, 0.5, 0.75, 1].map((t) => lo + t * (hi - lo)), y, (v) => fmtValue(v, kind));
  series.forEach((s, k) => {
    const colour = SERIES_COLOURS[k % SERIES_COLOURS.length]!;
    // Runs without a value break the line: a gap, never a drop to zero.
    let segment: string[] = [];
    const flush = (): void => {
      if (segment.length > 1) parts.push(`<polyline class="series" fill="none" stroke="${colour}" points="${segment.join(' ')}"/>`);
      segment = [];
    };
    for (const p of s.points) {
      if (p.mean === null) {
        flush();
        continue;
      }
      segment.push(`${num(x(p.run))},${num(y(p.mean))}`);
      if (p.ci) parts.push(`<line class="whisker" stroke="${colour}" x1="${num(x(p.run))}" x2="${num(x(p.run))}" y1="${num(y(p.ci.high))}" y2="${num(y(p.ci.low))}"/>`);
      const tip = `${s.label} · ${runLabels[p.run] ?? ''}: ${fmtValue(p.mean, kind)}${p.ci ? ` [${fmtValue(p.ci.low, kind)}, ${fmtValue(p.ci.high, kind)}]` : ''}`;
      parts.push(`<circle class="point" fill="${colour}" cx="${num(x(p.run))}" cy="${num(y(p.mean))}" r="4" data-model="${escapeAttr(s.label)}"><title>${escapeHtml(tip)}</title></circle>`);
    }
    flush();
  });
  const legend = series.map((s, k) => `<span class="key"><span class="swatch" style="background:${SERIES_COLOURS[k % SERIES_COLOURS.length]}"></span>${escapeHtml(s.label)}</span>`).join('');
  return `<figure class="trend"><svg role="img" aria-label="${escapeAttr(`${metric} over runs`)}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}">${parts.join('')}</svg><figcaption>${legend}</figcaption></figure>`;
}

/** Cost per run as bars (runs without a known cost have none). */
export function costChart(runLabels: string[], costs: (number | undefined)[]): string {
  const known = costs.filter((c): c is number => c !== undefined);
  const hi = niceCeil(Math.max(...known, 0)) || 1;
  const x = xOf(runLabels.length);
  const y = (v: number): number => TOP + (1 - v / hi) * (H - TOP - BOTTOM);
  const parts = axis(runLabels, [0, 0.5, 1].map((t) => t * hi), y, (v) => fmtCost(v));
  const bw = Math.max(6, Math.min(40, (W - LEFT - RIGHT) / Math.max(1, runLabels.length) / 2));
  costs.forEach((c, i) => {
    if (c === undefined) return;
    parts.push(`<rect class="cost" x="${num(x(i) - bw / 2)}" y="${num(y(c))}" width="${num(bw)}" height="${num(y(0) - y(c))}"><title>${escapeHtml(`${runLabels[i]}: ${fmtCost(c)}`)}</title></rect>`);
  });
  return `<figure class="trend"><svg role="img" aria-label="cost per run" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}">${parts.join('')}</svg></figure>`;
}
