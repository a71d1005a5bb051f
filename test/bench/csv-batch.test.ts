// CsvRowWriter (csv-stringify fed in batches) writes exactly the bytes of one csvLine per row.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { csvLine, CsvRowWriter, type CsvCell } from '../../src/report/csv/csv-line.ts';
import { resolveCsvOptions } from '../../src/report/csv-options.ts';

const TRICKY: CsvCell[][] = [
  ['plain', 1, true, null, undefined, -0.5],
  ['comma, inside', 'quote " inside', 'lf\ninside', 'cr\rinside', 'crlf\r\ninside', ''],
  ['=SUM(A1)', '+1', '-2', '@x', '\tTab', '＝full'],
  ['日本語 🎉', Number.NaN, Number.POSITIVE_INFINITY, false, 0, 'trailing space '],
];

async function written(rows: CsvCell[][], batch: number, neutraliseFormulas: boolean): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const w = new CsvRowWriter(out, resolveCsvOptions({ neutraliseFormulas }), batch);
  w.raw('head\r\n');
  for (const r of rows) await w.row(r);
  await w.end();
  return Buffer.concat(chunks).toString('utf8');
}

describe('CsvRowWriter', () => {
  const rows = Array.from({ length: 1300 }, (_, i) => TRICKY[i % TRICKY.length]!.map((c) => (typeof c === 'string' ? `${c}${i}` : c)));
  it.each([
    { batch: 1, neutralise: true },
    { batch: 7, neutralise: false },
    { batch: 512, neutralise: true },
    { batch: 5000, neutralise: true },
  ])('batch $batch, neutralise $neutralise: same bytes as csvLine per row', async ({ batch, neutralise }) => {
    const opts = resolveCsvOptions({ neutraliseFormulas: neutralise });
    const expected = 'head\r\n' + rows.map((r) => csvLine(r, opts)).join('');
    expect(await written(rows, batch, neutralise)).toBe(expected);
  });

  it('writes only the raw text when there are no rows', async () => {
    expect(await written([], 512, true)).toBe('head\r\n');
  });
});
