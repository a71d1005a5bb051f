// Hypothesis tests: McNemar's exact test for paired binary outcomes, and Holm's step-down adjustment.
import { binomialHalfCdf } from './distributions.ts';

/** Two-sided exact McNemar p-value from the discordant counts b and c: 2·P(X ≤ min(b, c)), X ~ Bin(b + c, ½), capped at 1. */
export function mcnemarExact(b: number, c: number): number {
  const n = b + c;
  if (n === 0) return 1;
  return Math.min(1, 2 * binomialHalfCdf(Math.min(b, c), n));
}

/** Holm-adjusted p-values, in input order: monotone in the sorted order and capped at 1. */
export function holm(pValues: number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((x, y) => x[0] - y[0]);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach(([p, i], rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    out[i] = running;
  });
  return out;
}
