// Intervals and tests against reference values: Wilson (closed form), Newcombe paired (R package contingencytables,
// tests for Newcombe_square_and_add_CI_paired_2x2 on the Cavo et al. 2012 table), exact McNemar (binomial tails
// computed exactly with integer arithmetic), Holm (hand-worked).
import { describe, expect, it } from 'vitest';
import {
  binomialHalfCdf, bootstrapMeanCI, holm, mcnemarExact, newcombePairedCI, normalQuantile, pairedBootstrapDiffCI, percentile, wilson,
} from '../../src/stats/index.ts';

describe('normalQuantile', () => {
  it.each([
    [0.975, 1.959963984540054],
    [0.5, 0],
    [0.995, 2.5758293035489],
    [0.01, -2.3263478740408408],
  ])('Φ⁻¹(%d) = %d', (p, z) => {
    expect(normalQuantile(p)).toBeCloseTo(z, 14);
  });
});

describe('wilson', () => {
  it.each([
    [8, 10, 0.4902, 0.9433],
    [0, 10, 0, 0.2775],
    [10, 10, 0.7225, 1],
    [50, 100, 0.4038, 0.5962],
  ])('%d/%d → [%d, %d]', (x, n, low, high) => {
    const ci = wilson(x, n);
    expect(ci.low).toBeCloseTo(low, 4);
    expect(ci.high).toBeCloseTo(high, 4);
  });

  it('has a bound of exactly 0 at no passes and exactly 1 at all passes (reports print it)', () => {
    for (const n of [1, 7, 10, 150, 1319, 50_000]) {
      expect(wilson(0, n).low).toBe(0);
      expect(wilson(n, n).high).toBe(1);
    }
  });

  it('is [0, 1] with no data and narrower at lower confidence', () => {
    expect(wilson(0, 0)).toEqual({ low: 0, high: 1 });
    const w90 = wilson(8, 10, 0.9);
    expect(w90.low).toBeGreaterThan(0.4902);
    expect(w90.high).toBeLessThan(0.9433);
  });
});

describe('newcombePairedCI', () => {
  it('matches contingencytables on Cavo et al. (2012): −0.0621 (−0.1186 to −0.0046)', () => {
    // Table [[59, 6], [16, 80]]: first variable = candidate (59 + 6 passes), second = baseline (59 + 16).
    const ci = newcombePairedCI({ both: 59, wins: 6, losses: 16, neither: 80 });
    expect(ci.low).toBeCloseTo(-0.1186, 4);
    expect(ci.high).toBeCloseTo(-0.0046, 4);
  });

  it('is symmetric under swapping the models', () => {
    const a = newcombePairedCI({ both: 30, wins: 12, losses: 4, neither: 54 });
    const b = newcombePairedCI({ both: 30, wins: 4, losses: 12, neither: 54 });
    expect(a.low).toBeCloseTo(-b.high, 12);
    expect(a.high).toBeCloseTo(-b.low, 12);
  });

  it('contains 0 when there are no discordant pairs, and stays within [−1, 1]', () => {
    const ci = newcombePairedCI({ both: 5, wins: 0, losses: 0, neither: 5 });
    expect(ci.low).toBeLessThanOrEqual(0);
    expect(ci.high).toBeGreaterThanOrEqual(0);
    const all = newcombePairedCI({ both: 0, wins: 10, losses: 0, neither: 0 });
    expect(all.high).toBeLessThanOrEqual(1);
    expect(all.low).toBeGreaterThan(0);
  });
});

describe('mcnemarExact', () => {
  it.each([
    [2, 8, 0.109375],
    [0, 5, 0.0625],
    [1, 9, 0.021484375],
    [5, 5, 1],
    [10, 25, 0.01667384780012071],
    [400, 500, 0.0009564441369189461],
    [4000, 4200, 0.027972423571324383],
    [0, 0, 1],
  ])('b=%d c=%d → p=%d', (b, c, p) => {
    expect(mcnemarExact(b, c)).toBeCloseTo(p, 10);
    expect(mcnemarExact(c, b)).toBeCloseTo(p, 10);
  });

  it('binomial tail edge cases', () => {
    expect(binomialHalfCdf(-1, 10)).toBe(0);
    expect(binomialHalfCdf(10, 10)).toBe(1);
    expect(binomialHalfCdf(0, 1)).toBeCloseTo(0.5, 15);
  });
});

describe('holm', () => {
  it.each([
    [[0.01, 0.04, 0.03, 0.005], [0.03, 0.06, 0.06, 0.02]],
    [[0.5, 0.6], [1, 1]],
    [[0.2], [0.2]],
    [[], []],
    [[0.01, 0.01], [0.02, 0.02]],
  ])('%j → %j', (ps, adjusted) => {
    const out = holm(ps);
    expect(out).toHaveLength(adjusted.length);
    out.forEach((v, i) => expect(v).toBeCloseTo(adjusted[i] ?? NaN, 12));
  });
});

describe('percentile', () => {
  it.each([
    [[1, 2, 3, 4], 50, 2.5],
    [[10, 20, 30, 40, 50], 95, 48],
    [[5], 95, 5],
    [[3, Number.NaN, 1, 2], 50, 2],
  ])('%j p%d = %d', (values, p, v) => {
    expect(percentile(values, p)).toBeCloseTo(v, 12);
  });

  it('is NaN for no values', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('bootstrap', () => {
  const values = Array.from({ length: 400 }, (_, i) => Math.sin(i * 12.9898) * 0.5 + 0.5);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));

  it('same seed, same interval; another seed, a slightly different one', () => {
    const a = bootstrapMeanCI(values, { seed: 7 });
    expect(bootstrapMeanCI(values, { seed: 7 })).toEqual(a);
    expect(bootstrapMeanCI(values, { seed: 8 })).not.toEqual(a);
  });

  it('brackets the mean with about the normal-theory width', () => {
    const ci = bootstrapMeanCI(Float64Array.from(values), { seed: 1, iterations: 4000 });
    expect(ci.low).toBeLessThan(mean);
    expect(ci.high).toBeGreaterThan(mean);
    const normalWidth = 2 * 1.96 * (sd / Math.sqrt(values.length));
    expect((ci.high - ci.low) / normalWidth).toBeGreaterThan(0.85);
    expect((ci.high - ci.low) / normalWidth).toBeLessThan(1.15);
  });

  it('is a point for constant data and rejects empty input', () => {
    expect(bootstrapMeanCI([2, 2, 2], { seed: 1 })).toEqual({ low: 2, high: 2 });
    expect(() => bootstrapMeanCI([], { seed: 1 })).toThrow(RangeError);
  });

  it('paired difference interval is the interval of b − a', () => {
    const a = values;
    const b = values.map((v) => v + 0.1);
    const ci = pairedBootstrapDiffCI(a, b, { seed: 3 });
    expect(ci.low).toBeCloseTo(0.1, 10);
    expect(ci.high).toBeCloseTo(0.1, 10);
    expect(() => pairedBootstrapDiffCI([1], [1, 2], { seed: 1 })).toThrow(RangeError);
  });
});
