// createHtmlReportSink: streams report.html (static sections first, then one compact JSON row per record).
import type { Writable } from 'node:stream';
import type { RunSummary } from '../../types/results.ts';
import { ChunkedWriter, type ReportSink } from '../../engine/sink.ts';
import { RowEncoder } from './data-embed.ts';
import { resolveHtmlOptions, type HtmlReportOptions } from './html-options.ts';
import { pageHead, pageTail, TAIL_RESERVE_BYTES } from './page-template.ts';

/**
 * A sink writing the self-contained report.html to `out`. Rows must arrive in suite order; only the string table
 * (bounded by `maxStringBytes`) is kept in memory, never the rows.
 */
export function createHtmlReportSink(summary: RunSummary, out: Writable, opts: HtmlReportOptions = {}): ReportSink {
  const resolved = resolveHtmlOptions(opts, {
    records: summary.suite.records,
    models: summary.models.length,
    suitePath: summary.suite.path,
  });
  const head = pageHead(summary, resolved);
  const encoder = new RowEncoder(summary, resolved, Buffer.byteLength(head) + TAIL_RESERVE_BYTES);
  const writer = new ChunkedWriter(out);
  writer.push(head);
  let first = true;
  return {
    row(row) {
      const json = encoder.encode(row);
      const text = first ? `\n${json}` : `,\n${json}`;
      first = false;
      return writer.push(text);
    },
    end() {
      const stats = encoder.finish();
      return writer.end(pageTail(encoder.strings.list, stats));
    },
  };
}
