// Quick iterations on part of a suite: the first N records (--limit), or a seeded sample of N (--sample/--seed)
// stratified by tag, so a 200-record sample of a 5,000-record suite keeps each tag's share. Pure: records in, the
// chosen records out, in suite order.
import { createHash } from 'node:crypto';
import { mulberry32 } from '../stats/random.ts';
import type { Suite } from './load-suite.ts';
import type { SuiteRecord } from '../types/suite.ts';

export interface RecordSelection {
  limit?: number;
  sample?: number;
  /** Seeds the sample. @default 1 */
  seed?: number;
}

export interface Selected {
  records: SuiteRecord[];
  /** How the records were chosen, for the reports ("sample of 200 of 5,000 records, seed 1, stratified by tag"). */
  description?: string;
}

/** A record's stratum: its tags, sorted, as one key (untagged records form their own stratum). */
function stratum(r: SuiteRecord): string {
  return [...r.tags].sort().join('\u0000');
}

/** Shares of n for each stratum by size, largest remainders first, so the shares add up to exactly n. */
function allocate(sizes: number[], n: number, total: number): number[] {
  const exact = sizes.map((s) => (s * n) / total);
  const shares = exact.map(Math.floor);
  let left = n - shares.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, rest: e - Math.floor(e) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left === 0) break;
    if (shares[i]! < sizes[i]!) {
      shares[i]!++;
      left--;
    }
  }
  return shares;
}

const int = (n: number) => n.toLocaleString('en-US');

export function selectRecords(records: SuiteRecord[], sel: RecordSelection): Selected {
  const total = records.length;
  if (sel.limit !== undefined && sel.sample !== undefined) throw new RangeError('--limit and --sample choose records in two different ways: give one of them');
  for (const [flag, n] of [['--limit', sel.limit], ['--sample', sel.sample]] as const) {
    if (n !== undefined && !(Number.isInteger(n) && n > 0)) throw new RangeError(`${flag} needs a whole number of records above 0, got ${String(n)}`);
  }
  if (sel.limit !== undefined) {
    if (sel.limit >= total) return { records };
    return { records: records.slice(0, sel.limit), description: `first ${int(sel.limit)} of ${int(total)} records (--limit)` };
  }
  if (sel.sample === undefined || sel.sample >= total) return { records };
  const seed = sel.seed ?? 1;
  const groups = new Map<string, number[]>();
  records.forEach((r, i) => {
    const key = stratum(r);
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  });
  const keys = [...groups.keys()].sort();
  const shares = allocate(keys.map((k) => groups.get(k)!.length), sel.sample, total);
  const chosen: number[] = [];
  keys.forEach((key, s) => {
    // Each stratum's own stream: adding records under one tag does not change another tag's pick.
    const rand = mulberry32((seed ^ [...key].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0, 0x811c9dc5)) >>> 0);
    const idx = [...groups.get(key)!];
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    chosen.push(...idx.slice(0, shares[s]));
  });
  chosen.sort((a, b) => a - b);
  const tagged = keys.length > 1 || keys[0] !== '';
  return {
    records: chosen.map((i) => records[i]!),
    description: `sample of ${int(sel.sample)} of ${int(total)} records (seed ${seed}${tagged ? ', stratified by tag' : ''})`,
  };
}

/**
 * The suite with only the selected records: their lines of the file as they are (the run directory's suite.jsonl),
 * and the sha256 of those lines, so two runs of the same sample pair as runs of one suite.
 */
export function selectSuite(suite: Suite, fileText: string, sel: RecordSelection): Suite {
  const { records, description } = selectRecords(suite.records, sel);
  if (!description) return suite;
  const lines = fileText.split('\n');
  const text = `${records.map((r) => lines[r.line - 1]).join('\n')}\n`;
  return {
    ...suite, records, index: new Map(records.map((r, i) => [r.recordId, i])),
    sha256: createHash('sha256').update(text).digest('hex'), selection: { text, description },
  };
}
