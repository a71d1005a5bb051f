// summary.md: the run for a pull request (GitHub-flavoured Markdown): the verdict in one line, the gate table per
// candidate × rule with its numbers, the per-model headline, and where the full report is. The same one-line verdict
// ends `beval run` on the terminal. Labels and metric names come from the config: escaped, never trusted as Markdown.
import type { Comparison, GateVerdictRow, MetricSummary, RunSummary } from '../types/results.ts';
import { fmtCost, fmtDiff, fmtP, fmtValue } from './html/format.ts';
import { billedModeLabel } from './mode-label.ts';

export interface SummaryGate {
  verdict: string;
  /** The gate's baseline key (key@runId for a baseline from an earlier run). */
  baseline: string;
  rows: readonly GateVerdictRow[];
}

export interface SummaryMdOptions {
  /** The gate as `beval gate` evaluated it (a baselineRun gate); default: the summary's own. */
  gate?: SummaryGate;
  /** Where the full report can be opened (an artifact or workflow-run URL), when known. */
  reportUrl?: string;
}

/**
 * Where the full report is, from the environment: BEVAL_REPORT_URL when the pipeline knows the artifact's address,
 * else on GitHub Actions the workflow run's page (its artifacts are listed there).
 */
export function reportLink(env: Record<string, string | undefined>): Pick<SummaryMdOptions, 'reportUrl'> {
  if (env.BEVAL_REPORT_URL) return { reportUrl: env.BEVAL_REPORT_URL };
  if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID) return { reportUrl: `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` };
  return {};
}

/** Text safe inside a Markdown table cell and inline: no markup, no HTML, no line break, no pipe. */
export function mdText(text: string): string {
  // Backslash-escaping these is enough in GFM: no emphasis, code, link, HTML, table cell end or entity can start.
  return text.replace(/[\r\n\t]+/g, ' ').replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`).replace(/^[#+=-]/, (c) => `\\${c}`);
}

const label = (summary: RunSummary, key: string) => summary.models.find((m) => m.key === key)?.label ?? key;

function metricKind(summary: RunSummary, metric: string): 'binary' | 'continuous' {
  return summary.metrics.find((m) => m.name === metric)?.kind ?? 'continuous';
}

/** The first metric's comparisons, the strongest claim first: which model is ahead on what, by how much. */
function headline(summary: RunSummary): string {
  const metric = summary.metrics[0];
  if (!metric || !summary.baseline) return `${summary.perModel.length} model(s), ${summary.suite.records} records.`;
  const cs = summary.comparisons.filter((c) => c.metric === metric.name && c.difference !== null);
  if (!cs.length) return `${summary.perModel.length} model(s) on ${summary.suite.records} records; nothing to compare with the baseline on ${metric.name}.`;
  const best = [...cs].sort((x, y) => (y.difference ?? 0) - (x.difference ?? 0))[0]!;
  return comparisonSentence(summary, best);
}

function comparisonSentence(summary: RunSummary, c: Comparison): string {
  const kind = c.kind;
  const ci = c.ci ? ` [${fmtDiff(c.ci.low, kind)}, ${fmtDiff(c.ci.high, kind)}]` : '';
  // The verb is the verdict's claim, not the sign of the difference: a higher mean whose interval spans zero is not "ahead".
  const relation = c.verdict === 'better' ? 'is ahead of' : c.verdict === 'worse' ? 'is behind' : c.verdict === 'equivalent' ? 'is equivalent to' : 'cannot yet be told apart from';
  return `${label(summary, c.candidate)} ${relation} ${label(summary, c.baseline)} on ${c.metric}: ${fmtValue(c.candidateMean, kind)} vs ${fmtValue(c.baselineMean, kind)}, ${fmtDiff(c.difference, kind)}${ci} (95% interval, ${c.paired} paired records; ${c.verdict}, adj. p ${fmtP(c.pAdjusted ?? c.pValue)}).`;
}

/**
 * One line: the gate's verdict and its deciding row when there is a gate, else which model is ahead on the first
 * metric. Plain text (the terminal prints it; summary.md escapes it).
 */
export function verdictLine(summary: RunSummary, gate?: SummaryGate): string {
  if (!gate) return headline(summary);
  const deciding = gate.rows.find((r) => r.verdict === gate.verdict && r.verdict !== 'pass') ?? gate.rows[0];
  const why = deciding ? `: ${deciding.candidate} ${deciding.metric} ${deciding.rule}: ${deciding.evidence}` : ': no candidate to compare';
  return `Gate ${gate.verdict.toUpperCase()} against ${gate.baseline} (${gate.rows.length} check${gate.rows.length === 1 ? '' : 's'})${why}. ${headline(summary)}`;
}

const ICON: Record<string, string> = { pass: '✅', regression: '❌', inconclusive: '⚠️' };

function gateTable(summary: RunSummary, gate: SummaryGate): string[] {
  const head = '| candidate | metric | rule | verdict | difference | 95% interval | margin | coverage | adj. p |';
  const rows = gate.rows.map((r) => {
    const n = r.numbers ?? {};
    const kind = metricKind(summary, r.metric);
    const ci = n.ci ? `${fmtDiff(n.ci.low, kind)} … ${fmtDiff(n.ci.high, kind)}` : '';
    const margin = n.margin !== undefined ? fmtDiff(-n.margin, kind) : n.maxRatio !== undefined ? `≤ ${n.maxRatio}×${n.ratio !== null && n.ratio !== undefined ? ` (${n.ratio.toFixed(3)}×)` : ''}` : '';
    const coverage = n.coverage !== undefined && n.coverage !== null ? `${(n.coverage * 100).toFixed(1)}%${n.minCoverage !== undefined && n.minCoverage !== null ? ` (min ${(n.minCoverage * 100).toFixed(1)}%)` : ''}` : '';
    return `| ${mdText(label(summary, r.candidate))} | ${mdText(r.metric)} | ${mdText(r.rule)} | ${ICON[r.verdict] ?? ''} ${mdText(r.verdict)} | ${n.difference !== undefined ? fmtDiff(n.difference, kind) : ''} | ${ci} | ${margin} | ${coverage} | ${n.p !== undefined ? fmtP(n.p) : ''} |`;
  });
  return [head, '|---|---|---|---|---:|---|---:|---:|---:|', ...rows];
}

function scoreCell(m: MetricSummary | undefined): string {
  if (!m || m.mean === null) return '–';
  return m.ci ? `${fmtValue(m.mean, m.kind)} [${fmtValue(m.ci.low, m.kind)}, ${fmtValue(m.ci.high, m.kind)}]` : fmtValue(m.mean, m.kind);
}

function modelTable(summary: RunSummary): string[] {
  const metrics = summary.metrics.map((m) => m.name);
  const head = `| model | records | answered | errors | not run | ${metrics.map(mdText).map((m) => `${m} [95% CI]`).join(' | ')}${metrics.length ? ' | ' : ''}cost |`;
  const align = `|---|---:|---:|---:|---:|${metrics.map(() => '---|').join('')}---:|`;
  const rows = summary.perModel.map((p) => {
    const base = p.model.key === summary.baseline ? ' (baseline)' : '';
    const cells = metrics.map((name) => {
      const m = p.metrics.find((x) => x.metric === name);
      return `${scoreCell(m)}${m ? ` · ${m.scored}/${m.expected}` : ''}`;
    });
    // The cost says its modes only when a rerun went the other way (this table names no mode otherwise).
    return `| ${mdText(p.model.label)}${base} | ${p.records} | ${p.ok} | ${p.errors + p.missing} | ${p.notRun} | ${cells.join(' | ')}${cells.length ? ' | ' : ''}${fmtCost(p.cost)}${p.billedByMode ? ` (${mdText(billedModeLabel(p))})` : ''} |`;
  });
  return [head, align, ...rows];
}

/** The gate results.json carries (a gate on a model of the run itself), with its baseline; undefined without one. */
export function summaryGate(summary: RunSummary): SummaryGate | undefined {
  return summary.gate ? { ...summary.gate, baseline: summary.baseline ?? '' } : undefined;
}

export function summaryMarkdown(summary: RunSummary, opts: SummaryMdOptions = {}): string {
  const gate = opts.gate ?? summaryGate(summary);
  const title = gate ? `${ICON[gate.verdict] ?? ''} beval gate: **${mdText(gate.verdict.toUpperCase())}**` : 'beval results';
  const lines = [
    `### ${title} · run \`${mdText(summary.runId)}\``,
    '',
    mdText(verdictLine(summary, gate)),
    '',
  ];
  if (gate) {
    lines.push(`#### Gate against ${mdText(gate.baseline)}`, '');
    if (gate.rows.length) lines.push(...gateTable(summary, gate), '');
    else lines.push('No candidate to compare: the gate checked nothing.', '');
    lines.push('Difference = candidate − baseline, paired by record; a rule passes when the whole 95% interval lies above −margin.', '');
  }
  lines.push('#### Models', '', ...modelTable(summary), '');
  // The suite's file name only: its absolute path names the CI runner's folders.
  const selection = summary.suite.selection ? ` (${mdText(summary.suite.selection)})` : '';
  lines.push(`${summary.suite.records} records${selection} from ${mdText(summary.suite.path.split(/[\\/]/).pop() ?? '')}. Full figures: \`report.html\`, \`results.json\` and the CSVs in the run directory${opts.reportUrl ? ` ([the report](${encodeURI(opts.reportUrl).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16)}`)}))` : ''}.`, '');
  return lines.join('\n');
}
