// The headline numbers of a run for the terminal: each metric per model with its interval, and against the baseline.
import type { Comparison, MetricSummary, ModelSummary, RunSummary } from '../types/results.ts';
import { fmtCost, fmtDiff, fmtP, fmtValue } from '../report/html/format.ts';
import { answeredGap, bestModels, gapText, policyLegend } from '../report/claims.ts';
import { billedModeLabel } from '../report/mode-label.ts';
import { table } from './table.ts';
import { footnote } from './footnote.ts';

function interval(mean: number | null, ci: MetricSummary['ci'], kind: MetricSummary['kind']): string {
  if (mean === null) return '–';
  return ci ? `${fmtValue(mean, kind)} [${fmtValue(ci.low, kind)}, ${fmtValue(ci.high, kind)}]` : fmtValue(mean, kind);
}

function scoreCell(m: MetricSummary, star: boolean): string {
  return `${star ? '★ ' : ''}${interval(m.mean, m.ci, m.kind)}`;
}

/** "113/132 (+19 unanswered as failures)": records scored of those the scorer can score, and the policy's counts. */
function countCell(m: MetricSummary, failing: boolean): string {
  const of = m.scorable ?? m.expected;
  const extra = [
    m.unanswered ? `${m.unanswered} unanswered${failing ? ' = failed' : ''}` : '',
    m.notRun ? `${m.notRun} not run` : '',
  ].filter(Boolean);
  return `${m.scored}/${of}${extra.length ? ` (${extra.join(', ')})` : ''}`;
}

/** "+4.5 pp [+1.2 pp, +7.8 pp] better (adj. p 0.004, 130 paired)": the paired difference, its interval, Holm's p. */
function comparisonCell(c: Comparison | undefined, pm: ModelSummary, summary: RunSummary): string {
  if (!c) return '';
  const gap = answeredGap(summary, pm);
  const gapNote = gap ? `; ${gapText(gap)}` : '';
  if (c.difference === null) return `${c.verdict}${gapNote ? ` (${gapNote.slice(2)})` : ''}`;
  const ci = c.ci ? ` [${fmtDiff(c.ci.low, c.kind)}, ${fmtDiff(c.ci.high, c.kind)}]` : '';
  const what = c.pairwise ? `win rate ${fmtValue((c.candidateMean ?? 0.5), 'continuous')} vs ½: ` : '';
  const notRun = c.notRun ? `; ${c.notRun} not run` : '';
  return `${what}${fmtDiff(c.difference, c.kind)}${ci} ${c.verdict} (adj. p ${fmtP(c.pAdjusted ?? c.pValue)}, ${c.paired} paired${notRun}${gapNote})`;
}

/** "$0.0085", or "$0.0085 (batch + realtime (rerun))" when a rerun's answers were billed in the other mode. */
function costPerPassCell(m: MetricSummary, pm: ModelSummary): string {
  if (m.costPerPass === undefined) return '–';
  return `${fmtCost(m.costPerPass)}${pm.billedByMode ? ` (${billedModeLabel(pm)})` : ''}`;
}

/**
 * One row per metric and model: the headline score under the unanswered-records policy with its 95% interval (★ only
 * where the claim holds), the answered-only score beside it, records scored, cost per passing record, and the paired
 * comparison with the baseline. A legend states the policy and the Holm family. The full figures are in the reports.
 */
export function metricsText(summary: RunSummary): string {
  if (!summary.metrics.length) return '';
  const external = summary.baselineRun;
  const baselineLabel = external ? `${external.model.label}@${external.runId}` : summary.models.find((m) => m.key === summary.baseline)?.label;
  const failing = (summary.policy?.unanswered ?? 'fail') === 'fail';
  const best = bestModels(summary);
  const head = ['METRIC', 'MODEL', 'SCORE [95% CI]', 'ANSWERED ONLY', 'SCORED', 'COST/PASS', baselineLabel ? `VS ${baselineLabel} (paired)` : ''];
  const rows = [head];
  for (const metric of summary.metrics) {
    for (const pm of summary.perModel) {
      const m = pm.metrics.find((x) => x.metric === metric.name);
      if (!m) continue;
      const isBaseline = pm.model.key === summary.baseline;
      const c = summary.comparisons.find((x) => x.metric === metric.name && x.candidate === pm.model.key);
      const answered = m.answered && m.answered.scored !== m.counted ? interval(m.answered.mean, m.answered.ci, m.kind) : 'same';
      rows.push([metric.name, pm.model.label, scoreCell(m, best.get(metric.name)?.has(pm.model.key) ?? false), answered, countCell(m, failing), costPerPassCell(m, pm), isBaseline ? 'baseline' : comparisonCell(c, pm, summary)]);
    }
  }
  const lines = [policyLegend(summary)];
  if (external) lines.push(`Baseline: ${external.model.label} from run ${external.runId} (gate.baselineRun), ${external.paired} of ${external.records} records paired by recordId${external.subset ? ' (a subset: the two runs\' suites differ; gate.allowSubset)' : ''}.`);
  if (summary.holmFamily) lines.push(`Verdicts: better / worse / inconclusive / incomplete${summary.policy?.equivalenceMargin !== undefined ? ' / equivalent' : ''}; adj. p is Holm over ${summary.holmFamily.covers} (${summary.holmFamily.size}).`);
  if (summary.gateError) lines.push(`Gate not applied to these results: ${summary.gateError}`);
  return `${table(rows)}\n${lines.map((l) => footnote(l)).join('\n')}\n`;
}
