// The bulk CSV row writer (hand-written quoting) writes exactly csv-stringify's bytes: csvLine is the reference.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { csvLine, CsvRowWriter, fastCsvLine, quoteField, type CsvCell } from '../../src/report/csv/csv-line.ts';
import { resolveCsvOptions } from '../../src/report/csv-options.ts';
import { mulberry32 } from '../../src/stats/random.ts';

const TRICKY: CsvCell[][] = [
  ['plain', 1, true, null, undefined, -0.5],
  ['comma, inside', 'quote " inside', 'lf\ninside', 'cr\rinside', 'crlf\r\ninside', ''],
  ['=SUM(A1)', '+1', '-2', '@x', '\tTab', '＝full'],
  ['日本語 🎉', Number.NaN, Number.POSITIVE_INFINITY, false, 0, 'trailing space '],
  ['""', '"', ',', '\r', '\n', ' "lead'],
];

async function written(rows: CsvCell[][], neutraliseFormulas: boolean): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const w = new CsvRowWriter(out, resolveCsvOptions({ neutraliseFormulas }));
  await w.raw('head\r\n');
  for (const r of rows) await w.row(r);
  await w.end();
  return Buffer.concat(chunks).toString('utf8');
}

// Every character csv-stringify or the formula rule treats specially, plus multi-byte and lone surrogates.
const ALPHABET = ['a', 'Z', '0', ' ', ',', ';', '"', "'", '\r', '\n', '\t', '=', '+', '-', '@', '＝', '＋', '－', '＠', 'é', '日', '🎉', '\ud800', '\udc00', '\u2028', '\u0085', '\\', '\0'];

function randomCell(next: () => number): CsvCell {
  const kind = next();
  if (kind < 0.05) return null;
  if (kind < 0.1) return undefined;
  if (kind < 0.2) return (next() - 0.5) * 10 ** Math.floor(next() * 8);
  if (kind < 0.25) return next() < 0.5;
  const length = Math.floor(next() * 12);
  let text = '';
  for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(next() * ALPHABET.length)];
  return text;
}

describe('CsvRowWriter and fastCsvLine', () => {
  const rows = Array.from({ length: 1300 }, (_, i) => TRICKY[i % TRICKY.length]!.map((c) => (typeof c === 'string' ? `${c}${i}` : c)));
  it.each([true, false])('neutralise %s: same bytes as csv-stringify (csvLine) per row', async (neutralise) => {
    const opts = resolveCsvOptions({ neutraliseFormulas: neutralise });
    const expected = 'head\r\n' + rows.map((r) => csvLine(r, opts)).join('');
    expect(await written(rows, neutralise)).toBe(expected);
  });

  it('matches csv-stringify on 20,000 fuzzed rows of special characters', () => {
    const next = mulberry32(20261125);
    for (const neutraliseFormulas of [true, false]) {
      const opts = resolveCsvOptions({ neutraliseFormulas });
      for (let r = 0; r < 10_000; r++) {
        const row = Array.from({ length: 1 + Math.floor(next() * 6) }, () => randomCell(next));
        const fast = fastCsvLine(row, opts);
        const reference = csvLine(row, opts);
        if (fast !== reference) expect({ row, fast }).toEqual({ row, fast: reference });
      }
    }
  });

  it('quotes every text field, doubling quotes (a `;` separator locale splits unquoted text)', () => {
    expect(quoteField('plain text; tab\there')).toBe('"plain text; tab\there"');
    expect(quoteField('')).toBe('""');
    expect(quoteField('a,b')).toBe('"a,b"');
    expect(quoteField('say "hi"')).toBe('"say ""hi"""');
    expect(quoteField('line\nbreak')).toBe('"line\nbreak"');
    expect(quoteField('cr\ronly')).toBe('"cr\ronly"');
  });

  it('writes only the raw text when there are no rows', async () => {
    expect(await written([], true)).toBe('head\r\n');
  });
});
