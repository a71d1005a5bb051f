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

// Every text cell is quoted (`quoted_string`): Excel in a locale whose list separator is `;` splits an unquoted
// `ok;=cmd|' /C calc'!A0` at the `;` and sees a formula in the second half. Numbers and booleans stay bare. A bare LF
// or CR inside model text is quoted anyway (csv-stringify only looks for the record delimiter by itself).
const STRINGIFY_OPTIONS = {
  record_delimiter: '\r\n', quoted_string: true, quoted_match: /[\r\n]/, cast: { boolean: (v: boolean) => (v ? 'true' : 'false') },
} as const;
// Header names are ours or the config's (metric and model names): bare when plain, quoted when they hold anything
// else, and neutralised like text.
const HEADER_OPTIONS = { record_delimiter: '\r\n', quoted_match: /[^\w:. -]/ } as const;

/** A text cell as written: neutralised (when asked), and without raw NUL bytes (shown as U+2400 ␀). */
function textOf(cell: string, opts: ResolvedCsvOptions): string {
  const text = opts.neutraliseFormulas ? neutraliseFormula(cell) : cell;
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\u2400') : text;
}

function values(cells: readonly CsvCell[], opts: ResolvedCsvOptions): (string | number | boolean | null)[] {
  const out = new Array<string | number | boolean | null>(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    out[i] = cell === null || cell === undefined ? null
      : typeof cell === 'number' ? (Number.isFinite(cell) ? cell : null)
      : typeof cell === 'boolean' ? cell
      : textOf(cell, opts);
  }
  return out;
}

/** One CSV record terminated by CRLF (RFC 4180): text cells quoted, numbers and booleans bare, absent cells empty. */
export function csvLine(cells: readonly CsvCell[], opts: ResolvedCsvOptions): string {
  return stringify([values(cells, opts)], STRINGIFY_OPTIONS);
}

/** A header line: column names bare when plain (`record_id`, `arith:output`), else quoted; neutralised. */
export function csvHeaderLine(names: readonly string[], opts: ResolvedCsvOptions): string {
  return stringify([names.map((n) => textOf(n, opts))], HEADER_OPTIONS);
}

/** A text field exactly as csv-stringify writes it with STRINGIFY_OPTIONS: always quoted, quotes doubled. */
export function quoteField(text: string): string {
  return `"${text.includes('"') ? text.replaceAll('"', '""') : text}"`;
}

/** One cell as it appears between the commas of a {@link fastCsvLine} (checked against csvLine in test/bench/csv-batch.test.ts). */
export function csvField(cell: CsvCell, opts: ResolvedCsvOptions): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  return quoteField(textOf(cell, opts));
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
