// Turns rows of typed cells into RFC 4180 CSV text, neutralising text cells but never our own numbers.
import { stringify } from 'csv-stringify/sync';
import { neutraliseFormula, type ResolvedCsvOptions } from '../csv-options.ts';
import { ChunkedWriter } from '../sink.ts';
import type { Writable } from 'node:stream';

/**
 * A cell as the writers produce it. Strings are text from the suite, the models or the user's config and are
 * neutralised; numbers and booleans are values we computed and are written verbatim.
 */
export type CsvCell = string | number | boolean | null | undefined;

// csv-stringify only quotes on the configured record delimiter (CRLF); a bare LF or CR inside model text must be
// quoted too, or the row splits in every RFC 4180 reader.
const STRINGIFY_OPTIONS = { record_delimiter: '\r\n', quoted_match: /[\r\n]/ } as const;

/** Rows per csv-stringify call: each call normalises its options, which costs more than quoting one row. */
export const CSV_BATCH_ROWS = 512;

function cellText(cell: CsvCell, opts: ResolvedCsvOptions): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  return opts.neutraliseFormulas ? neutraliseFormula(cell) : cell;
}

function texts(cells: readonly CsvCell[], opts: ResolvedCsvOptions): string[] {
  const out = new Array<string>(cells.length);
  for (let i = 0; i < cells.length; i++) out[i] = cellText(cells[i], opts);
  return out;
}

/** One CSV record terminated by CRLF (RFC 4180); fields with quotes, commas or line breaks are quoted. */
export function csvLine(cells: readonly CsvCell[], opts: ResolvedCsvOptions): string {
  return stringify([texts(cells, opts)], STRINGIFY_OPTIONS);
}

/**
 * Writes CSV rows to a stream, handing csv-stringify {@link CSV_BATCH_ROWS} rows per call (the bytes are the same
 * as one {@link csvLine} per row, at about a third of the cost).
 */
export class CsvRowWriter {
  private readonly writer: ChunkedWriter;
  private rows: string[][] = [];

  constructor(out: Writable, private readonly opts: ResolvedCsvOptions, private readonly batchRows = CSV_BATCH_ROWS) {
    this.writer = new ChunkedWriter(out);
  }

  /** Text written before any row (header, byte order mark). */
  raw(text: string): Promise<void> | undefined {
    this.writer.push(text);
    return undefined;
  }

  /** Queue one row; returns a promise only when the stream asks us to wait. */
  row(cells: readonly CsvCell[]): Promise<void> | undefined {
    this.rows.push(texts(cells, this.opts));
    return this.rows.length >= this.batchRows ? this.flushRows() : undefined;
  }

  private flushRows(): Promise<void> | undefined {
    if (this.rows.length === 0) return undefined;
    const text = stringify(this.rows, STRINGIFY_OPTIONS);
    this.rows = [];
    this.writer.push(text);
    return this.writer.flush();
  }

  /** Write the queued rows and end the stream. */
  async end(): Promise<void> {
    const wait = this.flushRows();
    if (wait) await wait;
    await this.writer.end();
  }
}
