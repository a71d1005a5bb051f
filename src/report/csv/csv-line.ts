// Turns one row of typed cells into an RFC 4180 CSV line, neutralising text cells but never our own numbers.
import { stringify } from 'csv-stringify/sync';
import { neutraliseFormula, type ResolvedCsvOptions } from '../csv-options.ts';

/**
 * A cell as the writers produce it. Strings are text from the suite, the models or the user's config and are
 * neutralised; numbers and booleans are values we computed and are written verbatim.
 */
export type CsvCell = string | number | boolean | null | undefined;

function cellText(cell: CsvCell, opts: ResolvedCsvOptions): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  return opts.neutraliseFormulas ? neutraliseFormula(cell) : cell;
}

/** One CSV record terminated by CRLF (RFC 4180); fields with quotes, commas or line breaks are quoted. */
export function csvLine(cells: readonly CsvCell[], opts: ResolvedCsvOptions): string {
  const texts = cells.map((cell) => cellText(cell, opts));
  // csv-stringify only quotes on the configured record delimiter (CRLF); a bare LF or CR inside model text must be
  // quoted too, or the row splits in every RFC 4180 reader.
  return stringify([texts], { record_delimiter: '\r\n', quoted_match: /[\r\n]/ });
}
