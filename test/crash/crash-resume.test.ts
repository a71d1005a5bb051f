// Kills `beval run` with SIGKILL at each crash point, resumes it, and checks nothing was duplicated or lost.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import type { CrashPoint } from '../../src/run/crash-points.ts';
import { allShards } from '../../src/run/ledger.ts';
import { ARITH, FLAKY, latestRun, normalised, readResults, writeProject } from '../run/helpers.ts';
import { runBevalProcess } from '../helpers/cli-process.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const N = 250;
// 2 models × 2 jobs of 125 records × 2 input files each: 4 jobs and 8 uploads per run.
const QUOTAS = { maxRecordsPerJob: 125, maxRecordsPerFile: 70 };
const JOBS = 4;
const FILES = 8;
const REPORTS = ['summary.csv', 'records.csv', 'scores.csv'] as const;
// The run pipeline's own points (a judge stage adds `while-judging`, tested with the judge).
const POINTS: CrashPoint[] = ['after-upload', 'after-create-before-ledger', 'while-waiting', 'while-downloading', 'while-scoring'];

let emulator: RunningEmulator;

const beval = runBevalProcess;

function project(): { dir: string; config: string } {
  const dir = tempDir('crash');
  const config = writeProject(dir, N, {
    models: [ARITH, FLAKY], quotas: QUOTAS, target: { kind: 'emulator', endpoint: emulator.endpoint },
  });
  return { dir, config };
}

/** The report files and results.json records of the project's latest run, with run id, times and paths normalised. */
function reports(dir: string): Record<string, string> {
  const { id, runDir } = latestRun(dir);
  const out: Record<string, string> = {};
  for (const f of REPORTS) out[f] = normalised(fs.readFileSync(path.join(runDir, f), 'utf8'), id, dir);
  out['results.json records'] = JSON.stringify(readResults(runDir).records);
  return out;
}

let baseline: Record<string, string>;

beforeAll(async () => {
  emulator = await startEmulator({ timing: { stepMs: 30, recordsPerSecond: 3000 } });
  const { dir, config } = project();
  const run = await beval(dir, ['run', '--config', config]);
  expect(run.code, run.out).toBe(0);
  baseline = reports(dir);
});

afterAll(async () => {
  await emulator?.close();
});

describe('crash and resume: SIGKILL at each crash point, then `beval run --resume`', () => {
  it.each(POINTS.map((p) => [p]))('%s', async (point) => {
    const { dir, config } = project();
    const puts0 = emulator.counters().putObjectCalls;

    const crashed = await beval(dir, ['run', '--config', config], point);
    expect(crashed.signal, crashed.out).toBe('SIGKILL');
    const { id, runDir } = latestRun(dir);
    expect(fs.existsSync(path.join(runDir, 'results.json'))).toBe(false);

    const resumed = await beval(dir, ['run', '--resume', id, '--config', config]);
    expect(resumed.code, resumed.out).toBe(0);
    expect(resumed.out).toContain(`Resuming run ${id}`);
    if (point === 'after-create-before-ledger') expect(resumed.out).toMatch(/shard 0: adopted existing job/);

    // Exactly one job per (model, shard), each the one the ledger names; every input object uploaded once.
    const { ledger } = latestRun(dir);
    const jobs = emulator.jobs().filter((j) => j.jobName.includes(id));
    expect(jobs).toHaveLength(JOBS);
    const names = allShards(ledger).map(({ shard }) => shard.jobName).sort();
    expect(jobs.map((j) => j.jobName).sort()).toEqual(names);
    for (const { shard } of allShards(ledger)) expect(jobs.find((j) => j.jobName === shard.jobName)?.jobArn).toBe(shard.jobArn);
    expect(emulator.counters().putObjectCalls - puts0).toBe(FILES);

    // Every record accounted for, and the same reports as an uninterrupted run.
    const summary = readResults(runDir).summary;
    for (const m of summary.perModel) {
      expect(m.ok + m.errors).toBe(N);
      expect({ missing: m.missing, notRun: m.notRun, notes: m.notes }).toEqual({ missing: 0, notRun: 0, notes: [] });
    }
    expect(reports(dir)).toEqual(baseline);
    expect(ledger.phase).toBe('collected');
  });
});
