// A real SIGINT or SIGTERM (a CI cancel) to the CLI process while it waits: exit 130, the resume hint on stdout, the
// jobs still running.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { ARITH, latestRun, writeProject } from '../run/helpers.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const BIN = fileURLToPath(new URL('../../bin/beval.js', import.meta.url));
let emulator: RunningEmulator;

beforeAll(async () => {
  // Jobs stay queued for seconds: the signal always lands while the CLI waits.
  emulator = await startEmulator({ timing: { stepMs: 2000, recordsPerSecond: 1000 } });
});
afterAll(async () => {
  await emulator.close();
});

it.each(['SIGINT', 'SIGTERM'] as const)('%s while waiting exits 130 and prints the command that resumes', async (signal) => {
  const dir = tempDir('sigint');
  const config = writeProject(dir, 150, { models: [ARITH], target: { kind: 'emulator', endpoint: emulator.endpoint } });
  const child = spawn(process.execPath, [BIN, 'run', '--config', config], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    // The first poll line means the job exists and the CLI is in its wait loop.
    if (/arith shard 0: Submitted/.test(out) && child.exitCode === null && !child.killed) child.kill(signal);
  });
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  expect(code, out + err).toBe(130);
  const { id } = latestRun(dir);
  expect(err).toContain(`Interrupted (${signal}): no new request or job is sent; batch jobs already created keep running`);
  expect(out).toContain(`Resume with:\n  beval run --resume ${id} --config ${config}\n`);
  const jobs = emulator.jobs().filter((j) => j.jobName.includes(id));
  expect(jobs.map((j) => j.status).filter((s) => s === 'Stopping' || s === 'Stopped')).toEqual([]);
});
