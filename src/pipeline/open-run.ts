// Opening a run for a stage to work on: the run's lock, then its target (the SDK clients, or an in-process emulator),
// then the context the stages receive. Every command that drives a run (run, submit, collect, cancel, status, rerun)
// opens it here; the commands in src/cli only say what to print.
import type { ResolvedConfig } from '../types/config.ts';
import type { Log } from '../types/ports.ts';
import type { DebugLog } from '../aws/debug-log.ts';
import { allShards, forgetRemoteState, readLedger, writeLedger, type Ledger } from '../run/ledger.ts';
import { resolveRunDir } from '../run/run-dir.ts';
import { lockRun } from '../run/run-lock.ts';
import { planConfigHash } from '../run/run-record.ts';
import { realClock, type RunContext } from '../run/context.ts';
import type { CrashHook } from '../run/crash-points.ts';
import type { RealtimeProgress } from '../realtime/progress.ts';
import type { Advice } from '../advice.ts';
import type { OpenTarget } from './target.ts';

/** What the process running a command gives the stages: where they log, Ctrl-C, the crash drill hook, progress. */
export interface RunHost {
  log: Log;
  /** Aborted on Ctrl-C: stages stop waiting and leave jobs running. */
  signal?: AbortSignal;
  crashAt?: CrashHook;
  /** Draws realtime progress (src/realtime/progress.ts). */
  realtimeProgress?: (p: RealtimeProgress) => void;
  /** `--debug`: logs each AWS call. */
  debug?: DebugLog;
}

/** The context the run stages receive. */
export function runContext(host: RunHost, cfg: ResolvedConfig, dir: string, ledger: Ledger, target: OpenTarget, advice: Advice): RunContext {
  return {
    config: cfg, dir, ledger, batch: target.batch, blobs: target.blobs, log: host.log, clock: realClock, advice,
    ...(host.signal ? { signal: host.signal } : {}), ...(host.crashAt ? { crashAt: host.crashAt } : {}),
    // Realtime shards (docs/realtime.md): Converse through the target.
    runtime: target.runtime, ...(host.realtimeProgress ? { realtimeProgress: host.realtimeProgress } : {}),
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
    const target = opts.opened ?? await (await import('./target.ts')).openTarget(cfg, opts.debug);
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
export async function openRun(host: RunHost, cfg: ResolvedConfig, runId: string | undefined, command: string, advice: Advice): Promise<{ ctx: RunContext; target: OpenTarget }> {
  const dir = resolveRunDir(cfg.outDir, runId, advice);
  const { target, value: ledger } = await openLockedTarget(cfg, dir, command, () => readLedger(dir), host.debug ? { debug: host.debug } : {});
  const ctx = runContext(host, cfg, dir, ledger, target, advice);
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
