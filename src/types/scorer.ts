// The scorer contract: a pure function from (record, output) to a small serialisable Score.
import type { SuiteRecord } from './suite.ts';
import type { OkOutput } from './outputs.ts';

export interface Score {
  /** The metric value; null when the scorer could not score (counted as unscored, never as zero). */
  value: number | null;
  /** Pass/fail for scorers where it applies. */
  pass?: boolean;
  /** Why, in words a person reads in the report. */
  reason: string;
}

export interface ScoreInput {
  record: SuiteRecord;
  output: OkOutput;
  /** Key of the model that wrote the output (pairwise judges compare it with the baseline). */
  modelKey?: string;
  /**
   * false when no chosen report shows reasons (`--reports summary,results`): a scorer may then return an empty
   * reason instead of building one. Building reasons was a tenth of a scoring thread's time at 50k × 10.
   */
  reasons?: boolean;
}

/** `binary`: value is 0/1 with pass; reported as a pass rate (Wilson interval). `continuous`: mean (bootstrap interval). */
export type ScoreKind = 'binary' | 'continuous';

export interface Scorer {
  /** Column name in reports, e.g. `numeric` or `contains:Paris`. */
  name: string;
  kind: ScoreKind;
  /** Scores each candidate against the baseline (a pairwise judge), so the baseline itself is never scored. */
  pairwise?: true;
  score(input: ScoreInput): Score;
}
