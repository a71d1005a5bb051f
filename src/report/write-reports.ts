// The one place that touches the file system for reports: opens the files and feeds every sink each row once.
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecordRow, RunSummary } from './types.ts';
import type { CsvOptions } from './csv-options.ts';
import type { ReportSink } from './sink.ts';
import { createSummaryCsvWriter } from './csv/summary-csv.ts';
import { createRecordsCsvSink } from './csv/records-csv.ts';
import { createScoresCsvSink } from './csv/scores-csv.ts';
import { createHtmlReportSink } from './html/html-sink.ts';
import type { HtmlReportOptions } from './html/html-options.ts';

/** Options for writeReports. */
export interface WriteReportsOptions {
  /** Directory for the files; created if missing. */
  dir: string;
  summary: RunSummary;
  /** The records in suite order; iterated exactly once. */
  rows: Iterable<RecordRow> | AsyncIterable<RecordRow>;
  csv?: CsvOptions;
  html?: HtmlReportOptions;
  /** Skip report.html (CSV only). @default false */
  skipHtml?: boolean;
}

/** Paths of the files written. */
export interface ReportFiles {
  summaryCsv: string;
  recordsCsv: string;
  scoresCsv: string;
  html?: string;
}

/** One sink that forwards each row to several, waiting for any of them that applies backpressure. */
export function fanOut(sinks: ReportSink[]): ReportSink {
  return {
    async row(row) {
      const pending: Promise<void>[] = [];
      for (const sink of sinks) {
        const p = sink.row(row);
        if (p) pending.push(p);
      }
      if (pending.length > 0) await Promise.all(pending);
    },
    async end() {
      await Promise.all(sinks.map((s) => s.end()));
    },
  };
}

/** Write summary.csv, records.csv, scores.csv and report.html into `dir`. */
export async function writeReports(opts: WriteReportsOptions): Promise<ReportFiles> {
  await mkdir(opts.dir, { recursive: true });
  const files: ReportFiles = {
    summaryCsv: join(opts.dir, 'summary.csv'),
    recordsCsv: join(opts.dir, 'records.csv'),
    scoresCsv: join(opts.dir, 'scores.csv'),
  };
  await createSummaryCsvWriter(opts.summary, createWriteStream(files.summaryCsv), opts.csv);
  const sinks = [
    createRecordsCsvSink(opts.summary, createWriteStream(files.recordsCsv), opts.csv),
    createScoresCsvSink(opts.summary, createWriteStream(files.scoresCsv), opts.csv),
  ];
  if (!opts.skipHtml) {
    files.html = join(opts.dir, 'report.html');
    sinks.push(createHtmlReportSink(opts.summary, createWriteStream(files.html), opts.html));
  }
  const sink = fanOut(sinks);
  for await (const row of opts.rows) {
    const p = sink.row(row);
    if (p) await p;
  }
  await sink.end();
  return files;
}
