// Builds the config's scorers when the config is read, so a typo or a bad option fails before any job is paid for.
import { buildScorers, SCORERS } from '../scorers/catalogue.ts';
import { fieldAndProblem, ScorerConfigError } from '../scorers/errors.ts';
import { ASSERTIONS_METRIC } from '../score/metric-set.ts';
import type { ScorerSpec } from '../scorers/catalogue.ts';
import { didYouMean } from '../did-you-mean.ts';

type Fail = (field: string, message: string) => never;

/**
 * Checks `scorers` the way scoring will build them (names, options, distinct column names) and returns the metric
 * names they write. Without this, `scorers: ['numerc']` surfaced only after every job had run.
 */
export function checkScorers(specs: ScorerSpec[], fail: Fail): string[] {
  specs.forEach((spec, i) => {
    const name: unknown = typeof spec === 'string' ? spec : Array.isArray(spec) ? spec[0] : undefined;
    if (name !== undefined && !Object.hasOwn(SCORERS, String(name))) {
      fail(`scorers[${i}]`, `unknown scorer ${JSON.stringify(name)}${didYouMean(String(name), Object.keys(SCORERS))}; known scorers: ${Object.keys(SCORERS).join(', ')}`);
    }
  });
  try {
    return buildScorers(specs, 'scorers').map((s) => s.name);
  } catch (e) {
    if (!(e instanceof ScorerConfigError)) throw e;
    const { field, problem } = fieldAndProblem(e, 'scorers');
    return fail(field, problem);
  }
}

/** Each gate rule must name a metric the run writes: a scorer, a judge, or the per-record `assertions`. */
export function checkGateMetrics(rules: unknown, metrics: string[], fail: Fail): void {
  if (!Array.isArray(rules)) return;
  const known = [...metrics, ASSERTIONS_METRIC];
  rules.forEach((r: unknown, i) => {
    const metric = (r as { metric?: unknown } | null)?.metric;
    if (typeof metric !== 'string' || known.includes(metric)) return;
    fail(`gate.rules[${i}].metric`, `no scorer or judge of this config writes ${JSON.stringify(metric)}${didYouMean(metric, known)}; metrics: ${known.join(', ')}`);
  });
}
