// --limit and --sample: the records chosen, their order, the strata kept, and the same sample for the same seed.
import { describe, expect, it } from 'vitest';
import { selectRecords } from '../../src/suite/select-records.ts';
import type { SuiteRecord } from '../../src/types/suite.ts';

function records(tags: string[][]): SuiteRecord[] {
  return tags.map((t, i) => ({ recordId: `r${i}`, modelInput: { messages: [{ role: 'user', content: [{ text: `q${i}` }] }] }, tags: t, line: i + 1 } as SuiteRecord));
}

const SUITE = records([...Array(60).fill(['a']), ...Array(30).fill(['b']), ...Array(10).fill([])] as string[][]);

describe('selectRecords', () => {
  it('--limit takes the first N in suite order and says so', () => {
    const s = selectRecords(SUITE, { limit: 5 });
    expect(s.records.map((r) => r.recordId)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    expect(s.description).toBe('first 5 of 100 records (--limit)');
  });

  it('--sample keeps each tag\'s share, suite order and no duplicate', () => {
    const s = selectRecords(SUITE, { sample: 20, seed: 7 });
    expect(s.records).toHaveLength(20);
    const count = (tag: string | undefined) => s.records.filter((r) => r.tags[0] === tag).length;
    expect([count('a'), count('b'), count(undefined)]).toEqual([12, 6, 2]);
    const lines = s.records.map((r) => r.line);
    expect(lines).toEqual([...lines].sort((x, y) => x - y));
    expect(new Set(lines).size).toBe(20);
    expect(s.description).toBe('sample of 20 of 100 records (seed 7, stratified by tag)');
  });

  it('the same seed gives the same sample, another seed another', () => {
    const ids = (seed: number) => selectRecords(SUITE, { sample: 20, seed }).records.map((r) => r.recordId);
    expect(ids(3)).toEqual(ids(3));
    expect(ids(3)).not.toEqual(ids(4));
  });

  it('shares add up to N even when they round (3 of 100 across 60/30/10)', () => {
    expect(selectRecords(SUITE, { sample: 3, seed: 1 }).records).toHaveLength(3);
  });

  it('a selection of the whole suite or more is the suite, with nothing to state', () => {
    expect(selectRecords(SUITE, { sample: 100 })).toEqual({ records: SUITE });
    expect(selectRecords(SUITE, { limit: 500 })).toEqual({ records: SUITE });
  });

  it('refuses both at once and counts that are not whole and positive', () => {
    expect(() => selectRecords(SUITE, { limit: 5, sample: 5 })).toThrow(/give one of them/);
    expect(() => selectRecords(SUITE, { sample: 0 })).toThrow(/--sample needs a whole number/);
    expect(() => selectRecords(SUITE, { limit: 2.5 })).toThrow(/--limit needs a whole number/);
  });
});
