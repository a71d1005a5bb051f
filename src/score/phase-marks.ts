// Where `beval score`'s time goes, as performance marks: the bench reads them to split its wall time by phase.
import { performance } from 'node:perf_hooks';

/** The phases of scoreRun, in order; each mark is set when its phase ends. */
const PHASES = ['suite', 'scoring', 'summary', 'reports'] as const;
export type ScorePhase = (typeof PHASES)[number];

const START = 'beval:score:start';
const markName = (phase: ScorePhase): string => `beval:score:${phase}`;

/** Milliseconds spent in each phase of the last scoreRun in this thread. */
export type ScorePhaseTimes = Record<ScorePhase, number>;

/** Forgets the previous run's marks (a long-lived process may score many runs) and marks the start. */
export function startScorePhases(): void {
  performance.clearMarks(START);
  for (const p of PHASES) performance.clearMarks(markName(p));
  performance.mark(START);
}

export function endScorePhase(phase: ScorePhase): void {
  performance.mark(markName(phase));
}

/** The last scoreRun's phase times, or undefined when it did not get through every phase. */
export function lastScorePhases(): ScorePhaseTimes | undefined {
  const at = (name: string): number | undefined => performance.getEntriesByName(name, 'mark').at(-1)?.startTime;
  let previous = at(START);
  if (previous === undefined) return undefined;
  const times = {} as ScorePhaseTimes;
  for (const p of PHASES) {
    const end = at(markName(p));
    if (end === undefined) return undefined;
    times[p] = end - previous;
    previous = end;
  }
  return times;
}
