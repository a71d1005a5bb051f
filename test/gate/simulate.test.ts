// A small fixed-seed simulation of the gate on paired binary data: false alarms stay near nominal, power is useful.
import { describe, expect, it } from 'vitest';
import { simulateGate } from '../../src/gate/index.ts';

const base = { n: 500, baseRate: 0.8, margin: 0.05, trials: 300, seed: 20240611 };

describe('simulateGate', () => {
  it('with no true difference, the gate almost never reports a regression (≤ 0.08)', () => {
    const r = simulateGate({ ...base, trueDiff: 0 });
    expect(r.regressionRate).toBeLessThanOrEqual(0.08);
    expect(r.passRate + r.regressionRate + r.inconclusiveRate).toBeCloseTo(1, 12);
  });

  it('at the margin (true difference = −δ), it wrongly passes at most 8% of the time (nominal 2.5%)', () => {
    expect(simulateGate({ ...base, trueDiff: -base.margin }).passRate).toBeLessThanOrEqual(0.08);
  });

  it('has useful power: no true difference passes most of the time at n = 500, δ = 0.05', () => {
    expect(simulateGate({ ...base, trueDiff: 0 }).passRate).toBeGreaterThan(0.6);
  });

  it('flags a large true regression (−2δ) most of the time', () => {
    expect(simulateGate({ ...base, trueDiff: -0.1 }).regressionRate).toBeGreaterThan(0.5);
  });

  it('is deterministic for a seed and rejects impossible settings', () => {
    expect(simulateGate({ ...base, trials: 20, trueDiff: 0 })).toEqual(simulateGate({ ...base, trials: 20, trueDiff: 0 }));
    expect(() => simulateGate({ ...base, baseRate: 0.1, trueDiff: -0.3 })).toThrow(RangeError);
  });

  it('with the answered-share rule: equal error rates rarely alarm, a candidate erroring 5% against 1% is flagged', () => {
    const equal = simulateGate({ ...base, trueDiff: 0, errorRate: { baseline: 0.01, candidate: 0.01 } });
    expect(equal.regressionRate).toBeLessThan(0.08);
    const worse = simulateGate({ ...base, trueDiff: 0, errorRate: { baseline: 0.01, candidate: 0.05 } });
    expect(worse.regressionRate).toBeGreaterThan(0.95);
  });
});
