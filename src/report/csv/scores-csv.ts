// scores.csv: the long table, one line per (record, model, scorer) that produced a score, with its reason.
import type { Writable } from 'node:stream';
import type { RunSummary } from '../types.ts';
import { resolveCsvOptions, UTF8_BOM, type CsvOptions } from '../csv-options.ts';
import type { ReportSink } from '../sink.ts';
import { csvLine, CsvRowWriter } from './csv-line.ts';

/** Column names of scores.csv, in order. */
export const SCORES_CSV_HEADER = ['record_id', 'model', 'scorer', 'value', 'pass', 'reason'] as const;

/** A sink writing scores.csv. Metrics that did not score a record (null cells) produce no line. */
export function createScoresCsvSink(summary: RunSummary, out: Writable, opts?: CsvOptions): ReportSink {
  const resolved = resolveCsvOptions(opts);
  const writer = new CsvRowWriter(out, resolved);
  writer.raw((resolved.bom ? UTF8_BOM : '') + csvLine(SCORES_CSV_HEADER, resolved));
  return {
    row(row) {
      let wait: Promise<void> | undefined;
      summary.models.forEach((model, mi) => {
        const cell = row.cells[mi];
        if (!cell) return;
        summary.metrics.forEach((metric, xi) => {
          const score = cell.scores[xi];
          if (!score) return;
          // At most one flush per row can ask to wait: a batch holds more rows than one record produces.
          wait = writer.row([row.recordId, model.key, metric.name, score.value, score.pass, score.reason]) ?? wait;
        });
      });
      return wait;
    },
    end: () => writer.end(),
  };
}
