// A `beval rerun` process killed (SIGKILL) inside its judge stage, after the rerun's answers were downloaded: the
// resume (`collect`, `rerun` or `run --resume`) submits no judge job twice and loses no verdict; the run ends judged
// as one that never failed.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readLedger } from '../../src/run/ledger.ts';
import { runBevalProcess } from '../helpers/cli-process.ts';
import { expectJudgedAsClean, JUDGE_MODEL, judgeProject, judgeSuite, type JudgeProject } from './helpers.ts';

const N = 110;
const MODELS = [{ id: 'beval.arith-v1', label: 'arith' }, { id: 'beval.verbose-v1', label: 'verbose' }];
const LABELS = MODELS.map((m) => m.label);
// A job minimum of 10 (config and emulator): the few records the rerun sends go realtime, so the first upload and the
// first create of the rerun are its judge job's (their requests, a rubric verdict and two pairwise orders per
// record, reach the minimum).
const MIN = 10;
const CONFIG = {
  models: MODELS, baseline: 'arith', quotas: { minRecordsPerJob: MIN },
  judges: [{ kind: 'rubric', model: JUDGE_MODEL }, { kind: 'pairwise', model: JUDGE_MODEL }],
};

type Results = ReturnType<JudgeProject['latest']>['results'];

const judgeJobs = (p: JudgeProject) => p.emulator.jobs().filter((j) => j.modelId === JUDGE_MODEL);

let clean: Results;
beforeAll(async () => {
  const p = await judgeProject(CONFIG, judgeSuite(N), { emulator: { minRecordsPerJob: MIN } });
  try {
    expect((await p.run()).code).toBe(0);
    clean = p.latest().results;
  } finally {
    await p.close();
  }
});

describe('a rerun killed in its judge stage', () => {
  let p: JudgeProject | undefined;
  afterEach(async () => {
    await p?.close();
    p = undefined;
  });

  it.each([
    // The judge job's input is in S3, the job not created.
    ['after-upload', 'collect', 0],
    // The judge job exists on the service, its ARN is not in the ledger: the resume adopts it by name.
    ['after-create-before-ledger', 'collect', 1],
    // The judge job is created and recorded, its verdicts not downloaded.
    ['while-judging', 'rerun', 1],
    ['while-judging', 'run --resume', 1],
  ] as const)('at %s, then `beval %s`: one judge job for the rerun, every verdict kept', async (point, resume, jobsAtKill) => {
    // verbose fails a few records (under the minimum) on their first attempt only: the rerun sends them realtime.
    const { p: project, id, runDir, failed } = await failedRun(0.06);
    p = project;
    expect(failed).toBeGreaterThanOrEqual(Math.ceil(MIN / 3));
    expect(failed).toBeLessThan(MIN);

    const killed = await runBevalProcess(p.dir, ['rerun', id, '--config', p.config], point);
    expect(killed.signal, killed.out).toBe('SIGKILL');
    // Killed after the rerun's answers were downloaded, in its judge stage: its judge job is planned in the ledger.
    const atKill = readLedger(runDir);
    expect(atKill.models[1]!.shards.map((s) => [s.attempt ?? 1, s.mode, s.status])).toEqual([[1, 'batch', 'Completed'], [2, 'realtime', 'Completed']]);
    expect(atKill.judges).toHaveLength(2);
    expect(judgeJobs(p)).toHaveLength(1 + jobsAtKill);
    expect(atKill.phase).not.toBe('collected');
    await resumeAndCheck(p, resume, id, runDir, failed, point);
  }, 60_000);

  it('killed while downloading the rerun\'s batch answers (before its judge stage), then `beval collect`: judged once', async () => {
    // Enough failures for a batch rerun job: its download is the first of the rerun process.
    const { p: project, id, runDir, failed } = await failedRun(0.2);
    p = project;
    expect(failed).toBeGreaterThanOrEqual(MIN);
    const killed = await runBevalProcess(p.dir, ['rerun', id, '--config', p.config], 'while-downloading');
    expect(killed.signal, killed.out).toBe('SIGKILL');
    const atKill = readLedger(runDir);
    expect(atKill.models[1]!.shards.map((s) => [s.attempt ?? 1, s.mode, s.status])).toEqual([[1, 'batch', 'Completed'], [2, 'batch', 'Completed']]);
    expect(atKill.models[1]!.shards[1]!.downloaded).toBeUndefined();
    // The judge stage never started: no judge job planned for the rerun.
    expect(atKill.judges).toHaveLength(1);
    expect(judgeJobs(p)).toHaveLength(1);
    await resumeAndCheck(p, 'collect', id, runDir, failed, 'while-downloading');
  }, 60_000);
});

/** A run of the project in which verbose fails `fraction` of its records on their first attempt only. */
async function failedRun(fraction: number): Promise<{ p: JudgeProject; id: string; runDir: string; failed: number }> {
  const p = await judgeProject(CONFIG, judgeSuite(N), { emulator: { minRecordsPerJob: MIN, faults: [{ kind: 'record-errors', fraction, times: 1, model: MODELS[1]!.id }] } });
  const run = await p.run();
  expect(run.code, run.io.err()).toBe(0);
  const { id, runDir, results } = p.latest();
  expect(judgeJobs(p)).toHaveLength(1);
  return { p, id, runDir, failed: results.summary.perModel[1]!.errors };
}

/** Resumes the killed rerun with `resume` and checks it ends as a run that never failed, with one judge job per attempt. */
async function resumeAndCheck(p: JudgeProject, resume: string, id: string, runDir: string, failed: number, point: string): Promise<void> {
  const resumed = await runBevalProcess(p.dir, [...resume.split(' '), id, '--config', p.config]);
  expect(resumed.code, resumed.out).toBe(0);
  if (point === 'after-create-before-ledger') expect(resumed.out).toMatch(/adopted existing job/);
  // One judge job for the rerun's answers (a rubric verdict each, both pairwise orders per record), none twice.
  expect(judgeJobs(p)).toHaveLength(2);
  expect(judgeJobs(p)[1]!.totalRecordCount).toBe(3 * failed);
  expect(p.emulator.counters().converseCalls[JUDGE_MODEL] ?? 0).toBe(0);
  const ledger = readLedger(runDir);
  expect(ledger.phase).toBe('collected');
  expect(ledger.judges!.flatMap((m) => m.shards.map((s) => s.status))).toEqual(['Completed', 'Completed']);
  expectJudgedAsClean(p.latest().results, clean, LABELS);
}
