// A judged run's reports: judge scorers keep scoring on this thread (their verdict maps cannot cross to a worker), but
// the report threads take plain rows, so they write a judged run's reports too, byte for byte as one thread does.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { scoreRun } from '../../src/pipeline/score-run.ts';
import { loadConfig } from '../../src/config/load.ts';
import { readLedger } from '../../src/run/ledger.ts';
import { adviceFor } from '../../src/advice.ts';
import { REPORTER_NAMES, REPORTERS } from '../../src/report/reporters.ts';
import { JUDGE_MODEL, judgeProject, judgeSuite, type JudgeProject } from './helpers.ts';

// Which worker entries were started: the report threads must be among them for this test to say anything.
const started = vi.hoisted(() => [] as string[]);
vi.mock('../../src/engine/ts-worker.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/engine/ts-worker.ts')>();
  return { ...real, startTsWorker: (entry: URL, ...rest: Parameters<typeof real.startTsWorker> extends [URL, ...infer R] ? R : never) => {
    started.push(path.basename(entry.pathname));
    return real.startTsWorker(entry, ...rest);
  } };
});

const FILES = [...REPORTER_NAMES.map((n) => REPORTERS[n].file), 'judges.csv'];

describe('a judged run on report threads', () => {
  let p: JudgeProject;
  beforeAll(async () => {
    p = await judgeProject({
      models: [{ id: 'beval.arith-v1', label: 'arith' }, { id: 'beval.verbose-v1', label: 'verbose' }], baseline: 'arith',
      judges: [{ kind: 'rubric', model: JUDGE_MODEL }, { kind: 'pairwise', model: JUDGE_MODEL }],
    }, judgeSuite(120));
    const r = await p.run();
    expect(r.code, r.io.err()).toBe(0);
  }, 120_000);
  afterAll(() => p.close());

  it('writes every report with the same bytes on two report threads as on one', async () => {
    const { runDir } = p.latest();
    const config = await loadConfig(p.dir, p.config);
    const read = (): Record<string, Buffer> => Object.fromEntries(FILES.map((f) => [f, fs.readFileSync(path.join(runDir, f))]));
    await scoreRun(runDir, readLedger(runDir), config, { advice: adviceFor(p.config), threads: 0 });
    const one = read();
    expect(started).toEqual([]);
    await scoreRun(runDir, readLedger(runDir), config, { advice: adviceFor(p.config), threads: 2 });
    const two = read();
    // Reports on two threads; scoring stayed here (no scoring thread for judge scorers).
    expect(started.sort()).toEqual(['report-worker.ts', 'report-worker.ts']);
    // The judge metrics are in the reports (this is the case under test, not a run without judges).
    expect(one['results.json']!.toString()).toContain('judge-pairwise');
    for (const f of FILES) expect(two[f]!.equals(one[f]!), f).toBe(true);
  });
});
