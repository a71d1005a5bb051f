// Polls each job once per round with backoff until every shard is terminal, logging a line whenever a job changes.
import { BevalError } from '../errors.ts';
import { TERMINAL_STATUSES, type JobView } from '../types/ports.ts';
import { allShards, writeLedger, type LedgerShard } from './ledger.ts';
import type { RunContext } from './context.ts';
import { submitRound } from './submit.ts';
import { describeError, isNotFound, isTransient, isUnreachable } from './service-errors.ts';
import { printable } from '../safe-text.ts';

function progress(counts: { processed?: number; total?: number } | undefined): string {
  return counts?.total ? ` ${counts.processed ?? 0}/${counts.total} records` : '';
}

/** A shard needs no more polling: its job ended, or the run was cancelled before the job was created. */
export function isSettled(shard: LedgerShard): boolean {
  return shard.mode !== 'batch' || TERMINAL_STATUSES.has(shard.status ?? '');
}

/** What one polling round heard: how many polls were sent and how many found no endpoint at all. */
interface PollTally {
  sent: number;
  unreachable: number;
  lastUnreachable?: unknown;
}

async function getJob(ctx: RunContext, arn: string, what: string, tally: PollTally): Promise<JobView | undefined> {
  tally.sent++;
  try {
    return await ctx.batch.getJob(arn);
  } catch (e) {
    if (isUnreachable(e)) {
      tally.unreachable++;
      tally.lastUnreachable = e;
    }
    if (isTransient(e)) {
      ctx.log.warn(`${what}: could not poll (${describeError(e)}); trying again next round.`);
      return undefined;
    }
    if (isNotFound(e)) {
      throw new BevalError('JOB', `${what}: job ${printable(arn)} no longer exists on the target. If it was a \`beval emulator\` that restarted, its jobs are gone: start a new run.`, { cause: e });
    }
    throw e;
  }
}

/**
 * A job that is not of the Converse type answers every Converse-shaped record with a 400 after hours in the queue.
 * It happens when an @aws-sdk/client-bedrock older than 3.1000.0 is the one loaded (its serializer drops
 * `modelInvocationType`, so the job defaults to InvokeModel, and its Get drops the field too). Stop the job, and the
 * run, at the first poll, saying how to find the old SDK.
 */
async function refuseWrongType(ctx: RunContext, arn: string, what: string, job: JobView): Promise<never> {
  let stopped = 'it was stopped';
  try {
    await ctx.batch.stopJob(arn);
  } catch (e) {
    stopped = `stopping it failed (${describeError(e)}): run \`beval cancel ${ctx.ledger.runId}\``;
  }
  const type = job.invocationType === undefined ? 'no modelInvocationType (the default, InvokeModel)' : `modelInvocationType ${printable(job.invocationType)}`;
  throw new BevalError('JOB', `${what}: job ${printable(arn)} reports ${type}, not Converse, so every record would fail; ${stopped}. The @aws-sdk/client-bedrock that beval loaded is probably older than 3.1000.0 (check \`npm ls @aws-sdk/client-bedrock\` and dedupe it), then resume with \`beval run --resume ${ctx.ledger.runId}\`.`);
}

/** Polls every non-terminal job once. Returns how many batch shards are still not terminal (or not yet created). */
export async function pollRound(ctx: RunContext): Promise<{ pending: number; changed: number; unreachable?: unknown }> {
  let pending = 0;
  let changed = 0;
  const tally: PollTally = { sent: 0, unreachable: 0 };
  for (const { model, shard } of allShards(ctx.ledger)) {
    if (isSettled(shard)) continue;
    if (!shard.jobArn) {
      pending++;
      continue;
    }
    const what = `${model.label} shard ${shard.index}`;
    const job = await getJob(ctx, shard.jobArn, what, tally);
    if (!job) {
      pending++;
      continue;
    }
    if (job.invocationType !== 'Converse') await refuseWrongType(ctx, shard.jobArn, what, job);
    const now = new Date(ctx.clock.now()).toISOString();
    const moved = job.status !== shard.status || job.counts.processed !== shard.counts?.processed;
    if (job.status !== shard.status) shard.statusChangedAt = now;
    shard.status = job.status;
    shard.counts = job.counts;
    shard.polledAt = now;
    if (job.message) shard.message = job.message;
    if (moved) {
      changed++;
      const why = job.message && job.status !== 'InProgress' ? ` (${job.message})` : '';
      ctx.log.info(`${what}: ${job.status}${progress(job.counts)}${why}`);
    }
    if (!TERMINAL_STATUSES.has(job.status)) pending++;
  }
  if (changed) writeLedger(ctx.dir, ctx.ledger);
  const unreachable = tally.sent > 0 && tally.unreachable === tally.sent ? { unreachable: tally.lastUnreachable } : {};
  return { pending, changed, ...unreachable };
}

/**
 * Every poll for `polling.unreachableMs` found no endpoint (the SDK's retries included): stop waiting with what is
 * known, instead of retrying a closed port for ever. Jobs already created are not touched.
 */
function giveUpUnreachable(ctx: RunContext, error: unknown, forMs: number): never {
  const minutes = forMs >= 120_000 ? `${Math.round(forMs / 60_000)} minutes` : `${Math.round(forMs / 1000)} s`;
  throw new BevalError('JOB', `Could not reach the Bedrock endpoint for ${minutes} (${describeError(error)}), so beval stopped waiting. The run's jobs were created before and keep running wherever they run; nothing is lost. Check the network, VPN or \`beval emulator\`, then resume with \`${ctx.advice.collect(ctx.ledger.runId)}\` (polling.unreachableMs sets how long beval waits).`, { cause: error });
}

/**
 * Creates deferred jobs and polls until every shard is terminal. Backoff grows ×1.5 from polling.initialMs to
 * polling.maxMs while nothing changes and drops back when something does. Returns 'interrupted' when the signal fires.
 */
export async function waitForJobs(ctx: RunContext): Promise<'done' | 'interrupted'> {
  let delay = ctx.config.polling.initialMs;
  let unreachableSince: number | undefined;
  for (;;) {
    if (ctx.signal?.aborted) return 'interrupted';
    await submitRound(ctx);
    const { pending, changed, unreachable } = await pollRound(ctx);
    if (pending === 0) return 'done';
    unreachableSince = unreachable === undefined ? undefined : (unreachableSince ?? ctx.clock.now());
    if (unreachableSince !== undefined && ctx.clock.now() - unreachableSince >= ctx.config.polling.unreachableMs) giveUpUnreachable(ctx, unreachable, ctx.clock.now() - unreachableSince);
    ctx.crashAt?.('while-waiting');
    delay = changed ? ctx.config.polling.initialMs : Math.min(ctx.config.polling.maxMs, Math.round(delay * 1.5));
    await ctx.clock.sleep(delay, ctx.signal);
  }
}
