// Realtime judge calls (belowMinimum: 'realtime'): Ctrl-C lets calls in flight finish and be recorded, a per-call
// timeout, and a torn last line cut before appending.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { judgeRealtime, type ConversePort } from '../../src/judge/judge-realtime.ts';
import { realtimeFile } from '../../src/judge/judge-files.ts';
import type { PlannedRequest } from '../../src/judge/run-requests.ts';
import { mapCallError } from '../../src/realtime/error-map.ts';

function planned(n: number): PlannedRequest[] {
  return Array.from({ length: n }, (_, i) => {
    const key = String(i).padStart(2, '0').padEnd(64, 'a');
    return {
      request: {
        key, recordId: `rid${String(i).padStart(8, '0')}`, judge: 'judge-rubric', judgeModel: 'm', shape: 'grade' as const,
        modelInput: { messages: [{ role: 'user' as const, content: [{ text: `q${i}` }] }], inferenceConfig: { maxTokens: 10, temperature: 0 } },
      },
      targets: [{ recordIndex: i, suiteRecordId: `r${i}`, modelKey: 'a' }],
    };
  });
}

const answer = (text: string) => ({ output: { message: { role: 'assistant', content: [{ text }] } }, stopReason: 'end_turn', usage: { inputTokens: 3, outputTokens: 2 } });

function lines(dir: string): { recordId: string; modelOutput?: unknown; error?: { errorCode: unknown; errorMessage: string } }[] {
  return fs.readFileSync(realtimeFile(dir), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

describe('judgeRealtime', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beval-judge-rt-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('on Ctrl-C, sends nothing more but lets the calls in flight finish and records them; the user signal never reaches a call', async () => {
    const user = new AbortController();
    const signals: (AbortSignal | undefined)[] = [];
    const release: (() => void)[] = [];
    const runtime: ConversePort = {
      converse: (_model, _input, opts) => {
        signals.push(opts?.signal);
        return new Promise((resolve, reject) => {
          opts?.signal?.addEventListener('abort', () => reject(new Error('aborted')));
          release.push(() => resolve(answer('{"verdict":"pass"}')));
        });
      },
    };
    const done = judgeRealtime({ dir, runtime, judgeModel: 'm', planned: planned(10), signal: user.signal, timeoutMs: 60_000 });
    await vi.waitFor(() => expect(release).toHaveLength(4));
    user.abort();
    for (const r of release) r();
    expect((await done).answered).toBe(4);
    expect(signals).toHaveLength(4);
    expect(signals.every((s) => s !== user.signal && !s?.aborted)).toBe(true);
    const written = lines(dir);
    expect(written).toHaveLength(4);
    expect(written.every((l) => l.modelOutput && !l.error)).toBe(true);
  });

  it('gives up a call after realtime.timeoutMs, even when the port ignores the abort, with an errorCode 408 line', async () => {
    const runtime: ConversePort = { converse: (_m, input) => ((input.messages as { content: { text: string }[] }[])[0]!.content[0]!.text === 'q1' ? new Promise(() => {}) : Promise.resolve(answer('{"verdict":"fail"}'))) };
    // A hung call would hold this await until the test's own timeout.
    expect((await judgeRealtime({ dir, runtime, judgeModel: 'm', planned: planned(3), timeoutMs: 50 })).answered).toBe(3);
    const byId = new Map(lines(dir).map((l) => [l.recordId, l]));
    expect(byId.get('rid00000001')?.error).toMatchObject({ errorCode: 408, errorMessage: expect.stringMatching(/timed out after 50 ms/) });
    expect(byId.get('rid00000000')?.modelOutput).toBeDefined();
    expect(byId.get('rid00000002')?.modelOutput).toBeDefined();
  });

  it('stops at a failure no request escapes (denied access) and writes no line for it; a per-request failure gets its line', async () => {
    const fail = (name: string, status: number) => Object.assign(new Error(`${name} says no`), { name, $metadata: { httpStatusCode: status } });
    let calls = 0;
    const denied: ConversePort = {
      converse: async (_m, input) => {
        calls++;
        const q = (input.messages as { content: { text: string }[] }[])[0]!.content[0]!.text;
        if (q === 'q0') throw fail('ThrottlingException', 429);
        if (q === 'q1') return answer('{"verdict":"pass"}');
        throw fail('AccessDeniedException', 403);
      },
    };
    const result = await judgeRealtime({ dir, runtime: denied, judgeModel: 'm', planned: planned(8), concurrency: 1 });
    expect(result).toEqual({ answered: 2, fatal: expect.stringMatching(/^AccessDeniedException: AccessDeniedException says no/) });
    // Nothing is sent after the stop, and only the throttled and the answered requests count as answered.
    expect(calls).toBe(3);
    expect(lines(dir).map((l) => [l.recordId, l.error?.errorCode ?? 'ok'])).toEqual([['rid00000000', 429], ['rid00000001', 'ok']]);
    // Once access is granted, the same call sends exactly the requests without a line.
    const sent: string[] = [];
    const granted: ConversePort = { converse: async (_m, input) => { sent.push((input.messages as { content: { text: string }[] }[])[0]!.content[0]!.text); return answer('{"verdict":"pass"}'); } };
    const rest = planned(8).filter((p) => !['rid00000000', 'rid00000001'].includes(p.request.recordId));
    expect(await judgeRealtime({ dir, runtime: granted, judgeModel: 'm', planned: rest, concurrency: 1 })).toEqual({ answered: 6 });
    expect(sent).toEqual(['q2', 'q3', 'q4', 'q5', 'q6', 'q7']);
  });

  it.each([
    // The SDK read a 2xx answer it could not parse: the judge ran (and may have billed it), as for models.
    ['an unreadable 2xx answer', Object.assign(new SyntaxError('Unexpected end of JSON input'), { $metadata: { httpStatusCode: 200 } }), 502],
    ['throttling', Object.assign(new Error('Too many requests'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 429 } }), 429],
    ['a validation error', Object.assign(new Error('bad input'), { name: 'ValidationException', $metadata: { httpStatusCode: 400 } }), 400],
    ['another HTTP error', Object.assign(new Error('short and stout'), { name: 'TeapotException', $metadata: { httpStatusCode: 418 } }), 418],
  ])('records %s with the error line realtime generation writes for it', async (_what, e, errorCode) => {
    const runtime: ConversePort = { converse: async () => { throw e; } };
    expect(await judgeRealtime({ dir, runtime, judgeModel: 'm', planned: planned(1) })).toEqual({ answered: 1 });
    const model = mapCallError(e, false, 0);
    expect(model).toMatchObject({ kind: 'record', errorCode });
    expect(lines(dir)).toEqual([{ recordId: 'rid00000000', error: { errorCode, errorMessage: model.kind === 'record' ? model.errorMessage : '' } }]);
  });

  it('keeps at most `concurrency` calls in flight (config realtime.concurrency)', async () => {
    let inFlight = 0;
    let most = 0;
    const runtime: ConversePort = {
      converse: async () => {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        return answer('{"verdict":"pass"}');
      },
    };
    expect((await judgeRealtime({ dir, runtime, judgeModel: 'm', planned: planned(12), concurrency: 2 })).answered).toBe(12);
    expect(most).toBe(2);
    expect((await judgeRealtime({ dir, runtime, judgeModel: 'm', planned: planned(12).map((p, i) => ({ ...p, request: { ...p.request, recordId: `x${i}` } })), concurrency: 6 })).answered).toBe(12);
    expect(most).toBe(6);
  });

  it('cuts a torn last line (a killed append) before appending, so the next answer is a whole line', async () => {
    fs.mkdirSync(path.dirname(realtimeFile(dir)), { recursive: true });
    fs.writeFileSync(realtimeFile(dir), `${JSON.stringify({ recordId: 'old', modelOutput: answer('{"verdict":"pass"}') })}\n{"recordId":"rid000000`);
    const runtime: ConversePort = { converse: async () => answer('{"verdict":"pass"}') };
    expect((await judgeRealtime({ dir, runtime, judgeModel: 'm', planned: planned(1) })).answered).toBe(1);
    expect(lines(dir).map((l) => l.recordId)).toEqual(['old', 'rid00000000']);
  });
});
