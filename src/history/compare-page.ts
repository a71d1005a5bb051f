// compare.html: two runs side by side, self-contained and offline like report.html (same CSP, styles, escaping and
// record explorer script): the comparison table, charts, what changed per pair, and the changed records to explore.
import type { RecordRow } from '../types/results.ts';
import { escapeAttr, escapeHtml, jsonForScript } from '../report/html/escape.ts';
import { fmtDiff, fmtInt, fmtP, fmtValue } from '../report/html/format.ts';
import { reportStyles } from '../report/html/styles.ts';
import { RowEncoder } from '../report/html/data-embed.ts';
import { resolveHtmlOptions } from '../report/html/html-options.ts';
import { documentHead, explorerShell, pageTail, shortName, TAIL_RESERVE_BYTES, type FlagControl } from '../report/html/page-template.ts';
import { FLAG } from '../report/html/record-flags.ts';
import type { CompareDocument, CompareRunRef } from './compare-document.ts';
import type { SideFigure } from './compare-runs.ts';
import { chartsSection } from './compare-charts.ts';
import { explorerMetrics } from './compare-records.ts';

const CONTROLS: FlagControl[] = [
  { flag: 'regressed', label: 'Regressed', help: 'A metric passed in run A and failed in run B' },
  { flag: 'fixed', label: 'Fixed', help: 'A metric failed in run A and passes in run B' },
  { flag: 'changed', label: 'Changed text', help: 'The same pass/fail on every metric, but a different reply' },
];

const EXTRA_STYLES = 'svg circle.diff{fill:#5f6b7a}svg circle.diff.verdict-better{fill:#1a7f37}svg circle.diff.verdict-worse{fill:#c62828}svg .zero{stroke:#1d232b;stroke-width:1.5}.runs-facts dd{margin:0 0 6px}';

function runFacts(label: string, r: CompareRunRef): string {
  return `<div><dt>Run ${label}</dt><dd><code>${escapeHtml(r.runId)}</code> · ${escapeHtml(r.createdAt.slice(0, 19).replace('T', ' '))} UTC<br><span class="muted">suite</span> <code>${escapeHtml(r.suite.path)}</code> <span class="muted" title="sha256">${escapeHtml(r.suite.sha256.slice(0, 12))}</span> · ${fmtInt(r.suite.records)} records<br><span class="muted">models</span> ${r.models.map((m) => `${escapeHtml(m.label)} <code>${escapeHtml(m.modelId)}</code>`).join(', ')}</dd></div>`;
}

function figure(s: SideFigure, kind: 'binary' | 'continuous'): string {
  const ci = s.ci ? `<br><span class="ci">[${fmtValue(s.ci.low, kind)}, ${fmtValue(s.ci.high, kind)}]</span>` : '';
  const gaps = [s.unanswered ? `${fmtInt(s.unanswered)} unanswered` : '', s.notRun ? `${fmtInt(s.notRun)} not run` : ''].filter(Boolean).join(', ');
  return `${fmtValue(s.mean, kind)}${ci}<br><span class="cov">n ${fmtInt(s.counted)}${gaps ? ` · ${gaps}` : ''}</span>`;
}

function comparisonTable(doc: CompareDocument): string {
  const rows = doc.pairs.flatMap((p) => p.metrics.map((m) => {
    const c = m.comparison;
    const ci = c.ci ? `[${fmtDiff(c.ci.low, c.kind)}, ${fmtDiff(c.ci.high, c.kind)}]` : '–';
    const leftOut = doc.records.paired - c.paired;
    const notRun = c.notRun ? `<br><span class="warn">${fmtInt(c.notRun)} not run</span>` : '';
    return `<tr data-a="${escapeAttr(p.a.key)}" data-b="${escapeAttr(p.b.key)}" data-metric="${escapeAttr(m.metric)}"><th scope="row">${escapeHtml(p.a.label)} <span class="muted">→</span> ${escapeHtml(p.b.label)}<br><span class="cov">${escapeHtml(p.a.modelId === p.b.modelId ? p.a.modelId : `${p.a.modelId} → ${p.b.modelId}`)}</span></th><td>${escapeHtml(m.metric)}</td><td class="num a">${figure(m.a, m.kind)}</td><td class="num b">${figure(m.b, m.kind)}</td><td class="num diff">${fmtDiff(c.difference, c.kind)}<br><span class="ci">${ci}</span></td><td class="num">${fmtP(c.pAdjusted)}</td><td><span class="verdict verdict-${escapeAttr(c.verdict)}">${escapeHtml(c.verdict)}</span>${notRun}</td><td class="num paired">${fmtInt(c.paired)} of ${fmtInt(doc.records.paired)}${leftOut ? `<br><span class="cov">${fmtInt(leftOut)} left out: not in the comparison for both</span>` : ''}</td></tr>`;
  }));
  const policy = doc.policy.unanswered === 'exclude' ? 'answered records only (unanswered: \'exclude\')' : 'a record one model answered and the other did not counts as a failure for the one that did not (unanswered: \'fail\')';
  return `<section id="comparison"><h2>Comparison: run B against run A</h2>
<p class="note paired-statement">${escapeHtml(doc.records.statement)}</p>
<div class="scroll"><table class="comparison"><thead><tr><th scope="col">Pair (A → B)</th><th scope="col">Metric</th><th scope="col">A (95% interval)</th><th scope="col">B (95% interval)</th><th scope="col">Difference B − A (95% interval)</th><th scope="col">p (Holm)</th><th scope="col">Verdict</th><th scope="col">n paired</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div>
<p class="note">Paired by recordId with the comparator the gate uses for gate.baselineRun, under the policy: ${policy}. A and B are each run's headline over the paired records (n: its denominator there); the difference is over the records both have in the comparison (n paired). p (Holm) is adjusted over ${escapeHtml(doc.holmFamily.covers)} (${fmtInt(doc.holmFamily.size)} with a p-value). Verdicts: better, worse, inconclusive (the data cannot tell), incomplete (records not run)${doc.policy.equivalenceMargin !== undefined ? ', equivalent (interval inside ±the equivalence margin)' : ''}.</p>
${unmatchedNote(doc)}
</section>`;
}

function unmatchedNote(doc: CompareDocument): string {
  const { a, b } = doc.unmatched;
  if (!a.length && !b.length) return '';
  const list = (keys: string[]) => (keys.length ? keys.map((k) => `<code>${escapeHtml(k)}</code>`).join(', ') : 'none');
  return `<p class="note warn unmatched">Not compared (no counterpart; pair them with --pair): run A ${list(a)}; run B ${list(b)}.</p>`;
}

function changesTable(doc: CompareDocument): string {
  const rows = doc.pairs.map((p) => {
    const c = p.changes;
    return `<tr><th scope="row">${escapeHtml(p.a.label)} → ${escapeHtml(p.b.label)}</th><td class="num">${fmtInt(c.regressed)}</td><td class="num">${fmtInt(c.fixed)}</td><td class="num">${fmtInt(c.changedText)} of ${fmtInt(c.textCompared)}</td><td class="num">${fmtInt(doc.records.paired)}</td></tr>`;
  });
  return `<section id="changes"><h2>Changed records</h2>
<div class="scroll"><table class="changes"><thead><tr><th scope="col">Pair (A → B)</th><th scope="col">Regressed</th><th scope="col">Fixed</th><th scope="col">Changed text (of both replied)</th><th scope="col">Paired records</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>
<p class="note">Regressed: some metric passed in A and failed in B; fixed: failed in A and passes in B (a record can be both, on different metrics); changed text: the same pass/fail on every metric but a different reply (an error line counts as a reply).</p></section>`;
}

/** compare.html for the document and the explorer's rows (one per changed record, two cells per pair). */
export function comparePage(doc: CompareDocument, rows: RecordRow[], flags: Map<string, number>): string {
  const models = doc.pairs.flatMap((p) => [
    { key: `A:${p.a.key}`, label: `A: ${p.a.label}`, modelId: p.a.modelId },
    { key: `B:${p.b.key}`, label: `B: ${p.b.label}`, modelId: p.b.modelId },
  ]);
  // Two pairs may share a model of one run: keys stay unique for the explorer's sort and address.
  const keys = new Set<string>();
  for (const m of models) {
    let key = m.key;
    for (let i = 2; keys.has(key); i++) key = `${m.key}#${i}`;
    keys.add(key);
    m.key = key;
  }
  const metrics = explorerMetrics(doc);
  const title = `beval compare: ${doc.runA.runId} vs ${doc.runB.runId}`;
  const meta = {
    models: models.map((m) => ({ key: m.key, label: m.label })),
    metrics: metrics.map((m) => ({ name: m.name, kind: m.kind, short: shortName(m.name) })),
    baseline: -1,
    csv: 'each run\'s records.csv',
    flags: FLAG,
    flagNames: CONTROLS.map((c) => c.flag),
  };
  const head = `${documentHead(title, `${reportStyles(models.length)}${EXTRA_STYLES}`)}
<body>
<header id="top"><h1>${escapeHtml(title)}</h1>
<dl class="facts runs-facts">${runFacts('A', doc.runA)}${runFacts('B', doc.runB)}</dl>
<nav class="toc" aria-label="Sections"><a href="#comparison">Comparison</a> <a href="#charts">Charts</a> <a href="#changes">Changed records</a> <a href="#explorer">Records</a></nav>
</header>
<main>
${comparisonTable(doc)}
${chartsSection(doc)}
${changesTable(doc)}
${explorerShell({ models: models.map((m) => ({ ...m, mode: 'batch' as const })), metrics }, CONTROLS)}
<p class="note">The explorer lists the ${fmtInt(rows.length)} records that changed in some pair (of ${fmtInt(doc.records.paired)} paired); each pair shows run A's reply, then run B's. Score reasons are not kept in results.json: each run's scores.csv has them.</p>
</main>
<script type="application/json" id="beval-meta">${jsonForScript(meta)}</script>
<script type="application/json" id="beval-rows">[`;
  const opts = resolveHtmlOptions({}, { records: rows.length, models: models.length, suitePath: doc.runB.suite.path });
  const encoder = new RowEncoder({ models: models.map((m) => ({ ...m, mode: 'batch' as const })), metrics, suite: { records: rows.length } }, opts, Buffer.byteLength(head) + TAIL_RESERVE_BYTES, (row) => flags.get(row.recordId) ?? 0);
  const body = rows.map((r) => encoder.encode(r)).join(',\n');
  return `${head}${rows.length ? `\n${body}` : ''}${pageTail(encoder.strings.list, encoder.finish())}`;
}
