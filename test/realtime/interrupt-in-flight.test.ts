// Ctrl-C during a realtime run: it says how many requests are still in flight and what a second Ctrl-C would cost,
// waits for them and writes their lines, so the resume sends each record exactly once.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { ARITH, latestRun, writeProject } from '../run/helpers.ts';
import { converseBody, fakeRuntime, type FakeAnswer, type FakeRuntime } from './fake-runtime.ts';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const N = 20;
const CONCURRENCY = 3;
/** Requests answered at once; the next CONCURRENCY are held until the test has pressed Ctrl-C. */
const ANSWERED = 6;

function lineIds(runDir: string): string[] {
  const file = path.join(runDir, 'outputs', 'arith', 'realtime', 'shard-0.jsonl.out');
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { recordId: string }).recordId);
}

describe('Ctrl-C with realtime requests in flight', () => {
  let rt: FakeRuntime;
  let dir: string;
  afterAll(async () => {
    await rt?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('names the requests in flight and the cost of a second Ctrl-C, then writes their answers', async () => {
    const held: (() => void)[] = [];
    let hold = true;
    rt = await fakeRuntime((): FakeAnswer | Promise<FakeAnswer> => {
      const answer = { status: 200, body: converseBody('Answer: 1') };
      if (!hold || rt.calls.length <= ANSWERED) return answer;
      return new Promise((resolve) => held.push(() => resolve(answer)));
    });
    dir = tempDir('rt-interrupt');
    const config = writeProject(dir, N, { models: [ARITH], mode: 'realtime', realtime: { concurrency: CONCURRENCY }, target: { kind: 'emulator', endpoint: rt.endpoint } });
    const stop = new AbortController();
    // With CONCURRENCY requests held, every slot is taken: exactly that many are in flight when Ctrl-C comes.
    const watch = setInterval(() => {
      if (held.length < CONCURRENCY) return;
      clearInterval(watch);
      stop.abort();
      hold = false;
      for (const release of held) release();
    }, 2);
    const io = captureIo(dir, { signal: stop.signal });
    const code = await main(['run', '--skip-preflight', '--config', config], io);
    clearInterval(watch);
    expect(code, io.out() + io.err()).toBe(130);
    expect(io.err()).toContain(`waiting for the ${CONCURRENCY} request(s) in flight`);
    expect(io.err()).toMatch(/Ctrl-C again exits at once.*sends those 3 again/);
    // The last progress line says the stage stopped, not that it is done.
    expect(io.out()).toMatch(/realtime: 9\/20 \(45%\).*stopped\n/);

    const { id, runDir } = latestRun(dir);
    expect(lineIds(runDir)).toHaveLength(ANSWERED + CONCURRENCY);
    expect(rt.calls).toHaveLength(ANSWERED + CONCURRENCY);
    const again = captureIo(dir);
    expect(await main(['run', '--resume', id, '--config', config], again), again.out() + again.err()).toBe(0);
    expect(rt.calls).toHaveLength(N);
    expect(new Set(rt.calls).size).toBe(N);
    expect(new Set(lineIds(runDir)).size).toBe(N);
  });
});
