// Tests for the regression gate: non-inferiority verdicts, coverage/cost/latency rules, overall verdict, exit codes.
import { describe, expect, it } from 'vitest';
import { evaluateGate, gateExitCode } from '../../src/gate/index.ts';
import type { GateConfig, GateResult } from '../../src/gate/index.ts';
import type { Comparison, GateVerdictRow, ModelSummary } from '../../src/types/results.ts';

function model(key: string, extra: Partial<ModelSummary> = {}): ModelSummary {
  return {
    model: { key, label: key, modelId: `id-${key}`, mode: 'batch' },
    records: 100, ok: 100, errors: 0, missing: 0, notRun: 0, inputTokens: 0, outputTokens: 0,
    stopReasons: {}, errorCodes: {},
    metrics: [{ metric: 'acc', kind: 'binary', mean: 0.8, ci: { low: 0.7, high: 0.9 }, scored: 100, expected: 100, passed: 80 }],
    ...extra,
  };
}

function comparison(candidate: string, low: number, high: number, extra: Partial<Comparison> = {}): Comparison {
  return {
    baseline: 'base', candidate, metric: 'acc', kind: 'binary', paired: 100, baselineMean: 0.8,
    candidateMean: 0.8 + (low + high) / 2, difference: (low + high) / 2, ci: { low, high },
    pValue: 0.5, pAdjusted: 0.5, verdict: 'inconclusive', ...extra,
  };
}

/** The rows of the rules, without each candidate's always-on answered-share row (tested on its own below). */
function rulesOf(r: GateResult): GateVerdictRow[] {
  return r.rows.filter((x) => !x.rule.startsWith('answered share'));
}

const config = (rules: GateConfig['rules'], candidates?: string[]): GateConfig => ({ baseline: 'base', rules, ...(candidates ? { candidates } : {}) });

describe('non-inferiority', () => {
  it.each([
    ['lower bound above −δ', -0.01, 0.03, 'pass'],
    ['upper bound below −δ', -0.12, -0.06, 'regression'],
    ['interval straddles −δ', -0.08, 0.01, 'inconclusive'],
    ['exactly at −δ is not shown non-inferior', -0.05, 0.02, 'inconclusive'],
  ] as const)('%s → %s', (_label, low, high, verdict) => {
    const r = evaluateGate({ config: config([{ metric: 'acc', margin: 0.05 }]), comparisons: [comparison('cand', low, high)], perModel: [model('base'), model('cand')] });
    expect(rulesOf(r)).toHaveLength(1);
    expect(rulesOf(r)[0]).toMatchObject({ candidate: 'cand', metric: 'acc', rule: 'non-inferiority δ=0.05', verdict });
    expect(rulesOf(r)[0]?.evidence).toContain('over 100 paired records; margin −0.05');
    expect(r.verdict).toBe(verdict);
  });

  it('is inconclusive without a comparison or without paired records', () => {
    const none = evaluateGate({ config: config([{ metric: 'acc', margin: 0.05 }]), comparisons: [], perModel: [model('base'), model('cand')] });
    expect(rulesOf(none)[0]?.verdict).toBe('inconclusive');
    const empty = evaluateGate({
      config: config([{ metric: 'acc', margin: 0.05 }]),
      comparisons: [comparison('cand', 0, 0, { paired: 0, ci: null, difference: null })],
      perModel: [model('base'), model('cand')],
    });
    expect(rulesOf(empty)[0]?.evidence).toBe('no records scored by both models');
  });
});

describe('coverage, cost and latency rules', () => {
  const perModel = [
    model('base', { cost: 10, latencyP50: 100 }),
    model('cand', {
      cost: 16, latencyP50: 150,
      metrics: [{ metric: 'acc', kind: 'binary', mean: 0.8, ci: null, scored: 90, expected: 100, passed: 72 }],
    }),
  ];

  it.each([
    // The evidence also as numbers (gate.json, --json, summary.md).
    [{ minCoverage: 0.9 }, 'coverage ≥ 0.9', 'pass', 'coverage 0.9 (90 scored of 100 the scorer can score)', { minCoverage: 0.9, coverage: 0.9 }],
    [{ minCoverage: 0.95 }, 'coverage ≥ 0.95', 'regression', 'coverage 0.9 (90 scored of 100 the scorer can score)', { minCoverage: 0.95, coverage: 0.9 }],
    [{ maxCostRatio: 2 }, 'cost ≤ 2× baseline', 'pass', 'cost ratio 1.6 (16 vs 10)', { maxRatio: 2, ratio: 1.6 }],
    [{ maxCostRatio: 1.5 }, 'cost ≤ 1.5× baseline', 'regression', 'cost ratio 1.6 (16 vs 10)', { maxRatio: 1.5, ratio: 1.6 }],
    [{ maxLatencyRatio: 1.5 }, 'latency p50 ≤ 1.5× baseline', 'pass', 'latency p50 ratio 1.5 (150 vs 100)', { maxRatio: 1.5, ratio: 1.5 }],
    [{ maxLatencyRatio: 1.2 }, 'latency p50 ≤ 1.2× baseline', 'regression', 'latency p50 ratio 1.5 (150 vs 100)', { maxRatio: 1.2, ratio: 1.5 }],
  ] as const)('%j', (extra, rule, verdict, evidence, numbers) => {
    const r = evaluateGate({ config: config([{ metric: 'acc', margin: 0.05, ...extra }]), comparisons: [comparison('cand', 0, 0.02)], perModel });
    expect(rulesOf(r)[1]).toEqual({ candidate: 'cand', metric: 'acc', rule, verdict, evidence, numbers });
    expect(rulesOf(r)[0]!.numbers).toMatchObject({ margin: 0.05, difference: 0.01, ci: { low: 0, high: 0.02 }, paired: expect.any(Number) });
    expect(r.verdict).toBe(verdict);
  });

  it('unknown cost is inconclusive, not a pass', () => {
    const r = evaluateGate({
      config: config([{ metric: 'acc', margin: 0.05, maxCostRatio: 2 }]),
      comparisons: [comparison('cand', 0, 0.02)],
      perModel: [model('base'), model('cand')],
    });
    expect(rulesOf(r)[1]).toMatchObject({ verdict: 'inconclusive', evidence: 'cost unknown for candidate' });
    expect(r.verdict).toBe('inconclusive');
  });
});

describe('overall verdict', () => {
  it('any regression wins over inconclusive; candidates default to every other model', () => {
    const r = evaluateGate({
      config: config([{ metric: 'acc', margin: 0.05 }]),
      comparisons: [comparison('a', -0.2, -0.1), comparison('b', -0.1, 0.1), comparison('c', 0, 0.1)],
      perModel: [model('base'), model('a'), model('b'), model('c')],
    });
    expect(rulesOf(r).map((x) => [x.candidate, x.verdict])).toEqual([['a', 'regression'], ['b', 'inconclusive'], ['c', 'pass']]);
    expect(r.verdict).toBe('regression');
  });

  it('explicit candidates restrict the rows', () => {
    const r = evaluateGate({
      config: config([{ metric: 'acc', margin: 0.05 }], ['c']),
      comparisons: [comparison('a', -0.2, -0.1), comparison('c', 0, 0.1)],
      perModel: [model('base'), model('a'), model('c')],
    });
    expect(r.rows.map((x) => x.candidate)).toEqual(['c', 'c']);
    expect(r.verdict).toBe('pass');
  });

  it('is inconclusive, not a pass, when there is nothing to compare', () => {
    const onlyBaseline = evaluateGate({ config: config([{ metric: 'acc', margin: 0.05 }]), comparisons: [], perModel: [model('base')] });
    expect(onlyBaseline).toMatchObject({ rows: [], verdict: 'inconclusive' });
    const noCandidates = evaluateGate({ config: config([{ metric: 'acc', margin: 0.05 }], []), comparisons: [comparison('c', 0, 0.1)], perModel: [model('base'), model('c')] });
    expect(noCandidates.verdict).toBe('inconclusive');
  });

  it.each([
    [{ baseline: 'nope', rules: [] }, /gate\.baseline: unknown model "nope"; models: base, cand/],
    [{ baseline: 'base', candidates: ['x'], rules: [] }, /gate\.candidates\[0\]: unknown model "x"/],
    [{ baseline: 'base', rules: [{ metric: 'acc', margin: -1 }] }, /gate\.rules\[0\]\.margin: expected a number ≥ 0/],
    // A percentage where a share is meant would otherwise fail every candidate as a regression ("coverage 1 ≥ 98").
    [{ baseline: 'base', rules: [{ metric: 'acc', margin: 0, minCoverage: 98 }] }, /gate\.rules\[0\]\.minCoverage: expected a share from 0 to 1 \(0\.98 = 98%\), got 98/],
    [{ baseline: 'base', rules: [{ metric: 'acc', margin: 0, minCoverage: Number.NaN }] }, /gate\.rules\[0\]\.minCoverage/],
    [{ baseline: 'base', rules: [{ metric: 'acc', margin: 0 }, { metric: 'acc', margin: 0, maxCostRatio: 0 }] }, /gate\.rules\[1\]\.maxCostRatio: expected a number above 0/],
    [{ baseline: 'base', rules: [{ metric: 'acc', margin: 0, maxLatencyRatio: -2 }] }, /gate\.rules\[0\]\.maxLatencyRatio: expected a number above 0/],
  ])('rejects bad config %#', (cfg, message) => {
    expect(() => evaluateGate({ config: cfg as GateConfig, comparisons: [], perModel: [model('base'), model('cand')] })).toThrow(message);
  });

  it('maps verdicts to exit codes', () => {
    expect([gateExitCode('pass'), gateExitCode('regression'), gateExitCode('inconclusive')]).toEqual([0, 2, 3]);
  });
});

describe('answered share (always on)', () => {
  const run = (candOk: number, tolerance?: number, extra: Partial<ModelSummary> = {}) => evaluateGate({
    config: { ...config([{ metric: 'acc', margin: 0.05 }]), ...(tolerance !== undefined ? { coverageTolerance: tolerance } : {}) },
    comparisons: [comparison('cand', 0, 0.02)],
    perModel: [model('base'), model('cand', { ok: candOk, errors: 100 - candOk, ...extra })],
  });

  it('fails a candidate that answered more than one point less than the baseline, whatever the rules say', () => {
    const r = run(91);
    const row = r.rows.find((x) => x.rule.startsWith('answered share'))!;
    expect(row).toMatchObject({ candidate: 'cand', rule: 'answered share ≥ baseline − 0.01', verdict: 'regression' });
    expect(row.evidence).toBe('answered 91/100 (91.0%) vs baseline 100/100 (100.0%): 9.0 points below; tolerance 1.0 points');
    expect(r.verdict).toBe('regression');
  });

  it('passes within the tolerance (exactly one point is within), and the tolerance is configurable', () => {
    expect(run(99).verdict).toBe('pass');
    expect(run(98).verdict).toBe('regression');
    expect(run(98, 0.05).verdict).toBe('pass');
  });

  it('measures against records sent: records not run do not lower the share (they make comparisons incomplete)', () => {
    expect(run(90, undefined, { errors: 0, notRun: 10 }).verdict).toBe('pass');
  });

  it('gives no pass on an incomplete comparison', () => {
    const r = evaluateGate({ config: config([{ metric: 'acc', margin: 0.05 }]), comparisons: [comparison('cand', 0, 0.02, { verdict: 'incomplete', notRun: 4 })], perModel: [model('base'), model('cand')] });
    expect(rulesOf(r)[0]).toMatchObject({ verdict: 'inconclusive' });
    expect(rulesOf(r)[0]!.evidence).toMatch(/^incomplete: 4 scorable record\(s\) not run/);
  });
});
