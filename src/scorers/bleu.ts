// BLEU as sacreBLEU computes it: 13a tokenisation, clipped n-gram counts up to 4, smoothing, 0–100 scale.
import type { Scorer } from '../types/scorer.ts';
import { parseOptions } from './options.ts';
import { NO_EXPECTED, continuous, fmt, references } from './expected.ts';
import { pySplit } from './squad.ts';

export type BleuTokenizer = '13a' | 'none';
export type BleuSmoothing = 'exp' | 'floor' | 'add-k' | 'none';

/** sacreBLEU options; defaults are sacreBLEU's. */
export interface BleuOptions {
  /** @default '13a' */
  tokenize?: BleuTokenizer;
  /** @default false */
  lowercase?: boolean;
  /** @default 'exp' */
  smoothMethod?: BleuSmoothing;
  /** For floor (default 0.1) and add-k (default 1). */
  smoothValue?: number;
  /** Drop n-gram orders with no hypothesis n-grams. @default true for sentences, false for corpora */
  effectiveOrder?: boolean;
}

/** The result with its sufficient statistics, as sacreBLEU's BLEUScore. */
export interface BleuResult {
  score: number;
  counts: number[];
  totals: number[];
  precisions: number[];
  bp: number;
  sysLen: number;
  refLen: number;
}

const MAX_ORDER = 4;

/** mteval-v13a tokenisation (sacreBLEU Tokenizer13a + TokenizerRegexp). */
export function tokenize13a(line: string): string {
  let s = line
    .replaceAll('<skipped>', '')
    .replaceAll('-\n', '')
    .replaceAll('\n', ' ')
    .replaceAll('&quot;', '"')
    .replaceAll('&amp;', '&')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>');
  s = ` ${s} `;
  s = s.replace(/([\x7B-\x7E\x5B-\x60\x20-\x26\x28-\x2B\x3A-\x40\x2F])/g, ' $1 ');
  s = s.replace(/([^0-9])([.,])/g, '$1 $2 ');
  s = s.replace(/([.,])([^0-9])/g, ' $1 $2');
  s = s.replace(/([0-9])(-)/g, '$1 $2 ');
  return pySplit(s).join(' ');
}

// Python's str.rstrip() with no argument.
function rstrip(s: string): string {
  return s.replace(/[\s\x1c-\x1f\x85]+$/u, '');
}

function preprocess(s: string, o: BleuOptions): string {
  const t = o.lowercase ? s.toLowerCase() : s;
  const r = rstrip(t);
  return (o.tokenize ?? '13a') === '13a' ? tokenize13a(r) : r;
}

function wordNgrams(line: string): { counts: Map<string, number>; len: number } {
  const tokens = pySplit(line);
  const counts = new Map<string, number>();
  for (let n = 1; n <= MAX_ORDER; n++) {
    for (let i = 0; i + n <= tokens.length; i++) {
      // The order is part of the key, and tokens never contain spaces, so keys are unique.
      const k = tokens.slice(i, i + n).join(' ');
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  }
  return { counts, len: tokens.length };
}

function closestRefLen(hypLen: number, refLens: number[]): number {
  let bestDiff = -1;
  let best = -1;
  for (const r of refLens) {
    const d = Math.abs(hypLen - r);
    if (bestDiff === -1 || d < bestDiff) [bestDiff, best] = [d, r];
    else if (d === bestDiff && r < best) best = r;
  }
  return best;
}

/** Per-segment statistics: [sysLen, refLen, correct×4, total×4]. */
function segmentStats(hyp: string, refs: string[], o: BleuOptions): number[] {
  const refCounts = new Map<string, number>();
  const refLens: number[] = [];
  for (const r of refs) {
    const { counts, len } = wordNgrams(preprocess(r, o));
    refLens.push(len);
    for (const [k, c] of counts) if (c > (refCounts.get(k) ?? 0)) refCounts.set(k, c);
  }
  const { counts, len } = wordNgrams(preprocess(hyp, o));
  const correct = new Array<number>(MAX_ORDER).fill(0);
  const total = new Array<number>(MAX_ORDER).fill(0);
  for (const [k, c] of counts) {
    const n = k.split(' ').length - 1;
    total[n] = (total[n] ?? 0) + c;
    const rc = refCounts.get(k);
    if (rc !== undefined) correct[n] = (correct[n] ?? 0) + Math.min(c, rc);
  }
  return [len, closestRefLen(len, refLens), ...correct, ...total];
}

const myLog = (x: number) => (x === 0 ? -9999999999 : Math.log(x));

/** sacreBLEU BLEU.compute_bleu from sufficient statistics. */
export function computeBleu(
  correctIn: number[],
  totalIn: number[],
  sysLen: number,
  refLen: number,
  o: { smoothMethod?: BleuSmoothing; smoothValue?: number; effectiveOrder?: boolean } = {},
): BleuResult {
  const method = o.smoothMethod ?? 'exp';
  const value = o.smoothValue ?? (method === 'floor' ? 0.1 : method === 'add-k' ? 1 : 0);
  const correct = [...correctIn];
  const total = [...totalIn];
  const bp = sysLen < refLen ? (sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0) : 1;
  const precisions = new Array<number>(MAX_ORDER).fill(0);
  const result = (score: number): BleuResult => ({ score, counts: correct, totals: total, precisions, bp, sysLen, refLen });
  if (!correct.some((c) => c !== 0)) return result(0);
  let smoothMteval = 1;
  let effOrder = MAX_ORDER;
  for (let n = 1; n <= MAX_ORDER; n++) {
    if (method === 'add-k' && n > 1) {
      correct[n - 1] = (correct[n - 1] ?? 0) + value;
      total[n - 1] = (total[n - 1] ?? 0) + value;
    }
    const t = total[n - 1] ?? 0;
    const c = correct[n - 1] ?? 0;
    if (t === 0) break;
    if (o.effectiveOrder) effOrder = n;
    if (c === 0) {
      if (method === 'exp') {
        smoothMteval *= 2;
        precisions[n - 1] = 100 / (smoothMteval * t);
      } else if (method === 'floor') {
        precisions[n - 1] = (100 * value) / t;
      }
    } else {
      precisions[n - 1] = (100 * c) / t;
    }
  }
  let sum = 0;
  for (let i = 0; i < effOrder; i++) sum += myLog(precisions[i] ?? 0);
  return result(bp * Math.exp(sum / effOrder));
}

function fromStats(stats: number[], o: BleuOptions, effectiveDefault: boolean): BleuResult {
  const [sysLen = 0, refLen = 0] = stats;
  return computeBleu(stats.slice(2, 2 + MAX_ORDER), stats.slice(2 + MAX_ORDER), sysLen, refLen, {
    ...o,
    effectiveOrder: o.effectiveOrder ?? effectiveDefault,
  });
}

/** sacreBLEU sentence_bleu(hyp, refs) with effective order (the recommended sentence-level setting). */
export function sentenceBleu(hyp: string, refs: string[], o: BleuOptions = {}): BleuResult {
  return fromStats(segmentStats(hyp, refs, o), o, true);
}

/**
 * sacreBLEU corpus_bleu. `refs[i]` holds the reference(s) of `hyps[i]` (one row per hypothesis, unlike sacreBLEU's
 * reference streams); every row must have at least one reference.
 */
export function corpusBleu(hyps: string[], refs: (string | string[])[], o: BleuOptions = {}): BleuResult {
  if (hyps.length !== refs.length) throw new RangeError(`corpusBleu: ${hyps.length} hypotheses but ${refs.length} reference rows`);
  const sum = new Array<number>(2 + 2 * MAX_ORDER).fill(0);
  hyps.forEach((h, i) => {
    const r = refs[i] ?? [];
    const stats = segmentStats(h, typeof r === 'string' ? [r] : r, o);
    stats.forEach((v, j) => (sum[j] = (sum[j] ?? 0) + v));
  });
  return fromStats(sum, o, false);
}

const BLEU = {
  value: 'text',
  tokenize: ['13a', 'none'],
  lowercase: 'boolean',
  smoothMethod: ['exp', 'floor', 'add-k', 'none'],
  smoothValue: 'number',
  threshold: 'number',
} as const;

/** `bleu` [continuous 0–100]: sentence BLEU against the reference(s). */
export function bleuScorer(options?: Record<string, unknown>, where = 'bleu'): Scorer {
  const o = parseOptions(options, BLEU, where);
  return {
    name: o.name ?? 'bleu',
    kind: 'continuous',
    score(input) {
      const refs = references(input, o.value);
      if (refs.length === 0) return NO_EXPECTED;
      const r = sentenceBleu(input.output.text, refs, o);
      const prec = r.precisions.map((p) => p.toFixed(1)).join('/');
      return continuous(r.score, `BLEU ${fmt(r.score)} (${prec}, BP ${fmt(r.bp)})`, o.threshold);
    },
  };
}
