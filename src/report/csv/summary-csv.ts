// summary.csv: one row per model with status counts, coverage, each metric's mean and interval, tokens and cost;
// judges.csv: the judge stage's totals, apart (a `judge` row among the models would be summed with them).
// Numbers are rounded to what they mean (rates and means to 6 decimals, dollars to 6 significant digits, latencies to
// whole milliseconds); results.json keeps full precision.
import type { Writable } from 'node:stream';
import type { ModelSummary, RunSummary } from '../../types/results.ts';
import { resolveCsvOptions, UTF8_BOM, type CsvOptions } from '../csv-options.ts';
import { endStream } from '../../engine/sink.ts';
import { csvLine, type CsvCell, csvHeaderLine } from './csv-line.ts';
import { billedModeLabel } from '../mode-label.ts';

/** A rate, share or mean (0.772727…): 6 decimals, far below any interval's width. */
function rate(v: number | null | undefined): number | null | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? Math.round(v * 1e6) / 1e6 : v;
}

/** US dollars: 6 significant digits (per-record costs are fractions of a cent, run costs may be thousands). */
function usd(v: number | null | undefined): number | null | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? Number(v.toPrecision(6)) : v;
}

/** Milliseconds: whole ones. */
function ms(v: number | null | undefined): number | null | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : v;
}

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
      rate(ms.mean), rate(ms.ci?.low), rate(ms.ci?.high), ms.scored, ms.expected, ms.passed,
      rate(ms.common?.mean), rate(ms.common?.ci?.low), rate(ms.common?.ci?.high), ms.common?.scored, usd(ms.costPerPass),
      ms.scorable, ms.unanswered, ms.notRun, rate(ms.answered?.mean), rate(ms.answered?.ci?.low), rate(ms.answered?.ci?.high), verdict,
    ];
  });
  return [
    pm.model.key,
    pm.model.label,
    pm.model.modelId,
    billedModeLabel(pm),
    pm.records,
    pm.ok,
    pm.errors,
    pm.missing,
    pm.notRun,
    pm.filtered ?? 0,
    rate(coverage),
    ...metricCells,
    pm.inputTokens,
    pm.outputTokens,
    usd(pm.cost),
    rate(pm.truncationRate),
    ms(pm.latencyP50),
    ms(pm.latencyP95),
    (pm.notes ?? []).join('; '),
  ];
}

/** The whole of summary.csv as a string (small: one line per model). */
export function renderSummaryCsv(summary: RunSummary, opts?: CsvOptions): string {
  const resolved = resolveCsvOptions(opts);
  const lines = [csvHeaderLine(summaryCsvHeader(summary), resolved)];
  for (const pm of summary.perModel) lines.push(csvLine(summaryRow(summary, pm), resolved));
  return (resolved.bom ? UTF8_BOM : '') + lines.join('');
}

/** Column names of judges.csv (documented in docs/reports.md). */
export const JUDGES_CSV_HEADER = ['input_tokens', 'output_tokens', 'cost_usd', 'cached_verdicts', 'fresh_verdicts', 'unscored', 'skipped'];

/**
 * judges.csv, when the run has judges: one row, the judge stage's tokens and cost (billed apart from the models') and
 * its verdict counts. Pairwise win / tie / loss rates are the pairwise judge's metric columns in summary.csv (its
 * mean is the win rate, ties ½) and `summary.judge.pairwise` in results.json.
 */
export function renderJudgesCsv(summary: RunSummary, opts?: CsvOptions): string | undefined {
  const j = summary.judge;
  if (!j) return undefined;
  const resolved = resolveCsvOptions(opts);
  const row: CsvCell[] = [j.inputTokens, j.outputTokens, usd(j.cost), j.cachedVerdicts, j.freshVerdicts, j.unscored, j.skipped ?? 0];
  return (resolved.bom ? UTF8_BOM : '') + csvHeaderLine(JUDGES_CSV_HEADER, resolved) + csvLine(row, resolved);
}

/** Write summary.csv to `out` and end it; resolves once the data is flushed. */
export function createSummaryCsvWriter(summary: RunSummary, out: Writable, opts?: CsvOptions): Promise<void> {
  return endStream(out, renderSummaryCsv(summary, opts));
}
