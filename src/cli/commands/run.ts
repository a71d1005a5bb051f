// `beval run` (submit + wait + collect) and `beval submit` (validate, upload, create jobs, exit).
import type { ResolvedConfig, RunMode } from '../../types/config.ts';
import { chooseReporters } from '../../report/reporters.ts';
import { BevalError } from '../../errors.ts';
import { collectRun, openAndResumeRun, startAndOpenRun, submit } from '../../pipeline/run.ts';
import type { Suite } from '../../suite/load-suite.ts';
import { modelRuleProblems } from '../../run/model-rules.ts';
import { allShards } from '../../run/ledger.ts';
import { pendingRerun } from '../../run/rerun.ts';
import { unfinishedRealtime } from '../../realtime/run-realtime.ts';
import type { RunContext } from '../../run/context.ts';
import { EXIT, type CliIo } from '../io.ts';
import { advice, config, coverageText, rerunHint, finishRun, makeLog, printPaths, runHost, type CommonArgs } from './shared.ts';
import { gateCommand, requireGate } from './gate.ts';
import type { OpenTarget } from '../../pipeline/target.ts';
import { runPreflight } from '../preflight-run.ts';
import { timeoutWarnings } from '../../realtime/timeout.ts';
import { freshMode, loadCache, sourceDir, type ReusePlan } from '../../run/reuse.ts';
import { checkBudget, estimateTable } from './estimate.ts';
import { finishedRunExit, reportAnsweredNone } from '../answered-none.ts';
import { hasSelection, selectModels, selectSuiteRecords, type SelectionArgs } from './selection.ts';
import { footnote } from '../footnote.ts';
import { GOES } from '../rerun-modes-line.ts';

export interface RunArgs extends CommonArgs, SelectionArgs {
  resume?: string;
  gate?: boolean;
  yes?: boolean;
  /** Overrides the config's `mode` for a new run (a resumed run keeps the modes it was planned with). */
  mode?: RunMode;
  /** Same as `mode: 'realtime'`. */
  realtime?: boolean;
  /** Skips the pre-flight (src/cli/preflight-run.ts), for setups where STS or the bucket cannot be reached read-only. */
  skipPreflight?: boolean;
  /** `--reports`: the report files to write (src/report/reporters.ts). */
  reports?: string;
  /** Earlier runs whose answers a new run reuses (over the config's `reuse`); `false` (`--no-reuse`) turns reuse off. */
  reuse?: string | string[] | false;
}

/** The generation cache's sources: --no-reuse, else --reuse, else the config's `reuse`. */
function reuseSources(cfg: ResolvedConfig, args: RunArgs): string[] {
  if (args.reuse === false) return [];
  const given = [args.reuse ?? []].flat().flatMap((s) => String(s).split(',')).map((s) => s.trim()).filter(Boolean);
  return given.length ? given : cfg.reuse;
}

/** What the generation cache answers, per model, before the estimate of what is left to send. */
function reuseLine(sources: string[], reuse: ReusePlan[]): string {
  const hits = reuse.reduce((n, p) => n + p.hits.length, 0);
  return `Reusing ${hits} answer(s) from ${sources.join(', ')}: ${reuse.map((p) => `${p.model.label} ${p.hits.length} reused, ${p.fresh.length} to send`).join('; ')}.`;
}

/** How each model's records left to send go, and at which prices (a reusing run: they may differ per model). */
function freshModesLine(cfg: ResolvedConfig, reuse: ReusePlan[]): string {
  const parts = reuse.filter((p) => p.fresh.length).map((p) => `${p.model.label} ${freshMode(cfg, p.fresh.length) === 'realtime' ? 'realtime (ON-DEMAND prices)' : 'as batch jobs (BATCH prices)'}`);
  return parts.length ? `The records left to send go: ${parts.join('; ')}.` : 'Nothing is left to send: every answer is reused.';
}

/** The config with --mode / --realtime applied. */
function withMode(cfg: ResolvedConfig, args: RunArgs): ResolvedConfig {
  const mode = args.realtime ? 'realtime' : args.mode;
  return mode ? { ...cfg, mode } : cfg;
}

/**
 * Records each model would refuse (maxTokens over its limit, temperature with topP on Claude 4.5) stop a new run
 * before the estimate, unless --yes; fields whose batch support is unconfirmed are warned about.
 */
function checkModelRules(io: CliIo, cfg: ResolvedConfig, suite: Suite, yes: boolean): void {
  const log = makeLog(io);
  for (const w of suite.warnings ?? []) log.warn(w);
  const problems = modelRuleProblems(cfg, suite);
  if (!problems.length) return;
  if (!yes) throw new BevalError('SUITE', `Records the models would refuse, each after the job ran (nothing was uploaded):\n  ${problems.join('\n  ')}\nFix them, or pass --yes to submit anyway.`);
  for (const p of problems) log.warn(`${p} (submitting anyway: --yes)`);
}

async function startOrResume(io: CliIo, cfg: ResolvedConfig, args: RunArgs, command: 'run' | 'submit'): Promise<{ ctx: RunContext; target: OpenTarget }> {
  // `--resume $RUN_ID` with the variable unset must not start (and pay for) a new run.
  if (args.resume !== undefined && args.resume.trim() === '') throw new BevalError('USAGE', `--resume needs a run id (see \`${advice(args).command('runs')}\`); nothing was submitted.`);
  if (args.resume !== undefined) {
    const opened = await openAndResumeRun(runHost(io), cfg, args.resume, `${command} --resume`, advice(args));
    // A `beval rerun` killed or interrupted: its planned attempt is carried on, nothing planned or paid for again.
    const rerun = pendingRerun(opened.ctx.ledger);
    if (rerun) opened.ctx.log.info(`Continuing rerun attempt ${rerun.attempt} (planned ${rerun.requestedAt}): nothing is planned or paid for again.`);
    // Switching a half-answered realtime model to batch (or back) would send its records again: the ledger decides.
    if (args.mode !== undefined || args.realtime) {
      const planned = opened.ctx.ledger.models.map((m) => `${m.label}: ${[...new Set(m.shards.map((s) => s.mode))].join('+')}`).join(', ');
      opened.ctx.log.warn(`${args.realtime ? '--realtime' : '--mode'} applies to new runs; run ${opened.ctx.ledger.runId} keeps the modes it was planned with (${planned}).`);
    }
    if (hasSelection(args)) opened.ctx.log.warn(`--limit, --sample and --models apply to new runs; run ${opened.ctx.ledger.runId} keeps the records and models it was planned with.`);
    return opened;
  }
  // Validate every line and plan every shard before anything is uploaded or created; the estimate is shown, the
  // budget checked and the pre-flight run in between.
  cfg = selectModels(cfg, args.models);
  // With --reuse (or config `reuse`), earlier runs' answers are read first (src/run/reuse.ts).
  const sources = reuseSources(cfg, args);
  const cache = sources.length ? await loadCache(sources.map((s) => sourceDir(cfg.outDir, s, advice(args)))) : undefined;
  const { ctx, target, planned } = await startAndOpenRun(runHost(io), cfg, command, advice(args), async (estimate, mode, suite, reuse) => {
    if (suite.selection) io.stdout.write(`${footnote(`Records: ${suite.selection.description}.`)}\n`);
    checkModelRules(io, cfg, suite, args.yes === true);
    if (sources.length) io.stdout.write(`${reuseLine(sources, reuse)}\n`);
    // Every model gets the same suite, so one mode for the run: say which of the two prices it pays.
    const why = cfg.mode === 'auto' ? ` (mode auto: ${suite.records.length} records ${mode === 'realtime' ? 'under' : 'meet'} the batch minimum of ${cfg.quotas.minRecordsPerJob})` : '';
    const reusing = reuse.some((p) => p.hits.length);
    io.stdout.write(`Estimate before submitting:\n${estimateTable(estimate)}\n${footnote(reusing ? freshModesLine(cfg, reuse) : `This run sends every model ${GOES[mode]}${why}.`)}\n\n`);
    checkBudget(cfg, estimate, args.yes, mode);
    if (mode === 'realtime') for (const w of timeoutWarnings(cfg, suite.records)) io.stderr.write(`beval: warning: ${w}\n`);
    // Credentials, Region, bucket and model IDs, before a run directory exists: a missing login or a mistyped model
    // ID says so in one line and leaves nothing half-planned behind in `beval runs`. Imported here: only a run that
    // reaches its target loads the AWS SDK (fast start-up, as shared.ts does).
    const opened = await (await import('../../pipeline/target.ts')).openTarget(cfg, io.debug);
    try {
      if (!args.skipPreflight) await runPreflight(opened, cfg, mode === 'batch' || (cfg.judges?.length ?? 0) > 0, makeLog(io));
    } catch (e) {
      await opened.close();
      throw e;
    }
    return opened;
  }, (suite) => selectSuiteRecords(cfg, suite, args), cache);
  const { suite, runId, ledger } = planned;
  const shards = ledger.models.reduce((n, m) => n + m.shards.length, 0);
  ctx.log.info(`Run ${runId}: ${suite.records.length} records × ${cfg.models.length} models (${shards} jobs) on ${target.describe}`);
  return { ctx, target };
}

export async function runCommand(io: CliIo, args: RunArgs): Promise<number> {
  // Before anything is planned or paid for: an unknown report name.
  const reports = chooseReporters(args.reports);
  const cfg = withMode(await config(io, args), args);
  // Before anything is paid for: --gate needs a gate section.
  if (args.gate) requireGate(cfg);
  const started = Date.now();
  const { ctx, target } = await startOrResume(io, cfg, args, 'run');
  try {
    await submit(ctx);
    const res = await collectRun(ctx, { wait: true, reports });
    if (res.state !== 'collected') {
      // Realtime shards have nothing running remotely: say what is kept and what a resume sends.
      const realtime = unfinishedRealtime(ctx.ledger);
      const kept = realtime.reduce((n, { shard }) => n + (shard.counts?.processed ?? 0), 0);
      // The in-process emulator ends with this process: its jobs do not keep running, so say what a resume does instead.
      const anyJob = allShards(ctx.ledger).some(({ shard }) => shard.jobArn);
      const jobs = !anyJob
        ? 'No job of this run was created yet, so nothing runs on the target.'
        : target.emulator
        ? 'The in-process emulator stops with this command, so resuming runs its unfinished jobs again (for jobs that outlive the command, start `beval emulator` and set target.endpoint).'
        : `The jobs keep running on ${target.describe}.`;
      const what = realtime.length === allShards(ctx.ledger).length
        ? `Stopped sending realtime requests; the ${kept} answers received are kept and a resume sends only the rest.`
        : `Stopped waiting. ${jobs}${realtime.length ? ` Realtime answers received so far (${kept}) are kept.` : ''}`;
      io.stdout.write(`\n${what}\nResume with:\n  ${ctx.advice.resume(ctx.ledger.runId, { gate: args.gate === true })}\n`);
      io.result?.({ runId: ctx.ledger.runId, runDir: ctx.dir, state: 'interrupted', next: ctx.advice.resume(ctx.ledger.runId, { gate: args.gate === true }) });
      return EXIT.interrupted;
    }
    io.stdout.write(`\nRun ${ctx.ledger.runId} finished in ${((Date.now() - started) / 1000).toFixed(1)} s\n\n${coverageText(res.result.summary)}\n${rerunHint(res.result.summary, ctx.advice, ctx.ledger.phase === 'cancelled')}`);
    const answeredNone = reportAnsweredNone(io, res.result.summary, ctx.advice);
    printPaths(io, ctx.dir, res.result.paths);
    finishRun(io, ctx.dir, res.result.summary, res.result.paths, { gateFollows: args.gate === true });
    // One gate path for `run --gate` and `beval gate`: the verdict table from the results just written.
    if (args.gate) return gateCommand(io, { ...(args.config ? { config: args.config } : {}), runId: ctx.ledger.runId }, { answeredNoneShown: true });
    return finishedRunExit(EXIT.ok, answeredNone);
  } finally {
    await target.close();
  }
}

export async function submitCommand(io: CliIo, args: RunArgs): Promise<number> {
  const cfg = await config(io, args);
  const { ctx, target } = await startOrResume(io, cfg, args, 'submit');
  try {
    const round = await submit(ctx);
    const waiting = round.waitingForCapacity + round.quotaDeferred;
    io.stdout.write(`\n${ctx.ledger.runId}\n`);
    const collect = ctx.advice.collect(ctx.ledger.runId);
    io.result?.({ runId: ctx.ledger.runId, runDir: ctx.dir, state: 'submitted', waitingForCapacity: waiting, next: collect });
    if (waiting) io.stdout.write(`${waiting} job(s) wait for capacity; \`${collect}\` creates them as others finish.\n`);
    io.stdout.write(`Check progress with \`${ctx.advice.command(`status ${ctx.ledger.runId}`)}\`; fetch results with \`${collect}\`.\n`);
    if (target.emulator) io.stderr.write('Note: the in-process emulator stops when this command exits. For detached runs on the emulator, start `beval emulator` and set target.endpoint.\n');
    return EXIT.ok;
  } finally {
    await target.close();
  }
}
