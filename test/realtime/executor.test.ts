// The executor against an in-memory RuntimePort: concurrency bound, resume skips, timeouts, stops and fatal errors.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { executeRecords, type InputRecord } from '../../src/realtime/executor.ts';
import { openOutputFile, type OutputFile } from '../../src/realtime/output-file.ts';
import type { RuntimePort } from '../../src/types/ports.ts';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beval-rt-exec-'));
  file = path.join(dir, 'out.jsonl.out');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function* records(n: number): AsyncGenerator<InputRecord> {
  for (let i = 0; i < n; i++) yield { recordId: `r${i}`, modelInput: { messages: [{ role: 'user', content: [{ text: `q${i}` }] }] } };
}

const response = (text: string) => ({ output: { message: { role: 'assistant', content: [{ text }] } }, stopReason: 'end_turn', usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 }, metrics: { latencyMs: 5 } });

/** A port that answers on the next tick (or as `behave` says) and records concurrency and calls. */
function fakePort(behave: (prompt: string, signal?: AbortSignal, attemptTimeoutMs?: number) => Promise<Record<string, unknown>> = async (p) => response(`a-${p}`)) {
  let active = 0;
  const stats = { calls: [] as string[], maxActive: 0 };
  const port: RuntimePort = {
    async converse(_modelId, modelInput, opts) {
      const prompt = ((modelInput.messages as { content: { text: string }[] }[])[0]!.content[0]!.text);
      stats.calls.push(prompt);
      active++;
      stats.maxActive = Math.max(stats.maxActive, active);
      try {
        await new Promise((r) => setImmediate(r));
        return await behave(prompt, opts?.signal, opts?.attemptTimeoutMs);
      } finally {
        active--;
      }
    },
  };
  return { port, stats };
}

function lines(): { recordId: string; modelInput?: unknown; modelOutput?: unknown; error?: { errorCode: number; errorMessage: string } }[] {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
}

async function run(out: OutputFile, port: RuntimePort, extra: { n?: number; concurrency?: number; timeoutMs?: number; signal?: AbortSignal; onRecord?: () => void; maxAttempts?: number; attempts?: Map<string, number>; onAttempt?: (id: string, n: number) => void } = {}) {
  try {
    return await executeRecords({
      modelId: 'm', records: records(extra.n ?? 20), output: out, runtime: port, concurrency: extra.concurrency ?? 3, timeoutFor: () => extra.timeoutMs ?? 10_000,
      maxAttempts: extra.maxAttempts ?? 1, attempts: extra.attempts ?? new Map(), ...(extra.onAttempt ? { onAttempt: extra.onAttempt } : {}),
      ...(extra.signal ? { signal: extra.signal } : {}), ...(extra.onRecord ? { onRecord: extra.onRecord } : {}),
    });
  } finally {
    out.close();
  }
}

describe('executeRecords', () => {
  it.each([1, 3, 8])('never has more than %i requests in flight and writes one batch-shaped line per record', async (concurrency) => {
    const { port, stats } = fakePort();
    const result = await run(await openOutputFile(file), port, { concurrency });
    expect(result).toEqual({ state: 'done', sent: 20, ok: 20, errors: 0, resend: 0 });
    expect(stats.maxActive).toBeLessThanOrEqual(concurrency);
    expect(stats.maxActive).toBe(Math.min(concurrency, 20));
    const out = lines();
    expect(out.map((l) => l.recordId).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `r${i}`).sort());
    const r3 = out.find((l) => l.recordId === 'r3')!;
    expect(r3).toEqual({ recordId: 'r3', modelInput: { messages: [{ role: 'user', content: [{ text: 'q3' }] }] }, modelOutput: response('a-q3') });
  });

  it('a resume sends only records without a line', async () => {
    const first = fakePort();
    await run(await openOutputFile(file), first.port, { n: 5 });
    const second = fakePort();
    const result = await run(await openOutputFile(file), second.port, { n: 12 });
    expect(second.stats.calls.sort()).toEqual(['q10', 'q11', 'q5', 'q6', 'q7', 'q8', 'q9']);
    expect(result.sent).toBe(7);
    expect(lines()).toHaveLength(12);
  });

  it('maps failures to error lines at the last attempt: a throttle after retries is 429, a hung request is a 408 timeout', async () => {
    const { port } = fakePort(async (p, _signal, attemptTimeoutMs) => {
      if (p === 'q1') throw Object.assign(new Error('Too many requests'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 429 } });
      if (p === 'q2') {
        // Never answers: only the per-attempt timeout ends it, as the SDK's requestTimeout does.
        return new Promise((_, reject) => setTimeout(() => reject(Object.assign(new Error(`Stream timed out because of no activity for ${attemptTimeoutMs} ms`), { name: 'TimeoutError' })), attemptTimeoutMs));
      }
      return response('fine');
    });
    const result = await run(await openOutputFile(file), port, { n: 4, timeoutMs: 50 });
    expect(result).toMatchObject({ state: 'done', ok: 2, errors: 2 });
    const byId = new Map(lines().map((l) => [l.recordId, l]));
    expect(byId.get('r1')!.error).toEqual({ errorCode: 429, errorMessage: 'Too many requests' });
    expect(byId.get('r2')!.error?.errorCode).toBe(408);
    expect(byId.get('r2')!.modelOutput).toBeUndefined();
  });

  it('on a stop signal, requests in flight finish and are written; nothing else is sent', async () => {
    const stop = new AbortController();
    let done = 0;
    const { port, stats } = fakePort();
    const result = await run(await openOutputFile(file), port, { n: 50, concurrency: 2, signal: stop.signal, onRecord: () => { if (++done === 6) stop.abort(); } });
    expect(result.state).toBe('interrupted');
    // Every request sent has its line: a resume will not send any of them again.
    expect(lines()).toHaveLength(stats.calls.length);
    expect(result.sent).toBe(stats.calls.length);
    expect(stats.calls.length).toBeLessThan(50);
    const resume = fakePort();
    await run(await openOutputFile(file), resume.port, { n: 50 });
    expect(stats.calls.length + resume.stats.calls.length).toBe(50);
    expect(new Set(lines().map((l) => l.recordId)).size).toBe(50);
  });

  it('a fatal error stops the model without writing a line for that record', async () => {
    const { port, stats } = fakePort(async (p) => {
      if (p === 'q4') throw Object.assign(new Error('not allowed'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
      return response('fine');
    });
    const result = await run(await openOutputFile(file), port, { n: 40, concurrency: 2 });
    expect(result.state).toBe('interrupted');
    expect(result.fatal).toContain('AccessDeniedException');
    expect(lines().some((l) => l.recordId === 'r4')).toBe(false);
    expect(lines()).toHaveLength(stats.calls.length - 1);
    expect(stats.calls.length).toBeLessThan(40);
  });

  it('a throttle, 5xx or timeout after the SDK retries writes no line and records the attempt; the next pass sends it again', async () => {
    let calls = 0;
    const { port, stats } = fakePort(async (p) => {
      if (p === 'q1' && calls++ === 0) throw Object.assign(new Error('Too many requests'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 429 } });
      if (p === 'q2') throw Object.assign(new Error('unavailable'), { name: 'ServiceUnavailableException', $metadata: { httpStatusCode: 503 } });
      return response('fine');
    });
    const attempts = new Map<string, number>();
    const seen: string[] = [];
    const first = await run(await openOutputFile(file), port, { n: 4, maxAttempts: 2, attempts, onAttempt: (id, n) => seen.push(`${id}:${n}`) });
    expect(first).toMatchObject({ state: 'interrupted', ok: 2, errors: 0, resend: 2 });
    expect(lines().map((l) => l.recordId).sort()).toEqual(['r0', 'r3']);
    expect(seen.sort()).toEqual(['r1:1', 'r2:1']);
    // Second pass: r1 answers; r2 reaches maxAttempts and its 503 becomes the record's error line.
    const second = await run(await openOutputFile(file), port, { n: 4, maxAttempts: 2, attempts });
    expect(second).toMatchObject({ state: 'done', ok: 1, errors: 1, resend: 0 });
    const byId = new Map(lines().map((l) => [l.recordId, l]));
    expect(byId.get('r1')!.modelOutput).toBeDefined();
    expect(byId.get('r2')!.error).toEqual({ errorCode: 503, errorMessage: "unavailable (beval gave up after 2 attempts, each with the SDK's retries)" });
    expect(stats.calls.filter((c) => c === 'q0')).toHaveLength(1);
  });

  it('the per-day quota stops the model with no line and no attempt counted', async () => {
    const { port } = fakePort(async (p) => {
      if (p === 'q3') throw Object.assign(new Error('Too many tokens per day, please wait before trying again.'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 429 } });
      return response('fine');
    });
    const attempts = new Map<string, number>();
    const result = await run(await openOutputFile(file), port, { n: 30, concurrency: 1, maxAttempts: 3, attempts });
    expect(result.state).toBe('interrupted');
    expect(result.quota).toContain('Too many tokens per day');
    expect(result.fatal).toBeUndefined();
    expect(attempts.size).toBe(0);
    expect(lines().map((l) => l.recordId)).toEqual(['r0', 'r1', 'r2']);
  });

  it('sends a repeated recordId once', async () => {
    const { port, stats } = fakePort();
    async function* dup(): AsyncGenerator<InputRecord> {
      yield* records(3);
      yield* records(3);
    }
    const out = await openOutputFile(file);
    await executeRecords({ modelId: 'm', records: dup(), output: out, runtime: port, concurrency: 2, timeoutFor: () => 1000, maxAttempts: 1, attempts: new Map() });
    out.close();
    expect(stats.calls).toHaveLength(3);
  });
});
