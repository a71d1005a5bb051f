// The CLI's view of the outside world, passed in so tests can call main() directly and read what it printed.
import type { CrashHook } from '../run/crash-points.ts';
import type { LiveLine } from './live-line.ts';

export interface CliIo {
  cwd: string;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Aborted on the first Ctrl-C: waiting stops, jobs keep running. */
  signal?: AbortSignal;
  /** True when stdout is a terminal (progress bars). */
  isTTY?: boolean;
  /** On a terminal: the progress line redrawn in place, which every other write clears first (set by main()). */
  live?: LiveLine;
  /** Crash drill hook (BEVAL_CRASH_AT, read only in bin.ts): called at each named point of a run. */
  crashAt?: CrashHook;
  /** `--debug`: one redacted line per AWS call, on stderr. */
  debug?: (line: string) => void;
  /** Set under --json: a command's machine-readable result fields, merged into the one document (json-output.ts). */
  result?: (fields: Record<string, unknown>) => void;
  /** A summary.md the command wrote (main appends the last one to `stepSummary`). */
  wroteSummary?: (file: string) => void;
  /** The CI job summary file to append summary.md to ($GITHUB_STEP_SUMMARY in processIo). */
  stepSummary?: string;
}

export function processIo(signal?: AbortSignal, crashAt?: CrashHook): CliIo {
  return {
    cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, isTTY: Boolean(process.stdout.isTTY),
    ...(process.env.GITHUB_STEP_SUMMARY ? { stepSummary: process.env.GITHUB_STEP_SUMMARY } : {}),
    ...(signal ? { signal } : {}), ...(crashAt ? { crashAt } : {}),
  };
}

/** Exit codes, documented in docs/runs.md. */
export const EXIT = {
  ok: 0,
  /**
   * Invalid config or suite, refused submission, a job or target error: the message says what to do. Also a finished
   * run where a model answered none of its records (src/cli/answered-none.ts).
   */
  error: 1,
  regression: 2,
  inconclusive: 3,
  /**
   * A realtime run stopped by the account's per-day quota ("Too many tokens per day"): answers kept, resume tomorrow
   * (src/realtime/run-realtime.ts EXIT_DAILY_QUOTA).
   */
  dailyQuota: 4,
  /** `collect --no-wait`: some jobs are still running; run it again later (EX_TEMPFAIL). */
  pending: 75,
  /** Interrupted while waiting; jobs are still running and the printed command resumes. */
  interrupted: 130,
} as const;
