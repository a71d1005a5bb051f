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
  /** Per request, SDK retries included; a request over it becomes an `errorCode: 408` line. */
  timeoutMs: number;
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
}

/** Calls Converse once, with the timeout; returns the response or how it failed. */
async function call(opts: ExecuteOptions, modelInput: Record<string, unknown>): Promise<{ response: Record<string, unknown> } | CallFailure> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`timed out after ${opts.timeoutMs} ms`));
  }, opts.timeoutMs);
  try {
    return { response: await opts.runtime.converse(opts.modelId, modelInput, { signal: controller.signal }) };
  } catch (e) {
    return mapCallError(e, timedOut, opts.timeoutMs);
  } finally {
    clearTimeout(timer);
  }
}

export async function executeRecords(opts: ExecuteOptions): Promise<ExecuteResult> {
  const result: ExecuteResult = { state: 'done', sent: 0, ok: 0, errors: 0 };
  const limit = pLimit(opts.concurrency);
  const inflight = new Set<Promise<void>>();
  // Records with a line already, and those dispatched now: nothing is sent twice, even if the input repeats an id.
  const answered = opts.output.existing.answered;
  const dispatched = new Set<string>();
  // False once any record is left without a line (stop, fatal error).
  let complete = true;
  // The first exception (an unreadable input line, a write the disk refused): stops dispatching, rethrown at the end.
  let failed: { error: unknown } | undefined;
  const stopped = () => opts.signal?.aborted === true || result.fatal !== undefined || failed !== undefined;

  const one = async (rec: InputRecord): Promise<void> => {
    // Queued before a stop: drop it, it has no line and a resume sends it.
    if (stopped()) {
      complete = false;
      return;
    }
    result.sent++;
    const got = await call(opts, rec.modelInput);
    if ('kind' in got && got.kind === 'fatal') {
      result.fatal ??= got.message;
      complete = false;
      return;
    }
    const line = 'response' in got
      ? { recordId: rec.recordId, modelInput: rec.modelInput, modelOutput: got.response }
      : { recordId: rec.recordId, modelInput: rec.modelInput, error: { errorCode: got.errorCode, errorMessage: got.errorMessage } };
    opts.output.append(line);
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
