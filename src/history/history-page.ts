// `beval history`: one self-contained HTML page over the runs of one suite (metrics over time with intervals, cost per
// run, gate verdicts, links to each run's report). No script, no remote resource: it works from file:// offline.
import { escapeAttr, escapeHtml } from '../report/html/escape.ts';
import { fmtCost, fmtValue } from '../report/html/format.ts';
import type { RunEntry } from './run-index.ts';
import { costChart, trendChart, type TrendSeries } from './trend-chart.ts';

// The page loads nothing: not even a script of its own. A CSP says so to the browser too.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const STYLES = `
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px;color:#1b1b1b;max-width:1100px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}.sub{color:#555;margin:0 0 16px}
table{border-collapse:collapse;margin:8px 0}th,td{border-bottom:1px solid #ddd;padding:4px 10px;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
.grid{stroke:#e3e3e3}.tick{font-size:11px;fill:#555}.series{stroke-width:2}.whisker{stroke-width:1.5;opacity:.7}.cost{fill:#56B4E9}
figure{margin:8px 0}figcaption{font-size:13px}.key{margin-right:14px;white-space:nowrap}.swatch{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px;border-radius:2px}
.verdict-pass{color:#006d2c;font-weight:600}.verdict-regression{color:#b30000;font-weight:600}.verdict-inconclusive{color:#8a5a00;font-weight:600}
.changed{color:#b30000}
`;

/** `2026-12-06 10:15` — a run's short label on the charts and in the table. */
function when(e: RunEntry): string {
  return e.createdAt.slice(0, 16).replace('T', ' ');
}

/** Models across runs are one series per model ID (labels may change); the latest label names it. */
function seriesModels(runs: RunEntry[]): { modelId: string; label: string }[] {
  const byId = new Map<string, string>();
  for (const r of runs) for (const m of r.models) byId.set(m.modelId, m.label === m.modelId ? m.modelId : `${m.label} (${m.modelId})`);
  return [...byId].map(([modelId, label]) => ({ modelId, label }));
}

function metricKinds(runs: RunEntry[]): Map<string, 'binary' | 'continuous'> {
  const kinds = new Map<string, 'binary' | 'continuous'>();
  for (const r of runs) for (const m of r.models) for (const x of m.metrics) if (!kinds.has(x.metric)) kinds.set(x.metric, x.kind);
  return kinds;
}

function runsTable(runs: RunEntry[]): string {
  const rows = runs.map((r, i) => {
    const changed = i > 0 && r.suite.sha256 !== runs[i - 1]!.suite.sha256;
    const link = r.report ? `<a href="${escapeAttr(r.report)}">${escapeHtml(r.runId)}</a>` : escapeHtml(r.runId);
    const gate = r.gate ? `<span class="verdict-${escapeAttr(r.gate)}">${escapeHtml(r.gate)}</span>` : '–';
    return `<tr><td>${link}</td><td>${escapeHtml(when(r))}</td><td${changed ? ' class="changed" title="the suite changed since the run before"' : ''}>${escapeHtml(r.suite.sha256.slice(0, 12))}${changed ? ' (changed)' : ''}</td><td class="num">${r.suite.records}</td><td>${escapeHtml(r.models.map((m) => m.label).join(', '))}</td><td>${gate}</td><td class="num">${r.cost !== undefined ? escapeHtml(fmtCost(r.cost)) : '–'}</td><td>${escapeHtml(r.state)}</td></tr>`;
  });
  return `<table class="runs"><thead><tr><th>run (report)</th><th>created (UTC)</th><th>suite sha256</th><th>records</th><th>models</th><th>gate</th><th>cost</th><th>state</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function metricTable(metric: string, kind: 'binary' | 'continuous', runs: RunEntry[], models: { modelId: string; label: string }[]): string {
  const head = `<tr><th>run</th>${models.map((m) => `<th>${escapeHtml(m.label)}</th>`).join('')}</tr>`;
  const rows = runs.map((r) => `<tr><td>${escapeHtml(when(r))}</td>${models.map((m) => {
    const x = r.models.find((rm) => rm.modelId === m.modelId)?.metrics.find((mm) => mm.metric === metric);
    if (!x || x.mean === null) return '<td class="num">–</td>';
    const ci = x.ci ? ` [${fmtValue(x.ci.low, kind)}, ${fmtValue(x.ci.high, kind)}]` : '';
    return `<td class="num">${escapeHtml(`${fmtValue(x.mean, kind)}${ci} · ${x.scored}/${x.expected}`)}</td>`;
  }).join('')}</tr>`);
  return `<table class="metric" data-metric="${escapeAttr(metric)}"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The page for `runs` (oldest first, all of one suite). */
export function historyPage(suite: string, runs: RunEntry[]): string {
  const labels = runs.map(when);
  const models = seriesModels(runs);
  const sections = [...metricKinds(runs)].map(([metric, kind]) => {
    const series: TrendSeries[] = models.map((m) => ({
      label: m.label,
      points: runs.map((r, i) => {
        const x = r.models.find((rm) => rm.modelId === m.modelId)?.metrics.find((mm) => mm.metric === metric);
        return { run: i, mean: x?.mean ?? null, ci: x?.ci ?? null };
      }),
    }));
    return `<section class="metric-section"><h2>${escapeHtml(metric)} <small>(${kind === 'binary' ? 'pass rate' : 'mean'}, 95% interval)</small></h2>${trendChart(metric, kind, labels, series)}${metricTable(metric, kind, runs, models)}</section>`;
  });
  const hashes = new Set(runs.map((r) => r.suite.sha256)).size;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${escapeAttr(CSP)}"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(`beval history: ${suite}`)}</title><style>${STYLES}</style></head><body>
<h1>${escapeHtml(`History of ${suite}`)}</h1><p class="sub">${runs.length} run(s), ${escapeHtml(labels[0] ?? '')} to ${escapeHtml(labels.at(-1) ?? '')}${hashes > 1 ? ` · <span class="changed">the suite changed ${hashes - 1} time(s): compare numbers across a change with care</span>` : ''}</p>
<h2>Runs</h2>${runsTable(runs)}
${sections.join('\n')}
<section><h2>Cost per run</h2>${costChart(labels, runs.map((r) => r.cost))}</section>
</body></html>
`;
}
