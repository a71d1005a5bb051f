// Writes every report of a run from the summary and the per-model tables, streaming records in suite order.
import fs from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../types/config.ts';
import os from 'node:os';
import type { Suite } from '../suite/load-suite.ts';
import type { RunSummary } from '../types/results.ts';
import { createSummaryCsvWriter, renderJudgesCsv } from './csv/summary-csv.ts';
import type { ModelTable } from '../score/model-table.ts';
import { idsAndTags, recordRows, streamedRowBase, type TableCells } from './record-rows.ts';
import { feed, rowSinks, type RowReportFiles } from './row-sinks.ts';
import { startTsWorker } from '../engine/ts-worker.ts';
import type { ReportWorkerData } from './report-worker.ts';
import type { ParquetRunInfo } from '../results/results-parquet.ts';
import { reportLink, summaryMarkdown } from './summary-md.ts';

export interface ReportPaths {
  summaryCsv: string;
  recordsCsv: string;
  scoresCsv: string;
  resultsJson: string;
  resultsParquet: string;
  reportHtml: string;
  /** GitHub-flavoured Markdown for a pull request or a CI job summary (src/report/summary-md.ts). */
  summaryMd: string;
  /** The judge stage's totals (src/report/csv/summary-csv.ts), written only when the run has judges. */
  judgesCsv?: string;
}

export function reportPaths(dir: string): ReportPaths {
  return {
    summaryCsv: path.join(dir, 'summary.csv'),
    recordsCsv: path.join(dir, 'records.csv'),
    scoresCsv: path.join(dir, 'scores.csv'),
    resultsJson: path.join(dir, 'results.json'),
    resultsParquet: path.join(dir, 'results.parquet'),
    reportHtml: path.join(dir, 'report.html'),
    summaryMd: path.join(dir, 'summary.md'),
  };
}

/** Below this many rows × models, a worker's start-up (loading the CSV writers) costs more than it saves. */
export const CSV_WORKER_MIN_CELLS = 20_000;

/** Options for {@link writeReports}. */
export interface WriteReportsOptions {
  /**
   * Write the per-record reports on two worker threads (records.csv + report.html, reading prompts from the suite
   * file line by line; scores.csv + results.json + results.parquet from ids and tags) while this thread only waits: a worker's heap is
   * capped, so row garbage is collected eagerly instead of growing this thread's heap.
   * @default true when there are 2+ cores and records × models ≥ CSV_WORKER_MIN_CELLS
   */
  csvWorker?: boolean;
}

/** The report worker's entry module. */
export const REPORT_WORKER = new URL('./report-worker.ts', import.meta.url);

async function runReportWorker(data: ReportWorkerData): Promise<void> {
  // The worker holds ids, tags and one bucket (1,024 records) of every model's parsed cells; the cap makes V8 collect
  // row garbage eagerly instead of growing the heap.
  const mb = 96 + Math.ceil(data.ids.recordId.length / 1024) + 8 * data.tables.length;
  // A 32 MiB young generation (16 is the scoring workers') scavenges half as often: row strings die young, so it cuts
  // the report phase for a little more peak RSS (docs/performance.md).
  const limits = { maxOldGenerationSizeMb: mb, maxYoungGenerationSizeMb: 32 };
  const worker = await startTsWorker(REPORT_WORKER, data, limits);
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

/**
 * Writes all six files to temporary names and renames them only once all are complete. Prompts are read back from
 * `suite.path` (the suite may have been loaded without them, see lean-suite.ts).
 */
export async function writeReports(dir: string, summary: RunSummary, suite: Suite, tables: ModelTable[], config: Pick<ResolvedConfig, 'csv'>, parquet: ParquetRunInfo, opts: WriteReportsOptions = {}): Promise<ReportPaths> {
  const paths = reportPaths(dir);
  await createSummaryCsvWriter(summary, fs.createWriteStream(`${paths.summaryCsv}.tmp`), config.csv);
  const cells: TableCells[] = tables.map((t) => ({ status: t.status, cells: t.cells }));
  const n = suite.records.length;
  const csvWorker = opts.csvWorker ?? (os.availableParallelism() >= 2 && n * tables.length >= CSV_WORKER_MIN_CELLS);
  const tmp = (file: string): string => `${file}.tmp`;
  const withPrompts: RowReportFiles = { recordsCsv: tmp(paths.recordsCsv), reportHtml: tmp(paths.reportHtml) };
  const withoutPrompts: RowReportFiles = {
    scoresCsv: tmp(paths.scoresCsv), resultsJson: tmp(paths.resultsJson), resultsParquet: { file: tmp(paths.resultsParquet), info: parquet },
  };
  if (csvWorker) {
    const ids = idsAndTags(suite);
    const common = { summary, ids, tables: cells, ...(config.csv ? { csv: config.csv } : {}), suiteFile: suite.path };
    await Promise.all([runReportWorker({ ...common, files: withPrompts }), runReportWorker({ ...common, files: withoutPrompts })]);
  } else {
    const sinks = rowSinks(summary, { ...withPrompts, ...withoutPrompts }, config.csv);
    await feed(sinks, recordRows(n, streamedRowBase(suite.path, suite.records.map((r) => r.recordId)), cells, summary.metrics.length));
  }
  fs.writeFileSync(`${paths.summaryMd}.tmp`, summaryMarkdown(summary, reportLink(process.env)));
  const judgesCsv = path.join(dir, 'judges.csv');
  const judges = renderJudgesCsv(summary, config.csv);
  if (judges !== undefined) fs.writeFileSync(`${judgesCsv}.tmp`, judges);
  // A judges.csv of an earlier scoring with judges that are no longer configured would contradict these reports.
  if (judges === undefined) fs.rmSync(judgesCsv, { force: true });
  for (const file of Object.values(paths)) fs.renameSync(`${file}.tmp`, file);
  if (judges === undefined) return paths;
  fs.renameSync(`${judgesCsv}.tmp`, judgesCsv);
  return { ...paths, judgesCsv };
}
