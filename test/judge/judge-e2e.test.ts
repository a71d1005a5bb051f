// End to end through the emulator: every judge kind, reasons in the reports, the cache on a second run, re-scoring.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../report/helpers/parse-csv.ts';
import { judgeProject, judgeSuite, type JudgeProject } from './helpers.ts';

const N = 120;
const GARBLED = new Set([5, 17, 60]);
const CONFIG = {
  models: [{ id: 'beval.arith-v1', label: 'arith' }, { id: 'beval.verbose-v1', label: 'verbose' }],
  baseline: 'arith',
  judges: [
    { kind: 'rubric', model: 'beval.judge-v1', rubric: 'The final answer is arithmetically correct.' },
    { kind: 'rubric', model: 'beval.judge-v1', name: 'judge-score', scale: '1-5' },
    { kind: 'reference', model: 'beval.judge-v1' },
    { kind: 'pairwise', model: 'beval.judge-v1' },
  ],
};

type Cells = Record<string, { status: string; scores: ([number | null, boolean | null] | null)[] }>;

function column(results: ReturnType<JudgeProject['latest']>['results'], metric: string, model: string): (number | null)[] {
  const j = results.summary.metrics.findIndex((m) => m.name === metric);
  return results.records.map((r) => (r.cells as Cells)[model]!.scores[j]?.[0] ?? null);
}

describe('judges end to end', () => {
  let p: JudgeProject;
  let first: ReturnType<JudgeProject['latest']>;
  let firstOut: string;

  beforeAll(async () => {
    p = await judgeProject(CONFIG, judgeSuite(N, GARBLED));
    const { code, io } = await p.run();
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    firstOut = io.out();
    first = p.latest();
  });
  afterAll(() => p.close());

  it('runs the judge stage as one batch job of the judge model, recorded in the ledger as a judge shard', () => {
    expect(p.judgeJobs()).toBe(1);
    const judgeModels = first.ledger.judges ?? [];
    expect(judgeModels).toHaveLength(1);
    expect(judgeModels[0]!.shards[0]!.status).toBe('Completed');
    // 2 models × 120 records × 3 grading judges + 120 candidate records × 2 orders
    expect(first.results.summary.judge).toMatchObject({ freshVerdicts: 960, cachedVerdicts: 0 });
    expect(first.results.summary.judge!.inputTokens).toBeGreaterThan(0);
    expect(first.results.summary.judge!.cost).toBeGreaterThan(0);
    expect(first.results.summary.models.map((m) => m.key)).toEqual(['arith', 'verbose']);
    expect(firstOut).toMatch(/judge: 960 request\(s\) to beval\.judge-v1 in 1 batch job/);
  });

  it('beval runs counts the models under evaluation, not the judge stage', async () => {
    const { code, io } = await p.run(['runs']);
    expect(code).toBe(0);
    const row = io.out().split('\n').find((l) => l.startsWith(first.ledger.runId))!;
    // RUN, CREATED (date time), SUITE (name hash), RECORDS, then the headline per model: the two models, no judge.
    expect(row.split(/\s+/)[5]).toBe(String(N));
    expect(row).toMatch(/numeric: arith \S+ \(\d+%\), verbose \S+ \(\d+%\)\s/);
  });

  it('grades like an independent check of the answers, and never scores an unparseable verdict as zero', () => {
    for (const model of ['arith', 'verbose']) {
      const numeric = column(first.results, 'numeric', model);
      for (const metric of ['judge-rubric', 'judge-reference']) {
        const judged = column(first.results, metric, model);
        judged.forEach((v, i) => expect(v).toBe(GARBLED.has(i) ? null : numeric[i]));
      }
      const scores = column(first.results, 'judge-score', model);
      scores.forEach((v, i) => {
        if (GARBLED.has(i)) expect(v).toBeNull();
        else if (numeric[i] === 1) expect(v).toBe(5);
        else expect(v).toBeLessThanOrEqual(2);
      });
    }
    const rubric = first.results.summary.perModel[0]!.metrics.find((m) => m.metric === 'judge-rubric')!;
    expect(rubric.scored).toBe(N - GARBLED.size);
    // 3 grading judges × 2 models + pairwise for the candidate, per garbled record
    expect(first.results.summary.judge!.unscored).toBe(GARBLED.size * 7);
  });

  it('pairwise: the always-correct candidate wins exactly where the baseline is wrong, ties elsewhere, baseline unscored', () => {
    const arithWrong = column(first.results, 'numeric', 'arith').filter((v, i) => v === 0 && !GARBLED.has(i)).length;
    const pair = first.results.summary.judge!.pairwise![0]!;
    expect(pair).toMatchObject({ metric: 'judge-pairwise', baseline: 'arith', candidate: 'verbose', judged: N - GARBLED.size, wins: arithWrong, losses: 0 });
    expect(pair.ties).toBe(N - GARBLED.size - arithWrong);
    expect(pair.winRate!.ci.low).toBeLessThan(pair.winRate!.rate);
    expect(column(first.results, 'judge-pairwise', 'arith').every((v) => v === null)).toBe(true);
    const cmp = first.results.summary.comparisons.find((c) => c.metric === 'judge-rubric' && c.candidate === 'verbose');
    expect(cmp?.paired).toBe(N - GARBLED.size);
  });

  it('shows each verdict\'s reason in scores.csv and the HTML report', () => {
    const [header, ...rows] = parseCsv(fs.readFileSync(path.join(first.runDir, 'scores.csv'), 'utf8').replace(/\n$/, ''));
    const at = (name: string) => header!.indexOf(name);
    const judged = rows.filter((r) => r[at('scorer')] === 'judge-pairwise' && r[at('model')] === 'verbose');
    expect(judged.some((r) => /^win vs arith\. Candidate first: win: Only response A reaches/.test(r[at('reason')] ?? ''))).toBe(true);
    const garbled = rows.find((r) => r[at('record_id')] === 'r0005' && r[at('scorer')] === 'judge-rubric');
    expect(garbled?.[at('value')] ?? '').toBe('');
    expect(garbled?.[at('reason')]).toMatch(/^Unparseable judge reply/);
    const html = fs.readFileSync(path.join(first.runDir, 'report.html'), 'utf8');
    expect(html).toContain('matches the reference');
  });

  it('a second run submits no judge job and reports every verdict as cached, with the same scores', async () => {
    const { code, io } = await p.run();
    expect(code).toBe(0);
    expect(p.judgeJobs()).toBe(1);
    expect(io.out()).toMatch(/no judge job submitted/);
    const second = p.latest();
    expect(second.id).not.toBe(first.id);
    expect(second.results.summary.judge).toMatchObject({ cachedVerdicts: 960, freshVerdicts: 0, inputTokens: 0, outputTokens: 0, unscored: GARBLED.size * 7 });
    for (const metric of ['judge-rubric', 'judge-score', 'judge-reference', 'judge-pairwise']) {
      expect(column(second.results, metric, 'verbose')).toEqual(column(first.results, metric, 'verbose'));
    }
  });

  it('beval score re-scores from the run directory even without the cache (no Bedrock call)', async () => {
    fs.rmSync(path.join(p.dir, 'reports', '.judge-cache'), { recursive: true, force: true });
    const jobs = p.emulator.counters().jobsCreated;
    const { code } = await p.run(['score', first.id]);
    expect(code).toBe(0);
    expect(p.emulator.counters().jobsCreated).toBe(jobs);
    const again = p.latest().id === first.id ? p.latest() : { results: JSON.parse(fs.readFileSync(path.join(first.runDir, 'results.json'), 'utf8')) as typeof first.results };
    expect(column(again.results, 'judge-pairwise', 'verbose')).toEqual(column(first.results, 'judge-pairwise', 'verbose'));
  });
});
