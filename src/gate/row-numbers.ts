// The numbers behind a gate row, beside its prose `evidence`: what gate.json, `--json`, summary.md and the JUnit
// report carry, so CI reads a difference, an interval and a margin rather than parsing a sentence.
import type { Comparison, GateRowNumbers, ModelSummary } from '../types/results.ts';
import type { GateRule } from '../types/gate.ts';

/** A non-inferiority row: the paired difference (candidate − baseline), its 95% interval, the margin, Holm's p. */
export function nonInferiorityNumbers(rule: GateRule, c: Comparison | undefined): GateRowNumbers {
  return {
    margin: rule.margin,
    difference: c?.difference ?? null,
    ci: c?.ci ?? null,
    paired: c?.paired ?? 0,
    p: c ? (c.pAdjusted ?? c.pValue) : null,
  };
}

/** A minCoverage row: the candidate's coverage on the metric against the minimum. */
export function coverageNumbers(rule: GateRule, cand: ModelSummary): GateRowNumbers {
  const m = cand.metrics.find((x) => x.metric === rule.metric);
  // `scorable` (records the scorer can score) where the summary has it, else every suite record.
  const of = m ? ((m as { scorable?: number }).scorable ?? m.expected) : 0;
  return { minCoverage: rule.minCoverage ?? null, coverage: m && of > 0 ? m.scored / of : null };
}

/** A cost or latency row: candidate ÷ baseline against the maximum ratio. */
export function ratioNumbers(max: number, candValue: number | undefined, baseValue: number | undefined): GateRowNumbers {
  const ratio = candValue !== undefined && baseValue !== undefined && baseValue > 0 ? candValue / baseValue : null;
  return { maxRatio: max, ratio };
}
