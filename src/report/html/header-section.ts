// The report header: suite, record count, models, run id, date, total tokens and cost.
import type { RunSummary } from '../../types/results.ts';
import { escapeHtml } from './escape.ts';
import { fmtCost, fmtInt } from './format.ts';
import { judgeFacts } from './judge-section.ts';
import { billedModeLabel } from '../mode-label.ts';

/** A run of part of the suite (--limit, --sample) says which part: "sample of 200 of 5,000 records (seed 7, …)". */
function selectionNote(summary: RunSummary): string {
  const s = summary.suite.selection;
  return s ? ` <span class="selection warn">(${escapeHtml(s)})</span>` : '';
}

/** The gate's verdict first in the section navigation, linking to its table (or to why it could not be applied). */
function gateLink(summary: RunSummary): string {
  if (summary.gate) return `<a href="#gate" class="gate-link verdict verdict-${escapeHtml(summary.gate.verdict)}">Gate: ${escapeHtml(summary.gate.verdict)}</a> `;
  return summary.gateError ? '<a href="#gate" class="gate-link verdict verdict-inconclusive">Gate: not applied</a> ' : '';
}

export function headerSection(summary: RunSummary, title: string): string {
  const models = summary.models
    .map((m) => {
      const base = m.key === summary.baseline ? ' <span class="badge base">baseline</span>' : '';
      // The mode beside the run's cost: both, when a rerun answered some records the other way.
      const mode = billedModeLabel(summary.perModel.find((pm) => pm.model.key === m.key) ?? { model: m });
      return `<li><strong>${escapeHtml(m.label)}</strong> <code>${escapeHtml(m.modelId)}</code> <span class="muted">${escapeHtml(mode)}</span>${base}</li>`;
    })
    .join('');
  const cost = summary.totals.cost === undefined ? 'unknown (no prices configured)' : fmtCost(summary.totals.cost);
  // New spend only; what reused answers (`beval run --reuse`) cost their own runs is said apart.
  const reused = summary.totals.reusedCost !== undefined ? ` new spend (+ ${fmtCost(summary.totals.reusedCost)} of reused answers, paid by earlier runs)` : '';
  const gate = summary.gate
    ? `<p class="gate-banner verdict-${escapeHtml(summary.gate.verdict)}">Gate: <strong>${escapeHtml(summary.gate.verdict)}</strong></p>`
    : '';
  return `<header id="top">
<h1>${escapeHtml(title)}</h1>
${gate}
<dl class="facts">
<div><dt>Suite</dt><dd><code>${escapeHtml(summary.suite.path)}</code> <span class="muted" title="sha256">${escapeHtml(summary.suite.sha256.slice(0, 12))}</span></dd></div>
<div><dt>Records</dt><dd>${fmtInt(summary.suite.records)}${selectionNote(summary)}</dd></div>
<div><dt>Run</dt><dd><code>${escapeHtml(summary.runId)}</code></dd></div>
<div><dt>Date</dt><dd><time datetime="${escapeHtml(summary.createdAt)}">${escapeHtml(summary.createdAt)}</time></dd></div>
<div><dt>Tokens</dt><dd>${fmtInt(summary.totals.inputTokens)} in · ${fmtInt(summary.totals.outputTokens)} out</dd></div>
<div><dt>Cost</dt><dd>${escapeHtml(cost + reused)}</dd></div>
${judgeFacts(summary)}
</dl>
<h2 class="sr-only">Models</h2>
<ul class="models">${models}</ul>
<nav class="toc" aria-label="Sections">${gateLink(summary)}<a href="#summary">Summary</a> <a href="#charts">Charts</a> <a href="#comparison">Comparison</a> <a href="#tags">Tags</a> <a href="#explorer">Records</a></nav>
</header>`;
}
