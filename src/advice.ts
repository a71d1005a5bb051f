// Every `beval …` command printed as advice, written in one place with the `--config` the user gave: without it the
// command would read ./eval.config.ts, whose outDir may not hold the run ("No run … in …/reports").

/** The commands beval advises, for one invocation's `--config`. Stages receive it; none assembles a command itself. */
export interface Advice {
  /** `beval <command>` with the user's `--config`, e.g. `command('runs')`. */
  command(command: string): string;
  /** Waits for the run's jobs (creating refused ones again), downloads, judges and scores. */
  collect(runId: string): string;
  /** Continues an interrupted run; `gate` keeps `run --gate`'s verdict step. */
  resume(runId: string, opts?: { gate?: boolean }): string;
  /** Sends again only the records of a collected run that did not answer (`only`: the statuses, comma-separated). */
  rerun(runId: string, opts?: { only?: string }): string;
}

/** A path as typed, quoted for a POSIX shell when it holds anything but the usual path characters. */
function shellWord(word: string): string {
  return /^[\w./:@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Advice for an invocation given `--config <configArg>` (as the user typed it), or no `--config`. */
export function adviceFor(configArg?: string): Advice {
  const command = (c: string): string => `beval ${c}${configArg ? ` --config ${shellWord(configArg)}` : ''}`;
  return {
    command,
    collect: (runId) => command(`collect ${runId}`),
    resume: (runId, opts = {}) => command(`run --resume ${runId}${opts.gate ? ' --gate' : ''}`),
    rerun: (runId, opts = {}) => command(`rerun ${runId}${opts.only ? ` --only ${opts.only}` : ''}`),
  };
}
