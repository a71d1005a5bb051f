// The sequence of a run, in one place: start (or resume) → plan → submit → wait → download → judge → score →
// summarise → report → record. Each stage is one call into its own room; the commands in src/cli print around them.
import type { ResolvedConfig } from '../types/config.ts';
import type { RunContext } from '../run/context.ts';
import { loadSuite, type Suite } from '../suite/load-suite.ts';
import { estimateRun, type RunEstimate } from '../pricing/estimate.ts';
import { newRunId, runDir } from '../run/run-dir.ts';
import { executionMode, planRun } from '../run/plan.ts';
import { writeLedger, type ExecutionMode, type Ledger } from '../run/ledger.ts';
import { retryRefusedCreates, submitRound, type SubmitRound } from '../run/submit.ts';
import { pollRound, waitForJobs } from '../run/wait.ts';
import { downloadOutputs } from '../run/download.ts';
import { writeRunRecord } from '../run/run-record.ts';
import { publishResults } from '../run/publish-results.ts';
import { runRealtimeShards, unfinishedRealtime } from '../realtime/run-realtime.ts';
import { runJudgeStage } from '../judge/judge-stage.ts';
import { scoreRun, type ScoreRunResult } from './score-run.ts';
import type { ReporterName } from '../report/reporters.ts';

/** A new run, planned but not yet submitted: nothing is uploaded or created until `submit`. */
export interface PlannedRun {
  suite: Suite;
  estimate: RunEstimate;
  mode: ExecutionMode;
  runId: string;
  dir: string;
  ledger: Ledger;
}

/**
 * Start: validate every line and estimate the cost, let the caller approve it (print it, check the budget; it throws
 * to refuse), then plan every shard into a new run directory and its ledger.
 */
export async function startRun(cfg: ResolvedConfig, approve: (estimate: RunEstimate, mode: ExecutionMode, suite: Suite) => void | Promise<void>, select: (suite: Suite) => Suite = (suite) => suite): Promise<PlannedRun> {
  // `select`: the records --limit or --sample chose (all of them by default).
  const suite = select(loadSuite(cfg.suite, cfg.configPath));
  const estimate = estimateRun(cfg, suite);
  const mode = executionMode(cfg, suite.records.length);
  await approve(estimate, mode, suite);
  const runId = newRunId();
  const dir = runDir(cfg.outDir, runId);
  const ledger = planRun(cfg, suite, runId, dir);
  return { suite, estimate, mode, runId, dir, ledger };
}

/** Resume: the ledger decides what is left; jobs Bedrock refused to create are tried again. */
export function resumeRun(ctx: RunContext): void {
  retryRefusedCreates(ctx);
}

/** Submit: upload the inputs and create the jobs not created yet (within quotas; the rest wait for capacity). */
export async function submit(ctx: RunContext): Promise<SubmitRound> {
  return submitRound(ctx);
}

/** `pending`: batch shards whose job has not ended; `realtime`: realtime shards with records not sent yet. */
export type CollectResult = { state: 'collected'; result: ScoreRunResult; runJson: string } | { state: 'interrupted' } | { state: 'pending'; pending: number; realtime: number };

/**
 * Wait → download → judge → score → summarise → report → record. With `wait`, polls until every job ended (or the
 * signal fires); without it, polls once and returns 'pending' when any job still runs. Then downloads what is not
 * local yet, scores and writes the reports. Safe to call again after a crash at any point: downloads skip complete
 * files, scoring rewrites every report.
 */
export async function collectRun(ctx: RunContext, opts: { wait: boolean; timings?: Record<string, number>; reports?: readonly ReporterName[] }): Promise<CollectResult> {
  const t0 = ctx.clock.now();
  // Wait: realtime shards are sent, batch jobs polled until they end.
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
  // Download: every ended job's outputs, once, verified.
  await downloadOutputs(ctx);
  // Judges (src/judge) grade the downloaded outputs with batch jobs of their own before anything is scored.
  if ((await runJudgeStage(ctx)) === 'interrupted') return { state: 'interrupted' };
  const t2 = ctx.clock.now();
  // Score → summarise → report (src/pipeline/score-run.ts): the same call `beval score` makes, no Bedrock call.
  const crashAt = ctx.crashAt;
  const result = await scoreRun(ctx.dir, ctx.ledger, ctx.config, {
    advice: ctx.advice, ...(crashAt ? { afterModel: () => crashAt('while-scoring') } : {}), ...(ctx.runtime ? { runtime: ctx.runtime } : {}), ...(opts.reports ? { reports: opts.reports } : {}),
  });
  const t3 = ctx.clock.now();
  // Record: the ledger's phase and run.json.
  // A cancelled run keeps its phase: it tells `beval runs` why records are not-run.
  if (ctx.ledger.phase !== 'cancelled') ctx.ledger.phase = 'collected';
  ctx.ledger.collectedAt = new Date(ctx.clock.now()).toISOString();
  writeLedger(ctx.dir, ctx.ledger);
  const runJson = writeRunRecord(ctx.dir, ctx.ledger, ctx.config, { ...opts.timings, waitMs: t1 - t0, downloadMs: t2 - t1, scoreMs: t3 - t2 });
  // Last, once everything local is complete: a failed upload leaves a finished run that a later collect uploads.
  // `--reports` without parquet wrote no results.parquet to upload.
  if (!result.paths.resultsParquet && ctx.config.s3?.resultsPrefix) ctx.log.warn('results.parquet was not written (--reports), so it is not uploaded to s3.resultsPrefix');
  const uploaded = result.paths.resultsParquet ? await publishResults(ctx) : undefined;
  if (uploaded) ctx.log.info(`results.parquet uploaded to ${uploaded}`);
  return { state: 'collected', result, runJson };
}

