// scores.csv: the long table, one line per (record, model, scorer) that produced a score, with its reason.
import type { Writable } from 'node:stream';
import type { RunSummary } from '../types.ts';
import { resolveCsvOptions, UTF8_BOM, type CsvOptions } from '../csv-options.ts';
import { ChunkedWriter, type ReportSink } from '../sink.ts';
import { csvLine } from './csv-line.ts';

/** Column names of scores.csv, in order. */
export const SCORES_CSV_HEADER = ['record_id', 'model', 'scorer', 'value', 'pass', 'reason'] as const;

/** A sink writing scores.csv. Metrics that did not score a record (null cells) produce no line. */
export function createScoresCsvSink(summary: RunSummary, out: Writable, opts?: CsvOptions): ReportSink {
  const resolved = resolveCsvOptions(opts);
  const writer = new ChunkedWriter(out);
  writer.push((resolved.bom ? UTF8_BOM : '') + csvLine(SCORES_CSV_HEADER, resolved));
  return {
    row(row) {
      const lines: string[] = [];
      summary.models.forEach((model, mi) => {
        const cell = row.cells[mi];
        if (!cell) return;
        summary.metrics.forEach((metric, xi) => {
          const score = cell.scores[xi];
          if (!score) return;
          lines.push(csvLine([row.recordId, model.key, metric.name, score.value, score.pass, score.reason], resolved));
        });
      });
      return lines.length > 0 ? writer.push(lines.join('')) : undefined;
    },
    end: () => writer.end(),
  };
}
