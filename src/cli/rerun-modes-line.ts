// The line under a rerun's estimate: which of the estimate's two prices each model's records pay (the budget is
// checked at those), in the words of `beval run`'s own line. A model whose records go another way than the run sent
// it says so and why, since its prices change with it; when none does, the line says the rerun goes as the run did.
import type { ExecutionMode } from '../types/results.ts';
import type { AttemptModelMode } from '../pipeline/rerun.ts';

/** How a mode's records go and what they pay: the words of `beval run`'s line under its estimate and of this one. */
export const GOES: Record<ExecutionMode, string> = {
  batch: 'as batch jobs, at the BATCH prices',
  realtime: 'realtime through the Converse API, at the ON-DEMAND prices',
};

const RAN: Record<ExecutionMode, string> = { batch: 'as batch jobs', realtime: 'realtime' };

export interface RerunModesContext {
  /** quotas.minRecordsPerJob: the number of records that decides the way each model's records go. */
  minRecordsPerJob: number;
  /** Whether the run has an S3 location (without one, nothing goes as a batch job). */
  hasS3: boolean;
  /** The config says `mode: 'realtime'`: every record goes realtime, whatever the count. */
  configRealtime?: boolean;
}

function why(m: AttemptModelMode, ctx: RerunModesContext): string {
  if (m.mode === 'batch') return `${m.records} record(s) reach the batch minimum of ${ctx.minRecordsPerJob}`;
  if (ctx.configRealtime) return 'the config says mode: \'realtime\'';
  return ctx.hasS3 ? `${m.records} record(s), under the batch minimum of ${ctx.minRecordsPerJob}` : 'the run has no S3 location for a batch job';
}

/** "The records sent again go: arith realtime …, not as batch jobs like the run (19 record(s), under …); verbose …". */
export function rerunModesLine(modes: AttemptModelMode[], ctx: RerunModesContext): string {
  const label = (m: AttemptModelMode) => m.model.label;
  if (modes.every((m) => m.mode === m.runMode)) {
    const ways = new Set(modes.map((m) => m.mode));
    const each = ways.size === 1 ? `every model ${GOES[modes[0]!.mode]}` : modes.map((m) => `${label(m)} ${GOES[m.mode]}`).join('; ');
    return `The records sent again go as the run did: ${each}.`;
  }
  const each = modes.map((m) => (m.mode === m.runMode
    ? `${label(m)} ${GOES[m.mode]}, as the run did`
    : `${label(m)} ${GOES[m.mode]}, not ${RAN[m.runMode]} like the run (${why(m, ctx)})`));
  return `The records sent again go: ${each.join('; ')}.`;
}
