// `beval run --reuse` with judges: reused answers take their verdicts from the verdict cache (no judge request for
// them), fresh answers are judged in a job of their own, and the judge totals count only what this run sent.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../report/helpers/parse-csv.ts';
import { JUDGE_MODEL, judgeProject, judgeSuite, type JudgeProject } from './helpers.ts';

const N = 110;
const CHANGED = [4, 50, 99];
const MODELS = [{ id: 'beval.arith-v1', label: 'arith' }, { id: 'beval.verbose-v1', label: 'verbose' }];
// The job minimum lowered to 5 (config and emulator): the fresh answers' judge requests (12) go as a batch job.
const CONFIG = {
  models: MODELS, baseline: 'arith', quotas: { minRecordsPerJob: 5 },
  judges: [{ kind: 'rubric', model: JUDGE_MODEL }, { kind: 'pairwise', model: JUDGE_MODEL }],
};

type Results = ReturnType<JudgeProject['latest']>['results'];
type Cells = Record<string, { status: string; scores: ([number | null, boolean | null] | null)[] }>;

function judgeScores(results: Results): unknown[] {
  const metrics = results.summary.metrics.map((m) => m.name);
  return results.records.map((r) => [r.recordId, ...MODELS.map((m) => ['judge-rubric', 'judge-pairwise'].map((name) => (r.cells as Cells)[m.label]!.scores[metrics.indexOf(name)]?.[0] ?? null))]);
}

/** The suite with the records at CHANGED asking another question (a new request for every model). */
function changedSuite(): string {
  const lines = judgeSuite(N).split('\n').filter(Boolean);
  for (const i of CHANGED) {
    const record = JSON.parse(lines[i]!) as { modelInput: { messages: { content: { text: string }[] }[] }; expected: string };
    const content = record.modelInput.messages[0]!.content[0]!;
    const [, a, b] = /What is (\d+) \* (\d+)/.exec(content.text)!;
    content.text = `What is ${Number(a) + 100} * ${b}?`;
    record.expected = String((Number(a) + 100) * Number(b));
    lines[i] = JSON.stringify(record);
  }
  return `${lines.join('\n')}\n`;
}

describe('beval run --reuse with judges', () => {
  let p: JudgeProject;
  let first: ReturnType<JudgeProject['latest']>;
  beforeAll(async () => {
    p = await judgeProject(CONFIG, judgeSuite(N), { emulator: { minRecordsPerJob: 5 } });
    expect((await p.run()).code).toBe(0);
    first = p.latest();
    expect(first.results.summary.judge).toMatchObject({ freshVerdicts: 4 * N, cachedVerdicts: 0 });
  });
  afterAll(() => p.close());

  it('judges only the fresh answers; the reused ones keep their verdicts from the cache, and the judge cost is this run\'s alone', async () => {
    p.writeSuite(changedSuite());
    const second = await p.run(['run', '--reuse', first.id]);
    expect(second.code, second.io.err()).toBe(0);
    expect(second.io.out()).toContain(`arith ${N - 3} reused, 3 to send; verbose ${N - 3} reused, 3 to send`);
    const now = p.latest();
    expect(now.id).not.toBe(first.id);
    // One judge job more, for exactly the fresh answers: a rubric verdict each, and both pairwise orders per record.
    const jobs = p.emulator.jobs().filter((j) => j.modelId === JUDGE_MODEL);
    expect(jobs).toHaveLength(2);
    expect(jobs[1]!.totalRecordCount).toBe(3 * 2 + 3 * 2);
    // Reused answers: the first run's verdicts; fresh ones: judged (a rubric score for both, pairwise for verbose).
    const unchanged = (rows: unknown[]) => rows.filter((_r, i) => !CHANGED.includes(i));
    expect(unchanged(judgeScores(now.results))).toEqual(unchanged(judgeScores(first.results)));
    for (const i of CHANGED) {
      expect(judgeScores(now.results)[i]).toEqual([now.results.records[i]!.recordId, [expect.any(Number), null], [expect.any(Number), expect.any(Number)]]);
    }
    const judge = now.results.summary.judge!;
    expect(judge).toMatchObject({ cachedVerdicts: 4 * N - 12, freshVerdicts: 12, unscored: 0 });
    // The judge cost is what this run sent: the 12 fresh requests, a small part of the first run's 440.
    expect(judge.cost).toBeGreaterThan(0);
    expect(judge.cost!).toBeLessThan(first.results.summary.judge!.cost! * (20 / (4 * N)));
    expect(judge.inputTokens).toBeLessThan(first.results.summary.judge!.inputTokens * (20 / (4 * N)));
    // …and says so wherever it is shown: the terminal, the report header and judges.csv.
    const says = /\$0\.000\d+ for the 12 judge request\(s\) this run sent; the 428 verdict\(s\) from the cache cost nothing here/;
    expect(second.io.out().replace(/\n\s*/g, ' ')).toMatch(new RegExp(`Judge cost: ${says.source}\\.`));
    expect(fs.readFileSync(path.join(now.runDir, 'report.html'), 'utf8')).toMatch(new RegExp(`<dt>Judge cost</dt><dd>${says.source}</dd>`));
    const csv = parseCsv(fs.readFileSync(path.join(now.runDir, 'judges.csv'), 'utf8'));
    expect(csv[0]).toContain('cost_usd');
    expect(csv[1]![csv[0]!.indexOf('fresh_verdicts')]).toBe('12');

    // Reusing the reusing run: every answer and every verdict is known, nothing is sent, the judge cost is 0.
    const third = await p.run(['run', '--reuse', now.id]);
    expect(third.code, third.io.err()).toBe(0);
    expect(p.emulator.jobs().filter((j) => j.modelId === JUDGE_MODEL)).toHaveLength(2);
    const last = p.latest().results;
    expect(last.summary.judge).toMatchObject({ cachedVerdicts: 4 * N, freshVerdicts: 0, unscored: 0, inputTokens: 0, outputTokens: 0, cost: 0 });
    expect(judgeScores(last)).toEqual(judgeScores(now.results));
  });
});
