// A resume keeps each model's planned mode, whatever the config or the command line say now: switching a
// half-answered realtime model to batch (or a batch model to realtime) would send its records a second time.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { allShards } from '../../src/run/ledger.ts';
import { ARITH, FAST_TIMING, VERBOSE, latestRun, readResults, writeProject } from '../run/helpers.ts';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const N = 40;

function lineCount(runDir: string, key: string): number {
  const file = path.join(runDir, 'outputs', key, 'realtime', 'shard-0.jsonl.out');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
}

describe('resuming an auto run under a changed mode', () => {
  let emu: RunningEmulator;
  let dir: string;
  afterAll(async () => {
    await emu?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the realtime models realtime: no batch job, only the records without a line sent, and says so', async () => {
    emu = await startEmulator({ timing: FAST_TIMING, minRecordsPerJob: 1, faults: [{ kind: 'slow', latencyMs: 15 }] });
    dir = tempDir('rt-resume-mode');
    const target = { kind: 'emulator', endpoint: emu.endpoint };
    // 40 records under the default minimum of 100: auto sends both models realtime.
    const config = writeProject(dir, N, { models: [ARITH, VERBOSE], mode: 'auto', realtime: { concurrency: 2 }, target });
    const stop = new AbortController();
    const watch = setInterval(() => {
      const runs = fs.existsSync(path.join(dir, 'reports')) ? fs.readdirSync(path.join(dir, 'reports')) : [];
      if (runs[0] && lineCount(path.join(dir, 'reports', runs[0]), 'arith') >= 8) stop.abort();
    }, 2);
    const first = captureIo(dir, { signal: stop.signal });
    expect(await main(['run', '--config', config], first), first.out() + first.err()).toBe(130);
    clearInterval(watch);
    const { id, runDir } = latestRun(dir);
    const before = { arith: lineCount(runDir, 'arith'), verbose: lineCount(runDir, 'verbose') };
    expect(before.arith).toBeLessThan(N);

    // The config now says batch, with a minimum the suite meets, and the command line asks for batch too.
    writeProject(dir, N, { models: [ARITH, VERBOSE], mode: 'batch', quotas: { minRecordsPerJob: 1 }, realtime: { concurrency: 2 }, target: { ...target, minRecordsPerJob: 1 } });
    const second = captureIo(dir);
    expect(await main(['run', '--resume', id, '--mode', 'batch', '--config', config], second), second.out() + second.err()).toBe(0);
    expect(second.err()).toMatch(/--mode applies to new runs; run \S+ keeps the modes it was planned with \(arith: realtime, verbose: realtime\)/);
    expect(emu.counters().createCalls).toBe(0);
    expect(emu.counters().converseCalls).toEqual({ [ARITH.id]: N, [VERBOSE.id]: N });
    expect(second.out()).toContain(`${N - before.arith} of ${N} records to send`);
    expect(allShards(latestRun(dir).ledger).map(({ shard }) => [shard.mode, shard.status])).toEqual([['realtime', 'Completed'], ['realtime', 'Completed']]);
    // Priced as it ran: on-demand, for exactly the realtime models.
    expect(readResults(runDir).summary.models.map((m) => m.mode)).toEqual(['realtime', 'realtime']);
  });
});

describe('the estimate printed by run', () => {
  let emu: RunningEmulator;
  let dir: string;
  afterAll(async () => {
    await emu?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['auto', 40, /every model realtime through the Converse API, at the ON-DEMAND prices \(mode auto: 40 records under the batch minimum of 100\)/],
    ['auto', 100, /every model as batch jobs, at the BATCH prices \(mode auto: 100 records meet the batch minimum of 100\)/],
    ['realtime', 100, /every model realtime through the Converse API, at the ON-DEMAND prices\./],
  ])('mode %s with %i records says which price the run pays', async (mode, records, says) => {
    emu ??= await startEmulator({ timing: FAST_TIMING });
    dir ??= tempDir('rt-estimate');
    const config = writeProject(dir, records, { models: [ARITH], mode, realtime: { concurrency: 8 }, target: { kind: 'emulator', endpoint: emu.endpoint } });
    const io = captureIo(dir);
    expect(await main(['run', '--config', config], io), io.out() + io.err()).toBe(0);
    // A footnote, wrapped under 100 characters at spaces (src/cli/footnote.ts).
    expect(io.out().replace(/\n/g, ' ')).toMatch(says);
    const { summary } = readResults(latestRun(dir).runDir);
    expect(summary.models[0]!.mode).toBe(records < 100 || mode === 'realtime' ? 'realtime' : 'batch');
  });
});
