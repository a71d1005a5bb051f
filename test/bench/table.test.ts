// Budget checks and table formatting of the bench: misses are reported with how far off they are.
import { describe, expect, it } from 'vitest';
import { combineRuns } from '../../bench/spawn.ts';
import { checkBudgets, cpuBoundLimit, floorRatio, phaseLines, scoresOnlyRatio, scoringCeiling, stageLines, workloadTable, type WorkloadResult } from '../../bench/table.ts';

const MIB = 1024 * 1024;
const BUDGETS = { ratio: 0.7, rssBytes: 512 * MIB, endToEndMs: 15_000 };

function workload(over: Partial<WorkloadResult> & { floorMs: number; scoreMs: number; rss?: number }): WorkloadResult {
  return {
    name: over.name ?? 'w', records: over.records ?? 1000, models: over.models ?? 4, outputBytes: 100e6,
    floor: { workMs: over.floorMs, maxRssBytes: 100 * MIB },
    score: { workMs: over.scoreMs, processMs: over.scoreMs + 500, maxRssBytes: over.rss ?? 200 * MIB },
    ...(over.endToEnd ? { endToEnd: over.endToEnd } : {}),
  };
}

describe('checkBudgets', () => {
  it.each([
    { floorMs: 1000, scoreMs: 1000, ok: true },
    { floorMs: 700, scoreMs: 1000, ok: true },
    { floorMs: 500, scoreMs: 1000, ok: false, miss: 'short by 20 points; scoring needs 1.40x its speed' },
  ])('ratio floor $floorMs ms / score $scoreMs ms → ok=$ok', ({ floorMs, scoreMs, ok, miss }) => {
    const [check] = checkBudgets([workload({ floorMs, scoreMs })], BUDGETS);
    expect(check!.ok).toBe(ok);
    expect(check!.miss).toBe(miss);
  });

  it('checks peak RSS only on the 50,000 × 10 workload, and the end-to-end time where measured', () => {
    const checks = checkBudgets([
      workload({ name: 'big', records: 50000, models: 10, floorMs: 1, scoreMs: 1, rss: 600 * MIB }),
      workload({ name: 'small', floorMs: 1, scoreMs: 1, rss: 900 * MIB, endToEnd: { processMs: 16_500, maxRssBytes: 0 } }),
    ], BUDGETS);
    expect(checks.map((c) => [c.name, c.ok, c.miss])).toEqual([
      ['big outputs → reports throughput vs parse floor', true, undefined],
      ['small outputs → reports throughput vs parse floor', true, undefined],
      ['big peak RSS', false, 'over by 88 MiB'],
      ['small end to end (beval run through the emulator)', false, 'over by 1.50 s'],
    ]);
  });
});

describe('workloadTable', () => {
  it('prints one aligned row per workload with throughput and the ratio to the floor', () => {
    const w = workload({ name: 'gsm8k', floorMs: 800, scoreMs: 1000 });
    expect(floorRatio(w)).toBeCloseTo(0.8);
    const lines = workloadTable([w]).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]!.length).toBe(lines[1]!.length);
    expect(lines[1]).toMatch(/^gsm8k\s+1,000×4\s+100\s+0\.80\s+125\s+1\.00\s+100\s+4,000\s+80%\s+100\s+200\s+-$/);
  });
});

describe('scoringCeiling / stageLines', () => {
  it('bounds the floor ratio by the scoring floor spread over the cores', () => {
    // Parse floor 1 s; parse + score 3 s on one thread → at best 1.5 s on 2 cores → at most 67% of the floor.
    const w = { ...workload({ name: 'big', floorMs: 1000, scoreMs: 5000 }), parseScore: { scored: 10, loopMs: 3000 } };
    expect(scoringCeiling(w, 2)).toBeCloseTo(2 / 3);
    expect(scoringCeiling(w, 4)).toBeCloseTo(4 / 3);
    expect(scoringCeiling(workload({ floorMs: 1, scoreMs: 1 }), 2)).toBeUndefined();
    const row = stageLines([w], 2).split('\n')[1]!;
    expect(row).toMatch(/^big\s+1\.00\s+3\.00\s+2\.00\s+67%\s+5\.00\s+3\.50\s+-\s+-$/);
  });

  it('bounds the floor ratio by beval score\'s own CPU time spread over the cores', () => {
    // 8 s of CPU on 2 cores takes at least 4 s: a 1 s floor allows at most 25%, whatever the threading.
    const base = workload({ name: 'big', floorMs: 1000, scoreMs: 5000 });
    const w = { ...base, score: { ...base.score, cpuMs: 8000 }, parseScore: { scored: 10, loopMs: 3000 } };
    expect(cpuBoundLimit(w, 2)).toBeCloseTo(0.25);
    expect(cpuBoundLimit(w, 4)).toBeCloseTo(0.5);
    expect(cpuBoundLimit(base, 2)).toBeUndefined();
    expect(stageLines([w], 2).split('\n')[1]).toMatch(/\s+8\.00\s+25%$/);
  });

  it('says so when no workload measured the scoring floor', () => {
    expect(stageLines([workload({ floorMs: 1, scoreMs: 1 })], 2)).toMatch(/no workload/);
  });
});

describe('scoresOnlyRatio / phaseLines', () => {
  it('judges the floor ratio without the reports from beval score\'s own phase times', () => {
    // Floor 1 s; 0.5 s suite + 3 s scoring + 0.5 s summary = 4 s before the reports → 25% without them; 6 s in all.
    const w = { ...workload({ name: 'big', floorMs: 1000, scoreMs: 6000 }), phases: { suite: 500, scoring: 3000, summary: 500, reports: 2000 } };
    expect(scoresOnlyRatio(w)).toBeCloseTo(0.25);
    expect(scoresOnlyRatio(workload({ floorMs: 1, scoreMs: 1 }))).toBeUndefined();
    expect(phaseLines([w]).split('\n')[1]).toMatch(/^big\s+0\.50\s+3\.00\s+0\.50\s+2\.00\s+33%\s+25%\s+17%$/);
    expect(phaseLines([workload({ floorMs: 1, scoreMs: 1 })])).toMatch(/no workload/);
  });
});

describe('combineRuns', () => {
  it('keeps the fastest run\'s times, the highest peak RSS of all runs, and every sample', () => {
    const run = (workMs: number, maxRssBytes: number) => ({ workMs, cpuMs: 2 * workMs, processMs: workMs + 100, maxRssBytes, detail: workMs });
    expect(combineRuns([run(900, 300), run(700, 200), run(800, 400)])).toEqual({ workMs: 700, cpuMs: 1400, processMs: 800, maxRssBytes: 400, detail: 700, samplesMs: [900, 700, 800] });
    expect(combineRuns([run(5, 1)])).toEqual({ workMs: 5, cpuMs: 10, processMs: 105, maxRssBytes: 1, detail: 5, samplesMs: [5] });
  });
});
