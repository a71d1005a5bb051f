// Judge requests, tokens and cost in the estimate, apart from generation and counted against the budget.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve.ts';
import { estimateRun } from '../../src/pricing/estimate.ts';
import { checkBudget } from '../../src/cli/commands/estimate.ts';
import type { Suite } from '../../src/suite/load-suite.ts';
import type { SuiteRecord } from '../../src/types/suite.ts';

const records: SuiteRecord[] = Array.from({ length: 10 }, (_, i) => ({
  recordId: `r${i}`, line: i + 1, tags: [], modelInput: { messages: [{ role: 'user', content: [{ text: `What is ${i} + 1?` }] }] },
  ...(i < 6 ? { expected: String(i + 1) } : {}),
}));
const suite: Suite = { path: 's.jsonl', sha256: 'x', records, index: new Map(records.map((r, i) => [r.recordId, i])) };

function config(extra: Record<string, unknown> = {}) {
  return resolveConfig({
    suite: 's.jsonl', models: [{ id: 'beval.arith-v1' }, { id: 'beval.verbose-v1' }, { id: 'beval.flaky-v1' }],
    judges: [{ kind: 'rubric', model: 'beval.judge-v1' }, { kind: 'reference', model: 'beval.judge-v1' }, { kind: 'pairwise', model: 'beval.judge-v1' }],
    ...extra,
  }, '/p/eval.config.ts');
}

describe('judge estimate', () => {
  it('counts one request per record × model, reference only where expected exists, two per record × candidate for pairwise', () => {
    const e = estimateRun(config(), suite);
    expect(e.judges?.map((j) => [j.name, j.requests])).toEqual([['judge-rubric', 30], ['judge-reference', 18], ['judge-pairwise', 40]]);
    expect(e.judgeBatchMax).toBeGreaterThan(e.judgeBatchLikely!);
    // Generation totals stay generation only.
    expect(e.models.reduce((a, m) => a + m.batchMax!, 0)).toBeCloseTo(e.batchMax!, 12);
  });

  it('the budget check includes the judges', () => {
    const e = estimateRun(config(), suite);
    const between = e.batchMax! + e.judgeBatchMax! / 2;
    expect(() => checkBudget(config({ budgetUsd: between }), e, false)).toThrow(/above budgetUsd/);
    expect(() => checkBudget(config({ budgetUsd: e.batchMax! + e.judgeBatchMax! + 1 }), e, false)).not.toThrow();
  });
});
