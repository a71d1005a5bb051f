// Worker-thread entry: writes scores.csv and results.json from the cell side files while the main thread writes the rest.
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { RunSummary } from '../report/types.ts';
import type { CsvOptions } from '../report/csv-options.ts';
import type { ReportSink } from '../report/sink.ts';
import { createScoresCsvSink } from '../report/csv/scores-csv.ts';
import { createResultsSink } from './results-file.ts';
import { idsRowBase, recordRows, type IdsAndTags, type TableCells } from './record-rows.ts';

/** What the worker is started with (structured-cloned). `files` are the temporary names to write. */
export interface ReportWorkerData {
  summary: RunSummary;
  ids: IdsAndTags;
  tables: TableCells[];
  csv?: CsvOptions;
  files: { scoresCsv: string; resultsJson: string };
}

async function run(data: ReportWorkerData): Promise<void> {
  const sinks: ReportSink[] = [
    createScoresCsvSink(data.summary, fs.createWriteStream(data.files.scoresCsv), data.csv),
    createResultsSink(data.summary, fs.createWriteStream(data.files.resultsJson)),
  ];
  for (const row of recordRows(data.ids.recordId.length, idsRowBase(data.ids), data.tables, data.summary.metrics.length)) {
    for (const sink of sinks) {
      const wait = sink.row(row);
      if (wait) await wait;
    }
  }
  await Promise.all(sinks.map((s) => s.end()));
  parentPort!.postMessage({ kind: 'done' });
}

run(workerData as ReportWorkerData).catch((e: unknown) => {
  parentPort!.postMessage({ kind: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
});
