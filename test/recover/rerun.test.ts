// `beval rerun` on the emulator: a run with injected per-record errors is completed to full coverage, sending only
// the failed records (the emulator's request counters prove it), with statuses and scores identical to a run that
// never failed; a SIGKILL during a batch rerun resumes without a duplicate job.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { readLedger } from '../../src/run/ledger.ts';
import { ARITH, FAST_TIMING, VERBOSE, latestRun, readResults, writeProject, type ResultsFile } from '../run/helpers.ts';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { runBevalProcess } from '../helpers/cli-process.ts';
import { DuckDBInstance } from '@duckdb/node-api';

/** results.parquet's `attempt` column: rows per attempt (null: no line counts). */
async function attemptsInParquet(runDir: string): Promise<Record<string, number>> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    const rows = (await c.runAndReadAll(`select attempt, count(*)::int as n from read_parquet('${path.join(runDir, 'results.parquet')}') group by attempt order by attempt`)).getRowObjectsJS();
    return Object.fromEntries(rows.map((r) => [String(r.attempt), Number(r.n)]));
  } finally {
    c.closeSync();
  }
}

const N = 200;
/** Status and scores of every record: what must equal a run that never failed (attempts, mode, cost, latency aside). */
const verdicts = (r: ResultsFile) => r.records.map((rec) => [rec.recordId, rec.cells.arith!.status, rec.cells.arith!.scores]);

async function cli(dir: string, ...args: string[]) {
  const io = captureIo(dir);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

let clean: ResultsFile;
beforeAll(async () => {
  const emu = await startEmulator({ timing: FAST_TIMING });
  const dir = tempDir('rerun-clean');
  const config = writeProject(dir, N, { models: [ARITH], target: { kind: 'emulator', endpoint: emu.endpoint } });
  expect((await cli(dir, 'run', '--config', config)).code).toBe(0);
  clean = readResults(latestRun(dir).runDir);
  await emu.close();
});

describe('beval rerun', () => {
  let emu: RunningEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  it('realtime below the job minimum: sends only the failed records and ends like a run that never failed', async () => {
    // Each picked record fails its first attempt only (batch job or Converse), as a transient 500/429 would.
    emu = await startEmulator({ timing: FAST_TIMING, faults: [{ kind: 'record-errors', fraction: 0.1, times: 1 }] });
    const dir = tempDir('rerun-rt');
    const config = writeProject(dir, N, { models: [ARITH], target: { kind: 'emulator', endpoint: emu.endpoint } });
    const run = await cli(dir, 'run', '--config', config);
    expect(run.code).toBe(0);
    const { id, runDir } = latestRun(dir);
    const first = readResults(runDir);
    const failed = first.summary.perModel[0]!.errors;
    expect(failed).toBeGreaterThan(5);
    expect(failed).toBeLessThan(100);

    const rerun = await cli(dir, 'rerun', id, '--config', config);
    expect(rerun.code, rerun.err).toBe(0);
    expect(rerun.out).toContain(`Estimate before sending ${failed} record(s) again (error, missing, not-run)`);
    expect(rerun.out).toContain(`arith: ${failed} record(s) sent again as attempt 2 (realtime, under the batch minimum)`);
    // Exactly the failed records went again, one Converse call each, and no second job.
    expect(emu.counters().converseCalls[ARITH.id]).toBe(failed);
    expect(emu.counters().jobsCreated).toBe(1);
    const after = readResults(runDir);
    expect(verdicts(after)).toEqual(verdicts(clean));
    const pm = after.summary.perModel[0]!;
    expect({ ok: pm.ok, errors: pm.errors, retried: pm.retried, answersByAttempt: pm.answersByAttempt }).toEqual({ ok: N, errors: 0, retried: failed, answersByAttempt: { 1: N - failed, 2: failed } });
    expect(pm.notes ?? []).toEqual([]);
    expect(rerun.out).toContain(`arith: ${failed} record(s) retried; answers counted from attempt 1: ${N - failed}, attempt 2: ${failed}`);
    expect(fs.readFileSync(path.join(runDir, 'report.html'), 'utf8')).toContain(`<li>arith: ${failed} record(s) retried; answers counted from attempt 1: ${N - failed}, attempt 2: ${failed}</li>`);
    // results.parquet says which attempt's line counts for each record (one metric: one row per record).
    expect(await attemptsInParquet(runDir)).toEqual({ 1: N - failed, 2: failed });
    // The run's own output said what to do about its failures, with the command (and --config) that does it.
    expect(run.out).toContain(`${failed} record(s) have no answer (error, missing or not run): \`beval rerun ${id} --config ${config}\` sends only those again`);
    // Nothing left: a second rerun sends nothing.
    const again = await cli(dir, 'rerun', id, '--config', config);
    expect(again.out).toContain('Nothing to rerun');
    expect(emu.counters().converseCalls[ARITH.id]).toBe(failed);
    // A later run reusing this one takes each record's counted answer: the rerun's, not the first attempt's error.
    const reused = await cli(dir, 'run', '--config', config, '--reuse', id);
    expect(reused.code, reused.err).toBe(0);
    expect(reused.out).toContain(`Reusing ${N} answer(s) from ${id}: arith ${N} reused, 0 to send.`);
    expect(emu.counters().converseCalls[ARITH.id]).toBe(failed);
    expect(emu.counters().jobsCreated).toBe(1);
    expect(verdicts(readResults(latestRun(dir).runDir))).toEqual(verdicts(clean));
  });

  it.each([
    ['after-create-before-ledger', 'rerun', 2],
    ['after-upload', 'run --resume', 1],
  ] as const)('batch with the emulator minimum lowered: a SIGKILL at %s, then `beval %s`, pays for no job twice', async (point, resume, jobsAtKill) => {
    const e = emu = await startEmulator({ timing: FAST_TIMING, minRecordsPerJob: 5, faults: [{ kind: 'record-errors', fraction: 0.1, times: 1 }] });
    const dir = tempDir('rerun-batch');
    const config = writeProject(dir, N, { models: [ARITH], quotas: { minRecordsPerJob: 5 }, target: { kind: 'emulator', endpoint: e.endpoint } });
    expect((await cli(dir, 'run', '--config', config)).code).toBe(0);
    const { id, runDir } = latestRun(dir);
    const failed = readResults(runDir).summary.perModel[0]!.errors;
    expect(failed).toBeGreaterThanOrEqual(5);

    const killed = await runBevalProcess(dir, ['rerun', id, '--config', config], point);
    expect(killed.signal, killed.out).toBe('SIGKILL');
    // after-create-before-ledger: the job exists on the service, its ARN is not in the ledger. after-upload: no job yet.
    expect(e.counters().jobsCreated).toBe(jobsAtKill);
    expect(readLedger(runDir).reruns).toMatchObject([{ attempt: 2, only: ['error', 'missing', 'not-run'], records: { arith: failed } }]);
    const resumed = await runBevalProcess(dir, [...resume.split(' '), id, '--config', config]);
    expect(resumed.code, resumed.out).toBe(0);
    expect(resumed.out).toContain('Continuing rerun attempt 2');
    if (point === 'after-create-before-ledger') expect(resumed.out).toMatch(/adopted existing job/);
    expect(e.counters().jobsCreated).toBe(2);
    expect(e.counters().converseCalls[ARITH.id] ?? 0).toBe(0);
    const ledger = readLedger(runDir);
    expect(ledger.models[0]!.shards.map((s) => [s.attempt ?? 1, s.mode, s.status])).toEqual([[1, 'batch', 'Completed'], [2, 'batch', 'Completed']]);
    expect(ledger.models[0]!.shards[1]!.files.reduce((n, f) => n + f.records, 0)).toBe(failed);
    expect(ledger.reruns).toHaveLength(1);
    expect(verdicts(readResults(runDir))).toEqual(verdicts(clean));
  });

  it('--only filtered sends only the replies a content filter stopped (realtime), with --json; the default leaves them', async () => {
    emu = await startEmulator({ timing: FAST_TIMING, faults: [{ kind: 'filtered', fraction: 0.1, times: 1 }] });
    const dir = tempDir('rerun-filtered');
    const config = writeProject(dir, N, { models: [ARITH], target: { kind: 'emulator', endpoint: emu.endpoint } });
    const run = await cli(dir, 'run', '--config', config);
    expect(run.code, run.err).toBe(0);
    const { id, runDir } = latestRun(dir);
    const filtered = readResults(runDir).summary.perModel[0]!.filtered!;
    expect(filtered).toBeGreaterThan(5);
    // Filtered replies have no answer, but a rerun leaves them unless asked: the same filter would answer again.
    expect(run.out).not.toContain(`beval rerun ${id}`);
    expect((await cli(dir, 'rerun', id, '--config', config)).out).toContain(`Nothing to rerun in run ${id}: no record is error, missing, not-run.`);
    expect(emu.counters().converseCalls[ARITH.id] ?? 0).toBe(0);
    const bad = await cli(dir, 'rerun', id, '--config', config, '--only', 'filterd');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('--only filterd: expected a comma-separated list of error, missing, not-run, filtered');
    const unknown = await cli(dir, 'rerun', id, '--config', config, '--only', 'filtered', '--models', 'arth');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain(`--models: no model "arth" in run ${id}`);
    expect(unknown.err).toContain('(models: arith)');
    expect(emu.counters().converseCalls[ARITH.id] ?? 0).toBe(0);

    const rerun = await cli(dir, 'rerun', id, '--config', config, '--only', 'filtered', '--models', 'arith', '--json');
    expect(rerun.code, rerun.err).toBe(0);
    expect(emu.counters().converseCalls[ARITH.id]).toBe(filtered);
    // --json: one document on stdout (human text on stderr), with the rerun and the run's figures.
    const doc = JSON.parse(rerun.out) as { schemaVersion: number; command: string; exitCode: number; runId: string; state: string; rerun: unknown; models: { ok: number; filtered: number; retried: number; answersByAttempt: Record<string, number> }[] };
    expect(doc).toMatchObject({ schemaVersion: 1, command: 'rerun', exitCode: 0, runId: id, state: 'collected', rerun: { attempt: 2, only: ['filtered'], records: { arith: filtered }, continued: false } });
    expect(doc.models[0]).toMatchObject({ ok: N, filtered: 0, retried: filtered, answersByAttempt: { 1: N - filtered, 2: filtered } });
    expect(rerun.err).toContain(`arith: ${filtered} record(s) sent again as attempt 2 (realtime, under the batch minimum)`);
    expect(verdicts(readResults(runDir))).toEqual(verdicts(clean));
  });

  it('not-run records of a refused job go again in a batch rerun, and a later collect does not create the refused job too', async () => {
    // The first create for verbose is refused (403); arith's job exists, so the run goes on with verbose not run.
    const e = emu = await startEmulator({ timing: FAST_TIMING, faults: [{ kind: 'access-denied', n: 1, op: 'CreateModelInvocationJob', model: VERBOSE.id }] });
    const dir = tempDir('rerun-refused');
    const config = writeProject(dir, N, { models: [ARITH, VERBOSE], target: { kind: 'emulator', endpoint: e.endpoint } });
    const run = await cli(dir, 'run', '--config', config, '--skip-preflight');
    expect(run.code).toBe(1);
    const { id, runDir } = latestRun(dir);
    expect(readResults(runDir).summary.perModel[1]).toMatchObject({ notRun: N, ok: 0 });
    expect(e.counters().jobsCreated).toBe(1);

    const rerun = await cli(dir, 'rerun', id, '--config', config);
    expect(rerun.code, rerun.err).toBe(0);
    expect(rerun.out).toContain(`verbose: ${N} record(s) sent again as attempt 2 (batch job)`);
    expect(e.counters().jobsCreated).toBe(2);
    expect(readResults(runDir).summary.perModel[1]).toMatchObject({ notRun: 0, ok: N, retried: N, answersByAttempt: { 2: N } });
    // The refused first-attempt shard stays refused: its records were answered by the rerun, not paid for again.
    const collected = await cli(dir, 'collect', id, '--config', config);
    expect(collected.code, collected.err).toBe(0);
    expect(e.counters().jobsCreated).toBe(2);
    expect(readLedger(runDir).models[1]!.shards.map((s) => [s.attempt ?? 1, s.status])).toEqual([[1, 'Failed'], [2, 'Completed']]);
  });
});
