// Table-driven tests for final-number extraction (numeric) and multiple-choice letter extraction (choice).
import { describe, expect, it } from 'vitest';
import { extractFinalNumber, numericScorer } from '../../src/scorers/numeric.ts';
import { choiceScorer, extractChoice } from '../../src/scorers/choice.ts';
import { input } from './helpers.ts';

describe('extractFinalNumber', () => {
  it.each([
    ['The answer is 42.', 42, 'answer'],
    ['Answer: 42. Then 7 more apples', 42, 'answer'],
    ['Final answer: $1,234.50', 1234.5, 'answer'],
    ['Working: 3 + 4 = 7\n#### 1,234', 1234, '####'],
    ['so \\boxed{\\frac{3}{4}} and 9', 0.75, 'boxed'],
    ['\\boxed{12} then #### 5', 12, 'boxed'],
    ['A: 17\nbecause 3', 17, 'answer'],
    ['It was -5 degrees', -5, 'last'],
    ['5-3', 3, 'last'],
    ['3/4 of the cake', 0.75, 'last'],
    ['about 50% of them', 50, 'last'],
    ['cost €-3.5 today', -3.5, 'last'],
    ['−7', -7, 'last'],
    ['1.5e3 metres', 1500, 'last'],
    ['.5', 0.5, 'last'],
    ['12 apples and 30 pears.', 30, 'last'],
    ['999,999,999,999 stars', 999999999999, 'last'],
    // Plausible answers that used to be misread (review of 2026-11-25):
    ['#### Step 1: Count\n4 + 8 = 12 apples.\n#### Step 2: Result\nThe answer is 12.', 12, 'answer'],
    ['#### Part 2\nTotal = 12', 12, 'last'],
    ['The answer is 18.\n\nI hope this answers your question about the 3 trains.', 18, 'answer'],
    ['To answer this, we first need 2 numbers. So the total is 18.', 18, 'last'],
    ['The probability is 3/4.', 0.75, 'last'],
    ['The answer is 1/2.', 0.5, 'answer'],
    ['1/2.5', 0.4, 'last'],
    ['答えは42です', 42, 'last'],
    ['合計は1,500円', 1500, 'last'],
    ['values 3,4,5', 5, 'last'],
    ['\\boxed{1{,}000}', 1000, 'boxed'],
    ['**Answer:** 42', 42, 'answer'],
    ['Answer: **-8**', -8, 'answer'],
    // A zero denominator is no number: the scan goes on to the next one (first after a marker, last otherwise).
    ['Answer: 1/0 or 4', 4, 'answer'],
    ['we get 5 and then 3/0', 5, 'last'],
    ['0/0, 2, 7/0 and 9/0', 2, 'last'],
  ])('%j → %d via %s', (text, value, via) => {
    const r = extractFinalNumber(text);
    expect(r?.value).toBeCloseTo(value, 10);
    expect(r?.via).toBe(via);
  });

  it.each(['', '   ', 'no numbers here', 'H2O', 'USD1,500'])('%j has no number', (text) => {
    expect(extractFinalNumber(text)).toBeNull();
  });
});

describe('numeric scorer', () => {
  it.each([
    [{}, 'The answer is 42.', '42', 1],
    [{}, 'The answer is 41.', '42', 0],
    [{}, 'Total $1,000', '1000', 1],
    [{}, 'Answer: 0.75', '3/4', 1],
    [{ tolerance: 0.01 }, '3.14', '3.14159', 1],
    [{}, '3.14', '3.14159', 0],
    [{ relativeTolerance: 1e-5 }, '1000001', '1000000', 1],
    [{}, '1000001', '1000000', 0],
    [{}, '99999999999999999999', '1e20', 1],
    [{ value: 7 }, 'seven is 7', undefined, 1],
    [{ value: '7' }, 'it is 8', undefined, 0],
    [{}, 'nothing', '42', 0],
    [{}, '', '42', 0],
    [{}, '42', undefined, null],
    [{}, '42', 'unknown', null],
  ])('%j %j vs %j → %s', (options, output, expected, value) => {
    expect(numericScorer(options).score(input(output, expected)).value).toBe(value);
  });

  it('shows extracted vs expected in the reason', () => {
    expect(numericScorer().score(input('#### 41', '42')).reason).toBe('Extracted 41 ("41", after ####) vs expected 42');
  });

  it('scores each model against the same record consistently, and follows a record whose expected answer changed', () => {
    const scorer = numericScorer();
    const first = input('A: 42', '42');
    expect(scorer.score(first).value).toBe(1);
    expect(scorer.score({ ...first, output: { ...first.output, text: 'A: 41' } }).value).toBe(0);
    // Same record object, new expected answer: the remembered extraction must not be reused.
    first.record.expected = '41';
    expect(scorer.score({ ...first, output: { ...first.output, text: 'A: 41' } }).value).toBe(1);
    expect(scorer.score(input('A: 7', 'seven')).reason).toBe('expected answer "seven" holds no number');
  });

  it.each([
    ['Answer: 51', ['1051', '51'], 1],
    ['Answer: 1051', ['1051', '51'], 1],
    ['Answer: 52', ['1051', '51'], 0],
    ['Answer: 51', ['fifty-one', '51'], 1],
  ] as [string, string[], number][])('passes %j when it matches any of several expected answers %j', (text, expected, value) => {
    expect(numericScorer().score(input(text, expected)).value).toBe(value);
  });

  it('leaves a record unscored only when none of its expected answers holds a number', () => {
    expect(numericScorer().score(input('A: 7', ['seven', 'sept'])).value).toBeNull();
    expect(numericScorer().score(input('A: 52', ['1051', '51'])).reason).toBe('Extracted 52 ("52", after answer) vs expected 1051 or 51');
  });

  it('rejects a non-numeric value option', () => {
    expect(() => numericScorer({ value: 'abc' })).toThrow(/option "value" must be a number/);
    expect(() => numericScorer({ tolerance: -1 })).toThrow(/≥ 0/);
  });
});

describe('extractChoice', () => {
  it.each([
    ['Answer: (B)', 'B'],
    ['The answer is C.', 'C'],
    ['D', 'D'],
    ['(A)', 'A'],
    ['B) because it is blue', 'B'],
    ['answer: (b)', 'B'],
    ['The answer is a bit tricky. Answer: C', 'C'],
    ['the answer is d', 'D'],
    ['Between A and B, neither', null],
    ['(a)', null],
    ['', null],
    ['The answer is **B**', 'B'],
    ['**Answer:** C', 'C'],
    ['**B**', 'B'],
    ['Answer: I think the correct option is B.', null],
    ["Answer: I'm sure it is C", null],
    ['The answer is I.', 'I'],
  ])('%j → %s', (text, letter) => {
    expect(extractChoice(text)).toBe(letter);
  });
});

describe('choice scorer', () => {
  it.each([
    [{}, 'Answer: (B)', 'B', 1],
    [{}, 'Answer: (B)', '(B)', 1],
    [{}, 'Answer: (B)', 'C', 0],
    [{}, 'I am not sure', 'C', 0],
    [{}, 'C', 'Paris', null],
    [{}, 'C', undefined, null],
    [{ letters: 'ABCD' }, 'E', 'A', 0],
    [{ value: 'A' }, 'A', undefined, 1],
    [{}, 'Answer: (B)', ['A', 'B'], 1],
    [{}, 'Answer: (C)', ['A', 'B'], 0],
    [{}, 'Answer: (B)', ['Paris', 'B'], 1],
    [{}, 'B', ['Paris', 'Rome'], null],
  ] as [Record<string, unknown>, string, string | string[] | undefined, number | null][])('%j %j vs %j → %s', (options, output, expected, value) => {
    expect(choiceScorer(options).score(input(output, expected)).value).toBe(value);
  });

  it.each([
    ['Paris', `expected answer "Paris" is not one of the letters ABCD`],
    [['Paris', 'Rome'], `none of the expected answers "Paris", "Rome" is one of the letters ABCD`],
  ] as [string | string[], string][])('says which expected answer is no letter: %j', (expected, reason) => {
    expect(choiceScorer({ letters: 'ABCD' }).score(input('B', expected))).toEqual({ value: null, reason });
  });
});
