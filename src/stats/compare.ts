// Per-metric summaries and baseline-vs-candidate comparisons over the per-record value tables.
import type { Comparison, ComparisonVerdict, MetricSummary } from '../types/results.ts';
import type { ScoreKind } from '../types/scorer.ts';
import { bootstrapMeanCI, newcombePairedCI, wilson } from './intervals.ts';
import { holm, mcnemarExact } from './tests.ts';
import { deriveSeed } from './random.ts';

/** Significance level for verdicts. */
export const ALPHA = 0.05;
/** Continuous comparisons with fewer paired records get no verdict: a percentile bootstrap is unreliable that small. */
export const MIN_PAIRED_CONTINUOUS = 10;

/**
 * Summarise one model × metric. `values[i]` is record i's value (NaN = not scored), `pass[i]` its pass flag (1 passed;
 * 0 failed; any other value, such as the tables' NO_PASS, counts as not passed);
 * `expected` is the suite's record count. `metric` is left empty for the caller to fill. `ci` is null when nothing was
 * scored, and for a continuous metric with a single scored record.
 */
export function summariseMetric(
  values: Float64Array,
  pass: Uint8Array,
  kind: ScoreKind,
  expected: number,
  seed: number,
  opts: { metric?: string; iterations?: number } = {},
): MetricSummary {
  let scored = 0;
  let passed = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) continue;
    scored++;
    sum += v;
    if (pass[i] === 1) passed++;
  }
  const base = { metric: opts.metric ?? '', kind, scored, expected };
  if (scored === 0) return { ...base, mean: null, ci: null, ...(kind === 'binary' ? { passed: 0 } : {}) };
  if (kind === 'binary') return { ...base, mean: passed / scored, ci: wilson(passed, scored), passed };
  // One value says nothing about spread: its bootstrap would be the point [v, v], read as certainty.
  if (scored === 1) return { ...base, mean: sum, ci: null };
  const kept = new Float64Array(scored);
  let k = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i] as number)) kept[k++] = values[i] as number;
  const ci = bootstrapMeanCI(kept, { seed: deriveSeed(seed, opts.metric ?? ''), ...(opts.iterations ? { iterations: opts.iterations } : {}) });
  return { ...base, mean: sum / scored, ci };
}

/** Inputs to one comparison; arrays are indexed by suite record, already under the unanswered-records policy (answer-policy.ts). */
export interface CompareInput {
  baseline: string;
  candidate: string;
  metric: string;
  kind: ScoreKind;
  baselineValues: Float64Array;
  candidateValues: Float64Array;
  baselinePass: Uint8Array;
  candidatePass: Uint8Array;
  seed: number;
  /** Bootstrap iterations for continuous metrics. @default 2000 */
  iterations?: number;
  /** Records either model never ran (a job stopped before answering): the verdict is `incomplete` while any remain. */
  notRun?: number;
  /** With a margin, an interval inside ±margin reads `equivalent`; without one, never. */
  equivalenceMargin?: number;
  /**
   * A pairwise judge's metric: the candidate's values are already against the baseline (win 1, tie ½, loss 0), so
   * the comparison is the candidate's mean against ½ (a tie), not a difference of two models' scores.
   */
  pairwise?: boolean;
}

/**
 * The comparison's verdict word. `significant`: the evidence excludes no difference (Holm-adjusted p < α for binary
 * metrics, the 95% interval excluding 0 for continuous ones). Records not run make it `incomplete` whatever the data
 * say: a model must not be called better on the records it happened to finish.
 */
export function verdictOf(c: Pick<Comparison, 'paired' | 'difference' | 'ci' | 'notRun' | 'equivalenceMargin'>, significant: boolean): ComparisonVerdict {
  if ((c.notRun ?? 0) > 0) return 'incomplete';
  if (c.paired === 0 || c.difference === null) return 'inconclusive';
  if (significant && c.difference !== 0) return c.difference > 0 ? 'better' : 'worse';
  const m = c.equivalenceMargin;
  if (m !== undefined && c.ci !== null && c.ci.low > -m && c.ci.high < m) return 'equivalent';
  return 'inconclusive';
}

/**
 * Compare candidate with baseline over records both scored. Binary: exact McNemar p-value (wins/losses are the
 * discordant pairs) and Newcombe's paired interval; the verdict is provisional until applyHolm adjusts p.
 * Continuous: paired bootstrap interval of the mean difference; verdict when it excludes 0. No p-value.
 * Pairwise: the candidate's mean verdict (win 1, tie ½, loss 0) against ½, with a bootstrap interval.
 */
export function compareModels(input: CompareInput): Comparison {
  const { baselineValues: bv, candidateValues: cv, baselinePass: bp, candidatePass: cp } = input;
  const n = Math.min(bv.length, cv.length);
  const head = {
    baseline: input.baseline, candidate: input.candidate, metric: input.metric, kind: input.kind,
    ...(input.notRun ? { notRun: input.notRun } : {}),
    ...(input.equivalenceMargin !== undefined ? { equivalenceMargin: input.equivalenceMargin } : {}),
  };
  if (input.pairwise) return comparePairwise(input, head);
  if (input.kind === 'binary') {
    const c = { both: 0, wins: 0, losses: 0, neither: 0 };
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(bv[i] as number) || Number.isNaN(cv[i] as number)) continue;
      // Only 1 is a pass: NO_PASS (255, no flag recorded) must never count as one.
      const b = bp[i] === 1;
      const k = cp[i] === 1;
      if (b && k) c.both++;
      else if (k) c.wins++;
      else if (b) c.losses++;
      else c.neither++;
    }
    const paired = c.both + c.wins + c.losses + c.neither;
    if (paired === 0) return emptyComparison(head);
    const baselineMean = (c.both + c.losses) / paired;
    const candidateMean = (c.both + c.wins) / paired;
    const difference = (c.wins - c.losses) / paired;
    const pValue = mcnemarExact(c.wins, c.losses);
    const out: Comparison = {
      ...head, paired, baselineMean, candidateMean, difference,
      ci: newcombePairedCI(c), pValue, pAdjusted: pValue, wins: c.wins, losses: c.losses, verdict: 'inconclusive',
    };
    out.verdict = verdictOf(out, pValue < ALPHA);
    return out;
  }
  let paired = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(bv[i] as number) && !Number.isNaN(cv[i] as number)) paired++;
  if (paired === 0) return emptyComparison(head);
  const d = new Float64Array(paired);
  let bSum = 0;
  let cSum = 0;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const b = bv[i] as number;
    const c = cv[i] as number;
    if (Number.isNaN(b) || Number.isNaN(c)) continue;
    bSum += b;
    cSum += c;
    d[k++] = c - b;
  }
  const difference = (cSum - bSum) / paired;
  const seed = deriveSeed(input.seed, input.baseline, input.candidate, input.metric);
  const ci = bootstrapMeanCI(d, { seed, ...(input.iterations ? { iterations: input.iterations } : {}) });
  const significant = paired >= MIN_PAIRED_CONTINUOUS && (ci.low > 0 || ci.high < 0);
  const out: Comparison = {
    ...head, paired, baselineMean: bSum / paired, candidateMean: cSum / paired, difference,
    ci, pValue: null, pAdjusted: null, verdict: 'inconclusive',
  };
  out.verdict = verdictOf(out, significant);
  return out;
}

/** The candidate's pairwise verdicts against a tie: mean − ½ with a bootstrap interval; wins and losses counted. */
function comparePairwise(input: CompareInput, head: Pick<Comparison, 'baseline' | 'candidate' | 'metric' | 'kind'>): Comparison {
  const cv = input.candidateValues;
  const kept: number[] = [];
  let wins = 0, losses = 0;
  for (let i = 0; i < cv.length; i++) {
    const v = cv[i] as number;
    if (Number.isNaN(v)) continue;
    kept.push(v - 0.5);
    if (v === 1) wins++;
    else if (v === 0) losses++;
  }
  if (kept.length === 0) return emptyComparison(head);
  const paired = kept.length;
  const difference = kept.reduce((a, b) => a + b, 0) / paired;
  const seed = deriveSeed(input.seed, input.baseline, input.candidate, input.metric);
  const ci = bootstrapMeanCI(kept, { seed, ...(input.iterations ? { iterations: input.iterations } : {}) });
  const out: Comparison = {
    ...head, pairwise: true, paired, baselineMean: 0.5, candidateMean: difference + 0.5, difference, ci,
    pValue: null, pAdjusted: null, wins, losses, verdict: 'inconclusive',
  };
  out.verdict = verdictOf(out, paired >= MIN_PAIRED_CONTINUOUS && (ci.low > 0 || ci.high < 0));
  return out;
}

function emptyComparison(head: Pick<Comparison, 'baseline' | 'candidate' | 'metric' | 'kind' | 'notRun' | 'equivalenceMargin'>): Comparison {
  const out: Comparison = { ...head, paired: 0, baselineMean: null, candidateMean: null, difference: null, ci: null, pValue: null, pAdjusted: null, verdict: 'inconclusive' };
  out.verdict = verdictOf(out, false);
  return out;
}

/**
 * Holm-adjust the p-values of all comparisons that have one (the binary ones) as one family, and set their
 * verdicts from the adjusted p. Returns new objects; continuous comparisons pass through unchanged. The caller
 * decides the family: the gate passes only its pre-declared rules' comparisons, the report every exploratory one.
 */
export function applyHolm(comparisons: Comparison[]): Comparison[] {
  const idx: number[] = [];
  const ps: number[] = [];
  comparisons.forEach((c, i) => {
    if (c.pValue !== null) {
      idx.push(i);
      ps.push(c.pValue);
    }
  });
  const adjusted = holm(ps);
  const out = comparisons.map((c) => ({ ...c }));
  idx.forEach((i, j) => {
    const c = out[i];
    const p = adjusted[j];
    if (c === undefined || p === undefined) return;
    c.pAdjusted = p;
    c.verdict = verdictOf(c, p < ALPHA);
  });
  return out;
}
