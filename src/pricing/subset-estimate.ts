// The estimate of only some records per model (`beval rerun`, a run that reuses earlier answers): each model's own
// records estimated as its own suite, then summed; the judge stage estimated over the records given for it.
import type { ResolvedConfig } from '../types/config.ts';
import type { Suite } from '../suite/load-suite.ts';
import { estimateJudges } from './judge-estimate.ts';
import { attachJudges, estimateRun, type RunEstimate } from './estimate.ts';

/** Sums per-model estimates into one, for the table and the budget check. */
function combine(parts: RunEstimate[]): RunEstimate {
  const sum = (f: (e: RunEstimate) => number | undefined): number | undefined =>
    parts.some((p) => f(p) === undefined) ? undefined : parts.reduce((n, p) => n + f(p)!, 0);
  return {
    models: parts.flatMap((p) => p.models),
    batchLikely: sum((p) => p.batchLikely), batchMax: sum((p) => p.batchMax),
    onDemandLikely: sum((p) => p.onDemandLikely), onDemandMax: sum((p) => p.onDemandMax),
    unpriced: parts.flatMap((p) => p.unpriced), unbounded: parts.flatMap((p) => p.unbounded), unpricedJudges: [],
  };
}

/**
 * Generation: one row per model with records to send, priced like a run of just those records. Judges (when
 * configured): as a run of `judged` (suite indices) would judge them, every model's answer to each: an upper bound,
 * since the judge stage sends only requests it has no verdict for.
 */
export function estimateSubset(config: ResolvedConfig, suite: Suite, selections: { key: string; indices: number[] }[], judged: number[]): RunEstimate {
  const parts = selections.filter((s) => s.indices.length).map((s) => estimateRun(
    { ...config, models: config.models.filter((m) => m.key === s.key), judges: [] },
    { ...suite, records: s.indices.map((i) => suite.records[i]!) },
  ));
  const out: RunEstimate = parts.length ? combine(parts) : { models: [], batchLikely: 0, batchMax: 0, onDemandLikely: 0, onDemandMax: 0, unpriced: [], unbounded: [], unpricedJudges: [] };
  attachJudges(out, config.judges?.length && judged.length ? estimateJudges(config, { ...suite, records: judged.map((i) => suite.records[i]!) }) : []);
  return out;
}
