// The metrics of a run: suite-wide scorers from config plus, when records carry them, the per-record assertions.
import type { Scorer, Score, ScoreInput } from '../types/scorer.ts';
import type { Suite } from '../suite/load-suite.ts';
import { assertionScorer, buildScorers, type ScorerSpec } from '../scorers/catalogue.ts';
import type { MetricInfo } from '../types/results.ts';
import { metricNames } from '../scorers/metric-names.ts';

export const ASSERTIONS_METRIC = 'assertions';

export interface MetricSet {
  metrics: MetricInfo[];
  /** Scores record `index` on every metric (null where a metric does not apply to the record). */
  scoreAll(index: number, input: ScoreInput): (Score | null)[];
}

/** `name`: the scorer's column name (its own name unless another metric had it first). */
function safeScore(scorer: Scorer, input: ScoreInput, name = scorer.name): Score {
  try {
    return scorer.score(input);
  } catch (e) {
    return { value: null, reason: `scorer ${name} threw: ${(e as Error).message}` };
  }
}

/** A record passes `assertions` when every one of its assertions passes; the reason lists the failures. */
function scoreAssertions(scorers: Scorer[], input: ScoreInput): Score {
  const failed: string[] = [];
  for (const s of scorers) {
    const r = safeScore(s, input);
    if (r.pass === false || (r.pass === undefined && r.value === null)) failed.push(`${s.name}: ${r.reason}`);
  }
  return failed.length
    ? { value: 0, pass: false, reason: `${failed.length}/${scorers.length} assertions failed: ${failed.join('; ')}` }
    : { value: 1, pass: true, reason: `all ${scorers.length} assertions passed` };
}

/** `extra`: scorers built elsewhere from run artifacts (the judge scorers of src/judge), after the config's. */
export function buildMetricSet(specs: ScorerSpec[], suite: Suite, extra: Scorer[] = []): MetricSet {
  const scorers = [...buildScorers(specs, 'scorers'), ...extra];
  const names = metricNames(scorers.map((s) => s.name));
  const perRecord: (Scorer[] | undefined)[] = suite.records.map((r) =>
    r.assert?.length ? r.assert.map((a, i) => assertionScorer(a, `${suite.path}:${r.line}: assert[${i}]`)) : undefined);
  const hasAssertions = perRecord.some(Boolean);
  const metrics: MetricInfo[] = scorers.map((s, k) => ({ name: names[k]!, kind: s.kind, ...(s.pairwise ? { pairwise: true as const } : {}) }));
  if (hasAssertions) metrics.push({ name: ASSERTIONS_METRIC, kind: 'binary' });
  return {
    metrics,
    scoreAll(index, input) {
      const out: (Score | null)[] = scorers.map((s, k) => safeScore(s, input, names[k]));
      if (hasAssertions) {
        const own = perRecord[index];
        out.push(own ? scoreAssertions(own, input) : null);
      }
      return out;
    },
  };
}
