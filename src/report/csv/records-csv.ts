// records.csv: the wide table, one row per record with a column group per model (status, output, scores...).
import type { Writable } from 'node:stream';
import type { RecordCell, RecordRow, RunSummary } from '../../types/results.ts';
import { resolveCsvOptions, UTF8_BOM, type CsvOptions } from '../csv-options.ts';
import type { ReportSink } from '../../engine/sink.ts';
import { CsvRowWriter, type CsvCell, csvHeaderLine } from './csv-line.ts';

/** Column names of records.csv, in order (documented in docs/reports.md). */
export function recordsCsvHeader(summary: RunSummary): string[] {
  const perModel = summary.models.flatMap((model) => [
    `${model.key}:status`,
    `${model.key}:output`,
    `${model.key}:stop_reason`,
    `${model.key}:error`,
    `${model.key}:input_tokens`,
    `${model.key}:output_tokens`,
    `${model.key}:latency_ms`,
    ...summary.metrics.map((metric) => `${model.key}:${metric.name}`),
  ]);
  return ['record_id', 'tags', 'prompt', 'expected', ...perModel, 'meta'];
}

function modelCells(cell: RecordCell | undefined, metricCount: number): CsvCell[] {
  if (!cell) return [null, null, null, null, null, null, null, ...new Array<CsvCell>(metricCount).fill(null)];
  const error = cell.error ? `${cell.error.code}: ${cell.error.message}` : null;
  const scores: CsvCell[] = [];
  for (let i = 0; i < metricCount; i++) scores.push(cell.scores[i]?.value ?? null);
  return [cell.status, cell.text, cell.stopReason, error, cell.inputTokens, cell.outputTokens, cell.latencyMs, ...scores];
}

/** The records.csv line for one row. Tags are joined with `;`; meta is JSON. */
export function recordsCsvRow(summary: RunSummary, row: RecordRow): CsvCell[] {
  const cells: CsvCell[] = [row.recordId, row.tags.join(';'), row.prompt, row.expected];
  summary.models.forEach((_, i) => cells.push(...modelCells(row.cells[i], summary.metrics.length)));
  cells.push(row.meta === undefined ? null : JSON.stringify(row.meta));
  return cells;
}

/** A sink writing records.csv; the header goes out with the first row (or at end for an empty run). */
export function createRecordsCsvSink(summary: RunSummary, out: Writable, opts?: CsvOptions): ReportSink {
  const resolved = resolveCsvOptions(opts);
  const writer = new CsvRowWriter(out, resolved);
  writer.raw((resolved.bom ? UTF8_BOM : '') + csvHeaderLine(recordsCsvHeader(summary), resolved));
  return {
    row: (row) => writer.row(recordsCsvRow(summary, row)),
    end: () => writer.end(),
  };
}
