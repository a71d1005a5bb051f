// createHtmlReportSink: streams report.html (static sections first, then one compact JSON row per record).
import type { Writable } from 'node:stream';
import type { RunSummary } from '../../types/results.ts';
import { ChunkedWriter, type ReportSink } from '../../engine/sink.ts';
import { RowEncoder } from './data-embed.ts';
import { FIRST_ROWS, firstRowsBlock } from './first-rows.ts';
import { resolveHtmlOptions, type HtmlReportOptions } from './html-options.ts';
import { pageHead, reportTail, ROWS_OPEN, SCRIPT_ELEMENT, TAIL_RESERVE_BYTES } from './page-template.ts';

/**
 * A sink writing the self-contained report.html to `out`. Rows must arrive in suite order; only the string table
 * (bounded by `maxStringBytes`) and the first FIRST_ROWS rows are kept in memory, never the rest.
 *
 * Order in the file: the static page, a copy of the first rows (first-rows.ts), the client script, every row, the
 * string table. The script draws the first screen from the copy while the browser still parses the rows.
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
  // The first rows wait here until their copy can be written ahead of the script; null once written.
  let first: string[] | null = [];
  const writeFirst = (rows: string[]): Promise<void> | undefined => {
    first = null;
    const block = firstRowsBlock(rows, encoder.strings.list, summary.suite.records);
    encoder.charge(Buffer.byteLength(block));
    return writer.push(`${block}\n${SCRIPT_ELEMENT}\n${ROWS_OPEN}${rows.length ? `\n${rows.join(',\n')}` : ''}`);
  };
  return {
    row(row) {
      const json = encoder.encode(row);
      if (first === null) return writer.push(`,\n${json}`);
      first.push(json);
      return first.length === FIRST_ROWS ? writeFirst(first) : undefined;
    },
    async end() {
      if (first !== null) await writeFirst(first);
      const stats = encoder.finish();
      return writer.end(reportTail(encoder.strings.list, stats));
    },
  };
}
