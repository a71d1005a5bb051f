import { describe, expect, it } from 'vitest';
import { balancedSlices, planShards } from '../../src/run/shard.ts';
import { QUOTA_DEFAULTS } from '../../src/config/resolve.ts';

const quotas = (q: Partial<Record<keyof typeof QUOTA_DEFAULTS, number>>) => ({ ...QUOTA_DEFAULTS, ...q });
const sizes = (n: number, bytes = 100) => new Array<number>(n).fill(bytes);

describe('planShards', () => {
  it('keeps a suite within limits in one job and one file', () => {
    const plan = planShards(sizes(450), quotas({}), 'm');
    expect(plan).toEqual([{ start: 0, end: 450, files: [{ start: 0, end: 450 }] }]);
  });

  it('splits over the per-job record limit into balanced jobs', () => {
    const plan = planShards(sizes(450), quotas({ maxRecordsPerJob: 100, minRecordsPerJob: 50 }), 'm');
    expect(plan.map((s) => s.end - s.start)).toEqual([90, 90, 90, 90, 90]);
    expect(plan.at(-1)!.end).toBe(450);
  });

  it('splits over the per-file limits into several files per job', () => {
    const plan = planShards(sizes(300), quotas({ maxRecordsPerFile: 100 }), 'm');
    expect(plan).toHaveLength(1);
    expect(plan[0]!.files.map((f) => f.end - f.start)).toEqual([100, 100, 100]);
    const byBytes = planShards(sizes(300, 1000), quotas({ maxBytesPerFile: 150_000 }), 'm');
    expect(byBytes[0]!.files.every((f) => (f.end - f.start) * 1000 <= 150_000)).toBe(true);
  });

  it('splits over the per-job byte limit', () => {
    const plan = planShards(sizes(400, 1000), quotas({ maxBytesPerJob: 250_000 }), 'm');
    expect(plan.length).toBe(2);
  });

  it('refuses a suite below the minimum before anything happens, with the numbers', () => {
    expect(() => planShards(sizes(40), quotas({}), 'haiku')).toThrow(/40 records, below .* minimum of 100/);
  });

  it('refuses a split that would leave jobs under the minimum', () => {
    expect(() => planShards(sizes(450), quotas({ maxRecordsPerJob: 100 }), 'm')).toThrow(/90 per job, below the minimum of 100/);
  });
});

describe('balancedSlices', () => {
  it('covers the range with sizes differing by at most one', () => {
    const s = balancedSlices(0, 10, 3);
    expect(s).toEqual([{ start: 0, end: 4 }, { start: 4, end: 7 }, { start: 7, end: 10 }]);
  });
});
