// Detached runs against a standalone emulator: submit → status → collect (--no-wait and waiting), runs, cancel.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { main } from '../../src/cli/main.ts';
import { EXIT } from '../../src/cli/io.ts';
import { ARITH, FAST_TIMING, FLAKY, latestRun, readResults, writeProject } from './helpers.ts';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const N = 200;
let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** A project on its own emulator; `slow` pacing keeps jobs queued for seconds so "still running" is certain. */
async function setup(timing: { stepMs: number; recordsPerSecond: number }, opts: { stopBeforeScheduled?: 'stop' | 'refuse' } = {}) {
  emulator = await startEmulator({ timing, ...opts });
  const dir = tempDir('detached');
  const config = writeProject(dir, N, { models: [ARITH, FLAKY], target: { kind: 'emulator', endpoint: emulator.endpoint } });
  const cli = async (...args: string[]) => {
    const io = captureIo(dir);
    const code = await main([...args, '--config', config], io);
    return { code, out: io.out(), err: io.err() };
  };
  return { dir, config, cli, emulator };
}

async function submit(cli: Awaited<ReturnType<typeof setup>>['cli']): Promise<string> {
  return (await submitWithOutput(cli)).id;
}

async function submitWithOutput(cli: Awaited<ReturnType<typeof setup>>['cli']): Promise<{ id: string; out: string }> {
  const s = await cli('submit');
  expect(s.code, s.err).toBe(0);
  const id = /^(\d{8}-\d{6}-[0-9a-f]{4})$/m.exec(s.out)?.[1];
  expect(id).toBeDefined();
  return { id: id!, out: s.out };
}

describe('detached runs', () => {
  it('submit prints the run id and exits; status shows each job; collect --no-wait reports what runs; collect finishes', async () => {
    const { dir, config, cli, emulator: emu } = await setup({ stepMs: 1500, recordsPerSecond: 2000 });
    const { id, out: submitted } = await submitWithOutput(cli);
    // The commands it advises carry the --config it was given: without it they would look in ./eval.config.ts's outDir.
    expect(submitted).toContain(`Check progress with \`beval status ${id} --config ${config}\`; fetch results with \`beval collect ${id} --config ${config}\`.`);
    expect(emu.jobs().filter((j) => j.jobName.includes(id))).toHaveLength(2);

    const status = await cli('status');
    expect(status.code).toBe(0);
    expect(status.out).toContain(`Run ${id}: submitted (0/2 jobs ended)`);
    expect(status.out).toMatch(/MODEL\s+SHARD\s+MODE\s+STATUS\s+PROCESSED\s+AGE\s+JOB/);
    expect(status.out).toMatch(/arith\s+0\s+batch\s+(Submitted|Validating)\s+0\/200\s+\d+s\s+arn:aws:bedrock:/);
    expect(status.out).toMatch(/flaky\s+0\s+batch\s+(Submitted|Validating)\s+0\/200/);

    const early = await cli('collect', id, '--no-wait');
    expect(early.code).toBe(EXIT.pending);
    expect(early.out).toContain('2 job(s) still running');
    // The table, one blank line, the hint, and nothing after it.
    expect(early.out).toMatch(new RegExp(`[^\\n]\\n\\nRun \`beval collect ${id} --config ${config}\` again later\\.\\n$`));

    const done = await cli('collect', id);
    expect(done.code, done.err).toBe(0);
    expect(done.out).toContain(`Run ${id} collected`);
    expect(done.out).toMatch(/arith\s+200\s+200\s+0\s+0\s+0\s+0\s+1 Completed/);
    const { summary } = readResults(latestRun(dir).runDir);
    expect(summary.perModel.map((m) => m.ok + m.errors)).toEqual([N, N]);

    const again = await cli('collect', id, '--no-wait');
    expect(again.code).toBe(0);
    const runs = await cli('runs');
    // RUN, CREATED (date time), SUITE (name hash), RECORDS, HEADLINE per model, GATE, COST, STATE
    expect(runs.out).toMatch(new RegExp(`${id}\\s+\\S+ \\S+\\s+suite [0-9a-f]{8}\\s+200\\s+numeric: \\S+ [\\d.]+% \\(\\d+%\\), \\S+ [\\d.]+% \\(\\d+%\\)\\s+-\\s+\\$[\\d.]+\\s+collected`));
    // Nothing was created twice by the repeated collects.
    expect(emu.counters().jobsCreated).toBe(2);
  });

  it('cancel stops queued jobs; collect then reports every record not-run; the run lists as cancelled', async () => {
    const { cli, emulator: emu, dir } = await setup({ stepMs: 1500, recordsPerSecond: 2000 });
    const id = await submit(cli);
    const cancel = await cli('cancel', id);
    expect(cancel.code).toBe(0);
    expect(cancel.out).toMatch(/arith shard 0: stop requested/);
    expect(cancel.out).toMatch(/flaky shard 0: stop requested/);
    const collect = await cli('collect', id);
    expect(collect.code, collect.err).toBe(0);
    expect(emu.jobs().filter((j) => j.jobName.includes(id)).map((j) => j.status)).toEqual(['Stopped', 'Stopped']);
    const { summary } = readResults(latestRun(dir).runDir);
    for (const m of summary.perModel) expect({ ok: m.ok, notRun: m.notRun, jobs: m.jobs }).toEqual({ ok: 0, notRun: N, jobs: { Stopped: 1 } });
    expect((await cli('runs')).out).toMatch(new RegExp(`${id}.*cancelled \\(collected\\)`));
    // A second cancel finds every job finished: nothing to cancel, exit 0, the run unchanged.
    const ledgerBefore = fs.readFileSync(path.join(latestRun(dir).runDir, 'ledger.json'), 'utf8');
    const again = await cli('cancel', id);
    expect(again.code).toBe(0);
    expect(again.out).toContain('nothing to cancel');
    expect(fs.readFileSync(path.join(latestRun(dir).runDir, 'ledger.json'), 'utf8')).toBe(ledgerBefore);
  });

  it('cancel of a job Bedrock will not stop yet (Submitted/Validating) is not done: exit 1, "cancel again"; a later cancel stops it', async () => {
    const { cli, emulator: emu } = await setup({ stepMs: 1500, recordsPerSecond: 2000 }, { stopBeforeScheduled: 'refuse' });
    const id = await submit(cli);
    const first = await cli('cancel', id);
    expect(first.code).toBe(EXIT.error);
    // The refusal says "State was: Submitted": the job runs on, so it must not read as finished.
    expect(first.out).not.toContain('already finished');
    expect(first.out).toMatch(/arith shard 0: NOT stopped: the job is still (Submitted|Validating) and keeps running \(ValidationException: .*State was: (Submitted|Validating) \(request id [0-9a-f-]+\)\); cancel again/);
    expect(first.err).toContain(`Run \`beval cancel ${id}`);
    const ours = () => emu.jobs().filter((j) => j.jobName.includes(id));
    expect(ours().map((j) => j.status).every((s) => s === 'Submitted' || s === 'Validating')).toBe(true);
    while (!ours().every((j) => j.status === 'Scheduled')) await new Promise((r) => setTimeout(r, 50));
    const second = await cli('cancel', id);
    expect(second.code, second.out).toBe(0);
    expect(second.out.match(/stop requested/g)).toHaveLength(2);
    expect(ours().map((j) => j.status).every((s) => s === 'Stopping' || s === 'Stopped')).toBe(true);
  });

  it('cancel mid-processing: what the stopped job wrote is harvested, the rest is not-run', async () => {
    const { cli, emulator: emu, dir } = await setup({ stepMs: 20, recordsPerSecond: 150 });
    const id = await submit(cli);
    // Wait for progress by polling the emulator (no timed assertion: the loop ends on a state, not a clock).
    while (!emu.jobs().filter((j) => j.jobName.includes(id)).every((j) => j.processedRecordCount > 0)) await new Promise((r) => setTimeout(r, 20));
    expect((await cli('cancel', id)).code).toBe(0);
    expect((await cli('collect', id)).code).toBe(0);
    const jobs = emu.jobs().filter((j) => j.jobName.includes(id));
    const { summary } = readResults(latestRun(dir).runDir);
    for (const m of summary.perModel) {
      const j = jobs.find((x) => x.modelId === m.model.modelId)!;
      expect(j.status).toBe('Stopped');
      expect(j.processedRecordCount).toBeLessThan(N);
      expect({ ok: m.ok, errors: m.errors, missing: m.missing, notRun: m.notRun })
        .toEqual({ ok: j.successRecordCount, errors: j.errorRecordCount, missing: 0, notRun: N - j.processedRecordCount });
    }
  });

  it('submit on the in-process emulator warns that detached runs need a standalone one', async () => {
    const dir = tempDir('inproc');
    const config = writeProject(dir, N, { models: [ARITH], target: { kind: 'emulator', timing: FAST_TIMING } });
    const io = captureIo(dir);
    expect(await main(['submit', '--config', config], io)).toBe(0);
    expect(io.err()).toContain('the in-process emulator stops when this command exits');
  });

  it('status and collect name the problem when there is no such run', async () => {
    const { cli, config } = await setup(FAST_TIMING);
    const r = await cli('collect', '20200101-000000-abcd');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/No run 20200101-000000-abcd in .*reports \(see `beval runs --config [^`]+`; a run started with another config is found with the same `--config`\)/);
    expect(r.err).toContain(`beval runs --config ${config}`);
  });
});
