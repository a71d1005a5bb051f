// Writes every report of a run from the summary and the per-model tables, streaming records in suite order.
import fs from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../types/config.ts';
import os from 'node:os';
import type { Suite } from '../suite/load-suite.ts';
import type { RunSummary } from '../types/results.ts';
import { createSummaryCsvWriter, renderJudgesCsv } from './csv/summary-csv.ts';
import type { ModelTable } from '../score/model-table.ts';
import { idsAndTags, idsRowBase, recordRows, streamedRowBase, type TableCells } from './record-rows.ts';
import { feed, needsPrompts, rowSinks, writableInParts, type RowReportFiles } from './row-sinks.ts';
import { REPORTER_NAMES, REPORTERS, type ReporterName } from './reporters.ts';
import { reportThreadGroups } from './report-threads.ts';
import { startTsWorker } from '../engine/ts-worker.ts';
import { writeAllSync } from '../write-all.ts';
import type { ReportWorkerData } from './report-worker.ts';
import type { ParquetRunInfo } from '../results/results-parquet.ts';
import { reportLink, summaryMarkdown } from './summary-md.ts';

/**
 * The report files written, by what they hold; summary.csv and results.json are always written, the others only when
 * their reporter was chosen (`--reports`, src/report/reporters.ts).
 */
export interface ReportPaths {
  summaryCsv: string;
  recordsCsv?: string;
  scoresCsv?: string;
  resultsJson: string;
  resultsParquet?: string;
  reportHtml?: string;
  /** GitHub-flavoured Markdown for a pull request or a CI job summary (src/report/summary-md.ts). */
  summaryMd?: string;
  /** The judge stage's totals (src/report/csv/summary-csv.ts), written only when the run has judges. */
  judgesCsv?: string;
}

/** Which ReportPaths member each reporter fills. */
const PATH_KEYS: Record<ReporterName, keyof ReportPaths> = {
  summary: 'summaryCsv', records: 'recordsCsv', scores: 'scoresCsv', results: 'resultsJson', parquet: 'resultsParquet', html: 'reportHtml', markdown: 'summaryMd',
};

/** The paths of the chosen reports in `dir` (every report when none are named). */
export function reportPaths(dir: string, chosen: readonly ReporterName[] = REPORTER_NAMES): ReportPaths {
  const paths: Partial<Record<keyof ReportPaths, string>> = {};
  for (const name of chosen) paths[PATH_KEYS[name]] = path.join(dir, REPORTERS[name].file);
  return paths as ReportPaths;
}

/** Below this many rows × models, a worker's start-up (loading the CSV writers) costs more than it saves. */
export const CSV_WORKER_MIN_CELLS = 20_000;

/** Options for {@link writeReports}. */
export interface WriteReportsOptions {
  /**
   * Write the per-record reports on two worker threads, the reports shared between them by estimated cost
   * (report-threads.ts; a thread with records.csv or report.html reads prompts from the suite file line by line), while
   * this thread only waits: a worker's heap is capped, so row garbage is collected eagerly instead of growing this
   * thread's heap.
   * @default true when there are 2+ cores and records × models ≥ CSV_WORKER_MIN_CELLS
   */
  csvWorker?: boolean;
  /** The reports to write (chooseReporters: summary and results always among them). @default every reporter */
  reports?: readonly ReporterName[];
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
 * Writes the chosen reports to temporary names and renames them only once all are complete; a report not chosen is
 * removed, so no file from an earlier scoring sits beside the new results. Prompts are read back from `suite.path`
 * (the suite may have been loaded without them, see lean-suite.ts).
 */
export async function writeReports(dir: string, summary: RunSummary, suite: Suite, tables: ModelTable[], config: Pick<ResolvedConfig, 'csv'>, parquet: ParquetRunInfo, opts: WriteReportsOptions = {}): Promise<ReportPaths> {
  const chosen = REPORTER_NAMES.filter((n) => REPORTERS[n].always || (opts.reports ?? REPORTER_NAMES).includes(n));
  const tmp = (name: ReporterName): string => path.join(dir, `${REPORTERS[name].file}.tmp`);
  const judgesCsv = path.join(dir, 'judges.csv');
  let withJudges: boolean;
  try {
    withJudges = await writeTemporaries(summary, suite, tables, config, parquet, opts, chosen, tmp, `${judgesCsv}.tmp`);
  } catch (error) {
    // A report that failed (a thread's error, a full disk) leaves none of this scoring's temporaries behind; the
    // reports of an earlier scoring stay as they were.
    // Cleaning up never hides why writing failed: what cannot be removed (not ours, say) is left, and the error stands.
    const temporaries = [...chosen.flatMap((name) => [tmp(name), `${tmp(name)}.part2`]), `${judgesCsv}.tmp`];
    for (const file of temporaries) {
      try {
        fs.rmSync(file, { force: true });
      } catch {
        // left in place
      }
    }
    throw error;
  }
  for (const name of REPORTER_NAMES) {
    const file = path.join(dir, REPORTERS[name].file);
    if (chosen.includes(name)) fs.renameSync(tmp(name), file);
    else fs.rmSync(file, { force: true });
  }
  // judges.csv beside summary.csv when the run has judges; one of an earlier scoring with judges that are no longer
  // configured would contradict these reports, so it goes.
  if (!withJudges) {
    fs.rmSync(judgesCsv, { force: true });
    return reportPaths(dir, chosen);
  }
  fs.renameSync(`${judgesCsv}.tmp`, judgesCsv);
  return { ...reportPaths(dir, chosen), judgesCsv };
}

/** Every chosen report under its temporary name (`tmp`), and judges.csv's when the run has judges (then true). */
async function writeTemporaries(summary: RunSummary, suite: Suite, tables: ModelTable[], config: Pick<ResolvedConfig, 'csv'>, parquet: ParquetRunInfo, opts: WriteReportsOptions, chosen: ReporterName[], tmp: (name: ReporterName) => string, judgesTmp: string): Promise<boolean> {
  await createSummaryCsvWriter(summary, fs.createWriteStream(tmp('summary')), config.csv);
  const cells: TableCells[] = tables.map((t) => ({ status: t.status, cells: t.cells }));
  const n = suite.records.length;
  const rowNames = chosen.filter((name) => REPORTERS[name].kind === 'rows');
  const filesOf = (names: ReporterName[]): RowReportFiles => Object.fromEntries(names.map((name) => [name, tmp(name)]));
  const csvWorker = opts.csvWorker ?? (os.availableParallelism() >= 2 && n * tables.length >= CSV_WORKER_MIN_CELLS);
  if (csvWorker) {
    const ids = idsAndTags(suite);
    const common = { summary, ids, tables: cells, ...(config.csv ? { csv: config.csv } : {}), parquet, suiteFile: suite.path };
    const groups = reportThreadGroups(rowNames, summary.metrics.length);
    const bucket = tables[0]?.cells.bucketRecords ?? n;
    if (groups.length === 1 && writableInParts(groups[0]!) && n >= 4 * bucket) {
      // One report thread would write while the other core idles (`--reports summary,results`): two threads write
      // the first and second half of the records, and the second part is appended to the first.
      const mid = Math.ceil(n / 2 / bucket) * bucket;
      const first = filesOf(groups[0]!);
      const second: RowReportFiles = Object.fromEntries(Object.entries(first).map(([name, file]) => [name, `${file}.part2`]));
      await allWritten([
        runReportWorker({ ...common, files: first, range: { from: 0, to: mid, first: true, last: false } }),
        runReportWorker({ ...common, files: second, range: { from: mid, to: n, first: false, last: true } }),
      ]);
      for (const name of groups[0]!) appendFileTo(first[name]!, second[name]!);
    } else await allWritten(groups.map((g) => runReportWorker({ ...common, files: filesOf(g) })));
  } else {
    const files = filesOf(rowNames);
    // Without records.csv and report.html, no row needs a prompt or an output text: skip reading them back.
    const texts = needsPrompts(files);
    const base = texts ? streamedRowBase(suite.path, suite.records.map((r) => r.recordId)) : idsRowBase(idsAndTags(suite));
    await feed(await rowSinks(summary, files, { csv: config.csv, parquet }), recordRows(n, base, cells, summary.metrics.length, texts));
  }
  if (chosen.includes('markdown')) fs.writeFileSync(tmp('markdown'), summaryMarkdown(summary, reportLink(process.env)));
  const judges = renderJudgesCsv(summary, config.csv);
  if (judges !== undefined) fs.writeFileSync(judgesTmp, judges);
  return judges !== undefined;
}

/**
 * Waits for every report thread, then fails with the first error: a thread still writing when another failed would
 * otherwise recreate a temporary after it was cleaned up.
 */
async function allWritten(threads: Promise<void>[]): Promise<void> {
  const settled = await Promise.allSettled(threads);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Appends `part` to `file` (checking every write completed) and removes it. */
function appendFileTo(file: string, part: string): void {
  const out = fs.openSync(file, 'a');
  const from = fs.openSync(part, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let n; (n = fs.readSync(from, buf, 0, buf.length, null)) > 0;) writeAllSync(out, buf.subarray(0, n), undefined, file);
  } finally {
    fs.closeSync(from);
    fs.closeSync(out);
  }
  fs.rmSync(part);
}
