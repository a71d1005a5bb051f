// Collect: wait for every job to end, download outputs, score and write the reports.
import type { RunContext } from './context.ts';
import { pollRound, waitForJobs } from './wait.ts';
import { downloadOutputs } from './download.ts';
import { allShards, writeLedger } from './ledger.ts';
import { writeRunRecord } from './run-record.ts';
import { scoreRun, type ScoreRunResult } from '../score/score-run.ts';
import { TERMINAL_STATUSES } from '../pipeline/ports.ts';

export type CollectResult = { state: 'collected'; result: ScoreRunResult; runJson: string } | { state: 'interrupted' } | { state: 'pending'; pending: number };

export async function collectRun(ctx: RunContext, opts: { wait: boolean; timings?: Record<string, number> }): Promise<CollectResult> {
  const t0 = ctx.clock.now();
  if (opts.wait) {
    if ((await waitForJobs(ctx)) === 'interrupted') return { state: 'interrupted' };
  } else {
    const { pending } = await pollRound(ctx);
    if (pending) return { state: 'pending', pending };
  }
  const t1 = ctx.clock.now();
  await downloadOutputs(ctx);
  const t2 = ctx.clock.now();
  const result = await scoreRun(ctx.dir, ctx.ledger, ctx.config);
  const t3 = ctx.clock.now();
  ctx.ledger.phase = 'collected';
  writeLedger(ctx.dir, ctx.ledger);
  const runJson = writeRunRecord(ctx.dir, ctx.ledger, ctx.config, { ...opts.timings, waitMs: t1 - t0, downloadMs: t2 - t1, scoreMs: t3 - t2 });
  return { state: 'collected', result, runJson };
}

export function pendingShards(ctx: RunContext): number {
  return allShards(ctx.ledger).filter(({ shard }) => shard.mode === 'batch' && !TERMINAL_STATUSES.has(shard.status ?? '')).length;
}
