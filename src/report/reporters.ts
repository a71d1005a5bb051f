// Every report file of a run as a named reporter (vitest's ReportersMap is the model): `beval score --reports <names>`
// picks some by name, write-reports.ts writes the ones picked. Row reporters are created by name inside the report
// worker threads too, so this table is the one list of report files.
import type { RunSummary } from '../types/results.ts';
import type { CsvOptions } from './csv-options.ts';
import type { ReportSink } from '../engine/sink.ts';
import { SyncFileStream } from '../engine/sync-file-stream.ts';
import type { ParquetRunInfo } from '../results/results-parquet.ts';
import { BevalError } from '../errors.ts';
import type { CellParts } from '../engine/cell-codec.ts';

/**
 * The records one part of a report holds when two threads write it in two parts joined in order: [from, to), with
 * the head in the first part and the tail in the last.
 */
export interface RecordRange {
  from: number;
  to: number;
  first: boolean;
  last: boolean;
}

/** What a row reporter may need beyond the summary (plain data: it crosses to the report worker threads). */
export interface RowReporterContext {
  csv?: CsvOptions;
  parquet: ParquetRunInfo;
  /** Set only for a reporter that can be written in parts (`inParts`). */
  range?: RecordRange;
}

interface ReporterBase {
  /** The file it writes in the run directory. */
  file: string;
  /** Always written, whatever `--reports` says: `beval gate`, `compare`, `runs` and `history` read it. */
  always: boolean;
  /** One line for `--reports` errors and the docs. */
  describe: string;
}

/** Written from the summary alone, in the main thread. */
export interface SummaryReporter extends ReporterBase {
  kind: 'summary';
}

/**
 * Fed every record's row in suite order; `prompts`: its rows carry prompts and output texts (read back from files).
 * `sink` loads its writer's module only when the report is written: loading every writer up front (hyparquet-writer
 * alone ~70 ms) slowed the start of every command and report thread, whichever reports were chosen.
 */
export interface RowReporter extends ReporterBase {
  kind: 'rows';
  prompts: boolean;
  /** Its rows show each score's reason. */
  reasons: boolean;
  /** Its file can be written as two record ranges by two threads and joined (see RecordRange). */
  inParts?: true;
  /**
   * Its writer's CPU time, in µs per record × model and per record × model × metric: the report threads' CPU profiles
   * of `beval score --reports …` on GSM8K 10k × 4 with three metrics (docs/performance.md), to share the reports
   * between the report threads evenly (report-threads.ts). Only the ratios matter. For a report that shows prompts,
   * the cost beside the other such report (they share reading prompts and output texts back).
   */
  cost: { perCell: number; perScore: number };
  sink(summary: RunSummary, tmpFile: string, ctx: RowReporterContext): Promise<ReportSink>;
}

export type Reporter = SummaryReporter | RowReporter;

/** The names `--reports` takes, in the order reports are written and printed. */
export const REPORTER_NAMES = ['summary', 'records', 'scores', 'results', 'parquet', 'html', 'markdown'] as const;

export type ReporterName = (typeof REPORTER_NAMES)[number];

export const REPORTERS: Record<ReporterName, Reporter> = {
  summary: { kind: 'summary', file: 'summary.csv', always: true, describe: 'one row per model' },
  records: {
    kind: 'rows', file: 'records.csv', always: false, prompts: true, reasons: false, describe: 'one row per record with every output text', cost: { perCell: 6, perScore: 0 },
    sink: async (summary, file, ctx) => (await import('./csv/records-csv.ts')).createRecordsCsvSink(summary, new SyncFileStream(file), ctx.csv),
  },
  scores: {
    kind: 'rows', file: 'scores.csv', always: false, prompts: false, reasons: true, describe: 'one row per record × model × metric', cost: { perCell: 0, perScore: 2 },
    sink: async (summary, file, ctx) => (await import('./csv/scores-csv.ts')).createScoresCsvSink(summary, new SyncFileStream(file), ctx.csv),
  },
  results: {
    kind: 'rows', file: 'results.json', always: true, prompts: false, reasons: false, inParts: true, describe: 'the summary and every score, read by gate, compare and runs', cost: { perCell: 4.5, perScore: 0 },
    sink: async (summary, file, ctx) => (await import('../results/results-file.ts')).createResultsSink(summary, new SyncFileStream(file), ctx.range),
  },
  parquet: {
    kind: 'rows', file: 'results.parquet', always: false, prompts: false, reasons: true, describe: 'every score as a typed table', cost: { perCell: 0, perScore: 9 },
    sink: async (summary, file, ctx) => (await import('../results/results-parquet.ts')).createResultsParquetSink(summary, ctx.parquet, file),
  },
  html: {
    kind: 'rows', file: 'report.html', always: false, prompts: true, reasons: true, describe: 'the offline HTML report with every output', cost: { perCell: 19, perScore: 0 },
    sink: async (summary, file) => (await import('./html/html-sink.ts')).createHtmlReportSink(summary, new SyncFileStream(file)),
  },
  markdown: { kind: 'summary', file: 'summary.md', always: false, describe: 'Markdown summary for a pull request or CI job' },
};

function isReporterName(name: string): name is ReporterName {
  return (REPORTER_NAMES as readonly string[]).includes(name);
}

/**
 * The reporters `--reports` chose: comma-separated names (or file names), in table order, with summary and results
 * added (they are always written). Undefined or empty: every reporter.
 */
export function chooseReporters(given: string | readonly string[] | undefined): ReporterName[] {
  const parts = (Array.isArray(given) ? given : [given ?? '']).flatMap((g: string) => g.split(',')).map((s) => s.trim()).filter(Boolean);
  if (!parts.length) return [...REPORTER_NAMES];
  const chosen = new Set<ReporterName>();
  for (const part of parts) {
    const name = isReporterName(part) ? part : REPORTER_NAMES.find((n) => REPORTERS[n].file === part);
    if (!name) {
      const known = REPORTER_NAMES.map((n) => `${n} (${REPORTERS[n].file})`).join(', ');
      throw new BevalError('USAGE', `--reports: unknown report "${part}"; choose from ${known}. summary and results are always written.`);
    }
    chosen.add(name);
  }
  return REPORTER_NAMES.filter((n) => REPORTERS[n].always || chosen.has(n));
}

/** What scoring must keep in the cell side files for `reports` to be written: texts and reasons only when one reads them. */
export function cellPartsFor(reports: readonly ReporterName[]): CellParts {
  const rows = reports.map((n) => REPORTERS[n]).filter((r): r is RowReporter => r.kind === 'rows');
  return { text: rows.some((r) => r.prompts), reasons: rows.some((r) => r.reasons) };
}
