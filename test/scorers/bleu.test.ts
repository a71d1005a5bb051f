// BLEU against sacreBLEU's published tests: mjpost/sacrebleu test/test_bleu.py and test/test_sentence_bleu.py.
import { describe, expect, it } from 'vitest';
import { bleuScorer, computeBleu, corpusBleu, sentenceBleu, tokenize13a } from '../../src/scorers/bleu.ts';
import { input } from './helpers.ts';

// test_sentence_bleu.py: example from sacrebleu issue #98.
const REF = 'producţia de zahăr brut se exprimă în zahăr alb;';
const SYS = 'Producția de zahăr primă va fi exprimată în ceea ce privește zahărul alb;';

describe('sentenceBleu (test_sentence_bleu.py)', () => {
  it.each([
    ['exp', undefined, false, '13a', 8.493],
    ['none', undefined, false, '13a', 0.0],
    ['floor', undefined, false, '13a', 4.51688],
    ['floor', 0.1, false, '13a', 4.51688],
    ['floor', 0.5, false, '13a', 10.1],
    ['add-k', undefined, false, '13a', 14.882],
    ['add-k', 1, false, '13a', 14.882],
    ['add-k', 2, false, '13a', 21.389],
    ['exp', undefined, false, 'none', 7.347],
  ] as const)('smooth %s value %s lowercase %s tokenize %s → %d', (smoothMethod, smoothValue, lowercase, tokenize, expected) => {
    const r = sentenceBleu(SYS, [REF], { smoothMethod, ...(smoothValue !== undefined ? { smoothValue } : {}), lowercase, tokenize });
    expect(Math.abs(r.score - expected)).toBeLessThan(1e-3);
  });

  it.each(['exp', 'none', 'floor', 'add-k'] as const)('no matching n-gram gives 0 with %s smoothing (issue #141)', (smoothMethod) => {
    expect(sentenceBleu('this is a cat', ['okay thanks'], { smoothMethod }).score).toBe(0);
  });
});

// test_bleu.py: the README example (three hypotheses, two reference streams), transposed to one row per hypothesis.
const HYPS = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'];
const STREAMS = [
  ['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'],
  ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.'],
];
const ROWS = HYPS.map((_, i) => STREAMS.map((s) => s[i] ?? ''));

describe('corpusBleu (test_bleu.py)', () => {
  it.each([
    ['defaults', HYPS, {}, 48.530827],
    ['empty hypotheses are kept', ['', '', ''], {}, 0.0],
    ['tokenize none', HYPS, { tokenize: 'none' }, 49.1919566],
    ['tokenize 13a', HYPS, { tokenize: '13a' }, 48.530827],
    ['smooth none', HYPS, { smoothMethod: 'none' }, 48.530827],
  ] as const)('%s', (_name, hyps, options, expected) => {
    expect(Math.abs(corpusBleu([...hyps], ROWS, options).score - expected)).toBeLessThan(1e-6);
  });

  it('test_scoring: compute_bleu from statistics', () => {
    expect(computeBleu([9, 7, 5, 3], [10, 8, 6, 4], 11, 11, { smoothMethod: 'none' }).score / 100).toBeCloseTo(0.8375922397, 8);
  });

  it.each([
    [[0, 0, 0, 0], [4, 4, 2, 1], 0, 1, 0.0],
    [[0, 0, 0, 0], [10, 11, 12, 0], 14, 10, 0.0],
    [[0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 0.0],
    [[6, 5, 4, 0], [6, 5, 4, 3], 6, 6, 0.0],
  ])('test_degenerate_statistics %j %j', (correct, total, sys, ref, offset) => {
    expect(computeBleu(correct, total, sys, ref, { smoothMethod: 'floor', smoothValue: offset }).score).toBe(0);
  });

  it('test_statistics: counts and totals', () => {
    const r = corpusBleu(['am I am a character sequence'], [['I am a symbol string sequence a a']], { smoothMethod: 'floor', smoothValue: 0.01 });
    expect(r.counts).toEqual([4, 2, 1, 0]);
    expect(r.totals).toEqual([6, 5, 4, 3]);
  });

  it('test_offset: floor smoothing 0.1 vs none', () => {
    const h = ['am I am a character sequence'];
    const r = [['I am a symbol string sequence a a']];
    expect(corpusBleu(h, r, { tokenize: 'none', smoothMethod: 'floor', smoothValue: 0.1 }).score / 100).toBeCloseTo(0.1555722182, 8);
    expect(corpusBleu(h, r, { tokenize: 'none', smoothMethod: 'floor', smoothValue: 0 }).score).toBe(0);
  });

  it.each([
    [['test'], ['a test'], 0.3678794411714425],
    [['a test'], ['a test'], 1.0],
    [['a little test'], ['a test'], 0.03218297948685433],
  ])('test_effective_order %j vs %j', (hyps, refs, expected) => {
    const r = corpusBleu(hyps, refs, { tokenize: 'none', smoothMethod: 'floor', smoothValue: 0.01, effectiveOrder: true });
    expect(r.score / 100).toBeCloseTo(expected, 8);
  });

  it('rejects misaligned inputs', () => {
    expect(() => corpusBleu(['a'], [])).toThrow(RangeError);
  });
});

describe('tokenize13a', () => {
  it.each([
    ['Hello, world.', 'Hello , world .'],
    ['It costs $3.50, ok?', 'It costs $ 3.50 , ok ?'],
    ['1990-1995 &amp; more', '1990 - 1995 & more'],
    ['  ', ''],
  ])('%j → %j', (line, tokens) => {
    expect(tokenize13a(line)).toBe(tokens);
  });
});

describe('bleu scorer', () => {
  it('reports on the 0–100 scale and is 100 for an exact match', () => {
    expect(bleuScorer().score(input('The cat sat on the mat.', 'The cat sat on the mat.')).value).toBeCloseTo(100, 8);
  });
  it('is 0 for an empty output and unscored without expected', () => {
    expect(bleuScorer().score(input('', 'The cat sat.')).value).toBe(0);
    expect(bleuScorer().score(input('x')).value).toBeNull();
  });
});
