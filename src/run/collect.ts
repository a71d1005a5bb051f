// Collect: wait for every job to end, download outputs, score and write the reports.
import type { RunContext } from './context.ts';
import { isSettled, pollRound, waitForJobs } from './wait.ts';
import { downloadOutputs } from './download.ts';
import { allShards, writeLedger } from './ledger.ts';
import { writeRunRecord } from './run-record.ts';
import { scoreRun, type ScoreRunResult } from '../score/score-run.ts';
import { runJudgeStage } from '../judge/judge-stage.ts';
import { runRealtimeShards, unfinishedRealtime } from '../realtime/run-realtime.ts';

/** `pending`: batch shards whose job has not ended; `realtime`: realtime shards with records not sent yet. */
export type CollectResult = { state: 'collected'; result: ScoreRunResult; runJson: string } | { state: 'interrupted' } | { state: 'pending'; pending: number; realtime: number };

/**
 * With `wait`, polls until every job ended (or the signal fires); without it, polls once and returns 'pending' when
 * any job still runs. Then downloads what is not local yet, scores and writes the reports. Safe to call again after
 * a crash at any point: downloads skip complete files, scoring rewrites every report.
 */
export async function collectRun(ctx: RunContext, opts: { wait: boolean; timings?: Record<string, number> }): Promise<CollectResult> {
  const t0 = ctx.clock.now();
  if (opts.wait) {
    // Realtime shards (docs/realtime.md) execute here, while the batch jobs submit created run on the service.
    if ((await runRealtimeShards(ctx)) === 'interrupted') return { state: 'interrupted' };
    if ((await waitForJobs(ctx)) === 'interrupted') return { state: 'interrupted' };
  } else {
    const { pending } = await pollRound(ctx);
    // Unfinished realtime shards are sent by a waiting collect or `run --resume`, never by --no-wait.
    const realtime = ctx.ledger.phase === 'cancelled' ? 0 : unfinishedRealtime(ctx.ledger).length;
    if (pending + realtime) return { state: 'pending', pending, realtime };
  }
  const t1 = ctx.clock.now();
  await downloadOutputs(ctx);
  // Judges (src/judge) grade the downloaded outputs with batch jobs of their own before anything is scored.
  if ((await runJudgeStage(ctx)) === 'interrupted') return { state: 'interrupted' };
  const t2 = ctx.clock.now();
  const crashAt = ctx.crashAt;
  const result = await scoreRun(ctx.dir, ctx.ledger, ctx.config, crashAt ? { afterModel: () => crashAt('while-scoring') } : {});
  const t3 = ctx.clock.now();
  // A cancelled run keeps its phase: it tells `beval runs` why records are not-run.
  if (ctx.ledger.phase !== 'cancelled') ctx.ledger.phase = 'collected';
  ctx.ledger.collectedAt = new Date(ctx.clock.now()).toISOString();
  writeLedger(ctx.dir, ctx.ledger);
  const runJson = writeRunRecord(ctx.dir, ctx.ledger, ctx.config, { ...opts.timings, waitMs: t1 - t0, downloadMs: t2 - t1, scoreMs: t3 - t2 });
  return { state: 'collected', result, runJson };
}

/** Batch shards whose job has not ended (or not been created). */
export function pendingShards(ctx: RunContext): number {
  return allShards(ctx.ledger).filter(({ shard }) => !isSettled(shard)).length;
}
