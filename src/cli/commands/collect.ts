// `beval collect <runId>`, `beval cancel <runId>` and `beval score <runId>`.
import path from 'node:path';
import { collectRun } from '../../run/collect.ts';
import { submitRound } from '../../run/submit.ts';
import { allShards, writeLedger, readLedger } from '../../run/ledger.ts';
import { resolveRunDir } from '../../run/run-dir.ts';
import { scoreRun } from '../../score/score-run.ts';
import { EXIT, type CliIo } from '../io.ts';
import { config, openRun, resumeHint, type CommonArgs } from './shared.ts';
import { statusTable } from './status.ts';
import type { ReportPaths } from '../../score/write-reports.ts';

function printPaths(io: CliIo, dir: string, p: ReportPaths): void {
  const rel = (f: string) => path.relative(io.cwd, f) || f;
  io.stdout.write(`  run directory: ${rel(dir)}\n  summary:       ${rel(p.summaryCsv)}\n  records:       ${rel(p.recordsCsv)}\n  scores:        ${rel(p.scoresCsv)}\n  results:       ${rel(p.resultsJson)}\n  report:        ${rel(p.reportHtml)}\n`);
}

export async function collectCommand(io: CliIo, args: CommonArgs & { runId?: string; wait?: boolean }): Promise<number> {
  const cfg = await config(io, args);
  const { ctx, target } = await openRun(io, cfg, args.runId);
  try {
    await submitRound(ctx);
    const res = await collectRun(ctx, { wait: args.wait !== false });
    if (res.state === 'pending') {
      io.stdout.write(`${res.pending} job(s) still running:\n\n${statusTable(ctx.ledger)}\n\nRun \`beval collect ${ctx.ledger.runId}\` again later.\n`);
      return EXIT.ok;
    }
    if (res.state === 'interrupted') {
      io.stdout.write(`\nStopped waiting; the jobs keep running. Resume with:\n  ${resumeHint(ctx.ledger.runId, args.config)}\n`);
      return EXIT.interrupted;
    }
    io.stdout.write(`\nRun ${ctx.ledger.runId} collected\n`);
    printPaths(io, ctx.dir, res.result.paths);
    return EXIT.ok;
  } finally {
    await target.close();
  }
}

export async function cancelCommand(io: CliIo, args: CommonArgs & { runId: string }): Promise<number> {
  const cfg = await config(io, args);
  const { ctx, target } = await openRun(io, cfg, args.runId);
  try {
    for (const { model, shard } of allShards(ctx.ledger)) {
      if (!shard.jobArn) continue;
      const result = await ctx.batch.stopJob(shard.jobArn);
      io.stdout.write(`${model.label} shard ${shard.index}: ${result === 'stopping' ? 'stop requested' : 'already finished'}\n`);
    }
    ctx.ledger.phase = 'cancelled';
    writeLedger(ctx.dir, ctx.ledger);
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
  const { paths } = await scoreRun(dir, ledger, cfg);
  io.stdout.write(`Re-scored run ${ledger.runId}\n`);
  printPaths(io, dir, paths);
  return EXIT.ok;
}
