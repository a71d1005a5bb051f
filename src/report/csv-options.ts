// Options shared by the CSV writers, and the spreadsheet formula neutralisation they apply to text cells.

/** Options for summary.csv, records.csv and scores.csv. */
export interface CsvOptions {
  /**
   * Prefix `'` to text cells starting with `=`, `+`, `-`, `@`, TAB or CR (and their full-width forms, also after
   * leading spaces or line breaks), so a
   * spreadsheet shows model output as text instead of evaluating it. Numeric columns we format ourselves are never
   * touched, so `-0.5` stays a number.
   * @default true
   */
  neutraliseFormulas?: boolean;
  /**
   * Start the file with a UTF-8 byte order mark so Excel detects the encoding of Japanese or emoji text.
   * @default false
   */
  bom?: boolean;
}

/** CsvOptions with every field filled in. */
export interface ResolvedCsvOptions {
  neutraliseFormulas: boolean;
  bom: boolean;
}

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
