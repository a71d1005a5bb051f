// Polls each job once per round with backoff until every shard is terminal, logging a line whenever a job changes.
import { TERMINAL_STATUSES } from '../pipeline/ports.ts';
import { allShards, writeLedger } from './ledger.ts';
import type { RunContext } from './context.ts';
import { submitRound } from './submit.ts';

function progress(counts: { processed?: number; total?: number } | undefined): string {
  return counts?.total ? ` ${counts.processed ?? 0}/${counts.total} records` : '';
}

/** Polls every non-terminal job once. Returns how many batch shards are still not terminal (or not yet created). */
export async function pollRound(ctx: RunContext): Promise<{ pending: number; changed: number }> {
  let pending = 0;
  let changed = 0;
  for (const { model, shard } of allShards(ctx.ledger)) {
    if (shard.mode !== 'batch') continue;
    if (!shard.jobArn) {
      pending++;
      continue;
    }
    if (TERMINAL_STATUSES.has(shard.status ?? '')) continue;
    const job = await ctx.batch.getJob(shard.jobArn);
    const now = new Date(ctx.clock.now()).toISOString();
    const moved = job.status !== shard.status || job.counts.processed !== shard.counts?.processed;
    if (job.status !== shard.status) shard.statusChangedAt = now;
    shard.status = job.status;
    shard.counts = job.counts;
    shard.polledAt = now;
    if (job.message) shard.message = job.message;
    if (moved) {
      changed++;
      const why = job.message && job.status === 'Failed' ? ` (${job.message})` : '';
      ctx.log.info(`${model.label} shard ${shard.index}: ${job.status}${progress(job.counts)}${why}`);
    }
    if (!TERMINAL_STATUSES.has(job.status)) pending++;
  }
  if (changed) writeLedger(ctx.dir, ctx.ledger);
  return { pending, changed };
}

/**
 * Creates deferred jobs and polls until every shard is terminal. Backoff grows ×1.5 from polling.initialMs to
 * polling.maxMs while nothing changes and drops back when something does. Returns 'interrupted' when the signal fires.
 */
export async function waitForJobs(ctx: RunContext): Promise<'done' | 'interrupted'> {
  let delay = ctx.config.polling.initialMs;
  for (;;) {
    if (ctx.signal?.aborted) return 'interrupted';
    await submitRound(ctx);
    const { pending, changed } = await pollRound(ctx);
    if (pending === 0) return 'done';
    delay = changed ? ctx.config.polling.initialMs : Math.min(ctx.config.polling.maxMs, Math.round(delay * 1.5));
    await ctx.clock.sleep(delay, ctx.signal);
  }
}
