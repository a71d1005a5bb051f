// `length`: the output's length in characters (code points) and/or words lies within bounds.
import type { Scorer } from '../types/scorer.ts';
import { parseOptions } from './options.ts';
import { ScorerConfigError } from './errors.ts';
import { binary } from './expected.ts';

const LENGTH = { min: 'number', max: 'number', minWords: 'number', maxWords: 'number' } as const;

/** Count Unicode code points, so an emoji or a CJK character counts as one. */
export function charCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export function wordCount(s: string): number {
  const t = s.trim();
  return t === '' ? 0 : t.split(/\s+/u).length;
}

/** `length`: needs no expected answer; at least one of min, max, minWords, maxWords. */
export function lengthScorer(options?: Record<string, unknown>, where = 'length'): Scorer {
  const o = parseOptions(options, LENGTH, where);
  if (o.min === undefined && o.max === undefined && o.minWords === undefined && o.maxWords === undefined) {
    throw new ScorerConfigError(`${where}: give at least one of the options min, max, minWords, maxWords`);
  }
  return {
    name: o.name ?? 'length',
    kind: 'binary',
    score({ output }) {
      const chars = charCount(output.text);
      const words = wordCount(output.text);
      const problems: string[] = [];
      if (o.min !== undefined && chars < o.min) problems.push(`${chars} characters < min ${o.min}`);
      if (o.max !== undefined && chars > o.max) problems.push(`${chars} characters > max ${o.max}`);
      if (o.minWords !== undefined && words < o.minWords) problems.push(`${words} words < minWords ${o.minWords}`);
      if (o.maxWords !== undefined && words > o.maxWords) problems.push(`${words} words > maxWords ${o.maxWords}`);
      return problems.length === 0
        ? binary(true, `Length ${chars} characters, ${words} words is within bounds`)
        : binary(false, `Expected length within bounds: ${problems.join('; ')}`);
    },
  };
}
