// summary.csv: one row per model with status counts, coverage, each metric's mean and interval, tokens and cost.
import type { Writable } from 'node:stream';
import type { ModelSummary, RunSummary } from '../../types/results.ts';
import { resolveCsvOptions, UTF8_BOM, type CsvOptions } from '../csv-options.ts';
import { endStream } from '../../engine/sink.ts';
import { csvLine, type CsvCell, csvHeaderLine } from './csv-line.ts';
import { pairwiseLine, verdictCounts } from '../html/judge-section.ts';

/** Per-metric column suffixes, in order (documented in docs/reports.md). */
const METRIC_COLUMNS = [
  'mean', 'ci_low', 'ci_high', 'scored', 'expected', 'passed', 'common_mean', 'common_ci_low', 'common_ci_high', 'common_scored', 'cost_per_pass_usd',
  'scorable', 'unanswered', 'not_run', 'answered_mean', 'answered_ci_low', 'answered_ci_high', 'verdict',
];

/** Column names of summary.csv, in order (documented in docs/reports.md). */
export function summaryCsvHeader(summary: RunSummary): string[] {
  const head = ['model', 'label', 'model_id', 'mode', 'records', 'ok', 'errors', 'missing', 'not_run', 'filtered', 'coverage'];
  const metricCols = summary.metrics.flatMap((m) =>
    METRIC_COLUMNS.map((suffix) => `${m.name}:${suffix}`),
  );
  const tail = ['input_tokens', 'output_tokens', 'cost_usd', 'truncation_rate', 'latency_p50_ms', 'latency_p95_ms', 'notes'];
  return [...head, ...metricCols, ...tail];
}

function summaryRow(summary: RunSummary, pm: ModelSummary): CsvCell[] {
  const coverage = pm.records > 0 ? pm.ok / pm.records : null;
  const metricCells = summary.metrics.flatMap((info): CsvCell[] => {
    const ms = pm.metrics.find((m) => m.metric === info.name);
    if (!ms) return new Array<CsvCell>(METRIC_COLUMNS.length).fill(null);
    // The verdict against the baseline, in the words of the terminal and report.html.
    const verdict = pm.model.key === summary.baseline ? 'baseline' : summary.comparisons.find((c) => c.candidate === pm.model.key && c.metric === info.name)?.verdict;
    return [
      ms.mean, ms.ci?.low, ms.ci?.high, ms.scored, ms.expected, ms.passed, ms.common?.mean, ms.common?.ci?.low, ms.common?.ci?.high, ms.common?.scored, ms.costPerPass,
      ms.scorable, ms.unanswered, ms.notRun, ms.answered?.mean, ms.answered?.ci?.low, ms.answered?.ci?.high, verdict,
    ];
  });
  return [
    pm.model.key,
    pm.model.label,
    pm.model.modelId,
    pm.model.mode,
    pm.records,
    pm.ok,
    pm.errors,
    pm.missing,
    pm.notRun,
    pm.filtered ?? 0,
    coverage,
    ...metricCells,
    pm.inputTokens,
    pm.outputTokens,
    pm.cost,
    pm.truncationRate,
    pm.latencyP50,
    pm.latencyP95,
    (pm.notes ?? []).join('; '),
  ];
}

/** The judge stage as a last row (model `judge`): its tokens and cost apart from the models', counts and pairwise rates in notes. */
function judgeRow(summary: RunSummary): CsvCell[] | undefined {
  const j = summary.judge;
  if (!j) return undefined;
  const width = summaryCsvHeader(summary).length;
  const row = new Array<CsvCell>(width).fill(null);
  row[0] = 'judge';
  row[1] = 'judge stage';
  row[3] = 'batch';
  row[width - 7] = j.inputTokens;
  row[width - 6] = j.outputTokens;
  row[width - 5] = j.cost;
  row[width - 1] = [verdictCounts(j), ...(j.pairwise ?? []).map(pairwiseLine)].join('; ');
  return row;
}

/** The whole of summary.csv as a string (small: one line per model, plus a `judge` row when judges ran). */
export function renderSummaryCsv(summary: RunSummary, opts?: CsvOptions): string {
  const resolved = resolveCsvOptions(opts);
  const lines = [csvHeaderLine(summaryCsvHeader(summary), resolved)];
  for (const pm of summary.perModel) lines.push(csvLine(summaryRow(summary, pm), resolved));
  const judge = judgeRow(summary);
  if (judge) lines.push(csvLine(judge, resolved));
  return (resolved.bom ? UTF8_BOM : '') + lines.join('');
}

/** Write summary.csv to `out` and end it; resolves once the data is flushed. */
export function createSummaryCsvWriter(summary: RunSummary, out: Writable, opts?: CsvOptions): Promise<void> {
  return endStream(out, renderSummaryCsv(summary, opts));
}
