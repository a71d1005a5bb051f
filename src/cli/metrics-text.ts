// The headline numbers of a run for the terminal: each metric per model with its interval, and against the baseline.
import type { Comparison, MetricSummary, RunSummary } from '../types/results.ts';
import { fmtCost, fmtDiff, fmtP, fmtValue } from '../report/html/format.ts';
import { table } from './table.ts';

function scoreCell(m: MetricSummary): string {
  if (m.mean === null) return '–';
  return m.ci ? `${fmtValue(m.mean, m.kind)} [${fmtValue(m.ci.low, m.kind)}, ${fmtValue(m.ci.high, m.kind)}]` : fmtValue(m.mean, m.kind);
}

/** "+4.5 pp [+1.2 pp, +7.8 pp] better (adj. p 0.004, 130 paired)": the paired difference, its interval, Holm's p. */
function comparisonCell(c: Comparison | undefined): string {
  if (!c) return '';
  // A pairwise judge scores candidates against the baseline already: there is no difference to take.
  if (c.difference === null) return c.verdict;
  const ci = c.ci ? ` [${fmtDiff(c.ci.low, c.kind)}, ${fmtDiff(c.ci.high, c.kind)}]` : '';
  return `${fmtDiff(c.difference, c.kind)}${ci} ${c.verdict} (adj. p ${fmtP(c.pAdjusted ?? c.pValue)}, ${c.paired} paired)`;
}

/**
 * One row per metric and model: mean with its 95% interval, records scored of the suite's, cost per passing record,
 * and the paired comparison with the baseline. The full figures (common subset, tags, p-values) are in the reports.
 */
export function metricsText(summary: RunSummary): string {
  if (!summary.metrics.length) return '';
  const baselineLabel = summary.models.find((m) => m.key === summary.baseline)?.label;
  const head = ['METRIC', 'MODEL', 'SCORE [95% CI]', 'SCORED', 'COST/PASS', baselineLabel ? `VS ${baselineLabel} (paired)` : ''];
  const rows = [head];
  for (const metric of summary.metrics) {
    for (const pm of summary.perModel) {
      const m = pm.metrics.find((x) => x.metric === metric.name);
      if (!m) continue;
      const isBaseline = pm.model.key === summary.baseline;
      const c = summary.comparisons.find((x) => x.metric === metric.name && x.candidate === pm.model.key);
      rows.push([metric.name, pm.model.label, scoreCell(m), `${m.scored}/${m.expected}`, m.costPerPass === undefined ? '–' : fmtCost(m.costPerPass), isBaseline ? 'baseline' : comparisonCell(c)]);
    }
  }
  return `${table(rows)}\n`;
}
