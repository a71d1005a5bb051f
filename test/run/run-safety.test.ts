// One process per run, refused creates, and a cancel that fails half-way: against the emulator through the CLI.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator, type FaultSpec } from '../../src/emulator/index.ts';
import { main } from '../../src/cli/main.ts';
import { EXIT } from '../../src/cli/io.ts';
import { readLedger } from '../../src/run/ledger.ts';
import { LOCK_FILE } from '../../src/run/run-lock.ts';
import { ARITH, FAST_TIMING, FLAKY, latestRun, readResults, writeProject } from './helpers.ts';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const N = 120;
const NOSUCH = { id: 'beval.nosuch-v1', label: 'nosuch' } as const;
let emulator: RunningEmulator | undefined;
let sleeper: ChildProcess | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
  sleeper?.kill();
  sleeper = undefined;
});

async function project(models: unknown[], opts: { timing?: { stepMs: number; recordsPerSecond: number }; faults?: FaultSpec[]; inProcess?: boolean } = {}) {
  const dir = tempDir('safety');
  let target: Record<string, unknown>;
  if (opts.inProcess) target = { kind: 'emulator', timing: opts.timing ?? FAST_TIMING };
  else {
    emulator = await startEmulator({ timing: opts.timing ?? FAST_TIMING, ...(opts.faults ? { faults: opts.faults } : {}) });
    target = { kind: 'emulator', endpoint: emulator.endpoint };
  }
  const config = writeProject(dir, N, { models, target });
  const cli = async (...args: string[]) => {
    const io = captureIo(dir);
    const code = await main([...args, '--config', config], io);
    return { code, out: io.out(), err: io.err() };
  };
  return { dir, cli };
}

async function submit(cli: Awaited<ReturnType<typeof project>>['cli']): Promise<string> {
  const s = await cli('submit');
  expect(s.code, s.err).toBe(0);
  return /^(\d{8}-\d{6}-[0-9a-f]{4})$/m.exec(s.out)![1]!;
}

/** A live process that is not this one, to stand for another `beval run` holding the lock. */
function otherLiveProcess(): number {
  sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  return sleeper.pid!;
}

describe('one process per run', () => {
  it('cancel refuses while another live process drives the run, leaving ledger and jobs alone; status shows the ledger', async () => {
    const { dir, cli } = await project([ARITH, FLAKY], { timing: { stepMs: 1500, recordsPerSecond: 2000 } });
    const id = await submit(cli);
    const runDir = latestRun(dir).runDir;
    const pid = otherLiveProcess();
    fs.writeFileSync(path.join(runDir, LOCK_FILE), JSON.stringify({ pid, host: os.hostname(), command: 'run', since: '2026-11-25T00:00:00Z' }));
    const before = fs.readFileSync(path.join(runDir, 'ledger.json'), 'utf8');

    const cancel = await cli('cancel', id);
    expect(cancel.code).toBe(EXIT.error);
    expect(cancel.err).toContain(`run ${id} is in use by \`beval run\` (process ${pid} on ${os.hostname()}`);
    expect(cancel.err).toContain('Ctrl-C leaves its jobs running');
    expect(fs.readFileSync(path.join(runDir, 'ledger.json'), 'utf8')).toBe(before);
    expect(emulator!.jobs().filter((j) => j.jobName.includes(id)).map((j) => j.status)).not.toContain('Stopping');

    const status = await cli('status', id);
    expect(status.code).toBe(0);
    expect(status.out).toContain(`as last recorded: run ${id} is in use by \`beval run\` (process ${pid}`);
    expect(fs.readFileSync(path.join(runDir, 'ledger.json'), 'utf8')).toBe(before);

    // Once that process is gone its lock is stale: cancel takes it over, and releases it when done.
    sleeper!.kill();
    await new Promise((resolve) => sleeper!.once('exit', resolve));
    const again = await cli('cancel', id);
    expect(again.code, again.err).toBe(0);
    expect(readLedger(runDir).phase).toBe('cancelled');
    expect(fs.existsSync(path.join(runDir, LOCK_FILE))).toBe(false);
  });
});

describe('a create Bedrock refuses for good', () => {
  it('marks that model\'s shard Failed and still collects the others, even when the refused model comes first', async () => {
    const { dir, cli } = await project([NOSUCH, ARITH], { inProcess: true });
    // --skip-preflight: the pre-flight catches this ID before planning (test/aws/preflight.test.ts); here Bedrock
    // refuses it only at create, as it does for an ID that exists but takes no batch jobs.
    const run = await cli('run', '--skip-preflight');
    // The other model's records are collected and scored; the refused one measured nothing, so the command fails.
    expect(run.code, run.err).toBe(1);
    expect(run.err).toContain('beval: model nosuch (beval.nosuch-v1) answered none of its');
    expect(run.err).toMatch(/nosuch shard 0 \(beval\.nosuch-v1\): CreateModelInvocationJob was refused: ValidationException: Batch inference is not supported.*marked Failed/);
    const { runDir, ledger } = latestRun(dir);
    const refused = ledger.models.find((m) => m.key === 'nosuch')!.shards[0]!;
    expect(refused).toMatchObject({ status: 'Failed' });
    expect(refused.createError).toContain('not supported');
    expect(refused.jobArn).toBeUndefined();
    const { summary } = readResults(runDir);
    expect(summary.perModel.map((m) => [m.model.key, m.ok + m.errors, m.notRun])).toEqual([['nosuch', 0, N], ['arith', N, 0]]);
  });

  it('stops the run with the reason while no job of it exists (nothing billed); a resume tries again', async () => {
    const { dir, cli } = await project([NOSUCH]);
    const run = await cli('run', '--skip-preflight');
    expect(run.code).toBe(EXIT.error);
    expect(run.err).toContain('no job of this run exists yet, so nothing is billed');
    expect(run.err).toContain('nosuch shard 0 (beval.nosuch-v1): CreateModelInvocationJob was refused: ValidationException');
    expect(emulator!.counters().jobsCreated).toBe(0);
    const { id, ledger } = latestRun(dir);
    expect(ledger.models[0]!.shards[0]!.status).toBeUndefined();
    const resume = await cli('run', '--resume', id);
    expect(resume.code).toBe(EXIT.error);
    expect(resume.err).toContain('nothing is billed');
  });
});

describe('a cancel that fails half-way', () => {
  it('records every never-created shard first, reports the failed stop, exits 1, and cancelling again finishes', async () => {
    // StopModelInvocationJob for arith fails with a 5xx for all 6 SDK attempts of one call, then succeeds.
    const faults: FaultSpec[] = [{ kind: 'server-error', n: 6, op: 'StopModelInvocationJob', model: ARITH.id }];
    const { dir, cli } = await project([ARITH, FLAKY], { timing: { stepMs: 1500, recordsPerSecond: 2000 }, faults });
    const id = await submit(cli);
    const first = await cli('cancel', id);
    expect(first.code).toBe(EXIT.error);
    expect(first.out).toMatch(/arith shard 0: stop failed \(/);
    expect(first.out).toContain('flaky shard 0: stop requested');
    expect(first.err).toContain(`Run \`beval cancel ${id} --config `);
    expect(readLedger(latestRun(dir).runDir).phase).toBe('cancelled');

    const second = await cli('cancel', id);
    expect(second.code, second.err).toBe(0);
    expect(second.out).toContain('arith shard 0: stop requested');
    const collect = await cli('collect', id);
    expect(collect.code, collect.err).toBe(0);
    expect(emulator!.counters().jobsCreated).toBe(2);
  });

  it('a collect after a cancel cut short settles a create that may have reached Bedrock instead of waiting forever', async () => {
    // flaky's create is refused once for quota: its shard has asked for a job and has no ARN. The cancel then dies
    // right after recording the phase, before it looked that shard up.
    const faults: FaultSpec[] = [{ kind: 'quota-exceeded', n: 1, model: FLAKY.id }];
    const { dir, cli } = await project([ARITH, FLAKY], { faults });
    const id = await submit(cli);
    const { runDir, ledger } = latestRun(dir);
    const flaky = ledger.models.find((m) => m.key === 'flaky')!.shards[0]!;
    expect(flaky.createRequestedAt).toBeDefined();
    expect(flaky.jobArn).toBeUndefined();
    fs.writeFileSync(path.join(runDir, 'ledger.json'), JSON.stringify({ ...ledger, phase: 'cancelled' }));

    const collect = await cli('collect', id);
    expect(collect.code, collect.err).toBe(0);
    expect(collect.out).toContain('flaky shard 0: never created (run cancelled)');
    expect(emulator!.counters().jobsCreated).toBe(1);
    const { summary } = readResults(runDir);
    expect(summary.perModel.map((m) => [m.model.key, m.notRun])).toEqual([['arith', 0], ['flaky', N]]);
  });
});

