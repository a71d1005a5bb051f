// Tests for summariseMetric, compareModels and applyHolm over per-record typed arrays (NaN = not scored).
import { describe, expect, it } from 'vitest';
import { applyHolm, compareModels, summariseMetric } from '../../src/stats/index.ts';
import type { Comparison } from '../../src/types/results.ts';

const N = Number.NaN;

function binaryArrays(flags: (0 | 1 | null)[]): { values: Float64Array; pass: Uint8Array } {
  return {
    values: Float64Array.from(flags.map((f) => (f === null ? N : f))),
    pass: Uint8Array.from(flags.map((f) => (f === 1 ? 1 : 0))),
  };
}

describe('summariseMetric', () => {
  it('binary: pass rate over scored records with a Wilson interval; unscored records are not zeros', () => {
    const { values, pass } = binaryArrays([1, 1, 1, 1, 1, 1, 1, 1, 0, 0, null, null]);
    const s = summariseMetric(values, pass, 'binary', 12, 1);
    expect(s).toMatchObject({ kind: 'binary', scored: 10, expected: 12, passed: 8, mean: 0.8 });
    expect(s.ci?.low).toBeCloseTo(0.4902, 4);
    expect(s.ci?.high).toBeCloseTo(0.9433, 4);
  });

  it('continuous: mean and a seeded bootstrap interval', () => {
    const values = Float64Array.from([0.1, 0.5, N, 0.9, 0.3, 0.7]);
    const s = summariseMetric(values, new Uint8Array(6), 'continuous', 6, 42);
    expect(s.scored).toBe(5);
    expect(s.mean).toBeCloseTo(0.5, 12);
    expect(s.ci?.low).toBeLessThan(0.5);
    expect(s.ci?.high).toBeGreaterThan(0.5);
    expect(summariseMetric(values, new Uint8Array(6), 'continuous', 6, 42)).toEqual(s);
  });

  it('continuous with one scored record: a mean but no interval (one value says nothing about spread)', () => {
    // A bootstrap of one value is that value every time, which would print as the certain interval [0.7, 0.7].
    const s = summariseMetric(Float64Array.from([N, 0.7, N]), new Uint8Array(3), 'continuous', 3, 1);
    expect(s).toMatchObject({ scored: 1, mean: 0.7, ci: null });
    const two = summariseMetric(Float64Array.from([0.2, 0.6]), new Uint8Array(2), 'continuous', 2, 1);
    expect(two.ci).toEqual({ low: 0.2, high: 0.6 });
  });

  it('nothing scored: mean and ci are null', () => {
    const s = summariseMetric(Float64Array.from([N, N]), new Uint8Array(2), 'continuous', 2, 1);
    expect(s).toMatchObject({ mean: null, ci: null, scored: 0, expected: 2 });
  });
});

function compareBinary(base: (0 | 1 | null)[], cand: (0 | 1 | null)[]): Comparison {
  const b = binaryArrays(base);
  const c = binaryArrays(cand);
  return compareModels({
    baseline: 'base', candidate: 'cand', metric: 'm', kind: 'binary',
    baselineValues: b.values, candidateValues: c.values, baselinePass: b.pass, candidatePass: c.pass, seed: 1,
  });
}

describe('compareModels (binary)', () => {
  it('counts only records both scored, with wins/losses and McNemar', () => {
    // pairs: (1,1) (0,1) (0,1) (1,0) (0,0) and two records only one model scored
    const c = compareBinary([1, 0, 0, 1, 0, 1, null], [1, 1, 1, 0, 0, null, 1]);
    expect(c).toMatchObject({ paired: 5, wins: 2, losses: 1, baselineMean: 0.4, candidateMean: 0.6 });
    expect(c.difference).toBeCloseTo(0.2, 12);
    expect(c.pValue).toBeCloseTo(1, 12);
    expect(c.verdict).toBe('inconclusive');
  });

  it('counts a pass flag of NO_PASS (255: none recorded) as not passed, in both the summary and the comparison', () => {
    const values = Float64Array.from([1, 0, 1, 0]);
    const noFlag = Uint8Array.from([1, 255, 255, 0]);
    expect(summariseMetric(values, noFlag, 'binary', 4, 1)).toMatchObject({ scored: 4, passed: 1 });
    const c = compareModels({
      baseline: 'base', candidate: 'cand', metric: 'm', kind: 'binary',
      baselineValues: values, candidateValues: values, baselinePass: Uint8Array.from([1, 0, 1, 0]), candidatePass: noFlag, seed: 1,
    });
    expect(c).toMatchObject({ paired: 4, wins: 0, losses: 1 });
  });

  it('is significant with many one-sided discordant pairs', () => {
    const base = Array.from({ length: 100 }, (_, i) => (i < 50 ? 1 : 0) as 0 | 1);
    const cand = Array.from({ length: 100 }, (_, i) => (i < 70 ? 1 : 0) as 0 | 1);
    const c = compareBinary(base, cand);
    expect(c.wins).toBe(20);
    expect(c.losses).toBe(0);
    expect(c.pValue).toBeCloseTo(2 / 2 ** 20, 15);
    expect(c.verdict).toBe('better');
    expect(c.ci?.low).toBeGreaterThan(0);
  });

  it('is inconclusive when nothing is paired', () => {
    const c = compareBinary([1, null], [null, 1]);
    expect(c).toMatchObject({ paired: 0, verdict: 'inconclusive', ci: null, pValue: null, difference: null });
  });
});

describe('compareModels (continuous)', () => {
  const base = Float64Array.from({ length: 50 }, (_, i) => (i % 10) / 10);
  const run = (shift: number, seed = 1) =>
    compareModels({
      baseline: 'base', candidate: 'cand', metric: 'bleu', kind: 'continuous',
      baselineValues: base, candidateValues: base.map((v, i) => v + shift + ((i % 3) - 1) * 0.01),
      baselinePass: new Uint8Array(50), candidatePass: new Uint8Array(50), seed,
    });

  it('uses a paired bootstrap: a small consistent shift is detected', () => {
    const c = run(-0.02);
    expect(c.difference).toBeCloseTo(-0.02, 2);
    expect(c.verdict).toBe('worse');
    expect(c.ci?.high).toBeLessThan(0);
    expect(c.pValue).toBeNull();
  });

  it('no shift → inconclusive, deterministic per seed', () => {
    expect(run(0).verdict).toBe('inconclusive');
    expect(run(0.01, 5)).toEqual(run(0.01, 5));
  });

  it('gives no verdict on fewer than 10 paired records', () => {
    const c = compareModels({
      baseline: 'b', candidate: 'c', metric: 'm', kind: 'continuous',
      baselineValues: Float64Array.from([0, 0, 0]), candidateValues: Float64Array.from([1, 1, 1]),
      baselinePass: new Uint8Array(3), candidatePass: new Uint8Array(3), seed: 1,
    });
    expect(c.verdict).toBe('inconclusive');
  });
});

describe('applyHolm', () => {
  const cmp = (metric: string, pValue: number | null, difference: number): Comparison => ({
    baseline: 'b', candidate: 'c', metric, kind: pValue === null ? 'continuous' : 'binary', paired: 10,
    baselineMean: 0.5, candidateMean: 0.5 + difference, difference, ci: { low: -1, high: 1 },
    pValue, pAdjusted: pValue, verdict: pValue !== null && pValue < 0.05 ? (difference > 0 ? 'better' : 'worse') : 'inconclusive',
  });

  it('adjusts binary p-values as one family and re-derives their verdicts', () => {
    const out = applyHolm([cmp('a', 0.01, 0.1), cmp('b', 0.04, -0.1), cmp('c', null, 0.2), cmp('d', 0.03, 0.1)]);
    expect(out.map((c) => c.pAdjusted)).toEqual([0.03, 0.06, null, 0.06]);
    expect(out.map((c) => c.verdict)).toEqual(['better', 'inconclusive', 'inconclusive', 'inconclusive']);
  });

  it('does not mutate its input', () => {
    const input = [cmp('a', 0.04, 0.1), cmp('b', 0.04, 0.1)];
    applyHolm(input);
    expect(input[0]?.pAdjusted).toBe(0.04);
  });
});

describe('verdict words', () => {
  it('+50 pp on 4 paired records is inconclusive (the interval spans both sides), not a claim of no difference', () => {
    const c = compareBinary([0, 0, 1, 1], [1, 1, 1, 1]);
    expect(c.difference).toBeCloseTo(0.5, 12);
    expect(c.ci!.low).toBeLessThan(0);
    expect(c.verdict).toBe('inconclusive');
  });

  it('says equivalent only with a margin configured and the interval inside ±margin', () => {
    const flags = Array.from({ length: 2000 }, (_, i) => (i % 3 === 0 ? 0 : 1) as 0 | 1);
    const b = binaryArrays(flags);
    const input = { baseline: 'a', candidate: 'b', metric: 'm', kind: 'binary' as const, baselineValues: b.values, candidateValues: b.values, baselinePass: b.pass, candidatePass: b.pass, seed: 1 };
    expect(compareModels(input).verdict).toBe('inconclusive');
    expect(compareModels({ ...input, equivalenceMargin: 0.02 }).verdict).toBe('equivalent');
    expect(compareModels({ ...input, equivalenceMargin: 0.02 }).equivalenceMargin).toBe(0.02);
    // identical models, but a margin narrower than the interval: still cannot tell
    const few = binaryArrays(flags.slice(0, 20));
    expect(compareModels({ ...input, baselineValues: few.values, candidateValues: few.values, baselinePass: few.pass, candidatePass: few.pass, equivalenceMargin: 0.02 }).verdict).toBe('inconclusive');
  });

  it('is incomplete whenever records were not run, even when the data say better', () => {
    const base = binaryArrays(Array.from({ length: 200 }, () => 0 as const));
    const cand = binaryArrays(Array.from({ length: 200 }, () => 1 as const));
    const input = { baseline: 'a', candidate: 'b', metric: 'm', kind: 'binary' as const, baselineValues: base.values, candidateValues: cand.values, baselinePass: base.pass, candidatePass: cand.pass, seed: 1 };
    expect(compareModels(input).verdict).toBe('better');
    expect(compareModels({ ...input, notRun: 3 }).verdict).toBe('incomplete');
    expect(applyHolm([compareModels({ ...input, notRun: 3 })])[0]!.verdict).toBe('incomplete');
  });

  it('compares a pairwise judge metric with a tie (½): wins as 1, ties as ½', () => {
    const v = Float64Array.from({ length: 40 }, (_, i) => (i % 4 === 0 ? 0.5 : 1));
    const none = new Float64Array(40).fill(N);
    const pass = new Uint8Array(40).fill(255);
    const c = compareModels({ baseline: 'a', candidate: 'b', metric: 'pair', kind: 'continuous', baselineValues: none, candidateValues: v, baselinePass: pass, candidatePass: pass, seed: 1, pairwise: true });
    expect(c).toMatchObject({ paired: 40, baselineMean: 0.5, wins: 30, losses: 0, verdict: 'better', pairwise: true });
    expect(c.candidateMean).toBeCloseTo(0.875, 12);
  });
});
