// Sharding through the emulator: several jobs and files per model under small configured limits, refusals, job caps.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type FaultSpec, type RunningEmulator } from '../../src/emulator/index.ts';
import { main } from '../../src/cli/main.ts';
import { allShards } from '../../src/run/ledger.ts';
import { ARITH, FAST_TIMING, FLAKY, latestRun, readResults, runIds, writeProject } from './helpers.ts';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function run(records: number, quotas: Record<string, number>, opts: { minRecords?: number; faults?: FaultSpec[] } = {}) {
  emulator = await startEmulator({ timing: FAST_TIMING, minRecordsPerJob: opts.minRecords ?? 100, ...(opts.faults ? { faults: opts.faults } : {}) });
  const dir = tempDir('shard');
  const config = writeProject(dir, records, { models: [ARITH, FLAKY], quotas, target: { kind: 'emulator', endpoint: emulator.endpoint } });
  const io = captureIo(dir);
  const code = await main(['run', '--config', config], io);
  return { code, io, dir, emulator };
}

describe('sharding through the emulator', () => {
  it('450 records at 100 per job (minimum 50): five jobs of 90 per model, every record accounted for', async () => {
    const { code, dir, emulator: emu } = await run(450, { maxRecordsPerJob: 100, minRecordsPerJob: 50 }, { minRecords: 50 });
    expect(code).toBe(0);
    const { id, runDir, ledger } = latestRun(dir);
    const jobs = emu.jobs().filter((j) => j.jobName.includes(id));
    expect(jobs).toHaveLength(10);
    expect(jobs.every((j) => j.status === 'Completed' && j.totalRecordCount === 90)).toBe(true);
    expect(emu.counters().jobsByModel).toEqual({ [ARITH.id]: 5, [FLAKY.id]: 5 });
    for (const m of ledger.models) expect(m.shards.map((s) => [s.start, s.end])).toEqual([[0, 90], [90, 180], [180, 270], [270, 360], [360, 450]]);
    const { summary, records } = readResults(runDir);
    expect(records).toHaveLength(450);
    for (const m of summary.perModel) {
      expect(m.jobs).toEqual({ Completed: 5 });
      expect({ total: m.ok + m.errors, missing: m.missing, notRun: m.notRun, notes: m.notes }).toEqual({ total: 450, missing: 0, notRun: 0, notes: [] });
    }
  });

  it('over the per-file limit: several input files per job, each uploaded once and each output harvested', async () => {
    const { code, dir, emulator: emu } = await run(300, { maxRecordsPerJob: 150, maxRecordsPerFile: 40 });
    expect(code).toBe(0);
    const { runDir, ledger } = latestRun(dir);
    const shards = allShards(ledger);
    expect(shards).toHaveLength(4);
    for (const { shard } of shards) {
      expect(shard.files.map((f) => f.records)).toEqual([38, 38, 37, 37]);
      expect(shard.downloaded).toHaveLength(4);
    }
    expect(emu.counters().putObjectCalls).toBe(16);
    const { summary } = readResults(runDir);
    for (const m of summary.perModel) expect(m.ok + m.errors).toBe(300);
  });

  it('over the per-job byte limit: more jobs', async () => {
    const { code, dir } = await run(300, { maxBytesPerJob: 30_000, minRecordsPerJob: 50 }, { minRecords: 50 });
    expect(code).toBe(0);
    const { ledger } = latestRun(dir);
    for (const m of ledger.models) {
      expect(m.shards.length).toBeGreaterThan(1);
      expect(m.shards.every((s) => s.files.reduce((n, f) => n + f.bytes, 0) <= 30_000)).toBe(true);
    }
  });

  it.each([
    ['a suite under the minimum', 60, {}, /60 records, below Bedrock batch's minimum of 100 records per job .*Nothing was uploaded/s],
    ['a split leaving jobs under the minimum', 450, { maxRecordsPerJob: 100 }, /Splitting 450 records into 5 jobs of at most 100 records leaves 90 per job, below the minimum of 100\. Nothing was uploaded/],
  ] as [string, number, Record<string, number>, RegExp][])('refuses %s before anything is uploaded', async (_name, records, quotas, message) => {
    const { code, io, dir, emulator: emu } = await run(records, quotas);
    expect(code).toBe(1);
    expect(io.err()).toMatch(message);
    expect(emu.counters()).toMatchObject({ putObjectCalls: 0, createCalls: 0 });
    expect(runIds(dir)).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'reports'))).toBe(false);
  });

  it('keeps at most maxConcurrentJobsPerModel jobs per model, creating the next when one ends', async () => {
    const { code, io } = await run(300, { maxRecordsPerJob: 100, maxConcurrentJobsPerModel: 1 });
    expect(code).toBe(0);
    const lines = io.out().split('\n');
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    for (const label of ['arith', 'flaky']) {
      for (const k of [0, 1]) {
        const ended = at(new RegExp(`${label} shard ${k}: Completed`));
        const next = at(new RegExp(`${label} shard ${k + 1}: created job`));
        expect(ended).toBeGreaterThan(-1);
        expect(next).toBeGreaterThan(ended);
      }
    }
  });

  it('ServiceQuotaExceeded under a job cap: waits, retries, and still creates one job per shard', async () => {
    const { code, io, dir, emulator: emu } = await run(200, { maxRecordsPerJob: 100, maxConcurrentJobsPerModel: 1 }, { faults: [{ kind: 'quota-exceeded', n: 3, model: ARITH.id }] });
    expect(code).toBe(0);
    expect(io.err()).toMatch(/arith shard 0: ServiceQuotaExceededException/);
    const { id, runDir } = latestRun(dir);
    const names = emu.jobs().filter((j) => j.jobName.includes(id)).map((j) => j.jobName).sort();
    expect(names).toEqual([`beval-${id}-arith-s0`, `beval-${id}-arith-s1`, `beval-${id}-flaky-s0`, `beval-${id}-flaky-s1`]);
    expect(emu.counters().createCalls).toBe(4 + 3);
    expect(readResults(runDir).summary.perModel.find((m) => m.model.key === 'arith')!.ok).toBe(200);
  });
});
