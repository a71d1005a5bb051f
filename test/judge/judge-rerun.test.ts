// `beval rerun` with judges: the rerun's new answers are judged (one judge job for just them), the verdicts and the
// judge totals end equal to a run that never failed (each answer judged and billed once), and a reply a content
// filter stopped is never judged (it is not an answer, so its verdict would be paid for and never used).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultSpec } from '../../src/emulator/index.ts';
import { readStageCounts } from '../../src/judge/judge-files.ts';
import { expectJudgedAsClean, JUDGE_MODEL, judgeProject, judgeSuite, type JudgeProject } from './helpers.ts';

const N = 110;
const MODELS = [{ id: 'beval.arith-v1', label: 'arith' }, { id: 'beval.verbose-v1', label: 'verbose' }];
const LABELS = MODELS.map((m) => m.label);
// The job minimum lowered to 5 (config and emulator), so the rerun's records and their judge requests go as batch jobs.
const CONFIG = {
  models: MODELS, baseline: 'arith', quotas: { minRecordsPerJob: 5 },
  judges: [{ kind: 'rubric', model: JUDGE_MODEL }, { kind: 'pairwise', model: JUDGE_MODEL }],
};

type Results = ReturnType<JudgeProject['latest']>['results'];
type Cells = Record<string, { status: string; scores: ([number | null, boolean | null] | null)[]; reason?: string }>;

/** Suite indices whose record has `status` for the model. */
function indices(results: Results, model: string, status: string): number[] {
  return results.records.flatMap((r, i) => ((r.cells as Cells)[model]!.status === status ? [i] : []));
}

/** Judge requests for the answers of `fresh` records: a rubric verdict per answer, both pairwise orders per candidate record. */
function judgeRequests(arith: number[], verbose: number[]): number {
  return arith.length + verbose.length + 2 * new Set([...arith, ...verbose]).size;
}

const judgeJobs = (p: JudgeProject) => p.emulator.jobs().filter((j) => j.modelId === JUDGE_MODEL);

let clean: Results;
beforeAll(async () => {
  const p = await judgeProject(CONFIG, judgeSuite(N), { emulator: { minRecordsPerJob: 5 } });
  try {
    expect((await p.run()).code).toBe(0);
    clean = p.latest().results;
    expect(clean.summary.judge).toMatchObject({ freshVerdicts: 2 * N + 2 * N, cachedVerdicts: 0, unscored: 0 });
  } finally {
    await p.close();
  }
});

describe('beval rerun with judges', () => {
  let p: JudgeProject | undefined;
  afterAll(async () => p?.close());

  it.each([
    ['error', 'record-errors'],
    ['filtered', 'filtered'],
  ] as const)('records that were %s in attempt 1: the rerun judges their new answers once, and the run ends judged as if nothing failed', async (status, kind) => {
    await p?.close();
    // Each picked record fails (or is filtered) on its first attempt only, for both models: the baseline's too, so
    // pairwise verdicts of a candidate's unchanged answer are due once the rerun answers the baseline.
    const faults = MODELS.map((m): FaultSpec => ({ kind, fraction: 0.1, times: 1, model: m.id }));
    p = await judgeProject(CONFIG, judgeSuite(N), { emulator: { minRecordsPerJob: 5, faults } });
    const run = await p.run();
    expect(run.code, run.io.err()).toBe(0);
    const first = p.latest();
    const failed = { arith: indices(first.results, 'arith', status), verbose: indices(first.results, 'verbose', status) };
    expect(failed.arith.length).toBeGreaterThanOrEqual(5);
    expect(failed.verbose.length).toBeGreaterThanOrEqual(5);
    // Attempt 1 judged only answers: no verdict is asked for a filtered reply, nor against a baseline that has none.
    expect(judgeJobs(p)).toHaveLength(1);
    expect(judgeJobs(p)[0]!.totalRecordCount).toBe(4 * N - judgeRequests(failed.arith, failed.verbose));
    expect(readStageCounts(first.runDir)?.requests).toBe(4 * N - judgeRequests(failed.arith, failed.verbose));
    const pairwise = first.results.summary.metrics.findIndex((m) => m.name === 'judge-pairwise');
    for (const i of failed.arith) {
      const cell = (first.results.records[i]!.cells as Cells).verbose!;
      expect(cell.scores[pairwise]?.[0] ?? null).toBeNull();
    }

    const rerun = await p.run(['rerun', first.id, ...(status === 'filtered' ? ['--only', 'filtered'] : [])]);
    expect(rerun.code, rerun.io.err()).toBe(0);
    // One judge job more, holding exactly the requests the new answers need.
    expect(judgeJobs(p)).toHaveLength(2);
    expect(judgeJobs(p)[1]!.totalRecordCount).toBe(judgeRequests(failed.arith, failed.verbose));
    const after = p.latest().results;
    // Each answer was judged and billed once: the judge totals of a run that never failed.
    expectJudgedAsClean(after, clean, LABELS);
  });
});
