// Metric column names are made by one rule (src/scorers/metric-names.ts) and never by renaming a scorer.
import { describe, expect, it } from 'vitest';
import { metricNames } from '../../src/scorers/metric-names.ts';
import { buildMetricSet } from '../../src/score/metric-set.ts';
import type { Scorer } from '../../src/types/scorer.ts';
import type { Suite } from '../../src/suite/load-suite.ts';

describe('metricNames', () => {
  it.each([
    [[], []],
    [['numeric', 'contains'], ['numeric', 'contains']],
    [['numeric', 'numeric'], ['numeric', 'numeric#2']],
    [['a', 'a', 'a'], ['a', 'a#2', 'a#3']],
    [['a', 'a#2', 'a'], ['a', 'a#2', 'a#3']],
  ])('%j → %j', (names, expected) => {
    expect(metricNames(names)).toEqual(expected);
  });
});

describe('buildMetricSet', () => {
  it('names a judge that shares a scorer\'s name numeric#2 in the columns, and leaves the judge\'s own name alone', () => {
    const judge: Scorer = { name: 'numeric', kind: 'binary', score: () => { throw new Error('boom'); } };
    const suite = { path: 'suite.jsonl', records: [{ recordId: 'r1', line: 1, modelInput: { messages: [] } }] } as unknown as Suite;
    const set = buildMetricSet(['numeric'], suite, [judge]);
    expect(set.metrics.map((m) => m.name)).toEqual(['numeric', 'numeric#2']);
    expect(judge.name).toBe('numeric');
    // A second metric set from the same scorer objects (each worker builds its own) names them the same way.
    expect(buildMetricSet(['numeric'], suite, [judge]).metrics.map((m) => m.name)).toEqual(['numeric', 'numeric#2']);
    const [, judged] = set.scoreAll(0, { record: suite.records[0]!, output: { ok: true, text: '1' } } as never);
    expect(judged?.reason).toBe('scorer numeric#2 threw: boom');
  });
});
