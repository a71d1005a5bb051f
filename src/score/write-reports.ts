// Writes every report of a run from the summary and the per-model tables, streaming records in suite order once.
import fs from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../config/types.ts';
import type { Suite } from '../suite/load-suite.ts';
import type { RecordRow, RunSummary } from '../report/types.ts';
import type { ReportSink } from '../report/sink.ts';
import { promptText } from '../suite/batch-line.ts';
import { createSummaryCsvWriter } from '../report/csv/summary-csv.ts';
import { createRecordsCsvSink } from '../report/csv/records-csv.ts';
import { createScoresCsvSink } from '../report/csv/scores-csv.ts';
import { createHtmlReportSink } from '../report/html/html-sink.ts';
import { createResultsSink } from './results-file.ts';
import { absentCell, STATUS, type ModelTable } from './model-table.ts';
import { readBucket } from './cell-store.ts';

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

function open(file: string): fs.WriteStream {
  return fs.createWriteStream(`${file}.tmp`);
}

/** Rows in suite order, reading one bucket of every model's cells at a time from the side files. */
export function* recordRows(suite: Suite, tables: ModelTable[]): Generator<RecordRow> {
  const fds = tables.map((t) => fs.openSync(t.cells.file, 'r'));
  try {
    const metrics = tables[0]?.values.length ?? 0;
    const n = suite.records.length;
    const size = tables[0]?.cells.bucketRecords ?? n;
    for (let b = 0; b * size < n; b++) {
      const buckets = tables.map((t, k) => readBucket(t.cells, fds[k]!, b).cells);
      const start = b * size;
      for (let i = start; i < Math.min(n, start + size); i++) {
        const r = suite.records[i]!;
        yield {
          index: i,
          recordId: r.recordId,
          prompt: promptText(r.modelInput),
          ...(r.expected !== undefined ? { expected: Array.isArray(r.expected) ? r.expected.join(' | ') : r.expected } : {}),
          tags: r.tags,
          ...(r.meta ? { meta: r.meta } : {}),
          cells: tables.map((t, k) => {
            const s = t.status[i];
            const cell = s === STATUS.ok || s === STATUS.error ? buckets[k]![i - start] : undefined;
            return cell ?? absentCell(s === STATUS.notRun ? 'not-run' : 'missing', metrics);
          }),
        };
      }
    }
  } finally {
    fds.forEach((fd) => fs.closeSync(fd));
  }
}

/** Writes all five files to temporary names and renames them only once all are complete. */
export async function writeReports(dir: string, summary: RunSummary, suite: Suite, tables: ModelTable[], config: Pick<ResolvedConfig, 'csv'>): Promise<ReportPaths> {
  const paths = reportPaths(dir);
  await createSummaryCsvWriter(summary, open(paths.summaryCsv), config.csv);
  const sinks: ReportSink[] = [
    createRecordsCsvSink(summary, open(paths.recordsCsv), config.csv),
    createScoresCsvSink(summary, open(paths.scoresCsv), config.csv),
    createResultsSink(summary, open(paths.resultsJson)),
    createHtmlReportSink(summary, open(paths.reportHtml)),
  ];
  for (const row of recordRows(suite, tables)) {
    for (const sink of sinks) {
      const wait = sink.row(row);
      if (wait) await wait;
    }
  }
  await Promise.all(sinks.map((s) => s.end()));
  for (const file of Object.values(paths)) fs.renameSync(`${file}.tmp`, file);
  return paths;
}
