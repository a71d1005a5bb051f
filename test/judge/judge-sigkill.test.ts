// SIGKILL inside the judge stage (BEVAL_CRASH_AT=while-judging) of a real `beval run` process, then `--resume`.
import { afterAll, expect, it } from 'vitest';
import { latestRun } from '../run/helpers.ts';
import { judgeProject, judgeSuite, type JudgeProject } from './helpers.ts';
import { runBevalProcess } from '../helpers/cli-process.ts';

let p: JudgeProject | undefined;
afterAll(() => p?.close());

const beval = runBevalProcess;

it('a process killed while judging resumes, adopts the judge job and scores every judge verdict', async () => {
  p = await judgeProject({
    models: [{ id: 'beval.arith-v1', label: 'arith' }, { id: 'beval.verbose-v1', label: 'verbose' }], baseline: 'arith',
    judges: [{ kind: 'reference', model: 'beval.judge-v1' }, { kind: 'pairwise', model: 'beval.judge-v1' }],
  }, judgeSuite(105));
  const crashed = await beval(p.dir, ['run', '--config', p.config], 'while-judging');
  expect(crashed.signal, crashed.out).toBe('SIGKILL');
  const { id, ledger } = latestRun(p.dir);
  expect(ledger.judges?.[0]?.shards[0]?.jobArn).toBeDefined();
  expect(p.judgeJobs()).toBe(1);

  const resumed = await beval(p.dir, ['run', '--resume', id, '--config', p.config]);
  expect(resumed.code, resumed.out).toBe(0);
  expect(p.judgeJobs()).toBe(1);
  const { results } = p.latest();
  // 2 models × 105 reference requests + 105 candidate records × 2 orders, all judged by the one job.
  expect(results.summary.judge).toMatchObject({ freshVerdicts: 420, cachedVerdicts: 0, unscored: 0 });
  expect(results.summary.judge!.pairwise![0]!.judged).toBe(105);
}, 60_000);
