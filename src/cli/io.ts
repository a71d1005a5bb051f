// The CLI's view of the outside world, passed in so tests can call main() directly and read what it printed.

export interface CliIo {
  cwd: string;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Aborted on the first Ctrl-C: waiting stops, jobs keep running. */
  signal?: AbortSignal;
  /** True when stdout is a terminal (progress bars). */
  isTTY?: boolean;
}

export function processIo(signal?: AbortSignal): CliIo {
  return { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, isTTY: Boolean(process.stdout.isTTY), ...(signal ? { signal } : {}) };
}

/** Exit codes, documented in the README. */
export const EXIT = {
  ok: 0,
  error: 1,
  regression: 2,
  inconclusive: 3,
  /** Interrupted while waiting; jobs are still running and the printed command resumes. */
  interrupted: 130,
} as const;
