// `beval collect <runId>`, `beval cancel <runId>` and `beval score <runId>`.
import { collectRun, resumeRun, submit } from '../../pipeline/run.ts';
import { isDeferred, isEmbeddingScorer } from '../../scorers/deferred.ts';
import { readLedger } from '../../run/ledger.ts';
import { cancelRun, nothingToCancel } from '../../run/cancel.ts';
import { resolveRunDir } from '../../run/run-dir.ts';
import { lockRun } from '../../run/run-lock.ts';
import { CONTENT_LATER, contentToCheck, damagedOutputs, listDamaged, sha256File, type DamagedShard } from '../../run/local-outputs.ts';
import { BevalError } from '../../errors.ts';
import { scoreRun } from '../../pipeline/score-run.ts';
import { chooseReporters } from '../../report/reporters.ts';
import { EXIT, type CliIo } from '../io.ts';
import { advice, config, coverageText, rerunHint, finishRun, openRun, printPaths, warnIfConfigChanged, type CommonArgs } from './shared.ts';
import { jobsJson, statusTable } from './status.ts';
import { printable } from '../../safe-text.ts';
import { finishedRunExit, reportAnsweredNone } from '../answered-none.ts';

export async function collectCommand(io: CliIo, args: CommonArgs & { runId?: string; wait?: boolean; reports?: string }): Promise<number> {
  const reports = chooseReporters(args.reports);
  const cfg = await config(io, args);
  const { ctx, target } = await openRun(io, cfg, args.runId, 'collect', advice(args));
  try {
    warnIfConfigChanged(ctx);
    resumeRun(ctx);
    await submit(ctx);
    const res = await collectRun(ctx, { wait: args.wait !== false, reports });
    if (res.state === 'pending') {
      // Nothing runs a realtime shard in the background: its unsent records wait for a collect that sends them.
      const running = res.pending ? `${res.pending} job(s) still running` : '';
      const collect = ctx.advice.collect(ctx.ledger.runId);
      const unsent = res.realtime ? `${res.realtime} realtime shard(s) with records not sent yet (nothing sends them until \`${collect}\` without --no-wait, or \`${ctx.advice.resume(ctx.ledger.runId)}\`)` : '';
      const later = res.pending ? `\nRun \`${collect}\` again later.\n` : '';
      io.stdout.write(`${[running, unsent].filter(Boolean).join('; ')}:\n\n${statusTable(ctx.ledger)}\n${later}`);
      io.result?.({ runId: ctx.ledger.runId, runDir: ctx.dir, state: 'pending', pendingJobs: res.pending, unsentRealtimeShards: res.realtime, jobs: jobsJson(ctx.ledger), next: collect });
      return EXIT.pending;
    }
    if (res.state === 'interrupted') {
      io.stdout.write(`\nStopped waiting; batch jobs keep running, realtime records not sent yet wait for the resume. Resume with:\n  ${ctx.advice.resume(ctx.ledger.runId)}\n`);
      io.result?.({ runId: ctx.ledger.runId, runDir: ctx.dir, state: 'interrupted', next: ctx.advice.resume(ctx.ledger.runId) });
      return EXIT.interrupted;
    }
    io.stdout.write(`\nRun ${ctx.ledger.runId} collected\n\n${coverageText(res.result.summary)}\n${rerunHint(res.result.summary, ctx.advice, ctx.ledger.phase === 'cancelled')}`);
    const answeredNone = reportAnsweredNone(io, res.result.summary, ctx.advice);
    printPaths(io, ctx.dir, res.result.paths);
    finishRun(io, ctx.dir, res.result.summary, res.result.paths);
    return finishedRunExit(EXIT.ok, answeredNone);
  } finally {
    await target.close();
  }
}

/**
 * Stops every job of a run (src/run/cancel.ts). A job that already ended counts as done; a shard whose create may have
 * reached Bedrock before a crash is looked up by name first; a shard never created is marked Stopped so nothing
 * creates it later. A lookup or stop that fails is reported, and the command exits 1 asking to cancel again.
 */
export async function cancelCommand(io: CliIo, args: CommonArgs & { runId: string }): Promise<number> {
  const cfg = await config(io, args);
  const { ctx, target } = await openRun(io, cfg, args.runId, 'cancel', advice(args));
  try {
    if (nothingToCancel(ctx)) {
      io.stdout.write(`Run ${ctx.ledger.runId}: every job has already finished, so there is nothing to cancel; the run is unchanged.\n`);
      return EXIT.ok;
    }
    const { failed } = await cancelRun(ctx, (line) => io.stdout.write(`${printable(line)}\n`));
    if (failed) {
      io.stderr.write(`beval: ${failed} job(s) could not be stopped or looked up; nothing new will be created. Run \`${ctx.advice.command(`cancel ${ctx.ledger.runId}`)}\` again to retry them.\n`);
      return EXIT.error;
    }
    io.stdout.write(`Run ${ctx.ledger.runId} cancelled. Records processed before the stop are billed; \`${ctx.advice.collect(ctx.ledger.runId)}\` scores what finished.\n`);
    return EXIT.ok;
  } finally {
    await target.close();
  }
}

/** Re-scores stored outputs with the current config's scorers: no Bedrock or S3 call. */
export async function scoreCommand(io: CliIo, args: CommonArgs & { runId?: string; reports?: string }): Promise<number> {
  const reports = chooseReporters(args.reports);
  const cfg = await config(io, args);
  const says = advice(args);
  const dir = resolveRunDir(cfg.outDir, args.runId, says);
  // Scoring writes the reports a running collect would also write.
  const lock = lockRun(dir, 'score');
  try {
    const ledger = readLedger(dir);
    // Score reads only local files; collect is the command that may fetch them again.
    const stop = (damaged: DamagedShard[]): void => {
      if (!damaged.length) return;
      // Only a batch job's files can be fetched again; realtime answers exist only in the run directory.
      const collect = says.collect(ledger.runId);
      const fix = damaged.every(({ shard }) => shard.mode === 'batch')
        ? `\`${collect}\` downloads them again and scores.`
        : `\`${collect}\` downloads batch jobs' files again; realtime answers are kept only in the run directory, so restore those from a backup (collect says what else can be done).`;
      throw new BevalError('OUTPUT', `Run ${ledger.runId}: downloaded output file(s) are missing or damaged:\n${listDamaged(damaged)}\nNothing was re-scored and the reports are unchanged. ${fix}`);
    };
    // Sizes, presence, manifests and each file's download stamp now; a file whose stamp changed is hashed from the
    // bytes scoring reads, before any report is written. A scorer that reads outputs before the scoring pass
    // (embedding and command scorers) gets them checked whole first.
    const later = !cfg.scorers.some(isDeferred);
    stop(damagedOutputs(dir, ledger, later ? CONTENT_LATER : sha256File));
    const verifyOutputs = later && contentToCheck(dir, ledger) ? (read: ReadonlyMap<string, string>) => stop(damagedOutputs(dir, ledger, (file, local) => read.get(local) ?? sha256File(file))) : undefined;
    // Re-scoring calls no model, unless a scorer is one that does (an embedding scorer): then the target is opened.
    // Loaded only then, as shared.ts does: the AWS SDK is not loaded for a re-score that calls nothing.
    const target = cfg.scorers.some(isEmbeddingScorer) ? await (await import('../../pipeline/target.ts')).openTarget(cfg) : undefined;
    let scored;
    try {
      scored = await scoreRun(dir, ledger, cfg, { advice: says, reports, ...(target ? { runtime: target.runtime } : {}), ...(verifyOutputs ? { verifyOutputs } : {}) });
    } finally {
      await target?.close();
    }
    const { summary, paths } = scored;
    io.stdout.write(`Re-scored run ${ledger.runId}\n\n${coverageText(summary)}\n`);
    printPaths(io, dir, paths);
    finishRun(io, dir, summary, paths);
    // Re-scoring in CI (a new scorer on stored outputs) must not end green for a model that measured nothing either.
    return finishedRunExit(EXIT.ok, reportAnsweredNone(io, summary, says));
  } finally {
    lock.release();
  }
}
