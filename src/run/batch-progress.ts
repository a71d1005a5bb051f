// What the command layer shows between a batch job's state changes: one snapshot per poll round of every batch shard,
// and the short text it draws (the log itself prints a line per state change only, src/run/wait.ts).
import type { LedgerModel, LedgerShard } from './ledger.ts';
import { outsideText } from '../safe-text.ts';

/** One poll round's view of the run's batch shards. */
export interface BatchProgress {
  jobs: { status: string; processed: number; total: number }[];
  /** True on the last snapshot of a wait (every job ended, or the wait stopped). */
  finished: boolean;
}

/** The snapshot of the shards a wait is for (those not ended when it began: a judge wait leaves out the models' jobs). */
export function batchProgress(shards: { model: LedgerModel; shard: LedgerShard }[], finished: boolean): BatchProgress {
  const jobs = shards.map(({ shard }) => ({
    // A shard whose job is not created yet has no status: it waits for capacity (or for its upload).
    status: shard.status ?? 'not created',
    processed: shard.counts?.processed ?? 0,
    total: shard.counts?.total ?? shard.end - shard.start,
  }));
  return { jobs, finished };
}

/**
 * One short line over every job, so it fits a terminal however many jobs run:
 * `batch: 3 jobs (2 InProgress, 1 Completed), 270/396 records (68%)`.
 */
export function batchProgressText(p: BatchProgress): string {
  const byStatus = new Map<string, number>();
  for (const j of p.jobs) byStatus.set(j.status, (byStatus.get(j.status) ?? 0) + 1);
  // Job states come from the service: printed as one line with no escape sequence from them.
  const states = [...byStatus].map(([s, n]) => `${n} ${outsideText(s)}`).join(', ');
  const done = p.jobs.reduce((n, j) => n + j.processed, 0);
  const total = p.jobs.reduce((n, j) => n + j.total, 0);
  const pct = total ? ` (${Math.floor((100 * done) / total)}%)` : '';
  return `batch: ${p.jobs.length} job${p.jobs.length === 1 ? '' : 's'} (${states}), ${done}/${total} records${pct}`;
}
