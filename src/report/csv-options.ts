// Options shared by the CSV writers, and the spreadsheet formula neutralisation they apply to text cells.
import type { CsvOptions, ResolvedCsvOptions } from '../types/config.ts';

export type { CsvOptions, ResolvedCsvOptions };

export function resolveCsvOptions(opts: CsvOptions = {}): ResolvedCsvOptions {
  return { neutraliseFormulas: opts.neutraliseFormulas ?? true, bom: opts.bom ?? false };
}

// OWASP's CSV-injection trigger characters plus the full-width forms some spreadsheet apps normalise to them, also
// after leading spaces or line breaks: an import that trims cells (LibreOffice's "Trim spaces") would otherwise
// hand the spreadsheet " =HYPERLINK(…)" as a formula.
const FORMULA_START = /^[\t\r]|^[ \n\u00A0\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/;

/** Neutralise one text cell (see CsvOptions.neutraliseFormulas). */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The UTF-8 byte order mark, written as the first character of the file when `bom` is set. */
export const UTF8_BOM = '\uFEFF';
