// SQuAD v1.1 EM/F1: cases worked by hand through the official script (evaluate-v1.1.py: normalize_answer,
// exact_match_score, f1_score, metric_max_over_ground_truths), including its Unicode and article-boundary behaviour.
import { describe, expect, it } from 'vitest';
import { exactMatchScore, f1Score, normalizeAnswer, squadEmScorer, squadF1Scorer } from '../../src/scorers/squad.ts';
import { input } from './helpers.ts';

describe('normalizeAnswer', () => {
  it.each([
    ['The Eiffel Tower!', 'eiffel tower'],
    ['  New\tYork \n', 'new york'],
    ['an apple a day', 'apple day'],
    ['theatre', 'theatre'],
    ['éthe', 'éthe'], // Python's \b is Unicode-aware: é is a word character, so "the" is not a separate word
    ['the_cat', 'thecat'], // "_" is in string.punctuation and goes first
    ["l'été", 'lété'],
    ['Paris…', 'paris…'], // "…" is not ASCII punctuation, so the script keeps it
    ['', ''],
  ])('%j → %j', (s, n) => {
    expect(normalizeAnswer(s)).toBe(n);
  });
});

describe('exact_match_score / f1_score', () => {
  it.each([
    ['Denver Broncos', 'Broncos', false, 2 / 3],
    ['the cat sat on the mat', 'a cat on a mat', false, 6 / 7],
    ['Broncos', 'the Broncos.', true, 1],
    ['cat cat', 'cat', false, 2 / 3],
    ['', 'Broncos', false, 0],
    ['Paris', 'London', false, 0],
  ])('%j vs %j', (pred, gold, em, f1) => {
    expect(exactMatchScore(pred, gold)).toBe(em);
    expect(f1Score(pred, gold)).toBeCloseTo(f1, 12);
  });
});

describe('squad scorers', () => {
  it('take the max over gold answers, as metric_max_over_ground_truths', () => {
    expect(squadEmScorer().score(input('L', ['Super Bowl L', 'L'])).value).toBe(1);
    expect(squadF1Scorer().score(input('Super Bowl', ['Super Bowl L', 'L'])).value).toBeCloseTo(0.8, 12);
    expect(squadF1Scorer({ value: ['x', 'Denver Broncos'] }).score(input('Broncos')).value).toBeCloseTo(2 / 3, 12);
  });

  it('leave records without golds unscored', () => {
    expect(squadEmScorer().score(input('x')).value).toBeNull();
    expect(squadF1Scorer().score(input('x')).value).toBeNull();
  });

  it('squad-f1 threshold sets pass', () => {
    expect(squadF1Scorer({ threshold: 0.5 }).score(input('Denver Broncos', 'Broncos')).pass).toBe(true);
  });
});
