// Options shared by the CSV writers, and the spreadsheet formula neutralisation they apply to text cells.
import type { CsvOptions, ResolvedCsvOptions } from '../types/config.ts';

export type { CsvOptions, ResolvedCsvOptions };

export function resolveCsvOptions(opts: CsvOptions = {}): ResolvedCsvOptions {
  return { neutraliseFormulas: opts.neutraliseFormulas ?? true, bom: opts.bom ?? false };
}

// OWASP's CSV-injection trigger characters plus the full-width forms some spreadsheet apps normalise to them, also
// after leading spaces or line breaks: an import that trims cells (LibreOffice's "Trim spaces") would otherwise
// hand the spreadsheet " =HYPERLINK(…)" as a formula.
// A NUL or a byte order mark in front does not stop a spreadsheet from reading the rest as a formula.
const FORMULA_START = /^[\u0000\uFEFF]*(?:[\t\r]|[ \n\u00A0\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;

// Where a spreadsheet whose list separator is `;` (most of Europe) starts a new cell inside our text: `ok;=cmd|…`
// becomes `ok` and a formula. A `'` goes before the formula character there too.
const FORMULA_AFTER_SEMICOLON = /;([ \t"\u00A0\u3000]*)(?=[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/g;

/** Neutralise one text cell (see CsvOptions.neutraliseFormulas). */
export function neutraliseFormula(text: string): string {
  const inner = text.includes(';') ? text.replace(FORMULA_AFTER_SEMICOLON, ";$1'") : text;
  return FORMULA_START.test(inner) ? `'${inner}` : inner;
}

/** The UTF-8 byte order mark, written as the first character of the file when `bom` is set. */
export const UTF8_BOM = '\uFEFF';
