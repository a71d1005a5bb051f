// The numeric limits of a gate rule, checked where the config is loaded (before anything is paid) and again where the
// gate runs (a results.json from elsewhere, a config built in code): one rule set for both.

/** A rule's first out-of-range limit: the field under the rule and what is wrong, or undefined when all are valid. */
export function ruleLimitProblem(rule: Record<string, unknown>): { field: string; message: string } | undefined {
  const { margin, minCoverage } = rule;
  if (!(typeof margin === 'number' && Number.isFinite(margin) && margin >= 0)) {
    return { field: 'margin', message: `expected a number ≥ 0 in the metric's units, got ${String(margin)}` };
  }
  // Out-of-range limits would not fail loudly: they would turn every candidate into a regression.
  if (minCoverage !== undefined && !(typeof minCoverage === 'number' && minCoverage >= 0 && minCoverage <= 1)) {
    return { field: 'minCoverage', message: `expected a share from 0 to 1 (0.98 = 98%), got ${String(minCoverage)}` };
  }
  for (const field of ['maxCostRatio', 'maxLatencyRatio'] as const) {
    const v = rule[field];
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v > 0)) {
      return { field, message: `expected a number above 0 (1.5 = at most 1.5× the baseline), got ${String(v)}` };
    }
  }
  return undefined;
}
