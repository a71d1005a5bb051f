// Named crash points: where a test or a drill may kill the process to prove a run resumes from its ledger.
import { BevalError } from '../errors.ts';

/**
 * Each point sits between a side effect and the ledger write that records it, or inside a long stage:
 * - `after-upload`: a shard's input files are in S3 and marked uploaded; its job is not created yet.
 * - `after-create-before-ledger`: CreateModelInvocationJob returned, the ARN is not in the ledger yet.
 * - `while-waiting`: jobs exist and at least one is still running.
 * - `while-downloading`: one output file is local, the shard is not marked downloaded.
 * - `while-scoring`: one model is scored, the reports are not written.
 * - `while-judging`: the judge stage's jobs are created and recorded, their verdicts are not downloaded yet.
 */
export const CRASH_POINTS = ['after-upload', 'after-create-before-ledger', 'while-waiting', 'while-downloading', 'while-scoring', 'while-judging'] as const;

export type CrashPoint = (typeof CRASH_POINTS)[number];

/** Called at every crash point; a drill hook kills the process at the one it was given, tests may record them. */
export type CrashHook = (point: CrashPoint) => void;

/** Validates a crash point name (from BEVAL_CRASH_AT), failing with the list of valid names. */
export function parseCrashPoint(value: string): CrashPoint {
  const found = CRASH_POINTS.find((p) => p === value);
  if (!found) throw new BevalError('USAGE', `BEVAL_CRASH_AT=${value} is not a crash point; use one of ${CRASH_POINTS.join(', ')}.`);
  return found;
}
