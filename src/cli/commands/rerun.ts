// `beval rerun <runId> [--only error,missing,not-run,filtered] [--models …]`: one new attempt for just the records
// that did not answer, merged into the same run (src/pipeline/rerun.ts plans it; submit and collect carry it out).
import { BevalError } from '../../errors.ts';
import { collectRun, submit } from '../../pipeline/run.ts';
import { startRerun } from '../../pipeline/rerun.ts';
import { DEFAULT_RERUN, RERUN_STATUSES, type RerunStatus } from '../../run/rerun.ts';
import { finishedRunExit, reportAnsweredNone } from '../answered-none.ts';
import { EXIT, type CliIo } from '../io.ts';
import { footnote } from '../footnote.ts';
import { rerunModesLine } from '../rerun-modes-line.ts';
import { checkBudget, estimateTable } from './estimate.ts';
import { advice, config, coverageText, finishRun, rerunHint, openRun, printPaths, warnIfConfigChanged, type CommonArgs } from './shared.ts';

export interface RerunArgs extends CommonArgs {
  runId: string;
  /** Comma-separated statuses (repeatable). @default error,missing,not-run */
  only?: string | string[];
  /** Comma-separated model labels, IDs or keys (repeatable). @default every model of the run */
  models?: string | string[];
  yes?: boolean;
}

/** A comma-separated option; yargs gives an array when it is repeated (`--only error --only filtered`). */
function list(value: string | string[] | undefined): string[] {
  return [value ?? []].flat().flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean);
}

function parseOnly(value: string | string[] | undefined): RerunStatus[] {
  if (value !== undefined && !list(value).length) throw new BevalError('USAGE', `--only needs statuses separated by commas: ${RERUN_STATUSES.join(', ')}.`);
  const asked = list(value);
  if (!asked.length) return [...DEFAULT_RERUN];
  for (const s of asked) {
    if (!(RERUN_STATUSES as readonly string[]).includes(s)) throw new BevalError('USAGE', `--only ${s}: expected a comma-separated list of ${RERUN_STATUSES.join(', ')} (ok records are never sent again).`);
  }
  return [...new Set(asked)] as RerunStatus[];
}

export async function rerunCommand(io: CliIo, args: RerunArgs): Promise<number> {
  const cfg = await config(io, args);
  // Checked before the run is opened (and locked): a mistyped status costs nothing.
  const only = parseOnly(args.only);
  if (args.models !== undefined && !list(args.models).length) throw new BevalError('USAGE', '--models needs model labels separated by commas, e.g. --models arith,verbose');
  const { ctx, target } = await openRun(io, cfg, args.runId, 'rerun', advice(args));
  const runId = ctx.ledger.runId;
  try {
    warnIfConfigChanged(ctx);
    const start = await startRerun(ctx, { only, models: list(args.models) }, (estimate, records, modes) => {
      // Which of the table's two prices each model's records pay: the budget is checked at those.
      const go = rerunModesLine(modes, { minRecordsPerJob: cfg.quotas.minRecordsPerJob, hasS3: ctx.ledger.s3 !== undefined, configRealtime: cfg.mode === 'realtime' });
      io.stdout.write(`Estimate before sending ${records} record(s) again (${only.join(', ')}):\n${estimateTable(estimate)}\n${footnote(go)}\n`);
      checkBudget(cfg, estimate, args.yes, new Map(modes.map((m) => [m.model.key, m.mode])));
    });
    if (start.state === 'nothing') {
      io.stdout.write(`Nothing to rerun in run ${runId}: no record is ${only.join(', ')}${args.models ? ` for ${list(args.models).join(', ')}` : ''}.\n`);
      io.result?.({ runId, runDir: ctx.dir, state: 'nothing-to-rerun', only });
      return EXIT.ok;
    }
    if (start.state === 'continuing') {
      ctx.log.info(`Continuing rerun attempt ${start.rerun.attempt} of run ${runId} (planned ${start.rerun.requestedAt}): nothing is planned or paid for again.`);
    } else {
      for (const m of start.modes) ctx.log.info(`${m.model.label}: ${m.records} record(s) sent again as attempt ${start.rerun.attempt} (${m.mode === 'batch' ? 'batch job' : ctx.ledger.s3 ? 'realtime, under the batch minimum' : 'realtime: the run has no S3 location for a batch job'})`);
    }
    io.result?.({ rerun: { attempt: start.rerun.attempt, only: start.rerun.only, records: start.rerun.records, continued: start.state === 'continuing' } });
    await submit(ctx);
    const res = await collectRun(ctx, { wait: true });
    if (res.state !== 'collected') {
      const again = ctx.advice.rerun(runId);
      io.stdout.write(`\nStopped before the rerun finished; what was sent or answered is kept in the ledger. Carry it on (nothing is sent twice) with:\n  ${again}\n`);
      io.result?.({ runId, runDir: ctx.dir, state: 'interrupted', next: again });
      return EXIT.interrupted;
    }
    io.stdout.write(`\nRerun of run ${runId} collected\n\n${coverageText(res.result.summary)}\n${rerunHint(res.result.summary, ctx.advice, false)}`);
    const answeredNone = reportAnsweredNone(io, res.result.summary, ctx.advice);
    printPaths(io, ctx.dir, res.result.paths);
    finishRun(io, ctx.dir, res.result.summary, res.result.paths);
    return finishedRunExit(EXIT.ok, answeredNone);
  } finally {
    await target.close();
  }
}
