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
import { openLockedTarget, openRun, runContext, warnIfConfigChanged, type RunHost } from './open-run.ts';
import type { OpenTarget } from './target.ts';
import type { Advice } from '../advice.ts';
import { applyReuse, freshMode, planReuse, type GenerationCache, type ReusePlan } from '../run/reuse.ts';
import { estimateSubset } from '../pricing/subset-estimate.ts';

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
export async function startRun(cfg: ResolvedConfig, approve: (estimate: RunEstimate, mode: ExecutionMode, suite: Suite, reuse: ReusePlan[]) => void | Promise<void>, select: (suite: Suite) => Suite = (suite) => suite, cache?: GenerationCache): Promise<PlannedRun> {
  // `select`: the records --limit or --sample chose (all of them by default).
  const suite = select(loadSuite(cfg.suite, cfg.configPath));
  // The generation cache (`--reuse`, src/run/reuse.ts): answers of earlier runs for unchanged requests; only the rest
  // is estimated, planned and sent.
  const reuse = cache ? planReuse(cfg, suite, cache) : [];
  const reused = reuse.some((p) => p.hits.length);
  // Judges over every record: reused answers are judged again unless the verdict cache holds them (an upper bound).
  const estimate = reused ? estimateSubset(cfg, suite, reuse.map((p) => ({ key: p.model.key, indices: p.fresh })), suite.records.map((_r, i) => i)) : estimateRun(cfg, suite);
  // With reuse, the records left to send decide: priced on-demand when any model's go realtime (the higher bound).
  const mode = reused ? (reuse.some((p) => p.fresh.length && freshMode(cfg, p.fresh.length) === 'realtime') ? 'realtime' : 'batch') : executionMode(cfg, suite.records.length);
  await approve(estimate, mode, suite, reuse);
  const runId = newRunId();
  const dir = runDir(cfg.outDir, runId);
  const ledger = planRun(cfg, suite, runId, dir, reused ? (planned) => applyReuse(cfg, planned, dir, suite, reuse, cache!) : undefined);
  return { suite, estimate, mode, runId, dir, ledger };
}

/**
 * Start and open: {@link startRun}, then the new run's lock and target, and its context. `approve` may open the
 * target itself (the pre-flight needs it before the run folder exists) and return it: it is taken over, not opened
 * twice. A refusal (approve throws) closes what approve opened and leaves no run behind.
 */
export async function startAndOpenRun(host: RunHost, cfg: ResolvedConfig, command: string, advice: Advice, approve: (estimate: RunEstimate, mode: ExecutionMode, suite: Suite, reuse: ReusePlan[]) => Promise<OpenTarget | undefined>, select?: (suite: Suite) => Suite, cache?: GenerationCache): Promise<{ ctx: RunContext; target: OpenTarget; planned: PlannedRun }> {
  let opened: OpenTarget | undefined;
  let planned: PlannedRun;
  try {
    planned = await startRun(cfg, async (estimate, mode, suite, reuse) => {
      opened = await approve(estimate, mode, suite, reuse);
    }, select, cache);
  } catch (e) {
    await opened?.close();
    throw e;
  }
  const { target } = await openLockedTarget(cfg, planned.dir, command, () => undefined, { ...(opened ? { opened } : {}), ...(host.debug ? { debug: host.debug } : {}) });
  return { ctx: runContext(host, cfg, planned.dir, planned.ledger, target, advice), target, planned };
}

/** Resume: the ledger decides what is left; jobs Bedrock refused to create are tried again. */
export function resumeRun(ctx: RunContext): void {
  retryRefusedCreates(ctx);
}

/** Open and resume an existing run: its lock, target and context, a warning when the config changed, refused creates retried. */
export async function openAndResumeRun(host: RunHost, cfg: ResolvedConfig, runId: string, command: string, advice: Advice): Promise<{ ctx: RunContext; target: OpenTarget }> {
  const opened = await openRun(host, cfg, runId, command, advice);
  opened.ctx.log.info(`Resuming run ${opened.ctx.ledger.runId} on ${opened.target.describe}`);
  warnIfConfigChanged(opened.ctx);
  resumeRun(opened.ctx);
  return opened;
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

