// Realtime judge calls (belowMinimum: 'realtime'): Ctrl-C lets calls in flight finish and be recorded, a per-call
// timeout, and a torn last line cut before appending.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { judgeRealtime, type ConversePort } from '../../src/judge/judge-realtime.ts';
import { realtimeFile } from '../../src/judge/judge-files.ts';
import type { PlannedRequest } from '../../src/judge/run-requests.ts';

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
    expect(await done).toBe(4);
    expect(signals).toHaveLength(4);
    expect(signals.every((s) => s !== user.signal && !s?.aborted)).toBe(true);
    const written = lines(dir);
    expect(written).toHaveLength(4);
    expect(written.every((l) => l.modelOutput && !l.error)).toBe(true);
  });

  it('gives up a call after realtime.timeoutMs, even when the port ignores the abort, with an errorCode 408 line', async () => {
    const runtime: ConversePort = { converse: (_m, input) => ((input.messages as { content: { text: string }[] }[])[0]!.content[0]!.text === 'q1' ? new Promise(() => {}) : Promise.resolve(answer('{"verdict":"fail"}'))) };
    // A hung call would hold this await until the test's own timeout.
    expect(await judgeRealtime({ dir, runtime, judgeModel: 'm', planned: planned(3), timeoutMs: 50 })).toBe(3);
    const byId = new Map(lines(dir).map((l) => [l.recordId, l]));
    expect(byId.get('rid00000001')?.error).toMatchObject({ errorCode: 408, errorMessage: expect.stringMatching(/timed out after 50 ms/) });
    expect(byId.get('rid00000000')?.modelOutput).toBeDefined();
    expect(byId.get('rid00000002')?.modelOutput).toBeDefined();
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
    expect(await judgeRealtime({ dir, runtime, judgeModel: 'm', planned: planned(12), concurrency: 2 })).toBe(12);
    expect(most).toBe(2);
    expect(await judgeRealtime({ dir, runtime, judgeModel: 'm', planned: planned(12).map((p, i) => ({ ...p, request: { ...p.request, recordId: `x${i}` } })), concurrency: 6 })).toBe(12);
    expect(most).toBe(6);
  });

  it('cuts a torn last line (a killed append) before appending, so the next answer is a whole line', async () => {
    fs.mkdirSync(path.dirname(realtimeFile(dir)), { recursive: true });
    fs.writeFileSync(realtimeFile(dir), `${JSON.stringify({ recordId: 'old', modelOutput: answer('{"verdict":"pass"}') })}\n{"recordId":"rid000000`);
    const runtime: ConversePort = { converse: async () => answer('{"verdict":"pass"}') };
    expect(await judgeRealtime({ dir, runtime, judgeModel: 'm', planned: planned(1) })).toBe(1);
    expect(lines(dir).map((l) => l.recordId)).toEqual(['old', 'rid00000000']);
  });
});
