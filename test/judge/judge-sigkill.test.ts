// SIGKILL inside the judge stage (BEVAL_CRASH_AT=while-judging) of a real `beval run` process, then `--resume`.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { latestRun } from '../run/helpers.ts';
import { judgeProject, judgeSuite, type JudgeProject } from './helpers.ts';

const BIN = fileURLToPath(new URL('../../bin/beval.js', import.meta.url));
let p: JudgeProject | undefined;
afterAll(() => p?.close());

function beval(cwd: string, args: string[], crashAt?: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
    delete env.BEVAL_CRASH_AT;
    if (crashAt) env.BEVAL_CRASH_AT = crashAt;
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, out }));
  });
}

it('a process killed while judging resumes, adopts the judge job and scores every judge verdict', async () => {
  p = await judgeProject({
    models: [{ id: 'beval.arith-v1', label: 'arith' }, { id: 'beval.verbose-v1', label: 'verbose' }], baseline: 'arith',
    judges: [{ kind: 'reference', model: 'beval.judge-v1' }, { kind: 'pairwise', model: 'beval.judge-v1' }],
  }, judgeSuite(105));
  const crashed = await beval(p.dir, ['run', '--config', p.config], 'while-judging');
  expect(crashed.signal, crashed.out).toBe('SIGKILL');
  const { id, ledger } = latestRun(p.dir);
  expect(ledger.models.find((m) => m.stage === 'judge')?.shards[0]?.jobArn).toBeDefined();
  expect(p.judgeJobs()).toBe(1);

  const resumed = await beval(p.dir, ['run', '--resume', id, '--config', p.config]);
  expect(resumed.code, resumed.out).toBe(0);
  expect(p.judgeJobs()).toBe(1);
  const { results } = p.latest();
  // 2 models × 105 reference requests + 105 candidate records × 2 orders, all judged by the one job.
  expect(results.summary.judge).toMatchObject({ freshVerdicts: 420, cachedVerdicts: 0, unscored: 0 });
  expect(results.summary.judge!.pairwise![0]!.judged).toBe(105);
}, 60_000);
