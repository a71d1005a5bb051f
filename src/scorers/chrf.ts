// chrF (and chrF++ with wordOrder) as sacreBLEU 2.x computes it, on sacreBLEU's 0–100 scale.
import type { Scorer } from '../types/scorer.ts';
import { parseOptions } from './options.ts';
import { NO_EXPECTED, continuous, fmt, references } from './expected.ts';
import { pySplit } from './squad.ts';

/** sacreBLEU CHRF options; defaults are sacreBLEU's (chrF2, 6 character orders, no word orders). */
export interface ChrfOptions {
  /** @default 6 */
  charOrder?: number;
  /** 2 gives chrF++. @default 0 */
  wordOrder?: number;
  /** @default 2 */
  beta?: number;
  /** @default false */
  lowercase?: boolean;
  /** Keep whitespace inside character n-grams. @default false */
  whitespace?: boolean;
  /** chrF++.py-style epsilon smoothing instead of effective-order averaging. @default false */
  epsSmoothing?: boolean;
}

const PUNCTS = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

function count<T>(items: T[]): Map<T, number> {
  const m = new Map<T, number>();
  for (const x of items) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

function charNgrams(line: string, order: number, whitespace: boolean): Map<string, number>[] {
  // Python indexes strings by code point, so we do too.
  const chars = Array.from(whitespace ? line : pySplit(line).join(''));
  const out: Map<string, number>[] = [];
  for (let n = 1; n <= order; n++) {
    const grams: string[] = [];
    for (let i = 0; i + n <= chars.length; i++) grams.push(chars.slice(i, i + n).join(''));
    out.push(count(grams));
  }
  return out;
}

function removePunctuation(sent: string): string[] {
  const out: string[] = [];
  for (const w of pySplit(sent)) {
    const cps = Array.from(w);
    if (cps.length === 1) out.push(w);
    else if (PUNCTS.has(cps[cps.length - 1] ?? '')) out.push(cps.slice(0, -1).join(''), cps[cps.length - 1] ?? '');
    else if (PUNCTS.has(cps[0] ?? '')) out.push(cps[0] ?? '', cps.slice(1).join(''));
    else out.push(w);
  }
  return out;
}

function wordNgrams(words: string[], n: number): Map<string, number> {
  const grams: string[] = [];
  for (let i = 0; i + n <= words.length; i++) grams.push(words.slice(i, i + n).join('\u0000'));
  return count(grams);
}

function allNgrams(s: string, o: Required<ChrfOptions>): Map<string, number>[] {
  const line = o.lowercase ? s.toLowerCase() : s;
  const grams = charNgrams(line, o.charOrder, o.whitespace);
  if (o.wordOrder > 0) {
    const words = removePunctuation(line);
    for (let n = 1; n <= o.wordOrder; n++) grams.push(wordNgrams(words, n));
  }
  return grams;
}

function matchStats(hyp: Map<string, number>, ref: Map<string, number>): [number, number, number] {
  let match = 0;
  let hypCount = 0;
  for (const [g, c] of hyp) {
    hypCount += c;
    const r = ref.get(g);
    if (r !== undefined) match += Math.min(c, r);
  }
  let refCount = 0;
  for (const c of ref.values()) refCount += c;
  return [ref.size > 0 ? hypCount : 0, refCount, match];
}

function fScore(stats: number[], o: Required<ChrfOptions>): number {
  const eps = 1e-16;
  const factor = o.beta ** 2;
  const order = o.charOrder + o.wordOrder;
  let score = 0;
  let eff = 0;
  let avgP = 0;
  let avgR = 0;
  for (let i = 0; i < order; i++) {
    const nHyp = stats[3 * i] ?? 0;
    const nRef = stats[3 * i + 1] ?? 0;
    const nMatch = stats[3 * i + 2] ?? 0;
    const prec = nHyp > 0 ? nMatch / nHyp : eps;
    const rec = nRef > 0 ? nMatch / nRef : eps;
    const denom = factor * prec + rec;
    score += denom > 0 ? ((1 + factor) * prec * rec) / denom : eps;
    if (nHyp > 0 && nRef > 0) {
      avgP += prec;
      avgR += rec;
      eff++;
    }
  }
  if (o.epsSmoothing) return (100 * score) / order;
  if (eff === 0) return 0;
  avgP /= eff;
  avgR /= eff;
  if (avgP + avgR === 0) return 0;
  return (100 * ((1 + factor) * avgP * avgR)) / (factor * avgP + avgR);
}

function resolve(o: ChrfOptions): Required<ChrfOptions> {
  return {
    charOrder: o.charOrder ?? 6,
    wordOrder: o.wordOrder ?? 0,
    beta: o.beta ?? 2,
    lowercase: o.lowercase ?? false,
    whitespace: o.whitespace ?? false,
    epsSmoothing: o.epsSmoothing ?? false,
  };
}

function segmentStats(hyp: string, refs: string[], o: Required<ChrfOptions>): number[] {
  const h = allNgrams(hyp, o);
  let best: number[] = [];
  let bestF = -1;
  for (const ref of refs) {
    const r = allNgrams(ref, o);
    const stats = h.flatMap((g, i) => matchStats(g, r[i] ?? new Map()));
    const f = fScore(stats, o);
    if (f > bestF) [bestF, best] = [f, stats];
  }
  return best;
}

/** sacreBLEU sentence_chrf(hyp, refs). */
export function sentenceChrf(hyp: string, refs: string[], options: ChrfOptions = {}): number {
  const o = resolve(options);
  return fScore(segmentStats(hyp, refs, o), o);
}

/** sacreBLEU corpus_chrf; `refs[i]` holds the reference(s) of `hyps[i]`. */
export function corpusChrf(hyps: string[], refs: (string | string[])[], options: ChrfOptions = {}): number {
  if (hyps.length !== refs.length) throw new RangeError(`corpusChrf: ${hyps.length} hypotheses but ${refs.length} reference rows`);
  const o = resolve(options);
  const sum: number[] = [];
  hyps.forEach((h, i) => {
    const r = refs[i] ?? [];
    segmentStats(h, typeof r === 'string' ? [r] : r, o).forEach((v, j) => (sum[j] = (sum[j] ?? 0) + v));
  });
  return fScore(sum, o);
}

const CHRF = {
  value: 'text',
  charOrder: 'number',
  wordOrder: 'number',
  beta: 'number',
  lowercase: 'boolean',
  whitespace: 'boolean',
  epsSmoothing: 'boolean',
  threshold: 'number',
} as const;

/** `chrf` [continuous 0–100]. */
export function chrfScorer(options?: Record<string, unknown>, where = 'chrf'): Scorer {
  const o = parseOptions(options, CHRF, where);
  return {
    name: o.name ?? 'chrf',
    kind: 'continuous',
    score(input) {
      const refs = references(input, o.value);
      if (refs.length === 0) return NO_EXPECTED;
      const v = sentenceChrf(input.output.text, refs, o);
      return continuous(v, `chrF ${fmt(v)}`, o.threshold);
    },
  };
}
