// Tests for the scorer table: building from config specs and per-record assertions, errors, and custom scorers.
import { describe, expect, it } from 'vitest';
import { SCORERS, assertionScorer, buildScorers, type ScorerSpec } from '../../src/scorers/catalogue.ts';
import { ScorerConfigError } from '../../src/scorers/errors.ts';
import { input } from './helpers.ts';

describe('buildScorers', () => {
  it('builds names, [name, options] and custom scorers in order', () => {
    const specs: ScorerSpec[] = [
      'equals',
      ['contains', { value: 'Paris' }],
      { name: 'short', kind: 'binary', score: ({ output }) => ({ value: output.text.length < 10 ? 1 : 0, pass: output.text.length < 10 }) },
    ];
    const scorers = buildScorers(specs, 'scorers');
    expect(scorers.map((s) => [s.name, s.kind])).toEqual([
      ['equals', 'binary'],
      ['contains:Paris', 'binary'],
      ['short', 'binary'],
    ]);
    expect(scorers[2]?.score(input('Paris')).pass).toBe(true);
  });

  it('every catalogue entry builds with suitable options and has a kind', () => {
    const needs: Record<string, Record<string, unknown>> = {
      'json-schema': { schema: { type: 'object' } },
      'json-field': { path: 'a' },
      length: { max: 10 },
    };
    for (const [name, factory] of Object.entries(SCORERS)) {
      const s = factory(needs[name], name);
      expect(['binary', 'continuous']).toContain(s.kind);
      expect(() => s.score(input('', ''))).not.toThrow();
    }
  });

  it.each([
    [['nope'], /scorers\[0\]: unknown scorer "nope"; known scorers: equals, contains/],
    [['equals', ['contains', { valeu: 'x' }]], /scorers\[1\] \(contains\): unknown option "valeu"/],
    [[['contains', 'Paris']], /scorers\[0\]: expected \[name, options\]/],
    [[42], /scorers\[0\]: expected a scorer name, \[name, options\] or \{ name, score \}/],
    [[{ name: 'x' }], /scorers\[0\]: a custom scorer needs a non-empty string "name" and a function "score"/],
    [['equals', 'equals'], /scorers\[1\]: scorer name "equals" is already used by scorers\[0\]/],
  ])('rejects %j', (specs, message) => {
    expect(() => buildScorers(specs as ScorerSpec[], 'scorers')).toThrow(message);
    expect(() => buildScorers(specs as ScorerSpec[], 'scorers')).toThrow(ScorerConfigError);
  });
});

describe('assertionScorer', () => {
  it('builds from promptfoo-style { type, value, ...options }', () => {
    const s = assertionScorer({ type: 'icontains', value: 'paris' }, 'suite.jsonl:3: assert[0]');
    expect(s.name).toBe('icontains:paris');
    expect(s.score(input('PARIS')).pass).toBe(true);
  });

  it('names the location and allowed types on error', () => {
    expect(() => assertionScorer({ type: 'llm-rubric' }, 'suite.jsonl:3: assert[1]')).toThrow(
      /suite\.jsonl:3: assert\[1\]: type: unknown scorer "llm-rubric"/,
    );
    expect(() => assertionScorer({ type: 'equals', ignoreCase: 1 }, 'suite.jsonl:4: assert[0]')).toThrow(
      /suite\.jsonl:4: assert\[0\] \(equals\): option "ignoreCase" must be a boolean/,
    );
  });
});

describe('custom scorers', () => {
  const build = (score: (i: never) => unknown) => buildScorers([{ name: 'c', score } as unknown as ScorerSpec], 'scorers')[0];

  it.each([
    ['a throw', () => { throw new Error('boom'); }, 'scorer threw: boom'],
    ['a non-finite value', () => ({ value: Number.NaN }), 'expected a finite number or null'],
    ['a Promise', () => Promise.resolve({ value: 1 }), 'give the scorer `async: true`'],
    ['a non-object', () => 3, 'expected { value, pass?, reason? }'],
    ['a bad pass', () => ({ value: 1, pass: 'yes' }), 'non-boolean pass'],
  ])('turns %s into an unscored record', (_label, fn, reason) => {
    const s = build(fn)?.score(input('x'));
    expect(s?.value).toBeNull();
    expect(s?.reason).toContain(reason);
  });

  it('passes a good result through and defaults reason and kind', () => {
    const s = build(() => ({ value: 0.5 }));
    expect(s?.kind).toBe('continuous');
    expect(s?.score(input('x'))).toEqual({ value: 0.5, reason: '' });
  });
});
