// Which models `beval compare` pairs (pure: model lists only), and the sentence that states the paired records.
import { describe, expect, it } from 'vitest';
import { matchModels } from '../../src/history/compare-runs.ts';
import { pairedStatement } from '../../src/history/compare-document.ts';
import type { StoredResults } from '../../src/results/results-reader.ts';
import type { RunSummary } from '../../src/types/results.ts';

function run(runId: string, models: [key: string, modelId: string, label?: string][]): StoredResults {
  const summary = { runId, models: models.map(([key, modelId, label]) => ({ key, modelId, label: label ?? key, mode: 'batch' as const })) } as unknown as RunSummary;
  return { file: `${runId}/results.json`, summary, recordIds: [], tables: new Map() };
}

const names = (r: ReturnType<typeof matchModels>) => r.pairs.map((p) => `${p.a.key}=${p.b.key}:${p.matchedBy}`);

describe('matchModels', () => {
  it.each([
    { case: 'same model ID under another key', a: [['x', 'id.1']], b: [['y', 'id.1']], pairs: undefined, want: ['x=y:modelId'], unmatched: { a: [], b: [] } },
    { case: 'a swapped model ID is not matched', a: [['m', 'id.1']], b: [['m', 'id.2']], pairs: undefined, want: [], unmatched: { a: ['m'], b: ['m'] } },
    { case: 'a model ID twice in a run is ambiguous', a: [['m', 'id.1'], ['n', 'id.1']], b: [['m', 'id.1']], pairs: undefined, want: [], unmatched: { a: ['m', 'n'], b: ['m'] } },
    { case: '--pair first, the others by model ID', a: [['m', 'id.1'], ['v', 'id.3']], b: [['m', 'id.2'], ['v', 'id.3']], pairs: [{ a: 'm', b: 'm' }], want: ['m=m:pair', 'v=v:modelId'], unmatched: { a: [], b: [] } },
    { case: 'a model named in --pair is not matched again', a: [['m', 'id.1'], ['v', 'id.3']], b: [['w', 'id.3']], pairs: [{ a: 'm', b: 'w' }], want: ['m=w:pair'], unmatched: { a: ['v'], b: [] } },
    { case: '--pair by label and by model ID', a: [['k1', 'id.1', 'Claude']], b: [['k2', 'id.2']], pairs: [{ a: 'Claude', b: 'id.2' }], want: ['k1=k2:pair'], unmatched: { a: [], b: [] } },
  ] as const)('$case', ({ a, b, pairs, want, unmatched }) => {
    const r = matchModels(run('A', a as never), run('B', b as never), pairs as never);
    expect(names(r)).toEqual(want);
    expect(r.unmatched).toEqual(unmatched);
  });

  it('names the run and its models when a --pair side is unknown', () => {
    expect(() => matchModels(run('20261206-101500-ab12', [['m', 'id.1']]), run('B', [['m', 'id.1']]), [{ a: 'z', b: 'm' }]))
      .toThrow('--pair: "z" is not a model of run A (20261206-101500-ab12); its models: m (id.1).');
  });
});

describe('pairedStatement', () => {
  it.each([
    [{ paired: 40, recordsA: 40, recordsB: 40, onlyInA: 0, onlyInB: 0, subset: false }, "Paired 40 records by recordId: all of each run's 40."],
    [{ paired: 30, recordsA: 40, recordsB: 35, onlyInA: 10, onlyInB: 5, subset: true }, "The suites differ (--subset): only the records both runs hold are compared. Paired 30 records by recordId: 30 of run A's 40 and 30 of run B's 35; left out 10 only in A and 5 only in B."],
    [{ paired: 1500, recordsA: 2000, recordsB: 1500, onlyInA: 500, onlyInB: 0, subset: true }, "The suites differ (--subset): only the records both runs hold are compared. Paired 1,500 records by recordId: 1,500 of run A's 2,000 and 1,500 of run B's 1,500; left out 500 only in A and 0 only in B."],
  ])('%o', (records, want) => {
    expect(pairedStatement(records)).toBe(want);
  });
});
