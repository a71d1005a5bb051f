// Through the real SDK client: at most realtime.concurrency requests in flight per model (models side by side), lines
// written in completion order, and every answer joined to its record by recordId, never by position.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { ARITH, VERBOSE, latestRun, readResults, writeProject } from '../run/helpers.ts';
import { converseBody, fakeRuntime, type FakeRuntime } from './fake-runtime.ts';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const N = 30;
const CONCURRENCY = 3;

describe('realtime concurrency and order', () => {
  let rt: FakeRuntime;
  let dir: string;
  let runDir: string;
  let inputOrder: string[];
  const active = new Map<string, { now: number; max: number }>();

  beforeAll(async () => {
    // Correct answers that arrive out of order: later records of a group of five are answered first.
    rt = await fakeRuntime(async (prompt, modelId) => {
      const [, a, b] = /What is (\d+) \* (\d+)\?/.exec(prompt)!;
      const model = active.get(modelId) ?? { now: 0, max: 0 };
      active.set(modelId, model);
      model.max = Math.max(model.max, ++model.now);
      await new Promise((r) => setTimeout(r, 10 * (5 - (Number(a) % 5))));
      model.now--;
      return { status: 200, body: converseBody(`Answer: ${Number(a) * Number(b)}`) };
    });
    dir = tempDir('rt-order');
    const config = writeProject(dir, N, { models: [ARITH, VERBOSE], mode: 'realtime', realtime: { concurrency: CONCURRENCY }, target: { kind: 'emulator', endpoint: rt.endpoint } });
    const io = captureIo(dir);
    expect(await main(['run', '--skip-preflight', '--config', config], io), io.out() + io.err()).toBe(0);
    runDir = latestRun(dir).runDir;
    inputOrder = fs.readFileSync(path.join(runDir, 'inputs', 'arith', 'shard-0', 'part-0.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { recordId: string }).recordId);
  });
  afterAll(async () => {
    await rt.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('never has more than concurrency requests in flight per model', () => {
    expect(rt.calls).toHaveLength(2 * N);
    expect([...active.keys()].sort()).toEqual([ARITH.id, VERBOSE.id]);
    for (const { max } of active.values()) {
      expect(max).toBeLessThanOrEqual(CONCURRENCY);
      expect(max).toBeGreaterThan(1);
    }
  });

  it('writes lines as answers arrive and joins them by recordId: every answer scores as its own record\'s', () => {
    const written = fs.readFileSync(path.join(runDir, 'outputs', 'arith', 'realtime', 'shard-0.jsonl.out'), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { recordId: string }).recordId);
    expect([...written].sort()).toEqual([...inputOrder].sort());
    expect(written).not.toEqual(inputOrder);
    const { summary } = readResults(runDir);
    for (const pm of summary.perModel) {
      expect(pm).toMatchObject({ ok: N, errors: 0, missing: 0, notRun: 0 });
      expect(pm.metrics.find((m) => m.metric === 'numeric')?.mean).toBe(1);
    }
  });
});
