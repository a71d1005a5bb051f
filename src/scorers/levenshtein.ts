// `levenshtein`: normalised edit similarity 1 − distance / max(length), over Unicode code points.
import type { Scorer } from '../types/scorer.ts';
import { checkRange, parseOptions } from './options.ts';
import { NO_EXPECTED, columnName, continuous, fmt, quote, references } from './expected.ts';

/** Edit distance (insert, delete, substitute; unit costs) between two code-point sequences, O(n·m) time, O(m) memory. */
export function levenshteinDistance(a: string, b: string): number {
  const s = Array.from(a);
  const t = Array.from(b);
  if (s.length === 0) return t.length;
  if (t.length === 0) return s.length;
  let prev = new Uint32Array(t.length + 1);
  let curr = new Uint32Array(t.length + 1);
  for (let j = 0; j <= t.length; j++) prev[j] = j;
  for (let i = 1; i <= s.length; i++) {
    curr[0] = i;
    const si = s[i - 1];
    for (let j = 1; j <= t.length; j++) {
      const cost = si === t[j - 1] ? 0 : 1;
      const del = (prev[j] ?? 0) + 1;
      const ins = (curr[j - 1] ?? 0) + 1;
      const sub = (prev[j - 1] ?? 0) + cost;
      curr[j] = del < ins ? (del < sub ? del : sub) : ins < sub ? ins : sub;
    }
    [prev, curr] = [curr, prev];
  }
  return prev[t.length] ?? 0;
}

/** 1 − dist / max(len); two empty strings are identical (1). */
export function levenshteinSimilarity(a: string, b: string): number {
  const max = Math.max(Array.from(a).length, Array.from(b).length);
  return max === 0 ? 1 : 1 - levenshteinDistance(a, b) / max;
}

const LEVENSHTEIN = { value: 'text', threshold: 'number', ignoreCase: 'boolean' } as const;

/** `levenshtein` [continuous 0–1]: best similarity over the references; `threshold` sets pass. */
export function levenshteinScorer(options?: Record<string, unknown>, where = 'levenshtein'): Scorer {
  const o = parseOptions(options, LEVENSHTEIN, where);
  checkRange(where, 'threshold', o.threshold, 0, 1);
  const fold = (s: string) => (o.ignoreCase ? s.toLowerCase() : s);
  return {
    name: columnName('levenshtein', o.name, o.value),
    kind: 'continuous',
    score(input) {
      const refs = references(input, o.value);
      if (refs.length === 0) return NO_EXPECTED;
      let best = -1;
      let bestRef = '';
      for (const r of refs) {
        const sim = levenshteinSimilarity(fold(input.output.text), fold(r));
        if (sim > best) [best, bestRef] = [sim, r];
      }
      return continuous(best, `Edit similarity ${fmt(best)} to ${quote(bestRef)}`, o.threshold);
    },
  };
}
