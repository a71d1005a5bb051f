// Helpers shared by the CLI verbs: loading config, opening a run context, printing.
import path from 'node:path';
import type { ResolvedConfig } from '../../types/config.ts';
import type { RunSummary } from '../../types/results.ts';
import { metricsText } from '../metrics-text.ts';
import type { ReportPaths } from '../../report/write-reports.ts';
import { table } from '../table.ts';
import { loadConfig } from '../../config/load.ts';
import { allShards, forgetRemoteState, readLedger, writeLedger, type Ledger } from '../../run/ledger.ts';
import { resolveRunDir } from '../../run/run-dir.ts';
import { lockRun } from '../../run/run-lock.ts';
import { planConfigHash } from '../../run/run-record.ts';
import { realClock, type RunContext } from '../../run/context.ts';
import type { OpenTarget } from '../target.ts';
import type { DebugLog } from '../../aws/debug-log.ts';
import type { CliIo } from '../io.ts';
import type { Log } from '../../types/ports.ts';
import { pairwiseLine, verdictCounts } from '../../report/html/judge-section.ts';
import { progressDisplay } from '../../realtime/progress.ts';
import { outsideText, printable } from '../../safe-text.ts';
import { adviceFor, type Advice } from '../../advice.ts';
import { summaryGate, verdictLine } from '../../report/summary-md.ts';
import { runFields } from '../json-output.ts';

export interface CommonArgs {
  config?: string;
}

export function makeLog(io: CliIo): Log {
  const stamp = () => new Date().toISOString().slice(11, 19);
  // Log lines carry job messages, ARNs and service errors: each prints as exactly one line, with no escape sequence
  // or credential from them.
  return {
    info: (line) => io.stdout.write(`${stamp()} ${outsideText(line)}\n`),
    warn: (line) => io.stderr.write(`${stamp()} warning: ${outsideText(line)}\n`),
  };
}

export async function config(io: CliIo, args: CommonArgs): Promise<ResolvedConfig> {
  return loadConfig(io.cwd, args.config);
}

/** The `beval …` commands this invocation prints as advice: with its `--config`, as typed. */
export function advice(args: CommonArgs): Advice {
  return adviceFor(args.config);
}

/** The context the run stages receive, with the CLI's signal and crash hook passed down. */
export function runContext(io: CliIo, cfg: ResolvedConfig, dir: string, ledger: Ledger, target: OpenTarget, advice: Advice): RunContext {
  return {
    config: cfg, dir, ledger, batch: target.batch, blobs: target.blobs, log: makeLog(io), clock: realClock, advice,
    ...(io.signal ? { signal: io.signal } : {}), ...(io.crashAt ? { crashAt: io.crashAt } : {}),
    // Realtime shards (docs/realtime.md): Converse through the target, progress drawn on stdout.
    runtime: target.runtime, realtimeProgress: progressDisplay({ write: (t) => io.stdout.write(t), isTTY: io.isTTY === true }),
  };
}

/**
 * An in-process emulator starts empty: jobs and objects of an earlier process are gone. Shards whose outputs are not
 * local yet run again (their names and tokens are unchanged); shards already downloaded keep their results.
 */
function rebaseOnFreshEmulator(ctx: RunContext): void {
  const lost = allShards(ctx.ledger).filter(({ shard }) => shard.mode === 'batch' && !shard.downloaded && (shard.jobArn || shard.createRequestedAt || shard.files.some((f) => f.uploaded)));
  if (!lost.length) return;
  for (const { shard } of lost) {
    forgetRemoteState(shard);
    // A cancelled run creates nothing again: its lost jobs count as stopped, their records as not run.
    if (ctx.ledger.phase === 'cancelled') {
      shard.status = 'Stopped';
      shard.message = 'The run was cancelled and the in-process emulator that ran this job is gone.';
    }
  }
  if (ctx.ledger.phase === 'submitted') ctx.ledger.phase = 'planned';
  writeLedger(ctx.dir, ctx.ledger);
  ctx.log.warn(`the in-process emulator started empty, so ${lost.length} job(s) of this run run again. For runs that outlive a process, start \`beval emulator\` and set target.endpoint.`);
}

/**
 * Takes the run's lock for `command` (see run-lock.ts), then opens the target; `close` also releases the lock. Every
 * command that drives a run closes its target in a `finally`, so the lock goes with it. `whileLocked` runs once the
 * lock is held, before the target opens (e.g. reading the ledger).
 */
export async function openLockedTarget<T>(cfg: ResolvedConfig, dir: string, command: string, whileLocked: () => T, opts: { debug?: DebugLog; opened?: OpenTarget } = {}): Promise<{ target: OpenTarget; value: T }> {
  let lock: ReturnType<typeof lockRun>;
  try {
    lock = lockRun(dir, command);
  } catch (e) {
    await opts.opened?.close();
    throw e;
  }
  try {
    const value = whileLocked();
    // A target opened before the run existed (the pre-flight's) is taken over rather than opened twice. Imported
    // here, not at the top: only commands that reach Bedrock or S3 load the AWS SDK (fast start-up).
    const target = opts.opened ?? await (await import('../target.ts')).openTarget(cfg, opts.debug);
    return {
      value,
      target: {
        ...target,
        async close() {
          try {
            await target.close();
          } finally {
            lock.release();
          }
        },
      },
    };
  } catch (e) {
    lock.release();
    await opts.opened?.close();
    throw e;
  }
}

/**
 * Opens the target and builds a context for an existing run (the latest when runId is omitted), holding the run's
 * lock for `command` until the target is closed. The ledger is read once the lock is held.
 */
export async function openRun(io: CliIo, cfg: ResolvedConfig, runId: string | undefined, command: string, advice: Advice): Promise<{ ctx: RunContext; target: OpenTarget }> {
  const dir = resolveRunDir(cfg.outDir, runId, advice);
  const { target, value: ledger } = await openLockedTarget(cfg, dir, command, () => readLedger(dir), io.debug ? { debug: io.debug } : {});
  const ctx = runContext(io, cfg, dir, ledger, target, advice);
  if (target.emulator) rebaseOnFreshEmulator(ctx);
  return { ctx, target };
}

/**
 * Says so when the config changed since the run was planned: models and shards come from the ledger, but scorers,
 * judges and the gate come from the current config, and judge jobs it adds were not in the estimate approved then.
 */
export function warnIfConfigChanged(ctx: RunContext): void {
  const planned = ctx.ledger.configSha256;
  if (planned === undefined || planned === planConfigHash(ctx.config)) return;
  ctx.log.warn(`${ctx.config.configPath} changed since run ${ctx.ledger.runId} was planned. Models, shards and the suite come from the run's ledger; scorers, judges and the gate from the current config, and any judge jobs it adds were not in the estimate shown at submit (\`${ctx.advice.command('estimate')}\` shows them).`);
}

/**
 * The end of a finished run's output: the one-line verdict summary.md opens with (unless a gate follows and says its
 * own), and the run's fields for --json.
 */
export function finishRun(io: CliIo, dir: string, summary: RunSummary, paths: ReportPaths, opts: { gateFollows?: boolean } = {}): void {
  if (!opts.gateFollows) io.stdout.write(`\n${verdictLine(summary, summaryGate(summary))}\n`);
  io.result?.(runFields(summary, dir, paths));
}

export function printPaths(io: CliIo, dir: string, p: ReportPaths): void {
  const rel = (f: string) => path.relative(io.cwd, f) || f;
  // Reports left out by --reports are not listed (summary.csv and results.json are always written).
  const lines: [string, string | undefined][] = [
    ['run directory', dir], ['summary', p.summaryCsv], ['records', p.recordsCsv], ['scores', p.scoresCsv], ['results', p.resultsJson],
    ['parquet', p.resultsParquet], ['report', p.reportHtml], ['markdown', p.summaryMd],
  ];
  io.stdout.write(lines.filter(([, f]) => f !== undefined).map(([what, f]) => `  ${`${what}:`.padEnd(15)}${rel(f!)}\n`).join(''));
  if (p.summaryMd) io.wroteSummary?.(p.summaryMd);
}

/**
 * What a finished run says on the terminal: one row per model (ok / error / missing / not-run, job states), every
 * reconciliation note, each metric per model against the baseline, then the judges.
 */
export function coverageText(summary: RunSummary): string {
  const rows = [['MODEL', 'RECORDS', 'OK', 'ERROR', 'MISSING', 'NOT-RUN', 'FILTERED', 'JOBS']];
  for (const m of summary.perModel) {
    const jobs = Object.entries(m.jobs ?? {}).map(([status, n]) => `${n} ${status}`).join(', ');
    rows.push([m.model.label, String(m.records), String(m.ok), String(m.errors), String(m.missing), String(m.notRun), String(m.filtered ?? 0), jobs]);
  }
  const notes = summary.perModel.flatMap((m) => (m.notes ?? []).map((n) => `  ${printable(`${m.model.label}: ${n}`)}`));
  const judge = summary.judge ? `\nJudges: ${verdictCounts(summary.judge)}.\n${(summary.judge.pairwise ?? []).map((p) => `  ${printable(pairwiseLine(p))}\n`).join('')}` : '';
  const metrics = metricsText(summary);
  return `${table(rows)}\n${notes.length ? `\nNotes:\n${notes.join('\n')}\n` : ''}${metrics ? `\n${metrics}` : ''}${judge}`;
}
