// Per-record flags the explorer filters on (failing, disagreeing, regressed, errors, missing), computed once here.
import type { RecordRow } from '../../types/results.ts';

/** Bit flags embedded with each record; the client script uses the same values. */
export const FLAG = {
  /** Some model has a score with `pass === false`. */
  fail: 1,
  /** On some metric, models that have a pass/fail disagree (at least one passed and one failed). */
  disagree: 2,
  /** On some metric, the baseline passed and a candidate failed. */
  regressed: 4,
  /** Some model's output is an error line. */
  error: 8,
  /** Some model has no output (missing) or the record was not run for it. */
  missing: 16,
  /** Some model's reply was stopped by a content filter or guardrail (status `filtered`). */
  filtered: 32,
  /** compare.html only: a metric failed in run A passes in run B (`regressed` there is A passed, B failed). */
  fixed: 64,
  /** compare.html only: the same pass/fail in both runs, but a different output text. */
  changed: 128,
} as const;

/**
 * Compute the flag bits of one record. `metricCount` is the length of RunSummary.metrics; `baselineIndex` is the
 * position of the baseline in RunSummary.models, or -1 when the run has none (then `regressed` is never set).
 * Disagreement uses every metric that reports pass/fail, which covers all binary metrics and thresholded
 * continuous ones.
 */
export function recordFlags(row: RecordRow, metricCount: number, baselineIndex: number): number {
  let flags = 0;
  for (const cell of row.cells) {
    if (cell.status === 'error') flags |= FLAG.error;
    else if (cell.status === 'missing' || cell.status === 'not-run') flags |= FLAG.missing;
    else if (cell.status === 'filtered') flags |= FLAG.filtered;
  }
  const base = baselineIndex >= 0 ? row.cells[baselineIndex] : undefined;
  for (let m = 0; m < metricCount; m++) {
    let anyPass = false;
    let anyFail = false;
    for (const cell of row.cells) {
      const pass = cell.scores[m]?.pass;
      if (pass === true) anyPass = true;
      else if (pass === false) anyFail = true;
    }
    if (anyFail) flags |= FLAG.fail;
    if (anyPass && anyFail) flags |= FLAG.disagree;
    if (base?.scores[m]?.pass === true) {
      const regressed = row.cells.some((cell, i) => i !== baselineIndex && cell.scores[m]?.pass === false);
      if (regressed) flags |= FLAG.regressed;
    }
  }
  return flags;
}
