// ROUGE-1/2/L as google-research rouge-score's RougeScorer (default tokenizer, optional Porter stemming).
import type { Scorer } from '../types/scorer.ts';
import { checkRange, parseOptions } from './options.ts';
import { NO_EXPECTED, continuous, fmt, references } from './expected.ts';
import { porterStem } from './porter.ts';

/** Precision, recall and F-measure, each 0–1. */
export interface RougeScore {
  precision: number;
  recall: number;
  fmeasure: number;
}

/** rouge-score's tokenize: lowercase, non-[a-z0-9] → space, split; stem tokens longer than 3 chars when asked. */
export function rougeTokenize(text: string, stem = false): string[] {
  const tokens = text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').split(/\s+/);
  return tokens.map((t) => (stem && t.length > 3 ? porterStem(t) : t)).filter((t) => /^[a-z0-9]+$/.test(t));
}

function fmeasure(p: number, r: number): number {
  return p + r > 0 ? (2 * p * r) / (p + r) : 0;
}

function ngrams(tokens: string[], n: number): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    // Tokens are [a-z0-9]+, so a space joins them unambiguously.
    const k = tokens.slice(i, i + n).join(' ');
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

/** ROUGE-N over token lists (target = reference, prediction = model output). */
export function rougeN(target: string[], prediction: string[], n: number): RougeScore {
  const t = ngrams(target, n);
  const p = ngrams(prediction, n);
  let overlap = 0;
  let tCount = 0;
  let pCount = 0;
  for (const [k, c] of t) {
    overlap += Math.min(c, p.get(k) ?? 0);
    tCount += c;
  }
  for (const c of p.values()) pCount += c;
  const precision = overlap / Math.max(pCount, 1);
  const recall = overlap / Math.max(tCount, 1);
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

/** Length of the longest common subsequence, two-row DP. */
export function lcsLength(a: string[], b: string[]): number {
  let prev = new Uint32Array(b.length + 1);
  let curr = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    const ai = a[i - 1];
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] ?? 0;
      const left = curr[j - 1] ?? 0;
      curr[j] = ai === b[j - 1] ? (prev[j - 1] ?? 0) + 1 : up > left ? up : left;
    }
    [prev, curr] = [curr, prev];
  }
  return prev[b.length] ?? 0;
}

/** ROUGE-L (sentence level, no summary-level union LCS). */
export function rougeL(target: string[], prediction: string[]): RougeScore {
  if (target.length === 0 || prediction.length === 0) return { precision: 0, recall: 0, fmeasure: 0 };
  const lcs = lcsLength(target, prediction);
  const precision = lcs / prediction.length;
  const recall = lcs / target.length;
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

export type RougeType = 'rouge-1' | 'rouge-2' | 'rouge-l';

/** Score one prediction against one target, as RougeScorer([type]).score(target, prediction). */
export function rouge(type: RougeType, target: string, prediction: string, stem = false): RougeScore {
  const t = rougeTokenize(target, stem);
  const p = rougeTokenize(prediction, stem);
  return type === 'rouge-l' ? rougeL(t, p) : rougeN(t, p, type === 'rouge-1' ? 1 : 2);
}

const ROUGE = { value: 'text', measure: ['f', 'p', 'r'], stemmer: 'boolean', threshold: 'number' } as const;
const MEASURE = { f: 'fmeasure', p: 'precision', r: 'recall' } as const;

function rougeFactory(type: RougeType) {
  return (options?: Record<string, unknown>, where: string = type): Scorer => {
    const o = parseOptions(options, ROUGE, where);
    checkRange(where, 'threshold', o.threshold, 0, 1);
    const field = MEASURE[o.measure ?? 'f'];
    return {
      name: o.name ?? type,
      kind: 'continuous',
      score(input) {
        const refs = references(input, o.value);
        if (refs.length === 0) return NO_EXPECTED;
        // Several references: the best one, as rouge-score's score_multi does (by F-measure).
        let best: RougeScore | undefined;
        for (const r of refs) {
          const s = rouge(type, r, input.output.text, o.stemmer ?? false);
          if (best === undefined || s.fmeasure > best.fmeasure) best = s;
        }
        const s = best ?? { precision: 0, recall: 0, fmeasure: 0 };
        const reason = `${type.toUpperCase()} P ${fmt(s.precision)} R ${fmt(s.recall)} F ${fmt(s.fmeasure)}`;
        return continuous(s[field], reason, o.threshold);
      },
    };
  };
}

export const rouge1Scorer = rougeFactory('rouge-1');
export const rouge2Scorer = rougeFactory('rouge-2');
export const rougeLScorer = rougeFactory('rouge-l');
