// Below the batch minimum with `belowMinimum: 'realtime'`: sends judge requests through runtime Converse, one by one.
import fs from 'node:fs';
import path from 'node:path';
import pLimit from 'p-limit';
import type { PlannedRequest } from './run-requests.ts';
import { readMap, realtimeFile, realtimeMapFile, writeMap } from './judge-files.ts';
import { readOutputState } from '../realtime/output-file.ts';
import { mapCallError } from '../realtime/error-map.ts';

/** The one method of the runtime port this stage needs (src/types/ports.ts RuntimePort satisfies it). */
export interface ConversePort {
  converse(modelId: string, modelInput: Record<string, unknown>, opts?: { signal?: AbortSignal }): Promise<Record<string, unknown>>;
}

/** Requests in flight when the caller gives no `concurrency`. */
const DEFAULT_CONCURRENCY = 4;

class Timeout extends Error {}

/**
 * One Converse call under its own timeout (the run's `realtime.timeoutMs`): the call is aborted, and given up even
 * if the port ignores the abort, so one hung request cannot hold the stage. Never gets the user's signal: a request
 * already sent finishes and is recorded (as realtime generation does), so it is never paid for twice.
 */
async function call(runtime: ConversePort, modelId: string, modelInput: Record<string, unknown>, timeoutMs: number | undefined): Promise<Record<string, unknown>> {
  if (!timeoutMs) return runtime.converse(modelId, modelInput, {});
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const e = new Timeout(`Request timed out after ${timeoutMs} ms (beval realtime timeout).`);
      controller.abort(e);
      reject(e);
    }, timeoutMs);
  });
  try {
    return await Promise.race([runtime.converse(modelId, modelInput, { signal: controller.signal }), expired]);
  } catch (e) {
    throw controller.signal.aborted ? controller.signal.reason : e;
  } finally {
    clearTimeout(timer);
  }
}

export interface JudgeRealtimeOptions {
  dir: string;
  runtime: ConversePort;
  judgeModel: string;
  planned: PlannedRequest[];
  /** Ctrl-C: stops sending; requests in flight finish and get their line. */
  signal?: AbortSignal;
  /** Per request (config `realtime.timeoutMs`); a request over it gets an `errorCode: 408` line. */
  timeoutMs?: number;
  /** Requests in flight at once (config `realtime.concurrency`, shared with realtime generation). @default 4 */
  concurrency?: number;
}

/** How the realtime judge calls went: requests that got a line, and the failure that stopped the rest, if any. */
export interface JudgeRealtimeResult {
  answered: number;
  /**
   * Set when a failure no request escapes (credentials, permissions, network; see realtime/error-map.ts) stopped the
   * calls. That request and the ones not yet sent get no line, so a resume sends them once the cause is fixed; written
   * as error lines they would count as answered, and their judge scores would stay unscored for good.
   */
  fatal?: string;
}

/**
 * Sends each request and appends its answer to judge/realtime.jsonl.out in the batch output line shape, so the
 * verdicts are read exactly like batch ones. The map is written before any call, so every answer maps back; a torn
 * last line (a killed append) is cut first, so the next line starts on its own. Fewer than planned get a line only
 * when the signal fired or a fatal failure stopped the calls: the rest are sent by a resume.
 */
export async function judgeRealtime(opts: JudgeRealtimeOptions): Promise<JudgeRealtimeResult> {
  const mapPath = realtimeMapFile(opts.dir);
  const rows = readMap(mapPath);
  const known = new Set(rows.map((r) => r.recordId));
  for (const p of opts.planned) {
    if (known.has(p.request.recordId)) continue;
    const r = p.request;
    rows.push({ recordId: r.recordId, key: r.key, judge: r.judge, judgeModel: r.judgeModel, shape: r.shape, targets: p.targets });
  }
  writeMap(mapPath, rows);
  const out = realtimeFile(opts.dir);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await readOutputState(out);
  const limit = pLimit(opts.concurrency ?? DEFAULT_CONCURRENCY);
  const result: JudgeRealtimeResult = { answered: 0 };
  await Promise.all(opts.planned.map((p) => limit(async () => {
    if (opts.signal?.aborted || result.fatal !== undefined) return;
    let line: string;
    try {
      const modelOutput = await call(opts.runtime, opts.judgeModel, p.request.modelInput, opts.timeoutMs);
      line = JSON.stringify({ recordId: p.request.recordId, modelOutput });
    } catch (e) {
      // The same mapping as realtime generation (codes, an unreadable 2xx answer as 502, redaction), so a judge's error
      // line reads like a model's; our own timeout is the 408 line it gives a timed-out call.
      const failure = mapCallError(e, e instanceof Timeout, opts.timeoutMs ?? 0);
      if (failure.kind === 'fatal') {
        result.fatal ??= failure.message;
        return;
      }
      line = JSON.stringify({ recordId: p.request.recordId, error: { errorCode: failure.errorCode, errorMessage: failure.errorMessage } });
    }
    fs.appendFileSync(out, `${line}\n`);
    result.answered++;
  })));
  return result;
}
