// Inline SVG charts rendered on the server: one metric across models with interval bars, and quality against cost.
import type { Interval } from '../../types/results.ts';
import { escapeAttr, escapeHtml } from './escape.ts';
import { fmtCost, fmtValue } from './format.ts';

/** One model's bar in a metric chart. */
export interface BarDatum {
  key: string;
  label: string;
  mean: number | null;
  ci: Interval | null;
  best?: boolean;
}

/** One model's point in the quality-against-cost chart. */
export interface CostPoint {
  key: string;
  label: string;
  cost: number;
  quality: number;
}

const W = 640;
const LABEL_W = 170;
const VALUE_W = 70;
const ROW_H = 26;
const num = (n: number): string => (Math.round(n * 10) / 10).toString();

/** The smallest of 1, 2, 2.5, 5 × 10^k that is ≥ x (x > 0), so axis ends are round numbers. */
export function niceCeil(x: number): number {
  if (x <= 0) return 0;
  const mag = 10 ** Math.floor(Math.log10(x));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * mag >= x - 1e-12) return step * mag;
  return 10 * mag;
}

/**
 * Domain of the x axis: [0, 1] for pass rates and for continuous metrics whose values all lie in [0, 1] (most
 * similarity scores); otherwise from 0 (or below, rounded) to a round number above every mean and interval end.
 */
export function chartDomain(data: BarDatum[], kind: 'binary' | 'continuous'): [number, number] {
  if (kind === 'binary') return [0, 1];
  const values = data.flatMap((d) => [d.mean, d.ci?.low, d.ci?.high]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (values.every((v) => v >= 0 && v <= 1)) return [0, 1];
  const lo = -niceCeil(-Math.min(0, ...values));
  const hi = niceCeil(Math.max(0, ...values));
  return hi - lo < 1e-9 ? [lo, lo + 1] : [lo, hi];
}

/** Horizontal bars (mean) with 95% interval whiskers, one row per model. */
export function metricBarChart(metric: string, kind: 'binary' | 'continuous', data: BarDatum[]): string {
  const [lo, hi] = chartDomain(data, kind);
  const plotW = W - LABEL_W - VALUE_W;
  const x = (v: number): number => LABEL_W + ((v - lo) / (hi - lo)) * plotW;
  const height = data.length * ROW_H + 24;
  const parts: string[] = [];
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => lo + t * (hi - lo));
  for (const t of ticks) {
    parts.push(`<line class="grid" x1="${num(x(t))}" x2="${num(x(t))}" y1="0" y2="${height - 18}"/>`);
    parts.push(`<text class="tick" x="${num(x(t))}" y="${height - 4}" text-anchor="middle">${escapeHtml(fmtValue(t, kind))}</text>`);
  }
  data.forEach((d, i) => {
    const y = i * ROW_H + 4;
    const mid = y + ROW_H / 2 - 2;
    parts.push(`<text class="label" x="${LABEL_W - 8}" y="${num(mid + 4)}" text-anchor="end">${escapeHtml(d.label)}</text>`);
    if (d.mean === null) {
      parts.push(`<text class="none" x="${LABEL_W + 4}" y="${num(mid + 4)}">no scores</text>`);
      return;
    }
    const x0 = x(Math.max(lo, Math.min(0, hi)));
    const x1 = x(d.mean);
    const cls = d.best ? 'bar best' : 'bar';
    parts.push(
      `<rect class="${cls}" data-model="${escapeAttr(d.key)}" data-value="${d.mean}" x="${num(Math.min(x0, x1))}" y="${y + 3}" width="${num(Math.abs(x1 - x0))}" height="${ROW_H - 10}"><title>${escapeHtml(`${d.label}: ${fmtValue(d.mean, kind)}`)}</title></rect>`,
    );
    if (d.ci) {
      const [a, b] = [x(d.ci.low), x(d.ci.high)];
      parts.push(
        `<g class="ci" data-model="${escapeAttr(d.key)}" data-low="${d.ci.low}" data-high="${d.ci.high}"><line x1="${num(a)}" x2="${num(b)}" y1="${num(mid)}" y2="${num(mid)}"/><line x1="${num(a)}" x2="${num(a)}" y1="${num(mid - 5)}" y2="${num(mid + 5)}"/><line x1="${num(b)}" x2="${num(b)}" y1="${num(mid - 5)}" y2="${num(mid + 5)}"/></g>`,
      );
    }
    parts.push(`<text class="value" x="${W - VALUE_W + 6}" y="${num(mid + 4)}">${escapeHtml(fmtValue(d.mean, kind))}</text>`);
  });
  const title = `${metric}: mean per model with 95% interval`;
  return `<svg class="chart" role="img" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" aria-label="${escapeAttr(title)}" data-metric="${escapeAttr(metric)}"><title>${escapeHtml(title)}</title>${parts.join('')}</svg>`;
}

/** Scatter of quality (y) against cost (x), one labelled point per model; empty string when no model has a cost. */
export function costScatterChart(metric: string, kind: 'binary' | 'continuous', points: CostPoint[]): string {
  if (points.length === 0) return '';
  const H = 280;
  const pad = { l: 60, r: 150, t: 16, b: 40 };
  const maxCost = Math.max(...points.map((p) => p.cost)) || 1;
  const qs = points.map((p) => p.quality);
  const [qLo, qHi] = kind === 'binary' ? [0, 1] : [Math.min(0, ...qs), Math.max(1e-9, ...qs)];
  const x = (c: number): number => pad.l + (c / (maxCost * 1.05)) * (W - pad.l - pad.r);
  const y = (q: number): number => H - pad.b - ((q - qLo) / (qHi - qLo || 1)) * (H - pad.t - pad.b);
  const parts: string[] = [
    `<line class="axis" x1="${pad.l}" x2="${W - pad.r}" y1="${H - pad.b}" y2="${H - pad.b}"/>`,
    `<line class="axis" x1="${pad.l}" x2="${pad.l}" y1="${pad.t}" y2="${H - pad.b}"/>`,
    `<text class="tick" x="${(W - pad.r + pad.l) / 2}" y="${H - 6}" text-anchor="middle">estimated cost (USD), max ${escapeHtml(fmtCost(maxCost))}</text>`,
    `<text class="tick" x="14" y="${(H - pad.b + pad.t) / 2}" transform="rotate(-90 14 ${(H - pad.b + pad.t) / 2})" text-anchor="middle">${escapeHtml(metric)}</text>`,
    `<text class="tick" x="${pad.l - 6}" y="${num(y(qLo) + 4)}" text-anchor="end">${escapeHtml(fmtValue(qLo, kind))}</text>`,
    `<text class="tick" x="${pad.l - 6}" y="${num(y(qHi) + 4)}" text-anchor="end">${escapeHtml(fmtValue(qHi, kind))}</text>`,
  ];
  for (const p of points) {
    const [cx, cy] = [x(p.cost), y(p.quality)];
    parts.push(
      `<g class="point" data-model="${escapeAttr(p.key)}"><circle cx="${num(cx)}" cy="${num(cy)}" r="5"/><text x="${num(cx + 8)}" y="${num(cy + 4)}">${escapeHtml(p.label)}</text><title>${escapeHtml(`${p.label}: ${fmtValue(p.quality, kind)} at ${fmtCost(p.cost)}`)}</title></g>`,
    );
  }
  const title = `${metric} against estimated cost`;
  return `<svg class="chart scatter" role="img" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" aria-label="${escapeAttr(title)}"><title>${escapeHtml(title)}</title>${parts.join('')}</svg>`;
}
