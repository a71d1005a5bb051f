// The report header: suite, record count, models, run id, date, total tokens and cost.
import type { RunSummary } from '../../types/results.ts';
import { escapeHtml } from './escape.ts';
import { fmtCost, fmtInt } from './format.ts';
import { judgeFacts } from './judge-section.ts';

export function headerSection(summary: RunSummary, title: string): string {
  const models = summary.models
    .map((m) => {
      const base = m.key === summary.baseline ? ' <span class="badge base">baseline</span>' : '';
      return `<li><strong>${escapeHtml(m.label)}</strong> <code>${escapeHtml(m.modelId)}</code> <span class="muted">${escapeHtml(m.mode)}</span>${base}</li>`;
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
<div><dt>Records</dt><dd>${fmtInt(summary.suite.records)}</dd></div>
<div><dt>Run</dt><dd><code>${escapeHtml(summary.runId)}</code></dd></div>
<div><dt>Date</dt><dd><time datetime="${escapeHtml(summary.createdAt)}">${escapeHtml(summary.createdAt)}</time></dd></div>
<div><dt>Tokens</dt><dd>${fmtInt(summary.totals.inputTokens)} in · ${fmtInt(summary.totals.outputTokens)} out</dd></div>
<div><dt>Cost</dt><dd>${escapeHtml(cost + reused)}</dd></div>
${judgeFacts(summary)}
</dl>
<h2 class="sr-only">Models</h2>
<ul class="models">${models}</ul>
<nav class="toc" aria-label="Sections"><a href="#summary">Summary</a> <a href="#charts">Charts</a> <a href="#comparison">Comparison</a> <a href="#tags">Tags</a> <a href="#explorer">Records</a></nav>
</header>`;
}
