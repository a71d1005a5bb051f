// The bench's pure logic: medians and ranges of interleaved runs, and issue #21's budget lines (PASS/MISS, by how much).
import { describe, expect, it } from 'vitest';
import { median, rangeText, seconds, spread } from '../../bench/stats.ts';
import { atLeastShareOfFloor, atMostTimes, cpuFloorNote, flatWithin, measured, underLimit, type Measured } from '../../bench/budgets.ts';
import { budgetLines } from '../../bench/table.ts';

const wall = (...ms: number[]): Measured => measured(ms.map((wallMs) => ({ wallMs, cpuMs: wallMs * 1.5, maxRssBytes: 100 * 2 ** 20 })), spread);

describe('median and spread', () => {
  it('takes the middle sample, or the mean of the two middle ones, whatever the order', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(() => median([])).toThrow(/no samples/);
  });

  it('keeps min, max and every sample in run order', () => {
    expect(spread([1200, 900, 1500, 1000, 1100])).toEqual({ median: 1100, min: 900, max: 1500, samples: [1200, 900, 1500, 1000, 1100] });
    expect(rangeText(spread([1200, 900, 1500]), seconds)).toBe('1.20 s (0.90 s–1.50 s)');
    expect(rangeText(spread([1200]), seconds)).toBe('1.20 s');
  });

  it('summarises CPU and RSS only when every sample has them', () => {
    expect(measured([{ wallMs: 1, cpuMs: 2 }, { wallMs: 3 }], spread)).toEqual({ wall: spread([1, 3]) });
    expect(wall(1000, 2000).cpu?.median).toBe(2250);
  });
});

describe('budget checks', () => {
  it('atMostTimes passes at the limit and says how much faster a miss must get', () => {
    const ok = atMostTimes('score', wall(1500, 1400, 1600), wall(1000, 900, 1100), 1.5, { subject: 'beval', base: 'baseline' });
    expect(ok).toMatchObject({ ok: true, limit: '≤ 1.50× baseline' });
    expect(ok.measured).toBe('1.50×: beval 1.50 s (1.40 s–1.60 s) vs baseline 1.00 s (0.90 s–1.10 s); CPU 2.25 s (2.10 s–2.40 s) vs 1.50 s (1.35 s–1.65 s)');
    const miss = atMostTimes('score', wall(3000), wall(1000), 1.5, { subject: 'beval', base: 'baseline' });
    expect(miss.ok).toBe(false);
    expect(miss.miss).toBe('over by 1.50× (1.50 s); needs 2.00× its speed');
  });

  it('a wall-time miss says whether its CPU time over the cores already rules the budget out', () => {
    // 3 s wall, 4.5 s CPU; allowed 1.5 s. On 2 cores the best schedule is 2.25 s: less CPU is needed.
    const bound = atMostTimes('score', wall(3000), wall(1000), 1.5, { subject: 'beval', base: 'baseline' }, 2);
    expect(bound.miss).toBe('over by 1.50× (1.50 s); needs 2.00× its speed; its CPU 4.50 s over 2 cores is 2.25 s at best, so no overlap meets it: it needs at least 1.50 s less CPU, and 0.75 s of its wall time leaves a core idle');
    // On 4 cores the same CPU allows 1.13 s: overlap could still meet it.
    expect(atMostTimes('score', wall(3000), wall(1000), 1.5, { subject: 'beval', base: 'baseline' }, 4).miss).toMatch(/allows 1\.13 s, so better overlap could still meet it$/);
    expect(cpuFloorNote(measured([{ wallMs: 3000 }], spread), 2, 1500)).toBe('');
    expect(underLimit('e2e', spread([6000]), 4000, seconds, true, (allowed) => cpuFloorNote(wall(6000), 2, allowed)).miss).toBe('over by 2.00 s (50%); its CPU 9.00 s over 2 cores is 4.50 s at best, so no overlap meets it: it needs at least 1.00 s less CPU, and 1.50 s of its wall time leaves a core idle');
    // Wall within 10% of the floor: nothing idle worth naming.
    const busy = measured([{ wallMs: 4600, cpuMs: 9000 }], spread);
    expect(cpuFloorNote(busy, 2, 4000)).toBe('; its CPU 9.00 s over 2 cores is 4.50 s at best, so no overlap meets it: it needs at least 1.00 s less CPU');
  });

  it('atLeastShareOfFloor compares throughput (floor time / subject time)', () => {
    expect(atLeastShareOfFloor('2', wall(5000), wall(3000), 0.6)).toMatchObject({ ok: true, measured: expect.stringMatching(/^60%:/) });
    const miss = atLeastShareOfFloor('2', wall(6000), wall(3000), 0.6);
    expect(miss).toMatchObject({ ok: false, miss: 'short by 10 points (1.00 s too slow); needs 1.20× its speed' });
  });

  it('underLimit: strict or not, a miss says by how much and by what share', () => {
    expect(underLimit('e2e', spread([4000]), 4000, seconds, true)).toMatchObject({ ok: false, miss: 'over by 0.00 s (0%)' });
    expect(underLimit('rss', spread([4000]), 4000, seconds)).toMatchObject({ ok: true });
    expect(underLimit('e2e', spread([5000, 4000, 6000]), 4000, seconds, true)).toMatchObject({ ok: false, miss: 'over by 1.00 s (25%)' });
  });

  it('flatWithin compares the highest point with the lowest', () => {
    const mib = (x: number) => spread([x * 2 ** 20]);
    expect(flatWithin('curve', [{ label: '1k', value: mib(200) }, { label: '50k', value: mib(300) }], 1.5)).toMatchObject({ ok: true, measured: '1.50×: 1k 200 MiB, 50k 300 MiB' });
    expect(flatWithin('curve', [{ label: '1k', value: mib(200) }, { label: '50k', value: mib(400) }], 1.5)).toMatchObject({ ok: false, miss: 'over by 0.50×: the highest point needs 100 MiB less' });
  });

  it('prints one PASS/MISS line per budget with the miss after a dash', () => {
    const text = budgetLines([
      { name: 'a', limit: '≤ 1', measured: '0.5', ok: true },
      { name: 'b', limit: '≤ 1', measured: '2', ok: false, miss: 'over by 1' },
    ]);
    expect(text).toBe('PASS  a: 0.5 (budget ≤ 1)\nMISS  b: 2 (budget ≤ 1) — over by 1');
  });
});
