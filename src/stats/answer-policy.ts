// The one policy for records without an answer (docs/statistics.md, "Records without an answer"): which record
// statuses count as the model's failure, which leave a record outside a metric's denominator, and which make a
// comparison incomplete. Every headline figure, comparison and gate row reads per-record values through it.
import type { RecordStatus } from '../types/results.ts';
import type { ScoreKind } from '../types/scorer.ts';
import type { UnansweredPolicy } from '../types/config.ts';

export type { UnansweredPolicy };

/**
 * How a record's status stands for the policy. `answered`: the model replied (the scorer may still be unable to score
 * it). `unanswered`: the model was asked and gave no usable reply, which is its failure. `not-run`: the record was
 * never answered because its job stopped, failed or expired first: the comparison is incomplete until a rerun.
 */
export type Standing = 'answered' | 'unanswered' | 'not-run';

/** One line per record status. A new status must be placed here (the type demands it). */
export const STANDING: Readonly<Record<RecordStatus, Standing>> = {
  ok: 'answered',
  error: 'unanswered',
  missing: 'unanswered',
  // A reply stopped by a content filter or guardrail (stopReason content_filtered / guardrail_intervened) gave the
  // user no answer: the model's failure, like an error.
  filtered: 'unanswered',
  'not-run': 'not-run',
};

/** Standing codes in the per-record typed arrays. */
export const ANSWERED = 0;
export const UNANSWERED = 1;
export const NOT_RUN = 2;
const CODE: Record<Standing, number> = { answered: ANSWERED, unanswered: UNANSWERED, 'not-run': NOT_RUN };

/** Per record, the standing code of a table's status codes; `names[code]` is the status a code stands for. */
export function standings(status: Uint8Array, names: readonly RecordStatus[]): Uint8Array {
  const byCode = names.map((n) => CODE[STANDING[n]]);
  const out = new Uint8Array(status.length);
  for (let i = 0; i < status.length; i++) out[i] = byCode[status[i]!] ?? UNANSWERED;
  return out;
}

/** One model's per-record data for one metric. */
export interface ModelColumn {
  standing: Uint8Array;
  /** NaN where the scorer gave no score. */
  values: Float64Array;
  pass: Uint8Array;
}

/**
 * Per record, 1 where the metric's scorer can score it: some model that answered the record got a score from it. A
 * record every answering model left unscored (no `expected`, an expected answer with nothing to compare, a record
 * without assertions) is outside the metric for every model alike: never a failure, never a gap in coverage. When no
 * model answered a record there is no reply to ask the scorer about, so it counts as scorable. For a pairwise judge
 * the baseline is never scored: a record is scorable when the baseline answered it (`pairwiseBaseline`).
 */
export function scorableMask(columns: ModelColumn[], pairwiseBaseline?: Uint8Array): Uint8Array {
  const n = columns[0]?.values.length ?? pairwiseBaseline?.length ?? 0;
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (pairwiseBaseline) {
      mask[i] = pairwiseBaseline[i] === ANSWERED ? 1 : 0;
      continue;
    }
    let anyAnswered = false;
    let anyScored = false;
    for (const c of columns) {
      if (c.standing[i] !== ANSWERED) continue;
      anyAnswered = true;
      if (!Number.isNaN(c.values[i]!)) {
        anyScored = true;
        break;
      }
    }
    mask[i] = anyScored || !anyAnswered ? 1 : 0;
  }
  return mask;
}

/** A model's values for a metric under the policy, with the counts every report shows beside the headline. */
export interface PolicyView {
  /** The headline's values: NaN outside the denominator; an unanswered record is 0 (failed) where the policy counts it. */
  values: Float64Array;
  pass: Uint8Array;
  /** Records the scorer can score (the denominator of minCoverage). */
  scorable: number;
  /** Scorable records the model answered and the scorer scored. */
  scored: number;
  /** Scorable records the model did not answer (failures in a binary headline under `fail`). */
  unanswered: number;
  /** Scorable records never run (the comparison is incomplete). */
  notRun: number;
  /** The per-record mask the view was built on (1 = the scorer can score the record). */
  scorableMask: Uint8Array;
}

/**
 * Applies the policy to one model's column. Under `fail`, an unanswered scorable record counts as a failure for a
 * binary metric (value 0, not passed) and as a loss for a pairwise judge (value 0); a continuous metric has no value to
 * give it, so it stays unscored and the gap (`unanswered`) is shown beside the mean. Records the scorer cannot score,
 * and records not run, are outside the denominator either way.
 */
export function applyPolicy(col: ModelColumn, scorable: Uint8Array, kind: ScoreKind, policy: UnansweredPolicy, pairwise = false): PolicyView {
  const n = col.values.length;
  const values = new Float64Array(n).fill(Number.NaN);
  const pass = new Uint8Array(n).fill(255);
  let scorableCount = 0, scored = 0, unanswered = 0, notRun = 0;
  const countsAsFailure = policy === 'fail' && (kind === 'binary' || pairwise);
  for (let i = 0; i < n; i++) {
    if (!scorable[i]) continue;
    scorableCount++;
    const s = col.standing[i];
    if (s === ANSWERED) {
      const v = col.values[i]!;
      if (Number.isNaN(v)) continue; // the scorer failed for this reply alone (a judge verdict lost): unscored
      scored++;
      values[i] = v;
      pass[i] = col.pass[i]!;
    } else if (s === UNANSWERED) {
      unanswered++;
      if (countsAsFailure) {
        values[i] = 0;
        pass[i] = 0;
      }
    } else notRun++;
  }
  return { values, pass, scorable: scorableCount, scored, unanswered, notRun, scorableMask: scorable };
}

/** Records answered ÷ records sent to the model (answered + unanswered; not-run records were never answered). */
export function answeredShare(standing: Uint8Array): { answered: number; sent: number; share: number | null } {
  let answered = 0, sent = 0;
  for (let i = 0; i < standing.length; i++) {
    if (standing[i] === NOT_RUN) continue;
    sent++;
    if (standing[i] === ANSWERED) answered++;
  }
  return { answered, sent, share: sent ? answered / sent : null };
}

/** Scorable records that either model of a pair never ran: a comparison over them is incomplete. */
export function notRunEither(a: Uint8Array, b: Uint8Array, scorable: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < scorable.length; i++) if (scorable[i] && (a[i] === NOT_RUN || b[i] === NOT_RUN)) count++;
  return count;
}
