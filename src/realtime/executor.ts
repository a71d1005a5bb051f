// Sends one model's records through Converse with bounded concurrency and writes each answer as a batch output line.
import pLimit from 'p-limit';
import type { RuntimePort } from '../types/ports.ts';
import { mapCallError, type CallFailure } from './error-map.ts';
import type { OutputFile } from './output-file.ts';

/** One line of a batch input file: what realtime sends, exactly as batch would. */
export interface InputRecord {
  recordId: string;
  modelInput: Record<string, unknown>;
}

/** Reported after each record's line is written. */
export interface RecordOutcome {
  recordId: string;
  ok: boolean;
}

export interface ExecuteOptions {
  modelId: string;
  /** Read lazily: only `concurrency × 2` records are held at a time. */
  records: AsyncIterable<InputRecord>;
  output: OutputFile;
  runtime: RuntimePort;
  /** Requests in flight at once for this model. */
  concurrency: number;
  /**
   * Per attempt (the SDK's waits between its retries excluded): the runtime aborts an attempt over it. A request whose
   * every SDK attempt timed out is resendable, like throttling.
   */
  timeoutFor: (modelInput: Record<string, unknown>) => number;
  /** Attempts per record for resendable failures (throttling, 5xx, timeouts); the last one's is written as an error line. */
  maxAttempts: number;
  /** Resendable failures so far per recordId (from the ledger); updated here. */
  attempts: Map<string, number>;
  /** Called after a resendable failure, before anything else happens, so the ledger can record the attempt. */
  onAttempt?: (recordId: string, attempts: number) => void;
  /** Stops sending new requests (Ctrl-C); requests in flight finish and are written, so none is sent twice. */
  signal?: AbortSignal;
  onRecord?: (outcome: RecordOutcome) => void;
}

export interface ExecuteResult {
  /** 'interrupted' when the signal fired or a fatal error stopped the model before every record had a line. */
  state: 'done' | 'interrupted';
  sent: number;
  ok: number;
  errors: number;
  /** Set when a failure that no record escapes (credentials, network) stopped the model. */
  fatal?: string;
  /** Set when the account's per-day quota stopped the model ("Too many tokens per day"). */
  quota?: string;
  /** Records left without a line after a resendable failure, to be sent again (a later pass, or a resume). */
  resend: number;
}

/** The SDK's most attempts per request (src/aws/clients.ts); the wall-clock backstop allows each its timeout. */
const SDK_ATTEMPTS = 6;
/** Backoff between the SDK's attempts, at most (adaptive mode caps one wait at 20 s). */
const SDK_WAITS_MS = 20_000 * (SDK_ATTEMPTS - 1);

/**
 * Calls Converse once (the SDK retries inside), each attempt under the per-attempt timeout; a wall-clock backstop
 * (every attempt's timeout plus the SDK's longest waits) catches a request the per-attempt timer cannot see.
 */
async function call(opts: ExecuteOptions, modelInput: Record<string, unknown>): Promise<{ response: Record<string, unknown> } | CallFailure> {
  const attemptMs = opts.timeoutFor(modelInput);
  const backstopMs = attemptMs * SDK_ATTEMPTS + SDK_WAITS_MS;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`timed out after ${backstopMs} ms`));
  }, backstopMs);
  try {
    return { response: await opts.runtime.converse(opts.modelId, modelInput, { signal: controller.signal, attemptTimeoutMs: attemptMs }) };
  } catch (e) {
    return mapCallError(e, timedOut, backstopMs);
  } finally {
    clearTimeout(timer);
  }
}

export async function executeRecords(opts: ExecuteOptions): Promise<ExecuteResult> {
  const result: ExecuteResult = { state: 'done', sent: 0, ok: 0, errors: 0, resend: 0 };
  const limit = pLimit(opts.concurrency);
  const inflight = new Set<Promise<void>>();
  // Records with a line already, and those dispatched now: nothing is sent twice, even if the input repeats an id.
  const answered = opts.output.existing.answered;
  const dispatched = new Set<string>();
  // False once any record is left without a line (stop, fatal error).
  let complete = true;
  // The first exception (an unreadable input line, a write the disk refused): stops dispatching, rethrown at the end.
  let failed: { error: unknown } | undefined;
  const stopped = () => opts.signal?.aborted === true || result.fatal !== undefined || result.quota !== undefined || failed !== undefined;

  const one = async (rec: InputRecord): Promise<void> => {
    // Queued before a stop: drop it, it has no line and a resume sends it.
    if (stopped()) {
      complete = false;
      return;
    }
    result.sent++;
    const got = await call(opts, rec.modelInput);
    if ('kind' in got && got.kind === 'fatal') {
      // Not this record's doing: no line and no attempt counted, so a resume sends it as if it had not been sent.
      if (got.quota) result.quota ??= got.message;
      else result.fatal ??= got.message;
      complete = false;
      return;
    }
    let errorMessage = 'kind' in got ? got.errorMessage : '';
    if ('kind' in got && got.resendable) {
      // Throttling, 5xx or a timeout after the SDK's retries: "not now", not "not this record". Recorded first (the
      // ledger), then left without a line so a later pass or a resume sends it again, up to maxAttempts.
      const n = (opts.attempts.get(rec.recordId) ?? 0) + 1;
      opts.attempts.set(rec.recordId, n);
      opts.onAttempt?.(rec.recordId, n);
      if (n < opts.maxAttempts) {
        result.resend++;
        complete = false;
        return;
      }
      if (n > 1) errorMessage = `${errorMessage} (beval gave up after ${n} attempts, each with the SDK's retries)`;
    }
    const line = 'response' in got
      ? { recordId: rec.recordId, modelInput: rec.modelInput, modelOutput: got.response }
      : { recordId: rec.recordId, modelInput: rec.modelInput, error: { errorCode: got.errorCode, errorMessage } };
    opts.output.append(line);
    // A later pass over the same file skips it.
    answered.add(rec.recordId);
    if ('response' in got) result.ok++;
    else result.errors++;
    opts.onRecord?.({ recordId: rec.recordId, ok: 'response' in got });
  };

  try {
    for await (const rec of opts.records) {
      if (answered.has(rec.recordId) || dispatched.has(rec.recordId)) continue;
      if (stopped()) {
        complete = false;
        break;
      }
      dispatched.add(rec.recordId);
      const p: Promise<void> = limit(() => one(rec))
        .catch((error: unknown) => {
          failed ??= { error };
        })
        .finally(() => inflight.delete(p));
      inflight.add(p);
      // Backpressure: keep reading the input only as fast as requests complete.
      if (inflight.size >= opts.concurrency * 2) await Promise.race(inflight);
    }
  } catch (error) {
    failed ??= { error };
  }
  // Even when giving up: requests already sent are answered (and billed) whatever we do, so their lines are written
  // before this returns or throws, and a resume does not send them again.
  await Promise.all(inflight);
  if (failed) throw failed.error;
  if (!complete) result.state = 'interrupted';
  return result;
}
