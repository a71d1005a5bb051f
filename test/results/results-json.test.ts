// results.json record lines built as text are byte for byte what JSON.stringify of the record object gives.
import { describe, expect, it } from 'vitest';
import { recordJson, recordJsonKeys } from '../../src/results/results-file.ts';
import type { RecordCell, RecordRow, RecordStatus, RunSummary } from '../../src/types/results.ts';
import { mulberry32 } from '../../src/stats/random.ts';
import { fixtureRun } from '../report/helpers/fixture-run.ts';

const VALUES = [0, -0, 1, 0.5, -2.25, 1e21, 1e-7, Number.NaN, Number.POSITIVE_INFINITY, null];
const TEXTS = ['', 'plain', 'quote " and \\ backslash', 'line\nbreak', '日本 😀', '\ud800 lone', '</script>', '\u2028'];
const STATUSES: RecordStatus[] = ['ok', 'error', 'missing', 'not-run'];

function fuzzRow(next: () => number, models: number, metrics: number, index: number): RecordRow {
  const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)]!;
  const cells = Array.from({ length: models }, (): RecordCell => {
    const cell: RecordCell = {
      status: pick(STATUSES),
      scores: Array.from({ length: metrics }, () => {
        if (next() < 0.2) return null;
        const value = pick(VALUES);
        return next() < 0.3 ? { value, reason: pick(TEXTS) } : { value, pass: next() < 0.5, reason: pick(TEXTS) };
      }),
    };
    if (next() < 0.3) cell.error = { code: pick(TEXTS), message: pick(TEXTS) };
    return cell;
  });
  return { index, recordId: `${pick(TEXTS)}${index}`, prompt: '', tags: Array.from({ length: Math.floor(next() * 3) }, () => pick(TEXTS)), cells };
}

describe('results.json record lines', () => {
  const { summary } = fixtureRun();

  it('match JSON.stringify of the record object on 3,000 fuzzed rows', () => {
    const keys = recordJsonKeys(summary);
    expect(keys).toEqual(['"a"', '"b"', '"c"']);
    const next = mulberry32(99);
    for (let i = 0; i < 3000; i++) {
      const row = fuzzRow(next, summary.models.length, summary.metrics.length, i);
      expect(recordJson(summary, row, keys)).toBe(recordJson(summary, row, undefined));
    }
  });

  it('uses the object path when a model key is all digits (objects list such keys first)', () => {
    const digits: RunSummary = { ...summary, models: [summary.models[0]!, { ...summary.models[1]!, key: '7' }, summary.models[2]!] };
    expect(recordJsonKeys(digits)).toBeUndefined();
    const row = fuzzRow(mulberry32(1), 3, summary.metrics.length, 0);
    expect(Object.keys(JSON.parse(recordJson(digits, row, recordJsonKeys(digits))).cells)).toEqual(['7', 'a', 'c']);
  });
});
