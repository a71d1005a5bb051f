// SQuAD v1.1 exact match and token F1, ported line for line from the official evaluate-v1.1.py script.
import type { Scorer } from '../types/scorer.ts';
import { parseOptions } from './options.ts';
import { NO_EXPECTED, binary, continuous, fmt, quote, references } from './expected.ts';

// Python's string.punctuation (ASCII only, as the script uses it).
const PUNCT = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');
// `\b(a|an|the)\b` with Python 3's Unicode-aware word boundary.
const ARTICLES = /(?<![\p{L}\p{N}_])(?:a|an|the)(?![\p{L}\p{N}_])/gu;
// What Python's str.split() splits on: Unicode whitespace plus the ASCII separators \x1c-\x1f and NEL.
const PY_WS = /[\s\x1c-\x1f\x85]+/u;

/** Python `' '.join(s.split())`-style tokens. */
export function pySplit(s: string): string[] {
  return s.split(PY_WS).filter((t) => t !== '');
}

/** normalize_answer: lower, remove punctuation, remove articles, fix whitespace (in the script's order). */
export function normalizeAnswer(s: string): string {
  const lower = s.toLowerCase();
  let noPunc = '';
  for (const ch of lower) if (!PUNCT.has(ch)) noPunc += ch;
  return pySplit(noPunc.replace(ARTICLES, ' ')).join(' ');
}

export function exactMatchScore(prediction: string, groundTruth: string): boolean {
  return normalizeAnswer(prediction) === normalizeAnswer(groundTruth);
}

export function f1Score(prediction: string, groundTruth: string): number {
  const pred = normalizeAnswer(prediction).split(' ').filter((t) => t !== '');
  const gold = normalizeAnswer(groundTruth).split(' ').filter((t) => t !== '');
  const counts = new Map<string, number>();
  for (const t of gold) counts.set(t, (counts.get(t) ?? 0) + 1);
  let same = 0;
  for (const t of pred) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      same++;
      counts.set(t, c - 1);
    }
  }
  if (same === 0) return 0;
  const precision = same / pred.length;
  const recall = same / gold.length;
  return (2 * precision * recall) / (precision + recall);
}

/** metric_max_over_ground_truths. */
export function maxOverGolds<T extends number | boolean>(fn: (p: string, g: string) => T, prediction: string, golds: string[]): { best: number; gold: string } {
  let best = -1;
  let gold = '';
  for (const g of golds) {
    const v = Number(fn(prediction, g));
    if (v > best) [best, gold] = [v, g];
  }
  return { best, gold };
}

const SQUAD = { value: 'text' } as const;

/** `squad-em` [binary]: exact match after normalize_answer, best over gold answers. */
export function squadEmScorer(options?: Record<string, unknown>, where = 'squad-em'): Scorer {
  const o = parseOptions(options, SQUAD, where);
  return {
    name: o.name ?? 'squad-em',
    kind: 'binary',
    score(input) {
      const golds = references(input, o.value);
      if (golds.length === 0) return NO_EXPECTED;
      const { best, gold } = maxOverGolds(exactMatchScore, input.output.text, golds);
      return best === 1
        ? binary(true, `Exact match with ${quote(gold)}`)
        : binary(false, `Expected an exact match with ${golds.map((g) => quote(g, 40)).join(' or ')}`);
    },
  };
}

const SQUAD_F1 = { value: 'text', threshold: 'number' } as const;

/** `squad-f1` [continuous 0–1]: token F1 after normalize_answer, best over gold answers. */
export function squadF1Scorer(options?: Record<string, unknown>, where = 'squad-f1'): Scorer {
  const o = parseOptions(options, SQUAD_F1, where);
  return {
    name: o.name ?? 'squad-f1',
    kind: 'continuous',
    score(input) {
      const golds = references(input, o.value);
      if (golds.length === 0) return NO_EXPECTED;
      const { best, gold } = maxOverGolds(f1Score, input.output.text, golds);
      return continuous(best, `Token F1 ${fmt(best)} against ${quote(gold)}`, o.threshold);
    },
  };
}
