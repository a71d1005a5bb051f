// Randomised kill-and-resume: runs `beval run` as a child process, SIGKILLs it at seeded random moments, resumes it
// with `run --resume` or `collect`, and checks the run against the emulator's own job list and an uninterrupted run.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { allShards, readLedger, type Ledger } from '../../src/run/ledger.ts';
import { listRunIds } from '../../src/run/run-dir.ts';
import { BEVAL_BIN } from '../helpers/cli-process.ts';
import { ARITH, FLAKY, VERBOSE, normalised, readResults, suiteLines } from '../run/helpers.ts';
import type { RemoteJob, StandaloneEmulator } from './standalone-emulator.ts';
// The statistics' seeded generator: a failing kill schedule reproduces from its seed.
import { mulberry32 as rng } from '../../src/stats/random.ts';
import { tempDir } from '../helpers/temp-dir.ts';

export interface ChaosShape {
  records: number;
  quotas: Record<string, number>;
  judges: Record<string, unknown>[];
}

const RUBRIC = { kind: 'rubric', model: 'beval.judge-v1', rubric: 'The final answer is arithmetically correct.' };

/**
 * `judged` (the committed test): 3 models × 3 shards of 40 records × 2 input files, at most 2 jobs per model at a
 * time, and a rubric judge whose ~260 requests make 7 judge shards: a few seconds on the standalone emulator's default
 * pacing. The others widen a local search: `pairwise` (a rubric, a reference and a pairwise judge: 3 judges on one
 * model, and requests that depend on the baseline's answers) and `serial` (no judge, 5 shards per model, one job at
 * a time per model, so most kills land between jobs).
 */
export const SHAPES = {
  judged: {
    records: 120,
    quotas: { minRecordsPerJob: 20, maxRecordsPerJob: 40, maxRecordsPerFile: 25, maxConcurrentJobsPerModel: 2 },
    judges: [RUBRIC],
  },
  pairwise: {
    records: 100,
    quotas: { minRecordsPerJob: 20, maxRecordsPerJob: 50, maxRecordsPerFile: 30, maxConcurrentJobsPerModel: 3 },
    judges: [RUBRIC, { kind: 'reference', model: 'beval.judge-v1' }, { kind: 'pairwise', model: 'beval.judge-v1' }],
  },
  serial: {
    records: 150,
    quotas: { minRecordsPerJob: 20, maxRecordsPerJob: 30, maxRecordsPerFile: 30, maxConcurrentJobsPerModel: 1 },
    judges: [],
  },
} satisfies Record<string, ChaosShape>;

export const SHAPE: ChaosShape = SHAPES.judged;

/** The emulator's `--min-records` for SHAPE's quotas. */
export const MIN_RECORDS = 20;

/** A fresh project (suite + eval.config.ts) on the standalone emulator. */
export function chaosProject(endpoint: string, shape: ChaosShape = SHAPE): { dir: string; config: string } {
  const dir = tempDir('chaos');
  fs.writeFileSync(path.join(dir, 'suite.jsonl'), suiteLines(shape.records));
  const config = path.join(dir, 'eval.config.ts');
  const full = {
    suite: 'suite.jsonl', outDir: 'reports', scorers: ['numeric', ['contains', { value: 'Answer:' }]],
    models: [ARITH, FLAKY, VERBOSE], baseline: 'arith', quotas: shape.quotas, seed: 7,
    polling: { initialMs: 20, maxMs: 100 },
    target: { kind: 'emulator', endpoint },
    ...(shape.judges.length ? { judges: shape.judges } : {}),
  };
  fs.writeFileSync(config, `export default ${JSON.stringify(full, null, 2)};\n`);
  return { dir, config };
}

/** When to kill a process: after `ms` milliseconds, or as its `line`-th output line arrives. */
export type KillPlan = { ms: number } | { line: number };

export interface Step {
  args: string[];
  kill?: KillPlan;
  code: number | null;
  signal: NodeJS.Signals | null;
  lines: number;
  out: string;
  /** The last output line before the process ended: roughly where a kill landed. */
  lastLine: string;
  /** Milliseconds from spawn to the first output line (process start-up), and to exit. */
  firstLineMs: number;
  ms: number;
}

/** Runs bin/beval.js in `cwd`, killing it with SIGKILL as `kill` says (if it is still running then). */
export function bevalStep(cwd: string, args: string[], kill?: KillPlan): Promise<Step> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
    delete env.BEVAL_CRASH_AT;
    const child = spawn(process.execPath, [BEVAL_BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let lines = 0;
    const t0 = Date.now();
    let firstLineMs = -1;
    const killNow = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    const timer = kill && 'ms' in kill ? setTimeout(killNow, kill.ms) : undefined;
    const onData = (d: Buffer) => {
      const text = d.toString();
      out += text;
      lines += text.split('\n').length - 1;
      if (firstLineMs < 0 && lines > 0) firstLineMs = Date.now() - t0;
      if (kill && 'line' in kill && lines >= kill.line) killNow();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const lastLine = out.trimEnd().split('\n').at(-1) ?? '';
      const ms = Date.now() - t0;
      resolve({ args, ...(kill ? { kill } : {}), code, signal, lines, out, lastLine, firstLineMs: firstLineMs < 0 ? ms : firstLineMs, ms });
    });
  });
}

/** The one run of a chaos project that has a ledger (a process killed before planning leaves none). */
export function runsOf(dir: string): string[] {
  return listRunIds(path.join(dir, 'reports'));
}

export interface Schedule {
  /** At most this many killed processes (at least one, drawn from the seed) before the last, which runs to the end. */
  maxKills: number;
  /** Wall time, start-up time and output lines of an uninterrupted run: the range kill moments are drawn from. */
  span: { ms: number; startupMs: number; lines: number };
}

export interface ChaosOutcome {
  dir: string;
  config: string;
  runId: string;
  steps: Step[];
}

function describeKill(k?: KillPlan): string {
  if (!k) return 'to the end';
  return 'ms' in k ? `kill at ${k.ms} ms` : `kill at output line ${k.line}`;
}

/** A readable trace of the steps, for failure messages. */
export function trace(steps: Step[]): string {
  return steps.map((s, i) => `#${i} beval ${s.args.filter((a) => !a.includes('eval.config')).join(' ')} (${describeKill(s.kill)}) → ${s.signal ?? `exit ${s.code}`} after ${s.lines} line(s), the last: ${s.lastLine.slice(0, 120)}`).join('\n');
}

/**
 * One seeded chaos run: `beval run`, killed; then resumes (chosen at random, see `next`), killed,
 * 1 to `maxKills` times in all; then a resume that runs to the end. Kill moments are drawn from the uninterrupted run's span,
 * half by time and half by output line, so kills land both between and right after logged side effects.
 */
export async function chaosRun(project: { dir: string; config: string }, seed: number, schedule: Schedule): Promise<ChaosOutcome> {
  const random = rng(seed);
  const { dir, config } = project;
  const steps: Step[] = [];
  // What is left of the run shrinks with every killed step: draw from what the killed steps have not covered yet, and
  // mostly after start-up (a kill while tsx loads is cheap but finds nothing).
  let msLeft = schedule.span.ms - schedule.span.startupMs;
  let linesLeft = schedule.span.lines;
  const drawKill = (): KillPlan => (random() < 0.5
    ? { ms: Math.round(schedule.span.startupMs * 0.8 + random() * Math.max(500, msLeft)) }
    : { line: 1 + Math.floor(random() * Math.max(10, linesLeft)) });
  // Killed steps resume with `run --resume`, `collect`, `collect --no-wait` (one poll; exit 75 while jobs run) or
  // `status` (polls and records what it saw); the last step is `run --resume` or `collect`, which finish the run.
  const next = (last: boolean): string[] => {
    const id = runsOf(dir).at(-1);
    if (id === undefined) return ['run', '--config', config];
    const r = random();
    if (r < 0.4 || (last && r < 0.7)) return ['run', '--resume', id, '--config', config];
    if (r < 0.7 || last) return ['collect', id, '--config', config];
    return r < 0.85 ? ['collect', id, '--no-wait', '--config', config] : ['status', id, '--config', config];
  };
  const kills = 1 + Math.floor(random() * schedule.maxKills);
  for (let k = 0; k < kills; k++) {
    const step = await bevalStep(dir, next(false), drawKill());
    steps.push(step);
    msLeft -= step.ms - step.firstLineMs;
    linesLeft -= step.lines;
  }
  const last = await bevalStep(dir, next(true));
  steps.push(last);
  const runs = runsOf(dir);
  if (runs.length !== 1) throw new Error(`seed ${seed}: expected one run in ${dir}, found ${runs.length}\n${trace(steps)}`);
  return { dir, config, runId: runs[0]!, steps };
}

/** Report files to compare, normalised for run id, times and paths. */
const REPORTS = ['summary.csv', 'records.csv', 'scores.csv', 'results.json'] as const;

export function reportsOf(dir: string, runId: string): Record<string, string> {
  const runDir = path.join(dir, 'reports', runId);
  const out: Record<string, string> = {};
  for (const f of REPORTS) out[f] = normalised(fs.readFileSync(path.join(runDir, f), 'utf8'), runId, dir);
  return out;
}

/** Job names with the run id replaced, sorted: the same set for every run of the same project shape. */
export function jobNames(jobs: { name: string }[], runId: string): string[] {
  return jobs.map((j) => j.name.replace(runId, '<run>')).sort();
}

/**
 * The invariants of a finished run, as a list of violations (empty when all hold):
 * one job per ledger shard and no other, none created twice (names and tokens unique), every job ended Completed,
 * the same job names as an uninterrupted run, every record of every model exactly one of ok/error/missing/not-run,
 * and the reports equal to the uninterrupted run's.
 */
export async function violations(emulator: StandaloneEmulator, outcome: ChaosOutcome, baseline: { names: string[]; reports: Record<string, string> }): Promise<string[]> {
  const { dir, runId } = outcome;
  const found: string[] = [];
  // A step that ended by itself succeeded (exit 75: `collect --no-wait` while jobs run).
  for (const [i, s] of outcome.steps.entries()) {
    if (s.signal === null && !(s.code === 0 || (s.code === 75 && s.args.includes('--no-wait')))) found.push(`step #${i} exited ${s.code}:\n${s.out.slice(-1500)}`);
  }
  const runDir = path.join(dir, 'reports', runId);
  const ledger: Ledger = readLedger(runDir);
  const jobs: RemoteJob[] = await emulator.jobs(runId);
  // Generation and judge jobs alike (ledger version 2 keeps judges in their own section).
  const shards = allShards(ledger);
  const dupes = (xs: string[]) => xs.filter((x, i) => xs.indexOf(x) !== i);
  if (dupes(jobs.map((j) => j.name)).length) found.push(`duplicate job names: ${dupes(jobs.map((j) => j.name)).join(', ')}`);
  if (dupes(jobs.map((j) => j.token)).length) found.push(`duplicate client request tokens: ${dupes(jobs.map((j) => j.token)).join(', ')}`);
  for (const { model, shard } of shards) {
    const job = jobs.find((j) => j.name === shard.jobName);
    if (!job) found.push(`${model.label} shard ${shard.index}: no job ${shard.jobName} on the emulator`);
    else if (job.arn !== shard.jobArn) found.push(`${model.label} shard ${shard.index}: ledger ARN ${shard.jobArn} but the job is ${job.arn}`);
    else if (job.token !== shard.clientRequestToken) found.push(`${model.label} shard ${shard.index}: ledger token differs from the job's`);
  }
  for (const j of jobs) {
    if (!shards.some(({ shard }) => shard.jobName === j.name)) found.push(`job ${j.name} (${j.modelId}) is in no ledger shard: created and forgotten`);
    if (j.status !== 'Completed') found.push(`job ${j.name} ended ${j.status}`);
  }
  const names = jobNames(jobs, runId);
  if (JSON.stringify(names) !== JSON.stringify(baseline.names)) found.push(`job names differ from an uninterrupted run's:\n  got      ${names.join(' ')}\n  expected ${baseline.names.join(' ')}`);
  if (ledger.phase !== 'collected') found.push(`ledger phase ${ledger.phase}, not collected`);
  if (fs.existsSync(path.join(runDir, 'run.lock'))) found.push('run.lock left behind by the finished command');
  const results = readResults(runDir);
  const keys = ledger.models.map((m) => m.key);
  const statuses = new Set(['ok', 'error', 'missing', 'not-run']);
  if (results.records.length !== ledger.suite.records) found.push(`results.json has ${results.records.length} records, the suite ${ledger.suite.records}`);
  for (const r of results.records) {
    for (const key of keys) if (!statuses.has(r.cells[key]?.status ?? '')) found.push(`${r.recordId} × ${key}: status ${r.cells[key]?.status}`);
  }
  for (const m of results.summary.perModel) {
    if (m.ok + m.errors + m.missing + m.notRun !== m.records) found.push(`${m.model.label}: ok+error+missing+not-run ≠ ${m.records}`);
  }
  const reports = reportsOf(dir, runId);
  for (const [file, text] of Object.entries(reports)) {
    if (text !== baseline.reports[file]) found.push(`${file} differs from an uninterrupted run's:\n${firstDiff(baseline.reports[file] ?? '', text)}`);
  }
  return found;
}

/** The first differing line of two texts, for a short failure message. */
export function firstDiff(expected: string, got: string): string {
  const a = expected.split('\n');
  const b = got.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `  line ${i + 1}\n  expected ${(a[i] ?? '<none>').slice(0, 600)}\n  got      ${(b[i] ?? '<none>').slice(0, 600)}`;
  }
  return '  (same lines)';
}
