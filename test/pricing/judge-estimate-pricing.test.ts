// Judge pricing in the estimate and budget check: an unpriced judge is refused like an unpriced model, and judges that
// go realtime (below the batch minimum with judge.belowMinimum: 'realtime') are priced on demand.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve.ts';
import { estimateRun } from '../../src/pricing/estimate.ts';
import { checkBudget, estimateTable } from '../../src/cli/commands/estimate.ts';
import type { Suite } from '../../src/suite/load-suite.ts';
import type { SuiteRecord } from '../../src/types/suite.ts';

const records: SuiteRecord[] = Array.from({ length: 10 }, (_, i) => ({
  recordId: `r${i}`, line: i + 1, tags: [], modelInput: { messages: [{ role: 'user', content: [{ text: `What is ${i} + 1?` }] }] },
  ...(i < 6 ? { expected: String(i + 1) } : {}),
}));
const suite: Suite = { path: 's.jsonl', sha256: 'x', records, index: new Map(records.map((r, i) => [r.recordId, i])) };
const MODELS = [{ id: 'beval.arith-v1' }, { id: 'beval.verbose-v1' }, { id: 'beval.flaky-v1' }];
const PRICE = { inputPer1k: 0.003, outputPer1k: 0.015 };

function config(extra: Record<string, unknown>) {
  return resolveConfig({ suite: 's.jsonl', models: MODELS, ...extra }, '/p/eval.config.ts');
}

describe('unpriced judge', () => {
  const judges = [{ kind: 'rubric', model: 'acme.unknown-judge-v9' }];

  it('is listed as unpriced and refused by the budget check, naming the judge and the fix', () => {
    const cfg = config({ judges, budgetUsd: 1_000_000 });
    const e = estimateRun(cfg, suite);
    expect(e.unpriced).toEqual([]);
    expect(e.unpricedJudges).toEqual(['judge-rubric (acme.unknown-judge-v9)']);
    expect(e.judgeBatchMax).toBeUndefined();
    for (const mode of ['batch', 'realtime'] as const) {
      expect(() => checkBudget(cfg, e, false, mode)).toThrow(/judge judge-rubric \(acme\.unknown-judge-v9\).*judges\[\]\.pricing.*--yes/);
    }
    expect(() => checkBudget(cfg, e, true)).not.toThrow();
    expect(estimateTable(e)).toMatch(/No price known for judge judge-rubric \(acme\.unknown-judge-v9\): set judges\[\]\.pricing/);
  });

  it('names both an unpriced model and an unpriced judge', () => {
    const cfg = config({ models: [...MODELS, { id: 'acme.unknown-model' }], judges, budgetUsd: 1_000_000 });
    expect(() => checkBudget(cfg, estimateRun(cfg, suite), false)).toThrow(/model acme\.unknown-model \(set models\[\]\.pricing\) and judge judge-rubric/);
  });

  it('passes once judges[].pricing gives the judge a price', () => {
    const cfg = config({ judges: [{ ...judges[0], pricing: PRICE }], budgetUsd: 1_000_000 });
    const e = estimateRun(cfg, suite);
    expect(e.unpricedJudges).toEqual([]);
    expect(e.judgeBatchMax).toBeGreaterThan(0);
    expect(() => checkBudget(cfg, e, false)).not.toThrow();
  });
});

describe('judges below the batch minimum with belowMinimum: realtime', () => {
  // 30 rubric + 18 reference requests on one judge model: 48, below the default minimum of 100.
  const judges = [{ kind: 'rubric', model: 'beval.judge-v1' }, { kind: 'reference', model: 'beval.judge-v1' }];

  it('are priced on demand (no batch discount); \'unscored\' keeps the batch price (\'pad\': test/pricing/judge-padding)', () => {
    const batch = estimateRun(config({ judges, judge: { belowMinimum: 'unscored' } }), suite);
    const realtime = estimateRun(config({ judges, judge: { belowMinimum: 'realtime' } }), suite);
    expect(batch.judges?.map((j) => j.mode)).toEqual(['batch', 'batch']);
    expect(realtime.judges?.map((j) => j.mode)).toEqual(['realtime', 'realtime']);
    // beval.judge-v1 has the default batch discount of 0.5.
    expect(realtime.judgeBatchMax).toBeCloseTo(2 * batch.judgeBatchMax!, 12);
    expect(realtime.judgeBatchLikely).toBeCloseTo(2 * batch.judgeBatchLikely!, 12);
    expect(estimateTable(realtime)).toMatch(/on-demand/);
  });

  it('count at the on-demand price against the budget', () => {
    const cfg = (belowMinimum: string, budgetUsd?: number) => config({ judges, judge: { belowMinimum }, ...(budgetUsd === undefined ? {} : { budgetUsd }) });
    const batch = estimateRun(cfg('unscored'), suite);
    // Above the generation + judges total at batch prices, below it at on-demand prices (twice the batch judge cost).
    const budget = batch.batchMax! + 1.5 * batch.judgeBatchMax!;
    expect(() => checkBudget(cfg('unscored', budget), batch, false)).not.toThrow();
    expect(() => checkBudget(cfg('realtime', budget), estimateRun(cfg('realtime'), suite), false)).toThrow(/above budgetUsd/);
  });

  it('go by the requests per judge model, as the judge stage groups them', () => {
    // Minimum 40: each judge alone is below it, but both share beval.judge-v1 (48 requests), so that model runs batch;
    // the pairwise judge (40 requests) on its own model is not below it either, and the one on a third model (30) is.
    const cfg = config({
      quotas: { minRecordsPerJob: 40 }, judge: { belowMinimum: 'realtime' },
      judges: [...judges, { kind: 'pairwise', model: 'acme.judge-a', pricing: PRICE }, { kind: 'rubric', name: 'solo', model: 'acme.judge-b', pricing: PRICE }],
    });
    expect(estimateRun(cfg, suite).judges?.map((j) => [j.name, j.requests, j.mode])).toEqual([
      ['judge-rubric', 30, 'batch'], ['judge-reference', 18, 'batch'], ['judge-pairwise', 40, 'batch'], ['solo', 30, 'realtime'],
    ]);
  });
});
