// Below the batch minimum with `belowMinimum: 'realtime'`: sends judge requests through runtime Converse, one by one.
import fs from 'node:fs';
import path from 'node:path';
import pLimit from 'p-limit';
import type { PlannedRequest } from './run-requests.ts';
import { readMap, realtimeFile, realtimeMapFile, writeMap } from './judge-files.ts';

/** The one method of the runtime port this stage needs (src/pipeline/ports.ts RuntimePort satisfies it). */
export interface ConversePort {
  converse(modelId: string, modelInput: Record<string, unknown>, opts?: { signal?: AbortSignal }): Promise<Record<string, unknown>>;
}

const CONCURRENCY = 4;

function errorLine(recordId: string, e: unknown): string {
  const err = e as { name?: unknown; $metadata?: { httpStatusCode?: unknown } };
  const code = typeof err.$metadata?.httpStatusCode === 'number' ? err.$metadata.httpStatusCode : typeof err.name === 'string' ? err.name : 'error';
  return JSON.stringify({ recordId, error: { errorCode: code, errorMessage: e instanceof Error ? e.message : String(e) } });
}

/**
 * Sends each request and appends its answer to judge/realtime.jsonl.out in the batch output line shape, so the
 * verdicts are read exactly like batch ones. The map is written before any call, so every answer maps back.
 */
export async function judgeRealtime(opts: { dir: string; runtime: ConversePort; judgeModel: string; planned: PlannedRequest[]; signal?: AbortSignal }): Promise<void> {
  const mapPath = realtimeMapFile(opts.dir);
  const rows = readMap(mapPath);
  const known = new Set(rows.map((r) => r.recordId));
  for (const p of opts.planned) {
    if (known.has(p.request.recordId)) continue;
    const r = p.request;
    rows.push({ recordId: r.recordId, key: r.key, judge: r.judge, judgeModel: r.judgeModel, shape: r.shape, targets: p.targets });
  }
  writeMap(mapPath, rows);
  fs.mkdirSync(path.dirname(realtimeFile(opts.dir)), { recursive: true });
  const limit = pLimit(CONCURRENCY);
  await Promise.all(opts.planned.map((p) => limit(async () => {
    if (opts.signal?.aborted) return;
    let line: string;
    try {
      const modelOutput = await opts.runtime.converse(opts.judgeModel, p.request.modelInput, opts.signal ? { signal: opts.signal } : {});
      line = JSON.stringify({ recordId: p.request.recordId, modelOutput });
    } catch (e) {
      line = errorLine(p.request.recordId, e);
    }
    fs.appendFileSync(realtimeFile(opts.dir), `${line}\n`);
  })));
}
