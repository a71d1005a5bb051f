// The per-record reports as sinks, and feeding rows to them with backpressure (shared by both report threads).
import type { RecordRow, RunSummary } from '../types/results.ts';
import type { CsvOptions } from './csv-options.ts';
import type { ReportSink } from '../engine/sink.ts';
import type { ParquetRunInfo } from '../results/results-parquet.ts';
import { REPORTER_NAMES, REPORTERS, type RecordRange, type ReporterName, type RowReporter } from './reporters.ts';

/** Where to write each chosen row report (temporary names), by reporter name; a thread writes the ones it is given. */
export type RowReportFiles = Partial<Record<ReporterName, string>>;

function rowReporter(name: ReporterName): RowReporter {
  const r = REPORTERS[name];
  if (r.kind !== 'rows') throw new Error(`${name} (${r.file}) is not a per-record report`);
  return r;
}

/** records.csv and report.html show prompts; scores.csv, results.json and results.parquet need only ids, tags and cells. */
export function needsPrompts(files: RowReportFiles): boolean {
  return REPORTER_NAMES.some((n) => files[n] !== undefined && rowReporter(n).prompts);
}

/** Whether each of these reports can be written as two record ranges joined in order (RecordRange). */
export function writableInParts(names: readonly ReporterName[]): boolean {
  return names.every((n) => rowReporter(n).inParts === true);
}

export function rowSinks(summary: RunSummary, files: RowReportFiles, ctx: { csv?: CsvOptions | undefined; parquet?: ParquetRunInfo; range?: RecordRange | undefined } = {}): Promise<ReportSink[]> {
  return Promise.all(REPORTER_NAMES.flatMap((name) => {
    const file = files[name];
    if (file === undefined) return [];
    if (name === 'parquet' && !ctx.parquet) throw new Error('results.parquet needs the run\'s config hash and prices');
    const reporter = rowReporter(name);
    if (ctx.range && !reporter.inParts) throw new Error(`${reporter.file} cannot be written in parts`);
    return [reporter.sink(summary, file, { ...(ctx.csv ? { csv: ctx.csv } : {}), parquet: ctx.parquet!, ...(ctx.range ? { range: ctx.range } : {}) })];
  }));
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
