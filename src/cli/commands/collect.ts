// `beval collect <runId>`, `beval cancel <runId>` and `beval score <runId>`.
import { collectRun } from '../../run/collect.ts';
import { submitRound } from '../../run/submit.ts';
import { allShards, writeLedger, readLedger } from '../../run/ledger.ts';
import { resolveRunDir } from '../../run/run-dir.ts';
import { TERMINAL_STATUSES } from '../../pipeline/ports.ts';
import { scoreRun } from '../../score/score-run.ts';
import { EXIT, type CliIo } from '../io.ts';
import { config, coverageText, openRun, printPaths, resumeHint, type CommonArgs } from './shared.ts';
import { statusTable } from './status.ts';

export async function collectCommand(io: CliIo, args: CommonArgs & { runId?: string; wait?: boolean }): Promise<number> {
  const cfg = await config(io, args);
  const { ctx, target } = await openRun(io, cfg, args.runId);
  try {
    await submitRound(ctx);
    const res = await collectRun(ctx, { wait: args.wait !== false });
    if (res.state === 'pending') {
      io.stdout.write(`${res.pending} job(s) still running:\n\n${statusTable(ctx.ledger)}\n\nRun \`beval collect ${ctx.ledger.runId}\` again later.\n`);
      return EXIT.pending;
    }
    if (res.state === 'interrupted') {
      io.stdout.write(`\nStopped waiting; the jobs keep running. Resume with:\n  ${resumeHint(ctx.ledger.runId, args.config)}\n`);
      return EXIT.interrupted;
    }
    io.stdout.write(`\nRun ${ctx.ledger.runId} collected\n\n${coverageText(res.result.summary)}\n`);
    printPaths(io, ctx.dir, res.result.paths);
    return EXIT.ok;
  } finally {
    await target.close();
  }
}

/**
 * Stops every job of a run. A job that already ended counts as done; a shard whose create may have reached Bedrock
 * before a crash is looked up by name first; a shard never created is marked Stopped so nothing creates it later.
 */
export async function cancelCommand(io: CliIo, args: CommonArgs & { runId: string }): Promise<number> {
  const cfg = await config(io, args);
  const { ctx, target } = await openRun(io, cfg, args.runId);
  try {
    ctx.ledger.phase = 'cancelled';
    writeLedger(ctx.dir, ctx.ledger);
    for (const { model, shard } of allShards(ctx.ledger)) {
      if (shard.mode !== 'batch') continue;
      const what = `${model.label} shard ${shard.index}`;
      if (!shard.jobArn && shard.createRequestedAt) {
        const found = await ctx.batch.findJobByName(shard.jobName);
        if (found) {
          shard.jobArn = found.arn;
          shard.status = found.status;
          writeLedger(ctx.dir, ctx.ledger);
        }
      }
      if (!shard.jobArn) {
        if (!TERMINAL_STATUSES.has(shard.status ?? '')) {
          shard.status = 'Stopped';
          shard.message = 'The run was cancelled before this job was created.';
          writeLedger(ctx.dir, ctx.ledger);
        }
        io.stdout.write(`${what}: never created\n`);
        continue;
      }
      const result = await ctx.batch.stopJob(shard.jobArn);
      io.stdout.write(`${what}: ${result === 'stopping' ? 'stop requested' : 'already finished'}\n`);
    }
    io.stdout.write(`Run ${ctx.ledger.runId} cancelled. Records processed before the stop are billed; \`beval collect ${ctx.ledger.runId}\` scores what finished.\n`);
    return EXIT.ok;
  } finally {
    await target.close();
  }
}

/** Re-scores stored outputs with the current config's scorers: no Bedrock or S3 call. */
export async function scoreCommand(io: CliIo, args: CommonArgs & { runId?: string }): Promise<number> {
  const cfg = await config(io, args);
  const dir = resolveRunDir(cfg.outDir, args.runId);
  const ledger = readLedger(dir);
  const { summary, paths } = await scoreRun(dir, ledger, cfg);
  io.stdout.write(`Re-scored run ${ledger.runId}\n\n${coverageText(summary)}\n`);
  printPaths(io, dir, paths);
  return EXIT.ok;
}
