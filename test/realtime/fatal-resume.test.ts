// Bedrock becomes unreachable part-way: the run stops (exit 1) without writing a line for the records it could not
// send, and once Bedrock is back a resume sends exactly those, so none is lost and none is sent twice.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { allShards } from '../../src/run/ledger.ts';
import { ARITH, FAST_TIMING, latestRun, readResults, writeProject } from '../run/helpers.ts';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const N = 40;

function lineIds(runDir: string): string[] {
  const file = path.join(runDir, 'outputs', 'arith', 'realtime', 'shard-0.jsonl.out');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { recordId: string }).recordId) : [];
}

describe('a network failure in the middle of a realtime run', () => {
  const emus: RunningEmulator[] = [];
  let dir: string;
  afterAll(async () => {
    for (const e of emus) await e.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stops with exit 1 and no line for unsent records; a resume against the restored endpoint sends only those', async () => {
    const first = await startEmulator({ timing: FAST_TIMING, faults: [{ kind: 'slow', latencyMs: 10 }] });
    emus.push(first);
    dir = tempDir('rt-fatal');
    const config = writeProject(dir, N, { models: [ARITH], mode: 'realtime', realtime: { concurrency: 2 }, target: { kind: 'emulator', endpoint: first.endpoint } });
    let closing: Promise<void> | undefined;
    const watch = setInterval(() => {
      const runs = fs.existsSync(path.join(dir, 'reports')) ? fs.readdirSync(path.join(dir, 'reports')) : [];
      if (!closing && runs[0] && lineIds(path.join(dir, 'reports', runs[0])).length >= 10) closing = first.close();
    }, 2);
    const io = captureIo(dir);
    const code = await main(['run', '--config', config], io);
    clearInterval(watch);
    await closing;
    expect(code, io.out() + io.err()).toBe(1);
    expect(io.err()).toMatch(/Realtime requests stopped: arith: .*ECONNREFUSED/);
    const { id, runDir, ledger } = latestRun(dir);
    const before = lineIds(runDir);
    expect(before.length).toBeLessThan(N);
    expect(allShards(ledger)[0]!.shard).toMatchObject({ status: 'InProgress', counts: { processed: before.length } });
    // Every line is an answer: the requests that failed for want of a connection got none.
    expect(fs.readFileSync(path.join(runDir, 'outputs', 'arith', 'realtime', 'shard-0.jsonl.out'), 'utf8')).not.toContain('"error"');

    const second = await startEmulator({ timing: FAST_TIMING, port: first.port });
    emus.push(second);
    const again = captureIo(dir);
    expect(await main(['run', '--resume', id, '--config', config], again), again.out() + again.err()).toBe(0);
    expect(second.counters().converseCalls[ARITH.id]).toBe(N - before.length);
    const after = lineIds(runDir);
    expect(after).toHaveLength(N);
    expect(new Set(after).size).toBe(N);
    expect(readResults(runDir).summary.perModel[0]).toMatchObject({ ok: N, errors: 0, missing: 0, notRun: 0 });
    // The reason it stopped belongs to the stop, not to the shard that has since completed.
    expect(allShards(latestRun(dir).ledger)[0]!.shard.message).toBeUndefined();
  });
});
