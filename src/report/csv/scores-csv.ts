// scores.csv: the long table, one line per (record, model, scorer) that produced a score, with its reason.
import type { Writable } from 'node:stream';
import type { RunSummary } from '../../types/results.ts';
import { resolveCsvOptions, UTF8_BOM, type CsvOptions } from '../csv-options.ts';
import type { ReportSink } from '../../engine/sink.ts';
import { csvField, CsvRowWriter, csvHeaderLine } from './csv-line.ts';

/** Column names of scores.csv, in order. */
export const SCORES_CSV_HEADER = ['record_id', 'model', 'scorer', 'value', 'pass', 'reason'] as const;

/** A sink writing scores.csv. Metrics that did not score a record (null cells) produce no line. */
export function createScoresCsvSink(summary: RunSummary, out: Writable, opts?: CsvOptions): ReportSink {
  const resolved = resolveCsvOptions(opts);
  const writer = new CsvRowWriter(out, resolved);
  writer.raw((resolved.bom ? UTF8_BOM : '') + csvHeaderLine(SCORES_CSV_HEADER, resolved));
  // 600,000 lines at 50k × 4 repeat a few model and scorer names: their fields are formatted once. Each line is the
  // fastCsvLine of [recordId, model, scorer, value, pass, reason] (test/report/csv.test.ts holds it to csv-stringify).
  const middles = summary.models.map((model) => summary.metrics.map((metric) => `,${csvField(model.key, resolved)},${csvField(metric.name, resolved)},`));
  return {
    row(row) {
      let text = '';
      let id: string | undefined;
      row.cells.forEach((cell, mi) => {
        if (!cell) return;
        cell.scores.forEach((score, xi) => {
          if (!score) return;
          id ??= csvField(row.recordId, resolved);
          text += `${id}${middles[mi]![xi]}${csvField(score.value, resolved)},${csvField(score.pass, resolved)},${csvField(score.reason, resolved)}\r\n`;
        });
      });
      return text ? writer.lines(text) : undefined;
    },
    end: () => writer.end(),
  };
}
