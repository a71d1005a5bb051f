// Comparison against the baseline (difference, interval, raw and Holm-adjusted p, verdict), the gate, and tags.
import type { MetricInfo, RunSummary, TagBreakdown } from '../../types/results.ts';
import { escapeHtml } from './escape.ts';
import { fmtDiff, fmtInt, fmtP, fmtValue } from './format.ts';
import { answeredGap, gapText } from '../claims.ts';

function labelOf(summary: RunSummary, key: string): string {
  const b = summary.baselineRun;
  if (b && key === b.key) return `${b.model.label} (run ${b.runId})`;
  return summary.models.find((m) => m.key === key)?.label ?? key;
}

/** Where the baseline came from when it is a model of an earlier run, and what was paired. */
function baselineRunNote(summary: RunSummary): string {
  const b = summary.baselineRun;
  if (!b) return '';
  const subset = b.subset ? ` The two runs' suites differ (gate.allowSubset): only the ${fmtInt(b.paired)} records both hold are compared.` : '';
  return `<p class="note baseline-run">Baseline: <strong>${escapeHtml(b.model.label)}</strong> (${escapeHtml(b.model.modelId)}) from run <code>${escapeHtml(b.runId)}</code> (gate.baselineRun), paired by recordId: ${fmtInt(b.paired)} of this run's ${fmtInt(b.records)} records (that run has ${fmtInt(b.earlierRecords)}).${subset} Its answered share there: ${b.summary.records - b.summary.notRun > 0 ? `${fmtInt(b.summary.ok)}/${fmtInt(b.summary.records - b.summary.notRun)}` : '–'}.</p>`;
}

function familyNote(summary: RunSummary): string {
  const f = summary.holmFamily;
  const family = f ? `p (Holm) is adjusted over ${escapeHtml(f.covers)} (${fmtInt(f.size)} comparisons with a p-value)` : 'p (Holm) is adjusted across all comparisons of the run';
  return `${family}; verdicts use the adjusted value.`;
}

export function comparisonSection(summary: RunSummary): string {
  if (!summary.baseline || summary.comparisons.length === 0) {
    return `<section id="comparison"><h2>Comparison</h2>${baselineRunNote(summary)}<p class="note">No baseline model was configured, so there are no paired comparisons.</p>${gateTable(summary)}</section>`;
  }
  const rows = summary.comparisons
    .map((c) => {
      const ci = c.ci ? `[${fmtDiff(c.ci.low, c.kind)}, ${fmtDiff(c.ci.high, c.kind)}]` : '–';
      const wl = c.wins === undefined && c.losses === undefined ? '–' : `${fmtInt(c.wins ?? 0)} / ${fmtInt(c.losses ?? 0)}`;
      const pm = summary.perModel.find((p) => p.model.key === c.candidate);
      const gap = pm && answeredGap(summary, pm);
      const gapNote = gap ? `<br><span class="gap warn">${escapeHtml(gapText(gap))}</span>` : '';
      const notRun = c.notRun ? `<br><span class="warn">${fmtInt(c.notRun)} not run</span>` : '';
      return `<tr data-candidate="${escapeHtml(c.candidate)}" data-metric="${escapeHtml(c.metric)}"><th scope="row">${escapeHtml(labelOf(summary, c.candidate))}</th><td>${escapeHtml(c.metric)}</td><td class="num">${fmtInt(c.paired)}</td><td class="num">${fmtValue(c.baselineMean, c.kind)}</td><td class="num">${fmtValue(c.candidateMean, c.kind)}</td><td class="num">${fmtDiff(c.difference, c.kind)}</td><td class="num">${ci}</td><td class="num">${fmtP(c.pValue)}</td><td class="num">${fmtP(c.pAdjusted)}</td><td class="num">${wl}</td><td><span class="verdict verdict-${escapeHtml(c.verdict)}">${escapeHtml(c.verdict)}</span>${notRun}${gapNote}</td></tr>`;
    })
    .join('\n');
  return `<section id="comparison">
<h2>Comparison against ${escapeHtml(labelOf(summary, summary.baseline))}</h2>
${baselineRunNote(summary)}
<div class="scroll"><table class="comparison"><thead><tr><th scope="col">Candidate</th><th scope="col">Metric</th><th scope="col">Paired</th><th scope="col">Baseline</th><th scope="col">Candidate</th><th scope="col">Difference</th><th scope="col">95% CI</th><th scope="col">p</th><th scope="col">p (Holm)</th><th scope="col">Wins / losses</th><th scope="col">Verdict</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>
<p class="note">Paired over the records both models have in the comparison: ${summary.policy?.unanswered === 'exclude' ? 'answered records only (unanswered: \'exclude\')' : 'a record one model answered and the other did not counts as a failure for the one that did not'}. ${familyNote(summary)} Wins / losses count discordant pairs (binary metrics); a pairwise judge's row is the candidate's win rate (ties ½) against ½. Verdicts: better, worse, inconclusive (the data cannot tell), incomplete (records not run)${summary.policy?.equivalenceMargin !== undefined ? ', equivalent (interval inside ±the equivalence margin)' : ''}.</p>
${gateTable(summary)}
</section>`;
}

function gateTable(summary: RunSummary): string {
  const gate = summary.gate;
  // The header's section navigation links to #gate: the gate's heading, or this paragraph when it could not run.
  const error = summary.gateError ? `<p${summary.gate ? '' : ' id="gate"'} class="note err gate-error">The gate could not be applied to these results: ${escapeHtml(summary.gateError)}</p>` : '';
  if (!gate) return error;
  const family = gate.family ? `<p class="note">The gate's comparisons are Holm-adjusted over ${escapeHtml(gate.family.covers)} (${fmtInt(gate.family.size)} with a p-value), so exploratory scorers never change them. Every candidate must also answer within ${fmtInt(Math.round((summary.policy?.coverageTolerance ?? 0.01) * 1000) / 10)} points of the baseline's answered share.</p>` : '';
  const rows = gate.rows
    .map((r) => `<tr><th scope="row">${escapeHtml(labelOf(summary, r.candidate))}</th><td>${escapeHtml(r.metric)}</td><td><code>${escapeHtml(r.rule)}</code></td><td><span class="verdict verdict-${escapeHtml(r.verdict)}">${escapeHtml(r.verdict)}</span></td><td>${escapeHtml(r.evidence)}</td></tr>`)
    .join('\n');
  return `<h3 id="gate">Gate: <span class="verdict verdict-${escapeHtml(gate.verdict)}">${escapeHtml(gate.verdict)}</span></h3>
<div class="scroll"><table class="gate"><thead><tr><th scope="col">Candidate</th><th scope="col">Metric</th><th scope="col">Rule</th><th scope="col">Verdict</th><th scope="col">Evidence</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>${family}${error}`;
}

/** Most tags a report lists; the rest are counted in a note (a run tagged per record would otherwise bloat the page). */
export const MAX_TAG_ROWS = 1000;

/** A tag's mean with its interval (Wilson for a pass rate, as in the summary table) and how many records it counts. */
function tagCell(t: TagBreakdown, modelKey: string, metric: MetricInfo): string {
  const mean = t.means[modelKey]?.[metric.name] ?? null;
  if (mean === null) return '<td class="num muted">–</td>';
  const ci = t.ci?.[modelKey]?.[metric.name];
  const interval = ci ? ` <span class="ci">[${fmtValue(ci.low, metric.kind)}, ${fmtValue(ci.high, metric.kind)}]</span>` : '';
  const counted = t.counted?.[modelKey]?.[metric.name];
  const n = counted === undefined ? '' : `<br><span class="cov" title="records with this tag in the figure: scored ones, and unanswered ones where the policy counts them as failures">${fmtInt(counted)}/${fmtInt(t.records)} counted</span>`;
  return `<td class="num">${fmtValue(mean, metric.kind)}${interval}${n}</td>`;
}

export function tagsSection(summary: RunSummary): string {
  if (summary.tags.length === 0) return '<section id="tags"><h2>Tags</h2><p class="note">No record carries a tag.</p></section>';
  const cols = summary.models.flatMap((model) => summary.metrics.map((metric) => ({ model, metric })));
  const head = cols.map(({ model, metric }) => `<th scope="col">${escapeHtml(model.label)}<br><span class="muted">${escapeHtml(metric.name)}</span></th>`).join('');
  const shown = summary.tags.slice(0, MAX_TAG_ROWS);
  const rows = shown
    .map((t) => {
      const cells = cols.map(({ model, metric }) => tagCell(t, model.key, metric)).join('');
      return `<tr><th scope="row">${escapeHtml(t.tag)}</th><td class="num">${fmtInt(t.records)}</td>${cells}</tr>`;
    })
    .join('\n');
  const more = summary.tags.length > shown.length ? `<p class="note">${fmtInt(summary.tags.length - shown.length)} more tags are not listed.</p>` : '';
  return `<section id="tags"><h2>Breakdown by tag</h2>
<div class="scroll"><table class="tags"><thead><tr><th scope="col">Tag</th><th scope="col">Records</th>${head}</tr></thead>
<tbody>
${rows}
</tbody></table></div>
<p class="note">Each cell: the metric over the model's scored records with the tag (how many of the tag's records it counts below it), under the same unanswered-records policy as the summary; a pass rate with its 95% Wilson interval, a continuous mean without one.</p>${more}</section>`;
}
