// The summary table (model × metric with interval and coverage, best marked, failures visible) and its charts.
import type { MetricInfo, ModelSummary, RunSummary } from '../../types/results.ts';
import { escapeHtml } from './escape.ts';
import { fmtCost, fmtInt, fmtMs, fmtPercent, fmtValue } from './format.ts';
import { costScatterChart, metricBarChart, type CostPoint } from './svg-charts.ts';
import { answeredGap, bestModels, gapText, policyLegend } from '../claims.ts';
import { billedCostSplit } from '../mode-label.ts';

export { bestModels };

function countCell(n: number, cls: string): string {
  return n > 0 ? `<td class="num ${cls}">${fmtInt(n)}</td>` : `<td class="num muted">0</td>`;
}

function metricCell(summary: RunSummary, pm: ModelSummary, metric: MetricInfo, isBest: boolean): string {
  const ms = pm.metrics.find((m) => m.metric === metric.name);
  if (!ms) return '<td class="num muted">–</td>';
  const ci = ms.ci ? `<span class="ci">[${fmtValue(ms.ci.low, metric.kind)}, ${fmtValue(ms.ci.high, metric.kind)}]</span>` : '';
  const of = ms.scorable ?? ms.expected;
  const partial = ms.scored < of ? ' warn' : '';
  const star = isBest ? '<span class="star" title="best under the unanswered-records policy">★</span> ' : '';
  const failing = (summary.policy?.unanswered ?? 'fail') === 'fail' && metric.kind === 'binary';
  const counts = [
    ms.unanswered ? `<span class="err" title="records the model did not answer">${fmtInt(ms.unanswered)} unanswered${failing ? ' (counted as failures)' : ''}</span>` : '',
    ms.notRun ? `<span class="warn" title="records never run: comparisons are incomplete">${fmtInt(ms.notRun)} not run</span>` : '',
  ].filter(Boolean).join(' · ');
  const answered = ms.answered && ms.answered.scored !== ms.counted
    ? `<br><span class="answered" title="over the records this model answered">answered only <span class="fig">${fmtValue(ms.answered.mean, metric.kind)}${ms.answered.ci ? ` [${fmtValue(ms.answered.ci.low, metric.kind)}, ${fmtValue(ms.answered.ci.high, metric.kind)}]` : ''}</span></span>`
    : '';
  const gap = answeredGap(summary, pm);
  const gapLine = gap ? `<br><span class="gap warn">${escapeHtml(gapText(gap))}</span>` : '';
  // The figure and its interval stay on one line; the lines under it may wrap, so the table fits a 1,400-pixel window.
  return `<td class="num metric${isBest ? ' best' : ''}">${star}<span class="fig">${fmtValue(ms.mean, metric.kind)} ${ci}</span><br><span class="cov${partial}" title="scored / records the scorer can score">${fmtInt(ms.scored)}/${fmtInt(of)} scored</span>${counts ? `<br>${counts}` : ''}${answered}${gapLine}${commonLine(ms, metric)}</td>`;
}

/** The same metric over the records every model completed, shown when it differs from the full-coverage number. */
function commonLine(ms: ModelSummary['metrics'][number], metric: MetricInfo): string {
  const c = ms.common;
  if (!c || c.scored === ms.scored) return '';
  const ci = c.ci ? ` [${fmtValue(c.ci.low, metric.kind)}, ${fmtValue(c.ci.high, metric.kind)}]` : '';
  return `<br><span class="common" title="over the records every model completed">common <span class="fig">${fmtValue(c.mean, metric.kind)}${ci}</span> · ${fmtInt(c.scored)}</span>`;
}

/** Cost per passing record of the first binary metric: what a correct answer costs with this model. */
function costPerPassLine(pm: ModelSummary): string {
  const m = pm.metrics.find((x) => x.costPerPass !== undefined);
  return m ? `<br><span class="cov" title="run cost ÷ records passing ${escapeHtml(m.metric)}">${fmtCost(m.costPerPass)} per pass</span>` : '';
}

/** Reconciliation notes (manifest and job counts, duplicate, unknown and malformed lines): never hidden. */
function notesSection(summary: RunSummary): string {
  const items = summary.perModel.flatMap((pm) => (pm.notes ?? []).map((n) => `<li><strong>${escapeHtml(pm.model.label)}</strong>: ${escapeHtml(n)}</li>`));
  if (!items.length) return '<p class="note">Output files, manifests and job counts agree for every model.</p>';
  return `<h3>Data checks</h3><ul class="notes">${items.join('')}</ul>`;
}

function statusDetails(pm: ModelSummary): string {
  const list = (rec: Record<string, number>): string =>
    Object.entries(rec)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${escapeHtml(k)} ${fmtInt(v)}`)
      .join(', ') || '–';
  const truncated = pm.truncationRate ? ` <span class="warn">(${fmtPercent(pm.stopReasons.max_tokens ?? 0, pm.ok)} truncated)</span>` : '';
  return `<tr><th scope="row">${escapeHtml(pm.model.label)}</th><td>${list(pm.stopReasons)}${truncated}</td><td class="${Object.keys(pm.errorCodes).length ? 'err' : ''}">${list(pm.errorCodes)}</td><td class="num">${fmtMs(pm.latencyP50)} / ${fmtMs(pm.latencyP95)}</td></tr>`;
}

export function summarySection(summary: RunSummary): string {
  const best = bestModels(summary);
  const metricHeads = summary.metrics
    .map((m) => `<th scope="col">${escapeHtml(m.name)}<br><span class="muted">${m.kind === 'binary' ? 'pass rate' : 'mean'} [95% CI]</span></th>`)
    .join('');
  const rows = summary.perModel
    .map((pm) => {
      const metrics = summary.metrics.map((m) => metricCell(summary, pm, m, best.get(m.name)?.has(pm.model.key) ?? false)).join('');
      const base = pm.model.key === summary.baseline ? ' <span class="badge base">baseline</span>' : '';
      return `<tr data-model="${escapeHtml(pm.model.key)}"><th scope="row">${escapeHtml(pm.model.label)}${base}</th><td class="num">${fmtInt(pm.records)}</td><td class="num">${fmtInt(pm.ok)}</td>${countCell(pm.errors, 'err')}${countCell(pm.missing, 'warn')}${countCell(pm.notRun, 'warn')}${countCell(pm.filtered ?? 0, 'warn')}<td class="num">${fmtPercent(pm.ok, pm.records)}</td>${metrics}<td class="num">${fmtInt(pm.inputTokens)} / ${fmtInt(pm.outputTokens)}</td><td class="num">${fmtCost(pm.cost)}${costPerPassLine(pm)}</td></tr>`;
    })
    .join('\n');
  return `<section id="summary">
<h2>Summary</h2>
<div class="scroll"><table class="summary">
<thead><tr><th scope="col">Model</th><th scope="col">Records</th><th scope="col">OK</th><th scope="col">Errors</th><th scope="col">Missing</th><th scope="col">Not run</th><th scope="col">Filtered</th><th scope="col">Coverage</th>${metricHeads}<th scope="col">Tokens in / out</th><th scope="col">Cost</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>
<p class="note policy">${escapeHtml(policyLegend(summary))} Coverage is the share of records with an output. Each metric shows how many of the records its scorer can score were scored. Where models completed different records, "common" gives the same metric over only the records every model completed. ★ marks the highest score only where the claim holds: the model ran every record, answered within the gate's tolerance of the best answered share, and, for a candidate, its paired comparison with the baseline says better.</p>
${rerunsNote(summary)}${notesSection(summary)}
<h3>Stop reasons and errors</h3>
<div class="scroll"><table class="status"><thead><tr><th scope="col">Model</th><th scope="col">Stop reasons</th><th scope="col">Error codes</th><th scope="col">Latency p50 / p95</th></tr></thead>
<tbody>${summary.perModel.map(statusDetails).join('')}</tbody></table></div>
</section>
${chartsSection(summary, best)}`;
}

/** After `beval rerun`: records sent again per model, and which attempt each counted answer came from. */
function rerunsNote(summary: RunSummary): string {
  const lines = summary.perModel.filter((pm) => pm.retried).map((pm) => {
    const by = Object.entries(pm.answersByAttempt ?? {}).sort(([a], [b]) => Number(a) - Number(b)).map(([a, n]) => `attempt ${escapeHtml(a)}: ${fmtInt(n)}`).join(', ');
    // A rerun that went the other way: what each mode's answers cost, so the total is seen to be both.
    const cost = pm.billedByMode ? `<li>${escapeHtml(pm.model.label)}: cost ${pm.cost === undefined ? 'unknown' : fmtCost(pm.cost)} = ${escapeHtml(billedCostSplit(pm))}</li>` : '';
    return `<li>${escapeHtml(pm.model.label)}: ${fmtInt(pm.retried ?? 0)} record(s) retried; answers counted from ${by}</li>${cost}`;
  });
  const reused = summary.perModel.filter((pm) => pm.reused).map((pm) => {
    const r = pm.reused!;
    const from = Object.entries(r.fromRuns).map(([id, n]) => `${fmtInt(n)} from ${escapeHtml(id)}`).join(', ');
    return `<li>${escapeHtml(pm.model.label)}: ${fmtInt(r.records)} answer(s) reused (${from}); their cost ${fmtCost(r.cost)} was paid by those runs and is not in this run's cost</li>`;
  });
  const reusedHtml = reused.length ? `<h3>Reused answers</h3>\n<ul>${reused.join('')}</ul>\n` : '';
  return reusedHtml + (lines.length ? `<h3>Reruns</h3>\n<p class="note">The newest answer of each record counts.</p>\n<ul>${lines.join('')}</ul>\n` : '');
}

function chartsSection(summary: RunSummary, best: Map<string, Set<string>>): string {
  const charts = summary.metrics.map((metric) => {
    const data = summary.perModel.map((pm) => {
      const ms = pm.metrics.find((m) => m.metric === metric.name);
      return { key: pm.model.key, label: pm.model.label, mean: ms?.mean ?? null, ci: ms?.ci ?? null, best: best.get(metric.name)?.has(pm.model.key) ?? false };
    });
    return `<figure><figcaption>${escapeHtml(metric.name)}</figcaption>${metricBarChart(metric.name, metric.kind, data)}</figure>`;
  });
  const primary = summary.metrics[0];
  let scatter = '';
  if (primary) {
    const points: CostPoint[] = [];
    for (const pm of summary.perModel) {
      const mean = pm.metrics.find((m) => m.metric === primary.name)?.mean;
      if (pm.cost !== undefined && mean !== null && mean !== undefined) points.push({ key: pm.model.key, label: pm.model.label, cost: pm.cost, quality: mean });
    }
    scatter = points.length
      ? `<figure><figcaption>${escapeHtml(primary.name)} against cost</figcaption>${costScatterChart(primary.name, primary.kind, points)}</figure>`
      : '<p class="note">No model has a known price, so there is no quality-against-cost chart.</p>';
  }
  return `<section id="charts"><h2>Charts</h2><div class="charts">${charts.join('')}${scatter}</div></section>`;
}
