// The judge stage's resilience: a crash inside it resumes without a second judge job; Ctrl-C during realtime judging;
// below-minimum handling.
import { afterEach, describe, expect, it } from 'vitest';
import type { CrashPoint } from '../../src/run/crash-points.ts';
import { latestRun } from '../run/helpers.ts';
import { readStageCounts } from '../../src/judge/judge-files.ts';
import { judgeProject, judgeSuite, type JudgeProject } from './helpers.ts';

const MODELS = [{ id: 'beval.arith-v1', label: 'arith' }, { id: 'beval.verbose-v1', label: 'verbose' }];
const RUBRIC = [{ kind: 'rubric', model: 'beval.judge-v1' }];

function judgeColumn(p: JudgeProject, model: string): (number | null)[] {
  const { results } = p.latest();
  const j = results.summary.metrics.findIndex((m) => m.name === 'judge-rubric');
  return results.records.map((r) => (r.cells as Record<string, { scores: ([number | null] | null)[] }>)[model]!.scores[j]?.[0] ?? null);
}

describe('judge stage crash and resume', () => {
  let p: JudgeProject;
  afterEach(() => p.close());

  it('a crash after the judge job is created resumes by adopting it: one judge job, every verdict scored', async () => {
    p = await judgeProject({ models: MODELS, baseline: 'arith', judges: RUBRIC }, judgeSuite(110));
    const seen: CrashPoint[] = [];
    const crashed = await p.run(['run'], {
      crashAt: (point) => {
        seen.push(point);
        if (point === 'while-judging') throw new Error('simulated crash inside the judge stage');
      },
    });
    expect(crashed.code).toBe(1);
    expect(seen).toContain('while-judging');
    const before = latestRun(p.dir);
    const judge = before.ledger.judges?.[0];
    expect(judge?.shards[0]?.jobArn).toBeDefined();
    expect(judge?.shards[0]?.downloaded).toBeUndefined();
    expect(p.judgeJobs()).toBe(1);

    const resumed = await p.run(['run', '--resume', before.id]);
    expect(resumed.io.err()).toBe('');
    expect(resumed.code).toBe(0);
    expect(p.judgeJobs()).toBe(1);
    expect(p.latest().id).toBe(before.id);
    expect(judgeColumn(p, 'verbose').every((v) => v === 1)).toBe(true);
    expect(p.latest().results.summary.judge).toMatchObject({ freshVerdicts: 220, cachedVerdicts: 0, unscored: 0 });
  });
});

describe('Ctrl-C while judges go through realtime Converse', () => {
  let p: JudgeProject;
  afterEach(() => p.close());

  it('stops the run as interrupted (exit 130, resume command) instead of collecting it, and the resume judges the rest', async () => {
    p = await judgeProject({ models: MODELS, baseline: 'arith', judges: RUBRIC, judge: { belowMinimum: 'realtime' }, mode: 'realtime' }, judgeSuite(5));
    const ac = new AbortController();
    let err = '';
    const stopped = await p.run(['run'], {
      signal: ac.signal,
      stderr: { write: (t: string) => { err += t; if (/realtime Converse API/.test(t)) ac.abort(); return true; } },
    });
    expect(err).toMatch(/sending them through the realtime Converse API/);
    expect(stopped.code).toBe(130);
    expect(stopped.io.out()).toMatch(/Resume with:\n\s+beval run --resume \S+/);
    const before = latestRun(p.dir);
    expect(before.ledger.phase).not.toBe('collected');
    // Nothing was sent after Ctrl-C, so nothing counts as a fresh verdict.
    expect(p.emulator.counters().converseCalls['beval.judge-v1'] ?? 0).toBe(0);
    expect(readStageCounts(before.runDir)).toMatchObject({ requests: 10, submitted: 0, realtime: 0 });

    const resumed = await p.run(['run', '--resume', before.id]);
    expect(resumed.io.err()).toMatch(/sending them through the realtime Converse API/);
    expect(resumed.code).toBe(0);
    expect(p.latest().ledger.phase).toBe('collected');
    expect(p.emulator.counters().converseCalls['beval.judge-v1']).toBe(10);
    expect(p.latest().results.summary.judge).toMatchObject({ freshVerdicts: 10, cachedVerdicts: 0, unscored: 0 });
  });
});

describe('fewer new judge requests than the batch minimum', () => {
  let p: JudgeProject;
  afterEach(() => p.close());

  /** A first run of 110 records fills the cache; the second adds 3 records, so only 6 requests are new. */
  async function secondRunWithThreeNewRecords(judge?: Record<string, unknown>): Promise<{ code: number; err: string; out: string }> {
    p = await judgeProject({ models: MODELS, baseline: 'arith', judges: RUBRIC }, judgeSuite(110));
    expect((await p.run()).code).toBe(0);
    p.writeSuite(judgeSuite(113));
    p.writeConfig({ models: MODELS, baseline: 'arith', judges: RUBRIC, ...(judge ? { judge } : {}) });
    const { code, io } = await p.run();
    return { code, err: io.err(), out: io.out() };
  }

  it('by default says so, submits nothing and leaves the new records unscored (counted)', async () => {
    const r = await secondRunWithThreeNewRecords();
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/6 new judge request\(s\) for beval\.judge-v1 are below the batch minimum of 100 records per job: they stay unscored\. To judge them, set judge\.belowMinimum/);
    expect(p.judgeJobs()).toBe(1);
    expect(judgeColumn(p, 'verbose').slice(110)).toEqual([null, null, null]);
    expect(p.latest().results.summary.judge).toMatchObject({ cachedVerdicts: 220, freshVerdicts: 0, skipped: 6, unscored: 6 });
  });

  it("'pad' submits a job padded to the minimum and discards the padded verdicts", async () => {
    const r = await secondRunWithThreeNewRecords({ belowMinimum: 'pad' });
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/padding the job with 94 repeated request\(s\)/);
    expect(p.judgeJobs()).toBe(2);
    const padded = p.emulator.jobs().filter((j) => j.modelId === 'beval.judge-v1').at(-1);
    expect(padded?.totalRecordCount).toBe(100);
    expect(judgeColumn(p, 'verbose').slice(110)).toEqual([1, 1, 1]);
    expect(p.latest().results.summary.judge).toMatchObject({ cachedVerdicts: 220, freshVerdicts: 6, padded: 94, unscored: 0 });
    // The judge cost counts the billed copies, and says so.
    expect(r.out.replace(/\n\s*/g, ' ')).toMatch(/Judge cost: \$[\d.]+ for the 6 judge request\(s\) and 94 padding copies this run sent; the 220 verdict\(s\) from the cache cost nothing here\./);
  });

  it("'realtime' judges them through runtime Converse instead of a batch job", async () => {
    const r = await secondRunWithThreeNewRecords({ belowMinimum: 'realtime' });
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/sending them through the realtime Converse API/);
    expect(p.judgeJobs()).toBe(1);
    expect(p.emulator.counters().converseCalls['beval.judge-v1']).toBe(6);
    expect(judgeColumn(p, 'verbose').slice(110)).toEqual([1, 1, 1]);
    expect(p.latest().results.summary.judge).toMatchObject({ freshVerdicts: 6, unscored: 0 });
    expect(p.latest().results.summary.judge!.outputTokens).toBeGreaterThan(0);
  });
});

describe('judge requests that failed', () => {
  let p: JudgeProject;
  afterEach(() => p.close());

  it('are asked again by the next collect, in a judge job of their own, even when every request of the job failed', async () => {
    // Every judge request fails once (a per-record 500/429), then answers.
    p = await judgeProject({ models: MODELS, baseline: 'arith', judges: RUBRIC }, judgeSuite(110), {
      emulator: { faults: [{ kind: 'record-errors', fraction: 1, times: 1, model: 'beval.judge-v1' }] },
    });
    expect((await p.run()).code).toBe(0);
    const first = p.latest();
    expect(p.judgeJobs()).toBe(1);
    expect(first.results.summary.judge).toMatchObject({ freshVerdicts: 220, unscored: 220 });
    expect(judgeColumn(p, 'verbose').every((v) => v === null)).toBe(true);

    const collected = await p.run(['collect', first.id]);
    expect(collected.code, collected.io.err()).toBe(0);
    expect(collected.io.out()).not.toMatch(/already known/);
    expect(p.judgeJobs()).toBe(2);
    expect(p.emulator.jobs().filter((j) => j.modelId === 'beval.judge-v1')[1]!.totalRecordCount).toBe(220);
    expect(judgeColumn(p, 'verbose').every((v) => v === 1)).toBe(true);
    expect(p.latest().results.summary.judge).toMatchObject({ freshVerdicts: 220, cachedVerdicts: 0, unscored: 0 });
    // Asked once more only: a third collect finds every verdict known.
    const again = await p.run(['collect', first.id]);
    expect(again.code).toBe(0);
    expect(p.judgeJobs()).toBe(2);
  });
});
