// beval score's phase marks: a run that stopped part-way gives no phase times, never the previous run's.
import { describe, expect, it } from 'vitest';
import { endScorePhase, lastScorePhases, startScorePhases } from '../../src/score/phase-marks.ts';

describe('score phase marks', () => {
  it('times each phase from the end of the one before, and forgets an earlier run', () => {
    startScorePhases();
    for (const p of ['suite', 'scoring', 'summary', 'reports'] as const) endScorePhase(p);
    const first = lastScorePhases();
    expect(first && Object.keys(first)).toEqual(['suite', 'scoring', 'summary', 'reports']);
    // A second run that failed after loading its suite: the first run's later marks must not complete it.
    startScorePhases();
    endScorePhase('suite');
    expect(lastScorePhases()).toBeUndefined();
  });
});
