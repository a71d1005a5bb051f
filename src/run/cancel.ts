// Cancelling a run: nothing is created after it, created jobs are stopped, and every shard ends settled so that a
// later collect waits only for jobs that exist.
import { TERMINAL_STATUSES } from '../types/ports.ts';
import { allShards, writeLedger, type LedgerShard } from './ledger.ts';
import type { RunContext } from './context.ts';
import { describeError } from './service-errors.ts';
import { stateWas } from '../aws/stop-refusal.ts';

const NEVER_CREATED = 'The run was cancelled before this job was created.';

/**
 * A stop that did not take: a refusal naming a state the job is still in (Bedrock would not stop a job still
 * Validating) says the job keeps running and billing; anything else failed on the way.
 */
function stopFailure(e: unknown): string {
  const state = e instanceof Error && e.name === 'ValidationException' ? stateWas(e.message) : undefined;
  return state
    ? `NOT stopped: the job is still ${state} and keeps running (${describeError(e)}); cancel again`
    : `stop failed (${describeError(e)}); cancel again`;
}

function markNeverCreated(shard: LedgerShard): void {
  shard.status = 'Stopped';
  shard.message = NEVER_CREATED;
}

/** What happened to one shard looked up by settleUnrecordedCreates; `what` names it for the person at the terminal. */
export interface Settled {
  shard: LedgerShard;
  what: string;
  outcome: string;
  failed?: boolean;
}

/**
 * Looks up, by name, the jobs of a cancelled run whose create may have reached Bedrock without its ARN being recorded
 * (a crash, or a cancel that failed half-way). A job found is recorded and stopped; none found means none was created.
 * Lookups that fail leave the shard for the next call. Returns what happened to each shard it looked at.
 */
export async function settleUnrecordedCreates(ctx: RunContext): Promise<Settled[]> {
  const results: Settled[] = [];
  for (const { model, shard } of allShards(ctx.ledger)) {
    if (shard.mode !== 'batch' || shard.jobArn || !shard.createRequestedAt || TERMINAL_STATUSES.has(shard.status ?? '')) continue;
    const what = `${model.label} shard ${shard.index}`;
    try {
      const found = await ctx.batch.findJobByName(shard.jobName);
      if (!found) {
        markNeverCreated(shard);
        writeLedger(ctx.dir, ctx.ledger);
        results.push({ shard, what, outcome: 'never created' });
        continue;
      }
      shard.jobArn = found.arn;
      shard.status = found.status;
      writeLedger(ctx.dir, ctx.ledger);
      try {
        const stop = await ctx.batch.stopJob(found.arn);
        results.push({ shard, what, outcome: stop === 'stopping' ? 'stop requested' : 'already finished' });
      } catch (e) {
        results.push({ shard, what, outcome: stopFailure(e), failed: true });
      }
    } catch (e) {
      results.push({ shard, what, outcome: `could not be looked up (${describeError(e)}); cancel again`, failed: true });
    }
  }
  return results;
}

/**
 * True when every job of the run (judges too) has ended: a cancel would change nothing on the service, and marking the
 * run cancelled would only misreport a finished run.
 */
export function nothingToCancel(ctx: Pick<RunContext, 'ledger'>): boolean {
  return allShards(ctx.ledger).every(({ shard }) => TERMINAL_STATUSES.has(shard.status ?? ''));
}

/**
 * Cancels the run: the phase and every shard that never asked for a job are recorded in one ledger write before any
 * remote call, so an interruption from here on leaves nothing that a later round could create. Then jobs that may
 * exist are looked up and every created job is asked to stop; a call that fails is reported and the rest go on
 * (cancelling again retries it).
 */
export async function cancelRun(ctx: RunContext, report: (line: string) => void): Promise<{ failed: number }> {
  ctx.ledger.phase = 'cancelled';
  const untouched = allShards(ctx.ledger).filter(({ shard }) => shard.mode === 'batch' && !shard.jobArn && !shard.createRequestedAt && !TERMINAL_STATUSES.has(shard.status ?? ''));
  for (const { shard } of untouched) markNeverCreated(shard);
  writeLedger(ctx.dir, ctx.ledger);
  let failed = 0;
  for (const { model, shard } of untouched) report(`${model.label} shard ${shard.index}: never created`);
  const lookedUp = await settleUnrecordedCreates(ctx);
  for (const r of lookedUp) {
    report(`${r.what}: ${r.outcome}`);
    if (r.failed) failed++;
  }
  // By identity: labels need not be unique across models.
  const settled = new Set(lookedUp.map((r) => r.shard));
  for (const { model, shard } of allShards(ctx.ledger)) {
    const what = `${model.label} shard ${shard.index}`;
    if (shard.mode !== 'batch' || !shard.jobArn || settled.has(shard)) continue;
    try {
      const result = await ctx.batch.stopJob(shard.jobArn);
      report(`${what}: ${result === 'stopping' ? 'stop requested' : 'already finished'}`);
    } catch (e) {
      failed++;
      report(`${what}: ${stopFailure(e)}`);
    }
  }
  return { failed };
}
