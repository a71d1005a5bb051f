// compare.html's charts: per metric, each pair's A and B headline with intervals (the report's bar chart), and the
// paired difference B − A with its interval around zero, coloured by verdict.
import { escapeAttr, escapeHtml } from '../report/html/escape.ts';
import { fmtDiff } from '../report/html/format.ts';
import { metricBarChart, niceCeil, type BarDatum } from '../report/html/svg-charts.ts';
import type { Comparison } from '../types/results.ts';
import type { CompareDocument } from './compare-document.ts';

const W = 640;
const LABEL_W = 150;
const VALUE_W = 170;
const ROW_H = 26;
const num = (x: number): string => (Math.round(x * 10) / 10).toString();

export interface DiffDatum {
  label: string;
  comparison: Comparison;
}

/** One row per pair: a point at the difference, whiskers for its 95% interval, a line at zero. */
export function differenceChart(metric: string, kind: 'binary' | 'continuous', data: DiffDatum[]): string {
  const ends = data.flatMap((d) => [d.comparison.difference, d.comparison.ci?.low, d.comparison.ci?.high]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const half = niceCeil(Math.max(kind === 'binary' ? 0.05 : 1e-6, ...ends.map(Math.abs)));
  const plotW = W - LABEL_W - VALUE_W;
  const x = (v: number): number => LABEL_W + ((v + half) / (2 * half)) * plotW;
  const height = data.length * ROW_H + 24;
  const parts: string[] = [];
  for (const t of [-half, -half / 2, 0, half / 2, half]) {
    parts.push(`<line class="${t === 0 ? 'axis zero' : 'grid'}" x1="${num(x(t))}" x2="${num(x(t))}" y1="0" y2="${height - 18}"/>`);
    parts.push(`<text class="tick" x="${num(x(t))}" y="${height - 4}" text-anchor="middle">${escapeHtml(fmtDiff(t, kind))}</text>`);
  }
  data.forEach((d, i) => {
    const c = d.comparison;
    const mid = i * ROW_H + 4 + ROW_H / 2 - 2;
    parts.push(`<text class="label" x="${LABEL_W - 8}" y="${num(mid + 4)}" text-anchor="end">${escapeHtml(d.label)}</text>`);
    if (c.difference === null) {
      parts.push(`<text class="none" x="${LABEL_W + 4}" y="${num(mid + 4)}">nothing paired</text>`);
      return;
    }
    if (c.ci) {
      const [a, b] = [x(Math.max(-half, c.ci.low)), x(Math.min(half, c.ci.high))];
      parts.push(`<g class="ci" data-low="${c.ci.low}" data-high="${c.ci.high}"><line x1="${num(a)}" x2="${num(b)}" y1="${num(mid)}" y2="${num(mid)}"/><line x1="${num(a)}" x2="${num(a)}" y1="${num(mid - 5)}" y2="${num(mid + 5)}"/><line x1="${num(b)}" x2="${num(b)}" y1="${num(mid - 5)}" y2="${num(mid + 5)}"/></g>`);
    }
    parts.push(`<circle class="diff verdict-${escapeAttr(c.verdict)}" data-verdict="${escapeAttr(c.verdict)}" data-value="${c.difference}" cx="${num(x(c.difference))}" cy="${num(mid)}" r="5"><title>${escapeHtml(`${d.label}: ${fmtDiff(c.difference, kind)} (${c.verdict})`)}</title></circle>`);
    parts.push(`<text class="value" x="${W - VALUE_W + 6}" y="${num(mid + 4)}">${escapeHtml(`${fmtDiff(c.difference, kind)} ${c.verdict}`)}</text>`);
  });
  const title = `${metric}: difference B − A per pair with 95% interval`;
  return `<svg class="chart diff-chart" role="img" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" aria-label="${escapeAttr(title)}" data-metric="${escapeAttr(metric)}"><title>${escapeHtml(title)}</title>${parts.join('')}</svg>`;
}

/** The charts section: for each metric, A and B side by side, then the differences. */
export function chartsSection(doc: CompareDocument): string {
  const metrics = new Map<string, 'binary' | 'continuous'>();
  for (const p of doc.pairs) for (const m of p.metrics) if (!metrics.has(m.metric)) metrics.set(m.metric, m.kind);
  const figures = [...metrics].map(([metric, kind]) => {
    const bars: BarDatum[] = [];
    const diffs: DiffDatum[] = [];
    doc.pairs.forEach((p, k) => {
      const row = p.metrics.find((m) => m.metric === metric);
      if (!row) return;
      bars.push({ key: `A:${p.a.key}`, label: `A: ${p.a.label}`, mean: row.a.mean, ci: row.a.ci });
      bars.push({ key: `B:${p.b.key}#${k}`, label: `B: ${p.b.label}`, mean: row.b.mean, ci: row.b.ci });
      diffs.push({ label: p.a.label === p.b.label ? p.b.label : `${p.a.label} → ${p.b.label}`, comparison: row.comparison });
    });
    return `<figure data-metric="${escapeAttr(metric)}"><figcaption>${escapeHtml(metric)}</figcaption>${metricBarChart(metric, kind, bars)}${differenceChart(metric, kind, diffs)}</figure>`;
  });
  return `<section id="charts"><h2>Charts</h2><p class="note">Bars: each run's headline over the paired records with its 95% interval. Points: the paired difference B − A with its 95% interval; the vertical line is no difference.</p><div class="charts">${figures.join('\n')}</div></section>`;
}
