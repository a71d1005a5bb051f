// Text cells in the CSVs against the spreadsheets that open them: every text cell is quoted (Excel in a locale whose
// list separator is `;` split `ok;=cmd|' /C calc'!A0` and saw a formula), a NUL or a byte order mark before a
// formula character is neutralised too, and no raw NUL byte reaches a file. Property tests (fast-check) read every
// line back.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, csvLine, fastCsvLine } from '../../src/report/csv/csv-line.ts';
import { resolveCsvOptions } from '../../src/report/csv-options.ts';
import { parseCsv } from './helpers/parse-csv.ts';

const opts = resolveCsvOptions();

/** How Excel with `;` as its list separator reads a line: split on `;` outside quotes, quotes removed. */
function semicolonFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ';') { fields.push(field); field = ''; } else field += ch;
  }
  fields.push(field.replace(/\r\n$/, ''));
  return fields;
}

const FORMULA = /^[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\t\r]/;

describe('CSV text cells', () => {
  it("quotes `ok;=cmd|' /C calc'!A0`, so a `;`-separator spreadsheet keeps it one cell, not a formula", () => {
    const line = fastCsvLine(['r1', "ok;=cmd|' /C calc'!A0", 3], opts);
    expect(line).toBe("\"r1\",\"ok;'=cmd|' /C calc'!A0\",3\r\n");
    expect(semicolonFields(line).some((f) => FORMULA.test(f))).toBe(false);
    expect(csvLine(['r1', "ok;=cmd|' /C calc'!A0", 3], opts)).toBe(line);
  });

  it('neutralises a NUL or a byte order mark before a formula character, and writes no raw NUL', () => {
    expect(csvField('\u0000=1+2', opts)).toBe("\"'\u2400=1+2\"");
    expect(csvField('\uFEFF=HYPERLINK("x")', opts)).toBe("\"'\uFEFF=HYPERLINK(\"\"x\"\")\"");
    expect(csvField('a\u0000b', opts)).toBe('"a\u2400b"');
    expect(csvField('a\u0000b', resolveCsvOptions({ neutraliseFormulas: false }))).toBe('"a\u2400b"');
  });

  it('numbers and booleans stay bare; absent cells are empty', () => {
    expect(fastCsvLine([1.5, -0.5, true, false, null, undefined, Number.NaN, ''], opts)).toBe('1.5,-0.5,true,false,,,,""\r\n');
  });

  it('property: any text reads back as itself (neutralised, NUL shown as ␀), quoted, in a comma or a `;` reader', () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 5 }), (cells) => {
      const line = fastCsvLine(cells, opts);
      expect(line).toBe(csvLine(cells, opts));
      expect(line).not.toContain('\u0000');
      const back = parseCsv(line)[0]!;
      expect(back.length).toBe(cells.length);
      for (const [i, text] of back.entries()) {
        // Read back as written: neutralised (a `'` before a formula start), NUL shown as ␀, nothing else changed.
        expect(text.replaceAll("'", '')).toBe(cells[i]!.replaceAll('\u0000', '\u2400').replaceAll("'", ''));
        expect(FORMULA.test(text.replace(/^[\uFEFF\u2400 \n\u00A0\u3000]*/, ''))).toBe(false);
      }
      for (const f of semicolonFields(line)) expect(FORMULA.test(f.replace(/^[\uFEFF\u2400 \n\u00A0\u3000]*/, ''))).toBe(false);
    }), { numRuns: 2000, seed: 19 });
  });
});
