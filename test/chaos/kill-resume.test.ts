// Randomised kill-and-resume: `beval run` SIGKILLed at seeded random moments (not only at the named crash points),
// resumed with `run --resume`, `collect`, `collect --no-wait` or `status`, killed again, finished with `run --resume`
// or `collect`; then checked against the standalone emulator's own job list (ListModelInvocationJobs through the SDK)
// and an uninterrupted run of the same project. A seed fixes the schedule (commands, kill moments); a kill at an output
// line lands at the same place on any machine, a kill at a time only roughly (it depends on the machine's speed).
// Widen the search locally: BEVAL_CHAOS_SEEDS=100-299 [BEVAL_CHAOS_SHAPE=pairwise|serial] npx vitest run test/chaos
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { startStandaloneEmulator, type StandaloneEmulator } from './standalone-emulator.ts';
import { MIN_RECORDS, SHAPES, bevalStep, chaosProject, chaosRun, jobNames, reportsOf, runsOf, trace, violations } from './kill-resume.ts';

/** `3`, `1-20` or `4,9,12`: which seeds to run. */
function seedList(spec: string | undefined): number[] {
  if (!spec) return [1, 2, 3, 4];
  return spec.split(',').flatMap((part) => {
    const [a, b] = part.split('-').map(Number);
    return b === undefined ? [a!] : Array.from({ length: b - a! + 1 }, (_, i) => a! + i);
  });
}

const SEEDS = seedList(process.env.BEVAL_CHAOS_SEEDS);
/** The project shape (kill-resume.ts SHAPES); only `judged` is run by default. */
const SHAPE = SHAPES[(process.env.BEVAL_CHAOS_SHAPE ?? 'judged') as keyof typeof SHAPES];
if (!SHAPE) throw new Error(`BEVAL_CHAOS_SHAPE=${process.env.BEVAL_CHAOS_SHAPE}: use one of ${Object.keys(SHAPES).join(', ')}`);
/** Killed processes per seed: 1 to MAX_KILLS, drawn from the seed. */
const MAX_KILLS = 4;

let emulator: StandaloneEmulator;
let baseline: { names: string[]; reports: Record<string, string>; span: { ms: number; startupMs: number; lines: number } };
const dirs: string[] = [];

beforeAll(async () => {
  emulator = await startStandaloneEmulator(MIN_RECORDS);
  const { dir, config } = chaosProject(emulator.endpoint, SHAPE);
  dirs.push(dir);
  const run = await bevalStep(dir, ['run', '--config', config]);
  expect(run.code, run.out).toBe(0);
  const id = runsOf(dir)[0]!;
  // The span only sets where kill moments are drawn from; nothing is asserted about time.
  baseline = { names: jobNames(await emulator.jobs(id), id), reports: reportsOf(dir, id), span: { ms: run.ms, startupMs: run.firstLineMs, lines: run.lines } };
}, 60_000);

afterAll(async () => {
  await emulator?.stop();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('kill -9 at random moments, resume, repeat: nothing lost, nothing submitted twice, same reports', () => {
  it.each(SEEDS)('seed %i', async (seed) => {
    // eslint-disable-next-line no-console
    console.log(`chaos seed ${seed} (reproduce: BEVAL_CHAOS_SEEDS=${seed} npx vitest run test/chaos/kill-resume.test.ts)`);
    const project = chaosProject(emulator.endpoint, SHAPE);
    dirs.push(project.dir);
    const outcome = await chaosRun(project, seed, { maxKills: MAX_KILLS, span: baseline.span });
    // eslint-disable-next-line no-console
    console.log(trace(outcome.steps));
    const found = await violations(emulator, outcome, baseline);
    expect(found, `seed ${seed}\n${trace(outcome.steps)}`).toEqual([]);
    fs.rmSync(outcome.dir, { recursive: true, force: true });
  }, 90_000);
});
