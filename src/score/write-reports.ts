// Writes every report of a run from the summary and the per-model tables, streaming records in suite order.
import fs from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../config/types.ts';
import os from 'node:os';
import type { Suite } from '../suite/load-suite.ts';
import type { RecordRow, RunSummary } from '../report/types.ts';
import type { ReportSink } from '../report/sink.ts';
import { createSummaryCsvWriter } from '../report/csv/summary-csv.ts';
import { createRecordsCsvSink } from '../report/csv/records-csv.ts';
import { createScoresCsvSink } from '../report/csv/scores-csv.ts';
import { createHtmlReportSink } from '../report/html/html-sink.ts';
import { createResultsSink } from './results-file.ts';
import type { ModelTable } from './model-table.ts';
import { idsAndTags, recordRows, suiteRowBase, type TableCells } from './record-rows.ts';
import { startTsWorker } from './ts-worker.ts';
import type { ReportWorkerData } from './report-worker.ts';

export interface ReportPaths {
  summaryCsv: string;
  recordsCsv: string;
  scoresCsv: string;
  resultsJson: string;
  reportHtml: string;
}

export function reportPaths(dir: string): ReportPaths {
  return {
    summaryCsv: path.join(dir, 'summary.csv'),
    recordsCsv: path.join(dir, 'records.csv'),
    scoresCsv: path.join(dir, 'scores.csv'),
    resultsJson: path.join(dir, 'results.json'),
    reportHtml: path.join(dir, 'report.html'),
  };
}

/** Below this many rows × models, a worker's start-up (~0.3 s to load tsx and the CSV writers) costs more than it saves. */
export const CSV_WORKER_MIN_CELLS = 20_000;

/** Options for {@link writeReports}. */
export interface WriteReportsOptions {
  /**
   * Write scores.csv and results.json on a worker thread while this thread writes records.csv and report.html (the
   * two that need prompts, so only ids and tags cross to the worker).
   * @default true when there are 2+ cores and records × models ≥ CSV_WORKER_MIN_CELLS
   */
  csvWorker?: boolean;
}

function open(file: string): fs.WriteStream {
  return fs.createWriteStream(`${file}.tmp`);
}

function feed(sinks: ReportSink[], rows: Iterable<RecordRow>): Promise<void> {
  return (async () => {
    for (const row of rows) {
      for (const sink of sinks) {
        const wait = sink.row(row);
        if (wait) await wait;
      }
    }
    await Promise.all(sinks.map((s) => s.end()));
  })();
}

function runReportWorker(data: ReportWorkerData): Promise<void> {
  // The worker holds ids, tags and one bucket (1,024 records) of every model's parsed cells, ~3 MB per model at
  // 700-character outputs; the cap makes V8 collect row garbage eagerly instead of growing the heap.
  const mb = 96 + Math.ceil(data.ids.recordId.length / 1024) + 8 * data.tables.length;
  const limits = { maxOldGenerationSizeMb: mb, maxYoungGenerationSizeMb: 16 };
  const worker = startTsWorker(new URL('./report-worker.ts', import.meta.url), data, limits);
  return new Promise((resolve, reject) => {
    let done = false;
    worker.on('message', (m: { kind: 'done' } | { kind: 'error'; message: string }) => {
      if (m.kind === 'error') reject(new Error(`report worker failed: ${m.message}`));
      else done = true;
    });
    worker.on('error', reject);
    worker.on('exit', (code) => (done ? resolve() : reject(new Error(`report worker exited (code ${code}) before finishing`))));
  });
}

/** Writes all five files to temporary names and renames them only once all are complete. */
export async function writeReports(dir: string, summary: RunSummary, suite: Suite, tables: ModelTable[], config: Pick<ResolvedConfig, 'csv'>, opts: WriteReportsOptions = {}): Promise<ReportPaths> {
  const paths = reportPaths(dir);
  await createSummaryCsvWriter(summary, open(paths.summaryCsv), config.csv);
  const cells: TableCells[] = tables.map((t) => ({ status: t.status, cells: t.cells }));
  const metrics = summary.metrics.length;
  const n = suite.records.length;
  const csvWorker = opts.csvWorker ?? (os.availableParallelism() >= 2 && n * tables.length >= CSV_WORKER_MIN_CELLS);
  const main: ReportSink[] = [createRecordsCsvSink(summary, open(paths.recordsCsv), config.csv), createHtmlReportSink(summary, open(paths.reportHtml))];
  if (csvWorker) {
    const files = { scoresCsv: `${paths.scoresCsv}.tmp`, resultsJson: `${paths.resultsJson}.tmp` };
    const data: ReportWorkerData = { summary, ids: idsAndTags(suite), tables: cells, ...(config.csv ? { csv: config.csv } : {}), files };
    await Promise.all([runReportWorker(data), feed(main, recordRows(n, suiteRowBase(suite), cells, metrics))]);
  } else {
    const rest = [createScoresCsvSink(summary, open(paths.scoresCsv), config.csv), createResultsSink(summary, open(paths.resultsJson))];
    await feed([...main, ...rest], recordRows(n, suiteRowBase(suite), cells, metrics));
  }
  for (const file of Object.values(paths)) fs.renameSync(`${file}.tmp`, file);
  return paths;
}
