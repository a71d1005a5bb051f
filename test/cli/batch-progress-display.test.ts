// The record counts of a batch wait: a short live line on a terminal; in a CI log a line only when the counts moved
// and ten minutes passed, so a short run prints none and a long job still shows it is alive.
import { describe, expect, it } from 'vitest';
import { batchProgressDisplay } from '../../src/cli/batch-progress-display.ts';
import { batchProgressText, type BatchProgress } from '../../src/run/batch-progress.ts';

const snap = (a: [string, number], b: [string, number], finished = false): BatchProgress => ({
  jobs: [{ status: a[0], processed: a[1], total: 100 }, { status: b[0], processed: b[1], total: 132 }], finished,
});

describe('batchProgressText', () => {
  it('counts jobs by state and records over every job, in one short line', () => {
    expect(batchProgressText(snap(['InProgress', 30], ['Completed', 132]))).toBe('batch: 2 jobs (1 InProgress, 1 Completed), 162/232 records (69%)');
    expect(batchProgressText({ jobs: [{ status: 'In\x1b[2JProgress', processed: 0, total: 0 }], finished: false })).toBe('batch: 1 job (1 In\\x1b[2JProgress), 0/0 records');
  });
});

describe('batchProgressDisplay', () => {
  it('without a terminal: nothing for the first ten minutes, then a line when the counts moved, at most every ten minutes', () => {
    let t = 0;
    const out: string[] = [];
    const show = batchProgressDisplay({ print: (s) => out.push(s), now: () => t });
    for (let i = 0; i < 60; i++, t += 25_000) show(snap(['InProgress', Math.min(100, i)], ['InProgress', i]));
    // 25 minutes of polls every 25 s: two lines (at 10 and 20 minutes), not 60.
    expect(out).toEqual([
      'batch: 2 jobs (2 InProgress), 48/232 records (20%)\n',
      'batch: 2 jobs (2 InProgress), 96/232 records (41%)\n',
    ]);
    // Counts that did not move print nothing, however long the wait.
    t += 3_600_000;
    show(snap(['InProgress', 59], ['InProgress', 59]));
    t += 3_600_000;
    show(snap(['InProgress', 59], ['InProgress', 59]));
    expect(out).toHaveLength(3);
    show(snap(['Completed', 100], ['Completed', 132], true));
    expect(out).toHaveLength(3);
  });

  it('on a terminal: every snapshot redraws the live line, and the last takes it down', () => {
    const calls: string[] = [];
    const show = batchProgressDisplay({ print: (s) => calls.push(`print:${s}`), live: { draw: (s) => { calls.push(`draw:${s}`); }, clear: () => { calls.push('clear'); } } });
    show(snap(['InProgress', 10], ['Scheduled', 0]));
    show(snap(['InProgress', 20], ['InProgress', 5]));
    show(snap(['Completed', 100], ['Completed', 132], true));
    expect(calls).toEqual([
      'draw:batch: 2 jobs (1 InProgress, 1 Scheduled), 10/232 records (4%)',
      'draw:batch: 2 jobs (2 InProgress), 25/232 records (10%)',
      'clear',
    ]);
  });
});
