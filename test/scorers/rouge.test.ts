// ROUGE against google-research rouge-score's published tests (google-research/google-research rouge/rouge_scorer_test.py).
import { describe, expect, it } from 'vitest';
import { rouge, rougeTokenize, lcsLength, rouge1Scorer, rougeLScorer, rouge2Scorer } from '../../src/scorers/rouge.ts';
import { porterStem } from '../../src/scorers/porter.ts';
import { TARGETS, PREDICTIONS } from './rouge-fixtures.ts';
import { input } from './helpers.ts';

const T0 = TARGETS[0] ?? '';
const T1 = TARGETS[1] ?? '';
const P0 = PREDICTIONS[0] ?? '';
const P1 = PREDICTIONS[1] ?? '';

describe('rouge (rouge_scorer_test.py)', () => {
  // [type, target, prediction, stem, precision, recall, fmeasure, decimal places]
  it.each([
    ['testRouge1', 'rouge-1', 'testing one two', 'testing', false, 1, 1 / 3, 1 / 2, 7],
    ['testRouge2', 'rouge-2', 'testing one two', 'testing one', false, 1, 1 / 2, 2 / 3, 7],
    ['testRougeLConsecutive', 'rouge-l', 'testing one two', 'testing one', false, 1, 2 / 3, 4 / 5, 7],
    ['testRougeLNonConsecutive', 'rouge-l', 'testing one two', 'testing two', false, 1, 2 / 3, 4 / 5, 7],
    ['testMultipleRougeTypes rouge1', 'rouge-1', 'testing one two', 'testing one', false, 1, 2 / 3, 4 / 5, 7],
    ['testRougeEmpty rouge1', 'rouge-1', 'testing one two', '', false, 0, 0, 0, 7],
    ['testRougeEmpty rouge2', 'rouge-2', 'testing one two', '', false, 0, 0, 0, 7],
    ['testRougeEmpty rougeL', 'rouge-l', 'testing one two', '', false, 0, 0, 0, 7],
    ['testRouge1AgainstRouge155 [0]', 'rouge-1', T0, P0, false, 0.6875, 0.40741, 0.51163, 5],
    ['testRouge1AgainstRouge155 [1]', 'rouge-1', T1, P1, false, 0.65385, 0.40476, 0.5, 5],
    ['testRouge1AgainstRouge155WithStemming [0]', 'rouge-1', T0, P0, true, 0.6875, 0.40741, 0.51163, 5],
    ['testRouge1AgainstRouge155WithStemming [1]', 'rouge-1', T1, P1, true, 0.69231, 0.42857, 0.52941, 5],
    ['testRouge2AgainstRouge155 [0]', 'rouge-2', T0, P0, false, 0.53333, 0.30769, 0.39024, 5],
    ['testRouge2AgainstRouge155 [1]', 'rouge-2', T1, P1, false, 0.48, 0.29268, 0.36364, 5],
    ['testRouge2AgainstRouge155WithStemming [0]', 'rouge-2', T0, P0, true, 0.53333, 0.30769, 0.39024, 5],
    ['testRouge2AgainstRouge155WithStemming [1]', 'rouge-2', T1, P1, true, 0.48, 0.29268, 0.36364, 5],
    ['testRougeLAgainstRouge155 [0]', 'rouge-l', T0, P0, false, 0.6875, 0.40741, 0.51163, 5],
    ['testRougeLAgainstRouge155 [1]', 'rouge-l', T1, P1, false, 0.65385, 0.40476, 0.5, 5],
  ] as const)('%s', (_name, type, target, prediction, stem, p, r, f, places) => {
    const s = rouge(type, target, prediction, stem);
    expect(s.precision).toBeCloseTo(p, places);
    expect(s.recall).toBeCloseTo(r, places);
    expect(s.fmeasure).toBeCloseTo(f, places);
  });

  it('testLcsTable: LCS length of [1..5] and [2,5,3,4] is 3, and 0 with no overlap', () => {
    expect(lcsLength(['1', '2', '3', '4', '5'], ['2', '5', '3', '4'])).toBe(3);
    expect(lcsLength(['1', '2', '3', '4', '5'], ['8', '9'])).toBe(0);
  });
});

describe('rougeTokenize', () => {
  it.each([
    ['Hello, World!', ['hello', 'world']],
    ['  whitespace\tonly \n ', ['whitespace', 'only']],
    ['日本語 text café', ['text', 'caf']],
    ['', []],
  ])('%j', (text, tokens) => {
    expect(rougeTokenize(text)).toEqual(tokens);
  });
});

describe('porterStem (NLTK PorterStemmer, NLTK_EXTENSIONS)', () => {
  // Examples from the docstrings of nltk/stem/porter.py (steps 1a-5b) and its irregular-forms table.
  it.each([
    ['caresses', 'caress'], ['ponies', 'poni'], ['ties', 'tie'], ['cats', 'cat'],
    ['feed', 'feed'], ['agreed', 'agre'], ['plastered', 'plaster'], ['motoring', 'motor'], ['sing', 'sing'],
    ['hopping', 'hop'], ['falling', 'fall'], ['hissing', 'hiss'], ['filing', 'file'], ['happy', 'happi'],
    ['relational', 'relat'], ['conditional', 'condit'], ['generalization', 'gener'], ['hopefulness', 'hope'],
    ['electrical', 'electr'], ['adjustment', 'adjust'], ['controlling', 'control'], ['dying', 'die'],
    ['skies', 'sky'], ['news', 'news'], ['spied', 'spi'], ['died', 'die'], ['running', 'run'],
  ])('%s → %s', (word, stem) => {
    expect(porterStem(word)).toBe(stem);
  });
});

describe('rouge scorers', () => {
  it('score the F-measure by default and other measures on request', () => {
    expect(rouge1Scorer().score(input('testing', 'testing one two')).value).toBeCloseTo(0.5);
    expect(rouge1Scorer({ measure: 'r' }).score(input('testing', 'testing one two')).value).toBeCloseTo(1 / 3);
    expect(rouge1Scorer({ measure: 'p' }).score(input('testing', 'testing one two')).value).toBeCloseTo(1);
  });

  it('take the best of several references and honour threshold', () => {
    const s = rougeLScorer({ threshold: 0.9 }).score(input('the cat sat', ['a dog ran', 'the cat sat']));
    expect(s.value).toBe(1);
    expect(s.pass).toBe(true);
  });

  it('leave a record without expected answer unscored', () => {
    expect(rouge2Scorer().score(input('anything'))).toEqual({ value: null, reason: 'no expected answer' });
  });

  it('rejects an unknown measure', () => {
    expect(() => rouge1Scorer({ measure: 'x' })).toThrow(/option "measure" must be one of 'f', 'p', 'r'/);
  });
});
