// Table-driven tests for the string-matching scorers, length and levenshtein.
import { describe, expect, it } from 'vitest';
import {
  containsAllScorer, containsAnyScorer, containsScorer, equalsScorer, icontainsScorer, regexScorer, startsWithScorer,
} from '../../src/scorers/text-match.ts';
import { lengthScorer } from '../../src/scorers/length.ts';
import { levenshteinDistance, levenshteinScorer, levenshteinSimilarity } from '../../src/scorers/levenshtein.ts';
import type { Scorer } from '../../src/types/scorer.ts';
import { input } from './helpers.ts';

type Case = [label: string, scorer: Scorer, output: string, expected: string | string[] | undefined, value: number | null];

const cases: Case[] = [
  ['equals exact', equalsScorer(), 'Paris', 'Paris', 1],
  ['equals is case-sensitive by default', equalsScorer(), 'paris', 'Paris', 0],
  ['equals ignoreCase', equalsScorer({ ignoreCase: true }), 'paris', 'Paris', 1],
  ['equals ignoreWhitespace', equalsScorer({ ignoreWhitespace: true }), '  New \n York ', 'New York', 1],
  ['equals ignorePunctuation', equalsScorer({ ignorePunctuation: true }), 'Paris!', 'Paris', 1],
  ['equals ignorePunctuation keeps a minus sign', equalsScorer({ ignorePunctuation: true }), '5', '-5', 0],
  ['equals ignorePunctuation reads − as -', equalsScorer({ ignorePunctuation: true }), '−5.', '-5', 1],
  ['equals ignorePunctuation keeps a decimal point', equalsScorer({ ignorePunctuation: true }), '314', '3.14', 0],
  ['equals ignorePunctuation drops thousands commas', equalsScorer({ ignorePunctuation: true }), '1,000', '1000', 1],
  ['equals ignorePunctuation drops hyphens in words', equalsScorer({ ignorePunctuation: true }), 'well-known', 'wellknown', 1],
  ['equals ignoreArticles', equalsScorer({ ignoreArticles: true, ignoreCase: true }), 'The Eiffel Tower', 'eiffel tower', 1],
  ['equals articles only as words', equalsScorer({ ignoreArticles: true }), 'theatre', 'atre', 0],
  ['equals any of several', equalsScorer(), 'B', ['A', 'B'], 1],
  ['equals value option', equalsScorer({ value: 'yes' }), 'yes', undefined, 1],
  ['equals empty output', equalsScorer(), '', 'Paris', 0],
  ['equals unicode', equalsScorer({ ignoreCase: true }), 'ÉCOLE', 'école', 1],
  ['equals no expected', equalsScorer(), 'Paris', undefined, null],
  ['contains', containsScorer(), 'It is Paris.', 'Paris', 1],
  ['contains case-sensitive', containsScorer(), 'it is paris', 'Paris', 0],
  ['contains array means all', containsScorer({ value: ['a', 'z'] }), 'abc', undefined, 0],
  ['icontains', icontainsScorer(), 'IT IS PARIS', 'Paris', 1],
  ['contains-any', containsAnyScorer({ value: ['x', 'b'] }), 'abc', undefined, 1],
  ['contains-any none', containsAnyScorer({ value: ['x', 'y'] }), 'abc', undefined, 0],
  ['contains-all', containsAllScorer({ value: ['a', 'c'] }), 'abc', undefined, 1],
  ['contains-all ignoreCase', containsAllScorer({ value: ['A', 'C'], ignoreCase: true }), 'abc', undefined, 1],
  ['contains no expected', containsScorer(), 'abc', undefined, null],
  ['regex', regexScorer({ pattern: '^\\d{3}$' }), '123', undefined, 1],
  ['regex flags', regexScorer({ value: 'paris', flags: 'i' }), 'PARIS', undefined, 1],
  ['regex g flag is not stateful', regexScorer({ value: 'a', flags: 'g' }), 'a', undefined, 1],
  ['regex from expected', regexScorer(), 'abc', 'b.', 1],
  ['regex invalid expected is unscored', regexScorer(), 'abc', '(', null],
  ['regex any of several expected patterns', regexScorer(), 'abc', ['^x', 'c$'], 1],
  ['regex none of several expected patterns', regexScorer(), 'abc', ['^x', 'y$'], 0],
  ['regex skips an invalid pattern among several', regexScorer(), 'abc', ['(', 'b'], 1],
  ['starts-with', startsWithScorer(), '  Yes, because', 'Yes', 1],
  ['starts-with no', startsWithScorer(), 'No', 'Yes', 0],
  ['starts-with ignoreCase', startsWithScorer({ value: 'yes', ignoreCase: true }), 'YES', undefined, 1],
  ['length within', lengthScorer({ min: 2, max: 5 }), 'abc', undefined, 1],
  ['length too long', lengthScorer({ max: 2 }), 'abc', undefined, 0],
  ['length counts code points', lengthScorer({ max: 2 }), '😀😀', undefined, 1],
  ['length words', lengthScorer({ minWords: 2, maxWords: 3 }), ' one two  three ', undefined, 1],
  ['length whitespace-only has 0 words', lengthScorer({ minWords: 1 }), '   ', undefined, 0],
  ['levenshtein identical', levenshteinScorer(), 'kitten', 'kitten', 1],
  ['levenshtein kitten/sitting', levenshteinScorer(), 'kitten', 'sitting', 1 - 3 / 7],
  ['levenshtein empty/empty', levenshteinScorer(), '', '', 1],
  ['levenshtein empty output', levenshteinScorer(), '', 'abc', 0],
  ['levenshtein no expected', levenshteinScorer(), 'abc', undefined, null],
];

describe('text scorers', () => {
  it.each(cases)('%s', (_label, scorer, output, expected, value) => {
    const s = scorer.score(input(output, expected));
    if (value === null) {
      expect(s.value).toBeNull();
      expect(s.pass).toBeUndefined();
    } else {
      expect(s.value).toBeCloseTo(value, 10);
    }
    expect(s.reason.length).toBeGreaterThan(0);
    if (scorer.kind === 'binary' && value !== null) expect(s.pass).toBe(value === 1);
  });

  it('gives human reasons', () => {
    expect(containsScorer({ value: 'Paris' }).score(input('London')).reason).toBe('Expected output to contain "Paris"');
    expect(equalsScorer().score(input('London', 'Paris')).reason).toBe('Expected output to equal "Paris", got "London"');
  });

  it('names columns after the value, or the name option', () => {
    expect(containsScorer({ value: 'Paris' }).name).toBe('contains:Paris');
    expect(containsScorer({ value: 'Paris', name: 'capital' }).name).toBe('capital');
    expect(equalsScorer().name).toBe('equals');
  });

  it('levenshtein threshold makes it passable', () => {
    const s = levenshteinScorer({ threshold: 0.5 }).score(input('kitten', 'sitting'));
    expect(s.pass).toBe(true);
    expect(levenshteinScorer({ threshold: 0.9 }).score(input('kitten', 'sitting')).pass).toBe(false);
  });

  it('levenshtein distance basics', () => {
    expect(levenshteinDistance('flaw', 'lawn')).toBe(2);
    expect(levenshteinDistance('', 'abc')).toBe(3);
    expect(levenshteinSimilarity('😀a', '😀b')).toBeCloseTo(0.5);
  });

  it.each([
    [() => equalsScorer({ ignorecase: true }), /unknown option "ignorecase"; allowed options: .*ignoreCase/],
    [() => equalsScorer({ ignoreCase: 'yes' }), /option "ignoreCase" must be a boolean, got "yes"/],
    [() => containsScorer({ value: 3 }), /option "value" must be a string or an array of strings/],
    [() => regexScorer({ pattern: '(' }), /invalid regular expression/],
    [() => lengthScorer({}), /at least one of the options min, max, minWords, maxWords/],
    [() => levenshteinScorer({ threshold: 2 }), /"threshold" must be between 0 and 1/],
  ])('rejects bad options %#', (build, message) => {
    expect(build).toThrow(message);
  });
});
