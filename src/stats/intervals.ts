// Confidence intervals: Wilson (one proportion), Newcombe (paired difference of proportions), percentile bootstrap.
import type { Interval } from '../types/results.ts';
import { normalQuantile } from './distributions.ts';

function zFor(confidence: number): number {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  return normalQuantile(1 - (1 - confidence) / 2);
}

/** Wilson score interval for passed/n. n = 0 gives the uninformative [0, 1]. */
export function wilson(passed: number, n: number, confidence = 0.95): Interval {
  if (n <= 0) return { low: 0, high: 1 };
  const z = zFor(confidence);
  const p = passed / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At 0 or n passes one bound is exactly 0 or 1; computed, it comes out a rounding error away (5.6e-17 for 0 of 150).
  return { low: passed <= 0 ? 0 : Math.max(0, centre - half), high: passed >= n ? 1 : Math.min(1, centre + half) };
}

/** The four cells of a paired 2×2 table of pass/fail outcomes. */
export interface PairedCounts {
  /** Both passed. */
  both: number;
  /** Candidate passed, baseline failed. */
  wins: number;
  /** Candidate failed, baseline passed. */
  losses: number;
  /** Both failed. */
  neither: number;
}

/**
 * Newcombe's square-and-add interval (1998, method 10) for the paired difference of proportions
 * candidate − baseline: Wilson intervals for each margin, combined with the (continuity-adjusted) phi correlation.
 */
export function newcombePairedCI(c: PairedCounts, confidence = 0.95): Interval {
  const n = c.both + c.wins + c.losses + c.neither;
  if (n === 0) return { low: -1, high: 1 };
  const x1 = c.both + c.wins; // candidate passes
  const x2 = c.both + c.losses; // baseline passes
  const p1 = x1 / n;
  const p2 = x2 / n;
  const w1 = wilson(x1, n, confidence);
  const w2 = wilson(x2, n, confidence);
  const f1 = c.both + c.wins;
  const f2 = c.losses + c.neither;
  const g1 = c.both + c.losses;
  const g2 = c.wins + c.neither;
  let phi = 0;
  if (f1 > 0 && f2 > 0 && g1 > 0 && g2 > 0) {
    const a = c.both * c.neither - c.wins * c.losses;
    const root = Math.sqrt(f1 * f2 * g1 * g2);
    if (a > n / 2) phi = (a - n / 2) / root;
    else if (a < 0) phi = a / root;
  }
  const d = p1 - p2;
  const lowTerm = (p1 - w1.low) ** 2 - 2 * phi * (p1 - w1.low) * (w2.high - p2) + (w2.high - p2) ** 2;
  const highTerm = (w1.high - p1) ** 2 - 2 * phi * (w1.high - p1) * (p2 - w2.low) + (p2 - w2.low) ** 2;
  return { low: Math.max(-1, d - Math.sqrt(Math.max(0, lowTerm))), high: Math.min(1, d + Math.sqrt(Math.max(0, highTerm))) };
}

/** Options for the seeded percentile bootstrap. */
export interface BootstrapOptions {
  /** PRNG seed: same seed and data, same interval. */
  seed: number;
  /** @default 2000 */
  iterations?: number;
  /** @default 0.95 */
  confidence?: number;
}

/** Linear-interpolated quantile (numpy's default) of an ascending-sorted array, q in [0, 1]. */
export function sortedQuantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo] ?? NaN;
  const b = sorted[hi] ?? NaN;
  return a + (b - a) * (pos - lo);
}

/**
 * Percentile bootstrap interval for the mean. Resamples indices with a seeded mulberry32 stream; the only
 * allocations are the input copy and the array of resampled means, so 50k values × 2000 iterations stays fast.
 */
export function bootstrapMeanCI(values: ArrayLike<number>, opts: BootstrapOptions): Interval {
  const n = values.length;
  if (n === 0) throw new RangeError('bootstrapMeanCI needs at least one value');
  const iterations = opts.iterations ?? 2000;
  const confidence = opts.confidence ?? 0.95;
  zFor(confidence);
  const v = Float64Array.from(values as ArrayLike<number>);
  let allSame = true;
  for (let i = 1; i < n && allSame; i++) allSame = v[i] === v[0];
  if (allSame) return { low: v[0] ?? NaN, high: v[0] ?? NaN };
  const means = new Float64Array(iterations);
  // mulberry32 (see random.ts) inlined: this loop runs iterations × n times (10⁸ for 50k records), and the
  // inlined form is about twice as fast as calling the closure. Same sequence as mulberry32(seed).
  let a = opts.seed >>> 0;
  for (let it = 0; it < iterations; it++) {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), a | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      sum += v[Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n)] as number;
    }
    means[it] = sum / n;
  }
  means.sort();
  const alpha = 1 - confidence;
  return { low: sortedQuantile(means, alpha / 2), high: sortedQuantile(means, 1 - alpha / 2) };
}

/** Paired bootstrap interval for mean(b − a); `a` and `b` are aligned and fully scored. */
export function pairedBootstrapDiffCI(a: ArrayLike<number>, b: ArrayLike<number>, opts: BootstrapOptions): Interval {
  if (a.length !== b.length) throw new RangeError(`paired arrays differ in length: ${a.length} vs ${b.length}`);
  const d = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) d[i] = (b[i] as number) - (a[i] as number);
  return bootstrapMeanCI(d, opts);
}

/** The p-th percentile (0–100, linear interpolation) of the non-NaN values; NaN when there are none. */
export function percentile(values: ArrayLike<number>, p: number): number {
  const kept: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    if (!Number.isNaN(x)) kept.push(x);
  }
  const sorted = Float64Array.from(kept).sort();
  return sortedQuantile(sorted, Math.min(100, Math.max(0, p)) / 100);
}
