// Worker-thread entry: writes records.csv and scores.csv from the cell side files while the main thread writes the rest.
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { RunSummary } from '../report/types.ts';
import type { CsvOptions } from '../report/csv-options.ts';
import type { ReportSink } from '../report/sink.ts';
import { createRecordsCsvSink } from '../report/csv/records-csv.ts';
import { createScoresCsvSink } from '../report/csv/scores-csv.ts';
import { recordRows, type RowStatics, type TableCells } from './record-rows.ts';

/** What the worker is started with (structured-cloned). `files` are the temporary names to write. */
export interface CsvWorkerData {
  summary: RunSummary;
  statics: RowStatics;
  tables: TableCells[];
  csv?: CsvOptions;
  files: { recordsCsv: string; scoresCsv: string };
}

async function run(data: CsvWorkerData): Promise<void> {
  const sinks: ReportSink[] = [
    createRecordsCsvSink(data.summary, fs.createWriteStream(data.files.recordsCsv), data.csv),
    createScoresCsvSink(data.summary, fs.createWriteStream(data.files.scoresCsv), data.csv),
  ];
  for (const row of recordRows(data.statics, data.tables, data.summary.metrics.length)) {
    for (const sink of sinks) {
      const wait = sink.row(row);
      if (wait) await wait;
    }
  }
  await Promise.all(sinks.map((s) => s.end()));
  parentPort!.postMessage({ kind: 'done' });
}

run(workerData as CsvWorkerData).catch((e: unknown) => {
  parentPort!.postMessage({ kind: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
});
