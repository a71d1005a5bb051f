// chrF against sacreBLEU's published tests: mjpost/sacrebleu test/test_chrf.py.
import { describe, expect, it } from 'vitest';
import { chrfScorer, corpusChrf, sentenceChrf } from '../../src/scorers/chrf.ts';
import { input } from './helpers.ts';

const EPS = 1e-4;

describe('corpusChrf (test_chrf.py, char_order=6, word_order=0, beta=3)', () => {
  it.each([
    [['abcdefg'], ['hijklmnop'], 0.0],
    [['a'], ['b'], 0.0],
    [[''], ['b'], 0.0],
    [[''], ['ref'], 0.0],
    [[''], ['reference'], 0.0],
    [['aa'], ['ab'], 8.3333],
    [['a', 'b'], ['a', 'c'], 8.3333],
    [['a'], ['a'], 16.6667],
    [['a b c'], ['a b c'], 50.0],
    [['a b c'], ['abc'], 50.0],
    [
      [' risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists .'],
      ['risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists .'],
      63.36173,
    ],
    [
      [' Die    Beziehung zwischen  Obama und Netanjahu ist nicht gerade  freundlich. '],
      ['Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich.'],
      64.1302698,
    ],
    [['Niemand hat die Absicht, eine Mauer zu errichten'], ['Niemand hat die Absicht, eine Mauer zu errichten'], 100.0],
  ])('eps smoothing %j vs %j → %d', (hyps, refs, expected) => {
    expect(Math.abs(corpusChrf(hyps, refs, { beta: 3, epsSmoothing: true }) - expected)).toBeLessThan(EPS);
  });

  it.each([
    [['a'], ['a'], 100.0],
    [[''], ['reference'], 0.0],
    [['a b c'], ['a b c'], 100.0],
    [['a b c'], ['abc'], 100.0],
    [[''], ['c'], 0.0],
    [['a', 'b'], ['a', 'c'], 50.0],
    [['aa'], ['ab'], 25.0],
  ])('effective order %j vs %j → %d', (hyps, refs, expected) => {
    expect(Math.abs(corpusChrf(hyps, refs, { beta: 3 }) - expected)).toBeLessThan(EPS);
  });

  it.each([
    [
      ['Die Beziehung zwischen Obama und Netanjahu ist nicht gerade freundlich.'],
      ['Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich.'],
      67.3481606,
    ],
    [
      ['risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists .'],
      ['risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists .'],
      65.2414427,
    ],
  ])('keep whitespace %j', (hyps, refs, expected) => {
    expect(Math.abs(corpusChrf(hyps, refs, { beta: 3, whitespace: true }) - expected)).toBeLessThan(EPS);
  });
});

describe('sentenceChrf (test_chrf.py test_chrf_sentence_level, eps smoothing, default beta 2)', () => {
  it.each([
    [
      'Co nás nejvíc trápí, protože lékaři si vybírají, kdo bude žít a kdo zemře.',
      ['Nejvíce smutní jsme z toho, že musíme rozhodovat o tom, kdo bude žít a kdo zemře.'],
      39.14078509,
    ],
    [
      'Nebo prostě nemají vybavení, které by jim pomohlo, uvedli lékaři.',
      ['A někdy nemáme ani potřebný materiál, abychom jim pomohli, popsali lékaři.'],
      31.22557079,
    ],
    [
      'Lapali po dechu, jejich životy skončily dřív, než skutečně začaly.',
      ['Lapali po dechu a pak jejich život skončil - dřív, než skutečně mohl začít, připomněli.'],
      57.15704367,
    ],
  ])('%s', (hyp, refs, expected) => {
    expect(Math.abs(sentenceChrf(hyp, refs, { epsSmoothing: true }) - expected)).toBeLessThan(EPS);
  });
});

describe('chrf scorer', () => {
  it('is 100 for identical text and 0 for empty output', () => {
    expect(chrfScorer().score(input('Niemand hat die Absicht', 'Niemand hat die Absicht')).value).toBeCloseTo(100, 8);
    expect(chrfScorer().score(input('', 'Niemand')).value).toBe(0);
  });
  it('counts astral characters as one character, as Python does', () => {
    expect(chrfScorer().score(input('😀😀', '😀😀')).value).toBeCloseTo(100, 8);
  });
});
