// With `reasons: false` (no chosen report shows reasons) a scorer may skip building its reason: the value and pass
// must stay exactly those it gives with reasons, for every built-in scorer, those that skip and those that do not.
import { describe, expect, it } from 'vitest';
import { buildScorer } from '../../src/scorers/catalogue.ts';
import { input } from './helpers.ts';

const SPECS: unknown[] = [
  'numeric', 'equals', 'contains', 'icontains',
  ['equals', { ignoreCase: true, ignorePunctuation: true, ignoreArticles: true }],
  ['contains-any', { value: ['Paris', 'Lyon'] }], ['contains-all', { value: ['Paris', 'France'] }],
  ['numeric', { tolerance: 0.5 }], ['numeric', { value: 42 }],
];

const CASES: [string, string | string[] | undefined][] = [
  ['The answer is 42.', '42'], ['#### 41.6', '42'], ['no number here', '7'], ['Paris, France', 'paris'],
  ['The Paris!', ['paris', 'lyon']], ['', 'x'], ['anything', undefined], ['1,500 apples', ['1500', '15']],
  ['\\boxed{\\frac{3}{4}}', '0.75'], ['Lyon', ['Paris', 'France']],
];

describe('scorers without reasons', () => {
  it.each(SPECS.map((s) => [JSON.stringify(s), s]))('%s: same value and pass as with reasons', (_name, spec) => {
    const scorer = buildScorer(spec, 'test');
    for (const [text, expected] of CASES) {
      const full = scorer.score(input(text, expected));
      const lean = scorer.score({ ...input(text, expected), reasons: false });
      expect({ value: lean.value, pass: lean.pass }, `${text} / ${JSON.stringify(expected)}`).toEqual({ value: full.value, pass: full.pass });
    }
    // Each case has a reason with reasons on (the report shows it).
    for (const [text, expected] of CASES) expect(scorer.score(input(text, expected)).reason).not.toBe('');
  });

  it('numeric, equals and contains skip building the reason', () => {
    for (const spec of ['numeric', 'equals', 'contains']) {
      const lean = buildScorer(spec, 'test').score({ ...input('The answer is 42.', '42'), reasons: false });
      expect(lean.reason, spec).toBe('');
    }
  });
});
