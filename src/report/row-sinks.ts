// The four per-record reports as sinks, and feeding rows to them with backpressure (shared by both report threads).
import type { RecordRow, RunSummary } from '../types/results.ts';
import type { CsvOptions } from './csv-options.ts';
import type { ReportSink } from '../engine/sink.ts';
import { createRecordsCsvSink } from './csv/records-csv.ts';
import { createScoresCsvSink } from './csv/scores-csv.ts';
import { createHtmlReportSink } from './html/html-sink.ts';
import { createResultsSink } from '../results/results-file.ts';
import { SyncFileStream } from '../engine/sync-file-stream.ts';
import { createResultsParquetSink, type ParquetRunInfo } from '../results/results-parquet.ts';

/** Where to write each per-record report (temporary names); a thread writes the ones it is given. */
export interface RowReportFiles {
  recordsCsv?: string;
  reportHtml?: string;
  scoresCsv?: string;
  resultsJson?: string;
  /** results.parquet, with what it needs beyond the summary. */
  resultsParquet?: { file: string; info: ParquetRunInfo };
}

/** records.csv and report.html show prompts; scores.csv, results.json and results.parquet need only ids, tags and cells. */
export function needsPrompts(files: RowReportFiles): boolean {
  return files.recordsCsv !== undefined || files.reportHtml !== undefined;
}

export function rowSinks(summary: RunSummary, files: RowReportFiles, csv: CsvOptions | undefined): ReportSink[] {
  const sinks: ReportSink[] = [];
  if (files.recordsCsv) sinks.push(createRecordsCsvSink(summary, new SyncFileStream(files.recordsCsv), csv));
  if (files.reportHtml) sinks.push(createHtmlReportSink(summary, new SyncFileStream(files.reportHtml)));
  if (files.scoresCsv) sinks.push(createScoresCsvSink(summary, new SyncFileStream(files.scoresCsv), csv));
  if (files.resultsJson) sinks.push(createResultsSink(summary, new SyncFileStream(files.resultsJson)));
  if (files.resultsParquet) sinks.push(createResultsParquetSink(summary, files.resultsParquet.info, files.resultsParquet.file));
  return sinks;
}

/** Feeds every row to every sink in order, waiting whenever a sink asks to, then ends them all. */
export async function feed(sinks: ReportSink[], rows: Iterable<RecordRow>): Promise<void> {
  for (const row of rows) {
    for (const sink of sinks) {
      const wait = sink.row(row);
      if (wait) await wait;
    }
  }
  await Promise.all(sinks.map((s) => s.end()));
}
