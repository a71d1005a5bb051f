// The realtime stage of a run: executes every realtime shard of the ledger and records it like a finished batch job.
import path from 'node:path';
import { BevalError } from '../errors.ts';
import { allShards, writeLedger, type Ledger, type LedgerModel, type LedgerShard } from '../run/ledger.ts';
import type { RunContext } from '../run/context.ts';
import type { RuntimePort } from '../types/ports.ts';
import { readLines } from '../outputs/read-lines.ts';
import { executeRecords, type InputRecord } from './executor.ts';
import { openOutputFile, type OutputFile } from './output-file.ts';
import type { RealtimeProgress } from './progress.ts';
import { attemptTimeoutMs } from './timeout.ts';

/** Exit code of a run stopped by the account's per-day quota (docs/runs.md); the CLI's EXIT.dailyQuota. */
export const EXIT_DAILY_QUOTA = 4;

/** The command that resumes this run, with the config file it was planned with. */
function resumeCommand(ctx: RunContext): string {
  const config = ctx.ledger.configPath && ctx.ledger.configPath !== '<inline>' ? ` --config ${ctx.ledger.configPath}` : '';
  return `beval run --resume ${ctx.ledger.runId}${config}`;
}

/** How often the ledger's counts are rewritten while requests run (`beval status` reads them). */
const LEDGER_EVERY_MS = 2_000;

/** Where a realtime shard's output lines go, relative to the run directory. */
export function realtimeOutputPath(modelKey: string, shardIndex: number): string {
  return path.join('outputs', modelKey, 'realtime', `shard-${shardIndex}.jsonl.out`);
}

/** Realtime shards that do not have a line for every record yet. */
export function unfinishedRealtime(ledger: Ledger): { model: LedgerModel; shard: LedgerShard }[] {
  return allShards(ledger).filter(({ shard }) => shard.mode === 'realtime' && shard.status !== 'Completed');
}

/** The shard's planned input lines (the same files a batch job would upload), read lazily. */
async function* inputRecords(dir: string, shard: LedgerShard): AsyncGenerator<InputRecord> {
  for (const f of shard.files) {
    const file = path.join(dir, f.local);
    for await (const [lineNo, line] of readLines(file)) {
      let v: { recordId?: unknown; modelInput?: unknown } | null;
      try {
        v = JSON.parse(line) as typeof v;
      } catch {
        v = null;
      }
      if (typeof v?.recordId !== 'string' || typeof v.modelInput !== 'object' || v.modelInput === null) {
        throw new BevalError('LEDGER', `${file}:${lineNo}: not a batch input line (recordId, modelInput); the planned inputs of this run were changed. Lines written so far are kept.`);
      }
      yield { recordId: v.recordId, modelInput: v.modelInput as Record<string, unknown> };
    }
  }
}

interface Open {
  model: LedgerModel;
  shard: LedgerShard;
  out: OutputFile;
  total: number;
}

/**
 * Sends every record of the realtime shards that has no output line yet, all models at once (each with
 * `config.realtime.concurrency` requests in flight). A shard whose records all have a line ends `Completed` with
 * its counts, and `downloaded` names its output file, so scoring cannot tell it from a batch job.
 * Returns 'interrupted' when the signal fired (requests in flight are finished and written first).
 * Throws when a failure no record escapes (credentials, permissions, network) stopped it; lines written are kept.
 */
export async function runRealtimeShards(ctx: RunContext): Promise<'done' | 'interrupted'> {
  const todo = unfinishedRealtime(ctx.ledger);
  // A cancelled run sends nothing more: its unanswered records count as not run.
  if (!todo.length || ctx.ledger.phase === 'cancelled') return 'done';
  const runtime = ctx.runtime;
  if (!runtime) throw new BevalError('USAGE', 'This run has realtime shards but no Bedrock runtime client was given to run them.');
  const { concurrency, maxAttempts } = ctx.config.realtime;

  const open: Open[] = [];
  try {
    for (const { model, shard } of todo) {
      const rel = realtimeOutputPath(model.key, shard.index);
      const out = await openOutputFile(path.join(ctx.dir, rel));
      if (out.existing.truncatedBytes) ctx.log.warn(`${model.label}: cut a torn last line (${out.existing.truncatedBytes} bytes) from ${rel}; its record is sent again.`);
      const total = shard.end - shard.start;
      if (shard.status !== 'InProgress') shard.statusChangedAt = new Date(ctx.clock.now()).toISOString();
      shard.status = 'InProgress';
      // A message from an earlier stop (the fatal error a resume is retrying after) no longer describes the shard.
      delete shard.message;
      shard.counts = { total, processed: out.existing.answered.size, success: out.existing.ok, error: out.existing.errors };
      // Named from the start, so a cancelled or failed run still scores the lines it has.
      shard.downloaded = [rel];
      open.push({ model, shard, out, total });
    }
    writeLedger(ctx.dir, ctx.ledger);

    const progress: RealtimeProgress = { total: 0, done: 0, resumed: 0, errors: 0, finished: false };
    for (const o of open) {
      progress.total += o.total;
      progress.done += o.out.existing.answered.size;
      progress.errors += o.out.existing.errors;
    }
    progress.resumed = progress.done;
    ctx.realtimeProgress?.({ ...progress });

    // Requests sent and not yet answered, over every model: what a kill now would leave for a resume to pay again.
    let inFlight = 0;
    const counted: RuntimePort = {
      async converse(...args) {
        inFlight++;
        try {
          return await runtime.converse(...args);
        } finally {
          inFlight--;
        }
      },
    };
    // Stops every model's dispatching on Ctrl-C or on the first fatal error.
    const stop = new AbortController();
    const onAbort = () => {
      if (!stop.signal.aborted && inFlight > 0) {
        ctx.log.warn(`Interrupted: no new realtime request is sent; waiting for the ${inFlight} request(s) in flight so their answers are written and none is paid for twice. Ctrl-C again exits at once: a resume then sends those ${inFlight} again.`);
      }
      stop.abort();
    };
    ctx.signal?.addEventListener('abort', onAbort, { once: true });
    if (ctx.signal?.aborted) stop.abort();
    let ledgerAt = ctx.clock.now();
    const fatal: string[] = [];
    const quota: string[] = [];
    const runShard = async (o: Open): Promise<void> => {
      const { model, shard, out } = o;
      const counts = shard.counts!;
      const resolved = ctx.config.models.find((m) => m.key === model.key);
      const attempts = new Map(Object.entries(shard.attempts ?? {}));
      ctx.log.info(`${model.label} shard ${shard.index}: realtime, ${o.total - (counts.processed ?? 0)} of ${o.total} records to send (concurrency ${concurrency})`);
      // Pass after pass until every record has a line: a record throttled (or timed out, or 5xx) after the SDK's
      // retries has none and goes again in the next pass, after the others, up to maxAttempts.
      for (let pass = 1; ; pass++) {
      const result = await executeRecords({
        modelId: model.id, records: inputRecords(ctx.dir, shard), output: out, runtime: counted, concurrency, signal: stop.signal,
        timeoutFor: (input) => attemptTimeoutMs(ctx.config, resolved, model.id, input),
        maxAttempts, attempts,
        onAttempt: () => {
          // Write-ahead: the attempt is on disk before the record is left without a line.
          shard.attempts = Object.fromEntries(attempts);
          writeLedger(ctx.dir, ctx.ledger);
        },
        onRecord: ({ ok }) => {
          counts.processed = (counts.processed ?? 0) + 1;
          if (ok) counts.success = (counts.success ?? 0) + 1;
          else counts.error = (counts.error ?? 0) + 1;
          progress.done++;
          if (!ok) progress.errors++;
          ctx.realtimeProgress?.({ ...progress });
          if (ctx.clock.now() - ledgerAt >= LEDGER_EVERY_MS) {
            ledgerAt = ctx.clock.now();
            writeLedger(ctx.dir, ctx.ledger);
          }
        },
      });
      if (result.fatal) {
        fatal.push(`${model.label}: ${result.fatal}`);
        stop.abort();
      }
      if (result.quota) {
        quota.push(`${model.label}: ${result.quota}`);
        stop.abort();
      }
      if (result.resend && !stop.signal.aborted) {
        ctx.log.warn(`${model.label} shard ${shard.index}: ${result.resend} record(s) throttled, timed out or refused with a 5xx after the SDK's retries: no line written, sending them again (pass ${pass + 1}, at most ${maxAttempts} attempts each)`);
        await ctx.clock.sleep(ctx.config.polling.initialMs, stop.signal).catch(() => undefined);
        continue;
      }
      if (result.state === 'done' && (counts.processed ?? 0) >= o.total) {
        shard.status = 'Completed';
        shard.statusChangedAt = new Date(ctx.clock.now()).toISOString();
        ctx.log.info(`${model.label} shard ${shard.index}: Completed ${counts.processed}/${o.total} records (realtime, ${counts.error ?? 0} errors)`);
      }
      break;
      }
    };
    // An exception in one model (unreadable input, a refused write) stops every model, and is rethrown only once each
    // has written the answers of the requests it had already sent: the output files stay open until then.
    const failures: unknown[] = [];
    try {
      await Promise.all(open.map((o) => runShard(o).catch((e: unknown) => {
        failures.push(e);
        stop.abort();
      })));
    } finally {
      ctx.signal?.removeEventListener('abort', onAbort);
    }
    progress.finished = true;
    progress.stopped = open.some((o) => o.shard.status !== 'Completed');
    ctx.realtimeProgress?.({ ...progress });
    if (failures.length) throw failures[0];
    if (quota.length) {
      for (const o of open) if (o.shard.status !== 'Completed') o.shard.message = quota.join('; ');
      throw new BevalError('QUOTA', `Realtime requests stopped: quota for today reached (${quota.join('; ')}). The ${progress.done} answered records are kept and nothing more is sent; resume tomorrow with \`${resumeCommand(ctx)}\` to send only the rest.`, { exitCode: EXIT_DAILY_QUOTA });
    }
    if (fatal.length) {
      for (const o of open) if (o.shard.status !== 'Completed') o.shard.message = fatal.join('; ');
      throw new BevalError('JOB', `Realtime requests stopped: ${fatal.join('; ')}. The ${progress.done} answered records are kept; fix the cause and resume the run to send only the rest.`);
    }
    return open.every((o) => o.shard.status === 'Completed') ? 'done' : 'interrupted';
  } finally {
    for (const o of open) o.out.close();
    if (open.length) writeLedger(ctx.dir, ctx.ledger);
  }
}
