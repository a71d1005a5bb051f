// How a batch wait's record counts show between the job state changes the log prints: redrawn in place on a
// terminal; in a log that is not a terminal (CI), a line only when the counts moved and `intervalMs` has passed, so
// a six-second run prints none and a job of hours still shows it is alive every ten minutes.
import { batchProgressText, type BatchProgress } from '../run/batch-progress.ts';
import type { LiveLine } from './live-line.ts';

export interface BatchProgressDisplayOptions {
  /** Prints one whole line (the text ends with a newline). */
  print(line: string): unknown;
  /** The terminal's live line (src/cli/live-line.ts); absent when stdout is not a terminal. */
  live?: LiveLine;
  /** @default Date.now */
  now?: () => number;
  /** Without a terminal: the least time between two count lines. @default 600000 (ten minutes) */
  intervalMs?: number;
}

/** Returns the callback a batch wait calls after each poll round (and once, `finished`, when it ends). */
export function batchProgressDisplay(opts: BatchProgressDisplayOptions): (p: BatchProgress) => void {
  const now = opts.now ?? Date.now;
  const intervalMs = opts.intervalMs ?? 600_000;
  // Per wait (a run waits for its models' jobs, then for its judges'): when it began and what was printed last.
  let since: number | undefined;
  let printed: string | undefined;
  return (p) => {
    if (p.finished) {
      opts.live?.clear();
      since = undefined;
      printed = undefined;
      return;
    }
    const text = batchProgressText(p);
    if (opts.live) return opts.live.draw(text);
    const t = now();
    since ??= t;
    if (t - since < intervalMs || text === printed) return;
    opts.print(`${text}\n`);
    printed = text;
    since = t;
  };
}
