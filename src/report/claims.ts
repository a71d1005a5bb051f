// Which claims a report may make about a model, under the unanswered-records policy: the ★ ("best"), the green cell,
// and the answered-share gap that must sit beside any claim about a model that answered less than the others. The
// terminal, report.html and summary.csv all ask here, so they never disagree.
import type { Comparison, ModelSummary, RunSummary } from '../types/results.ts';

/** The gate's default answered-share tolerance, used for the gap when no gate sets one (gate/evaluate.ts). */
const DEFAULT_TOLERANCE = 0.01;

/** The summary's answered share of a model: records answered ÷ records sent (not-run records were never sent an answer). */
export function answeredShare(pm: ModelSummary): number | null {
  if (pm.answeredShare !== undefined) return pm.answeredShare;
  const sent = pm.records - pm.notRun;
  return sent > 0 ? pm.ok / sent : null;
}

/** A model's answered share when it is below the best model's by more than the tolerance. */
export interface AnsweredGap {
  share: number;
  /** The highest answered share among the run's models (and an earlier run's baseline). */
  best: number;
  bestLabel: string;
  /** best − share, as a share (0.144 = 14.4 points). */
  gap: number;
}

export function answeredGap(summary: RunSummary, pm: ModelSummary): AnsweredGap | undefined {
  const tolerance = summary.policy?.coverageTolerance ?? DEFAULT_TOLERANCE;
  const share = answeredShare(pm);
  if (share === null) return undefined;
  const all = [...summary.perModel, ...(summary.baselineRun ? [summary.baselineRun.summary] : [])];
  let best = share;
  let bestLabel = pm.model.label;
  for (const other of all) {
    const s = answeredShare(other);
    if (s !== null && s > best) {
      best = s;
      bestLabel = other === summary.baselineRun?.summary ? `${other.model.label} (run ${summary.baselineRun.runId})` : other.model.label;
    }
  }
  const gap = best - share;
  return gap > tolerance + 1e-12 ? { share, best, bestLabel, gap } : undefined;
}

/** "answered 85.6%, 14.4 points below arith": the words shown beside a claim about a model with a gap. */
export function gapText(g: AnsweredGap): string {
  return `answered ${(g.share * 100).toFixed(1)}%, ${(g.gap * 100).toFixed(1)} points below ${g.bestLabel}`;
}

export function comparisonOf(summary: RunSummary, candidate: string, metric: string): Comparison | undefined {
  return summary.comparisons.find((c) => c.candidate === candidate && c.metric === metric);
}

/**
 * Model keys that earn the ★ per metric: the highest headline score (unanswered records counted as the policy says),
 * and only where that claim holds: the model ran every scorable record (nothing `incomplete`), answered within the
 * tolerance of the best answered share, and, for a candidate, its paired comparison with the baseline says `better`.
 * A metric whose top model fails any of these has no ★ at all rather than a ★ on the runner-up.
 */
export function bestModels(summary: RunSummary): Map<string, Set<string>> {
  const best = new Map<string, Set<string>>();
  if (summary.perModel.length + (summary.baselineRun ? 1 : 0) < 2) return best;
  for (const metric of summary.metrics) {
    let top = Number.NEGATIVE_INFINITY;
    let leaders: ModelSummary[] = [];
    for (const pm of summary.perModel) {
      const mean = pm.metrics.find((m) => m.metric === metric.name)?.mean;
      if (mean === null || mean === undefined) continue;
      if (mean > top) {
        top = mean;
        leaders = [];
      }
      if (mean === top) leaders.push(pm);
    }
    const holds = leaders.filter((pm) => {
      const ms = pm.metrics.find((m) => m.metric === metric.name)!;
      if ((ms.notRun ?? 0) > 0 || answeredGap(summary, pm)) return false;
      if (pm.model.key === summary.baseline || !summary.baseline) return true;
      return comparisonOf(summary, pm.model.key, metric.name)?.verdict === 'better';
    });
    best.set(metric.name, new Set(holds.length === leaders.length ? holds.map((pm) => pm.model.key) : []));
  }
  return best;
}

/** The legend every report prints under its figures: the policy in a sentence or two. */
export function policyLegend(summary: RunSummary): string {
  const fail = (summary.policy?.unanswered ?? 'fail') === 'fail';
  const unanswered = fail
    ? 'A record a model did not answer (error, missing output, reply stopped by a content filter or guardrail) counts as a failure in a binary metric\'s score and in paired comparisons; a continuous metric leaves it unscored and shows the gap.'
    : 'Unanswered records are left out (unanswered: \'exclude\'): scores and comparisons are over answered records only.';
  return `${unanswered} A record the scorer cannot score (no expected answer) is left out for every model. Records not run make a comparison incomplete. "Answered only" is the score over the records the model answered.`;
}
