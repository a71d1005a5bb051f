// Ctrl-C while waiting: `beval run` returns 130, prints the exact resume command, leaves the jobs running; resume completes.
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { main } from '../../src/cli/main.ts';
import { EXIT } from '../../src/cli/io.ts';
import { ARITH, FLAKY, latestRun, readResults, writeProject } from './helpers.ts';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const N = 200;
let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** Runs `beval run` and aborts its signal (the first Ctrl-C) as soon as a job is reported InProgress. */
async function runUntilInProgress(dir: string, config: string) {
  const controller = new AbortController();
  const io = captureIo(dir, { signal: controller.signal, onLine: (l) => { if (/: InProgress/.test(l)) controller.abort(); } });
  const code = await main(['run', '--config', config], io);
  return { code, out: io.out(), err: io.err() };
}

describe('Ctrl-C while waiting', () => {
  it('returns 130 with the resume command; the jobs keep running; resuming completes without new jobs', async () => {
    // Slow processing: a job stays InProgress for about two seconds, far longer than one polling interval.
    emulator = await startEmulator({ timing: { stepMs: 20, recordsPerSecond: 100 } });
    const dir = tempDir('interrupt');
    const config = writeProject(dir, N, { models: [ARITH, FLAKY], target: { kind: 'emulator', endpoint: emulator.endpoint } });
    const first = await runUntilInProgress(dir, config);
    expect(first.code).toBe(EXIT.interrupted);
    const { id } = latestRun(dir);
    expect(first.out).toContain(`Stopped waiting. The jobs keep running on beval emulator at ${emulator.endpoint}.\nResume with:\n  beval run --resume ${id} --config ${config}\n`);
    const jobs = emulator.jobs().filter((j) => j.jobName.includes(id));
    expect(jobs).toHaveLength(2);
    expect(jobs.some((j) => j.status === 'Stopping' || j.status === 'Stopped')).toBe(false);

    const io = captureIo(dir);
    expect(await main(['run', '--resume', id, '--config', config], io)).toBe(0);
    expect(emulator.counters().jobsCreated).toBe(2);
    const { summary } = readResults(latestRun(dir).runDir);
    for (const m of summary.perModel) expect({ all: m.ok + m.errors, missing: m.missing, notRun: m.notRun }).toEqual({ all: N, missing: 0, notRun: 0 });
  });

  it('on the in-process emulator, resuming runs the lost jobs again and completes', async () => {
    const dir = tempDir('interrupt-inproc');
    const config = writeProject(dir, N, { models: [ARITH], target: { kind: 'emulator', timing: { stepMs: 20, recordsPerSecond: 100 } } });
    const first = await runUntilInProgress(dir, config);
    expect(first.code).toBe(EXIT.interrupted);
    // Its jobs end with the process: the message must not claim they keep running.
    expect(first.out).toContain('Stopped waiting. The in-process emulator stops with this command, so resuming runs its unfinished jobs again');
    expect(first.out).not.toContain('keep running');
    const { id } = latestRun(dir);
    const io = captureIo(dir);
    expect(await main(['run', '--resume', id, '--config', config], io)).toBe(0);
    expect(io.err()).toContain('the in-process emulator started empty, so 1 job(s) of this run run again');
    const { summary } = readResults(latestRun(dir).runDir);
    expect(summary.perModel[0]).toMatchObject({ ok: N, missing: 0, notRun: 0 });
  });
});
