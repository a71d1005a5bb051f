// The page around the streamed data: document head with CSP, the static sections, the explorer shell and the tail.
import { createHash } from 'node:crypto';
import type { RunSummary } from '../../types/results.ts';
import { CLIENT_SCRIPT } from './client-script.ts';
import { comparisonSection, tagsSection } from './comparison-section.ts';
import { escapeAttr, escapeHtml, jsonForScript } from './escape.ts';
import type { EmbedStats } from './data-embed.ts';
import { headerSection } from './header-section.ts';
import type { ResolvedHtmlOptions } from './html-options.ts';
import { FLAG } from './record-flags.ts';
import { reportStyles } from './styles.ts';
import { summarySection } from './summary-section.ts';

/** SHA-256 source expression of the one inline script, so the CSP allows exactly that script and nothing else. */
export const SCRIPT_HASH = `sha256-${createHash('sha256').update(CLIENT_SCRIPT, 'utf8').digest('base64')}`;

/**
 * No fetch, image, font, frame or form can leave the page; only our hashed script runs. Inline styles stay allowed
 * because the SVG charts and the virtual list position rows with style properties.
 */
export const CONTENT_SECURITY_POLICY = `default-src 'none'; script-src '${SCRIPT_HASH}'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'`;

/** One filter checkbox of the record explorer. */
export interface FlagControl {
  flag: keyof typeof FLAG;
  label: string;
  help: string;
}

const FLAG_CONTROLS: FlagControl[] = [
  { flag: 'fail', label: 'Failing', help: 'Some model failed some metric' },
  { flag: 'disagree', label: 'Models disagree', help: 'Models have a different pass/fail on some metric' },
  { flag: 'regressed', label: 'Regressed', help: 'The baseline passed and a candidate failed' },
  { flag: 'error', label: 'Errors', help: 'Some model returned an error' },
  { flag: 'missing', label: 'Missing / not run', help: 'Some model has no output for the record' },
  { flag: 'filtered', label: 'Filtered', help: 'A content filter or guardrail stopped some model\'s reply (not scored)' },
];

export function shortName(name: string): string {
  return name.length > 12 ? `${name.slice(0, 11)}…` : name;
}

/** Under unanswered: 'fail' a record the model did not answer counts as its failure, in the filter as in the figures. */
function failOnHelp(summary: Pick<RunSummary, 'policy'>): string {
  return (summary.policy?.unanswered ?? 'fail') === 'fail' ? ', or did not answer (error, missing output, filtered reply)' : ' (unanswered records are left out, as in the figures)';
}

/**
 * The record explorer's controls and list; `controls` are the filters it offers (a run's report: failing, …, filtered).
 * `failedOn`: the "Failed on <model>" select of a run's report, with the policy its help states (compare.html has none).
 */
export function explorerShell(summary: Pick<RunSummary, 'models' | 'metrics'>, controls: FlagControl[] = FLAG_CONTROLS, failedOn?: Pick<RunSummary, 'policy'>): string {
  const checks = controls.map(
    (c) => `<label title="${escapeAttr(c.help)}"><input type="checkbox" id="f-${c.flag}"> <span>${escapeHtml(c.label)}</span> <span class="cnt" id="c-${c.flag}"></span></label>`,
  ).join('\n');
  const sortOptions = summary.models
    .flatMap((model, mi) =>
      summary.metrics.map((metric, xi) => `<option value="${mi}.${xi}">${escapeHtml(`${model.label} · ${metric.name}`)}</option>`),
    )
    .join('');
  const heads = summary.models.map((m) => `<div title="${escapeAttr(m.modelId)}">${escapeHtml(m.label)}</div>`).join('');
  return `<section id="explorer">
<h2>Records</h2>
<p id="trunc-note" class="note"></p>
<p class="print-note note">The interactive record explorer is not printed; records.csv and scores.csv hold every record.</p>
<div class="controls" role="group" aria-label="Record filters">
${checks}
${failedOn ? `<label title="Records this model failed on some metric${escapeAttr(failOnHelp(failedOn))}">Failed on <select id="f-failon"><option value="">Any model</option></select></label>\n` : ''}<label>Tag <select id="f-tag"><option value="">All tags</option></select></label>
<label>Search <input type="search" id="f-q" placeholder="id, prompt, expected, output" autocomplete="off"></label>
<label>Sort <select id="f-sort"><option value="">Suite order</option>${sortOptions}</select></label>
<button type="button" id="f-dir" aria-pressed="false">Ascending</button>
<button type="button" id="f-clear">Clear filters</button>
</div>
<p id="count" aria-live="polite"></p>
<div id="list-head" aria-hidden="true"><div>Record</div><div>Prompt</div>${heads}</div>
<div id="list" tabindex="0" role="listbox" aria-label="Records (j/k or arrow keys to move, Enter to open)"><div id="spacer"></div></div>
<p id="empty" hidden>No record matches these filters.</p>
<p class="keys">Keys: <kbd>j</kbd>/<kbd>k</kbd> or <kbd>↑</kbd>/<kbd>↓</kbd> move, <kbd>Enter</kbd> opens or closes the record, <kbd>Esc</kbd> closes, <kbd>/</kbd> searches. Filters are kept in the address, so a reload or a shared link shows the same view.</p>
<section id="detail" hidden aria-label="Record detail"></section>
<noscript><p class="note">The record explorer needs JavaScript; records.csv has the same data.</p></noscript>
</section>`;
}

/**
 * The document's `<head>` for report.html and compare.html: the content security policy that keeps model text from
 * running or calling out, and the page's styles.
 */
export function documentHead(title: string, styles: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(CONTENT_SECURITY_POLICY)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="beval">
<title>${escapeHtml(title)}</title>
<style>${styles}</style>
</head>`;
}

/** Everything before the streamed rows and the script (html-sink.ts writes the first rows' copy, script and rows). */
export function pageHead(summary: RunSummary, opts: ResolvedHtmlOptions): string {
  const baseline = summary.baseline ? summary.models.findIndex((m) => m.key === summary.baseline) : -1;
  const meta = {
    models: summary.models.map((m) => ({ key: m.key, label: m.label })),
    metrics: summary.metrics.map((m) => ({ name: m.name, kind: m.kind, short: shortName(m.name) })),
    baseline,
    // The "Failed on" filter counts an unanswered record as the model's failure exactly when the figures do.
    unansweredFails: (summary.policy?.unanswered ?? 'fail') === 'fail',
    csv: opts.recordsCsvName,
    flags: FLAG,
  };
  return `${documentHead(opts.title, reportStyles(summary.models.length))}
<body>
${headerSection(summary, opts.title)}
<main>
${summarySection(summary)}
${comparisonSection(summary)}
${tagsSection(summary)}
${explorerShell(summary, FLAG_CONTROLS, summary)}
</main>
<script type="application/json" id="beval-meta">${jsonForScript(meta)}</script>
`;
}

/** The hashed client script as an element. */
export const SCRIPT_ELEMENT = `<script>${CLIENT_SCRIPT}</script>`;

/** Opens the rows' JSON array; the rows follow one per line, comma-separated. */
export const ROWS_OPEN = '<script type="application/json" id="beval-rows">[';

/** Closes the rows' array and adds the string table and the encoder's stats. */
function dataTail(strings: string[], stats: EmbedStats): string {
  return `]</script>
<script type="application/json" id="beval-tail">${jsonForScript({ strings, stats })}</script>
`;
}

/** report.html after the rows: its script came before them (html-sink.ts), so only data and the closing tags. */
export function reportTail(strings: string[], stats: EmbedStats): string {
  return `${dataTail(strings, stats)}</body>
</html>
`;
}

/** compare.html after the rows: the data, then the hashed client script, which starts at once. */
export function pageTail(strings: string[], stats: EmbedStats): string {
  return `${dataTail(strings, stats)}${SCRIPT_ELEMENT}
</body>
</html>
`;
}

/** Bytes of the client script and the tail apart from the string table, reserved up front in the size budget. */
export const TAIL_RESERVE_BYTES = Buffer.byteLength(CLIENT_SCRIPT) + 2048;
