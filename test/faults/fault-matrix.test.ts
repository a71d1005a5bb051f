// Every fault the emulator can inject, through `beval run` against a real emulator: how each record ends, and what is reported.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type FaultSpec, type RunningEmulator } from '../../src/emulator/index.ts';
import { main } from '../../src/cli/main.ts';
import { ARITH, FAST_TIMING, FLAKY, latestRun, readResults, writeProject, type ResultsFile } from '../run/helpers.ts';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const N = 200;
let emulator: RunningEmulator | undefined;

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

interface Outcome {
  code: number;
  out: string;
  err: string;
  results: ResultsFile;
  runId: string;
  dir: string;
  emulator: RunningEmulator;
}

/** Runs a two-model suite (arith takes the fault, flaky is the control) against an emulator with the given faults. */
async function runWith(faults: FaultSpec[], timing: object = FAST_TIMING): Promise<Outcome> {
  emulator = await startEmulator({ faults, timing });
  const dir = tempDir('faults');
  const configPath = writeProject(dir, N, { models: [ARITH, FLAKY], target: { kind: 'emulator', endpoint: emulator.endpoint } });
  const io = captureIo(dir);
  const code = await main(['run', '--config', configPath], io);
  const { id, runDir } = latestRun(dir);
  return { code, out: io.out(), err: io.err(), results: readResults(runDir), runId: id, dir, emulator };
}

function model(o: Outcome, key: string) {
  const m = o.results.summary.perModel.find((p) => p.model.key === key);
  if (!m) throw new Error(`no model ${key}`);
  return m;
}

function job(o: Outcome, modelId: string) {
  const jobs = o.emulator.jobs().filter((j) => j.modelId === modelId && j.jobName.includes(o.runId));
  expect(jobs).toHaveLength(1);
  return jobs[0]!;
}

/** The statuses of one model's cells in results.json, counted. */
function cellStatuses(o: Outcome, key: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of o.results.records) {
    const s = r.cells[key]!.status;
    counts[s] = (counts[s] ?? 0) + 1;
  }
  return counts;
}

/** Every record ends as exactly one of ok / error / missing / not-run, and the summary agrees with the cells. */
function expectAccounted(o: Outcome, key: string): void {
  const m = model(o, key);
  expect(m.ok + m.errors + m.missing + m.notRun).toBe(N);
  expect(o.results.records).toHaveLength(N);
  const c = cellStatuses(o, key);
  expect({ ok: c.ok ?? 0, error: c.error ?? 0, missing: c.missing ?? 0, notRun: c['not-run'] ?? 0 })
    .toEqual({ ok: m.ok, error: m.errors, missing: m.missing, notRun: m.notRun });
}

/** The control model (flaky, no fault) completed normally with its own errors and nothing odd. */
function expectControlClean(o: Outcome): void {
  const f = model(o, 'flaky');
  const j = job(o, FLAKY.id);
  expect(j.status).toBe('Completed');
  expect({ ok: f.ok, errors: f.errors, missing: f.missing, notRun: f.notRun }).toEqual({ ok: j.successRecordCount, errors: j.errorRecordCount, missing: 0, notRun: 0 });
  expect(f.notes).toEqual([]);
  expectAccounted(o, 'flaky');
}

describe('fault matrix: beval run against the emulator', () => {
  it.each([
    ['throttle on every operation', [{ kind: 'throttle', n: 2 }, { kind: 'throttle', n: 1, op: 'GetModelInvocationJob' }]],
    ['server-error on create and get', [{ kind: 'server-error', n: 2, op: 'CreateModelInvocationJob' }, { kind: 'server-error', n: 2, op: 'GetModelInvocationJob' }]],
  ] as [string, FaultSpec[]][])('%s: the SDK retries, the run completes with one job per model', async (_name, faults) => {
    const o = await runWith(faults);
    expect(o.code).toBe(0);
    const a = model(o, 'arith');
    expect({ ok: a.ok, errors: a.errors, missing: a.missing, notRun: a.notRun }).toEqual({ ok: N, errors: 0, missing: 0, notRun: 0 });
    expect(a.jobs).toEqual({ Completed: 1 });
    expect(a.notes).toEqual([]);
    expect(o.emulator.counters().jobsCreated).toBe(2);
    expectControlClean(o);
  });

  it('quota-exceeded: waits and creates the job on a later round instead of failing', async () => {
    const o = await runWith([{ kind: 'quota-exceeded', n: 2, model: ARITH.id }]);
    expect(o.code).toBe(0);
    expect(o.err).toMatch(/arith shard 0: ServiceQuotaExceededException .* waiting and retrying/);
    // One warning line while it waits, not one per round.
    expect(o.err.match(/ServiceQuotaExceededException/g)).toHaveLength(1);
    const c = o.emulator.counters();
    expect(c.createCalls).toBe(2 + 2);
    expect(c.jobsByModel).toEqual({ [ARITH.id]: 1, [FLAKY.id]: 1 });
    expect(model(o, 'arith').ok).toBe(N);
    expectControlClean(o);
  });

  it('fail-validation: every record of the failed job is not-run, and the job message is shown', async () => {
    const o = await runWith([{ kind: 'fail-validation', model: ARITH.id, message: 'Injected: cannot read input' }]);
    // arith measured nothing: the command fails, naming it (docs/runs.md).
    expect(o.code).toBe(1);
    expect(o.err).toContain('beval: model arith (beval.arith-v1) answered none of its');
    expect(o.out).toMatch(/arith shard 0: Failed \(Injected: cannot read input\)/);
    const a = model(o, 'arith');
    expect({ ok: a.ok, errors: a.errors, missing: a.missing, notRun: a.notRun }).toEqual({ ok: 0, errors: 0, missing: 0, notRun: N });
    expect(a.jobs).toEqual({ Failed: 1 });
    expect(a.notes).toContain(`${N} record(s) not run: their job failed, stopped or expired first`);
    expect(a.notes).toContain('shard 0: Failed: Injected: cannot read input');
    expect(a.metrics[0]).toMatchObject({ scored: 0, expected: N, mean: null });
    expectAccounted(o, 'arith');
    expectControlClean(o);
  });

  it('partially-completed: outputs are harvested, unprocessed records are not-run', async () => {
    const o = await runWith([{ kind: 'partially-completed', fraction: 0.6, model: ARITH.id }]);
    const a = model(o, 'arith');
    const j = job(o, ARITH.id);
    expect(j.status).toBe('PartiallyCompleted');
    expect(j.processedRecordCount).toBe(Math.floor(N * 0.6));
    expect({ ok: a.ok, errors: a.errors, missing: a.missing, notRun: a.notRun }).toEqual({ ok: j.successRecordCount, errors: 0, missing: 0, notRun: N - j.processedRecordCount });
    expect(a.jobs).toEqual({ PartiallyCompleted: 1 });
    // Manifest and job counts agree with the harvested lines: the only note is the not-run count.
    expect(a.notes).toEqual([`${N - j.processedRecordCount} record(s) not run: their job failed, stopped or expired first`]);
    expectAccounted(o, 'arith');
    expectControlClean(o);
  });

  it('expired: the job never started, every record is not-run', async () => {
    const o = await runWith([{ kind: 'expired', model: ARITH.id }]);
    const a = model(o, 'arith');
    expect(o.out).toMatch(/arith shard 0: Expired \(The job was scheduled but did not start/);
    expect({ ok: a.ok, notRun: a.notRun }).toEqual({ ok: 0, notRun: N });
    expect(a.jobs).toEqual({ Expired: 1 });
    expectAccounted(o, 'arith');
    expectControlClean(o);
  });

  it('record-errors: per-record errors are data with their codes, matching the job counts', async () => {
    const o = await runWith([{ kind: 'record-errors', fraction: 0.2, model: ARITH.id }]);
    const a = model(o, 'arith');
    const j = job(o, ARITH.id);
    expect(j.errorRecordCount).toBeGreaterThan(0);
    expect({ ok: a.ok, errors: a.errors, missing: a.missing, notRun: a.notRun }).toEqual({ ok: j.successRecordCount, errors: j.errorRecordCount, missing: 0, notRun: 0 });
    expect(Object.keys(a.errorCodes).every((c) => c === '500' || c === '429')).toBe(true);
    expect(Object.values(a.errorCodes).reduce((x, y) => x + y, 0)).toBe(a.errors);
    expect(o.results.records.filter((r) => r.cells.arith!.status === 'error').every((r) => r.cells.arith!.error === '500' || r.cells.arith!.error === '429')).toBe(true);
    expect(a.notes).toEqual([]);
    expectAccounted(o, 'arith');
  });

  it('missing-records: records with no output line in a completed job are missing, and said so', async () => {
    const o = await runWith([{ kind: 'missing-records', fraction: 0.1, model: ARITH.id }]);
    const a = model(o, 'arith');
    const j = job(o, ARITH.id);
    const dropped = N - j.processedRecordCount;
    expect(dropped).toBeGreaterThan(0);
    expect({ ok: a.ok, missing: a.missing, notRun: a.notRun }).toEqual({ ok: N - dropped, missing: dropped, notRun: 0 });
    expect(a.notes).toEqual([`${dropped} record(s) missing: their job finished but wrote no output line for them`]);
    expectAccounted(o, 'arith');
  });

  it('duplicate-lines: extra lines are counted and ignored, never double counted', async () => {
    const o = await runWith([{ kind: 'duplicate-lines', fraction: 0.1, model: ARITH.id }]);
    const a = model(o, 'arith');
    const { runDir, ledger } = latestRun(o.dir);
    const files = ledger.models.find((m) => m.key === 'arith')!.shards[0]!.downloaded!;
    const lines = files.reduce((n, f) => n + fs.readFileSync(path.join(runDir, f), 'utf8').split('\n').filter(Boolean).length, 0);
    const extra = lines - N;
    expect(extra).toBeGreaterThan(0);
    expect({ ok: a.ok, errors: a.errors, missing: a.missing }).toEqual({ ok: N, errors: 0, missing: 0 });
    expect(a.notes).toHaveLength(1);
    expect(a.notes![0]).toMatch(new RegExp(`^${extra} duplicate output line\\(s\\) ignored \\(a reply beats an error, then the line with the smaller hash; see docs\\/runs\\.md\\), e\\.g\\. r\\d{4}`));
    expectAccounted(o, 'arith');
  });

  it('malformed-lines: counted with file and line, the records are missing, and the manifest disagreement is reported', async () => {
    const o = await runWith([{ kind: 'malformed-lines', count: 3, model: ARITH.id }]);
    const a = model(o, 'arith');
    const j = job(o, ARITH.id);
    expect({ ok: a.ok, missing: a.missing, notRun: a.notRun }).toEqual({ ok: N - 3, missing: 3, notRun: 0 });
    const notes = a.notes ?? [];
    expect(notes.find((n) => n.startsWith('3 malformed output line(s), e.g. '))).toMatch(/part-0\.jsonl\.out:\d+:/);
    expect(notes).toContain('3 record(s) missing: their job finished but wrote no output line for them');
    expect(notes).toContain(`manifest.json.out counts ${j.successRecordCount} successful records; the output files hold ${N - 3}`);
    expect(notes).toContain(`shard 0: the job reports ${j.successRecordCount} succeeded / 0 errored; the output files hold ${N - 3} / 0`);
    expectAccounted(o, 'arith');
  });

  it('slow: polling backs off and the run still completes with every record ok', async () => {
    const o = await runWith([{ kind: 'slow', stepMs: 80, recordsPerSecond: 800, model: ARITH.id }]);
    expect(o.code).toBe(0);
    expect(o.out).toMatch(/arith shard 0: Completed 200\/200 records/);
    expect(model(o, 'arith').ok).toBe(N);
    expectControlClean(o);
  });
});
