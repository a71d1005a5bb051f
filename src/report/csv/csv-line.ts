// Turns rows of typed cells into RFC 4180 CSV text, neutralising text cells but never our own numbers.
// csv-stringify writes headers and summary.csv and is the reference the bulk row writer is tested against.
import { stringify } from 'csv-stringify/sync';
import { neutraliseFormula, type ResolvedCsvOptions } from '../csv-options.ts';
import { ChunkedWriter } from '../../engine/sink.ts';
import type { Writable } from 'node:stream';

/**
 * A cell as the writers produce it. Strings are text from the suite, the models or the user's config and are
 * neutralised; numbers and booleans are values we computed and are written verbatim.
 */
export type CsvCell = string | number | boolean | null | undefined;

// csv-stringify only quotes on the configured record delimiter (CRLF); a bare LF or CR inside model text must be
// quoted too, or the row splits in every RFC 4180 reader.
const STRINGIFY_OPTIONS = { record_delimiter: '\r\n', quoted_match: /[\r\n]/ } as const;

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

// The characters that make csv-stringify quote a field with our options: the delimiter, the quote, and CR or LF
// (it tests "\n" and "\r" whatever the record delimiter). An empty field is never quoted.
const NEEDS_QUOTES = /[",\r\n]/;

/** One field exactly as csv-stringify writes it with STRINGIFY_OPTIONS (checked against it in test/bench/csv-batch.test.ts). */
export function quoteField(text: string): string {
  if (!NEEDS_QUOTES.test(text)) return text;
  return `"${text.includes('"') ? text.replaceAll('"', '""') : text}"`;
}

/** One cell as it appears between the commas of a {@link fastCsvLine}. */
export function csvField(cell: CsvCell, opts: ResolvedCsvOptions): string {
  return quoteField(cellText(cell, opts));
}

/** One CSV record, CRLF-terminated: the same bytes as {@link csvLine}, without csv-stringify's per-field overhead. */
export function fastCsvLine(cells: readonly CsvCell[], opts: ResolvedCsvOptions): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) line += ',';
    line += csvField(cells[i], opts);
  }
  return `${line}\r\n`;
}

/**
 * Writes the rows of the big per-record files (records.csv: 45 fields a row at 4 models; scores.csv: 600,000 rows at
 * 50k × 4) with {@link fastCsvLine}. csv-stringify costs ~0.34 µs a field in casting and option handling, about two
 * seconds of CPU at 50k × 4 even fed 512 rows a call; the rules it applies to our string cells are four characters,
 * so the bulk path applies them directly and the tests hold it to csv-stringify's bytes on fuzzed fields.
 */
export class CsvRowWriter {
  private readonly writer: ChunkedWriter;

  constructor(out: Writable, private readonly opts: ResolvedCsvOptions) {
    this.writer = new ChunkedWriter(out);
  }

  /** Text written before any row (header, byte order mark). */
  raw(text: string): Promise<void> | undefined {
    return this.writer.push(text);
  }

  /** Queue one row; returns a promise only when the stream asks us to wait. */
  row(cells: readonly CsvCell[]): Promise<void> | undefined {
    return this.writer.push(fastCsvLine(cells, this.opts));
  }

  /** Queue text already in CSV form (whole CRLF-terminated lines built from {@link csvField}s). */
  lines(text: string): Promise<void> | undefined {
    return this.writer.push(text);
  }

  /** Write the queued rows and end the stream. */
  end(): Promise<void> {
    return this.writer.end();
  }
}
