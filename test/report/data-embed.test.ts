// The compact rows embedded in report.html: flags, truncation, the full-text and size budgets.
import { describe, expect, it } from 'vitest';
import { RowEncoder, shareAllowance, truncateText } from '../../src/report/html/data-embed.ts';
import { resolveHtmlOptions } from '../../src/report/html/html-options.ts';
import { FLAG, recordFlags } from '../../src/report/html/record-flags.ts';
import type { RecordRow } from '../../src/types/results.ts';
import { FLAG_CASES, fixtureRun } from './helpers/fixture-run.ts';
import { fail, model, ok, pass, summarise } from './helpers/synthetic-run.ts';

describe('recordFlags', () => {
  const { rows } = fixtureRun();
  const flags = rows.map((r) => recordFlags(r, 3, 0));
  it.each(FLAG_CASES)('%s is set on %i fixture records', (name, count) => {
    expect(flags.filter((f) => f & FLAG[name])).toHaveLength(count);
  });

  it.each([
    ['r-001', FLAG.fail | FLAG.disagree | FLAG.regressed],
    ['r-002', FLAG.fail],
    ['r-005', FLAG.fail | FLAG.disagree],
    ['r-003', FLAG.error],
    ['r-007', FLAG.missing],
    ['r-000', 0],
  ])('%s has flags %i', (id, expected) => {
    expect(flags[rows.findIndex((r) => r.recordId === id)]).toBe(expected);
  });

  it('never marks a regression without a baseline', () => {
    expect(rows.some((r) => recordFlags(r, 3, -1) & FLAG.regressed)).toBe(false);
  });
});

describe('truncateText', () => {
  it.each([
    ['short', 10, 'short'],
    ['abcdef', 3, ['abc', 6]],
    ['ab😀cd', 3, ['ab', 6]], // would split the surrogate pair
    ['ab😀cd', 4, ['ab😀', 6]],
  ] as const)('%j at %i -> %j', (text, max, expected) => {
    expect(truncateText(text, max)).toEqual(expected);
  });
});

describe('shareAllowance', () => {
  it.each([
    [[10, 1000, 1000], 300, 0, 300, [10, 145, 145]],
    [[10, 20], 1000, 0, 300, [10, 20]],
    [[500, 500], 10, 40, 300, [40, 40]],
    [[5000], 99999, 40, 300, [300]],
  ])('%j with %i (min %i, max %i) -> %j', (lengths, allowance, min, max, expected) => {
    expect(shareAllowance(lengths, allowance, min, max)).toEqual(expected);
  });
});

function bigRun(records: number, textLen: number, failing: (i: number) => boolean): { rows: RecordRow[]; summary: ReturnType<typeof summarise> } {
  const metrics = [{ name: 'eq', kind: 'binary' as const }];
  const models = [model('a'), model('b')];
  const rows: RecordRow[] = [];
  for (let i = 0; i < records; i++) {
    const text = `record ${i} `.padEnd(textLen, 'x');
    rows.push({ index: i, recordId: `r${i}`, prompt: text, expected: 'x', tags: ['t'], cells: [ok(text, [pass()]), ok(text, [failing(i) ? fail() : pass()])] });
  }
  return { rows, summary: summarise(models, metrics, rows, { baseline: 'a' }) };
}

describe('RowEncoder', () => {
  it('keeps short texts whole and marks cut ones with their original length', () => {
    const { rows, summary } = bigRun(3, 1000, () => false);
    const opts = resolveHtmlOptions({ previewChars: 100 }, { records: 3, models: 2, suitePath: 's.jsonl' });
    const enc = new RowEncoder(summary, opts, 0);
    const row = JSON.parse(enc.encode(rows[0]!)) as unknown[];
    expect(row[0]).toBe('r0');
    expect(row[1]).toEqual([rows[0]!.prompt.slice(0, 100), 1000]);
    expect(row[2]).toBe('x');
    expect(enc.finish()).toMatchObject({ records: 1, truncatedTexts: 3, fullTextRecords: 0, previewCharsMax: 100 });
  });

  it('embeds full text for failing records until the full-text budget runs out', () => {
    const { rows, summary } = bigRun(10, 1000, () => true);
    const opts = resolveHtmlOptions({ previewChars: 50, fullTextBudgetBytes: 3 * 3000 + 100 }, { records: 10, models: 2, suitePath: 's' });
    const enc = new RowEncoder(summary, opts, 0);
    const encoded = rows.map((r) => JSON.parse(enc.encode(r)) as unknown[]);
    expect(encoded.slice(0, 3).map((r) => r[1])).toEqual(rows.slice(0, 3).map((r) => r.prompt));
    expect(typeof encoded[3]![1]).not.toBe('string');
    expect(enc.finish()).toMatchObject({ fullTextRecords: 3, fullTextSkipped: 7 });
  });

  it('shrinks previews so the rows fit the size target', () => {
    const { rows, summary } = bigRun(2000, 2000, () => false);
    const maxBytes = 2000 * 600;
    const opts = resolveHtmlOptions({ maxBytes, fullTextBudgetBytes: 0, minPreviewChars: 10 }, { records: 2000, models: 2, suitePath: 's' });
    const enc = new RowEncoder(summary, opts, 0);
    let bytes = 0;
    for (const r of rows) bytes += Buffer.byteLength(enc.encode(r)) + 2;
    expect(bytes + enc.strings.bytes).toBeLessThanOrEqual(maxBytes);
    const stats = enc.finish();
    expect(stats.truncatedTexts).toBeGreaterThan(3900); // prompt and both outputs of (nearly) every record
    expect(stats.previewCharsMin).toBeGreaterThan(50);
    expect(bytes + enc.strings.bytes).toBeGreaterThan(maxBytes * 0.8); // and the budget is actually used
  });

  it('interns repeated reasons and drops new ones past the cap', () => {
    const { rows, summary } = bigRun(50, 10, () => false);
    rows.forEach((r, i) => (r.cells[1]!.scores[0] = { value: 1, pass: true, reason: `unique reason number ${i}` }));
    const opts = resolveHtmlOptions({ maxStringBytes: 300 }, { records: 50, models: 2, suitePath: 's' });
    const enc = new RowEncoder(summary, opts, 0);
    for (const r of rows) enc.encode(r);
    const stats = enc.finish();
    expect(enc.strings.list.filter((s) => s === 'Output matches')).toHaveLength(1);
    expect(stats.droppedStrings).toBeGreaterThan(30);
    expect(enc.strings.list).toContain('t'); // tags bypass the cap
  });

  it('packs binary scores into one integer and keeps continuous ones as [value, reason]', () => {
    const { summary, rows } = fixtureRun();
    const opts = resolveHtmlOptions({ cellStats: false }, { records: 12, models: 3, suitePath: 's' });
    const enc = new RowEncoder(summary, opts, 0);
    const row = JSON.parse(enc.encode(rows[1]!)) as [string, unknown, unknown, number[], number, unknown[][]];
    const s = (text: string): number => enc.strings.list.indexOf(text);
    const [status, text, stop, scores] = row[5][1]!;
    expect([status, text, stop]).toEqual([0, 'The capital is Paris.', s('end_turn')]);
    expect(scores).toEqual([((s('Expected exactly "Paris"') + 1) << 2) | 0, ((s('Output matches') + 1) << 2) | 3, [0.6, s('similarity 0.6')]]);
    const errored = (JSON.parse(enc.encode(rows[3]!)) as typeof row)[5][1]!;
    expect(errored).toEqual([1, 0, -1, [], s('ThrottlingException: Rate exceeded')]);
    const missingCell = (JSON.parse(enc.encode(rows[4]!)) as typeof row)[5][2]!;
    expect(missingCell).toEqual([2]);
  });
});
