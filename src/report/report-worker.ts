// Worker-thread entry: writes some of the per-record reports from the cell side files (and the suite file for prompts).
import { parentPort, workerData } from 'node:worker_threads';
import type { RunSummary } from '../types/results.ts';
import type { CsvOptions } from './csv-options.ts';
import type { ParquetRunInfo } from '../results/results-parquet.ts';
import { idsRowBase, recordRows, streamedRowBase, type IdsAndTags, type TableCells } from './record-rows.ts';
import { feed, needsPrompts, rowSinks, type RowReportFiles } from './row-sinks.ts';
import type { RecordRange } from './reporters.ts';

/** What the worker is started with (structured-cloned). */
export interface ReportWorkerData {
  summary: RunSummary;
  ids: IdsAndTags;
  tables: TableCells[];
  csv?: CsvOptions;
  parquet: ParquetRunInfo;
  /** The reports this worker writes, by reporter name (temporary file names). */
  files: RowReportFiles;
  /** The validated suite.jsonl the run was scored with: read line by line when a file shows prompts. */
  suiteFile: string;
  /** Only these records, as one part of reports written in two parts (every record when absent). */
  range?: RecordRange;
}

async function run(data: ReportWorkerData): Promise<void> {
  // The files that show prompts (records.csv, report.html) are also the ones that show output texts.
  const texts = needsPrompts(data.files);
  const base = texts ? streamedRowBase(data.suiteFile, data.ids.recordId) : idsRowBase(data.ids);
  const rows = recordRows(data.range?.to ?? data.ids.recordId.length, base, data.tables, data.summary.metrics.length, texts, data.range?.from ?? 0);
  await feed(await rowSinks(data.summary, data.files, { csv: data.csv, parquet: data.parquet, range: data.range }), rows);
  parentPort!.postMessage({ kind: 'done' });
}

run(workerData as ReportWorkerData).catch((e: unknown) => {
  parentPort!.postMessage({ kind: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
});
